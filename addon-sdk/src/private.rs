//! Support code for the macros' expansions. Not a public API: names and
//! signatures change without notice.

use std::cell::Cell;
use std::ffi::{c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::sync::Once;

pub use linkme;

use crate::error::{panic_error, throw_error};
use crate::sys;
use crate::values::sys_tag::{self, napi_type_tag};
use crate::{Env, Error, Result};

/// One item the addon exports.
pub struct ExportDef {
    /// JS name, NUL-terminated.
    pub js_name: &'static CStr,
    /// The `#[export] mod` namespace object it goes on, if any.
    pub namespace: Option<&'static CStr>,
    pub kind: ExportKind,
    /// TypeScript declaration of the item.
    pub dts: fn() -> String,
}

/// What an export is.
pub enum ExportKind {
    Function(unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value),
    Value(fn(Env) -> Result<sys::napi_value>),
    Class(&'static ClassDef),
    /// Only a TypeScript declaration (`#[object]` interfaces).
    TypeOnly,
}

/// A `#[class]` struct.
pub struct ClassDef {
    pub js_name: &'static CStr,
    pub tag: napi_type_tag,
    /// Drops a `Box<T>` given as a raw pointer.
    pub drop: unsafe fn(*mut c_void),
}

/// Constructor glue: reads the arguments from `info` and returns the boxed
/// instance as a raw pointer.
pub type CtorFn = unsafe fn(Env, sys::napi_callback_info) -> Result<*mut c_void>;
pub type RawCallback =
    unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// What a `#[methods]` member is.
pub enum MemberKind {
    Constructor(CtorFn),
    Method(RawCallback),
    Getter(RawCallback),
    Setter(RawCallback),
    StaticMethod(RawCallback),
    StaticGetter(RawCallback),
}

/// A member of a `#[methods]` block.
pub struct ClassMember {
    pub class_tag: napi_type_tag,
    pub js_name: &'static CStr,
    pub kind: MemberKind,
    pub dts: fn() -> String,
}

#[linkme::distributed_slice]
pub static EXPORTS: [ExportDef];

#[linkme::distributed_slice]
pub static CLASS_MEMBERS: [ClassMember];

#[linkme::distributed_slice]
pub static MODULE_INITS: [fn(Env, crate::Object) -> Result<()>];

/// A 128-bit type tag from a name (FNV-1a, two lanes); the macros call it at
/// compile time with the package name and the Rust type name.
pub const fn tag_from_name(s: &str) -> napi_type_tag {
    let b = s.as_bytes();
    let mut lo: u64 = 0xcbf29ce484222325;
    let mut hi: u64 = 0x84222325cbf29ce4 ^ 0x6e616269;
    let mut i = 0;
    while i < b.len() {
        lo = (lo ^ b[i] as u64).wrapping_mul(0x100000001b3);
        hi = (hi ^ b[i] as u64)
            .wrapping_mul(0x100000001b3)
            .rotate_left(7);
        i += 1;
    }
    napi_type_tag {
        lower: lo,
        upper: hi,
    }
}

fn same_tag(a: &napi_type_tag, b: &napi_type_tag) -> bool {
    a.lower == b.lower && a.upper == b.upper
}

// ------------------------------------------------------------ registration

static SETUP: Once = Once::new();

/// Resolves the `napi_*` functions from the host executable, once per process.
pub fn setup() {
    SETUP.call_once(|| unsafe {
        let lib = sys::setup();
        sys_tag::load(&lib);
        crate::env::detect_host(&lib);
        // The host executable stays loaded for the life of the process.
        std::mem::forget(lib);
    });
}

/// Addon entry point, called by the host once per env (main thread, workers).
///
/// # Safety
/// Called by the Node-API host with a valid env and exports object.
#[no_mangle]
pub unsafe extern "C" fn napi_register_module_v1(
    env: sys::napi_env,
    exports: sys::napi_value,
) -> sys::napi_value {
    setup();
    crate::error::panics::install();
    crate::error::panics::caught_here(true);
    let r = catch_unwind(AssertUnwindSafe(|| register(Env::from_raw(env), exports)));
    match r {
        Ok(Ok(())) => {}
        Ok(Err(e)) => throw_error(env, &e),
        Err(p) => throw_error(env, &panic_error(&*p)),
    }
    exports
}

/// The Node-API version this addon was built for.
#[no_mangle]
pub extern "C" fn node_api_module_get_api_version_v1() -> i32 {
    crate::NAPI_VERSION
}

fn register(env: Env, exports: sys::napi_value) -> Result<()> {
    let obj = crate::Object::from_raw(env, exports);
    let _ = env.data();
    let mut namespaces: Vec<(&CStr, crate::Object)> = Vec::new();
    for def in EXPORTS.iter() {
        let v = match &def.kind {
            ExportKind::Function(cb) => create_function(env, def.js_name, *cb)?,
            ExportKind::Value(f) => f(env)?,
            ExportKind::Class(c) => define_class(env, c)?,
            ExportKind::TypeOnly => continue,
        };
        let target = match def.namespace {
            None => obj,
            Some(ns) => match namespaces.iter().find(|(n, _)| *n == ns) {
                Some((_, o)) => *o,
                None => {
                    let o = crate::Object::new(env)?;
                    obj.set_named(ns, o.raw())?;
                    namespaces.push((ns, o));
                    o
                }
            },
        };
        target.set_named(def.js_name, v)?;
    }
    for init in MODULE_INITS.iter() {
        init(env, obj)?;
    }
    Ok(())
}

/// Creates a JS function from a raw callback.
pub fn create_function(env: Env, name: &CStr, cb: RawCallback) -> Result<sys::napi_value> {
    let mut f = ptr::null_mut();
    env.check(unsafe {
        sys::napi_create_function(
            env.raw(),
            name.as_ptr(),
            name.to_bytes().len(),
            Some(cb),
            ptr::null_mut(),
            &mut f,
        )
    })?;
    Ok(f)
}

struct CtorData {
    def: &'static ClassDef,
    ctor: Option<CtorFn>,
}

fn define_class(env: Env, def: &'static ClassDef) -> Result<sys::napi_value> {
    let mut ctor = None;
    let mut props: Vec<sys::napi_property_descriptor> = Vec::new();
    for m in CLASS_MEMBERS
        .iter()
        .filter(|m| same_tag(&m.class_tag, &def.tag))
    {
        let base = sys::napi_property_descriptor {
            utf8name: m.js_name.as_ptr(),
            name: ptr::null_mut(),
            method: None,
            getter: None,
            setter: None,
            value: ptr::null_mut(),
            attributes: sys::PropertyAttributes::default,
            // Method glue finds the borrow books here (`call_method`).
            data: live::books() as *mut c_void,
        };
        let find = |props: &mut Vec<sys::napi_property_descriptor>, is_static: bool| {
            let attr_static = if is_static {
                sys::PropertyAttributes::static_
            } else {
                0
            };
            let idx = props.iter().position(|p| {
                p.method.is_none()
                    && unsafe { CStr::from_ptr(p.utf8name) } == m.js_name
                    && (p.attributes & sys::PropertyAttributes::static_) == attr_static
            });
            match idx {
                Some(i) => i,
                None => {
                    props.push(sys::napi_property_descriptor {
                        attributes: attr_static | sys::PropertyAttributes::configurable,
                        ..base
                    });
                    props.len() - 1
                }
            }
        };
        match m.kind {
            MemberKind::Constructor(c) => ctor = Some(c),
            MemberKind::Method(cb) => props.push(sys::napi_property_descriptor {
                method: Some(cb),
                attributes: sys::PropertyAttributes::writable
                    | sys::PropertyAttributes::configurable,
                ..base
            }),
            MemberKind::StaticMethod(cb) => props.push(sys::napi_property_descriptor {
                method: Some(cb),
                attributes: sys::PropertyAttributes::static_
                    | sys::PropertyAttributes::writable
                    | sys::PropertyAttributes::configurable,
                ..base
            }),
            MemberKind::Getter(cb) => {
                let i = find(&mut props, false);
                props[i].getter = Some(cb);
            }
            MemberKind::Setter(cb) => {
                let i = find(&mut props, false);
                props[i].setter = Some(cb);
            }
            MemberKind::StaticGetter(cb) => {
                let i = find(&mut props, true);
                props[i].getter = Some(cb);
            }
        }
    }
    let data = env.data();
    let cd = Box::into_raw(Box::new(CtorData { def, ctor }));
    data.ctor_data.push(cd.cast());
    let mut cls = ptr::null_mut();
    env.check(unsafe {
        sys::napi_define_class(
            env.raw(),
            def.js_name.as_ptr(),
            def.js_name.to_bytes().len(),
            Some(class_constructor),
            cd.cast(),
            props.len(),
            props.as_ptr(),
            &mut cls,
        )
    })?;
    let mut r = ptr::null_mut();
    env.check(unsafe { sys::napi_create_reference(env.raw(), cls, 1, &mut r) })?;
    data.classes.push((tag_key(&def.tag), r));
    Ok(cls)
}

pub(crate) unsafe fn free_ctor_data(p: *mut c_void) {
    drop(Box::from_raw(p as *mut CtorData));
}

thread_local! {
    /// An instance built in Rust waiting for `napi_new_instance` to wrap it.
    static PENDING: Cell<*mut c_void> = const { Cell::new(ptr::null_mut()) };
}

unsafe extern "C" fn class_constructor(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    let r = live::call_scope(|| {
        catch_unwind(AssertUnwindSafe(|| -> Result<sys::napi_value> {
            let e = Env::from_raw(env);
            let mut this = ptr::null_mut();
            let mut data: *mut c_void = ptr::null_mut();
            let mut argc = 0usize;
            e.check(sys::napi_get_cb_info(
                env,
                info,
                &mut argc,
                ptr::null_mut(),
                &mut this,
                &mut data,
            ))?;
            let cd = &*(data as *const CtorData);
            let mut nt = ptr::null_mut();
            e.check(sys::napi_get_new_target(env, info, &mut nt))?;
            // Deno 2 reports a new.target for a plain sloppy-mode call too (with
            // `this` the global object): a receiver that is not an instance of
            // new.target means there was no `new`, and must not be wrapped.
            let mut constructed = !nt.is_null() && e.type_of(this)? == sys::ValueType::napi_object;
            if constructed {
                let mut is = false;
                e.check(sys::napi_instanceof(env, this, nt, &mut is))?;
                constructed = is;
            }
            if !constructed {
                return Err(Error::type_error(format!(
                    "Class constructor {} cannot be invoked without 'new'",
                    cd.def.js_name.to_string_lossy()
                )));
            }
            let pending = PENDING.with(|p| p.replace(ptr::null_mut()));
            let instance = if !pending.is_null() {
                pending
            } else {
                match cd.ctor {
                    Some(c) => c(e, info)?,
                    None => {
                        return Err(Error::type_error(format!(
                            "{} has no constructor: create it through a factory method",
                            cd.def.js_name.to_string_lossy()
                        )))
                    }
                }
            };
            wrap_instance(e, this, instance, cd.def)?;
            Ok(this)
        }))
    });
    finish(env, r)
}

unsafe extern "C" fn class_finalize(_env: sys::napi_env, data: *mut c_void, hint: *mut c_void) {
    let def = &*(hint as *const ClassDef);
    live::remove(data);
    let _ = catch_unwind(AssertUnwindSafe(|| (def.drop)(data)));
}

fn tag_key(t: &napi_type_tag) -> u128 {
    t.lower as u128 | (t.upper as u128) << 64
}

/// The class instances alive on this thread (each env has its own thread),
/// with their class and how they are borrowed. Unwrapping checks here —
/// a hash lookup, where `napi_check_object_type_tag` is a second property
/// lookup in the engine — and borrows follow Rust's rules at run time, so
/// `c.addFrom(c)` on a `&mut self` method, or re-entering a `&mut self`
/// method from a callback, is an error instead of aliased `&mut`.
mod live {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::ffi::c_void;

    use rustc_hash::FxBuildHasher;

    struct Entry {
        tag: u128,
        /// Shared borrows, or `u32::MAX` while borrowed exclusively.
        borrows: u32,
    }

    /// One thread-local for all of it: each access to one costs a call in
    /// a shared library. Methods skip even that: their `data` pointer is
    /// this thread's `Books` ([`books`]).
    pub struct Books {
        live: RefCell<HashMap<usize, Entry, FxBuildHasher>>,
        /// Borrows taken by the calls now running, released when the call
        /// that took them returns.
        held: RefCell<Vec<(usize, bool)>>,
        call_depth: Cell<u32>,
    }

    thread_local! {
        static BOOKS: Books = const {
            Books {
                live: RefCell::new(HashMap::with_hasher(FxBuildHasher)),
                held: RefCell::new(Vec::new()),
                call_depth: Cell::new(0),
            }
        };
    }

    pub fn insert(p: *mut c_void, tag: u128) {
        BOOKS.with(|b| {
            b.live
                .borrow_mut()
                .insert(p as usize, Entry { tag, borrows: 0 })
        });
    }

    pub fn remove(p: *mut c_void) {
        // `try_with`: a finalizer may run while the thread is exiting.
        let _ = BOOKS.try_with(|b| b.live.borrow_mut().remove(&(p as usize)));
    }

    pub enum Refused {
        NotAnInstance,
        Borrowed,
    }

    /// Checks that `p` is a live instance with class `tag` and borrows it
    /// for the running call (only checks, outside any call).
    #[inline]
    pub fn borrow(p: *mut c_void, tag: u128, exclusive: bool) -> Result<(), Refused> {
        BOOKS.with(|b| {
            let mut live = b.live.borrow_mut();
            let e = match live.get_mut(&(p as usize)) {
                Some(e) if e.tag == tag => e,
                _ => return Err(Refused::NotAnInstance),
            };
            let free = if exclusive {
                e.borrows == 0
            } else {
                e.borrows != u32::MAX
            };
            if !free {
                return Err(Refused::Borrowed);
            }
            if b.call_depth.get() > 0 {
                e.borrows = if exclusive { u32::MAX } else { e.borrows + 1 };
                b.held.borrow_mut().push((p as usize, exclusive));
            }
            Ok(())
        })
    }

    /// This thread's books, for the `data` pointer of class members (it
    /// outlives every call on this thread), so a method call reaches them
    /// through `napi_get_cb_info` and not a thread-local access.
    pub fn books() -> *const Books {
        BOOKS.with(|b| b as *const Books)
    }

    /// Borrows receiver `p` (checked: a live instance of class `tag`) for a
    /// method call, until [`leave`].
    ///
    /// # Safety
    /// `b` from [`books`], on its thread.
    #[inline(always)]
    pub unsafe fn enter(
        b: *const Books,
        p: *mut c_void,
        tag: u128,
        exclusive: bool,
    ) -> Result<(), Refused> {
        let mut live = (*b).live.borrow_mut();
        let e = match live.get_mut(&(p as usize)) {
            Some(e) if e.tag == tag => e,
            _ => return Err(Refused::NotAnInstance),
        };
        if exclusive {
            if e.borrows != 0 {
                return Err(Refused::Borrowed);
            }
            e.borrows = u32::MAX;
        } else {
            if e.borrows == u32::MAX {
                return Err(Refused::Borrowed);
            }
            e.borrows += 1;
        }
        Ok(())
    }

    /// Ends the borrow [`enter`] took. The receiver is still alive: the
    /// call's `this` keeps its object from being collected.
    ///
    /// # Safety
    /// As [`enter`].
    #[inline(always)]
    pub unsafe fn leave(b: *const Books, p: *mut c_void, exclusive: bool) {
        if let Some(e) = (*b).live.borrow_mut().get_mut(&(p as usize)) {
            e.borrows = if exclusive { 0 } else { e.borrows - 1 };
        }
    }

    /// Runs a call (`f` must not unwind: callers wrap it in `catch_unwind`);
    /// the borrows it takes end when it returns.
    #[inline(always)]
    pub fn call_scope<R>(f: impl FnOnce() -> R) -> R {
        let base = BOOKS.with(|b| {
            b.call_depth.set(b.call_depth.get() + 1);
            b.held.borrow().len()
        });
        let r = f();
        BOOKS.with(|b| {
            b.call_depth.set(b.call_depth.get() - 1);
            if b.held.borrow().len() != base {
                release(b, base);
            }
        });
        r
    }

    #[cold]
    #[inline(never)]
    fn release(b: &Books, base: usize) {
        let mut live = b.live.borrow_mut();
        for (p, exclusive) in b.held.borrow_mut().drain(base..) {
            if let Some(e) = live.get_mut(&p) {
                e.borrows = if exclusive { 0 } else { e.borrows - 1 };
            }
        }
    }
}

unsafe fn wrap_instance(
    env: Env,
    this: sys::napi_value,
    instance: *mut c_void,
    def: &'static ClassDef,
) -> Result<()> {
    let st = sys::napi_wrap(
        env.raw(),
        this,
        instance,
        Some(class_finalize),
        def as *const ClassDef as *mut c_void,
        ptr::null_mut(),
    );
    if st != sys::Status::napi_ok {
        (def.drop)(instance);
        return env.check(st);
    }
    live::insert(instance, tag_key(&def.tag));
    env.check(sys_tag::type_tag_object(env.raw(), this, &def.tag))
}

/// Turns a boxed Rust instance into a JS instance of its class.
///
/// # Safety
/// `instance` must be a `Box<T>` raw pointer for the class `def` describes.
#[inline(never)]
pub unsafe fn class_to_js(
    env: Env,
    instance: *mut c_void,
    def: &'static ClassDef,
) -> Result<sys::napi_value> {
    let key = tag_key(&def.tag);
    let Some(&(_, r)) = env.data().classes.iter().find(|(t, _)| *t == key) else {
        (def.drop)(instance);
        return Err(Error::new(format!(
            "class {} is not registered in this env",
            def.js_name.to_string_lossy()
        )));
    };
    let mut cls = ptr::null_mut();
    env.check(sys::napi_get_reference_value(env.raw(), r, &mut cls))?;
    PENDING.with(|p| p.set(instance));
    let mut out = ptr::null_mut();
    let st = sys::napi_new_instance(env.raw(), cls, 0, ptr::null(), &mut out);
    let left = PENDING.with(|p| p.replace(ptr::null_mut()));
    if !left.is_null() {
        (def.drop)(left);
    }
    env.check(st)?;
    Ok(out)
}

/// Returns the instance of class `def` that `v` wraps, borrowed (shared, or
/// `exclusive` for `&mut`) until the running call returns; an error if `v`
/// is not one (checked against the live instances, never a blind unwrap) or
/// if the borrow conflicts with one already held.
///
/// # Safety
/// On the JS thread, during a call.
#[inline(never)]
pub unsafe fn unwrap_class(
    env: Env,
    v: sys::napi_value,
    def: &ClassDef,
    exclusive: bool,
) -> Result<*mut c_void> {
    let mut p = ptr::null_mut();
    if sys::napi_unwrap(env.raw(), v, &mut p) != sys::Status::napi_ok {
        return Err(class_mismatch(env, v, def));
    }
    match live::borrow(p, tag_key(&def.tag), exclusive) {
        Ok(()) => Ok(p),
        Err(live::Refused::NotAnInstance) => Err(class_mismatch(env, v, def)),
        Err(live::Refused::Borrowed) => Err(already_borrowed(def, exclusive)),
    }
}

#[cold]
#[inline(never)]
fn already_borrowed(def: &ClassDef, exclusive: bool) -> Error {
    let name = def.js_name.to_string_lossy();
    Error::type_error(if exclusive {
        format!("this {name} is in use by a call still running, so it cannot be changed (the same object passed twice, or a method re-entered from a callback?)")
    } else {
        format!("this {name} is being changed by a call still running, so it cannot be read now")
    })
    .with_code("ERR_NABI_BORROWED")
}

#[cold]
#[inline(never)]
fn class_mismatch(env: Env, v: sys::napi_value, def: &ClassDef) -> Error {
    if env.is_exception_pending() {
        return Error::pending();
    }
    let got = env
        .type_of(v)
        .map(crate::convert::type_name)
        .unwrap_or("unknown");
    Error::type_error(format!(
        "expected an instance of {}, got {}",
        def.js_name.to_string_lossy(),
        if got == "object" {
            "another object"
        } else {
            got
        }
    ))
    .with_code("ERR_INVALID_ARG_TYPE")
}

// ------------------------------------------------------------ calls

/// Reads up to `argv.len()` arguments and `this`.
#[inline(always)]
pub unsafe fn get_args(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    argv: *mut sys::napi_value,
    n: usize,
    this: *mut sys::napi_value,
) -> bool {
    let mut argc = n;
    sys::napi_get_cb_info(env, info, &mut argc, argv, this, ptr::null_mut()) == sys::Status::napi_ok
}

/// Finishes a call: returns the value, or throws the error / panic.
#[inline(always)]
pub unsafe fn finish(
    env: sys::napi_env,
    r: std::thread::Result<Result<sys::napi_value>>,
) -> sys::napi_value {
    match r {
        Ok(Ok(v)) => v,
        other => finish_err(env, other),
    }
}

#[cold]
#[inline(never)]
unsafe fn finish_err(
    env: sys::napi_env,
    r: std::thread::Result<Result<sys::napi_value>>,
) -> sys::napi_value {
    match r {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => {
            throw_error(env, &e);
            ptr::null_mut()
        }
        Err(p) => {
            throw_error(env, &panic_error(&*p));
            ptr::null_mut()
        }
    }
}

/// The trampoline of an exported function with `N` parameters.
///
/// # Safety
/// Called from a Node-API callback with its env and info.
#[inline(always)]
pub unsafe fn call<const N: usize, F>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    want_this: bool,
    borrows: bool,
    f: F,
) -> sys::napi_value
where
    F: FnOnce(Env, &[sys::napi_value; N], sys::napi_value) -> Result<sys::napi_value>,
{
    let mut argv: [sys::napi_value; N] = [ptr::null_mut(); N];
    let mut this = ptr::null_mut();
    if (N > 0 || want_this) && !get_args(env, info, argv.as_mut_ptr(), N, &mut this) {
        return ptr::null_mut();
    }
    let run = || catch_unwind(AssertUnwindSafe(|| f(Env::from_raw(env), &argv, this)));
    // Thread-locals cost a call each in a shared library: only calls that
    // may borrow a class instance keep the borrow books.
    let r = if borrows {
        live::call_scope(run)
    } else {
        run()
    };
    finish(env, r)
}

/// The trampoline of a method with `N` parameters whose receiver is an
/// instance of `def`: unwraps it, checks it against the live instances and
/// borrows it (`exclusive` for `&mut self`) around the call, with the books
/// reached through the member's `data` pointer. `arg_borrows`: a parameter
/// may borrow an instance too, so the call also keeps the books' call
/// scope.
///
/// # Safety
/// Called from a Node-API callback with its env and info, for a member
/// that `define_class` registered.
#[inline(always)]
pub unsafe fn call_method<const N: usize, F>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    def: &'static ClassDef,
    exclusive: bool,
    arg_borrows: bool,
    f: F,
) -> sys::napi_value
where
    F: FnOnce(Env, &[sys::napi_value; N], sys::napi_value, *mut c_void) -> Result<sys::napi_value>,
{
    let mut argv: [sys::napi_value; N] = [ptr::null_mut(); N];
    let mut this = ptr::null_mut();
    let mut data = ptr::null_mut();
    let mut argc = N;
    if sys::napi_get_cb_info(
        env,
        info,
        &mut argc,
        argv.as_mut_ptr(),
        &mut this,
        &mut data,
    ) != sys::Status::napi_ok
    {
        return ptr::null_mut();
    }
    let books = data as *const live::Books;
    let mut p = ptr::null_mut();
    if sys::napi_unwrap(env, this, &mut p) != sys::Status::napi_ok {
        return refuse(env, this, def, exclusive, live::Refused::NotAnInstance);
    }
    if let Err(why) = live::enter(books, p, tag_key(&def.tag), exclusive) {
        return refuse(env, this, def, exclusive, why);
    }
    let run = || catch_unwind(AssertUnwindSafe(|| f(Env::from_raw(env), &argv, this, p)));
    let r = if arg_borrows {
        live::call_scope(run)
    } else {
        run()
    };
    live::leave(books, p, exclusive);
    finish(env, r)
}

