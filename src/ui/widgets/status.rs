//! The status bar: the queue's counts, the search, and every breach clock awaiting the AP
//! decision. The clocks never give way: when they do not all fit, one summary line takes their
//! place ("AP: 3 open, eerste D-2026-0002 8u59m"), and the counts give way before it does.

use crate::i18n::{Lang, T};
use crate::ui::panes::breaches::{clock_style, countdown};
use crate::ui::panes::Shared;
use crate::ui::theme::{Role, Theme};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

fn span_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.content.width()).sum()
}

/// The countdown spans: each pending breach, or the summary when they do not fit `room`.
pub fn countdowns(shared: &Shared, theme: &Theme, lang: Lang, room: usize) -> Vec<Span<'static>> {
    let all: Vec<Span<'static>> = shared
        .pending
        .iter()
        .map(|c| {
            Span::styled(
                format!(" AP {} {} ", c.id, countdown(&c.clock, lang)),
                clock_style(&c.clock, theme),
            )
        })
        .collect();
    if span_width(&all) <= room {
        return all;
    }
    let Some(first) = shared.pending.first() else {
        return Vec::new();
    };
    let summary = match lang {
        Lang::Nl => format!(
            " AP: {} open, eerste {} {} ",
            shared.pending.len(),
            first.id,
            countdown(&first.clock, lang)
        ),
        Lang::En => format!(
            " AP: {} open, first {} {} ",
            shared.pending.len(),
            first.id,
            countdown(&first.clock, lang)
        ),
    };
    vec![Span::styled(summary, clock_style(&first.clock, theme))]
}

/// The whole status line for `width` columns. `search` is the search in force and whether
/// it is being typed, with the number of rows it leaves.
pub fn line(
    shared: &Shared,
    theme: &Theme,
    lang: Lang,
    width: usize,
    search: Option<(String, Option<usize>)>,
    extra: Vec<Span<'static>>,
) -> Line<'static> {
    let s = shared.stats;
    let bar = theme.style(Role::StatusBar);
    let count = |label: &str, n: usize, hot: Style| {
        Span::styled(format!(" {label} {n} "), if n > 0 { hot } else { bar })
    };
    let counts = |due_label: T| {
        vec![
            count(T::status_open.get(lang), s.open, bar),
            count(
                due_label.get(lang),
                s.due_within_7,
                theme.style(Role::DueSoon),
            ),
            count(
                T::status_overdue.get(lang),
                s.overdue,
                theme.style(Role::Overdue),
            ),
        ]
        .into_iter()
        // "postvak 3": messages still to handle, with a configured inbox.
        .chain(shared.inbox.map(|n| match n {
            Some(n) => count(T::status_inbox.get(lang), n, theme.style(Role::Warning)),
            // A mailbox that cannot be read is not an empty one.
            None => Span::styled(
                format!(" {} ", T::status_inbox_broken.get(lang)),
                theme.style(Role::Error),
            ),
        }))
        .collect::<Vec<_>>()
    };
    let mut rest = extra;
    if let Some((text, matches)) = search {
        // One span, so the search in force gives way whole or not at all.
        let count = matches.map(|n| format!(" ({n})")).unwrap_or_default();
        rest.push(Span::styled(
            format!(" /{text}{count} "),
            theme.style(Role::InputFocused),
        ));
    }
    // Every clock is represented and the counts always show: the clocks get the room the short
    // counts and the search in force leave (a summary when the list does not fit), and the
    // counts read in full words when there is room for that too.
    let short = counts(T::status_due_7_short);
    let mut clocks = countdowns(
        shared,
        theme,
        lang,
        width.saturating_sub(span_width(&short) + span_width(&rest)),
    );
    if span_width(&clocks) > width {
        clocks.clear();
    }
    let room = width.saturating_sub(span_width(&clocks));
    let mut left = counts(T::status_due_7);
    if span_width(&left) + span_width(&rest) > room {
        left = short;
    }
    left.extend(rest);
    while span_width(&left) > room && !left.is_empty() {
        left.remove(0);
    }
    let pad = room.saturating_sub(span_width(&left));
    let mut spans = left;
    spans.push(Span::styled(" ".repeat(pad), bar));
    spans.extend(clocks);
    Line::from(spans)
}
