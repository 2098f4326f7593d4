//! The compiled form of a playbook: resolved and checked, ready to use without parsing
//! TOML. Parsing and checking the embedded content cost most of a start-up (about 8 M
//! instructions for 60 KB of TOML); decoding this form costs a few hundred thousand.
//! The build script writes the embedded content in this form, and a `--content`
//! folder is cached in it (`crate::cache`).
//!
//! Layout: a magic number, the format number, a key saying what the bytes were made
//! from, the payload's length and checksum, then the payload (postcard, a compact
//! serde format). The checksum catches a cache file that was cut short or overwritten.

use super::playbook::{ContentSource, Playbook};

const MAGIC: [u8; 8] = *b"FTPLAYBK";

/// Raise when the layout of this header changes. (A change in the playbook's own types
/// changes the key of every cache instead: see `crate::cache`.)
pub const FORMAT: u32 = 1;

const HEADER_LEN: usize = 8 + 4 + 16 + 8 + 8;

/// Why compiled bytes could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not compiled playbook bytes, or of another format.
    NotCompiled,
    /// Made from other content or by another build.
    OtherKey,
    /// Cut short or changed since they were written.
    Damaged,
    /// The payload does not decode (a different build of the types).
    Payload(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::NotCompiled => write!(f, "not a compiled playbook of format {FORMAT}"),
            DecodeError::OtherKey => write!(f, "compiled from other content"),
            DecodeError::Damaged => write!(f, "cut short or damaged"),
            DecodeError::Payload(e) => write!(f, "does not decode: {e}"),
        }
    }
}

/// The playbook alone as bytes, without header (for containers of their own).
pub fn encode_payload(playbook: &Playbook) -> Vec<u8> {
    postcard::to_allocvec(playbook).expect("a playbook always serialises")
}

/// A playbook `encode_payload` wrote, as one from `source`.
pub fn decode_payload(payload: &[u8], source: ContentSource) -> Result<Playbook, DecodeError> {
    let mut playbook: Playbook =
        postcard::from_bytes(payload).map_err(|e| DecodeError::Payload(e.to_string()))?;
    playbook.source = source;
    Ok(playbook)
}

/// The playbook as compiled bytes, marked with `key` (what it was made from).
pub fn encode(playbook: &Playbook, key: u128) -> Vec<u8> {
    let payload = encode_payload(playbook);
    let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
    bytes.extend_from_slice(&MAGIC);
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    bytes
}

/// The key compiled bytes were marked with, if they are compiled bytes at all.
pub fn key_of(bytes: &[u8]) -> Option<u128> {
    if bytes.len() < HEADER_LEN || bytes[..8] != MAGIC || bytes[8..12] != FORMAT.to_le_bytes() {
        return None;
    }
    Some(u128::from_le_bytes(bytes[12..28].try_into().ok()?))
}

/// Decode compiled bytes marked with `key`, as a playbook from `source`.
pub fn decode(bytes: &[u8], key: u128, source: ContentSource) -> Result<Playbook, DecodeError> {
    match key_of(bytes) {
        None => return Err(DecodeError::NotCompiled),
        Some(found) if found != key => return Err(DecodeError::OtherKey),
        Some(_) => {}
    }
    let len = u64::from_le_bytes(bytes[28..36].try_into().expect("8 bytes"));
    let checksum = u64::from_le_bytes(bytes[36..44].try_into().expect("8 bytes"));
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != len || xxhash_rust::xxh3::xxh3_64(payload) != checksum {
        return Err(DecodeError::Damaged);
    }
    decode_payload(payload, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Playbook {
        let sources = vec![super::super::resolve::Source {
            name: "t.toml".into(),
            text: r#"
[meta]
version = "t-1"
[routing]
start = "q"
[[category]]
id = "c"
title = "C"
[[question]]
id = "q"
key = "q"
prompt = "Which?"
[[question.option]]
value = "a"
label = "A"
next = "o"
[[outcome]]
id = "o"
category = "c"
title = "O"
cause = "Because."
[[outcome.step]]
text = "Do it."
"#
            .into(),
        }];
        super::super::resolve::load(&sources, ContentSource::Embedded).expect("loads")
    }

    #[test]
    fn a_playbook_survives_the_round_trip() {
        let playbook = sample();
        let bytes = encode(&playbook, 7);
        let back = decode(&bytes, 7, ContentSource::Directory("d".into())).expect("decodes");
        assert_eq!(back.source, ContentSource::Directory("d".into()));
        assert_eq!(
            Playbook {
                source: ContentSource::Embedded,
                ..back
            },
            playbook
        );
    }

    #[test]
    fn other_keys_damage_and_strangers_are_refused() {
        let bytes = encode(&sample(), 7);
        assert_eq!(
            decode(&bytes, 8, ContentSource::Embedded).err(),
            Some(DecodeError::OtherKey)
        );
        for cut in [0, 10, HEADER_LEN, bytes.len() - 1] {
            assert!(
                decode(&bytes[..cut], 7, ContentSource::Embedded).is_err(),
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(
            decode(&flipped, 7, ContentSource::Embedded).err(),
            Some(DecodeError::Damaged)
        );
        assert_eq!(
            decode(b"[meta]\nversion = 1\n", 7, ContentSource::Embedded).err(),
            Some(DecodeError::NotCompiled)
        );
    }
}
