//! Juju's value syntaxes that several structure rules read: charm URLs, machine
//! constraints, the series names that stand for Ubuntu bases, and a helper that narrows a
//! label to the part of a value that is wrong.

use crate::ir::Spanned;
use crate::ir::names;
use crate::rules::{Context, closest};
use crate::source::{FileSpan, TextRange};

/// Series names and the base each stands for, as `(series, os, version)`.
///
/// This is the one place the mapping lives; Juju derives a series from a base with the
/// same table.
pub const SERIES_BASES: &[(&str, &str, &str)] = &[
    ("precise", "ubuntu", "12.04"),
    ("quantal", "ubuntu", "12.10"),
    ("raring", "ubuntu", "13.04"),
    ("saucy", "ubuntu", "13.10"),
    ("trusty", "ubuntu", "14.04"),
    ("utopic", "ubuntu", "14.10"),
    ("vivid", "ubuntu", "15.04"),
    ("wily", "ubuntu", "15.10"),
    ("xenial", "ubuntu", "16.04"),
    ("yakkety", "ubuntu", "16.10"),
    ("zesty", "ubuntu", "17.04"),
    ("artful", "ubuntu", "17.10"),
    ("bionic", "ubuntu", "18.04"),
    ("cosmic", "ubuntu", "18.10"),
    ("disco", "ubuntu", "19.04"),
    ("eoan", "ubuntu", "19.10"),
    ("focal", "ubuntu", "20.04"),
    ("groovy", "ubuntu", "20.10"),
    ("hirsute", "ubuntu", "21.04"),
    ("impish", "ubuntu", "21.10"),
    ("jammy", "ubuntu", "22.04"),
    ("kinetic", "ubuntu", "22.10"),
    ("lunar", "ubuntu", "23.04"),
    ("mantic", "ubuntu", "23.10"),
    ("noble", "ubuntu", "24.04"),
    ("oracular", "ubuntu", "24.10"),
    ("plucky", "ubuntu", "25.04"),
    ("questing", "ubuntu", "25.10"),
    ("centos7", "centos", "7"),
    ("centos9", "centos", "9"),
];

/// The series a base stands for (`ubuntu@22.04/stable` is `jammy`), if the table knows it.
pub fn series_of_base(base: &str) -> Option<&'static str> {
    let (os, channel) = base.split_once('@')?;
    let version = channel.split('/').next().unwrap_or(channel);
    SERIES_BASES
        .iter()
        .find(|(_, known_os, known_version)| *known_os == os && *known_version == version)
        .map(|(series, ..)| *series)
}

/// The base a series stands for (`jammy` is `ubuntu@22.04`), if the table knows it.
pub fn base_of_series(series: &str) -> Option<String> {
    SERIES_BASES
        .iter()
        .find(|(known, ..)| *known == series)
        .map(|(_, os, version)| format!("{os}@{version}"))
}

/// Where Juju gets a charm from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharmSchema {
    /// Charmhub: `ch:` or no prefix.
    Charmhub,
    /// A `local:` URL.
    Local,
}

/// A charm URL that Juju 3 parses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CharmUrl {
    /// `ch` or `local`.
    pub schema: CharmSchema,
    /// The series part (`ch:amd64/jammy/keystone`), if any.
    pub series: Option<String>,
    /// The charm's name.
    pub name: String,
    /// The `-<revision>` suffix, if any.
    pub revision: Option<i64>,
}

/// Architectures Juju knows.
pub const ARCHES: &[&str] = &["amd64", "arm64", "ppc64el", "s390x", "riscv64"];

/// Whether `charm` is a local charm directory or archive: a path that starts with `.` or
/// `/`. Juju checks such paths exist instead of parsing them as URLs.
pub fn is_local_path(charm: &str) -> bool {
    charm.starts_with('.') || charm.starts_with('/')
}

