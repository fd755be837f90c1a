//! References (`napi_ref`): a count above zero holds the value; at zero the
//! reference is weak — a `WeakRef` for values that can be held weakly
//! (objects, unregistered symbols), the symbol itself for a registered one
//! (`Symbol.for`: never collected), nothing for the others — and reads
//! NULL once the value is gone, as in Node. Weakening waits until JS can run
//! again (`ref_slab::flush`): napi-rs and others unref then delete in
//! one call, which then costs no `WeakRef`. Deleting waits for that point
//! too to release the value (freeing it, when it was the last hold), as V8
//! frees it in a later collection, not in `napi_delete_reference`.

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, dup, free};
use crate::types::*;

use crate::ref_slab::{Reference, NO_FINALIZER};

/// Reaching zero: weak once JS can run again (objects and symbols; other
/// values are let go now).
unsafe fn defer_weaken(env: &Env, r: &mut Reference) {
    let host = env.host();
    if !qjs::is_object(r.value) && !qjs::is_symbol(r.value) {
        r.weaken(env.ctx, host.intrinsics.weakref);
        return;
    }
    r.pending = true;
    if !r.queued {
        host.refs.borrow_mut().queue(r);
        host.weak_pending.set(true);
    }
}

/// The value, if still alive (owned).
unsafe fn get(host: &Host, r: &Reference) -> Option<JSValue> {
    if r.holds() || qjs::is_symbol(r.value) {
        // (A symbol in weak form is a registered one.)
        return Some(dup(r.value));
    }
    if !qjs::is_object(r.value) {
        return None;
    }
    let v = host
        .call(host.intrinsics.weakref_deref, r.value, &mut [])
        .ok()?;
    if qjs::is_undefined(v) {
        None
    } else {
        Some(v)
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
    (*(r as *mut Reference)).finalizer = seq;
    Ok(r)
}

/// Creates a reference.
pub(crate) unsafe fn new_reference(
    env: &mut Env,
    v: JSValue,
    count: u32,
) -> Result<napi_ref, napi_status> {
    let r = env
        .host()
        .refs
        .borrow_mut()
        .insert(Reference::new(dup(v), count, env.strict));
    if count == 0 {
        defer_weaken(env, &mut *r);
    }
    Ok(r.cast())
}

/// Teardown in strict mode: reports the strong references of `refs` never
/// deleted (see [`crate::strict::references_at_exit`]).
pub(crate) unsafe fn report_leaks(refs: &[usize]) {
    let strong: Vec<u32> = refs
        .iter()
        .map(|&r| &*(r as *const Reference))
        .filter(|r| r.strict && r.count > 0 && r.site != u32::MAX)
        .map(|r| r.site)
        .collect();
    if !strong.is_empty() {
        crate::strict::references_at_exit(&strong);
    }
}

/// Frees a reference's value (deletion, or teardown).
pub(crate) unsafe fn free_values(ctx: *mut JSContext, r: *mut Reference) {
    (*r).pending = false;
    free(ctx, std::mem::replace(&mut (*r).value, JS_UNDEFINED));
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
        if env.strict && env.init_done {
            (*(*result as *mut Reference)).site =
                crate::strict::reference_created(&env.filename, env.running_callback);
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_delete_reference(env: napi_env, reference: napi_ref) -> napi_status {
    api_basic(env, |env| {
        check_arg(reference)?;
        // Strict mode never reuses a deleted reference's slot: its `live`
        // flag stays false, so a second deletion is one compare.
        if env.strict && !(*(reference as *const Reference)).live {
            crate::strict::flag(
                crate::strict::REFERENCE_DELETED_TWICE,
                "napi_delete_reference on a reference already deleted",
            );
            return Err(napi_invalid_arg);
        }
        let host = env.host();
        let r = reference as *mut Reference;
        if (*r).finalizer != NO_FINALIZER {
            let seq = (*r).finalizer;
            // Still live: it will not be queued; queued: it is dropped.
            host.live_records.borrow_mut().remove(&seq);
            if host.cancel_finalizer(seq) && env.strict && host.in_finalizer.get() > 0 {
                crate::strict::flag(
                    crate::strict::FINALIZER_CANCELS_FINALIZER,
                    "a finalizer deleted the reference of another finalizer of an object being \
                     finalized: that finalizer is cancelled and never runs (Node before 18 \
                     crashed here). Free the native data from one finalizer only",
                );
            }
        }
        // Usually released at the next safe point. In strict mode the slot
        // stays out of reuse, so a use after deletion finds `live` false.
        if host.refs.borrow_mut().remove(r) {
            free_values(env.ctx, r);
        } else {
            host.weak_pending.set(true);
        }
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
        if env.strict && !(*(reference as *const Reference)).live {
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
            let v = get(env.host(), r).unwrap_or(JS_UNDEFINED);
            free(env.ctx, std::mem::replace(&mut r.value, v));
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
        if env.strict && !(*(reference as *const Reference)).live {
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
            defer_weaken(env, r);
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
        if env.strict && !(*(reference as *const Reference)).live {
            crate::strict::flag(
                crate::strict::REFERENCE_USED_AFTER_DELETE,
                "a napi_ref was used after napi_delete_reference",
            );
            return Err(napi_invalid_arg);
        }
        let r = &*(reference as *const Reference);
        *result = match get(env.host(), r) {
            Some(v) => env.push(v),
            None => std::ptr::null_mut(),
        };
        Ok(())
    })
}