#[cold]
#[inline(never)]
unsafe fn refuse(
    env: sys::napi_env,
    this: sys::napi_value,
    def: &ClassDef,
    exclusive: bool,
    why: live::Refused,
) -> sys::napi_value {
    let e = Env::from_raw(env);
    let err = match why {
        live::Refused::NotAnInstance => class_mismatch(e, this, def),
        live::Refused::Borrowed => already_borrowed(def, exclusive),
    };
    throw_error(env, &err);
    ptr::null_mut()
}

/// Converts argument `idx` (named `name`) for an exported function.
///
/// # Safety
/// As [`crate::FromJs::from_js`].
#[inline(always)]
pub unsafe fn arg<T: crate::FromJs>(
    env: Env,
    v: sys::napi_value,
    idx: usize,
    name: &str,
) -> Result<T> {
    match T::from_js(env, v) {
        Ok(t) => Ok(t),
        Err(e) => Err(e.in_arg(idx, name)),
    }
}

/// A `&str` parameter: short strings are read into a stack buffer the glue
/// owns ([`StrBuf`]) with one Node-API call and no allocation or copy;
/// longer ones into a `String`.
pub enum StrArg<'a> {
    Stack(&'a str),
    Heap(String),
}

/// The stack buffer of one `&str` parameter (left uninitialized: the host
/// writes it, and only the bytes it wrote are read).
pub type StrBuf = crate::convert::StrBuf;

