//! TLS on rustls (ring's crypto, no OpenSSL) for `tls.js` (`binding.tls`).
//! A session is a rustls connection JS drives with the bytes of the
//! socket under it: `feed` takes what the peer sent and returns what to
//! send back, the plaintext that came out and the handshake state; `write`
//! turns plaintext into records. Certificate errors do not fail the
//! handshake: the verifier records OpenSSL's code for them (Node's
//! `authorizationError`) and tls.js decides, as Node does, whether
//! `rejectUnauthorized` ends the connection. Host names are checked in JS
//! (`checkServerIdentity`), as in Node. Nothing here runs before the first
//! `require('tls')`: the roots and the crypto provider are made on first use.

use std::io::{ErrorKind, Read, Write};
use std::sync::{Arc, Mutex, OnceLock};

use napi_host::qjs::{self, free};
use rquickjs_sys::*;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{Acceptor, WebPkiClientVerifier};
use rustls::{
    CertificateError, ClientConfig, Connection, DigitallySignedStruct, DistinguishedName,
    RootCertStore, ServerConfig, SignatureScheme,
};

use crate::builtins::args::{
    arg, array_buffer, native_fn, set_fns, throw_error, unwrap_native, with_bytes, wrap_native,
};
use crate::engine::Options;

// ring builds with cc alone (aws-lc-rs needs cmake); rustls marks it
// deprecated only for lacking post-quantum key exchange.
#[allow(deprecated)]
fn provider() -> Arc<CryptoProvider> {
    static P: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    P.get_or_init(|| {
        use rustls::crypto::ring::cipher_suite as cs;
        // Node's default cipher order (tls.DEFAULT_CIPHERS), so both ends
        // agree on what Node would pick.
        Arc::new(CryptoProvider {
            cipher_suites: vec![
                cs::TLS13_AES_256_GCM_SHA384,
                cs::TLS13_CHACHA20_POLY1305_SHA256,
                cs::TLS13_AES_128_GCM_SHA256,
                cs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                cs::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                cs::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            ],
            ..rustls::crypto::ring::default_provider()
        })
    })
    .clone()
}

/// Mozilla's root certificates (webpki-root-certs), what Node trusts when
/// no `ca` is given; read into trust anchors on first use.
fn bundled_roots() -> Arc<RootCertStore> {
    static R: OnceLock<Arc<RootCertStore>> = OnceLock::new();
    R.get_or_init(|| {
        let mut store = RootCertStore::empty();
        store.add_parsable_certificates(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
        Arc::new(store)
    })
    .clone()
}

/// `rootCertificates()` → the bundled roots' DER (tls.rootCertificates).
unsafe fn js_root_certificates(ctx: *mut JSContext, _: &[JSValue]) -> JSValue {
    let arr = JS_NewArray(ctx);
    for (i, c) in webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().enumerate() {
        JS_SetPropertyUint32(ctx, arr, i as u32, array_buffer(ctx, c));
    }
    arr
}

/// A secure context: the certificate chain and key this side shows, and
/// the roots it trusts (`ca`, else the bundled ones).
struct Context {
    chain: Vec<CertificateDer<'static>>,
    key: Option<PrivateKeyDer<'static>>,
    roots: Arc<RootCertStore>,
    /// The `ca` certificates as given: one of them sent alone is trusted
    /// as it is, as OpenSSL trusts it (webpki refuses a CA certificate as
    /// a leaf).
    trusted: Arc<Vec<CertificateDer<'static>>>,
    /// The protocol versions allowed (minVersion..maxVersion).
    versions: Vec<&'static rustls::SupportedProtocolVersion>,
    /// The server configuration last made, with its ALPN list and client
    /// certificate settings (made again when those change).
    server: Option<(ServerKey, Arc<ServerConfig>)>,
}

#[derive(PartialEq)]
struct ServerKey {
    alpn: Vec<Vec<u8>>,
    request_cert: bool,
    /// With requestCert: a client without a good certificate fails the
    /// handshake (rejectUnauthorized), else its faults are recorded.
    reject: bool,
}

type Slot = Arc<Mutex<Option<&'static str>>>;

enum Conn {
    /// A server waiting for the ClientHello (its server name picks the context).
    Accepting(Box<Acceptor>, Vec<u8>),
    /// A server whose ClientHello is read; `accept` gives it a context.
    Hello(Box<rustls::server::Accepted>, Vec<u8>),
    Active(Box<Connection>),
    Failed,
}

struct Session {
    conn: Conn,
    verify_error: Slot,
}

/// OpenSSL's verification code for a rustls certificate error.
fn verify_code(
    e: &rustls::Error,
    leaf: &CertificateDer,
    intermediates: &[CertificateDer],
) -> &'static str {
    let self_issued = |c: &CertificateDer| {
        x509_parser::parse_x509_certificate(c)
            .map(|(_, x)| x.subject().as_raw() == x.issuer().as_raw())
            .unwrap_or(false)
    };
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            CertificateError::UnknownIssuer => match intermediates.last() {
                None if self_issued(leaf) => "DEPTH_ZERO_SELF_SIGNED_CERT",
                None => "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
                Some(last) if self_issued(last) => "SELF_SIGNED_CERT_IN_CHAIN",
                Some(_) => "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
            },
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "CERT_HAS_EXPIRED"
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "CERT_NOT_YET_VALID"
            }
            CertificateError::BadSignature => "CERT_SIGNATURE_FAILURE",
            CertificateError::Revoked => "CERT_REVOKED",
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                "INVALID_PURPOSE"
            }
            CertificateError::BadEncoding => "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
            other => {
                // Anything else about a lone self-signed certificate is
                // still OpenSSL's first complaint about it.
                if intermediates.is_empty() && self_issued(leaf) {
                    "DEPTH_ZERO_SELF_SIGNED_CERT"
                } else {
                    let _ = other;
                    "CERT_REJECTED"
                }
            }
        },
        _ => "CERT_REJECTED",
    }
}

