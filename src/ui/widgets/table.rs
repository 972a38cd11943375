//! Tables that fit the width: each column has a minimum and a wanted width and a priority.
//! On a narrow screen low-priority columns drop out before any column is cut to nonsense; extra
//! width first brings more columns, then widens columns up to what they want, and what is left
//! stays blank rather than stretching one column across the screen.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table, TableState};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Space between columns.
pub const SPACING: u16 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    /// Shown instead of the header when the column is narrower than the header.
    pub short_header: Option<String>,
    pub min: u16,
    /// The width this column should have before columns of priority 3 and lower are added
    /// (a name column readable before a school column appears).
    pub comfort: u16,
    pub want: u16,
    /// 0 is shown first; higher numbers drop out first.
    pub priority: u8,
    pub align: Align,
}

impl Column {
    pub fn new(header: impl Into<String>, min: u16, want: u16, priority: u8) -> Column {
        let header = header.into();
        // A header is never cut either.
        let min = min.max(header.width() as u16);
        let want = want.max(min);
        Column {
            header,
            short_header: None,
            min,
            comfort: min,
            want,
            priority,
            align: Align::Left,
        }
    }

    /// The width to reach before less important columns are added.
    pub fn comfort(mut self, comfort: u16) -> Column {
        self.comfort = comfort.clamp(self.min, self.want);
        self
    }

    /// A shorter header for a narrow screen, so the column may be narrower than its header.
    pub fn short(mut self, short: impl Into<String>, min: u16) -> Column {
        let short = short.into();
        self.min = min.max(short.width() as u16);
        self.short_header = Some(short);
        self
    }

    /// The header that fits `width`: the full one, else the short one.
    fn header_for(&self, width: u16) -> &str {
        match &self.short_header {
            Some(short) if (self.header.width() as u16) > width => short,
            _ => &self.header,
        }
    }

    pub fn right(mut self) -> Column {
        self.align = Align::Right;
        self
    }
}

/// The columns shown at `width` (indices into `columns`, in their order) and their widths.
pub fn fit(columns: &[Column], width: u16) -> Vec<(usize, u16)> {
    /// From this priority on a column is added only when the chosen ones have their comfort.
    const EXTRA: u8 = 3;
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| (columns[i].priority, i));
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = 0u16;
    let mut comfortable = 0u16;
    for i in order.iter().copied() {
        let c = &columns[i];
        let gap = if chosen.is_empty() { 0 } else { SPACING };
        let fits = if c.priority < EXTRA {
            used + gap + c.min <= width
        } else {
            comfortable + gap + c.comfort <= width
        };
        if fits {
            used += gap + c.min;
            comfortable += gap + c.comfort;
            chosen.push(i);
        }
    }
    let mut widths: Vec<(usize, u16)> = chosen.iter().map(|&i| (i, columns[i].min)).collect();
    // Widen by priority up to what each column wants.
    let mut room = width.saturating_sub(used);
    for &i in &order {
        if room == 0 {
            break;
        }
        if let Some(w) = widths.iter_mut().find(|(j, _)| *j == i) {
            let grow = (columns[i].want - w.1).min(room);
            w.1 += grow;
            room -= grow;
        }
    }
    widths.sort_by_key(|(i, _)| *i);
    widths
}

/// `text` cut to `width` columns with an ellipsis, so a cut is visible as a cut. Every table
/// cell passes here, so this is also where stored text is made safe to show: control
/// characters become `�` and invisible or direction-changing ones `⟨U+202E⟩`.
pub fn clip(text: &str, width: usize) -> String {
    let text = crate::domain::text::shown(text);
    let text = text.as_ref();
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The first row to show so that `selected` stays on a screen of `height` rows, moving the
/// window as little as possible from `top`.
pub fn window_top(top: usize, selected: usize, height: usize) -> usize {
    let height = height.max(1);
    if selected < top {
        selected
    } else if selected >= top + height {
        selected + 1 - height
    } else {
        top
    }
}

/// A cell of a fitted table: its text and style.
pub struct TableCell {
    pub text: String,
    pub style: Option<Style>,
}

impl<S: Into<String>> From<S> for TableCell {
    fn from(s: S) -> TableCell {
        TableCell {
            text: s.into(),
            style: None,
        }
    }
}

impl TableCell {
    pub fn styled(text: impl Into<String>, style: Style) -> TableCell {
        TableCell {
            text: text.into(),
            style: Some(style),
        }
    }
}

/// Draws `rows` (one `TableCell` per column in `columns`) in `area` with a header line, the
/// columns fitted to the width; `selected` is the index in `rows` to highlight.
pub struct FittedTable<'a> {
    pub columns: &'a [Column],
    pub header_style: Style,
    pub highlight: Style,
}

