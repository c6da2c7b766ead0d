//! Property tests of the fix engine: for generated bundles, applying every safe fix gives a
//! file that parses, has the same model apart from the fixed values, and is a fixed point.

use std::fmt::Write as _;
use std::path::PathBuf;

use bundlec::check::{Analysis, Input, PolicyChoice, analyze};
use bundlec::fix::apply::{FixError, FixOptions, fix_in_memory};
use bundlec::fix::{Fix, vip};
use bundlec::ir::{Bundle, Value};
use bundlec::source::MemoryProvider;
use proptest::prelude::*;

const POLICY: &str = r#"
[[networks]]
name = "provider"
cidr = "10.12.4.0/22"
vip-range = "10.12.4.50-10.12.4.60"
stale-ranges = ["10.12.4.10-10.12.4.20"]
[networks.reserved]
"10.12.4.1" = "gateway"

[[networks]]
name = "metal"
cidr = "10.12.8.0/22"
vip-range = "10.12.8.50-10.12.8.60"
stale-ranges = ["10.12.8.10-10.12.8.20"]
[networks.reserved]
"10.12.8.10" = "MAAS controller"

[vips]
networks = ["provider", "metal"]
paired-host-part = true

[channels]
require = true
[channels.charms]
keystone = "2024.1/stable"
glance = "2024.1/stable"
vault = "1.8/stable"
"#;

/// One generated application: its charm, how its channel is written, and its VIP's host
/// parts (provider, metal) and quoting.
#[derive(Clone, Debug)]
struct GenApp {
    charm: &'static str,
    channel: Option<&'static str>,
    vip: Option<(u8, u8, u8)>,
    comment: bool,
    /// 0: block mapping; 1: flow mapping on one line; 2: flow mapping over several lines.
    style: u8,
    /// The VIP is written under `variables` and used through an alias.
    anchored: bool,
}

fn app_strategy() -> impl Strategy<Value = GenApp> {
    (
        prop::sample::select(vec!["keystone", "glance", "vault"]),
        prop::option::of(prop::sample::select(vec![
            "2024.1/stable",
            "2023.2/stable",
            "latest/edge",
            "1.8/stable",
        ])),
        prop::option::of((
            prop::sample::select(vec![10u8, 12, 15, 20, 50, 52, 55, 60, 61]),
            prop::sample::select(vec![10u8, 12, 15, 20, 50, 52, 55, 60]),
            0u8..3,
        )),
        any::<bool>(),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(charm, channel, vip, comment, style, anchored)| GenApp {
            charm,
            channel,
            vip,
            comment,
            style,
            anchored,
        })
}

fn render(apps: &[GenApp]) -> String {
    let mut variables = String::new();
    let mut text = String::from("# generated\napplications:\n");
    for (idx, app) in apps.iter().enumerate() {
        let name = format!("{}-{}", app.charm, letter(idx));
        let mut fields = vec![format!("charm: {}", app.charm), "num_units: 1".to_owned()];
        if let Some(channel) = app.channel {
            fields.push(format!("channel: {channel}"));
        }
        let comment = if app.comment { " # VIP" } else { "" };
        if let Some((provider, metal, quoting)) = app.vip {
            let value = format!("10.12.4.{provider} 10.12.8.{metal}");
            let mut written = match quoting {
                0 => value,
                1 => format!("\"{value}\""),
                _ => format!("'{value}'"),
            };
            if app.anchored {
                let _ = writeln!(variables, "  {name}-vip: &{name}-vip {written}{comment}");
                written = format!("*{name}-vip");
            }
            fields.push(if app.style == 0 {
                format!("options:\n      vip: {written}{}", if app.anchored { "" } else { comment })
            } else {
                format!("options: {{vip: {written}}}")
            });
        }
        match app.style {
            0 => {
                let _ = writeln!(text, "  {name}:");
                for field in fields {
                    let _ = writeln!(text, "    {field}");
                }
            }
            1 => {
                let _ = writeln!(text, "  {name}: {{{}}}", fields.join(", "));
            }
            _ => {
                let _ = writeln!(text, "  {name}: {{\n    {}}}", fields.join(",\n    "));
            }
        }
    }
    text.push_str("relations:\n");
    for pair in apps.windows(2).enumerate() {
        let (idx, _) = pair;
        let (a, b) = (&apps[idx], &apps[idx + 1]);
        let _ = writeln!(
            text,
            "- [{}-{}, {}-{}] # kept",
            a.charm,
            letter(idx),
            b.charm,
            letter(idx + 1)
        );
    }
    if variables.is_empty() { text } else { format!("variables:\n{variables}{text}") }
}

