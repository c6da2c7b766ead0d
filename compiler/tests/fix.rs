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

/// Fixes `bundle` (and `overlay`, if any) in memory under `policy`, unsafe fixes included.
fn fix_texts(
    bundle: &str,
    overlay: Option<&str>,
    policy: &str,
) -> Result<bundlec::fix::apply::FixRun, bundlec::fix::apply::FixError> {
    let mut provider = bundlec::source::MemoryProvider::new();
    provider.insert("bundle.yaml", bundle);
    provider.insert("bundlec.toml", policy);
    let mut overlays = Vec::new();
    if let Some(overlay) = overlay {
        provider.insert("overlay.yaml", overlay);
        overlays.push("overlay.yaml".into());
    }
    let input = Input {
        bundle: "bundle.yaml".into(),
        overlays,
        policy: PolicyChoice::File("bundlec.toml".into()),
        charm_dirs: Vec::new(),
    };
    fix_in_memory(&provider, &input, FixOptions { unsafe_fixes: true }, &|_| Ok(Vec::new()))
}

const HA_POLICY: &str = "[channels]\nrequire = true\n[channels.charms]\nkeystone = \"2024.1/stable\"\nvault = \"1.8/stable\"\nhacluster = \"2.4/stable\"\n\n[relations]\nforbidden = [\"vault:ha\"]\n";

#[test]
fn a_fix_that_would_break_the_yaml_is_dropped_and_the_others_applied() {
    // Removing the forbidden relation would take the anchor `&hac` with it, leaving `*hac`
    // dangling; the channel fix next to it is still wanted.
    let bundle = "applications:\n  keystone:\n    charm: keystone\n    num_units: 1\n  vault:\n    charm: vault\n    channel: 1.8/stable\n    num_units: 1\n  vault-hacluster:\n    charm: hacluster\n    channel: 2.4/stable\nrelations:\n  - [vault:ha, &hac vault-hacluster:ha]\n  - [keystone:ha, *hac]\n";
    let run = fix_texts(bundle, None, HA_POLICY).unwrap();
    assert_eq!(run.applied.len(), 1, "{:?}", run.applied);
    let (_, fixed) = &run.fixed[0];
    assert!(fixed.contains("    charm: keystone\n    channel: 2024.1/stable\n"), "{fixed}");
    assert!(fixed.contains("[vault:ha, &hac vault-hacluster:ha]"), "{fixed}");
    let codes: Vec<_> = run.analysis.diagnostics.iter().map(|it| it.code).collect();
    assert!(codes.contains(&"R021"), "the forbidden relation is still reported: {codes:?}");
}

#[test]
fn among_many_fixes_only_the_one_that_breaks_the_yaml_is_dropped() {
    // Twenty unpinned keystones before and after the relation whose removal would leave
    // `*hac` dangling: the fixes are judged together, then by halves, down to the bad one.
    let keystone =
        |idx: usize| format!("  keystone-{idx}:\n    charm: keystone\n    num_units: 1\n");
    let mut bundle = String::from("applications:\n");
    (0..10).for_each(|idx| bundle.push_str(&keystone(idx)));
    bundle.push_str("  vault:\n    charm: vault\n    channel: 1.8/stable\n    num_units: 1\n  vault-hacluster:\n    charm: hacluster\n    channel: 2.4/stable\n");
    (10..20).for_each(|idx| bundle.push_str(&keystone(idx)));
    bundle.push_str(
        "relations:\n  - [vault:ha, &hac vault-hacluster:ha]\n  - [keystone-0:ha, *hac]\n",
    );
    let run = fix_texts(&bundle, None, HA_POLICY).unwrap();
    assert_eq!(run.applied.len(), 20, "{:?}", run.applied);
    let (_, fixed) = &run.fixed[0];
    assert_eq!(fixed.matches("    charm: keystone\n    channel: 2024.1/stable\n").count(), 20);
    assert!(fixed.contains("[vault:ha, &hac vault-hacluster:ha]"), "{fixed}");
}

