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
    )
        .prop_map(|(charm, channel, vip, comment)| GenApp { charm, channel, vip, comment })
}

fn render(apps: &[GenApp]) -> String {
    let mut text = String::from("applications:\n");
    for (idx, app) in apps.iter().enumerate() {
        let _ = writeln!(
            text,
            "  {}-{}:\n    charm: {}\n    num_units: 1",
            app.charm,
            letter(idx),
            app.charm
        );
        if let Some(channel) = app.channel {
            let _ = writeln!(text, "    channel: {channel}");
        }
        if let Some((provider, metal, quoting)) = app.vip {
            let value = format!("10.12.4.{provider} 10.12.8.{metal}");
            let written = match quoting {
                0 => value,
                1 => format!("\"{value}\""),
                _ => format!("'{value}'"),
            };
            let comment = if app.comment { " # VIP" } else { "" };
            let _ = writeln!(text, "    options:\n      vip: {written}{comment}");
        }
    }
    text
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

fn relocation_or_nothing(analysis: &Analysis) -> Result<Vec<Fix>, FixError> {
    // A range too small for the generated VIPs is a refusal, tested elsewhere.
    Ok(vip::relocation(analysis).unwrap_or_default())
}

/// The bundle with the values fixes may change (VIPs, channels) blanked out.
fn shape(bundle: &Bundle) -> Vec<(String, Option<String>, Vec<String>)> {
    bundle
        .apps()
        .map(|(name, _, app)| {
            let options = app
                .options
                .iter()
                .flat_map(|options| options.get().iter())
                .map(|(key, field)| match field.get() {
                    Value::Str(_) if key == "vip" => format!("{key}=<vip>"),
                    other => format!("{key}={other:?}"),
                })
                .collect();
            (name.to_owned(), app.charm.as_ref().map(|it| it.get().clone()), options)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn safe_fixes_parse_keep_the_model_and_reach_a_fixed_point(apps in prop::collection::vec(app_strategy(), 1..8)) {
        let original = render(&apps);
        let memory = provider(&original);
        let run = fix_in_memory(&memory, &input(), FixOptions::default(), &relocation_or_nothing).unwrap();
        let fixed = run.fixed.iter().find(|(path, _)| path == &PathBuf::from("bundle.yaml")).map_or(original.clone(), |(_, text)| text.clone());

        let after = analyze(&provider(&fixed), &input()).unwrap();
        for (_, _, app) in after.merged.apps() {
            prop_assert!(app.channel.is_some(), "every charm of the matrix gets a channel:\n{fixed}");
        }
        prop_assert!(!after.files[0].has_syntax_error, "fixed text does not parse:\n{fixed}");
        let before = analyze(&memory, &input()).unwrap();
        prop_assert_eq!(shape(&before.merged), shape(&after.merged));

        let again = fix_in_memory(&provider(&fixed), &input(), FixOptions::default(), &relocation_or_nothing).unwrap();
        prop_assert!(again.fixed.is_empty(), "a second run still changes:\n{:?}", again.applied);
    }
}
