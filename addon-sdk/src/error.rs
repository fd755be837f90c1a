//! `Error`: what a Rust function returns to throw a JS exception.

use std::ffi::CString;
use std::fmt;
use std::ptr;

use crate::sys;
use crate::Env;

/// `Result` with [`Error`] as the default error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which JS error constructor a thrown [`Error`] uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `Error`
    Error,
    /// `TypeError`
    TypeError,
    /// `RangeError`
    RangeError,
    /// A JS exception is already pending (a JS callback threw): rethrow nothing.
    Pending,
}

/// An error thrown into JS as an `Error` (or `TypeError`/`RangeError`) with
/// `message`, optional `code` and optional `cause` (itself an error object).
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub code: Option<String>,
    pub cause: Option<Box<Error>>,
    /// `file:line:column` of a caught panic (the JS error's `location`).
    pub location: Option<String>,
}

impl Error {
    /// A plain JS `Error` with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Error,
            message: message.into(),
            code: None,
            cause: None,
            location: None,
        }
    }

    /// A JS `TypeError`.
    pub fn type_error(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::TypeError,
            ..Error::new(message)
        }
    }

    /// A JS `RangeError`.
    pub fn range_error(message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::RangeError,
            ..Error::new(message)
        }
    }

    /// The marker for "a JS exception is already pending": returning it leaves
    /// that exception in place.
    pub fn pending() -> Self {
        Error {
            kind: ErrorKind::Pending,
            ..Error::new("a JavaScript exception is pending")
        }
    }

    /// Sets the `code` property.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the `cause` property.
    pub fn with_cause(mut self, cause: Error) -> Self {
        self.cause = Some(Box::new(cause));
        self
    }

    /// Builds an error from any `std::error::Error`, its `source()` chain
    /// becoming the `cause` chain.
    pub fn from_std(err: &(dyn std::error::Error + 'static)) -> Self {
        let mut e = Error::new(err.to_string());
        if let Some(src) = err.source() {
            e.cause = Some(Box::new(Error::from_std(src)));
        }
        e
    }

    /// Prefixes the message with the argument position (1-based) and name, used
    /// for conversion failures of function arguments.
    #[inline(never)]
    #[cold]
    pub fn in_arg(mut self, index: usize, name: &str) -> Self {
        if self.kind != ErrorKind::Pending {
            self.message = format!("argument {} (`{}`): {}", index + 1, name, self.message);
        }
        self
    }

    /// Builds the JS error object for this error.
    pub fn to_js_error(&self, env: Env) -> Result<sys::napi_value> {
        unsafe { create_error_value(env.raw(), self) }
    }

    /// Throws this error into JS (unless an exception is already pending).
    pub fn throw(&self, env: Env) {
        unsafe { throw_error(env.raw(), self) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<String> for Error {
    fn from(s: String) -> Self {
        Error::new(s)
    }
}

impl From<&str> for Error {
    fn from(s: &str) -> Self {
        Error::new(s)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        let code = format!("{:?}", e.kind());
        Error::from_std(&e).with_code(code)
    }
}

impl From<std::fmt::Error> for Error {
    fn from(e: std::fmt::Error) -> Self {
        Error::from_std(&e)
    }
}

fn cstring(s: &str) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

#[inline(never)]
unsafe fn create_string(env: sys::napi_env, s: &str) -> sys::napi_value {
    let mut v = ptr::null_mut();
    sys::napi_create_string_utf8(env, s.as_ptr().cast(), s.len(), &mut v);
    v
}

#[inline(never)]
pub(crate) unsafe fn create_error_value(env: sys::napi_env, e: &Error) -> Result<sys::napi_value> {
    let msg = create_string(env, &e.message);
    let code = match &e.code {
        Some(c) => create_string(env, c),
        None => ptr::null_mut(),
    };
    let mut out = ptr::null_mut();
    let status = match e.kind {
        ErrorKind::TypeError => sys::napi_create_type_error(env, code, msg, &mut out),
        ErrorKind::RangeError => sys::napi_create_range_error(env, code, msg, &mut out),
        _ => sys::napi_create_error(env, code, msg, &mut out),
    };
    if status != sys::Status::napi_ok {
        return Err(Error::new("could not create an error object"));
    }
    if let Some(loc) = &e.location {
        sys::napi_set_named_property(env, out, c"location".as_ptr(), create_string(env, loc));
    }
    if let Some(cause) = &e.cause {
        if let Ok(c) = create_error_value(env, cause) {
            sys::napi_set_named_property(env, out, c"cause".as_ptr(), c);
        }
    }
    Ok(out)
}

/// Throws `e` unless an exception is already pending (then that one wins).
#[inline(never)]
#[cold]
pub(crate) unsafe fn throw_error(env: sys::napi_env, e: &Error) {
    let mut pending = false;
    sys::napi_is_exception_pending(env, &mut pending);
    if pending || e.kind == ErrorKind::Pending {
        return;
    }
    match create_error_value(env, e) {
        Ok(v) => {
            sys::napi_throw(env, v);
        }
        Err(_) => {
            let m = cstring(&e.message);
            sys::napi_throw_error(env, ptr::null(), m.as_ptr());
        }
    }
}

/// Turns a non-ok `napi_status` into an [`Error`] (or [`Error::pending`] when
/// the call left a JS exception pending).
#[inline(never)]
#[cold]
pub(crate) fn status_error(env: sys::napi_env, status: sys::napi_status) -> Error {
    unsafe {
        if status == sys::Status::napi_pending_exception {
            return Error::pending();
        }
        let mut pending = false;
        sys::napi_is_exception_pending(env, &mut pending);
        if pending {
            return Error::pending();
        }
        let mut info: *const sys::napi_extended_error_info = ptr::null();
        sys::napi_get_last_error_info(env, &mut info);
        let msg = if !info.is_null() && !(*info).error_message.is_null() {
            std::ffi::CStr::from_ptr((*info).error_message)
                .to_string_lossy()
                .into_owned()
        } else {
            format!("Node-API call failed with status {status}")
        };
        Error::new(msg).with_code(format!("NAPI_STATUS_{status}"))
    }
}

/// `?`-friendly check of a `napi_status`.
#[inline(always)]
pub(crate) fn check(env: sys::napi_env, status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(status_error(env, status))
    }
}

/// Message of a caught panic payload.
#[inline(never)]
#[cold]
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let msg = if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    };
    format!("Rust panic: {msg}")
}

