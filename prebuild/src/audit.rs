//! `audit`: what a `.node` file asks of the machine that loads it, checked
//! against the target it claims and a policy kept as data
//! (`policy/linux.json`, `policy/darwin.json`, `policy/win32.json`, and
//! napi-host's `symbols.txt` for Node-API versions). The file (ELF, Mach-O,
//! universal Mach-O slice by slice, or PE) is parsed once with the `object`
//! crate; every check reads the same facts.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use object::elf;
use object::read::elf::{Dyn, FileHeader, ProgramHeader, Rela, SectionHeader, Sym};
use object::read::macho::{FatArch, LoadCommandVariant, MachHeader, MachOFile, Nlist};
use object::read::pe::{ImageNtHeaders, PeFile};
use object::{macho, Endianness, Object, ObjectSection, ObjectSymbol, ReadRef};
use serde::Serialize;

use crate::target::{Libc, Target};

const POLICY: &str = include_str!("../policy/linux.json");
const DARWIN_POLICY: &str = include_str!("../policy/darwin.json");
const WIN32_POLICY: &str = include_str!("../policy/win32.json");
/// The one list of Node-API functions and the version that introduced each.
const NAPI_SYMBOLS: &str = include_str!("../../napi-host/symbols.txt");

#[derive(serde::Deserialize)]
struct Policy {
    allowed_needed: BTreeMap<String, Vec<String>>,
    cxx_runtime: Vec<String>,
    glibc_only: Vec<String>,
    floors: BTreeMap<String, BTreeMap<String, String>>,
}

fn policy() -> Policy {
    serde_json::from_str(POLICY).expect("policy/linux.json is valid (checked by tests)")
}

#[derive(serde::Deserialize)]
struct DarwinPolicy {
    /// The oldest macOS per Node arch.
    min_os: BTreeMap<String, String>,
    /// The first macOS an arch exists on: a lower floor means this one.
    first_os: BTreeMap<String, String>,
    allowed_dylibs: Vec<String>,
    cxx_runtime: Vec<String>,
    system_prefixes: Vec<String>,
    install_name_prefixes: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Win32Policy {
    allowed_imports: Vec<String>,
    host_executables: Vec<String>,
    shared_runtimes: Vec<String>,
}

fn darwin_policy() -> DarwinPolicy {
    serde_json::from_str(DARWIN_POLICY).expect("policy/darwin.json is valid (checked by tests)")
}

fn win32_policy() -> Win32Policy {
    serde_json::from_str(WIN32_POLICY).expect("policy/win32.json is valid (checked by tests)")
}

/// `api-ms-win-crt-*` matches every DLL name with that prefix; case is
/// ignored (Windows file names).
fn dll_matches(pattern: &str, dll: &str) -> bool {
    let (p, d) = (pattern.to_ascii_lowercase(), dll.to_ascii_lowercase());
    match p.strip_suffix('*') {
        Some(prefix) => d.starts_with(prefix),
        None => p == d,
    }
}

/// What the options ask the audit to hold the file to.
#[derive(Clone, Debug, Default)]
pub struct Expectations {
    /// The target the file must be for; default: what its path claims.
    pub target: Option<&'static Target>,
    /// The oldest glibc it must run on (`2.17`).
    pub glibc_floor: Option<String>,
    /// The Node-API version it declares (default 8, Node-API's default).
    pub napi_version: Option<u32>,
    /// Whether linking libstdc++ (libc++ on macOS) is acceptable.
    pub allow_cxx: bool,
    /// The oldest macOS it must load on (default: policy/darwin.json's
    /// floor for its architecture).
    pub macos_min: Option<String>,
}

/// Facts read from the file.
#[derive(Debug, Default, Serialize)]
pub struct Facts {
    /// `Elf`, `MachO`, `Pe`.
    pub format: String,
    pub class: String,
    pub endian: String,
    pub machine: String,
    pub os_abi: u8,
    pub interp: Option<String>,
    pub needed: Vec<String>,
    pub libc: Option<Libc>,
    /// Highest version needed per prefix (`GLIBC` → `2.34`).
    pub max_versions: BTreeMap<String, String>,
    /// Symbols needing a version above the floor: (symbol, version).
    #[serde(skip)]
    versioned_symbols: Vec<(String, String)>,
    pub napi_imports: Vec<String>,
    pub min_napi_version: u32,
    pub registration: String,
    pub v8_imports: Vec<String>,
    pub uv_imports: usize,
    pub static_tls: bool,
    pub tls_relocations: usize,
    /// No symbol table left beyond the dynamic one.
    pub stripped: bool,
    /// How many symbols the file exports, and the first few by name.
    pub exports: usize,
    pub export_sample: Vec<String>,
    /// The Node ABI (NODE_MODULE_VERSION) a V8 addon was built for, from
    /// its `node_register_module_v<N>` export.
    pub node_abi: Option<u32>,
    /// Mach-O: the OS it is built for and the oldest version it loads on
    /// (LC_BUILD_VERSION, or LC_VERSION_MIN_MACOSX in older files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_os: Option<String>,
    /// Mach-O: `bundle` or `dylib`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_type: Option<String>,
    /// Mach-O: LC_ID_DYLIB and LC_RPATH.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rpaths: Vec<String>,
    /// PE: functions imported per DLL.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub imports_per_library: BTreeMap<String, usize>,
    /// PE: the PDB path recorded in the CodeView debug entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdb: Option<String>,
    /// Absolute paths of the build machine the file carries (a PDB path,
    /// Mach-O debug-map source and object paths).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub build_paths: Vec<String>,
    /// How the C++ runtime is linked: `static` (its code is in the file),
    /// `shared (<library>)`, or absent for C.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cxx_runtime: Option<String>,
    /// PE: Node-API comes from nabi-prebuild's host-lookup shim, which
    /// resolves every function from the loading process at load time.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub host_lookup: bool,
    /// PE: the shim's napi_module_register is linked in, which it is only
    /// for a DLL that calls it (static registration).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub shim_registers: bool,
    /// A universal (fat) Mach-O: the facts of each slice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub slices: Vec<Facts>,
    /// A slice of a universal Mach-O: the CPU its entry in the universal
    /// header names (dyld picks the slice by it, not by the slice's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fat_header_machine: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub file: String,
    pub size: u64,
    pub target: Option<String>,
    pub facts: Facts,
    pub checks: Vec<Check>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }
}

fn parse_version(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

fn napi_versions() -> BTreeMap<&'static str, u32> {
    NAPI_SYMBOLS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut c = l.split_whitespace();
            let name = c.next()?;
            // Experimental functions count as beyond every numbered version.
            let v = c.next()?.parse().unwrap_or(u32::MAX);
            Some((name, v))
        })
        .collect()
}

