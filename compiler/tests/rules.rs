//! Runs every rule fixture and snapshots what the user sees.
//!
//! Layout: `tests/fixtures/<family>/<CODE>/<case>.yaml`. A case whose name starts with `hit`
//! must raise the rule; one that starts with `miss` is a near miss and must not. Files named
//! `<case>.overlay.yaml`, `<case>.overlay2.yaml`, ... are applied to `<case>.yaml` as
//! overlays, in that order. A policy `<case>.bundlec.toml` applies to its case; otherwise a
//! `bundlec.toml` in the rule's folder applies to every case there, as it would for a user.
//! Each hit case's diagnostics of that rule are snapshotted. When they carry fixes, every
//! fix (safe and unsafe) is applied until nothing changes, and the resulting diff is
//! snapshotted too; a rule whose fixes do not match its declared fix availability fails.

use std::path::{Path, PathBuf};

use bundlec::check::{Analysis, Input, PolicyChoice, analyze};
use bundlec::diagnostics::terminal::render_plain;
use bundlec::fix::apply::{FixOptions, fix_in_memory};
use bundlec::rules::{FixAvailability, Status, registry};
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
    let mut fixed_cases: std::collections::HashSet<&str> = std::collections::HashSet::new();
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
                let with_fix = own.iter().filter(|it| it.fix.is_some()).count();
                match rule.fix {
                    FixAvailability::None if with_fix > 0 => {
                        failures
                            .push(format!("{}/{name}: declares no fix but offers one", rule.code));
                    }
                    FixAvailability::Always if with_fix < own.len() => {
                        failures.push(format!(
                            "{}/{name}: declares a fix always but one is missing",
                            rule.code
                        ));
                    }
                    _ => {}
                }
                if with_fix > 0 {
                    fixed_cases.insert(rule.code);
                    if let Err(problem) = check_fixes(rule.code, &name, &input) {
                        failures.push(problem);
                    }
                }
            } else if !own.is_empty() {
                let rendered: String =
                    own.iter().map(|it| render_plain(&analysis.sources, it)).collect();
                failures.push(format!("{}/{name}: near miss fired:\n{rendered}", rule.code));
            }
        }
    }
    for rule in registry::all().filter(|rule| rule.status == Status::Active) {
        if rule.fix != FixAvailability::None && !fixed_cases.contains(rule.code) {
            failures.push(format!("{}: declares a fix but no hit fixture shows one", rule.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Applies every fix of a hit case until nothing changes, snapshots the diff, and checks
/// that the rule no longer offers a fix afterwards.
fn check_fixes(code: &str, name: &str, input: &Input) -> Result<(), String> {
    let options = FixOptions { unsafe_fixes: true };
    let none = |_: &Analysis| Ok(Vec::new());
    let run = fix_in_memory(&FsProvider, input, options, &none)
        .map_err(|err| format!("{code}/{name}: {err}"))?;
    if run.analysis.diagnostics.iter().any(|it| it.code == code && it.fix.is_some()) {
        return Err(format!("{code}/{name}: still offers a fix after fixing"));
    }
    let diff = run.diff();
    let titles: Vec<String> = run.applied.iter().map(|it| format!("applied: {it}")).collect();
    let shown = format!("{}\n{diff}", titles.join("\n"));
    insta::with_settings!({ snapshot_path => "snapshots/fixes", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(format!("{code}_{name}"), shown);
    });
    Ok(())
}
