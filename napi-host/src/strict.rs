//! `nabi --napi-strict`: reports an addon's Node-API misuse (docs/STRICT.md).
//!
//! Off (the default) costs one branch per call: each env copies the
//! process-wide mode when it is created, and the call wrappers of env.rs
//! take the strict path only when it is set. A stale handle is found without
//! that flag: in strict mode closed slots are poisoned ([`POISON_TAG`]) and
//! not reused, and `value()` already looks at the tag of what it reads.

use std::cell::Cell;
use std::collections::HashMap;
use std::ffi::{c_void, CString};
use std::io::Write;
use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::Mutex;

use rquickjs_sys::{JSValue, JSValueUnion};

use crate::types::*;

/// What the strict path needs of an env. env.rs implements it for its
/// `Env`, so that this module sits below env.rs and imports nothing of it.
pub(crate) trait Checked {
    /// The thread that runs the env's JS ([`thread_tag`] there).
    fn js_thread(&self) -> usize;
    /// [`Checked::js_thread`] while no check of the env's state would
    /// fail (not torn down; with `basic` false, no basic finalizer runs),
    /// else 0, which is no thread's tag.
    fn gate(&self, basic: bool) -> usize;
    fn exception_pending(&self) -> bool;
    /// The embedder is unwinding the thread's JS (process.exit, a
    /// terminated worker): the pending exception is its, not the addon's
    /// to handle (in Node the addon's code would not run on).
    fn unwinding(&self) -> bool;
    /// The addon's file (its `file://` URL).
    fn addon(&self) -> String;
    /// Makes the diagnostic the call's last error (`napi_generic_failure`).
    fn set_strict_error(&mut self, message: &'static std::ffi::CStr);
    /// The env's teardown finished (its memory is a tombstone).
    fn torn_down(&self) -> bool;
    /// What the module declared (`node_api_module_get_api_version_v1`).
    fn module_api_version(&self) -> i32;
    /// A basic finalizer (run inside GC) is running.
    fn in_basic_finalizer(&self) -> bool;
    /// Node's fatal error for a basic finalizer calling a function that
    /// needs a full env.
    fn basic_finalizer_misuse(&self) -> !;
    /// Records `status` as the call's last error and returns it.
    fn set_last_error(&mut self, status: napi_status) -> napi_status;
}

/// What strict mode does with a diagnostic.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum StrictMode {
    Off = 0,
    /// Print it and let the call go on.
    Warn = 1,
    /// Print it, fail the call with `napi_generic_failure`, and exit
    /// non-zero at the end.
    Error = 2,
}

impl StrictMode {
    /// Parses the value of `--napi-strict=` / `NABI_NAPI_STRICT`.
    pub fn parse(s: &str) -> Result<StrictMode, String> {
        match s {
            "" | "1" | "error" | "true" => Ok(StrictMode::Error),
            "warn" => Ok(StrictMode::Warn),
            "0" | "off" | "false" => Ok(StrictMode::Off),
            _ => Err(format!(
                "bad --napi-strict mode {s:?}: expected `error` (the default), `warn` or `off`"
            )),
        }
    }
}

static MODE: AtomicU8 = AtomicU8::new(StrictMode::Off as u8);
/// Diagnostics reported in error mode: the process must exit non-zero.
static ERRORS: AtomicU32 = AtomicU32::new(0);
static REPORT: Mutex<Option<Report>> = Mutex::new(None);

