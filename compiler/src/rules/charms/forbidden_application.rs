//! # C003 forbidden-application
//!
//! ## What it checks
//! An application that the site policy forbids: its name, or the name of its charm, matches
//! one of the glob patterns of `applications.forbidden` (e.g. `designate*`).
//! Matching the charm name as well catches a forbidden charm deployed under another
//! application name.
//!
//! ## Why it matters
//! A site forbids what it has decided not to run: a service it does not support, or one
//! whose job something else already does.
//! Juju deploys it anyway if the bundle names it, and removing it later means removing
//! whatever came to depend on it.
//!
//! The check looks at what gets deployed: the bundle with every overlay merged in, so an
//! application an overlay adds counts, and one an overlay removes does not.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [applications]
//! forbidden = ["designate*"]
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   designate:
//!     charm: designate
//!     channel: 2024.1/stable
//!     num_units: 1
//!   dns:
//!     charm: designate-bind
//!     num_units: 1
//! ```
//! Accepted: a bundle without either.
//!
//! ## Fix
//! None yet. Removing the application and its relations would be unsafe: it changes what
//! gets deployed, and other applications may rely on it.
//!
//! ## Policy
//! `applications.forbidden`: glob patterns of application or charm names.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::options::push_guarded;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "C003",
    name: "forbidden-application",
    family: Family::Charms,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app`, named at `at`, that the policy's `pattern`
/// (written at `pattern_at`) forbids; `charm` is set when the pattern matched its charm
/// rather than its name.
pub fn diagnostic(
    app: &str,
    charm: Option<&str>,
    pattern: &str,
    at: FileSpan,
    pattern_at: Option<FileSpan>,
) -> Diagnostic {
    let message = match charm {
        Some(charm) => {
            format!("application `{app}` deploys charm `{charm}`, which the site policy forbids")
        }
        None => format!("application `{app}` is forbidden by the site policy"),
    };
    let mut diagnostic = RULE
        .diagnostic(message, at, "forbidden application")
        .with_note("the site policy lists applications this deployment must not run; Juju would deploy it all the same")
        .with_help(format!("remove `{app}` and its relations from the bundle"));
    if let Some(pattern_at) = pattern_at {
        diagnostic = diagnostic.with_label(pattern_at, format!("forbidden by `{pattern}`"));
    }
    diagnostic
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.policy.raw.applications.forbidden.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    for (name, slot, app) in ctx.bundle.apps() {
        let by_name = ctx.policy.forbidden_application(name).map(|pattern| (pattern, None));
        let by_charm = || {
            let charm = app.charm_name()?;
            ctx.policy.forbidden_application(charm).map(|pattern| (pattern, Some(charm)))
        };
        let Some((pattern, charm)) = by_name.or_else(by_charm) else { continue };
        let found = diagnostic(
            name,
            charm,
            pattern.get(),
            slot.name.use_site(),
            ctx.policy.span_of(pattern),
        );
        push_guarded(ctx, out, found);
    }
}