#[test]
fn a_channel_added_to_a_flow_mapping_over_several_lines_keeps_it_valid() {
    let bundle = "applications:\n  keystone: {\n    charm: keystone,\n    num_units: 1}\n";
    let run = fix_texts(bundle, None, HA_POLICY).unwrap();
    assert_eq!(run.fixed.len(), 1);
    assert!(run.fixed[0].1.contains("channel: 2024.1/stable"), "{}", run.fixed[0].1);
    assert!(run.analysis.diagnostics.iter().all(|it| it.code != "C001"));
}

#[test]
fn a_required_option_that_an_overlay_unsets_gets_no_looping_fix() {
    let policy =
        "[[options.required]]\napplications = [\"glance\"]\nvalues = { image-conversion = true }\n";
    let bundle = "applications:\n  glance:\n    charm: glance\n    channel: 2024.1/stable\n    num_units: 1\n    options:\n      image-conversion: false\n";
    let overlay = "applications:\n  glance:\n    options:\n      image-conversion: null\n";
    let run = fix_texts(bundle, Some(overlay), policy).unwrap();
    let codes: Vec<_> = run.analysis.diagnostics.iter().map(|it| it.code).collect();
    assert!(codes.contains(&"O001"), "the unmet option is still reported: {codes:?}");
    assert!(codes.iter().all(|code| *code != "S002"), "no duplicated key was written");
}

const VIP_POLICY: &str = "[[networks]]\nname = \"provider\"\ncidr = \"10.12.4.0/22\"\nvip-range = \"10.12.4.50-10.12.4.60\"\n\n[vips]\nnetworks = [\"provider\"]\n";
const VIP_BUNDLE: &str = "applications:\n  keystone:\n    charm: keystone\n    num_units: 1\n    options:\n      vip: 10.12.4.15 # old block\n  glance:\n    charm: glance\n    num_units: 1\n";
const VIP_OVERLAY: &str = "applications:\n  glance:\n    options:\n      vip: 10.12.4.16\n";

/// A site on disk whose bundle and overlay both hold a VIP to relocate, and the fix run.
fn two_file_site(link_bundle: bool) -> (tempfile::TempDir, bundlec::fix::apply::FixRun) {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.yaml");
    if link_bundle {
        std::fs::create_dir(dir.path().join("real")).unwrap();
        write(&dir.path().join("real/bundle.yaml"), VIP_BUNDLE);
        std::os::unix::fs::symlink("real/bundle.yaml", &bundle).unwrap();
    } else {
        write(&bundle, VIP_BUNDLE);
    }
    write(&dir.path().join("overlay.yaml"), VIP_OVERLAY);
    write(&dir.path().join("bundlec.toml"), VIP_POLICY);
    let input = Input {
        bundle,
        overlays: vec![dir.path().join("overlay.yaml")],
        policy: PolicyChoice::File(dir.path().join("bundlec.toml")),
        charm_dirs: Vec::new(),
    };
    let run =
        fix_in_memory(&FsProvider, &input, FixOptions::default(), &bundlec::fix::vip::relocation)
            .unwrap();
    assert_eq!(run.fixed.len(), 2, "both files would change");
    (dir, run)
}

