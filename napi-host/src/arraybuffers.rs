//! Binary data: ArrayBuffer (owned, external, detachable), SharedArrayBuffer,
//! TypedArrays of every kind, DataView.

use std::ffi::c_void;

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, free};
use crate::types::*;
use crate::wrap::{Record, RecordKind};

/// QuickJS calls this with `size == 0` when an external buffer dies (inside
/// its free path): the record queues the addon's finalizer. External memory
/// cannot be resized.
pub(crate) unsafe extern "C" fn release_external(
    rt: *mut JSRuntime,
    opaque: *mut c_void,
    _ptr: *mut c_void,
    size: size_t,
) -> *mut c_void {
    if size == 0 {
        Record::release(rt, opaque as *mut Record);
    }
    std::ptr::null_mut()
}

/// A DataView's byte length, byte offset and (owned) buffer.
pub(crate) unsafe fn dataview_parts(ctx: *mut JSContext, v: JSValue) -> (usize, usize, JSValue) {
    let num = |name: &std::ffi::CStr| {
        let n = qjs::get_str(ctx, v, name);
        let r = if qjs::is_number(n) {
            qjs::number_value(n) as usize
        } else {
            0
        };
        free(ctx, n);
        r
    };
    (
        num(c"byteLength"),
        num(c"byteOffset"),
        qjs::get_str(ctx, v, c"buffer"),
    )
}

/// What an empty ArrayBuffer over no memory points at: QuickJS allocates
/// for a NULL pointer, so these point here, and the data reads as NULL (as
/// in Node; ref-napi's NULL pointer is such a Buffer).
static NO_MEMORY: u8 = 0;

pub(crate) fn no_memory() -> *mut u8 {
    std::ptr::addr_of!(NO_MEMORY).cast_mut()
}

