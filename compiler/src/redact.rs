//! Secret values masked out of the file text that human output shows.
//!
//! Every diagnostic, from any stage, may be rendered with the lines it points at. Rather
//! than trust each stage to keep its labels off secret lines, the renderer is given a copy
//! of the sources in which the value of every option the policy marks secret is masked,
//! byte for byte, so spans, lines and columns stay as they are.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::check::ParsedFile;
use crate::policy::ValidPolicy;
use crate::source::{FileId, SourceDb, TextRange, to_u32};
use crate::syntax::YamlFile;

/// What a masked byte becomes.
const MASK: u8 = b'*';

/// The byte ranges, per file, that hold a secret value.
#[derive(Debug, Default)]
pub struct SecretRanges {
    ranges: HashMap<FileId, Vec<TextRange>>,
}

impl SecretRanges {
    /// The secret values of every document of `files`, as the policy names them.
    ///
    /// Every document counts, not only the merged bundle, so a value that a later overlay
    /// replaces is masked too. A file whose YAML stopped parsing is also masked line by
    /// line after any key that names a secret option, since its tree ends early.
    pub fn of(sources: &SourceDb, files: &[ParsedFile], policy: &ValidPolicy) -> Self {
        let mut secrets = Self::default();
        for parsed in files {
            secrets.add_tree(&parsed.tree, policy);
            if parsed.has_syntax_error {
                secrets.add_lines(parsed.tree.file, &sources.get(parsed.tree.file).text, policy);
            }
        }
        secrets
    }

    /// Whether nothing is secret.
    pub fn is_empty(&self) -> bool {
        self.ranges.values().all(Vec::is_empty)
    }

    fn add(&mut self, file: FileId, range: TextRange) {
        if !range.is_empty() {
            self.ranges.entry(file).or_default().push(range);
        }
    }

    fn add_tree(&mut self, tree: &YamlFile, policy: &ValidPolicy) {
        let key_of = |id| tree.scalar(id).map(|scalar| scalar.value.as_str());
        for document in &tree.documents {
            let Some(top) = tree.entries(document.root) else { continue };
            for top_entry in top.iter().filter(|it| key_of(it.key) == Some("applications")) {
                let Some(apps) = tree.entries(top_entry.value) else { continue };
                for app in &apps {
                    let Some(name) = key_of(app.key) else { continue };
                    let Some(fields) = tree.entries(app.value) else { continue };
                    for field in fields.iter().filter(|it| key_of(it.key) == Some("options")) {
                        let Some(options) = tree.entries(field.value) else { continue };
                        for option in options {
                            let Some(option_name) = key_of(option.key) else { continue };
                            if !policy.is_secret(name, option_name) {
                                continue;
                            }
                            // The value as used, and the anchored node an alias points at.
                            self.add(tree.file, tree.span(option.value).range);
                            self.add(tree.file, tree.span(tree.resolve(option.value)).range);
                        }
                    }
                }
            }
        }
    }

    /// Masks what follows `key:` on each line whose key may name a secret option.
    fn add_lines(&mut self, file: FileId, text: &str, policy: &ValidPolicy) {
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            if let Some((key, _)) = content.split_once(':') {
                let key = key.trim().trim_start_matches("- ").trim_matches(['"', '\'']);
                if !key.is_empty() && policy.may_be_secret(key) {
                    let start = offset + content.find(':').map_or(content.len(), |idx| idx + 1);
                    self.add(file, TextRange::new(to_u32(start), to_u32(offset + content.len())));
                }
            }
            offset += line.len();
        }
    }

    /// The zero-based lines, per file path, that hold a secret byte.
    pub fn lines(&self, sources: &SourceDb) -> HashMap<PathBuf, BTreeSet<u32>> {
        let mut lines: HashMap<PathBuf, BTreeSet<u32>> = HashMap::new();
        for (id, ranges) in &self.ranges {
            let file = sources.get(*id);
            let set = lines.entry(file.path.clone()).or_default();
            for range in ranges {
                let last = if range.is_empty() { range.start } else { range.end - 1 };
                set.extend(file.line_index.line_of(range.start)..=file.line_index.line_of(last));
            }
        }
        lines
    }

    /// A copy of `sources` with every secret byte masked; line breaks are kept, so every
    /// offset, line and column means what it meant.
    pub fn redacted(&self, sources: &SourceDb) -> SourceDb {
        let mut redacted = SourceDb::new();
        for (id, file) in sources.iter() {
            let text = match self.ranges.get(&id) {
                Some(ranges) if !ranges.is_empty() => Arc::from(mask(&file.text, ranges)),
                _ => Arc::clone(&file.text),
            };
            let new_id = redacted.add(file.path.clone(), text);
            debug_assert_eq!(new_id, id, "files are added in id order");
        }
        redacted
    }
}

