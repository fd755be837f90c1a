//! `build`: compiles an addon for each target. C/C++ addons are described in
//! the `"nabi"` section of their package.json (or their binding.gyp) and
//! compiled with `zig cc` (any Linux target and glibc floor, macOS and
//! Windows, from this one machine); Rust addons (a `cdylib` crate) go
//! through cargo, linking with zig for every foreign target. Results land
//! in node-gyp-build's layout, `prebuilds/<platform>-<arch>/<name>.napi.
//! <libc>[.armvN].node` on Linux, `prebuilds/<platform>-<arch>/<name>.node`
//! on macOS and Windows.
//!
//! macOS: a Mach-O dylib with `-undefined dynamic_lookup` (Node-API comes
//! from the process that loads it), install name `@rpath/<name>.node`, a
//! minimum macOS (`--macos-min`, default Node's own floor). Windows: a
//! MinGW-ABI DLL (zig's `*-windows-gnu`) whose Node-API functions come from
//! `shim/win_host_lookup.c`, which looks them up in the loading process, so
//! the DLL imports no `node.exe`; zig links the C++ runtime and unwinder
//! statically.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use sha2::{Digest, Sha256};

use crate::target::{Libc, Os, Target};

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
    /// Flags for C++ sources only.
    #[serde(default)]
    pub cflags_cc: Vec<String>,
    /// Linker inputs (`-lz`, `deps/libfoo.a`).
    #[serde(default)]
    pub libraries: Vec<String>,
    /// node-addon-api's gyp target the addon depends on, if any.
    #[serde(skip)]
    pub node_addon_api: Option<String>,
}

impl CConfig {
    fn from_gyp(t: crate::gyp::Target) -> CConfig {
        CConfig {
            name: t.name,
            sources: t.sources,
            include_dirs: t.include_dirs,
            defines: t.defines,
            cflags: t.cflags,
            cflags_cc: t.cflags_cc,
            libraries: t.libraries,
            node_addon_api: t.node_addon_api,
        }
    }
}

pub enum Addon {
    /// `gyp`: the config came from binding.gyp, whose conditions depend on
    /// the target, so each target reads it again.
    C {
        dir: PathBuf,
        config: CConfig,
        gyp: bool,
    },
    Rust {
        dir: PathBuf,
        krate: Crate,
    },
}

/// A Rust addon crate, as `cargo metadata` describes it (so workspaces,
/// inherited fields and configured target directories all come out right).
#[derive(Debug, Clone)]
pub struct Crate {
    /// The package name (`example-rust-addon`): names the prebuilt file.
    pub name: String,
    /// The library target's name (`example_rust_addon`): names the cdylib.
    pub lib_name: String,
    pub version: String,
    /// Where cargo puts its output: `CARGO_TARGET_DIR`, `build.target-dir`
    /// or the workspace's `target/`, as cargo itself decides.
    pub target_dir: PathBuf,
    /// description, license, repository for the npm packages.
    pub inherited: serde_json::Map<String, serde_json::Value>,
}

impl Crate {
    pub fn read(dir: &Path) -> Result<Crate> {
        let manifest = std::path::absolute(dir.join("Cargo.toml"))?;
        let out = Command::new("cargo")
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--manifest-path",
            ])
            .arg(&manifest)
            .current_dir(dir)
            .output()
            .context("running `cargo metadata` (is cargo installed?)")?;
        if !out.status.success() {
            bail!(
                "`cargo metadata` failed for {}:\n{}",
                manifest.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
        let want = manifest.canonicalize().unwrap_or(manifest.clone());
        let pkg = v["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| {
                p["manifest_path"]
                    .as_str()
                    .is_some_and(|m| Path::new(m) == want)
            })
            .with_context(|| format!("{} has no [package] (a virtual workspace manifest?): point at the addon crate's directory", manifest.display()))?;
        let lib = pkg["targets"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| {
                t["crate_types"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c == "cdylib"))
            })
            .with_context(|| {
                format!(
                    "{} is not a cdylib crate: add `[lib] crate-type = [\"cdylib\"]`",
                    manifest.display()
                )
            })?;
        let mut inherited = serde_json::Map::new();
        for key in ["description", "license", "repository", "homepage"] {
            if let Some(v) = pkg[key].as_str() {
                inherited.insert(key.into(), v.into());
            }
        }
        Ok(Crate {
            name: pkg["name"].as_str().unwrap_or_default().into(),
            lib_name: lib["name"].as_str().unwrap_or_default().replace('-', "_"),
            version: pkg["version"].as_str().unwrap_or_default().into(),
            target_dir: PathBuf::from(v["target_directory"].as_str().unwrap_or("target")),
            inherited,
        })
    }
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
                    gyp: false,
                });
            }
        }
        if dir.join("binding.gyp").exists() {
            // An unmodified node-gyp package.
            return Ok(Addon::C {
                dir: dir.to_path_buf(),
                config: CConfig::from_gyp(crate::gyp::read(dir, None)?),
                gyp: true,
            });
        }
        if dir.join("Cargo.toml").exists() {
            return Ok(Addon::Rust {
                dir: dir.to_path_buf(),
                krate: Crate::read(dir)?,
            });
        }
        bail!(
            "{} has no package.json \"nabi\" section or binding.gyp (C/C++ addon), and no Cargo.toml (Rust addon)",
            dir.display()
        )
    }

    pub fn name(&self) -> &str {
        match self {
            Addon::C { config, .. } => &config.name,
            Addon::Rust { krate, .. } => &krate.name,
        }
    }
}

