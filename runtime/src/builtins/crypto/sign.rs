//! The native side of `createSign`/`createVerify`/`sign`/`verify` over
//! ring: RSA PKCS#1 v1.5 and PSS (salt as long as the digest), Ed25519 and ECDSA on P-256/P-384 (DER or IEEE P1363
//! signatures). crypto.js parses PEM and the DER structures around the
//! keys (PKCS#8, SPKI, PKCS#1, SEC1); this side holds private keys and
//! runs the algorithms. Failures come back as a reason string.

use napi_host::qjs;
use ring::rand::SystemRandom;
use ring::signature::{self as sig, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use rquickjs_sys::*;

use crate::builtins::args::{arg, array_buffer, owned_bytes, unwrap_native, wrap_native};

#[derive(Clone, Copy, PartialEq)]
enum Curve {
    P256,
    P384,
}

enum PrivateKey {
    Rsa(RsaKeyPair),
    /// PKCS#8 bytes (ring fixes the digest and encoding at parse time, so
    /// the pair is made per signature), its curve and public point.
    Ec(Vec<u8>, Curve, Vec<u8>),
    Ed25519(Ed25519KeyPair),
}

fn curve_name(c: Curve) -> &'static str {
    match c {
        Curve::P256 => "P-256",
        Curve::P384 => "P-384",
    }
}

fn ec_signing(c: Curve, fixed: bool) -> &'static sig::EcdsaSigningAlgorithm {
    match (c, fixed) {
        (Curve::P256, false) => &sig::ECDSA_P256_SHA256_ASN1_SIGNING,
        (Curve::P256, true) => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
        (Curve::P384, false) => &sig::ECDSA_P384_SHA384_ASN1_SIGNING,
        (Curve::P384, true) => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
    }
}

/// The curve's own digest: ring signs P-256 with SHA-256 and P-384 with SHA-384 only.
fn curve_digest(c: Curve) -> &'static str {
    match c {
        Curve::P256 => "sha256",
        Curve::P384 => "sha384",
    }
}

fn parse_private(format: &str, der: &[u8], scalar: &[u8], point: &[u8]) -> Result<PrivateKey, &'static str> {
    let rng = SystemRandom::new();
    match format {
        "pkcs1" => RsaKeyPair::from_der(der).map(PrivateKey::Rsa).map_err(|_| "invalid key"),
        "pkcs8" => {
            if let Ok(k) = RsaKeyPair::from_pkcs8(der) {
                return Ok(PrivateKey::Rsa(k));
            }
            for c in [Curve::P256, Curve::P384] {
                if let Ok(k) = EcdsaKeyPair::from_pkcs8(ec_signing(c, false), der, &rng) {
                    return Ok(PrivateKey::Ec(der.to_vec(), c, k.public_key().as_ref().to_vec()));
                }
            }
            // Node writes Ed25519 keys as PKCS#8 v1 (no public key), which ring reads unchecked.
            Ed25519KeyPair::from_pkcs8_maybe_unchecked(der)
                .map(PrivateKey::Ed25519)
                .map_err(|_| "unsupported key")
        }
        "sec1-p256" | "sec1-p384" => {
            let c = if format == "sec1-p256" { Curve::P256 } else { Curve::P384 };
            let k = EcdsaKeyPair::from_private_key_and_public_key(ec_signing(c, false), scalar, point, &rng)
                .map_err(|_| "invalid key")?;
            // Keep it as PKCS#8 made from the pair, to re-parse per signature.
            let doc = pkcs8_of_ec(c, scalar, point);
            EcdsaKeyPair::from_pkcs8(ec_signing(c, false), &doc, &rng).map_err(|_| "invalid key")?;
            Ok(PrivateKey::Ec(doc, c, k.public_key().as_ref().to_vec()))
        }
        _ => Err("unsupported key"),
    }
}

/// DER of one element: tag, length, body.
fn der(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = body.len();
    if n < 128 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(body);
    out
}

