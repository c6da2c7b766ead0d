//! Tests of the spanned tree: spans in bytes, aliases, merges, problems, hostile input.

use super::*;

fn parse_ok(text: &str) -> YamlFile {
    let (file, problems) = parse(FileId(0), text);
    assert!(problems.is_empty(), "unexpected problems: {problems:?}");
    file
}

fn value_of<'a>(file: &YamlFile, text: &'a str, mapping: NodeId, key: &str) -> (NodeId, &'a str) {
    let entries = file.entries(mapping).expect("a mapping");
    let entry = entries
        .iter()
        .find(|entry| file.scalar(entry.key).is_some_and(|it| it.value == key))
        .expect("the key is present");
    (entry.value, &text[file.node(entry.value).range.to_usize()])
}

#[test]
fn scalar_spans_cover_exactly_the_written_value_in_every_style() {
    let text =
        "a: plain value # c\nb: 'sing''le'\nc: \"dou\\\"ble\"\nd: |\n  line1\n  line2\ne: x\n";
    let file = parse_ok(text);
    let root = file.documents[0].root;
    assert_eq!(value_of(&file, text, root, "a").1, "plain value");
    assert_eq!(value_of(&file, text, root, "b").1, "'sing''le'");
    assert_eq!(value_of(&file, text, root, "c").1, "\"dou\\\"ble\"");
    assert_eq!(value_of(&file, text, root, "d").1, "|\n  line1\n  line2");
    assert_eq!(value_of(&file, text, root, "e").1, "x");
}

#[test]
fn non_ascii_text_before_a_value_does_not_shift_its_byte_range() {
    let text = "# Caracal – 2024.1 ünïcödé 😀\nkey: value\nother: \"é\"\n";
    let file = parse_ok(text);
    let root = file.documents[0].root;
    assert_eq!(value_of(&file, text, root, "key").1, "value");
    assert_eq!(value_of(&file, text, root, "other").1, "\"é\"");
}

#[test]
fn empty_values_sit_right_after_their_colon() {
    let text = "machines:\n  \"8\":\n  \"9\": ~\n";
    let file = parse_ok(text);
    let (machines, _) = value_of(&file, text, file.documents[0].root, "machines");
    let (eight, written) = value_of(&file, text, machines, "8");
    assert_eq!(written, "");
    assert_eq!(file.node(eight).range.start as usize, text.find("\"8\":").unwrap() + 4);
    assert!(file.is_null(eight));
}

#[test]
fn aliases_point_at_their_anchor_without_copying() {
    let text = "variables:\n  vip: &vip \"10.0.0.1 10.0.1.1\"\napp:\n  vip: *vip\n";
    let file = parse_ok(text);
    let root = file.documents[0].root;
    let (app, _) = value_of(&file, text, root, "app");
    let (alias, written) = value_of(&file, text, app, "vip");
    assert_eq!(written, "*vip");
    let target = file.alias_target(alias).expect("an alias");
    assert_eq!(&text[file.node(target).range.to_usize()], "\"10.0.0.1 10.0.1.1\"");
    assert_eq!(file.node(target).anchor.as_deref(), Some("vip"));
    assert_eq!(file.scalar(alias).unwrap().value, "10.0.0.1 10.0.1.1");
}

