//! # R041 hacluster-without-vip
//!
//! ## What it checks
//! An hacluster subordinate related to an application's HA endpoint (`ha`) while that
//! application sets neither `vip` nor `dns-ha: true` (vault: `dns-ha-access-record`), in
//! the merged bundle. Applications whose charm has no `vip` option, or that the catalog
//! does not know, are not checked.
//!
//! An hacluster application is one deployed from the `hacluster` charm, or from a charm
//! the catalog knows to provide the `hacluster` interface. A relation written without
//! endpoint names counts when Juju would resolve it to `ha`.
//!
//! ## Why it matters
//! hacluster manages either virtual IPs or DNS records for its principal, and the
//! principal tells it which. With neither configured, the principal charm blocks with a
//! message about incorrect HA configuration as soon as the relation is made, and stays
//! blocked until one of the two is set.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 3
//!   keystone-hacluster:
//!     charm: hacluster
//! relations:
//! - [keystone:ha, keystone-hacluster:ha]
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 3
//!     options:
//!       vip: 10.12.4.50
//! ```
//!
//! ## Fix
//! None yet. The missing value is a site address (or a DNS setup), which bundlec cannot
//! choose; dropping the relation instead would remove the HA the bundle asks for.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::links::{dns_ha, ha_principals, is_hacluster, links, vip};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Application, Value};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R041",
    name: "hacluster-without-vip",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for `principal`, related to `hacluster` at `relation_end` (the hacluster
/// end of the relation), with neither HA setting; `at` is where its settings go (its
/// `options` key, or its name) and `dns_ha` whether its charm offers `dns-ha`.
pub fn diagnostic(
    principal: &str,
    hacluster: &str,
    at: FileSpan,
    relation_end: FileSpan,
    dns_ha: bool,
) -> Diagnostic {
    let settings = if dns_ha { "neither `vip` nor `dns-ha: true`" } else { "no `vip`" };
    RULE.diagnostic(
        format!("`{principal}` is related to hacluster `{hacluster}` but sets {settings}"),
        at,
        format!("no address for `{hacluster}` to manage"),
    )
    .with_label(relation_end, format!("`{hacluster}` related to `{principal}` here"))
    .with_note("hacluster manages a VIP or DNS records for its principal; with neither set, the principal charm blocks on its HA configuration")
    .with_help(format!(
        "set `vip` on `{principal}` (one address per network it serves), or remove the relation to `{hacluster}`"
    ))
}

/// Whether `app` configures DNS HA: `dns-ha: true`, or a non-empty `dns-ha-*` record.
fn dns_ha_configured(app: &Application) -> bool {
    dns_ha(app).is_some()
        || app.options.iter().flat_map(|options| options.get().iter()).any(|(name, field)| {
            name.starts_with("dns-ha-")
                && matches!(field.get(), Value::Str(text) if !text.text.trim().is_empty())
        })
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    let links = links(ctx);
    for (hacluster, _, _) in ctx.bundle.apps() {
        if !is_hacluster(ctx, hacluster) {
            continue;
        }
        let mut seen = Vec::new();
        for (principal_end, link) in ha_principals(ctx, &links, hacluster) {
            let principal = principal_end.application.as_str();
            if seen.contains(&principal) {
                continue;
            }
            seen.push(principal);
            let Some(slot) = ctx.bundle.applications.get(principal) else { continue };
            let Some(app) = slot.body.as_ref() else { continue };
            let Some(charm) = ctx.charm_of(app) else { continue };
            if charm.option("vip").is_none() || vip(app).is_some() || dns_ha_configured(app) {
                continue;
            }
            let at = app.options.as_ref().map_or(slot.name.span, |options| options.key);
            let Some((hacluster_end, _)) = link.sides(hacluster) else { continue };
            out.push(diagnostic(
                principal,
                hacluster,
                at,
                hacluster_end.span,
                charm.option("dns-ha").is_some(),
            ));
        }
    }
}
