//! Reading a charm directory into a [`Charm`]: `metadata.yaml`, `config.yaml`,
//! `charmcraft.yaml`, and the reactive layers a `layer.yaml` includes.
//!
//! Every read goes through a [`SourceProvider`] and every YAML file through
//! [`syntax::parse`], so an editor can import a charm it holds in memory. The merge follows
//! `charm build`: the included layers are merged first, deepest first, and the charm last,
//! key by key (a charm entry that only sets an option's `default` keeps the layer's `type`);
//! then every `config: deletes:` and `metadata: deletes:` of the charm and its layers removes
//! what it names. A charm that was already built (its `layer.yaml` carries `is:`) has its
//! layers merged in, so its includes are not resolved again.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::Catalog;
use super::model::{Charm, ConfigOption, DefaultValue, Endpoint, OptionKind, Role, Scope};
use crate::source::{EntryKind, FileId, LineIndex, SourceError, SourceProvider};
use crate::syntax::{self, NodeId, NodeKind, Resolved, SyntaxProblem, YamlFile, scalar};

/// The folder, beside a charm directory, where its reactive layers are looked up.
pub const SIBLING_LAYERS_DIR: &str = "_layers";

/// Layers nest at most this deep; real charms use four or five levels.
const MAX_LAYER_DEPTH: usize = 32;

/// Why a charm directory could not be imported.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The directory holds neither `metadata.yaml` nor a `charmcraft.yaml` with a `name`.
    #[error("`{}` holds no charm: no metadata.yaml, and no charmcraft.yaml with a `name`", dir.display())]
    NoMetadata {
        /// The directory.
        dir: PathBuf,
    },
    /// A file exists but could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: SourceError,
    },
    /// A file is not valid YAML.
    #[error("`{}` line {line} column {column}: invalid YAML: {message}", path.display())]
    Yaml {
        /// The file.
        path: PathBuf,
        /// One-based line of the problem.
        line: u32,
        /// One-based character column of the problem.
        column: u32,
        /// The parser's words.
        message: String,
    },
    /// A file is YAML but does not describe a charm the way Juju expects.
    #[error("`{}`: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the key.
        message: String,
    },
    /// Two directories of one import define a charm with the same name.
    #[error("charm `{name}` is defined twice: in `{}` and in `{}`", first.display(), second.display())]
    Duplicate {
        /// The charm name.
        name: String,
        /// The directory imported first.
        first: PathBuf,
        /// The directory that repeats it.
        second: PathBuf,
    },
}

/// One imported charm, with how its layers were resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The charm's facts.
    pub charm: Charm,
    /// The directory its metadata was read from.
    pub dir: PathBuf,
    /// The layers merged into it, in merge order (deepest first), by name.
    pub layers: Vec<String>,
}

