//! TLS and HTTPS against Node 24. Certificates are made here with rcgen
//! (a CA, leaves it signs, a self-signed leaf, an expired one, a chain
//! through an intermediate, a client certificate) and written as PEM files
//! to a temporary folder the scripts find in `NABI_TLS_DIR`.
//!
//! - Every `tests/tls/*.js` runs under Node 24 and under nabi: both must
//!   exit 0 with the same stdout (loopback only, each bounded by a timer).
//! - `tests/tls/cross/peer.js` runs its servers under one runtime and its
//!   clients under the other, both ways: a nabi client against a Node
//!   server and the reverse must print what Node prints against Node.
//!
//! - `tests/packages/net/wss.js`: `ws` (npm, unmodified, installed by
//!   `tests/packages/install.sh net`) over https, the same under both.
//!
//! `NABI_TLS_FILTER=<substring>` runs a subset of the first.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn leaf_params(names: &[&str], cn: &str) -> CertificateParams {
    let mut p =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.distinguished_name
        .push(DnType::OrganizationName, "nabi tests");
    p.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
    ];
    p
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p
}

/// The folder of PEM files, made once per test run.
fn certs() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tls-certs");
        std::fs::create_dir_all(&dir).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();

        let ca_key = KeyPair::generate().unwrap();
        let ca = ca_params("nabi test CA");
        write("ca.pem", &ca.self_signed(&ca_key).unwrap().pem());
        let issuer = Issuer::new(ca, ca_key);

        let signed = |file: &str, params: CertificateParams, issuer: &Issuer<'_, KeyPair>| {
            let key = KeyPair::generate().unwrap();
            let cert = params.signed_by(&key, issuer).unwrap();
            write(&format!("{file}.pem"), &cert.pem());
            write(&format!("{file}.key"), &key.serialize_pem());
            cert.pem()
        };
        signed(
            "leaf",
            leaf_params(&["localhost", "127.0.0.1", "::1"], "localhost"),
            &issuer,
        );
        signed("other", leaf_params(&["other.test"], "other.test"), &issuer);
        signed("client", leaf_params(&[], "nabi client"), &issuer);
        let mut expired = leaf_params(&["localhost"], "localhost");
        expired.not_before = rcgen::date_time_ymd(2001, 1, 1);
        expired.not_after = rcgen::date_time_ymd(2002, 1, 1);
        signed("expired", expired, &issuer);

        // leaf ← intermediate ← CA; the server sends leaf and intermediate.
        let inter_key = KeyPair::generate().unwrap();
        let inter = ca_params("nabi test intermediate");
        let inter_pem = inter.signed_by(&inter_key, &issuer).unwrap().pem();
        let inter_issuer = Issuer::new(inter, inter_key);
        let leaf = signed(
            "chain",
            leaf_params(&["localhost"], "localhost"),
            &inter_issuer,
        );
        write("chain.pem", &format!("{leaf}{inter_pem}"));

        let self_key = KeyPair::generate().unwrap();
        let own = leaf_params(&["localhost"], "localhost");
        write("self.pem", &own.self_signed(&self_key).unwrap().pem());
        write("self.key", &self_key.serialize_pem());
        dir
    })
}

struct Run {
    stdout: String,
    stderr: String,
    ok: bool,
}

fn run(program: &str, script: &Path, args: &[&str]) -> Run {
    let out = Command::new("timeout")
        .arg("30")
        .arg(program)
        .arg(script)
        .args(args)
        .current_dir(script.parent().unwrap())
        .env("NABI_TLS_DIR", certs())
        .env_remove("NODE_TLS_REJECT_UNAUTHORIZED")
        .env_remove("NODE_EXTRA_CA_CERTS")
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        ok: out.status.success(),
    }
}

#[test]
fn tls_scripts_node_and_nabi_agree() {
    let nabi = env!("CARGO_BIN_EXE_nabi");
    let node = support::node()
        .to_str()
        .expect("a UTF-8 cache path")
        .to_string();
    let filter = std::env::var("NABI_TLS_FILTER").unwrap_or_default();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root().join("tests/tls"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .filter(|p| p.to_string_lossy().contains(&filter))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no tests/tls/*.js matched {filter:?}");
    let mut failures = Vec::new();
    for script in &scripts {
        let name = script.file_name().unwrap().to_string_lossy().into_owned();
        let want = run(&node, script, &[]);
        assert!(
            want.ok,
            "{name} fails under Node 24 itself:\n{}\n{}",
            want.stdout, want.stderr
        );
        let got = run(nabi, script, &[]);
        if !got.ok || got.stdout != want.stdout {
            failures.push(format!(
                "{name}: nabi {}\n--- node\n{}--- nabi\n{}--- nabi stderr\n{}",
                if got.ok { "differs" } else { "failed" },
                want.stdout,
                got.stdout,
                got.stderr
            ));
        } else {
            eprintln!("ok {name}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The clients' output with the servers under `server` and the clients
/// under `client`.
fn converse(server: &str, client: &str) -> String {
    let script = root().join("tests/tls/cross/peer.js");
    support::converse(&script, server, client, &|cmd| {
        cmd.current_dir(script.parent().unwrap())
            .env("NABI_TLS_DIR", certs())
            .env_remove("NODE_TLS_REJECT_UNAUTHORIZED")
            .env_remove("NODE_EXTRA_CA_CERTS");
    })
}

#[test]
fn nabi_and_node_talk_tls_and_https_to_each_other() {
    let nabi = env!("CARGO_BIN_EXE_nabi");
    let node = support::node().to_str().expect("a UTF-8 cache path");
    let reference = converse(node, node);
    assert!(reference.ends_with("done\n"), "{reference}");
    assert_eq!(converse(node, nabi), reference, "nabi client, node server");
    assert_eq!(converse(nabi, node), reference, "node client, nabi server");
    assert_eq!(converse(nabi, nabi), reference, "nabi both sides");
}

#[test]
fn ws_over_https_as_in_node() {
    let out = Command::new("bash")
        .arg(root().join("tests/packages/install.sh"))
        .arg("net")
        .output()
        .expect("run tests/packages/install.sh");
    assert!(
        out.status.success(),
        "installing ws failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let modules = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let script = root().join("tests/packages/net/wss.js");
    let go = |program: &str| {
        let out = Command::new("timeout")
            .arg("30")
            .arg(program)
            .arg(&script)
            .env("NABI_TLS_DIR", certs())
            .env("NABI_PACKAGES_DIR", &modules)
            .output()
            .unwrap_or_else(|e| panic!("run {program}: {e}"));
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let node = support::node()
        .to_str()
        .expect("a UTF-8 cache path")
        .to_string();
    let (ok, want, err) = go(&node);
    assert!(
        ok && want.ends_with("done\n"),
        "wss.js under Node 24:\n{want}\n{err}"
    );
    let (ok, got, err) = go(env!("CARGO_BIN_EXE_nabi"));
    assert!(ok, "wss.js under nabi failed:\n{got}\n{err}");
    assert_eq!(got, want, "ws over https: nabi differs from node");
}
