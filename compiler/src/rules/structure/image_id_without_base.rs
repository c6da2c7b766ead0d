//! # S036 image-id-without-base
//!
//! ## What it checks
//! An application deployed with an `image-id` constraint, its own or that of a bundle
//! machine it is placed on, while neither the application's `base` nor the bundle's
//! `default-base` says which operating system the image runs.
//! An application or bundle `series` is accepted in place of a base.
//!
//! ## Why it matters
//! Juju cannot tell the release of a custom image, so it refuses to deploy:
//! `base must be explicitly provided for "<charm>" when image-id constraint is used`.
//!
//! ## Example
//! Flagged (the overlay sets the image):
//! ```yaml
//! applications:
//!   octavia:
//!     charm: octavia
//!     num_units: 1
//!     constraints: image-id=ubuntu-jammy-custom
//! ```
//! Accepted: the same with `base: ubuntu@22.04` on the application, or
//! `default-base: ubuntu@22.04` at the top of the bundle.
//!
//! ## Fix
//! None: the image's release is for the author to say.
//!
//! ## Policy
//! Error by default: Juju refuses the deploy.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::juju_values::{Occurrence, locate, parse_constraints};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::placement::{Placement, Target};
use crate::ir::{Field, Spanned};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S036",
    name: "image-id-without-base",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where the image id comes from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// The application's own constraints: the `image-id` token (or the alias that brought
    /// it), and the token at the anchor if elsewhere.
    Application {
        /// Where to point.
        span: FileSpan,
        /// The token at the anchor.
        anchor: Option<FileSpan>,
    },
    /// A bundle machine the application is placed on.
    Machine {
        /// The machine's id.
        id: &'a str,
        /// The placement directive that names it.
        placement: FileSpan,
        /// The machine's `image-id` constraint.
        constraint: FileSpan,
    },
}

/// The diagnostic for application `app` (charm `charm`) with an image id from `source`.
pub fn diagnostic(app: &str, charm: &str, source: Source<'_>) -> Diagnostic {
    let diagnostic = match source {
        Source::Application { span, anchor } => {
            let diagnostic = RULE.diagnostic(
                format!("application `{app}` uses an `image-id` constraint but names no base"),
                span,
                "custom image of an unknown release",
            );
            match anchor {
                Some(anchor) => diagnostic.with_label(anchor, "written here"),
                None => diagnostic,
            }
        }
        Source::Machine { id, placement, constraint } => RULE
            .diagnostic(
                format!(
                    "application `{app}` is placed on machine `{id}`, which has an `image-id` constraint, but names no base"
                ),
                placement,
                format!("placed on machine `{id}`"),
            )
            .with_label(constraint, "custom image of an unknown release"),
    };
    diagnostic
        .with_note(format!(
            "Juju refuses the deploy: base must be explicitly provided for \"{charm}\" when image-id constraint is used"
        ))
        .with_help("give the application a `base` matching the image, such as `base: ubuntu@22.04`, or set `default-base` for the bundle")
}

/// The `image-id` token of `field`'s constraints, when they parse and set one.
fn image_id(ctx: &Context<'_>, field: &Field<String>) -> Option<(FileSpan, Option<FileSpan>)> {
    let (constraints, problems) = parse_constraints(field.get());
    if !problems.is_empty() {
        return None;
    }
    let constraint =
        constraints.into_iter().find(|it| it.key == "image-id" && !it.value.is_empty())?;
    Some(locate(ctx, &field.value, &constraint.raw, Occurrence::First))
}

fn has_value(field: Option<&Field<String>>) -> bool {
    field.is_some_and(|field| !field.get().is_empty())
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Juju checks the bundle it deploys: the merged one.
    if ctx.scope != Scope::Merged {
        return;
    }
    let bundle = ctx.bundle;
    if has_value(bundle.default_base.as_ref()) || has_value(bundle.series.as_ref()) {
        return;
    }
    // LIMIT: an `image-id` in the model's constraints is not known here.
    for (name, _, app) in bundle.apps() {
        if has_value(app.base.as_ref()) || has_value(app.series.as_ref()) {
            continue;
        }
        let charm = app.charm.as_ref().map_or("", |field| field.get().as_str());
        if let Some((span, anchor)) = app.constraints.as_ref().and_then(|it| image_id(ctx, it)) {
            out.push(diagnostic(name, charm, Source::Application { span, anchor }));
            continue;
        }
        let directives: &[Spanned<String>] = app.to.as_ref().map_or(&[], |to| to.get());
        for directive in directives {
            let Some(Placement { target: Target::Machine(id), .. }) =
                Placement::parse(&directive.value)
            else {
                continue;
            };
            let Some(machine) = bundle.machines.as_ref().and_then(|it| it.get().get(&id)) else {
                continue;
            };
            let Some(constraints) = &machine.body.constraints else { continue };
            if let Some((span, anchor)) = image_id(ctx, constraints) {
                let source = Source::Machine {
                    id: &id,
                    placement: directive.use_site(),
                    constraint: anchor.unwrap_or(span),
                };
                out.push(diagnostic(name, charm, source));
                break;
            }
        }
    }
}
