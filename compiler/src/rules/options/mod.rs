//! `O` rules: options and secrets.

pub mod cluster_count_mismatch;
pub mod octavia_pki_incomplete;
pub mod policyd_override_without_resource;
pub mod vip_with_dns_ha;

use super::Rule;

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    &vip_with_dns_ha::RULE,
    &cluster_count_mismatch::RULE,
    &policyd_override_without_resource::RULE,
    &octavia_pki_incomplete::RULE,
];