#[derive(Default)]
struct Report {
    path: Option<std::path::PathBuf>,
    /// (check, function, site) → record, in first-seen order.
    records: Vec<Record>,
    index: HashMap<(&'static str, String, String), usize>,
}

struct Record {
    check: &'static str,
    function: String,
    addon: String,
    site: String,
    detail: String,
    count: u64,
    backtrace: Vec<String>,
}

/// Sets the mode for envs created from now on, and where the JSON report
/// goes ([`finish`] writes it).
pub fn configure(mode: StrictMode, report: Option<std::path::PathBuf>) {
    MODE.store(mode as u8, Ordering::Relaxed);
    REPORT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(Report::default)
        .path = report;
}

pub fn mode() -> StrictMode {
    match MODE.load(Ordering::Relaxed) {
        1 => StrictMode::Warn,
        2 => StrictMode::Error,
        _ => StrictMode::Off,
    }
}

/// At exit: writes the JSON report (when asked for) and says whether an
/// error-mode diagnostic was reported (the process must then fail).
pub fn finish() -> bool {
    // Quarantined buffer memory of a host not torn down (the process is
    // ending): written since its detach?
    let written_at_exit: Vec<usize> = QUARANTINE.with(|q| {
        q.borrow()
            .entries
            .iter()
            .filter(|e| written(e))
            .map(|e| e.addon)
            .collect()
    });
    for addon in written_at_exit {
        report_detached(
            DETACHED_BUFFER_WRITTEN,
            "(exit)",
            &addon_name(addon),
            DETACHED_DETAIL,
        );
    }
    let guard = REPORT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(Report {
        path: Some(path),
        records,
        ..
    }) = guard.as_ref()
    {
        if let Err(e) = write_report(path, records) {
            let _ = writeln!(
                std::io::stderr(),
                "nabi: cannot write the --napi-strict-report file {}: {e}",
                path.display()
            );
        }
    }
    ERRORS.load(Ordering::Relaxed) > 0
}

/// The number of diagnostics reported so far (all modes).
pub fn diagnostic_count() -> u64 {
    let guard = REPORT.lock().unwrap_or_else(|e| e.into_inner());
    guard
        .as_ref()
        .map_or(0, |r| r.records.iter().map(|r| r.count).sum())
}

fn write_report(path: &std::path::Path, records: &[Record]) -> std::io::Result<()> {
    let mut out = String::from("[\n");
    for (i, r) in records.iter().enumerate() {
        let bt: Vec<String> = r.backtrace.iter().map(|f| json_str(f)).collect();
        out.push_str(&format!(
            "  {{\"check\": {}, \"function\": {}, \"addon\": {}, \"site\": {}, \"detail\": {}, \"count\": {}, \"backtrace\": [{}]}}{}\n",
            json_str(r.check),
            json_str(&r.function),
            json_str(&r.addon),
            json_str(&r.site),
            json_str(&r.detail),
            r.count,
            bt.join(", "),
            if i + 1 < records.len() { "," } else { "" }
        ));
    }
    out.push_str("]\n");
    std::fs::write(path, out)
}

fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

// ---- the checks ----

pub(crate) const STALE_HANDLE: &str = "stale-handle";
pub(crate) const WRONG_THREAD: &str = "wrong-thread";
pub(crate) const SCOPE_OUT_OF_ORDER: &str = "scope-closed-out-of-order";
pub(crate) const SCOPE_CLOSED_TWICE: &str = "scope-closed-twice";
pub(crate) const ESCAPE_TWICE: &str = "scope-escaped-twice";
pub(crate) const SCOPE_LEFT_OPEN: &str = "scope-left-open";
pub(crate) const PENDING_EXCEPTION: &str = "pending-exception-ignored";
pub(crate) const REFERENCE_DELETED_TWICE: &str = "reference-deleted-twice";
pub(crate) const REFERENCE_USED_AFTER_DELETE: &str = "reference-used-after-delete";
pub(crate) const WRAP_TWICE: &str = "wrap-already-wrapped";
pub(crate) const REMOVE_WRAP_WITHOUT_WRAP: &str = "remove-wrap-without-wrap";
pub(crate) const ASYNC_WORK_DELETED_WHILE_QUEUED: &str = "async-work-deleted-while-queued";
pub(crate) const ASYNC_WORK_QUEUED_TWICE: &str = "async-work-queued-twice";
pub(crate) const ENV_AFTER_TEARDOWN: &str = "env-after-teardown";
pub(crate) const TSFN_AFTER_RELEASE: &str = "threadsafe-function-after-release";
pub(crate) const ABOVE_MODULE_VERSION: &str = "above-module-version";
pub(crate) const REFERENCE_LEAKED: &str = "reference-leaked";
pub(crate) const BASIC_FINALIZER_CALLS_JS: &str = "basic-finalizer-calls-js";
pub(crate) const FINALIZER_CANCELS_FINALIZER: &str = "finalizer-cancels-finalizer";
pub(crate) const ASYNC_WORK_AFTER_TEARDOWN: &str = "async-work-completed-after-teardown";
pub(crate) const DETACHED_BUFFER_WRITTEN: &str = "detached-buffer-written";

/// The tag of a closed handle slot in strict mode (no QuickJS tag, and not
/// reference-counted, so freeing it is a no-op).
pub(crate) const POISON_TAG: i64 = 0x57a1;

pub(crate) const POISON: JSValue = JSValue {
    u: JSValueUnion { int32: 0x5eed },
    tag: POISON_TAG,
};

thread_local! {
    /// A diagnostic found where the env is not at hand (`value()`): the
    /// call wrapper reports it when the body returns, which empties it
    /// again. It is not emptied before each body (a store per call): a
    /// diagnostic noted by a body that then runs JS is reported by the
    /// first native call of that JS, not lost.
    static PENDING: Cell<Option<(&'static str, &'static str)>> = const { Cell::new(None) };
}

/// Notes diagnostic `check` for the call wrapper (a check inside a
/// function's body, which then returns its usual status).
#[cold]
#[inline(never)]
pub(crate) fn flag(check: &'static str, detail: &'static str) {
    PENDING.with(|p| p.set(Some((check, detail))));
}

/// `value()` read a closed slot: note it for the wrapper; in warn mode the
/// call goes on with `undefined`.
#[cold]
#[inline(never)]
pub(crate) fn stale_handle() -> Result<JSValue, napi_status> {
    PENDING.with(|p| {
        p.set(Some((
            STALE_HANDLE,
            "a napi_value was used after the handle scope that created it closed",
        )))
    });
    if mode() == StrictMode::Error {
        Err(napi_generic_failure)
    } else {
        Ok(rquickjs_sys::JS_UNDEFINED)
    }
}

/// Which call wrapper a Node-API function goes through.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Plain,
    Basic,
    Js,
}

/// [`Kind`]s as the const parameter of [`call`], so that each function's
/// strict path keeps only the checks of its kind.
pub(crate) const PLAIN: u8 = Kind::Plain as u8;
pub(crate) const BASIC: u8 = Kind::Basic as u8;
pub(crate) const JS: u8 = Kind::Js as u8;

