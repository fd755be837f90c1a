//! Async: `Task` on the host's thread pool (async work) with `AbortSignal`
//! cancellation, and `async fn` exports as Promises without a runtime (or in
//! tokio's context, with feature `tokio`).

use std::cell::RefCell;
use std::ffi::c_void;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::ptr;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use crate::error::{create_error_value, panic_error};
use crate::sys;
use crate::{Env, Error, FromJs, Object, Result, ToJs};

// ------------------------------------------------------------------ promises

#[inline(never)]
fn create_promise(env: Env) -> Result<(sys::napi_deferred, sys::napi_value)> {
    let mut d = ptr::null_mut();
    let mut p = ptr::null_mut();
    env.check(unsafe { sys::napi_create_promise(env.raw(), &mut d, &mut p) })?;
    Ok((d, p))
}

/// Settles a deferred with a conversion result (rejecting on error).
#[inline(never)]
fn settle(env: Env, d: sys::napi_deferred, r: Result<sys::napi_value>) {
    unsafe {
        match r {
            Ok(v) => {
                sys::napi_resolve_deferred(env.raw(), d, v);
            }
            Err(e) => {
                let err = if e.kind == crate::ErrorKind::Pending || env.is_exception_pending() {
                    let mut exc = ptr::null_mut();
                    sys::napi_get_and_clear_last_exception(env.raw(), &mut exc);
                    exc
                } else {
                    create_error_value(env.raw(), &e).unwrap_or(ptr::null_mut())
                };
                let err = if err.is_null() { env.undefined() } else { err };
                sys::napi_reject_deferred(env.raw(), d, err);
            }
        }
    }
}

// ------------------------------------------------------------------ async fn

type LocalFuture = Pin<Box<dyn Future<Output = Result<sys::napi_value>>>>;

struct FutureTask {
    fut: RefCell<Option<LocalFuture>>,
    deferred: sys::napi_deferred,
}

struct WakeHandle {
    /// The tsfn while the future is alive; `None` once settled.
    tsfn: Mutex<Option<usize>>,
}

fn wake_handle(w: &Arc<WakeHandle>) {
    let g = w.tsfn.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = *g {
        unsafe {
            sys::napi_call_threadsafe_function(
                t as sys::napi_threadsafe_function,
                ptr::null_mut(),
                sys::ThreadsafeFunctionCallMode::nonblocking,
            )
        };
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(
    |p| {
        let a = unsafe { Arc::from_raw(p as *const WakeHandle) };
        let c = a.clone();
        std::mem::forget(a);
        RawWaker::new(Arc::into_raw(c).cast(), &VTABLE)
    },
    |p| {
        let a = unsafe { Arc::from_raw(p as *const WakeHandle) };
        wake_handle(&a);
    },
    |p| {
        let a = unsafe { Arc::from_raw(p as *const WakeHandle) };
        wake_handle(&a);
        std::mem::forget(a);
    },
    |p| unsafe { drop(Arc::from_raw(p as *const WakeHandle)) },
);

struct Ctx {
    task: FutureTask,
    wake: Arc<WakeHandle>,
}

/// The tokio runtime `async fn` exports are polled in (feature `tokio`):
/// created on first use, shared by every env of the process, never shut
/// down. Futures stay on the JS thread; tokio's workers drive its timers and
/// I/O and wake them. Use it to `spawn` or `block_on` work of your own.
#[cfg(feature = "tokio")]
pub fn tokio_runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("nabi-sdk-tokio")
            .build()
            .expect("nabi-sdk: starting the tokio runtime failed")
    })
}

unsafe fn poll_task(env: sys::napi_env, ctx: *mut Ctx) {
    #[cfg(feature = "tokio")]
    let _tokio = tokio_runtime().enter();
    let c = &*ctx;
    let e = Env::from_raw(env);
    let waker = Waker::from_raw(RawWaker::new(Arc::into_raw(c.wake.clone()).cast(), &VTABLE));
    let mut cx = Context::from_waker(&waker);
    let r = {
        let mut slot = c.task.fut.borrow_mut();
        let Some(f) = slot.as_mut() else { return };
        let r = catch_unwind(AssertUnwindSafe(|| f.as_mut().poll(&mut cx)));
        let r = match r {
            Ok(Poll::Pending) => return,
            Ok(Poll::Ready(v)) => v,
            Err(p) => Err(panic_error(&*p)),
        };
        *slot = None;
        r
    };
    settle(e, c.task.deferred, r);
    let mut g = c.wake.tsfn.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = g.take() {
        sys::napi_release_threadsafe_function(
            t as sys::napi_threadsafe_function,
            sys::ThreadsafeFunctionReleaseMode::release,
        );
    }
}

