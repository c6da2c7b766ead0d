//! Unified diffs of fixed files, with secret values redacted.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use similar::{ChangeTag, TextDiff};

/// What replaces a diff line that would show a secret.
pub const REDACTED: &str = "<secret value redacted>";

/// What a diff must not show of one file.
#[derive(Clone, Debug, Default)]
pub struct Hidden<'a> {
    /// Zero-based lines of the text before fixing that hold a secret value.
    pub before: Option<&'a BTreeSet<u32>>,
    /// Zero-based lines of the text after fixing that hold a secret value.
    pub after: Option<&'a BTreeSet<u32>>,
    /// Secret text, as written and as resolved: a line holding any of it is hidden too, as
    /// a second guard for a line the line sets do not know.
    pub fragments: &'a [String],
}

impl Hidden<'_> {
    fn hides(&self, lines: Option<&BTreeSet<u32>>, index: Option<usize>, text: &str) -> bool {
        let by_line = lines
            .zip(index)
            .is_some_and(|(lines, idx)| u32::try_from(idx).is_ok_and(|idx| lines.contains(&idx)));
        by_line || self.fragments.iter().any(|fragment| text.contains(fragment.as_str()))
    }
}

/// A unified diff of `before` and `after` for `path`, three lines of context; each line
/// `hidden` names shows [`REDACTED`] instead, with its `+`, `-` or ` ` kept.
pub fn unified(path: &str, before: &str, after: &str, hidden: &Hidden<'_>) -> String {
    let diff = TextDiff::from_lines(before, after);
    let mut unified = diff.unified_diff();
    unified.context_radius(3);
    let mut out = String::new();
    let mut hunks = unified.iter_hunks().peekable();
    if hunks.peek().is_some() {
        let _ = writeln!(out, "--- a/{path}\n+++ b/{path}");
    }
    for hunk in hunks {
        let _ = writeln!(out, "{}", hunk.header());
        for change in hunk.iter_changes() {
            let (sign, secret) = match change.tag() {
                ChangeTag::Delete => {
                    ('-', hidden.hides(hidden.before, change.old_index(), change.value()))
                }
                ChangeTag::Insert => {
                    ('+', hidden.hides(hidden.after, change.new_index(), change.value()))
                }
                ChangeTag::Equal => (
                    ' ',
                    hidden.hides(hidden.before, change.old_index(), change.value())
                        || hidden.hides(hidden.after, change.new_index(), change.value()),
                ),
            };
            out.push(sign);
            if secret {
                out.push_str(REDACTED);
            } else {
                out.push_str(change.value().trim_end_matches(['\n', '\r']));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_only_the_changed_lines_and_their_context() {
        let before = "a: 1\nvip: 10.12.4.15\nb: 2\n";
        let after = "a: 1\nvip: 10.12.4.55\nb: 2\n";
        let diff = unified("bundle.yaml", before, after, &Hidden::default());
        assert_eq!(
            diff,
            "--- a/bundle.yaml\n+++ b/bundle.yaml\n@@ -1,3 +1,3 @@\n a: 1\n-vip: 10.12.4.15\n+vip: 10.12.4.55\n b: 2\n"
        );
        assert_eq!(unified("bundle.yaml", before, before, &Hidden::default()), "");
    }

    #[test]
    fn secret_lines_are_redacted_even_as_context() {
        let before = "key: SENTINEL-SECRET\nvip: 10.12.4.15\n";
        let after = "key: SENTINEL-SECRET\nvip: 10.12.4.55\n";
        let fragments = ["SENTINEL-SECRET".to_owned()];
        let diff = unified(
            "overlay.yaml",
            before,
            after,
            &Hidden { fragments: &fragments, ..Hidden::default() },
        );
        assert!(!diff.contains("SENTINEL-SECRET"), "{diff}");
        assert!(diff.contains(&format!(" {REDACTED}\n")), "{diff}");
    }

    #[test]
    fn short_secrets_are_redacted_by_their_line() {
        let before = "pass: hunter2\ncert: |\n  AAAA\n  xy\nvip: 10.12.4.15\n";
        let after = "pass: hunter2\ncert: |\n  AAAA\n  xy\nvip: 10.12.4.55\n";
        let secret_lines: BTreeSet<u32> = [0, 1, 2, 3].into();
        let hidden =
            Hidden { before: Some(&secret_lines), after: Some(&secret_lines), fragments: &[] };
        let diff = unified("overlay.yaml", before, after, &hidden);
        assert!(!diff.contains("hunter2") && !diff.contains("xy"), "{diff}");
        assert_eq!(diff.matches(REDACTED).count(), 3, "three lines of context, all secret: {diff}");
        assert!(diff.contains("-vip: 10.12.4.15\n+vip: 10.12.4.55\n"), "{diff}");
    }
}
