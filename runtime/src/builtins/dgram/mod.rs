//! UDP handles for `node:dgram` (`binding.dgram`): create, bind, connect,
//! send, receive, addresses and socket options over libuv's `uv_udp_*`.
//! The handles live in the shared table of `builtins::handles`, so closing
//! and ref/unref are `binding.stream`'s, and datagrams (`EV_MESSAGE`) and
//! finished sends (`EV_SEND`) reach JS through `ioEvent`.

use std::ffi::{c_char, c_int, c_uint};
use std::ptr;

use libuv_sys2::*;
use napi_host::qjs;
use rquickjs_sys::*;

use crate::builtins::args::{address_object, arg, array_buffer, native_fn, num, set_fns, socket_address, utf8};
use crate::builtins::handles::{
    close_handle, emit, handle_of, id_arg, new_handle, on_close_quietly, Handle, Kind, EBADF,
    EV_MESSAGE, EV_SEND,
};
use crate::engine::{runtime, Options};

unsafe fn udp_of(h: *mut Handle) -> *mut uv_udp_t {
    ptr::addr_of_mut!((*h).raw.udp).cast()
}

/// The open UDP handle argument 0 names.
unsafe fn handle(a: &[JSValue]) -> Option<*mut uv_udp_t> {
    id_arg(a, 0, &[Kind::Udp]).map(|h| udp_of(h))
}

/// `udp()` → a new UDP handle's id, or an errno. Its socket is made by the
/// first bind (or an implicit one), of the address' family.
unsafe fn udp(_: *mut JSContext, _: &[JSValue]) -> JSValue {
    let h = new_handle(Kind::Udp);
    let r = uv_udp_init(runtime().uv.raw_loop(), udp_of(h));
    (*(*h).as_handle()).data = h.cast();
    if r != 0 {
        close_handle(h, Some(on_close_quietly));
        return qjs::int(r);
    }
    qjs::int((*h).id as i32)
}

/// The socket address for `address` (an IP literal of `family`, 4 or 6)
/// and `port`; EINVAL when the literal is not of that family.
unsafe fn sockaddr(
    ctx: *mut JSContext,
    address: JSValue,
    port: f64,
    family: f64,
) -> Result<libc::sockaddr_storage, c_int> {
    let mut host = utf8(ctx, address);
    host.push(0);
    let mut ss: libc::sockaddr_storage = std::mem::zeroed();
    if !(0.0..=65535.0).contains(&port) {
        return Err(uv_errno_t_UV_EINVAL);
    }
    let h = host.as_ptr() as *const c_char;
    let r = if family == 6.0 {
        uv_ip6_addr(h, port as c_int, ptr::addr_of_mut!(ss).cast())
    } else {
        uv_ip4_addr(h, port as c_int, ptr::addr_of_mut!(ss).cast())
    };
    if r != 0 {
        return Err(r);
    }
    Ok(ss)
}

/// `bind(id, address, port, family, flags)` → 0 or an errno (`flags`:
/// libuv's `uv_udp_flags`).
unsafe fn bind(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    let ss = match sockaddr(ctx, arg(a, 1), num(a, 2), num(a, 3)) {
        Ok(ss) => ss,
        Err(e) => return qjs::int(e),
    };
    let allowed = uv_udp_flags_UV_UDP_REUSEADDR
        | uv_udp_flags_UV_UDP_IPV6ONLY
        | uv_udp_flags_UV_UDP_REUSEPORT;
    let flags = num(a, 4) as c_uint & allowed;
    qjs::int(uv_udp_bind(u, ptr::addr_of!(ss).cast(), flags))
}

/// `connect(id, address, port, family)` → 0 or an errno; `connect(id)`
/// disconnects.
unsafe fn connect(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    if a.len() < 2 {
        return qjs::int(uv_udp_connect(u, ptr::null()));
    }
    match sockaddr(ctx, arg(a, 1), num(a, 2), num(a, 3)) {
        Ok(ss) => qjs::int(uv_udp_connect(u, ptr::addr_of!(ss).cast())),
        Err(e) => qjs::int(e),
    }
}

#[repr(C)]
struct SendReq {
    req: uv_udp_send_t,
    data: Vec<u8>,
    id: u32,
    req_id: i32,
}

unsafe extern "C" fn on_send(req: *mut uv_udp_send_t, status: c_int) {
    let s = Box::from_raw(req as *mut SendReq);
    let status = if status == 0 {
        s.data.len() as i32
    } else {
        status
    };
    emit(s.id, EV_SEND, qjs::int(s.req_id), qjs::int(status));
}

