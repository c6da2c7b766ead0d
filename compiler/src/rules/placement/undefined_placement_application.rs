//! # P005 undefined-placement-application
//!
//! ## What it checks
//! A `to:` entry that names an application (`mysql`, `mysql/0`, `lxd:mysql/0`) which the
//! bundle does not define.
//!
//! Juju reads any lower-case word as an application name, so two common mistakes land
//! here too: a host name such as `node1` (bundles place units on the numbered machines of
//! `machines:`, not on hosts), and a bare `lxd` meant as "a container on a new machine"
//! (that is `lxd:new`).
//!
//! ## Why it matters
//! Juju refuses the whole bundle with `placement "..." refers to an application not
//! defined in this bundle`.
//!
//! Juju verifies the first document of the base bundle on its own before merging any
//! overlay, so a placement in the base bundle must name an application that the base
//! bundle itself defines, even if an overlay adds it later.
//!
//! ## Example
//! Flagged (the bundle defines `ceph-osd`):
//! ```yaml
//! nova-compute:
//!   charm: nova-compute
//!   num_units: 3
//!   to: ["ceph-osd/0", "ceph-ods/1", "lxd"]
//! ```
//! Accepted: `to: ["ceph-osd/0", "ceph-osd/1", "lxd:new"]`.
//!
//! ## Fix
//! None: the help names the closest defined application when there is a likely typo.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status, closest};
use super::{directives, is_base_without_overlays};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P005",
    name: "undefined-placement-application",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Container types Juju knows; a bare one is read as an application name.
const CONTAINER_TYPES: &[&str] = &["lxd", "kvm", "lxc"];

/// The diagnostic for directive `text`, written at `span`, which names `application`;
/// the bundle checked does not define it, and `suggestion` is a close name
/// that it does define.
/// `base_alone` says the bundle is the base document checked apart from its overlays.
pub fn diagnostic(
    text: &str,
    application: &str,
    span: FileSpan,
    base_alone: bool,
    suggestion: Option<&str>,
) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            format!(
                "placement `{text}` refers to application `{application}`, which the bundle does not define"
            ),
            span,
            format!("no application `{application}` in this bundle"),
        )
        .with_note(format!(
            "Juju refuses the bundle: placement \"{text}\" refers to an application not defined in this bundle"
        ));
    if base_alone {
        diagnostic = diagnostic.with_note(
            "Juju verifies the base bundle's first document on its own before merging any overlay, so an application that only an overlay defines does not count here",
        );
    }
    let bare_container = CONTAINER_TYPES.contains(&application) && text == application;
    let help = if bare_container {
        let container = if application == "lxc" { "lxd" } else { application };
        format!(
            "a bare `{application}` is read as an application name; write `{container}:new` for a container on a new machine"
        )
    } else if let Some(name) = suggestion {
        format!("did you mean `{name}`?")
    } else if base_alone {
        format!(
            "define `{application}` in the base bundle, or move this placement into the overlay that defines `{application}`"
        )
    } else if application.ends_with(|it: char| it.is_ascii_digit()) {
        format!(
            "if `{application}` is a host, declare it as a numbered machine under `machines:` (pick the host with constraints such as `tags=`) and place the unit on that number"
        )
    } else {
        format!(
            "define `{application}` under `applications:`, or correct the name (Juju reads any bare word here, host names included, as an application name)"
        )
    };
    diagnostic.with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if bundle.is_kubernetes() {
        return;
    }
    for directive in directives(bundle) {
        let Some(application) = directive.placement.as_ref().and_then(|it| it.application()) else {
            continue;
        };
        if bundle.applications.contains_key(application) {
            continue;
        }
        let known = bundle.applications.keys().map(String::as_str);
        let suggestion = closest(application, known);
        let found = diagnostic(
            &directive.text.value,
            application,
            directive.span(),
            is_base_without_overlays(ctx),
            suggestion,
        );
        out.push(directive.with_alias_labels(found));
    }
}
