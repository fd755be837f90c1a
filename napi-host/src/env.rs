//! The per-context [`Host`] and the per-module [`Env`] (`napi_env`), the
//! handle store and scopes, the finalizer queue, and the bookkeeping wrapper
//! every `napi_*` function goes through.

use std::cell::RefCell;
use std::ffi::{c_char, c_void, CStr};
use std::io::Write;
use std::ptr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use rquickjs_sys::*;

use crate::qjs::{self, free};
use crate::types::*;

// ---- the C types that name `napi_env` (the rest are in types.rs) ----

/// `napi_env`: a module's [`Env`].
pub type napi_env = *mut Env;
pub type napi_callback =
    Option<unsafe extern "C" fn(env: napi_env, info: napi_callback_info) -> napi_value>;
pub type napi_finalize =
    Option<unsafe extern "C" fn(env: napi_env, data: *mut c_void, hint: *mut c_void)>;

#[repr(C)]
pub struct napi_property_descriptor {
    pub utf8name: *const c_char,
    pub name: napi_value,
    pub method: napi_callback,
    pub getter: napi_callback,
    pub setter: napi_callback,
    pub value: napi_value,
    pub attributes: napi_property_attributes,
    pub data: *mut c_void,
}

/// The legacy registration record (`napi_module_register`).
#[repr(C)]
pub struct napi_module {
    pub nm_version: i32,
    pub nm_flags: u32,
    pub nm_filename: *const c_char,
    pub nm_register_func: Option<unsafe extern "C" fn(napi_env, napi_value) -> napi_value>,
    pub nm_modname: *const c_char,
    pub nm_priv: *mut c_void,
    pub reserved: [*mut c_void; 4],
}

/// The embedder's handler for exceptions nothing caught.
pub type UncaughtHandler = unsafe fn(&Host, JSValue);

/// State shared by every module loaded into one QuickJS context: the engine,
/// the loop, the classes napi-host registers and the finalizer queue.
pub struct Host {
    pub ctx: *mut JSContext,
    pub rt: *mut JSRuntime,
    pub uv_loop: *mut c_void,
    pub(crate) function_class: JSClassID,
    pub(crate) intrinsics: Intrinsics,
    /// Ordinary finalizers (of collected values, and posted ones): run in a
    /// task on the loop after they are queued ([`FinalizerTask`]), as Node
    /// runs them from a native immediate, never inside `gc()`.
    pub(crate) finalizers: RefCell<std::collections::VecDeque<PendingFinalizer>>,
    /// Basic finalizers (collected values of experimental-version modules):
    /// Node runs those inside GC; here at the safe points of
    /// [`Host::run_finalizers`].
    pub(crate) basic_finalizers: RefCell<std::collections::VecDeque<PendingFinalizer>>,
    /// The batch being run: a finalizer may cancel another one queued in it
    /// (by deleting the reference that owns it).
    pub(crate) running: RefCell<std::collections::VecDeque<PendingFinalizer>>,
    /// How many finalizers are running (nested): strict mode's check of a
    /// finalizer cancelling another one.
    pub(crate) in_finalizer: std::cell::Cell<u32>,
    /// The loop task that runs ordinary finalizers.
    pub(crate) task: *mut FinalizerTask,
    /// False once teardown has begun: Node-API calls that may run JS then
    /// fail (Node's `can_call_into_js`).
    pub(crate) can_call_js: std::cell::Cell<bool>,
    /// False in [`Host::release`]: no addon code runs any more (cleanup
    /// hooks, finalizers, threadsafe-function callbacks are skipped).
    pub(crate) run_native: std::cell::Cell<bool>,
    pub(crate) envs: RefCell<Vec<*mut Env>>,
    /// Free for the embedder (the runtime keeps its own state here).
    pub embedder_data: *mut c_void,
    /// Records (externals, wraps, finalizers) whose finalizer has not run,
    /// by creation number: teardown finalizes newest first, as Node does.
    pub(crate) live_records: RefCell<std::collections::BTreeMap<u64, usize>>,
    pub(crate) next_record: std::cell::Cell<u64>,
    /// `napi_adjust_external_memory`'s running total.
    pub(crate) external_memory: std::cell::Cell<i64>,
    /// Threadsafe functions not yet closed.
    pub(crate) live_tsfns: RefCell<std::collections::HashSet<usize>>,
    /// References not yet deleted: teardown frees their values, as Node
    /// does at env teardown, so the runtime can be freed.
    pub(crate) refs: RefCell<crate::ref_slab::RefSlab>,
    /// Some reference at zero, or deleted, still holds its value until JS
    /// runs again (`ref_slab::flush`).
    pub(crate) weak_pending: std::cell::Cell<bool>,
    /// Deferreds not yet settled (they hold the promise's resolving
    /// functions): freed at teardown too.
    pub(crate) live_deferreds: RefCell<std::collections::HashSet<usize>>,
    /// `Buffer.prototype`, given by the embedder for `napi_create_buffer*`.
    pub(crate) buffer_prototype: std::cell::Cell<JSValue>,
    /// Env cleanup hooks of every env, in registration order.
    pub(crate) cleanup_hooks: RefCell<Vec<CleanupHook>>,
    /// Open callback scopes and `napi_make_callback` calls.
    pub(crate) callback_depth: std::cell::Cell<u32>,
    /// Run after every macrotask native code drives (async work completion,
    /// threadsafe calls, outermost `napi_make_callback`): the embedder drains
    /// nextTicks and microtasks here, as Node does.
    pub after_callback: std::cell::Cell<Option<unsafe fn(&Host)>>,
    /// Receives exceptions nothing caught (from finalizers, loop callbacks).
    pub on_uncaught: std::cell::Cell<Option<UncaughtHandler>>,
    /// The embedder's async_hooks bridge (an object with `init`, `enter`,
    /// `leave`, `destroy`), given once JS can observe async contexts;
    /// undefined until then, so async contexts and async work cost nothing.
    pub(crate) async_hooks: std::cell::Cell<JSValue>,
    /// Tokens whose destroy hook waits for a safe point.
    pub(crate) async_destroys: RefCell<Vec<JSValue>>,
    /// The thread's stack and QuickJS's limit, for calls from another stack.
    pub(crate) stack: std::cell::Cell<crate::stack::JsStack>,
    /// The embedder's interrupt handler, also asked when native code returns
    /// to JS (see `set_interrupt_handler`).
    pub(crate) interrupt: std::cell::Cell<Option<(InterruptCheck, *mut c_void)>>,
}

/// What `napi_async_init` and async work hold: the bridge's token for the
/// resource (undefined while no bridge is set).
pub(crate) struct AsyncToken(pub JSValue);

