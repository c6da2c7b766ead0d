//! # O001 unmet-required-option
//!
//! ## What it checks
//! Each `[[options.required]]` entry of the site policy names applications and option
//! values. Every named application that the bundle deploys must set each of those options,
//! to that value.
//!
//! Values are compared as Juju reads them for the option's type: a YAML integer, a float or
//! a boolean matches the same value in the policy, and so does a string that parses to it
//! (`"8192"` for `8192`, `"true"` for `true`), because Juju converts a string into the
//! option's declared type when it sets the option.
//! An integer also matches an equal float in the policy, as a float option takes whole
//! numbers.
//! A string in the policy matches only a YAML string: Juju does not turn a number into a
//! string for a string option, it refuses it.
//!
//! An application the policy names but the bundle does not deploy is not reported here.
//!
//! ## Why it matters
//! These are the settings the site depends on: memory held back from guests on compute
//! hosts, image conversion, policy overrides.
//! A bundle without them deploys and runs, but not the way the site was sized and tested.
//!
//! The check looks at what gets deployed: the bundle with every overlay merged in, so a
//! value an overlay sets or changes counts.
//!
//! Values of options the policy marks secret (`options.secret`) are never shown, neither the
//! bundle's value nor the one the policy requires; the diagnostic names the option only.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [[options.required]]
//! applications = ["nova-compute"]
//! values = { reserved-host-memory = 8192 }
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   nova-compute:
//!     charm: nova-compute
//!     options:
//!       reserved-host-memory: 4096
//! ```
//! Accepted: `reserved-host-memory: 8192` (or `"8192"`).
//!
//! ## Fix
//! Unsafe: a different value is replaced by the policy's value, in place (a string keeps
//! its quotes); a missing option is added to the application's `options` mapping, next to
//! its last entry. It changes what gets deployed, and the bundle's value may be a
//! deliberate exception that the policy should record instead, so `bundlec fix` applies it
//! only with `--unsafe`. A value reached through a YAML alias is shared with other places
//! and gets no fix, and so does a secret option: a fix would carry the secret value.
//!
//! ## Policy
//! `options.required` (`applications` and `values`) lists what is required;
//! `options.secret` decides which values are never shown.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{push_guarded, secret_safe_span, written_value};
use crate::diagnostics::{Diagnostic, Severity};
use crate::fix::edits::{insert_entry_after, plain_or_quoted, set_scalar};
use crate::fix::{Edit, Fix};
use crate::ir::{Application, Spanned, Value};
use crate::policy::OptionValue;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O001",
    name: "unmet-required-option",
    family: Family::Options,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is wrong with a required option.
pub enum Problem {
    /// The application does not set it; the span is its `options` key or its name.
    Missing {
        /// Where the option would go.
        at: FileSpan,
        /// Whether `at` is the `options` key (else the application's name).
        options_key: bool,
    },
    /// It has another value.
    Different {
        /// Where the value is written (the anchor, for an aliased value); or, when that line
        /// holds a secret, the nearest enclosing key whose line holds none.
        at: FileSpan,
        /// The alias that brings the value to this application, if any.
        alias: Option<FileSpan>,
        /// The value as written, shortened; `None` for a secret option.
        current: Option<String>,
        /// Whether `at` was moved off the value's line because that line holds a secret.
        moved: bool,
    },
}