unsafe extern "C" fn poll_cb(
    env: sys::napi_env,
    _js: sys::napi_value,
    ctx: *mut c_void,
    _d: *mut c_void,
) {
    if env.is_null() {
        return;
    }
    poll_task(env, ctx as *mut Ctx);
}

unsafe extern "C" fn finalize_ctx(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    let c = Box::from_raw(data as *mut Ctx);
    c.wake.tsfn.lock().unwrap_or_else(|e| e.into_inner()).take();
    // Dropping a never-finished future here is fine: it was polled on this thread.
    let _ = catch_unwind(AssertUnwindSafe(move || drop(c)));
}

/// Runs a future on the JS thread (woken from any thread) and returns a
/// Promise settled with its output. Used by `async fn` exports.
pub fn spawn_promise<F, T>(env: Env, fut: F) -> Result<sys::napi_value>
where
    F: Future<Output = T> + 'static,
    T: ToJs,
{
    let (deferred, promise) = create_promise(env)?;
    // Converted on the JS thread, where the future is polled.
    let fut: LocalFuture = Box::pin(async move { fut.await.to_js(env) });
    let ctx = Box::into_raw(Box::new(Ctx {
        task: FutureTask {
            fut: RefCell::new(Some(fut)),
            deferred,
        },
        wake: Arc::new(WakeHandle {
            tsfn: Mutex::new(None),
        }),
    }));
    let name = env.string("nabi-sdk async fn")?;
    let mut t = ptr::null_mut();
    env.check(unsafe {
        sys::napi_create_threadsafe_function(
            env.raw(),
            ptr::null_mut(),
            ptr::null_mut(),
            name,
            0,
            1,
            ctx.cast(),
            Some(finalize_ctx),
            ctx.cast(),
            Some(poll_cb),
            &mut t,
        )
    })?;
    unsafe {
        let wake = &(*ctx).wake;
        *wake.tsfn.lock().unwrap_or_else(|e| e.into_inner()) = Some(t as usize);
        poll_task(env.raw(), ctx);
    }
    Ok(promise)
}

// ------------------------------------------------------------------ Task

/// Work that runs off the JS thread on the host's thread pool
/// (`napi_create_async_work`); return an [`AsyncTask`] to get a Promise.
pub trait Task: Send + 'static {
    /// What `compute` produces (sent back to the JS thread).
    type Output: Send + 'static;
    /// What the Promise resolves with.
    type JsValue: ToJs;
    /// Runs on a worker thread. Must not touch JS.
    fn compute(&mut self) -> Result<Self::Output>;
    /// Runs on the JS thread with `compute`'s output.
    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<Self::JsValue>;
}

/// A JS `AbortSignal` for an [`AsyncTask`]: an abort cancels the work if it
/// has not started, and rejects its Promise with `AbortError` either way.
/// Only a real `AbortSignal` converts (an `instanceof` check against the
/// host's global; where a host has none, anything with a boolean `aborted`
/// and `addEventListener`/`removeEventListener` methods); anything else is a
/// `TypeError` with code `ERR_INVALID_ARG_TYPE`, before any work exists.
pub struct AbortSignal(Object);

#[inline(never)]
unsafe fn is_abort_signal(env: Env, v: sys::napi_value) -> Result<bool> {
    if env.type_of(v)? != sys::ValueType::napi_object {
        return Ok(false);
    }
    let global = env.global()?;
    let ctor = global.get_raw("AbortSignal")?;
    if env.type_of(ctor)? == sys::ValueType::napi_function {
        let mut is = false;
        env.check(sys::napi_instanceof(env.raw(), v, ctor, &mut is))?;
        return Ok(is);
    }
    let o = Object::from_raw(env, v);
    let is_fn = |name: &str| -> Result<bool> {
        Ok(env.type_of(o.get_raw(name)?)? == sys::ValueType::napi_function)
    };
    Ok(
        env.type_of(o.get_raw("aborted")?)? == sys::ValueType::napi_boolean
            && is_fn("addEventListener")?
            && is_fn("removeEventListener")?,
    )
}

impl FromJs for AbortSignal {
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if !is_abort_signal(env, v)? {
            return Err(crate::convert::expected(env, v, "an AbortSignal"));
        }
        Ok(AbortSignal(Object::from_raw(env, v)))
    }
    fn ts_type() -> String {
        "AbortSignal".into()
    }
}

/// A [`Task`] to run, with an optional [`AbortSignal`]; returning it from an
/// export yields a Promise.
pub struct AsyncTask<T: Task> {
    task: T,
    signal: Option<AbortSignal>,
}

impl<T: Task> AsyncTask<T> {
    /// A task without cancellation.
    pub fn new(task: T) -> Self {
        AsyncTask { task, signal: None }
    }
    /// A task whose Promise is rejected with `AbortError` when `signal`
    /// aborts before it settles: queued work is cancelled; running work
    /// finishes on its thread and its result is dropped.
    pub fn with_signal(task: T, signal: Option<AbortSignal>) -> Self {
        AsyncTask { task, signal }
    }
}

