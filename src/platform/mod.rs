//! What differs between Linux, macOS and Windows, one small module per concern.
//!
//! Each module keeps its decisions in pure functions, compiled and tested on every
//! platform, and its calls into the operating system behind `cfg`. Nothing else in the
//! crate needs a `cfg(unix)` or `cfg(windows)`.

pub mod clipboard;
pub mod newline;
pub mod signals;
pub mod terminal;
