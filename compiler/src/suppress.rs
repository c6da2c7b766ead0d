//! Turning reports down or off: the policy's disabled rules and severity overrides, the
//! Juju warnings a site accepts, and inline `# bundlec: ignore[CODE]` comments.
//!
//! YAML that does not parse, duplicate keys and type mismatches change what Juju reads,
//! so they stay errors whatever the policy or a comment says.
//!
//! `accept-ignored-fields` names top-level keys of a document (`name`, `variables`): the
//! same word written inside an application or a machine is still reported.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostics::Diagnostic;
use crate::policy::ValidPolicy;
use crate::rules::merge::empty_bundle;
use crate::rules::structure::{
    duplicate_key, metadata_field, type_mismatch, unknown_field, yaml_syntax_error,
};
use crate::source::{FileId, SourceDb, TextRange};
use crate::syntax;

/// Codes that no policy or comment can turn down.
pub const LOCKED: &[&str] = &[
    yaml_syntax_error::RULE.code,
    duplicate_key::RULE.code,
    type_mismatch::RULE.code,
    empty_bundle::RULE.code,
];

/// `# bundlec: ignore` or `# bundlec: ignore[N001, C002]`.
static IGNORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"#\s*bundlec:\s*ignore(?:\[([A-Za-z0-9,\s-]*)\])?")
        .expect("the comment pattern is valid")
});

/// Applies the policy and inline comments to `diagnostics`.
pub fn apply(sources: &SourceDb, policy: &ValidPolicy, diagnostics: &mut Vec<Diagnostic>) {
    let accepted = &policy.raw.rules.accept_ignored_fields;
    let mut top_level: HashMap<FileId, Vec<(TextRange, String)>> = HashMap::new();
    diagnostics.retain(|diagnostic| {
        if LOCKED.contains(&diagnostic.code) {
            return true;
        }
        if policy.disabled.contains(diagnostic.code) {
            return false;
        }
        let is_ignored_field = diagnostic.code == unknown_field::RULE.code
            || diagnostic.code == metadata_field::RULE.code;
        if is_ignored_field && !accepted.is_empty() {
            let span = diagnostic.primary.span;
            let keys =
                top_level.entry(span.file).or_insert_with(|| top_level_keys(sources, span.file));
            let accepted_here = keys.iter().any(|(range, key)| {
                *range == span.range && accepted.iter().any(|it| it.get() == key)
            });
            if accepted_here {
                return false;
            }
        }
        !ignored_by_comment(sources, diagnostic)
    });
    for diagnostic in diagnostics.iter_mut() {
        if LOCKED.contains(&diagnostic.code) {
            continue;
        }
        if let Some(severity) = policy.severity.get(diagnostic.code) {
            diagnostic.severity = *severity;
        }
    }
}

/// The keys of the root mapping of every document of `file`, with where each is written.
fn top_level_keys(sources: &SourceDb, file: FileId) -> Vec<(TextRange, String)> {
    let (tree, _) = syntax::parse(file, &sources.get(file).text);
    tree.documents
        .iter()
        .filter_map(|document| tree.entries(document.root))
        .flatten()
        .filter_map(|entry| {
            let key = tree.scalar(entry.key)?;
            Some((tree.node(entry.key).range, key.value.clone()))
        })
        .collect()
}

