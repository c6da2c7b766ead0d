//! # C010 unknown-charm
//!
//! ## What it checks
//! An application whose charm the charm catalog does not know. The built-in catalog holds
//! the charms of a 2024.1 (Caracal) cloud; charms outside it, and local
//! charms (`charm: ./path`) whose directory could not be read as a charm, are unknown.
//! Reported once per application.
//!
//! ## Why it matters
//! The checks that need a charm's facts (endpoint names, interfaces and roles of
//! relations, option names and types, bindings, subordinates) are skipped for the
//! application: a clean report says nothing about them. This is information, not a
//! problem in the bundle.
//!
//! ## Example
//! Reported:
//! ```yaml
//! landscape-server:
//!   charm: landscape-server
//! ```
//! Not reported: `keystone`, or a local charm whose directory holds its `metadata.yaml`.
//! A packed charm archive (`./keystone_ubuntu@22.04-amd64.charm`) is reported: bundlec
//! reads charm directories, not archives.
//!
//! ## Fix
//! None: there is nothing to change in the bundle. Point `--charms`, or the policy's
//! `[charms] dirs`, at a copy of the charm to have it checked.
//!
//! ## Policy
//! `[charms] dirs` and `layers` add charms to the catalog. Disable the rule in
//! `[rules] disable` when unknown charms are expected.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names::is_local_charm;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "C010",
    name: "unknown-charm",
    family: Family::Charms,
    severity: Severity::Info,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `application`, whose charm `charm` (written at `span`
/// as `written`) the catalog does not know.
pub fn diagnostic(application: &str, charm: &str, written: &str, span: FileSpan) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            if application == charm {
                format!("charm `{charm}` is not in the charm catalog")
            } else {
                format!("charm `{charm}` of `{application}` is not in the charm catalog")
            },
            span,
            "unknown charm",
        )
        .with_note(format!(
            "checks of endpoints, options, bindings and subordinates were skipped for `{application}`"
        ));
    if is_local_charm(written) && written.ends_with(".charm") {
        diagnostic.with_note(format!(
            "`{written}` is a packed charm archive: bundlec reads charm directories, not archives"
        ))
    } else if is_local_charm(written) {
        diagnostic = diagnostic.with_note(format!(
            "the local charm directory `{written}` could not be read as a charm"
        ));
        diagnostic.with_help("check the path, relative to the file that names it")
    } else {
        diagnostic.with_help(
            "to have it checked, point `--charms` or the policy's `[charms] dirs` at a copy of the charm",
        )
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let (Some(field), Some(charm)) = (&app.charm, app.charm_name()) else { continue };
        if charm.is_empty() || ctx.catalog.charm(charm).is_some() {
            continue;
        }
        out.push(diagnostic(name, charm, field.get(), field.value.span));
    }
}
