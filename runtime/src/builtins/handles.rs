//! libuv handles JS holds by id, shared by `child_process` (pipes, TTYs,
//! processes), `net` (TCP and pipe sockets and servers) and `dgram` (UDP): the table, the
//! stream operations (`binding.stream`: read, write, shutdown, close, ref)
//! and the one way their events reach JS, the bootstrap hook
//! `ioEvent(id, kind, a, b)`, so no JS value is held here.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::{c_char, c_int};
use std::mem::MaybeUninit;
use std::ptr;

use libuv_sys2::*;
use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use crate::builtins::args::{arg, array_buffer, bytes_arg, native_fn, num, set_fns, with_bytes};
use crate::engine::{runtime, stop_if_exiting, Options};

// The event kinds `ioEvent` receives (mirrored in pipe.js).
pub(crate) const EV_DATA: i32 = 1; // a: ArrayBuffer
pub(crate) const EV_EOF: i32 = 2;
pub(crate) const EV_READ_ERROR: i32 = 3; // a: errno
pub(crate) const EV_WRITE: i32 = 4; // a: request id, b: status
pub(crate) const EV_SHUTDOWN: i32 = 5; // a: status
pub(crate) const EV_CLOSE: i32 = 6;
pub(crate) const EV_EXIT: i32 = 7; // a: exit status, b: signal number
pub(crate) const EV_CONNECTION: i32 = 8; // a: the new handle's id, or an errno
pub(crate) const EV_CONNECT: i32 = 9; // a: status
pub(crate) const EV_FS_EVENT: i32 = 10; // a: file name or null, b: UV_RENAME|UV_CHANGE, or an errno
pub(crate) const EV_FS_POLL: i32 = 11; // a: [current stat fields, previous stat fields], b: status
pub(crate) const EV_MESSAGE: i32 = 12; // a: ArrayBuffer, b: [address, family, port], or a: errno
pub(crate) const EV_SEND: i32 = 13; // a: request id, b: status (bytes sent, or an errno)

#[repr(C)]
pub(crate) union RawHandle {
    pub(crate) pipe: MaybeUninit<uv_pipe_t>,
    pub(crate) tcp: MaybeUninit<uv_tcp_t>,
    pub(crate) tty: MaybeUninit<uv_tty_t>,
    pub(crate) process: MaybeUninit<uv_process_t>,
    pub(crate) fs_event: MaybeUninit<uv_fs_event_t>,
    pub(crate) fs_poll: MaybeUninit<uv_fs_poll_t>,
    pub(crate) udp: MaybeUninit<uv_udp_t>,
}

/// One libuv handle JS holds by id; boxed, so its address is stable until
/// its close callback.
pub(crate) struct Handle {
    pub(crate) raw: RawHandle,
    pub(crate) kind: Kind,
    pub(crate) id: u32,
    pub(crate) closing: bool,
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Pipe,
    Tty,
    Process,
    Tcp,
    /// fs.watch's watcher.
    FsEvent,
    /// fs.watchFile's poller.
    FsPoll,
    /// A dgram socket.
    Udp,
}

impl Handle {
    pub(crate) fn as_handle(&mut self) -> *mut uv_handle_t {
        ptr::addr_of_mut!(self.raw).cast()
    }
    pub(crate) fn as_stream(&mut self) -> *mut uv_stream_t {
        ptr::addr_of_mut!(self.raw).cast()
    }
}

