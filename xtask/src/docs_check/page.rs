//! What a saved docs page states, whatever site it comes from, and the text helpers the site
//! parsers share (front matter, pipe tables, examples, value lists).

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The docs sites the workspace has parsers for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    Binance,
    Coinw,
    P99,
}

impl Site {
    pub fn name(self) -> &'static str {
        match self {
            Site::Binance => "Binance developer docs",
            Site::Coinw => "CoinW API docs",
            Site::P99 => "p99 docs",
        }
    }
}

/// Where the page says the operation is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /fapi/v1/order`; `query` holds a fixed query the path carries
    /// (`?command=returnOrderStatus`), as `(name, value)`.
    Rest { method: String, path: String, query: Vec<(String, String)> },
    /// A WebSocket API method (`order.status`).
    Ws { method: String },
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Rest { method, path, query } => {
                write!(f, "{method} {path}")?;
                for (i, (k, v)) in query.iter().enumerate() {
                    write!(f, "{}{k}={v}", if i == 0 { '?' } else { '&' })?;
                }
                Ok(())
            }
            Endpoint::Ws { method } => write!(f, "WebSocket {method}"),
        }
    }
}

/// A request parameter as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageParam {
    pub name: String,
    /// The page's own word for the type (`LONG`, `String`, `STRING(路径参数)`).
    pub ty: String,
    /// `None` where the page does not say.
    pub mandatory: Option<bool>,
    pub description: String,
}

/// A response field as the page's field table (or field explanations) lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageField {
    pub name: String,
    /// `None` where the page gives no type (p99's explanations).
    pub ty: Option<String>,
    pub description: String,
}

/// An error answer the page lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageError {
    pub status: u16,
    pub code: String,
}

/// Everything a parser read off one page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub site: Option<Site>,
    pub source_url: Option<String>,
    /// The front matter's `updated_at`, as written.
    pub updated_at: Option<String>,
    pub endpoint: Option<Endpoint>,
    /// A request weight (`1`).
    pub weight: Option<i64>,
    /// A frequency limit, as written (`10 requests/s per user ID and IP`).
    pub rate_limit: Option<String>,
    pub params: Vec<PageParam>,
    /// `None` when the page has no field table at all (Binance's pages give only an example).
    pub fields: Option<Vec<PageField>>,
    /// Whether `fields` means to list every field (a field table) or explains only some
    /// (p99's field explanations): a field missing from it is a difference only in the first case.
    pub fields_complete: bool,
    /// The response example, whole (envelope and all), as JSON.
    pub example: Option<Value>,
    /// Every line of prose (descriptions, notes, precautions), for values named there.
    pub prose: Vec<String>,
    pub errors: Vec<PageError>,
    /// sha256 of the page's normalised text (see [`fingerprint`]).
    pub sha256: String,
}

/// The page's fingerprint: sha256 over its lines with trailing white space removed and blank
/// lines dropped, front matter excluded, so a re-save that changes only spacing or the
/// scrape time keeps it.
pub fn fingerprint(body: &str) -> String {
    let mut hasher = Sha256::new();
    for line in body.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Splits `---\nkey: value\n---\n` front matter off the page: `(pairs, rest)`.
pub fn front_matter(text: &str) -> (Vec<(String, String)>, &str) {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return (Vec::new(), text);
    };
    let Some(end) = rest.find("\n---") else { return (Vec::new(), text) };
    let pairs = rest[..end]
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect();
    let after = &rest[end + 4..];
    (pairs, after.strip_prefix('\n').or_else(|| after.strip_prefix("\r\n")).unwrap_or(after))
}

/// The cells of one pipe-table row (`a| b| c` or `| a | b | c |`), trimmed.
pub fn cells(line: &str) -> Vec<String> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|').map(|c| c.trim().to_string()).collect()
}

