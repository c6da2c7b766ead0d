//! `bundlec fix` as users drive it: VIP relocation on a copy of the sample whose VIPs are
//! still in the old block, idempotence, and the refusals that leave files intact.

use std::path::{Path, PathBuf};

use bundlec_e2e::{run_in, stderr, stdout, workspace_root};

const FILES: &[&str] =
    &["bundle.yaml", "bundlec.toml", "overlays/vips.yaml", "overlays/octavia-pki.yaml"];

/// A private copy of `tests/data/relocation`, with the PKI overlay at mode 0600 as a site
/// keeps it.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::create_dir_all(root.join("overlays")).unwrap();
    let data = workspace_root().join("tests/data/relocation");
    for file in FILES {
        std::fs::copy(data.join(file), root.join(file)).unwrap();
    }
    set_mode(&root.join("overlays/octavia-pki.yaml"), 0o600);
    // The VIP overlay is rewritten by the relocation, so its mode shows what a write keeps.
    set_mode(&root.join("overlays/vips.yaml"), 0o640);
    (dir, root)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn read_all(root: &Path) -> Vec<String> {
    FILES.iter().map(|file| std::fs::read_to_string(root.join(file)).unwrap()).collect()
}

const CHECK: &[&str] = &[
    "check",
    "bundle.yaml",
    "--overlay",
    "overlays/octavia-pki.yaml",
    "--overlay",
    "overlays/vips.yaml",
];
const RELOCATE: &[&str] = &[
    "fix",
    "--relocate-vips",
    "bundle.yaml",
    "--overlay",
    "overlays/octavia-pki.yaml",
    "--overlay",
    "overlays/vips.yaml",
];

/// A line with every IPv4 address replaced, so two lines that differ only in addresses
/// compare equal.
fn without_addresses(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            let bare = word.trim_matches(['"', '\'']);
            if bare.parse::<std::net::Ipv4Addr>().is_ok() {
                word.replace(bare, "ADDR")
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn relocation_makes_the_check_clean_and_changes_only_vip_scalars() {
    let (_guard, root) = site();
    let before = read_all(&root);
    let check_before = run_in(&root, CHECK);
    assert_eq!(
        check_before.status.code(),
        Some(1),
        "the old block is flagged:\n{}",
        stdout(&check_before)
    );

    let fixed = run_in(&root, RELOCATE);
    assert_eq!(fixed.status.code(), Some(0), "{}{}", stdout(&fixed), stderr(&fixed));
    let check_after = run_in(&root, CHECK);
    assert_eq!(check_after.status.code(), Some(0), "{}", stdout(&check_after));

    let after = read_all(&root);
    let mut changed_lines = 0;
    for (old, new) in before.iter().zip(&after) {
        assert_eq!(old.lines().count(), new.lines().count());
        for (old_line, new_line) in old.lines().zip(new.lines()) {
            if old_line != new_line {
                changed_lines += 1;
                assert_eq!(
                    without_addresses(old_line),
                    without_addresses(new_line),
                    "{old_line} -> {new_line}"
                );
                assert!(old_line.contains("vip"), "only VIP lines change: {old_line}");
            }
        }
    }
    assert_eq!(changed_lines, 11, "every VIP, each written once");
    assert_eq!(before[3], after[3], "the PKI overlay is untouched");
    #[cfg(unix)]
    {
        assert_eq!(mode(&root.join("overlays/octavia-pki.yaml")), 0o600);
        assert_ne!(before[2], after[2], "the VIP overlay was rewritten");
        assert_eq!(mode(&root.join("overlays/vips.yaml")), 0o640, "and kept its mode");
    }
    assert!(
        after[0].contains("&keystone-vip \"10.12.4.50 10.12.8.50\""),
        "the anchor is rewritten in place"
    );
    assert!(
        after[0].contains("vip: '10.12.4.52 10.12.8.52' # cinder"),
        "quotes and comments survive"
    );
    assert!(
        after[2].contains("vip: 10.12.4.60 10.12.8.60 # octavia API"),
        "the overlay's VIP moves in the overlay"
    );
}

#[test]
fn relocating_again_changes_nothing() {
    let (_guard, root) = site();
    assert_eq!(run_in(&root, RELOCATE).status.code(), Some(0));
    let once = read_all(&root);
    let again = run_in(&root, RELOCATE);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(!stdout(&again).contains("wrote"), "{}", stdout(&again));
    assert_eq!(read_all(&root), once);
    let mut check = RELOCATE.to_vec();
    check.insert(1, "--check");
    assert_eq!(run_in(&root, &check).status.code(), Some(0));
}

#[test]
fn check_mode_and_diff_mode_write_nothing() {
    let (_guard, root) = site();
    let before = read_all(&root);
    let mut check = RELOCATE.to_vec();
    check.insert(1, "--check");
    let output = run_in(&root, &check);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("would change bundle.yaml"), "{}", stdout(&output));
    let mut diff = RELOCATE.to_vec();
    diff.insert(1, "--diff");
    let output = run_in(&root, &diff);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(read_all(&root), before);
    insta::assert_snapshot!("relocation_diff", stdout(&output));
}

#[test]
fn a_range_too_small_is_refused_with_the_shortfall() {
    let (_guard, root) = site();
    let policy = std::fs::read_to_string(root.join("bundlec.toml")).unwrap();
    let smaller = policy
        .replace("10.12.4.50-10.12.4.60", "10.12.4.50-10.12.4.58")
        .replace("10.12.8.50-10.12.8.60", "10.12.8.50-10.12.8.58");
    std::fs::write(root.join("bundlec.toml"), smaller).unwrap();
    let before = read_all(&root);
    let output = run_in(&root, RELOCATE);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("2 addresses are missing"), "{}", stderr(&output));
    assert_eq!(read_all(&root), before);
}

