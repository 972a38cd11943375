//! Reusable parts every pane uses: the text input, tables that fit the width, the detail-view
//! builder and the status bar.

pub mod detail;
pub mod input;
pub mod records;
pub mod status;
pub mod table;
