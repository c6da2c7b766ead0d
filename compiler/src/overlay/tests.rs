//! Tests of Juju's merge semantics and of the origins merged values keep.

use crate::check::{Analysis, analyze_texts};
use crate::ir::Value;

const BASE: &str = "\
applications:
  keystone:
    charm: keystone
    num_units: 1
    to: [\"lxd:0\"]
    options:
      vip: \"10.12.4.50 10.12.8.50\"
      worker-multiplier: 0.25
    bindings: {\"\": metal, public: provider}
  designate:
    charm: designate
    num_units: 1
machines:
  \"0\": {constraints: mem=8G}
relations:
- [keystone:shared-db, keystone-mysql-router:shared-db]
- [designate:identity-service, keystone:identity-service]
";

fn codes(analysis: &Analysis) -> Vec<&str> {
    analysis.diagnostics.iter().map(|it| it.code).collect()
}

fn written(analysis: &Analysis, span: crate::source::FileSpan) -> (&str, &str) {
    (analysis.sources.get(span.file).name.as_str(), analysis.sources.slice(span))
}

#[test]
fn overlay_values_keep_the_overlay_span() {
    let overlay = "applications:\n  keystone:\n    options:\n      vip: 10.12.4.15 10.12.8.15\n";
    let analysis = analyze_texts(BASE, &[overlay]);
    let vip = analysis.merged.app("keystone").and_then(|app| app.option("vip")).unwrap();
    assert_eq!(written(&analysis, vip.value.span), ("overlay-0.yaml", "10.12.4.15 10.12.8.15"));
    let other =
        analysis.merged.app("keystone").and_then(|app| app.option("worker-multiplier")).unwrap();
    assert_eq!(written(&analysis, other.value.span), ("bundle.yaml", "0.25"));
}

#[test]
fn null_application_deletes_it_and_its_relations() {
    let analysis = analyze_texts(BASE, &["applications:\n  designate:\n"]);
    assert!(analysis.merged.app("designate").is_none());
    assert_eq!(analysis.merged.relations.len(), 1);
    assert!(analysis.merged.relations[0].endpoints[0].value.starts_with("keystone:"));
}

#[test]
fn empty_application_body_is_not_a_deletion() {
    let analysis = analyze_texts(BASE, &["applications:\n  designate: {}\n"]);
    assert!(analysis.merged.app("designate").is_some());
    assert!(codes(&analysis).contains(&"M006"));
}

#[test]
fn null_option_unsets_and_empty_string_sets() {
    let overlay =
        "applications:\n  keystone:\n    options:\n      vip:\n      worker-multiplier: \"\"\n";
    let analysis = analyze_texts(BASE, &[overlay]);
    let keystone = analysis.merged.app("keystone").unwrap();
    assert!(keystone.option("vip").is_none());
    assert_eq!(keystone.option("worker-multiplier").map(|it| it.get().as_str()), Some(Some("")));
    assert!(codes(&analysis).contains(&"M008"));
}

#[test]
fn empty_map_in_overlay_clears_the_map() {
    let analysis = analyze_texts(BASE, &["applications:\n  keystone:\n    bindings: {}\n"]);
    let keystone = analysis.merged.app("keystone").unwrap();
    assert!(keystone.bindings.as_ref().is_some_and(|it| it.get().is_empty()));
}

#[test]
fn a_null_offer_deletes_that_offer_and_an_empty_one_does_not() {
    let offers = "applications:\n  keystone:\n    offers:\n      identity: {endpoints: [identity-service]}\n      admin: {endpoints: [identity-admin]}\n";
    let analysis = analyze_texts(
        BASE,
        &[offers, "applications:\n  keystone:\n    offers:\n      identity:\n      admin: {}\n"],
    );
    let keystone = analysis.merged.app("keystone").unwrap();
    let left: Vec<&str> =
        keystone.offers.as_ref().unwrap().get().keys().map(String::as_str).collect();
    assert_eq!(left, ["admin"]);
}

#[test]
fn scalars_and_lists_are_replaced_not_appended() {
    let overlay =
        "applications:\n  keystone:\n    num_units: 3\n    to: [\"lxd:1\"]\nmachines:\n  \"1\":\n";
    let analysis = analyze_texts(BASE, &[overlay]);
    let keystone = analysis.merged.app("keystone").unwrap();
    assert_eq!(keystone.unit_count(), 3);
    let to: Vec<&str> =
        keystone.to.as_ref().unwrap().get().iter().map(|it| it.value.as_str()).collect();
    assert_eq!(to, ["lxd:1"]);
    let machines: Vec<&str> = analysis.merged.machine_slots().map(|(id, _)| id).collect();
    assert_eq!(machines, ["1"], "machines are replaced wholesale");
}

#[test]
fn relations_are_appended_in_document_order() {
    let overlay = "relations:\n- [keystone:identity-service, glance:identity-service]\n";
    let second = "---\nrelations:\n- [keystone:certificates, vault:certificates]\n";
    let analysis = analyze_texts(BASE, &[overlay, second]);
    let last: Vec<&str> =
        analysis.merged.relations.iter().map(|it| it.endpoints[1].value.as_str()).collect();
    assert_eq!(
        last,
        [
            "keystone-mysql-router:shared-db",
            "keystone:identity-service",
            "glance:identity-service",
            "vault:certificates"
        ]
    );
}

#[test]
fn later_documents_of_the_bundle_file_are_overlays() {
    let bundle = format!("{BASE}---\napplications:\n  keystone:\n    num_units: 3\n");
    let analysis = analyze_texts(&bundle, &[]);
    assert_eq!(analysis.merged.app("keystone").unwrap().unit_count(), 3);
    assert_eq!(analysis.base.as_ref().unwrap().app("keystone").unwrap().unit_count(), 1);
}

#[test]
fn overlay_series_replaces_but_default_base_is_ignored() {
    let bundle = format!("series: jammy\ndefault-base: ubuntu@22.04\n{BASE}");
    let analysis = analyze_texts(&bundle, &["series: noble\ndefault-base: ubuntu@24.04\n"]);
    assert_eq!(analysis.merged.series.as_ref().map(|it| it.get().as_str()), Some("noble"));
    assert_eq!(
        analysis.merged.default_base.as_ref().map(|it| it.get().as_str()),
        Some("ubuntu@22.04")
    );
    assert!(codes(&analysis).contains(&"M007"));
}

#[test]
fn an_overlay_that_adds_a_new_application_adds_it_whole() {
    let overlay = "applications:\n  glance:\n    charm: glance\n    num_units: 1\n";
    let analysis = analyze_texts(BASE, &[overlay]);
    let glance = analysis.merged.app("glance").unwrap();
    assert_eq!(
        written(&analysis, glance.charm.as_ref().unwrap().value.span),
        ("overlay-0.yaml", "glance")
    );
}

#[test]
fn includes_resolve_relative_to_the_declaring_file() {
    let mut provider = crate::source::MemoryProvider::new();
    provider
        .insert("site/bundle.yaml", "applications:\n  octavia: {charm: octavia, num_units: 1}\n");
    provider.insert(
        "site/overlays/pki.yaml",
        "applications:\n  octavia:\n    options:\n      lb-mgmt-issuing-cacert: include-base64://certs/ca.pem\n      lb-mgmt-controller-cert: include-file://certs/missing.pem\n",
    );
    provider.insert("site/overlays/certs/ca.pem", "PEM");
    let input = crate::check::Input {
        bundle: "site/bundle.yaml".into(),
        overlays: vec!["site/overlays/pki.yaml".into()],
        policy: crate::check::PolicyChoice::None,
        charm_dirs: Vec::new(),
    };
    let analysis = crate::check::analyze(&provider, &input).unwrap();
    let octavia = analysis.merged.app("octavia").unwrap();
    let Some(Value::Str(cacert)) =
        octavia.option("lb-mgmt-issuing-cacert").map(super::super::ir::Field::get)
    else {
        panic!("the include resolves to a string");
    };
    assert_eq!(cacert.text, "UEVN");
    assert!(cacert.include.as_ref().is_some_and(|it| it.base64));
    let missing: Vec<_> = analysis.diagnostics.iter().filter(|it| it.code == "M004").collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(analysis.sources.get(missing[0].primary.span.file).name, "site/overlays/pki.yaml");
}
