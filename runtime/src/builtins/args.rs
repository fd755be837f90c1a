//! The floor every built-in (and the engine's own binding) stands on:
//! writing binding functions (`native_fn!`, `set_fns`), reading their
//! arguments, making values and throwing Node-shaped errors, and native
//! objects. It imports nothing else of the runtime, so anything may use it.

use std::any::Any;
use std::cell::Cell;
use std::ffi::{c_char, c_int};

use libuv_sys2::{uv_ip4_name, uv_ip6_name};
use napi_host::qjs::{self, free};
use rquickjs_sys::*;

// ---- binding functions ------------------------------------------------------

pub(crate) type NativeFn =
    unsafe extern "C" fn(*mut JSContext, JSValue, c_int, *mut JSValue) -> JSValue;

/// The [`NativeFn`] for a binding function written over its arguments as a
/// slice, `unsafe fn(ctx, args: &[JSValue]) -> JSValue`: `native_fn!(f)`.
macro_rules! native_fn {
    ($f:expr) => {{
        unsafe extern "C" fn call(
            ctx: *mut ::rquickjs_sys::JSContext,
            _: ::rquickjs_sys::JSValue,
            argc: ::std::ffi::c_int,
            argv: *mut ::rquickjs_sys::JSValue,
        ) -> ::rquickjs_sys::JSValue {
            $f(ctx, $crate::builtins::args::args(argc, argv))
        }
        call as $crate::builtins::args::NativeFn
    }};
}
pub(crate) use native_fn;

pub(crate) unsafe fn set_fn(
    ctx: *mut JSContext,
    obj: JSValue,
    name: &std::ffi::CStr,
    f: NativeFn,
    len: i32,
) {
    let v = JS_NewCFunction2(
        ctx,
        Some(f),
        name.as_ptr(),
        len,
        JSCFunctionEnum_JS_CFUNC_generic,
        0,
    );
    JS_SetPropertyStr(ctx, obj, name.as_ptr(), v);
}

/// Adds functions to `obj`: `(name, function, length)`.
pub(crate) unsafe fn set_fns(
    ctx: *mut JSContext,
    obj: JSValue,
    fns: &[(&std::ffi::CStr, NativeFn, i32)],
) {
    for &(name, f, len) in fns {
        set_fn(ctx, obj, name, f, len);
    }
}

/// Keeps `v` in `slot`, a value the runtime holds on to, releasing the one
/// there before.
pub(crate) unsafe fn store(ctx: *mut JSContext, slot: &mut JSValue, v: JSValue) {
    free(ctx, *slot);
    *slot = qjs::dup(v);
}

// ---- arguments --------------------------------------------------------------

/// A binding function's arguments as a slice.
pub(crate) unsafe fn args<'a>(argc: c_int, argv: *mut JSValue) -> &'a [JSValue] {
    if argc <= 0 || argv.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(argv, argc as usize)
    }
}

/// Argument `i` (`undefined` when missing).
pub(crate) fn arg(a: &[JSValue], i: usize) -> JSValue {
    a.get(i).copied().unwrap_or(JS_UNDEFINED)
}

/// Argument `i` if it is a number, else NaN.
pub(crate) unsafe fn num(a: &[JSValue], i: usize) -> f64 {
    let v = arg(a, i);
    if qjs::is_number(v) {
        qjs::number_value(v)
    } else {
        f64::NAN
    }
}

/// Bytes of a string, ArrayBuffer or ArrayBuffer view argument.
pub(crate) unsafe fn bytes_arg(ctx: *mut JSContext, v: JSValue) -> Vec<u8> {
    if qjs::is_string(v) {
        return qjs::to_rust_string(ctx, v).unwrap_or_default().into_bytes();
    }
    let mut len: size_t = 0;
    if JS_IsArrayBuffer(v) {
        let p = JS_GetArrayBuffer(ctx, &mut len, v);
        return if p.is_null() {
            Vec::new()
        } else {
            std::slice::from_raw_parts(p, len as usize).to_vec()
        };
    }
    let (mut off, mut blen, mut bpe): (size_t, size_t, size_t) = (0, 0, 1);
    let ab = JS_GetTypedArrayBuffer(ctx, v, &mut off, &mut blen, &mut bpe);
    if qjs::is_exception(ab) {
        free(ctx, JS_GetException(ctx));
        return Vec::new();
    }
    let p = JS_GetArrayBuffer(ctx, &mut len, ab);
    free(ctx, ab);
    if p.is_null() {
        return Vec::new();
    }
    std::slice::from_raw_parts(p.add(off as usize), blen as usize).to_vec()
}

