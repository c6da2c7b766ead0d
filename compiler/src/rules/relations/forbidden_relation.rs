//! # R021 forbidden-relation
//!
//! ## What it checks
//! A relation that uses an endpoint listed in `relations.forbidden` of the site policy, on
//! either side: with `vault:ha` forbidden, `[vault:ha, vault-hacluster:ha]` and
//! `[vault-hacluster:ha, vault:ha]` are both flagged.
//! An entry without an endpoint name (`vault`) forbids every relation of that application.
//!
//! ## Why it matters
//! A forbidden endpoint marks something the site has decided against, such as clustering
//! an application it runs as a single unit.
//! Juju adds the relation and the charms act on it: Vault related to hacluster, for one,
//! expects a VIP and a cluster it does not have.
//!
//! The check looks at what gets deployed: the bundle with every overlay merged in.
//!
//! A relation that leaves the endpoint name out (`[vault, vault-hacluster]`) is flagged when
//! the charm catalog settles the endpoint Juju would pick and it is the forbidden one; the
//! label then says the endpoint is inferred. When the catalog cannot settle it (an unknown
//! charm, or several candidates), the relation is not flagged.
//!
//! ## Example
//! With this policy:
//! ```toml
//! [relations]
//! forbidden = ["vault:ha"]
//! ```
//! Flagged:
//! ```yaml
//! relations:
//!   - [vault:ha, vault-hacluster:ha]
//! ```
//! Accepted: a bundle without that relation.
//!
//! ## Fix
//! Unsafe: the relation's list item is removed, with its line (only for a block-list item
//! on lines of its own; an item inside a flow list gets no fix). It changes what gets
//! deployed, and the application it served may be left without a partner, so
//! `bundlec fix` applies it only with `--unsafe`.
//!
//! ## Policy
//! `relations.forbidden`: `application:endpoint` entries, or `application` alone.

use std::collections::HashMap;

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use super::links::{Resolved, links};
use crate::diagnostics::{Diagnostic, Severity};
use crate::fix::Fix;
use crate::fix::edits::delete_block_item;
use crate::ir::relation::Endpoint;
use crate::rules::options::push_guarded;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "R021",
    name: "forbidden-relation",
    family: Family::Relations,
    severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// A use of a forbidden endpoint.
#[derive(Clone, Copy, Debug)]
pub struct Use<'a> {
    /// The endpoint as written, e.g. `vault:ha`.
    pub endpoint: &'a str,
    /// The other endpoint of a two-endpoint relation.
    pub partner: Option<&'a str>,
    /// The endpoint name Juju would pick, when none is written.
    pub inferred: Option<&'a str>,
    /// Where the endpoint is written (the anchor, for an aliased one).
    pub at: FileSpan,
    /// The alias that brings it into the relation, if any.
    pub alias: Option<FileSpan>,
}

/// The diagnostic for `found`, forbidden by the entry `entry` written at `entry_at`.
pub fn diagnostic(found: Use<'_>, entry: &str, entry_at: Option<FileSpan>) -> Diagnostic {
    let endpoint = found.endpoint;
    let message = match found.partner {
        Some(partner) => {
            format!("`{endpoint}` is related to `{partner}`, which the site policy forbids")
        }
        None => format!("`{endpoint}` takes part in a relation, which the site policy forbids"),
    };
    let label = match found.inferred {
        Some(name) => format!("Juju would relate its `{name}` endpoint, which is forbidden"),
        None => "forbidden endpoint".to_owned(),
    };
    let mut diagnostic = RULE
        .diagnostic(message, found.at, label)
        .with_note(format!("the site policy says there is no `{entry}` relation in this deployment; Juju would add it and the charms would act on it"))
        .with_help("remove this relation");
    if let Some(alias) = found.alias {
        diagnostic = diagnostic.with_label(alias, "used in this relation through an alias");
    }
    if let Some(entry_at) = entry_at {
        diagnostic = diagnostic.with_label(entry_at, "forbidden by the site policy");
    }
    diagnostic
}

/// Whether the parsed endpoint is what `entry` forbids; `inferred` is the endpoint name
/// Juju would pick when none is written.
fn forbids(entry: &str, endpoint: &Endpoint, inferred: Option<&str>) -> bool {
    match entry.split_once(':') {
        Some((app, name)) => {
            endpoint.application == app && endpoint.name.as_deref().or(inferred) == Some(name)
        }
        None => endpoint.application == entry,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let forbidden = &ctx.policy.raw.relations.forbidden;
    if forbidden.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    // The endpoint names Juju would infer, by relation and endpoint-less end (one anchor
    // may stand for ends of several relations, each inferred on its own).
    let inferred: HashMap<(FileSpan, FileSpan), String> = links(ctx)
        .into_iter()
        .flat_map(|link| link.ends.map(|end| (link.span, end)))
        .filter_map(|(relation, end)| match end.endpoint {
            Resolved::Inferred(name) => Some(((relation, end.span), name)),
            _ => None,
        })
        .collect();
    for relation in &ctx.bundle.relations {
        for (idx, written) in relation.endpoints.iter().enumerate() {
            let Some(endpoint) = Endpoint::parse(written, ctx.text_of(written.span)) else {
                continue;
            };
            let inferred_name = endpoint
                .name
                .is_none()
                .then(|| inferred.get(&(relation.span, written.span)))
                .flatten()
                .map(String::as_str);
            let Some(entry) =
                forbidden.iter().find(|entry| forbids(entry.get(), &endpoint, inferred_name))
            else {
                continue;
            };
            let at = match endpoint.name_span {
                Some(name) => FileSpan::new(
                    written.span.file,
                    endpoint.application_span.range.cover(name.range),
                ),
                None => endpoint.application_span,
            };
            let partner = match relation.endpoints.as_slice() {
                [a, b] => Some(if idx == 0 { b } else { a }.value.as_str()),
                _ => None,
            };
            let found = Use {
                endpoint: &written.value,
                partner,
                inferred: inferred_name,
                at,
                alias: written.alias,
            };
            let fix = delete_block_item(ctx.sources, relation.span).and_then(|edit| {
                Fix::unsafe_edit(
                    format!("remove the relation that uses `{}`", written.value),
                    vec![edit],
                )
            });
            let found = diagnostic(found, entry.get(), ctx.policy.span_of(entry)).with_fix_if(fix);
            push_guarded(ctx, out, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Spanned;
    use crate::source::{FileId, TextRange};

    fn parsed(text: &str) -> Endpoint {
        let span = FileSpan::new(FileId(0), TextRange::new(0, crate::source::to_u32(text.len())));
        Endpoint::parse(&Spanned::new(text.to_owned(), span), text).unwrap()
    }

    #[test]
    fn an_endpoint_entry_forbids_only_that_endpoint() {
        assert!(forbids("vault:ha", &parsed("vault:ha"), None));
        assert!(!forbids("vault:ha", &parsed("vault:certificates"), None));
        assert!(!forbids("vault:ha", &parsed("vault-hacluster:ha"), None));
        assert!(!forbids("vault:ha", &parsed("vault"), None));
    }

    #[test]
    fn an_inferred_endpoint_counts_only_when_none_is_written() {
        assert!(forbids("vault:ha", &parsed("vault"), Some("ha")));
        assert!(!forbids("vault:ha", &parsed("vault"), Some("certificates")));
        assert!(!forbids("vault:ha", &parsed("vault:certificates"), Some("ha")));
    }

    #[test]
    fn an_application_entry_forbids_all_its_relations() {
        assert!(forbids("designate", &parsed("designate:dns-backend"), None));
        assert!(forbids("designate", &parsed("designate"), None));
    }
}
