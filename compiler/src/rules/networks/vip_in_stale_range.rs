//! # N002 vip-in-stale-range
//!
//! ## What it checks
//! A VIP address in one of the `stale-ranges` of a network: a block that used to hold the
//! site's VIPs and must not hold any now.
//! Every network's stale ranges are checked, whichever network the address is meant for.
//!
//! An address in a stale range is reported here only, not by N001 too, even though it is
//! also outside the VIP range; a reserved address inside a stale range is reported by N003
//! only.
//! VIPs are found quoted or plain, through a YAML anchor (the diagnostic points at the
//! anchor's value) or set by an overlay.
//!
//! ## Why it matters
//! When a site moves its VIPs to a new block, a VIP left behind in the old one is a
//! relocation that was not finished.
//! Old blocks are often reused for other hosts afterwards, so the address may already
//! belong to a machine, and the service behind the VIP then competes with it.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [[networks]]
//! name = "metal"
//! cidr = "10.12.8.0/22"
//! vip-range = "10.12.8.50-10.12.8.60"
//! stale-ranges = ["10.12.8.10-10.12.8.20"]
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   glance:
//!     charm: glance
//!     options:
//!       vip: 10.12.8.15
//! ```
//! Accepted: `vip: 10.12.8.55`.
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
//! Reads `[[networks]]` (`stale-ranges`, and `vip-range` for the help) and `[vips] options`
//! (the option names that hold VIPs, `vip` by default).
//! Does nothing when no network declares a stale range.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{Standing, standing, vips};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N002",
    name: "vip-in-stale-range",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for the address written at `span`, described by `subject` (e.g.
/// "VIP `10.12.8.15` of `glance`"), that lies in the stale `range` of `network`, written
/// in the policy at `range_span`; `vip_range` is the network's VIP range, if any.
pub fn diagnostic(
    subject: &str,
    span: FileSpan,
    network: &str,
    range: &str,
    range_span: Option<FileSpan>,
    vip_range: Option<&str>,
) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            format!("{subject} is in the stale {network} range {range}"),
            span,
            format!("in the stale range {range}"),
        )
        .with_note(
            "the site's VIPs have moved out of this range; an address left here was missed by \
             the move, and the range may now hold other hosts",
        )
        .with_help(match vip_range {
            Some(vip_range) => format!(
                "move it into the {network} VIP range {vip_range}, keeping the host part of the \
                 other addresses of this VIP"
            ),
            None => "move it out of the stale range".to_owned(),
        });
    if let Some(range_span) = range_span {
        diagnostic = diagnostic.with_label(range_span, "stale range");
    }
    diagnostic
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged
        || ctx.policy.networks.iter().all(|network| network.stale_ranges.is_empty())
    {
        return;
    }
    for vip in vips(ctx) {
        for address in &vip.addresses {
            if let Standing::Stale { network, range, span, vip_range } =
                standing(ctx.policy, address)
            {
                let found = diagnostic(
                    &vip.subject(address),
                    address.span,
                    network,
                    &range,
                    span,
                    vip_range.as_deref(),
                );
                out.push(vip.with_use_site(found));
            }
        }
    }
}
