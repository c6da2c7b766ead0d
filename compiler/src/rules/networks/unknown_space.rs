//! # N010 unknown-space
//!
//! ## What it checks
//! A binding to a space that is not in `[spaces.known]`, with the closest known space as
//! a suggestion.
//! A space name that comes through a YAML anchor is reported once, at the anchor's value,
//! with the bindings that use it marked.
//!
//! ## Why it matters
//! Juju refuses to deploy an application bound to a space the model does not have, but
//! only when the deploy runs, after earlier applications are already in place.
//! A space that exists in the model but not in the site's plan puts the application's
//! endpoints on a network the site did not mean.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [spaces.known]
//! metal = "metal"
//! provider = "provider"
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     bindings:
//!       "": metal
//!       public: provder
//! ```
//! Accepted: `public: provider`.
//!
//! ## Fix
//! None yet.
//! Replacing a misspelt name with the suggested one would be safe when exactly one known
//! space is close, as the deploy cannot succeed with the unknown one.
//!
//! ## Policy
//! Reads `[spaces.known]` (the spaces that exist, with their networks).
//! Does nothing without `[spaces.known]`.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use super::backticked;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N010",
    name: "unknown-space",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Most bindings marked where an anchored space name is used.
const MAX_USE_LABELS: usize = 3;

/// One binding to the unknown space.
pub struct Binding<'a> {
    /// The application.
    pub app: &'a str,
    /// The endpoint, `""` for the default.
    pub endpoint: &'a str,
    /// Where the binding takes the name through an alias, if it does.
    pub alias: Option<FileSpan>,
}

/// The diagnostic for space `space`, written at `span` and used by `bindings` (at least
/// one), which is not one of the `known` spaces; `suggestion` is a close known name.
pub fn diagnostic(
    space: &str,
    span: FileSpan,
    bindings: &[Binding<'_>],
    known: &[&str],
    suggestion: Option<&str>,
) -> Diagnostic {
    let message = match bindings {
        [binding] => format!(
            "`{}` binds {} to space `{space}`, which is not one of the site's spaces",
            binding.app,
            endpoint_phrase(binding.endpoint)
        ),
        _ => format!(
            "space `{space}`, used by {} bindings, is not one of the site's spaces",
            bindings.len()
        ),
    };
    let mut diagnostic = RULE.diagnostic(message, span, "unknown space").with_note(format!(
        "the site's spaces are {}; Juju refuses to deploy a binding to a space the model \
         does not have, and another space puts the endpoint on a network the site did not plan",
        backticked(known.iter().copied())
    ));
    for binding in bindings.iter().take(MAX_USE_LABELS) {
        if let Some(alias) = binding.alias {
            diagnostic = diagnostic.with_label(
                alias,
                format!("`{}` binds {} here", binding.app, endpoint_phrase(binding.endpoint)),
            );
        }
    }
    if bindings.len() > MAX_USE_LABELS {
        diagnostic = diagnostic.with_note(match bindings.len() - MAX_USE_LABELS {
            1 => "1 more binding uses this name".to_owned(),
            more => format!("{more} more bindings use this name"),
        });
    }
    let help = match suggestion {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => "bind to one of the site's spaces, or add the space to `[spaces.known]`".to_owned(),
    };
    diagnostic.with_help(help)
}

fn endpoint_phrase(endpoint: &str) -> String {
    if endpoint.is_empty() {
        "its default endpoint `\"\"`".to_owned()
    } else {
        format!("endpoint `{endpoint}`")
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let known = &ctx.policy.raw.spaces.known;
    if ctx.scope != Scope::Merged || known.is_empty() {
        return;
    }
    // Bindings to unknown spaces, grouped by where the name is written.
    let mut groups: Vec<(FileSpan, &str, Vec<Binding<'_>>)> = Vec::new();
    for (app, _, body) in ctx.bundle.apps() {
        let Some(bindings) = &body.bindings else { continue };
        for (endpoint, space) in bindings.get() {
            if known.contains_key(space.get()) {
                continue;
            }
            let binding = Binding { app, endpoint, alias: space.value.alias };
            match groups.iter_mut().find(|(span, ..)| *span == space.value.span) {
                Some((.., uses)) => uses.push(binding),
                None => groups.push((space.value.span, space.get(), vec![binding])),
            }
        }
    }
    let names: Vec<&str> = known.keys().map(String::as_str).collect();
    for (span, space, bindings) in groups {
        let suggestion = closest(space, names.iter().copied());
        out.push(diagnostic(space, span, &bindings, &names, suggestion));
    }
}
