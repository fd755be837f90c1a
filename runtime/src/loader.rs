//! The `.node` loader (`process.dlopen`): open the shared object, find how it
//! registers (`napi_register_module_v1`, or a legacy `napi_module_register`
//! call made while opening), give it an env of its own, run its init.
//!
//! When opening or registering fails, the file is examined with the `object`
//! crate to say why in words a user can act on: not ELF, truncated, another
//! architecture, another libc, a V8/NAN addon, a missing symbol.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use napi_host::qjs::{self, free};
use napi_host::types::*;
use napi_host::{napi_env, napi_module};
use object::{Object, ObjectSymbol};
use rquickjs_sys::*;

use crate::builtins::args::{arg, native_fn, set_fns, throw_error};
use crate::engine::{runtime, Options};

/// Set when a V8/NAN addon calls Node's pre-Node-API `node_module_register`
/// while being opened. nabi exports that symbol only to catch this case: if
/// it were missing, the addon's constructor would kill the process.
static V8_MODULE_REGISTERED: AtomicBool = AtomicBool::new(false);

#[no_mangle]
pub extern "C" fn node_module_register(_module: *mut std::ffi::c_void) {
    V8_MODULE_REGISTERED.store(true, Ordering::SeqCst);
}

/// Legacy addons by real path: their `napi_module_register` call happens
/// once, when the library is first opened, but a worker loading the addon
/// again needs the module too (its `dlopen` returns the same handle).
static LEGACY_MODULES: Mutex<Vec<(PathBuf, usize)>> = Mutex::new(Vec::new());

type RegisterFn = unsafe extern "C" fn(napi_env, napi_value) -> napi_value;
type VersionFn = unsafe extern "C" fn() -> i32;

/// Throws Node's `ERR_DLOPEN_FAILED` with nabi's diagnosis in `message` and
/// a machine-readable `reason`.
unsafe fn fail(ctx: *mut JSContext, reason: &str, message: String) -> JSValue {
    let e = throw_error(ctx, "ERR_DLOPEN_FAILED", &message, None);
    let exc = JS_GetException(ctx);
    JS_SetPropertyStr(ctx, exc, c"reason".as_ptr(), qjs::string(ctx, reason));
    JS_Throw(ctx, exc);
    e
}

/// Why `path` cannot be loaded, when the file itself tells.
pub(crate) fn diagnose(path: &Path, dl_error: &str) -> (&'static str, String) {
    let shown = path.display();
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => {
            return (
                "missing",
                format!("{shown}: cannot open shared object file: {e}. Check the path, or reinstall the package that ships it."),
            )
        }
    };
    if data.len() < 4 || &data[..4] != b"\x7fELF" {
        return (
            "not-elf",
            format!(
                "{shown} is not a native addon: not an ELF shared object ({} bytes, starting {:02x?}). A .node file must be a compiled shared library.",
                data.len(),
                &data[..data.len().min(4)]
            ),
        );
    }
    let file = match object::File::parse(&*data) {
        Ok(f) => f,
        Err(e) => {
            return (
                "truncated",
                format!(
                    "{shown} is truncated or corrupt ({} bytes: {e}). Reinstall or rebuild it.",
                    data.len()
                ),
            )
        }
    };
    let host_arch = std::env::consts::ARCH;
    let file_arch = match file.architecture() {
        object::Architecture::X86_64 => "x86_64",
        object::Architecture::Aarch64 => "aarch64",
        object::Architecture::Arm => "arm",
        object::Architecture::I386 => "x86",
        object::Architecture::Riscv64 => "riscv64",
        other => return ("wrong-arch", format!("{shown} was built for {other:?}, but this host is {host_arch}. Install the build for {host_arch}.")),
    };
    if file_arch != host_arch {
        return (
            "wrong-arch",
            format!("{shown} was built for {file_arch}, but this host is {host_arch}. Install the {host_arch} build of this addon."),
        );
    }
    let needed = needed_libraries(&data);
    let wants_musl = needed.iter().any(|n| n.contains("musl"));
    let wants_glibc = needed.iter().any(|n| n == "libc.so.6");
    let host_is_musl = cfg!(target_env = "musl");
    if wants_musl && !host_is_musl {
        return (
            "wrong-libc",
            format!("{shown} was built for musl libc (it needs {}), but this host uses glibc. Install the -gnu build of this addon.", needed.iter().find(|n| n.contains("musl")).unwrap()),
        );
    }
    if wants_glibc && host_is_musl {
        return (
            "wrong-libc",
            format!("{shown} was built for glibc (it needs libc.so.6), but this host uses musl. Install the -musl build of this addon."),
        );
    }
    let v8 = file.symbols().chain(file.dynamic_symbols()).find_map(|s| {
        let name = s.name().ok()?;
        (s.is_undefined()
            && (name.starts_with("_ZN2v8")
                || name.starts_with("_ZN4node")
                || name == "node_module_register"))
            .then(|| name.to_string())
    });
    if let Some(sym) = v8 {
        return (
            "not-node-api",
            format!("{shown} is a V8/NAN addon (it imports {sym}), not a Node-API addon. nabi loads only Node-API addons; use a Node-API build of this package, or run it with Node."),
        );
    }
    if let Some(sym) = dl_error.split("undefined symbol: ").nth(1) {
        let sym = sym.trim();
        return (
            "undefined-symbol",
            format!("{shown} needs the symbol {sym}, which neither nabi nor the libraries the addon links provide."),
        );
    }
    ("dlopen", format!("{shown}: {dl_error}"))
}

