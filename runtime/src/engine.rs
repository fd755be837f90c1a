//! The engine and its life: QuickJS runtime and context, the napi-host
//! [`Host`], the bootstrap script and its hooks, running the main script,
//! draining the loop, exit codes and teardown.

use std::cell::Cell;
use std::ffi::CString;
use std::ptr;

use napi_host::qjs::{self, free};
use napi_host::Host;
use rquickjs_sys::*;

use crate::{event_loop::Loop, Mode, Options};

include!(concat!(env!("OUT_DIR"), "/js_sources.rs"));

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
    pub worker: Option<std::sync::Arc<crate::worker::Channel>>,
    /// `worker_threads`' event handler (`binding.setWorkerHandler`).
    pub worker_handler: JSValue,
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

unsafe extern "C" fn promise_rejection_tracker(
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
unsafe fn after_callback_from_host(_host: &Host) {
    let rt = runtime();
    if rt.needs_drain() {
        let r = rt.call_hook(c"afterCallback", &mut []);
        free(rt.ctx, r);
    }
}

unsafe fn on_uncaught_from_host(_host: &Host, exc: JSValue) {
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
                eprintln!("{}", error_text(self.ctx, e));
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

    /// Ends this thread's program with `code`. On the main thread: env
    /// teardown (finalizers, instance data), flush, and the process exits
    /// (never returns). On a worker thread only the worker ends: the loop
    /// stops and the JS on the stack unwinds (the caller throws
    /// [`crate::worker::unwind`]); `run` then tears the worker down.
    pub(crate) unsafe fn exit_now(&mut self, code: i32) {
        if let Some(w) = &self.worker {
            if self.exiting.is_none() {
                self.exiting = Some(code);
            }
            w.begin_unwinding();
            libuv_sys2::uv_stop(self.uv.raw_loop());
            return;
        }
        self.exiting = Some(code);
        shutdown(self);
        std::process::exit(code)
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
            eprintln!("{}", error_text(self.ctx, e));
            free(self.ctx, e);
            out = 7;
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

/// QuickJS's stack limit for this thread: half the thread's stack (the main
/// thread's is `ulimit -s`; a worker's is set in worker.rs), at most 8 MB.
/// Node's own limit is about 1 MB.
fn js_stack_limit(worker: bool) -> usize {
    const MAX: usize = 8 << 20;
    let stack = if worker {
        crate::worker::THREAD_STACK
    } else {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes the struct it is given.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut lim) } == 0;
        if !ok || lim.rlim_cur == libc::RLIM_INFINITY {
            2 * MAX
        } else {
            lim.rlim_cur as usize
        }
    };
    (stack / 2).min(MAX)
}

/// Creates the engine, runs the program and the loop, tears down; returns
/// the exit code. Runs on the main thread, and on each worker's thread
/// (`opts.worker`).
pub(crate) fn run(opts: Options) -> i32 {
    // SAFETY: one runtime per thread, used only here and from its callbacks.
    unsafe {
        let rt = JS_NewRuntime();
        let ctx = JS_NewContext(rt);
        let mut uv = Loop::new();
        let host = Host::new(ctx, uv.raw_loop().cast());
        // QuickJS measures from here and throws a RangeError past the limit,
        // which must leave room on the thread's real stack for the native
        // frames around it, or deep recursion kills the process instead.
        host.set_stack_limit(js_stack_limit(opts.worker.is_some()));
        host.on_uncaught.set(Some(on_uncaught_from_host));
        host.after_callback.set(Some(after_callback_from_host));
        let runtime = Box::into_raw(Box::new(Runtime {
            rt,
            ctx,
            host: Some(host),
            uv,
            hooks: JS_UNDEFINED,
            reject_tracker: JS_UNDEFINED,
            exiting: None,
            tick_info: ptr::null(),
            tick_info_owner: JS_UNDEFINED,
            worker: opts.worker.as_ref().map(|w| w.channel.clone()),
            worker_handler: JS_UNDEFINED,
        }));
        RUNTIME.with(|r| r.set(runtime));
        let rtm = &mut *runtime;
        rtm.uv.init_handles();
        JS_SetHostPromiseRejectionTracker(rt, Some(promise_rejection_tracker), ptr::null_mut());
        crate::modules::install(rt);

        if let Err(msg) = bootstrap(rtm, &opts) {
            eprintln!("nabi: internal error while starting: {msg}");
            return 70;
        }
        if rtm.worker.is_some() {
            crate::worker::attach_to_parent(rtm);
        }

        match &opts.mode {
            _ if rtm.exiting.is_some() => {}
            Mode::Script(path) => {
                let p = qjs::string(
                    ctx,
                    &opts.argv.get(1).cloned().unwrap_or_else(|| path.clone()),
                );
                let r = rtm.call_hook(c"runMain", &mut [p]);
                free(ctx, p);
                free(ctx, r);
            }
            Mode::Eval { code, print } => {
                let c = qjs::string(ctx, code);
                let name = qjs::string(
                    ctx,
                    if rtm.worker.is_some() {
                        "[worker eval]"
                    } else {
                        "[eval]"
                    },
                );
                let r = rtm.call_hook(c"evalCode", &mut [c, qjs::boolean(*print), name]);
                free(ctx, c);
                free(ctx, name);
                free(ctx, r);
            }
            Mode::Version | Mode::Help => {}
        }
        rtm.after_callback();

        while rtm.exiting.is_none() {
            rtm.uv.run();
            if rtm.exiting.is_some() {
                break;
            }
            // 'beforeExit' may schedule more work.
            let r = rtm.call_hook(c"beforeExit", &mut []);
            free(ctx, r);
            rtm.after_callback();
            if !rtm.uv.alive() {
                break;
            }
        }
        let code = match rtm.exiting {
            Some(code) => code,
            None => rtm.emit_exit(0),
        };
        if rtm.worker.is_some() {
            rtm.exiting = Some(code);
            crate::worker::finish_requests(rtm);
        }
        shutdown(rtm);
        if rtm.worker.is_some() {
            crate::worker::detach_from_parent(rtm);
            RUNTIME.with(|r| r.set(ptr::null_mut()));
            crate::worker::free_runtime(*Box::from_raw(runtime));
        }
        code
    }
}

/// Stops this thread's workers, runs env teardown (cleanup hooks,
/// finalizers, instance data) so addons see their finalizers run exactly
/// once, then flushes output.
unsafe fn shutdown(rtm: &mut Runtime) {
    crate::worker::stop_children(rtm);
    if let Some(w) = &rtm.worker {
        w.begin_teardown();
    }
    if let Some(host) = rtm.host.take() {
        host.teardown();
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}

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

unsafe fn bootstrap(rtm: &mut Runtime, opts: &Options) -> Result<(), String> {
    let ctx = rtm.ctx;
    let source = JS_SOURCES
        .iter()
        .find(|(stem, _)| *stem == "bootstrap")
        .map(|(_, s)| *s)
        .ok_or("runtime/src/js/bootstrap.js is missing from the build")?;
    let f = match precompiled(ctx, "node:internal/bootstrap", &[], source) {
        Some(f) => f,
        None => {
            let src = CString::new(source).map_err(|_| "bootstrap.js contains a NUL byte")?;
            JS_Eval(
                ctx,
                src.as_ptr(),
                source.len() as _,
                c"node:internal/bootstrap".as_ptr(),
                JS_EVAL_TYPE_GLOBAL as i32,
            )
        }
    };
    if qjs::is_exception(f) {
        let e = JS_GetException(ctx);
        return Err(error_text(ctx, e));
    }
    let binding = crate::binding::create(rtm, opts);
    let mut args = [binding];
    let hooks = JS_Call(ctx, f, JS_UNDEFINED, 1, args.as_mut_ptr());
    free(ctx, binding);
    free(ctx, f);
    if qjs::is_exception(hooks) {
        let e = JS_GetException(ctx);
        return Err(error_text(ctx, e));
    }
    rtm.hooks = hooks;
    // Buffers made by addons get the runtime's Buffer prototype.
    let global = JS_GetGlobalObject(ctx);
    let buffer = qjs::get_str(ctx, global, c"Buffer");
    if qjs::is_object(buffer) {
        let proto = qjs::get_str(ctx, buffer, c"prototype");
        if let Some(h) = &rtm.host {
            h.set_buffer_prototype(proto);
        }
        free(ctx, proto);
    }
    free(ctx, buffer);
    free(ctx, global);
    Ok(())
}
