//! Functions: `napi_create_function`, the one call trampoline every JS→native
//! call goes through, `napi_get_cb_info`, `napi_call_function`,
//! `napi_new_instance`, `napi_get_new_target`.
//!
//! Native functions are objects of one QuickJS class whose `call` hook is the
//! trampoline; the hook sees the construct flag, so `new f()` and
//! `class B extends A` work without a bytecode shim.

use std::ffi::{c_char, c_void};
use std::ptr;

use rquickjs_sys::*;

use crate::env::*;
use crate::qjs::{self, dup, free};
use crate::types::*;

/// What a native function object carries (its QuickJS opaque).
pub(crate) struct FunctionRecord {
    pub env: *mut Env,
    pub cb: unsafe extern "C" fn(napi_env, napi_callback_info) -> napi_value,
    pub data: *mut c_void,
}

/// `napi_callback_info`: lives on the trampoline's stack for one call.
/// Its first word is the receiver as the `napi_value` that
/// `napi_get_cb_info` hands out, as in Deno and Bun: Koffi probes for that
/// (a host where neither of the first two words is the receiver's handle
/// is taken for Node, whose internal layout it then reads directly).
#[repr(C)]
pub(crate) struct CallbackInfo {
    this_handle: napi_value,
    this: JSValue,
    new_target: JSValue,
    argc: usize,
    argv: *const JSValue,
    data: *mut c_void,
}

unsafe extern "C" fn finalize_function(_rt: *mut JSRuntime, val: JSValue) {
    let rec = JS_GetOpaque(val, function_class_id()) as *mut FunctionRecord;
    if !rec.is_null() {
        // SAFETY: the record was boxed by `new_function` and is freed once.
        drop(Box::from_raw(rec));
    }
}

pub(crate) unsafe fn register_function_class(rt: *mut JSRuntime, id: JSClassID) {
    let def = JSClassDef {
        class_name: c"Function".as_ptr(),
        finalizer: Some(finalize_function),
        gc_mark: None,
        call: Some(trampoline),
        exotic: ptr::null_mut(),
    };
    JS_NewClass(rt, id, &def);
}

/// The JS→native call path: scope, receiver, callback, result or exception.
unsafe extern "C" fn trampoline(
    ctx: *mut JSContext,
    func_obj: JSValue,
    this_val: JSValue,
    argc: i32,
    argv: *mut JSValue,
    flags: i32,
) -> JSValue {
    let rec = &*(JS_GetOpaque(func_obj, function_class_id()) as *const FunctionRecord);
    let env = &mut *rec.env;
    let host = &*env.host;
    let construct = flags & JS_CALL_FLAG_CONSTRUCTOR as i32 != 0;

    let (this, new_target) = if construct {
        // `this_val` is new.target; the receiver is a fresh object whose
        // prototype is new.target.prototype, as for an ordinary constructor.
        let proto = JS_GetPropertyStr(ctx, this_val, c"prototype".as_ptr());
        if qjs::is_exception(proto) {
            return proto;
        }
        let obj = if qjs::is_object(proto) {
            JS_NewObjectProto(ctx, proto)
        } else {
            JS_NewObject(ctx)
        };
        free(ctx, proto);
        (obj, this_val)
    } else if qjs::is_undefined(this_val) || qjs::is_null(this_val) {
        // API functions are sloppy: a missing receiver is the global object.
        (dup(*env.fixed(FIXED_GLOBAL)), JS_UNDEFINED)
    } else if qjs::is_object(this_val) {
        (dup(this_val), JS_UNDEFINED)
    } else {
        // ...and a primitive receiver is boxed.
        (JS_ToObject(ctx, this_val), JS_UNDEFINED)
    };

    let mark = env.handles.len();
    let mut info = CallbackInfo {
        this_handle: env.push(dup(this)),
        this,
        new_target,
        argc: argc as usize,
        argv,
        data: rec.data,
    };
    let (floor, depth) = (env.scope_floor, env.scopes.len());
    env.scope_floor = depth;
    // Node clears the last error when it enters a callback.
    env.clear_last_error();

    // Strict mode's record of who made a reference (two stores: cheaper
    // than a branch on the mode).
    let outer_callback = std::mem::replace(&mut env.running_callback, rec.cb as usize);
    let ret = (rec.cb)(env, &mut info as *mut CallbackInfo as napi_callback_info);
    env.running_callback = outer_callback;

    let result = if JS_HasException(ctx) {
        free(ctx, this);
        JS_EXCEPTION
    } else if ret.is_null() {
        if construct {
            this
        } else {
            free(ctx, this);
            JS_UNDEFINED
        }
    } else {
        let r = if env.strict && (*ret).tag == crate::strict::POISON_TAG {
            // Strict mode poisons a closed scope's slots; the value still
            // comes back as without strict mode (and in Node) when its scope
            // was the last one closed.
            crate::strict::report_no_status(
                env,
                crate::strict::STALE_HANDLE,
                "a native callback returned a napi_value whose handle scope had closed: \
                 make it in an escapable scope and return napi_escape_handle's result",
            );
            env.closed_value(ret).unwrap_or(JS_UNDEFINED)
        } else {
            dup(*ret)
        };
        if construct && !qjs::is_object(r) {
            free(ctx, r);
            this
        } else {
            free(ctx, this);
            r
        }
    };
    env.close_scopes_to(depth);
    env.scope_floor = floor;
    env.handles.truncate(ctx, mark);
    env.free_closed_scope();
    if host.weak_pending.get() {
        host.flush_weak();
    }
    if !host.basic_finalizers.borrow().is_empty() {
        host.run_finalizers();
    }
    if let Some((check, opaque)) = host.interrupt.get() {
        if check(host.rt, opaque) != 0 {
            return interrupted(ctx, result);
        }
    }
    result
}

