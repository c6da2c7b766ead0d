//! # N012 bridge-mappings-mismatch
//!
//! ## What it checks
//! The two bridge options of an OVN chassis application against each other:
//! every bridge that `bridge-interface-mappings` (`bridge:interface` pairs) connects to an
//! interface must be named in `ovn-bridge-mappings` (`physnet:bridge` pairs), and every
//! bridge that `ovn-bridge-mappings` names must be connected to an interface.
//! Pairs are space-separated and split at their first colon, as the charm splits them.
//! When two close names explain both sides (one misspelling), one diagnostic reports it,
//! with the name to use: on the side whose name `[bridges]` does not know, or on the
//! `ovn-bridge-mappings` side when the policy cannot tell.
//!
//! ## Why it matters
//! The charm creates a bridge and plugs its interface only when `ovn-bridge-mappings`
//! names the bridge, and it drops a physical network whose bridge has no interface.
//! Either way the deploy succeeds and the physical network (external access for routers
//! and floating IPs, or a provider network) silently does not exist.
//!
//! ## Example
//! Flagged (`br-ext` is reported, with `br-ex` as the name to use):
//! ```yaml
//! applications:
//!   ovn-chassis:
//!     charm: ovn-chassis
//!     options:
//!       bridge-interface-mappings: br-ex:enp8s0
//!       ovn-bridge-mappings: physnet1:br-ext
//! ```
//! Accepted: `ovn-bridge-mappings: physnet1:br-ex`.
//!
//! ## Fix
//! None yet.
//! Renaming a misspelt bridge would be safe when one name is close to the other, but which
//! side is misspelt is the operator's call.
//!
//! ## Policy
//! Needs no policy: this is how the charm reads its options, whatever the site.
//! It runs without a policy too, on the bundle as deployed (overlays merged).
//! When the policy has `[bridges]`, the bridge names there tell which of two close names
//! is the misspelt one.
//! Error by default.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status, closest};
use super::{Pair, pairs};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "N012",
    name: "bridge-mappings-mismatch",
    family: Family::Networks,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// `bridge:interface` pairs.
const INTERFACES: &str = "bridge-interface-mappings";
/// `physnet:bridge` pairs.
const PHYSNETS: &str = "ovn-bridge-mappings";

/// Which side of the pair of options lacks a bridge.
pub enum Missing<'a> {
    /// A bridge with an interface that no physical network uses.
    Physnet {
        /// Where `ovn-bridge-mappings` is set, if it is.
        physnets: Option<FileSpan>,
        /// A bridge of `ovn-bridge-mappings` with a close name.
        close: Option<&'a str>,
    },
    /// A physical network whose bridge has no interface.
    Interface {
        /// The physical network.
        physnet: Option<&'a str>,
        /// Where `bridge-interface-mappings` is set, if it is.
        interfaces: Option<FileSpan>,
        /// A bridge of `bridge-interface-mappings` with a close name.
        close: Option<&'a str>,
    },
}

