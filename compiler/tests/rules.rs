//! Runs every rule fixture and snapshots what the user sees.
//!
//! Layout: `tests/fixtures/<family>/<CODE>/<case>.yaml`. A case whose name starts with `hit`
//! must raise the rule; one that starts with `miss` is a near miss and must not. Files named
//! `<case>.overlay.yaml`, `<case>.overlay2.yaml`, ... are applied to `<case>.yaml` as
//! overlays, in that order. A policy `<case>.bundlec.toml` applies to its case; otherwise a
//! `bundlec.toml` in the rule's folder applies to every case there, as it would for a user.
//! Each hit case's diagnostics of that rule are snapshotted.

use std::path::{Path, PathBuf};

use bundlec::check::{Input, PolicyChoice, analyze};
use bundlec::diagnostics::terminal::render_plain;
use bundlec::rules::{Status, registry};
use bundlec::source::FsProvider;

const FIXTURES: &str = "tests/fixtures";

fn cases(dir: &Path) -> Vec<(String, PathBuf, Vec<PathBuf>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut cases = Vec::new();
    for file in &files {
        let name = file.file_name().and_then(|it| it.to_str()).unwrap_or_default().to_owned();
        let Some(stem) = name.strip_suffix(".yaml") else { continue };
        if stem.contains(".overlay") {
            continue;
        }
        let overlays: Vec<PathBuf> = files
            .iter()
            .filter(|other| {
                let other_name = other.file_name().and_then(|it| it.to_str()).unwrap_or_default();
                other_name.starts_with(&format!("{stem}.overlay")) && other_name.ends_with(".yaml")
            })
            .cloned()
            .collect();
        cases.push((stem.to_owned(), file.clone(), overlays));
    }
    cases
}

fn family_dir(code: &str) -> &'static str {
    match code.as_bytes().first() {
        Some(b'S') => "structure",
        Some(b'R') => "relations",
        Some(b'P') => "placement",
        Some(b'C') => "charms",
        Some(b'N') => "networks",
        Some(b'O') => "options",
        _ => "merge",
    }
}

#[test]
fn every_rule_fixture_behaves_and_matches_its_snapshot() {
    let mut failures = Vec::new();
    for rule in registry::all().filter(|rule| rule.status == Status::Active) {
        let dir = Path::new(FIXTURES).join(family_dir(rule.code)).join(rule.code);
        let cases = cases(&dir);
        let hits = cases.iter().filter(|(name, ..)| name.starts_with("hit")).count();
        let misses = cases.iter().filter(|(name, ..)| name.starts_with("miss")).count();
        if hits == 0 || misses == 0 {
            failures.push(format!(
                "{}: needs hit and miss fixtures in {}",
                rule.code,
                dir.display()
            ));
            continue;
        }
        for (name, bundle, overlays) in cases {
            let own_policy = dir.join(format!("{name}.bundlec.toml"));
            let policy = if own_policy.exists() {
                PolicyChoice::File(own_policy)
            } else {
                PolicyChoice::Discover
            };
            let input = Input { bundle, overlays, policy, charm_dirs: Vec::new() };
            let analysis = match analyze(&FsProvider, &input) {
                Ok(analysis) => analysis,
                Err(err) => {
                    failures.push(format!("{}/{name}: {err}", rule.code));
                    continue;
                }
            };
            let own: Vec<_> =
                analysis.diagnostics.iter().filter(|it| it.code == rule.code).collect();
            if name.starts_with("hit") {
                if own.is_empty() {
                    failures.push(format!("{}/{name}: expected the rule to fire", rule.code));
                    continue;
                }
                let rendered: String =
                    own.iter().map(|it| render_plain(&analysis.sources, it)).collect();
                insta::with_settings!({ snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false }, {
                    insta::assert_snapshot!(format!("{}_{name}", rule.code), rendered);
                });
            } else if !own.is_empty() {
                let rendered: String =
                    own.iter().map(|it| render_plain(&analysis.sources, it)).collect();
                failures.push(format!("{}/{name}: near miss fired:\n{rendered}", rule.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
