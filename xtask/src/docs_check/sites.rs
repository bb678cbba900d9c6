//! One parser per docs site. Each reads the page's own layout; [`parse`] picks one from the
//! front matter's `source_url`, else by recognising the layout, and refuses a page none knows.

use super::page::{
    Endpoint, Page, PageError, PageField, PageParam, Site, balanced_object, fingerprint, front_matter,
    json_with_comments, pipe_table, python_literal,
};

/// Reads a saved page; an error says why no parser could read it.
pub fn parse(text: &str) -> Result<Page, String> {
    let (front, body) = front_matter(text);
    let get = |k: &str| front.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let source_url = get("source_url");
    let site = match source_url.as_deref() {
        Some(url) if url.contains("developers.binance.com") => Some(Site::Binance),
        Some(url) if url.contains("coinw.com") => Some(Site::Coinw),
        Some(url) if url.contains("p99.world") => Some(Site::P99),
        _ => recognise(body),
    };
    let mut page = match site {
        Some(Site::Binance) => binance(body)?,
        Some(Site::Coinw) => coinw(body)?,
        Some(Site::P99) => p99(body)?,
        None => {
            return Err("the page is in no layout this tool knows (Binance's developer docs, CoinW's API docs, \
                        p99's docs); add a parser in xtask/src/docs_check/sites.rs"
                .into());
        }
    };
    page.site = site;
    page.source_url = source_url;
    page.updated_at = get("updated_at");
    page.sha256 = fingerprint(body);
    if page.endpoint.is_none() {
        return Err(format!("read as {}, but the page names no endpoint or method", site.map_or("?", Site::name)));
    }
    Ok(page)
}

fn recognise(body: &str) -> Option<Site> {
    let has_line = |l: &str| body.lines().any(|line| line.trim() == l);
    if body.lines().any(|l| l.starts_with("## HTTP Request[") || l.starts_with("## Method[")) {
        Some(Site::Binance)
    } else if has_line("Request Method") && has_line("Request Parameters") && has_line("Response Parameters") {
        Some(Site::Coinw)
    } else if has_line("HTTP 请求") && has_line("请求参数") {
        Some(Site::P99)
    } else {
        None
    }
}

/// Binance: `## Section[](#anchor …)` headings, pipe tables without outer pipes, JSON examples
/// with `//` comments, and the page again in Chinese after a `---` line; the English half is read.
fn binance(body: &str) -> Result<Page, String> {
    let english = body.split("\n---\n").next().unwrap_or(body);
    let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
    for line in english.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            let title = heading.split("[](").next().unwrap_or(heading).trim().to_string();
            sections.push((title, Vec::new()));
        } else if let Some((_, lines)) = sections.last_mut() {
            lines.push(line);
        }
    }
    let section = |name: &str| sections.iter().find(|(t, _)| t == name).map(|(_, l)| l.as_slice());
    let mut page = Page::default();
    if let Some(lines) = section("HTTP Request") {
        let line = lines.iter().find(|l| !l.trim().is_empty()).copied().unwrap_or("");
        let mut words = line.split_whitespace();
        if let (Some(method), Some(path)) = (words.next(), words.next()) {
            page.endpoint = Some(Endpoint::Rest {
                method: method.to_string(),
                path: path.trim_matches('`').to_string(),
                query: vec![],
            });
        }
    }
    if let Some(lines) = section("Method") {
        let method = lines.iter().map(|l| l.trim().trim_matches('`')).find(|l| !l.is_empty());
        page.endpoint = method.map(|m| Endpoint::Ws { method: m.to_string() });
    }
    if let Some(lines) = section("Request Weight") {
        let text: String = lines.concat();
        page.weight = text.trim().trim_matches('*').trim().parse().ok();
        if page.weight.is_none() && !text.trim().is_empty() {
            page.rate_limit = Some(text.trim().to_string());
        }
    }
    if let Some(lines) = section("Request Parameters") {
        let start = lines.iter().position(|l| l.contains('|')).unwrap_or(lines.len());
        if let Some((header, rows)) = pipe_table(&lines[start..]) {
            page.params = params_from(&header, &rows)?;
        }
        page.prose.extend(lines.iter().filter(|l| !l.contains('|')).map(|l| l.trim().to_string()));
    }
    if let Some(lines) = section("Response Example") {
        let text = lines.join("\n");
        let object = balanced_object(&text).ok_or("the response example has no complete JSON object")?;
        page.example = Some(json_with_comments(object)?);
    }
    for (title, lines) in &sections {
        if title == "API Description" || title == "Notes" {
            page.prose.extend(lines.iter().map(|l| l.trim().to_string()));
        }
    }
    page.prose.retain(|l| !l.is_empty());
    Ok(page)
}

