//! JS value types without a natural Rust twin: `Unknown`, `BigInt`, `Date`,
//! `Symbol`, `Buffer`, byte and typed-array slices, `ArrayBuffer`, `External`,
//! and `BufferRef` (bytes a task carries to the thread pool).

use std::ffi::c_void;
use std::ptr;

use crate::convert::{expected, typeof_is};
use crate::sys;
use crate::sys::ValueType;
use crate::{Env, Error, FromJs, Result, ToJs};

/// The receiver of a call (`this`), taken by a parameter named `this`.
///
/// `This` (`This<Object>`) is the receiver as an [`Object`](crate::Object)
/// (it derefs to one). `This<Self>` in a `#[methods]` block is the receiver
/// as a token with no access to the object, so it can sit beside borrowed
/// JS memory (`&[u8]`, `Bytes`); a method returning `This<Self>` (or a
/// `Result` of one) returns its receiver, typed `this` in the `.d.ts`, as
/// one returning `&Self` does. Neither unwraps the instance: take `&self`
/// (or `this: &MyClass`) for that.
pub struct This<T = crate::Object> {
    obj: crate::Object,
    class: std::marker::PhantomData<fn() -> T>,
}

impl<T> This<T> {
    /// The raw value.
    pub fn raw(&self) -> sys::napi_value {
        self.obj.raw()
    }
}

impl<T> Clone for This<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for This<T> {}

impl<T> std::fmt::Debug for This<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("This").field(&self.obj.raw()).finish()
    }
}

/// Only the untyped receiver reaches the object: getters and methods on it
/// run JavaScript, which the typed token must not (see above).
impl std::ops::Deref for This<crate::Object> {
    type Target = crate::Object;
    fn deref(&self) -> &crate::Object {
        &self.obj
    }
}

impl<T> FromJs for This<T> {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        Ok(This {
            obj: crate::Object::from_js(env, v)?,
            class: std::marker::PhantomData,
        })
    }
    fn ts_type() -> String {
        "object".into()
    }
}

impl<T> ToJs for This<T> {
    #[inline]
    fn to_js(self, _env: Env) -> Result<sys::napi_value> {
        Ok(self.obj.raw())
    }
    fn ts_type() -> String {
        "object".into()
    }
}

/// Any JS value, unconverted.
#[derive(Clone, Copy, Debug)]
pub struct Unknown {
    env: Env,
    raw: sys::napi_value,
}

impl Unknown {
    /// Wraps a raw value.
    pub fn from_raw(env: Env, raw: sys::napi_value) -> Self {
        Unknown { env, raw }
    }
    /// The raw value.
    pub fn raw(&self) -> sys::napi_value {
        self.raw
    }
    /// The JS `typeof` (as a Node-API value type).
    pub fn type_of(&self) -> Result<sys::napi_valuetype> {
        self.env.type_of(self.raw)
    }
    /// Converts to a Rust value.
    pub fn get<T: FromJs + 'static>(&self) -> Result<T> {
        unsafe { crate::convert::owned_from_js(self.env, self.raw) }
    }
}

impl FromJs for Unknown {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        Ok(Unknown { env, raw: v })
    }
    fn ts_type() -> String {
        "unknown".into()
    }
}

impl ToJs for Unknown {
    #[inline]
    fn to_js(self, _env: Env) -> Result<sys::napi_value> {
        Ok(self.raw)
    }
    fn ts_type() -> String {
        "unknown".into()
    }
}

impl ToJs for sys::napi_value {
    #[inline]
    fn to_js(self, _env: Env) -> Result<sys::napi_value> {
        Ok(self)
    }
}

// ---------------------------------------------------------------- BigInt

/// An arbitrary-size JS BigInt: sign and little-endian 64-bit words.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BigInt {
    pub negative: bool,
    pub words: Vec<u64>,
}

