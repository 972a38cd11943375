//! What opens over a pane: forms, yes/no questions, the recipients checklist, the search line
//! and the help. Their keys are in the same key table as the panes' (`ui/keys.rs`).

pub mod letters;
pub mod recipients;

use super::forms::breach::BreachPurpose;
use super::forms::consent::ConsentPurpose;
use super::forms::request::Purpose;
use super::forms::Form;
use super::keys::Context;
use super::widgets::input::TextInput;
use crate::i18n::T;
use recipients::RecipientsDialog;

/// What an open form works on.
pub enum AnyPurpose {
    Request(Purpose),
    Breach(BreachPurpose),
    Consent(ConsentPurpose),
    /// A letter marked as sent.
    LetterSent(letters::SentPurpose),
}

/// A form and the pane (by its index in the tab list) that saves it.
pub struct FormDialog {
    pub owner: usize,
    pub purpose: AnyPurpose,
    pub form: Form,
}

/// What Enter does in a yes/no question.
pub enum OnYes {
    /// Submits a form without fields (close a request or breach).
    Submit(Box<FormDialog>),
    /// Throws away a changed form; No goes back to it.
    Discard(Box<FormDialog>),
    /// Opens `yes` (a form the question guards); No goes back to `no`, or closes.
    Open {
        yes: Box<Dialog>,
        no: Option<Box<Dialog>>,
    },
}

pub struct Confirm {
    pub title: T,
    pub question: Vec<String>,
    pub on_yes: OnYes,
}

pub enum Dialog {
    Form(Box<FormDialog>),
    Confirm(Confirm),
    Recipients(RecipientsDialog),
    /// The `/` search line in the status bar, for the active pane.
    Search(TextInput),
    /// The keys; scrolled when they do not fit the screen. Opened from a dialog, it goes back
    /// to that dialog (`behind`) as it was.
    Help {
        scroll: u16,
        behind: Option<Box<Dialog>>,
    },
    /// The letters that fit a request or breach.
    Letters(letters::Chooser),
    /// One letter, to copy, write or mark as sent.
    Preview(Box<letters::Preview>),
}

impl Dialog {
    /// A form; one without fields is a question answered with Enter or Esc.
    pub fn for_form(dialog: FormDialog) -> Dialog {
        if dialog.form.fields.is_empty() {
            Dialog::Confirm(Confirm {
                title: dialog.form.title,
                question: dialog.form.info.clone(),
                on_yes: OnYes::Submit(Box::new(dialog)),
            })
        } else {
            Dialog::Form(Box::new(dialog))
        }
    }

    pub fn context(&self) -> Context {
        match self {
            Dialog::Form(_) => Context::Form,
            Dialog::Confirm(_) => Context::Confirm,
            Dialog::Recipients(_) => Context::Recipients,
            Dialog::Search(_) => Context::Search,
            Dialog::Help { .. } => Context::Help,
            Dialog::Letters(_) => Context::Letters,
            Dialog::Preview(_) => Context::Preview,
        }
    }
}