/// A QuickJS interrupt handler: non-zero stops the running JS.
pub type InterruptCheck = unsafe extern "C" fn(*mut JSRuntime, *mut c_void) -> std::ffi::c_int;

/// Constructors and functions napi-host calls, fetched once.
pub(crate) struct Intrinsics {
    pub error: JSValue,
    pub type_error: JSValue,
    pub range_error: JSValue,
    pub syntax_error: JSValue,
    pub symbol: JSValue,
    pub symbol_for: JSValue,
    /// `WeakRef` and `WeakRef.prototype.deref`, for weak `napi_ref`s.
    pub weakref: JSValue,
    pub weakref_deref: JSValue,
    /// `WeakMap.prototype.{get,set,delete}`.
    pub weakmap_get: JSValue,
    pub weakmap_set: JSValue,
    pub weakmap_delete: JSValue,
    /// object → wrap record (`napi_wrap`): invisible to JS, dropped with
    /// the object, which frees the record and queues its finalizer.
    pub wrap_map: JSValue,
    /// object → type tag (`napi_type_tag_object`).
    pub tag_map: JSValue,
    /// object → array of finalizer records (`napi_add_finalizer`).
    pub finalizer_map: JSValue,
    /// JS helpers for what QuickJS has no C API for (BigInt words).
    pub helpers: JSValue,
}

pub(crate) struct PendingFinalizer {
    pub env: *mut Env,
    pub cb: napi_finalize,
    pub data: *mut c_void,
    pub hint: *mut c_void,
    /// The record's creation number when its owner was collected (None for
    /// `node_api_post_finalizer`): values collected together finalize
    /// newest first, as in Node.
    pub seq: Option<u64>,
    /// Queued because its value was collected (not posted, not teardown,
    /// not an external buffer, whose memory Node frees from a task).
    pub from_gc: bool,
}

impl PendingFinalizer {
    /// Node runs the finalizers of collected values of experimental-version
    /// modules inside GC: "basic" finalizers, which must not call JS.
    fn is_basic(&self) -> bool {
        // SAFETY: envs live until teardown, which drains the queues first.
        self.from_gc && unsafe { (*self.env).module_api_version } == NAPI_VERSION_EXPERIMENTAL
    }
}

/// A `uv_idle_t` that runs queued ordinary finalizers on the next loop turn
/// (Node: a native immediate), then the after-macrotask step.
#[repr(C)]
pub(crate) struct FinalizerTask {
    idle: libuv_sys2::uv_idle_t,
    host: *const Host,
    started: bool,
}

unsafe extern "C" fn finalizer_task(idle: *mut libuv_sys2::uv_idle_t) {
    let task = idle as *mut FinalizerTask;
    libuv_sys2::uv_idle_stop(idle);
    (*task).started = false;
    let host = &*(*task).host;
    host.run_queue(&host.finalizers);
    host.after_macrotask();
}

unsafe extern "C" fn free_finalizer_task(h: *mut libuv_sys2::uv_handle_t) {
    drop(Box::from_raw(h as *mut FinalizerTask));
}

impl FinalizerTask {
    /// The (stopped) task of `host` on `uv_loop`.
    pub(crate) unsafe fn new(host: &Host, uv_loop: *mut c_void) -> *mut FinalizerTask {
        // SAFETY: a zeroed uv_idle_t is what uv_idle_init expects; the task
        // is freed by its close callback ([`FinalizerTask::close`]).
        let task = Box::into_raw(Box::new(FinalizerTask {
            idle: std::mem::zeroed(),
            host,
            started: false,
        }));
        libuv_sys2::uv_idle_init(uv_loop.cast(), task.cast());
        task
    }

    /// Closes a task made by [`FinalizerTask::new`] (teardown); its memory
    /// goes when the loop runs the close callback.
    pub(crate) unsafe fn close(task: *mut FinalizerTask) {
        if !task.is_null() {
            libuv_sys2::uv_close(task.cast(), Some(free_finalizer_task));
        }
    }
}

/// napi-host's class ids (function, external) and QuickJS's
/// SharedArrayBuffer class id: process-wide, fixed by the first
/// `Host::new`. Every runtime (one per thread: the main one and each
/// worker's) registers the classes under these same ids.
static CLASS_IDS: OnceLock<ClassIds> = OnceLock::new();
static FUNCTION_CLASS_ID: AtomicU32 = AtomicU32::new(0);
static EXTERNAL_CLASS_ID: AtomicU32 = AtomicU32::new(0);
static SHARED_ARRAY_BUFFER_CLASS_ID: AtomicU32 = AtomicU32::new(0);

pub(crate) struct ClassIds {
    pub function: JSClassID,
    pub external: JSClassID,
}

/// The class of native function objects.
#[inline(always)]
pub(crate) fn function_class_id() -> JSClassID {
    FUNCTION_CLASS_ID.load(Ordering::Relaxed)
}

/// QuickJS's class of SharedArrayBuffers.
#[inline(always)]
pub(crate) fn shared_array_buffer_class_id() -> JSClassID {
    SHARED_ARRAY_BUFFER_CLASS_ID.load(Ordering::Relaxed)
}

/// The class of `napi_create_external` values and wrap records.
#[inline(always)]
pub(crate) fn external_class_id() -> JSClassID {
    EXTERNAL_CLASS_ID.load(Ordering::Relaxed)
}

/// Fixes the process-wide class ids on first use (from `rt`'s allocator),
/// and moves the allocator of any later runtime past them, so a class id
/// that runtime hands out later cannot collide with napi-host's.
pub(crate) unsafe fn class_ids(rt: *mut JSRuntime, ctx: *mut JSContext) -> &'static ClassIds {
    let mut first = false;
    let ids = CLASS_IDS.get_or_init(|| {
        first = true;
        let (mut f, mut e) = (0, 0);
        // SAFETY: rt is live (Host::new's contract).
        unsafe {
            JS_NewClassID(rt, &mut f);
            JS_NewClassID(rt, &mut e);
        }
        static mut PROBE_BYTE: u8 = 0;
        // SAFETY: a one-byte SharedArrayBuffer over a static, freed at once
        // (QuickJS never writes through it here).
        let sab = unsafe {
            let v = JS_NewArrayBuffer(
                ctx,
                ptr::addr_of_mut!(PROBE_BYTE),
                1,
                0,
                None,
                ptr::null_mut(),
                true,
            );
            let id = JS_GetClassID(v);
            free(ctx, v);
            id
        };
        FUNCTION_CLASS_ID.store(f, Ordering::Relaxed);
        EXTERNAL_CLASS_ID.store(e, Ordering::Relaxed);
        SHARED_ARRAY_BUFFER_CLASS_ID.store(sab, Ordering::Relaxed);
        ClassIds {
            function: f,
            external: e,
        }
    });
    if !first {
        let top = ids.function.max(ids.external);
        loop {
            let mut id = 0;
            // SAFETY: as above.
            if unsafe { JS_NewClassID(rt, &mut id) } >= top {
                break;
            }
        }
    }
    ids
}