impl Kind {
    const fn of(k: u8) -> Kind {
        match k {
            BASIC => Kind::Basic,
            JS => Kind::Js,
            _ => Kind::Plain,
        }
    }
}

thread_local! {
    static THREAD_TAG: u8 = const { 0 };
}

/// This thread, as a number: the address of a thread-local (one
/// instruction, where `pthread_self` is a call into libc).
#[inline(always)]
pub(crate) fn thread_tag() -> usize {
    THREAD_TAG.with(|t| t as *const u8 as usize)
}

/// Whether a call passes every check of [`before`]: the usual case. The
/// env's state (torn down, in a basic finalizer, its thread) is one
/// compare against [`Checked::gate`]; the version is one load and compare.
#[inline(always)]
fn passes<E: Checked>(env: &E, kind: Kind, loc: &'static std::panic::Location<'static>) -> bool {
    let declared = env.module_api_version();
    thread_tag() == env.gate(kind == Kind::Basic)
        && (declared == crate::types::NAPI_VERSION_EXPERIMENTAL
            || version_of(loc) <= declared as u32)
        && (kind != Kind::Js || !env.exception_pending())
}

/// Strict mode's gate to a function's fast path, one that runs no JS and
/// declines when an exception is pending (`napi_set_element`'s): the
/// checks of a plain call pass and `handles` are not stale. When it says
/// no, the function takes its general path, whose call wrapper reports.
#[inline(always)]
pub(crate) fn fast_path_ok<E: Checked>(
    env: &E,
    loc: &'static std::panic::Location<'static>,
    handles: [napi_value; 2],
) -> bool {
    // SAFETY: the caller checked the handles are not NULL; a handle
    // points at a live or poisoned slot.
    handles.iter().all(|&h| unsafe { (*h).tag } != POISON_TAG) && passes(env, Kind::Plain, loc)
}

/// The strict path of env.rs's call wrappers: checks before the call, the
/// call itself (`run`), then reports what `value()` found during it.
/// `run` may skip the wrappers' own checks that [`passes`] covers (a basic
/// finalizer running, a pending exception): [`before`] handles those when
/// a check fails.
#[inline(never)]
pub(crate) unsafe fn call<E: Checked, const KIND: u8>(
    env: &mut E,
    loc: &'static std::panic::Location<'static>,
    run: impl FnOnce(&mut E) -> napi_status,
) -> napi_status {
    let kind = const { Kind::of(KIND) };
    if !passes(env, kind, loc) {
        let st = before(env, kind, loc);
        if st != napi_ok {
            return st;
        }
    }
    let st = run(env);
    if PENDING.with(|p| p.get().is_some()) {
        return after(env, st);
    }
    st
}

/// Reports what [`flag`] or `value()` noted during a call.
#[cold]
#[inline(never)]
fn after<E: Checked>(env: &mut E, st: napi_status) -> napi_status {
    let Some((check, detail)) = PENDING.with(|p| p.take()) else {
        return st;
    };
    let r = report(env, check, detail.into(), st);
    if r == napi_ok {
        st
    } else {
        r
    }
}

/// The checks before a call (also for the few functions that do not go
/// through a call wrapper: `napi_throw*`, `napi_make_callback`): `napi_ok`
/// to go on, else the status to return.
#[cold]
#[inline(never)]
pub(crate) unsafe fn before<E: Checked>(
    env: &mut E,
    kind: Kind,
    loc: &'static std::panic::Location<'static>,
) -> napi_status {
    if env.torn_down() {
        // The env's engine is gone: the call cannot run, in either mode.
        report(
            env,
            ENV_AFTER_TEARDOWN,
            "a Node-API function was called with an env whose teardown finished (the worker or \
             process that loaded the addon ended): stop using an env once its cleanup hooks ran"
                .into(),
            napi_generic_failure,
        );
        return napi_generic_failure;
    }
    if kind != Kind::Basic && env.in_basic_finalizer() {
        // Explains Node's fatal error, which follows.
        report(
            env,
            BASIC_FINALIZER_CALLS_JS,
            "a basic finalizer (one run inside GC, of a module of the experimental Node-API \
             version) called a function that needs a full napi_env: defer that work with \
             node_api_post_finalizer"
                .into(),
            napi_generic_failure,
        );
        env.basic_finalizer_misuse();
    }
    let declared = env.module_api_version();
    if declared != crate::types::NAPI_VERSION_EXPERIMENTAL {
        let needed = version_of(loc);
        if needed > declared as u32 {
            let (what, fix) = if needed == u32::MAX {
                (
                    "the experimental version".to_string(),
                    "NAPI_EXPERIMENTAL".to_string(),
                )
            } else {
                (
                    format!("version {needed}"),
                    format!("NAPI_VERSION {needed}"),
                )
            };
            let st = report(
                env,
                ABOVE_MODULE_VERSION,
                format!(
                    "the module declares Node-API version {declared} \
                     (node_api_module_get_api_version_v1, 8 when not exported) but calls a \
                     function of {what}: runtimes of Node-API {declared} lack it. Build with \
                     {fix} (which declares it), or do not call it"
                ),
                napi_generic_failure,
            );
            if st != napi_ok {
                return st;
            }
        }
    }
    if thread_tag() != env.js_thread() {
        let st = report(
            env,
            WRONG_THREAD,
            "a Node-API function was called from a thread that is not the env's JS thread \
             (only the napi_*_threadsafe_function calls may be)"
                .into(),
            napi_generic_failure,
        );
        if st != napi_ok {
            return st;
        }
    }
    if kind == Kind::Js && env.exception_pending() && !env.unwinding() {
        let st = report(
            env,
            PENDING_EXCEPTION,
            "a function that runs JS was called while an exception is pending: handle the \
             napi_pending_exception status of the call before (napi_get_and_clear_last_exception)"
                .into(),
            napi_pending_exception,
        );
        if st != napi_ok {
            return st;
        }
    }
    if kind == Kind::Js && env.exception_pending() {
        // As the call wrapper would without strict mode (it skips that
        // check after this one).
        return env.set_last_error(napi_pending_exception);
    }
    napi_ok
}

