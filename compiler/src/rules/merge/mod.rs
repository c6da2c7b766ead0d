//! `M` rules: merging overlays and resolving includes.

pub mod application_without_body;
pub mod delete_unknown_application;
pub mod empty_bundle;
pub mod empty_overlay_application;
pub mod ignored_overlay_field;
pub mod include_not_found;
pub mod include_outside_options;
pub mod null_option_unsets;
pub mod overlay_only_field;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    &empty_bundle::RULE,
    &overlay_only_field::RULE,
    &application_without_body::RULE,
    &include_not_found::RULE,
    &delete_unknown_application::RULE,
    &empty_overlay_application::RULE,
    &ignored_overlay_field::RULE,
    &null_option_unsets::RULE,
    &include_outside_options::RULE,
];
