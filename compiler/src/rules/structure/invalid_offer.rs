//! # S026 invalid-offer
//!
//! ## What it checks
//! Offers declared by an application (`offers:`, allowed in overlays only).
//! An offer name must follow the application name rules (lower-case, hyphen-separated
//! parts that each contain a letter), and every entry of its `endpoints` must be an
//! endpoint name (lower-case letters and digits, joined by `-` or `_`).
//!
//! ## Why it matters
//! Juju refuses the bundle with `invalid offer name "<offer>" in application "<app>"` or
//! `invalid endpoint name "<endpoint>" for offer "<offer>" in application "<app>"`.
//! A common slip is writing `app:endpoint` where only the endpoint belongs.
//!
//! ## Example
//! Flagged (in an overlay):
//! ```yaml
//! applications:
//!   keystone:
//!     offers:
//!       keystone_identity:
//!         endpoints: [keystone:identity-service]
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     offers:
//!       keystone-identity:
//!         endpoints: [identity-service]
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S026",
    name: "invalid-offer",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is wrong with an offer.
#[derive(Clone, Copy, Debug)]
pub enum Problem<'a> {
    /// The offer's name.
    Name,
    /// One of its endpoints, as written.
    Endpoint(&'a str),
}

/// The diagnostic for offer `offer` of application `app`, with `problem` at `span`.
pub fn diagnostic(app: &str, offer: &str, problem: Problem<'_>, span: FileSpan) -> Diagnostic {
    match problem {
        Problem::Name => {
            let candidate = offer.to_ascii_lowercase().replace('_', "-");
            let help = if names::is_application_name(&candidate) {
                format!("rename the offer, for example to `{candidate}`")
            } else {
                "use lower-case letters, digits and hyphens, with a letter in every hyphen-separated part".to_owned()
            };
            RULE.diagnostic(
                format!("invalid offer name `{offer}` in application `{app}`"),
                span,
                "not a valid offer name",
            )
            .with_note(format!(
                "Juju refuses the bundle: invalid offer name \"{offer}\" in application \"{app}\"; offer names follow the application name rules"
            ))
            .with_help(help)
        }
        Problem::Endpoint(endpoint) => {
            let help = match endpoint.split_once(':') {
                Some((_, bare)) if names::is_endpoint_name(bare) => {
                    format!("write the endpoint alone: `{bare}`")
                }
                _ => "write the name of one of the charm's endpoints".to_owned(),
            };
            RULE.diagnostic(
                format!("invalid endpoint `{endpoint}` in offer `{offer}` of application `{app}`"),
                span,
                "not an endpoint name",
            )
            .with_note(format!(
                "Juju refuses the bundle: invalid endpoint name \"{endpoint}\" for offer \"{offer}\" in application \"{app}\""
            ))
            .with_help(help)
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(offers) = &app.offers else { continue };
        for (offer_name, offer) in offers.get() {
            if !names::is_application_name(offer_name) {
                out.push(diagnostic(name, offer_name, Problem::Name, offer.key));
            }
            for endpoint in &offer.get().endpoints {
                if !names::is_endpoint_name(&endpoint.value) {
                    let problem = Problem::Endpoint(&endpoint.value);
                    out.push(diagnostic(name, offer_name, problem, endpoint.use_site()));
                }
            }
        }
    }
}
