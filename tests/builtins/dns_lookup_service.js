// dns.lookupService: getnameinfo as Node calls it (a name required), with
// /etc/hosts and /etc/services answering for the loopback address; an
// address with no name is ENOTFOUND (one such lookup: it may ask the
// system's DNS server); argument errors.
'use strict';
const dns = require('dns');

const lookup = (address, port) => new Promise((resolve) => {
  dns.lookupService(address, port, (err, hostname, service) => {
    if (err) console.log(address, port, 'error', err.code, err.syscall, err.hostname, err.message, typeof err.errno);
    else console.log(address, port, hostname, service);
    resolve();
  });
});

(async () => {
  await lookup('127.0.0.1', 22);
  await lookup('127.0.0.1', '80');
  await lookup('127.0.0.1', 54321);
  await lookup('192.0.2.7', 443);
  console.log('promise', JSON.stringify(await dns.promises.lookupService('127.0.0.1', 80)));
  for (const args of [['x', 1], ['127.0.0.1', 'x'], ['127.0.0.1', 70000], ['127.0.0.1', -1], ['127.0.0.1'], ['127.0.0.1', 1, 'nope']]) {
    try {
      dns.lookupService(...args, ...(args.length === 2 ? [() => {}] : []));
      console.log(JSON.stringify(args), 'no error');
    } catch (e) {
      console.log(JSON.stringify(args), e.name, e.code, e.message);
    }
  }
})();
