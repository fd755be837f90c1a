// The diagnostic report --report-on-fatalerror writes on napi_fatal_error
// has the sections and header fields of Node's report (Node's own
// Node-API test validates them): resourceUsage and userLimits with Node's
// keys and value types, and the header's glibc versions, wordSize, release,
// cpus and networkInterfaces.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const fixtures = process.env.NABI_FIXTURE_DIR;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fatal-report-'));
const script = path.join(tmp, 'fatal.js');
fs.writeFileSync(script, `require(${JSON.stringify(path.join(fixtures, 'errors.node'))}).fatal();`);
const r = spawnSync(process.execPath, ['--report-on-fatalerror', script], { cwd: tmp, encoding: 'utf8' });
const files = fs.readdirSync(tmp).filter((f) => f.startsWith('report.'));
console.log('signal', r.signal, 'reports', files.length);
const report = JSON.parse(fs.readFileSync(path.join(tmp, files[0]), 'utf8'));

const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
for (const section of ['header', 'javascriptStack', 'javascriptHeap', 'nativeStack', 'resourceUsage',
  'libuv', 'workers', 'environmentVariables', 'userLimits', 'sharedObjects']) {
  console.log(section, kind(report[section]));
}
const h = report.header;
for (const k of ['glibcVersionRuntime', 'glibcVersionCompiler', 'wordSize', 'release', 'cpus', 'networkInterfaces']) {
  console.log('header', k, kind(h[k]));
}
console.log('release name', h.release.name, 'wordSize', h.wordSize);
const ru = report.resourceUsage;
for (const k of ['userCpuSeconds', 'kernelCpuSeconds', 'cpuConsumptionPercent', 'userCpuConsumptionPercent',
  'kernelCpuConsumptionPercent', 'maxRss']) {
  console.log('resourceUsage', k, kind(ru[k]), ru[k] >= 0);
}
console.log('pageFaults', Object.keys(ru.pageFaults).join(), 'fsActivity', Object.keys(ru.fsActivity).join());
const limits = report.userLimits;
console.log('userLimits', Object.keys(limits).join());
for (const [k, v] of Object.entries(limits)) {
  const ok = (x) => x === 'unlimited' || (typeof x === 'number' && x >= 0);
  if (!ok(v.soft) || !ok(v.hard)) console.log('bad limit', k, v);
}
console.log('open_files as ulimit -n', limits.open_files.soft === Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()));
fs.rmSync(tmp, { recursive: true, force: true });
