//! # N007 vip-count-mismatch
//!
//! ## What it checks
//! The number of VIP values in the deployed bundle (overlays merged), against
//! `[vips] count`.
//! A VIP value is a VIP option that is set and not empty; a dual VIP counts once.
//! The diagnostic gives both numbers, marks the last VIP found and the policy line, and
//! lists the applications that carry a VIP.
//!
//! ## Why it matters
//! A VIP that disappears (an overlay unsets it, an edit deletes the line) leaves a service
//! without its stable address, and Juju deploys it without a word; one too many usually
//! means an address was copied to an application that should not be clustered.
//! Counting VIPs by hand before each deploy is the check this rule replaces.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [vips]
//! count = 2
//! ```
//! Flagged (one VIP):
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     options:
//!       vip: "10.12.4.50 10.12.8.50"
//!   glance:
//!     charm: glance
//! ```
//! Accepted: `glance` with `vip: "10.12.4.51 10.12.8.51"` too.
//!
//! ## Fix
//! None yet: only the operator knows which VIP is missing or extra.
//!
//! ## Policy
//! Reads `[vips] count` and `[vips] options` (the option names that hold VIPs, `vip` by
//! default).
//! Does nothing without `[vips] count`.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{backticked, plural, vips};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N007",
    name: "vip-count-mismatch",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for a bundle with `actual` VIPs where the policy at `policy_span`
/// expects `expected`. `last` is where the last VIP is written (or, when there is none,
/// the `applications` key) and `apps` the applications that carry a VIP.
pub fn diagnostic(
    expected: usize,
    actual: usize,
    last: FileSpan,
    policy_span: Option<FileSpan>,
    apps: &[&str],
) -> Diagnostic {
    let label = if actual == 0 {
        "no VIP in any application".to_owned()
    } else {
        format!("the last of {}", plural(actual, "VIP", "VIPs"))
    };
    let mut diagnostic = RULE
        .diagnostic(
            format!(
                "the bundle sets {}, the site policy expects {expected}",
                plural(actual, "VIP", "VIPs")
            ),
            last,
            label,
        )
        .with_note(
            "a VIP that goes missing leaves a service without its stable address, and Juju \
             deploys it without a warning",
        );
    if let Some(policy_span) = policy_span {
        diagnostic = diagnostic.with_label(policy_span, format!("{expected} expected here"));
    }
    if !apps.is_empty() {
        diagnostic =
            diagnostic.with_note(format!("VIPs are set by {}", backticked(apps.iter().copied())));
    }
    let help = if actual < expected {
        "set the missing VIPs, or lower `[vips] count` if services were removed on purpose"
    } else {
        "remove the extra VIPs, or raise `[vips] count` if services were added on purpose"
    };
    diagnostic.with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(count) = ctx.policy.raw.vips.as_ref().and_then(|layout| layout.count.as_ref()) else {
        return;
    };
    if ctx.scope != Scope::Merged {
        return;
    }
    let found = vips(ctx);
    let expected = *count.get();
    if found.len() == expected {
        return;
    }
    let last = found
        .last()
        .map(|vip| vip.field.value.span)
        .or(ctx.bundle.applications_key)
        .or(ctx.bundle.span);
    let Some(last) = last else { return };
    let mut apps: Vec<&str> = found.iter().map(|vip| vip.app).collect();
    apps.dedup();
    out.push(diagnostic(expected, found.len(), last, ctx.policy.span_of(count), &apps));
}
