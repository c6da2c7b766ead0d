//! Every file in `samples/broken/` fires the rule its first line names, at that line.
//!
//! `NAME.overlay.yaml` is applied as an overlay and `NAME.bundlec.toml` is the policy of
//! `NAME.yaml`; without one the sample is checked with no policy.

use bundlec_e2e::{run, stdout, workspace_root};
use serde_json::Value;

struct Expectation {
    code: String,
    line: u64,
}

fn expectations(text: &str) -> Vec<Expectation> {
    text.lines()
        .filter_map(|line| line.strip_prefix("# expect: "))
        .filter_map(|rest| {
            let (code, line) = rest.split_once(" line ")?;
            Some(Expectation { code: code.trim().to_owned(), line: line.trim().parse().ok()? })
        })
        .collect()
}

#[test]
fn every_broken_sample_fires_its_rule_at_its_line() {
    let dir = workspace_root().join("samples/broken");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|it| it.path()).collect();
    files.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".yaml") else { continue };
        if stem.contains(".overlay") {
            continue;
        }
        let wanted = expectations(&std::fs::read_to_string(&file).unwrap());
        if wanted.is_empty() {
            failures.push(format!("{name}: no `# expect: CODE line N` line"));
            continue;
        }
        let bundle = format!("samples/broken/{name}");
        let overlay = format!("samples/broken/{stem}.overlay.yaml");
        let policy = format!("samples/broken/{stem}.bundlec.toml");
        let mut args = vec!["check", bundle.as_str(), "--format", "json"];
        if dir.join(format!("{stem}.overlay.yaml")).exists() {
            args.extend(["--overlay", overlay.as_str()]);
        }
        if dir.join(format!("{stem}.bundlec.toml")).exists() {
            args.extend(["--policy", policy.as_str()]);
        } else {
            args.push("--no-policy");
        }
        let output = run(&args);
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        let diagnostics = report["diagnostics"].as_array().unwrap();
        let mut any_error = false;
        for expectation in &wanted {
            let hit = diagnostics.iter().find(|it| {
                it["code"] == expectation.code.as_str()
                    && it["range"]["start"]["line"] == expectation.line
            });
            match hit {
                Some(hit) => any_error |= hit["severity"] == "error",
                None => failures.push(format!(
                    "{name}: no {} at line {}; got {:?}",
                    expectation.code,
                    expectation.line,
                    diagnostics
                        .iter()
                        .map(|it| format!("{} line {}", it["code"], it["range"]["start"]["line"]))
                        .collect::<Vec<_>>()
                )),
            }
        }
        let expected_exit = i32::from(any_error);
        if output.status.code() != Some(expected_exit) {
            failures
                .push(format!("{name}: exit {:?}, expected {expected_exit}", output.status.code()));
        }
        checked += 1;
    }
    assert!(checked > 0, "no broken samples found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
