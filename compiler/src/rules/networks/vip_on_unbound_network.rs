//! # N008 vip-on-unbound-network
//!
//! ## What it checks
//! A VIP address on a network that none of the application's bindings reach.
//! Every binding counts: the default (`""`) and each endpoint; a binding's space reaches
//! the network `[spaces.known]` gives it.
//! The network of an address comes from its position (`[vips] networks`), or from the
//! CIDR that holds it.
//!
//! Applications without `bindings` are skipped, and so are applications with a binding to
//! a space the site does not know (N010 reports it, and that space may be the one that
//! reaches the network).
//!
//! ## Why it matters
//! The cluster brings a VIP up on an interface of the unit that already has an address on
//! the VIP's network.
//! A unit with no binding to that network has no such interface (its container is not
//! even given one), so the VIP cannot come up and the service is unreachable on it.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [[networks]]
//! name = "provider"
//! cidr = "10.12.4.0/22"
//!
//! [[networks]]
//! name = "metal"
//! cidr = "10.12.8.0/22"
//!
//! [spaces.known]
//! metal = "metal"
//! provider = "provider"
//! ```
//! Flagged (nothing binds `glance` to `provider`):
//! ```yaml
//! applications:
//!   glance:
//!     charm: glance
//!     options:
//!       vip: "10.12.4.51 10.12.8.51"
//!     bindings:
//!       "": metal
//! ```
//! Accepted: with `public: provider` under `bindings`.
//!
//! ## Fix
//! None yet.
//! Which endpoint should serve the address is the operator's choice, and a new binding
//! changes the deployment, so a fix would be unsafe.
//!
//! ## Policy
//! Reads `[spaces.known]` (space to network), `[[networks]]` (`name`, `cidr`) and
//! `[vips]` (`networks`, `options`).
//! Does nothing without `[spaces.known]`.
//! Error by default.

use std::collections::HashSet;

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{network_name, vips};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N008",
    name: "vip-on-unbound-network",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for the address written at `span`, described by `subject` (e.g.
/// "VIP `10.12.4.51` of `glance`"), on `network`, which the application's `bindings`
/// (key at `bindings`, reaching `reached`) do not reach; `space` is a space holding that
/// network, if the site has one.
pub fn diagnostic(
    subject: &str,
    span: FileSpan,
    network: &str,
    bindings: FileSpan,
    reached: &[&str],
    space: Option<&str>,
) -> Diagnostic {
    let reach = if reached.is_empty() {
        "no network of the site".to_owned()
    } else {
        format!("only {}", reached.join(", "))
    };
    let help = match space {
        Some(space) => format!("bind the endpoint that serves this address to space `{space}`"),
        None => format!(
            "no space of the site holds the {network} network; use an address of a bound network"
        ),
    };
    RULE.diagnostic(
        format!("{subject} is on the {network} network, which none of its bindings reach"),
        span,
        format!("on {network}"),
    )
    .with_label(bindings, format!("these bindings reach {reach}"))
    .with_note("the cluster can only bring a VIP up on a network its units have an interface on")
    .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let known = &ctx.policy.raw.spaces.known;
    if ctx.scope != Scope::Merged || known.is_empty() {
        return;
    }
    for vip in vips(ctx) {
        let Some(bindings) = ctx.bundle.app(vip.app).and_then(|app| app.bindings.as_ref()) else {
            continue;
        };
        let spaces: Option<Vec<&str>> = bindings
            .get()
            .values()
            .map(|space| known.get(space.get()).map(|network| network.get().as_str()))
            .collect();
        // A binding to an unknown space may reach any network; N010 reports it.
        let Some(reached) = spaces else { continue };
        let mut seen = HashSet::new();
        let reached: Vec<&str> = reached.into_iter().filter(|it| seen.insert(*it)).collect();
        for address in &vip.addresses {
            let Some(network) = address.network.and_then(|idx| network_name(ctx.policy, idx))
            else {
                continue;
            };
            if reached.contains(&network) {
                continue;
            }
            let space = known
                .iter()
                .find(|(_, holds)| holds.get() == network)
                .map(|(space, _)| space.as_str());
            let found = diagnostic(
                &vip.subject(address),
                address.span,
                network,
                bindings.key,
                &reached,
                space,
            );
            out.push(vip.with_use_site(found));
        }
    }
}
