//! Where references (`napi_ref`) live: a slab of slots that never move,
//! with the free list and the list of references waiting for the next safe
//! point threaded through the slots. Below `env` (the host holds a slab);
//! `references` implements the Node-API functions over it.

use std::cell::{Cell, RefCell};

use rquickjs_sys::*;

use crate::qjs::{self, dup, free};

/// A reference: 48 bytes, so that a million of them touch as little
/// memory as possible (each phase of their life touches every one).
pub(crate) struct Reference {
    /// While `count > 0` or `pending`: the value, held. Otherwise its weak
    /// form: a `WeakRef` to it, a registered symbol itself (never
    /// collected), or undefined (let go). A deleted reference may keep its
    /// value until [`flush`] releases it.
    pub(crate) value: JSValue,
    /// The next slot in the slab's queue or free list.
    pub(crate) link: *mut Reference,
    /// For the reference `napi_wrap`/`napi_add_finalizer` return: the
    /// record whose finalizer it owns ([`NO_FINALIZER`] for others).
    /// Deleting the reference cancels that finalizer, as in Node (nested
    /// ObjectWraps delete each other's).
    pub(crate) finalizer: u64,
    pub(crate) count: u32,
    /// False once deleted (its slot is free, waits in the queue, or is kept
    /// out of reuse in strict mode).
    pub(crate) live: bool,
    /// Its env is in strict mode: a deleted slot is never reused.
    pub(crate) strict: bool,
    /// At zero, but still held until JS can run again ([`flush`]): a
    /// reference deleted or re-referenced before then never makes a
    /// `WeakRef`.
    pub(crate) pending: bool,
    /// In the slab's queue (a slot stays there, even when deleted, until
    /// [`flush`] walks the queue).
    pub(crate) queued: bool,
    /// Strict mode: where `napi_create_reference` made it (an index of
    /// `strict`'s creation sites; `u32::MAX`: not tracked).
    pub(crate) site: u32,
}

pub(crate) const NO_FINALIZER: u64 = u64::MAX;

impl Reference {
    pub(crate) fn new(v: JSValue, count: u32, strict: bool) -> Reference {
        Reference {
            value: v,
            link: std::ptr::null_mut(),
            finalizer: NO_FINALIZER,
            count,
            live: true,
            strict,
            pending: false,
            queued: false,
            site: u32::MAX,
        }
    }

    /// Whether `value` holds the value itself (not its weak form).
    pub(crate) fn holds(&self) -> bool {
        self.count > 0 || self.pending
    }

    /// Drops the hold, keeping a weak one where possible (`weakref`: the
    /// `WeakRef` constructor).
    pub(crate) unsafe fn weaken(&mut self, ctx: *mut JSContext, weakref: JSValue) {
        let v = std::mem::replace(&mut self.value, JS_UNDEFINED);
        if qjs::is_object(v) || qjs::is_symbol(v) {
            // A native call's exception on its way to JS is set aside: the
            // constructor's own (a registered symbol) must not replace it.
            let outer = JS_HasException(ctx).then(|| JS_GetException(ctx));
            let mut args = [v];
            let w = JS_CallConstructor(ctx, weakref, 1, args.as_mut_ptr());
            if qjs::is_exception(w) {
                // A registered symbol cannot be held weakly; it lives as
                // long as the registry, so V8's weak handle to it never
                // empties: hold it.
                free(ctx, JS_GetException(ctx));
                self.value = dup(v);
            } else {
                self.value = w;
            }
            if let Some(e) = outer {
                JS_Throw(ctx, e);
            }
        }
        free(ctx, v);
    }
}

const SLAB_CHUNK: usize = 1024;

/// At least this many deleted references may wait for the next safe point
/// to release their values (more when more were alive: see `defer`).
const DEFER_MIN: usize = 4096;

/// Where references live: chunks that never move (a `napi_ref` is a slot's
/// address), with two lists threaded through the slots: free slots, and the
/// queue of references waiting for the next safe point (to be weakened, or
/// deleted and their values released). Creating, weakening and deleting a
/// reference allocate nothing and hash nothing; teardown walks the chunks.
pub(crate) struct RefSlab {
    chunks: Vec<Vec<Reference>>,
    free: *mut Reference,
    queue: *mut Reference,
    /// References not deleted, the most since the last flush, and deleted
    /// ones whose values wait in the queue.
    live: usize,
    peak: usize,
    deferred: usize,
}

impl Default for RefSlab {
    fn default() -> Self {
        RefSlab {
            chunks: Vec::new(),
            free: std::ptr::null_mut(),
            queue: std::ptr::null_mut(),
            live: 0,
            peak: 0,
            deferred: 0,
        }
    }
}

