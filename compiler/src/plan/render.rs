//! The plan as people read it (like `juju deploy --dry-run`) and as JSON.

use std::fmt::Write as _;

use super::Plan;

/// Change lines in `--dry-run` style, then a summary table.
pub fn human(plan: &Plan) -> String {
    let mut out = String::from("Changes to deploy bundle:\n");
    for change in &plan.changes {
        let _ = writeln!(out, "- {change}");
    }
    let counts = plan.counts;
    let _ = write!(
        out,
        "\n{:<14}{:>6}\n{:<14}{:>6}\n{:<14}{:>6}\n{:<14}{:>6}\n{:<14}{:>6}\n",
        "applications",
        counts.applications,
        "relations",
        counts.relations,
        "machines",
        counts.machines,
        "containers",
        counts.containers,
        "units",
        counts.units,
    );
    out
}

/// `{"counts": {...}, "machines": [...], "units": [...], "relations": [...]}`.
pub fn json(plan: &Plan) -> String {
    // The plan holds only strings and integers; serialising it cannot fail.
    serde_json::to_string_pretty(plan).expect("the plan serialises")
}
