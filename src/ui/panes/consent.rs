//! The consent grid: pupils down, purposes across, one cell per answer in effect. Only the rows
//! on screen are read from the store, so it stays instant with 30,000 pupils.

use super::{Ctx, Pane, Submitted, View};
use crate::app::{ConsentRow, Session};
use crate::domain::consent::{ConsentEvent, ConsentFlag, ConsentState, Pupil};
use crate::i18n::dates::date;
use crate::i18n::{Lang, T};
use crate::store::PupilFilter;
use crate::ui::dialogs::{AnyPurpose, FormDialog};
use crate::ui::forms::consent::{self as consent_forms, ConsentPurpose, Outcome};
use crate::ui::keys::{Action, Context};
use crate::ui::theme::{Role, Theme};
use crate::ui::widgets::detail::Detail;
use crate::ui::widgets::table::clip;
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
    /// The first purpose column on screen when not all fit.
    pub first_column: usize,
}

impl ConsentPane {
    /// Counts the matches and reads the rows around the cursor.
    pub fn reload(&mut self, session: &Session) {
        self.loaded = true;
        match session.count_pupils(&self.filter) {
            Ok(n) => self.total = n,
            Err(e) => self.error = Some(crate::i18n::app_error(&e, session.config.lang)),
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
            Err(e) => self.error = Some(crate::i18n::app_error(&e, session.config.lang)),
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
            Err(e) => self.error = Some(crate::i18n::app_error(&e, session.config.lang)),
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

/// How the grid's columns fit the width: the purposes that fit, scrolled to keep the cursor's
/// column in view, each wide enough for its answers (and for its name when there is room).
struct GridLayout {
    name: u16,
    school: Option<u16>,
    class: u16,
    /// Purpose columns shown, as indices into the purposes.
    purposes: std::ops::Range<usize>,
    purpose_width: u16,
    /// Purpose names fit in a two-line header instead of numbers.
    names: bool,
}

const FLAG: u16 = 1;
const CELL_MIN: u16 = 4;

fn layout(width: u16, purposes: usize, cursor: usize, first: usize) -> GridLayout {
    let class = 8;
    let name_min = 14;
    // A readable name before the purposes widen past their answers.
    let name_comfort = 24;
    let fixed = |name: u16, school: u16| name + school + class + FLAG + 3 + u16::from(school > 0);
    // The school appears once the names and every purpose's answers fit beside it.
    let with_school = width.saturating_sub(fixed(name_comfort, 20)) / (CELL_MIN + 1);
    let school = if with_school >= purposes.max(1) as u16 {
        20
    } else {
        0
    };
    let all_fit = |name: u16| {
        width.saturating_sub(fixed(name, school)) / (CELL_MIN + 1) >= purposes.max(1) as u16
    };
    let name_base = if all_fit(name_comfort) {
        name_comfort
    } else {
        name_min
    };
    let room = width.saturating_sub(fixed(name_base, school));
    let fits = (room / (CELL_MIN + 1)).max(1) as usize;
    let shown = fits.min(purposes.max(1));
    // Scroll the purpose columns so the cursor's column is in view.
    let start = if cursor < first {
        cursor
    } else if cursor >= first + shown {
        cursor + 1 - shown
    } else {
        first
    }
    .min(purposes.saturating_sub(shown));
    let per = (room / shown.max(1) as u16).saturating_sub(1);
    let purpose_width = per.clamp(CELL_MIN, 14);
    let used = fixed(name_base, school) + (purpose_width + 1) * shown as u16;
    let name = (name_base + width.saturating_sub(used)).min(32);
    GridLayout {
        name,
        school: (school > 0).then_some(school),
        class,
        purposes: start..(start + shown).min(purposes),
        purpose_width,
        names: purpose_width >= 9,
    }
}

/// A purpose's name in two header lines of `width`: whole words, a word too long for the line
/// cut with an ellipsis, and what does not fit on the second line cut there.
fn header_lines(name: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in name.split_whitespace() {
        let word = clip(word, width);
        let candidate = if line.is_empty() {
            word.clone()
        } else {
            format!("{line} {word}")
        };
        if unicode_width::UnicodeWidthStr::width(candidate.as_str()) <= width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    lines.push(line);
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(clip(&rest, width));
    }
    lines
}

fn purpose_label(p: &crate::domain::consent::Purpose, lang: Lang) -> &str {
    if lang == Lang::Nl {
        &p.nl
    } else {
        &p.en
    }
}

pub fn draw(frame: &mut Frame, area: Rect, pane: &mut ConsentPane, view: &View) {
    let (session, theme, lang) = (view.session, view.theme, view.lang);
    if let Some(detail) = &mut pane.detail {
        draw_detail(frame, area, detail, view);
        return;
    }
    // The filter in force wraps onto a second line rather than being cut.
    let filter = Paragraph::new(filter_line(pane, session, theme, lang)).wrap(Wrap { trim: true });
    let filter_height = (filter.line_count(area.width) as u16).clamp(1, 2);
    let [filter_area, grid_area, legend_area] = Layout::vertical([
        Constraint::Length(filter_height),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(filter, filter_area);
    let purposes = session.purposes();
    let grid = layout(
        grid_area.width,
        purposes.len(),
        pane.column,
        pane.first_column,
    );
    pane.first_column = grid.purposes.start;
    let header_height: u16 = if grid.names { 2 } else { 1 };
    pane.height = grid_area.height.saturating_sub(header_height) as usize;
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
    let pw = grid.purpose_width as usize;
    let more_left = grid.purposes.start > 0;
    let more_right = grid.purposes.end < purposes.len();
    let mut header = vec![Cell::from(T::f_pupil.get(lang))];
    if grid.school.is_some() {
        header.push(Cell::from(T::f_school.get(lang)));
    }
    header.extend([Cell::from(T::col_group.get(lang)), Cell::from("")]);
    let last = grid.purposes.end.saturating_sub(1);
    header.extend(grid.purposes.clone().map(|i| {
        let style = if i == pane.column {
            theme.style(Role::TabActive)
        } else {
            theme.style(Role::Header)
        };
        // Arrows say more purposes lie beyond the screen's edge.
        let arrow = match (
            i == grid.purposes.start && more_left,
            i == last && more_right,
        ) {
            (true, _) => "‹",
            (_, true) => "›",
            _ => "",
        };
        if grid.names {
            let parts = header_lines(purpose_label(&purposes[i], lang), pw.saturating_sub(1));
            let lines: Vec<Line> = parts
                .into_iter()
                .map(|p| Line::styled(p, style).right_aligned())
                .collect();
            Cell::from(ratatui::text::Text::from(lines))
        } else {
            Cell::from(Line::styled(format!("{arrow}{}", i + 1), style).right_aligned())
        }
    }));
    let mut widths = vec![Constraint::Length(grid.name)];
    if let Some(w) = grid.school {
        widths.push(Constraint::Length(w));
    }
    widths.extend([Constraint::Length(grid.class), Constraint::Length(FLAG)]);
    widths.extend(
        grid.purposes
            .clone()
            .map(|_| Constraint::Length(grid.purpose_width)),
    );
    let visible = pane.top..(pane.top + pane.height).min(pane.total);
    let rows: Vec<Row> = visible
        .clone()
        .filter_map(|i| {
            i.checked_sub(pane.offset)
                .and_then(|j| pane.rows.get(j))
                .map(|r| (i, r))
        })
        .map(|(i, r)| {
            let name = if r.pupil.active {
                r.pupil.full_name()
            } else {
                format!("{} ({})", r.pupil.full_name(), T::pupil_left.get(lang))
            };
            let mut cells = vec![Cell::from(clip(&name, grid.name as usize))];
            if let Some(w) = grid.school {
                cells.push(Cell::from(clip(&r.pupil.school, w as usize)));
            }
            cells.extend([
                Cell::from(clip(&r.pupil.class, grid.class as usize)),
                Cell::from(Line::styled(flag_text(&r.flags), theme.style(Role::Flag))),
            ]);
            cells.extend(grid.purposes.clone().map(|c| {
                let s = r.states.get(c).copied().unwrap_or(ConsentState::NotAsked);
                let mut style = cell_style(s, theme);
                if i == pane.cursor && c == pane.column {
                    style = theme.style(Role::Selected);
                }
                Cell::from(Line::styled(cell_text(s, lang), style).right_aligned())
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
        .header(
            Row::new(header)
                .style(theme.style(Role::Header))
                .height(header_height),
        )
        .column_spacing(1);
    frame.render_stateful_widget(table, grid_area, &mut TableState::default());
    let legend = match (purposes.get(pane.column), pane.current()) {
        (Some(p), Some(row)) => {
            let state = row
                .states
                .get(pane.column)
                .copied()
                .unwrap_or(ConsentState::NotAsked);
            let mut spans = vec![
                Span::styled(
                    format!("{}. {}: ", pane.column + 1, purpose_label(p, lang)),
                    theme.style(Role::Title),
                ),
                Span::styled(
                    format!(
                        "{} – {}",
                        crate::domain::text::shown(&row.pupil.full_name()),
                        state_label(state, lang)
                    ),
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

fn draw_detail(frame: &mut Frame, area: Rect, d: &mut PupilDetail, view: &View) {
    let (session, theme, lang) = (view.session, view.theme, view.lang);
    let base = theme.style(Role::Base);
    let p = &d.pupil;
    let mut detail = Detail::new(theme, area.width);
    detail.line(Line::from(vec![
        Span::styled(p.full_name(), theme.style(Role::Title)),
        Span::styled(format!("  {}  {} {}", p.number, p.school, p.class), base),
    ]));
    let birth = p
        .birth_date
        .map(|b| date(b, lang))
        .unwrap_or_else(|| T::unknown.get(lang).into());
    let today = view.shared.today;
    let age = p
        .age_on(today)
        .map(|a| format!(" ({a} {})", T::years.get(lang)))
        .unwrap_or_default();
    detail.field(T::f_birth.get(lang), format!("{birth}{age}"), base);
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
        detail.field("!", flag_label(&f, session, lang), theme.style(Role::Flag));
    }
    if !p.active {
        detail.field(
            T::col_status.get(lang),
            T::pupil_left.get(lang),
            theme.style(Role::Muted),
        );
    }
    for purpose in session.purposes() {
        let events: Vec<&ConsentEvent> = d
            .history
            .iter()
            .filter(|e| e.purpose == purpose.key)
            .collect();
        let now = crate::domain::consent::state_of(crate::domain::consent::current(
            events.iter().copied(),
            today,
        ));
        detail.blank();
        detail.line(Line::from(vec![
            Span::styled(
                purpose_label(purpose, lang).to_string(),
                theme.style(Role::Title),
            ),
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
            let lead = format!("{}{future}  ", date(e.effective, lang));
            let text = format!(
                "{value} · {} ({}) · {} · {version} · {}",
                e.given_by,
                T::answered_by(e.role).get(lang),
                T::method(e.method).get(lang),
                e.recorded_by
            );
            detail.entry(
                &lead,
                theme.style(Role::Label),
                &text,
                cell_style(e.value.into(), theme),
            );
        }
    }
    detail.section(T::help_title.get(lang));
    detail.text(T::pupil_detail_hint.get(lang), theme.style(Role::Muted));
    let lines = detail.lines();
    let total = lines.len() as u16;
    d.scroll = d.scroll.min(total.saturating_sub(area.height));
    frame.render_widget(Paragraph::new(lines).scroll((d.scroll, 0)), area);
}

impl ConsentPane {
    /// Writes the grid's current selection as a teacher list in the officer's home folder.
    fn export_teacher_list(&mut self, ctx: &mut Ctx) {
        use crate::app::consent_export::{file_name, teacher_list, ListFormat};
        let session = &*ctx.session;
        let filter = &self.filter;
        // Never overwritten, never through a link: a taken name becomes `-2`, `-3`, ...
        let written = teacher_list(session, filter, &[], ListFormat::Text)
            .map_err(|e| e.to_string())
            .and_then(|list| {
                crate::app::safe_file::write_free(
                    &ctx.shared.export_dir,
                    &file_name(session, filter, ListFormat::Text),
                    list.text.as_bytes(),
                )
                .map(|path| (path, list.pupils))
                .map_err(|e| e.to_string())
            });
        match written {
            Ok((path, n)) => {
                let shown = std::fs::canonicalize(&path).unwrap_or(path);
                let text = format!(
                    "{} {} ({n} {})",
                    T::msg_exported.get(ctx.lang),
                    shown.display(),
                    T::pupils.get(ctx.lang)
                );
                ctx.info(text);
            }
            Err(e) => ctx.error(e),
        }
    }

    fn open_form(&self, purpose: ConsentPurpose, ctx: &mut Ctx) {
        let form = consent_forms::build(&purpose, ctx.session, &self.filter, ctx.lang);
        ctx.open_form(AnyPurpose::Consent(purpose), form);
    }
}

impl Pane for ConsentPane {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }

    fn title(&self) -> T {
        T::tab_consent
    }

    fn context(&self) -> Context {
        match self.detail {
            Some(_) => Context::PupilDetail,
            None => Context::ConsentGrid,
        }
    }

    fn reload(&mut self, ctx: &mut Ctx, shown: bool) {
        // The grid is read when its tab is first shown, not before the first frame.
        if shown || self.loaded {
            ConsentPane::reload(self, ctx.session);
        }
    }

    fn update(&mut self, action: Action, ctx: &mut Ctx) -> bool {
        let session = &*ctx.session;
        let purposes = session.purposes().len();
        let page = self.height.max(1) as isize;
        if let Some(detail) = &mut self.detail {
            if action == Action::Back {
                self.detail = None;
                return true;
            }
            return crate::ui::widgets::records::scroll(&mut detail.scroll, action, page as usize);
        }
        match action {
            Action::Down => self.move_rows(1, session),
            Action::Up => self.move_rows(-1, session),
            Action::PageDown => self.move_rows(page, session),
            Action::PageUp => self.move_rows(-page, session),
            Action::Top => self.move_rows(isize::MIN / 2, session),
            Action::Bottom => self.move_rows(isize::MAX / 2, session),
            Action::Left => self.move_column(-1, purposes),
            Action::Right => self.move_column(1, purposes),
            Action::Open => self.open_detail(session),
            Action::Back => self.search("", ctx),
            Action::ToggleClosed => {
                self.filter.include_left = !self.filter.include_left;
                ConsentPane::reload(self, session);
            }
            Action::FilterForm => self.open_form(ConsentPurpose::Filter, ctx),
            Action::ChangeCell => {
                let target = self
                    .current()
                    .zip(session.purposes().get(self.column))
                    .map(|(row, p)| (row.pupil.clone(), p.clone()));
                match target {
                    Some((pupil, purpose)) => self.open_form(
                        ConsentPurpose::Set {
                            pupil: Box::new(pupil),
                            purpose,
                        },
                        ctx,
                    ),
                    None => ctx.select_first(),
                }
            }
            Action::ExportList => self.export_teacher_list(ctx),
            _ => return false,
        }
        true
    }

    fn search(&mut self, text: &str, ctx: &mut Ctx) {
        // The grid searches in the store: only the matching page is read.
        if self.filter.search == text {
            return;
        }
        self.filter.search = text.to_string();
        self.cursor = 0;
        ConsentPane::reload(self, ctx.session);
    }

    fn matches(&self) -> Option<usize> {
        Some(self.total)
    }

    fn search_text(&self) -> &str {
        &self.filter.search
    }

    fn selected_id(&self) -> Option<String> {
        self.current().map(|r| r.pupil.number.clone())
    }

    fn note(&self) -> Option<T> {
        self.filter.include_left.then_some(T::showing_left)
    }

    fn hint_label(&self, action: Action, label: T) -> Option<T> {
        // No pupils shown: nothing to open, change or list; filtering and searching remain.
        if self.total == 0
            && matches!(
                action,
                Action::Open | Action::ChangeCell | Action::ExportList
            )
        {
            return None;
        }
        Some(label)
    }

    fn submit(&mut self, dialog: &mut FormDialog, ctx: &mut Ctx) -> Submitted {
        let AnyPurpose::Consent(purpose) = &dialog.purpose else {
            return Submitted::Done;
        };
        match consent_forms::submit(purpose, &mut dialog.form, ctx.session, ctx.lang) {
            Some(Outcome::Filter(filter)) => {
                // Put the cursor on the purpose asked about.
                if let Some(i) = filter
                    .purpose
                    .as_ref()
                    .and_then(|k| ctx.session.purposes().iter().position(|p| &p.key == k))
                {
                    self.column = i;
                }
                self.filter = filter;
                self.cursor = 0;
                ConsentPane::reload(self, ctx.session);
                Submitted::Done
            }
            Some(Outcome::Saved(name)) => {
                ctx.info(format!("{} {name}", T::msg_saved.get(ctx.lang)));
                ConsentPane::reload(self, ctx.session);
                if self.detail.is_some() {
                    self.open_detail(ctx.session);
                }
                Submitted::Done
            }
            None => Submitted::Stay,
        }
    }

    fn form_changed(&mut self, dialog: &mut FormDialog, session: &Session) {
        if let AnyPurpose::Consent(purpose) = &dialog.purpose {
            consent_forms::refresh(purpose, &mut dialog.form, session, session.config.lang);
        }
    }

    fn draw(&mut self, frame: &mut Frame, area: Rect, view: &View) {
        draw(frame, area, self, view);
    }

    fn fill_screen(&mut self, session: &Session) -> bool {
        ConsentPane::fill_screen(self, session)
    }
}
