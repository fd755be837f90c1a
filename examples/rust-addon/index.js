// Loads the built addon: `cargo build -p example-rust-addon` writes
// target/debug/libexample_rust_addon.so; `build.sh` copies it here as
// rust_addon.node (a published package would ship prebuilds instead).
'use strict';
module.exports = require(process.env.NABI_ADDON || `${__dirname}/rust_addon.node`);
