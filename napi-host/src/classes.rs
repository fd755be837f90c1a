//! `napi_define_class`: a native constructor with a prototype carrying the
//! instance properties and the constructor itself carrying the static ones.

use std::ffi::{c_char, c_void};

use rquickjs_sys::*;

use crate::env::*;
use crate::functions::{name_bytes, new_function};
use crate::objects::{define_property, descriptors};
use crate::qjs::free;
use crate::types::*;

#[no_mangle]
pub unsafe extern "C" fn napi_define_class(
    env: napi_env,
    utf8name: *const c_char,
    length: usize,
    constructor: napi_callback,
    data: *mut c_void,
    property_count: usize,
    properties: *const napi_property_descriptor,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        check_arg(result)?;
        check_arg(utf8name)?;
        constructor.ok_or(napi_invalid_arg)?;
        let props = descriptors(property_count, properties)?;
        let ctx = env.ctx;
        let ctor = new_function(env, name_bytes(utf8name, length)?, constructor, data)?;
        // new_function gave it V8's `prototype`, with `constructor`.
        let proto = JS_GetPropertyStr(ctx, ctor, c"prototype".as_ptr());
        let handle = env.push(ctor);
        for p in props {
            let target = if p.attributes & napi_static != 0 {
                ctor
            } else {
                proto
            };
            if let Err(s) = define_property(env, target, p) {
                free(ctx, proto);
                return Err(s);
            }
        }
        free(ctx, proto);
        write(result, handle)
    })
}
