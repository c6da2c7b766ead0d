//! # R040 vip-without-hacluster
//!
//! ## What it checks
//! An application that sets `vip` while nothing is related to its HA endpoint (`ha`,
//! interface `hacluster`), in the merged bundle. Only charms that have such an endpoint
//! are checked, so the catalog must know the charm.
//!
//! A relation written without endpoint names, such as `[keystone, keystone-hacluster]`,
//! counts when Juju would resolve it to `ha`, and also when bundlec cannot tell because a
//! charm is unknown and the other application is an hacluster subordinate. An application
//! whose VIP is served by a load balancer instead (vault's `lb-provider`) is left alone.
//!
//! ## Why it matters
//! A VIP is an address that pacemaker moves between the units of an application, and only
//! an hacluster subordinate runs pacemaker. Without one, the charm publishes its unit's
//! own address in the service catalog and the VIP answers nothing: clients, DNS records
//! and firewall rules that were written for the VIP reach no service. Juju reports no
//! problem, because the deploy itself succeeds.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     options:
//!       vip: 10.12.4.50
//!   keystone-hacluster:
//!     charm: hacluster
//! relations: []
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:ha, keystone-hacluster:ha]
//! ```
//!
//! ## Fix
//! None yet. Adding the relation would be unsafe to do automatically when no hacluster
//! application exists (a new application must be named, configured and placed), and
//! removing `vip` changes the addresses clients use.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::links::{HACLUSTER, endpoint_with, is_hacluster, links, vip};
use crate::catalog::Role;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R040",
    name: "vip-without-hacluster",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for `application`, whose `vip` key is at `vip_key`, with nothing related
/// to its HA endpoint `endpoint`; `idle` is an hacluster application named after it that
/// is not related to it, if there is one.
pub fn diagnostic(
    application: &str,
    endpoint: &str,
    vip_key: FileSpan,
    idle: Option<(&str, FileSpan)>,
) -> Diagnostic {
    let mut diagnostic = RULE.diagnostic(
        format!("`{application}` sets `vip` but has no hacluster relation on `{endpoint}`"),
        vip_key,
        "no hacluster brings this VIP up",
    );
    let hacluster = match idle {
        Some((name, span)) => {
            diagnostic =
                diagnostic.with_label(span, format!("not related to `{application}:{endpoint}`"));
            name.to_owned()
        }
        None => format!("{application}-hacluster"),
    };
    let deploy = if idle.is_some() {
        String::new()
    } else {
        format!("deploy an hacluster subordinate `{hacluster}` and ")
    };
    diagnostic
        .with_note("only an hacluster subordinate configures the VIP; without it the charm publishes its unit's own address and the VIP answers nothing")
        .with_help(format!(
            "{deploy}add `[{application}:{endpoint}, {hacluster}:ha]` to `relations`, or remove `vip`"
        ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    let links = links(ctx);
    for (name, _, app) in ctx.bundle.apps() {
        let Some(vip) = vip(app) else { continue };
        let Some(charm) = ctx.charm_of(app) else { continue };
        let Some(ha) = endpoint_with(charm, Role::Requires, HACLUSTER) else { continue };
        let load_balancer = endpoint_with(charm, Role::Requires, "loadbalancer");
        let served = links.iter().filter_map(|link| link.sides(name)).any(|(own, other)| {
            own.is(&ha.name)
                || (own.name().is_none() && is_hacluster(ctx, &other.application))
                || load_balancer.is_some_and(|lb| own.is(&lb.name))
        });
        if served {
            continue;
        }
        let idle = [format!("{name}-hacluster"), format!("hacluster-{name}")].into_iter().find_map(
            |candidate| {
                let slot = ctx.bundle.applications.get(&candidate)?;
                is_hacluster(ctx, &candidate).then_some((slot.name.value.as_str(), slot.name.span))
            },
        );
        out.push(diagnostic(name, &ha.name, vip.key, idle));
    }
}