impl BigInt {
    /// As `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        let m = self.magnitude()?;
        if self.negative {
            if m <= i128::MAX as u128 + 1 {
                Some((m as i128).wrapping_neg())
            } else {
                None
            }
        } else {
            i128::try_from(m).ok()
        }
    }
    /// As `u128`, if it fits.
    pub fn to_u128(&self) -> Option<u128> {
        let m = self.magnitude()?;
        if self.negative && m != 0 {
            None
        } else {
            Some(m)
        }
    }
    /// As `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        self.to_i128().and_then(|i| i64::try_from(i).ok())
    }
    /// As `u64`, if it fits.
    pub fn to_u64(&self) -> Option<u64> {
        self.to_u128().and_then(|i| u64::try_from(i).ok())
    }
    /// The low 64 bits and whether the value fit: napi-rs's
    /// `BigInt::get_u64` (`napi_get_value_bigint_uint64`'s truncation). A
    /// negative value is its two's complement, as in `BigInt.asUintN(64, v)`.
    pub fn get_u64(&self) -> (u64, bool) {
        let low = self.words.first().copied().unwrap_or(0);
        let v = if self.negative {
            low.wrapping_neg()
        } else {
            low
        };
        (v, self.to_u64().is_some())
    }
    /// The low 64 bits as `i64` and whether the value fit (`BigInt.asIntN(64, v)`).
    pub fn get_i64(&self) -> (i64, bool) {
        (self.get_u64().0 as i64, self.to_i64().is_some())
    }
    fn magnitude(&self) -> Option<u128> {
        let words: Vec<u64> = {
            let mut w = self.words.clone();
            while w.last() == Some(&0) {
                w.pop();
            }
            w
        };
        match words.len() {
            0 => Some(0),
            1 => Some(words[0] as u128),
            2 => Some(words[0] as u128 | (words[1] as u128) << 64),
            _ => None,
        }
    }
}

impl From<i128> for BigInt {
    fn from(i: i128) -> Self {
        let m = i.unsigned_abs();
        BigInt {
            negative: i < 0,
            words: vec![m as u64, (m >> 64) as u64],
        }
    }
}
impl From<u128> for BigInt {
    fn from(i: u128) -> Self {
        BigInt {
            negative: false,
            words: vec![i as u64, (i >> 64) as u64],
        }
    }
}
impl From<i64> for BigInt {
    fn from(i: i64) -> Self {
        BigInt::from(i as i128)
    }
}
impl From<u64> for BigInt {
    fn from(i: u64) -> Self {
        BigInt::from(i as u128)
    }
}

