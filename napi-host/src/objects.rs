//! Objects and arrays: creation, properties by key/name/index, key
//! enumeration, `napi_define_properties`, prototypes, freeze and seal.

use std::ffi::{c_char, CStr};

use rquickjs_sys::*;

use crate::env::*;
use crate::functions::new_function;
use crate::qjs::{self, dup, free};
use crate::types::*;

/// `CHECK_TO_OBJECT`: the receiver converted with ToObject (so primitives
/// are boxed and null/undefined throw), as an owned value.
unsafe fn to_object(env: &mut Env, v: napi_value) -> Result<JSValue, napi_status> {
    let v = value(v)?;
    if qjs::is_object(v) {
        return Ok(dup(v));
    }
    let o = JS_ToObject(env.ctx, v);
    if qjs::is_exception(o) {
        Err(napi_object_expected)
    } else {
        Ok(o)
    }
}

/// The status of a property operation that failed: Node 24 reports a throw
/// (a getter, setter or Proxy trap) as `napi_pending_exception`.
fn thrown(env: &Env) -> napi_status {
    if env.exception_pending() {
        napi_pending_exception
    } else {
        napi_generic_failure
    }
}

/// The property key of a handle (ToPropertyKey may run JS).
unsafe fn key_atom(env: &mut Env, key: napi_value) -> Result<JSAtom, napi_status> {
    let k = value(key)?;
    let atom = JS_ValueToAtom(env.ctx, k);
    if atom == 0 {
        Err(thrown(env))
    } else {
        Ok(atom)
    }
}

unsafe fn name_atom(env: &mut Env, name: *const c_char) -> Result<JSAtom, napi_status> {
    check_arg(name)?;
    let atom = JS_NewAtom(env.ctx, name);
    if atom == 0 {
        Err(thrown(env))
    } else {
        Ok(atom)
    }
}

/// Runs `f` on (object, atom), freeing both afterwards.
unsafe fn with_prop<R>(
    env: &mut Env,
    object: napi_value,
    atom: Result<JSAtom, napi_status>,
    f: impl FnOnce(&mut Env, JSValue, JSAtom) -> Result<R, napi_status>,
) -> Result<R, napi_status> {
    let atom = atom?;
    let obj = match to_object(env, object) {
        Ok(o) => o,
        Err(s) => {
            JS_FreeAtom(env.ctx, atom);
            return Err(s);
        }
    };
    let r = f(env, obj, atom);
    JS_FreeAtom(env.ctx, atom);
    free(env.ctx, obj);
    r
}

unsafe fn set(env: &mut Env, obj: JSValue, atom: JSAtom, v: napi_value) -> Result<(), napi_status> {
    let v = value(v)?;
    // V8's API sets with sloppy-mode semantics: a refused set (read-only,
    // no setter, not extensible, a proxy's trap returning false) is napi_ok
    // and leaves the value as it was; only what threw is an error.
    if JS_SetPropertyWithFlags(env.ctx, obj, atom, dup(v), 0) < 0 {
        return Err(thrown(env));
    }
    Ok(())
}

