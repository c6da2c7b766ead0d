//! The convention rules on the real `OpenStack` sample: the sample checks clean, and one
//! textual mutation of it makes exactly the expected convention rule fire, at the changed
//! line. The mutations are the mistakes an operator makes by hand: a relation line
//! dropped, a value changed, a resource forgotten.
//!
//! Other engineers' rules may fire on the same mutations (an orphaned subordinate, the
//! policy's relation count); these tests assert only on the convention codes.

use std::path::{Path, PathBuf};

use bundlec::check::{Analysis, Input, PolicyChoice, analyze};
use bundlec::diagnostics::json;
use bundlec::diagnostics::terminal::render_plain;
use bundlec::source::{FsProvider, MemoryProvider};

const BUNDLE: &str = "../samples/openstack-caracal/bundle.yaml";
const OVERLAY: &str = "../samples/openstack-caracal/overlays/octavia-pki.yaml";
const POLICY: &str = "../samples/openstack-caracal/bundlec.toml";

/// The codes of the convention rules.
const CONVENTIONS: &[&str] =
    &["R040", "R041", "R042", "R043", "R044", "O020", "O021", "O022", "O023"];

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
}

/// `text` with `from` replaced by `to`, exactly once.
fn mutate(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "the sample no longer holds `{from}` exactly once");
    text.replacen(from, to, 1)
}

/// Analyses the sample's three files as given, each under its real path; anything else
/// (the policy override archives) is read from disk.
fn analyze_sample(bundle: &str, overlay: &str, policy: &str) -> Analysis {
    let mut provider = MemoryProvider::with_fallback(Box::new(FsProvider));
    provider.insert(BUNDLE, bundle);
    provider.insert(OVERLAY, overlay);
    provider.insert(POLICY, policy);
    let input = Input {
        bundle: PathBuf::from(BUNDLE),
        overlays: vec![PathBuf::from(OVERLAY)],
        policy: PolicyChoice::File(PathBuf::from(POLICY)),
        charm_dirs: Vec::new(),
    };
    analyze(&provider, &input).expect("the sample and its policy load")
}

/// The convention diagnostics: code, file name and one-based line of the primary label.
fn conventions(analysis: &Analysis) -> Vec<(String, String, u32)> {
    analysis
        .diagnostics
        .iter()
        .filter(|it| CONVENTIONS.contains(&it.code))
        .map(|it| {
            let file = &analysis.sources.get(it.primary.span.file).path;
            let name = Path::new(file).file_name().unwrap().to_string_lossy().into_owned();
            let line = analysis.sources.start_line_col(it.primary.span).line;
            (it.code.to_owned(), name, line)
        })
        .collect()
}

/// The one-based line of the only line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    let hits: Vec<u32> =
        text.lines().zip(1..).filter(|(line, _)| line.contains(needle)).map(|(_, n)| n).collect();
    assert_eq!(hits.len(), 1, "`{needle}` is not on exactly one line: {hits:?}");
    hits[0]
}

/// The one-based line of the first line of `text` from line `after` on that contains
/// `needle`: the first such line in an application's block.
fn first_line_after(text: &str, needle: &str, after: u32) -> u32 {
    text.lines()
        .zip(1..)
        .find(|(line, number)| *number > after && line.contains(needle))
        .map_or_else(|| panic!("no `{needle}` after line {after}"), |(_, number)| number)
}

/// The one-based line of `application:` under `applications`.
fn app_line(text: &str, application: &str) -> u32 {
    let key = format!("  {application}:");
    let hits: Vec<u32> =
        text.lines().zip(1..).filter(|(line, _)| line.trim_end() == key).map(|(_, n)| n).collect();
    assert_eq!(hits.len(), 1, "`{key}` is not on exactly one line: {hits:?}");
    hits[0]
}

