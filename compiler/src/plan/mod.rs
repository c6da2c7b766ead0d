//! The offline deploy plan: which model machines, containers and units `juju deploy` of a
//! bundle creates in an empty model, following Juju's placement algorithm.
//!
//! Bundle machines become model machines 0, 1, ... in natural order of their ids; units
//! are placed application by application (natural order), an application only after the
//! applications its `to:` names; a `to:` shorter than the unit count repeats its last
//! directive only when that is `new`, `<container>:new` or a bare application name.

pub mod render;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::ir::Bundle;
use crate::ir::placement::{Placement, Target};

/// Counts of a plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Applications deployed.
    pub applications: usize,
    /// Relations added.
    pub relations: usize,
    /// Machines added (not containers).
    pub machines: usize,
    /// Containers added.
    pub containers: usize,
    /// Units added.
    pub units: usize,
}

/// A machine or container the plan adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct PlannedMachine {
    /// Model id: `0`, or `0/lxd/1` for a container.
    pub id: String,
    /// The bundle machine it stands for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bundle_machine: Option<String>,
    /// The container type, for containers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_type: Option<String>,
    /// The host machine, for containers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// A unit and where it lands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlannedUnit {
    /// `app/N`.
    pub unit: String,
    /// The application.
    #[serde(skip)]
    pub application: String,
    /// The host machine's model id.
    pub machine: String,
    /// The container's model id, when the unit is in one.
    pub container: Option<String>,
    /// The bundle machine hosting it, if its host is a bundle machine.
    #[serde(skip)]
    pub bundle_machine: Option<String>,
}

/// The whole plan.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Plan {
    /// Counts.
    pub counts: Counts,
    /// Applications in deploy order.
    #[serde(skip)]
    pub applications: Vec<String>,
    /// Machines and containers in creation order.
    pub machines: Vec<PlannedMachine>,
    /// Units in creation order.
    pub units: Vec<PlannedUnit>,
    /// Relations as written, in bundle order.
    pub relations: Vec<[String; 2]>,
    /// Human change lines, as `juju deploy --dry-run` words them.
    #[serde(skip)]
    pub changes: Vec<String>,
}

impl Plan {
    /// The units of `application`.
    pub fn units_of<'a>(&'a self, application: &'a str) -> impl Iterator<Item = &'a PlannedUnit> {
        self.units.iter().filter(move |unit| unit.application == application)
    }
}

/// Compares ids the way Juju sorts them: runs of digits by value, the rest by text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut left, mut right) = (a.as_bytes(), b.as_bytes());
    loop {
        match (left.first(), right.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let left_len = left.iter().take_while(|it| it.is_ascii_digit()).count();
                let right_len = right.iter().take_while(|it| it.is_ascii_digit()).count();
                let left_digits = trim_zeros(&left[..left_len]);
                let right_digits = trim_zeros(&right[..right_len]);
                let order =
                    left_digits.len().cmp(&right_digits.len()).then(left_digits.cmp(right_digits));
                if order != Ordering::Equal {
                    return order;
                }
                left = &left[left_len..];
                right = &right[right_len..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                left = &left[1..];
                right = &right[1..];
            }
        }
    }
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|it| **it == b'0').count();
    &digits[zeros.min(digits.len().saturating_sub(1))..]
}

struct Planner<'a> {
    bundle: &'a Bundle,
    plan: Plan,
    next_machine: usize,
    bundle_to_model: HashMap<String, String>,
    container_counts: HashMap<(String, String), usize>,
    /// Model id of the machine or container each placed unit is on.
    unit_targets: HashMap<String, String>,
    /// The bundle machine of each model machine made for one.
    bundle_machine_of: HashMap<String, String>,
    /// Indexes into `plan.units`, by application, in unit order.
    units_by_app: HashMap<String, Vec<usize>>,
    placed: HashSet<String>,
}

