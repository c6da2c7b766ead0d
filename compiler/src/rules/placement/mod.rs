//! `P` rules: placement.
//!
//! The helpers here walk every `to:` directive of a bundle once, parsed with Juju's grammar,
//! so that each rule sees the same directives and the same unit counts.

pub mod disallowed_placement_machine;
pub mod invalid_kubernetes_placement;
pub mod invalid_machine_id;
pub mod invalid_placement_syntax;
pub mod not_once_per_machine;
pub mod placement_cycle;
pub mod placement_unit_out_of_range;
pub mod plan_count_mismatch;
pub mod too_many_placement_directives;
pub mod undefined_placement_application;
pub mod undefined_placement_machine;
pub mod undersized_placement_target;
pub mod unreferenced_machine;
pub mod unsupported_container_type;

use super::{Context, Rule, Scope};
use crate::diagnostics::Diagnostic;
use crate::ir::placement::Placement;
use crate::ir::{Application, Bundle, Field, Spanned};
use crate::source::FileSpan;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    &unreferenced_machine::RULE,
    &invalid_machine_id::RULE,
    &too_many_placement_directives::RULE,
    &invalid_placement_syntax::RULE,
    &undefined_placement_application::RULE,
    &placement_unit_out_of_range::RULE,
    &undefined_placement_machine::RULE,
    &placement_cycle::RULE,
    &unsupported_container_type::RULE,
    &undersized_placement_target::RULE,
    &invalid_kubernetes_placement::RULE,
    &plan_count_mismatch::RULE,
    &disallowed_placement_machine::RULE,
    &not_once_per_machine::RULE,
];

/// One entry of an application's `to:` list.
pub(crate) struct Directive<'a> {
    /// The application the directive places.
    pub(crate) app: &'a str,
    /// The entry as written.
    pub(crate) text: &'a Spanned<String>,
    /// The whole `to:` field it belongs to.
    pub(crate) list: &'a Field<Vec<Spanned<String>>>,
    /// The entry parsed with Juju's grammar; `None` when it does not parse.
    pub(crate) placement: Option<Placement>,
}

impl Directive<'_> {
    /// Where the user edits the directive: where it is used, if it came through an alias.
    pub(crate) fn span(&self) -> FileSpan {
        self.text.use_site()
    }

    /// Adds labels for YAML aliases the directive came through: where an aliased entry is
    /// written, and where a shared `to:` list is used by this application.
    pub(crate) fn with_alias_labels(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if self.text.alias.is_some() {
            diagnostic = diagnostic.with_label(self.text.span, "the directive is written here");
        }
        if let Some(alias) = self.list.value.alias {
            diagnostic =
                diagnostic.with_label(alias, format!("`{}` uses this `to:` list", self.app));
        }
        diagnostic
    }
}

/// Every `to:` directive of every application with a body, in source order.
pub(crate) fn directives(bundle: &Bundle) -> impl Iterator<Item = Directive<'_>> {
    bundle.apps().flat_map(|(name, _, app)| {
        app.to.iter().flat_map(move |list| {
            list.get().iter().map(move |text| Directive {
                app: name,
                text,
                list,
                placement: Placement::parse(&text.value),
            })
        })
    })
}

/// Whether the bundle checked is the base document verified apart from documents that
/// follow it (overlay files, or more documents in the bundle file). Only then is it worth
/// explaining that Juju verifies the base document on its own.
pub(crate) fn is_base_without_overlays(ctx: &Context<'_>) -> bool {
    if ctx.scope != Scope::BaseDocument {
        return false;
    }
    if ctx.sources.iter().nth(1).is_some() {
        return true;
    }
    let Some(span) = ctx.bundle.span else { return false };
    let rest = usize::try_from(span.range.end).ok().and_then(|end| ctx.text_of(span).get(end..));
    rest.is_some_and(|rest| rest.lines().any(|line| line.starts_with("---")))
}

/// The number of units Juju gives an application: `scale` stands in for `num_units` when
/// it is positive, as in Juju's own normalisation.
pub(crate) fn unit_count(app: &Application) -> i64 {
    units_field(app).map_or(0, |field| *field.get())
}

/// The field that sets an application's unit count, if any.
pub(crate) fn units_field(app: &Application) -> Option<&Field<i64>> {
    match (&app.scale, &app.num_units) {
        (Some(scale), _) if *scale.get() > 0 => Some(scale),
        (_, Some(num_units)) => Some(num_units),
        (scale, None) => scale.as_ref(),
    }
}

/// "1 unit", "3 units".
pub(crate) fn units_phrase(count: impl std::fmt::Display) -> String {
    let count = count.to_string();
    if count == "1" { "1 unit".to_owned() } else { format!("{count} units") }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    const BASE_NOTE: &str = "Juju verifies the base bundle's first document on its own";

    fn p005_notes(bundle: &str, overlays: &[&str]) -> Vec<String> {
        analyze_texts(bundle, overlays)
            .diagnostics
            .into_iter()
            .filter(|it| it.code == "P005")
            .flat_map(|it| it.notes)
            .collect()
    }

    #[test]
    fn base_document_note_only_when_other_documents_follow() {
        let base = "applications:\n  a:\n    charm: a\n    num_units: 1\n    to: ['lxd:b']\n";
        let alone = p005_notes(base, &[]);
        assert!(!alone.is_empty());
        assert!(alone.iter().all(|note| !note.starts_with(BASE_NOTE)));

        let multi_document =
            format!("{base}---\napplications:\n  b:\n    charm: b\n    num_units: 1\n");
        assert!(p005_notes(&multi_document, &[]).iter().any(|note| note.starts_with(BASE_NOTE)));

        let overlay = "applications:\n  b:\n    charm: b\n    num_units: 1\n";
        assert!(p005_notes(base, &[overlay]).iter().any(|note| note.starts_with(BASE_NOTE)));
    }
}