/// The comments of `text`, in order.
fn comments(text: &str) -> Vec<&str> {
    text.lines().filter_map(|line| line.find('#').map(|at| &line[at..])).collect()
}

fn letter(idx: usize) -> String {
    let mut name = String::new();
    let mut rest = idx;
    loop {
        name.push(char::from(b'a' + u8::try_from(rest % 26).unwrap_or(0)));
        rest /= 26;
        if rest == 0 {
            return name;
        }
    }
}

fn input() -> Input {
    Input {
        bundle: PathBuf::from("bundle.yaml"),
        overlays: Vec::new(),
        policy: PolicyChoice::File(PathBuf::from("bundlec.toml")),
        charm_dirs: Vec::new(),
    }
}

fn provider(bundle: &str) -> MemoryProvider {
    let mut provider = MemoryProvider::new();
    provider.insert("bundle.yaml", bundle);
    provider.insert("bundlec.toml", POLICY);
    provider
}

/// At most eight applications, so the eleven addresses of the range always suffice: a
/// refusal here is a failure.
fn relocation(analysis: &Analysis) -> Result<Vec<Fix>, FixError> {
    vip::relocation(analysis)
}

/// The bundle with the values fixes may change (VIPs, channels) blanked out.
/// Per application: name, charm, units and options; then the relations.
type Shape = (Vec<(String, Option<String>, Vec<String>)>, String);

fn shape(bundle: &Bundle) -> Shape {
    let apps = bundle
        .apps()
        .map(|(name, _, app)| {
            let options: Vec<String> = app
                .options
                .iter()
                .flat_map(|options| options.get().iter())
                .map(|(key, field)| match field.get() {
                    Value::Str(_) if key == "vip" => format!("{key}=<vip>"),
                    other => format!("{key}={other:?}"),
                })
                .collect();
            let units = format!("units={:?}", app.num_units.as_ref().map(|it| *it.get()));
            let options = std::iter::once(units).chain(options).collect();
            (name.to_owned(), app.charm.as_ref().map(|it| it.get().clone()), options)
        })
        .collect();
    let relations = bundle
        .relations
        .iter()
        .map(|relation| {
            relation.endpoints.iter().map(|it| it.value.clone()).collect::<Vec<_>>().join(" ")
        })
        .collect::<Vec<_>>()
        .join(", ");
    (apps, relations)
}

/// Whether every line of `original` is still in `fixed`, in order, once addresses and
/// channels (the values fixes set) are blanked; `fixed` may have new channel lines.
fn only_fixed_values_changed(original: &str, fixed: &str) -> bool {
    static ADDRESS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\d+\.\d+\.\d+\.\d+").unwrap());
    static CHANNEL: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r",? ?channel: [^,}\s]+").unwrap());
    let blank = |line: &str| CHANNEL.replace_all(&ADDRESS.replace_all(line, "IP"), "").into_owned();
    let mut fixed_lines = fixed.lines().map(blank);
    original.lines().map(blank).all(|line| fixed_lines.any(|candidate| candidate == line))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn safe_fixes_parse_keep_the_model_and_reach_a_fixed_point(apps in prop::collection::vec(app_strategy(), 1..8)) {
        let original = render(&apps);
        let memory = provider(&original);
        let run = fix_in_memory(&memory, &input(), FixOptions::default(), &relocation).unwrap();
        let fixed = run.fixed.iter().find(|(path, _)| path == &PathBuf::from("bundle.yaml")).map_or(original.clone(), |(_, text)| text.clone());

        let after = analyze(&provider(&fixed), &input()).unwrap();
        for (_, _, app) in after.merged.apps() {
            prop_assert!(app.channel.is_some(), "every charm of the matrix gets a channel:\n{fixed}");
        }
        prop_assert!(!after.files[0].has_syntax_error, "fixed text does not parse:\n{fixed}");
        let before = analyze(&memory, &input()).unwrap();
        prop_assert!(!before.files[0].has_syntax_error, "the generated text parses:\n{original}");
        prop_assert_eq!(shape(&before.merged), shape(&after.merged));

        prop_assert_eq!(comments(&original), comments(&fixed), "comments survive");
        prop_assert!(only_fixed_values_changed(&original, &fixed), "more than fixed values changed:\n{original}\n---\n{fixed}");
        let again = fix_in_memory(&provider(&fixed), &input(), FixOptions::default(), &relocation).unwrap();
        prop_assert!(again.fixed.is_empty(), "a second run still changes:\n{:?}", again.applied);
    }
}
