//! Node 24's permission model (`--permission`): what the process may do,
//! set once from the command line, and the check every built-in's native
//! side makes before it acts, so that no JavaScript (however it reaches a
//! binding) gets around it. `ERR_ACCESS_DENIED` is shaped as Node's:
//! `message`, `code`, `permission`, `resource`.

use std::path::{Component, Path, PathBuf};
use std::sync::RwLock;

use napi_host::qjs;
use rquickjs_sys::*;

use crate::builtins::args::{arg, native_fn, set_fns};

/// The grants of one file system scope.
#[derive(Default, Debug)]
struct FsGrant {
    all: bool,
    /// Normalized absolute paths; a grant covers the path and all below it.
    paths: Vec<String>,
    /// Prefixes from `…*` grants: any path starting with one is covered.
    prefixes: Vec<String>,
}

impl FsGrant {
    fn add(&mut self, spec: &str) {
        // Node ignores what follows a `*`: `/home/*.js` grants `/home/*`.
        if let Some(i) = spec.find('*') {
            let prefix = &spec[..i];
            if prefix.is_empty() {
                self.all = true;
            } else {
                let mut p = normalize(prefix);
                if prefix.ends_with('/') && !p.ends_with('/') {
                    p.push('/');
                }
                self.prefixes.push(p);
            }
        } else {
            self.paths.push(normalize(spec));
        }
    }

    fn covers(&self, path: &str) -> bool {
        if self.all {
            return true;
        }
        let p = normalize(path);
        self.prefixes.iter().any(|pre| p.starts_with(pre.as_str()))
            || self.paths.iter().any(|g| {
                g == "/"
                    || p == *g
                    || p.strip_prefix(g.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            })
    }
}

/// `path` made absolute (against the working directory) with `.` and `..`
/// resolved lexically, as Node compares paths (symbolic links are not
/// followed).
fn normalize(path: &str) -> String {
    let abs = std::path::absolute(Path::new(path)).unwrap_or_else(|_| PathBuf::from(path));
    let mut out = PathBuf::from("/");
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(s) => out.push(s),
            _ => {}
        }
    }
    out.to_string_lossy().into_owned()
}

/// What `--permission` and the `--allow-*` flags chose.
#[derive(Default, Debug)]
pub(crate) struct Permissions {
    pub(crate) enabled: bool,
    pub(crate) addons: bool,
    pub(crate) child_process: bool,
    pub(crate) worker: bool,
    addons_dropped: bool,
    fs_read: FsGrant,
    fs_write: FsGrant,
}

impl Permissions {
    pub(crate) fn allow_fs_read(&mut self, spec: &str) {
        self.fs_read.add(spec);
    }
    pub(crate) fn allow_fs_write(&mut self, spec: &str) {
        self.fs_write.add(spec);
    }
}

/// The process's permissions, shared by every thread: set before any JS
/// runs; `process.permission.drop` only ever takes grants away.
static STATE: RwLock<Option<Permissions>> = RwLock::new(None);

fn state() -> std::sync::RwLockReadGuard<'static, Option<Permissions>> {
    STATE.read().unwrap_or_else(|e| e.into_inner())
}

/// Sets the process's permissions; called once, before any JS runs.
pub(crate) fn init(p: Permissions) {
    *STATE.write().unwrap_or_else(|e| e.into_inner()) = Some(p);
}

/// The permission model is on (`process.permission` exists).
pub(crate) fn enabled() -> bool {
    state().as_ref().is_some_and(|p| p.enabled)
}

/// Addons may load as far as `--permission` is concerned: `Err(true)`
/// when `--allow-addons` was given and dropped since (Node's
/// `ERR_ACCESS_DENIED`), `Err(false)` when it was never given (Node's
/// `ERR_DLOPEN_DISABLED`).
pub(crate) fn addons_allowed() -> Result<(), bool> {
    match state().as_ref().filter(|p| p.enabled) {
        Some(p) if !p.addons => Err(p.addons_dropped),
        _ => Ok(()),
    }
}

/// One scope a built-in checks before it acts.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Scope {
    FsRead,
    FsWrite,
    ChildProcess,
    Worker,
    /// Checked only once `process.permission.drop('addon')` took back
    /// `--allow-addons` (without it, addons are disabled altogether).
    Addon,
}

impl Scope {
    /// Node's `permission` property and the flag that grants the scope.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Scope::FsRead => ("FileSystemRead", "--allow-fs-read"),
            Scope::FsWrite => ("FileSystemWrite", "--allow-fs-write"),
            Scope::ChildProcess => ("ChildProcess", "--allow-child-process"),
            Scope::Worker => ("WorkerThreads", "--allow-worker"),
            Scope::Addon => ("Addon", "--allow-addons"),
        }
    }
}

/// Whether `scope` is granted (for `resource`, when given).
pub(crate) fn has(scope: Scope, resource: Option<&str>) -> bool {
    let guard = state();
    let Some(p) = guard.as_ref().filter(|p| p.enabled) else {
        return true;
    };
    let fs = |g: &FsGrant| resource.map_or(g.all, |r| g.covers(r));
    match scope {
        Scope::FsRead => fs(&p.fs_read),
        Scope::FsWrite => fs(&p.fs_write),
        Scope::ChildProcess => p.child_process,
        Scope::Worker => p.worker,
        Scope::Addon => p.addons,
    }
}

/// Throws Node's `ERR_ACCESS_DENIED` with `code`, `permission`, `resource`.
pub(crate) unsafe fn throw_denied(ctx: *mut JSContext, scope: Scope, resource: &str) -> JSValue {
    let e = denied_error(ctx, scope, resource);
    JS_Throw(ctx, e)
}