impl RefSlab {
    pub(crate) fn insert(&mut self, r: Reference) -> *mut Reference {
        self.live += 1;
        self.peak = self.peak.max(self.live);
        if !self.free.is_null() {
            let p = self.free;
            // SAFETY: a free slot of a chunk this slab owns; Reference has no Drop.
            unsafe {
                self.free = (*p).link;
                p.write(r);
            }
            return p;
        }
        if self.chunks.last().is_none_or(|c| c.len() == SLAB_CHUNK) {
            self.chunks.push(Vec::with_capacity(SLAB_CHUNK));
        }
        let chunk = self.chunks.last_mut().unwrap();
        chunk.push(r); // within capacity: the chunk never reallocates
        chunk.last_mut().unwrap()
    }

    /// Marks `p` deleted. Its value is released at the next safe point
    /// when that keeps the values waiting below the most references alive
    /// since the last one (so waiting never holds more than the addon
    /// already held), and now otherwise: returns whether the caller must
    /// release it now. A slot leaves the queue before it is reused.
    pub(crate) unsafe fn remove(&mut self, p: *mut Reference) -> bool {
        (*p).live = false;
        self.live -= 1;
        if self.deferred < self.peak.max(DEFER_MIN) {
            self.deferred += 1;
            if !(*p).queued {
                self.queue(p);
            }
            return false;
        }
        if !(*p).queued && !(*p).strict {
            self.recycle(p);
        }
        true
    }

    unsafe fn recycle(&mut self, p: *mut Reference) {
        (*p).link = self.free;
        self.free = p;
    }

    pub(crate) unsafe fn queue(&mut self, p: *mut Reference) {
        (*p).queued = true;
        (*p).link = self.queue;
        self.queue = p;
    }

    /// Teardown: releases the values deleted references still hold, and
    /// returns every live reference, marked deleted.
    pub(crate) unsafe fn drain(&mut self, ctx: *mut JSContext) -> Vec<*mut Reference> {
        self.queue = std::ptr::null_mut();
        let mut out = Vec::new();
        for chunk in &mut self.chunks {
            for r in chunk.iter_mut() {
                if r.live {
                    r.live = false;
                    out.push(r as *mut Reference);
                } else {
                    free(ctx, std::mem::replace(&mut r.value, JS_UNDEFINED));
                }
            }
        }
        self.live = 0;
        self.deferred = 0;
        out
    }
}

/// The safe point: makes the references that reached zero weak and
/// releases the values of deleted ones. Called before JS can run again (a
/// native call returning to JS, a Node-API call that may run JS, the
/// host's safe points), so JS, `gc()` included, never sees a zero-count
/// reference holding its value nor a deleted one keeping its value alive.
/// `weakref`: the `WeakRef` constructor.
#[cold]
#[inline(never)]
pub(crate) unsafe fn flush(
    ctx: *mut JSContext,
    slab: &RefCell<RefSlab>,
    pending: &Cell<bool>,
    weakref: JSValue,
) {
    pending.set(false);
    let mut p = {
        let mut s = slab.borrow_mut();
        s.peak = s.live;
        s.deferred = 0;
        std::mem::replace(&mut s.queue, std::ptr::null_mut())
    };
    while !p.is_null() {
        let next = (*p).link;
        (*p).queued = false;
        if !(*p).live {
            // Freeing may free objects whose finalizers queue (they run
            // later) but runs no JS, so the slab is not borrowed again.
            (*p).pending = false;
            free(ctx, std::mem::replace(&mut (*p).value, JS_UNDEFINED));
            // Strict mode keeps deleted addresses out of reuse.
            if !(*p).strict {
                slab.borrow_mut().recycle(p);
            }
        } else if (*p).pending {
            // (Re-referenced meanwhile: nothing to do.)
            (*p).pending = false;
            (*p).weaken(ctx, weakref);
        }
        p = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slab_with(n: usize) -> (RefSlab, Vec<*mut Reference>) {
        let mut slab = RefSlab::default();
        let refs = (0..n)
            .map(|_| slab.insert(Reference::new(JS_UNDEFINED, 1, false)))
            .collect();
        (slab, refs)
    }

    #[test]
    fn deleting_what_was_alive_together_waits_for_the_safe_point() {
        let (mut slab, refs) = slab_with(3 * DEFER_MIN);
        // SAFETY: slots of this slab.
        let now = refs.iter().filter(|&&r| unsafe { slab.remove(r) }).count();
        assert_eq!(now, 0, "every value waits: no more than were alive at once");
    }

    #[test]
    fn a_loop_that_makes_and_deletes_one_at_a_time_stays_bounded() {
        let mut slab = RefSlab::default();
        let mut now = 0;
        for _ in 0..3 * DEFER_MIN {
            let r = slab.insert(Reference::new(JS_UNDEFINED, 1, false));
            // SAFETY: a slot of this slab.
            now += usize::from(unsafe { slab.remove(r) });
        }
        assert_eq!(slab.deferred, DEFER_MIN, "at most DEFER_MIN values wait");
        assert_eq!(now, 2 * DEFER_MIN, "the rest are released at once");
        // Released at once and never queued: their slots are reused.
        assert!(!slab.free.is_null());
    }
}
