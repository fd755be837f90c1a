//! node:buffer's native side: bytes to strings and strings to bytes in
//! Node's encodings, each a single pass over the bytes. On large inputs
//! the cost is fresh memory (every new page faults), so results are
//! written once, straight into the JS string or ArrayBuffer that holds
//! them (`new_string`, `new_array_buffer`), not built and copied, and
//! strings are read as the engine holds them (`string_chars`).

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use base64_simd::Out;
use napi_host::qjs;
use rquickjs_sys::*;

use super::args::{arg, native_fn, num, set_fns, throw_error, wtf8_fix};
use crate::engine::Options;

// The encoding numbers buffer.js passes (`ENCODINGS` there).
const UTF8: i32 = 0;
const HEX: i32 = 1;
const BASE64: i32 = 2;
const BASE64URL: i32 = 3;
const LATIN1: i32 = 4;
const ASCII: i32 = 5;
const UTF16LE: i32 = 6;

/// V8's longest string, which Node reports as `buffer.constants.MAX_STRING_LENGTH`
/// (QuickJS allows 2^30 - 1; nabi keeps Node's limit).
const MAX_STRING_LENGTH: usize = 0x1fff_ffe8;

/// Node's decoders accept padded or unpadded input, and stray bits at the end.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

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
        BASE64 => len.div_ceil(3) * 4,
        BASE64URL => (len * 4).div_ceil(3),
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
        BASE64 => {
            let _ = base64_simd::STANDARD.encode(b, Out::from_slice(out));
        }
        BASE64URL => {
            let _ = base64_simd::URL_SAFE_NO_PAD.encode(b, Out::from_slice(out));
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
    if enc == UTF8 && !b.is_ascii() {
        return qjs::string_bytes(ctx, String::from_utf8_lossy(b).as_bytes());
    }
    new_string(ctx, out_len, enc == UTF16LE, |out| write_encoded(enc, b, out))
}

// ---- strings to bytes -------------------------------------------------------

/// Node's hex decoding into `out`: pairs of hex digits up to the first
/// that is not one. Returns the bytes written.
fn decode_hex(s: &[u8], out: &mut [u8]) -> usize {
    let even = &s[..s.len() & !1];
    if hex_simd::decode(even, Out::from_slice(out)).is_ok() {
        return even.len() / 2;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut n = 0;
    for (o, p) in out.iter_mut().zip(even.chunks_exact(2)) {
        let (Some(h), Some(l)) = (digit(p[0]), digit(p[1])) else {
            break;
        };
        *o = h << 4 | l;
        n += 1;
    }
    n
}

/// Whether decoding `s` in `enc` writes only the bytes it reports: always
/// but for hex and base64 input the fast decoders refuse (they may write
/// some bytes before they do).
fn decodes_cleanly(enc: i32, s: &[u8]) -> bool {
    match enc {
        HEX => hex_simd::check(&s[..s.len() & !1]).is_ok(),
        BASE64 | BASE64URL => [&base64_simd::STANDARD, &base64_simd::URL_SAFE_NO_PAD]
            .iter()
            .any(|simd| simd.check(s).is_ok()),
        _ => true,
    }
}

/// Node's base64 decoding into `out` (at least [`decoded_cap`] long):
/// either alphabet, padded or not, characters outside them skipped, the
/// first `=` ends the data. Well-formed input takes a SIMD decoder (or,
/// with stray bits at the end, the `base64` crate); anything else this loop.
/// Returns the bytes written.
fn decode_base64(s: &[u8], out: &mut [u8]) -> usize {
    for simd in [&base64_simd::STANDARD, &base64_simd::URL_SAFE_NO_PAD] {
        // (It asserts room for what it reckons the input holds.)
        if simd.decoded_length(s).is_ok_and(|m| m <= out.len()) {
            if let Ok(d) = simd.decode(s, Out::from_slice(&mut *out)) {
                return d.len();
            }
        }
    }
    if let Ok(n) = STANDARD
        .decode_slice(s, &mut *out)
        .or_else(|_| URL_SAFE.decode_slice(s, &mut *out))
    {
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
            bits -= 8;
            out[n] = (acc >> bits) as u8;
            n += 1;
        }
    }
    n
}