thread_local! {
    /// The host of each runtime prepared on this thread. A side table, not
    /// the runtime's opaque slot: that slot belongs to the embedder
    /// (rquickjs and txiki.js keep their own state there). Thread-local
    /// because a QuickJS runtime is used on one thread only.
    pub(crate) static HOSTS: RefCell<Vec<(usize, usize)>> = const { RefCell::new(Vec::new()) };
}

/// The host [`Host::new`] prepared `rt` with, until its teardown.
pub(crate) fn host_of(rt: *mut JSRuntime) -> Option<*const Host> {
    HOSTS.with(|h| {
        h.borrow()
            .iter()
            .find(|&&(r, _)| r == rt as usize)
            .map(|&(_, host)| host as *const Host)
    })
}

impl Host {
    /// The host of a runtime prepared by [`Host::new`] on this thread, until
    /// its teardown (napi-host leaves the runtime's opaque slot to the
    /// embedder).
    ///
    /// # Safety
    /// The host must not be used after its teardown.
    pub unsafe fn from_runtime<'a>(rt: *mut JSRuntime) -> Option<&'a Host> {
        host_of(rt).map(|h| &*h)
    }

    /// Creates the `napi_env` for one module (Node gives each loaded addon
    /// its own env, with its own API version, instance data and last error).
    pub fn create_env(&self, module_api_version: i32, filename: &str) -> *mut Env {
        let ctx = self.ctx;
        // SAFETY: ctx is live (Host::new's contract).
        let global = unsafe { JS_GetGlobalObject(ctx) };
        let env = Box::into_raw(Box::new(Env {
            host: self as *const Host as *mut Host,
            ctx,
            handles: HandleStore::default(),
            scopes: Vec::new(),
            scope_floor: 0,
            closed_scope: Vec::new(),
            last_error: napi_extended_error_info {
                error_message: ptr::null(),
                engine_reserved: ptr::null_mut(),
                engine_error_code: 0,
                error_code: napi_ok,
            },
            custom_message: None,
            module_api_version,
            filename: std::ffi::CString::new(filename).unwrap_or_default(),
            fixed: Box::new([JS_UNDEFINED, JS_NULL, JS_FALSE, JS_TRUE, global]),
            instance_data: None,
            in_basic_finalizer: false,
            strict: crate::strict::mode() != crate::strict::StrictMode::Off,
            js_thread: crate::strict::thread_tag(),
            torn_down: false,
            init_done: false,
            running_callback: 0,
        }));
        // SAFETY: just made.
        unsafe { (*env).handles.strict = (*env).strict };
        self.envs.borrow_mut().push(env);
        env
    }

    /// Runs queued basic finalizers: the ones Node runs inside GC. Call at
    /// safe points: after a native callback returns, after `gc()`, on each
    /// loop turn. Ordinary finalizers run in napi-host's own loop task.
    pub fn run_finalizers(&self) {
        if self.weak_pending.get() {
            // SAFETY: a safe point on the host's thread.
            unsafe { self.flush_weak() };
        }
        self.run_queue(&self.basic_finalizers);
        self.run_async_destroys();
    }

    /// async_hooks' destroy hooks, deferred to a safe point as Node defers
    /// them (`napi_async_destroy` and `napi_delete_async_work` may be
    /// called where JS cannot run).
    fn run_async_destroys(&self) {
        if self.async_destroys.borrow().is_empty() {
            return;
        }
        let tokens: Vec<JSValue> = self.async_destroys.borrow_mut().drain(..).collect();
        for t in tokens {
            // SAFETY: at a safe point, on the host's thread.
            unsafe {
                free(self.ctx, self.async_call(c"destroy", &[t]));
                free(self.ctx, t);
            }
        }
    }

    /// Runs every finalizer of `queue`, in rounds: finalizers may free
    /// values whose own finalizers are queued meanwhile (the next round).
    fn run_queue(&self, queue: &RefCell<std::collections::VecDeque<PendingFinalizer>>) {
        loop {
            let mut batch: Vec<PendingFinalizer> = queue.borrow_mut().drain(..).collect();
            if batch.is_empty() {
                break;
            }
            // Posted finalizers first, in order; then collected ones newest first.
            batch.sort_by_key(|f| f.seq.map(std::cmp::Reverse));
            let outer = std::mem::replace(&mut *self.running.borrow_mut(), batch.into());
            loop {
                let Some(f) = self.running.borrow_mut().pop_front() else {
                    break;
                };
                let basic = f.is_basic();
                // SAFETY: envs live until teardown, which drains the queues first.
                unsafe {
                    let env = &mut *f.env;
                    let was = std::mem::replace(&mut env.in_basic_finalizer, basic);
                    self.in_finalizer.set(self.in_finalizer.get() + 1);
                    env.call_finalizer(f.cb, f.data, f.hint);
                    self.in_finalizer.set(self.in_finalizer.get() - 1);
                    env.in_basic_finalizer = was;
                }
            }
            *self.running.borrow_mut() = outer;
        }
    }

    /// Drops the queued finalizer of record `seq` (its reference was
    /// deleted): Node cancels a pending finalizer that way.
    /// Returns whether one was queued.
    pub(crate) fn cancel_finalizer(&self, seq: u64) -> bool {
        let mut cancelled = false;
        for q in [&self.finalizers, &self.basic_finalizers, &self.running] {
            q.borrow_mut().retain(|f| {
                let keep = f.seq != Some(seq);
                cancelled |= !keep;
                keep
            });
        }
        cancelled
    }

    /// Calls a cached JS function; returns the owned result or the status
    /// of a throw.
    pub(crate) unsafe fn call(
        &self,
        f: JSValue,
        this: JSValue,
        args: &mut [JSValue],
    ) -> Result<JSValue, napi_status> {
        let r = JS_Call(self.ctx, f, this, args.len() as i32, args.as_mut_ptr());
        if qjs::is_exception(r) {
            Err(napi_pending_exception)
        } else {
            Ok(r)
        }
    }

    /// `map.get(key)` on one of the host's WeakMaps (owned result).
    pub(crate) unsafe fn map_get(&self, map: JSValue, key: JSValue) -> JSValue {
        self.call(self.intrinsics.weakmap_get, map, &mut [key])
            .unwrap_or(JS_UNDEFINED)
    }

    pub(crate) unsafe fn map_set(
        &self,
        map: JSValue,
        key: JSValue,
        v: JSValue,
    ) -> Result<(), napi_status> {
        let r = self.call(self.intrinsics.weakmap_set, map, &mut [key, v])?;
        free(self.ctx, r);
        Ok(())
    }

