// Command-line options Node's Node-API tests use, run in child processes
// of this runtime (process.execPath): unknown options rejected with Node's
// message and exit code 9, NODE_OPTIONS (allowed options honoured, others
// refused), --napi-modules (no effect), --env-file, the uncaught-exceptions
// policy for threadsafe-function calls, and --report-on-fatalerror.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const fixtures = process.env.NABI_FIXTURE_DIR;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nabi-cli-'));

function run(args, { env = {}, cwd } = {}) {
  const r = spawnSync(process.execPath, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  const stderr = r.stderr.split(process.execPath).join('<program>').split(tmp).join('<tmp>');
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr };
}
const show = (label, r) => console.log(label, JSON.stringify({ status: r.status, stdout: r.stdout, stderr: r.stderr }));

// Unknown options: Node's message, exit 9.
show('bad option', run(['--bogus-opt', '-e', '1']));
show('bad short option', run(['-x', '-e', '1']));
show('bad option with value', run(['--bogus=1', '-e', '1']));

// NODE_OPTIONS: the options Node allows there apply (and are not in
// execArgv); others are refused.
const probe = ['-p', 'JSON.stringify([typeof gc, process.execArgv.length])'];
show('NODE_OPTIONS allowed', run(probe, { env: { NODE_OPTIONS: '--expose-gc --napi-modules  --report-on-fatalerror' } }));
show('NODE_OPTIONS quoted', run(probe, { env: { NODE_OPTIONS: '"--expose-gc"' } }));
show('NODE_OPTIONS unknown', run(probe, { env: { NODE_OPTIONS: '--bogus' } }));
show('NODE_OPTIONS unknown with value', run(probe, { env: { NODE_OPTIONS: '--bogus=1' } }));
show('NODE_OPTIONS -p', run(probe, { env: { NODE_OPTIONS: '-p 1' } }));
show('NODE_OPTIONS env-file', run(probe, { env: { NODE_OPTIONS: '--env-file=x' } }));

// --napi-modules: accepted, nothing else changes.
show('--napi-modules', run(['--napi-modules', '-p', 'process.execArgv.slice(0, 1)']));

// --env-file: Node's dotenv format; the environment wins over the file.
const envFile = path.join(tmp, 'test.env');
fs.writeFileSync(envFile, [
  '# a comment',
  'PLAIN=value',
  'export EXPORTED="two words"',
  "SINGLE='single' # trailing comment",
  'NEWLINE="multi\\nline"',
  'MULTI="first',
  'second"',
  'EMPTY=',
  '  SPACED = spaced  ',
  'BACKTICK=`tick`',
  'HASH=before#after',
  'KEPT=from the file',
  'no equals sign here',
  '',
].join('\n'));
const keys = ['PLAIN', 'EXPORTED', 'SINGLE', 'NEWLINE', 'MULTI', 'EMPTY', 'SPACED', 'BACKTICK', 'HASH', 'KEPT'];
const envProbe = ['-p', `JSON.stringify(${JSON.stringify(keys)}.map((k) => process.env[k]))`];
show('--env-file=', run([`--env-file=${envFile}`, ...envProbe], { env: { KEPT: 'from the environment' } }));
show('--env-file FILE', run(['--env-file', envFile, ...envProbe]));
show('--env-file missing', run([`--env-file=${path.join(tmp, 'missing.env')}`, '-e', '1']));

// The uncaught-exceptions policy: an exception thrown by a threadsafe
// function's call goes to 'uncaughtException' only when forced; by default
// (modules below the experimental version) it is dropped with DEP0168.
const policyScript = path.join(tmp, 'policy.js');
fs.writeFileSync(policyScript, `
  const addon = require(${JSON.stringify(path.join(fixtures, 'async.node'))});
  process.on('uncaughtException', (e) => console.log('uncaughtException:', e.message));
  addon.callThrowing(() => { throw new Error('thrown in a threadsafe call'); });
  setTimeout(() => console.log('still running'), 50);
`);
for (const [label, args, env] of [
  ['default', [], {}],
  ['forced', ['--force-node-api-uncaught-exceptions-policy'], {}],
  ['forced=true', ['--force-node-api-uncaught-exceptions-policy=true'], {}],
  ['not forced', ['--no-force-node-api-uncaught-exceptions-policy'], {}],
  ['forced by NODE_OPTIONS', [], { NODE_OPTIONS: '--force-node-api-uncaught-exceptions-policy' }],
]) {
  const r = run([...args, policyScript], { env });
  console.log('policy', label, r.status, JSON.stringify(r.stdout), 'DEP0168 warning:', r.stderr.includes('[DEP0168] DeprecationWarning: Uncaught Node-API callback exception detected'));
}

// --report-on-fatalerror: napi_fatal_error writes a report, then aborts.
const fatalScript = path.join(tmp, 'fatal.js');
fs.writeFileSync(fatalScript, `require(${JSON.stringify(path.join(fixtures, 'errors.node'))}).fatal();`);
for (const flag of [[], ['--report-on-fatalerror']]) {
  const dir = fs.mkdtempSync(path.join(tmp, 'report-'));
  const r = run([...flag, fatalScript], { cwd: dir });
  const reports = fs.readdirSync(dir).filter((f) => /^report\.\d{8}\.\d{6}\.\d+\.0\.001\.json$/.test(f));
  const report = reports.length === 1 ? JSON.parse(fs.readFileSync(path.join(dir, reports[0]), 'utf8')) : null;
  console.log('fatal', flag.join(' ') || '(no flag)', r.signal, r.stderr.includes('FATAL ERROR: fixture/errors.c fatal on purpose'),
    'reports:', reports.length,
    report && [report.header.trigger, report.header.event, report.header.processId > 0, report.header.filename === reports[0],
      Array.isArray(report.header.commandLine), typeof report.environmentVariables, Array.isArray(report.sharedObjects)],
    'announced:', r.stderr.includes(`Writing Node.js report to file: ${reports[0]}`) && r.stderr.includes('Node.js report completed'));
}

fs.rmSync(tmp, { recursive: true, force: true });