/// After `JS_SetPropertyUint32` threw (QuickJS sets with strict-mode
/// semantics): did [[Set]] merely return false — a read-only data property or an
/// accessor without a setter on the object or its prototype chain, or a new
/// property on a non-extensible object — rather than a setter or a proxy
/// trap throwing? Only the former is silent in sloppy mode.
unsafe fn sloppy_set_refused(ctx: *mut JSContext, obj: JSValue, atom: JSAtom) -> bool {
    if !qjs::is_object(obj) {
        return false;
    }
    let mut cur = dup(obj);
    let mut own = true;
    loop {
        if JS_IsProxy(cur) {
            free(ctx, cur);
            return false;
        }
        let mut desc = JSPropertyDescriptor {
            flags: 0,
            value: JS_UNDEFINED,
            getter: JS_UNDEFINED,
            setter: JS_UNDEFINED,
        };
        let found = JS_GetOwnProperty(ctx, &mut desc, cur, atom);
        if found < 0 {
            free(ctx, cur);
            return false;
        }
        if found > 0 {
            let refused = if desc.flags & JS_PROP_GETSET as i32 != 0 {
                qjs::is_undefined(desc.setter)
            } else if desc.flags & JS_PROP_WRITABLE as i32 == 0 {
                true
            } else {
                // A writable inherited data property: the receiver gets its
                // own, which a non-extensible receiver refuses.
                !own && new_property_refused(ctx, obj, atom)
            };
            free(ctx, desc.value);
            free(ctx, desc.getter);
            free(ctx, desc.setter);
            free(ctx, cur);
            return refused;
        }
        let proto = JS_GetPrototype(ctx, cur);
        free(ctx, cur);
        if !qjs::is_object(proto) {
            free(ctx, proto);
            return new_property_refused(ctx, obj, atom);
        }
        cur = proto;
        own = false;
    }
}

/// Does `obj` refuse a new own property `atom` (a non-extensible object,
/// or an array index at or past an array's length that is not writable)?
unsafe fn new_property_refused(ctx: *mut JSContext, obj: JSValue, atom: JSAtom) -> bool {
    if JS_IsExtensible(ctx, obj) == 0 {
        return true;
    }
    if !JS_IsArray(obj) {
        return false;
    }
    let Some(index) = array_index(ctx, atom) else {
        return false;
    };
    let length = JS_NewAtomLen(ctx, c"length".as_ptr(), 6);
    let mut desc = JSPropertyDescriptor {
        flags: 0,
        value: JS_UNDEFINED,
        getter: JS_UNDEFINED,
        setter: JS_UNDEFINED,
    };
    let found = JS_GetOwnProperty(ctx, &mut desc, obj, length);
    JS_FreeAtom(ctx, length);
    if found <= 0 {
        return false;
    }
    let mut len = 0.0;
    let read = JS_ToFloat64(ctx, &mut len, desc.value) == 0;
    free(ctx, desc.value);
    read && desc.flags & JS_PROP_WRITABLE as i32 == 0 && f64::from(index) >= len
}

/// The array index `atom` names (a canonical integer below 2^32 - 1).
unsafe fn array_index(ctx: *mut JSContext, atom: JSAtom) -> Option<u32> {
    let mut len = 0;
    let p = JS_AtomToCStringLen(ctx, &mut len, atom);
    if p.is_null() {
        free(ctx, JS_GetException(ctx));
        return None;
    }
    let text = std::slice::from_raw_parts(p.cast::<u8>(), len as usize);
    let index = std::str::from_utf8(text)
        .ok()
        .filter(|t| *t == "0" || !t.starts_with('0'))
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|&i| i != u32::MAX);
    JS_FreeCString(ctx, p);
    index
}

unsafe fn get(
    env: &mut Env,
    obj: JSValue,
    atom: JSAtom,
    result: *mut napi_value,
) -> Result<(), napi_status> {
    let r = JS_GetProperty(env.ctx, obj, atom);
    if qjs::is_exception(r) {
        return Err(thrown(env));
    }
    write(result, env.push(r))
}

unsafe fn has(
    env: &mut Env,
    obj: JSValue,
    atom: JSAtom,
    result: *mut bool,
) -> Result<(), napi_status> {
    let r = JS_HasProperty(env.ctx, obj, atom);
    if r < 0 {
        return Err(thrown(env));
    }
    write(result, r > 0)
}

