//! HTTP/1 message heads parsed natively with `httparse` (`binding.http`):
//! a request or response head, a chunk-size line, a trailer block. The
//! framing around them (bodies, keep-alive, upgrade) is http.js. The checks
//! Node's parser (llhttp) makes against request smuggling are made here:
//! a second Content-Length, Content-Length with Transfer-Encoding, a
//! request Transfer-Encoding not ending in chunked; obs-fold and CR/LF in
//! values httparse refuses itself.

use napi_host::qjs;
use rquickjs_sys::*;

use crate::builtins::args::{arg, array_buffer, native_fn, num, set_fns, with_bytes};
use crate::builtins::handles;
use crate::engine::Options;

const MAX_HEADERS: usize = 256;

/// The result of a head parse: an array `[consumed, a, b, minorVersion,
/// flags, contentLength, [name, value, name, value, …]]` (a, b: method and
/// url, or status and reason; flags: the `F_*` bits), 0 while incomplete,
/// or an llhttp error code (a string). A trailer block is `[consumed,
/// name, value, …]`.
enum Head {
    Done(Vec<JsPart>),
    Partial,
    Error(&'static str),
}

enum JsPart {
    Int(i64),
    Str(Vec<u8>),
    List(Vec<JsPart>),
}

// What the framing and connection handling need from the headers, so JS
// needs no header object for them (case-insensitive, duplicates joined as
// Node joins them).
/// A Connection token `close`.
const F_CLOSE: i64 = 1;
/// A Connection token `keep-alive`.
const F_KEEP_ALIVE: i64 = 2;
/// A Connection token `upgrade`.
const F_CONN_UPGRADE: i64 = 4;
/// An Upgrade header.
const F_UPGRADE: i64 = 8;
/// A Host header.
const F_HOST: i64 = 16;
/// An Expect header.
const F_EXPECT: i64 = 32;
/// The last Transfer-Encoding's last coding is `chunked`.
const F_CHUNKED: i64 = 64;
/// A Content-Length header (its value is the next slot).
const F_LENGTH: i64 = 128;

/// The `F_*` bits and the Content-Length of `headers`.
fn head_flags(headers: &[httparse::Header]) -> (i64, i64) {
    let mut flags = 0;
    let mut length = 0i64;
    let mut chunked = false;
    for h in headers {
        let name = h.name;
        if name.eq_ignore_ascii_case("connection") {
            for token in h.value.split(|&c| c == b',') {
                let t = token.trim_ascii();
                if t.eq_ignore_ascii_case(b"close") {
                    flags |= F_CLOSE;
                } else if t.eq_ignore_ascii_case(b"keep-alive") {
                    flags |= F_KEEP_ALIVE;
                } else if t.eq_ignore_ascii_case(b"upgrade") {
                    flags |= F_CONN_UPGRADE;
                }
            }
        } else if name.eq_ignore_ascii_case("upgrade") {
            flags |= F_UPGRADE;
        } else if name.eq_ignore_ascii_case("host") {
            flags |= F_HOST;
        } else if name.eq_ignore_ascii_case("expect") {
            flags |= F_EXPECT;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            let last = h.value.rsplit(|&c| c == b',').next().unwrap_or(b"");
            chunked = last.trim_ascii().eq_ignore_ascii_case(b"chunked");
        } else if name.eq_ignore_ascii_case("content-length") {
            flags |= F_LENGTH;
            // Digits only (check_framing); past 2^53 it is not exact in JS anyway.
            length = h.value.trim_ascii().iter().fold(0i64, |n, &d| {
                n.saturating_mul(10).saturating_add((d - b'0') as i64)
            });
        }
    }
    if chunked {
        flags |= F_CHUNKED;
    }
    (flags, length)
}

unsafe fn head_to_js(ctx: *mut JSContext, h: Head) -> JSValue {
    match h {
        Head::Partial => qjs::int(0),
        Head::Error(code) => qjs::string(ctx, code),
        Head::Done(parts) => {
            parts_to_js(ctx, parts)
        }
    }
}

unsafe fn parts_to_js(ctx: *mut JSContext, parts: Vec<JsPart>) -> JSValue {
    let a = JS_NewArray(ctx);
    for (i, p) in parts.into_iter().enumerate() {
        let v = match p {
            JsPart::Int(n) => qjs::float(n as f64),
            // Header bytes are latin1 to Node (one char per byte).
            JsPart::Str(b) => latin1(ctx, &b),
            JsPart::List(l) => parts_to_js(ctx, l),
        };
        JS_SetPropertyUint32(ctx, a, i as u32, v);
    }
    a
}

unsafe fn latin1(ctx: *mut JSContext, b: &[u8]) -> JSValue {
    if b.is_ascii() {
        return JS_NewStringLen(ctx, b.as_ptr().cast(), b.len() as _);
    }
    let s: String = b.iter().map(|&c| c as char).collect();
    qjs::string(ctx, &s)
}

fn error_code(e: httparse::Error) -> &'static str {
    match e {
        httparse::Error::HeaderName => "HPE_INVALID_HEADER_TOKEN",
        httparse::Error::HeaderValue => "HPE_INVALID_HEADER_TOKEN",
        httparse::Error::NewLine => "HPE_LF_EXPECTED",
        httparse::Error::Status => "HPE_INVALID_STATUS",
        httparse::Error::Token => "HPE_INVALID_METHOD",
        httparse::Error::TooManyHeaders => "HPE_HEADER_OVERFLOW",
        httparse::Error::Version => "HPE_INVALID_VERSION",
    }
}

