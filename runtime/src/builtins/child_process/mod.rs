//! Processes for `child_process`, and the stdin of `process`
//! (`binding.child`): `uv_spawn` with `uv_pipe_t` stdio, and pipes or TTYs
//! opened over an fd. The handles live in the shared table of
//! `builtins::handles` (JS holds them by id; their stream operations are
//! `binding.stream`, their events reach JS through `ioEvent`).

use std::ffi::{c_char, c_int, CString};
use std::ptr;

use libuv_sys2::*;
use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use crate::builtins::args::{arg, native_fn, num, set_fns, string_list};
use crate::builtins::permission::{self, Scope};
use crate::builtins::handles::{
    close_handle, emit, handle_of, id_arg, new_handle, on_close_quietly, Handle, Kind, EBADF,
    EV_EXIT,
};
use crate::engine::{runtime, Options};

/// `kill(id, signal)` → 0 or an errno.
unsafe fn kill(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    let sig = num(a, 1);
    qjs::int(match id_arg(a, 0, &[Kind::Process]) {
        Some(h) => uv_process_kill(ptr::addr_of_mut!((*h).raw.process).cast(), sig as c_int),
        None => uv_errno_t_UV_ESRCH,
    })
}

/// `guessHandle(fd)` → 'TTY', 'PIPE', 'FILE', 'TCP', 'UDP' or 'UNKNOWN'.
unsafe fn guess_handle(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let fd = num(a, 0);
    let kind = if fd.is_finite() && fd >= 0.0 {
        uv_guess_handle(fd as c_int)
    } else {
        uv_handle_type_UV_UNKNOWN_HANDLE
    };
    let names = [
        (uv_handle_type_UV_TTY, "TTY"),
        (uv_handle_type_UV_NAMED_PIPE, "PIPE"),
        (uv_handle_type_UV_FILE, "FILE"),
        (uv_handle_type_UV_TCP, "TCP"),
        (uv_handle_type_UV_UDP, "UDP"),
    ];
    let name = names
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("UNKNOWN", |(_, n)| n);
    qjs::string(ctx, name)
}

/// The flags fd 0 had before nabi opened it as a stream (restored at exit:
/// opening makes it non-blocking, and the file description may be shared
/// with the shell).
static STDIN_FLAGS: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

extern "C" fn restore_stdin() {
    let flags = STDIN_FLAGS.load(std::sync::atomic::Ordering::Relaxed);
    // SAFETY: plain syscalls on fd 0 at exit.
    unsafe {
        uv_tty_reset_mode();
        if flags >= 0 {
            libc::fcntl(0, libc::F_SETFL, flags);
        }
    }
}

/// `openStream(fd, tty, writable)` → the id of a pipe (or TTY) over `fd`,
/// or an errno. A TTY is opened for reading unless `writable` (libuv lets a
/// TTY handle do one or the other).
unsafe fn open_stream(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let fd = num(a, 0);
    if !(fd.is_finite() && fd >= 0.0) {
        return qjs::int(EBADF);
    }
    let fd = fd as c_int;
    if fd == 0 && STDIN_FLAGS.load(std::sync::atomic::Ordering::Relaxed) < 0 {
        let flags = libc::fcntl(0, libc::F_GETFL);
        if flags >= 0 {
            STDIN_FLAGS.store(flags, std::sync::atomic::Ordering::Relaxed);
            libc::atexit(restore_stdin);
        }
    }
    let tty = JS_ToBool(ctx, arg(a, 1)) > 0;
    let h = new_handle(if tty { Kind::Tty } else { Kind::Pipe });
    let lp = runtime().uv.raw_loop();
    let r = if tty {
        let readable = c_int::from(JS_ToBool(ctx, arg(a, 2)) <= 0);
        uv_tty_init(lp, ptr::addr_of_mut!((*h).raw.tty).cast(), fd, readable)
    } else {
        let p = ptr::addr_of_mut!((*h).raw.pipe).cast();
        let r = uv_pipe_init(lp, p, 0);
        if r == 0 {
            uv_pipe_open(p, fd)
        } else {
            r
        }
    };
    (*(*h).as_handle()).data = h.cast();
    if r != 0 {
        close_handle(h, Some(on_close_quietly));
        return qjs::int(r);
    }
    qjs::int((*h).id as i32)
}

