//! node:buffer's native side: bytes to strings and strings to bytes in
//! Node's encodings, each a single pass over the bytes. On large inputs
//! the cost is fresh memory (every new page faults), so results are
//! written once, straight into the JS string or ArrayBuffer that holds
//! them (`new_string`, `new_array_buffer`), not built and copied, and
//! strings are read as the engine holds them (`string_chars`).

use hex_simd::Out;
use napi_host::qjs;
use rquickjs_sys::*;
use simdutf::{Base64Options, ErrorCode, LastChunkHandlingOptions};

use super::args::{arg, native_fn, num, set_fns, throw_error};
use crate::engine::Options;

// The encoding numbers buffer.js passes (`ENCODINGS` there).
const UTF8: i32 = 0;
const HEX: i32 = 1;
const BASE64: i32 = 2;
const BASE64URL: i32 = 3;
// 4 is Latin-1, the default arm of each match.
const ASCII: i32 = 5;
const UTF16LE: i32 = 6;

/// V8's longest string, which Node reports as `buffer.constants.MAX_STRING_LENGTH`
/// (QuickJS allows 2^30 - 1; nabi keeps Node's limit).
const MAX_STRING_LENGTH: usize = 0x1fff_ffe8;

/// The bytes of a Uint8Array (or Buffer) argument, borrowed.
unsafe fn view<'a>(ctx: *mut JSContext, v: JSValue) -> Option<&'a mut [u8]> {
    let mut len: size_t = 0;
    let p = JS_GetUint8Array(ctx, &mut len, v);
    if p.is_null() {
        return None;
    }
    Some(if len == 0 {
        &mut []
    } else {
        std::slice::from_raw_parts_mut(p, len as usize)
    })
}

unsafe fn string_too_long(ctx: *mut JSContext) -> JSValue {
    let msg = format!("Cannot create a string longer than 0x{MAX_STRING_LENGTH:x} characters");
    throw_error(ctx, "ERR_STRING_TOO_LONG", &msg, None)
}

// ---- the engine's string characters ---------------------------------------

// Our engine patch (vendor/patches/0004-string-chars.patch).
extern "C" {
    fn JS_NewStringUninit(
        ctx: *mut JSContext,
        len: size_t,
        is_wide: std::ffi::c_int,
        chars: *mut *mut std::ffi::c_void,
    ) -> JSValue;
    fn JS_GetStringChars(
        ctx: *mut JSContext,
        v: JSValue,
        chars: *mut *const std::ffi::c_void,
        len: *mut size_t,
        is_wide: *mut std::ffi::c_int,
    ) -> std::ffi::c_int;
}

