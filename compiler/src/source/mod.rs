//! Source files: file ids, byte ranges, the line index, and the provider that reads files.
//!
//! The compiler never touches the file system directly: every read goes through a
//! [`SourceProvider`], so the language server can serve unsaved buffers from memory.

mod line_index;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) use line_index::to_u32;
pub use line_index::{ColumnUnit, LineCol, LineIndex};

/// Files larger than this are refused: no real bundle comes near it, and offsets stay `u32`.
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;

/// A half-open byte range in one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextRange {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl TextRange {
    /// A range from `start` to `end`; a reversed pair is ordered.
    pub fn new(start: u32, end: u32) -> Self {
        if end < start { Self { start: end, end: start } } else { Self { start, end } }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: u32) -> Self {
        Self { start: offset, end: offset }
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the range covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The range as `usize` bounds, for slicing.
    pub fn to_usize(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest range covering both.
    pub fn cover(self, other: Self) -> Self {
        Self { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Whether `offset` lies inside, end included (a cursor at the end still touches it).
    pub fn touches(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }
}

/// Identifies one file of a [`SourceDb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in a given file: where a value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileSpan {
    /// The file.
    pub file: FileId,
    /// The bytes.
    pub range: TextRange,
}

impl FileSpan {
    /// A span of `range` in `file`.
    pub fn new(file: FileId, range: TextRange) -> Self {
        Self { file, range }
    }
}

/// One loaded file.
#[derive(Debug)]
pub struct SourceFile {
    /// The path it was read from, as the caller named it.
    pub path: PathBuf,
    /// The name shown to users.
    pub name: String,
    /// The text.
    pub text: Arc<str>,
    /// Its line index.
    pub line_index: LineIndex,
}

/// Every file one analysis read, by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    /// An empty database.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: Arc<str>) -> FileId {
        let name = path.display().to_string();
        let line_index = LineIndex::new(&text);
        let id = FileId(to_u32(self.files.len()));
        self.files.push(SourceFile { path, name, text, line_index });
        id
    }

    /// The file with `id`.
    ///
    /// Ids are only made by [`SourceDb::add`], so a missing one is a caller bug.
    pub fn get(&self, id: FileId) -> &SourceFile {
        self.files.get(id.0 as usize).expect("file ids come from this database")
    }

    /// Every file with its id.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(idx, file)| (FileId(to_u32(idx)), file))
    }

    /// The id of the file read from `path`, if any.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.iter().find(|(_, file)| file.path == path).map(|(id, _)| id)
    }

    /// The text covered by `span`, or `""` when it does not fit the file.
    pub fn slice(&self, span: FileSpan) -> &str {
        self.get(span.file).text.get(span.range.to_usize()).unwrap_or("")
    }

    /// One-based line and character column of the start of `span`.
    pub fn start_line_col(&self, span: FileSpan) -> LineCol {
        let file = self.get(span.file);
        let pos = file.line_index.to_line_col(&file.text, span.range.start, ColumnUnit::Char);
        LineCol { line: pos.line + 1, column: pos.column + 1 }
    }
}

/// What a path names, as far as the provider can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Directory,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// Nothing exists at the path.
    #[error("no such file")]
    NotFound,
    /// The path is a directory.
    #[error("is a directory")]
    IsDirectory,
    /// The file exceeds the size the caller accepts.
    #[error("file is larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A text file that is not UTF-8.
    #[error("file is not valid UTF-8 text")]
    NotUtf8,
    /// Any other I/O failure, with the system's words.
    #[error("{0}")]
    Io(String),
}

/// Reads files for the compiler: the file system for the CLI, open buffers for the editor.
pub trait SourceProvider: Send + Sync {
    /// Reads at most `limit` bytes of the file at `path`; a longer file is
    /// [`SourceError::TooLarge`].
    fn read_bytes(&self, path: &Path, limit: u64) -> Result<Vec<u8>, SourceError>;

    /// What `path` names, or `None` when nothing is there.
    fn kind(&self, path: &Path) -> Option<EntryKind>;

