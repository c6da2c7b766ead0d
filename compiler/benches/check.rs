//! Benchmarks of one whole `check` (read from memory, parse, lower, merge, verify): the
//! sample deployment, and a generated bundle of 5,000 applications without and with the
//! sample's site policy; and `fix` of 5,000 unpinned applications.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;

use bundlec::check::{Input, PolicyChoice, analyze};
use bundlec::fix::apply::{FixOptions, fix_in_memory};
use bundlec::source::MemoryProvider;
use criterion::{Criterion, criterion_group, criterion_main};

const SAMPLE: &str = include_str!("../../samples/openstack-caracal/bundle.yaml");
const PKI: &str = include_str!("../../samples/openstack-caracal/overlays/octavia-pki.yaml");
const POLICY: &str = include_str!("../../samples/openstack-caracal/bundlec.toml");

/// A valid application name for index `idx`: Juju wants a letter in every hyphen segment.
fn name(idx: usize) -> String {
    let mut letters = String::new();
    let mut rest = idx;
    loop {
        letters.push(char::from(b'a' + u8::try_from(rest % 26).unwrap_or(0)));
        rest /= 26;
        if rest == 0 {
            return format!("service-{letters}");
        }
    }
}

/// A bundle shaped like a large site: `apps` principals spread over containers on 100
/// machines, each with options and bindings, related in a chain and to a shared database.
fn generated_bundle(apps: usize) -> String {
    let machines = 100;
    let mut text = String::from("variables:\n  space: &space metal\nmachines:\n");
    for machine in 0..machines {
        let _ = writeln!(text, "  \"{machine}\": {{constraints: mem=64G}}");
    }
    text.push_str("applications:\n  database:\n    charm: mysql-innodb-cluster\n    channel: 8.0/stable\n    num_units: 3\n    to: [\"lxd:0\", \"lxd:1\", \"lxd:2\"]\n");
    for app in 0..apps {
        let machine = app % machines;
        let _ = write!(
            text,
            "  {}:\n    charm: ch:service\n    channel: 2024.1/stable\n    num_units: 1\n    to: [\"lxd:{machine}\"]\n    options:\n      worker-multiplier: 0.25\n      debug: false\n      vip: \"10.12.4.{} 10.12.8.{}\"\n    bindings:\n      \"\": *space\n      public: provider\n",
            name(app),
            app % 250,
            app % 250
        );
    }
    text.push_str("relations:\n");
    for app in 0..apps {
        let _ = writeln!(text, "- [{}:shared-db, database:shared-db]", name(app));
        if app > 0 {
            let _ = writeln!(
                text,
                "- [\"{}:identity-service\", {}:identity-service]",
                name(app),
                name(app - 1)
            );
        }
    }
    text
}

fn bench_check(c: &mut Criterion) {
    let mut sample = MemoryProvider::new();
    sample.insert("bundle.yaml", SAMPLE);
    sample.insert("overlays/octavia-pki.yaml", PKI);
    // The site policy rides along so the policy rules and the plan are measured too.
    sample.insert("bundlec.toml", POLICY);
    let sample_input = Input {
        bundle: PathBuf::from("bundle.yaml"),
        overlays: vec![PathBuf::from("overlays/octavia-pki.yaml")],
        policy: PolicyChoice::File(PathBuf::from("bundlec.toml")),
        charm_dirs: Vec::new(),
    };
    c.bench_function("check sample deployment", |b| {
        b.iter(|| black_box(analyze(&sample, &sample_input).expect("in memory")));
    });

    let mut large = MemoryProvider::new();
    large.insert("bundle.yaml", generated_bundle(5_000));
    let large_input = Input {
        bundle: PathBuf::from("bundle.yaml"),
        overlays: Vec::new(),
        policy: PolicyChoice::None,
        charm_dirs: Vec::new(),
    };
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("check 5000 applications", |b| {
        b.iter(|| black_box(analyze(&large, &large_input).expect("in memory")));
    });
    // Under the sample's policy most VIPs of the generated bundle are out of range or
    // duplicated, and every option is judged: thousands of diagnostics, each of which
    // passes the secret guard.
    large.insert("bundlec.toml", POLICY);
    let policed_input =
        Input { policy: PolicyChoice::File(PathBuf::from("bundlec.toml")), ..large_input };
    group.bench_function("check 5000 applications, site policy", |b| {
        b.iter(|| black_box(analyze(&large, &policed_input).expect("in memory")));
    });

    // Every generated application unpinned under a policy that pins its charm: 5,000
    // channel fixes, judged together and applied in one round, then one more check.
    let mut unpinned = MemoryProvider::new();
    unpinned
        .insert("bundle.yaml", generated_bundle(5_000).replace("    channel: 2024.1/stable\n", ""));
    unpinned.insert(
        "bundlec.toml",
        "[channels]\nrequire = true\n[channels.charms]\nservice = \"2024.1/stable\"\nmysql-innodb-cluster = \"8.0/stable\"\n",
    );
    group.bench_function("fix 5000 unpinned applications", |b| {
        b.iter(|| {
            let run =
                fix_in_memory(
                    &unpinned,
                    &policed_input,
                    FixOptions::default(),
                    &|_| Ok(Vec::new()),
                )
                .expect("in memory");
            assert_eq!(run.applied.len(), 5_000);
            black_box(run)
        });
    });
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
