//! # P014 not-once-per-machine
//!
//! ## What it checks
//! Each application listed in `placement.once-per-machine` of the site policy must have
//! exactly one unit on every machine the bundle declares, directly or in a container on it.
//! A machine without a unit and a machine with two or more are both reported.
//!
//! The units are placed as Juju places them, from the bundle with every overlay merged in.
//! Units on new machines (not declared in the bundle) are left to the machine count
//! (`P012`); an application the bundle does not deploy is not reported here.
//!
//! A machine without a unit is reported at the application's `to:` key (where an entry
//! for it would go), or at its name when it has no `to:`; a machine with two is reported
//! at the `to:` entry of the second unit, with the others as secondary labels.
//!
//! ## Why it matters
//! Some applications are per-host by nature: one Ceph OSD per host owns that host's disk.
//! A host left out keeps its disk out of the cluster; a host with two OSD units has two
//! charms fighting over the same device.
//! Juju deploys either shape without complaint.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [placement]
//! once-per-machine = ["ceph-osd"]
//! ```
//! Flagged:
//! ```yaml
//! machines:
//!   "8":
//!   "9":
//! applications:
//!   ceph-osd:
//!     charm: ceph-osd
//!     num_units: 2
//!     to: ["8", "8"]
//! ```
//! Accepted: `to: ["8", "9"]`.
//!
//! ## Fix
//! None yet. Moving or adding units would be unsafe: it changes where software runs and
//! how many units there are.
//!
//! ## Policy
//! `placement.once-per-machine`: application names.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::disallowed_placement_machine::{UnitPlace, unit_place};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::PlannedUnit;
use crate::rules::options::push_guarded;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P014",
    name: "not-once-per-machine",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is wrong on one machine.
pub enum Problem<'a> {
    /// No unit there; `at` is the `to:` key or the application's name.
    Missing {
        /// Where to point.
        at: FileSpan,
    },
    /// More than one unit there.
    Doubled {
        /// The first unit there and where it is placed.
        first: (&'a str, UnitPlace),
        /// The second unit there and where it is placed: the one reported.
        second: (&'a str, UnitPlace),
        /// Any further units there.
        more: Vec<(&'a str, UnitPlace)>,
    },
}

/// The diagnostic for `app` on bundle machine `machine` (model machine `model_machine`),
/// which the policy entry written at `policy_at` wants to host exactly one unit.
pub fn diagnostic(
    app: &str,
    machine: &str,
    model_machine: &str,
    problem: Problem<'_>,
    policy_at: Option<FileSpan>,
) -> Diagnostic {
    let mut diagnostic = match problem {
        Problem::Missing { at } => RULE
            .diagnostic(
                format!("`{app}` has no unit on bundle machine `{machine}`, the site policy wants exactly one"),
                at,
                format!("nothing places `{app}` on machine `{machine}`"),
            )
            .with_help(format!("place one unit of `{app}` on machine `{machine}`")),
        Problem::Doubled { first, second: (unit, place), more } => {
            let count = more.len() + 2;
            let mut diagnostic = RULE.diagnostic(
                format!("`{app}` has {count} units on bundle machine `{machine}`, the site policy wants exactly one"),
                place.at,
                format!("places `{unit}` on machine `{machine}` too"),
            );
            if let Some(alias) = place.alias {
                diagnostic = diagnostic
                    .with_label(alias, format!("`{app}` uses this entry through an alias"));
            }
            for (other, other_place) in std::iter::once(first).chain(more) {
                if other_place.at != place.at {
                    diagnostic = diagnostic
                        .with_label(other_place.at, format!("`{other}` is on machine `{machine}`"));
                }
            }
            diagnostic.with_help(format!(
                "keep one unit of `{app}` on machine `{machine}` and move the others to machines without one"
            ))
        }
    };
    diagnostic = diagnostic.with_note(format!(
        "bundle machine `{machine}` is machine `{model_machine}` of the new model"
    ));
    if let Some(policy_at) = policy_at {
        diagnostic = diagnostic.with_label(
            policy_at,
            format!("the site policy wants one `{app}` unit on every machine"),
        );
    }
    diagnostic.with_note("a per-host application needs exactly one unit on each host: a host without one is left out, and two units on one host compete for it")
}

fn check<'a>(ctx: &Context<'a>, out: &mut Vec<Diagnostic>) {
    let once = &ctx.policy.raw.placement.once_per_machine;
    if once.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    let machines: Vec<(&str, &str)> = ctx
        .plan
        .machines
        .iter()
        .filter_map(|machine| Some((machine.bundle_machine.as_deref()?, machine.id.as_str())))
        .collect();
    for entry in once {
        let app_name = entry.get();
        let Some(slot) = ctx.bundle.applications.get(app_name) else { continue };
        let Some(app) = &slot.body else { continue };
        for (machine, model_machine) in &machines {
            let units: Vec<_> = ctx
                .plan
                .units_of(app_name)
                .filter(|unit| unit.bundle_machine.as_deref() == Some(*machine))
                .collect();
            let problem = match units.as_slice() {
                [] => {
                    let at = app.to.as_ref().map_or_else(|| slot.name.use_site(), |to| to.key);
                    Problem::Missing { at }
                }
                [_] => continue,
                [first, second, more @ ..] => {
                    let place =
                        |unit: &&'a PlannedUnit| (unit.unit.as_str(), unit_place(slot, app, unit));
                    Problem::Doubled {
                        first: place(first),
                        second: place(second),
                        more: more.iter().map(place).collect(),
                    }
                }
            };
            let found =
                diagnostic(app_name, machine, model_machine, problem, ctx.policy.span_of(entry));
            push_guarded(ctx, out, found);
        }
    }
}
