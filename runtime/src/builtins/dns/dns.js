// node:dns: lookup (the system's getaddrinfo on libuv's thread pool,
// binding.dns) and dns.promises.lookup; the resolver (resolve*, reverse,
// Resolver) asks the name servers of /etc/resolv.conf (or setServers')
// itself, as Node's c-ares does: the query is built and the answer read
// here, the UDP exchange is binding.dns.query on the pool. lookupService
// is getnameinfo on the pool (NI_NAMEREQD, as Node asks libuv).
'use strict';

const { stubs, codeError, invalidArgType, validateFunction } = internals.errors;
const native = internals.binding.dns;
const stream = internals.binding.stream;

const names = [];
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

// ---- the resolver (c-ares' part in Node) ---------------------------------------------

const TYPES = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, NAPTR: 35, TLSA: 52, ANY: 255, CAA: 257,
};
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k]));
const SYSCALL = {
  A: 'queryA', AAAA: 'queryAaaa', ANY: 'queryAny', CAA: 'queryCaa', CNAME: 'queryCname', MX: 'queryMx',
  NAPTR: 'queryNaptr', NS: 'queryNs', PTR: 'queryPtr', SOA: 'querySoa', SRV: 'querySrv', TLSA: 'queryTlsa', TXT: 'queryTxt',
};
// The answer's RCODE → c-ares' error.
const RCODE = { 1: 'EFORMERR', 2: 'ESERVFAIL', 3: 'ENOTFOUND', 4: 'ENOTIMP', 5: 'EREFUSED' };

// Node's DNSException: `queryA ENOTFOUND host`, errno undefined.
function dnsError(code, syscall, hostname) {
  const e = new Error(`${syscall} ${code}${hostname ? ` ${hostname}` : ''}`);
  e.errno = undefined;
  e.code = code;
  e.syscall = syscall;
  if (hostname) e.hostname = hostname;
  return e;
}

function fs() {
  return internals.requireBuiltin('fs');
}

// The name servers of /etc/resolv.conf, as [address, port]; c-ares falls
// back to the local host.
function systemServers() {
  const net = internals.requireBuiltin('net');
  const out = [];
  try {
    for (const line of fs().readFileSync('/etc/resolv.conf', 'latin1').split('\n')) {
      const m = /^\s*nameserver\s+(\S+)/.exec(line);
      if (m) {
        const address = m[1].replace(/%.*$/, '');
        if (net.isIP(address)) out.push([address, 53]);
      }
    }
  } catch {}
  return out.length ? out : [['127.0.0.1', 53]];
}

function parseServer(text) {
  const net = internals.requireBuiltin('net');
  if (typeof text !== 'string') throw invalidArgType('servers[0]', 'of type string', text);
  let m;
  if (net.isIP(text)) return [text, 53];
  if ((m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text)) && net.isIPv6(m[1])) return [m[1], m[2] ? +m[2] : 53];
  if ((m = /^([^:]+):(\d+)$/.exec(text)) && net.isIPv4(m[1])) return [m[1], +m[2]];
  throw codeError(TypeError, 'ERR_INVALID_IP_ADDRESS', `Invalid IP address: ${text}`);
}

function formatServer([address, port]) {
  const v6 = address.includes(':');
  if (port === 53) return address;
  return v6 ? `[${address}]:${port}` : `${address}:${port}`;
}

// A query: header (random id, recursion desired), one question, class IN.
function buildQuery(name, type) {
  const { Buffer } = internals.requireBuiltin('buffer');
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l.length);
  const parts = [];
  for (const l of labels) {
    const b = Buffer.from(l);
    if (b.length > 63) return null;
    parts.push(Buffer.from([b.length]), b);
  }
  const head = Buffer.alloc(12);
  head.writeUInt16BE((Math.random() * 0x10000) & 0xffff, 0);
  head.writeUInt16BE(0x0100, 2);
  head.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(1, 3);
  return Buffer.concat([head, ...parts, tail]);
}

