//! Fixing through the library: a file changed behind bundlec's back is never overwritten.

use std::io::Write as _;

use bundlec::check::{Input, PolicyChoice};
use bundlec::fix::apply::{FixOptions, fix_in_memory};
use bundlec::fix::write::{WriteError, commit};
use bundlec::source::FsProvider;

fn write(path: &std::path::Path, text: &str) {
    let mut file =
        std::fs::OpenOptions::new().create(true).truncate(true).write(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn a_file_changed_after_reading_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.yaml");
    let policy = dir.path().join("bundlec.toml");
    write(
        &bundle,
        "applications:\n  keystone:\n    charm: keystone\n    num_units: 1\n    options:\n      vip: 10.12.4.15 # old block\n",
    );
    write(
        &policy,
        "[[networks]]\nname = \"provider\"\ncidr = \"10.12.4.0/22\"\nvip-range = \"10.12.4.50-10.12.4.60\"\n\n[vips]\nnetworks = [\"provider\"]\n",
    );
    let input = Input {
        bundle: bundle.clone(),
        overlays: Vec::new(),
        policy: PolicyChoice::File(policy),
        charm_dirs: Vec::new(),
    };
    let run =
        fix_in_memory(&FsProvider, &input, FixOptions::default(), &bundlec::fix::vip::relocation)
            .unwrap();
    assert_eq!(run.fixed.len(), 1, "the VIP would move");
    assert!(run.fixed[0].1.contains("vip: 10.12.4.50 # old block"));
    let edited_by_someone = "applications: {}\n# edited while bundlec was fixing\n";
    write(&bundle, edited_by_someone);
    let err = commit(&run).unwrap_err();
    assert!(matches!(err, WriteError::ChangedOnDisk(_)), "{err}");
    assert!(err.to_string().contains("changed on disk since bundlec read it"));
    assert_eq!(std::fs::read_to_string(&bundle).unwrap(), edited_by_someone);
}

#[test]
fn fixes_that_never_settle_are_an_error_not_a_loop() {
    use bundlec::check::Analysis;
    use bundlec::fix::apply::FixError;
    use bundlec::fix::{Edit, Fix};
    use bundlec::source::{FileSpan, MemoryProvider, TextRange};

    let mut provider = MemoryProvider::new();
    provider.insert("bundle.yaml", "applications:\n  a: {charm: a, num_units: 1}\n");
    // A fix that flips `num_units` between 1 and 2 forever.
    let flip = |analysis: &Analysis| -> Result<Vec<Fix>, FixError> {
        let text = &analysis.sources.get(bundlec::source::FileId(0)).text;
        let at = u32::try_from(text.find("num_units: ").unwrap() + "num_units: ".len()).unwrap();
        let next = if text[at as usize..].starts_with('1') { "2" } else { "1" };
        let span = FileSpan::new(bundlec::source::FileId(0), TextRange::new(at, at + 1));
        Ok(Fix::safe("flip", vec![Edit::replace(span, next)]).into_iter().collect())
    };
    let input = Input {
        bundle: "bundle.yaml".into(),
        overlays: Vec::new(),
        policy: PolicyChoice::None,
        charm_dirs: Vec::new(),
    };
    let err = fix_in_memory(&provider, &input, FixOptions::default(), &flip).unwrap_err();
    assert!(matches!(err, FixError::NoConvergence), "{err}");
    assert!(err.to_string().contains("did not converge"));
}