/// Parameter rows by header name: `Name`/`Parameter`, `Type`, `Mandatory`, `Description`.
fn params_from(header: &[String], rows: &[Vec<String>]) -> Result<Vec<PageParam>, String> {
    let col = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)));
    let name = col(&["Name", "Parameter", "名称"]).ok_or("the parameter table has no name column")?;
    let ty = col(&["Type", "类型"]).ok_or("the parameter table has no type column")?;
    let mandatory = col(&["Mandatory", "Required", "必填", "是否必需"]);
    let description = col(&["Description", "描述"]);
    Ok(rows
        .iter()
        .filter(|r| r.get(name).is_some_and(|n| !n.is_empty()))
        .map(|r| PageParam {
            name: r[name].clone(),
            ty: r.get(ty).cloned().unwrap_or_default(),
            mandatory: mandatory.and_then(|m| r.get(m)).and_then(|m| yes_no(m)),
            description: description.and_then(|d| r.get(d)).cloned().unwrap_or_default(),
        })
        .collect())
}

fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "y" | "是" => Some(true),
        "no" | "false" | "n" | "否" => Some(false),
        _ => None,
    }
}

/// CoinW: one heading per line (`Request Method`, `Endpoint`, `Frequency Limit`, …), tables
/// with outer pipes, and Python examples (the endpoint may be given only there, as `api_url`).
fn coinw(body: &str) -> Result<Page, String> {
    const HEADINGS: [&str; 12] = [
        "API Description",
        "Precautions",
        "Authentication",
        "Request Method",
        "Endpoint",
        "Frequency Limit",
        "Request Parameters",
        "Response Parameters",
        "Request Example",
        "Response Example",
        "Error Codes",
        "Response",
    ];
    let lines: Vec<&str> = body.lines().collect();
    let at = |name: &str| lines.iter().position(|l| l.trim() == name);
    let after = |name: &str| -> &[&str] {
        match at(name) {
            Some(i) => {
                let rest = &lines[i + 1..];
                let end = rest.iter().position(|l| HEADINGS.contains(&l.trim())).unwrap_or(rest.len());
                &rest[..end]
            }
            None => &[],
        }
    };
    let mut page = Page::default();
    let method = after("Request Method").iter().map(|l| l.trim()).find(|l| !l.is_empty()).map(str::to_uppercase);
    let mut path = after("Endpoint").iter().map(|l| l.trim()).find(|l| !l.is_empty()).map(str::to_string);
    if path.is_none() {
        // Some pages leave the endpoint empty and give it only in the request example.
        path = after("Request Example").iter().find_map(|l| {
            let (_, value) = l.split_once("api_url")?;
            Some(value.trim_start().strip_prefix('=')?.trim().trim_matches(['"', '\'']).to_string())
        });
    }
    if let (Some(method), Some(path)) = (method, path) {
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (
                p.to_string(),
                q.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.into(), v.into())).collect(),
            ),
            None => (path, vec![]),
        };
        page.endpoint = Some(Endpoint::Rest { method, path, query });
    }
    page.rate_limit = after("Frequency Limit").iter().map(|l| l.trim()).find(|l| !l.is_empty()).map(str::to_string);
    let request = after("Request Parameters");
    if let Some(start) = request.iter().position(|l| l.contains('|'))
        && let Some((header, rows)) = pipe_table(&request[start..])
    {
        page.params = params_from(&header, &rows)?;
    }
    let response = after("Response Parameters");
    if let Some(start) = response.iter().position(|l| l.contains('|'))
        && let Some((header, rows)) = pipe_table(&response[start..])
    {
        let col = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
        let (name, ty, description) = (col("Parameter"), col("Type"), col("Description"));
        let name = name.ok_or("the response table has no Parameter column")?;
        page.fields_complete = true;
        page.fields = Some(
            rows.iter()
                .filter(|r| r.get(name).is_some_and(|n| !n.is_empty()))
                .map(|r| PageField {
                    name: r[name].clone(),
                    ty: ty.and_then(|t| r.get(t)).cloned(),
                    description: description.and_then(|d| r.get(d)).cloned().unwrap_or_default(),
                })
                .collect(),
        );
    }
    let example = after("Response Example").join("\n");
    if example.contains('{') {
        let object = balanced_object(&example).ok_or("the response example's object never closes")?;
        page.example = Some(python_literal(object)?);
    }
    for name in ["API Description", "Precautions"] {
        page.prose.extend(after(name).iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
    }
    Ok(page)
}

