// Shared by the conformance tests: loads a C fixture built by the harness
// (runtime/tests/conformance.rs) into NABI_FIXTURE_DIR, and names statuses.
'use strict';
const path = require('path');

const statusNames = [
  'napi_ok', 'napi_invalid_arg', 'napi_object_expected', 'napi_string_expected',
  'napi_name_expected', 'napi_function_expected', 'napi_number_expected',
  'napi_boolean_expected', 'napi_array_expected', 'napi_generic_failure',
  'napi_pending_exception', 'napi_cancelled', 'napi_escape_called_twice',
  'napi_handle_scope_mismatch', 'napi_callback_scope_mismatch', 'napi_queue_full',
  'napi_closing', 'napi_bigint_expected', 'napi_date_expected',
  'napi_arraybuffer_expected', 'napi_detachable_arraybuffer_expected',
  'napi_would_deadlock', 'napi_no_external_buffers_allowed', 'napi_cannot_run_js',
];

function load(name) {
  const dir = process.env.NABI_FIXTURE_DIR;
  if (!dir) throw new Error('NABI_FIXTURE_DIR is not set: run the tests through the conformance harness');
  return require(path.join(dir, `${name}.node`));
}

const status = Object.fromEntries(statusNames.map((n, i) => [n.slice(5), i]));
const statusName = (s) => statusNames[s] || `status ${s}`;

module.exports = { load, status, statusName };
