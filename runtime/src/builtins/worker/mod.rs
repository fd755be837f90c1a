//! `worker_threads`: each `Worker` is an OS thread running a runtime of its
//! own — QuickJS runtime and context, libuv loop, napi-host `Host` — made by
//! the same `engine::run` as the main thread, with the same built-ins (its
//! parent's [`Runtime::builtins`]). Nothing JS is shared: the two
//! sides talk through a [`Channel`], two queues under one lock plus a
//! `uv_async_t` on each side's loop to wake it. Messages are copies made
//! with QuickJS's object serialization (`JS_WriteObject`/`JS_ReadObject`);
//! `worker_threads.js` handles what that format lacks (errors,
//! DataView) and Node's API on top.
//!
//! Ending a worker: `process.exit()` and uncaught exceptions end only the
//! worker (`Runtime::exit_now` stops its loop and unwinds its JS with an
//! uncatchable error); `terminate()` sets a flag that the worker's
//! interrupt handler turns into the same unwinding, and wakes its loop.
//! The worker then waits for its thread-pool requests, tears its env down
//! (cleanup hooks, threadsafe functions closed, finalizers, instance data —
//! the main thread's exit path), closes its loop and reports its exit code.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::ffi::{c_int, c_void};
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use libuv_sys2::*;
use napi_host::qjs::{self, free};
use rquickjs_sys::*;

mod ports;

use crate::builtins::permission::{self, Scope};
use crate::builtins::args::{
    arg, array_buffer, native_fn, num, set_fns, store, string_list, throw_error,
};
use crate::engine::{
    runtime, stop_if_exiting, Mode, Options, Runtime, WorkerLink, WorkerStart, THREAD_STACK,
};

/// What a worker sends its parent, in order.
enum ToParent {
    Online,
    Message(Vec<u8>),
    /// An uncaught exception (serialized by worker_threads.js).
    Error(Vec<u8>),
    Exit(i32),
}

struct Queues {
    to_worker: VecDeque<Vec<u8>>,
    to_parent: VecDeque<ToParent>,
    /// The worker's wake-up handle (null until it runs, and once it ended).
    worker_wake: *mut uv_async_t,
    /// The parent's handle for this worker (null once the parent closed it).
    parent_wake: *mut uv_async_t,
}

/// The worker's phases, for its interrupt handler.
const RUNNING: u8 = 0;
/// Exiting: any JS still running is interrupted.
const UNWINDING: u8 = 1;
/// Env teardown: finalizers and cleanup hooks may run JS again.
const TEARDOWN: u8 = 2;

/// What a parent and one of its workers share.
pub(crate) struct Channel {
    pub thread_id: u32,
    queues: Mutex<Queues>,
    terminate: AtomicBool,
    phase: AtomicU8,
    /// Opened by the parent's loop once the code that created the worker
    /// has returned: the worker's script never runs before that (with V8's
    /// slow start-up Node's never does either), so what the parent checks
    /// right after `new Worker()` is deterministic.
    start: (Mutex<bool>, Condvar),
}

// SAFETY: the raw handle pointers are only used under the lock, for
// `uv_async_send` (safe from any thread) while the owning side keeps the
// handle open; the owner nulls them under the lock before closing.
unsafe impl Send for Channel {}
unsafe impl Sync for Channel {}

impl Channel {
    fn lock(&self) -> MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn send_to_worker(&self, msg: Vec<u8>) {
        let mut q = self.lock();
        q.to_worker.push_back(msg);
        if !q.worker_wake.is_null() {
            // SAFETY: open while non-null (see the Sync impl).
            unsafe { uv_async_send(q.worker_wake) };
        }
    }

    fn send_to_parent(&self, ev: ToParent) {
        let mut q = self.lock();
        q.to_parent.push_back(ev);
        if !q.parent_wake.is_null() {
            // SAFETY: as above.
            unsafe { uv_async_send(q.parent_wake) };
        }
    }

    fn open_start(&self) {
        *self.start.0.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.start.1.notify_all();
    }