struct WorkState<T: Task> {
    task: T,
    out: Option<std::thread::Result<Result<T::Output>>>,
    /// Where `compute` panicked (seen on the pool thread).
    panic_location: Option<String>,
    deferred: sys::napi_deferred,
    work: sys::napi_async_work,
    abort: Option<Arc<AbortLink>>,
}

/// Shared between the work and the abort listener (both on the JS thread):
/// the work handle and its deferred while the work is unfinished.
struct AbortLink {
    work: Mutex<Option<usize>>,
    deferred: usize,
    env: usize,
    /// Set when an abort rejected the promise: whatever the work produced
    /// (or its cancellation) is dropped on completion.
    rejected: std::sync::atomic::AtomicBool,
    /// References to the signal and the listener (`napi_ref`s), for
    /// removing the listener when the task settles.
    signal: Mutex<Option<(usize, usize)>>,
}

/// Removes the abort listener from its signal (the task settled), so a
/// long-lived signal does not collect one listener per task.
unsafe fn remove_listener(env: sys::napi_env, link: &AbortLink) {
    let Some((sig, f)) = link.signal.lock().unwrap_or_else(|e| e.into_inner()).take() else {
        return;
    };
    let (sig, f) = (sig as sys::napi_ref, f as sys::napi_ref);
    let e = Env::from_raw(env);
    let mut sv = ptr::null_mut();
    let mut fv = ptr::null_mut();
    if sys::napi_get_reference_value(env, sig, &mut sv) == sys::Status::napi_ok
        && sys::napi_get_reference_value(env, f, &mut fv) == sys::Status::napi_ok
        && !sv.is_null()
        && !fv.is_null()
    {
        if let Ok(ev) = e.string("abort") {
            // A throwing removeEventListener (a patched prototype) must not
            // leave an exception pending in a completion callback.
            if Object::from_raw(e, sv)
                .call_method("removeEventListener", &[ev, fv])
                .is_err()
            {
                let mut exc = ptr::null_mut();
                sys::napi_get_and_clear_last_exception(env, &mut exc);
            }
        }
    }
    sys::napi_delete_reference(env, sig);
    sys::napi_delete_reference(env, f);
}

unsafe extern "C" fn execute<T: Task>(_env: sys::napi_env, data: *mut c_void) {
    let s = &mut *(data as *mut WorkState<T>);
    crate::error::panics::caught_here(true);
    s.out = Some(catch_unwind(AssertUnwindSafe(|| s.task.compute())));
    if matches!(s.out, Some(Err(_))) {
        s.panic_location = crate::error::panics::take_location();
    }
    crate::error::panics::caught_here(false);
}

#[cold]
fn abort_error() -> Error {
    Error::new("This operation was aborted").with_code("ABORT_ERR")
}

unsafe extern "C" fn complete<T: Task>(
    env: sys::napi_env,
    status: sys::napi_status,
    data: *mut c_void,
) {
    let mut s = Box::from_raw(data as *mut WorkState<T>);
    sys::napi_delete_async_work(env, s.work);
    if let Some(a) = &s.abort {
        a.work.lock().unwrap_or_else(|e| e.into_inner()).take();
        remove_listener(env, a);
        if a.rejected.load(std::sync::atomic::Ordering::SeqCst) {
            return;
        }
    }
    let e = Env::from_raw(env);
    if status == sys::Status::napi_cancelled {
        let v = abort_error_value(e).unwrap_or_else(|_| e.undefined());
        sys::napi_reject_deferred(env, s.deferred, v);
        return;
    }
    let r = catch_unwind(AssertUnwindSafe(|| -> Result<sys::napi_value> {
        match s.out.take() {
            Some(Ok(Ok(o))) => s.task.resolve(e, o)?.to_js(e),
            Some(Ok(Err(err))) => Err(err),
            Some(Err(p)) => {
                let mut e = panic_error(&*p);
                e.location = s.panic_location.take();
                Err(e)
            }
            None => Err(Error::new("async work did not run")),
        }
    }));
    let r = match r {
        Ok(r) => r,
        Err(p) => Err(panic_error(&*p)),
    };
    settle(e, s.deferred, r);
}

/// `DOMException`-like `AbortError` (name `AbortError`, code `ABORT_ERR`).
fn abort_error_value(env: Env) -> Result<sys::napi_value> {
    let v = abort_error().to_js_error(env)?;
    let name = env.string("AbortError")?;
    env.check(unsafe { sys::napi_set_named_property(env.raw(), v, c"name".as_ptr(), name) })?;
    Ok(v)
}

