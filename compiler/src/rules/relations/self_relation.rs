//! # R005 self-relation
//!
//! ## What it checks
//! A relation whose two endpoints belong to the same application, such as
//! `[mysql-innodb-cluster:cluster, mysql-innodb-cluster:cluster]` or `[vault, vault]`.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with "relation [...] relates an application to itself".
//! An application's units talk to each other over its peer endpoints, and Juju sets those
//! up by itself when it deploys the charm; a bundle neither needs nor may declare them.
//! More often the relation was meant to name another application and one side was
//! copied without being edited.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone:shared-db]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
//! ```
//!
//! ## Fix
//! None: the operator must say which application the other side is.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::pairs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R005",
    name: "self-relation",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for a relation between `application` (first end at `first`) and itself
/// (second end at `second`).
pub fn diagnostic(application: &str, first: FileSpan, second: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("relation relates `{application}` to itself"),
        second,
        "same application as the other end",
    )
    .with_label(first, "other end")
    .with_note("Juju refuses the bundle: \"relation [...] relates an application to itself\"")
    .with_note("the units of one application talk over the charm's peer endpoints, which Juju relates by itself")
    .with_help("name the other application at one end, or remove the relation")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for pair in pairs(ctx) {
        let Some([first, second]) = pair.parsed() else { continue };
        if first.application == second.application {
            out.push(diagnostic(
                &first.application,
                first.application_span,
                second.application_span,
            ));
        }
    }
}
