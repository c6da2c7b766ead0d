//! # R004 ambiguous-relation-application
//!
//! ## What it checks
//! A relation endpoint whose application part is defined twice: once under `applications`
//! and once under `saas`.
//!
//! ## Why it matters
//! Juju cannot tell whether the relation means the local application or the consumed
//! offer, and refuses the whole bundle with "ambiguous relation ... refers to a application
//! and a SAAS in this bundle".
//! It also refuses the name clash itself, even where no relation uses the name.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone: {charm: keystone, num_units: 1}
//!   glance: {charm: glance, num_units: 1}
//! saas:
//!   keystone: {url: identity-controller:admin/identity.keystone}
//! relations:
//! - [glance:identity-service, keystone:identity-service]
//! ```
//! Accepted: the SAAS entry renamed (`remote-keystone`), and the relation naming whichever
//! of the two is meant.
//!
//! ## Fix
//! None: only the operator knows which of the two the relation means.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::pairs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R004",
    name: "ambiguous-relation-application",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for a relation naming `name` at `span`, where `name` is both the
/// application defined at `application` and the SAAS entry defined at `saas`.
pub fn diagnostic(name: &str, span: FileSpan, application: FileSpan, saas: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("relation refers to `{name}`, which is both an application and a SAAS entry"),
        span,
        "ambiguous",
    )
    .with_label(application, "defined as an application here")
    .with_label(saas, "and as a SAAS entry here")
    .with_note(format!(
        "Juju refuses the bundle: ambiguous relation \"{name}\" refers to a application and a SAAS in this bundle"
    ))
    .with_help("rename the application or the SAAS entry, and refer to the one meant by its own name")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if bundle.saas.is_empty() {
        return;
    }
    for pair in pairs(ctx) {
        for endpoint in pair.ends.iter().filter_map(|end| end.parsed.as_ref()) {
            let name = endpoint.application.as_str();
            if let (Some(application), Some(saas)) =
                (bundle.applications.get(name), bundle.saas.get(name))
            {
                out.push(diagnostic(
                    name,
                    endpoint.application_span,
                    application.name.span,
                    saas.name.span,
                ));
            }
        }
    }
}
