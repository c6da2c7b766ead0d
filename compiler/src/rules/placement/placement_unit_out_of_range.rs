//! # P006 placement-unit-out-of-range
//!
//! ## What it checks
//! A `to:` entry naming a unit (`mysql/3`, `lxd:mysql/3`) whose number is not below the
//! target application's unit count.
//! Units are numbered from 0, so an application with `num_units: 3` has units 0, 1 and 2.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with `placement "mysql/3" specifies a unit greater than
//! the 3 unit(s) started by the target application`.
//!
//! Juju verifies the first document of the base bundle on its own before merging any
//! overlay, so the target's unit count in the base bundle is what counts there, even when
//! an overlay raises it.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! ceph-mon:
//!   charm: ceph-mon
//!   num_units: 3
//! ceph-radosgw:
//!   charm: ceph-radosgw
//!   num_units: 1
//!   to: ["lxd:ceph-mon/3"]
//! ```
//! Accepted: `to: ["lxd:ceph-mon/2"]`.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::{directives, is_base_without_overlays, unit_count, units_field, units_phrase};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::placement::Target;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P006",
    name: "placement-unit-out-of-range",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The target of a unit placement.
pub struct TargetUnits<'a> {
    /// The target application.
    pub name: &'a str,
    /// The unit the directive names.
    pub unit: u32,
    /// How many units the target deploys.
    pub count: i64,
    /// Where the count is written (`num_units` or `scale`), or the target's name when it
    /// has none.
    pub count_span: FileSpan,
    /// Whether the count is written at all.
    pub count_written: bool,
}

/// The diagnostic for directive `text`, written at `span`, naming a unit `target` does not
/// deploy in the bundle checked;
/// `base_alone` says the bundle is the base document checked apart from its overlays.
pub fn diagnostic(
    text: &str,
    span: FileSpan,
    target: &TargetUnits<'_>,
    base_alone: bool,
) -> Diagnostic {
    let TargetUnits { name, unit, count, count_span, count_written } = *target;
    let label = if count > 0 {
        format!("`{name}` has units {name}/0 to {name}/{}", count - 1)
    } else {
        format!("`{name}` has no unit to place next to")
    };
    let mut diagnostic = RULE
        .diagnostic(
            format!("placement `{text}` refers to unit {unit} of `{name}`, which is never deployed"),
            span,
            label,
        )
        .with_label(
            count_span,
            if count_written {
                format!("`{name}` deploys {}", units_phrase(count))
            } else {
                format!("`{name}` has no `num_units`, so it deploys no units")
            },
        )
        .with_note(format!(
            "Juju refuses the bundle: placement \"{text}\" specifies a unit greater than the {count} unit(s) started by the target application"
        ));
    if base_alone {
        diagnostic = diagnostic.with_note(
            "Juju verifies the base bundle's first document on its own before merging any overlay, so only the unit count written in that document counts here",
        );
    }
    let help = if count > 0 {
        format!(
            "name a unit from `{name}/0` to `{name}/{}`, or raise `num_units` of `{name}` to {}",
            count - 1,
            u64::from(unit) + 1
        )
    } else {
        format!(
            "give `{name}` at least {}, or place this unit elsewhere",
            units_phrase(u64::from(unit) + 1)
        )
    };
    diagnostic.with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if bundle.is_kubernetes() {
        return;
    }
    for directive in directives(bundle) {
        let Some(Target::Unit(name, unit)) = directive.placement.as_ref().map(|it| &it.target)
        else {
            continue;
        };
        let Some((_, slot, target)) = bundle.apps().find(|(app, ..)| app == name) else {
            continue;
        };
        let count = unit_count(target);
        if i64::from(*unit) < count {
            continue;
        }
        let field = units_field(target);
        let target = TargetUnits {
            name,
            unit: *unit,
            count,
            count_span: field.map_or(slot.name.use_site(), |it| it.value.use_site()),
            count_written: field.is_some(),
        };
        let found = diagnostic(
            &directive.text.value,
            directive.span(),
            &target,
            is_base_without_overlays(ctx),
        );
        out.push(directive.with_alias_labels(found));
    }
}
