//! # S016 local-charm-not-found
//!
//! ## What it checks
//! A `charm` that is a local path (it starts with `.` or `/`) where nothing exists.
//! A relative path is resolved against the directory of the file that names it: the
//! bundle's directory for the bundle, an overlay's directory for that overlay.
//!
//! ## Why it matters
//! Juju refuses the bundle with `charm path in application "<name>" does not exist:
//! <path>`.
//! A path written relative to the working directory instead of the bundle file, or a
//! charm that was never built, are the usual causes.
//!
//! ## Example
//! Flagged (no `charms/` directory beside the bundle):
//! ```yaml
//! applications:
//!   my-app:
//!     charm: ./charms/my-app
//!     num_units: 1
//! ```
//! Accepted: the same line once `charms/my-app` exists beside the bundle.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use std::path::{Component, Path, PathBuf};

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::is_local_path;
use crate::diagnostics::{Diagnostic, Severity};
use crate::overlay::directory_of;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S016",
    name: "local-charm-not-found",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for application `app` whose local charm `charm`, used at `span`, was
/// looked for at `resolved`.
pub fn diagnostic(app: &str, charm: &str, resolved: &Path, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("local charm `{charm}` of application `{app}` does not exist"),
        span,
        "nothing at this path",
    )
    .with_note(format!(
        "Juju refuses the bundle: charm path in application \"{app}\" does not exist; it resolves a relative path against the directory of the file that names it, here `{}`",
        resolved.display()
    ))
    .with_help("build the charm or fix the path; to deploy from Charmhub instead, write the charm's name")
}

/// Where Juju looks for `charm`, named in the file at `file`; `.` parts are dropped so the
/// path reads as Juju would print it.
fn resolve(file: &Path, charm: &str) -> PathBuf {
    let path = Path::new(charm);
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { directory_of(file).join(path) };
    joined.components().filter(|part| *part != Component::CurDir).collect()
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, _, app) in ctx.bundle.apps() {
        let Some(field) = &app.charm else { continue };
        let charm = field.get();
        if !is_local_path(charm) {
            continue;
        }
        let resolved = resolve(&ctx.sources.get(field.value.span.file).path, charm);
        if ctx.provider.kind(&resolved).is_none() {
            out.push(diagnostic(name, charm, &resolved, field.value.use_site()));
        }
    }
}
