//! Which two charm endpoints a bundle relation joins, found the way Juju finds them, and
//! how far the catalog's facts about an application's charm can be trusted.
//!
//! [`resolve_relation`] follows Juju's endpoint inference: the candidates are the pairs of
//! endpoints of the two applications that share an interface, one providing and one
//! requiring, peers left out; every application implicitly provides `juju-info`. One
//! candidate is the answer; with several, those using an implicit `juju-info` are dropped
//! and one left is the answer; otherwise the relation is ambiguous. A relation that names
//! both endpoints is checked instead of inferred. Container scope is not checked here.
//!
//! [`knows_all_endpoints`], [`knows_all_options`] and [`describes_channel`] tell a check
//! when a name missing from the catalog is a real mistake rather than a gap in the data.

use super::{Catalog, Charm, Endpoint, Role};
use crate::ir::names::{charm_name, is_local_charm};
use crate::ir::relation::Endpoint as WrittenEndpoint;
use crate::ir::{Application, Bundle, Relation};

/// One end of a relation, resolved: the application, its charm and the charm's endpoint.
#[derive(Clone, Copy, Debug)]
pub struct EndpointRef<'a> {
    /// The application's name in the bundle.
    pub application: &'a str,
    /// The application's charm, as the catalog describes it.
    pub charm: &'a Charm,
    /// The endpoint of the charm the relation uses.
    pub endpoint: &'a Endpoint,
}

impl EndpointRef<'_> {
    /// `application:endpoint`, as a bundle writes it.
    pub fn written(&self) -> String {
        format!("{}:{}", self.application, self.endpoint.name)
    }
}

impl PartialEq for EndpointRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.application == other.application && self.endpoint.name == other.endpoint.name
    }
}

/// Which end of a relation: its index in the written pair (0 or 1).
pub type Side = usize;

/// Why a relation does not resolve to one pair of endpoints.
#[derive(Clone, Debug, PartialEq)]
pub enum ResolveError<'a> {
    /// The item does not have exactly two endpoints.
    NotAPair,
    /// An endpoint string does not fit Juju's grammar.
    InvalidSyntax(Side),
    /// An end names no application of the bundle (it may be a SAAS, or undefined).
    NotAnApplication(Side),
    /// Both ends name the same application.
    SameApplication,
    /// The catalog does not know the application's charm.
    UnknownCharm(Side),
    /// The charm does not define the named endpoint.
    UndefinedEndpoint(Side),
    /// Both endpoints are named and a peer, two providers or two requirers meet.
    RoleMismatch(EndpointRef<'a>, EndpointRef<'a>),
    /// Both endpoints are named and their interfaces differ.
    InterfaceMismatch(EndpointRef<'a>, EndpointRef<'a>),
    /// No pair of endpoints fits: Juju's "no relations found".
    NoCandidates,
    /// Several pairs fit: Juju's "ambiguous relation". Every candidate, implicit ones
    /// included, in the order of the charms' endpoints.
    Ambiguous(Vec<(EndpointRef<'a>, EndpointRef<'a>)>),
}

