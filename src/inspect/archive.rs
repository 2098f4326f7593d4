//! Reading an untrusted zip (a solution export or a .msapp) into memory, safely: no
//! entry may leave the archive, and the number of entries and the bytes they unpack to
//! are capped so a zip bomb ends in a clear error. Nothing is written to disk.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::InspectError;

pub const MAX_ENTRIES: usize = 5_000;
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;
/// What one inspection may unpack, the archives inside an archive (a .msapp in a
/// solution) included: each does not get an allowance of its own (F8).
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;
/// Archives inside an archive are read this deep (a solution holding a .msapp is 1).
pub const MAX_NESTING: usize = 1;

/// What is left to unpack in one inspection, shared by an archive and every archive
/// inside it.
#[derive(Debug)]
pub struct Budget {
    entries: usize,
    bytes: u64,
    limit: u64,
}

impl Budget {
    /// A smaller allowance (tests).
    pub fn with_bytes(bytes: u64) -> Budget {
        Budget {
            bytes,
            limit: bytes,
            ..Budget::default()
        }
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            entries: MAX_ENTRIES,
            bytes: MAX_TOTAL_BYTES,
            limit: MAX_TOTAL_BYTES,
        }
    }
}

/// The archive's files that matter, by their path inside it.
pub struct Archive {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Archive {
    /// Read every entry for which `wanted(path)` holds, from what `budget` leaves; an
    /// archive inside another one is read at `nesting` 1.
    pub fn read(
        name: &str,
        bytes: &[u8],
        nesting: usize,
        budget: &mut Budget,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<Archive, InspectError> {
        let bad = |reason: String| InspectError::Invalid {
            file: name.to_string(),
            reason,
        };
        if nesting > MAX_NESTING {
            return Err(bad(format!(
                "an archive nested {nesting} deep; archives inside archives are read {MAX_NESTING} deep at most"
            )));
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| bad(format!("not a readable zip archive ({e})")))?;
        if zip.len() > budget.entries {
            return Err(bad(format!(
                "{} entries; more than {MAX_ENTRIES} in all (archives inside it counted) is refused as a zip bomb",
                zip.len()
            )));
        }
        budget.entries -= zip.len();
        let mut files = BTreeMap::new();
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
            let too_much = |path: String| InspectError::Hostile {
                file: name.to_string(),
                member: path,
                reason: format!(
                    "the archive unpacks to more than the {} bytes allowed in all, archives inside it counted (a zip bomb?)",
                    budget.limit
                ),
            };
            if entry.size() > budget.bytes {
                return Err(too_much(path));
            }
            // The declared size can lie: count what is actually read.
            let mut data = Vec::new();
            let read = (&mut entry)
                .take(MAX_ENTRY_BYTES.min(budget.bytes) + 1)
                .read_to_end(&mut data)
                .map_err(|e| InspectError::Member {
                    file: name.to_string(),
                    member: path.clone(),
                    reason: e.to_string(),
                })?;
            if read as u64 > MAX_ENTRY_BYTES {
                return Err(InspectError::Hostile {
                    file: name.to_string(),
                    member: path,
                    reason: format!(
                        "it unpacks to more than the {MAX_ENTRY_BYTES} bytes allowed for one member (a zip bomb?)"
                    ),
                });
            }
            if read as u64 > budget.bytes {
                return Err(too_much(path));
            }
            budget.bytes -= read as u64;
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