    pub(crate) unsafe fn map_delete(&self, map: JSValue, key: JSValue) {
        if let Ok(r) = self.call(self.intrinsics.weakmap_delete, map, &mut [key]) {
            free(self.ctx, r);
        }
    }

    pub(crate) fn queue_finalizer(&self, f: PendingFinalizer) {
        if f.is_basic() {
            self.basic_finalizers.borrow_mut().push_back(f);
            return;
        }
        self.finalizers.borrow_mut().push_back(f);
        // SAFETY: the task lives until teardown, which clears `task`.
        unsafe {
            if let Some(task) = self.task.as_mut() {
                if !task.started && self.can_call_js.get() {
                    task.started = true;
                    libuv_sys2::uv_idle_start(&mut task.idle, Some(finalizer_task));
                }
            }
        }
    }

    /// Whether the embedder's interrupt handler asks JS to stop (its thread
    /// is exiting or being terminated): loop callbacks then call no more
    /// addon code that runs JS.
    pub(crate) unsafe fn stopping(&self) -> bool {
        self.interrupt
            .get()
            .is_some_and(|(check, opaque)| check(self.rt, opaque) != 0)
    }

    /// Makes the references that reached zero weak and releases deleted
    /// ones' values (before JS runs again).
    pub(crate) unsafe fn flush_weak(&self) {
        crate::ref_slab::flush(
            self.ctx,
            &self.refs,
            &self.weak_pending,
            self.intrinsics.weakref,
        );
    }

    /// Runs every queued finalizer, basic or not (teardown).
    pub(crate) fn run_all_finalizers(&self) {
        loop {
            if self.weak_pending.get() {
                // Deleted references release their values first, so the
                // objects this frees have their finalizers run here too.
                // SAFETY: teardown, on the host's thread.
                unsafe { self.flush_weak() };
            }
            if self.basic_finalizers.borrow().is_empty() && self.finalizers.borrow().is_empty() {
                break;
            }
            self.run_queue(&self.basic_finalizers);
            self.run_queue(&self.finalizers);
        }
    }

    /// Runs `f` as a callback scope: JS the embedder runs from the loop or
    /// at start-up. `napi_make_callback` and callback scopes nested in it
    /// leave draining nextTicks and microtasks to the outermost level.
    pub fn with_callback_scope<R>(&self, f: impl FnOnce() -> R) -> R {
        self.callback_depth.set(self.callback_depth.get() + 1);
        let r = f();
        self.callback_depth.set(self.callback_depth.get() - 1);
        r
    }

    /// Gives napi-host the runtime's `Buffer.prototype` (taken by reference).
    pub unsafe fn set_buffer_prototype(&self, proto: JSValue) {
        let old = self.buffer_prototype.replace(qjs::dup(proto));
        free(self.ctx, old);
    }

    /// Gives napi-host the embedder's async_hooks bridge (taken by reference).
    pub unsafe fn set_async_hooks(&self, bridge: JSValue) {
        let old = self.async_hooks.replace(qjs::dup(bridge));
        free(self.ctx, old);
    }

    /// A new async resource (`napi_async_init`, async work): the bridge's
    /// `init(resource, name)` gives the token that enters it later.
    pub(crate) unsafe fn async_init(&self, resource: JSValue, name: JSValue) -> AsyncToken {
        AsyncToken(self.async_call(c"init", &[resource, name]))
    }

    /// Calls the bridge's `method` with `args`; the bridge handles hook
    /// errors itself, so an exception here is only dropped. An exception
    /// already pending (a callback that threw) is kept across the call.
    pub(crate) unsafe fn async_call(&self, method: &std::ffi::CStr, args: &[JSValue]) -> JSValue {
        let bridge = self.async_hooks.get();
        if qjs::is_undefined(bridge)
            || args
                .first()
                .is_some_and(|a| qjs::is_undefined(*a) && method != c"init")
        {
            return JS_UNDEFINED;
        }
        let pending = if JS_HasException(self.ctx) {
            Some(JS_GetException(self.ctx))
        } else {
            None
        };
        let f = qjs::get_str(self.ctx, bridge, method);
        let mut argv: Vec<JSValue> = args.to_vec();
        let mut r = JS_Call(self.ctx, f, bridge, argv.len() as i32, argv.as_mut_ptr());
        free(self.ctx, f);
        if qjs::is_exception(r) {
            free(self.ctx, JS_GetException(self.ctx));
            r = JS_UNDEFINED;
        }
        if let Some(exc) = pending {
            JS_Throw(self.ctx, exc);
        }
        r
    }

    /// Ends a token's resource: the bridge's `destroy` runs at the next
    /// safe point ([`Host::run_finalizers`]).
    pub(crate) unsafe fn async_destroy(&self, token: &AsyncToken) {
        if qjs::is_undefined(token.0) {
            return;
        }
        self.async_destroys.borrow_mut().push(token.0);
    }

    /// Enters a token's async context; `recv` is the receiver of a
    /// `napi_make_callback` (whose `domain` the legacy domain module enters).
    pub(crate) unsafe fn async_enter(&self, token: &AsyncToken, recv: JSValue) {
        free(self.ctx, self.async_call(c"enter", &[token.0, recv]));
    }

    /// Leaves the context entered last; `failed` when the callback threw
    /// (Node then emits no `after` and leaves a domain entered for the
    /// uncaught-exception handler).
    pub(crate) unsafe fn async_leave(&self, token: &AsyncToken, failed: bool) {
        free(
            self.ctx,
            self.async_call(c"leave", &[token.0, qjs::boolean(failed)]),
        );
    }

    /// Sets QuickJS's stack limit to `size` bytes below the caller's stack
    /// position (`JS_SetMaxStackSize` and `JS_UpdateStackTop`), and records
    /// the thread's stack, so that calls from native code on another stack
    /// get a limit there (`stack.rs`). Call it on the thread that runs this
    /// host's JS.
    pub unsafe fn set_stack_limit(&self, size: usize) {
        self.stack
            .set(crate::stack::JsStack::set_limit(self.rt, size));
    }

    /// Runs `f`, which may run JS, with QuickJS's stack limit right for the
    /// stack it runs on (two comparisons in the usual case).
    #[inline(always)]
    pub(crate) unsafe fn with_js_stack<R>(&self, f: impl FnOnce() -> R) -> R {
        crate::stack::with_js_stack(self.rt, &self.stack, f)
    }

