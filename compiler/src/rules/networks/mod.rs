//! `N` rules: networks, VIPs, spaces and NICs.
//!
//! The helpers here find every VIP of a bundle once, so that each VIP rule sees the same
//! addresses: the values of the options `[vips] options` names, split into addresses, each
//! with the exact span where it is written (inside the anchor when the value comes through
//! a YAML alias) and the network it belongs to. The i-th address of a value belongs to the
//! i-th network of `[vips] networks`; when the policy has no layout, or the value does not
//! follow it, an address belongs to the network whose CIDR holds it.
//!
//! Every rule here reads the bundle as deployed (overlays merged), so a value an overlay
//! replaces is not reported twice.

pub mod bridge_mappings_mismatch;
pub mod bridge_on_wrong_nic;
pub mod duplicate_vip;
pub mod malformed_vip;
pub mod subordinate_space_mismatch;
pub mod unbound_default_endpoint;
pub mod unknown_binding_endpoint;
pub mod unknown_space;
pub mod unpaired_vip_halves;
pub mod vip_count_mismatch;
pub mod vip_in_stale_range;
pub mod vip_on_reserved_address;
pub mod vip_on_unbound_network;
pub mod vip_outside_range;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use super::{Context, Rule};
use crate::diagnostics::Diagnostic;
use crate::ir::{Field, Value};
use crate::policy::ValidPolicy;
use crate::source::{FileSpan, TextRange, to_u32};

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    &vip_outside_range::RULE,
    &vip_in_stale_range::RULE,
    &vip_on_reserved_address::RULE,
    &duplicate_vip::RULE,
    &unpaired_vip_halves::RULE,
    &malformed_vip::RULE,
    &vip_count_mismatch::RULE,
    &vip_on_unbound_network::RULE,
    &unbound_default_endpoint::RULE,
    &unknown_space::RULE,
    &bridge_on_wrong_nic::RULE,
    &bridge_mappings_mismatch::RULE,
    &unknown_binding_endpoint::RULE,
    &subordinate_space_mismatch::RULE,
];

/// One whitespace-separated word of a VIP value: normally an address.
pub(crate) struct VipAddress {
    /// The word as written.
    pub(crate) text: String,
    /// The address, when the word is one.
    pub(crate) address: Option<IpAddr>,
    /// Its position in the value, from 0.
    pub(crate) position: usize,
    /// Where the word is written (the whole value when it cannot be told apart).
    pub(crate) span: FileSpan,
    /// The index in `ValidPolicy::networks` of the network it belongs to, if any.
    pub(crate) network: Option<usize>,
}

/// One VIP value: a VIP option of an application that is set and not empty.
pub(crate) struct Vip<'a> {
    /// The application.
    pub(crate) app: &'a str,
    /// The option, e.g. `vip`.
    pub(crate) option: &'a str,
    /// The option as set.
    pub(crate) field: &'a Field<Value>,
    /// Whether the policy marks the option secret: then no address may be printed.
    pub(crate) secret: bool,
    /// Its words, in order.
    pub(crate) addresses: Vec<VipAddress>,
    /// Whether the networks come from `[vips] networks`: the value has as many words as the
    /// layout has networks, and every word is an address.
    pub(crate) by_layout: bool,
}

impl Vip<'_> {
    /// The subject of a message about `address`: the address itself, or a neutral phrase
    /// when the option is secret.
    pub(crate) fn subject(&self, address: &VipAddress) -> String {
        if self.secret {
            format!("a VIP address of `{}`", self.app)
        } else {
            format!("VIP `{}` of `{}`", address.text, self.app)
        }
    }

    /// Adds a label where the application uses the value, when it came through an alias.
    pub(crate) fn with_use_site(&self, diagnostic: Diagnostic) -> Diagnostic {
        match self.field.value.alias {
            Some(alias) => diagnostic.with_label(alias, format!("used by `{}` here", self.app)),
            None => diagnostic,
        }
    }
}