/// The embedder's interrupt handler asked to stop (a terminated worker):
/// the call ends in QuickJS's own uncatchable "interrupted" error, as if
/// QuickJS had polled the handler itself.
#[cold]
unsafe fn interrupted(ctx: *mut JSContext, result: JSValue) -> JSValue {
    if qjs::is_exception(result) {
        free(ctx, JS_GetException(ctx));
    } else {
        free(ctx, result);
    }
    let msg = qjs::string(ctx, "interrupted");
    let mut args = [msg];
    let global = JS_GetGlobalObject(ctx);
    let ctor = qjs::get_str(ctx, global, c"InternalError");
    let e = JS_CallConstructor(ctx, ctor, 1, args.as_mut_ptr());
    free(ctx, ctor);
    free(ctx, global);
    free(ctx, msg);
    if !qjs::is_exception(e) {
        JS_SetUncatchableError(ctx, e);
        JS_Throw(ctx, e);
    }
    JS_EXCEPTION
}

/// Creates a native function object (shared by functions, methods,
/// accessors and class constructors).
pub(crate) unsafe fn new_function(
    env: &mut Env,
    name: &[u8],
    cb: napi_callback,
    data: *mut c_void,
) -> Result<JSValue, napi_status> {
    let cb = cb.ok_or(napi_invalid_arg)?;
    let ctx = env.ctx;
    let host = env.host();
    let proto = JS_GetFunctionProto(ctx);
    let f = JS_NewObjectProtoClass(ctx, proto, host.function_class);
    free(ctx, proto);
    if qjs::is_exception(f) {
        return Err(napi_generic_failure);
    }
    let rec = Box::into_raw(Box::new(FunctionRecord {
        env: env as *mut Env,
        cb,
        data,
    }));
    JS_SetOpaque(f, rec.cast());
    JS_SetConstructorBit(ctx, f, true);
    let name = qjs::string(ctx, &String::from_utf8_lossy(name));
    JS_DefinePropertyValueStr(
        ctx,
        f,
        c"length".as_ptr(),
        qjs::int(0),
        JS_PROP_CONFIGURABLE as i32,
    );
    JS_DefinePropertyValueStr(ctx, f, c"name".as_ptr(), name, JS_PROP_CONFIGURABLE as i32);
    // V8's functions from templates have a writable `prototype` whose
    // `constructor` is the function, so `class B extends F` works.
    let proto = JS_NewObject(ctx);
    JS_DefinePropertyValueStr(
        ctx,
        proto,
        c"constructor".as_ptr(),
        dup(f),
        (JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE) as i32,
    );
    JS_DefinePropertyValueStr(
        ctx,
        f,
        c"prototype".as_ptr(),
        proto,
        JS_PROP_WRITABLE as i32,
    );
    Ok(f)
}