/// Parses a charm reference that is not a local path the way Juju 3 does, or says why it
/// does not parse.
pub fn parse_charm_url(charm: &str) -> Result<CharmUrl, String> {
    if charm.contains(['?', '#']) {
        return Err("a charm URL has no query or fragment part".to_owned());
    }
    let (schema, path) = match charm.split_once(':') {
        Some(("ch", rest)) => (CharmSchema::Charmhub, rest),
        Some(("local", rest)) => (CharmSchema::Local, rest),
        Some((schema, _)) => {
            return Err(format!(
                "`{schema}:` is not a charm source Juju knows (`ch:` or `local:`)"
            ));
        }
        None => (CharmSchema::Charmhub, charm),
    };
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    if parts.first().is_some_and(|part| part.starts_with('~')) {
        return Err("a charm URL names no user (`~user/`); Charmhub charms have none".to_owned());
    }
    let (arch, series, name_revision) = match (schema, parts.as_slice()) {
        (CharmSchema::Charmhub, [arch, series, name]) => (Some(*arch), Some(*series), *name),
        (CharmSchema::Charmhub, [first, name]) if ARCHES.contains(first) => {
            (Some(*first), None, *name)
        }
        (_, [series, name]) => (None, Some(*series), *name),
        (_, [name]) => (None, None, *name),
        _ => return Err("a charm URL has at most architecture, series and name parts".to_owned()),
    };
    if let Some(arch) = arch
        && !ARCHES.contains(&arch)
    {
        return Err(format!("`{arch}` is not an architecture Juju knows"));
    }
    if let Some(series) = series
        && !names::is_series(series)
    {
        return Err(format!("`{series}` is not a valid series"));
    }
    let (name, revision) = split_revision(name_revision);
    if !names::is_application_name(name) {
        return Err(format!("`{name}` is not a valid charm name"));
    }
    Ok(CharmUrl { schema, series: series.map(str::to_owned), name: name.to_owned(), revision })
}

/// Splits `name-12` into `name` and revision 12; a name without a numeric suffix has none.
fn split_revision(name: &str) -> (&str, Option<i64>) {
    if let Some((base, suffix)) = name.rsplit_once('-')
        && !base.is_empty()
        && let Ok(revision) = suffix.parse::<i64>()
    {
        return (base, Some(revision));
    }
    (name, None)
}

/// Constraint keys Juju knows, canonical names first.
pub const CONSTRAINT_KEYS: &[&str] = &[
    "allocate-public-ip",
    "arch",
    "container",
    "cores",
    "cpu-cores",
    "cpu-power",
    "image-id",
    "instance-role",
    "instance-type",
    "mem",
    "root-disk",
    "root-disk-source",
    "spaces",
    "tags",
    "virt-type",
    "zones",
];

/// One `key=value` constraint as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The token as written, escapes included, to find it in the source.
    pub raw: String,
    /// The key.
    pub key: String,
    /// The value, escaped spaces unescaped.
    pub value: String,
}

/// Something wrong in a constraints string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintProblem {
    /// A token that is not `key=value`.
    Malformed {
        /// The token.
        raw: String,
    },
    /// A key Juju does not know.
    UnknownKey {
        /// The token.
        raw: String,
        /// The key.
        key: String,
        /// A known key it may be a typo of.
        suggestion: Option<&'static str>,
    },
    /// A key given twice (`cores` and `cpu-cores` are the same key).
    Duplicate {
        /// The second token.
        raw: String,
        /// The first token.
        first: String,
        /// The key.
        key: String,
    },
    /// A value the key does not accept.
    BadValue {
        /// The token.
        raw: String,
        /// The key.
        key: String,
        /// What the key accepts.
        expected: String,
    },
}

impl ConstraintProblem {
    /// The token to point at.
    pub fn raw(&self) -> &str {
        match self {
            Self::Malformed { raw }
            | Self::UnknownKey { raw, .. }
            | Self::Duplicate { raw, .. }
            | Self::BadValue { raw, .. } => raw,
        }
    }
}

/// Splits a constraints string the way Juju does: on single spaces, where `\ ` is a space
/// inside a value.
fn constraint_tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for piece in text.split(' ') {
        current.push_str(piece);
        if piece.ends_with('\\') {
            current.push(' ');
            continue;
        }
        let token = current.trim();
        if !token.is_empty() {
            tokens.push(token.to_owned());
        }
        current.clear();
    }
    let token = current.trim();
    if !token.is_empty() {
        tokens.push(token.to_owned());
    }
    tokens
}

/// Parses a constraints string, returning the constraints that parsed and every problem.
pub fn parse_constraints(text: &str) -> (Vec<Constraint>, Vec<ConstraintProblem>) {
    let mut constraints: Vec<Constraint> = Vec::new();
    let mut problems = Vec::new();
    for raw in constraint_tokens(text) {
        let Some((key, value)) = raw.split_once('=').filter(|(key, _)| !key.is_empty()) else {
            problems.push(ConstraintProblem::Malformed { raw });
            continue;
        };
        let key = key.to_owned();
        let value = value.replace("\\ ", " ");
        let canonical = canonical_key(&key);
        if !CONSTRAINT_KEYS.contains(&canonical) {
            let suggestion = closest(&key, CONSTRAINT_KEYS.iter().copied());
            problems.push(ConstraintProblem::UnknownKey { raw, key, suggestion });
            continue;
        }
        // An empty `allocate-public-ip=` is skipped by Juju, so it can be repeated.
        let counts = !(canonical == "allocate-public-ip" && value.is_empty());
        if counts
            && let Some(first) = constraints.iter().find(|it| {
                canonical_key(&it.key) == canonical
                    && !(canonical == "allocate-public-ip" && it.value.is_empty())
            })
        {
            problems.push(ConstraintProblem::Duplicate { raw, first: first.raw.clone(), key });
            continue;
        }
        if let Some(expected) = value_problem(canonical, &value) {
            problems.push(ConstraintProblem::BadValue { raw, key, expected });
            continue;
        }
        constraints.push(Constraint { raw, key, value });
    }
    (constraints, problems)
}

