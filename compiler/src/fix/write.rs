//! Writing a fixed file back: atomically, with its mode and owner kept, and only if nobody
//! changed it since bundlec read it.
//!
//! The new text goes to a temporary file in the same directory, is flushed to disk, gets
//! the original's permissions and owner, and then replaces the original by rename; any
//! failure before the rename leaves the original byte for byte as it was. A symbolic link
//! is followed, so the file it points at is replaced and the link stays a link.

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
    /// A later file failed after earlier ones were replaced, and some of those could not
    /// be given their original text back.
    #[error("{cause}; these files keep the fixed text: {}", written.iter().map(|it| format!("`{}`", it.display())).collect::<Vec<_>>().join(", "))]
    PartlyWritten {
        /// What stopped the commit.
        cause: Box<WriteError>,
        /// The files still holding the fixed text.
        written: Vec<PathBuf>,
    },
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

/// A new text waiting in a temporary file beside the file it will replace.
struct Staged {
    /// The file to replace: the target of a symbolic link, so the link survives.
    target: PathBuf,
    /// The path the user named, for messages.
    named: PathBuf,
    temp: tempfile::NamedTempFile,
    dir: PathBuf,
}

/// The file a write to `path` must replace: `path` itself, or the file a symbolic link
/// points at.
fn target_of(path: &Path) -> Result<PathBuf, WriteError> {
    let is_link = std::fs::symlink_metadata(path)
        .map_err(io(path, "reading its metadata"))?
        .file_type()
        .is_symlink();
    if is_link {
        std::fs::canonicalize(path).map_err(io(path, "following its link"))
    } else {
        Ok(path.to_path_buf())
    }
}

/// Writes `contents` to a flushed temporary file beside `path`'s target, with the
/// target's permissions and owner, after checking that `path` still holds `expected`.
fn stage(path: &Path, expected: &[u8], contents: &[u8]) -> Result<Staged, WriteError> {
    let metadata = check_writable(path, expected)?;
    let target = target_of(path)?;
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".bundlec-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io(path, "creating a temporary file beside it"))?;
    temp.write_all(contents).map_err(io(path, "writing the temporary file"))?;
    temp.as_file().sync_all().map_err(io(path, "flushing the temporary file"))?;
    std::fs::set_permissions(temp.path(), metadata.permissions())
        .map_err(io(path, "copying its permissions"))?;
    keep_owner(temp.path(), &metadata).map_err(io(path, "copying its owner"))?;
    Ok(Staged { target, named: path.to_path_buf(), temp, dir })
}

/// Renames a staged text over its target, which must still hold `expected`.
fn persist(staged: Staged, expected: &[u8]) -> Result<(), WriteError> {
    let Staged { target, named, temp, dir } = staged;
    // Re-read right before the rename, so a change made while bundlec worked is not lost.
    let current = std::fs::read(&target).map_err(io(&named, "reading it again"))?;
    if current != expected {
        return Err(WriteError::ChangedOnDisk(named));
    }
    temp.persist(&target).map_err(|err| WriteError::Io {
        path: named.clone(),
        step: "replacing it",
        source: err.error,
    })?;
    if let Ok(directory) = std::fs::File::open(&dir) {
        // Make the rename itself durable; a failure here leaves a correct file behind.
        let _ = directory.sync_all();
    }
    Ok(())
}

/// Replaces the contents of `path`, which must still hold `expected`, with `contents`.
pub fn atomic_write(path: &Path, expected: &[u8], contents: &[u8]) -> Result<(), WriteError> {
    persist(stage(path, expected, contents)?, expected)
}

/// Writes every fixed file of `run`, all or none: each is checked and staged in a temporary
/// file first, so a refusal or a full disk leaves every file untouched; then each is
/// renamed into place, and if one rename fails, the files already replaced get their
/// original text back. Returns the paths written.
pub fn commit(run: &super::apply::FixRun) -> Result<Vec<PathBuf>, WriteError> {
    commit_with(run, &mut |_| {})
}

/// [`commit`], calling `before_rename` with each path just before it is renamed into place,
/// so tests can change a file at the worst moment.
#[doc(hidden)]
pub fn commit_with(
    run: &super::apply::FixRun,
    before_rename: &mut dyn FnMut(&Path),
) -> Result<Vec<PathBuf>, WriteError> {
    let original_of = |path: &Path| {
        run.originals.iter().find(|(it, _)| it == path).map_or("", |(_, text)| text.as_str())
    };
    let mut staged = Vec::new();
    for (path, fixed) in &run.fixed {
        staged.push((path, fixed, stage(path, original_of(path).as_bytes(), fixed.as_bytes())?));
    }
    let mut written: Vec<(&PathBuf, &String)> = Vec::new();
    for (path, fixed, file) in staged {
        before_rename(path);
        if let Err(err) = persist(file, original_of(path).as_bytes()) {
            return Err(roll_back(&written, &original_of, err));
        }
        written.push((path, fixed));
    }
    Ok(written.into_iter().map(|(path, _)| path.clone()).collect())
}

/// Puts the original text back into each of `written`, after `err` stopped the commit.
fn roll_back<'a>(
    written: &[(&PathBuf, &String)],
    original_of: &dyn Fn(&Path) -> &'a str,
    err: WriteError,
) -> WriteError {
    let mut kept: Vec<PathBuf> = Vec::new();
    for (path, fixed) in written {
        if let Err(restore) = atomic_write(path, fixed.as_bytes(), original_of(path).as_bytes()) {
            tracing::error!(%restore, "a fixed file could not be restored");
            kept.push((*path).clone());
        }
    }
    if kept.is_empty() {
        err
    } else {
        WriteError::PartlyWritten { cause: Box::new(err), written: kept }
    }
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