impl Planner<'_> {
    fn new_machine(&mut self, bundle_machine: Option<&str>) -> String {
        let id = self.next_machine.to_string();
        self.next_machine += 1;
        let label = bundle_machine.map(|it| format!(" (bundle machine {it})")).unwrap_or_default();
        self.plan.changes.push(format!("add new machine {id}{label}"));
        if let Some(bundle_id) = bundle_machine {
            self.bundle_machine_of.insert(id.clone(), bundle_id.to_owned());
        }
        self.plan.machines.push(PlannedMachine {
            id: id.clone(),
            bundle_machine: bundle_machine.map(str::to_owned),
            container_type: None,
            parent: None,
        });
        id
    }

    fn new_container(&mut self, host: &str, container_type: &str) -> String {
        let counter =
            self.container_counts.entry((host.to_owned(), container_type.to_owned())).or_insert(0);
        let id = format!("{host}/{container_type}/{counter}");
        *counter += 1;
        self.plan
            .changes
            .push(format!("add {container_type} container {id} on new machine {host}"));
        self.plan.machines.push(PlannedMachine {
            id: id.clone(),
            bundle_machine: None,
            container_type: Some(container_type.to_owned()),
            parent: Some(host.to_owned()),
        });
        id
    }

    /// Where a unit goes for `directive`, or `None` for a fresh machine.
    fn target_for(&mut self, application: &str, directive: Option<&Placement>) -> String {
        let Some(placement) = directive else { return self.new_machine(None) };
        let container = placement.container.as_deref();
        let base = match &placement.target {
            Target::New => None,
            Target::Machine(bundle_id) => self.bundle_to_model.get(bundle_id).cloned(),
            Target::Unit(app, number) => self.unit_targets.get(&format!("{app}/{number}")).cloned(),
            Target::Application(app) => match self.free_unit_of(app, application) {
                Some(unit_target) => Some(unit_target),
                // Juju puts the surplus on a fresh machine, without the container asked for.
                None => return self.new_machine(None),
            },
        };
        match (base, container) {
            (None, None) => self.new_machine(None),
            (None, Some(kind)) => {
                let host = self.new_machine(None);
                self.new_container(&host, kind)
            }
            (Some(target), None) => target,
            (Some(target), Some(kind)) => {
                let host = host_of(&target).to_owned();
                self.new_container(&host, kind)
            }
        }
    }

    /// The first unit of `target_app` whose machine hosts no unit of `application` yet.
    fn free_unit_of(&self, target_app: &str, application: &str) -> Option<String> {
        let units = |app: &str| {
            self.units_by_app
                .get(app)
                .into_iter()
                .flatten()
                .filter_map(|idx| self.plan.units.get(*idx))
        };
        let taken: HashSet<&str> = units(application).map(|unit| unit.machine.as_str()).collect();
        units(target_app)
            .find(|unit| !taken.contains(unit.machine.as_str()))
            .and_then(|unit| self.unit_targets.get(&unit.unit).cloned())
    }

    fn place(&mut self, application: &str) {
        let Some(app) = self.bundle.app(application) else { return };
        let directives: Vec<Option<Placement>> = app
            .to
            .as_ref()
            .map(|to| to.get().iter().map(|it| Placement::parse(&it.value)).collect())
            .unwrap_or_default();
        let repeats_last = match directives.last() {
            Some(Some(last)) => matches!(last.target, Target::New | Target::Application(_)),
            _ => false,
        };
        let count = usize::try_from(app.unit_count()).unwrap_or(0);
        for number in 0..count {
            let directive = match directives.get(number) {
                Some(directive) => directive.clone(),
                None if repeats_last => directives.last().cloned().flatten(),
                None => None,
            };
            let target = self.target_for(application, directive.as_ref());
            let unit = format!("{application}/{number}");
            let host = host_of(&target).to_owned();
            let container = (target != host).then(|| target.clone());
            let bundle_machine = self.bundle_machine_of.get(&host).cloned();
            let location =
                if container.is_some() { target.clone() } else { format!("new machine {host}") };
            self.plan.changes.push(format!("add unit {unit} to {location}"));
            self.unit_targets.insert(unit.clone(), target);
            self.units_by_app
                .entry(application.to_owned())
                .or_default()
                .push(self.plan.units.len());
            self.plan.units.push(PlannedUnit {
                unit,
                application: application.to_owned(),
                machine: host,
                container,
                bundle_machine,
            });
        }
        self.placed.insert(application.to_owned());
    }
}

