//! # O011 option-type-mismatch
//!
//! ## What it checks
//! An option value that Juju will not accept for the option's type, following Juju's
//! rules for bundle settings:
//! - a string is parsed into the option's type: `"true"` is fine for a `boolean` option
//!   and `"24"` for an `int` option, but `"8 GB"` is not an `int`;
//! - any other YAML value keeps its YAML type and is checked: a number or a boolean given
//!   to a `string` option is refused, as is a float given to an `int` option (an integer
//!   given to a `float` option is fine).
//!
//! The second rule catches YAML 1.1 surprises in plain (unquoted) scalars: `yes`, `no`,
//! `on` and `off` are booleans, `1.10` is the float 1.1, and `0755` is the octal integer
//! 493, so none of them is a string.
//!
//! A null value unsets the option and is not checked; a value read with `include-file://`
//! or `include-base64://` is a string. The check needs the charm's facts from the catalog
//! and is skipped for a charm it does not know, and for an option the charm does not have
//! (see O010).
//!
//! ## Why it matters
//! `juju deploy` does not look into charms before it starts: the controller refuses the
//! settings while the bundle is being deployed ("option ... expected int, got ..."), and
//! what was deployed before that point stays, since bundle deploys are not transactional.
//!
//! ## Example
//! Flagged:
//! ```yaml
//! nova-compute:
//!   charm: nova-compute
//!   options:
//!     reserved-host-memory: "8 GB"
//! ovn-chassis:
//!   charm: ovn-chassis
//!   options:
//!     ovn-bridge-mappings: on
//! ```
//! Accepted:
//! ```yaml
//! nova-compute:
//!   charm: nova-compute
//!   options:
//!     reserved-host-memory: "8192"
//! ```
//!
//! ## Fix
//! None yet. Quoting a plain scalar given to a `string` option would be safe when the text
//! is what was meant, but `on` may stand for a boolean the user thought the option took,
//! so the help only says how.
//!
//! ## Policy
//! `[options] secret`: the value of an option the policy marks secret is never shown;
//! the report names its YAML type instead.

use super::super::{Check, Context, Family, FixAvailability, Rule, Scope, Status};
use crate::catalog::OptionKind;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Field, Value};
use crate::source::FileSpan;

/// Rule metadata.
pub static RULE: Rule = Rule {
    code: "O011",
    name: "option-type-mismatch",
    family: Family::Options,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Active,
    module: module_path!(),
    check: Check::Bundle(check),
};

/// The value Juju refuses, as far as it may be shown.
pub struct Refused<'a> {
    /// The application.
    pub application: &'a str,
    /// The option.
    pub option: &'a str,
    /// The option's declared type.
    pub kind: OptionKind,
    /// The value as YAML typed it.
    pub value: &'a Value,
    /// The scalar's text as written; `None` when it must not be shown (a secret).
    pub written: Option<&'a str>,
    /// Where the value is written.
    pub span: FileSpan,
    /// Where it is used through an alias, if it is.
    pub alias: Option<FileSpan>,
}

/// The diagnostic for `refused`.
pub fn diagnostic(refused: &Refused<'_>) -> Diagnostic {
    let Refused { application, option, kind, value, written, span, alias } = *refused;
    let expected = kind_phrase(kind);
    let got = match (value, written) {
        (Value::Str(text), Some(_)) if text.include.is_some() => {
            "the contents of an included file".to_owned()
        }
        (Value::Str(text), Some(_)) => format!("the string `{}`", shorten(&text.text)),
        (Value::Collection, _) => "a list or mapping".to_owned(),
        (_, Some(written)) => format!("the {} `{}`", value.type_name(), shorten(written)),
        (_, None) => format!("{} {}", article(value.type_name()), value.type_name()),
    };
    let mut diagnostic = RULE.diagnostic(
        format!("option `{option}` of `{application}` expects {expected}, got {got}"),
        span,
        format!("not {expected}"),
    );
    if let Some(alias) = alias {
        diagnostic = diagnostic.with_label(alias, format!("used for `{option}` here"));
    }
    if let Some(note) = matches!(kind, OptionKind::String | OptionKind::Secret)
        .then(|| yaml_note(value, written))
        .flatten()
    {
        diagnostic = diagnostic.with_note(note);
    }
    let (rule_note, help) = explain(kind, value, written);
    diagnostic
        .with_note(rule_note)
        .with_note("Juju's controller refuses the settings while the bundle deploys; bundle deploys are not transactional, so what was deployed before this point stays")
        .with_help(help)
}

