//! Lowering one YAML document into a [`Bundle`], reporting unknown keys and type mismatches.
//!
//! Types follow Juju's decoder: any scalar decodes into a string field (by its text), null
//! into a zero value, and a collection where a scalar belongs is a type mismatch. A field
//! with a type mismatch is left out, so the rest of the document is still checked.

use indexmap::IndexMap;

use super::{
    Application, ApplicationSlot, Bundle, Entries, ExposedEndpoint, Field, Machine, MachineSlot,
    Offer, Relation, ResourceValue, SaasSlot, Spanned, StrValue, Value,
};
use crate::diagnostics::Diagnostic;
use crate::rules::closest;
use crate::rules::structure::{metadata_field, type_mismatch, unknown_field};
use crate::source::FileSpan;
use crate::syntax::{Entry, NodeId, NodeKind, Resolved, ScalarStyle, YamlFile};

/// One lowered document.
#[derive(Debug)]
pub struct LoweredDocument {
    /// The bundle it describes.
    pub bundle: Bundle,
    /// Problems found while lowering.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the document had no keys at all (Juju skips empty documents).
    pub is_empty: bool,
}

const TOP_LEVEL: &[&str] = &[
    "applications",
    "machines",
    "relations",
    "saas",
    "series",
    "default-base",
    "description",
    "tags",
    "bundle",
];
const APPLICATION_KEYS: &[&str] = &[
    "charm",
    "channel",
    "revision",
    "series",
    "base",
    "num_units",
    "scale",
    "to",
    "placement",
    "expose",
    "exposed-endpoints",
    "options",
    "annotations",
    "constraints",
    "storage",
    "devices",
    "bindings",
    "resources",
    "offers",
    "plan",
    "trust",
];
const MACHINE_KEYS: &[&str] = &["constraints", "annotations", "series", "base"];
const SAAS_KEYS: &[&str] = &["url"];
const EXPOSED_KEYS: &[&str] = &["expose-to-spaces", "expose-to-cidrs"];
const OFFER_KEYS: &[&str] = &["endpoints", "acl"];

struct Lowerer<'a> {
    tree: &'a YamlFile,
    diagnostics: Vec<Diagnostic>,
}

/// Lowers the document whose root is `root`.
pub fn lower_document(tree: &YamlFile, root: NodeId) -> LoweredDocument {
    let mut lowerer = Lowerer { tree, diagnostics: Vec::new() };
    let mut bundle = Bundle { span: Some(tree.span(root)), ..Bundle::default() };
    let is_empty;
    match tree.entries(root) {
        Some(entries) => {
            is_empty = entries.is_empty();
            lowerer.top_level(&entries, &mut bundle);
        }
        None if tree.is_null(root) => is_empty = true,
        None => {
            is_empty = false;
            let found = lowerer.type_name(root);
            lowerer.mismatch("(document)", root, "a mapping", found);
        }
    }
    LoweredDocument { bundle, diagnostics: lowerer.diagnostics, is_empty }
}