/// The strings of an array-like `v` (each converted; none when not an object).
pub(crate) unsafe fn string_list(ctx: *mut JSContext, v: JSValue) -> Vec<String> {
    let mut out = Vec::new();
    let mut len = 0i64;
    if qjs::is_object(v) && JS_GetLength(ctx, v, &mut len) == 0 {
        for i in 0..len {
            let e = JS_GetPropertyUint32(ctx, v, i as u32);
            out.push(qjs::to_rust_string(ctx, e).unwrap_or_default());
            free(ctx, e);
        }
    }
    out
}

// ---- bytes of arguments -----------------------------------------------------

/// The UTF-8 bytes of a string as Node encodes them: a lone surrogate
/// becomes U+FFFD (QuickJS writes it as a three-byte sequence).
pub(crate) unsafe fn utf8(ctx: *mut JSContext, v: JSValue) -> Vec<u8> {
    let mut len = 0usize;
    let p = JS_ToCStringLen(ctx, &mut len, v);
    if p.is_null() {
        free(ctx, JS_GetException(ctx));
        return Vec::new();
    }
    let out = wtf8_to_utf8(std::slice::from_raw_parts(p.cast::<u8>(), len).to_vec());
    JS_FreeCString(ctx, p);
    out
}

/// QuickJS's UTF-8 made Node's: a lone surrogate, which QuickJS writes as
/// ED A0..BF xx (a pair comes out as one four-byte sequence), becomes
/// U+FFFD, which is also three bytes, so this works in place.
pub(crate) fn wtf8_to_utf8(mut bytes: Vec<u8>) -> Vec<u8> {
    wtf8_fix(&mut bytes);
    bytes
}

/// [`wtf8_to_utf8`] over a slice.
pub(crate) fn wtf8_fix(bytes: &mut [u8]) {
    let mut i = 0;
    while let Some(at) = memchr::memchr(0xed, &bytes[i..]) {
        i += at;
        if i + 2 < bytes.len() && (0xa0..=0xbf).contains(&bytes[i + 1]) {
            bytes[i..i + 3].copy_from_slice("\u{fffd}".as_bytes());
        }
        i += 1;
    }
}

/// The bytes of a string (UTF-8), ArrayBuffer or typed array, copied.
pub(crate) unsafe fn owned_bytes(ctx: *mut JSContext, v: JSValue) -> Vec<u8> {
    if qjs::is_string(v) {
        utf8(ctx, v)
    } else {
        bytes_arg(ctx, v)
    }
}

/// Calls `f` with the bytes of a string (UTF-8), ArrayBuffer or typed array,
/// borrowed where possible.
pub(crate) unsafe fn with_bytes<R>(
    ctx: *mut JSContext,
    v: JSValue,
    f: impl FnOnce(&[u8]) -> R,
) -> R {
    let mut size: size_t = 0;
    if !qjs::is_string(v) && qjs::is_object(v) {
        let p = JS_GetUint8Array(ctx, &mut size, v);
        if !p.is_null() {
            return f(std::slice::from_raw_parts(p, size as usize));
        }
        free(ctx, JS_GetException(ctx));
    }
    f(&owned_bytes(ctx, v))
}

// ---- values and errors ------------------------------------------------------

pub(crate) unsafe fn array_buffer(ctx: *mut JSContext, bytes: &[u8]) -> JSValue {
    JS_NewArrayBufferCopy(ctx, bytes.as_ptr(), bytes.len() as _)
}

/// A new `Error` with `message` as Error's own (not enumerable, as
/// `new Error(message)` makes it: Object.keys and JSON.stringify skip it).
pub(crate) unsafe fn new_error(ctx: *mut JSContext, message: &str) -> JSValue {
    let e = JS_NewError(ctx);
    JS_DefinePropertyValueStr(
        ctx,
        e,
        c"message".as_ptr(),
        qjs::string(ctx, message),
        (JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE) as c_int,
    );
    e
}

/// Throws an `Error` with Node's shape for system errors: message, `code`,
/// and `path` when there is one.
pub(crate) unsafe fn throw_error(
    ctx: *mut JSContext,
    code: &str,
    message: &str,
    path: Option<&str>,
) -> JSValue {
    let e = new_error(ctx, message);
    JS_SetPropertyStr(ctx, e, c"code".as_ptr(), qjs::string(ctx, code));
    if let Some(p) = path {
        JS_SetPropertyStr(ctx, e, c"path".as_ptr(), qjs::string(ctx, p));
    }
    JS_Throw(ctx, e)
}

