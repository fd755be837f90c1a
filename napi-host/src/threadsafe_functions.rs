//! Threadsafe functions: any thread queues calls, a `uv_async_t` wakes the
//! loop, and the JS thread runs them. Queue limits (`napi_tsfn_blocking`
//! waits, `napi_tsfn_nonblocking` gets `napi_queue_full`), thread counting
//! with acquire/release/abort (`napi_closing` afterwards), ref/unref of the
//! loop, and the finalizer after the last release — Node's semantics.

use std::collections::VecDeque;
use std::ffi::c_void;
use std::mem::MaybeUninit;
use std::sync::{Condvar, Mutex};

use libuv_sys2::*;
use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, dup, free};
use crate::types::*;

pub type napi_threadsafe_function = *mut c_void;
pub type napi_threadsafe_function_call_js = Option<
    unsafe extern "C" fn(
        env: napi_env,
        js_callback: napi_value,
        context: *mut c_void,
        data: *mut c_void,
    ),
>;
pub type napi_threadsafe_function_release_mode = i32;
pub const napi_tsfn_release: i32 = 0;
pub const napi_tsfn_abort: i32 = 1;
pub type napi_threadsafe_function_call_mode = i32;
pub const napi_tsfn_nonblocking: i32 = 0;
pub const napi_tsfn_blocking: i32 = 1;

/// How many queued calls one wake-up runs before yielding to the loop.
const CALLS_PER_WAKE: usize = 1000;

struct Shared {
    queue: VecDeque<*mut c_void>,
    thread_count: usize,
    closing: bool,
    /// The JS thread has finalized (or is about to): no more wake-ups.
    finalizing: bool,
    /// The JS thread is done with it (its handle closed): the memory goes
    /// when no native thread holds it either (`thread_count` is 0).
    js_done: bool,
}

// SAFETY: the raw data pointers are the addon's; Node-API hands them across
// threads by design.
unsafe impl Send for Shared {}

#[repr(C)]
struct Tsfn {
    /// First field, so the handle pointer is the tsfn pointer.
    handle: MaybeUninit<uv_async_t>,
    env: *mut Env,
    /// The JS function; undefined once freed (finalized or torn down).
    func: std::cell::Cell<JSValue>,
    context: *mut c_void,
    call_js: napi_threadsafe_function_call_js,
    finalize: napi_finalize,
    finalize_data: *mut c_void,
    max_queue: usize,
    shared: Mutex<Shared>,
    space: Condvar,
    /// Set by env teardown: the env and host are gone once it ends (a
    /// worker's loop may still run this handle's close callback).
    torn_down: std::cell::Cell<bool>,
    /// Strict mode (from the env): the memory is never freed, so a call
    /// after the final release is recognised.
    strict: bool,
}

impl Tsfn {
    /// Strict mode: a call by a thread that no longer holds it (`thread_count`
    /// is 0: released for the last time, or every holder got `napi_closing`).
    /// Returns the status to fail the call with (error mode).
    #[cold]
    #[inline(never)]
    unsafe fn after_release(&self, function: &str) -> Option<napi_status> {
        // The env is a tombstone once torn down: its file name is still there.
        let addon = (*self.env).filename.to_string_lossy().into_owned();
        let st = crate::strict::report_detached(
            crate::strict::TSFN_AFTER_RELEASE,
            function,
            &addon,
            "a threadsafe function was used after its final release (or after napi_closing told \
             this thread it no longer holds it): its memory may be gone. Acquire it before \
             handing it to a thread, and stop using it once released",
        );
        (st != napi_ok).then_some(st)
    }

    /// Wakes the JS thread. Native threads call it with the lock held, so
    /// that once the JS thread has set `closing` no wake-up can reach a
    /// handle that is closed, or a loop that is gone.
    fn send(&self) {
        // SAFETY: uv_async_send is the one libuv call safe from any thread.
        unsafe { uv_async_send(self.handle.as_ptr() as *mut uv_async_t) };
    }

    /// The JS thread drops the JS function (once).
    unsafe fn free_func(&self, ctx: *mut JSContext) {
        free(ctx, self.func.replace(JS_UNDEFINED));
    }
}

/// One holder lets go: a native thread (`thread_count` already lowered) or
/// the JS thread (`js_done` already set). The last one frees the memory.
/// Takes the guard so that the lock is released before the memory goes.
unsafe fn let_go(t: *const Tsfn, s: std::sync::MutexGuard<Shared>) {
    let last = s.js_done && s.thread_count == 0;
    drop(s);
    if last && !(*t).strict {
        drop(Box::from_raw(t as *mut Tsfn));
    }
}

unsafe extern "C" fn on_wake(handle: *mut uv_async_t) {
    let t = &*(handle as *const Tsfn);
    dispatch(t);
}

