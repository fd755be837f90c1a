//! `dns.lookup` (`binding.dns`): the system's getaddrinfo, run on libuv's
//! thread pool as Node runs it, so /etc/hosts and nsswitch answer. And the
//! resolver's transport (`dns.resolve*`, Node's c-ares): one query sent over
//! UDP to each name server in turn, `tries` rounds, on the thread pool;
//! dns.js builds the query and reads the answer. `lookupService` is the
//! system's getnameinfo on the pool, as in Node.

use std::ffi::{c_int, CStr, CString};
use std::ptr;

use libuv_sys2::*;
use napi_host::qjs;
use rquickjs_sys::*;

use crate::builtins::args::{
    arg, array_buffer, bytes_arg, native_fn, num, set_fns, string_list, utf8,
};
use crate::builtins::pool;
use crate::engine::Options;

/// The addresses found (family 4 or 6, text), or libuv's code for the
/// getaddrinfo error.
type Answer = Result<Vec<(i32, String)>, i32>;

/// libuv's code for a getaddrinfo error (what Node reports as `errno`).
fn uv_code(eai: c_int) -> i32 {
    match eai {
        libc::EAI_AGAIN => uv_errno_t_UV_EAI_AGAIN,
        libc::EAI_BADFLAGS => uv_errno_t_UV_EAI_BADFLAGS,
        libc::EAI_FAIL => uv_errno_t_UV_EAI_FAIL,
        libc::EAI_FAMILY => uv_errno_t_UV_EAI_FAMILY,
        libc::EAI_MEMORY => uv_errno_t_UV_EAI_MEMORY,
        libc::EAI_NODATA => uv_errno_t_UV_EAI_NODATA,
        libc::EAI_SERVICE => uv_errno_t_UV_EAI_SERVICE,
        libc::EAI_SOCKTYPE => uv_errno_t_UV_EAI_SOCKTYPE,
        libc::EAI_SYSTEM => -std::io::Error::last_os_error()
            .raw_os_error()
            .unwrap_or(libc::EIO),
        _ => uv_errno_t_UV_EAI_NONAME,
    }
}

/// getaddrinfo for `host` (family 0, 4 or 6, `AI_*` hints), in the
/// system's order, without duplicates.
fn resolve(host: CString, family: i32, flags: c_int) -> Answer {
    // SAFETY: getaddrinfo with a zeroed hints struct; the list is freed.
    unsafe {
        let mut hints: libc::addrinfo = std::mem::zeroed();
        hints.ai_family = match family {
            4 => libc::AF_INET,
            6 => libc::AF_INET6,
            _ => libc::AF_UNSPEC,
        };
        hints.ai_socktype = libc::SOCK_STREAM;
        hints.ai_flags = flags;
        let mut res: *mut libc::addrinfo = ptr::null_mut();
        let r = libc::getaddrinfo(host.as_ptr(), ptr::null(), &hints, &mut res);
        if r != 0 {
            return Err(uv_code(r));
        }
        let mut out = Vec::new();
        let mut p = res;
        while !p.is_null() {
            let ai = &*p;
            let mut buf = [0 as std::ffi::c_char; 64];
            let fam = if ai.ai_family == libc::AF_INET6 {
                uv_ip6_name(ai.ai_addr.cast(), buf.as_mut_ptr(), buf.len());
                6
            } else {
                uv_ip4_name(ai.ai_addr.cast(), buf.as_mut_ptr(), buf.len());
                4
            };
            let text = CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned();
            if !out.iter().any(|(f, t)| *f == fam && *t == text) {
                out.push((fam, text));
            }
            p = ai.ai_next;
        }
        libc::freeaddrinfo(res);
        Ok(out)
    }
}

/// `callback(errno | null, [address, family, address, family, …])`.
unsafe fn settle(ctx: *mut JSContext, r: Answer) -> (JSValue, JSValue) {
    match r {
        Err(e) => (qjs::int(e), JS_UNDEFINED),
        Ok(list) => {
            let a = JS_NewArray(ctx);
            for (i, (fam, text)) in list.iter().enumerate() {
                JS_SetPropertyUint32(ctx, a, 2 * i as u32, qjs::string(ctx, text));
                JS_SetPropertyUint32(ctx, a, 2 * i as u32 + 1, qjs::int(*fam));
            }
            (JS_NULL, a)
        }
    }
}

/// `getaddrinfo(host, family, hints, callback)`: queues the lookup.
unsafe fn getaddrinfo(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let host = utf8(ctx, arg(a, 0));
    let host = CString::new(host).unwrap_or_default();
    let family = num(a, 1) as i32;
    let hints = num(a, 2);
    let hints = if hints.is_finite() { hints as c_int } else { 0 };
    pool::queue(arg(a, 3), move || resolve(host, family, hints), settle);
    JS_UNDEFINED
}