/// The server's chain checked against the roots; a failure is recorded,
/// not returned (except a bad handshake signature, which is an attack).
#[derive(Debug)]
struct RecordingServerVerifier {
    inner: Arc<WebPkiServerVerifier>,
    trusted: Arc<Vec<CertificateDer<'static>>>,
    error: Slot,
}

impl ServerCertVerifier for RecordingServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Ok(_) => {}
            // The chain is good (webpki checks the name last): the name is
            // checkServerIdentity's, in JS.
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => {}
            Err(_) if intermediates.is_empty() && self.trusted.contains(end_entity) => {}
            Err(e) => {
                *self.error.lock().unwrap() = Some(verify_code(&e, end_entity, intermediates));
            }
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// A server's `requestCert`: asks for a client certificate, records what
/// is wrong with it; `authorized` and `rejectUnauthorized` are tls.js'.
#[derive(Debug)]
struct RecordingClientVerifier {
    inner: Arc<dyn ClientCertVerifier>,
    error: Slot,
}

impl ClientCertVerifier for RecordingClientVerifier {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.inner.root_hint_subjects()
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if let Err(e) = self
            .inner
            .verify_client_cert(end_entity, intermediates, now)
        {
            *self.error.lock().unwrap() = Some(verify_code(&e, end_entity, intermediates));
        }
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

// ---- helpers -------------------------------------------------------------------

unsafe fn prop(ctx: *mut JSContext, o: JSValue, name: &std::ffi::CStr) -> JSValue {
    JS_GetPropertyStr(ctx, o, name.as_ptr())
}

/// The byte strings of an array of Buffers/strings (tls.js normalizes).
unsafe fn byte_list(ctx: *mut JSContext, v: JSValue) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut len = 0i64;
    if qjs::is_object(v) && JS_GetLength(ctx, v, &mut len) == 0 {
        for i in 0..len {
            let e = JS_GetPropertyUint32(ctx, v, i as u32);
            out.push(with_bytes(ctx, e, |b| b.to_vec()));
            free(ctx, e);
        }
    }
    out
}

unsafe fn session<'a>(ctx: *mut JSContext, v: JSValue) -> Option<&'a mut Session> {
    let s = unwrap_native::<Session>(v);
    if s.is_none() {
        throw_error(ctx, "ERR_INVALID_ARG_TYPE", "not a TLS session", None);
    }
    s
}

