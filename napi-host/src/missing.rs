//! Node-API functions nabi does not implement yet (none at the moment). Each is still exported
//! (a missing symbol would kill an addon at its first call): it returns
//! `napi_generic_failure` with a last-error message naming it. Implementing
//! one means moving it from this list to its area's file.

use std::ffi::CStr;

use crate::env::napi_env;
use crate::types::*;

// Unused while every function is implemented; kept for the next one.
#[allow(dead_code)]
unsafe fn not_implemented(env: napi_env, message: &'static CStr) -> napi_status {
    match env.as_mut() {
        Some(env) => env.set_last_error_message(napi_generic_failure, message),
        None => napi_invalid_arg,
    }
}

macro_rules! not_implemented {
    ($($name:ident),* $(,)?) => {
        $(
            /// Not implemented yet: see the module documentation.
            #[no_mangle]
            pub unsafe extern "C" fn $name(env: napi_env) -> napi_status {
                const MESSAGE: &CStr = match CStr::from_bytes_with_nul(
                    concat!(stringify!($name), " is not implemented in nabi\0").as_bytes(),
                ) {
                    Ok(m) => m,
                    Err(_) => panic!("message has an interior NUL"),
                };
                not_implemented(env, MESSAGE)
            }
        )*
        /// The names above, for the coverage table.
        pub const NOT_IMPLEMENTED: &[&str] = &[$(stringify!($name)),*];
    };
}

not_implemented! {}
