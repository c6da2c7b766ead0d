//! `bundlec plan` on the sample: the deploy shape the site expects.

use bundlec_e2e::{run, stdout};
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
