//! Collects each rule module's `//!` documentation so `bundlec rule CODE` can print it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let rules_dir = Path::new("src/rules");
    println!("cargo:rerun-if-changed=src/rules");
    let mut arms = String::new();
    let mut families: Vec<_> = std::fs::read_dir(rules_dir)
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    families.sort();
    for family in families.iter().filter(|path| path.is_dir()) {
        println!("cargo:rerun-if-changed={}", family.display());
        let mut files: Vec<_> = std::fs::read_dir(family)
            .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
            .unwrap_or_default();
        files.sort();
        for file in files.iter().filter(|path| path.extension().is_some_and(|ext| ext == "rs")) {
            let stem = file.file_stem().and_then(|it| it.to_str()).unwrap_or_default();
            if stem == "mod" {
                continue;
            }
            let family_name = family.file_name().and_then(|it| it.to_str()).unwrap_or_default();
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let doc: Vec<&str> = text
                .lines()
                .take_while(|line| line.starts_with("//!"))
                .map(|line| line.strip_prefix("//! ").unwrap_or(line.trim_start_matches("//!")))
                .collect();
            let module = format!("bundlec::rules::{family_name}::{stem}");
            let _ = writeln!(arms, "        {module:?} => Some({:?}),", doc.join("\n"));
        }
    }
    let generated = format!(
        "/// The documentation of the rule module at `module` (its `module_path!()`).\n\
         pub(crate) fn rule_doc(module: &str) -> Option<&'static str> {{\n    match module {{\n{arms}        _ => None,\n    }}\n}}\n"
    );
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let target = Path::new(&out_dir).join("rule_docs.rs");
    // Build scripts write into OUT_DIR only; the atomic-write rule is for user files.
    #[expect(clippy::disallowed_methods, reason = "build output, not a user file")]
    std::fs::write(target, generated).expect("OUT_DIR is writable");
}
