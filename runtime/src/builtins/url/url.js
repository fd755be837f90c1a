// node:url — URL (WHATWG, enough of it for file: and http(s): URLs), its
// setters, URLSearchParams, fileURLToPath, pathToFileURL.
'use strict';

const nativeURL = globalThis.URL;

class URLSearchParams {
  constructor(init = '') {
    this._list = [];
    // The URL whose query this is (set by URL): changes go back to it.
    this._url = null;
    if (typeof init === 'string') {
      this._list = parseQuery(init.replace(/^\?/, ''));
    } else if (init && typeof init === 'object') {
      for (const [k, v] of Symbol.iterator in init ? init : Object.entries(init)) this._list.push([String(k), String(v)]);
    }
  }
  _update() {
    if (!this._url) return;
    const query = this.toString();
    this._url._search = query ? '?' + query : '';
  }
  get(k) { const e = this._list.find(([n]) => n === `${k}`); return e ? e[1] : null; }
  getAll(k) { return this._list.filter(([n]) => n === `${k}`).map(([, v]) => v); }
  has(k, v) { return this._list.some(([n, x]) => n === `${k}` && (v === undefined || x === `${v}`)); }
  // The first pair named k takes the value; the others go.
  set(k, v) {
    k = `${k}`;
    const i = this._list.findIndex(([n]) => n === k);
    if (i === -1) {
      this._list.push([k, `${v}`]);
    } else {
      this._list[i] = [k, `${v}`];
      this._list = this._list.filter(([n], j) => n !== k || j === i);
    }
    this._update();
  }
  append(k, v) { this._list.push([`${k}`, `${v}`]); this._update(); }
  delete(k, v) {
    this._list = this._list.filter(([n, x]) => n !== `${k}` || (v !== undefined && x !== `${v}`));
    this._update();
  }
  // Stable, by the names' UTF-16 code units.
  sort() {
    this._list = this._list.map((e, i) => [e, i]).sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j)).map(([e]) => e);
    this._update();
  }
  entries() { return this._list.map(([k, v]) => [k, v])[Symbol.iterator](); }
  keys() { return this._list.map(([k]) => k)[Symbol.iterator](); }
  values() { return this._list.map(([, v]) => v)[Symbol.iterator](); }
  forEach(fn, thisArg) { for (const [k, v] of this._list) fn.call(thisArg, v, k, this); }
  [Symbol.iterator]() { return this.entries(); }
  get size() { return this._list.length; }
  toString() { return this._list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&'); }
}
// application/x-www-form-urlencoded: `+` is a space; a `%` without two hex
// digits stays as it is; bytes that are not UTF-8 become U+FFFD.
function parseQuery(s) {
  const list = [];
  for (const part of s.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    list.push(eq === -1 ? [formDecode(part), ''] : [formDecode(part.slice(0, eq)), formDecode(part.slice(eq + 1))]);
  }
  return list;
}
function formDecode(s) {
  s = s.replace(/\+/g, ' ');
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    const bytes = [];
    for (const b of new TextEncoder().encode(s)) bytes.push(b);
    const out = [];
    for (let i = 0; i < bytes.length; i++) {
      const h = bytes[i] === 37 ? String.fromCharCode(bytes[i + 1], bytes[i + 2]) : '';
      if (/^[0-9a-fA-F]{2}$/.test(h)) {
        out.push(parseInt(h, 16));
        i += 2;
      } else {
        out.push(bytes[i]);
      }
    }
    return new TextDecoder().decode(new Uint8Array(out));
  }
}
function formEncode(s) {
  return encodeURIComponent(s.toWellFormed()).replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');
}

const special = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };

function normalizePath(p) {
  const out = [];
  const parts = p.split('/');
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i];
    if (s === '..') {
      if (out.length > 1) out.pop();
      if (i === parts.length - 1) out.push('');
    } else if (s === '.') {
      if (i === parts.length - 1) out.push('');
    } else {
      out.push(s);
    }
  }
  return out.join('/') || '/';
}