    /// Sets QuickJS's interrupt handler (`JS_SetInterruptHandler`) and has
    /// every native callback returning to JS ask it too: QuickJS polls it
    /// only every so many operations, which a loop over slow native calls
    /// may take seconds to reach. `None` removes it.
    pub unsafe fn set_interrupt_handler(&self, check: Option<InterruptCheck>, opaque: *mut c_void) {
        JS_SetInterruptHandler(self.rt, check, opaque);
        self.interrupt.set(check.map(|f| (f, opaque)));
    }

    /// The handler [`Host::set_interrupt_handler`] set last, so a caller can
    /// put its own in front of it for a while and then restore it.
    pub fn interrupt_handler(&self) -> Option<(InterruptCheck, *mut c_void)> {
        self.interrupt.get()
    }

    /// The step after a macrotask: the embedder's hook (only when no
    /// callback scope is open), then queued finalizers.
    pub(crate) unsafe fn after_macrotask(&self) {
        if self.callback_depth.get() == 0 {
            if let Some(hook) = self.after_callback.get() {
                // Runs JS (nextTicks, microtasks), maybe from napi_make_callback.
                self.with_js_stack(|| hook(self));
            }
        }
        self.run_finalizers();
    }
}

const CHUNK_BITS: usize = 9;
const CHUNK: usize = 1 << CHUNK_BITS;

/// The handle stack: slots in fixed-size chunks that never move, so a
/// `napi_value` (a slot pointer) stays valid until its scope closes. Each
/// slot owns one reference.
#[derive(Default)]
pub(crate) struct HandleStore {
    chunks: Vec<Box<[JSValue; CHUNK]>>,
    len: usize,
    /// Strict mode: closed slots are poisoned and not reused until
    /// about [`STRICT_QUARANTINE`] newer ones were closed, so a stale
    /// handle reads the poison instead of a newer value.
    pub strict: bool,
    /// Strict mode: the slots `dead.0..dead.1` were all closed when a
    /// scope last closed (`dead.1` was then `len`).
    dead: (usize, usize),
}

/// Closed slots strict mode keeps out of use (see `poison`): a stale
/// handle is found if used before about that many newer handles closed
/// (256 KiB of slots, which stay in a core's cache).
const STRICT_QUARANTINE: usize = 1 << 14;

impl HandleStore {
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Stores `v` (taking over its reference) and returns its handle.
    #[inline(always)]
    pub fn push(&mut self, v: JSValue) -> napi_value {
        let (c, i) = (self.len >> CHUNK_BITS, self.len & (CHUNK - 1));
        if c == self.chunks.len() {
            self.grow();
        }
        self.len += 1;
        // SAFETY: `c` is in bounds after `grow`.
        let slot = unsafe { self.chunks.get_unchecked_mut(c).get_unchecked_mut(i) };
        *slot = v;
        slot
    }

    #[cold]
    fn grow(&mut self) {
        self.chunks.push(Box::new([JS_UNDEFINED; CHUNK]));
    }

    /// The handle of slot `index` (below `len`).
    pub fn slot(&mut self, index: usize) -> napi_value {
        &mut self.chunks[index >> CHUNK_BITS][index & (CHUNK - 1)]
    }

    /// Moves the values at or above `mark` to `out` (which now owns them),
    /// leaving the slots' contents for stale handles to read.
    pub fn close_into(&mut self, mark: usize, out: &mut Vec<(napi_value, JSValue)>) {
        for i in mark..self.len {
            let slot = self.slot(i);
            // SAFETY: `i` is below `len`.
            out.push((slot, unsafe { *slot }));
        }
        self.len = self.len.min(mark);
    }

    /// Frees every slot at or above `mark`.
    #[inline]
    pub unsafe fn truncate(&mut self, ctx: *mut JSContext, mark: usize) {
        if self.strict {
            return self.poison(ctx, mark);
        }
        while self.len > mark {
            self.len -= 1;
            let slot = self.slot(self.len);
            free(ctx, *slot);
        }
    }
}

impl HandleStore {
    /// Strict mode's `truncate`: frees and poisons the live slots at or
    /// above `mark`, keeping them out of use for a while (see `retire`).
    #[cold]
    unsafe fn poison(&mut self, ctx: *mut JSContext, mark: usize) {
        for i in mark..self.len {
            let slot = self.slot(i);
            if (*slot).tag != crate::strict::POISON_TAG {
                free(ctx, *slot);
                *slot = crate::strict::POISON;
            }
        }
        self.retire(mark);
    }

    /// Strict mode's `close_into`: moves the live values at or above
    /// `mark` to `out` (which now owns them) and poisons their slots, in
    /// one pass.
    pub unsafe fn close_poisoned(&mut self, mark: usize, out: &mut Vec<(napi_value, JSValue)>) {
        for i in mark..self.len {
            let slot = self.slot(i);
            let v = *slot;
            if v.tag != crate::strict::POISON_TAG {
                out.push((slot, v));
                *slot = crate::strict::POISON;
            }
        }
        self.retire(mark);
    }

    /// Strict mode: the poisoned slots at or above `mark` close. Scopes
    /// closed one after another with nothing pushed between (a loop of
    /// scopes, calls from JS) leave one run of closed slots at the top of
    /// the stack; once it is [`STRICT_QUARANTINE`] long the stack goes back
    /// to its start, so its slots are handed out again oldest first, and
    /// stay in cache.
    #[inline(always)]
    fn retire(&mut self, mark: usize) {
        // `mark == dead.1`: this scope opened right above the last run,
        // with no handle made since, so the run goes on.
        let start = if mark == self.dead.1 && self.dead.0 <= mark {
            self.dead.0
        } else {
            mark.min(self.len)
        };
        if self.len - start >= STRICT_QUARANTINE {
            self.len = start;
        }
        self.dead = (start, self.len);
    }
}

pub(crate) struct ScopeRecord {
    pub mark: usize,
    /// For escapable scopes: the parent's slot reserved for the escapee.
    pub escape_slot: Option<usize>,
    pub escaped: bool,
}

