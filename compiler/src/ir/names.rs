//! Juju's name grammars: applications, endpoints, machines, charm URLs, series and bases.

use std::sync::LazyLock;

use regex::Regex;

/// Application, charm, SAAS, offer, storage and device names.
pub const APPLICATION: &str = "[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*";
/// Relation endpoint names.
pub const ENDPOINT: &str = "[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*";
/// Machine and unit numbers.
pub const NUMBER: &str = "(?:0|[1-9][0-9]*)";

fn anchored(pattern: &str) -> Regex {
    Regex::new(&format!("^(?:{pattern})$")).expect("the name grammars are valid regexes")
}

static APPLICATION_RE: LazyLock<Regex> = LazyLock::new(|| anchored(APPLICATION));
static ENDPOINT_RE: LazyLock<Regex> = LazyLock::new(|| anchored(ENDPOINT));
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| anchored(NUMBER));
static SERIES_RE: LazyLock<Regex> = LazyLock::new(|| anchored("[a-z]+(?:[a-z0-9]+)?"));

/// Whether `name` is a valid application (or charm, SAAS, offer, storage, device) name.
pub fn is_application_name(name: &str) -> bool {
    APPLICATION_RE.is_match(name)
}

/// Whether `name` is a valid endpoint name.
pub fn is_endpoint_name(name: &str) -> bool {
    ENDPOINT_RE.is_match(name)
}

/// Whether `id` is a valid top-level machine id: a number without leading zeros.
pub fn is_machine_id(id: &str) -> bool {
    NUMBER_RE.is_match(id)
}

/// Whether `series` passes Juju's series check (any lower-case word).
pub fn is_series(series: &str) -> bool {
    SERIES_RE.is_match(series)
}

/// The operating systems Juju knows in a base.
pub const KNOWN_OSES: &[&str] = &["ubuntu", "centos", "windows", "osx", "opensuse", "genericlinux"];

/// Why a base string does not parse, or `None` when it does.
pub fn base_problem(base: &str) -> Option<String> {
    let parts: Vec<&str> = base.split('@').collect();
    let [os, channel] = parts.as_slice() else {
        return Some("a base is `<os>@<version>`, with exactly one `@`".to_owned());
    };
    if !KNOWN_OSES.contains(os) {
        return Some(format!("`{os}` is not an operating system Juju knows"));
    }
    if let Some(problem) = channel_problem(channel) {
        return Some(problem);
    }
    None
}

/// Risks Juju accepts in a channel.
pub const RISKS: &[&str] = &["stable", "candidate", "beta", "edge"];

/// Why a channel string does not parse, or `None` when it does.
pub fn channel_problem(channel: &str) -> Option<String> {
    if channel.is_empty() {
        return Some("the channel is empty".to_owned());
    }
    let parts: Vec<&str> = channel.split('/').collect();
    if parts.iter().any(|part| part.is_empty()) {
        return Some("a channel has no empty parts".to_owned());
    }
    match parts.as_slice() {
        [_] => None,
        [_, risk] | [_, risk, _] if RISKS.contains(risk) => None,
        [risk, _] if RISKS.contains(risk) => None,
        [_, risk] | [_, risk, _] => {
            Some(format!("`{risk}` is not a risk (stable, candidate, beta, edge)"))
        }
        _ => Some("a channel has at most three parts: track/risk/branch".to_owned()),
    }
}

/// The charm's name in a charm reference: schema, revision suffix and path removed.
pub fn charm_name(charm: &str) -> &str {
    let without_schema = charm.split_once(':').map_or(charm, |(_, rest)| rest);
    let last = without_schema.rsplit('/').next().unwrap_or(without_schema);
    match last.rsplit_once('-') {
        Some((name, revision))
            if !revision.is_empty() && revision.bytes().all(|b| b.is_ascii_digit()) =>
        {
            name
        }
        _ => last,
    }
}

/// Whether the charm reference is a local path (starts with `.` or `/`, or uses `local:`).
pub fn is_local_charm(charm: &str) -> bool {
    charm.starts_with('.') || charm.starts_with('/') || charm.starts_with("local:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_names_need_a_letter_in_every_segment() {
        assert!(is_application_name("nova-compute"));
        assert!(is_application_name("ceph-osd"));
        assert!(!is_application_name("app-1"));
        assert!(!is_application_name("mysql_router"));
        assert!(!is_application_name("Keystone"));
    }

    #[test]
    fn machine_ids_have_no_leading_zeros() {
        assert!(is_machine_id("0"));
        assert!(is_machine_id("11"));
        assert!(!is_machine_id("08"));
        assert!(!is_machine_id("0/lxd/0"));
    }

    #[test]
    fn bases_and_channels() {
        assert_eq!(base_problem("ubuntu@22.04"), None);
        assert_eq!(base_problem("ubuntu@22.04/stable"), None);
        assert!(base_problem("ubuntu22.04").is_some());
        assert!(base_problem("plan9@1").is_some());
        assert_eq!(channel_problem("2024.1/stable"), None);
        assert_eq!(channel_problem("stable"), None);
        assert!(channel_problem("2024.1/stabel").is_some());
    }

    #[test]
    fn charm_names_drop_schema_revision_and_path() {
        assert_eq!(charm_name("ch:keystone"), "keystone");
        assert_eq!(charm_name("cs:~openstack-charmers/keystone-12"), "keystone");
        assert_eq!(charm_name("./charms/my-app"), "my-app");
        assert_eq!(charm_name("mysql-router"), "mysql-router");
    }
}
