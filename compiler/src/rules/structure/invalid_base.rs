//! # S009 invalid-base
//!
//! ## What it checks
//! A `default-base` (top of the bundle) or a `base` (machine or application) that Juju
//! cannot parse.
//! A base is `<os>@<version>` with exactly one `@`, an operating system Juju knows
//! (`ubuntu`, `centos`, ...) and a version that may carry a risk: `ubuntu@24.04`,
//! `ubuntu@22.04/stable`.
//!
//! ## Why it matters
//! Juju refuses the bundle with `bundle declares an invalid base "<base>"`,
//! `invalid base "<base>" for machine "<id>"` or
//! `application "<name>" declares an invalid base "<base>"`.
//! Writing a series where a base belongs (`base: jammy`) and `ubuntu:22.04` are the
//! usual slips.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! default-base: jammy
//! ```
//! Accepted:
//! ```yaml
//! default-base: ubuntu@22.04
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::{anchor_of, base_of_series};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Field, names};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S009",
    name: "invalid-base",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where a base is declared.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    /// The top-level `default-base`.
    Bundle,
    /// A machine's `base`.
    Machine(&'a str),
    /// An application's `base`.
    Application(&'a str),
}

/// The diagnostic for `base`, declared by `owner` at `span`, which fails because of
/// `problem`.
pub fn diagnostic(
    owner: Owner<'_>,
    base: &str,
    problem: &str,
    span: FileSpan,
    anchor: Option<FileSpan>,
) -> Diagnostic {
    let (subject, juju, key) = match owner {
        Owner::Bundle => (
            "the bundle".to_owned(),
            format!("bundle declares an invalid base \"{base}\""),
            "default-base",
        ),
        Owner::Machine(id) => (
            format!("machine `{id}`"),
            format!("invalid base \"{base}\" for machine \"{id}\""),
            "base",
        ),
        Owner::Application(name) => (
            format!("application `{name}`"),
            format!("application \"{name}\" declares an invalid base \"{base}\""),
            "base",
        ),
    };
    let help = if let Some(real) = base_of_series(base) {
        format!("`{base}` is a series: write `{key}: {real}`")
    } else if let Some(real) = base.split_once(':').and_then(|(os, version)| {
        let candidate = format!("{os}@{version}");
        names::base_problem(&candidate).is_none().then_some(candidate)
    }) {
        format!("write `{key}: {real}`")
    } else {
        format!("write `{key}` as `<os>@<version>`, for example `ubuntu@24.04`")
    };
    let diagnostic =
        RULE.diagnostic(format!("{subject} declares an invalid base `{base}`"), span, problem);
    let diagnostic = match anchor {
        Some(anchor) => diagnostic.with_label(anchor, "written here"),
        None => diagnostic,
    };
    diagnostic.with_note(format!("Juju refuses the bundle: {juju}")).with_help(help)
}

fn check_field(owner: Owner<'_>, field: Option<&Field<String>>, out: &mut Vec<Diagnostic>) {
    let Some(field) = field else { return };
    let base = field.get();
    if base.is_empty() {
        return;
    }
    if let Some(problem) = names::base_problem(base) {
        let anchor = anchor_of(&field.value);
        out.push(diagnostic(owner, base, &problem, field.value.use_site(), anchor));
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    check_field(Owner::Bundle, bundle.default_base.as_ref(), out);
    for (id, slot) in bundle.machine_slots() {
        check_field(Owner::Machine(id), slot.body.base.as_ref(), out);
    }
    for (name, _, app) in bundle.apps() {
        check_field(Owner::Application(name), app.base.as_ref(), out);
    }
}