/// The diagnostic for `bridge` of `app` (`None` when an option is secret), written at
/// `span`, that one of the two options lacks as `missing` says.
pub fn diagnostic(
    app: &str,
    bridge: Option<&str>,
    span: FileSpan,
    missing: &Missing<'_>,
) -> Diagnostic {
    let named = bridge.map_or_else(|| "a bridge".to_owned(), |bridge| format!("bridge `{bridge}`"));
    match missing {
        Missing::Physnet { physnets, close } => {
            let mut diagnostic = RULE
                .diagnostic(
                    format!(
                        "{named} of `{app}` has an interface but no physical network in \
                         `{PHYSNETS}`"
                    ),
                    span,
                    format!("not in `{PHYSNETS}`"),
                )
                .with_note(format!(
                    "the charm only creates bridges that `{PHYSNETS}` names, so this interface is \
                     never plugged in"
                ));
            if let Some(physnets) = physnets {
                diagnostic = diagnostic.with_label(*physnets, "the physical networks' bridges");
            }
            let help = match close {
                Some(close) => format!("did you mean `{close}`? `{PHYSNETS}` names it"),
                None => format!(
                    "map a physical network to the bridge in `{PHYSNETS}`, e.g. `physnet1:<bridge>`"
                ),
            };
            diagnostic.with_help(help)
        }
        Missing::Interface { physnet, interfaces, close } => {
            let network = physnet.map_or_else(
                || "a physical network".to_owned(),
                |physnet| format!("physical network `{physnet}`"),
            );
            let mut diagnostic = RULE
                .diagnostic(
                    format!(
                        "{network} of `{app}` uses {named}, which `{INTERFACES}` connects to no \
                         interface"
                    ),
                    span,
                    format!("no interface in `{INTERFACES}`"),
                )
                .with_note(
                    "the charm drops a physical network whose bridge has no interface, so the \
                     network does not exist on the chassis",
                );
            if let Some(interfaces) = interfaces {
                diagnostic = diagnostic.with_label(*interfaces, "the bridges with interfaces");
            }
            let help = match close {
                Some(close) => format!("did you mean `{close}`? `{INTERFACES}` connects it"),
                None => format!(
                    "connect the bridge to an interface in `{INTERFACES}`, e.g. `<bridge>:<nic>`"
                ),
            };
            diagnostic.with_help(help)
        }
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for (app, _, body) in ctx.bundle.apps() {
        let interfaces_field = body.option(INTERFACES);
        let physnets_field = body.option(PHYSNETS);
        if interfaces_field.is_none() && physnets_field.is_none() {
            continue;
        }
        let secret = ctx.policy.is_secret(app, INTERFACES) || ctx.policy.is_secret(app, PHYSNETS);
        let interfaces: Vec<Pair> = interfaces_field.map(|it| pairs(ctx, it)).unwrap_or_default();
        let physnets: Vec<Pair> = physnets_field.map(|it| pairs(ctx, it)).unwrap_or_default();
        let unmatched_interfaces: Vec<&Pair> = interfaces
            .iter()
            .filter(|pair| !physnets.iter().any(|it| it.right == pair.left))
            .collect();
        let unmatched_physnets: Vec<&Pair> = physnets
            .iter()
            .filter(|pair| !interfaces.iter().any(|it| it.left == pair.right))
            .collect();
        let physnets_span = physnets_field.map(|it| it.value.span);
        let interfaces_span = interfaces_field.map(|it| it.value.span);
        let shown = |text: &'_ str| (!secret).then_some(text.to_owned());
        let mut explained = Vec::new();
        for pair in &unmatched_interfaces {
            let candidates = unmatched_physnets
                .iter()
                .map(|it| it.right.as_str())
                .filter(|it| !explained.contains(it));
            let close = closest(&pair.left, candidates)
                .and_then(|name| unmatched_physnets.iter().find(|it| it.right == name));
            let Some(close) = close else {
                let missing = Missing::Physnet { physnets: physnets_span, close: None };
                let found = diagnostic(app, shown(&pair.left).as_deref(), pair.left_span, &missing);
                out.push(with_alias(found, app, interfaces_field));
                continue;
            };
            explained.push(close.right.as_str());
            // Two close names are one misspelling: report it once, on the side whose name
            // the policy does not know, and on the `ovn-bridge-mappings` side otherwise.
            let known = |bridge: &str| ctx.policy.raw.bridges.contains_key(bridge);
            if known(&close.right) && !known(&pair.left) {
                let missing = Missing::Physnet {
                    physnets: physnets_span,
                    close: (!secret).then_some(close.right.as_str()),
                };
                let found = diagnostic(app, shown(&pair.left).as_deref(), pair.left_span, &missing);
                out.push(with_alias(found, app, interfaces_field));
            } else {
                let missing = Missing::Interface {
                    physnet: (!secret).then_some(close.left.as_str()),
                    interfaces: interfaces_span,
                    close: (!secret).then_some(pair.left.as_str()),
                };
                let found =
                    diagnostic(app, shown(&close.right).as_deref(), close.right_span, &missing);
                out.push(with_alias(found, app, physnets_field));
            }
        }
        for pair in unmatched_physnets.iter().filter(|it| !explained.contains(&it.right.as_str())) {
            let missing = Missing::Interface {
                physnet: (!secret).then_some(pair.left.as_str()),
                interfaces: interfaces_span,
                close: None,
            };
            let found = diagnostic(app, shown(&pair.right).as_deref(), pair.right_span, &missing);
            out.push(with_alias(found, app, physnets_field));
        }
    }
}

fn with_alias(
    diagnostic: Diagnostic,
    app: &str,
    field: Option<&crate::ir::Field<crate::ir::Value>>,
) -> Diagnostic {
    match field.and_then(|it| it.value.alias) {
        Some(alias) => diagnostic.with_label(alias, format!("used by `{app}` here")),
        None => diagnostic,
    }
}
