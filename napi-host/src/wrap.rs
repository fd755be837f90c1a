//! Native data attached to JS values, and its finalizers: externals,
//! `napi_wrap`/`unwrap`/`remove_wrap`, `napi_add_finalizer`, type tags,
//! `node_api_post_finalizer`, `napi_adjust_external_memory`.
//!
//! Every finalizable thing is a [`Record`] owned by a JS object of
//! napi-host's external class (or by an external ArrayBuffer). When QuickJS
//! frees the owner, the record's finalizer is *queued*, never run there.
//! The host also keeps the set of live records, so that env teardown runs
//! each remaining finalizer exactly once.
//!
//! Wraps, finalizers and tags are kept in the host's WeakMaps keyed by the
//! object: invisible to JS and dropped together with the object.

use std::ffi::c_void;

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, free};
use crate::types::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    /// `napi_create_external`: visible to JS as an external.
    External,
    /// Behind `napi_wrap`, `napi_add_finalizer`.
    Hidden,
    /// Behind an external ArrayBuffer or Buffer. Node frees their memory
    /// from a task (node::Buffer's backing-store callback goes through
    /// SetImmediate), so their finalizers run after the GC, never inside
    /// it, even for an experimental module.
    ArrayBuffer,
}

/// Native data with its finalizer.
pub(crate) struct Record {
    pub kind: RecordKind,
    /// Creation number, the key in the host's live set.
    pub seq: u64,
    pub env: *mut Env,
    pub data: *mut c_void,
    pub finalize: napi_finalize,
    pub hint: *mut c_void,
}

impl Record {
    /// Boxes a record and registers it with the host as live.
    pub(crate) fn new(
        env: &mut Env,
        kind: RecordKind,
        data: *mut c_void,
        finalize: napi_finalize,
        hint: *mut c_void,
    ) -> *mut Record {
        let host = env.host();
        let seq = host.next_record.get();
        host.next_record.set(seq + 1);
        let rec = Box::into_raw(Box::new(Record {
            kind,
            seq,
            env: env as *mut Env,
            data,
            finalize,
            hint,
        }));
        if finalize.is_some() {
            env.host()
                .live_records
                .borrow_mut()
                .insert(seq, rec as usize);
        }
        rec
    }

    /// The owner died (inside QuickJS's free path): queue the finalizer and
    /// free the record.
    pub(crate) unsafe fn release(rt: *mut JSRuntime, rec: *mut Record) {
        let rec = Box::from_raw(rec);
        let Some(host) = host_of(rt) else {
            return; // after teardown: its finalizer already ran
        };
        let was_live = (*host).live_records.borrow_mut().remove(&rec.seq).is_some();
        if was_live && rec.finalize.is_some() {
            (*host).queue_finalizer(PendingFinalizer {
                env: rec.env,
                cb: rec.finalize,
                data: rec.data,
                hint: rec.hint,
                seq: Some(rec.seq),
                from_gc: !matches!(rec.kind, RecordKind::ArrayBuffer),
            });
        }
    }
}

/// Env teardown: runs the finalizer of every record still alive, once.
pub(crate) unsafe fn finalize_live_records(host: &Host) {
    let live: Vec<usize> = std::mem::take(&mut *host.live_records.borrow_mut())
        .into_values()
        .rev()
        .collect();
    for p in live {
        let rec = &mut *(p as *mut Record);
        let cb = rec.finalize.take();
        host.queue_finalizer(PendingFinalizer {
            env: rec.env,
            cb,
            data: rec.data,
            hint: rec.hint,
            seq: Some(rec.seq),
            from_gc: false,
        });
    }
    host.run_finalizers();
}

unsafe extern "C" fn finalize_external(rt: *mut JSRuntime, val: JSValue) {
    let rec = JS_GetOpaque(val, external_class_id()) as *mut Record;
    if !rec.is_null() {
        Record::release(rt, rec);
    }
}

pub(crate) unsafe fn register_external_class(rt: *mut JSRuntime, id: JSClassID) {
    let def = JSClassDef {
        class_name: c"Object".as_ptr(),
        finalizer: Some(finalize_external),
        gc_mark: None,
        call: None,
        exotic: std::ptr::null_mut(),
    };
    JS_NewClass(rt, id, &def);
}

/// A JS object of the external class owning `rec`.
unsafe fn record_object(env: &mut Env, rec: *mut Record) -> Result<JSValue, napi_status> {
    let obj = JS_NewObjectClass(env.ctx, external_class_id());
    if qjs::is_exception(obj) {
        drop(Box::from_raw(rec));
        return Err(napi_generic_failure);
    }
    JS_SetOpaque(obj, rec.cast());
    Ok(obj)
}

