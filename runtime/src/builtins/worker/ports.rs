//! MessagePorts, BroadcastChannels and shared memory between threads.
//!
//! A port is an entry of one process-wide table: its peer, its queue of
//! messages (serialized by `worker_threads.js`), and the thread that owns it
//! now (a port moves when it is transferred). Each thread has one
//! `uv_async_t` that wakes it when a port it owns receives something; the
//! handle keeps the loop alive while one of its ports is started and
//! referenced, as a port with a 'message' listener does in Node.
//!
//! SharedArrayBuffers are shared memory: every runtime allocates them with
//! [`enable_shared_memory`] (a reference count before the bytes), QuickJS's serializer
//! writes their address, and `Atomics.wait` may block (as in Node, also on
//! the main thread).

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::ffi::c_void;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use libuv_sys2::*;
use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use crate::builtins::args::{arg, array_buffer, num, store};
use crate::engine::{runtime, stop_if_exiting};

// ---- shared memory ---------------------------------------------------------

/// Before each SharedArrayBuffer's bytes: its reference count and size.
#[repr(C, align(16))]
struct SabHeader {
    refs: AtomicUsize,
    size: usize,
}

fn sab_layout(size: usize) -> Layout {
    Layout::from_size_align(size_of::<SabHeader>() + size.max(1), 16).expect("SharedArrayBuffer size")
}

unsafe extern "C" fn sab_alloc(_: *mut c_void, size: size_t) -> *mut c_void {
    let size = size as usize;
    let p = alloc_zeroed(sab_layout(size));
    if p.is_null() {
        return p.cast();
    }
    p.cast::<SabHeader>().write(SabHeader {
        refs: AtomicUsize::new(1),
        size,
    });
    p.add(size_of::<SabHeader>()).cast()
}

unsafe fn header(ptr: *mut c_void) -> *mut SabHeader {
    ptr.cast::<u8>().sub(size_of::<SabHeader>()).cast()
}

unsafe extern "C" fn sab_free(_: *mut c_void, ptr: *mut c_void) {
    // An addon's external SharedArrayBuffer has no header: napi-host counts it.
    if napi_host::shared_memory_free(ptr) {
        return;
    }
    let h = header(ptr);
    if (*h).refs.fetch_sub(1, Ordering::AcqRel) == 1 {
        let size = (*h).size;
        dealloc(h.cast(), sab_layout(size));
    }
}

unsafe extern "C" fn sab_dup(_: *mut c_void, ptr: *mut c_void) {
    if napi_host::shared_memory_dup(ptr) {
        return;
    }
    (*header(ptr)).refs.fetch_add(1, Ordering::AcqRel);
}

/// Every thread's runtime: shared SharedArrayBuffers (QuickJS copies the
/// functions), blocking Atomics.wait.
pub(crate) unsafe fn enable_shared_memory(rt: *mut JSRuntime) {
    let funcs = JSSharedArrayBufferFunctions {
        sab_alloc: Some(sab_alloc),
        sab_free: Some(sab_free),
        sab_dup: Some(sab_dup),
        sab_opaque: std::ptr::null_mut(),
    };
    JS_SetSharedArrayBufferFunctions(rt, &funcs);
    JS_SetCanBlock(rt, true);
}

/// Engine patch 0005 (quickjs.h): refuse what the format would change
/// (symbols; arrays with holes or extra properties), so that
/// worker_threads.js takes its exact path for them.
const JS_WRITE_OBJ_NABI_CLONE: u32 = 1 << 6;

/// QuickJS's serialization of `v` (object graph, SharedArrayBuffers by
/// address) with `flag` as the first byte. The message holds a reference to
/// each SharedArrayBuffer until [`read`] lets go of it.
pub(crate) unsafe fn write(ctx: *mut JSContext, v: JSValue, flag: u8) -> JSValue {
    let mut len: size_t = 0;
    let mut tab = MaybeUninit::<JSSABTab>::zeroed();
    let p = JS_WriteObject2(
        ctx,
        &mut len,
        v,
        (JS_WRITE_OBJ_REFERENCE | JS_WRITE_OBJ_SAB | JS_WRITE_OBJ_NABI_CLONE) as i32,
        tab.as_mut_ptr(),
    );
    if p.is_null() {
        return JS_EXCEPTION;
    }
    let tab = tab.assume_init();
    for i in 0..tab.len as usize {
        sab_dup(std::ptr::null_mut(), (*tab.tab.add(i)).cast());
    }
    js_free(ctx, tab.tab.cast());
    let mut bytes = Vec::with_capacity(len as usize + 1);
    bytes.push(flag);
    bytes.extend_from_slice(std::slice::from_raw_parts(p, len as usize));
    js_free(ctx, p.cast());
    array_buffer(ctx, &bytes)
}

