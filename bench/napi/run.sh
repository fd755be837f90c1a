#!/usr/bin/env bash
# Node-API per-operation costs under node and nabi, in one run:
#   bench/napi/run.sh
# Prints ns/op for both, the ratio, and whether each case meets its target
# (C-driven cases at most node's time; the JS->native no-op call at most
# 1.3x a raw QuickJS C-function call in the same binary).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$root/scripts/setup.sh"
mkdir -p "$here/build"
cc -O2 -shared -fPIC -pthread -I "$root/fixtures/node_modules/node-api-headers/include" \
  "$here/bench.c" -o "$here/build/bench.node"
(cd "$root" && cargo build --release -q -p nabi)
echo "running under node $(node --version) and nabi (release)..." >&2
node_json="$(node "$here/bench.js")"
nabi_json="$("$root/target/release/nabi" "$here/bench.js")"
node -e '
const [n, q] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2])];
const rows = [["case", "node ns/op", "nabi ns/op", "nabi/node", "target", "met"]];
for (const k of Object.keys(n)) {
  const ratio = q[k] / n[k];
  const isCall = k.startsWith("JS -> native");
  if (k === "raw QuickJS C function call") continue;
  const target = isCall ? "<= 1.3x raw QuickJS call" : "<= 1.0x node";
  const met = isCall ? q[k] <= 1.3 * q["raw QuickJS C function call"] : ratio <= 1.0;
  rows.push([k, n[k].toFixed(1), q[k].toFixed(1), ratio.toFixed(2) + "x", target, met ? "yes" : "NO"]);
}
const raw = q["raw QuickJS C function call"];
if (raw !== undefined) rows.push(["raw QuickJS C function call", "-", raw.toFixed(1), "-", "(floor)", "-"]);
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log("| " + r.map((c, i) => String(c).padEnd(w[i])).join(" | ") + " |");
if (raw !== undefined) console.log(`\nJS -> native no-op / raw QuickJS call: ${(q["JS -> native no-op call"] / raw).toFixed(2)}x`);
' "$node_json" "$nabi_json"
