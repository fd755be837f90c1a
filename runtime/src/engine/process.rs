//! `binding.process(op, …)`: the OS facts and calls behind `process.*`
//! (signals, credentials, resource usage, memory, terminals, `.env` text).
//! Failures come back as a negative errno for the JS side to turn into
//! Node's ErrnoException, so nothing here throws but bad `op`s.

use std::ffi::{c_int, CString};

use napi_host::qjs::{self, free};
use rquickjs_sys::*;

use crate::builtins::args::{arg, num, throw_error};

fn errno() -> i32 {
    -std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EINVAL)
}

unsafe fn int_array(ctx: *mut JSContext, values: &[f64]) -> JSValue {
    let a = JS_NewArray(ctx);
    for (i, v) in values.iter().enumerate() {
        JS_SetPropertyUint32(ctx, a, i as u32, qjs::float(*v));
    }
    a
}

fn tv_micros(tv: libc::timeval) -> f64 {
    tv.tv_sec as f64 * 1e6 + tv.tv_usec as f64
}

unsafe fn rusage(who: c_int) -> Option<libc::rusage> {
    let mut ru: libc::rusage = std::mem::zeroed();
    (libc::getrusage(who, &mut ru) == 0).then_some(ru)
}

/// `process(op, a, b)`.
pub(super) unsafe fn process(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let op = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let n1 = num(a, 1);
    let text = |i| qjs::to_rust_string(ctx, arg(a, i)).unwrap_or_default();
    match op.as_str() {
        "kill" => {
            let r = libc::kill(n1 as libc::pid_t, num(a, 2) as c_int);
            qjs::int(if r == 0 { 0 } else { errno() })
        }
        "ids" => int_array(
            ctx,
            &[
                libc::getuid() as f64,
                libc::geteuid() as f64,
                libc::getgid() as f64,
                libc::getegid() as f64,
            ],
        ),
        "groups" => {
            let n = libc::getgroups(0, std::ptr::null_mut());
            let mut groups = vec![0 as libc::gid_t; n.max(0) as usize];
            let n = libc::getgroups(n, groups.as_mut_ptr());
            groups.truncate(n.max(0) as usize);
            // Node adds the effective gid when the list lacks it.
            let egid = libc::getegid();
            if !groups.contains(&egid) {
                groups.push(egid);
            }
            int_array(ctx, &groups.iter().map(|g| *g as f64).collect::<Vec<_>>())
        }
        // setuid/seteuid/setgid/setegid(id) → 0 or -errno.
        "setuid" | "seteuid" | "setgid" | "setegid" => {
            let id = n1 as u32;
            let r = match op.as_str() {
                "setuid" => libc::setuid(id),
                "seteuid" => libc::seteuid(id),
                "setgid" => libc::setgid(id),
                _ => libc::setegid(id),
            };
            qjs::int(if r == 0 { 0 } else { errno() })
        }
        "setgroups" => {
            let mut len = 0f64;
            let lv = JS_GetPropertyStr(ctx, arg(a, 1), c"length".as_ptr());
            JS_ToFloat64(ctx, &mut len, lv);
            free(ctx, lv);
            let mut groups = Vec::new();
            for i in 0..len as u32 {
                let v = JS_GetPropertyUint32(ctx, arg(a, 1), i);
                let mut g = 0f64;
                JS_ToFloat64(ctx, &mut g, v);
                free(ctx, v);
                groups.push(g as libc::gid_t);
            }
            let r = libc::setgroups(groups.len(), groups.as_ptr());
            qjs::int(if r == 0 { 0 } else { errno() })
        }
        // initgroups(user, gid) → 0 or -errno.
        "initgroups" => {
            let Ok(user) = CString::new(text(1)) else {
                return qjs::int(-libc::EINVAL);
            };
            let r = libc::initgroups(user.as_ptr(), num(a, 2) as libc::gid_t);
            qjs::int(if r == 0 { 0 } else { errno() })
        }
        // uidOf(name) / gidOf(name) → the id, or -1 when there is none.
        "uidOf" | "gidOf" => {
            let Ok(name) = CString::new(text(1)) else {
                return qjs::int(-1);
            };
            let id = if op == "uidOf" {
                let p = libc::getpwnam(name.as_ptr());
                if p.is_null() {
                    -1.0
                } else {
                    (*p).pw_uid as f64
                }
            } else {
                let g = libc::getgrnam(name.as_ptr());
                if g.is_null() {
                    -1.0
                } else {
                    (*g).gr_gid as f64
                }
            };
            qjs::float(id)
        }
        // Node's resourceUsage() fields, in its order.
        "rusage" => {
            let Some(r) = rusage(libc::RUSAGE_SELF) else {
                return qjs::int(errno());
            };
            int_array(
                ctx,
                &[
                    tv_micros(r.ru_utime),
                    tv_micros(r.ru_stime),
                    r.ru_maxrss as f64,
                    r.ru_ixrss as f64,
                    r.ru_idrss as f64,
                    r.ru_isrss as f64,
                    r.ru_minflt as f64,
                    r.ru_majflt as f64,
                    r.ru_nswap as f64,
                    r.ru_inblock as f64,
                    r.ru_oublock as f64,
                    r.ru_msgsnd as f64,
                    r.ru_msgrcv as f64,
                    r.ru_nsignals as f64,
                    r.ru_nvcsw as f64,
                    r.ru_nivcsw as f64,
                ],
            )
        }
        "threadCpu" => match rusage(libc::RUSAGE_THREAD) {
            Some(r) => int_array(ctx, &[tv_micros(r.ru_utime), tv_micros(r.ru_stime)]),
            None => qjs::int(errno()),
        },
        "memory" => int_array(
            ctx,
            &[
                libuv_sys2::uv_get_available_memory() as f64,
                libuv_sys2::uv_get_constrained_memory() as f64,
            ],
        ),
        // The program name as the command line gave it (Node's argv0).
        "argv0" => qjs::string(
            ctx,
            &std::env::args_os()
                .next()
                .map(|a| a.to_string_lossy().into_owned())
                .unwrap_or_default(),
        ),
        "isatty" => {
            qjs::boolean(n1 >= 0.0 && n1 <= i32::MAX as f64 && libc::isatty(n1 as c_int) == 1)
        }
        // winsize(fd) → [columns, rows] or -errno.
        "winsize" => {
            let mut ws: libc::winsize = std::mem::zeroed();
            if libc::ioctl(n1 as c_int, libc::TIOCGWINSZ, &mut ws) != 0 {
                return qjs::int(errno());
            }
            int_array(ctx, &[ws.ws_col as f64, ws.ws_row as f64])
        }
        // parseEnv(text) → { name: value }, as --env-file reads it.
        "parseEnv" => {
            let obj = JS_NewObject(ctx);
            for (k, v) in crate::dotenv::parse(&text(1)) {
                if let Ok(k) = CString::new(k) {
                    JS_SetPropertyStr(ctx, obj, k.as_ptr(), qjs::string(ctx, &v));
                }
            }
            obj
        }
        _ => throw_error(
            ctx,
            "ERR_INTERNAL",
            &format!("unknown process op {op}"),
            None,
        ),
    }
}