/// p99: headings on their own lines in Chinese, tables flattened to one line per row with
/// the cells run together, a JSON example and field explanations (`name说明`).
fn p99(body: &str) -> Result<Page, String> {
    const HEADINGS: [&str; 9] =
        ["描述", "HTTP 请求", "权重", "请求参数", "响应示例", "字段说明", "错误响应", "代码示例", "注意"];
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    let after = |name: &str| -> Vec<&str> {
        let Some(i) = lines.iter().position(|l| *l == name) else { return Vec::new() };
        let rest = &lines[i + 1..];
        let end = rest.iter().position(|l| HEADINGS.contains(l) || l.starts_with("注意")).unwrap_or(rest.len());
        rest[..end].iter().copied().filter(|l| !l.is_empty()).collect()
    };
    let mut page = Page::default();
    if let Some(line) = after("HTTP 请求").first() {
        let line = line.split(['(', '（']).next().unwrap_or(line);
        let mut words = line.split_whitespace();
        if let (Some(method), Some(path)) = (words.next(), words.next()) {
            // `:id` is the docs' spelling of an OpenAPI `{id}`.
            let path = path.split('/').map(|s| s.strip_prefix(':').map_or(s.to_string(), |n| format!("{{{n}}}")));
            page.endpoint = Some(Endpoint::Rest {
                method: method.to_string(),
                path: path.collect::<Vec<_>>().join("/"),
                query: vec![],
            });
        }
    }
    if let Some(line) = after("权重").first() {
        let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
        page.weight = digits.parse().ok();
    }
    for row in after("请求参数").iter().skip_while(|l| l.starts_with("名称")) {
        let name: String =
            row.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
        let rest = &row[name.len()..];
        const TYPES: [&str; 7] = ["STRING(路径参数)", "STRING", "INTEGER", "LONG", "BOOLEAN", "NUMBER", "DECIMAL"];
        let Some(ty) = TYPES.iter().find(|t| rest.starts_with(**t)) else {
            return Err(format!("request parameter row {row:?}: no type this tool knows after the name"));
        };
        let rest = &rest[ty.len()..];
        let (mandatory, rest) = match rest.chars().next() {
            Some('是') => (Some(true), &rest['是'.len_utf8()..]),
            Some('否') => (Some(false), &rest['否'.len_utf8()..]),
            // A path parameter is always sent.
            _ => (ty.contains("路径参数").then_some(true), rest),
        };
        page.params.push(PageParam { name, ty: ty.to_string(), mandatory, description: rest.to_string() });
    }
    let example = after("响应示例").join("\n");
    if example.contains('{') {
        let object = balanced_object(&example).ok_or("the response example's object never closes")?;
        page.example =
            Some(serde_json::from_str(object).map_err(|e| format!("the response example is not JSON: {e}"))?);
    }
    let example_keys: Vec<String> =
        page.example.as_ref().and_then(|e| e.as_object()).map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let explanations = after("字段说明");
    if !explanations.is_empty() {
        let mut fields = Vec::new();
        for row in explanations {
            // `created_at, updated_atUNIX`: several names, then the text.
            let mut rest = row;
            let mut names = Vec::new();
            loop {
                // The cells run together (`reject_reasonstatus=rejected …`): the longest name
                // the example has wins, else the run of name characters.
                let run: String =
                    rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect();
                let known = example_keys.iter().filter(|k| run.starts_with(k.as_str())).max_by_key(|k| k.len());
                let name = known.cloned().unwrap_or(run);
                if name.is_empty() {
                    break;
                }
                rest = &rest[name.len()..];
                names.push(name);
                match rest.strip_prefix(", ") {
                    Some(r) => rest = r,
                    None => break,
                }
            }
            for name in names {
                fields.push(PageField { name, ty: None, description: rest.to_string() });
            }
        }
        page.fields = Some(fields);
    }
    for row in after("错误响应").iter().skip_while(|l| l.starts_with("HTTP")) {
        let digits: String = row.chars().take_while(char::is_ascii_digit).collect();
        let Ok(status) = digits.parse::<u16>() else { continue };
        let code: String = row[digits.len()..].chars().take_while(|c| c.is_ascii() && *c != ':').collect();
        page.errors.push(PageError { status, code: code.trim().to_string() });
    }
    page.prose.extend(after("描述").iter().map(|l| l.to_string()));
    Ok(page)
}
