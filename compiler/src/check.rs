//! The whole analysis of a bundle and its overlays: read, parse, lower, merge, verify.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::{self, Diagnostic};
use crate::ir::{Bundle, lower_document};
use crate::overlay::{self, Document};
use crate::rules::merge::empty_bundle;
use crate::rules::structure::{duplicate_key, yaml_syntax_error};
use crate::rules::{Check, Context, Scope, Status, registry};
use crate::source::{EntryKind, FileId, FileSpan, SourceDb, SourceError, SourceProvider};
use crate::syntax::{self, SyntaxProblem, YamlFile};

/// Why an analysis could not run at all (as opposed to problems in the input).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A named file could not be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: SourceError,
    },
}

/// What to analyse.
#[derive(Clone, Debug, Default)]
pub struct Input {
    /// The bundle file, or a directory holding `bundle.yaml`.
    pub bundle: PathBuf,
    /// Overlay files, in order.
    pub overlays: Vec<PathBuf>,
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
}

impl Analysis {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|it| it.severity == diagnostics::Severity::Error)
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
    Ok(analyze_loaded(provider, sources, &file_ids, &paths))
}

fn analyze_loaded(
    provider: &dyn SourceProvider,
    sources: SourceDb,
    file_ids: &[FileId],
    paths: &[PathBuf],
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
    // Juju stops at a syntax error; checking a truncated bundle would only add noise.
    if !syntax_error {
        if let Some(base) = &merged.base {
            run_rules(
                &Context { bundle: base, sources: &sources, provider, scope: Scope::BaseDocument },
                &mut diagnostics,
            );
        }
        if merged.base.is_some() {
            run_rules(
                &Context {
                    bundle: &merged.bundle,
                    sources: &sources,
                    provider,
                    scope: Scope::Merged,
                },
                &mut diagnostics,
            );
        }
    }
    diagnostics::sort_and_dedup(&sources, &mut diagnostics);
    Analysis { sources, files, base: merged.base, merged: merged.bundle, diagnostics }
}

fn run_rules(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for rule in registry::all().filter(|rule| rule.status == Status::Active) {
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
    let mut input = Input { bundle: PathBuf::from("bundle.yaml"), overlays: Vec::new() };
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
        let analysis =
            analyze(&provider, &Input { bundle: "site".into(), overlays: Vec::new() }).unwrap();
        assert!(analysis.merged.app("a").is_some());
        assert_eq!(analysis.sources.get(FileId(0)).name, "site/bundle.yaml");
    }

    #[test]
    fn an_unreadable_overlay_is_a_load_error() {
        let mut provider = crate::source::MemoryProvider::new();
        provider.insert("bundle.yaml", "applications: {}\n");
        let input = Input { bundle: "bundle.yaml".into(), overlays: vec!["missing.yaml".into()] };
        let err = analyze(&provider, &input).unwrap_err();
        assert_eq!(err.to_string(), "cannot read `missing.yaml`: no such file");
    }
}
