//! # S031 scale-and-num-units
//!
//! ## What it checks
//! An application that sets both `scale` and `num_units` to more than zero in the same
//! document, whether the base bundle or an overlay.
//! `scale` is the Kubernetes spelling of `num_units`; one of the two is enough.
//!
//! ## Why it matters
//! Juju stops reading the bundle with `cannot specify both scale and num_units for
//! application "<name>"`; nothing is deployed.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! bundle: kubernetes
//! applications:
//!   grafana:
//!     charm: grafana-k8s
//!     scale: 1
//!     num_units: 1
//! ```
//! Accepted: only `scale: 1`.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::within;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S031",
    name: "scale-and-num-units",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` with `scale` at `scale` and `num_units` at
/// `num_units`.
pub fn diagnostic(app: &str, scale: FileSpan, num_units: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("application `{app}` sets both `scale` and `num_units`"),
        scale,
        "`scale` given here",
    )
    .with_label(num_units, "`num_units` given here")
    .with_note(format!(
        "Juju stops reading the bundle: cannot specify both scale and num_units for application \"{app}\""
    ))
    .with_help("keep one: `scale` in a Kubernetes bundle, `num_units` in a machine bundle")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, slot, app) in ctx.bundle.apps() {
        let (Some(scale), Some(num_units)) = (&app.scale, &app.num_units) else { continue };
        // An overlay that modifies an application with both keys is reported by the merge,
        // which sees them before it keeps only `num_units`.
        if !(within(scale.key, slot.span) && within(num_units.key, slot.span)) {
            continue;
        }
        if *scale.get() > 0 && *num_units.get() > 0 {
            out.push(diagnostic(name, scale.key, num_units.key));
        }
    }
}