/// Asks the kernel for 2 MiB pages under the fresh block `p..p + len`
/// that is about to be written whole: a 64 MB result then takes 32 page
/// faults instead of 16,384, which cost more than writing it. (Linux
/// only, and only for large blocks; the kernel may decline.)
fn huge_pages(p: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    if len >= 4 << 20 {
        const HUGE: usize = 2 << 20;
        let start = (p as usize).next_multiple_of(HUGE);
        let end = (p as usize + len) & !(HUGE - 1);
        // SAFETY: advice on whole pages inside a block we own; no data changes.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (p, len);
}

/// A new JS string of `len` characters, one byte each (Latin-1) or, `wide`,
/// two (UTF-16 units, native order), which `write` fills: written once, in
/// place, where making it from a Rust buffer would copy it (and, from
/// UTF-8, decode it).
unsafe fn new_string(
    ctx: *mut JSContext,
    len: usize,
    wide: bool,
    write: impl FnOnce(&mut [u8]),
) -> JSValue {
    let mut p = std::ptr::null_mut();
    let s = JS_NewStringUninit(ctx, len as size_t, wide as std::ffi::c_int, &mut p);
    if !qjs::is_exception(s) && len > 0 {
        huge_pages(p.cast(), len << wide as u32);
        write(std::slice::from_raw_parts_mut(p.cast::<u8>(), len << wide as u32));
    }
    s
}

/// A string's characters as the engine holds them (a rope is flattened
/// first), valid while the string lives.
enum Chars<'a> {
    /// One byte each: Latin-1.
    Bytes(&'a [u8]),
    /// UTF-16 units.
    Units(&'a [u16]),
}

impl Chars<'_> {
    fn len(&self) -> usize {
        match self {
            Chars::Bytes(b) => b.len(),
            Chars::Units(u) => u.len(),
        }
    }
}

/// The characters of the string `s`. `None`: an exception is pending.
unsafe fn string_chars<'a>(ctx: *mut JSContext, s: JSValue) -> Option<Chars<'a>> {
    let (mut p, mut len, mut wide) = (std::ptr::null(), 0 as size_t, 0);
    if JS_GetStringChars(ctx, s, &mut p, &mut len, &mut wide) < 0 {
        return None;
    }
    let len = len as usize;
    Some(match (len, wide) {
        (0, _) => Chars::Bytes(&[]),
        (_, 0) => Chars::Bytes(std::slice::from_raw_parts(p.cast(), len)),
        _ => Chars::Units(std::slice::from_raw_parts(p.cast(), len)),
    })
}

// ---- bytes to strings ---------------------------------------------------------

/// How many characters `enc` makes of `len` bytes (UTF-8: at most).
fn encoded_len(enc: i32, len: usize) -> usize {
    match enc {
        HEX => len * 2,
        BASE64 => simdutf::base64_length_from_binary(len, Base64Options::Default),
        BASE64URL => simdutf::base64_length_from_binary(len, Base64Options::Url),
        UTF16LE => len / 2,
        _ => len,
    }
}

/// Writes `b` in `enc` into `out` ([`encoded_len`] long; for UTF16LE the
/// units in native order; for UTF8, `b` is ASCII).
fn write_encoded(enc: i32, b: &[u8], out: &mut [u8]) {
    match enc {
        HEX => {
            let _ = hex_simd::encode(b, Out::from_slice(out), hex_simd::AsciiCase::Lower);
        }
        BASE64 | BASE64URL => {
            let opt = if enc == BASE64 { Base64Options::Default } else { Base64Options::Url };
            // SAFETY: `out` holds base64_length_from_binary(b.len()) bytes.
            let _ = unsafe { simdutf::binary_to_base64(b.as_ptr(), b.len(), out.as_mut_ptr(), opt) };
        }
        ASCII => {
            for (o, &x) in out.iter_mut().zip(b) {
                *o = x & 0x7f;
            }
        }
        UTF16LE if cfg!(target_endian = "big") => {
            for (o, p) in out.chunks_exact_mut(2).zip(b.chunks_exact(2)) {
                o.copy_from_slice(&[p[1], p[0]]);
            }
        }
        // Latin-1 is what a one-byte JS string holds; UTF-16LE bytes are
        // the units (an odd last byte is dropped, as in Node).
        _ => out.copy_from_slice(&b[..out.len()]),
    }
}

/// UTF-8 bytes as a string. ASCII (the common case) is copied into a
/// one-byte string while it is checked, a block at a time; other valid
/// UTF-8 becomes a one-byte string when every character is Latin-1, else
/// a two-byte one; invalid UTF-8 gets U+FFFD for each maximal bad
/// sequence, as Node's decoder does.
unsafe fn utf8_to_string(ctx: *mut JSContext, b: &[u8]) -> JSValue {
    let mut ascii = true;
    let s = new_string(ctx, b.len(), false, |out| {
        for (o, i) in out.chunks_mut(CHUNK).zip(b.chunks(CHUNK)) {
            if !simdutf::validate_ascii(i) {
                ascii = false;
                return;
            }
            o.copy_from_slice(i);
        }
    });
    if ascii || qjs::is_exception(s) {
        return s;
    }
    qjs::free(ctx, s);
    if !simdutf::validate_utf8(b) {
        // (It holds U+FFFD: a two-byte string.)
        let fixed = String::from_utf8_lossy(b);
        let b = fixed.as_bytes();
        return new_string(ctx, simdutf::utf16_length_from_utf8(b), true, |out| {
            let _ = simdutf::convert_valid_utf8_to_utf16(b.as_ptr(), b.len(), out.as_mut_ptr().cast());
        });
    }
    let units = simdutf::utf16_length_from_utf8(b);
    let mut latin1 = true;
    let s = new_string(ctx, units, false, |out| {
        // (0: a character past U+00FF.)
        latin1 = simdutf::convert_utf8_to_latin1(b.as_ptr(), b.len(), out.as_mut_ptr()) == units;
    });
    if latin1 || qjs::is_exception(s) {
        return s;
    }
    qjs::free(ctx, s);
    new_string(ctx, units, true, |out| {
        let _ = simdutf::convert_valid_utf8_to_utf16(b.as_ptr(), b.len(), out.as_mut_ptr().cast());
    })
}

/// `binding.bufferToString(u8, encoding, start, end)`: the bytes as a
/// string: Latin-1, ASCII, hex, base64(url) and ASCII UTF-8 a one-byte
/// string, UTF16LE a two-byte one, each written in place.
unsafe fn to_string(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(bytes) = view(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let enc = num(a, 1) as i32;
    let clamp = |x: f64, d: usize| {
        if x.is_nan() {
            d
        } else {
            (x.max(0.0) as usize).min(bytes.len())
        }
    };
    let end = clamp(num(a, 3), bytes.len());
    let start = clamp(num(a, 2), 0).min(end);
    let b = &bytes[start..end];
    let out_len = encoded_len(enc, b.len());
    // UTF-8 that long may still decode to fewer UTF-16 units: count them.
    if out_len > MAX_STRING_LENGTH
        && (enc != UTF8 || String::from_utf8_lossy(b).encode_utf16().count() > MAX_STRING_LENGTH)
    {
        return string_too_long(ctx);
    }
    if enc == UTF8 {
        return utf8_to_string(ctx, b);
    }
    new_string(ctx, out_len, enc == UTF16LE, |out| write_encoded(enc, b, out))
}

// ---- strings to bytes -------------------------------------------------------

/// The block size of the conversions that check or measure a block before
/// writing it: small enough to stay in the cache between the two.
const CHUNK: usize = 16 << 10;

/// Node's hex decoding into `out`: pairs of hex digits up to the first
/// that is not one, as many as fit. Each block is checked before the SIMD
/// decoder writes it, so nothing past the count is touched (`write()`'s
/// target keeps its bytes there, as in Node). Returns the bytes written.
fn decode_hex(s: &[u8], out: &mut [u8]) -> usize {
    let even = &s[..(s.len() & !1).min(out.len() * 2)];
    let mut n = 0;
    for chunk in even.chunks(CHUNK) {
        let dst = &mut out[n..n + chunk.len() / 2];
        if hex_simd::check(chunk).is_ok() {
            let _ = hex_simd::decode(chunk, Out::from_slice(dst));
            n += dst.len();
            continue;
        }
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        for (o, p) in dst.iter_mut().zip(chunk.chunks_exact(2)) {
            let (Some(h), Some(l)) = (digit(p[0]), digit(p[1])) else {
                return n;
            };
            *o = h << 4 | l;
            n += 1;
        }
    }
    n
}

/// Node's base64 decoding into `out`, as many bytes as fit: either
/// alphabet, padded or not, characters outside them skipped, the first `=`
/// ends the data. Well-formed input (whitespace allowed) takes simdutf, as
/// in Node; anything else this loop. Returns the bytes written.
fn decode_base64(s: &[u8], out: &mut [u8]) -> usize {
    if s.is_empty() || out.is_empty() {
        return 0;
    }
    let mut n = out.len();
    // SAFETY: simdutf writes at most `n` bytes and reports how many.
    let r = unsafe {
        simdutf::base64_to_binary_safe(
            s.as_ptr(),
            s.len(),
            out.as_mut_ptr(),
            &mut n,
            Base64Options::DefaultOrUrl,
            LastChunkHandlingOptions::Loose,
            false,
        )
    };
    if r.error == ErrorCode::Success {
        return n;
    }
    let (mut acc, mut bits, mut n) = (0u32, 0u32, 0);
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6 | v as u32) & 0xffffff;
        bits += 6;
        if bits >= 8 {
            if n == out.len() {
                break;
            }
            bits -= 8;
            out[n] = (acc >> bits) as u8;
            n += 1;
        }
    }
    n
}