/// The result of importing several directories.
#[derive(Clone, Debug, Default)]
pub struct ImportRun {
    /// Every charm imported, by name.
    pub catalog: Catalog,
    /// Paths that were passed but are not charm directories (plain files, layer folders),
    /// with the reason they were skipped.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Imports every charm directory in `paths`, in order.
///
/// Paths that are not directories, and paths that are one of `layer_dirs`, are skipped and
/// reported, so a shell glob over a folder of charms can be passed as it is. Two directories
/// defining the same charm are an error.
pub fn import_all(
    provider: &dyn SourceProvider,
    paths: &[PathBuf],
    layer_dirs: &[PathBuf],
) -> Result<ImportRun, ImportError> {
    let mut run = ImportRun::default();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for path in paths {
        if provider.kind(path) != Some(EntryKind::Directory) {
            tracing::info!(path = %path.display(), "skipping: not a directory");
            run.skipped.push((path.clone(), "not a directory"));
            continue;
        }
        if layer_dirs.iter().any(|layers| same_path(layers, path)) {
            tracing::info!(path = %path.display(), "skipping: a layer directory");
            run.skipped.push((path.clone(), "a layer directory"));
            continue;
        }
        let imported = import_charm(provider, path, layer_dirs)?;
        if let Some(first) = seen.get(&imported.charm.name) {
            return Err(ImportError::Duplicate {
                name: imported.charm.name,
                first: first.clone(),
                second: path.clone(),
            });
        }
        seen.insert(imported.charm.name.clone(), path.clone());
        run.catalog.insert(imported.charm);
    }
    Ok(run)
}

fn same_path(a: &Path, b: &Path) -> bool {
    a.components().eq(b.components())
}

/// Imports the charm in `dir`.
///
/// Its layers are looked up, by name, in each of `layer_dirs` and then in the
/// [`SIBLING_LAYERS_DIR`] beside `dir`. A layer found nowhere is recorded in
/// [`Charm::unresolved_layers`]. When `dir` has no metadata but `dir/src` has, the charm is
/// read from `dir/src`, the layout of a reactive charm's source repository.
pub fn import_charm(
    provider: &dyn SourceProvider,
    dir: &Path,
    layer_dirs: &[PathBuf],
) -> Result<Imported, ImportError> {
    let charm_dir = charm_root(provider, dir)?;
    let mut merged = Merged::default();

    let layer_file = charm_dir.join("layer.yaml");
    let layer_yaml = read_yaml(provider, &layer_file)?;
    let own_layer = layer_yaml.as_ref().map(LayerYaml::read).transpose()?;

    let mut merged_layers = Vec::new();
    let mut unresolved = Vec::new();
    if let Some(own_layer) = own_layer.as_ref().filter(|layer| !layer.built) {
        let mut search: Vec<PathBuf> = layer_dirs.to_vec();
        if let Some(parent) = dir.parent() {
            search.push(parent.join(SIBLING_LAYERS_DIR));
        }
        let mut resolver = LayerResolver { provider, search: &search, visited: HashSet::new() };
        let mut order = Vec::new();
        for name in &own_layer.includes {
            resolver.visit(name, 0, &mut order, &mut unresolved)?;
        }
        for layer in order {
            merged.merge_metadata_file(
                provider,
                &layer.dir.join("metadata.yaml"),
                Origin::Layer,
            )?;
            merged.merge_config_file(provider, &layer.dir.join("config.yaml"))?;
            merged.add_deletes(&layer.yaml);
            merged_layers.push(layer.name);
        }
    }

    let metadata_file = charm_dir.join("metadata.yaml");
    let charmcraft_file = charm_dir.join("charmcraft.yaml");
    let charmcraft = read_yaml(provider, &charmcraft_file)?;
    let metadata_from = if merged.merge_metadata_file(provider, &metadata_file, Origin::Charm)? {
        metadata_file
    } else if let Some(doc) = charmcraft.as_ref().filter(|doc| doc.has_key("name")) {
        merged.merge_metadata(doc, &charmcraft_file, Origin::Charm)?;
        charmcraft_file.clone()
    } else {
        return Err(ImportError::NoMetadata { dir: dir.to_path_buf() });
    };
    if !merged.merge_config_file(provider, &charm_dir.join("config.yaml"))?
        && let Some(doc) = charmcraft.as_ref()
        && let Some(config) = doc.get(doc.root, "config")
    {
        merged.merge_config(doc, config, &charmcraft_file)?;
    }
    if let Some(own_layer) = own_layer.as_ref().filter(|layer| !layer.built) {
        merged.add_deletes(own_layer);
    }

    let charm = merged.finish(&metadata_from, unresolved)?;
    Ok(Imported { charm, dir: charm_dir, layers: merged_layers })
}

/// `dir`, or `dir/src` when only that holds the charm's metadata.
fn charm_root(provider: &dyn SourceProvider, dir: &Path) -> Result<PathBuf, ImportError> {
    if provider.kind(dir) != Some(EntryKind::Directory) {
        return Err(ImportError::Read {
            path: dir.to_path_buf(),
            source: provider
                .kind(dir)
                .map_or(SourceError::NotFound, |_| SourceError::Io("not a directory".to_owned())),
        });
    }
    // A reactive charm's repository keeps `charmcraft.yaml` (build settings only) at the top
    // and the charm's own files under `src/`.
    let has_metadata =
        |base: &Path| provider.kind(&base.join("metadata.yaml")) == Some(EntryKind::File);
    let src = dir.join("src");
    if !has_metadata(dir) && has_metadata(&src) {
        return Ok(src);
    }
    Ok(dir.to_path_buf())
}

/// One parsed YAML file and its first document's root.
struct Doc {
    tree: YamlFile,
    root: NodeId,
    path: PathBuf,
}

impl Doc {
    /// The value under `key` in the mapping at `map`, the last one if the key repeats (the
    /// YAML library `charm build` uses keeps the last).
    fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.tree
            .entries(map)?
            .iter()
            .rev()
            .find(|entry| self.tree.scalar(entry.key).is_some_and(|it| it.value == key))
            .map(|entry| entry.value)
    }

