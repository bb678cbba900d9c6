//! Request edits every venue's signing hook needs.

use reqwest::Request;

/// progenitor sends `api-version: <info.version>` on every request; no venue asks for it.
pub fn strip_api_version(request: &mut Request) {
    request.headers_mut().remove("api-version");
}

/// The query as decoded `(name, value)` pairs, in order.
pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Replaces the query with `query` exactly as given (already encoded); empty removes it.
pub fn set_raw_query(request: &mut Request, query: &str) {
    request.url_mut().set_query(if query.is_empty() { None } else { Some(query) });
}

/// Sets a header; a value that is not a valid header value is an error naming the header only.
pub fn set_header(request: &mut Request, name: &'static str, value: &str) -> Result<(), String> {
    let value = reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| format!("the value for header `{name}` has characters a header cannot carry"))?;
    request.headers_mut().insert(name, value);
    Ok(())
}