/// Runs queued calls on the JS thread; finalizes once closed and drained.
unsafe fn dispatch(t: &Tsfn) {
    let env = &mut *t.env;
    for _ in 0..CALLS_PER_WAKE {
        if env.host().stopping() {
            return; // exiting: what is queued goes at teardown
        }
        let (item, finalize_now) = {
            let mut s = t.shared.lock().unwrap();
            if s.finalizing {
                return;
            }
            if s.closing {
                // Aborted: the remaining items are dropped at finalization.
                s.finalizing = true;
                (None, true)
            } else {
                let item = s.queue.pop_front();
                if item.is_some() && t.max_queue > 0 {
                    t.space.notify_one();
                }
                let done = item.is_none() && s.thread_count == 0;
                if done {
                    s.finalizing = true;
                }
                (item, done)
            }
        };
        if finalize_now {
            finalize(t as *const Tsfn as *mut Tsfn);
            return;
        }
        let Some(data) = item else { return };
        let (func, context, call_js) = (t.func.get(), t.context, t.call_js);
        env.call_into_js(false, |env| {
            let env_ptr = env as *mut Env;
            match call_js {
                Some(cb) => {
                    let f = if qjs::is_undefined(func) {
                        std::ptr::null_mut()
                    } else {
                        env.push(dup(func))
                    };
                    cb(env_ptr, f, context, data)
                }
                None => {
                    if !qjs::is_undefined(func) {
                        let r = JS_Call(env.ctx, func, JS_UNDEFINED, 0, std::ptr::null_mut());
                        if !qjs::is_exception(r) {
                            free(env.ctx, r);
                        }
                    }
                }
            }
        });
    }
    // More left: come back on the next loop turn.
    t.send();
}

/// Calls the finalizer, hands undelivered items to `call_js` with a NULL
/// env (as Node does), closes the handle; the memory goes in the close cb.
unsafe fn finalize(t: *mut Tsfn) {
    let tr = &*t;
    let env = &mut *tr.env;
    let rest: Vec<*mut c_void> = tr.shared.lock().unwrap().queue.drain(..).collect();
    if let Some(cb) = tr.call_js {
        for data in rest {
            cb(std::ptr::null_mut(), std::ptr::null_mut(), tr.context, data);
        }
    }
    if let Some(fin) = tr.finalize {
        let (data, context) = (tr.finalize_data, tr.context);
        env.call_into_js(false, |env| fin(env as *mut Env, data, context));
    }
    tr.free_func(env.ctx);
    tr.space.notify_all();
    uv_close(t.cast(), Some(on_closed));
}

unsafe extern "C" fn on_closed(handle: *mut uv_handle_t) {
    let t = handle as *const Tsfn;
    if !(*t).torn_down.get() {
        (*(*t).env)
            .host()
            .live_tsfns
            .borrow_mut()
            .remove(&(handle as usize));
    }
    let mut s = (*t).shared.lock().unwrap();
    s.js_done = true;
    let_go(t, s);
}