/// A function or class name: none when NULL (whatever the length, as in
/// Node), else the C string; a length above `INT_MAX` is `napi_invalid_arg`.
pub(crate) unsafe fn name_bytes<'a>(
    name: *const c_char,
    len: usize,
) -> Result<&'a [u8], napi_status> {
    if name.is_null() {
        Ok(b"")
    } else {
        c_bytes(name, len)
    }
}

#[no_mangle]
pub unsafe extern "C" fn napi_create_function(
    env: napi_env,
    utf8name: *const c_char,
    length: usize,
    cb: napi_callback,
    data: *mut c_void,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(result)?;
        cb.ok_or(napi_invalid_arg)?;
        let f = new_function(env, name_bytes(utf8name, length)?, cb, data)?;
        write(result, env.push(f))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_cb_info(
    env: napi_env,
    cbinfo: napi_callback_info,
    argc: *mut usize,
    argv: *mut napi_value,
    this_arg: *mut napi_value,
    data: *mut *mut c_void,
) -> napi_status {
    api(env, |env| {
        check_arg(cbinfo)?;
        let info = &*(cbinfo as *const CallbackInfo);
        if !argv.is_null() {
            check_arg(argc)?;
            let wanted = *argc;
            let n = wanted.min(info.argc);
            for i in 0..n {
                *argv.add(i) = env.push(dup(*info.argv.add(i)));
            }
            for i in n..wanted {
                *argv.add(i) = env.fixed(FIXED_UNDEFINED);
            }
        }
        if !argc.is_null() {
            *argc = info.argc;
        }
        if !this_arg.is_null() {
            *this_arg = info.this_handle;
        }
        if !data.is_null() {
            *data = info.data;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_new_target(
    env: napi_env,
    cbinfo: napi_callback_info,
    result: *mut napi_value,
) -> napi_status {
    api(env, |env| {
        check_arg(cbinfo)?;
        check_arg(result)?;
        let info = &*(cbinfo as *const CallbackInfo);
        *result = if qjs::is_undefined(info.new_target) {
            ptr::null_mut()
        } else {
            env.push(dup(info.new_target))
        };
        Ok(())
    })
}

/// Arguments for a call from native code, as borrowed JSValues.
unsafe fn call_args(argc: usize, argv: *const napi_value) -> Result<Vec<JSValue>, napi_status> {
    if argc > 0 {
        check_arg(argv)?;
    }
    (0..argc).map(|i| value(*argv.add(i))).collect()
}

#[no_mangle]
pub unsafe extern "C" fn napi_call_function(
    env: napi_env,
    recv: napi_value,
    func: napi_value,
    argc: usize,
    argv: *const napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let recv = value(recv)?;
        let func = value(func)?;
        let mut args = call_args(argc, argv)?;
        // Node's CHECK_TO_FUNCTION reports a non-function as invalid_arg.
        if !JS_IsFunction(env.ctx, func) {
            return Err(napi_invalid_arg);
        }
        let r = JS_Call(env.ctx, func, recv, argc as i32, args.as_mut_ptr());
        if qjs::is_exception(r) {
            return Err(napi_pending_exception);
        }
        if result.is_null() {
            free(env.ctx, r);
        } else {
            *result = env.push(r);
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_new_instance(
    env: napi_env,
    constructor: napi_value,
    argc: usize,
    argv: *const napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let cons = value(constructor)?;
        let mut args = call_args(argc, argv)?;
        check_arg(result)?;
        if !JS_IsFunction(env.ctx, cons) {
            return Err(napi_invalid_arg);
        }
        let r = JS_CallConstructor(env.ctx, cons, argc as i32, args.as_mut_ptr());
        if qjs::is_exception(r) {
            return Err(napi_pending_exception);
        }
        write(result, env.push(r))
    })
}
