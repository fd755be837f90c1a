#!/usr/bin/env bash
# Builds nabi, the example C addon and the example Rust (nabi-sdk) addon,
# then runs both examples under nabi (and under node, for comparison).
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
bash examples/rust-addon/build.sh
echo "== nabi examples/rust-addon/test.js"
target/release/nabi examples/rust-addon/test.js
if command -v node >/dev/null; then
  echo "== node examples/rust-addon/test.js"
  node examples/rust-addon/test.js
fi
