#!/usr/bin/env bash
# Builds nabi and the example C addon, then runs the example under nabi
# (and under node, for comparison, when node is installed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
cd "$root"
cargo build --release -p nabi
mkdir -p examples/hello-c/build
cc -shared -fPIC -O2 -I fixtures/node_modules/node-api-headers/include \
  examples/hello-c/hello.c -o examples/hello-c/build/hello.node
echo "== nabi examples/hello-c/hello.js"
target/release/nabi examples/hello-c/hello.js
if command -v node >/dev/null; then
  echo "== node examples/hello-c/hello.js"
  node examples/hello-c/hello.js
fi
