//! Building edits that keep a YAML file's style: a scalar keeps its quotes, a new key takes
//! its neighbours' indentation, a removed list item takes its whole line with it.

use super::Edit;
use crate::source::{FileSpan, SourceDb, TextRange, to_u32};
use crate::syntax::{Resolved, scalar::resolve_plain};

/// Replaces the scalar written at `span` with `value`, in the scalar's own style: inside
/// its quotes when quoted, plain when plain and `value` stays a plain string, else
/// double-quoted.
pub fn set_scalar(sources: &SourceDb, span: FileSpan, value: &str) -> Option<Edit> {
    let raw = sources.slice(span);
    let text = &sources.get(span.file).text;
    if raw.is_empty() {
        // `key:` with nothing after it: the value needs a space after the colon.
        let before = text.get(..span.range.start as usize)?;
        let prefix = if before.ends_with(':') { " " } else { "" };
        return Some(Edit::replace(span, format!("{prefix}{}", plain_or_quoted(value))));
    }
    let replacement = if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    } else if raw.len() >= 2 && raw.starts_with('\'') && raw.ends_with('\'') {
        format!("'{}'", value.replace('\'', "''"))
    } else if raw.starts_with(['|', '>']) {
        return None;
    } else {
        plain_or_quoted(value)
    };
    Some(Edit::replace(span, replacement))
}

/// `value` as a YAML string scalar: plain when that reads back as the same string.
pub fn plain_or_quoted(value: &str) -> String {
    let special_start = value.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ]);
    let plain_safe = !value.is_empty()
        && !special_start
        && !value.ends_with(' ')
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.contains('\n')
        && resolve_plain(value) == Resolved::Str;
    if plain_safe {
        value.to_owned()
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Adds `key: value` (value already in YAML form) next to the entry that spans `entry`: on
/// a new line with the entry's indentation in a block mapping, after a comma in a flow one.
pub fn insert_entry_after(
    sources: &SourceDb,
    entry: FileSpan,
    key: &str,
    value: &str,
) -> Option<Edit> {
    let file = sources.get(entry.file);
    let text = &file.text;
    let line = file.line_index.line_of(entry.range.start);
    let line_start = file.line_index.line_start(line) as usize;
    let before_key = text.get(line_start..entry.range.start as usize)?;
    // In a flow mapping the entry follows `{` or `,`, even when it starts its own line.
    let in_flow = text.get(..entry.range.start as usize)?.trim_end().ends_with(['{', ',']);
    if before_key.trim().is_empty() && !in_flow {
        let indent = before_key;
        let end_line = file.line_index.line_of(entry.range.end);
        let at = file.line_index.line_end(text, end_line);
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let span = FileSpan::new(entry.file, TextRange::empty(at));
        return Some(Edit::replace(span, format!("{newline}{indent}{key}: {value}")));
    }
    // A flow mapping: `{charm: keystone, num_units: 1}`.
    let span = FileSpan::new(entry.file, TextRange::empty(entry.range.end));
    Some(Edit::replace(span, format!(", {key}: {value}")))
}

/// Removes the block-sequence item whose value spans `item`, with its `- ` and its line;
/// `None` when the item shares its line with anything else (a flow sequence).
pub fn delete_block_item(sources: &SourceDb, item: FileSpan) -> Option<Edit> {
    let file = sources.get(item.file);
    let text = &file.text;
    let first = file.line_index.line_of(item.range.start);
    let last = file.line_index.line_of(item.range.end);
    let start = file.line_index.line_start(first) as usize;
    let lead = text.get(start..item.range.start as usize)?;
    if lead.trim() != "-" {
        return None;
    }
    let end_of_line = file.line_index.line_end(text, last) as usize;
    let rest = text.get(item.range.end as usize..end_of_line)?.trim();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return None;
    }
    let next_line = if (last as usize) + 1 < file.line_index.line_count() {
        file.line_index.line_start(last + 1) as usize
    } else {
        text.len()
    };
    Some(Edit::delete(FileSpan::new(item.file, TextRange::new(to_u32(start), to_u32(next_line)))))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::fix::apply::apply_to_text;

    fn db(text: &str) -> SourceDb {
        let mut sources = SourceDb::new();
        sources.add("bundle.yaml".into(), Arc::from(text));
        sources
    }

    fn span_of(text: &str, needle: &str) -> FileSpan {
        let start = to_u32(text.find(needle).unwrap());
        FileSpan::new(crate::source::FileId(0), TextRange::new(start, start + to_u32(needle.len())))
    }

    #[test]
    fn scalars_keep_their_quotes() {
        for (text, old, new, expected) in [
            (
                "channel: \"2023.2/stable\"\n",
                "\"2023.2/stable\"",
                "2024.1/stable",
                "channel: \"2024.1/stable\"\n",
            ),
            (
                "channel: '2023.2/stable'\n",
                "'2023.2/stable'",
                "2024.1/stable",
                "channel: '2024.1/stable'\n",
            ),
            (
                "channel: 2023.2/stable # old\n",
                "2023.2/stable",
                "2024.1/stable",
                "channel: 2024.1/stable # old\n",
            ),
            ("channel: latest\n", "latest", "2024.1", "channel: \"2024.1\"\n"),
        ] {
            let sources = db(text);
            let edit = set_scalar(&sources, span_of(text, old), new).unwrap();
            assert_eq!(apply_to_text(text, &[&edit]), expected);
        }
    }

    #[test]
    fn new_entries_follow_their_neighbour() {
        // (text, the neighbour entry, expected): block, flow, and flow over several lines.
        for (text, neighbour, expected) in [
            (
                "  keystone:\n    charm: keystone  # the API\n    num_units: 1\n",
                "charm: keystone",
                "  keystone:\n    charm: keystone  # the API\n    channel: 2024.1/stable\n    num_units: 1\n",
            ),
            (
                "  keystone: {charm: keystone, num_units: 1}\n",
                "charm: keystone",
                "  keystone: {charm: keystone, channel: 2024.1/stable, num_units: 1}\n",
            ),
            (
                "  keystone: {\n    charm: keystone,\n    num_units: 1}\n",
                "num_units: 1",
                "  keystone: {\n    charm: keystone,\n    num_units: 1, channel: 2024.1/stable}\n",
            ),
        ] {
            let sources = db(text);
            let edit =
                insert_entry_after(&sources, span_of(text, neighbour), "channel", "2024.1/stable")
                    .unwrap();
            assert_eq!(apply_to_text(text, &[&edit]), expected);
        }
    }

    #[test]
    fn block_items_go_with_their_line() {
        let text =
            "relations:\n- [a:x, b:y]\n- [vault:ha, vault-hacluster:ha] # not here\n- [c:z, d:w]\n";
        let sources = db(text);
        let edit =
            delete_block_item(&sources, span_of(text, "[vault:ha, vault-hacluster:ha]")).unwrap();
        assert_eq!(apply_to_text(text, &[&edit]), "relations:\n- [a:x, b:y]\n- [c:z, d:w]\n");
        let flow = "relations: [[a:x, b:y], [c:z, d:w]]\n";
        assert!(delete_block_item(&db(flow), span_of(flow, "[c:z, d:w]")).is_none());
    }
}
