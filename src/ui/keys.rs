//! Every key of the app in one list: key handling, the hint bar and the help screen all read it,
//! so they cannot disagree.

use crate::i18n::T;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    NextTab,
    PrevTab,
    GoTab(usize),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Add,
    Edit,
    Extend,
    PauseResume,
    Identity,
    Note,
    Decide,
    Close,
    Recipients,
    Filter,
    ToggleClosed,
    Help,
    NewBreach,
    Log,
    Assess,
    NotifyAp,
    NoNotify,
    Subjects,
    FollowUp,
    Left,
    Right,
    ChangeCell,
    FilterForm,
    ExportList,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The request queue table.
    Queue,
    /// One request's detail view.
    Detail,
    /// The breach register table.
    BreachList,
    /// One breach's record.
    BreachDetail,
    /// The consent grid.
    ConsentGrid,
    /// One pupil's consent history.
    PupilDetail,
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// How the key is written in the hint bar and help.
    pub display: &'static str,
    pub action: Action,
    pub label: T,
    pub contexts: &'static [Context],
    /// Shown in the hint bar (the help shows every binding).
    pub hint: bool,
}

use Context::{BreachDetail, BreachList, ConsentGrid, Detail, PupilDetail, Queue};
use KeyCode::Char;

const ALL: &[Context] = &[
    Queue,
    Detail,
    BreachList,
    BreachDetail,
    ConsentGrid,
    PupilDetail,
];
const REQ: &[Context] = &[Queue, Detail];
const BR: &[Context] = &[BreachList, BreachDetail];
const LISTS: &[Context] = &[Queue, BreachList, ConsentGrid];
const DETAILS: &[Context] = &[Detail, BreachDetail, PupilDetail];
const RECORDS: &[Context] = &[
    Queue,
    Detail,
    BreachList,
    BreachDetail,
    ConsentGrid,
    PupilDetail,
];

