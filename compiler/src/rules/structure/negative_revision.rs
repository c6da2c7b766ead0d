//! # S020 negative-revision
//!
//! ## What it checks
//! An application whose `revision` is below zero.
//!
//! ## Why it matters
//! Charm revisions start at zero.
//! Juju refuses the bundle with `the revision for application "<name>" must be zero or
//! greater`.
//! A `-1` copied from tooling output, where it means "no revision", is the usual source.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     channel: 2024.1/stable
//!     revision: -1
//!     num_units: 1
//! ```
//! Accepted: remove `revision` to follow the channel, or pin a real revision.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::{is_local_path, parse_charm_url};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S020",
    name: "negative-revision",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` whose `revision`, used at `span`, is negative.
pub fn diagnostic(app: &str, revision: i64, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("application `{app}` has a negative revision `{revision}`"),
        span,
        "revisions start at 0",
    )
    .with_note(format!(
        "Juju refuses the bundle: the revision for application \"{app}\" must be zero or greater"
    ))
    .with_help("remove `revision` to deploy the channel's current revision, or pin a real one")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let (Some(revision), Some(charm)) = (&app.revision, &app.charm) else { continue };
        let charm = charm.get();
        // Juju only checks the revision of a charm URL it could parse.
        if charm.is_empty() || is_local_path(charm) || parse_charm_url(charm).is_err() {
            continue;
        }
        if *revision.get() < 0 {
            out.push(diagnostic(name, *revision.get(), revision.value.use_site()));
        }
    }
}
