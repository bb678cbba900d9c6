//! `--record`: the page's fingerprint and date written into the operation in its spec
//! (`x-docs-sha256`, `x-docs-read`), editing only those lines so comments and layout stay.

use std::path::Path;

use super::Checked;
use crate::error::{Error, Result};

/// Writes `checked`'s fingerprint and `date` into its operation's block.
pub fn record(root: &Path, checked: &Checked, date: &str) -> Result<()> {
    let path = root.join(&checked.spec);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let updated = edit(&text, &checked.operation, &checked.sha256, date)
        .map_err(|why| Error::spec(&checked.spec, format!("cannot record `{}`: {why}", checked.operation)))?;
    std::fs::write(&path, updated).map_err(|e| Error::io(&path, e))
}

/// `text` with the operation `id`'s `x-docs-read` and `x-docs-sha256` set (added after
/// `x-docs-read`, or after the operation's first line, where missing).
pub fn edit(text: &str, id: &str, sha256: &str, date: &str) -> std::result::Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    // REST: the method block holding `operationId: id`; WebSocket: the `id:` key under `operations:`.
    let start = if let Some(at) = lines.iter().position(|l| l.trim() == format!("operationId: {id}")) {
        let own = indent(lines[at]);
        (0..at).rev().find(|&i| indent(lines[i]) < own && !lines[i].trim().is_empty()).ok_or("no method line")?
    } else {
        let ops = lines.iter().position(|l| *l == "operations:").ok_or("no such operation")?;
        lines[ops..]
            .iter()
            .position(|l| l.trim() == format!("{id}:") && indent(l) == 2)
            .map(|i| ops + i)
            .ok_or("no such operation")?
    };
    let key_indent = indent(lines[start]) + 2;
    let end = lines[start + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && indent(l) < key_indent)
        .map_or(lines.len(), |i| start + 1 + i);
    let pad = " ".repeat(key_indent);
    let at_key = |key: &str| {
        (start + 1..end).find(|&i| indent(lines[i]) == key_indent && lines[i].trim_start().starts_with(key))
    };
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let read_line = format!("{pad}x-docs-read: \"{date}\"");
    let sha_line = format!("{pad}x-docs-sha256: {sha256}");
    let read = at_key("x-docs-read:");
    match at_key("x-docs-sha256:") {
        Some(i) => out[i] = sha_line,
        None => out.insert(read.map_or(start + 1, |r| r + 1), sha_line),
    }
    match read {
        Some(i) => out[i] = read_line,
        None => out.insert(start + 1, read_line),
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    Ok(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REST: &str = "paths:\n  /a:\n    get:\n      operationId: one\n      x-docs-read: \"2020-01-01\"\n      summary: x\n    post:\n      operationId: two\n      summary: y\n";

    #[test]
    fn only_the_operations_lines_change() {
        let out = edit(REST, "one", "abc", "2026-12-02").unwrap();
        assert_eq!(
            out,
            "paths:\n  /a:\n    get:\n      operationId: one\n      x-docs-read: \"2026-12-02\"\n      x-docs-sha256: abc\n      summary: x\n    post:\n      operationId: two\n      summary: y\n"
        );
        let again = edit(&out, "one", "def", "2026-12-03").unwrap();
        assert!(again.contains("x-docs-sha256: def") && !again.contains("abc") && again.contains("2026-12-03"));
        let two = edit(REST, "two", "f00", "2026-12-02").unwrap();
        assert!(two.ends_with("    post:\n      x-docs-read: \"2026-12-02\"\n      x-docs-sha256: f00\n      operationId: two\n      summary: y\n"));
        let ws = edit("operations:\n  order.status:\n    action: send\n", "order.status", "1", "2026-01-01").unwrap();
        assert_eq!(
            ws,
            "operations:\n  order.status:\n    x-docs-read: \"2026-01-01\"\n    x-docs-sha256: 1\n    action: send\n"
        );
        assert!(edit(REST, "three", "1", "d").is_err());
    }
}
