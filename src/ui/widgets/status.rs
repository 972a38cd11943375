//! The status bar: the queue's counts, the search, and every breach clock awaiting the AP
//! decision. The clocks and the count of overdue requests never give way: when the clocks do not
//! all fit, one summary takes their place ("AP: 3 open, eerste D-2026-0002 8u59m", at the
//! narrowest "AP 3: D-2026-0002 8u59m"), and everything else gives way before they do.

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

/// The countdown spans: each pending breach, or the summary when they do not fit `room`, or
/// the compact summary when that does not fit either.
pub fn countdowns(shared: &Shared, theme: &Theme, lang: Lang, room: usize) -> Vec<Span<'static>> {
    clock_forms(shared, theme, lang)
        .into_iter()
        .find(|form| span_width(form) <= room)
        .or_else(|| clock_forms(shared, theme, lang).pop())
        .unwrap_or_default()
}

/// The ways to show the pending clocks, widest first: every clock; "AP: 3 open, eerste
/// D-2026-0002 8u59m"; "AP 3: D-2026-0002 8u59m". Empty when no breach awaits the AP.
fn clock_forms(shared: &Shared, theme: &Theme, lang: Lang) -> Vec<Vec<Span<'static>>> {
    let Some(first) = shared.pending.first() else {
        return vec![Vec::new()];
    };
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
    let n = shared.pending.len();
    let clock = countdown(&first.clock, lang);
    let summary = match lang {
        Lang::Nl => format!(" AP: {n} open, eerste {} {clock} ", first.id),
        Lang::En => format!(" AP: {n} open, first {} {clock} ", first.id),
    };
    let compact = format!(" AP {n}: {} {clock} ", first.id);
    let style = clock_style(&first.clock, theme);
    // Each form is kept only when it is narrower than the one before: with one breach its
    // clock alone is narrower than either summary.
    let mut forms: Vec<Vec<Span<'static>>> = vec![all];
    for form in [
        vec![Span::styled(summary, style)],
        vec![Span::styled(compact, style)],
    ] {
        if forms
            .last()
            .is_some_and(|last| span_width(&form) < span_width(last))
        {
            forms.push(form);
        }
    }
    forms
}

/// What the status bar shows beside the shared counts and clocks.
pub struct StatusParts {
    /// The search in force with the number of rows it leaves.
    pub search: Option<(String, Option<usize>)>,
    /// The pane's own note ("gesloten zichtbaar").
    pub extra: Vec<Span<'static>>,
    /// On the requests tab the counts need no name; elsewhere they say they count requests,
    /// so that "te laat 3" on the breach register cannot read as three late breaches.
    pub on_requests: bool,
}

/// The overdue requests, which never give way: " te laat 3 ", or " verzoeken te laat 3 " where
/// nothing else says these are requests (`named`).
pub fn overdue_span(shared: &Shared, theme: &Theme, lang: Lang, named: bool) -> Span<'static> {
    let n = shared.stats.overdue;
    let label = if named {
        T::status_requests_overdue.get(lang)
    } else {
        T::status_overdue.get(lang)
    };
    let style = if n > 0 {
        theme.style(Role::Overdue)
    } else {
        theme.style(Role::StatusBar)
    };
    Span::styled(format!(" {label} {n} "), style)
}