unsafe extern "C" fn on_abort(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let mut data: *mut c_void = ptr::null_mut();
    let mut argc = 0;
    sys::napi_get_cb_info(
        env,
        info,
        &mut argc,
        ptr::null_mut(),
        ptr::null_mut(),
        &mut data,
    );
    let link = &*(data as *const AbortLink);
    let g = link.work.lock().unwrap_or_else(|e| e.into_inner());
    if let (Some(w), true) = (*g, link.env == env as usize) {
        // Cancel the work if it has not started (hosts differ in whether
        // they can), and reject now either way, as Node's own APIs do;
        // `complete` then drops whatever the work produced.
        sys::napi_cancel_async_work(env, w as sys::napi_async_work);
        if !link
            .rejected
            .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            let e = Env::from_raw(env);
            let v = abort_error_value(e).unwrap_or_else(|_| e.undefined());
            sys::napi_reject_deferred(env, link.deferred as sys::napi_deferred, v);
        }
    }
    ptr::null_mut()
}

/// Adds the abort listener to `sig` for the task settling `deferred`.
fn listen(env: Env, sig: &AbortSignal, deferred: sys::napi_deferred) -> Result<Arc<AbortLink>> {
    let link = Arc::new(AbortLink {
        work: Mutex::new(None),
        deferred: deferred as usize,
        env: env.raw() as usize,
        rejected: std::sync::atomic::AtomicBool::new(false),
        signal: Mutex::new(None),
    });
    let raw_link = Arc::into_raw(link.clone());
    let mut f = ptr::null_mut();
    let st = unsafe {
        sys::napi_create_function(
            env.raw(),
            c"onAbort".as_ptr(),
            7,
            Some(on_abort),
            raw_link as *mut c_void,
            &mut f,
        )
    };
    if st != sys::Status::napi_ok {
        unsafe { drop(Arc::from_raw(raw_link)) };
        env.check(st)?;
    }
    let st = unsafe {
        sys::napi_add_finalizer(
            env.raw(),
            f,
            raw_link as *mut c_void,
            Some(drop_link),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    if st != sys::Status::napi_ok {
        unsafe { drop(Arc::from_raw(raw_link)) };
        env.check(st)?;
    }
    let ev = env.string("abort")?;
    sig.0.call_method("addEventListener", &[ev, f])?;
    let mut sr = ptr::null_mut();
    let mut fr = ptr::null_mut();
    env.check(unsafe { sys::napi_create_reference(env.raw(), sig.0.raw(), 1, &mut sr) })?;
    env.check(unsafe { sys::napi_create_reference(env.raw(), f, 1, &mut fr) })?;
    *link.signal.lock().unwrap_or_else(|e| e.into_inner()) = Some((sr as usize, fr as usize));
    Ok(link)
}

unsafe extern "C" fn drop_link(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    drop(Arc::from_raw(data as *const AbortLink));
}

impl<T: Task> ToJs for AsyncTask<T> {
    fn to_js(self, env: Env) -> Result<sys::napi_value> {
        if let Some(sig) = &self.signal {
            if sig.0.get::<bool>("aborted")? {
                let (deferred, promise) = create_promise(env)?;
                let v = abort_error_value(env)?;
                unsafe { sys::napi_reject_deferred(env.raw(), deferred, v) };
                return Ok(promise);
            }
        }
        let (deferred, promise) = create_promise(env)?;
        // The listener goes on first: if that throws, no work exists yet.
        let link = match &self.signal {
            Some(sig) => Some(listen(env, sig, deferred)?),
            None => None,
        };
        let state = Box::into_raw(Box::new(WorkState::<T> {
            task: self.task,
            out: None,
            panic_location: None,
            deferred,
            work: ptr::null_mut(),
            abort: link.clone(),
        }));
        let name = env.string("nabi-sdk task")?;
        let mut work = ptr::null_mut();
        let st = unsafe {
            sys::napi_create_async_work(
                env.raw(),
                ptr::null_mut(),
                name,
                Some(execute::<T>),
                Some(complete::<T>),
                state.cast(),
                &mut work,
            )
        };
        let st = if st == sys::Status::napi_ok {
            unsafe { (*state).work = work };
            if let Some(l) = &link {
                *l.work.lock().unwrap_or_else(|e| e.into_inner()) = Some(work as usize);
            }
            let q = unsafe { sys::napi_queue_async_work(env.raw(), work) };
            if q != sys::Status::napi_ok {
                unsafe { sys::napi_delete_async_work(env.raw(), work) };
            }
            q
        } else {
            st
        };
        if st != sys::Status::napi_ok {
            if let Some(l) = &link {
                l.work.lock().unwrap_or_else(|e| e.into_inner()).take();
                unsafe { remove_listener(env.raw(), l) };
            }
            unsafe { drop(Box::from_raw(state)) };
            env.check(st)?;
        }
        Ok(promise)
    }
    fn ts_type() -> String {
        format!("Promise<{}>", T::JsValue::ts_type())
    }
}
