//! Calls into JS from native code running on a stack the embedder did not
//! set up: a coroutine's, or one an FFI library switched to. QuickJS checks
//! its stack against a limit below the thread's stack top; seen from a stack
//! elsewhere in memory, every call would look like an overflow (or never be
//! checked). Such a call gets a limit of its own on that stack while it runs.
//!
//! Node (V8) throws "Maximum call stack size exceeded" there; nabi runs the
//! call, since addons such as FFI libraries call back into JS that way.

use std::cell::Cell;

use rquickjs_sys::*;

/// How much of a foreign stack JS may use below the point where native code
/// calls in: its real size is unknown, and coroutine stacks are often small.
const FOREIGN_BUDGET: usize = 256 << 10;

/// Where QuickJS's stack checks are right, and how they are set.
#[derive(Clone, Copy)]
pub(crate) struct JsStack {
    /// The thread's stack, `[lo, hi)`: calls from here use the limit as set.
    lo: usize,
    hi: usize,
    /// QuickJS's stack top (as recorded by `set_stack_limit`) and the stack
    /// size in force: QuickJS's limit is `top - size`.
    top: usize,
    size: usize,
    /// The part of a foreign stack the running call has as its own.
    foreign_lo: usize,
    foreign_hi: usize,
}

impl JsStack {
    /// Before the embedder sets a limit: every stack is taken as the thread's.
    pub(crate) const UNKNOWN: JsStack = JsStack {
        lo: 0,
        hi: usize::MAX,
        top: 0,
        size: 0,
        foreign_lo: 0,
        foreign_hi: 0,
    };
}

/// An address in the caller's stack frame.
#[inline(always)]
fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// The calling thread's stack, `[lo, hi)`, when the platform tells.
fn thread_stack() -> Option<(usize, usize)> {
    #[cfg(target_os = "linux")]
    // SAFETY: the attribute object is initialised by pthread_getattr_np and
    // destroyed once read.
    unsafe {
        let mut attr = std::mem::zeroed::<libc::pthread_attr_t>();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr = std::ptr::null_mut();
        let mut size = 0;
        let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
        libc::pthread_attr_destroy(&mut attr);
        ok.then(|| (addr as usize, addr as usize + size))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

impl JsStack {
    /// Sets QuickJS's stack limit `size` bytes below the caller's stack
    /// position and records the thread's stack (`Host::set_stack_limit`).
    pub(crate) unsafe fn set_limit(rt: *mut JSRuntime, size: usize) -> JsStack {
        let top = stack_position();
        JS_SetMaxStackSize(rt, size as _);
        JS_UpdateStackTop(rt);
        let (lo, hi) = thread_stack().unwrap_or((0, usize::MAX));
        JsStack {
            lo,
            hi,
            top,
            size,
            foreign_lo: 0,
            foreign_hi: 0,
        }
    }
}

/// Runs `f`, which may run JS, with QuickJS's stack limit right for the
/// stack it runs on. The usual case costs two comparisons.
#[inline(always)]
pub(crate) unsafe fn with_js_stack<R>(
    rt: *mut JSRuntime,
    stack: &Cell<JsStack>,
    f: impl FnOnce() -> R,
) -> R {
    let sp = stack_position();
    let s = stack.get();
    if (s.lo..s.hi).contains(&sp) || (s.foreign_lo..s.foreign_hi).contains(&sp) {
        return f();
    }
    on_foreign_stack(rt, stack, sp, f)
}

#[cold]
#[inline(never)]
unsafe fn on_foreign_stack<R>(
    rt: *mut JSRuntime,
    stack: &Cell<JsStack>,
    sp: usize,
    f: impl FnOnce() -> R,
) -> R {
    let saved = stack.get();
    let lo = sp.saturating_sub(FOREIGN_BUDGET.min(saved.size));
    // QuickJS's limit is `top - size` in wrapping arithmetic and only the
    // size can be changed without moving the top, which must stay for the
    // calls made on the thread's stack: choose the size that puts the limit
    // at `lo` (wrapping when the foreign stack lies above the top). Size 0
    // would mean "no limit".
    let size = saved.top.wrapping_sub(lo).max(1);
    JS_SetMaxStackSize(rt, size as _);
    stack.set(JsStack {
        size,
        foreign_lo: lo,
        foreign_hi: sp + 1,
        ..saved
    });
    let r = f();
    JS_SetMaxStackSize(rt, saved.size as _);
    stack.set(saved);
    r
}
