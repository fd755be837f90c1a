//! `--env-file`'s format, read as Node reads it: `KEY=value` lines, `#`
//! comments, an optional `export ` prefix, values in `"`, `'` or `` ` ``
//! quotes (which may span lines; `\n` in double quotes is a newline) or
//! bare up to a `#`, trimmed. (Crates such as dotenvy also expand
//! `${VAR}`, which Node does not, so Node's rules are written out here.)

/// The `(key, value)` pairs of `text`, in order.
pub(crate) fn parse(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..line_end].trim_start();
        if line.is_empty() || line.starts_with('#') {
            rest = rest.get(line_end + 1..).unwrap_or("");
            continue;
        }
        let Some(eq) = line.find('=') else {
            rest = rest.get(line_end + 1..).unwrap_or("");
            continue;
        };
        let mut key = line[..eq].trim();
        if let Some(k) = key.strip_prefix("export ") {
            key = k.trim();
        }
        // The value starts after `=`, in `rest` (a quoted one may go on
        // past this line).
        let start = line_end - line.len() + eq + 1;
        let after = rest[start..].trim_start_matches([' ', '\t']);
        let quote = after
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'));
        let (value, consumed_to) = match quote.and_then(|q| after[1..].find(q).map(|i| (q, i))) {
            Some((q, i)) => {
                let raw = &after[1..1 + i];
                let v = if q == '"' {
                    raw.replace("\\n", "\n")
                } else {
                    raw.to_string()
                };
                let end_of_quote = rest.len() - after.len() + 1 + i + 1;
                let next_line = rest[end_of_quote..]
                    .find('\n')
                    .map_or(rest.len(), |n| end_of_quote + n);
                (v, next_line)
            }
            None => {
                let own = &rest[start..line_end];
                let v = own.split('#').next().unwrap_or("").trim();
                (v.to_string(), line_end)
            }
        };
        if !key.is_empty() {
            out.push((key.to_string(), value));
        }
        rest = rest.get(consumed_to + 1..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_nodes_format() {
        let text = "# c\nK1=from_file\nexport K2=\"two words\"\nK3='single' # trailing\nK4=\"multi\\nline\"\nEMPTY=\n  SPACED = v  \nQ=`bt`\nM=\"a\nb\"\nnoeq\nH=x#y\n";
        let got = parse(text);
        let want = [
            ("K1", "from_file"),
            ("K2", "two words"),
            ("K3", "single"),
            ("K4", "multi\nline"),
            ("EMPTY", ""),
            ("SPACED", "v"),
            ("Q", "bt"),
            ("M", "a\nb"),
            ("H", "x"),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, want);
    }
}
