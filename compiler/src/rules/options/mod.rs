//! `O` rules: options and secrets.
//!
//! Also home of the secret guard that every site-policy rule sends its diagnostics
//! through. The terminal renderer prints each line a label touches, and the line between two
//! shown lines that are one line apart, so a label must never sit on a line that holds the
//! value of an option the policy marks secret, in the bundle or in the policy itself.

pub mod cluster_count_mismatch;
pub mod forbidden_option;
pub mod octavia_pki_incomplete;
pub mod option_type_mismatch;
pub mod policyd_override_without_resource;
pub mod unknown_option;
pub mod unmet_required_option;
pub mod vip_with_dns_ha;

use std::collections::{BTreeSet, HashMap};

use super::{Context, Rule};
use crate::diagnostics::Diagnostic;
use crate::source::{FileId, FileSpan, TextRange, to_u32};

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    // One rule per line, so that rules added on other branches merge cleanly.
    &unmet_required_option::RULE,
    &forbidden_option::RULE,
    &vip_with_dns_ha::RULE,
    &cluster_count_mismatch::RULE,
    &policyd_override_without_resource::RULE,
    &octavia_pki_incomplete::RULE,
    &unknown_option::RULE,
    &option_type_mismatch::RULE,
];

/// The lines, per file, that hold a value of a secret option.
pub(crate) struct SecretLines {
    lines: HashMap<FileId, BTreeSet<u32>>,
}

impl SecretLines {
    /// Every secret value of the bundle checked, and every value the policy requires for a
    /// secret option.
    // LIMIT: a secret value of the base bundle that an overlay replaces is not in the merged
    // bundle, so its line is not known here.
    pub(crate) fn of(ctx: &Context<'_>) -> Self {
        let mut secrets = Self { lines: HashMap::new() };
        for (name, _, app) in ctx.bundle.apps() {
            let Some(options) = &app.options else { continue };
            for (option, field) in options.get() {
                if ctx.policy.is_secret(name, option) {
                    secrets.add(ctx, field.value.span);
                }
            }
        }
        for required in &ctx.policy.raw.options.required {
            for (option, value) in &required.values {
                let secret =
                    required.applications.get().iter().any(|app| ctx.policy.is_secret(app, option));
                if let Some(span) = ctx.policy.span_of(value).filter(|_| secret) {
                    secrets.add(ctx, span);
                }
            }
        }
        secrets
    }

    fn add(&mut self, ctx: &Context<'_>, span: FileSpan) {
        let (first, last) = lines_of(ctx, span);
        self.lines.entry(span.file).or_default().extend(first..=last);
    }

    fn is_secret_line(&self, file: FileId, line: u32) -> bool {
        self.lines.get(&file).is_some_and(|lines| lines.contains(&line))
    }

    /// Whether any line `span` touches holds a secret value.
    pub(crate) fn touches(&self, ctx: &Context<'_>, span: FileSpan) -> bool {
        let (first, last) = lines_of(ctx, span);
        (first..=last).any(|line| self.is_secret_line(span.file, line))
    }
}

/// The first and last zero-based lines `span` covers.
fn lines_of(ctx: &Context<'_>, span: FileSpan) -> (u32, u32) {
    let index = &ctx.sources.get(span.file).line_index;
    let first = index.line_of(span.range.start);
    let last_byte = if span.range.is_empty() { span.range.start } else { span.range.end - 1 };
    (first, index.line_of(last_byte).max(first))
}

/// Pushes `diagnostic` onto `out` so that showing it shows no secret value: a primary label
/// on a line holding a secret moves to the nearest enclosing key whose line holds none (the
/// whole diagnostic is dropped only when there is no such key), and secondary labels that
/// would show a secret are dropped.
pub(crate) fn push_guarded(ctx: &Context<'_>, out: &mut Vec<Diagnostic>, diagnostic: Diagnostic) {
    let secrets = ctx.secret_lines();
    match guard(ctx, secrets, diagnostic) {
        Some(diagnostic) => out.push(diagnostic),
        None => tracing::debug!("a diagnostic was not reported: its location holds a secret value"),
    }
}

