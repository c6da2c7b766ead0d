//! # N009 unbound-default-endpoint
//!
//! ## What it checks
//! With `require-default-binding = true`, an application whose `bindings` has no `""`
//! entry, or that has no `bindings` at all.
//! Subordinates are included: their endpoints are bound like any other.
//!
//! ## Why it matters
//! Juju binds every endpoint that the bundle does not bind to the model's default space.
//! On a MAAS cloud with several spaces, that is rarely the space the site means, and the
//! containers of the application get interfaces on the wrong network, or none on the one
//! it needs.
//! Binding `""` explicitly makes the space of every unlisted endpoint visible in the
//! bundle.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [spaces]
//! require-default-binding = true
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   vault:
//!     charm: vault
//!     bindings:
//!       access: metal
//! ```
//! Accepted:
//! ```yaml
//!     bindings:
//!       "": metal
//!       access: metal
//! ```
//!
//! ## Fix
//! None yet.
//! The help suggests the space most applications bind `""` to; adding it changes where
//! the units' endpoints live, so a fix would be unsafe.
//!
//! ## Policy
//! Reads `[spaces] require-default-binding`, and `[spaces.known]` for the suggestion.
//! Does nothing unless `require-default-binding = true`.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N009",
    name: "unbound-default-endpoint",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for `app`, whose default endpoint is not bound; `span` is its
/// `bindings` key (`has_bindings`) or its name, and `space` the space to suggest.
pub fn diagnostic(
    app: &str,
    span: FileSpan,
    has_bindings: bool,
    space: Option<&str>,
) -> Diagnostic {
    let (message, label) = if has_bindings {
        (format!("`{app}` does not bind its default endpoint `\"\"`"), "no `\"\"` entry")
    } else {
        (
            format!("`{app}` has no `bindings`, so its default endpoint `\"\"` is not bound"),
            "no `bindings`",
        )
    };
    let space = space.unwrap_or("<space>");
    let help = if has_bindings {
        format!("add `\"\": {space}` under `bindings`")
    } else {
        format!("add `bindings:` with `\"\": {space}`")
    };
    RULE.diagnostic(message, span, label)
        .with_note(
            "Juju binds every endpoint the bundle leaves unbound to the model's default space, \
             which the site policy does not rely on",
        )
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let spaces = &ctx.policy.raw.spaces;
    if ctx.scope != Scope::Merged || !spaces.require_default_binding {
        return;
    }
    let suggestion =
        most_common_default(ctx).or_else(|| spaces.known.keys().next().map(String::as_str));
    for (name, slot, app) in ctx.bundle.apps() {
        match &app.bindings {
            Some(bindings) if bindings.get().contains_key("") => {}
            Some(bindings) => out.push(diagnostic(name, bindings.key, true, suggestion)),
            None => out.push(diagnostic(name, slot.name.use_site(), false, suggestion)),
        }
    }
}

/// The space most applications bind `""` to (the first one written on a tie).
fn most_common_default<'a>(ctx: &Context<'a>) -> Option<&'a str> {
    let mut counts: Vec<(&'a str, usize)> = Vec::new();
    for (_, _, app) in ctx.bundle.apps() {
        let Some(space) = app.bindings.as_ref().and_then(|it| it.get().get("")) else { continue };
        let space = space.get().as_str();
        match counts.iter_mut().find(|(known, _)| *known == space) {
            Some((_, count)) => *count += 1,
            None => counts.push((space, 1)),
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max()?;
    counts.into_iter().find(|(_, count)| *count == best).map(|(space, _)| space)
}
