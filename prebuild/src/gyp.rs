//! Reading `binding.gyp`, so an unmodified node-gyp package builds with
//! `nabi-prebuild build`. The file is a Python literal (dicts, lists,
//! strings in either quote, comments, trailing commas); what a Linux build
//! needs from it is the addon target's `sources`, `include_dirs`,
//! `defines`, `cflags`/`cflags_cc` (with gyp's `!` removals), `libraries`,
//! its `dependencies` on node-addon-api or on static-library targets of the
//! same file, and the `conditions` that hold for `OS=="linux"`.
//!
//! What it does not do: run the commands gyp would (`<!(...)`), except for
//! recognising the node-addon-api idioms, which it resolves itself.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::{Map, Value};

// ---- the Python-literal parser ----

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn skip(&mut self) {
        while self.i < self.s.len() {
            match self.s[self.i] {
                b' ' | b'\t' | b'\r' | b'\n' => self.i += 1,
                b'#' => {
                    while self.i < self.s.len() && self.s[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
    }

    fn line(&self) -> usize {
        self.s[..self.i.min(self.s.len())]
            .iter()
            .filter(|&&c| c == b'\n')
            .count()
            + 1
    }

    fn err<T>(&self, what: &str) -> Result<T> {
        bail!("binding.gyp line {}: {what}", self.line())
    }

    fn value(&mut self) -> Result<Value> {
        self.skip();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut map = Map::new();
                loop {
                    self.skip();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(Value::Object(map));
                    }
                    let Value::String(key) = self.value()? else {
                        return self.err("a dictionary key must be a string");
                    };
                    self.skip();
                    if self.s.get(self.i) != Some(&b':') {
                        return self.err("expected ':' after a key");
                    }
                    self.i += 1;
                    let v = self.value()?;
                    map.insert(key, v);
                    self.skip();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return self.err("expected ',' or '}'"),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut list = Vec::new();
                loop {
                    self.skip();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(Value::Array(list));
                    }
                    list.push(self.value()?);
                    self.skip();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return self.err("expected ',' or ']'"),
                    }
                }
            }
            Some(b'\'' | b'"') => {
                // Adjacent literals concatenate, as in Python.
                let mut out = String::new();
                while let Some(&q @ (b'\'' | b'"')) = self.s.get(self.i) {
                    self.i += 1;
                    let mut bytes = Vec::new();
                    loop {
                        match self.s.get(self.i) {
                            None => return self.err("unterminated string"),
                            Some(&c) if c == q => {
                                self.i += 1;
                                break;
                            }
                            Some(b'\\') => {
                                let c = *self.s.get(self.i + 1).unwrap_or(&b'\\');
                                bytes.push(match c {
                                    b'n' => b'\n',
                                    b't' => b'\t',
                                    other => other,
                                });
                                self.i += 2;
                            }
                            Some(&c) => {
                                bytes.push(c);
                                self.i += 1;
                            }
                        }
                    }
                    out.push_str(&String::from_utf8_lossy(&bytes));
                    self.skip();
                }
                Ok(Value::String(out))
            }
            Some(c) if c.is_ascii_alphanumeric() || *c == b'-' => {
                let start = self.i;
                while self.s.get(self.i).is_some_and(|c| {
                    c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_' || *c == b'.'
                }) {
                    self.i += 1;
                }
                let word = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                Ok(match word {
                    "True" => Value::Bool(true),
                    "False" => Value::Bool(false),
                    "None" => Value::Null,
                    w => match w.parse::<i64>() {
                        Ok(n) => n.into(),
                        Err(_) => return self.err(&format!("unexpected {w:?}")),
                    },
                })
            }
            Some(&c) => self.err(&format!("unexpected {:?}", c as char)),
            None => self.err("unexpected end of file"),
        }
    }
}

/// Parses gyp's Python-literal syntax into JSON values.
pub fn parse(text: &str) -> Result<Value> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value()?;
    p.skip();
    if p.i != p.s.len() {
        return p.err("text after the top-level value");
    }
    Ok(v)
}

// ---- conditions ----

