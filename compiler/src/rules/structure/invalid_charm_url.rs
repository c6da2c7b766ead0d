//! # S017 invalid-charm-url
//!
//! ## What it checks
//! A `charm` that is neither a local path (starting with `.` or `/`) nor a charm URL
//! Juju 3 can parse: `[ch:][<arch>/][<series>/]<name>` or `local:[<series>/]<name>`.
//! Charm store URLs (`cs:keystone`, `cs:~openstack-charmers/keystone-12`) are flagged:
//! Juju 3 has no charm store.
//!
//! ## Why it matters
//! Juju refuses the bundle with `invalid charm URL in application "<name>": ...`; for a
//! charm store URL the reason reads `cannot parse URL "cs:...": schema "cs" not valid`.
//! Bundles written for Juju 2 still carry `cs:` URLs in large numbers.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: cs:~openstack-charmers/keystone-323
//!     num_units: 1
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     channel: 2024.1/stable
//!     num_units: 1
//! ```
//!
//! ## Fix
//! None: the channel that replaces a charm store revision is for the author to choose.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::{anchor_of, is_local_path, parse_charm_url};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S017",
    name: "invalid-charm-url",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Why a charm URL fails.
#[derive(Clone, Debug)]
pub enum Problem {
    /// A charm store (`cs:`) URL.
    CharmStore,
    /// Anything else, with the reason.
    Other(String),
}

/// The diagnostic for application `app` whose `charm`, used at `span`, fails with
/// `problem`.
pub fn diagnostic(
    app: &str,
    charm: &str,
    problem: &Problem,
    span: FileSpan,
    anchor: Option<FileSpan>,
) -> Diagnostic {
    let diagnostic = match problem {
        Problem::CharmStore => {
            let name = names::charm_name(charm);
            RULE.diagnostic(
                format!("application `{app}` uses charm store URL `{charm}`"),
                span,
                "the charm store is gone",
            )
            .with_note(format!(
                "Juju 3 refuses the bundle: invalid charm URL in application \"{app}\": schema \"cs\" not valid; charms now come from Charmhub"
            ))
            .with_help(format!(
                "write `charm: {name}` and choose a Charmhub `channel` (for example `latest/stable`)"
            ))
        }
        Problem::Other(reason) => RULE
            .diagnostic(
                format!("application `{app}` has an invalid charm URL `{charm}`"),
                span,
                reason.clone(),
            )
            .with_note(format!(
                "Juju refuses the bundle: invalid charm URL in application \"{app}\"; a charm is `[ch:][<arch>/][<series>/]<name>`, `local:<name>`, or a path starting with `.` or `/`"
            ))
            .with_help("write the charm's Charmhub name, and put its revision and channel under `revision` and `channel`"),
    };
    match anchor {
        Some(anchor) => diagnostic.with_label(anchor, "written here"),
        None => diagnostic,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(field) = &app.charm else { continue };
        let charm = field.get();
        if charm.is_empty() || is_local_path(charm) {
            continue;
        }
        let problem = if charm.starts_with("cs:") {
            Problem::CharmStore
        } else if let Err(reason) = parse_charm_url(charm) {
            Problem::Other(reason)
        } else {
            continue;
        };
        let anchor = anchor_of(&field.value);
        out.push(diagnostic(name, charm, &problem, field.value.use_site(), anchor));
    }
}