/// Checks the sample with `bundle` in place of its bundle text, and returns the convention
/// diagnostics.
fn mutated_bundle(bundle: &str) -> Vec<(String, String, u32)> {
    conventions(&analyze_sample(bundle, &read(OVERLAY), &read(POLICY)))
}

fn expect(code: &str, line: u32) -> Vec<(String, String, u32)> {
    vec![(code.to_owned(), "bundle.yaml".to_owned(), line)]
}

#[test]
fn the_sample_breaks_no_convention() {
    let analysis = analyze_sample(&read(BUNDLE), &read(OVERLAY), &read(POLICY));
    assert_eq!(conventions(&analysis), []);
}

#[test]
fn an_hacluster_without_its_ha_relation_leaves_the_vip_unserved() {
    let bundle = mutate(&read(BUNDLE), "  - [keystone:ha, keystone-hacluster:ha]\n", "");
    let keystone = app_line(&bundle, "keystone");
    // `vip: *keystone-vip` in keystone's options; the anchor under `variables` is not it.
    let vip = first_line_after(&bundle, "vip: *keystone-vip", keystone);
    // O021 stays quiet: the hacluster is related to no principal, so there is no unit
    // count to compare with. Others report the orphaned subordinate and the relation count.
    assert_eq!(mutated_bundle(&bundle), expect("R040", vip));
}

#[test]
fn a_principal_without_vip_blocks_its_hacluster() {
    let bundle = mutate(&read(BUNDLE), "      vip: \"10.12.4.51 10.12.8.51\"\n", "");
    let options = first_line_after(&bundle, "    options:", app_line(&bundle, "glance"));
    assert_eq!(mutated_bundle(&bundle), expect("R041", options));
}

#[test]
fn dns_ha_next_to_a_vip_is_reported_at_dns_ha() {
    let bundle = mutate(
        &read(BUNDLE),
        "      vip: '10.12.4.52 10.12.8.52'\n",
        "      vip: '10.12.4.52 10.12.8.52'\n      dns-ha: true\n",
    );
    let dns_ha = line_of(&bundle, "dns-ha: true");
    assert_eq!(mutated_bundle(&bundle), expect("O020", dns_ha));
}

#[test]
fn a_cluster_count_above_the_unit_count_is_reported_at_the_count() {
    let text = read(BUNDLE);
    let hacluster = app_line(&text, "heat-hacluster");
    let count = first_line_after(&text, "cluster_count: 1", hacluster);
    let mut lines: Vec<&str> = text.lines().collect();
    let index = usize::try_from(count - 1).unwrap();
    assert_eq!(lines[index], "      cluster_count: 1");
    lines[index] = "      cluster_count: 3";
    let bundle = lines.join("\n") + "\n";
    assert_eq!(mutated_bundle(&bundle), expect("O021", count));
}

#[test]
fn a_router_without_db_router_is_reported_at_the_router() {
    let bundle = mutate(
        &read(BUNDLE),
        "  - [heat-mysql-router:db-router, mysql-innodb-cluster:db-router]\n",
        "",
    );
    let router = app_line(&bundle, "heat-mysql-router");
    assert_eq!(mutated_bundle(&bundle), expect("R042", router));
}

#[test]
fn a_router_serving_two_applications_is_reported_at_the_second() {
    let bundle = mutate(
        &read(BUNDLE),
        "  - [aodh:shared-db, aodh-mysql-router:shared-db]\n",
        "  - [aodh:shared-db, heat-mysql-router:shared-db]\n",
    );
    let relation = line_of(&bundle, "[aodh:shared-db, heat-mysql-router:shared-db]");
    // aodh still reaches the cluster through heat's router, so R042 stays quiet.
    assert_eq!(mutated_bundle(&bundle), expect("R043", relation));
}

#[test]
fn a_certificate_consumer_not_related_to_vault_is_reported() {
    let bundle = mutate(&read(BUNDLE), "  - [glance:certificates, vault:certificates]\n", "");
    let glance = app_line(&bundle, "glance");
    assert_eq!(mutated_bundle(&bundle), expect("R044", glance));
}

