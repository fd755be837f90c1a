//! Loading a `.node` addon ([`Host::load_addon`]), the sequence Node's
//! `process.dlopen` follows: open the shared object, find how it registers
//! (a legacy `napi_module_register` call made while opening, else
//! `napi_register_module_v1`), read its Node-API version
//! (`node_api_module_get_api_version_v1`, default 8), give it an env of its
//! own whose file name is the `file://` URL of its real path, run its init
//! in a handle scope (a non-NULL return replaces `exports`), report what it
//! threw, then run the finalizers it queued.
//!
//! With the `diagnose` feature, a file that fails to open or register is
//! examined with the `object` crate to say why in words a user can act on:
//! not ELF, truncated, another architecture, another libc, a V8/NAN addon,
//! a missing symbol.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rquickjs_sys::*;

use crate::env::{napi_module, Env, Host};
use crate::qjs;
use crate::types::*;

/// Set when a V8/NAN addon calls Node's pre-Node-API `node_module_register`
/// while being opened. The host binary exports that symbol only to catch
/// this case: if it were missing, the addon's constructor would kill the
/// process.
static V8_MODULE_REGISTERED: AtomicBool = AtomicBool::new(false);

#[no_mangle]
pub extern "C" fn node_module_register(_module: *mut std::ffi::c_void) {
    V8_MODULE_REGISTERED.store(true, Ordering::SeqCst);
}

/// Legacy addons by real path: their `napi_module_register` call happens
/// once, when the library is first opened, but another runtime (a worker)
/// loading the addon again needs the module too (its `dlopen` returns the
/// same handle).
static LEGACY_MODULES: Mutex<Vec<(PathBuf, usize)>> = Mutex::new(Vec::new());

type RegisterFn = unsafe extern "C" fn(napi_env, napi_value) -> napi_value;
type VersionFn = unsafe extern "C" fn() -> i32;
type napi_env = *mut Env;

/// Why [`Host::load_addon`] failed.
pub enum LoadError {
    /// The file could not be loaded as a Node-API addon. `reason` is a
    /// machine-readable word (`missing`, `not-a-file`, `not-elf`,
    /// `truncated`, `wrong-arch`, `wrong-libc`, `not-node-api`,
    /// `undefined-symbol`, `no-register`, `no-loop`, `dlopen`); `message`
    /// says what went wrong and what to do. Node throws these as
    /// `ERR_DLOPEN_FAILED`.
    Failed {
        reason: &'static str,
        message: String,
    },
    /// The addon called `napi_module_register` without an init function
    /// (Node throws `Error: Module has no declared entry point.`).
    NoEntryPoint,
    /// The init threw: the exception, owned by the caller.
    Exception(JSValue),
}

impl std::fmt::Debug for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Failed { message, .. } => f.write_str(message),
            LoadError::NoEntryPoint => f.write_str("Module has no declared entry point."),
            LoadError::Exception(_) => f.write_str("the addon's init threw an exception"),
        }
    }
}

fn failed(reason: &'static str, message: String) -> LoadError {
    LoadError::Failed { reason, message }
}

#[cfg(feature = "diagnose")]
mod diagnosis {
    use std::cell::Cell;
    use std::fs::File;
    use std::ops::Range;
    use std::path::Path;

    use object::elf;
    use object::read::elf::{Dyn, FileHeader, SectionHeader, Sym};
    use object::read::{ReadCache, ReadRef, SectionIndex};
    use object::Endianness;

    /// At most this much of a `.node` file is read to examine it (headers,
    /// section headers, the dynamic section and dynamic symbols: a few MB for
    /// the largest real addons), so a corrupt header naming a huge table costs
    /// no more.
    const READ_BUDGET: u64 = 64 << 20;

