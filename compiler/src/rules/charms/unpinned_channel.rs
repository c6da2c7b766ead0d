//! # C001 unpinned-channel
//!
//! ## What it checks
//! When the site policy sets `channels.require`, every application deployed from Charmhub
//! must name its `channel`.
//! An empty channel counts as none.
//! Local charms (`./path`, `/path`, `local:`) have no channel and are not checked.
//!
//! ## Why it matters
//! Without a channel, Juju deploys whatever the charm's default channel holds on the day of
//! the deploy.
//! Two deploys of the same bundle can then run different charm versions, and a version the
//! site never tested can reach its machines.
//!
//! The check looks at what gets deployed: the bundle with every overlay merged in, so a
//! channel an overlay adds counts.
//! A channel that is present but differs from the site's matrix is `C002`.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [channels]
//! require = true
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
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
//! Safe, when `channels.charms` names the charm: `channel: <matrix channel>` is added on
//! the line after `charm:` with the same indentation (after a comma in a flow mapping), or
//! written into an empty `channel:`. It deploys what the site has declared it runs. Without
//! a matrix entry there is no channel to add, and no fix.
//!
//! ## Policy
//! `channels.require` turns the rule on; `channels.charms` supplies the channel the help
//! suggests, and its entry is pointed at.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::fix::edits::{insert_entry_after, plain_or_quoted, set_scalar};
use crate::ir::names::is_local_charm;
use crate::rules::options::push_guarded;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "C001",
    name: "unpinned-channel",
    family: Family::Charms,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The channel the site's matrix names for a charm, and where the policy writes it.
pub struct MatrixEntry<'a> {
    /// The channel.
    pub channel: &'a str,
    /// Its entry in the policy file.
    pub at: Option<FileSpan>,
}

/// The diagnostic for application `app` of charm `charm`, which has no channel: `at` is its
/// name, or its empty `channel` value; `empty` says which.
pub fn diagnostic(
    app: &str,
    charm: &str,
    at: FileSpan,
    empty: bool,
    matrix: Option<MatrixEntry<'_>>,
) -> Diagnostic {
    let (message, label) = if empty {
        (format!("application `{app}` has an empty channel"), "empty channel")
    } else {
        (format!("application `{app}` has no channel"), "no `channel` for this application")
    };
    let mut diagnostic = RULE.diagnostic(message, at, label).with_note(
        "the site policy requires a channel for every charm: without one, Juju deploys whatever the charm's default channel holds that day",
    );
    match matrix {
        Some(entry) => {
            if let Some(entry_at) = entry.at {
                diagnostic = diagnostic.with_label(
                    entry_at,
                    format!("the site's matrix pins charm `{charm}` to `{}`", entry.channel),
                );
            }
            diagnostic.with_help(format!("add `channel: {}` to `{app}`", entry.channel))
        }
        None => diagnostic.with_help(format!(
            "add the `channel:` the site has tested to `{app}`, e.g. `channel: <track>/stable`, and record it under `[channels.charms]`"
        )),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if !ctx.policy.raw.channels.require || ctx.scope != Scope::Merged {
        return;
    }
    for (name, slot, app) in ctx.bundle.apps() {
        let Some(charm) = &app.charm else { continue };
        if is_local_charm(charm.get()) {
            continue;
        }
        let (at, empty) = match &app.channel {
            Some(channel) if channel.get().trim().is_empty() => (channel.value.span, true),
            Some(_) => continue,
            None => (slot.name.use_site(), false),
        };
        let charm_name = app.charm_name().unwrap_or(name);
        let matrix = ctx
            .policy
            .raw
            .channels
            .charms
            .get(charm_name)
            .map(|entry| MatrixEntry { channel: entry.get(), at: ctx.policy.span_of(entry) });
        let fix = ctx.policy.raw.channels.charms.get(charm_name).and_then(|wanted| {
            let edit = match &app.channel {
                Some(channel) => set_scalar(ctx.sources, channel.value.span, wanted.get())?,
                None => {
                    let use_site = charm.value.use_site();
                    let entry = FileSpan::new(use_site.file, charm.key.range.cover(use_site.range));
                    insert_entry_after(
                        ctx.sources,
                        entry,
                        "channel",
                        &plain_or_quoted(wanted.get()),
                    )?
                }
            };
            Fix::safe(format!("pin `{name}` to channel `{}`", wanted.get()), vec![edit])
        });
        push_guarded(ctx, out, diagnostic(name, charm_name, at, empty, matrix).with_fix_if(fix));
    }
}
