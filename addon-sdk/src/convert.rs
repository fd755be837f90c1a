//! The conversion traits and their impls for Rust standard types.
//!
//! The generic impls are thin shells: the work (Node-API calls, error
//! building) lives in `#[inline(never)]` non-generic helpers.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::mem::MaybeUninit;
use std::ptr;

use crate::sys;
use crate::sys::ValueType;
use crate::{Env, Error, Result};

/// Rust value → JS value.
pub trait ToJs {
    /// Converts `self` into a JS value of `env`.
    fn to_js(self, env: Env) -> Result<sys::napi_value>;
    /// Converts `self` into the return value of a Node-API callback, where
    /// NULL stands for `undefined` (so `()` costs no call at all).
    #[doc(hidden)]
    #[inline(always)]
    fn to_js_return(self, env: Env) -> Result<sys::napi_value>
    where
        Self: Sized,
    {
        self.to_js(env)
    }
    /// The TypeScript type of the produced value, for `index.d.ts`.
    fn ts_type() -> String {
        "unknown".into()
    }
}

/// JS value → Rust value.
pub trait FromJs: Sized {
    /// Whether the result borrows from the JS value (`&[u8]`, `&MyClass`,
    /// `Bytes`): such a result is only sound where the SDK ties it to a call
    /// (function parameters); `Object::get`, `Unknown::get`, a `Function`'s
    /// result and `#[object]` fields refuse it at compile time.
    const BORROWS: bool = false;
    /// Converts a JS value.
    ///
    /// # Safety
    /// `v` must be a live value of `env`, on the JS thread. Borrowing impls
    /// (`&[u8]`, `&Class`, …) return a reference that the caller must not keep
    /// past the current call.
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self>;
    /// The TypeScript type accepted, for `index.d.ts`.
    fn ts_type() -> String {
        "unknown".into()
    }
}

/// Converts where nothing ties a borrow to a call: a borrowing `T` is a
/// compile error (when the code is built).
///
/// # Safety
/// As [`FromJs::from_js`].
#[inline(always)]
pub(crate) unsafe fn owned_from_js<T: FromJs>(env: Env, v: sys::napi_value) -> Result<T> {
    const {
        assert!(
            !T::BORROWS,
            "nabi_sdk: this conversion cannot return a borrowed type (&[u8], &MyClass, Bytes): nothing ties the borrow to a call, and JS may free the value after it. Read an owned type (Vec<u8>, Buffer, String) here"
        )
    };
    T::from_js(env, v)
}

/// Name of a `napi_valuetype`, for error messages.
pub(crate) fn type_name(t: sys::napi_valuetype) -> &'static str {
    match t {
        ValueType::napi_undefined => "undefined",
        ValueType::napi_null => "null",
        ValueType::napi_boolean => "boolean",
        ValueType::napi_number => "number",
        ValueType::napi_string => "string",
        ValueType::napi_symbol => "symbol",
        ValueType::napi_object => "object",
        ValueType::napi_function => "function",
        ValueType::napi_external => "external",
        ValueType::napi_bigint => "bigint",
        _ => "unknown",
    }
}

/// `TypeError: expected <expected>, got <actual type>`.
#[inline(never)]
#[cold]
pub(crate) fn expected(env: Env, v: sys::napi_value, what: &str) -> Error {
    if env.is_exception_pending() {
        return Error::pending();
    }
    let got = match env.type_of(v) {
        Ok(ValueType::napi_object) => constructor_name(env, v)
            .map(|n| format!("an instance of {n}"))
            .unwrap_or_else(|| "object".into()),
        Ok(t) => type_name(t).into(),
        Err(_) => "unknown".into(),
    };
    Error::type_error(format!("expected {what}, got {got}")).with_code("ERR_INVALID_ARG_TYPE")
}

