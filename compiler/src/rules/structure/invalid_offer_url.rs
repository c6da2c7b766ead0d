//! # S013 invalid-offer-url
//!
//! ## What it checks
//! A SAAS `url` that is not an offer URL: `[<controller>:][<user>/]<model>.<offer>`,
//! where the model name is lower-case letters, digits and hyphens and the offer name
//! follows the application name rules.
//! `othercontroller:admin/identity.keystone`, `admin/identity.keystone` and
//! `identity.keystone` are valid; `admin/keystone` (no model) and `admin/a/b.c` are not.
//!
//! ## Why it matters
//! Juju refuses the bundle with `invalid offer URL "<url>" for SAAS <name>`.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! saas:
//!   remote-keystone:
//!     url: admin/keystone
//! ```
//! Accepted:
//! ```yaml
//! saas:
//!   remote-keystone:
//!     url: admin/identity.keystone
//! ```
//!
//! ## Fix
//! None.
//!
//! ## Policy
//! Error by default: Juju refuses the bundle.

use super::super::{Check, Context, Family, FixAvailability, Rule, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::names;
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "S013",
    name: "invalid-offer-url",
    family: Family::Structure,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// Whether `text` is a relation endpoint name part Juju takes after a `:` (letters and
/// digits only), which tells `model.offer:endpoint` from `controller:model.offer`.
fn is_endpoint_suffix(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_model_name(name: &str) -> bool {
    name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_user_name(name: &str) -> bool {
    let local = name.split_once('@').map_or(name, |(local, _)| local);
    local.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b))
}

/// Why `url` is not an offer URL, or `None` when it is one.
pub fn offer_url_problem(url: &str) -> Option<String> {
    if url.starts_with(':') {
        return Some("the controller name before `:` is empty".to_owned());
    }
    let parts: Vec<&str> = url.split(':').collect();
    let rest = match parts.as_slice() {
        [_] => url.to_owned(),
        [_, second] if is_endpoint_suffix(second) => url.to_owned(),
        [_, second] => (*second).to_owned(),
        [_, second, third] => format!("{second}:{third}"),
        _ => {
            return Some(
                "an offer URL has at most one controller and one endpoint part".to_owned(),
            );
        }
    };
    let rest = rest.strip_prefix('/').unwrap_or(&rest);
    let (user, model_offer) = match rest.split_once('/') {
        Some((user, remainder)) => (Some(user), remainder),
        None => (None, rest),
    };
    if model_offer.contains('/') {
        return Some(
            "an offer URL has the form `[<controller>:][<user>/]<model>.<offer>`".to_owned(),
        );
    }
    let Some((model, offer)) = model_offer.split_once('.') else {
        return Some("the URL names no offer: write `<model>.<offer>`".to_owned());
    };
    if model.is_empty() {
        return Some("the model name is empty".to_owned());
    }
    let offer = offer.split_once(':').map_or(offer, |(offer, _)| offer);
    if offer.is_empty() {
        return Some("the offer name is empty".to_owned());
    }
    if let Some(user) = user
        && !is_user_name(user)
    {
        return Some(format!("`{user}` is not a valid user name"));
    }
    if !is_model_name(model) {
        return Some(format!("`{model}` is not a valid model name"));
    }
    if !names::is_application_name(offer) {
        return Some(format!("`{offer}` is not a valid offer name"));
    }
    None
}

/// The diagnostic for SAAS `name` whose `url`, used at `span`, fails because of `problem`.
pub fn diagnostic(name: &str, url: &str, problem: &str, span: FileSpan) -> Diagnostic {
    RULE.diagnostic(
        format!("SAAS `{name}` has an invalid offer URL `{url}`"),
        span,
        problem,
    )
    .with_note(format!("Juju refuses the bundle: invalid offer URL \"{url}\" for SAAS {name}"))
    .with_help(
        "write the URL as `[<controller>:][<user>/]<model>.<offer>`, for example `admin/openstack.keystone`; `juju find-offers` lists them",
    )
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (name, saas) in &ctx.bundle.saas {
        let Some(url) = &saas.url else { continue };
        let text = url.get();
        if text.is_empty() {
            continue;
        }
        if let Some(problem) = offer_url_problem(text) {
            out.push(diagnostic(name, text, &problem, url.value.use_site()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::offer_url_problem;

    #[test]
    fn offer_urls_follow_juju_grammar() {
        for good in [
            "identity.keystone",
            "admin/identity.keystone",
            "othercontroller:admin/identity.keystone",
            "prod:admin/openstack.keystone:identity",
            "admin/identity.keystone:identity",
            "alice@external/db.mysql",
        ] {
            assert_eq!(offer_url_problem(good), None, "{good}");
        }
        for bad in [
            "admin/keystone",
            ":admin/identity.keystone",
            "admin/a/b.c",
            "admin/identity.Keystone",
            "admin/Identity.keystone",
            "admin/.keystone",
            "admin/identity.",
        ] {
            assert!(offer_url_problem(bad).is_some(), "{bad}");
        }
    }
}