/// The two endpoints `relation` joins, in written order.
///
/// Works on facts only: it does not decide whether a missing name is a mistake (see
/// [`knows_all_endpoints`]).
pub fn resolve_relation<'a>(
    catalog: &'a Catalog,
    bundle: &'a Bundle,
    relation: &'a Relation,
) -> Result<(EndpointRef<'a>, EndpointRef<'a>), ResolveError<'a>> {
    let [first, second] = relation.endpoints.as_slice() else {
        return Err(ResolveError::NotAPair);
    };
    let parse = |side: Side, written| {
        WrittenEndpoint::parse(written, "").ok_or(ResolveError::InvalidSyntax(side))
    };
    let ends = [parse(0, first)?, parse(1, second)?];
    let mut sides = Vec::with_capacity(2);
    for (side, end) in ends.iter().enumerate() {
        let (application, app) = bundle
            .applications
            .get_key_value(&end.application)
            .and_then(|(name, slot)| Some((name.as_str(), slot.body.as_ref()?)))
            .ok_or(ResolveError::NotAnApplication(side))?;
        sides.push((side, application, app, end.name.as_deref()));
    }
    let [(_, first_app, ..), (_, second_app, ..)] = sides.as_slice() else {
        return Err(ResolveError::NotAPair);
    };
    if first_app == second_app {
        return Err(ResolveError::SameApplication);
    }
    let mut options: Vec<Vec<EndpointRef<'a>>> = Vec::with_capacity(2);
    for (side, application, app, name) in sides {
        let charm = app
            .charm_name()
            .and_then(|name| catalog.charm(name))
            .ok_or(ResolveError::UnknownCharm(side))?;
        let endpoints: Vec<EndpointRef<'a>> = match name {
            Some(name) => {
                let endpoint = charm.endpoint(name).ok_or(ResolveError::UndefinedEndpoint(side))?;
                vec![EndpointRef { application, charm, endpoint }]
            }
            None => charm
                .endpoints_with_implicit()
                .filter(|endpoint| endpoint.role != Role::Peers)
                .map(|endpoint| EndpointRef { application, charm, endpoint })
                .collect(),
        };
        options.push(endpoints);
    }
    let [first_options, second_options] = options.as_slice() else {
        return Err(ResolveError::NotAPair);
    };
    if let ([a], [b], Some(_), Some(_)) =
        (first_options.as_slice(), second_options.as_slice(), &ends[0].name, &ends[1].name)
    {
        return check_named(*a, *b);
    }
    let candidates: Vec<(EndpointRef<'a>, EndpointRef<'a>)> = first_options
        .iter()
        .flat_map(|a| second_options.iter().map(move |b| (*a, *b)))
        .filter(|(a, b)| can_relate(a.endpoint, b.endpoint))
        .collect();
    match candidates.as_slice() {
        [] => Err(ResolveError::NoCandidates),
        [only] => Ok(*only),
        _ => {
            let explicit: Vec<_> = candidates
                .iter()
                .filter(|(a, b)| !a.endpoint.is_implicit() && !b.endpoint.is_implicit())
                .collect();
            match explicit.as_slice() {
                [only] => Ok(**only),
                _ => Err(ResolveError::Ambiguous(candidates)),
            }
        }
    }
}

/// Two named endpoints: they relate when one provides and the other requires the same
/// interface.
fn check_named<'a>(
    a: EndpointRef<'a>,
    b: EndpointRef<'a>,
) -> Result<(EndpointRef<'a>, EndpointRef<'a>), ResolveError<'a>> {
    if !roles_fit(a.endpoint.role, b.endpoint.role) {
        return Err(ResolveError::RoleMismatch(a, b));
    }
    if a.endpoint.interface != b.endpoint.interface {
        return Err(ResolveError::InterfaceMismatch(a, b));
    }
    Ok((a, b))
}

/// Whether a relation may join endpoints of these roles: a provider and a requirer.
pub fn roles_fit(a: Role, b: Role) -> bool {
    matches!((a, b), (Role::Provides, Role::Requires) | (Role::Requires, Role::Provides))
}

/// The endpoints of `charm` that can relate to `endpoint`: same interface, opposite role.
pub fn counterparts<'a, 'b>(
    charm: &'a Charm,
    endpoint: &'b Endpoint,
) -> impl Iterator<Item = &'a Endpoint> + use<'a, 'b> {
    charm.endpoints_with_implicit().filter(move |it| can_relate(it, endpoint))
}

/// The word Juju uses for a role in its messages: `provider`, `requirer` or `peer`.
pub fn role_word(role: Role) -> &'static str {
    match role {
        Role::Provides => "provider",
        Role::Requires => "requirer",
        Role::Peers => "peer",
    }
}

/// Juju's test for a candidate pair: fitting roles and the same interface.
fn can_relate(a: &Endpoint, b: &Endpoint) -> bool {
    roles_fit(a.role, b.role) && a.interface == b.interface
}

/// Layers known to declare no relation endpoints and no extra bindings: a charm missing
/// only these still has its full endpoint list in the catalog.
const LAYERS_WITHOUT_ENDPOINTS: &[&str] =
    &["basic", "leadership", "snap", "coordinator", "status", "debug"];

/// Charms whose catalog entry is known to list only some of their endpoints and options.
const INCOMPLETE_CHARMS: &[&str] = &["memcached"];

/// Whether the catalog lists every endpoint and extra binding of `charm`, so that a name
/// not found is not defined by the charm.
pub fn knows_all_endpoints(charm: &Charm) -> bool {
    !INCOMPLETE_CHARMS.contains(&charm.name.as_str())
        && charm
            .unresolved_layers
            .iter()
            .all(|layer| LAYERS_WITHOUT_ENDPOINTS.contains(&layer.as_str()))
}

