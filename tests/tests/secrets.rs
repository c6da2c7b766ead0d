//! No output of the CLI ever shows the value of an option the policy marks secret: not the
//! human report (which prints the lines it points at), JSON, SARIF, the plan, a fix diff,
//! or a trace-level log, whatever mistake sits on the secret's own line.

use std::path::Path;

use bundlec_e2e::{run_logged_in, stderr, stdout, workspace_root};

const SENTINEL: &str = "SENTINEL-5ec7e7";
/// A secret too short to be searched for as text: only its line tells it apart.
const SHORT_SECRET: &str = "pw9";

/// A copy of the sample whose PKI overlay holds `overlay`.
fn site(overlay: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sample = workspace_root().join("samples/openstack-caracal");
    std::fs::create_dir_all(dir.path().join("overlays")).unwrap();
    std::fs::create_dir_all(dir.path().join("policyd")).unwrap();
    for file in ["bundle.yaml", "bundlec.toml"] {
        std::fs::copy(sample.join(file), dir.path().join(file)).unwrap();
    }
    for entry in std::fs::read_dir(sample.join("policyd")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join("policyd").join(entry.file_name())).unwrap();
    }
    std::fs::write(dir.path().join("overlays/octavia-pki.yaml"), overlay).unwrap();
    dir
}

/// The sample's PKI overlay with each of its five values replaced by `SENTINEL`-bearing
/// text, one per line, and `extra` lines added after the `options:` line.
fn sentinel_overlay(extra: &str) -> String {
    let text = std::fs::read_to_string(
        workspace_root().join("samples/openstack-caracal/overlays/octavia-pki.yaml"),
    )
    .unwrap();
    let mut replaced = 0;
    let mut out = String::new();
    for line in text.lines() {
        match line.split_once(':') {
            Some((key, _)) if key.trim_start().starts_with("lb-mgmt-") => {
                replaced += 1;
                out.push_str(&format!("{key}: \"{SENTINEL}-{replaced}\"\n"));
            }
            _ if line.trim() == "options:" => {
                out.push_str(line);
                out.push('\n');
                out.push_str(extra);
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    assert_eq!(replaced, 5, "the overlay sets five lb-mgmt-* options");
    out
}

/// Runs every command a user may run on the site and returns all that each printed.
fn every_output(dir: &Path) -> Vec<(String, String)> {
    let inputs = ["bundle.yaml", "--overlay", "overlays/octavia-pki.yaml"];
    let commands: &[&[&str]] = &[
        &["check"],
        &["check", "--format", "json"],
        &["check", "--format", "sarif"],
        &["plan"],
        &["plan", "--format", "json"],
        &["fix", "--diff", "--unsafe"],
        &["fix", "--check", "--unsafe", "--relocate-vips"],
    ];
    commands
        .iter()
        .map(|command| {
            let args: Vec<&str> = command.iter().chain(&inputs).copied().collect();
            let output = run_logged_in(dir, &args);
            assert!(output.status.code().is_some_and(|code| code <= 2), "{args:?} crashed");
            (args.join(" "), format!("{}{}", stdout(&output), stderr(&output)))
        })
        .collect()
}

fn assert_no_secret(overlay: &str, expected_code: &str) {
    let dir = site(overlay);
    let outputs = every_output(dir.path());
    let (_, json) = &outputs[1];
    assert!(json.contains(&format!("\"code\": \"{expected_code}\"")), "{json}");
    for (command, output) in &outputs {
        assert!(!output.contains(SENTINEL), "`bundlec {command}` printed a secret:\n{output}");
        assert!(!output.contains(SHORT_SECRET), "`bundlec {command}` printed a short secret");
    }
}

#[test]
fn secret_values_with_a_duplicate_key_on_their_line_stay_hidden() {
    let duplicate = format!("      lb-mgmt-issuing-cacert: \"{SENTINEL}-dup\"\n");
    assert_no_secret(&sentinel_overlay(&duplicate), "S002");
}

#[test]
fn a_secret_of_the_wrong_type_stays_hidden() {
    let overlay = sentinel_overlay("").replace(
        &format!("lb-mgmt-controller-cert: \"{SENTINEL}-5\""),
        &format!("lb-mgmt-controller-cert: [\"{SENTINEL}-list\", 1]"),
    );
    assert_no_secret(&overlay, "O011");
}

#[test]
fn a_syntax_error_inside_a_secret_stays_hidden() {
    let overlay = sentinel_overlay("").replace(
        &format!("lb-mgmt-controller-cacert: \"{SENTINEL}-4\""),
        &format!("lb-mgmt-controller-cacert: \"{SENTINEL}-open"),
    );
    assert_no_secret(&overlay, "S001");
}

#[test]
fn a_fix_next_to_the_secrets_shows_them_redacted() {
    // A wrong channel set by the overlay: its fix edits the line above the secrets, so the
    // diff's context would show them.
    let overlay = sentinel_overlay("")
        .replace(
            "  octavia:\n    options:\n",
            "  octavia:\n    channel: 2023.2/stable\n    options:\n",
        )
        .replace(&format!("\"{SENTINEL}-1\""), SHORT_SECRET);
    let dir = site(&overlay);
    let outputs = every_output(dir.path());
    let (_, diff) = &outputs[5];
    assert!(diff.contains("+    channel: 2024.1/stable"), "{diff}");
    assert!(diff.contains("<secret value redacted>"), "{diff}");
    for (command, output) in &outputs {
        assert!(!output.contains(SENTINEL), "`bundlec {command}` printed a secret:\n{output}");
        assert!(!output.contains(SHORT_SECRET), "`bundlec {command}` printed a short secret");
    }
}