/// `send(id, reqId, bytes, address, port, family)` (no address on a
/// connected socket) → the bytes sent + 1 when it went at once, 0 when it
/// is queued (`EV_SEND` with `reqId` follows), or an errno.
unsafe fn send(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    let ss = if a.len() > 3 {
        match sockaddr(ctx, arg(a, 3), num(a, 4), num(a, 5)) {
            Ok(ss) => Some(ss),
            Err(e) => return qjs::int(e),
        }
    } else {
        None
    };
    let addr: *const sockaddr = ss
        .as_ref()
        .map_or(ptr::null(), |ss| (ss as *const libc::sockaddr_storage).cast());
    let mut size: size_t = 0;
    let p = JS_GetUint8Array(ctx, &mut size, arg(a, 2));
    if p.is_null() {
        qjs::free(ctx, JS_GetException(ctx));
        return qjs::int(uv_errno_t_UV_EINVAL);
    }
    let data = std::slice::from_raw_parts(p, size as usize).to_vec();
    // Most datagrams go at once; libuv queues the rest.
    if uv_udp_get_send_queue_count(u) == 0 {
        let buf = uv_buf_init(data.as_ptr() as *mut c_char, data.len() as u32);
        let n = uv_udp_try_send(u, &buf, 1, addr);
        if n >= 0 {
            return qjs::int(n + 1);
        }
        if n != uv_errno_t_UV_EAGAIN && n != uv_errno_t_UV_ENOSYS {
            return qjs::int(n);
        }
    }
    let s = Box::into_raw(Box::new(SendReq {
        req: std::mem::zeroed(),
        data,
        id: handle_of(u.cast()).id,
        req_id: num(a, 1) as i32,
    }));
    let buf = uv_buf_init(
        (*s).data.as_mut_ptr() as *mut c_char,
        (*s).data.len() as u32,
    );
    let r = uv_udp_send(ptr::addr_of_mut!((*s).req), u, &buf, 1, addr, Some(on_send));
    if r != 0 {
        drop(Box::from_raw(s));
        return qjs::int(r);
    }
    qjs::int(0)
}

// ---- receiving -------------------------------------------------------------

unsafe extern "C" fn on_alloc(_: *mut uv_handle_t, _: usize, buf: *mut uv_buf_t) {
    // The largest UDP payload.
    let size = 64 * 1024;
    let p = libc::malloc(size) as *mut c_char;
    (*buf).base = p;
    (*buf).len = if p.is_null() { 0 } else { size };
}

unsafe extern "C" fn on_recv(
    u: *mut uv_udp_t,
    nread: isize,
    buf: *const uv_buf_t,
    addr: *const sockaddr,
    _flags: c_uint,
) {
    let base = if buf.is_null() {
        ptr::null_mut()
    } else {
        (*buf).base
    };
    let id = handle_of(u.cast()).id;
    let ctx = runtime().ctx;
    if nread < 0 {
        libc::free(base.cast());
        emit(id, EV_MESSAGE, qjs::int(nread as i32), JS_UNDEFINED);
        return;
    }
    // Nothing more to read now (an empty datagram has an address).
    if addr.is_null() {
        libc::free(base.cast());
        return;
    }
    let bytes = std::slice::from_raw_parts(base as *const u8, nread as usize);
    let ab = array_buffer(ctx, bytes);
    libc::free(base.cast());
    let mut ss: libc::sockaddr_storage = std::mem::zeroed();
    let len = if (*addr).sa_family as c_int == libc::AF_INET6 {
        std::mem::size_of::<libc::sockaddr_in6>()
    } else {
        std::mem::size_of::<libc::sockaddr_in>()
    };
    ptr::copy_nonoverlapping(addr as *const u8, ptr::addr_of_mut!(ss).cast(), len);
    emit(id, EV_MESSAGE, ab, address_object(ctx, &ss));
}

/// `recvStart(id)` → 0 or an errno.
unsafe fn recv_start(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    qjs::int(match handle(a) {
        Some(u) => uv_udp_recv_start(u, Some(on_alloc), Some(on_recv)),
        None => EBADF,
    })
}

/// `recvStop(id)` → 0 or an errno.
unsafe fn recv_stop(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    qjs::int(match handle(a) {
        Some(u) => uv_udp_recv_stop(u),
        None => EBADF,
    })
}

// ---- addresses and options -------------------------------------------------

