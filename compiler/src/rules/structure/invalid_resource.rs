//! # S027 invalid-resource
//!
//! ## What it checks
//! Entries of an application's `resources:` map.
//! The name must not be empty, and the value must be a revision number (`12`) or a path
//! to a local file (`./files/agent.tar.gz`); a boolean, a float, a list, a mapping or
//! nothing at all is flagged.
//!
//! ## Why it matters
//! Juju refuses the bundle with `missing resource name on application "<app>"` or
//! `resource revision "<app>" is not int or string` (Juju's message names the
//! application, not the resource).
//! A resource left without a value is the usual cause: in an overlay that removes the
//! resource, but in the bundle itself it is an error.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   telegraf:
//!     charm: telegraf
//!     resources:
//!       telegraf:
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   telegraf:
//!     charm: telegraf
//!     resources:
//!       telegraf: 24
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::ResourceValue;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S027",
    name: "invalid-resource",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is wrong with a resource.
#[derive(Clone, Copy, Debug)]
pub enum Problem<'a> {
    /// The name is empty.
    NoName,
    /// The value has this type, which Juju refuses.
    Value(&'a str),
}

/// The diagnostic for resource `resource` of application `app`, with `problem` at `span`.
pub fn diagnostic(app: &str, resource: &str, problem: Problem<'_>, span: FileSpan) -> Diagnostic {
    match problem {
        Problem::NoName => RULE
            .diagnostic(format!("application `{app}` has a resource without a name"), span, "empty name")
            .with_note(format!("Juju refuses the bundle: missing resource name on application \"{app}\""))
            .with_help("write the resource name the charm declares"),
        Problem::Value(found) => RULE
            .diagnostic(
                format!("resource `{resource}` of application `{app}` is neither a revision nor a path"),
                span,
                if found == "null" { "no value given".to_owned() } else { format!("found {found}") },
            )
            .with_note(format!(
                "Juju refuses the bundle: resource revision \"{app}\" is not int or string"
            ))
            .with_help("give a revision number such as `12`, or the path of a local file; remove the entry to use the charm's default"),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(resources) = &app.resources else { continue };
        for (resource, field) in resources.get() {
            if resource.is_empty() {
                out.push(diagnostic(name, resource, Problem::NoName, field.key));
            }
            if let ResourceValue::Invalid(found) = field.get() {
                // A missing value has no text of its own to point at: point at its key.
                let span = if *found == "null" { field.key } else { field.value.use_site() };
                out.push(diagnostic(name, resource, Problem::Value(found), span));
            }
        }
    }
}
