//! `R` rules: relations.

pub mod ambiguous_relation_application;
pub mod certificates_not_from_vault;
pub mod duplicate_relation;
pub mod forbidden_relation;
pub mod hacluster_without_vip;
pub mod interface_mismatch;
pub mod invalid_endpoint;
pub(crate) mod links;
pub mod missing_mysql_router;
pub mod missing_required_relation;
pub mod orphan_subordinate;
pub mod relation_not_a_pair;
pub mod relation_role_mismatch;
pub mod self_relation;
pub mod shared_mysql_router;
pub mod undefined_endpoint;
pub mod undefined_relation_application;
pub mod unnamed_endpoint;
pub mod unresolved_endpoint;
pub mod vip_without_hacluster;

use super::{Context, Rule};
use crate::ir::relation::Endpoint;
use crate::ir::{Relation, Spanned};

/// The family's rules, in code order.
pub(crate) static RULES: &[&Rule] = &[
    &relation_not_a_pair::RULE,
    &invalid_endpoint::RULE,
    &undefined_relation_application::RULE,
    &ambiguous_relation_application::RULE,
    &self_relation::RULE,
    &duplicate_relation::RULE,
    &unnamed_endpoint::RULE,
    &missing_required_relation::RULE,
    &forbidden_relation::RULE,
    &vip_without_hacluster::RULE,
    &hacluster_without_vip::RULE,
    &missing_mysql_router::RULE,
    &shared_mysql_router::RULE,
    &certificates_not_from_vault::RULE,
    &undefined_endpoint::RULE,
    &unresolved_endpoint::RULE,
    &relation_role_mismatch::RULE,
    &interface_mismatch::RULE,
    &orphan_subordinate::RULE,
];

/// One end of a two-endpoint relation: the string as written and, when it fits Juju's
/// grammar, its parts.
pub(crate) struct End<'a> {
    /// The endpoint string.
    pub(crate) written: &'a Spanned<String>,
    /// Its parts; `None` when the string is not `app` or `app:endpoint`.
    pub(crate) parsed: Option<Endpoint>,
}

/// A relation item with exactly two endpoints, the only shape Juju looks into further.
pub(crate) struct Pair<'a> {
    /// The item.
    pub(crate) relation: &'a Relation,
    /// Its two ends, in written order.
    pub(crate) ends: [End<'a>; 2],
}

impl Pair<'_> {
    /// Both ends parsed, when both fit the grammar; Juju checks a relation no further
    /// than its endpoints' existence when either does not.
    pub(crate) fn parsed(&self) -> Option<[&Endpoint; 2]> {
        let [first, second] = &self.ends;
        Some([first.parsed.as_ref()?, second.parsed.as_ref()?])
    }
}

/// Every relation of the bundle that has exactly two endpoints, in order.
pub(crate) fn pairs<'a>(ctx: &Context<'a>) -> Vec<Pair<'a>> {
    ctx.bundle
        .relations
        .iter()
        .filter_map(|relation| {
            let [first, second] = relation.endpoints.as_slice() else {
                return None;
            };
            let end = |written: &'a Spanned<String>| End {
                written,
                parsed: Endpoint::parse(written, ctx.text_of(written.span)),
            };
            Some(Pair { relation, ends: [end(first), end(second)] })
        })
        .collect()
}
