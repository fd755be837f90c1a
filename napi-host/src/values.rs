//! Primitive values: singletons, numbers, booleans, strings, symbols,
//! `napi_typeof`, coercions and comparisons.

use std::ffi::{c_char, c_void};

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, free};
use crate::types::*;

#[no_mangle]
pub unsafe extern "C" fn napi_get_undefined(env: napi_env, result: *mut napi_value) -> napi_status {
    api(env, |env| write(result, env.fixed(FIXED_UNDEFINED)))
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_null(env: napi_env, result: *mut napi_value) -> napi_status {
    api(env, |env| write(result, env.fixed(FIXED_NULL)))
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_global(env: napi_env, result: *mut napi_value) -> napi_status {
    api(env, |env| write(result, env.fixed(FIXED_GLOBAL)))
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_boolean(
    env: napi_env,
    value: bool,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        write(
            result,
            env.fixed(if value { FIXED_TRUE } else { FIXED_FALSE }),
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_int32(
    env: napi_env,
    value: i32,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        write(result, env.push(qjs::int(value)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_uint32(
    env: napi_env,
    value: u32,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        write(result, env.push(qjs::number_i64(value as i64)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_int64(
    env: napi_env,
    value: i64,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        write(result, env.push(qjs::number_i64(value)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_double(
    env: napi_env,
    value: f64,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        // QuickJS keeps integral doubles as ints; JS cannot tell the difference.
        // (A round trip through i32 instead of fract(): no libm call; NaN and
        // out-of-range values saturate and fail the compare.)
        let i = value as i32;
        let v = if i as f64 == value && !(i == 0 && value.is_sign_negative()) {
            qjs::int(i)
        } else {
            qjs::float(value)
        };
        write(result, env.push(v))
    })
}

/// The number behind a handle, or `napi_number_expected`.
#[inline(always)]
unsafe fn number_arg(v: napi_value) -> Result<f64, napi_status> {
    let v = value(v)?;
    if qjs::is_number(v) {
        Ok(qjs::number_value(v))
    } else {
        Err(napi_number_expected)
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_double(
    env: napi_env,
    value_: napi_value,
    result: *mut f64,
) -> napi_status {
    api(env, |_| {
        value(value_)?;
        check_arg(result)?;
        let d = number_arg(value_)?;
        write(result, d)
    })
}

/// ECMAScript ToInt32 of a finite-or-not double: modulo 2^32, NaN/±∞ → 0.
fn to_int32(d: f64) -> i32 {
    if !d.is_finite() {
        return 0;
    }
    let t = d.trunc() % 4294967296.0;
    let u = if t < 0.0 { t + 4294967296.0 } else { t };
    u as u32 as i32
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_int32(
    env: napi_env,
    value_: napi_value,
    result: *mut i32,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        check_arg(result)?;
        let r = if qjs::tag(v) == JS_TAG_INT {
            JS_VALUE_GET_INT(v)
        } else if qjs::is_number(v) {
            to_int32(JS_VALUE_GET_FLOAT64(v))
        } else {
            return Err(napi_number_expected);
        };
        write(result, r)
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_uint32(
    env: napi_env,
    value_: napi_value,
    result: *mut u32,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        check_arg(result)?;
        let r = if qjs::tag(v) == JS_TAG_INT {
            JS_VALUE_GET_INT(v) as u32
        } else if qjs::is_number(v) {
            to_int32(JS_VALUE_GET_FLOAT64(v)) as u32
        } else {
            return Err(napi_number_expected);
        };
        write(result, r)
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_int64(
    env: napi_env,
    value_: napi_value,
    result: *mut i64,
) -> napi_status {
    api(env, |_| {
        value(value_)?;
        check_arg(result)?;
        let d = number_arg(value_)?;
        // Non-finite → 0; beyond the i64 range saturates (as V8's IntegerValue).
        let r = if d.is_finite() { d as i64 } else { 0 };
        write(result, r)
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_bool(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        check_arg(result)?;
        if qjs::tag(v) != JS_TAG_BOOL {
            return Err(napi_boolean_expected);
        }
        write(result, JS_VALUE_GET_BOOL(v))
    })
}

// ---- strings ----

#[track_caller]
unsafe fn create_string(
    env: napi_env,
    s: *const c_char,
    length: usize,
    result: *mut napi_value,
    make: impl FnOnce(*mut JSContext, &[u8]) -> JSValue,
) -> napi_status {
    api(env, |env| {
        if length != 0 && length != NAPI_AUTO_LENGTH && length > i32::MAX as usize {
            return Err(napi_invalid_arg);
        }
        check_arg(result)?;
        let bytes = if s.is_null() {
            if length != 0 {
                return Err(napi_invalid_arg);
            }
            &[][..]
        } else {
            c_bytes(s, length)?
        };
        let v = make(env.ctx, bytes);
        if qjs::is_exception(v) {
            return Err(napi_generic_failure);
        }
        write(result, env.push(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_string_utf8(
    env: napi_env,
    s: *const c_char,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    create_string(env, s, length, result, |ctx, b| qjs::string_bytes(ctx, b))
}

fn latin1_units(b: &[u8]) -> Vec<u16> {
    b.iter().map(|&c| c as u16).collect()
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_string_latin1(
    env: napi_env,
    s: *const c_char,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    create_string(env, s, length, result, |ctx, b| {
        let units = latin1_units(b);
        qjs::string_utf16(ctx, &units)
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_string_utf16(
    env: napi_env,
    s: *const u16,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        if length != NAPI_AUTO_LENGTH && length > i32::MAX as usize {
            return Err(napi_invalid_arg);
        }
        check_arg(result)?;
        let units: &[u16] = if s.is_null() {
            if length != 0 {
                return Err(napi_invalid_arg);
            }
            &[]
        } else if length == NAPI_AUTO_LENGTH {
            let mut n = 0;
            while *s.add(n) != 0 {
                n += 1;
            }
            std::slice::from_raw_parts(s, n)
        } else {
            std::slice::from_raw_parts(s, length)
        };
        let v = qjs::string_utf16(env.ctx, units);
        if qjs::is_exception(v) {
            return Err(napi_generic_failure);
        }
        write(result, env.push(v))
    })
}

/// The string behind a handle, or `napi_string_expected`.
unsafe fn string_arg(v: napi_value) -> Result<JSValue, napi_status> {
    let v = value(v)?;
    if qjs::is_string(v) {
        Ok(v)
    } else {
        Err(napi_string_expected)
    }
}

/// The UTF-16 code units of a string.
unsafe fn utf16_units(ctx: *mut JSContext, v: JSValue) -> Result<Vec<u16>, napi_status> {
    let mut len = 0usize;
    let p = JS_ToCStringLenUTF16(ctx, &mut len as *mut usize as *mut size_t, v);
    if p.is_null() {
        return Err(napi_generic_failure);
    }
    let units = std::slice::from_raw_parts(p, len).to_vec();
    JS_FreeCStringUTF16(ctx, p);
    Ok(units)
}

/// QuickJS writes a lone surrogate in its 3-byte WTF-8 form (`ED A0..BF xx`);
/// V8 writes U+FFFD there. Both are 3 bytes, so lengths do not change.
fn replace_lone_surrogates(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + 2 < out.len() {
        if out[i] == 0xED && (0xA0..=0xBF).contains(&out[i + 1]) {
            out[i..i + 3].copy_from_slice("\u{FFFD}".as_bytes());
            i += 3;
        } else {
            i += 1;
        }
    }
    out
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_string_utf8(
    env: napi_env,
    value_: napi_value,
    buf: *mut c_char,
    bufsize: usize,
    result: *mut usize,
) -> napi_status {
    api(env, |env| {
        let v = string_arg(value_)?;
        let mut len = 0usize;
        let p = JS_ToCStringLen(env.ctx, &mut len, v);
        if p.is_null() {
            return Err(napi_generic_failure);
        }
        let bytes = std::slice::from_raw_parts(p.cast::<u8>(), len);
        let repaired;
        let bytes = if bytes.contains(&0xED) {
            repaired = replace_lone_surrogates(bytes);
            &repaired[..]
        } else {
            bytes
        };
        let r = if buf.is_null() {
            write(result, len)
        } else if bufsize == 0 {
            if !result.is_null() {
                *result = 0;
            }
            Ok(())
        } else {
            // Copy whole characters only, then terminate.
            let mut n = len.min(bufsize - 1);
            while n > 0 && n < len && (bytes[n] & 0xC0) == 0x80 {
                n -= 1;
            }
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), buf.cast::<u8>(), n);
            *buf.add(n) = 0;
            if !result.is_null() {
                *result = n;
            }
            Ok(())
        };
        JS_FreeCString(env.ctx, p);
        r
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_string_latin1(
    env: napi_env,
    value_: napi_value,
    buf: *mut c_char,
    bufsize: usize,
    result: *mut usize,
) -> napi_status {
    api(env, |env| {
        let v = string_arg(value_)?;
        let units = utf16_units(env.ctx, v)?;
        if buf.is_null() {
            return write(result, units.len());
        }
        let n = if bufsize == 0 {
            0
        } else {
            let n = units.len().min(bufsize - 1);
            for (i, &u) in units[..n].iter().enumerate() {
                *buf.add(i) = u as u8 as c_char;
            }
            *buf.add(n) = 0;
            n
        };
        if !result.is_null() {
            *result = n;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_string_utf16(
    env: napi_env,
    value_: napi_value,
    buf: *mut u16,
    bufsize: usize,
    result: *mut usize,
) -> napi_status {
    api(env, |env| {
        let v = string_arg(value_)?;
        let units = utf16_units(env.ctx, v)?;
        if buf.is_null() {
            return write(result, units.len());
        }
        let n = if bufsize == 0 {
            0
        } else {
            let n = units.len().min(bufsize - 1);
            std::ptr::copy_nonoverlapping(units.as_ptr(), buf, n);
            *buf.add(n) = 0;
            n
        };
        if !result.is_null() {
            *result = n;
        }
        Ok(())
    })
}

// ---- symbols ----

#[no_mangle]
pub unsafe extern "C" fn napi_create_symbol(
    env: napi_env,
    description: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        let ctx = env.ctx;
        let mut args = Vec::with_capacity(1);
        if !description.is_null() {
            let d = *description;
            if !qjs::is_string(d) {
                return Err(napi_string_expected);
            }
            args.push(d);
        }
        let s = JS_Call(
            ctx,
            env.host().intrinsics.symbol,
            JS_UNDEFINED,
            args.len() as i32,
            args.as_mut_ptr(),
        );
        if qjs::is_exception(s) {
            return Err(napi_generic_failure);
        }
        write(result, env.push(s))
    })
}

#[no_mangle]
pub unsafe extern "C" fn node_api_symbol_for(
    env: napi_env,
    utf8description: *const c_char,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        let ctx = env.ctx;
        let bytes = if utf8description.is_null() {
            if length != 0 && length != NAPI_AUTO_LENGTH {
                return Err(napi_invalid_arg);
            }
            &[][..]
        } else {
            c_bytes(utf8description, length)?
        };
        let desc = qjs::string_bytes(ctx, bytes);
        let mut args = [desc];
        let host = env.host();
        let s = JS_Call(
            ctx,
            host.intrinsics.symbol_for,
            host.intrinsics.symbol,
            1,
            args.as_mut_ptr(),
        );
        free(ctx, desc);
        if qjs::is_exception(s) {
            return Err(napi_generic_failure);
        }
        write(result, env.push(s))
    })
}

// ---- typeof, coercion, comparison ----

#[no_mangle]
pub unsafe extern "C" fn napi_typeof(
    env: napi_env,
    value_: napi_value,
    result: *mut napi_valuetype,
) -> napi_status {
    api(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        let t = match qjs::tag(v) {
            JS_TAG_INT | JS_TAG_FLOAT64 => napi_number,
            JS_TAG_BOOL => napi_boolean,
            JS_TAG_UNDEFINED | JS_TAG_UNINITIALIZED => napi_undefined,
            JS_TAG_NULL => napi_null,
            JS_TAG_STRING | JS_TAG_STRING_ROPE => napi_string,
            JS_TAG_SYMBOL => napi_symbol,
            JS_TAG_BIG_INT | JS_TAG_SHORT_BIG_INT => napi_bigint,
            JS_TAG_OBJECT => {
                if JS_GetClassID(v) == external_class_id() && crate::wrap::is_external(v) {
                    napi_external
                } else if JS_IsFunction(env.ctx, v) {
                    napi_function
                } else {
                    napi_object
                }
            }
            _ => return Err(napi_invalid_arg),
        };
        write(result, t)
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_coerce_to_bool(
    env: napi_env,
    value_: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        let b = JS_ToBool(env.ctx, v) > 0;
        write(result, env.fixed(if b { FIXED_TRUE } else { FIXED_FALSE }))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_coerce_to_number(
    env: napi_env,
    value_: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        let mut d = 0.0;
        if JS_ToFloat64(env.ctx, &mut d, v) < 0 {
            return Err(napi_number_expected);
        }
        write(result, env.push(JS_NewNumber(env.ctx, d)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_coerce_to_object(
    env: napi_env,
    value_: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        let o = JS_ToObject(env.ctx, v);
        if qjs::is_exception(o) {
            return Err(napi_object_expected);
        }
        write(result, env.push(o))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_coerce_to_string(
    env: napi_env,
    value_: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        let s = JS_ToString(env.ctx, v);
        if qjs::is_exception(s) {
            return Err(napi_string_expected);
        }
        write(result, env.push(s))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_strict_equals(
    env: napi_env,
    lhs: napi_value,
    rhs: napi_value,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        let a = value(lhs)?;
        let b = value(rhs)?;
        write(result, JS_IsStrictEqual(env.ctx, a, b))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_instanceof(
    env: napi_env,
    object: napi_value,
    constructor: napi_value,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        let o = value(object)?;
        let c = value(constructor)?;
        check_arg(result)?;
        *result = false;
        if !JS_IsFunction(env.ctx, c) {
            crate::errors::throw_type_error_str(
                env,
                c"ERR_NAPI_CONS_FUNCTION",
                c"Constructor must be a function",
            );
            return Err(napi_function_expected);
        }
        let r = JS_IsInstanceOf(env.ctx, o, c);
        if r < 0 {
            return Err(napi_generic_failure);
        }
        *result = r > 0;
        Ok(())
    })
}

// ---- Node-API 10: external strings and property keys ----

/// nabi always copies external strings: the finalizer runs at once and
/// `copied` says so, as Node does when it cannot externalize.
unsafe fn external_string(
    env: napi_env,
    str_: *mut c_void,
    result: *mut napi_value,
    copied: *mut bool,
    finalize_callback: napi_finalize,
    finalize_hint: *mut c_void,
    create: impl FnOnce() -> napi_status,
) -> napi_status {
    let status = create();
    if status == napi_ok {
        if !copied.is_null() {
            *copied = true;
        }
        if let Some(cb) = finalize_callback {
            cb(env, str_, finalize_hint);
        }
    }
    let _ = result;
    status
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_external_string_latin1(
    env: napi_env,
    str_: *mut c_char,
    length: usize,
    finalize_callback: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_value,
    copied: *mut bool,
) -> napi_status {
    external_string(
        env,
        str_.cast(),
        result,
        copied,
        finalize_callback,
        finalize_hint,
        || napi_create_string_latin1(env, str_, length, result),
    )
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_external_string_utf16(
    env: napi_env,
    str_: *mut u16,
    length: usize,
    finalize_callback: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_value,
    copied: *mut bool,
) -> napi_status {
    external_string(
        env,
        str_.cast(),
        result,
        copied,
        finalize_callback,
        finalize_hint,
        || napi_create_string_utf16(env, str_, length, result),
    )
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_property_key_latin1(
    env: napi_env,
    str_: *const c_char,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    napi_create_string_latin1(env, str_, length, result)
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_property_key_utf8(
    env: napi_env,
    str_: *const c_char,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    napi_create_string_utf8(env, str_, length, result)
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_property_key_utf16(
    env: napi_env,
    str_: *const u16,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    napi_create_string_utf16(env, str_, length, result)
}
