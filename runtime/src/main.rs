//! nabi: a small JavaScript runtime (QuickJS-ng + libuv) whose point is to
//! load Node-API addons — `.node` files from npm, unchanged — and run them as
//! Node does.
//!
//! What it is for: the command line (here), which composes the engine
//! (`engine/`) with the built-ins (`builtins/`, one folder each, Rust and JS
//! together), and the `.node` loader (`loader.rs`). The core JavaScript
//! (bootstrap, CommonJS) lives in `src/js/`. The Node-API functions
//! themselves live in `napi-host`; this crate must not reimplement them.

include!(concat!(env!("OUT_DIR"), "/uv_exports.rs"));
mod builtins;
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
  --no-addons        refuse to load native addons (also in NODE_OPTIONS)
  --napi-strict[=error|warn]
                     report addons' Node-API misuse (docs/STRICT.md); error
                     (the default) fails the call and the exit status, warn
                     only prints (also NABI_NAPI_STRICT=..., NODE_OPTIONS)
  --napi-strict-report=FILE
                     write the strict-mode diagnostics to FILE as JSON
  -v, --version      print the versions of nabi, QuickJS-ng, libuv, Node-API
  -h, --help         print this help
";

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let exec_path = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "nabi".into());
    let mut expose_gc = false;
    let mut exec_argv = Vec::new();
    // NODE_OPTIONS counts before the command line, and does not show in
    // process.execArgv (as in Node). Only the options nabi knows take
    // effect there; the others are meant for Node and are left alone.
    let mut strict = match std::env::var("NABI_NAPI_STRICT") {
        Ok(v) => StrictMode::parse(&v).map_err(|e| format!("nabi: NABI_NAPI_STRICT: {e}"))?,
        Err(_) => StrictMode::Off,
    };
    let mut strict_report = None;
    for opt in node_options() {
        match opt.as_str() {
            "--no-addons" => loader::set_addons_enabled(false),
            "--addons" => loader::set_addons_enabled(true),
            s => {
                strict_option(s, &mut strict, &mut strict_report)?;
            }
        }
    }
    let mut mode = None;
    let mut rest = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--expose-gc" | "--expose_gc" => {
                expose_gc = true;
                exec_argv.push(a);
            }
            "--no-addons" | "--addons" => {
                loader::set_addons_enabled(a == "--addons");
                exec_argv.push(a);
            }
            "-e" | "--eval" | "-p" | "--print" => {
                let code = args
                    .next()
                    .ok_or_else(|| format!("nabi: {a} requires an argument"))?;
                let print = a == "-p" || a == "--print";
                exec_argv.push(a);
                exec_argv.push(code.clone());
                mode = Some(Mode::Eval { code, print });
                rest.extend(args.by_ref());
            }
            "-v" | "--version" => mode = Some(Mode::Version),
            "-h" | "--help" => mode = Some(Mode::Help),
            "--" => {
                if let Some(script) = args.next() {
                    mode = Some(Mode::Script(script));
                }
                rest.extend(args.by_ref());
            }
            s if strict_option(s, &mut strict, &mut strict_report)? => exec_argv.push(a),
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("nabi: bad option: {s}\n\n{USAGE}"));
            }
            _ => {
                mode = Some(Mode::Script(a));
                rest.extend(args.by_ref());
            }
        }
    }
    napi_host::strict::configure(strict, strict_report);
    let mode = mode.unwrap_or(Mode::Help);
    let mut argv = vec![exec_path];
    if let Mode::Script(s) = &mode {
        let abs = std::path::absolute(s).map_err(|e| format!("nabi: {s}: {e}"))?;
        argv.push(abs.display().to_string());
    }
    argv.extend(rest);
    Ok(Options {
        mode,
        expose_gc,
        argv,
        exec_argv,
        env: None,
        worker: None,
    })
}

/// `--napi-strict[=MODE]` and `--napi-strict-report=FILE`: true if `opt`
/// is one of them.
fn strict_option(
    opt: &str,
    mode: &mut StrictMode,
    report: &mut Option<std::path::PathBuf>,
) -> Result<bool, String> {
    if opt == "--napi-strict" {
        *mode = StrictMode::Error;
    } else if let Some(m) = opt.strip_prefix("--napi-strict=") {
        *mode = StrictMode::parse(m).map_err(|e| format!("nabi: {e}"))?;
    } else if let Some(f) = opt.strip_prefix("--napi-strict-report=") {
        if f.is_empty() {
            return Err(
                "nabi: --napi-strict-report needs a file name (--napi-strict-report=FILE)".into(),
            );
        }
        *report = Some(f.into());
        if *mode == StrictMode::Off {
            *mode = StrictMode::Error;
        }
    } else {
        return Ok(false);
    }
    Ok(true)
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
    std::hint::black_box(UV_EXPORTS.as_ptr());

    // Write errors are ignored here: a reader that closed the pipe early
    // (`nabi --bad 2>&1 | head -c1`) must not turn into a panic.
    let opts = match parse_args() {
        Ok(o) => o,
        Err(msg) => {
            let _ = writeln!(std::io::stderr(), "{msg}");
            return ExitCode::from(9);
        }
    };
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
