//! # S008 invalid-series
//!
//! ## What it checks
//! A `series` (at the top of the bundle, on a machine or on an application) that is not
//! a series name: a lower-case word of letters and digits that starts with a letter, such
//! as `jammy` or `focal`.
//! Values such as `Jammy`, `22.04` or `ubuntu@22.04` are flagged.
//!
//! ## Why it matters
//! Juju refuses the bundle with `bundle declares an invalid series "<series>"`,
//! `invalid series "<series>" for machine "<id>"` or
//! `application "<name>" declares an invalid series "<series>"`.
//! A base written under `series` is a common slip since Juju 3 moved from series to bases.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! series: "22.04"
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

use super::super::{Check, Context, Family, FixAvailability, Rule, Status, closest};
use super::juju_values::{SERIES_BASES, anchor_of, base_of_series};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Field, names};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S008",
    name: "invalid-series",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where a series is declared.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    /// The top-level `series`.
    Bundle,
    /// A machine's `series`.
    Machine(&'a str),
    /// An application's `series`.
    Application(&'a str),
}

/// The diagnostic for `series`, declared by `owner` at `span`.
pub fn diagnostic(
    owner: Owner<'_>,
    series: &str,
    span: FileSpan,
    anchor: Option<FileSpan>,
) -> Diagnostic {
    let (subject, juju, base_key) = match owner {
        Owner::Bundle => (
            "the bundle".to_owned(),
            format!("bundle declares an invalid series \"{series}\""),
            "default-base",
        ),
        Owner::Machine(id) => (
            format!("machine `{id}`"),
            format!("invalid series \"{series}\" for machine \"{id}\""),
            "base",
        ),
        Owner::Application(name) => (
            format!("application `{name}`"),
            format!("application \"{name}\" declares an invalid series \"{series}\""),
            "base",
        ),
    };
    let help = if names::base_problem(series).is_none() {
        format!("this is a base: write `{base_key}: {series}` instead")
    } else if let Some((_, os, version)) =
        SERIES_BASES.iter().find(|(_, _, version)| *version == series)
    {
        format!("write `{base_key}: {os}@{version}` instead")
    } else if let Some(known) =
        closest(&series.to_ascii_lowercase(), SERIES_BASES.iter().map(|(name, ..)| *name)).or_else(
            || {
                SERIES_BASES
                    .iter()
                    .map(|(name, ..)| *name)
                    .find(|name| series.to_ascii_lowercase().starts_with(&format!("{name}-")))
            },
        )
    {
        let base = base_of_series(known).unwrap_or_default();
        format!("write `{base_key}: {base}` (series `{known}`)")
    } else {
        format!("use `{base_key}` with a base such as `ubuntu@24.04`")
    };
    let diagnostic = RULE.diagnostic(
        format!("{subject} declares an invalid series `{series}`"),
        span,
        "not a series name",
    );
    let diagnostic = match anchor {
        Some(anchor) => diagnostic.with_label(anchor, "written here"),
        None => diagnostic,
    };
    diagnostic
        .with_note(format!(
            "Juju refuses the bundle: {juju}; a series is a lower-case word such as `jammy`"
        ))
        .with_help(help)
}

fn check_field(owner: Owner<'_>, field: Option<&Field<String>>, out: &mut Vec<Diagnostic>) {
    let Some(field) = field else { return };
    let series = field.get();
    if series.is_empty() || names::is_series(series) {
        return;
    }
    out.push(diagnostic(owner, series, field.value.use_site(), anchor_of(&field.value)));
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    check_field(Owner::Bundle, bundle.series.as_ref(), out);
    for (id, slot) in bundle.machine_slots() {
        check_field(Owner::Machine(id), slot.body.series.as_ref(), out);
    }
    for (name, _, app) in bundle.apps() {
        check_field(Owner::Application(name), app.series.as_ref(), out);
    }
}
