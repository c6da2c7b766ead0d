//! # S025 invalid-device
//!
//! ## What it checks
//! Entries of an application's `devices:` map (devices for Kubernetes workloads).
//! The key must be a device name (lower-case, hyphen-separated parts that each contain a
//! letter).
//! The value is `[<count>,]<type>[,<key>=<value>;...]`: an optional count greater than
//! zero, a device type such as `nvidia.com/gpu`, and optional attributes.
//!
//! ## Why it matters
//! Juju refuses the bundle with `invalid device name "<name>" in application "<app>"` or
//! `invalid device "<name>" in application "<app>": <reason>`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   trainer:
//!     charm: trainer
//!     scale: 1
//!     devices:
//!       gpu: 0,nvidia.com/gpu
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   trainer:
//!     charm: trainer
//!     scale: 1
//!     devices:
//!       gpu: 1,nvidia.com/gpu
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S025",
    name: "invalid-device",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Why a device directive does not parse, or `None` when it does.
pub fn directive_problem(directive: &str) -> Option<String> {
    let fields: Vec<&str> = directive.splitn(3, ',').collect();
    let (count, kind, attributes) = match fields.as_slice() {
        [kind] => (None, *kind, None),
        [count, kind] => (Some(*count), *kind, None),
        [count, kind, attributes] => (Some(*count), *kind, Some(*attributes)),
        _ => return Some("the directive is empty".to_owned()),
    };
    if let Some(count) = count
        && !count.is_empty()
        && count.parse::<i64>().map_or(true, |count| count <= 0)
    {
        return Some(format!("the count must be a number greater than zero, not `{count}`"));
    }
    if kind.is_empty() {
        return Some("no device type: write `[<count>,]<type>`".to_owned());
    }
    if let Some(attributes) = attributes {
        for pair in attributes.split(';') {
            if pair.split('=').count() != 2 {
                return Some(format!("attribute `{pair}` is not `key=value`"));
            }
        }
    }
    None
}

/// What is wrong with one device entry.
#[derive(Clone, Debug)]
pub enum Problem {
    /// The device name does not follow the grammar.
    Name,
    /// The directive does not parse, and why.
    Directive(String),
}

/// The diagnostic for device `device` of application `app`, with `problem` at `span`.
pub fn diagnostic(app: &str, device: &str, problem: &Problem, span: FileSpan) -> Diagnostic {
    match problem {
        Problem::Name => RULE
            .diagnostic(
                format!("invalid device name `{device}` in application `{app}`"),
                span,
                "not a device name",
            )
            .with_note(format!(
                "Juju refuses the bundle: invalid device name \"{device}\" in application \"{app}\"; device names are lower-case words joined by hyphens"
            ))
            .with_help("use the device name the charm declares in its metadata"),
        Problem::Directive(reason) => RULE
            .diagnostic(
                format!("invalid device directive for `{device}` in application `{app}`"),
                span,
                reason.clone(),
            )
            .with_note(format!(
                "Juju refuses the bundle: invalid device \"{device}\" in application \"{app}\""
            ))
            .with_help("write `[<count>,]<type>[,<key>=<value>;...]`, for example `1,nvidia.com/gpu`"),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(devices) = &app.devices else { continue };
        for (device, field) in devices.get() {
            if !names::is_application_name(device) {
                out.push(diagnostic(name, device, &Problem::Name, field.key));
            }
            if let Some(reason) = directive_problem(field.get()) {
                let problem = Problem::Directive(reason);
                out.push(diagnostic(name, device, &problem, field.value.use_site()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::directive_problem;

    #[test]
    fn device_directives_need_a_type_and_a_positive_count() {
        for good in ["nvidia.com/gpu", "1,nvidia.com/gpu", "2,gpu,model=a100;mem=40G"] {
            assert_eq!(directive_problem(good), None, "{good}");
        }
        for bad in ["", "0,nvidia.com/gpu", "x,gpu", "2,", "2,gpu,model"] {
            assert!(directive_problem(bad).is_some(), "{bad}");
        }
    }
}
