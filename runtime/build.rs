//! Exports the Node-API functions from the `nabi` executable (addons look
//! them up in the main program) using napi-host's generated dynamic list, and
//! embeds the runtime's JavaScript built-ins.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let list = std::env::var("DEP_NAPI_HOST_EXPORTS_DYNAMIC_LIST")
        .expect("napi-host publishes its export list (links = napi_host_exports)");
    println!("cargo:rustc-link-arg-bins=-Wl,--dynamic-list={list}");
    // Symbols of the runtime's own that addons may look up.
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let own = out_dir.join("runtime-exports.list");
    std::fs::write(&own, "{\n  node_module_register;\n};\n").unwrap();
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--dynamic-list={}",
        own.display()
    );

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