/// Whether `line` is a table's header rule (`---|---|---`).
pub fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains("---") && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// A pipe table starting at `lines[0]` (its header): the header's cells, then each row as a
/// map from header to cell, until the first line that is not a row.
pub fn pipe_table(lines: &[&str]) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let header = cells(lines.first()?);
    if !lines.get(1).is_some_and(|l| is_rule(l)) {
        return None;
    }
    let rows = lines[2..].iter().take_while(|l| l.contains('|') && !l.trim().is_empty()).map(|l| cells(l)).collect();
    Some((header, rows))
}

/// The text from the first `{` of `text` to its matching `}`, strings respected (both
/// quote kinds, for Python literals), or `None` when it never closes.
pub fn balanced_object(text: &str) -> Option<&str> {
    let start = text.find('{')?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text[start..].char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&text[start..start + i + c.len_utf8()]);
                }
            }
            _ => {}
        }
    }
    None
}

/// JSON with `//` comments (Binance's examples annotate fields) read as JSON.
pub fn json_with_comments(text: &str) -> Result<Value, String> {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(strip_line_comment(line));
        out.push('\n');
    }
    serde_json::from_str(&out).map_err(|e| format!("the response example is not JSON: {e}"))
}

fn strip_line_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return &line[..i];
        }
    }
    line
}

/// A Python literal (CoinW prints its examples with Python's `repr`: single quotes, `True`,
/// `None`) as JSON. Placeholder items such as `{..........}` are dropped.
pub fn python_literal(text: &str) -> Result<Value, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err("a string in the response example never closes".into()),
                        Some('\\') => match chars.next() {
                            Some(e) => {
                                s.push('\\');
                                s.push(e);
                            }
                            None => return Err("a string in the response example never closes".into()),
                        },
                        Some(q) if q == c => break,
                        Some('"') => s.push_str("\\\""),
                        Some(other) => s.push(other),
                    }
                }
                out.push('"');
                out.push_str(&s);
                out.push('"');
            }
            '{' if is_placeholder(chars.clone()) => {
                // `{.....}`: skip it and the comma before it.
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                }
                let trimmed = out.trim_end().len();
                out.truncate(trimmed);
                if out.ends_with(',') {
                    out.pop();
                }
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&',') {
                    chars.next();
                }
            }
            c if c.is_ascii_alphabetic() => {
                let mut word = String::from(c);
                while chars.peek().is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
                    word.push(chars.next().unwrap_or_default());
                }
                out.push_str(match word.as_str() {
                    "True" => "true",
                    "False" => "false",
                    "None" => "null",
                    other => other,
                });
            }
            other => out.push(other),
        }
    }
    serde_json::from_str(&out).map_err(|e| format!("the response example is not a Python literal this tool reads: {e}"))
}

fn is_placeholder(mut rest: std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    let mut dots = 0;
    for c in rest.by_ref() {
        match c {
            '.' => dots += 1,
            '}' => return dots > 0,
            c if c.is_whitespace() => {}
            _ => return false,
        }
    }
    false
}

/// The values a description lists after its first colon: a slash list (`long/short`,
/// `filled / canceled / rejected`) or `key: meaning` pairs (`0: Isolated margin 1: Cross
/// margin`, `unFinish: unfilled, part: partially filled`). Empty when it lists none (fewer
/// than two values is not a list).
pub fn listed_values(description: &str) -> Vec<String> {
    let Some((_, rest)) = description.split_once([':', '：']) else { return Vec::new() };
    let rest = rest.trim_start();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    // A slash list right after the colon (spaces around the slashes allowed).
    let joined = rest.replace(" / ", "/");
    let head = joined.split_whitespace().next().unwrap_or("");
    let head = head.trim_end_matches([',', '.', '，', '。', ';']);
    let slashed: Vec<String> = head.split('/').map(str::to_string).collect();
    if slashed.len() >= 2 && slashed.iter().all(|v| !v.is_empty() && v.chars().all(word)) {
        return slashed;
    }
    // `key: meaning` pairs: a word right before a colon, at the start or after a separator.
    let mut values = Vec::new();
    let mut current = String::new();
    let mut previous = ' ';
    let mut starts_clean = true;
    for c in rest.chars() {
        if word(c) {
            if current.is_empty() {
                starts_clean = matches!(previous, ' ' | ',' | '，' | '(' | '、');
            }
            current.push(c);
        } else {
            if (c == ':' || c == '：') && !current.is_empty() && starts_clean {
                values.push(std::mem::take(&mut current));
            }
            current.clear();
        }
        previous = c;
    }
    if values.len() >= 2 { values } else { Vec::new() }
}