/// `cpu-cores` is another name for `cores`.
fn canonical_key(key: &str) -> &str {
    if key == "cpu-cores" { "cores" } else { key }
}

/// What `key` accepts, when `value` is not it.
fn value_problem(key: &str, value: &str) -> Option<String> {
    match key {
        "arch" if !value.is_empty() && !ARCHES.contains(&value) => {
            Some(format!("one of {}", ARCHES.join(", ")))
        }
        "container" if !value.is_empty() && !["lxd", "kvm", "none"].contains(&value) => {
            Some("`lxd`, `kvm` or `none`".to_owned())
        }
        "cores" | "cpu-power" if !value.is_empty() && value.parse::<u64>().is_err() => {
            Some("a whole number".to_owned())
        }
        "mem" | "root-disk" if !value.is_empty() && !is_size(value) => {
            Some("a size in MiB, or a number with an M, G, T or P suffix".to_owned())
        }
        "allocate-public-ip" if !value.is_empty() && !is_go_bool(value) => {
            Some("`true` or `false`".to_owned())
        }
        "spaces" if !value.is_empty() => value
            .split(',')
            .map(|space| space.strip_prefix('^').unwrap_or(space))
            .find(|space| !is_space_name(space))
            .map(|space| {
                format!(
                    "space names (lower-case letters, digits and single hyphens), not `{space}`"
                )
            }),
        _ => None,
    }
}

/// A non-negative number with an optional `M`, `G`, `T` or `P` suffix.
fn is_size(value: &str) -> bool {
    let number = value.strip_suffix(['M', 'G', 'T', 'P']).unwrap_or(value);
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.parse::<f64>().is_ok_and(|it| it >= 0.0)
}