    fn has_key(&self, key: &str) -> bool {
        self.get(self.root, key).is_some_and(|value| !self.tree.is_null(value))
    }

    /// The entries of the mapping at `id` as (key text, value); null means none, anything
    /// else that is not a mapping is an error naming `what`.
    fn mapping(&self, id: NodeId, what: &str) -> Result<Vec<(String, NodeId)>, ImportError> {
        if self.tree.is_null(id) {
            return Ok(Vec::new());
        }
        let Some(entries) = self.tree.entries(id) else {
            return Err(self.invalid(format!("`{what}` must be a mapping")));
        };
        let mut result = Vec::with_capacity(entries.len());
        for entry in entries {
            let Some(key) = self.tree.scalar(entry.key) else {
                return Err(self.invalid(format!("`{what}` has a key that is not a plain name")));
            };
            result.push((key.value.clone(), entry.value));
        }
        Ok(result)
    }

    /// The text of a scalar, or `None` for null.
    fn text(&self, id: NodeId, what: &str) -> Result<Option<String>, ImportError> {
        if self.tree.is_null(id) {
            return Ok(None);
        }
        match self.tree.scalar(id) {
            Some(scalar) => Ok(Some(scalar.value.clone())),
            None => Err(self.invalid(format!("`{what}` must be a single value"))),
        }
    }

    /// The typed value of a scalar. Explicit `!!bool`, `!!int` and `!!float` tags on quoted
    /// text are honoured, as built charms write them.
    fn value(&self, id: NodeId, what: &str) -> Result<Raw, ImportError> {
        let node = self.tree.node(self.tree.resolve(id));
        let NodeKind::Scalar(text) = &node.kind else {
            return Err(self.invalid(format!("`{what}` must be a single value")));
        };
        let tag = node.tag.as_deref();
        let resolved = match tag {
            Some(tag)
                if ["bool", "int", "float", "null"].iter().any(|suffix| tag.ends_with(suffix)) =>
            {
                scalar::resolve_plain(&text.value)
            }
            _ => text.resolve(tag),
        };
        Ok(match resolved {
            Resolved::Null => Raw::Null,
            Resolved::Bool(value) => Raw::Value(DefaultValue::Bool(value)),
            Resolved::Int(value) => Raw::Value(DefaultValue::Int(value)),
            Resolved::Float(value) => Raw::Value(DefaultValue::Float(value)),
            Resolved::Str => Raw::Value(DefaultValue::Str(text.value.clone())),
        })
    }

    fn invalid(&self, message: String) -> ImportError {
        ImportError::Invalid { path: self.path.clone(), message }
    }
}

/// A scalar as written: null, or a typed value.
#[derive(Clone, Debug, PartialEq)]
enum Raw {
    Null,
    Value(DefaultValue),
}

/// Reads and parses `path`; `Ok(None)` when the file does not exist.
fn read_yaml(provider: &dyn SourceProvider, path: &Path) -> Result<Option<Doc>, ImportError> {
    let text = match provider.read_text(path) {
        Ok(text) => text,
        Err(SourceError::NotFound) => return Ok(None),
        Err(source) => return Err(ImportError::Read { path: path.to_path_buf(), source }),
    };
    let (tree, problems) = syntax::parse(FileId(0), &text);
    // Duplicate keys are accepted: PyYAML and Juju keep the last, and so does `Doc::get`.
    if let Some((message, at)) = problems.iter().find_map(|problem| match problem {
        SyntaxProblem::Invalid { message, at } => Some((message, at)),
        SyntaxProblem::DuplicateKey { .. } => None,
    }) {
        let position =
            LineIndex::new(&text).to_line_col(&text, at.start, crate::source::ColumnUnit::Char);
        return Err(ImportError::Yaml {
            path: path.to_path_buf(),
            line: position.line + 1,
            column: position.column + 1,
            message: message.clone(),
        });
    }
    let (tree, root) = match tree.documents.first().map(|document| document.root) {
        Some(root) => (tree, root),
        // An empty file describes nothing: read it as an empty mapping.
        None => {
            let (empty, _) = syntax::parse(FileId(0), "{}");
            let root = empty
                .documents
                .first()
                .map(|document| document.root)
                .expect("`{}` parses to one document");
            (empty, root)
        }
    };
    if !tree.is_null(root) && tree.entries(root).is_none() {
        return Err(ImportError::Invalid {
            path: path.to_path_buf(),
            message: "the file must hold a mapping".to_owned(),
        });
    }
    Ok(Some(Doc { tree, root, path: path.to_path_buf() }))
}

