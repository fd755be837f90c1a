#!/usr/bin/env bash
# The whole test suite: set-up, then every crate's tests (napi-host, the
# nabi runtime with the node-vs-nabi conformance harness and the exported
# symbol check, nabi-sdk, nabi-prebuild, the coverage-table freshness test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
cd "$root"
cargo build --workspace --all-targets
cargo test --workspace --no-fail-fast