    fn wait_for_start(&self) {
        let mut open = self.start.0.lock().unwrap_or_else(|e| e.into_inner());
        while !*open {
            open = self.start.1.wait(open).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn request_terminate(&self) {
        // Flag first: a worker let through the start gate by this call must
        // see it (and not start).
        self.terminate.store(true, Ordering::SeqCst);
        self.open_start();
        let q = self.lock();
        if !q.worker_wake.is_null() {
            // SAFETY: as above.
            unsafe { uv_async_send(q.worker_wake) };
        }
    }
}

impl WorkerLink for Channel {
    fn terminating(&self) -> bool {
        self.terminate.load(Ordering::SeqCst)
    }

    fn begin_unwinding(&self) {
        let _ = self
            .phase
            .compare_exchange(RUNNING, UNWINDING, Ordering::SeqCst, Ordering::SeqCst);
    }

    fn begin_teardown(&self) {
        self.phase.store(TEARDOWN, Ordering::SeqCst);
    }
}

/// The [`Channel`] behind a worker's link to its parent.
fn channel(link: &Arc<dyn WorkerLink>) -> Arc<Channel> {
    let any: Arc<dyn std::any::Any + Send + Sync> = link.clone();
    any.downcast()
        .unwrap_or_else(|_| unreachable!("a worker's link is always a Channel"))
}

/// A worker, seen from the thread that started it.
struct Child {
    channel: Arc<Channel>,
    wake: *mut uv_async_t,
    thread: Option<JoinHandle<()>>,
}

/// A worker's own end of its channel.
struct ParentLink {
    wake: *mut uv_async_t,
    /// `parentPort` has a 'message' listener (or was started): deliver.
    started: bool,
    /// `parentPort.close()`: no more deliveries.
    closed: bool,
}

thread_local! {
    static CHILDREN: RefCell<HashMap<u32, Child>> = RefCell::new(HashMap::new());
    static PARENT: RefCell<Option<ParentLink>> = const { RefCell::new(None) };
    /// `worker_threads`' event handler (`binding.setWorkerHandler`).
    static HANDLER: Cell<JSValue> = const { Cell::new(JS_UNDEFINED) };
}

static NEXT_THREAD_ID: AtomicU32 = AtomicU32::new(1);

fn new_async() -> *mut uv_async_t {
    Box::into_raw(Box::new(MaybeUninit::<uv_async_t>::zeroed())).cast()
}

unsafe extern "C" fn free_async(h: *mut uv_handle_t) {
    drop(Box::from_raw(h as *mut MaybeUninit<uv_async_t>));
}

/// The bytes of an ArrayBuffer (`None` with a TypeError pending).
unsafe fn buffer_bytes(ctx: *mut JSContext, v: JSValue) -> Option<Vec<u8>> {
    let mut size: size_t = 0;
    let p = JS_GetArrayBuffer(ctx, &mut size, v);
    if p.is_null() {
        return if size == 0 && !JS_HasException(ctx) {
            Some(Vec::new())
        } else {
            None
        };
    }
    Some(std::slice::from_raw_parts(p, size as usize).to_vec())
}

/// The `threadId` a function gets first (0 when not a number).
unsafe fn thread_id_arg(a: &[JSValue]) -> u32 {
    num(a, 0) as u32
}

fn with_child<R>(id: u32, f: impl FnOnce(&Child) -> R) -> Option<R> {
    CHILDREN.with(|c| c.borrow().get(&id).map(f))
}

// ---- serialization -------------------------------------------------------

/// `binding.serialize(value, flag)`: QuickJS's serialization of `value`
/// (object graph with shared references, SharedArrayBuffers as shared
/// memory), in an ArrayBuffer whose first byte is `flag` (worker_threads.js
/// marks values it had to rewrite).
unsafe fn serialize(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    // A flag that is not a number (NaN) is 0.
    ports::write(ctx, arg(a, 0), num(a, 1) as u8)
}

/// `binding.deserialize(arrayBuffer)`: the value `serialize` wrote (each
/// message is read once).
unsafe fn deserialize(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(bytes) = buffer_bytes(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    ports::read(ctx, &bytes)
}

// ---- the parent's side ---------------------------------------------------

/// `binding.workerStart({ filename, eval, argv, execArgv, env, data,
/// envData })`: starts the thread; returns its `threadId`.
unsafe fn worker_start(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    if let Err(e) = permission::check(ctx, Scope::Worker, "") {
        return e;
    }
    let spec = arg(a, 0);
    let get = |name: &std::ffi::CStr| qjs::get_str(ctx, spec, name);
    let text = |name: &std::ffi::CStr| {
        let v = get(name);
        let s = qjs::to_rust_string(ctx, v).unwrap_or_default();
        free(ctx, v);
        s
    };
    let filename = text(c"filename");
    let eval_v = get(c"eval");
    let is_eval = JS_ToBool(ctx, eval_v) > 0;
    free(ctx, eval_v);
    let argv_v = get(c"argv");
    let full_argv = string_list(ctx, argv_v);
    free(ctx, argv_v);
    let exec_v = get(c"execArgv");
    let exec_argv = string_list(ctx, exec_v);
    free(ctx, exec_v);
    let env_v = get(c"env");
    let env = if qjs::is_object(env_v) {
        let flat = string_list(ctx, env_v);
        Some(
            flat.chunks(2)
                .filter(|kv| kv.len() == 2)
                .map(|kv| (kv[0].clone(), kv[1].clone()))
                .collect(),
        )
    } else {
        None
    };
    free(ctx, env_v);
    let mut blobs = Vec::new();
    for name in [c"data", c"envData"] {
        let v = get(name);
        let b = buffer_bytes(ctx, v);
        free(ctx, v);
        match b {
            Some(b) => blobs.push(b),
            None => return JS_EXCEPTION,
        }
    }
    let env_data = blobs.pop().unwrap_or_default();
    let data = blobs.pop().unwrap_or_default();

    let rt = runtime();
    let id = NEXT_THREAD_ID.fetch_add(1, Ordering::SeqCst);
    let channel = Arc::new(Channel {
        thread_id: id,
        queues: Mutex::new(Queues {
            to_worker: VecDeque::new(),
            to_parent: VecDeque::new(),
            worker_wake: std::ptr::null_mut(),
            parent_wake: std::ptr::null_mut(),
        }),
        terminate: AtomicBool::new(false),
        start: (Mutex::new(false), Condvar::new()),
        phase: AtomicU8::new(RUNNING),
    });
    let wake = new_async();
    if uv_async_init(rt.uv.raw_loop(), wake, Some(on_parent_wake)) != 0 {
        drop(Box::from_raw(wake as *mut MaybeUninit<uv_async_t>));
        return throw_error(ctx, "ERR_WORKER_INIT_FAILED", "uv_async_init failed", None);
    }
    (*wake).data = id as usize as *mut c_void;
    channel.lock().parent_wake = wake;

    let opts = Options {
        mode: if is_eval {
            Mode::Eval {
                code: filename,
                print: false,
            }
        } else {
            Mode::Script(filename)
        },
        expose_gc: exec_argv
            .iter()
            .any(|a| a == "--expose-gc" || a == "--expose_gc"),
        argv: full_argv,
        exec_argv,
        env,
        worker: Some(WorkerStart {
            link: channel.clone(),
            data,
            env_data,
        }),
    };
    let thread_channel = channel.clone();
    let builtins = rt.builtins;
    let spawned = std::thread::Builder::new()
        .name(format!("nabi worker {id}"))
        .stack_size(THREAD_STACK)
        .spawn(move || {
            thread_channel.wait_for_start();
            // Terminated before it started: it never runs, and exits with 0
            // as in Node ('exit' 0, no 'online').
            let code = if thread_channel.terminating() {
                0
            } else {
                crate::engine::run(opts, builtins)
            };
            thread_channel.send_to_parent(ToParent::Exit(code));
        });
    let thread = match spawned {
        Ok(t) => t,
        Err(e) => {
            channel.lock().parent_wake = std::ptr::null_mut();
            uv_close(wake.cast(), Some(free_async));
            return throw_error(
                ctx,
                "ERR_WORKER_INIT_FAILED",
                &format!("cannot start a thread: {e}"),
                None,
            );
        }
    };
    CHILDREN.with(|c| {
        c.borrow_mut().insert(
            id,
            Child {
                channel,
                wake,
                thread: Some(thread),
            },
        )
    });
    // Opens the start gate from the loop, after the current JS returns.
    uv_async_send(wake);
    qjs::int(id as i32)
}

/// `binding.workerPost(threadId, arrayBuffer)`.
unsafe fn worker_post(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let id = thread_id_arg(a);
    let Some(bytes) = buffer_bytes(ctx, arg(a, 1)) else {
        return JS_EXCEPTION;
    };
    with_child(id, |c| c.channel.send_to_worker(bytes));
    JS_UNDEFINED
}

/// `binding.workerTerminate(threadId)`.
unsafe fn worker_terminate(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    let id = thread_id_arg(a);
    with_child(id, |c| c.channel.request_terminate());
    JS_UNDEFINED
}

/// `binding.workerRef(threadId, on)`: whether the worker keeps this
/// thread's loop alive.
unsafe fn worker_ref(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let id = thread_id_arg(a);
    let on = JS_ToBool(ctx, arg(a, 1)) > 0;
    with_child(id, |c| {
        if on {
            uv_ref(c.wake.cast())
        } else {
            uv_unref(c.wake.cast())
        }
    });
    JS_UNDEFINED
}

unsafe fn set_worker_handler(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    HANDLER.with(|h| {
        let mut slot = h.get();
        store(ctx, &mut slot, arg(a, 0));
        h.set(slot);
    });
    JS_UNDEFINED
}

/// Calls worker_threads.js's handler: `(kind, threadId, payload)`.
unsafe fn deliver(rt: &mut Runtime, kind: &str, id: u32, payload: JSValue) {
    let ctx = rt.ctx;
    let k = qjs::string(ctx, kind);
    let handler = HANDLER.with(|h| h.get());
    let r = rt.call_function(
        handler,
        JS_UNDEFINED,
        &mut [k, qjs::int(id as i32), payload],
    );
    free(ctx, r);
    free(ctx, k);
    free(ctx, payload);
}

/// Forgets a worker that ended: closes its handle, joins its thread.
unsafe fn finish_child(id: u32) {
    let Some(mut child) = CHILDREN.with(|c| c.borrow_mut().remove(&id)) else {
        return;
    };
    child.channel.lock().parent_wake = std::ptr::null_mut();
    uv_close(child.wake.cast(), Some(free_async));
    if let Some(t) = child.thread.take() {
        let _ = t.join();
    }
}

/// A worker has news: 'online', messages, an uncaught error, its exit.
unsafe extern "C" fn on_parent_wake(handle: *mut uv_async_t) {
    let id = (*handle).data as usize as u32;
    let rt = runtime();
    if let Some(channel) = with_child(id, |c| c.channel.clone()) {
        channel.open_start(); // the first wake-up is worker_start's
    }
    loop {
        let Some(channel) = with_child(id, |c| c.channel.clone()) else {
            return;
        };
        let Some(ev) = channel.lock().to_parent.pop_front() else {
            break;
        };
        if rt.exiting.is_some() {
            // This thread is ending: no more JS; still join finished workers.
            if let ToParent::Exit(_) = ev {
                finish_child(id);
                return;
            }
            continue;
        }
        let ctx = rt.ctx;
        match ev {
            ToParent::Online => deliver(rt, "online", id, JS_UNDEFINED),
            ToParent::Message(b) => deliver(rt, "message", id, array_buffer(ctx, &b)),
            ToParent::Error(b) => deliver(rt, "error", id, array_buffer(ctx, &b)),
            ToParent::Exit(code) => {
                finish_child(id);
                deliver(rt, "exit", id, qjs::int(code));
                rt.after_callback();
                break;
            }
        }
        rt.after_callback();
    }
    stop_if_exiting();
}

/// At the end of a thread's run: terminates its workers and waits for them
/// (Node stops a thread's workers when it exits).
pub(crate) unsafe fn stop_children(rt: &mut Runtime) {
    ports::shutdown(rt.ctx);
    let ids: Vec<u32> = CHILDREN.with(|c| c.borrow().keys().copied().collect());
    for id in &ids {
        with_child(*id, |c| c.channel.request_terminate());
    }
    for id in ids {
        finish_child(id);
    }
    // No child is left to deliver to; the runtime is freed after this.
    free(rt.ctx, HANDLER.with(|h| h.replace(JS_UNDEFINED)));
}

// ---- the worker's side ---------------------------------------------------

/// `JS_SetInterruptHandler`'s callback on a worker: interrupts JS once the
/// worker is terminated or exiting (not during teardown).
unsafe extern "C" fn interrupt(_rt: *mut JSRuntime, opaque: *mut c_void) -> c_int {
    let ch = &*(opaque as *const Channel);
    match ch.phase.load(Ordering::Relaxed) {
        TEARDOWN => 0,
        UNWINDING => 1,
        _ => ch.terminate.load(Ordering::Relaxed) as c_int,
    }
}

/// Called on the worker's thread after its bootstrap, before its script:
/// opens its wake-up handle and says 'online' (or exits at once when
/// terminated already).
pub(crate) unsafe fn attach_to_parent(rt: &mut Runtime) {
    let Some(ch) = rt.worker.as_ref().map(channel) else {
        return;
    };
    let wake = new_async();
    uv_async_init(rt.uv.raw_loop(), wake, Some(on_worker_wake));
    // parentPort keeps the worker alive only while it listens.
    uv_unref(wake.cast());
    PARENT.with(|p| {
        *p.borrow_mut() = Some(ParentLink {
            wake,
            started: false,
            closed: false,
        })
    });
    ch.lock().worker_wake = wake;
    // Asked by QuickJS every so many operations, and by napi-host whenever
    // a native call returns to JS, so terminate() lands within one call.
    let opaque = Arc::as_ptr(&ch) as *mut c_void;
    match rt.host.as_ref() {
        Some(host) => host.set_interrupt_handler(Some(interrupt), opaque),
        None => JS_SetInterruptHandler(rt.rt, Some(interrupt), opaque),
    }
    if ch.terminating() {
        rt.exit_now(1);
    } else {
        ch.send_to_parent(ToParent::Online);
    }
}

/// The parent wrote: messages for `parentPort`, or `terminate()`.
unsafe extern "C" fn on_worker_wake(_: *mut uv_async_t) {
    let rt = runtime();
    if rt.exiting.is_some() {
        return;
    }
    let Some(ch) = rt.worker.as_ref().map(channel) else {
        return;
    };
    if ch.terminating() {
        rt.exit_now(1);
        return;
    }
    let deliverable =
        || PARENT.with(|p| p.borrow().as_ref().is_some_and(|l| l.started && !l.closed));
    while deliverable() && rt.exiting.is_none() {
        let Some(msg) = ch.lock().to_worker.pop_front() else {
            break;
        };
        let payload = array_buffer(rt.ctx, &msg);
        deliver(rt, "parent-message", 0, payload);
        rt.after_callback();
    }
    stop_if_exiting();
}

/// `binding.parentPost(arrayBuffer)`, `binding.parentError(arrayBuffer)`
/// (`ERROR`: an uncaught exception, serialized).
unsafe fn post_to_parent<const ERROR: bool>(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(bytes) = buffer_bytes(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    if let Some(ch) = runtime().worker.as_ref().map(channel) {
        ch.send_to_parent(if ERROR {
            ToParent::Error(bytes)
        } else {
            ToParent::Message(bytes)
        });
    }
    JS_UNDEFINED
}

/// `binding.parentPort(op)`: 'start' / 'stop' delivering messages, 'ref' /
/// 'unref' the worker's loop, 'close' for good.
unsafe fn parent_port(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let op = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    PARENT.with(|p| {
        let mut p = p.borrow_mut();
        let Some(link) = p.as_mut() else { return };
        if link.closed {
            return;
        }
        match op.as_str() {
            "start" => {
                link.started = true;
                // Messages that waited for a listener.
                uv_async_send(link.wake);
            }
            "stop" => link.started = false,
            "ref" => uv_ref(link.wake.cast()),
            "unref" => uv_unref(link.wake.cast()),
            "close" => {
                link.closed = true;
                uv_unref(link.wake.cast());
            }
            _ => {}
        }
    });
    JS_UNDEFINED
}

/// After a worker's env teardown: closes its wake-up handle and lets go
/// of its event handler.
pub(crate) unsafe fn detach_from_parent(rt: &mut Runtime) {
    free(rt.ctx, HANDLER.with(|h| h.replace(JS_UNDEFINED)));
    if let Some(link) = PARENT.with(|p| p.borrow_mut().take()) {
        if let Some(ch) = rt.worker.as_ref().map(channel) {
            ch.lock().worker_wake = std::ptr::null_mut();
        }
        uv_close(link.wake.cast(), Some(free_async));
    }
    JS_SetInterruptHandler(rt.rt, None, std::ptr::null_mut());
}

// ---- the binding ---------------------------------------------------------

/// Adds the worker functions to `binding`; on a worker thread also
/// `binding.workerInfo` (`{ threadId, data, envData }`).
pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, opts: &Options) {
    set_fns(
        ctx,
        b,
        &[
            (c"serialize", native_fn!(serialize), 2),
            (c"deserialize", native_fn!(deserialize), 1),
            (c"workerStart", native_fn!(worker_start), 1),
            (c"workerPost", native_fn!(worker_post), 2),
            (c"workerTerminate", native_fn!(worker_terminate), 1),
            (c"workerRef", native_fn!(worker_ref), 2),
            (c"setWorkerHandler", native_fn!(set_worker_handler), 1),
            (c"portPair", native_fn!(ports::port_pair), 0),
            (c"portPost", native_fn!(ports::port_post), 2),
            (c"portControl", native_fn!(ports::port_control), 2),
            (c"portReceive", native_fn!(ports::port_receive), 1),
            (c"broadcastJoin", native_fn!(ports::broadcast_join), 1),
            (c"broadcastCount", native_fn!(ports::broadcast_count), 1),
            (c"setPortHandler", native_fn!(ports::set_port_handler), 1),
            (c"detachArrayBuffer", native_fn!(ports::detach_array_buffer), 1),
            (c"isUntransferable", native_fn!(ports::is_untransferable), 1),
        ],
    );
    ports::enable_shared_memory(JS_GetRuntime(ctx));
    if let Some(w) = &opts.worker {
        set_fns(
            ctx,
            b,
            &[
                (c"parentPost", native_fn!(post_to_parent::<false>), 1),
                (c"parentError", native_fn!(post_to_parent::<true>), 1),
                (c"parentPort", native_fn!(parent_port), 1),
            ],
        );
        let info = JS_NewObject(ctx);
        JS_SetPropertyStr(
            ctx,
            info,
            c"threadId".as_ptr(),
            qjs::int(channel(&w.link).thread_id as i32),
        );
        JS_SetPropertyStr(ctx, info, c"data".as_ptr(), array_buffer(ctx, &w.data));
        JS_SetPropertyStr(
            ctx,
            info,
            c"envData".as_ptr(),
            array_buffer(ctx, &w.env_data),
        );
        JS_SetPropertyStr(ctx, b, c"workerInfo".as_ptr(), info);
    }
}