    /// Reads the file at `path` as UTF-8 text.
    fn read_text(&self, path: &Path) -> Result<String, SourceError> {
        let bytes = self.read_bytes(path, MAX_SOURCE_BYTES)?;
        String::from_utf8(bytes).map_err(|_| SourceError::NotUtf8)
    }
}

/// Reads from the real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct FsProvider;

impl SourceProvider for FsProvider {
    fn read_bytes(&self, path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        let metadata = std::fs::metadata(path).map_err(|err| io_error(&err))?;
        if metadata.is_dir() {
            return Err(SourceError::IsDirectory);
        }
        let file = std::fs::File::open(path).map_err(|err| io_error(&err))?;
        let mut bytes = Vec::new();
        // Read one byte past the limit, so an over-long file is detected without reading it all.
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|err| io_error(&err))?;
        if bytes.len() as u64 > limit {
            return Err(SourceError::TooLarge { limit });
        }
        Ok(bytes)
    }

    fn kind(&self, path: &Path) -> Option<EntryKind> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(if metadata.is_dir() { EntryKind::Directory } else { EntryKind::File })
    }
}

fn io_error(err: &std::io::Error) -> SourceError {
    match err.kind() {
        std::io::ErrorKind::NotFound => SourceError::NotFound,
        std::io::ErrorKind::IsADirectory => SourceError::IsDirectory,
        _ => SourceError::Io(err.to_string()),
    }
}

/// Serves some paths from memory (unsaved editor buffers) and the rest from another provider.
#[derive(Default)]
pub struct MemoryProvider {
    files: HashMap<PathBuf, Arc<str>>,
    fallback: Option<Box<dyn SourceProvider>>,
}

impl MemoryProvider {
    /// A provider that knows only what is inserted into it.
    pub fn new() -> Self {
        Self::default()
    }

    /// A provider that falls back to `fallback` for paths it does not hold.
    pub fn with_fallback(fallback: Box<dyn SourceProvider>) -> Self {
        Self { files: HashMap::new(), fallback: Some(fallback) }
    }

    /// Serves `text` for `path`.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) {
        self.files.insert(path.into(), text.into());
    }

    /// Stops serving `path` from memory.
    pub fn remove(&mut self, path: &Path) {
        self.files.remove(path);
    }
}

impl SourceProvider for MemoryProvider {
    fn read_bytes(&self, path: &Path, limit: u64) -> Result<Vec<u8>, SourceError> {
        if let Some(text) = self.files.get(path) {
            if text.len() as u64 > limit {
                return Err(SourceError::TooLarge { limit });
            }
            return Ok(text.as_bytes().to_vec());
        }
        if self.files.keys().any(|known| known.starts_with(path)) {
            return Err(SourceError::IsDirectory);
        }
        match &self.fallback {
            Some(fallback) => fallback.read_bytes(path, limit),
            None => Err(SourceError::NotFound),
        }
    }

    fn kind(&self, path: &Path) -> Option<EntryKind> {
        if self.files.contains_key(path) {
            return Some(EntryKind::File);
        }
        if self.files.keys().any(|known| known.starts_with(path)) {
            return Some(EntryKind::Directory);
        }
        self.fallback.as_ref().and_then(|fallback| fallback.kind(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_provider_prefers_buffers_and_knows_their_directories() {
        let mut provider = MemoryProvider::new();
        provider.insert("dir/a.yaml", "x: 1");
        assert_eq!(provider.read_text(Path::new("dir/a.yaml")).unwrap(), "x: 1");
        assert_eq!(provider.kind(Path::new("dir")), Some(EntryKind::Directory));
        assert_eq!(provider.read_text(Path::new("dir")), Err(SourceError::IsDirectory));
        assert_eq!(provider.read_text(Path::new("nope")), Err(SourceError::NotFound));
        assert_eq!(
            provider.read_bytes(Path::new("dir/a.yaml"), 2),
            Err(SourceError::TooLarge { limit: 2 })
        );
    }
}
