//! Turns symbols.txt, the one list of exported Node-API functions, into
//! `EXPORTS` (a table of their addresses: a listed name without a function
//! fails to compile) and into a linker dynamic list, whose path is passed to
//! dependents as `DEP_NAPI_HOST_EXPORTS_DYNAMIC_LIST`. Likewise libuv's
//! public functions (uv-exports.txt): `UV_EXPORTS` and
//! `DEP_NAPI_HOST_EXPORTS_UV_DYNAMIC_LIST`, for hosts whose addons call libuv.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=symbols.txt");
    let list = std::fs::read_to_string("symbols.txt").expect("read napi-host/symbols.txt");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let mut table = String::from("/// Every exported Node-API function (from symbols.txt).\npub static EXPORTS: &[Export] = &[\n");
    // node_module_register: the loader's trap for V8/NAN addons.
    let mut dynamic = String::from("{\n  node_module_register;\n");
    for line in list.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split_whitespace();
        let (Some(name), Some(version), Some(header)) = (cols.next(), cols.next(), cols.next())
        else {
            panic!("symbols.txt: malformed line {line:?} (want: name version header)");
        };
        let version = match version {
            "experimental" => "None".to_string(),
            v => format!(
                "Some({})",
                v.parse::<u32>()
                    .unwrap_or_else(|_| panic!("symbols.txt: bad version in {line:?}"))
            ),
        };
        let header = match header {
            "js_native_api" => "Header::JsNativeApi",
            "node_api" => "Header::NodeApi",
            h => panic!("symbols.txt: unknown header {h:?}"),
        };
        writeln!(
            table,
            "    Export {{ name: {name:?}, version: {version}, header: {header}, address: crate::{name} as *const () }},"
        )
        .unwrap();
        writeln!(dynamic, "  {name};").unwrap();
    }
    table.push_str("];\n");
    dynamic.push_str("};\n");
    std::fs::write(out.join("exports.rs"), table).unwrap();
    let dyn_path = out.join("napi-exports.list");
    std::fs::write(&dyn_path, dynamic).unwrap();
    println!("cargo:dynamic_list={}", dyn_path.display());
    let uv_path = uv_exports(&out);
    // napi-host's own examples are host binaries too, linked as an
    // embedder's would be (with libuv: examples/embed.rs loads an addon
    // calling uv_queue_work).
    let lists = napi_host_build::Lists {
        napi: dyn_path,
        libuv: uv_path,
    };
    let options = napi_host_build::Options {
        libuv: true,
        targets: napi_host_build::Targets::Examples,
    };
    for line in napi_host_build::link_args(&lists, options) {
        println!("{line}");
    }
}

/// libuv's public functions (uv-exports.txt): a dynamic list, and
/// `UV_EXPORTS`, whose references keep every one in a binary.
fn uv_exports(out: &std::path::Path) -> PathBuf {
    println!("cargo:rerun-if-changed=uv-exports.txt");
    let text = std::fs::read_to_string("uv-exports.txt").expect("read napi-host/uv-exports.txt");
    let names: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut list = String::from("{\n");
    let mut table = String::from(
        "#[allow(clashing_extern_declarations, dead_code)]\nmod uv_decls {\n    extern \"C\" {\n",
    );
    for name in &names {
        writeln!(list, "  {name};").unwrap();
        writeln!(table, "        pub fn {name}();").unwrap();
    }
    list.push_str("};\n");
    table.push_str("    }\n}\n\n/// libuv's public functions: referencing them keeps every one in a binary.\npub static UV_EXPORTS: &[unsafe extern \"C\" fn()] = &[\n");
    for name in &names {
        writeln!(table, "    uv_decls::{name},").unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out.join("uv_exports.rs"), table).unwrap();
    let path = out.join("uv-exports.list");
    std::fs::write(&path, list).unwrap();
    println!("cargo:uv_dynamic_list={}", path.display());
    path
}
