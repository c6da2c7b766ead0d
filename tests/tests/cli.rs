//! The `bundlec check`, `rules` and `rule` commands as users drive them.

use bundlec_e2e::{run, run_in, stderr, stdout};
use serde_json::Value;

const SAMPLE: &str = "samples/openstack-caracal/bundle.yaml";
const PKI: &str = "samples/openstack-caracal/overlays/octavia-pki.yaml";

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(output)).expect("--format json prints JSON")
}

#[test]
fn the_sample_checks_clean() {
    let output = run(&["check", SAMPLE, "--overlay", PKI]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let report = json_of(&run(&["check", SAMPLE, "--overlay", PKI, "--format", "json"]));
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
}

#[test]
fn json_report_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bundle.yaml"),
        "# Caracal – 2024.1 ünïcödé\napplications:\n  keystone:\n    charm: keystone\n    num_units: three\n",
    )
    .unwrap();
    let output = run_in(dir.path(), &["check", "bundle.yaml", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json_of(&output);
    assert_eq!(report["version"], 1);
    let diagnostic = &report["diagnostics"][0];
    for key in ["code", "severity", "message", "file", "range", "labels", "notes"] {
        assert!(diagnostic.get(key).is_some(), "missing {key}");
    }
    assert_eq!(diagnostic["code"], "S005");
    assert_eq!(diagnostic["file"], "bundle.yaml");
    // Line 5, `    num_units: three`: the value starts at character 16.
    assert_eq!(diagnostic["range"]["start"]["line"], 5);
    assert_eq!(diagnostic["range"]["start"]["column"], 16);
    assert_eq!(diagnostic["range"]["end"]["column"], 21);
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn non_ascii_text_before_a_problem_does_not_shift_its_column() {
    let dir = tempfile::tempdir().unwrap();
    // Two-byte, four-byte (and two UTF-16 units) characters earlier on the problem's line.
    let line =
        "  keystone: {charm: keystone, num_units: 1, annotations: {x: \"é😀\"}, constrain: x}\n";
    std::fs::write(
        dir.path().join("bundle.yaml"),
        format!("# 😀😀😀 ünïcödé\napplications:\n{line}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ascii.yaml"),
        format!("# plain comment\napplications:\n{}", line.replace(['é', '😀'], "e")),
    )
    .unwrap();
    let unknown_field = |name| {
        let report = json_of(&run_in(dir.path(), &["check", name, "--format", "json"]));
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|it| it["code"] == "S003")
            .map(|it| it["range"].clone())
            .expect("the unknown field is reported")
    };
    let unicode = unknown_field("bundle.yaml");
    assert_eq!(unicode, unknown_field("ascii.yaml"));
    let expected = line[..line.find("constrain").unwrap()].chars().count() + 1;
    assert_eq!(unicode["start"]["line"], 3);
    assert_eq!(unicode["start"]["column"], expected);
    assert_eq!(unicode["end"]["column"], expected + "constrain".len());
}

#[test]
fn a_wrong_value_set_by_an_overlay_is_reported_at_the_overlay_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bundle.yaml"),
        "applications:\n  keystone:\n    charm: keystone\n    num_units: 1\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("overlay.yaml"),
        "# sets the key twice\napplications:\n  keystone:\n    options:\n      vip: 10.12.4.50\n      vip: 10.12.4.51\n",
    )
    .unwrap();
    let report = json_of(&run_in(
        dir.path(),
        &["check", "bundle.yaml", "--overlay", "overlay.yaml", "--format", "json"],
    ));
    // The VIP without an hacluster (R040) is reported too; the duplicate key is the point.
    let diagnostic =
        report["diagnostics"].as_array().unwrap().iter().find(|it| it["code"] == "S002").unwrap();
    assert_eq!(diagnostic["file"], "overlay.yaml");
    assert_eq!(diagnostic["range"]["start"]["line"], 6);
}