/// A new [`StrBuf`].
#[inline(always)]
pub fn str_buf() -> StrBuf {
    StrBuf::uninit()
}

impl std::ops::Deref for StrArg<'_> {
    type Target = str;
    #[inline(always)]
    fn deref(&self) -> &str {
        match self {
            StrArg::Stack(s) => s,
            StrArg::Heap(s) => s,
        }
    }
}

/// Reads `&str` argument `idx` into `buf`.
///
/// # Safety
/// As [`crate::FromJs::from_js`].
#[inline(always)]
pub unsafe fn str_arg<'a>(
    env: Env,
    v: sys::napi_value,
    idx: usize,
    name: &str,
    buf: &'a mut StrBuf,
) -> Result<StrArg<'a>> {
    match crate::convert::read_str_inline(env, v, buf) {
        Ok(Some(s)) => Ok(StrArg::Stack(s)),
        Ok(None) => str_arg_long(env, v, idx, name),
        Err(e) => Err(e.in_arg(idx, name)),
    }
}

#[cold]
#[inline(never)]
unsafe fn str_arg_long(
    env: Env,
    v: sys::napi_value,
    idx: usize,
    name: &str,
) -> Result<StrArg<'static>> {
    match crate::convert::get_string_long(env, v) {
        Ok(s) => Ok(StrArg::Heap(s)),
        Err(e) => Err(e.in_arg(idx, name)),
    }
}