// A name at `off` (with compression pointers) → [name, offset after it].
function readName(b, off) {
  const labels = [];
  let end = -1;
  for (let jumps = 0; jumps < 64; jumps++) {
    const len = b[off];
    if (len === undefined) throw new Error('truncated');
    if ((len & 0xc0) === 0xc0) {
      if (end < 0) end = off + 2;
      off = ((len & 0x3f) << 8) | b[off + 1];
      continue;
    }
    if (len === 0) {
      if (end < 0) end = off + 1;
      return [labels.join('.'), end];
    }
    labels.push(b.toString('latin1', off + 1, off + 1 + len));
    off += 1 + len;
  }
  throw new Error('loop');
}

// The answer section's records: { type, ttl, data offset, length }.
function parseAnswer(bytes) {
  const { Buffer } = internals.requireBuiltin('buffer');
  const b = Buffer.from(bytes);
  const rcode = b[3] & 0x0f;
  if (rcode) return { error: RCODE[rcode] || 'EBADRESP' };
  const qd = b.readUInt16BE(4);
  const an = b.readUInt16BE(6);
  let off = 12;
  for (let i = 0; i < qd; i++) off = readName(b, off)[1] + 4;
  const records = [];
  for (let i = 0; i < an; i++) {
    const [name, at] = readName(b, off);
    const type = b.readUInt16BE(at);
    const ttl = b.readUInt32BE(at + 4);
    const len = b.readUInt16BE(at + 8);
    records.push({ name, type, ttl, b, off: at + 10, len });
    off = at + 10 + len;
  }
  return { records };
}

