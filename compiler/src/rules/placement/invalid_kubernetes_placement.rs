//! # P011 invalid-kubernetes-placement
//!
//! ## What it checks
//! Placement in a Kubernetes bundle (`bundle: kubernetes`) that Juju refuses: more than one
//! `to:` entry for an application, or an entry (or `placement:` value) that is not a list
//! of `key=value` pairs separated by commas, such as a machine directive like `lxd:0`.
//!
//! ## Why it matters
//! A Kubernetes bundle has no machines. Its only placement is a node selector, for
//! example `kubernetes.io/hostname=worker-1`, and each application takes at most one.
//! Juju refuses the whole bundle with `too many placement directives for application
//! "..."`, or with `expected "key=value", got "lxd:0" for application "..."`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! bundle: kubernetes
//! applications:
//!   mariadb:
//!     charm: mariadb-k8s
//!     scale: 1
//!     to: ["lxd:0"]
//! ```
//! Accepted: `to: ["kubernetes.io/hostname=worker-1"]`, or no `to:` at all.
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Spanned;
use crate::ir::placement::{Placement, Target};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "P011",
    name: "invalid-kubernetes-placement",
    family: Family::Placement,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// What is wrong with a Kubernetes application's placement.
pub enum Problem<'a> {
    /// A second `to:` entry, written at the span.
    SecondDirective,
    /// An entry that is not `key=value` pairs.
    NotKeyValue {
        /// The entry.
        text: &'a str,
        /// The offending part, as Juju quotes it.
        part: String,
    },
    /// The same key given twice in one entry.
    DuplicateKey {
        /// The entry.
        text: &'a str,
        /// The key.
        key: String,
    },
}

/// The diagnostic for application `app` whose placement has `problem` at `span`.
pub fn diagnostic(app: &str, problem: &Problem<'_>, span: FileSpan) -> Diagnostic {
    match problem {
        Problem::SecondDirective => RULE
            .diagnostic(
                format!("`{app}` has more than one placement directive in a Kubernetes bundle"),
                span,
                "a Kubernetes application takes at most one",
            )
            .with_note(format!(
                "Juju refuses the bundle: too many placement directives for application \"{app}\""
            ))
            .with_help("keep one `key=value` node selector (several pairs go in one entry, separated by commas)"),
        Problem::NotKeyValue { text, part } => {
            let looks_like_machine = Placement::parse(text).is_some_and(|it| {
                it.container.is_some() || matches!(it.target, Target::Machine(_) | Target::New)
            });
            let diagnostic = RULE
                .diagnostic(
                    format!("placement `{text}` of `{app}` is not a `key=value` node selector"),
                    span,
                    if looks_like_machine {
                        "a machine placement, but a Kubernetes bundle has no machines"
                    } else {
                        "expected `key=value`"
                    },
                )
                .with_note(format!(
                    "Juju refuses the bundle: expected \"key=value\", got \"{part}\" for application \"{app}\""
                ));
            if looks_like_machine {
                diagnostic.with_help("remove the entry, or select nodes with a label such as `kubernetes.io/hostname=worker-1`")
            } else {
                diagnostic.with_help("write each pair as `key=value`, separated by commas")
            }
        }
        Problem::DuplicateKey { text, key } => RULE
            .diagnostic(
                format!("placement `{text}` of `{app}` gives key `{key}` twice"),
                span,
                "each key may appear once",
            )
            .with_note("Juju refuses the bundle: a node selector names each key once")
            .with_help(format!("keep one value for `{key}`")),
    }
}

/// The first problem Juju finds in a node selector, or `None` when it is valid.
fn selector_problem(text: &str) -> Option<Problem<'_>> {
    let mut keys: Vec<&str> = Vec::new();
    for pair in text.split(',') {
        let Some((key, value)) = pair.split_once('=') else {
            return Some(Problem::NotKeyValue { text, part: pair.to_owned() });
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() || value.is_empty() {
            return Some(Problem::NotKeyValue { text, part: pair.to_owned() });
        }
        if keys.contains(&key) {
            return Some(Problem::DuplicateKey { text, key: key.to_owned() });
        }
        keys.push(key);
    }
    None
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let bundle = ctx.bundle;
    if !bundle.is_kubernetes() {
        return;
    }
    for (name, _, app) in bundle.apps() {
        // Juju moves `placement` into `to` for Kubernetes bundles; having both is a parse
        // error reported elsewhere.
        let single;
        let directives: &[Spanned<String>] = match (&app.to, &app.placement) {
            (Some(to), _) => to.get(),
            (None, Some(placement)) => {
                single = [placement.value.clone()];
                &single
            }
            (None, None) => continue,
        };
        match directives {
            [] => {}
            [only] => {
                if let Some(problem) = selector_problem(&only.value) {
                    out.push(diagnostic(name, &problem, only.use_site()));
                }
            }
            [_, second, ..] => {
                out.push(diagnostic(name, &Problem::SecondDirective, second.use_site()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Problem, selector_problem};

    #[test]
    fn node_selectors_parse_as_juju_parses_them() {
        assert!(selector_problem("kubernetes.io/hostname=worker-1").is_none());
        assert!(selector_problem("a=b, c=d").is_none());
        assert!(matches!(selector_problem("lxd:0"), Some(Problem::NotKeyValue { .. })));
        assert!(matches!(selector_problem("a="), Some(Problem::NotKeyValue { .. })));
        assert!(matches!(selector_problem("a=b,a=c"), Some(Problem::DuplicateKey { .. })));
    }
}