/// The diagnostic for option `option` of `app`, which the site policy requires to be
/// `required` (`None` when the value is secret); `policy_at` is the policy entry.
pub fn diagnostic(
    app: &str,
    option: &str,
    required: Option<&str>,
    problem: Problem,
    policy_at: Option<FileSpan>,
) -> Diagnostic {
    let wanted = required.map_or_else(
        || "the value the site policy requires".to_owned(),
        |value| format!("`{value}`"),
    );
    let set_help = match required {
        Some(value) => format!("set `{option}: {value}` in the options of `{app}`"),
        None => format!("set `{option}` of `{app}` to the value the site policy requires"),
    };
    let mut diagnostic = match problem {
        Problem::Missing { at, options_key } => {
            let label = if options_key {
                format!("no `{option}` in these options")
            } else {
                format!("`{app}` sets no `{option}`")
            };
            RULE.diagnostic(
                format!("`{app}` does not set `{option}`, which the site policy requires"),
                at,
                label,
            )
        }
        Problem::Different { at, alias, current, moved } => {
            let message = match (current, required) {
                (Some(current), Some(value)) => {
                    format!(
                        "`{option}` of `{app}` is `{current}`, the site policy requires `{value}`"
                    )
                }
                _ => format!("`{option}` of `{app}` is not the value the site policy requires"),
            };
            let label = if moved {
                format!(
                    "`{option}` is set in here; its line is not shown because it holds a secret value"
                )
            } else {
                format!("should be {wanted}")
            };
            let mut diagnostic = RULE.diagnostic(message, at, label);
            if let Some(alias) = alias {
                diagnostic = diagnostic
                    .with_label(alias, format!("`{app}` takes this value through an alias"))
                    .with_note("the value is shared through a YAML anchor: changing it there changes every place that uses it");
            }
            diagnostic
        }
    };
    if let Some(policy_at) = policy_at {
        let label = match required {
            Some(value) => format!("the site policy requires `{option} = {value}`"),
            None => {
                format!("the site policy requires a value for `{option}` of these applications")
            }
        };
        diagnostic = diagnostic.with_label(policy_at, label);
    }
    diagnostic
        .with_note("the site policy records the settings the deployment depends on; without this one it still deploys, but does not run the way the site expects")
        .with_help(set_help)
}

/// The policy value as the policy writes it.
fn shown(value: &OptionValue) -> String {
    match value {
        OptionValue::Bool(it) => it.to_string(),
        OptionValue::Int(it) => it.to_string(),
        OptionValue::Float(it) => it.to_string(),
        OptionValue::Str(it) => format!("\"{it}\""),
    }
}

/// Whether `value` in the bundle gives the option the value `required`, as Juju converts
/// strings into the option's type.
pub(crate) fn satisfies(value: &Value, required: &OptionValue) -> bool {
    match (required, value) {
        (OptionValue::Bool(want), Value::Bool(have)) => want == have,
        (OptionValue::Bool(want), Value::Str(have)) => parse_bool(&have.text) == Some(*want),
        (OptionValue::Int(want), Value::Int(have)) => want == have,
        (OptionValue::Int(want), Value::Str(have)) => have.text.trim().parse::<i64>() == Ok(*want),
        (OptionValue::Float(want), Value::Float(have)) => same_float(*want, *have),
        #[expect(clippy::cast_precision_loss, reason = "Juju makes the same conversion")]
        (OptionValue::Float(want), Value::Int(have)) => same_float(*want, *have as f64),
        (OptionValue::Float(want), Value::Str(have)) => {
            have.text.trim().parse::<f64>().is_ok_and(|have| same_float(*want, have))
        }
        (OptionValue::Str(want), Value::Str(have)) => *want == have.text,
        _ => false,
    }
}

fn same_float(a: f64, b: f64) -> bool {
    a.total_cmp(&b).is_eq()
}

/// Booleans as Go's `strconv.ParseBool` reads them, which Juju uses for string values.
fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let rules = &ctx.policy.raw.options.required;
    if rules.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    for entry in rules {
        for app_name in entry.applications.get() {
            let Some(slot) = ctx.bundle.applications.get(app_name) else { continue };
            let Some(app) = &slot.body else { continue };
            for (option, required) in &entry.values {
                let secret = ctx.policy.is_secret(app_name, option);
                let policy_at = if secret {
                    ctx.policy.span_of(&entry.applications)
                } else {
                    ctx.policy.span_of(required)
                };
                let wanted = (!secret).then(|| shown(required.get()));
                let Some(problem) = problem(ctx, app, &slot.name, option, required.get(), secret)
                else {
                    continue;
                };
                let fix = fix(ctx, app, app_name, option, required.get(), secret);
                let found = diagnostic(app_name, option, wanted.as_deref(), problem, policy_at)
                    .with_fix_if(fix);
                push_guarded(ctx, out, found);
            }
        }
    }
}

