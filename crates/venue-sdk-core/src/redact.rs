//! Text from the venue that ends up in an error, a log or a span: cleaned of every secret this
//! client sent, then cut short. A venue (or a proxy) may echo the request back, signature and
//! all, and may send a field of any size.

use std::cell::RefCell;
use std::future::Future;

use bytes::Bytes;

use crate::Credentials;

/// The most of any one venue-quoted text an error keeps (bytes, at a character boundary).
pub const MAX_QUOTED: usize = 300;

/// What an error keeps of a text before it is cleaned; larger than any secret, so that
/// cleaning sees every secret whole before the final cut to [`MAX_QUOTED`].
pub(crate) const MAX_UNCLEANED: usize = 16 * 1024;

const PLACEHOLDER: &str = "[redacted]";

tokio::task_local! {
    /// Values the signing hook put on the wire during the current attempt (signatures).
    static SENT: RefCell<Vec<String>>;
}

/// Remembers a value the current attempt sends that must never be quoted back (a signature).
/// Called by the signing hooks; outside an attempt it does nothing.
pub fn remember_sent(value: &str) {
    if value.is_empty() {
        return;
    }
    let _ = SENT.try_with(|sent| sent.borrow_mut().push(value.to_string()));
}

/// Runs one attempt and returns, with its output, what [`remember_sent`] was given meanwhile.
pub async fn capture_sent<T>(attempt: impl Future<Output = T>) -> (T, Vec<String>) {
    SENT.scope(RefCell::new(Vec::new()), async {
        let out = attempt.await;
        (out, SENT.with(|sent| sent.take()))
    })
    .await
}

/// Every secret one attempt may see quoted back: the credentials' and what it signed. The list
/// is built the first time something is cleaned, so an answer that needs no cleaning (every
/// success) costs nothing here.
#[derive(Default)]
pub struct Redactor<'a> {
    credentials: Option<&'a Credentials>,
    sent: Vec<String>,
    secrets: std::cell::OnceCell<Vec<String>>,
}

impl<'a> Redactor<'a> {
    /// A redactor for the secrets of `credentials` and the signed values in `sent`.
    pub fn new(credentials: Option<&'a Credentials>, sent: Vec<String>) -> Self {
        Self { credentials, sent, secrets: std::cell::OnceCell::new() }
    }

    fn secrets(&self) -> &[String] {
        self.secrets.get_or_init(|| {
            let mut secrets = self.sent.clone();
            if let Some(credentials) = self.credentials {
                credentials.each_quotable_secret(|s| secrets.push(s.to_string()));
            }
            // Short values (an empty key, a test key of three letters) would blank ordinary words.
            secrets.retain(|s| s.len() >= 8);
            // Longest first, so a secret that contains another is replaced whole.
            secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
            secrets.dedup();
            secrets
        })
    }

    /// `body` with every secret replaced; the same bytes when none occurs.
    pub fn bytes(&self, body: Bytes) -> Bytes {
        let mut out: Option<Vec<u8>> = None;
        for secret in self.secrets() {
            let current: &[u8] = out.as_deref().unwrap_or(&body);
            if memchr::memmem::find(current, secret.as_bytes()).is_none() {
                continue;
            }
            out = Some(replace(current, secret.as_bytes(), PLACEHOLDER.as_bytes()));
        }
        out.map(Bytes::from).unwrap_or(body)
    }

    /// `text` with every secret replaced, then cut to [`MAX_QUOTED`].
    pub fn text(&self, text: &str) -> String {
        cap(&self.replaced(text), MAX_QUOTED)
    }

    /// `text` with every secret replaced, however long (a kept reply, not a quote).
    pub fn whole_text(&self, text: &str) -> String {
        self.replaced(text).into_owned()
    }

    fn replaced<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let mut out = std::borrow::Cow::Borrowed(text);
        for secret in self.secrets() {
            if out.contains(secret.as_str()) {
                out = std::borrow::Cow::Owned(out.replace(secret.as_str(), PLACEHOLDER));
            }
        }
        out
    }
}

fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = memchr::memmem::find(rest, needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with);
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// At most `max` bytes of `text`, cut at a character boundary, with `…` when cut.
pub fn cap(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_before_the_cut() {
        let credentials = Credentials::hmac("APIKEY-0123456789", "very-secret-value");
        let signature = "ab".repeat(32);
        let redactor = Redactor::new(Some(&credentials), vec![signature.clone()]);
        // A secret straddling the final cut must not survive in part.
        let text = format!("{}signature={signature}&key=APIKEY-0123456789", "x".repeat(MAX_QUOTED - 20));
        let cleaned = redactor.text(&text);
        assert!(!cleaned.contains("abab"), "{cleaned}");
        assert!(cleaned.len() <= MAX_QUOTED + '…'.len_utf8());
        let body = redactor.bytes(Bytes::from(format!("{{\"echo\":\"{signature} very-secret-value\"}}")));
        assert_eq!(&body[..], br#"{"echo":"[redacted] [redacted]"}"#);
        let untouched = Bytes::from_static(b"{\"code\":-2013}");
        assert_eq!(redactor.bytes(untouched.clone()).as_ptr(), untouched.as_ptr());
    }

    #[test]
    fn cap_keeps_characters_whole() {
        assert_eq!(cap("héllo", 2), "h…");
        assert_eq!(cap("short", 300), "short");
    }

    #[tokio::test]
    async fn hooks_report_what_they_sent_within_the_attempt_only() {
        remember_sent("outside-any-attempt");
        let ((), sent) = capture_sent(async { remember_sent("sig-1234567890") }).await;
        assert_eq!(sent, vec!["sig-1234567890".to_string()]);
    }
}
