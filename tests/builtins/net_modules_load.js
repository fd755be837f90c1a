// net, dns, http, https and tls load (packages require them at load time),
// with Node's shape: the functions and classes are there, net.isIP & co.
// and http's tables and header checks behave as Node's.
'use strict';
const net = require('net');
const dns = require('node:dns');
const http = require('http');
const https = require('https');
const tls = require('tls');

const show = (name, m, keys) => console.log(name, keys.map((k) => `${k}:${typeof m[k]}`).join(' '));
show('net', net, ['Server', 'Socket', 'Stream', 'connect', 'createConnection', 'createServer', 'isIP', 'isIPv4', 'isIPv6']);
show('dns', dns, ['lookup', 'resolve', 'resolve4', 'reverse', 'getServers', 'promises', 'Resolver']);
show('dns.promises', dns.promises, ['lookup', 'resolve4']);
console.log(require('dns/promises') === dns.promises, dns.ADDRCONFIG, dns.V4MAPPED, dns.ALL, dns.NOTFOUND, dns.CONNREFUSED);
show('http', http, ['Agent', 'Server', 'ServerResponse', 'IncomingMessage', 'ClientRequest', 'createServer', 'request', 'get']);
show('https', https, ['Agent', 'Server', 'createServer', 'request', 'get']);
show('tls', tls, ['connect', 'createServer', 'createSecureContext', 'TLSSocket', 'Server']);
console.log(tls.DEFAULT_MIN_VERSION, tls.DEFAULT_MAX_VERSION, tls.CLIENT_RENEG_LIMIT, http.maxHeaderSize);
console.log(http.METHODS.length, http.METHODS.includes('QUERY'), http.STATUS_CODES[418], http.STATUS_CODES[511]);

const ips = ['127.0.0.1', '255.255.255.255', '256.0.0.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '', 'x',
  '::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7',
  '1::2::3', 'fe80::1%eth0', 'fe80::1%', '::ffff:127.0.0.1', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4',
  'g::1', '12345::', ':1', '1:', ':::', 1, null, undefined];
for (const ip of ips) console.log(JSON.stringify(ip), net.isIP(ip), net.isIPv4(ip), net.isIPv6(ip));

const tryIt = (f) => {
  try {
    f();
    console.log('ok');
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
};
tryIt(() => http.validateHeaderName('x-ok'));
tryIt(() => http.validateHeaderName('bad name'));
tryIt(() => http.validateHeaderName(''));
tryIt(() => http.validateHeaderName(5));
tryIt(() => http.validateHeaderValue('x', 'fine\tvalue'));
tryIt(() => http.validateHeaderValue('x', undefined));
tryIt(() => http.validateHeaderValue('x', 'a\r\nb'));
tryIt(() => dns.setDefaultResultOrder('ipv4first'));
console.log(dns.getDefaultResultOrder());
tryIt(() => dns.setDefaultResultOrder('nope'));
