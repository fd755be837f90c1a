//! The engine and its life: QuickJS runtime and context, the napi-host
//! [`Host`], the bootstrap script and its hooks, running the main script,
//! draining the loop, exit codes and teardown.
//!
//! The engine names no built-in: [`run`] is given the [`Builtins`] to
//! install (`main.rs` composes them; a worker passes on its own thread's).
//! Below this file: `runtime.rs` (a thread's [`Runtime`]), `binding.rs`
//! (the engine's own part of the `binding` object), `modules.rs` (ES
//! modules), `event_loop.rs` (libuv), `precompiled.rs` and `js_wrap.rs`
//! (the embedded JS and its bytecode).

use std::ffi::CString;
use std::io::Write;
use std::ptr;

use libuv_sys2::{uv_run, uv_run_mode_UV_RUN_ONCE};
use napi_host::qjs::{self, free};
use napi_host::Host;
use rquickjs_sys::*;

mod binding;
mod event_loop;
pub(crate) mod js_wrap;
mod modules;
mod precompiled;
mod process;
mod runtime;

use event_loop::Loop;
use precompiled::{precompiled, JS_SOURCES};
use runtime::{
    after_callback_from_host, error_text, on_check, on_timer, on_uncaught_from_host,
    promise_rejection_tracker, set_runtime, shutdown,
};
pub(crate) use runtime::{
    runtime, stop_if_exiting, version_text, Builtins, Mode, Options, Runtime, WorkerLink,
    WorkerStart, THREAD_STACK,
};

/// QuickJS's stack limit for this thread: half the thread's stack (the main
/// thread's is `ulimit -s`; a worker's is [`THREAD_STACK`]), at most 8 MB.
/// Node's own limit is about 1 MB.
fn js_stack_limit(worker: bool) -> usize {
    const MAX: usize = 8 << 20;
    let stack = if worker {
        THREAD_STACK
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
/// (`opts.worker`), with the `builtins` its starter composed in.
pub(crate) fn run(opts: Options, builtins: &'static Builtins) -> i32 {
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
            worker: opts.worker.as_ref().map(|w| w.link.clone()),
            builtins,
        }));
        set_runtime(runtime);
        let rtm = &mut *runtime;
        rtm.uv.init_handles(Some(on_timer), Some(on_check));
        JS_SetHostPromiseRejectionTracker(rt, Some(promise_rejection_tracker), ptr::null_mut());
        modules::install(rt);

        if let Err(msg) = bootstrap(rtm, &opts) {
            let _ = writeln!(
                std::io::stderr(),
                "nabi: internal error while starting: {msg}"
            );
            return 70;
        }
        if rtm.worker.is_some() {
            (builtins.worker_started)(rtm);
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
            // (process.exit() in an 'exit' listener sets the code.)
            None => {
                let code = rtm.emit_exit(0);
                rtm.exiting.unwrap_or(code)
            }
        };
        if rtm.worker.is_some() {
            rtm.exiting = Some(code);
            finish_requests(rtm);
        }
        shutdown(rtm);
        if rtm.worker.is_some() {
            (builtins.worker_ended)(rtm);
        }
        set_runtime(ptr::null_mut());
        free_runtime(*Box::from_raw(runtime));
        code
    }
}

/// Before a worker's env teardown: its thread-pool requests in flight
/// finish first (as in Node); no JS runs for them any more.
unsafe fn finish_requests(rt: &mut Runtime) {
    let lp = rt.uv.raw_loop();
    // (libuv updates the count from the callbacks uv_run makes.)
    while std::ptr::read_volatile(&(*lp).active_reqs.count) > 0 {
        uv_run(lp, uv_run_mode_UV_RUN_ONCE);
    }
}

/// Frees what a finished thread owns (a worker's, or the main thread's
/// when its program ends): its loop (every handle left is closed first) and
/// its QuickJS runtime. Host teardown has released every value addons held,
/// and the built-ins' `stopping` the callbacks of the main thread's
/// unfinished requests; a value still held keeps the runtime allocated
/// instead of aborting (the process is ending).
unsafe fn free_runtime(rt: Runtime) {
    let Runtime {
        rt: qrt,
        ctx,
        uv,
        hooks,
        reject_tracker,
        tick_info_owner,
        ..
    } = rt;
    uv.close();
    for v in [hooks, reject_tracker, tick_info_owner] {
        free(ctx, v);
    }
    // The AsyncLocalStorage frame the program ended in goes with its context.
    JS_SetContinuationData(ctx, JS_UNDEFINED);
    JS_FreeContext(ctx);
    // A value still held leaves the runtime allocated: an exit must not
    // abort (runtime/tests/exit_frees.rs asserts none is left).
    let freed = JS_FreeRuntimeIfUnused(qrt);
    // For tests: whether the runtime was freed, on stderr (`1`) or appended
    // to a file (any other value: a whole test run's processes can be
    // checked without changing their output).
    if let Some(trace) = std::env::var_os("NABI_TRACE_FREE") {
        let what = if freed {
            "freed"
        } else {
            "left allocated (values held)"
        };
        let line = format!("nabi: runtime {what}\n");
        if trace == "1" {
            let _ = std::io::stderr().write_all(line.as_bytes());
        } else if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&trace)
        {
            // One write: processes running side by side append whole lines.
            let args: Vec<String> = std::env::args().skip(1).collect();
            let entry = format!("{} [{}]: {line}", std::process::id(), args.join(" "));
            let _ = f.write_all(entry.as_bytes());
        }
    }
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
    let binding = binding::create(rtm, opts);
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