/// Node's code and description of an OS error.
pub(crate) fn errno_text(errno: i32) -> (&'static str, &'static str) {
    match errno {
        libc::ENOENT => ("ENOENT", "no such file or directory"),
        libc::EACCES => ("EACCES", "permission denied"),
        libc::EEXIST => ("EEXIST", "file already exists"),
        libc::EISDIR => ("EISDIR", "illegal operation on a directory"),
        libc::ENOTDIR => ("ENOTDIR", "not a directory"),
        libc::ENOTEMPTY => ("ENOTEMPTY", "directory not empty"),
        libc::EBADF => ("EBADF", "bad file descriptor"),
        libc::EPERM => ("EPERM", "operation not permitted"),
        libc::EINVAL => ("EINVAL", "invalid argument"),
        libc::ELOOP => ("ELOOP", "too many symbolic links encountered"),
        libc::EMFILE => ("EMFILE", "too many open files"),
        libc::ENAMETOOLONG => ("ENAMETOOLONG", "name too long"),
        libc::EXDEV => ("EXDEV", "cross-device link not permitted"),
        libc::EROFS => ("EROFS", "read-only file system"),
        libc::ENOSPC => ("ENOSPC", "no space left on device"),
        _ => ("EIO", "i/o error"),
    }
}

// ---- native objects ---------------------------------------------------------

thread_local! {
    /// This thread's runtime and the id of its native-object class there.
    static NATIVE_CLASS: Cell<(usize, JSClassID)> = const { Cell::new((0, 0)) };
}

type Boxed = Box<dyn Any>;

unsafe extern "C" fn finalize_native(_: *mut JSRuntime, val: JSValue) {
    let id = NATIVE_CLASS.with(|c| c.get().1);
    let p = JS_GetOpaque(val, id) as *mut Boxed;
    if !p.is_null() {
        drop(Box::from_raw(p));
    }
}

/// The class of native objects in `ctx`'s runtime, registered on first use.
unsafe fn native_class(ctx: *mut JSContext) -> JSClassID {
    let rt = JS_GetRuntime(ctx);
    let (owner, id) = NATIVE_CLASS.with(|c| c.get());
    if owner == rt as usize && id != 0 {
        return id;
    }
    let mut id: JSClassID = 0;
    JS_NewClassID(rt, &mut id);
    let def = JSClassDef {
        class_name: c"NativeState".as_ptr(),
        finalizer: Some(finalize_native),
        gc_mark: None,
        call: None,
        exotic: std::ptr::null_mut(),
    };
    JS_NewClass(rt, id, &def);
    NATIVE_CLASS.with(|c| c.set((rt as usize, id)));
    id
}

/// A JS object owning `value` (dropped when the object is collected).
pub(crate) unsafe fn wrap_native<T: 'static>(ctx: *mut JSContext, value: T) -> JSValue {
    let obj = JS_NewObjectClass(ctx, native_class(ctx));
    if qjs::is_exception(obj) {
        return obj;
    }
    let boxed: Boxed = Box::new(value);
    JS_SetOpaque(obj, Box::into_raw(Box::new(boxed)).cast());
    obj
}

/// The `T` a native object owns, if `v` is one holding a `T`.
pub(crate) unsafe fn unwrap_native<'a, T: 'static>(v: JSValue) -> Option<&'a mut T> {
    let (_, id) = NATIVE_CLASS.with(|c| c.get());
    if id == 0 || !qjs::is_object(v) {
        return None;
    }
    let p = JS_GetOpaque(v, id) as *mut Boxed;
    if p.is_null() {
        return None;
    }
    (*p).downcast_mut::<T>()
}

/// `{ address, family, port }` from a libuv `getsockname`/`getpeername`
/// call (`get(storage, len)`), or its errno.
pub(crate) unsafe fn socket_address(
    ctx: *mut JSContext,
    get: impl FnOnce(*mut libc::sockaddr, *mut c_int) -> c_int,
) -> JSValue {
    let mut ss = std::mem::MaybeUninit::<libc::sockaddr_storage>::zeroed();
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as c_int;
    let r = get(ss.as_mut_ptr().cast(), &mut len);
    if r != 0 {
        return qjs::int(r);
    }
    address_object(ctx, &ss.assume_init())
}

/// `{ address, family, port }` for a socket address.
pub(crate) unsafe fn address_object(ctx: *mut JSContext, ss: &libc::sockaddr_storage) -> JSValue {
    let mut buf = [0 as c_char; 64];
    let (family, port) = if ss.ss_family as c_int == libc::AF_INET6 {
        let sa = ss as *const _ as *const libc::sockaddr_in6;
        uv_ip6_name(sa.cast(), buf.as_mut_ptr(), buf.len());
        ("IPv6", u16::from_be((*sa).sin6_port))
    } else {
        let sa = ss as *const _ as *const libc::sockaddr_in;
        uv_ip4_name(sa.cast(), buf.as_mut_ptr(), buf.len());
        ("IPv4", u16::from_be((*sa).sin_port))
    };
    let o = JS_NewObject(ctx);
    JS_SetPropertyStr(
        ctx,
        o,
        c"address".as_ptr(),
        qjs::string_c(ctx, buf.as_ptr()),
    );
    JS_SetPropertyStr(ctx, o, c"family".as_ptr(), qjs::string(ctx, family));
    JS_SetPropertyStr(ctx, o, c"port".as_ptr(), qjs::int(port as i32));
    o
}