class URL {
  constructor(input, base) {
    // Both as strings first, as Node: a Symbol throws a TypeError.
    input = `${input}`.trim();
    if (base !== undefined && !(base instanceof URL)) base = `${base}`;
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(.*)$/.exec(input);
    if (!m) {
      if (base === undefined) throw invalid(input);
      const b = base instanceof URL ? base : new URL(base);
      let path;
      if (input.startsWith('//')) return new URL(b.protocol + input);
      if (input.startsWith('/')) path = input;
      else if (input.startsWith('?') || input.startsWith('#')) path = b.pathname + input;
      else path = b.pathname.replace(/[^/]*$/, '') + input;
      return new URL(`${b.protocol}//${b.host}${path}`);
    }
    this._protocol = m[1].toLowerCase();
    let rest = m[2];
    this._hash = '';
    this._search = '';
    const h = rest.indexOf('#');
    if (h >= 0) {
      this._hash = rest.slice(h);
      rest = rest.slice(0, h);
    }
    const q = rest.indexOf('?');
    if (q >= 0) {
      this._search = rest.slice(q);
      rest = rest.slice(0, q);
    }
    this._username = '';
    this._password = '';
    this._hostname = '';
    this._port = '';
    if (this._protocol in special) {
      rest = rest.replace(/\\/g, '/');
      if (rest.startsWith('//')) {
        rest = rest.slice(2);
        const slash = rest.indexOf('/');
        let auth = slash >= 0 ? rest.slice(0, slash) : rest;
        rest = slash >= 0 ? rest.slice(slash) : '/';
        const at = auth.lastIndexOf('@');
        if (at >= 0) {
          const [u, p = ''] = auth.slice(0, at).split(':');
          this._username = u;
          this._password = p;
          auth = auth.slice(at + 1);
        }
        const colon = auth.lastIndexOf(':');
        if (colon >= 0 && !auth.endsWith(']')) {
          this._port = auth.slice(colon + 1);
          auth = auth.slice(0, colon);
          if (this._port === special[this._protocol]) this._port = '';
        }
        this._hostname = auth.toLowerCase();
        if (!this._hostname && this._protocol !== 'file:') throw invalid(input);
      } else if (this._protocol !== 'file:') {
        if (base === undefined) throw invalid(input);
      }
      this._pathname = normalizePath(encodePath(rest.startsWith('/') ? rest : '/' + rest));
    } else {
      this._pathname = rest;
    }
    this.searchParams = new URLSearchParams(this._search);
    this.searchParams._url = this;
  }
  get protocol() { return this._protocol; }
  get username() { return this._username; }
  get password() { return this._password; }
  get hostname() { return this._hostname; }
  get port() { return this._port; }
  get host() { return this._port ? `${this._hostname}:${this._port}` : this._hostname; }
  get origin() { return this._protocol in special && this._protocol !== 'file:' ? `${this._protocol}//${this.host}` : 'null'; }
  get pathname() { return this._pathname; }
  get search() { return this._search.length > 1 ? this._search : ''; }
  get hash() { return this._hash.length > 1 ? this._hash : ''; }
  get href() {
    const creds = this._username || this._password;
    const auth = creds ? `${this._username}${this._password ? ':' + this._password : ''}@` : '';
    const slashes = this._protocol in special ? '//' : '';
    return `${this._protocol}${slashes}${auth}${this.host}${this._pathname}${this._search}${this._hash}`;
  }

