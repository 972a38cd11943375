//! A list of records that panes share: the rows read from the store, the ones left by the `/`
//! search, the selection kept on the same record across reloads, and the scroll of the record's
//! detail view. The request queue and the breach register are both one of these.

use super::table::ListState;
use crate::ui::keys::Action;

/// What a list needs to know about its rows.
pub trait Record {
    /// The record's id ("V-2026-0001"), stable across reloads.
    fn id(&self) -> &str;
    /// Whether the `/` search `needle` finds the record.
    fn matches(&self, needle: &str) -> bool;
}

impl Record for crate::app::QueueRow {
    fn id(&self) -> &str {
        &self.request.id
    }

    fn matches(&self, needle: &str) -> bool {
        crate::app::QueueRow::matches(self, needle)
    }
}

impl Record for crate::intake::inbox::InboxRow {
    fn id(&self) -> &str {
        &self.entry.name
    }

    /// The inbox has no `/` search: its rows are read lazily.
    fn matches(&self, _needle: &str) -> bool {
        true
    }
}

impl Record for crate::app::BreachRow {
    fn id(&self) -> &str {
        &self.breach.id
    }

    fn matches(&self, needle: &str) -> bool {
        crate::app::BreachRow::matches(self, needle)
    }
}

pub struct RecordList<R> {
    pub rows: Vec<R>,
    pub list: ListState,
    /// The `/` search in force.
    pub search: String,
}

impl<R> Default for RecordList<R> {
    fn default() -> Self {
        RecordList {
            rows: Vec::new(),
            list: ListState::default(),
            search: String::new(),
        }
    }
}

impl<R: Record> RecordList<R> {
    /// Takes freshly read rows, keeping the selection on the same record.
    pub fn set_rows(&mut self, rows: Vec<R>) {
        let keep = self.selected_id();
        self.rows = rows;
        self.refilter();
        if let Some(id) = keep {
            self.select_id(&id);
        }
    }

    fn refilter(&mut self) {
        let (rows, search) = (&self.rows, &self.search);
        self.list.refilter(rows.len(), |i| rows[i].matches(search));
    }

    pub fn set_search(&mut self, text: &str) {
        self.search = text.to_string();
        self.list.selected = 0;
        self.refilter();
    }

    pub fn selected(&self) -> Option<&R> {
        self.list.current().and_then(|i| self.rows.get(i))
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected().map(|r| r.id().to_string())
    }

    /// Selects the record `id`; false when it is not among the visible rows.
    pub fn select_id(&mut self, id: &str) -> bool {
        match self.rows.iter().position(|r| r.id() == id) {
            Some(i) => self.list.select_row(i),
            None => false,
        }
    }

    pub fn visible_ids(&self) -> Vec<String> {
        self.list
            .visible
            .iter()
            .filter_map(|&i| self.rows.get(i))
            .map(|r| r.id().to_string())
            .collect()
    }

    /// The visible rows that fit in `height` lines, the window moved to keep the selection.
    pub fn window(&mut self, height: usize) -> impl Iterator<Item = &R> {
        let range = self.list.window(height);
        self.list.visible[range]
            .iter()
            .filter_map(|&i| self.rows.get(i))
    }
}

/// Moves a detail view's scroll for a movement action; false when it is not one. The end is
/// clamped when drawn.
pub fn scroll(scroll: &mut u16, action: Action, page: usize) -> bool {
    let page = page.max(1) as u16;
    *scroll = match action {
        Action::Down => scroll.saturating_add(1),
        Action::Up => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(page),
        Action::PageUp => scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => u16::MAX,
        _ => return false,
    };
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(&'static str, &'static str);

    impl Record for Row {
        fn id(&self) -> &str {
            self.0
        }
        fn matches(&self, needle: &str) -> bool {
            self.1.contains(needle)
        }
    }

    #[test]
    fn the_selection_stays_on_the_same_record_across_reloads_and_searches() {
        let mut l = RecordList::default();
        l.set_rows(vec![Row("a", "appel"), Row("b", "peer"), Row("c", "pruim")]);
        l.list.move_by(2);
        assert_eq!(l.selected_id().as_deref(), Some("c"));
        // A reload in another order keeps "c" selected.
        l.set_rows(vec![Row("c", "pruim"), Row("a", "appel"), Row("b", "peer")]);
        assert_eq!(l.selected_id().as_deref(), Some("c"));
        l.set_search("ee");
        assert_eq!(l.visible_ids(), vec!["b"]);
        assert_eq!(l.selected_id().as_deref(), Some("b"));
        l.set_search("");
        assert_eq!(l.visible_ids().len(), 3);
    }

    #[test]
    fn scrolling_keys_move_a_detail_view() {
        let mut s = 5;
        assert!(scroll(&mut s, Action::PageDown, 10));
        assert_eq!(s, 15);
        assert!(scroll(&mut s, Action::Top, 10));
        assert_eq!(s, 0);
        assert!(!scroll(&mut s, Action::Open, 10));
    }
}
