//! Plain file I/O at the edge: reading an input (a path or standard input) and writing
//! files atomically, never replacing what a reader might see half-written.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Read an input path, or standard input for `-`. Bytes that are not UTF-8 are replaced.
pub fn read_input(input: &str) -> io::Result<String> {
    let mut bytes = Vec::new();
    if input == "-" {
        io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        bytes = fs::read(input)?;
    }
    Ok(text_of(bytes))
}

/// Bytes as text, invalid UTF-8 replaced. Valid UTF-8 (the usual case) is taken as is,
/// checked by the fast validator and not copied.
pub fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Write `contents` to `path` so that a reader never sees half a file: a temporary file
/// in the same folder, flushed to disk, then renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Like `write_atomic`, but never replaces an existing file: `name.md` becomes
/// `name-2.md`, `name-3.md`… Returns the path written.
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
    for n in 1..10_000u32 {
        let name = match (n, &ext) {
            (1, Some(ext)) => format!("{stem}.{ext}"),
            (1, None) => stem.clone(),
            (n, Some(ext)) => format!("{stem}-{n}.{ext}"),
            (n, None) => format!("{stem}-{n}"),
        };
        let candidate = dir.join(name);
        let mut tmp = tempfile::NamedTempFile::new_in(&dir)?;
        tmp.write_all(contents)?;
        tmp.as_file().sync_all()?;
        // persist_noclobber fails if the target appeared meanwhile, so two writers never
        // overwrite each other.
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.error),
        }
    }
    Err(io::Error::other("too many reports with the same name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_input_keeps_valid_text_and_replaces_bytes_that_are_not_utf8() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let good = dir.path().join("good.txt");
        fs::write(&good, "Connection 'é' failed\n").expect("written");
        assert_eq!(
            read_input(&good.display().to_string()).expect("read"),
            "Connection 'é' failed\n"
        );
        let bad = dir.path().join("bad.txt");
        fs::write(&bad, b"code \xff\xfe Missing\n").expect("written");
        assert_eq!(
            read_input(&bad.display().to_string()).expect("read"),
            "code \u{FFFD}\u{FFFD} Missing\n"
        );
    }
}
