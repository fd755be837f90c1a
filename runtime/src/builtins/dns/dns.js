// node:dns: lookup (the system's getaddrinfo on libuv's thread pool,
// binding.dns) and dns.promises.lookup; the resolver (resolve*, reverse,
// lookupService) is still stubs throwing ERR_NOT_IMPLEMENTED.
'use strict';

const { stubs, codeError, invalidArgType, validateFunction } = internals.errors;
const native = internals.binding.dns;
const stream = internals.binding.stream;

const names = [
  'lookupService', 'Resolver', 'getServers', 'setServers', 'resolve', 'resolve4', 'resolve6',
  'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr',
  'resolveSoa', 'resolveSrv', 'resolveTlsa', 'resolveTxt', 'reverse',
];
const codes = {
  NODATA: 'ENODATA', FORMERR: 'EFORMERR', SERVFAIL: 'ESERVFAIL', NOTFOUND: 'ENOTFOUND', NOTIMP: 'ENOTIMP',
  REFUSED: 'EREFUSED', BADQUERY: 'EBADQUERY', BADNAME: 'EBADNAME', BADFAMILY: 'EBADFAMILY', BADRESP: 'EBADRESP',
  CONNREFUSED: 'ECONNREFUSED', TIMEOUT: 'ETIMEOUT', EOF: 'EOF', FILE: 'EFILE', NOMEM: 'ENOMEM',
  DESTRUCTION: 'EDESTRUCTION', BADSTR: 'EBADSTR', BADFLAGS: 'EBADFLAGS', NONAME: 'ENONAME', BADHINTS: 'EBADHINTS',
  NOTINITIALIZED: 'ENOTINITIALIZED', LOADIPHLPAPI: 'ELOADIPHLPAPI', ADDRGETNETWORKPARAMS: 'EADDRGETNETWORKPARAMS',
  CANCELLED: 'ECANCELLED',
};

let order = 'verbatim';
function getDefaultResultOrder() {
  return order;
}
function setDefaultResultOrder(value) {
  if (value !== 'ipv4first' && value !== 'ipv6first' && value !== 'verbatim') {
    const { codeError } = internals.errors;
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'dnsOrder' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received ${internals.requireBuiltin('util').inspect(value)}`);
  }
  order = value;
}

const UV_EAI_NONAME = -3008;
const UV_EAI_NODATA = -3007;

// Node's DNS error: `getaddrinfo ENOTFOUND host`, with errno, code,
// syscall and hostname.
function lookupError(errno, hostname) {
  const code = errno === UV_EAI_NONAME || errno === UV_EAI_NODATA ? 'ENOTFOUND' : stream.errName(errno);
  const e = new Error(`getaddrinfo ${code} ${hostname}`);
  e.errno = errno;
  e.code = code;
  e.syscall = 'getaddrinfo';
  e.hostname = hostname;
  return e;
}

function familyOf(value) {
  switch (value) {
    case undefined: case null: case 0: return 0;
    case 4: case 'IPv4': return 4;
    case 6: case 'IPv6': return 6;
    default:
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The property 'options.family' must be one of: 0, 4, 6. Received ${internals.requireBuiltin('util').inspect(value)}`);
  }
}

// lookup's arguments → { hostname, family, hints, all, order }.
function lookupOptions(hostname, options) {
  if (typeof hostname !== 'string') throw invalidArgType('hostname', 'of type string', hostname);
  let family = 0;
  let hints = 0;
  let all = false;
  let ord = order;
  if (typeof options === 'number' || typeof options === 'string') {
    family = familyOf(options);
  } else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    family = familyOf(options.family);
    if (options.hints !== undefined) hints = options.hints >>> 0;
    all = options.all === true;
    if (options.order !== undefined) ord = options.order;
    else if (options.verbatim !== undefined) ord = options.verbatim ? 'verbatim' : 'ipv4first';
  }
  return { hostname, family, hints, all, order: ord };
}

// Resolves `o` (lookupOptions) to the list of { address, family }.
function resolveAll(o, done) {
  const net = internals.requireBuiltin('net');
  if (!o.hostname) {
    process.nextTick(done, null, []);
    return;
  }
  const fam = net.isIP(o.hostname);
  if (fam) {
    process.nextTick(done, null, [{ address: o.hostname, family: fam }]);
    return;
  }
  native.getaddrinfo(o.hostname, o.family, o.hints, (errno, flat) => {
    if (errno !== null) {
      done(lookupError(errno, o.hostname));
      return;
    }
    let list = [];
    for (let i = 0; i < flat.length; i += 2) list.push({ address: flat[i], family: flat[i + 1] });
    if (o.order === 'ipv4first') list = [...list.filter((a) => a.family === 4), ...list.filter((a) => a.family === 6)];
    else if (o.order === 'ipv6first') list = [...list.filter((a) => a.family === 6), ...list.filter((a) => a.family === 4)];
    done(null, list);
  });
}

function lookup(hostname, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  validateFunction(callback, 'callback');
  const o = lookupOptions(hostname, options);
  resolveAll(o, (err, list) => {
    if (err) callback(err);
    else if (o.all) callback(null, list);
    else if (list.length === 0) callback(null, null, o.family === 6 ? 6 : 4);
    else callback(null, list[0].address, list[0].family);
  });
  return {};
}

function lookupPromise(hostname, options) {
  const o = lookupOptions(hostname, options);
  return new Promise((resolve, reject) => {
    resolveAll(o, (err, list) => {
      if (err) reject(err);
      else if (o.all) resolve(list);
      else if (list.length === 0) resolve({ address: null, family: o.family === 6 ? 6 : 4 });
      else resolve(list[0]);
    });
  });
}

const promises = stubs({ lookup: lookupPromise, getDefaultResultOrder, setDefaultResultOrder, ...codes }, 'dns.promises', names);
module.exports = stubs({
  lookup, getDefaultResultOrder, setDefaultResultOrder, ADDRCONFIG: 32, ALL: 16, V4MAPPED: 8, ...codes,
}, 'dns', names);
module.exports.promises = promises;
