//! `Env`: the raw `napi_env` of the current call, with small helpers.

use std::any::Any;
use std::ffi::c_void;
use std::ptr;

use crate::error::check;
use crate::sys;
use crate::{Error, Result};

/// The Node-API environment of the current call. Only valid on the JS thread,
/// during the call it was handed to.
#[derive(Clone, Copy, Debug)]
#[repr(transparent)]
pub struct Env(sys::napi_env);

/// Per-env data the SDK keeps in `napi_set_instance_data`.
pub(crate) struct EnvData {
    pub(crate) classes: Vec<(u128, sys::napi_ref)>,
    pub(crate) ctor_data: Vec<*mut c_void>,
    pub(crate) user: Option<Box<dyn Any>>,
    pub(crate) alive: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Env {
    /// Wraps a raw env.
    ///
    /// # Safety
    /// `env` must be the env of the current JS-thread call.
    #[inline(always)]
    pub unsafe fn from_raw(env: sys::napi_env) -> Self {
        Env(env)
    }

    /// The raw env, for calling `napi_*` functions directly.
    #[inline(always)]
    pub fn raw(self) -> sys::napi_env {
        self.0
    }

    #[inline(always)]
    pub(crate) fn check(self, status: sys::napi_status) -> Result<()> {
        check(self.0, status)
    }

    /// `undefined`.
    pub fn undefined(self) -> sys::napi_value {
        let mut v = ptr::null_mut();
        unsafe { sys::napi_get_undefined(self.0, &mut v) };
        v
    }

    /// `null`.
    pub fn null(self) -> sys::napi_value {
        let mut v = ptr::null_mut();
        unsafe { sys::napi_get_null(self.0, &mut v) };
        v
    }

    /// The global object.
    pub fn global(self) -> Result<crate::Object> {
        let mut v = ptr::null_mut();
        self.check(unsafe { sys::napi_get_global(self.0, &mut v) })?;
        Ok(crate::Object::from_raw(self, v))
    }

    /// Creates a JS string.
    pub fn string(self, s: &str) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        self.check(unsafe {
            sys::napi_create_string_utf8(self.0, s.as_ptr().cast(), s.len(), &mut v)
        })?;
        Ok(v)
    }

    /// The JS type of a value.
    pub fn type_of(self, v: sys::napi_value) -> Result<sys::napi_valuetype> {
        let mut t = 0;
        self.check(unsafe { sys::napi_typeof(self.0, v, &mut t) })?;
        Ok(t)
    }

    /// Throws an error built from `err`.
    pub fn throw(self, err: &Error) {
        err.throw(self)
    }

    /// Is a JS exception pending?
    pub fn is_exception_pending(self) -> bool {
        let mut p = false;
        unsafe { sys::napi_is_exception_pending(self.0, &mut p) };
        p
    }

    #[inline(never)]
    pub(crate) fn data(self) -> &'static mut EnvData {
        unsafe {
            let mut p: *mut c_void = ptr::null_mut();
            sys::napi_get_instance_data(self.0, &mut p);
            if p.is_null() {
                let b = Box::into_raw(Box::new(EnvData {
                    classes: Vec::new(),
                    ctor_data: Vec::new(),
                    user: None,
                    alive: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)),
                }));
                sys::napi_set_instance_data(
                    self.0,
                    b.cast(),
                    Some(finalize_env_data),
                    ptr::null_mut(),
                );
                p = b.cast();
            }
            &mut *(p as *mut EnvData)
        }
    }

    /// Stores per-env instance data (one value per env; replaces the old one).
    pub fn set_instance_data<T: 'static>(self, value: T) {
        self.data().user = Some(Box::new(value));
    }

    /// The per-env instance data set with [`Env::set_instance_data`], if it has type `T`.
    pub fn instance_data<T: 'static>(self) -> Option<&'static mut T> {
        self.data()
            .user
            .as_mut()
            .and_then(|b| b.downcast_mut::<T>())
    }

    /// Registers a hook run when this env is torn down (worker exit, process exit).
    pub fn add_cleanup_hook<F: FnOnce() + 'static>(self, hook: F) -> Result<()> {
        unsafe extern "C" fn run<F: FnOnce()>(arg: *mut c_void) {
            let f = Box::from_raw(arg as *mut F);
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        }
        let b = Box::into_raw(Box::new(hook));
        self.check(unsafe { sys::napi_add_env_cleanup_hook(self.0, Some(run::<F>), b.cast()) })
    }

    /// Runs a script (like `eval`) and returns its value.
    pub fn run_script(self, source: &str) -> Result<sys::napi_value> {
        let s = self.string(source)?;
        let mut v = ptr::null_mut();
        self.check(unsafe { sys::napi_run_script(self.0, s, &mut v) })?;
        Ok(v)
    }
}

unsafe extern "C" fn finalize_env_data(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    let _ = std::panic::catch_unwind(|| {
        let b = Box::from_raw(data as *mut EnvData);
        b.alive.store(false, std::sync::atomic::Ordering::SeqCst);
        for p in &b.ctor_data {
            crate::private::free_ctor_data(*p);
        }
        drop(b);
    });
}
