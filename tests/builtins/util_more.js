// util's smaller calls against Node 24: system error names/messages/map,
// _errnoException, _exceptionWithHostPort, _extend, parseEnv, MIMEType and
// MIMEParams, aborted, transferableAbortSignal/Controller,
// markPromiseAsHandled and getCallSites' shape.
'use strict';
const util = require('util');
const t = (l, f) => {
  try {
    console.log(l, f());
  } catch (e) {
    console.log(l, e.code, e.name, e.message);
  }
};
t('name', () => [util.getSystemErrorName(-2), util.getSystemErrorName(-4095), util.getSystemErrorName(-3008), util.getSystemErrorName(-9999)]);
t('msg', () => [util.getSystemErrorMessage(-2), util.getSystemErrorMessage(-111), util.getSystemErrorMessage(-9999)]);
t('name bad', () => util.getSystemErrorName(2));
t('name bad2', () => util.getSystemErrorName('x'));
t('name bad3', () => util.getSystemErrorName(-1.5));
t('msg bad', () => util.getSystemErrorMessage(0));
const m = util.getSystemErrorMap();
t('map', () => [m.size, m.get(-2), m.get(-4095), m.get(-3008), m.get(-110), [...m.keys()].slice(0, 5)]);
t('map entries', () => JSON.stringify([...m].sort((a, b) => a[0] - b[0])));
process.noDeprecation = true;
t('extend', () => util._extend({ a: 1 }, { b: 2 }));
t('extend null', () => util._extend({ a: 1 }, null));
t('extend bad', () => util._extend(1, { b: 2 }));
t('parseEnv', () => util.parseEnv('A=1\n# c\nB="x y"\nexport C=\'q\'\nD = spaced  \nE="multi\nline"\nF=`bt`\nG=a # comment\nH="esc\\nn"\nI\n=J\nK=\nL=\'x # y\'\r\nM=after'));
t('parseEnv bad', () => util.parseEnv(1));
t('errno', () => {
  const e = util._errnoException(-2, 'open', 'extra');
  return [e.code, e.errno, e.syscall, e.message, e instanceof Error];
});
t('hostport', () => {
  const e = util._exceptionWithHostPort(-111, 'connect', '127.0.0.1', 80, 'x');
  return [e.code, e.errno, e.syscall, e.message, e.address, e.port];
});
const mt = new util.MIMEType('Text/HTML; Charset="utf-8"; q=1');
t('mime', () => [String(mt), mt.type, mt.subtype, mt.essence, mt.params.get('charset'), [...mt.params.keys()], JSON.stringify(mt), Object.keys(mt)]);
t('mime set', () => {
  mt.type = 'application';
  mt.subtype = 'JSON';
  mt.params.set('a', 'b c');
  mt.params.delete('q');
  return [String(mt), mt.params.has('a'), String(mt.params), mt.params.get('zz')];
});
t('mime odd params', () => String(new util.MIMEType('a/b;x;y=;z="q\\"r";x=2;X=3;bad key=1; w = v')));
t('mime bad', () => new util.MIMEType('nope'));
t('mime bad2', () => new util.MIMEType('a/b c'));
t('mime bad3', () => new util.MIMEType('/b'));
t('mime bad type', () => { mt.type = 'a b'; });
t('mime params set bad', () => mt.params.set('a b', 'c'));
t('mime params set bad2', () => mt.params.set('a', '\n'));
t('MIMEParams', () => {
  const p = new util.MIMEParams();
  p.set('x', 'y');
  p.set('e', '');
  return [String(p), [...p], [...p.entries()], [...p.values()]];
});
util.aborted(1, {}).catch((e) => console.log('aborted bad', e.code, e.message));
util.aborted(new AbortController().signal, 1).catch((e) => console.log('aborted bad2', e.code, e.message));
const ac = new AbortController();
util.aborted(ac.signal, {}).then(() => console.log('aborted resolved'));
ac.abort();
t('transferable', () => {
  const s = util.transferableAbortSignal(new AbortController().signal);
  const c = util.transferableAbortController();
  return [s.constructor.name, c.constructor.name, c.signal.aborted];
});
t('transferable bad', () => util.transferableAbortSignal(1));
t('markPromiseAsHandled', () => util.markPromiseAsHandled(Promise.resolve()));
t('callsites', () => {
  const c = util.getCallSites();
  return [Array.isArray(c), c[0].scriptName === __filename, typeof c[0].functionName, typeof c[0].lineNumber, typeof c[0].column, Object.keys(c[0]).sort()];
});
t('callsites count', () => util.getCallSites(1).length);
t('callsites bad', () => util.getCallSites('x'));
t('callsites bad2', () => util.getCallSites(201));