function ipv6Text(b, off) {
  const groups = [];
  for (let i = 0; i < 8; i++) groups.push(b.readUInt16BE(off + 2 * i));
  // The longest run of two or more zero groups becomes `::`.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

// One record as Node gives it for its type (`ttl`: with the ttl).
function recordValue(r, ttl) {
  const { b, off, len } = r;
  switch (TYPE_NAMES[r.type]) {
    case 'A': {
      const address = `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
      return ttl ? { address, ttl: r.ttl } : address;
    }
    case 'AAAA': {
      const address = ipv6Text(b, off);
      return ttl ? { address, ttl: r.ttl } : address;
    }
    case 'CNAME': case 'NS': case 'PTR':
      return readName(b, off)[0];
    case 'MX':
      return { exchange: readName(b, off + 2)[0], priority: b.readUInt16BE(off), type: 'MX' };
    case 'TXT': {
      const chunks = [];
      for (let i = off; i < off + len;) {
        chunks.push(b.toString('utf8', i + 1, i + 1 + b[i]));
        i += 1 + b[i];
      }
      return chunks;
    }
    case 'SRV':
      return { name: readName(b, off + 6)[0], port: b.readUInt16BE(off + 4), priority: b.readUInt16BE(off), weight: b.readUInt16BE(off + 2), type: 'SRV' };
    case 'SOA': {
      const [nsname, a] = readName(b, off);
      const [hostmaster, c] = readName(b, a);
      return {
        nsname, hostmaster, serial: b.readUInt32BE(c), refresh: b.readUInt32BE(c + 4), retry: b.readUInt32BE(c + 8),
        expire: b.readUInt32BE(c + 12), minttl: b.readUInt32BE(c + 16),
      };
    }
    case 'NAPTR': {
      let i = off + 4;
      const str = () => {
        const s = b.toString('latin1', i + 1, i + 1 + b[i]);
        i += 1 + b[i];
        return s;
      };
      const flags = str();
      const service = str();
      const regexp = str();
      return { flags, service, regexp, replacement: readName(b, i)[0], order: b.readUInt16BE(off), preference: b.readUInt16BE(off + 2) };
    }
    case 'CAA': {
      const tagLen = b[off + 1];
      const tag = b.toString('latin1', off + 2, off + 2 + tagLen);
      return { critical: b[off], type: 'CAA', [tag]: b.toString('latin1', off + 2 + tagLen, off + len) };
    }
    case 'TLSA':
      return { certUsage: b[off], selector: b[off + 1], match: b[off + 2], data: b.buffer.slice(b.byteOffset + off + 3, b.byteOffset + off + len) };
    default:
      return undefined;
  }
}

const ANY_ORDER = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'PTR', 'NAPTR', 'SOA', 'CAA', 'TLSA'];
const kServers = Symbol('kServers');
const kPending = Symbol('kPending');

function Resolver(options) {
  if (!(this instanceof Resolver)) throw codeError(TypeError, 'ERR_CONSTRUCT_CALL_REQUIRED', "Class constructor Resolver cannot be invoked without 'new'");
  options = options || {};
  const timeout = options.timeout === undefined ? -1 : options.timeout;
  if (typeof timeout !== 'number') throw invalidArgType('options.timeout', 'of type number', timeout);
  const tries = options.tries === undefined ? 4 : options.tries;
  if (typeof tries !== 'number') throw invalidArgType('options.tries', 'of type number', tries);
  this._timeout = timeout < 0 ? 5000 : timeout;
  this._tries = tries;
  this[kServers] = null;
  this[kPending] = new Set();
}

Resolver.prototype.getServers = function getServers() {
  return (this[kServers] || systemServers()).map(formatServer);
};

Resolver.prototype.setServers = function setServers(servers) {
  if (!Array.isArray(servers)) throw invalidArgType('servers', 'an instance of Array', servers);
  this[kServers] = servers.map(parseServer);
};

Resolver.prototype.setLocalAddress = function setLocalAddress() {};

Resolver.prototype.cancel = function cancel() {
  for (const q of this[kPending]) q.cancel();
};

// Asks the servers for `type` records of `name`: callback(err, records).
function query(resolver, name, type, callback) {
  const syscall = SYSCALL[type];
  const bytes = buildQuery(name, TYPES[type]);
  let done = false;
  const q = {
    cancel() {
      finish(dnsError('ECANCELLED', syscall, name));
    },
  };
  const finish = (err, value) => {
    if (done) return;
    done = true;
    resolver[kPending].delete(q);
    callback(err, value);
  };
  resolver[kPending].add(q);
  if (!bytes) {
    process.nextTick(finish, dnsError('EBADNAME', syscall, name));
    return;
  }
  const servers = (resolver[kServers] || systemServers()).map(([a, p]) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`));
  native.query(servers, bytes, resolver._timeout, resolver._tries, (code, answer) => {
    if (code) {
      finish(dnsError(code, syscall, name));
      return;
    }
    let parsed;
    try {
      parsed = parseAnswer(answer);
    } catch {
      finish(dnsError('EBADRESP', syscall, name));
      return;
    }
    if (parsed.error) {
      finish(dnsError(parsed.error, syscall, name));
      return;
    }
    const wanted = type === 'ANY' ? parsed.records.filter((r) => TYPE_NAMES[r.type]) : parsed.records.filter((r) => r.type === TYPES[type]);
    if (!wanted.length) finish(dnsError('ENODATA', syscall, name));
    else finish(null, wanted);
  });
}

function validateName(name) {
  if (typeof name !== 'string') throw invalidArgType('name', 'of type string', name);
}

function resolveWith(type) {
  return function resolveType(name, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    }
    validateName(name);
    validateFunction(callback, 'callback');
    const ttl = !!(options && options.ttl);
    query(this, name, type, (err, records) => {
      if (err) {
        callback(err);
        return;
      }
      if (type === 'SOA') {
        callback(null, recordValue(records[0]));
      } else if (type === 'ANY') {
        // Node reads an ANY answer type by type, in this order.
        const rank = (r) => ANY_ORDER.indexOf(TYPE_NAMES[r.type]);
        records = records.filter((r) => rank(r) >= 0).sort((a, b) => rank(a) - rank(b));
        callback(null, records.map((r) => {
          const t = TYPE_NAMES[r.type];
          const v = recordValue(r, true);
          if (t === 'A' || t === 'AAAA') return { ...v, type: t };
          if (t === 'TXT') return { entries: v, type: t };
          if (typeof v === 'string') return { value: v, type: t };
          return { ...v, type: t };
        }));
      } else {
        callback(null, records.map((r) => recordValue(r, ttl)));
      }
    });
    return {};
  };
}

