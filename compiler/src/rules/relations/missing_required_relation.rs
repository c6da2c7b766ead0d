//! # R020 missing-required-relation
//!
//! ## What it checks
//! Each pair of endpoints in `relations.required` of the site policy must be related by
//! the bundle, in either order: `["octavia:certificates", "vault:certificates"]` is met by
//! `[vault:certificates, octavia:certificates]` as well.
//!
//! A relation that leaves out an endpoint name (`[octavia, vault]`) meets a required pair
//! when its applications match: Juju picks the endpoints from the charms' metadata, which
//! bundlec does not read, and reporting such a relation as missing would flag bundles that
//! deploy exactly what the site asks for.
//!
//! A pair whose application the bundle does not deploy is reported too, with a note saying
//! so: the site expects the relation in its deployment.
//!
//! ## Why it matters
//! Juju deploys a bundle without a relation it needs just as well.
//! The applications then wait for it forever (`waiting for certificates`), or run without
//! what it provides: no TLS, no database, no secrets store.
//!
//! The check looks at what gets deployed: the bundle with every overlay merged in, so a
//! relation an overlay adds counts.
//!
//! The diagnostic points at the bundle's `relations` key, where the relation goes; a bundle
//! without relations gets it on the first application of the pair.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [relations]
//! required = [["octavia:certificates", "vault:certificates"]]
//! ```
//! Flagged:
//! ```yaml
//! relations:
//!   - [octavia:identity-service, keystone:identity-service]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//!   - [octavia:identity-service, keystone:identity-service]
//!   - [octavia:certificates, vault:certificates]
//! ```
//!
//! ## Fix
//! None yet. Adding the relation would be unsafe: it changes what gets deployed, and the
//! bundle may be missing one of the applications.
//!
//! ## Policy
//! `relations.required`: pairs of `application:endpoint`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Relation;
use crate::rules::options::push_guarded;
use crate::source::{FileSpan, TextRange, to_u32};

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R020",
    name: "missing-required-relation",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where a missing relation is reported.
#[derive(Clone, Copy, Debug)]
pub enum Anchor {
    /// The bundle's `relations` key.
    RelationsKey(FileSpan),
    /// An application of the pair, by its name, when the bundle has no relations.
    Application(FileSpan),
    /// The `applications` key, when neither application is deployed either.
    Applications(FileSpan),
}

/// The diagnostic for the required pair `first`, `second`, written at `policy_at`;
/// `absent` lists the pair's applications the bundle does not deploy.
pub fn diagnostic(
    first: &str,
    second: &str,
    anchor: Anchor,
    absent: &[&str],
    policy_at: Option<FileSpan>,
) -> Diagnostic {
    let (at, label) = match anchor {
        Anchor::RelationsKey(at) => (at, format!("no relation `{first}` – `{second}` here")),
        Anchor::Application(at) => (at, format!("no relation `{first}` – `{second}`")),
        Anchor::Applications(at) => (at, format!("no relation `{first}` – `{second}`")),
    };
    let mut diagnostic = RULE
        .diagnostic(
            format!("required relation `{first}` – `{second}` is missing"),
            at,
            label,
        )
        .with_note("Juju deploys the bundle without it; the applications then wait for the relation, or run without what it provides");
    for app in absent {
        diagnostic = diagnostic.with_note(format!("the bundle does not deploy `{app}`"));
    }
    if let Some(policy_at) = policy_at {
        diagnostic = diagnostic.with_label(policy_at, "required by the site policy");
    }
    diagnostic.with_help(format!("add `- [{first}, {second}]` under `relations:`"))
}

/// `app:endpoint` split in two; the endpoint is `None` when not written.
fn split(endpoint: &str) -> (&str, Option<&str>) {
    match endpoint.split_once(':') {
        Some((app, name)) => (app, Some(name)),
        None => (endpoint, None),
    }
}

/// Whether the written endpoint can be the required one: same application, and the same
/// endpoint name unless the bundle leaves it for Juju to infer.
fn can_be(written: &str, required: &str) -> bool {
    let (app, name) = split(written);
    let (want_app, want_name) = split(required);
    app == want_app && (name.is_none() || name == want_name)
}

