//! node:buffer's native side: bytes to strings and strings to bytes in
//! Node's encodings, each a single pass over the bytes. On large inputs
//! the cost is fresh memory (every new page faults), so results are
//! written once, straight into the JS string or ArrayBuffer that holds
//! them (`with_new_string`, `new_array_buffer`), not built and copied.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use base64_simd::Out;
use napi_host::qjs;
use rquickjs_sys::*;

use super::args::{arg, args, native_fn, num, set_fns, throw_error, wtf8_fix};
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

// ---- strings written in place -----------------------------------------------

/// Results at least this long are written straight into a new JS string;
/// shorter ones are built in a Rust buffer and copied (cheaper to set up).
const IN_PLACE_MIN: usize = 1 << 16;

/// Calls `write` with the characters of a new JS string of `len`
/// characters, one byte each (Latin-1) or two (`wide`: UTF-16, native
/// order), and returns the string; `None` when this engine cannot.
///
/// QuickJS's API makes strings only by copying (UTF-8, which it scans and
/// decodes, or UTF-16), so a large result would be written twice and fault
/// in twice the fresh memory Node does. Instead `''.padEnd(len, fill)` (the
/// `padEnd` taken at start-up, so scripts cannot replace it) allocates the
/// string and fills it with memcpy, and `JS_ToCStringLen2` of an ASCII
/// one-byte string (`JS_ToCStringLenUTF16` of a two-byte one) hands out the
/// string's own characters, not a copy. The string is new and referenced
/// only here, so writing its characters before anyone sees it is safe.
/// [`in_place_works`] checks once that the engine still hands them out.
unsafe fn with_new_string(
    ctx: *mut JSContext,
    pad_end: JSValue,
    len: usize,
    wide: bool,
    write: impl FnOnce(&mut [u8]),
) -> Option<JSValue> {
    if !in_place_works(ctx, pad_end) {
        return None;
    }
    let s = pad(ctx, pad_end, len, wide);
    if qjs::is_exception(s) {
        return Some(s);
    }
    let Some((p, got)) = chars(ctx, s, wide) else {
        qjs::free(ctx, s);
        return Some(JS_EXCEPTION);
    };
    if got == len {
        write(std::slice::from_raw_parts_mut(p, len << wide as u32));
    }
    JS_FreeCString(ctx, p.cast());
    if got != len {
        qjs::free(ctx, s);
        return None;
    }
    Some(s)
}

/// `''.padEnd(len, fill)`: a new string of `len` ASCII (or, `wide`, U+0100)
/// characters.
unsafe fn pad(ctx: *mut JSContext, pad_end: JSValue, len: usize, wide: bool) -> JSValue {
    let fill = if wide {
        qjs::string_utf16(ctx, &[0x100; 1024])
    } else {
        qjs::string_bytes(ctx, &[b'0'; 1024])
    };
    let empty = qjs::string_bytes(ctx, b"");
    let mut argv = [qjs::float(len as f64), fill];
    let s = JS_Call(ctx, pad_end, empty, 2, argv.as_mut_ptr());
    qjs::free(ctx, fill);
    qjs::free(ctx, empty);
    s
}

/// The characters of `s` as the engine hands them out, and their count.
unsafe fn chars(ctx: *mut JSContext, s: JSValue, wide: bool) -> Option<(*mut u8, usize)> {
    let mut n: size_t = 0;
    let p = if wide {
        JS_ToCStringLenUTF16(ctx, &mut n, s).cast::<u8>()
    } else {
        JS_ToCStringLen2(ctx, &mut n, s, false).cast::<u8>()
    };
    (!p.is_null()).then_some((p.cast_mut(), n as usize))
}