#[test]
fn a_read_only_target_is_refused_and_left_intact() {
    let (_guard, root) = site();
    let bundle = root.join("bundle.yaml");
    let mut permissions = std::fs::metadata(&bundle).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&bundle, permissions).unwrap();
    let before = read_all(&root);
    let output = run_in(&root, RELOCATE);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is read-only"), "{}", stderr(&output));
    assert_eq!(read_all(&root), before);
}

#[test]
fn unsafe_fixes_apply_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = "applications:\n  glance:\n    charm: glance\n    channel: 2024.1/stable\n    num_units: 1\n    options:\n      image-conversion: false # site default\n";
    std::fs::write(dir.path().join("bundle.yaml"), bundle).unwrap();
    std::fs::write(
        dir.path().join("bundlec.toml"),
        "[[options.required]]\napplications = [\"glance\"]\nvalues = { image-conversion = true }\n",
    )
    .unwrap();
    let safe_only = run_in(dir.path(), &["fix", "bundle.yaml"]);
    assert_eq!(safe_only.status.code(), Some(1), "the unmet option remains an error");
    assert!(stderr(&safe_only).contains("0 fixes applied"), "{}", stderr(&safe_only));
    assert_eq!(std::fs::read_to_string(dir.path().join("bundle.yaml")).unwrap(), bundle);
    let with_unsafe = run_in(dir.path(), &["fix", "--unsafe", "bundle.yaml"]);
    assert_eq!(with_unsafe.status.code(), Some(0), "{}", stderr(&with_unsafe));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bundle.yaml")).unwrap(),
        bundle.replace("image-conversion: false", "image-conversion: true")
    );
}

#[test]
fn relocating_without_a_vip_layout_is_refused() {
    let (_guard, root) = site();
    let before = read_all(&root);
    let mut args = RELOCATE.to_vec();
    args.push("--no-policy");
    let output = run_in(&root, &args);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("needs a site policy with a `[vips]` table"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read_all(&root), before);
}
