//! One JS thread's runtime: what it owns ([`Runtime`]), how its JS is
//! called (hooks, microtasks, the after-macrotask drain), uncaught
//! exceptions, exit and teardown; and what a thread is started with
//! ([`Options`], the [`Builtins`] composed in by the caller).

use std::any::Any;
use std::cell::Cell;
use std::io::Write;
use std::ptr;
use std::sync::Arc;

use libuv_sys2::{uv_check_t, uv_stop, uv_timer_t};
use napi_host::qjs::{self, free};
use napi_host::Host;
use rquickjs_sys::*;

use super::event_loop::Loop;

/// What the command line asked for.
pub(crate) enum Mode {
    Script(String),
    Eval { code: String, print: bool },
    Version,
    Help,
}

pub(crate) struct Options {
    pub mode: Mode,
    pub expose_gc: bool,
    /// `[execPath, script?, ...args]`, as `process.argv`.
    pub argv: Vec<String>,
    pub exec_argv: Vec<String>,
    /// `process.env` (None: this process's environment).
    pub env: Option<Vec<(String, String)>>,
    /// Set on a worker's thread: its link to the parent and its start data.
    pub worker: Option<WorkerStart>,
}

/// What a worker's thread starts from (in [`Options::worker`]).
pub(crate) struct WorkerStart {
    /// The link to the parent, made by the worker built-in.
    pub link: Arc<dyn WorkerLink>,
    /// `workerData` and the environment data, serialized.
    pub data: Vec<u8>,
    pub env_data: Vec<u8>,
}

/// A worker thread's link to its parent, as the engine sees it: whether
/// the parent asked it to stop, and the phases of its ending. The worker
/// built-in implements it (and keeps its messaging behind it).
pub(crate) trait WorkerLink: Any + Send + Sync {
    /// Whether the parent asked this worker to stop.
    fn terminating(&self) -> bool;
    /// The worker is exiting: JS still on the stack or started later is
    /// interrupted.
    fn begin_unwinding(&self);
    /// Env teardown starts: JS may run again (finalizers, cleanup hooks).
    fn begin_teardown(&self);
}

/// The built-ins an engine runs with, composed in by whoever starts it
/// (`main.rs` with `builtins::BUILTINS`, and the worker built-in, which
/// passes on its own thread's): the engine calls them at these points of a
/// thread's life and names no built-in itself.
pub(crate) struct Builtins {
    /// Adds the built-ins' native functions to the `binding` object.
    pub install: unsafe fn(*mut JSContext, JSValue, &Options),
    /// On a worker's thread, after the bootstrap, before its script.
    pub worker_started: unsafe fn(&mut Runtime),
    /// When a thread's program ends, before env teardown.
    pub stopping: unsafe fn(&mut Runtime),
    /// On a worker's thread, after env teardown, before its runtime is freed.
    pub worker_ended: unsafe fn(&mut Runtime),
}

/// A worker thread's stack; QuickJS may use half of it (`js_stack_limit`).
pub(crate) const THREAD_STACK: usize = 16 << 20;

/// Everything one JS thread of nabi owns.
pub(crate) struct Runtime {
    pub rt: *mut JSRuntime,
    pub ctx: *mut JSContext,
    pub host: Option<Box<Host>>,
    pub uv: Box<Loop>,
    /// The object the bootstrap returned (`runMain`, `processTimers`, …).
    pub hooks: JSValue,
    pub reject_tracker: JSValue,
    /// Set by `binding.exit` (process.exit) to unwind to `run`.
    pub exiting: Option<i32>,
    /// The JS side's `[ticks queued, rejections pending]` (an Int32Array
    /// kept alive in `tick_info_owner`).
    pub tick_info: *const i32,
    pub tick_info_owner: JSValue,
    /// On a worker thread: the link to the parent (None on the main thread).
    pub worker: Option<Arc<dyn WorkerLink>>,
    /// The built-ins this thread runs with (passed on to its workers).
    pub builtins: &'static Builtins,
}

thread_local! {
    static RUNTIME: Cell<*mut Runtime> = const { Cell::new(ptr::null_mut()) };
}

