//! # S023 image-id-in-base-bundle
//!
//! ## What it checks
//! An `image-id=` constraint on an application or a machine in the base document (the
//! first document of the bundle file).
//!
//! ## Why it matters
//! Juju refuses it before anything else: `'image-id' constraint in a base bundle not
//! supported`.
//! Image ids are specific to one cloud, so Juju only takes them from overlays, which are
//! the place for site-specific values.
//!
//! ## Example
//! Flagged (in the bundle file):
//! ```yaml
//! applications:
//!   octavia:
//!     charm: octavia
//!     num_units: 1
//!     constraints: image-id=ubuntu-jammy-custom
//! ```
//! Accepted: the same constraint set by an overlay.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::juju_values::{Occurrence, locate, parse_constraints};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Field;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S023",
    name: "image-id-in-base-bundle",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for an `image-id` constraint of `owner` (`application `x`` or
/// `machine `0``) used at `span`; `anchor` is where it is written, if elsewhere.
pub fn diagnostic(owner: &str, span: FileSpan, anchor: Option<FileSpan>) -> Diagnostic {
    let diagnostic = RULE.diagnostic(
        format!("{owner} sets `image-id` in the base bundle"),
        span,
        "not allowed in the base document",
    );
    let diagnostic = match anchor {
        Some(anchor) => diagnostic.with_label(anchor, "written here"),
        None => diagnostic,
    };
    diagnostic
        .with_note("Juju refuses the bundle: 'image-id' constraint in a base bundle not supported")
        .with_help("move the `image-id` constraint into an overlay")
}

fn check_field(
    ctx: &Context<'_>,
    owner: &str,
    field: Option<&Field<String>>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(field) = field else { return };
    let (constraints, problems) = parse_constraints(field.get());
    // Juju stops at a constraint that does not parse before it looks for an image id.
    if !problems.is_empty() {
        return;
    }
    for constraint in constraints.iter().filter(|it| it.key == "image-id" && !it.value.is_empty()) {
        let (span, anchor) = locate(ctx, &field.value, &constraint.raw, Occurrence::First);
        out.push(diagnostic(owner, span, anchor));
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::BaseDocument {
        return;
    }
    let bundle = ctx.bundle;
    for (name, _, app) in bundle.apps() {
        check_field(ctx, &format!("application `{name}`"), app.constraints.as_ref(), out);
    }
    for (id, slot) in bundle.machine_slots() {
        check_field(ctx, &format!("machine `{id}`"), slot.body.constraints.as_ref(), out);
    }
}
