//! `pack`: per-target tarballs with byte-identical content on every run
//! (sorted entries, fixed mtime/owner/mode, no gzip timestamp), a
//! `manifest.json`, and the napi-rs-style per-platform npm packages
//! (`npm/<platform>-<arch>-<abi>/package.json` with `os`, `cpu`, `libc`)
//! plus the `optionalDependencies` the root package needs, each also as the
//! `.tgz` that `npm publish` takes (entries under `package/`, as `npm pack`
//! writes them).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::target::Libc;

#[derive(Serialize)]
pub struct Entry {
    pub target: String,
    pub file: String,
    pub tarball: String,
    /// Linux only: `glibc` or `musl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub libc: Option<String>,
    pub glibc_floor: Option<String>,
    pub napi_version: u32,
    pub sha256: String,
    pub size: u64,
}

#[derive(Serialize)]
pub struct Manifest {
    pub name: String,
    pub version: String,
    pub artifacts: Vec<Entry>,
    #[serde(rename = "optionalDependencies")]
    pub optional_dependencies: std::collections::BTreeMap<String, String>,
}

fn sha256(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The root package's facts that the per-platform packages copy: from its
/// package.json, or for a Rust addon without one, from Cargo.toml.
pub struct Root {
    pub name: String,
    pub version: String,
    /// `description`, `license`, `repository`, `engines`, … as given.
    pub inherited: serde_json::Map<String, serde_json::Value>,
}

/// The fields every per-platform package carries over from the root.
const INHERITED: &[&str] = &[
    "description",
    "license",
    "repository",
    "engines",
    "homepage",
    "author",
    "publishConfig",
];

impl Root {
    pub fn from_package_json(pkg: &serde_json::Value) -> Root {
        let inherited = INHERITED
            .iter()
            .filter_map(|k| pkg.get(*k).map(|v| (k.to_string(), v.clone())))
            .collect();
        Root {
            name: pkg["name"].as_str().unwrap_or_default().into(),
            version: pkg["version"].as_str().unwrap_or_default().into(),
            inherited,
        }
    }
}

/// A package name as a file name: `@s/x` → `s-x` (npm's rule).
fn file_safe(name: &str) -> String {
    name.trim_start_matches('@').replace('/', "-")
}

/// npm's file name for a package tarball: `@s/x` 1.0.0 → `s-x-1.0.0.tgz`.
pub fn tgz_name(name: &str, version: &str) -> String {
    format!("{}-{version}.tgz", file_safe(name))
}

/// A gzip'd tar of `files` (name in archive, bytes), deterministic.
fn tarball(files: &mut [(String, Vec<u8>)]) -> Result<Vec<u8>> {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    let mut tar = tar::Builder::new(gz);
    tar.mode(tar::HeaderMode::Deterministic);
    for (name, data) in files.iter() {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(if name.ends_with(".node") {
            0o755
        } else {
            0o644
        });
        h.set_mtime(0);
        h.set_uid(0);
        h.set_gid(0);
        h.set_cksum();
        tar.append_data(&mut h, name, data.as_slice())?;
    }
    Ok(tar.into_inner()?.finish()?)
}

/// Packs every `prebuilds/<platform>-<arch>/*.node` under `prebuilds` into
/// `out`. `name`/`version` are the package's (for npm package names).
pub fn pack(
    prebuilds: &Path,
    out: &Path,
    root: &Root,
    glibc_floor: Option<&str>,
    napi_version: u32,
) -> Result<Manifest> {
    let (name, version) = (root.name.as_str(), root.version.as_str());
    std::fs::create_dir_all(out)?;
    let mut artifacts = Vec::new();
    let mut optional = std::collections::BTreeMap::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(prebuilds)
        .with_context(|| {
            format!(
                "reading {} (run `nabi-prebuild build` first)",
                prebuilds.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "node"))
            .collect();
        files.sort();
        for file in files {
            let Some(t) = crate::target::claimed_by_path(&file) else {
                anyhow::bail!("{}: cannot tell its target from the name (expected prebuilds/linux-<arch>/<name>.napi.<glibc|musl>[.armvN].node, or prebuilds/<darwin|win32>-<arch>/<name>.node)", file.display());
            };
            let data = std::fs::read(&file)?;
            let file_name = file.file_name().unwrap().to_string_lossy().into_owned();
            let rel = format!("prebuilds/{}/{file_name}", t.prebuild_dir());
            let tar_name = format!(
                "{}-v{version}-napi-v{napi_version}-{}.tar.gz",
                file_safe(name),
                t.name
            );
            std::fs::write(out.join(&tar_name), tarball(&mut [(rel, data.clone())])?)?;

            // The per-platform npm package.
            let pkg_name = format!("{name}-{}", t.npm_dir());
            let npm_dir = out.join("npm").join(t.npm_dir());
            std::fs::create_dir_all(&npm_dir)?;
            let bare = name.rsplit('/').next().unwrap_or(name);
            let node_file = format!("{bare}.{}.node", t.npm_dir());
            std::fs::write(npm_dir.join(&node_file), &data)?;
            let mut pkg = serde_json::json!({
                "name": pkg_name,
                "version": version,
                "os": [t.platform],
                "cpu": [t.arch],
                "main": node_file,
                "files": [node_file],
            });
            if let Some(libc) = t.libc {
                pkg["libc"] = serde_json::json!([libc.tag()]);
            }
            for (k, v) in &root.inherited {
                pkg[k] = v.clone();
            }
            if pkg.get("description").is_none() {
                pkg["description"] = format!("{name}'s prebuilt binary for {}", t.name).into();
            }
            let pkg_text = serde_json::to_string_pretty(&pkg)? + "\n";
            std::fs::write(npm_dir.join("package.json"), &pkg_text)?;
            std::fs::write(
                out.join(tgz_name(&pkg_name, version)),
                tarball(&mut [
                    ("package/package.json".into(), pkg_text.into_bytes()),
                    (format!("package/{node_file}"), data.clone()),
                ])?,
            )?;
            optional.insert(pkg_name, version.to_string());

            artifacts.push(Entry {
                target: t.name.to_string(),
                file: file_name,
                tarball: tar_name,
                libc: t.libc.map(|l| l.tag().to_string()),
                glibc_floor: if t.libc == Some(Libc::Glibc) {
                    glibc_floor.map(String::from)
                } else {
                    None
                },
                napi_version,
                sha256: sha256(&data),
                size: data.len() as u64,
            });
        }
    }
    // The dependency-free runtime loader ships with the packages.
    std::fs::write(out.join("loader.js"), include_str!("../loader/index.js"))?;
    let manifest = Manifest {
        name: name.into(),
        version: version.into(),
        artifacts,
        optional_dependencies: optional,
    };
    std::fs::write(
        out.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)? + "\n",
    )?;
    Ok(manifest)
}

