//! Where references (`napi_ref`) live: a slab of slots that never move,
//! with the free list and the list of references waiting to be weakened
//! threaded through the slots. Below `env` (the host holds a slab);
//! `references` implements the Node-API functions over it.

use std::cell::{Cell, RefCell};

use rquickjs_sys::*;

use crate::qjs::{self, dup, free};

pub(crate) struct Reference {
    /// False once deleted (its slot is free, or kept out of reuse in
    /// strict mode).
    pub(crate) live: bool,
    pub(crate) ctx: *mut JSContext,
    /// Its env is in strict mode: a deleted slot is never reused.
    pub(crate) strict: bool,
    pub(crate) count: u32,
    /// The value while `count > 0` (or while `pending`).
    pub(crate) strong: JSValue,
    /// A `WeakRef` to it while `count == 0` (undefined when it cannot be
    /// held weakly).
    pub(crate) weak: JSValue,
    /// At zero, but still held by `strong` until JS can run again
    /// ([`flush`]): a reference deleted or re-referenced before then never
    /// makes a `WeakRef`.
    pub(crate) pending: bool,
    /// In the slab's list of pending references (a slot stays there, even
    /// when deleted, until [`flush`] walks the list).
    pub(crate) queued: bool,
    /// The next slot in the slab's pending or free list.
    pub(crate) link: *mut Reference,
    /// For the reference `napi_wrap`/`napi_add_finalizer` return: the
    /// record whose finalizer it owns. Deleting the reference cancels that
    /// finalizer, as in Node (nested ObjectWraps delete each other's).
    pub(crate) finalizer: Option<u64>,
    /// Strict mode: where `napi_create_reference` made it (an index of
    /// `strict`'s creation sites; `u32::MAX`: not tracked).
    pub(crate) site: u32,
}

impl Reference {
    /// Drops the strong hold, keeping a weak one where possible
    /// (`weakref`: the `WeakRef` constructor).
    pub(crate) unsafe fn weaken(&mut self, weakref: JSValue) {
        let ctx = self.ctx;
        let v = std::mem::replace(&mut self.strong, JS_UNDEFINED);
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
                self.weak = dup(v);
            } else {
                self.weak = w;
            }
            if let Some(e) = outer {
                JS_Throw(ctx, e);
            }
        }
        free(ctx, v);
    }
}

const SLAB_CHUNK: usize = 1024;

/// Where references live: chunks that never move (a `napi_ref` is a slot's
/// address), with two lists threaded through the slots: free slots, and
/// references waiting to be weakened. Creating, weakening and deleting a
/// reference allocate nothing and hash nothing; teardown walks the chunks
/// for the live ones.
pub(crate) struct RefSlab {
    chunks: Vec<Vec<Reference>>,
    free: *mut Reference,
    pending: *mut Reference,
}

impl Default for RefSlab {
    fn default() -> Self {
        RefSlab {
            chunks: Vec::new(),
            free: std::ptr::null_mut(),
            pending: std::ptr::null_mut(),
        }
    }
}

impl RefSlab {
    pub(crate) fn insert(&mut self, r: Reference) -> *mut Reference {
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

    /// Marks `p` deleted; `reuse`: its slot may hold a new reference (once
    /// it has left the pending list).
    pub(crate) unsafe fn remove(&mut self, p: *mut Reference, reuse: bool) {
        (*p).live = false;
        if reuse && !(*p).queued {
            self.recycle(p);
        }
    }

    unsafe fn recycle(&mut self, p: *mut Reference) {
        (*p).link = self.free;
        self.free = p;
    }

    pub(crate) unsafe fn queue(&mut self, p: *mut Reference) {
        (*p).link = self.pending;
        self.pending = p;
    }

    /// Every live reference, marked deleted (teardown).
    pub(crate) fn drain_live(&mut self) -> Vec<*mut Reference> {
        self.pending = std::ptr::null_mut();
        let mut out = Vec::new();
        for chunk in &mut self.chunks {
            for r in chunk.iter_mut().filter(|r| r.live) {
                r.live = false;
                out.push(r as *mut Reference);
            }
        }
        out
    }
}

/// Makes the references that reached zero weak: called before JS can run
/// again (a native call returning to JS, a Node-API call that may run JS,
/// the host's safe points), so JS, `gc()` included, never sees a zero-count
/// reference holding its value. `weakref`: the `WeakRef` constructor.
#[cold]
#[inline(never)]
pub(crate) unsafe fn flush(slab: &RefCell<RefSlab>, pending: &Cell<bool>, weakref: JSValue) {
    pending.set(false);
    let mut p = std::mem::replace(&mut slab.borrow_mut().pending, std::ptr::null_mut());
    while !p.is_null() {
        let next = (*p).link;
        (*p).queued = false;
        if !(*p).live {
            // Deleted while queued: its slot is free now (never in strict
            // mode, which keeps deleted addresses out of reuse).
            if !(*p).strict {
                slab.borrow_mut().recycle(p);
            }
        } else if (*p).pending {
            // (Re-referenced meanwhile: nothing to do.)
            (*p).pending = false;
            (*p).weaken(weakref);
        }
        p = next;
    }
}
