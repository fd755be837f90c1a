#!/usr/bin/env bash
# Audit throughput: one real-world-sized .node (@napi-rs/canvas for
# linux-x64-gnu, ~35 MB, from npm into the tool cache) and 1,000 small ones.
# Targets: the large file in under 50 ms, at least 1,000 small files/s
# (each file's target inferred from its content: no --target).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$root/scripts/setup.sh"
(cd "$root" && cargo build --release -q -p nabi-prebuild)
tool="${CARGO_TARGET_DIR:-$root/target}/release/nabi-prebuild"
cache="${NABI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nabi}/bench-audit"
mkdir -p "$cache"
if [ ! -d "$cache/node_modules/@napi-rs/canvas-linux-x64-gnu" ]; then
  (cd "$cache" && npm install --no-save --no-audit --no-fund --loglevel=error @napi-rs/canvas-linux-x64-gnu@1.1.1 >&2)
fi
big="$(ls "$cache"/node_modules/@napi-rs/canvas-linux-x64-gnu/*.node)"
small_dir="$cache/small/prebuilds/linux-x64"
if [ ! -d "$small_dir" ]; then
  mkdir -p "$small_dir"
  cc -shared -fPIC -O1 -I "$root/fixtures/node_modules/node-api-headers/include" \
    "$root/prebuild/tests/fixtures/c-addon/src/addon.c" -DGREETING='"x"' -o "$cache/small/one.node"
  for i in $(seq 1 1000); do cp "$cache/small/one.node" "$small_dir/a$i.napi.glibc.node"; done
fi
python3 - "$tool" "$big" "$small_dir" <<'PY'
import glob, os, subprocess, sys, time
tool, big, small = sys.argv[1:]
def best(cmd, n=5):
    t = []
    for _ in range(n):
        s = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t.append(time.perf_counter() - s)
    return min(t)
size = os.path.getsize(big) / 1e6
t_big = best([tool, "audit", big])
files = sorted(glob.glob(os.path.join(small, "*.node")))
t_small = best([tool, "audit", *files], 3)
print("| case | time | rate | target | met |")
print("|---|---:|---:|---|---|")
print(f"| one {size:.1f} MB .node (@napi-rs/canvas) | {t_big*1000:.1f} ms | {size/t_big:.0f} MB/s | < 50 ms | {'yes' if t_big < 0.05 else 'NO'} |")
print(f"| {len(files)} small .node files | {t_small*1000:.0f} ms | {len(files)/t_small:.0f} files/s | >= 1000 files/s | {'yes' if len(files)/t_small >= 1000 else 'NO'} |")
PY
