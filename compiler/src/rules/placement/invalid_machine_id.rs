//! # P002 invalid-machine-id
//!
//! ## What it checks
//! A key under `machines:` that is not a machine number: a whole number without leading
//! zeros, such as `0`, `8` or `11`.
//! Container ids such as `0/lxd/0`, names such as `node1`, and `08` are all refused.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with `invalid machine id "0/lxd/0" found in machines`.
//! Bundle machines are top-level machines only; containers are created by placement
//! directives such as `lxd:0`, never declared.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! machines:
//!   "0":
//!   "0/lxd/0":
//! ```
//! Accepted:
//! ```yaml
//! machines:
//!   "0":
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 1
//!     to: ["lxd:0"]
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names::is_machine_id;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P002",
    name: "invalid-machine-id",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is wrong with a machine id, for the label and the help.
enum Problem {
    /// `0/lxd/0`: a container.
    Container { host: String },
    /// `08`: leading zeros.
    LeadingZeros { number: String },
    /// Anything else.
    NotANumber,
}

impl Problem {
    fn of(id: &str) -> Self {
        if let Some((host, _)) = id.split_once('/')
            && is_machine_id(host)
        {
            return Self::Container { host: host.to_owned() };
        }
        if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = id.trim_start_matches('0');
            let number = if trimmed.is_empty() { "0" } else { trimmed };
            return Self::LeadingZeros { number: number.to_owned() };
        }
        Self::NotANumber
    }
}

/// The diagnostic for machine id `id`, written at `span`.
pub fn diagnostic(id: &str, span: FileSpan) -> Diagnostic {
    let (label, help) = match Problem::of(id) {
        Problem::Container { host } => (
            "a container cannot be declared as a machine".to_owned(),
            format!(
                "declare machine `{host}` only, and create the container with a placement directive such as `lxd:{host}`"
            ),
        ),
        Problem::LeadingZeros { number } => (
            "machine numbers have no leading zeros".to_owned(),
            format!("write `{number}`, and use the same number in `to:` entries"),
        ),
        Problem::NotANumber => (
            "not a machine number".to_owned(),
            "name bundle machines with whole numbers (`0`, `1`, ...); to pick a particular host, give the machine constraints such as `tags=`".to_owned(),
        ),
    };
    RULE.diagnostic(format!("`{id}` is not a valid machine id"), span, label)
        .with_note(format!(
            "Juju refuses the bundle: invalid machine id \"{id}\" found in machines; bundle machine ids are whole numbers without leading zeros"
        ))
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if bundle.is_kubernetes() {
        return;
    }
    for (id, slot) in bundle.machine_slots() {
        if !is_machine_id(id) {
            out.push(diagnostic(id, slot.id.use_site()));
        }
    }
}
