//! # R006 duplicate-relation
//!
//! ## What it checks
//! The same relation written twice: the same two endpoints, in either order, in the
//! bundle or added again by an overlay.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with "relation [...] is defined more than once".
//! Overlays add their relations to those already in the bundle, so an overlay that
//! repeats a relation of the base bundle makes the merged bundle fail too.
//!
//! Like Juju, bundlec compares endpoints as written: `[placement, keystone]` and
//! `[placement:identity-service, keystone:identity-service]` are not duplicates, because
//! telling that they mean the same relation needs the charms' metadata.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [glance:shared-db, glance-mysql-router:shared-db]
//! - [glance-mysql-router:shared-db, glance:shared-db]
//! ```
//! Accepted: each relation once.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use std::collections::HashMap;

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::pairs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::relation::Endpoint;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R006",
    name: "duplicate-relation",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// How the repeat relates to the first definition, for the notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeat {
    /// The endpoints are written in the other order.
    pub reversed: bool,
    /// The repeat is in another file (an overlay) than the first definition.
    pub other_file: bool,
}

/// The diagnostic for the relation between `a` and `b` written again at `repeat`, first
/// defined at `first`.
pub fn diagnostic(a: &str, b: &str, repeat: FileSpan, first: FileSpan, how: Repeat) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            format!("relation between `{a}` and `{b}` is defined more than once"),
            repeat,
            "defined again here",
        )
        .with_label(first, "first defined here")
        .with_note("Juju refuses the bundle: \"relation [...] is defined more than once\"");
    if how.reversed {
        diagnostic = diagnostic.with_note("the order of a relation's endpoints does not matter");
    }
    if how.other_file {
        diagnostic = diagnostic.with_note(
            "an overlay's relations are added to those of the bundle, so an overlay lists only the relations it adds",
        );
    }
    diagnostic.with_help("remove this item")
}

/// An endpoint as Juju compares it: application and endpoint name, empty when omitted.
type Key<'a> = (&'a str, &'a str);

/// The comparison key of `endpoint`.
fn key(endpoint: &Endpoint) -> Key<'_> {
    (endpoint.application.as_str(), endpoint.name.as_deref().unwrap_or(""))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let pairs = pairs(ctx);
    let mut seen: HashMap<[Key<'_>; 2], (FileSpan, Key<'_>)> = HashMap::new();
    for pair in &pairs {
        let Some([first, second]) = pair.parsed() else { continue };
        let (first, second) = (key(first), key(second));
        let sorted = if second < first { [second, first] } else { [first, second] };
        let span = pair.relation.span;
        match seen.get(&sorted) {
            Some((first_span, first_written)) => {
                let how = Repeat {
                    reversed: *first_written != first && first != second,
                    other_file: first_span.file != span.file,
                };
                out.push(diagnostic(
                    &pair.ends[0].written.value,
                    &pair.ends[1].written.value,
                    span,
                    *first_span,
                    how,
                ));
            }
            None => {
                seen.insert(sorted, (span, first));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    fn duplicates(relations: &str) -> Vec<String> {
        let bundle = format!(
            "applications:\n  a: {{charm: a, num_units: 1}}\n  b: {{charm: b, num_units: 1}}\nrelations:\n{relations}"
        );
        let analysis = analyze_texts(&bundle, &[]);
        analysis
            .diagnostics
            .iter()
            .filter(|it| it.code == "R006")
            .map(|it| analysis.sources.slice(it.primary.span).to_owned())
            .collect()
    }

    #[test]
    fn order_does_not_matter() {
        assert_eq!(duplicates("- [a:x, b:y]\n- [b:y, a:x]\n"), ["[b:y, a:x]"]);
        assert_eq!(duplicates("- [a, b]\n- [b, a]\n"), ["[b, a]"]);
    }

    #[test]
    fn bare_and_named_endpoints_differ_as_in_juju() {
        assert!(duplicates("- [a, b]\n- [a:x, b:y]\n- [a:x, b]\n").is_empty());
    }

    #[test]
    fn other_endpoint_names_differ() {
        assert!(duplicates("- [a:x, b:y]\n- [a:x, b:z]\n- [a:z, b:y]\n").is_empty());
    }

    #[test]
    fn every_repeat_is_reported_against_the_first() {
        let analysis = analyze_texts(
            "applications:\n  a: {charm: a, num_units: 1}\n  b: {charm: b, num_units: 1}\nrelations:\n- [a:x, b:y]\n- [a:x, b:y]\n- [b:y, a:x]\n",
            &[],
        );
        let own: Vec<_> = analysis.diagnostics.iter().filter(|it| it.code == "R006").collect();
        assert_eq!(own.len(), 2);
        let first = analysis.merged.relations[0].span;
        assert!(own.iter().all(|it| it.secondary[0].span == first));
    }

    #[test]
    fn relations_with_an_invalid_endpoint_are_not_compared() {
        assert!(duplicates("- [a:x, B:y]\n- [a:x, B:y]\n").is_empty());
    }
}
