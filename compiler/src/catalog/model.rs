//! The catalog's data model: the facts about one charm that bundle checks and hovers need.
//!
//! Facts only: names, roles, interfaces, scopes, limits, option types and defaults. No
//! descriptions, so the built-in data stays small and says nothing a charm author may
//! reword. Every list is kept sorted, so serialising a charm is deterministic.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The name and interface of the endpoint every application provides without declaring it.
pub const JUJU_INFO: &str = "juju-info";

/// What one charm offers a bundle: endpoints, extra bindings and config options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Charm {
    /// The charm's name, from its metadata.
    pub name: String,
    /// Whether the charm is a subordinate (deployed inside a principal's units).
    #[serde(default, skip_serializing_if = "is_false")]
    pub subordinate: bool,
    /// Declared endpoints, sorted by role and then name; the implicit `juju-info` is not here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<Endpoint>,
    /// Names that `bindings` may use besides the endpoints, sorted.
    #[serde(default, rename = "extra-bindings", skip_serializing_if = "Vec::is_empty")]
    pub extra_bindings: Vec<String>,
    /// Config options, sorted by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ConfigOption>,
    /// Layers the charm includes that were not available when it was imported, in include
    /// order. Their endpoints and options are missing, so a name not found in this charm may
    /// still be valid.
    #[serde(default, rename = "unresolved-layers", skip_serializing_if = "Vec::is_empty")]
    pub unresolved_layers: Vec<String>,
}

impl Charm {
    /// The endpoint named `name`: a declared one first, else the implicit `juju-info`.
    pub fn endpoint(&self, name: &str) -> Option<&Endpoint> {
        self.endpoints
            .iter()
            .find(|endpoint| endpoint.name == name)
            .or_else(|| (name == JUJU_INFO).then(implicit_juju_info))
    }

    /// Every endpoint, declared ones in order and then the implicit `juju-info` provider.
    pub fn endpoints_with_implicit(&self) -> impl Iterator<Item = &Endpoint> {
        self.endpoints.iter().chain(std::iter::once(implicit_juju_info()))
    }

    /// The config option named `name`.
    pub fn option(&self, name: &str) -> Option<&ConfigOption> {
        // Options are sorted by name on construction; a linear scan keeps deserialised data
        // that someone reordered by hand correct as well.
        self.options.iter().find(|option| option.name == name)
    }

    /// Whether `name` may be used as a key of an application's `bindings`: an endpoint
    /// (implicit `juju-info` included) or an extra binding. The empty key, the default
    /// space, is accepted too.
    pub fn has_binding(&self, name: &str) -> bool {
        name.is_empty()
            || self.endpoint(name).is_some()
            || self.extra_bindings.iter().any(|binding| binding == name)
    }

    /// Whether the charm's facts may be incomplete because some of its layers were missing.
    pub fn is_partial(&self) -> bool {
        !self.unresolved_layers.is_empty()
    }

    /// Puts endpoints, extra bindings and options in their canonical order.
    pub fn normalize(&mut self) {
        self.endpoints.sort_by(|a, b| (a.role, &a.name).cmp(&(b.role, &b.name)));
        self.extra_bindings.sort();
        self.extra_bindings.dedup();
        self.options.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

/// The `juju-info` endpoint every application provides without declaring it.
pub fn implicit_juju_info() -> &'static Endpoint {
    static ENDPOINT: std::sync::LazyLock<Endpoint> = std::sync::LazyLock::new(|| Endpoint {
        name: JUJU_INFO.to_owned(),
        role: Role::Provides,
        interface: JUJU_INFO.to_owned(),
        scope: Scope::Global,
        limit: None,
        optional: false,
    });
    &ENDPOINT
}

/// One relation endpoint of a charm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// The endpoint's name, as used in `relations:` and `bindings:`.
    pub name: String,
    /// Which side of a relation it takes.
    pub role: Role,
    /// The interface both sides must share.
    pub interface: String,
    /// Whether it relates across machines or only within one unit's container.
    #[serde(default, skip_serializing_if = "Scope::is_global")]
    pub scope: Scope,
    /// The most relations this endpoint accepts, when the charm caps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Whether the charm declares the relation optional (Juju ignores it; it documents intent).
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

impl Endpoint {
    /// Whether this is the implicit `juju-info` provider. Juju reserves the name for
    /// requirers, so a provider called `juju-info` is always the implicit one.
    pub fn is_implicit(&self) -> bool {
        self.role == Role::Provides && self.name == JUJU_INFO
    }
}

/// The side of a relation an endpoint takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Declared under `provides:`.
    Provides,
    /// Declared under `requires:`.
    Requires,
    /// Declared under `peers:`: relates units of the same application.
    Peers,
}

