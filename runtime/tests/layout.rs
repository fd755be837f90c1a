//! The source layout's rules (docs/ARCHITECTURE.md), read from the code's
//! own paths: in `runtime/src` and `napi-host/src` no module imports one
//! that imports it back, directly or through others; a built-in never
//! imports a sibling built-in; the engine names no built-in.
//!
//! An import is any path to a module of the crate: `crate::a::b`,
//! `super::x`, or a child module's name (`runtime::Runtime` in
//! `engine/mod.rs`), in `use` lines and in code, `{…}` groups included.
//! Comments are skipped; `mod x;` declarations are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// The modules of a crate's `src/`, by module path, with their source text.
fn modules(src: &Path) -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut m: Module = rel
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if matches!(m.last().map(String::as_str), Some("mod" | "main" | "lib")) {
                m.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = text
                .lines()
                .map(|l| l.find("//").map_or(l, |i| &l[..i]))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(m, code);
        }
    }
    out
}

/// The `::`-separated names after `at` (and the first name of each member
/// of a `{…}` group that ends them), as paths relative to `base`.
fn paths_at(code: &str, at: usize, base: Module) -> Vec<Module> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut segs = base;
    let mut rest = &code[at..];
    loop {
        let name: String = rest.chars().take_while(|&c| is_name(c)).collect();
        if name.is_empty() {
            break;
        }
        segs.push(name.clone());
        rest = &rest[name.len()..];
        let Some(after) = rest.strip_prefix("::") else {
            return vec![segs];
        };
        rest = after.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            return group[..end]
                .split(',')
                .filter_map(|member| {
                    let first: String = member.trim().chars().take_while(|&c| is_name(c)).collect();
                    (!first.is_empty()).then(|| [segs.clone(), vec![first]].concat())
                })
                .collect();
        }
    }
    vec![segs]
}

/// Which modules each module imports.
fn imports(mods: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let resolve = |path: &Module| {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| mods.contains_key(p))
    };
    let mut graph = BTreeMap::new();
    for (m, code) in mods {
        let mut to = BTreeSet::new();
        let bytes = code.as_bytes();
        let mut i = 0;
        while i < code.len() {
            let starts_name = (bytes[i].is_ascii_alphabetic() || bytes[i] == b'_')
                && (i == 0
                    || !(bytes[i - 1].is_ascii_alphanumeric() || b"_:".contains(&bytes[i - 1])));
            if !starts_name {
                i += 1;
                continue;
            }
            let word: String = code[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let next = i + word.len();
            if code[next..].starts_with("::") {
                let parent = m[..m.len().saturating_sub(1)].to_vec();
                let found = match word.as_str() {
                    "crate" => paths_at(code, next + 2, vec![]),
                    "super" => paths_at(code, next + 2, parent),
                    _ if mods.contains_key(&[m.clone(), vec![word.clone()]].concat()) => {
                        paths_at(code, i, m.clone())
                    }
                    _ => vec![],
                };
                for p in found {
                    if let Some(target) = resolve(&p).filter(|t| t != m) {
                        to.insert(target);
                    }
                }
            }
            i = next;
        }
        graph.insert(m.clone(), to);
    }
    graph
}

/// A circle of imports, if there is one: the modules along it.
fn circle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    fn visit(
        m: &Module,
        graph: &BTreeMap<Module, BTreeSet<Module>>,
        done: &mut BTreeSet<Module>,
        stack: &mut Vec<Module>,
    ) -> Option<Vec<Module>> {
        if let Some(at) = stack.iter().position(|s| s == m) {
            return Some(stack[at..].iter().chain([m]).cloned().collect());
        }
        if !done.insert(m.clone()) {
            return None;
        }
        stack.push(m.clone());
        for next in &graph[m] {
            if let Some(c) = visit(next, graph, done, stack) {
                return Some(c);
            }
        }
        stack.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut done, &mut Vec::new()))
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

fn src(krate: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src")
}

#[test]
fn no_import_circles() {
    for krate in ["runtime", "napi-host"] {
        let graph = imports(&modules(&src(krate)));
        // The reading must see imports at all (a crate root imports its modules).
        assert!(
            graph.values().map(BTreeSet::len).sum::<usize>() > 10,
            "{krate}: no imports read"
        );
        if let Some(c) = circle(&graph) {
            let names: Vec<String> = c.iter().map(name).collect();
            panic!("{krate}/src: import circle {}", names.join(" -> "));
        }
    }
}

#[test]
fn builtins_import_no_sibling_and_the_engine_no_builtin() {
    let graph = imports(&modules(&src("runtime")));
    let shared = |t: &Module| {
        t.len() == 2
            && t[0] == "builtins"
            && ["args", "handles", "pool", "permission"].contains(&t[1].as_str())
    };
    let mut wrong = Vec::new();
    for (m, to) in &graph {
        for t in to {
            let builtin_to_sibling = m.len() >= 2
                && m[0] == "builtins"
                && !shared(m)
                && t.len() >= 2
                && t[0] == "builtins"
                && t[1] != m[1]
                && !shared(t);
            let engine_to_builtin = m.first().is_some_and(|s| s == "engine")
                && t.first().is_some_and(|s| s == "builtins")
                && !(t.len() == 2 && t[1] == "args");
            if builtin_to_sibling || engine_to_builtin {
                wrong.push(format!("{} -> {}", name(m), name(t)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that break the layout (docs/ARCHITECTURE.md): {wrong:?}; move what is shared down into builtins/args.rs, builtins/handles.rs, builtins/pool.rs or builtins/permission.rs"
    );
}