/// Node's code and message for a rustls error (OpenSSL's names).
fn error_text(e: &rustls::Error) -> (String, String) {
    use rustls::Error as E;
    match e {
        // An alert TLS 1.3 added: OpenSSL says tlsv13.
        E::AlertReceived(rustls::AlertDescription::CertificateRequired) => (
            "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED".into(),
            "SSL routines::tlsv13 alert certificate required".into(),
        ),
        E::AlertReceived(a) => {
            let name = format!("{a:?}");
            let words = snake(&name);
            (
                format!("ERR_SSL_TLSV1_ALERT_{}", words.to_uppercase()),
                format!("SSL routines::tlsv1 alert {}", words.replace('_', " ")),
            )
        }
        E::NoCertificatesPresented => (
            "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE".into(),
            "SSL routines::peer did not return a certificate".into(),
        ),
        E::NoApplicationProtocol => (
            "ERR_SSL_NO_APPLICATION_PROTOCOL".into(),
            "SSL routines::no application protocol".into(),
        ),
        E::InvalidCertificate(_) => (
            "ERR_SSL_CERTIFICATE_VERIFY_FAILED".into(),
            "SSL routines::certificate verify failed".into(),
        ),
        E::PeerIncompatible(
            rustls::PeerIncompatible::SupportedVersionsExtensionRequired
            | rustls::PeerIncompatible::Tls12NotOffered
            | rustls::PeerIncompatible::Tls12NotOfferedOrEnabled
            | rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13
            | rustls::PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig,
        ) => (
            "ERR_SSL_UNSUPPORTED_PROTOCOL".into(),
            "SSL routines::unsupported protocol".into(),
        ),
        E::PeerIncompatible(_) => (
            "ERR_SSL_NO_SHARED_CIPHER".into(),
            "SSL routines::no shared cipher".into(),
        ),
        E::InvalidMessage(_) | E::InappropriateMessage { .. } => (
            "ERR_SSL_WRONG_VERSION_NUMBER".into(),
            "SSL routines::wrong version number".into(),
        ),
        E::General(m) if m == "http request" => (
            "ERR_SSL_HTTP_REQUEST".into(),
            "SSL routines::http request".into(),
        ),
        _ => ("ERR_SSL_SSL_HANDSHAKE_FAILURE".into(), format!("SSL routines::{e}")),
    }
}

/// `UnknownCa` → `unknown_ca`.
fn snake(name: &str) -> String {
    let mut s = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            s.push('_');
        }
        s.push(c.to_ascii_lowercase());
    }
    s
}

