//! # N005 unpaired-vip-halves
//!
//! ## What it checks
//! With `paired-host-part = true`, the addresses of one VIP value that do not share their
//! host part: the bits after each network's prefix (for two /24 networks, the last
//! octet).
//! Every address is compared with the first one, and each that differs is reported, with
//! the address it should be.
//!
//! Only values that follow the layout (as many addresses as `[vips] networks`, each on its
//! network) are compared; N001 and N006 report the others.
//!
//! ## Why it matters
//! A site that pairs its VIP halves can tell from one address all the others, and its
//! firewall rules, DNS records and runbooks rely on that.
//! A half that breaks the pattern usually comes from an edit that moved one half and
//! forgot the other, so it may also collide with another application's VIP.
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
//! [vips]
//! networks = ["provider", "metal"]
//! paired-host-part = true
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   heat:
//!     charm: heat
//!     options:
//!       vip: "10.12.4.57 10.12.8.58"
//! ```
//! Accepted: `vip: "10.12.4.57 10.12.8.57"`.
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
//! Reads `[vips]` (`paired-host-part`, `networks`, `options`) and the `cidr` of the
//! networks `[vips] networks` names.
//! Does nothing unless `paired-host-part = true`.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{host_part, network_name, network_net, vips, with_host_part};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N005",
    name: "unpaired-vip-halves",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// One address of the pair, as a message may show it.
pub struct Half<'a> {
    /// The address, or `None` when the option is secret.
    pub address: Option<&'a str>,
    /// Its network.
    pub network: &'a str,
    /// Where it is written.
    pub span: FileSpan,
}

/// The diagnostic for the address `half` of the VIP of `app`, whose host part differs
/// from that of the first address `first`; `paired` is the address of `half`'s network
/// with the first address's host part (`None` when secret or not computable).
pub fn diagnostic(
    app: &str,
    half: &Half<'_>,
    first: &Half<'_>,
    paired: Option<&str>,
) -> Diagnostic {
    let message = match (half.address, first.address) {
        (Some(address), Some(first_address)) => format!(
            "VIP halves of `{app}` do not share their host part: `{first_address}` and `{address}`"
        ),
        _ => format!("VIP halves of `{app}` do not share their host part"),
    };
    let help = match paired {
        Some(paired) => {
            format!(
                "write `{paired}`, the {} address paired with the {} one",
                half.network, first.network
            )
        }
        None => {
            format!("give the {} address the host part of the {} one", half.network, first.network)
        }
    };
    let label = format!("host part differs from the {} address", first.network);
    RULE.diagnostic(message, half.span, label)
        .with_label(first.span, format!("{} address", first.network))
        .with_note(
            "the site policy pairs the addresses of a VIP: all of them share one host part \
             (`[vips] paired-host-part`)",
        )
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let paired = ctx.policy.raw.vips.as_ref().is_some_and(|layout| layout.paired_host_part);
    if ctx.scope != Scope::Merged || !paired {
        return;
    }
    for vip in vips(ctx).iter().filter(|vip| vip.by_layout) {
        let located: Option<Vec<_>> = vip
            .addresses
            .iter()
            .map(|address| {
                let ip = address.address?;
                let idx = address.network?;
                let net = network_net(ctx.policy, idx).filter(|net| net.contains(&ip))?;
                Some((address, ip, idx, net))
            })
            .collect();
        // An address off its network has no host part to compare; N001 reports it.
        let Some(located) = located else { continue };
        let Some(((first, first_ip, first_idx, first_net), rest)) = located.split_first() else {
            continue;
        };
        let first_host = host_part(*first_net, *first_ip);
        for (address, ip, idx, net) in rest {
            if host_part(*net, *ip) == first_host {
                continue;
            }
            let shown = |text: &'_ str| (!vip.secret).then_some(text.to_owned());
            let paired =
                with_host_part(*net, first_host).map(|it| it.to_string()).filter(|_| !vip.secret);
            let half_text = shown(&address.text);
            let first_text = shown(&first.text);
            let half = Half {
                address: half_text.as_deref(),
                network: network_name(ctx.policy, *idx).unwrap_or_default(),
                span: address.span,
            };
            let first_half = Half {
                address: first_text.as_deref(),
                network: network_name(ctx.policy, *first_idx).unwrap_or_default(),
                span: first.span,
            };
            out.push(vip.with_use_site(diagnostic(vip.app, &half, &first_half, paired.as_deref())));
        }
    }
}