#[test]
fn a_wrong_relation_added_by_an_overlay_is_reported_at_the_overlay_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bundle.yaml"),
        "applications:\n  keystone: {charm: keystone, num_units: 1}\n  glance: {charm: glance, num_units: 1}\nrelations:\n- [glance:identity-service, keystone:identity-service]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("overlay.yaml"),
        "# adds a relation to an application nobody defines\nrelations:\n- [glance:amqp, rabbitmq-server:amqp]\n",
    )
    .unwrap();
    let output = run_in(
        dir.path(),
        &["check", "bundle.yaml", "--overlay", "overlay.yaml", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let report = json_of(&output);
    let errors: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|it| it["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["code"], "R003");
    assert_eq!(errors[0]["file"], "overlay.yaml");
    assert_eq!(errors[0]["range"]["start"]["line"], 3);
    assert_eq!(errors[0]["range"]["start"]["column"], 17);
}

#[test]
fn diagnostics_are_sorted_by_file_and_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bundle.yaml"),
        "applications:\n  b:\n    charm: b\n    num_units: x\n  a:\n    charm: a\n    num_units: y\n    bogus: 1\n",
    )
    .unwrap();
    let report = json_of(&run_in(dir.path(), &["check", "bundle.yaml", "--format", "json"]));
    let lines: Vec<u64> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| it["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);
    assert!(lines.len() >= 3);
}

#[test]
fn unreadable_input_and_bad_arguments_exit_2_with_a_message() {
    let missing = run(&["check", "no/such/bundle.yaml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot read `no/such/bundle.yaml`"), "{}", stderr(&missing));
    let bad = run(&["check", "--bogus"]);
    assert_eq!(bad.status.code(), Some(2));
    let no_rule = run(&["rule", "X999"]);
    assert_eq!(no_rule.status.code(), Some(2));
    assert!(stderr(&no_rule).contains("no rule `X999`"));
}

#[test]
fn hostile_inputs_never_crash() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    // Block nesting costs its indentation: 2,000 levels is already 2 MB of spaces.
    let mut block = String::new();
    for level in 0..2_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("k:\n");
    }
    let mut bomb = String::from(
        "applications:\n  a:\n    charm: a\n    options:\n      x: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..40 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("      x{level}: &a{level} [{refs}]\n"));
    }
    // Each merge level merges the one before twice: 2^40 walks if expanded naively.
    let mut merges = String::from("variables:\n  m0: &m0 {charm: a}\n");
    for level in 1..40 {
        let previous = level - 1;
        merges.push_str(&format!(
            "  m{level}: &m{level} {{<<: [*m{previous}, *m{previous}], k{level}: 1}}\n"
        ));
    }
    merges.push_str("applications:\n  a:\n    <<: *m39\n    num_units: 1\n");
    // 10,000 levels of block sequences on one line, and of flow mappings.
    let deep_sequences = format!("a: {}x\n", "- ".repeat(10_000));
    let deep_mappings = format!("a: {}{}\n", "{a: ".repeat(10_000), "}".repeat(10_000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("merge-bomb.yaml", merges.into_bytes()),
        ("deep-sequences.yaml", deep_sequences.into_bytes()),
        ("deep-mappings.yaml", deep_mappings.into_bytes()),
        ("empty.yaml", Vec::new()),
        ("binary.yaml", vec![0, 159, 146, 150, 255, 0, 1, 2, 3]),
        ("binary-utf8.yaml", "\u{0}\u{1}\t:\u{7f}: - [".as_bytes().to_vec()),
        ("deep-flow.yaml", deep.into_bytes()),
        ("deep-block.yaml", block.into_bytes()),
        ("bomb.yaml", bomb.into_bytes()),
    ];
    for (name, bytes) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let output = run_in(dir.path(), &["check", name, "--format", "json"]);
        let code = output.status.code();
        assert!(matches!(code, Some(0..=2)), "{name}: exit {code:?}\n{}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{name}: {}", stderr(&output));
    }
}

#[test]
fn rules_are_listed_and_documented() {
    let list = stdout(&run(&["rules"]));
    assert!(list.contains("S002  duplicate-key"));
    let doc = run(&["rule", "s002"]);
    assert_eq!(doc.status.code(), Some(0));
    let text = stdout(&doc);
    assert!(text.starts_with("# S002 duplicate-key"));
    assert!(text.contains("## Why it matters"));
    assert_eq!(stdout(&run(&["rule", "duplicate-key"])), text);
}

#[test]
fn human_output_has_no_colour_when_piped() {
    let output = run(&["check", "samples/broken/S005-num-units-word.yaml"]);
    let text = stdout(&output);
    assert!(!text.contains('\u{1b}'), "escape codes in piped output");
    assert!(text.contains("error[S005[type-mismatch]]"));
}