/// How the option's type reads in a message.
fn kind_phrase(kind: OptionKind) -> &'static str {
    match kind {
        OptionKind::String => "a string",
        OptionKind::Int => "an integer",
        OptionKind::Float => "a number",
        OptionKind::Boolean => "a boolean",
        OptionKind::Secret => "a secret URI",
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" }
}

/// The first line of `text`, cut to a readable length.
fn shorten(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut short: String = line.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// Why a plain scalar is not the string it looks like, when YAML's typing is the surprise.
fn yaml_note(value: &Value, written: Option<&str>) -> Option<String> {
    let shown = |text: &str| match written {
        Some(_) => format!("`{text}`"),
        None => "the value".to_owned(),
    };
    let text = written.unwrap_or("");
    match value {
        Value::Bool(_) if ["true", "false"].contains(&text.to_ascii_lowercase().as_str()) => {
            Some(format!("{} is a boolean in YAML, not a string; quote it", shown(text)))
        }
        Value::Bool(_) => Some(format!(
            "{} is a boolean in YAML 1.1 (as are `yes`, `no`, `on`, `off`), not a string; quote it",
            shown(text)
        )),
        Value::Int(number) if written.is_some() && text != number.to_string() => {
            let digits = text.trim_start_matches(['+', '-']).to_ascii_lowercase();
            let how = if digits.starts_with("0x") {
                " (hexadecimal)"
            } else if digits.starts_with('0') {
                " (a leading `0` makes it octal)"
            } else {
                ""
            };
            Some(format!(
                "`{text}` is the integer {number} in YAML 1.1{how}, not the text `{text}`; quote it"
            ))
        }
        Value::Float(number)
            if written.is_some() && text.parse::<f64>().is_ok() && text != number.to_string() =>
        {
            Some(format!(
                "`{text}` is the number {number} in YAML, not the text `{text}`; quote it"
            ))
        }
        Value::Int(_) | Value::Float(_) => {
            Some(format!("{} is a number in YAML, not a string; quote it", shown(text)))
        }
        _ => None,
    }
}

/// Juju's rule that refuses the value, and how to write it instead.
fn explain(kind: OptionKind, value: &Value, written: Option<&str>) -> (String, String) {
    let kind_name = kind.as_str();
    match (kind, value) {
        (_, Value::Collection) => (
            "an option takes a single value: a string, a number or a boolean".to_owned(),
            "write a single value".to_owned(),
        ),
        (OptionKind::Int, Value::Str(_)) => (
            "Juju parses a string given to an `int` option as a whole number: no units, spaces or decimals".to_owned(),
            "write a whole number".to_owned(),
        ),
        (OptionKind::Float, Value::Str(_)) => (
            "Juju parses a string given to a `float` option as a number".to_owned(),
            "write a number".to_owned(),
        ),
        (OptionKind::Boolean, Value::Str(_)) => (
            "Juju parses a string given to a `boolean` option as `true` or `false` (or `1`, `0`, `t`, `f`); `yes` and `on` are not accepted in a string".to_owned(),
            "write `true` or `false`".to_owned(),
        ),
        (OptionKind::String | OptionKind::Secret, _) => (
            format!("Juju keeps the YAML type of a value: a number or boolean given to a `{kind_name}` option is refused, not converted"),
            match written {
                Some(text) => format!("quote the value: `\"{text}\"`"),
                None => "quote the value".to_owned(),
            },
        ),
        (OptionKind::Int, Value::Float(_)) => (
            "Juju refuses a float for an `int` option, even a whole one such as `2.0`".to_owned(),
            "write a whole number".to_owned(),
        ),
        (OptionKind::Boolean, _) => (
            "Juju keeps the YAML type of a value: a number given to a `boolean` option is refused".to_owned(),
            "write `true` or `false`".to_owned(),
        ),
        _ => (
            format!("Juju keeps the YAML type of a value: a {} given to an `{kind_name}` option is refused", value.type_name()),
            "write a number".to_owned(),
        ),
    }
}

/// Whether Juju accepts `value` for an option of type `kind`.
pub fn accepts(kind: OptionKind, value: &Value) -> bool {
    match (kind, value) {
        (_, Value::Null) => true,
        (_, Value::Collection) => false,
        (OptionKind::String | OptionKind::Secret, value) => matches!(value, Value::Str(_)),
        (OptionKind::Int, Value::Int(_))
        | (OptionKind::Float, Value::Int(_) | Value::Float(_))
        | (OptionKind::Boolean, Value::Bool(_)) => true,
        (kind, Value::Str(text)) => {
            // A file read by an include usually ends with a newline.
            let text = if text.include.is_some() { text.text.trim() } else { text.text.as_str() };
            parses_as(kind, text)
        }
        _ => false,
    }
}

/// Whether Juju parses the string `text` into an option of type `kind`.
fn parses_as(kind: OptionKind, text: &str) -> bool {
    match kind {
        OptionKind::String | OptionKind::Secret => true,
        OptionKind::Int => parses_as_int(text),
        OptionKind::Float => {
            parses_as_int(text)
                || text.parse::<f64>().is_ok()
                || text.trim_start_matches(['+', '-']).to_ascii_lowercase().starts_with("0x")
        }
        OptionKind::Boolean => {
            matches!(
                text,
                "1" | "t"
                    | "T"
                    | "TRUE"
                    | "true"
                    | "True"
                    | "0"
                    | "f"
                    | "F"
                    | "FALSE"
                    | "false"
                    | "False"
            )
        }
    }
}

/// Whether `text` is an integer in Go's syntax (decimal, or `0x`, `0o`, `0b` or a leading
/// `0` for other bases), as Juju's parsers accept it.
fn parses_as_int(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let lower = digits.to_ascii_lowercase();
    let (body, radix) = if let Some(rest) = lower.strip_prefix("0x") {
        (rest, 16)
    } else if let Some(rest) = lower.strip_prefix("0o") {
        (rest, 8)
    } else if let Some(rest) = lower.strip_prefix("0b") {
        (rest, 2)
    } else {
        (lower.as_str(), 10)
    };
    let body = body.replace('_', "");
    !body.is_empty() && body.chars().all(|c| c.is_digit(radix))
}

fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.scope != Scope::Merged {
        return;
    }
    for (name, _, app) in ctx.bundle.apps() {
        let Some(options) = &app.options else { continue };
        let Some(charm) = ctx.charm_of(app) else { continue };
        for (option, field) in options.get() {
            let Some(declared) = charm.option(option) else { continue };
            let value = field.get();
            if accepts(declared.kind, value) {
                continue;
            }
            out.push(diagnostic(&refused(ctx, name, option, declared.kind, field)));
        }
    }
}

