//! # P012 plan-count-mismatch
//!
//! ## What it checks
//! The deploy plan of the bundle (what `juju deploy --dry-run` would add to an empty model)
//! against the counts the site policy expects: applications, relations, machines,
//! containers and units.
//! Each count the policy sets is compared on its own.
//!
//! The plan is worked out from the bundle with every overlay merged in, following Juju's
//! placement: `to:` directives, `num_units`, and the repeat of a last `new` directive.
//!
//! The diagnostic points at the part of the bundle that makes the count: the
//! `applications` key for applications, containers and units (made by `num_units` and
//! `to:`), the `relations` key for relations, and the `machines` key for machines.
//! Notes list the plan's machines, or its containers and units per machine or application,
//! so the surplus or shortfall can be found.
//!
//! ## Why it matters
//! The counts are the shape of the deployment the operators expect to see.
//! A different count means the bundle deploys something else than planned: an
//! application too many, a relation left out, a container on the wrong host.
//! Juju deploys it all the same, and the difference is found later, if at all.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [counts]
//! applications = 2
//! machines = 1
//! ```
//! Flagged:
//! ```yaml
//! machines:
//!   "0":
//! applications:
//!   keystone:
//!     charm: keystone
//!     num_units: 1
//!     to: ["lxd:0"]
//!   glance:
//!     charm: glance
//!     num_units: 1
//!     to: ["lxd:0"]
//!   heat:
//!     charm: heat
//!     num_units: 1
//!     to: ["lxd:0"]
//! ```
//! Accepted: the same bundle without `heat`.
//!
//! ## Fix
//! None yet. No edit can be derived from a count: the bundle may be wrong, or the policy
//! out of date.
//!
//! ## Policy
//! `counts.applications`, `counts.relations`, `counts.machines`, `counts.containers`,
//! `counts.units`.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::{Plan, natural_cmp};
use crate::rules::options::push_guarded;
use crate::rules::relations::missing_required_relation::relations_key;
use crate::source::{FileSpan, TextRange};

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P012",
    name: "plan-count-mismatch",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Applications deployed.
    Applications,
    /// Relations added.
    Relations,
    /// Machines added (containers not included).
    Machines,
    /// Containers added.
    Containers,
    /// Units added.
    Units,
}

impl Kind {
    /// The word for `count` of this kind.
    fn counted(self, count: usize) -> String {
        let word = match self {
            Self::Applications => "application",
            Self::Relations => "relation",
            Self::Machines => "machine",
            Self::Containers => "container",
            Self::Units => "unit",
        };
        if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
    }

    /// The policy key.
    fn key(self) -> &'static str {
        match self {
            Self::Applications => "applications",
            Self::Relations => "relations",
            Self::Machines => "machines",
            Self::Containers => "containers",
            Self::Units => "units",
        }
    }
}

/// The diagnostic for a plan with `actual` items of `kind` where the policy entry written at
/// `policy_at` expects `expected`; `at` is the bundle key that makes the count, and `listing`
/// a note that lists the plan's items.
pub fn diagnostic(
    kind: Kind,
    expected: usize,
    actual: usize,
    at: FileSpan,
    policy_at: Option<FileSpan>,
    listing: Option<String>,
) -> Diagnostic {
    let label = match kind {
        Kind::Applications => format!("the plan deploys {}", kind.counted(actual)),
        Kind::Relations => format!("the plan adds {}", kind.counted(actual)),
        Kind::Machines => format!("the plan adds {}", kind.counted(actual)),
        Kind::Containers => {
            format!("the `to:` entries of these applications make {}", kind.counted(actual))
        }
        Kind::Units => format!("these applications make {}", kind.counted(actual)),
    };
    let mut diagnostic = RULE
        .diagnostic(
            format!(
                "the deploy plan has {}, the site policy expects {expected}",
                kind.counted(actual)
            ),
            at,
            label,
        )
        .with_note("the counts are the shape of the deployment the site expects `juju deploy --dry-run` to show; another count means the bundle deploys something else");
    if let Some(policy_at) = policy_at {
        diagnostic =
            diagnostic.with_label(policy_at, format!("the site policy expects {expected}"));
    }
    if let Some(listing) = listing {
        diagnostic = diagnostic.with_note(listing);
    }
    let key = kind.key();
    diagnostic.with_help(format!(
        "change the bundle until the plan has {}, or, if the bundle is right, set `counts.{key} = {actual}` in the site policy",
        kind.counted(expected)
    ))
}

