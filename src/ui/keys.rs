//! Every key of the app in one list: panes, dialogs and forms. Key handling, the hint bar and
//! the help screen all read it, so they cannot disagree.

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
    // Dialogs and forms.
    Save,
    Cancel,
    NextField,
    PrevField,
    /// Enter in a confirmation: yes.
    Confirm,
    /// Enter in the call log: store the line.
    StoreLine,
    /// Enter in the search line: keep the filter and go back to the list.
    ApplySearch,
    /// Space in a checklist.
    Toggle,
    /// Enter in the recipients dialog: add the typed name.
    AddItem,
    /// `L`: the letters of the record.
    Letters,
    /// Copy to the clipboard (OSC 52).
    Copy,
    /// Write to a file.
    WriteFile,
    /// Mark a letter as sent.
    MarkSent,
    /// `l` in the letters: write them in the other language.
    SwitchLanguage,
    /// `e` in a letter's preview: edit the text in $VISUAL / $EDITOR.
    EditLetter,
    /// Write the breach register as CSV.
    ExportRegister,
    /// `m` in the queue: the inbox of e-mail messages.
    Inbox,
    /// `x` in the inbox: set a message aside as "no request", or put it back.
    SetAside,
    /// Keys the focused input handles itself (typing, Ctrl-U, Ctrl-W, Home/End, ←/→):
    /// listed for help, never dispatched.
    Typing,
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
    /// Typing the call log of a breach: every key types except these.
    BreachCapture,
    /// The consent grid.
    ConsentGrid,
    /// One pupil's consent history.
    PupilDetail,
    /// A form.
    Form,
    /// A yes/no question.
    Confirm,
    /// The `/` search line.
    Search,
    /// The art. 19 recipients checklist.
    Recipients,
    /// The help screen.
    Help,
    /// The letters of a record.
    Letters,
    /// One letter's preview.
    Preview,
    /// The inbox: e-mail messages not yet logged or set aside.
    Inbox,
}

impl Context {
    /// Contexts of a dialog over a pane: the hint bar shows only their keys.
    pub fn is_dialog(self) -> bool {
        matches!(
            self,
            Context::Form
                | Context::Confirm
                | Context::Search
                | Context::Recipients
                | Context::Help
                | Context::BreachCapture
                | Context::Letters
                | Context::Preview
        )
    }
}

pub struct Binding {
    pub keys: &'static [KeyCode],
    /// The keys need Ctrl held.
    pub ctrl: bool,
    /// How the key is written in the hint bar and help.
    pub display: &'static str,
    pub action: Action,
    pub label: T,
    pub contexts: &'static [Context],
    /// Shown in the hint bar (the help shows every binding).
    pub hint: bool,
}

use Context::{
    BreachCapture, BreachDetail, BreachList, Confirm, ConsentGrid, Detail, Form, Help, Inbox,
    Letters, Preview, PupilDetail, Queue, Recipients, Search,
};
use KeyCode::Char;

const PANES: &[Context] = &[
    Queue,
    Detail,
    Inbox,
    BreachList,
    BreachDetail,
    ConsentGrid,
    PupilDetail,
];
const REQ: &[Context] = &[Queue, Detail];
const BR: &[Context] = &[BreachList, BreachDetail];
const LISTS: &[Context] = &[Queue, BreachList, ConsentGrid];
const DETAILS: &[Context] = &[Detail, BreachDetail, PupilDetail];
const INPUTS: &[Context] = &[Form, Search, BreachCapture, Recipients];

