//! # N001 vip-outside-range
//!
//! ## What it checks
//! A VIP address that does not lie in the VIP range of its network.
//! The network of an address is given by its position in the value (`[vips] networks`:
//! the first address on the first network, and so on); without that layout, it is the
//! network whose CIDR holds the address.
//! The rule also reports an address that the layout puts on a network whose CIDR does not
//! hold it (halves written in the wrong order, or a typo in the network part), and one that
//! no network of the site holds.
//!
//! An address on a reserved address or in a stale range is reported by N003 or N002
//! instead, never by this rule too: each address gets one diagnostic, from the most
//! specific rule.
//! VIPs are found wherever they are written: quoted or plain, through a YAML anchor
//! (the diagnostic points at the anchor's value, and marks where the application uses it),
//! or set by an overlay.
//!
//! ## Why it matters
//! A site keeps its VIPs in a block that its address management does not hand out.
//! An address outside that block can be given to a machine or container later, and then
//! two hosts answer for one address: the API behind the VIP flaps or disappears.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [[networks]]
//! name = "provider"
//! cidr = "10.12.4.0/22"
//! vip-range = "10.12.4.50-10.12.4.60"
//!
//! [[networks]]
//! name = "metal"
//! cidr = "10.12.8.0/22"
//! vip-range = "10.12.8.50-10.12.8.60"
//!
//! [vips]
//! networks = ["provider", "metal"]
//! ```
//! Flagged (`10.12.8.70` is past the metal VIP range):
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     options:
//!       vip: "10.12.4.50 10.12.8.70"
//! ```
//! Accepted: `vip: "10.12.4.50 10.12.8.50"`.
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
//! Reads `[[networks]]` (`name`, `cidr`, `vip-range`) and `[vips]` (`options`, the option
//! names that hold VIPs, `vip` by default; `networks`, the network of each address in
//! order).
//! Does nothing when the policy declares no networks.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{Standing, Vip, VipAddress, standing, vips};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N001",
    name: "vip-outside-range",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Why an address is outside the place the site gives VIPs.
pub enum Outside<'a> {
    /// On `network`, outside its VIP `range`, written in the policy at `span`.
    Range {
        /// The network.
        network: &'a str,
        /// The VIP range.
        range: &'a str,
        /// Where the policy writes the range.
        span: Option<FileSpan>,
    },
    /// The layout puts the address on `network`, whose CIDR `cidr` does not hold it.
    Network {
        /// The network.
        network: &'a str,
        /// Its CIDR.
        cidr: &'a str,
        /// Where the layout names the network.
        span: Option<FileSpan>,
    },
    /// No network of the site holds the address.
    Nowhere {
        /// The site's networks with their CIDRs, e.g. "`provider` 10.12.4.0/22".
        networks: &'a str,
    },
}

