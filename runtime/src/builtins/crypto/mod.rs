//! The native side of `crypto`'s hashes, HMAC, PBKDF2 and scrypt, over the
//! RustCrypto crates; also two helpers the zlib binding shares: native
//! objects (a Rust value owned by a JS object, dropped with it) and jobs on
//! libuv's thread pool (`pool.rs`) that call back `callback(err,
//! arrayBuffer)`.
//!
//! `binding.crypto` holds the functions; `js/crypto.js` resolves algorithm
//! names (Node's aliases, case-insensitively) to the canonical names here.

use std::any::Any;
use std::cell::Cell;

use hmac::{Hmac, KeyInit, Mac, SimpleHmac};
use napi_host::qjs::{self, free};
use rquickjs_sys::*;
use sha2::Digest;

use crate::binding::{arg, native_fn, num};
use crate::fs::{array_buffer, bytes_arg};

// ---- native objects ---------------------------------------------------------

thread_local! {
    /// This thread's runtime and the id of its native-object class there.
    static NATIVE_CLASS: Cell<(usize, JSClassID)> = const { Cell::new((0, 0)) };
}

type Boxed = Box<dyn Any>;

unsafe extern "C" fn finalize_native(_: *mut JSRuntime, val: JSValue) {
    let id = NATIVE_CLASS.with(|c| c.get().1);
    let p = JS_GetOpaque(val, id) as *mut Boxed;
    if !p.is_null() {
        drop(Box::from_raw(p));
    }
}

/// The class of native objects in `ctx`'s runtime, registered on first use.
unsafe fn native_class(ctx: *mut JSContext) -> JSClassID {
    let rt = JS_GetRuntime(ctx);
    let (owner, id) = NATIVE_CLASS.with(|c| c.get());
    if owner == rt as usize && id != 0 {
        return id;
    }
    let mut id: JSClassID = 0;
    JS_NewClassID(rt, &mut id);
    let def = JSClassDef {
        class_name: c"NativeState".as_ptr(),
        finalizer: Some(finalize_native),
        gc_mark: None,
        call: None,
        exotic: std::ptr::null_mut(),
    };
    JS_NewClass(rt, id, &def);
    NATIVE_CLASS.with(|c| c.set((rt as usize, id)));
    id
}

/// A JS object owning `value` (dropped when the object is collected).
pub(crate) unsafe fn wrap_native<T: 'static>(ctx: *mut JSContext, value: T) -> JSValue {
    let obj = JS_NewObjectClass(ctx, native_class(ctx));
    if qjs::is_exception(obj) {
        return obj;
    }
    let boxed: Boxed = Box::new(value);
    JS_SetOpaque(obj, Box::into_raw(Box::new(boxed)).cast());
    obj
}

/// The `T` a native object owns, if `v` is one holding a `T`.
pub(crate) unsafe fn unwrap_native<'a, T: 'static>(v: JSValue) -> Option<&'a mut T> {
    let (_, id) = NATIVE_CLASS.with(|c| c.get());
    if id == 0 || !qjs::is_object(v) {
        return None;
    }
    let p = JS_GetOpaque(v, id) as *mut Boxed;
    if p.is_null() {
        return None;
    }
    (*p).downcast_mut::<T>()
}

// ---- bytes of arguments -----------------------------------------------------

