//! The whole analysis of a bundle and its overlays: read, parse, lower, merge, verify.

use std::path::PathBuf;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::diagnostics::{self, Diagnostic};
use crate::ir::{Bundle, lower_document};
use crate::overlay::{self, Document};
use crate::plan::{self, Plan};
use crate::policy::{self, ValidPolicy};
use crate::rules::merge::empty_bundle;
use crate::rules::structure::{duplicate_key, yaml_syntax_error};
use crate::rules::{Check, Context, Scope, Status, registry};
use crate::source::{EntryKind, FileId, FileSpan, SourceDb, SourceError, SourceProvider};
use crate::suppress;
use crate::syntax::{self, SyntaxProblem, YamlFile};

/// Why an analysis could not run at all (as opposed to problems in the input).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A charm directory the user named could not be imported.
    #[error("cannot import charm directory: {0}")]
    Charm(#[from] crate::catalog::import::ImportError),
    /// A named file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: SourceError,
    },
    /// The policy file is not valid; its problems point into it.
    #[error("the policy file `{}` is not valid", .0.path.display())]
    Policy(Box<PolicyProblems>),
}

/// Problems of a policy file, with the file to render them against.
#[derive(Debug)]
pub struct PolicyProblems {
    /// The policy file's path.
    pub path: PathBuf,
    /// The files read, the policy among them.
    pub sources: SourceDb,
    /// What is wrong, each pointing into the policy.
    pub diagnostics: Vec<Diagnostic>,
}

/// Which policy applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PolicyChoice {
    /// `bundlec.toml` next to the bundle or in a parent directory, if there is one.
    #[default]
    Discover,
    /// This file.
    File(PathBuf),
    /// No policy: only Juju's own rules.
    None,
}

/// What to analyse.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The bundle file, or a directory holding `bundle.yaml`.
    pub bundle: PathBuf,
    /// Overlay files, in order.
    pub overlays: Vec<PathBuf>,
    /// The policy.
    pub policy: PolicyChoice,
    /// Charm directories whose facts override the built-in catalog (`--charms`).
    pub charm_dirs: Vec<PathBuf>,
}

/// One parsed file.
#[derive(Debug)]
pub struct ParsedFile {
    /// Its tree.
    pub tree: YamlFile,
    /// Whether it has a syntax error.
    pub has_syntax_error: bool,
}

/// Everything one analysis produced.
#[derive(Debug)]
pub struct Analysis {
    /// The files read, bundle first.
    pub sources: SourceDb,
    /// Their YAML trees, in the same order.
    pub files: Vec<ParsedFile>,
    /// The base document alone, if there is one.
    pub base: Option<Bundle>,
    /// Every document merged.
    pub merged: Bundle,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The policy in use.
    pub policy: ValidPolicy,
    /// The deploy plan of the merged bundle.
    pub plan: Plan,
    /// The charm facts the rules used.
    pub catalog: Catalog,
}

impl Analysis {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|it| it.severity == diagnostics::Severity::Error)
    }

    /// The sources with every secret value masked: what any output that shows file text
    /// must render from.
    pub fn redacted_sources(&self) -> SourceDb {
        crate::redact::SecretRanges::of(&self.sources, &self.files, &self.policy)
            .redacted(&self.sources)
    }
}

