//! # S034 invalid-application-name
//!
//! ## What it checks
//! A key under `applications:` that is not a valid application name: lower-case letters
//! and digits, starting with a letter, in hyphen-separated parts that each contain a
//! letter.
//! `nova-compute` and `ceph-osd` are valid; `mysql_router`, `Keystone`, `app-1` and
//! `2nd-db` are not.
//! It is checked on the merged bundle, once overlays have had their say.
//!
//! ## Why it matters
//! Juju's bundle checks do not look at application names, so a bad name passes
//! `--dry-run`; the controller then refuses to deploy that application, after the
//! changes before it have already been made.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   mysql_router:
//!     charm: mysql-router
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   mysql-router:
//!     charm: mysql-router
//! ```
//!
//! ## Fix
//! None: relations and placements that name the application change with it.
//!
//! ## Policy
//! Error by default: the deploy fails part-way.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::juju_values::suggested_name;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S034",
    name: "invalid-application-name",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `name`, written at `span`.
pub fn diagnostic(name: &str, span: FileSpan) -> Diagnostic {
    let help = match suggested_name(name) {
        Some(candidate) => format!(
            "rename it, for example to `{candidate}`, and update the relations and placements that name it"
        ),
        None => "use lower-case letters, digits and hyphens, with a letter in every hyphen-separated part (`app-1` is refused; `app-one` or `app1` are fine)".to_owned(),
    };
    RULE.diagnostic(
        format!("`{name}` is not a valid application name"),
        span,
        "not an application name",
    )
    .with_note(
        "Juju's bundle checks do not look at application names; the controller refuses this one part-way through the deploy, after the changes before it are made",
    )
    .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Juju deploys the merged bundle, so a name an overlay removes does no harm.
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, slot) in &ctx.bundle.applications {
        if !names::is_application_name(name) {
            out.push(diagnostic(name, slot.name.use_site()));
        }
    }
}