/// What a `layer.yaml` says about merging.
struct LayerYaml {
    /// `layer:NAME` includes, as names, in order.
    includes: Vec<String>,
    /// `config: deletes:` option names.
    config_deletes: Vec<String>,
    /// `metadata: deletes:` paths such as `requires.http`.
    metadata_deletes: Vec<String>,
    /// Whether this is a built charm's `layer.yaml` (it names the charm under `is:`).
    built: bool,
}

impl LayerYaml {
    fn read(doc: &Doc) -> Result<Self, ImportError> {
        let mut includes = Vec::new();
        if let Some(list) = doc.get(doc.root, "includes") {
            for item in doc.tree.items(list).unwrap_or_default() {
                let Some(text) = doc.text(*item, "includes")? else { continue };
                // `interface:` includes bring code, not metadata; only layers matter here.
                if let Some(name) = text.strip_prefix("layer:") {
                    includes.push(name.to_owned());
                }
            }
        }
        Ok(Self {
            includes,
            config_deletes: deletes(doc, "config")?,
            metadata_deletes: deletes(doc, "metadata")?,
            built: doc.has_key("is"),
        })
    }
}

fn deletes(doc: &Doc, section: &str) -> Result<Vec<String>, ImportError> {
    let Some(section_node) = doc.get(doc.root, section) else { return Ok(Vec::new()) };
    if doc.tree.is_null(section_node) {
        return Ok(Vec::new());
    }
    let Some(list) = doc.get(section_node, "deletes") else { return Ok(Vec::new()) };
    let mut result = Vec::new();
    for item in doc.tree.items(list).unwrap_or_default() {
        if let Some(text) = doc.text(*item, &format!("{section}.deletes"))? {
            result.push(text);
        }
    }
    Ok(result)
}

/// A layer found on disk.
struct Layer {
    name: String,
    dir: PathBuf,
    yaml: LayerYaml,
}

struct LayerResolver<'a> {
    provider: &'a dyn SourceProvider,
    search: &'a [PathBuf],
    visited: HashSet<String>,
}

impl LayerResolver<'_> {
    /// Appends `name`'s own includes and then `name` to `order` (depth first, each layer
    /// once), or records it in `unresolved` when no search directory has it.
    fn visit(
        &mut self,
        name: &str,
        depth: usize,
        order: &mut Vec<Layer>,
        unresolved: &mut Vec<String>,
    ) -> Result<(), ImportError> {
        if depth > MAX_LAYER_DEPTH || !self.visited.insert(name.to_owned()) {
            return Ok(());
        }
        let Some(dir) = self.find(name) else {
            unresolved.push(name.to_owned());
            return Ok(());
        };
        let layer_file = dir.join("layer.yaml");
        let yaml = match read_yaml(self.provider, &layer_file)? {
            Some(doc) => LayerYaml::read(&doc)?,
            None => LayerYaml {
                includes: Vec::new(),
                config_deletes: Vec::new(),
                metadata_deletes: Vec::new(),
                built: false,
            },
        };
        for include in &yaml.includes {
            self.visit(include, depth + 1, order, unresolved)?;
        }
        order.push(Layer { name: name.to_owned(), dir, yaml });
        Ok(())
    }

    fn find(&self, name: &str) -> Option<PathBuf> {
        // A layer name is one path component; anything else could walk out of the search
        // directories.
        let plain = !name.is_empty()
            && name != "."
            && name != ".."
            && name.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'));
        if !plain {
            return None;
        }
        self.search
            .iter()
            .map(|base| base.join(name))
            .find(|candidate| self.provider.kind(candidate) == Some(EntryKind::Directory))
    }
}

/// An endpoint as merged so far: each field set by the last file that wrote it.
#[derive(Default)]
struct RawEndpoint {
    interface: Option<String>,
    scope: Option<Scope>,
    limit: Option<u32>,
    optional: Option<bool>,
    /// The file that last wrote it, for errors.
    path: PathBuf,
}

/// An option as merged so far.
#[derive(Default)]
struct RawOption {
    kind: Option<OptionKind>,
    default: Option<Raw>,
    path: PathBuf,
}

/// The charm as merged so far, layers first.
#[derive(Default)]
struct Merged {
    name: Option<String>,
    subordinate: Option<bool>,
    endpoints: BTreeMap<(Role, String), RawEndpoint>,
    extra_bindings: BTreeSet<String>,
    options: BTreeMap<String, RawOption>,
    config_deletes: BTreeSet<String>,
    metadata_deletes: BTreeSet<String>,
}

