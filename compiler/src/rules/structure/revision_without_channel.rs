//! # S019 revision-without-channel
//!
//! ## What it checks
//! A Charmhub application that pins a `revision` but gives no `channel`.
//!
//! ## Why it matters
//! A revision alone does not tell Juju which channel to follow on later upgrades.
//! Juju refuses the bundle with `application "<name>" with a revision requires a channel
//! for future upgrades, please use channel`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     revision: 651
//!     num_units: 1
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     channel: 2024.1/stable
//!     revision: 651
//!     num_units: 1
//! ```
//!
//! ## Fix
//! None: the channel the revision belongs to is for the author to choose.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::{CharmSchema, is_local_path, parse_charm_url};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S019",
    name: "revision-without-channel",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` whose `revision` is used at `span` with no
/// channel; `empty_channel` is the `channel` key when one is written but empty.
pub fn diagnostic(app: &str, span: FileSpan, empty_channel: Option<FileSpan>) -> Diagnostic {
    let diagnostic = RULE.diagnostic(
        format!("application `{app}` pins a revision without a channel"),
        span,
        "revision given here",
    );
    let diagnostic = match empty_channel {
        Some(channel) => diagnostic.with_label(channel, "the channel is empty"),
        None => diagnostic,
    };
    diagnostic
        .with_note(format!(
            "Juju refuses the bundle: application \"{app}\" with a revision requires a channel for future upgrades, please use channel"
        ))
        .with_help("add the channel the revision was published in, for example `channel: 2024.1/stable`")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let (Some(revision), Some(charm)) = (&app.revision, &app.charm) else { continue };
        let charm = charm.get();
        if charm.is_empty() || is_local_path(charm) {
            continue;
        }
        if !parse_charm_url(charm).is_ok_and(|url| url.schema == CharmSchema::Charmhub) {
            continue;
        }
        let empty_channel = match &app.channel {
            Some(channel) if !channel.get().is_empty() => continue,
            Some(channel) => Some(channel.key),
            None => None,
        };
        out.push(diagnostic(name, revision.value.use_site(), empty_channel));
    }
}