const RESOLVE_METHODS = {
  resolve4: 'A', resolve6: 'AAAA', resolveAny: 'ANY', resolveCaa: 'CAA', resolveCname: 'CNAME', resolveMx: 'MX',
  resolveNaptr: 'NAPTR', resolveNs: 'NS', resolvePtr: 'PTR', resolveSoa: 'SOA', resolveSrv: 'SRV', resolveTlsa: 'TLSA', resolveTxt: 'TXT',
};
for (const [method, type] of Object.entries(RESOLVE_METHODS)) Resolver.prototype[method] = resolveWith(type);

Resolver.prototype.resolve = function resolve(name, rrtype, callback) {
  if (typeof rrtype === 'function') {
    callback = rrtype;
    rrtype = 'A';
  } else if (typeof rrtype !== 'string') {
    throw invalidArgType('rrtype', 'of type string', rrtype);
  }
  if (!SYSCALL[rrtype]) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'rrtype' is invalid. Received '${rrtype}'`);
  }
  const method = Object.keys(RESOLVE_METHODS).find((m) => RESOLVE_METHODS[m] === rrtype);
  return this[method](name, callback);
};

// The names /etc/hosts gives an address, in file order.
function hostsNames(ip) {
  const net = internals.requireBuiltin('net');
  const names = [];
  try {
    for (const line of fs().readFileSync('/etc/hosts', 'latin1').split('\n')) {
      const fields = line.replace(/#.*/, '').trim().split(/\s+/);
      if (fields.length < 2 || !net.isIP(fields[0])) continue;
      if (fields[0] === ip) names.push(...fields.slice(1));
    }
  } catch {}
  return names;
}

function reverseName(ip) {
  const net = internals.requireBuiltin('net');
  if (net.isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const full = canonicalV6(ip).replace(/:/g, '');
  return `${full.split('').reverse().join('.')}.ip6.arpa`;
}

function canonicalV6(ip) {
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : (tail ? tail.split(':') : []);
  const groups = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}

// c-ares' gethostbyaddr: the hosts file first, then a PTR query; Node
// returns the aliases (every name after the first); nothing found is
// ENOTFOUND, whatever the servers said.
Resolver.prototype.reverse = function reverse(ip, callback) {
  const net = internals.requireBuiltin('net');
  if (typeof ip !== 'string') throw invalidArgType('ip', 'of type string', ip);
  validateFunction(callback, 'callback');
  // c-ares refuses what is not an address: Node throws its EINVAL.
  if (!net.isIP(ip)) throw dnsError('EINVAL', 'getHostByAddr', ip);
  const names = hostsNames(ip);
  if (names.length) {
    process.nextTick(callback, null, names.slice(1));
    return {};
  }
  query(this, reverseName(ip), 'PTR', (err, records) => {
    if (err) callback(dnsError('ENOTFOUND', 'getHostByAddr', ip));
    else callback(null, records.map((r) => recordValue(r)));
  });
  return {};
};

// dns.promises.Resolver: the same, returning promises.
function PromiseResolver(options) {
  if (!(this instanceof PromiseResolver)) throw codeError(TypeError, 'ERR_CONSTRUCT_CALL_REQUIRED', "Class constructor Resolver cannot be invoked without 'new'");
  Resolver.call(this, options);
}
Object.setPrototypeOf(PromiseResolver.prototype, Resolver.prototype);
for (const method of [...Object.keys(RESOLVE_METHODS), 'resolve', 'reverse']) {
  const f = Resolver.prototype[method];
  PromiseResolver.prototype[method] = function (...args) {
    return new Promise((resolve, reject) => {
      f.call(this, ...args, (err, value) => (err ? reject(err) : resolve(value)));
    });
  };
}
Object.defineProperty(Resolver, 'name', { value: 'Resolver' });
Object.defineProperty(PromiseResolver, 'name', { value: 'Resolver' });

let defaultResolver = null;
const theResolver = () => (defaultResolver ??= new Resolver());
let defaultPromiseResolver = null;
const thePromiseResolver = () => (defaultPromiseResolver ??= new PromiseResolver());

const resolverApi = {
  Resolver,
  getServers: () => theResolver().getServers(),
  setServers: (servers) => {
    theResolver().setServers(servers);
    thePromiseResolver().setServers(servers);
  },
};
const promiseResolverApi = {
  Resolver: PromiseResolver,
  getServers: () => thePromiseResolver().getServers(),
  setServers: (servers) => {
    theResolver().setServers(servers);
    thePromiseResolver().setServers(servers);
  },
};
for (const method of [...Object.keys(RESOLVE_METHODS), 'resolve', 'reverse']) {
  resolverApi[method] = (...args) => theResolver()[method](...args);
  Object.defineProperty(resolverApi[method], 'name', { value: method });
  promiseResolverApi[method] = (...args) => thePromiseResolver()[method](...args);
  Object.defineProperty(promiseResolverApi[method], 'name', { value: method });
}

function lookupServiceArgs(address, port, nargs) {
  const net = internals.requireBuiltin('net');
  if (nargs < 3) {
    throw codeError(TypeError, 'ERR_MISSING_ARGS', 'The "address", "port", and "callback" arguments must be specified');
  }
  if (net.isIP(address) === 0) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'address' is invalid. Received ${internals.requireBuiltin('util').inspect(address)}`);
  }
  if ((typeof port !== 'number' && typeof port !== 'string') || (typeof port === 'string' && port.trim() === '') ||
      +port !== (+port >>> 0) || +port > 0xFFFF) {
    throw codeError(RangeError, 'ERR_SOCKET_BAD_PORT', `Port should be >= 0 and < 65536. Received ${internals.describe(port)}.`);
  }
  return +port;
}

