//! References (`napi_ref`): a count above zero holds the value; at zero the
//! reference is weak — a `WeakRef` for values that can be held weakly
//! (objects, unregistered symbols), the symbol itself for a registered one
//! (`Symbol.for`: never collected), nothing for the others — and reads
//! NULL once the value is gone, as in Node. Weakening waits until JS can run
//! again (`ref_slab::flush`): napi-rs and others unref then delete in
//! one call, which then costs no `WeakRef`.

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, dup, free};
use crate::types::*;

use crate::ref_slab::Reference;

/// Reaching zero: weak once JS can run again (objects and symbols; other
/// values are let go now).
unsafe fn defer_weaken(host: &Host, r: &mut Reference) {
    if !qjs::is_object(r.strong) && !qjs::is_symbol(r.strong) {
        r.weaken(host.intrinsics.weakref);
        return;
    }
    r.pending = true;
    if !r.queued {
        r.queued = true;
        host.refs.borrow_mut().queue(r);
        host.weak_pending.set(true);
    }
}

/// The value, if still alive (owned).
unsafe fn get(host: &Host, r: &Reference) -> Option<JSValue> {
    if r.count > 0 || r.pending {
        return Some(dup(r.strong));
    }
    if qjs::is_symbol(r.weak) {
        return Some(dup(r.weak)); // a registered symbol
    }
    if !qjs::is_object(r.weak) {
        return None;
    }
    let v = host
        .call(host.intrinsics.weakref_deref, r.weak, &mut [])
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
    (*(r as *mut Reference)).finalizer = Some(seq);
    Ok(r)
}

/// Creates a reference.
pub(crate) unsafe fn new_reference(
    env: &mut Env,
    v: JSValue,
    count: u32,
) -> Result<napi_ref, napi_status> {
    let r = env.host().refs.borrow_mut().insert(Reference {
        live: true,
        ctx: env.ctx,
        strict: env.strict,
        count,
        strong: dup(v),
        weak: JS_UNDEFINED,
        pending: false,
        queued: false,
        link: std::ptr::null_mut(),
        finalizer: None,
        site: u32::MAX,
    });
    if count == 0 {
        defer_weaken(env.host(), &mut *r);
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
        if let Some(seq) = (*r).finalizer {
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
        free_values(env.ctx, r);
        // In strict mode the slot stays out of reuse, so a use after
        // deletion finds `live` false.
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
            if let Some(v) = get(env.host(), r) {
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
            defer_weaken(env.host(), r);
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
