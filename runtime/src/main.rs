//! nabi: a small JavaScript runtime (QuickJS-ng + libuv) whose point is to
//! load Node-API addons — `.node` files from npm, unchanged — and run them as
//! Node does.
//!
//! What it is for: the command line (here), which composes the engine
//! (`engine/`) with the built-ins (`builtins/`, one folder each, Rust and JS
//! together), and the `.node` loader (`loader.rs`). The core JavaScript
//! (bootstrap, CommonJS) lives in `src/js/`. The Node-API functions
//! themselves live in `napi-host`; this crate must not reimplement them.

mod builtins;
mod dotenv;
mod engine;
mod loader;

use std::io::Write;
use std::process::ExitCode;

use engine::{Mode, Options};
use napi_host::strict::StrictMode;

const USAGE: &str = "\
Usage: nabi [options] script.js [arguments]
       nabi [options] -e CODE [arguments]
       nabi [options] -p CODE [arguments]

Options:
  -e, --eval CODE    evaluate CODE
  -p, --print CODE   evaluate CODE and print the result
  --expose-gc        expose a global gc() that runs a full collection
  --env-file=FILE    set environment variables from FILE (dotenv format;
                     variables already set keep their value)
  --report-on-fatalerror
                     write a diagnostic report (report.*.json) when an addon
                     calls napi_fatal_error
  --[no-]force-node-api-uncaught-exceptions-policy
                     exceptions thrown by threadsafe-function calls go to
                     'uncaughtException' (default: dropped with a DEP0168
                     warning for modules below the experimental version)
  --napi-modules     accepted for Node's sake; no effect
  --no-warnings      do not print process warnings ('warning' still fires)
  --no-deprecation   drop DeprecationWarnings (--throw-deprecation: throw them)
  --trace-warnings, --trace-deprecation
                     print warnings (deprecations) with their stack
  --no-addons        refuse to load native addons (also in NODE_OPTIONS)
  --napi-strict[=error|warn]
                     report addons' Node-API misuse (docs/STRICT.md); error
                     (the default) fails the call and the exit status, warn
                     only prints (also NABI_NAPI_STRICT=...)
  --napi-strict-report=FILE
                     write the strict-mode diagnostics to FILE as JSON
  --permission       Node's permission model: file system access, child
                     processes, workers and addons are denied
                     (ERR_ACCESS_DENIED) unless one of these allows them:
  --allow-fs-read=PATH, --allow-fs-write=PATH
                     one path per flag, repeatable; a directory covers all
                     below it, PREFIX* every path starting with PREFIX, * all
  --allow-child-process, --allow-worker, --allow-addons
  --max-old-space-size=N, --max-semi-space-size=N, --stack-trace-limit=N,
  --[no-]concurrent-array-buffer-sweeping, --single-threaded-gc,
  --jitless          V8's tuning options: accepted, no effect
  -v, --version      print the versions of nabi, QuickJS-ng, libuv, Node-API
  -h, --help         print this help

Environment: NODE_OPTIONS may hold the options above but -e, -p, -v, -h
and --env-file (as in Node; it does not show in process.execArgv).
";

/// The process-wide settings the command line (and NODE_OPTIONS) chose.
#[derive(Default)]
struct Flags {
    expose_gc: bool,
    report_on_fatalerror: bool,
    force_uncaught_policy: bool,
    env_files: Vec<String>,
    permissions: builtins::permission::Permissions,
    /// `--napi-strict*` options, in order (NODE_OPTIONS first).
    strict: Vec<String>,
    /// An `--allow-fs-*` flag was given (Node requires `--permission`
    /// then; the other `--allow-*` flags it ignores without).
    allow_given: bool,
}

impl Flags {
    fn allow(&mut self, grant: impl FnOnce(&mut builtins::permission::Permissions)) {
        self.allow_given = true;
        grant(&mut self.permissions);
    }
}

/// How Node names the program in its messages: argv[0] as invoked.
fn program_name() -> String {
    std::env::args().next().unwrap_or_else(|| "nabi".into())
}

