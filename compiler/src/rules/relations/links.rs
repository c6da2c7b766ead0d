//! Relations seen through the charm catalog, for the rules that look for a relation on a
//! given endpoint (an application's `ha`, `shared-db` or `certificates`).
//!
//! An end written without its endpoint (`[keystone, keystone-hacluster]`) is resolved the
//! way Juju resolves it: the one pair of compatible endpoints the two charms offer,
//! dropping pairs that use the implicit `juju-info` when there are several. When the
//! catalog cannot settle it (a charm is unknown, or the choice is ambiguous) the end stays
//! [`Resolved::Unknown`]: rules that look for a missing relation count it as possibly the
//! one they look for, and rules that look for a present relation do not count it. So is an
//! end that names an endpoint its charm does not define: R030 reports the name, and the
//! rules built on these links do not judge the relation a second time.

use super::super::Context;
use super::pairs;
use crate::catalog::{Charm, Endpoint as CharmEndpoint, Role};
use crate::ir::{Application, Field, Value};
use crate::source::FileSpan;

/// The charm name of the HA subordinate, and the interface it provides on `ha`.
pub(crate) const HACLUSTER: &str = "hacluster";
/// The interface a charm's `shared-db` speaks to a `mysql-router`.
pub(crate) const MYSQL_SHARED: &str = "mysql-shared";
/// The interface between a `mysql-router` and `mysql-innodb-cluster` (`db-router`).
pub(crate) const MYSQL_ROUTER: &str = "mysql-router";
/// The interface of TLS certificate requests.
pub(crate) const TLS_CERTIFICATES: &str = "tls-certificates";

/// What is known about the endpoint of one relation end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Written in the bundle, and an endpoint of the charm (or the charm is unknown).
    Written(String),
    /// Not written; the one candidate Juju would pick from the two charms.
    Inferred(String),
    /// Not written, and the catalog cannot settle it; or written, but not an endpoint the
    /// catalog knows for the charm (a typo R030 reports, or a gap in the catalog).
    Unknown,
}

/// One end of a relation, with its endpoint resolved as far as the catalog allows.
#[derive(Clone, Debug)]
pub(crate) struct LinkEnd {
    /// The application (or SAAS) name.
    pub(crate) application: String,
    /// Its endpoint.
    pub(crate) endpoint: Resolved,
    /// The endpoint string as written.
    pub(crate) span: FileSpan,
}

impl LinkEnd {
    /// The endpoint's name, when written or inferred.
    pub(crate) fn name(&self) -> Option<&str> {
        match &self.endpoint {
            Resolved::Written(name) | Resolved::Inferred(name) => Some(name),
            Resolved::Unknown => None,
        }
    }

    /// Whether this end is certainly on `endpoint`.
    pub(crate) fn is(&self, endpoint: &str) -> bool {
        self.name() == Some(endpoint)
    }

    /// Whether this end may be on `endpoint`: it is, or the catalog cannot tell.
    pub(crate) fn may_be(&self, endpoint: &str) -> bool {
        self.endpoint == Resolved::Unknown || self.is(endpoint)
    }
}

/// A two-endpoint relation between two different applications.
pub(crate) struct Link {
    /// Where the relation item is written.
    pub(crate) span: FileSpan,
    /// Its ends, in written order.
    pub(crate) ends: [LinkEnd; 2],
}

impl Link {
    /// The end on `application` and the other end, when the relation touches it.
    pub(crate) fn sides(&self, application: &str) -> Option<(&LinkEnd, &LinkEnd)> {
        let [first, second] = &self.ends;
        if first.application == application {
            Some((first, second))
        } else if second.application == application {
            Some((second, first))
        } else {
            None
        }
    }
}

