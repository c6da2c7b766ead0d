//! # O002 forbidden-option
//!
//! ## What it checks
//! An application that sets an option whose name matches one of the glob patterns of
//! `options.forbidden` in the site policy, e.g. `os-*-hostname` or `dns-ha`.
//! Every application is checked, whatever its charm. An option set to null sets nothing and
//! is not reported.
//!
//! ## Why it matters
//! A site forbids options that do not fit how it is built.
//! On an IP-only deployment, for example, `os-public-hostname` makes a charm publish a DNS
//! name that nothing resolves, and `dns-ha` makes it register its VIP in DNS instead of
//! holding it: the service deploys, and clients cannot reach it.
//!
//! The check looks at what gets deployed: the bundle with every overlay merged in.
//! If the option's value is secret (`options.secret`), the diagnostic never shows it.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [options]
//! forbidden = ["os-*-hostname", "dns-ha"]
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     options:
//!       os-public-hostname: keystone.example.com
//! ```
//! Accepted: the same application without `os-public-hostname`.
//!
//! ## Fix
//! None yet. Removing the option would be unsafe: it changes what gets deployed, and a
//! charm may need other settings in its place (a VIP instead of a host name).
//!
//! ## Policy
//! `options.forbidden` lists the patterns; `options.secret` decides which values are never
//! shown.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{push_guarded, secret_safe_span};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Value;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O002",
    name: "forbidden-option",
    family: Family::Options,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where a forbidden option is reported.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    /// The option's key, or when its line holds a secret value, the nearest enclosing key
    /// whose line holds none.
    pub at: FileSpan,
    /// Whether `at` is the option's own key.
    pub on_key: bool,
    /// The alias that brings the whole `options` map to the application, if any.
    pub alias: Option<FileSpan>,
}

/// The diagnostic for option `option` of `app`, which matches the forbidden `pattern`
/// written at `pattern_at` in the policy.
pub fn diagnostic(
    app: &str,
    option: &str,
    pattern: &str,
    place: Place,
    pattern_at: Option<FileSpan>,
) -> Diagnostic {
    let label = if place.on_key {
        "forbidden option".to_owned()
    } else {
        format!("`{option}` is set in here; its line is not shown because it holds a secret value")
    };
    let mut diagnostic = RULE
        .diagnostic(format!("`{app}` sets `{option}`, which the site policy forbids"), place.at, label)
        .with_note(
            "the site policy lists options that do not fit how this deployment is built; the charm would act on it",
        )
        .with_help(format!("remove `{option}` from the options of `{app}`"));
    if let Some(alias) = place.alias {
        diagnostic =
            diagnostic.with_label(alias, format!("`{app}` takes these options through an alias"));
    }
    if let Some(pattern_at) = pattern_at {
        let because = if pattern == option {
            "forbidden by the site policy".to_owned()
        } else {
            format!("forbidden by the site policy's pattern `{pattern}`")
        };
        diagnostic = diagnostic.with_label(pattern_at, because);
    }
    diagnostic
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.policy.raw.options.forbidden.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let Some(options) = &app.options else { continue };
        for (option, field) in options.get() {
            if matches!(field.get(), Value::Null) {
                continue;
            }
            let Some(pattern) = ctx.policy.forbidden_option(option) else { continue };
            // A key on a line that shows a secret value is pointed at from the line above.
            let Some(at) = secret_safe_span(ctx, field.key) else { continue };
            let place = Place { at, on_key: at == field.key, alias: options.value.alias };
            let found = diagnostic(name, option, pattern.get(), place, ctx.policy.span_of(pattern));
            push_guarded(ctx, out, found);
        }
    }
}