/// Pumps `input` through the connection. Returns `[out, plaintext,
/// flags, errorCode, errorMessage, hello]`: flags 1 = handshake done,
/// 2 = the peer sent close_notify; hello = `[servername, alpn…]` when a
/// server has read the ClientHello and waits for `accept`.
unsafe fn pump(ctx: *mut JSContext, s: &mut Session, input: &[u8]) -> JSValue {
    let mut out = Vec::new();
    let mut plain = Vec::new();
    let mut closed = false;
    let mut error: Option<rustls::Error> = None;
    let mut hello: Option<(Option<String>, Vec<Vec<u8>>)> = None;
    let mut rd = input;
    if let Conn::Accepting(acceptor, rest) = &mut s.conn {
        while !rd.is_empty() {
            if acceptor.read_tls(&mut rd).unwrap_or(0) == 0 {
                break;
            }
        }
        match acceptor.accept() {
            Ok(None) => {}
            Ok(Some(accepted)) => {
                let ch = accepted.client_hello();
                let alpn = ch
                    .alpn()
                    .map(|i| i.map(|p| p.to_vec()).collect())
                    .unwrap_or_default();
                hello = Some((ch.server_name().map(str::to_string), alpn));
                let mut left = std::mem::take(rest);
                left.extend_from_slice(rd);
                rd = &[];
                s.conn = Conn::Hello(Box::new(accepted), left);
            }
            Err((e, mut alert)) => {
                let _ = alert.write_all(&mut out);
                // OpenSSL names plain HTTP sent to a TLS server.
                const METHODS: [&[u8]; 5] = [b"GET ", b"POST ", b"HEAD ", b"PUT ", b"CONNECT "];
                error = Some(if METHODS.iter().any(|m| input.starts_with(m)) {
                    rustls::Error::General("http request".into())
                } else {
                    e
                });
                s.conn = Conn::Failed;
            }
        }
    } else if let Conn::Hello(_, rest) = &mut s.conn {
        rest.extend_from_slice(rd);
        rd = &[];
    }
    let mut handshaking = true;
    if let Conn::Active(conn) = &mut s.conn {
        loop {
            if !rd.is_empty() {
                match conn.read_tls(&mut rd) {
                    Ok(_) => {}
                    Err(e) => {
                        error = Some(rustls::Error::General(e.to_string()));
                        break;
                    }
                }
            }
            if let Err(e) = conn.process_new_packets() {
                error = Some(e);
                break;
            }
            let mut buf = [0u8; 16384];
            loop {
                match conn.reader().read(&mut buf) {
                    Ok(0) => {
                        closed = true;
                        break;
                    }
                    Ok(n) => plain.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == ErrorKind::UnexpectedEof => {
                        closed = true;
                        break;
                    }
                    Err(_) => break,
                }
            }
            if rd.is_empty() {
                break;
            }
        }
        while conn.wants_write() {
            if conn.write_tls(&mut out).is_err() {
                break;
            }
        }
        handshaking = conn.is_handshaking();
        if error.is_some() {
            s.conn = Conn::Failed;
        }
    }
    let r = JS_NewArray(ctx);
    let ab = |v: &[u8]| {
        if v.is_empty() {
            JS_NULL
        } else {
            array_buffer(ctx, v)
        }
    };
    JS_SetPropertyUint32(ctx, r, 0, ab(&out));
    JS_SetPropertyUint32(ctx, r, 1, ab(&plain));
    let flags = i32::from(!handshaking && matches!(s.conn, Conn::Active(_)))
        | if closed { 2 } else { 0 };
    JS_SetPropertyUint32(ctx, r, 2, qjs::int(flags));
    if let Some(e) = &error {
        let (code, message) = error_text(e);
        JS_SetPropertyUint32(ctx, r, 3, qjs::string(ctx, &code));
        JS_SetPropertyUint32(ctx, r, 4, qjs::string(ctx, &message));
    }
    if let Some((name, alpn)) = hello {
        let h = JS_NewArray(ctx);
        let n = match name {
            Some(n) => qjs::string(ctx, &n),
            None => JS_NULL,
        };
        JS_SetPropertyUint32(ctx, h, 0, n);
        for (i, p) in alpn.iter().enumerate() {
            JS_SetPropertyUint32(ctx, h, i as u32 + 1, qjs::string(ctx, &String::from_utf8_lossy(p)));
        }
        JS_SetPropertyUint32(ctx, r, 5, h);
    }
    r
}

// ---- binding functions ------------------------------------------------------------

