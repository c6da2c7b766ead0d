//! `S` rules: YAML and document structure, and Juju's own checks of bundle values.

pub mod charm_url_series_mismatch;
pub mod duplicate_key;
pub mod expose_with_exposed_endpoints;
pub mod image_id_in_base_bundle;
pub mod image_id_without_base;
pub mod invalid_application_name;
pub mod invalid_base;
pub mod invalid_bundle_type;
pub mod invalid_charm_url;
pub mod invalid_constraints;
pub mod invalid_device;
pub mod invalid_expose_cidr;
pub mod invalid_offer;
pub mod invalid_offer_url;
pub mod invalid_resource;
pub mod invalid_saas_name;
pub mod invalid_series;
pub mod invalid_storage;
pub mod juju_values;
pub mod local_charm_not_found;
pub mod machines_in_kubernetes_bundle;
pub mod metadata_field;
pub mod missing_charm;
pub mod negative_revision;
pub mod negative_unit_count;
pub mod no_applications;
pub mod placement_and_to;
pub mod placement_outside_kubernetes;
pub mod revision_in_charm_url;
pub mod revision_without_channel;
pub mod saas_name_conflict;
pub mod scale_and_num_units;
pub mod series_base_mismatch;
pub mod subordinate_with_units;
pub mod trust_required;
pub mod type_mismatch;
pub mod unknown_field;
pub mod unknown_series;
pub mod yaml_syntax_error;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    &yaml_syntax_error::RULE,
    &duplicate_key::RULE,
    &unknown_field::RULE,
    &metadata_field::RULE,
    &type_mismatch::RULE,
    &invalid_bundle_type::RULE,
    &machines_in_kubernetes_bundle::RULE,
    &invalid_series::RULE,
    &invalid_base::RULE,
    &series_base_mismatch::RULE,
    &saas_name_conflict::RULE,
    &invalid_saas_name::RULE,
    &invalid_offer_url::RULE,
    &no_applications::RULE,
    &missing_charm::RULE,
    &local_charm_not_found::RULE,
    &invalid_charm_url::RULE,
    &revision_in_charm_url::RULE,
    &revision_without_channel::RULE,
    &negative_revision::RULE,
    &charm_url_series_mismatch::RULE,
    &invalid_constraints::RULE,
    &image_id_in_base_bundle::RULE,
    &invalid_storage::RULE,
    &invalid_device::RULE,
    &invalid_offer::RULE,
    &invalid_resource::RULE,
    &negative_unit_count::RULE,
    &expose_with_exposed_endpoints::RULE,
    &invalid_expose_cidr::RULE,
    &scale_and_num_units::RULE,
    &placement_outside_kubernetes::RULE,
    &placement_and_to::RULE,
    &invalid_application_name::RULE,
    &trust_required::RULE,
    &image_id_without_base::RULE,
    &unknown_series::RULE,
    &subordinate_with_units::RULE,
];