/// What the permission model refused.
pub(crate) enum Denial {
    /// `scope` for `resource`.
    Scope(Scope, String),
    /// An API Node allows only with every path readable and writable
    /// (`fs.symlink`: its target could lead anywhere).
    FullFs(&'static str),
}

impl Denial {
    /// `Some` when the model refuses an API that needs full fs access.
    pub(crate) fn full_fs(api: &'static str) -> Option<Denial> {
        (!(has(Scope::FsRead, None) && has(Scope::FsWrite, None))).then_some(Denial::FullFs(api))
    }

    /// Node's `ERR_ACCESS_DENIED` error object (not thrown).
    pub(crate) unsafe fn error(&self, ctx: *mut JSContext) -> JSValue {
        match self {
            Denial::Scope(scope, resource) => denied_error(ctx, *scope, resource),
            Denial::FullFs(api) => access_error(
                ctx,
                &format!("{api} API requires full fs.read and fs.write permissions."),
                "",
                "",
            ),
        }
    }
}

/// Node's `ERR_ACCESS_DENIED` error object (not thrown).
pub(crate) unsafe fn denied_error(ctx: *mut JSContext, scope: Scope, resource: &str) -> JSValue {
    let (permission, flag) = scope.names();
    let message =
        format!("Access to this API has been restricted. Use {flag} to manage permissions.");
    access_error(ctx, &message, permission, resource)
}

unsafe fn access_error(
    ctx: *mut JSContext,
    message: &str,
    permission: &str,
    resource: &str,
) -> JSValue {
    let e = JS_NewError(ctx);
    // Like Error's own, `message` is not enumerable (Node's keys are
    // code, permission, resource).
    JS_DefinePropertyValueStr(
        ctx,
        e,
        c"message".as_ptr(),
        qjs::string(ctx, message),
        (JS_PROP_WRITABLE | JS_PROP_CONFIGURABLE) as i32,
    );
    JS_SetPropertyStr(
        ctx,
        e,
        c"code".as_ptr(),
        qjs::string(ctx, "ERR_ACCESS_DENIED"),
    );
    JS_SetPropertyStr(ctx, e, c"permission".as_ptr(), qjs::string(ctx, permission));
    JS_SetPropertyStr(ctx, e, c"resource".as_ptr(), qjs::string(ctx, resource));
    e
}

/// Checks `scope` for `resource`; `Err` holds the thrown exception.
pub(crate) unsafe fn check(
    ctx: *mut JSContext,
    scope: Scope,
    resource: &str,
) -> Result<(), JSValue> {
    if has(scope, Some(resource)) {
        Ok(())
    } else {
        Err(throw_denied(ctx, scope, resource))
    }
}

/// `binding.permissionHas(scope, reference)`: `process.permission.has`
/// (bootstrap.js validates the argument types as Node does).
unsafe fn permission_has(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let scope = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let r = arg(a, 1);
    let reference = qjs::is_string(r).then(|| qjs::to_rust_string(ctx, r).unwrap_or_default());
    let reference = reference.as_deref();
    let yes = match scope.as_str() {
        "fs" => has(Scope::FsRead, reference) && has(Scope::FsWrite, reference),
        "fs.read" => has(Scope::FsRead, reference),
        "fs.write" => has(Scope::FsWrite, reference),
        "child" => has(Scope::ChildProcess, None),
        "worker" => has(Scope::Worker, None),
        "addon" => enabled() && addons_allowed().is_ok(),
        // wasi, net, inspector: nabi grants none of them.
        _ => false,
    };
    qjs::boolean(yes)
}

/// `binding.permissionDrop(scope, reference)`: `process.permission.drop`
/// takes a grant away for good: a whole scope, or one granted path exactly
/// as given (a path below a granted directory cannot be dropped alone).
unsafe fn permission_drop(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let scope = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let r = arg(a, 1);
    let reference = qjs::is_string(r).then(|| qjs::to_rust_string(ctx, r).unwrap_or_default());
    let mut guard = STATE.write().unwrap_or_else(|e| e.into_inner());
    let Some(p) = guard.as_mut() else {
        return JS_UNDEFINED;
    };
    let drop_fs = |g: &mut FsGrant| match &reference {
        None => *g = FsGrant::default(),
        Some(r) => {
            let r = normalize(r);
            g.paths.retain(|x| *x != r);
        }
    };
    match scope.as_str() {
        "fs" => {
            drop_fs(&mut p.fs_read);
            drop_fs(&mut p.fs_write);
        }
        "fs.read" => drop_fs(&mut p.fs_read),
        "fs.write" => drop_fs(&mut p.fs_write),
        "child" => p.child_process = false,
        "worker" => p.worker = false,
        "addon" => {
            p.addons_dropped |= p.addons;
            p.addons = false;
        }
        _ => {}
    }
    JS_UNDEFINED
}

/// Adds `binding.permissionHas` when the model is on (bootstrap.js then
/// defines `process.permission`).
pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue) {
    if enabled() {
        set_fns(
            ctx,
            b,
            &[
                (c"permissionHas", native_fn!(permission_has), 2),
                (c"permissionDrop", native_fn!(permission_drop), 2),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::builtins::permission::FsGrant;

    #[test]
    fn grants_cover_paths_below_and_wildcard_prefixes() {
        let mut g = FsGrant::default();
        g.add("/tmp/a/");
        g.add("/srv/pe*");
        assert!(g.covers("/tmp/a"));
        assert!(g.covers("/tmp/a/b/c"));
        assert!(!g.covers("/tmp/ab"));
        assert!(!g.covers("/tmp/a/../b"));
        assert!(g.covers("/srv/pex"));
        assert!(g.covers("/srv/pe"));
        assert!(!g.covers("/srv/p"));
        assert!(!g.all);
        g.add("*");
        assert!(g.covers("/anything"));
    }
}