/// The option names that hold VIPs: `[vips] options`, or `vip`.
pub(crate) fn vip_options(policy: &ValidPolicy) -> Vec<&str> {
    match &policy.raw.vips {
        Some(layout) => layout.options.iter().map(String::as_str).collect(),
        None => vec!["vip"],
    }
}

/// Whether the policy says anything about VIPs: networks or a `[vips]` table.
pub(crate) fn has_vip_policy(policy: &ValidPolicy) -> bool {
    !policy.networks.is_empty() || policy.raw.vips.is_some()
}

/// The name of network `idx` of the policy.
pub(crate) fn network_name(policy: &ValidPolicy, idx: usize) -> Option<&str> {
    policy.networks.get(idx).map(|network| network.name.as_str())
}

/// The network `idx` of the policy as an address block.
pub(crate) fn network_net(policy: &ValidPolicy, idx: usize) -> Option<IpNet> {
    policy.networks.get(idx).map(|network| network.net)
}

/// Every VIP value of the bundle, application by application, in the order of
/// `[vips] options`.
pub(crate) fn vips<'a>(ctx: &Context<'a>) -> Vec<Vip<'a>> {
    let policy = ctx.policy;
    let bundle = ctx.bundle;
    let layout: Vec<Option<usize>> = policy.raw.vips.as_ref().map_or_else(Vec::new, |vips| {
        vips.networks
            .iter()
            .map(|name| policy.networks.iter().position(|network| network.name == *name.get()))
            .collect()
    });
    let mut found = Vec::new();
    for (app, _, body) in bundle.apps() {
        let Some(options) = &body.options else { continue };
        for option in vip_options(policy) {
            let Some((option, field)) = options.get().get_key_value(option) else { continue };
            let Some(text) = value_text(field.get()) else { continue };
            let words = word_spans(field.value.span, ctx.text_of(field.value.span), &text);
            if words.is_empty() {
                continue;
            }
            let parsed: Vec<Option<IpAddr>> =
                words.iter().map(|(word, _)| word.parse().ok()).collect();
            let by_layout = !layout.is_empty()
                && words.len() == layout.len()
                && parsed.iter().all(Option::is_some);
            let addresses = words
                .into_iter()
                .zip(parsed)
                .enumerate()
                .map(|(position, ((text, span), address))| {
                    let network = if by_layout {
                        layout.get(position).copied().flatten()
                    } else {
                        address.and_then(|address| {
                            policy
                                .networks
                                .iter()
                                .position(|network| network.net.contains(&address))
                        })
                    };
                    VipAddress { text, address, position, span, network }
                })
                .collect();
            found.push(Vip {
                app,
                option: option.as_str(),
                field,
                secret: policy.is_secret(app, option),
                addresses,
                by_layout,
            });
        }
    }
    found
}

/// The text of a scalar option value; `None` for null and collections.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Str(text) => Some(text.text.clone()),
        Value::Int(number) => Some(number.to_string()),
        Value::Float(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Collection => None,
    }
}

/// Where an address stands against the site's networks, most specific problem first.
pub(crate) enum Standing<'p> {
    /// Nothing to report (or not an address at all).
    Fine,
    /// It is a reserved address of some network.
    Reserved {
        /// The network.
        network: &'p str,
        /// What holds the address.
        holder: &'p str,
        /// Where the policy reserves it.
        span: Option<FileSpan>,
    },
    /// It lies in a stale range of some network.
    Stale {
        /// The network.
        network: &'p str,
        /// The stale range.
        range: String,
        /// Where the policy writes the stale range.
        span: Option<FileSpan>,
        /// The network's VIP range, if it has one.
        vip_range: Option<String>,
    },
    /// The layout puts it on a network whose CIDR does not hold it.
    OffNetwork {
        /// The network the layout names.
        network: &'p str,
        /// Its CIDR.
        cidr: String,
    },
    /// No network of the site holds it.
    NoNetwork,
    /// It is on its network but outside that network's VIP range.
    OutsideRange {
        /// The network.
        network: &'p str,
        /// The VIP range.
        range: String,
        /// Where the policy writes the VIP range.
        span: Option<FileSpan>,
    },
}

