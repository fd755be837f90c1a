//! `Class`: what `#[nabi_sdk::class]` implements for a struct.

use crate::private::ClassDef;
use crate::{Env, Object, Result};

/// A Rust struct exposed to JS as a class (`#[nabi_sdk::class]`).
pub trait Class: Sized + 'static {
    #[doc(hidden)]
    fn class_def() -> &'static ClassDef;

    /// Creates the JS instance owning `self` (its `Drop` runs in the finalizer).
    fn into_instance(self, env: Env) -> Result<Object> {
        let p = Box::into_raw(Box::new(self));
        let v = unsafe { crate::private::class_to_js(env, p.cast(), Self::class_def())? };
        Ok(Object::from_raw(env, v))
    }
}

#[doc(hidden)]
pub unsafe fn drop_instance<T>(p: *mut std::ffi::c_void) {
    drop(Box::from_raw(p as *mut T));
}
