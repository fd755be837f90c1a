//! Node `Buffer`s: Uint8Arrays whose prototype is the runtime's
//! `Buffer.prototype` (the embedder provides it with
//! [`Host::set_buffer_prototype`]). As in Node, any ArrayBufferView counts as
//! a buffer for `napi_is_buffer` and `napi_get_buffer_info`.

use std::ffi::c_void;
use std::ptr;

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, free};
use crate::types::*;

/// A Uint8Array over `ab[offset..offset+len]` with Buffer's prototype.
unsafe fn buffer_view(
    env: &mut Env,
    ab: JSValue,
    offset: usize,
    len: usize,
) -> Result<JSValue, napi_status> {
    let ctx = env.ctx;
    let mut args = [
        ab,
        qjs::number_i64(offset as i64),
        qjs::number_i64(len as i64),
    ];
    let u8a = JS_NewTypedArray(
        ctx,
        3,
        args.as_mut_ptr(),
        JSTypedArrayEnum_JS_TYPED_ARRAY_UINT8,
    );
    if qjs::is_exception(u8a) {
        return Err(napi_pending_exception);
    }
    let proto = env.host().buffer_prototype.get();
    if qjs::is_object(proto) {
        JS_SetPrototype(ctx, u8a, proto);
    }
    Ok(u8a)
}

/// The data of view `v`; `pin`: the pointer goes to the addon of that
/// file (strict mode's detached-buffer check, see `strict::pin`).
unsafe fn view_data(
    ctx: *mut JSContext,
    v: JSValue,
    pin: Option<&std::ffi::CStr>,
) -> Option<(*mut u8, usize)> {
    if JS_GetTypedArrayType(v) >= 0 {
        let (mut off, mut len, mut bpe): (size_t, size_t, size_t) = (0, 0, 1);
        let ab = JS_GetTypedArrayBuffer(ctx, v, &mut off, &mut len, &mut bpe);
        if qjs::is_exception(ab) {
            free(ctx, JS_GetException(ctx));
            return None;
        }
        let mut size: size_t = 0;
        let p = JS_GetArrayBuffer(ctx, &mut size, ab);
        if let (Some(addon), false) = (pin, p.is_null()) {
            crate::strict::pin(
                ctx,
                ab,
                p,
                addon,
                crate::arraybuffers::release_external as *const () as usize,
            );
        }
        free(ctx, ab);
        if p.is_null() || p == crate::arraybuffers::no_memory() {
            if JS_HasException(ctx) {
                free(ctx, JS_GetException(ctx));
            }
            return Some((std::ptr::null_mut(), 0));
        }
        return Some((p.add(off as usize), len as usize));
    }
    if JS_IsDataView(v) {
        let (len, off, ab) = crate::arraybuffers::dataview_parts(ctx, v);
        let (p, _) = crate::arraybuffers::buffer_data(ctx, ab);
        if let (Some(addon), false) = (pin, p.is_null()) {
            crate::strict::pin(
                ctx,
                ab,
                p,
                addon,
                crate::arraybuffers::release_external as *const () as usize,
            );
        }
        free(ctx, ab);
        return Some(if p.is_null() {
            (p, 0)
        } else {
            (p.add(off), len)
        });
    }
    None
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_buffer(
    env: napi_env,
    length: usize,
    data: *mut *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let ab = JS_NewArrayBufferCopy(env.ctx, std::ptr::null(), length as size_t);
        if qjs::is_exception(ab) {
            return Err(napi_pending_exception);
        }
        let b = buffer_view(env, ab, 0, length);
        free(env.ctx, ab);
        let b = b?;
        if !data.is_null() {
            *data = view_data(env.ctx, b, env.strict.then_some(&*env.filename))
                .map_or(std::ptr::null_mut(), |d| d.0.cast());
        }
        write(result, env.push(b))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_buffer_copy(
    env: napi_env,
    length: usize,
    data: *const c_void,
    result_data: *mut *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        if length > 0 {
            check_arg(data)?;
        }
        let ab = JS_NewArrayBufferCopy(env.ctx, data.cast(), length as size_t);
        if qjs::is_exception(ab) {
            return Err(napi_pending_exception);
        }
        let b = buffer_view(env, ab, 0, length);
        free(env.ctx, ab);
        let b = b?;
        if !result_data.is_null() {
            *result_data = view_data(env.ctx, b, env.strict.then_some(&*env.filename))
                .map_or(std::ptr::null_mut(), |d| d.0.cast());
        }
        write(result, env.push(b))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_external_buffer(
    env: napi_env,
    length: usize,
    data: *mut c_void,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    let mut ab: napi_value = std::ptr::null_mut();
    let s = crate::arraybuffers::napi_create_external_arraybuffer(
        env,
        data,
        length,
        finalize_cb,
        finalize_hint,
        &mut ab,
    );
    if s != napi_ok {
        return s;
    }
    api_js(env, |env| {
        check_arg(result)?;
        let b = if data.is_null() {
            // Node detaches a memory-less buffer's ArrayBuffer (the
            // finalizer runs) and views it empty; QuickJS cannot view a
            // detached ArrayBuffer, so the view is over an empty one
            // without memory (its data is NULL, as ref-napi's NULL needs).
            if length != 0 {
                return Err(napi_invalid_arg);
            }
            let empty = JS_NewArrayBuffer(
                env.ctx,
                crate::arraybuffers::no_memory(),
                0,
                0,
                None,
                ptr::null_mut(),
                false,
            );
            let view = buffer_view(env, empty, 0, 0);
            free(env.ctx, empty);
            view?
        } else {
            buffer_view(env, *ab, 0, length)?
        };
        write(result, env.push(b))
    })
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_buffer_from_arraybuffer(
    env: napi_env,
    arraybuffer: napi_value,
    byte_offset: usize,
    byte_length: usize,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let ab = value(arraybuffer)?;
        check_arg(result)?;
        // Node 24: anything but an ArrayBuffer (a SharedArrayBuffer too) is
        // napi_invalid_arg.
        if !JS_IsArrayBuffer(ab) {
            return Err(napi_invalid_arg);
        }
        let (_, size) = crate::arraybuffers::buffer_data(env.ctx, ab);
        if byte_offset
            .checked_add(byte_length)
            .is_none_or(|end| end > size)
        {
            crate::errors::throw_range_error_string(
                env,
                "ERR_OUT_OF_RANGE",
                "The byte offset + length is out of range",
            );
            // Node 24 returns napi_ok here, with the RangeError pending and
            // no result (its napi_throw_range_error's status).
            return Err(napi_ok);
        }
        let b = buffer_view(env, ab, byte_offset, byte_length)?;
        write(result, env.push(b))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_buffer(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(result, JS_GetTypedArrayType(v) >= 0 || JS_IsDataView(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_buffer_info(
    env: napi_env,
    value_: napi_value,
    data: *mut *mut c_void,
    length: *mut usize,
) -> napi_status {
    api(env, |env| {
        let v = value(value_)?;
        if env.strict {
            crate::strict::check_detached_writes();
        }
        let Some((p, len)) = view_data(
            env.ctx,
            v,
            (env.strict && !data.is_null()).then_some(&*env.filename),
        ) else {
            return Err(napi_invalid_arg);
        };
        if !data.is_null() {
            *data = p.cast();
        }
        if !length.is_null() {
            *length = len;
        }
        Ok(())
    })
}