/// Every relation between two different applications whose endpoints fit Juju's grammar,
/// with endpoint-less ends resolved from the catalog.
pub(crate) fn links(ctx: &Context<'_>) -> Vec<Link> {
    pairs(ctx)
        .iter()
        .filter_map(|pair| {
            let [first, second] = pair.parsed()?;
            if first.application == second.application {
                return None;
            }
            let charm = |name: &str| ctx.bundle.app(name).and_then(|app| ctx.charm_of(app));
            let inferred = infer(
                charm(&first.application),
                first.name.as_deref(),
                charm(&second.application),
                second.name.as_deref(),
            );
            // A written name the charm does not define is a mistake another rule reports
            // (R030), or a gap in the catalog: either way the end is not judged.
            let resolve =
                |application: &str, written: &Option<String>, inferred: Option<&str>| match written
                {
                    Some(name)
                        if charm(application).is_some_and(|it| it.endpoint(name).is_none()) =>
                    {
                        Resolved::Unknown
                    }
                    Some(name) => Resolved::Written(name.clone()),
                    None => inferred
                        .map_or(Resolved::Unknown, |name| Resolved::Inferred(name.to_owned())),
                };
            let [first_written, second_written] = &pair.ends;
            Some(Link {
                span: pair.relation.span,
                ends: [
                    LinkEnd {
                        application: first.application.clone(),
                        endpoint: resolve(
                            &first.application,
                            &first.name,
                            inferred.map(|(it, _)| it),
                        ),
                        span: first_written.written.span,
                    },
                    LinkEnd {
                        application: second.application.clone(),
                        endpoint: resolve(
                            &second.application,
                            &second.name,
                            inferred.map(|(_, it)| it),
                        ),
                        span: second_written.written.span,
                    },
                ],
            })
        })
        .collect()
}

/// The endpoint names Juju would pick for a relation between charms `first` and `second`,
/// each restricted to its written name if any: the one compatible pair, or the one that
/// does not use the implicit `juju-info` when there are several.
fn infer<'c>(
    first: Option<&'c Charm>,
    first_name: Option<&str>,
    second: Option<&'c Charm>,
    second_name: Option<&str>,
) -> Option<(&'c str, &'c str)> {
    let (first, second) = (first?, second?);
    let usable = |endpoint: &&CharmEndpoint, name: Option<&str>| {
        endpoint.role != Role::Peers && name.is_none_or(|name| endpoint.name == name)
    };
    let mut candidates = Vec::new();
    for a in first.endpoints_with_implicit().filter(|it| usable(it, first_name)) {
        for b in second.endpoints_with_implicit().filter(|it| usable(it, second_name)) {
            let roles_fit = matches!(
                (a.role, b.role),
                (Role::Provides, Role::Requires) | (Role::Requires, Role::Provides)
            );
            if roles_fit && a.interface == b.interface {
                candidates.push((a, b));
            }
        }
    }
    if candidates.len() > 1 {
        candidates.retain(|(a, b)| !a.is_implicit() && !b.is_implicit());
    }
    match candidates.as_slice() {
        [(a, b)] => Some((a.name.as_str(), b.name.as_str())),
        _ => None,
    }
}

/// The first endpoint of `charm` with `role` and `interface`.
pub(crate) fn endpoint_with<'c>(
    charm: &'c Charm,
    role: Role,
    interface: &str,
) -> Option<&'c CharmEndpoint> {
    charm.endpoints.iter().find(|it| it.role == role && it.interface == interface)
}

/// Whether application `name` is deployed from the charm `charm_name`, or from a charm the
/// catalog knows to provide `interface` (a fork or a local copy).
pub(crate) fn is_kind(ctx: &Context<'_>, name: &str, charm_name: &str, interface: &str) -> bool {
    let Some(app) = ctx.bundle.app(name) else { return false };
    app.charm_name() == Some(charm_name)
        || ctx
            .charm_of(app)
            .is_some_and(|charm| endpoint_with(charm, Role::Provides, interface).is_some())
}

/// Whether application `name` is an hacluster subordinate.
pub(crate) fn is_hacluster(ctx: &Context<'_>, name: &str) -> bool {
    is_kind(ctx, name, HACLUSTER, HACLUSTER)
}

/// Whether application `name` is a database router: the `mysql-router` charm, or a charm
/// that requires the `mysql-router` interface.
pub(crate) fn is_router(ctx: &Context<'_>, name: &str) -> bool {
    let Some(app) = ctx.bundle.app(name) else { return false };
    app.charm_name() == Some("mysql-router")
        || ctx
            .charm_of(app)
            .is_some_and(|charm| endpoint_with(charm, Role::Requires, MYSQL_ROUTER).is_some())
}