/// Sets `optionalDependencies[pkg] = version` in the package.json at `path`
/// for every per-platform package, keeping its other entries, the key order
/// and two-space indentation, so the root package installs the right binary
/// (what `napi prepublish` does for napi-rs packages).
pub fn update_package_json(
    path: &Path,
    packages: &std::collections::BTreeMap<String, String>,
) -> Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut pkg: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    let root = pkg
        .as_object_mut()
        .with_context(|| format!("{} is not a JSON object", path.display()))?;
    let deps = root
        .entry("optionalDependencies")
        .or_insert_with(|| serde_json::Value::Object(Default::default()));
    let deps = deps.as_object_mut().with_context(|| {
        format!(
            "{}: \"optionalDependencies\" is not an object",
            path.display()
        )
    })?;
    for (name, version) in packages {
        deps.insert(name.clone(), serde_json::Value::String(version.clone()));
    }
    std::fs::write(path, serde_json::to_string_pretty(&pkg)? + "\n")
        .with_context(|| format!("writing {}", path.display()))
}

/// The per-platform packages missing from (or at another version in) the
/// root package.json's `optionalDependencies`.
pub fn missing_optional(
    path: &Path,
    packages: &std::collections::BTreeMap<String, String>,
) -> Result<Vec<String>> {
    let pkg: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
    )?;
    Ok(packages
        .iter()
        .filter(|(n, v)| pkg["optionalDependencies"][n.as_str()].as_str() != Some(v.as_str()))
        .map(|(n, v)| format!("{n}@{v}"))
        .collect())
}