fn guard(
    ctx: &Context<'_>,
    secrets: &SecretLines,
    mut diagnostic: Diagnostic,
) -> Option<Diagnostic> {
    if secrets.touches(ctx, diagnostic.primary.span) {
        diagnostic.primary.span = secret_safe_span(ctx, diagnostic.primary.span)?;
        diagnostic.notes.push(
            "the line this is about also holds a secret value, so bundlec points at the key that encloses it".to_owned(),
        );
    }
    diagnostic.secondary.retain(|label| !secrets.touches(ctx, label.span));
    while let Some(idx) = label_showing_a_gap(ctx, secrets, &diagnostic) {
        diagnostic.secondary.remove(idx);
    }
    Some(diagnostic)
}

/// The index of a secondary label that makes the renderer show a secret line lying between
/// two shown lines, if any.
fn label_showing_a_gap(
    ctx: &Context<'_>,
    secrets: &SecretLines,
    diagnostic: &Diagnostic,
) -> Option<usize> {
    let labels: Vec<(Option<usize>, FileSpan)> = std::iter::once((None, diagnostic.primary.span))
        .chain(diagnostic.secondary.iter().enumerate().map(|(idx, label)| (Some(idx), label.span)))
        .collect();
    let mut shown: HashMap<FileId, BTreeSet<u32>> = HashMap::new();
    for (_, span) in &labels {
        let (first, last) = lines_of(ctx, *span);
        shown.entry(span.file).or_default().extend(first..=last);
    }
    for (file, lines) in &shown {
        let lines: Vec<u32> = lines.iter().copied().collect();
        for pair in lines.windows(2) {
            let [above, below] = pair else { continue };
            if *below != above + 2 || !secrets.is_secret_line(*file, above + 1) {
                continue;
            }
            let culprit = labels.iter().find_map(|(idx, span)| {
                let (first, last) = lines_of(ctx, *span);
                let on_edge = (first..=last).any(|line| line == *above || line == *below);
                idx.filter(|_| span.file == *file && on_edge)
            });
            if culprit.is_some() {
                return culprit;
            }
        }
    }
    None
}

/// Where to point at the key written at `key` without showing a secret value: the key
/// itself when its line holds none, else the nearest enclosing key above it (such as the
/// application's `options:`) whose line holds none.
pub(crate) fn secret_safe_span(ctx: &Context<'_>, key: FileSpan) -> Option<FileSpan> {
    let secrets = ctx.secret_lines();
    if !secrets.touches(ctx, key) {
        return Some(key);
    }
    let file = ctx.sources.get(key.file);
    let text = &*file.text;
    let index = &file.line_index;
    let line_text = |line: u32| {
        let start = index.line_start(line) as usize;
        let end = index.line_end(text, line) as usize;
        (start, text.get(start..end).unwrap_or(""))
    };
    let indent = |it: &str| it.len() - it.trim_start().len();
    let key_line = index.line_of(key.range.start);
    let key_indent = indent(line_text(key_line).1);
    for line in (0..key_line).rev() {
        let (start, content) = line_text(line);
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || secrets.is_secret_line(key.file, line)
        {
            continue;
        }
        let own_indent = indent(content);
        if key_indent > 0 && own_indent >= key_indent {
            continue;
        }
        let rest = content.get(own_indent..).unwrap_or("");
        let len = key_length(rest);
        let begin = start + own_indent;
        return Some(FileSpan::new(key.file, TextRange::new(to_u32(begin), to_u32(begin + len))));
    }
    None
}

/// The length of the key that starts `line` (up to its `:`), or of the whole trimmed line.
fn key_length(line: &str) -> usize {
    let bytes = line.as_bytes();
    let colon = bytes.iter().enumerate().position(|(idx, byte)| {
        *byte == b':' && bytes.get(idx + 1).is_none_or(u8::is_ascii_whitespace)
    });
    colon.unwrap_or_else(|| line.trim_end().len())
}