/// Whether `relation` relates `first` and `second`, in either order.
pub(crate) fn relates(relation: &Relation, first: &str, second: &str) -> bool {
    let [a, b] = relation.endpoints.as_slice() else { return false };
    let (a, b) = (a.value.as_str(), b.value.as_str());
    (can_be(a, first) && can_be(b, second)) || (can_be(a, second) && can_be(b, first))
}

static RELATIONS_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^(?:"relations"|'relations'|relations)[ \t]*:"#)
        .expect("the relations key pattern is a valid regex")
});

/// The top-level `relations` key of the document that holds the bundle's first relation,
/// found in the text above that relation.
// LIMIT: the IR keeps no span for the `relations` key; a key written inside a flow
// mapping (`{relations: [...]}`) is not found, and callers fall back to another place.
pub(crate) fn relations_key(ctx: &Context<'_>) -> Option<FileSpan> {
    let first = ctx.bundle.relations.first()?;
    let text = ctx.text_of(first.span);
    let above = text.get(..first.span.range.start as usize)?;
    let found = RELATIONS_KEY.find_iter(above).last()?;
    let key = found.as_str().trim_end_matches([' ', '\t', ':']);
    let start = to_u32(found.start());
    Some(FileSpan::new(first.span.file, TextRange::new(start, start + to_u32(key.len()))))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let required = &ctx.policy.raw.relations.required;
    if required.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    let key = relations_key(ctx).or_else(|| ctx.bundle.relations.first().map(|it| it.span));
    for pair in required {
        let [first, second] = pair.get();
        if ctx.bundle.relations.iter().any(|relation| relates(relation, first, second)) {
            continue;
        }
        let apps = [split(first).0, split(second).0];
        let absent: Vec<&str> = apps
            .iter()
            .copied()
            .filter(|app| ctx.bundle.app(app).is_none() && !ctx.bundle.saas.contains_key(*app))
            .collect();
        let named = apps.iter().find_map(|app| ctx.bundle.applications.get(*app));
        let anchor = match (key, named, ctx.bundle.applications_key) {
            (Some(key), ..) => Anchor::RelationsKey(key),
            (None, Some(slot), _) => Anchor::Application(slot.name.use_site()),
            (None, None, Some(applications)) => Anchor::Applications(applications),
            (None, None, None) => continue,
        };
        let found = diagnostic(first, second, anchor, &absent, ctx.policy.span_of(pair));
        push_guarded(ctx, out, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Spanned;
    use crate::source::FileId;

    fn relation(a: &str, b: &str) -> Relation {
        let span = FileSpan::new(FileId(0), TextRange::empty(0));
        Relation {
            span,
            endpoints: vec![Spanned::new(a.to_owned(), span), Spanned::new(b.to_owned(), span)],
        }
    }

    #[test]
    fn a_required_pair_is_met_in_either_order() {
        let required = ("octavia:certificates", "vault:certificates");
        assert!(relates(
            &relation("octavia:certificates", "vault:certificates"),
            required.0,
            required.1
        ));
        assert!(relates(
            &relation("vault:certificates", "octavia:certificates"),
            required.0,
            required.1
        ));
    }

    #[test]
    fn an_endpoint_left_for_juju_to_infer_meets_the_pair() {
        assert!(relates(
            &relation("octavia", "vault"),
            "octavia:certificates",
            "vault:certificates"
        ));
        assert!(relates(
            &relation("octavia", "vault:certificates"),
            "octavia:certificates",
            "vault:certificates"
        ));
    }

    #[test]
    fn another_endpoint_does_not_meet_the_pair() {
        assert!(!relates(
            &relation("octavia:certificates", "vault:secrets"),
            "octavia:certificates",
            "vault:certificates"
        ));
        assert!(!relates(
            &relation("octavia:certificates", "barbican:certificates"),
            "octavia:certificates",
            "vault:certificates"
        ));
    }
}