/// The runtime of this thread.
pub(crate) fn runtime<'a>() -> &'a mut Runtime {
    let p = RUNTIME.with(|r| r.get());
    assert!(!p.is_null(), "nabi runtime used before it was created");
    // SAFETY: set once in `run`, used only on this thread while it lives.
    unsafe { &mut *p }
}

/// Makes `rt` this thread's runtime (null: none).
pub(super) fn set_runtime(rt: *mut Runtime) {
    RUNTIME.with(|r| r.set(rt));
}

pub(crate) fn version_text() -> String {
    // SAFETY: uv_version_string returns a static C string.
    let uv = unsafe { std::ffi::CStr::from_ptr(libuv_sys2::uv_version_string()) };
    format!(
        "nabi {}\nQuickJS-ng {}\nlibuv {}\nNode-API {} (behaviour of Node.js {}.{}.{})",
        env!("CARGO_PKG_VERSION"),
        quickjs_version(),
        uv.to_string_lossy(),
        napi_host::types::NAPI_VERSION,
        napi_host::NODE_VERSION.0,
        napi_host::NODE_VERSION.1,
        napi_host::NODE_VERSION.2,
    )
}

pub(crate) fn quickjs_version() -> String {
    // SAFETY: JS_GetVersion returns a static C string.
    unsafe { std::ffi::CStr::from_ptr(JS_GetVersion()) }
        .to_string_lossy()
        .into_owned()
}

pub(super) unsafe extern "C" fn promise_rejection_tracker(
    ctx: *mut JSContext,
    promise: JSValue,
    reason: JSValue,
    is_handled: bool,
    _opaque: *mut std::ffi::c_void,
) {
    let rt = runtime();
    if !JS_IsFunction(ctx, rt.reject_tracker) {
        return;
    }
    let mut args = [promise, reason, qjs::boolean(is_handled)];
    let r = JS_Call(ctx, rt.reject_tracker, JS_UNDEFINED, 3, args.as_mut_ptr());
    free(ctx, r);
}

/// napi-host's after-macrotask step (async work completions, threadsafe
/// calls, outermost make_callback): drain nextTicks and microtasks.
pub(super) unsafe fn after_callback_from_host(_host: &Host) {
    let rt = runtime();
    if rt.needs_drain() {
        let r = rt.call_hook(c"afterCallback", &mut []);
        free(rt.ctx, r);
    }
}

pub(super) unsafe fn on_uncaught_from_host(_host: &Host, exc: JSValue) {
    let rt = runtime();
    rt.handle_uncaught(qjs::dup(exc));
}

impl Runtime {
    /// Calls a hook by name; an exception it throws is handled as uncaught.
    pub(crate) unsafe fn call_hook(
        &mut self,
        name: &std::ffi::CStr,
        args: &mut [JSValue],
    ) -> JSValue {
        let f = qjs::get_str(self.ctx, self.hooks, name);
        let r = self.call_function(f, self.hooks, args);
        free(self.ctx, f);
        r
    }

    /// Calls `f` (borrowed) as the runtime's JS; an exception it throws is
    /// handled as uncaught.
    pub(crate) unsafe fn call_function(
        &mut self,
        f: JSValue,
        this: JSValue,
        args: &mut [JSValue],
    ) -> JSValue {
        if !JS_IsFunction(self.ctx, f) {
            return JS_UNDEFINED;
        }
        // JS the runtime runs is a callback scope for napi_make_callback.
        let ctx = self.ctx;
        let mut call = || JS_Call(ctx, f, this, args.len() as i32, args.as_mut_ptr());
        let r = match &self.host {
            Some(h) => h.with_callback_scope(&mut call),
            None => call(),
        };
        if qjs::is_exception(r) {
            let e = JS_GetException(self.ctx);
            self.handle_uncaught(e);
            return JS_UNDEFINED;
        }
        r
    }

    /// Whether anything waits for the after-callback drain.
    pub(crate) unsafe fn needs_drain(&self) -> bool {
        if self.tick_info.is_null() {
            return true;
        }
        let info = std::slice::from_raw_parts(self.tick_info, 2);
        info[0] != 0 || info[1] != 0 || JS_IsJobPending(self.rt)
    }

