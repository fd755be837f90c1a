// node:tls: TLSSocket, Server, connect, createSecureContext over rustls
// (binding.tls, mod.rs). A TLSSocket is a net.Socket whose bytes go
// through a rustls session on the native side: it wraps the socket that
// carries the records (a net.Socket it made, or the one given), feeds the
// records it reads to the session, and writes what the session returns.
// Certificate checks follow Node: the chain's verdict comes from the
// session (OpenSSL's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT), then
// checkServerIdentity, then rejectUnauthorized decides.
'use strict';

const net = internals.requireBuiltin('net');
const { Buffer } = internals.requireBuiltin('buffer');
const { codeError, invalidArgType, stubs, validateFunction } = internals.errors;
const native = internals.binding.tls;

const DEFAULT_MIN_VERSION = 'TLSv1.2';
const DEFAULT_MAX_VERSION = 'TLSv1.3';

// OpenSSL's texts for the verification codes (X509_verify_cert_error_string).
const VERIFY_TEXT = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
  CERT_REVOKED: 'certificate revoked',
  INVALID_PURPOSE: 'unsupported certificate purpose',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'unable to decode issuer public key',
  CERT_REJECTED: 'certificate rejected',
};
// Node 24 adds a hint to the codes a locally installed root would fix.
const SYSTEM_CA_HINT = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function verifyError(code) {
  let message = VERIFY_TEXT[code] || code;
  if (SYSTEM_CA_HINT.has(code)) message += '; if the root CA is installed locally, try running Node.js with --use-system-ca';
  const e = new Error(message);
  e.code = code;
  return e;
}

// OpenSSL's error numbers for the reasons rustls' errors map to.
const SSL_REASONS = {
  'no application protocol': '0A0000EB', 'wrong version number': '0A00010B', 'http request': '0A00009C',
  'unsupported protocol': '0A000102', 'no shared cipher': '0A0000C1', 'certificate verify failed': '0A000086',
  'peer did not return a certificate': '0A0000C7', 'tlsv13 alert certificate required': '0A00045C',
};

function sslError(code, message) {
  const reason = message.replace(/^SSL routines::/, '');
  const number = SSL_REASONS[reason] || (reason.startsWith('tlsv1') ? '0A000410' : '0A000000');
  const e = new Error(`error:${number}:${message}`);
  e.library = 'SSL routines';
  e.reason = reason;
  e.code = code;
  return e;
}

// ---- secure contexts ---------------------------------------------------------------

function pemList(value, name) {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => {
    if (typeof v === 'string') return Buffer.from(v);
    if (v && typeof v === 'object' && typeof v.pem !== 'undefined') return pemList(v.pem, name)[0];
    if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    const label = Array.isArray(value) ? `${name}[${i}]` : name;
    throw invalidArgType(label, 'of type string or an instance of Buffer, TypedArray, or DataView', v);
  });
}

// TLS versions as Node names them; rustls has 1.2 and 1.3 only, so an
// older minimum means 1.2.
const VERSIONS = { TLSv1: 2, 'TLSv1.1': 2, 'TLSv1.2': 2, 'TLSv1.3': 3 };

function tlsVersion(value, which, fallback) {
  if (value === undefined || value === null) return VERSIONS[fallback];
  if (typeof value !== 'string') throw invalidArgType(`options.${which}Version`, 'of type string', value);
  if (!(value in VERSIONS)) {
    throw codeError(TypeError, 'ERR_TLS_INVALID_PROTOCOL_VERSION', `"${value}" is not a valid ${which === 'min' ? 'minimum' : 'maximum'} TLS protocol version`);
  }
  return VERSIONS[value];
}

function SecureContext(options = {}) {
  if (!(this instanceof SecureContext)) return new SecureContext(options);
  const ca = options.ca === undefined || options.ca === null ? null : pemList(options.ca, 'options.ca');
  const min = tlsVersion(options.minVersion, 'min', module.exports.DEFAULT_MIN_VERSION);
  const max = tlsVersion(options.maxVersion, 'max', module.exports.DEFAULT_MAX_VERSION);
  this.context = native.context({
    key: pemList(options.key, 'options.key'),
    cert: pemList(options.cert, 'options.cert'),
    ca,
    extra: ca ? null : extraCerts(),
    min,
    max,
  });
}

