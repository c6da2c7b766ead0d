//! The site policy, `bundlec.toml`: what a site expects of its bundle.
//!
//! Loaded with serde from TOML, validated once, and handed to every rule. Unknown keys and
//! wrong types are errors that point into the policy file. Site facts (addresses, counts,
//! tracks) live here, never in rule code.

mod model;
pub mod validate;

use std::path::{Component, Path, PathBuf};

pub use model::*;
pub use validate::ValidPolicy;

use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::{EntryKind, FileId, FileSpan, SourceDb, SourceProvider, TextRange, to_u32};

/// The file name bundlec looks for.
pub const FILE_NAME: &str = "bundlec.toml";

/// Code of diagnostics about the policy file itself.
pub const POLICY_ERROR_CODE: &str = "policy";

/// Finds `bundlec.toml` in the directory of `bundle` or the nearest parent that has one.
///
/// A relative path is climbed as the directories it names, then past the working directory
/// up to the root (`../bundlec.toml`, `../../bundlec.toml`, ...), so the policy found does not
/// depend on where bundlec runs and a directory that is not an ancestor of the bundle is
/// never searched. Candidates keep the relative form, so messages name them as typed.
pub fn discover(provider: &dyn SourceProvider, bundle: &Path) -> Option<PathBuf> {
    let start = if provider.kind(bundle) == Some(EntryKind::Directory) {
        bundle.to_path_buf()
    } else {
        crate::overlay::directory_of(bundle)
    };
    search_dirs(&start)
        .into_iter()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| provider.kind(candidate) == Some(EntryKind::File))
}

/// `start` and each of its ancestors, nearest first.
fn search_dirs(start: &Path) -> Vec<PathBuf> {
    if start.is_absolute() {
        return start.ancestors().map(Path::to_path_buf).collect();
    }
    // The lexical form: how many `..` lead, then the names below them.
    let mut ups = 0usize;
    let mut names: Vec<&std::ffi::OsStr> = Vec::new();
    for component in start.components() {
        match component {
            Component::ParentDir if names.pop().is_none() => ups += 1,
            Component::ParentDir | Component::CurDir => {}
            Component::Normal(name) => names.push(name),
            Component::RootDir | Component::Prefix(_) => {}
        }
    }
    let at = |ups: usize, names: &[&std::ffi::OsStr]| -> PathBuf {
        let mut path: PathBuf =
            std::iter::repeat_n(Component::ParentDir.as_os_str(), ups).collect();
        path.extend(names);
        if path.as_os_str().is_empty() { PathBuf::from(".") } else { path }
    };
    let mut dirs = Vec::new();
    loop {
        dirs.push(at(ups, &names));
        if names.pop().is_none() {
            break;
        }
    }
    // Past the working directory: as many levels as it has below the root.
    let depth =
        std::path::absolute(".").map_or(0, |cwd| cwd.components().count().saturating_sub(1));
    dirs.extend((ups + 1..=depth).map(|level| at(level, &[])));
    dirs
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
