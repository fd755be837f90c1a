//! A `Host` is per QuickJS runtime and its one context (napi-host's
//! per-runtime state: classes, the reference slab, the finalizer queue):
//! a second `Host::new` on another context of the same runtime is refused
//! with a clear panic instead of sharing that state unnoticed. After the
//! first host's teardown the runtime frees (QuickJS's `JS_FreeRuntime`
//! asserts no object is left) and a new runtime gets a host again.

use std::ptr;

use napi_host::Host;
use rquickjs_sys::*;

#[test]
fn a_second_host_on_one_runtime_is_refused_and_the_first_tears_down_cleanly() {
    // SAFETY: one runtime, used on this thread only; no addon is loaded,
    // so no loop is needed.
    unsafe {
        let rt = JS_NewRuntime();
        let ctx = JS_NewContext(rt);
        let host = Host::new(ctx, ptr::null_mut());
        assert!(Host::from_runtime(rt).is_some());

        let other = JS_NewContext(rt);
        let second = std::panic::catch_unwind(|| Host::new(other, ptr::null_mut()));
        let message = second
            .err()
            .and_then(|p| {
                p.downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
            })
            .expect("a second Host::new on the runtime must panic");
        assert!(
            message.contains("a Host is per runtime and its one context"),
            "{message}"
        );
        JS_FreeContext(other);

        host.teardown();
        assert!(Host::from_runtime(rt).is_none());
        JS_FreeContext(ctx);
        JS_FreeRuntime(rt);

        // The side table forgot the runtime: a new one gets a host.
        let rt = JS_NewRuntime();
        let ctx = JS_NewContext(rt);
        Host::new(ctx, ptr::null_mut()).teardown();
        JS_FreeContext(ctx);
        JS_FreeRuntime(rt);
    }
}
