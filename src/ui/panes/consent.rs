//! The consent grid: pupils down, purposes across, one cell per answer in effect. Only the rows
//! on screen are read from the store, so it stays instant with 30,000 pupils.

use crate::app::{ConsentRow, Session};
use crate::domain::consent::{ConsentEvent, ConsentFlag, ConsentState, Pupil};
use crate::i18n::{Lang, T};
use crate::store::PupilFilter;
use crate::ui::theme::{Role, Theme};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

/// Rows read beyond the visible ones, so small moves need no query.
const SLACK: usize = 20;

/// One pupil's full history, shown instead of the grid.
pub struct PupilDetail {
    pub pupil: Pupil,
    pub history: Vec<ConsentEvent>,
    pub scroll: u16,
}

#[derive(Default)]
pub struct ConsentPane {
    pub filter: PupilFilter,
    /// Pupils matching the filter.
    pub total: usize,
    /// A window of rows starting at `offset`.
    pub rows: Vec<ConsentRow>,
    pub offset: usize,
    /// Absolute row index and purpose column of the cursor.
    pub cursor: usize,
    pub column: usize,
    /// First row on screen.
    pub top: usize,
    /// Rows the grid showed at the last draw.
    pub height: usize,
    pub detail: Option<PupilDetail>,
    pub error: Option<String>,
    /// Read at least once; until then the tab has not been shown.
    pub loaded: bool,
}

impl ConsentPane {
    /// Counts the matches and reads the rows around the cursor.
    pub fn reload(&mut self, session: &Session) {
        self.loaded = true;
        match session.count_pupils(&self.filter) {
            Ok(n) => self.total = n,
            Err(e) => self.error = Some(e.to_string()),
        }
        self.cursor = self.cursor.min(self.total.saturating_sub(1));
        self.column = self.column.min(session.purposes().len().saturating_sub(1));
        self.fetch(session);
    }

