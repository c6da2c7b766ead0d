//! # N006 malformed-vip
//!
//! ## What it checks
//! A VIP value with a word that is not an IP address (a typo such as `10.12.4.5O`, a
//! comma between addresses, a netmask), or, when every word is an address, with a number
//! of addresses other than the number of networks in `[vips] networks`.
//! An empty value (no VIP) is not reported.
//!
//! ## Why it matters
//! The charms take a VIP value as a space-separated list of addresses, one per network
//! the service listens on.
//! A word that is not an address makes the cluster fail to create its VIP resource, and a
//! missing address leaves the service without a VIP on one of its networks, which is only
//! noticed when clients on that network cannot reach it.
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
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   barbican:
//!     charm: barbican
//!     options:
//!       vip: "10.12.4.58"
//!   aodh:
//!     charm: aodh
//!     options:
//!       vip: "10.12.4.60,10.12.8.60"
//! ```
//! Accepted: `vip: "10.12.4.58 10.12.8.58"` and `vip: "10.12.4.60 10.12.8.60"`.
//!
//! ## Fix
//! None yet.
//! A comma could be replaced by a space safely, but a missing address has to be chosen by
//! the operator.
//!
//! ## Policy
//! Reads `[vips]` (`networks`, the network of each address in order; `options`, the
//! option names that hold VIPs, `vip` by default).
//! Without `[vips] networks`, only words that are not addresses are reported.
//! Does nothing without `[[networks]]` or `[vips]` in the policy.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{backticked, has_vip_policy, plural, vips};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N006",
    name: "malformed-vip",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is wrong with a VIP value.
pub enum Malformed<'a> {
    /// A word is not an IP address; `None` when the option is secret.
    NotAnAddress(Option<&'a str>),
    /// The value holds `count` addresses; the layout has `networks`, written at `span`.
    Count {
        /// Addresses in the value.
        count: usize,
        /// The layout's networks, in order.
        networks: &'a [&'a str],
        /// Where the policy writes the layout.
        span: Option<FileSpan>,
    },
}

/// The diagnostic for the VIP option `option` of `app`, written at `span`, that is
/// malformed as `problem` says.
pub fn diagnostic(app: &str, option: &str, span: FileSpan, problem: &Malformed<'_>) -> Diagnostic {
    match problem {
        Malformed::NotAnAddress(word) => {
            let message = match word {
                Some(word) => {
                    format!("`{word}` in option `{option}` of `{app}` is not an IP address")
                }
                None => format!("a word of option `{option}` of `{app}` is not an IP address"),
            };
            RULE.diagnostic(message, span, "not an IP address")
                .with_note("a VIP is a space-separated list of IP addresses, one per network")
                .with_help("write IP addresses separated by spaces, without commas or netmasks")
        }
        Malformed::Count { count, networks, span: layout_span } => {
            let mut diagnostic = RULE
                .diagnostic(
                    format!(
                        "option `{option}` of `{app}` holds {}, the site's VIPs have {} ({})",
                        plural(*count, "address", "addresses"),
                        networks.len(),
                        networks.join(", ")
                    ),
                    span,
                    plural(*count, "address", "addresses"),
                )
                .with_note(
                    "the site gives every VIP one address on each of its VIP networks, in order",
                )
                .with_help(format!(
                    "write one address for each of {}, in that order",
                    backticked(networks.iter().copied())
                ));
            if let Some(layout_span) = layout_span {
                diagnostic = diagnostic.with_label(*layout_span, "the networks of a VIP");
            }
            diagnostic
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged || !has_vip_policy(ctx.policy) {
        return;
    }
    let layout = ctx.policy.raw.vips.as_ref().map(|vips| &vips.networks);
    let names: Vec<&str> =
        layout.map(|it| it.iter().map(|name| name.get().as_str()).collect()).unwrap_or_default();
    let layout_span = layout.and_then(|networks| {
        let first = ctx.policy.span_of(networks.first()?)?;
        let last = ctx.policy.span_of(networks.last()?)?;
        Some(crate::source::FileSpan::new(first.file, first.range.cover(last.range)))
    });
    for vip in vips(ctx) {
        let mut all_addresses = true;
        for address in vip.addresses.iter().filter(|it| it.address.is_none()) {
            all_addresses = false;
            let word = (!vip.secret).then_some(address.text.as_str());
            let found =
                diagnostic(vip.app, vip.option, address.span, &Malformed::NotAnAddress(word));
            out.push(vip.with_use_site(found));
        }
        if all_addresses && !names.is_empty() && vip.addresses.len() != names.len() {
            let problem = Malformed::Count {
                count: vip.addresses.len(),
                networks: &names,
                span: layout_span,
            };
            let found = diagnostic(vip.app, vip.option, vip.field.value.span, &problem);
            out.push(vip.with_use_site(found));
        }
    }
}
