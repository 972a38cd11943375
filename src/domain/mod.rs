//! Pure rules and types. No terminal, database, clock or file access: time comes in as an argument.

pub mod calendar;
pub mod dates;
pub mod deadline;
pub mod request;
