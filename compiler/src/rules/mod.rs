//! The rules: metadata, documentation and checks, one module per rule, grouped by family.
//!
//! [`registry`] is the only list of rules. A rule either runs on a bundle (the base
//! document alone and the merged result, as Juju verifies both) or is reported by the front
//! end (parse, lowering, merge) through the rule's own diagnostic builder, so all wording of
//! a rule lives in its module.

pub mod charms;
pub mod merge;
pub mod networks;
pub mod options;
pub mod placement;
pub mod registry;
pub mod relations;
pub mod structure;

use crate::catalog::{Catalog, Charm};
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::ir::{Application, Bundle};
use crate::plan::Plan;
use crate::policy::ValidPolicy;
use crate::source::{FileSpan, SourceDb, SourceProvider};

/// The family a rule belongs to; its letter starts the rule's code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// `S`: document structure and YAML.
    Structure,
    /// `R`: references and relations.
    Relations,
    /// `P`: placement and machines.
    Placement,
    /// `C`: charms and channels.
    Charms,
    /// `N`: networks and VIPs.
    Networks,
    /// `O`: options and secrets.
    Options,
    /// `M`: overlay merging.
    Merge,
}

impl Family {
    /// The family's name in docs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Structure => "structure",
            Self::Relations => "relations",
            Self::Placement => "placement",
            Self::Charms => "charms",
            Self::Networks => "networks",
            Self::Options => "options",
            Self::Merge => "merge",
        }
    }
}

/// Whether a rule can offer a fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    /// Never.
    None,
    /// When the right edit is known.
    Sometimes,
    /// Always.
    Always,
}

/// Whether a rule is in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Runs.
    Active,
    /// Retired: kept so old policies still resolve its code; never reports.
    Removed,
}

/// What a bundle check sees.
pub struct Context<'a> {
    /// The bundle: the base document alone, or the merged result.
    pub bundle: &'a Bundle,
    /// Every file read so far.
    pub sources: &'a SourceDb,
    /// How to look at files the bundle names (local charms).
    pub provider: &'a dyn SourceProvider,
    /// Which bundle this is.
    pub scope: Scope,
    /// The site policy (empty when the site has none).
    pub policy: &'a ValidPolicy,
    /// The deploy plan of `bundle`.
    pub plan: &'a Plan,
    /// Charm facts: the built-in catalog, overridden by the site's and the bundle's charms.
    pub catalog: &'a Catalog,
    /// The lines holding secret values, found once per check: rules ask for every
    /// diagnostic they report.
    pub(crate) secret_lines: std::cell::OnceCell<options::SecretLines>,
}

impl Context<'_> {
    /// The lines, per file, that hold a value of a secret option.
    pub(crate) fn secret_lines(&self) -> &options::SecretLines {
        self.secret_lines.get_or_init(|| options::SecretLines::of(self))
    }

    /// The catalog's facts about the charm of `application`, if it knows the charm.
    pub fn charm_of(&self, application: &Application) -> Option<&Charm> {
        self.catalog.charm(application.charm_name()?)
    }

    /// The text of the file a span points into.
    pub fn text_of(&self, span: FileSpan) -> &str {
        &self.sources.get(span.file).text
    }
}

/// Which bundle a check runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The first document of the base bundle, verified on its own as Juju does.
    BaseDocument,
    /// Every document merged.
    Merged,
}

/// A check over a bundle.
pub type CheckFn = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// How a rule is checked.
#[derive(Clone, Copy)]
pub enum Check {
    /// The parser, the lowering or the merge reports it through the rule's builder.
    FrontEnd,
    /// A function over a bundle.
    Bundle(CheckFn),
}

/// A rule's metadata and check.
pub struct Rule {
    /// Stable code: family letter and three digits.
    pub code: &'static str,
    /// kebab-case name, after the problem it flags.
    pub name: &'static str,
    /// Its family.
    pub family: Family,
    /// Severity unless the policy changes it.
    pub severity: Severity,
    /// Whether it offers fixes.
    pub fix: FixAvailability,
    /// Active or retired.
    pub status: Status,
    /// The module path, which keys its documentation.
    pub module: &'static str,
    /// How it is checked.
    pub check: Check,
}

impl Rule {
    /// A diagnostic of this rule with a primary label.
    pub fn diagnostic(
        &self,
        message: impl Into<String>,
        span: FileSpan,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.code, self.name, self.severity, message, Label::new(span, label))
    }

    /// The user documentation from the rule module's doc comment.
    pub fn doc(&self) -> &'static str {
        docs::rule_doc(self.module).unwrap_or("")
    }
}

mod docs {
    include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));
}

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (name.len().max(candidate.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}
