//! The native side of `child_process` (sync spawns), `os`, `crypto`
//! randomness, `process.report`/`memoryUsage`, and text encoding.

mod report;

pub(crate) use report::write_fatal_report;

use std::ffi::c_int;
use std::io::Write;
use std::process::{Command, Stdio};

use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use crate::builtins::permission::{self, Scope};
use crate::builtins::args::{
    arg, args, array_buffer, bytes_arg, errno_text, num, set_fn, string_list, throw_error, utf8,
};
use crate::engine::Options;

unsafe fn get(ctx: *mut JSContext, obj: JSValue, name: &std::ffi::CStr) -> JSValue {
    if qjs::is_object(obj) {
        qjs::get_str(ctx, obj, name)
    } else {
        JS_UNDEFINED
    }
}

/// `binding.spawnSync(file, args, { cwd, env: [[k, v]…], input, timeout, killSignal })`
/// → `{ status, signal, stdout, stderr, pid, error }` with ArrayBuffers.
unsafe extern "C" fn spawn_sync(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    let file = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    if let Err(e) = permission::check(ctx, Scope::ChildProcess, &file) {
        return e;
    }
    let argv_list = string_list(ctx, arg(a, 1));
    let opts = arg(a, 2);
    let mut cmd = Command::new(&file);
    cmd.args(&argv_list)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let cwd = get(ctx, opts, c"cwd");
    if qjs::is_string(cwd) {
        cmd.current_dir(qjs::to_rust_string(ctx, cwd).unwrap_or_default());
    }
    free(ctx, cwd);
    let env = get(ctx, opts, c"env");
    if qjs::is_object(env) {
        cmd.env_clear();
        let mut len = 0i64;
        JS_GetLength(ctx, env, &mut len);
        for i in 0..len {
            let pair = JS_GetPropertyUint32(ctx, env, i as u32);
            let kv = string_list(ctx, pair);
            free(ctx, pair);
            if let [k, v] = kv.as_slice() {
                cmd.env(k, v);
            }
        }
    }
    free(ctx, env);
    let input_v = get(ctx, opts, c"input");
    let input = if qjs::is_undefined(input_v) || qjs::is_null(input_v) {
        Vec::new()
    } else {
        bytes_arg(ctx, input_v)
    };
    free(ctx, input_v);
    let inherit = get(ctx, opts, c"inheritStderr");
    if JS_ToBool(ctx, inherit) > 0 {
        cmd.stderr(Stdio::inherit());
    }
    free(ctx, inherit);

    let timeout_v = get(ctx, opts, c"timeout");
    let timeout_ms = if qjs::is_number(timeout_v) { qjs::number_value(timeout_v) } else { 0.0 };
    free(ctx, timeout_v);
    let signal_v = get(ctx, opts, c"killSignal");
    let kill_signal = if qjs::is_number(signal_v) { qjs::number_value(signal_v) as c_int } else { libc::SIGTERM };
    free(ctx, signal_v);

    let result = JS_NewObject(ctx);
    match cmd.spawn() {
        Err(e) => {
            let errno = e.raw_os_error().unwrap_or(libc::ENOENT);
            let (code, _) = errno_text(errno);
            let msg = format!("spawnSync {file} {code}");
            let err = crate::builtins::args::new_error(ctx, &msg);
            JS_SetPropertyStr(ctx, err, c"errno".as_ptr(), qjs::int(-errno));
            JS_SetPropertyStr(ctx, err, c"code".as_ptr(), qjs::string(ctx, code));
            JS_SetPropertyStr(
                ctx,
                err,
                c"syscall".as_ptr(),
                qjs::string(ctx, &format!("spawnSync {file}")),
            );
            JS_SetPropertyStr(ctx, err, c"path".as_ptr(), qjs::string(ctx, &file));
            JS_SetPropertyStr(ctx, result, c"error".as_ptr(), err);
            JS_SetPropertyStr(ctx, result, c"status".as_ptr(), JS_NULL);
            JS_SetPropertyStr(ctx, result, c"signal".as_ptr(), JS_NULL);
            JS_SetPropertyStr(ctx, result, c"stdout".as_ptr(), array_buffer(ctx, &[]));
            JS_SetPropertyStr(ctx, result, c"stderr".as_ptr(), array_buffer(ctx, &[]));
        }
        Ok(mut child) => {
            JS_SetPropertyStr(ctx, result, c"pid".as_ptr(), qjs::int(child.id() as i32));
            if let Some(mut stdin) = child.stdin.take() {
                // A writer thread, so a child that fills its stdout pipe
                // before reading all input cannot deadlock us.
                std::thread::spawn(move || {
                    let _ = stdin.write_all(&input);
                });
            }
            // `timeout`: a watchdog kills the child with `killSignal` once
            // the time is up, unless told it ended first.
            let (done, ended) = std::sync::mpsc::channel::<()>();
            let watchdog = (timeout_ms > 0.0).then(|| {
                let pid = child.id() as libc::pid_t;
                let wait = std::time::Duration::from_micros((timeout_ms * 1000.0) as u64);
                std::thread::spawn(move || {
                    let up = matches!(
                        ended.recv_timeout(wait),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                    );
                    if up {
                        // SAFETY: signalling our own child, not yet reaped.
                        unsafe { libc::kill(pid, kill_signal) };
                    }
                    up
                })
            });
            let waited = child.wait_with_output();
            drop(done);
            if watchdog.is_some_and(|w| w.join().unwrap_or(false)) {
                let msg = format!("spawnSync {file} ETIMEDOUT");
                let err = crate::builtins::args::new_error(ctx, &msg);
                JS_SetPropertyStr(ctx, err, c"errno".as_ptr(), qjs::int(-libc::ETIMEDOUT));
                JS_SetPropertyStr(ctx, err, c"code".as_ptr(), qjs::string(ctx, "ETIMEDOUT"));
                JS_SetPropertyStr(
                    ctx,
                    err,
                    c"syscall".as_ptr(),
                    qjs::string(ctx, &format!("spawnSync {file}")),
                );
                JS_SetPropertyStr(ctx, err, c"path".as_ptr(), qjs::string(ctx, &file));
                JS_SetPropertyStr(ctx, result, c"error".as_ptr(), err);
            }
            match waited {
                Ok(out) => {
                    use std::os::unix::process::ExitStatusExt;
                    let status = out.status.code().map_or(JS_NULL, qjs::int);
                    let signal = out
                        .status
                        .signal()
                        .map_or(JS_NULL, |s| qjs::string(ctx, signal_name(s)));
                    JS_SetPropertyStr(ctx, result, c"status".as_ptr(), status);
                    JS_SetPropertyStr(ctx, result, c"signal".as_ptr(), signal);
                    JS_SetPropertyStr(
                        ctx,
                        result,
                        c"stdout".as_ptr(),
                        array_buffer(ctx, &out.stdout),
                    );
                    JS_SetPropertyStr(
                        ctx,
                        result,
                        c"stderr".as_ptr(),
                        array_buffer(ctx, &out.stderr),
                    );
                }
                Err(e) => {
                    let msg = format!("spawnSync {file}: {e}");
                    JS_SetPropertyStr(ctx, result, c"error".as_ptr(), qjs::string(ctx, &msg));
                }
            }
        }
    }
    result
}

