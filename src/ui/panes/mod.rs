//! One module per tab.

pub mod breaches;
pub mod consent;
pub mod lines;
pub mod requests;
