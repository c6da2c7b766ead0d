//! Writing a fixed file back: atomically, with its mode and owner kept, and only if nobody
//! changed it since bundlec read it.
//!
//! The new text goes to a temporary file in the same directory, is flushed to disk, gets
//! the original's permissions and owner, and then replaces the original by rename; any
//! failure before the rename leaves the original byte for byte as it was.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file changed on disk after bundlec read it.
    #[error("`{}` changed on disk since bundlec read it; nothing was written to it", .0.display())]
    ChangedOnDisk(PathBuf),
    /// The file is read-only.
    #[error("`{}` is read-only; nothing was written to it", .0.display())]
    ReadOnly(PathBuf),
    /// Any other I/O failure, with the step that failed.
    #[error("cannot write `{}`: {step}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What bundlec was doing.
        step: &'static str,
        /// The system's error.
        source: std::io::Error,
    },
}

fn io<'a>(path: &'a Path, step: &'static str) -> impl FnOnce(std::io::Error) -> WriteError + 'a {
    move |source| WriteError::Io { path: path.to_path_buf(), step, source }
}

/// Checks that `path` still holds `expected` and can be replaced, without writing.
pub fn check_writable(path: &Path, expected: &[u8]) -> Result<std::fs::Metadata, WriteError> {
    let metadata = std::fs::metadata(path).map_err(io(path, "reading its metadata"))?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    let current = std::fs::read(path).map_err(io(path, "reading it again"))?;
    if current != expected {
        return Err(WriteError::ChangedOnDisk(path.to_path_buf()));
    }
    Ok(metadata)
}

/// Replaces the contents of `path`, which must still hold `expected`, with `contents`.
pub fn atomic_write(path: &Path, expected: &[u8], contents: &[u8]) -> Result<(), WriteError> {
    let metadata = check_writable(path, expected)?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".bundlec-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io(path, "creating a temporary file beside it"))?;
    temp.write_all(contents).map_err(io(path, "writing the temporary file"))?;
    temp.as_file().sync_all().map_err(io(path, "flushing the temporary file"))?;
    std::fs::set_permissions(temp.path(), metadata.permissions())
        .map_err(io(path, "copying its permissions"))?;
    keep_owner(temp.path(), &metadata).map_err(io(path, "copying its owner"))?;
    // Re-read right before the rename, so a change made while bundlec worked is not lost.
    let current = std::fs::read(path).map_err(io(path, "reading it again"))?;
    if current != expected {
        return Err(WriteError::ChangedOnDisk(path.to_path_buf()));
    }
    temp.persist(path).map_err(|err| WriteError::Io {
        path: path.to_path_buf(),
        step: "replacing it",
        source: err.error,
    })?;
    if let Ok(directory) = std::fs::File::open(dir) {
        // Make the rename itself durable; a failure here leaves a correct file behind.
        let _ = directory.sync_all();
    }
    Ok(())
}

/// Writes every fixed file of `run`: each is checked first, so one refusal leaves all of them
/// untouched, then each is replaced atomically. Returns the paths written.
pub fn commit(run: &super::apply::FixRun) -> Result<Vec<PathBuf>, WriteError> {
    let original_of = |path: &Path| {
        run.originals.iter().find(|(it, _)| it == path).map_or("", |(_, text)| text.as_str())
    };
    for (path, _) in &run.fixed {
        check_writable(path, original_of(path).as_bytes())?;
    }
    let mut written = Vec::new();
    for (path, fixed) in &run.fixed {
        atomic_write(path, original_of(path).as_bytes(), fixed.as_bytes())?;
        written.push(path.clone());
    }
    Ok(written)
}

#[cfg(unix)]
fn keep_owner(temp: &Path, metadata: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt as _;
    let current = std::fs::metadata(temp)?;
    if current.uid() == metadata.uid() && current.gid() == metadata.gid() {
        return Ok(());
    }
    std::os::unix::fs::chown(temp, Some(metadata.uid()), Some(metadata.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_temp: &Path, _metadata: &std::fs::Metadata) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_file(path: &Path, text: &str) {
        let mut file =
            std::fs::OpenOptions::new().create(true).truncate(true).write(true).open(path).unwrap();
        file.write_all(text.as_bytes()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_mode_of_a_private_file() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pki.yaml");
        write_file(&path, "old\n");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        atomic_write(&path, b"old\n", b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn refuses_a_file_changed_behind_its_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bundle.yaml");
        write_file(&path, "edited by someone else\n");
        let err = atomic_write(&path, b"what bundlec read\n", b"fixed\n").unwrap_err();
        assert!(matches!(err, WriteError::ChangedOnDisk(_)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by someone else\n");
    }

    #[test]
    fn refuses_a_read_only_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bundle.yaml");
        write_file(&path, "old\n");
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let err = atomic_write(&path, b"old\n", b"new\n").unwrap_err();
        assert!(matches!(err, WriteError::ReadOnly(_)));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    }
}