/// `v.constructor.name`, for messages (`an instance of Float32Array`).
fn constructor_name(env: Env, v: sys::napi_value) -> Option<String> {
    let ctor = crate::Object::from_raw(env, v)
        .get_raw("constructor")
        .ok()?;
    if env.type_of(ctor).ok()? != ValueType::napi_function {
        return None;
    }
    let name = crate::Object::from_raw(env, ctor)
        .get::<String>("name")
        .ok()?;
    (!name.is_empty()).then_some(name)
}

#[inline(always)]
pub(crate) fn typeof_is(env: Env, v: sys::napi_value, t: sys::napi_valuetype) -> bool {
    let mut r = 0;
    unsafe { sys::napi_typeof(env.raw(), v, &mut r) };
    r == t
}

// ---------------------------------------------------------------- unit, bool

impl ToJs for () {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        Ok(env.undefined())
    }
    #[inline(always)]
    fn to_js_return(self, _env: Env) -> Result<sys::napi_value> {
        Ok(std::ptr::null_mut())
    }
    fn ts_type() -> String {
        "void".into()
    }
}

impl FromJs for () {
    #[inline]
    unsafe fn from_js(_env: Env, _v: sys::napi_value) -> Result<Self> {
        Ok(())
    }
    fn ts_type() -> String {
        "undefined".into()
    }
}

impl ToJs for bool {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        env.check(unsafe { sys::napi_get_boolean(env.raw(), self, &mut v) })?;
        Ok(v)
    }
    fn ts_type() -> String {
        "boolean".into()
    }
}

impl FromJs for bool {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let mut b = false;
        if sys::napi_get_value_bool(env.raw(), v, &mut b) != sys::Status::napi_ok {
            return Err(expected(env, v, "a boolean"));
        }
        Ok(b)
    }
    fn ts_type() -> String {
        "boolean".into()
    }
}

// ---------------------------------------------------------------- numbers

#[inline(always)]
pub(crate) unsafe fn get_f64(env: Env, v: sys::napi_value) -> Result<f64> {
    let mut d = 0.0;
    if sys::napi_get_value_double(env.raw(), v, &mut d) != sys::Status::napi_ok {
        return Err(expected(env, v, "a number"));
    }
    Ok(d)
}

#[inline(always)]
fn create_f64(env: Env, d: f64) -> Result<sys::napi_value> {
    let mut v = ptr::null_mut();
    env.check(unsafe { sys::napi_create_double(env.raw(), d, &mut v) })?;
    Ok(v)
}

impl ToJs for f64 {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        create_f64(env, self)
    }
    fn ts_type() -> String {
        "number".into()
    }
}

impl FromJs for f64 {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        get_f64(env, v)
    }
    fn ts_type() -> String {
        "number".into()
    }
}

impl ToJs for f32 {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        create_f64(env, self as f64)
    }
    fn ts_type() -> String {
        "number".into()
    }
}

impl FromJs for f32 {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let d = get_f64(env, v)?;
        let f = d as f32;
        if f.is_infinite() && d.is_finite() {
            return Err(f32_range_error(d));
        }
        Ok(f)
    }
    fn ts_type() -> String {
        "number".into()
    }
}

#[inline(never)]
#[cold]
fn f32_range_error(d: f64) -> Error {
    Error::range_error(format!("{} is out of range for f32", js_number(d)))
        .with_code("ERR_OUT_OF_RANGE")
}

/// A number as JS prints it (`1e+300`, `-0.5`, `NaN`), for messages.
fn js_number(d: f64) -> String {
    if d.is_nan() {
        "NaN".into()
    } else if d.is_infinite() {
        if d > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if d.fract() == 0.0 && d.abs() < 1e21 {
        format!("{d:.0}")
    } else if d.abs() >= 1e21 || (d != 0.0 && d.abs() < 1e-6) {
        let e = format!("{d:e}");
        match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        }
    } else {
        format!("{d}")
    }
}

#[inline(never)]
#[cold]
fn int_range_error(d: f64, ty: &str, min: i128, max: i128) -> Error {
    int_range_error_inner(d, ty, min, max).with_code("ERR_OUT_OF_RANGE")
}

