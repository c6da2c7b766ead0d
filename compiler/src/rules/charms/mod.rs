//! `C` rules: charms and channels.

pub mod unknown_charm;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    // One rule per line, so that rules added on other branches merge cleanly.
    &unknown_charm::RULE,
];
