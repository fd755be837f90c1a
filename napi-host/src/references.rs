//! References (`napi_ref`): a count above zero holds the value; at zero the
//! reference is weak — a `WeakRef` for values that can be held weakly
//! (objects, unregistered symbols), the symbol itself for a registered one
//! (`Symbol.for`: never collected), nothing for the others — and reads
//! NULL once the value is gone, as in Node.

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, dup, free};
use crate::types::*;

pub(crate) struct Reference {
    env: *mut Env,
    count: u32,
    /// The value while `count > 0`.
    strong: JSValue,
    /// A `WeakRef` to it while `count == 0` (undefined when it cannot be
    /// held weakly).
    weak: JSValue,
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

    /// The value, if still alive (owned).
    unsafe fn get(&self) -> Option<JSValue> {
        if self.count > 0 {
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
    let mut r = Box::new(Reference {
        env: env as *mut Env,
        count,
        strong: dup(v),
        weak: JS_UNDEFINED,
        finalizer: None,
    });
    if count == 0 {
        r.weaken();
    }
    let r = Box::into_raw(r);
    env.host().live_refs.borrow_mut().insert(r as usize);
    Ok(r.cast())
}

/// Teardown in strict mode: reports the strong references of `refs` never
/// deleted (see [`crate::strict::references_at_exit`]).
pub(crate) unsafe fn report_leaks(refs: &[usize]) {
    let strong: Vec<(usize, String)> = refs
        .iter()
        .filter_map(|&r| {
            let rf = &*(r as *const Reference);
            let env = &*rf.env;
            (env.strict && rf.count > 0).then(|| (r, env.filename.to_string_lossy().into_owned()))
        })
        .collect();
    if !strong.is_empty() {
        crate::strict::references_at_exit(&strong);
    }
}

/// Frees a reference and its values (deletion, or teardown).
pub(crate) unsafe fn free_reference(ctx: *mut JSContext, reference: napi_ref) {
    let r = Box::from_raw(reference as *mut Reference);
    free(ctx, r.strong);
    free(ctx, r.weak);
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
            crate::strict::reference_created(*result as usize);
        }
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
        host.live_refs.borrow_mut().remove(&(reference as usize));
        if env.strict {
            crate::strict::reference_deleted(reference as usize);
        }
        if let Some(seq) = (*(reference as *mut Reference)).finalizer {
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
        if env.strict {
            // Free its values but keep its memory: the address stays out of
            // reuse (see strict::delete_reference).
            let r = &mut *(reference as *mut Reference);
            free(env.ctx, std::mem::replace(&mut r.strong, JS_UNDEFINED));
            free(env.ctx, std::mem::replace(&mut r.weak, JS_UNDEFINED));
        } else {
            free_reference(env.ctx, reference);
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
        if env.strict && crate::strict::is_deleted_reference(reference as usize) {
            crate::strict::flag(
                crate::strict::REFERENCE_USED_AFTER_DELETE,
                "a napi_ref was used after napi_delete_reference",
            );
            return Err(napi_invalid_arg);
        }
        let r = &mut *(reference as *mut Reference);
        if r.count == 0 {
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
            r.weaken();
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
