//! The `binding` object handed to `js/bootstrap.js`: the engine's own
//! functions (printing, reading files for `require`, compiling, exit,
//! microtasks, timers, ES modules) and facts (argv, env, versions, the
//! built-ins' sources); then the built-ins add theirs ([`super::Builtins::install`]).
//! Each function is small and synchronous; the JS side builds Node's API on
//! top of them.

use std::ffi::{c_int, CString};

use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use super::js_wrap;
use super::modules::{load_module, promise_state};
use super::precompiled::{precompiled, JS_SOURCES};
use super::runtime::{quickjs_version, runtime, unwind, Options, Runtime};
use crate::builtins::args::{arg, args, native_fn, num, set_fn, store, throw_error};

unsafe fn arg_string(
    ctx: *mut JSContext,
    argc: c_int,
    argv: *mut JSValue,
    i: usize,
) -> Option<String> {
    qjs::to_rust_string(ctx, arg(args(argc, argv), i))
}

unsafe fn arg_number(argc: c_int, argv: *mut JSValue, i: usize) -> f64 {
    num(args(argc, argv), i)
}

/// Node's message for an I/O error: `ENOENT: no such file or directory, open '/x'`.
unsafe fn throw_io(
    ctx: *mut JSContext,
    err: &std::io::Error,
    syscall: &str,
    path: &str,
) -> JSValue {
    let (code, text) = match err.kind() {
        std::io::ErrorKind::NotFound => ("ENOENT", "no such file or directory"),
        std::io::ErrorKind::PermissionDenied => ("EACCES", "permission denied"),
        _ if err.raw_os_error() == Some(21) => ("EISDIR", "illegal operation on a directory"),
        _ if err.raw_os_error() == Some(20) => ("ENOTDIR", "not a directory"),
        _ => ("EIO", "i/o error"),
    };
    throw_error(
        ctx,
        code,
        &format!("{code}: {text}, {syscall} '{path}'"),
        Some(path),
    )
}

unsafe extern "C" fn print(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    use std::io::Write;
    let fd = arg_number(argc, argv, 0);
    let text = arg_string(ctx, argc, argv, 1).unwrap_or_default();
    let r = if fd == 2.0 {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush())
    };
    // EPIPE (e.g. `nabi x.js | head`) is not the script's fault: ignore.
    let _ = r;
    JS_UNDEFINED
}

unsafe extern "C" fn read_file(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let path = arg_string(ctx, argc, argv, 0).unwrap_or_default();
    match std::fs::read(&path) {
        Ok(bytes) => qjs::string_bytes(ctx, &bytes),
        Err(e) => throw_io(ctx, &e, "open", &path),
    }
}

unsafe extern "C" fn stat(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let path = arg_string(ctx, argc, argv, 0).unwrap_or_default();
    qjs::int(match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => 2,
        Ok(_) => 1,
        Err(_) => 0,
    })
}

unsafe extern "C" fn realpath(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let path = arg_string(ctx, argc, argv, 0).unwrap_or_default();
    match std::fs::canonicalize(&path) {
        Ok(p) => qjs::string(ctx, &p.display().to_string()),
        Err(e) => throw_io(ctx, &e, "realpath", &path),
    }
}

unsafe extern "C" fn cwd(ctx: *mut JSContext, _: JSValue, _: c_int, _: *mut JSValue) -> JSValue {
    match std::env::current_dir() {
        Ok(p) => qjs::string(ctx, &p.display().to_string()),
        Err(e) => throw_io(ctx, &e, "uv_cwd", "."),
    }
}