/// Where `address` stands. A reserved address wins over a stale range, and both win over
/// the VIP range, so that each address gets one diagnostic from N001-N003.
pub(crate) fn standing<'p>(policy: &'p ValidPolicy, address: &VipAddress) -> Standing<'p> {
    let Some(ip) = address.address else { return Standing::Fine };
    for network in &policy.networks {
        if let Some(reserved) = network.reserved.iter().find(|it| it.address == ip) {
            return Standing::Reserved {
                network: &network.name,
                holder: &reserved.label,
                span: reserved.span,
            };
        }
    }
    for network in &policy.networks {
        if let Some((range, span)) = network.stale_ranges.iter().find(|(it, _)| it.contains(ip)) {
            return Standing::Stale {
                network: &network.name,
                range: range.to_string(),
                span: *span,
                vip_range: network.vip_range.map(|it| it.to_string()),
            };
        }
    }
    let Some(network) = address.network.and_then(|idx| policy.networks.get(idx)) else {
        return if policy.networks.is_empty() { Standing::Fine } else { Standing::NoNetwork };
    };
    if !network.net.contains(&ip) {
        return Standing::OffNetwork { network: &network.name, cidr: network.net.to_string() };
    }
    match network.vip_range {
        Some(range) if !range.contains(ip) => Standing::OutsideRange {
            network: &network.name,
            range: range.to_string(),
            span: network.vip_range_span,
        },
        _ => Standing::Fine,
    }
}

/// The bits of `address` that lie outside the prefix of `net`.
pub(crate) fn host_part(net: IpNet, address: IpAddr) -> u128 {
    bits(address) & bits(net.hostmask())
}

/// The address of `net` whose host part is `host`, if the families agree.
pub(crate) fn with_host_part(net: IpNet, host: u128) -> Option<IpAddr> {
    let value = bits(net.network()) | (host & bits(net.hostmask()));
    match net {
        IpNet::V4(_) => u32::try_from(value).ok().map(|it| IpAddr::V4(Ipv4Addr::from(it))),
        IpNet::V6(_) => Some(IpAddr::V6(Ipv6Addr::from(value))),
    }
}

fn bits(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(it) => u128::from(u32::from(it)),
        IpAddr::V6(it) => u128::from(it),
    }
}

/// The whitespace-separated words of `text`, each with its byte offset.
pub(crate) fn words(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = None;
    for (idx, ch) in text.char_indices() {
        match (ch.is_whitespace(), start) {
            (true, Some(from)) => {
                found.extend(text.get(from..idx).map(|word| (from, word)));
                start = None;
            }
            (false, None) => start = Some(idx),
            _ => {}
        }
    }
    if let Some(from) = start {
        found.extend(text.get(from..).map(|word| (from, word)));
    }
    found
}

/// The words of a value whose text is `text`, written at `span` of a file whose text is
/// `source`, each with the span where it is written. A word's span is exact when the raw
/// source holds it verbatim (plain or quoted without escapes); otherwise it is the whole
/// value.
pub(crate) fn word_spans(span: FileSpan, source: &str, text: &str) -> Vec<(String, FileSpan)> {
    let raw = source.get(span.range.to_usize()).unwrap_or("");
    let at = |offset: usize, len: usize| {
        let start = span.range.start + to_u32(offset);
        FileSpan::new(span.file, TextRange::new(start, start + to_u32(len)))
    };
    let whole = (!text.is_empty()).then(|| raw.find(text)).flatten();
    let mut cursor = 0;
    words(text)
        .into_iter()
        .map(|(offset, word)| {
            let located = match whole {
                Some(base) => Some(at(base + offset, word.len())),
                None => raw.get(cursor..).and_then(|rest| rest.find(word)).map(|found| {
                    cursor += found + word.len();
                    at(cursor - word.len(), word.len())
                }),
            };
            (word.to_owned(), located.unwrap_or(span))
        })
        .collect()
}

