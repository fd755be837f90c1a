//! `build`: compiles an addon for each target. C/C++ addons are described in
//! the `"nabi"` section of their package.json and compiled with `zig cc`
//! (any Linux target, any glibc floor, from this one machine); Rust addons
//! (a `cdylib` crate) go through cargo, linking with zig when a glibc floor
//! is asked for. Results land in node-gyp-build's layout,
//! `prebuilds/<platform>-<arch>/<name>.napi.<libc>[.armvN].node`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::target::{Libc, Target};

/// The zig release nabi-prebuild installs from PyPI's `ziglang` package.
pub const ZIG_VERSION: &str = "0.14.1";

/// The tool cache (kept here as a name the other modules know).
pub use crate::cache::dir as cache_dir;

/// A `zig` binary: on PATH, else in the tool cache (installed on first use,
/// once, however many processes ask at the same time).
pub fn zig() -> Result<PathBuf> {
    if let Ok(p) = which("zig") {
        return Ok(p);
    }
    let dir = cache_dir()
        .join("tools")
        .join(format!("ziglang-{ZIG_VERSION}"));
    let bin = |d: &Path| d.join("ziglang").join("zig");
    crate::cache::ensure(
        &dir,
        |d| bin(d).exists(),
        |tmp| {
            eprintln!(
                "nabi-prebuild: installing zig {ZIG_VERSION} (PyPI ziglang) into {}",
                dir.display()
            );
            let status = Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "install",
                    "-q",
                    "--disable-pip-version-check",
                    "--target",
                ])
                .arg(tmp)
                .arg(format!("ziglang=={ZIG_VERSION}"))
                .status()
                .context(
                    "running python3 -m pip to install zig (is python3 with pip installed?)",
                )?;
            if !status.success() || !bin(tmp).exists() {
                bail!("installing zig from PyPI failed; install it yourself and put `zig` on PATH");
            }
            Ok(())
        },
    )?;
    Ok(bin(&dir))
}

fn which(name: &str) -> Result<PathBuf> {
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        let p = dir.join(name);
        if p.is_file() {
            return Ok(p);
        }
    }
    bail!("{name} not on PATH")
}

/// The `"nabi"` section of a C/C++ addon's package.json.
#[derive(serde::Deserialize, Debug)]
pub struct CConfig {
    pub name: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub include_dirs: Vec<String>,
    #[serde(default)]
    pub defines: Vec<String>,
    #[serde(default)]
    pub cflags: Vec<String>,
}

pub enum Addon {
    C { dir: PathBuf, config: CConfig },
    Rust { dir: PathBuf, name: String },
}

impl Addon {
    /// Finds how the addon in `dir` is built: a `"nabi"` section in
    /// package.json (C/C++), or a Cargo.toml with a cdylib (Rust).
    pub fn detect(dir: &Path) -> Result<Addon> {
        let pkg = dir.join("package.json");
        if pkg.exists() {
            let text = std::fs::read_to_string(&pkg)
                .with_context(|| format!("reading {}", pkg.display()))?;
            let v: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{} is not valid JSON", pkg.display()))?;
            if let Some(section) = v.get("nabi") {
                let config: CConfig = serde_json::from_value(section.clone()).with_context(|| {
                    format!("the \"nabi\" section of {} needs \"name\" and \"sources\" (and optionally include_dirs, defines, cflags)", pkg.display())
                })?;
                return Ok(Addon::C {
                    dir: dir.to_path_buf(),
                    config,
                });
            }
        }
        let cargo = dir.join("Cargo.toml");
        if cargo.exists() {
            let text = std::fs::read_to_string(&cargo)?;
            if !text.contains("cdylib") {
                bail!(
                    "{} is not a cdylib crate: add `[lib] crate-type = [\"cdylib\"]`",
                    cargo.display()
                );
            }
            let name = text
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("name")
                        .and_then(|r| r.split('"').nth(1))
                })
                .context("Cargo.toml has no package name")?
                .to_string();
            return Ok(Addon::Rust {
                dir: dir.to_path_buf(),
                name,
            });
        }
        bail!(
            "{} has neither a package.json with a \"nabi\" section (C/C++ addon) nor a Cargo.toml (Rust addon)",
            dir.display()
        )
    }

    pub fn name(&self) -> &str {
        match self {
            Addon::C { config, .. } => &config.name,
            Addon::Rust { name, .. } => name,
        }
    }
}