/// Evaluates `source` as a global script named `filename`, its first line
/// numbered `first_line`.
unsafe fn eval(ctx: *mut JSContext, source: &str, filename: &str, first_line: i32) -> JSValue {
    let Ok(src) = CString::new(source) else {
        return throw_error(
            ctx,
            "ERR_INVALID_ARG_VALUE",
            "source contains a NUL byte",
            None,
        );
    };
    let name = CString::new(filename).unwrap_or_default();
    let mut options = JSEvalOptions {
        version: JS_EVAL_OPTIONS_VERSION as _,
        eval_flags: JS_EVAL_TYPE_GLOBAL as _,
        filename: name.as_ptr(),
        line_num: first_line,
    };
    JS_Eval2(ctx, src.as_ptr(), source.len() as _, &mut options)
}

unsafe extern "C" fn compile_function(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let mut source = arg_string(ctx, argc, argv, 0).unwrap_or_default();
    let filename = arg_string(ctx, argc, argv, 1).unwrap_or_default();
    let params_v = arg(args(argc, argv), 2);
    let mut params = Vec::new();
    let mut len = 0i64;
    if JS_GetLength(ctx, params_v, &mut len) == 0 {
        for i in 0..len {
            let p = JS_GetPropertyUint32(ctx, params_v, i as u32);
            params.push(qjs::to_rust_string(ctx, p).unwrap_or_default());
            free(ctx, p);
        }
    }
    if let Some(f) = precompiled(ctx, &filename, &params, &source) {
        return f;
    }
    if source.starts_with("#!") {
        // A shebang line is a comment to Node; keep the line count.
        source.replace_range(0..2, "//");
    }
    let params: Vec<&str> = params.iter().map(String::as_str).collect();
    let wrapped = js_wrap::function_source(&params, &source);
    eval(ctx, &wrapped, &filename, js_wrap::FIRST_LINE)
}

unsafe extern "C" fn eval_script(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let source = arg_string(ctx, argc, argv, 0).unwrap_or_default();
    let filename = arg_string(ctx, argc, argv, 1).unwrap_or_else(|| "[eval]".into());
    eval(ctx, &source, &filename, 1)
}

unsafe extern "C" fn exit(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let code = arg_number(argc, argv, 0);
    let code = if code.is_finite() { code as i32 } else { 0 };
    runtime().exit_now(code);
    // Only a worker gets here: its JS unwinds.
    unwind(ctx)
}

unsafe extern "C" fn run_microtasks(
    ctx: *mut JSContext,
    _: JSValue,
    _: c_int,
    _: *mut JSValue,
) -> JSValue {
    let rt = runtime();
    rt.run_microtasks();
    if rt.exiting.is_some() {
        // A worker exiting from a microtask: unwind the JS that drains them.
        return unwind(ctx);
    }
    JS_UNDEFINED
}

unsafe extern "C" fn hrtime(_: *mut JSContext, _: JSValue, _: c_int, _: *mut JSValue) -> JSValue {
    qjs::float(libuv_sys2::uv_hrtime() as f64)
}

unsafe extern "C" fn now(_: *mut JSContext, _: JSValue, _: c_int, _: *mut JSValue) -> JSValue {
    qjs::float(runtime().uv.now())
}

/// `binding.loopIdleTime()`: milliseconds the loop has waited for events.
unsafe extern "C" fn loop_idle_time(
    _: *mut JSContext,
    _: JSValue,
    _: c_int,
    _: *mut JSValue,
) -> JSValue {
    qjs::float(runtime().uv.idle_time())
}

unsafe extern "C" fn schedule_timer(
    _: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let ms = arg_number(argc, argv, 0);
    runtime()
        .uv
        .schedule_timer(if ms.is_nan() { -1.0 } else { ms });
    JS_UNDEFINED
}

unsafe extern "C" fn timer_ref(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let on = JS_ToBool(ctx, arg(args(argc, argv), 0)) > 0;
    runtime().uv.timer_ref(on);
    JS_UNDEFINED
}

unsafe extern "C" fn schedule_immediate(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let on = JS_ToBool(ctx, arg(args(argc, argv), 0)) > 0;
    runtime().uv.schedule_immediate(on);
    JS_UNDEFINED
}

unsafe extern "C" fn immediate_ref(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let on = JS_ToBool(ctx, arg(args(argc, argv), 0)) > 0;
    runtime().uv.immediate_ref(on);
    JS_UNDEFINED
}