fn host_of(target: &str) -> &str {
    target.split('/').next().unwrap_or(target)
}

/// Applications the `to:` of `application` names.
fn placement_dependencies(bundle: &Bundle, application: &str) -> Vec<String> {
    bundle
        .app(application)
        .and_then(|app| app.to.as_ref())
        .map(|to| {
            to.get()
                .iter()
                .filter_map(|it| Placement::parse(&it.value))
                .filter_map(|placement| placement.application().map(str::to_owned))
                .filter(|target| target != application && bundle.app(target).is_some())
                .collect()
        })
        .unwrap_or_default()
}

/// Computes the plan of deploying `bundle` into an empty model.
pub fn plan(bundle: &Bundle) -> Plan {
    let mut planner = Planner {
        bundle,
        plan: Plan::default(),
        next_machine: 0,
        bundle_to_model: HashMap::new(),
        container_counts: HashMap::new(),
        unit_targets: HashMap::new(),
        bundle_machine_of: HashMap::new(),
        units_by_app: HashMap::new(),
        placed: HashSet::new(),
    };
    let mut applications: Vec<&str> = bundle.apps().map(|(name, ..)| name).collect();
    applications.sort_by(|a, b| natural_cmp(a, b));
    for name in &applications {
        let app = bundle.app(name);
        let channel = app
            .and_then(|it| it.channel.as_ref())
            .map(|it| format!(" with {}", it.get()))
            .unwrap_or_default();
        let charm = app.and_then(|it| it.charm_name()).unwrap_or(name);
        let using = if charm == *name { String::new() } else { format!(" using {charm}") };
        planner
            .plan
            .changes
            .push(format!("deploy application {name} from charm-hub{channel}{using}"));
    }
    let mut machine_ids: Vec<&str> = bundle.machine_slots().map(|(id, _)| id).collect();
    machine_ids.sort_by(|a, b| natural_cmp(a, b));
    for bundle_id in machine_ids {
        let model_id = planner.new_machine(Some(bundle_id));
        planner.bundle_to_model.insert(bundle_id.to_owned(), model_id);
    }
    for relation in &bundle.relations {
        if let [a, b] = relation.endpoints.as_slice() {
            planner.plan.changes.push(format!("add relation {} - {}", a.value, b.value));
            planner.plan.relations.push([a.value.clone(), b.value.clone()]);
        }
    }
    // Place in passes: an application goes once every application it names is placed. A
    // pass without progress means a cycle; the rest are placed as they are, in order.
    let mut pending: Vec<&str> = applications.clone();
    while !pending.is_empty() {
        let ready: Vec<&str> = pending
            .iter()
            .copied()
            .filter(|app| {
                placement_dependencies(bundle, app).iter().all(|dep| planner.placed.contains(dep))
            })
            .collect();
        let batch = if ready.is_empty() { pending.clone() } else { ready };
        for app in &batch {
            planner.place(app);
        }
        let done: HashSet<&str> = batch.into_iter().collect();
        pending.retain(|app| !done.contains(app));
    }
    let mut plan = planner.plan;
    plan.counts = Counts {
        applications: applications.len(),
        relations: plan.relations.len(),
        machines: plan.machines.iter().filter(|it| it.parent.is_none()).count(),
        containers: plan.machines.iter().filter(|it| it.parent.is_some()).count(),
        units: plan.units.len(),
    };
    plan.applications = applications.into_iter().map(str::to_owned).collect();
    plan
}

#[cfg(test)]
mod tests;