/// getnameinfo for an address and port: (host, service), or libuv's code.
fn name_info(address: &str, port: u16) -> Result<(String, String), i32> {
    let ip: std::net::IpAddr = address.parse().map_err(|_| uv_errno_t_UV_EINVAL)?;
    // SAFETY: the sockaddr is zeroed and filled for its family; getnameinfo
    // writes NUL-terminated text into the two buffers it is given.
    unsafe {
        let mut storage: libc::sockaddr_storage = std::mem::zeroed();
        let len = match ip {
            std::net::IpAddr::V4(v4) => {
                let sa = &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in);
                sa.sin_family = libc::AF_INET as _;
                sa.sin_port = port.to_be();
                sa.sin_addr.s_addr = u32::from_ne_bytes(v4.octets());
                std::mem::size_of::<libc::sockaddr_in>()
            }
            std::net::IpAddr::V6(v6) => {
                let sa = &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in6);
                sa.sin6_family = libc::AF_INET6 as _;
                sa.sin6_port = port.to_be();
                sa.sin6_addr.s6_addr = v6.octets();
                std::mem::size_of::<libc::sockaddr_in6>()
            }
        };
        let mut host = [0 as std::ffi::c_char; 1025];
        let mut service = [0 as std::ffi::c_char; 32];
        let r = libc::getnameinfo(
            (&storage as *const libc::sockaddr_storage).cast(),
            len as libc::socklen_t,
            host.as_mut_ptr(),
            host.len() as _,
            service.as_mut_ptr(),
            service.len() as _,
            libc::NI_NAMEREQD,
        );
        if r != 0 {
            return Err(uv_code(r));
        }
        let text = |b: &[std::ffi::c_char]| CStr::from_ptr(b.as_ptr()).to_string_lossy().into_owned();
        Ok((text(&host), text(&service)))
    }
}

/// `callback(errno | null, [host, service])`.
unsafe fn settle_name(ctx: *mut JSContext, r: Result<(String, String), i32>) -> (JSValue, JSValue) {
    match r {
        Err(e) => (qjs::int(e), JS_UNDEFINED),
        Ok((host, service)) => {
            let a = JS_NewArray(ctx);
            JS_SetPropertyUint32(ctx, a, 0, qjs::string(ctx, &host));
            JS_SetPropertyUint32(ctx, a, 1, qjs::string(ctx, &service));
            (JS_NULL, a)
        }
    }
}

/// `getnameinfo(address, port, callback)`: queues the lookup (dns.lookupService).
unsafe fn getnameinfo(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let address = String::from_utf8_lossy(&utf8(ctx, arg(a, 0))).into_owned();
    let port = num(a, 1) as u16;
    pool::queue(arg(a, 2), move || name_info(&address, port), settle_name);
    JS_UNDEFINED
}

/// What a query came to: the answer's bytes, or c-ares' code for why
/// there is none (`ECONNREFUSED`: every server refused; `ETIMEOUT`).
type Reply = Result<Vec<u8>, &'static str>;

fn exchange(servers: &[String], query: &[u8], timeout_ms: u64, tries: u32) -> Reply {
    use std::net::UdpSocket;
    use std::time::Duration;
    let mut timed_out = false;
    let mut buf = vec![0u8; 65536];
    for _ in 0..tries.max(1) {
        for server in servers {
            let Ok(addr) = server.parse::<std::net::SocketAddr>() else {
                continue;
            };
            let any = if addr.is_ipv4() { "0.0.0.0:0" } else { "[::]:0" };
            let Ok(sock) = UdpSocket::bind(any) else {
                continue;
            };
            if sock.connect(addr).is_err() || sock.send(query).is_err() {
                continue;
            }
            sock.set_read_timeout(Some(Duration::from_millis(timeout_ms.max(1))))
                .ok();
            loop {
                match sock.recv(&mut buf) {
                    // The answer to this query (same id), else keep waiting.
                    Ok(n) if n >= 12 && buf[..2] == query[..2] => return Ok(buf[..n].to_vec()),
                    Ok(_) => continue,
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) =>
                    {
                        timed_out = true;
                        break;
                    }
                    Err(_) => break,
                }
            }
        }
    }
    Err(if timed_out { "ETIMEOUT" } else { "ECONNREFUSED" })
}

/// `callback(code | null, answer ArrayBuffer)`.
unsafe fn settle_reply(ctx: *mut JSContext, r: Reply) -> (JSValue, JSValue) {
    match r {
        Err(code) => (qjs::string(ctx, code), JS_UNDEFINED),
        Ok(bytes) => (JS_NULL, array_buffer(ctx, &bytes)),
    }
}

/// `query(servers[], queryBytes, timeoutMs, tries, callback)`: queues the exchange.
unsafe fn query(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let servers = string_list(ctx, arg(a, 0));
    let bytes = bytes_arg(ctx, arg(a, 1));
    let timeout = num(a, 2);
    let timeout = if timeout.is_finite() && timeout > 0.0 { timeout as u64 } else { 5000 };
    let tries = num(a, 3);
    let tries = if tries.is_finite() && tries >= 1.0 { tries as u32 } else { 4 };
    pool::queue(
        arg(a, 4),
        move || exchange(&servers, &bytes, timeout, tries),
        settle_reply,
    );
    JS_UNDEFINED
}

/// Adds `binding.dns`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"getaddrinfo", native_fn!(getaddrinfo), 4),
            (c"query", native_fn!(query), 5),
            (c"getnameinfo", native_fn!(getnameinfo), 3),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"dns".as_ptr(), o);
}