/// PKCS#8 of an EC key (RFC 5915 inside RFC 5208), the form ring reads.
fn pkcs8_of_ec(c: Curve, scalar: &[u8], point: &[u8]) -> Vec<u8> {
    const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    let curve_oid: &[u8] = match c {
        Curve::P256 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
        Curve::P384 => &[0x2b, 0x81, 0x04, 0x00, 0x22],
    };
    let mut bits = vec![0u8];
    bits.extend_from_slice(point);
    let ec = der(
        0x30,
        &[der(0x02, &[1]), der(0x04, scalar), der(0xa1, &der(0x03, &bits))].concat(),
    );
    let alg = der(0x30, &[der(0x06, EC_PUBLIC_KEY), der(0x06, curve_oid)].concat());
    der(0x30, &[der(0x02, &[0]), alg, der(0x04, &ec)].concat())
}

/// `pss`: RSA-PSS with a salt as long as the digest (ring's only salt length).
fn sign_with(
    key: &PrivateKey,
    digest: &str,
    data: &[u8],
    fixed: bool,
    pss: bool,
) -> Result<Vec<u8>, &'static str> {
    let rng = SystemRandom::new();
    match key {
        PrivateKey::Rsa(k) => {
            let padding: &'static dyn sig::RsaEncoding = match (digest, pss) {
                ("sha256", false) => &sig::RSA_PKCS1_SHA256,
                ("sha384", false) => &sig::RSA_PKCS1_SHA384,
                ("sha512", false) => &sig::RSA_PKCS1_SHA512,
                ("sha256", true) => &sig::RSA_PSS_SHA256,
                ("sha384", true) => &sig::RSA_PSS_SHA384,
                ("sha512", true) => &sig::RSA_PSS_SHA512,
                _ => return Err("unsupported digest"),
            };
            let mut out = vec![0u8; k.public().modulus_len()];
            k.sign(padding, &rng, data, &mut out).map_err(|_| "sign failed")?;
            Ok(out)
        }
        PrivateKey::Ed25519(k) => {
            if !digest.is_empty() || pss {
                return Err("unsupported digest");
            }
            Ok(k.sign(data).as_ref().to_vec())
        }
        PrivateKey::Ec(doc, c, _) => {
            if digest != curve_digest(*c) || pss {
                return Err("unsupported digest");
            }
            let k = EcdsaKeyPair::from_pkcs8(ec_signing(*c, fixed), doc, &rng).map_err(|_| "invalid key")?;
            Ok(k.sign(&rng, data).map_err(|_| "sign failed")?.as_ref().to_vec())
        }
    }
}

/// The dsaEncoding (`fixed`) means nothing to RSA, as in Node.
fn verify_with(
    kind: &str,
    digest: &str,
    public: &[u8],
    data: &[u8],
    signature: &[u8],
    fixed: bool,
    pss: bool,
) -> Result<bool, &'static str> {
    let alg: &'static dyn sig::VerificationAlgorithm = match (kind, digest, fixed, pss) {
        ("ed25519", "", _, false) => &sig::ED25519,
        ("rsa", "sha1", _, false) => &sig::RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY,
        ("rsa", "sha256", _, false) => &sig::RSA_PKCS1_2048_8192_SHA256,
        ("rsa", "sha384", _, false) => &sig::RSA_PKCS1_2048_8192_SHA384,
        ("rsa", "sha512", _, false) => &sig::RSA_PKCS1_2048_8192_SHA512,
        ("rsa", "sha256", _, true) => &sig::RSA_PSS_2048_8192_SHA256,
        ("rsa", "sha384", _, true) => &sig::RSA_PSS_2048_8192_SHA384,
        ("rsa", "sha512", _, true) => &sig::RSA_PSS_2048_8192_SHA512,
        ("P-256", "sha256", false, false) => &sig::ECDSA_P256_SHA256_ASN1,
        ("P-256", "sha256", true, false) => &sig::ECDSA_P256_SHA256_FIXED,
        ("P-256", "sha384", false, false) => &sig::ECDSA_P256_SHA384_ASN1,
        ("P-384", "sha256", false, false) => &sig::ECDSA_P384_SHA256_ASN1,
        ("P-384", "sha384", false, false) => &sig::ECDSA_P384_SHA384_ASN1,
        ("P-384", "sha384", true, false) => &sig::ECDSA_P384_SHA384_FIXED,
        _ => return Err("unsupported digest"),
    };
    Ok(sig::UnparsedPublicKey::new(alg, public).verify(data, signature).is_ok())
}