// The promise form's error names no address (Node's).
function nameInfo(address, port, done, promise) {
  native.getnameinfo(address, port, (errno, pair) => {
    if (errno === null) {
      done(null, pair[0], pair[1]);
      return;
    }
    const code = errno === UV_EAI_NONAME || errno === UV_EAI_NODATA ? 'ENOTFOUND' : stream.errName(errno);
    const e = new Error(promise ? `getnameinfo ${code}` : `getnameinfo ${code} ${address}`);
    e.errno = errno;
    e.code = code;
    e.syscall = 'getnameinfo';
    if (!promise) e.hostname = address;
    done(e);
  });
}

function lookupService(address, port, callback) {
  port = lookupServiceArgs(address, port, arguments.length);
  validateFunction(callback, 'callback');
  nameInfo(address, port, callback);
  return {};
}

function lookupServicePromise(address, port) {
  port = lookupServiceArgs(address, port, arguments.length < 2 ? arguments.length : 3);
  return new Promise((resolve, reject) => {
    nameInfo(address, port, (err, hostname, service) => (err ? reject(err) : resolve({ hostname, service })), true);
  });
}

const promises = stubs({ lookup: lookupPromise, lookupService: lookupServicePromise, getDefaultResultOrder, setDefaultResultOrder, ...codes, ...promiseResolverApi }, 'dns.promises', names);
module.exports = stubs({
  lookup, lookupService, getDefaultResultOrder, setDefaultResultOrder, ADDRCONFIG: 32, ALL: 16, V4MAPPED: 8, ...codes, ...resolverApi,
}, 'dns', names);
module.exports.promises = promises;
