//! `dns.resolve*` against a name server made here: a thread answering
//! UDP queries on 127.0.0.1 from a fixed zone (`example.test` and a few
//! names whose server fails). `tests/dns/*.js` run under Node 24 (c-ares)
//! and nabi with `NABI_DNS_PORT` (the server), `NABI_DNS_CLOSED` (a port
//! nothing listens on) and `NABI_DNS_SILENT` (a server that never
//! answers): both must exit 0 with the same stdout.

mod support;

use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::Command;

fn name_bytes(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.split('.').filter(|l| !l.is_empty()) {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

/// The records of the zone for a name and type: (type, rdata).
fn records(name: &str, qtype: u16) -> Option<Vec<(u16, Vec<u8>)>> {
    const A: u16 = 1;
    const NS: u16 = 2;
    const CNAME: u16 = 5;
    const SOA: u16 = 6;
    const PTR: u16 = 12;
    const MX: u16 = 15;
    const TXT: u16 = 16;
    const AAAA: u16 = 28;
    const SRV: u16 = 33;
    const NAPTR: u16 = 35;
    const CAA: u16 = 257;
    let txt = |parts: &[&str]| {
        let mut v = Vec::new();
        for p in parts {
            v.push(p.len() as u8);
            v.extend_from_slice(p.as_bytes());
        }
        v
    };
    let all: Vec<(u16, Vec<u8>)> = match name {
        "example.test" => vec![
            (A, vec![192, 0, 2, 1]),
            (A, vec![192, 0, 2, 2]),
            (
                AAAA,
                vec![0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            ),
            (
                MX,
                [&[0, 10][..], &name_bytes("mail.example.test")].concat(),
            ),
            (
                MX,
                [&[0, 20][..], &name_bytes("backup.example.test")].concat(),
            ),
            (TXT, txt(&["v=spf1 -all"])),
            (TXT, txt(&["first", "second"])),
            (NS, name_bytes("ns1.example.test")),
            (
                SOA,
                [
                    name_bytes("ns1.example.test"),
                    name_bytes("admin.example.test"),
                    [
                        0, 0, 0, 7, 0, 0, 14, 16, 0, 0, 2, 88, 0, 9, 58, 128, 0, 0, 1, 44,
                    ]
                    .to_vec(),
                ]
                .concat(),
            ),
            (CAA, [&[0, 5][..], b"issue", b"ca.test"].concat()),
        ],
        "alias.example.test" => vec![(CNAME, name_bytes("example.test"))],
        "naptr.example.test" => vec![(
            NAPTR,
            [
                &[0, 100, 0, 10][..],
                &txt(&["S", "SIP+D2U", ""]),
                &name_bytes("_sip._udp.example.test"),
            ]
            .concat(),
        )],
        "_sip._tcp.example.test" => vec![(
            SRV,
            [
                &[0, 10, 0, 5, 0x13, 0xc4][..],
                &name_bytes("sip.example.test"),
            ]
            .concat(),
        )],
        "1.2.0.192.in-addr.arpa" => vec![(PTR, name_bytes("host.example.test"))],
        "empty.test" => vec![],
        _ => return None,
    };
    Some(
        all.into_iter()
            .filter(|(t, _)| qtype == 255 || *t == qtype)
            .collect(),
    )
}

/// The answer to one query (the question echoed as it came).
fn answer(q: &[u8]) -> Option<Vec<u8>> {
    if q.len() < 12 {
        return None;
    }
    let mut i = 12;
    let mut labels = Vec::new();
    while i < q.len() && q[i] != 0 {
        let n = q[i] as usize;
        labels.push(String::from_utf8_lossy(q.get(i + 1..i + 1 + n)?).to_lowercase());
        i += 1 + n;
    }
    let qend = i + 5;
    let qtype = u16::from_be_bytes([*q.get(i + 1)?, *q.get(i + 2)?]);
    let name = labels.join(".");
    let (rcode, recs) = match name.as_str() {
        "servfail.test" => (2, vec![]),
        "refused.test" => (5, vec![]),
        _ => match records(&name, qtype) {
            Some(r) => (0, r),
            None => (3, vec![]),
        },
    };
    let mut out = q[..2].to_vec();
    out.extend_from_slice(&[0x81, 0x80 | rcode]);
    out.extend_from_slice(&[0, 1]);
    out.extend_from_slice(&(recs.len() as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(q.get(12..qend)?);
    for (t, data) in recs {
        out.extend_from_slice(&[0xc0, 12]);
        out.extend_from_slice(&t.to_be_bytes());
        out.extend_from_slice(&[0, 1, 0, 0, 1, 44]);
        out.extend_from_slice(&(data.len() as u16).to_be_bytes());
        out.extend_from_slice(&data);
    }
    Some(out)
}

fn serve() -> u16 {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = sock.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok((n, from)) = sock.recv_from(&mut buf) {
            if let Some(a) = answer(&buf[..n]) {
                let _ = sock.send_to(&a, from);
            }
        }
    });
    port
}

/// A server that never answers (its socket is kept open, never read).
fn silent_port() -> u16 {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = sock.local_addr().unwrap().port();
    std::mem::forget(sock);
    port
}

fn closed_port() -> u16 {
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    sock.local_addr().unwrap().port()
}

#[test]
fn resolve_node_and_nabi_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let port = serve().to_string();
    let closed = closed_port().to_string();
    let silent = silent_port().to_string();
    let node = support::node()
        .to_str()
        .expect("a UTF-8 cache path")
        .to_string();
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(root.join("tests/dns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty());
    for script in scripts {
        let run = |program: &str| {
            let out = Command::new("timeout")
                .arg("30")
                .arg(program)
                .arg(&script)
                .env("NABI_DNS_PORT", &port)
                .env("NABI_DNS_CLOSED", &closed)
                .env("NABI_DNS_SILENT", &silent)
                .output()
                .unwrap();
            (
                out.status.success(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        };
        let (ok, want, err) = run(&node);
        assert!(
            ok,
            "{} fails under Node 24:\n{want}\n{err}",
            script.display()
        );
        let (ok, got, err) = run(env!("CARGO_BIN_EXE_nabi"));
        assert!(
            ok && got == want,
            "{}: nabi {}\n--- node\n{want}--- nabi\n{got}--- stderr\n{err}",
            script.display(),
            if ok { "differs" } else { "failed" }
        );
    }
}
