//! The text each operation's method docs and `--help` carry, from the spec: what the operation
//! is, the docs' own rules (description, rate limit, weight, when an order is not found), every
//! assumption the spec made where the docs are silent, and where the docs were read.

use crate::asyncapi::WsOperation;
use crate::spec::{Assumption, Operation};

/// What one operation's docs say, gathered from either kind of spec.
pub struct OperationDoc<'a> {
    pub summary: &'a str,
    /// `GET /fapi/v1/order` or the WebSocket method.
    pub endpoint: String,
    pub signed: bool,
    pub weight: Option<u64>,
    pub rate_limit: Option<&'a str>,
    pub description: &'a str,
    pub not_found: Option<&'a str>,
    pub assumptions: Vec<Assumption>,
    /// The spec's `x-refuse` rules, as sentences.
    pub refusals: Vec<String>,
    pub doc_url: &'a str,
    pub docs_read: &'a str,
}

impl<'a> OperationDoc<'a> {
    pub fn rest(op: &'a Operation) -> Self {
        Self {
            summary: if op.summary.is_empty() { &op.id } else { &op.summary },
            endpoint: format!("{} {}", op.method, op.path),
            signed: !op.signing.is_empty(),
            weight: op.weight,
            rate_limit: op.rate_limit.as_deref(),
            description: &op.description,
            not_found: op.not_found.as_deref(),
            assumptions: op.assumptions.clone(),
            refusals: op
                .refusals
                .iter()
                .map(|r| format!("`{}` containing {:?} is refused before sending: {}.", r.param, r.contains, r.why))
                .collect(),
            doc_url: &op.doc_url,
            docs_read: &op.docs_read,
        }
    }

    pub fn ws(op: &'a WsOperation) -> Self {
        let assumptions =
            op.assumed.iter().map(|text| Assumption { about: "the operation".into(), text: squash(text) });
        Self {
            summary: if op.title.is_empty() { &op.summary } else { &op.title },
            endpoint: format!("WebSocket API {}", op.method),
            signed: !op.signing.is_empty(),
            weight: op.weight,
            rate_limit: None,
            description: if op.description.is_empty() { &op.summary } else { &op.description },
            not_found: op.not_found.as_deref(),
            assumptions: assumptions.collect(),
            refusals: Vec::new(),
            doc_url: &op.doc_url,
            docs_read: &op.docs_read,
        }
    }

    /// The first line: `Query Order (USER_DATA) (`GET /fapi/v1/order`, signed, weight 1).`
    pub fn headline(&self) -> String {
        let mut facts = vec![format!("`{}`", self.endpoint), if self.signed { "signed" } else { "public" }.into()];
        if let Some(w) = self.weight {
            facts.push(format!("weight {w}"));
        }
        format!("{} ({}).", self.summary.trim_end_matches('.'), facts.join(", "))
    }

    /// Everything after the headline, as Markdown paragraphs (rustdoc and clap read it alike).
    pub fn body(&self) -> String {
        let mut parts = Vec::new();
        let description = squash(self.description);
        if !description.is_empty() {
            parts.push(description);
        }
        if let Some(limit) = self.rate_limit {
            parts.push(format!("Rate limit (the venue's docs): {}.", limit.trim_end_matches('.')));
        }
        if let Some(rule) = self.not_found {
            parts.push(format!("Not found (the venue's docs): {}", squash(rule)));
        }
        parts.extend(self.refusals.iter().cloned());
        if !self.assumptions.is_empty() {
            let lines: Vec<String> = self.assumptions.iter().map(|a| format!("- {}: {}", a.about, a.text)).collect();
            // One paragraph per item: clap folds single line breaks, rustdoc reads a loose list.
            parts
                .push(format!("Assumed by this SDK's spec, not stated by the venue's docs:\n\n{}", lines.join("\n\n")));
        }
        parts.push(format!("Venue docs: <{}> (read {}).", self.doc_url, self.docs_read));
        parts.join("\n\n")
    }

    /// Headline and body.
    pub fn markdown(&self) -> String {
        format!("{}\n\n{}\n", self.headline(), self.body())
    }
}

/// Folded YAML keeps single spaces already; this also folds literal blocks and stray runs.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