/// One module's Node-API environment (`napi_env`).
pub struct Env {
    pub(crate) host: *mut Host,
    pub ctx: *mut JSContext,
    pub(crate) handles: HandleStore,
    pub(crate) scopes: Vec<ScopeRecord>,
    /// Scopes below this depth belong to outer native frames.
    pub(crate) scope_floor: usize,
    /// The values of the handle scope closed last, freed when the next one
    /// closes or the callback returns. V8 leaves a closed scope's slots
    /// as they were until reused, and addons count on it: node-addon-api
    /// code often returns a value made inside a plain `HandleScope` (usb's
    /// getDeviceList), which Node reads after the scope closed.
    /// Each with its slot: strict mode poisons the slots at once, and finds
    /// here what a callback returned from a closed scope.
    pub(crate) closed_scope: Vec<(napi_value, JSValue)>,
    last_error: napi_extended_error_info,
    custom_message: Option<&'static CStr>,
    /// What the module declared through `node_api_module_get_api_version_v1`.
    pub module_api_version: i32,
    /// The module's `file://` URL, for `node_api_get_module_file_name`.
    pub filename: std::ffi::CString,
    /// Fixed handles: undefined, null, false, true, global. The hot path
    /// allocates no slot for them.
    pub(crate) fixed: Box<[JSValue; 5]>,
    pub(crate) instance_data: Option<(*mut c_void, napi_finalize, *mut c_void)>,
    /// Set while a basic finalizer runs (a collected value's finalizer of an
    /// experimental-version module): Node runs those inside GC and aborts
    /// when they call a function that takes a full `napi_env`.
    pub(crate) in_basic_finalizer: bool,
    /// `--napi-strict` is on for this env: the call wrappers take
    /// [`crate::strict::call`].
    pub(crate) strict: bool,
    /// The thread that runs this env's JS (strict mode's wrong-thread
    /// check), as [`crate::strict::thread_tag`] gives it.
    pub(crate) js_thread: usize,
    /// Strict mode: the env's teardown finished. Its memory is kept as a
    /// tombstone (never freed) so a later call is recognised, not a
    /// use-after-free.
    pub(crate) torn_down: bool,
    /// The module's init (`napi_register_module_v1`) returned: strict
    /// mode tracks the references made from then on.
    pub(crate) init_done: bool,
    /// The native function JS is running (its address; 0 outside one):
    /// strict mode's creation sites of references.
    pub(crate) running_callback: usize,
}

pub(crate) const FIXED_UNDEFINED: usize = 0;
pub(crate) const FIXED_NULL: usize = 1;
pub(crate) const FIXED_FALSE: usize = 2;
pub(crate) const FIXED_TRUE: usize = 3;
pub(crate) const FIXED_GLOBAL: usize = 4;

impl Env {
    #[inline(always)]
    pub fn host(&self) -> &Host {
        // SAFETY: the host outlives its envs.
        unsafe { &*self.host }
    }

    #[inline(always)]
    pub(crate) fn fixed(&mut self, which: usize) -> napi_value {
        &mut self.fixed[which]
    }

    /// Stores an owned value in the current scope and returns its handle.
    #[inline(always)]
    pub fn push(&mut self, v: JSValue) -> napi_value {
        self.handles.push(v)
    }

    /// Runs `f` inside a handle scope (for embedders calling into an env
    /// from outside any native callback: module init, loop callbacks).
    pub fn with_scope<R>(&mut self, f: impl FnOnce(&mut Env) -> R) -> R {
        let mark = self.handles.len();
        let (floor, depth) = (self.scope_floor, self.scopes.len());
        self.scope_floor = depth;
        let r = f(self);
        self.close_scopes_to(depth);
        self.scope_floor = floor;
        // SAFETY: ctx is live while the env is.
        unsafe {
            self.handles.truncate(self.ctx, mark);
            self.free_closed_scope();
        }
        r
    }

    /// Closes the innermost handle scope (opened at handle `mark`): its
    /// values stay readable until the next scope closes or the callback
    /// returns (see `closed_scope`); strict mode poisons them at once.
    pub(crate) unsafe fn close_scope_at(&mut self, mark: usize) {
        self.free_closed_scope();
        if self.handles.strict {
            return self.handles.close_poisoned(mark, &mut self.closed_scope);
        }
        self.handles.close_into(mark, &mut self.closed_scope);
    }

    /// Frees the values of the handle scope closed last.
    pub(crate) unsafe fn free_closed_scope(&mut self) {
        for (_, v) in self.closed_scope.drain(..) {
            free(self.ctx, v);
        }
    }

    /// Strict mode: the value a poisoned handle had when its scope closed
    /// last (a new reference), if it was in that scope.
    pub(crate) unsafe fn closed_value(&self, handle: napi_value) -> Option<JSValue> {
        self.closed_scope
            .iter()
            .find(|(slot, _)| *slot == handle)
            .map(|&(_, v)| qjs::dup(v))
    }

    /// Closes scopes a callback left open.
    pub(crate) fn close_scopes_to(&mut self, depth: usize) {
        if self.scopes.len() > depth {
            if self.strict {
                crate::strict::report_no_status(
                    self,
                    crate::strict::SCOPE_LEFT_OPEN,
                    &format!(
                        "{} handle scope(s) still open when the native callback returned: \
                         close every scope a callback opens",
                        self.scopes.len() - depth
                    ),
                );
            }
            let mark = self.scopes[depth].mark;
            self.scopes.truncate(depth);
            // SAFETY: see with_scope.
            unsafe { self.handles.truncate(self.ctx, mark) };
        }
    }

    #[inline(always)]
    pub fn exception_pending(&self) -> bool {
        // SAFETY: ctx is live.
        unsafe { JS_HasException(self.ctx) }
    }

    #[inline(always)]
    pub(crate) fn clear_last_error(&mut self) -> napi_status {
        self.last_error.error_code = napi_ok;
        self.last_error.engine_error_code = 0;
        self.last_error.engine_reserved = ptr::null_mut();
        self.custom_message = None;
        napi_ok
    }

    #[inline]
    pub(crate) fn set_last_error(&mut self, status: napi_status) -> napi_status {
        self.last_error.error_code = status;
        self.custom_message = None;
        status
    }

    /// Records `status` with a message of nabi's own (not Node's table).
    #[allow(dead_code)] // for missing.rs's stubs
    pub(crate) fn set_last_error_message(
        &mut self,
        status: napi_status,
        message: &'static CStr,
    ) -> napi_status {
        self.last_error.error_code = status;
        self.custom_message = Some(message);
        status
    }

    /// Strict mode's error: `napi_generic_failure` with the diagnostic.
    pub(crate) fn set_strict_error(&mut self, message: &'static CStr) {
        self.last_error.error_code = napi_generic_failure;
        self.custom_message = Some(message);
    }

    pub(crate) fn last_error_info(&mut self) -> *const napi_extended_error_info {
        let code = self.last_error.error_code;
        self.last_error.error_message = match self.custom_message {
            Some(m) => m.as_ptr(),
            None if code == napi_ok => ptr::null(),
            None => STATUS_MESSAGES
                .get(code as usize)
                .map_or(ptr::null(), |m| m.as_ptr()),
        };
        &self.last_error
    }

