// util.MIMEType and util.MIMEParams: the WHATWG MIME type parser and
// serializer, with Node's ERR_INVALID_MIME_SYNTAX errors.
'use strict';

const { codeError } = internals.errors;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_TOKEN = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const NOT_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;
const WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function syntax(what, input, at) {
  const where = at === -1 ? '' : ` at ${at}`;
  return codeError(TypeError, 'ERR_INVALID_MIME_SYNTAX', `The MIME syntax for a ${what} in "${input}" is invalid${where}`);
}

function checkToken(what, s) {
  const bad = s.search(NOT_TOKEN);
  if (s.length === 0 || bad !== -1) throw syntax(what, s, bad);
}

const kMap = Symbol('nabi.mime.params');

class MIMEParams {
  constructor() {
    this[kMap] = new Map();
  }
  delete(name) { this[kMap].delete(`${name}`); }
  get(name) { return this[kMap].get(`${name}`) ?? null; }
  has(name) { return this[kMap].has(`${name}`); }
  set(name, value) {
    name = `${name}`;
    value = `${value}`;
    checkToken('parameter name', name);
    const bad = value.search(NOT_VALUE);
    if (bad !== -1) throw syntax('parameter value', value, bad);
    this[kMap].set(name, value);
  }
  entries() { return this[kMap].entries(); }
  keys() { return this[kMap].keys(); }
  values() { return this[kMap].values(); }
  [Symbol.iterator]() { return this[kMap].entries(); }
  toString() {
    return [...this[kMap]].map(([k, v]) => `${k}=${v.length === 0 || NOT_TOKEN.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : v}`).join(';');
  }
  toJSON() { return this.toString(); }
}

// Parameters after the essence, as the WHATWG algorithm reads them: the
// first of each name wins; bad names or values are skipped.
function parseParams(params, s) {
  let i = 0;
  while (i < s.length) {
    i++; // the ';'
    while (i < s.length && /[\t\n\r ]/.test(s[i])) i++;
    let name = '';
    while (i < s.length && s[i] !== ';' && s[i] !== '=') name += s[i++];
    name = name.toLowerCase();
    if (i >= s.length) break;
    if (s[i] === ';') continue;
    i++; // the '='
    let value = '';
    if (s[i] === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        value += s[i++];
      }
      while (i < s.length && s[i] !== ';') i++;
    } else {
      while (i < s.length && s[i] !== ';') value += s[i++];
      value = value.replace(/[\t\n\r ]+$/, '');
      if (value === '') continue;
    }
    if (name && TOKEN.test(name) && !NOT_VALUE.test(value) && !params.has(name)) params[kMap].set(name, value);
  }
}

const kType = Symbol('nabi.mime.type');
const kSubtype = Symbol('nabi.mime.subtype');
const kParams = Symbol('nabi.mime.params');

class MIMEType {
  constructor(input) {
    const s = `${input}`.replace(WS, '');
    const slash = s.indexOf('/');
    const type = slash === -1 ? s : s.slice(0, slash);
    if (slash === -1 || type === '' || NOT_TOKEN.test(type)) throw syntax('type', s, slash === -1 ? -1 : type.search(NOT_TOKEN));
    const semi = s.indexOf(';', slash);
    const subtype = (semi === -1 ? s.slice(slash + 1) : s.slice(slash + 1, semi)).replace(/[\t\n\r ]+$/, '');
    const bad = subtype.search(NOT_TOKEN);
    if (subtype === '' || bad !== -1) throw syntax('subtype', s, bad);
    this[kType] = type.toLowerCase();
    this[kSubtype] = subtype.toLowerCase();
    this[kParams] = new MIMEParams();
    if (semi !== -1) parseParams(this[kParams], s.slice(semi));
  }
  get type() { return this[kType]; }
  set type(v) {
    v = `${v}`;
    checkToken('type', v);
    this[kType] = v.toLowerCase();
  }
  get subtype() { return this[kSubtype]; }
  set subtype(v) {
    v = `${v}`;
    checkToken('subtype', v);
    this[kSubtype] = v.toLowerCase();
  }
  get params() { return this[kParams]; }
  get essence() { return `${this[kType]}/${this[kSubtype]}`; }
  toString() {
    const p = this.params.toString();
    return p ? `${this.essence};${p}` : this.essence;
  }
  toJSON() { return this.toString(); }
}

module.exports = { MIMEType, MIMEParams };