/// `context({ key, cert, ca })` (arrays of PEM Buffers; ca null for the
/// bundled roots) → a context, or throws Node's error for bad PEM.
unsafe fn js_context(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let o = arg(a, 0);
    let (k, c, ca) = (prop(ctx, o, c"key"), prop(ctx, o, c"cert"), prop(ctx, o, c"ca"));
    // minVersion/maxVersion as 2 (TLS 1.2) or 3 (TLS 1.3); tls.js checks the names.
    let (min, max) = (prop(ctx, o, c"min"), prop(ctx, o, c"max"));
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    JS_ToFloat64(ctx, &mut lo, min);
    JS_ToFloat64(ctx, &mut hi, max);
    free(ctx, min);
    free(ctx, max);
    let mut versions = Vec::new();
    if lo <= 2.0 && hi >= 2.0 {
        versions.push(&rustls::version::TLS12);
    }
    if lo <= 3.0 && hi >= 3.0 {
        versions.push(&rustls::version::TLS13);
    }
    let keys = byte_list(ctx, k);
    let certs = byte_list(ctx, c);
    let has_ca = qjs::is_object(ca);
    let cas = byte_list(ctx, ca);
    let extra = prop(ctx, o, c"extra");
    let extras = byte_list(ctx, extra);
    free(ctx, extra);
    free(ctx, k);
    free(ctx, c);
    free(ctx, ca);
    let mut chain = Vec::new();
    for pem in &certs {
        for cert in CertificateDer::pem_slice_iter(pem) {
            match cert {
                Ok(c) => chain.push(c.into_owned()),
                Err(_) => return no_start_line(ctx),
            }
        }
    }
    if !certs.is_empty() && chain.is_empty() {
        return no_start_line(ctx);
    }
    let mut key = None;
    if let Some(pem) = keys.first() {
        match PrivateKeyDer::from_pem_slice(pem) {
            Ok(k) => key = Some(k),
            Err(_) => return bad_pem(ctx, "private key"),
        }
    }
    let mut trusted = Vec::new();
    let roots = if has_ca {
        let mut store = RootCertStore::empty();
        for pem in &cas {
            for cert in CertificateDer::pem_slice_iter(pem) {
                match cert {
                    Ok(c) => {
                        trusted.push(c.clone());
                        // Node skips what OpenSSL cannot use as a root.
                        let _ = store.add(c);
                    }
                    Err(_) => return bad_pem(ctx, "CA certificate"),
                }
            }
        }
        Arc::new(store)
    } else if !extras.is_empty() {
        // NODE_EXTRA_CA_CERTS: trusted besides the bundled roots. tls.js
        // reads the file once, so the store is made once.
        static WITH_EXTRA: OnceLock<Arc<RootCertStore>> = OnceLock::new();
        WITH_EXTRA
            .get_or_init(|| {
                let mut store = (*bundled_roots()).clone();
                for pem in &extras {
                    store.add_parsable_certificates(
                        CertificateDer::pem_slice_iter(pem).filter_map(Result::ok),
                    );
                }
                Arc::new(store)
            })
            .clone()
    } else {
        bundled_roots()
    };
    if let (Some(k), Some(leaf)) = (&key, chain.first()) {
        // The key must sign for the certificate (OpenSSL's check when both are set).
        let ok = provider()
            .key_provider
            .load_private_key(k.clone_key())
            .ok()
            .map(|signing| {
                rustls::sign::CertifiedKey::new(vec![leaf.clone()], signing)
                    .keys_match()
                    .is_ok()
            });
        match ok {
            Some(true) => {}
            Some(false) => {
                return throw_error(
                    ctx,
                    "ERR_OSSL_X509_KEY_VALUES_MISMATCH",
                    "error:05800074:x509 certificate routines::key values mismatch",
                    None,
                )
            }
            None => return bad_pem(ctx, "private key"),
        }
    }
    wrap_native(
        ctx,
        Context {
            chain,
            key,
            roots,
            trusted: Arc::new(trusted),
            versions,
            server: None,
        },
    )
}

/// OpenSSL's error for a key it cannot read.
unsafe fn bad_pem(ctx: *mut JSContext, what: &str) -> JSValue {
    let _ = what;
    throw_error(
        ctx,
        "ERR_OSSL_UNSUPPORTED",
        "error:1E08010C:DECODER routines::unsupported",
        None,
    )
}

/// OpenSSL's error for certificate text without a PEM block.
unsafe fn no_start_line(ctx: *mut JSContext) -> JSValue {
    throw_error(
        ctx,
        "ERR_OSSL_PEM_NO_START_LINE",
        "error:0480006C:PEM routines::no start line",
        None,
    )
}

unsafe fn strings(ctx: *mut JSContext, v: JSValue) -> Vec<Vec<u8>> {
    crate::builtins::args::string_list(ctx, v)
        .into_iter()
        .map(String::into_bytes)
        .collect()
}

