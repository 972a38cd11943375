//! Pure rules and types. No terminal, database, clock or file access: time comes in as an argument.

#[macro_use]
mod codes;
pub mod breach;
pub mod calendar;
pub mod consent;
pub mod dates;
pub mod deadline;
pub mod letter;
pub mod request;
pub mod text;