/// `text` with the bytes of `ranges` masked. A multi-byte character becomes as many mask
/// bytes as it had, so the text stays valid UTF-8 and keeps its length.
fn mask(text: &str, ranges: &[TextRange]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let span = range.to_usize();
        let Some(slice) = bytes.get_mut(span) else { continue };
        for byte in slice.iter_mut().filter(|byte| !matches!(byte, b'\n' | b'\r')) {
            *byte = MASK;
        }
    }
    // Only whole characters were replaced, by ASCII, or continuation bytes of a character
    // cut by a range edge; the lossy conversion turns any such fragment into U+FFFD.
    String::from_utf8(bytes).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Input, PolicyChoice, analyze};
    use crate::source::MemoryProvider;

    const POLICY: &str = "[options]\nsecret = [\"octavia.lb-mgmt-*\"]\n";

    fn analysis(bundle: &str, overlay: &str) -> crate::check::Analysis {
        let mut provider = MemoryProvider::new();
        provider.insert("bundle.yaml", bundle);
        provider.insert("overlay.yaml", overlay);
        provider.insert("bundlec.toml", POLICY);
        let input = Input {
            bundle: "bundle.yaml".into(),
            overlays: vec!["overlay.yaml".into()],
            policy: PolicyChoice::File("bundlec.toml".into()),
            charm_dirs: Vec::new(),
        };
        analyze(&provider, &input).unwrap()
    }

    fn redacted_texts(analysis: &crate::check::Analysis) -> Vec<String> {
        let secrets = SecretRanges::of(&analysis.sources, &analysis.files, &analysis.policy);
        let redacted = secrets.redacted(&analysis.sources);
        redacted.iter().map(|(_, file)| file.text.to_string()).collect()
    }

    #[test]
    fn secret_values_of_every_document_and_their_anchors_are_masked() {
        let bundle = "variables:\n  key: &key \"SECRET-ONE\"\napplications:\n  octavia:\n    charm: octavia\n    options:\n      lb-mgmt-issuing-cacert: *key\n      lb-mgmt-controller-cert: |\n        SECRET-TWO\n        SECRET-TWÖ\n      vip: 10.0.0.1\n";
        let overlay = "applications:\n  octavia:\n    options:\n      lb-mgmt-issuing-cacert: SECRET-THREE # replaced\n";
        let analysis = analysis(bundle, overlay);
        let texts = redacted_texts(&analysis);
        let all = texts.join("");
        assert!(!all.contains("SECRET"), "{all}");
        assert!(all.contains("vip: 10.0.0.1") && all.contains("# replaced"), "{all}");
        assert!(all.contains("key: &key ************\n"), "{all}");
        for ((_, original), redacted) in analysis.sources.iter().zip(&texts) {
            assert_eq!(original.text.len(), redacted.len(), "lengths are kept");
            assert_eq!(original.text.lines().count(), redacted.lines().count(), "lines are kept");
        }
    }

    #[test]
    fn a_file_that_stops_parsing_is_masked_after_secret_keys() {
        let overlay = "applications:\n  octavia:\n    options:\n      lb-mgmt-issuing-cacert: \"SECRET-OPEN\n      lb-mgmt-controller-cert: SECRET-TOO\n";
        let analysis = analysis("applications:\n  octavia:\n    charm: octavia\n", overlay);
        let all = redacted_texts(&analysis).join("");
        assert!(!all.contains("SECRET"), "{all}");
        assert!(all.contains("      lb-mgmt-controller-cert:***********\n"), "{all}");
    }

    #[test]
    fn without_secret_options_nothing_is_masked() {
        let bundle = "applications:\n  keystone:\n    charm: keystone\n    options:\n      lb-mgmt-issuing-cacert: visible\n";
        let analysis = analysis(bundle, "applications: {}\n");
        let secrets = SecretRanges::of(&analysis.sources, &analysis.files, &analysis.policy);
        assert!(secrets.is_empty());
        assert!(redacted_texts(&analysis).join("").contains("visible"));
    }
}