/// `client(context, servername, alpn[])` → a client session (its
/// ClientHello is ready: `feed(session)` returns it).
unsafe fn js_client(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(c) = unwrap_native::<Context>(arg(a, 0)) else {
        return throw_error(ctx, "ERR_INVALID_ARG_TYPE", "not a secure context", None);
    };
    let name = qjs::to_rust_string(ctx, arg(a, 1)).unwrap_or_default();
    let server_name = match ServerName::try_from(name.clone()) {
        Ok(n) => n,
        Err(_) => ServerName::try_from("localhost").unwrap(),
    };
    let error: Slot = Arc::default();
    let inner = match WebPkiServerVerifier::builder_with_provider(c.roots.clone(), provider())
        .build()
    {
        Ok(v) => v,
        Err(e) => return throw_error(ctx, "ERR_TLS_INVALID_CONTEXT", &e.to_string(), None),
    };
    let verifier = Arc::new(RecordingServerVerifier {
        inner,
        trusted: c.trusted.clone(),
        error: error.clone(),
    });
    let builder = match ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(&c.versions)
    {
        Ok(b) => b,
        Err(e) => return throw_error(ctx, "ERR_TLS_INVALID_PROTOCOL_VERSION", &e.to_string(), None),
    };
    let builder = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let config = match &c.key {
        Some(k) if !c.chain.is_empty() => {
            match builder.with_client_auth_cert(c.chain.clone(), k.clone_key()) {
                Ok(cfg) => cfg,
                Err(e) => return throw_error(ctx, "ERR_OSSL_UNSUPPORTED", &e.to_string(), None),
            }
        }
        _ => builder.with_no_client_auth(),
    };
    let mut config = config;
    config.alpn_protocols = strings(ctx, arg(a, 2));
    // Node sends no SNI for an IP address or an empty servername.
    config.enable_sni = !name.is_empty();
    match rustls::ClientConnection::new(Arc::new(config), server_name) {
        Ok(mut conn) => {
            // JS holds what is written until the socket takes it.
            conn.set_buffer_limit(None);
            wrap_native(
            ctx,
            Session {
                conn: Conn::Active(Box::new(Connection::Client(conn))),
                verify_error: error,
            },
            )
        }
        Err(e) => throw_error(ctx, "ERR_TLS_INVALID_CONTEXT", &e.to_string(), None),
    }
}

/// `server()` → a server session waiting for its ClientHello.
unsafe fn js_server(ctx: *mut JSContext, _: &[JSValue]) -> JSValue {
    wrap_native(
        ctx,
        Session {
            conn: Conn::Accepting(Box::default(), Vec::new()),
            verify_error: Arc::default(),
        },
    )
}

/// `accept(session, context, alpn[], requestCert, rejectUnauthorized)` → what `feed` returns,
/// once the server session has its context.
unsafe fn js_accept(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(s) = session(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let Some(c) = unwrap_native::<Context>(arg(a, 1)) else {
        return throw_error(ctx, "ERR_INVALID_ARG_TYPE", "not a secure context", None);
    };
    let key = ServerKey {
        alpn: strings(ctx, arg(a, 2)),
        request_cert: JS_ToBool(ctx, arg(a, 3)) == 1,
        reject: JS_ToBool(ctx, arg(a, 4)) == 1,
    };
    let config = match &c.server {
        Some((k, cfg)) if *k == key => cfg.clone(),
        _ => match server_config(c, &key, &s.verify_error) {
            // A client-certificate verifier records into this session:
            // such a configuration is not shared.
            Ok(cfg) if key.request_cert && !key.reject => cfg,
            Ok(cfg) => {
                c.server = Some((key, cfg.clone()));
                cfg
            }
            Err(e) => return throw_error(ctx, "ERR_TLS_INVALID_CONTEXT", &e, None),
        },
    };
    let Conn::Hello(accepted, rest) = std::mem::replace(&mut s.conn, Conn::Failed) else {
        return throw_error(ctx, "ERR_TLS_INVALID_STATE", "no ClientHello to accept", None);
    };
    match accepted.into_connection(config) {
        Ok(mut conn) => {
            // JS holds what is written until the socket takes it.
            conn.set_buffer_limit(None);
            s.conn = Conn::Active(Box::new(Connection::Server(conn)));
            pump(ctx, s, &rest)
        }
        Err((e, mut alert)) => {
            let mut out = Vec::new();
            let _ = alert.write_all(&mut out);
            let r = JS_NewArray(ctx);
            JS_SetPropertyUint32(ctx, r, 0, array_buffer(ctx, &out));
            JS_SetPropertyUint32(ctx, r, 1, JS_NULL);
            JS_SetPropertyUint32(ctx, r, 2, qjs::int(0));
            let (code, message) = error_text(&e);
            JS_SetPropertyUint32(ctx, r, 3, qjs::string(ctx, &code));
            JS_SetPropertyUint32(ctx, r, 4, qjs::string(ctx, &message));
            r
        }
    }
}

fn server_config(c: &Context, key: &ServerKey, error: &Slot) -> Result<Arc<ServerConfig>, String> {
    let Some(k) = &c.key else {
        return Err("the server has no key and certificate (options.key, options.cert)".into());
    };
    let builder = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&c.versions)
        .map_err(|e| e.to_string())?;
    let builder = if key.request_cert && key.reject {
        let verifier = WebPkiClientVerifier::builder_with_provider(c.roots.clone(), provider())
            .build()
            .map_err(|e| e.to_string())?;
        builder.with_client_cert_verifier(verifier)
    } else if key.request_cert {
        let inner = WebPkiClientVerifier::builder_with_provider(c.roots.clone(), provider())
            .allow_unauthenticated()
            .build()
            .map_err(|e| e.to_string())?;
        builder.with_client_cert_verifier(Arc::new(RecordingClientVerifier {
            inner,
            error: error.clone(),
        }))
    } else {
        builder.with_no_client_auth()
    };
    let mut cfg = builder
        .with_single_cert(c.chain.clone(), k.clone_key())
        .map_err(|e| e.to_string())?;
    cfg.alpn_protocols = key.alpn.clone();
    Ok(Arc::new(cfg))
}