  // The setters follow the WHATWG URL standard's: a value they cannot use
  // leaves the URL unchanged, without an error (href alone throws).
  set href(value) {
    const u = new URL(String(value));
    for (const k of ['_protocol', '_username', '_password', '_hostname', '_port', '_pathname', '_search', '_hash']) this[k] = u[k];
    this.searchParams._list = u.searchParams._list;
  }
  set protocol(value) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(`${value}:`);
    if (!m) return;
    const scheme = m[1].toLowerCase() + ':';
    if (scheme in special !== this._protocol in special) return;
    if (scheme === 'file:' && (this._username || this._password || this._port)) return;
    if (this._protocol === 'file:' && !this._hostname) return;
    this._protocol = scheme;
    if (this._port === special[scheme]) this._port = '';
  }
  set username(value) {
    if (!this._hostname || this._protocol === 'file:') return;
    this._username = percentEncode(String(value), userinfoSet);
  }
  set password(value) {
    if (!this._hostname || this._protocol === 'file:') return;
    this._password = percentEncode(String(value), userinfoSet);
  }
  set host(value) {
    this._setHost(String(value), true);
  }
  set hostname(value) {
    this._setHost(String(value), false);
  }
  _setHost(value, withPort) {
    if (!(this._protocol in special)) return;
    value = value.replace(/[\\/?#].*$/s, '');
    let port;
    const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/s.exec(value);
    if (m[2] !== undefined) {
      if (!withPort) return;
      port = m[2];
    }
    let host = m[1].toLowerCase();
    if (/[\x00-\x20#%/:<>?@[\\\]^|]/.test(host.replace(/^\[[0-9a-f:.]*\]$/, ''))) return;
    if (this._protocol === 'file:') {
      if (port !== undefined) return;
      if (host === 'localhost') host = '';
    } else if (!host) {
      return;
    }
    this._hostname = host;
    if (port !== undefined && port !== '') this.port = port;
  }
  set port(value) {
    if (!this._hostname || this._protocol === 'file:') return;
    value = String(value);
    if (value === '') {
      this._port = '';
      return;
    }
    const digits = /^[0-9]+/.exec(value);
    if (!digits) return;
    const n = Number(digits[0]);
    if (n > 65535) return;
    this._port = String(n) === special[this._protocol] ? '' : String(n);
  }
  set pathname(value) {
    value = String(value);
    if (!(this._protocol in special)) {
      if (this._pathname.startsWith('/')) this._pathname = percentEncode(value, pathSet);
      return;
    }
    value = value.replace(/\\/g, '/');
    this._pathname = normalizePath(percentEncode(value.startsWith('/') ? value : '/' + value, pathSet));
  }
  set search(value) {
    value = String(value);
    const query = value === '' ? '' : percentEncode(value.replace(/^\?/, ''), this._protocol in special ? specialQuerySet : querySet);
    this._search = value === '' ? '' : '?' + query;
    this.searchParams._list = new URLSearchParams(query)._list;
  }
  set hash(value) {
    value = String(value);
    this._hash = value === '' ? '' : '#' + percentEncode(value.replace(/^#/, ''), fragmentSet);
  }
  toString() { return this.href; }
  toJSON() { return this.href; }
  static canParse(input, base) {
    try {
      new URL(input, base);
      return true;
    } catch {
      return false;
    }
  }
}

// The WHATWG percent-encode sets (beyond C0 controls and non-ASCII).
const fragmentSet = /[\x00-\x20"<>`\x7f-\u{10ffff}]/gu;
const querySet = /[\x00-\x20"#<>\x7f-\u{10ffff}]/gu;
const specialQuerySet = /[\x00-\x20"#<>'\x7f-\u{10ffff}]/gu;
const pathSet = /[\x00-\x20"#<>?`{}\x7f-\u{10ffff}]/gu;
const userinfoSet = /[\x00-\x20"#<>?`{}/:;=@[\\\]^|\x7f-\u{10ffff}]/gu;
function percentEncode(s, set) {
  return s.toWellFormed().replace(set, (c) => (c === '\x7f' ? '%7F' : encodeURIComponent(c).replace(/[!'()*~]/g, (x) => '%' + x.charCodeAt(0).toString(16).toUpperCase())));
}

function encodePath(p) {
  return p.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));
}

function invalid(input) {
  const e = new TypeError('Invalid URL');
  e.code = 'ERR_INVALID_URL';
  e.input = input;
  return e;
}

const URLClass = nativeURL || URL;

function fileURLToPath(u) {
  if (typeof u !== 'string' && !(u instanceof URLClass)) {
    throw internals.errors.invalidArgType('path', 'of type string or an instance of URL', u);
  }
  const url = typeof u === 'string' ? new URLClass(u) : u;
  if (url.protocol !== 'file:') {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  }
  if (url.hostname !== '' && url.hostname !== 'localhost') {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_FILE_URL_HOST', `File URL host must be "localhost" or empty on linux`);
  }
  if (/%2f/i.test(url.pathname)) {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
  }
  return decodeURIComponent(url.pathname);
}

function pathToFileURL(p) {
  const path = internals.requireBuiltin('path');
  let resolved = path.resolve(p);
  if (p.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  return new URLClass('file://' + encodePath(resolved).replace(/%(?![0-9A-Fa-f]{2})/g, '%25').replace(/\?/g, '%3F').replace(/#/g, '%23'));
}

// The legacy API (url.parse & co.) lives in url_legacy.js.
const legacy = internals.loadBuiltinFile('url_legacy');

function domainArg(args) {
  if (args.length < 1) throw internals.errors.codeError(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified');
  return `${args[0]}`;
}

const urlStateKeys = new Set(Object.keys(new URLClass('http://x/')));
// http.request's options from a URL.
function urlToHttpOptions(url) {
  internals.errors.validateObject(url, 'url', { allowArray: true, allowFunction: true });
  const { hostname, pathname, port, username, password, search } = url;
  const options = { __proto__: null };
  // What a script added to the URL object (nabi's URL keeps its state in
  // own properties, which Node's private fields are not).
  for (const k of Object.keys(url)) if (!urlStateKeys.has(k)) options[k] = url[k];
  Object.assign(options, {
    protocol: url.protocol,
    hostname: hostname && hostname[0] === '[' ? hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ''}${search || ''}`,
    href: url.href,
  });
  if (port !== '') options.port = Number(port);
  if (username || password) options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  return options;
}

module.exports = {
  URL: URLClass,
  URLSearchParams: globalThis.URLSearchParams || URLSearchParams,
  fileURLToPath,
  pathToFileURL,
  ...legacy,
  domainToASCII: (...args) => internals.binding.domainToASCII(domainArg(args)),
  domainToUnicode: (...args) => internals.binding.domainToUnicode(domainArg(args)),
  urlToHttpOptions,
};
