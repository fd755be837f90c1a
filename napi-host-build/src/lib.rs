//! The `build.rs` half of embedding napi-host: makes the binary export the
//! functions `.node` addons look up in the main program with `dlsym`.
//!
//! napi-host publishes two linker dynamic lists to the build scripts of
//! crates that depend on it (`links = "napi_host_exports"`): the Node-API
//! functions (`DEP_NAPI_HOST_EXPORTS_DYNAMIC_LIST`) and libuv's public
//! functions (`DEP_NAPI_HOST_EXPORTS_UV_DYNAMIC_LIST`). This crate turns
//! them into `cargo:rustc-link-arg-*=-Wl,--dynamic-list=…` lines. It does
//! not keep the functions in the binary: that is `napi_host::EXPORTS` (and
//! `UV_EXPORTS`) referenced from `main`, see napi-host's README.
//!
//! In `build.rs` of a binary crate with napi-host in `[dependencies]` and
//! napi-host-build in `[build-dependencies]`, inside `fn main`:
//!
//! ```no_run
//! napi_host_build::export_symbols(napi_host_build::Options {
//!     libuv: true,
//!     ..Default::default()
//! });
//! ```
//!
//! Linux and other ELF targets with GNU ld, gold, lld or mold (the
//! `--dynamic-list` flag); it does not handle Windows or macOS.

use std::path::{Path, PathBuf};

/// What to export, and from which of the package's targets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Also export libuv's public functions (`uv_*`), for addons that call
    /// libuv themselves on `napi_get_uv_event_loop`'s loop (`uv_queue_work`,
    /// `uv_async_send`, …; sodium-native does). Keep them in the binary with
    /// `napi_host::UV_EXPORTS`.
    pub libuv: bool,
    /// Which targets of the package get the link arguments.
    pub targets: Targets,
}

/// The targets of a package that link arguments apply to (Cargo's
/// `rustc-link-arg-bins`, `-examples`, `-tests`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Targets {
    /// Every binary (`src/main.rs`, `src/bin/*`).
    #[default]
    Bins,
    /// Every example (`examples/*`).
    Examples,
    /// Every integration test (`tests/*`).
    Tests,
}

/// The dynamic lists to pass to the linker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lists {
    /// The Node-API functions.
    pub napi: PathBuf,
    /// libuv's public functions.
    pub libuv: PathBuf,
}

impl Lists {
    /// The lists napi-host published to this build script.
    ///
    /// Fails with what to fix when they are missing: napi-host must be a
    /// normal dependency (`[dependencies]`) of the package whose `build.rs`
    /// calls this, since Cargo passes `DEP_*` variables to direct
    /// dependents only.
    pub fn from_env() -> Result<Lists, String> {
        let var = |name: &str| {
            std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
                format!(
                    "{name} is not set: add napi-host to this package's [dependencies] \
                     (Cargo passes the export lists only to build scripts of direct dependents)"
                )
            })
        };
        Ok(Lists {
            napi: var("DEP_NAPI_HOST_EXPORTS_DYNAMIC_LIST")?,
            libuv: var("DEP_NAPI_HOST_EXPORTS_UV_DYNAMIC_LIST")?,
        })
    }
}

/// Prints the link arguments exporting napi-host's functions (and libuv's
/// with `options.libuv`) from the package's binaries; call it from
/// `build.rs`. Panics with what to fix when napi-host is not a direct
/// dependency.
pub fn export_symbols(options: Options) {
    let lists = Lists::from_env().unwrap_or_else(|e| panic!("napi-host-build: {e}"));
    for line in link_args(&lists, options) {
        println!("{line}");
    }
}

/// The `cargo:` lines [`export_symbols`] prints, for given lists.
pub fn link_args(lists: &Lists, options: Options) -> Vec<String> {
    let kind = match options.targets {
        Targets::Bins => "bins",
        Targets::Examples => "examples",
        Targets::Tests => "tests",
    };
    let mut paths: Vec<&Path> = vec![&lists.napi];
    if options.libuv {
        paths.push(&lists.libuv);
    }
    paths
        .into_iter()
        .map(|p| {
            format!(
                "cargo:rustc-link-arg-{kind}=-Wl,--dynamic-list={}",
                p.display()
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> Lists {
        Lists {
            napi: "/o/napi-exports.list".into(),
            libuv: "/o/uv-exports.list".into(),
        }
    }

    #[test]
    fn bins_get_the_node_api_list_by_default() {
        assert_eq!(
            link_args(&lists(), Options::default()),
            ["cargo:rustc-link-arg-bins=-Wl,--dynamic-list=/o/napi-exports.list"]
        );
    }

    #[test]
    fn libuv_adds_its_list_for_the_chosen_targets() {
        let opts = Options {
            libuv: true,
            targets: Targets::Examples,
        };
        assert_eq!(
            link_args(&lists(), opts),
            [
                "cargo:rustc-link-arg-examples=-Wl,--dynamic-list=/o/napi-exports.list",
                "cargo:rustc-link-arg-examples=-Wl,--dynamic-list=/o/uv-exports.list",
            ]
        );
    }

    #[test]
    fn a_missing_dependency_is_explained() {
        // This crate's own tests get no DEP_ variables.
        let e = Lists::from_env().unwrap_err();
        assert!(
            e.contains("add napi-host to this package's [dependencies]"),
            "{e}"
        );
    }
}
