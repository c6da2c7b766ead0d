//! Tests of loading and validating `bundlec.toml`.

use std::sync::Arc;

use super::*;
use crate::source::{MemoryProvider, SourceDb};

fn load(text: &str) -> Result<ValidPolicy, Vec<Diagnostic>> {
    let mut sources = SourceDb::new();
    let file = sources.add("bundlec.toml".into(), Arc::from(text));
    parse(&sources, file)
}

fn first_error(text: &str) -> (String, String) {
    let problems = load(text).expect_err("the policy is invalid");
    let problem = &problems[0];
    let range = problem.primary.span.range.to_usize();
    (problem.message.clone(), text[range].to_owned())
}

#[test]
fn an_empty_policy_is_valid() {
    let policy = load("").unwrap();
    assert!(policy.networks.is_empty());
}

#[test]
fn unknown_keys_point_at_the_key() {
    let (message, at) = first_error("[counts]\napplications = 50\nrelatoins = 97\n");
    assert!(message.contains("unknown field `relatoins`"), "{message}");
    assert_eq!(at, "relatoins");
}

#[test]
fn wrong_types_point_at_the_value() {
    let (message, at) = first_error("[counts]\napplications = \"fifty\"\n");
    assert!(message.contains("invalid type"), "{message}");
    assert_eq!(at, "\"fifty\"");
}

#[test]
fn bad_addresses_and_ranges_point_at_their_text() {
    let text = "[[networks]]\nname = \"metal\"\ncidr = \"10.12.8.0/22\"\nvip-range = \"10.12.4.50-10.12.4.60\"\n";
    let (message, at) = first_error(text);
    assert!(message.contains("not inside `10.12.8.0/22`"), "{message}");
    assert_eq!(at, "\"10.12.4.50-10.12.4.60\"");
    let (message, _) = first_error("[[networks]]\nname = \"x\"\ncidr = \"10.0.0.0/33\"\n");
    assert!(message.contains("not a CIDR"), "{message}");
}

#[test]
fn unknown_rule_codes_suggest_a_name() {
    let (message, at) = first_error("[rules]\ndisable = [\"duplicate-keys\"]\n");
    assert_eq!(message, "no rule `duplicate-keys`; did you mean `duplicate-key`?");
    assert_eq!(at, "\"duplicate-keys\"");
}

#[test]
fn references_to_undeclared_networks_are_errors() {
    let (message, at) = first_error("[vips]\nnetworks = [\"provider\"]\n");
    assert_eq!(message, "no network `provider` in `[[networks]]`");
    assert_eq!(at, "\"provider\"");
}

#[test]
fn secrets_match_application_and_option_patterns() {
    let policy = load("[options]\nsecret = [\"octavia.lb-mgmt-*\"]\n").unwrap();
    assert!(policy.is_secret("octavia", "lb-mgmt-issuing-ca-private-key"));
    assert!(!policy.is_secret("octavia", "vip"));
    assert!(!policy.is_secret("keystone", "lb-mgmt-issuing-ca-private-key"));
}

#[test]
fn discovery_walks_up_from_the_bundle() {
    let mut provider = MemoryProvider::new();
    provider.insert("site/bundlec.toml", "");
    provider.insert("site/deploy/bundle.yaml", "applications: {}");
    let found = discover(&provider, std::path::Path::new("site/deploy/bundle.yaml"));
    assert_eq!(found.as_deref(), Some(std::path::Path::new("site/bundlec.toml")));
    let none = discover(&MemoryProvider::new(), std::path::Path::new("a/bundle.yaml"));
    assert_eq!(none, None);
}

#[test]
fn discovery_climbs_past_the_working_directory_but_never_beside_the_bundle() {
    // Run from a subdirectory of the site: the policy two levels up is found.
    let mut provider = MemoryProvider::new();
    provider.insert("../../bundlec.toml", "");
    let found = discover(&provider, std::path::Path::new("bundle.yaml"));
    assert_eq!(found.as_deref(), Some(std::path::Path::new("../../bundlec.toml")));
    // A bundle in a sibling directory: the working directory is not its ancestor.
    let mut provider = MemoryProvider::new();
    provider.insert("bundlec.toml", "");
    provider.insert("../bundlec.toml", "");
    let found = discover(&provider, std::path::Path::new("../site/bundle.yaml"));
    assert_eq!(found.as_deref(), Some(std::path::Path::new("../bundlec.toml")));
    let mut provider = MemoryProvider::new();
    provider.insert("bundlec.toml", "");
    assert_eq!(discover(&provider, std::path::Path::new("../site/bundle.yaml")), None);
    // `a/../b` is `b`.
    let mut provider = MemoryProvider::new();
    provider.insert("b/bundlec.toml", "");
    let found = discover(&provider, std::path::Path::new("a/../b/bundle.yaml"));
    assert_eq!(found.as_deref(), Some(std::path::Path::new("b/bundlec.toml")));
}
