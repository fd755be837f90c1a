//! Small inline helpers over the raw QuickJS-ng API, for the hot paths.
//!
//! QuickJS-ng keeps reference counts in its allocator's block header (not in
//! the cell), so counting goes through `JS_DupValue`/`JS_FreeValue`; only the
//! tag test for uncounted values is done inline.

use rquickjs_sys::*;
use std::ffi::c_void;

pub use rquickjs_sys as sys;

#[inline(always)]
pub fn tag(v: JSValue) -> i32 {
    // SAFETY: reading the tag of a JSValue is always defined.
    unsafe { JS_VALUE_GET_TAG(v) }
}

#[inline(always)]
pub fn has_ref_count(v: JSValue) -> bool {
    // SAFETY: see `tag`.
    unsafe { JS_VALUE_HAS_REF_COUNT(v) }
}

/// Adds a reference to `v` and returns it.
#[inline(always)]
pub unsafe fn dup(v: JSValue) -> JSValue {
    if has_ref_count(v) {
        // The context argument is unused by QuickJS-ng's dup.
        JS_DupValue(std::ptr::null_mut(), v)
    } else {
        v
    }
}

/// Drops one reference to `v`, freeing it at zero.
#[inline(always)]
pub unsafe fn free(ctx: *mut JSContext, v: JSValue) {
    if has_ref_count(v) {
        JS_FreeValue(ctx, v);
    }
}

#[inline(always)]
pub fn int(v: i32) -> JSValue {
    JS_MKVAL(JS_TAG_INT, v)
}

#[inline(always)]
pub fn boolean(b: bool) -> JSValue {
    JS_MKVAL(JS_TAG_BOOL, b as i32)
}

#[inline(always)]
pub fn float(d: f64) -> JSValue {
    __JS_NewFloat64(d)
}

/// A number the way QuickJS normalises it: int when it fits, else float64.
#[inline(always)]
pub fn number_i64(v: i64) -> JSValue {
    if v as i32 as i64 == v {
        int(v as i32)
    } else {
        float(v as f64)
    }
}

#[inline(always)]
pub fn is_number(v: JSValue) -> bool {
    let t = tag(v);
    t == JS_TAG_INT || t == JS_TAG_FLOAT64
}

#[inline(always)]
pub fn is_object(v: JSValue) -> bool {
    tag(v) == JS_TAG_OBJECT
}

#[inline(always)]
pub fn is_string(v: JSValue) -> bool {
    tag(v) == JS_TAG_STRING || tag(v) == JS_TAG_STRING_ROPE
}

#[inline(always)]
pub fn is_symbol(v: JSValue) -> bool {
    tag(v) == JS_TAG_SYMBOL
}

#[inline(always)]
pub fn is_bigint(v: JSValue) -> bool {
    tag(v) == JS_TAG_BIG_INT || tag(v) == JS_TAG_SHORT_BIG_INT
}

#[inline(always)]
pub fn is_exception(v: JSValue) -> bool {
    tag(v) == JS_TAG_EXCEPTION
}

#[inline(always)]
pub fn is_undefined(v: JSValue) -> bool {
    tag(v) == JS_TAG_UNDEFINED
}

#[inline(always)]
pub fn is_null(v: JSValue) -> bool {
    tag(v) == JS_TAG_NULL
}

/// The number in `v`, which must satisfy [`is_number`].
#[inline(always)]
pub unsafe fn number_value(v: JSValue) -> f64 {
    if tag(v) == JS_TAG_INT {
        JS_VALUE_GET_INT(v) as f64
    } else {
        JS_VALUE_GET_FLOAT64(v)
    }
}

/// The opaque pointer of an object of class `class_id`, or NULL.
#[inline(always)]
pub unsafe fn opaque(v: JSValue, class_id: JSClassID) -> *mut c_void {
    JS_GetOpaque(v, class_id)
}

/// Reads a property by its UTF-8 name.
pub unsafe fn get_str(ctx: *mut JSContext, obj: JSValue, name: &std::ffi::CStr) -> JSValue {
    JS_GetPropertyStr(ctx, obj, name.as_ptr())
}

/// A JS string from UTF-8 bytes.
pub unsafe fn string(ctx: *mut JSContext, s: &str) -> JSValue {
    string_bytes(ctx, s.as_bytes())
}

/// The UTF-8 text of `v` after `ToString`, or None if that threw.
pub unsafe fn to_rust_string(ctx: *mut JSContext, v: JSValue) -> Option<String> {
    let mut len = 0usize;
    let p = JS_ToCStringLen(ctx, &mut len, v);
    if p.is_null() {
        return None;
    }
    let s = String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), len)).into_owned();
    JS_FreeCString(ctx, p);
    Some(s)
}

/// A JS string from UTF-8 bytes (invalid sequences replaced).
pub unsafe fn string_bytes(ctx: *mut JSContext, b: &[u8]) -> JSValue {
    JS_NewStringLen(ctx, b.as_ptr().cast(), b.len() as size_t)
}

/// A JS string from UTF-16 code units.
pub unsafe fn string_utf16(ctx: *mut JSContext, u: &[u16]) -> JSValue {
    JS_NewStringUTF16(ctx, u.as_ptr(), u.len() as size_t)
}

/// A JS string from a NUL-terminated C string.
pub unsafe fn string_c(ctx: *mut JSContext, s: *const std::ffi::c_char) -> JSValue {
    string_bytes(ctx, std::ffi::CStr::from_ptr(s).to_bytes())
}
