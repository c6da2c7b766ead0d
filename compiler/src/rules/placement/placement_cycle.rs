//! # P008 placement-cycle
//!
//! ## What it checks
//! Applications whose `to:` entries refer to each other in a loop: `keystone` placed with
//! `mysql` (`lxd:mysql`, `mysql/1`) while `mysql` is placed with `keystone`, or longer
//! loops, or an application placed with one of its own units (`lxd:problem/0` in
//! `problem`'s own `to:`).
//! Entries naming machines or `new` never form a loop.
//!
//! ## Why it matters
//! Juju places an application's units only after the units of every application its
//! `to:` names. With a loop, no application in it can go first, and Juju stops before
//! deploying anything with `cycle in placement directives for: keystone, mysql`.
//! Juju's bundle verification does not look for this; it surfaces only when the
//! deployment is computed.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! mysql:
//!   charm: mysql
//!   num_units: 2
//!   to: ["0", "lxd:keystone/1"]
//! keystone:
//!   charm: keystone
//!   num_units: 2
//!   to: ["lxd:mysql"]
//! ```
//! Accepted: `mysql` with `to: ["0", "1"]`; `keystone` still follows `mysql`.
//!
//! ## Fix
//! None: which side should be anchored to machines is for the operator to decide.
//!
//! ## Policy
//! Error by default: Juju cannot deploy the bundle.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::directives;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Bundle;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P008",
    name: "placement-cycle",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// One step of a cycle: `app` is placed with `target` by the directive at `span`.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    /// The application placed.
    pub app: &'a str,
    /// The application it is placed with.
    pub target: &'a str,
    /// The directive.
    pub span: FileSpan,
}

/// The diagnostic for the cycle `steps` (at least one); `stuck` are the applications
/// Juju names when it gives up, in its order.
pub fn diagnostic(steps: &[Step<'_>], stuck: &[&str]) -> Option<Diagnostic> {
    let first = steps.first()?;
    let mut path: Vec<String> = steps.iter().map(|step| format!("`{}`", step.app)).collect();
    path.push(format!("`{}`", first.app));
    let label = |step: &Step<'_>| {
        if step.app == step.target {
            format!("`{}` is placed with one of its own units", step.app)
        } else {
            format!("`{}` is placed with `{}`", step.app, step.target)
        }
    };
    let mut diagnostic = RULE.diagnostic(
        format!("placement directives form a cycle: {}", path.join(" → ")),
        first.span,
        label(first),
    );
    for step in steps.iter().skip(1) {
        diagnostic = diagnostic.with_label(step.span, label(step));
    }
    let help = if steps.len() == 1 {
        format!("place `{}` on machines or `new` instead of on its own units", first.app)
    } else {
        "place one application of the cycle on machines or `new`, so the others can follow it"
            .to_owned()
    };
    Some(
        diagnostic
            .with_note("Juju places an application only after every application its `to:` names, so none of these can go first")
            .with_note(format!(
                "Juju stops before deploying anything: cycle in placement directives for: {}",
                stuck.join(", ")
            ))
            .with_help(help),
    )
}

/// Placement edges: for each application, the applications its directives name, each with
/// its first directive naming it.
type Graph<'a> = BTreeMap<&'a str, BTreeMap<&'a str, FileSpan>>;

fn graph(bundle: &Bundle) -> Graph<'_> {
    let mut graph: Graph<'_> = bundle.apps().map(|(name, ..)| (name, BTreeMap::new())).collect();
    for directive in directives(bundle) {
        let Some(target) = directive.placement.as_ref().and_then(|it| it.application()) else {
            continue;
        };
        // Undefined targets are P005's; only defined ones can close a loop.
        let Some((target, ..)) = bundle.apps().find(|(name, ..)| *name == target) else {
            continue;
        };
        if let Some(edges) = graph.get_mut(directive.app) {
            edges.entry(target).or_insert(directive.span());
        }
    }
    graph
}

/// Every application reachable from `start` by one or more edges.
fn reachable<'a>(graph: &Graph<'a>, start: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<&str> =
        graph.get(start).into_iter().flat_map(|it| it.keys().copied()).collect();
    while let Some(app) = queue.pop_front() {
        if seen.insert(app) {
            queue.extend(graph.get(app).into_iter().flat_map(|it| it.keys().copied()));
        }
    }
    seen
}

/// A shortest cycle through `start` within `members`, as steps.
fn shortest_cycle<'a>(
    graph: &Graph<'a>,
    start: &'a str,
    members: &BTreeSet<&'a str>,
) -> Vec<Step<'a>> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    let mut closing = None;
    'search: while let Some(app) = queue.pop_front() {
        for &target in graph.get(app).into_iter().flat_map(BTreeMap::keys) {
            if target == start {
                closing = Some(app);
                break 'search;
            }
            if members.contains(target) && !parent.contains_key(target) {
                parent.insert(target, app);
                queue.push_back(target);
            }
        }
    }
    let Some(mut app) = closing else { return Vec::new() };
    let mut reversed = Vec::new();
    let mut target = start;
    loop {
        let span = graph.get(app).and_then(|edges| edges.get(target)).copied();
        if let Some(span) = span {
            reversed.push(Step { app, target, span });
        }
        if app == start {
            break;
        }
        target = app;
        match parent.get(app) {
            Some(previous) => app = previous,
            None => break,
        }
    }
    reversed.reverse();
    reversed
}