/// Evaluates a gyp condition for a Linux build: comparisons of a variable
/// with a string or number, joined by `and`/`or`, possibly negated with
/// `not`. A variable gyp would compute by running a command is unknown, and
/// a comparison with it is false.
fn holds(cond: &str, vars: &BTreeMap<String, String>) -> bool {
    cond.split(" or ").any(|alt| {
        alt.split(" and ").all(|term| {
            let term = term.trim().trim_matches(|c| c == '(' || c == ')').trim();
            if let Some(rest) = term.strip_prefix("not ") {
                return !holds(rest, vars);
            }
            for op in ["==", "!=", "<=", ">=", "<", ">"] {
                if let Some((l, r)) = term.split_once(op) {
                    let val = |s: &str| -> Option<String> {
                        let s = s.trim();
                        if let Some(q) = s.strip_prefix(['"', '\'']) {
                            Some(q.trim_end_matches(['"', '\'']).to_string())
                        } else if s.parse::<f64>().is_ok() {
                            Some(s.to_string())
                        } else {
                            vars.get(s).cloned()
                        }
                    };
                    let (Some(a), Some(b)) = (val(l), val(r)) else {
                        return false;
                    };
                    let ord = match (a.parse::<f64>(), b.parse::<f64>()) {
                        (Ok(x), Ok(y)) => x.partial_cmp(&y),
                        _ => Some(a.cmp(&b)),
                    };
                    use std::cmp::Ordering::*;
                    return match (op, ord) {
                        ("==", o) => o == Some(Equal),
                        ("!=", o) => o != Some(Equal),
                        ("<=", Some(o)) => o != Greater,
                        (">=", Some(o)) => o != Less,
                        ("<", o) => o == Some(Less),
                        (">", o) => o == Some(Greater),
                        _ => false,
                    };
                }
            }
            matches!(term, "1" | "True")
        })
    })
}

/// Merges `from` into `into` as gyp does: lists append (`key!` removes
/// items, `key+` prepends, `key=` replaces), dictionaries merge, other
/// values replace.
fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        if k == "conditions" || k == "target_conditions" {
            continue;
        }
        if let Some(base) = k.strip_suffix('!') {
            let remove: Vec<Value> = v.as_array().cloned().unwrap_or_default();
            let removals = into
                .entry(format!("{base}!"))
                .or_insert_with(|| Value::Array(vec![]));
            if let Some(a) = removals.as_array_mut() {
                a.extend(remove);
            }
            continue;
        }
        let (key, mode) = match k.strip_suffix(['+', '=']) {
            Some(b) => (b.to_string(), k.chars().last()),
            None => (k.clone(), None),
        };
        match (into.get_mut(&key), v, mode) {
            (Some(Value::Array(a)), Value::Array(b), Some('+')) => {
                let mut n = b.clone();
                n.append(a);
                *a = n;
            }
            (Some(Value::Array(a)), Value::Array(b), None) => a.extend(b.iter().cloned()),
            (Some(Value::Object(a)), Value::Object(b), None) => merge(a, b),
            _ => {
                into.insert(key, v.clone());
            }
        }
    }
}

/// Applies the `conditions` of `dict` (recursively) for Linux.
fn apply_conditions(dict: &mut Map<String, Value>, vars: &BTreeMap<String, String>) {
    let conds = dict.remove("conditions");
    for c in conds
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(parts) = c.as_array() else { continue };
        let (Some(Value::String(expr)), Some(Value::Object(then))) = (parts.first(), parts.get(1))
        else {
            continue;
        };
        let chosen = if holds(expr, vars) {
            Some(then)
        } else {
            parts.get(2).and_then(Value::as_object)
        };
        if let Some(branch) = chosen {
            let mut branch = branch.clone();
            apply_conditions(&mut branch, vars);
            merge(dict, &branch);
        }
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(String::from))
        .collect()
}

/// The build settings of a binding.gyp's addon target, resolved for Linux.
#[derive(Debug, Default)]
pub struct Target {
    pub name: String,
    pub sources: Vec<String>,
    pub include_dirs: Vec<String>,
    pub defines: Vec<String>,
    pub cflags: Vec<String>,
    pub cflags_cc: Vec<String>,
    pub libraries: Vec<String>,
    /// A node-addon-api dependency: `node_addon_api`, `…_except`, `…_maybe`.
    pub node_addon_api: Option<String>,
}

/// What node-gyp's common.gypi gives every Linux target, before the
/// target's own settings (and its `!` removals) apply.
fn defaults(name: &str) -> Map<String, Value> {
    serde_json::json!({
        "defines": [
            format!("NODE_GYP_MODULE_NAME={name}"),
            "USING_UV_SHARED=1", "USING_V8_SHARED=1", "V8_DEPRECATION_WARNINGS=1",
            "_LARGEFILE_SOURCE", "_FILE_OFFSET_BITS=64", "BUILDING_NODE_EXTENSION",
        ],
        "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter"],
        "cflags_cc": ["-fno-rtti", "-fno-exceptions", "-std=gnu++17"],
    })
    .as_object()
    .expect("an object")
    .clone()
}

/// A `<!(…)` / `<!@(…)` command expansion that is one of node-addon-api's
/// idioms: its include directory, or one of its gyp targets.
fn node_addon_api_ref(s: &str) -> Option<String> {
    if !s.contains("node-addon-api") {
        return None;
    }
    if s.contains(".include") {
        return Some("include".into());
    }
    if let Some((_, t)) = s.rsplit_once("):") {
        return Some(t.trim().to_string());
    }
    if s.contains(".gyp") {
        return Some("node_addon_api".into());
    }
    None
}

