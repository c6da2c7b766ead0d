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
//! A relation that leaves the endpoint name out (`[vault, vault-hacluster]`) is not flagged
//! by an `application:endpoint` entry: Juju picks the endpoint from the charms' metadata,
//! which bundlec does not read.
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

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
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
    let mut diagnostic = RULE
        .diagnostic(message, found.at, "forbidden endpoint")
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

/// Whether the parsed endpoint is what `entry` forbids.
fn forbids(entry: &str, endpoint: &Endpoint) -> bool {
    match entry.split_once(':') {
        Some((app, name)) => endpoint.application == app && endpoint.name.as_deref() == Some(name),
        None => endpoint.application == entry,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let forbidden = &ctx.policy.raw.relations.forbidden;
    if forbidden.is_empty() || ctx.scope != Scope::Merged {
        return;
    }
    for relation in &ctx.bundle.relations {
        for (idx, written) in relation.endpoints.iter().enumerate() {
            let Some(endpoint) = Endpoint::parse(written, ctx.text_of(written.span)) else {
                continue;
            };
            let Some(entry) = forbidden.iter().find(|entry| forbids(entry.get(), &endpoint)) else {
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
            let found = Use { endpoint: &written.value, partner, at, alias: written.alias };
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
        assert!(forbids("vault:ha", &parsed("vault:ha")));
        assert!(!forbids("vault:ha", &parsed("vault:certificates")));
        assert!(!forbids("vault:ha", &parsed("vault-hacluster:ha")));
        // LIMIT: an endpoint left for Juju to infer is not known to be `ha`.
        assert!(!forbids("vault:ha", &parsed("vault")));
    }

    #[test]
    fn an_application_entry_forbids_all_its_relations() {
        assert!(forbids("designate", &parsed("designate:dns-backend")));
        assert!(forbids("designate", &parsed("designate")));
    }
}
