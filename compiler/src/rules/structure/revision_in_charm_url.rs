//! # S018 revision-in-charm-url
//!
//! ## What it checks
//! A Charmhub charm whose name carries a revision suffix: `charm: keystone-12` or
//! `charm: ch:keystone-12`.
//!
//! ## Why it matters
//! Charmhub revisions go in the `revision` field, next to a `channel`.
//! Juju refuses the bundle with `cannot specify revision in "ch:keystone-12", please use
//! revision`.
//! Charm store bundles wrote revisions this way, so the suffix often survives a
//! conversion to Charmhub.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone-12
//!     num_units: 1
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     channel: 2024.1/stable
//!     revision: 12
//!     num_units: 1
//! ```
//!
//! ## Fix
//! None: the channel to pair with the revision is for the author to choose.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::{CharmSchema, Occurrence, is_local_path, locate, parse_charm_url};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S018",
    name: "revision-in-charm-url",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` whose `charm` (named `name`) carries `revision`;
/// `span` is where the charm is used and `anchor` where it is written, if elsewhere.
pub fn diagnostic(
    app: &str,
    charm: &str,
    name: &str,
    revision: i64,
    span: FileSpan,
    anchor: Option<FileSpan>,
) -> Diagnostic {
    let ch_url = if charm.starts_with("ch:") { charm.to_owned() } else { format!("ch:{charm}") };
    let diagnostic = RULE.diagnostic(
        format!("charm `{charm}` of application `{app}` names a revision"),
        span,
        format!("revision {revision} in the charm URL"),
    );
    let diagnostic = match anchor {
        Some(anchor) => diagnostic.with_label(anchor, "written here"),
        None => diagnostic,
    };
    diagnostic
        .with_note(format!(
            "Juju refuses the bundle: cannot specify revision in \"{ch_url}\", please use revision"
        ))
        .with_help(format!(
            "write `charm: {name}` and `revision: {revision}`, with a `channel` for future upgrades"
        ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (app_name, _, app) in ctx.bundle.apps() {
        let Some(field) = &app.charm else { continue };
        let charm = field.get();
        if charm.is_empty() || is_local_path(charm) {
            continue;
        }
        let Ok(url) = parse_charm_url(charm) else { continue };
        let (CharmSchema::Charmhub, Some(revision)) = (url.schema, url.revision) else {
            continue;
        };
        let suffix = charm.rfind('-').and_then(|at| charm.get(at..)).unwrap_or_default();
        let (span, anchor) = locate(ctx, &field.value, suffix, Occurrence::Last);
        out.push(diagnostic(app_name, charm, &url.name, revision, span, anchor));
    }
}
