// node:crypto's keys and signatures with keys made by Node 24 (below):
// createPrivateKey/createPublicKey from PEM and DER (PKCS#8, PKCS#1, SEC1,
// SPKI), their type, asymmetricKeyType and asymmetricKeyDetails, export;
// RSA PKCS#1 v1.5 signatures (deterministic: printed in hex) and ECDSA
// P-256/P-384 (random: signed here and verified across every key form, DER
// and IEEE P1363, and Node's own signatures verified); a JWT-style RS256
// and ES256 round trip as jsonwebtoken does it; and errors.
'use strict';
const crypto = require('crypto');
const { Buffer } = require('buffer');

function attempt(label, fn) {
  try {
    const r = fn();
    console.log(label, 'ok', Buffer.isBuffer(r) ? r.toString('hex') : r);
  } catch (e) {
    console.log(label, 'throws', e.name, e.code, JSON.stringify(e.message));
  }
}

const keys = {
  "rsaPkcs8": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCwSoJWiw+GxbCP\nABwkS0cUdUG419W8I+rlyZgCKIlGfagO026RStZ6aIrcIhX6K3Q51AqjH17c6HDT\nm5ypIlMzGD7/HjALMEspAtgO5kAokfS9XbJBmFqUubrs8unSZ5ZaE7EOZurpk8U7\nxD7GUZHeE23BFaKb85MvXeuzzg6RgVaKpH2Q+MS6d9ilrvzVq5dTdXiOC9DcVd54\neB4t/ILqPY/PWZmZi7XgFL/orcEPOuC9iYcWNAdB6Lff/IOmDvd7FfO1Qhg6d+gh\nM3cbdPSpPgJkM4HoDk82XPftXxP250eoIX7MF84YHR5RtErc0TZs+GA6Fbpj0owB\ntrP77nMtAgMBAAECggEAID8UzcdEiQq2s8WZoDLr1sxm/+xtAmvQfwVLypNHHu+D\nsuiOWEHH7x6Zzc/nVLonmZ9Vbcaid8aFwtM7Sf3HGbjE5y4KrDVCfkcwpbMMx88A\n5TWTEmgPo5ZAoLCDQDMl/6aL8740GJMo1/ia4fRQOf60TAYM1zlr8hVcNKjLpeYk\nqVYHVpDc/a0/TBHqiRtuYCF/19rdJub0ecgGBV4BnQ5mjX+IqLEEVRoOQhdwDxmr\ny6hZsRTPbR3zYubXRITllE97/f1x3TJgY7bNkkGV6eLJN6FLqmcT0hV1+AcGY9RG\nJLLvdm43TeTzMRzDw2mUk2IhDxseyzd5GrEwIJqCiQKBgQDWeH4fTEP56uDRCh58\nFOcZbnAeX0ZO8J6rmuZM4goblzs6VO5iLoNadpp5QvqnSMkF/wtZeCwfe0YsOk0J\n2nMk7Mw6iqnaKX8SAYK4MocRyYmwVVrKUv4qtOfITmyZCa33UgHZib3RfFGv+dXA\n1Zl+yrEiqAWnfYAQymux+Bnw9QKBgQDSbWrreii+ejp4xxu90qXY97Q4JqxqQkl7\n5R++H0FetiJOODitG1TfPBb2KXZBtruub5UiAcUd9fXmXJOepYjIQ3gKnYuejRU5\n6hW9HsBir1dm81BtfIVUV9ShtKIqUGuZs9reLccBSc/sqFNgMe5mam+BwKJu8Z0F\nF4VgE/42WQKBgQDBUt3FUpbXuYwrgiaWjLUALJeuGQ2kbKtqXneICB06X6kI3LQB\nFpJawhxegCy3DBoAaLUPUg7b1eAcT/VPk3VFbJpvjryqpcsgLPJrHUi5lOSjaV0s\nkYEAeA+SdHbZwGrrTCXUtJ/BLIHp0ZeHekMhko33gmOOZcdB22UWiGDB3QKBgCD3\n+7SBIzkUtWyO5Y3MHyfrR1U02facBB9hOqPzCa7pIl7W+CpHCfkf1QkkXd7V3nnq\nCZeWZ2fWTXyWLJrCnLejun8PR/zDZfv47QcAdmv/xNXgcU12IP2h9TKQtoeiqfke\n8L+2tGNDSUxu4wFDUXLCYk4V/F0dhdhyYvc2qrGhAoGAZpaEcfwwWZbkBzN54H4R\nJkDg8/R0Wb5oy3NHRqUJjsrIXZttn7EuwEgYNimhzXgUP28gLOcaXEpVCQl6ewcg\nBiTGwUKgW5gjv8CmhpxefWgOZ6HSRZPhdxbP1obcy1im7PYxkna8a8Of1kMWwL2Q\nLP7hISRzwQ1U08MpwD7XhYI=\n-----END PRIVATE KEY-----\n",
  "rsaPkcs1": "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsEqCVosPhsWwjwAcJEtHFHVBuNfVvCPq5cmYAiiJRn2oDtNu\nkUrWemiK3CIV+it0OdQKox9e3Ohw05ucqSJTMxg+/x4wCzBLKQLYDuZAKJH0vV2y\nQZhalLm67PLp0meWWhOxDmbq6ZPFO8Q+xlGR3hNtwRWim/OTL13rs84OkYFWiqR9\nkPjEunfYpa781auXU3V4jgvQ3FXeeHgeLfyC6j2Pz1mZmYu14BS/6K3BDzrgvYmH\nFjQHQei33/yDpg73exXztUIYOnfoITN3G3T0qT4CZDOB6A5PNlz37V8T9udHqCF+\nzBfOGB0eUbRK3NE2bPhgOhW6Y9KMAbaz++5zLQIDAQABAoIBACA/FM3HRIkKtrPF\nmaAy69bMZv/sbQJr0H8FS8qTRx7vg7LojlhBx+8emc3P51S6J5mfVW3GonfGhcLT\nO0n9xxm4xOcuCqw1Qn5HMKWzDMfPAOU1kxJoD6OWQKCwg0AzJf+mi/O+NBiTKNf4\nmuH0UDn+tEwGDNc5a/IVXDSoy6XmJKlWB1aQ3P2tP0wR6okbbmAhf9fa3Sbm9HnI\nBgVeAZ0OZo1/iKixBFUaDkIXcA8Zq8uoWbEUz20d82Lm10SE5ZRPe/39cd0yYGO2\nzZJBleniyTehS6pnE9IVdfgHBmPURiSy73ZuN03k8zEcw8NplJNiIQ8bHss3eRqx\nMCCagokCgYEA1nh+H0xD+erg0QoefBTnGW5wHl9GTvCeq5rmTOIKG5c7OlTuYi6D\nWnaaeUL6p0jJBf8LWXgsH3tGLDpNCdpzJOzMOoqp2il/EgGCuDKHEcmJsFVaylL+\nKrTnyE5smQmt91IB2Ym90XxRr/nVwNWZfsqxIqgFp32AEMprsfgZ8PUCgYEA0m1q\n63oovno6eMcbvdKl2Pe0OCasakJJe+Ufvh9BXrYiTjg4rRtU3zwW9il2Qba7rm+V\nIgHFHfX15lyTnqWIyEN4Cp2Lno0VOeoVvR7AYq9XZvNQbXyFVFfUobSiKlBrmbPa\n3i3HAUnP7KhTYDHuZmpvgcCibvGdBReFYBP+NlkCgYEAwVLdxVKW17mMK4Imloy1\nACyXrhkNpGyral53iAgdOl+pCNy0ARaSWsIcXoAstwwaAGi1D1IO29XgHE/1T5N1\nRWyab468qqXLICzyax1IuZTko2ldLJGBAHgPknR22cBq60wl1LSfwSyB6dGXh3pD\nIZKN94JjjmXHQdtlFohgwd0CgYAg9/u0gSM5FLVsjuWNzB8n60dVNNn2nAQfYTqj\n8wmu6SJe1vgqRwn5H9UJJF3e1d556gmXlmdn1k18liyawpy3o7p/D0f8w2X7+O0H\nAHZr/8TV4HFNdiD9ofUykLaHoqn5HvC/trRjQ0lMbuMBQ1FywmJOFfxdHYXYcmL3\nNqqxoQKBgGaWhHH8MFmW5AczeeB+ESZA4PP0dFm+aMtzR0alCY7KyF2bbZ+xLsBI\nGDYpoc14FD9vICznGlxKVQkJensHIAYkxsFCoFuYI7/ApoacXn1oDmeh0kWT4XcW\nz9aG3MtYpuz2MZJ2vGvDn9ZDFsC9kCz+4SEkc8ENVNPDKcA+14WC\n-----END RSA PRIVATE KEY-----\n",
  "rsaSpki": "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsEqCVosPhsWwjwAcJEtH\nFHVBuNfVvCPq5cmYAiiJRn2oDtNukUrWemiK3CIV+it0OdQKox9e3Ohw05ucqSJT\nMxg+/x4wCzBLKQLYDuZAKJH0vV2yQZhalLm67PLp0meWWhOxDmbq6ZPFO8Q+xlGR\n3hNtwRWim/OTL13rs84OkYFWiqR9kPjEunfYpa781auXU3V4jgvQ3FXeeHgeLfyC\n6j2Pz1mZmYu14BS/6K3BDzrgvYmHFjQHQei33/yDpg73exXztUIYOnfoITN3G3T0\nqT4CZDOB6A5PNlz37V8T9udHqCF+zBfOGB0eUbRK3NE2bPhgOhW6Y9KMAbaz++5z\nLQIDAQAB\n-----END PUBLIC KEY-----\n",
  "rsaPkcs1Public": "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAsEqCVosPhsWwjwAcJEtHFHVBuNfVvCPq5cmYAiiJRn2oDtNukUrW\nemiK3CIV+it0OdQKox9e3Ohw05ucqSJTMxg+/x4wCzBLKQLYDuZAKJH0vV2yQZha\nlLm67PLp0meWWhOxDmbq6ZPFO8Q+xlGR3hNtwRWim/OTL13rs84OkYFWiqR9kPjE\nunfYpa781auXU3V4jgvQ3FXeeHgeLfyC6j2Pz1mZmYu14BS/6K3BDzrgvYmHFjQH\nQei33/yDpg73exXztUIYOnfoITN3G3T0qT4CZDOB6A5PNlz37V8T9udHqCF+zBfO\nGB0eUbRK3NE2bPhgOhW6Y9KMAbaz++5zLQIDAQAB\n-----END RSA PUBLIC KEY-----\n",
  "ecPkcs8": "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0V38V6+wwOKoz2LR\nZY5thOdSbq6yhTojHlWWs5Y/yI2hRANCAAQGZtcOMFO68+ee6L3IMoxRM3s/6Sr+\nqaJyBN624CwqTeenkbM07rvJaO2YpuqMnwLu8ujCKfgqDicEL5O15IIw\n-----END PRIVATE KEY-----\n",
  "ecSec1": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEINFd/FevsMDiqM9i0WWObYTnUm6usoU6Ix5VlrOWP8iNoAoGCCqGSM49\nAwEHoUQDQgAEBmbXDjBTuvPnnui9yDKMUTN7P+kq/qmicgTetuAsKk3np5GzNO67\nyWjtmKbqjJ8C7vLowin4Kg4nBC+TteSCMA==\n-----END EC PRIVATE KEY-----\n",
  "ecSpki": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBmbXDjBTuvPnnui9yDKMUTN7P+kq\n/qmicgTetuAsKk3np5GzNO67yWjtmKbqjJ8C7vLowin4Kg4nBC+TteSCMA==\n-----END PUBLIC KEY-----\n",
  "p384Pkcs8": "-----BEGIN PRIVATE KEY-----\nMIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDCz+nr8u1kqSOYWRi/N\nC829dET3sexAHPPIDkQGs4XinCfH+amV3v0rC8pIlWNPFCuhZANiAAQik6r4xL3j\nKvVaTpKtuIHbQ46lKXQ0Fd2/Y4VZXBMLzFuInKtYQWb1pHmnCpenzZwCeRyZPjB0\nk0wjuagCSMd1M9R9Jzu7r4a+I1KHINgpD+i9qo94U3OJeZ9rOJW8KP8=\n-----END PRIVATE KEY-----\n",
  "p384Spki": "-----BEGIN PUBLIC KEY-----\nMHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEIpOq+MS94yr1Wk6SrbiB20OOpSl0NBXd\nv2OFWVwTC8xbiJyrWEFm9aR5pwqXp82cAnkcmT4wdJNMI7moAkjHdTPUfSc7u6+G\nviNShyDYKQ/ovaqPeFNziXmfaziVvCj/\n-----END PUBLIC KEY-----\n",
  "ecSig": "3046022100b7d1212f489834fc4d9669ef567417e6bd429d2adcdcd8184dcdde9ea38aea5602210097b46a979137543895a7404a977ac18d91f59854640b1d836a534a7049090f1d",
  "ecSigP1363": "c82d61de2fa2a629668a5af7d231212fc6b661f250a659e24cd27afff7b74d2e6bf9e2a9ef9d9ff2d62321e613c74f8f34fef5ad51e22db7e238ac5631393a6d",
  "p384Sig": "306402300b6ec61485d274a2363edef25000a681b2c2a1be847a5227ecc9dc46d4c9e2785542739073fb2f38c0fab863bab8d34a023031e30080c9a90e66630b68a6f7841d7b176ff750c8388a4291174a908b359d342d79bf6e0c3615d5e87ea29fd2aac18e"
};

