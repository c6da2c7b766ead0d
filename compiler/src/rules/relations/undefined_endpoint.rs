//! # R030 undefined-endpoint
//!
//! ## What it checks
//! A relation endpoint `application:endpoint` whose endpoint the application's charm does
//! not define: a typo (`vault:certificate` for `vault:certificates`), an endpoint of
//! another charm, or one a newer or older revision of the charm renamed.
//! Every charm implicitly provides `juju-info`, so that name is always defined.
//!
//! The check needs the charm's facts from the catalog. It is skipped for a charm the
//! catalog does not know (see C010), for a charm whose catalog entry may lack endpoints
//! (some of its layers were not available when it was imported), and for a built-in charm
//! deployed from another track than the one the catalog describes (the 2024.1 charms of a
//! Caracal cloud: an application on `yoga/stable`, on no channel, or from the retired
//! charm store may use a revision with other endpoints).
//!
//! ## Why it matters
//! `juju deploy` does not look into charms before it starts: the controller refuses the
//! relation with "charm ... does not define relation ..." while the bundle is being
//! deployed. Bundle deploys are not transactional, so every application, unit and
//! relation created before that point stays, and the model is left half-built.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [keystone:certificates, vault:certificate]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone:certificates, vault:certificates]
//! ```
//!
//! ## Fix
//! None yet. Replacing the name with the closest endpoint would be unsafe: the closest
//! spelling is not always the intended endpoint (`certificates` and `certificate` may
//! both be plausible in another charm), so the help only suggests it.
//!
//! ## Policy
//! None: the rule reads no policy keys. Charm directories named by the policy's
//! `[charms] dirs` replace the built-in facts and are trusted for any channel.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use super::pairs;
use crate::catalog::resolve::{counterparts, describes_channel, knows_all_endpoints};
use crate::catalog::{Charm, Role};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::relation::Endpoint;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R030",
    name: "undefined-endpoint",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The endpoint of the charm that fits the other side of the relation, when exactly one
/// does: its name, and the other side as written.
pub struct Fitting<'a> {
    /// The fitting endpoint of this application's charm.
    pub endpoint: &'a str,
    /// The other end of the relation, `application:endpoint`.
    pub other: String,
}

/// The diagnostic for endpoint `endpoint` (written at `span`) of application
/// `application`, whose charm `charm` does not define it; `fitting` is the endpoint that
/// fits the other side, if one does.
pub fn diagnostic(
    application: &str,
    endpoint: &str,
    span: FileSpan,
    charm: &Charm,
    fitting: Option<&Fitting<'_>>,
) -> Diagnostic {
    let charm_name = charm.name.as_str();
    let message = if application == charm_name {
        format!("charm `{charm_name}` does not define endpoint `{endpoint}`")
    } else {
        format!("charm `{charm_name}` of `{application}` does not define endpoint `{endpoint}`")
    };
    let mut names: Vec<&str> = Vec::new();
    for it in charm.endpoints_with_implicit().filter(|it| it.role != Role::Peers) {
        if !names.contains(&it.name.as_str()) {
            names.push(&it.name);
        }
    }
    let help = match (closest(endpoint, names.iter().copied()), fitting) {
        (Some(name), _) => format!("did you mean `{application}:{name}`?"),
        (None, Some(Fitting { endpoint: name, other })) => {
            format!("did you mean `{application}:{name}`? it is the endpoint that fits `{other}`")
        }
        (None, None) => format!(
            "`{charm_name}` defines {}",
            names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    RULE.diagnostic(message, span, format!("not an endpoint of `{charm_name}`"))
        .with_note(format!(
            "Juju's controller refuses the relation while the bundle deploys: charm \"{charm_name}\" used by application \"{application}\" does not define relation \"{endpoint}\""
        ))
        .with_note("bundle deploys are not transactional: what was deployed before this point stays, and the model is left half-built")
        .with_help(help)
}

/// The one endpoint of `charm` that can relate to `other`, the other end of the relation,
/// when that end names an endpoint the catalog knows.
fn fitting_endpoint<'a>(
    ctx: &Context<'_>,
    charm: &'a Charm,
    other: Option<&Endpoint>,
) -> Option<Fitting<'a>> {
    let other = other?;
    let other_name = other.name.as_deref()?;
    let other_charm = ctx.charm_of(ctx.bundle.app(&other.application)?)?;
    let other_endpoint = other_charm.endpoint(other_name)?;
    let mut fitting = counterparts(charm, other_endpoint);
    let first = fitting.next()?;
    if fitting.next().is_some() {
        return None;
    }
    Some(Fitting {
        endpoint: first.name.as_str(),
        other: format!("{}:{other_name}", other.application),
    })
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Charms are checked against what is deployed: the merged bundle.
    if ctx.scope != Scope::Merged {
        return;
    }
    for pair in pairs(ctx) {
        for (idx, end) in pair.ends.iter().enumerate() {
            let Some(parsed) = end.parsed.as_ref() else { continue };
            let other = pair.ends.get(1 - idx).and_then(|it| it.parsed.as_ref());
            let (Some(endpoint), Some(span)) = (parsed.name.as_deref(), parsed.name_span) else {
                continue;
            };
            let Some(app) = ctx.bundle.app(&parsed.application) else { continue };
            let Some(charm) = ctx.charm_of(app) else { continue };
            if charm.endpoint(endpoint).is_some()
                || !knows_all_endpoints(charm)
                || !describes_channel(ctx.catalog, app)
            {
                continue;
            }
            let fitting = fitting_endpoint(ctx, charm, other);
            out.push(diagnostic(&parsed.application, endpoint, span, charm, fitting.as_ref()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    fn reported(relations: &str) -> Vec<(String, Option<String>)> {
        let bundle = format!(
            "applications:\n  vault: {{charm: vault, channel: 1.8/stable, num_units: 1}}\n  old: {{charm: vault, channel: 1.7/stable, num_units: 1}}\n  keystone: {{charm: keystone, channel: 2024.1/stable, num_units: 1}}\n  cache: {{charm: memcached, num_units: 1}}\nrelations:\n{relations}"
        );
        let analysis = analyze_texts(&bundle, &[]);
        analysis
            .diagnostics
            .iter()
            .filter(|it| it.code == "R030")
            .map(|it| (analysis.sources.slice(it.primary.span).to_owned(), it.help.clone()))
            .collect()
    }

    #[test]
    fn labels_the_endpoint_and_suggests_the_closest() {
        assert_eq!(
            reported("- [keystone:certificates, vault:certificate]\n"),
            [("certificate".to_owned(), Some("did you mean `vault:certificates`?".to_owned()))]
        );
    }

    #[test]
    fn implicit_juju_info_is_defined() {
        assert!(reported("- [keystone:juju-info, vault:juju-info]\n").is_empty());
    }

    #[test]
    fn other_tracks_and_incomplete_charms_are_not_judged() {
        assert!(reported("- [keystone:certificates, old:certificate]\n").is_empty());
        assert!(reported("- [vault:certificates, cache:memcache]\n").is_empty());
    }
}
