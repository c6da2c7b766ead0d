//! # N051 subordinate-space-mismatch
//!
//! ## What it checks
//! A subordinate application bound to a space that one of its principals is not bound
//! to. A subordinate's principals are the applications it is related to through a
//! container-scoped relation (`ovn-chassis:nova-compute` to `nova-compute:neutron-plugin`,
//! `keystone-hacluster:ha` to `keystone:ha`, ...). A principal's spaces are the values of
//! its `bindings` (the default `""` included) and the positive `spaces=` of its
//! `constraints`; every space a subordinate binds must be among them.
//!
//! Only what the bundle says is compared. A principal without a `""` binding is skipped:
//! its unbound endpoints use the model's default space, which the bundle does not name.
//! For the same reason a subordinate's endpoints that are not bound explicitly are not
//! checked.
//!
//! ## Why it matters
//! A subordinate unit lives inside its principal's unit, on the principal's machine or
//! container, which Juju gives network devices only in the spaces the principal needs. A
//! subordinate endpoint bound elsewhere has no address in its space there: its unit fails
//! to set up its network, or talks over the wrong network. Juju's documentation asks for a
//! subordinate's bindings to be a subset of its principal's.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! nova-compute:
//!   charm: nova-compute
//!   bindings:
//!     "": metal
//! ovn-chassis:
//!   charm: ovn-chassis
//!   bindings:
//!     "": metal
//!     data: data        # nova-compute is not bound to `data`
//! ```
//! Accepted: `nova-compute` also binds an endpoint to `data`
//! (`neutron-plugin: data`), or has `constraints: spaces=data`.
//!
//! ## Fix
//! None yet. Adding a binding to the principal would be unsafe: which of its endpoints
//! belongs on that network is the user's decision.
//!
//! ## Policy
//! None: the rule reads no policy keys.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::catalog::Scope as EndpointScope;
use crate::catalog::resolve::resolve_relation;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Application;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N051",
    name: "subordinate-space-mismatch",
    family: Family::Networks,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// A principal that lacks a space its subordinate binds.
pub struct Lacking<'a> {
    /// The principal application.
    pub application: &'a str,
    /// The spaces it is bound to, sorted.
    pub spaces: Vec<&'a str>,
    /// Where its bindings are written.
    pub span: FileSpan,
}

/// The diagnostic for subordinate `subordinate`, whose endpoint `endpoint` is bound to
/// `space` (the value written at `span`), a space the principals in `lacking` lack.
pub fn diagnostic(
    subordinate: &str,
    endpoint: &str,
    space: &str,
    span: FileSpan,
    lacking: &[Lacking<'_>],
) -> Diagnostic {
    let binding = if endpoint.is_empty() {
        "its default binding".to_owned()
    } else {
        format!("`{endpoint}`")
    };
    let names: Vec<String> = lacking.iter().map(|it| format!("`{}`", it.application)).collect();
    let principals = match names.as_slice() {
        [one] => format!("its principal {one} is"),
        _ => format!("its principals {} are", names.join(", ")),
    };
    let mut diagnostic = RULE.diagnostic(
        format!(
            "subordinate `{subordinate}` binds {binding} to space `{space}`, which {principals} not bound to"
        ),
        span,
        format!("`{space}` is not a space of the principal"),
    );
    for principal in lacking {
        let spaces: Vec<String> = principal.spaces.iter().map(|it| format!("`{it}`")).collect();
        diagnostic = diagnostic.with_label(
            principal.span,
            format!("`{}` is bound to {}", principal.application, spaces.join(", ")),
        );
    }
    diagnostic
        .with_note("a subordinate unit runs inside its principal's unit, which Juju connects only to the spaces the principal is bound to; an endpoint bound to another space has no address there")
        .with_help(format!(
            "bind {} to a space of the principal, or bind an endpoint of the principal to `{space}`",
            if endpoint.is_empty() { format!("the default binding `\"\"` of `{subordinate}`") } else { format!("`{endpoint}` of `{subordinate}`") }
        ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged || ctx.bundle.is_kubernetes() {
        return;
    }
    let bundle = ctx.bundle;
    // Subordinate application -> its principals, from the container-scoped relations.
    let mut principals: IndexMap<&str, Vec<&str>> = IndexMap::new();
    for relation in &bundle.relations {
        let Ok((a, b)) = resolve_relation(ctx.catalog, bundle, relation) else { continue };
        if a.endpoint.scope != EndpointScope::Container
            && b.endpoint.scope != EndpointScope::Container
        {
            continue;
        }
        for (sub, principal) in [(a, b), (b, a)] {
            if sub.charm.subordinate && !principal.charm.subordinate {
                let list = principals.entry(sub.application).or_default();
                if !list.contains(&principal.application) {
                    list.push(principal.application);
                }
            }
        }
    }
    for (subordinate, principal_names) in &principals {
        let Some(bindings) = bundle.app(subordinate).and_then(|app| app.bindings.as_ref()) else {
            continue;
        };
        let known: Vec<(&str, BTreeSet<&str>, FileSpan)> = principal_names
            .iter()
            .filter_map(|name| {
                let app = bundle.app(name)?;
                let spaces = bound_spaces(app)?;
                Some((*name, spaces, app.bindings.as_ref()?.key))
            })
            .collect();
        let mut reported = BTreeSet::new();
        for (endpoint, field) in bindings.get() {
            let space = field.get().as_str();
            let lacking: Vec<Lacking<'_>> = known
                .iter()
                .filter(|(_, spaces, _)| !spaces.contains(space))
                .map(|(name, spaces, span)| Lacking {
                    application: name,
                    spaces: spaces.iter().copied().collect(),
                    span: *span,
                })
                .collect();
            if lacking.is_empty() || !reported.insert(space) {
                continue;
            }
            out.push(diagnostic(subordinate, endpoint, space, field.value.use_site(), &lacking));
        }
    }
}

/// The spaces `app` is connected to, when the bundle names all of them: its binding values
/// (a `""` binding required) and the positive `spaces=` of its constraints.
fn bound_spaces(app: &Application) -> Option<BTreeSet<&str>> {
    let bindings = app.bindings.as_ref()?.get();
    bindings.get("")?;
    let mut spaces: BTreeSet<&str> = bindings.values().map(|field| field.get().as_str()).collect();
    if let Some(constraints) = &app.constraints {
        for token in constraints.get().split_whitespace() {
            if let Some(list) = token.strip_prefix("spaces=") {
                spaces.extend(list.split(',').filter(|it| !it.is_empty() && !it.starts_with('^')));
            }
        }
    }
    Some(spaces)
}