unsafe fn record_of(v: JSValue) -> *mut Record {
    JS_GetOpaque(v, external_class_id()) as *mut Record
}

/// Whether `v` (an object of the external class) is a user-visible external.
pub(crate) unsafe fn is_external(v: JSValue) -> bool {
    let rec = record_of(v);
    !rec.is_null() && (*rec).kind == RecordKind::External
}

/// For a `napi_create_external` value, an address unique to it while it
/// lives (its record's; Node shows its own wrapper's, not the addon's data
/// pointer, which externals may share); `None` for any other value. For
/// hosts that show externals as Node does (`util.inspect`'s
/// `[External: <address>]`, `util.types.isExternal`).
///
/// # Safety
/// `v` is a live value of the engine napi-host runs on.
pub unsafe fn external_address(v: JSValue) -> Option<usize> {
    (qjs::is_object(v) && is_external(v)).then(|| record_of(v) as usize)
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_external(
    env: napi_env,
    data: *mut c_void,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        let rec = Record::new(env, RecordKind::External, data, finalize_cb, finalize_hint);
        let obj = record_object(env, rec)?;
        write(result, env.push(obj))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_value_external(
    env: napi_env,
    value_: napi_value,
    result: *mut *mut c_void,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        check_arg(result)?;
        if !qjs::is_object(v) || !is_external(v) {
            return Err(napi_invalid_arg);
        }
        write(result, (*record_of(v)).data)
    })
}

// ---- wrap ----

/// The wrap record of `obj`, if any (borrowed pointer).
unsafe fn wrap_record(env: &Env, obj: JSValue) -> *mut Record {
    let host = env.host();
    let holder = host.map_get(host.intrinsics.wrap_map, obj);
    let rec = if qjs::is_object(holder) {
        record_of(holder)
    } else {
        std::ptr::null_mut()
    };
    free(env.ctx, holder);
    rec
}

