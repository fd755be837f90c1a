//! The native side of `createCipheriv`/`createDecipheriv`: AES in ECB,
//! CBC, CTR and GCM modes and ChaCha20-Poly1305, over the RustCrypto
//! crates. Every mode streams: `update` returns what it can (block modes
//! hold back a partial block, and when decrypting with padding the last
//! full one), `final` the rest. The AEADs are CTR/ChaCha20 plus
//! GHASH/Poly1305 run side by side, so their `update` streams too (the
//! one-shot AEAD crates cannot).
//!
//! `crypto.js` resolves names and checks key and IV lengths and the order
//! of calls; failures of the data itself come back as a short reason
//! string that the JS side turns into Node's error.

use aes::{Aes128, Aes192, Aes256};
use cipher::{
    Block, BlockCipherEncrypt, BlockModeDecrypt, BlockModeEncrypt, KeyInit, KeyIvInit,
    StreamCipher,
};
use ghash::GHash;
use napi_host::qjs;
use poly1305::universal_hash::UniversalHash;
use poly1305::Poly1305;
use rquickjs_sys::*;

use crate::builtins::args::{arg, array_buffer, num, owned_bytes, unwrap_native, wrap_native};

/// Why `update`/`final` failed; crypto.js makes Node's error of it.
type Failure = &'static str;
const WRONG_FINAL_BLOCK: Failure = "wrong final block length";
const BAD_DECRYPT: Failure = "bad decrypt";
const AUTH: Failure = "auth";
const TOO_LONG: Failure = "too long";

trait Mode {
    fn update(&mut self, data: &[u8]) -> Result<Vec<u8>, Failure>;
    fn finish(&mut self) -> Result<Vec<u8>, Failure>;
    fn set_padding(&mut self, _on: bool) {}
    fn set_aad(&mut self, _aad: &[u8]) {}
    fn set_tag(&mut self, _tag: Vec<u8>) {}
    fn tag(&self) -> Option<Vec<u8>> {
        None
    }
}

// ---- block modes (ECB, CBC) with PKCS#7 padding ----------------------------------

struct BlockEnc<M> {
    mode: M,
    pending: Vec<u8>,
    padding: bool,
}

struct BlockDec<M> {
    mode: M,
    pending: Vec<u8>,
    padding: bool,
}

/// Runs `f` over each whole block of `data` in place.
fn each_block<B: Default + AsMut<[u8]>>(data: &mut [u8], size: usize, mut f: impl FnMut(&mut B)) {
    for chunk in data.chunks_exact_mut(size) {
        let mut b = B::default();
        b.as_mut().copy_from_slice(chunk);
        f(&mut b);
        chunk.copy_from_slice(b.as_mut());
    }
}

impl<M: BlockModeEncrypt> Mode for BlockEnc<M> {
    fn update(&mut self, data: &[u8]) -> Result<Vec<u8>, Failure> {
        let size = M::block_size();
        self.pending.extend_from_slice(data);
        let n = self.pending.len() / size * size;
        let mut out: Vec<u8> = self.pending.drain(..n).collect();
        each_block(&mut out, size, |b: &mut Block<M>| self.mode.encrypt_block(b));
        Ok(out)
    }
    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        let size = M::block_size();
        if self.padding {
            let pad = size - self.pending.len() % size;
            self.pending.resize(self.pending.len() + pad, pad as u8);
        } else if !self.pending.is_empty() {
            return Err(WRONG_FINAL_BLOCK);
        }
        self.update(&[])
    }
    fn set_padding(&mut self, on: bool) {
        self.padding = on;
    }
}

