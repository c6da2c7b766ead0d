//! `R` rules: relations.

pub mod forbidden_relation;
pub mod missing_required_relation;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[&missing_required_relation::RULE, &forbidden_relation::RULE];
