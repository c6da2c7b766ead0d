//! The charm-aware rules on the real sample deployment: the sample checks clean and every
//! relation resolves to a concrete pair of endpoints; each single mutation of it raises
//! exactly the expected rule, at the changed line, with the expected suggestion.
//!
//! The sample files are read from `samples/openstack-caracal/` into memory under the same
//! paths, so a mutation never touches the files. Mutations run without the site policy
//! (`PolicyChoice::None`), so that site rules about counts and required values do not mix
//! in; the test about secret option values uses the sample's policy, which marks the
//! Octavia PKI options secret, and so does the test that a misspelt certificates endpoint
//! is not also reported by the policy's TLS rule.

use std::collections::BTreeSet;
use std::path::PathBuf;

use bundlec::catalog::Role;
use bundlec::catalog::resolve::resolve_relation;
use bundlec::check::{Analysis, Input, PolicyChoice, analyze};
use bundlec::diagnostics::{Diagnostic, Severity};
use bundlec::source::MemoryProvider;

const BUNDLE: &str = "../samples/openstack-caracal/bundle.yaml";
const OVERLAY: &str = "../samples/openstack-caracal/overlays/octavia-pki.yaml";
const POLICY: &str = "../samples/openstack-caracal/bundlec.toml";

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
}

/// Analyses the sample with `bundle` and `overlay` as the texts of its two files.
fn analyze_sample(bundle: &str, overlay: &str, policy: bool) -> Analysis {
    let mut provider = MemoryProvider::new();
    provider.insert(BUNDLE, bundle.to_owned());
    provider.insert(OVERLAY, overlay.to_owned());
    provider.insert(POLICY, read(POLICY));
    let input = Input {
        bundle: PathBuf::from(BUNDLE),
        overlays: vec![PathBuf::from(OVERLAY)],
        policy: if policy { PolicyChoice::File(PathBuf::from(POLICY)) } else { PolicyChoice::None },
        charm_dirs: Vec::new(),
    };
    analyze(&provider, &input).expect("the sample loads")
}

/// `text` with the first `from` after `after` replaced by `to`.
fn mutate(text: &str, after: &str, from: &str, to: &str) -> String {
    let start = text.find(after).unwrap_or_else(|| panic!("`{after}` not in the sample"));
    let offset = text[start..].find(from).unwrap_or_else(|| panic!("`{from}` not after `{after}`"));
    let at = start + offset;
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

/// The one-based line of the first `needle` after `after` in `text`.
fn line_of(text: &str, after: &str, needle: &str) -> u32 {
    let start = text.find(after).unwrap_or_else(|| panic!("`{after}` not in the text"));
    let at = start + text[start..].find(needle).unwrap_or_else(|| panic!("`{needle}` not found"));
    u32::try_from(text[..at].matches('\n').count() + 1).unwrap()
}

/// The codes of the errors and warnings raised; infos (such as the metadata keys the site
/// policy would accept) are left out.
fn codes(analysis: &Analysis) -> BTreeSet<&'static str> {
    analysis
        .diagnostics
        .iter()
        .filter(|it| it.severity != Severity::Info)
        .map(|it| it.code)
        .collect()
}

/// The one-based line where `diagnostic`'s primary label starts, and the file's name.
fn primary_line(analysis: &Analysis, diagnostic: &Diagnostic) -> (String, u32) {
    let span = diagnostic.primary.span;
    let file = analysis.sources.get(span.file);
    (file.path.display().to_string(), analysis.sources.start_line_col(span).line)
}

/// The only diagnostic of `code`.
fn only<'a>(analysis: &'a Analysis, code: &str) -> &'a Diagnostic {
    let found: Vec<_> = analysis.diagnostics.iter().filter(|it| it.code == code).collect();
    assert_eq!(found.len(), 1, "{code}: {:#?}", analysis.diagnostics);
    found[0]
}

/// Asserts that the error and warning codes raised are exactly `expected`, and that the one
/// diagnostic of `code` is at `line` of `file`; returns that diagnostic.
fn assert_only<'a>(
    analysis: &'a Analysis,
    expected: &[&str],
    code: &str,
    file: &str,
    line: u32,
) -> &'a Diagnostic {
    let expected: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(codes(analysis), expected, "{:#?}", analysis.diagnostics);
    let diagnostic = only(analysis, code);
    assert_eq!(primary_line(analysis, diagnostic), (file.to_owned(), line), "{diagnostic:#?}");
    diagnostic
}