/// Packs the root package in `dir` with npm itself (it knows `files`,
/// `.npmignore` and the rest of npm's rules) into `out`, without running
/// its scripts. Returns the tarball.
pub fn npm_pack_root(dir: &Path, out: &Path) -> Result<PathBuf> {
    let out = std::path::absolute(out)?;
    let res = std::process::Command::new("npm")
        .args(["pack", "--ignore-scripts", "--json", "--pack-destination"])
        .arg(&out)
        .current_dir(dir)
        .output()
        .context("running `npm pack` for the root package (is npm installed?)")?;
    if !res.status.success() {
        anyhow::bail!(
            "`npm pack` of the root package in {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&res.stderr)
        );
    }
    let v: serde_json::Value =
        serde_json::from_slice(&res.stdout).context("`npm pack --json` printed no JSON")?;
    let file = v[0]["filename"]
        .as_str()
        .context("`npm pack --json` named no file")?;
    Ok(out.join(file))
}

/// Publishes the packages `pack` wrote to `out` (its manifest.json names
/// them): each per-platform package, then the root (package.json in `dir`),
/// so that the root never points at a package that is not there yet.
/// Returns one line per published package.
pub fn publish(dir: &Path, out: &Path, npm_args: &[String]) -> Result<Vec<String>> {
    let manifest_path = out.join("manifest.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).with_context(|| {
            format!(
                "reading {} (run `nabi-prebuild pack` first)",
                manifest_path.display()
            )
        })?)
        .with_context(|| format!("{} is not valid JSON", manifest_path.display()))?;
    let version = manifest["version"].as_str().unwrap_or_default();
    let mut tarballs = Vec::new();
    let mut platform = std::collections::BTreeMap::new();
    for name in manifest["optionalDependencies"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
    {
        tarballs.push(out.join(tgz_name(name, version)));
        platform.insert(name.clone(), version.to_string());
    }
    let pkg_path = dir.join("package.json");
    if pkg_path.exists() {
        let missing = missing_optional(&pkg_path, &platform)?;
        if !missing.is_empty() {
            anyhow::bail!(
                "{}'s optionalDependencies lack {}: users would get no binary. Run `nabi-prebuild pack --update-package-json` first",
                pkg_path.display(),
                missing.join(", ")
            );
        }
        let root = manifest["name"].as_str().unwrap_or_default();
        tarballs.push(out.join(tgz_name(root, version)));
    }
    let mut done = Vec::new();
    for tgz in tarballs {
        let tgz = std::path::absolute(&tgz)?;
        if !tgz.exists() {
            anyhow::bail!(
                "{} is missing: run `nabi-prebuild pack` again",
                tgz.display()
            );
        }
        let res = std::process::Command::new("npm")
            .arg("publish")
            .arg(&tgz)
            .args(npm_args)
            .output()
            .context("running `npm publish` (is npm installed?)")?;
        let text = String::from_utf8_lossy(&res.stdout).into_owned()
            + &String::from_utf8_lossy(&res.stderr);
        if !res.status.success() || text.contains("npm error") {
            anyhow::bail!("`npm publish {}` failed:\n{text}", tgz.display());
        }
        let line = text
            .lines()
            .find(|l| l.starts_with("+ "))
            .unwrap_or("")
            .to_string();
        done.push(format!(
            "published {}{}",
            line.trim_start_matches("+ "),
            if npm_args.iter().any(|a| a == "--dry-run") {
                " (dry run)"
            } else {
                ""
            }
        ));
    }
    Ok(done)
}
