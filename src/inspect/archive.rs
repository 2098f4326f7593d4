//! Reading an untrusted zip (a solution export or a .msapp) into memory, safely: no
//! entry may leave the archive, and the number of entries and the bytes they unpack to
//! are capped so a zip bomb ends in a clear error. Nothing is written to disk.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::InspectError;

pub const MAX_ENTRIES: usize = 5_000;
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;

/// The archive's files that matter, by their path inside it.
pub struct Archive {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Archive {
    /// Read every entry for which `wanted(path)` holds.
    pub fn read(
        name: &str,
        bytes: &[u8],
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Archive, InspectError> {
        let bad = |reason: String| InspectError::Invalid {
            file: name.to_string(),
            reason,
        };
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| bad(format!("not a readable zip archive ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(bad(format!(
                "{} entries; more than {MAX_ENTRIES} is refused as a zip bomb",
                zip.len()
            )));
        }
        let mut files = BTreeMap::new();
        let mut total: u64 = 0;
        for index in 0..zip.len() {
            let mut entry = zip
                .by_index(index)
                .map_err(|e| bad(format!("entry {index} cannot be read ({e})")))?;
            let raw_name = entry
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| format!("#{index}"));
            if entry.enclosed_name().is_none()
                || raw_name.starts_with('/')
                || raw_name.contains("..")
            {
                return Err(InspectError::Hostile {
                    file: name.to_string(),
                    member: raw_name,
                    reason: "its path leaves the archive".into(),
                });
            }
            if entry.is_dir() {
                continue;
            }
            let path = raw_name.replace('\\', "/");
            if !wanted(&path) {
                continue;
            }
            if entry.size() > MAX_ENTRY_BYTES {
                return Err(InspectError::Hostile {
                    file: name.to_string(),
                    member: path,
                    reason: format!(
                        "it unpacks to {} bytes, more than the {MAX_ENTRY_BYTES} allowed",
                        entry.size()
                    ),
                });
            }
            // The declared size can lie: count what is actually read.
            let mut data = Vec::new();
            let read = (&mut entry)
                .take(MAX_ENTRY_BYTES + 1)
                .read_to_end(&mut data)
                .map_err(|e| InspectError::Member {
                    file: name.to_string(),
                    member: path.clone(),
                    reason: e.to_string(),
                })?;
            total += read as u64;
            if read as u64 > MAX_ENTRY_BYTES || total > MAX_TOTAL_BYTES {
                return Err(InspectError::Hostile {
                    file: name.to_string(),
                    member: path,
                    reason: "the archive unpacks to more than is allowed (a zip bomb?)".into(),
                });
            }
            files.insert(path, data);
        }
        Ok(Archive { files })
    }

    /// The first file whose path matches case-insensitively.
    pub fn get(&self, path: &str) -> Option<(&str, &[u8])> {
        self.files
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(path))
            .map(|(p, d)| (p.as_str(), d.as_slice()))
    }
}