/// Env teardown: every threadsafe function still open is closed and
/// finalized now, its JS function freed and its handle closed (the
/// embedder's loop runs the close callback before it ends). Native threads
/// still holding one get `napi_closing` from then on; the memory goes with
/// the last of them, so a worker's tsfns do not outlive it.
pub(crate) unsafe fn close_all(host: &Host) {
    let live: Vec<usize> = host.live_tsfns.borrow_mut().drain().collect();
    for p in live {
        let t = &*(p as *const Tsfn);
        t.torn_down.set(true);
        let run = {
            let mut s = t.shared.lock().unwrap();
            s.closing = true;
            let run = !s.finalizing;
            s.finalizing = true;
            run
        };
        t.space.notify_all();
        if run && !host.run_native.get() {
            t.shared.lock().unwrap().queue.clear(); // Host::release: no callbacks
            t.free_func(host.ctx);
        } else if run {
            let rest: Vec<*mut c_void> = t.shared.lock().unwrap().queue.drain(..).collect();
            if let Some(cb) = t.call_js {
                for data in rest {
                    cb(std::ptr::null_mut(), std::ptr::null_mut(), t.context, data);
                }
            }
            if let Some(fin) = t.finalize {
                let env = &mut *t.env;
                let (data, context) = (t.finalize_data, t.context);
                env.with_scope(|env| fin(env as *mut Env, data, context));
            }
            t.free_func(host.ctx);
        }
        let handle = p as *mut uv_handle_t;
        if uv_is_closing(handle) == 0 {
            uv_close(handle, Some(on_closed));
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_threadsafe_function(
    env: napi_env,
    func: napi_value,
    async_resource: napi_value,
    async_resource_name: napi_value,
    max_queue_size: usize,
    initial_thread_count: usize,
    thread_finalize_data: *mut c_void,
    thread_finalize_cb: napi_finalize,
    context: *mut c_void,
    call_js_cb: napi_threadsafe_function_call_js,
    result: *mut napi_threadsafe_function,
) -> napi_status {
    let _ = async_resource;
    api(env, |env| {
        value(async_resource_name)?;
        check_arg(result)?;
        if initial_thread_count == 0 {
            return Err(napi_invalid_arg);
        }
        let func = if func.is_null() {
            if call_js_cb.is_none() {
                return Err(napi_invalid_arg);
            }
            JS_UNDEFINED
        } else {
            let f = *func;
            // Node reports a non-function here as invalid_arg.
            if !JS_IsFunction(env.ctx, f) {
                return Err(napi_invalid_arg);
            }
            dup(f)
        };
        let t = Box::into_raw(Box::new(Tsfn {
            handle: MaybeUninit::zeroed(),
            env: env as *mut Env,
            func: std::cell::Cell::new(func),
            context,
            call_js: call_js_cb,
            finalize: thread_finalize_cb,
            finalize_data: thread_finalize_data,
            max_queue: max_queue_size,
            shared: Mutex::new(Shared {
                queue: VecDeque::new(),
                thread_count: initial_thread_count,
                closing: false,
                finalizing: false,
                js_done: false,
            }),
            space: Condvar::new(),
            torn_down: std::cell::Cell::new(false),
            strict: env.strict,
        }));
        let lp = env.host().uv_loop as *mut uv_loop_t;
        if uv_async_init(lp, t.cast(), Some(on_wake)) != 0 {
            free(env.ctx, func);
            drop(Box::from_raw(t));
            return Err(napi_generic_failure);
        }
        env.host().live_tsfns.borrow_mut().insert(t as usize);
        write(result, t.cast())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_threadsafe_function_context(
    func: napi_threadsafe_function,
    result: *mut *mut c_void,
) -> napi_status {
    if func.is_null() || result.is_null() {
        return napi_invalid_arg;
    }
    *result = (*(func as *const Tsfn)).context;
    napi_ok
}

#[no_mangle]
pub unsafe extern "C" fn napi_call_threadsafe_function(
    func: napi_threadsafe_function,
    data: *mut c_void,
    is_blocking: napi_threadsafe_function_call_mode,
) -> napi_status {
    if func.is_null() {
        return napi_invalid_arg;
    }
    let t = &*(func as *const Tsfn);
    let mut s = t.shared.lock().unwrap();
    if t.strict && s.thread_count == 0 {
        drop(s);
        if let Some(st) = t.after_release("napi_call_threadsafe_function") {
            return st;
        }
        s = t.shared.lock().unwrap();
    }
    while t.max_queue > 0 && s.queue.len() >= t.max_queue && !s.closing {
        if is_blocking != napi_tsfn_blocking {
            return napi_queue_full;
        }
        s = t.space.wait(s).unwrap();
    }
    if s.closing {
        if s.thread_count == 0 {
            return napi_invalid_arg;
        }
        // The caller must not use it again: it no longer holds it.
        s.thread_count -= 1;
        let_go(t, s);
        return napi_closing;
    }
    s.queue.push_back(data);
    t.send();
    napi_ok
}

#[no_mangle]
pub unsafe extern "C" fn napi_acquire_threadsafe_function(
    func: napi_threadsafe_function,
) -> napi_status {
    if func.is_null() {
        return napi_invalid_arg;
    }
    let t = &*(func as *const Tsfn);
    let mut s = t.shared.lock().unwrap();
    if t.strict && s.thread_count == 0 {
        drop(s);
        if let Some(st) = t.after_release("napi_acquire_threadsafe_function") {
            return st;
        }
        s = t.shared.lock().unwrap();
    }
    if s.closing {
        return napi_closing;
    }
    s.thread_count += 1;
    napi_ok
}

#[no_mangle]
pub unsafe extern "C" fn napi_release_threadsafe_function(
    func: napi_threadsafe_function,
    mode: napi_threadsafe_function_release_mode,
) -> napi_status {
    if func.is_null() {
        return napi_invalid_arg;
    }
    let t = &*(func as *const Tsfn);
    let mut s = t.shared.lock().unwrap();
    if s.thread_count == 0 {
        if t.strict {
            drop(s);
            if let Some(st) = t.after_release("napi_release_threadsafe_function") {
                return st;
            }
        }
        return napi_invalid_arg;
    }
    s.thread_count -= 1;
    if s.js_done {
        let_go(t, s);
        return napi_ok;
    }
    // Once closing, the JS thread needs no wake-up (and its handle may be
    // closed): only the change to the last release or an abort sends one.
    if (s.thread_count == 0 || mode == napi_tsfn_abort) && !s.closing {
        s.closing = mode == napi_tsfn_abort;
        if s.closing && t.max_queue > 0 {
            t.space.notify_all();
        }
        t.send();
    }
    napi_ok
}

#[no_mangle]
pub unsafe extern "C" fn napi_ref_threadsafe_function(
    env: napi_env,
    func: napi_threadsafe_function,
) -> napi_status {
    api_basic(env, |_| {
        check_arg(func)?;
        uv_ref(func.cast());
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_unref_threadsafe_function(
    env: napi_env,
    func: napi_threadsafe_function,
) -> napi_status {
    api_basic(env, |_| {
        check_arg(func)?;
        uv_unref(func.cast());
        Ok(())
    })
}

// The libuv handle must be the first field: libuv hands back its address.
const _: () = assert!(std::mem::offset_of!(Tsfn, handle) == 0);
