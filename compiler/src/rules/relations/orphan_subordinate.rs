//! # R034 orphan-subordinate
//!
//! ## What it checks
//! An application of a subordinate charm (mysql-router, hacluster, ovn-chassis,
//! cinder-ceph, ...) that has no container-scoped relation to a principal application.
//! A relation is container-scoped when the endpoint on either side is declared with
//! `scope: container`; the other side must be a principal, not another subordinate.
//!
//! The check needs the charms' facts: it says nothing when a relation of the subordinate
//! cannot be resolved (an unknown charm, a SAAS, a relation another rule reports), since
//! that relation may be the one that attaches it.
//!
//! ## Why it matters
//! A subordinate has no units of its own: Juju starts one inside each unit of every
//! principal it is related to through a container-scoped relation. Without such a
//! relation the application is deployed with no units at all, so the service it should
//! add (a database route, a cluster, a network agent) silently never runs, and nothing
//! fails to say so. Relating it to another subordinate does not help: Juju does not chain
//! subordinates.
//!
//! ## Example
//! Flagged (the router is only related to the database cluster):
//! ```yaml
//! relations:
//! - [keystone-mysql-router:db-router, mysql-innodb-cluster:db-router]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
//! - [keystone-mysql-router:db-router, mysql-innodb-cluster:db-router]
//! ```
//!
//! ## Fix
//! None yet. Adding a relation would be unsafe: only the user knows which principal the
//! subordinate belongs to.
//!
//! ## Policy
//! None: the rule reads no policy keys.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::catalog::resolve::{EndpointRef, resolve_relation};
use crate::catalog::{Charm, Scope as EndpointScope};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R034",
    name: "orphan-subordinate",
    family: Family::Relations,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for subordinate application `application` (its name written at `span`)
/// of charm `charm`, attached to no principal.
pub fn diagnostic(application: &str, span: FileSpan, charm: &Charm) -> Diagnostic {
    let attach: Vec<String> = charm
        .endpoints
        .iter()
        .filter(|it| it.scope == EndpointScope::Container)
        .map(|it| format!("`{application}:{}`", it.name))
        .collect();
    let help = if attach.is_empty() {
        format!("relate `{application}` to the principal application it belongs to")
    } else {
        format!(
            "relate `{application}` to the principal application it belongs to, through {}",
            if attach.len() == 1 {
                attach.join("")
            } else {
                format!("one of {}", attach.join(", "))
            }
        )
    };
    RULE.diagnostic(
        format!("subordinate `{application}` has no container-scoped relation to a principal"),
        span,
        "gets no units",
    )
    .with_note(format!(
        "`{}` is a subordinate charm: Juju puts a unit of it inside each unit of the principals it is related to through a container-scoped endpoint, and deploys it with no units otherwise",
        charm.name
    ))
    .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Relations added by overlays count: only the deployment as a whole tells.
    // Kubernetes charms have no subordinates.
    if ctx.scope != Scope::Merged || ctx.bundle.is_kubernetes() {
        return;
    }
    let bundle = ctx.bundle;
    for (name, slot, app) in bundle.apps() {
        let Some(charm) = ctx.charm_of(app) else { continue };
        if !charm.subordinate {
            continue;
        }
        let mut attached = false;
        let mut unknown = false;
        for relation in &bundle.relations {
            if !relation.endpoints.iter().any(|end| names_application(&end.value, name)) {
                continue;
            }
            match resolve_relation(ctx.catalog, bundle, relation) {
                Ok((a, b)) => {
                    let other = if a.application == name { b } else { a };
                    if is_container(&a, &b) && !other.charm.subordinate {
                        attached = true;
                    }
                }
                Err(_) => unknown = true,
            }
        }
        if !attached && !unknown {
            out.push(diagnostic(name, slot.name.span, charm));
        }
    }
}

/// Whether an endpoint string (`app` or `app:endpoint`) names `application`.
fn names_application(written: &str, application: &str) -> bool {
    written.split_once(':').map_or(written, |(app, _)| app) == application
}

/// Whether the relation between `a` and `b` is container-scoped: either side is.
fn is_container(a: &EndpointRef<'_>, b: &EndpointRef<'_>) -> bool {
    a.endpoint.scope == EndpointScope::Container || b.endpoint.scope == EndpointScope::Container
}
