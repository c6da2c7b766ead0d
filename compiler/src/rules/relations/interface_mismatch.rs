//! # R033 interface-mismatch
//!
//! ## What it checks
//! A relation between two named endpoints, one providing and one requiring, that speak
//! different interfaces. The classic case is ceilometer's `shared-db`, which requires a
//! `mongodb` database, related to a mysql-router's `shared-db`, which provides
//! `mysql-shared`: the names match, the interfaces do not.
//!
//! The check needs both charms' facts from the catalog; it is skipped for a charm the
//! catalog does not know, and for a built-in charm deployed from another track than the
//! one the catalog describes (see R030).
//!
//! ## Why it matters
//! Two endpoints only relate when they speak the same interface: the same protocol of
//! settings exchanged by the charms. `juju deploy` does not look into charms before it
//! starts: the controller refuses the relation while the bundle is being deployed, and
//! what was deployed before that point stays, since bundle deploys are not transactional.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [ceilometer:shared-db, ceilometer-mysql-router:shared-db]
//! - [keystone:shared-db, mysql-innodb-cluster:db-router]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
//! - [keystone-mysql-router:db-router, mysql-innodb-cluster:db-router]
//! ```
//!
//! ## Fix
//! None yet. Swapping in the suggested endpoint would be unsafe: when several endpoints
//! fit, only the user knows which one is meant; the help names a fitting one.
//!
//! ## Policy
//! None: the rule reads no policy keys.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::pairs;
use crate::catalog::resolve::{
    EndpointRef, ResolveError, counterparts, describes_channel, resolve_relation, role_word,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R033",
    name: "interface-mismatch",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for the relation between `a` (its endpoint name written at `a_span`) and
/// `b` (at `b_span`), whose interfaces differ.
pub fn diagnostic(
    a: &EndpointRef<'_>,
    a_span: FileSpan,
    b: &EndpointRef<'_>,
    b_span: FileSpan,
) -> Diagnostic {
    let (a_written, b_written) = (a.written(), b.written());
    let (a_interface, b_interface) = (&a.endpoint.interface, &b.endpoint.interface);
    let b_fix = counterparts(b.charm, a.endpoint).next().map(|it| (true, &it.name));
    let a_fix = counterparts(a.charm, b.endpoint).next().map(|it| (false, &it.name));
    let suggestion = b_fix.or(a_fix);
    let label = |end: &EndpointRef<'_>| {
        format!("{} of interface `{}`", role_word(end.endpoint.role), end.endpoint.interface)
    };
    let (primary, primary_end, secondary, secondary_end) = match suggestion {
        Some((true, _)) => (b_span, b, a_span, a),
        _ => (a_span, a, b_span, b),
    };
    let help = match suggestion {
        Some((true, name)) => format!("did you mean `[{a_written}, {}:{name}]`?", b.application),
        Some((false, name)) => format!("did you mean `[{}:{name}, {b_written}]`?", a.application),
        None => format!(
            "relate `{a_written}` to an endpoint that {} `{a_interface}`, or `{b_written}` to one that {} `{b_interface}`",
            opposite_verb(a),
            opposite_verb(b)
        ),
    };
    RULE.diagnostic(
        format!(
            "`{a_written}` and `{b_written}` speak different interfaces: `{a_interface}` and `{b_interface}`"
        ),
        primary,
        label(primary_end),
    )
    .with_label(secondary, label(secondary_end))
    .with_note("two endpoints relate only when they speak the same interface")
    .with_note("Juju's controller refuses the relation while the bundle deploys; bundle deploys are not transactional, so what was deployed before this point stays")
    .with_help(help)
}

/// What the other side of `end` must do with its interface: provide or require it.
fn opposite_verb(end: &EndpointRef<'_>) -> &'static str {
    match end.endpoint.role {
        crate::catalog::Role::Requires => "provides",
        _ => "requires",
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for pair in pairs(ctx) {
        let Some([first, second]) = pair.parsed() else { continue };
        let (Some(a_span), Some(b_span)) = (first.name_span, second.name_span) else {
            continue;
        };
        let Err(ResolveError::InterfaceMismatch(a, b)) =
            resolve_relation(ctx.catalog, ctx.bundle, pair.relation)
        else {
            continue;
        };
        if !trusted(ctx, &a) || !trusted(ctx, &b) {
            continue;
        }
        out.push(diagnostic(&a, a_span, &b, b_span));
    }
}

/// Whether the catalog describes the revision of `end`'s charm that is deployed.
fn trusted(ctx: &Context<'_>, end: &EndpointRef<'_>) -> bool {
    ctx.bundle.app(end.application).is_some_and(|app| describes_channel(ctx.catalog, app))
}