fn int_range_error_inner(d: f64, ty: &str, min: i128, max: i128) -> Error {
    if d.fract() != 0.0 || !d.is_finite() {
        Error::range_error(format!("expected an integer ({ty}), got {}", js_number(d)))
    } else {
        Error::range_error(format!(
            "{} is out of range for {ty} ({min}..={max})",
            js_number(d)
        ))
    }
}

/// Reads an integer-valued JS number (or a BigInt) and checks `min..=max`.
#[inline(never)]
#[cold]
unsafe fn int_slow(env: Env, v: sys::napi_value, ty: &str, min: i128, max: i128) -> Result<i128> {
    if typeof_is(env, v, ValueType::napi_bigint) {
        let b = crate::BigInt::from_js(env, v)?;
        let i = b.to_i128().ok_or_else(|| {
            Error::range_error(format!("BigInt is out of range for {ty}"))
                .with_code("ERR_OUT_OF_RANGE")
        })?;
        if i < min || i > max {
            return Err(Error::range_error(format!(
                "{i}n is out of range for {ty} ({min}..={max})"
            ))
            .with_code("ERR_OUT_OF_RANGE"));
        }
        return Ok(i);
    }
    let d = get_f64(env, v)?;
    Err(int_range_error(d, ty, min, max))
}

macro_rules! int_impl {
    ($($t:ty),*) => {$(
        impl FromJs for $t {
            #[inline]
            unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
                let mut d = 0.0;
                // `MAX as f64 + 1.0` is exact (a power of two) for every
                // width, so the upper bound is exclusive and 2^63 does not
                // slip in as i64::MAX through the saturating cast.
                if sys::napi_get_value_double(env.raw(), v, &mut d) == sys::Status::napi_ok
                    && d >= <$t>::MIN as f64
                    && d < <$t>::MAX as f64 + 1.0
                    && d == (d as $t) as f64
                {
                    return Ok(d as $t);
                }
                int_slow(env, v, stringify!($t), <$t>::MIN as i128, <$t>::MAX as i128)
                    .map(|i| i as $t)
            }
            fn ts_type() -> String { "number".into() }
        }
    )*};
}
int_impl!(i8, i16, i32, u8, u16, u32, i64, u64, isize, usize);

macro_rules! small_int_to_js {
    ($($t:ty => $f:ident as $c:ty),*) => {$(
        impl ToJs for $t {
            #[inline]
            fn to_js(self, env: Env) -> Result<sys::napi_value> {
                let mut v = ptr::null_mut();
                env.check(unsafe { sys::$f(env.raw(), self as $c, &mut v) })?;
                Ok(v)
            }
            fn ts_type() -> String { "number".into() }
        }
    )*};
}
small_int_to_js!(i8 => napi_create_int32 as i32, i16 => napi_create_int32 as i32,
    i32 => napi_create_int32 as i32, u8 => napi_create_uint32 as u32,
    u16 => napi_create_uint32 as u32, u32 => napi_create_uint32 as u32);

const MAX_SAFE: i128 = (1i128 << 53) - 1;

#[inline(never)]
fn big_int_to_js(env: Env, i: i128) -> Result<sys::napi_value> {
    if !(-MAX_SAFE..=MAX_SAFE).contains(&i) {
        return Err(Error::range_error(format!(
            "{i} is beyond Number.MAX_SAFE_INTEGER, so a JS number cannot hold it exactly; return a BigInt (i128/u128/nabi_sdk::BigInt) instead"
        )));
    }
    create_f64(env, i as f64)
}

macro_rules! wide_int_to_js {
    ($($t:ty),*) => {$(
        impl ToJs for $t {
            #[inline]
            fn to_js(self, env: Env) -> Result<sys::napi_value> {
                big_int_to_js(env, self as i128)
            }
            fn ts_type() -> String { "number".into() }
        }
    )*};
}
wide_int_to_js!(i64, u64, isize, usize);

