//! # O023 octavia-pki-incomplete
//!
//! ## What it checks
//! An application of the `octavia` charm with Amphora on (`enable-amphora`, true by
//! default) that lacks any of the five options of its load-balancer PKI, in the merged
//! bundle (so an overlay that holds the PKI counts):
//!
//! * `lb-mgmt-issuing-cacert`
//! * `lb-mgmt-issuing-ca-private-key`
//! * `lb-mgmt-issuing-ca-key-passphrase`
//! * `lb-mgmt-controller-cacert`
//! * `lb-mgmt-controller-cert`
//!
//! An option that is absent, null or an empty string counts as missing. The diagnostic
//! names the missing keys and never shows any option value, nor puts a label near one:
//! they are key material.
//!
//! ## Why it matters
//! Octavia's controller signs a certificate for every Amphora it boots and talks to the
//! Amphorae over mutual TLS, with the CAs and keys these options carry. Until all five
//! are set the octavia units block with "Missing required certificate configuration",
//! and no load balancer can be created. Juju deploys the bundle without complaint.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! octavia:
//!   charm: octavia
//!   options:
//!     lb-mgmt-issuing-cacert: include-base64://./pki/issuing_ca.pem
//! ```
//! Accepted, with the other four set as well (usually in a secret overlay), or:
//! ```yaml
//! octavia:
//!   charm: octavia
//!   options:
//!     enable-amphora: false
//! ```
//!
//! ## Fix
//! None: the values are secrets that only the site can generate.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only. It prints no values
//! whether or not `[options] secret` marks them.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::catalog::DefaultValue;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Field, Value};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O023",
    name: "octavia-pki-incomplete",
    family: Family::Options,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The options of the Amphora PKI, in the order the charm documents them.
pub const KEYS: [&str; 5] = [
    "lb-mgmt-issuing-cacert",
    "lb-mgmt-issuing-ca-private-key",
    "lb-mgmt-issuing-ca-key-passphrase",
    "lb-mgmt-controller-cacert",
    "lb-mgmt-controller-cert",
];

/// The option that turns Amphora on.
const ENABLE: &str = "enable-amphora";

/// The diagnostic for `application`, whose name is at `name`, lacking `missing` (each with
/// whether it is set but empty); `explicit` says whether `enable-amphora: true` is written.
///
/// It has a single label, on the application's name: codespan prints the source line
/// between two nearby labels, and the lines around these options hold key material.
pub fn diagnostic(
    application: &str,
    name: FileSpan,
    missing: &[(&str, bool)],
    explicit: bool,
) -> Diagnostic {
    let names: Vec<String> = missing
        .iter()
        .map(|(key, empty)| if *empty { format!("`{key}` (empty)") } else { format!("`{key}`") })
        .collect();
    let amphora = if explicit { "set to true" } else { "the charm's default" };
    RULE.diagnostic(
        format!(
            "`{application}` lacks {} of the {} Amphora PKI options: {}",
            missing.len(),
            KEYS.len(),
            names.join(", ")
        ),
        name,
        "Amphora PKI incomplete",
    )
    .with_note(format!("with `{ENABLE}` on ({amphora}), the octavia units block with \"Missing required certificate configuration\" until all five are set"))
    .with_help(format!(
        "set the missing options (base64 of the PEM files, e.g. `include-base64://./pki/issuing_ca.pem`; the passphrase as plain text), or set `{ENABLE}: false` if the cloud uses no Amphora"
    ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, slot, app) in ctx.bundle.apps() {
        if app.charm_name() != Some("octavia") {
            continue;
        }
        let explicit = match app.option(ENABLE).map(Field::get) {
            Some(Value::Bool(true)) => true,
            // Off, or not a boolean (which the option checks report).
            Some(_) => continue,
            None => {
                let default = ctx.charm_of(app).and_then(|charm| charm.option(ENABLE));
                if default.is_some_and(|it| it.default == Some(DefaultValue::Bool(false))) {
                    continue;
                }
                false
            }
        };
        let missing: Vec<(&str, bool)> = KEYS
            .into_iter()
            .filter_map(|key| match app.option(key).map(Field::get) {
                None | Some(Value::Null) => Some((key, false)),
                Some(Value::Str(text)) if text.text.trim().is_empty() => Some((key, true)),
                Some(_) => None,
            })
            .collect();
        if !missing.is_empty() {
            out.push(diagnostic(name, slot.name.span, &missing, explicit));
        }
    }
}
