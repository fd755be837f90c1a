#!/bin/sh
# Builds the addon and copies it next to index.js as rust_addon.node.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
cargo build --release -p example-rust-addon
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
cp "$target/release/libexample_rust_addon.so" rust_addon.node