/// Runs the whole pipeline on `input`, reading files through `provider`.
pub fn analyze(provider: &dyn SourceProvider, input: &Input) -> Result<Analysis, LoadError> {
    let bundle_path = if provider.kind(&input.bundle) == Some(EntryKind::Directory) {
        input.bundle.join("bundle.yaml")
    } else {
        input.bundle.clone()
    };
    let mut sources = SourceDb::new();
    let mut paths = vec![bundle_path];
    paths.extend(input.overlays.iter().cloned());
    let mut file_ids = Vec::with_capacity(paths.len());
    for path in &paths {
        let text = provider
            .read_text(path)
            .map_err(|source| LoadError::Read { path: path.clone(), source })?;
        file_ids.push(sources.add(path.clone(), Arc::from(text)));
    }
    let policy_path = match &input.policy {
        PolicyChoice::Discover => policy::discover(provider, &paths[0]),
        PolicyChoice::File(path) => Some(path.clone()),
        PolicyChoice::None => None,
    };
    match &policy_path {
        Some(path) => tracing::info!(policy = %path.display(), "checking against the site policy"),
        None => tracing::info!("checking without a site policy"),
    }
    let site_policy = match policy_path {
        None => ValidPolicy::default(),
        Some(path) => {
            let text = provider
                .read_text(&path)
                .map_err(|source| LoadError::Read { path: path.clone(), source })?;
            let file = sources.add(path.clone(), Arc::from(text));
            match policy::parse(&sources, file) {
                Ok(valid) => valid,
                Err(diagnostics) => {
                    let problems = PolicyProblems { path, sources, diagnostics };
                    return Err(LoadError::Policy(Box::new(problems)));
                }
            }
        }
    };
    let mut charm_dirs = input.charm_dirs.clone();
    let mut layer_dirs = Vec::new();
    if let Some(policy_file) = site_policy.file {
        let base = overlay::directory_of(&sources.get(policy_file).path);
        charm_dirs.extend(site_policy.raw.charms.dirs.iter().map(|dir| base.join(dir.get())));
        layer_dirs.extend(site_policy.raw.charms.layers.iter().map(|dir| base.join(dir.get())));
    }
    let (user_charms, errors) = Catalog::load_dirs(provider, &charm_dirs, &layer_dirs);
    if let Some(err) = errors.into_iter().next() {
        return Err(LoadError::Charm(err));
    }
    let catalog = Catalog::builtin().with_overrides(&user_charms);
    Ok(analyze_loaded(provider, sources, &file_ids, &paths, site_policy, catalog))
}

/// The catalog with the charms of local `charm: ./path` applications read from disk.
///
/// A local charm is keyed by the name the bundle uses for it (its directory's name), so
/// rules find it the way they find any other charm.
fn with_local_charms(
    provider: &dyn SourceProvider,
    sources: &SourceDb,
    bundle: &Bundle,
    catalog: Catalog,
) -> Catalog {
    let mut local = Catalog::new();
    for (_, _, app) in bundle.apps() {
        let Some(charm) = app.charm.as_ref() else { continue };
        let written = charm.get();
        if !crate::ir::names::is_local_charm(written) {
            continue;
        }
        let relative = written.strip_prefix("local:").unwrap_or(written);
        let dir = overlay::directory_of(&sources.get(charm.value.span.file).path).join(relative);
        match crate::catalog::import::import_charm(provider, &dir, &[]) {
            Ok(imported) => {
                let mut facts = imported.charm;
                crate::ir::names::charm_name(written).clone_into(&mut facts.name);
                local.insert(facts);
            }
            Err(err) => tracing::debug!(%err, "local charm not read"),
        }
    }
    if local.is_empty() { catalog } else { catalog.with_overrides(&local) }
}

fn analyze_loaded(
    provider: &dyn SourceProvider,
    sources: SourceDb,
    file_ids: &[FileId],
    paths: &[PathBuf],
    site_policy: ValidPolicy,
    catalog: Catalog,
) -> Analysis {
    let mut diagnostics = Vec::new();
    let mut files = Vec::with_capacity(file_ids.len());
    let mut documents = Vec::new();
    for (file_id, path) in file_ids.iter().zip(paths) {
        let text = sources.get(*file_id).text.clone();
        let (tree, problems) = syntax::parse(*file_id, &text);
        let has_syntax_error =
            problems.iter().any(|it| matches!(it, SyntaxProblem::Invalid { .. }));
        diagnostics
            .extend(problems.into_iter().map(|problem| syntax_diagnostic(*file_id, problem)));
        for document in &tree.documents {
            let lowered = lower_document(&tree, document.root);
            diagnostics.extend(lowered.diagnostics);
            documents.push(Document {
                bundle: lowered.bundle,
                file: *file_id,
                dir: overlay::directory_of(path),
                is_empty: lowered.is_empty,
            });
        }
        files.push(ParsedFile { tree, has_syntax_error });
    }
    let bundle_file = file_ids.first().copied().unwrap_or(FileId(0));
    let merged = overlay::merge(documents, bundle_file, provider);
    let syntax_error = files.iter().any(|file| file.has_syntax_error);
    // A file that does not parse has no documents; calling the bundle empty would only
    // repeat the syntax error.
    diagnostics.extend(
        merged
            .diagnostics
            .into_iter()
            .filter(|it| !(syntax_error && it.code == empty_bundle::RULE.code)),
    );
    let plan = plan::plan(&merged.bundle);
    let catalog = with_local_charms(provider, &sources, &merged.bundle, catalog);
    // Juju stops at a syntax error; checking a truncated bundle would only add noise.
    if !syntax_error && let Some(base) = &merged.base {
        let base_plan = plan::plan(base);
        let context = Context {
            bundle: base,
            sources: &sources,
            provider,
            scope: Scope::BaseDocument,
            policy: &site_policy,
            plan: &base_plan,
            catalog: &catalog,
            secret_lines: std::cell::OnceCell::new(),
        };
        run_rules(&context, &mut diagnostics);
        let context = Context {
            bundle: &merged.bundle,
            sources: &sources,
            provider,
            scope: Scope::Merged,
            policy: &site_policy,
            plan: &plan,
            catalog: &catalog,
            secret_lines: std::cell::OnceCell::new(),
        };
        run_rules(&context, &mut diagnostics);
    }
    suppress::apply(&sources, &site_policy, &mut diagnostics);
    diagnostics::sort_and_dedup(&sources, &mut diagnostics);
    Analysis {
        sources,
        files,
        base: merged.base,
        merged: merged.bundle,
        diagnostics,
        policy: site_policy,
        plan,
        catalog,
    }
}

