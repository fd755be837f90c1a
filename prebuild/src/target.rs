//! Build targets: the names users type (`linux-arm64-musl`, `darwin-arm64`,
//! `win32-x64`), what each means for compilers (zig and Rust triples), for
//! the binary checker (object format, machine, class, libc) and for the
//! ecosystem's naming (node-gyp-build tags, npm `os`/`cpu`/`libc` fields).

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

/// The operating system a target runs on, which fixes its object format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    /// ELF shared objects.
    Linux,
    /// Mach-O bundles.
    Darwin,
    /// PE DLLs.
    Windows,
}

impl Os {
    pub fn format(self) -> object::BinaryFormat {
        match self {
            Os::Linux => object::BinaryFormat::Elf,
            Os::Darwin => object::BinaryFormat::MachO,
            Os::Windows => object::BinaryFormat::Pe,
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
    pub os: Os,
    /// The C library a Linux target binds to; other systems have one only.
    pub libc: Option<Libc>,
    /// The oldest OS release the build must load on, where the toolchain
    /// takes one (macOS: Node's own floor, 10.15 on x64 and 11.0 on arm64).
    pub min_os: Option<&'static str>,
    /// `armv7`/`armv8` for node-gyp-build's `armv` tag, on ARM.
    pub armv: Option<&'static str>,
    pub zig_triple: &'static str,
    pub rust_triple: &'static str,
    /// Machine (ELF `e_machine`, Mach-O CPU type, PE machine) and class.
    #[serde(skip)]
    pub machine: object::Architecture,
    pub is_64: bool,
    /// The ABI part of the npm package suffix (`linux-x64-gnu`,
    /// `linux-arm-gnueabihf`, `win32-x64-msvc`); macOS has none
    /// (`darwin-arm64`). See docs/PREBUILD.md for why Windows says msvc.
    pub npm_abi: Option<&'static str>,
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "linux-x64-gnu",
        platform: "linux",
        arch: "x64",
        os: Os::Linux,
        libc: Some(Libc::Glibc),
        min_os: None,
        armv: None,
        zig_triple: "x86_64-linux-gnu",
        rust_triple: "x86_64-unknown-linux-gnu",
        machine: object::Architecture::X86_64,
        is_64: true,
        npm_abi: Some("gnu"),
    },
    Target {
        name: "linux-x64-musl",
        platform: "linux",
        arch: "x64",
        os: Os::Linux,
        libc: Some(Libc::Musl),
        min_os: None,
        armv: None,
        zig_triple: "x86_64-linux-musl",
        rust_triple: "x86_64-unknown-linux-musl",
        machine: object::Architecture::X86_64,
        is_64: true,
        npm_abi: Some("musl"),
    },
    Target {
        name: "linux-arm64-gnu",
        platform: "linux",
        arch: "arm64",
        os: Os::Linux,
        libc: Some(Libc::Glibc),
        min_os: None,
        armv: Some("8"),
        zig_triple: "aarch64-linux-gnu",
        rust_triple: "aarch64-unknown-linux-gnu",
        machine: object::Architecture::Aarch64,
        is_64: true,
        npm_abi: Some("gnu"),
    },
    Target {
        name: "linux-arm64-musl",
        platform: "linux",
        arch: "arm64",
        os: Os::Linux,
        libc: Some(Libc::Musl),
        min_os: None,
        armv: Some("8"),
        zig_triple: "aarch64-linux-musl",
        rust_triple: "aarch64-unknown-linux-musl",
        machine: object::Architecture::Aarch64,
        is_64: true,
        npm_abi: Some("musl"),
    },
    Target {
        name: "linux-arm-gnueabihf",
        platform: "linux",
        arch: "arm",
        os: Os::Linux,
        libc: Some(Libc::Glibc),
        min_os: None,
        armv: Some("7"),
        zig_triple: "arm-linux-gnueabihf",
        rust_triple: "armv7-unknown-linux-gnueabihf",
        machine: object::Architecture::Arm,
        is_64: false,
        npm_abi: Some("gnueabihf"),
    },
    Target {
        name: "darwin-x64",
        platform: "darwin",
        arch: "x64",
        os: Os::Darwin,
        libc: None,
        min_os: Some("10.15"),
        armv: None,
        zig_triple: "x86_64-macos",
        rust_triple: "x86_64-apple-darwin",
        machine: object::Architecture::X86_64,
        is_64: true,
        npm_abi: None,
    },
    Target {
        name: "darwin-arm64",
        platform: "darwin",
        arch: "arm64",
        os: Os::Darwin,
        libc: None,
        min_os: Some("11.0"),
        armv: None,
        zig_triple: "aarch64-macos",
        rust_triple: "aarch64-apple-darwin",
        machine: object::Architecture::Aarch64,
        is_64: true,
        npm_abi: None,
    },
    Target {
        name: "win32-x64",
        platform: "win32",
        arch: "x64",
        os: Os::Windows,
        libc: None,
        min_os: None,
        armv: None,
        zig_triple: "x86_64-windows-gnu",
        rust_triple: "x86_64-pc-windows-gnu",
        machine: object::Architecture::X86_64,
        is_64: true,
        npm_abi: Some("msvc"),
    },
    Target {
        name: "win32-arm64",
        platform: "win32",
        arch: "arm64",
        os: Os::Windows,
        libc: None,
        min_os: None,
        armv: None,
        zig_triple: "aarch64-windows-gnu",
        rust_triple: "aarch64-pc-windows-gnullvm",
        machine: object::Architecture::Aarch64,
        is_64: true,
        npm_abi: Some("msvc"),
    },
];

impl Target {
    pub fn by_name(name: &str) -> anyhow::Result<&'static Target> {
        TARGETS.iter().find(|t| t.name == name).ok_or_else(|| {
            let known: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            anyhow::anyhow!(
                "unknown target {name:?}; known targets: {}",
                known.join(", ")
            )
        })
    }

