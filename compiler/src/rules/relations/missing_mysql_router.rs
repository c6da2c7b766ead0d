//! # R042 missing-mysql-router
//!
//! ## What it checks
//! Every application whose charm requires `shared-db` with interface `mysql-shared` (the
//! OpenStack API charms, vault, ...) must reach MySQL through a mysql-router of its own,
//! which takes two relations in the merged bundle:
//!
//! 1. `<app>:shared-db` with `<router>:shared-db`, and
//! 2. `<router>:db-router` with `mysql-innodb-cluster:db-router`.
//!
//! The rule says which of the two is missing, or that `shared-db` goes straight to
//! mysql-innodb-cluster. An application with no router at all is reported only when the
//! bundle has a mysql-innodb-cluster: without one, the bundle is a fragment or uses another
//! database design, and there is no router pattern to judge.
//!
//! A `shared-db` related to anything bundlec cannot judge (a SAAS offer, a charm the
//! catalog does not know) is accepted, and so is a router whose `db-router` goes to a SAAS
//! offer. Routers and clusters are recognised by charm name
//! (`mysql-router`, `mysql-innodb-cluster`) or by the catalog's interfaces. A relation
//! written without endpoint names counts when Juju would resolve it to those endpoints or
//! when bundlec cannot tell.
//!
//! ## Why it matters
//! Since MySQL 8, Charmed OpenStack connects each database user through a mysql-router
//! subordinate on its own units. The router follows the InnoDB cluster's primary, so the
//! application keeps its database across failovers. Without the `shared-db` relation the
//! application has no database and waits for one; without `db-router` the router has no
//! cluster to route to, and the application waits just the same.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone: {charm: keystone, num_units: 1}
//!   keystone-mysql-router: {charm: mysql-router}
//!   mysql-innodb-cluster: {charm: mysql-innodb-cluster, num_units: 3}
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
//! - [keystone-mysql-router:db-router, mysql-innodb-cluster:db-router]
//! ```
//!
//! ## Fix
//! None yet. Adding the missing relation would be safe when exactly one router and one
//! cluster exist; a missing router is a new application, which is unsafe to invent.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only. Warning by default: it is a
//! convention, and an application can be pointed at a database in other ways.

#![expect(
    clippy::doc_markdown,
    reason = "the user documentation names products (OpenStack, MySQL), not code"
)]

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::links::{LinkEnd, MYSQL_SHARED, is_cluster, is_router, links, opaque};
use crate::catalog::Role;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R042",
    name: "missing-mysql-router",
    family: Family::Relations,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The endpoint of a database user and of the router that serves it.
const SHARED_DB: &str = "shared-db";
/// The router's and the cluster's endpoint between them.
const DB_ROUTER: &str = "db-router";