unsafe extern "C" fn gc(_: *mut JSContext, _: JSValue, _: c_int, _: *mut JSValue) -> JSValue {
    let rt = runtime();
    JS_RunGC(rt.rt);
    if let Some(h) = &rt.host {
        h.run_finalizers();
    }
    JS_UNDEFINED
}

/// `binding.setTickInfo(int32Array)`: shares the JS tick state with Rust.
unsafe extern "C" fn set_tick_info(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let v = arg(args(argc, argv), 0);
    let (mut off, mut len, mut bpe): (size_t, size_t, size_t) = (0, 0, 4);
    let ab = JS_GetTypedArrayBuffer(ctx, v, &mut off, &mut len, &mut bpe);
    if qjs::is_exception(ab) {
        return ab;
    }
    let mut size: size_t = 0;
    let p = JS_GetArrayBuffer(ctx, &mut size, ab);
    free(ctx, ab);
    if p.is_null() || len < 8 {
        return throw_error(
            ctx,
            "ERR_INVALID_ARG_VALUE",
            "setTickInfo needs an Int32Array(2)",
            None,
        );
    }
    let rt = runtime();
    store(ctx, &mut rt.tick_info_owner, v);
    rt.tick_info = p.add(off as usize) as *const i32;
    JS_UNDEFINED
}

/// `binding.setEnv(name, value?)`: sets (or, without a value, removes) a
/// variable of the process environment.
unsafe extern "C" fn set_env(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let Some(name) = arg_string(ctx, argc, argv, 0) else {
        return JS_EXCEPTION;
    };
    if name.is_empty() || name.contains('=') || name.contains('\0') {
        return JS_UNDEFINED;
    }
    let value = arg(args(argc, argv), 1);
    if qjs::is_undefined(value) {
        std::env::remove_var(&name);
    } else if let Some(v) = qjs::to_rust_string(ctx, value).filter(|v| !v.contains('\0')) {
        std::env::set_var(&name, v);
    }
    JS_UNDEFINED
}

/// Does nothing: the floor for a JS→native call, for `bench/napi`.
unsafe extern "C" fn noop(_: *mut JSContext, _: JSValue, _: c_int, _: *mut JSValue) -> JSValue {
    JS_UNDEFINED
}

unsafe extern "C" fn set_promise_reject_tracker(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    store(ctx, &mut runtime().reject_tracker, arg(args(argc, argv), 0));
    JS_UNDEFINED
}

unsafe fn string_array(ctx: *mut JSContext, items: &[String]) -> JSValue {
    let a = JS_NewArray(ctx);
    for (i, s) in items.iter().enumerate() {
        JS_SetPropertyUint32(ctx, a, i as u32, qjs::string(ctx, s));
    }
    a
}

unsafe fn set_str(ctx: *mut JSContext, obj: JSValue, name: &std::ffi::CStr, value: &str) {
    JS_SetPropertyStr(ctx, obj, name.as_ptr(), qjs::string(ctx, value));
}

/// Node's name for this machine's architecture.
pub(crate) fn node_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "arm" => "arm",
        "x86" => "ia32",
        other => other,
    }
}

