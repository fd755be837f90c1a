// A finalizer that runs at env teardown and throws (napi_throw_error,
// napi_throw): the calls fail as Node's JS-running calls do then
// (napi_pending_exception for a Node-API 9 module, napi_cannot_run_js for
// Node-API 10), nothing is left pending and nothing is reported as an
// uncaught exception; the process exits 0. Each module runs in a child,
// whose output (the finalizer's lines) is compared.
'use strict';
const assert = require('assert');
const path = require('path');
const { spawnSync } = require('child_process');

for (const name of ['teardown_throw', 'teardown_throw_v10']) {
  const fixture = path.join(process.env.NABI_FIXTURE_DIR, `${name}.node`);
  const r = spawnSync(process.execPath, ['-e', `globalThis.kept = require(${JSON.stringify(fixture)}).keep({});`], {
    encoding: 'utf8',
  });
  console.log(`== ${name}: exit ${r.status}, stderr ${JSON.stringify(r.stderr)}`);
  process.stdout.write(r.stdout);
  assert.strictEqual(r.status, 0);
}
