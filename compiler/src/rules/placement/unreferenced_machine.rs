//! # P001 unreferenced-machine
//!
//! ## What it checks
//! A machine declared under `machines:` that no `to:` entry of any application uses.
//! A container directive counts as a use: `lxd:3` uses machine `3`.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with `machine "3" is not referred to by a placement
//! directive`.
//! An unused machine is usually left over from a unit that was moved or removed.
//!
//! Juju verifies the first document of the base bundle on its own before merging any
//! overlay, and then the merged result, so a machine declared in the base bundle must be
//! used by the base bundle itself; a `to:` that only an overlay adds does not count there.
//! Because an overlay's `machines` replaces the base bundle's entirely, a machine the
//! overlay re-declares must also be used by the merged bundle.
//!
//! A bundle that still lists its applications under the legacy `services` key is left to
//! the report of that key: Juju 3 ignores the whole section, so every machine would look
//! unused here.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! machines:
//!   "0":
//!   "1":
//! applications:
//!   ceph-osd:
//!     charm: ceph-osd
//!     num_units: 1
//!     to: ["0"]
//! ```
//! Accepted: `num_units: 2` with `to: ["0", "1"]`, or machine `1` removed.
//!
//! ## Fix
//! None: whether a unit is missing or the machine is stale is for the operator to decide.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::{directives, is_base_without_overlays};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names::is_machine_id;
use crate::ir::placement::Target;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P001",
    name: "unreferenced-machine",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for machine `id`, declared at `span`, which no directive uses in the
/// bundle checked.
/// `base_alone` says the bundle is the base document checked apart from its overlays.
pub fn diagnostic(id: &str, span: FileSpan, base_alone: bool) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            format!("machine `{id}` is declared but no placement directive uses it"),
            span,
            "no `to:` entry names this machine",
        )
        .with_note(format!(
            "Juju refuses the bundle: machine \"{id}\" is not referred to by a placement directive"
        ));
    if base_alone {
        diagnostic = diagnostic.with_note(
            "Juju verifies the base bundle's first document on its own before merging any overlay, so a `to:` that only an overlay adds does not count here",
        );
    }
    diagnostic.with_help(format!(
        "place a unit on it (`to: [\"{id}\"]`, or `to: [\"lxd:{id}\"]` for a container), or remove the machine"
    ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    // Under the legacy `services` key Juju 3 sees no applications, so every machine looks
    // unused; the report of that key names the one cause.
    if bundle.is_kubernetes() || bundle.services_key.is_some() {
        return;
    }
    let used: Vec<String> = directives(bundle)
        .filter_map(|directive| match directive.placement?.target {
            Target::Machine(id) => Some(id),
            _ => None,
        })
        .collect();
    for (id, slot) in bundle.machine_slots() {
        // An invalid id cannot be named by any directive; P002 reports it.
        if !is_machine_id(id) || used.iter().any(|it| it == id) {
            continue;
        }
        out.push(diagnostic(id, slot.id.use_site(), is_base_without_overlays(ctx)));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    fn codes(bundle: &str, overlays: &[&str]) -> Vec<&'static str> {
        let analysis = analyze_texts(bundle, overlays);
        analysis.diagnostics.iter().map(|it| it.code).filter(|it| *it == "P001").collect()
    }

    #[test]
    fn container_directive_counts_as_a_use() {
        let bundle = "machines:\n  '0':\napplications:\n  a:\n    charm: a\n    num_units: 1\n    to: ['lxd:0']\n";
        assert!(codes(bundle, &[]).is_empty());
    }

    #[test]
    fn legacy_services_bundles_are_left_to_the_services_report() {
        let bundle =
            "machines:\n  '0':\nservices:\n  a:\n    charm: a\n    num_units: 1\n    to: ['0']\n";
        assert!(codes(bundle, &[]).is_empty());
    }

    #[test]
    fn machine_used_only_by_an_overlay_fails_the_base_document() {
        let bundle = "machines:\n  '0':\napplications:\n  a:\n    charm: a\n    num_units: 1\n";
        let overlay = "applications:\n  a:\n    to: ['0']\n";
        assert_eq!(codes(bundle, &[overlay]), ["P001"]);
    }
}