/// Room enough for any decoding of the string `s` of `len` characters
/// (its Latin-1 or UTF-8 bytes, or for UTF16LE, Latin-1 and ASCII, its
/// characters of either width).
fn decoded_cap(enc: i32, s: &[u8], len: usize) -> usize {
    match enc {
        HEX => len / 2,
        // Padding makes no bytes (and room for it would not fit a buffer
        // sized by Buffer.byteLength).
        BASE64 | BASE64URL => {
            let pad = s.iter().rev().take(2).take_while(|&&c| c == b'=').count();
            (len - pad) * 3 / 4
        }
        UTF16LE => len * 2,
        _ => len,
    }
}

/// Calls `f` with the string `s` as UTF-8 (a copy the engine makes, lone
/// surrogates as WTF-8). `None`: an exception is pending.
unsafe fn with_utf8<R>(ctx: *mut JSContext, s: JSValue, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let mut len: size_t = 0;
    let p = JS_ToCStringLen2(ctx, &mut len, s, false);
    if p.is_null() {
        return None;
    }
    let r = f(std::slice::from_raw_parts(p.cast(), len as usize));
    JS_FreeCString(ctx, p);
    Some(r)
}

/// Writes the one-byte (Latin-1) string `b` in `enc` into `out` (at least
/// [`decoded_cap`] long, for UTF-8 `utf8_len`); returns the bytes written.
fn decode_latin1(enc: i32, b: &[u8], ascii: bool, out: &mut [u8]) -> usize {
    match enc {
        UTF16LE => {
            for (o, &c) in out.chunks_exact_mut(2).zip(b) {
                o.copy_from_slice(&[c, 0]);
            }
            b.len().min(out.len() / 2) * 2
        }
        HEX => decode_hex(b, out),
        BASE64 | BASE64URL => decode_base64(b, out),
        UTF8 if !ascii => {
            let mut n = 0;
            for &c in b {
                if c < 0x80 {
                    out[n] = c;
                    n += 1;
                } else {
                    out[n] = 0xc0 | c >> 6;
                    out[n + 1] = 0x80 | (c & 0x3f);
                    n += 2;
                }
            }
            n
        }
        // Latin-1 and ASCII are the characters; so is ASCII as UTF-8.
        _ => {
            let n = b.len().min(out.len());
            out[..n].copy_from_slice(&b[..n]);
            n
        }
    }
}

/// Writes the string in `enc` into `out` (at least [`decoded_cap`] long);
/// returns the bytes written. `utf8` is the string as UTF-8, `units` as
/// UTF-16 (for UTF16LE, Latin-1 and ASCII).
fn decode_into(enc: i32, utf8: &[u8], ascii: bool, units: &[u16], out: &mut [u8]) -> usize {
    match enc {
        UTF16LE => {
            for (o, u) in out.chunks_exact_mut(2).zip(units) {
                o.copy_from_slice(&u.to_le_bytes());
            }
            units.len().min(out.len() / 2) * 2
        }
        // Latin-1 keeps the low byte of each UTF-16 unit.
        LATIN1 | ASCII => {
            for (o, &u) in out.iter_mut().zip(units) {
                *o = u as u8;
            }
            units.len().min(out.len())
        }
        HEX => decode_hex(utf8, out),
        BASE64 | BASE64URL => decode_base64(utf8, out),
        // (A string whose UTF-8 is as long as it is, is ASCII: `ascii`.)
        _ => {
            out[..utf8.len()].copy_from_slice(utf8);
            if !ascii {
                wtf8_fix(&mut out[..utf8.len()]);
            }
            utf8.len()
        }
    }
}

