//! flowtriage: diagnose why a Power Automate flow fails when a Power Apps canvas app
//! calls it, and hand back a checklist.
//!
//! The modules stand on floors (ARCHITECTURE.md; `tests/layers.rs` keeps them): the
//! core, from `text` up to `session`, is pure: no terminal, clock or file system. Those
//! live at the edges above it: `files`, `source`, `store`, `export`, `app`, `wizard`, `cli`.

pub mod answer;
pub mod checklist;
pub mod classify;
pub mod content;
pub mod engine;
pub mod inspect;
pub mod report;
pub mod search;
pub mod session;
pub mod text;

pub mod app;
pub mod cli;
pub mod config;
pub mod export;
pub mod files;
pub mod paths;
pub mod source;
pub mod store;
pub mod wizard;
