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
/// `resourceUsage`: the process's getrusage(2) figures, as Node reports them.
fn resource_usage() -> String {
    // SAFETY: getrusage fills the zeroed struct.
    let ru = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut ru);
        ru
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let (user, kernel) = (secs(ru.ru_utime), secs(ru.ru_stime));
    let uptime = process_uptime().max(1e-6);
    let pct = |s: f64| s / uptime * 100.0;
    let max_rss = ru.ru_maxrss as u64 * 1024;
    format!(
        r#"{{
    "rss": {max_rss},
    "userCpuSeconds": {user},
    "kernelCpuSeconds": {kernel},
    "cpuConsumptionPercent": {total_pct},
    "userCpuConsumptionPercent": {user_pct},
    "kernelCpuConsumptionPercent": {kernel_pct},
    "maxRss": {max_rss},
    "pageFaults": {{ "IORequired": {majflt}, "IONotRequired": {minflt} }},
    "fsActivity": {{ "reads": {reads}, "writes": {writes} }}
  }}"#,
        total_pct = pct(user + kernel),
        user_pct = pct(user),
        kernel_pct = pct(kernel),
        majflt = ru.ru_majflt,
        minflt = ru.ru_minflt,
        reads = ru.ru_inblock,
        writes = ru.ru_oublock,
    )
}

/// Seconds since the process started (/proc/uptime less the process's start
/// time in /proc/self/stat), for the CPU percentages.
fn process_uptime() -> f64 {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let since_boot: f64 = read("/proc/uptime")
        .split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let stat = read("/proc/self/stat");
    // Fields after the command name; `starttime` is field 22 of the line.
    let start_ticks: f64 = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(19))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    since_boot - start_ticks / hz
}

/// `userLimits`: getrlimit(2) for the limits Node lists ("unlimited" for
/// RLIM_INFINITY).
fn user_limits() -> String {
    let limits: [(&str, libc::__rlimit_resource_t); 10] = [
        ("core_file_size_blocks", libc::RLIMIT_CORE),
        ("data_seg_size_bytes", libc::RLIMIT_DATA),
        ("file_size_blocks", libc::RLIMIT_FSIZE),
        ("max_locked_memory_bytes", libc::RLIMIT_MEMLOCK),
        ("max_memory_size_bytes", libc::RLIMIT_RSS),
        ("open_files", libc::RLIMIT_NOFILE),
        ("stack_size_bytes", libc::RLIMIT_STACK),
        ("cpu_time_seconds", libc::RLIMIT_CPU),
        ("max_user_processes", libc::RLIMIT_NPROC),
        ("virtual_memory_bytes", libc::RLIMIT_AS),
    ];
    let value = |v: libc::rlim_t| {
        if v == libc::RLIM_INFINITY {
            "\"unlimited\"".to_string()
        } else {
            v.to_string()
        }
    };
    let items = limits.iter().map(|&(name, res)| {
        // SAFETY: getrlimit fills the zeroed struct.
        let l = unsafe {
            let mut l: libc::rlimit = std::mem::zeroed();
            libc::getrlimit(res, &mut l);
            l
        };
        format!(
            "{}: {{ \"soft\": {}, \"hard\": {} }}",
            json(name),
            value(l.rlim_cur),
            value(l.rlim_max)
        )
    });
    let l = list(items);
    format!("{{{}}}", &l[1..l.len() - 1])
}

/// The C library's version, as `glibcVersionRuntime` ("" without glibc).
fn glibc_version() -> String {
    extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a static NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) }
        .to_string_lossy()
        .into_owned()
}

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
    "glibcVersionRuntime": {glibc},
    "glibcVersionCompiler": {glibc},
    "wordSize": 64,
    "arch": {arch},
    "platform": "linux",
    "componentVersions": {{ "nabi": "{nabi}", "napi": "{napi}" }},
    "release": {{ "name": "node" }},
    "osName": {sys},
    "osRelease": {release},
    "osVersion": {version},
    "osMachine": {machine},
    "cpus": [],
    "networkInterfaces": [],
    "host": {host}
  }},
  "javascriptStack": {{ "message": {event}, "location": {location}, "stack": [] }},
  "javascriptHeap": {{}},
  "nativeStack": [],
  "resourceUsage": {resources},
  "libuv": [],
  "workers": [],
  "environmentVariables": {env},
  "userLimits": {limits},
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
        glibc = json(&glibc_version()),
        resources = resource_usage(),
        limits = user_limits(),
    );
    match std::fs::write(&name, text) {
        Ok(()) => eprintln!("\nWriting Node.js report to file: {name}\nNode.js report completed"),
        Err(e) => eprintln!("\nFailed to open Node.js report file: {name} ({e})"),
    }
}