/// Node's smuggling checks over the parsed headers.
fn check_framing(headers: &[httparse::Header], request: bool) -> Result<(), &'static str> {
    let mut content_length = 0;
    let mut te: Option<&[u8]> = None;
    for h in headers {
        if h.name.eq_ignore_ascii_case("content-length") {
            content_length += 1;
            let v = h.value.trim_ascii();
            if v.is_empty() || !v.iter().all(u8::is_ascii_digit) {
                return Err("HPE_INVALID_CONTENT_LENGTH");
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            te = Some(h.value);
        }
    }
    if content_length > 1 {
        return Err("HPE_UNEXPECTED_CONTENT_LENGTH");
    }
    if let Some(te) = te {
        if content_length > 0 {
            return Err("HPE_INVALID_TRANSFER_ENCODING");
        }
        let last = te.rsplit(|&c| c == b',').next().unwrap_or(b"").trim_ascii();
        if request && !last.eq_ignore_ascii_case(b"chunked") {
            return Err("HPE_INVALID_TRANSFER_ENCODING");
        }
    }
    Ok(())
}

/// Line ends in a head as llhttp wants them: CR LF only (httparse also
/// takes a bare LF, which would let a header hide inside another).
fn check_line_ends(head: &[u8]) -> Result<(), &'static str> {
    for (i, &c) in head.iter().enumerate() {
        if c == b'\n' && (i == 0 || head[i - 1] != b'\r') {
            return Err("HPE_CR_EXPECTED");
        }
        if c == b'\r' && head.get(i + 1).is_some_and(|&n| n != b'\n') {
            return Err("HPE_LF_EXPECTED");
        }
    }
    Ok(())
}

fn push_headers(parts: &mut Vec<JsPart>, headers: &[httparse::Header]) {
    for h in headers {
        parts.push(JsPart::Str(h.name.as_bytes().to_vec()));
        parts.push(JsPart::Str(h.value.to_vec()));
    }
}

fn parse_request(buf: &[u8]) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let parsed = req.parse(buf);
    head(buf, parsed, req.headers, true, || {
        [
            JsPart::Str(req.method.unwrap_or("").as_bytes().to_vec()),
            JsPart::Str(req.path.unwrap_or("").as_bytes().to_vec()),
            JsPart::Int(req.version.unwrap_or(1) as i64),
        ]
    })
}

fn parse_response(buf: &[u8]) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut res = httparse::Response::new(&mut headers);
    let parsed = res.parse(buf);
    head(buf, parsed, res.headers, false, || {
        [
            JsPart::Int(res.code.unwrap_or(0) as i64),
            JsPart::Str(res.reason.unwrap_or("").as_bytes().to_vec()),
            JsPart::Int(res.version.unwrap_or(1) as i64),
        ]
    })
}

/// What a request or response parse of `buf` came to: more bytes needed, an
/// llhttp error code, or the head's length, its start line (from `start`)
/// and its headers.
fn head(
    buf: &[u8],
    parsed: httparse::Result<usize>,
    headers: &[httparse::Header],
    request: bool,
    start: impl FnOnce() -> [JsPart; 3],
) -> Head {
    match parsed {
        Ok(httparse::Status::Partial) => match check_line_ends(buf) {
            Ok(()) => Head::Partial,
            Err(code) => Head::Error(code),
        },
        Err(e) => Head::Error(check_line_ends(buf).err().unwrap_or(error_code(e))),
        Ok(httparse::Status::Complete(n)) => {
            if let Err(code) =
                check_line_ends(&buf[..n]).and_then(|()| check_framing(headers, request))
            {
                return Head::Error(code);
            }
            let mut parts = vec![JsPart::Int(n as i64)];
            parts.extend(start());
            let (flags, length) = head_flags(headers);
            parts.push(JsPart::Int(flags));
            parts.push(JsPart::Int(length));
            let mut raw = Vec::with_capacity(headers.len() * 2);
            push_headers(&mut raw, headers);
            parts.push(JsPart::List(raw));
            Head::Done(parts)
        }
    }
}

