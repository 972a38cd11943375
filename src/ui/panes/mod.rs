//! One module per tab.

pub mod breaches;
pub mod requests;
