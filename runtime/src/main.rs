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

const USAGE: &str = "\
Usage: nabi [options] script.js [arguments]
       nabi [options] -e CODE [arguments]
       nabi [options] -p CODE [arguments]

Options:
  -e, --eval CODE    evaluate CODE
  -p, --print CODE   evaluate CODE and print the result
  --expose-gc        expose a global gc() that runs a full collection
  --no-addons        refuse to load native addons (also in NODE_OPTIONS)
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
    for opt in node_options() {
        match opt.as_str() {
            "--no-addons" => loader::set_addons_enabled(false),
            "--addons" => loader::set_addons_enabled(true),
            _ => {}
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
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("nabi: bad option: {s}\n\n{USAGE}"));
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
    Ok(Options {
        mode,
        expose_gc,
        argv,
        exec_argv,
        env: None,
        worker: None,
    })
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
            std::process::exit(code)
        }
    }
}