#[test]
fn the_sample_checks_clean_with_the_catalog() {
    let analysis = analyze_sample(&read(BUNDLE), &read(OVERLAY), true);
    assert!(!analysis.catalog.is_empty());
    assert!(analysis.diagnostics.is_empty(), "{:#?}", analysis.diagnostics);
    let without_policy = analyze_sample(&read(BUNDLE), &read(OVERLAY), false);
    assert!(codes(&without_policy).is_empty(), "{:#?}", without_policy.diagnostics);
}

#[test]
fn every_sample_relation_resolves_to_a_matching_pair_of_endpoints() {
    let analysis = analyze_sample(&read(BUNDLE), &read(OVERLAY), true);
    let bundle = &analysis.merged;
    assert_eq!(bundle.relations.len(), 97);
    for relation in &bundle.relations {
        let written: Vec<&str> = relation.endpoints.iter().map(|it| it.value.as_str()).collect();
        let (a, b) = resolve_relation(&analysis.catalog, bundle, relation)
            .unwrap_or_else(|err| panic!("{written:?} does not resolve: {err:?}"));
        assert_eq!(a.endpoint.interface, b.endpoint.interface, "{written:?}");
        let roles = [a.endpoint.role, b.endpoint.role];
        assert!(roles.contains(&Role::Provides) && roles.contains(&Role::Requires), "{written:?}");
        // Every relation of the sample names both endpoints, and resolves to those names.
        assert_eq!([a.written(), b.written()], [written[0], written[1]]);
    }
}

#[test]
fn a_misspelt_endpoint_is_an_undefined_endpoint() {
    let relation = "- [keystone:certificates, vault:certificates]";
    let bundle = mutate(&read(BUNDLE), relation, "vault:certificates", "vault:certificate");
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, "- [keystone:certificates, vault:", "vault:");
    let diagnostic = assert_only(&analysis, &["R030"], "R030", BUNDLE, line);
    assert_eq!(analysis.sources.slice(diagnostic.primary.span), "certificate");
    assert_eq!(diagnostic.help.as_deref(), Some("did you mean `vault:certificates`?"));
}

#[test]
fn a_misspelt_certificates_endpoint_is_only_an_undefined_endpoint_under_the_site_policy() {
    // The policy names vault as the certificate provider, so R044 runs; it must not judge
    // a relation whose endpoint R030 already reports, on either side.
    let relation = "- [keystone:certificates, vault:certificates]";
    for (from, to, misspelt) in [
        ("vault:certificates", "vault:certificate", "vault:"),
        ("keystone:certificates", "keystone:certificate", "keystone:"),
    ] {
        let bundle = mutate(&read(BUNDLE), relation, from, to);
        let analysis = analyze_sample(&bundle, &read(OVERLAY), true);
        let line = line_of(&bundle, "- [keystone:certificate", misspelt);
        let diagnostic = assert_only(&analysis, &["R030"], "R030", BUNDLE, line);
        assert_eq!(analysis.sources.slice(diagnostic.primary.span), "certificate");
    }
}

#[test]
fn ceilometer_shared_db_to_a_mysql_router_is_an_interface_mismatch() {
    let apps = "  # ── Barbican and Octavia helpers";
    let added = "  ceilometer:\n    charm: ceilometer\n    channel: 2024.1/stable\n    num_units: 1\n    to: [\"lxd:9\"]\n    bindings:\n      \"\": *metal-space\n\n  ceilometer-mysql-router:\n    charm: mysql-router\n    channel: 8.0/stable\n    bindings:\n      \"\": *metal-space\n\n";
    let relations = "  # Barbican secrets kept in Vault";
    let related = "  - [ceilometer:shared-db, ceilometer-mysql-router:shared-db]\n  - [ceilometer-mysql-router:db-router, mysql-innodb-cluster:db-router]\n";
    let bundle = mutate(&read(BUNDLE), apps, apps, &format!("{added}{apps}"));
    let bundle = mutate(&bundle, relations, relations, &format!("{related}{relations}"));
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, "- [ceilometer:shared-db", "ceilometer:");
    let diagnostic = assert_only(&analysis, &["R033"], "R033", BUNDLE, line);
    assert!(diagnostic.message.contains("`mongodb` and `mysql-shared`"), "{}", diagnostic.message);
    let labelled: Vec<&str> = std::iter::once(&diagnostic.primary)
        .chain(&diagnostic.secondary)
        .map(|label| analysis.sources.slice(label.span))
        .collect();
    assert_eq!(labelled, ["shared-db", "shared-db"]);
}

