//! The charm catalog: importing the project's fixture charms reproduces the committed JSON
//! (through the library and through `bundlec catalog import`), and the built-in catalog
//! covers the sample deployment and answers the lookups hovers need.
//!
//! Fixtures: `tests/fixtures/charms/` holds a classic charm (`webapp`), a charm described
//! by `charmcraft.yaml` alone (`unified`), a reactive charm (`reactive-api`) whose layers
//! live in `_layers/`, and a subordinate (`agent`). `expected-catalog.json` is the output of
//!
//!     bundlec catalog import tests/fixtures/charms/{agent,reactive-api,unified,webapp} \
//!         --layers tests/fixtures/charms/_layers -o tests/fixtures/charms/expected-catalog.json
//!
//! run from `compiler/`, reviewed by hand.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use bundlec::catalog::import::{self, ImportError};
use bundlec::catalog::{Catalog, DefaultValue, OptionKind, Role, Scope};
use bundlec::check::{Input, PolicyChoice, analyze};
use bundlec::source::FsProvider;

/// The fixture charms, named one by one: rule fixtures of the charm family may share the
/// folder.
const FIXTURE_CHARMS: &[&str] = &["agent", "reactive-api", "unified", "webapp"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charms")
}

fn fixture_dirs() -> Vec<PathBuf> {
    FIXTURE_CHARMS.iter().map(|name| fixtures().join(name)).collect()
}

fn expected_json() -> String {
    std::fs::read_to_string(fixtures().join("expected-catalog.json"))
        .expect("tests/fixtures/charms/expected-catalog.json is committed")
}

fn fixture_catalog() -> Catalog {
    import::import_all(&FsProvider, &fixture_dirs(), &[fixtures().join("_layers")])
        .expect("the fixture charms import")
        .catalog
}

#[test]
fn importing_the_fixture_charms_reproduces_the_expected_json() {
    let json = fixture_catalog().to_json();
    assert!(json == expected_json(), "catalog JSON differs from expected-catalog.json:\n{json}");
}

#[test]
fn layers_beside_the_charms_are_found_without_being_named() {
    let run = import::import_all(&FsProvider, &fixture_dirs(), &[]).unwrap();
    assert_eq!(run.catalog.to_json(), expected_json());
}

#[test]
fn the_cli_writes_the_same_bytes_to_a_file_and_to_stdout() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("catalog.json");
    // The fixture folder itself is passed too, as a shell glob would: the layer folder is
    // skipped, not imported.
    let mut args: Vec<PathBuf> = fixture_dirs();
    args.push(fixtures().join("_layers"));
    let status = Command::new(env!("CARGO_BIN_EXE_bundlec"))
        .arg("catalog")
        .arg("import")
        .args(&args)
        .arg("--layers")
        .arg(fixtures().join("_layers"))
        .arg("-o")
        .arg(&target)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected_json());

    let printed = Command::new(env!("CARGO_BIN_EXE_bundlec"))
        .arg("catalog")
        .arg("import")
        .args(fixture_dirs())
        .output()
        .unwrap();
    assert!(printed.status.success());
    assert_eq!(String::from_utf8(printed.stdout).unwrap(), expected_json());
}