/// `DT_NEEDED` entries of an ELF file.
fn needed_libraries(data: &[u8]) -> Vec<String> {
    use object::read::elf::{Dyn, FileHeader};
    fn collect<E: FileHeader<Endian = object::Endianness>>(data: &[u8]) -> Option<Vec<String>> {
        let header = E::parse(data).ok()?;
        let endian = header.endian().ok()?;
        let sections = header.sections(endian, data).ok()?;
        let (dynamic, link) = sections.dynamic(endian, data).ok()??;
        let strings = sections.strings(endian, data, link).ok()?;
        let mut out = Vec::new();
        for d in dynamic {
            if d.tag32(endian) == Some(object::elf::DT_NEEDED) {
                if let Ok(name) = d.string(endian, strings) {
                    out.push(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
        Some(out)
    }
    let is64 = data.get(4) == Some(&2);
    let r = if is64 {
        collect::<object::elf::FileHeader64<object::Endianness>>(data)
    } else {
        collect::<object::elf::FileHeader32<object::Endianness>>(data)
    };
    r.unwrap_or_default()
}

/// `process.dlopen(module, filename)`: loads the addon and sets
/// `module.exports`.
pub(crate) unsafe fn dlopen(ctx: *mut JSContext, module: JSValue, filename: &str) -> JSValue {
    let path = Path::new(filename);
    // Drop registrations left by an unrelated dlopen.
    let _ = napi_host::take_legacy_module();
    V8_MODULE_REGISTERED.store(false, Ordering::SeqCst);
    let lib = match libloading::os::unix::Library::open(
        Some(path),
        libloading::os::unix::RTLD_LAZY | libloading::os::unix::RTLD_LOCAL,
    ) {
        Ok(l) => l,
        Err(e) => {
            let (reason, msg) = diagnose(path, &e.to_string());
            return fail(ctx, reason, msg);
        }
    };
    if V8_MODULE_REGISTERED.swap(false, Ordering::SeqCst) {
        std::mem::forget(lib);
        let (reason, msg) = diagnose(path, "");
        let msg = if reason == "not-node-api" {
            msg
        } else {
            format!("{filename} is a V8/NAN addon (it called node_module_register), not a Node-API addon. nabi loads only Node-API addons; use a Node-API build of this package, or run it with Node.")
        };
        return fail(ctx, "not-node-api", msg);
    }
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let legacy = {
        let mut known = LEGACY_MODULES.lock().unwrap_or_else(|e| e.into_inner());
        match napi_host::take_legacy_module() {
            Some(m) => {
                known.retain(|(p, _)| *p != real);
                known.push((real.clone(), m as usize));
                Some(m)
            }
            None => known
                .iter()
                .find(|(p, _)| *p == real)
                .map(|&(_, m)| m as *mut napi_module),
        }
    };
    let register: Option<RegisterFn> = match legacy {
        Some(m) => (*m).nm_register_func,
        None => lib
            .get::<RegisterFn>(b"napi_register_module_v1\0")
            .ok()
            .map(|s| *s),
    };
    let Some(register) = register else {
        if legacy.is_some() {
            // Registered, but without an init function: Node's own error.
            let err = JS_NewError(ctx);
            let msg = qjs::string(ctx, "Module has no declared entry point.");
            JS_DefinePropertyValueStr(
                ctx,
                err,
                c"message".as_ptr(),
                msg,
                (JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE) as i32,
            );
            return JS_Throw(ctx, err);
        }
        let (reason, msg) = diagnose(path, "");
        if reason == "not-node-api" {
            return fail(ctx, reason, msg);
        }
        return fail(
            ctx,
            "no-register",
            format!("{filename} is not a Node-API addon: it exports no napi_register_module_v1 and did not call napi_module_register when loaded."),
        );
    };
    let version = match lib.get::<VersionFn>(b"node_api_module_get_api_version_v1\0") {
        Ok(f) if legacy.is_none() => f(),
        _ => DEFAULT_MODULE_API_VERSION,
    };
    // The addon stays loaded for the life of the process, as in Node.
    std::mem::forget(lib);

    let url = napi_host::file_url(&real);
    let rt = runtime();
    let Some(host) = rt.host.as_ref() else {
        return JS_UNDEFINED;
    };
    let env = host.create_env(version, &url);
    let exports = qjs::get_str(ctx, module, c"exports");
    let outcome = (*env).with_scope(|env| {
        let handle = env.push(qjs::dup(exports));
        let ret = register(env as *mut _, handle);
        if env.exception_pending() {
            return Err(JS_GetException(ctx));
        }
        Ok((!ret.is_null()).then(|| qjs::dup(*ret)))
    });
    host.run_finalizers();
    let r = match outcome {
        Err(exc) => JS_Throw(ctx, exc),
        Ok(Some(v)) => {
            if !JS_IsStrictEqual(ctx, v, exports) {
                JS_SetPropertyStr(ctx, module, c"exports".as_ptr(), qjs::dup(v));
            }
            free(ctx, v);
            JS_UNDEFINED
        }
        Ok(None) => JS_UNDEFINED,
    };
    free(ctx, exports);
    r
}

/// `binding.dlopen(module, filename)`: `process.dlopen`.
unsafe fn dlopen_binding(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(filename) = qjs::to_rust_string(ctx, arg(a, 1)) else {
        return JS_EXCEPTION;
    };
    dlopen(ctx, arg(a, 0), &filename)
}

/// Adds `binding.dlopen`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    set_fns(ctx, binding, &[(c"dlopen", native_fn!(dlopen_binding), 3)]);
}