    /// Calls a finalizer with the env in the state Node gives it: its own
    /// handle scope, and an exception it leaves pending reported as uncaught.
    pub(crate) unsafe fn call_finalizer(
        &mut self,
        cb: napi_finalize,
        data: *mut c_void,
        hint: *mut c_void,
    ) {
        let Some(cb) = cb else { return };
        if !self.host().run_native.get() {
            return; // Host::release: the process is ending without env cleanup
        }
        let env: *mut Env = self;
        // Finalizers run at safe points, possibly while a callback's
        // exception is on its way to JS: set it aside so the finalizer
        // neither sees it (napi_pending_exception) nor takes it.
        let outer = if self.exception_pending() {
            Some(JS_GetException(self.ctx))
        } else {
            None
        };
        self.with_scope(|_| cb(env, data, hint));
        if self.exception_pending() {
            let exc = JS_GetException(self.ctx);
            // Node enforces the policy for finalizers of values.
            report_uncaught(self, exc);
        }
        if let Some(exc) = outer {
            JS_Throw(self.ctx, exc);
        }
    }

    /// Runs native code a loop callback drives (async completion,
    /// threadsafe calls): inside a handle scope; an exception it leaves is
    /// uncaught; then the after-macrotask step.
    ///
    /// `enforce`: the exception always goes to 'uncaughtException' (async
    /// work completions, as in Node); otherwise the uncaught-exceptions
    /// policy decides ([`set_uncaught_exceptions_policy`]).
    pub(crate) unsafe fn call_into_js(&mut self, enforce: bool, f: impl FnOnce(&mut Env)) {
        self.with_scope(f);
        if self.exception_pending() {
            let exc = JS_GetException(self.ctx);
            if JS_IsUncatchableError(exc) {
                // The embedder unwinding its JS (process.exit, a terminated
                // worker): not an error of the addon's.
                free(self.ctx, exc);
            } else {
                report_uncaught_by_policy(self, exc, enforce);
            }
        }
        self.host().after_macrotask();
    }
}

