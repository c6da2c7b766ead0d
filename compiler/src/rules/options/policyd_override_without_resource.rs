//! # O022 policyd-override-without-resource
//!
//! ## What it checks
//! An application that sets `use-policyd-override: true` without a `policyd-override`
//! entry under its `resources`, in the merged bundle. Applications whose charm the catalog
//! knows to lack the option are left to the option checks.
//!
//! ## Why it matters
//! The option only tells the charm to install the policy overrides found in the
//! `policyd-override` resource, a ZIP archive of YAML policy files. The bundle is what
//! attaches that archive; without it the charm has nothing the site wrote to install. The
//! service keeps its default API policies while the bundle says they are overridden, and
//! the unit's status flags the overrides as broken instead of blocking, so the mistake is
//! easy to miss after a deploy.
//!
//! This is a warning, not an error: Juju deploys the bundle and the units become active.
//! Raise it to an error in the policy if the overrides are a security requirement.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! keystone:
//!   charm: keystone
//!   options:
//!     use-policyd-override: true
//! ```
//! Accepted:
//! ```yaml
//! keystone:
//!   charm: keystone
//!   options:
//!     use-policyd-override: true
//!   resources:
//!     policyd-override: ./policyd/keystone.zip
//! ```
//!
//! ## Fix
//! None yet. The archive's path or revision is the site's to choose, so bundlec cannot
//! write the resource entry; turning the option off instead would change the deployment.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only. Warning by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Value;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O022",
    name: "policyd-override-without-resource",
    family: Family::Options,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The option that asks for overrides.
const OPTION: &str = "use-policyd-override";
/// The resource that carries them.
const RESOURCE: &str = "policyd-override";

/// The diagnostic for `application`, whose `use-policyd-override: true` value is at
/// `value`; `resources` is its `resources` key, if it has one.
pub fn diagnostic(application: &str, value: FileSpan, resources: Option<FileSpan>) -> Diagnostic {
    let mut diagnostic = RULE.diagnostic(
        format!("`{application}` sets `{OPTION}: true` without a `{RESOURCE}` resource"),
        value,
        "overrides asked for here",
    );
    if let Some(resources) = resources {
        diagnostic = diagnostic.with_label(resources, format!("no `{RESOURCE}` among these"));
    }
    diagnostic
        .with_note("the charm installs the policy files of the attached `policyd-override` archive; without one the service keeps its default policies")
        .with_help(format!(
            "attach a ZIP of YAML policy files under `resources`, e.g. `{RESOURCE}: ./policyd/{application}.zip`, or set `{OPTION}: false`"
        ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let Some(option) = app.option(OPTION) else { continue };
        if *option.get() != Value::Bool(true) {
            continue;
        }
        if ctx.charm_of(app).is_some_and(|charm| charm.option(OPTION).is_none()) {
            continue;
        }
        let attached =
            app.resources.as_ref().is_some_and(|resources| resources.get().contains_key(RESOURCE));
        if !attached {
            let resources = app.resources.as_ref().map(|it| it.key);
            out.push(diagnostic(name, option.value.use_site(), resources));
        }
    }
}
