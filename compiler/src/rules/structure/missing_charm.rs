//! # S015 missing-charm
//!
//! ## What it checks
//! An application without a `charm`, or with an empty one.
//! It is checked on the base document alone as well as on the merged bundle: Juju
//! verifies the base document before it applies any overlay, so an overlay cannot supply
//! the charm of an application the base declares.
//!
//! ## Why it matters
//! Juju refuses the bundle with `empty charm path`, without saying which application is
//! at fault.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     channel: 2024.1/stable
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
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S015",
    name: "missing-charm",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// How the charm is missing.
#[derive(Clone, Copy, Debug)]
pub enum Missing {
    /// No `charm` key; the span is the application's name.
    NoKey(FileSpan),
    /// `charm` with an empty value; the span is the key.
    Empty(FileSpan),
}

/// The diagnostic for application `app` whose charm is `missing`.
pub fn diagnostic(app: &str, missing: Missing) -> Diagnostic {
    let (span, label) = match missing {
        Missing::NoKey(span) => (span, "this application has no `charm`"),
        Missing::Empty(span) => (span, "the charm is empty"),
    };
    RULE.diagnostic(format!("application `{app}` names no charm"), span, label)
        .with_note("Juju refuses the bundle: empty charm path")
        .with_help(
            "add `charm: <name>`: a Charmhub name such as `keystone`, or a local path starting with `./`",
        )
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, slot, app) in ctx.bundle.apps() {
        let missing = match &app.charm {
            None => Missing::NoKey(slot.name.use_site()),
            Some(field) if field.get().is_empty() => Missing::Empty(field.key),
            Some(_) => continue,
        };
        out.push(diagnostic(name, missing));
    }
}