#[test]
fn the_published_policy_schema_is_current() {
    let published =
        std::fs::read_to_string(bundlec_e2e::workspace_root().join("schemas/bundlec.schema.json"))
            .unwrap();
    let output = run(&["schema"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        published,
        "regenerate with `bundlec schema > schemas/bundlec.schema.json`"
    );
    let schema: Value = serde_json::from_str(&published).unwrap();
    assert!(schema["properties"]["networks"].is_object());
    assert!(schema["properties"]["vips"].is_object());
}

#[test]
fn policy_errors_point_into_the_policy_file_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bundle.yaml"),
        "applications:\n  a: {charm: a, num_units: 1}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bundlec.toml"),
        "[counts]\napplications = 50\nrelatoins = 97\n",
    )
    .unwrap();
    let output = run_in(dir.path(), &["check", "bundle.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("bundlec.toml:3:1"), "{text}");
    assert!(text.contains("unknown field `relatoins`"), "{text}");
}

#[test]
fn the_sample_policy_is_found_next_to_the_bundle() {
    let output = run(&["check", SAMPLE, "--overlay", PKI, "--format", "json"]);
    let report = json_of(&output);
    // The policy accepts the two metadata keys Juju ignores, so not even infos remain.
    assert_eq!(report["summary"]["infos"], 0, "{report}");
    let without =
        json_of(&run(&["check", SAMPLE, "--overlay", PKI, "--no-policy", "--format", "json"]));
    assert_eq!(without["summary"]["infos"], 2, "{without}");
}

/// Copies the project's `webapp` charm fixture into `dir/charms/webapp`.
fn copy_webapp(dir: &std::path::Path) {
    let source = bundlec_e2e::workspace_root().join("compiler/tests/fixtures/charms/webapp");
    let target = dir.join("charms/webapp");
    std::fs::create_dir_all(&target).unwrap();
    for file in ["metadata.yaml", "config.yaml"] {
        std::fs::copy(source.join(file), target.join(file)).unwrap();
    }
}

#[test]
fn a_local_charm_directory_supplies_its_facts() {
    let dir = tempfile::tempdir().unwrap();
    copy_webapp(dir.path());
    std::fs::write(
        dir.path().join("bundle.yaml"),
        "applications:\n  webapp:\n    charm: ./charms/webapp\n    num_units: 1\n    options:\n      port: 8080\n      prot: 80\n",
    )
    .unwrap();
    let report = json_of(&run_in(dir.path(), &["check", "bundle.yaml", "--format", "json"]));
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| it["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["O010"], "{report}");
    assert_eq!(report["diagnostics"][0]["range"]["start"]["line"], 7);
    assert!(report["diagnostics"][0]["help"].as_str().unwrap().contains("`port`"), "{report}");
}

#[test]
fn charms_named_with_dash_dash_charms_override_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    copy_webapp(dir.path());
    std::fs::write(
        dir.path().join("bundle.yaml"),
        "applications:\n  web:\n    charm: webapp\n    channel: latest/stable\n    num_units: 1\n    options:\n      debug: true\n      greting: hi\n",
    )
    .unwrap();
    let unknown = json_of(&run_in(dir.path(), &["check", "bundle.yaml", "--format", "json"]));
    assert_eq!(
        unknown["diagnostics"][0]["code"], "C010",
        "without it the charm is unknown: {unknown}"
    );
    let known = json_of(&run_in(
        dir.path(),
        &["check", "bundle.yaml", "--charms", "charms/webapp", "--format", "json"],
    ));
    let codes: Vec<&str> = known["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|it| it["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["O010"], "{known}");
    let missing = run_in(dir.path(), &["check", "bundle.yaml", "--charms", "charms/nothing"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot import charm directory"), "{}", stderr(&missing));
}

#[test]
fn sarif_results_match_the_json_report() {
    let args = |format| {
        [
            "check",
            "samples/broken/R006-duplicate-relation.yaml",
            "--overlay",
            "samples/broken/R006-duplicate-relation.overlay.yaml",
            "--format",
            format,
        ]
    };
    let output = run(&args("sarif"));
    assert_eq!(output.status.code(), Some(1), "errors still fail the run");
    let sarif: Value = serde_json::from_str(&stdout(&output)).expect("--format sarif prints JSON");
    let report = json_of(&run(&args("json")));
    assert_eq!(sarif["version"], "2.1.0");
    let run_log = &sarif["runs"][0];
    assert_eq!(run_log["tool"]["driver"]["name"], "bundlec");
    let results = run_log["results"].as_array().unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for (result, diagnostic) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], diagnostic["code"]);
        let rule =
            &run_log["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], diagnostic["code"]);
        assert_eq!(rule["name"], diagnostic["name"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], diagnostic["file"]);
        let region = &location["region"];
        assert_eq!(region["startLine"], diagnostic["range"]["start"]["line"]);
        assert_eq!(region["startColumn"], diagnostic["range"]["start"]["column"]);
        assert_eq!(region["endLine"], diagnostic["range"]["end"]["line"]);
        assert_eq!(region["endColumn"], diagnostic["range"]["end"]["column"]);
        let secondary = diagnostic["labels"].as_array().unwrap().len() - 1;
        let related = result.get("relatedLocations").and_then(Value::as_array).map_or(0, Vec::len);
        assert_eq!(related, secondary);
    }
    assert!(
        results.iter().any(|result| result.get("relatedLocations").is_some()),
        "R006 names the first relation as a related location"
    );
}