fn signal_name(s: i32) -> &'static str {
    match s {
        libc::SIGHUP => "SIGHUP",
        libc::SIGINT => "SIGINT",
        libc::SIGQUIT => "SIGQUIT",
        libc::SIGABRT => "SIGABRT",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGTERM => "SIGTERM",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGILL => "SIGILL",
        _ => "SIGUNKNOWN",
    }
}

/// `binding.uname()` → `[sysname, nodename, release, version, machine]`.
unsafe extern "C" fn uname(ctx: *mut JSContext, _: JSValue, _: c_int, _: *mut JSValue) -> JSValue {
    let mut u: libc::utsname = std::mem::zeroed();
    libc::uname(&mut u);
    let field = |f: &[libc::c_char]| {
        std::ffi::CStr::from_ptr(f.as_ptr())
            .to_string_lossy()
            .into_owned()
    };
    let a = JS_NewArray(ctx);
    for (i, s) in [
        field(&u.sysname),
        field(&u.nodename),
        field(&u.release),
        field(&u.version),
        field(&u.machine),
    ]
    .iter()
    .enumerate()
    {
        JS_SetPropertyUint32(ctx, a, i as u32, qjs::string(ctx, s));
    }
    a
}

/// `binding.glibcVersion()` → the running glibc's version, or undefined on
/// other libcs (what `process.report` shows as `glibcVersionRuntime`).
unsafe extern "C" fn glibc_version(
    ctx: *mut JSContext,
    _: JSValue,
    _: c_int,
    _: *mut JSValue,
) -> JSValue {
    #[cfg(target_env = "gnu")]
    {
        extern "C" {
            fn gnu_get_libc_version() -> *const libc::c_char;
        }
        let v = std::ffi::CStr::from_ptr(gnu_get_libc_version())
            .to_string_lossy()
            .into_owned();
        qjs::string(ctx, &v)
    }
    #[cfg(not(target_env = "gnu"))]
    {
        let _ = ctx;
        JS_UNDEFINED
    }
}

/// `binding.randomFill(view)`: the OS's randomness into a buffer.
unsafe extern "C" fn random_fill(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    let Some(&v) = a.first() else {
        return JS_UNDEFINED;
    };
    let (mut off, mut len, mut bpe): (size_t, size_t, size_t) = (0, 0, 1);
    let ab = JS_GetTypedArrayBuffer(ctx, v, &mut off, &mut len, &mut bpe);
    if qjs::is_exception(ab) {
        return ab;
    }
    let mut size: size_t = 0;
    let p = JS_GetArrayBuffer(ctx, &mut size, ab);
    free(ctx, ab);
    if !p.is_null() {
        let buf = std::slice::from_raw_parts_mut(p.add(off as usize), len as usize);
        let mut filled = 0;
        while filled < buf.len() {
            let n = libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0);
            if n <= 0 {
                return throw_error(ctx, "ERR_CRYPTO_OPERATION_FAILED", "getrandom failed", None);
            }
            filled += n as usize;
        }
    }
    JS_UNDEFINED
}