const der = (pem) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
const data = Buffer.from('The quick brown fox jumps over the lazy dog');

console.log('--- key objects');
const rsaForms = {
  pkcs8: crypto.createPrivateKey(keys.rsaPkcs8),
  pkcs1: crypto.createPrivateKey(keys.rsaPkcs1),
  pkcs8Der: crypto.createPrivateKey({ key: der(keys.rsaPkcs8), format: 'der', type: 'pkcs8' }),
  pkcs1Der: crypto.createPrivateKey({ key: der(keys.rsaPkcs1), format: 'der', type: 'pkcs1' }),
  buffer: crypto.createPrivateKey(Buffer.from(keys.rsaPkcs8)),
};
const rsaPublic = {
  spki: crypto.createPublicKey(keys.rsaSpki),
  pkcs1: crypto.createPublicKey(keys.rsaPkcs1Public),
  spkiDer: crypto.createPublicKey({ key: der(keys.rsaSpki), format: 'der', type: 'spki' }),
  fromPrivatePem: crypto.createPublicKey(keys.rsaPkcs8),
  fromPrivateKey: crypto.createPublicKey(rsaForms.pkcs1),
};
const ecForms = {
  pkcs8: crypto.createPrivateKey(keys.ecPkcs8),
  sec1: crypto.createPrivateKey(keys.ecSec1),
  sec1Der: crypto.createPrivateKey({ key: der(keys.ecSec1), format: 'der', type: 'sec1' }),
};
const ecPublic = {
  spki: crypto.createPublicKey(keys.ecSpki),
  spkiDer: crypto.createPublicKey({ key: der(keys.ecSpki), format: 'der', type: 'spki' }),
  fromSec1: crypto.createPublicKey(keys.ecSec1),
  fromPrivateKey: crypto.createPublicKey(ecForms.pkcs8),
};
const p384 = { private: crypto.createPrivateKey(keys.p384Pkcs8), public: crypto.createPublicKey(keys.p384Spki) };
for (const [group, forms] of Object.entries({ rsaForms, rsaPublic, ecForms, ecPublic, p384 })) {
  for (const [name, k] of Object.entries(forms)) {
    console.log(group, name, k instanceof crypto.KeyObject, k.type, k.asymmetricKeyType, k.asymmetricKeyDetails, k.symmetricKeySize);
  }
}
console.log('spki export', rsaPublic.pkcs1.export({ type: 'spki', format: 'pem' }) === keys.rsaSpki,
  ecPublic.fromSec1.export({ type: 'spki', format: 'pem' }) === keys.ecSpki,
  ecPublic.fromPrivateKey.export({ type: 'spki', format: 'der' }).equals(der(keys.ecSpki)),
  rsaPublic.spki.export({ type: 'pkcs1', format: 'pem' }) === keys.rsaPkcs1Public);