/// The string `s` in `enc`: `f` gets room enough, a test of whether the
/// writer writes only the bytes it reports ([`decodes_cleanly`]), and a
/// writer of the bytes (which returns how many it wrote). The string is
/// read as the engine holds it; only a two-byte string in UTF-8, hex or
/// base64 goes through the engine's UTF-8 copy. `None`: an exception is
/// pending.
unsafe fn decode<R>(
    ctx: *mut JSContext,
    s: JSValue,
    enc: i32,
    f: impl FnOnce(usize, &dyn Fn() -> bool, &dyn Fn(&mut [u8]) -> usize) -> R,
) -> Option<R> {
    // (buffer.js passes strings; anything else is converted, as Node does.)
    let s = JS_ToString(ctx, s);
    if qjs::is_exception(s) {
        return None;
    }
    let r = match string_chars(ctx, s) {
        None => None,
        Some(Chars::Bytes(b)) => {
            // (UTF-8: two bytes for each character past ASCII.)
            let (cap, ascii) = if enc != UTF8 {
                (decoded_cap(enc, b, b.len()), false)
            } else if b.is_ascii() {
                (b.len(), true)
            } else {
                (b.len() + b.iter().filter(|&&c| c >= 0x80).count(), false)
            };
            let clean = || decodes_cleanly(enc, b);
            Some(f(cap, &clean, &|out| decode_latin1(enc, b, ascii, out)))
        }
        Some(Chars::Units(units)) if matches!(enc, UTF16LE | LATIN1 | ASCII) => {
            let write = |out: &mut [u8]| decode_into(enc, &[], false, units, out);
            Some(f(decoded_cap(enc, &[], units.len()), &|| true, &write))
        }
        Some(Chars::Units(units)) => with_utf8(ctx, s, |utf8| {
            let ascii = utf8.len() == units.len();
            let write = |out: &mut [u8]| decode_into(enc, utf8, ascii, &[], out);
            let clean = || decodes_cleanly(enc, utf8);
            f(decoded_cap(enc, utf8, utf8.len()), &clean, &write)
        }),
    };
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
    let n = fill(std::slice::from_raw_parts_mut(p, cap));
    JS_NewArrayBuffer(ctx, p, n as size_t, 0, Some(free_external), std::ptr::null_mut(), false)
}

/// `binding.bufferFromString(string, encoding)` → ArrayBuffer of its bytes.
unsafe fn from_string(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let enc = num(a, 1) as i32;
    let new = |cap, _: &dyn Fn() -> bool, fill: &dyn Fn(&mut [u8]) -> usize| {
        new_array_buffer(ctx, cap, fill)
    };
    decode(ctx, arg(a, 0), enc, new).unwrap_or(JS_EXCEPTION)
}

/// `binding.bufferWrite(u8, string, encoding, offset, length)`: writes the
/// string's bytes in `encoding` at `offset`, at most `length` of them and
/// whole characters only, as Node does; returns how many.
unsafe fn write(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(target) = view(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let enc = num(a, 2) as i32;
    let offset = (num(a, 3).max(0.0) as usize).min(target.len());
    let room = &mut target[offset..];
    let max = (num(a, 4).max(0.0) as usize).min(room.len());
    let n = decode(ctx, arg(a, 1), enc, |cap, clean, fill| {
        // Straight into the buffer when everything fits or the encoding
        // stops at any unit (the UTF-16 ones), else through a copy.
        if (cap <= max || matches!(enc, UTF16LE | LATIN1 | ASCII)) && clean() {
            return fill(&mut room[..cap.min(max)]);
        }
        let mut tmp = vec![0u8; cap];
        let all = fill(&mut tmp);
        let mut n = all.min(max);
        if n < all {
            if enc == UTF8 {
                while n > 0 && tmp[n] & 0xc0 == 0x80 {
                    n -= 1;
                }
            } else if enc == UTF16LE {
                n &= !1;
            }
        }
        room[..n].copy_from_slice(&tmp[..n]);
        n
    });
    match n {
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

/// Adds the buffer functions to `binding`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    set_fns(
        ctx,
        binding,
        &[
            (c"bufferFill", native_fn!(fill), 4),
            (c"bufferToString", native_fn!(to_string), 4),
            (c"bufferFromString", native_fn!(from_string), 2),
            (c"bufferWrite", native_fn!(write), 5),
        ],
    );
}