/// The error a caught panic becomes (`code: "ERR_RUST_PANIC"`, and the
/// panic's `location` when the SDK's hook saw it).
#[cold]
pub(crate) fn panic_error(payload: &(dyn std::any::Any + Send)) -> Error {
    let mut e = Error::new(panic_message(payload)).with_code("ERR_RUST_PANIC");
    e.location = panics::take_location();
    e
}

/// The panic hook: a panic on a thread where the SDK catches it (the JS
/// thread, a task's `compute`) is quiet by default, as it becomes a JS
/// exception carrying its message and location; elsewhere, and with
/// [`set_panic_output`]`(true)` or `NABI_SDK_PANIC_OUTPUT=1`, the previous
/// hook prints it as usual.
pub(crate) mod panics {
    use std::cell::{Cell, RefCell};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Once;

    static PRINT: AtomicBool = AtomicBool::new(false);
    static HOOK: Once = Once::new();

    thread_local! {
        static CAUGHT_HERE: Cell<bool> = const { Cell::new(false) };
        static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    /// Installs the hook once per process.
    pub(crate) fn install() {
        HOOK.call_once(|| {
            if std::env::var_os("NABI_SDK_PANIC_OUTPUT").is_some_and(|v| v != "0" && !v.is_empty())
            {
                PRINT.store(true, Ordering::Relaxed);
            }
            let prev = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let caught = CAUGHT_HERE.try_with(Cell::get).unwrap_or(false);
                if caught {
                    let loc = info
                        .location()
                        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                    let _ = LOCATION.try_with(|c| *c.borrow_mut() = loc);
                }
                if !caught || PRINT.load(Ordering::Relaxed) {
                    prev(info);
                }
            }));
        });
    }

    /// Marks the current thread as one whose panics the SDK catches.
    pub(crate) fn caught_here(yes: bool) {
        let _ = CAUGHT_HERE.try_with(|c| c.set(yes));
    }

    pub(crate) fn take_location() -> Option<String> {
        LOCATION.try_with(|c| c.borrow_mut().take()).ok().flatten()
    }

    /// See [`crate::set_panic_output`].
    pub(crate) fn set_print(print: bool) {
        PRINT.store(print, Ordering::Relaxed);
    }
}

/// Whether panics that the SDK turns into JS exceptions are also printed to
/// stderr by the standard panic hook (default: no; also set by the
/// environment variable `NABI_SDK_PANIC_OUTPUT=1`). The JS error carries the
/// message and `location` either way.
pub fn set_panic_output(print: bool) {
    panics::set_print(print);
}
