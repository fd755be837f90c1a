//! `Env`: the raw `napi_env` of the current call, with small helpers.

use std::any::Any;
use std::ffi::c_void;
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Property keys of `&'static str` field names, by address (`napi10`).
    #[cfg(feature = "napi10")]
    pub(crate) keys: Vec<((usize, usize), sys::napi_ref)>,
    /// Whether the host runs Node-API 10 (`napi_get_version`), asked once.
    #[cfg(feature = "napi10")]
    pub(crate) keys_ok: Option<bool>,
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
    #[inline]
    pub fn string(self, s: &str) -> Result<sys::napi_value> {
        let mut v = ptr::null_mut();
        // ASCII is the same text in Latin-1, which V8 copies where UTF-8 it
        // decodes again (a third less work for a short string in Node 24).
        let st = if ascii_as_latin1() && s.is_ascii() {
            unsafe { sys::napi_create_string_latin1(self.0, s.as_ptr().cast(), s.len(), &mut v) }
        } else {
            unsafe { sys::napi_create_string_utf8(self.0, s.as_ptr().cast(), s.len(), &mut v) }
        };
        self.check(st)?;
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
                    #[cfg(feature = "napi10")]
                    keys: Vec::new(),
                    #[cfg(feature = "napi10")]
                    keys_ok: None,
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

/// `node_api_create_property_key_utf8` (Node-API 10), looked up once in the
/// host; `None` where the host lacks it.
#[cfg(feature = "napi10")]
type CreateKey = unsafe extern "C" fn(
    sys::napi_env,
    *const std::ffi::c_char,
    usize,
    *mut sys::napi_value,
) -> sys::napi_status;

#[cfg(feature = "napi10")]
fn create_key_fn() -> Option<CreateKey> {
    static F: std::sync::OnceLock<Option<CreateKey>> = std::sync::OnceLock::new();
    *F.get_or_init(|| unsafe {
        let lib = libloading::os::unix::Library::this();
        let f = lib
            .get::<CreateKey>(b"node_api_create_property_key_utf8\0")
            .ok()
            .map(|s| *s);
        std::mem::forget(lib);
        f
    })
}

/// The JS property key for a static field name, made once per env and kept
/// by reference (Node-API 10 allows references to strings), so serde struct
/// fields skip building and internalizing the key string on every access.
/// `None` when the host cannot (the caller falls back to the named calls).
#[cfg(feature = "napi10")]
pub(crate) fn static_key(env: Env, key: &'static str) -> Option<sys::napi_value> {
    let data = env.data();
    // Address and length: the linker may merge "x" into the tail of "ax".
    let addr = (key.as_ptr() as usize, key.len());
    let ok = *data.keys_ok.get_or_insert_with(|| {
        // Node 20 exports the key function but reports Node-API 9, and
        // crashes with references to strings: use the cache from 10 only.
        let mut ver = 0u32;
        let st = unsafe { sys::napi_get_version(env.raw(), &mut ver) };
        st == sys::Status::napi_ok && ver >= 10
    });
    if !ok {
        return None;
    }
    let mut v = ptr::null_mut();
    if let Some((_, r)) = data.keys.iter().find(|(a, _)| *a == addr) {
        let st = unsafe { sys::napi_get_reference_value(env.raw(), *r, &mut v) };
        return (st == sys::Status::napi_ok && !v.is_null()).then_some(v);
    }
    let f = create_key_fn()?;
    let st = unsafe { f(env.raw(), key.as_ptr().cast(), key.len(), &mut v) };
    if st != sys::Status::napi_ok {
        return None;
    }
    let mut r = ptr::null_mut();
    if unsafe { sys::napi_create_reference(env.raw(), v, 1, &mut r) } == sys::Status::napi_ok {
        data.keys.push((addr, r));
    }
    Some(v)
}

/// Whether ASCII results are made through `napi_create_string_latin1`: in
/// V8 hosts (Node), where that is a plain copy. Others (nabi's QuickJS host
/// widens Latin-1 to UTF-16 first) keep `napi_create_string_utf8`.
static ASCII_AS_LATIN1: AtomicBool = AtomicBool::new(false);

#[inline(always)]
fn ascii_as_latin1() -> bool {
    ASCII_AS_LATIN1.load(Ordering::Relaxed)
}

/// Looks at the host once per process (from `setup`): a V8 host exports
/// V8's own `String::NewFromOneByte`.
pub(crate) fn detect_host(lib: &libloading::Library) {
    // SAFETY: only asks whether the symbol exists; it is never called.
    let v8 = unsafe {
        lib.get::<*const std::ffi::c_void>(
            b"_ZN2v86String14NewFromOneByteEPNS_7IsolateEPKhNS_13NewStringTypeEi\0",
        )
        .is_ok()
    };
    ASCII_AS_LATIN1.store(v8, Ordering::Relaxed);
}