/// Converts an `#[object]` field.
///
/// # Safety
/// As [`crate::FromJs::from_js`].
#[inline(always)]
pub unsafe fn field<T: crate::FromJs>(env: Env, v: sys::napi_value, key: &str) -> Result<T> {
    match crate::convert::owned_from_js::<T>(env, v) {
        Ok(t) => Ok(t),
        Err(e) => Err(field_err(e, key)),
    }
}

#[cold]
#[inline(never)]
fn field_err(e: Error, key: &str) -> Error {
    if e.kind == crate::ErrorKind::Pending {
        return e;
    }
    Error {
        message: format!("property `{key}`: {}", e.message),
        ..e
    }
}

/// `Object.freeze`.
pub fn freeze(env: Env, v: sys::napi_value) -> Result<()> {
    env.check(unsafe { sys::napi_object_freeze(env.raw(), v) })
}

pub use crate::task::spawn_promise;

/// Converts a return value.
#[inline(always)]
pub fn ret<T: crate::ToJs>(env: Env, v: T) -> Result<sys::napi_value> {
    v.to_js_return(env)
}

/// Joins `name: type` parameters; trailing ones that accept `undefined`
/// become optional (`start?: number | null`), as JS callers may omit them.
pub fn ts_params(mut params: Vec<String>) -> String {
    for p in params.iter_mut().rev() {
        let Some((name, ty)) = p.split_once(": ") else {
            break;
        };
        let members = ts_union_members(ty);
        if !members.contains(&"undefined") {
            break;
        }
        let rest: Vec<&str> = members.into_iter().filter(|m| *m != "undefined").collect();
        *p = format!("{name}?: {}", rest.join(" | "));
    }
    params.join(", ")
}

