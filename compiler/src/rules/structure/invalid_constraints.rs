//! # S022 invalid-constraints
//!
//! ## What it checks
//! Application and machine `constraints` that Juju's constraints parser refuses.
//! Constraints are `key=value` pairs separated by spaces (`\ ` is a space inside a
//! value).
//! The keys are `arch`, `container`, `cores` (or `cpu-cores`), `cpu-power`, `mem`,
//! `root-disk`, `root-disk-source`, `tags`, `instance-role`, `instance-type`, `spaces`,
//! `virt-type`, `zones`, `allocate-public-ip` and `image-id`.
//! Flagged: a token that is not `key=value`, an unknown key, a key given twice, and values
//! the key does not take: an unknown `arch`, a `container` other than `lxd`, `kvm` or
//! `none`, `cores` or `cpu-power` that is not a whole number, a `mem` or `root-disk` that
//! is not a size such as `512`, `4G` or `1.5T` (`4GB` and `4g` are refused), an
//! `allocate-public-ip` that is not a boolean, and malformed space names.
//!
//! ## Why it matters
//! Juju refuses the bundle with `invalid constraints "<constraints>" in application
//! "<name>": <reason>` (or `in machine "<id>"`).
//!
//! ## Example
//! Flagged:
//! ```yaml
//! applications:
//!   ceph-osd:
//!     charm: ceph-osd
//!     num_units: 3
//!     constraints: mem=16GB cores=4 cores=8
//! ```
//! Accepted:
//! ```yaml
//! applications:
//!   ceph-osd:
//!     charm: ceph-osd
//!     num_units: 3
//!     constraints: mem=16G cores=8
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::juju_values::{
    CONSTRAINT_KEYS, ConstraintProblem, Occurrence, locate, parse_constraints, size_fix,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Field;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S022",
    name: "invalid-constraints",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Whose constraints.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'a> {
    /// An application's.
    Application(&'a str),
    /// A machine's.
    Machine(&'a str),
}

/// Where a problem is.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    /// The bad token, or the alias that brought the constraints.
    pub span: FileSpan,
    /// The bad token at the anchor, when the constraints came through an alias.
    pub anchor: Option<FileSpan>,
    /// For a repeated key, the first time it is given.
    pub first: Option<FileSpan>,
}

/// The diagnostic for `problem` in the constraints of `owner`.
pub fn diagnostic(owner: Owner<'_>, problem: &ConstraintProblem, place: Place) -> Diagnostic {
    let (subject, juju_owner) = match owner {
        Owner::Application(name) => {
            (format!("application `{name}`"), format!("application \"{name}\""))
        }
        Owner::Machine(id) => (format!("machine `{id}`"), format!("machine \"{id}\"")),
    };
    let (message, label, help) = match problem {
        ConstraintProblem::Malformed { raw } => (
            format!("constraint `{raw}` of {subject} is not `key=value`"),
            "expected `key=value`".to_owned(),
            "separate constraints with spaces and write each as `key=value`, for example `mem=8G`"
                .to_owned(),
        ),
        ConstraintProblem::UnknownKey { key, suggestion, .. } => (
            format!("unknown constraint `{key}` in {subject}"),
            "not a constraint Juju knows".to_owned(),
            match suggestion {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("the constraints Juju knows are {}", CONSTRAINT_KEYS.join(", ")),
            },
        ),
        ConstraintProblem::Duplicate { key, .. } => (
            format!("constraint `{key}` is given twice in {subject}"),
            "given again here".to_owned(),
            "keep one of the two".to_owned(),
        ),
        ConstraintProblem::BadValue { raw, key, expected } => (
            format!("invalid value for constraint `{key}` in {subject}"),
            format!("expected {expected}"),
            match raw.split_once('=').and_then(|(_, value)| size_fix(value)) {
                Some(fixed) if key == "mem" || key == "root-disk" => {
                    format!("write `{key}={fixed}`")
                }
                _ => format!("give `{key}` {expected}"),
            },
        ),
    };
    let mut diagnostic = RULE.diagnostic(message, place.span, label);
    if let Some(anchor) = place.anchor {
        diagnostic = diagnostic.with_label(anchor, "written here");
    }
    if let Some(first) = place.first {
        diagnostic = diagnostic.with_label(first, "first given here");
    }
    diagnostic
        .with_note(format!(
            "Juju refuses the bundle: invalid constraints in {juju_owner}; every constraint must parse"
        ))
        .with_help(help)
}

fn check_field(
    ctx: &Context<'_>,
    owner: Owner<'_>,
    field: Option<&Field<String>>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(field) = field else { return };
    let (_, problems) = parse_constraints(field.get());
    // Problems come in token order, so each is searched for after the previous one.
    let mut cursor = 0;
    for problem in &problems {
        let (span, anchor) = locate(ctx, &field.value, problem.raw(), Occurrence::After(cursor));
        let written = anchor.unwrap_or(span);
        if written != field.value.span && written.file == field.value.span.file {
            cursor = written.range.end.saturating_sub(field.value.span.range.start);
        }
        let first = match problem {
            ConstraintProblem::Duplicate { first, .. } => {
                Some(locate(ctx, &field.value, first, Occurrence::First))
                    .map(|(span, anchor)| anchor.unwrap_or(span))
            }
            _ => None,
        };
        out.push(diagnostic(owner, problem, Place { span, anchor, first }));
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    for (name, _, app) in bundle.apps() {
        check_field(ctx, Owner::Application(name), app.constraints.as_ref(), out);
    }
    for (id, slot) in bundle.machine_slots() {
        check_field(ctx, Owner::Machine(id), slot.body.constraints.as_ref(), out);
    }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    #[test]
    fn repeated_bad_tokens_each_point_at_their_own_text() {
        let bundle = "applications:\n  ceph-osd:\n    charm: ceph-osd\n    num_units: 1\n    constraints: mem=4GB mem=4GB\n";
        let analysis = analyze_texts(bundle, &[]);
        let starts: Vec<u32> = analysis
            .diagnostics
            .iter()
            .filter(|it| it.code == "S022")
            .map(|it| it.primary.span.range.start)
            .collect();
        let first = u32::try_from(bundle.find("mem=4GB").expect("in the text")).expect("small");
        assert_eq!(starts, [first, first + 8]);
    }

    #[test]
    fn valid_constraints_raise_nothing() {
        let bundle = "applications:\n  ceph-osd:\n    charm: ceph-osd\n    num_units: 1\n    constraints: \"arch=amd64 cores=4 mem=16G tags=a\\\\ b\"\n";
        let analysis = analyze_texts(bundle, &[]);
        assert!(analysis.diagnostics.iter().all(|it| it.code != "S022"));
    }
}