impl ToJs for i128 {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        crate::BigInt::from(self).to_js(env)
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl ToJs for u128 {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        crate::BigInt::from(self).to_js(env)
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl FromJs for i128 {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        crate::BigInt::from_js(env, v)?.to_i128().ok_or_else(|| {
            Error::range_error("BigInt is out of range for i128").with_code("ERR_OUT_OF_RANGE")
        })
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl FromJs for u128 {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        crate::BigInt::from_js(env, v)?.to_u128().ok_or_else(|| {
            Error::range_error("BigInt is out of range for u128").with_code("ERR_OUT_OF_RANGE")
        })
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

// ---------------------------------------------------------------- strings

/// Bytes a string read from JS may take on the stack before the heap.
pub(crate) const STR_INLINE: usize = 256;

/// A stack buffer for one string read.
pub(crate) type StrBuf = MaybeUninit<[u8; STR_INLINE]>;

/// Reads a JS string into `buf` with one Node-API call: `Some` when it is
/// all there and valid UTF-8, `None` when it needs the long way (longer
/// than the buffer, or text to repair).
///
/// # Safety
/// As [`FromJs::from_js`].
#[inline(always)]
pub(crate) unsafe fn read_str_inline(
    env: Env,
    v: sys::napi_value,
    buf: &mut StrBuf,
) -> Result<Option<&str>> {
    let mut len = 0usize;
    let st = sys::napi_get_value_string_utf8(
        env.raw(),
        v,
        buf.as_mut_ptr().cast(),
        STR_INLINE,
        &mut len,
    );
    if st != sys::Status::napi_ok {
        return Err(expected(env, v, "a string"));
    }
    // A write that stops short of the buffer by a whole UTF-8 sequence (4
    // bytes) is the whole string: hosts never split a character at the end.
    if len + 4 >= STR_INLINE {
        return Ok(None);
    }
    // SAFETY: the host wrote `len` bytes.
    let bytes = std::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), len);
    // ASCII (the common case) is checked inline, word by word.
    if bytes.is_ascii() {
        return Ok(Some(std::str::from_utf8_unchecked(bytes)));
    }
    Ok(std::str::from_utf8(bytes).ok())
}

/// Reads a JS string: short ones with one Node-API call (into the stack,
/// then one allocation of the exact size), long ones with two (length,
/// then bytes).
///
/// # Safety
/// As [`FromJs::from_js`].
#[inline]
pub(crate) unsafe fn get_string(env: Env, v: sys::napi_value) -> Result<String> {
    let mut buf = StrBuf::uninit();
    match read_str_inline(env, v, &mut buf)? {
        Some(s) => Ok(s.to_owned()),
        None => get_string_long(env, v),
    }
}

/// The long way: asks for the length, then reads into a `String` of that
/// size, repairing the text if the host did not write valid UTF-8.
#[cold]
#[inline(never)]
pub(crate) unsafe fn get_string_long(env: Env, v: sys::napi_value) -> Result<String> {
    let mut len = 0usize;
    if sys::napi_get_value_string_utf8(env.raw(), v, ptr::null_mut(), 0, &mut len)
        != sys::Status::napi_ok
    {
        return Err(expected(env, v, "a string"));
    }
    let mut buf: Vec<u8> = Vec::with_capacity(len + 1);
    let mut written = 0usize;
    env.check(sys::napi_get_value_string_utf8(
        env.raw(),
        v,
        buf.as_mut_ptr().cast(),
        len + 1,
        &mut written,
    ))?;
    buf.set_len(written);
    Ok(String::from_utf8(buf).unwrap_or_else(|e| repair_utf8(e.as_bytes())))
}

/// Node's strings come out as valid UTF-8 (a lone surrogate becomes
/// U+FFFD), but a host may write a lone surrogate in its 3-byte WTF-8 form
/// (QuickJS does), which must never reach a `str`: each invalid sequence
/// becomes one U+FFFD, a WTF-8 surrogate as one too, as Node makes it.
#[cold]
pub(crate) fn repair_utf8(mut b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    loop {
        match std::str::from_utf8(b) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, rest) = b.split_at(e.valid_up_to());
                // SAFETY: `from_utf8` checked the bytes before `valid_up_to`.
                out.push_str(unsafe { std::str::from_utf8_unchecked(good) });
                out.push('\u{FFFD}');
                let surrogate = rest.len() >= 3
                    && rest[0] == 0xED
                    && (0xA0..=0xBF).contains(&rest[1])
                    && (0x80..=0xBF).contains(&rest[2]);
                let skip = if surrogate {
                    3
                } else {
                    e.error_len().unwrap_or(rest.len())
                };
                b = &rest[skip..];
            }
        }
    }
}

