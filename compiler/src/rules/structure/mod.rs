//! `S` rules: YAML and document structure.

pub mod duplicate_key;
pub mod metadata_field;
pub mod subordinate_with_units;
pub mod type_mismatch;
pub mod unknown_field;
pub mod yaml_syntax_error;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    &yaml_syntax_error::RULE,
    &duplicate_key::RULE,
    &unknown_field::RULE,
    &metadata_field::RULE,
    &type_mismatch::RULE,
    &subordinate_with_units::RULE,
];