/// Reports diagnostic `check` for `env`: prints it with a backtrace and
/// records it. Returns the status the call must return: `napi_ok` to go on
/// (warn mode), else `napi_generic_failure` with the diagnostic as the last
/// error message (error mode). `warn_status` is not used for now beyond
/// documenting what the call would have returned.
#[cold]
#[inline(never)]
pub(crate) fn report(
    env: &mut impl Checked,
    check: &'static str,
    detail: String,
    _warn_status: napi_status,
) -> napi_status {
    let text = record(check, &env.addon(), &detail);
    if mode() == StrictMode::Error {
        env.set_strict_error(text);
        napi_generic_failure
    } else {
        napi_ok
    }
}

/// Reports a diagnostic outside any call's status (a scope left open when
/// a callback returns).
#[cold]
#[inline(never)]
pub(crate) fn report_no_status(env: &impl Checked, check: &'static str, detail: &str) {
    record(check, &env.addon(), detail);
}

/// Prints and records a diagnostic; returns its one-line text (leaked
/// once per site: `napi_get_last_error_info` hands out a C string).
fn record(check: &'static str, addon: &str, detail: &str) -> &'static std::ffi::CStr {
    record_frames(check, addon, detail, None, backtrace_frames())
}

/// As [`record`], for `frames` (innermost first); `function` names the
/// Node-API function when no frame of one is there.
fn record_frames(
    check: &'static str,
    addon: &str,
    detail: &str,
    function: Option<&str>,
    frames: Vec<String>,
) -> &'static std::ffi::CStr {
    // The Node-API function: the innermost exported napi_*/node_api_* frame.
    let fi = frames.iter().position(|f| is_api_frame(f));
    let function = match (function, fi) {
        (Some(f), _) => f.to_string(),
        (None, Some(i)) => frames[i].split(' ').next().unwrap_or_default().to_string(),
        (None, None) => "(callback return)".to_string(),
    };
    let site = fi
        .and_then(|i| frames.get(i + 1))
        .or_else(|| frames.iter().find(|f| !is_internal(f)))
        .cloned()
        .unwrap_or_default();
    let shown: Vec<String> = frames
        .iter()
        .skip(fi.unwrap_or(0))
        .take(12)
        .cloned()
        .collect();
    let line = format!("nabi --napi-strict: {check} in {function} ({addon}): {detail}");
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
    for f in &shown {
        let _ = writeln!(err, "    at {f}");
    }
    if mode() == StrictMode::Error {
        ERRORS.fetch_add(1, Ordering::Relaxed);
    }
    let mut guard = REPORT.lock().unwrap_or_else(|e| e.into_inner());
    let rep = guard.get_or_insert_with(Report::default);
    let key = (check, function.clone(), site.clone());
    if let Some(&i) = rep.index.get(&key) {
        rep.records[i].count += 1;
    } else {
        rep.index.insert(key, rep.records.len());
        rep.records.push(Record {
            check,
            function,
            addon: addon.to_string(),
            site,
            detail: detail.to_string(),
            count: 1,
            backtrace: shown,
        });
    }
    message(&line)
}

fn is_api_frame(f: &str) -> bool {
    (f.starts_with("napi_") && !f.starts_with("napi_host")) || f.starts_with("node_api_")
}

/// Reports a diagnostic found outside a call wrapper, where no env can
/// take it as its last error (threadsafe-function calls, loop callbacks):
/// `function` is the Node-API function it concerns. Returns the status
/// the call must return in error mode (`napi_generic_failure`), or
/// `napi_ok` in warn mode.
#[cold]
#[inline(never)]
pub(crate) fn report_detached(
    check: &'static str,
    function: &str,
    addon: &str,
    detail: &str,
) -> napi_status {
    record_frames(check, addon, detail, Some(function), backtrace_frames());
    if mode() == StrictMode::Error {
        napi_generic_failure
    } else {
        napi_ok
    }
}

/// Hashes an address (a `Location`'s) with one multiplication: the
/// version lookup runs on every call in strict mode.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // Folded: the table indexes by the low bits, which a plain product
        // of aligned addresses leaves zero.
        let m = (n as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = (m >> 64) as u64 ^ m as u64;
    }
}

type AddressMap<V> = HashMap<usize, V, std::hash::BuildHasherDefault<AddressHasher>>;

thread_local! {
    /// The Node-API version of the function that calls a wrapper from
    /// each call site (`Location`), found once per site from a backtrace.
    static VERSIONS: std::cell::RefCell<AddressMap<u32>> =
        std::cell::RefCell::new(AddressMap::default());
}

