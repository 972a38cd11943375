//! avgdesk: a keyboard-driven case manager for the privacy officer of a Dutch school board.
//!
//! Layers (arrows point down only): `ui` -> `app` -> `store` -> `domain`; `cli` -> `app`.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod demo_data;
pub mod domain;
pub mod i18n;
pub mod input;
pub mod intake;
pub mod interrupt;
pub mod letters;
pub mod store;
pub mod ui;