/// A short rendering of the value written at `span`, for messages: its first line, cut to a
/// readable length. Never call it for a secret option.
pub(crate) fn written_value(ctx: &Context<'_>, span: FileSpan) -> String {
    const MAX_CHARS: usize = 40;
    let text = ctx.sources.slice(span);
    let first_line = text.lines().next().unwrap_or("").trim();
    if first_line.chars().count() > MAX_CHARS || text.trim_end().contains('\n') {
        let cut: String = first_line.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    } else {
        first_line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use crate::check::{Input, PolicyChoice, analyze};
    use crate::diagnostics::terminal::render_plain;
    use crate::source::MemoryProvider;

    const SENTINEL: &str = "SENTINEL-SECRET-0b2e";

    fn rendered(bundle: &str, policy: &str) -> (Vec<&'static str>, String) {
        let mut provider = MemoryProvider::new();
        provider.insert("bundle.yaml", bundle);
        provider.insert("bundlec.toml", policy);
        let input = Input {
            bundle: "bundle.yaml".into(),
            policy: PolicyChoice::File("bundlec.toml".into()),
            ..Input::default()
        };
        let analysis = analyze(&provider, &input).unwrap();
        // Other rules (e.g. the Octavia PKI check) may fire on these small bundles; the
        // codes under test are the site-policy ones, the text covers everything.
        let codes = analysis
            .diagnostics
            .iter()
            .map(|it| it.code)
            .filter(|code| ["O001", "O002"].contains(code))
            .collect();
        let text =
            analysis.diagnostics.iter().map(|it| render_plain(&analysis.sources, it)).collect();
        (codes, text)
    }

    #[test]
    fn a_secret_on_the_key_line_moves_the_label_to_the_options_key() {
        let bundle = format!(
            "applications:\n  octavia:\n    charm: octavia\n    options:\n      lb-mgmt-a: {SENTINEL}\n      lb-mgmt-b: {SENTINEL}\n"
        );
        let policy = "[options]\nforbidden = [\"lb-mgmt-b\"]\nsecret = [\"octavia.lb-mgmt-*\"]\n";
        let (codes, text) = rendered(&bundle, policy);
        assert_eq!(codes, ["O002"]);
        assert!(!text.contains(SENTINEL), "{text}");
        assert!(text.contains("4 │     options:"), "{text}");
    }

    #[test]
    fn a_secret_in_a_flow_mapping_climbs_to_a_line_without_secrets() {
        let bundle = format!(
            "applications:\n  octavia:\n    charm: octavia\n    options: {{lb-mgmt-a: {SENTINEL}, lb-mgmt-b: {SENTINEL}}}\n"
        );
        let policy = "[options]\nforbidden = [\"lb-mgmt-b\"]\nsecret = [\"octavia.lb-mgmt-*\"]\n";
        let (codes, text) = rendered(&bundle, policy);
        assert_eq!(codes, ["O002"]);
        assert!(!text.contains(SENTINEL), "{text}");
        assert!(text.contains("2 │   octavia:"), "{text}");
    }

    #[test]
    fn a_diagnostic_about_a_line_holding_a_secret_moves_to_the_enclosing_key() {
        // The required option is missing; its label would sit on `options:`, whose flow
        // mapping holds the secret.
        let bundle = format!(
            "applications:\n  octavia:\n    charm: octavia\n    options: {{debug: true, lb-mgmt-a: {SENTINEL}}}\n"
        );
        let policy = "[[options.required]]\napplications = [\"octavia\"]\nvalues = { use-policyd-override = true }\n\n[options]\nsecret = [\"octavia.lb-mgmt-*\"]\n";
        let (codes, text) = rendered(&bundle, policy);
        assert_eq!(codes, ["O001"]);
        assert!(!text.contains(SENTINEL), "{text}");
        assert!(text.contains("2 │   octavia:"), "{text}");
        assert!(text.contains("points at the key that encloses it"), "{text}");
    }

    #[test]
    fn a_secret_line_between_two_labels_drops_the_secondary_label() {
        // The anchored value (line 5) and its alias (line 7) sandwich the secret (line 6),
        // which the renderer would show between them: the secondary label goes.
        let bundle = format!(
            "applications:\n  octavia:\n    charm: octavia\n    options:\n      amp-size: &size 4096\n      lb-mgmt-a: {SENTINEL}\n      reserved: *size\n"
        );
        let policy = "[[options.required]]\napplications = [\"octavia\"]\nvalues = { reserved = 8192 }\n\n[options]\nsecret = [\"octavia.lb-mgmt-*\"]\n";
        let (codes, text) = rendered(&bundle, policy);
        assert_eq!(codes, ["O001"]);
        assert!(!text.contains(SENTINEL), "{text}");
    }

    #[test]
    fn key_length_stops_at_the_mapping_colon() {
        assert_eq!(super::key_length("options:"), 7);
        assert_eq!(super::key_length("\"a:b\": x"), 5);
        assert_eq!(super::key_length("- item"), 6);
    }
}
