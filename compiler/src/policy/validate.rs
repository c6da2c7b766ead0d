//! Checks a parsed policy for meaning (addresses parse, names refer to declared networks,
//! patterns compile, rule codes exist) and compiles it into lookups the rules use.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::ops::Range;

use globset::{Glob, GlobMatcher};
use ipnet::IpNet;

use super::{Loc, Policy, SeverityName, policy_diagnostic};
use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::{closest, registry};
use crate::source::{FileId, FileSpan, TextRange, to_u32};

/// An inclusive range of addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressRange {
    /// First address.
    pub first: IpAddr,
    /// Last address.
    pub last: IpAddr,
}

impl AddressRange {
    /// Whether `address` lies in the range (same family only).
    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.first, self.last, address) {
            (IpAddr::V4(first), IpAddr::V4(last), IpAddr::V4(it)) => first <= it && it <= last,
            (IpAddr::V6(first), IpAddr::V6(last), IpAddr::V6(it)) => first <= it && it <= last,
            _ => false,
        }
    }

    /// Every address of an IPv4 range in order; empty for IPv6.
    pub fn ipv4_addresses(&self) -> Vec<IpAddr> {
        match (self.first, self.last) {
            (IpAddr::V4(first), IpAddr::V4(last)) => {
                (u32::from(first)..=u32::from(last)).map(|it| IpAddr::V4(it.into())).collect()
            }
            _ => Vec::new(),
        }
    }
}

impl std::fmt::Display for AddressRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.first, self.last)
    }
}

/// A reserved address.
#[derive(Clone, Debug)]
pub struct Reserved {
    /// The address.
    pub address: IpAddr,
    /// What holds it, e.g. "MAAS controller".
    pub label: String,
    /// Where the policy writes it.
    pub span: Option<FileSpan>,
}

/// A network with its addresses parsed.
#[derive(Clone, Debug)]
pub struct NetworkInfo {
    /// Name.
    pub name: String,
    /// The network.
    pub net: IpNet,
    /// Reserved addresses.
    pub reserved: Vec<Reserved>,
    /// Where VIPs go.
    pub vip_range: Option<AddressRange>,
    /// Where the VIP range is written.
    pub vip_range_span: Option<FileSpan>,
    /// Ranges that must not hold a VIP.
    pub stale_ranges: Vec<(AddressRange, Option<FileSpan>)>,
}

/// A validated policy, ready for the rules.
#[derive(Clone, Debug, Default)]
pub struct ValidPolicy {
    /// The policy file, or `None` when no policy is in use.
    pub file: Option<FileId>,
    /// The policy as written.
    pub raw: Policy,
    /// Networks with parsed addresses.
    pub networks: Vec<NetworkInfo>,
    /// Codes of rules that do not run.
    pub disabled: HashSet<&'static str>,
    /// Severity overrides by code.
    pub severity: HashMap<&'static str, Severity>,
    forbidden_applications: Vec<(GlobMatcher, usize)>,
    forbidden_options: Vec<(GlobMatcher, usize)>,
    secret: Vec<(GlobMatcher, GlobMatcher)>,
}

impl ValidPolicy {
    /// The span in the policy file of a byte range serde reported.
    pub fn span(&self, range: Range<usize>) -> Option<FileSpan> {
        self.file
            .map(|file| FileSpan::new(file, TextRange::new(to_u32(range.start), to_u32(range.end))))
    }

    /// The span of a located value.
    pub fn span_of<T>(&self, value: &Loc<T>) -> Option<FileSpan> {
        self.span(value.span())
    }

    /// The network called `name`.
    pub fn network(&self, name: &str) -> Option<&NetworkInfo> {
        self.networks.iter().find(|network| network.name == name)
    }

    /// Whether the value of `option` of `application` is secret.
    pub fn is_secret(&self, application: &str, option: &str) -> bool {
        self.secret.iter().any(|(app, opt)| app.is_match(application) && opt.is_match(option))
    }

    /// Whether `option` is secret for some application, for text whose application is not
    /// known (a file that stopped parsing).
    pub fn may_be_secret(&self, option: &str) -> bool {
        self.secret.iter().any(|(_, opt)| opt.is_match(option))
    }

    /// The forbidden-application pattern `name` matches, if any.
    pub fn forbidden_application(&self, name: &str) -> Option<&Loc<String>> {
        self.forbidden_applications
            .iter()
            .find(|(matcher, _)| matcher.is_match(name))
            .and_then(|(_, idx)| self.raw.applications.forbidden.get(*idx))
    }

    /// The forbidden-option pattern `option` matches, if any.
    pub fn forbidden_option(&self, option: &str) -> Option<&Loc<String>> {
        self.forbidden_options
            .iter()
            .find(|(matcher, _)| matcher.is_match(option))
            .and_then(|(_, idx)| self.raw.options.forbidden.get(*idx))
    }
}

struct Validator {
    file: FileId,
    problems: Vec<Diagnostic>,
}

impl Validator {
    fn error<T>(&mut self, at: &Loc<T>, message: impl Into<String>) {
        let range = at.span();
        let span = FileSpan::new(self.file, TextRange::new(to_u32(range.start), to_u32(range.end)));
        self.problems.push(policy_diagnostic(span, message));
    }

