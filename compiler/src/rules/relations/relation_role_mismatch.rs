//! # R032 relation-role-mismatch
//!
//! ## What it checks
//! A relation between two named endpoints that cannot take opposite sides: both provide
//! (`[vault:certificates, keystone:identity-service]`), both require
//! (`[keystone:shared-db, keystone-mysql-router:db-router]`), or one of them is a peer
//! endpoint, which only relates the units of its own application to each other.
//! A relation always joins a providing endpoint to a requiring one.
//!
//! The check needs both charms' facts from the catalog; it is skipped for a charm the
//! catalog does not know, and for a built-in charm deployed from another track than the
//! one the catalog describes (see R030).
//!
//! ## Why it matters
//! `juju deploy` does not look into charms before it starts: the controller refuses the
//! relation while the bundle is being deployed. Bundle deploys are not transactional, so
//! what was deployed before that point stays and the model is left half-built.
//! A role mismatch usually means one side names the wrong endpoint, such as a
//! mysql-router's `db-router` where its `shared-db` was meant.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:db-router]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
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
use crate::catalog::Role;
use crate::catalog::resolve::{
    EndpointRef, ResolveError, counterparts, describes_channel, resolve_relation, role_word,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R032",
    name: "relation-role-mismatch",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for the relation between `a` (its endpoint name written at `a_span`) and
/// `b` (at `b_span`), whose roles do not fit.
pub fn diagnostic(
    a: &EndpointRef<'_>,
    a_span: FileSpan,
    b: &EndpointRef<'_>,
    b_span: FileSpan,
) -> Diagnostic {
    let (a_written, b_written) = (a.written(), b.written());
    let peer = [a, b].into_iter().find(|it| it.endpoint.role == Role::Peers);
    let message = match peer {
        Some(peer) => format!(
            "`{}` is a peer endpoint and cannot relate to another application",
            peer.written()
        ),
        None => format!(
            "relation `{a_written}` to `{b_written}` relates {} to {}",
            role_word(a.endpoint.role),
            role_word(b.endpoint.role)
        ),
    };
    let label = |end: &EndpointRef<'_>| {
        format!("{} of interface `{}`", role_word(end.endpoint.role), end.endpoint.interface)
    };
    // Where the user acts: the side a fitting endpoint would replace, else the first.
    let b_fix = counterparts(b.charm, a.endpoint).next().map(|it| (true, &it.name));
    let a_fix = counterparts(a.charm, b.endpoint).next().map(|it| (false, &it.name));
    let suggestion = b_fix.or(a_fix);
    let (primary, primary_end, secondary, secondary_end) = match suggestion {
        Some((true, _)) => (b_span, b, a_span, a),
        _ => (a_span, a, b_span, b),
    };
    let help = match suggestion {
        Some((true, name)) => format!("did you mean `[{a_written}, {}:{name}]`?", b.application),
        Some((false, name)) => format!("did you mean `[{}:{name}, {b_written}]`?", a.application),
        None => {
            "relate a providing endpoint to a requiring endpoint of the same interface".to_owned()
        }
    };
    RULE.diagnostic(message, primary, label(primary_end))
        .with_label(secondary, label(secondary_end))
        .with_note("a relation joins an endpoint that provides an interface to one that requires it; peer endpoints relate the units of one application only")
        .with_note("Juju's controller refuses the relation while the bundle deploys; bundle deploys are not transactional, so what was deployed before this point stays")
        .with_help(help)
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
        let Err(ResolveError::RoleMismatch(a, b)) =
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
