//! Mutations of the real sample deployment: each test changes the sample the way an
//! operator might, checks it against the sample's own policy, and expects exactly the
//! rules that change should raise, at the line it changed.

// ── Networks, VIPs, spaces and NICs (N rules) ─────────────────────────────────
mod networks {
    use std::path::PathBuf;
    use std::process::Command;

    use bundlec::check::{Input, PolicyChoice, analyze};
    use bundlec::diagnostics::Severity;
    use bundlec::source::MemoryProvider;

    const BUNDLE: &str = "../samples/openstack-caracal/bundle.yaml";
    const OVERLAY: &str = "../samples/openstack-caracal/overlays/octavia-pki.yaml";
    const POLICY: &str = "../samples/openstack-caracal/bundlec.toml";

    fn sample(path: &str) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
    }

    /// A problem as the user sees it: code, file, one-based line, and the text its primary
    /// label marks.
    #[derive(Debug, PartialEq, Eq)]
    struct Found {
        code: &'static str,
        file: String,
        line: u32,
        marked: String,
    }

    fn found(code: &'static str, file: &str, line: u32, marked: &str) -> Found {
        Found { code, file: file.to_owned(), line, marked: marked.to_owned() }
    }

    /// Every error of checking `bundle` and `overlay` against the sample policy, and
    /// whether the check fails (exit code 1).
    fn errors(bundle: &str, overlay: &str) -> (Vec<Found>, bool) {
        let mut provider = MemoryProvider::new();
        provider.insert(BUNDLE, bundle);
        provider.insert(OVERLAY, overlay);
        provider.insert(POLICY, sample(POLICY));
        let input = Input {
            bundle: PathBuf::from(BUNDLE),
            overlays: vec![PathBuf::from(OVERLAY)],
            policy: PolicyChoice::File(PathBuf::from(POLICY)),
            charm_dirs: Vec::new(),
        };
        let analysis = analyze(&provider, &input).expect("the sample and its policy load");
        let errors = analysis
            .diagnostics
            .iter()
            .filter(|it| it.severity == Severity::Error)
            .map(|it| Found {
                code: it.code,
                file: analysis.sources.get(it.primary.span.file).name.clone(),
                line: analysis.sources.start_line_col(it.primary.span).line,
                marked: analysis.sources.slice(it.primary.span).to_owned(),
            })
            .collect();
        (errors, analysis.has_errors())
    }

    /// The one-based line of the first occurrence of `needle` in `text`.
    fn line_of(text: &str, needle: &str) -> u32 {
        let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is not in the text"));
        u32::try_from(text[..at].matches('\n').count() + 1).unwrap_or(u32::MAX)
    }

    /// The sample bundle with `from` (which must occur exactly once) replaced by `to`, and
    /// the one-based line where the replacement starts.
    fn mutate(from: &str, to: &str) -> (String, u32) {
        let text = sample(BUNDLE);
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in the sample");
        let line = line_of(&text, from);
        (text.replacen(from, to, 1), line)
    }

    /// Checks the sample bundle with one mutation and the sample overlay.
    fn errors_of_mutation(from: &str, to: &str) -> (Vec<Found>, bool, u32) {
        let (bundle, line) = mutate(from, to);
        let (errors, fails) = errors(&bundle, &sample(OVERLAY));
        (errors, fails, line)
    }

    /// Runs the `bundlec` binary on a copy of the sample directory whose bundle has one
    /// mutation, and returns its exit code, its output and the mutated line.
    #[expect(clippy::disallowed_methods, reason = "test input in a temporary directory")]
    fn run_cli(from: &str, to: &str) -> (Option<i32>, String, u32) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let (bundle, line) = mutate(from, to);
        std::fs::create_dir(dir.path().join("overlays")).expect("overlays directory");
        for (name, text) in [
            ("bundle.yaml", bundle),
            ("overlays/octavia-pki.yaml", sample(OVERLAY)),
            ("bundlec.toml", sample(POLICY)),
        ] {
            std::fs::write(dir.path().join(name), text).expect("a writable temporary directory");
        }
        let output = Command::new(env!("CARGO_BIN_EXE_bundlec"))
            .current_dir(dir.path())
            .args(["check", "bundle.yaml", "--overlay", "overlays/octavia-pki.yaml"])
            .output()
            .expect("bundlec runs");
        (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned(), line)
    }

    /// The codes of the problems in the CLI's `output`, with the line each points at.
    fn reported(output: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut lines = output.lines();
        while let Some(line) = lines.next() {
            let Some(rest) = line.strip_prefix("error[") else { continue };
            let code = rest.split('[').next().unwrap_or_default().to_owned();
            let location = lines.find_map(|it| it.split_once("┌─ ").map(|(_, at)| at.to_owned()));
            let at = location.unwrap_or_default();
            let mut parts = at.rsplitn(3, ':');
            let (_, line) = (parts.next(), parts.next().unwrap_or_default().to_owned());
            found.push((code, format!("{}:{line}", parts.next().unwrap_or_default())));
        }
        found
    }

    #[test]
    fn the_cli_fails_with_exactly_the_stale_range_rule_for_a_vip_moved_to_15() {
        let (code, output, line) = run_cli("'10.12.4.52 10.12.8.52'", "'10.12.4.15 10.12.8.15'");
        let at = format!("bundle.yaml:{line}");
        assert_eq!(code, Some(1), "{output}");
        assert_eq!(reported(&output), [("N002".to_owned(), at.clone()), ("N002".to_owned(), at)]);
    }

    #[test]
    fn the_cli_fails_with_exactly_the_unknown_space_rule_for_a_misspelt_binding() {
        let (code, output, line) = run_cli(
            "public: *provider-space   # the dashboard",
            "public: provder   # the dashboard",
        );
        assert_eq!(code, Some(1), "{output}");
        assert_eq!(reported(&output), [("N010".to_owned(), format!("bundle.yaml:{line}"))]);
    }

    #[test]
    fn the_unmutated_sample_has_no_errors() {
        let (errors, fails) = errors(&sample(BUNDLE), &sample(OVERLAY));
        assert_eq!(errors, []);
        assert!(!fails);
    }

    #[test]
    fn a_vip_moved_to_15_is_in_the_stale_range_on_both_networks() {
        let (errors, fails, line) =
            errors_of_mutation("'10.12.4.52 10.12.8.52'", "'10.12.4.15 10.12.8.15'");
        assert_eq!(
            errors,
            [found("N002", BUNDLE, line, "10.12.4.15"), found("N002", BUNDLE, line, "10.12.8.15")]
        );
        assert!(fails);
    }

    #[test]
    fn a_vip_moved_to_15_under_variables_is_reported_at_the_anchor() {
        let (errors, fails, line) = errors_of_mutation(
            "&keystone-vip \"10.12.4.50 10.12.8.50\"",
            "&keystone-vip \"10.12.4.15 10.12.8.15\"",
        );
        assert_eq!(
            errors,
            [found("N002", BUNDLE, line, "10.12.4.15"), found("N002", BUNDLE, line, "10.12.8.15")]
        );
        assert!(fails);
    }

    #[test]
    fn a_metal_half_moved_alone_to_15_is_stale_and_unpaired() {
        let (errors, fails, line) =
            errors_of_mutation("vip: 10.12.4.53 10.12.8.53", "vip: 10.12.4.53 10.12.8.15");
        assert_eq!(
            errors,
            [found("N002", BUNDLE, line, "10.12.8.15"), found("N005", BUNDLE, line, "10.12.8.15")]
        );
        assert!(fails);
    }

    #[test]
    fn a_vip_set_to_15_by_the_overlay_is_reported_in_the_overlay() {
        let overlay = sample(OVERLAY).replacen(
            "    options:\n",
            "    options:\n      vip: 10.12.4.15 10.12.8.15\n",
            1,
        );
        let line = line_of(&overlay, "vip: 10.12.4.15");
        let (errors, fails) = errors(&sample(BUNDLE), &overlay);
        assert_eq!(
            errors,
            [
                found("N002", OVERLAY, line, "10.12.4.15"),
                found("N002", OVERLAY, line, "10.12.8.15")
            ]
        );
        assert!(fails);
    }

    #[test]
    fn a_vip_past_the_block_is_outside_the_range() {
        let (errors, fails, line) =
            errors_of_mutation("\"10.12.4.60 10.12.8.60\"", "\"10.12.4.61 10.12.8.61\"");
        assert_eq!(
            errors,
            [found("N001", BUNDLE, line, "10.12.4.61"), found("N001", BUNDLE, line, "10.12.8.61")]
        );
        assert!(fails);
    }

    #[test]
    fn a_vip_on_the_lxd_host_is_reserved_and_its_provider_half_stale() {
        let (errors, fails, line) =
            errors_of_mutation("vip: 10.12.4.58 10.12.8.58", "vip: 10.12.4.20 10.12.8.20");
        assert_eq!(
            errors,
            [found("N002", BUNDLE, line, "10.12.4.20"), found("N003", BUNDLE, line, "10.12.8.20")]
        );
        assert!(fails);
    }

    #[test]
    fn a_copied_vip_is_a_duplicate_of_both_halves() {
        let (errors, fails, line) =
            errors_of_mutation("\"10.12.4.51 10.12.8.51\"", "\"10.12.4.50 10.12.8.50\"");
        assert_eq!(
            errors,
            [found("N004", BUNDLE, line, "10.12.4.50"), found("N004", BUNDLE, line, "10.12.8.50")]
        );
        assert!(fails);
    }

    #[test]
    fn a_deleted_vip_changes_the_count_reported_at_the_last_vip() {
        let (bundle, _) = mutate("      vip: \"10.12.4.57 10.12.8.57\"\n", "");
        let line = line_of(&bundle, "\"10.12.4.60 10.12.8.60\"");
        let (errors, fails) = errors(&bundle, &sample(OVERLAY));
        assert_eq!(errors, [found("N007", BUNDLE, line, "\"10.12.4.60 10.12.8.60\"")]);
        assert!(fails);
    }

    #[test]
    fn a_binding_to_an_unknown_space_is_reported_where_it_is_written() {
        let (errors, fails, line) = errors_of_mutation(
            "public: *provider-space   # the dashboard",
            "public: provder   # the dashboard",
        );
        assert_eq!(errors, [found("N010", BUNDLE, line, "provder")]);
        assert!(fails);
    }

    #[test]
    fn a_misspelt_space_anchor_is_reported_once_at_the_anchor() {
        let (errors, fails, line) =
            errors_of_mutation("&provider-space provider", "&provider-space providr");
        assert_eq!(errors, [found("N010", BUNDLE, line, "providr")]);
        assert!(fails);
    }

    #[test]
    fn an_unbound_default_endpoint_is_reported_at_the_bindings() {
        let (errors, fails, line) = errors_of_mutation(
            "    bindings:\n      \"\": *metal-space\n      access: *metal-space\n",
            "    bindings:\n      access: *metal-space\n",
        );
        assert_eq!(errors, [found("N009", BUNDLE, line, "bindings")]);
        assert!(fails);
    }

    #[test]
    fn a_vip_whose_network_is_no_longer_bound_is_reported_at_its_half() {
        let (bundle, _) = mutate(
            "      public: *provider-space   # the dashboard only has a public extra-binding\n",
            "",
        );
        let line = line_of(&bundle, "'10.12.4.56 10.12.8.56'");
        let (errors, fails) = errors(&bundle, &sample(OVERLAY));
        assert_eq!(errors, [found("N008", BUNDLE, line, "10.12.4.56")]);
        assert!(fails);
    }

    #[test]
    fn a_data_bridge_on_the_wrong_nic_is_reported_at_the_anchor() {
        let (errors, fails, line) =
            errors_of_mutation("&data-port br-ex:enp8s0", "&data-port br-ex:enp9s0");
        assert_eq!(errors, [found("N011", BUNDLE, line, "enp9s0")]);
        assert!(fails);
    }

    #[test]
    fn a_misspelt_physnet_bridge_is_reported_once_where_it_is_misspelt() {
        let (errors, fails, line) = errors_of_mutation(
            "ovn-bridge-mappings: physnet1:br-ex",
            "ovn-bridge-mappings: physnet1:br-ext",
        );
        assert_eq!(errors, [found("N012", BUNDLE, line, "br-ext")]);
        assert!(fails);
    }
}