/// `--force-node-api-uncaught-exceptions-policy`: process-wide, set once by
/// the embedder before any env exists.
static FORCE_UNCAUGHT_POLICY: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Whether exceptions left by threadsafe-function calls (and their
/// finalizers) of modules below the experimental Node-API version reach
/// 'uncaughtException' (`true`) or only cause Node's DEP0168 warning
/// (`false`, Node's default).
pub fn set_uncaught_exceptions_policy(force: bool) {
    FORCE_UNCAUGHT_POLICY.store(force, std::sync::atomic::Ordering::Relaxed);
}

/// An exception a callback into the module left, as Node's
/// `CallbackIntoModule` treats it: uncaught when `enforce`, when the policy
/// is forced, or for modules of the experimental version; else dropped
/// with the DEP0168 deprecation warning.
pub(crate) unsafe fn report_uncaught_by_policy(env: &mut Env, exc: JSValue, enforce: bool) {
    if enforce
        || env.module_api_version == NAPI_VERSION_EXPERIMENTAL
        || FORCE_UNCAUGHT_POLICY.load(std::sync::atomic::Ordering::Relaxed)
    {
        report_uncaught(env, exc);
        return;
    }
    free(env.ctx, exc);
    emit_deprecation(
        env.ctx,
        "Uncaught Node-API callback exception detected, please run node with option --force-node-api-uncaught-exceptions-policy=true to handle those exceptions properly.",
        "DEP0168",
    );
}

/// `process.emitWarning(message, 'DeprecationWarning', code)`, when the
/// embedder has a `process` with one.
unsafe fn emit_deprecation(ctx: *mut JSContext, message: &str, code: &str) {
    let global = JS_GetGlobalObject(ctx);
    let process = qjs::get_str(ctx, global, c"process");
    free(ctx, global);
    if !qjs::is_object(process) {
        free(ctx, process);
        return;
    }
    let emit = qjs::get_str(ctx, process, c"emitWarning");
    let mut args = [
        qjs::string(ctx, message),
        qjs::string(ctx, "DeprecationWarning"),
        qjs::string(ctx, code),
    ];
    let r = JS_Call(ctx, emit, process, 3, args.as_mut_ptr());
    if qjs::is_exception(r) {
        free(ctx, JS_GetException(ctx));
    } else {
        free(ctx, r);
    }
    for a in args {
        free(ctx, a);
    }
    free(ctx, emit);
    free(ctx, process);
}

/// Hands an exception nobody caught (from a finalizer or loop callback) to
/// the embedder's handler, or prints it.
pub(crate) unsafe fn report_uncaught(env: &mut Env, exc: JSValue) {
    let host = env.host();
    match host.on_uncaught.get() {
        // Runs JS (`process.on('uncaughtException')`), maybe from another stack.
        Some(handler) => host.with_js_stack(|| handler(host, exc)),
        None => {
            let text = qjs::to_rust_string(env.ctx, exc).unwrap_or_default();
            let _ = writeln!(std::io::stderr(), "Uncaught {text}");
        }
    }
    free(env.ctx, exc);
}

/// An env cleanup hook (`napi_add_env_cleanup_hook`, or an async one).
pub(crate) struct CleanupHook {
    pub env: *mut Env,
    pub sync: Option<unsafe extern "C" fn(arg: *mut c_void)>,
    /// For async hooks: the handle given to the addon (a boxed record).
    pub handle: *mut AsyncCleanupHandle,
    pub arg: *mut c_void,
}

pub struct AsyncCleanupHandle {
    pub(crate) hook:
        Option<unsafe extern "C" fn(handle: *mut AsyncCleanupHandle, arg: *mut c_void)>,
    /// Set by `napi_remove_async_cleanup_hook`: teardown waits for it, and
    /// skips a hook removed before it started.
    pub(crate) done: bool,
}

/// The bookkeeping of a Node-API function that does not run JS: check the
/// env, run the body, record its status as the last error.
#[inline(always)]
#[track_caller]
pub(crate) unsafe fn api(
    env: napi_env,
    body: impl FnOnce(&mut Env) -> Result<(), napi_status>,
) -> napi_status {
    // SAFETY: a non-NULL env is one this host created (caller's promise).
    let Some(env) = (unsafe { env.as_mut() }) else {
        return napi_invalid_arg;
    };
    if env.strict {
        return crate::strict::call::<_, { crate::strict::PLAIN }>(
            env,
            std::panic::Location::caller(),
            |env| run_plain::<true>(env, body),
        );
    }
    run_plain::<false>(env, body)
}

/// `CHECKED`: strict mode's checks passed (`strict::call`), which cover
/// the basic-finalizer check here.
#[inline(always)]
unsafe fn run_plain<const CHECKED: bool>(
    env: &mut Env,
    body: impl FnOnce(&mut Env) -> Result<(), napi_status>,
) -> napi_status {
    if !CHECKED && env.in_basic_finalizer {
        basic_finalizer_misuse();
    }
    match body(env) {
        Ok(()) => env.clear_last_error(),
        Err(status) => env.set_last_error(status),
    }
}

/// As [`api`], for the functions Node declares with `node_api_basic_env`:
/// allowed inside basic finalizers.
#[inline(always)]
#[track_caller]
pub(crate) unsafe fn api_basic(
    env: napi_env,
    body: impl FnOnce(&mut Env) -> Result<(), napi_status>,
) -> napi_status {
    // SAFETY: as in `api`.
    let Some(env) = (unsafe { env.as_mut() }) else {
        return napi_invalid_arg;
    };
    if env.strict {
        return crate::strict::call::<_, { crate::strict::BASIC }>(
            env,
            std::panic::Location::caller(),
            |env| run_basic(env, body),
        );
    }
    run_basic(env, body)
}

#[inline(always)]
fn run_basic(env: &mut Env, body: impl FnOnce(&mut Env) -> Result<(), napi_status>) -> napi_status {
    match body(env) {
        Ok(()) => env.clear_last_error(),
        Err(status) => env.set_last_error(status),
    }
}

/// As [`api`], for functions that may run JS (Node's `NAPI_PREAMBLE`):
/// refused while an exception is pending, and once teardown has begun
/// (`napi_cannot_run_js` for modules of Node-API 10 or later,
/// `napi_pending_exception` before, as in Node); an exception the body
/// leaves pending turns success into `napi_pending_exception`.
#[inline(always)]
#[track_caller]
pub(crate) unsafe fn api_js(
    env: napi_env,
    mut body: impl FnMut(&mut Env) -> Result<(), napi_status>,
) -> napi_status {
    // SAFETY: as in `api`.
    let Some(env) = (unsafe { env.as_mut() }) else {
        return napi_invalid_arg;
    };
    if env.strict {
        return crate::strict::call::<_, { crate::strict::JS }>(
            env,
            std::panic::Location::caller(),
            // By reference: the body's captures stay where the caller
            // stored them (a copy of them here stalled on store forwarding).
            |env| run_js::<true>(env, &mut body),
        );
    }
    run_js::<false>(env, body)
}

/// `CHECKED`: strict mode's checks passed (`strict::call`), which cover
/// the basic-finalizer and pending-exception checks here.
#[inline(always)]
unsafe fn run_js<const CHECKED: bool>(
    env: &mut Env,
    mut body: impl FnMut(&mut Env) -> Result<(), napi_status>,
) -> napi_status {
    if !CHECKED && env.in_basic_finalizer {
        basic_finalizer_misuse();
    }
    if !CHECKED && env.exception_pending() {
        return env.set_last_error(napi_pending_exception);
    }
    if !env.host().can_call_js.get() {
        return env.set_last_error(if env.module_api_version >= 10 {
            napi_cannot_run_js
        } else {
            napi_pending_exception
        });
    }
    let host = env.host as *const Host;
    // SAFETY: the host outlives its envs.
    if unsafe { (*host).weak_pending.get() } {
        unsafe { (*host).flush_weak() };
    }
    let outcome = unsafe { (*host).with_js_stack(|| body(env)) };
    match outcome {
        Ok(()) if env.exception_pending() => env.set_last_error(napi_pending_exception),
        Ok(()) => env.clear_last_error(),
        Err(status) => env.set_last_error(status),
    }
}

/// Node's response when a basic finalizer calls a function that takes a
/// full `napi_env`: a fatal error naming the way out.
#[cold]
fn basic_finalizer_misuse() -> ! {
    let _ = writeln!(
        std::io::stderr(),
        "FATAL ERROR: Finalizer is calling a function that may affect GC state.\n\
         The finalizers are run directly from GC and must not affect GC state.\n\
         Use `node_api_post_finalizer` from inside of the finalizer to work around this issue.\n\
         It schedules the call as a new task in the event loop."
    );
    std::process::abort();
}

/// `CHECK_ARG`: a required pointer argument.
#[inline(always)]
pub(crate) fn check_arg<T>(p: *const T) -> Result<(), napi_status> {
    if p.is_null() {
        Err(napi_invalid_arg)
    } else {
        Ok(())
    }
}

/// Reads the value behind a handle, checking it is not NULL.
#[inline(always)]
pub(crate) unsafe fn value(v: napi_value) -> Result<JSValue, napi_status> {
    if v.is_null() {
        Err(napi_invalid_arg)
    } else {
        // SAFETY: a non-NULL napi_value points at a live slot (or, in
        // strict mode, at a poisoned one).
        let x = unsafe { *v };
        if x.tag == crate::strict::POISON_TAG {
            return crate::strict::stale_handle();
        }
        Ok(x)
    }
}

/// Writes a result, checking the out-pointer first.
#[inline(always)]
pub(crate) unsafe fn write<T>(out: *mut T, v: T) -> Result<(), napi_status> {
    if out.is_null() {
        return Err(napi_invalid_arg);
    }
    // SAFETY: caller-provided out-pointer, checked non-NULL.
    unsafe { out.write(v) };
    Ok(())
}

/// A NUL-terminated or length-delimited C string argument as bytes.
pub(crate) unsafe fn c_bytes<'a>(s: *const c_char, len: usize) -> Result<&'a [u8], napi_status> {
    if s.is_null() {
        return Err(napi_invalid_arg);
    }
    if len == NAPI_AUTO_LENGTH {
        Ok(CStr::from_ptr(s).to_bytes())
    } else if len > i32::MAX as usize {
        Err(napi_invalid_arg)
    } else {
        Ok(std::slice::from_raw_parts(s.cast(), len))
    }
}

impl crate::strict::Checked for Env {
    fn js_thread(&self) -> usize {
        self.js_thread
    }
    #[inline(always)]
    fn gate(&self, basic: bool) -> usize {
        // Branch-free: a blocked env masks its thread to 0.
        let blocked = self.torn_down | (!basic & self.in_basic_finalizer);
        self.js_thread & (blocked as usize).wrapping_sub(1)
    }
    fn exception_pending(&self) -> bool {
        Env::exception_pending(self)
    }
    fn unwinding(&self) -> bool {
        // SAFETY: on the env's thread (checked before).
        unsafe { self.host().stopping() }
    }
    fn addon(&self) -> String {
        self.filename.to_string_lossy().into_owned()
    }
    fn set_strict_error(&mut self, message: &'static CStr) {
        Env::set_strict_error(self, message)
    }
    fn torn_down(&self) -> bool {
        self.torn_down
    }
    fn module_api_version(&self) -> i32 {
        self.module_api_version
    }
    fn in_basic_finalizer(&self) -> bool {
        self.in_basic_finalizer
    }
    fn basic_finalizer_misuse(&self) -> ! {
        basic_finalizer_misuse()
    }
    fn set_last_error(&mut self, status: napi_status) -> napi_status {
        Env::set_last_error(self, status)
    }
}