impl FromJs for BigInt {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let mut sign = 0;
        let mut count = 0usize;
        if sys::napi_get_value_bigint_words(
            env.raw(),
            v,
            ptr::null_mut(),
            &mut count,
            ptr::null_mut(),
        ) != sys::Status::napi_ok
        {
            return Err(expected(env, v, "a bigint"));
        }
        let mut words = vec![0u64; count];
        env.check(sys::napi_get_value_bigint_words(
            env.raw(),
            v,
            &mut sign,
            &mut count,
            words.as_mut_ptr(),
        ))?;
        Ok(BigInt {
            negative: sign != 0,
            words,
        })
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl ToJs for BigInt {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        env.check(unsafe {
            sys::napi_create_bigint_words(
                env.raw(),
                self.negative as i32,
                self.words.len(),
                self.words.as_ptr(),
                &mut v,
            )
        })?;
        Ok(v)
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

/// A `u64` that crosses to JS as a BigInt both ways (`bigint` in the
/// `.d.ts`): a plain `u64` result is a number and throws above 2^53.
/// From JS it takes a BigInt in 0..2^64, or an integer number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct BigIntU64(pub u64);

/// An `i64` that crosses to JS as a BigInt both ways (see [`BigIntU64`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct BigIntI64(pub i64);

impl ToJs for BigIntU64 {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        env.check(unsafe { sys::napi_create_bigint_uint64(env.raw(), self.0, &mut v) })?;
        Ok(v)
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl FromJs for BigIntU64 {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        u64::from_js(env, v).map(BigIntU64)
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl ToJs for BigIntI64 {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        env.check(unsafe { sys::napi_create_bigint_int64(env.raw(), self.0, &mut v) })?;
        Ok(v)
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl FromJs for BigIntI64 {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        i64::from_js(env, v).map(BigIntI64)
    }
    fn ts_type() -> String {
        "bigint".into()
    }
}

impl From<u64> for BigIntU64 {
    fn from(v: u64) -> Self {
        BigIntU64(v)
    }
}

impl From<i64> for BigIntI64 {
    fn from(v: i64) -> Self {
        BigIntI64(v)
    }
}

// ---------------------------------------------------------------- Date

/// A JS `Date`, as milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Date(pub f64);

impl FromJs for Date {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let mut is = false;
        sys::napi_is_date(env.raw(), v, &mut is);
        if !is {
            return Err(expected(env, v, "a Date"));
        }
        let mut t = 0.0;
        env.check(sys::napi_get_date_value(env.raw(), v, &mut t))?;
        Ok(Date(t))
    }
    fn ts_type() -> String {
        "Date".into()
    }
}

impl ToJs for Date {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        env.check(unsafe { sys::napi_create_date(env.raw(), self.0, &mut v) })?;
        Ok(v)
    }
    fn ts_type() -> String {
        "Date".into()
    }
}

// ---------------------------------------------------------------- Symbol

/// A JS symbol, for the current call.
#[derive(Clone, Copy, Debug)]
pub struct Symbol(sys::napi_value);

impl Symbol {
    /// A new unique symbol with a description.
    pub fn new(env: Env, description: &str) -> Result<Self> {
        let d = env.string(description)?;
        let mut v = ptr::null_mut();
        env.check(unsafe { sys::napi_create_symbol(env.raw(), d, &mut v) })?;
        Ok(Symbol(v))
    }
    /// The raw value.
    pub fn raw(&self) -> sys::napi_value {
        self.0
    }
}

impl FromJs for Symbol {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if !typeof_is(env, v, ValueType::napi_symbol) {
            return Err(expected(env, v, "a symbol"));
        }
        Ok(Symbol(v))
    }
    fn ts_type() -> String {
        "symbol".into()
    }
}

impl ToJs for Symbol {
    fn to_js(self, _env: Env) -> Result<sys::napi_value> {
        Ok(self.0)
    }
    fn ts_type() -> String {
        "symbol".into()
    }
}

// ---------------------------------------------------------------- bytes

/// Owned bytes that become a Node `Buffer` (and can be read from any
/// `Buffer`/`TypedArray`/`ArrayBuffer`, copying).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Buffer(pub Vec<u8>);

impl AsRef<[u8]> for Buffer {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl std::ops::Deref for Buffer {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Buffer {
    fn from(v: Vec<u8>) -> Self {
        Buffer(v)
    }
}

impl ToJs for Buffer {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        let mut data = ptr::null_mut();
        env.check(unsafe {
            sys::napi_create_buffer_copy(
                env.raw(),
                self.0.len(),
                self.0.as_ptr().cast(),
                &mut data,
                &mut v,
            )
        })?;
        Ok(v)
    }
    fn ts_type() -> String {
        "Buffer".into()
    }
}

impl FromJs for Buffer {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let s: &[u8] = FromJs::from_js(env, v)?;
        Ok(Buffer(s.to_vec()))
    }
    // Any Buffer, TypedArray, DataView or ArrayBuffer converts.
    fn ts_type() -> String {
        "Uint8Array".into()
    }
}

/// Bytes of any ArrayBufferView (Buffer, typed array, DataView) or ArrayBuffer.
#[inline(never)]
unsafe fn view_bytes(env: Env, v: sys::napi_value) -> Result<(*mut u8, usize)> {
    let e = env.raw();
    let mut ty = 0;
    let mut len = 0usize;
    let mut data: *mut c_void = ptr::null_mut();
    let mut ab = ptr::null_mut();
    let mut off = 0usize;
    if sys::napi_get_typedarray_info(e, v, &mut ty, &mut len, &mut data, &mut ab, &mut off)
        == sys::Status::napi_ok
    {
        return Ok((data.cast(), len * elem_size(ty)));
    }
    let mut is = false;
    sys::napi_is_arraybuffer(e, v, &mut is);
    if is {
        env.check(sys::napi_get_arraybuffer_info(e, v, &mut data, &mut len))?;
        return Ok((data.cast(), len));
    }
    sys::napi_is_dataview(e, v, &mut is);
    if is {
        env.check(sys::napi_get_dataview_info(
            e, v, &mut len, &mut data, &mut ab, &mut off,
        ))?;
        return Ok((data.cast(), len));
    }
    Err(expected(env, v, "a Buffer, TypedArray or ArrayBuffer"))
}

fn elem_size(ty: sys::napi_typedarray_type) -> usize {
    use sys::TypedarrayType as T;
    match ty {
        T::int8_array | T::uint8_array | T::uint8_clamped_array => 1,
        T::int16_array | T::uint16_array => 2,
        T::int32_array | T::uint32_array | T::float32_array => 4,
        _ => 8,
    }
}

#[inline(always)]
unsafe fn slice_from<'a, T>(p: *mut T, len: usize) -> &'a mut [T] {
    if len == 0 || p.is_null() {
        &mut []
    } else {
        std::slice::from_raw_parts_mut(p, len)
    }
}

impl FromJs for &[u8] {
    const BORROWS: bool = true;
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let (p, len) = view_bytes(env, v)?;
        Ok(slice_from(p, len))
    }
    fn ts_type() -> String {
        "Uint8Array".into()
    }
}

