//! # N003 vip-on-reserved-address
//!
//! ## What it checks
//! A VIP address that the policy reserves for a host, such as a gateway or the MAAS
//! controller (`[networks.reserved]`), on any network.
//! The message names the host that holds the address.
//!
//! A reserved address is reported here only, not by N001 or N002 as well, even when it is
//! also outside the VIP range or in a stale range.
//! VIPs are found quoted or plain, through a YAML anchor (the diagnostic points at the
//! anchor's value) or set by an overlay.
//!
//! ## Why it matters
//! The address already answers on the network.
//! A VIP on it takes the address away from that host whenever the cluster brings the VIP
//! up: the host (often infrastructure the whole deployment relies on) and the service
//! behind the VIP both become unreachable at random.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [[networks]]
//! name = "metal"
//! cidr = "10.12.8.0/22"
//! [networks.reserved]
//! "10.12.8.10" = "MAAS controller"
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   cinder:
//!     charm: cinder
//!     options:
//!       vip: "10.12.8.10"
//! ```
//! Accepted: `vip: "10.12.8.52"`.
//!
//! ## Fix
//! `bundlec fix --relocate-vips` moves every VIP this rule flags into the policy's VIP
//! ranges in one step: both halves of a dual VIP together, keeping their shared host part,
//! each written place (an anchor in `variables`, an overlay) rewritten once, addresses
//! taken in written order from the lowest free ones, and nothing else in the files
//! changed. The relocation is not attached to this diagnostic, because a new address
//! depends on every other VIP of the bundle; it changes what gets deployed, so it runs only
//! when asked for by its flag.
//!
//! ## Policy
//! Reads `[networks.reserved]` of every `[[networks]]` entry (address to the host holding
//! it) and `[vips] options` (the option names that hold VIPs, `vip` by default).
//! Does nothing when no network reserves an address.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{Standing, standing, vips};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N003",
    name: "vip-on-reserved-address",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for the address written at `span`, described by `subject` (e.g.
/// "VIP `10.12.8.10` of `cinder`"), that the policy reserves on `network` for `holder` at
/// `reserved_span`.
pub fn diagnostic(
    subject: &str,
    span: FileSpan,
    network: &str,
    holder: &str,
    reserved_span: Option<FileSpan>,
) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            format!("{subject} is the {network} address reserved for {holder}"),
            span,
            format!("reserved for {holder}"),
        )
        .with_note(format!(
            "{holder} already answers on this address; a VIP on it takes the address away \
             whenever the cluster brings the VIP up"
        ))
        .with_help("use a free address of the network's VIP range");
    if let Some(reserved_span) = reserved_span {
        diagnostic = diagnostic.with_label(reserved_span, "reserved here");
    }
    diagnostic
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged
        || ctx.policy.networks.iter().all(|network| network.reserved.is_empty())
    {
        return;
    }
    for vip in vips(ctx) {
        for address in &vip.addresses {
            if let Standing::Reserved { network, holder, span } = standing(ctx.policy, address) {
                let found = diagnostic(&vip.subject(address), address.span, network, holder, span);
                out.push(vip.with_use_site(found));
            }
        }
    }
}
