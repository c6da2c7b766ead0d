//! # S035 trust-required
//!
//! ## What it checks
//! Applications with `trust: true`.
//!
//! ## Why it matters
//! A trusted application gets access to the model's cloud credentials.
//! Juju refuses to deploy a bundle with such applications unless the deploy command says
//! so: "Bundle cannot be deployed without trusting applications with your cloud
//! credentials", listing them.
//! This note is a reminder to run `juju deploy --trust` and to review what is trusted.
//!
//! ## Example
//! Reported:
//! ```yaml
//! applications:
//!   openstack-integrator:
//!     charm: openstack-integrator
//!     num_units: 1
//!     trust: true
//! ```
//! Not reported: `trust: false`, or no `trust` key.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Info by default.
//! Raise it to a warning or an error to review trusted applications, or turn it off.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S035",
    name: "trust-required",
    family: Family::Structure,
    severity: Severity::Info,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app`, trusted at `span`.
pub fn diagnostic(app: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("application `{app}` needs `juju deploy --trust`"),
        span,
        "trusted with the model's cloud credentials",
    )
    .with_note(
        "Juju refuses to deploy a bundle with trusted applications unless it is run with `--trust` (or `--force`)",
    )
    .with_help("deploy with `juju deploy --trust ...`, after checking that this application should see the cloud credentials")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Juju asks for trust once, for the merged bundle it deploys.
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        if let Some(trust) = &app.trust
            && *trust.get()
        {
            out.push(diagnostic(name, trust.value.use_site()));
        }
    }
}
