//! # P004 invalid-placement-syntax
//!
//! ## What it checks
//! A `to:` entry that is not a placement directive Juju understands.
//! Juju accepts `new`, a bundle machine number (`8`), an application (`mysql`) or one of its
//! units (`mysql/0`), each optionally prefixed by a container type (`lxd:new`, `lxd:8`,
//! `lxd:mysql/0`).
//! Everything else is refused, including `new/0`, container ids such as `8/lxd/0`,
//! `zone=` and other `key=value` forms, upper case, spaces and leading zeros.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with `invalid placement syntax "..."`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! to: ["8/lxd/0", "zone=az1"]
//! ```
//! Accepted:
//! ```yaml
//! to: ["lxd:8", "new"]
//! constraints: zones=az1
//! ```
//!
//! ## Fix
//! None: the help shows the corrected directive when the intent is clear.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::directives;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names::is_machine_id;
use crate::ir::placement::Placement;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P004",
    name: "invalid-placement-syntax",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Why a directive does not parse, as far as it can be told.
enum Problem {
    Empty,
    NewWithUnit,
    ContainerId { host: String, container: String },
    KeyValue { zone: bool },
    Fixable { label: &'static str, fixed: String },
    Unknown,
}

impl Problem {
    fn of(text: &str) -> Self {
        if text.trim().is_empty() {
            return Self::Empty;
        }
        let parts: Vec<&str> = text.split('/').collect();
        if let [container_or_new, unit] = parts.as_slice()
            && container_or_new.rsplit(':').next() == Some("new")
            && !unit.is_empty()
            && unit.bytes().all(|b| b.is_ascii_digit())
        {
            return Self::NewWithUnit;
        }
        if let [host, container, _, ..] = parts.as_slice()
            && is_machine_id(host)
            && !container.is_empty()
            && container.bytes().all(|b| b.is_ascii_lowercase())
        {
            return Self::ContainerId {
                host: (*host).to_owned(),
                container: (*container).to_owned(),
            };
        }
        if text.contains('=') {
            return Self::KeyValue { zone: text.trim_start().starts_with("zone=") };
        }
        let compact: String = text.chars().filter(|it| !it.is_whitespace()).collect();
        if compact != text && Placement::parse(&compact).is_some() {
            return Self::Fixable {
                label: "placement directives contain no spaces",
                fixed: compact,
            };
        }
        let lower = text.to_lowercase();
        if lower != text && Placement::parse(&lower).is_some() {
            return Self::Fixable { label: "placement directives are lower case", fixed: lower };
        }
        let unpadded = strip_leading_zeros(text);
        if unpadded != text && Placement::parse(&unpadded).is_some() {
            return Self::Fixable { label: "numbers have no leading zeros", fixed: unpadded };
        }
        Self::Unknown
    }
}

/// `08` becomes `8` and `mysql/01` becomes `mysql/1`; other text is kept.
fn strip_leading_zeros(text: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut segment = String::new();
    for it in text.chars().chain(std::iter::once('\0')) {
        if it == ':' || it == '/' || it == '\0' {
            if segment.len() > 1 && segment.bytes().all(|b| b.is_ascii_digit()) {
                let trimmed = segment.trim_start_matches('0');
                result.push_str(if trimmed.is_empty() { "0" } else { trimmed });
            } else {
                result.push_str(&segment);
            }
            segment.clear();
            if it != '\0' {
                result.push(it);
            }
        } else {
            segment.push(it);
        }
    }
    result
}

/// The diagnostic for directive `text` of application `app`, written at `span`.
pub fn diagnostic(app: &str, text: &str, span: FileSpan) -> Diagnostic {
    let (label, help) = match Problem::of(text) {
        Problem::Empty => (
            "empty placement directive".to_owned(),
            "remove the entry, or write `new` for a new machine".to_owned(),
        ),
        Problem::NewWithUnit => (
            "`new` takes no unit number".to_owned(),
            "write `new` for a new machine, or `lxd:new` for a container on a new machine"
                .to_owned(),
        ),
        Problem::ContainerId { host, container } => (
            "an existing container cannot be named in a bundle".to_owned(),
            format!(
                "write `{container}:{host}` to create a new container on machine `{host}` for this unit"
            ),
        ),
        Problem::KeyValue { zone: true } => (
            "bundles do not accept `zone=` placements".to_owned(),
            "remove the entry and add a `zones=` constraint to the application instead"
                .to_owned(),
        ),
        Problem::KeyValue { zone: false } => (
            "bundles do not accept `key=value` placements".to_owned(),
            "declare a machine under `machines:` with the constraints you need and place the unit on its number".to_owned(),
        ),
        Problem::Fixable { label, fixed } => (label.to_owned(), format!("write `{fixed}`")),
        Problem::Unknown => (
            "not a placement directive".to_owned(),
            "use `new`, a machine number (`8`), an application (`mysql`) or unit (`mysql/0`), optionally after a container type (`lxd:8`, `lxd:new`)".to_owned(),
        ),
    };
    RULE.diagnostic(format!("placement directive `{text}` of `{app}` is not valid"), span, label)
        .with_note(format!("Juju refuses the bundle: invalid placement syntax \"{text}\""))
        .with_help(help)
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if bundle.is_kubernetes() {
        return;
    }
    for directive in directives(bundle).filter(|it| it.placement.is_none()) {
        out.push(directive.with_alias_labels(diagnostic(
            directive.app,
            &directive.text.value,
            directive.span(),
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::{Problem, strip_leading_zeros};

    #[test]
    fn leading_zeros_are_stripped_from_each_number() {
        assert_eq!(strip_leading_zeros("08"), "8");
        assert_eq!(strip_leading_zeros("lxd:007"), "lxd:7");
        assert_eq!(strip_leading_zeros("mysql/01"), "mysql/1");
        assert_eq!(strip_leading_zeros("0"), "0");
        assert_eq!(strip_leading_zeros("00"), "0");
        assert_eq!(strip_leading_zeros("app0/0"), "app0/0");
    }

    #[test]
    fn recognises_common_mistakes() {
        assert!(matches!(Problem::of("new/0"), Problem::NewWithUnit));
        assert!(matches!(Problem::of("lxd:new/1"), Problem::NewWithUnit));
        assert!(matches!(Problem::of("0/lxd/0"), Problem::ContainerId { .. }));
        assert!(matches!(Problem::of("zone=az1"), Problem::KeyValue { zone: true }));
        assert!(matches!(Problem::of("LXD:0"), Problem::Fixable { .. }));
        assert!(matches!(Problem::of("lxd: 0"), Problem::Fixable { .. }));
        assert!(matches!(Problem::of("lxd:08"), Problem::Fixable { .. }));
        assert!(matches!(Problem::of(""), Problem::Empty));
        assert!(matches!(Problem::of("mysql_router/0"), Problem::Unknown));
    }
}
