//! # O021 cluster-count-mismatch
//!
//! ## What it checks
//! An hacluster subordinate whose `cluster_count` differs from the number of units of the
//! principal it is related to on `ha`, in the merged bundle. An unset `cluster_count`
//! counts as the charm's default from the catalog (3 for `hacluster`). Principals without
//! `num_units` (or `scale`), or with 0 units, are skipped: they deploy no units for the
//! cluster to wait for.
//!
//! ## Why it matters
//! hacluster waits until `cluster_count` units have joined before it starts pacemaker. With
//! fewer principal units than that, the cluster never forms: the VIP is never brought up
//! and the units keep waiting for peers. With more, the cluster forms before every unit is
//! in it. A cluster of fewer than 3 runs with quorum ignored, so it cannot protect itself
//! against a split brain: acceptable for a test cloud, worth knowing elsewhere.
//!
//! ## Example
//! Flagged (3 by default, 1 unit):
//! ```yaml
//! applications:
//!   keystone: {charm: keystone, num_units: 1, options: {vip: 10.12.4.50}}
//!   keystone-hacluster: {charm: hacluster}
//! relations:
//! - [keystone:ha, keystone-hacluster:ha]
//! ```
//! Accepted:
//! ```yaml
//!   keystone-hacluster: {charm: hacluster, options: {cluster_count: 1}}
//! ```
//!
//! ## Fix
//! None yet. Setting `cluster_count` to the unit count would be safe for the file, but
//! it is unsafe to apply automatically: the right answer may be to add units instead.
//!
//! ## Policy
//! None: the rule reads the bundle and the charm catalog only. Warning by default.

use super::super::relations::links::{ha_principals, is_hacluster, links};
use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::catalog::DefaultValue;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Value;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O021",
    name: "cluster-count-mismatch",
    family: Family::Options,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where a cluster size comes from.
pub enum Count {
    /// Written at the span.
    Set(FileSpan),
    /// The charm's default; the hacluster application's name is at the span.
    Default(FileSpan),
}

/// The diagnostic for `hacluster` with cluster size `size` (from `count`), related to
/// `principal`, which has `units` units counted at `units_at`.
pub fn diagnostic(
    hacluster: &str,
    size: i64,
    count: &Count,
    principal: &str,
    units: i64,
    units_at: FileSpan,
) -> Diagnostic {
    let unit_word = if units == 1 { "unit" } else { "units" };
    let (span, label) = match count {
        Count::Set(span) => (*span, format!("`cluster_count` is {size}")),
        Count::Default(span) => (*span, format!("`cluster_count` left at its default {size}")),
    };
    let mut diagnostic = RULE
        .diagnostic(
            format!("`{hacluster}` expects {size} units but `{principal}` has {units}"),
            span,
            label,
        )
        .with_label(units_at, format!("`{principal}` has {units} {unit_word}"));
    diagnostic = if size > units {
        diagnostic.with_note("hacluster waits for `cluster_count` units before it starts pacemaker: with fewer, the cluster never forms and the VIP is never brought up")
    } else {
        diagnostic.with_note(
            "hacluster forms the cluster once `cluster_count` units have joined, before the others",
        )
    };
    if units < 3 {
        diagnostic = diagnostic
            .with_note("a cluster of fewer than 3 units runs with quorum ignored and cannot guard against a split brain");
    }
    diagnostic.with_help(format!(
        "set `cluster_count: {units}` on `{hacluster}`, or give `{principal}` {size} units"
    ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    let links = links(ctx);
    for (hacluster, slot, app) in ctx.bundle.apps() {
        if !is_hacluster(ctx, hacluster) {
            continue;
        }
        let (size, count) = match app.option("cluster_count") {
            Some(field) => match field.get() {
                Value::Int(size) => (*size, Count::Set(field.value.use_site())),
                _ => continue,
            },
            None => {
                let default = ctx
                    .charm_of(app)
                    .and_then(|charm| charm.option("cluster_count"))
                    .and_then(|option| option.default.as_ref());
                let Some(DefaultValue::Int(size)) = default else { continue };
                (*size, Count::Default(slot.name.span))
            }
        };
        let mut seen = Vec::new();
        for (principal_end, _) in ha_principals(ctx, &links, hacluster) {
            let principal = principal_end.application.as_str();
            if seen.contains(&principal) {
                continue;
            }
            seen.push(principal);
            let Some(principal_app) = ctx.bundle.app(principal) else { continue };
            let Some(units) = principal_app.num_units.as_ref().or(principal_app.scale.as_ref())
            else {
                continue;
            };
            let count_of_units = *units.get();
            if count_of_units != 0 && count_of_units != size {
                out.push(diagnostic(
                    hacluster,
                    size,
                    &count,
                    principal,
                    count_of_units,
                    units.value.use_site(),
                ));
            }
        }
    }
}
