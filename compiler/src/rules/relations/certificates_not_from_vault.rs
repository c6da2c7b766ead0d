//! # R044 certificates-not-from-vault
//!
//! ## What it checks
//! When the site policy names the application that issues TLS certificates
//! (`[tls] provider`, usually `vault`), every application whose charm requires
//! certificates (an endpoint with interface `tls-certificates`, `certificates` in the
//! OpenStack charms) must be related to that provider, in the merged bundle. Applications
//! and charms listed in `[tls] exempt` are skipped, and so are applications whose charm the
//! catalog does not know.
//!
//! A relation written without endpoint names counts when it joins the application to the
//! provider and Juju would resolve it to the certificates endpoint, or bundlec cannot
//! tell. So does a relation between the application and the provider that names an
//! endpoint its charm does not define: R030 reports the name, and this rule does not judge
//! the relation a second time. When the provider is neither an application nor a SAAS
//! entry of the bundle, the rule reports nothing: bundlec cannot tell a typo in the policy
//! from a bundle without TLS.
//!
//! ## Why it matters
//! A charm uses the site's certificates only once it receives them over this relation.
//! Without it, an OpenStack API charm keeps serving plain HTTP (or certificates from
//! elsewhere) and registers `http://` URLs in the service catalog, so clients that rely
//! on the site's certificate authority are not protected by it; the OVN charms wait for
//! certificates instead of starting. Juju reports nothing: the relation is the charm's
//! business, not the bundle's.
//!
//! ## Example
//! With `[tls] provider = "vault"`, flagged:
//! ```yaml
//! applications:
//!   keystone: {charm: keystone, num_units: 1}
//!   vault: {charm: vault, num_units: 1}
//! relations: []
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:certificates, vault:certificates]
//! ```
//!
//! ## Fix
//! None yet. Adding the relation would be safe to offer, but it changes what gets
//! deployed (the service moves to HTTPS), so it would be an unsafe fix.
//!
//! ## Policy
//! `[tls] provider`: the application that issues certificates; without it the rule does
//! not run. `[tls] exempt`: application or charm names that take no certificates from it,
//! e.g. `exempt = ["rabbitmq-server"]` for a site that keeps AMQP without TLS.
//! Warning by default.

#![expect(
    clippy::doc_markdown,
    reason = "the user documentation names products (OpenStack, MySQL), not code"
)]

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::links::{TLS_CERTIFICATES, endpoint_with, links};
use crate::catalog::Role;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R044",
    name: "certificates-not-from-vault",
    family: Family::Relations,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where an application's certificates come from instead.
pub enum Instead<'a> {
    /// Nowhere: the application's name is at the span.
    Nowhere(FileSpan),
    /// From the application named, related at the first application's end at the span.
    Other(&'a str, FileSpan),
}

/// The diagnostic for `application`, whose certificates endpoint `endpoint` is not related
/// to `provider` (`provider_endpoint`), which the policy names at `policy_span`.
pub fn diagnostic(
    application: &str,
    endpoint: &str,
    provider: &str,
    provider_endpoint: &str,
    instead: &Instead<'_>,
    policy_span: Option<FileSpan>,
) -> Diagnostic {
    let mut diagnostic = match instead {
        Instead::Nowhere(name) => RULE.diagnostic(
            format!("`{application}` takes no certificates from `{provider}`"),
            *name,
            format!("`{application}:{endpoint}` not related to `{provider}`"),
        ),
        Instead::Other(other, end) => RULE.diagnostic(
            format!("`{application}` takes its certificates from `{other}`, not `{provider}`"),
            *end,
            format!("related to `{other}` here"),
        ),
    };
    if let Some(span) = policy_span {
        diagnostic = diagnostic.with_label(span, "the site's certificates come from here");
    }
    diagnostic
        .with_note(format!("the charm gets the site's certificates only from `{provider}` over this relation; without it the service runs without them, or with certificates the site does not manage"))
        .with_help(format!(
            "relate `[{application}:{endpoint}, {provider}:{provider_endpoint}]`, or list `{application}` under `[tls] exempt` in the policy"
        ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    let tls = &ctx.policy.raw.tls;
    let Some(written) = tls.provider.as_ref() else { return };
    let provider = written.get().as_str();
    if !ctx.bundle.applications.contains_key(provider) && !ctx.bundle.saas.contains_key(provider) {
        return;
    }
    let provider_endpoint = ctx
        .bundle
        .app(provider)
        .and_then(|app| ctx.charm_of(app))
        .and_then(|charm| endpoint_with(charm, Role::Provides, TLS_CERTIFICATES))
        .map_or("certificates", |it| it.name.as_str());
    let links = links(ctx);
    for (name, slot, app) in ctx.bundle.apps() {
        if name == provider {
            continue;
        }
        let Some(charm) = ctx.charm_of(app) else { continue };
        let Some(endpoint) = endpoint_with(charm, Role::Requires, TLS_CERTIFICATES) else {
            continue;
        };
        let exempt = tls.exempt.iter().any(|it| {
            let it = it.get().as_str();
            it == name || app.charm_name() == Some(it)
        });
        if exempt {
            continue;
        }
        let ends: Vec<_> = links.iter().filter_map(|link| link.sides(name)).collect();
        let served = ends.iter().any(|(own, other)| {
            other.application == provider
                && own.may_be(&endpoint.name)
                && other.may_be(provider_endpoint)
        });
        if served {
            continue;
        }
        let instead = ends
            .iter()
            .find(|(own, _)| own.is(&endpoint.name))
            .map_or(Instead::Nowhere(slot.name.span), |(own, other)| {
                Instead::Other(&other.application, own.span)
            });
        out.push(diagnostic(
            name,
            &endpoint.name,
            provider,
            provider_endpoint,
            &instead,
            ctx.policy.span_of(written),
        ));
    }
}
