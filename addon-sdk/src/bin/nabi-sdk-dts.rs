//! `nabi-sdk-dts`: writes the TypeScript declarations (`index.d.ts`) of a
//! built nabi-sdk addon.
//!
//! It reads them from the built library itself (the `nabi_sdk_typedefs`
//! symbol, filled in by the macros at compile time), so the file always
//! matches the binary: an incremental build cannot leave it stale.
//!
//! Usage: `nabi-sdk-dts <addon.node|.so|.dylib|.dll> [-o index.d.ts]`

use std::ffi::c_void;
use std::process::ExitCode;

unsafe extern "C" fn append(ctx: *mut c_void, ptr: *const u8, len: usize) {
    let out = &mut *(ctx as *mut Vec<u8>);
    out.extend_from_slice(std::slice::from_raw_parts(ptr, len));
}

type TypedefsFn =
    unsafe extern "C" fn(unsafe extern "C" fn(*mut c_void, *const u8, usize), *mut c_void) -> i32;

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut input = None;
    let mut output = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "-o" | "--output" => output = Some(args.next().ok_or("-o needs a file name")?),
            "-h" | "--help" => {
                println!("usage: nabi-sdk-dts <addon.node> [-o index.d.ts]");
                return Ok(());
            }
            _ if input.is_none() => input = Some(a),
            _ => return Err(format!("unexpected argument `{a}`")),
        }
    }
    let input = input.ok_or("usage: nabi-sdk-dts <addon.node> [-o index.d.ts]")?;
    // SAFETY: loading a nabi-sdk addon runs no initialisers; its napi_* calls
    // are resolved lazily at registration, which does not happen here.
    let lib = unsafe { libloading::Library::new(&input) }
        .map_err(|e| format!("cannot load {input}: {e}"))?;
    let f = unsafe { lib.get::<TypedefsFn>(b"nabi_sdk_typedefs\0") }
        .map_err(|_| format!("{input} is not a nabi-sdk addon (no `nabi_sdk_typedefs` symbol)"))?;
    let mut out: Vec<u8> = Vec::new();
    let rc = unsafe { f(append, &mut out as *mut Vec<u8> as *mut c_void) };
    if rc != 0 {
        return Err(format!("{input}: generating the declarations failed"));
    }
    match output {
        Some(path) => {
            std::fs::write(&path, &out).map_err(|e| format!("cannot write {path}: {e}"))?
        }
        None => print!("{}", String::from_utf8_lossy(&out)),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nabi-sdk-dts: {e}");
            ExitCode::FAILURE
        }
    }
}
