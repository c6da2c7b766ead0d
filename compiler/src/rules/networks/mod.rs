//! `N` rules: networks, spaces and VIPs.

pub mod subordinate_space_mismatch;
pub mod unknown_binding_endpoint;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    // One rule per line, so that rules added on other branches merge cleanly.
    &unknown_binding_endpoint::RULE,
    &subordinate_space_mismatch::RULE,
];