/// The words Go's `strconv.ParseBool` accepts.
fn is_go_bool(value: &str) -> bool {
    ["1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]
        .contains(&value)
}

/// Juju's space name grammar.
fn is_space_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Which occurrence of a needle to point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occurrence {
    /// The first one.
    First,
    /// The last one.
    Last,
    /// The first one that starts this many bytes or more into the value.
    After(u32),
}

/// The span of `needle` inside the text at `span`, or `span` when it is not there.
pub fn narrow(ctx: &Context<'_>, span: FileSpan, needle: &str, which: Occurrence) -> FileSpan {
    if needle.is_empty() {
        return span;
    }
    let text = ctx.text_of(span);
    let Some(written) = text.get(span.range.to_usize()) else { return span };
    let found = match which {
        Occurrence::First => written.find(needle),
        Occurrence::Last => written.rfind(needle),
        Occurrence::After(skip) => {
            let skip = skip as usize;
            written.get(skip..).and_then(|rest| rest.find(needle)).map(|at| at + skip)
        }
    };
    let Some(offset) = found else { return span };
    let (Ok(offset), Ok(len)) = (u32::try_from(offset), u32::try_from(needle.len())) else {
        return span;
    };
    let start = span.range.start + offset;
    FileSpan::new(span.file, TextRange::new(start, start + len))
}

/// Where to point at `needle` inside `value`: the primary span (the alias when the value
/// came through one, else the needle itself) and, for an alias, the needle at the anchor.
pub fn locate<T>(
    ctx: &Context<'_>,
    value: &Spanned<T>,
    needle: &str,
    which: Occurrence,
) -> (FileSpan, Option<FileSpan>) {
    let written = narrow(ctx, value.span, needle, which);
    match value.alias {
        Some(alias) if alias != value.span => (alias, Some(written)),
        _ => (written, None),
    }
}

/// A valid application name close to `name` (lower-cased, `_` and `.` made hyphens), if
/// that gives one.
pub fn suggested_name(name: &str) -> Option<String> {
    let lowered = name.to_ascii_lowercase().replace(['_', '.', ' '], "-");
    // A part without a letter (`app-1`) joins the part before it (`app1`).
    let mut candidate = String::new();
    for part in lowered.split('-') {
        if !candidate.is_empty() && part.bytes().any(|b| b.is_ascii_lowercase()) {
            candidate.push('-');
        }
        candidate.push_str(part);
    }
    (candidate != name && names::is_application_name(&candidate)).then_some(candidate)
}

/// Where a value that came through an alias is written, when that is elsewhere.
pub fn anchor_of<T>(value: &Spanned<T>) -> Option<FileSpan> {
    value.alias.filter(|alias| *alias != value.span).map(|_| value.span)
}

/// The size a slightly wrong one stands for: `16GB`, `16g` and `16GiB` are `16G`.
pub fn size_fix(value: &str) -> Option<String> {
    let trimmed = value.strip_suffix("iB").or_else(|| value.strip_suffix('B')).unwrap_or(value);
    let fixed = match trimmed.char_indices().last() {
        Some((at, unit)) if "mgtp".contains(unit) => {
            format!("{}{}", &trimmed[..at], unit.to_ascii_uppercase())
        }
        _ => trimmed.to_owned(),
    };
    (fixed != value && is_size(&fixed)).then_some(fixed)
}

/// Whether `inner` lies within `outer`: used to tell keys written in one application
/// mapping from keys that overlays merged into it.
pub fn within(inner: FileSpan, outer: FileSpan) -> bool {
    inner.file == outer.file
        && outer.range.start <= inner.range.start
        && inner.range.end <= outer.range.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_and_bases_map_both_ways() {
        assert_eq!(series_of_base("ubuntu@22.04"), Some("jammy"));
        assert_eq!(series_of_base("ubuntu@24.04/stable"), Some("noble"));
        assert_eq!(series_of_base("ubuntu@21.05"), None);
        assert_eq!(base_of_series("focal").as_deref(), Some("ubuntu@20.04"));
        assert_eq!(base_of_series("jammmy"), None);
    }

    #[test]
    fn names_and_sizes_get_suggestions() {
        assert_eq!(suggested_name("mysql_router").as_deref(), Some("mysql-router"));
        assert_eq!(suggested_name("keystone-2").as_deref(), Some("keystone2"));
        assert_eq!(suggested_name("Ceph-OSD").as_deref(), Some("ceph-osd"));
        assert_eq!(suggested_name("keystone"), None);
        assert_eq!(size_fix("16GB").as_deref(), Some("16G"));
        assert_eq!(size_fix("64g").as_deref(), Some("64G"));
        assert_eq!(size_fix("1.5TiB").as_deref(), Some("1.5T"));
        assert_eq!(size_fix("lots"), None);
    }

    #[test]
    fn charm_urls_parse_like_juju_3() {
        let url = parse_charm_url("keystone").expect("a bare name parses");
        assert_eq!((url.schema, url.revision), (CharmSchema::Charmhub, None));
        let url = parse_charm_url("ch:amd64/jammy/keystone-12").expect("a full URL parses");
        assert_eq!(url.series.as_deref(), Some("jammy"));
        assert_eq!(url.revision, Some(12));
        assert_eq!(url.name, "keystone");
        let url = parse_charm_url("ch:jammy/mysql-router").expect("series and name parse");
        assert_eq!((url.series.as_deref(), url.revision), (Some("jammy"), None));
        assert!(parse_charm_url("local:jammy/mycharm").is_ok());
        assert!(parse_charm_url("cs:keystone").is_err());
        assert!(parse_charm_url("ch:~openstack-charmers/keystone").is_err());
        assert!(parse_charm_url("Keystone").is_err());
        assert!(parse_charm_url("ch:i686/jammy/keystone").is_err());
    }

    #[test]
    fn constraints_parse_like_juju() {
        let (parsed, problems) =
            parse_constraints("arch=amd64 cores=4  mem=16G root-disk=100G spaces=metal,^data");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(parsed.len(), 5);
        let (_, problems) = parse_constraints("tags=a\\ b zones=z1,z2 allocate-public-ip=true");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn constraint_problems_name_the_token() {
        let (_, problems) =
            parse_constraints("mem=4GB memory=4G cores=2 cpu-cores=4 arch=x86_64 oops");
        let raws: Vec<&str> = problems.iter().map(ConstraintProblem::raw).collect();
        assert_eq!(raws, ["mem=4GB", "memory=4G", "cpu-cores=4", "arch=x86_64", "oops"]);
        assert!(matches!(
            &problems[2],
            ConstraintProblem::Duplicate { first, .. } if first == "cores=2"
        ));
    }
}