#[no_mangle]
pub unsafe extern "C" fn napi_wrap(
    env: napi_env,
    js_object: napi_value,
    native_object: *mut c_void,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_ref,
) -> napi_status {
    api_js(env, |env| {
        let obj = value(js_object)?;
        if !qjs::is_object(obj) {
            return Err(napi_invalid_arg);
        }
        if !wrap_record(env, obj).is_null() {
            if env.strict {
                crate::strict::flag(
                    crate::strict::WRAP_TWICE,
                    "napi_wrap on an object that is already wrapped: napi_remove_wrap it first",
                );
            }
            return Err(napi_invalid_arg);
        }
        let rec = Record::new(
            env,
            RecordKind::Hidden,
            native_object,
            finalize_cb,
            finalize_hint,
        );
        let seq = (*rec).seq;
        let holder = record_object(env, rec)?;
        let host = env.host();
        let r = host.map_set(host.intrinsics.wrap_map, obj, holder);
        free(env.ctx, holder);
        r?;
        if !result.is_null() {
            *result = crate::references::new_finalizer_reference(env, obj, seq)?;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_unwrap(
    env: napi_env,
    js_object: napi_value,
    result: *mut *mut c_void,
) -> napi_status {
    api_js(env, |env| {
        let obj = value(js_object)?;
        check_arg(result)?;
        if !qjs::is_object(obj) {
            return Err(napi_invalid_arg);
        }
        let rec = wrap_record(env, obj);
        if rec.is_null() {
            return Err(napi_invalid_arg);
        }
        write(result, (*rec).data)
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_remove_wrap(
    env: napi_env,
    js_object: napi_value,
    result: *mut *mut c_void,
) -> napi_status {
    api_js(env, |env| {
        let obj = value(js_object)?;
        if !qjs::is_object(obj) {
            return Err(napi_invalid_arg);
        }
        let rec = wrap_record(env, obj);
        if rec.is_null() {
            if env.strict {
                crate::strict::flag(
                    crate::strict::REMOVE_WRAP_WITHOUT_WRAP,
                    "napi_remove_wrap on an object that is not wrapped",
                );
            }
            return Err(napi_invalid_arg);
        }
        if !result.is_null() {
            *result = (*rec).data;
        }
        // Removed wraps are never finalized.
        (*rec).finalize = None;
        let host = env.host();
        host.live_records.borrow_mut().remove(&(*rec).seq);
        host.map_delete(host.intrinsics.wrap_map, obj);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_add_finalizer(
    env: napi_env,
    js_object: napi_value,
    finalize_data: *mut c_void,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
    result: *mut napi_ref,
) -> napi_status {
    api(env, |env| {
        let obj = value(js_object)?;
        finalize_cb.ok_or(napi_invalid_arg)?;
        if !qjs::is_object(obj) {
            return Err(napi_invalid_arg);
        }
        let ctx = env.ctx;
        let rec = Record::new(
            env,
            RecordKind::Hidden,
            finalize_data,
            finalize_cb,
            finalize_hint,
        );
        let seq = (*rec).seq;
        let holder = record_object(env, rec)?;
        let host = env.host();
        // Several finalizers may be attached: keep them in an array per object.
        let mut list = host.map_get(host.intrinsics.finalizer_map, obj);
        if !qjs::is_object(list) {
            free(ctx, list);
            list = JS_NewArray(ctx);
            host.map_set(host.intrinsics.finalizer_map, obj, list)?;
        }
        let mut len = 0i64;
        JS_GetLength(ctx, list, &mut len);
        JS_SetPropertyUint32(ctx, list, len as u32, holder);
        free(ctx, list);
        if !result.is_null() {
            *result = crate::references::new_finalizer_reference(env, obj, seq)?;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn node_api_post_finalizer(
    env: napi_env,
    finalize_cb: napi_finalize,
    finalize_data: *mut c_void,
    finalize_hint: *mut c_void,
) -> napi_status {
    api_basic(env, |env| {
        // Node accepts a NULL callback here (nothing to run).
        let env_ptr = env as *mut Env;
        env.host().queue_finalizer(PendingFinalizer {
            env: env_ptr,
            cb: finalize_cb,
            data: finalize_data,
            hint: finalize_hint,
            seq: None,
            from_gc: false,
        });
        Ok(())
    })
}

// ---- type tags ----

#[repr(C)]
pub struct napi_type_tag {
    pub lower: u64,
    pub upper: u64,
}

unsafe fn tag_text(tag: *const napi_type_tag) -> String {
    format!("{:016x}{:016x}", (*tag).upper, (*tag).lower)
}

#[no_mangle]
pub unsafe extern "C" fn napi_type_tag_object(
    env: napi_env,
    object: napi_value,
    type_tag: *const napi_type_tag,
) -> napi_status {
    api_js(env, |env| {
        let v = value(object)?;
        check_arg(type_tag)?;
        // Node converts with ToObject: a primitive's wrapper gets the tag.
        let obj = to_object(env, v)?;
        let host = env.host();
        let existing = host.map_get(host.intrinsics.tag_map, obj);
        let tagged = !qjs::is_undefined(existing);
        free(env.ctx, existing);
        if tagged {
            free(env.ctx, obj);
            return Err(napi_invalid_arg);
        }
        let t = qjs::string(env.ctx, &tag_text(type_tag));
        let r = host.map_set(host.intrinsics.tag_map, obj, t);
        free(env.ctx, t);
        free(env.ctx, obj);
        r
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_check_object_type_tag(
    env: napi_env,
    object: napi_value,
    type_tag: *const napi_type_tag,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        let v = value(object)?;
        check_arg(type_tag)?;
        check_arg(result)?;
        let obj = to_object(env, v)?;
        let host = env.host();
        let existing = host.map_get(host.intrinsics.tag_map, obj);
        let same = qjs::is_string(existing)
            && qjs::to_rust_string(env.ctx, existing).as_deref()
                == Some(tag_text(type_tag).as_str());
        free(env.ctx, existing);
        free(env.ctx, obj);
        write(result, same)
    })
}

// ---- external memory ----

#[no_mangle]
pub unsafe extern "C" fn napi_adjust_external_memory(
    env: napi_env,
    change_in_bytes: i64,
    adjusted_value: *mut i64,
) -> napi_status {
    api_basic(env, |env| {
        check_arg(adjusted_value)?;
        let host = env.host();
        let total = (host.external_memory.get() + change_in_bytes).max(0);
        host.external_memory.set(total);
        write(adjusted_value, total)
    })
}

/// `CHECK_TO_OBJECT`: an owned object for `v` (primitives boxed).
unsafe fn to_object(env: &mut Env, v: JSValue) -> Result<JSValue, napi_status> {
    if qjs::is_object(v) {
        return Ok(qjs::dup(v));
    }
    let o = JS_ToObject(env.ctx, v);
    if qjs::is_exception(o) {
        Err(napi_object_expected)
    } else {
        Ok(o)
    }
}