/// Reads `dir/binding.gyp` and resolves its addon target for the target
/// `t` (its `conditions` see gyp's `OS` and `target_arch` for it), or for
/// Linux on this machine's arch when no target is given.
pub fn read(dir: &Path, t: Option<&crate::target::Target>) -> Result<Target> {
    use crate::target::Os;
    let path = dir.join("binding.gyp");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let root = parse(&text).with_context(|| format!("parsing {}", path.display()))?;
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    let os = match t.map(|t| t.os) {
        None | Some(Os::Linux) => "linux",
        Some(Os::Darwin) => "mac",
        Some(Os::Windows) => "win",
    };
    vars.insert("OS".into(), os.into());
    let arch = match t {
        Some(t) => t.arch,
        None => match std::env::consts::ARCH {
            "x86_64" => "x64",
            "aarch64" => "arm64",
            a => a,
        },
    };
    vars.insert("target_arch".into(), arch.into());
    for (k, v) in root["variables"].as_object().into_iter().flatten() {
        let value = match v {
            Value::String(s) if !s.starts_with("<!") => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        vars.insert(k.trim_end_matches('%').to_string(), value);
    }
    let targets: Vec<Map<String, Value>> = root["targets"]
        .as_array()
        .with_context(|| format!("{} has no \"targets\" list", path.display()))?
        .iter()
        .filter_map(|t| t.as_object().cloned())
        .collect();
    let by_name = |n: &str| {
        targets
            .iter()
            .find(|t| t["target_name"].as_str() == Some(n))
    };
    // The addon: the first target that builds a loadable module (gyp's
    // default type for node-gyp targets), not a static library or action.
    let addon = targets
        .iter()
        .find(|t| {
            matches!(
                t.get("type").and_then(Value::as_str),
                None | Some("loadable_module") | Some("shared_library")
            ) && t.contains_key("sources")
        })
        .with_context(|| format!("{} has no addon target (one with sources)", path.display()))?;
    let name = addon["target_name"]
        .as_str()
        .context("the addon target has no target_name")?
        .to_string();
    let mut merged = defaults(&name);
    let mut node_addon_api = None;
    // Static libraries it depends on are compiled into it.
    let mut parts = vec![addon.clone()];
    for dep in strings(addon.get("dependencies")) {
        if let Some(r) = node_addon_api_ref(&dep) {
            node_addon_api = Some(r);
        } else if let Some(t) = by_name(dep.rsplit(':').next().unwrap_or(&dep)) {
            parts.insert(0, t.clone());
        } else {
            bail!(
                "{}: the dependency {dep:?} is neither a target of this file nor node-addon-api",
                path.display()
            );
        }
    }
    for mut part in parts {
        apply_conditions(&mut part, &vars);
        part.remove("dependencies");
        merge(&mut merged, &part);
    }
    let removed = |key: &str| strings(merged.get(&format!("{key}!")));
    let list = |key: &str| -> Vec<String> {
        let drop = removed(key);
        strings(merged.get(key))
            .into_iter()
            .filter(|v| !drop.contains(v))
            .collect()
    };
    let mut include_dirs = Vec::new();
    for inc in list("include_dirs") {
        match node_addon_api_ref(&inc) {
            Some(_) => node_addon_api = node_addon_api.or(Some("node_addon_api".into())),
            None if inc.starts_with("<!") => bail!(
                "{}: the include directory {inc:?} comes from a command; nabi-prebuild runs none (add the directory to a \"nabi\" section in package.json instead)",
                path.display()
            ),
            None => include_dirs.push(inc),
        }
    }
    let sources: Vec<String> = list("sources")
        .into_iter()
        .filter(|s| !s.ends_with(".h") && !s.ends_with(".hpp") && !s.ends_with(".gypi"))
        .collect();
    // `-fno-exceptions` removed through `cflags!` also leaves cflags_cc.
    let mut cflags_cc = list("cflags_cc");
    let c_removed = removed("cflags");
    cflags_cc.retain(|f| !c_removed.contains(f));
    Ok(Target {
        name,
        sources,
        include_dirs,
        defines: list("defines"),
        cflags: list("cflags"),
        cflags_cc,
        libraries: list("libraries"),
        node_addon_api,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literals() {
        let v =
            parse("# comment\n{ 'a': [1, \"two\", 'th' \"ree\",], 'b': {'c': True}, # tail\n }")
                .unwrap();
        assert_eq!(v["a"][2], "three");
        assert_eq!(v["b"]["c"], true);
        assert!(parse("{ 'a': [1, 2 }")
            .unwrap_err()
            .to_string()
            .contains("line 1"));
        assert!(parse("{ 'a': 'open }").is_err());
    }

    #[test]
    fn conditions_for_linux() {
        let mut vars = BTreeMap::new();
        vars.insert("OS".to_string(), "linux".to_string());
        assert!(holds("OS==\"linux\"", &vars));
        assert!(holds("OS!='win'", &vars));
        assert!(!holds("OS=='mac'", &vars));
        assert!(!holds("OS==\"zos\" and NODE_VERSION <= 16", &vars));
        assert!(holds("OS=='mac' or OS=='linux'", &vars));
        assert!(!holds("not OS=='linux'", &vars));
    }
}
