//! What can go wrong in the xtask, each with what to do about it.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{spec}: {message}")]
    Spec { spec: String, message: String },
    #[error("{spec}: progenitor could not generate a client: {message}")]
    Generate { spec: String, message: String },
    #[error("generated files are stale; run `cargo xtask codegen` and commit the result")]
    Stale,
    #[error("git {args}: {message}")]
    Git { args: String, message: String },
    #[error("{0}")]
    Drift(String),
    #[error("{0}")]
    Docs(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io { path: path.display().to_string(), source }
    }

    pub fn spec(spec: &str, message: impl Into<String>) -> Self {
        Self::Spec { spec: spec.to_string(), message: message.into() }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