    fn rule_code(&mut self, written: &Loc<String>) -> Option<&'static str> {
        let name = written.get();
        if let Some(rule) = registry::by_code(name).or_else(|| registry::by_name(name)) {
            return Some(rule.code);
        }
        let suggestion = closest(name, registry::all().map(|rule| rule.name))
            .map(|it| format!("; did you mean `{it}`?"))
            .unwrap_or_default();
        self.error(written, format!("no rule `{name}`{suggestion}"));
        None
    }

    fn glob(&mut self, written: &Loc<String>) -> Option<GlobMatcher> {
        match Glob::new(written.get()) {
            Ok(glob) => Some(glob.compile_matcher()),
            Err(err) => {
                self.error(written, format!("invalid pattern `{}`: {}", written.get(), err.kind()));
                None
            }
        }
    }

    fn address(&mut self, written: &Loc<String>, text: &str) -> Option<IpAddr> {
        match text.trim().parse() {
            Ok(address) => Some(address),
            Err(_) => {
                self.error(written, format!("`{text}` is not an IP address"));
                None
            }
        }
    }

    fn range(&mut self, written: &Loc<String>, net: IpNet) -> Option<AddressRange> {
        let Some((first, last)) = written.get().split_once('-') else {
            self.error(written, "a range is written `first-last`, e.g. `10.12.4.50-10.12.4.60`");
            return None;
        };
        let first = self.address(written, first)?;
        let last = self.address(written, last)?;
        let range = AddressRange { first, last };
        if !range.contains(first) || !range.contains(last) {
            self.error(written, format!("range `{}` ends before it starts", written.get()));
            return None;
        }
        if !net.contains(&first) || !net.contains(&last) {
            self.error(written, format!("range `{}` is not inside `{net}`", written.get()));
            return None;
        }
        Some(range)
    }
}

/// Validates `policy`, read from `file`.
pub(super) fn validate(policy: Policy, file: FileId) -> Result<ValidPolicy, Vec<Diagnostic>> {
    let mut validator = Validator { file, problems: Vec::new() };
    let mut valid = ValidPolicy { file: Some(file), ..ValidPolicy::default() };

    for written in &policy.rules.disable {
        if let Some(code) = validator.rule_code(written) {
            valid.disabled.insert(code);
        }
    }
    for (name, severity) in &policy.rules.severity {
        let key = Loc(toml::Spanned::new(severity.span(), name.clone()));
        if let Some(code) = validator.rule_code(&key) {
            let level = match severity.get() {
                SeverityName::Error => Severity::Error,
                SeverityName::Warning => Severity::Warning,
                SeverityName::Info => Severity::Info,
            };
            valid.severity.insert(code, level);
        }
    }

    let mut names = HashSet::new();
    for network in &policy.networks {
        if !names.insert(network.name.get().clone()) {
            validator.error(
                &network.name,
                format!("network `{}` is declared twice", network.name.get()),
            );
        }
        let Ok(net) = network.cidr.get().parse::<IpNet>() else {
            validator.error(
                &network.cidr,
                format!("`{}` is not a CIDR such as `10.12.4.0/22`", network.cidr.get()),
            );
            continue;
        };
        let mut reserved = Vec::new();
        for (address, label) in &network.reserved {
            let located = Loc(toml::Spanned::new(label.span(), address.clone()));
            if let Some(parsed) = validator.address(&located, address) {
                if !net.contains(&parsed) {
                    validator.error(
                        label,
                        format!("reserved address `{address}` is not inside `{net}`"),
                    );
                }
                reserved.push(Reserved {
                    address: parsed,
                    label: label.get().clone(),
                    span: valid.span_of(label),
                });
            }
        }
        let vip_range =
            network.vip_range.as_ref().and_then(|written| validator.range(written, net));
        let stale_ranges = network
            .stale_ranges
            .iter()
            .filter_map(|written| {
                validator.range(written, net).map(|range| (range, valid.span_of(written)))
            })
            .collect();
        valid.networks.push(NetworkInfo {
            name: network.name.get().clone(),
            net,
            reserved,
            vip_range,
            vip_range_span: network.vip_range.as_ref().and_then(|it| valid.span_of(it)),
            stale_ranges,
        });
    }
    let known_network =
        |name: &str| policy.networks.iter().any(|network| network.name.get() == name);
    if let Some(vips) = &policy.vips {
        for network in &vips.networks {
            if !known_network(network.get()) {
                validator
                    .error(network, format!("no network `{}` in `[[networks]]`", network.get()));
            }
        }
    }
    for network in policy.spaces.known.values().chain(policy.bridges.values()) {
        if !known_network(network.get()) {
            validator.error(network, format!("no network `{}` in `[[networks]]`", network.get()));
        }
    }
    for (network, nic) in &policy.nics {
        if !known_network(network) {
            validator.error(nic, format!("no network `{network}` in `[[networks]]`"));
        }
    }

    for (idx, pattern) in policy.applications.forbidden.iter().enumerate() {
        if let Some(matcher) = validator.glob(pattern) {
            valid.forbidden_applications.push((matcher, idx));
        }
    }
    for (idx, pattern) in policy.options.forbidden.iter().enumerate() {
        if let Some(matcher) = validator.glob(pattern) {
            valid.forbidden_options.push((matcher, idx));
        }
    }
    for pattern in &policy.options.secret {
        let Some((app, option)) = pattern.get().split_once('.') else {
            validator.error(
                pattern,
                "a secret is written `application.option`, e.g. `octavia.lb-mgmt-*`",
            );
            continue;
        };
        let app = Loc(toml::Spanned::new(pattern.span(), app.to_owned()));
        let option = Loc(toml::Spanned::new(pattern.span(), option.to_owned()));
        if let (Some(app), Some(option)) = (validator.glob(&app), validator.glob(&option)) {
            valid.secret.push((app, option));
        }
    }
    for required in &policy.relations.required {
        for endpoint in required.get() {
            if !endpoint.contains(':') {
                let at = Loc(toml::Spanned::new(required.span(), endpoint.clone()));
                validator.error(&at, format!("`{endpoint}` is not written `application:endpoint`"));
            }
        }
    }

    if validator.problems.is_empty() {
        valid.raw = policy;
        Ok(valid)
    } else {
        Err(validator.problems)
    }
}
