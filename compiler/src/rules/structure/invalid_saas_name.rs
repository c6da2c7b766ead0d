//! # S012 invalid-saas-name
//!
//! ## What it checks
//! A key under `saas:` that is not a valid application name: lower-case letters and
//! digits, starting with a letter, in hyphen-separated parts that each contain a letter.
//! `remote-keystone` is valid; `remote_keystone`, `Keystone` and `db-2` are not.
//!
//! ## Why it matters
//! The consumed offer becomes an application of that name in the model.
//! Juju refuses the bundle with `invalid SAAS name "<name>" found`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! saas:
//!   remote_keystone:
//!     url: admin/identity.keystone
//! ```
//! Accepted:
//! ```yaml
//! saas:
//!   remote-keystone:
//!     url: admin/identity.keystone
//! ```
//!
//! ## Fix
//! None: relations that use the name change with it.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::suggested_name;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S012",
    name: "invalid-saas-name",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for SAAS `name`, written at `span`.
pub fn diagnostic(name: &str, span: FileSpan) -> Diagnostic {
    let help = match suggested_name(name) {
        Some(candidate) => format!(
            "rename it, for example to `{candidate}`, and update the relations that use it"
        ),
        None => "use lower-case letters, digits and hyphens, with a letter in every hyphen-separated part".to_owned(),
    };
    RULE.diagnostic(format!("`{name}` is not a valid SAAS name"), span, "not an application name")
        .with_note(format!(
            "Juju refuses the bundle: invalid SAAS name \"{name}\" found; a SAAS name follows the application name rules"
        ))
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, saas) in &ctx.bundle.saas {
        if !names::is_application_name(name) {
            out.push(diagnostic(name, saas.name.use_site()));
        }
    }
}