/// The value [`write`] wrote (read once: the message's references to its
/// SharedArrayBuffers go here).
pub(crate) unsafe fn read(ctx: *mut JSContext, bytes: &[u8]) -> JSValue {
    if bytes.len() < 2 {
        return JS_UNDEFINED;
    }
    let mut tab = MaybeUninit::<JSSABTab>::zeroed();
    let v = JS_ReadObject2(
        ctx,
        bytes[1..].as_ptr(),
        (bytes.len() - 1) as size_t,
        (JS_READ_OBJ_REFERENCE | JS_READ_OBJ_SAB) as i32,
        tab.as_mut_ptr(),
    );
    let tab = tab.assume_init();
    if !tab.tab.is_null() {
        for i in 0..tab.len as usize {
            sab_free(std::ptr::null_mut(), (*tab.tab.add(i)).cast());
        }
        js_free(ctx, tab.tab.cast());
    }
    v
}

// ---- ports -----------------------------------------------------------------

/// A thread's wake-up handle for its ports (null once the thread ended).
struct ThreadWake {
    handle: Mutex<*mut uv_async_t>,
}

// SAFETY: the handle is only used under its lock, for `uv_async_send`
// (safe from any thread); the owner nulls it under the lock before closing.
unsafe impl Send for ThreadWake {}
unsafe impl Sync for ThreadWake {}

impl ThreadWake {
    fn wake(&self) {
        let h = self.handle.lock().unwrap_or_else(|e| e.into_inner());
        if !h.is_null() {
            // SAFETY: open while non-null.
            unsafe { uv_async_send(*h) };
        }
    }
}

enum Item {
    Message(Vec<u8>),
    /// The other end closed.
    Close,
}

struct Port {
    peer: Option<u64>,
    /// The BroadcastChannel name it belongs to.
    group: Option<String>,
    queue: VecDeque<Item>,
    owner: Option<Arc<ThreadWake>>,
    started: bool,
    refed: bool,
    closed: bool,
}

static PORTS: LazyLock<Mutex<HashMap<u64, Port>>> = LazyLock::new(Default::default);
static NEXT_PORT: AtomicU64 = AtomicU64::new(1);

fn ports() -> MutexGuard<'static, HashMap<u64, Port>> {
    PORTS.lock().unwrap_or_else(|e| e.into_inner())
}

thread_local! {
    static WAKE: RefCell<Option<Arc<ThreadWake>>> = const { RefCell::new(None) };
    /// worker_threads.js's port event handler: `(id, payload | 'close')`.
    static HANDLER: std::cell::Cell<JSValue> = const { std::cell::Cell::new(JS_UNDEFINED) };
}

/// This thread's wake-up handle, opened on first use (unreferenced).
unsafe fn thread_wake() -> Arc<ThreadWake> {
    if let Some(w) = WAKE.with(|w| w.borrow().clone()) {
        return w;
    }
    let h: *mut uv_async_t = Box::into_raw(Box::new(MaybeUninit::<uv_async_t>::zeroed())).cast();
    uv_async_init(runtime().uv.raw_loop(), h, Some(on_wake));
    uv_unref(h.cast());
    let w = Arc::new(ThreadWake {
        handle: Mutex::new(h),
    });
    WAKE.with(|slot| *slot.borrow_mut() = Some(w.clone()));
    w
}

fn owned_here(p: &Port, me: &Arc<ThreadWake>) -> bool {
    p.owner.as_ref().is_some_and(|o| Arc::ptr_eq(o, me))
}

/// Keeps the loop alive while one of this thread's ports is started,
/// referenced and open.
unsafe fn update_ref(table: &HashMap<u64, Port>) {
    let Some(me) = WAKE.with(|w| w.borrow().clone()) else {
        return;
    };
    let alive = table
        .values()
        .any(|p| owned_here(p, &me) && p.started && p.refed && !p.closed);
    let h = *me.handle.lock().unwrap_or_else(|e| e.into_inner());
    if !h.is_null() {
        if alive {
            uv_ref(h.cast());
        } else {
            uv_unref(h.cast());
        }
    }
}