impl FromJs for &mut [u8] {
    const BORROWS: bool = true;
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let (p, len) = view_bytes(env, v)?;
        Ok(slice_from(p, len))
    }
    fn ts_type() -> String {
        "Uint8Array".into()
    }
}

/// Bytes from a string (its UTF-8) or any Buffer, TypedArray, DataView or
/// ArrayBuffer (borrowed for the call, no copy): the `string | Uint8Array`
/// input of hashing and encoding APIs. Derefs to `[u8]`.
///
/// It borrows JS memory, so the rules of `&[u8]` apply: no `Env`,
/// `Function` or `Object` parameter beside it.
#[derive(Debug)]
pub enum Bytes<'a> {
    /// A view's or ArrayBuffer's bytes.
    Borrowed(&'a [u8]),
    /// A string's UTF-8.
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Borrowed(b) => b,
            Bytes::Owned(v) => v,
        }
    }
}

impl AsRef<[u8]> for Bytes<'_> {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl FromJs for Bytes<'_> {
    const BORROWS: bool = true;
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if typeof_is(env, v, ValueType::napi_string) {
            return Ok(Bytes::Owned(
                crate::convert::get_string(env, v)?.into_bytes(),
            ));
        }
        match view_bytes(env, v) {
            Ok((p, len)) => Ok(Bytes::Borrowed(slice_from(p, len))),
            Err(_) => Err(expected(
                env,
                v,
                "a string, Buffer, TypedArray, DataView or ArrayBuffer",
            )),
        }
    }
    fn ts_type() -> String {
        "string | Uint8Array | ArrayBuffer | DataView".into()
    }
}

impl crate::private::JsMemory for Bytes<'_> {
    fn span(&self) -> Option<(usize, usize)> {
        match self {
            Bytes::Borrowed(b) => crate::private::JsMemory::span(b),
            Bytes::Owned(_) => None,
        }
    }
}

#[inline(never)]
unsafe fn typed_slice(
    env: Env,
    v: sys::napi_value,
    want: sys::napi_typedarray_type,
    name: &str,
) -> Result<(*mut c_void, usize)> {
    let mut ty = 0;
    let mut len = 0usize;
    let mut data: *mut c_void = ptr::null_mut();
    let mut ab = ptr::null_mut();
    let mut off = 0usize;
    if sys::napi_get_typedarray_info(
        env.raw(),
        v,
        &mut ty,
        &mut len,
        &mut data,
        &mut ab,
        &mut off,
    ) != sys::Status::napi_ok
        || ty != want
    {
        return Err(expected(env, v, name));
    }
    Ok((data, len))
}