impl<M: BlockModeDecrypt> Mode for BlockDec<M> {
    fn update(&mut self, data: &[u8]) -> Result<Vec<u8>, Failure> {
        let size = M::block_size();
        self.pending.extend_from_slice(data);
        let len = self.pending.len();
        // With padding the last whole block waits for final(): it may be the padded one.
        let n = if self.padding && len > 0 { (len - 1) / size * size } else { len / size * size };
        let mut out: Vec<u8> = self.pending.drain(..n).collect();
        each_block(&mut out, size, |b: &mut Block<M>| self.mode.decrypt_block(b));
        Ok(out)
    }
    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        let size = M::block_size();
        if !self.padding {
            return if self.pending.is_empty() { Ok(Vec::new()) } else { Err(WRONG_FINAL_BLOCK) };
        }
        if self.pending.len() != size {
            return Err(WRONG_FINAL_BLOCK);
        }
        let mut last = std::mem::take(&mut self.pending);
        each_block(&mut last, size, |b: &mut Block<M>| self.mode.decrypt_block(b));
        let pad = last[size - 1] as usize;
        if pad == 0 || pad > size || last[size - pad..].iter().any(|&x| x as usize != pad) {
            return Err(BAD_DECRYPT);
        }
        last.truncate(size - pad);
        Ok(last)
    }
    fn set_padding(&mut self, on: bool) {
        self.padding = on;
    }
}

// ---- stream modes (CTR) -------------------------------------------------------------

struct Stream<S>(S);

impl<S: StreamCipher> Mode for Stream<S> {
    fn update(&mut self, data: &[u8]) -> Result<Vec<u8>, Failure> {
        let mut out = data.to_vec();
        self.0.try_apply_keystream(&mut out).map_err(|_| TOO_LONG)?;
        Ok(out)
    }
    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        Ok(Vec::new())
    }
}

// ---- AEADs (GCM, ChaCha20-Poly1305) ---------------------------------------------------

/// A stream cipher and a universal hash over AAD and ciphertext, each
/// padded to 16 bytes, then a block of the two lengths; the tag is the
/// hash XOR `mask`.
struct Aead<S, U> {
    stream: S,
    mac: Option<U>,
    mask: [u8; 16],
    /// GCM's lengths block: big-endian bit counts; Poly1305's: little-endian byte counts.
    gcm: bool,
    encrypt: bool,
    aad: Vec<u8>,
    started: bool,
    ct_len: u64,
    /// Ciphertext not yet hashed (less than a block).
    pending: Vec<u8>,
    tag_len: usize,
    tag: Option<Vec<u8>>,
}

impl<S: StreamCipher, U: UniversalHash> Aead<S, U> {
    fn start(&mut self) {
        if !self.started {
            self.started = true;
            if let Some(mac) = self.mac.as_mut() {
                mac.update_padded(&self.aad);
            }
        }
    }
    fn hash(&mut self, ct: &[u8]) {
        self.ct_len += ct.len() as u64;
        self.pending.extend_from_slice(ct);
        let n = self.pending.len() / 16 * 16;
        if let Some(mac) = self.mac.as_mut() {
            mac.update_padded(&self.pending[..n]);
        }
        self.pending.drain(..n);
    }
}

impl<S: StreamCipher, U: UniversalHash> Mode for Aead<S, U> {
    fn update(&mut self, data: &[u8]) -> Result<Vec<u8>, Failure> {
        self.start();
        let mut out = data.to_vec();
        if !self.encrypt {
            self.hash(data);
        }
        self.stream.try_apply_keystream(&mut out).map_err(|_| TOO_LONG)?;
        if self.encrypt {
            self.hash(&out);
        }
        Ok(out)
    }
    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        self.start();
        let Some(mut mac) = self.mac.take() else { return Err(AUTH) };
        mac.update_padded(&self.pending);
        let (a, c) = (self.aad.len() as u64, self.ct_len);
        let mut lengths = [0u8; 16];
        if self.gcm {
            lengths[..8].copy_from_slice(&(a * 8).to_be_bytes());
            lengths[8..].copy_from_slice(&(c * 8).to_be_bytes());
        } else {
            lengths[..8].copy_from_slice(&a.to_le_bytes());
            lengths[8..].copy_from_slice(&c.to_le_bytes());
        }
        mac.update_padded(&lengths);
        let full = mac.finalize();
        let tag: Vec<u8> = full.iter().zip(self.mask).map(|(x, m)| x ^ m).collect();
        if self.encrypt {
            self.tag = Some(tag[..self.tag_len].to_vec());
            return Ok(Vec::new());
        }
        match &self.tag {
            Some(want) if !want.is_empty() && want.len() <= 16 => {
                let diff = want.iter().zip(&tag).fold(0u8, |d, (x, y)| d | (x ^ y));
                if diff == 0 { Ok(Vec::new()) } else { Err(AUTH) }
            }
            _ => Err(AUTH),
        }
    }
    fn set_aad(&mut self, aad: &[u8]) {
        self.aad.extend_from_slice(aad);
    }
    fn set_tag(&mut self, tag: Vec<u8>) {
        self.tag = Some(tag);
    }
    fn tag(&self) -> Option<Vec<u8>> {
        self.tag.clone()
    }
}

