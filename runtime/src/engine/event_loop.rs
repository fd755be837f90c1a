//! The libuv loop and the handles the built-ins drive: one timer for all JS
//! timers (the JS side keeps the list), and a check + idle pair for
//! `setImmediate` (the idle handle keeps the poll phase from blocking).

use std::mem::MaybeUninit;

use libuv_sys2::*;

use crate::engine::runtime;

pub(crate) struct Loop {
    raw: Box<MaybeUninit<uv_loop_t>>,
    timer: Box<MaybeUninit<uv_timer_t>>,
    check: Box<MaybeUninit<uv_check_t>>,
    idle: Box<MaybeUninit<uv_idle_t>>,
    immediate_ref: bool,
    immediate_on: bool,
}

impl Loop {
    pub fn new() -> Box<Loop> {
        let mut l = Box::new(Loop {
            raw: Box::new(MaybeUninit::uninit()),
            timer: Box::new(MaybeUninit::uninit()),
            check: Box::new(MaybeUninit::uninit()),
            idle: Box::new(MaybeUninit::uninit()),
            immediate_ref: true,
            immediate_on: false,
        });
        // SAFETY: initialising a loop in stable (boxed) storage.
        let rc = unsafe { uv_loop_init(l.raw.as_mut_ptr()) };
        assert_eq!(rc, 0, "uv_loop_init failed");
        l
    }

    pub fn raw_loop(&mut self) -> *mut uv_loop_t {
        self.raw.as_mut_ptr()
    }

    /// Initialises the built-ins' handles (after the runtime is registered,
    /// since their callbacks look it up).
    pub fn init_handles(&mut self) {
        let lp = self.raw_loop();
        // SAFETY: handles live in boxes as long as the loop.
        unsafe {
            uv_timer_init(lp, self.timer.as_mut_ptr());
            uv_check_init(lp, self.check.as_mut_ptr());
            uv_idle_init(lp, self.idle.as_mut_ptr());
            uv_unref(self.idle.as_mut_ptr().cast());
        }
    }

    /// Closes the loop at the end of a worker's thread: every handle still
    /// open (the runtime's, addons' left-overs) is closed without callback,
    /// then the loop itself. With requests still in flight the loop (and
    /// its memory) is left as it is.
    pub fn close(mut self: Box<Self>) {
        unsafe extern "C" fn close_one(h: *mut uv_handle_t, _: *mut std::ffi::c_void) {
            if uv_is_closing(h) == 0 {
                uv_close(h, None);
            }
        }
        let lp = self.raw_loop();
        // SAFETY: the loop is initialised and no longer run by anyone else.
        unsafe {
            if std::ptr::read_volatile(&(*lp).active_reqs.count) > 0 {
                std::mem::forget(self);
                return;
            }
            uv_walk(lp, Some(close_one), std::ptr::null_mut());
            uv_run(lp, uv_run_mode_UV_RUN_NOWAIT);
            if uv_loop_close(lp) != 0 {
                std::mem::forget(self);
            }
        }
    }

    pub fn run(&mut self) {
        // SAFETY: the loop is initialised.
        unsafe { uv_run(self.raw_loop(), uv_run_mode_UV_RUN_DEFAULT) };
    }

    pub fn alive(&mut self) -> bool {
        // SAFETY: as above.
        unsafe { uv_loop_alive(self.raw_loop()) != 0 }
    }

    /// The loop's time in ms, refreshed first: JS timers compute due times
    /// from it, and the cached value can be stale after a long script.
    pub fn now(&mut self) -> f64 {
        // SAFETY: as above.
        unsafe {
            uv_update_time(self.raw_loop());
            uv_now(self.raw_loop()) as f64
        }
    }

    /// (Re)arms the timer; a negative delay stops it.
    pub fn schedule_timer(&mut self, ms: f64) {
        // SAFETY: the timer is initialised.
        unsafe {
            let t = self.timer.as_mut_ptr();
            uv_timer_stop(t);
            if ms >= 0.0 {
                uv_timer_start(t, Some(on_timer), ms.ceil() as u64, 0);
            }
        }
    }

    pub fn timer_ref(&mut self, on: bool) {
        // SAFETY: the timer is initialised.
        unsafe {
            let h = self.timer.as_mut_ptr().cast();
            if on {
                uv_ref(h)
            } else {
                uv_unref(h)
            }
        }
    }

    pub fn schedule_immediate(&mut self, on: bool) {
        self.immediate_on = on;
        // SAFETY: the handles are initialised.
        unsafe {
            if on {
                uv_check_start(self.check.as_mut_ptr(), Some(on_check));
                uv_idle_start(self.idle.as_mut_ptr(), Some(on_idle));
            } else {
                uv_check_stop(self.check.as_mut_ptr());
                uv_idle_stop(self.idle.as_mut_ptr());
            }
        }
        self.apply_immediate_ref();
    }

    pub fn immediate_ref(&mut self, on: bool) {
        self.immediate_ref = on;
        self.apply_immediate_ref();
    }

    fn apply_immediate_ref(&mut self) {
        // SAFETY: the handles are initialised. Only the idle handle decides
        // liveness: it is ref'd while ref'd immediates are pending.
        unsafe {
            let c = self.check.as_mut_ptr().cast();
            uv_unref(c);
            let i = self.idle.as_mut_ptr().cast();
            if self.immediate_on && self.immediate_ref {
                uv_ref(i)
            } else {
                uv_unref(i)
            }
        }
    }
}

unsafe extern "C" fn on_timer(_t: *mut uv_timer_t) {
    let rt = runtime();
    if rt.exiting.is_some() {
        return; // a worker waiting for its requests before teardown
    }
    let now = rt.uv.now();
    let next = rt.call_hook(c"processTimers", &mut [napi_host::qjs::float(now)]);
    let next_ms = if napi_host::qjs::is_number(next) {
        napi_host::qjs::number_value(next)
    } else {
        -1.0
    };
    napi_host::qjs::free(rt.ctx, next);
    if next_ms >= 0.0 {
        rt.uv.schedule_timer(next_ms);
    }
    rt.after_callback();
    stop_if_exiting();
}

unsafe extern "C" fn on_check(_c: *mut uv_check_t) {
    let rt = runtime();
    if rt.exiting.is_some() {
        return;
    }
    let r = rt.call_hook(c"processImmediates", &mut []);
    napi_host::qjs::free(rt.ctx, r);
    rt.after_callback();
    stop_if_exiting();
}

unsafe extern "C" fn on_idle(_i: *mut uv_idle_t) {}

/// After `process.exit()` or a fatal uncaught exception, stop the loop.
pub(crate) unsafe fn stop_if_exiting() {
    let rt = runtime();
    if rt.exiting.is_some() {
        uv_stop(rt.uv.raw_loop());
    }
}