/// `setRawMode(id, on)` → 0 or an errno (TTYs only).
unsafe fn set_raw_mode(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tty]) else {
        return qjs::int(EBADF);
    };
    let mode = if JS_ToBool(ctx, arg(a, 1)) > 0 {
        uv_tty_mode_t_UV_TTY_MODE_RAW
    } else {
        uv_tty_mode_t_UV_TTY_MODE_NORMAL
    };
    qjs::int(uv_tty_set_mode(
        ptr::addr_of_mut!((*h).raw.tty).cast(),
        mode,
    ))
}

/// `windowSize(id)` → `[columns, rows]`, or an errno (TTYs only).
unsafe fn window_size(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tty]) else {
        return qjs::int(EBADF);
    };
    let (mut cols, mut rows) = (0, 0);
    let r = uv_tty_get_winsize(ptr::addr_of_mut!((*h).raw.tty).cast(), &mut cols, &mut rows);
    if r != 0 {
        return qjs::int(r);
    }
    let out = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, out, 0, qjs::int(cols));
    JS_SetPropertyUint32(ctx, out, 1, qjs::int(rows));
    out
}

unsafe extern "C" fn on_exit(p: *mut uv_process_t, status: i64, signal: c_int) {
    let id = handle_of(p.cast()).id;
    emit(id, EV_EXIT, qjs::float(status as f64), qjs::int(signal));
}

fn cstring(s: String) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

unsafe fn int_prop(ctx: *mut JSContext, o: JSValue, name: &std::ffi::CStr) -> Option<i64> {
    let v = qjs::get_str(ctx, o, name);
    let r = qjs::is_number(v).then(|| qjs::number_value(v) as i64);
    free(ctx, v);
    r
}

/// What a child's stdio fd is: a new pipe, an fd of ours, or /dev/null.
enum Stdio {
    /// `duplex`: both ways (an IPC channel).
    Pipe { duplex: bool },
    Inherit(c_int),
    Ignore,
}

/// A spawn's options, read from JS once (a spawn may be tried twice).
struct SpawnOptions {
    env: Vec<CString>,
    cwd: Option<CString>,
    stdio: Vec<Stdio>,
    flags: u32,
    uid: uv_uid_t,
    gid: uv_gid_t,
}

/// One `uv_spawn` of `file` with `args`: its result, the process handle
/// (closed already when the spawn failed) and the pipes (one per stdio).
unsafe fn start(
    o: &SpawnOptions,
    file: &CString,
    args: &[CString],
) -> (c_int, *mut Handle, Vec<Option<*mut Handle>>) {
    let lp = runtime().uv.raw_loop();
    let mut argv: Vec<*mut c_char> = args.iter().map(|s| s.as_ptr() as *mut c_char).collect();
    argv.push(ptr::null_mut());
    let mut envp: Vec<*mut c_char> = o.env.iter().map(|s| s.as_ptr() as *mut c_char).collect();
    envp.push(ptr::null_mut());
    let mut containers: Vec<uv_stdio_container_t> = Vec::new();
    let mut pipes = Vec::new();
    for (i, spec) in o.stdio.iter().enumerate() {
        let mut c: uv_stdio_container_t = std::mem::zeroed();
        let mut pipe = None;
        match spec {
            Stdio::Inherit(fd) => {
                c.flags = uv_stdio_flags_UV_INHERIT_FD;
                c.data.fd = *fd;
            }
            Stdio::Pipe { duplex } => {
                let h = new_handle(Kind::Pipe);
                let p = ptr::addr_of_mut!((*h).raw.pipe).cast();
                uv_pipe_init(lp, p, 0);
                (*(*h).as_handle()).data = h.cast();
                // Readable and writable are the child's view: it reads its
                // stdin, writes the others.
                c.flags = uv_stdio_flags_UV_CREATE_PIPE
                    | if *duplex {
                        uv_stdio_flags_UV_READABLE_PIPE | uv_stdio_flags_UV_WRITABLE_PIPE
                    } else if i == 0 {
                        uv_stdio_flags_UV_READABLE_PIPE
                    } else {
                        uv_stdio_flags_UV_WRITABLE_PIPE
                    };
                c.data.stream = p.cast();
                pipe = Some(h);
            }
            Stdio::Ignore => c.flags = uv_stdio_flags_UV_IGNORE,
        }
        containers.push(c);
        pipes.push(pipe);
    }
    let mut opts: uv_process_options_t = std::mem::zeroed();
    opts.exit_cb = Some(on_exit);
    opts.file = file.as_ptr();
    opts.args = argv.as_mut_ptr();
    opts.env = envp.as_mut_ptr();
    opts.cwd = o.cwd.as_ref().map_or(ptr::null(), |c| c.as_ptr());
    opts.flags = o.flags;
    opts.uid = o.uid;
    opts.gid = o.gid;
    opts.stdio_count = containers.len() as c_int;
    opts.stdio = containers.as_mut_ptr();

    let h = new_handle(Kind::Process);
    let proc_ = ptr::addr_of_mut!((*h).raw.process).cast::<uv_process_t>();
    let r = uv_spawn(lp, proc_, &opts);
    (*proc_).data = h.cast();
    if r != 0 {
        // A spawn that fails early leaves the handle unlinked from the
        // loop's handle list, yet wants uv_close, which unlinks it again:
        // self-linked, that second unlinking touches no other handle.
        let q = ptr::addr_of_mut!((*proc_).handle_queue);
        if (*(*q).prev).next != q {
            (*q).next = q;
            (*q).prev = q;
        }
        close_handle(h, Some(on_close_quietly));
    }
    (r, h, pipes)
}

