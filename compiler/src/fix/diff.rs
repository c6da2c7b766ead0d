//! Unified diffs of fixed files, with secret values redacted.

use similar::TextDiff;

/// What replaces a diff line that would show a secret.
pub const REDACTED: &str = "<secret value redacted>";

/// A unified diff of `before` and `after` for `path`; lines holding any of `secrets` show
/// [`REDACTED`] instead.
pub fn unified(path: &str, before: &str, after: &str, secrets: &[String]) -> String {
    let diff = TextDiff::from_lines(before, after);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    redact(&text, secrets)
}

/// Replaces every line that contains a secret with a marker, keeping the diff's prefix.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if secrets.iter().any(|secret| line.contains(secret.as_str())) {
            let prefix =
                line.chars().next().filter(|ch| matches!(ch, '+' | '-' | ' ')).unwrap_or(' ');
            out.push(prefix);
            out.push_str(REDACTED);
            out.push('\n');
        } else {
            out.push_str(line);
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
        let diff = unified("bundle.yaml", before, after, &[]);
        assert!(diff.contains("-vip: 10.12.4.15\n+vip: 10.12.4.55\n"), "{diff}");
        assert!(diff.starts_with("--- a/bundle.yaml\n+++ b/bundle.yaml\n"), "{diff}");
    }

    #[test]
    fn secret_lines_are_redacted_even_as_context() {
        let before = "key: SENTINEL-SECRET\nvip: 10.12.4.15\n";
        let after = "key: SENTINEL-SECRET\nvip: 10.12.4.55\n";
        let diff = unified("overlay.yaml", before, after, &["SENTINEL-SECRET".to_owned()]);
        assert!(!diff.contains("SENTINEL-SECRET"), "{diff}");
        assert!(diff.contains(REDACTED));
    }
}
