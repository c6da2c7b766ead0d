//! # R001 relation-not-a-pair
//!
//! ## What it checks
//! A `relations` item that does not hold exactly two endpoints: `[keystone:shared-db]`,
//! an empty `[]`, or three endpoints written in one item.
//!
//! ## Why it matters
//! A relation always joins two endpoints.
//! Juju refuses the whole bundle with "relation [...] has N endpoint(s), not 2", and it
//! checks nothing else about that item.
//! A three-endpoint item is usually an attempt at the one-to-many shorthand of the old
//! juju-deployer tool, which Juju never supported.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [nova-compute:amqp, rabbitmq-server:amqp, nova-cloud-controller:amqp]
//! - [glance:identity-service]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [nova-compute:amqp, rabbitmq-server:amqp]
//! - [nova-cloud-controller:amqp, rabbitmq-server:amqp]
//! - [glance:identity-service, keystone:identity-service]
//! ```
//!
//! ## Fix
//! None: which endpoint is missing, or how to split the item, is for the operator to say.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R001",
    name: "relation-not-a-pair",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for a relation item at `span` with `count` endpoints.
pub fn diagnostic(count: usize, span: FileSpan) -> Diagnostic {
    let (message, help) = match count {
        0 => (
            "relation has no endpoints".to_owned(),
            "name the two endpoints to relate, or remove the item",
        ),
        1 => ("relation has 1 endpoint, not 2".to_owned(), "add the endpoint at the other end"),
        _ => (
            format!("relation has {count} endpoints, not 2"),
            "write one item per relation, each with two endpoints",
        ),
    };
    RULE.diagnostic(message, span, "a relation joins exactly two endpoints")
        .with_note(format!(
            "Juju refuses the bundle: \"relation [...] has {count} endpoint(s), not 2\""
        ))
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for relation in &ctx.bundle.relations {
        if relation.endpoints.len() != 2 {
            out.push(diagnostic(relation.endpoints.len(), relation.span));
        }
    }
}