/// Latin-1 characters as UTF-8 into `out`, whole characters as many as
/// fit; one pass: a block goes straight through simdutf when it surely
/// fits, else once measured (in cache) it is known to. Returns the bytes
/// written.
fn latin1_to_utf8(b: &[u8], out: &mut [u8]) -> usize {
    let mut n = 0;
    for chunk in b.chunks(CHUNK) {
        let room = out.len() - n;
        if room >= 2 * chunk.len() || simdutf::utf8_length_from_latin1(chunk) <= room {
            // SAFETY: the block's UTF-8 fits in `room`.
            n += unsafe { simdutf::convert_latin1_to_utf8(chunk.as_ptr(), chunk.len(), out[n..].as_mut_ptr()) };
            continue;
        }
        for &c in chunk {
            let w = 1 + (c >> 7) as usize;
            if n + w > out.len() {
                return n;
            }
            if c < 0x80 {
                out[n] = c;
            } else {
                out[n] = 0xc0 | c >> 6;
                out[n + 1] = 0x80 | (c & 0x3f);
            }
            n += w;
        }
    }
    n
}

/// How long the UTF-16 units are in UTF-8, a lone surrogate as U+FFFD
/// (three bytes), as Node writes it.
fn utf16_utf8_len(u: &[u16]) -> usize {
    if simdutf::validate_utf16(u) {
        return simdutf::utf8_length_from_utf16(u);
    }
    char::decode_utf16(u.iter().copied())
        .map(|c| c.map_or(3, char::len_utf8))
        .sum()
}