/// Whether the catalog lists every config option of `charm`, so that a name not found is
/// not an option of the charm.
pub fn knows_all_options(charm: &Charm) -> bool {
    !INCOMPLETE_CHARMS.contains(&charm.name.as_str()) && !charm.is_partial()
}

/// The tracks whose charm revisions the built-in catalog describes, per charm.
///
/// The built-in data was read from the charms a 2024.1 (Caracal) cloud deploys; another
/// track of the same charm (an older release, `latest`) may have other endpoints
/// and options.
const BUILTIN_TRACKS: &[(&[&str], &[&str])] = &[
    (
        &[
            "aodh",
            "barbican",
            "barbican-vault",
            "ceilometer",
            "ceilometer-agent",
            "cinder",
            "cinder-ceph",
            "designate",
            "glance",
            "glance-simplestreams-sync",
            "gnocchi",
            "heat",
            "keystone",
            "neutron-api",
            "neutron-api-plugin-ovn",
            "nova-cloud-controller",
            "nova-compute",
            "octavia",
            "octavia-dashboard",
            "octavia-diskimage-retrofit",
            "openstack-dashboard",
            "placement",
        ],
        &["2024.1"],
    ),
    (&["ceph-dashboard", "ceph-mon", "ceph-osd", "ceph-radosgw"], &["squid"]),
    (&["ovn-central", "ovn-chassis", "ovn-dedicated-chassis"], &["24.03"]),
    (&["mysql-innodb-cluster", "mysql-router"], &["8.0"]),
    (&["vault"], &["1.8"]),
    (&["hacluster"], &["2.4"]),
    (&["rabbitmq-server"], &["3.9", "3.12"]),
];

/// The track of a channel: `2024.1/stable` is `2024.1`; a bare risk, or no channel at all,
/// is `latest`.
fn track(channel: Option<&str>) -> &str {
    let Some(channel) = channel else { return "latest" };
    let first = channel.split('/').next().unwrap_or(channel);
    if crate::ir::names::RISKS.contains(&first) { "latest" } else { first }
}

