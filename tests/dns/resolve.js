// dns.resolve* against the test's name server (NABI_DNS_PORT on
// 127.0.0.1, runtime/tests/dns_resolver.rs): every record type, ttl,
// NXDOMAIN/SERVFAIL/REFUSED/no data, a server that refuses (a closed
// port), one that never answers (ETIMEOUT), the promise API, Resolver objects, setServers' validation,
// reverse through /etc/hosts.
'use strict';
const dns = require('dns');

const server = `127.0.0.1:${process.env.NABI_DNS_PORT}`;
const closed = `127.0.0.1:${process.env.NABI_DNS_CLOSED}`;

const show = (label) => (err, value) => {
  if (err) console.log(label, 'error', err.code, err.syscall, err.hostname, err.message, 'errno' in err, err.errno);
  else console.log(label, JSON.stringify(value));
};

function call(resolver, method, ...args) {
  return new Promise((resolve) => {
    resolver[method](...args, (err, value) => {
      show(`${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`)(err, value);
      resolve();
    });
  });
}

(async () => {
  const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 20000);
  const r = new dns.Resolver({ timeout: 1000, tries: 1 });
  r.setServers([server]);
  console.log('servers', r.getServers().length, r.getServers()[0] === server);
  await call(r, 'resolve4', 'example.test');
  await call(r, 'resolve4', 'example.test', { ttl: true });
  await call(r, 'resolve6', 'example.test');
  await call(r, 'resolve6', 'example.test', { ttl: true });
  await call(r, 'resolveMx', 'example.test');
  await call(r, 'resolveTxt', 'example.test');
  await call(r, 'resolveNs', 'example.test');
  await call(r, 'resolveSoa', 'example.test');
  await call(r, 'resolveCaa', 'example.test');
  await call(r, 'resolveCname', 'alias.example.test');
  await call(r, 'resolveSrv', '_sip._tcp.example.test');
  await call(r, 'resolvePtr', '1.2.0.192.in-addr.arpa');
  await call(r, 'resolveNaptr', 'naptr.example.test');
  await call(r, 'resolveAny', 'example.test');
  await call(r, 'resolve', 'example.test');
  await call(r, 'resolve', 'example.test', 'MX');
  await call(r, 'resolve4', 'nowhere.test');
  await call(r, 'resolve4', 'empty.test');
  await call(r, 'resolveMx', 'alias.example.test');
  await call(r, 'resolve4', 'servfail.test');
  await call(r, 'resolveTxt', 'refused.test');
  await call(r, 'reverse', '192.0.2.1');

  const refusing = new dns.Resolver({ timeout: 1000, tries: 1 });
  refusing.setServers([closed]);
  for (const m of ['resolve4', 'resolve6', 'resolveAny', 'resolveMx', 'resolveTxt', 'resolveSrv', 'resolveNs', 'resolveCname', 'resolvePtr', 'resolveSoa', 'resolveCaa', 'resolveNaptr']) {
    await call(refusing, m, 'example.test');
  }
  await call(refusing, 'reverse', '192.0.2.9');
  await call(refusing, 'reverse', '127.0.0.1');

  const silent = new dns.Resolver({ timeout: 200, tries: 1 });
  silent.setServers([`127.0.0.1:${process.env.NABI_DNS_SILENT}`]);
  await call(silent, 'resolve4', 'example.test');
  await call(silent, 'resolveTxt', 'example.test');

  const p = new dns.promises.Resolver({ timeout: 1000, tries: 1 });
  p.setServers([server]);
  console.log('promises resolve4', JSON.stringify(await p.resolve4('example.test')));
  console.log('promises resolveTxt', JSON.stringify(await p.resolveTxt('example.test')));
  await p.resolve4('nowhere.test').catch((e) => console.log('promises error', e.code, e.syscall, e.message));
  dns.setServers([closed]);
  console.log('global servers', dns.getServers()[0] === closed, dns.promises.getServers()[0] === closed);
  await new Promise((resolve) => dns.resolve4('localhost', (e) => { console.log('global', e.code, e.message); resolve(); }));
  await dns.promises.resolveMx('example.test').catch((e) => console.log('global promises', e.code, e.message));

  for (const [label, f] of [
    ['bad rrtype', () => dns.resolve('x', 'BOGUS', () => {})],
    ['rrtype number', () => dns.resolve('x', 5, () => {})],
    ['name number', () => dns.resolve4(5, () => {})],
    ['no callback', () => dns.resolve4('x')],
    ['bad server', () => r.setServers(['x'])],
    ['bad server port', () => r.setServers(['1.2.3.4:x'])],
    ['servers not array', () => r.setServers('1.2.3.4')],
    ['reverse bad ip', () => dns.reverse('nope', () => {})],
  ]) {
    try {
      f();
      console.log(label, 'no error');
    } catch (e) {
      console.log(label, e.name, e.code, e.message);
    }
  }
  r.setServers(['::1', '[::1]:5353', '10.0.0.1:53', '10.0.0.2:54']);
  console.log('formatted', r.getServers());
  clearTimeout(timer);
  console.log('done');
})();
