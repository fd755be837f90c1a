//! `pack`: per-target tarballs with byte-identical content on every run
//! (sorted entries, fixed mtime/owner/mode, no gzip timestamp), a
//! `manifest.json`, and the napi-rs-style per-platform npm packages
//! (`npm/<platform>-<arch>-<abi>/package.json` with `os`, `cpu`, `libc`)
//! plus the `optionalDependencies` the root package needs.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::target::{Libc, TARGETS};

#[derive(Serialize)]
pub struct Entry {
    pub target: String,
    pub file: String,
    pub tarball: String,
    pub libc: String,
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
    name: &str,
    version: &str,
    glibc_floor: Option<&str>,
    napi_version: u32,
) -> Result<Manifest> {
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
                anyhow::bail!("{}: cannot tell its target from the name (expected <name>.napi.<glibc|musl>[.armvN].node)", file.display());
            };
            let data = std::fs::read(&file)?;
            let file_name = file.file_name().unwrap().to_string_lossy().into_owned();
            let rel = format!("prebuilds/{}/{file_name}", t.prebuild_dir());
            let tar_name = format!("{name}-v{version}-napi-v{napi_version}-{}.tar.gz", t.name);
            std::fs::write(out.join(&tar_name), tarball(&mut [(rel, data.clone())])?)?;

            // The per-platform npm package.
            let pkg_name = format!("{name}-{}", t.npm_dir());
            let npm_dir = out.join("npm").join(t.npm_dir());
            std::fs::create_dir_all(&npm_dir)?;
            let node_file = format!("{name}.{}.node", t.npm_dir());
            std::fs::write(npm_dir.join(&node_file), &data)?;
            let mut pkg = serde_json::json!({
                "name": pkg_name,
                "version": version,
                "os": [t.platform],
                "cpu": [t.arch],
                "main": node_file,
                "files": [node_file],
                "license": "MIT",
            });
            if t.platform == "linux" {
                pkg["libc"] = serde_json::json!([match t.libc {
                    Libc::Glibc => "glibc",
                    Libc::Musl => "musl",
                }]);
            }
            std::fs::write(
                npm_dir.join("package.json"),
                serde_json::to_string_pretty(&pkg)? + "\n",
            )?;
            optional.insert(pkg_name, version.to_string());

            artifacts.push(Entry {
                target: t.name.to_string(),
                file: file_name,
                tarball: tar_name,
                libc: t.libc.tag().to_string(),
                glibc_floor: if t.libc == Libc::Glibc {
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
    let _ = TARGETS;
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
