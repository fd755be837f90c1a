//! References (`napi_ref`): a count above zero holds the value; at zero the
//! reference is weak — a `WeakRef` for values that can be held weakly
//! (objects, unregistered symbols), the symbol itself for a registered one
//! (`Symbol.for`: never collected), nothing for the others — and reads
//! NULL once the value is gone, as in Node. Weakening waits for the next
//! return to JS ([`flush_weak`]): napi-rs and others unref then delete in
//! one call, which then costs no `WeakRef`.

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, dup, free};
use crate::types::*;

pub(crate) struct Reference {
    /// False once deleted (its slot is free, or kept out of reuse in
    /// strict mode).
    live: bool,
    env: *mut Env,
    count: u32,
    /// The value while `count > 0`.
    strong: JSValue,
    /// A `WeakRef` to it while `count == 0` (undefined when it cannot be
    /// held weakly).
    weak: JSValue,
    /// At zero, but still held by `strong` until the next return to JS
    /// ([`flush_weak`]): a reference deleted or re-referenced before then
    /// never makes a `WeakRef`.
    pending: bool,
    /// In the slab's list of pending references (a slot stays there, even
    /// when deleted, until [`flush_weak`] walks the list).
    queued: bool,
    /// The next slot in the slab's pending or free list.
    link: *mut Reference,
    /// For the reference `napi_wrap`/`napi_add_finalizer` return: the
    /// record whose finalizer it owns. Deleting the reference cancels that
    /// finalizer, as in Node (nested ObjectWraps delete each other's).
    finalizer: Option<u64>,
}

impl Reference {
    unsafe fn ctx(&self) -> *mut JSContext {
        (*self.env).ctx
    }

    /// Drops the strong hold, keeping a weak one where possible.
    unsafe fn weaken(&mut self) {
        let ctx = self.ctx();
        let v = std::mem::replace(&mut self.strong, JS_UNDEFINED);
        let host = (*self.env).host();
        if qjs::is_object(v) || qjs::is_symbol(v) {
            let mut args = [v];
            let w = JS_CallConstructor(ctx, host.intrinsics.weakref, 1, args.as_mut_ptr());
            if qjs::is_exception(w) {
                // A registered symbol cannot be held weakly; it lives as
                // long as the registry, so V8's weak handle to it never
                // empties: hold it.
                free(ctx, JS_GetException(ctx));
                self.weak = dup(v);
            } else {
                self.weak = w;
            }
        }
        free(ctx, v);
    }

    /// Reaching zero: weak at the next return to JS (objects and symbols;
    /// other values are let go now).
    unsafe fn defer_weaken(&mut self) {
        if !qjs::is_object(self.strong) && !qjs::is_symbol(self.strong) {
            self.weaken();
            return;
        }
        self.pending = true;
        if !self.queued {
            self.queued = true;
            let host = (*self.env).host();
            host.refs.borrow_mut().queue(self);
            host.weak_pending.set(true);
        }
    }