/// Reads the facts of one shared object (ELF in full; Mach-O and PE for
/// the format-independent facts). `data` is read lazily: only the headers
/// and the sections the checks need are touched.
pub fn facts<'d, R: ReadRef<'d>>(data: R) -> Result<Facts> {
    let kind = object::FileKind::parse(data).context("not a shared library object file")?;
    let file =
        object::File::parse(data).context("not a readable object file (truncated or corrupt?)")?;
    let mut f = Facts {
        format: format!("{:?}", file.format()),
        class: if file.is_64() { "ELF64" } else { "ELF32" }.into(),
        endian: if file.is_little_endian() {
            "little"
        } else {
            "big"
        }
        .into(),
        machine: format!("{:?}", file.architecture()),
        ..Default::default()
    };
    match kind {
        object::FileKind::Elf64 => elf_facts::<elf::FileHeader64<Endianness>, R>(data, &mut f)?,
        object::FileKind::Elf32 => elf_facts::<elf::FileHeader32<Endianness>, R>(data, &mut f)?,
        _ => {
            f.class = if file.is_64() { "64-bit" } else { "32-bit" }.into();
            f.stripped = file.symbol_table().is_none();
            match kind {
                object::FileKind::MachO64 => {
                    macho_facts::<macho::MachHeader64<Endianness>, R>(data, &mut f)?
                }
                object::FileKind::MachO32 => {
                    macho_facts::<macho::MachHeader32<Endianness>, R>(data, &mut f)?
                }
                object::FileKind::Pe64 => {
                    pe_facts::<object::pe::ImageNtHeaders64, R>(data, &mut f)?
                }
                object::FileKind::Pe32 => {
                    pe_facts::<object::pe::ImageNtHeaders32, R>(data, &mut f)?
                }
                _ => {}
            }
        }
    }

    let versions = napi_versions();
    let mut exports_register = false;
    // Mach-O prefixes C names with `_`.
    let plain = |n: &str| -> String {
        if matches!(file.format(), object::BinaryFormat::MachO) {
            n.strip_prefix('_').unwrap_or(n).to_string()
        } else {
            n.to_string()
        }
    };
    let mut undefined = Vec::new();
    let mut defined = Vec::new();
    if matches!(file.format(), object::BinaryFormat::Elf) {
        for s in file.dynamic_symbols() {
            let Ok(name) = s.name() else { continue };
            if s.is_undefined() {
                undefined.push(name.to_string());
            } else if s.is_global() && !name.is_empty() {
                defined.push(name.to_string());
            }
        }
    } else {
        for i in file.imports().unwrap_or_default() {
            undefined.push(plain(&String::from_utf8_lossy(i.name())));
        }
        for e in file.exports().unwrap_or_default() {
            defined.push(plain(&String::from_utf8_lossy(e.name())));
        }
    }
    for name in &undefined {
        if let Some(&v) = versions.get(name.as_str()) {
            f.napi_imports.push(name.clone());
            if v != u32::MAX {
                f.min_napi_version = f.min_napi_version.max(v);
            }
        } else if name.starts_with("_ZN2v8")
            || name.starts_with("_ZN4node")
            || name.starts_with("?")
            || name == "node_module_register"
        {
            f.v8_imports.push(name.clone());
        } else if name.starts_with("uv_") {
            f.uv_imports += 1;
        }
    }
    for name in &defined {
        if name == "napi_register_module_v1" {
            exports_register = true;
        }
        if let Some(abi) = name.strip_prefix("node_register_module_v") {
            f.node_abi = abi.parse().ok();
        }
    }
    defined.sort();
    f.exports = defined.len();
    f.export_sample = defined.into_iter().take(8).collect();
    f.napi_imports.sort();
    f.v8_imports.sort();
    // A linked PE merges `.CRT$XCU` into `.CRT`; Mach-O has
    // `__mod_init_func` or (newer linkers) `__init_offsets`.
    let has_ctor = [
        ".init_array",
        "__mod_init_func",
        "__init_offsets",
        ".CRT$XCU",
        ".CRT",
    ]
    .iter()
    .any(|s| file.section_by_name(s).is_some());
    f.registration = if exports_register {
        "napi_register_module_v1".into()
    } else if has_ctor && f.napi_imports.iter().any(|n| n == "napi_module_register") {
        "napi_module_register (constructor)".into()
    } else if f.shim_registers {
        // lld merges MinGW's `.ctors` away: no section to look for, but
        // napi_module_register only means anything while the DLL loads.
        "napi_module_register (constructor, through the host-lookup shim)".into()
    } else {
        "none".into()
    };
    if f.min_napi_version == 0 && !f.napi_imports.is_empty() {
        f.min_napi_version = 1;
    }
    Ok(f)
}

