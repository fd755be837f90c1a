//! Work on libuv's thread pool for the callback APIs (`fs`, `crypto`,
//! `zlib`): [`queue`] runs a closure on a pool thread, then, back on the JS
//! thread, calls `callback(err, value)` with what `settle` makes of the
//! closure's result.

use std::ffi::c_int;
use std::mem::MaybeUninit;

use libuv_sys2::*;
use napi_host::qjs::{self, free};
use rquickjs_sys::*;

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

unsafe extern "C" fn job_work<T>(req: *mut uv_work_t) {
    let job = &mut *(req as *mut Job<T>);
    if let Some(work) = job.work.take() {
        job.result = Some(work());
    }
}

unsafe extern "C" fn job_done<T>(req: *mut uv_work_t, _status: c_int) {
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
    let lp = runtime().uv.raw_loop();
    uv_queue_work(lp, job.cast(), Some(job_work::<T>), Some(job_done::<T>));
}