impl Role {
    /// The metadata key that declares endpoints of this role.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provides => "provides",
            Self::Requires => "requires",
            Self::Peers => "peers",
        }
    }

    /// Every role, in canonical order.
    pub const ALL: [Self; 3] = [Self::Provides, Self::Requires, Self::Peers];
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a relation on an endpoint may reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Any unit of the related application.
    #[default]
    Global,
    /// Only the unit in the same container: how subordinates attach to principals.
    Container,
}

impl Scope {
    /// Whether this is the default scope (serialised by omission).
    pub fn is_global(&self) -> bool {
        *self == Self::Global
    }

    /// The word the metadata uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::Container => "container",
        }
    }
}

/// One config option of a charm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfigOption {
    /// The option's name, as used under an application's `options:`.
    pub name: String,
    /// Its declared type.
    #[serde(rename = "type")]
    pub kind: OptionKind,
    /// Its default, or `None` when the charm gives none (the option is unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultValue>,
}

/// The type of a config option, as `config.yaml` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptionKind {
    /// `string`.
    String,
    /// `int`.
    Int,
    /// `float`.
    Float,
    /// `boolean`.
    Boolean,
    /// `secret`: a Juju secret URI.
    Secret,
}

impl OptionKind {
    /// The type name as `config.yaml` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Int => "int",
            Self::Float => "float",
            Self::Boolean => "boolean",
            Self::Secret => "secret",
        }
    }

    /// The kind named `name` in `config.yaml`, if Juju knows it.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "string" => Some(Self::String),
            "int" => Some(Self::Int),
            "float" => Some(Self::Float),
            "boolean" => Some(Self::Boolean),
            "secret" => Some(Self::Secret),
            _ => None,
        }
    }
}

impl fmt::Display for OptionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A config option's default value, typed as Juju reads it.
///
/// Serialised as the bare JSON value; variants are tried in order when reading, so `5`
/// reads back as an integer and `5.0` as a float.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (may be empty).
    Str(String),
}

impl fmt::Display for DefaultValue {
    /// As a bundle would write the value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(value) => write!(f, "{value}"),
            Self::Int(value) => write!(f, "{value}"),
            Self::Float(value) => write!(f, "{value:?}"),
            Self::Str(value) => write!(f, "{value:?}"),
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(name: &str, role: Role, interface: &str) -> Endpoint {
        Endpoint {
            name: name.to_owned(),
            role,
            interface: interface.to_owned(),
            scope: Scope::Global,
            limit: None,
            optional: false,
        }
    }

    #[test]
    fn declared_endpoint_wins_over_the_implicit_one() {
        let charm = Charm {
            name: "ntp".to_owned(),
            subordinate: true,
            endpoints: vec![Endpoint {
                scope: Scope::Container,
                ..endpoint("juju-info", Role::Requires, "juju-info")
            }],
            extra_bindings: Vec::new(),
            options: Vec::new(),
            unresolved_layers: Vec::new(),
        };
        let found = charm.endpoint("juju-info").unwrap();
        assert_eq!(found.role, Role::Requires);
        assert!(!found.is_implicit());
        assert_eq!(charm.endpoints_with_implicit().filter(|it| it.is_implicit()).count(), 1);
    }

    #[test]
    fn every_charm_provides_juju_info() {
        let charm = Charm {
            name: "plain".to_owned(),
            subordinate: false,
            endpoints: vec![endpoint("db", Role::Requires, "mysql")],
            extra_bindings: vec!["public".to_owned()],
            options: Vec::new(),
            unresolved_layers: Vec::new(),
        };
        let info = charm.endpoint("juju-info").unwrap();
        assert!(info.is_implicit());
        assert_eq!(info.interface, "juju-info");
        assert!(charm.has_binding("public"));
        assert!(charm.has_binding("db"));
        assert!(charm.has_binding(""));
        assert!(!charm.has_binding("admin"));
    }

    #[test]
    fn defaults_round_trip_with_their_types() {
        let values = vec![
            DefaultValue::Bool(false),
            DefaultValue::Int(512),
            DefaultValue::Float(1.0),
            DefaultValue::Float(0.25),
            DefaultValue::Str(String::new()),
            DefaultValue::Str("5".to_owned()),
        ];
        let json = serde_json::to_string(&values).unwrap();
        assert_eq!(json, r#"[false,512,1.0,0.25,"","5"]"#);
        let back: Vec<DefaultValue> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, values);
    }
}
