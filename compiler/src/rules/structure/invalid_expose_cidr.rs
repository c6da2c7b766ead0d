//! # S030 invalid-expose-cidr
//!
//! ## What it checks
//! Entries of `expose-to-cidrs` under `exposed-endpoints` that are not CIDRs: an IPv4 or
//! IPv6 address, a `/`, and a prefix length that fits the address (at most 32 for IPv4,
//! 128 for IPv6).
//! `10.0.0.0/8` and `::/0` are valid; `10.0.0.0`, `10.0.0.0/33` and `10.0.0/8` are not.
//!
//! ## Why it matters
//! Juju refuses the bundle with `invalid CIDR "<cidr>" for expose to CIDRs field for
//! endpoint "<endpoint>" in application "<app>"`.
//!
//! ## Example
//! Flagged (in an overlay):
//! ```yaml
//! applications:
//!   openstack-dashboard:
//!     exposed-endpoints:
//!       website:
//!         expose-to-cidrs: [10.20.0.1]
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   openstack-dashboard:
//!     exposed-endpoints:
//!       website:
//!         expose-to-cidrs: [10.20.0.1/32]
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use std::net::IpAddr;

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S030",
    name: "invalid-expose-cidr",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Why `cidr` is not a CIDR, or `None` when it is one.
pub fn cidr_problem(cidr: &str) -> Option<&'static str> {
    let Some((address, prefix)) = cidr.split_once('/') else {
        return Some("no `/<prefix length>`");
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return Some("not an IP address before the `/`");
    };
    let limit = if address.is_ipv4() { 32 } else { 128 };
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Some("the prefix length is not a number");
    }
    if prefix.parse::<u32>().map_or(true, |length| length > limit) {
        return Some(if limit == 32 {
            "an IPv4 prefix length is at most 32"
        } else {
            "an IPv6 prefix length is at most 128"
        });
    }
    None
}

/// The diagnostic for `cidr`, used at `span`, in the exposure of `endpoint` of `app`.
pub fn diagnostic(
    app: &str,
    endpoint: &str,
    cidr: &str,
    problem: &str,
    span: FileSpan,
) -> Diagnostic {
    let help = if !cidr.contains('/') && cidr.parse::<IpAddr>().is_ok() {
        let length = if cidr.contains(':') { 128 } else { 32 };
        format!("for a single address, write `{cidr}/{length}`")
    } else {
        "write a network as `<address>/<prefix length>`, for example `10.0.0.0/8` or `::/0`"
            .to_owned()
    };
    let target = if endpoint.is_empty() {
        format!("all endpoints of application `{app}`")
    } else {
        format!("endpoint `{endpoint}` of application `{app}`")
    };
    RULE.diagnostic(
        format!("invalid CIDR `{cidr}` in the exposure of {target}"),
        span,
        problem,
    )
    .with_note(format!(
        "Juju refuses the bundle: invalid CIDR \"{cidr}\" for expose to CIDRs field for endpoint \"{endpoint}\" in application \"{app}\""
    ))
    .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(exposed) = &app.exposed_endpoints else { continue };
        // With `expose: true` Juju reports the combination and checks no CIDR.
        if app.expose.as_ref().is_some_and(|expose| *expose.get()) {
            continue;
        }
        for (endpoint, field) in exposed.get() {
            for cidr in &field.get().cidrs {
                if let Some(problem) = cidr_problem(&cidr.value) {
                    out.push(diagnostic(name, endpoint, &cidr.value, problem, cidr.use_site()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cidr_problem;

    #[test]
    fn cidrs_need_an_address_and_a_fitting_prefix() {
        for good in ["10.0.0.0/8", "0.0.0.0/0", "::/0", "2001:db8::/32", "10.20.0.1/32"] {
            assert_eq!(cidr_problem(good), None, "{good}");
        }
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0/8", "::/129", "10.0.0.0/", "10.0.0.0/-1"] {
            assert!(cidr_problem(bad).is_some(), "{bad}");
        }
    }
}