fn run_rules(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let disabled = &context.policy.disabled;
    for rule in registry::all()
        .filter(|rule| rule.status == Status::Active && !disabled.contains(rule.code))
    {
        if let Check::Bundle(check) = rule.check {
            check(context, diagnostics);
        }
    }
}

fn syntax_diagnostic(file: FileId, problem: SyntaxProblem) -> Diagnostic {
    match problem {
        SyntaxProblem::Invalid { message, at } => {
            yaml_syntax_error::diagnostic(FileSpan::new(file, at), &message)
        }
        SyntaxProblem::DuplicateKey { key, first, second } => {
            duplicate_key::diagnostic(&key, FileSpan::new(file, first), FileSpan::new(file, second))
        }
    }
}

/// Convenience for tests and tools: analyses in-memory files under made-up paths.
pub fn analyze_texts(bundle: &str, overlays: &[&str]) -> Analysis {
    let mut provider = crate::source::MemoryProvider::new();
    provider.insert("bundle.yaml", bundle);
    let mut input = Input {
        bundle: PathBuf::from("bundle.yaml"),
        overlays: Vec::new(),
        policy: PolicyChoice::None,
        charm_dirs: Vec::new(),
    };
    for (idx, text) in overlays.iter().enumerate() {
        let path = PathBuf::from(format!("overlay-{idx}.yaml"));
        provider.insert(path.clone(), *text);
        input.overlays.push(path);
    }
    analyze(&provider, &input).expect("in-memory files are always readable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_is_reported_alone() {
        let analysis = analyze_texts("applications:\n  a: {charm: a\n", &[]);
        let codes: Vec<&str> = analysis.diagnostics.iter().map(|it| it.code).collect();
        assert_eq!(codes, ["S001"]);
    }

    #[test]
    fn a_directory_means_its_bundle_yaml() {
        let mut provider = crate::source::MemoryProvider::new();
        provider.insert("site/bundle.yaml", "applications:\n  a: {charm: a, num_units: 1}\n");
        let analysis = analyze(
            &provider,
            &Input {
                bundle: "site".into(),
                overlays: Vec::new(),
                policy: PolicyChoice::Discover,
                charm_dirs: Vec::new(),
            },
        )
        .unwrap();
        assert!(analysis.merged.app("a").is_some());
        assert_eq!(analysis.sources.get(FileId(0)).name, "site/bundle.yaml");
    }

    #[test]
    fn an_unreadable_overlay_is_a_load_error() {
        let mut provider = crate::source::MemoryProvider::new();
        provider.insert("bundle.yaml", "applications: {}\n");
        let input = Input {
            bundle: "bundle.yaml".into(),
            overlays: vec!["missing.yaml".into()],
            policy: PolicyChoice::None,
            charm_dirs: Vec::new(),
        };
        let err = analyze(&provider, &input).unwrap_err();
        assert_eq!(err.to_string(), "cannot read `missing.yaml`: no such file");
    }
}