fn merged_pairs(text: &str, key: &str) -> Vec<(String, String)> {
    let file = parse_ok(text);
    let (m, _) = value_of(&file, text, file.documents[0].root, key);
    file.entries(m)
        .unwrap()
        .iter()
        .map(|e| {
            (file.scalar(e.key).unwrap().value.clone(), file.scalar(e.value).unwrap().value.clone())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn a_merge_applies_where_its_key_stands_as_juju_reads_it() {
    // Written before `<<`: the merge overwrites it. Written after: it wins.
    let before = "base: &base {a: 1, b: 2}\nm:\n  b: 3\n  <<: *base\n";
    assert_eq!(merged_pairs(before, "m"), pairs(&[("b", "2"), ("a", "1")]));
    let after = "base: &base {a: 1, b: 2}\nm:\n  <<: *base\n  b: 3\n";
    assert_eq!(merged_pairs(after, "m"), pairs(&[("a", "1"), ("b", "3")]));
}

#[test]
fn in_a_list_of_merges_the_first_mapping_wins() {
    let text = "x: &x {a: 1}\ny: &y {a: 2, b: 2}\nm:\n  <<: [*x, *y]\n";
    assert_eq!(merged_pairs(text, "m"), pairs(&[("a", "1"), ("b", "2")]));
}

#[test]
fn nested_merges_stay_cheap() {
    // Each level merges the previous one twice: expanded naively, 2^40 walks.
    let mut text = String::from("m0: &m0 {a: 1}\n");
    for level in 1..40 {
        let previous = level - 1;
        text.push_str(&format!(
            "m{level}: &m{level} {{<<: [*m{previous}, *m{previous}], k{level}: 1}}\n"
        ));
    }
    text.push_str("top:\n  <<: *m39\n  own: 1\n");
    let merged = merged_pairs(&text, "top");
    assert_eq!(merged.len(), 41, "a, k1..k39 and own");
    assert_eq!(merged.last().unwrap(), &("own".to_owned(), "1".to_owned()));
}

#[test]
fn a_mapping_that_merges_itself_ends() {
    let text = "m: &m\n  a: 1\n  <<: [*m, *m]\n";
    let (file, problems) = parse(FileId(0), text);
    if problems.is_empty() {
        let (m, _) = value_of(&file, text, file.documents[0].root, "m");
        assert_eq!(file.entries(m).unwrap().len(), 1);
    }
}

#[test]
fn duplicate_keys_name_both_places() {
    let text = "applications:\n  keystone: {}\n  keystone: {}\n";
    let (_, problems) = parse(FileId(0), text);
    let [SyntaxProblem::DuplicateKey { key, first, second }] = problems.as_slice() else {
        panic!("expected one duplicate key, got {problems:?}");
    };
    assert_eq!(key, "keystone");
    assert_eq!(first.start as usize, text.find("keystone").unwrap());
    assert_eq!(second.start as usize, text.rfind("keystone").unwrap());
}

#[test]
fn a_syntax_error_is_one_problem_at_its_position() {
    let text = "# é\napplications:\n  a: [1, 2\n";
    let (_, problems) = parse(FileId(0), text);
    assert_eq!(problems.len(), 1);
    assert!(matches!(problems[0], SyntaxProblem::Invalid { .. }));
}

#[test]
fn multi_document_streams_keep_each_document() {
    let text = "a: 1\n---\nb: 2\n--- # third\nc: 3\n";
    let file = parse_ok(text);
    assert_eq!(file.documents.len(), 3);
    assert_eq!(file.documents[2].index, 2);
}

#[test]
fn deep_nesting_does_not_exhaust_the_stack() {
    let depth = 10_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let (file, _) = parse(FileId(0), &text);
    assert!(file.node_count() >= depth || !file.documents.is_empty() || file.node_count() == 0);
    // Block nesting costs its indentation: 2,000 levels is already 2 MB of spaces.
    let mut block = String::new();
    for level in 0..2_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("k:\n");
    }
    let (_, problems) = parse(FileId(0), &block);
    assert!(problems.len() <= 1);
}

#[test]
fn alias_bombs_stay_linear() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..30 {
        let prev = level - 1;
        let refs = vec![format!("*a{prev}"); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    let file = parse_ok(&text);
    assert!(file.node_count() < 1_000);
}

#[test]
fn binary_input_is_a_problem_not_a_panic() {
    let text = String::from_utf8_lossy(&[0u8, 159, 146, 150, 0xff, b':', b'\t', 7]).into_owned();
    let _ = parse(FileId(0), &text);
    let (file, problems) = parse(FileId(0), "");
    assert!(file.documents.is_empty());
    assert!(problems.is_empty());
}

#[test]
fn a_byte_order_mark_is_skipped_and_offsets_still_count_it() {
    let text = "\u{feff}applications:\n  keystone: {charm: keystone}\n";
    let file = parse_ok(text);
    let (apps, _) = value_of(&file, text, file.documents[0].root, "applications");
    let entries = file.entries(apps).unwrap();
    let key = file.node(entries[0].key).range;
    assert_eq!(&text[key.to_usize()], "keystone");
}

#[test]
fn anchors_do_not_reach_across_documents() {
    let text =
        "applications:\n  keystone: &ks {charm: keystone}\n---\napplications:\n  glance: *ks\n";
    let (_, problems) = parse(FileId(0), text);
    let [SyntaxProblem::Invalid { message, at }] = problems.as_slice() else {
        panic!("expected one problem, got {problems:?}");
    };
    assert!(message.contains("unknown anchor `ks`"), "{message}");
    assert_eq!(&text[at.to_usize()], "*ks");
    let same_document = "a: &ks {charm: keystone}\nb: *ks\n";
    assert!(parse(FileId(0), same_document).1.is_empty());
}

#[test]
fn a_merge_of_anything_but_mappings_is_refused() {
    for (text, bad) in [
        ("s: &s x\nm:\n  <<: *s\n", "*s"),
        ("m:\n  <<: 3\n", "3"),
        ("l: &l [1]\nm:\n  <<: [*l]\n", "[*l]"),
    ] {
        let (_, problems) = parse(FileId(0), text);
        let [SyntaxProblem::Invalid { message, at }] = problems.as_slice() else {
            panic!("expected one problem for {text:?}, got {problems:?}");
        };
        assert!(message.contains("merge key"), "{message}");
        assert_eq!(&text[at.to_usize()], bad);
    }
    assert!(parse(FileId(0), "a: &a {x: 1}\nb: &b {y: 1}\nm:\n  <<: [*a, *b]\n").1.is_empty());
}
