//! # R043 shared-mysql-router
//!
//! ## What it checks
//! One mysql-router application related on its `shared-db` endpoint to two or more
//! applications, in the merged bundle. Routers are recognised by charm name
//! (`mysql-router`) or by the catalog's interfaces; a relation written without endpoint
//! names counts only when Juju would certainly resolve it to `shared-db`.
//!
//! ## Why it matters
//! A router is a subordinate: it gets a unit inside every unit of every application it
//! is related to, and its options, channel and upgrades apply to all of them at once.
//! Charmed OpenStack deploys one router per database user, named `<app>-mysql-router`, so
//! that each application's database access can be configured, upgraded or removed on its
//! own. With a shared router, removing or reconfiguring it for one application cuts off
//! or changes the database of the other.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [keystone:shared-db, mysql-router:shared-db]
//! - [glance:shared-db, mysql-router:shared-db]
//! - [mysql-router:db-router, mysql-innodb-cluster:db-router]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
//! - [keystone-mysql-router:db-router, mysql-innodb-cluster:db-router]
//! - [glance:shared-db, glance-mysql-router:shared-db]
//! - [glance-mysql-router:db-router, mysql-innodb-cluster:db-router]
//! ```
//!
//! ## Fix
//! None yet. Splitting the router means adding applications, which is unsafe to do
//! automatically: their names, channels and bindings are the site's choice.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only. Warning by default: a
//! shared router works, but against the convention.

#![expect(
    clippy::doc_markdown,
    reason = "the user documentation names products (OpenStack, MySQL), not code"
)]

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::links::{MYSQL_SHARED, endpoint_with, is_router, links};
use crate::catalog::Role;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R043",
    name: "shared-mysql-router",
    family: Family::Relations,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for `router`, related to each of `users` (an application, and the
/// router's end of that relation), in order; `None` unless there are two or more.
pub fn diagnostic(router: &str, users: &[(&str, FileSpan)]) -> Option<Diagnostic> {
    let [(first, first_end), (second, second_end), rest @ ..] = users else { return None };
    let names: Vec<String> = users.iter().map(|(user, _)| format!("`{user}`")).collect();
    let mut diagnostic = RULE
        .diagnostic(
            format!(
                "mysql-router `{router}` serves {} applications: {}",
                users.len(),
                names.join(", ")
            ),
            *second_end,
            format!("also serves `{second}` here"),
        )
        .with_label(*first_end, format!("serves `{first}` here"));
    for (user, end) in rest {
        diagnostic = diagnostic.with_label(*end, format!("and `{user}` here"));
    }
    let own = format!("{second}-mysql-router");
    Some(
        diagnostic
            .with_note("a router is a subordinate of every application it serves; its options and upgrades apply to all of them, and removing it cuts off each one's database")
            .with_help(format!(
                "give `{second}` a router of its own, e.g. `{own}`, related to `{second}:shared-db` and to the cluster's `db-router`"
            )),
    )
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    let links = links(ctx);
    for (router, _, app) in ctx.bundle.apps() {
        if !is_router(ctx, router) {
            continue;
        }
        let endpoint = ctx
            .charm_of(app)
            .and_then(|charm| endpoint_with(charm, Role::Provides, MYSQL_SHARED))
            .map_or("shared-db", |it| it.name.as_str());
        let mut users: Vec<(&str, FileSpan)> = Vec::new();
        for (own, other) in links.iter().filter_map(|link| link.sides(router)) {
            let user_endpoint = ctx
                .bundle
                .app(&other.application)
                .and_then(|user| ctx.charm_of(user))
                .and_then(|charm| endpoint_with(charm, Role::Requires, MYSQL_SHARED))
                .map(|it| it.name.as_str());
            let on_shared_db = own.is(endpoint) || user_endpoint.is_some_and(|it| other.is(it));
            if on_shared_db && users.iter().all(|(user, _)| *user != other.application) {
                users.push((&other.application, own.span));
            }
        }
        if let Some(diagnostic) = diagnostic(router, &users) {
            out.push(diagnostic);
        }
    }
}
