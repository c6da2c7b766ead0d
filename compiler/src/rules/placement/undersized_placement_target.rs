//! # P010 undersized-placement-target
//!
//! ## What it checks
//! An application placed "next to" another one by name (`to: [ceph-osd]` or
//! `to: ["lxd:ceph-osd"]`) with more units than the target application has.
//!
//! A directive without a unit number puts each unit next to a different unit of the
//! target. The last directive of a shorter `to:` list is repeated for the remaining units
//! when it names an application (or is `new`), so `num_units: 3` with
//! `to: ["lxd:ceph-mon"]` needs three `ceph-mon` units.
//!
//! ## Why it matters
//! Juju does not refuse the bundle. When the target's units run out, it puts each
//! remaining unit on a brand-new machine, without the container the directive asked for
//! and without a word: the deployment asks for more hardware than planned, and the
//! service lands where it was not meant to be.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! ceph-mon:
//!   charm: ceph-mon
//!   num_units: 2
//!   to: ["lxd:0", "lxd:1"]
//! ceph-radosgw:
//!   charm: ceph-radosgw
//!   num_units: 3
//!   to: ["lxd:ceph-mon"]
//! ```
//! Accepted: `ceph-mon` with `num_units: 3` on three machines, or `ceph-radosgw` with
//! `num_units: 2`.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Warning by default: Juju deploys, but not what the bundle describes.
//! bundlec assumes a new, empty model; units that already exist in the model are not
//! counted.

use std::collections::BTreeMap;

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::{unit_count, units_field, units_phrase};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::placement::{Placement, Target};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P010",
    name: "undersized-placement-target",
    family: Family::Placement,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// An application placed next to `target` more often than `target` has units.
pub struct Shortfall<'a> {
    /// The application placed.
    pub app: &'a str,
    /// The application it is placed next to.
    pub target: &'a str,
    /// How many units of `app` ask for a unit of `target`.
    pub wanted: u64,
    /// How many units `target` deploys.
    pub available: u64,
    /// The directive at which the target's units run out.
    pub directive: FileSpan,
    /// Whether that directive is the last one, repeated for the units after the list.
    pub repeated: bool,
    /// The container type the directive asks for, if any.
    pub container: Option<&'a str>,
    /// Where the target's unit count is written, if it is.
    pub target_units: Option<FileSpan>,
}