/// Whether application `name` is a database cluster: the `mysql-innodb-cluster` charm,
/// or a charm that provides the `mysql-router` interface.
pub(crate) fn is_cluster(ctx: &Context<'_>, name: &str) -> bool {
    let Some(app) = ctx.bundle.app(name) else { return false };
    app.charm_name() == Some("mysql-innodb-cluster")
        || ctx
            .charm_of(app)
            .is_some_and(|charm| endpoint_with(charm, Role::Provides, MYSQL_ROUTER).is_some())
}

/// Whether bundlec cannot judge application (or SAAS) `name`: not an application of this
/// bundle, or its charm is unknown.
pub(crate) fn opaque(ctx: &Context<'_>, name: &str) -> bool {
    ctx.bundle.app(name).is_none_or(|app| ctx.charm_of(app).is_none())
}

/// The principals related to the hacluster application `hacluster` on their HA endpoint,
/// certainly (not through an unresolved endpoint-less relation), with the relation.
pub(crate) fn ha_principals<'l>(
    ctx: &Context<'_>,
    links: &'l [Link],
    hacluster: &str,
) -> Vec<(&'l LinkEnd, &'l Link)> {
    let own_endpoint = ctx
        .bundle
        .app(hacluster)
        .and_then(|app| ctx.charm_of(app))
        .and_then(|charm| endpoint_with(charm, Role::Provides, HACLUSTER))
        .map_or("ha", |it| it.name.as_str());
    links
        .iter()
        .filter_map(|link| {
            let (own, principal) = link.sides(hacluster)?;
            let principal_endpoint = ctx
                .bundle
                .app(&principal.application)
                .and_then(|app| ctx.charm_of(app))
                .and_then(|charm| endpoint_with(charm, Role::Requires, HACLUSTER))
                .map(|it| it.name.as_str());
            let on_ha =
                own.is(own_endpoint) || principal_endpoint.is_some_and(|it| principal.is(it));
            on_ha.then_some((principal, link))
        })
        .collect()
}

/// The `vip` option of `app`, when it holds at least one address.
pub(crate) fn vip(app: &Application) -> Option<&Field<Value>> {
    app.option("vip").filter(|field| field.get().as_str().is_some_and(|it| !it.trim().is_empty()))
}

/// The `dns-ha` option of `app`, when it is `true`.
pub(crate) fn dns_ha(app: &Application) -> Option<&Field<Value>> {
    app.option("dns-ha").filter(|field| *field.get() == Value::Bool(true))
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    #[test]
    fn resolves_endpoint_less_relations_like_juju() {
        let analysis = analyze_texts(
            "applications:
  keystone: {charm: keystone, num_units: 1}
  keystone-hacluster: {charm: hacluster}
  vault: {charm: vault, num_units: 1}
relations:
- [keystone, keystone-hacluster]
- [keystone, vault]
",
            &[],
        );
        let sources = &analysis.sources;
        let policy = crate::policy::ValidPolicy::default();
        let provider = crate::source::MemoryProvider::new();
        let ctx = super::Context {
            bundle: &analysis.merged,
            sources,
            provider: &provider,
            scope: crate::rules::Scope::Merged,
            policy: &policy,
            plan: &analysis.plan,
            catalog: &analysis.catalog,
            secret_lines: std::cell::OnceCell::new(),
        };
        let links = super::links(&ctx);
        let names: Vec<_> = links
            .iter()
            .map(|link| {
                (link.ends[0].name().map(str::to_owned), link.ends[1].name().map(str::to_owned))
            })
            .collect();
        assert_eq!(
            names,
            [
                (Some("ha".to_owned()), Some("ha".to_owned())),
                (Some("certificates".to_owned()), Some("certificates".to_owned())),
            ]
        );
        assert!(super::is_hacluster(&ctx, "keystone-hacluster"));
        assert_eq!(super::ha_principals(&ctx, &links, "keystone-hacluster").len(), 1);
    }
}