fn new_port(owner: Arc<ThreadWake>, group: Option<String>) -> u64 {
    let id = NEXT_PORT.fetch_add(1, Ordering::SeqCst);
    ports().insert(
        id,
        Port {
            peer: None,
            group,
            queue: VecDeque::new(),
            owner: Some(owner),
            started: false,
            refed: true,
            closed: false,
        },
    );
    id
}

/// Queues `item` on port `to` and wakes its owner when it listens.
fn enqueue(table: &mut HashMap<u64, Port>, to: u64, item: Item) {
    if let Some(p) = table.get_mut(&to) {
        if p.closed {
            return;
        }
        p.queue.push_back(item);
        if p.started {
            if let Some(o) = &p.owner {
                o.wake();
            }
        }
    }
}

/// `binding.portPair()` → `[id1, id2]`, entangled, owned by this thread.
pub(crate) unsafe fn port_pair(ctx: *mut JSContext, _: &[JSValue]) -> JSValue {
    let me = thread_wake();
    let a = new_port(me.clone(), None);
    let b = new_port(me, None);
    {
        let mut t = ports();
        t.get_mut(&a).unwrap().peer = Some(b);
        t.get_mut(&b).unwrap().peer = Some(a);
    }
    let out = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, out, 0, qjs::float(a as f64));
    JS_SetPropertyUint32(ctx, out, 1, qjs::float(b as f64));
    out
}

/// `binding.broadcastJoin(name)` → a port of the channel `name`.
pub(crate) unsafe fn broadcast_join(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let name = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    qjs::float(new_port(thread_wake(), Some(name)) as f64)
}

fn id_arg(a: &[JSValue], i: usize) -> u64 {
    // SAFETY: reading a number argument.
    unsafe { num(a, i) as u64 }
}

/// `binding.portPost(id, arrayBuffer | arrayBuffer[])`: to the peer, or to
/// every other member of a BroadcastChannel (one copy each).
pub(crate) unsafe fn port_post(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let id = id_arg(a, 0);
    let payload = arg(a, 1);
    let mut copies = Vec::new();
    let mut len = 0i64;
    if JS_IsArray(payload) && JS_GetLength(ctx, payload, &mut len) == 0 {
        for i in 0..len {
            let v = JS_GetPropertyUint32(ctx, payload, i as u32);
            copies.push(bytes_of(ctx, v));
            free(ctx, v);
        }
    } else {
        copies.push(bytes_of(ctx, payload));
    }
    let mut t = ports();
    let Some(p) = t.get(&id) else {
        return JS_UNDEFINED;
    };
    if p.closed {
        return JS_UNDEFINED;
    }
    if let Some(group) = p.group.clone() {
        let members: Vec<u64> = t
            .iter()
            .filter(|(k, q)| **k != id && !q.closed && q.group.as_deref() == Some(&group))
            .map(|(k, _)| *k)
            .collect();
        for (m, bytes) in members.into_iter().zip(copies) {
            enqueue(&mut t, m, Item::Message(bytes));
        }
    } else if let (Some(peer), Some(bytes)) = (p.peer, copies.pop()) {
        enqueue(&mut t, peer, Item::Message(bytes));
    }
    JS_UNDEFINED
}

unsafe fn bytes_of(ctx: *mut JSContext, v: JSValue) -> Vec<u8> {
    let mut size: size_t = 0;
    let p = JS_GetArrayBuffer(ctx, &mut size, v);
    if p.is_null() {
        JS_FreeValue(ctx, JS_GetException(ctx));
        return Vec::new();
    }
    std::slice::from_raw_parts(p, size as usize).to_vec()
}

/// `binding.broadcastCount(id)`: how many other members would receive.
pub(crate) unsafe fn broadcast_count(_: *mut JSContext, a: &[JSValue]) -> JSValue {
    let id = id_arg(a, 0);
    let t = ports();
    let group = t.get(&id).and_then(|p| p.group.clone());
    let n = t
        .iter()
        .filter(|(k, q)| **k != id && !q.closed && group.is_some() && q.group == group)
        .count();
    qjs::int(n as i32)
}