thread_local! {
    static HANDLES: RefCell<HashMap<u32, Box<Handle>>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A new handle record (not yet initialised by libuv), registered under a
/// fresh id.
pub(crate) fn new_handle(kind: Kind) -> *mut Handle {
    // Ids stay positive int32s for JS, and skip any still in use.
    let id = NEXT_ID.with(|n| loop {
        let id = (n.get().wrapping_add(1) & 0x3fff_ffff).max(1);
        n.set(id);
        if !HANDLES.with(|m| m.borrow().contains_key(&id)) {
            break id;
        }
    });
    let mut h = Box::new(Handle {
        // SAFETY: a zeroed libuv handle is a valid "not yet initialised" one.
        raw: unsafe { std::mem::zeroed() },
        kind,
        id,
        closing: false,
    });
    let p: *mut Handle = &mut *h;
    HANDLES.with(|m| m.borrow_mut().insert(id, h));
    p
}

/// The open handle with this id (none once closing).
pub(crate) fn lookup(id: u32) -> Option<*mut Handle> {
    HANDLES.with(|m| {
        m.borrow_mut()
            .get_mut(&id)
            .filter(|h| !h.closing)
            .map(|h| &mut **h as *mut Handle)
    })
}

pub(crate) unsafe fn handle_of<'a>(h: *mut uv_handle_t) -> &'a mut Handle {
    &mut *((*h).data as *mut Handle)
}

/// Sends an event to JS (`ioEvent(id, kind, a, b)`), then drains ticks and
/// microtasks. Takes ownership of `a` and `b`.
pub(crate) unsafe fn emit(id: u32, kind: i32, a: JSValue, b: JSValue) {
    let rt = runtime();
    let ctx = rt.ctx;
    if rt.exiting.is_none() {
        let r = rt.call_hook(c"ioEvent", &mut [qjs::int(id as i32), qjs::int(kind), a, b]);
        free(ctx, r);
    }
    free(ctx, a);
    free(ctx, b);
    rt.after_callback();
    stop_if_exiting();
}

pub(crate) unsafe extern "C" fn on_close(h: *mut uv_handle_t) {
    let id = handle_of(h).id;
    let owned = HANDLES.with(|m| m.borrow_mut().remove(&id));
    drop(owned);
    emit(id, EV_CLOSE, JS_UNDEFINED, JS_UNDEFINED);
}

pub(crate) unsafe extern "C" fn on_close_quietly(h: *mut uv_handle_t) {
    let id = handle_of(h).id;
    let owned = HANDLES.with(|m| m.borrow_mut().remove(&id));
    drop(owned);
}

pub(crate) unsafe fn close_handle(h: *mut Handle, cb: uv_close_cb) {
    (*h).closing = true;
    uv_close((*h).as_handle(), cb);
}

// ---- reading -------------------------------------------------------------

unsafe extern "C" fn on_alloc(_: *mut uv_handle_t, size: usize, buf: *mut uv_buf_t) {
    let size = size.clamp(1, 64 * 1024);
    let p = libc::malloc(size) as *mut c_char;
    (*buf).base = p;
    (*buf).len = if p.is_null() { 0 } else { size };
}

unsafe extern "C" fn on_read(s: *mut uv_stream_t, nread: isize, buf: *const uv_buf_t) {
    let base = if buf.is_null() {
        ptr::null_mut()
    } else {
        (*buf).base
    };
    let id = handle_of(s.cast()).id;
    if nread > 0 {
        let bytes = std::slice::from_raw_parts(base as *const u8, nread as usize);
        let ab = array_buffer(runtime().ctx, bytes);
        libc::free(base.cast());
        emit(id, EV_DATA, ab, JS_UNDEFINED);
        return;
    }
    libc::free(base.cast());
    if nread == uv_errno_t_UV_EOF as isize {
        emit(id, EV_EOF, JS_UNDEFINED, JS_UNDEFINED);
    } else if nread < 0 {
        emit(id, EV_READ_ERROR, qjs::int(nread as i32), JS_UNDEFINED);
    }
}

// ---- writing -------------------------------------------------------------

#[repr(C)]
struct WriteReq {
    req: uv_write_t,
    data: Vec<u8>,
    id: u32,
    req_id: u32,
}

#[repr(C)]
struct ShutdownReq {
    req: uv_shutdown_t,
    id: u32,
}

thread_local! {
    static NEXT_REQ: Cell<u32> = const { Cell::new(0) };
}

unsafe extern "C" fn on_write(req: *mut uv_write_t, status: c_int) {
    let w = Box::from_raw(req as *mut WriteReq);
    emit(w.id, EV_WRITE, qjs::int(w.req_id as i32), qjs::int(status));
}

unsafe extern "C" fn on_shutdown(req: *mut uv_shutdown_t, status: c_int) {
    let s = Box::from_raw(req as *mut ShutdownReq);
    emit(s.id, EV_SHUTDOWN, qjs::int(status), JS_UNDEFINED);
}

/// The open handle argument `i` names, if it is one of `kinds`.
pub(crate) unsafe fn id_arg(a: &[JSValue], i: usize, kinds: &[Kind]) -> Option<*mut Handle> {
    let v = num(a, i);
    if v.is_finite() && v >= 1.0 {
        lookup(v as u32).filter(|&h| kinds.contains(&(*h).kind))
    } else {
        None
    }
}

pub(crate) const STREAMS: &[Kind] = &[Kind::Pipe, Kind::Tty, Kind::Tcp];
pub(crate) const ANY: &[Kind] = &[
    Kind::Pipe,
    Kind::Tty,
    Kind::Process,
    Kind::Tcp,
    Kind::FsEvent,
    Kind::FsPoll,
    Kind::Udp,
];

pub(crate) const EBADF: i32 = uv_errno_t_UV_EBADF;

/// `readStart(id)` → 0 or an errno.
unsafe fn read_start(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    qjs::int(match id_arg(a, 0, STREAMS) {
        Some(h) => uv_read_start((*h).as_stream(), Some(on_alloc), Some(on_read)),
        None => EBADF,
    })
}

/// `readStop(id)` → 0 or an errno.
unsafe fn read_stop(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    qjs::int(match id_arg(a, 0, STREAMS) {
        Some(h) => uv_read_stop((*h).as_stream()),
        None => EBADF,
    })
}

/// `write(id, bytes)` → 0 when all was written at once, a request id (> 0)
/// when the rest is queued (`EV_WRITE` follows), or an errno (< 0).
unsafe fn write(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, STREAMS) else {
        return qjs::int(EBADF);
    };
    let v = arg(a, 1);
    if qjs::is_string(v) {
        return qjs::int(write_bytes(h, &bytes_arg(ctx, v)));
    }
    qjs::int(with_bytes(ctx, v, |b| write_bytes(h, b)))
}

