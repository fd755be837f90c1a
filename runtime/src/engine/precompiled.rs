//! The built-ins' JavaScript, embedded by build.rs: the sources by file
//! stem, and the same compiled to QuickJS bytecode at build time.

use napi_host::qjs::{self, free};
use rquickjs_sys::*;

include!(concat!(env!("OUT_DIR"), "/js_sources.rs"));

/// The value of built-in `filename` compiled at build time (build.rs), if
/// `params` and `source` are what it was compiled with: reading bytecode
/// skips parsing. `None` means compile from source.
pub(crate) unsafe fn precompiled(
    ctx: *mut JSContext,
    filename: &str,
    params: &[String],
    source: &str,
) -> Option<JSValue> {
    let (stem, _, _, bytecode) = JS_BYTECODE
        .iter()
        .find(|(_, f, p, _)| *f == filename && p.iter().eq(params.iter()))?;
    let (_, original) = JS_SOURCES.iter().find(|(s, _)| s == stem)?;
    if *original != source {
        return None;
    }
    let f = JS_ReadObject(
        ctx,
        bytecode.as_ptr(),
        bytecode.len() as _,
        JS_READ_OBJ_BYTECODE as i32,
    );
    if qjs::is_exception(f) {
        // A QuickJS that reads other bytecode: compile instead.
        free(ctx, JS_GetException(ctx));
        return None;
    }
    Some(JS_EvalFunction(ctx, f))
}
