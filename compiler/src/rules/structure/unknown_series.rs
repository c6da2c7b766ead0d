//! # S037 unknown-series
//!
//! ## What it checks
//! A `series` (at the top of the bundle, on a machine or on an application) that is
//! well formed but names no release bundlec knows: `impist` for `impish`, `jammmy` for
//! `jammy`.
//! Known series are the Ubuntu releases from `precise` (12.04) to `questing` (25.10),
//! `centos7`, `centos8`, `centos9`, `genericlinux` and `kubernetes`.
//!
//! ## Why it matters
//! Juju's bundle check only looks at the shape of a series, so a typo passes it; the
//! deploy then fails when Juju turns the series into a base and finds no such release.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! series: impist
//! ```
//! Accepted:
//! ```yaml
//! series: impish
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Warning by default: a release newer than bundlec's table is reported too.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status, closest};
use super::juju_values::{SERIES_BASES, anchor_of, base_of_series};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Field, names};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S037",
    name: "unknown-series",
    family: Family::Structure,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Series Juju knows that stand for no base in the series table.
const OTHER_SERIES: &[&str] = &["centos8", "genericlinux", "kubernetes"];

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

/// The diagnostic for unknown `series` declared by `owner` at `span`; `anchor` is where it
/// is written, if elsewhere.
pub fn diagnostic(
    owner: Owner<'_>,
    series: &str,
    span: FileSpan,
    anchor: Option<FileSpan>,
) -> Diagnostic {
    let subject = match owner {
        Owner::Bundle => "the bundle".to_owned(),
        Owner::Machine(id) => format!("machine `{id}`"),
        Owner::Application(name) => format!("application `{name}`"),
    };
    let known = SERIES_BASES.iter().map(|(name, ..)| *name).chain(OTHER_SERIES.iter().copied());
    let help = match closest(series, known) {
        Some(suggestion) => match base_of_series(suggestion) {
            Some(base) => format!("did you mean `{suggestion}` ({base})?"),
            None => format!("did you mean `{suggestion}`?"),
        },
        None => "use a base instead, such as `ubuntu@24.04`".to_owned(),
    };
    let diagnostic = RULE.diagnostic(
        format!("{subject} declares unknown series `{series}`"),
        span,
        "no release of this name",
    );
    let diagnostic = match anchor {
        Some(anchor) => diagnostic.with_label(anchor, "written here"),
        None => diagnostic,
    };
    diagnostic
        .with_note("Juju's bundle check accepts any lower-case word, but the deploy fails when Juju looks the series up to find its base")
        .with_help(help)
}

fn check_field(owner: Owner<'_>, field: Option<&Field<String>>, out: &mut Vec<Diagnostic>) {
    let Some(field) = field else { return };
    let series = field.get();
    // Malformed series are S008's; only well-formed names are looked up.
    if series.is_empty() || !names::is_series(series) {
        return;
    }
    if base_of_series(series).is_some() || OTHER_SERIES.contains(&series.as_str()) {
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
