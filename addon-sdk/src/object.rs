//! `Object`: a JS object with typed `get`/`set`.

use std::ptr;

use crate::convert::{expected, get_string};
use crate::sys;
use crate::sys::ValueType;
use crate::{Env, FromJs, Result, ToJs};

/// A JS object (or function) borrowed for the current call.
#[derive(Clone, Copy, Debug)]
pub struct Object {
    env: Env,
    raw: sys::napi_value,
}

impl Object {
    /// A new empty object `{}`.
    pub fn new(env: Env) -> Result<Self> {
        let mut v = ptr::null_mut();
        env.check(unsafe { sys::napi_create_object(env.raw(), &mut v) })?;
        Ok(Object { env, raw: v })
    }

    /// Wraps a raw value known to be an object.
    pub fn from_raw(env: Env, raw: sys::napi_value) -> Self {
        Object { env, raw }
    }

    /// The raw value.
    pub fn raw(&self) -> sys::napi_value {
        self.raw
    }

    /// The env.
    pub fn env(&self) -> Env {
        self.env
    }

    #[inline(never)]
    fn key(&self, key: &str) -> Result<sys::napi_value> {
        self.env.string(key)
    }

    /// Reads a property without converting it.
    #[inline(never)]
    pub fn get_raw(&self, key: &str) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        let status = with_c_key(key, |c| unsafe {
            sys::napi_get_named_property(self.env.raw(), self.raw, c, &mut v)
        });
        match status {
            Some(st) => self.env.check(st)?,
            None => {
                let k = self.key(key)?;
                self.env
                    .check(unsafe { sys::napi_get_property(self.env.raw(), self.raw, k, &mut v) })?
            }
        }
        Ok(v)
    }

    /// Reads and converts a property.
    pub fn get<T: FromJs>(&self, key: &str) -> Result<T> {
        let v = self.get_raw(key)?;
        unsafe { crate::convert::owned_from_js::<T>(self.env, v) }.map_err(|e| prop_err(e, key))
    }

    /// Sets a property from a raw value.
    #[inline(never)]
    pub fn set_raw(&self, key: &str, v: sys::napi_value) -> Result<()> {
        let status = with_c_key(key, |c| unsafe {
            sys::napi_set_named_property(self.env.raw(), self.raw, c, v)
        });
        match status {
            Some(st) => self.env.check(st),
            None => {
                let k = self.key(key)?;
                self.env
                    .check(unsafe { sys::napi_set_property(self.env.raw(), self.raw, k, v) })
            }
        }
    }

    /// Converts and sets a property.
    pub fn set<T: ToJs>(&self, key: &str, value: T) -> Result<()> {
        let v = value.to_js(self.env)?;
        self.set_raw(key, v)
    }

    /// Sets a property whose name is a NUL-terminated static string (no allocation).
    pub fn set_named(&self, key: &std::ffi::CStr, v: sys::napi_value) -> Result<()> {
        self.env.check(unsafe {
            sys::napi_set_named_property(self.env.raw(), self.raw, key.as_ptr(), v)
        })
    }

    /// Reads a property whose name is a NUL-terminated static string (no allocation).
    pub fn get_named(&self, key: &std::ffi::CStr) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        self.env.check(unsafe {
            sys::napi_get_named_property(self.env.raw(), self.raw, key.as_ptr(), &mut v)
        })?;
        Ok(v)
    }

    /// Does the object (or its prototype chain) have this property?
    pub fn has(&self, key: &str) -> Result<bool> {
        let k = self.key(key)?;
        let mut b = false;
        self.env
            .check(unsafe { sys::napi_has_property(self.env.raw(), self.raw, k, &mut b) })?;
        Ok(b)
    }

    /// Own enumerable string keys.
    #[inline(never)]
    pub fn keys(&self) -> Result<Vec<String>> {
        let env = self.env;
        let mut names = ptr::null_mut();
        env.check(unsafe {
            sys::napi_get_all_property_names(
                env.raw(),
                self.raw,
                sys::KeyCollectionMode::own_only,
                sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
                sys::KeyConversion::numbers_to_strings,
                &mut names,
            )
        })?;
        let len = unsafe { crate::convert::array_len(env, names)? };
        let mut out = Vec::with_capacity(len as usize);
        for i in 0..len {
            let k = unsafe { crate::convert::array_get(env, names, i)? };
            out.push(unsafe { get_string(env, k)? });
        }
        Ok(out)
    }

    /// Calls a method of this object.
    pub fn call_method(&self, name: &str, args: &[sys::napi_value]) -> Result<sys::napi_value> {
        let f = self.get_raw(name)?;
        crate::function::call_raw(self.env, self.raw, f, args)
    }
}

#[inline(never)]
#[cold]
fn prop_err(e: crate::Error, key: &str) -> crate::Error {
    if e.kind == crate::ErrorKind::Pending {
        return e;
    }
    crate::Error {
        message: format!("property `{key}`: {}", e.message),
        ..e
    }
}

impl FromJs for Object {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        let t = env.type_of(v)?;
        if t != ValueType::napi_object && t != ValueType::napi_function {
            return Err(expected(env, v, "an object"));
        }
        Ok(Object { env, raw: v })
    }
    fn ts_type() -> String {
        "object".into()
    }
}

impl ToJs for Object {
    #[inline]
    fn to_js(self, _env: Env) -> Result<sys::napi_value> {
        Ok(self.raw)
    }
    fn ts_type() -> String {
        "object".into()
    }
}

/// Runs `f` with `key` as a NUL-terminated string on the stack, so property
/// access by name takes one Node-API call (`napi_*_named_property`, which
/// also hands the engine an internalized key) and no allocation. `None` when
/// the key is too long or holds a NUL: callers then go through a JS string.
#[inline(always)]
pub(crate) fn with_c_key<R>(key: &str, f: impl FnOnce(*const std::ffi::c_char) -> R) -> Option<R> {
    let mut buf = [0u8; 64];
    let bytes = key.as_bytes();
    if bytes.len() >= buf.len() || bytes.contains(&0) {
        return None;
    }
    buf[..bytes.len()].copy_from_slice(bytes);
    Some(f(buf.as_ptr().cast()))
}