fn elf_facts<'d, E: FileHeader<Endian = Endianness>, R: ReadRef<'d>>(
    data: R,
    f: &mut Facts,
) -> Result<()> {
    let header = E::parse(data)?;
    let endian = header.endian()?;
    f.os_abi = header.e_ident().os_abi;
    for ph in header.program_headers(endian, data)? {
        if ph.p_type(endian) == elf::PT_INTERP {
            if let Ok(Some(bytes)) = ph.interpreter(endian, data) {
                f.interp = Some(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    let sections = header.sections(endian, data)?;
    f.stripped = sections
        .iter()
        .all(|s| s.sh_type(endian) != elf::SHT_SYMTAB);
    if let Some((dynamic, link)) = sections.dynamic(endian, data)? {
        let strings = sections.strings(endian, data, link)?;
        for d in dynamic {
            let tag = d.tag32(endian).unwrap_or(0);
            if tag == elf::DT_NEEDED {
                if let Some(name) = d.val32(endian).and_then(|o| strings.get(o).ok()) {
                    f.needed.push(String::from_utf8_lossy(name).into_owned());
                }
            } else if tag == elf::DT_FLAGS && d.val32(endian).unwrap_or(0) & elf::DF_STATIC_TLS != 0
            {
                f.static_tls = true;
            }
        }
    }
    // musl's libc is `libc.so` (or `libc.musl-<arch>.so.1` on Alpine); glibc's is `libc.so.6`.
    f.libc = if f
        .needed
        .iter()
        .any(|n| n.contains("musl") || n == "libc.so")
        || f.interp.as_deref().is_some_and(|i| i.contains("musl"))
    {
        Some(Libc::Musl)
    } else if f.needed.iter().any(|n| n == "libc.so.6") {
        Some(Libc::Glibc)
    } else {
        None
    };

    // Versions each imported symbol needs (.gnu.version + .gnu.version_r).
    let symbols = sections.symbols(endian, data, elf::SHT_DYNSYM)?;
    if let Some(versions) = sections.versions(endian, data)? {
        for (index, sym) in symbols.iter().enumerate() {
            if sym.st_shndx(endian) != elf::SHN_UNDEF {
                continue;
            }
            let vi = versions.version_index(endian, object::SymbolIndex(index));
            let Ok(Some(version)) = versions.version(vi) else {
                continue;
            };
            let vname = String::from_utf8_lossy(version.name()).into_owned();
            let Some((prefix, number)) = vname.split_once('_') else {
                continue;
            };
            if !["GLIBC", "GLIBCXX", "CXXABI", "GCC"].contains(&prefix) {
                continue;
            }
            let sname =
                String::from_utf8_lossy(sym.name(endian, symbols.strings()).unwrap_or(b"?"))
                    .into_owned();
            f.versioned_symbols.push((sname, vname.clone()));
            let cur = f
                .max_versions
                .entry(prefix.to_string())
                .or_insert_with(|| number.to_string());
            if parse_version(number) > parse_version(cur) {
                *cur = number.to_string();
            }
        }
    }

    // Initial-exec TLS relocations make dlopen need static TLS space.
    let tls_types: &[u32] = match header.e_machine(endian) {
        elf::EM_X86_64 => &[elf::R_X86_64_TPOFF64, elf::R_X86_64_TPOFF32],
        elf::EM_AARCH64 => &[elf::R_AARCH64_TLS_TPREL],
        elf::EM_ARM => &[elf::R_ARM_TLS_TPOFF32],
        _ => &[],
    };
    for section in sections.iter() {
        if section.sh_type(endian) == elf::SHT_RELA {
            if let Ok(Some((relas, _))) = section.rela(endian, data) {
                for r in relas {
                    if tls_types.contains(&r.r_type(endian, false)) {
                        f.tls_relocations += 1;
                    }
                }
            }
        } else if section.sh_type(endian) == elf::SHT_REL {
            if let Ok(Some((rels, _))) = section.rel(endian, data) {
                for r in rels {
                    if tls_types.contains(&object::read::elf::Rel::r_type(r, endian)) {
                        f.tls_relocations += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

/// `xxxx.yy.zz` in nibbles, as Mach-O stores versions: `11.0`, `10.15.4`.
fn macho_version(v: u32) -> String {
    let (major, minor, patch) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}

fn macho_platform(p: u32) -> String {
    match p {
        macho::PLATFORM_MACOS => "macOS".into(),
        macho::PLATFORM_IOS => "iOS".into(),
        macho::PLATFORM_MACCATALYST => "Mac Catalyst".into(),
        macho::PLATFORM_IOSSIMULATOR => "iOS simulator".into(),
        macho::PLATFORM_TVOS => "tvOS".into(),
        macho::PLATFORM_WATCHOS => "watchOS".into(),
        other => format!("platform {other}"),
    }
}

/// Mach-O load commands: minimum OS, linked libraries, install name,
/// run paths; and the debug map's absolute paths (N_SO / N_OSO stabs).
fn macho_facts<'d, Mach: MachHeader<Endian = Endianness>, R: ReadRef<'d>>(
    data: R,
    f: &mut Facts,
) -> Result<()> {
    let file = MachOFile::<Mach, R>::parse(data)?;
    let endian = file.endian();
    f.file_type = Some(
        match file.macho_header().filetype(endian) {
            macho::MH_BUNDLE => "bundle",
            macho::MH_DYLIB => "dylib",
            macho::MH_EXECUTE => "executable",
            macho::MH_OBJECT => "object",
            _ => "other",
        }
        .into(),
    );
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut commands = file.macho_load_commands()?;
    while let Some(cmd) = commands.next()? {
        match cmd.variant()? {
            LoadCommandVariant::BuildVersion(b) => {
                f.os = Some(macho_platform(b.platform.get(endian)));
                f.min_os = Some(macho_version(b.minos.get(endian)));
            }
            LoadCommandVariant::VersionMin(v) => {
                f.os = Some(
                    match cmd.cmd() {
                        macho::LC_VERSION_MIN_MACOSX => "macOS",
                        macho::LC_VERSION_MIN_IPHONEOS => "iOS",
                        macho::LC_VERSION_MIN_TVOS => "tvOS",
                        _ => "watchOS",
                    }
                    .into(),
                );
                f.min_os = Some(macho_version(v.version.get(endian)));
            }
            LoadCommandVariant::Dylib(d) => {
                f.needed.push(text(cmd.string(endian, d.dylib.name)?));
            }
            LoadCommandVariant::IdDylib(d) => {
                f.install_name = Some(text(cmd.string(endian, d.dylib.name)?));
            }
            LoadCommandVariant::Rpath(r) => f.rpaths.push(text(cmd.string(endian, r.path)?)),
            _ => {}
        }
    }
    let symbols = file.macho_symbol_table();
    for nlist in symbols.iter() {
        if matches!(nlist.n_type(), macho::N_SO | macho::N_OSO) {
            if let Ok(name) = nlist.name(endian, symbols.strings()) {
                if name.starts_with(b"/") {
                    f.build_paths.push(text(name));
                }
            }
        }
    }
    f.build_paths.sort();
    f.build_paths.dedup();
    if f.needed.iter().any(|n| n.contains("libc++")) {
        f.cxx_runtime = Some("shared (libc++)".into());
    }
    Ok(())
}

/// What a statically linked C++ runtime leaves in `.rdata`: libc++abi's
/// messages, the typeinfo name of `std::exception`, libc++'s namespace.
const CXX_MARKERS: &[&[u8]] = &[b"libc++abi", b"St9exception", b"NSt3__1"];

/// PE: the CodeView PDB path, and how the C++ runtime is linked.
fn pe_facts<'d, Pe: ImageNtHeaders, R: ReadRef<'d>>(data: R, f: &mut Facts) -> Result<()> {
    let file = PeFile::<Pe, R>::parse(data)?;
    let mut looks_up = false;
    for i in file.imports()? {
        looks_up |= i.name() == b"GetProcAddress";
        let lib = String::from_utf8_lossy(i.library()).into_owned();
        *f.imports_per_library.entry(lib).or_default() += 1;
    }
    f.needed = f.imports_per_library.keys().cloned().collect();
    if let Ok(Some(cv)) = file.pdb_info() {
        let path = String::from_utf8_lossy(cv.path()).into_owned();
        if is_absolute_anywhere(&path) {
            f.build_paths.push(path.clone());
        }
        f.pdb = Some(path);
    }
    let shared = win32_policy().shared_runtimes;
    if let Some(dll) = f
        .needed
        .iter()
        .find(|n| shared.iter().any(|s| dll_matches(s, n)) && !n.contains("pthread"))
    {
        f.cxx_runtime = Some(format!("shared ({dll})"));
    }
    if let Some(rdata) = file.section_by_name(".rdata") {
        let bytes = rdata.data().unwrap_or_default();
        let has = |m: &[u8]| bytes.windows(m.len()).any(|w| w == m);
        if f.cxx_runtime.is_none() && CXX_MARKERS.iter().any(|m| has(m)) {
            f.cxx_runtime = Some("static".into());
        }
        // The shim's name table: every Node-API function, looked up in
        // the host process (GetModuleHandle(NULL) + GetProcAddress).
        f.host_lookup = looks_up && has(b"\0napi_create_function\0");
        // win_host_register.c's look-up name (from an archive: linked
        // only into a DLL that calls napi_module_register).
        f.shim_registers = f.host_lookup && has(b"napi_module_register\0");
    }
    Ok(())
}

/// An absolute path on any build machine: `/home/…`, `C:\…`, `\\server\…`.
fn is_absolute_anywhere(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with("\\\\")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
}

/// Audits one file against what it claims and the options.
pub fn audit(path: &Path, want: &Expectations) -> Report {
    let mut report = Report {
        file: path.display().to_string(),
        size: 0,
        target: None,
        facts: Facts::default(),
        checks: Vec::new(),
    };
    let fail = |mut report: Report, name: &'static str, detail: String| {
        report.checks.push(Check {
            name,
            ok: false,
            detail,
        });
        report
    };
    let file = match open_regular(path) {
        Ok(f) => f,
        Err(e) => return fail(report, "readable", format!("{e:#}")),
    };
    report.size = file.metadata().map(|m| m.len()).unwrap_or(0);
    // Only the headers and the sections the checks use are read.
    let (parsed, magic) = read_facts(file, report.size);
    let facts = match parsed {
        Ok(f) => f,
        Err(_) if magic != *b"\x7fELF" && magic[..2] != *b"MZ" && !is_macho(&magic) => {
            let size = report.size;
            return fail(
                report,
                "format",
                format!("not an ELF, Mach-O or PE file ({size} bytes); a .node file must be a compiled shared library"),
            );
        }
        Err(e) => {
            return fail(report, "format", format!("{e:#} (truncated or corrupt?)"));
        }
    };
    let p = policy();
    let mut checks = Vec::new();
    let slot = Slot::of(path, want.target);
    if facts.format.starts_with("MachO") {
        darwin_checks(&facts, slot.as_ref(), want, &mut checks);
        let arches: Vec<&str> = slices(&facts)
            .iter()
            .map(|s| node_arch(&s.machine))
            .collect();
        report.target = Some(format!("darwin-{}", arches.join("+")));
    } else if facts.format == "Pe" {
        win32_checks(&facts, slot.as_ref(), &mut checks);
        report.target = Some(format!("win32-{}", node_arch(&facts.machine)));
    } else if let Some(s) = slot.as_ref().filter(|s| s.platform != "linux") {
        checks.push(Check {
            name: "architecture",
            ok: false,
            detail: format!(
                "the file is a Linux ELF ({} {}) but {} claims {}",
                facts.machine,
                facts.class,
                s.source,
                s.name()
            ),
        });
    } else {
        let inferred = infer_target(&facts);
        let claimed = want.target.or_else(|| crate::target::claimed_by_path(path));
        let target = claimed.or(inferred);
        report.target = target.map(|t| t.name.to_string());
        match target {
            Some(t) => linux_checks(&facts, t, claimed.is_some(), want, &p, &mut checks),
            None => checks.push(Check {
                name: "target",
                ok: false,
                detail: format!(
                    "{} {} is no supported Linux target ({})",
                    facts.machine,
                    facts.class,
                    crate::target::TARGETS
                        .iter()
                        .map(|t| t.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        }
    }

    // A glibc floor says nothing about musl or libc-free files.
    if let (Some(floor), Some(Libc::Glibc)) = (&want.glibc_floor, facts.libc) {
        let mut ceilings = BTreeMap::new();
        ceilings.insert("GLIBC".to_string(), floor.clone());
        // The ceilings of the highest policy floor not above ours.
        if let Some((_, c)) = p
            .floors
            .iter()
            .filter(|(f, _)| parse_version(f) <= parse_version(floor))
            .max_by_key(|(f, _)| parse_version(f))
        {
            for (k, v) in c {
                ceilings.insert(k.clone(), v.clone());
            }
        }
        let mut offending: Vec<String> = facts
            .versioned_symbols
            .iter()
            .filter(|(_, v)| {
                let (prefix, number) = v.split_once('_').unwrap_or(("", ""));
                ceilings
                    .get(prefix)
                    .is_some_and(|c| parse_version(number) > parse_version(c))
            })
            .map(|(s, v)| format!("{s}@{v}"))
            .collect();
        offending.sort();
        offending.dedup();
        checks.push(Check {
            name: "symbol versions",
            ok: offending.is_empty(),
            detail: if offending.is_empty() {
                format!(
                    "max {:?} within the glibc {floor} floor",
                    facts.max_versions
                )
            } else {
                format!("above the glibc {floor} floor: {}", offending.join(", "))
            },
        });
    }

    if facts.slices.is_empty() {
        node_api_checks(&facts, "", want, &mut checks);
    } else {
        for s in &facts.slices {
            node_api_checks(
                s,
                &format!("{} slice", node_arch(&s.machine)),
                want,
                &mut checks,
            );
        }
    }
    if facts.format == "Elf" {
        checks.push(Check {
        name: "static tls",
        ok: !facts.static_tls && facts.tls_relocations == 0,
        detail: if facts.static_tls || facts.tls_relocations > 0 {
            format!(
                "needs static TLS (DF_STATIC_TLS {}, {} initial-exec TLS relocations): dlopen can fail with \"cannot allocate memory in static TLS block\"; build with -ftls-model=global-dynamic",
                facts.static_tls, facts.tls_relocations
            )
        } else {
            "no static TLS".into()
        },
    });
    }
    report.facts = facts;
    report.checks = checks;
    report
}

/// The checks every format shares: Node-API version, registration, no
/// V8/Node C++ imports. `tag` names the slice of a universal binary.
fn node_api_checks(facts: &Facts, tag: &str, want: &Expectations, checks: &mut Vec<Check>) {
    let declared = want.napi_version.unwrap_or(8);
    let versions = napi_versions();
    let beyond: Vec<String> = facts
        .napi_imports
        .iter()
        .filter(|n| versions.get(n.as_str()).is_some_and(|&v| v > declared))
        .map(|n| match versions[n.as_str()] {
            u32::MAX => format!("{n} (experimental)"),
            v => format!("{n} (Node-API {v})"),
        })
        .collect();
    checks.push(Check {
        name: "node-api version",
        ok: beyond.is_empty(),
        detail: if facts.host_lookup && facts.napi_imports.is_empty() {
            format!(
                "declared {declared}; Node-API is resolved from the host process at load time by the host-lookup shim, so the functions the addon calls are not visible in the linked DLL: its load on the Windows runners checks them"
            )
        } else if facts.napi_imports.is_empty() && facts.registration == "napi_register_module_v1" {
            format!(
                "declared {declared}; imports no Node-API function (a nabi-sdk or napi-rs dyn-symbols addon looks them up at run time)"
            )
        } else if beyond.is_empty() {
            format!(
                "declared {declared}, needs at least {} ({} functions imported)",
                facts.min_napi_version.max(1),
                facts.napi_imports.len()
            )
        } else {
            format!("declared {declared} but uses {}", beyond.join(", "))
        },
    });
    checks.push(Check {
        name: "registration",
        ok: facts.registration != "none",
        detail: if facts.registration == "none" {
            "exports no napi_register_module_v1 and has no constructor calling napi_module_register"
                .into()
        } else {
            facts.registration.clone()
        },
    });
    checks.push(Check {
        name: "node-api only",
        ok: facts.v8_imports.is_empty(),
        detail: if facts.v8_imports.is_empty() {
            format!(
                "no V8 or Node C++ imports; {} libuv imports",
                facts.uv_imports
            )
        } else {
            format!(
                "a V8 addon, not a Node-API one{}: it imports V8/Node C++ symbols ({}) and loads only in the one Node ABI it was built for",
                match facts.node_abi {
                    Some(abi) => format!(" (ABI v{abi}{})", node_for_abi(abi).map(|n| format!(" = Node {n}")).unwrap_or_default()),
                    None => String::new(),
                },
                facts
                    .v8_imports
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
    });
    if !tag.is_empty() {
        for c in checks.iter_mut().rev().take(3) {
            c.detail = format!("{tag}: {}", c.detail);
        }
    }
}

/// Opens `path` for reading only if it is a regular file: a device
/// (`/dev/zero`), a FIFO or a socket would never end or never answer.
fn open_regular(path: &Path) -> Result<std::fs::File> {
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let what = |m: &std::fs::Metadata| {
        let t = m.file_type();
        if t.is_dir() {
            return "a directory";
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return "a FIFO";
            } else if t.is_char_device() || t.is_block_device() {
                return "a device";
            } else if t.is_socket() {
                return "a socket";
            }
        }
        "not a regular file"
    };
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if !meta.is_file() {
        anyhow::bail!(
            "{} is {}, not a regular file: refusing to read it (point audit at the .node files)",
            path.display(),
            what(&meta)
        );
    }
    // O_NONBLOCK: if a FIFO replaced the file since the check, opening it
    // must not wait for a writer.
    let mut options = std::fs::File::options();
    options.read(true);
    #[cfg(unix)]
    options.custom_flags(O_NONBLOCK);
    let file = options
        .open(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        anyhow::bail!(
            "{} is {}, not a regular file: refusing to read it",
            path.display(),
            what(&meta)
        );
    }
    Ok(file)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const O_NONBLOCK: i32 = 0x4;

fn is_macho(magic: &[u8; 4]) -> bool {
    let m = u32::from_le_bytes(*magic);
    [
        0xfeedface, 0xfeedfacf, 0xcafebabe, 0xcefaedfe, 0xcffaedfe, 0xbebafeca,
    ]
    .contains(&m)
}

/// The Node major of a NODE_MODULE_VERSION (Node's ABI registry).
fn node_for_abi(abi: u32) -> Option<u32> {
    Some(match abi {
        93 => 16,
        108 => 18,
        111 => 19,
        115 => 20,
        120 => 21,
        127 => 22,
        131 => 23,
        137 => 24,
        141 => 25,
        _ => return None,
    })
}

/// Node's `process.arch` for an object file architecture.
fn node_arch(machine: &str) -> &'static str {
    match machine {
        "X86_64" => "x64",
        "Aarch64" => "arm64",
        "Arm" => "arm",
        "I386" => "ia32",
        _ => "unknown",
    }
}

/// Files up to this size are read whole (one read beats many small ones);
/// larger ones only where the headers point.
const READ_WHOLE: u64 = 4 << 20;

/// The facts of an open regular file of `size` bytes, and its first bytes.
fn read_facts(file: std::fs::File, size: u64) -> (Result<Facts>, [u8; 4]) {
    let mut magic = [0u8; 4];
    if size <= READ_WHOLE {
        use std::io::Read;
        let mut data = Vec::with_capacity(size as usize);
        // `take`: the file may have grown since it was measured.
        if let Err(e) = file.take(READ_WHOLE).read_to_end(&mut data) {
            return (Err(e.into()), magic);
        }
        if data.len() >= 4 {
            magic.copy_from_slice(&data[..4]);
        }
        let whole = &data[..];
        let parsed = match fat_ranges(whole) {
            Ok(Some(ranges)) => fat_facts(ranges.iter().map(|&(offset, size, arch)| {
                let slice = usize::try_from(offset)
                    .ok()
                    .zip(usize::try_from(offset + size).ok())
                    .and_then(|(a, b)| whole.get(a..b))
                    .context("a slice lies outside the file")?;
                Ok((facts(slice)?, arch))
            })),
            Ok(None) => facts(whole),
            Err(e) => Err(e),
        };
        (parsed, magic)
    } else {
        let cache = object::ReadCache::new(file);
        if let Ok(m) = cache.read_bytes_at(0, 4) {
            magic.copy_from_slice(m);
        }
        let parsed = match fat_ranges(&cache) {
            Ok(Some(ranges)) => fat_facts(
                ranges
                    .iter()
                    .map(|&(offset, size, arch)| Ok((facts(cache.range(offset, size))?, arch))),
            ),
            Ok(None) => facts(&cache),
            Err(e) => Err(e),
        };
        (parsed, magic)
    }
}

/// The (offset, size, CPU in the header) of each slice of a universal
/// Mach-O; `None` for any other file.
fn fat_ranges<'d, R: ReadRef<'d>>(
    data: R,
) -> Result<Option<Vec<(u64, u64, object::Architecture)>>> {
    let ranges = match object::FileKind::parse(data) {
        Ok(object::FileKind::MachOFat32) => object::read::macho::MachOFatFile32::parse(data)
            .context("a universal Mach-O with a broken header")?
            .arches()
            .iter()
            .map(|a| {
                let (offset, size) = a.file_range();
                (offset, size, a.architecture())
            })
            .collect(),
        Ok(object::FileKind::MachOFat64) => object::read::macho::MachOFatFile64::parse(data)
            .context("a universal Mach-O with a broken header")?
            .arches()
            .iter()
            .map(|a| {
                let (offset, size) = a.file_range();
                (offset, size, a.architecture())
            })
            .collect(),
        _ => return Ok(None),
    };
    Ok(Some(ranges))
}

/// A universal file's facts: each slice's, checked one by one.
fn fat_facts(slices: impl Iterator<Item = Result<(Facts, object::Architecture)>>) -> Result<Facts> {
    let slices: Vec<Facts> = slices
        .map(|r| {
            r.map(|(f, arch)| Facts {
                fat_header_machine: Some(format!("{arch:?}")),
                ..f
            })
        })
        .collect::<Result<_>>()?;
    if slices.is_empty() {
        anyhow::bail!("a universal Mach-O with no slices");
    }
    Ok(Facts {
        format: "MachO".into(),
        class: "universal".into(),
        endian: "little".into(),
        machine: slices
            .iter()
            .map(|s| s.machine.as_str())
            .collect::<Vec<_>>()
            .join("+"),
        stripped: slices.iter().all(|s| s.stripped),
        exports: slices[0].exports,
        export_sample: slices[0].export_sample.clone(),
        slices,
        ..Default::default()
    })
}

/// Whether the file at `path` exports the dynamic symbol `name`.
pub fn exports_symbol(path: &Path, name: &str) -> bool {
    let Ok(file) = open_regular(path) else {
        return false;
    };
    let cache = object::ReadCache::new(file);
    let Ok(obj) = object::File::parse(&cache) else {
        return false;
    };
    let found = obj
        .dynamic_symbols()
        .any(|s| !s.is_undefined() && s.name() == Ok(name));
    found
}

/// The target of the file at `path`, from its content (bounded read); none
/// for a universal Mach-O, which fills more than one.
pub fn target_of(path: &Path) -> Option<&'static Target> {
    let file = open_regular(path).ok()?;
    let size = file.metadata().ok()?.len();
    let f = read_facts(file, size).0.ok()?;
    if f.format == "Elf" {
        return infer_target(&f);
    }
    // A thin Mach-O or a PE: its OS and machine name one target.
    let platform = if f.format == "Pe" { "win32" } else { "darwin" };
    crate::target::TARGETS
        .iter()
        .find(|t| t.platform == platform && t.arch == node_arch(&f.machine))
}

/// The OS the file at `path` is for, from its first four bytes: `linux`
/// (ELF), `darwin` (Mach-O, universal or not), `win32` (PE).
pub fn platform_of(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut magic = [0u8; 4];
    open_regular(path).ok()?.read_exact(&mut magic).ok()?;
    Some(
        if magic == *b"\x7fELF" {
            "linux"
        } else if magic[..2] == *b"MZ" {
            "win32"
        } else if is_macho(&magic) {
            "darwin"
        } else {
            return None;
        }
        .into(),
    )
}

/// The target the file is built for, from its content alone: ELF machine
/// and class, then the libc from PT_INTERP / DT_NEEDED. A file that needs
/// no libc at all runs on either; it is taken as the glibc target.
pub fn infer_target(f: &Facts) -> Option<&'static Target> {
    let libc = f.libc.unwrap_or(Libc::Glibc);
    crate::target::TARGETS.iter().find(|t| {
        format!("{:?}", t.machine) == f.machine
            && (f.class == "ELF64") == t.is_64
            && t.libc == Some(libc)
    })
}

/// The checks against a Linux target: architecture, libc, libraries.
/// `claimed`: the target came from --target or the path, so the content
/// must match it (otherwise it was inferred from the content).
fn linux_checks(
    facts: &Facts,
    t: &Target,
    claimed: bool,
    want: &Expectations,
    p: &Policy,
    checks: &mut Vec<Check>,
) {
    let source = if claimed {
        "claimed"
    } else {
        "inferred from the file"
    };
    let Some(libc) = t.libc else {
        checks.push(Check {
            name: "target",
            ok: false,
            detail: format!("an ELF file, but target {} ({source}) is not Linux", t.name),
        });
        return;
    };
    let arch_ok =
        format!("{:?}", t.machine) == facts.machine && (facts.class == "ELF64") == t.is_64;
    checks.push(Check {
        name: "architecture",
        ok: arch_ok && facts.endian == "little" && (facts.os_abi == 0 || facts.os_abi == 3),
        detail: if arch_ok {
            format!(
                "{} {} {}-endian, OS ABI {} (target {} {source})",
                facts.machine, facts.class, facts.endian, facts.os_abi, t.name
            )
        } else {
            format!(
                "the file is {} {} but target {} ({source}) wants {:?} {}",
                facts.machine,
                facts.class,
                t.name,
                t.machine,
                if t.is_64 { "ELF64" } else { "ELF32" }
            )
        },
    });
    let libc_ok = facts.libc.is_none_or(|l| l == libc);
    let glibc_only: Vec<&String> = facts
        .needed
        .iter()
        .filter(|n| libc == Libc::Musl && p.glibc_only.contains(n))
        .collect();
    checks.push(Check {
        name: "libc",
        ok: libc_ok && glibc_only.is_empty(),
        detail: match (facts.libc, glibc_only.is_empty()) {
            (_, false) => format!("a musl target needing glibc libraries: {glibc_only:?}"),
            (Some(l), _) if l != libc => {
                format!(
                    "built for {} but the target {} ({source}) is {}",
                    l.tag(),
                    t.name,
                    libc.tag()
                )
            }
            (Some(l), _) => format!("{} (needs {})", l.tag(), facts.needed.join(", ")),
            (None, _) => "no libc dependency: loads on glibc and musl alike".into(),
        },
    });
    let mut allowed: Vec<String> = p
        .allowed_needed
        .get(libc.tag())
        .cloned()
        .unwrap_or_default();
    if want.allow_cxx {
        allowed.extend(p.cxx_runtime.iter().cloned());
    }
    let extra: Vec<&String> = facts
        .needed
        .iter()
        .filter(|n| !allowed.contains(n))
        .collect();
    checks.push(Check {
        name: "needed libraries",
        ok: extra.is_empty(),
        detail: if extra.is_empty() {
            if facts.needed.is_empty() {
                "none".into()
            } else {
                format!(
                    "{} (all allowed for {})",
                    facts.needed.join(", "),
                    libc.tag()
                )
            }
        } else {
            format!(
                "not allowed for {}: {}{}",
                libc.tag(),
                extra
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                if extra.iter().any(|e| p.cxx_runtime.contains(e)) {
                    " (pass --allow-cxx to ship a libstdc++ dependency)"
                } else {
                    ""
                }
            )
        },
    });
}

/// Where a file claims to belong: `--target`, its directory
/// (`prebuilds/darwin-x64/`, node-gyp-build's `darwin-x64+arm64/`) or its
/// name (`x.darwin-arm64.node`, `x.win32-x64-msvc.node`).
#[derive(Debug, PartialEq)]
pub struct Slot {
    pub platform: String,
    pub arches: Vec<String>,
    /// What made the claim, for messages.
    pub source: String,
}

const PLATFORMS: &[&str] = &["linux", "darwin", "win32"];
const ARCHES: &[&str] = &["x64", "arm64", "arm", "ia32"];

impl Slot {
    pub fn name(&self) -> String {
        format!("{}-{}", self.platform, self.arches.join("+"))
    }

    /// `darwin-x64+arm64`, `darwin-universal`, `win32-x64` (and what may follow).
    fn parse(text: &str, source: String) -> Option<Slot> {
        let (platform, rest) = text.split_once('-')?;
        if !PLATFORMS.contains(&platform) {
            return None;
        }
        let token: &str = rest.split(['.', '-']).next()?;
        let arches: Vec<String> = if token == "universal" {
            vec!["x64".into(), "arm64".into()]
        } else {
            token.split('+').map(String::from).collect()
        };
        if !arches.iter().all(|a| ARCHES.contains(&a.as_str())) {
            return None;
        }
        Some(Slot {
            platform: platform.into(),
            arches,
            source,
        })
    }

    pub fn of(path: &Path, target: Option<&Target>) -> Option<Slot> {
        if let Some(t) = target {
            return Some(Slot {
                platform: t.platform.into(),
                arches: vec![t.arch.into()],
                source: format!("--target {}", t.name),
            });
        }
        let dir = path.parent().and_then(|d| d.file_name())?.to_str()?;
        if let Some(s) = Slot::parse(dir, String::new())
            .filter(|s| dir == s.name() || dir.ends_with("universal"))
        {
            return Some(Slot {
                source: format!("its directory {dir}/"),
                ..s
            });
        }
        let file = path.file_name()?.to_str()?;
        PLATFORMS.iter().find_map(|p| {
            let at = file.find(&format!("{p}-"))?;
            Slot::parse(&file[at..], format!("its name {file}"))
        })
    }
}

/// The slices of a universal Mach-O, or the file itself.
fn slices(f: &Facts) -> Vec<&Facts> {
    if f.slices.is_empty() {
        vec![f]
    } else {
        f.slices.iter().collect()
    }
}

/// Whether the file's platform and architectures fill its slot.
fn slot_check(platform: &str, arches: &[&str], what: &str, slot: Option<&Slot>) -> Check {
    let is = format!("{platform}-{}", arches.join("+"));
    match slot {
        None => Check {
            name: "architecture",
            ok: !arches.contains(&"unknown"),
            detail: format!("{what}: {is} (inferred from the file)"),
        },
        Some(s) => {
            let ok =
                s.platform == platform && s.arches.iter().all(|a| arches.contains(&a.as_str()));
            Check {
                name: "architecture",
                ok,
                detail: if ok {
                    format!("{what}: {is} ({} claims {})", s.source, s.name())
                } else {
                    format!(
                        "the file is {what} ({is}) but {} claims {}: it would be loaded on the wrong machine",
                        s.source,
                        s.name()
                    )
                },
            }
        }
    }
}

/// Mach-O: the slot, then per slice the minimum macOS, the linked
/// libraries and the paths the file carries.
fn darwin_checks(facts: &Facts, slot: Option<&Slot>, want: &Expectations, checks: &mut Vec<Check>) {
    let p = darwin_policy();
    let all = slices(facts);
    let arches: Vec<&str> = all.iter().map(|s| node_arch(&s.machine)).collect();
    let what = if facts.slices.is_empty() {
        format!(
            "Mach-O {} {}",
            facts.file_type.as_deref().unwrap_or("file"),
            facts.machine
        )
    } else {
        format!(
            "a universal Mach-O with {} slices ({})",
            all.len(),
            arches.join(", ")
        )
    };
    checks.push(slot_check("darwin", &arches, &what, slot));
    // dyld takes the slice the universal header names for the running CPU.
    for s in &facts.slices {
        if let Some(h) = s.fat_header_machine.as_ref().filter(|h| **h != s.machine) {
            checks.push(Check {
                name: "architecture",
                ok: false,
                detail: format!(
                    "{arch} slice: the universal header lists it as {}: dyld would load this {arch} code on an {} Mac; rebuild the universal file (lipo -create)",
                    node_arch(h),
                    node_arch(h),
                    arch = node_arch(&s.machine),
                ),
            });
        }
    }
    let mut allowed = p.allowed_dylibs.clone();
    if want.allow_cxx {
        allowed.extend(p.cxx_runtime.iter().cloned());
    }
    let system = |l: &str| p.system_prefixes.iter().any(|s| l.starts_with(s.as_str()));
    for s in all {
        let arch = node_arch(&s.machine);
        let tag = if facts.slices.is_empty() {
            String::new()
        } else {
            format!("{arch} slice: ")
        };
        let floor = match (want.macos_min.clone(), p.first_os.get(arch)) {
            (Some(f), Some(first)) if parse_version(&f) < parse_version(first) => {
                Some(first.clone())
            }
            (Some(f), _) => Some(f),
            (None, _) => p.min_os.get(arch).cloned(),
        };
        checks.push(match (s.os.as_deref(), &s.min_os, &floor) {
            (Some(os), _, _) if os != "macOS" => Check {
                name: "minimum macOS",
                ok: false,
                detail: format!("{tag}built for {os}, not macOS"),
            },
            (_, None, _) => Check {
                name: "minimum macOS",
                ok: false,
                detail: format!("{tag}no LC_BUILD_VERSION or LC_VERSION_MIN_MACOSX: the oldest macOS it loads on is unknown"),
            },
            (_, Some(min), Some(floor)) if parse_version(min) > parse_version(floor) => Check {
                name: "minimum macOS",
                ok: false,
                detail: format!(
                    "{tag}needs macOS {min} or later, above the {floor} floor for {arch}: older macOS refuses to load it; build for {floor} (zig: -target {}-macos.{floor}; Rust: MACOSX_DEPLOYMENT_TARGET={floor})",
                    if arch == "x64" { "x86_64" } else { "aarch64" }
                ),
            },
            (_, Some(min), floor) => Check {
                name: "minimum macOS",
                ok: true,
                detail: match floor {
                    Some(f) => format!("{tag}macOS {min}, within the {f} floor for {arch}"),
                    None => format!("{tag}macOS {min}"),
                },
            },
        });
        let bad: Vec<String> = s
            .needed
            .iter()
            .filter(|l| !allowed.contains(l))
            .map(|l| {
                let why = if p.cxx_runtime.contains(l) {
                    "the C++ runtime: pass --allow-cxx to ship it"
                } else if l.starts_with('@') {
                    "a library shipped beside the addon: a .node file must stand alone"
                } else if l.starts_with('/') && !system(l) {
                    "a path on the build machine"
                } else {
                    "not in the allowlist (policy/darwin.json)"
                };
                format!("{l} ({why})")
            })
            .collect();
        checks.push(Check {
            name: "linked libraries",
            ok: bad.is_empty(),
            detail: if bad.is_empty() {
                format!("{tag}{} (all allowed)", s.needed.join(", "))
            } else {
                format!("{tag}not allowed: {}", bad.join(", "))
            },
        });
        let mut leaks: Vec<String> = Vec::new();
        if let Some(name) = &s.install_name {
            if !p
                .install_name_prefixes
                .iter()
                .any(|x| name.starts_with(x.as_str()))
            {
                leaks.push(format!("install name {name} (want @rpath/<name>.node)"));
            }
        }
        for r in s.rpaths.iter().filter(|r| r.starts_with('/') && !system(r)) {
            leaks.push(format!("run path {r}"));
        }
        if !s.build_paths.is_empty() {
            leaks.push(format!(
                "{} debug-map path(s) such as {} (strip the file)",
                s.build_paths.len(),
                s.build_paths[0]
            ));
        }
        checks.push(Check {
            name: "build paths",
            ok: leaks.is_empty(),
            detail: if leaks.is_empty() {
                format!(
                    "{tag}none leaked (install name {})",
                    s.install_name.as_deref().unwrap_or("none: a bundle")
                )
            } else {
                format!("{tag}the build machine's paths: {}", leaks.join("; "))
            },
        });
    }
}

/// PE: the slot, the DLLs it binds to, the paths it carries, and how its
/// C++ runtime is linked.
fn win32_checks(facts: &Facts, slot: Option<&Slot>, checks: &mut Vec<Check>) {
    let p = win32_policy();
    let arch = node_arch(&facts.machine);
    checks.push(slot_check(
        "win32",
        &[arch],
        &format!("PE DLL {}", facts.machine),
        slot,
    ));
    let mut bad = Vec::new();
    for (dll, n) in &facts.imports_per_library {
        if p.host_executables.iter().any(|h| dll_matches(h, dll)) {
            bad.push(format!(
                "{dll} by name ({n} functions): the DLL loads only in a process that has a module named {dll} (its executable, or Node built as a shared library); Electron, NW.js and renamed or embedded hosts fail with \"The specified module could not be found\"; resolve Node-API from the host process at load time instead (nabi-prebuild build links its host-lookup shim)"
            ));
        } else if p.shared_runtimes.iter().any(|r| dll_matches(r, dll)) {
            bad.push(format!(
                "{dll} (a MinGW/LLVM runtime DLL users do not have: link it statically)"
            ));
        } else if !p.allowed_imports.iter().any(|a| dll_matches(a, dll)) {
            bad.push(format!("{dll} (not in the allowlist, policy/win32.json)"));
        }
    }
    checks.push(Check {
        name: "imports",
        ok: bad.is_empty(),
        detail: if bad.is_empty() {
            format!(
                "only system DLLs: {} (no host executable by name{})",
                facts.needed.join(", "),
                if facts.host_lookup {
                    "; Node-API through the host-lookup shim"
                } else {
                    ""
                }
            )
        } else {
            format!("binds to {}", bad.join("; "))
        },
    });
    checks.push(Check {
        name: "build paths",
        ok: facts.build_paths.is_empty(),
        detail: match (&facts.pdb, facts.build_paths.first()) {
            (_, Some(path)) => format!(
                "the CodeView debug entry names the build machine's PDB path {path}: strip the DLL or link with a relative PDB name"
            ),
            (Some(pdb), None) => format!("PDB name {pdb}, no directory"),
            (None, None) => "no debug directory".into(),
        },
    });
    if let Some(cxx) = &facts.cxx_runtime {
        checks.push(Check {
            name: "C++ runtime",
            ok: cxx == "static",
            detail: if cxx == "static" {
                "the C++ runtime (libc++, libc++abi) and C++ exception support (libunwind) are linked statically: no C++ runtime DLL is needed".into()
            } else {
                format!("{cxx}: users do not have it; link the C++ runtime statically")
            },
        });
    }
}

/// A human-readable table per file.
pub fn render(report: &Report) -> String {
    let f = &report.facts;
    let mut about = vec![crate::progress::bytes(report.size)];
    if !f.format.is_empty() {
        about.push(
            if f.stripped {
                "stripped"
            } else {
                "not stripped"
            }
            .to_string(),
        );
        about.push(format!(
            "{} export{}",
            f.exports,
            if f.exports == 1 { "" } else { "s" }
        ));
    }
    let mut out = format!(
        "{} ({}){}\n",
        report.file,
        about.join(", "),
        report
            .target
            .as_ref()
            .map(|t| format!(" — target {t}"))
            .unwrap_or_default()
    );
    let w = report
        .checks
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0);
    for c in &report.checks {
        out.push_str(&format!(
            "  {} {:w$}  {}\n",
            if c.ok { "ok  " } else { "FAIL" },
            c.name,
            c.detail
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_parses() {
        super::policy();
        darwin_policy();
        win32_policy();
        assert!(super::napi_versions().len() >= 161);
    }

    #[test]
    fn slots_from_directories_names_and_targets() {
        let slot = |p: &str| Slot::of(Path::new(p), None).map(|s| (s.name(), s.source));
        assert_eq!(
            slot("prebuilds/darwin-x64/a.node"),
            Some(("darwin-x64".into(), "its directory darwin-x64/".into()))
        );
        assert_eq!(
            slot("prebuilds/darwin-x64+arm64/a.node").unwrap().0,
            "darwin-x64+arm64"
        );
        assert_eq!(
            slot("npm/x/a.darwin-universal.node").unwrap().0,
            "darwin-x64+arm64"
        );
        assert_eq!(
            slot("npm/x/a.win32-arm64-msvc.node").unwrap().0,
            "win32-arm64"
        );
        assert_eq!(
            slot("prebuilds/linux-arm64/a.napi.musl.node").unwrap().0,
            "linux-arm64"
        );
        assert_eq!(slot("build/Release/a.node"), None);
        assert_eq!(slot("x/darwin-sparc/a.node"), None);
        let t = crate::target::Target::by_name("win32-x64").unwrap();
        let s = Slot::of(Path::new("prebuilds/darwin-arm64/a.node"), Some(t)).unwrap();
        assert_eq!(
            (s.name(), s.source.as_str()),
            ("win32-x64".into(), "--target win32-x64")
        );
    }

    #[test]
    fn dll_names_and_build_paths() {
        assert!(dll_matches(
            "api-ms-win-crt-*",
            "API-MS-WIN-CRT-heap-l1-1-0.dll"
        ));
        assert!(dll_matches("node.exe", "NODE.EXE"));
        assert!(!dll_matches("node.exe", "node.exe.dll"));
        assert!(is_absolute_anywhere("C:\\build\\x.pdb"));
        assert!(is_absolute_anywhere("/home/ci/x.pdb"));
        assert!(is_absolute_anywhere("\\\\server\\x.pdb"));
        assert!(!is_absolute_anywhere("x.pdb"));
        assert_eq!(macho_version(0x000a_0f00), "10.15");
        assert_eq!(macho_version(0x000b_0000), "11.0");
        assert_eq!(macho_version(0x000a_0f04), "10.15.4");
    }
}