/// What may be shown of the value of `option` of `application`.
fn refused<'a>(
    ctx: &'a Context<'_>,
    application: &'a str,
    option: &'a str,
    kind: OptionKind,
    field: &'a Field<Value>,
) -> Refused<'a> {
    let secret = ctx.policy.is_secret(application, option);
    let written = (!secret).then(|| ctx.sources.slice(field.value.span));
    Refused {
        application,
        option,
        kind,
        value: field.get(),
        written,
        span: field.value.span,
        alias: field.value.alias,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::StrValue;

    fn string(text: &str) -> Value {
        Value::Str(StrValue { text: text.to_owned(), quoted: true, include: None })
    }

    #[test]
    fn strings_are_parsed_into_the_option_type() {
        assert!(accepts(OptionKind::Int, &string("24")));
        assert!(accepts(OptionKind::Int, &string("-0x1F")));
        assert!(!accepts(OptionKind::Int, &string("8 GB")));
        assert!(!accepts(OptionKind::Int, &string("2.5")));
        assert!(accepts(OptionKind::Float, &string("0.25")));
        assert!(accepts(OptionKind::Float, &string("1e3")));
        assert!(!accepts(OptionKind::Float, &string("a quarter")));
        assert!(accepts(OptionKind::Boolean, &string("true")));
        assert!(accepts(OptionKind::Boolean, &string("F")));
        assert!(!accepts(OptionKind::Boolean, &string("yes")));
        assert!(accepts(OptionKind::Secret, &string("secret:abc")));
    }

    #[test]
    fn other_values_keep_their_yaml_type() {
        assert!(!accepts(OptionKind::String, &Value::Bool(true)));
        assert!(!accepts(OptionKind::String, &Value::Int(493)));
        assert!(!accepts(OptionKind::String, &Value::Float(1.1)));
        assert!(!accepts(OptionKind::Int, &Value::Float(2.0)));
        assert!(accepts(OptionKind::Float, &Value::Int(2)));
        assert!(!accepts(OptionKind::Boolean, &Value::Int(1)));
        assert!(!accepts(OptionKind::Int, &Value::Collection));
        assert!(accepts(OptionKind::Int, &Value::Null));
    }

    #[test]
    fn yaml_surprises_are_named() {
        assert!(yaml_note(&Value::Bool(true), Some("on")).unwrap().contains("YAML 1.1"));
        assert!(yaml_note(&Value::Int(493), Some("0755")).unwrap().contains("493"));
        assert!(yaml_note(&Value::Float(1.1), Some("1.10")).unwrap().contains("1.1 in YAML"));
        assert!(yaml_note(&Value::Bool(true), None).unwrap().starts_with("the value is"));
    }
}
