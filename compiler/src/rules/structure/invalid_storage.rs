//! # S024 invalid-storage
//!
//! ## What it checks
//! Entries of an application's `storage:` map.
//! The key must be a storage name (lower-case, hyphen-separated parts that each contain a
//! letter, such as `osd-devices`).
//! The value is a storage directive: a comma-separated list, in any order, of a pool name
//! (`cinder`, `ebs-ssd`), a size (`10G`, `1.5T`, `20GiB`) and a count greater than zero
//! (`3`); at least one of them must be given, and at most one pool.
//!
//! ## Why it matters
//! Juju refuses the bundle with `invalid storage name "<name>" in application "<app>"`
//! or `invalid storage "<name>" in application "<app>": <reason>`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   ceph-osd:
//!     charm: ceph-osd
//!     num_units: 3
//!     storage:
//!       osd_devices: cinder,10G
//!       osd-journals: cinder,ssd,8G
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   ceph-osd:
//!     charm: ceph-osd
//!     num_units: 3
//!     storage:
//!       osd-devices: cinder,10G,2
//!       osd-journals: ssd,8G
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use std::sync::LazyLock;

use regex::Regex;

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S024",
    name: "invalid-storage",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

static POOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^[a-zA-Z]+[-?a-zA-Z0-9]*$").expect("the pool grammar is valid"));
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("^-?[0-9]+$").expect("the count grammar is valid"));
static SIZE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(-?[0-9]+(?:\.[0-9]+)?)(?:[MGTPEZY](?:i?B)?)?$")
        .expect("the size grammar is valid")
});

/// Why a storage directive does not parse, or `None` when it does.
pub fn directive_problem(directive: &str) -> Option<String> {
    let mut pool: Option<&str> = None;
    let mut anything = false;
    for field in directive.split(',').filter(|field| !field.is_empty()) {
        if POOL.is_match(field) {
            if let Some(first) = pool {
                return Some(format!("two pools, `{first}` and `{field}`; give at most one"));
            }
            pool = Some(field);
            anything = true;
        } else if COUNT.is_match(field) {
            if field.parse::<u64>().map_or(true, |count| count == 0) {
                return Some(format!("the count must be greater than zero, not `{field}`"));
            }
            anything = true;
        } else if let Some(captures) = SIZE.captures(field) {
            let number = captures.get(1).map_or("", |it| it.as_str());
            if number.starts_with('-') {
                return Some(format!("the size cannot be negative, `{field}`"));
            }
            anything |= number.parse::<f64>().is_ok_and(|size| size > 0.0);
        } else {
            return Some(format!("`{field}` is not a pool, a size or a count"));
        }
    }
    (!anything).then(|| "give at least a pool, a size or a count".to_owned())
}

/// What is wrong with one storage entry.
#[derive(Clone, Debug)]
pub enum Problem {
    /// The storage name does not follow the grammar.
    Name,
    /// The directive does not parse, and why.
    Directive(String),
}

/// The diagnostic for storage `storage` of application `app`, with `problem` at `span`.
pub fn diagnostic(app: &str, storage: &str, problem: &Problem, span: FileSpan) -> Diagnostic {
    match problem {
        Problem::Name => {
            let candidate = storage.to_ascii_lowercase().replace('_', "-");
            let help = if names::is_application_name(&candidate) {
                format!("use the name the charm declares, probably `{candidate}`")
            } else {
                "use the storage name the charm declares in its metadata".to_owned()
            };
            RULE.diagnostic(
                format!("invalid storage name `{storage}` in application `{app}`"),
                span,
                "not a storage name",
            )
            .with_note(format!(
                "Juju refuses the bundle: invalid storage name \"{storage}\" in application \"{app}\"; storage names are lower-case words joined by hyphens"
            ))
            .with_help(help)
        }
        Problem::Directive(reason) => RULE
            .diagnostic(
                format!("invalid storage directive for `{storage}` in application `{app}`"),
                span,
                reason.clone(),
            )
            .with_note(format!(
                "Juju refuses the bundle: invalid storage \"{storage}\" in application \"{app}\""
            ))
            .with_help(
                "write `[<pool>,][<size>,][<count>]` in any order, for example `cinder,10G,2`",
            ),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(storage) = &app.storage else { continue };
        for (storage_name, field) in storage.get() {
            if !names::is_application_name(storage_name) {
                out.push(diagnostic(name, storage_name, &Problem::Name, field.key));
            }
            if let Some(reason) = directive_problem(field.get()) {
                let problem = Problem::Directive(reason);
                out.push(diagnostic(name, storage_name, &problem, field.value.use_site()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::directive_problem;

    #[test]
    fn storage_directives_follow_juju_grammar() {
        for good in ["cinder,10G", "10G", "cinder,10G,2", "3,ebs-ssd,0.5T", "20GB", "8G,1", "p,1M,"]
        {
            assert_eq!(directive_problem(good), None, "{good}");
        }
        for bad in ["", ",", "cinder,ssd", "p,0,100M", "p,-1", "p,-100M", "10 G", "$1234"] {
            assert!(directive_problem(bad).is_some(), "{bad}");
        }
    }
}