/// UTF-16 units as UTF-8 into `out`, whole characters as many as fit, a
/// lone surrogate as U+FFFD; a block at a time (a surrogate pair kept
/// together): valid UTF-16 that surely fits, or once measured (in cache)
/// is known to, goes through simdutf, anything else a character at a
/// time. Returns the bytes written.
fn utf16_to_utf8(u: &[u16], out: &mut [u8]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < u.len() {
        let mut end = (i + CHUNK).min(u.len());
        if end < u.len() && (0xd800..0xdc00).contains(&u[end - 1]) {
            end += 1;
        }
        let chunk = &u[i..end];
        i = end;
        let room = out.len() - n;
        if simdutf::validate_utf16(chunk)
            && (room >= 3 * chunk.len() || simdutf::utf8_length_from_utf16(chunk) <= room)
        {
            // SAFETY: valid UTF-16 whose UTF-8 fits in `room`.
            n += unsafe {
                simdutf::convert_valid_utf16_to_utf8(chunk.as_ptr(), chunk.len(), out[n..].as_mut_ptr())
            };
            continue;
        }
        for c in char::decode_utf16(chunk.iter().copied()) {
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            if n + c.len_utf8() > out.len() {
                return n;
            }
            n += c.encode_utf8(&mut out[n..]).len();
        }
    }
    n
}

/// How many bytes the string makes in `enc`, at most (exactly for UTF-8).
fn decoded_cap(enc: i32, chars: &Chars) -> usize {
    match (enc, chars) {
        (UTF8, Chars::Bytes(b)) => simdutf::utf8_length_from_latin1(b),
        (UTF8, Chars::Units(u)) => utf16_utf8_len(u),
        (HEX, Chars::Bytes(b)) => b.len() / 2,
        // Padding makes no bytes (and room for it would not fit a buffer
        // sized by Buffer.byteLength).
        (BASE64 | BASE64URL, Chars::Bytes(b)) => {
            let pad = b.iter().rev().take(2).take_while(|&&c| c == b'=').count();
            (b.len() - pad) * 3 / 4
        }
        (UTF16LE, c) => c.len() * 2,
        (_, c) => c.len(),
    }
}