/// Whether the engine hands out a string's own characters (asking twice
/// gives the same address), for both widths; asked once per process.
unsafe fn in_place_works(ctx: *mut JSContext, pad_end: JSValue) -> bool {
    static WORKS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WORKS.get_or_init(|| {
        [false, true].into_iter().all(|wide| {
            let s = pad(ctx, pad_end, 4096, wide);
            if qjs::is_exception(s) {
                qjs::free(ctx, JS_GetException(ctx));
                return false;
            }
            let (a, b) = (chars(ctx, s, wide), chars(ctx, s, wide));
            let same = matches!((a, b), (Some(x), Some(y)) if x == y);
            for (p, _) in [a, b].into_iter().flatten() {
                JS_FreeCString(ctx, p.cast());
            }
            qjs::free(ctx, s);
            same
        })
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
/// string (the function's data: `String.prototype.padEnd`).
unsafe extern "C" fn to_string(
    ctx: *mut JSContext,
    _: JSValue,
    argc: std::ffi::c_int,
    argv: *mut JSValue,
    _: std::ffi::c_int,
    data: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
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
    let ascii_utf8 = enc == UTF8 && b.is_ascii();
    if out_len >= IN_PLACE_MIN && (enc != UTF8 || ascii_utf8) {
        let write = |out: &mut [u8]| write_encoded(enc, b, out);
        if let Some(s) = with_new_string(ctx, *data, out_len, enc == UTF16LE, write) {
            return s;
        }
    }
    match enc {
        // Widened to UTF-16 rather than given as UTF-8, which QuickJS would
        // decode byte by byte, with a branch on each.
        LATIN1 if !b.is_ascii() => {
            let units: Vec<u16> = b.iter().map(|&x| x as u16).collect();
            qjs::string_utf16(ctx, &units)
        }
        UTF16LE => {
            let units: Vec<u16> = b
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            qjs::string_utf16(ctx, &units)
        }
        UTF8 if !ascii_utf8 => qjs::string_bytes(ctx, String::from_utf8_lossy(b).as_bytes()),
        _ => {
            let mut out = vec![0u8; out_len];
            write_encoded(enc, b, &mut out);
            qjs::string_bytes(ctx, &out)
        }
    }
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

/// Room enough for any decoding of `len` string bytes (UTF-8), or units
/// (UTF-16: UTF16LE, Latin-1 and ASCII).
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

/// Calls `f` with the string `s` as the engine hands it out: UTF-8 (for
/// an ASCII string, its own characters, no copy) or, `utf16`, UTF-16 units
/// (for a two-byte string, its own). `None`: an exception is pending.
unsafe fn with_string<R>(
    ctx: *mut JSContext,
    s: JSValue,
    utf16: bool,
    f: impl FnOnce(&[u8], &[u16]) -> R,
) -> Option<R> {
    let mut len: size_t = 0;
    if utf16 {
        let p = JS_ToCStringLenUTF16(ctx, &mut len, s);
        if p.is_null() {
            return None;
        }
        let r = f(&[], std::slice::from_raw_parts(p, len as usize));
        JS_FreeCStringUTF16(ctx, p);
        Some(r)
    } else {
        let p = JS_ToCStringLen2(ctx, &mut len, s, false);
        if p.is_null() {
            return None;
        }
        let r = f(std::slice::from_raw_parts(p.cast(), len as usize), &[]);
        JS_FreeCString(ctx, p);
        Some(r)
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

/// Strings longer than this many units are read as UTF-16 in pieces of
/// it (substrings, which QuickJS makes as views, not copies): a whole long
/// one-byte string would be widened into fresh memory, a piece into the
/// same cached block each time.
const PIECE: i64 = 1 << 18;

/// Calls `f` with the UTF-16 units of `s` (`len` of them), in order, in
/// pieces when long. `None`: an exception is pending.
unsafe fn for_units(
    ctx: *mut JSContext,
    s: JSValue,
    len: i64,
    substring: JSValue,
    mut f: impl FnMut(&[u16]),
) -> Option<()> {
    if len <= PIECE {
        return with_string(ctx, s, true, |_, units| f(units));
    }
    for start in (0..len).step_by(PIECE as usize) {
        let mut bounds = [qjs::float(start as f64), qjs::float((start + PIECE).min(len) as f64)];
        let piece = JS_Call(ctx, substring, s, 2, bounds.as_mut_ptr());
        if qjs::is_exception(piece) {
            return None;
        }
        let done = with_string(ctx, piece, true, |_, units| f(units));
        qjs::free(ctx, piece);
        done?;
    }
    Some(())
}

/// The string `s` in `enc`: `f` gets room enough, a test of whether the
/// writer writes only the bytes it reports ([`decodes_cleanly`]), and a
/// writer of the bytes (which returns how many it wrote). Latin-1, ASCII and UTF16LE
/// read the string as UTF-16 units: its UTF-8, for characters past ASCII,
/// QuickJS makes and this would read back a byte at a time. `None`: an
/// exception is pending (and `f`'s result, if any, is dropped: `cleanup`).
unsafe fn decode<R>(
    ctx: *mut JSContext,
    s: JSValue,
    enc: i32,
    substring: JSValue,
    f: impl FnOnce(usize, &dyn Fn() -> bool, &dyn Fn(&mut [u8]) -> usize) -> R,
    cleanup: impl FnOnce(R),
) -> Option<R> {
    let mut len = 0i64;
    if JS_GetLength(ctx, s, &mut len) < 0 {
        return None;
    }
    if matches!(enc, UTF16LE | LATIN1 | ASCII) {
        let failed = std::cell::Cell::new(false);
        let write = |out: &mut [u8]| {
            let mut n = 0;
            let done = for_units(ctx, s, len, substring, |units| {
                n += decode_into(enc, &[], false, units, &mut out[n..]);
            });
            failed.set(done.is_none());
            n
        };
        let r = f(decoded_cap(enc, &[], len as usize), &|| true, &write);
        if failed.get() {
            cleanup(r);
            return None;
        }
        return Some(r);
    }
    with_string(ctx, s, false, |utf8, _| {
        let ascii = utf8.len() as i64 == len;
        let write = |out: &mut [u8]| decode_into(enc, utf8, ascii, &[], out);
        let clean = || decodes_cleanly(enc, utf8);
        f(decoded_cap(enc, utf8, utf8.len()), &clean, &write)
    })
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
unsafe extern "C" fn from_string(
    ctx: *mut JSContext,
    _: JSValue,
    argc: std::ffi::c_int,
    argv: *mut JSValue,
    _: std::ffi::c_int,
    data: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    let enc = num(a, 1) as i32;
    let new = |cap, _: &dyn Fn() -> bool, fill: &dyn Fn(&mut [u8]) -> usize| {
        new_array_buffer(ctx, cap, fill)
    };
    decode(ctx, arg(a, 0), enc, *data.add(1), new, |ab| qjs::free(ctx, ab)).unwrap_or(JS_EXCEPTION)
}

/// `binding.bufferWrite(u8, string, encoding, offset, length)`: writes the
/// string's bytes in `encoding` at `offset`, at most `length` of them and
/// whole characters only, as Node does; returns how many.
unsafe extern "C" fn write(
    ctx: *mut JSContext,
    _: JSValue,
    argc: std::ffi::c_int,
    argv: *mut JSValue,
    _: std::ffi::c_int,
    data: *mut JSValue,
) -> JSValue {
    let a = args(argc, argv);
    let Some(target) = view(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let enc = num(a, 2) as i32;
    let offset = (num(a, 3).max(0.0) as usize).min(target.len());
    let room = &mut target[offset..];
    let max = (num(a, 4).max(0.0) as usize).min(room.len());
    let n = decode(ctx, arg(a, 1), enc, *data.add(1), |cap, clean, fill| {
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
    }, |_| ());
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
    set_fns(ctx, binding, &[(c"bufferFill", native_fn!(fill), 4)]);
    // The conversions keep String.prototype's padEnd and substring as they
    // are now, before any script (their data: [padEnd, substring]).
    let global = JS_GetGlobalObject(ctx);
    let string = JS_GetPropertyStr(ctx, global, c"String".as_ptr());
    let proto = JS_GetPropertyStr(ctx, string, c"prototype".as_ptr());
    let mut data = [
        JS_GetPropertyStr(ctx, proto, c"padEnd".as_ptr()),
        JS_GetPropertyStr(ctx, proto, c"substring".as_ptr()),
    ];
    let fns: [(&std::ffi::CStr, JSCFunctionData, i32); 3] = [
        (c"bufferToString", Some(to_string), 4),
        (c"bufferFromString", Some(from_string), 2),
        (c"bufferWrite", Some(write), 5),
    ];
    for (name, f, len) in fns {
        let f = JS_NewCFunctionData(ctx, f, len, 0, 2, data.as_mut_ptr());
        JS_SetPropertyStr(ctx, binding, name.as_ptr(), f);
    }
    for v in data.into_iter().chain([proto, string, global]) {
        qjs::free(ctx, v);
    }
}
