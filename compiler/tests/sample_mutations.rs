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
        let heat_options = line_of(&bundle, "  heat:\n") + 5;
        // heat keeps its hacluster, which now has no VIP to manage: R041 says so too.
        assert_eq!(
            errors,
            [
                found("R041", BUNDLE, heat_options, "options"),
                found("N007", BUNDLE, line, "\"10.12.4.60 10.12.8.60\""),
            ]
        );
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

// ── Site-policy rules: charms and channels, relations, counts, placement, options ─────────
//
// Each test loads the sample files into memory under their own paths, applies one textual
// change, and compares the errors and warnings with what that change must raise.
mod site_policy {
    use std::collections::BTreeSet;
    use std::path::PathBuf;
    use std::process::Command;

    use bundlec::check::{Analysis, Input, PolicyChoice, analyze};
    use bundlec::diagnostics::terminal::render_plain;
    use bundlec::diagnostics::{Diagnostic, Severity, json};
    use bundlec::source::MemoryProvider;

    const BUNDLE: &str = "../samples/openstack-caracal/bundle.yaml";
    const OVERLAY: &str = "../samples/openstack-caracal/overlays/octavia-pki.yaml";
    const POLICY: &str = "../samples/openstack-caracal/bundlec.toml";

    fn read(path: &str) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"))
    }

    fn analyze_sample(bundle: &str, overlay: &str, policy: &str) -> Analysis {
        let mut provider = MemoryProvider::new();
        provider.insert(BUNDLE, bundle);
        provider.insert(OVERLAY, overlay);
        provider.insert(POLICY, policy);
        let mut input = Input {
            bundle: PathBuf::from(BUNDLE),
            policy: PolicyChoice::File(PathBuf::from(POLICY)),
            ..Input::default()
        };
        input.overlays.push(PathBuf::from(OVERLAY));
        analyze(&provider, &input).expect("the sample files are in memory and the policy is valid")
    }

    /// The sample bundle with one change applied to it.
    fn mutated_bundle(change: impl Fn(&str) -> String) -> Analysis {
        analyze_sample(&change(&read(BUNDLE)), &read(OVERLAY), &read(POLICY))
    }

    /// `text` with the only occurrence of `from` replaced by `to`.
    fn replace_once(text: &str, from: &str, to: &str) -> String {
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur exactly once");
        text.replacen(from, to, 1)
    }

    /// The one-based line of the first occurrence of `needle`.
    fn line_of(text: &str, needle: &str) -> u32 {
        let offset = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the text"));
        u32::try_from(text[..offset].matches('\n').count() + 1).unwrap()
    }

    fn reported(analysis: &Analysis) -> Vec<&Diagnostic> {
        analysis.diagnostics.iter().filter(|it| it.severity >= Severity::Warning).collect()
    }

    fn codes(analysis: &Analysis) -> BTreeSet<&'static str> {
        reported(analysis).iter().map(|it| it.code).collect()
    }

    /// The file name and one-based line of each diagnostic of `code`.
    fn places(analysis: &Analysis, code: &str) -> Vec<(String, u32)> {
        reported(analysis)
            .iter()
            .filter(|it| it.code == code)
            .map(|it| {
                let span = it.primary.span;
                let file = analysis.sources.get(span.file).name.clone();
                (file, analysis.sources.start_line_col(span).line)
            })
            .collect()
    }

    fn messages(analysis: &Analysis, code: &str) -> Vec<String> {
        reported(analysis)
            .iter()
            .filter(|it| it.code == code)
            .map(|it| it.message.clone())
            .collect()
    }

    fn everything_rendered(analysis: &Analysis) -> String {
        let diagnostics = &analysis.diagnostics;
        let mut text: String =
            diagnostics.iter().map(|it| render_plain(&analysis.sources, it)).collect();
        text.push_str(&json::render(&analysis.sources, diagnostics));
        text.push_str(&format!("{diagnostics:?}"));
        text
    }

    /// One textual change of the sample bundle.
    type Mutation = fn(&str) -> String;

    const DESIGNATE: &str = "  designate:\n    charm: designate\n    channel: 2024.1/stable\n    num_units: 1\n    to: [\"lxd:8\"]\n    bindings:\n      \"\": *metal-space\n\n";

    fn with_designate(text: &str) -> String {
        replace_once(text, "applications:\n\n", &format!("applications:\n\n{DESIGNATE}"))
    }

    const VAULT_HA: &str = "  - [vault:ha, keystone-hacluster:ha]\n";

    fn with_vault_ha(text: &str) -> String {
        format!("{text}{VAULT_HA}")
    }

    fn without_glance_channel(text: &str) -> String {
        replace_once(
            text,
            "  glance:\n    charm: glance\n    channel: 2024.1/stable\n",
            "  glance:\n    charm: glance\n",
        )
    }

    fn with_less_reserved_memory(text: &str) -> String {
        replace_once(text, "reserved-host-memory: 8192", "reserved-host-memory: 4096")
    }

    #[test]
    fn the_sample_has_no_errors_or_warnings() {
        let analysis = analyze_sample(&read(BUNDLE), &read(OVERLAY), &read(POLICY));
        let found: Vec<String> =
            reported(&analysis).iter().map(|it| format!("{}: {}", it.code, it.message)).collect();
        assert!(found.is_empty(), "{found:#?}");
        assert!(!analysis.has_errors());
    }

    #[test]
    fn adding_a_designate_application_is_forbidden_and_changes_the_counts() {
        let text = with_designate(&read(BUNDLE));
        let analysis = mutated_bundle(|_| text.clone());
        // A bare designate also lacks its database router and its certificates relation.
        assert_eq!(codes(&analysis), BTreeSet::from(["C003", "P012", "R042", "R044"]));
        assert_eq!(
            places(&analysis, "C003"),
            [(BUNDLE.to_owned(), line_of(&text, "  designate:"))]
        );
        // The application is honest: one more application, in one more container.
        let counts = messages(&analysis, "P012");
        assert_eq!(counts.len(), 2, "{counts:?}");
        assert!(counts.iter().any(|it| it.contains("51 applications")), "{counts:?}");
        assert!(counts.iter().any(|it| it.contains("25 containers")), "{counts:?}");
        assert!(analysis.has_errors());
    }

    #[test]
    fn adding_a_vault_ha_relation_is_forbidden_and_changes_the_relation_count() {
        let text = with_vault_ha(&read(BUNDLE));
        let analysis = mutated_bundle(|_| text.clone());
        // The vault hacluster now manages a vault without a VIP: R041 says so too.
        assert_eq!(codes(&analysis), BTreeSet::from(["P012", "R021", "R041"]));
        assert_eq!(places(&analysis, "R021"), [(BUNDLE.to_owned(), line_of(&text, VAULT_HA))]);
        assert_eq!(
            messages(&analysis, "P012"),
            ["the deploy plan has 98 relations, the site policy expects 97"]
        );
        assert!(analysis.has_errors());
    }

    #[test]
    fn dropping_a_channel_leaves_the_application_unpinned() {
        let text = without_glance_channel(&read(BUNDLE));
        let analysis = mutated_bundle(|_| text.clone());
        // An absent channel is `C001` alone: `C002` compares channels that are written.
        assert_eq!(codes(&analysis), BTreeSet::from(["C001"]));
        let glance = line_of(&text, "  glance:\n    charm: glance\n");
        assert_eq!(places(&analysis, "C001"), [(BUNDLE.to_owned(), glance)]);
        assert!(analysis.has_errors());
    }

    #[test]
    fn changing_reserved_host_memory_breaks_the_required_option() {
        let text = with_less_reserved_memory(&read(BUNDLE));
        let analysis = mutated_bundle(|_| text.clone());
        assert_eq!(codes(&analysis), BTreeSet::from(["O001"]));
        let line = line_of(&text, "reserved-host-memory: 4096");
        assert_eq!(places(&analysis, "O001"), [(BUNDLE.to_owned(), line)]);
        assert_eq!(
            messages(&analysis, "O001"),
            ["`reserved-host-memory` of `nova-compute` is `4096`, the site policy requires `8192`"]
        );
        assert!(analysis.has_errors());
    }

    #[test]
    fn a_channel_off_the_matrix_is_reported_at_the_channel() {
        let text = replace_once(&read(BUNDLE), "channel: 3.9/stable", "channel: 3.8/stable");
        let analysis = mutated_bundle(|_| text.clone());
        assert_eq!(codes(&analysis), BTreeSet::from(["C002"]));
        let line = line_of(&text, "channel: 3.8/stable");
        assert_eq!(places(&analysis, "C002"), [(BUNDLE.to_owned(), line)]);
    }

    #[test]
    fn compute_on_the_storage_only_host_is_reported_at_its_directive() {
        let from = "    to: [\"9\", \"10\", \"11\"]";
        let to = "    to: [\"8\", \"10\", \"11\"]";
        let text = replace_once(&read(BUNDLE), from, to);
        let analysis = mutated_bundle(|_| text.clone());
        assert_eq!(codes(&analysis), BTreeSet::from(["P013"]));
        assert_eq!(places(&analysis, "P013"), [(BUNDLE.to_owned(), line_of(&text, to))]);
    }

    #[test]
    fn two_osds_on_one_host_and_none_on_another_are_both_reported() {
        let from = "    to: [\"8\", \"9\", \"10\", \"11\"]";
        let to = "    to: [\"8\", \"9\", \"10\", \"10\"]";
        let text = replace_once(&read(BUNDLE), from, to);
        let analysis = mutated_bundle(|_| text.clone());
        assert_eq!(codes(&analysis), BTreeSet::from(["P014"]));
        let line = line_of(&text, to);
        assert_eq!(
            places(&analysis, "P014"),
            [(BUNDLE.to_owned(), line), (BUNDLE.to_owned(), line)]
        );
    }

    #[test]
    fn removing_a_required_relation_is_reported_at_the_relations_key() {
        let from = "  - [octavia:certificates, vault:certificates]\n";
        let text = replace_once(&read(BUNDLE), from, "");
        let analysis = mutated_bundle(|_| text.clone());
        // Octavia now gets no certificates from vault: R044 says so too.
        assert_eq!(codes(&analysis), BTreeSet::from(["P012", "R020", "R044"]));
        let relations = line_of(&text, "\nrelations:") + 1;
        assert_eq!(places(&analysis, "R020"), [(BUNDLE.to_owned(), relations)]);
        assert_eq!(
            messages(&analysis, "P012"),
            ["the deploy plan has 96 relations, the site policy expects 97"]
        );
    }

    #[test]
    fn a_dns_name_option_is_forbidden_on_an_ip_only_site() {
        let from = "      vip: *keystone-vip\n";
        let added = "      dns-ha: true\n";
        let text = replace_once(&read(BUNDLE), from, &format!("{from}{added}"));
        let analysis = mutated_bundle(|_| text.clone());
        // `dns-ha` next to a `vip` is also contradictory: O020 says so too.
        assert_eq!(codes(&analysis), BTreeSet::from(["O002", "O020"]));
        assert_eq!(places(&analysis, "O002"), [(BUNDLE.to_owned(), line_of(&text, added))]);
    }

    #[test]
    fn the_cli_exits_with_1_on_each_mutation_the_issue_names() {
        let mutations: [(&str, Mutation); 4] = [
            ("C003", with_designate),
            ("R021", with_vault_ha),
            ("C001", without_glance_channel),
            ("O001", with_less_reserved_memory),
        ];
        for (code, change) in mutations {
            let dir = tempfile::tempdir().unwrap();
            let site = dir.path();
            std::fs::create_dir(site.join("overlays")).unwrap();
            let files = [
                ("bundle.yaml", change(&read(BUNDLE))),
                ("overlays/octavia-pki.yaml", read(OVERLAY)),
                ("bundlec.toml", read(POLICY)),
            ];
            for (name, text) in files {
                #[expect(
                    clippy::disallowed_methods,
                    reason = "test input in a temporary directory"
                )]
                std::fs::write(site.join(name), text).unwrap();
            }
            let output = Command::new(env!("CARGO_BIN_EXE_bundlec"))
                .current_dir(site)
                .args(["check", "bundle.yaml", "--overlay", "overlays/octavia-pki.yaml"])
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert_eq!(output.status.code(), Some(1), "{code}: {stdout}");
            assert!(stdout.contains(&format!("{code}[")), "{code}: {stdout}");
        }
    }

    const SENTINEL: &str = "SENTINEL-SECRET-7f3a";
    const REQUIRED_SECRET: &str = "SENTINEL-REQUIRED-9c1d";

    /// The overlay with every `lb-mgmt-*` value replaced by the sentinel.
    fn sentinel_overlay() -> String {
        let overlay = read(OVERLAY);
        let mut replaced = 0;
        let lines: Vec<String> = overlay
            .lines()
            .map(|line| match line.split_once(": ") {
                Some((key, _)) if key.trim_start().starts_with("lb-mgmt-") => {
                    replaced += 1;
                    format!("{key}: \"{SENTINEL}\"")
                }
                _ => line.to_owned(),
            })
            .collect();
        assert_eq!(replaced, 5, "the overlay sets five lb-mgmt-* options");
        lines.join("\n") + "\n"
    }

    #[test]
    fn no_secret_value_appears_in_any_output_of_any_rule() {
        let overlay = sentinel_overlay();
        // Make the option rules look at the secret options: require another passphrase, and
        // forbid the controller certificates.
        let policy = replace_once(
            &read(POLICY),
            "forbidden = [\"os-*-hostname\", \"dns-ha\"]",
            "forbidden = [\"os-*-hostname\", \"dns-ha\", \"lb-mgmt-controller-*\"]",
        ) + &format!(
            "\n[[options.required]]\napplications = [\"octavia\"]\nvalues = {{ lb-mgmt-issuing-ca-key-passphrase = \"{REQUIRED_SECRET}\" }}\n"
        );
        // The base bundle sets one of them too, which the overlay then replaces.
        let bundle = replace_once(
            &read(BUNDLE),
            "      amp-image-tag: octavia-amphora\n      # The five",
            &format!(
                "      amp-image-tag: octavia-amphora\n      lb-mgmt-controller-cert: \"{SENTINEL}\"\n      # The five"
            ),
        );
        let analysis = analyze_sample(&bundle, &overlay, &policy);
        let found = codes(&analysis);
        assert!(found.contains("O001") && found.contains("O002"), "{found:?}");
        assert_eq!(messages(&analysis, "O002").len(), 2, "both controller options are flagged");
        let everything = everything_rendered(&analysis);
        assert!(!everything.contains(SENTINEL), "{everything}");
        assert!(!everything.contains(REQUIRED_SECRET), "{everything}");
        assert!(!everything.contains("SENTINEL"), "{everything}");
    }
}
