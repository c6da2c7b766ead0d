//! # N004 duplicate-vip
//!
//! ## What it checks
//! One address used in the VIPs of two applications (or in two VIP options of one
//! application).
//! The later use is reported, and the earlier one is marked.
//! When both applications take the value from the same YAML anchor, the diagnostic points
//! at the second application's alias, which is where the copy happens.
//!
//! ## Why it matters
//! Each clustered service brings its VIP up on the unit that leads its own cluster.
//! Two clusters holding one address move it between unrelated services, so clients reach
//! keystone one minute and glance the next.
//!
//! ## Example
//! With a policy that declares networks, or a `[vips]` table:
//! ```toml
//! [vips]
//! options = ["vip"]
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     options:
//!       vip: "10.12.4.50 10.12.8.50"
//!   glance:
//!     charm: glance
//!     options:
//!       vip: "10.12.4.50 10.12.8.51"
//! ```
//! Accepted: `vip: "10.12.4.51 10.12.8.51"` for `glance`.
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
//! Reads `[vips] options` (the option names that hold VIPs, `vip` by default).
//! Does nothing without `[[networks]]` or `[vips]` in the policy.
//! Checks the bundle as deployed, with overlays merged.
//! Error by default.

use std::collections::HashMap;
use std::net::IpAddr;

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{Vip, has_vip_policy, vips};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N004",
    name: "duplicate-vip",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// One use of an address.
pub struct Use<'a> {
    /// The application.
    pub app: &'a str,
    /// Where the address is written.
    pub written: FileSpan,
    /// Where the application takes the value through an alias, if it does.
    pub alias: Option<FileSpan>,
}

/// The diagnostic for `address` (`None` when the option is secret) used by `later` after
/// `earlier` already uses it. When both take the address from one anchor, the diagnostic
/// is about the whole shared value and names no address.
pub fn diagnostic(address: Option<&str>, later: &Use<'_>, earlier: &Use<'_>) -> Diagnostic {
    let note = "two clusters holding one address move it between unrelated services";
    let help = format!("give `{}` an address of its own", later.app);
    let diagnostic = match later.alias {
        Some(alias) if later.written == earlier.written => RULE
            .diagnostic(
                format!(
                    "`{}` and `{}` share one VIP through a YAML anchor",
                    later.app, earlier.app
                ),
                alias,
                format!("`{}` reuses the VIP of `{}`", later.app, earlier.app),
            )
            .with_label(
                earlier.alias.unwrap_or(earlier.written),
                format!("used by `{}` here", earlier.app),
            )
            .with_label(later.written, "written here"),
        _ => {
            let subject = match address {
                Some(address) => format!("VIP `{address}` of `{}`", later.app),
                None => format!("a VIP address of `{}`", later.app),
            };
            let mut diagnostic = RULE
                .diagnostic(
                    format!("{subject} is also a VIP of `{}`", earlier.app),
                    later.written,
                    format!("also a VIP of `{}`", earlier.app),
                )
                .with_label(earlier.written, format!("VIP of `{}`", earlier.app));
            if let Some(alias) = later.alias {
                diagnostic = diagnostic.with_label(alias, format!("used by `{}` here", later.app));
            }
            diagnostic
        }
    };
    diagnostic.with_note(note).with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged || !has_vip_policy(ctx.policy) {
        return;
    }
    let found = vips(ctx);
    let mut first: HashMap<IpAddr, (&Vip<'_>, FileSpan)> = HashMap::new();
    for vip in &found {
        for address in &vip.addresses {
            let Some(ip) = address.address else { continue };
            let Some((earlier, earlier_span)) = first.get(&ip) else {
                first.insert(ip, (vip, address.span));
                continue;
            };
            if earlier.app == vip.app && earlier.option == vip.option {
                continue;
            }
            let shown = (!vip.secret && !earlier.secret).then_some(address.text.as_str());
            let later = Use { app: vip.app, written: address.span, alias: vip.field.value.alias };
            let earlier =
                Use { app: earlier.app, written: *earlier_span, alias: earlier.field.value.alias };
            let found = diagnostic(shown, &later, &earlier);
            // One diagnostic per shared anchor, not one per address it holds.
            if !out.iter().any(|it| it.code == RULE.code && *it == found) {
                out.push(found);
            }
        }
    }
}
