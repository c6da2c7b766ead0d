//! # N011 bridge-on-wrong-nic
//!
//! ## What it checks
//! Each `bridge:interface` pair of an application's `bridge-interface-mappings` against
//! the site's NICs.
//! When `[bridges]` says which network the bridge carries and `[nics]` names that
//! network's NIC, the interface must be that NIC.
//! When the policy does not know the bridge, the interface must still be the NIC of some
//! network of the site.
//! Pairs are split at their first colon; an interface given as a MAC address is skipped,
//! as the policy names NICs, not MACs.
//! A value that comes through a YAML anchor is reported at the anchor's value, with the
//! application that uses it marked.
//!
//! ## Why it matters
//! The charm plugs the named interface into the bridge on every unit.
//! The wrong NIC puts tenant or external traffic on a network that does not carry it
//! (often the management network, which then loses its own connectivity), and an
//! interface that does not exist leaves the bridge without a port.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [[networks]]
//! name = "data"
//! cidr = "10.12.12.0/22"
//!
//! [nics]
//! data = "enp8s0"
//!
//! [bridges]
//! br-ex = "data"
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   ovn-chassis:
//!     charm: ovn-chassis
//!     options:
//!       bridge-interface-mappings: br-ex:enp9s0
//! ```
//! Accepted: `bridge-interface-mappings: br-ex:enp8s0`.
//!
//! ## Fix
//! None yet.
//! Replacing the interface with the policy's NIC would be safe to compute but changes
//! the hosts' network wiring, so it would be unsafe.
//!
//! ## Policy
//! Reads `[nics]` (network to NIC) and `[bridges]` (bridge to network).
//! Does nothing without `[nics]`.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{backticked, is_mac, pairs};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N011",
    name: "bridge-on-wrong-nic",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The option this rule reads (the OVN chassis charms).
// LIMIT: `data-port` of the older Open vSwitch charms (same `bridge:interface` pairs) is not
// checked.
const OPTION: &str = "bridge-interface-mappings";

/// What the policy expects of the bridge.
pub enum Expected<'a> {
    /// The bridge carries `network`, whose NIC is `nic`.
    Nic {
        /// The network the bridge carries.
        network: &'a str,
        /// Its NIC.
        nic: &'a str,
        /// Where `[nics]` names the NIC.
        nic_span: Option<FileSpan>,
        /// Where `[bridges]` names the bridge's network.
        bridge_span: Option<FileSpan>,
    },
    /// The policy does not know the bridge; its interface must be one of `nics`.
    AnyOf {
        /// The site's NICs with their networks, e.g. "`enp8s0` for data".
        nics: &'a str,
    },
}

/// The diagnostic for the interface written at `span` that `app` connects to a bridge,
/// against what the policy `expected`; `pair` is `(bridge, interface)`, `None` when the
/// option is secret.
pub fn diagnostic(
    app: &str,
    pair: Option<(&str, &str)>,
    span: FileSpan,
    expected: &Expected<'_>,
) -> Diagnostic {
    let subject = match pair {
        Some((bridge, interface)) => {
            format!("`{app}` connects bridge `{bridge}` to `{interface}`")
        }
        None => format!("`{app}` connects a bridge to an interface"),
    };
    let note = "the charm plugs this interface into the bridge on every unit, so a wrong \
                interface puts the bridge's traffic on another network";
    match expected {
        Expected::Nic { network, nic, nic_span, bridge_span } => {
            let mut diagnostic = RULE
                .diagnostic(
                    format!("{subject}, but the site carries the {network} network on `{nic}`"),
                    span,
                    format!("not the {network} NIC"),
                )
                .with_note(note)
                .with_help(format!("connect the bridge to `{nic}`"));
            if let Some(bridge_span) = bridge_span {
                diagnostic =
                    diagnostic.with_label(*bridge_span, format!("the bridge carries {network}"));
            }
            if let Some(nic_span) = nic_span {
                diagnostic = diagnostic.with_label(*nic_span, format!("the {network} NIC"));
            }
            diagnostic
        }
        Expected::AnyOf { nics } => RULE
            .diagnostic(
                format!("{subject}, which is not the NIC of any site network"),
                span,
                "not a NIC of the site",
            )
            .with_note(note)
            .with_help(format!(
                "use a NIC of the site ({nics}), or give the bridge its network in `[bridges]`"
            )),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let policy = ctx.policy;
    let nics = &policy.raw.nics;
    if ctx.scope != Scope::Merged || nics.is_empty() {
        return;
    }
    let all_nics = nics
        .iter()
        .map(|(network, nic)| format!("{} for {network}", backticked([nic.get().as_str()])))
        .collect::<Vec<_>>()
        .join(", ");
    for (app, _, body) in ctx.bundle.apps() {
        let Some(field) = body.option(OPTION) else { continue };
        let secret = policy.is_secret(app, OPTION);
        for pair in pairs(ctx, field) {
            if is_mac(&pair.right) {
                continue;
            }
            let network = policy.raw.bridges.get(&pair.left);
            let expected = match network.map(|it| (it, nics.get(it.get()))) {
                Some((network, Some(nic))) if nic.get() != &pair.right => Expected::Nic {
                    network: network.get(),
                    nic: nic.get(),
                    nic_span: policy.span_of(nic),
                    bridge_span: policy.span_of(network),
                },
                None if !nics.values().any(|nic| nic.get() == &pair.right) => {
                    Expected::AnyOf { nics: &all_nics }
                }
                _ => continue,
            };
            let shown = (!secret).then_some((pair.left.as_str(), pair.right.as_str()));
            let mut found = diagnostic(app, shown, pair.right_span, &expected);
            if let Some(alias) = field.value.alias {
                found = found.with_label(alias, format!("used by `{app}` here"));
            }
            out.push(found);
        }
    }
}