unsafe fn delete(
    env: &mut Env,
    obj: JSValue,
    atom: JSAtom,
    result: *mut bool,
) -> Result<(), napi_status> {
    // Sloppy-mode delete: a non-configurable property yields false.
    let r = JS_DeleteProperty(env.ctx, obj, atom, 0);
    if r < 0 {
        return Err(thrown(env));
    }
    if !result.is_null() {
        *result = r > 0;
    }
    Ok(())
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_object(env: napi_env, result: *mut napi_value) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        write(result, env.push(JS_NewObject(env.ctx)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_set_property(
    env: napi_env,
    object: napi_value,
    key: napi_value,
    value_: napi_value,
) -> napi_status {
    api_js(env, |env| {
        value(key)?;
        value(value_)?;
        let atom = key_atom(env, key);
        with_prop(env, object, atom, |env, o, a| set(env, o, a, value_))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_property(
    env: napi_env,
    object: napi_value,
    key: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        value(key)?;
        check_arg(result)?;
        let atom = key_atom(env, key);
        with_prop(env, object, atom, |env, o, a| get(env, o, a, result))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_has_property(
    env: napi_env,
    object: napi_value,
    key: napi_value,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        value(key)?;
        check_arg(result)?;
        let atom = key_atom(env, key);
        with_prop(env, object, atom, |env, o, a| has(env, o, a, result))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_delete_property(
    env: napi_env,
    object: napi_value,
    key: napi_value,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        value(key)?;
        let atom = key_atom(env, key);
        with_prop(env, object, atom, |env, o, a| delete(env, o, a, result))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_has_own_property(
    env: napi_env,
    object: napi_value,
    key: napi_value,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        let k = value(key)?;
        check_arg(result)?;
        if !qjs::is_string(k) && !qjs::is_symbol(k) {
            return Err(napi_name_expected);
        }
        let atom = key_atom(env, key);
        with_prop(env, object, atom, |env, o, a| {
            let r = JS_GetOwnProperty(env.ctx, std::ptr::null_mut(), o, a);
            if r < 0 {
                return Err(thrown(env));
            }
            write(result, r > 0)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_set_named_property(
    env: napi_env,
    object: napi_value,
    utf8name: *const c_char,
    value_: napi_value,
) -> napi_status {
    api_js(env, |env| {
        value(value_)?;
        let atom = name_atom(env, utf8name);
        with_prop(env, object, atom, |env, o, a| set(env, o, a, value_))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_named_property(
    env: napi_env,
    object: napi_value,
    utf8name: *const c_char,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let atom = name_atom(env, utf8name);
        with_prop(env, object, atom, |env, o, a| get(env, o, a, result))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_has_named_property(
    env: napi_env,
    object: napi_value,
    utf8name: *const c_char,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let atom = name_atom(env, utf8name);
        with_prop(env, object, atom, |env, o, a| has(env, o, a, result))
    })
}

unsafe fn index_atom(env: &mut Env, index: u32) -> Result<JSAtom, napi_status> {
    let a = JS_NewAtomUInt32(env.ctx, index);
    if a == 0 {
        Err(thrown(env))
    } else {
        Ok(a)
    }
}

/// Strict mode's fast path of `napi_set_element`, taken when the checks of
/// a plain call pass and the handles are not stale (`strict::fast_path_ok`;
/// a pending exception makes QuickJS decline): `None` to take the general
/// path, which reports. Apart, so that the path without strict mode stays
/// as it was.
#[inline(never)]
#[track_caller]
unsafe fn set_element_strict_fast(
    e: &mut Env,
    object: napi_value,
    index: u32,
    value_: napi_value,
) -> Option<napi_status> {
    if e.in_basic_finalizer
        || object.is_null()
        || value_.is_null()
        || !e.host().can_call_js.get()
        || !crate::strict::fast_path_ok(e, std::panic::Location::caller(), [object, value_])
    {
        return None;
    }
    match JS_SetFastArrayElement(e.ctx, *object, index, *value_) {
        1 => Some(e.clear_last_error()),
        0 => None,
        _ => Some(e.set_last_error(napi_generic_failure)),
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_set_element(
    env: napi_env,
    object: napi_value,
    index: u32,
    value_: napi_value,
) -> napi_status {
    // The common case first: an element of a fast array set in place or
    // appended, which runs no JS (QuickJS declines everything else, and
    // when an exception is pending). What `api_js` checks beforehand still
    // holds: strict mode takes its own fast path (below), basic finalizers
    // the general path, and no JS runs once teardown has begun.
    if let Some(e) = env.as_mut() {
        if !e.strict
            && !e.in_basic_finalizer
            && !object.is_null()
            && !value_.is_null()
            && e.host().can_call_js.get()
        {
            match JS_SetFastArrayElement(e.ctx, *object, index, *value_) {
                1 => return e.clear_last_error(),
                0 => {}
                _ => {
                    return {
                        let s = thrown(e);
                        e.set_last_error(s)
                    }
                }
            }
        } else if e.strict {
            if let Some(st) = set_element_strict_fast(e, object, index, value_) {
                return st;
            }
        }
    }
    api_js(env, |env| {
        let v = value(value_)?;
        let o = value(object)?;
        // A proxy takes the sloppy-mode set below: its trap returning
        // false is napi_ok, as in Node, and cannot be told apart from a
        // throw once JS_SetPropertyUint32 has failed.
        if qjs::is_object(o) && !JS_IsProxy(o) {
            // QuickJS's indexed set keeps a fast array fast (appending at
            // its end grows it in place); the atom path would make every
            // element a lookup through the prototype chain.
            if JS_SetPropertyUint32(env.ctx, o, index, dup(v)) >= 0 {
                return Ok(());
            }
            let atom = index_atom(env, index)?;
            let refused = sloppy_set_refused(env.ctx, o, atom);
            JS_FreeAtom(env.ctx, atom);
            if refused {
                free(env.ctx, JS_GetException(env.ctx));
                return Ok(());
            }
            return Err(thrown(env));
        }
        let atom = index_atom(env, index);
        with_prop(env, object, atom, |env, o, a| set(env, o, a, value_))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_element(
    env: napi_env,
    object: napi_value,
    index: u32,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let atom = index_atom(env, index);
        with_prop(env, object, atom, |env, o, a| get(env, o, a, result))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_has_element(
    env: napi_env,
    object: napi_value,
    index: u32,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let atom = index_atom(env, index);
        with_prop(env, object, atom, |env, o, a| has(env, o, a, result))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_delete_element(
    env: napi_env,
    object: napi_value,
    index: u32,
    result: *mut bool,
) -> napi_status {
    api_js(env, |env| {
        let atom = index_atom(env, index);
        with_prop(env, object, atom, |env, o, a| delete(env, o, a, result))
    })
}

// ---- key enumeration ----

/// Collects keys as Node's `napi_get_all_property_names` does: own keys in
/// spec order, then (with include_prototypes) each prototype's keys not
/// already seen; filtered by attributes; integer keys as numbers unless
/// converted to strings.
unsafe fn collect_keys(
    env: &mut Env,
    obj: JSValue,
    mode: napi_key_collection_mode,
    filter: napi_key_filter,
    conversion: napi_key_conversion,
) -> Result<JSValue, napi_status> {
    let ctx = env.ctx;
    let arr = JS_NewArray(ctx);
    // Keys already met lower in the prototype chain (shadowed ones are
    // listed once); a set, since a chain may hold many thousands of keys.
    let mut seen: std::collections::HashSet<JSAtom> = std::collections::HashSet::new();
    let mut cur = dup(obj);
    let mut n = 0u32;
    loop {
        let mut tab: *mut JSPropertyEnum = std::ptr::null_mut();
        let mut len = 0u32;
        if JS_GetOwnPropertyNames(
            ctx,
            &mut tab,
            &mut len,
            cur,
            (JS_GPN_STRING_MASK | JS_GPN_SYMBOL_MASK) as i32,
        ) < 0
        {
            free(ctx, cur);
            free(ctx, arr);
            return Err(thrown(env));
        }
        for i in 0..len as usize {
            let atom = (*tab.add(i)).atom;
            if mode != napi_key_own_only {
                if seen.contains(&atom) {
                    continue;
                }
                seen.insert(JS_DupAtom(ctx, atom));
            }
            let mut desc: JSPropertyDescriptor = std::mem::zeroed();
            let r = JS_GetOwnProperty(ctx, &mut desc, cur, atom);
            if r <= 0 {
                continue;
            }
            free(ctx, desc.value);
            free(ctx, desc.getter);
            free(ctx, desc.setter);
            let flags = desc.flags as u32;
            let is_accessor = flags & JS_PROP_GETSET != 0;
            // As V8: only non-writable data properties fail the writable
            // filter; accessors pass it.
            if filter & napi_key_writable != 0 && !is_accessor && flags & JS_PROP_WRITABLE == 0 {
                continue;
            }
            if filter & napi_key_enumerable != 0 && flags & JS_PROP_ENUMERABLE == 0 {
                continue;
            }
            if filter & napi_key_configurable != 0 && flags & JS_PROP_CONFIGURABLE == 0 {
                continue;
            }
            let key = JS_AtomToValue(ctx, atom);
            let is_sym = qjs::is_symbol(key);
            if (is_sym && filter & napi_key_skip_symbols != 0)
                || (!is_sym && filter & napi_key_skip_strings != 0)
            {
                free(ctx, key);
                continue;
            }
            let key = if !is_sym && conversion == napi_key_keep_numbers {
                // Integer-index keys come back as numbers.
                let mut idx = 0u32;
                if atom_is_index(ctx, key, &mut idx) {
                    free(ctx, key);
                    qjs::number_i64(idx as i64)
                } else {
                    key
                }
            } else {
                key
            };
            JS_SetPropertyUint32(ctx, arr, n, key);
            n += 1;
        }
        JS_FreePropertyEnum(ctx, tab, len);
        if mode == napi_key_own_only {
            free(ctx, cur);
            break;
        }
        let proto = JS_GetPrototype(ctx, cur);
        free(ctx, cur);
        if !qjs::is_object(proto) {
            free(ctx, proto);
            break;
        }
        cur = proto;
        if mode != napi_key_own_only {
            continue;
        }
    }
    for a in seen {
        JS_FreeAtom(ctx, a);
    }
    Ok(arr)
}

/// Whether a string key is a canonical array index ("0", "17", not "01").
unsafe fn atom_is_index(ctx: *mut JSContext, key: JSValue, out: &mut u32) -> bool {
    let Some(s) = qjs::to_rust_string(ctx, key) else {
        return false;
    };
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    match s.parse::<u32>() {
        Ok(v) if v != u32::MAX => {
            *out = v;
            true
        }
        _ => false,
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_property_names(
    env: napi_env,
    object: napi_value,
    result: *mut napi_value,
) -> napi_status {
    napi_get_all_property_names(
        env,
        object,
        napi_key_include_prototypes,
        napi_key_enumerable | napi_key_skip_symbols,
        napi_key_numbers_to_strings,
        result,
    )
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_all_property_names(
    env: napi_env,
    object: napi_value,
    key_mode: napi_key_collection_mode,
    key_filter: napi_key_filter,
    key_conversion: napi_key_conversion,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let obj = to_object(env, object)?;
        if !(0..=1).contains(&key_mode) || !(0..=1).contains(&key_conversion) {
            free(env.ctx, obj);
            return Err(napi_invalid_arg);
        }
        let r = collect_keys(env, obj, key_mode, key_filter, key_conversion);
        free(env.ctx, obj);
        write(result, env.push(r?))
    })
}

// ---- define_properties ----

/// Defines one `napi_property_descriptor` on `target`.
pub(crate) unsafe fn define_property(
    env: &mut Env,
    target: JSValue,
    p: &napi_property_descriptor,
) -> Result<(), napi_status> {
    let ctx = env.ctx;
    let key = if !p.utf8name.is_null() {
        qjs::string_bytes(ctx, CStr::from_ptr(p.utf8name).to_bytes())
    } else {
        let n = value(p.name)?;
        if !qjs::is_string(n) && !qjs::is_symbol(n) {
            return Err(napi_name_expected);
        }
        dup(n)
    };
    // Node gives methods and accessors made from descriptors an empty name.
    let name_bytes: &[u8] = b"";
    let atom = JS_ValueToAtom(ctx, key);
    free(ctx, key);
    let attrs = p.attributes;
    // No JS_PROP_THROW: V8 reports a refused definition (a non-configurable
    // property, a trap returning false) as `false`, which Node turns into
    // napi_invalid_arg with nothing thrown; a throwing trap stays pending.
    let mut flags = JS_PROP_HAS_CONFIGURABLE | JS_PROP_HAS_ENUMERABLE;
    if attrs & napi_configurable != 0 {
        flags |= JS_PROP_CONFIGURABLE;
    }
    if attrs & napi_enumerable != 0 {
        flags |= JS_PROP_ENUMERABLE;
    }
    let r = if p.getter.is_some() || p.setter.is_some() {
        let getter = match p.getter {
            Some(_) => new_function(env, name_bytes, p.getter, p.data)?,
            None => JS_UNDEFINED,
        };
        let setter = match p.setter {
            Some(_) => new_function(env, name_bytes, p.setter, p.data)?,
            None => JS_UNDEFINED,
        };
        flags |= JS_PROP_HAS_GET | JS_PROP_HAS_SET;
        let r = JS_DefineProperty(
            ctx,
            target,
            atom,
            JS_UNDEFINED,
            getter,
            setter,
            flags as i32,
        );
        free(ctx, getter);
        free(ctx, setter);
        r
    } else {
        let v = if p.method.is_some() {
            new_function(env, name_bytes, p.method, p.data)?
        } else {
            dup(value(p.value)?)
        };
        flags |= JS_PROP_HAS_VALUE | JS_PROP_HAS_WRITABLE;
        if attrs & napi_writable != 0 {
            flags |= JS_PROP_WRITABLE;
        }
        let r = JS_DefineProperty(
            ctx,
            target,
            atom,
            v,
            JS_UNDEFINED,
            JS_UNDEFINED,
            flags as i32,
        );
        free(ctx, v);
        r
    };
    JS_FreeAtom(ctx, atom);
    match r {
        r if r < 0 => Err(thrown(env)),
        0 => Err(napi_invalid_arg),
        _ => Ok(()),
    }
}

/// Checks a descriptor array argument.
pub(crate) unsafe fn descriptors<'a>(
    count: usize,
    props: *const napi_property_descriptor,
) -> Result<&'a [napi_property_descriptor], napi_status> {
    if count == 0 {
        return Ok(&[]);
    }
    check_arg(props)?;
    Ok(std::slice::from_raw_parts(props, count))
}

#[no_mangle]
pub unsafe extern "C" fn napi_define_properties(
    env: napi_env,
    object: napi_value,
    property_count: usize,
    properties: *const napi_property_descriptor,
) -> napi_status {
    api_js(env, |env| {
        value(object)?;
        let props = descriptors(property_count, properties)?;
        // Node converts with ToObject: primitives are boxed, not refused.
        let obj = to_object(env, object)?;
        let r = props.iter().try_for_each(|p| define_property(env, obj, p));
        free(env.ctx, obj);
        r
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_prototype(
    env: napi_env,
    object: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        let obj = to_object(env, object)?;
        // V8's GetPrototype does not run a Proxy's getPrototypeOf trap: a
        // Proxy's own prototype slot is null.
        if JS_IsProxy(obj) {
            free(env.ctx, obj);
            return write(result, env.push(JS_NULL));
        }
        let p = JS_GetPrototype(env.ctx, obj);
        free(env.ctx, obj);
        if qjs::is_exception(p) {
            return Err(thrown(env));
        }
        write(result, env.push(p))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_object_freeze(env: napi_env, object: napi_value) -> napi_status {
    api_js(env, |env| {
        let o = to_object(env, object)?;
        let r = JS_FreezeObject(env.ctx, o);
        free(env.ctx, o);
        if r < 0 {
            return Err(thrown(env));
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_object_seal(env: napi_env, object: napi_value) -> napi_status {
    api_js(env, |env| {
        let o = to_object(env, object)?;
        let r = JS_SealObject(env.ctx, o);
        free(env.ctx, o);
        if r < 0 {
            return Err(thrown(env));
        }
        Ok(())
    })
}

// ---- arrays ----

#[no_mangle]
pub unsafe extern "C" fn napi_create_array(env: napi_env, result: *mut napi_value) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        write(result, env.push(JS_NewArray(env.ctx)))
    })
}

/// The largest length `napi_create_array_with_length` reserves room for.
const PRESIZE_MAX: u32 = 1 << 16;

#[no_mangle]
pub unsafe extern "C" fn napi_create_array_with_length(
    env: napi_env,
    length: usize,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        // V8 takes the length as an int; larger values become 0 there too.
        let len = if length > i32::MAX as usize {
            0
        } else {
            length as u32
        };
        // Holes up to `len`, as Node's, in QuickJS's fast representation
        // with room reserved (up to PRESIZE_MAX), so that setting the
        // elements in order fills it in place.
        let a = JS_NewArrayWithLength(env.ctx, len, len.min(PRESIZE_MAX));
        if qjs::is_exception(a) {
            return Err(thrown(env));
        }
        write(result, env.push(a))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_is_array(
    env: napi_env,
    value_: napi_value,
    result: *mut bool,
) -> napi_status {
    api(env, |_| {
        let v = value(value_)?;
        write(result, JS_IsArray(v))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_array_length(
    env: napi_env,
    value_: napi_value,
    result: *mut u32,
) -> napi_status {
    api_js(env, |env| {
        let v = value(value_)?;
        check_arg(result)?;
        if !JS_IsArray(v) {
            return Err(napi_array_expected);
        }
        let mut len = 0i64;
        if JS_GetLength(env.ctx, v, &mut len) < 0 {
            return Err(thrown(env));
        }
        write(result, len as u32)
    })
}

#[no_mangle]
pub unsafe extern "C" fn node_api_set_prototype(
    env: napi_env,
    object: napi_value,
    value_: napi_value,
) -> napi_status {
    api_js(env, |env| {
        let o = value(object)?;
        let p = value(value_)?;
        if !qjs::is_object(o) {
            return Err(napi_object_expected);
        }
        if JS_SetPrototype(env.ctx, o, p) < 0 {
            return Err(napi_pending_exception);
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn node_api_create_object_with_properties(
    env: napi_env,
    prototype_or_null: napi_value,
    property_names: *const napi_value,
    property_values: *const napi_value,
    property_count: usize,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        if property_count > 0 {
            check_arg(property_names)?;
            check_arg(property_values)?;
        }
        let ctx = env.ctx;
        let obj = if prototype_or_null.is_null() {
            JS_NewObject(ctx)
        } else {
            let p = *prototype_or_null;
            if !qjs::is_object(p) && !qjs::is_null(p) {
                return Err(napi_object_expected);
            }
            JS_NewObjectProto(ctx, p)
        };
        for i in 0..property_count {
            let k = value(*property_names.add(i));
            let v = value(*property_values.add(i));
            let (Ok(k), Ok(v)) = (k, v) else {
                free(ctx, obj);
                return Err(napi_invalid_arg);
            };
            if !qjs::is_string(k) && !qjs::is_symbol(k) {
                free(ctx, obj);
                return Err(napi_name_expected);
            }
            let atom = JS_ValueToAtom(ctx, k);
            let r = JS_DefinePropertyValue(ctx, obj, atom, dup(v), JS_PROP_C_W_E as i32);
            JS_FreeAtom(ctx, atom);
            if r < 0 {
                free(ctx, obj);
                return Err(napi_pending_exception);
            }
        }
        write(result, env.push(obj))
    })
}
