//! `bundlec plan` on the sample: the deploy shape the site expects.

use std::process::Output;

use bundlec_e2e::{run, run_in, stderr, stdout};
use serde_json::Value;

const SAMPLE: &[&str] = &[
    "plan",
    "samples/openstack-caracal/bundle.yaml",
    "--overlay",
    "samples/openstack-caracal/overlays/octavia-pki.yaml",
];

#[test]
fn the_sample_plan_has_the_expected_shape() {
    let mut args = SAMPLE.to_vec();
    args.extend(["--format", "json"]);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0));
    let plan: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(plan["counts"]["applications"], 50);
    assert_eq!(plan["counts"]["relations"], 97);
    assert_eq!(plan["counts"]["machines"], 4);
    assert_eq!(plan["counts"]["containers"], 24);
    let units = plan["units"].as_array().unwrap();
    let machine_of = |unit: &str| {
        units
            .iter()
            .find(|it| it["unit"] == unit)
            .map(|it| it["machine"].as_str().unwrap().to_owned())
    };
    let osd: Vec<String> = (0..4).filter_map(|n| machine_of(&format!("ceph-osd/{n}"))).collect();
    assert_eq!(osd, ["0", "1", "2", "3"], "one OSD per machine");
    assert!(machine_of("ceph-osd/4").is_none());
    let compute: Vec<String> =
        (0..3).filter_map(|n| machine_of(&format!("nova-compute/{n}"))).collect();
    assert_eq!(compute, ["1", "2", "3"], "no compute on bundle machine 8");
    for unit in units.iter().filter(|it| it["unit"].as_str().unwrap().starts_with("ceph-osd/")) {
        assert!(unit["container"].is_null(), "OSDs run on the hosts, not in containers");
    }
}

#[test]
fn the_human_plan_reads_like_a_dry_run() {
    let output = run(SAMPLE);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("Changes to deploy bundle:\n"));
    for line in [
        "- add new machine 0 (bundle machine 8)",
        "- add new machine 3 (bundle machine 11)",
        "- add unit ceph-osd/0 to new machine 0",
        "- add unit nova-compute/0 to new machine 1",
        "- add relation octavia:certificates - vault:certificates",
    ] {
        assert!(text.contains(line), "missing `{line}`");
    }
    assert!(text.contains("lxd container 0/lxd/0 on new machine 0"));
    assert!(text.contains("containers        24"), "{text}");
}

/// `bundlec plan` (then `args`) on `bundle` written to a fresh directory.
fn plan_of(bundle: &str, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bundle.yaml"), bundle).unwrap();
    let mut all = vec!["plan", "bundle.yaml"];
    all.extend(args);
    run_in(dir.path(), &all)
}

const REFUSED: &str =
    "Juju may refuse it or deploy it other than planned (run `bundlec check` for details)";

#[test]
fn a_clean_bundle_plans_with_exit_code_0_and_nothing_on_stderr() {
    let output = plan_of("applications:\n  a: {charm: a, num_units: 1}\n", &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
    assert!(stdout(&output).contains("- add unit a/0 to new machine 0"));
}

#[test]
fn a_placement_cycle_still_prints_the_plan_but_exits_1() {
    let output = plan_of(
        "applications:\n  a: {charm: a, num_units: 1, to: [b]}\n  b: {charm: b, num_units: 1, to: [a]}\n",
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("- add unit a/0 to "), "{}", stdout(&output));
    assert!(stdout(&output).contains("- add unit b/0 to "));
    assert_eq!(stderr(&output), format!("bundlec: the bundle has 1 error; {REFUSED}\n"));
}

#[test]
fn a_type_mismatch_exits_1_with_the_json_plan_on_stdout() {
    let output = plan_of(
        "applications:\n  a:\n    charm: a\n    num_units: x\n  b:\n    charm: b\n    num_units: 1\n    to: [c]\n",
        &["--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let plan: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(plan["counts"].is_object());
    assert_eq!(stderr(&output), format!("bundlec: the bundle has 2 errors; {REFUSED}\n"));
}

#[test]
fn a_syntax_error_prints_an_empty_plan_and_exits_1() {
    let output = plan_of("applications:\n  a:\n    charm: [a\n", &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("Changes to deploy bundle:\n"));
    assert!(
        stderr(&output).starts_with("bundlec: the bundle has 1 error; "),
        "{}",
        stderr(&output)
    );
}