/// `binding.portControl(id, op)`: 'start', 'stop', 'ref', 'unref', 'close',
/// 'detach' (the port leaves this thread, in a transfer), 'adopt' (it
/// arrives here).
pub(crate) unsafe fn port_control(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let id = id_arg(a, 0);
    let op = qjs::to_rust_string(ctx, arg(a, 1)).unwrap_or_default();
    let me = thread_wake();
    let mut t = ports();
    let Some(p) = t.get_mut(&id) else {
        return JS_UNDEFINED;
    };
    match op.as_str() {
        "start" => {
            p.started = true;
            if !p.queue.is_empty() {
                me.wake();
            }
        }
        "stop" => p.started = false,
        "ref" => p.refed = true,
        "unref" => p.refed = false,
        "detach" => {
            p.owner = None;
            p.started = false;
        }
        "adopt" => {
            p.owner = Some(me.clone());
            p.started = false;
            p.refed = true;
        }
        "close" => {
            if !p.closed {
                p.closed = true;
                p.queue.clear();
                let peer = p.peer.take();
                if let Some(peer) = peer {
                    if let Some(q) = t.get_mut(&peer) {
                        q.peer = None;
                    }
                    enqueue(&mut t, peer, Item::Close);
                }
            }
            t.remove(&id);
        }
        _ => {}
    }
    update_ref(&t);
    JS_UNDEFINED
}

/// `binding.portReceive(id)`: the next message, taken now (or undefined).
pub(crate) unsafe fn port_receive(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let id = id_arg(a, 0);
    let mut t = ports();
    let Some(p) = t.get_mut(&id) else {
        return JS_UNDEFINED;
    };
    match p.queue.front() {
        Some(Item::Message(_)) => match p.queue.pop_front() {
            Some(Item::Message(b)) => array_buffer(ctx, &b),
            _ => JS_UNDEFINED,
        },
        _ => JS_UNDEFINED,
    }
}

/// `binding.deserialize`'s counterpart for port messages, and the handler.
pub(crate) unsafe fn set_port_handler(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    HANDLER.with(|h| {
        let mut slot = h.get();
        store(ctx, &mut slot, arg(a, 0));
        h.set(slot);
    });
    JS_UNDEFINED
}

/// A port of this thread received something: deliver what started ports
/// hold, one message per callback, nextTicks and microtasks after each.
unsafe extern "C" fn on_wake(_: *mut uv_async_t) {
    let rt = runtime();
    let Some(me) = WAKE.with(|w| w.borrow().clone()) else {
        return;
    };
    loop {
        if rt.exiting.is_some() {
            break;
        }
        let next = {
            let mut t = ports();
            let found = t
                .iter_mut()
                .filter(|(_, p)| owned_here(p, &me) && p.started && !p.queue.is_empty())
                .min_by_key(|(k, _)| **k)
                .and_then(|(k, p)| p.queue.pop_front().map(|item| (*k, item)));
            if let Some((id, Item::Close)) = &found {
                if let Some(p) = t.remove(id) {
                    drop(p);
                }
                update_ref(&t);
            }
            found
        };
        let Some((id, item)) = next else { break };
        let ctx = rt.ctx;
        let payload = match item {
            Item::Message(b) => array_buffer(ctx, &b),
            Item::Close => qjs::string(ctx, "close"),
        };
        let handler = HANDLER.with(|h| h.get());
        let r = rt.call_function(
            handler,
            JS_UNDEFINED,
            &mut [qjs::float(id as f64), payload],
        );
        free(ctx, r);
        free(ctx, payload);
        rt.after_callback();
    }
    stop_if_exiting();
}

/// At the end of a thread: its ports stop receiving; the handle closes.
pub(crate) unsafe fn shutdown(ctx: *mut JSContext) {
    free(ctx, HANDLER.with(|h| h.replace(JS_UNDEFINED)));
    if let Some(me) = WAKE.with(|w| w.borrow_mut().take()) {
        let h = std::mem::replace(
            &mut *me.handle.lock().unwrap_or_else(|e| e.into_inner()),
            std::ptr::null_mut(),
        );
        let mut t = ports();
        for p in t.values_mut() {
            if owned_here(p, &me) {
                p.owner = None;
            }
        }
        drop(t);
        if !h.is_null() {
            uv_close(h.cast(), Some(free_handle));
        }
    }
}

unsafe extern "C" fn free_handle(h: *mut uv_handle_t) {
    drop(Box::from_raw(h as *mut MaybeUninit<uv_async_t>));
}

/// `binding.isUntransferable(ab)`: an addon's external ArrayBuffer, which
/// Node refuses to transfer.
pub(crate) unsafe fn is_untransferable(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    qjs::boolean(napi_host::is_untransferable_arraybuffer(ctx, arg(a, 0)))
}

/// `binding.detachArrayBuffer(ab)`: what a transfer leaves the sender.
pub(crate) unsafe fn detach_array_buffer(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    JS_DetachArrayBuffer(ctx, arg(a, 0));
    JS_UNDEFINED
}
