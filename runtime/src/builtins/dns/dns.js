// node:dns: still stubs throwing ERR_NOT_IMPLEMENTED, and Node's constants.
'use strict';

const { stubs } = internals.errors;

const names = [
  'lookup', 'lookupService', 'Resolver', 'getServers', 'setServers', 'resolve', 'resolve4', 'resolve6',
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

const promises = stubs({ getDefaultResultOrder, setDefaultResultOrder, ...codes }, 'dns.promises', names);
module.exports = stubs({ getDefaultResultOrder, setDefaultResultOrder, ADDRCONFIG: 32, ALL: 16, V4MAPPED: 8, ...codes }, 'dns', names);
module.exports.promises = promises;