fn aead<S: StreamCipher + 'static, U: UniversalHash + 'static>(stream: S, mac: U, mask: [u8; 16], gcm: bool, encrypt: bool, tag_len: usize) -> Box<dyn Mode> {
    Box::new(Aead {
        stream,
        mac: Some(mac),
        mask,
        gcm,
        encrypt,
        aad: Vec::new(),
        started: false,
        ct_len: 0,
        pending: Vec::new(),
        tag_len,
        tag: None,
    })
}

/// AES-GCM: H = E(0); J0 from a 96-bit IV directly, else GHASH of the IV;
/// the tag mask is E(J0) and the data counter starts at J0 + 1.
fn gcm<C>(key: &[u8], iv: &[u8], encrypt: bool, tag_len: usize) -> Option<Box<dyn Mode>>
where
    C: BlockCipherEncrypt + KeyInit + cipher::BlockSizeUser<BlockSize = cipher::consts::U16> + 'static,
{
    let c = C::new_from_slice(key).ok()?;
    let mut h = Block::<C>::default();
    c.encrypt_block(&mut h);
    let mut j0 = [0u8; 16];
    if iv.len() == 12 {
        j0[..12].copy_from_slice(iv);
        j0[15] = 1;
    } else {
        let mut g = GHash::new(&h);
        g.update_padded(iv);
        let mut lengths = [0u8; 16];
        lengths[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
        g.update_padded(&lengths);
        j0.copy_from_slice(&g.finalize());
    }
    let mut stream = ctr::Ctr32BE::<C>::new_from_slices(key, &j0).ok()?;
    let mut mask = [0u8; 16];
    stream.apply_keystream(&mut mask);
    Some(aead(stream, GHash::new(&h), mask, true, encrypt, tag_len))
}

/// ChaCha20-Poly1305 (RFC 8439): the Poly1305 key is the first 32 bytes
/// of keystream block 0; the data starts at block 1.
fn chacha20_poly1305(key: &[u8], iv: &[u8], encrypt: bool, tag_len: usize) -> Option<Box<dyn Mode>> {
    let mut stream = chacha20::ChaCha20::new_from_slices(key, iv).ok()?;
    let mut block0 = [0u8; 64];
    stream.apply_keystream(&mut block0);
    let mac = Poly1305::new_from_slice(&block0[..32]).ok()?;
    Some(aead(stream, mac, [0; 16], false, encrypt, tag_len))
}

fn block_mode<E: BlockModeEncrypt + 'static, D: BlockModeDecrypt + 'static>(
    enc: Option<E>,
    dec: Option<D>,
) -> Option<Box<dyn Mode>> {
    match (enc, dec) {
        (Some(mode), _) => Some(Box::new(BlockEnc { mode, pending: Vec::new(), padding: true })),
        (_, Some(mode)) => Some(Box::new(BlockDec { mode, pending: Vec::new(), padding: true })),
        _ => None,
    }
}

/// The mode for a canonical cipher name, or None for an unknown name or
/// a key or IV of the wrong length (crypto.js has checked those).
fn make(name: &str, key: &[u8], iv: &[u8], encrypt: bool, tag_len: usize) -> Option<Box<dyn Mode>> {
    macro_rules! cbc {
        ($aes:ty) => {
            if encrypt {
                block_mode(cbc::Encryptor::<$aes>::new_from_slices(key, iv).ok(), None::<cbc::Decryptor<$aes>>)
            } else {
                block_mode(None::<cbc::Encryptor<$aes>>, cbc::Decryptor::<$aes>::new_from_slices(key, iv).ok())
            }
        };
    }
    macro_rules! ecb {
        ($aes:ty) => {
            if encrypt {
                block_mode(ecb::Encryptor::<$aes>::new_from_slice(key).ok(), None::<ecb::Decryptor<$aes>>)
            } else {
                block_mode(None::<ecb::Encryptor<$aes>>, ecb::Decryptor::<$aes>::new_from_slice(key).ok())
            }
        };
    }
    macro_rules! ctr {
        ($aes:ty) => {
            ctr::Ctr128BE::<$aes>::new_from_slices(key, iv)
                .ok()
                .map(|s| Box::new(Stream(s)) as Box<dyn Mode>)
        };
    }
    match name {
        "aes-128-cbc" => cbc!(Aes128),
        "aes-192-cbc" => cbc!(Aes192),
        "aes-256-cbc" => cbc!(Aes256),
        "aes-128-ecb" => ecb!(Aes128),
        "aes-192-ecb" => ecb!(Aes192),
        "aes-256-ecb" => ecb!(Aes256),
        "aes-128-ctr" => ctr!(Aes128),
        "aes-192-ctr" => ctr!(Aes192),
        "aes-256-ctr" => ctr!(Aes256),
        "aes-128-gcm" => gcm::<Aes128>(key, iv, encrypt, tag_len),
        "aes-192-gcm" => gcm::<Aes192>(key, iv, encrypt, tag_len),
        "aes-256-gcm" => gcm::<Aes256>(key, iv, encrypt, tag_len),
        "chacha20-poly1305" => chacha20_poly1305(key, iv, encrypt, tag_len),
        _ => None,
    }
}

struct CipherObject(Box<dyn Mode>);

/// `cipherNew(name, key, iv, encrypt, tagLength)` → native cipher, or null.
pub(super) unsafe fn cipher_new(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let name = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let key = owned_bytes(ctx, arg(a, 1));
    let iv = owned_bytes(ctx, arg(a, 2));
    let encrypt = JS_ToBool(ctx, arg(a, 3)) != 0;
    let tag_len = (num(a, 4) as usize).clamp(1, 16);
    match make(&name, &key, &iv, encrypt, tag_len) {
        Some(m) => wrap_native(ctx, CipherObject(m)),
        None => JS_NULL,
    }
}

unsafe fn result(ctx: *mut JSContext, r: Result<Vec<u8>, Failure>) -> JSValue {
    match r {
        Ok(bytes) => array_buffer(ctx, &bytes),
        Err(why) => qjs::string(ctx, why),
    }
}

/// `cipherUpdate(c, data)` / `cipherFinal(c)` → ArrayBuffer, or a failure reason string.
pub(super) unsafe fn cipher_update(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(c) = unwrap_native::<CipherObject>(arg(a, 0)) else { return JS_UNDEFINED };
    let data = owned_bytes(ctx, arg(a, 1));
    result(ctx, c.0.update(&data))
}

pub(super) unsafe fn cipher_final(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(c) = unwrap_native::<CipherObject>(arg(a, 0)) else { return JS_UNDEFINED };
    result(ctx, c.0.finish())
}

/// `cipherSet(c, what, value)`: what is 'padding' (bool), 'aad' or 'tag' (bytes).
pub(super) unsafe fn cipher_set(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(c) = unwrap_native::<CipherObject>(arg(a, 0)) else { return JS_UNDEFINED };
    match qjs::to_rust_string(ctx, arg(a, 1)).as_deref() {
        Some("padding") => c.0.set_padding(JS_ToBool(ctx, arg(a, 2)) != 0),
        Some("aad") => c.0.set_aad(&owned_bytes(ctx, arg(a, 2))),
        Some("tag") => c.0.set_tag(owned_bytes(ctx, arg(a, 2))),
        _ => {}
    }
    JS_UNDEFINED
}

/// `cipherTag(c)` → the tag made by an AEAD encryption's final, or undefined.
pub(super) unsafe fn cipher_tag(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match unwrap_native::<CipherObject>(arg(a, 0)).and_then(|c| c.0.tag()) {
        Some(t) => array_buffer(ctx, &t),
        None => JS_UNDEFINED,
    }
}
