//! Tests of the deploy plan against Juju's placement rules.

use super::*;
use crate::check::analyze_texts;

fn plan_of(text: &str) -> Plan {
    plan(&analyze_texts(text, &[]).merged)
}

fn placements(plan: &Plan, app: &str) -> Vec<String> {
    plan.units_of(app)
        .map(|unit| unit.container.clone().unwrap_or_else(|| unit.machine.clone()))
        .collect()
}

#[test]
fn juju_worked_example_places_every_unit_as_juju_does() {
    // The example from Juju's own tests: seven units over bundle machines 4 and 8.
    let plan = plan_of(
        "machines:\n  \"4\":\n  \"8\":\napplications:\n  django:\n    charm: django\n    num_units: 7\n    to: [new, \"4\", \"lxd:8\", \"lxd:4\", \"lxd:new\"]\n",
    );
    assert_eq!(
        placements(&plan, "django"),
        ["2", "0", "1/lxd/0", "0/lxd/0", "3/lxd/0", "4/lxd/0", "5/lxd/0"]
    );
    assert!(plan.changes.contains(&"add new machine 0 (bundle machine 4)".to_owned()));
    assert!(plan.changes.contains(&"add new machine 1 (bundle machine 8)".to_owned()));
    assert_eq!(plan.counts.machines, 6);
    assert_eq!(plan.counts.containers, 5);
}

#[test]
fn a_directive_naming_a_machine_is_not_repeated() {
    let plan = plan_of(
        "machines:\n  \"0\":\napplications:\n  a:\n    charm: a\n    num_units: 3\n    to: [\"0\"]\n",
    );
    assert_eq!(placements(&plan, "a"), ["0", "1", "2"]);
}

#[test]
fn application_targets_spread_one_to_one_and_wait_for_their_target() {
    let plan = plan_of(
        "applications:\n  z-db:\n    charm: db\n    num_units: 2\n  a-app:\n    charm: app\n    num_units: 3\n    to: [\"lxd:z-db\"]\n",
    );
    assert_eq!(placements(&plan, "z-db"), ["0", "1"]);
    // The third unit finds no free unit of z-db: Juju gives it a fresh machine and drops
    // the container it asked for.
    assert_eq!(placements(&plan, "a-app"), ["0/lxd/0", "1/lxd/0", "2"]);
}

#[test]
fn unit_targets_share_the_unit_machine_or_add_a_sibling_container() {
    let plan = plan_of(
        "machines:\n  \"0\":\napplications:\n  a:\n    charm: a\n    num_units: 1\n    to: [\"lxd:0\"]\n  b:\n    charm: b\n    num_units: 2\n    to: [\"a/0\", \"lxd:a/0\"]\n",
    );
    assert_eq!(placements(&plan, "b"), ["0/lxd/0", "0/lxd/1"]);
}

#[test]
fn natural_order_sorts_numbers_by_value() {
    let mut ids = vec!["10", "9", "11", "8", "app-10", "app-9"];
    ids.sort_by(|a, b| natural_cmp(a, b));
    assert_eq!(ids, ["8", "9", "10", "11", "app-9", "app-10"]);
}

#[test]
fn placement_cycles_still_produce_a_plan() {
    let plan = plan_of(
        "applications:\n  a: {charm: a, num_units: 1, to: [b]}\n  b: {charm: b, num_units: 1, to: [a]}\n",
    );
    assert_eq!(plan.counts.units, 2);
}
