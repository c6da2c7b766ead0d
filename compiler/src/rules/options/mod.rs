//! `O` rules: options and secrets.

pub mod option_type_mismatch;
pub mod unknown_option;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    // One rule per line, so that rules added on other branches merge cleanly.
    &unknown_option::RULE,
    &option_type_mismatch::RULE,
];
