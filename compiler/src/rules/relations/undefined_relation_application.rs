//! # R003 undefined-relation-application
//!
//! ## What it checks
//! A relation endpoint whose application part names neither an application nor a `saas`
//! entry of the bundle: a typo (`keystone-mysql-routr:shared-db`), an application that was
//! renamed or removed, or one that only an overlay defines.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with "relation [...] refers to application ... not
//! defined in this bundle".
//!
//! Juju verifies the first document of the base bundle on its own, before any overlay is
//! merged, and then the merged result.
//! So a relation in the base bundle must name applications that the base bundle itself
//! defines, even when an overlay would add them later; bundlec checks both, as Juju does.
//! This is a common surprise when an optional service is split into an overlay but its
//! relations are left behind in the base bundle.
//!
//! ## Example
//! Flagged (the bundle defines `keystone-mysql-router`):
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-routr:shared-db]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:shared-db, keystone-mysql-router:shared-db]
//! ```
//! A relation to an application that only an overlay defines belongs in that overlay.
//!
//! A bundle that still lists its applications under the legacy `services` key is not
//! checked: Juju 3 ignores that key, so every relation would be reported, and the rule that
//! flags `services` already names the one cause.
//!
//! ## Fix
//! None: the help names the closest defined application when there is a likely typo.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use super::pairs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R003",
    name: "undefined-relation-application",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for a relation naming `application` (written at `span`), which the bundle
/// checked in `scope` does not define; `suggestion` is a close defined name.
pub fn diagnostic(
    application: &str,
    span: FileSpan,
    scope: Scope,
    suggestion: Option<&str>,
) -> Diagnostic {
    let mut diagnostic = RULE
        .diagnostic(
            format!("relation refers to application `{application}`, which the bundle does not define"),
            span,
            "neither an application nor a SAAS entry",
        )
        .with_note(format!(
            "Juju refuses the bundle: relation [...] refers to application \"{application}\" not defined in this bundle"
        ));
    // A likely typo needs no lecture on how Juju verifies the base document.
    if scope == Scope::BaseDocument && suggestion.is_none() {
        diagnostic = diagnostic.with_note(
            "Juju verifies the base bundle's first document on its own before merging any overlay, so an application that only an overlay defines does not count here",
        );
    }
    let help = match (suggestion, scope) {
        (Some(name), _) => format!("did you mean `{name}`?"),
        (None, Scope::BaseDocument) => format!(
            "define `{application}` under `applications` or `saas` in this document, or move the relation into the overlay that defines it"
        ),
        (None, Scope::Merged) => {
            format!("define `{application}` under `applications` or `saas`, or remove the relation")
        }
    };
    diagnostic.with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    // Under an ignored `services` key every relation dangles; one report of the key is
    // clearer than one per relation.
    if bundle.services_key.is_some() {
        return;
    }
    for pair in pairs(ctx) {
        for endpoint in pair.ends.iter().filter_map(|end| end.parsed.as_ref()) {
            let name = endpoint.application.as_str();
            if bundle.applications.contains_key(name) || bundle.saas.contains_key(name) {
                continue;
            }
            let known = bundle.applications.keys().chain(bundle.saas.keys()).map(String::as_str);
            out.push(diagnostic(name, endpoint.application_span, ctx.scope, closest(name, known)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;
    use crate::source::FileId;

    const BASE: &str = "applications:
  keystone: {charm: keystone, num_units: 1}
  vault: {charm: vault, num_units: 1}
relations:
- [keystone:certificates, vault:certificates]
- [octavia:identity-service, keystone:identity-service]
";

    #[test]
    fn base_relation_to_an_overlay_application_is_reported_once_in_the_base() {
        let overlay = "applications:\n  octavia: {charm: octavia, num_units: 1}\n";
        let analysis = analyze_texts(BASE, &[overlay]);
        let own: Vec<_> = analysis.diagnostics.iter().filter(|it| it.code == "R003").collect();
        assert_eq!(own.len(), 1, "{own:#?}");
        let diagnostic = own[0];
        assert_eq!(diagnostic.primary.span.file, FileId(0));
        assert_eq!(analysis.sources.slice(diagnostic.primary.span), "octavia");
        assert!(diagnostic.notes.iter().any(|note| note.contains("on its own")));
    }

    #[test]
    fn application_missing_everywhere_is_reported_once() {
        let analysis =
            analyze_texts(BASE, &["applications:\n  glance: {charm: glance, num_units: 1}\n"]);
        assert_eq!(analysis.diagnostics.iter().filter(|it| it.code == "R003").count(), 1);
    }

    #[test]
    fn the_other_end_of_an_invalid_endpoint_is_still_checked() {
        let bundle = "applications:\n  keystone: {charm: keystone, num_units: 1}\nrelations:\n- [Vault:certificates, glance:certificates]\n";
        let analysis = analyze_texts(bundle, &[]);
        let codes: Vec<_> = analysis.diagnostics.iter().map(|it| it.code).collect();
        assert_eq!(codes, ["R002", "R003"]);
    }

    #[test]
    fn legacy_services_bundles_are_left_to_the_services_report() {
        let bundle = "services:\n  keystone: {charm: keystone, num_units: 1}\n  vault: {charm: vault, num_units: 1}\nrelations:\n- [keystone:certificates, vault:certificates]\n";
        let analysis = analyze_texts(bundle, &[]);
        assert!(analysis.diagnostics.iter().all(|it| it.code != "R003"));
    }

    #[test]
    fn a_null_base_application_still_counts_as_defined_in_the_base_document() {
        // Juju refuses the null body itself; the relation check only looks at the key.
        let bundle = "applications:\n  keystone: {charm: keystone, num_units: 1}\n  vault:\nrelations:\n- [keystone:certificates, vault:certificates]\n";
        let analysis = analyze_texts(bundle, &[]);
        let codes: Vec<_> = analysis.diagnostics.iter().map(|it| it.code).collect();
        // The merged bundle drops the application and its relations too: M003 is the one
        // cause Juju stops at.
        assert_eq!(codes, ["M003"]);
    }
}
