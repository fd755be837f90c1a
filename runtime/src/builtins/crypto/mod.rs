//! The native side of `crypto`'s hashes, HMAC, PBKDF2 and scrypt, over the
//! RustCrypto crates. Hash states are native objects (`args.rs`); PBKDF2
//! and scrypt run as thread-pool jobs (`pool.rs`) for the callback API.
//!
//! `binding.crypto` holds the functions; `crypto.js` resolves algorithm
//! names (Node's aliases, case-insensitively) to the canonical names here.

mod cipher;
mod sign;

use hmac::{Hmac, KeyInit, Mac, SimpleHmac};
use napi_host::qjs;
use rquickjs_sys::*;
use sha2::Digest;

use crate::builtins::args::{
    arg, array_buffer, native_fn, num, owned_bytes, set_fns, throw_error, unwrap_native,
    with_bytes, wrap_native,
};
use crate::builtins::pool::{job_result, queue_work, JobError};
use crate::engine::Options;

// ---- bytes of arguments -----------------------------------------------------

unsafe fn throw(ctx: *mut JSContext, code: &str, message: &str) -> JSValue {
    throw_error(ctx, code, message, None)
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

        /// HKDF (RFC 5869) with HMAC-`name`; false for an unknown name or
        /// a length past 255 hash blocks.
        fn hkdf_named(name: &str, ikm: &[u8], salt: &[u8], info: &[u8], out: &mut [u8]) -> bool {
            match name {
                $( $name => hkdf::GenericHkdf::<$hmac<$ty>>::new(Some(salt), ikm).expand(info, out).is_ok(), )*
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

/// The arguments of HKDF, owned.
struct HkdfArgs {
    digest: String,
    ikm: Vec<u8>,
    salt: Vec<u8>,
    info: Vec<u8>,
    keylen: usize,
}

impl Derive for HkdfArgs {
    unsafe fn parse(ctx: *mut JSContext, a: &[JSValue]) -> HkdfArgs {
        HkdfArgs {
            digest: qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default(),
            ikm: owned_bytes(ctx, arg(a, 1)),
            salt: owned_bytes(ctx, arg(a, 2)),
            info: owned_bytes(ctx, arg(a, 3)),
            keylen: num(a, 4).max(0.0) as usize,
        }
    }
    fn run(self) -> Result<Vec<u8>, JobError> {
        let mut out = vec![0u8; self.keylen];
        if !hkdf_named(&self.digest, &self.ikm, &self.salt, &self.info, &mut out) {
            return Err(JobError::new(
                "ERR_CRYPTO_INVALID_KEYLEN",
                "Invalid key length",
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

// ---- registration -------------------------------------------------------------

/// Adds `binding.crypto`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
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
            (c"hkdf", native_fn!(derive_sync::<HkdfArgs>), 5),
            (c"hkdfAsync", native_fn!(derive_async::<HkdfArgs>), 6),
            (c"privateKey", native_fn!(sign::private_key), 4),
            (c"privateKeyInfo", native_fn!(sign::private_key_info), 1),
            (c"sign", native_fn!(sign::sign), 5),
            (c"generatePkcs8", native_fn!(sign::generate_pkcs8), 1),
            (c"verify", native_fn!(sign::verify), 7),
            (c"cipherNew", native_fn!(cipher::cipher_new), 5),
            (c"cipherUpdate", native_fn!(cipher::cipher_update), 2),
            (c"cipherFinal", native_fn!(cipher::cipher_final), 1),
            (c"cipherSet", native_fn!(cipher::cipher_set), 3),
            (c"cipherTag", native_fn!(cipher::cipher_tag), 1),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"crypto".as_ptr(), o);
}