/// Applies one option that may also come from NODE_OPTIONS (none takes a
/// separate value); false when `a` is not one.
fn boolean_option(a: &str, flags: &mut Flags) -> bool {
    match a {
        "--expose-gc" | "--expose_gc" => flags.expose_gc = true,
        "--report-on-fatalerror" | "--report_on_fatalerror" => flags.report_on_fatalerror = true,
        "--napi-modules" | "--napi_modules" => {}
        "--no-addons" | "--no_addons" => loader::set_addons_enabled(false),
        "--addons" => loader::set_addons_enabled(true),
        "--permission" => flags.permissions.enabled = true,
        "--allow-addons" => flags.permissions.addons = true,
        "--allow-child-process" => flags.permissions.child_process = true,
        "--allow-worker" => flags.permissions.worker = true,
        // One path (or `*` pattern) per flag: Node 24 reads a comma as part
        // of the path.
        s if s.starts_with("--allow-fs-read=") && s.len() > "--allow-fs-read=".len() => {
            flags.allow(|p| p.allow_fs_read(&s["--allow-fs-read=".len()..]))
        }
        s if s.starts_with("--allow-fs-write=") && s.len() > "--allow-fs-write=".len() => {
            flags.allow(|p| p.allow_fs_write(&s["--allow-fs-write=".len()..]))
        }
        // V8's tuning: nothing to tune in QuickJS.
        "--jitless" => {}
        // Read by bootstrap.js from process.execArgv / NODE_OPTIONS.
        "--no-warnings"
        | "--no-deprecation"
        | "--throw-deprecation"
        | "--trace-warnings"
        | "--trace-deprecation" => {}
        s if s == "--napi-strict"
            || s.starts_with("--napi-strict=")
            || s.starts_with("--napi-strict-report=") =>
        {
            flags.strict.push(s.to_string())
        }
        s if [
            "--max-old-space-size=",
            "--max-semi-space-size=",
            "--stack-trace-limit=",
        ]
        .iter()
        .any(|p| s.starts_with(p)) => {}
        "--force-node-api-uncaught-exceptions-policy"
        | "--force-node-api-uncaught-exceptions-policy=true" => flags.force_uncaught_policy = true,
        "--no-force-node-api-uncaught-exceptions-policy"
        | "--force-node-api-uncaught-exceptions-policy=false" => {
            flags.force_uncaught_policy = false
        }
        _ => return false,
    }
    true
}

/// The options of NODE_OPTIONS: only those Node allows there, else Node's
/// error ("<program>: --x is not allowed in NODE_OPTIONS", exit 9).
fn apply_node_options(flags: &mut Flags) -> Result<(), String> {
    for a in node_options() {
        if !boolean_option(&a, flags) {
            // Node names an `--x=value` option by `--x=`.
            let name = match a.find('=') {
                Some(i) if a.starts_with("--") => &a[..=i],
                _ => a.as_str(),
            };
            return Err(format!(
                "{}: {name} is not allowed in NODE_OPTIONS",
                program_name()
            ));
        }
    }
    Ok(())
}

fn parse_args() -> Result<(Options, Flags), String> {
    let mut args = std::env::args().skip(1);
    let exec_path = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "nabi".into());
    let mut flags = Flags::default();
    apply_node_options(&mut flags)?;
    let mut exec_argv = Vec::new();
    let mut mode = None;
    let mut rest = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            s if boolean_option(s, &mut flags) => exec_argv.push(a),
            "--env-file" => {
                let file = args.next().ok_or_else(|| {
                    format!("{}: --env-file requires an argument", program_name())
                })?;
                exec_argv.push(a);
                exec_argv.push(file.clone());
                flags.env_files.push(file);
            }
            // Node also takes the path as the next argument.
            "--allow-fs-read" | "--allow-fs-write" | "--allow-fs-read=" | "--allow-fs-write=" => {
                let name = a.trim_end_matches('=');
                let path = args
                    .next()
                    .filter(|_| !a.ends_with('='))
                    .filter(|p| !p.is_empty())
                    .ok_or_else(|| format!("{}: {a} requires an argument", program_name()))?;
                exec_argv.push(a.clone());
                exec_argv.push(path.clone());
                if name == "--allow-fs-read" {
                    flags.allow(|p| p.allow_fs_read(&path));
                } else {
                    flags.allow(|p| p.allow_fs_write(&path));
                }
            }
            s if s.starts_with("--env-file=") => {
                flags.env_files.push(s["--env-file=".len()..].to_string());
                exec_argv.push(a);
            }
            "-e" | "--eval" | "-p" | "--print" => {
                let code = args
                    .next()
                    .ok_or_else(|| format!("{}: {a} requires an argument", program_name()))?;
                let print = a == "-p" || a == "--print";
                exec_argv.push(a);
                exec_argv.push(code.clone());
                mode = Some(Mode::Eval { code, print });
                rest.extend(args.by_ref());
            }
            // V8 options Node takes on the command line only (not in
            // NODE_OPTIONS); nothing to tune in QuickJS. Node's own
            // Node-API tests run with --no-concurrent-array-buffer-sweeping.
            "--concurrent-array-buffer-sweeping"
            | "--no-concurrent-array-buffer-sweeping"
            | "--single-threaded-gc" => exec_argv.push(a),
            "-v" | "--version" => mode = Some(Mode::Version),
            "-h" | "--help" => mode = Some(Mode::Help),
            "--" => {
                if let Some(script) = args.next() {
                    mode = Some(Mode::Script(script));
                }
                rest.extend(args.by_ref());
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("{}: bad option: {s}", program_name()));
            }
            _ => {
                mode = Some(Mode::Script(a));
                rest.extend(args.by_ref());
            }
        }
    }
    let mode = mode.unwrap_or(Mode::Help);
    let mut argv = vec![exec_path];
    if let Mode::Script(s) = &mode {
        let abs = std::path::absolute(s).map_err(|e| format!("nabi: {s}: {e}"))?;
        argv.push(abs.display().to_string());
    }
    argv.extend(rest);
    let opts = Options {
        mode,
        expose_gc: flags.expose_gc,
        argv,
        exec_argv,
        env: None,
        worker: None,
    };
    Ok((opts, flags))
}