#[test]
fn a_unit_in_a_string_is_an_option_type_mismatch() {
    let after = "  nova-compute:\n";
    let bundle = mutate(
        &read(BUNDLE),
        after,
        "reserved-host-memory: 8192",
        "reserved-host-memory: \"8 GB\"",
    );
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, after, "reserved-host-memory");
    let diagnostic = assert_only(&analysis, &["O011"], "O011", BUNDLE, line);
    assert_eq!(analysis.sources.slice(diagnostic.primary.span), "\"8 GB\"");
    assert_eq!(
        diagnostic.message,
        "option `reserved-host-memory` of `nova-compute` expects an integer, got the string `8 GB`"
    );
}

#[test]
fn a_yaml_1_1_float_given_to_a_string_option_is_named() {
    // vault's `channel` option is the snap channel, a string.
    let after = "  vault:\n";
    let bundle = mutate(
        &read(BUNDLE),
        after,
        "    bindings:\n",
        "    options:\n      channel: 1.10\n    bindings:\n",
    );
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, after, "channel: 1.10");
    let diagnostic = assert_only(&analysis, &["O011"], "O011", BUNDLE, line);
    assert!(diagnostic.notes.iter().any(|note| note.contains("`1.10` is the number 1.1")));
    assert_eq!(diagnostic.help.as_deref(), Some("quote the value: `\"1.10\"`"));
}

#[test]
fn a_mistyped_secret_option_never_shows_its_value() {
    let from =
        "lb-mgmt-issuing-ca-key-passphrase: \"W/CwdehgB5MTWe+nF5/2NxlyudBiBZwEcfFDX7d4n3s=\"";
    let overlay = mutate(
        &read(OVERLAY),
        "applications:",
        from,
        "lb-mgmt-issuing-ca-key-passphrase: 31415926",
    );
    // The policy marks `octavia.lb-mgmt-*` secret.
    let analysis = analyze_sample(&read(BUNDLE), &overlay, true);
    let line = line_of(&overlay, "applications:", "lb-mgmt-issuing-ca-key-passphrase");
    let diagnostic = assert_only(&analysis, &["O011"], "O011", OVERLAY, line);
    let shown = format!(
        "{} {} {} {:?} {:?}",
        diagnostic.message,
        diagnostic.primary.message,
        diagnostic.secondary.iter().map(|it| it.message.as_str()).collect::<String>(),
        diagnostic.notes,
        diagnostic.help
    );
    assert!(!shown.contains("31415926"), "{shown}");
    assert!(diagnostic.message.ends_with("got an integer"), "{}", diagnostic.message);
}

#[test]
fn a_misspelt_option_is_an_unknown_option() {
    let after = "  keystone:\n";
    let bundle = mutate(&read(BUNDLE), after, "worker-multiplier", "worker-multiplyer");
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, after, "worker-multiplyer");
    let diagnostic = assert_only(&analysis, &["O010"], "O010", BUNDLE, line);
    assert_eq!(analysis.sources.slice(diagnostic.primary.span), "worker-multiplyer");
    assert_eq!(diagnostic.help.as_deref(), Some("did you mean `worker-multiplier`?"));
}

#[test]
fn a_misspelt_binding_is_an_unknown_binding_endpoint() {
    let after = "  nova-compute:\n";
    let bundle =
        mutate(&read(BUNDLE), after, "neutron-plugin: *data-space", "neutron-plugn: *data-space");
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, after, "neutron-plugn");
    let diagnostic = assert_only(&analysis, &["N050"], "N050", BUNDLE, line);
    assert_eq!(diagnostic.help.as_deref(), Some("did you mean `neutron-plugin`?"));
}