/// The span of bytes `from..from + len` of a word written at `span`, when the span holds
/// the word exactly (`word_len` bytes); otherwise `span` itself.
pub(crate) fn part_of(span: FileSpan, word_len: usize, from: usize, len: usize) -> FileSpan {
    if span.range.len() as usize != word_len {
        return span;
    }
    let start = span.range.start + to_u32(from);
    FileSpan::new(span.file, TextRange::new(start, start + to_u32(len)))
}

/// One `left:right` pair of a mapping option such as `bridge-interface-mappings`
/// (`bridge:interface`) or `ovn-bridge-mappings` (`physnet:bridge`).
pub(crate) struct Pair {
    /// The part before the first colon.
    pub(crate) left: String,
    /// The part after the first colon (an interface may be a MAC address, with colons).
    pub(crate) right: String,
    /// Where the left part is written.
    pub(crate) left_span: FileSpan,
    /// Where the right part is written.
    pub(crate) right_span: FileSpan,
}

/// The pairs of a mapping option value: space-separated, each split at its first colon.
/// Words without a colon are left out.
pub(crate) fn pairs(ctx: &Context<'_>, field: &Field<Value>) -> Vec<Pair> {
    let Value::Str(value) = field.get() else { return Vec::new() };
    let span = field.value.span;
    word_spans(span, ctx.text_of(span), &value.text)
        .into_iter()
        .filter_map(|(word, word_span)| {
            let (left, right) = word.split_once(':')?;
            Some(Pair {
                left_span: part_of(word_span, word.len(), 0, left.len()),
                right_span: part_of(word_span, word.len(), left.len() + 1, right.len()),
                left: left.to_owned(),
                right: right.to_owned(),
            })
        })
        .collect()
}

