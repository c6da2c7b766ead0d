//! The typed bundle model: applications, machines, relations, SAAS, options, each value
//! with the file and span that set it.
//!
//! One [`Bundle`] is one YAML document after lowering; merging overlays produces another
//! [`Bundle`] whose values keep pointing at whichever document set them.

mod lower;
pub mod names;
pub mod placement;
pub mod relation;

use indexmap::IndexMap;

use crate::source::FileSpan;
pub use lower::{LoweredDocument, lower_document};

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value is written: the anchored node when it was reached through an alias.
    pub span: FileSpan,
    /// The alias that brought the value here, if any.
    pub alias: Option<FileSpan>,
}

impl<T> Spanned<T> {
    /// A value written at `span`, not through an alias.
    pub fn new(value: T, span: FileSpan) -> Self {
        Self { value, span, alias: None }
    }

    /// Where the value is used: the alias if there is one, else where it is written.
    pub fn use_site(&self) -> FileSpan {
        self.alias.unwrap_or(self.span)
    }
}

/// A key present in a document, with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Field<T> {
    /// The key's span.
    pub key: FileSpan,
    /// The value.
    pub value: Spanned<T>,
}

impl<T> Field<T> {
    /// The value itself.
    pub fn get(&self) -> &T {
        &self.value.value
    }
}

/// A YAML map of named entries, in source order.
pub type Entries<T> = IndexMap<String, Field<T>>;

/// An option or resource value as the YAML types it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// A boolean (including YAML 1.1 `yes`/`on`).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string, with how it was written.
    Str(StrValue),
    /// A sequence or mapping: not a valid option value.
    Collection,
}

/// A string option value.
#[derive(Clone, Debug, PartialEq)]
pub struct StrValue {
    /// The text, after an include is resolved.
    pub text: String,
    /// Whether it was quoted or a block scalar (a plain scalar that only looks like a
    /// string can still be a number to other tools).
    pub quoted: bool,
    /// The include directive it came from, if any.
    pub include: Option<Include>,
}

/// An `include-file://` or `include-base64://` directive that was resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Include {
    /// `true` for `include-base64://`.
    pub base64: bool,
    /// The path as written.
    pub path: String,
}

impl Value {
    /// A short name of the value's type for messages; never the value itself.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "boolean",
            Self::Int(_) => "integer",
            Self::Float(_) => "float",
            Self::Str(_) => "string",
            Self::Collection => "collection",
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(value) => Some(&value.text),
            _ => None,
        }
    }
}

/// A resource revision or local path.
#[derive(Clone, Debug, PartialEq)]
pub enum ResourceValue {
    /// A revision number.
    Revision(i64),
    /// A local file path.
    Path(String),
    /// Anything else: Juju refuses it.
    Invalid(&'static str),
}

/// `exposed-endpoints` entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExposedEndpoint {
    /// `expose-to-spaces`.
    pub spaces: Vec<Spanned<String>>,
    /// `expose-to-cidrs`.
    pub cidrs: Vec<Spanned<String>>,
}

/// An offer declared by an application (overlay only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Offer {
    /// Offered endpoints.
    pub endpoints: Vec<Spanned<String>>,
    /// User to access level.
    pub acl: Entries<String>,
    /// Written as null: an overlay's null offer deletes that offer.
    pub null: bool,
}

/// One application's spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Application {
    /// `charm`.
    pub charm: Option<Field<String>>,
    /// `channel`.
    pub channel: Option<Field<String>>,
    /// `revision`.
    pub revision: Option<Field<i64>>,
    /// `series`.
    pub series: Option<Field<String>>,
    /// `base`.
    pub base: Option<Field<String>>,
    /// `num_units`.
    pub num_units: Option<Field<i64>>,
    /// `scale` (Kubernetes alias of `num_units`).
    pub scale: Option<Field<i64>>,
    /// `to`: placement directives.
    pub to: Option<Field<Vec<Spanned<String>>>>,
    /// `placement` (Kubernetes only).
    pub placement: Option<Field<String>>,
    /// `expose`.
    pub expose: Option<Field<bool>>,
    /// `exposed-endpoints` (overlay only).
    pub exposed_endpoints: Option<Field<Entries<ExposedEndpoint>>>,
    /// `options`: charm config.
    pub options: Option<Field<Entries<Value>>>,
    /// `annotations`.
    pub annotations: Option<Field<Entries<Value>>>,
    /// `constraints`.
    pub constraints: Option<Field<String>>,
    /// `storage`.
    pub storage: Option<Field<Entries<String>>>,
    /// `devices`.
    pub devices: Option<Field<Entries<String>>>,
    /// `bindings`: endpoint (or `""`) to space.
    pub bindings: Option<Field<Entries<String>>>,
    /// `resources`.
    pub resources: Option<Field<Entries<ResourceValue>>>,
    /// `offers` (overlay only).
    pub offers: Option<Field<Entries<Offer>>>,
    /// `plan`.
    pub plan: Option<Field<String>>,
    /// `trust`.
    pub trust: Option<Field<bool>>,
}

