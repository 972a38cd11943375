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
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The request queue table.
    Queue,
    /// One request's detail view.
    Detail,
    /// A tab that is not built yet.
    Placeholder,
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

use Context::{Detail, Placeholder, Queue};
use KeyCode::Char;

const ALL: &[Context] = &[Queue, Detail, Placeholder];
const REQ: &[Context] = &[Queue, Detail];

pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('a')],
        display: "a",
        action: Action::Add,
        label: T::key_add,
        contexts: REQ,
        hint: true,
    },
    Binding {
        keys: &[KeyCode::Enter],
        display: "Enter",
        action: Action::Open,
        label: T::key_open,
        contexts: &[Queue],
        hint: true,
    },
    Binding {
        keys: &[KeyCode::Esc, KeyCode::Backspace],
        display: "Esc",
        action: Action::Back,
        label: T::key_back,
        contexts: &[Detail],
        hint: true,
    },
    Binding {
        keys: &[Char('/')],
        display: "/",
        action: Action::Filter,
        label: T::key_filter,
        contexts: &[Queue],
        hint: true,
    },
    Binding {
        keys: &[Char('e')],
        display: "e",
        action: Action::Extend,
        label: T::key_extend,
        contexts: REQ,
        hint: true,
    },
    Binding {
        keys: &[Char('p')],
        display: "p",
        action: Action::PauseResume,
        label: T::key_pause,
        contexts: REQ,
        hint: true,
    },
    Binding {
        keys: &[Char('d')],
        display: "d",
        action: Action::Decide,
        label: T::key_decide,
        contexts: REQ,
        hint: true,
    },
    Binding {
        keys: &[Char('i')],
        display: "i",
        action: Action::Identity,
        label: T::key_identity,
        contexts: REQ,
        hint: true,
    },
    Binding {
        keys: &[Char('n')],
        display: "n",
        action: Action::Note,
        label: T::key_note,
        contexts: REQ,
        hint: true,
    },
    Binding {
        keys: &[Char('c')],
        display: "c",
        action: Action::Close,
        label: T::key_close,
        contexts: REQ,
        hint: true,
    },
    Binding {
        keys: &[Char('o')],
        display: "o",
        action: Action::Recipients,
        label: T::key_recipients,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[Char('w')],
        display: "w",
        action: Action::Edit,
        label: T::key_edit,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[Char('g')],
        display: "g",
        action: Action::ToggleClosed,
        label: T::key_toggle_closed,
        contexts: &[Queue],
        hint: false,
    },
    Binding {
        keys: &[Char('j'), KeyCode::Down],
        display: "j/k ↓/↑",
        action: Action::Down,
        label: T::key_move,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[Char('k'), KeyCode::Up],
        display: "",
        action: Action::Up,
        label: T::key_move,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[KeyCode::PageDown],
        display: "PgDn/PgUp",
        action: Action::PageDown,
        label: T::key_scroll,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[KeyCode::PageUp],
        display: "",
        action: Action::PageUp,
        label: T::key_scroll,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[KeyCode::Home],
        display: "Home/End",
        action: Action::Top,
        label: T::key_scroll,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[KeyCode::End],
        display: "",
        action: Action::Bottom,
        label: T::key_scroll,
        contexts: REQ,
        hint: false,
    },
    Binding {
        keys: &[KeyCode::Tab],
        display: "Tab 1-3",
        action: Action::NextTab,
        label: T::key_tabs,
        contexts: ALL,
        hint: false,
    },
    Binding {
        keys: &[KeyCode::BackTab],
        display: "",
        action: Action::PrevTab,
        label: T::key_tabs,
        contexts: ALL,
        hint: false,
    },
    Binding {
        keys: &[Char('1')],
        display: "",
        action: Action::GoTab(0),
        label: T::key_tabs,
        contexts: ALL,
        hint: false,
    },
    Binding {
        keys: &[Char('2')],
        display: "",
        action: Action::GoTab(1),
        label: T::key_tabs,
        contexts: ALL,
        hint: false,
    },
    Binding {
        keys: &[Char('3')],
        display: "",
        action: Action::GoTab(2),
        label: T::key_tabs,
        contexts: ALL,
        hint: false,
    },
    Binding {
        keys: &[Char('?')],
        display: "?",
        action: Action::Help,
        label: T::key_help,
        contexts: ALL,
        hint: true,
    },
    Binding {
        keys: &[Char('q')],
        display: "q",
        action: Action::Quit,
        label: T::key_quit,
        contexts: ALL,
        hint: true,
    },
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
        for ctx in [Queue, Detail, Placeholder] {
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
        assert_eq!(action_for(key('e'), Placeholder), None);
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
