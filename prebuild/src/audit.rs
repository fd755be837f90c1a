//! `audit`: what a `.node` file asks of the machine that loads it, checked
//! against the target it claims and a policy kept as data
//! (`policy/linux.json`, and napi-host's `symbols.txt` for Node-API
//! versions). The file is parsed once with the `object` crate; every check
//! reads the same facts.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use object::elf;
use object::read::elf::{Dyn, FileHeader, ProgramHeader, Rela, SectionHeader, Sym};
use object::{Endianness, Object, ObjectSymbol};
use serde::Serialize;

use crate::target::{Libc, Target};

const POLICY: &str = include_str!("../policy/linux.json");
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

/// What the options ask the audit to hold the file to.
#[derive(Clone, Debug, Default)]
pub struct Expectations {
    /// The target the file must be for; default: what its path claims.
    pub target: Option<&'static Target>,
    /// The oldest glibc it must run on (`2.17`).
    pub glibc_floor: Option<String>,
    /// The Node-API version it declares (default 8, Node-API's default).
    pub napi_version: Option<u32>,
    /// Whether linking libstdc++ is acceptable.
    pub allow_cxx: bool,
}

/// Facts read from the file.
#[derive(Debug, Default, Serialize)]
pub struct Facts {
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

/// Reads the facts of one ELF file.
pub fn facts(data: &[u8]) -> Result<Facts> {
    let file = object::File::parse(data)
        .context("not a readable ELF shared object (truncated or corrupt?)")?;
    if !matches!(file, object::File::Elf32(_) | object::File::Elf64(_)) {
        anyhow::bail!("not an ELF file (format {:?})", file.format());
    }
    let mut f = Facts {
        class: if file.is_64() { "ELF64" } else { "ELF32" }.into(),
        endian: if file.is_little_endian() {
            "little"
        } else {
            "big"
        }
        .into(),
        machine: format!("{:?}", file.architecture()),
        os_abi: data.get(7).copied().unwrap_or(0), // e_ident[EI_OSABI]
        ..Default::default()
    };
    if file.is_64() {
        elf_facts::<elf::FileHeader64<Endianness>>(data, &mut f)?;
    } else {
        elf_facts::<elf::FileHeader32<Endianness>>(data, &mut f)?;
    }

    let versions = napi_versions();
    let mut exports_register = false;
    for s in file.dynamic_symbols() {
        let Ok(name) = s.name() else { continue };
        if s.is_undefined() {
            if let Some(&v) = versions.get(name) {
                f.napi_imports.push(name.to_string());
                if v != u32::MAX {
                    f.min_napi_version = f.min_napi_version.max(v);
                }
            } else if name.starts_with("_ZN2v8")
                || name.starts_with("_ZN4node")
                || name == "node_module_register"
            {
                f.v8_imports.push(name.to_string());
            } else if name.starts_with("uv_") {
                f.uv_imports += 1;
            }
        } else if name == "napi_register_module_v1" {
            exports_register = true;
        }
    }
    f.napi_imports.sort();
    f.v8_imports.sort();
    let has_ctor = file.section_by_name(".init_array").is_some();
    f.registration = if exports_register {
        "napi_register_module_v1".into()
    } else if has_ctor && f.napi_imports.iter().any(|n| n == "napi_module_register") {
        "napi_module_register (constructor)".into()
    } else if f.napi_imports.is_empty() && has_ctor {
        // Addons that look every function up at run time (napi-rs with
        // dyn-symbols) import nothing; they still export the entry point.
        "none".into()
    } else {
        "none".into()
    };
    if f.min_napi_version == 0 && !f.napi_imports.is_empty() {
        f.min_napi_version = 1;
    }
    Ok(f)
}

fn elf_facts<E: FileHeader<Endian = Endianness>>(data: &[u8], f: &mut Facts) -> Result<()> {
    let header = E::parse(data)?;
    let endian = header.endian()?;
    for ph in header.program_headers(endian, data)? {
        if ph.p_type(endian) == elf::PT_INTERP {
            if let Ok(Some(bytes)) = ph.interpreter(endian, data) {
                f.interp = Some(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    let sections = header.sections(endian, data)?;
    if let Some((dynamic, link)) = sections.dynamic(endian, data)? {
        let strings = sections.strings(endian, data, link)?;
        for d in dynamic {
            let tag = d.tag32(endian).unwrap_or(0);
            if tag == elf::DT_NEEDED {
                if let Ok(name) = d.string(endian, strings) {
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

/// Audits one file against what it claims and the options.
pub fn audit(path: &Path, want: &Expectations) -> Report {
    let mut report = Report {
        file: path.display().to_string(),
        size: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        target: None,
        facts: Facts::default(),
        checks: Vec::new(),
    };
    let data = match std::fs::read(path) {
        Ok(d) => d,
        Err(e) => {
            report.checks.push(Check {
                name: "readable",
                ok: false,
                detail: format!("cannot read {}: {e}", path.display()),
            });
            return report;
        }
    };
    if data.len() < 4 || &data[..4] != b"\x7fELF" {
        report.checks.push(Check {
            name: "elf",
            ok: false,
            detail: format!(
                "not an ELF file ({} bytes); a .node file must be a compiled shared library",
                data.len()
            ),
        });
        return report;
    }
    let facts = match facts(&data) {
        Ok(f) => f,
        Err(e) => {
            report.checks.push(Check {
                name: "elf",
                ok: false,
                detail: format!("{e:#}"),
            });
            return report;
        }
    };
    let target = want.target.or_else(|| crate::target::claimed_by_path(path));
    report.target = target.map(|t| t.name.to_string());
    let p = policy();
    let mut checks = Vec::new();

    match target {
        Some(t) => {
            let arch_ok = format!("{:?}", t.machine) == facts.machine && (facts.class == "ELF64") == t.is_64;
            checks.push(Check {
                name: "architecture",
                ok: arch_ok && facts.endian == "little" && (facts.os_abi == 0 || facts.os_abi == 3),
                detail: format!(
                    "{} {} {}-endian, OS ABI {} (target {} wants {:?} {})",
                    facts.machine,
                    facts.class,
                    facts.endian,
                    facts.os_abi,
                    t.name,
                    t.machine,
                    if t.is_64 { "ELF64" } else { "ELF32" }
                ),
            });
            let libc_ok = match facts.libc {
                Some(l) => l == t.libc,
                None => true,
            };
            let glibc_only: Vec<&String> =
                facts.needed.iter().filter(|n| t.libc == Libc::Musl && p.glibc_only.contains(n)).collect();
            checks.push(Check {
                name: "libc",
                ok: libc_ok && glibc_only.is_empty(),
                detail: match (facts.libc, glibc_only.is_empty()) {
                    (_, false) => format!("a musl target needing glibc libraries: {glibc_only:?}"),
                    (Some(l), _) if l != t.libc => format!("built for {} but the target {} is {}", l.tag(), t.name, t.libc.tag()),
                    (Some(l), _) => format!("{} (needs {})", l.tag(), facts.needed.join(", ")),
                    (None, _) => "no libc dependency".into(),
                },
            });
            let mut allowed: Vec<String> = p.allowed_needed.get(t.libc.tag()).cloned().unwrap_or_default();
            if want.allow_cxx {
                allowed.extend(p.cxx_runtime.iter().cloned());
            }
            let extra: Vec<&String> = facts.needed.iter().filter(|n| !allowed.contains(n)).collect();
            checks.push(Check {
                name: "needed libraries",
                ok: extra.is_empty(),
                detail: if extra.is_empty() {
                    format!("{} (all allowed for {})", facts.needed.join(", "), t.libc.tag())
                } else {
                    format!(
                        "not allowed for {}: {}{}",
                        t.libc.tag(),
                        extra.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                        if extra.iter().any(|e| p.cxx_runtime.contains(e)) { " (pass --allow-cxx to ship a libstdc++ dependency)" } else { "" }
                    )
                },
            });
        }
        None => checks.push(Check {
            name: "target",
            ok: false,
            detail: "no target: the file name and directory claim none; pass --target (e.g. linux-x64-gnu)".into(),
        }),
    }

    if let Some(floor) = &want.glibc_floor {
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
        detail: if beyond.is_empty() {
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
                "imports V8/Node C++ symbols (a NAN addon): {}",
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
    report.facts = facts;
    report.checks = checks;
    report
}

/// A human-readable table per file.
pub fn render(report: &Report) -> String {
    let mut out = format!(
        "{} ({} bytes){}\n",
        report.file,
        report.size,
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
    #[test]
    fn policy_parses() {
        super::policy();
        assert!(super::napi_versions().len() >= 161);
    }
}