#[test]
fn an_exempt_consumer_is_reported_once_the_policy_drops_the_exemption() {
    let policy =
        mutate(&read(POLICY), "\"mysql-router\", \"rabbitmq-server\",", "\"mysql-router\",");
    let analysis = analyze_sample(&read(BUNDLE), &read(OVERLAY), &policy);
    let rabbit = app_line(&read(BUNDLE), "rabbitmq-server");
    assert_eq!(conventions(&analysis), expect("R044", rabbit));
}

#[test]
fn a_forgotten_policyd_resource_is_reported_at_the_option() {
    let bundle =
        mutate(&read(BUNDLE), "    resources:\n      policyd-override: ./policyd/heat.zip\n", "");
    let option = first_line_after(&bundle, "use-policyd-override: true", app_line(&bundle, "heat"));
    assert_eq!(mutated_bundle(&bundle), expect("O022", option));
}

/// The overlay's five keys with their values, as written.
fn pki_values(overlay: &str) -> Vec<(String, String)> {
    overlay
        .lines()
        .filter_map(|line| {
            let (key, value) = line.trim().split_once(": ")?;
            key.starts_with("lb-mgmt-")
                .then(|| (key.to_owned(), value.trim_matches('"').to_owned()))
        })
        .collect()
}

/// Every output the CLI can print for `analysis`.
fn rendered(analysis: &Analysis) -> String {
    let mut text: String =
        analysis.diagnostics.iter().map(|it| render_plain(&analysis.sources, it)).collect();
    text.push_str(&json::render(&analysis.sources, &analysis.diagnostics));
    text
}

#[test]
fn a_dropped_pki_key_is_named_and_no_key_material_is_printed() {
    let overlay = read(OVERLAY);
    let values = pki_values(&overlay);
    assert_eq!(values.len(), 5, "the overlay sets the five lb-mgmt-* options");
    let octavia = app_line(&read(BUNDLE), "octavia");
    for (dropped, _) in &values {
        let line =
            overlay.lines().find(|it| it.trim().starts_with(&format!("{dropped}:"))).unwrap();
        let mutated = mutate(&overlay, &format!("{line}\n"), "");
        let analysis = analyze_sample(&read(BUNDLE), &mutated, &read(POLICY));
        assert_eq!(conventions(&analysis), expect("O023", octavia), "dropping {dropped}");
        let diagnostic = analysis.diagnostics.iter().find(|it| it.code == "O023").unwrap();
        assert!(diagnostic.message.contains(&format!("`{dropped}`")), "{}", diagnostic.message);
        let output = rendered(&analysis);
        for (key, value) in &values {
            // A 44-character passphrase or a base64 PEM: no fragment of it may show.
            assert!(!output.contains(value.as_str()), "the value of {key} was printed");
            assert!(!output.contains(&value[..16]), "part of the value of {key} was printed");
        }
    }
}

#[test]
fn sentinel_pki_values_never_reach_any_output() {
    const SENTINEL: &str = "SENTINEL-PKI-VALUE";
    let overlay = read(OVERLAY);
    let mut mutated = String::new();
    let mut dropped = false;
    for line in overlay.lines() {
        match line.trim().split_once(": ") {
            Some((key, _)) if key.starts_with("lb-mgmt-") => {
                // Drop the first key, so O023 fires; the others hold a sentinel.
                if dropped {
                    mutated.push_str(&format!("      {key}: \"{SENTINEL}-{key}\"\n"));
                } else {
                    dropped = true;
                }
            }
            _ => {
                mutated.push_str(line);
                mutated.push('\n');
            }
        }
    }
    let analysis = analyze_sample(&read(BUNDLE), &mutated, &read(POLICY));
    assert_eq!(conventions(&analysis).len(), 1);
    assert!(!rendered(&analysis).contains(SENTINEL));
}