/// Where `execvp` finds `file` (searching the child's PATH).
fn find_in_path(file: &str, env: &[CString]) -> Option<String> {
    if file.contains('/') {
        return Some(file.to_string());
    }
    let path = env
        .iter()
        .filter_map(|e| e.to_str().ok())
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap_or("/bin:/usr/bin");
    path.split(':').find_map(|dir| {
        let dir = if dir.is_empty() { "." } else { dir };
        let candidate = format!("{dir}/{file}");
        let c = CString::new(candidate.as_str()).ok()?;
        // SAFETY: a path check.
        (unsafe { libc::access(c.as_ptr(), libc::X_OK) } == 0).then_some(candidate)
    })
}

/// `spawn({ file, args, cwd, envPairs, stdio, detached, uid, gid })`, where
/// `stdio` is a list of `'pipe'`, `'duplex'` (both ways: an IPC channel), `'ignore'` or an fd to inherit →
/// `[errno or 0, processId, pid, pipeIds…]` (null for the stdio that are
/// not pipes; the process id and pid 0 when the spawn failed).
unsafe fn spawn(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let o = arg(a, 0);
    let text = |name: &std::ffi::CStr| {
        let v = qjs::get_str(ctx, o, name);
        let s = (qjs::is_string(v)).then(|| qjs::to_rust_string(ctx, v).unwrap_or_default());
        free(ctx, v);
        s
    };
    let list = |name: &std::ffi::CStr| {
        let v = qjs::get_str(ctx, o, name);
        let l = string_list(ctx, v);
        free(ctx, v);
        l
    };
    let file = text(c"file").unwrap_or_default();
    if let Err(e) = permission::check(ctx, Scope::ChildProcess, &file) {
        return e;
    }
    let args = list(c"args");
    let mut opts = SpawnOptions {
        env: list(c"envPairs").into_iter().map(cstring).collect(),
        cwd: text(c"cwd").map(cstring),
        stdio: Vec::new(),
        flags: 0,
        uid: 0,
        gid: 0,
    };
    let stdio_v = qjs::get_str(ctx, o, c"stdio");
    let mut n = 0i64;
    JS_GetLength(ctx, stdio_v, &mut n);
    for i in 0..n.max(0) {
        let e = JS_GetPropertyUint32(ctx, stdio_v, i as u32);
        opts.stdio.push(if qjs::is_number(e) {
            Stdio::Inherit(qjs::number_value(e) as c_int)
        } else if let Some(kind @ ("pipe" | "duplex")) = qjs::to_rust_string(ctx, e).as_deref() {
            Stdio::Pipe {
                duplex: kind == "duplex",
            }
        } else {
            Stdio::Ignore
        });
        free(ctx, e);
    }
    free(ctx, stdio_v);
    let detached = qjs::get_str(ctx, o, c"detached");
    if JS_ToBool(ctx, detached) > 0 {
        opts.flags |= uv_process_flags_UV_PROCESS_DETACHED;
    }
    free(ctx, detached);
    if let Some(uid) = int_prop(ctx, o, c"uid") {
        opts.flags |= uv_process_flags_UV_PROCESS_SETUID;
        opts.uid = uid as uv_uid_t;
    }
    if let Some(gid) = int_prop(ctx, o, c"gid") {
        opts.flags |= uv_process_flags_UV_PROCESS_SETGID;
        opts.gid = gid as uv_gid_t;
    }

    let c_args: Vec<CString> = args.iter().cloned().map(cstring).collect();
    let (mut r, mut h, mut pipes) = start(&opts, &cstring(file.clone()), &c_args);
    if r == uv_errno_t_UV_ENOEXEC {
        // A file without a `#!` line: Node's libuv ran it through execvp,
        // which hands it to /bin/sh (libuv's posix_spawn path does not).
        if let Some(path) = find_in_path(&file, &opts.env) {
            for p in pipes.drain(..).flatten() {
                close_handle(p, Some(on_close_quietly));
            }
            let mut sh_args = vec![cstring("/bin/sh".into()), cstring(path)];
            sh_args.extend(c_args.iter().skip(1).cloned());
            (r, h, pipes) = start(&opts, &cstring("/bin/sh".into()), &sh_args);
        }
    }
    let out = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, out, 0, qjs::int(r));
    if r != 0 {
        // The pipes stay: after a failed exec libuv opens them anyway (the
        // child's ends are closed, so they read as ended), as Node expects.
        JS_SetPropertyUint32(ctx, out, 1, qjs::int(0));
        JS_SetPropertyUint32(ctx, out, 2, qjs::int(0));
    } else {
        let proc_ = ptr::addr_of_mut!((*h).raw.process).cast::<uv_process_t>();
        JS_SetPropertyUint32(ctx, out, 1, qjs::int((*h).id as i32));
        JS_SetPropertyUint32(ctx, out, 2, qjs::int(uv_process_get_pid(proc_)));
    }
    for (i, p) in pipes.iter().enumerate() {
        let v = p.map_or(JS_NULL, |p| qjs::int((*p).id as i32));
        JS_SetPropertyUint32(ctx, out, 3 + i as u32, v);
    }
    out
}