    /// A [`ReadRef`] over a file that reads only the ranges asked for, and at
    /// most [`READ_BUDGET`] bytes in all.
    #[derive(Clone, Copy)]
    struct Bounded<'a> {
        cache: &'a ReadCache<&'a File>,
        used: &'a Cell<u64>,
    }

    impl<'a> Bounded<'a> {
        fn spend(self, size: u64) -> Result<(), ()> {
            let used = self.used.get().saturating_add(size);
            if used > READ_BUDGET {
                return Err(());
            }
            self.used.set(used);
            Ok(())
        }
    }

    impl<'a> ReadRef<'a> for Bounded<'a> {
        fn len(self) -> Result<u64, ()> {
            self.cache.len()
        }

        fn read_bytes_at(self, offset: u64, size: u64) -> Result<&'a [u8], ()> {
            self.spend(size)?;
            self.cache.read_bytes_at(offset, size)
        }

        fn read_bytes_at_until(self, range: Range<u64>, delimiter: u8) -> Result<&'a [u8], ()> {
            // ReadCache reads at most 4 KiB looking for the delimiter.
            self.spend(4096)?;
            self.cache.read_bytes_at_until(range, delimiter)
        }
    }

    /// What the ELF headers of a `.node` file say, read through [`Bounded`].
    struct Elf {
        /// `e_machine` as Rust names architectures (`std::env::consts::ARCH`).
        arch: Result<&'static str, u16>,
        needed: Vec<String>,
        /// The first imported symbol of V8 or Node's C++ API.
        v8_import: Option<String>,
    }

    /// Why an ELF file cannot be examined: not ELF at all, or corrupt.
    enum ElfError {
        NotElf(Vec<u8>),
        Corrupt(String),
    }

    fn read_elf(data: Bounded) -> Result<Elf, ElfError> {
        let magic = data.read_bytes_at(0, 4).unwrap_or_default();
        if magic != elf::ELFMAG {
            let len = data.len().unwrap_or(0).min(4);
            let start = data.read_bytes_at(0, len).unwrap_or_default();
            return Err(ElfError::NotElf(start.to_vec()));
        }
        // e_ident[EI_CLASS]
        match data.read_bytes_at(4, 1) {
            Ok([elf::ELFCLASS64]) => read_elf_as::<elf::FileHeader64<Endianness>>(data),
            Ok([elf::ELFCLASS32]) => read_elf_as::<elf::FileHeader32<Endianness>>(data),
            Ok(&[class]) => Err(ElfError::Corrupt(format!("unknown ELF class {class}"))),
            _ => Err(ElfError::Corrupt("no ELF header".into())),
        }
    }

    fn read_elf_as<E: FileHeader<Endian = Endianness>>(data: Bounded) -> Result<Elf, ElfError> {
        let corrupt = |e: object::read::Error| ElfError::Corrupt(e.to_string());
        let header = E::parse(data).map_err(corrupt)?;
        let endian = header.endian().map_err(corrupt)?;
        let machine = header.e_machine(endian);
        let version = header.e_version(endian);
        if machine == elf::EM_NONE || version != u32::from(elf::EV_CURRENT) {
            return Err(ElfError::Corrupt(format!(
                "invalid ELF header: machine {machine}, version {version}"
            )));
        }
        let arch = match machine {
            elf::EM_X86_64 => Ok("x86_64"),
            elf::EM_AARCH64 => Ok("aarch64"),
            elf::EM_ARM => Ok("arm"),
            elf::EM_386 => Ok("x86"),
            elf::EM_RISCV if header.is_class_64() => Ok("riscv64"),
            elf::EM_PPC64 => Ok("powerpc64"),
            elf::EM_S390 => Ok("s390x"),
            elf::EM_LOONGARCH => Ok("loongarch64"),
            other => Err(other),
        };
        let sections = header.sections(endian, data).map_err(corrupt)?;
        // String tables are read in one piece each.
        let strings = |link: u32| {
            sections
                .section(SectionIndex(link as usize))
                .and_then(|s| s.data(endian, data))
                .map_err(corrupt)
        };
        let mut needed = Vec::new();
        if let Some((dynamic, link)) = sections.dynamic(endian, data).map_err(corrupt)? {
            let names = strings(link.0 as u32)?;
            for d in dynamic {
                if d.tag32(endian) == Some(elf::DT_NEEDED) {
                    if let Some(name) = c_str_at(names, d.d_val(endian).into()) {
                        needed.push(String::from_utf8_lossy(name).into_owned());
                    }
                }
            }
        }
        // Imports are the undefined dynamic symbols.
        let mut v8_import = None;
        if let Some(dynsym) = sections
            .iter()
            .find(|s| s.sh_type(endian) == elf::SHT_DYNSYM)
        {
            let symbols: &[E::Sym] = dynsym.data_as_array(endian, data).map_err(corrupt)?;
            let names = strings(dynsym.sh_link(endian))?;
            v8_import = symbols
                .iter()
                // A weak import may be absent: the addon checks before calling.
                .filter(|s| s.is_undefined(endian) && s.st_bind() != elf::STB_WEAK)
                .filter_map(|s| c_str_at(names, s.st_name(endian).into()))
                .find(|name| is_v8_symbol(name))
                .map(|name| String::from_utf8_lossy(name).into_owned());
        }
        Ok(Elf {
            arch,
            needed,
            v8_import,
        })
    }

    /// The NUL-terminated string at `offset` of a string table.
    fn c_str_at(table: &[u8], offset: u64) -> Option<&[u8]> {
        let rest = table.get(usize::try_from(offset).ok()?..)?;
        Some(&rest[..rest.iter().position(|&b| b == 0)?])
    }

    /// Symbols only a V8/NAN addon imports: V8's and Node's C++ API, and
    /// Node's pre-Node-API registration.
    fn is_v8_symbol(name: &[u8]) -> bool {
        name.starts_with(b"_ZN2v8")
            || name.starts_with(b"_ZN4node")
            || name == b"node_module_register"
    }

    /// The V8/NAN message for `shown`, which imports `sym`.
    pub(super) fn v8_message(shown: &str, what: &str) -> String {
        format!("{shown} is a V8/NAN addon ({what}), not a Node-API addon. nabi loads only Node-API addons; use a Node-API build of this package, or run it with Node.")
    }

    /// Why the file behind `file` (opened by [`open_examined`]) cannot be
    /// loaded, when it tells.
    pub(super) fn diagnose(path: &Path, file: &File, dl_error: &str) -> (&'static str, String) {
        let shown = path.display().to_string();
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let cache = ReadCache::new(file);
        let used = Cell::new(0);
        let data = Bounded {
            cache: &cache,
            used: &used,
        };
        let found = match read_elf(data) {
            Ok(e) => e,
            Err(ElfError::NotElf(start)) => {
                return (
                    "not-elf",
                    format!(
                        "{shown} is not a native addon: not an ELF shared object ({size} bytes, starting {start:02x?}). A .node file must be a compiled shared library."
                    ),
                )
            }
            Err(ElfError::Corrupt(e)) => {
                return (
                    "truncated",
                    format!("{shown} is truncated or corrupt ({size} bytes: {e}). Reinstall or rebuild it."),
                )
            }
        };
        let host_arch = std::env::consts::ARCH;
        match found.arch {
            Err(machine) => return ("wrong-arch", format!("{shown} was built for another architecture (ELF machine {machine}), but this host is {host_arch}. Install the build for {host_arch}.")),
            Ok(arch) if arch != host_arch => return (
                "wrong-arch",
                format!("{shown} was built for {arch}, but this host is {host_arch}. Install the {host_arch} build of this addon."),
            ),
            Ok(_) => {}
        }
        let needed = &found.needed;
        let host_is_musl = cfg!(target_env = "musl");
        if let Some(musl) = needed.iter().find(|n| n.contains("musl")) {
            if !host_is_musl {
                return (
                    "wrong-libc",
                    format!("{shown} was built for musl libc (it needs {musl}), but this host uses glibc. Install the -gnu build of this addon."),
                );
            }
        }
        if host_is_musl && needed.iter().any(|n| n == "libc.so.6") {
            return (
                "wrong-libc",
                format!("{shown} was built for glibc (it needs libc.so.6), but this host uses musl. Install the -musl build of this addon."),
            );
        }
        if let Some(sym) = found.v8_import {
            return (
                "not-node-api",
                v8_message(&shown, &format!("it imports {sym}")),
            );
        }
        if let Some(sym) = dl_error.split("undefined symbol: ").nth(1) {
            let sym = sym.trim();
            return (
                "undefined-symbol",
                format!("{shown} needs the symbol {sym}, which neither nabi nor the libraries the addon links provide."),
            );
        }
        ("dlopen", format!("{shown}: {dl_error}"))
    }

    /// The first V8 or Node C++ symbol the file imports, if it could be read.
    pub(super) fn v8_import(file: &File) -> Option<String> {
        let cache = ReadCache::new(file);
        let used = Cell::new(0);
        read_elf(Bounded {
            cache: &cache,
            used: &used,
        })
        .ok()?
        .v8_import
    }
}

