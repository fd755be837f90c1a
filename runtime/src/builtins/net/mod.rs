//! TCP and pipe (Unix socket) handles for `node:net` (`binding.net`):
//! create, bind, listen, accept, connect, addresses and socket options.
//! The handles live in the shared table of `builtins::handles`, so reading,
//! writing and closing them is `binding.stream`, and their events (a
//! connection accepted, a connect done, data) reach JS through `ioEvent`.

use std::ffi::{c_char, c_int, c_uint};
use std::ptr;

use libuv_sys2::*;
use napi_host::qjs;
use rquickjs_sys::*;

use crate::builtins::args::{arg, native_fn, num, set_fns, socket_address, utf8};
use crate::builtins::handles::{
    close_handle, emit, handle_of, id_arg, new_handle, on_close_quietly, Handle, Kind, EBADF,
    EV_CONNECT, EV_CONNECTION,
};
use crate::engine::{runtime, Options};

/// A new, initialised handle of `kind` (TCP or pipe), or an errno.
unsafe fn init(kind: Kind) -> Result<*mut Handle, c_int> {
    let h = new_handle(kind);
    let lp = runtime().uv.raw_loop();
    let r = match kind {
        Kind::Tcp => uv_tcp_init(lp, ptr::addr_of_mut!((*h).raw.tcp).cast()),
        _ => uv_pipe_init(lp, ptr::addr_of_mut!((*h).raw.pipe).cast(), 0),
    };
    (*(*h).as_handle()).data = h.cast();
    if r != 0 {
        close_handle(h, Some(on_close_quietly));
        return Err(r);
    }
    Ok(h)
}

fn id_or_errno(r: Result<*mut Handle, c_int>) -> JSValue {
    // SAFETY: the handle was just created.
    qjs::int(r.map_or_else(|e| e, |h| unsafe { (*h).id as i32 }))
}

/// `tcp()` → a new TCP handle's id, or an errno.
unsafe fn tcp(_: *mut JSContext, _: &[JSValue]) -> JSValue {
    id_or_errno(init(Kind::Tcp))
}

/// `pipe()` → a new pipe handle's id, or an errno.
unsafe fn pipe(_: *mut JSContext, _: &[JSValue]) -> JSValue {
    id_or_errno(init(Kind::Pipe))
}

unsafe fn tcp_of(h: *mut Handle) -> *mut uv_tcp_t {
    ptr::addr_of_mut!((*h).raw.tcp).cast()
}

unsafe fn pipe_of(h: *mut Handle) -> *mut uv_pipe_t {
    ptr::addr_of_mut!((*h).raw.pipe).cast()
}

/// The socket address for `address` (an IPv4 or IPv6 literal) and `port`.
unsafe fn sockaddr(
    ctx: *mut JSContext,
    address: JSValue,
    port: f64,
) -> Result<libc::sockaddr_storage, c_int> {
    let mut host = utf8(ctx, address);
    host.push(0);
    let mut ss: libc::sockaddr_storage = std::mem::zeroed();
    let port = if (0.0..=65535.0).contains(&port) {
        port as c_int
    } else {
        return Err(uv_errno_t_UV_EINVAL);
    };
    let h = host.as_ptr() as *const c_char;
    let r = if host.contains(&b':') {
        uv_ip6_addr(h, port, ptr::addr_of_mut!(ss).cast())
    } else {
        uv_ip4_addr(h, port, ptr::addr_of_mut!(ss).cast())
    };
    if r != 0 {
        return Err(r);
    }
    Ok(ss)
}

/// `bind(id, address, port, ipv6Only)` → 0 or an errno (TCP).
unsafe fn bind(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tcp]) else {
        return qjs::int(EBADF);
    };
    let ss = match sockaddr(ctx, arg(a, 1), num(a, 2)) {
        Ok(ss) => ss,
        Err(e) => return qjs::int(e),
    };
    let flags = if JS_ToBool(ctx, arg(a, 3)) > 0 {
        uv_tcp_flags_UV_TCP_IPV6ONLY
    } else {
        0
    };
    qjs::int(uv_tcp_bind(
        tcp_of(h),
        ptr::addr_of!(ss).cast(),
        flags as c_uint,
    ))
}

/// `bindPipe(id, path)` → 0 or an errno.
unsafe fn bind_pipe(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Pipe]) else {
        return qjs::int(EBADF);
    };
    let path = utf8(ctx, arg(a, 1));
    qjs::int(uv_pipe_bind2(
        pipe_of(h),
        path.as_ptr().cast(),
        path.len(),
        0,
    ))
}

unsafe extern "C" fn on_connection(server: *mut uv_stream_t, status: c_int) {
    let s = handle_of(server.cast());
    let (sid, kind) = (s.id, s.kind);
    if status != 0 {
        emit(sid, EV_CONNECTION, qjs::int(status), JS_UNDEFINED);
        return;
    }
    let client = match init(kind) {
        Ok(c) => c,
        Err(e) => {
            emit(sid, EV_CONNECTION, qjs::int(e), JS_UNDEFINED);
            return;
        }
    };
    let r = uv_accept(server, (*client).as_stream());
    if r != 0 {
        close_handle(client, Some(on_close_quietly));
        emit(sid, EV_CONNECTION, qjs::int(r), JS_UNDEFINED);
        return;
    }
    emit(
        sid,
        EV_CONNECTION,
        qjs::int((*client).id as i32),
        JS_UNDEFINED,
    );
}

