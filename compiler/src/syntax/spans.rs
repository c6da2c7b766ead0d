//! Where tokens end: yaml-rust2 reports only where each event starts, so the end of a
//! scalar, alias or collection is found here from the text.

use super::ScalarStyle;
use crate::source::to_u32;

/// End offset of a scalar that starts at `start` and whose value is `value`.
pub(super) fn scalar_end(text: &str, start: u32, style: ScalarStyle, value: &str) -> u32 {
    let start_idx = start as usize;
    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
        let indicator = block_indicator(text, start) as usize;
        let Some(rest) = text.get(indicator..) else { return start };
        return to_u32(indicator + block_len(rest)).max(start);
    }
    let Some(rest) = text.get(start_idx..) else { return start };
    let end = match style {
        ScalarStyle::SingleQuoted => single_quoted_len(rest),
        ScalarStyle::DoubleQuoted => double_quoted_len(rest),
        ScalarStyle::Literal | ScalarStyle::Folded => block_len(rest),
        ScalarStyle::Plain => plain_len(rest, value),
    };
    to_u32(start_idx + end)
}

fn single_quoted_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut idx = 1;
    while idx < bytes.len() {
        if bytes[idx] == b'\'' {
            if bytes.get(idx + 1) == Some(&b'\'') {
                idx += 2;
                continue;
            }
            return idx + 1;
        }
        idx += 1;
    }
    bytes.len()
}

fn double_quoted_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut idx = 1;
    while idx < bytes.len() {
        match bytes[idx] {
            b'\\' => idx += 2,
            b'"' => return idx + 1,
            _ => idx += 1,
        }
    }
    bytes.len()
}

/// Where the `|` or `>` of a block scalar stands: yaml-rust2 marks the first content line,
/// so the indicator is searched on the header line above it.
pub(super) fn block_indicator(text: &str, content_start: u32) -> u32 {
    let content_start = (content_start as usize).min(text.len());
    let before = text[..content_start].trim_end();
    let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
    let header = &before[line_start..];
    let code = header.find(" #").map_or(header, |idx| &header[..idx]);
    match code.rfind(['|', '>']) {
        Some(idx) => to_u32(line_start + idx),
        None => to_u32(content_start),
    }
}

/// A plain scalar's text differs from its value only in folded whitespace, so the scalar
/// ends after as many non-blank characters as its value has.
fn plain_len(rest: &str, value: &str) -> usize {
    let wanted = value.chars().filter(|ch| !ch.is_whitespace()).count();
    if wanted == 0 {
        return 0;
    }
    let mut seen = 0;
    for (idx, ch) in rest.char_indices() {
        if !ch.is_whitespace() {
            seen += 1;
            if seen == wanted {
                return idx + ch.len_utf8();
            }
        }
    }
    rest.len()
}

/// A block scalar runs from its indicator over every line indented deeper than the first
/// content line's indentation, blank lines included, and ends at its last non-blank line.
fn block_len(rest: &str) -> usize {
    let header_end = rest.find('\n').unwrap_or(rest.len());
    let header = &rest[..header_end];
    let indicator_len = header.find([' ', '\t', '#']).unwrap_or(header.len());
    let mut end = indicator_len;
    let mut content_indent: Option<usize> = None;
    let mut line_start = header_end + 1;
    while line_start < rest.len() {
        let line_end = rest[line_start..].find('\n').map_or(rest.len(), |idx| line_start + idx);
        let line = rest[line_start..line_end].trim_end_matches('\r');
        let indent = line.len() - line.trim_start_matches(' ').len();
        if line.trim().is_empty() {
            line_start = line_end + 1;
            continue;
        }
        match content_indent {
            None if indent == 0 => break,
            None => content_indent = Some(indent),
            Some(wanted) if indent < wanted => break,
            Some(_) => {}
        }
        end = line_start + line.trim_end().len();
        line_start = line_end + 1;
    }
    end
}

/// End of an alias token `*name`.
pub(super) fn alias_end(text: &str, start: u32) -> u32 {
    let start_idx = start as usize;
    let Some(rest) = text.get(start_idx..) else { return start };
    let len = rest
        .char_indices()
        .skip(1)
        .find(|(_, ch)| ch.is_whitespace() || matches!(ch, ',' | ']' | '}'))
        .map_or(rest.len(), |(idx, _)| idx);
    to_u32(start_idx + len)
}

/// End of the token at `start`, for pointing at a syntax error.
pub(super) fn token_end(text: &str, start: u32) -> u32 {
    let start_idx = start as usize;
    let Some(rest) = text.get(start_idx..) else { return start };
    let len =
        rest.char_indices().find(|(_, ch)| ch.is_whitespace()).map_or(rest.len(), |(idx, _)| idx);
    to_u32(start_idx + len)
}

/// The name of the anchor (`&name`) written just before `start`, skipping a tag.
pub(super) fn anchor_before(text: &str, start: u32) -> Option<String> {
    let mut end = (start as usize).min(text.len());
    for _ in 0..2 {
        let before = text.get(..end)?;
        let trimmed = before.trim_end();
        let token_start = trimmed.rfind(char::is_whitespace).map_or(0, |idx| idx + 1);
        let token = &trimmed[token_start..];
        // A flow collection's opening bracket may stand between the anchor and the node.
        if let Some(name) = token.strip_prefix('&') {
            return Some(name.trim_end_matches(['[', '{']).to_owned());
        }
        if !token.starts_with('!') {
            return None;
        }
        end = token_start;
    }
    None
}

/// Offset just past the `:` that follows a key ending at `key_end`.
pub(super) fn after_colon(text: &str, key_end: u32) -> u32 {
    let idx = key_end as usize;
    let Some(rest) = text.get(idx..) else { return key_end };
    match rest.find(':') {
        Some(colon) if rest[..colon].trim().is_empty() || rest[..colon].trim() == "\"" => {
            to_u32(idx + colon + 1)
        }
        _ => key_end,
    }
}

/// End of a collection that starts at `start`: the closing bracket for flow style (the end
/// event's marker stands on it), else the end of its last child.
pub(super) fn collection_end(
    text: &str,
    start: u32,
    end_marker: u32,
    open: u8,
    close: u8,
    last_child_end: u32,
) -> u32 {
    let bytes = text.as_bytes();
    if bytes.get(start as usize) == Some(&open) && bytes.get(end_marker as usize) == Some(&close) {
        return end_marker + 1;
    }
    last_child_end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quoted_ends_with_escapes() {
        assert_eq!(single_quoted_len("'it''s' rest"), 7);
        assert_eq!(double_quoted_len(r#""a\"b" rest"#), 6);
    }

    #[test]
    fn plain_multi_line_scalars_end_at_their_last_word() {
        let text = "a b\n    c # comment";
        assert_eq!(&text[..plain_len(text, "a b c")], "a b\n    c");
    }

    #[test]
    fn block_scalars_end_at_their_last_content_line() {
        let text = "|\n  one\n\n  two\nnext: 1";
        assert_eq!(&text[..block_len(text)], "|\n  one\n\n  two");
    }

    #[test]
    fn reads_anchor_names_past_tags() {
        let text = "key: &vip !!str 10.0.0.1";
        let start = u32::try_from(text.find("10.").unwrap()).unwrap();
        assert_eq!(anchor_before(text, start).as_deref(), Some("vip"));
    }
}