/// `binding.decodeUtf8(bytes, start, end)`: UTF-8 (invalid → U+FFFD).
unsafe extern "C" fn decode_utf8(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    let Some(&v) = a.first() else {
        return qjs::string(ctx, "");
    };
    let bytes = bytes_arg(ctx, v);
    let num = |i: usize, d: usize| {
        let x = arg(a, i);
        if qjs::is_number(x) {
            (qjs::number_value(x).max(0.0) as usize).min(bytes.len())
        } else {
            d
        }
    };
    let (start, end) = (num(1, 0), num(2, bytes.len()));
    let s = String::from_utf8_lossy(&bytes[start.min(end)..end]);
    qjs::string(ctx, &s)
}

/// `binding.encodeUtf8(string)` → ArrayBuffer (lone surrogates → U+FFFD).
unsafe extern "C" fn encode_utf8(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    array_buffer(ctx, &utf8(ctx, arg(a, 0)))
}

/// `binding.memoryUsage()` → `[rss, heapTotal, heapUsed, external]`.
unsafe extern "C" fn memory_usage(
    ctx: *mut JSContext,
    _: JSValue,
    _: c_int,
    _: *mut JSValue,
) -> JSValue {
    let rss = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<f64>().ok())
        })
        .map_or(0.0, |pages| {
            pages * libc::sysconf(libc::_SC_PAGESIZE) as f64
        });
    let mut m: JSMemoryUsage = std::mem::zeroed();
    JS_ComputeMemoryUsage(JS_GetRuntime(ctx), &mut m);
    let a = JS_NewArray(ctx);
    for (i, v) in [rss, m.malloc_size as f64, m.memory_used_size as f64, 0.0]
        .iter()
        .enumerate()
    {
        JS_SetPropertyUint32(ctx, a, i as u32, JS_NewNumber(ctx, *v));
    }
    a
}

/// `binding.cpuUsage()` → `[user, system]`: the process's CPU time in µs.
unsafe extern "C" fn cpu_usage(
    ctx: *mut JSContext,
    _: JSValue,
    _: c_int,
    _: *mut JSValue,
) -> JSValue {
    let mut r: libc::rusage = std::mem::zeroed();
    libc::getrusage(libc::RUSAGE_SELF, &mut r);
    let us = |t: libc::timeval| t.tv_sec as f64 * 1e6 + t.tv_usec as f64;
    let a = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, a, 0, JS_NewNumber(ctx, us(r.ru_utime)));
    JS_SetPropertyUint32(ctx, a, 1, JS_NewNumber(ctx, us(r.ru_stime)));
    a
}

/// `binding.umask(mask?)` → the old mask, after setting `mask` if given.
unsafe extern "C" fn umask(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let mask = num(args(argc, argv), 0);
    let old = libc::umask(if mask.is_nan() { 0 } else { mask as libc::mode_t });
    if mask.is_nan() {
        libc::umask(old);
    }
    JS_NewNumber(ctx, old as f64)
}

/// Adds the process and OS functions several built-ins use.
/// `priority(pid[, priority])`: libuv's get (or set) of a process's
/// scheduling priority, as `[status, priority]` (status < 0: the error).
unsafe extern "C" fn priority(
    ctx: *mut JSContext,
    _: JSValue,
    argc: c_int,
    argv: *mut JSValue,
) -> JSValue {
    let a = crate::builtins::args::args(argc, argv);
    let pid = crate::builtins::args::num(a, 0) as c_int;
    let mut prio: c_int = 0;
    let status = if a.len() > 1 {
        prio = crate::builtins::args::num(a, 1) as c_int;
        libuv_sys2::uv_os_setpriority(pid, prio)
    } else {
        libuv_sys2::uv_os_getpriority(pid, &mut prio)
    };
    let out = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, out, 0, qjs::int(status));
    JS_SetPropertyUint32(ctx, out, 1, qjs::int(prio));
    out
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fn(ctx, b, c"priority", priority, 2);
    set_fn(ctx, b, c"spawnSync", spawn_sync, 3);
    set_fn(ctx, b, c"uname", uname, 0);
    set_fn(ctx, b, c"glibcVersion", glibc_version, 0);
    set_fn(ctx, b, c"randomFill", random_fill, 1);
    set_fn(ctx, b, c"decodeUtf8", decode_utf8, 3);
    set_fn(ctx, b, c"encodeUtf8", encode_utf8, 1);
    set_fn(ctx, b, c"memoryUsage", memory_usage, 0);
    set_fn(ctx, b, c"cpuUsage", cpu_usage, 0);
    set_fn(ctx, b, c"umask", umask, 1);
}
