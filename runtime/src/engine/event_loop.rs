//! The libuv loop and the handles the built-ins drive: one timer for all JS
//! timers (the JS side keeps the list), and a check + idle pair for
//! `setImmediate` (the idle handle keeps the poll phase from blocking).
//! What the timer and check callbacks run is the runtime's (`runtime.rs`).

use std::mem::MaybeUninit;

use libuv_sys2::*;

pub(crate) struct Loop {
    raw: Box<MaybeUninit<uv_loop_t>>,
    timer: Box<MaybeUninit<uv_timer_t>>,
    check: Box<MaybeUninit<uv_check_t>>,
    idle: Box<MaybeUninit<uv_idle_t>>,
    immediate_ref: bool,
    immediate_on: bool,
    on_timer: uv_timer_cb,
    on_check: uv_check_cb,
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
            on_timer: None,
            on_check: None,
        });
        // SAFETY: initialising a loop in stable (boxed) storage.
        let rc = unsafe { uv_loop_init(l.raw.as_mut_ptr()) };
        assert_eq!(rc, 0, "uv_loop_init failed");
        // Count the time spent waiting in the poll phase, for
        // `performance.eventLoopUtilization()` (a clock read around each wait).
        // SAFETY: the loop was just initialised.
        unsafe { uv_loop_configure(l.raw.as_mut_ptr(), uv_loop_option_UV_METRICS_IDLE_TIME) };
        l
    }

    /// Milliseconds the loop has spent waiting for events.
    pub fn idle_time(&mut self) -> f64 {
        // SAFETY: the loop is initialised and configured to count idle time.
        unsafe { uv_metrics_idle_time(self.raw_loop()) as f64 / 1e6 }
    }

    pub fn raw_loop(&mut self) -> *mut uv_loop_t {
        self.raw.as_mut_ptr()
    }

    /// Initialises the built-ins' handles (after the runtime is registered,
    /// since their callbacks look it up): `on_timer` runs when the timer is
    /// due, `on_check` in each check phase while immediates are scheduled.
    pub fn init_handles(&mut self, on_timer: uv_timer_cb, on_check: uv_check_cb) {
        self.on_timer = on_timer;
        self.on_check = on_check;
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
                uv_timer_start(t, self.on_timer, ms.ceil() as u64, 0);
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
                uv_check_start(self.check.as_mut_ptr(), self.on_check);
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

unsafe extern "C" fn on_idle(_i: *mut uv_idle_t) {}