/// The UTF-8 bytes of a string as Node encodes them: a lone surrogate
/// becomes U+FFFD (QuickJS writes it as a three-byte sequence).
pub(crate) unsafe fn utf8(ctx: *mut JSContext, v: JSValue) -> Vec<u8> {
    let mut len = 0usize;
    let p = JS_ToCStringLen(ctx, &mut len, v);
    if p.is_null() {
        free(ctx, JS_GetException(ctx));
        return Vec::new();
    }
    let raw = std::slice::from_raw_parts(p.cast::<u8>(), len);
    if !raw.contains(&0xed) {
        let out = raw.to_vec();
        JS_FreeCString(ctx, p);
        return out;
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        // ED A0..BF xx is U+D800..U+DFFF, which QuickJS writes only for a
        // lone surrogate (a pair comes out as one four-byte sequence).
        if raw[i] == 0xed && i + 2 < raw.len() && (0xa0..=0xbf).contains(&raw[i + 1]) {
            out.extend_from_slice("\u{fffd}".as_bytes());
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    JS_FreeCString(ctx, p);
    out
}

/// The bytes of a string (UTF-8), ArrayBuffer or typed array, copied.
pub(crate) unsafe fn owned_bytes(ctx: *mut JSContext, v: JSValue) -> Vec<u8> {
    if qjs::is_string(v) {
        utf8(ctx, v)
    } else {
        bytes_arg(ctx, v)
    }
}

/// Calls `f` with the bytes of a string (UTF-8), ArrayBuffer or typed array,
/// borrowed where possible.
pub(crate) unsafe fn with_bytes<R>(
    ctx: *mut JSContext,
    v: JSValue,
    f: impl FnOnce(&[u8]) -> R,
) -> R {
    let mut size: size_t = 0;
    if !qjs::is_string(v) && qjs::is_object(v) {
        let p = JS_GetUint8Array(ctx, &mut size, v);
        if !p.is_null() {
            return f(std::slice::from_raw_parts(p, size as usize));
        }
        free(ctx, JS_GetException(ctx));
    }
    f(&owned_bytes(ctx, v))
}

unsafe fn throw(ctx: *mut JSContext, code: &str, message: &str) -> JSValue {
    crate::binding::throw_error(ctx, code, message, None)
}

// ---- hashes -----------------------------------------------------------------

/// Defines [`Hash`] and [`Keyed`] (HMAC) over each algorithm, with
/// `new`, `update`, `finish` and PBKDF2 by canonical name.
macro_rules! algorithms {
    ($( $name:literal => $variant:ident($ty:ty, $hmac:ident) ),* $(,)?) => {
        #[derive(Clone)]
        enum Hash { $( $variant($ty), )* }

        #[derive(Clone)]
        enum Keyed { $( $variant($hmac<$ty>), )* }

        impl Hash {
            fn new(name: &str) -> Option<Hash> {
                match name {
                    $( $name => Some(Hash::$variant(<$ty>::new())), )*
                    _ => None,
                }
            }
            fn update(&mut self, data: &[u8]) {
                match self { $( Hash::$variant(h) => Digest::update(h, data), )* }
            }
            fn finish(self) -> Vec<u8> {
                match self { $( Hash::$variant(h) => h.finalize().to_vec(), )* }
            }
        }

        impl Keyed {
            fn new(name: &str, key: &[u8]) -> Option<Keyed> {
                match name {
                    $( $name => <$hmac<$ty>>::new_from_slice(key).ok().map(Keyed::$variant), )*
                    _ => None,
                }
            }
            fn update(&mut self, data: &[u8]) {
                match self { $( Keyed::$variant(h) => Mac::update(h, data), )* }
            }
            fn finish(self) -> Vec<u8> {
                match self { $( Keyed::$variant(h) => h.finalize().into_bytes().to_vec(), )* }
            }
        }

        /// PBKDF2 with HMAC-`name`; false for an unknown name.
        fn pbkdf2_named(name: &str, password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) -> bool {
            match name {
                $( $name => pbkdf2::pbkdf2::<$hmac<$ty>>(password, salt, rounds, out).is_ok(), )*
                _ => false,
            }
        }
    };
}

algorithms! {
    "md5" => Md5(md5::Md5, Hmac),
    "sha1" => Sha1(sha1::Sha1, Hmac),
    "sha224" => Sha224(sha2::Sha224, Hmac),
    "sha256" => Sha256(sha2::Sha256, Hmac),
    "sha384" => Sha384(sha2::Sha384, Hmac),
    "sha512" => Sha512(sha2::Sha512, Hmac),
    "sha512-224" => Sha512_224(sha2::Sha512_224, Hmac),
    "sha512-256" => Sha512_256(sha2::Sha512_256, Hmac),
    "sha3-224" => Sha3_224(sha3::Sha3_224, SimpleHmac),
    "sha3-256" => Sha3_256(sha3::Sha3_256, SimpleHmac),
    "sha3-384" => Sha3_384(sha3::Sha3_384, SimpleHmac),
    "sha3-512" => Sha3_512(sha3::Sha3_512, SimpleHmac),
    "ripemd160" => Ripemd160(ripemd::Ripemd160, Hmac),
    "blake2b512" => Blake2b512(blake2::Blake2b512, SimpleHmac),
    "blake2s256" => Blake2s256(blake2::Blake2s256, SimpleHmac),
}

/// SHAKE, the extendable-output functions (hash only, not HMAC or PBKDF2).
#[derive(Clone)]
enum Xof {
    Shake128(shake::Shake128),
    Shake256(shake::Shake256),
}

impl Xof {
    fn new(name: &str) -> Option<Xof> {
        match name {
            "shake128" => Some(Xof::Shake128(Default::default())),
            "shake256" => Some(Xof::Shake256(Default::default())),
            _ => None,
        }
    }
}

/// A hash or HMAC in progress.
#[derive(Clone)]
enum HashState {
    Plain(Hash),
    Keyed(Keyed),
    /// With its output length in bytes.
    Xof(Xof, usize),
}

impl HashState {
    fn update(&mut self, data: &[u8]) {
        use shake::Update;
        match self {
            HashState::Plain(h) => h.update(data),
            HashState::Keyed(h) => h.update(data),
            HashState::Xof(Xof::Shake128(h), _) => h.update(data),
            HashState::Xof(Xof::Shake256(h), _) => h.update(data),
        }
    }
    fn finish(self) -> Vec<u8> {
        use shake::ExtendableOutput;
        match self {
            HashState::Plain(h) => h.finish(),
            HashState::Keyed(h) => h.finish(),
            HashState::Xof(x, len) => {
                let mut out = vec![0u8; len];
                match x {
                    Xof::Shake128(h) => h.finalize_xof_into(&mut out),
                    Xof::Shake256(h) => h.finalize_xof_into(&mut out),
                }
                out
            }
        }
    }
}

struct HashObject(Option<HashState>);

/// `hashNew(name, outputLength)` → native hash object, or null for an
/// unknown algorithm (the output length is for SHAKE).
unsafe fn hash_new(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let name = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let state = match (Hash::new(&name), Xof::new(&name)) {
        (Some(h), _) => HashState::Plain(h),
        (None, Some(x)) => HashState::Xof(x, num(a, 1).max(0.0) as usize),
        (None, None) => return JS_NULL,
    };
    wrap_native(ctx, HashObject(Some(state)))
}

/// `hmacNew(name, key)` → native HMAC object, or null for an unknown algorithm.
unsafe fn hmac_new(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let name = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    match with_bytes(ctx, arg(a, 1), |key| Keyed::new(&name, key)) {
        Some(h) => wrap_native(ctx, HashObject(Some(HashState::Keyed(h)))),
        None => JS_NULL,
    }
}

unsafe fn hash_object<'a>(ctx: *mut JSContext, v: JSValue) -> Result<&'a mut HashState, JSValue> {
    match unwrap_native::<HashObject>(v) {
        Some(HashObject(Some(h))) => Ok(h),
        Some(HashObject(None)) => Err(throw(
            ctx,
            "ERR_CRYPTO_HASH_FINALIZED",
            "Digest already called",
        )),
        None => Err(throw(ctx, "ERR_INVALID_ARG_TYPE", "not a hash object")),
    }
}

/// `hashUpdate(h, data)`: data is a string (UTF-8) or a Uint8Array.
unsafe fn hash_update(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match hash_object(ctx, arg(a, 0)) {
        Ok(h) => {
            with_bytes(ctx, arg(a, 1), |d| h.update(d));
            JS_UNDEFINED
        }
        Err(e) => e,
    }
}

/// `hashDigest(h)` → ArrayBuffer; the object is finished afterwards.
unsafe fn hash_digest(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match unwrap_native::<HashObject>(arg(a, 0)).and_then(|o| o.0.take()) {
        Some(h) => array_buffer(ctx, &h.finish()),
        None => throw(ctx, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called"),
    }
}

/// `hashCopy(h, outputLength?)` → a new native hash object in the same
/// state (a SHAKE copy may take another output length).
unsafe fn hash_copy(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match hash_object(ctx, arg(a, 0)) {
        Ok(h) => {
            let mut copy = h.clone();
            let len = num(a, 1);
            if let (HashState::Xof(_, l), true) = (&mut copy, len >= 0.0) {
                *l = len as usize;
            }
            wrap_native(ctx, HashObject(Some(copy)))
        }
        Err(e) => e,
    }
}

// ---- key derivation -----------------------------------------------------------

/// A key derivation: its arguments, read on the JS thread; its work, run
/// there or on the pool.
trait Derive: Sized + Send + 'static {
    unsafe fn parse(ctx: *mut JSContext, a: &[JSValue]) -> Self;
    fn run(self) -> Result<Vec<u8>, JobError>;
}

/// The arguments of PBKDF2, owned (the work may run on the pool).
struct Pbkdf2Args {
    digest: String,
    password: Vec<u8>,
    salt: Vec<u8>,
    rounds: u32,
    keylen: usize,
}

impl Derive for Pbkdf2Args {
    unsafe fn parse(ctx: *mut JSContext, a: &[JSValue]) -> Pbkdf2Args {
        Pbkdf2Args {
            password: owned_bytes(ctx, arg(a, 0)),
            salt: owned_bytes(ctx, arg(a, 1)),
            rounds: num(a, 2).clamp(1.0, u32::MAX as f64) as u32,
            keylen: num(a, 3).max(0.0) as usize,
            digest: qjs::to_rust_string(ctx, arg(a, 4)).unwrap_or_default(),
        }
    }
    fn run(self) -> Result<Vec<u8>, JobError> {
        let mut out = vec![0u8; self.keylen];
        if self.keylen > 0
            && !pbkdf2_named(
                &self.digest,
                &self.password,
                &self.salt,
                self.rounds,
                &mut out,
            )
        {
            return Err(JobError::new(
                "ERR_CRYPTO_INVALID_DIGEST",
                format!("Invalid digest: {}", self.digest),
            ));
        }
        Ok(out)
    }
}

/// The arguments of scrypt, owned.
struct ScryptArgs {
    password: Vec<u8>,
    salt: Vec<u8>,
    keylen: usize,
    log_n: u8,
    r: u32,
    p: u32,
}

impl Derive for ScryptArgs {
    unsafe fn parse(ctx: *mut JSContext, a: &[JSValue]) -> ScryptArgs {
        let n = num(a, 3).max(2.0) as u64;
        ScryptArgs {
            password: owned_bytes(ctx, arg(a, 0)),
            salt: owned_bytes(ctx, arg(a, 1)),
            keylen: num(a, 2).max(0.0) as usize,
            log_n: (63 - n.leading_zeros()) as u8,
            r: num(a, 4).max(1.0) as u32,
            p: num(a, 5).max(1.0) as u32,
        }
    }
    fn run(self) -> Result<Vec<u8>, JobError> {
        let invalid = || JobError {
            range: true,
            ..JobError::new("ERR_CRYPTO_INVALID_SCRYPT_PARAMS", "Invalid scrypt params")
        };
        let params = scrypt::Params::new(self.log_n, self.r, self.p).map_err(|_| invalid())?;
        let mut out = vec![0u8; self.keylen];
        if self.keylen > 0 {
            scrypt::scrypt(&self.password, &self.salt, &params, &mut out).map_err(|_| invalid())?;
        }
        Ok(out)
    }
}

/// `pbkdf2(password, salt, iterations, keylen, digest)`, `scrypt(password,
/// salt, keylen, N, r, p)` → ArrayBuffer. The JS side has checked the
/// arguments (the digest name, scrypt's memory rule).
unsafe fn derive_sync<D: Derive>(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    job_result(ctx, D::parse(ctx, a).run())
}

/// `pbkdf2Async(callback, ...)`, `scryptAsync(callback, ...)`: the same on
/// libuv's thread pool.
unsafe fn derive_async<D: Derive>(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let job = D::parse(ctx, &a[1.min(a.len())..]);
    queue_work(arg(a, 0), move || job.run());
    JS_UNDEFINED
}

// ---- thread-pool jobs ---------------------------------------------------------

/// An error a job reports: an `Error` (a `RangeError` with `range`) with
/// `code`, and `errno` when set, as Node's zlib errors have.
pub(crate) struct JobError {
    pub message: String,
    pub code: String,
    pub errno: Option<i32>,
    pub range: bool,
}

impl JobError {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> JobError {
        JobError {
            message: message.into(),
            code: code.into(),
            errno: None,
            range: false,
        }
    }

    pub(crate) unsafe fn to_js(&self, ctx: *mut JSContext) -> JSValue {
        let global = JS_GetGlobalObject(ctx);
        let name = if self.range { c"RangeError" } else { c"Error" };
        let ctor = qjs::get_str(ctx, global, name);
        free(ctx, global);
        let mut m = [qjs::string(ctx, &self.message)];
        let e = JS_CallConstructor(ctx, ctor, 1, m.as_mut_ptr());
        free(ctx, m[0]);
        free(ctx, ctor);
        if qjs::is_exception(e) {
            return JS_GetException(ctx);
        }
        if let Some(n) = self.errno {
            JS_SetPropertyStr(ctx, e, c"errno".as_ptr(), qjs::int(n));
        }
        JS_SetPropertyStr(ctx, e, c"code".as_ptr(), qjs::string(ctx, &self.code));
        e
    }
}

/// A job's result as the value of a synchronous call: an ArrayBuffer, or
/// the error thrown.
pub(crate) unsafe fn job_result(ctx: *mut JSContext, r: Result<Vec<u8>, JobError>) -> JSValue {
    match r {
        Ok(bytes) => array_buffer(ctx, &bytes),
        Err(e) => JS_Throw(ctx, e.to_js(ctx)),
    }
}

/// A job's result as `callback(err, arrayBuffer)`'s arguments.
unsafe fn settle(ctx: *mut JSContext, r: Result<Vec<u8>, JobError>) -> (JSValue, JSValue) {
    match r {
        Ok(bytes) => (JS_NULL, array_buffer(ctx, &bytes)),
        Err(e) => (e.to_js(ctx), JS_UNDEFINED),
    }
}

/// Runs `work` on libuv's thread pool, then `callback(err, arrayBuffer)` on
/// the JS thread.
pub(crate) unsafe fn queue_work(
    callback: JSValue,
    work: impl FnOnce() -> Result<Vec<u8>, JobError> + Send + 'static,
) {
    crate::pool::queue(callback, work, settle);
}

// ---- registration -------------------------------------------------------------

/// Adds `binding.crypto`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue) {
    let o = JS_NewObject(ctx);
    crate::binding::set_fns(
        ctx,
        o,
        &[
            (c"hashNew", native_fn!(hash_new), 2),
            (c"hmacNew", native_fn!(hmac_new), 2),
            (c"hashUpdate", native_fn!(hash_update), 2),
            (c"hashDigest", native_fn!(hash_digest), 1),
            (c"hashCopy", native_fn!(hash_copy), 2),
            (c"pbkdf2", native_fn!(derive_sync::<Pbkdf2Args>), 5),
            (c"pbkdf2Async", native_fn!(derive_async::<Pbkdf2Args>), 6),
            (c"scrypt", native_fn!(derive_sync::<ScryptArgs>), 6),
            (c"scryptAsync", native_fn!(derive_async::<ScryptArgs>), 7),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"crypto".as_ptr(), o);
}
