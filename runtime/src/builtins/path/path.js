// node:path — the POSIX flavour (nabi runs on Linux).
'use strict';

function assertPath(p, name = 'path') {
  if (typeof p !== 'string') {
    throw internals.errors.codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "${name}" argument must be of type string. Received ${internals.describe(p)}`);
  }
}

function normalizeParts(parts, absolute) {
  const out = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else {
      out.push(p);
    }
  }
  return out;
}

const path = {
  sep: '/',
  delimiter: ':',
  normalize(p) {
    assertPath(p);
    if (p === '') return '.';
    const absolute = p.startsWith('/');
    const trailing = p.endsWith('/');
    let r = normalizeParts(p.split('/'), absolute).join('/');
    if (r === '' && !absolute) r = '.';
    if (r !== '' && trailing) r += '/';
    return (absolute ? '/' : '') + r;
  },
  join(...parts) {
    for (const p of parts) assertPath(p);
    const joined = parts.filter((p) => p !== '').join('/');
    return joined === '' ? '.' : path.normalize(joined);
  },
  resolve(...parts) {
    let resolved = '';
    for (let i = parts.length - 1; i >= -1 && !resolved.startsWith('/'); i--) {
      const p = i >= 0 ? parts[i] : process.cwd();
      assertPath(p);
      if (p === '') continue;
      resolved = resolved ? `${p}/${resolved}` : p;
    }
    const r = normalizeParts(resolved.split('/'), true).join('/');
    return '/' + r;
  },
  isAbsolute(p) {
    assertPath(p);
    return p.startsWith('/');
  },
  dirname(p) {
    assertPath(p);
    if (p === '') return '.';
    let end = p.length;
    while (end > 1 && p[end - 1] === '/') end--;
    const i = p.lastIndexOf('/', end - 1);
    if (i === -1) return '.';
    if (i === 0) return '/';
    let d = p.slice(0, i);
    while (d.length > 1 && d.endsWith('/')) d = d.slice(0, -1);
    return d;
  },
  basename(p, ext) {
    assertPath(p);
    let end = p.length;
    while (end > 0 && p[end - 1] === '/') end--;
    if (end === 0) return '';
    const base = p.slice(p.lastIndexOf('/', end - 1) + 1, end);
    if (ext !== undefined && base.endsWith(ext) && base !== ext) return base.slice(0, -ext.length);
    return base;
  },
  extname(p) {
    assertPath(p);
    const base = path.basename(p);
    const i = base.lastIndexOf('.');
    if (i <= 0 || i === base.length - 1 && base === '..') return '';
    if (i === base.length - 1) return '.';
    return base.slice(i);
  },
  relative(from, to) {
    assertPath(from, 'from');
    assertPath(to, 'to');
    const a = path.resolve(from).split('/').filter(Boolean);
    const b = path.resolve(to).split('/').filter(Boolean);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
  },
  parse(p) {
    assertPath(p);
    const root = p.startsWith('/') ? '/' : '';
    const base = path.basename(p);
    const ext = path.extname(p);
    let dir = path.dirname(p);
    if (dir === '.' && !p.includes('/')) dir = '';
    return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
  },
  format(o) {
    internals.errors.validateObject(o, 'pathObject');
    const dir = o.dir || o.root || '';
    const base = o.base || `${o.name || ''}${o.ext || ''}`;
    if (!dir) return base;
    return dir === o.root ? `${dir}${base}` : `${dir}/${base}`;
  },
  toNamespacedPath(p) {
    return p;
  },
  _makeLong(p) {
    return p;
  },
  matchesGlob(p, pattern) {
    internals.errors.validateString(p, 'path');
    internals.errors.validateString(pattern, 'pattern');
    const parts = p.split('/');
    return braces(pattern).some((alt) => matchParts(alt.split('/'), 0, parts, 0));
  },
};

// ---- glob patterns (path.matchesGlob, fs.glob): *, ?, [...], {a,b}, ** ----

const segmentCache = new Map();
// One path segment's pattern as a RegExp.
function segment(seg) {
  let re = segmentCache.get(seg);
  if (re) return re;
  let src = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\' && i + 1 < seg.length) {
      src += escapeRe(seg[++i]);
    } else if (c === '*') {
      src += '[^/]*';
    } else if (c === '?') {
      src += '[^/]';
    } else if (c === '[' && seg.indexOf(']', i + 2) !== -1) {
      const end = seg.indexOf(']', i + 2);
      let body = seg.slice(i + 1, end);
      if (body[0] === '!') body = `^${body.slice(1)}`;
      src += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else {
      src += escapeRe(c);
    }
  }
  re = new RegExp(`^${src}$`);
  segmentCache.set(seg, re);
  return re;
}

function escapeRe(c) {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

// {a,b} alternatives expanded into whole patterns.
function braces(pattern) {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '{' && depth++ === 0) open = i;
    else if (c === '}' && depth > 0 && --depth === 0) {
      const body = pattern.slice(open + 1, i);
      const alts = [];
      let d = 0;
      let from = 0;
      for (let j = 0; j < body.length; j++) {
        if (body[j] === '{') d++;
        else if (body[j] === '}') d--;
        else if (body[j] === ',' && d === 0) {
          alts.push(body.slice(from, j));
          from = j + 1;
        }
      }
      if (alts.length === 0) continue;
      alts.push(body.slice(from));
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      return alts.flatMap((a) => braces(head + a + tail));
    }
  }
  return [pattern];
}

// Pattern segments against path segments; ** spans any number of
// segments that do not start with a dot (at the end: at least one).
function matchParts(pat, i, parts, j) {
  if (i === pat.length) return j === parts.length;
  const seg = pat[i];
  if (seg === '**') {
    if (i + 1 === pat.length) return j < parts.length && parts.slice(j).every((x) => !x.startsWith('.'));
    for (let k = j; k <= parts.length; k++) {
      if (matchParts(pat, i + 1, parts, k)) return true;
      if (k < parts.length && parts[k].startsWith('.')) return false;
    }
    return false;
  }
  if (j === parts.length) return false;
  const name = parts[j];
  if (name.startsWith('.') && !seg.startsWith('.')) return false;
  return segment(seg).test(name) && matchParts(pat, i + 1, parts, j + 1);
}

internals.glob = { segment, braces };
path.posix = path;
path.win32 = path;
module.exports = path;
