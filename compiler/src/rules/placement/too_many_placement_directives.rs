//! # P003 too-many-placement-directives
//!
//! ## What it checks
//! An application whose `to:` list has more entries than the application has units
//! (`num_units`, or `scale`).
//! An application without `num_units` has no units, so any `to:` is too long.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with `too many units specified in unit placement for
//! application "..."`.
//! Each entry places one unit; an entry with no unit to place usually means `num_units`
//! was lowered (or never raised) after a host was added.
//!
//! Juju verifies the first document of the base bundle on its own before merging any
//! overlay, so the base bundle's own `num_units` must cover its own `to:` list.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! ceph-osd:
//!   charm: ceph-osd
//!   num_units: 3
//!   to: ["8", "9", "10", "11"]
//! ```
//! Accepted: `num_units: 4`.
//!
//! ## Fix
//! None: raising `num_units` and dropping the surplus entries deploy different things.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::{is_base_without_overlays, unit_count, units_field, units_phrase};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P003",
    name: "too-many-placement-directives",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// How the application's unit count is written.
#[derive(Clone, Copy, Debug)]
pub enum UnitsSource {
    /// `num_units` (or `scale`) written at this span.
    Field(FileSpan),
    /// No unit count at all; the span is the application's name.
    Missing(FileSpan),
}

/// The diagnostic for `app`, which has `units` units but `directives` placement
/// directives; `first_surplus` is the first entry with no unit to place. `base_alone` says
/// the bundle is the base document checked apart from its overlays.
pub fn diagnostic(
    app: &str,
    units: usize,
    directives: usize,
    first_surplus: FileSpan,
    units_source: UnitsSource,
    base_alone: bool,
) -> Diagnostic {
    let surplus = directives - units.min(directives);
    let label = if surplus == 1 {
        "this entry has no unit to place".to_owned()
    } else {
        format!("this entry and the {} after it have no unit to place", surplus - 1)
    };
    let diagnostic = RULE
        .diagnostic(
            format!("`{app}` has more placement directives than units"),
            first_surplus,
            label,
        )
        .with_note(format!(
            "Juju refuses the bundle: too many units specified in unit placement for application \"{app}\""
        ));
    let diagnostic = if base_alone {
        diagnostic.with_note("Juju verifies the base bundle's first document on its own before merging any overlay, so a `num_units` that only an overlay raises does not count here")
    } else {
        diagnostic
    };
    let diagnostic = match units_source {
        UnitsSource::Field(span) => diagnostic.with_label(
            span,
            format!("`{app}` deploys {}, but `to:` has {directives} entries", units_phrase(units)),
        ),
        UnitsSource::Missing(span) => diagnostic
            .with_label(span, format!("`{app}` has no `num_units`, so it deploys no units")),
    };
    diagnostic.with_help(format!(
        "set `num_units` to {directives}, or remove the entries that have no unit to place"
    ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if bundle.is_kubernetes() {
        return;
    }
    for (name, slot, app) in bundle.apps() {
        let Some(to) = &app.to else { continue };
        // A negative count is its own error, and Juju skips this check for it.
        let Ok(units) = usize::try_from(unit_count(app)) else { continue };
        let Some(first_surplus) = to.get().get(units) else { continue };
        let units_source = match units_field(app) {
            Some(field) => UnitsSource::Field(field.value.use_site()),
            None => UnitsSource::Missing(slot.name.use_site()),
        };
        out.push(diagnostic(
            name,
            units,
            to.get().len(),
            first_surplus.use_site(),
            units_source,
            is_base_without_overlays(ctx),
        ));
    }
}
