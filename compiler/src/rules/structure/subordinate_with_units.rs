//! # S050 subordinate-with-units
//!
//! ## What it checks
//! An application of a subordinate charm (mysql-router, hacluster, ovn-chassis,
//! cinder-ceph, ...) that asks for units of its own: `num_units` (or `scale`) above zero,
//! or a `to:` placement. `num_units: 0` and an empty `to: []` are fine.
//!
//! The check needs the charm's facts from the catalog; it is skipped for a charm the
//! catalog does not know.
//!
//! ## Why it matters
//! A subordinate never has units of its own: Juju puts one inside each unit of the
//! principals it is related to. The controller refuses the application while the bundle
//! deploys ("application ... is subordinate but has non-zero `num_units`", "... but specifies
//! unit placement"), and what was deployed before that point stays, since bundle deploys
//! are not transactional. The usual cause is a copied principal block, or a bundle written
//! before the charm became a subordinate.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! keystone-mysql-router:
//!   charm: mysql-router
//!   num_units: 1
//!   to: ["lxd:0"]
//! ```
//! Accepted:
//! ```yaml
//! keystone-mysql-router:
//!   charm: mysql-router
//! ```
//!
//! ## Fix
//! None yet. Deleting the key would be safe for Juju, but the number of units the user
//! meant may belong to the principal instead, so the user decides.
//!
//! ## Policy
//! None: the rule reads no policy keys.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S050",
    name: "subordinate-with-units",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What a subordinate application asks for that it cannot have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asks {
    /// Units: `num_units` or `scale` above zero, written as `key`.
    Units(&'static str),
    /// A `to:` placement.
    Placement,
}

/// The diagnostic for subordinate application `application` of charm `charm`, whose value
/// at `span` asks for `asks`.
pub fn diagnostic(application: &str, charm: &str, asks: Asks, span: FileSpan) -> Diagnostic {
    let (message, label, juju, help) = match asks {
        Asks::Units(key) => (
            format!("subordinate `{application}` has non-zero `{key}`"),
            "a subordinate has no units of its own",
            "has non-zero num_units",
            format!(
                "remove `{key}`: `{application}` gets a unit inside each unit of its principal"
            ),
        ),
        Asks::Placement => (
            format!("subordinate `{application}` specifies unit placement"),
            "a subordinate cannot be placed",
            "specifies unit placement",
            format!("remove `to:`: `{application}` runs wherever its principal's units are placed"),
        ),
    };
    RULE.diagnostic(message, span, label)
        .with_note(format!(
            "`{charm}` is a subordinate charm; Juju's controller refuses the application while the bundle deploys: application \"{application}\" is subordinate but {juju}"
        ))
        .with_note("bundle deploys are not transactional: what was deployed before this point stays")
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged || ctx.bundle.is_kubernetes() {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let Some(charm) = ctx.charm_of(app) else { continue };
        if !charm.subordinate {
            continue;
        }
        for (key, field) in [("num_units", &app.num_units), ("scale", &app.scale)] {
            if let Some(field) = field
                && *field.get() > 0
            {
                out.push(diagnostic(name, &charm.name, Asks::Units(key), field.value.span));
            }
        }
        if let Some(to) = &app.to
            && !to.get().is_empty()
        {
            out.push(diagnostic(name, &charm.name, Asks::Placement, to.value.span));
        }
    }
}
