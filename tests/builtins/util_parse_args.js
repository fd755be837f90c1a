// util.parseArgs against Node 24: tokens, short groups, strict errors, negative
// options, defaults and the config's own checks.
'use strict';
const { parseArgs } = require('util');
const show = (v) => JSON.stringify(v, (k, x) => x);
function t(label, cfg) {
  try { const r = parseArgs(cfg); console.log(label, show({ values: r.values, proto: Object.getPrototypeOf(r.values), positionals: r.positionals, tokens: r.tokens })); }
  catch (e) { console.log(label, e.code, e.name, JSON.stringify(e.message)); }
}
const o = { file: { type: 'string', short: 'f' }, verbose: { type: 'boolean', short: 'v' }, n: { type: 'string', multiple: true, short: 'n' }, color: { type: 'boolean' } };
t('basic', { args: ['-f', 'a.txt', '--verbose', 'pos'], options: o, allowPositionals: true });
t('tokens', { args: ['-vf', 'x', '--file=y', '-fz', '--', '--q', 'r'], options: o, allowPositionals: true, tokens: true });
t('group', { args: ['-vvf', 'x'], options: o, tokens: true });
t('group value', { args: ['-vfx'], options: o, tokens: true });
t('multiple', { args: ['-n', '1', '--n', '2', '--n=3'], options: o });
t('unknown', { args: ['--what'], options: o });
t('unknown short', { args: ['-w'], options: o });
t('unknown positionals', { args: ['--what'], options: o, allowPositionals: true });
t('positional strict', { args: ['x'], options: o });
t('missing value', { args: ['--file'], options: o });
t('missing short value', { args: ['-f'], options: o });
t('bool with value', { args: ['--verbose=1'], options: o });
t('ambiguous', { args: ['--file', '-x'], options: o });
t('ambiguous short', { args: ['-f', '-x'], options: o });
t('inline dash', { args: ['--file=-x', '-f-y'], options: o });
t('non strict', { args: ['--file', '--what', '-x', '-abc', 'p', '--k=v'], options: o, strict: false, tokens: true });
t('defaults', { args: [], options: { a: { type: 'string', default: 'd' }, b: { type: 'boolean', default: false }, c: { type: 'string', multiple: true, default: ['x'] } } });
t('bad default', { args: [], options: { a: { type: 'string', default: 1 } } });
t('bad default multi', { args: [], options: { a: { type: 'string', multiple: true, default: 'x' } } });
t('bad default bool', { args: [], options: { a: { type: 'boolean', default: 'x' } } });
t('bad type', { args: [], options: { a: { type: 'number' } } });
t('bad short', { args: [], options: { a: { type: 'string', short: 'ab' } } });
t('bad short type', { args: [], options: { a: { type: 'string', short: 1 } } });
t('bad multiple', { args: [], options: { a: { type: 'string', multiple: 1 } } });
t('bad opt', { args: [], options: { a: 1 } });
t('bad options', { args: [], options: 1 });
t('bad args', { args: 'x' });
t('bad strict', { args: [], strict: 1 });
t('bad allowPositionals', { args: [], allowPositionals: 1 });
t('bad tokens', { args: [], tokens: 1 });
t('bad allowNegative', { args: [], allowNegative: 1 });
t('negative', { args: ['--no-color', '--no-verbose', '--color'], options: o, allowNegative: true, tokens: true });
t('negative last', { args: ['--color', '--no-color'], options: o, allowNegative: true });
t('negative unknown', { args: ['--no-file'], options: o, allowNegative: true });
t('negative off', { args: ['--no-color'], options: o });
t('negative value', { args: ['--no-color=1'], options: o, allowNegative: true });
t('proto', { args: ['--__proto__', 'x'], options: { __proto__: null, ['__proto__']: { type: 'string' } } });
t('dash', { args: ['-', '--', '-'], options: o, allowPositionals: true, tokens: true });
t('empty', {});
t('default args', { options: o });
t('no config', undefined);
t('multi bool', { args: ['-bb'], options: { b: { type: 'boolean', short: 'b', multiple: true } } });
t('eq empty', { args: ['--file='], options: o });
t('long single dash', { args: ['-file'], options: o, strict: false });
try { parseArgs(1) } catch (e) { console.log(e.code, e.message) }
