//! Node's built-in modules. Each is one folder, `builtins/<name>/`, holding
//! its native side (`mod.rs`, when it has one) and its JavaScript (`*.js`,
//! which build.rs embeds by file stem). [`TABLE`] is the one list of the
//! native sides; `main.rs` hands [`BUILTINS`] to the engine.
//!
//! Imports point down: this table → each built-in → `args.rs`, `pool.rs`
//! and the engine. A built-in never imports a sibling: what two share
//! lives in `args.rs` (arguments, values, errors, native objects),
//! `handles.rs` (libuv handles held by id, stream operations), `pool.rs`
//! (thread-pool jobs) or `permission.rs` (`--permission`).

use rquickjs_sys::{JSContext, JSValue, JS_NewArray, JS_SetPropertyStr, JS_SetPropertyUint32};

use crate::engine::{Builtins, Options, Runtime};

pub(crate) mod args;
pub(crate) mod handles;
pub(crate) mod permission;
pub(crate) mod pool;

/// Declares the built-ins: one line each. `"name"` is a JavaScript-only
/// built-in (its folder holds `name.js`); `"name" => folder` also declares
/// `mod folder;`, whose `install` adds the native side to `binding`. The
/// line makes `require('name')` load the file stem `name` (bootstrap.js reads
/// `binding.builtinModules`), in the order the native sides are installed.
macro_rules! builtins {
    ($($name:literal $(=> $native:ident)?),* $(,)?) => {
        $($(mod $native;)?)*
        /// Every built-in module backed by a file of its own, and its native side.
        const TABLE: &[(&str, Option<Install>)] = &[
            $(($name, builtins!(@install $($native)?))),*
        ];
    };
    (@install) => { None };
    (@install $native:ident) => { Some($native::install as Install) };
}

/// Adds a built-in's native functions to the `binding` object.
type Install = unsafe fn(*mut JSContext, JSValue, &Options);

builtins! {
    "assert",
    "async_hooks" => async_hooks,
    "buffer" => buffer,
    "diagnostics_channel",
    "domain",
    "events",
    "path",
    "perf_hooks",
    "querystring",
    "readline",
    "string_decoder",
    "stream",
    "url" => url,
    "util" => util,
    "vm" => vm,
    "fs" => fs,
    "os" => os,
    "worker_threads" => worker,
    "crypto" => crypto,
    "zlib" => zlib,
    "child_process" => child_process,
    "net" => net,
    "dns" => dns,
    "dgram" => dgram,
    "http" => http,
    "https",
    "tls" => tls,
    "tty",
    "console",
    "v8",
}

/// `--report-on-fatalerror`'s report (the os built-in writes it).
pub(crate) use os::write_fatal_report;

/// What the engine runs with: every built-in of [`TABLE`], and the worker
/// built-in's part in a thread's life.
pub(crate) static BUILTINS: Builtins = Builtins {
    install,
    worker_started: worker::attach_to_parent,
    stopping,
    worker_ended: worker::detach_from_parent,
};

/// When a thread's program ends: its workers are stopped, and the
/// callbacks of its thread-pool requests still in flight are let go (only
/// the main thread has any then: it does not wait for them, as Node).
unsafe fn stopping(rt: &mut Runtime) {
    worker::stop_children(rt);
    pool::release_in_flight(rt.ctx);
}

unsafe fn install(ctx: *mut JSContext, binding: JSValue, opts: &Options) {
    // The stream operations every libuv handle shares (child_process, net).
    handles::install(ctx, binding, opts);
    let names = JS_NewArray(ctx);
    for (i, (name, install)) in TABLE.iter().enumerate() {
        JS_SetPropertyUint32(ctx, names, i as u32, napi_host::qjs::string(ctx, name));
        if let Some(install) = install {
            install(ctx, binding, opts);
        }
    }
    JS_SetPropertyStr(ctx, binding, c"builtinModules".as_ptr(), names);
    permission::install(ctx, binding);
    crate::loader::install(ctx, binding, opts);
}
