//! Build targets: the names users type (`linux-arm64-musl`), what each means
//! for compilers (zig and Rust triples), for the ELF checker (machine, class,
//! libc) and for the ecosystem's naming (node-gyp-build tags, npm `os`/`cpu`/
//! `libc` fields).

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Libc {
    Glibc,
    Musl,
}

impl Libc {
    pub fn tag(self) -> &'static str {
        match self {
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    /// `linux-x64-gnu`
    pub name: &'static str,
    /// Node's `process.platform`.
    pub platform: &'static str,
    /// Node's `process.arch`.
    pub arch: &'static str,
    pub libc: Libc,
    /// `armv7`/`armv8` for node-gyp-build's `armv` tag, on ARM.
    pub armv: Option<&'static str>,
    pub zig_triple: &'static str,
    pub rust_triple: &'static str,
    /// ELF machine (`e_machine`) and class.
    #[serde(skip)]
    pub machine: object::Architecture,
    pub is_64: bool,
    /// npm package suffix (`linux-x64-gnu`, `linux-arm-gnueabihf`).
    pub npm_abi: &'static str,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "linux-x64-gnu",
        platform: "linux",
        arch: "x64",
        libc: Libc::Glibc,
        armv: None,
        zig_triple: "x86_64-linux-gnu",
        rust_triple: "x86_64-unknown-linux-gnu",
        machine: object::Architecture::X86_64,
        is_64: true,
        npm_abi: "gnu",
    },
    Target {
        name: "linux-x64-musl",
        platform: "linux",
        arch: "x64",
        libc: Libc::Musl,
        armv: None,
        zig_triple: "x86_64-linux-musl",
        rust_triple: "x86_64-unknown-linux-musl",
        machine: object::Architecture::X86_64,
        is_64: true,
        npm_abi: "musl",
    },
    Target {
        name: "linux-arm64-gnu",
        platform: "linux",
        arch: "arm64",
        libc: Libc::Glibc,
        armv: Some("8"),
        zig_triple: "aarch64-linux-gnu",
        rust_triple: "aarch64-unknown-linux-gnu",
        machine: object::Architecture::Aarch64,
        is_64: true,
        npm_abi: "gnu",
    },
    Target {
        name: "linux-arm64-musl",
        platform: "linux",
        arch: "arm64",
        libc: Libc::Musl,
        armv: Some("8"),
        zig_triple: "aarch64-linux-musl",
        rust_triple: "aarch64-unknown-linux-musl",
        machine: object::Architecture::Aarch64,
        is_64: true,
        npm_abi: "musl",
    },
    Target {
        name: "linux-arm-gnueabihf",
        platform: "linux",
        arch: "arm",
        libc: Libc::Glibc,
        armv: Some("7"),
        zig_triple: "arm-linux-gnueabihf",
        rust_triple: "armv7-unknown-linux-gnueabihf",
        machine: object::Architecture::Arm,
        is_64: false,
        npm_abi: "gnueabihf",
    },
];

impl Target {
    pub fn by_name(name: &str) -> anyhow::Result<&'static Target> {
        TARGETS.iter().find(|t| t.name == name).ok_or_else(|| {
            let known: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            if name.starts_with("darwin-") || name.starts_with("win32-") {
                anyhow::anyhow!(
                    "target {name} is not supported yet (nabi-prebuild builds Linux targets: {})",
                    known.join(", ")
                )
            } else {
                anyhow::anyhow!(
                    "unknown target {name:?}; known targets: {}",
                    known.join(", ")
                )
            }
        })
    }

    /// node-gyp-build's directory: `prebuilds/<platform>-<arch>/`.
    pub fn prebuild_dir(&self) -> String {
        format!("{}-{}", self.platform, self.arch)
    }

    /// node-gyp-build's file name: `<name>.napi.<libc>[.armv7].node`.
    pub fn prebuild_file(&self, addon: &str) -> String {
        let mut tags = vec!["napi".to_string(), self.libc.tag().to_string()];
        if let Some(v) = self.armv {
            tags.push(format!("armv{v}"));
        }
        format!("{addon}.{}.node", tags.join("."))
    }

    /// The napi-rs-style per-platform npm package directory name.
    pub fn npm_dir(&self) -> String {
        format!("{}-{}-{}", self.platform, self.arch, self.npm_abi)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// What a file's location says about its target: `prebuilds/linux-arm64/
/// x.napi.musl.node` claims linux/arm64/musl. Returns the matching target.
pub fn claimed_by_path(path: &std::path::Path) -> Option<&'static Target> {
    let file = path.file_name()?.to_str()?;
    let dir = path
        .parent()
        .and_then(|d| d.file_name())
        .and_then(|d| d.to_str())
        .unwrap_or("");
    let tags: Vec<&str> = file.split('.').collect();
    let libc = if tags.contains(&"musl") {
        Libc::Musl
    } else {
        Libc::Glibc
    };
    // node-gyp-build layout first, then names with the target in them
    // (napi-rs: `x.linux-arm64-musl.node`).
    if let Some(t) = TARGETS
        .iter()
        .find(|t| t.prebuild_dir() == dir && t.libc == libc)
    {
        return Some(t);
    }
    TARGETS
        .iter()
        .filter(|t| file.contains(t.name) || file.contains(&t.npm_dir()))
        .max_by_key(|t| t.name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_node_gyp_build() {
        let t = Target::by_name("linux-arm-gnueabihf").unwrap();
        assert_eq!(t.prebuild_dir(), "linux-arm");
        assert_eq!(t.prebuild_file("addon"), "addon.napi.glibc.armv7.node");
        assert_eq!(
            Target::by_name("linux-x64-musl")
                .unwrap()
                .prebuild_file("a"),
            "a.napi.musl.node"
        );
        assert!(Target::by_name("darwin-arm64")
            .unwrap_err()
            .to_string()
            .contains("not supported yet"));
    }

    #[test]
    fn claims_from_paths() {
        let p = std::path::Path::new("prebuilds/linux-arm64/a.napi.musl.armv8.node");
        assert_eq!(claimed_by_path(p).unwrap().name, "linux-arm64-musl");
        let p = std::path::Path::new("npm/x/a.linux-x64-gnu.node");
        assert_eq!(claimed_by_path(p).unwrap().name, "linux-x64-gnu");
    }
}
