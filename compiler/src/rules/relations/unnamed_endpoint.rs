//! # R007 unnamed-endpoint
//!
//! ## What it checks
//! A relation endpoint written as a bare application name, without `:endpoint`, as in
//! `[placement, keystone]`.
//!
//! ## Why it matters
//! Juju accepts it: the client passes the names on, and the controller picks the one pair
//! of compatible endpoints that the two charms offer, preferring explicit endpoints over
//! the implicit `juju-info`.
//! The choice is made from the charms' metadata at deploy time, where nobody reviews it:
//! - when a charm offers several compatible endpoints, or a new charm revision adds one,
//!   the deployment stops halfway with "ambiguous relation", after earlier changes were
//!   already applied;
//! - duplicate detection compares relations as written, so `[placement, keystone]` next
//!   to `[placement:identity-service, keystone:identity-service]` passes the bundle checks
//!   although both mean the same relation.
//!
//! This is reported as info, not a warning: the short form is legal, widely used in
//! published bundles, and usually resolves as intended; naming endpoints is a review aid.
//!
//! ## Example
//! Reported:
//! ```yaml
//! relations:
//! - [placement, keystone]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [placement:identity-service, keystone:identity-service]
//! ```
//!
//! ## Fix
//! None: the endpoint names come from the charms' metadata, which bundlec does not read
//! here.
//!
//! ## Policy
//! Info by default; raise it to a warning to require explicit endpoints.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::pairs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::relation::Endpoint;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R007",
    name: "unnamed-endpoint",
    family: Family::Relations,
    severity: Severity::Info,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for a relation whose end `unnamed` names no endpoint; `other` is the
/// other end, labelled too when it names none either.
pub fn diagnostic(unnamed: &Endpoint, other: &Endpoint) -> Diagnostic {
    let application = &unnamed.application;
    let mut diagnostic = RULE.diagnostic(
        format!("relation endpoint `{application}` does not name an endpoint"),
        unnamed.application_span,
        "add `:<endpoint>`",
    );
    if other.name.is_none() {
        diagnostic = diagnostic.with_label(other.application_span, "nor does this one");
    }
    diagnostic
        .with_note("Juju lets the controller infer the endpoint from the charms at deploy time; an ambiguous choice fails the deployment halfway")
        .with_help(format!(
            "write `{application}:<endpoint>` with the endpoint name from the charm's metadata"
        ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for pair in pairs(ctx) {
        let Some([first, second]) = pair.parsed() else { continue };
        if first.name.is_none() {
            out.push(diagnostic(first, second));
        } else if second.name.is_none() {
            out.push(diagnostic(second, first));
        }
    }
}