/// Slots of [`VERSION_CACHE`] (a power of two).
const VERSION_SLOTS: usize = 512;

/// The versions of [`VERSIONS`] in front of it, direct-mapped by the call
/// site's address: one load and one compare per call. A slot holds the
/// `Location`'s address (below 2^48) with the version in its top 16 bits
/// (`0xffff`: experimental), so a reader never sees one site's key with
/// another's version.
static VERSION_CACHE: [std::sync::atomic::AtomicU64; VERSION_SLOTS] =
    [const { std::sync::atomic::AtomicU64::new(0) }; VERSION_SLOTS];

/// The Node-API version of the exported function whose wrapper call is
/// at `loc` (`u32::MAX`: experimental; 0: not known, never gated).
#[inline(always)]
fn version_of(loc: &'static std::panic::Location<'static>) -> u32 {
    const ADDR: u64 = (1 << 48) - 1;
    let key = loc as *const _ as u64;
    let slot = &VERSION_CACHE[(key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 55) as usize];
    let cached = slot.load(Ordering::Relaxed);
    if cached & ADDR == key && key <= ADDR {
        return match (cached >> 48) as u32 {
            0xffff => u32::MAX,
            v => v,
        };
    }
    let v = version_of_slow(key as usize);
    if key <= ADDR {
        slot.store(key | (v.min(0xffff) as u64) << 48, Ordering::Relaxed);
    }
    v
}

#[cold]
#[inline(never)]
fn version_of_slow(key: usize) -> u32 {
    if let Some(v) = VERSIONS.with(|m| m.borrow().get(&key).copied()) {
        return v;
    }
    let v = exported_caller()
        .or_else(|| {
            // No dynamic symbols to look at: symbolize (slow, once a site).
            backtrace_frames()
                .iter()
                .find(|f| is_api_frame(f))
                .and_then(|f| {
                    let name = f.split(' ').next().unwrap_or_default();
                    crate::EXPORTS.iter().find(|e| e.name == name)
                })
        })
        .map_or(0, |e| e.version.unwrap_or(u32::MAX));
    VERSIONS.with(|m| m.borrow_mut().insert(key, v));
    v
}

/// The innermost exported Node-API function on the stack, found from the
/// dynamic symbol table (`dladdr`): no debug info is read, which the first
/// call from each site would otherwise pay.
fn exported_caller() -> Option<&'static crate::Export> {
    #[cfg(unix)]
    {
        let mut found = None;
        // SAFETY: see reference_created.
        unsafe {
            backtrace::trace_unsynchronized(|frame| {
                let mut info: libc::Dl_info = std::mem::zeroed();
                if libc::dladdr(frame.ip().cast(), &mut info) != 0 && !info.dli_sname.is_null() {
                    let name = std::ffi::CStr::from_ptr(info.dli_sname).to_bytes();
                    found = crate::EXPORTS.iter().find(|e| e.name.as_bytes() == name);
                }
                found.is_none()
            })
        };
        found
    }
    #[cfg(not(unix))]
    None
}

// ---- references never deleted ----