console.log('private export', rsaForms.pkcs8.export({ type: 'pkcs8', format: 'pem' }) === keys.rsaPkcs8,
  ecForms.sec1.export({ type: 'sec1', format: 'pem' }) === keys.ecSec1);
console.log('equals', rsaPublic.spki.equals(rsaPublic.fromPrivateKey), rsaPublic.spki.equals(ecPublic.spki));
const secret = crypto.createSecretKey(Buffer.from('0123456789abcdef'));
console.log('secret', secret.type, secret.symmetricKeySize, secret.asymmetricKeyType, secret.export().toString(),
  crypto.createSecretKey('aGk=', 'base64').export().toString());

console.log('--- RSA PKCS#1 v1.5');
for (const digest of ['sha256', 'RSA-SHA384', 'sha512']) {
  const sigs = Object.entries(rsaForms).map(([name, k]) => [name, crypto.createSign(digest).update(data).sign(k, 'hex')]);
  console.log(digest, sigs[0][1], sigs.every(([, s]) => s === sigs[0][1]));
  for (const [name, k] of Object.entries(rsaPublic)) {
    console.log(' verify', name, crypto.createVerify(digest).update(data).verify(k, sigs[0][1], 'hex'),
      crypto.verify(digest, data, k, Buffer.from(sigs[0][1], 'hex')),
      crypto.verify(digest, Buffer.from('other'), k, Buffer.from(sigs[0][1], 'hex')));
  }
}
console.log('one-shot', crypto.sign('sha256', data, rsaForms.pkcs1).toString('base64'));
console.log('pem string key', crypto.createSign('sha256').update('a').update('b').sign(keys.rsaPkcs1, 'base64'));
console.log('verify with private', crypto.createVerify('sha256').update('ab').verify(keys.rsaPkcs8,
  crypto.createSign('sha256').update('ab').sign(keys.rsaPkcs8)));