/// Whether the line of the diagnostic's primary label carries an ignore comment for it.
fn ignored_by_comment(sources: &SourceDb, diagnostic: &Diagnostic) -> bool {
    let file = sources.get(diagnostic.primary.span.file);
    let line = file.line_index.line_of(diagnostic.primary.span.range.start);
    let start = file.line_index.line_start(line) as usize;
    let end = file.line_index.line_end(&file.text, line) as usize;
    let Some(text) = file.text.get(start..end) else { return false };
    IGNORE.captures_iter(text).any(|captures| match captures.get(1) {
        None => true,
        Some(codes) => codes
            .as_str()
            .split(',')
            .map(str::trim)
            .any(|code| code.eq_ignore_ascii_case(diagnostic.code) || code == diagnostic.name),
    })
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;
    use crate::diagnostics::Severity;

    #[test]
    fn an_ignore_comment_silences_its_code_on_its_line_only() {
        let text = "applications:\n  a:\n    charm: a\n    num_units: 1\n    bogus: 1 # bundlec: ignore[S003]\n    other: 2\n";
        let analysis = analyze_texts(text, &[]);
        let lines: Vec<u32> = analysis
            .diagnostics
            .iter()
            .filter(|it| it.code == "S003")
            .map(|it| analysis.sources.start_line_col(it.primary.span).line)
            .collect();
        assert_eq!(lines, [6]);
    }

    #[test]
    fn an_ignore_comment_for_another_code_changes_nothing() {
        let text = "applications:\n  a:\n    charm: a\n    num_units: 1\n    bogus: 1 # bundlec: ignore[N001]\n";
        assert!(analyze_texts(text, &[]).diagnostics.iter().any(|it| it.code == "S003"));
    }

    /// The S003 and S004 reports left after suppression, with their lines.
    fn ignored_field_reports(analysis: &crate::check::Analysis) -> Vec<(&str, u32)> {
        analysis
            .diagnostics
            .iter()
            .filter(|it| ["S003", "S004"].contains(&it.code))
            .map(|it| (it.code, analysis.sources.start_line_col(it.primary.span).line))
            .collect()
    }

    fn with_policy(bundle: &str, policy: &str) -> crate::check::Analysis {
        let mut provider = crate::source::MemoryProvider::new();
        provider.insert("bundle.yaml", bundle);
        provider.insert("bundlec.toml", policy);
        let input = crate::check::Input {
            bundle: "bundle.yaml".into(),
            policy: crate::check::PolicyChoice::File("bundlec.toml".into()),
            ..crate::check::Input::default()
        };
        crate::check::analyze(&provider, &input).unwrap()
    }

    #[test]
    fn the_policy_turns_rules_off_and_changes_severities() {
        let bundle = "name: site
applications:
  a:
    charm: a
    num_units: 1
    bogus: 1
  b: {charm: b, num_units: 1}
relations:
- [a, b]
";
        let plain = analyze_texts(bundle, &[]);
        // The rules under test; others (e.g. the unknown-charm info) may report too.
        let codes = |analysis: &crate::check::Analysis| -> Vec<(&str, Severity)> {
            analysis
                .diagnostics
                .iter()
                .filter(|it| ["S003", "S004", "R007"].contains(&it.code))
                .map(|it| (it.code, it.severity))
                .collect()
        };
        assert!(codes(&plain).contains(&("S003", Severity::Warning)));
        assert!(codes(&plain).contains(&("R007", Severity::Info)));
        assert!(codes(&plain).contains(&("S004", Severity::Info)));
        let policy = "[rules]\ndisable = [\"unknown-field\"]\nseverity = { R007 = \"error\" }\naccept-ignored-fields = [\"name\"]\n";
        let tuned = with_policy(bundle, policy);
        assert_eq!(codes(&tuned), [("R007", Severity::Error)]);
        assert!(tuned.has_errors());
    }

    #[test]
    fn accepted_ignored_fields_are_top_level_keys_only() {
        let bundle = "name: site
applications:
  a:
    charm: a
    num_units: 1
    name: a
";
        let policy = "[rules]\naccept-ignored-fields = [\"name\"]\n";
        let tuned = with_policy(bundle, policy);
        let reported = ignored_field_reports(&tuned);
        // The top-level `name` is accepted; the one inside the application is not.
        assert_eq!(reported, [("S003", 6)]);
    }

    #[test]
    fn an_accepted_top_level_key_is_accepted_in_every_document() {
        let bundle = "applications:
  a: {charm: a, num_units: 1}
---
\"name\": overlay
applications:
  a:
    name: a
";
        let tuned = with_policy(bundle, "[rules]\naccept-ignored-fields = [\"name\"]\n");
        let reported = ignored_field_reports(&tuned);
        assert_eq!(reported, [("S003", 7)]);
    }

    #[test]
    fn locked_rules_ignore_the_policy() {
        let bundle = "applications:
  a:
    charm: a
    num_units: x
";
        let tuned =
            with_policy(bundle, "[rules]\ndisable = [\"S005\"]\nseverity = { S005 = \"info\" }\n");
        assert!(
            tuned.diagnostics.iter().any(|it| it.code == "S005" && it.severity == Severity::Error)
        );
    }

    #[test]
    fn syntax_errors_cannot_be_ignored() {
        let text = "applications: {a: [1, 2 # bundlec: ignore\n";
        assert!(analyze_texts(text, &[]).diagnostics.iter().any(|it| it.code == "S001"));
    }
}
