//! `--report-on-fatalerror`: the diagnostic report Node writes when an
//! addon calls `napi_fatal_error`, as `report.<date>.<time>.<pid>.0.001.json`
//! in the working directory, announced on stderr as Node does. Written with
//! what a dying process can still read safely (no JS runs).

use std::fmt::Write as _;

/// JSON string literal of `s`.
fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// The uname field `i` (0 sysname, 2 release, 3 version, 4 machine, 1 node).
fn uname() -> [String; 5] {
    // SAFETY: uname fills the struct; the fields are NUL-terminated.
    unsafe {
        let mut u: libc::utsname = std::mem::zeroed();
        libc::uname(&mut u);
        let f = |p: &[libc::c_char]| std::ffi::CStr::from_ptr(p.as_ptr()).to_string_lossy().into_owned();
        [f(&u.sysname), f(&u.nodename), f(&u.release), f(&u.version), f(&u.machine)]
    }
}

/// Local time now: `(YYYYMMDD, HHMMSS, ISO 8601 with offset, ms since epoch)`.
fn now() -> (String, String, String, u128) {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    // SAFETY: localtime_r writes the struct it is given.
    let tm = unsafe {
        let t = since.as_secs() as libc::time_t;
        let mut tm: libc::tm = std::mem::zeroed();
        libc::localtime_r(&t, &mut tm);
        tm
    };
    let date = format!("{:04}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    let time = format!("{:02}{:02}{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
    let off = tm.tm_gmtoff / 60;
    let iso = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        if off < 0 { '-' } else { '+' },
        off.abs() / 60,
        off.abs() % 60
    );
    (date, time, iso, since.as_millis())
}

/// The libraries mapped into the process (`/proc/self/maps`).
fn shared_objects() -> Vec<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    let mut seen = Vec::new();
    for line in maps.lines() {
        if let Some(p) = line.split_whitespace().nth(5) {
            if p.starts_with('/') && p.contains(".so") && !seen.iter().any(|s| s == p) {
                seen.push(p.to_string());
            }
        }
    }
    seen
}

/// Writes the report for a fatal error (`napi_fatal_error`'s hook).
pub(crate) fn write_fatal_report(location: &str, message: &str) {
    let (date, time, iso, ms) = now();
    let pid = std::process::id();
    let name = format!("report.{date}.{time}.{pid}.0.001.json");
    let [sys, host, release, version, machine] = uname();
    let cwd = std::env::current_dir()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let (major, minor, patch) = napi_host::NODE_VERSION;
    let env = list(std::env::vars().map(|(k, v)| format!("{}: {}", json(&k), json(&v))));
    let env = format!("{{{}}}", &env[1..env.len() - 1]);
    let text = format!(
        r#"{{
  "header": {{
    "reportVersion": 5,
    "event": {event},
    "trigger": "FatalError",
    "filename": {file},
    "dumpEventTime": {iso},
    "dumpEventTimeStamp": "{ms}",
    "processId": {pid},
    "threadId": 0,
    "cwd": {cwd},
    "commandLine": {cmd},
    "nodejsVersion": "v{major}.{minor}.{patch}",
    "arch": {arch},
    "platform": "linux",
    "componentVersions": {{ "nabi": "{nabi}", "napi": "{napi}" }},
    "osName": {sys},
    "osRelease": {release},
    "osVersion": {version},
    "osMachine": {machine},
    "host": {host}
  }},
  "javascriptStack": {{ "message": {event}, "location": {location}, "stack": [] }},
  "nativeStack": [],
  "javascriptHeap": {{}},
  "libuv": [],
  "workers": [],
  "environmentVariables": {env},
  "sharedObjects": {shared}
}}
"#,
        event = json(message),
        location = json(location),
        file = json(&name),
        iso = json(&iso),
        cwd = json(&cwd),
        cmd = list(std::env::args().map(|a| json(&a))),
        arch = json(match std::env::consts::ARCH {
            "x86_64" => "x64",
            "aarch64" => "arm64",
            other => other,
        }),
        nabi = env!("CARGO_PKG_VERSION"),
        napi = napi_host::types::NAPI_VERSION,
        sys = json(&sys),
        release = json(&release),
        version = json(&version),
        machine = json(&machine),
        host = json(&host),
        shared = list(shared_objects().iter().map(|s| json(s))),
    );
    match std::fs::write(&name, text) {
        Ok(()) => eprintln!("\nWriting Node.js report to file: {name}\nNode.js report completed"),
        Err(e) => eprintln!("\nFailed to open Node.js report file: {name} ({e})"),
    }
}
