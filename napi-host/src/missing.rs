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
    napi_adjust_external_memory,
    napi_create_arraybuffer,
    napi_create_dataview,
    napi_create_external_arraybuffer,
    napi_create_promise,
    napi_create_reference,
    napi_create_typedarray,
    napi_delete_reference,
    napi_get_arraybuffer_info,
    napi_get_dataview_info,
    napi_get_reference_value,
    napi_get_typedarray_info,
    napi_is_arraybuffer,
    napi_is_dataview,
    napi_is_promise,
    napi_is_typedarray,
    napi_reference_ref,
    napi_reference_unref,
    napi_reject_deferred,
    napi_remove_wrap,
    napi_resolve_deferred,
    napi_unwrap,
    napi_wrap,
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
    napi_add_finalizer,
    napi_create_date,
    napi_get_date_value,
    napi_is_date,
    napi_create_bigint_int64,
    napi_create_bigint_uint64,
    napi_create_bigint_words,
    napi_get_value_bigint_int64,
    napi_get_value_bigint_uint64,
    napi_get_value_bigint_words,
    napi_detach_arraybuffer,
    napi_is_detached_arraybuffer,
    napi_check_object_type_tag,
    napi_type_tag_object,
    napi_add_async_cleanup_hook,
    napi_remove_async_cleanup_hook,
    node_api_create_external_string_latin1,
    node_api_create_external_string_utf16,
    node_api_create_property_key_latin1,
    node_api_create_property_key_utf16,
    node_api_create_property_key_utf8,
    node_api_create_buffer_from_arraybuffer,
    node_api_post_finalizer,
    node_api_set_prototype,
    node_api_create_object_with_properties,
    node_api_create_sharedarraybuffer,
    node_api_create_external_sharedarraybuffer,
    node_api_is_sharedarraybuffer,
}
