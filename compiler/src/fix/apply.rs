//! Applying fixes: pick non-overlapping fixes, apply them in memory, re-check, repeat until
//! nothing changes (bounded: failing to converge is an error, not a loop).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Applicability, Edit, Fix};
use crate::check::{Analysis, Input, LoadError, analyze};
use crate::source::{EntryKind, FileId, SourceError, SourceProvider};
use crate::syntax;

/// How many check-and-fix rounds run before bundlec gives up.
pub const MAX_ROUNDS: usize = 10;

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixOptions {
    /// Apply unsafe fixes too.
    pub unsafe_fixes: bool,
}

/// Why fixing stopped without a result.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    /// The analysis itself could not run.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Fixes kept producing new fixes.
    #[error("fixes did not converge after {MAX_ROUNDS} rounds; nothing was written")]
    NoConvergence,
    /// Fixes applied together made the YAML invalid: a bug, reported rather than written.
    #[error("applying `{title}` broke the YAML of `{}`; nothing was written", path.display())]
    BrokeSyntax {
        /// The fixes of the round that broke it.
        title: String,
        /// The file.
        path: PathBuf,
    },
    /// A fix that cannot be made, e.g. a VIP range too small.
    #[error("{0}")]
    Impossible(String),
}

/// A provider that serves edited texts over another provider.
pub struct Overlaid<'a> {
    base: &'a dyn SourceProvider,
    texts: HashMap<PathBuf, Arc<str>>,
}

impl<'a> Overlaid<'a> {
    /// `texts` over `base`.
    pub fn new(base: &'a dyn SourceProvider, texts: HashMap<PathBuf, Arc<str>>) -> Self {
        Self { base, texts }
    }
}

impl SourceProvider for Overlaid<'_> {
    fn read_bytes(&self, path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        match self.texts.get(path) {
            Some(text) if text.len() as u64 > limit => Err(SourceError::TooLarge { limit }),
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.base.read_bytes(path, limit),
        }
    }

    fn kind(&self, path: &Path) -> Option<EntryKind> {
        if self.texts.contains_key(path) { Some(EntryKind::File) } else { self.base.kind(path) }
    }
}

/// Applies `edits` (sorted, non-overlapping) to `text`.
pub fn apply_to_text(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for edit in sorted {
        let (start, end) = (edit.range.start as usize, edit.range.end as usize);
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&edit.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// What a fix run produced.
#[derive(Debug)]
pub struct FixRun {
    /// Every file read, with its text before fixing.
    pub originals: Vec<(PathBuf, String)>,
    /// Texts after fixing, by path; only files that changed.
    pub fixed: Vec<(PathBuf, String)>,
    /// Titles of the fixes applied, in order.
    pub applied: Vec<String>,
    /// The analysis of the fixed files.
    pub analysis: Analysis,
    /// What diffs must hide: secret text, and the lines holding secrets before and after.
    pub secrets: SecretsShown,
}

/// Where the secret values are in the texts of a fix run.
#[derive(Debug, Default)]
pub struct SecretsShown {
    /// Secret text as written and as resolved, before and after fixing.
    pub fragments: Vec<String>,
    /// Zero-based lines holding a secret, per path, in the texts before fixing.
    pub lines_before: HashMap<PathBuf, BTreeSet<u32>>,
    /// The same in the texts after fixing.
    pub lines_after: HashMap<PathBuf, BTreeSet<u32>>,
}

impl FixRun {
    /// The text of `path` before fixing, if bundlec read it.
    pub fn original(&self, path: &Path) -> Option<&str> {
        self.originals.iter().find(|(it, _)| it == path).map(|(_, text)| text.as_str())
    }

    /// The redacted unified diff of every fixed file, in the order they were read.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for (path, fixed) in &self.fixed {
            let hidden = super::diff::Hidden {
                before: self.secrets.lines_before.get(path),
                after: self.secrets.lines_after.get(path),
                fragments: &self.secrets.fragments,
            };
            let before = self.original(path).unwrap_or("");
            out.push_str(&super::diff::unified(
                &path.display().to_string(),
                before,
                fixed,
                &hidden,
            ));
        }
        out
    }
}

fn secret_lines(analysis: &Analysis) -> HashMap<PathBuf, BTreeSet<u32>> {
    crate::redact::SecretRanges::of(&analysis.sources, &analysis.files, &analysis.policy)
        .lines(&analysis.sources)
}

