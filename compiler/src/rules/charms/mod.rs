//! `C` rules: charms and channels, checked against the site policy's channel matrix and
//! its forbidden applications.

pub mod forbidden_application;
pub mod off_matrix_channel;
pub mod unknown_charm;
pub mod unpinned_channel;

use super::Rule;
use crate::ir::names::RISKS;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    // One rule per line, so that rules added on other branches merge cleanly.
    &unpinned_channel::RULE,
    &off_matrix_channel::RULE,
    &forbidden_application::RULE,
    &unknown_charm::RULE,
];

/// A channel as Juju normalises it: track (`None` for `latest`), risk, branch.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Channel<'a> {
    track: Option<&'a str>,
    risk: &'a str,
    branch: Option<&'a str>,
}

impl<'a> Channel<'a> {
    /// Parses `track`, `risk`, `track/risk`, `risk/branch` or `track/risk/branch` the way
    /// Juju does: a missing risk is `stable` and the `latest` track is no track. `None` when
    /// the text is not a channel.
    pub(crate) fn parse(text: &'a str) -> Option<Self> {
        let parts: Vec<&str> = text.trim().split('/').collect();
        if parts.iter().any(|part| part.is_empty()) {
            return None;
        }
        let is_risk = |part: &str| RISKS.contains(&part);
        let (track, risk, branch) = match parts.as_slice() {
            [risk] if is_risk(risk) => (None, *risk, None),
            [track] => (Some(*track), "stable", None),
            [risk, branch] if is_risk(risk) => (None, *risk, Some(*branch)),
            [track, risk] if is_risk(risk) => (Some(*track), *risk, None),
            [track, risk, branch] if is_risk(risk) => (Some(*track), *risk, Some(*branch)),
            _ => return None,
        };
        Some(Self { track: track.filter(|it| *it != "latest"), risk, branch })
    }
}

/// Whether two channels name the same thing for Juju (`2024.1` is `2024.1/stable`,
/// `stable` is `latest/stable`); text that is not a channel is compared as written.
pub(crate) fn same_channel(a: &str, b: &str) -> bool {
    match (Channel::parse(a), Channel::parse(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::same_channel;

    #[test]
    fn channels_compare_as_juju_normalises_them() {
        assert!(same_channel("2024.1/stable", "2024.1"));
        assert!(same_channel("latest/stable", "stable"));
        assert!(same_channel("latest/edge", "edge"));
        assert!(same_channel("edge/fix-1", "latest/edge/fix-1"));
        assert!(!same_channel("2024.1/stable", "2024.1/candidate"));
        assert!(!same_channel("2023.2/stable", "2024.1/stable"));
        assert!(!same_channel("2024.1/stable", "2024.1/stable/hotfix"));
        assert!(!same_channel("2024.1/stabel", "2024.1/stable"));
    }
}