macro_rules! bind {
    ($keys:expr, $display:literal, $action:expr, $label:ident, $contexts:expr, $hint:literal) => {
        Binding {
            keys: $keys,
            display: $display,
            action: $action,
            label: T::$label,
            contexts: $contexts,
            hint: $hint,
        }
    };
}

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind!(&[Char('a')], "a", Action::Add, key_add, REQ, true),
    bind!(&[Char('a')], "a", Action::Add, key_new_breach, BR, true),
    bind!(&[KeyCode::Enter], "Enter", Action::Open, key_open, LISTS, true),
    bind!(&[KeyCode::Esc, KeyCode::Backspace], "Esc", Action::Back, key_back, DETAILS, true),
    bind!(&[Char('/')], "/", Action::Filter, key_filter, LISTS, true),
    bind!(&[Char('e')], "e", Action::Extend, key_extend, REQ, true),
    bind!(&[Char('p')], "p", Action::PauseResume, key_pause, REQ, true),
    bind!(&[Char('d')], "d", Action::Decide, key_decide, REQ, true),
    bind!(&[Char('i')], "i", Action::Identity, key_identity, REQ, true),
    bind!(&[Char('n')], "n", Action::Note, key_note, REQ, true),
    bind!(&[Char('c')], "c", Action::Close, key_close, REQ, true),
    bind!(&[Char('o')], "o", Action::Recipients, key_recipients, REQ, false),
    bind!(&[Char('w')], "w", Action::Edit, key_edit, REQ, false),
    bind!(&[Char('l')], "l", Action::Log, key_log, BR, true),
    bind!(&[Char('w')], "w", Action::Edit, key_complete, BR, true),
    bind!(&[Char('r')], "r", Action::Assess, key_assess, BR, true),
    bind!(&[Char('m')], "m", Action::NotifyAp, key_notify_ap, BR, true),
    bind!(&[Char('x')], "x", Action::NoNotify, key_no_notify, BR, false),
    bind!(&[Char('s')], "s", Action::Subjects, key_subjects, BR, false),
    bind!(&[Char('f')], "f", Action::FollowUp, key_followup, BR, false),
    bind!(&[Char('c')], "c", Action::Close, key_close, BR, false),
    bind!(&[Char(' ')], "Space", Action::ChangeCell, key_change_cell, &[ConsentGrid], true),
    bind!(&[Char('h'), KeyCode::Left], "h/l ←/→", Action::Left, key_purpose, &[ConsentGrid], false),
    bind!(&[Char('l'), KeyCode::Right], "", Action::Right, key_purpose, &[ConsentGrid], false),
    bind!(&[Char('f')], "f", Action::FilterForm, key_filter_grid, &[ConsentGrid], true),
    bind!(&[Char('x')], "x", Action::ExportList, key_export_list, &[ConsentGrid], true),
    bind!(&[Char('g')], "g", Action::ToggleClosed, key_toggle_closed, &[Queue, BreachList], false),
    bind!(&[Char('g')], "g", Action::ToggleClosed, key_show_left, &[ConsentGrid], false),
    bind!(&[Char('b')], "b", Action::NewBreach, key_new_breach, ALL, false),
    bind!(&[Char('j'), KeyCode::Down], "j/k ↓/↑", Action::Down, key_move, RECORDS, false),
    bind!(&[Char('k'), KeyCode::Up], "", Action::Up, key_move, RECORDS, false),
    bind!(&[KeyCode::PageDown], "PgDn/PgUp", Action::PageDown, key_scroll, RECORDS, false),
    bind!(&[KeyCode::PageUp], "", Action::PageUp, key_scroll, RECORDS, false),
    bind!(&[KeyCode::Home], "Home/End", Action::Top, key_scroll, RECORDS, false),
    bind!(&[KeyCode::End], "", Action::Bottom, key_scroll, RECORDS, false),
    bind!(&[KeyCode::Tab], "Tab 1-3", Action::NextTab, key_tabs, ALL, false),
    bind!(&[KeyCode::BackTab], "", Action::PrevTab, key_tabs, ALL, false),
    bind!(&[Char('1')], "", Action::GoTab(0), key_tabs, ALL, false),
    bind!(&[Char('2')], "", Action::GoTab(1), key_tabs, ALL, false),
    bind!(&[Char('3')], "", Action::GoTab(2), key_tabs, ALL, false),
    bind!(&[Char('?')], "?", Action::Help, key_help, ALL, true),
    bind!(&[Char('q')], "q", Action::Quit, key_quit, ALL, true),
];

/// The action bound to `key` in `context`, if any. Ctrl-C always quits.
pub fn action_for(key: KeyEvent, context: Context) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == Char('c')).then_some(Action::Quit);
    }
    BINDINGS
        .iter()
        .find(|b| b.contexts.contains(&context) && b.keys.contains(&key.code))
        .map(|b| b.action)
}

/// The bindings worth listing in `context`: one line each, the unnamed companions folded in.
pub fn listed(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS
        .iter()
        .filter(move |b| b.contexts.contains(&context) && !b.display.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for ctx in [
            Queue,
            Detail,
            BreachList,
            BreachDetail,
            ConsentGrid,
            PupilDetail,
        ] {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.contexts.contains(&ctx)) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{k:?} bound twice in {ctx:?}");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn keys_map_to_actions_per_context() {
        let key = |c| KeyEvent::new(Char(c), KeyModifiers::NONE);
        assert_eq!(action_for(key('e'), Queue), Some(Action::Extend));
        assert_eq!(action_for(key('/'), Detail), None);
        assert_eq!(action_for(key('e'), ConsentGrid), None);
        assert_eq!(action_for(key(' '), ConsentGrid), Some(Action::ChangeCell));
        assert_eq!(
            action_for(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), Detail),
            Some(Action::Back)
        );
        assert_eq!(
            action_for(KeyEvent::new(Char('c'), KeyModifiers::CONTROL), Queue),
            Some(Action::Quit)
        );
    }
}
