//! Line starts of one file, and conversions between byte offsets and line/column positions.

/// A position as a zero-based line and a zero-based column.
///
/// The unit of `column` depends on the conversion that produced it: bytes, characters or
/// UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// Zero-based line.
    pub line: u32,
    /// Zero-based column.
    pub column: u32,
}

/// The unit a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Bytes of UTF-8.
    Utf8,
    /// Unicode scalar values, as people count them.
    Char,
    /// UTF-16 code units, as most LSP clients count them.
    Utf16,
}

/// Start offsets of every line in one text.
///
/// A line ends after `\n`; a `\r` before it belongs to the line terminator, so CRLF files
/// report the same columns as LF files.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    /// Builds the index of `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (idx, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                line_starts.push(to_u32(idx + 1));
            }
        }
        Self { line_starts, len: to_u32(text.len()) }
    }

    /// Number of lines (a text without a final newline still has its last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where the zero-based `line` starts, clamped to the last line.
    pub fn line_start(&self, line: u32) -> u32 {
        let idx = (line as usize).min(self.line_starts.len() - 1);
        self.line_starts[idx]
    }

    /// Byte offset just past the end of the zero-based `line`, terminator excluded.
    pub fn line_end(&self, text: &str, line: u32) -> u32 {
        let idx = line as usize;
        let end = self.line_starts.get(idx + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        let mut end = end as usize;
        if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
            if end > 0 && bytes.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
        }
        to_u32(end.max(self.line_start(line) as usize))
    }

    /// Zero-based line that contains byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: u32) -> u32 {
        let offset = offset.min(self.len);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        to_u32(line)
    }

    /// Converts a byte offset into a line and a column in `unit`.
    ///
    /// An offset inside a multi-byte character counts up to that character.
    pub fn to_line_col(&self, text: &str, offset: u32, unit: ColumnUnit) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.line_start(line) as usize;
        let mut end = offset as usize;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = text.get(start..end).unwrap_or("");
        let column = match unit {
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Char => prefix.chars().count(),
            ColumnUnit::Utf16 => prefix.encode_utf16().count(),
        };
        LineCol { line, column: to_u32(column) }
    }

    /// Converts a line and column in `unit` to a byte offset.
    ///
    /// Out-of-range positions are clamped: a line past the end gives the end of the text, a
    /// column past the end of its line gives the end of that line.
    pub fn to_offset(&self, text: &str, position: LineCol, unit: ColumnUnit) -> u32 {
        if position.line as usize >= self.line_starts.len() {
            return self.len;
        }
        let start = self.line_start(position.line);
        let end = self.line_end(text, position.line);
        let line_text = text.get(start as usize..end as usize).unwrap_or("");
        let mut counted = 0u32;
        for (byte_idx, ch) in line_text.char_indices() {
            if counted >= position.column {
                return start + to_u32(byte_idx);
            }
            counted += match unit {
                ColumnUnit::Utf8 => to_u32(ch.len_utf8()),
                ColumnUnit::Char => 1,
                ColumnUnit::Utf16 => to_u32(ch.len_utf16()),
            };
        }
        end
    }
}

/// Converts a length or offset to `u32`; bundlec refuses inputs over 4 GiB before this point.
pub(crate) fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_columns_in_each_unit() {
        let text = "a: 1\n# é😀 comment\nkey: x\n";
        let index = LineIndex::new(text);
        let offset = u32::try_from(text.find("comment").unwrap()).unwrap();
        assert_eq!(
            index.to_line_col(text, offset, ColumnUnit::Char),
            LineCol { line: 1, column: 5 }
        );
        assert_eq!(
            index.to_line_col(text, offset, ColumnUnit::Utf16),
            LineCol { line: 1, column: 6 }
        );
        assert_eq!(
            index.to_line_col(text, offset, ColumnUnit::Utf8),
            LineCol { line: 1, column: 9 }
        );
    }

    #[test]
    fn round_trips_utf16_positions() {
        let text = "x: \"😀\"\ny: 2";
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            let offset = to_u32(offset);
            let pos = index.to_line_col(text, offset, ColumnUnit::Utf16);
            assert_eq!(index.to_offset(text, pos, ColumnUnit::Utf16), offset);
        }
    }

    #[test]
    fn crlf_lines_end_before_the_carriage_return() {
        let text = "a: 1\r\nb: 2\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_end(text, 0), 4);
        assert_eq!(index.to_line_col(text, 6, ColumnUnit::Char), LineCol { line: 1, column: 0 });
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.to_offset(text, LineCol { line: 0, column: 99 }, ColumnUnit::Utf16), 2);
        assert_eq!(index.to_offset(text, LineCol { line: 7, column: 0 }, ColumnUnit::Utf16), 5);
        assert_eq!(index.to_line_col(text, 999, ColumnUnit::Char), LineCol { line: 1, column: 2 });
    }
}