impl FromJs for String {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        get_string(env, v)
    }
    fn ts_type() -> String {
        "string".into()
    }
}

impl ToJs for String {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        env.string(&self)
    }
    fn ts_type() -> String {
        "string".into()
    }
}

impl ToJs for &str {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        env.string(self)
    }
    fn ts_type() -> String {
        "string".into()
    }
}

impl ToJs for char {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        env.string(self.encode_utf8(&mut [0; 4]))
    }
    fn ts_type() -> String {
        "string".into()
    }
}

// ---------------------------------------------------------------- Option

impl<T: ToJs> ToJs for Option<T> {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        match self {
            Some(v) => v.to_js(env),
            None => Ok(env.null()),
        }
    }
    fn ts_type() -> String {
        format!("{} | null", T::ts_type())
    }
}

#[inline(never)]
pub(crate) unsafe fn is_nullish(env: Env, v: sys::napi_value) -> bool {
    let mut t = 0;
    sys::napi_typeof(env.raw(), v, &mut t);
    t == ValueType::napi_undefined || t == ValueType::napi_null
}

impl<T: FromJs> FromJs for Option<T> {
    const BORROWS: bool = T::BORROWS;
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if is_nullish(env, v) {
            Ok(None)
        } else {
            T::from_js(env, v).map(Some)
        }
    }
    fn ts_type() -> String {
        format!("{} | null | undefined", T::ts_type())
    }
}

// ---------------------------------------------------------------- Result

impl<T: ToJs, E: Into<Error>> ToJs for std::result::Result<T, E> {
    #[inline]
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        match self {
            Ok(v) => v.to_js(env),
            Err(e) => Err(e.into()),
        }
    }
    #[inline(always)]
    fn to_js_return(self, env: Env) -> Result<sys::napi_value> {
        match self {
            Ok(v) => v.to_js_return(env),
            Err(e) => Err(e.into()),
        }
    }
    fn ts_type() -> String {
        T::ts_type()
    }
}

// ---------------------------------------------------------------- arrays

#[inline(never)]
pub(crate) unsafe fn array_len(env: Env, v: sys::napi_value) -> Result<u32> {
    let mut is = false;
    sys::napi_is_array(env.raw(), v, &mut is);
    if !is {
        return Err(expected(env, v, "an array"));
    }
    let mut len = 0;
    env.check(sys::napi_get_array_length(env.raw(), v, &mut len))?;
    Ok(len)
}

/// An array's length, refused with a `RangeError` (code `ERR_OUT_OF_RANGE`)
/// above [`crate::limits::max_array_length`].
#[inline(never)]
pub(crate) unsafe fn array_len_checked(env: Env, v: sys::napi_value) -> Result<u32> {
    let len = array_len(env, v)?;
    let max = crate::limits::max_array_length();
    if len > max {
        return Err(Error::range_error(format!(
            "an array of length {len} is longer than the {max} elements allowed (nabi_sdk::limits::set_max_array_length)"
        ))
        .with_code("ERR_OUT_OF_RANGE"));
    }
    Ok(len)
}

#[inline(never)]
pub(crate) unsafe fn array_get(env: Env, v: sys::napi_value, i: u32) -> Result<sys::napi_value> {
    let mut e = ptr::null_mut();
    env.check(sys::napi_get_element(env.raw(), v, i, &mut e))?;
    Ok(e)
}

