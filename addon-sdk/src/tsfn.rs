//! `ThreadsafeFunction<T>`: call a JS function from any thread.
//!
//! The handle is `Clone + Send + Sync`; the underlying
//! `napi_threadsafe_function` is released when the last clone is dropped, so
//! addon authors never count references. After the env is torn down, calls
//! return an error instead of touching freed memory.

use std::ffi::c_void;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::{Arc, RwLock};

use crate::convert::expected;
use crate::error::{panic_error, throw_error};
use crate::function::JsArgs;
use crate::sys;
use crate::sys::ValueType;
use crate::{Env, Error, FromJs, Result, ToJs};

/// Whether a call waits for room in a full queue or fails at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallMode {
    /// Wait for room in the queue (only matters with a bounded queue).
    Blocking,
    /// Return an error (`code: "ERR_TSFN_QUEUE_FULL"`) if the queue is full.
    NonBlocking,
}

struct Shared {
    /// `None` once the function is finalized (env teardown or last release).
    raw: RwLock<Option<usize>>,
}

struct Owner {
    shared: Arc<Shared>,
}

impl Drop for Owner {
    fn drop(&mut self) {
        let g = self.shared.raw.read().unwrap_or_else(|e| e.into_inner());
        if let Some(raw) = *g {
            unsafe {
                sys::napi_release_threadsafe_function(
                    raw as sys::napi_threadsafe_function,
                    sys::ThreadsafeFunctionReleaseMode::release,
                )
            };
        }
    }
}

type RetCb = Box<dyn FnOnce(Env, Result<sys::napi_value>) + Send>;

struct Item<T> {
    args: T,
    ret: Option<RetCb>,
}

/// A JS function callable from any thread with arguments `T` (a tuple of
/// [`ToJs`] values, converted on the JS thread).
pub struct ThreadsafeFunction<T: JsArgs + Send + 'static> {
    owner: Arc<Owner>,
    _p: PhantomData<fn(T)>,
}

impl<T: JsArgs + Send + 'static> Clone for ThreadsafeFunction<T> {
    fn clone(&self) -> Self {
        ThreadsafeFunction {
            owner: self.owner.clone(),
            _p: PhantomData,
        }
    }
}

// SAFETY: the raw handle is only used through Node-API's thread-safe calls,
// guarded by the RwLock against finalization.
unsafe impl<T: JsArgs + Send + 'static> Send for ThreadsafeFunction<T> {}
unsafe impl<T: JsArgs + Send + 'static> Sync for ThreadsafeFunction<T> {}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    let shared = Arc::from_raw(data as *const Shared);
    let mut g = shared.raw.write().unwrap_or_else(|e| e.into_inner());
    *g = None;
}

unsafe extern "C" fn call_js<T: JsArgs>(
    env: sys::napi_env,
    js_cb: sys::napi_value,
    _ctx: *mut c_void,
    data: *mut c_void,
) {
    let item = Box::from_raw(data as *mut Item<T>);
    if env.is_null() || js_cb.is_null() {
        // The env is going away: drop the queued item without calling JS.
        return;
    }
    let r = catch_unwind(AssertUnwindSafe(|| {
        let e = Env::from_raw(env);
        let Item { args, ret } = *item;
        let out = args.with_args(e, |argv| {
            crate::function::call_raw(e, e.undefined(), js_cb, argv)
        });
        match ret {
            Some(cb) => {
                let out = match out {
                    Err(err) if err.kind == crate::ErrorKind::Pending => {
                        let mut exc = ptr::null_mut();
                        sys::napi_get_and_clear_last_exception(env, &mut exc);
                        Err(Error::new(js_error_message(e, exc)).with_code("ERR_JS_EXCEPTION"))
                    }
                    o => o,
                };
                cb(e, out)
            }
            None => {
                if let Err(err) = out {
                    raise_uncaught(e, &err);
                }
            }
        }
    }));
    if let Err(p) = r {
        raise_uncaught(Env::from_raw(env), &panic_error(&*p));
    }
}

/// Reports an error with no JS caller to return to (a threadsafe callback):
/// it becomes a process `uncaughtException`, like an exception thrown from a
/// JS callback of a timer.
#[cold]
#[inline(never)]
pub(crate) fn raise_uncaught(env: Env, err: &Error) {
    if err.kind == crate::ErrorKind::Pending {
        // The JS function threw: the host reports it.
        return;
    }
    match err.to_js_error(env) {
        Ok(v) => unsafe {
            sys::napi_fatal_exception(env.raw(), v);
        },
        Err(_) => unsafe { throw_error(env.raw(), err) },
    }
}