/// Fixes `input` in memory, round after round, until no applicable fix is left.
///
/// `extra` adds fixes computed over the whole analysis (such as the VIP relocation); it
/// runs every round, like the rules.
pub fn fix_in_memory(
    provider: &dyn SourceProvider,
    input: &Input,
    options: FixOptions,
    extra: &dyn Fn(&Analysis) -> Result<Vec<Fix>, FixError>,
) -> Result<FixRun, FixError> {
    let mut texts: HashMap<PathBuf, Arc<str>> = HashMap::new();
    let mut applied: Vec<String> = Vec::new();
    let mut originals: Vec<(PathBuf, String)> = Vec::new();
    let mut broken_before: Vec<PathBuf> = Vec::new();
    let mut secrets = SecretsShown::default();
    let mut last_round: Vec<String> = Vec::new();
    for round in 0..MAX_ROUNDS {
        let overlaid = Overlaid::new(provider, texts.clone());
        let analysis = analyze(&overlaid, input)?;
        let broken: Vec<PathBuf> = analysis
            .files
            .iter()
            .zip(analysis.sources.iter())
            .filter(|(parsed, _)| parsed.has_syntax_error)
            .map(|(_, (_, file))| file.path.clone())
            .collect();
        if round == 0 {
            originals = analysis
                .sources
                .iter()
                .map(|(_, file)| (file.path.clone(), file.text.to_string()))
                .collect();
            broken_before.clone_from(&broken);
            secrets.fragments = super::secret_fragments(&analysis);
            secrets.lines_before = secret_lines(&analysis);
        } else if let Some(path) = broken.iter().find(|path| !broken_before.contains(path)) {
            // The fixes of a round are checked together, so this is a last guard.
            let title = last_round.join("`, `");
            return Err(FixError::BrokeSyntax { title, path: path.clone() });
        }
        let changes =
            if broken.is_empty() { choose(&analysis, options, extra)? } else { Vec::new() };
        if changes.is_empty() {
            let fixed = originals
                .iter()
                .filter_map(|(path, original)| {
                    let text = texts.get(path)?;
                    (**text != **original).then(|| (path.clone(), text.to_string()))
                })
                .collect();
            secrets.fragments.extend(super::secret_fragments(&analysis));
            secrets.fragments.sort();
            secrets.fragments.dedup();
            secrets.lines_after = secret_lines(&analysis);
            return Ok(FixRun { originals, fixed, applied, analysis, secrets });
        }
        for (file_id, file) in analysis.sources.iter() {
            let edits: Vec<&Edit> = changes
                .iter()
                .flat_map(|fix| fix.edits.iter())
                .filter(|edit| edit.file == file_id)
                .collect();
            if !edits.is_empty() {
                texts.insert(file.path.clone(), Arc::from(apply_to_text(&file.text, &edits)));
            }
        }
        last_round = changes.iter().map(|fix| fix.title.clone()).collect();
        applied.extend(changes.into_iter().map(|fix| fix.title));
    }
    Err(FixError::NoConvergence)
}

/// The fixes to apply this round: wanted by the options, not overlapping an earlier one,
/// changing at least one byte (an edit that changes nothing would make the loop spin), and
/// together leaving the YAML sound.
fn choose(
    analysis: &Analysis,
    options: FixOptions,
    extra: &dyn Fn(&Analysis) -> Result<Vec<Fix>, FixError>,
) -> Result<Vec<Fix>, FixError> {
    let mut candidates: Vec<Fix> =
        analysis.diagnostics.iter().filter_map(|it| it.fix.clone()).collect();
    candidates.extend(extra(analysis)?);
    let mut chosen: Vec<Fix> = Vec::new();
    for fix in candidates {
        let wanted = match fix.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => options.unsafe_fixes,
            Applicability::DisplayOnly => false,
        };
        let changes_something = fix.edits.iter().any(|edit| {
            analysis.sources.get(edit.file).text.get(edit.range.to_usize())
                != Some(edit.replacement.as_str())
        });
        let clashes = chosen
            .iter()
            .any(|taken| taken.edits.iter().any(|a| fix.edits.iter().any(|b| a.overlaps(b))));
        if wanted && changes_something && !clashes {
            chosen.push(fix);
        }
    }
    let mut soundness = Soundness { analysis, problems_before: HashMap::new() };
    Ok(soundness.sound_subset(chosen))
}

/// Whether applying fixes leaves every file they edit with no syntax problem (invalid
/// YAML, an alias left without its anchor, a duplicated key) that the file did not already
/// have. A fix that fails this is dropped and its diagnostic stands without it, so one
/// rule's bad edit never blocks the others.
struct Soundness<'a> {
    analysis: &'a Analysis,
    /// How many syntax problems each file has as read, counted when first needed.
    problems_before: HashMap<FileId, usize>,
}

impl Soundness<'_> {
    /// The fixes of `fixes` that can be applied together. All of them when they keep the
    /// YAML sound, which is the common case and costs one parse per file; otherwise each
    /// half is judged on its own, so a bad fix costs a logarithmic number of parses.
    fn sound_subset(&mut self, fixes: Vec<Fix>) -> Vec<Fix> {
        if fixes.is_empty() || self.is_sound(&fixes) {
            return fixes;
        }
        if let [fix] = fixes.as_slice() {
            tracing::debug!(title = %fix.title, "a fix was dropped: it would break the YAML");
            return Vec::new();
        }
        let mut first = fixes;
        let second = first.split_off(first.len() / 2);
        let first = self.sound_subset(first);
        let second = self.sound_subset(second);
        let mut both = first.clone();
        both.extend(second);
        // Two halves sound alone may still clash; the second half's fixes come back next
        // round, judged against the first half applied.
        if self.is_sound(&both) { both } else { first }
    }

    fn is_sound(&mut self, fixes: &[Fix]) -> bool {
        let mut files: Vec<FileId> =
            fixes.iter().flat_map(|fix| fix.edits.iter().map(|edit| edit.file)).collect();
        files.sort_unstable();
        files.dedup();
        files.into_iter().all(|file| {
            let text = &self.analysis.sources.get(file).text;
            let edits: Vec<&Edit> = fixes
                .iter()
                .flat_map(|fix| fix.edits.iter())
                .filter(|edit| edit.file == file)
                .collect();
            let fixed = apply_to_text(text, &edits);
            let before = *self
                .problems_before
                .entry(file)
                .or_insert_with(|| syntax::parse(file, text).1.len());
            syntax::parse(file, &fixed).1.len() <= before
        })
    }
}