/// The whole status line for `width` columns.
///
/// Never dropped: the overdue requests and the AP clocks (every clock, or a summary). The rest
/// gives way when the width runs out: "binnen 7 dagen" shortens to "≤7 d", the clocks become a
/// summary, "postvak N" and the pane's note go, the summary becomes compact, then "≤7 d", the
/// search text, "na beleid" and "open" go.
pub fn line(
    shared: &Shared,
    theme: &Theme,
    lang: Lang,
    width: usize,
    parts: StatusParts,
) -> Line<'static> {
    let s = shared.stats;
    let bar = theme.style(Role::StatusBar);
    let count = |label: &str, n: usize, hot: Style| {
        Span::styled(format!(" {label} {n} "), if n > 0 { hot } else { bar })
    };
    let named = !parts.on_requests;
    let forms = clock_forms(shared, theme, lang);
    let mut clock_form = 0;

    // The optional parts.
    let mut search = parts.search.map(|(text, matches)| {
        // One span, so the search in force gives way whole or not at all.
        let count = matches.map(|n| format!(" ({n})")).unwrap_or_default();
        Span::styled(format!(" /{text}{count} "), theme.style(Role::InputFocused))
    });
    // "postvak 3": messages still to handle, with a configured inbox.
    let mut inbox = shared.inbox.map(|n| match n {
        Some(n) => count(T::status_inbox.get(lang), n, theme.style(Role::Warning)),
        // A mailbox that cannot be read is not an empty one.
        None => Span::styled(
            format!(" {} ", T::status_inbox_broken.get(lang)),
            theme.style(Role::Error),
        ),
    });
    let mut open = Some(count(T::status_open.get(lang), s.open, bar));
    let due = |label: T| count(label.get(lang), s.due_within_7, theme.style(Role::DueSoon));
    let mut due_7 = Some(due(T::status_due_7));
    // "na beleid 1": past the board's deadline, not yet the law's (amber, as in the queue).
    let mut past_policy = (s.past_policy > 0).then(|| {
        count(
            T::status_past_policy.get(lang),
            s.past_policy,
            theme.style(Role::DueSoon),
        )
    });
    let mut extra = parts.extra;
    let assemble = |open: &Option<Span<'static>>,
                    due_7: &Option<Span<'static>>,
                    past_policy: &Option<Span<'static>>,
                    inbox: &Option<Span<'static>>,
                    search: &Option<Span<'static>>,
                    extra: &[Span<'static>]| {
        // Away from the requests tab the counts are named once, in front ("verzoeken: open 13
        // ≤7 d 2 te laat 3"), or in the overdue count itself when it stands alone.
        let alone = open.is_none() && due_7.is_none() && past_policy.is_none();
        let name = (named && !alone).then(|| {
            Span::styled(
                format!(" {}:", T::status_requests.get(lang)),
                theme.style(Role::Muted),
            )
        });
        name.into_iter()
            .chain(open.iter().cloned())
            .chain(due_7.iter().cloned())
            .chain(past_policy.iter().cloned())
            .chain(std::iter::once(overdue_span(
                shared,
                theme,
                lang,
                named && alone,
            )))
            .chain(inbox.iter().cloned())
            .chain(search.iter().cloned())
            .chain(extra.iter().cloned())
            .collect::<Vec<_>>()
    };
    let mut left = assemble(&open, &due_7, &past_policy, &inbox, &search, &extra);
    // What gives way, in order, until the bar fits.
    let mut step = 0;
    while span_width(&left) + span_width(&forms[clock_form]) > width && step < 10 {
        match step {
            0 => due_7 = Some(due(T::status_due_7_short)),
            1 => clock_form = clock_form.max(1).min(forms.len() - 1),
            2 => inbox = None,
            3 => extra.clear(),
            4 => clock_form = forms.len() - 1,
            // A search in force stays as long as it can: a list it narrows without saying so
            // reads as the whole list.
            5 => due_7 = None,
            6 => search = None,
            7 => past_policy = None,
            _ => open = None,
        }
        step += 1;
        left = assemble(&open, &due_7, &past_policy, &inbox, &search, &extra);
    }
    let clocks = forms[clock_form].clone();
    let room = width.saturating_sub(span_width(&clocks));
    let pad = room.saturating_sub(span_width(&left));
    let mut spans = left;
    spans.push(Span::styled(" ".repeat(pad), bar));
    spans.extend(clocks);
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::QueueStats;
    use crate::domain::breach::Clock72;
    use crate::ui::panes::Countdown;
    use chrono::{TimeZone, Utc};

    /// Thirteen open requests, two due within a week, three overdue, an inbox of four, and
    /// `breaches` breaches awaiting the AP decision (the first 8h59m from its deadline).
    fn busy(breaches: usize) -> Shared {
        let due = Utc.with_ymd_and_hms(2026, 12, 8, 12, 0, 0).unwrap();
        Shared {
            stats: QueueStats {
                open: 13,
                due_within_7: 2,
                past_policy: 0,
                overdue: 3,
            },
            pending: (0..breaches)
                .map(|i| Countdown {
                    id: format!("D-2026-{:04}", i + 1),
                    clock: Clock72 {
                        due,
                        minutes_left: 539 + 60 * i as i64,
                        past_due: false,
                    },
                })
                .collect(),
            inbox: Some(Some(4)),
            ..Shared::default()
        }
    }

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn render(shared: &Shared, width: usize, search: Option<&str>, on_requests: bool) -> String {
        let parts = StatusParts {
            search: search.map(|s| (s.to_string(), Some(1))),
            extra: Vec::new(),
            on_requests,
        };
        let line = line(shared, &Theme::default(), Lang::Nl, width, parts);
        let shown = text(&line);
        assert!(shown.width() <= width, "{width} columns: {shown:?}");
        shown
    }

    #[test]
    fn the_overdue_count_and_every_clock_survive_every_width_and_a_search() {
        for breaches in [0, 1, 5] {
            for width in [60, 80, 120, 200] {
                for search in [None, Some("de vries")] {
                    for on_requests in [true, false] {
                        let shown = render(&busy(breaches), width, search, on_requests);
                        assert!(
                            shown.contains("te laat 3"),
                            "{breaches} breaches, {width} columns, search {search:?}: {shown:?}"
                        );
                        if breaches > 0 {
                            assert!(shown.contains("D-2026-0001 8u59m"), "{shown:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_inbox_and_the_search_give_way_before_the_counts() {
        // 80 columns, five breaches: the clocks shrink to their compact summary and the inbox
        // gives way; the search in force still fits.
        let shown = render(&busy(5), 80, Some("de vries"), true);
        assert!(shown.contains("open 13"), "{shown:?}");
        assert!(shown.contains("AP 5: D-2026-0001 8u59m"), "{shown:?}");
        assert!(!shown.contains("postvak"), "{shown:?}");
        assert!(shown.contains("/de vries"), "{shown:?}");
        // 60 columns: "≤7 d" gives way before the search in force, which stays beside the
        // open and overdue counts.
        let narrow = render(&busy(5), 60, Some("de vries"), true);
        assert!(narrow.contains("open 13"), "{narrow:?}");
        assert!(narrow.contains("/de vries"), "{narrow:?}");
        assert!(!narrow.contains("≤7 d"), "{narrow:?}");
        // A long search gives way whole before the open count.
        let long = render(&busy(5), 60, Some("een heel lange zoekterm"), true);
        assert!(long.contains("open 13"), "{long:?}");
        assert!(!long.contains("/een"), "{long:?}");
        // With room, everything shows.
        let wide = render(&busy(1), 200, Some("de vries"), true);
        for part in [
            "open 13",
            "binnen 7 dagen 2",
            "te laat 3",
            "postvak 4",
            "/de vries (1)",
        ] {
            assert!(wide.contains(part), "{part} in {wide:?}");
        }
    }

    #[test]
    fn one_breach_keeps_its_own_clock_rather_than_a_wider_summary() {
        for width in [60, 80] {
            let shown = render(&busy(1), width, Some("de vries"), false);
            assert!(
                shown.contains(" AP D-2026-0001 8u59m "),
                "{width}: {shown:?}"
            );
            assert!(!shown.contains("AP 1:"), "{width}: {shown:?}");
        }
    }

    #[test]
    fn away_from_the_requests_tab_the_counts_say_they_count_requests() {
        let wide = render(&busy(1), 200, None, false);
        assert!(wide.contains("verzoeken: open 13"), "{wide:?}");
        let narrow = render(&busy(5), 60, None, false);
        assert!(narrow.contains("verzoeken: open 13"), "{narrow:?}");
        // Narrower still, only the overdue count is left beside the clocks: it names itself.
        let crowded = render(&busy(5), 50, None, false);
        assert!(crowded.contains(" verzoeken te laat 3 "), "{crowded:?}");
        assert!(!crowded.contains("open 13"), "{crowded:?}");
        let on_tab = render(&busy(1), 200, None, true);
        assert!(!on_tab.contains("verzoeken"), "{on_tab:?}");
    }
}