// NODE_EXTRA_CA_CERTS: a PEM file whose certificates are trusted besides
// the bundled roots (read once, on first use; Node reads it at start-up).
let extra = null;
function extraCerts() {
  if (extra) return extra;
  extra = [];
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return extra;
  try {
    const text = internals.requireBuiltin('fs').readFileSync(file, 'latin1');
    extra = pemCerts(text).map((der) => `${toPem(der)}\n`);
  } catch (e) {
    process.stderr.write(`Warning: Ignoring extra certs from \`${file}\`, load failed: ${e.message}\n`);
  }
  return extra;
}

function toPem(der) {
  const b64 = Buffer.from(der).toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----`;
}

// tls.getCACertificates(type): the bundled roots, NODE_EXTRA_CA_CERTS'
// certificates, or both ('default'). The system store is not read.
function getCACertificates(type = 'default') {
  if (typeof type !== 'string') throw invalidArgType('type', 'of type string', type);
  switch (type) {
    case 'default': return [...module.exports.rootCertificates, ...extraCerts()];
    case 'bundled': return module.exports.rootCertificates;
    case 'extra': return [...extraCerts()];
    case 'system':
      throw codeError(Error, 'ERR_NOT_IMPLEMENTED', "tls.getCACertificates('system') is not implemented in nabi");
    default:
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'type' is invalid. Received '${type}'`);
  }
}

function createSecureContext(options) {
  if (options === undefined) options = {};
  else if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  return new SecureContext(options);
}

// ALPNProtocols as Node takes them: an array of strings or Buffers, or a
// Buffer in the wire format (length-prefixed names).
function alpnList(protocols) {
  if (protocols === undefined || protocols === null) return [];
  if (Array.isArray(protocols)) return protocols.map((p) => `${typeof p === 'string' ? p : Buffer.from(p).toString('latin1')}`);
  if (ArrayBuffer.isView(protocols)) {
    const b = Buffer.from(protocols.buffer, protocols.byteOffset, protocols.byteLength);
    const out = [];
    for (let i = 0; i < b.length;) {
      const n = b[i];
      out.push(b.toString('latin1', i + 1, i + 1 + n));
      i += 1 + n;
    }
    return out;
  }
  throw invalidArgType('options.ALPNProtocols', 'an instance of Array, Buffer, TypedArray, or DataView', protocols);
}

function convertALPNProtocols(protocols, out) {
  const list = alpnList(protocols);
  const parts = [];
  for (const p of list) {
    const b = Buffer.from(p);
    if (b.length > 255) throw codeError(RangeError, 'ERR_OUT_OF_RANGE', `The byte length of the protocol at index 0 exceeds the maximum length. It must be <= 255. Received ${b.length}`);
    parts.push(Buffer.from([b.length]), b);
  }
  out.ALPNProtocols = Buffer.concat(parts);
}

// ---- certificates as objects --------------------------------------------------------

function nameObject(pairs) {
  const o = { __proto__: null };
  for (let i = 0; i < pairs.length; i += 2) {
    const k = pairs[i];
    const v = pairs[i + 1];
    if (k in o) o[k] = Array.isArray(o[k]) ? [...o[k], v] : [o[k], v];
    else o[k] = v;
  }
  return o;
}

