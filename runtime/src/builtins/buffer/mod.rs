//! node:buffer's native side: bytes to strings and strings to bytes in
//! Node's encodings. JS loops over bytes cost ~100x Node here (QuickJS
//! builds a string a character at a time); these are single passes over
//! the bytes, handing QuickJS UTF-8 or UTF-16 it copies in one go.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use napi_host::qjs;
use rquickjs_sys::*;

use super::args::{arg, array_buffer, native_fn, num, set_fns, throw_error, wtf8_to_utf8};
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
const URL_SAFE_NO_PAD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false),
);

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

/// `binding.bufferToString(u8, encoding, start, end)`: the bytes as a string.
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
    let len = b.len();
    let out_len = match enc {
        HEX => len * 2,
        BASE64 => len.div_ceil(3) * 4,
        BASE64URL => (len * 4).div_ceil(3),
        UTF16LE => len / 2,
        _ => len,
    };
    // UTF-8 that long may still decode to fewer UTF-16 units: count them.
    if out_len > MAX_STRING_LENGTH
        && (enc != UTF8 || String::from_utf8_lossy(b).encode_utf16().count() > MAX_STRING_LENGTH)
    {
        return string_too_long(ctx);
    }
    match enc {
        HEX => {
            const DIGITS: &[u8; 16] = b"0123456789abcdef";
            let mut out = vec![0u8; len * 2];
            for (o, &x) in out.chunks_exact_mut(2).zip(b) {
                o[0] = DIGITS[(x >> 4) as usize];
                o[1] = DIGITS[(x & 15) as usize];
            }
            qjs::string_bytes(ctx, &out)
        }
        BASE64 | BASE64URL => {
            let engine = if enc == BASE64 {
                &STANDARD
            } else {
                &URL_SAFE_NO_PAD
            };
            qjs::string_bytes(ctx, engine.encode(b).as_bytes())
        }
        LATIN1 if b.is_ascii() => qjs::string_bytes(ctx, b),
        // Widened to UTF-16 (a loop the compiler vectorizes) rather than
        // UTF-8, which QuickJS would decode byte by byte, with a branch on each.
        LATIN1 => {
            let units: Vec<u16> = b.iter().map(|&x| x as u16).collect();
            qjs::string_utf16(ctx, &units)
        }
        ASCII if b.is_ascii() => qjs::string_bytes(ctx, b),
        ASCII => {
            let out: Vec<u8> = b.iter().map(|x| x & 0x7f).collect();
            qjs::string_bytes(ctx, &out)
        }
        // An odd last byte is dropped, as in Node.
        UTF16LE => {
            let units: Vec<u16> = b
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            qjs::string_utf16(ctx, &units)
        }
        _ => qjs::string_bytes(ctx, String::from_utf8_lossy(b).as_bytes()),
    }
}

/// Node's hex decoding: pairs of hex digits up to the first that is not one.
fn decode_hex(s: &[u8]) -> Vec<u8> {
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len() / 2);
    for p in s.chunks_exact(2) {
        match (digit(p[0]), digit(p[1])) {
            (Some(h), Some(l)) => out.push(h << 4 | l),
            _ => break,
        }
    }
    out
}

/// Node's base64 decoding: either alphabet, characters outside them
/// skipped, the first `=` ends the data. Well-formed input takes the
/// `base64` crate; anything else this loop.
fn decode_base64(s: &[u8]) -> Vec<u8> {
    if let Ok(v) = STANDARD.decode(s).or_else(|_| URL_SAFE.decode(s)) {
        return v;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 3);
    let (mut acc, mut bits) = (0u32, 0u32);
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
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// `binding.bufferFromString(string, encoding)` → ArrayBuffer of its bytes.
unsafe fn from_string(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let s = arg(a, 0);
    let enc = num(a, 1) as i32;
    if enc == UTF16LE {
        let mut len: size_t = 0;
        let p = JS_ToCStringLenUTF16(ctx, &mut len, s);
        if p.is_null() {
            return JS_EXCEPTION;
        }
        let units = std::slice::from_raw_parts(p, len as usize);
        let ab = if cfg!(target_endian = "little") {
            array_buffer(
                ctx,
                std::slice::from_raw_parts(p.cast::<u8>(), units.len() * 2),
            )
        } else {
            let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
            array_buffer(ctx, &bytes)
        };
        JS_FreeCStringUTF16(ctx, p);
        return ab;
    }
    // Latin-1 keeps the low byte of each UTF-16 unit.
    if enc == LATIN1 || enc == ASCII {
        let mut len: size_t = 0;
        let p = JS_ToCStringLenUTF16(ctx, &mut len, s);
        if p.is_null() {
            return JS_EXCEPTION;
        }
        let units = std::slice::from_raw_parts(p, len as usize);
        let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
        JS_FreeCStringUTF16(ctx, p);
        return array_buffer(ctx, &bytes);
    }
    let mut len: size_t = 0;
    let p = JS_ToCStringLen2(ctx, &mut len, s, false);
    if p.is_null() {
        return JS_EXCEPTION;
    }
    let raw = std::slice::from_raw_parts(p.cast::<u8>(), len as usize);
    let bytes = match enc {
        HEX => decode_hex(raw),
        BASE64 | BASE64URL => decode_base64(raw),
        _ => wtf8_to_utf8(raw.to_vec()),
    };
    JS_FreeCString(ctx, p);
    array_buffer(ctx, &bytes)
}

/// Adds the buffer functions to `binding`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    set_fns(
        ctx,
        binding,
        &[
            (c"bufferToString", native_fn!(to_string), 4),
            (c"bufferFromString", native_fn!(from_string), 2),
        ],
    );
}