/// Whether `text` is a MAC address such as `52:54:00:12:34:56`.
pub(crate) fn is_mac(text: &str) -> bool {
    let groups: Vec<&str> = text.split(':').collect();
    groups.len() == 6
        && groups
            .iter()
            .all(|group| group.len() == 2 && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// "1 address", "2 addresses".
pub(crate) fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 { format!("1 {one}") } else { format!("{count} {many}") }
}

/// Names in backticks joined with commas: "`a`, `b`".
pub(crate) fn backticked<'n>(names: impl IntoIterator<Item = &'n str>) -> String {
    names.into_iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::check::{Input, PolicyChoice, analyze, analyze_texts};
    use crate::source::{FileId, MemoryProvider};

    const SITE: &str = r#"
[[networks]]
name = "provider"
cidr = "10.12.4.0/22"
vip-range = "10.12.4.50-10.12.4.60"
stale-ranges = ["10.12.4.10-10.12.4.20"]

[[networks]]
name = "metal"
cidr = "10.12.8.0/22"
vip-range = "10.12.8.50-10.12.8.60"
[networks.reserved]
"10.12.8.10" = "MAAS controller"

[vips]
networks = ["provider", "metal"]
paired-host-part = true
count = 1

[spaces.known]
metal = "metal"

[options]
secret = ["*.vip"]
"#;

    /// Bundle with VIPs that break every VIP rule at once.
    const BROKEN_VIPS: &str = "applications:
  keystone:
    charm: keystone
    options:
      vip: 10.12.4.15 10.12.8.10
    bindings:
      \"\": metal
  glance:
    charm: glance
    options:
      vip: 10.12.4.15 10.12.8.99 10.12.8.5x
";

    #[test]
    fn secret_vip_values_appear_in_no_message_label_note_or_help() {
        let mut provider = MemoryProvider::new();
        provider.insert("bundle.yaml", BROKEN_VIPS);
        provider.insert("bundlec.toml", SITE);
        let input = Input {
            bundle: PathBuf::from("bundle.yaml"),
            overlays: Vec::new(),
            policy: PolicyChoice::File(PathBuf::from("bundlec.toml")),
            charm_dirs: Vec::new(),
        };
        let analysis = analyze(&provider, &input).unwrap();
        let mut codes: Vec<&str> = analysis
            .diagnostics
            .iter()
            .map(|it| it.code)
            .filter(|code| code.starts_with('N'))
            .collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes, ["N001", "N002", "N003", "N004", "N005", "N006", "N007", "N008"]);
        for diagnostic in &analysis.diagnostics {
            let mut texts = vec![diagnostic.message.clone(), diagnostic.primary.message.clone()];
            texts.extend(diagnostic.secondary.iter().map(|it| it.message.clone()));
            texts.extend(diagnostic.notes.iter().cloned());
            texts.extend(diagnostic.help.iter().cloned());
            for text in texts {
                for secret in ["10.12.4.15", "10.12.8.10", "10.12.8.99", "10.12.8.5x", "10.12.8.15"]
                {
                    assert!(!text.contains(secret), "{}: {text}", diagnostic.code);
                }
            }
        }
    }

    #[test]
    fn without_a_policy_only_the_charm_level_bridge_check_runs() {
        let bundle = format!(
            "{BROKEN_VIPS}  ovn-chassis:
    charm: ovn-chassis
    options:
      bridge-interface-mappings: br-ex:enp9s0
"
        );
        let codes: Vec<&str> = analyze_texts(&bundle, &[])
            .diagnostics
            .iter()
            .map(|it| it.code)
            .filter(|code| code.starts_with('N'))
            .collect();
        assert_eq!(codes, ["N012"]);
    }

    /// The words of the value after `key: ` in `source`, as their spans show them.
    fn written_words(source: &str, text: &str) -> Vec<String> {
        let start = source.find(": ").map_or(0, |it| it + 2);
        let span = FileSpan::new(FileId(0), TextRange::new(to_u32(start), to_u32(source.len())));
        word_spans(span, source, text)
            .into_iter()
            .map(|(_, span)| source[span.range.to_usize()].to_owned())
            .collect()
    }

    #[test]
    fn words_of_quoted_and_plain_values_get_exact_spans() {
        let text = "10.12.4.52 10.12.8.52";
        assert_eq!(
            written_words("vip: \"10.12.4.52 10.12.8.52\"", text),
            ["10.12.4.52", "10.12.8.52"]
        );
        assert_eq!(
            written_words("vip: '10.12.4.52 10.12.8.52'", text),
            ["10.12.4.52", "10.12.8.52"]
        );
        assert_eq!(written_words("vip: 10.12.4.52 10.12.8.52", text), ["10.12.4.52", "10.12.8.52"]);
    }

    #[test]
    fn words_of_a_folded_value_are_found_one_by_one() {
        let source = "vip: >-\n  10.12.4.52\n  10.12.8.52\n";
        assert_eq!(written_words(source, "10.12.4.52 10.12.8.52"), ["10.12.4.52", "10.12.8.52"]);
    }

    #[test]
    fn a_word_that_is_not_written_verbatim_points_at_the_whole_value() {
        let source = "vip: \"10.12.4.\\x35\"";
        assert_eq!(written_words(source, "10.12.4.5"), ["\"10.12.4.\\x35\""]);
    }

    #[test]
    fn host_parts_follow_the_prefix_not_the_last_octet() {
        let provider: IpNet = "10.12.4.0/22".parse().unwrap();
        let metal: IpNet = "10.12.8.0/22".parse().unwrap();
        let host = host_part(provider, "10.12.5.52".parse().unwrap());
        assert_eq!(host, host_part(metal, "10.12.9.52".parse().unwrap()));
        assert_ne!(host, host_part(metal, "10.12.8.52".parse().unwrap()));
        assert_eq!(with_host_part(metal, host), Some("10.12.9.52".parse().unwrap()));
    }

    #[test]
    fn mac_addresses_are_told_apart_from_interface_names() {
        assert!(is_mac("52:54:00:AB:cd:01"));
        assert!(!is_mac("enp8s0"));
        assert!(!is_mac("52:54:00:ab:cd"));
    }
}