/// The bytes of argument 0 from offset argument 1.
unsafe fn from_offset<R>(ctx: *mut JSContext, a: &[JSValue], f: impl FnOnce(&[u8]) -> R) -> R {
    let off = num(a, 1);
    let off = if off.is_finite() && off > 0.0 {
        off as usize
    } else {
        0
    };
    with_bytes(ctx, arg(a, 0), |b| f(b.get(off..).unwrap_or(&[])))
}

/// `parseRequest(bytes, offset)` → see [`Head`].
unsafe fn js_parse_request(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    head_to_js(ctx, from_offset(ctx, a, parse_request))
}

/// `parseResponse(bytes, offset)` → see [`Head`].
unsafe fn js_parse_response(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    head_to_js(ctx, from_offset(ctx, a, parse_response))
}

/// `chunkSize(bytes, offset)` → `[consumed, size]`, 0 while incomplete, or
/// "HPE_INVALID_CHUNK_SIZE".
unsafe fn chunk_size(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let r = from_offset(ctx, a, |b| match httparse::parse_chunk_size(b) {
        Ok(httparse::Status::Complete((n, size))) => Ok(Some((n, size))),
        Ok(httparse::Status::Partial) => Ok(None),
        Err(_) => Err(()),
    });
    match r {
        Ok(Some((n, size))) if size <= (1u64 << 53) => {
            let arr = JS_NewArray(ctx);
            JS_SetPropertyUint32(ctx, arr, 0, qjs::float(n as f64));
            JS_SetPropertyUint32(ctx, arr, 1, qjs::float(size as f64));
            arr
        }
        Ok(None) => qjs::int(0),
        _ => qjs::string(ctx, "HPE_INVALID_CHUNK_SIZE"),
    }
}

/// `trailers(bytes, offset)` → `[consumed, name, value, …]` for the
/// trailer block after the last chunk, 0 while incomplete, or an error.
unsafe fn trailers(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let r = from_offset(ctx, a, |b| {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        match httparse::parse_headers(b, &mut headers) {
            Ok(httparse::Status::Complete((n, hs))) => {
                let mut parts = vec![JsPart::Int(n as i64)];
                push_headers(&mut parts, hs);
                Head::Done(parts)
            }
            Ok(httparse::Status::Partial) => Head::Partial,
            Err(e) => Head::Error(error_code(e)),
        }
    });
    head_to_js(ctx, r)
}

/// `latin1(text)` → an ArrayBuffer of the text's latin1 bytes (one byte
/// per char, the low 8 bits, as Node writes a head); faster than
/// `Buffer.from(text, 'latin1')` for every head written.
unsafe fn latin1_bytes(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let mut out = Vec::new();
    if !push_latin1(ctx, arg(a, 0), &mut out) {
        return JS_EXCEPTION;
    }
    array_buffer(ctx, &out)
}

/// The latin1 bytes of a string (one byte per char, its low 8 bits), as
/// Node writes a head, appended to `out`.
unsafe fn push_latin1(ctx: *mut JSContext, v: JSValue, out: &mut Vec<u8>) -> bool {
    let mut len = 0usize;
    let p = JS_ToCStringLen(ctx, &mut len, v);
    if p.is_null() {
        return false;
    }
    let utf8 = std::slice::from_raw_parts(p.cast::<u8>(), len);
    if utf8.is_ascii() {
        out.extend_from_slice(utf8);
    } else {
        out.extend(
            String::from_utf8_lossy(utf8)
                .chars()
                .map(|c| c as u32 as u8),
        );
    }
    JS_FreeCString(ctx, p);
    true
}

/// `send(id, head, body)`: a whole message, the head's latin1 bytes and
/// the body, in one write to the stream handle `id` (what `write(id,
/// bytes)` of `binding.stream` returns: 0, a request id, or an errno).
/// The hot path of a response sent with `end()`: no Buffer for the head,
/// no concatenation in JS, one syscall.
unsafe fn send(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(h) = handles::id_arg(a, 0, handles::STREAMS) else {
        return qjs::int(handles::EBADF);
    };
    let mut out = Vec::with_capacity(256);
    if !push_latin1(ctx, arg(a, 1), &mut out) {
        return JS_EXCEPTION;
    }
    with_bytes(ctx, arg(a, 2), |b| out.extend_from_slice(b));
    qjs::int(handles::write_bytes(h, &out))
}

/// Adds `binding.http`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"parseRequest", native_fn!(js_parse_request), 2),
            (c"parseResponse", native_fn!(js_parse_response), 2),
            (c"chunkSize", native_fn!(chunk_size), 2),
            (c"trailers", native_fn!(trailers), 2),
            (c"latin1", native_fn!(latin1_bytes), 1),
            (c"send", native_fn!(send), 3),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"http".as_ptr(), o);
}
