//! `R` rules: relations.

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[];