/// How many items a listing names before it says how many more there are.
const LISTED: usize = 12;

fn listed(items: Vec<String>) -> String {
    let more = items.len().saturating_sub(LISTED);
    let mut text = items.into_iter().take(LISTED).collect::<Vec<_>>().join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// A note listing what the plan holds of `kind`, when that helps find the difference.
fn listing(ctx: &Context<'_>, kind: Kind) -> Option<String> {
    let plan = ctx.plan;
    match kind {
        Kind::Machines => {
            let machines: Vec<String> = plan
                .machines
                .iter()
                .filter(|machine| machine.parent.is_none())
                .map(|machine| match &machine.bundle_machine {
                    Some(bundle) => format!("{} (bundle machine {bundle})", machine.id),
                    None => format!("{} (new)", machine.id),
                })
                .collect();
            (!machines.is_empty()).then(|| format!("the plan's machines: {}", listed(machines)))
        }
        Kind::Containers => {
            let hosts = containers_per_host(plan);
            (!hosts.is_empty())
                .then(|| format!("the plan's containers per machine: {}", listed(hosts)))
        }
        Kind::Units => {
            let mut per_app: Vec<(&str, usize)> = Vec::new();
            for unit in &plan.units {
                match per_app.iter_mut().find(|(app, _)| *app == unit.application) {
                    Some((_, count)) => *count += 1,
                    None => per_app.push((&unit.application, 1)),
                }
            }
            let items: Vec<String> =
                per_app.iter().map(|(app, count)| format!("`{app}` {count}")).collect();
            (!items.is_empty())
                .then(|| format!("the plan's units per application: {}", listed(items)))
        }
        Kind::Applications => {
            let base_file = ctx.bundle.applications_key.map(|key| key.file);
            let added: Vec<String> = ctx
                .bundle
                .apps()
                .filter(|(_, slot, _)| Some(slot.name.span.file) != base_file)
                .map(|(name, ..)| format!("`{name}`"))
                .collect();
            (!added.is_empty())
                .then(|| format!("applications added by overlays: {}", listed(added)))
        }
        Kind::Relations => None,
    }
}

/// "7 on machine 0 (bundle machine 8)" for each machine that hosts containers.
fn containers_per_host(plan: &Plan) -> Vec<String> {
    let mut hosts: Vec<(&str, usize)> = Vec::new();
    for parent in plan.machines.iter().filter_map(|machine| machine.parent.as_deref()) {
        match hosts.iter_mut().find(|(host, _)| *host == parent) {
            Some((_, count)) => *count += 1,
            None => hosts.push((parent, 1)),
        }
    }
    hosts.sort_by(|a, b| natural_cmp(a.0, b.0));
    hosts
        .into_iter()
        .map(|(host, count)| {
            let bundle = plan
                .machines
                .iter()
                .find(|machine| machine.id == host)
                .and_then(|machine| machine.bundle_machine.as_deref())
                .map(|bundle| format!(" (bundle machine {bundle})"))
                .unwrap_or_default();
            format!("{count} on {host}{bundle}")
        })
        .collect()
}

/// The bundle key that makes the count of `kind`.
fn anchor(ctx: &Context<'_>, kind: Kind) -> Option<FileSpan> {
    let bundle = ctx.bundle;
    let own = match kind {
        Kind::Relations => {
            relations_key(ctx).or_else(|| bundle.relations.first().map(|it| it.span))
        }
        Kind::Machines => bundle.machines.as_ref().map(|field| field.key),
        Kind::Applications | Kind::Containers | Kind::Units => None,
    };
    own.or(bundle.applications_key).or_else(|| {
        bundle.span.map(|span| FileSpan::new(span.file, TextRange::empty(span.range.start)))
    })
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    let expected = &ctx.policy.raw.counts;
    let actual = ctx.plan.counts;
    let kinds = [
        (Kind::Applications, &expected.applications, actual.applications),
        (Kind::Relations, &expected.relations, actual.relations),
        (Kind::Machines, &expected.machines, actual.machines),
        (Kind::Containers, &expected.containers, actual.containers),
        (Kind::Units, &expected.units, actual.units),
    ];
    for (kind, expected, actual) in kinds {
        let Some(expected) = expected else { continue };
        if *expected.get() == actual {
            continue;
        }
        let Some(at) = anchor(ctx, kind) else { continue };
        let found = diagnostic(
            kind,
            *expected.get(),
            actual,
            at,
            ctx.policy.span_of(expected),
            listing(ctx, kind),
        );
        push_guarded(ctx, out, found);
    }
}