console.log('--- ECDSA');
for (const [name, k] of Object.entries(ecForms)) {
  const sigDer = crypto.createSign('sha256').update(data).sign(k);
  const sigP1363 = crypto.sign('sha256', data, { key: k, dsaEncoding: 'ieee-p1363' });
  console.log(name, sigDer[0] === 0x30, sigP1363.length);
  for (const [pname, p] of Object.entries(ecPublic)) {
    console.log(' verify', pname, crypto.createVerify('sha256').update(data).verify(p, sigDer),
      crypto.verify('sha256', data, { key: p, dsaEncoding: 'ieee-p1363' }, sigP1363),
      crypto.verify('sha256', data, p, sigP1363),
      crypto.verify('sha256', Buffer.from('other'), p, sigDer));
  }
}
const made = Buffer.from('made by node');
console.log('node signatures', crypto.verify('sha256', made, ecPublic.spki, Buffer.from(keys.ecSig, 'hex')),
  crypto.verify('sha256', made, { key: keys.ecSpki, dsaEncoding: 'ieee-p1363' }, Buffer.from(keys.ecSigP1363, 'hex')),
  crypto.verify('sha384', made, p384.public, Buffer.from(keys.p384Sig, 'hex')),
  crypto.verify('sha256', made, rsaPublic.spki, Buffer.from(keys.ecSig, 'hex')));
{
  const s = crypto.sign('sha384', data, p384.private);
  console.log('p384', crypto.verify('sha384', data, p384.public, s), crypto.verify('sha384', data, ecPublic.spki, s));
}