/// The policy's value in YAML form.
fn yaml_value(value: &OptionValue) -> String {
    match value {
        OptionValue::Bool(it) => it.to_string(),
        OptionValue::Int(it) => it.to_string(),
        OptionValue::Float(it) => it.to_string(),
        OptionValue::Str(it) => plain_or_quoted(it),
    }
}

/// The edit that makes `option` of `app` hold `required`.
fn fix(
    ctx: &Context<'_>,
    app: &Application,
    app_name: &str,
    option: &str,
    required: &OptionValue,
    secret: bool,
) -> Option<Fix> {
    // A fix would carry the secret in its edit, where a debug log could show it.
    if secret {
        return None;
    }
    let title = format!("set `{option}` of `{app_name}` to `{}`", yaml_value(required));
    let edit = match app.option(option) {
        Some(field) if field.value.alias.is_some() => return None,
        Some(field) => match required {
            OptionValue::Str(text) => set_scalar(ctx.sources, field.value.span, text)?,
            // An empty `key:` needs a space before the new value.
            other if ctx.sources.slice(field.value.span).is_empty() => {
                Edit::replace(field.value.span, format!(" {}", yaml_value(other)))
            }
            other => Edit::replace(field.value.span, yaml_value(other)),
        },
        None => {
            let options = app.options.as_ref()?;
            let (_, last) = options.get().last()?;
            let entry =
                FileSpan::new(last.key.file, last.key.range.cover(last.value.use_site().range));
            insert_entry_after(ctx.sources, entry, option, &yaml_value(required))?
        }
    };
    Fix::unsafe_edit(title, vec![edit])
}

/// What is wrong with `option` of `app`, if anything.
fn problem(
    ctx: &Context<'_>,
    app: &Application,
    name: &Spanned<String>,
    option: &str,
    required: &OptionValue,
    secret: bool,
) -> Option<Problem> {
    let Some(field) = app.option(option) else {
        return Some(match &app.options {
            Some(options) => Problem::Missing { at: options.key, options_key: true },
            None => Problem::Missing { at: name.use_site(), options_key: false },
        });
    };
    if satisfies(field.get(), required) {
        return None;
    }
    let secrets = ctx.secret_lines();
    let written = field.value.span;
    if secret || secrets.touches(ctx, written) {
        let at = secret_safe_span(ctx, field.key)?;
        let current = (!secret).then(|| written_value(ctx, written));
        return Some(Problem::Different { at, alias: None, current, moved: at != field.key });
    }
    let current = Some(written_value(ctx, written));
    Some(Problem::Different { at: written, alias: field.value.alias, current, moved: false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::StrValue;

    fn string(text: &str) -> Value {
        Value::Str(StrValue { text: text.to_owned(), quoted: true, include: None })
    }

    #[test]
    fn a_string_that_juju_converts_to_the_value_matches() {
        assert!(satisfies(&string("8192"), &OptionValue::Int(8192)));
        assert!(satisfies(&string("true"), &OptionValue::Bool(true)));
        assert!(satisfies(&string("0.25"), &OptionValue::Float(0.25)));
        assert!(!satisfies(&string("8192k"), &OptionValue::Int(8192)));
        assert!(!satisfies(&string("yes"), &OptionValue::Bool(true)));
    }

    #[test]
    fn types_match_strictly_otherwise() {
        assert!(satisfies(&Value::Int(8192), &OptionValue::Int(8192)));
        assert!(!satisfies(&Value::Int(4096), &OptionValue::Int(8192)));
        assert!(!satisfies(&Value::Float(8192.0), &OptionValue::Int(8192)));
        assert!(satisfies(&Value::Int(1), &OptionValue::Float(1.0)));
        assert!(!satisfies(&Value::Int(8192), &OptionValue::Str("8192".to_owned())));
        assert!(!satisfies(&Value::Bool(true), &OptionValue::Str("true".to_owned())));
        assert!(!satisfies(&Value::Null, &OptionValue::Bool(false)));
    }
}