macro_rules! typed_slice_impl {
    ($($t:ty => $k:ident, $name:expr);*) => {$(
        impl FromJs for &[$t] {
            const BORROWS: bool = true;
            #[inline]
            unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
                let (p, len) = typed_slice(env, v, sys::TypedarrayType::$k, concat!("a ", $name))?;
                Ok(slice_from(p.cast::<$t>(), len))
            }
            fn ts_type() -> String { $name.into() }
        }
        impl FromJs for &mut [$t] {
            const BORROWS: bool = true;
            #[inline]
            unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
                let (p, len) = typed_slice(env, v, sys::TypedarrayType::$k, concat!("a ", $name))?;
                Ok(slice_from(p.cast::<$t>(), len))
            }
            fn ts_type() -> String { $name.into() }
        }
    )*};
}
typed_slice_impl!(
    i8 => int8_array, "Int8Array";
    i16 => int16_array, "Int16Array";
    u16 => uint16_array, "Uint16Array";
    i32 => int32_array, "Int32Array";
    u32 => uint32_array, "Uint32Array";
    f32 => float32_array, "Float32Array";
    f64 => float64_array, "Float64Array";
    i64 => bigint64_array, "BigInt64Array";
    u64 => biguint64_array, "BigUint64Array"
);

/// A JS `ArrayBuffer`: read one (borrowing its bytes for the call) or create
/// one from bytes.
pub struct ArrayBuffer {
    raw: Option<sys::napi_value>,
    owned: Vec<u8>,
    data: *mut u8,
    len: usize,
}

impl ArrayBuffer {
    /// An ArrayBuffer to create from these bytes when returned to JS.
    pub fn from_vec(bytes: Vec<u8>) -> Self {
        ArrayBuffer {
            raw: None,
            data: ptr::null_mut(),
            len: bytes.len(),
            owned: bytes,
        }
    }
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match self.raw {
            Some(_) => unsafe { slice_from(self.data, self.len) },
            None => &self.owned,
        }
    }
    /// The bytes, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        match self.raw {
            Some(_) => unsafe { slice_from(self.data, self.len) },
            None => &mut self.owned,
        }
    }
}

impl FromJs for ArrayBuffer {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let mut is = false;
        sys::napi_is_arraybuffer(env.raw(), v, &mut is);
        if !is {
            return Err(expected(env, v, "an ArrayBuffer"));
        }
        let mut data: *mut c_void = ptr::null_mut();
        let mut len = 0;
        env.check(sys::napi_get_arraybuffer_info(
            env.raw(),
            v,
            &mut data,
            &mut len,
        ))?;
        Ok(ArrayBuffer {
            raw: Some(v),
            owned: Vec::new(),
            data: data.cast(),
            len,
        })
    }
    fn ts_type() -> String {
        "ArrayBuffer".into()
    }
}

impl ToJs for ArrayBuffer {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        if let Some(v) = self.raw {
            return Ok(v);
        }
        let mut v = ptr::null_mut();
        let mut data: *mut c_void = ptr::null_mut();
        env.check(unsafe {
            sys::napi_create_arraybuffer(env.raw(), self.owned.len(), &mut data, &mut v)
        })?;
        if !self.owned.is_empty() {
            unsafe { ptr::copy_nonoverlapping(self.owned.as_ptr(), data.cast(), self.owned.len()) };
        }
        Ok(v)
    }
    fn ts_type() -> String {
        "ArrayBuffer".into()
    }
}

// ---------------------------------------------------------------- External

/// A Rust value owned by a JS `external` value (dropped by its finalizer).
/// Reading one back checks that it holds a `T` (type tag), then borrows it.
pub struct External<T: 'static> {
    ptr: *mut T,
    owned: Option<Box<T>>,
}

impl<T: 'static> External<T> {
    /// A value to hand to JS.
    pub fn new(value: T) -> Self {
        let mut b = Box::new(value);
        External {
            ptr: &mut *b,
            owned: Some(b),
        }
    }
}

impl<T: 'static> std::ops::Deref for External<T> {
    type Target = T;
    fn deref(&self) -> &T {
        unsafe { &*self.ptr }
    }
}

// No `DerefMut`: an External read from JS is shared with every other read
// of the same JS value (the same external passed twice, or read again in a
// later call), so `&mut T` from it could alias. Keep a `Cell`/`RefCell` or
// `Mutex` inside for state that changes.
impl<T: 'static> External<T> {
    /// Mutable access while Rust still owns the value (made with
    /// [`External::new`] and not yet returned to JS); `None` for one read
    /// from JS.
    pub fn get_mut(&mut self) -> Option<&mut T> {
        self.owned.as_deref_mut()
    }
}