/// Data pointer and length of an ArrayBuffer (NULL, 0 when detached).
pub(crate) unsafe fn buffer_data(ctx: *mut JSContext, ab: JSValue) -> (*mut u8, usize) {
    let mut len: size_t = 0;
    let p = JS_GetArrayBuffer(ctx, &mut len, ab);
    if p == no_memory() {
        return (std::ptr::null_mut(), 0);
    }
    if p.is_null() {
        // A detached buffer throws in QuickJS; Node reports it as empty.
        if JS_HasException(ctx) {
            free(ctx, JS_GetException(ctx));
        }
        return (std::ptr::null_mut(), 0);
    }
    (p, len as usize)
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_arraybuffer(
    env: napi_env,
    byte_length: usize,
    data: *mut *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let ab = JS_NewArrayBufferCopy(env.ctx, std::ptr::null(), byte_length as size_t);
        if qjs::is_exception(ab) {
            return Err(napi_pending_exception);
        }
        if !data.is_null() {
            let p = buffer_data(env.ctx, ab).0;
            *data = p.cast();
            if env.strict {
                crate::strict::pin(
                    env.ctx,
                    ab,
                    p,
                    &env.filename,
                    release_external as *const () as usize,
                );
            }
        }
        write(result, env.push(ab))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_external_arraybuffer(
    env: napi_env,
    external_data: *mut c_void,
    byte_length: usize,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let rec = Record::new(
            env,
            RecordKind::ArrayBuffer,
            external_data,
            finalize_cb,
            finalize_hint,
        );
        // Over no memory the buffer is made over NO_MEMORY (QuickJS would
        // allocate and drop `release_external`), then detached below, which
        // queues the finalizer as Node does.
        let memory = if external_data.is_null() {
            no_memory()
        } else {
            external_data.cast()
        };
        let ab = JS_NewArrayBuffer(
            env.ctx,
            memory,
            byte_length as size_t,
            0,
            Some(release_external),
            rec.cast(),
            false,
        );
        if qjs::is_exception(ab) {
            env.host().live_records.borrow_mut().remove(&(*rec).seq);
            drop(Box::from_raw(rec));
            return Err(napi_pending_exception);
        }
        if external_data.is_null() {
            // Node: an ArrayBuffer over no memory is a detached one.
            JS_DetachArrayBuffer(env.ctx, ab);
        }
        // Node accepts a NULL result here (the buffer is then just dropped).
        if result.is_null() {
            free(env.ctx, ab);
            return Ok(());
        }
        write(result, env.push(ab))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_arraybuffer(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(result, JS_IsArrayBuffer(v) && !is_shared(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_arraybuffer_info(
    env: napi_env,
    arraybuffer: napi_value,
    data: *mut *mut c_void,
    byte_length: *mut usize,
) -> napi_status {
    api(env, |env| {
        let v = value(arraybuffer)?;
        // Node 24 reads SharedArrayBuffers here too (napi_is_arraybuffer
        // still says false for them).
        if !JS_IsArrayBuffer(v) && !is_shared(v) {
            return Err(napi_invalid_arg);
        }
        if env.strict {
            crate::strict::check_detached_writes();
        }
        let (p, len) = buffer_data(env.ctx, v);
        if !data.is_null() {
            *data = p.cast();
            if env.strict && !p.is_null() {
                crate::strict::pin(
                    env.ctx,
                    v,
                    p,
                    &env.filename,
                    release_external as *const () as usize,
                );
            }
        }
        if !byte_length.is_null() {
            *byte_length = len;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_detach_arraybuffer(
    env: napi_env,
    arraybuffer: napi_value,
) -> napi_status {
    api(env, |env| {
        let v = value(arraybuffer)?;
        if !JS_IsArrayBuffer(v) || is_shared(v) {
            return Err(napi_arraybuffer_expected);
        }
        if env.strict {
            crate::strict::check_detached_writes();
        }
        JS_DetachArrayBuffer(env.ctx, v);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_detached_arraybuffer(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        if !JS_IsArrayBuffer(v) || is_shared(v) {
            return write(result, false);
        }
        if env.strict {
            crate::strict::check_detached_writes();
        }
        let mut len: size_t = 0;
        let p = JS_GetArrayBuffer(env.ctx, &mut len, v);
        let detached = p.is_null() && JS_HasException(env.ctx);
        if detached {
            free(env.ctx, JS_GetException(env.ctx));
        }
        write(result, detached)
    })
}

// ---- SharedArrayBuffer (experimental set) ----

unsafe fn is_shared(v: JSValue) -> bool {
    qjs::is_object(v) && JS_GetClassID(v) == shared_array_buffer_class_id()
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_sharedarraybuffer(
    env: napi_env,
    byte_length: usize,
    data: *mut *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        // Through the constructor, so the memory comes from the runtime's
        // shared-memory allocator when the embedder set one (its sab_dup and
        // sab_free then see memory they know).
        let global = JS_GetGlobalObject(env.ctx);
        let ctor = qjs::get_str(env.ctx, global, c"SharedArrayBuffer");
        free(env.ctx, global);
        let mut args = [qjs::float(byte_length as f64)];
        let sab = JS_CallConstructor(env.ctx, ctor, 1, args.as_mut_ptr());
        free(env.ctx, ctor);
        if qjs::is_exception(sab) {
            free(env.ctx, JS_GetException(env.ctx)); // too large: as a failed allocation
            return Err(napi_generic_failure);
        }
        let (mem, _) = buffer_data(env.ctx, sab);
        if !data.is_null() {
            *data = mem.cast();
        }
        write(result, env.push(sab))
    })
}

#[no_mangle]
pub unsafe extern "C" fn node_api_is_sharedarraybuffer(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(result, is_shared(v))
    })
}

// ---- TypedArray ----

/// Node-API's typed array kinds in order, with QuickJS's kind, element size
/// and constructor name.
const TYPED_ARRAYS: [(JSTypedArrayEnum, usize, &str); 11] = [
    (JSTypedArrayEnum_JS_TYPED_ARRAY_INT8, 1, "Int8Array"),
    (JSTypedArrayEnum_JS_TYPED_ARRAY_UINT8, 1, "Uint8Array"),
    (
        JSTypedArrayEnum_JS_TYPED_ARRAY_UINT8C,
        1,
        "Uint8ClampedArray",
    ),
    (JSTypedArrayEnum_JS_TYPED_ARRAY_INT16, 2, "Int16Array"),
    (JSTypedArrayEnum_JS_TYPED_ARRAY_UINT16, 2, "Uint16Array"),
    (JSTypedArrayEnum_JS_TYPED_ARRAY_INT32, 4, "Int32Array"),
    (JSTypedArrayEnum_JS_TYPED_ARRAY_UINT32, 4, "Uint32Array"),
    (JSTypedArrayEnum_JS_TYPED_ARRAY_FLOAT32, 4, "Float32Array"),
    (JSTypedArrayEnum_JS_TYPED_ARRAY_FLOAT64, 8, "Float64Array"),
    (
        JSTypedArrayEnum_JS_TYPED_ARRAY_BIG_INT64,
        8,
        "BigInt64Array",
    ),
    (
        JSTypedArrayEnum_JS_TYPED_ARRAY_BIG_UINT64,
        8,
        "BigUint64Array",
    ),
];

#[no_mangle]
pub unsafe extern "C" fn napi_create_typedarray(
    env: napi_env,
    type_: i32,
    length: usize,
    arraybuffer: napi_value,
    byte_offset: usize,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let ab = value(arraybuffer)?;
        check_arg(result)?;
        // Node 24 makes typed arrays over a SharedArrayBuffer too.
        if !JS_IsArrayBuffer(ab) && !is_shared(ab) {
            return Err(napi_invalid_arg);
        }
        let Some(&(kind, size, name)) = TYPED_ARRAYS.get(type_ as usize) else {
            return Err(napi_invalid_arg);
        };
        let ctx = env.ctx;
        if size > 1 && !byte_offset.is_multiple_of(size) {
            let msg = format!("start offset of {name} should be a multiple of {size}");
            crate::errors::throw_range_error_string(
                env,
                "ERR_NAPI_INVALID_TYPEDARRAY_ALIGNMENT",
                &msg,
            );
            // Node reports both range errors as generic_failure, exception pending.
            return Err(napi_generic_failure);
        }
        let (_, buf_len) = buffer_data(ctx, ab);
        if length
            .checked_mul(size)
            .and_then(|n| n.checked_add(byte_offset))
            .is_none_or(|n| n > buf_len)
        {
            crate::errors::throw_range_error_string(
                env,
                "ERR_NAPI_INVALID_TYPEDARRAY_LENGTH",
                "Invalid typed array length",
            );
            return Err(napi_generic_failure);
        }
        let mut args = [
            ab,
            qjs::number_i64(byte_offset as i64),
            qjs::number_i64(length as i64),
        ];
        let ta = JS_NewTypedArray(ctx, 3, args.as_mut_ptr(), kind);
        if qjs::is_exception(ta) {
            return Err(napi_pending_exception);
        }
        write(result, env.push(ta))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_typedarray(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(result, JS_GetTypedArrayType(v) >= 0)
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_typedarray_info(
    env: napi_env,
    typedarray: napi_value,
    type_: *mut i32,
    length: *mut usize,
    data: *mut *mut c_void,
    arraybuffer: *mut napi_value,
    byte_offset: *mut usize,
) -> napi_status {
    api(env, |env| {
        let v = value(typedarray)?;
        let kind = JS_GetTypedArrayType(v);
        if kind < 0 {
            return Err(napi_invalid_arg);
        }
        let ctx = env.ctx;
        let (mut off, mut len, mut bpe): (size_t, size_t, size_t) = (0, 0, 1);
        let ab = JS_GetTypedArrayBuffer(ctx, v, &mut off, &mut len, &mut bpe);
        if qjs::is_exception(ab) {
            free(ctx, JS_GetException(ctx));
            return Err(napi_generic_failure);
        }
        if !type_.is_null() {
            *type_ = TYPED_ARRAYS
                .iter()
                .position(|t| t.0 as i32 == kind)
                .map_or(-1, |i| i as i32);
        }
        if !length.is_null() {
            *length = len as usize / bpe.max(1) as usize;
        }
        if env.strict {
            crate::strict::check_detached_writes();
        }
        if !data.is_null() {
            let (p, _) = buffer_data(ctx, ab);
            *data = if p.is_null() {
                p.cast()
            } else {
                if env.strict {
                    crate::strict::pin(
                        ctx,
                        ab,
                        p,
                        &env.filename,
                        release_external as *const () as usize,
                    );
                }
                p.add(off as usize).cast()
            };
        }
        if !byte_offset.is_null() {
            *byte_offset = off as usize;
        }
        if arraybuffer.is_null() {
            free(ctx, ab);
        } else {
            *arraybuffer = env.push(ab);
        }
        Ok(())
    })
}

// ---- DataView ----

#[no_mangle]
pub unsafe extern "C" fn napi_create_dataview(
    env: napi_env,
    byte_length: usize,
    arraybuffer: napi_value,
    byte_offset: usize,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let ab = value(arraybuffer)?;
        check_arg(result)?;
        // Node 24 views a SharedArrayBuffer too.
        if !JS_IsArrayBuffer(ab) && !is_shared(ab) {
            return Err(napi_invalid_arg);
        }
        let ctx = env.ctx;
        let (_, buf_len) = buffer_data(ctx, ab);
        if byte_length
            .checked_add(byte_offset)
            .is_none_or(|n| n > buf_len)
        {
            crate::errors::throw_range_error_string(
                env,
                "ERR_NAPI_INVALID_DATAVIEW_ARGS",
                "byte_offset + byte_length should be less than or equal to the size in bytes of the array passed in",
            );
            return Err(napi_pending_exception);
        }
        let global = JS_GetGlobalObject(ctx);
        let ctor = qjs::get_str(ctx, global, c"DataView");
        free(ctx, global);
        let mut args = [
            ab,
            qjs::number_i64(byte_offset as i64),
            qjs::number_i64(byte_length as i64),
        ];
        let dv = JS_CallConstructor(ctx, ctor, 3, args.as_mut_ptr());
        free(ctx, ctor);
        if qjs::is_exception(dv) {
            return Err(napi_pending_exception);
        }
        write(result, env.push(dv))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_dataview(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(result, JS_IsDataView(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_dataview_info(
    env: napi_env,
    dataview: napi_value,
    byte_length: *mut usize,
    data: *mut *mut c_void,
    arraybuffer: *mut napi_value,
    byte_offset: *mut usize,
) -> napi_status {
    api(env, |env| {
        let v = value(dataview)?;
        if !JS_IsDataView(v) {
            return Err(napi_invalid_arg);
        }
        let ctx = env.ctx;
        let (len, off, ab) = dataview_parts(ctx, v);
        if !byte_length.is_null() {
            *byte_length = len;
        }
        if !byte_offset.is_null() {
            *byte_offset = off;
        }
        if env.strict {
            crate::strict::check_detached_writes();
        }
        if !data.is_null() {
            let (p, _) = buffer_data(ctx, ab);
            *data = if p.is_null() {
                p.cast()
            } else {
                if env.strict {
                    crate::strict::pin(
                        ctx,
                        ab,
                        p,
                        &env.filename,
                        release_external as *const () as usize,
                    );
                }
                p.add(off).cast()
            };
        }
        if arraybuffer.is_null() {
            free(ctx, ab);
        } else {
            *arraybuffer = env.push(ab);
        }
        Ok(())
    })
}

/// `node_api_noenv_finalize`: a finalizer that gets no env (it may run
/// from a buffer's release path, so it must not call into JS).
pub type node_api_noenv_finalize =
    Option<unsafe extern "C" fn(data: *mut c_void, hint: *mut c_void)>;

struct NoEnvFinalizer {
    cb: node_api_noenv_finalize,
    hint: *mut c_void,
}

/// Runs the no-env finalizer when QuickJS releases the memory: it takes no
/// env and may not touch JS, so it can run right there.
unsafe extern "C" fn release_noenv(
    _rt: *mut JSRuntime,
    opaque: *mut c_void,
    ptr: *mut c_void,
    size: size_t,
) -> *mut c_void {
    if size == 0 {
        let f = Box::from_raw(opaque as *mut NoEnvFinalizer);
        if let Some(cb) = f.cb {
            cb(ptr, f.hint);
        }
    }
    std::ptr::null_mut()
}

/// [`release_noenv`] for NULL data: the finalizer sees NULL and the
/// placeholder byte is freed.
unsafe extern "C" fn release_noenv_owned(
    _rt: *mut JSRuntime,
    opaque: *mut c_void,
    ptr: *mut c_void,
    size: size_t,
) -> *mut c_void {
    if size == 0 {
        run_noenv(opaque as *mut NoEnvFinalizer, ptr, true);
    }
    std::ptr::null_mut()
}

/// External SharedArrayBuffers while a host's shared-memory functions
/// (`JS_SetSharedArrayBufferFunctions`) own SharedArrayBuffer memory: QuickJS
/// then passes an external buffer's bytes to those functions (`sab_dup` when
/// made or posted, `sab_free` when released) instead of calling its release
/// function, so they must ask [`shared_memory_dup`] / [`shared_memory_free`]
/// first. Keyed by the bytes' address; the finalizers run when the last
/// holder lets go.
static EXTERNAL_SHARED: std::sync::Mutex<Vec<ExternalShared>> = std::sync::Mutex::new(Vec::new());

struct ExternalShared {
    data: usize,
    refs: usize,
    finalizers: Vec<(usize, bool)>, // (Box<NoEnvFinalizer> as usize, bytes are ours)
}

fn external_shared() -> std::sync::MutexGuard<'static, Vec<ExternalShared>> {
    EXTERNAL_SHARED.lock().unwrap_or_else(|e| e.into_inner())
}

/// For a host's `sab_dup`: true when `data` is an external
/// SharedArrayBuffer's, whose count is kept here.
pub fn shared_memory_dup(data: *mut c_void) -> bool {
    let mut table = external_shared();
    match table.iter_mut().find(|e| e.data == data as usize) {
        Some(e) => {
            e.refs += 1;
            true
        }
        None => false,
    }
}

/// For a host's `sab_free`: true when `data` is an external
/// SharedArrayBuffer's; its finalizers run when the last holder lets go.
///
/// # Safety
/// `data` must come from QuickJS's `sab_free` call.
pub unsafe fn shared_memory_free(data: *mut c_void) -> bool {
    let finalizers = {
        let mut table = external_shared();
        let Some(i) = table.iter().position(|e| e.data == data as usize) else {
            return false;
        };
        table[i].refs -= 1;
        if table[i].refs > 0 {
            return true;
        }
        table.swap_remove(i).finalizers
    };
    for (fin, owned) in finalizers {
        run_noenv(fin as *mut NoEnvFinalizer, data, owned);
    }
    true
}

/// Runs a no-env finalizer (once), then frees the placeholder byte that
/// stands in for NULL data.
unsafe fn run_noenv(fin: *mut NoEnvFinalizer, data: *mut c_void, owned: bool) {
    let f = Box::from_raw(fin);
    if owned {
        drop(Box::from_raw(data as *mut u8));
        if let Some(cb) = f.cb {
            cb(std::ptr::null_mut(), f.hint);
        }
    } else if let Some(cb) = f.cb {
        cb(data, f.hint);
    }
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_external_sharedarraybuffer(
    env: napi_env,
    external_data: *mut c_void,
    byte_length: usize,
    finalize_cb: node_api_noenv_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        if byte_length > 0 {
            check_arg(external_data)?;
        }
        let fin = Box::into_raw(Box::new(NoEnvFinalizer {
            cb: finalize_cb,
            hint: finalize_hint,
        }));
        // NULL data (length 0) gets a byte of its own, so that every external
        // SharedArrayBuffer has an address to be known by.
        let owned = external_data.is_null();
        let data = if owned {
            Box::into_raw(Box::new(0u8)).cast::<c_void>()
        } else {
            external_data
        };
        {
            let mut table = external_shared();
            if !table.iter().any(|e| e.data == data as usize) {
                table.push(ExternalShared {
                    data: data as usize,
                    refs: 0,
                    finalizers: Vec::new(),
                });
            }
        }
        let sab = JS_NewArrayBuffer(
            env.ctx,
            data.cast(),
            byte_length as size_t,
            0,
            Some(if owned {
                release_noenv_owned
            } else {
                release_noenv
            }),
            fin.cast(),
            true,
        );
        // Made under a host's shared-memory functions (its `sab_dup` counted
        // it), the table finalizes it; else QuickJS calls the release function.
        let failed = qjs::is_exception(sab);
        {
            let mut table = external_shared();
            if let Some(i) = table.iter().position(|e| e.data == data as usize) {
                if table[i].refs > 0 && !failed {
                    table[i].finalizers.push((fin as usize, owned));
                } else if table[i].refs == 0 && table[i].finalizers.is_empty() {
                    table.swap_remove(i);
                }
            }
        }
        if failed {
            drop(Box::from_raw(fin));
            if owned {
                drop(Box::from_raw(data as *mut u8));
            }
            return Err(napi_pending_exception);
        }
        write(result, env.push(sab))
    })
}

/// Whether `v` is an ArrayBuffer an addon made over its own memory with a
/// finalizer (`napi_create_external_arraybuffer`, `napi_create_external_buffer`).
/// Node marks those untransferable: a `transferList` naming one is a
/// DataCloneError, and the addon keeps its memory.
///
/// # Safety
/// `ctx` must be live and `v` a value of it.
pub unsafe fn is_untransferable_arraybuffer(ctx: *mut JSContext, v: JSValue) -> bool {
    if !JS_IsArrayBuffer(v) || is_shared(v) {
        return false;
    }
    let Some(host) = Host::from_runtime(JS_GetRuntime(ctx)) else {
        return false;
    };
    let (data, _) = buffer_data(ctx, v);
    if data.is_null() {
        return false; // detached, or over no memory
    }
    let data = data.cast::<c_void>();
    // Only transfers ask, and live records with finalizers are few.
    host.live_records.borrow().values().any(|&p| {
        let rec = &*(p as *const Record);
        matches!(rec.kind, RecordKind::ArrayBuffer) && rec.data == data
    })
}