/// Strict mode (docs/STRICT.md): `NABI_NAPI_STRICT`, then the
/// `--napi-strict[=MODE]` and `--napi-strict-report=FILE` options.
fn configure_strict(opts: &[String]) -> Result<(), String> {
    let mut mode = match std::env::var("NABI_NAPI_STRICT") {
        Ok(v) => StrictMode::parse(&v).map_err(|e| format!("nabi: NABI_NAPI_STRICT: {e}"))?,
        Err(_) => StrictMode::Off,
    };
    let mut report = None;
    for opt in opts {
        if let Some(f) = opt.strip_prefix("--napi-strict-report=") {
            if f.is_empty() {
                return Err(
                    "nabi: --napi-strict-report needs a file name (--napi-strict-report=FILE)"
                        .into(),
                );
            }
            report = Some(std::path::PathBuf::from(f));
            if mode == StrictMode::Off {
                mode = StrictMode::Error;
            }
        } else {
            let m = opt.strip_prefix("--napi-strict=").unwrap_or("");
            mode = StrictMode::parse(m).map_err(|e| format!("nabi: {e}"))?;
        }
    }
    napi_host::strict::configure(mode, report);
    Ok(())
}

/// `--env-file`: the variables of each file that the environment does not
/// set already (Node's precedence), read before anything runs.
fn load_env_files(files: &[String]) -> Result<(), String> {
    for f in files {
        let text = std::fs::read_to_string(f)
            .map_err(|_| format!("{}: {f}: not found", program_name()))?;
        for (k, v) in dotenv::parse(&text) {
            if std::env::var_os(&k).is_none() {
                std::env::set_var(k, v);
            }
        }
    }
    Ok(())
}

/// The options in `NODE_OPTIONS`: separated by spaces, a double-quoted one
/// may hold spaces (with `\"` and `\\` escapes), as Node reads them.
fn node_options() -> Vec<String> {
    let text = std::env::var("NODE_OPTIONS").unwrap_or_default();
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut quoted, mut started) = (false, false);
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => cur.extend(chars.next()),
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    out.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            c => {
                cur.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(cur);
    }
    out
}

fn main() -> ExitCode {
    // Keep every exported napi_* function in the binary: addons find them
    // with dlsym on the main program.
    std::hint::black_box(napi_host::EXPORTS.as_ptr());
    std::hint::black_box(napi_host::node_module_register as *const ());
    std::hint::black_box(napi_host::UV_EXPORTS.as_ptr());

    // Write errors are ignored here: a reader that closed the pipe early
    // (`nabi --bad 2>&1 | head -c1`) must not turn into a panic.
    let (opts, mut flags) = match parse_args() {
        Ok(o) => o,
        Err(msg) => {
            let _ = writeln!(std::io::stderr(), "{msg}");
            return ExitCode::from(9);
        }
    };
    // Single-threaded still: the environment may change.
    if let Err(msg) = load_env_files(&flags.env_files) {
        let _ = writeln!(std::io::stderr(), "{msg}");
        return ExitCode::from(9);
    }
    if let Err(msg) = configure_strict(&flags.strict) {
        let _ = writeln!(std::io::stderr(), "{msg}");
        return ExitCode::from(9);
    }
    napi_host::set_uncaught_exceptions_policy(flags.force_uncaught_policy);
    if flags.allow_given && !flags.permissions.enabled {
        // Node throws this while starting (an uncaught error, exit 1).
        let _ = writeln!(
            std::io::stderr(),
            "TypeError [ERR_MISSING_OPTION]: --permission is required"
        );
        return ExitCode::from(1);
    }
    // Under --permission addons load only with --allow-addons (the loader
    // throws Node's ERR_DLOPEN_DISABLED otherwise).
    builtins::permission::init(std::mem::take(&mut flags.permissions));
    if flags.report_on_fatalerror {
        napi_host::set_fatal_error_hook(builtins::write_fatal_report);
    }
    match opts.mode {
        Mode::Help => {
            let _ = write!(std::io::stdout(), "{USAGE}");
            let _ = std::io::stdout().flush();
            ExitCode::SUCCESS
        }
        Mode::Version => {
            let _ = writeln!(std::io::stdout(), "{}", engine::version_text());
            let _ = std::io::stdout().flush();
            ExitCode::SUCCESS
        }
        _ => {
            let code = engine::run(opts, &builtins::BUILTINS);
            // Strict mode's error diagnostics fail the run.
            let strict_failed = napi_host::strict::finish();
            std::process::exit(if strict_failed && code == 0 { 1 } else { code })
        }
    }
}
