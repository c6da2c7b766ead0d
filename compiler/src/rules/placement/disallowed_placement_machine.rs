//! # P013 disallowed-placement-machine
//!
//! ## What it checks
//! Each application listed under `[placement.only-on]` of the site policy may only have
//! units on the bundle machines listed for it, directly or in a container on them.
//! Machines are the ids of the bundle's `machines:` (`"9"`), not the numbers the new model
//! gives them.
//! A unit that the deploy plan puts on a new machine (no `to:`, or `new`) is outside every
//! bundle machine, so it is flagged too.
//!
//! The units are placed as Juju places them, from the bundle with every overlay merged in.
//! The diagnostic points at the unit's own `to:` entry, or at the `to:` key when the list is
//! shorter than the units, or at the application's name when it has no `to:`.
//!
//! ## Why it matters
//! Some hosts are built for some work only: a host without the CPU flags or the NIC layout
//! for compute must not get `nova-compute`.
//! Juju places the unit wherever the bundle says, and the mistake shows only when guests
//! fail to start there.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [placement.only-on]
//! nova-compute = ["9", "10", "11"]
//! ```
//! Flagged:
//! ```yaml
//! applications:
//!   nova-compute:
//!     charm: nova-compute
//!     num_units: 3
//!     to: ["8", "10", "11"]
//! ```
//! Accepted: `to: ["9", "10", "11"]`.
//!
//! ## Fix
//! None yet. Moving the unit would be unsafe: it changes where software runs, and the
//! right machine is a decision about capacity.
//!
//! ## Policy
//! `placement.only-on`: application name to the bundle machine ids it may use.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Application, ApplicationSlot};
use crate::plan::PlannedUnit;
use crate::rules::options::push_guarded;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P013",
    name: "disallowed-placement-machine",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Where a unit's placement is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitPlace {
    /// The unit's `to:` entry (where written, for an aliased one), or the `to:` key, or the
    /// application's name.
    pub at: FileSpan,
    /// The alias that brings the entry, or the whole `to:` list, to the application.
    pub alias: Option<FileSpan>,
    /// Whether `at` is the unit's own `to:` entry.
    pub own_directive: bool,
}

/// Where the placement of `unit` is written: its own `to:` entry when the list has one,
/// else the `to:` key, else the application's name.
pub(crate) fn unit_place(
    slot: &ApplicationSlot,
    app: &Application,
    unit: &PlannedUnit,
) -> UnitPlace {
    let number = unit.unit.rsplit('/').next().and_then(|it| it.parse::<usize>().ok());
    let Some(to) = &app.to else {
        return UnitPlace { at: slot.name.use_site(), alias: None, own_directive: false };
    };
    match number.and_then(|idx| to.get().get(idx)) {
        Some(entry) => {
            UnitPlace { at: entry.span, alias: entry.alias.or(to.value.alias), own_directive: true }
        }
        None => UnitPlace { at: to.key, alias: None, own_directive: false },
    }
}

/// Where a unit lands, in the terms of the bundle and of the new model.
pub struct Landing<'a> {
    /// The unit, `app/N`.
    pub unit: &'a str,
    /// The bundle machine hosting it; `None` for a new machine.
    pub bundle_machine: Option<&'a str>,
    /// The model machine hosting it.
    pub model_machine: &'a str,
}

/// The diagnostic for `landing` of a unit of `app`, which the policy entry written at
/// `policy_at` allows only on `allowed`.
pub fn diagnostic(
    app: &str,
    landing: &Landing<'_>,
    place: UnitPlace,
    allowed: &[String],
    policy_at: Option<FileSpan>,
) -> Diagnostic {
    let unit = landing.unit;
    let machines = allowed.iter().map(|it| format!("`{it}`")).collect::<Vec<_>>().join(", ");
    let (message, label) = match landing.bundle_machine {
        Some(machine) => (
            format!(
                "unit `{unit}` is placed on bundle machine `{machine}`, where the site policy does not allow `{app}`"
            ),
            format!("places `{unit}` on machine `{machine}`"),
        ),
        None => (
            format!(
                "unit `{unit}` is placed on a new machine, outside the bundle machines the site policy allows for `{app}`"
            ),
            format!("places `{unit}` on a new machine"),
        ),
    };
    let label =
        if place.own_directive { label } else { format!("`{unit}` has no `to:` entry of its own") };
    let mut diagnostic = RULE.diagnostic(message, place.at, label);
    if let Some(alias) = place.alias {
        diagnostic =
            diagnostic.with_label(alias, format!("`{app}` uses this entry through an alias"));
    }
    if let Some(policy_at) = policy_at {
        diagnostic =
            diagnostic.with_label(policy_at, format!("`{app}` may only use machines {machines}"));
    }
    if let Some(machine) = landing.bundle_machine {
        diagnostic = diagnostic.with_note(format!(
            "bundle machine `{machine}` is machine `{}` of the new model",
            landing.model_machine
        ));
    }
    diagnostic
        .with_note("the site keeps this application to the hosts built for it; Juju places the unit wherever the bundle says")
        .with_help(format!("place `{unit}` on one of machines {machines}"))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let only_on = &ctx.policy.raw.placement.only_on;
    if only_on.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    for (app_name, allowed) in only_on {
        let Some(slot) = ctx.bundle.applications.get(app_name) else { continue };
        let Some(app) = &slot.body else { continue };
        for unit in ctx.plan.units_of(app_name) {
            let machine = unit.bundle_machine.as_deref();
            if machine.is_some_and(|machine| allowed.get().iter().any(|it| it == machine)) {
                continue;
            }
            let landing =
                Landing { unit: &unit.unit, bundle_machine: machine, model_machine: &unit.machine };
            let place = unit_place(slot, app, unit);
            let found =
                diagnostic(app_name, &landing, place, allowed.get(), ctx.policy.span_of(allowed));
            push_guarded(ctx, out, found);
        }
    }
}
