// node:net. isIP & co. are here; the sockets and servers over libuv TCP
// and pipes are still stubs throwing ERR_NOT_IMPLEMENTED.
'use strict';

const { stubs } = internals.errors;

// A dotted quad of decimal bytes without leading zeros.
const V4_BYTE = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4 = new RegExp(`^${V4_BYTE}(?:\\.${V4_BYTE}){3}$`);
const HEX = /^[0-9a-fA-F]{1,4}$/;

function isIPv4(input) {
  return V4.test(`${input}`);
}

// Eight groups of 1-4 hex digits, the last two may be a dotted quad, one
// `::` may stand for one or more zero groups; an optional `%zone`.
function isIPv6(input) {
  let s = `${input}`;
  const pct = s.indexOf('%');
  if (pct !== -1) {
    if (!/^[0-9a-zA-Z.:-]+$/.test(s.slice(pct + 1))) return false;
    s = s.slice(0, pct);
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part) => (part === '' ? [] : part.split(':'));
  const parts = halves.flatMap(groups);
  let count = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (HEX.test(p)) count += 1;
    else if (i === parts.length - 1 && V4.test(p)) count += 2;
    else return false;
  }
  if (halves.length === 2) {
    // `::` at an end leaves an empty half; elsewhere an empty group is bad.
    return count <= 7;
  }
  return count === 8;
}

function isIP(input) {
  if (isIPv4(input)) return 4;
  if (isIPv6(input)) return 6;
  return 0;
}

module.exports = stubs({ isIP, isIPv4, isIPv6 }, 'net', [
  'Server', 'Socket', 'BlockList', 'SocketAddress', 'connect', 'createConnection', 'createServer',
]);
module.exports.Stream = module.exports.Socket;
