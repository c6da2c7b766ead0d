//! The registry: the one place that maps codes to rules.

use super::{Rule, charms, merge, networks, options, placement, relations, structure};

/// Every family's rules.
const FAMILIES: &[&[&Rule]] = &[
    structure::RULES,
    relations::RULES,
    placement::RULES,
    charms::RULES,
    networks::RULES,
    options::RULES,
    merge::RULES,
];

/// Every registered rule, active and removed, in code order within each family.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    FAMILIES.iter().flat_map(|family| family.iter().copied())
}

/// The rule with `code` (case-insensitive), if any.
pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// The rule called `name` (kebab-case), if any.
pub fn by_name(name: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::rules::{Family, Status};

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all() {
            assert!(codes.insert(rule.code), "code {} registered twice", rule.code);
            assert!(names.insert(rule.name), "name {} registered twice", rule.name);
            let letter = match rule.family {
                Family::Structure => 'S',
                Family::Relations => 'R',
                Family::Placement => 'P',
                Family::Charms => 'C',
                Family::Networks => 'N',
                Family::Options => 'O',
                Family::Merge => 'M',
            };
            assert!(
                rule.code.starts_with(letter),
                "{} is not in family {:?}",
                rule.code,
                rule.family
            );
            assert_eq!(rule.code.len(), 4, "{}", rule.code);
            assert!(rule.code[1..].bytes().all(|b| b.is_ascii_digit()), "{}", rule.code);
            assert!(
                rule.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not kebab-case",
                rule.name
            );
        }
    }

    #[test]
    fn every_active_rule_has_every_doc_section() {
        for rule in all().filter(|rule| rule.status == Status::Active) {
            let doc = rule.doc();
            assert!(
                doc.starts_with(&format!("# {} {}", rule.code, rule.name)),
                "{}: doc title",
                rule.code
            );
            for section in
                ["## What it checks", "## Why it matters", "## Example", "## Fix", "## Policy"]
            {
                assert!(doc.contains(section), "{}: missing {section}", rule.code);
            }
        }
    }
}