impl Application {
    /// The number of units Juju deploys: `num_units`, or `scale` when that is all there is.
    pub fn unit_count(&self) -> i64 {
        self.num_units.as_ref().or(self.scale.as_ref()).map_or(0, |field| *field.get())
    }

    /// The value of option `name`, if set.
    pub fn option(&self, name: &str) -> Option<&Field<Value>> {
        self.options.as_ref().and_then(|options| options.get().get(name))
    }

    /// The charm name without schema, revision or path: `ch:keystone-12` is `keystone`.
    pub fn charm_name(&self) -> Option<&str> {
        let charm = self.charm.as_ref()?.get();
        Some(names::charm_name(charm))
    }
}

/// An application slot of a document: `None` body is `name:` with nothing after it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplicationSlot {
    /// The application's name as written.
    pub name: Spanned<String>,
    /// Its spec; `None` for a null body (a deletion in an overlay).
    pub body: Option<Application>,
    /// The span of the whole spec, or of the key when the body is null.
    pub span: FileSpan,
}

/// A machine spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Machine {
    /// `constraints`.
    pub constraints: Option<Field<String>>,
    /// `annotations`.
    pub annotations: Option<Field<Entries<Value>>>,
    /// `series`.
    pub series: Option<Field<String>>,
    /// `base`.
    pub base: Option<Field<String>>,
}

/// A machine slot: its id as written and its spec.
#[derive(Clone, Debug, PartialEq)]
pub struct MachineSlot {
    /// The id as written.
    pub id: Spanned<String>,
    /// The spec (empty when the value is null).
    pub body: Machine,
}

/// A SAAS entry: an offer this bundle consumes.
#[derive(Clone, Debug, PartialEq)]
pub struct SaasSlot {
    /// The name as written.
    pub name: Spanned<String>,
    /// `url`; `None` body is a null entry (a deletion in an overlay).
    pub url: Option<Field<String>>,
    /// Whether the body was null.
    pub null_body: bool,
}

/// One `relations` item.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    /// The whole item.
    pub span: FileSpan,
    /// The endpoint strings, as written.
    pub endpoints: Vec<Spanned<String>>,
}

/// One bundle document, or the merged result of several.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bundle {
    /// `applications`, by name.
    pub applications: IndexMap<String, ApplicationSlot>,
    /// The `applications` key, if present.
    pub applications_key: Option<FileSpan>,
    /// `machines`; `None` when the key is absent.
    pub machines: Option<Field<IndexMap<String, MachineSlot>>>,
    /// `relations`.
    pub relations: Vec<Relation>,
    /// `saas`.
    pub saas: IndexMap<String, SaasSlot>,
    /// `series`.
    pub series: Option<Field<String>>,
    /// `default-base`.
    pub default_base: Option<Field<String>>,
    /// `description`.
    pub description: Option<Field<String>>,
    /// `tags`.
    pub tags: Option<Field<Vec<Spanned<String>>>>,
    /// `bundle`: the bundle type, `""` or `kubernetes`.
    pub bundle_type: Option<Field<String>>,
    /// The legacy `services` key, which Juju 3 ignores.
    pub services_key: Option<FileSpan>,
    /// The span of the document's root.
    pub span: Option<FileSpan>,
}

impl Bundle {
    /// The applications that have a body, with their names.
    pub fn apps(&self) -> impl Iterator<Item = (&str, &ApplicationSlot, &Application)> {
        self.applications
            .iter()
            .filter_map(|(name, slot)| slot.body.as_ref().map(|body| (name.as_str(), slot, body)))
    }

    /// The application called `name`, if it has a body.
    pub fn app(&self, name: &str) -> Option<&Application> {
        self.applications.get(name).and_then(|slot| slot.body.as_ref())
    }

    /// Whether this is a Kubernetes bundle.
    pub fn is_kubernetes(&self) -> bool {
        self.bundle_type.as_ref().is_some_and(|field| field.get() == "kubernetes")
    }

    /// The declared machines, empty when there is no `machines` key.
    pub fn machine_slots(&self) -> impl Iterator<Item = (&str, &MachineSlot)> {
        self.machines
            .iter()
            .flat_map(|field| field.get().iter().map(|(id, slot)| (id.as_str(), slot)))
    }
}
