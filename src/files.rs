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
/// checked by the fast validator and not copied. UTF-16 with a byte order mark (what
/// Windows PowerShell 5.1's `>` and `Out-File` write) is decoded (F26), and a UTF-8
/// byte order mark dropped.
pub fn text_of(bytes: Vec<u8>) -> String {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes
            .chunks(2)
            .map(|pair| unit([pair[0], *pair.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => return utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => return utf16(rest, u16::from_be_bytes),
        [0xEF, 0xBB, 0xBF, ..] => {
            let mut bytes = bytes;
            bytes.drain(..3);
            return text_of(bytes);
        }
        _ => {}
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Write a report to `path`, which the user named (`--output`): atomically into a
/// regular file, or straight into a device, a pipe or a terminal (`/dev/stdout`, a
/// FIFO), which is never replaced by a file (F22).
pub fn write_output(path: &Path, contents: &[u8]) -> io::Result<()> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut file = fs::OpenOptions::new().write(true).open(path)?;
            file.write_all(contents)?;
            file.flush()
        }
        _ => write_atomic(path, contents),
    }
}

/// A temporary file in `dir` created as an ordinary file would be: mode 0666 less the
/// umask (tempfile's own default, 0600, would make a report in a team's shared folder
/// unreadable to the team).
/// `private` keeps tempfile's 0600, for files that are the user's alone (sessions).
fn temp_file_in(dir: &Path, private: bool) -> io::Result<tempfile::NamedTempFile> {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    if !private {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    #[cfg(not(unix))]
    let _ = private;
    builder.tempfile_in(dir).map_err(without_temp_name)
}

/// tempfile adds the temporary file's name to its errors (`… at path "/dir/.tmpXYZ"`);
/// the user never chose that name and cannot act on it, so callers name the target.
fn without_temp_name(e: io::Error) -> io::Error {
    let text = e.to_string();
    match text.find(" at path \"") {
        Some(at) => io::Error::new(e.kind(), text[..at].to_string()),
        None => e,
    }
}

/// Write `contents` into the temporary file and flush it to disk. A full disk fails
/// here, and tempfile names its own file in that error too.
fn fill(tmp: &mut tempfile::NamedTempFile, contents: &[u8]) -> io::Result<()> {
    tmp.write_all(contents).map_err(without_temp_name)?;
    tmp.as_file().sync_all().map_err(without_temp_name)
}

/// Write `contents` to `path` so that a reader never sees half a file: a temporary file
/// in the same folder, flushed to disk, then renamed over the target. The file gets the
/// mode any new file would (the umask decides), like a report in a shared folder should.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_as(path, contents, false)
}

/// Like `write_atomic`, but readable by the owner only (0600): for saved sessions,
/// which hold what the customer pasted.
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_as(path, contents, true)
}

fn write_atomic_as(path: &Path, contents: &[u8], private: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = temp_file_in(dir, private)?;
    fill(&mut tmp, contents)?;
    tmp.persist(path).map_err(|e| without_temp_name(e.error))?;
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
        let mut tmp = temp_file_in(&dir, false)?;
        fill(&mut tmp, contents)?;
        // persist_noclobber fails if the target appeared meanwhile, so two writers never
        // overwrite each other.
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(without_temp_name(e.error)),
        }
    }
    Err(io::Error::other("too many reports with the same name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn written_files_follow_the_umask_and_errors_name_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temp dir");
        let atomic = dir.path().join("a.md");
        write_atomic(&atomic, b"x").expect("written");
        let new = write_new(&dir.path().join("b.md"), b"x").expect("written");
        // What the umask allows, without calling umask(2): a file created the plain way.
        let plain = dir.path().join("plain");
        fs::write(&plain, b"x").expect("written");
        let expected = fs::metadata(&plain).expect("meta").permissions().mode() & 0o777;
        for path in [&atomic, &new] {
            let mode = fs::metadata(path).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, expected, "{}", path.display());
        }
        let private = dir.path().join("session.json");
        write_private(&private, b"x").expect("written");
        let mode = fs::metadata(&private).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A folder that does not exist: the error is the OS's, with no `.tmp…` name.
        let missing = dir.path().join("nope/report.md");
        let err = write_atomic(&missing, b"x").unwrap_err().to_string();
        assert!(!err.contains(".tmp"), "{err}");
        let err = write_new(&missing, b"x").unwrap_err().to_string();
        assert!(!err.contains(".tmp"), "{err}");
    }

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