    /// The value, if still alive (owned).
    unsafe fn get(&self) -> Option<JSValue> {
        if self.count > 0 || self.pending {
            return Some(dup(self.strong));
        }
        if qjs::is_symbol(self.weak) {
            return Some(dup(self.weak)); // a registered symbol
        }
        if !qjs::is_object(self.weak) {
            return None;
        }
        let host = (*self.env).host();
        let v = host
            .call(host.intrinsics.weakref_deref, self.weak, &mut [])
            .ok()?;
        if qjs::is_undefined(v) {
            None
        } else {
            Some(v)
        }
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
    fn insert(&mut self, r: Reference) -> *mut Reference {
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
    unsafe fn remove(&mut self, p: *mut Reference, reuse: bool) {
        (*p).live = false;
        if reuse && !(*p).queued {
            self.recycle(p);
        }
    }

    unsafe fn recycle(&mut self, p: *mut Reference) {
        (*p).link = self.free;
        self.free = p;
    }

    unsafe fn queue(&mut self, p: *mut Reference) {
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
/// reference holding its value.
#[cold]
#[inline(never)]
pub(crate) unsafe fn flush_weak(host: &crate::env::Host) {
    host.weak_pending.set(false);
    let mut p = std::mem::replace(&mut host.refs.borrow_mut().pending, std::ptr::null_mut());
    while !p.is_null() {
        let next = (*p).link;
        (*p).queued = false;
        if !(*p).live {
            // Deleted while queued: its slot is free now (never in strict
            // mode, which keeps deleted addresses out of reuse).
            if !(*(*p).env).strict {
                host.refs.borrow_mut().recycle(p);
            }
        } else if (*p).pending {
            // (Re-referenced meanwhile: nothing to do.)
            (*p).pending = false;
            (*p).weaken();
        }
        p = next;
    }
}

/// A weak reference owning the finalizer of record `seq` (the `result` of
/// `napi_wrap`/`napi_add_finalizer`).
pub(crate) unsafe fn new_finalizer_reference(
    env: &mut Env,
    v: JSValue,
    seq: u64,
) -> Result<napi_ref, napi_status> {
    let r = new_reference(env, v, 0)?;
    (*(r as *mut Reference)).finalizer = Some(seq);
    Ok(r)
}

/// Creates a reference.
pub(crate) unsafe fn new_reference(
    env: &mut Env,
    v: JSValue,
    count: u32,
) -> Result<napi_ref, napi_status> {
    let env_ptr = env as *mut Env;
    let r = env.host().refs.borrow_mut().insert(Reference {
        live: true,
        env: env_ptr,
        count,
        strong: dup(v),
        weak: JS_UNDEFINED,
        pending: false,
        queued: false,
        link: std::ptr::null_mut(),
        finalizer: None,
    });
    if count == 0 {
        (*r).defer_weaken();
    }
    Ok(r.cast())
}

/// Frees a reference's values (deletion, or teardown).
pub(crate) unsafe fn free_values(ctx: *mut JSContext, r: *mut Reference) {
    (*r).pending = false;
    free(ctx, std::mem::replace(&mut (*r).strong, JS_UNDEFINED));
    free(ctx, std::mem::replace(&mut (*r).weak, JS_UNDEFINED));
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_reference(
    env: napi_env,
    value_: napi_value,
    initial_refcount: u32,
    result: *mut napi_ref,
) -> napi_status {
    api(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        // Before Node-API 10 only objects, functions and symbols.
        let all_types = env.module_api_version >= 10;
        if !all_types && !qjs::is_object(v) && !qjs::is_symbol(v) {
            return Err(napi_invalid_arg);
        }
        *result = new_reference(env, v, initial_refcount)?;
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_delete_reference(env: napi_env, reference: napi_ref) -> napi_status {
    api_basic(env, |env| {
        check_arg(reference)?;
        if env.strict && !crate::strict::delete_reference(reference as usize) {
            crate::strict::flag(
                crate::strict::REFERENCE_DELETED_TWICE,
                "napi_delete_reference on a reference already deleted",
            );
            return Err(napi_invalid_arg);
        }
        let host = env.host();
        let r = reference as *mut Reference;
        if let Some(seq) = (*r).finalizer {
            // Still live: it will not be queued; queued: it is dropped.
            host.live_records.borrow_mut().remove(&seq);
            host.cancel_finalizer(seq);
        }
        free_values(env.ctx, r);
        // In strict mode the slot stays out of reuse, so a use after
        // deletion is recognised by its address (see strict::delete_reference).
        host.refs.borrow_mut().remove(r, !env.strict);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_reference_ref(
    env: napi_env,
    reference: napi_ref,
    result: *mut u32,
) -> napi_status {
    api(env, |env| {
        check_arg(reference)?;
        if env.strict && crate::strict::is_deleted_reference(reference as usize) {
            crate::strict::flag(
                crate::strict::REFERENCE_USED_AFTER_DELETE,
                "a napi_ref was used after napi_delete_reference",
            );
            return Err(napi_invalid_arg);
        }
        let r = &mut *(reference as *mut Reference);
        if r.count == 0 && r.pending {
            r.pending = false; // still held
        } else if r.count == 0 {
            if let Some(v) = r.get() {
                r.strong = v;
            }
            free(env.ctx, std::mem::replace(&mut r.weak, JS_UNDEFINED));
        }
        r.count += 1;
        if !result.is_null() {
            *result = r.count;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_reference_unref(
    env: napi_env,
    reference: napi_ref,
    result: *mut u32,
) -> napi_status {
    api(env, |env| {
        check_arg(reference)?;
        if env.strict && crate::strict::is_deleted_reference(reference as usize) {
            crate::strict::flag(
                crate::strict::REFERENCE_USED_AFTER_DELETE,
                "a napi_ref was used after napi_delete_reference",
            );
            return Err(napi_invalid_arg);
        }
        let r = &mut *(reference as *mut Reference);
        if r.count == 0 {
            return Err(napi_generic_failure);
        }
        r.count -= 1;
        if r.count == 0 {
            r.defer_weaken();
        }
        if !result.is_null() {
            *result = r.count;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_reference_value(
    env: napi_env,
    reference: napi_ref,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(reference)?;
        check_arg(result)?;
        if env.strict && crate::strict::is_deleted_reference(reference as usize) {
            crate::strict::flag(
                crate::strict::REFERENCE_USED_AFTER_DELETE,
                "a napi_ref was used after napi_delete_reference",
            );
            return Err(napi_invalid_arg);
        }
        let r = &*(reference as *const Reference);
        *result = match r.get() {
            Some(v) => env.push(v),
            None => std::ptr::null_mut(),
        };
        Ok(())
    })
}