/// `feed(session, bytes?)` → see [`pump`].
unsafe fn js_feed(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(s) = session(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let v = arg(a, 1);
    if qjs::is_object(v) {
        with_bytes(ctx, v, |b| pump(ctx, s, b))
    } else {
        pump(ctx, s, &[])
    }
}

/// `write(session, bytes)` → the records carrying them (an ArrayBuffer).
unsafe fn js_write(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(s) = session(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let Conn::Active(conn) = &mut s.conn else {
        return throw_error(ctx, "ERR_SSL_PROTOCOL_IS_SHUTDOWN", "the TLS session has ended", None);
    };
    let mut out = Vec::new();
    with_bytes(ctx, arg(a, 1), |b| conn.writer().write_all(b)).ok();
    while conn.wants_write() {
        if conn.write_tls(&mut out).is_err() {
            break;
        }
    }
    array_buffer(ctx, &out)
}

/// `close(session)` → the close_notify alert to send.
unsafe fn js_close(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(s) = session(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let mut out = Vec::new();
    if let Conn::Active(conn) = &mut s.conn {
        conn.send_close_notify();
        while conn.wants_write() {
            if conn.write_tls(&mut out).is_err() {
                break;
            }
        }
    }
    array_buffer(ctx, &out)
}

/// `info(session)` → `{ alpn, version, cipher, verifyError, servername,
/// certs: [DER ArrayBuffer…] }` of a session past its handshake.
unsafe fn js_info(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let Some(s) = session(ctx, arg(a, 0)) else {
        return JS_EXCEPTION;
    };
    let o = JS_NewObject(ctx);
    let set = |name: &std::ffi::CStr, v: JSValue| {
        JS_SetPropertyStr(ctx, o, name.as_ptr(), v);
    };
    if let Some(code) = *s.verify_error.lock().unwrap() {
        set(c"verifyError", qjs::string(ctx, code));
    }
    let Conn::Active(conn) = &s.conn else {
        return o;
    };
    if let Some(p) = conn.alpn_protocol() {
        set(c"alpn", qjs::string(ctx, &String::from_utf8_lossy(p)));
    }
    if let Some(v) = conn.protocol_version() {
        let name = match v {
            rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3",
            rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2",
            _ => "unknown",
        };
        set(c"version", qjs::string(ctx, name));
    }
    if let Some(cs) = conn.negotiated_cipher_suite() {
        set(c"cipher", qjs::string(ctx, cs.suite().as_str().unwrap_or("")));
    }
    if let Connection::Server(sc) = &**conn {
        if let Some(n) = sc.server_name() {
            set(c"servername", qjs::string(ctx, n));
        }
    }
    let certs = JS_NewArray(ctx);
    for (i, c) in conn.peer_certificates().unwrap_or(&[]).iter().enumerate() {
        JS_SetPropertyUint32(ctx, certs, i as u32, array_buffer(ctx, c));
    }
    set(c"certs", certs);
    o
}

/// `localCert(context)` → the DER of the context's own certificate, or null.
unsafe fn js_local_cert(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    match unwrap_native::<Context>(arg(a, 0)).and_then(|c| c.chain.first()) {
        Some(c) => array_buffer(ctx, c),
        None => JS_NULL,
    }
}

/// Short names OpenSSL gives the attributes of a name.
fn attr_name(oid: &str) -> &str {
    match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.5" => "serialNumber",
        "2.5.4.4" => "SN",
        "2.5.4.42" => "GN",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        _ => oid,
    }
}

/// OpenSSL's time format: `Dec  6 05:00:00 2026 GMT`.
fn openssl_time(t: &x509_parser::time::ASN1Time) -> String {
    let d = t.to_datetime();
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {:>2} {:02}:{:02}:{:02} {} GMT",
        MONTHS[d.month() as usize - 1],
        d.day(),
        d.hour(),
        d.minute(),
        d.second(),
        d.year()
    )
}

unsafe fn name_pairs(ctx: *mut JSContext, n: &x509_parser::x509::X509Name) -> JSValue {
    let arr = JS_NewArray(ctx);
    let mut i = 0;
    for attr in n.iter_attributes() {
        let oid = attr.attr_type().to_id_string();
        let value = attr
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|_| String::from_utf8_lossy(attr.attr_value().data).into_owned());
        JS_SetPropertyUint32(ctx, arr, i, qjs::string(ctx, attr_name(&oid)));
        JS_SetPropertyUint32(ctx, arr, i + 1, qjs::string(ctx, &value));
        i += 2;
    }
    arr
}