#[test]
fn binding_an_endpoint_the_charm_lacks_is_an_unknown_binding_endpoint() {
    let after = "  openstack-dashboard:\n";
    let from = "      public: *provider-space";
    let bundle =
        mutate(&read(BUNDLE), after, from, &format!("      internal: *metal-space\n{from}"));
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, after, "internal: *metal-space");
    let diagnostic = assert_only(&analysis, &["N050"], "N050", BUNDLE, line);
    assert!(diagnostic.help.as_deref().is_some_and(|help| help.contains("(`public`)")));
}

#[test]
fn a_principal_leaving_a_space_is_a_subordinate_space_mismatch() {
    let after = "  nova-compute:\n";
    let bundle =
        mutate(&read(BUNDLE), after, "neutron-plugin: *data-space", "neutron-plugin: *metal-space");
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    // Reported where the subordinate binds the space the principal left.
    let line = line_of(&bundle, "  ovn-chassis:\n", "data: *data-space");
    let diagnostic = assert_only(&analysis, &["N051"], "N051", BUNDLE, line);
    let principal_line = line_of(&bundle, after, "bindings:");
    let secondary = analysis.sources.start_line_col(diagnostic.secondary[0].span).line;
    assert_eq!(secondary, principal_line);
}

#[test]
fn units_on_a_subordinate_are_reported() {
    let after = "  keystone-hacluster:\n";
    let bundle = mutate(
        &read(BUNDLE),
        after,
        "    channel: 2.4/stable\n",
        "    channel: 2.4/stable\n    num_units: 1\n",
    );
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, after, "num_units: 1");
    assert_only(&analysis, &["S050"], "S050", BUNDLE, line);
}

#[test]
fn a_router_without_its_principal_is_an_orphan_subordinate() {
    let relation = "  - [glance:shared-db, glance-mysql-router:shared-db]\n";
    let bundle = mutate(&read(BUNDLE), relation, relation, "");
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, "applications:", "  glance-mysql-router:");
    // glance is left without its router too: R042 says so.
    assert_only(&analysis, &["R034", "R042"], "R034", BUNDLE, line);
}

#[test]
fn a_wrong_router_endpoint_is_a_role_mismatch() {
    let relation = "- [keystone:shared-db, keystone-mysql-router:shared-db]";
    let bundle = mutate(
        &read(BUNDLE),
        relation,
        "keystone-mysql-router:shared-db",
        "keystone-mysql-router:db-router",
    );
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, "- [keystone:shared-db, keystone-mysql-router:", "keystone:");
    let diagnostic = assert_only(&analysis, &["R032"], "R032", BUNDLE, line);
    assert_eq!(
        diagnostic.help.as_deref(),
        Some("did you mean `[keystone:shared-db, keystone-mysql-router:shared-db]`?")
    );
}

#[test]
fn dropping_both_endpoint_names_of_barbican_vault_is_ambiguous() {
    let relation = "- [barbican-vault:secrets-storage, vault:secrets]";
    let bundle = mutate(&read(BUNDLE), relation, relation, "- [barbican-vault, vault]");
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, "- [barbican-vault, vault]", "barbican-vault");
    let diagnostic = assert_only(&analysis, &["R031"], "R031", BUNDLE, line);
    let help = diagnostic.help.as_deref().unwrap_or_default();
    assert!(help.contains("`[barbican-vault:secrets-storage, vault:secrets]`"), "{help}");
    assert!(help.contains("`[barbican-vault:certificates, vault:certificates]`"), "{help}");
}

#[test]
fn an_unknown_charm_is_reported_once_as_info() {
    let after = "  octavia-dashboard:\n";
    let bundle =
        mutate(&read(BUNDLE), after, "charm: octavia-dashboard", "charm: octavia-dashbaord");
    let analysis = analyze_sample(&bundle, &read(OVERLAY), false);
    let line = line_of(&bundle, after, "octavia-dashbaord");
    let diagnostic = assert_only(&analysis, &[], "C010", BUNDLE, line);
    assert_eq!(diagnostic.severity, Severity::Info);
}
