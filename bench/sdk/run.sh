#!/bin/sh
# Builds the call-overhead benchmark addons (plain C Node-API, nabi-sdk,
# napi-rs 3, neon 1; release, LTO) and runs bench.js once under `node`.
# Usage: bench/sdk/run.sh   (env: BENCH_ITER, BENCH_ROUNDS, BENCH_EXTRA, CC,
# NODE: the node binary, default `node` on PATH)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$here/out"
target="${CARGO_TARGET_DIR:-$root/target}/bench-sdk"
mkdir -p "$out"

headers="$root/fixtures/node_modules/node-api-headers/include"
if [ ! -f "$headers/node_api.h" ]; then
  (cd "$root/fixtures" && npm ci --silent)
fi
${CC:-cc} -O2 -shared -fPIC -I"$headers" -o "$out/c.node" "$here/c/bench.c"

for crate in nabi napirs neon; do
  (cd "$here/$crate" && CARGO_TARGET_DIR="$target/$crate" cargo build --release --quiet)
  lib=$(echo "bench_sdk_$crate" | tr - _)
  cp "$target/$crate/release/lib$lib.so" "$out/$crate.node"
done

${NODE:-node} "$here/bench.js" "$out"
