//! # C002 off-matrix-channel
//!
//! ## What it checks
//! An application whose `channel` differs from the one the site's channel matrix
//! (`[channels.charms]`) names for its charm.
//! The matrix is keyed by charm name, so every application of a charm (all the `hacluster`
//! or `mysql-router` subordinates, say) must use the same channel.
//! Channels are compared as Juju reads them: `2024.1` is `2024.1/stable`, and `stable` is
//! `latest/stable`.
//! Charms the matrix does not name, local charms, and applications without a channel
//! (`C001`) are not checked.
//!
//! ## Why it matters
//! A site tests its charms together, as one set of versions.
//! A charm from another track may speak an older or newer version of a relation, or expect
//! another database schema, than the charms around it; the deploy succeeds and the
//! trouble shows later, often during an upgrade.
//!
//! The check looks at what gets deployed: the bundle with every overlay merged in, so a
//! channel an overlay sets counts.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [channels.charms]
//! glance = "2024.1/stable"
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   glance:
//!     charm: glance
//!     channel: 2023.2/stable
//! ```
//! Accepted: `channel: 2024.1/stable` (or `channel: "2024.1"`).
//!
//! ## Fix
//! Safe: the channel is set to the matrix's channel, in place, keeping its quotes and any
//! comment; the matrix is what the site has declared it runs. A channel that comes through
//! a YAML anchor is rewritten once, at the anchor, and only when every application that
//! uses the anchor expects the same channel; otherwise no fix is offered.
//!
//! ## Policy
//! `channels.charms`: charm name to the channel it must use.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::same_channel;
use crate::diagnostics::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::fix::edits::set_scalar;
use crate::ir::names::is_local_charm;
use crate::rules::options::push_guarded;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "C002",
    name: "off-matrix-channel",
    family: Family::Charms,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where a channel is written and used.
#[derive(Clone, Copy, Debug)]
pub struct ChannelAt {
    /// Where the value is written (the anchor, for an aliased value).
    pub written: FileSpan,
    /// The alias that brings it to the application, if any.
    pub alias: Option<FileSpan>,
}

/// The diagnostic for application `app` of charm `charm` using `channel` where the matrix
/// entry written at `matrix_at` says `expected`.
pub fn diagnostic(
    app: &str,
    charm: &str,
    channel: &str,
    expected: &str,
    at: ChannelAt,
    matrix_at: Option<FileSpan>,
) -> Diagnostic {
    let message = if app == charm {
        format!("application `{app}` uses channel `{channel}`, the site's matrix says `{expected}`")
    } else {
        format!(
            "application `{app}` uses channel `{channel}`, the site's matrix says `{expected}` for charm `{charm}`"
        )
    };
    let mut diagnostic = RULE
        .diagnostic(message, at.written, format!("should be `{expected}`"))
        .with_note("the site tests its charms together as one set of versions; a charm from another track may not work with the charms around it");
    if let Some(alias) = at.alias {
        diagnostic = diagnostic
            .with_label(alias, format!("`{app}` takes this channel through an alias"))
            .with_note("the channel is shared through a YAML anchor: changing it there changes every application that uses it");
    }
    if let Some(matrix_at) = matrix_at {
        diagnostic =
            diagnostic.with_label(matrix_at, format!("the site's matrix entry for `{charm}`"));
    }
    diagnostic.with_help(format!("set `channel: {expected}`"))
}

/// The edit that writes `expected` where the channel is written, unless another application
/// shares that place and expects something else.
fn fix(ctx: &Context<'_>, written: FileSpan, expected: &str, app: &str) -> Option<Fix> {
    let matrix = &ctx.policy.raw.channels.charms;
    let shared_with_other_expectation = ctx.bundle.apps().any(|(_, _, other)| {
        other.channel.as_ref().is_some_and(|channel| channel.value.span == written)
            && other
                .charm_name()
                .and_then(|charm| matrix.get(charm))
                .is_some_and(|wanted| !same_channel(wanted.get(), expected))
    });
    if shared_with_other_expectation {
        return None;
    }
    let edit = set_scalar(ctx.sources, written, expected)?;
    Fix::safe(format!("set the channel of `{app}` to `{expected}`"), vec![edit])
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let matrix = &ctx.policy.raw.channels.charms;
    if matrix.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let (Some(charm), Some(channel)) = (&app.charm, &app.channel) else { continue };
        if is_local_charm(charm.get()) || channel.get().trim().is_empty() {
            continue;
        }
        let charm_name = app.charm_name().unwrap_or(name);
        let Some(expected) = matrix.get(charm_name) else { continue };
        if same_channel(channel.get(), expected.get()) {
            continue;
        }
        let at = ChannelAt { written: channel.value.span, alias: channel.value.alias };
        let found = diagnostic(
            name,
            charm_name,
            channel.get(),
            expected.get(),
            at,
            ctx.policy.span_of(expected),
        )
        .with_fix_if(fix(ctx, channel.value.span, expected.get(), name));
        push_guarded(ctx, out, found);
    }
}
