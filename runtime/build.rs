//! Exports the Node-API functions from the `nabi` executable (addons look
//! them up in the main program) using napi-host's generated dynamic list, and
//! embeds the runtime's JavaScript built-ins.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let list = std::env::var("DEP_NAPI_HOST_EXPORTS_DYNAMIC_LIST")
        .expect("napi-host publishes its export list (links = napi_host_exports)");
    println!("cargo:rustc-link-arg-bins=-Wl,--dynamic-list={list}");
    // Symbols of the runtime's own that addons may look up, and libuv's
    // public API (as Node, nabi exports it: addons such as sodium-native
    // call uv_queue_work on the loop from napi_get_uv_event_loop).
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let uv = uv_public_functions();
    let mut list = String::from("{\n  node_module_register;\n");
    for name in &uv {
        writeln!(list, "  {name};").unwrap();
    }
    list.push_str("};\n");
    let own = out_dir.join("runtime-exports.list");
    std::fs::write(&own, list).unwrap();
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--dynamic-list={}",
        own.display()
    );
    let mut table = String::from(
        "#[allow(clashing_extern_declarations, dead_code)]\nmod uv_decls {\n    extern \"C\" {\n",
    );
    for name in &uv {
        writeln!(table, "        pub fn {name}();").unwrap();
    }
    table.push_str(
        "    }\n}\n\n/// libuv's public functions: referencing them keeps every one in the binary.\npub static UV_EXPORTS: &[unsafe extern \"C\" fn()] = &[\n",
    );
    for name in &uv {
        writeln!(table, "    uv_decls::{name},").unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out_dir.join("uv_exports.rs"), table).unwrap();

    println!("cargo:rerun-if-changed=src/js");
    let mut files: Vec<PathBuf> = std::fs::read_dir("src/js")
        .expect("read runtime/src/js")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    files.sort();
    let mut out = String::from("/// The runtime's JavaScript sources, by file stem.\npub static JS_SOURCES: &[(&str, &str)] = &[\n");
    for f in files {
        let stem = f.file_stem().unwrap().to_str().unwrap().to_string();
        let abs = std::fs::canonicalize(&f).unwrap();
        writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("js_sources.rs");
    std::fs::write(dest, out).unwrap();
}

/// libuv's public functions, from `uv-exports.txt`.
fn uv_public_functions() -> Vec<String> {
    println!("cargo:rerun-if-changed=uv-exports.txt");
    let text = std::fs::read_to_string("uv-exports.txt").expect("read runtime/uv-exports.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}
