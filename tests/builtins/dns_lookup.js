// dns.lookup and dns.promises.lookup on the system's resolver (loopback
// names only: localhost from /etc/hosts, IP literals, a name under the
// reserved .invalid TLD that must fail with ENOTFOUND), their option
// shapes (family, all, order) and argument errors.
'use strict';
const dns = require('dns');

const guard = setTimeout(() => {
  console.log('TIMED OUT');
  process.exit(1);
}, 20000);
guard.unref();

const steps = [
  (next) => dns.lookup('127.0.0.1', (e, a, f) => { console.log('ipv4 literal', e, a, f); next(); }),
  (next) => dns.lookup('::1', { all: true }, (e, a) => { console.log('ipv6 literal all', e, a); next(); }),
  (next) => dns.lookup('localhost', 4, (e, a, f) => { console.log('localhost family 4', e, a, f); next(); }),
  (next) => dns.lookup('localhost', { family: 'IPv4', all: true }, (e, a) => { console.log('localhost all v4', e, a); next(); }),
  (next) => dns.lookup('localhost', { order: 'ipv4first' }, (e, a, f) => {
    console.log('localhost ipv4first', e, a, f);
    next();
  }),
  (next) => dns.lookup('nabi-test.invalid', (e) => {
    console.log('invalid', e.name, e.message, e.errno, e.code, e.syscall, e.hostname);
    next();
  }),
  (next) => dns.promises.lookup('localhost', { family: 4 }).then((r) => { console.log('promise', r); next(); }),
  (next) => dns.promises.lookup('nabi-test.invalid').catch((e) => { console.log('promise rejects', e.code); next(); }),
  (next) => require('dns/promises').lookup('127.0.0.1', { all: true }).then((r) => { console.log('dns/promises', r); next(); }),
  (next) => {
    for (const f of [() => dns.lookup(1, () => {}), () => dns.lookup('x'), () => dns.lookup('x', { family: 5 }, () => {}),
      () => dns.promises.lookup({})]) {
      try {
        f();
        console.log('no throw');
      } catch (e) {
        console.log(e.name, e.code, e.message);
      }
    }
    next();
  },
];
let i = 0;
const next = () => (i < steps.length ? steps[i++](next) : console.log('done'));
next();