/// Who wrote a file being merged.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A layer the charm includes.
    Layer,
    /// The charm itself.
    Charm,
}

impl Merged {
    /// Merges `path` as metadata; `Ok(false)` when it does not exist.
    fn merge_metadata_file(
        &mut self,
        provider: &dyn SourceProvider,
        path: &Path,
        origin: Origin,
    ) -> Result<bool, ImportError> {
        match read_yaml(provider, path)? {
            Some(doc) => {
                self.merge_metadata(&doc, path, origin)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn merge_config_file(
        &mut self,
        provider: &dyn SourceProvider,
        path: &Path,
    ) -> Result<bool, ImportError> {
        match read_yaml(provider, path)? {
            Some(doc) => {
                self.merge_config(&doc, doc.root, path)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn merge_metadata(
        &mut self,
        doc: &Doc,
        path: &Path,
        origin: Origin,
    ) -> Result<(), ImportError> {
        // Layers carry names like `layer-openstack`; only the charm's own name counts.
        if origin == Origin::Charm
            && let Some(name) = doc.get(doc.root, "name")
        {
            self.name = doc.text(name, "name")?;
        }
        if let Some(subordinate) = doc.get(doc.root, "subordinate") {
            match doc.value(subordinate, "subordinate")? {
                Raw::Null => {}
                Raw::Value(DefaultValue::Bool(value)) => self.subordinate = Some(value),
                Raw::Value(_) => {
                    return Err(doc.invalid("`subordinate` must be true or false".to_owned()));
                }
            }
        }
        for role in Role::ALL {
            let Some(section) = doc.get(doc.root, role.as_str()) else { continue };
            for (name, spec) in doc.mapping(section, role.as_str())? {
                let what = format!("{role}.{name}");
                let slot = self.endpoints.entry((role, name)).or_default();
                slot.path = path.to_path_buf();
                merge_endpoint(doc, spec, &what, slot)?;
            }
        }
        if let Some(section) = doc.get(doc.root, "extra-bindings") {
            for (name, _) in doc.mapping(section, "extra-bindings")? {
                self.extra_bindings.insert(name);
            }
        }
        Ok(())
    }

    /// Merges the mapping at `config`, which holds `options:`.
    fn merge_config(&mut self, doc: &Doc, config: NodeId, path: &Path) -> Result<(), ImportError> {
        if doc.tree.is_null(config) {
            return Ok(());
        }
        if doc.tree.entries(config).is_none() {
            return Err(doc.invalid("`config` must be a mapping".to_owned()));
        }
        let Some(options) = doc.get(config, "options") else { return Ok(()) };
        for (name, spec) in doc.mapping(options, "options")? {
            let what = format!("options.{name}");
            let slot = self.options.entry(name).or_default();
            slot.path = path.to_path_buf();
            for (key, value) in doc.mapping(spec, &what)? {
                match key.as_str() {
                    "type" => {
                        let Some(text) = doc.text(value, &format!("{what}.type"))? else {
                            continue;
                        };
                        let Some(kind) = OptionKind::from_name(text.trim()) else {
                            return Err(doc.invalid(format!(
                                "`{what}.type` is `{text}`; Juju knows string, int, float, \
                                 boolean and secret"
                            )));
                        };
                        slot.kind = Some(kind);
                    }
                    "default" => slot.default = Some(doc.value(value, &format!("{what}.default"))?),
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn add_deletes(&mut self, layer: &LayerYaml) {
        self.config_deletes.extend(layer.config_deletes.iter().cloned());
        self.metadata_deletes.extend(layer.metadata_deletes.iter().cloned());
    }

    fn finish(self, metadata: &Path, unresolved_layers: Vec<String>) -> Result<Charm, ImportError> {
        let invalid = |path: &Path, message: String| ImportError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let name = match self.name {
            Some(name) if !name.is_empty() => name,
            _ => return Err(invalid(metadata, "the charm has no `name`".to_owned())),
        };
        // `charm build` applies the deletes of every layer to the fully merged files.
        let deleted_endpoint =
            |role: Role, name: &str| self.metadata_deletes.contains(&format!("{role}.{name}"));
        let mut endpoints = Vec::with_capacity(self.endpoints.len());
        for ((role, name), raw) in self.endpoints {
            if deleted_endpoint(role, &name) {
                continue;
            }
            let Some(interface) = raw.interface else {
                return Err(invalid(
                    &raw.path,
                    format!("endpoint `{role}.{name}` has no interface"),
                ));
            };
            endpoints.push(Endpoint {
                name,
                role,
                interface,
                scope: raw.scope.unwrap_or_default(),
                limit: raw.limit,
                optional: raw.optional.unwrap_or(false),
            });
        }
        let extra_bindings = self
            .extra_bindings
            .into_iter()
            .filter(|name| !self.metadata_deletes.contains(&format!("extra-bindings.{name}")))
            .collect();
        let mut options = Vec::with_capacity(self.options.len());
        for (name, raw) in self.options {
            if self.config_deletes.contains(&name) {
                continue;
            }
            // Juju reads an option without a type as a string, as the Python tools did.
            let kind = raw.kind.unwrap_or(OptionKind::String);
            let default = match raw.default {
                None | Some(Raw::Null) => None,
                Some(Raw::Value(value)) => Some(coerce_default(kind, value).map_err(|found| {
                    invalid(
                        &raw.path,
                        format!("option `{name}` is of type {kind} but its default is {found}"),
                    )
                })?),
            };
            options.push(ConfigOption { name, kind, default });
        }
        let mut charm = Charm {
            name,
            subordinate: self.subordinate.unwrap_or(false),
            endpoints,
            extra_bindings,
            options,
            unresolved_layers,
        };
        charm.normalize();
        Ok(charm)
    }
}

fn merge_endpoint(
    doc: &Doc,
    spec: NodeId,
    what: &str,
    slot: &mut RawEndpoint,
) -> Result<(), ImportError> {
    // The short form `db: mysql` names the interface alone.
    if doc.tree.scalar(spec).is_some() && !doc.tree.is_null(spec) {
        slot.interface = doc.text(spec, what)?;
        return Ok(());
    }
    for (key, value) in doc.mapping(spec, what)? {
        match key.as_str() {
            "interface" => slot.interface = doc.text(value, &format!("{what}.interface"))?,
            "scope" => {
                slot.scope = match doc.text(value, &format!("{what}.scope"))?.as_deref() {
                    None => None,
                    Some("global") => Some(Scope::Global),
                    Some("container") => Some(Scope::Container),
                    Some(other) => {
                        return Err(doc.invalid(format!(
                            "`{what}.scope` is `{other}`; Juju knows global and container"
                        )));
                    }
                };
            }
            "limit" => {
                slot.limit = match doc.value(value, &format!("{what}.limit"))? {
                    Raw::Null => None,
                    Raw::Value(DefaultValue::Int(limit)) => match u32::try_from(limit) {
                        Ok(limit) => Some(limit),
                        Err(_) => {
                            return Err(doc.invalid(format!(
                                "`{what}.limit` must be a non-negative integer"
                            )));
                        }
                    },
                    Raw::Value(_) => {
                        return Err(doc.invalid(format!("`{what}.limit` must be an integer")));
                    }
                };
            }
            "optional" => {
                slot.optional = match doc.value(value, &format!("{what}.optional"))? {
                    Raw::Null => None,
                    Raw::Value(DefaultValue::Bool(optional)) => Some(optional),
                    Raw::Value(_) => {
                        return Err(doc.invalid(format!("`{what}.optional` must be true or false")));
                    }
                };
            }
            _ => {}
        }
    }
    Ok(())
}

/// The default as Juju accepts it for `kind`: an integer is a valid float, and nothing else
/// changes type. On a mismatch, returns the name of the type that was found.
fn coerce_default(kind: OptionKind, value: DefaultValue) -> Result<DefaultValue, &'static str> {
    let found = match &value {
        DefaultValue::Bool(_) => "a boolean",
        DefaultValue::Int(_) => "an integer",
        DefaultValue::Float(_) => "a float",
        DefaultValue::Str(_) => "a string",
    };
    match (kind, value) {
        (OptionKind::String | OptionKind::Secret, value @ DefaultValue::Str(_))
        | (OptionKind::Int, value @ DefaultValue::Int(_))
        | (OptionKind::Float, value @ DefaultValue::Float(_))
        | (OptionKind::Boolean, value @ DefaultValue::Bool(_)) => Ok(value),
        #[expect(
            clippy::cast_precision_loss,
            reason = "Juju widens an integer default of a float option the same way"
        )]
        (OptionKind::Float, DefaultValue::Int(value)) => Ok(DefaultValue::Float(value as f64)),
        _ => Err(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::MemoryProvider;

    fn provider(files: &[(&str, &str)]) -> MemoryProvider {
        let mut provider = MemoryProvider::new();
        for (path, text) in files {
            provider.insert(*path, *text);
        }
        provider
    }

    fn import(files: &[(&str, &str)], dir: &str) -> Result<Charm, ImportError> {
        import_charm(&provider(files), Path::new(dir), &[]).map(|it| it.charm)
    }

    #[test]
    fn reads_short_endpoints_tagged_scalars_and_untyped_options() {
        let charm = import(
            &[
                (
                    "c/metadata.yaml",
                    "\"name\": \"c\"\n\"subordinate\": !!bool \"true\"\nprovides:\n  web: http\n\
                     requires:\n  host:\n    interface: juju-info\n    scope: container\n    limit: 1\n",
                ),
                ("c/config.yaml", "options:\n  flag: {type: boolean, default: !!bool \"false\"}\n  loose: {default: x}\n  ratio: {type: float, default: 2}\n"),
            ],
            "c",
        )
        .unwrap();
        assert!(charm.subordinate);
        assert_eq!(charm.endpoint("web").unwrap().interface, "http");
        let host = charm.endpoint("host").unwrap();
        assert_eq!((host.scope, host.limit), (Scope::Container, Some(1)));
        assert_eq!(charm.option("flag").unwrap().default, Some(DefaultValue::Bool(false)));
        assert_eq!(charm.option("loose").unwrap().kind, OptionKind::String);
        assert_eq!(charm.option("ratio").unwrap().default, Some(DefaultValue::Float(2.0)));
    }

    #[test]
    fn layers_merge_deepest_first_and_deletes_apply_last() {
        let files = [
            ("charms/app/metadata.yaml", "name: app\nrequires:\n  ha:\n    interface: hacluster\n"),
            ("charms/app/config.yaml", "options:\n  origin:\n    default: caracal\n"),
            (
                "charms/app/layer.yaml",
                "includes: ['layer:api', 'layer:basic', 'interface:x']\nconfig:\n  deletes: [verbose]\n",
            ),
            (
                "charms/_layers/api/layer.yaml",
                "includes: ['layer:base']\nmetadata:\n  deletes: [peers.old]\n",
            ),
            (
                "charms/_layers/api/metadata.yaml",
                "name: layer-api\nrequires:\n  ha:\n    interface: hacluster\n    scope: container\n\
                 peers:\n  old: {interface: x}\nextra-bindings:\n  public:\n",
            ),
            (
                "charms/_layers/base/config.yaml",
                "options:\n  origin: {type: string, default: distro}\n  verbose: {type: boolean, default: false}\n",
            ),
        ];
        let imported = import_charm(&provider(&files), Path::new("charms/app"), &[]).unwrap();
        assert_eq!(imported.layers, ["base", "api"]);
        let charm = imported.charm;
        assert_eq!(charm.name, "app");
        assert_eq!(charm.unresolved_layers, ["basic"]);
        // The charm's `ha` keeps the layer's container scope; its `origin` keeps the type.
        assert_eq!(charm.endpoint("ha").unwrap().scope, Scope::Container);
        let origin = charm.option("origin").unwrap();
        assert_eq!(origin.kind, OptionKind::String);
        assert_eq!(origin.default, Some(DefaultValue::Str("caracal".to_owned())));
        assert!(charm.option("verbose").is_none());
        assert!(charm.endpoint("old").is_none());
        assert_eq!(charm.extra_bindings, ["public"]);
    }

    #[test]
    fn a_built_charm_does_not_resolve_its_layers_again() {
        let files = [
            ("b/metadata.yaml", "name: b\n"),
            ("b/layer.yaml", "includes: ['layer:basic']\nis: b\nconfig: {deletes: [x]}\n"),
            ("b/config.yaml", "options:\n  x: {type: int, default: 1}\n"),
        ];
        let charm = import(&files, "b").unwrap();
        assert!(charm.unresolved_layers.is_empty());
        assert!(charm.option("x").is_some());
    }

    #[test]
    fn layer_cycles_and_unsafe_names_end() {
        let files = [
            ("x/app/metadata.yaml", "name: app\n"),
            ("x/app/layer.yaml", "includes: ['layer:a', 'layer:../app', 'layer:']\n"),
            ("x/_layers/a/layer.yaml", "includes: ['layer:b']\n"),
            ("x/_layers/b/layer.yaml", "includes: ['layer:a']\n"),
        ];
        let imported = import_charm(&provider(&files), Path::new("x/app"), &[]).unwrap();
        assert_eq!(imported.layers, ["b", "a"]);
        assert_eq!(imported.charm.unresolved_layers, ["../app", ""]);
    }

    #[test]
    fn caller_layer_dirs_come_before_the_sibling_folder() {
        let files = [
            ("x/app/metadata.yaml", "name: app\n"),
            ("x/app/layer.yaml", "includes: ['layer:l']\n"),
            ("x/_layers/l/config.yaml", "options: {o: {type: int}}\n"),
            ("elsewhere/l/config.yaml", "options: {o: {type: string}}\n"),
        ];
        let imported =
            import_charm(&provider(&files), Path::new("x/app"), &[PathBuf::from("elsewhere")])
                .unwrap();
        assert_eq!(imported.charm.option("o").unwrap().kind, OptionKind::String);
    }

    #[test]
    fn unified_charmcraft_yaml_and_src_layout() {
        let charm = import(
            &[(
                "u/charmcraft.yaml",
                "type: charm\nname: u\npeers:\n  replicas: {interface: u-peers}\n\
                 config:\n  options:\n    port: {type: int, default: 80}\n",
            )],
            "u",
        )
        .unwrap();
        assert_eq!(charm.endpoint("replicas").unwrap().role, Role::Peers);
        assert_eq!(charm.option("port").unwrap().default, Some(DefaultValue::Int(80)));

        let charm = import(
            &[("r/charmcraft.yaml", "type: charm\n"), ("r/src/metadata.yaml", "name: r\n")],
            "r",
        )
        .unwrap();
        assert_eq!(charm.name, "r");
    }

    #[test]
    fn problems_are_errors_that_name_the_file() {
        let err = import(&[("m/config.yaml", "options: {}\n")], "m").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`m` holds no charm: no metadata.yaml, and no charmcraft.yaml with a `name`"
        );

        let err = import(&[("m/metadata.yaml", "name: m\nprovides: [\n")], "m").unwrap_err();
        assert!(
            matches!(&err, ImportError::Yaml { path, line: 3, .. } if path == Path::new("m/metadata.yaml")),
            "{err}"
        );

        let err =
            import(&[("m/metadata.yaml", "name: m\nrequires:\n  db: {scope: container}\n")], "m")
                .unwrap_err();
        assert_eq!(err.to_string(), "`m/metadata.yaml`: endpoint `requires.db` has no interface");

        let err = import(
            &[
                ("m/metadata.yaml", "name: m\n"),
                ("m/config.yaml", "options:\n  n: {type: int, default: yes}\n"),
            ],
            "m",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`m/config.yaml`: option `n` is of type int but its default is a boolean"
        );

        let err = import(
            &[
                ("n/c/metadata.yaml", "summary: no name\n"),
                ("n/c/layer.yaml", "includes: ['layer:l']\n"),
                ("n/_layers/l/metadata.yaml", "name: layer-l\n"),
            ],
            "n/c",
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "`n/c/metadata.yaml`: the charm has no `name`");

        let err = import(&[("m/metadata.yaml", "- a\n- b\n")], "m").unwrap_err();
        assert_eq!(err.to_string(), "`m/metadata.yaml`: the file must hold a mapping");

        let err = import(
            &[("m/metadata.yaml", "name: m\nprovides:\n  x: {interface: i, limit: -1}\n")],
            "m",
        )
        .unwrap_err();
        assert!(err.to_string().contains("`provides.x.limit` must be a non-negative integer"));
    }

    #[test]
    fn import_all_skips_files_and_layer_folders_and_refuses_duplicates() {
        let files = [
            ("set/README.md", "readme"),
            ("set/a/metadata.yaml", "name: a\n"),
            ("set/_layers/l/layer.yaml", "{}\n"),
            ("set/b/metadata.yaml", "name: a\n"),
        ];
        let provider = provider(&files);
        let layers = [PathBuf::from("set/_layers")];
        let paths: Vec<PathBuf> =
            ["set/README.md", "set/_layers", "set/a"].iter().map(PathBuf::from).collect();
        let run = import_all(&provider, &paths, &layers).unwrap();
        assert_eq!(run.catalog.len(), 1);
        assert_eq!(run.skipped.len(), 2);
        let paths: Vec<PathBuf> = ["set/a", "set/b"].iter().map(PathBuf::from).collect();
        let err = import_all(&provider, &paths, &layers).unwrap_err();
        assert!(matches!(err, ImportError::Duplicate { ref name, .. } if name == "a"));
    }
}