macro_rules! bind {
    (ctrl $keys:expr, $display:literal, $action:expr, $label:ident, $contexts:expr, $hint:literal) => {
        Binding {
            keys: $keys,
            ctrl: true,
            display: $display,
            action: $action,
            label: T::$label,
            contexts: $contexts,
            hint: $hint,
        }
    };
    ($keys:expr, $display:literal, $action:expr, $label:ident, $contexts:expr, $hint:literal) => {
        Binding {
            keys: $keys,
            ctrl: false,
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
    // The panes.
    bind!(&[Char('a')], "a", Action::Add, key_add, REQ, true),
    bind!(&[Char('a')], "a", Action::Add, key_new_breach, BR, true),
    bind!(&[KeyCode::Enter], "Enter", Action::Open, key_open, LISTS, true),
    bind!(&[KeyCode::Esc, KeyCode::Backspace], "Esc", Action::Back, key_back, DETAILS, true),
    bind!(&[KeyCode::Esc], "Esc", Action::Back, key_clear_filter, LISTS, false),
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
    bind!(&[Char('m')], "m", Action::Inbox, key_inbox, &[Queue], true),
    bind!(&[KeyCode::Enter], "Enter", Action::Open, key_log_message, &[Inbox], true),
    bind!(&[Char('x')], "x", Action::SetAside, key_set_aside, &[Inbox], true),
    bind!(&[Char('g')], "g", Action::ToggleClosed, key_show_set_aside, &[Inbox], true),
    bind!(&[KeyCode::Esc, Char('m')], "m/Esc", Action::Back, key_back, &[Inbox], true),
    bind!(&[Char('b')], "b", Action::NewBreach, key_new_breach, PANES, false),
    bind!(&[Char('j'), KeyCode::Down], "j/k ↓/↑", Action::Down, key_move, PANES, false),
    bind!(&[Char('k'), KeyCode::Up], "", Action::Up, key_move, PANES, false),
    bind!(&[KeyCode::PageDown], "PgDn/PgUp", Action::PageDown, key_scroll, PANES, false),
    bind!(&[KeyCode::PageUp], "", Action::PageUp, key_scroll, PANES, false),
    bind!(&[KeyCode::Home], "Home/End", Action::Top, key_scroll, PANES, false),
    bind!(&[KeyCode::End], "", Action::Bottom, key_scroll, PANES, false),
    bind!(&[KeyCode::Tab], "Tab 1-N", Action::NextTab, key_tabs, PANES, false),
    bind!(&[KeyCode::BackTab], "", Action::PrevTab, key_tabs, PANES, false),
    bind!(&[Char('1')], "", Action::GoTab(0), key_tabs, PANES, false),
    bind!(&[Char('2')], "", Action::GoTab(1), key_tabs, PANES, false),
    bind!(&[Char('3')], "", Action::GoTab(2), key_tabs, PANES, false),
    bind!(&[Char('4')], "", Action::GoTab(3), key_tabs, PANES, false),
    bind!(&[Char('5')], "", Action::GoTab(4), key_tabs, PANES, false),
    bind!(&[Char('6')], "", Action::GoTab(5), key_tabs, PANES, false),
    bind!(&[Char('7')], "", Action::GoTab(6), key_tabs, PANES, false),
    bind!(&[Char('8')], "", Action::GoTab(7), key_tabs, PANES, false),
    bind!(&[Char('9')], "", Action::GoTab(8), key_tabs, PANES, false),
    bind!(&[Char('?')], "?", Action::Help, key_help, PANES, true),
    bind!(&[Char('?'), KeyCode::F(1)], "?", Action::Help, key_help, &[Confirm, Letters, Preview], true),
    // Where `?` is typed, F1.
    bind!(&[KeyCode::F(1)], "F1", Action::Help, key_help, &[Form, Recipients], false),
    bind!(&[Char('q')], "q", Action::Quit, key_quit, PANES, true),
    // Forms.
    bind!(ctrl &[Char('s')], "Ctrl-S", Action::Save, key_save, &[Form], true),
    bind!(&[KeyCode::Tab], "Tab", Action::NextField, key_next_field, &[Form], true),
    bind!(&[KeyCode::BackTab], "Shift-Tab", Action::PrevField, key_prev_field, &[Form], false),
    bind!(&[KeyCode::Esc], "Esc", Action::Cancel, key_cancel, &[Form], true),
    bind!(&[], "Enter ↓/↑", Action::Typing, key_enter_next, &[Form], false),
    bind!(&[], "←/→", Action::Typing, key_choose, &[Form], false),
    bind!(&[], "Ctrl-K", Action::Typing, key_kill_line, INPUTS, false),
    bind!(&[], "Space", Action::Typing, key_toggle, &[Form], false),
    // Every text input.
    bind!(&[], "Home/End", Action::Typing, key_line_ends, INPUTS, false),
    bind!(&[], "Ctrl-U", Action::Typing, key_clear_line, INPUTS, false),
    bind!(&[], "Ctrl-W", Action::Typing, key_delete_word, INPUTS, false),
    bind!(&[], "Ctrl-X", Action::Typing, key_clear_field, &[Form], false),
    // A yes/no question.
    // Not `j`: it moves down everywhere else, and a question may close a request for good.
    bind!(&[KeyCode::Enter, Char('y'), Char('J')], "Enter", Action::Confirm, key_yes, &[Confirm], true),
    bind!(&[KeyCode::Esc, Char('n')], "Esc", Action::Cancel, key_no, &[Confirm], true),
    // The call log.
    bind!(&[KeyCode::Enter], "Enter", Action::StoreLine, key_store_line, &[BreachCapture], true),
    bind!(&[KeyCode::Esc], "Esc", Action::Back, key_stop_log, &[BreachCapture], true),
    bind!(&[KeyCode::PageDown], "PgDn/PgUp", Action::PageDown, key_scroll, &[BreachCapture], false),
    bind!(&[KeyCode::PageUp], "", Action::PageUp, key_scroll, &[BreachCapture], false),
    // The search line.
    bind!(&[KeyCode::Enter], "Enter", Action::ApplySearch, key_apply, &[Search], true),
    bind!(&[KeyCode::Esc], "Esc", Action::Cancel, key_clear_filter, &[Search], true),
    bind!(&[KeyCode::Down], "↓/↑", Action::Down, key_move, &[Search], false),
    bind!(&[KeyCode::Up], "", Action::Up, key_move, &[Search], false),
    // The recipients checklist.
    bind!(&[Char(' ')], "Space", Action::Toggle, key_toggle, &[Recipients], true),
    bind!(&[KeyCode::Enter], "Enter", Action::AddItem, key_add, &[Recipients], true),
    bind!(&[KeyCode::Down], "↓/↑", Action::Down, key_move, &[Recipients], false),
    bind!(&[KeyCode::Up], "", Action::Up, key_move, &[Recipients], false),
    bind!(&[KeyCode::Esc], "Esc", Action::Back, key_back, &[Recipients], true),
    // Letters.
    bind!(&[Char('L')], "L", Action::Letters, key_letters, &[Detail, BreachDetail, Queue, BreachList], true),
    bind!(&[Char('E')], "E", Action::ExportRegister, key_export_register, &[BreachList], false),
    bind!(&[KeyCode::Enter], "Enter", Action::Open, key_open, &[Letters], true),
    bind!(&[Char('j'), KeyCode::Down], "j/k ↓/↑", Action::Down, key_move, &[Letters, Preview], false),
    bind!(&[Char('k'), KeyCode::Up], "", Action::Up, key_move, &[Letters, Preview], false),
    bind!(&[KeyCode::Esc], "Esc", Action::Back, key_back, &[Letters, Preview], true),
    bind!(&[Char('y')], "y", Action::Copy, key_copy, &[Preview], true),
    bind!(&[Char('s')], "s", Action::WriteFile, key_write_file, &[Preview], true),
    bind!(&[Char('m')], "m", Action::MarkSent, key_mark_sent, &[Preview], true),
    bind!(&[Char('e')], "e", Action::EditLetter, key_edit_letter, &[Preview], true),
    bind!(&[Char('l')], "l", Action::SwitchLanguage, key_letter_lang, &[Letters], true),
    bind!(&[KeyCode::PageDown], "PgDn/PgUp", Action::PageDown, key_scroll, &[Preview], false),
    bind!(&[KeyCode::PageUp], "", Action::PageUp, key_scroll, &[Preview], false),
    bind!(&[KeyCode::Home], "Home/End", Action::Top, key_move, &[Letters, Preview], false),
    bind!(&[KeyCode::End], "", Action::Bottom, key_move, &[Letters, Preview], false),
    // Help.
    bind!(&[KeyCode::Esc, KeyCode::Enter, Char('?'), Char('q')], "Esc", Action::Back, key_back, &[Help], true),
    bind!(&[Char('j'), KeyCode::Down], "j/k ↓/↑", Action::Down, key_scroll, &[Help], true),
    bind!(&[Char('k'), KeyCode::Up], "", Action::Up, key_scroll, &[Help], false),
    bind!(&[KeyCode::PageDown], "PgDn/PgUp", Action::PageDown, key_scroll, &[Help], false),
    bind!(&[KeyCode::PageUp], "", Action::PageUp, key_scroll, &[Help], false),
    bind!(&[KeyCode::Home], "Home/End", Action::Top, key_scroll, &[Help], false),
    bind!(&[KeyCode::End], "", Action::Bottom, key_scroll, &[Help], false),
];

/// The action bound to `key` in `context`, if any. Ctrl-C always quits.
pub fn action_for(key: KeyEvent, context: Context) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == Char('c') {
        return Some(Action::Quit);
    }
    BINDINGS
        .iter()
        .filter(|b| b.action != Action::Typing)
        .find(|b| b.ctrl == ctrl && b.contexts.contains(&context) && b.keys.contains(&key.code))
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

    const EVERY: &[Context] = &[
        Letters,
        Preview,
        Queue,
        Detail,
        BreachList,
        BreachDetail,
        BreachCapture,
        ConsentGrid,
        PupilDetail,
        Form,
        Confirm,
        Search,
        Recipients,
        Help,
    ];

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for ctx in EVERY {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.contexts.contains(ctx)) {
                for k in b.keys {
                    assert!(!seen.contains(&(k, b.ctrl)), "{k:?} bound twice in {ctx:?}");
                    seen.push((k, b.ctrl));
                }
            }
        }
    }

    #[test]
    fn every_context_can_be_left() {
        for ctx in EVERY {
            let leaves = BINDINGS.iter().any(|b| {
                b.contexts.contains(ctx)
                    && matches!(b.action, Action::Back | Action::Cancel | Action::Quit)
            });
            assert!(leaves, "{ctx:?} has no key to leave it");
        }
    }

    #[test]
    fn keys_map_to_actions_per_context() {
        let key = |c| KeyEvent::new(Char(c), KeyModifiers::NONE);
        let code = |c| KeyEvent::new(c, KeyModifiers::NONE);
        assert_eq!(action_for(key('e'), Queue), Some(Action::Extend));
        assert_eq!(action_for(key('/'), Detail), None);
        assert_eq!(action_for(key('e'), ConsentGrid), None);
        assert_eq!(action_for(key(' '), ConsentGrid), Some(Action::ChangeCell));
        assert_eq!(action_for(code(KeyCode::Esc), Detail), Some(Action::Back));
        assert_eq!(action_for(code(KeyCode::Esc), Queue), Some(Action::Back));
        // In a form letters type; only Ctrl-S saves.
        assert_eq!(action_for(key('s'), Form), None);
        assert_eq!(
            action_for(KeyEvent::new(Char('s'), KeyModifiers::CONTROL), Form),
            Some(Action::Save)
        );
        assert_eq!(action_for(key('q'), BreachCapture), None);
        assert_eq!(
            action_for(code(KeyCode::Enter), Confirm),
            Some(Action::Confirm)
        );
        assert_eq!(
            action_for(KeyEvent::new(Char('c'), KeyModifiers::CONTROL), Queue),
            Some(Action::Quit)
        );
        // Ctrl-U is the input's, not a binding's.
        assert_eq!(
            action_for(KeyEvent::new(Char('u'), KeyModifiers::CONTROL), Form),
            None
        );
    }
}
