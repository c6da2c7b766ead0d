//! bundlec: a compiler and linter for Juju bundles.
//!
//! The pipeline: each file is read through a [`source::SourceProvider`] and parsed into a
//! spanned YAML tree ([`syntax`]); each document is lowered into the typed bundle model
//! ([`ir`]); documents are merged in order the way `juju deploy --overlay` does
//! ([`overlay`]), every value remembering the file and span that set it; the rules
//! ([`rules`]) run on the base document alone and on the merged bundle, as Juju verifies
//! both; the result is a list of [`diagnostics::Diagnostic`]s that the CLI and the language
//! server render. Analysis is a pure function of its inputs: no global state.

pub mod catalog;
pub mod check;
pub mod diagnostics;
pub mod fix;
pub mod ir;
pub mod overlay;
pub mod plan;
pub mod policy;
pub mod redact;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod syntax;
