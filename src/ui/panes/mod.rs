//! One module per tab.

pub mod requests;