/// `signals` → `{ SIGHUP: 1, … }`, this platform's numbers, in the order
/// Node lists them (the first name of a number is its name).
unsafe fn signals(ctx: *mut JSContext) -> JSValue {
    let table: &[(&std::ffi::CStr, c_int)] = &[
        (c"SIGHUP", libc::SIGHUP),
        (c"SIGINT", libc::SIGINT),
        (c"SIGQUIT", libc::SIGQUIT),
        (c"SIGILL", libc::SIGILL),
        (c"SIGTRAP", libc::SIGTRAP),
        (c"SIGABRT", libc::SIGABRT),
        (c"SIGIOT", libc::SIGIOT),
        (c"SIGBUS", libc::SIGBUS),
        (c"SIGFPE", libc::SIGFPE),
        (c"SIGKILL", libc::SIGKILL),
        (c"SIGUSR1", libc::SIGUSR1),
        (c"SIGSEGV", libc::SIGSEGV),
        (c"SIGUSR2", libc::SIGUSR2),
        (c"SIGPIPE", libc::SIGPIPE),
        (c"SIGALRM", libc::SIGALRM),
        (c"SIGTERM", libc::SIGTERM),
        (c"SIGCHLD", libc::SIGCHLD),
        #[cfg(target_os = "linux")]
        (c"SIGSTKFLT", libc::SIGSTKFLT),
        (c"SIGCONT", libc::SIGCONT),
        (c"SIGSTOP", libc::SIGSTOP),
        (c"SIGTSTP", libc::SIGTSTP),
        (c"SIGTTIN", libc::SIGTTIN),
        (c"SIGTTOU", libc::SIGTTOU),
        (c"SIGURG", libc::SIGURG),
        (c"SIGXCPU", libc::SIGXCPU),
        (c"SIGXFSZ", libc::SIGXFSZ),
        (c"SIGVTALRM", libc::SIGVTALRM),
        (c"SIGPROF", libc::SIGPROF),
        (c"SIGWINCH", libc::SIGWINCH),
        (c"SIGIO", libc::SIGIO),
        #[cfg(target_os = "linux")]
        (c"SIGPOLL", libc::SIGPOLL),
        #[cfg(target_os = "linux")]
        (c"SIGPWR", libc::SIGPWR),
        (c"SIGSYS", libc::SIGSYS),
    ];
    let o = JS_NewObject(ctx);
    for (name, n) in table {
        JS_SetPropertyStr(ctx, o, name.as_ptr(), qjs::int(*n));
    }
    o
}

/// Adds `binding.child`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"spawn", native_fn!(spawn), 1),
            (c"kill", native_fn!(kill), 2),
            (c"openStream", native_fn!(open_stream), 3),
            (c"guessHandle", native_fn!(guess_handle), 1),
            (c"setRawMode", native_fn!(set_raw_mode), 2),
            (c"windowSize", native_fn!(window_size), 1),
        ],
    );
    JS_SetPropertyStr(ctx, o, c"signals".as_ptr(), signals(ctx));
    JS_SetPropertyStr(ctx, binding, c"child".as_ptr(), o);
}