#[inline(never)]
fn js_error_message(env: Env, exc: sys::napi_value) -> String {
    if exc.is_null() {
        return "JS exception".into();
    }
    let mut s = ptr::null_mut();
    unsafe { sys::napi_coerce_to_string(env.raw(), exc, &mut s) };
    unsafe { crate::convert::get_string(env, s) }.unwrap_or_else(|_| "JS exception".into())
}

impl<T: JsArgs + Send + 'static> ThreadsafeFunction<T> {
    /// Wraps a JS function. `max_queue` 0 means unbounded.
    pub fn new(env: Env, func: sys::napi_value, max_queue: usize) -> Result<Self> {
        let shared = Arc::new(Shared {
            raw: RwLock::new(None),
        });
        let name = env.string("nabi-sdk threadsafe function")?;
        let mut raw = ptr::null_mut();
        let ctx = Arc::into_raw(shared.clone());
        let st = unsafe {
            sys::napi_create_threadsafe_function(
                env.raw(),
                func,
                ptr::null_mut(),
                name,
                max_queue,
                1,
                ctx as *mut c_void,
                Some(finalize),
                ptr::null_mut(),
                Some(call_js::<T>),
                &mut raw,
            )
        };
        if st != sys::Status::napi_ok {
            unsafe { drop(Arc::from_raw(ctx)) };
            env.check(st)?;
        }
        *shared.raw.write().unwrap_or_else(|e| e.into_inner()) = Some(raw as usize);
        Ok(ThreadsafeFunction {
            owner: Arc::new(Owner { shared }),
            _p: PhantomData,
        })
    }

    fn enqueue(&self, item: Item<T>, mode: CallMode) -> Result<()> {
        let g = self
            .owner
            .shared
            .raw
            .read()
            .unwrap_or_else(|e| e.into_inner());
        let Some(raw) = *g else {
            return Err(Error::new(
                "the JS environment of this threadsafe function has been torn down",
            )
            .with_code("ERR_TSFN_CLOSED"));
        };
        let p = Box::into_raw(Box::new(item));
        let m = match mode {
            CallMode::Blocking => sys::ThreadsafeFunctionCallMode::blocking,
            CallMode::NonBlocking => sys::ThreadsafeFunctionCallMode::nonblocking,
        };
        let st = unsafe {
            sys::napi_call_threadsafe_function(raw as sys::napi_threadsafe_function, p.cast(), m)
        };
        if st == sys::Status::napi_ok {
            return Ok(());
        }
        unsafe { drop(Box::from_raw(p)) };
        Err(match st {
            sys::Status::napi_queue_full => {
                Error::new("threadsafe function queue is full").with_code("ERR_TSFN_QUEUE_FULL")
            }
            sys::Status::napi_closing => {
                Error::new("the JS environment of this threadsafe function is closing")
                    .with_code("ERR_TSFN_CLOSED")
            }
            s => Error::new(format!(
                "napi_call_threadsafe_function failed with status {s}"
            )),
        })
    }

    /// Queues a call of the JS function with `args`, from any thread.
    pub fn call(&self, args: T, mode: CallMode) -> Result<()> {
        self.enqueue(Item { args, ret: None }, mode)
    }

    /// Queues a call and hands the JS return value (converted to `R`, or the
    /// error the call threw) to `done`, on the JS thread.
    pub fn call_with_return<R: FromJs + 'static>(
        &self,
        args: T,
        mode: CallMode,
        done: impl FnOnce(Result<R>) + Send + 'static,
    ) -> Result<()> {
        let cb: RetCb = Box::new(move |env, r| {
            let r = r.and_then(|v| unsafe { crate::convert::owned_from_js::<R>(env, v) });
            done(r)
        });
        self.enqueue(
            Item {
                args,
                ret: Some(cb),
            },
            mode,
        )
    }

    /// Lets the event loop exit even while this function is alive (JS thread).
    pub fn unref(&self, env: Env) -> Result<()> {
        let g = self
            .owner
            .shared
            .raw
            .read()
            .unwrap_or_else(|e| e.into_inner());
        match *g {
            Some(raw) => {
                env.check(unsafe { sys::napi_unref_threadsafe_function(env.raw(), raw as _) })
            }
            None => Ok(()),
        }
    }
}

impl<T: JsArgs + Send + 'static> FromJs for ThreadsafeFunction<T> {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if env.type_of(v)? != ValueType::napi_function {
            return Err(expected(env, v, "a function"));
        }
        Self::new(env, v, 0)
    }
    fn ts_type() -> String {
        format!("({}) => unknown", T::ts_params())
    }
}

impl<T: JsArgs + Send + 'static> ToJs for ThreadsafeFunction<T> {
    fn to_js(self, _env: Env) -> Result<sys::napi_value> {
        Err(Error::type_error(
            "a ThreadsafeFunction cannot be returned to JS",
        ))
    }
}