/// The diagnostic for `shortfall`.
pub fn diagnostic(shortfall: &Shortfall<'_>) -> Diagnostic {
    let Shortfall { app, target, wanted, available, directive, repeated, container, target_units } =
        *shortfall;
    let surplus = wanted - available.min(wanted);
    let label = if repeated {
        format!("repeated for the units of `{app}` beyond the `to:` list")
    } else {
        format!("no unit of `{target}` is left for this unit")
    };
    let landing = match container {
        Some(container) => format!("on new machines, not in `{container}` containers"),
        None => "on new machines".to_owned(),
    };
    let mut diagnostic = RULE.diagnostic(
        format!(
            "`{app}` places {} next to `{target}`, which deploys only {}",
            units_phrase(wanted),
            units_phrase(available)
        ),
        directive,
        label,
    );
    if let Some(span) = target_units {
        diagnostic =
            diagnostic.with_label(span, format!("`{target}` deploys {}", units_phrase(available)));
    }
    diagnostic
        .with_note(format!(
            "Juju puts each unit next to a different unit of `{target}`; the {} left over {}",
            units_phrase(surplus),
            if surplus == 1 { format!("goes {landing}") } else { format!("go {landing}") }
        ))
        .with_help(format!(
            "give `{target}` at least {wanted} units, lower `num_units` of `{app}` to {available}, or place the extra units explicitly"
        ))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // Units are placed only when the merged bundle is deployed.
    if ctx.scope != Scope::Merged || ctx.bundle.is_kubernetes() {
        return;
    }
    let bundle = ctx.bundle;
    for (name, _, app) in bundle.apps() {
        let Some(to) = &app.to else { continue };
        let Ok(units) = u64::try_from(unit_count(app)) else { continue };
        let parsed: Vec<(FileSpan, Option<Placement>)> =
            to.get().iter().map(|text| (text.use_site(), Placement::parse(&text.value))).collect();
        // Uses of each target application, in directive order: (directive index, units,
        // whether the directive is repeated past the end of the list).
        let mut uses: BTreeMap<&str, Vec<(usize, u64, bool)>> = BTreeMap::new();
        for (idx, (_, placement)) in parsed.iter().enumerate() {
            if u64::try_from(idx).is_ok_and(|idx| idx >= units) {
                break;
            }
            if let Some(Placement { target: Target::Application(target), .. }) = placement {
                uses.entry(target.as_str()).or_default().push((idx, 1, false));
            }
        }
        // Juju repeats the last directive for the remaining units only when it is `new`
        // or names an application without a unit.
        let listed = u64::try_from(parsed.len()).unwrap_or(u64::MAX);
        if units > listed
            && let Some((_, Some(Placement { target: Target::Application(target), .. }))) =
                parsed.last()
        {
            let last = parsed.len() - 1;
            uses.entry(target.as_str()).or_default().push((last, units - listed, true));
        }
        for (target, directive_uses) in uses {
            if target == name {
                continue;
            }
            let Some(target_app) = bundle.app(target) else { continue };
            let available = u64::try_from(unit_count(target_app)).unwrap_or(0);
            let wanted: u64 = directive_uses.iter().map(|(_, count, _)| count).sum();
            if wanted <= available {
                continue;
            }
            // The directive at which the running count first passes what is available.
            let mut running = 0;
            let Some(&(overflow, _, repeated)) = directive_uses.iter().find(|(_, count, _)| {
                running += count;
                running > available
            }) else {
                continue;
            };
            let Some((span, placement)) = parsed.get(overflow) else { continue };
            out.push(diagnostic(&Shortfall {
                app: name,
                target,
                wanted,
                available,
                directive: *span,
                repeated,
                container: placement.as_ref().and_then(|it| it.container.as_deref()),
                target_units: units_field(target_app).map(|field| field.value.use_site()),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    fn found(bundle: &str) -> Vec<String> {
        analyze_texts(bundle, &[])
            .diagnostics
            .into_iter()
            .filter(|it| it.code == "P010")
            .map(|it| it.message)
            .collect()
    }

    #[test]
    fn repeated_last_directive_counts_for_every_remaining_unit() {
        let bundle = "applications:\n  mon:\n    charm: mon\n    num_units: 2\n  gw:\n    charm: gw\n    num_units: 3\n    to: ['lxd:mon']\n";
        assert_eq!(
            found(bundle),
            ["`gw` places 3 units next to `mon`, which deploys only 2 units"]
        );
    }

    #[test]
    fn enough_target_units_is_fine() {
        let bundle = "applications:\n  mon:\n    charm: mon\n    num_units: 3\n  gw:\n    charm: gw\n    num_units: 3\n    to: ['lxd:mon']\n";
        assert!(found(bundle).is_empty());
    }

    #[test]
    fn unit_directive_is_not_repeated() {
        // The last directive names a unit, so the remaining units go to new machines by
        // design and never ask for `mon`.
        let bundle = "applications:\n  mon:\n    charm: mon\n    num_units: 1\n  gw:\n    charm: gw\n    num_units: 3\n    to: ['lxd:mon/0']\n";
        assert!(found(bundle).is_empty());
    }

    #[test]
    fn listed_directives_count_one_unit_each() {
        let bundle = "applications:\n  mon:\n    charm: mon\n    num_units: 1\n  gw:\n    charm: gw\n    num_units: 2\n    to: [mon, 'lxd:mon']\n";
        assert_eq!(found(bundle), ["`gw` places 2 units next to `mon`, which deploys only 1 unit"]);
    }
}
