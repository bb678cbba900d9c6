//! Hex spellings of digests. Which of them a build calls depends on its venue features.
#![allow(dead_code)]

const LOWER: &[u8; 16] = b"0123456789abcdef";
const UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn encode(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(digits[(b >> 4) as usize] as char);
        out.push(digits[(b & 0xf) as usize] as char);
    }
    out
}

pub(crate) fn lower(bytes: &[u8]) -> String {
    encode(bytes, LOWER)
}

pub(crate) fn upper(bytes: &[u8]) -> String {
    encode(bytes, UPPER)
}