/// `listen(id, backlog)` → 0 or an errno; each connection then arrives as
/// `EV_CONNECTION` with the accepted handle's id.
unsafe fn listen(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tcp, Kind::Pipe]) else {
        return qjs::int(EBADF);
    };
    let backlog = num(a, 1);
    let backlog = if backlog.is_finite() && backlog >= 0.0 {
        backlog.min(i32::MAX as f64) as c_int
    } else {
        511
    };
    qjs::int(uv_listen((*h).as_stream(), backlog, Some(on_connection)))
}

#[repr(C)]
struct ConnectReq {
    req: uv_connect_t,
    id: u32,
}

unsafe extern "C" fn on_connect(req: *mut uv_connect_t, status: c_int) {
    let c = Box::from_raw(req as *mut ConnectReq);
    emit(c.id, EV_CONNECT, qjs::int(status), JS_UNDEFINED);
}

fn connect_req(id: u32) -> *mut ConnectReq {
    Box::into_raw(Box::new(ConnectReq {
        // SAFETY: a zeroed request is what libuv fills in.
        req: unsafe { std::mem::zeroed() },
        id,
    }))
}

/// `connect(id, address, port)` → 0 (`EV_CONNECT` follows) or an errno.
unsafe fn connect(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tcp]) else {
        return qjs::int(EBADF);
    };
    let ss = match sockaddr(ctx, arg(a, 1), num(a, 2)) {
        Ok(ss) => ss,
        Err(e) => return qjs::int(e),
    };
    let c = connect_req((*h).id);
    let r = uv_tcp_connect(
        ptr::addr_of_mut!((*c).req),
        tcp_of(h),
        ptr::addr_of!(ss).cast(),
        Some(on_connect),
    );
    if r != 0 {
        drop(Box::from_raw(c));
    }
    qjs::int(r)
}

/// `connectPipe(id, path)` → 0 (`EV_CONNECT` follows) or an errno.
unsafe fn connect_pipe(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Pipe]) else {
        return qjs::int(EBADF);
    };
    let path = utf8(ctx, arg(a, 1));
    let c = connect_req((*h).id);
    let r = uv_pipe_connect2(
        ptr::addr_of_mut!((*c).req),
        pipe_of(h),
        path.as_ptr().cast(),
        path.len(),
        0,
        Some(on_connect),
    );
    if r != 0 {
        drop(Box::from_raw(c));
    }
    qjs::int(r)
}

/// `sockname(id)` / `peername(id)` → `{ address, family, port }` for TCP, the
/// path for a pipe, or an errno.
unsafe fn name(ctx: *mut JSContext, a: &[JSValue], peer: bool) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tcp, Kind::Pipe]) else {
        return qjs::int(EBADF);
    };
    if (*h).kind == Kind::Pipe {
        let mut buf = [0u8; 4096];
        let mut len = buf.len();
        let p = pipe_of(h);
        let r = if peer {
            uv_pipe_getpeername(p, buf.as_mut_ptr().cast(), &mut len)
        } else {
            uv_pipe_getsockname(p, buf.as_mut_ptr().cast(), &mut len)
        };
        if r != 0 {
            return qjs::int(r);
        }
        return qjs::string(ctx, &String::from_utf8_lossy(&buf[..len]));
    }
    socket_address(ctx, |ss, len| {
        if peer {
            uv_tcp_getpeername(tcp_of(h), ss.cast(), len)
        } else {
            uv_tcp_getsockname(tcp_of(h), ss.cast(), len)
        }
    })
}

unsafe fn sockname(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    name(ctx, a, false)
}

unsafe fn peername(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    name(ctx, a, true)
}

/// `noDelay(id, on)` → 0 or an errno.
unsafe fn no_delay(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tcp]) else {
        return qjs::int(EBADF);
    };
    qjs::int(uv_tcp_nodelay(tcp_of(h), JS_ToBool(ctx, arg(a, 1))))
}

/// `keepAlive(id, on, delaySeconds)` → 0 or an errno.
unsafe fn keep_alive(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, &[Kind::Tcp]) else {
        return qjs::int(EBADF);
    };
    let delay = num(a, 2);
    let delay = if delay.is_finite() && delay >= 1.0 {
        delay.min(u32::MAX as f64) as c_uint
    } else {
        1
    };
    qjs::int(uv_tcp_keepalive(
        tcp_of(h),
        JS_ToBool(ctx, arg(a, 1)),
        delay,
    ))
}

/// Adds `binding.net`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"tcp", native_fn!(tcp), 0),
            (c"pipe", native_fn!(pipe), 0),
            (c"bind", native_fn!(bind), 4),
            (c"bindPipe", native_fn!(bind_pipe), 2),
            (c"listen", native_fn!(listen), 2),
            (c"connect", native_fn!(connect), 3),
            (c"connectPipe", native_fn!(connect_pipe), 2),
            (c"sockname", native_fn!(sockname), 1),
            (c"peername", native_fn!(peername), 1),
            (c"noDelay", native_fn!(no_delay), 2),
            (c"keepAlive", native_fn!(keep_alive), 3),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"net".as_ptr(), o);
}
