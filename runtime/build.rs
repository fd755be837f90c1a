//! Exports the Node-API and libuv functions from the `nabi` executable
//! (addons look them up in the main program) with `napi-host-build`, and
//! embeds the runtime's JavaScript built-ins.

#[path = "src/engine/js_wrap.rs"]
mod js_wrap;

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    // Node-API and libuv's public API (as Node, nabi exports libuv: addons
    // such as sodium-native call uv_queue_work on napi_get_uv_event_loop's
    // loop), through the helper outside embedders use.
    napi_host_build::export_symbols(napi_host_build::Options {
        libuv: true,
        ..Default::default()
    });

    let files = js_files();
    let mut out = String::from("/// The runtime's JavaScript sources, by file stem.\npub static JS_SOURCES: &[(&str, &str)] = &[\n");
    for f in &files {
        let stem = f.file_stem().unwrap().to_str().unwrap().to_string();
        let abs = std::fs::canonicalize(f).unwrap();
        writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    out.push_str(&precompile(&files));
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("js_sources.rs");
    std::fs::write(dest, out).unwrap();
}

/// The runtime's JavaScript: the core's (`src/js/*.js`) and each
/// built-in's, found in its folder (`src/builtins/<name>/*.js`), sorted by
/// file stem. The stem is the name the JS side loads a file by
/// (`binding.sources`), so two files may not share one.
fn js_files() -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("src/js")];
    println!("cargo:rerun-if-changed=src/js");
    println!("cargo:rerun-if-changed=src/builtins");
    let mut builtins: Vec<PathBuf> = std::fs::read_dir("src/builtins")
        .expect("read runtime/src/builtins")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    builtins.sort();
    dirs.extend(builtins);
    let mut files = Vec::new();
    for dir in &dirs {
        let read = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
        files.extend(
            read.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "js")),
        );
    }
    let stem = |p: &PathBuf| p.file_stem().unwrap().to_str().unwrap().to_string();
    files.sort_by_key(stem);
    for pair in files.windows(2) {
        assert!(
            stem(&pair[0]) != stem(&pair[1]),
            "{} and {} have the same name; the JS side loads built-in files by name, so rename one",
            pair[0].display(),
            pair[1].display()
        );
    }
    files
}

/// How each built-in is compiled at run time (`compile_function` in
/// engine/binding.rs and the bootstrap in engine/mod.rs): file name, parameters, and the source text
/// QuickJS sees. A built-in whose loader asks for something else is simply
/// compiled from source then.
fn compile_shape(stem: &str, src: &str) -> (String, Vec<&'static str>, String) {
    if stem == "bootstrap" {
        return ("node:internal/bootstrap".into(), vec![], src.to_string());
    }
    let (filename, params) = if stem.starts_with("stream_") {
        (format!("node:internal/{stem}"), vec!["shared", "internals"])
    } else {
        (
            format!("node:{stem}"),
            vec!["module", "exports", "require", "internals"],
        )
    };
    let wrapped = js_wrap::function_source(&params, src);
    (filename, params, wrapped)
}

/// Compiles every built-in to QuickJS bytecode with the same QuickJS the
/// runtime links, so start-up reads bytecode instead of parsing ~10k lines
/// of JavaScript (and a syntax error in a built-in fails the build).
fn precompile(files: &[PathBuf]) -> String {
    use rquickjs_sys::*;
    use std::ffi::CString;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut table = String::from(
        "/// Built-ins precompiled to bytecode: (stem, file name, parameters, bytecode).\npub static JS_BYTECODE: &[(&str, &str, &[&str], &[u8])] = &[\n",
    );
    // SAFETY: a private runtime used only here, freed at the end.
    unsafe {
        let rt = JS_NewRuntime();
        let ctx = JS_NewContext(rt);
        for f in files {
            let stem = f.file_stem().unwrap().to_str().unwrap();
            let src = std::fs::read_to_string(f).unwrap();
            let (filename, params, text) = compile_shape(stem, &src);
            let c_text = CString::new(text.clone()).expect("no NUL in built-ins");
            let c_name = CString::new(filename.clone()).unwrap();
            // Numbered as the runtime numbers wrapped sources (the bootstrap,
            // not wrapped, starts at 1 as usual).
            let first_line = if params.is_empty() {
                1
            } else {
                js_wrap::FIRST_LINE
            };
            let mut options = JSEvalOptions {
                version: JS_EVAL_OPTIONS_VERSION as _,
                eval_flags: (JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY) as _,
                filename: c_name.as_ptr(),
                line_num: first_line,
            };
            let obj = JS_Eval2(ctx, c_text.as_ptr(), text.len() as _, &mut options);
            if JS_IsException(obj) {
                let e = JS_GetException(ctx);
                let msg = JS_ToCString(ctx, e);
                let text = std::ffi::CStr::from_ptr(msg).to_string_lossy().into_owned();
                panic!("{}: {text}", f.display());
            }
            let mut size = 0;
            let buf = JS_WriteObject(ctx, &mut size, obj, JS_WRITE_OBJ_BYTECODE as i32);
            assert!(!buf.is_null(), "{}: writing bytecode failed", f.display());
            let bytes = std::slice::from_raw_parts(buf, size as usize).to_vec();
            js_free(ctx, buf.cast());
            JS_FreeValue(ctx, obj);
            let bc = out_dir.join(format!("{stem}.qjsbc"));
            std::fs::write(&bc, bytes).unwrap();
            writeln!(
                table,
                "    ({stem:?}, {filename:?}, &{params:?}, include_bytes!({:?})),",
                bc.display().to_string()
            )
            .unwrap();
        }
        JS_FreeContext(ctx);
        JS_FreeRuntime(rt);
    }
    table.push_str("];\n");
    table
}
