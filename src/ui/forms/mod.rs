//! Forms: the generic widget and the request forms built on it.

pub mod breach;
pub mod consent;
pub mod form;
pub mod request;

pub use form::{Field, Form, FormEvent};
