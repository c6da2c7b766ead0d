//! # R002 invalid-endpoint
//!
//! ## What it checks
//! A relation endpoint that is neither `application` nor `application:endpoint` under
//! Juju's name grammars: upper case (`Keystone:identity-service`), `/` instead of `:`
//! (`mysql/shared-db`), `_` in an application name (`mysql_router:shared-db`), an empty
//! endpoint name (`vault:`), more than one `:`, or spaces.
//!
//! ## Why it matters
//! Juju refuses the whole bundle with "invalid relation syntax" and the string.
//! Application names are lower-case words joined by `-`, each word holding a letter;
//! endpoint names may also use `_`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! relations:
//! - [mysql_router:shared-db, keystone:shared-db]
//! - [vault/certificates, keystone:certificates]
//! ```
//! Accepted:
//! ```yaml
//! relations:
//! - [keystone-mysql-router:shared-db, keystone:shared-db]
//! - [vault:certificates, keystone:certificates]
//! ```
//!
//! ## Fix
//! None: a renamed application must be renamed everywhere it is used.
//! The help suggests the corrected string when an obvious one exists.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use super::pairs;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::Spanned;
use crate::ir::names::{is_application_name, is_endpoint_name};

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R002",
    name: "invalid-endpoint",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The diagnostic for the endpoint string `written`, which does not fit the grammar.
pub fn diagnostic(written: &Spanned<String>) -> Diagnostic {
    let text = written.value.as_str();
    let mut diagnostic = RULE
        .diagnostic(
            format!("invalid relation endpoint `{text}`"),
            written.span,
            "not `application` or `application:endpoint`",
        )
        .with_note("Juju refuses the bundle: \"invalid relation syntax\"");
    if let Some(alias) = written.alias {
        diagnostic = diagnostic.with_label(alias, "used here");
    }
    diagnostic.with_help(help(text))
}

/// How to repair `text`: a corrected string when one obvious edit makes it fit.
fn help(text: &str) -> String {
    if text.trim().is_empty() {
        return "write `application` or `application:endpoint`".to_owned();
    }
    let candidates = [
        (text.replacen('/', ":", 1), "separate the application from the endpoint with `:`"),
        (text.to_lowercase(), "names are lower case"),
        (text.split_whitespace().collect::<String>(), "remove the spaces"),
        (underscores_to_hyphens(text), "application names use `-`, not `_`"),
        (
            text.trim_end_matches(':').to_owned(),
            "name the endpoint after `:`, or drop the `:` to let Juju infer it",
        ),
    ];
    for (candidate, reason) in candidates {
        if candidate != text && fits(&candidate) {
            return format!("{reason}: `{candidate}`");
        }
    }
    if text.matches(':').count() > 1 {
        return "write one `:` between the application and the endpoint".to_owned();
    }
    "application names are lower-case words joined by `-`, each with a letter; endpoint names may also use `_`".to_owned()
}

/// `text` with `_` replaced by `-` in the application part only.
fn underscores_to_hyphens(text: &str) -> String {
    match text.split_once(':') {
        Some((application, endpoint)) => format!("{}:{endpoint}", application.replace('_', "-")),
        None => text.replace('_', "-"),
    }
}

/// Whether `text` fits Juju's endpoint grammar.
fn fits(text: &str) -> bool {
    match text.split_once(':') {
        Some((application, endpoint)) => {
            is_application_name(application) && is_endpoint_name(endpoint)
        }
        None => is_application_name(text),
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for pair in pairs(ctx) {
        for end in &pair.ends {
            if end.parsed.is_none() {
                out.push(diagnostic(end.written));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_suggests_the_obvious_correction() {
        assert_eq!(
            help("mediawiki/db"),
            "separate the application from the endpoint with `:`: `mediawiki:db`"
        );
        assert_eq!(
            help("Keystone:identity-service"),
            "names are lower case: `keystone:identity-service`"
        );
        assert_eq!(
            help("mysql_router:shared_db"),
            "application names use `-`, not `_`: `mysql-router:shared_db`"
        );
        assert!(help("vault:").ends_with("`vault`"));
        assert_eq!(help("a:b:c"), "write one `:` between the application and the endpoint");
    }

    #[test]
    fn only_pairs_are_checked() {
        let analysis = crate::check::analyze_texts(
            "applications:\n  a: {charm: a, num_units: 1}\nrelations:\n- [A, b, c]\n",
            &[],
        );
        assert!(analysis.diagnostics.iter().all(|it| it.code != "R002"));
    }
}