/// A 128-bit type tag for a Rust type, stable within one build.
pub(crate) fn type_tag_of<T: 'static>() -> sys_tag::napi_type_tag {
    use std::hash::{Hash, Hasher};
    let id = std::any::TypeId::of::<T>();
    let mut a = std::collections::hash_map::DefaultHasher::new();
    (0xA5u8, id).hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    (0x5Au8, id).hash(&mut b);
    sys_tag::napi_type_tag {
        lower: a.finish(),
        upper: b.finish(),
    }
}

unsafe extern "C" fn drop_box<T>(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drop(Box::from_raw(data as *mut T));
    }));
}

impl<T: 'static> ToJs for External<T> {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        let Some(b) = self.owned else {
            return Err(Error::new("this External is already owned by JS"));
        };
        let p = Box::into_raw(b);
        let mut v = ptr::null_mut();
        env.check(unsafe {
            sys::napi_create_external(
                env.raw(),
                p.cast(),
                Some(drop_box::<T>),
                ptr::null_mut(),
                &mut v,
            )
        })?;
        let tag = type_tag_of::<T>();
        env.check(unsafe { sys_tag::type_tag_object(env.raw(), v, &tag) })?;
        Ok(v)
    }
    fn ts_type() -> String {
        "ExternalObject".into()
    }
}

impl<T: 'static> FromJs for External<T> {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if !typeof_is(env, v, ValueType::napi_external) {
            return Err(expected(env, v, "an External"));
        }
        let tag = type_tag_of::<T>();
        if !sys_tag::check_type_tag(env.raw(), v, &tag) {
            return Err(Error::type_error(format!(
                "expected an External holding {}, got one holding another type",
                std::any::type_name::<T>()
            )));
        }
        let mut p = ptr::null_mut();
        env.check(sys::napi_get_value_external(env.raw(), v, &mut p))?;
        Ok(External {
            ptr: p.cast(),
            owned: None,
        })
    }
    fn ts_type() -> String {
        "ExternalObject".into()
    }
}

/// Type tags (NAPI 8): `napi-sys` 2.x does not declare them, so they are
/// resolved here from the host at registration, like the rest.
pub(crate) mod sys_tag {
    use crate::sys;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct napi_type_tag {
        pub lower: u64,
        pub upper: u64,
    }

    type TagFn = unsafe extern "C" fn(
        sys::napi_env,
        sys::napi_value,
        *const napi_type_tag,
    ) -> sys::napi_status;
    type CheckFn = unsafe extern "C" fn(
        sys::napi_env,
        sys::napi_value,
        *const napi_type_tag,
        *mut bool,
    ) -> sys::napi_status;

    static TAG: AtomicUsize = AtomicUsize::new(0);
    static CHECK: AtomicUsize = AtomicUsize::new(0);

    pub(crate) fn load(lib: &libloading::Library) {
        unsafe {
            if let Ok(f) = lib.get::<TagFn>(b"napi_type_tag_object\0") {
                TAG.store(*f as usize, Ordering::Release);
            }
            if let Ok(f) = lib.get::<CheckFn>(b"napi_check_object_type_tag\0") {
                CHECK.store(*f as usize, Ordering::Release);
            }
        }
    }

    pub(crate) unsafe fn type_tag_object(
        env: sys::napi_env,
        v: sys::napi_value,
        tag: &napi_type_tag,
    ) -> sys::napi_status {
        let f = TAG.load(Ordering::Acquire);
        if f == 0 {
            return sys::Status::napi_generic_failure;
        }
        let f: TagFn = std::mem::transmute::<usize, TagFn>(f);
        f(env, v, tag)
    }

    #[inline]
    pub(crate) unsafe fn check_type_tag(
        env: sys::napi_env,
        v: sys::napi_value,
        tag: &napi_type_tag,
    ) -> bool {
        let f = CHECK.load(Ordering::Acquire);
        if f == 0 {
            return false;
        }
        let f: CheckFn = std::mem::transmute::<usize, CheckFn>(f);
        let mut ok = false;
        f(env, v, tag, &mut ok) == sys::Status::napi_ok && ok
    }
}

