//! # S010 series-base-mismatch
//!
//! ## What it checks
//! A bundle, machine or application that gives both a series and a base that stand for
//! different releases: `series: focal` next to `default-base: ubuntu@22.04`
//! (`ubuntu@22.04` is `jammy`).
//! Only pairs whose base is a release bundlec knows are compared.
//!
//! ## Why it matters
//! Juju 3 accepts either form, but when both are given they must agree; otherwise the
//! deploy stops with `bundle series "<series>" and base "<base>" must match if both
//! supplied` (or its machine and application variants).
//! A mismatch usually means one of the two was updated and the other forgotten.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! series: focal
//! default-base: ubuntu@22.04
//! ```
//! Accepted:
//! ```yaml
//! default-base: ubuntu@22.04
//! ```
//!
//! ## Fix
//! None: which release is meant is for the author to say.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::series_of_base;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Field, names};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S010",
    name: "series-base-mismatch",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Who declares the pair.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    /// The top-level `series` and `default-base`.
    Bundle,
    /// A machine.
    Machine(&'a str),
    /// An application.
    Application(&'a str),
}

/// A series and a base that disagree.
#[derive(Clone, Copy, Debug)]
pub struct Pair<'a> {
    /// The series as written.
    pub series: &'a str,
    /// Where the series is used.
    pub series_span: FileSpan,
    /// The base as written.
    pub base: &'a str,
    /// The series the base stands for.
    pub base_series: &'a str,
    /// Where the base is used.
    pub base_span: FileSpan,
}

/// The diagnostic for `pair`, declared by `owner`.
pub fn diagnostic(owner: Owner<'_>, pair: Pair<'_>) -> Diagnostic {
    let Pair { series, series_span, base, base_series, base_span } = pair;
    let (subject, juju, base_key) = match owner {
        Owner::Bundle => (
            "the bundle's".to_owned(),
            format!("bundle series \"{series}\" and base \"{base}\" must match if both supplied"),
            "default-base",
        ),
        Owner::Machine(id) => (
            format!("machine `{id}`'s"),
            format!(
                "machine \"{id}\" series \"{series}\" and base \"{base}\" must match if both supplied"
            ),
            "base",
        ),
        Owner::Application(name) => (
            format!("application `{name}`'s"),
            format!(
                "application \"{name}\" series \"{series}\" and base \"{base}\" must match if both supplied"
            ),
            "base",
        ),
    };
    RULE.diagnostic(
        format!("{subject} series `{series}` does not match its base `{base}`"),
        series_span,
        format!("series `{series}`"),
    )
    .with_label(base_span, format!("`{base}` is `{base_series}`"))
    .with_note(format!("Juju refuses the bundle: {juju}"))
    .with_help(format!(
        "remove `series` and keep `{base_key}`, which Juju 3 prefers; or make the two name the same release"
    ))
}

fn check_pair(
    owner: Owner<'_>,
    series: Option<&Field<String>>,
    base: Option<&Field<String>>,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(series), Some(base)) = (series, base) else { return };
    let (series_text, base_text) = (series.get(), base.get());
    if series_text.is_empty() || names::base_problem(base_text).is_some() {
        return;
    }
    // LIMIT: a base newer than the series table is not compared.
    let Some(base_series) = series_of_base(base_text) else { return };
    if base_series == series_text {
        return;
    }
    let pair = Pair {
        series: series_text,
        series_span: series.value.use_site(),
        base: base_text,
        base_series,
        base_span: base.value.use_site(),
    };
    out.push(diagnostic(owner, pair));
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    check_pair(Owner::Bundle, bundle.series.as_ref(), bundle.default_base.as_ref(), out);
    for (id, slot) in bundle.machine_slots() {
        check_pair(Owner::Machine(id), slot.body.series.as_ref(), slot.body.base.as_ref(), out);
    }
    for (name, _, app) in bundle.apps() {
        check_pair(Owner::Application(name), app.series.as_ref(), app.base.as_ref(), out);
    }
}