/// Node-API headers: `--headers`, else the addon's or an ancestor's
/// `node_modules/node-api-headers/include`, else npm's `node-api-headers`
/// package installed into the tool cache.
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
    let h = crate::hosts::npm_install(NODE_API_HEADERS)
        .context("Node-API headers not found: `npm install node-api-headers` in the addon, or pass --headers DIR")?
        .join("include");
    if !h.join("node_api.h").exists() {
        bail!("{} has no node_api.h: pass --headers DIR", h.display());
    }
    Ok(h)
}

/// The npm package the Node-API headers come from when the addon has none.
pub const NODE_API_HEADERS: &str = "node-api-headers@1";

/// The zig target string, with the glibc floor or minimum macOS when
/// there is one.
pub fn zig_target(t: &Target, opts: &Options) -> String {
    match (t.os, t.libc, opts.glibc.as_deref()) {
        (Os::Linux, Some(Libc::Glibc), Some(v)) => format!("{}.{v}", t.zig_triple),
        (Os::Darwin, ..) => format!("{}.{}", t.zig_triple, macos_min(t, opts)),
        _ => t.zig_triple.to_string(),
    }
}

/// The oldest macOS a darwin build must load on: `--macos-min`, else
/// Node's own floor for the arch (10.15 on x64, 11.0 on arm64).
pub fn macos_min<'a>(t: &'a Target, opts: &'a Options) -> &'a str {
    opts.macos_min.as_deref().or(t.min_os).unwrap_or("11.0")
}

/// How `build` builds: the flags that apply to every target.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The oldest glibc the gnu builds must run on (`2.17`).
    pub glibc: Option<String>,
    /// The oldest macOS the darwin builds must load on (`10.15`); default
    /// Node's own floor per arch.
    pub macos_min: Option<String>,
    /// Keep symbols and debug info (`--no-strip`).
    pub no_strip: bool,
    /// cargo's target directory (`--target-dir`), for Rust addons.
    pub target_dir: Option<PathBuf>,
    /// Run `rustup target add` for a missing Rust standard library.
    pub install_targets: bool,
}

/// The entry points a Node-API module needs the loader to see; everything
/// else (the addon's own functions, zig's compiler-rt) stays local.
const EXPORTS: &str = "{\n  global:\n    napi_register_module_v1;\n    node_api_module_get_api_version_v1;\n  local: *;\n};\n";

/// The Windows host-lookup shim (see its header comment), and the Node-API
/// function lists it is generated from: node-api-headers' `.def` files
/// (the exports of `node.exe` that `node.lib` would import).
const WIN_SHIM: &str = include_str!("../shim/win_host_lookup.c");
const WIN_SHIM_REGISTER: &str = include_str!("../shim/win_host_register.c");
/// A link stub for macOS's libiconv (see linker_wrapper).
const LIBICONV_TBD: &str = include_str!("../shim/libiconv.tbd");
const NODE_API_DEFS: [&str; 2] = [
    include_str!("../shim/node_api.def"),
    include_str!("../shim/js_native_api.def"),
];

