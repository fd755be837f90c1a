//! Node's built-in modules. Each is one folder, `builtins/<name>/`, holding
//! its native side (`mod.rs`, when it has one) and its JavaScript (`*.js`,
//! which build.rs embeds by file stem). [`TABLE`] is the one list of the
//! native sides; `main.rs` hands [`BUILTINS`] to the engine.
//!
//! Imports point down: this table → each built-in → `args.rs`, `pool.rs`
//! and the engine. A built-in never imports a sibling: what two share
//! lives in `args.rs` (arguments, values, errors, native objects),
//! `handles.rs` (libuv handles held by id, stream operations) or `pool.rs`
//! (thread-pool jobs).

use rquickjs_sys::{JSContext, JSValue};

use crate::engine::{Builtins, Options};

pub(crate) mod args;
pub(crate) mod handles;
pub(crate) mod pool;

mod child_process;
mod crypto;
mod dns;
mod fs;
mod http;
mod net;
mod os;
mod worker;
mod zlib;

/// Adds a built-in's native functions to the `binding` object.
type Install = unsafe fn(*mut JSContext, JSValue, &Options);

/// The built-ins with a native side, by the module they serve, in the order
/// they are installed.
const TABLE: &[(&str, Install)] = &[
    ("fs", fs::install),
    ("os", os::install),
    ("worker_threads", worker::install),
    ("crypto", crypto::install),
    ("zlib", zlib::install),
    ("stream handles", handles::install),
    ("child_process", child_process::install),
    ("net", net::install),
    ("dns", dns::install),
    ("http", http::install),
    ("process.dlopen", crate::loader::install),
];

/// What the engine runs with: every built-in of [`TABLE`], and the worker
/// built-in's part in a thread's life.
pub(crate) static BUILTINS: Builtins = Builtins {
    install,
    worker_started: worker::attach_to_parent,
    stopping: worker::stop_children,
    worker_ended: worker::detach_from_parent,
};

unsafe fn install(ctx: *mut JSContext, binding: JSValue, opts: &Options) {
    for (_, install) in TABLE {
        install(ctx, binding, opts);
    }
}