    /// After every macrotask: nextTicks, microtasks, rejections, finalizers.
    pub(crate) unsafe fn after_callback(&mut self) {
        if self.exiting.is_some() {
            return;
        }
        if self.needs_drain() {
            let r = self.call_hook(c"afterCallback", &mut []);
            free(self.ctx, r);
        }
        if let Some(h) = &self.host {
            h.run_finalizers();
        }
    }

    /// Runs promise jobs until none are left.
    pub(crate) unsafe fn run_microtasks(&mut self) {
        while self.exiting.is_none() {
            let mut ctx = ptr::null_mut();
            let r = JS_ExecutePendingJob(self.rt, &mut ctx);
            if r == 0 {
                break;
            }
            if r < 0 {
                let e = JS_GetException(ctx);
                self.handle_uncaught(e);
            }
        }
    }

    /// An exception nothing caught: `process.on('uncaughtException')` or
    /// print and exit 1, as Node (in a worker: the parent's Worker gets
    /// 'error', and the worker alone exits 1). Takes ownership of `exc`.
    pub(crate) unsafe fn handle_uncaught(&mut self, exc: JSValue) {
        if self.exiting.is_some() {
            free(self.ctx, exc);
            return;
        }
        if self.worker.as_ref().is_some_and(|w| w.terminating()) {
            // `worker.terminate()` interrupted the JS: not an error.
            free(self.ctx, exc);
            self.exit_now(1);
            return;
        }
        let f = qjs::get_str(self.ctx, self.hooks, c"handleUncaught");
        let mut args = [exc];
        let r = JS_Call(self.ctx, f, self.hooks, 1, args.as_mut_ptr());
        free(self.ctx, f);
        free(self.ctx, exc);
        if qjs::is_exception(r) {
            // The handler itself threw: Node prints that one and exits 7.
            let e = JS_GetException(self.ctx);
            if self.exiting.is_none() {
                let _ = writeln!(std::io::stderr(), "{}", error_text(self.ctx, e));
            }
            free(self.ctx, e);
            if self.exiting.is_none() {
                self.exit_now(7);
            }
            return;
        }
        let handled = JS_ToBool(self.ctx, r) > 0;
        free(self.ctx, r);
        if let Some(code) = self.exiting {
            self.exit_now(code);
            return;
        }
        if !handled {
            // Node: 'exit' listeners run with code 1, and the process ends now.
            let code = self.emit_exit(1);
            if self.exiting.is_none() {
                self.exit_now(if code == 0 { 1 } else { code });
            }
        }
    }

    /// Ends this thread's program with `code` (the first code given wins):
    /// the loop stops and the JS on the stack unwinds (the caller throws
    /// [`unwind`]; JS started meanwhile is interrupted), then `run` tears
    /// the thread down and frees its runtime. Nothing is freed under live
    /// frames. On the main thread that teardown calls no addon code, as
    /// Node's `process.exit()` runs no cleanup hook or finalizer there; a
    /// worker's env teardown runs them, as in Node.
    pub(crate) unsafe fn exit_now(&mut self, code: i32) {
        if self.exiting.is_none() {
            self.exiting = Some(code);
        }
        match &self.worker {
            Some(w) => w.begin_unwinding(),
            None => match &self.host {
                Some(host) => host.set_interrupt_handler(Some(interrupt_exiting), ptr::null_mut()),
                None => JS_SetInterruptHandler(self.rt, Some(interrupt_exiting), ptr::null_mut()),
            },
        }
        libuv_sys2::uv_stop(self.uv.raw_loop());
    }

    /// `process.emit('exit')`; returns the exit code to use.
    pub(crate) unsafe fn emit_exit(&mut self, code: i32) -> i32 {
        let mut args = [qjs::int(code)];
        let f = qjs::get_str(self.ctx, self.hooks, c"emitExit");
        let r = JS_Call(self.ctx, f, self.hooks, 1, args.as_mut_ptr());
        free(self.ctx, f);
        let mut out = code;
        if qjs::is_exception(r) {
            let e = JS_GetException(self.ctx);
            if self.exiting.is_none() {
                let _ = writeln!(std::io::stderr(), "{}", error_text(self.ctx, e));
                out = 7;
            }
            // else: process.exit() in an 'exit' listener unwound it.
            free(self.ctx, e);
        } else if qjs::is_number(r) {
            out = qjs::number_value(r) as i32;
        }
        free(self.ctx, r);
        out
    }
}

