//! # P009 unsupported-container-type
//!
//! ## What it checks
//! A `to:` entry whose container type is neither `lxd` nor `kvm`: `docker:new`,
//! `lcd:mysql/0`, and also the Juju 1 spelling `lxc:0`.
//!
//! ## Why it matters
//! Juju only checks that the container type is a lower-case word, so the bundle passes
//! verification and the deployment starts.
//! It then fails with `invalid container type` when it comes to create the container,
//! after the machines and applications before it have been deployed: bundle deployments
//! are not transactional.
//!
//! `lxc` is the exception: for old bundles' sake Juju deploys an LXD container instead and
//! prints a notice that `lxc` is deprecated. Writing `lxd` says what is deployed.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! to: ["lcd:0", "lxc:1"]
//! ```
//! Accepted: `to: ["lxd:0", "lxd:1"]`.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Warning by default: Juju accepts the bundle but fails part-way through the deployment
//! (or, for `lxc`, silently substitutes `lxd`).

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use super::directives;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P009",
    name: "unsupported-container-type",
    family: Family::Placement,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The container types Juju can create.
const SUPPORTED: &[&str] = &["lxd", "kvm"];

/// The diagnostic for directive `text`, written at `span`, asking for a container of type
/// `container`.
pub fn diagnostic(text: &str, container: &str, span: FileSpan) -> Diagnostic {
    if container == "lxc" {
        return RULE
            .diagnostic(
                format!("placement `{text}` uses the retired container type `lxc`"),
                span,
                "Juju creates an `lxd` container here",
            )
            .with_note("`lxc` is the container type of Juju 1; Juju now deploys an LXD container instead and prints a deprecation notice")
            .with_help(format!("write `{}`", text.replacen("lxc", "lxd", 1)));
    }
    let help = match closest(container, SUPPORTED.iter().copied()) {
        Some(supported) => {
            format!(
                "did you mean `{supported}`? write `{}`",
                text.replacen(container, supported, 1)
            )
        }
        None => "use `lxd` (or `kvm`) as the container type".to_owned(),
    };
    RULE.diagnostic(
        format!("placement `{text}` asks for a `{container}` container, which Juju cannot create"),
        span,
        format!("`{container}` is not a container type Juju supports"),
    )
    .with_note("Juju accepts any lower-case word here and fails only when it creates the container, part-way through the deployment")
    .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Only the merged bundle is deployed, so only its containers are ever created.
    if ctx.scope != Scope::Merged || ctx.bundle.is_kubernetes() {
        return;
    }
    for directive in directives(ctx.bundle) {
        let Some(container) = directive.placement.as_ref().and_then(|it| it.container.as_deref())
        else {
            continue;
        };
        if !SUPPORTED.contains(&container) {
            let found = diagnostic(&directive.text.value, container, directive.span());
            out.push(directive.with_alias_labels(found));
        }
    }
}
