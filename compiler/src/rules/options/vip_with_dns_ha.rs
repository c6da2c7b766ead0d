//! # O020 vip-with-dns-ha
//!
//! ## What it checks
//! An application that sets both `vip` (with at least one address) and `dns-ha: true`, in
//! the merged bundle, including when an overlay sets one of the two. Only charms the
//! catalog knows to have both options are checked.
//!
//! ## Why it matters
//! The OpenStack charms make an application highly available in one of two ways: a
//! virtual IP that pacemaker moves between units, or DNS records that MAAS updates. They
//! accept exactly one. With both set, the charm blocks with an HA configuration error
//! once it is related to hacluster, and nothing is load-balanced until one is removed.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! keystone:
//!   charm: keystone
//!   options:
//!     vip: 10.12.4.50
//!     dns-ha: true
//!     os-public-hostname: keystone.example.com
//! ```
//! Accepted:
//! ```yaml
//! keystone:
//!   charm: keystone
//!   options:
//!     vip: 10.12.4.50
//! ```
//!
//! ## Fix
//! None yet. Which of the two to keep is a design decision of the site (IP addresses or
//! DNS names for its endpoints), so no automatic choice would be safe.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only. A site that is IP-only can
//! also forbid `dns-ha` outright with `[options] forbidden`.

#![expect(
    clippy::doc_markdown,
    reason = "the user documentation names products (OpenStack, MySQL), not code"
)]

use super::super::relations::links::{dns_ha, vip};
use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O020",
    name: "vip-with-dns-ha",
    family: Family::Options,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for `application`, whose `dns-ha: true` value is at `dns_ha` and whose
/// `vip` key is at `vip`.
pub fn diagnostic(application: &str, dns_ha: FileSpan, vip: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("`{application}` sets both `vip` and `dns-ha: true`"),
        dns_ha,
        "DNS HA turned on here",
    )
    .with_label(vip, "while a VIP is set here")
    .with_note("the charm accepts either a VIP or DNS HA, not both, and blocks on its HA configuration when both are set")
    .with_help("remove `vip` to use DNS names, or remove `dns-ha` to use the VIP")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let (Some(vip), Some(dns_ha)) = (vip(app), dns_ha(app)) else { continue };
        let Some(charm) = ctx.charm_of(app) else { continue };
        if charm.option("vip").is_none() || charm.option("dns-ha").is_none() {
            continue;
        }
        out.push(diagnostic(name, dns_ha.value.use_site(), vip.key));
    }
}
