//! # S011 saas-name-conflict
//!
//! ## What it checks
//! A name used both under `applications:` and under `saas:`.
//!
//! ## Why it matters
//! A consumed offer appears in the model as an application of that name, so the two
//! cannot share it.
//! Juju refuses the bundle with `application "<name>" already exists with SAAS "<name>"
//! name` and `SAAS "<name>" already exists with application "<name>" name`.
//! It also leaves every relation naming it ambiguous.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! saas:
//!   keystone:
//!     url: admin/identity.keystone
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 1
//! ```
//! Accepted: a distinct SAAS name such as `remote-keystone`.
//!
//! ## Fix
//! None: renaming either side also means updating its relations.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S011",
    name: "saas-name-conflict",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for `name`, a SAAS at `saas` and an application at `application`.
pub fn diagnostic(name: &str, saas: FileSpan, application: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("`{name}` is both a SAAS and an application"),
        saas,
        "SAAS declared here",
    )
    .with_label(application, "application of the same name declared here")
    .with_note(format!(
        "Juju refuses the bundle: application \"{name}\" already exists with SAAS \"{name}\" name; a consumed offer shows in the model as an application of that name"
    ))
    .with_help(format!(
        "rename the SAAS (for example `remote-{name}`) and update the relations that use it"
    ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    for (name, saas) in &bundle.saas {
        if let Some(app) = bundle.applications.get(name) {
            out.push(diagnostic(name, saas.name.use_site(), app.name.use_site()));
        }
    }
}