/// Byte input that a [`Task`](crate::Task) can carry to the thread pool.
///
/// Node-API cannot stop JS from detaching an ordinary ArrayBuffer
/// (`buf.buffer.transfer()`, `postMessage(…, [buf.buffer])`,
/// `napi_detach_arraybuffer`), and a detach frees the memory even while a
/// reference keeps the JS object alive. So the rule is:
///
/// - a view of a **SharedArrayBuffer** (or the SharedArrayBuffer itself) is
///   kept by reference, without a copy: a SharedArrayBuffer cannot be
///   detached or transferred, and the reference keeps its memory alive until
///   the `BufferRef` is dropped;
/// - anything else (Buffer, TypedArray, DataView, ArrayBuffer) is copied
///   once, on the JS thread, when the argument is converted.
///
/// JS may keep writing to shared memory while a pool thread reads it, so the
/// bytes are `&[AtomicU8]` (relaxed loads; never a `&[u8]` that could change
/// underneath): read them with [`BufferRef::to_vec`] or
/// [`BufferRef::read_into`]. [`BufferRef::is_shared`] says which case holds.
/// The reference is released when the `BufferRef` is dropped on the JS
/// thread (a task's state is dropped there after it settles); dropped on
/// another thread it is left to the env's teardown, never touched off-thread.
pub struct BufferRef {
    store: RefStore,
}

enum RefStore {
    Copied(Box<[std::sync::atomic::AtomicU8]>),
    Shared {
        ptr: *const std::sync::atomic::AtomicU8,
        len: usize,
        env: Env,
        env_alive: std::sync::Arc<std::sync::atomic::AtomicBool>,
        thread: std::thread::ThreadId,
        raw: sys::napi_ref,
    },
}

// Safety: the shared memory is only read through atomics, and stays allocated
// while the reference exists; the reference is only deleted on its env's thread.
unsafe impl Send for BufferRef {}
unsafe impl Sync for BufferRef {}

impl BufferRef {
    /// The bytes; JS may change shared ones at any time.
    pub fn as_atomic(&self) -> &[std::sync::atomic::AtomicU8] {
        match &self.store {
            RefStore::Copied(b) => b,
            RefStore::Shared { ptr, len, .. } if *len > 0 => unsafe {
                std::slice::from_raw_parts(*ptr, *len)
            },
            RefStore::Shared { .. } => &[],
        }
    }
    /// Byte length.
    pub fn len(&self) -> usize {
        self.as_atomic().len()
    }
    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Whether the bytes are JS's SharedArrayBuffer memory (not a copy).
    pub fn is_shared(&self) -> bool {
        matches!(self.store, RefStore::Shared { .. })
    }
    /// Copies bytes from `offset` into `dst`; returns how many were copied.
    pub fn read_into(&self, offset: usize, dst: &mut [u8]) -> usize {
        let src = self.as_atomic().get(offset..).unwrap_or(&[]);
        let n = src.len().min(dst.len());
        for (d, s) in dst[..n].iter_mut().zip(src) {
            *d = s.load(std::sync::atomic::Ordering::Relaxed);
        }
        n
    }
    /// A snapshot of the bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = vec![0; self.len()];
        self.read_into(0, &mut v);
        v
    }
}

impl std::fmt::Debug for BufferRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BufferRef")
            .field("len", &self.len())
            .field("shared", &self.is_shared())
            .finish()
    }
}

impl Drop for BufferRef {
    fn drop(&mut self) {
        if let RefStore::Shared {
            env,
            env_alive,
            thread,
            raw,
            ..
        } = &self.store
        {
            if *thread == std::thread::current().id()
                && env_alive.load(std::sync::atomic::Ordering::SeqCst)
            {
                unsafe { sys::napi_delete_reference(env.raw(), *raw) };
            }
        }
    }
}