/// Writes the string's bytes in `enc` into `out`, whole characters as
/// many as fit (Node's `write()`); returns how many. (A two-byte string
/// reaches HEX and BASE64 as its units' low bytes: [`decode`].)
fn decode_into(enc: i32, chars: &Chars, out: &mut [u8]) -> usize {
    match (enc, chars) {
        (UTF8, Chars::Bytes(b)) => latin1_to_utf8(b, out),
        (UTF8, Chars::Units(u)) => utf16_to_utf8(u, out),
        (HEX, Chars::Bytes(b)) => decode_hex(b, out),
        (BASE64 | BASE64URL, Chars::Bytes(b)) => decode_base64(b, out),
        (UTF16LE, Chars::Bytes(b)) => {
            for (o, &c) in out.chunks_exact_mut(2).zip(*b) {
                o.copy_from_slice(&[c, 0]);
            }
            b.len().min(out.len() / 2) * 2
        }
        (UTF16LE, Chars::Units(u)) => {
            let n = u.len().min(out.len() / 2);
            if cfg!(target_endian = "little") {
                // SAFETY: the units' own bytes, which are little-endian here.
                let b = unsafe { std::slice::from_raw_parts(u.as_ptr().cast::<u8>(), n * 2) };
                out[..n * 2].copy_from_slice(b);
            } else {
                for (o, c) in out.chunks_exact_mut(2).zip(*u) {
                    o.copy_from_slice(&c.to_le_bytes());
                }
            }
            n * 2
        }
        // Latin-1 and ASCII are the characters, the low byte of each unit.
        (_, Chars::Bytes(b)) => {
            let n = b.len().min(out.len());
            out[..n].copy_from_slice(&b[..n]);
            n
        }
        (_, Chars::Units(u)) => {
            for (o, &c) in out.iter_mut().zip(*u) {
                *o = c as u8;
            }
            u.len().min(out.len())
        }
    }
}

/// The string `s` in `enc`: `f` gets how much room the bytes need at
/// most (computed when asked: for UTF-8 it is a pass over the string) and
/// a writer of the bytes ([`decode_into`]). The string is read as the
/// engine holds it. `None`: an exception is pending.
unsafe fn decode<R>(
    ctx: *mut JSContext,
    s: JSValue,
    enc: i32,
    f: impl FnOnce(&dyn Fn() -> usize, &dyn Fn(&mut [u8]) -> usize) -> R,
) -> Option<R> {
    // (buffer.js passes strings; anything else is converted, as Node does.)
    let s = JS_ToString(ctx, s);
    if qjs::is_exception(s) {
        return None;
    }
    let r = string_chars(ctx, s).map(|chars| {
        // Node reads each UTF-16 unit of a two-byte string as its low byte
        // in hex and base64 ('\u0141' is 'A').
        let low: Vec<u8>;
        let chars = match chars {
            Chars::Units(u) if matches!(enc, HEX | BASE64 | BASE64URL) => {
                low = u.iter().map(|&c| c as u8).collect();
                Chars::Bytes(&low)
            }
            c => c,
        };
        f(&|| decoded_cap(enc, &chars), &|out| decode_into(enc, &chars, out))
    });
    qjs::free(ctx, s);
    r
}

unsafe extern "C" fn free_external(
    _: *mut JSRuntime,
    _: *mut std::ffi::c_void,
    p: *mut std::ffi::c_void,
    size: size_t,
) -> *mut std::ffi::c_void {
    if size == 0 {
        libc::free(p);
        std::ptr::null_mut()
    } else {
        libc::realloc(p, size as usize)
    }
}