console.log('--- JWT round trip (as jsonwebtoken/jwa)');
const b64url = (b) => Buffer.from(b).toString('base64url');
function jwt(alg, key) {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: 'nabi', iat: 1700000000 }))}`;
  let sig = crypto.createSign('RSA-SHA256').update(input).sign(key, 'base64');
  if (alg === 'ES256') sig = crypto.sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
  return `${input}.${Buffer.from(sig, 'base64').toString('base64url')}`;
}
function jwtVerify(token, key) {
  const [h, p, s] = token.split('.');
  const alg = JSON.parse(Buffer.from(h, 'base64url')).alg;
  const sig = Buffer.from(s, 'base64url');
  const ok = alg === 'ES256'
    ? crypto.verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, sig)
    : crypto.createVerify('RSA-SHA256').update(`${h}.${p}`).verify(key, sig);
  return `${alg} ${ok} ${JSON.parse(Buffer.from(p, 'base64url')).sub}`;
}
const rs = jwt('RS256', crypto.createPrivateKey(keys.rsaPkcs8));
console.log(rs, jwtVerify(rs, crypto.createPublicKey(keys.rsaSpki)), jwtVerify(rs, keys.rsaSpki));
const es = jwt('ES256', crypto.createPrivateKey(keys.ecPkcs8));
console.log(es.split('.').length, jwtVerify(es, crypto.createPublicKey(keys.ecSpki)), jwtVerify(es, keys.ecSpki),
  jwtVerify(`${es.slice(0, -4)}AAAA`, keys.ecSpki));

console.log('--- errors');
attempt('private garbage', () => crypto.createPrivateKey('garbage'));
attempt('public garbage', () => crypto.createPublicKey('garbage'));
attempt('private a number', () => crypto.createPrivateKey(5));
attempt('sign garbage key', () => crypto.createSign('sha256').update('a').sign('garbage'));
attempt('sign with public', () => crypto.createSign('sha256').update('a').sign(rsaPublic.spki));
attempt('sign with secret', () => crypto.sign('sha256', data, secret));
attempt('public of public', () => crypto.createPublicKey(rsaPublic.spki));
attempt('unknown digest', () => crypto.createSign('nope'));
attempt('new KeyObject', () => new crypto.KeyObject());
attempt('bad dsaEncoding', () => crypto.sign('sha256', data, { key: ecForms.pkcs8, dsaEncoding: 'raw' }));
attempt('verify one-shot data type', () => crypto.verify('sha256', 'a', rsaPublic.spki, Buffer.alloc(1)));
attempt('truncated signature', () => crypto.verify('sha256', data, rsaPublic.spki, Buffer.alloc(10)));

console.log('--- secret keys in HMAC');
console.log(crypto.createHmac('sha256', secret).update(data).digest('hex'),
  crypto.createHmac('sha256', crypto.createSecretKey('secret', 'utf8')).update('x').digest('base64url'));
attempt('hmac with a public key', () => crypto.createHmac('sha256', ecPublic.spki));

console.log('--- RSA-PSS (salt as long as the digest, as jwa PS256 signs)');
for (const digest of ['sha256', 'sha384', 'sha512']) {
  const pss = { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST };
  const s = crypto.createSign(digest).update(data).sign({ key: rsaForms.pkcs8, ...pss });
  console.log(digest, s.length,
    crypto.createVerify(digest).update(data).verify({ key: rsaPublic.spki, ...pss }, s),
    crypto.verify(digest, data, { key: keys.rsaSpki, ...pss }, s),
    crypto.verify(digest, Buffer.from('other'), { key: rsaPublic.pkcs1, ...pss }, s),
    crypto.verify(digest, data, rsaPublic.spki, s));
}

console.log('--- EC re-encoding');
console.log(ecForms.sec1.export({ type: 'pkcs8', format: 'pem' }) === keys.ecPkcs8,
  ecForms.pkcs8.export({ type: 'sec1', format: 'pem' }) === keys.ecSec1,
  p384.private.export({ type: 'sec1', format: 'der' }).equals(crypto.createPrivateKey(p384.private.export({ type: 'sec1', format: 'pem' })).export({ type: 'sec1', format: 'der' })));

console.log('--- Ed25519');
{
  const edPkcs8 = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKV5Qbp2BK3fAA33Qd64kQbStzNzMv7y2SFPE/3zLJVa\n-----END PRIVATE KEY-----\n';
  const priv = crypto.createPrivateKey(edPkcs8);
  const pub = crypto.createPublicKey(priv);
  console.log(priv.asymmetricKeyType, priv.asymmetricKeyDetails, pub.type, pub.export({ type: 'spki', format: 'der' }).toString('hex'));
  const s = crypto.sign(null, data, priv);
  console.log('signature', s.toString('hex'));
  console.log(crypto.verify(null, data, pub, s), crypto.verify(undefined, data, pub.export({ type: 'spki', format: 'pem' }), s),
    crypto.verify(null, Buffer.from('x'), pub, s));
  attempt('ed25519 with a digest', () => crypto.sign('sha256', data, priv));
  attempt('ed25519 via createSign', () => crypto.createSign('sha256').update(data).sign(priv));
}

console.log('--- generateKeyPair');
for (const [type, opts] of [['ec', { namedCurve: 'P-256' }], ['ec', { namedCurve: 'secp384r1' }], ['ed25519', undefined]]) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync(type, opts);
  const digest = type === 'ed25519' ? null : opts.namedCurve === 'P-256' ? 'sha256' : 'sha384';
  const s = crypto.sign(digest, data, privateKey);
  console.log(type, privateKey.type, publicKey.type, privateKey.asymmetricKeyType, publicKey.asymmetricKeyDetails,
    crypto.verify(digest, data, publicKey, s));
  const pems = crypto.generateKeyPairSync(type, { ...opts, publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: type === 'ec' ? 'sec1' : 'pkcs8', format: 'pem' } });
  console.log(' pem', typeof pems.publicKey, pems.publicKey.split('\n')[0], pems.privateKey.split('\n')[0],
    crypto.verify(digest, data, pems.publicKey, crypto.sign(digest, data, pems.privateKey)));
  const ders = crypto.generateKeyPairSync(type, { ...opts, publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' } });
  console.log(' der', Buffer.isBuffer(ders.publicKey), crypto.createPrivateKey({ key: ders.privateKey, format: 'der', type: 'pkcs8' }).asymmetricKeyType);
}
attempt('unknown curve', () => crypto.generateKeyPairSync('ec', { namedCurve: 'nope' }));
attempt('no curve', () => crypto.generateKeyPairSync('ec', {}));
attempt('unknown type', () => crypto.generateKeyPairSync('dsa2', {}));
attempt('encoding without format', () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki' } }));
crypto.generateKeyPair('ec', { namedCurve: 'P-256' }, (err, publicKey, privateKey) => {
  console.log('generateKeyPair', err, publicKey.type, privateKey.type,
    crypto.verify('sha256', data, publicKey, crypto.sign('sha256', data, privateKey)));
  // The streams next, after this callback (their order is then fixed).
  setImmediate(signStreams);
});

console.log('--- JWK');
{
  const edPriv = crypto.createPrivateKey('-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKV5Qbp2BK3fAA33Qd64kQbStzNzMv7y2SFPE/3zLJVa\n-----END PRIVATE KEY-----\n');
  const cases = { rsa: [rsaForms.pkcs1, rsaPublic.spki], ec: [ecForms.sec1, ecPublic.spki], p384: [p384.private, p384.public],
    ed25519: [edPriv, crypto.createPublicKey(edPriv)] };
  for (const [name, [priv, pub]] of Object.entries(cases)) {
    const privJwk = priv.export({ format: 'jwk' });
    const pubJwk = pub.export({ format: 'jwk' });
    console.log(name, JSON.stringify(pubJwk), Object.keys(privJwk).join(','), privJwk.d.length);
    const priv2 = crypto.createPrivateKey({ key: privJwk, format: 'jwk' });
    const pub2 = crypto.createPublicKey({ key: pubJwk, format: 'jwk' });
    const pub3 = crypto.createPublicKey({ key: privJwk, format: 'jwk' });
    const digest = name === 'ed25519' ? null : name === 'p384' ? 'sha384' : 'sha256';
    const s = crypto.sign(digest, data, priv2);
    console.log(' round trip', priv2.type, pub2.equals(pub), pub3.equals(pub), JSON.stringify(priv2.export({ format: 'jwk' })) === JSON.stringify(privJwk),
      crypto.verify(digest, data, pub, s), crypto.verify(digest, data, pub2, crypto.sign(digest, data, priv)));
  }
  console.log(JSON.stringify(secret.export({ format: 'jwk' })));
}
attempt('jwk unknown curve', () => crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-999', x: 'a', y: 'b' }, format: 'jwk' }));
attempt('jwk unknown kty', () => crypto.createPublicKey({ key: { kty: 'XX' }, format: 'jwk' }));
attempt('jwk a string', () => crypto.createPublicKey({ key: 'str', format: 'jwk' }));

function signStreams() {
  console.log('--- Sign and Verify as Writable streams');
  const signer = crypto.createSign('sha256');
  console.log(signer instanceof require('stream').Writable);
  signer.write('The quick brown fox ');
  signer.end('jumps over the lazy dog', () => {
    const s = signer.sign(rsaForms.pkcs8, 'hex');
    console.log('streamed signature', s === crypto.sign('sha256', data, rsaForms.pkcs8).toString('hex'));
    const verifier = crypto.createVerify('sha256');
    verifier.write(data);
    verifier.end(() => console.log('streamed verify', verifier.verify(rsaPublic.spki, s, 'hex')));
  });
}

console.log('--- secret KeyObjects in ciphers and HKDF');
{
  const key = crypto.createSecretKey(Buffer.alloc(16, 7));
  const c = crypto.createCipheriv('aes-128-gcm', key, Buffer.alloc(12, 1));
  console.log(Buffer.concat([c.update('secret'), c.final()]).toString('hex'), c.getAuthTag().toString('hex'));
  console.log(Buffer.from(crypto.hkdfSync('sha256', key, 'salt', 'info', 16)).toString('hex'));
  attempt('cipher with a public key', () => crypto.createCipheriv('aes-128-cbc', rsaPublic.spki, Buffer.alloc(16)));
}