/// The SharedArrayBuffer behind `v` (a view of one, or one itself), if any.
/// Brand checks inside Node-API, so a faked prototype cannot pass:
/// `napi_is_arraybuffer` is false for a SharedArrayBuffer, while
/// `napi_get_arraybuffer_info` accepts only ArrayBuffers and SharedArrayBuffers.
unsafe fn shared_buffer(env: Env, v: sys::napi_value) -> Option<sys::napi_value> {
    let e = env.raw();
    let (mut ty, mut len, mut off) = (0, 0usize, 0usize);
    let mut data: *mut c_void = ptr::null_mut();
    let mut ab = ptr::null_mut();
    let mut is = false;
    let buf =
        if sys::napi_get_typedarray_info(e, v, &mut ty, &mut len, &mut data, &mut ab, &mut off)
            == sys::Status::napi_ok
        {
            ab
        } else if sys::napi_is_dataview(e, v, &mut is) == sys::Status::napi_ok && is {
            if sys::napi_get_dataview_info(e, v, &mut len, &mut data, &mut ab, &mut off)
                != sys::Status::napi_ok
            {
                return None;
            }
            ab
        } else {
            v
        };
    if buf.is_null() {
        return None;
    }
    let mut is_ab = true;
    if sys::napi_is_arraybuffer(e, buf, &mut is_ab) != sys::Status::napi_ok || is_ab {
        return None;
    }
    (sys::napi_get_arraybuffer_info(e, buf, &mut data, &mut len) == sys::Status::napi_ok)
        .then_some(buf)
}

impl FromJs for BufferRef {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let shared = shared_buffer(env, v);
        let (p, len) = match (view_bytes(env, v), shared) {
            (Ok(pl), _) => pl,
            // A SharedArrayBuffer itself (napi_is_arraybuffer says no).
            (Err(_), Some(sab)) if sab == v => {
                let (mut data, mut len): (*mut c_void, usize) = (ptr::null_mut(), 0);
                env.check(sys::napi_get_arraybuffer_info(
                    env.raw(),
                    v,
                    &mut data,
                    &mut len,
                ))?;
                (data.cast(), len)
            }
            (Err(_), _) => {
                return Err(expected(
                    env,
                    v,
                    "a Buffer, TypedArray, DataView, ArrayBuffer or SharedArrayBuffer",
                ))
            }
        };
        if let Some(sab) = shared {
            let mut raw = ptr::null_mut();
            env.check(sys::napi_create_reference(env.raw(), sab, 1, &mut raw))?;
            return Ok(BufferRef {
                store: RefStore::Shared {
                    ptr: p.cast_const().cast(),
                    len,
                    env,
                    env_alive: env.data().alive.clone(),
                    thread: std::thread::current().id(),
                    raw,
                },
            });
        }
        let copy: Box<[std::sync::atomic::AtomicU8]> = slice_from(p, len)
            .iter()
            .map(|b| std::sync::atomic::AtomicU8::new(*b))
            .collect();
        Ok(BufferRef {
            store: RefStore::Copied(copy),
        })
    }
    fn ts_type() -> String {
        "Uint8Array | ArrayBuffer | SharedArrayBuffer | DataView".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_u64_truncates_like_napi_rs() {
        // 2^64 + 5: low word 5, lossy
        let b = BigInt {
            negative: false,
            words: vec![5, 1],
        };
        assert_eq!(b.get_u64(), (5, false));
        assert_eq!(b.to_u64(), None);
        // -1n: two's complement, as BigInt.asUintN(64, -1n)
        let m = BigInt::from(-1i64);
        assert_eq!(m.get_u64(), (u64::MAX, false));
        assert_eq!(m.get_i64(), (-1, true));
        let ok = BigInt::from(u64::MAX);
        assert_eq!(ok.get_u64(), (u64::MAX, true));
        assert_eq!(BigInt::default().get_u64(), (0, true));
    }

    #[test]
    fn byte_inputs_share_as_ref() {
        fn len<T: AsRef<[u8]>>(t: &T) -> usize {
            t.as_ref().len()
        }
        let a: crate::Either<String, Buffer> = crate::Either::A("abc".into());
        let b: crate::Either<String, Buffer> = crate::Either::B(Buffer(vec![1, 2]));
        assert_eq!((len(&a), len(&b)), (3, 2));
        assert_eq!(len(&Bytes::Owned(vec![0; 4])), 4);
        assert_eq!(len(&Bytes::Borrowed(&[1])), 1);
    }
}