impl Lowerer<'_> {
    fn span(&self, id: NodeId) -> FileSpan {
        self.tree.span(self.tree.resolve(id))
    }

    fn spanned<T>(&self, value: T, id: NodeId) -> Spanned<T> {
        let alias = self.tree.alias_target(id).map(|_| self.tree.span(id));
        Spanned { value, span: self.span(id), alias }
    }

    fn key_text(&self, entry: &Entry) -> String {
        self.tree.scalar(entry.key).map(|it| it.value.clone()).unwrap_or_default()
    }

    fn type_name(&self, id: NodeId) -> &'static str {
        match &self.tree.node(self.tree.resolve(id)).kind {
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Alias(_) => "an alias",
            NodeKind::Scalar(_) => match self.tree.resolved(id) {
                Some(Resolved::Null) => "null",
                Some(Resolved::Bool(_)) => "a boolean",
                Some(Resolved::Int(_)) => "an integer",
                Some(Resolved::Float(_)) => "a float",
                _ => "a string",
            },
        }
    }

    fn mismatch(&mut self, path: &str, id: NodeId, expected: &str, found: &str) {
        let span = self.tree.span(id);
        self.diagnostics.push(type_mismatch::diagnostic(path, span, expected, found));
    }

    fn unknown(&mut self, entry: &Entry, key: &str, place: &str, known: &[&str]) {
        let suggestion = closest(key, known.iter().copied());
        self.diagnostics.push(unknown_field::diagnostic(
            key,
            self.tree.span(entry.key),
            place,
            suggestion,
        ));
    }

    fn field<T>(&self, entry: &Entry, value: T) -> Field<T> {
        Field { key: self.tree.span(entry.key), value: self.spanned(value, entry.value) }
    }

    /// Any scalar as its text; null as `""`.
    fn string(&mut self, path: &str, entry: &Entry) -> Option<Field<String>> {
        match self.tree.scalar(entry.value) {
            Some(scalar) => {
                let text = if self.tree.is_null(entry.value) {
                    String::new()
                } else {
                    scalar.value.clone()
                };
                Some(self.field(entry, text))
            }
            None => {
                let found = self.type_name(entry.value);
                self.mismatch(path, entry.value, "a string", found);
                None
            }
        }
    }

    fn int(&mut self, path: &str, entry: &Entry) -> Option<Field<i64>> {
        match self.tree.resolved(entry.value) {
            Some(Resolved::Int(value)) => Some(self.field(entry, value)),
            Some(Resolved::Null) => Some(self.field(entry, 0)),
            #[expect(clippy::cast_possible_truncation, reason = "only whole floats are accepted")]
            Some(Resolved::Float(value)) if value.fract() == 0.0 && value.abs() < 9.0e15 => {
                Some(self.field(entry, value as i64))
            }
            _ => {
                let found = self.type_name(entry.value);
                self.mismatch(path, entry.value, "an integer", found);
                None
            }
        }
    }

    fn boolean(&mut self, path: &str, entry: &Entry) -> Option<Field<bool>> {
        match self.tree.resolved(entry.value) {
            Some(Resolved::Bool(value)) => Some(self.field(entry, value)),
            Some(Resolved::Null) => Some(self.field(entry, false)),
            _ => {
                let found = self.type_name(entry.value);
                self.mismatch(path, entry.value, "a boolean", found);
                None
            }
        }
    }

    /// A list of scalars; null as an empty list.
    fn string_list(&mut self, path: &str, entry: &Entry) -> Option<Field<Vec<Spanned<String>>>> {
        if self.tree.is_null(entry.value) {
            return Some(self.field(entry, Vec::new()));
        }
        let Some(items) = self.tree.items(entry.value) else {
            let found = self.type_name(entry.value);
            self.mismatch(path, entry.value, "a list", found);
            return None;
        };
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            match self.tree.scalar(*item) {
                Some(scalar) => values.push(self.spanned(scalar.value.clone(), *item)),
                None => {
                    let found = self.type_name(*item);
                    self.mismatch(&format!("{path}[]"), *item, "a string", found);
                    return None;
                }
            }
        }
        Some(self.field(entry, values))
    }

    /// A mapping whose entries each lower with `item`; null as an empty map.
    fn map<T>(
        &mut self,
        path: &str,
        entry: &Entry,
        mut item: impl FnMut(&mut Self, &str, &Entry) -> Option<Field<T>>,
    ) -> Option<Field<Entries<T>>> {
        if self.tree.is_null(entry.value) {
            return Some(self.field(entry, IndexMap::new()));
        }
        let Some(entries) = self.tree.entries(entry.value) else {
            let found = self.type_name(entry.value);
            self.mismatch(path, entry.value, "a mapping", found);
            return None;
        };
        let mut result = IndexMap::with_capacity(entries.len());
        for child in &entries {
            let key = self.key_text(child);
            if let Some(value) = item(self, &format!("{path}.{key}"), child) {
                result.insert(key, value);
            }
        }
        Some(self.field(entry, result))
    }

    /// An option, annotation or resource value, kept with its YAML type.
    fn value(&mut self, _path: &str, entry: &Entry) -> Option<Field<Value>> {
        let node = self.tree.node(self.tree.resolve(entry.value));
        let value = match &node.kind {
            NodeKind::Scalar(scalar) => match scalar.resolve(node.tag.as_deref()) {
                Resolved::Null => Value::Null,
                Resolved::Bool(value) => Value::Bool(value),
                Resolved::Int(value) => Value::Int(value),
                Resolved::Float(value) => Value::Float(value),
                Resolved::Str => Value::Str(StrValue {
                    text: scalar.value.clone(),
                    quoted: scalar.style != ScalarStyle::Plain,
                    include: None,
                }),
            },
            _ => Value::Collection,
        };
        Some(self.field(entry, value))
    }

    fn top_level(&mut self, entries: &[Entry], bundle: &mut Bundle) {
        for entry in entries {
            let key = self.key_text(entry);
            match key.as_str() {
                "applications" => {
                    bundle.applications_key = Some(self.tree.span(entry.key));
                    self.applications(entry, bundle);
                }
                "machines" => bundle.machines = self.machines(entry),
                "relations" => self.relations(entry, bundle),
                "saas" => self.saas(entry, bundle),
                "series" => bundle.series = self.string("series", entry),
                "default-base" => bundle.default_base = self.string("default-base", entry),
                "description" => bundle.description = self.string("description", entry),
                "tags" => bundle.tags = self.string_list("tags", entry),
                "bundle" => bundle.bundle_type = self.string("bundle", entry),
                "services" => {
                    bundle.services_key = Some(self.tree.span(entry.key));
                    self.unknown(
                        entry,
                        &key,
                        "the bundle (Juju 3 has no `services`; use `applications`)",
                        TOP_LEVEL,
                    );
                }
                key if metadata_field::METADATA_KEYS.contains(&key) => {
                    self.diagnostics
                        .push(metadata_field::diagnostic(key, self.tree.span(entry.key)));
                }
                _ => self.unknown(entry, &key, "the bundle", TOP_LEVEL),
            }
        }
    }

    fn applications(&mut self, entry: &Entry, bundle: &mut Bundle) {
        if self.tree.is_null(entry.value) {
            return;
        }
        let Some(apps) = self.tree.entries(entry.value) else {
            let found = self.type_name(entry.value);
            self.mismatch("applications", entry.value, "a mapping", found);
            return;
        };
        for app_entry in &apps {
            let name = self.key_text(app_entry);
            let name_spanned = self.spanned(name.clone(), app_entry.key);
            let body = if self.tree.is_null(app_entry.value) {
                None
            } else if let Some(fields) = self.tree.entries(app_entry.value) {
                Some(self.application(&name, &fields))
            } else {
                let found = self.type_name(app_entry.value);
                self.mismatch(&format!("applications.{name}"), app_entry.value, "a mapping", found);
                continue;
            };
            let span = if body.is_some() {
                self.span(app_entry.value)
            } else {
                self.tree.span(app_entry.key)
            };
            bundle.applications.insert(name, ApplicationSlot { name: name_spanned, body, span });
        }
    }

    fn application(&mut self, name: &str, fields: &[Entry]) -> Application {
        let mut app = Application::default();
        for entry in fields {
            let key = self.key_text(entry);
            let path = format!("applications.{name}.{key}");
            match key.as_str() {
                "charm" => app.charm = self.string(&path, entry),
                "channel" => app.channel = self.string(&path, entry),
                "revision" => app.revision = self.int(&path, entry),
                "series" => app.series = self.string(&path, entry),
                "base" => app.base = self.string(&path, entry),
                "num_units" => app.num_units = self.int(&path, entry),
                "scale" => app.scale = self.int(&path, entry),
                "to" => app.to = self.string_list(&path, entry),
                "placement" => app.placement = self.string(&path, entry),
                "expose" => app.expose = self.boolean(&path, entry),
                "exposed-endpoints" => {
                    app.exposed_endpoints = self.map(&path, entry, Self::exposed_endpoint);
                }
                "options" => app.options = self.map(&path, entry, Self::value),
                "annotations" => app.annotations = self.map(&path, entry, Self::value),
                "constraints" => app.constraints = self.string(&path, entry),
                "storage" => app.storage = self.map(&path, entry, Self::string),
                "devices" => app.devices = self.map(&path, entry, Self::string),
                "bindings" => app.bindings = self.map(&path, entry, Self::string),
                "resources" => app.resources = self.map(&path, entry, Self::resource),
                "offers" => app.offers = self.map(&path, entry, Self::offer),
                "plan" => app.plan = self.string(&path, entry),
                "trust" => app.trust = self.boolean(&path, entry),
                _ => self.unknown(entry, &key, &format!("application `{name}`"), APPLICATION_KEYS),
            }
        }
        app
    }

    fn resource(&mut self, path: &str, entry: &Entry) -> Option<Field<ResourceValue>> {
        let value = match self.tree.resolved(entry.value) {
            Some(Resolved::Int(revision)) => ResourceValue::Revision(revision),
            Some(Resolved::Str) => ResourceValue::Path(
                self.tree.scalar(entry.value).map(|it| it.value.clone()).unwrap_or_default(),
            ),
            Some(Resolved::Null) => ResourceValue::Invalid("null"),
            Some(Resolved::Bool(_)) => ResourceValue::Invalid("a boolean"),
            Some(Resolved::Float(_)) => ResourceValue::Invalid("a float"),
            None => ResourceValue::Invalid(self.type_name(entry.value)),
        };
        let _ = path;
        Some(self.field(entry, value))
    }

    fn exposed_endpoint(&mut self, path: &str, entry: &Entry) -> Option<Field<ExposedEndpoint>> {
        let mut exposed = ExposedEndpoint::default();
        if !self.tree.is_null(entry.value) {
            let Some(fields) = self.tree.entries(entry.value) else {
                let found = self.type_name(entry.value);
                self.mismatch(path, entry.value, "a mapping", found);
                return None;
            };
            for field in &fields {
                let key = self.key_text(field);
                let field_path = format!("{path}.{key}");
                match key.as_str() {
                    "expose-to-spaces" => {
                        exposed.spaces = self.string_list(&field_path, field)?.value.value;
                    }
                    "expose-to-cidrs" => {
                        exposed.cidrs = self.string_list(&field_path, field)?.value.value;
                    }
                    _ => self.unknown(field, &key, &format!("`{path}`"), EXPOSED_KEYS),
                }
            }
        }
        Some(self.field(entry, exposed))
    }

    fn offer(&mut self, path: &str, entry: &Entry) -> Option<Field<Offer>> {
        let mut offer = Offer { null: self.tree.is_null(entry.value), ..Offer::default() };
        if !offer.null {
            let Some(fields) = self.tree.entries(entry.value) else {
                let found = self.type_name(entry.value);
                self.mismatch(path, entry.value, "a mapping", found);
                return None;
            };
            for field in &fields {
                let key = self.key_text(field);
                let field_path = format!("{path}.{key}");
                match key.as_str() {
                    "endpoints" => {
                        offer.endpoints = self.string_list(&field_path, field)?.value.value;
                    }
                    "acl" => offer.acl = self.map(&field_path, field, Self::string)?.value.value,
                    _ => self.unknown(field, &key, &format!("`{path}`"), OFFER_KEYS),
                }
            }
        }
        Some(self.field(entry, offer))
    }

    fn machines(&mut self, entry: &Entry) -> Option<Field<IndexMap<String, MachineSlot>>> {
        // A null `machines` is as good as none; in an overlay it replaces nothing.
        if self.tree.is_null(entry.value) {
            return None;
        }
        let Some(machines) = self.tree.entries(entry.value) else {
            let found = self.type_name(entry.value);
            self.mismatch("machines", entry.value, "a mapping", found);
            return None;
        };
        let mut result = IndexMap::new();
        for machine_entry in &machines {
            let id = self.key_text(machine_entry);
            let path = format!("machines.{id}");
            let mut body = Machine::default();
            if !self.tree.is_null(machine_entry.value) {
                let Some(fields) = self.tree.entries(machine_entry.value) else {
                    let found = self.type_name(machine_entry.value);
                    self.mismatch(&path, machine_entry.value, "a mapping", found);
                    continue;
                };
                for field in &fields {
                    let key = self.key_text(field);
                    let field_path = format!("{path}.{key}");
                    match key.as_str() {
                        "constraints" => body.constraints = self.string(&field_path, field),
                        "annotations" => {
                            body.annotations = self.map(&field_path, field, Self::value);
                        }
                        "series" => body.series = self.string(&field_path, field),
                        "base" => body.base = self.string(&field_path, field),
                        _ => self.unknown(field, &key, &format!("machine `{id}`"), MACHINE_KEYS),
                    }
                }
            }
            let id_spanned = self.spanned(id.clone(), machine_entry.key);
            result.insert(id, MachineSlot { id: id_spanned, body });
        }
        Some(self.field(entry, result))
    }

    fn saas(&mut self, entry: &Entry, bundle: &mut Bundle) {
        if self.tree.is_null(entry.value) {
            return;
        }
        let Some(items) = self.tree.entries(entry.value) else {
            let found = self.type_name(entry.value);
            self.mismatch("saas", entry.value, "a mapping", found);
            return;
        };
        for item in &items {
            let name = self.key_text(item);
            let name_spanned = self.spanned(name.clone(), item.key);
            let null_body = self.tree.is_null(item.value);
            let mut url = None;
            if !null_body {
                let Some(fields) = self.tree.entries(item.value) else {
                    let found = self.type_name(item.value);
                    self.mismatch(&format!("saas.{name}"), item.value, "a mapping", found);
                    continue;
                };
                for field in &fields {
                    let key = self.key_text(field);
                    match key.as_str() {
                        "url" => url = self.string(&format!("saas.{name}.url"), field),
                        _ => self.unknown(field, &key, &format!("SAAS `{name}`"), SAAS_KEYS),
                    }
                }
            }
            bundle.saas.insert(name, SaasSlot { name: name_spanned, url, null_body });
        }
    }

    fn relations(&mut self, entry: &Entry, bundle: &mut Bundle) {
        if self.tree.is_null(entry.value) {
            return;
        }
        let Some(items) = self.tree.items(entry.value) else {
            let found = self.type_name(entry.value);
            self.mismatch("relations", entry.value, "a list of endpoint pairs", found);
            return;
        };
        for item in items {
            let Some(endpoints) = self.tree.items(*item) else {
                let found = self.type_name(*item);
                self.mismatch("relations[]", *item, "a list of endpoints", found);
                continue;
            };
            let mut written = Vec::with_capacity(endpoints.len());
            let mut ok = true;
            for endpoint in endpoints {
                match self.tree.scalar(*endpoint) {
                    Some(scalar) => written.push(self.spanned(scalar.value.clone(), *endpoint)),
                    None => {
                        let found = self.type_name(*endpoint);
                        self.mismatch("relations[][]", *endpoint, "an endpoint string", found);
                        ok = false;
                    }
                }
            }
            if ok {
                bundle.relations.push(Relation { span: self.span(*item), endpoints: written });
            }
        }
    }
}
