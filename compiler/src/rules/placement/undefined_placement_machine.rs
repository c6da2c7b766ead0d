//! # P007 undefined-placement-machine
//!
//! ## What it checks
//! A `to:` entry naming a machine (`8`, `lxd:8`) that `machines:` does not declare.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with `placement "lxd:8" refers to a machine not defined
//! in this bundle`.
//! Bundle machine numbers are labels local to the bundle, not the numbers of machines
//! already in the model, so every one a directive uses must be declared.
//!
//! Juju verifies the first document of the base bundle on its own before merging any
//! overlay, so a placement in the base bundle must name a machine that the base bundle
//! itself declares, even if an overlay declares it later.
//! And because an overlay's `machines` replaces the base bundle's entirely rather than
//! adding to it, a machine that the base declares but the overlay's `machines` leaves out
//! is gone from the merged bundle.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! machines:
//!   "8":
//!   "9":
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 2
//!     to: ["lxd:8", "lxd:10"]
//! ```
//! Accepted: `to: ["lxd:8", "lxd:9"]`.
//!
//! ## Fix
//! None: the help names a declared machine that nothing uses when there is one.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use super::{directives, is_base_without_overlays};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names::is_machine_id;
use crate::ir::placement::Target;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P007",
    name: "undefined-placement-machine",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The `machines` key in effect, when an overlay file wrote it.
pub struct ReplacedMachines {
    /// The overlay's `machines` key.
    pub key: FileSpan,
}

/// The diagnostic for directive `text`, written at `span`, naming machine `machine` that
/// the bundle checked does not declare; `unused` is a declared machine no
/// directive uses that is close to it, `replaced` the overlay `machines` in effect.
/// `base_alone` says the bundle is the base document checked apart from its overlays.
pub fn diagnostic(
    text: &str,
    machine: &str,
    span: FileSpan,
    base_alone: bool,
    unused: Option<&str>,
    replaced: Option<ReplacedMachines>,
) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            format!(
                "placement `{text}` refers to machine `{machine}`, which the bundle does not declare"
            ),
            span,
            format!("no machine `{machine}` under `machines:`"),
        )
        .with_note(format!(
            "Juju refuses the bundle: placement \"{text}\" refers to a machine not defined in this bundle"
        ));
    if let Some(replaced) = replaced {
        diagnostic = diagnostic
            .with_label(replaced.key, "the `machines` in effect, set by an overlay")
            .with_note("an overlay's `machines` is not merged with the base bundle's: it replaces the whole list");
    }
    if base_alone {
        diagnostic = diagnostic.with_note(
            "Juju verifies the base bundle's first document on its own before merging any overlay, so a machine that only an overlay declares does not count here",
        );
    }
    let help = match unused {
        Some(id) => format!("did you mean machine `{id}`? it is declared but no directive uses it"),
        None => format!(
            "declare machine `{machine}` under `machines:`, or write `new` (or `lxd:new`) for a new machine"
        ),
    };
    diagnostic.with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if bundle.is_kubernetes() {
        return;
    }
    let used: Vec<String> = directives(bundle)
        .filter_map(|directive| match directive.placement?.target {
            Target::Machine(id) => Some(id),
            _ => None,
        })
        .collect();
    let base_file = ctx.sources.iter().next().map(|(file, _)| file);
    let declared: Vec<&str> = bundle.machine_slots().map(|(id, _)| id).collect();
    let unused: Vec<&str> = declared
        .iter()
        .copied()
        .filter(|id| is_machine_id(id) && !used.iter().any(|it| it == id))
        .collect();
    for directive in directives(bundle) {
        let Some(Target::Machine(machine)) = directive.placement.as_ref().map(|it| &it.target)
        else {
            continue;
        };
        if declared.contains(&machine.as_str()) {
            continue;
        }
        // `machines` written in an overlay file replaced the base bundle's whole list.
        let replaced = bundle
            .machines
            .as_ref()
            .filter(|field| ctx.scope == Scope::Merged && Some(field.key.file) != base_file)
            .map(|field| ReplacedMachines { key: field.key });
        let found = diagnostic(
            &directive.text.value,
            machine,
            directive.span(),
            is_base_without_overlays(ctx),
            closest(machine, unused.iter().copied()),
            replaced,
        );
        out.push(directive.with_alias_labels(found));
    }
}