#[test]
fn the_cli_names_the_file_of_a_broken_charm() {
    let dir = tempfile::tempdir().unwrap();
    let charm = dir.path().join("broken");
    std::fs::create_dir(&charm).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(charm.join("metadata.yaml"))
        .and_then(|mut file| file.write_all(b"name: broken\nprovides: {\n"))
        .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_bundlec"))
        .args(["catalog", "import"])
        .arg(&charm)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("broken/metadata.yaml` line 3"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn fixture_lookups_show_merged_layers_and_scopes() {
    let catalog = fixture_catalog();

    let reactive = catalog.charm("reactive-api").unwrap();
    assert_eq!(reactive.unresolved_layers, ["basic"]);
    assert_eq!(catalog.interface("reactive-api", "shared-db"), Some("mysql-shared"));
    assert_eq!(catalog.endpoint("reactive-api", "ha").unwrap().scope, Scope::Container);
    assert!(catalog.endpoint("reactive-api", "legacy-db").is_none(), "deleted by api-base");
    let origin = catalog.option("reactive-api", "openstack-origin").unwrap();
    assert_eq!(origin.kind, OptionKind::String);
    assert_eq!(origin.default, Some(DefaultValue::Str("caracal".to_owned())));
    assert!(catalog.option("reactive-api", "verbose").is_none(), "deleted by the charm");
    assert!(catalog.option("reactive-api", "use-syslog").is_none(), "deleted by api-base");
    assert!(catalog.option("reactive-api", "debug").is_some());

    let agent = catalog.charm("agent").unwrap();
    assert!(agent.subordinate);
    let host = catalog.endpoint("agent", "juju-info").unwrap();
    assert_eq!((host.role, host.scope), (Role::Requires, Scope::Container));

    let webapp = catalog.charm("webapp").unwrap();
    assert_eq!(webapp.option("debug").unwrap().default, Some(DefaultValue::Bool(false)));
    assert_eq!(webapp.option("banner").unwrap().default, Some(DefaultValue::Str("yes".into())));
    assert_eq!(webapp.option("worker-multiplier").unwrap().default, Some(DefaultValue::Float(2.0)));
    assert_eq!(webapp.option("vip").unwrap().default, None);
    assert_eq!(webapp.option("api-token").unwrap().kind, OptionKind::Secret);
    assert_eq!(webapp.endpoint("db").unwrap().limit, Some(1));
    assert!(webapp.endpoint("cache").unwrap().optional);
    assert!(webapp.endpoint("juju-info").unwrap().is_implicit());

    assert_eq!(catalog.interface("unified", "database"), Some("postgresql_client"));
    assert_eq!(catalog.option("unified", "replicas").unwrap().default, Some(DefaultValue::Int(3)));
}

#[test]
fn a_missing_charm_directory_is_an_error_not_a_panic() {
    let err = import::import_charm(&FsProvider, &fixtures().join("no-such-charm"), &[]);
    assert!(matches!(err, Err(ImportError::Read { .. })), "{err:?}");
    let err = import::import_charm(&FsProvider, &fixtures().join("_layers"), &[]).unwrap_err();
    assert!(matches!(err, ImportError::NoMetadata { .. }), "{err}");
}

#[test]
fn the_builtin_catalog_covers_the_sample_and_the_caracal_extras() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples/openstack-caracal");
    let input = Input {
        bundle: sample,
        overlays: Vec::new(),
        policy: PolicyChoice::None,
        charm_dirs: Vec::new(),
    };
    let analysis = analyze(&FsProvider, &input).unwrap();
    let mut wanted: Vec<String> = analysis
        .merged
        .apps()
        .filter_map(|(_, _, application)| application.charm_name().map(str::to_owned))
        .collect();
    assert!(wanted.len() > 20, "the sample names its charms: {wanted:?}");
    wanted.extend(
        [
            "designate",
            "aodh",
            "gnocchi",
            "ceilometer",
            "ceilometer-agent",
            "memcached",
            "ntp",
            "octavia-dashboard",
            "octavia-diskimage-retrofit",
        ]
        .map(str::to_owned),
    );
    let builtin = Catalog::builtin();
    let missing: Vec<&String> =
        wanted.iter().filter(|name| builtin.charm(name).is_none()).collect();
    assert!(missing.is_empty(), "not in the built-in catalog: {missing:?}");
}

#[test]
fn the_builtin_catalog_is_canonical_json() {
    let committed = include_str!("../data/catalog.json");
    assert_eq!(Catalog::builtin().to_json(), committed);
    assert!(!committed.contains("\"description\""), "the catalog holds facts only");
}

#[test]
fn builtin_lookups_answer_hovers() {
    let builtin = Catalog::builtin();
    assert_eq!(builtin.interface("keystone", "identity-service"), Some("keystone"));
    assert_eq!(builtin.interface("vault", "certificates"), Some("tls-certificates"));
    assert_eq!(builtin.interface("ceilometer", "shared-db"), Some("mongodb"));
    let info = builtin.endpoint("keystone", "juju-info").unwrap();
    assert!(info.is_implicit());
    assert_eq!(info.interface, "juju-info");

    let router = builtin.endpoint("mysql-router", "shared-db").unwrap();
    assert_eq!((router.role, router.scope), (Role::Provides, Scope::Container));
    assert!(builtin.charm("mysql-router").unwrap().subordinate);
    assert!(!builtin.charm("memcached").unwrap().subordinate);
    assert_eq!(builtin.endpoint("vault", "lb-provider").unwrap().limit, Some(1));
    assert!(builtin.endpoint("glance", "amqp").unwrap().optional);

    let memory = builtin.option("nova-compute", "reserved-host-memory").unwrap();
    assert_eq!(
        (memory.kind, memory.default.clone()),
        (OptionKind::Int, Some(DefaultValue::Int(512)))
    );
    let conversion = builtin.option("glance", "image-conversion").unwrap();
    assert_eq!(conversion.default, Some(DefaultValue::Bool(false)));
    let debug = builtin.option("openstack-dashboard", "debug").unwrap();
    assert_eq!(
        (debug.kind, debug.default.clone()),
        (OptionKind::String, Some(DefaultValue::Str("no".into())))
    );
    // From layer:openstack-api, with the charm's own default.
    let origin = builtin.option("octavia", "openstack-origin").unwrap();
    assert_eq!(
        (origin.kind, origin.default.clone()),
        (OptionKind::String, Some(DefaultValue::Str("caracal".into())))
    );
    assert!(builtin.option("octavia", "vip").is_some());
    assert!(builtin.option("octavia", "verbose").is_none(), "deleted by the charm's layer.yaml");
    assert!(builtin.option("placement", "use-policyd-override").is_none());
    assert!(builtin.option("keystone", "use-policyd-override").is_some());

    let tls: Vec<&str> = builtin
        .endpoints_with_interface("hacluster")
        .filter(|(_, endpoint)| endpoint.role == Role::Provides)
        .map(|(charm, _)| charm.name.as_str())
        .collect();
    assert_eq!(tls, ["hacluster"]);
}