/// Writes `data` to the stream handle `h`: 0 when all was written at once,
/// a request id (> 0) when the rest is queued (copied; `EV_WRITE`
/// follows), or an errno (< 0).
pub(crate) unsafe fn write_bytes(h: *mut Handle, data: &[u8]) -> i32 {
    let stream = (*h).as_stream();
    let mut done = 0usize;
    if !data.is_empty() {
        let buf = uv_buf_init(data.as_ptr() as *mut c_char, data.len() as u32);
        let n = uv_try_write(stream, &buf, 1);
        if n >= 0 {
            done = n as usize;
        } else if n != uv_errno_t_UV_EAGAIN as c_int && n != uv_errno_t_UV_ENOSYS as c_int {
            return n;
        }
    }
    if done == data.len() && !data.is_empty() {
        return 0;
    }
    let req_id = NEXT_REQ.with(|n| {
        let id = (n.get().wrapping_add(1) & 0x3fff_ffff).max(1);
        n.set(id);
        id
    });
    let w = Box::into_raw(Box::new(WriteReq {
        req: std::mem::zeroed(),
        data: data[done..].to_vec(),
        id: (*h).id,
        req_id,
    }));
    let buf = uv_buf_init(
        (*w).data.as_mut_ptr() as *mut c_char,
        (*w).data.len() as u32,
    );
    let r = uv_write(ptr::addr_of_mut!((*w).req), stream, &buf, 1, Some(on_write));
    if r != 0 {
        drop(Box::from_raw(w));
        return r;
    }
    req_id as i32
}

