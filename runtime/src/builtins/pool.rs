//! Work on libuv's thread pool for the callback APIs (`fs`, `crypto`,
//! `zlib`): [`queue`] runs a closure on a pool thread, then, back on the JS
//! thread, calls `callback(err, value)` with what `settle` makes of the
//! closure's result. [`queue_work`] is the common case of `crypto` and
//! `zlib`: a job whose result is bytes or a [`JobError`].

use std::cell::RefCell;
use std::collections::HashSet;
use std::ffi::c_int;
use std::mem::MaybeUninit;

use libuv_sys2::*;
use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use crate::builtins::args::array_buffer;
use crate::engine::runtime;

/// Turns a job's result into the callback's `(err, value)`; the values
/// are owned (freed after the call).
pub(crate) type Settle<T> = unsafe fn(*mut JSContext, T) -> (JSValue, JSValue);

/// A job in flight on the pool.
#[repr(C)]
struct Job<T> {
    req: MaybeUninit<uv_work_t>,
    work: Option<Box<dyn FnOnce() -> T + Send>>,
    result: Option<T>,
    settle: Settle<T>,
    callback: JSValue,
}

/// Keeps the pool request layout honest: `req` must come first.
const _: () = assert!(std::mem::offset_of!(Job<()>, req) == 0);

thread_local! {
    /// Where this thread's jobs in flight keep their callbacks (each
    /// `Job::callback`), so an exit that does not wait for them can let
    /// the callbacks go: [`release_in_flight`].
    static IN_FLIGHT: RefCell<HashSet<usize>> = RefCell::new(HashSet::new());
}

/// Frees the callbacks of the jobs still in flight, which will not be
/// called: the main thread exits without waiting for its requests (as
/// Node), and the values they hold would keep its runtime from being
/// freed. A job finishing later finds `undefined`.
pub(crate) unsafe fn release_in_flight(ctx: *mut JSContext) {
    for slot in IN_FLIGHT.with(|s| std::mem::take(&mut *s.borrow_mut())) {
        let slot = slot as *mut JSValue;
        free(ctx, std::mem::replace(&mut *slot, JS_UNDEFINED));
    }
}

unsafe extern "C" fn job_work<T>(req: *mut uv_work_t) {
    let job = &mut *(req as *mut Job<T>);
    if let Some(work) = job.work.take() {
        job.result = Some(work());
    }
}

unsafe extern "C" fn job_done<T>(req: *mut uv_work_t, _status: c_int) {
    let slot = std::ptr::addr_of_mut!((*(req as *mut Job<T>)).callback) as usize;
    IN_FLIGHT.with(|s| s.borrow_mut().remove(&slot));
    let job = *Box::from_raw(req as *mut Job<T>);
    let rt = runtime();
    let ctx = rt.ctx;
    if rt.exiting.is_some() {
        // A worker finishing its requests before teardown: no more JS.
        free(ctx, job.callback);
        return;
    }
    let (err, val) = match job.result {
        Some(r) => (job.settle)(ctx, r),
        None => (JS_NULL, JS_UNDEFINED),
    };
    let mut argv = [err, val];
    let r = JS_Call(ctx, job.callback, JS_UNDEFINED, 2, argv.as_mut_ptr());
    if qjs::is_exception(r) {
        let e = JS_GetException(ctx);
        rt.handle_uncaught(e);
    } else {
        free(ctx, r);
    }
    free(ctx, err);
    free(ctx, val);
    free(ctx, job.callback);
    rt.after_callback();
}

/// Runs `work` on libuv's thread pool, then `callback(...settle(result))`
/// on the JS thread.
pub(crate) unsafe fn queue<T: Send + 'static>(
    callback: JSValue,
    work: impl FnOnce() -> T + Send + 'static,
    settle: Settle<T>,
) {
    let job = Box::into_raw(Box::new(Job {
        req: MaybeUninit::zeroed(),
        work: Some(Box::new(work)),
        result: None,
        settle,
        callback: qjs::dup(callback),
    }));
    let slot = std::ptr::addr_of_mut!((*job).callback) as usize;
    IN_FLIGHT.with(|s| s.borrow_mut().insert(slot));
    let lp = runtime().uv.raw_loop();
    uv_queue_work(lp, job.cast(), Some(job_work::<T>), Some(job_done::<T>));
}

// ---- jobs that make bytes -----------------------------------------------------

/// An error a job reports: an `Error` (a `RangeError` with `range`) with
/// `code`, and `errno` when set, as Node's zlib errors have.
pub(crate) struct JobError {
    pub message: String,
    pub code: String,
    pub errno: Option<i32>,
    pub range: bool,
}

impl JobError {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> JobError {
        JobError {
            message: message.into(),
            code: code.into(),
            errno: None,
            range: false,
        }
    }

    pub(crate) unsafe fn to_js(&self, ctx: *mut JSContext) -> JSValue {
        let global = JS_GetGlobalObject(ctx);
        let name = if self.range { c"RangeError" } else { c"Error" };
        let ctor = qjs::get_str(ctx, global, name);
        free(ctx, global);
        let mut m = [qjs::string(ctx, &self.message)];
        let e = JS_CallConstructor(ctx, ctor, 1, m.as_mut_ptr());
        free(ctx, m[0]);
        free(ctx, ctor);
        if qjs::is_exception(e) {
            return JS_GetException(ctx);
        }
        if let Some(n) = self.errno {
            JS_SetPropertyStr(ctx, e, c"errno".as_ptr(), qjs::int(n));
        }
        JS_SetPropertyStr(ctx, e, c"code".as_ptr(), qjs::string(ctx, &self.code));
        e
    }
}

/// A job's result as the value of a synchronous call: an ArrayBuffer, or
/// the error thrown.
pub(crate) unsafe fn job_result(ctx: *mut JSContext, r: Result<Vec<u8>, JobError>) -> JSValue {
    match r {
        Ok(bytes) => array_buffer(ctx, &bytes),
        Err(e) => JS_Throw(ctx, e.to_js(ctx)),
    }
}

/// A job's result as `callback(err, arrayBuffer)`'s arguments.
unsafe fn settle(ctx: *mut JSContext, r: Result<Vec<u8>, JobError>) -> (JSValue, JSValue) {
    match r {
        Ok(bytes) => (JS_NULL, array_buffer(ctx, &bytes)),
        Err(e) => (e.to_js(ctx), JS_UNDEFINED),
    }
}

/// Runs `work` on libuv's thread pool, then `callback(err, arrayBuffer)` on
/// the JS thread.
pub(crate) unsafe fn queue_work(
    callback: JSValue,
    work: impl FnOnce() -> Result<Vec<u8>, JobError> + Send + 'static,
) {
    queue(callback, work, settle);
}
