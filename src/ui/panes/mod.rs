//! One module per tab.

pub mod breaches;
pub mod lines;
pub mod requests;
