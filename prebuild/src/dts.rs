//! `dts`: the TypeScript declarations of a built nabi-sdk addon. The SDK's
//! macros store them in the binary (`nabi_sdk_typedefs`), so they always
//! match it; this loads the library without registering it and asks.

use std::ffi::c_void;
use std::path::Path;

use anyhow::{bail, Context, Result};

type Sink = unsafe extern "C" fn(*mut c_void, *const u8, usize);
type TypedefsFn = unsafe extern "C" fn(Sink, *mut c_void) -> i32;

unsafe extern "C" fn append(ctx: *mut c_void, ptr: *const u8, len: usize) {
    // SAFETY: `ctx` is the `Vec<u8>` passed below, and the SDK passes a
    // valid (ptr, len) slice that lives for the call.
    let out = unsafe { &mut *(ctx as *mut Vec<u8>) };
    out.extend_from_slice(unsafe { std::slice::from_raw_parts(ptr, len) });
}

pub fn declarations(addon: &Path) -> Result<String> {
    // Check before loading: only a file for this machine that carries the
    // symbol is ever dlopen'd.
    let report = crate::audit::audit(addon, &crate::audit::Expectations::default());
    if let Some(c) = report
        .checks
        .iter()
        .find(|c| !c.ok && matches!(c.name, "readable" | "format"))
    {
        bail!("{}", c.detail);
    }
    let here = crate::target::TARGETS.iter().find(|t| {
        t.rust_triple.starts_with(std::env::consts::ARCH)
            && t.libc == Some(crate::target::Libc::Glibc)
    });
    if report.target.as_deref() != here.map(|t| t.name) {
        bail!(
            "{} is for {}, not this machine ({}): run dts on the build for this machine",
            addon.display(),
            report.target.as_deref().unwrap_or("an unknown target"),
            here.map_or("unknown", |t| t.name)
        );
    }
    if !crate::audit::exports_symbol(addon, "nabi_sdk_typedefs") {
        bail!(
            "{} is not a nabi-sdk addon (no `nabi_sdk_typedefs` symbol): dts reads the declarations nabi-sdk's macros store",
            addon.display()
        );
    }
    // SAFETY: a nabi-sdk addon runs no Node-API code when loaded (its
    // functions are looked up at registration, which does not happen here).
    let lib = unsafe { libloading::Library::new(addon) }
        .with_context(|| format!("cannot load {}", addon.display()))?;
    // SAFETY: the SDK defines the symbol with exactly this signature.
    let f = unsafe { lib.get::<TypedefsFn>(b"nabi_sdk_typedefs\0") }.map_err(|_| {
        anyhow::anyhow!(
            "{} is not a nabi-sdk addon (no `nabi_sdk_typedefs` symbol): dts reads the declarations nabi-sdk's macros store",
            addon.display()
        )
    })?;
    let mut out: Vec<u8> = Vec::new();
    // SAFETY: `append` and the buffer match the SDK's callback contract.
    let rc = unsafe { f(append, &mut out as *mut Vec<u8> as *mut c_void) };
    if rc != 0 {
        bail!("{}: generating the declarations failed", addon.display());
    }
    String::from_utf8(out).context("the declarations are not UTF-8")
}
