//! Helpers for the end-to-end tests: run the `bundlec` binary the way a user does.
//!
//! The binary is the one `cargo test --workspace` builds next to these tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// Path of the `bundlec` binary built by the same `cargo test` run.
pub fn bundlec_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    // Test binaries live in target/<profile>/deps; the CLI in target/<profile>.
    let profile_dir =
        exe.parent().and_then(Path::parent).expect("tests run from target/<profile>/deps");
    let binary = profile_dir.join(format!("bundlec{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: run `cargo test --workspace`, which builds the CLI these tests drive",
        binary.display()
    );
    binary
}

/// Runs `bundlec` with `args` from the workspace root.
pub fn run(args: &[&str]) -> Output {
    run_in(&workspace_root(), args)
}

/// Runs `bundlec` with `args` from `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bundlec_binary())
        .args(args)
        .current_dir(dir)
        .env_remove("BUNDLEC_LOG")
        .output()
        .expect("the bundlec binary runs")
}

/// Runs `bundlec` with `args` from `dir`, logging everything at trace level to stderr.
pub fn run_logged_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bundlec_binary())
        .args(args)
        .current_dir(dir)
        .env("BUNDLEC_LOG", "trace")
        .output()
        .expect("the bundlec binary runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
