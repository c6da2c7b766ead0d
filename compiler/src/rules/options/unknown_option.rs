//! # O010 unknown-option
//!
//! ## What it checks
//! A key under an application's `options:` that is not a config option of its charm: a
//! typo (`worker-multiplyer`), an option of another charm (`use-policyd-override` on
//! placement, which has none), or one that a newer or older revision of the charm renamed.
//!
//! The full check needs the charm's full option list. For a charm some of whose layers were
//! not available when it was imported (most reactive charms: octavia, placement, barbican,
//! mysql-router, the OVN charms, ...), the options those layers add are missing from the
//! catalog, so only a likely typo is reported: a name within a few edits of an option the
//! catalog knows, which the layers are unlikely to define as well. A name far from every
//! known option is not judged for such a charm.
//!
//! The check is skipped for a charm the catalog does not know (see C010), for a charm the
//! catalog knows only some options of (memcached), and for a built-in charm deployed from
//! another track than the one the catalog describes (the 2024.1 charms of a Caracal cloud:
//! an application on `yoga/stable`, on no channel, or from the retired charm store may use
//! a revision with other options).
//!
//! ## Why it matters
//! `juju deploy` does not look into charms before it starts: the controller refuses the
//! application's settings while the bundle is being deployed ("configuration option ...
//! not found in charm ..."). Bundle deploys are not transactional, so what was deployed
//! before that point stays and the model is left half-built. When it does not fail (an
//! option added to a running application later), the setting is simply lost.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! nova-compute:
//!   charm: nova-compute
//!   channel: 2024.1/stable
//!   options:
//!     reserved-host-memmory: 8192
//! ```
//! Accepted: `reserved-host-memory: 8192`.
//!
//! On octavia, whose `basic` and `leadership` layers the catalog lacks, flagged:
//! ```yaml
//! octavia:
//!   charm: octavia
//!   channel: 2024.1/stable
//!   options:
//!     loadbalancer-topolgy: SINGLE   # did you mean `loadbalancer-topology`?
//! ```
//! Not judged: `snap_proxy: ""`, which is far from every option the catalog knows and may
//! come from a missing layer.
//!
//! ## Fix
//! None yet. Renaming the key to the closest option would be unsafe: the closest spelling
//! is not always the intended option, so the help only suggests it.
//!
//! ## Policy
//! None: the rule reads no policy keys. Charm directories named by the policy's
//! `[charms] dirs` replace the built-in facts and are trusted for any channel. The value of
//! an option is never shown, so secrets stay out of the report.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use crate::catalog::Charm;
use crate::catalog::resolve::{describes_channel, knows_all_options};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O010",
    name: "unknown-option",
    family: Family::Options,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for option `option` (its key at `span`) of application `application`,
/// which charm `charm` does not have.
///
/// For a charm whose layers were not all available, the note says that only near misses of
/// known options are reported.
pub fn diagnostic(application: &str, option: &str, span: FileSpan, charm: &Charm) -> Diagnostic {
    let charm_name = charm.name.as_str();
    let message = if application == charm_name {
        format!("charm `{charm_name}` has no option `{option}`")
    } else {
        format!("charm `{charm_name}` of `{application}` has no option `{option}`")
    };
    let help = match closest(option, known_options(charm)) {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("remove `{option}`, or check the option names of `{charm_name}`"),
    };
    let mut diagnostic = RULE
        .diagnostic(message, span, format!("not an option of `{charm_name}`"))
        .with_note(format!(
            "Juju's controller refuses the settings while the bundle deploys: configuration option \"{option}\" not found in charm \"{charm_name}\""
        ))
        .with_note("bundle deploys are not transactional: what was deployed before this point stays, and the model is left half-built");
    if !knows_all_options(charm) {
        let layers: Vec<String> =
            charm.unresolved_layers.iter().map(|layer| format!("`{layer}`")).collect();
        diagnostic = diagnostic.with_note(format!(
            "bundlec lacks the options of the layers {} of `{charm_name}`, so for this charm it reports only near misses of the options it knows",
            layers.join(", ")
        ));
    }
    diagnostic.with_help(help)
}

/// The names of the options the catalog knows for `charm`.
fn known_options(charm: &Charm) -> impl Iterator<Item = &str> {
    charm.options.iter().map(|it| it.name.as_str())
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Options are set on what is deployed: the merged bundle.
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let Some(options) = &app.options else { continue };
        let Some(charm) = ctx.charm_of(app) else { continue };
        if !describes_channel(ctx.catalog, app) {
            continue;
        }
        // A charm missing layers has options the catalog lacks, but a name a few edits
        // from a known option is still most likely that option misspelt. A charm known to
        // be incomplete for other reasons (no layers missing) is not judged at all.
        let complete = knows_all_options(charm);
        if !complete && !charm.is_partial() {
            continue;
        }
        for (option, field) in options.get() {
            if charm.option(option).is_some() {
                continue;
            }
            if complete || closest(option, known_options(charm)).is_some() {
                out.push(diagnostic(name, option, field.key, charm));
            }
        }
    }
}