/// The function names of `.def` files (the lines after `EXPORTS`).
pub fn def_symbols(def: &str) -> impl Iterator<Item = &str> {
    def.lines()
        .map(str::trim)
        .skip_while(|l| *l != "EXPORTS")
        .skip(1)
        .filter(|l| !l.is_empty() && !l.starts_with(';'))
        // The shim pastes each name into C and assembly: identifiers only.
        .filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// Every Node-API function the shim forwards: the bundled `.def` lists
/// plus those of the headers the addon compiles against, if any (a newer
/// node-api-headers may declare more), sorted.
pub fn shim_symbols(headers: Option<&Path>) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for def in NODE_API_DEFS {
        names.extend(def_symbols(def).map(String::from));
    }
    for file in ["node_api.def", "js_native_api.def"] {
        let Some(headers) = headers else { break };
        if let Ok(text) = std::fs::read_to_string(headers.join("../def").join(file)) {
            names.extend(def_symbols(&text).map(String::from));
        }
    }
    names.into_iter().collect()
}

/// Writes the shim and its generated symbol list into the tool cache;
/// returns the C file (`win_host_register.c` is written beside it).
fn win_shim(headers: Option<&Path>) -> Result<PathBuf> {
    let list: String = shim_symbols(headers)
        .iter()
        .filter(|n| *n != "napi_module_register")
        .map(|n| format!("NODE_API_SYMBOL({n})\n"))
        .collect();
    let hash: String = Sha256::digest(list.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = cache_dir().join("shim").join(hash);
    crate::cache::write_file(&dir.join("node_api_symbols.h"), list.as_bytes(), 0o644)?;
    let c = dir.join("win_host_lookup.c");
    crate::cache::write_file(&c, WIN_SHIM.as_bytes(), 0o644)?;
    crate::cache::write_file(
        &dir.join("win_host_register.c"),
        WIN_SHIM_REGISTER.as_bytes(),
        0o644,
    )?;
    Ok(c)
}

/// A directory for napi-rs's build script (napi-build 2), which on a
/// `*-windows-gnu` target wants `LIBNODE_PATH` to hold a `libnode.dll` and
/// links `-lnode` from there (and panics without one). Here `libnode.dll`
/// and `libnode.a` are both the host-lookup shim as a static archive: the
/// linker takes whichever name it looks for, resolves any Node-API
/// reference (`napi_*` or `__imp_napi_*`) to the shim, and the DLL imports
/// no Node module by name. (napi-sys's default `dyn-symbols` looks Node-API
/// up at run time and references none: then nothing is taken.)
fn libnode_shim_dir(t: &Target, opts: &Options, log: &(dyn Fn(&str) + Sync)) -> Result<PathBuf> {
    let zig = zig()?;
    let c = win_shim(None)?;
    let target = zig_target(t, opts);
    let dir = c.with_file_name(format!("libnode-{target}"));
    let scratch = crate::cache::temp_name(&dir);
    std::fs::create_dir_all(&scratch)?;
    let result = (|| {
        let mut objects = Vec::new();
        for src in [c.clone(), c.with_file_name("win_host_register.c")] {
            let obj = scratch.join(file_name(&src)).with_extension("o");
            let mut cmd = Command::new(&zig);
            cmd.args(["cc", "-c", "-target", &target, "-O2"])
                .arg(&src)
                .arg("-o")
                .arg(&obj)
                .env("ZIG_GLOBAL_CACHE_DIR", cache_dir().join("zig-cache"));
            run(&mut cmd, t, log)?;
            objects.push(obj);
        }
        let archive = scratch.join("libnode.a");
        let mut cmd = Command::new(&zig);
        cmd.args(["ar", "rcs"]).arg(&archive).args(&objects);
        run(&mut cmd, t, log)?;
        let bytes = std::fs::read(&archive)?;
        for name in ["libnode.a", "libnode.dll"] {
            crate::cache::write_file(&dir.join(name), &bytes, 0o644)?;
        }
        Ok(dir.clone())
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// Builds one target; returns the artifact path. Compiler output is passed
/// to `log` line by line as it comes.
pub fn build_one(
    addon: &Addon,
    t: &Target,
    opts: &Options,
    out_root: &Path,
    headers: &Path,
    log: &(dyn Fn(&str) + Sync),
) -> Result<PathBuf> {
    let out_dir = out_root.join(t.prebuild_dir());
    std::fs::create_dir_all(&out_dir)?;
    let out = std::path::absolute(out_dir.join(t.prebuild_file(addon.name())))?;
    match addon {
        Addon::C { dir, config, gyp } => {
            let dir = &std::path::absolute(dir)?;
            let for_target;
            let config = if *gyp && t.os != Os::Linux {
                // binding.gyp's conditions differ per OS.
                for_target = CConfig::from_gyp(crate::gyp::read(dir, Some(t))?);
                &for_target
            } else {
                config
            };
            build_c(
                dir,
                config,
                t,
                opts,
                &std::path::absolute(headers)?,
                &out,
                log,
            )?
        }
        Addon::Rust { dir, krate } => build_rust(dir, krate, t, opts, &out, log)?,
    }
    Ok(out)
}

/// Builds a cdylib crate with cargo for `t` and copies it to `out`.
fn build_rust(
    dir: &Path,
    krate: &Crate,
    t: &Target,
    opts: &Options,
    out: &Path,
    log: &(dyn Fn(&str) + Sync),
) -> Result<()> {
    let glibc = opts.glibc.as_deref();
    ensure_rust_std(dir, t, opts.install_targets)?;
    let mut cmd = Command::new("cargo");
    cmd.current_dir(dir)
        .args(["build", "--release", "--lib", "--target", t.rust_triple]);
    let target_dir = match &opts.target_dir {
        Some(d) => {
            cmd.arg("--target-dir").arg(d);
            d.clone()
        }
        None => krate.target_dir.clone(),
    };
    let var = |what: &str| {
        format!(
            "CARGO_TARGET_{}_{what}",
            t.rust_triple.to_uppercase().replace('-', "_")
        )
    };
    if t.libc == Some(Libc::Musl) {
        // Rust links musl statically by default, and a static
        // binary cannot be a cdylib: link musl dynamically.
        cmd.env(var("RUSTFLAGS"), "-C target-feature=-crt-static");
    }
    let libnode = match t.os {
        Os::Windows => Some(libnode_shim_dir(t, opts, log)?),
        _ => None,
    };
    if !native(t, glibc) {
        // Foreign arch or OS, musl or a glibc floor: link through zig.
        cmd.env(var("LINKER"), linker_wrapper(t, opts, libnode.as_deref())?);
    }
    match t.os {
        Os::Linux => {}
        Os::Darwin => {
            // zig's Mach-O linker takes no exported-symbols list (0.14), so
            // rustc's list of the cdylib's exports is applied by LTO
            // instead: it internalizes every other symbol. Without it the
            // library would export all of std (about 2,000 symbols).
            cmd.env("CARGO_PROFILE_RELEASE_LTO", "fat")
                .env("MACOSX_DEPLOYMENT_TARGET", macos_min(t, opts))
                .env(
                    "NABI_PREBUILD_INSTALL_NAME",
                    format!("@rpath/{}", file_name(out)),
                );
        }
        Os::Windows => {
            // rustc makes import libraries for raw-dylib crates (windows-link)
            // with `<arch>-w64-mingw32-dlltool`: zig's, by that name.
            let path = std::env::join_paths(std::iter::once(dlltool_dir()?).chain(
                std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
            ))?;
            cmd.env("PATH", path);
            if let Some(dir) = &libnode {
                cmd.env("LIBNODE_PATH", dir);
            }
        }
    }
    if !opts.no_strip {
        cmd.env("CARGO_PROFILE_RELEASE_STRIP", "symbols");
    }
    run(&mut cmd, t, log).map_err(|e| {
        if format!("{e:#}").contains("can't find crate for `std`") {
            anyhow::anyhow!("{e:#}\n{}", missing_std(t))
        } else {
            e
        }
    })?;
    let lib = target_dir
        .join(t.rust_triple)
        .join("release")
        .join(match t.os {
            Os::Linux => format!("lib{}.so", krate.lib_name),
            Os::Darwin => format!("lib{}.dylib", krate.lib_name),
            Os::Windows => format!("{}.dll", krate.lib_name),
        });
    std::fs::copy(&lib, out)
        .with_context(|| format!("copying {} (the cdylib cargo built)", lib.display()))?;
    Ok(())
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

fn is_cxx(source: &str) -> bool {
    [".cc", ".cpp", ".cxx", ".c++", ".C"]
        .iter()
        .any(|e| source.ends_with(e))
}

/// node-addon-api's directory: the addon's (or an ancestor's)
/// node_modules, else npm's package in the tool cache, at the version range
/// the addon's package.json asks for.
fn node_addon_api_dir(dir: &Path) -> Result<PathBuf> {
    let start = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for d in start.ancestors() {
        let p = d.join("node_modules/node-addon-api");
        if p.join("napi.h").exists() {
            return Ok(p);
        }
    }
    let range = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| {
            v["dependencies"]["node-addon-api"]
                .as_str()
                .map(String::from)
        })
        .unwrap_or_else(|| "8".into());
    crate::hosts::npm_install(&format!("node-addon-api@{range}"))
}

/// Compiles a C/C++ addon with zig for `t`. C and C++ sources each get
/// their own flags; when both are present the C files become objects first
/// (as does the Windows shim). `dir`, `headers` and `out` are absolute: zig
/// runs in a scratch directory, where it leaves the import library and PDB
/// a Windows link writes.
fn build_c(
    dir: &Path,
    config: &CConfig,
    t: &Target,
    opts: &Options,
    headers: &Path,
    out: &Path,
    log: &(dyn Fn(&str) + Sync),
) -> Result<()> {
    let zig = zig()?;
    let (cxx_sources, c_sources): (Vec<&String>, Vec<&String>) =
        config.sources.iter().partition(|s| is_cxx(s));
    let cxx = !cxx_sources.is_empty();
    let mut defines = config.defines.clone();
    let mut cflags_cc = config.cflags_cc.clone();
    let mut include_dirs: Vec<PathBuf> = config.include_dirs.iter().map(|i| dir.join(i)).collect();
    if let Some(target) = &config.node_addon_api {
        include_dirs.push(node_addon_api_dir(dir)?);
        match target.as_str() {
            "node_addon_api_except" => {
                defines.push("NAPI_CPP_EXCEPTIONS".into());
                cflags_cc.retain(|f| f != "-fno-exceptions");
            }
            "node_addon_api_maybe" => defines.extend([
                "NAPI_DISABLE_CPP_EXCEPTIONS".into(),
                "NODE_ADDON_API_ENABLE_MAYBE".into(),
            ]),
            _ => defines.push("NAPI_DISABLE_CPP_EXCEPTIONS".into()),
        }
    }
    let scratch = crate::cache::temp_name(&out.with_extension("objects"));
    std::fs::create_dir_all(&scratch)?;
    let common = |cmd: &mut Command| {
        cmd.current_dir(&scratch)
            .args(["-target", &zig_target(t, opts)])
            .args(["-O2", "-fvisibility=hidden"])
            .arg("-I")
            .arg(headers);
        if t.os != Os::Windows {
            // (PE code is position-independent anyway; clang refuses -fPIC.)
            cmd.arg("-fPIC");
        }
        for inc in &include_dirs {
            cmd.arg("-I").arg(inc);
        }
        for d in &defines {
            cmd.arg(format!("-D{d}"));
        }
        if t.machine == object::Architecture::X86_64 {
            // zig's clang wants AVX-512 functions (selected at run time
            // with target attributes, as simdutf-style code does) to say
            // they may use 512-bit vectors; gcc and older clang assume it.
            cmd.arg("-mevex512");
        }
        cmd.args(&config.cflags);
        // zig keeps its cache under ours, so repeated builds are cheap.
        cmd.env("ZIG_GLOBAL_CACHE_DIR", cache_dir().join("zig-cache"));
    };
    let result = (|| {
        let mut objects = Vec::new();
        let mut c_objects: Vec<PathBuf> = Vec::new();
        if cxx {
            c_objects.extend(c_sources.iter().map(|s| dir.join(s)));
        }
        let shim = if t.os == Os::Windows {
            let c = win_shim(Some(headers))?;
            c_objects.push(c.clone());
            c_objects.push(c.with_file_name("win_host_register.c"));
            true
        } else {
            false
        };
        for (n, src) in c_objects.iter().enumerate() {
            let obj = scratch.join(format!("{n}.o"));
            let mut cmd = Command::new(&zig);
            cmd.arg("cc").arg("-c");
            common(&mut cmd);
            cmd.arg(src).arg("-o").arg(&obj);
            run(&mut cmd, t, log)?;
            objects.push(obj);
        }
        if shim {
            // The shim's napi_module_register goes into an archive: the
            // linker takes it only for a DLL that calls it.
            let obj = objects.pop().expect("the register object");
            let archive = scratch.join("nabi-shim-register.a");
            let mut cmd = Command::new(&zig);
            cmd.arg("ar").arg("rcs").arg(&archive).arg(&obj);
            run(&mut cmd, t, log)?;
            objects.push(archive);
        }
        let linked = scratch.join(file_name(out));
        link_c(
            &zig,
            config,
            t,
            opts,
            dir,
            cxx,
            &cxx_sources,
            &c_sources,
            &cflags_cc,
            &objects,
            &linked,
            &common,
            log,
        )?;
        std::fs::rename(&linked, out)
            .with_context(|| format!("moving {} to {}", linked.display(), out.display()))
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// The final `zig cc/c++ -shared` of `build_c`, with each OS's link flags.
#[allow(clippy::too_many_arguments)]
fn link_c(
    zig: &Path,
    config: &CConfig,
    t: &Target,
    opts: &Options,
    dir: &Path,
    cxx: bool,
    cxx_sources: &[&String],
    c_sources: &[&String],
    cflags_cc: &[String],
    objects: &[PathBuf],
    out: &Path,
    common: &dyn Fn(&mut Command),
    log: &(dyn Fn(&str) + Sync),
) -> Result<()> {
    let mut cmd = Command::new(zig);
    cmd.arg(if cxx { "c++" } else { "cc" }).arg("-shared");
    common(&mut cmd);
    if cxx {
        cmd.args(cflags_cc);
    }
    match t.os {
        Os::Linux => {
            let exports = cache_dir().join("linkers").join("napi-exports.map");
            crate::cache::write_file(&exports, EXPORTS.as_bytes(), 0o644)?;
            cmd.arg(format!("-Wl,--version-script={}", exports.display()));
            // An addon registering in a constructor (napi_module_register)
            // defines neither entry point: not an error for the script.
            cmd.arg("-Wl,--undefined-version");
        }
        Os::Darwin => {
            // Node-API comes from the process that loads the addon; the
            // install name says nothing of the build machine. (Exports:
            // -fvisibility=hidden leaves the NAPI_MODULE entry points.)
            cmd.args(["-Wl,-undefined,dynamic_lookup"])
                .arg(format!("-Wl,-install_name,@rpath/{}", file_name(out)));
        }
        // The shim object (in `objects`) defines Node-API; dllexport marks
        // the entry points, so nothing else is exported.
        Os::Windows => {}
    }
    if !opts.no_strip {
        cmd.arg("-s");
    }
    let main_sources = if cxx { cxx_sources } else { c_sources };
    for s in main_sources {
        cmd.arg(dir.join(s));
    }
    cmd.args(objects);
    for l in &config.libraries {
        if l.starts_with('-') {
            cmd.arg(l);
        } else {
            cmd.arg(dir.join(l));
        }
    }
    cmd.arg("-o").arg(out);
    run(&mut cmd, t, log)
}

/// Whether the system linker can link `t`: this machine's own arch on
/// glibc, with no glibc floor to hold.
fn native(t: &Target, glibc: Option<&str>) -> bool {
    t.libc == Some(Libc::Glibc)
        && glibc.is_none()
        && t.rust_triple.starts_with(std::env::consts::ARCH)
        && cfg!(all(target_os = "linux", target_env = "gnu"))
}

fn missing_std(t: &Target) -> String {
    format!(
        "the Rust standard library for {} is not installed: run `rustup target add {}` (or pass --install-targets)",
        t.rust_triple, t.rust_triple
    )
}

/// Checks that the toolchain the addon uses (its rust-toolchain file
/// included, hence `dir`) has the standard library for `t`; adds it with
/// rustup when `install` is set.
fn ensure_rust_std(dir: &Path, t: &Target, install: bool) -> Result<()> {
    let has_std = || -> bool {
        let out = Command::new("rustc")
            .args(["--print", "target-libdir", "--target", t.rust_triple])
            .current_dir(dir)
            .output();
        let Ok(out) = out else { return false };
        let libdir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        std::fs::read_dir(&libdir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
            })
            .unwrap_or(false)
    };
    if has_std() {
        return Ok(());
    }
    if !install {
        bail!("{}", missing_std(t));
    }
    let status = Command::new("rustup")
        .args(["target", "add", t.rust_triple])
        .current_dir(dir)
        .status()
        .context("running `rustup target add` (is rustup installed?)")?;
    if !status.success() {
        bail!(
            "`rustup target add {}` failed ({status}; rustup's output is above)",
            t.rust_triple
        );
    }
    if !has_std() {
        bail!(
            "`rustup target add {}` succeeded, but the toolchain that builds {} still has no standard library for it: add it to that toolchain (`rustup target add --toolchain <its toolchain> {}`)",
            t.rust_triple,
            dir.display(),
            t.rust_triple
        );
    }
    Ok(())
}

/// A shell script calling `zig cc -target <zig target>`, for cargo, that
/// turns the flags rustc gives a GNU or Apple linker driver into what zig
/// takes.
/// On Windows, `libnode` is `libnode_shim_dir`: `-lnode` (napi-build's)
/// becomes its archive, named by path (zig's linker driver looks a dynamic
/// `-l` up as `node.dll` only).
fn linker_wrapper(t: &Target, opts: &Options, libnode: Option<&Path>) -> Result<PathBuf> {
    if cfg!(not(unix)) {
        bail!("[{t}] linking a Rust addon through zig uses a shell-script wrapper: build on Linux or macOS");
    }
    let zig = zig()?;
    let dir = cache_dir().join("linkers");
    let target = zig_target(t, opts);
    let path = dir.join(format!("zig-cc-{target}"));
    // `case` arms on each argument: drop it, replace it, or keep it.
    let mut arms = vec![
        // Flags zig's linker driver does not take.
        "--target=*|-Wl,--no-undefined-version) ;;".to_string(),
    ];
    let mut extra = String::new();
    match t.os {
        Os::Linux => {}
        Os::Darwin => {
            // No exported-symbols list in zig's Mach-O linker: drop the flag
            // and its file (LTO keeps the exports, see build_rust).
            arms.push("-Wl,-exported_symbols_list) skip=1 ;;".into());
            // Rust's libc crate links -liconv on Apple targets; zig has
            // no stub for it, so one is supplied, and libraries nothing
            // uses are dropped (-dead_strip_dylibs, as Apple's ld does).
            let stubs = dir.join("macos-stubs");
            crate::cache::write_file(&stubs.join("libiconv.tbd"), LIBICONV_TBD.as_bytes(), 0o644)?;
            extra = format!(
                " -Wl,-undefined,dynamic_lookup -Wl,-dead_strip_dylibs -L{} ${{NABI_PREBUILD_INSTALL_NAME:+-Wl,-install_name,$NABI_PREBUILD_INSTALL_NAME}}",
                stubs.display()
            );
        }
        Os::Windows => {
            // rustc's MinGW link names GCC's runtime; zig has its own
            // (compiler-rt, libunwind, a UCRT-based MinGW CRT), linked
            // statically. The exports .def file is an input file to zig.
            arms.push("-lgcc|-l:libpthread.a|-lmsvcrt|-Wl,-O1|-Wl,--disable-auto-image-base|-fno-use-linker-plugin) ;;".into());
            arms.push("-lgcc_eh) set -- \"$@\" -lunwind ;;".into());
            arms.push("-Wl,*.def) set -- \"$@\" \"${a#-Wl,}\" ;;".into());
            if let Some(dir) = libnode {
                arms.push(format!(
                    "-lnode) set -- \"$@\" \"{}\" ;;",
                    dir.join("libnode.a").display()
                ));
            }
        }
    }
    let script = format!(
        "#!/bin/sh\nn=$#\ni=0\nskip=0\nwhile [ $i -lt $n ]; do a=$1; shift; i=$((i+1)); if [ $skip = 1 ]; then skip=0; continue; fi; case \"$a\" in {} *) set -- \"$@\" \"$a\";; esac; done\nexec \"{}\" cc -target {}{extra} \"$@\"\n",
        arms.join(" "),
        zig.display(),
        target
    );
    crate::cache::write_file(&path, script.as_bytes(), 0o755)?;
    Ok(path)
}

/// A directory of `<arch>-w64-mingw32-dlltool` scripts running `zig
/// dlltool`, for rustc's Windows import libraries.
fn dlltool_dir() -> Result<PathBuf> {
    let zig = zig()?;
    let dir = cache_dir().join("linkers").join("dlltool");
    for arch in ["x86_64", "aarch64"] {
        let script = format!("#!/bin/sh\nexec \"{}\" dlltool \"$@\"\n", zig.display());
        crate::cache::write_file(
            &dir.join(format!("{arch}-w64-mingw32-dlltool")),
            script.as_bytes(),
            0o755,
        )?;
    }
    Ok(dir)
}

/// Runs a compiler, passing each line of its output to `log` as it comes
/// (so a long build shows its progress and its errors at once).
fn run(cmd: &mut Command, t: &Target, log: &(dyn Fn(&str) + Sync)) -> Result<()> {
    use std::io::BufRead;
    let shown = format!("{cmd:?}");
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("[{t}] could not run {shown}"))?;
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let tail = std::sync::Mutex::new(Vec::<String>::new());
    std::thread::scope(|s| {
        let pump = |r: Box<dyn std::io::Read + Send>| {
            for line in std::io::BufReader::new(r).lines().map_while(|l| l.ok()) {
                log(&line);
                tail.lock().expect("not poisoned").push(line);
            }
        };
        if let Some(o) = stdout {
            s.spawn(move || pump(Box::new(o)));
        }
        if let Some(e) = stderr {
            pump(Box::new(e));
        }
    });
    let status = child.wait()?;
    if !status.success() {
        let tail = tail.into_inner().expect("not poisoned");
        let errors: Vec<&String> = tail
            .iter()
            .filter(|l| l.contains("error"))
            .take(20)
            .collect();
        bail!(
            "[{t}] build failed ({status}): {shown}\n{}",
            errors
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled `.def` lists are node-api-headers' (the fixtures' pinned
    /// copy), and the shim forwards every function they name.
    #[test]
    fn shim_forwards_every_node_api_function() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let pinned = root.join("fixtures/node_modules/node-api-headers");
        for (bundled, file) in NODE_API_DEFS
            .iter()
            .zip(["node_api.def", "js_native_api.def"])
        {
            let theirs = std::fs::read_to_string(pinned.join("def").join(file))
                .expect("fixtures/node_modules: run scripts/setup.sh");
            assert_eq!(
                *bundled, theirs,
                "prebuild/shim/{file} differs from node-api-headers'"
            );
        }
        let names = shim_symbols(Some(&pinned.join("include")));
        for n in [
            "napi_create_function",
            "napi_module_register",
            "napi_get_uv_event_loop",
            "node_api_symbol_for",
        ] {
            assert!(names.iter().any(|x| x == n), "{n}");
        }
        assert!(names.len() > 150, "{}", names.len());
        assert!(
            names.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert!(!names
            .iter()
            .any(|n| n == "EXPORTS" || n.starts_with("NAME")));
        let c = win_shim(Some(&pinned.join("include"))).unwrap();
        let list = std::fs::read_to_string(c.with_file_name("node_api_symbols.h")).unwrap();
        assert!(list.contains("NODE_API_SYMBOL(napi_create_function)\n"));
        // napi_module_register is win_host_register.c's, linked on demand.
        assert!(!list.contains("napi_module_register"));
        assert!(c.with_file_name("win_host_register.c").exists());
    }

    #[test]
    fn zig_targets_carry_the_floors() {
        let t = |n| Target::by_name(n).unwrap();
        let mut opts = Options::default();
        assert_eq!(zig_target(t("darwin-arm64"), &opts), "aarch64-macos.11.0");
        assert_eq!(zig_target(t("darwin-x64"), &opts), "x86_64-macos.10.15");
        assert_eq!(zig_target(t("win32-arm64"), &opts), "aarch64-windows-gnu");
        opts.macos_min = Some("13.0".into());
        opts.glibc = Some("2.17".into());
        assert_eq!(zig_target(t("darwin-x64"), &opts), "x86_64-macos.13.0");
        assert_eq!(
            zig_target(t("linux-x64-gnu"), &opts),
            "x86_64-linux-gnu.2.17"
        );
        assert_eq!(zig_target(t("linux-x64-musl"), &opts), "x86_64-linux-musl");
        assert_eq!(zig_target(t("win32-x64"), &opts), "x86_64-windows-gnu");
    }
}