/// The diagnostic for the address written at `span`, described by `subject` (e.g.
/// "VIP `10.12.8.70` of `keystone`"), that lies outside the VIP block as `outside` says.
pub fn diagnostic(subject: &str, span: FileSpan, outside: &Outside<'_>) -> Diagnostic {
    match outside {
        Outside::Range { network, range, span: range_span } => {
            let mut diagnostic = RULE
                .diagnostic(
                    format!("{subject} is outside the {network} VIP range {range}"),
                    span,
                    format!("not in {range}"),
                )
                .with_note(
                    "an address outside the VIP range can be handed to another host, and two \
                     hosts answering for one address break the service behind the VIP",
                )
                .with_help(format!(
                    "use a free address of {range}, with the same host part as the other \
                     addresses of this VIP"
                ));
            if let Some(range_span) = range_span {
                diagnostic = diagnostic.with_label(*range_span, format!("{network} VIP range"));
            }
            diagnostic
        }
        Outside::Network { network, cidr, span: layout_span } => {
            let mut diagnostic = RULE
                .diagnostic(
                    format!("{subject} is not on the {network} network {cidr}"),
                    span,
                    format!("expected an address of {cidr}"),
                )
                .with_note(
                    "the site policy gives the network of each address of a VIP by its \
                     position, so this address is taken as the one on that network",
                )
                .with_help(
                    "write the addresses in the order of `[vips] networks`, or correct the \
                     address",
                );
            if let Some(layout_span) = layout_span {
                diagnostic =
                    diagnostic.with_label(*layout_span, format!("this position is on {network}"));
            }
            diagnostic
        }
        Outside::Nowhere { networks } => RULE
            .diagnostic(
                format!("{subject} is on none of the site's networks"),
                span,
                "on no network of the site policy",
            )
            .with_note("a VIP must be reachable on a network the site's hosts are connected to")
            .with_help(format!("use an address of one of the site's networks: {networks}")),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged || ctx.policy.networks.is_empty() {
        return;
    }
    let networks = ctx
        .policy
        .networks
        .iter()
        .map(|network| format!("`{}` {}", network.name, network.net))
        .collect::<Vec<_>>()
        .join(", ");
    for vip in vips(ctx) {
        for address in &vip.addresses {
            report(ctx, &vip, address, &networks, out);
        }
    }
}

fn report(
    ctx: &Context<'_>,
    vip: &Vip<'_>,
    address: &VipAddress,
    networks: &str,
    out: &mut Vec<Diagnostic>,
) {
    let found = match standing(ctx.policy, address) {
        Standing::OutsideRange { network, range, span } => diagnostic(
            &vip.subject(address),
            address.span,
            &Outside::Range { network, range: &range, span },
        ),
        Standing::OffNetwork { network, cidr } => {
            let layout_span = ctx
                .policy
                .raw
                .vips
                .as_ref()
                .and_then(|layout| layout.networks.get(address.position))
                .and_then(|written| ctx.policy.span_of(written));
            diagnostic(
                &vip.subject(address),
                address.span,
                &Outside::Network { network, cidr: &cidr, span: layout_span },
            )
        }
        Standing::NoNetwork => {
            diagnostic(&vip.subject(address), address.span, &Outside::Nowhere { networks })
        }
        Standing::Fine | Standing::Reserved { .. } | Standing::Stale { .. } => return,
    };
    out.push(vip.with_use_site(found));
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::check::{Input, PolicyChoice, analyze};
    use crate::source::MemoryProvider;

    const POLICY: &str = r#"
[[networks]]
name = "provider"
cidr = "10.12.4.0/22"
vip-range = "10.12.4.50-10.12.4.60"
stale-ranges = ["10.12.4.10-10.12.4.20"]

[[networks]]
name = "metal"
cidr = "10.12.8.0/22"
vip-range = "10.12.8.50-10.12.8.60"
stale-ranges = ["10.12.8.10-10.12.8.20"]
[networks.reserved]
"10.12.8.30" = "Juju controller"
"#;

    fn codes(bundle: &str, layout: &str) -> Vec<(&'static str, String)> {
        let mut provider = MemoryProvider::new();
        provider.insert("bundle.yaml", bundle);
        provider.insert("bundlec.toml", format!("{POLICY}{layout}"));
        let input = Input {
            bundle: PathBuf::from("bundle.yaml"),
            overlays: Vec::new(),
            policy: PolicyChoice::File(PathBuf::from("bundlec.toml")),
            charm_dirs: Vec::new(),
        };
        let analysis = analyze(&provider, &input).unwrap();
        analysis
            .diagnostics
            .iter()
            .filter(|it| it.code.starts_with('N'))
            .map(|it| (it.code, analysis.sources.slice(it.primary.span).to_owned()))
            .collect()
    }

    fn keystone(vip: &str) -> String {
        format!("applications:\n  keystone:\n    charm: keystone\n    options:\n      vip: {vip}\n")
    }

    const LAYOUT: &str = "[vips]\nnetworks = [\"provider\", \"metal\"]\n";

    #[test]
    fn each_address_gets_one_diagnostic_from_the_most_specific_rule() {
        let found = codes(&keystone("\"10.12.4.70 10.12.8.15\""), LAYOUT);
        assert_eq!(found, [("N001", "10.12.4.70".to_owned()), ("N002", "10.12.8.15".to_owned())]);
        let found = codes(&keystone("\"10.12.4.30 10.12.8.30\""), LAYOUT);
        assert!(found.contains(&("N003", "10.12.8.30".to_owned())), "{found:?}");
        assert!(!found.iter().any(|(code, text)| *code == "N001" && text == "10.12.8.30"));
    }

    #[test]
    fn swapped_halves_are_off_their_layout_networks() {
        let found = codes(&keystone("10.12.8.50 10.12.4.50"), LAYOUT);
        assert_eq!(found, [("N001", "10.12.8.50".to_owned()), ("N001", "10.12.4.50".to_owned())]);
    }

    #[test]
    fn without_a_layout_networks_come_from_the_cidrs() {
        assert!(codes(&keystone("10.12.8.50 10.12.4.50"), "").is_empty());
        let found = codes(&keystone("192.168.1.5"), "");
        assert_eq!(found, [("N001", "192.168.1.5".to_owned())]);
    }
}
