//! Fixes: edits of byte ranges, grouped into titled fixes with an applicability, applied
//! until nothing changes, and written back atomically.
//!
//! An edit touches only the bytes that must change, so comments, blank lines, key order,
//! quoting, flow or block style and anchors all survive. Edits land wherever the value is
//! written: the bundle, an overlay, or the `variables` anchor an alias refers to.

pub mod apply;
pub mod diff;
pub mod edits;
pub mod vip;
pub mod write;

use crate::source::{FileId, FileSpan, TextRange};

/// Replace one byte range of one file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edit {
    /// The file.
    pub file: FileId,
    /// The bytes replaced.
    pub range: TextRange,
    /// What replaces them.
    pub replacement: String,
}

impl Edit {
    /// Replaces the bytes of `span` with `replacement`.
    pub fn replace(span: FileSpan, replacement: impl Into<String>) -> Self {
        Self { file: span.file, range: span.range, replacement: replacement.into() }
    }

    /// Deletes the bytes of `span`.
    pub fn delete(span: FileSpan) -> Self {
        Self::replace(span, "")
    }

    /// Whether two edits touch overlapping bytes of the same file (an insertion at the
    /// boundary of another edit overlaps it, since their order would be ambiguous).
    pub fn overlaps(&self, other: &Edit) -> bool {
        self.file == other.file
            && self.range.start <= other.range.end
            && other.range.start <= self.range.end
            && !(self.range == other.range
                && self.range.is_empty()
                && self.replacement == other.replacement)
    }
}

/// Whether a fix may be applied without asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied.
    DisplayOnly,
    /// Valid, but changes what gets deployed: applied only with `--unsafe`.
    Unsafe,
    /// Keeps meaning, comments, quoting and order: applied by `bundlec fix`.
    Safe,
}

impl Applicability {
    /// The word used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DisplayOnly => "display-only",
            Self::Unsafe => "unsafe",
            Self::Safe => "safe",
        }
    }
}

/// A titled set of non-overlapping edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "set channel to `2024.1/stable`". Never holds a secret.
    pub title: String,
    /// When it may be applied.
    pub applicability: Applicability,
    /// Edits, sorted by file and position, none overlapping another.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of `edits`; `None` when two of them overlap, since then no order applies them.
    pub fn new(
        title: impl Into<String>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Option<Self> {
        edits.sort();
        edits.dedup();
        if edits.windows(2).any(|pair| pair[0].overlaps(&pair[1])) {
            tracing::debug!("fix dropped: its edits overlap");
            return None;
        }
        Some(Self { title: title.into(), applicability, edits })
    }

    /// A safe fix.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Option<Self> {
        Self::new(title, Applicability::Safe, edits)
    }

    /// An unsafe fix.
    pub fn unsafe_edit(title: impl Into<String>, edits: Vec<Edit>) -> Option<Self> {
        Self::new(title, Applicability::Unsafe, edits)
    }
}

/// Replaces the text of a scalar that is written at `span`, keeping its quoting: the new
/// value goes inside the existing quotes, so `"10.0.0.1"` stays double-quoted and a plain
/// scalar stays plain.
pub fn replace_scalar_text(
    source: &str,
    span: FileSpan,
    old_value: &str,
    new_value: &str,
) -> Option<Edit> {
    let raw = source.get(span.range.to_usize())?;
    let offset = raw.find(old_value)?;
    let start = span.range.start + crate::source::to_u32(offset);
    let end = start + crate::source::to_u32(old_value.len());
    Some(Edit::replace(FileSpan::new(span.file, TextRange::new(start, end)), new_value))
}

/// Text fragments of every secret option value in `analysis`, as written and as resolved,
/// line by line, so outputs that show file contents (diffs) can redact them.
pub fn secret_fragments(analysis: &crate::check::Analysis) -> Vec<String> {
    let mut fragments = Vec::new();
    let bundles = std::iter::once(&analysis.merged).chain(analysis.base.as_ref());
    for bundle in bundles {
        for (name, _, app) in bundle.apps() {
            let Some(options) = &app.options else { continue };
            for (option, field) in options.get() {
                if !analysis.policy.is_secret(name, option) {
                    continue;
                }
                let written = analysis.sources.slice(field.value.span);
                let resolved = field.get().as_str().unwrap_or("");
                for text in [written, resolved] {
                    fragments.extend(
                        text.lines()
                            .map(|line| line.trim().trim_matches(['"', '\'']))
                            .filter(|line| line.len() >= 8)
                            .map(str::to_owned),
                    );
                }
            }
        }
    }
    fragments.sort();
    fragments.dedup();
    fragments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: u32, end: u32, text: &str) -> Edit {
        Edit { file: FileId(0), range: TextRange::new(start, end), replacement: text.to_owned() }
    }

    #[test]
    fn overlapping_edits_make_no_fix() {
        assert!(Fix::safe("x", vec![edit(0, 4, "a"), edit(3, 6, "b")]).is_none());
        assert!(Fix::safe("x", vec![edit(0, 4, "a"), edit(5, 6, "b")]).is_some());
    }

    #[test]
    fn scalar_replacement_keeps_the_quotes() {
        let text = "vip: \"10.12.4.15 10.12.8.15\" # old block";
        let start = u32::try_from(text.find('"').unwrap()).unwrap();
        let span = FileSpan::new(FileId(0), TextRange::new(start, start + 23));
        let fix = replace_scalar_text(text, span, "10.12.4.15 10.12.8.15", "10.12.4.55 10.12.8.55")
            .unwrap();
        let fixed = apply::apply_to_text(text, &[&fix]);
        assert_eq!(fixed, "vip: \"10.12.4.55 10.12.8.55\" # old block");
    }
}
