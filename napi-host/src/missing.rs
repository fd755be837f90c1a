//! Node-API functions nabi does not implement yet. Each is still exported
//! (a missing symbol would kill an addon at its first call): it returns
//! `napi_generic_failure` with a last-error message naming it. Implementing
//! one means moving it from this list to its area's file.

use std::ffi::CStr;

use crate::types::*;

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

not_implemented! {
    napi_async_destroy,
    napi_async_init,
    napi_cancel_async_work,
    napi_create_async_work,
    napi_create_buffer,
    napi_create_buffer_copy,
    napi_create_external_buffer,
    napi_delete_async_work,
    napi_get_buffer_info,
    napi_is_buffer,
    napi_make_callback,
    napi_queue_async_work,
    napi_add_env_cleanup_hook,
    napi_close_callback_scope,
    napi_fatal_exception,
    napi_open_callback_scope,
    napi_remove_env_cleanup_hook,
    napi_acquire_threadsafe_function,
    napi_call_threadsafe_function,
    napi_create_threadsafe_function,
    napi_get_threadsafe_function_context,
    napi_ref_threadsafe_function,
    napi_release_threadsafe_function,
    napi_unref_threadsafe_function,
    napi_add_async_cleanup_hook,
    napi_remove_async_cleanup_hook,
    node_api_create_buffer_from_arraybuffer,
    node_api_create_external_sharedarraybuffer,
}
