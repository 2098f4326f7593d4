//! flowtriage: diagnose why a Power Automate flow fails when a Power Apps canvas app
//! calls it, and hand back a checklist.
//!
//! The core (content, engine, classifier, checklist, search, report rendering) is pure:
//! no terminal, clock or file system. Those live at the edges: `cli`, `files`, `wizard`.

pub mod checklist;
pub mod classify;
pub mod content;
pub mod engine;
pub mod inspect;
pub mod report;
pub mod search;
pub mod session;

pub mod cache;
pub mod cli;
pub mod config;
pub mod export;
pub mod files;
pub mod paths;
pub mod platform;
pub mod store;
pub mod wizard;