    /// node-gyp-build's directory: `prebuilds/<platform>-<arch>/`.
    pub fn prebuild_dir(&self) -> String {
        format!("{}-{}", self.platform, self.arch)
    }

    /// node-gyp-build's file name: `<name>.napi.<libc>[.armv7].node` on
    /// Linux, where the libc tells builds in one directory apart; plain
    /// `<name>.node` on macOS and Windows, as the ecosystem's prebuilds
    /// (prebuildify's) are named there.
    pub fn prebuild_file(&self, addon: &str) -> String {
        let Some(libc) = self.libc else {
            return format!("{addon}.node");
        };
        let mut tags = vec!["napi".to_string(), libc.tag().to_string()];
        if let Some(v) = self.armv {
            tags.push(format!("armv{v}"));
        }
        format!("{addon}.{}.node", tags.join("."))
    }

    /// The napi-rs-style per-platform npm package directory name.
    pub fn npm_dir(&self) -> String {
        match self.npm_abi {
            Some(abi) => format!("{}-{}-{abi}", self.platform, self.arch),
            None => format!("{}-{}", self.platform, self.arch),
        }
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
        .find(|t| t.prebuild_dir() == dir && t.libc.is_none_or(|l| l == libc))
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
        let mac = Target::by_name("darwin-arm64").unwrap();
        assert_eq!(mac.prebuild_dir(), "darwin-arm64");
        assert_eq!(mac.prebuild_file("addon"), "addon.node");
        assert_eq!(mac.npm_dir(), "darwin-arm64");
        let win = Target::by_name("win32-x64").unwrap();
        assert_eq!(win.prebuild_dir(), "win32-x64");
        assert_eq!(win.prebuild_file("addon"), "addon.node");
        assert_eq!(win.npm_dir(), "win32-x64-msvc");
        assert_eq!(
            Target::by_name("win32-arm64").unwrap().npm_dir(),
            "win32-arm64-msvc"
        );
        assert!(Target::by_name("darwin-ppc")
            .unwrap_err()
            .to_string()
            .contains("known targets: linux-x64-gnu"));
    }

    #[test]
    fn every_target_is_consistent() {
        for t in TARGETS {
            assert_eq!(t.libc.is_some(), t.os == Os::Linux, "{t}");
            assert_eq!(t.name.split('-').next(), Some(t.platform), "{t}");
            assert!(t.rust_triple.contains(match t.os {
                Os::Linux => "linux",
                Os::Darwin => "apple-darwin",
                Os::Windows => "windows",
            }));
            assert_eq!(t.min_os.is_some(), t.os == Os::Darwin, "{t}");
        }
    }

    #[test]
    fn claims_from_paths() {
        let p = std::path::Path::new("prebuilds/linux-arm64/a.napi.musl.armv8.node");
        assert_eq!(claimed_by_path(p).unwrap().name, "linux-arm64-musl");
        let p = std::path::Path::new("npm/x/a.linux-x64-gnu.node");
        assert_eq!(claimed_by_path(p).unwrap().name, "linux-x64-gnu");
        for (path, want) in [
            ("prebuilds/darwin-arm64/a.node", "darwin-arm64"),
            ("prebuilds/darwin-x64/a.node", "darwin-x64"),
            ("prebuilds/win32-x64/a.node", "win32-x64"),
            ("prebuilds/win32-arm64/a.node", "win32-arm64"),
            ("npm/win32-x64-msvc/a.win32-x64-msvc.node", "win32-x64"),
            ("npm/darwin-arm64/a.darwin-arm64.node", "darwin-arm64"),
        ] {
            let got = claimed_by_path(std::path::Path::new(path)).map(|t| t.name);
            assert_eq!(got, Some(want), "{path}");
        }
    }
}
