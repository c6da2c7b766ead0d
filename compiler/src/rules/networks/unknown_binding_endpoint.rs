//! # N050 unknown-binding-endpoint
//!
//! ## What it checks
//! A key under an application's `bindings:` that is neither `""` (the application's
//! default space) nor a name its charm lets you bind: an endpoint under `provides`,
//! `requires` or `peers` (the implicit `juju-info` included), or one of the charm's
//! `extra-bindings` such as `public`, `admin` and `internal` on the API charms of a cloud.
//!
//! The check needs the charm's full endpoint list. It is skipped for a charm the catalog
//! does not know (see C010), for a charm whose catalog entry may lack endpoints (some of
//! its layers were not available when it was imported), and for a built-in charm deployed
//! from another track than the one the catalog describes (see R030).
//!
//! ## Why it matters
//! `juju deploy` does not look into charms before it starts: the controller refuses the
//! application while the bundle is being deployed ("application ... wants to bind endpoint
//! ... to space ..., but the endpoint is not defined by the charm"), and what was deployed
//! before that point stays, since bundle deploys are not transactional. A misspelt binding
//! that slipped through would leave the endpoint on the default space, on the wrong network.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! openstack-dashboard:
//!   charm: openstack-dashboard
//!   bindings:
//!     "": metal
//!     internal: metal   # the dashboard only has a `public` extra binding
//! ```
//! Accepted:
//! ```yaml
//! openstack-dashboard:
//!   charm: openstack-dashboard
//!   bindings:
//!     "": metal
//!     public: provider
//! ```
//!
//! ## Fix
//! None yet. Renaming the key to the closest name would be unsafe: the closest spelling is
//! not always the endpoint meant, so the help only suggests it.
//!
//! ## Policy
//! None: the rule reads no policy keys.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use crate::catalog::Charm;
use crate::catalog::resolve::{describes_channel, knows_all_endpoints};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N050",
    name: "unknown-binding-endpoint",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for binding key `endpoint` (written at `span`) of application
/// `application` bound to `space`, which charm `charm` does not define; `alias` is where
/// the application uses a bindings map written elsewhere, if it does.
pub fn diagnostic(
    application: &str,
    endpoint: &str,
    space: &str,
    span: FileSpan,
    alias: Option<FileSpan>,
    charm: &Charm,
) -> Diagnostic {
    let charm_name = charm.name.as_str();
    let names: Vec<&str> = charm
        .endpoints_with_implicit()
        .map(|it| it.name.as_str())
        .chain(charm.extra_bindings.iter().map(String::as_str))
        .collect();
    let help = match closest(endpoint, names.iter().copied()) {
        Some(name) => format!("did you mean `{name}`?"),
        None if charm.extra_bindings.is_empty() => {
            format!("bind an endpoint of `{charm_name}`, or set the default space with `\"\"`")
        }
        None => {
            let extra: Vec<String> =
                charm.extra_bindings.iter().map(|name| format!("`{name}`")).collect();
            format!(
                "bind an endpoint of `{charm_name}`, one of its extra bindings ({}), or set the default space with `\"\"`",
                extra.join(", ")
            )
        }
    };
    let message = if application == charm_name {
        format!("charm `{charm_name}` has no endpoint `{endpoint}` to bind")
    } else {
        format!("charm `{charm_name}` of `{application}` has no endpoint `{endpoint}` to bind")
    };
    let mut diagnostic = RULE.diagnostic(
        message,
        span,
        format!("not an endpoint or extra binding of `{charm_name}`"),
    );
    if let Some(alias) = alias {
        diagnostic =
            diagnostic.with_label(alias, format!("`{application}` uses these bindings here"));
    }
    diagnostic
        .with_note(format!(
            "Juju's controller refuses the application while the bundle deploys: application \"{application}\" wants to bind endpoint \"{endpoint}\" to space \"{space}\", but the endpoint is not defined by the charm"
        ))
        .with_note("bundle deploys are not transactional: what was deployed before this point stays, and the model is left half-built")
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let Some(bindings) = &app.bindings else { continue };
        let Some(charm) = ctx.charm_of(app) else { continue };
        if !knows_all_endpoints(charm) || !describes_channel(ctx.catalog, app) {
            continue;
        }
        for (endpoint, field) in bindings.get() {
            if !charm.has_binding(endpoint) {
                out.push(diagnostic(
                    name,
                    endpoint,
                    field.get(),
                    field.key,
                    bindings.value.alias,
                    charm,
                ));
            }
        }
    }
}