#[inline(never)]
pub(crate) fn new_array(env: Env, len: usize) -> Result<sys::napi_value> {
    let mut a = ptr::null_mut();
    env.check(unsafe { sys::napi_create_array_with_length(env.raw(), len, &mut a) })?;
    Ok(a)
}

#[inline(never)]
pub(crate) fn array_set(env: Env, a: sys::napi_value, i: u32, v: sys::napi_value) -> Result<()> {
    env.check(unsafe { sys::napi_set_element(env.raw(), a, i, v) })
}

#[inline(never)]
#[cold]
fn in_element(e: Error, what: &str) -> Error {
    if e.kind == crate::ErrorKind::Pending {
        return e;
    }
    Error {
        message: format!("{what}: {}", e.message),
        ..e
    }
}

impl<T: FromJs> FromJs for Vec<T> {
    const BORROWS: bool = T::BORROWS;
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let len = array_len_checked(env, v)?;
        // Grows as elements are read: a huge sparse array fails at its first
        // hole instead of allocating for its whole length.
        let mut out = Vec::with_capacity((len as usize).min(1024));
        for i in 0..len {
            let e = array_get(env, v, i)?;
            out.push(T::from_js(env, e).map_err(|e| in_element(e, &format!("element [{i}]")))?);
        }
        Ok(out)
    }
    fn ts_type() -> String {
        format!("Array<{}>", T::ts_type())
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let a = new_array(env, self.len())?;
        for (i, x) in self.into_iter().enumerate() {
            let v = x.to_js(env)?;
            array_set(env, a, i as u32, v)?;
        }
        Ok(a)
    }
    fn ts_type() -> String {
        format!("Array<{}>", T::ts_type())
    }
}

// ---------------------------------------------------------------- maps

impl<T: FromJs, S: BuildHasher + Default> FromJs for HashMap<String, T, S> {
    const BORROWS: bool = T::BORROWS;
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let obj = crate::Object::from_js(env, v)?;
        let keys = obj.keys()?;
        let mut out = HashMap::with_capacity_and_hasher(keys.len(), S::default());
        for k in keys {
            let val = obj.get_raw(&k)?;
            let t = T::from_js(env, val).map_err(|e| in_element(e, &format!("property `{k}`")))?;
            out.insert(k, t);
        }
        Ok(out)
    }
    fn ts_type() -> String {
        format!("Record<string, {}>", T::ts_type())
    }
}

impl<T: ToJs, S: BuildHasher> ToJs for HashMap<String, T, S> {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let obj = crate::Object::new(env)?;
        for (k, v) in self {
            obj.set(&k, v)?;
        }
        Ok(obj.raw())
    }
    fn ts_type() -> String {
        format!("Record<string, {}>", T::ts_type())
    }
}

// ---------------------------------------------------------------- tuples

macro_rules! tuple_impl {
    ($n:expr; $($name:ident $idx:tt),+) => {
        impl<$($name: FromJs),+> FromJs for ($($name,)+) {
            const BORROWS: bool = false $(|| $name::BORROWS)+;
            unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
                let len = array_len(env, v)?;
                if len != $n {
                    return Err(Error::type_error(format!("expected an array of length {}, got length {len}", $n)).with_code("ERR_INVALID_ARG_TYPE"));
                }
                Ok(($(
                    $name::from_js(env, array_get(env, v, $idx)?)
                        .map_err(|e| in_element(e, concat!("element [", stringify!($idx), "]")))?,
                )+))
            }
            fn ts_type() -> String {
                let parts: Vec<String> = vec![$($name::ts_type()),+];
                format!("[{}]", parts.join(", "))
            }
        }
        impl<$($name: ToJs),+> ToJs for ($($name,)+) {
            fn to_js(self, env: Env) -> Result<sys::napi_value> {
                let a = new_array(env, $n)?;
                $( let v = self.$idx.to_js(env)?; array_set(env, a, $idx, v)?; )+
                Ok(a)
            }
            fn ts_type() -> String {
                let parts: Vec<String> = vec![$($name::ts_type()),+];
                format!("[{}]", parts.join(", "))
            }
        }
    };
}
tuple_impl!(1; A 0);
tuple_impl!(2; A 0, B 1);
tuple_impl!(3; A 0, B 1, C 2);
tuple_impl!(4; A 0, B 1, C 2, D 3);
tuple_impl!(5; A 0, B 1, C 2, D 3, E 4);
tuple_impl!(6; A 0, B 1, C 2, D 3, E 4, F 5);

