//! # S021 charm-url-series-mismatch
//!
//! ## What it checks
//! An application whose charm URL names a series (`ch:amd64/focal/keystone`,
//! `local:focal/my-charm`) that differs from the application's own `series`.
//!
//! ## Why it matters
//! Juju refuses the bundle with `the charm URL for application "<name>" has a series
//! which does not match, please remove the series from the URL`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: ch:amd64/focal/keystone
//!     series: jammy
//!     num_units: 1
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   keystone:
//!     charm: keystone
//!     base: ubuntu@22.04
//!     num_units: 1
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::{Occurrence, is_local_path, narrow, parse_charm_url};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileSpan, TextRange};

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S021",
    name: "charm-url-series-mismatch",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Two series of one application.
#[derive(Clone, Copy, Debug)]
pub struct Mismatch<'a> {
    /// The application's `series`.
    pub series: &'a str,
    /// Where it is used.
    pub series_span: FileSpan,
    /// The series in the charm URL.
    pub url_series: &'a str,
    /// Where the charm URL's series is written.
    pub url_span: FileSpan,
}

/// The diagnostic for application `app` with `mismatch`.
pub fn diagnostic(app: &str, mismatch: Mismatch<'_>) -> Diagnostic {
    let Mismatch { series, series_span, url_series, url_span } = mismatch;
    RULE.diagnostic(
        format!("the charm URL of application `{app}` names series `{url_series}`, not `{series}`"),
        url_span,
        format!("series `{url_series}` in the charm URL"),
    )
    .with_label(series_span, format!("the application's series is `{series}`"))
    .with_note(format!(
        "Juju refuses the bundle: the charm URL for application \"{app}\" has a series which does not match, please remove the series from the URL"
    ))
    .with_help("remove the series from the charm URL and keep the application's `series` or `base`")
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let (Some(charm), Some(series)) = (&app.charm, &app.series) else { continue };
        let (charm_text, series_text) = (charm.get(), series.get());
        if series_text.is_empty() || charm_text.is_empty() || is_local_path(charm_text) {
            continue;
        }
        let Ok(url) = parse_charm_url(charm_text) else { continue };
        let Some(url_series) = url.series.as_deref() else { continue };
        if url_series == series_text {
            continue;
        }
        let url_span = match charm.value.alias {
            Some(alias) => alias,
            None => {
                let needle = format!("{url_series}/");
                let span = narrow(ctx, charm.value.span, &needle, Occurrence::First);
                // Point at the series without the slash that ends it.
                if span.range.len() as usize == needle.len() {
                    FileSpan::new(span.file, TextRange::new(span.range.start, span.range.end - 1))
                } else {
                    span
                }
            }
        };
        let mismatch = Mismatch {
            series: series_text,
            series_span: series.value.use_site(),
            url_series,
            url_span,
        };
        out.push(diagnostic(name, mismatch));
    }
}
