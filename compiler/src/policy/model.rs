//! The shape of `bundlec.toml`, as serde reads it and as its JSON Schema describes it.

use std::borrow::Cow;
use std::ops::Range;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

/// A value and the byte range where the policy writes it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Loc<T>(pub toml::Spanned<T>);

impl<T> Loc<T> {
    /// The value.
    pub fn get(&self) -> &T {
        self.0.get_ref()
    }

    /// Where it is written in the policy file.
    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }
}

impl<T: JsonSchema> JsonSchema for Loc<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// `bundlec.toml`: everything a site expects of its bundle. Every table is optional.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Policy {
    /// Which rules run, and how severe they are.
    #[serde(default)]
    pub rules: RuleSelection,
    /// The site's networks.
    #[serde(default)]
    pub networks: Vec<Network>,
    /// How VIPs are written and how many there are.
    pub vips: Option<VipLayout>,
    /// The channel matrix.
    #[serde(default)]
    pub channels: Channels,
    /// Applications that must not exist.
    #[serde(default)]
    pub applications: ApplicationRules,
    /// Relations that must or must not exist.
    #[serde(default)]
    pub relations: RelationRules,
    /// Expected counts of the deploy plan.
    #[serde(default)]
    pub counts: Counts,
    /// Where applications may go.
    #[serde(default)]
    pub placement: PlacementRules,
    /// Required, forbidden and secret options.
    #[serde(default)]
    pub options: OptionRules,
    /// The spaces that exist and their networks.
    #[serde(default)]
    pub spaces: Spaces,
    /// The host NIC that carries each network: network name to interface name.
    #[serde(default)]
    pub nics: IndexMap<String, Loc<String>>,
    /// The network each OVS bridge carries: bridge name to network name.
    #[serde(default)]
    pub bridges: IndexMap<String, Loc<String>>,
    /// Where the site keeps charms of its own.
    #[serde(default)]
    pub charms: CharmSources,
    /// Where applications get their TLS certificates.
    #[serde(default)]
    pub tls: Tls,
}

/// Charm directories to read facts from, over the catalog built into bundlec.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CharmSources {
    /// Charm directories, relative to the policy file.
    #[serde(default)]
    pub dirs: Vec<Loc<String>>,
    /// Directories of reactive layers those charms include, relative to the policy file.
    #[serde(default)]
    pub layers: Vec<Loc<String>>,
}

/// Rule selection.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSelection {
    /// Codes or names of rules that do not run.
    #[serde(default)]
    pub disable: Vec<Loc<String>>,
    /// Severity per rule code or name.
    #[serde(default)]
    pub severity: IndexMap<String, Loc<SeverityName>>,
    /// Top-level keys whose Juju "will be ignored" warning the site accepts (e.g. `name`).
    #[serde(default)]
    pub accept_ignored_fields: Vec<Loc<String>>,
}

/// A severity as the policy names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    /// Fails the check.
    Error,
    /// Reported, does not fail.
    Warning,
    /// Reported as information.
    Info,
}

/// One network.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Network {
    /// Its name, e.g. `provider`.
    pub name: Loc<String>,
    /// Its CIDR, e.g. `10.12.4.0/22`.
    pub cidr: Loc<String>,
    /// Addresses nothing else may take, with what holds them.
    #[serde(default)]
    pub reserved: IndexMap<String, Loc<String>>,
    /// The addresses VIPs are taken from: `first-last`, e.g. `10.12.4.50-10.12.4.60`.
    pub vip_range: Option<Loc<String>>,
    /// Old ranges that must not hold a VIP any more.
    #[serde(default)]
    pub stale_ranges: Vec<Loc<String>>,
}

/// How VIPs are written.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VipLayout {
    /// The option names that hold VIPs.
    #[serde(default = "default_vip_options")]
    pub options: Vec<String>,
    /// The networks of the addresses in one VIP string, in order.
    pub networks: Vec<Loc<String>>,
    /// Whether all addresses of one VIP string share their host part.
    #[serde(default)]
    pub paired_host_part: bool,
    /// The number of VIP strings the bundle must hold.
    pub count: Option<Loc<usize>>,
}

fn default_vip_options() -> Vec<String> {
    vec!["vip".to_owned()]
}

/// The channel matrix.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Channels {
    /// Whether every charm must have a `channel`.
    #[serde(default)]
    pub require: bool,
    /// Charm name to the channel it must use.
    #[serde(default)]
    pub charms: IndexMap<String, Loc<String>>,
}

/// Applications that must not exist.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ApplicationRules {
    /// Glob patterns of application or charm names, e.g. `designate*`.
    #[serde(default)]
    pub forbidden: Vec<Loc<String>>,
}

/// Relations that must or must not exist.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RelationRules {
    /// Endpoint pairs that must be related, e.g. `["octavia:certificates", "vault:certificates"]`.
    #[serde(default)]
    pub required: Vec<Loc<[String; 2]>>,
    /// Endpoints that must not take part in any relation, e.g. `vault:ha`.
    #[serde(default)]
    pub forbidden: Vec<Loc<String>>,
}

/// Expected counts of the deploy plan.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Counts {
    /// Applications.
    pub applications: Option<Loc<usize>>,
    /// Relations.
    pub relations: Option<Loc<usize>>,
    /// Machines.
    pub machines: Option<Loc<usize>>,
    /// Containers.
    pub containers: Option<Loc<usize>>,
    /// Units.
    pub units: Option<Loc<usize>>,
}

/// Where applications may go.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlacementRules {
    /// Application to the bundle machines its units may use (directly or in containers).
    #[serde(default)]
    pub only_on: IndexMap<String, Loc<Vec<String>>>,
    /// Applications that must have exactly one unit on every bundle machine.
    #[serde(default)]
    pub once_per_machine: Vec<Loc<String>>,
}

/// Required, forbidden and secret options.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OptionRules {
    /// Option values some applications must set.
    #[serde(default)]
    pub required: Vec<RequiredOptions>,
    /// Glob patterns of option names no application may set, e.g. `os-*-hostname`.
    #[serde(default)]
    pub forbidden: Vec<Loc<String>>,
    /// Glob patterns `application.option` whose values are secret, e.g. `octavia.lb-mgmt-*`.
    #[serde(default)]
    pub secret: Vec<Loc<String>>,
}

/// Values a set of applications must set.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequiredOptions {
    /// The applications.
    pub applications: Loc<Vec<String>>,
    /// Option name to the value it must have.
    pub values: IndexMap<String, Loc<OptionValue>>,
}

/// A required option value.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OptionValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
}

/// The spaces that exist.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Spaces {
    /// Space name to the network it contains.
    #[serde(default)]
    pub known: IndexMap<String, Loc<String>>,
    /// Whether every application must bind its default endpoint (`""`) explicitly.
    #[serde(default)]
    pub require_default_binding: bool,
}

/// Where applications get their TLS certificates, e.g. `provider = "vault"`.
///
/// With a provider named, every application whose charm can take certificates must be
/// related to the provider's `certificates` endpoint, except those listed in `exempt`.
/// Nothing here is checked against the bundle when the policy loads: the rule that reads
/// it reports what does not fit.
#[derive(Clone, Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Tls {
    /// The application that issues the certificates, e.g. `vault`.
    pub provider: Option<Loc<String>>,
    /// Applications, or charms (meaning all their applications), that take no certificates
    /// from the provider although their charm could, e.g. `rabbitmq-server`.
    #[serde(default)]
    pub exempt: Vec<Loc<String>>,
}