#[test]
fn a_failure_on_a_later_file_puts_the_earlier_ones_back() {
    let (dir, run) = two_file_site(false);
    let overlay = dir.path().join("overlay.yaml");
    let edited_by_someone = "applications: {}\n# edited while bundlec was writing\n";
    let mut renames = 0;
    let err = bundlec::fix::write::commit_with(&run, &mut |path| {
        renames += 1;
        if path == overlay {
            write(&overlay, edited_by_someone);
        }
    })
    .unwrap_err();
    assert_eq!(renames, 2, "the bundle was renamed into place before the overlay failed");
    assert!(matches!(err, WriteError::ChangedOnDisk(_)), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("bundle.yaml")).unwrap(), VIP_BUNDLE);
    assert_eq!(std::fs::read_to_string(&overlay).unwrap(), edited_by_someone);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|entry| entry.unwrap().file_name().into_string().ok())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_written_through_its_link() {
    let (dir, run) = two_file_site(true);
    let written = commit(&run).unwrap();
    assert_eq!(written.len(), 2);
    let link = dir.path().join("bundle.yaml");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
    let target = std::fs::read_to_string(dir.path().join("real/bundle.yaml")).unwrap();
    assert!(target.contains("vip: 10.12.4.50 # old block"), "{target}");
    let overlay = std::fs::read_to_string(dir.path().join("overlay.yaml")).unwrap();
    assert!(overlay.contains("vip: 10.12.4.51"), "{overlay}");
}

const DUAL_POLICY: &str = "[[networks]]\nname = \"provider\"\ncidr = \"10.12.4.0/22\"\nvip-range = \"10.12.4.50-10.12.4.60\"\nstale-ranges = [\"10.12.4.10-10.12.4.20\"]\n\n[[networks]]\nname = \"metal\"\ncidr = \"10.12.8.0/22\"\nvip-range = \"10.12.8.50-10.12.8.60\"\nstale-ranges = [\"10.12.8.10-10.12.8.20\"]\n\n[vips]\nnetworks = [\"provider\", \"metal\"]\npaired-host-part = true\n";

/// A bundle with one application per VIP string in `vips`.
fn vip_bundle(vips: &[&str]) -> String {
    let mut text = String::from("applications:\n");
    for (idx, vip) in vips.iter().enumerate() {
        text.push_str(&format!(
            "  app{idx}:\n    charm: keystone\n    num_units: 1\n    options:\n      vip: {vip}\n"
        ));
    }
    text
}

fn relocated(bundle: &str) -> Result<String, bundlec::fix::apply::FixError> {
    let mut provider = bundlec::source::MemoryProvider::new();
    provider.insert("bundle.yaml", bundle);
    provider.insert("bundlec.toml", DUAL_POLICY);
    let input = Input {
        bundle: "bundle.yaml".into(),
        overlays: Vec::new(),
        policy: PolicyChoice::File("bundlec.toml".into()),
        charm_dirs: Vec::new(),
    };
    let run =
        fix_in_memory(&provider, &input, FixOptions::default(), &bundlec::fix::vip::relocation)?;
    Ok(run.fixed.first().map_or_else(|| bundle.to_owned(), |(_, text)| text.clone()))
}

#[test]
fn a_full_block_frees_the_range_edge_a_misplaced_vip_holds() {
    // Ten VIPs on .51-.60 and one whose provider half holds .50: the policy spells out .50
    // as the range's first address, which must not count as a use of it.
    let mut vips: Vec<String> =
        (51..=60).map(|host| format!("10.12.4.{host} 10.12.8.{host}")).collect();
    vips.push("10.12.4.50 10.12.8.49".to_owned());
    let refs: Vec<&str> = vips.iter().map(String::as_str).collect();
    let fixed = relocated(&vip_bundle(&refs)).unwrap();
    assert!(fixed.contains("vip: 10.12.4.50 10.12.8.50\n"), "{fixed}");
}

#[test]
fn a_half_already_in_place_keeps_its_address_when_its_pair_is_free() {
    let fixed =
        relocated(&vip_bundle(&["10.12.4.50 10.12.8.50", "10.12.4.56 10.12.8.16"])).unwrap();
    assert!(fixed.contains("vip: 10.12.4.56 10.12.8.56\n"), "{fixed}");
    // When the pair is not free, the lowest free one is taken.
    let fixed = relocated(&vip_bundle(&[
        "10.12.4.50 10.12.8.50",
        "10.12.4.57 10.12.8.56",
        "10.12.4.56 10.12.8.16",
    ]))
    .unwrap();
    assert!(fixed.contains("vip: 10.12.4.51 10.12.8.51\n"), "{fixed}");
}