/// Whether the catalog's entry for the charm of `app` describes the revision the bundle
/// deploys, so that a name missing from it is missing from the deployed charm too.
///
/// A charm read from the user's or the bundle's own directories is the truth for any
/// channel. A built-in charm describes one track (2024.1 for the cloud services, `squid` for Ceph,
/// ...; charms from outside the cloud describe `latest`), so an application on another
/// track, on no channel (which Juju resolves to `latest`), or from the retired charm store
/// (`cs:`) may use another revision of the charm.
pub fn describes_channel(catalog: &Catalog, app: &Application) -> bool {
    let Some(charm_ref) = app.charm.as_ref().map(|field| field.get().as_str()) else {
        return false;
    };
    let name = charm_name(charm_ref);
    let Some(charm) = catalog.charm(name) else { return false };
    let builtin = Catalog::builtin().charm(name);
    if !builtin.is_some_and(|builtin| std::ptr::eq(builtin, charm)) || is_local_charm(charm_ref) {
        return true;
    }
    if charm_ref.starts_with("cs:") {
        return false;
    }
    let track = track(app.channel.as_ref().map(|field| field.get().as_str()));
    let tracks = BUILTIN_TRACKS
        .iter()
        .find(|(charms, _)| charms.contains(&name))
        .map_or(&["latest"][..], |(_, tracks)| tracks);
    tracks.contains(&track)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::analyze_texts;

    fn resolve(bundle: &str) -> Vec<Result<(String, String), String>> {
        let analysis = analyze_texts(bundle, &[]);
        let catalog = Catalog::builtin();
        analysis
            .merged
            .relations
            .iter()
            .map(|relation| {
                resolve_relation(catalog, &analysis.merged, relation)
                    .map(|(a, b)| (a.written(), b.written()))
                    .map_err(|err| match err {
                        ResolveError::Ambiguous(candidates) => format!(
                            "ambiguous: {}",
                            candidates
                                .iter()
                                .map(|(a, b)| format!("{} {}", a.written(), b.written()))
                                .collect::<Vec<_>>()
                                .join("; ")
                        ),
                        other => format!("{other:?}").split('(').next().unwrap_or("").to_owned(),
                    })
            })
            .collect()
    }

    const APPS: &str = "applications:\n  keystone: {charm: keystone, num_units: 1}\n  placement: {charm: placement, num_units: 1}\n  keystone-hacluster: {charm: hacluster}\n  vault: {charm: vault, num_units: 1}\n  router: {charm: mysql-router}\n  mystery: {charm: mystery, num_units: 1}\n  ntp: {charm: ntp}\n";

    fn with(relations: &str) -> String {
        format!("{APPS}relations:\n{relations}")
    }

    #[test]
    fn infers_the_one_fitting_pair() {
        assert_eq!(
            resolve(&with("- [placement, keystone]\n")),
            [Ok(("placement:identity-service".to_owned(), "keystone:identity-service".to_owned()))]
        );
    }

    #[test]
    fn implicit_juju_info_candidates_are_dropped_when_others_remain() {
        assert_eq!(
            resolve(&with("- [keystone, keystone-hacluster]\n")),
            [Ok(("keystone:ha".to_owned(), "keystone-hacluster:ha".to_owned()))]
        );
    }

    #[test]
    fn only_implicit_candidates_left_is_ambiguous() {
        // ntp requires juju-info; keystone provides it implicitly: one candidate.
        assert_eq!(
            resolve(&with("- [ntp, keystone]\n")),
            [Ok(("ntp:juju-info".to_owned(), "keystone:juju-info".to_owned()))]
        );
        // hacluster has two juju-info requirers, both meeting the implicit provider.
        assert_eq!(
            resolve(&with("- [keystone-hacluster, vault:juju-info]\n")),
            [Err("ambiguous: keystone-hacluster:juju-info vault:juju-info; keystone-hacluster:peer-availability vault:juju-info".to_owned())]
        );
    }

    #[test]
    fn named_endpoints_are_checked_not_inferred() {
        let results = resolve(&with(
            "- [keystone:shared-db, router:shared-db]\n- [vault:certificates, keystone:identity-service]\n- [vault:certificates, placement:identity-service]\n- [vault:certificate, keystone:certificates]\n- [mystery:db, keystone:shared-db]\n- [keystone, keystone]\n- [keystone, saas]\n- [vault:shared-db, router]\n- [keystone:identity-service, vault]\n",
        ));
        let kinds: Vec<String> = results
            .into_iter()
            .map(|it| match it {
                Ok((a, b)) => format!("{a} {b}"),
                Err(err) => err,
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "keystone:shared-db router:shared-db",
                "RoleMismatch",
                "InterfaceMismatch",
                "UndefinedEndpoint",
                "UnknownCharm",
                "SameApplication",
                "NotAnApplication",
                "vault:shared-db router:shared-db",
                "NoCandidates",
            ]
        );
    }

    #[test]
    fn partial_charms_know_endpoints_when_the_missing_layers_declare_none() {
        let catalog = Catalog::builtin();
        let vault = catalog.charm("vault").unwrap();
        assert!(vault.is_partial());
        assert!(knows_all_endpoints(vault));
        assert!(!knows_all_options(vault));
        assert!(!knows_all_endpoints(catalog.charm("memcached").unwrap()));
        assert!(!knows_all_endpoints(catalog.charm("etcd").unwrap()));
        assert!(knows_all_options(catalog.charm("keystone").unwrap()));
    }

    #[test]
    fn built_in_facts_describe_their_own_track() {
        let analysis = analyze_texts(
            "applications:\n  a: {charm: keystone, channel: 2024.1/stable}\n  b: {charm: keystone, channel: yoga/stable}\n  c: {charm: keystone}\n  d: {charm: cs:keystone}\n  e: {charm: ntp}\n  f: {charm: ntp, channel: stable}\n  g: {charm: rabbitmq-server, channel: 3.12/edge}\n  h: {charm: mystery, channel: 2024.1/stable}\n",
            &[],
        );
        let matches: Vec<bool> = analysis
            .merged
            .apps()
            .map(|(_, _, app)| describes_channel(&analysis.catalog, app))
            .collect();
        assert_eq!(matches, [true, false, false, false, true, true, true, false]);
    }

    #[test]
    fn user_charms_describe_every_channel() {
        let mut catalog = Catalog::new();
        let mut keystone = Catalog::builtin().charm("keystone").unwrap().clone();
        keystone.options.clear();
        catalog.insert(keystone);
        let layered = Catalog::builtin().with_overrides(&catalog);
        let analysis =
            analyze_texts("applications:\n  a: {charm: keystone, channel: yoga/stable}\n", &[]);
        let app = analysis.merged.app("a").unwrap();
        assert!(describes_channel(&layered, app));
        assert!(!describes_channel(Catalog::builtin(), app));
    }
}
