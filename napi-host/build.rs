//! Turns symbols.txt, the one list of exported Node-API functions, into
//! `EXPORTS` (a table of their addresses: a listed name without a function
//! fails to compile) and into a linker dynamic list, whose path is passed to
//! dependents as `DEP_NAPI_HOST_EXPORTS_DYNAMIC_LIST`.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=symbols.txt");
    let list = std::fs::read_to_string("symbols.txt").expect("read napi-host/symbols.txt");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let mut table = String::from("/// Every exported Node-API function (from symbols.txt).\npub static EXPORTS: &[Export] = &[\n");
    let mut dynamic = String::from("{\n");
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
    // napi-host's own examples are host binaries too.
    println!(
        "cargo:rustc-link-arg-examples=-Wl,--dynamic-list={}",
        dyn_path.display()
    );
}