/// Where references were created: the return addresses up to the first
/// frame outside napi-host's image (the addon's call), deduplicated.
#[derive(Default)]
struct RefSites {
    /// (The addon's return address, the addon's file name) → index in
    /// `sites`. The name is part of the key: where unwinding stops inside
    /// napi-host (a deep internal path), the address alone is shared by
    /// every addon.
    index: HashMap<(usize, usize), u32>,
    /// (return addresses, innermost first; the addon's file).
    sites: Vec<(Vec<usize>, &'static str)>,
    /// Per running native callback (its function): how many references it
    /// made, and its one site so far (`u32::MAX` once it has shown two).
    by_callback: AddressMap<(u32, u32)>,
}

thread_local! {
    static REF_SITES: std::cell::RefCell<RefSites> = std::cell::RefCell::new(RefSites::default());
}

/// Frames unwound at most for a creation site (unwinding stops at the
/// addon's frame, 3-4 frames deep in a release build; a debug build, which
/// inlines nothing, needs about 12).
const SITE_FRAMES: usize = 16;
/// A callback's first references are all unwound; after that, if they all
/// came from one site, only every [`SITE_RESAMPLE`]th is, the others being
/// that site (unwinding costs about what the rest of the call does).
const SITE_SAMPLES: u32 = 16;
const SITE_RESAMPLE: u32 = 64;

/// The creation site of a reference being made: a few unresolved return addresses
/// (unwinding stops at the addon's frame), resolved only if reported.
/// `addon`: the env's file name, which outlives the env's teardown in
/// strict mode (its memory is a tombstone). `callback`: the native
/// function JS is running (0: none, e.g. a finalizer).
#[cold]
#[inline(never)]
pub(crate) fn reference_created(addon: &std::ffi::CStr, callback: usize) -> u32 {
    REF_SITES.with(|s| {
        let mut s = s.borrow_mut();
        let (made, one) = if callback == 0 {
            (0, u32::MAX)
        } else {
            let e = s.by_callback.entry(callback).or_insert((0, u32::MAX - 1));
            e.0 = e.0.wrapping_add(1);
            *e
        };
        let site = if one < u32::MAX - 1 && made > SITE_SAMPLES && made % SITE_RESAMPLE != 0 {
            one
        } else {
            let site = unwind_site(&mut s, addon);
            if callback != 0 {
                let e = s.by_callback.get_mut(&callback).expect("inserted above");
                e.1 = match e.1 {
                    x if x == u32::MAX - 1 || x == site => site,
                    _ => u32::MAX,
                };
            }
            site
        };
        site
    })
}

/// The site of the current call (see [`reference_created`]).
fn unwind_site(s: &mut RefSites, addon: &std::ffi::CStr) -> u32 {
    let (lo, hi) = own_image();
    let mut ips = [0usize; SITE_FRAMES];
    let mut n = 0;
    // SAFETY: libgcc's unwinder is thread-safe; `backtrace`'s lock guards
    // nothing this walk touches (it calls nothing of `backtrace`).
    unsafe {
        backtrace::trace_unsynchronized(|frame| {
            let ip = frame.ip() as usize;
            ips[n] = ip;
            n += 1;
            n < SITE_FRAMES && ip >= lo && ip < hi
        })
    };
    let key = (ips[n.saturating_sub(1)], addon.as_ptr() as usize);
    if let Some(&i) = s.index.get(&key) {
        return i;
    }
    let i = s.sites.len() as u32;
    let name: &'static str = Box::leak(addon.to_string_lossy().into_owned().into_boxed_str());
    s.sites.push((ips[..n].to_vec(), name));
    s.index.insert(key, i);
    i
}

/// The address range of the code of the image napi-host is linked into
/// (the `nabi` binary, or an embedder's library): a return address
/// outside it is the addon's. `(0, usize::MAX)` where unknown (unwinding
/// then stops after [`SITE_FRAMES`]).
fn own_image() -> (usize, usize) {
    static IMAGE: std::sync::OnceLock<(usize, usize)> = std::sync::OnceLock::new();
    *IMAGE.get_or_init(|| {
        #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
        {
            struct Probe {
                addr: usize,
                found: Option<(usize, usize)>,
            }
            unsafe extern "C" fn each(
                info: *mut libc::dl_phdr_info,
                _size: libc::size_t,
                data: *mut c_void,
            ) -> libc::c_int {
                // SAFETY: as dl_iterate_phdr documents.
                let (info, probe) = unsafe { (&*info, &mut *(data as *mut Probe)) };
                for i in 0..info.dlpi_phnum as usize {
                    // SAFETY: dlpi_phnum headers follow dlpi_phdr.
                    let ph = unsafe { &*info.dlpi_phdr.add(i) };
                    if ph.p_type != libc::PT_LOAD {
                        continue;
                    }
                    let start = info.dlpi_addr as usize + ph.p_vaddr as usize;
                    let end = start + ph.p_memsz as usize;
                    if (start..end).contains(&probe.addr) {
                        probe.found = Some((start, end));
                        return 1;
                    }
                }
                0
            }
            let mut probe = Probe {
                addr: own_image as *const () as usize,
                found: None,
            };
            // SAFETY: the callback only reads what it is given.
            unsafe { libc::dl_iterate_phdr(Some(each), &mut probe as *mut Probe as *mut c_void) };
            if let Some(range) = probe.found {
                return range;
            }
        }
        (0, usize::MAX)
    })
}

/// At env teardown: the creation sites of the strong references never
/// deleted, one diagnostic per site that left more than
/// one (a single one is a cache made on first use, as napi-rs and
/// node-addon-api keep).
#[cold]
#[inline(never)]
pub(crate) fn references_at_exit(sites: &[u32]) {
    let mut counts: Vec<(u32, u64)> = Vec::new();
    for &i in sites {
        match counts.iter_mut().find(|c| c.0 == i) {
            Some(c) => c.1 += 1,
            None => counts.push((i, 1)),
        }
    }
    for (i, count) in counts {
        if count < 2 {
            continue;
        }
        let (ips, addon) = REF_SITES.with(|s| s.borrow().sites[i as usize].clone());
        let frames = resolve(&ips);
        let fi = frames.iter().position(|f| is_api_frame(f));
        let frames: Vec<String> = frames.into_iter().skip(fi.unwrap_or(0)).collect();
        record_frames(
            REFERENCE_LEAKED,
            addon,
            &format!(
                "{count} references created here (after the module's init) were never \
                 deleted: each holds its value until the env ends. Delete a reference \
                 (napi_delete_reference) when done with it"
            ),
            Some("napi_create_reference"),
            frames,
        );
    }
}

/// The `'static` C string of a diagnostic line, made once per distinct line.
fn message(line: &str) -> &'static std::ffi::CStr {
    static MESSAGES: Mutex<Vec<&'static std::ffi::CStr>> = Mutex::new(Vec::new());
    let mut m = MESSAGES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = m.iter().find(|c| c.to_bytes() == line.as_bytes()) {
        return c;
    }
    let c: &'static std::ffi::CStr = Box::leak(
        CString::new(line.replace('\0', ""))
            .unwrap_or_default()
            .into_boxed_c_str(),
    );
    m.push(c);
    c
}

fn is_internal(f: &str) -> bool {
    f.starts_with("napi_host::")
        || f.starts_with("backtrace::")
        || f.starts_with("std::")
        || f.starts_with("core::")
        || f.starts_with('<')
}

