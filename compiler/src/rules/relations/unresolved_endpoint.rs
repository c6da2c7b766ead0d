//! # R031 unresolved-endpoint
//!
//! ## What it checks
//! A relation that leaves out an endpoint name (`[placement, keystone]`, or
//! `[keystone:certificates, vault]`) where Juju cannot work out which endpoints are meant:
//! - no pair fits: no endpoint of one application shares an interface with an endpoint of
//!   the other that takes the opposite side (one provides, the other requires);
//! - several pairs fit, and dropping the pairs that use the `juju-info` endpoint every
//!   application provides implicitly does not leave exactly one.
//!
//! Juju infers endpoints the same way: peers are never candidates, and the implicit
//! `juju-info` only wins when nothing else fits. `[keystone, keystone-hacluster]` resolves
//! to `ha`, because the other candidates use `juju-info`.
//!
//! The check needs the facts of both charms: it is skipped when the catalog does not know
//! a charm, may lack some of its endpoints, or describes another track than the one
//! deployed (see R030).
//!
//! ## Why it matters
//! The bundle client passes the names on as written; the controller infers the endpoints
//! while the bundle deploys and stops with "no relations found" or "ambiguous relation".
//! Everything deployed before that point stays: bundle deploys are not transactional.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [keystone-hacluster, ceph-mon]       # two pairs, both through juju-info
//! - [keystone:identity-service, vault]   # vault requires no `keystone` interface
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone, keystone-hacluster]   # resolves to `ha`
//! - [placement, keystone]            # resolves to `identity-service`
//! ```
//!
//! ## Fix
//! None yet. For an ambiguous relation, naming one of the candidates would be unsafe:
//! only the user knows which relation is meant. The help lists the candidates.
//!
//! ## Policy
//! None: the rule reads no policy keys.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::pairs;
use crate::catalog::resolve::{
    EndpointRef, ResolveError, describes_channel, knows_all_endpoints, resolve_relation,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::relation::Endpoint;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R031",
    name: "unresolved-endpoint",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Why the endpoints cannot be inferred.
pub enum Unresolved<'a> {
    /// No pair fits.
    NoCandidates,
    /// These pairs fit, and Juju cannot choose.
    Ambiguous(&'a [(EndpointRef<'a>, EndpointRef<'a>)]),
}

/// The diagnostic for the relation between `first` and `second` (as written), at least one
/// of which names no endpoint.
pub fn diagnostic(first: &Endpoint, second: &Endpoint, why: &Unresolved<'_>) -> Diagnostic {
    let [unnamed, other] = if first.name.is_none() { [first, second] } else { [second, first] };
    let written = |end: &Endpoint| match &end.name {
        Some(name) => format!("{}:{name}", end.application),
        None => end.application.clone(),
    };
    let (a, b) = (written(first), written(second));
    let (message, label, note, help) = match why {
        Unresolved::NoCandidates => (
            format!("no endpoints of `{a}` and `{b}` can be related"),
            "no endpoint of this application fits the other side".to_owned(),
            format!(
                "Juju's controller stops the deployment here: cannot infer endpoint between {a} and {b}: no relations found"
            ),
            "relate endpoints that share an interface, one providing and one requiring it, or remove the relation".to_owned(),
        ),
        Unresolved::Ambiguous(candidates) => {
            let listed: Vec<String> = candidates
                .iter()
                .map(|(x, y)| format!("`[{}, {}]`", x.written(), y.written()))
                .collect();
            (
                format!(
                    "relation between `{a}` and `{b}` is ambiguous: {} endpoint pairs fit",
                    candidates.len()
                ),
                "name the endpoint".to_owned(),
                format!(
                    "Juju's controller stops the deployment here: ambiguous relation: \"{a} {b}\" could refer to several relations; pairs using the implicit `juju-info` are dropped only when that leaves one"
                ),
                format!("write the endpoints of the relation you mean: {}", listed.join(", ")),
            )
        }
    };
    let other_span = other.name_span.unwrap_or(other.application_span);
    RULE.diagnostic(message, unnamed.application_span, label)
        .with_label(other_span, "the other side")
        .with_note(note)
        .with_note("bundle deploys are not transactional: what was deployed before this point stays, and the model is left half-built")
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for pair in pairs(ctx) {
        let Some([first, second]) = pair.parsed() else { continue };
        if first.name.is_some() && second.name.is_some() {
            continue;
        }
        let trusted = [first, second].iter().all(|end| {
            ctx.bundle.app(&end.application).is_some_and(|app| {
                ctx.charm_of(app).is_some_and(knows_all_endpoints)
                    && describes_channel(ctx.catalog, app)
            })
        });
        if !trusted {
            continue;
        }
        match resolve_relation(ctx.catalog, ctx.bundle, pair.relation) {
            Err(ResolveError::NoCandidates) => {
                out.push(diagnostic(first, second, &Unresolved::NoCandidates));
            }
            Err(ResolveError::Ambiguous(candidates)) => {
                out.push(diagnostic(first, second, &Unresolved::Ambiguous(&candidates)));
            }
            _ => {}
        }
    }
}