/// Which part of the router pattern is missing.
pub enum Missing<'a> {
    /// No `shared-db` relation to a router; the application's name is at the span.
    Router(FileSpan),
    /// `shared-db` related straight to the cluster named, at the application's end.
    Direct(&'a str, FileSpan),
    /// The router named, whose name is at the first span, has no `db-router` relation;
    /// the application's end of its `shared-db` relation is at the second.
    ClusterOfRouter(&'a str, FileSpan, FileSpan),
}

/// The diagnostic for `application` whose router pattern lacks `missing`; `cluster` names
/// the cluster application to suggest.
pub fn diagnostic(application: &str, cluster: &str, missing: &Missing<'_>) -> Diagnostic {
    let router = format!("{application}-mysql-router");
    match missing {
        Missing::Router(name) => RULE
            .diagnostic(
                format!("`{application}` has no mysql-router on `{SHARED_DB}`"),
                *name,
                format!("`{SHARED_DB}` not related to a mysql-router"),
            )
            .with_note("Charmed OpenStack connects each database user through a mysql-router of its own; without one the application has no database and waits for it")
            .with_help(format!(
                "deploy `{router}` (charm `mysql-router`) and add `[{application}:{SHARED_DB}, {router}:{SHARED_DB}]` and `[{router}:{DB_ROUTER}, {cluster}:{DB_ROUTER}]` to `relations`"
            )),
        Missing::Direct(cluster, end) => RULE
            .diagnostic(
                format!("`{application}:{SHARED_DB}` is related to `{cluster}` without a mysql-router"),
                *end,
                "related to the cluster directly",
            )
            .with_note("Charmed OpenStack connects each database user through a mysql-router of its own, which follows the cluster's primary across failovers")
            .with_help(format!(
                "deploy `{router}` (charm `mysql-router`), relate `[{application}:{SHARED_DB}, {router}:{SHARED_DB}]` and `[{router}:{DB_ROUTER}, {cluster}:{DB_ROUTER}]`, and drop this relation"
            )),
        Missing::ClusterOfRouter(router, name, end) => RULE
            .diagnostic(
                format!("mysql-router `{router}` of `{application}` is not related to a mysql-innodb-cluster"),
                *name,
                format!("no `{DB_ROUTER}` relation"),
            )
            .with_label(*end, format!("`{application}` uses `{router}` here"))
            .with_note(format!("without `{DB_ROUTER}` the router has no cluster to route to, and `{application}` waits for its database"))
            .with_help(format!("add `[{router}:{DB_ROUTER}, {cluster}:{DB_ROUTER}]` to `relations`")),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    let links = links(ctx);
    let clusters: Vec<&str> =
        ctx.bundle.apps().map(|(name, ..)| name).filter(|name| is_cluster(ctx, name)).collect();
    let cluster = match clusters.as_slice() {
        [only] => *only,
        _ => "mysql-innodb-cluster",
    };
    for (name, slot, app) in ctx.bundle.apps() {
        let Some(charm) = ctx.charm_of(app) else { continue };
        let uses_router = charm
            .endpoint(SHARED_DB)
            .is_some_and(|it| it.role == Role::Requires && it.interface == MYSQL_SHARED);
        if !uses_router || is_router(ctx, name) {
            continue;
        }
        let ends: Vec<(&LinkEnd, &LinkEnd)> =
            links.iter().filter_map(|link| link.sides(name)).collect();
        let routers: Vec<(&LinkEnd, &LinkEnd)> = ends
            .iter()
            .copied()
            .filter(|(own, other)| own.may_be(SHARED_DB) && is_router(ctx, &other.application))
            .collect();
        let missing = if let Some((own, router)) = routers.first() {
            let routed = routers.iter().any(|(_, router)| {
                links.iter().filter_map(|link| link.sides(&router.application)).any(
                    |(router_end, target)| {
                        router_end.may_be(DB_ROUTER)
                            && (is_cluster(ctx, &target.application)
                                || (router_end.is(DB_ROUTER) && opaque(ctx, &target.application)))
                    },
                )
            });
            if routed {
                continue;
            }
            let Some(router_slot) = ctx.bundle.applications.get(&router.application) else {
                continue;
            };
            Missing::ClusterOfRouter(&router.application, router_slot.name.span, own.span)
        } else {
            let unjudged = ends.iter().any(|(own, other)| {
                own.may_be(SHARED_DB)
                    && (opaque(ctx, &other.application)
                        || (own.is(SHARED_DB) && !is_cluster(ctx, &other.application)))
            });
            if unjudged {
                continue;
            }
            let direct = ends
                .iter()
                .find(|(own, other)| own.is(SHARED_DB) && is_cluster(ctx, &other.application));
            match direct {
                Some((own, other)) => Missing::Direct(&other.application, own.span),
                // Without a cluster in the bundle there is no pattern to judge: a fragment,
                // another database design, or a database in another model.
                None if clusters.is_empty() => continue,
                None => Missing::Router(slot.name.span),
            }
        };
        out.push(diagnostic(name, cluster, &missing));
    }
}