// ---------------------------------------------------------------- Either

/// One of two types: converting from JS tries `A` first, then `B`.
#[derive(Clone, Debug, PartialEq)]
pub enum Either<A, B> {
    A(A),
    B(B),
}

/// One of three types: converting from JS tries `A`, then `B`, then `C`.
#[derive(Clone, Debug, PartialEq)]
pub enum Either3<A, B, C> {
    A(A),
    B(B),
    C(C),
}

#[inline(never)]
#[cold]
fn either_error(env: Env, v: sys::napi_value, types: &str) -> Error {
    if env.is_exception_pending() {
        return Error::pending();
    }
    expected(env, v, types)
}

impl<A: AsRef<[u8]>, B: AsRef<[u8]>> AsRef<[u8]> for Either<A, B> {
    fn as_ref(&self) -> &[u8] {
        match self {
            Either::A(a) => a.as_ref(),
            Either::B(b) => b.as_ref(),
        }
    }
}

impl<A: AsRef<[u8]>, B: AsRef<[u8]>, C: AsRef<[u8]>> AsRef<[u8]> for Either3<A, B, C> {
    fn as_ref(&self) -> &[u8] {
        match self {
            Either3::A(a) => a.as_ref(),
            Either3::B(b) => b.as_ref(),
            Either3::C(c) => c.as_ref(),
        }
    }
}

impl<A: FromJs, B: FromJs> FromJs for Either<A, B> {
    const BORROWS: bool = A::BORROWS || B::BORROWS;
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if let Ok(a) = A::from_js(env, v) {
            return Ok(Either::A(a));
        }
        if let Ok(b) = B::from_js(env, v) {
            return Ok(Either::B(b));
        }
        Err(either_error(env, v, &Self::ts_type()))
    }
    fn ts_type() -> String {
        format!("{} | {}", A::ts_type(), B::ts_type())
    }
}

impl<A: ToJs, B: ToJs> ToJs for Either<A, B> {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        match self {
            Either::A(a) => a.to_js(env),
            Either::B(b) => b.to_js(env),
        }
    }
    fn ts_type() -> String {
        format!("{} | {}", A::ts_type(), B::ts_type())
    }
}

impl<A: FromJs, B: FromJs, C: FromJs> FromJs for Either3<A, B, C> {
    const BORROWS: bool = A::BORROWS || B::BORROWS || C::BORROWS;
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if let Ok(a) = A::from_js(env, v) {
            return Ok(Either3::A(a));
        }
        if let Ok(b) = B::from_js(env, v) {
            return Ok(Either3::B(b));
        }
        if let Ok(c) = C::from_js(env, v) {
            return Ok(Either3::C(c));
        }
        Err(either_error(env, v, &Self::ts_type()))
    }
    fn ts_type() -> String {
        format!("{} | {} | {}", A::ts_type(), B::ts_type(), C::ts_type())
    }
}

impl<A: ToJs, B: ToJs, C: ToJs> ToJs for Either3<A, B, C> {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        match self {
            Either3::A(a) => a.to_js(env),
            Either3::B(b) => b.to_js(env),
            Either3::C(c) => c.to_js(env),
        }
    }
    fn ts_type() -> String {
        format!("{} | {} | {}", A::ts_type(), B::ts_type(), C::ts_type())
    }
}