/// The top-level members of a TypeScript union (`A | B<C | D>` is `A`, `B<C | D>`).
fn ts_union_members(ty: &str) -> Vec<&str> {
    let mut out = vec![];
    let mut depth = 0i32;
    let mut start = 0;
    let b = ty.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' | b'(' | b'[' | b'{' => depth += 1,
            b'>' if i > 0 && b[i - 1] == b'=' => {} // `=>`
            b'>' | b')' | b']' | b'}' => depth -= 1,
            b'|' if depth == 0 => {
                out.push(ty[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(ty[start..].trim());
    out
}

/// The TypeScript type of a parameter / return type.
pub fn ts_from<T: crate::FromJs>() -> String {
    T::ts_type()
}

/// The TypeScript type of a return type.
pub fn ts_to<T: crate::ToJs>() -> String {
    T::ts_type()
}

/// TypeScript for an `async fn`'s / task's result.
pub fn ts_promise<T: crate::ToJs>() -> String {
    format!("Promise<{}>", T::ts_type())
}

// ------------------------------------------------------------ declarations

/// The addon's TypeScript declarations (`index.d.ts` contents).
pub fn typedefs() -> String {
    let mut out =
        String::from("/* auto-generated by nabi-sdk from the built addon: do not edit */\n\n");
    let mut items: Vec<String> = EXPORTS
        .iter()
        .filter(|d| d.namespace.is_none())
        .map(|d| (d.dts)())
        .collect();
    let mut namespaces: Vec<&CStr> = EXPORTS.iter().filter_map(|d| d.namespace).collect();
    namespaces.sort();
    namespaces.dedup();
    for ns in namespaces {
        let mut inner: Vec<String> = EXPORTS
            .iter()
            .filter(|d| d.namespace == Some(ns))
            .map(|d| (d.dts)())
            .collect();
        inner.sort();
        let mut block = format!("export declare namespace {} {{\n", ns.to_string_lossy());
        for d in inner {
            let d = d
                .strip_prefix("export declare ")
                .map_or(d.clone(), |r| format!("export {r}"));
            for line in d.lines() {
                block.push_str("  ");
                block.push_str(line);
                block.push('\n');
            }
        }
        block.push('}');
        items.push(block);
    }
    items.sort();
    // Declared only when an item uses it.
    if items.iter().any(|d| d.contains("ExternalObject")) {
        out.push_str(
            "/** A Rust value owned by JS (`nabi_sdk::External<T>`). */\n\
             export type ExternalObject = object & { readonly __nabiExternal?: never }\n\n",
        );
    }
    for d in items {
        out.push_str(&d);
        out.push('\n');
    }
    out
}

/// Class body declarations for a class tag.
pub fn class_members_dts(tag: napi_type_tag) -> String {
    let mut out = String::new();
    for m in CLASS_MEMBERS
        .iter()
        .filter(|m| same_tag(&m.class_tag, &tag))
    {
        out.push_str("  ");
        out.push_str(&(m.dts)());
        out.push('\n');
    }
    out
}

/// Writes the declarations through `write(ctx, ptr, len)`; read by the
/// `nabi-sdk-dts` command, which loads the built addon without a JS host.
///
/// # Safety
/// `write` must be a valid function pointer.
#[no_mangle]
pub unsafe extern "C" fn nabi_sdk_typedefs(
    write: unsafe extern "C" fn(*mut c_void, *const u8, usize),
    ctx: *mut c_void,
) -> i32 {
    match catch_unwind(typedefs) {
        Ok(s) => {
            write(ctx, s.as_ptr(), s.len());
            0
        }
        Err(_) => 1,
    }
}

// ------------------------------------------------------------ glue helpers

/// A method result that stands for its receiver (`&Self`, `&mut Self`,
/// `This<Self>`, or a `Result` of one): the glue returns `this`.
pub trait ReturnsThis {
    fn check(self) -> Result<()>;
}

impl<T: ?Sized> ReturnsThis for &T {
    #[inline(always)]
    fn check(self) -> Result<()> {
        Ok(())
    }
}

impl<T: ?Sized> ReturnsThis for &mut T {
    #[inline(always)]
    fn check(self) -> Result<()> {
        Ok(())
    }
}

impl<T> ReturnsThis for crate::This<T> {
    #[inline(always)]
    fn check(self) -> Result<()> {
        Ok(())
    }
}

impl<R: ReturnsThis, E: Into<Error>> ReturnsThis for std::result::Result<R, E> {
    #[inline(always)]
    fn check(self) -> Result<()> {
        self.map_err(Into::into)?.check()
    }
}

/// The address range of JS memory a parameter borrows, if any.
pub trait JsMemory {
    fn span(&self) -> Option<(usize, usize)>;
}

impl<T> JsMemory for &[T] {
    #[inline(always)]
    fn span(&self) -> Option<(usize, usize)> {
        let start = self.as_ptr() as usize;
        Some((start, start + std::mem::size_of_val(*self)))
    }
}

impl<T> JsMemory for &mut [T] {
    #[inline(always)]
    fn span(&self) -> Option<(usize, usize)> {
        let start = self.as_ptr() as usize;
        Some((start, start + std::mem::size_of_val(&**self)))
    }
}

impl<T: JsMemory> JsMemory for Option<T> {
    #[inline(always)]
    fn span(&self) -> Option<(usize, usize)> {
        self.as_ref().and_then(JsMemory::span)
    }
}

impl JsMemory for crate::ArrayBuffer {
    #[inline(always)]
    fn span(&self) -> Option<(usize, usize)> {
        let s = self.as_slice();
        let start = s.as_ptr() as usize;
        Some((start, start + s.len()))
    }
}

impl<A: JsMemory, B: JsMemory> JsMemory for crate::Either<A, B> {
    fn span(&self) -> Option<(usize, usize)> {
        match self {
            crate::Either::A(a) => a.span(),
            crate::Either::B(b) => b.span(),
        }
    }
}

/// Refuses overlapping borrows of JS memory when one of them is mutable
/// (the same Buffer passed twice, two views of one ArrayBuffer): Rust
/// forbids a `&mut` that aliases another reference.
/// One borrowed parameter for [`check_aliasing`]: its address range, whether
/// it is mutable, its name.
pub type Borrowed<'a> = (Option<(usize, usize)>, bool, &'a str);

#[inline(never)]
pub fn check_aliasing(spans: &[Borrowed<'_>]) -> Result<()> {
    for (i, (a, a_mut, a_name)) in spans.iter().enumerate() {
        for (b, b_mut, b_name) in &spans[i + 1..] {
            let (Some(a), Some(b)) = (a, b) else { continue };
            // Empty ranges hold no bytes to alias.
            if (*a_mut || *b_mut) && a.0 < a.1 && b.0 < b.1 && a.0 < b.1 && b.0 < a.1 {
                return Err(Error::type_error(format!(
                    "`{a_name}` and `{b_name}` are views of the same memory, and one of them is written: pass two different buffers (or copy one first)"
                ))
                .with_code("ERR_NABI_ALIASED"));
            }
        }
    }
    Ok(())
}