    /// Keeps the cursor on screen and the rows on screen loaded.
    fn fetch(&mut self, session: &Session) {
        // Before the first draw the height is unknown: read enough for a large screen.
        let height = if self.height == 0 { 100 } else { self.height };
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + height {
            self.top = self.cursor + 1 - height;
        }
        let start = self.top.saturating_sub(SLACK);
        match session.consent_rows(&self.filter, start, height + 2 * SLACK) {
            Ok(rows) => {
                self.rows = rows;
                self.offset = start;
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// After a draw (a resize may have made the grid taller): reads the rows on screen if
    /// they are not all loaded. True when it read, so the caller draws again.
    pub fn fill_screen(&mut self, session: &Session) -> bool {
        let end = (self.top + self.height).min(self.total);
        if self.detail.is_none() && self.height > 0 && !self.loaded(self.top, end) {
            self.fetch(session);
            return true;
        }
        false
    }

    fn loaded(&self, from: usize, to: usize) -> bool {
        from >= self.offset && to <= self.offset + self.rows.len()
    }

    pub fn move_rows(&mut self, delta: isize, session: &Session) {
        if self.total == 0 {
            return;
        }
        let max = self.total as isize - 1;
        self.cursor = (self.cursor as isize).saturating_add(delta).clamp(0, max) as usize;
        let height = self.height.max(1);
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + height {
            self.top = self.cursor + 1 - height;
        }
        let end = (self.top + height).min(self.total);
        if !self.loaded(self.top, end) {
            self.fetch(session);
        }
    }

    pub fn move_column(&mut self, delta: isize, purposes: usize) {
        if purposes == 0 {
            return;
        }
        self.column = (self.column as isize + delta).rem_euclid(purposes as isize) as usize;
    }

    pub fn current(&self) -> Option<&ConsentRow> {
        self.cursor
            .checked_sub(self.offset)
            .and_then(|i| self.rows.get(i))
    }

    pub fn open_detail(&mut self, session: &Session) {
        let Some(row) = self.current() else { return };
        let number = row.pupil.number.clone();
        match session.consent_history(&number) {
            Ok(history) => {
                self.detail = Some(PupilDetail {
                    pupil: row.pupil.clone(),
                    history,
                    scroll: 0,
                })
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

/// A cell's text: words, so it reads without colour and without UTF-8.
pub fn cell_text(state: ConsentState, lang: Lang) -> &'static str {
    match state {
        ConsentState::Given => T::cell_given.get(lang),
        ConsentState::Refused => T::cell_refused.get(lang),
        ConsentState::Withdrawn => T::cell_withdrawn.get(lang),
        ConsentState::NotAsked => "?",
    }
}

pub fn cell_style(state: ConsentState, theme: &Theme) -> Style {
    match state {
        ConsentState::Given => theme.style(Role::OnTrack),
        ConsentState::Refused | ConsentState::Withdrawn => theme.style(Role::Overdue),
        ConsentState::NotAsked => theme.style(Role::Muted),
    }
}

pub fn state_label(state: ConsentState, lang: Lang) -> &'static str {
    match state {
        ConsentState::Given => T::state_given.get(lang),
        ConsentState::Refused => T::state_refused.get(lang),
        ConsentState::Withdrawn => T::state_withdrawn.get(lang),
        ConsentState::NotAsked => T::state_not_asked.get(lang),
    }
}

fn filter_line(pane: &ConsentPane, session: &Session, theme: &Theme, lang: Lang) -> Line<'static> {
    let all = T::filter_all.get(lang);
    let f = &pane.filter;
    let purpose = f
        .purpose
        .as_ref()
        .and_then(|k| session.purposes().iter().find(|p| &p.key == k))
        .map(|p| {
            if lang == Lang::Nl {
                p.nl.clone()
            } else {
                p.en.clone()
            }
        });
    let no_consent = [
        ConsentState::Refused,
        ConsentState::Withdrawn,
        ConsentState::NotAsked,
    ];
    let states = if f.states.is_empty() {
        all.to_string()
    } else if f.states == no_consent {
        T::state_no_consent.get(lang).to_string()
    } else {
        f.states
            .iter()
            .map(|s| state_label(*s, lang))
            .collect::<Vec<_>>()
            .join("/")
    };
    // The count first: it is the answer the officer is looking for.
    let mut spans = vec![
        Span::styled(
            format!(
                "{} {}  ",
                pane.total,
                if pane.total == 1 {
                    T::pupil_one.get(lang)
                } else {
                    T::pupils.get(lang)
                }
            ),
            theme.style(Role::Title),
        ),
        Span::styled(
            format!("{}: ", T::f_school.get(lang)),
            theme.style(Role::Label),
        ),
        Span::styled(
            f.school.clone().unwrap_or_else(|| all.into()),
            theme.style(Role::Base),
        ),
        Span::styled(
            format!("  {}: ", T::f_class.get(lang)),
            theme.style(Role::Label),
        ),
        Span::styled(
            f.class.clone().unwrap_or_else(|| all.into()),
            theme.style(Role::Base),
        ),
    ];
    if let Some(p) = purpose {
        spans.push(Span::styled(
            format!("  {}: ", T::f_purpose.get(lang)),
            theme.style(Role::Label),
        ));
        spans.push(Span::styled(
            format!("{p} = {states}"),
            theme.style(Role::Base),
        ));
    }
    if !f.search.is_empty() {
        spans.push(Span::styled(
            format!("  /{}", f.search),
            theme.style(Role::InputFocused),
        ));
    }
    Line::from(spans)
}

fn flag_text(flags: &[ConsentFlag]) -> &'static str {
    if flags.is_empty() {
        ""
    } else {
        "!"
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    pane: &mut ConsentPane,
    session: &Session,
    theme: &Theme,
    lang: Lang,
) {
    if let Some(detail) = &mut pane.detail {
        draw_detail(frame, area, detail, session, theme, lang);
        return;
    }
    let [filter_area, grid_area, legend_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(filter_line(pane, session, theme, lang)),
        filter_area,
    );
    pane.height = grid_area.height.saturating_sub(1) as usize;
    let purposes = session.purposes();
    if pane.total == 0 {
        let text = match &pane.error {
            Some(e) => e.clone(),
            None => T::no_pupils.get(lang).to_string(),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.style(Role::Muted))).wrap(Wrap { trim: true }),
            grid_area,
        );
        return;
    }
    // Purpose columns are numbered; the legend line names the one under the cursor.
    // Wide screens also show the school, so same-named classes of two schools stay apart.
    let wide = grid_area.width >= 130;
    let mut header = vec![Cell::from(T::f_pupil.get(lang))];
    if wide {
        header.push(Cell::from(T::f_school.get(lang)));
    }
    header.extend([Cell::from(T::col_group.get(lang)), Cell::from("")]);
    header.extend((0..purposes.len()).map(|i| {
        let style = if i == pane.column {
            theme.style(Role::TabActive)
        } else {
            theme.style(Role::Header)
        };
        Cell::from(Line::styled(format!("{:>3}", i + 1), style))
    }));
    let mut widths = vec![Constraint::Min(14)];
    if wide {
        widths.push(Constraint::Length(24));
    }
    widths.extend([Constraint::Length(8), Constraint::Length(1)]);
    widths.extend((0..purposes.len()).map(|_| Constraint::Length(4)));
    let visible = pane.top..(pane.top + pane.height).min(pane.total);
    let rows: Vec<Row> = visible
        .clone()
        .filter_map(|i| {
            i.checked_sub(pane.offset)
                .and_then(|j| pane.rows.get(j))
                .map(|r| (i, r))
        })
        .map(|(i, r)| {
            let mut cells = vec![Cell::from(if r.pupil.active {
                r.pupil.full_name()
            } else {
                format!("{} ({})", r.pupil.full_name(), T::pupil_left.get(lang))
            })];
            if wide {
                cells.push(Cell::from(r.pupil.school.clone()));
            }
            cells.extend([
                Cell::from(r.pupil.class.clone()),
                Cell::from(Line::styled(flag_text(&r.flags), theme.style(Role::Flag))),
            ]);
            cells.extend(r.states.iter().enumerate().map(|(c, s)| {
                let mut style = cell_style(*s, theme);
                if i == pane.cursor && c == pane.column {
                    style = theme.style(Role::Selected);
                }
                Cell::from(Line::styled(format!("{:>3}", cell_text(*s, lang)), style))
            }));
            let row = Row::new(cells);
            if i == pane.cursor {
                row.style(theme.style(Role::Header))
            } else {
                row
            }
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.style(Role::Header)))
        .column_spacing(1);
    frame.render_stateful_widget(table, grid_area, &mut TableState::default());
    let legend = match (purposes.get(pane.column), pane.current()) {
        (Some(p), Some(row)) => {
            let label = if lang == Lang::Nl { &p.nl } else { &p.en };
            let state = row
                .states
                .get(pane.column)
                .copied()
                .unwrap_or(ConsentState::NotAsked);
            let mut spans = vec![
                Span::styled(
                    format!("{}. {label}: ", pane.column + 1),
                    theme.style(Role::Title),
                ),
                Span::styled(
                    format!("{} – {}", row.pupil.full_name(), state_label(state, lang)),
                    cell_style(state, theme),
                ),
            ];
            if let Some(f) = row.flags.first() {
                spans.push(Span::styled(
                    format!("  ! {}", flag_label(f, session, lang)),
                    theme.style(Role::Flag),
                ));
            }
            Line::from(spans)
        }
        _ => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(legend), legend_area);
}

pub fn flag_label(f: &ConsentFlag, session: &Session, lang: Lang) -> String {
    match f {
        ConsentFlag::TurnsSixteen { on } => format!("{} {on}", T::flag_turns_16.get(lang)),
        ConsentFlag::SixteenWithParentalAnswers => T::flag_16_parental.get(lang).to_string(),
        ConsentFlag::OutdatedForm { purpose } => {
            let label = session
                .purposes()
                .iter()
                .find(|p| &p.key == purpose)
                .map(|p| {
                    if lang == Lang::Nl {
                        p.nl.clone()
                    } else {
                        p.en.clone()
                    }
                })
                .unwrap_or_else(|| purpose.clone());
            format!("{}: {label}", T::flag_outdated_form.get(lang))
        }
    }
}

fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    d: &mut PupilDetail,
    session: &Session,
    theme: &Theme,
    lang: Lang,
) {
    use super::lines::{kv, section};
    let base = theme.style(Role::Base);
    let p = &d.pupil;
    let mut lines = vec![Line::from(vec![
        Span::styled(p.full_name(), theme.style(Role::Title)),
        Span::styled(format!("  {}  {} {}", p.number, p.school, p.class), base),
    ])];
    let birth = p
        .birth_date
        .map(|b| b.to_string())
        .unwrap_or_else(|| T::unknown.get(lang).into());
    let today = session.today();
    let age = p
        .age_on(today)
        .map(|a| format!(" ({a} {})", T::years.get(lang)))
        .unwrap_or_default();
    kv(
        &mut lines,
        T::f_birth.get(lang),
        format!("{birth}{age}"),
        theme,
        base,
    );
    let in_effect: Vec<&ConsentEvent> = session
        .purposes()
        .iter()
        .filter_map(|purpose| {
            crate::domain::consent::current(
                d.history.iter().filter(|e| e.purpose == purpose.key),
                today,
            )
        })
        .collect();
    for f in crate::domain::consent::flags(p, &in_effect, session.purposes(), today) {
        kv(
            &mut lines,
            "!",
            flag_label(&f, session, lang),
            theme,
            theme.style(Role::Flag),
        );
    }
    if !p.active {
        kv(
            &mut lines,
            T::col_status.get(lang),
            T::pupil_left.get(lang),
            theme,
            theme.style(Role::Muted),
        );
    }
    for purpose in session.purposes() {
        let label = if lang == Lang::Nl {
            &purpose.nl
        } else {
            &purpose.en
        };
        let events: Vec<&ConsentEvent> = d
            .history
            .iter()
            .filter(|e| e.purpose == purpose.key)
            .collect();
        let now = crate::domain::consent::state_of(crate::domain::consent::current(
            events.iter().copied(),
            today,
        ));
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(label.clone(), theme.style(Role::Title)),
            Span::styled(
                format!("  {}", state_label(now, lang)),
                cell_style(now, theme),
            ),
        ]));
        for e in events {
            let value = state_label(e.value.into(), lang);
            let future = if e.effective > today {
                format!(" ({})", T::from_future.get(lang))
            } else {
                String::new()
            };
            let version = if e.form_version.is_empty() {
                "–".to_string()
            } else {
                format!("v{}", e.form_version)
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}{future}  ", e.effective),
                    theme.style(Role::Label),
                ),
                Span::styled(value.to_string(), cell_style(e.value.into(), theme)),
                Span::styled(
                    format!(
                        " · {} ({}) · {} · {version} · {}",
                        e.given_by,
                        T::answered_by(e.role).get(lang),
                        T::method(e.method).get(lang),
                        e.recorded_by
                    ),
                    base,
                ),
            ]));
        }
    }
    section(&mut lines, T::help_title, theme, lang);
    lines.push(Line::styled(
        T::pupil_detail_hint.get(lang),
        theme.style(Role::Muted),
    ));
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = paragraph.line_count(area.width) as u16;
    d.scroll = d.scroll.min(total.saturating_sub(area.height));
    frame.render_widget(paragraph.scroll((d.scroll, 0)), area);
}