/// `shutdown(id)` → 0 (`EV_SHUTDOWN` follows) or an errno.
unsafe fn shutdown(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = id_arg(a, 0, STREAMS) else {
        return qjs::int(EBADF);
    };
    let s = Box::into_raw(Box::new(ShutdownReq {
        req: std::mem::zeroed(),
        id: (*h).id,
    }));
    let r = uv_shutdown(
        ptr::addr_of_mut!((*s).req),
        (*h).as_stream(),
        Some(on_shutdown),
    );
    if r != 0 {
        drop(Box::from_raw(s));
    }
    qjs::int(r)
}

/// `close(id)`: closes the handle; `EV_CLOSE` follows.
unsafe fn close(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    if let Some(h) = id_arg(a, 0, ANY) {
        close_handle(h, Some(on_close));
    }
    JS_UNDEFINED
}

/// `ref(id, on)`: whether the handle keeps the loop alive.
unsafe fn set_ref(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    if let Some(h) = id_arg(a, 0, ANY) {
        if JS_ToBool(ctx, arg(a, 1)) > 0 {
            uv_ref((*h).as_handle());
        } else {
            uv_unref((*h).as_handle());
        }
    }
    JS_UNDEFINED
}

/// `hasRef(id)` → boolean.
unsafe fn has_ref(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    qjs::boolean(id_arg(a, 0, ANY).is_some_and(|h| uv_has_ref((*h).as_handle()) != 0))
}

/// `fileno(id)` → the fd under the handle, or -1.
unsafe fn fileno(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    let mut fd: uv_os_fd_t = -1;
    if let Some(h) = id_arg(a, 0, ANY) {
        if uv_fileno((*h).as_handle(), &mut fd) != 0 {
            fd = -1;
        }
    }
    qjs::int(fd)
}

/// `setBlocking(id, on)` → 0 or an errno: writes that finish before they
/// return, as Node makes a terminal's stdio (so `process.exit` loses none).
unsafe fn set_blocking(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match id_arg(a, 0, STREAMS) {
        Some(h) => qjs::int(uv_stream_set_blocking(
            (*h).as_stream(),
            c_int::from(JS_ToBool(ctx, arg(a, 1)) > 0),
        )),
        None => qjs::int(-libc::EBADF),
    }
}

/// `errName(errno)` → libuv's name for it (`ENOENT`).
unsafe fn err_name(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let n = num(a, 0);
    let mut buf = [0 as c_char; 64];
    // (uv_err_name would allocate the text of an unknown error, never freed.)
    uv_err_name_r(
        if n.is_finite() { n as c_int } else { 0 },
        buf.as_mut_ptr(),
        buf.len(),
    );
    qjs::string_c(ctx, buf.as_ptr())
}

/// `errMessage(errno)` → libuv's description of it ("connection refused").
unsafe fn err_message(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let n = num(a, 0);
    let mut buf = [0 as c_char; 128];
    uv_strerror_r(
        if n.is_finite() { n as c_int } else { 0 },
        buf.as_mut_ptr(),
        buf.len(),
    );
    qjs::string_c(ctx, buf.as_ptr())
}

/// Adds `binding.stream`: what every stream handle (pipe, TTY, TCP) does.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"readStart", native_fn!(read_start), 1),
            (c"readStop", native_fn!(read_stop), 1),
            (c"write", native_fn!(write), 2),
            (c"shutdown", native_fn!(shutdown), 1),
            (c"close", native_fn!(close), 1),
            (c"ref", native_fn!(set_ref), 2),
            (c"hasRef", native_fn!(has_ref), 1),
            (c"fileno", native_fn!(fileno), 1),
            (c"setBlocking", native_fn!(set_blocking), 2),
            (c"errName", native_fn!(err_name), 1),
            (c"errMessage", native_fn!(err_message), 1),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"stream".as_ptr(), o);
}