/// A new ArrayBuffer of at most `cap` bytes, filled by `fill` (which
/// returns how many it wrote): malloc'd, written once and handed to the
/// engine, where `JS_NewArrayBufferCopy` would write it twice.
unsafe fn new_array_buffer(
    ctx: *mut JSContext,
    cap: usize,
    fill: &dyn Fn(&mut [u8]) -> usize,
) -> JSValue {
    let p = libc::malloc(cap.max(1)).cast::<u8>();
    if p.is_null() {
        return JS_ThrowOutOfMemory(ctx);
    }
    huge_pages(p, cap);
    let n = fill(std::slice::from_raw_parts_mut(p, cap));
    JS_NewArrayBuffer(ctx, p, n as size_t, 0, Some(free_external), std::ptr::null_mut(), false)
}

/// `binding.bufferFromString(string, encoding)` → ArrayBuffer of its bytes.
unsafe fn from_string(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let enc = num(a, 1) as i32;
    let new = |cap: &dyn Fn() -> usize, fill: &dyn Fn(&mut [u8]) -> usize| {
        new_array_buffer(ctx, cap(), fill)
    };
    decode(ctx, arg(a, 0), enc, new).unwrap_or(JS_EXCEPTION)
}

/// `binding.bufferByteLength(string)`: its length in UTF-8 (a lone
/// surrogate counts as U+FFFD), counted without writing it.
unsafe fn byte_length(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match decode(ctx, arg(a, 0), UTF8, |cap, _| cap()) {
        Some(n) => qjs::float(n as f64),
        None => JS_EXCEPTION,
    }
}

/// `binding.bufferWrite(u8, string, encoding, offset, length)`: writes the
/// string's bytes in `encoding` at `offset`, at most `length` of them and
/// whole characters only, as Node does; returns how many. Written straight
/// into the buffer.
unsafe fn write(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(target) = view(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let enc = num(a, 2) as i32;
    let offset = (num(a, 3).max(0.0) as usize).min(target.len());
    let room = &mut target[offset..];
    let max = (num(a, 4).max(0.0) as usize).min(room.len());
    let out = &mut room[..max];
    match decode(ctx, arg(a, 1), enc, |_, fill| fill(out)) {
        Some(n) => qjs::float(n as f64),
        None => JS_EXCEPTION,
    }
}

/// `binding.bufferFill(u8, pattern, start, end)`: repeats the pattern's
/// bytes over `[start, end)`, in blocks that stay in cache.
unsafe fn fill(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    // The pattern copied first: it may be a view of the buffer itself.
    let block: Vec<u8> = match view(ctx, arg(a, 1)) {
        Some(p) if !p.is_empty() => {
            let reps = (16384 / p.len()).max(1);
            p.iter().copied().cycle().take(p.len() * reps).collect()
        }
        Some(_) => return JS_UNDEFINED,
        None => return JS_EXCEPTION,
    };
    let Some(buf) = view(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let end = (num(a, 3).max(0.0) as usize).min(buf.len());
    let start = (num(a, 2).max(0.0) as usize).min(end);
    for chunk in buf[start..end].chunks_mut(block.len()) {
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
    JS_UNDEFINED
}

/// `binding.bufferFresh(u8)`: the new buffer (`Buffer.alloc(n, fill)`'s)
/// is about to be written whole: [`huge_pages`].
unsafe fn fresh(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match view(ctx, arg(a, 0)) {
        Some(b) => {
            huge_pages(b.as_mut_ptr(), b.len());
            JS_UNDEFINED
        }
        None => JS_EXCEPTION,
    }
}

/// Adds the buffer functions to `binding`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    set_fns(
        ctx,
        binding,
        &[
            (c"bufferFill", native_fn!(fill), 4),
            (c"bufferFresh", native_fn!(fresh), 1),
            (c"bufferToString", native_fn!(to_string), 4),
            (c"bufferFromString", native_fn!(from_string), 2),
            (c"bufferWrite", native_fn!(write), 5),
            (c"bufferByteLength", native_fn!(byte_length), 1),
        ],
    );
}