function sameName(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// The DER certificates of PEM text(s).
function pemCerts(value) {
  const out = [];
  for (const pem of pemList(value, 'ca')) {
    const re = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g;
    let m;
    while ((m = re.exec(pem.toString('latin1')))) out.push(Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
  }
  return out;
}

// The certificate of `ca` whose subject is `issuer`, as an object.
function trustedIssuer(ca, issuer) {
  if (!ca) return null;
  for (const der of pemCerts(ca)) {
    const c = certObject(der);
    if (sameName(c.subject, issuer)) return c;
  }
  return null;
}

function certObject(der) {
  const f = native.x509(der);
  const raw = Buffer.from(der);
  const crypto = internals.requireBuiltin('crypto');
  const colons = (alg) => crypto.createHash(alg).update(raw).digest('hex').toUpperCase().match(/../g).join(':');
  const cert = {
    subject: nameObject(f.subject),
    issuer: nameObject(f.issuer),
  };
  if (f.subjectaltname !== undefined) cert.subjectaltname = f.subjectaltname;
  cert.ca = f.ca;
  cert.valid_from = f.valid_from;
  cert.valid_to = f.valid_to;
  cert.fingerprint = colons('sha1');
  cert.fingerprint256 = colons('sha256');
  cert.fingerprint512 = colons('sha512');
  cert.serialNumber = f.serialNumber;
  cert.raw = raw;
  return cert;
}

// ---- checkServerIdentity ------------------------------------------------------------

function splitHost(host) {
  return `${host}`.replace(/\.$/, '').toLowerCase().split('.');
}

// Does `pattern` (a name from the certificate) cover the host? A `*` only
// in the first label, not next to an IDN label, with two more labels.
function nameMatches(hostParts, pattern, wildcards) {
  if (!pattern) return false;
  const parts = splitHost(pattern);
  if (parts.length !== hostParts.length || parts.includes('')) return false;
  if (parts.some((p) => /[^\u0021-\u007F]/u.test(p))) return false;
  for (let i = hostParts.length - 1; i > 0; i--) if (hostParts[i] !== parts[i]) return false;
  const host = hostParts[0];
  const first = parts[0];
  const pieces = first.split('*', 3);
  if (pieces.length === 1 || first.includes('xn--')) return host === first;
  if (!wildcards || pieces.length > 2 || parts.length <= 2) return false;
  const [prefix, suffix] = pieces;
  return prefix.length + suffix.length <= host.length && host.startsWith(prefix) && host.endsWith(suffix);
}

function canonicalIP(ip) {
  if (net.isIPv4(ip)) return ip;
  // Expand and print in OpenSSL's form (upper-case groups, no zero run).
  let [head, tail] = ip.split('::');
  const groups = (s) => (s ? s.split(':') : []);
  let h = groups(head);
  let t = tail === undefined ? [] : groups(tail);
  const fix = (g) => {
    if (g.includes('.')) {
      const b = g.split('.').map(Number);
      return [((b[0] << 8) | b[1]).toString(16), ((b[2] << 8) | b[3]).toString(16)];
    }
    return [g];
  };
  h = h.flatMap(fix);
  t = t.flatMap(fix);
  const all = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t];
  return all.map((g) => parseInt(g, 16).toString(16).toUpperCase()).join(':');
}

function checkServerIdentity(hostname, cert) {
  const subject = cert.subject;
  const altNames = cert.subjectaltname;
  const dnsNames = [];
  const ips = [];
  hostname = `${hostname}`;
  if (altNames) {
    for (const name of altNames.split(', ')) {
      if (name.startsWith('DNS:')) dnsNames.push(name.slice(4));
      else if (name.startsWith('IP Address:')) ips.push(canonicalIP(name.slice(11)));
    }
  }
  let valid = false;
  let reason = 'Unknown reason';
  if (net.isIP(hostname)) {
    valid = ips.includes(canonicalIP(hostname));
    if (!valid) reason = `IP: ${hostname} is not in the cert's list: ${ips.join(', ')}`;
  } else if (dnsNames.length > 0 || (subject && subject.CN)) {
    const hostParts = splitHost(hostname);
    if (dnsNames.length > 0) {
      valid = dnsNames.some((p) => nameMatches(hostParts, p, true));
      if (!valid) reason = `Host: ${hostname}. is not in the cert's altnames: ${altNames}`;
    } else {
      const cn = subject.CN;
      valid = Array.isArray(cn) ? cn.some((c) => nameMatches(hostParts, c, false)) : nameMatches(hostParts, cn, false);
      if (!valid) reason = `Host: ${hostname}. is not cert's CN: ${cn}`;
    }
  } else {
    reason = 'Cert does not contain a DNS name';
  }
  if (valid) return undefined;
  const e = new Error(`Hostname/IP does not match certificate's altnames: ${reason}`);
  e.code = 'ERR_TLS_CERT_ALTNAME_INVALID';
  e.reason = reason;
  e.host = hostname;
  e.cert = cert;
  return e;
}

// ---- TLSSocket -------------------------------------------------------------------

const kRaw = Symbol('kRaw');
const kSession = Symbol('kSession');
const kPending = Symbol('kPending');
const kOptions = Symbol('kOptions');
const kEnding = Symbol('kEnding');
const kPeerClosed = Symbol('kPeerClosed');

function TLSSocket(socket, options) {
  if (!(this instanceof TLSSocket)) return new TLSSocket(socket, options);
  options = options || {};
  net.Socket.call(this, { allowHalfOpen: socket ? socket.allowHalfOpen : !!options.allowHalfOpen });
  this.encrypted = true;
  this.authorized = false;
  this.authorizationError = null;
  this.alpnProtocol = null;
  this.servername = null;
  this._secureEstablished = false;
  this._tlsOptions = options;
  this[kOptions] = options;
  this[kRaw] = null;
  this[kSession] = null;
  this[kPending] = [];
  this[kEnding] = false;
  this[kPeerClosed] = false;
  this.secureConnecting = true;
  if (socket) wrapRaw(this, socket);
  if (options.isServer && !options.server) {
    // `new TLSSocket(socket, { isServer: true, secureContext, … })`: a
    // server side without a tls.Server; its options stand in for one.
    const context = options.secureContext || createSecureContext(options);
    options.server = {
      _sharedCreds: context,
      _contexts: [],
      _SNICallback: options.SNICallback,
      ALPNProtocols: alpnList(options.ALPNProtocols),
      ALPNCallback: options.ALPNCallback,
      requestCert: options.requestCert === true,
      rejectUnauthorized: options.rejectUnauthorized !== false,
      emit: (event) => {
        if (event === 'secureConnection') this.emit('secure');
      },
    };
    this[kSession] = native.server();
  }
}
Object.setPrototypeOf(TLSSocket.prototype, net.Socket.prototype);
Object.setPrototypeOf(TLSSocket, net.Socket);

function wrapRaw(tls, raw) {
  tls[kRaw] = raw;
  tls._parent = raw;
  tls.connecting = !!raw.connecting;
  raw.on('connect', () => {
    tls.connecting = false;
    tls.emit('connect');
  });
  raw.on('data', (chunk) => onRecords(tls, chunk));
  raw.on('end', () => {
    if (!tls._secureEstablished && !tls.destroyed) {
      const e = new Error(tls[kOptions].isServer ? 'socket hang up' : 'Client network socket disconnected before secure TLS connection was established');
      e.code = 'ECONNRESET';
      tls.destroy(e);
      return;
    }
    if (!tls[kPeerClosed]) {
      tls[kPeerClosed] = true;
      tls.push(null);
    }
  });
  raw.on('error', (e) => tls.destroy(e));
  raw.on('close', () => {
    if (!tls.destroyed) tls.destroy();
  });
  raw.on('timeout', () => tls.emit('timeout'));
  raw.on('drain', () => tls.emit('drain'));
}

function sendRecords(tls, bytes, cb) {
  const raw = tls[kRaw];
  if (bytes && bytes.byteLength && raw && !raw.destroyed && raw.writable) raw.write(Buffer.from(bytes), cb);
  else if (cb) process.nextTick(cb);
}

// Records from the peer: out to the socket, plaintext up, then the
// handshake's end, the ClientHello (servers) or an error.
function onRecords(tls, chunk) {
  if (tls.destroyed || !tls[kSession]) return;
  handleResult(tls, native.feed(tls[kSession], chunk));
}

function handleResult(tls, r) {
  const [out, plain, flags, code, message, hello] = r;
  if (out) sendRecords(tls, out);
  if (code) {
    const e = sslError(code, message);
    if (tls._secureEstablished) tls.destroy(e);
    else failHandshake(tls, e);
    return;
  }
  if (hello) {
    onHello(tls, hello);
    return;
  }
  if ((flags & 1) && !tls._secureEstablished) onSecure(tls);
  if (plain) {
    tls._touch && tls._touch();
    if (!tls.push(Buffer.from(plain)) && tls[kRaw]) tls[kRaw].pause();
  }
  if ((flags & 2) && !tls[kPeerClosed]) {
    tls[kPeerClosed] = true;
    tls.push(null);
  }
}

// Before the handshake ends, a server's socket errors go to the server's
// 'tlsClientError' (tlsConnection's listener).
function failHandshake(tls, e) {
  tls.destroy(e);
}

// A server has the ClientHello: SNICallback or addContext picks the
// context for its server name.
function onHello(tls, [servername, ...clientAlpn]) {
  const server = tls[kOptions].server;
  tls.servername = servername || false;
  const proceed = (err, context) => {
    if (tls.destroyed) return;
    if (err) {
      failHandshake(tls, err);
      return;
    }
    const ctx = context || server._sharedCreds;
    let alpn = server.ALPNProtocols || [];
    if (typeof server.ALPNCallback === 'function') {
      const chosen = server.ALPNCallback({ servername, protocols: clientAlpn });
      alpn = chosen === undefined ? [] : [chosen];
    }
    let r;
    try {
      r = native.accept(tls[kSession], ctx.context, alpn, !!server.requestCert, !!server.rejectUnauthorized);
    } catch (e) {
      failHandshake(tls, e);
      return;
    }
    handleResult(tls, r);
  };
  if (servername && typeof server._SNICallback === 'function') {
    server._SNICallback(servername, proceed);
    return;
  }
  let ctx = null;
  if (servername) {
    for (const [re, c] of server._contexts) if (re.test(servername)) { ctx = c; break; }
  }
  proceed(null, ctx);
}

function onSecure(tls) {
  const o = tls[kOptions];
  const info = native.info(tls[kSession]);
  tls._secureEstablished = true;
  tls.secureConnecting = false;
  tls.alpnProtocol = info.alpn || false;
  tls[kInfo] = info;
  if (o.isServer) {
    const server = o.server;
    if (server.requestCert) {
      if (info.certs.length === 0) tls.authorizationError = 'UNABLE_TO_GET_ISSUER_CERT';
      else if (info.verifyError) tls.authorizationError = info.verifyError;
      else tls.authorized = true;
      if (!tls.authorized && server.rejectUnauthorized) {
        tls.destroy();
        return;
      }
    }
    flushPending(tls);
    server.emit('secureConnection', tls);
    return;
  }
  let err = info.verifyError ? verifyError(info.verifyError) : null;
  if (!err) {
    const cert = tls.getPeerCertificate(true);
    const host = o.servername || o.host || 'localhost';
    err = (o.checkServerIdentity || checkServerIdentity)(host, cert);
  }
  if (err) {
    tls.authorizationError = err.code || err.message;
    if (o.rejectUnauthorized) {
      tls.destroy(err);
      return;
    }
  } else {
    tls.authorized = true;
  }
  flushPending(tls);
  tls.emit('secureConnect');
}
const kInfo = Symbol('kInfo');

function flushPending(tls) {
  const pending = tls[kPending];
  tls[kPending] = [];
  for (const [data, cb] of pending) writeSecure(tls, data, cb);
  if (tls[kEnding]) tls[kEnding]();
}

function writeSecure(tls, data, cb) {
  let out;
  try {
    out = native.write(tls[kSession], data);
  } catch (e) {
    cb(e);
    return;
  }
  sendRecords(tls, out, cb);
}

TLSSocket.prototype._read = function _read() {
  const raw = this[kRaw];
  if (raw && raw.isPaused()) raw.resume();
};

TLSSocket.prototype._write = function _write(chunk, encoding, cb) {
  const data = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
  if (!this._secureEstablished) this[kPending].push([data, cb]);
  else writeSecure(this, data, cb);
};

TLSSocket.prototype._final = function _final(cb) {
  const finish = () => {
    this[kEnding] = false;
    const raw = this[kRaw];
    const out = native.close(this[kSession]);
    // The socket under may have ended already (its peer hung up).
    if (raw && !raw.destroyed && !raw.writableEnded) raw.end(Buffer.from(out), () => cb());
    else cb();
  };
  if (this._secureEstablished) finish();
  else this[kEnding] = finish;
};

TLSSocket.prototype._destroy = function _destroy(err, cb) {
  const raw = this[kRaw];
  this.connecting = false;
  cb(err);
  if (raw && !raw.destroyed) {
    raw.once('close', () => this.emit('close', !!err));
    raw.destroy();
  } else {
    process.nextTick(() => this.emit('close', !!err));
  }
};

for (const name of ['setNoDelay', 'setKeepAlive', 'ref', 'unref']) {
  TLSSocket.prototype[name] = function (...args) {
    if (this[kRaw]) this[kRaw][name](...args);
    return this;
  };
}

TLSSocket.prototype.setTimeout = function setTimeout(ms, cb) {
  if (cb !== undefined) validateFunction(cb, 'callback');
  if (this[kRaw]) this[kRaw].setTimeout(ms);
  this.timeout = ms;
  if (cb) {
    if (ms === 0) this.removeListener('timeout', cb);
    else this.once('timeout', cb);
  }
  return this;
};

TLSSocket.prototype.address = function address() {
  return this[kRaw] ? this[kRaw].address() : {};
};

for (const name of ['remoteAddress', 'remoteFamily', 'remotePort', 'localAddress', 'localFamily', 'localPort']) {
  Object.defineProperty(TLSSocket.prototype, name, {
    configurable: true,
    get() { return this[kRaw] ? this[kRaw][name] : undefined; },
  });
}

Object.defineProperty(TLSSocket.prototype, '_handle', {
  configurable: true,
  get() { return this[kRaw] ? this[kRaw]._handle : null; },
});

TLSSocket.prototype.getPeerCertificate = function getPeerCertificate(detailed) {
  const info = this[kInfo];
  if (!info) return this.destroyed ? null : {};
  const certs = info.certs;
  if (!certs.length) return {};
  const first = certObject(certs[0]);
  if (detailed) {
    let cur = first;
    for (let i = 1; i < certs.length; i++) {
      cur.issuerCertificate = certObject(certs[i]);
      cur = cur.issuerCertificate;
    }
    // The verified chain goes on to the trusted root (from `ca`), which
    // is its own issuer (Node's circular link).
    for (let n = 0; n < 8 && !cur.issuerCertificate; n++) {
      if (sameName(cur.subject, cur.issuer)) {
        cur.issuerCertificate = cur;
        break;
      }
      const root = trustedIssuer(this[kOptions].ca, cur.issuer);
      if (!root) break;
      cur.issuerCertificate = root;
      cur = root;
    }
  }
  return first;
};

TLSSocket.prototype.getCertificate = function getCertificate() {
  const ctx = this[kOptions].secureContext;
  const der = ctx ? native.localCert(ctx.context) : null;
  return der ? certObject(der) : {};
};

TLSSocket.prototype.getProtocol = function getProtocol() {
  const info = this[kInfo];
  return info ? info.version : null;
};

// rustls names the suites by their IANA names (TLS13_AES_128_GCM_SHA256);
// OpenSSL's TLS 1.3 names are those with an underscore after TLS.
TLSSocket.prototype.getCipher = function getCipher() {
  const info = this[kInfo];
  if (!info || !info.cipher) return undefined;
  const standardName = info.cipher.replace(/^TLS13_/, 'TLS_');
  // OpenSSL's TLS 1.2 names: ECDHE-ECDSA-AES128-GCM-SHA256, …-CHACHA20-POLY1305.
  const name = info.version === 'TLSv1.3' ? standardName : standardName.replace(/^TLS_/, '').replace('_WITH_', '_')
    .replace(/AES_(\d+)/, 'AES$1').replace('CHACHA20_POLY1305_SHA256', 'CHACHA20_POLY1305').replace(/_/g, '-');
  return { name, standardName, version: info.version };
};

TLSSocket.prototype.isSessionReused = function isSessionReused() { return false; };
TLSSocket.prototype.getSession = function getSession() { return undefined; };
TLSSocket.prototype.getTLSTicket = function getTLSTicket() { return undefined; };
TLSSocket.prototype.setServername = function setServername(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
  this[kOptions].servername = name;
};
TLSSocket.prototype.setMaxSendFragment = function setMaxSendFragment() { return true; };
TLSSocket.prototype.getEphemeralKeyInfo = function getEphemeralKeyInfo() { return this[kOptions].isServer ? null : {}; };
TLSSocket.prototype.getSharedSigalgs = function getSharedSigalgs() { return []; };
TLSSocket.prototype.disableRenegotiation = function disableRenegotiation() {};
TLSSocket.prototype.renegotiate = function renegotiate(opts, cb) {
  const e = codeError(Error, 'ERR_TLS_RENEGOTIATION_DISABLED', 'TLS session renegotiation disabled for this socket');
  if (cb) process.nextTick(cb, e);
  return false;
};

// ---- connect -------------------------------------------------------------------------

function normalizeConnectArgs(args) {
  const [options, cb] = net._normalizeArgs(args);
  if (args[1] !== null && typeof args[1] === 'object') Object.assign(options, args[1]);
  else if (args[2] !== null && typeof args[2] === 'object') Object.assign(options, args[2]);
  return [options, cb];
}

let warnedInsecure = false;
function rejectUnauthorizedDefault() {
  if (process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return true;
  if (!warnedInsecure) {
    warnedInsecure = true;
    process.emitWarning("Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS connections and HTTPS requests insecure by disabling certificate verification.");
  }
  return false;
}

function connect(...args) {
  const [opts, cb] = normalizeConnectArgs(args);
  const options = {
    rejectUnauthorized: rejectUnauthorizedDefault(),
    ciphers: undefined,
    checkServerIdentity,
    minDHSize: 1024,
    ...opts,
  };
  if (!options.keepAlive) options.singleUse = true;
  if (options.checkServerIdentity !== undefined) validateFunction(options.checkServerIdentity, 'options.checkServerIdentity');
  const context = options.secureContext || createSecureContext(options);
  options.secureContext = context;
  const host = options.host || 'localhost';
  options.host = host;
  let servername = options.servername;
  if (servername === undefined) servername = net.isIP(host) ? '' : host;
  if (typeof servername !== 'string') throw invalidArgType('options.servername', 'of type string', servername);
  if (net.isIP(servername)) {
    // Node warns (DEP0123) and sends no SNI.
    process.emitWarning('Setting the TLS ServerName to an IP address is not permitted by RFC 6066. This will be ignored in a future version.', 'DeprecationWarning', 'DEP0123');
    servername = '';
  }
  options.isServer = false;
  const tls = new TLSSocket(null, options);
  if (cb) tls.once('secureConnect', cb);
  let raw = options.socket;
  if (!raw) {
    raw = new net.Socket({ allowHalfOpen: options.allowHalfOpen });
    const connectOptions = { ...options };
    delete connectOptions.socket;
    wrapRaw(tls, raw);
    if (options.timeout) tls.setTimeout(options.timeout);
    raw.on('lookup', (...a) => tls.emit('lookup', ...a));
    raw.connect(connectOptions);
    tls.connecting = true;
  } else {
    wrapRaw(tls, raw);
  }
  tls.servername = servername || null;
  tls[kSession] = native.client(context.context, servername || (net.isIP(host) ? host : ''), alpnList(options.ALPNProtocols));
  handleResult(tls, native.feed(tls[kSession]));
  return tls;
}

// ---- Server ----------------------------------------------------------------------------

function Server(options, listener) {
  if (!(this instanceof Server)) return new Server(options, listener);
  if (typeof options === 'function') {
    listener = options;
    options = {};
  } else if (options === undefined || options === null) {
    options = {};
  } else if (typeof options !== 'object') {
    throw invalidArgType('options', 'of type object', options);
  }
  net.Server.call(this, options);
  initServer(this, options);
  if (listener) this.on('secureConnection', listener);
  this.on('connection', tlsConnection);
}
Object.setPrototypeOf(Server.prototype, net.Server.prototype);
Object.setPrototypeOf(Server, net.Server);

// The TLS part of a server (https.Server shares it).
function initServer(server, options) {
  server._contexts = [];
  server.requestCert = options.requestCert === true;
  server.rejectUnauthorized = options.rejectUnauthorized !== false;
  if (options.ALPNProtocols !== undefined && options.ALPNCallback !== undefined) {
    throw codeError(TypeError, 'ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS', 'The ALPNCallback and ALPNProtocols TLS options are mutually exclusive');
  }
  server.ALPNProtocols = alpnList(options.ALPNProtocols);
  server.ALPNCallback = options.ALPNCallback;
  if (options.SNICallback !== undefined) validateFunction(options.SNICallback, 'options.SNICallback');
  server._SNICallback = options.SNICallback;
  server.setSecureContext(options);
}

// A raw connection: a TLSSocket over it, handshake on its first records.
function tlsConnection(raw) {
  const server = this;
  const tls = new TLSSocket(raw, { isServer: true, server, secureContext: server._sharedCreds });
  tls.server = server;
  tls._server = server;
  tls[kSession] = native.server();
  tls.on('error', (e) => {
    if (!tls._secureEstablished) server.emit('tlsClientError', e, tls);
  });
}

Server.prototype.setSecureContext = function setSecureContext(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  this._sharedCreds = createSecureContext(options);
};

Server.prototype.addContext = function addContext(servername, context) {
  if (typeof servername !== 'string') throw invalidArgType('servername', 'of type string', servername);
  const re = new RegExp(`^${servername.replace(/([.^$+?\-\\[\]{}])/g, '\\$1').replace(/\*/g, '[^.]*')}$`, 'i');
  const ctx = context instanceof SecureContext ? context : createSecureContext(context);
  this._contexts.push([re, ctx]);
};

Server.prototype.setTicketKeys = function setTicketKeys() {};
Server.prototype.getTicketKeys = function getTicketKeys() { return Buffer.alloc(48); };

function createServer(options, listener) {
  return new Server(options, listener);
}

function getCiphers() {
  return ['tls_aes_128_gcm_sha256', 'tls_aes_256_gcm_sha384', 'tls_chacha20_poly1305_sha256',
    'ecdhe-ecdsa-aes128-gcm-sha256', 'ecdhe-ecdsa-aes256-gcm-sha384', 'ecdhe-ecdsa-chacha20-poly1305',
    'ecdhe-rsa-aes128-gcm-sha256', 'ecdhe-rsa-aes256-gcm-sha384', 'ecdhe-rsa-chacha20-poly1305'].sort();
}

module.exports = stubs({
  CLIENT_RENEG_LIMIT: 3,
  CLIENT_RENEG_WINDOW: 600,
  DEFAULT_ECDH_CURVE: 'auto',
  DEFAULT_CIPHERS: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384',
  DEFAULT_MIN_VERSION,
  DEFAULT_MAX_VERSION,
  getCiphers, checkServerIdentity, createSecureContext, SecureContext, TLSSocket, Server,
  createServer, connect, convertALPNProtocols, getCACertificates,
  _initServer: initServer,
  _tlsConnection: tlsConnection,
}, 'tls', ['setDefaultCACertificates']);

// The bundled roots as PEM, made on first read (Node's frozen array).
let rootCertificates = null;
Object.defineProperty(module.exports, 'rootCertificates', {
  enumerable: true,
  configurable: false,
  get() {
    if (!rootCertificates) {
      rootCertificates = Object.freeze(native.rootCertificates().map(toPem));
    }
    return rootCertificates;
  },
});
