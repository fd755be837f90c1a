//! BigInt values. QuickJS has C calls for 64-bit BigInts only; arbitrary
//! words go through two small JS helpers (`Host::intrinsics.helpers`).

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, free};
use crate::types::*;

#[no_mangle]
pub unsafe extern "C" fn napi_create_bigint_int64(
    env: napi_env,
    value: i64,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        write(result, env.push(JS_NewBigInt64(env.ctx, value)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_bigint_uint64(
    env: napi_env,
    value: u64,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        write(result, env.push(JS_NewBigUint64(env.ctx, value)))
    })
}

unsafe fn helper(
    env: &Env,
    name: &std::ffi::CStr,
    args: &mut [JSValue],
) -> Result<JSValue, napi_status> {
    let host = env.host();
    let f = qjs::get_str(env.ctx, host.intrinsics.helpers, name);
    let r = host.call(f, host.intrinsics.helpers, args);
    free(env.ctx, f);
    r
}

/// V8's largest BigInt: 2^30 bits, in 64-bit words.
const MAX_BIGINT_WORDS: usize = (1 << 30) / 64;

#[no_mangle]
pub unsafe extern "C" fn napi_create_bigint_words(
    env: napi_env,
    sign_bit: i32,
    word_count: usize,
    words: *const u64,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(words)?;
        check_arg(result)?;
        if word_count > i32::MAX as usize {
            return Err(napi_invalid_arg);
        }
        if word_count > MAX_BIGINT_WORDS {
            // V8's limit, checked before the words are read.
            let ctx = env.ctx;
            let msg = qjs::string(ctx, "Maximum BigInt size exceeded");
            let mut args = [msg];
            let err =
                JS_CallConstructor(ctx, env.host().intrinsics.range_error, 1, args.as_mut_ptr());
            free(ctx, msg);
            JS_Throw(ctx, err);
            return Err(napi_pending_exception);
        }
        let ctx = env.ctx;
        // A BigUint64Array over a copy of the words.
        let bytes = std::slice::from_raw_parts(words.cast::<u8>(), word_count * 8);
        let ab = JS_NewArrayBufferCopy(ctx, bytes.as_ptr(), bytes.len() as size_t);
        let mut targs = [ab];
        let arr = JS_NewTypedArray(
            ctx,
            1,
            targs.as_mut_ptr(),
            JSTypedArrayEnum_JS_TYPED_ARRAY_BIG_UINT64,
        );
        free(ctx, ab);
        if qjs::is_exception(arr) {
            return Err(napi_pending_exception);
        }
        let r = helper(
            env,
            c"bigintFromWords",
            &mut [qjs::boolean(sign_bit != 0), arr],
        );
        free(ctx, arr);
        write(result, env.push(r?))
    })
}

unsafe fn bigint_arg(v: napi_value) -> Result<JSValue, napi_status> {
    let v = value(v)?;
    if qjs::is_bigint(v) {
        Ok(v)
    } else {
        Err(napi_bigint_expected)
    }
}

unsafe fn fits(env: &Env, name: &std::ffi::CStr, v: JSValue) -> bool {
    match helper(env, name, &mut [v]) {
        Ok(r) => qjs::tag(r) == JS_TAG_BOOL && JS_VALUE_GET_BOOL(r),
        Err(_) => false,
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_bigint_int64(
    env: napi_env,
    value_: napi_value,
    result: *mut i64,
    lossless: *mut bool,
) -> napi_status {
    api(env, |env| {
        value(value_)?;
        check_arg(result)?;
        check_arg(lossless)?;
        let v = bigint_arg(value_)?;
        let mut out = 0i64;
        // ToBigInt64 wraps modulo 2^64, as V8's Int64Value.
        JS_ToBigInt64(env.ctx, &mut out, v);
        *result = out;
        *lossless = fits(env, c"fitsI64", v);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_bigint_uint64(
    env: napi_env,
    value_: napi_value,
    result: *mut u64,
    lossless: *mut bool,
) -> napi_status {
    api(env, |env| {
        value(value_)?;
        check_arg(result)?;
        check_arg(lossless)?;
        let v = bigint_arg(value_)?;
        let mut out = 0u64;
        JS_ToBigUint64(env.ctx, &mut out, v);
        *result = out;
        *lossless = fits(env, c"fitsU64", v);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_bigint_words(
    env: napi_env,
    value_: napi_value,
    sign_bit: *mut i32,
    word_count: *mut usize,
    words: *mut u64,
) -> napi_status {
    api(env, |env| {
        let v = bigint_arg(value_)?;
        check_arg(word_count)?;
        let ctx = env.ctx;
        let pair = helper(env, c"bigintWords", &mut [v])?;
        let neg = JS_GetPropertyUint32(ctx, pair, 0);
        let arr = JS_GetPropertyUint32(ctx, pair, 1);
        free(ctx, pair);
        let (mut off, mut len, mut bpe): (size_t, size_t, size_t) = (0, 0, 8);
        let ab = JS_GetTypedArrayBuffer(ctx, arr, &mut off, &mut len, &mut bpe);
        let mut size: size_t = 0;
        let data = JS_GetArrayBuffer(ctx, &mut size, ab);
        let needed = len as usize / 8;
        let r = if sign_bit.is_null() && words.is_null() {
            *word_count = needed;
            Ok(())
        } else if sign_bit.is_null() || words.is_null() {
            Err(napi_invalid_arg)
        } else {
            let n = needed.min(*word_count);
            if !data.is_null() {
                std::ptr::copy_nonoverlapping(data.add(off as usize), words.cast::<u8>(), n * 8);
            }
            *sign_bit = (qjs::tag(neg) == JS_TAG_BOOL && JS_VALUE_GET_BOOL(neg)) as i32;
            *word_count = needed;
            Ok(())
        };
        free(ctx, ab);
        free(ctx, arr);
        free(ctx, neg);
        r
    })
}