/// `sockname(id)` / `peername(id)` → `{ address, family, port }` or an errno.
unsafe fn name(ctx: *mut JSContext, a: &[JSValue], peer: bool) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    socket_address(ctx, |ss, len| {
        if peer {
            uv_udp_getpeername(u, ss.cast(), len)
        } else {
            uv_udp_getsockname(u, ss.cast(), len)
        }
    })
}

unsafe fn sockname(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    name(ctx, a, false)
}

unsafe fn peername(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    name(ctx, a, true)
}

/// `option(id, which, value)` → 0 or an errno: 0 broadcast, 1 TTL,
/// 2 multicast TTL, 3 multicast loopback.
unsafe fn option(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    let v = num(a, 2);
    let v = if v.is_finite() { v as c_int } else { 0 };
    qjs::int(match num(a, 1) as i32 {
        0 => uv_udp_set_broadcast(u, v),
        1 => uv_udp_set_ttl(u, v),
        2 => uv_udp_set_multicast_ttl(u, v),
        _ => uv_udp_set_multicast_loop(u, v),
    })
}

/// A C string of argument `i`, or none for null/undefined.
unsafe fn c_string(ctx: *mut JSContext, a: &[JSValue], i: usize) -> Option<Vec<u8>> {
    let v = arg(a, i);
    if JS_IsNull(v) || JS_IsUndefined(v) {
        return None;
    }
    let mut s = utf8(ctx, v);
    s.push(0);
    Some(s)
}

fn c_ptr(s: &Option<Vec<u8>>) -> *const c_char {
    s.as_ref().map_or(ptr::null(), |s| s.as_ptr().cast())
}

/// `membership(id, join, group, interface, source)` → 0 or an errno
/// (source-specific when `source` is given).
unsafe fn membership(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    let how = if JS_ToBool(ctx, arg(a, 1)) > 0 {
        uv_membership_UV_JOIN_GROUP
    } else {
        uv_membership_UV_LEAVE_GROUP
    };
    let group = c_string(ctx, a, 2);
    let iface = c_string(ctx, a, 3);
    let source = c_string(ctx, a, 4);
    qjs::int(match source {
        Some(_) => {
            uv_udp_set_source_membership(u, c_ptr(&group), c_ptr(&iface), c_ptr(&source), how)
        }
        None => uv_udp_set_membership(u, c_ptr(&group), c_ptr(&iface), how),
    })
}

/// `multicastInterface(id, address)` → 0 or an errno.
unsafe fn multicast_interface(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    let iface = c_string(ctx, a, 1);
    qjs::int(uv_udp_set_multicast_interface(u, c_ptr(&iface)))
}

/// `bufferSize(id, recv, size)` → the size (getting it when `size` is 0)
/// or an errno (< 0).
unsafe fn buffer_size(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(u) = handle(a) else {
        return qjs::int(EBADF);
    };
    let mut size = num(a, 2) as c_int;
    let r = if JS_ToBool(ctx, arg(a, 1)) > 0 {
        uv_recv_buffer_size(u.cast(), &mut size)
    } else {
        uv_send_buffer_size(u.cast(), &mut size)
    };
    qjs::int(if r != 0 { r } else { size })
}

/// `queue(id)` → `[bytes queued, sends queued]`.
unsafe fn queue(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let (size, count) = match handle(a) {
        Some(u) => (
            uv_udp_get_send_queue_size(u),
            uv_udp_get_send_queue_count(u),
        ),
        None => (0, 0),
    };
    let o = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, o, 0, JS_NewFloat64(size as f64));
    JS_SetPropertyUint32(ctx, o, 1, JS_NewFloat64(count as f64));
    o
}

/// Adds `binding.dgram`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"udp", native_fn!(udp), 0),
            (c"bind", native_fn!(bind), 5),
            (c"connect", native_fn!(connect), 4),
            (c"send", native_fn!(send), 6),
            (c"recvStart", native_fn!(recv_start), 1),
            (c"recvStop", native_fn!(recv_stop), 1),
            (c"sockname", native_fn!(sockname), 1),
            (c"peername", native_fn!(peername), 1),
            (c"option", native_fn!(option), 3),
            (c"membership", native_fn!(membership), 5),
            (c"multicastInterface", native_fn!(multicast_interface), 2),
            (c"bufferSize", native_fn!(buffer_size), 3),
            (c"queue", native_fn!(queue), 1),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"dgram".as_ptr(), o);
}