/// Values the prose gives a parameter: every other double-quoted word on a line that names
/// it in quotes or backticks (`For "planTrigger", …` next to `"positionType"`).
pub fn prose_values(prose: &[String], name: &str, other_names: &[&str]) -> Vec<String> {
    let quoted = format!("\"{name}\"");
    let ticked = format!("`{name}`");
    let mut values = Vec::new();
    for line in prose.iter().filter(|l| l.contains(&quoted) || l.contains(&ticked)) {
        for (i, part) in line.split('"').enumerate() {
            let is_word = !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if i % 2 == 1
                && is_word
                && part != name
                && !other_names.contains(&part)
                && !values.iter().any(|v| v == part)
            {
                values.push(part.to_string());
            }
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_lists_are_read_from_slashes_and_pairs_and_nothing_else() {
        assert_eq!(listed_values("Trade direction:long/short"), ["long", "short"]);
        assert_eq!(
            listed_values("参见订单状态。终态:filled / canceled / rejected"),
            ["filled", "canceled", "rejected"]
        );
        assert_eq!(listed_values("Position margin mode: 0: Isolated margin 1: Cross margin"), ["0", "1"]);
        assert_eq!(
            listed_values("Order status: unFinish: unfilled, part: partially filled, Finish: fully filled, Cancel: x"),
            ["unFinish", "part", "Finish", "Cancel"]
        );
        assert_eq!(
            listed_values("Status:1: Uncompleted, 2: Partially completed,3: Fully completed,4: User canceled"),
            ["1", "2", "3", "4"]
        );
        assert!(listed_values("List of order IDs (,). Example: \"a,b\" Note: at most 20.").is_empty());
        assert!(listed_values("Contract type: 1: perpetual contract").is_empty());
        assert!(listed_values("Order Id").is_empty());
    }

    #[test]
    fn python_literals_and_commented_json_read_as_json() {
        let v = python_literal("{'code': '200', 'data': [{'a': 1, 'b': None}, {..........},{.......}], 'ok': True}")
            .unwrap();
        assert_eq!(v, serde_json::json!({"code": "200", "data": [{"a": 1, "b": null}], "ok": true}));
        let v = json_with_comments("{\n \"a\": \"x//y\",  // note\n \"b\": 2 // more\n}").unwrap();
        assert_eq!(v, serde_json::json!({"a": "x//y", "b": 2}));
        assert!(python_literal("{'a': 'never closes}").is_err());
    }

    #[test]
    fn prose_values_come_from_lines_naming_the_parameter() {
        let prose = vec![
            "The parameter \"positionType\" may differ. For \"planTrigger\", later; for \"moveStop\" too.".to_string(),
            "Unrelated \"other\" line.".to_string(),
        ];
        assert_eq!(prose_values(&prose, "positionType", &[]), ["planTrigger", "moveStop"]);
    }

    #[test]
    fn the_fingerprint_ignores_spacing_and_front_matter_only() {
        let (_, body) = front_matter("---\nupdated_at: 1\n---\n# T\n\nline  \n");
        let (_, same) = front_matter("---\nupdated_at: 2\n---\n# T\nline\n\n");
        assert_eq!(fingerprint(body), fingerprint(same));
        assert_ne!(fingerprint(body), fingerprint("# T\nline 2\n"));
    }
}