/// The symbolized frames of the current stack, innermost first, from the
/// first one outside this module.
fn backtrace_frames() -> Vec<String> {
    let mut ips = Vec::new();
    backtrace::trace(|frame| {
        ips.push(frame.ip() as usize);
        ips.len() < 64
    });
    let mut out = resolve(&ips);
    let start = out
        .iter()
        .position(|f| !f.starts_with("napi_host::strict::") && !f.starts_with("backtrace::"))
        .unwrap_or(0);
    out.drain(..start);
    out
}

/// One line per symbol of each return address: inlined functions (the
/// call wrappers inside an exported napi_* function) each get theirs.
fn resolve(ips: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for &ip in ips {
        let before = out.len();
        // A return address: the call is the instruction before it.
        backtrace::resolve(ip.saturating_sub(1) as *mut c_void, |sym| {
            out.push(match (sym.name(), sym.filename(), sym.lineno()) {
                (Some(n), Some(f), Some(l)) => format!("{:#} ({}:{l})", n, f.display()),
                (Some(n), _, _) => format!("{n:#}"),
                _ => format!("{:?}", ip as *const c_void),
            });
        });
        if out.len() == before {
            out.push(format!("{:?}", ip as *const c_void));
        }
    }
    out
}

// ---- buffer memory written after its ArrayBuffer was detached ----

type DetachHook = unsafe extern "C" fn(
    *mut rquickjs_sys::JSRuntime,
    *mut c_void,
    *mut u8,
    rquickjs_sys::size_t,
    rquickjs_sys::JSReallocArrayBufferDataFunc,
    *mut c_void,
) -> bool;

// nabi's engine patch (vendor/patches/0007-pinned-arraybuffer.patch).
extern "C" {
    fn JS_PinArrayBuffer(ctx: *mut rquickjs_sys::JSContext, obj: JSValue) -> std::ffi::c_int;
    fn JS_SetPinnedDetachHook(
        rt: *mut rquickjs_sys::JSRuntime,
        hook: Option<DetachHook>,
        hook_opaque: *mut c_void,
    );
}

/// What quarantined memory is filled with.
const CANARY: u8 = 0xdb;
/// Quarantined bytes kept at most (the oldest are checked and released).
const QUARANTINE_BYTES: usize = 64 << 20;
/// Bytes checked per Node-API call on a buffer (the rest at later calls,
/// at eviction and at exit).
const SCAN_BUDGET: usize = 1 << 20;

/// The old memory of a detached ArrayBuffer whose data pointer an addon
/// was given: filled with [`CANARY`], kept until released.
struct Quarantined {
    rt: usize,
    data: usize,
    len: usize,
    release: rquickjs_sys::JSReallocArrayBufferDataFunc,
    opaque: usize,
    /// The file of the addon that was given the pointer (see [`PINNED`]),
    /// 0 where not known.
    addon: usize,
}

#[derive(Default)]
struct Quarantine {
    entries: std::collections::VecDeque<Quarantined>,
    bytes: usize,
    /// The next entry [`check_detached_writes`] looks at.
    cursor: usize,
}

thread_local! {
    static QUARANTINE: std::cell::RefCell<Quarantine> = std::cell::RefCell::new(Quarantine::default());
    /// The pinned ArrayBuffers' data, by address: their runtime and the
    /// addon given the pointer last (its env's file name, a C string that
    /// lives as long as the process in strict mode: envs are kept as
    /// tombstones). The engine's detach hook knows no env, so the name is
    /// taken here when the memory goes to the quarantine. The entries of
    /// buffers collected without a detach stay until their address is
    /// pinned again or the table is full ([`PINNED_MAX`]).
    static PINNED: std::cell::RefCell<AddressMap<(usize, usize)>> =
        std::cell::RefCell::new(AddressMap::default());
}

/// Entries of [`PINNED`] at most: past that it is emptied, and memory
/// pinned before is reported with the addon of its runtime's first env
/// (at teardown) or none (at exit).
const PINNED_MAX: usize = 1 << 16;

/// The addon file name at `addon` (a pointer from [`PINNED`]).
fn addon_name(addon: usize) -> String {
    if addon == 0 {
        return String::new();
    }
    // SAFETY: an env's file name, which outlives the env in strict mode.
    unsafe { std::ffi::CStr::from_ptr(addon as *const std::ffi::c_char) }
        .to_string_lossy()
        .into_owned()
}

const DETACHED_DETAIL: &str =
    "memory of a detached ArrayBuffer was written: the addon kept the data \
     pointer napi_get_*_info (or napi_create_*buffer) gave, and wrote through it after the buffer \
     was detached (napi_detach_arraybuffer, transfer(), a postMessage transfer), when the memory \
     is no longer the buffer's. Ask for the info again before each use: a detached buffer gives \
     NULL and length 0";