impl FittedTable<'_> {
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        rows: Vec<(Vec<TableCell>, Style)>,
        selected: Option<usize>,
    ) {
        let fitted = fit(self.columns, area.width);
        let cell = |text: &str, width: u16, align: Align, style: Option<Style>| {
            let text = clip(text, width as usize);
            let line = match align {
                Align::Left => Line::from(text),
                Align::Right => Line::from(text).right_aligned(),
            };
            match style {
                Some(s) => Cell::from(line.style(s)),
                None => Cell::from(line),
            }
        };
        let header = Row::new(fitted.iter().map(|&(i, w)| {
            let c = &self.columns[i];
            cell(c.header_for(w), w, c.align, None)
        }))
        .style(self.header_style);
        let body = rows.into_iter().map(|(mut cells, style)| {
            let mut taken: Vec<Option<TableCell>> = cells.drain(..).map(Some).collect();
            Row::new(fitted.iter().map(|&(i, w)| {
                let c = taken.get_mut(i).and_then(Option::take);
                let c = c.unwrap_or_else(|| TableCell::from(""));
                cell(&c.text, w, self.columns[i].align, c.style)
            }))
            .style(style)
        });
        let widths: Vec<Constraint> = fitted.iter().map(|&(_, w)| Constraint::Length(w)).collect();
        let table = Table::new(body, widths)
            .header(header)
            .column_spacing(SPACING)
            .row_highlight_style(self.highlight);
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, area, &mut state);
    }
}

/// A list's selection and scroll over the rows that pass its filter.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    /// Indices into the owner's rows that match the filter, in order.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First visible row on screen.
    pub top: usize,
    /// Rows shown at the last draw, for paging.
    pub page: usize,
}

impl ListState {
    /// Keeps the rows for which `keep` is true, the selection clamped.
    pub fn refilter(&mut self, len: usize, keep: impl Fn(usize) -> bool) {
        self.visible = (0..len).filter(|&i| keep(i)).collect();
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// The index into the owner's rows of the selected row.
    pub fn current(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// Selects the row whose index is `row`, if it is visible.
    pub fn select_row(&mut self, row: usize) -> bool {
        match self.visible.iter().position(|&i| i == row) {
            Some(pos) => {
                self.selected = pos;
                true
            }
            None => false,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let max = self.visible.len() as isize - 1;
        self.selected = (self.selected as isize).saturating_add(delta).clamp(0, max) as usize;
    }

    /// Applies a movement action; false when it is not one.
    pub fn navigate(&mut self, action: crate::ui::keys::Action) -> bool {
        use crate::ui::keys::Action;
        let page = self.page.max(1) as isize;
        match action {
            Action::Down => self.move_by(1),
            Action::Up => self.move_by(-1),
            Action::PageDown => self.move_by(page),
            Action::PageUp => self.move_by(-page),
            Action::Top => self.move_by(-(isize::MAX / 2)),
            Action::Bottom => self.move_by(isize::MAX / 2),
            _ => return false,
        }
        true
    }

    /// The visible rows that fit in `height` lines, the window moved to keep the selection.
    pub fn window(&mut self, height: usize) -> std::ops::Range<usize> {
        self.page = height;
        self.top = window_top(self.top, self.selected, height);
        self.top..(self.top + height).min(self.visible.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<Column> {
        vec![
            Column::new("id", 11, 11, 0),
            Column::new("name", 12, 40, 0),
            Column::new("kind", 17, 17, 1),
            Column::new("school", 10, 30, 3),
            Column::new("status", 14, 14, 2),
        ]
    }

    #[test]
    fn narrow_screens_drop_low_priority_columns_whole() {
        let fitted = fit(&cols(), 60);
        let shown: Vec<usize> = fitted.iter().map(|(i, _)| *i).collect();
        assert_eq!(shown, vec![0, 1, 2, 4]);
        // No column is narrower than its minimum.
        for (i, w) in &fitted {
            assert!(*w >= cols()[*i].min);
        }
        let used: u16 = fitted.iter().map(|(_, w)| w).sum::<u16>() + 3;
        assert!(used <= 60);
    }

    #[test]
    fn extra_width_brings_columns_and_stops_at_what_they_want() {
        let fitted = fit(&cols(), 200);
        assert_eq!(fitted.len(), 5);
        let name = fitted.iter().find(|(i, _)| *i == 1).map(|(_, w)| *w);
        assert_eq!(
            name,
            Some(40),
            "the name column does not eat the whole screen"
        );
    }

    #[test]
    fn clipping_shows_an_ellipsis() {
        assert_eq!(clip("Mohamed El Amrani / Yasmin", 12), "Mohamed El …");
        assert_eq!(clip("kort", 12), "kort");
    }

    #[test]
    fn the_window_follows_the_selection_with_the_least_movement() {
        assert_eq!(window_top(0, 5, 10), 0);
        assert_eq!(window_top(0, 10, 10), 1);
        assert_eq!(window_top(5, 3, 10), 3);
        assert_eq!(window_top(5, 14, 10), 5);
        assert_eq!(window_top(5, 20, 10), 11);
        assert_eq!(window_top(3, 0, 0), 0);
    }
}
