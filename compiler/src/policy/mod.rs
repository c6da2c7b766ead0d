//! The site policy, `bundlec.toml`: what a site expects of its bundle.
//!
//! Loaded with serde from TOML, validated once, and handed to every rule. Unknown keys and
//! wrong types are errors that point into the policy file. Site facts (addresses, counts,
//! tracks) live here, never in rule code.

mod model;
pub mod validate;

use std::path::{Path, PathBuf};

pub use model::*;
pub use validate::ValidPolicy;

use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::{EntryKind, FileId, FileSpan, SourceDb, SourceProvider, TextRange, to_u32};

/// The file name bundlec looks for.
pub const FILE_NAME: &str = "bundlec.toml";

/// Code of diagnostics about the policy file itself.
pub const POLICY_ERROR_CODE: &str = "policy";

/// Finds `bundlec.toml` in the directory of `bundle` or the nearest parent that has one.
pub fn discover(provider: &dyn SourceProvider, bundle: &Path) -> Option<PathBuf> {
    let start = if provider.kind(bundle) == Some(EntryKind::Directory) {
        bundle.to_path_buf()
    } else {
        crate::overlay::directory_of(bundle)
    };
    let mut dir = Some(start.as_path());
    while let Some(current) = dir {
        let candidate = current.join(FILE_NAME);
        if provider.kind(&candidate) == Some(EntryKind::File) {
            return Some(candidate);
        }
        dir = match current.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => Some(parent),
            // A relative path runs out of parents at its first component; the working
            // directory is the last place to look.
            _ if current != Path::new(".") && current.is_relative() => Some(Path::new(".")),
            _ => None,
        };
    }
    None
}

/// Parses and validates the policy text of `file`; problems point into that file.
pub fn parse(sources: &SourceDb, file: FileId) -> Result<ValidPolicy, Vec<Diagnostic>> {
    let text = &sources.get(file).text;
    let policy: Policy = toml::from_str(text).map_err(|err| {
        let range = err.span().map_or(TextRange::empty(0), |span| {
            TextRange::new(to_u32(span.start), to_u32(span.end))
        });
        let message = err.message().lines().next().unwrap_or("invalid policy").to_owned();
        vec![policy_diagnostic(FileSpan::new(file, range), message)]
    })?;
    validate::validate(policy, file)
}

/// A diagnostic about the policy file at `span`.
pub(crate) fn policy_diagnostic(span: FileSpan, message: impl Into<String>) -> Diagnostic {
    let message = message.into();
    Diagnostic::new(
        POLICY_ERROR_CODE,
        "invalid-policy",
        Severity::Error,
        message,
        Label::new(span, "here"),
    )
    .with_note("bundlec cannot check the bundle until its policy file is valid")
}

/// The JSON Schema of `bundlec.toml`, for editors that complete TOML.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Policy);
    // A schema is plain JSON data; serialising it cannot fail.
    serde_json::to_string_pretty(&schema).expect("a JSON schema serialises") + "\n"
}

#[cfg(test)]
mod tests;