struct KeyHandle(PrivateKey);

/// `privateKey(format, der, scalar, point)` → native key, or a reason string.
/// format: 'pkcs8', 'pkcs1' (RSA) or 'sec1-p256'/'sec1-p384' (scalar and point given).
pub(super) unsafe fn private_key(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let format = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let der = owned_bytes(ctx, arg(a, 1));
    let scalar = owned_bytes(ctx, arg(a, 2));
    let point = owned_bytes(ctx, arg(a, 3));
    match parse_private(&format, &der, &scalar, &point) {
        Ok(k) => wrap_native(ctx, KeyHandle(k)),
        Err(why) => qjs::string(ctx, why),
    }
}

/// `privateKeyInfo(k)` → [kind ('rsa', 'P-256', 'P-384'), public key bytes
/// (PKCS#1 RSAPublicKey DER, or the uncompressed EC point)].
pub(super) unsafe fn private_key_info(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(KeyHandle(k)) = unwrap_native::<KeyHandle>(arg(a, 0)) else { return JS_UNDEFINED };
    let (kind, public) = match k {
        PrivateKey::Rsa(k) => ("rsa", k.public_key().as_ref().to_vec()),
        PrivateKey::Ec(_, c, p) => (curve_name(*c), p.clone()),
        PrivateKey::Ed25519(k) => ("ed25519", k.public_key().as_ref().to_vec()),
    };
    let arr = JS_NewArray(ctx);
    JS_SetPropertyUint32(ctx, arr, 0, qjs::string(ctx, kind));
    JS_SetPropertyUint32(ctx, arr, 1, array_buffer(ctx, &public));
    arr
}

/// `sign(k, digest, data, ieeeP1363, pss)` → ArrayBuffer, or a reason string.
pub(super) unsafe fn sign(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(KeyHandle(k)) = unwrap_native::<KeyHandle>(arg(a, 0)) else { return JS_UNDEFINED };
    let digest = qjs::to_rust_string(ctx, arg(a, 1)).unwrap_or_default();
    let data = owned_bytes(ctx, arg(a, 2));
    let fixed = JS_ToBool(ctx, arg(a, 3)) != 0;
    let pss = JS_ToBool(ctx, arg(a, 4)) != 0;
    match sign_with(k, &digest, &data, fixed, pss) {
        Ok(s) => array_buffer(ctx, &s),
        Err(why) => qjs::string(ctx, why),
    }
}

/// `verify(kind, digest, publicKey, data, signature, ieeeP1363, pss)` → boolean, or a reason string.
pub(super) unsafe fn verify(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let kind = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let digest = qjs::to_rust_string(ctx, arg(a, 1)).unwrap_or_default();
    let public = owned_bytes(ctx, arg(a, 2));
    let data = owned_bytes(ctx, arg(a, 3));
    let signature = owned_bytes(ctx, arg(a, 4));
    let fixed = JS_ToBool(ctx, arg(a, 5)) != 0;
    let pss = JS_ToBool(ctx, arg(a, 6)) != 0;
    match verify_with(&kind, &digest, &public, &data, &signature, fixed, pss) {
        Ok(ok) => qjs::boolean(ok),
        Err(why) => qjs::string(ctx, why),
    }
}

/// `generatePkcs8(kind)` → a new private key as PKCS#8 ('P-256', 'P-384',
/// 'ed25519'), or a reason string.
pub(super) unsafe fn generate_pkcs8(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let rng = SystemRandom::new();
    let doc = match qjs::to_rust_string(ctx, arg(a, 0)).as_deref() {
        Some("P-256") => EcdsaKeyPair::generate_pkcs8(ec_signing(Curve::P256, false), &rng),
        Some("P-384") => EcdsaKeyPair::generate_pkcs8(ec_signing(Curve::P384, false), &rng),
        Some("ed25519") => Ed25519KeyPair::generate_pkcs8(&rng),
        _ => return qjs::string(ctx, "unsupported key type"),
    };
    match doc {
        Ok(d) => array_buffer(ctx, d.as_ref()),
        Err(_) => qjs::string(ctx, "key generation failed"),
    }
}
