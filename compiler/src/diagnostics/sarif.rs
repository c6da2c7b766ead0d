//! Machine output for code-scanning tools: a SARIF 2.1.0 log with one run.
//!
//! Regions are one-based and the run declares `unicodeCodePoints` columns, so positions
//! agree with the JSON report and with what an editor shows. Secondary labels become
//! related locations; notes and help join the message text, which is all most viewers show.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Diagnostic, Label, Severity};
use crate::rules::registry;
use crate::source::{ColumnUnit, FileSpan, SourceDb};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[expect(clippy::struct_field_names, reason = "SARIF names the field `physicalLocation`")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<TextRef<'a>>,
}

#[derive(Serialize)]
struct TextRef<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a file name as the user gave it: forward slashes, and
/// anything outside the unreserved set percent-encoded, so spaces and `#` stay paths.
fn to_uri(name: &str) -> String {
    let mut uri = String::with_capacity(name.len());
    for byte in name.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri
}

fn physical_location(sources: &SourceDb, span: FileSpan) -> PhysicalLocation {
    let file = sources.get(span.file);
    let position = |offset| file.line_index.to_line_col(&file.text, offset, ColumnUnit::Char);
    let (start, end) = (position(span.range.start), position(span.range.end));
    PhysicalLocation {
        artifact_location: ArtifactLocation { uri: to_uri(&file.name) },
        region: Region {
            start_line: start.line + 1,
            start_column: start.column + 1,
            end_line: end.line + 1,
            end_column: end.column + 1,
        },
    }
}

fn location<'a>(sources: &SourceDb, label: &'a Label, id: Option<usize>) -> Location<'a> {
    Location {
        id,
        physical_location: physical_location(sources, label.span),
        message: (!label.message.is_empty()).then_some(TextRef { text: &label.message }),
    }
}

/// The message a viewer shows: the one-line message, then the notes and the help.
fn message_text(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message.clone();
    for note in &diagnostic.notes {
        let _ = write!(text, "\nnote: {note}");
    }
    if let Some(help) = &diagnostic.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    text
}

/// The first paragraph of a rule's "What it checks" section, as a one-line summary.
fn summary_of(doc: &str) -> String {
    let section = doc.split_once("## What it checks").map_or(doc, |(_, rest)| rest);
    section
        .lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty())
        .take_while(|line| !line.is_empty() && !line.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}

fn descriptor(code: &'static str, name: &'static str, severity: Severity) -> RuleDescriptor {
    let rule = registry::by_code(code);
    let doc = rule.map_or("", |rule| rule.doc());
    let summary = summary_of(doc);
    RuleDescriptor {
        id: code,
        name,
        short_description: Text { text: if summary.is_empty() { name.into() } else { summary } },
        help: Help { text: doc.into(), markdown: doc },
        default_configuration: Configuration {
            level: level(rule.map_or(severity, |rule| rule.severity)),
        },
    }
}

/// Renders `diagnostics` as one SARIF 2.1.0 log.
// LIMIT: fixes are not carried as SARIF `fixes`; `bundlec fix` applies them.
pub fn render(sources: &SourceDb, diagnostics: &[Diagnostic]) -> String {
    // Rules listed once each, in code order, and referenced by index from the results.
    let mut codes: BTreeMap<&'static str, (&'static str, Severity)> = BTreeMap::new();
    for diagnostic in diagnostics {
        codes.entry(diagnostic.code).or_insert((diagnostic.name, diagnostic.severity));
    }
    let index: BTreeMap<&str, usize> =
        codes.keys().enumerate().map(|(idx, code)| (*code, idx)).collect();
    let rules =
        codes.iter().map(|(code, (name, severity))| descriptor(code, name, *severity)).collect();
    let results = diagnostics
        .iter()
        .map(|diagnostic| SarifResult {
            rule_id: diagnostic.code,
            rule_index: index.get(diagnostic.code).copied().unwrap_or_default(),
            level: level(diagnostic.severity),
            message: Text { text: message_text(diagnostic) },
            locations: [location(sources, &diagnostic.primary, None)],
            related_locations: diagnostic
                .secondary
                .iter()
                .enumerate()
                .map(|(idx, label)| location(sources, label, Some(idx + 1)))
                .collect(),
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver { name: "bundlec", version: env!("CARGO_PKG_VERSION"), rules },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Serialising plain structs of strings and integers cannot fail.
    serde_json::to_string_pretty(&log).expect("the log holds only strings and numbers")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::source::TextRange;

    fn one_diagnostic() -> (SourceDb, Vec<Diagnostic>) {
        let mut sources = SourceDb::new();
        let text = "# café ☕\napplications:\n  a b:\n    charm: x\n";
        let file = sources.add("site dir/bundle.yaml".into(), Arc::from(text));
        let start = text.find("a b").unwrap() as u32;
        let span = FileSpan::new(file, TextRange::new(start, start + 3));
        let other = FileSpan::new(file, TextRange::new(10, 22));
        let diagnostic = registry::by_code("S034")
            .unwrap()
            .diagnostic("application name `a b` is not valid", span, "not a valid name")
            .with_label(other, "")
            .with_label(other, "applications are defined here")
            .with_note("Juju refuses the bundle")
            .with_help("rename it");
        (sources, vec![diagnostic])
    }

    #[test]
    fn a_result_carries_rule_level_region_and_related_locations() {
        let (sources, diagnostics) = one_diagnostic();
        let log: serde_json::Value = serde_json::from_str(&render(&sources, &diagnostics)).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(run["tool"]["driver"]["rules"][0]["id"], "S034");
        assert_eq!(run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"], "error");
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "S034");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["message"]["text"],
            "application name `a b` is not valid\nnote: Juju refuses the bundle\nhelp: rename it"
        );
        let location = &result["locations"][0];
        assert_eq!(
            location["physicalLocation"]["artifactLocation"]["uri"],
            "site%20dir/bundle.yaml"
        );
        let region = &location["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(3), Some(3))
        );
        assert_eq!((region["endLine"].as_u64(), region["endColumn"].as_u64()), (Some(3), Some(6)));
        assert_eq!(location["message"]["text"], "not a valid name");
        let related = result["relatedLocations"].as_array().unwrap();
        assert_eq!(related.len(), 2);
        assert_eq!(related[0]["id"], 1);
        assert!(related[0].get("message").is_none(), "an empty label has no message");
        assert_eq!(related[1]["message"]["text"], "applications are defined here");
    }

    #[test]
    fn rules_are_listed_once_in_code_order() {
        let (sources, mut diagnostics) = one_diagnostic();
        let span = diagnostics[0].primary.span;
        diagnostics.push(registry::by_code("S004").unwrap().diagnostic("metadata", span, ""));
        diagnostics.push(diagnostics[0].clone());
        let log: serde_json::Value = serde_json::from_str(&render(&sources, &diagnostics)).unwrap();
        let ids: Vec<_> = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|rule| rule["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(ids, ["S004", "S034"]);
        let indexes: Vec<_> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|result| result["ruleIndex"].as_u64().unwrap())
            .collect();
        assert_eq!(indexes, [1, 0, 1]);
        assert_eq!(log["runs"][0]["results"][1]["level"], "note");
    }

    #[test]
    fn the_summary_is_the_first_paragraph_of_what_it_checks() {
        let doc = "# X\n\n## What it checks\nA thing\nthat is wrong.\n\nMore.\n\n## Why\n";
        assert_eq!(summary_of(doc), "A thing that is wrong.");
        assert!(!summary_of(registry::by_code("N001").unwrap().doc()).is_empty());
    }
}