#[cfg(not(feature = "diagnose"))]
mod diagnosis {
    use std::fs::File;
    use std::path::Path;

    pub(super) fn diagnose(path: &Path, _: &File, dl_error: &str) -> (&'static str, String) {
        ("dlopen", format!("{}: {dl_error}", path.display()))
    }

    pub(super) fn v8_import(_: &File) -> Option<String> {
        None
    }

    pub(super) fn v8_message(shown: &str, what: &str) -> String {
        format!("{shown} is a V8/NAN addon ({what}), not a Node-API addon. Use a Node-API build of this package.")
    }
}

/// Opens `path` to examine it: without blocking (a FIFO would wait for a
/// writer), and only if it is a regular file (a device such as `/dev/zero`
/// never ends). `Ok(Err(kind))` names what it is instead.
fn open_examined(path: &Path) -> std::io::Result<Result<std::fs::File, &'static str>> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let kind = file.metadata()?.file_type();
    Ok(if kind.is_file() {
        Ok(file)
    } else if kind.is_dir() {
        Err("a directory")
    } else if kind.is_fifo() {
        Err("a FIFO (named pipe)")
    } else if kind.is_char_device() {
        Err("a character device")
    } else if kind.is_block_device() {
        Err("a block device")
    } else if kind.is_socket() {
        Err("a socket")
    } else {
        Err("not a regular file")
    })
}