pub(crate) unsafe fn create(rtm: &mut Runtime, opts: &Options) -> JSValue {
    let ctx = rtm.ctx;
    let b = JS_NewObject(ctx);
    set_fn(ctx, b, c"print", print, 2);
    set_fn(ctx, b, c"readFile", read_file, 1);
    set_fn(ctx, b, c"stat", stat, 1);
    set_fn(ctx, b, c"realpath", realpath, 1);
    set_fn(ctx, b, c"cwd", cwd, 0);
    set_fn(ctx, b, c"compileFunction", compile_function, 3);
    set_fn(ctx, b, c"evalScript", eval_script, 2);
    set_fn(ctx, b, c"exit", exit, 1);
    set_fn(ctx, b, c"runMicrotasks", run_microtasks, 0);
    set_fn(ctx, b, c"hrtime", hrtime, 0);
    set_fn(ctx, b, c"now", now, 0);
    set_fn(ctx, b, c"loopIdleTime", loop_idle_time, 0);
    set_fn(ctx, b, c"scheduleTimer", schedule_timer, 1);
    set_fn(ctx, b, c"timerRef", timer_ref, 1);
    set_fn(ctx, b, c"scheduleImmediate", schedule_immediate, 1);
    set_fn(ctx, b, c"immediateRef", immediate_ref, 1);
    set_fn(
        ctx,
        b,
        c"setPromiseRejectTracker",
        set_promise_reject_tracker,
        1,
    );
    set_fn(ctx, b, c"noop", noop, 0);
    set_fn(ctx, b, c"setEnv", set_env, 2);
    set_fn(ctx, b, c"process", native_fn!(super::process::process), 3);
    set_fn(ctx, b, c"setTickInfo", set_tick_info, 1);
    set_fn(ctx, b, c"loadModule", load_module, 2);
    set_fn(ctx, b, c"promiseState", promise_state, 1);
    if opts.expose_gc {
        set_fn(ctx, b, c"gc", gc, 0);
    }
    // v8.setFlagsFromString('--expose-gc') defines gc() later.
    set_fn(ctx, b, c"runGc", gc, 0);
    (rtm.builtins.install)(ctx, b, opts);

    JS_SetPropertyStr(ctx, b, c"argv".as_ptr(), string_array(ctx, &opts.argv));
    JS_SetPropertyStr(
        ctx,
        b,
        c"execArgv".as_ptr(),
        string_array(ctx, &opts.exec_argv),
    );
    set_str(ctx, b, c"execPath", &opts.argv[0]);
    set_str(ctx, b, c"platform", std::env::consts::OS);
    set_str(ctx, b, c"arch", node_arch());
    JS_SetPropertyStr(ctx, b, c"pid".as_ptr(), qjs::int(std::process::id() as i32));

    let env = JS_NewObject(ctx);
    let vars: Vec<(String, String)> = match &opts.env {
        Some(vars) => vars.clone(),
        None => std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect(),
    };
    for (k, v) in &vars {
        if let Ok(k) = CString::new(k.as_str()) {
            set_str(ctx, env, &k, v);
        }
    }
    JS_SetPropertyStr(ctx, b, c"env".as_ptr(), env);

    let versions = JS_NewObject(ctx);
    let (maj, min, pat) = napi_host::NODE_VERSION;
    set_str(ctx, versions, c"node", &format!("{maj}.{min}.{pat}"));
    set_str(ctx, versions, c"nabi", env!("CARGO_PKG_VERSION"));
    set_str(ctx, versions, c"quickjs", &quickjs_version());
    // The followed Node's V8, as process.version already claims that Node:
    // @mapbox/node-pre-gyp derives its ABI name from `modules`, else from
    // `v8`, and throws with neither. `modules` stays unset on purpose:
    // node-gyp-build prefers a build for that ABI (V8's, which nabi
    // refuses) over the package's Node-API build.
    set_str(ctx, versions, c"v8", "13.6.233.17-node.63");
    let uv = std::ffi::CStr::from_ptr(libuv_sys2::uv_version_string());
    set_str(ctx, versions, c"uv", &uv.to_string_lossy());
    set_str(
        ctx,
        versions,
        c"napi",
        &napi_host::types::NAPI_VERSION.to_string(),
    );
    JS_SetPropertyStr(ctx, b, c"versions".as_ptr(), versions);

    let sources = JS_NewObject(ctx);
    for (stem, src) in JS_SOURCES {
        if *stem != "bootstrap" {
            let k = CString::new(*stem).unwrap_or_default();
            set_str(ctx, sources, &k, src);
        }
    }
    JS_SetPropertyStr(ctx, b, c"sources".as_ptr(), sources);
    b
}