/// Node-API headers: `--headers`, else the addon's or an ancestor's
/// `node_modules/node-api-headers/include`.
pub fn find_headers(start: &Path, given: Option<&Path>) -> Result<PathBuf> {
    if let Some(h) = given {
        return Ok(h.to_path_buf());
    }
    let mut dir = Some(start.canonicalize().unwrap_or_else(|_| start.to_path_buf()));
    while let Some(d) = dir {
        let h = d.join("node_modules/node-api-headers/include");
        if h.join("node_api.h").exists() {
            return Ok(h);
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    bail!("Node-API headers not found: `npm install node-api-headers` in the addon, or pass --headers DIR")
}

/// The zig target string, with the glibc floor when there is one.
pub fn zig_target(t: &Target, glibc: Option<&str>) -> String {
    match (t.libc, glibc) {
        (Libc::Glibc, Some(v)) => format!("{}.{v}", t.zig_triple),
        _ => t.zig_triple.to_string(),
    }
}

/// Builds one target; returns the artifact path.
pub fn build_one(
    addon: &Addon,
    t: &Target,
    glibc: Option<&str>,
    out_root: &Path,
    headers: &Path,
) -> Result<PathBuf> {
    let out_dir = out_root.join(t.prebuild_dir());
    std::fs::create_dir_all(&out_dir)?;
    let out = out_dir.join(t.prebuild_file(addon.name()));
    match addon {
        Addon::C { dir, config } => {
            let zig = zig()?;
            let mut cmd = Command::new(&zig);
            let cxx = config
                .sources
                .iter()
                .any(|s| s.ends_with(".cc") || s.ends_with(".cpp"));
            cmd.arg(if cxx { "c++" } else { "cc" })
                .args(["-target", &zig_target(t, glibc)])
                .args(["-shared", "-fPIC", "-O2", "-fvisibility=hidden"])
                .arg("-I")
                .arg(headers);
            for inc in &config.include_dirs {
                cmd.arg("-I").arg(dir.join(inc));
            }
            for d in &config.defines {
                cmd.arg(format!("-D{d}"));
            }
            cmd.args(&config.cflags);
            for s in &config.sources {
                cmd.arg(dir.join(s));
            }
            cmd.arg("-o").arg(&out);
            // zig keeps its cache under ours, so repeated builds are cheap.
            cmd.env("ZIG_GLOBAL_CACHE_DIR", cache_dir().join("zig-cache"));
            run(&mut cmd, t)?;
        }
        Addon::Rust { dir, name } => {
            let libdir = Command::new("rustc")
                .args(["--print", "target-libdir", "--target", t.rust_triple])
                .output()?;
            let libdir = PathBuf::from(String::from_utf8_lossy(&libdir.stdout).trim());
            if !libdir.join("lib").exists() && !libdir.exists()
                || std::fs::read_dir(&libdir)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(true)
            {
                bail!(
                    "the Rust standard library for {} is not installed: run `rustup target add {}`",
                    t.rust_triple,
                    t.rust_triple
                );
            }
            let mut cmd = Command::new("cargo");
            cmd.current_dir(dir)
                .args(["build", "--release", "--target", t.rust_triple]);
            if let (Libc::Glibc, Some(_)) = (t.libc, glibc) {
                // Link through zig so the glibc floor holds.
                let wrapper = linker_wrapper(t, glibc)?;
                let var = format!(
                    "CARGO_TARGET_{}_LINKER",
                    t.rust_triple.to_uppercase().replace('-', "_")
                );
                cmd.env(var, wrapper);
            }
            run(&mut cmd, t)?;
            let target_dir = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| dir.join("target"));
            let lib = target_dir
                .join(t.rust_triple)
                .join("release")
                .join(format!("lib{}.so", name.replace('-', "_")));
            std::fs::copy(&lib, &out)
                .with_context(|| format!("copying {} (the cdylib cargo built)", lib.display()))?;
        }
    }
    Ok(out)
}

/// A shell script calling `zig cc -target <triple>.<glibc>`, for cargo.
fn linker_wrapper(t: &Target, glibc: Option<&str>) -> Result<PathBuf> {
    let zig = zig()?;
    let dir = cache_dir().join("linkers");
    let target = zig_target(t, glibc);
    let path = dir.join(format!("zig-cc-{target}"));
    // rustc passes a few flags zig's linker driver does not take: drop them.
    let script = format!(
        "#!/bin/sh\nn=$#\ni=0\nwhile [ $i -lt $n ]; do a=$1; shift; i=$((i+1)); case \"$a\" in --target=*|-Wl,--no-undefined-version) ;; *) set -- \"$@\" \"$a\";; esac; done\nexec \"{}\" cc -target {} \"$@\"\n",
        zig.display(),
        target
    );
    crate::cache::write_file(&path, script.as_bytes(), 0o755)?;
    Ok(path)
}

fn run(cmd: &mut Command, t: &Target) -> Result<()> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .with_context(|| format!("[{t}] could not run {shown}"))?;
    if !out.status.success() {
        bail!(
            "[{t}] build failed: {shown}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}