impl Host {
    /// Loads the Node-API addon at `path` into this host's context, as
    /// Node's `process.dlopen` does, with `exports` as the init's `exports`
    /// argument. Returns the module's exports (owned): what the init
    /// returned, or `exports` itself. The library stays loaded for the life
    /// of the process, as in Node.
    ///
    /// # Safety
    /// `exports` must be a live value of this host's context, on its thread.
    pub unsafe fn load_addon(&self, path: &Path, exports: JSValue) -> Result<JSValue, LoadError> {
        let shown = path.display().to_string();
        if self.uv_loop.is_null() {
            // napi-rs addons create a threadsafe function in their init.
            return Err(failed("no-loop", format!("cannot load {shown}: napi-host was given no libuv loop (Host::new with a null uv_loop). Addons need one for async work, threadsafe functions and finalizers; pass a uv_loop_t the embedder runs.")));
        }
        // Drop registrations left by an unrelated dlopen.
        let _ = crate::take_legacy_module();
        V8_MODULE_REGISTERED.store(false, Ordering::SeqCst);
        // Examine before dlopen: it would block on a FIFO. A path that
        // cannot be opened here (a bare name dlopen searches for) goes to
        // dlopen as is.
        let file = match open_examined(path) {
            Ok(Ok(f)) => Some(f),
            Ok(Err(kind)) => {
                return Err(failed("not-a-file", format!("{shown} is {kind}, not a shared library file. A .node file must be a compiled shared library.")))
            }
            Err(_) => None,
        };
        let lib = match libloading::os::unix::Library::open(
            Some(path),
            libloading::os::unix::RTLD_LAZY | libloading::os::unix::RTLD_LOCAL,
        ) {
            Ok(l) => l,
            Err(e) => {
                let (reason, msg) = match &file {
                    Some(f) => diagnosis::diagnose(path, f, &e.to_string()),
                    None => (
                        "missing",
                        format!("{shown}: cannot open shared object file: {e}. Check the path, or reinstall the package that ships it."),
                    ),
                };
                return Err(failed(reason, msg));
            }
        };
        if V8_MODULE_REGISTERED.swap(false, Ordering::SeqCst) {
            std::mem::forget(lib);
            return Err(failed(
                "not-node-api",
                diagnosis::v8_message(&shown, "it called node_module_register"),
            ));
        }
        // A file that registers as a Node-API addon may still call V8 or
        // Node's C++ API (a hybrid build): its first such call would end
        // the process with a dynamic-linker error, so it is refused before
        // its init runs.
        if let Some(sym) = file.as_ref().and_then(diagnosis::v8_import) {
            std::mem::forget(lib);
            return Err(failed(
                "not-node-api",
                diagnosis::v8_message(&shown, &format!("it imports {sym}")),
            ));
        }
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let legacy = {
            let mut known = LEGACY_MODULES.lock().unwrap_or_else(|e| e.into_inner());
            match crate::take_legacy_module() {
                Some(m) => {
                    known.retain(|(p, _)| *p != real);
                    known.push((real.clone(), m as usize));
                    Some(m)
                }
                None => known
                    .iter()
                    .find(|(p, _)| *p == real)
                    .map(|&(_, m)| m as *mut napi_module),
            }
        };
        let register: Option<RegisterFn> = match legacy {
            Some(m) => (*m).nm_register_func,
            None => lib
                .get::<RegisterFn>(b"napi_register_module_v1\0")
                .ok()
                .map(|s| *s),
        };
        let Some(register) = register else {
            if legacy.is_some() {
                return Err(LoadError::NoEntryPoint);
            }
            return Err(failed("no-register", format!("{shown} is not a Node-API addon: it exports no napi_register_module_v1 and did not call napi_module_register when loaded.")));
        };
        let version = match lib.get::<VersionFn>(b"node_api_module_get_api_version_v1\0") {
            Ok(f) if legacy.is_none() => f(),
            _ => DEFAULT_MODULE_API_VERSION,
        };
        // The addon stays loaded for the life of the process, as in Node.
        std::mem::forget(lib);

        let ctx = self.ctx;
        let env = self.create_env(version, &crate::file_url(&real));
        let outcome = (*env).with_scope(|env| {
            let handle = env.push(qjs::dup(exports));
            let ret = register(env as *mut _, handle);
            if env.exception_pending() {
                return Err(JS_GetException(ctx));
            }
            Ok((!ret.is_null()).then(|| qjs::dup(*ret)))
        });
        (*env).init_done = true;
        self.run_finalizers();
        match outcome {
            Err(exc) => Err(LoadError::Exception(exc)),
            Ok(Some(v)) => Ok(v),
            Ok(None) => Ok(qjs::dup(exports)),
        }
    }
}
