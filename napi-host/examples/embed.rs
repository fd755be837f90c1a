//! An outside host: its own QuickJS runtime and libuv loop, loading Node-API
//! addons through napi-host, as LLRT or txiki.js would.
//!
//! `embed <addon.node>...` loads each addon as global `addon0`, `addon1`, …,
//! runs the script given on stdin (with `print`), pumps the loop until
//! nothing is left, tears the host down and frees the runtime. With
//! `EMBED_REACTOR=1` it pumps libuv the way a host with its own reactor
//! would (README: "Driving libuv from another reactor"); with
//! `EMBED_RELEASE=1` it ends with `Host::release` (no addon code runs, as
//! on Node's `process.exit()`) instead of `Host::teardown`.
//! The binary must export napi-host's symbols: see `napi-host/README.md`
//! (for this example, napi-host's own build.rs calls `napi-host-build` as
//! an embedder's build.rs would, with libuv's functions too).

use std::ffi::{c_int, c_void};
use std::io::Read;
use std::path::Path;

use libuv_sys2::*;
use napi_host::qjs::{self, free};
use napi_host::Host;
use rquickjs_sys::*;

/// The embedder's own per-runtime state, in the runtime's opaque slot,
/// which napi-host leaves alone.
static EMBEDDER_STATE: u64 = 0x00E3_BEDD;

unsafe extern "C" fn print(
    ctx: *mut JSContext,
    _this: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let args = std::slice::from_raw_parts(argv, argc as usize);
    let text: Vec<String> = args
        .iter()
        .map(|&v| qjs::to_rust_string(ctx, v).unwrap_or_default())
        .collect();
    println!("{}", text.join(" "));
    JS_UNDEFINED
}

/// Promise jobs: napi-host calls this after every macrotask native code
/// drives (async work completion, threadsafe calls).
unsafe fn drain_jobs(host: &Host) {
    let mut ctx = std::ptr::null_mut();
    while JS_ExecutePendingJob(host.rt, &mut ctx) > 0 {}
}

/// Runs the loop until nothing keeps it alive, as a host with its own
/// reactor (tokio, epoll) would: wait for libuv's backend fd to be
/// readable or its next timer (here with `poll`, where such a host
/// registers the fd with its reactor), then `UV_RUN_NOWAIT`, then jobs.
unsafe fn pump_from_a_reactor(lp: *mut uv_loop_t, host: &Host) {
    loop {
        uv_run(lp, uv_run_mode_UV_RUN_NOWAIT);
        drain_jobs(host);
        if uv_loop_alive(lp) == 0 {
            break;
        }
        let mut fd = libc::pollfd {
            fd: uv_backend_fd(lp),
            events: libc::POLLIN,
            revents: 0,
        };
        libc::poll(&mut fd, 1, uv_backend_timeout(lp));
    }
}

unsafe extern "C" fn close_handle(h: *mut uv_handle_t, _: *mut c_void) {
    if uv_is_closing(h) == 0 {
        uv_close(h, None);
    }
}

/// Prints what JS threw and exits.
unsafe fn die(ctx: *mut JSContext, what: &str, exc: JSValue) -> ! {
    let text = qjs::to_rust_string(ctx, exc).unwrap_or_default();
    eprintln!("embed: {what}: {text}");
    std::process::exit(1)
}

fn main() {
    // Keep every napi_* and uv_* function in the binary (addons find them
    // by dlsym; the dynamic lists export only what is linked in).
    std::hint::black_box(napi_host::EXPORTS.as_ptr());
    std::hint::black_box(napi_host::node_module_register as *const ());
    std::hint::black_box(napi_host::UV_EXPORTS.as_ptr());
    let mut script = String::new();
    std::io::stdin().read_to_string(&mut script).unwrap();
    unsafe {
        let lp = Box::into_raw(Box::new(std::mem::zeroed::<uv_loop_t>()));
        assert_eq!(uv_loop_init(lp), 0);
        let rt = JS_NewRuntime();
        JS_SetRuntimeOpaque(rt, &EMBEDDER_STATE as *const u64 as *mut c_void);
        let ctx = JS_NewContext(rt);
        // One Host per runtime (and its one context), before any addon.
        // (EMBED_NO_LOOP shows the error napi-host gives without a loop.)
        let given = if std::env::var_os("EMBED_NO_LOOP").is_some() {
            std::ptr::null_mut()
        } else {
            lp.cast()
        };
        let host = Host::new(ctx, given);
        host.after_callback.set(Some(drain_jobs));

        let global = JS_GetGlobalObject(ctx);
        let f = JS_NewCFunction2(
            ctx,
            Some(print),
            c"print".as_ptr(),
            1,
            JSCFunctionEnum_JS_CFUNC_generic,
            0,
        );
        JS_SetPropertyStr(ctx, global, c"print".as_ptr(), f);
        for (i, path) in std::env::args().skip(1).enumerate() {
            let exports = JS_NewObject(ctx);
            match host.load_addon(Path::new(&path), exports) {
                Ok(v) => {
                    let name = std::ffi::CString::new(format!("addon{i}")).unwrap();
                    JS_SetPropertyStr(ctx, global, name.as_ptr(), v);
                }
                Err(napi_host::LoadError::Exception(e)) => die(ctx, &path, e),
                Err(e) => {
                    eprintln!("embed: {e}");
                    std::process::exit(1)
                }
            }
            free(ctx, exports);
        }
        free(ctx, global);

        let r = JS_Eval(
            ctx,
            script.as_ptr().cast(),
            script.len() as _,
            c"<stdin>".as_ptr(),
            JS_EVAL_TYPE_GLOBAL as i32,
        );
        if qjs::is_exception(r) {
            die(ctx, "script", JS_GetException(ctx));
        }
        free(ctx, r);
        // The loop: jobs, then libuv until nothing keeps it alive.
        drain_jobs(&host);
        if std::env::var_os("EMBED_REACTOR").is_some() {
            pump_from_a_reactor(lp, &host);
        } else {
            while uv_run(lp, uv_run_mode_UV_RUN_DEFAULT) != 0 {
                drain_jobs(&host);
            }
        }
        drain_jobs(&host);
        host.run_finalizers();

        // Teardown order: host (cleanup hooks, finalizers, every value addons
        // held), the loop's close callbacks, the context, the runtime, the loop.
        if std::env::var_os("EMBED_RELEASE").is_some() {
            host.release();
            // The addons' own handles stay open (their cleanup hooks did
            // not run): the process is ending, so close them unannounced.
            uv_walk(lp, Some(close_handle), std::ptr::null_mut());
        } else {
            host.teardown();
        }
        uv_run(lp, uv_run_mode_UV_RUN_DEFAULT);
        JS_FreeContext(ctx);
        let opaque = JS_GetRuntimeOpaque(rt) as *const u64;
        assert_eq!(
            *opaque, EMBEDDER_STATE,
            "the embedder's opaque value changed"
        );
        println!("opaque intact");
        JS_FreeRuntime(rt); // aborts if any object is left
        assert_eq!(uv_loop_close(lp), 0, "a libuv handle is still open");
        drop(Box::from_raw(lp));
        println!("runtime freed");
    }
}