/// Strict mode: the addon of file `addon` (its env's) is given a pointer
/// into ArrayBuffer `ab`'s data, which starts at `data`. Its memory then
/// goes to the quarantine when it is detached.
/// `external_release`: the release function of external buffers
/// (`arraybuffers::release_external`), whose memory is the addon's; passed
/// in, so that this module depends on no other.
pub(crate) unsafe fn pin(
    ctx: *mut rquickjs_sys::JSContext,
    ab: JSValue,
    data: *mut u8,
    addon: &std::ffi::CStr,
    external_release: usize,
) {
    // SAFETY: ctx is live; a non-ArrayBuffer is refused by the engine.
    let rt = unsafe { rquickjs_sys::JS_GetRuntime(ctx) };
    unsafe {
        JS_SetPinnedDetachHook(rt, Some(take_detached), external_release as *mut c_void);
        JS_PinArrayBuffer(ctx, ab);
    }
    PINNED.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() >= PINNED_MAX && !p.contains_key(&(data as usize)) {
            p.clear();
        }
        p.insert(data as usize, (rt as usize, addon.as_ptr() as usize));
    });
}

/// The engine's pinned-detach hook: keeps the memory, filled with the
/// canary. External buffers are the addon's memory (its finalizer says
/// when it is released): those are left to the engine.
unsafe extern "C" fn take_detached(
    rt: *mut rquickjs_sys::JSRuntime,
    external_release: *mut c_void,
    data: *mut u8,
    len: rquickjs_sys::size_t,
    release: rquickjs_sys::JSReallocArrayBufferDataFunc,
    opaque: *mut c_void,
) -> bool {
    let external = external_release as usize;
    let addon = PINNED.with(|p| match p.borrow_mut().remove(&(data as usize)) {
        Some((r, addon)) if r == rt as usize => addon,
        _ => 0,
    });
    if data.is_null() || len == 0 || release.is_none_or(|f| f as *const () as usize == external) {
        return false;
    }
    let len = len as usize;
    // SAFETY: the engine hands over `len` bytes at `data`.
    unsafe { std::ptr::write_bytes(data, CANARY, len) };
    let evicted: Vec<Quarantined> = QUARANTINE.with(|q| {
        let mut q = q.borrow_mut();
        q.entries.push_back(Quarantined {
            rt: rt as usize,
            data: data as usize,
            len,
            release,
            opaque: opaque as usize,
            addon,
        });
        q.bytes += len;
        let mut out = Vec::new();
        while q.bytes > QUARANTINE_BYTES && q.entries.len() > 1 {
            let e = q.entries.pop_front().expect("not empty");
            q.bytes -= e.len;
            q.cursor = q.cursor.saturating_sub(1);
            out.push(e);
        }
        out
    });
    for e in evicted {
        if written(&e) {
            report_detached(
                DETACHED_BUFFER_WRITTEN,
                "(quarantine release)",
                &addon_name(e.addon),
                DETACHED_DETAIL,
            );
        }
        // SAFETY: the memory was handed over with this release function.
        unsafe { free_quarantined(&e) };
    }
    true
}

fn written(e: &Quarantined) -> bool {
    // SAFETY: quarantined memory stays allocated until released.
    let bytes = unsafe { std::slice::from_raw_parts(e.data as *const u8, e.len) };
    bytes.iter().any(|&b| b != CANARY)
}

unsafe fn free_quarantined(e: &Quarantined) {
    if let Some(f) = e.release {
        // SAFETY: as the engine would have released it.
        unsafe {
            f(
                e.rt as *mut _,
                e.opaque as *mut c_void,
                e.data as *mut c_void,
                0,
            )
        };
    }
}

/// At a Node-API call on an ArrayBuffer or view (strict mode): looks at
/// quarantined memory, up to [`SCAN_BUDGET`] bytes from where the last
/// call stopped, and flags a write found there (once: the canary is
/// refilled).
pub(crate) fn check_detached_writes() {
    let found = QUARANTINE.with(|q| {
        let mut q = q.borrow_mut();
        let n = q.entries.len();
        let (mut scanned, mut found) = (0, false);
        for _ in 0..n {
            if scanned >= SCAN_BUDGET {
                break;
            }
            let i = q.cursor % n;
            q.cursor = (i + 1) % n;
            let e = &q.entries[i];
            scanned += e.len;
            if written(e) {
                // SAFETY: quarantined memory stays allocated until released.
                unsafe { std::ptr::write_bytes(e.data as *mut u8, CANARY, e.len) };
                found = true;
                break;
            }
        }
        found
    });
    if found {
        flag(DETACHED_BUFFER_WRITTEN, DETACHED_DETAIL);
    }
}

/// At a host's teardown: reports writes into the quarantined memory of
/// runtime `rt` (for the addon given its pointer, else `addon`, the file
/// of an env of it) and releases it while the runtime is alive.
pub(crate) fn release_detached(rt: *mut rquickjs_sys::JSRuntime, addon: &str) {
    let mine: Vec<Quarantined> = QUARANTINE.with(|q| {
        let mut q = q.borrow_mut();
        let (mine, rest): (Vec<_>, Vec<_>) = q.entries.drain(..).partition(|e| e.rt == rt as usize);
        q.entries = rest.into();
        q.bytes = q.entries.iter().map(|e| e.len).sum();
        q.cursor = 0;
        mine
    });
    PINNED.with(|p| p.borrow_mut().retain(|_, v| v.0 != rt as usize));
    for e in &mine {
        if written(e) {
            let name = match e.addon {
                0 => addon.to_string(),
                a => addon_name(a),
            };
            report_detached(DETACHED_BUFFER_WRITTEN, "(exit)", &name, DETACHED_DETAIL);
        }
        // SAFETY: released once, while its runtime lives.
        unsafe { free_quarantined(e) };
    }
}
