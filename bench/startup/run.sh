#!/usr/bin/env bash
# Start-up cost of loading a real addon package: wall time and peak RSS of
#   nabi -e "require('@node-rs/xxhash')"   vs   node -e "…"
# in one run (median of 20 runs each). Targets: at most 0.2x node's wall
# time and 0.3x its peak RSS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$root/scripts/setup.sh"
modules="$(bash "$root/tests/packages/install.sh")"
# Peak RSS comes from GNU time (a small C parent: a fork of a big process
# would count the parent's pages in the child's maximum).
if [ ! -x /usr/bin/time ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq time >/dev/null
fi
(cd "$root" && cargo build --release -q -p nabi)
python3 - "$root/target/release/nabi" "$modules" <<'PY'
import os, statistics, subprocess, sys, time
nabi, modules = sys.argv[1], sys.argv[2]
code = "require('@node-rs/xxhash')"
def measure(cmd):
    walls, rss = [], []
    for _ in range(20):
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=os.path.dirname(modules),
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        walls.append((time.perf_counter() - start) * 1000)
        rss.append(int(p.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(walls), statistics.median(rss)
n_wall, n_rss = measure(["node", "-e", code])
q_wall, q_rss = measure([nabi, "-e", code])
print(f"| runtime | wall ms (median of 20) | peak RSS MiB |")
print(f"|---|---:|---:|")
print(f"| node {subprocess.check_output(['node', '--version']).decode().strip()} | {n_wall:.1f} | {n_rss:.1f} |")
print(f"| nabi | {q_wall:.1f} | {q_rss:.1f} |")
print(f"| nabi/node | {q_wall / n_wall:.2f}x (target <= 0.2x) | {q_rss / n_rss:.2f}x (target <= 0.3x) |")
PY