/// The applications Juju cannot place: what is left when it places, in passes, every
/// application whose targets are all placed.
fn stuck<'a>(graph: &Graph<'a>) -> Vec<&'a str> {
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut remaining: Vec<&str> = graph.keys().copied().collect();
    loop {
        let before = remaining.len();
        remaining.retain(|app| {
            let ready = graph
                .get(app)
                .is_none_or(|edges| edges.keys().all(|target| placed.contains(target)));
            if ready {
                placed.insert(app);
            }
            !ready
        });
        if remaining.is_empty() || remaining.len() == before {
            return remaining;
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // The loop only matters when the deployment is computed, from the merged bundle.
    if ctx.scope != Scope::Merged || ctx.bundle.is_kubernetes() {
        return;
    }
    let graph = graph(ctx.bundle);
    let reach: BTreeMap<&str, BTreeSet<&str>> =
        graph.keys().map(|&app| (app, reachable(&graph, app))).collect();
    let stuck = stuck(&graph);
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for (&app, reached) in &reach {
        if !reached.contains(app) || reported.contains(app) {
            continue;
        }
        let members: BTreeSet<&str> = reached
            .iter()
            .copied()
            .filter(|other| reach.get(other).is_some_and(|back| back.contains(app)))
            .collect();
        let steps = shortest_cycle(&graph, app, &members);
        out.extend(diagnostic(&steps, &stuck));
        reported.extend(members);
    }
}

#[cfg(test)]
mod tests {
    use crate::check::analyze_texts;

    fn cycles(bundle: &str) -> Vec<String> {
        analyze_texts(bundle, &[])
            .diagnostics
            .into_iter()
            .filter(|it| it.code == "P008")
            .map(|it| it.message)
            .collect()
    }

    const APPS: &str = "applications:\n";

    fn app(name: &str, units: u32, to: &str) -> String {
        format!("  {name}:\n    charm: {name}\n    num_units: {units}\n    to: {to}\n")
    }

    #[test]
    fn two_applications_placed_with_each_other() {
        let bundle = format!(
            "machines:\n  '0':\n{APPS}{}{}",
            app("mysql", 3, "[new, 'lxd:0', 'lxd:keystone/2']"),
            app("keystone", 3, "['lxd:mysql']"),
        );
        assert_eq!(
            cycles(&bundle),
            ["placement directives form a cycle: `keystone` → `mysql` → `keystone`"]
        );
    }

    #[test]
    fn application_placed_with_its_own_unit() {
        let bundle = format!("{APPS}{}", app("problem", 2, "['lxd:new', 'lxd:problem/0']"));
        assert_eq!(cycles(&bundle), ["placement directives form a cycle: `problem` → `problem`"]);
    }

    #[test]
    fn chain_without_a_loop_is_fine() {
        let bundle = format!(
            "{APPS}{}{}{}",
            app("a", 1, "[new]"),
            app("b", 1, "['lxd:a/0']"),
            app("c", 1, "['lxd:b']"),
        );
        assert!(cycles(&bundle).is_empty());
    }

    #[test]
    fn three_application_loop_is_reported_once_with_dependants_stuck() {
        let bundle = format!(
            "{APPS}{}{}{}{}",
            app("a", 1, "['lxd:b']"),
            app("b", 1, "['lxd:c']"),
            app("c", 1, "['lxd:a']"),
            app("d", 1, "['lxd:a']"),
        );
        let analysis = analyze_texts(&bundle, &[]);
        let found: Vec<_> = analysis.diagnostics.iter().filter(|it| it.code == "P008").collect();
        assert_eq!(found.len(), 1);
        let Some(cycle) = found.first() else { return };
        assert_eq!(cycle.message, "placement directives form a cycle: `a` → `b` → `c` → `a`");
        assert_eq!(cycle.secondary.len(), 2);
        assert!(cycle.notes.iter().any(|note| note.ends_with("for: a, b, c, d")));
    }

    #[test]
    fn two_separate_loops_are_reported_separately() {
        let bundle = format!(
            "{APPS}{}{}{}{}",
            app("a", 1, "['lxd:b']"),
            app("b", 1, "['lxd:a']"),
            app("c", 1, "['lxd:d']"),
            app("d", 1, "['lxd:c']"),
        );
        assert_eq!(cycles(&bundle).len(), 2);
    }

    #[test]
    fn overlay_that_breaks_the_loop_clears_it() {
        let bundle = format!(
            "machines:\n  '0':\n{APPS}{}{}",
            app("a", 1, "['lxd:b']"),
            app("b", 1, "['lxd:a']"),
        );
        let overlay = "applications:\n  a:\n    to: ['0']\n";
        let analysis = analyze_texts(&bundle, &[overlay]);
        assert!(analysis.diagnostics.iter().all(|it| it.code != "P008"));
    }
}