/// `x509(der)` → the fields of Node's certificate object: subject and
/// issuer as `[name, value, …]`, subjectaltname, ca, validity, serial.
unsafe fn js_x509(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    with_bytes(ctx, arg(a, 0), |der| {
        let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
            return throw_error(ctx, "ERR_OSSL_ASN1_WRONG_TAG", "not an X.509 certificate", None);
        };
        let o = JS_NewObject(ctx);
        let set = |name: &std::ffi::CStr, v: JSValue| {
            JS_SetPropertyStr(ctx, o, name.as_ptr(), v);
        };
        set(c"subject", name_pairs(ctx, cert.subject()));
        set(c"issuer", name_pairs(ctx, cert.issuer()));
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            use x509_parser::extensions::GeneralName;
            let parts: Vec<String> = san
                .value
                .general_names
                .iter()
                .filter_map(|g| match g {
                    GeneralName::DNSName(d) => Some(format!("DNS:{d}")),
                    GeneralName::RFC822Name(e) => Some(format!("email:{e}")),
                    GeneralName::URI(u) => Some(format!("URI:{u}")),
                    GeneralName::IPAddress(ip) => match ip.len() {
                        4 => Some(format!("IP Address:{}", std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*ip).unwrap()))),
                        16 => {
                            let a = std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*ip).unwrap());
                            let groups: Vec<String> = a.segments().iter().map(|g| format!("{g:X}")).collect();
                            Some(format!("IP Address:{}", groups.join(":")))
                        }
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            set(c"subjectaltname", qjs::string(ctx, &parts.join(", ")));
        }
        let ca = matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca);
        set(c"ca", qjs::boolean(ca));
        set(c"valid_from", qjs::string(ctx, &openssl_time(&cert.validity().not_before)));
        set(c"valid_to", qjs::string(ctx, &openssl_time(&cert.validity().not_after)));
        let serial: String = cert.raw_serial().iter().map(|b| format!("{b:02X}")).collect();
        set(c"serialNumber", qjs::string(ctx, &serial));
        o
    })
}

/// Adds `binding.tls`.
pub(crate) unsafe fn install(ctx: *mut JSContext, binding: JSValue, _: &Options) {
    let o = JS_NewObject(ctx);
    set_fns(
        ctx,
        o,
        &[
            (c"context", native_fn!(js_context), 1),
            (c"client", native_fn!(js_client), 3),
            (c"server", native_fn!(js_server), 0),
            (c"accept", native_fn!(js_accept), 5),
            (c"feed", native_fn!(js_feed), 2),
            (c"write", native_fn!(js_write), 2),
            (c"close", native_fn!(js_close), 1),
            (c"info", native_fn!(js_info), 1),
            (c"localCert", native_fn!(js_local_cert), 1),
            (c"x509", native_fn!(js_x509), 1),
            (c"rootCertificates", native_fn!(js_root_certificates), 0),
        ],
    );
    JS_SetPropertyStr(ctx, binding, c"tls".as_ptr(), o);
}