/// The stack (or string form) of a thrown value, for last-resort printing.
pub(crate) unsafe fn error_text(ctx: *mut JSContext, e: JSValue) -> String {
    if qjs::is_object(e) {
        let stack = qjs::get_str(ctx, e, c"stack");
        if qjs::is_string(stack) {
            let s = qjs::to_rust_string(ctx, e).unwrap_or_default();
            let st = qjs::to_rust_string(ctx, stack).unwrap_or_default();
            free(ctx, stack);
            return format!("{s}\n{st}");
        }
        free(ctx, stack);
    }
    qjs::to_rust_string(ctx, e).unwrap_or_else(|| "<exception>".into())
}

/// Stops this thread's workers, runs env teardown (cleanup hooks,
/// finalizers, instance data) so addons see their finalizers run exactly
/// once, then flushes output. After `process.exit()` or a fatal exception
/// on the main thread no addon code runs (Node exits without env cleanup
/// there), but the host still releases every value, so the runtime frees.
pub(super) unsafe fn shutdown(rtm: &mut Runtime) {
    (rtm.builtins.stopping)(rtm);
    let fatal_main = rtm.worker.is_none() && rtm.exiting.is_some();
    match (&rtm.worker, &rtm.host) {
        (Some(w), _) => w.begin_teardown(),
        (None, Some(host)) => host.set_interrupt_handler(None, ptr::null_mut()),
        (None, None) => JS_SetInterruptHandler(rtm.rt, None, ptr::null_mut()),
    }
    if let Some(host) = rtm.host.take() {
        if fatal_main {
            host.release();
        } else {
            host.teardown();
        }
    }
    // The promise hook async_hooks may have set borrows JS values freed
    // with the context.
    JS_SetPromiseHook(rtm.rt, None, ptr::null_mut());
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

/// An uncatchable error: thrown so the JS on the stack unwinds after
/// `process.exit()` (no `catch` or `finally` runs).
pub(crate) unsafe fn unwind(ctx: *mut JSContext) -> JSValue {
    let e = JS_NewError(ctx);
    JS_SetPropertyStr(ctx, e, c"message".as_ptr(), qjs::string(ctx, "exiting"));
    JS_SetUncatchableError(ctx, e);
    JS_Throw(ctx, e)
}

/// The main thread's interrupt handler while it exits: JS still on the
/// stack, or started before the loop stops, is interrupted.
unsafe extern "C" fn interrupt_exiting(_: *mut JSRuntime, _: *mut std::ffi::c_void) -> i32 {
    1
}

// ---- the loop's callbacks ----------------------------------------------------

/// The loop's timer: runs the JS timers due (`hooks.processTimers`).
pub(super) unsafe extern "C" fn on_timer(_t: *mut uv_timer_t) {
    let rt = runtime();
    if rt.exiting.is_some() {
        return; // a worker waiting for its requests before teardown
    }
    let now = rt.uv.now();
    let next = rt.call_hook(c"processTimers", &mut [napi_host::qjs::float(now)]);
    let next_ms = if napi_host::qjs::is_number(next) {
        napi_host::qjs::number_value(next)
    } else {
        -1.0
    };
    napi_host::qjs::free(rt.ctx, next);
    if next_ms >= 0.0 {
        rt.uv.schedule_timer(next_ms);
    }
    rt.after_callback();
    stop_if_exiting();
}

/// The loop's check phase: runs `setImmediate` callbacks.
pub(super) unsafe extern "C" fn on_check(_c: *mut uv_check_t) {
    let rt = runtime();
    if rt.exiting.is_some() {
        return;
    }
    let r = rt.call_hook(c"processImmediates", &mut []);
    napi_host::qjs::free(rt.ctx, r);
    rt.after_callback();
    stop_if_exiting();
}

/// After `process.exit()` or a fatal uncaught exception, stop the loop.
pub(crate) unsafe fn stop_if_exiting() {
    let rt = runtime();
    if rt.exiting.is_some() {
        uv_stop(rt.uv.raw_loop());
    }
}
