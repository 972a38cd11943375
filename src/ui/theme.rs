//! Themes: widgets ask for a semantic [`Role`] and never name a colour, so a whole look can be
//! swapped by a TOML file. The shipped themes are embedded so the binary stands alone; a user's
//! file is merged over one of them, so it only has to name the roles it changes.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// What a piece of text means on screen; the theme decides how that looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Base,
    Muted,
    Title,
    Tab,
    TabActive,
    Header,
    Selected,
    Overdue,
    DueSoon,
    OnTrack,
    Closed,
    StatusBar,
    Key,
    KeyDesc,
    Error,
    Success,
    Warning,
    Border,
    BorderFocused,
    Label,
    Input,
    InputFocused,
    Flag,
}

impl Role {
    /// Every role, in declaration order (so `Role::ALL[r as usize] == r`).
    pub const ALL: [Role; 23] = [
        Role::Base,
        Role::Muted,
        Role::Title,
        Role::Tab,
        Role::TabActive,
        Role::Header,
        Role::Selected,
        Role::Overdue,
        Role::DueSoon,
        Role::OnTrack,
        Role::Closed,
        Role::StatusBar,
        Role::Key,
        Role::KeyDesc,
        Role::Error,
        Role::Success,
        Role::Warning,
        Role::Border,
        Role::BorderFocused,
        Role::Label,
        Role::Input,
        Role::InputFocused,
        Role::Flag,
    ];

    /// The key of this role in a theme file's `[styles]` table.
    pub const fn key(self) -> &'static str {
        match self {
            Role::Base => "base",
            Role::Muted => "muted",
            Role::Title => "title",
            Role::Tab => "tab",
            Role::TabActive => "tab_active",
            Role::Header => "header",
            Role::Selected => "selected",
            Role::Overdue => "overdue",
            Role::DueSoon => "due_soon",
            Role::OnTrack => "on_track",
            Role::Closed => "closed",
            Role::StatusBar => "status_bar",
            Role::Key => "key",
            Role::KeyDesc => "key_desc",
            Role::Error => "error",
            Role::Success => "success",
            Role::Warning => "warning",
            Role::Border => "border",
            Role::BorderFocused => "border_focused",
            Role::Label => "label",
            Role::Input => "input",
            Role::InputFocused => "input_focused",
            Role::Flag => "flag",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// Shipped themes, in the order they are offered to the user.
const SHIPPED: [(&str, &str); 3] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

const SHIPPED_NAMES: [&str; 3] = [SHIPPED[0].0, SHIPPED[1].0, SHIPPED[2].0];

/// The names accepted by [`Theme::load`] besides a file path.
pub fn shipped_names() -> &'static [&'static str] {
    &SHIPPED_NAMES
}

/// True when the user asked for no colour (<https://no-color.org>: set and non-empty).
pub fn no_color_from_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

const COLOUR_HELP: &str = "use black, red, green, yellow, blue, magenta, cyan, gray, darkgray, \
     lightred, lightgreen, lightyellow, lightblue, lightmagenta, lightcyan, white, reset, \
     \"#rrggbb\" or \"indexed:N\" with N from 0 to 255";

const ATTRIBUTES: &str = "fg, bg, bold, italic, underlined, reversed, dim";

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("unknown theme {name:?}: use default, light, high-contrast or a path to a .toml file")]
    UnknownTheme { name: String },
    #[error("cannot read theme file {path}: {source}; check the path or use a shipped theme (default, light, high-contrast)")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{origin}: line {line}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        message: String,
    },
    #[error(
        "{origin}: line {line}: unknown role {key:?} in [styles]; known roles: {}",
        known_roles()
    )]
    UnknownRole {
        origin: String,
        line: usize,
        key: String,
    },
    #[error("{origin}: line {line}: styles.{role}: unknown key {key:?}; use {ATTRIBUTES}")]
    UnknownAttribute {
        origin: String,
        line: usize,
        role: String,
        key: String,
    },
    #[error("{origin}: line {line}: styles.{role}.{key} = {value}: not a colour; {COLOUR_HELP}")]
    BadColour {
        origin: String,
        line: usize,
        role: String,
        key: String,
        value: String,
    },
    /// A value of the wrong kind, e.g. `bold = "yes"` or `overdue = "red"`.
    #[error("{origin}: line {line}: {path} = {value}: {expected}")]
    BadValue {
        origin: String,
        line: usize,
        path: String,
        value: String,
        expected: String,
    },
}

fn known_roles() -> String {
    Role::ALL.map(Role::key).join(", ")
}

/// A resolved theme: one style per role, colours already stripped when NO_COLOR asked for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    name: String,
    styles: [Style; Role::ALL.len()],
}

impl Default for Theme {
    /// The shipped default theme. Its parsing is covered by tests, so the plain fallback only
    /// exists to keep this infallible without panicking.
    fn default() -> Self {
        Theme::load("default", false).unwrap_or_else(|_| Theme {
            name: "default".into(),
            styles: [Style::new(); Role::ALL.len()],
        })
    }
}

impl Theme {
    /// Loads a shipped theme by name, or a user's `.toml` file merged over a shipped theme
    /// (`default`, or the one named by the file's `extends` key).
    pub fn load(name_or_path: &str, no_color: bool) -> Result<Theme, ThemeError> {
        let theme = if let Some(text) = shipped_text(name_or_path) {
            let origin = format!("shipped theme {name_or_path:?}");
            let raw = parse(text, &origin)?;
            let mut styles = [Style::new(); Role::ALL.len()];
            apply(&mut styles, &raw.styles);
            Theme {
                name: raw.name.unwrap_or_else(|| name_or_path.to_string()),
                styles,
            }
        } else if looks_like_path(name_or_path) {
            load_file(Path::new(name_or_path))?
        } else {
            return Err(ThemeError::UnknownTheme {
                name: name_or_path.to_string(),
            });
        };
        Ok(if no_color {
            theme.without_colour()
        } else {
            theme
        })
    }

    pub fn style(&self, role: Role) -> Style {
        self.styles[role as usize]
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Keeps modifiers so states stay distinguishable, as no-color.org intends.
    fn without_colour(mut self) -> Theme {
        for style in &mut self.styles {
            *style = Style {
                add_modifier: style.add_modifier,
                sub_modifier: style.sub_modifier,
                ..Style::new()
            };
        }
        // A user theme may mark the selected row with a background only; without colour the
        // cursor would vanish and the list become unusable, so fall back to reversed video.
        let selected = &mut self.styles[Role::Selected as usize];
        if selected.add_modifier.is_empty() {
            *selected = selected.add_modifier(Modifier::REVERSED);
        }
        self
    }
}

fn shipped_text(name: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A bare word that is not a shipped name is more likely a typo than a file in the current
/// directory, so only things that look like paths are read from disk.
fn looks_like_path(s: &str) -> bool {
    s.contains('/')
        || s.contains(std::path::MAIN_SEPARATOR)
        || Path::new(s)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

fn load_file(path: &Path) -> Result<Theme, ThemeError> {
    let text = std::fs::read_to_string(path).map_err(|source| ThemeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = path.display().to_string();
    let raw = parse(&text, &origin)?;
    let base_name = match &raw.extends {
        None => "default",
        Some(ext) => shipped_names()
            .iter()
            .copied()
            .find(|n| *n == ext.value)
            .ok_or_else(|| ThemeError::BadValue {
                origin: origin.clone(),
                line: ext.line,
                path: "extends".into(),
                value: format!("{:?}", ext.value),
                expected: "not a shipped theme; use default, light or high-contrast".into(),
            })?,
    };
    let mut base = Theme::load(base_name, false)?;
    apply(&mut base.styles, &raw.styles);
    base.name = raw.name.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| origin.clone())
    });
    Ok(base)
}

/// A role's style as written: it replaces the base theme's style for that role as a whole,
/// because half-inheriting (say, keeping a `reversed` the user never wrote) would surprise.
fn apply(styles: &mut [Style; Role::ALL.len()], overrides: &[(Role, Style)]) {
    for (role, style) in overrides {
        styles[*role as usize] = *style;
    }
}

struct Parsed {
    name: Option<String>,
    extends: Option<Located<String>>,
    styles: Vec<(Role, Style)>,
}

struct Located<T> {
    value: T,
    line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: Option<String>,
    extends: Option<Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

fn parse(text: &str, origin: &str) -> Result<Parsed, ThemeError> {
    let line_at = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let raw: RawTheme = toml::from_str(text).map_err(|e| ThemeError::Syntax {
        origin: origin.to_string(),
        line: e.span().map(|s| line_at(s.start)).unwrap_or(1),
        message: e.message().trim().to_string(),
    })?;

    // Report problems in file order, not in the map's alphabetical order.
    let mut entries: Vec<_> = raw.styles.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);

    let mut styles = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let line = line_at(key.span().start);
        let role = Role::from_key(key.get_ref()).ok_or_else(|| ThemeError::UnknownRole {
            origin: origin.to_string(),
            line,
            key: key.get_ref().clone(),
        })?;
        let style = parse_style(value.get_ref(), role, &Ctx { origin, line })?;
        styles.push((role, style));
    }
    Ok(Parsed {
        name: raw.name,
        extends: raw.extends.map(|s| Located {
            line: line_at(s.span().start),
            value: s.into_inner(),
        }),
        styles,
    })
}

struct Ctx<'a> {
    origin: &'a str,
    line: usize,
}

fn parse_style(value: &toml::Value, role: Role, ctx: &Ctx) -> Result<Style, ThemeError> {
    let role_key = role.key();
    let table = value.as_table().ok_or_else(|| ThemeError::BadValue {
        origin: ctx.origin.to_string(),
        line: ctx.line,
        path: format!("styles.{role_key}"),
        value: value.to_string(),
        expected: format!(
            "write an inline table such as {{ fg = \"red\", bold = true }} with keys {ATTRIBUTES}"
        ),
    })?;
    let mut style = Style::new();
    for (key, v) in table {
        let modifier = match key.as_str() {
            "fg" => {
                style.fg = Some(parse_colour(v, role_key, key, ctx)?);
                continue;
            }
            "bg" => {
                style.bg = Some(parse_colour(v, role_key, key, ctx)?);
                continue;
            }
            "bold" => Modifier::BOLD,
            "italic" => Modifier::ITALIC,
            "underlined" => Modifier::UNDERLINED,
            "reversed" => Modifier::REVERSED,
            "dim" => Modifier::DIM,
            _ => {
                return Err(ThemeError::UnknownAttribute {
                    origin: ctx.origin.to_string(),
                    line: ctx.line,
                    role: role_key.to_string(),
                    key: key.clone(),
                })
            }
        };
        let on = v.as_bool().ok_or_else(|| ThemeError::BadValue {
            origin: ctx.origin.to_string(),
            line: ctx.line,
            path: format!("styles.{role_key}.{key}"),
            value: v.to_string(),
            expected: "write true or false (without quotes)".into(),
        })?;
        // An explicit `false` switches the modifier off when the style is laid over another
        // (e.g. a label inside a bold header), which is what someone writing it expects.
        style = if on {
            style.add_modifier(modifier)
        } else {
            style.remove_modifier(modifier)
        };
    }
    Ok(style)
}

fn parse_colour(v: &toml::Value, role: &str, key: &str, ctx: &Ctx) -> Result<Color, ThemeError> {
    let bad = || ThemeError::BadColour {
        origin: ctx.origin.to_string(),
        line: ctx.line,
        role: role.to_string(),
        key: key.to_string(),
        value: v.to_string(),
    };
    match v {
        toml::Value::String(s) => colour_from_str(s).ok_or_else(bad),
        // A bare number is the obvious way to write an indexed colour, so accept it too.
        toml::Value::Integer(n) => u8::try_from(*n).map(Color::Indexed).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

fn colour_from_str(s: &str) -> Option<Color> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(Color::Rgb(byte(0)?, byte(2)?, byte(4)?));
    }
    let lower = s.to_ascii_lowercase();
    if let Some(n) = lower.strip_prefix("indexed:") {
        return n.trim().parse::<u8>().ok().map(Color::Indexed);
    }
    // Separators are ignored so "light_red", "light-red" and "dark gray" all work.
    let name: String = lower
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .collect();
    Some(match name.as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        "reset" => Color::Reset,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn user_theme(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new()
            .suffix(".toml")
            .tempfile()
            .expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        f
    }

    fn load_user(text: &str, no_color: bool) -> Result<Theme, ThemeError> {
        let f = user_theme(text);
        Theme::load(f.path().to_str().expect("utf-8 path"), no_color)
    }

    #[test]
    fn role_all_matches_declaration_order_and_keys_round_trip() {
        for (i, role) in Role::ALL.into_iter().enumerate() {
            assert_eq!(role as usize, i);
            assert_eq!(Role::from_key(role.key()), Some(role));
        }
    }

    #[test]
    fn every_shipped_theme_parses_and_defines_every_role() {
        assert_eq!(shipped_names(), ["default", "light", "high-contrast"]);
        for (name, text) in SHIPPED {
            let parsed = parse(text, name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(parsed.name.as_deref(), Some(name), "name key of {name}");
            for role in Role::ALL {
                let n = parsed.styles.iter().filter(|(r, _)| *r == role).count();
                assert_eq!(n, 1, "{name} must define {} once", role.key());
            }
            let theme = Theme::load(name, false).expect("loads");
            assert_eq!(theme.name(), name);
        }
    }

    #[test]
    fn shipped_themes_use_named_colours_only() {
        for name in shipped_names() {
            let theme = Theme::load(name, false).expect("loads");
            for role in Role::ALL {
                let s = theme.style(role);
                for c in [s.fg, s.bg].into_iter().flatten() {
                    assert!(
                        !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                        "{name}.{} uses {c:?}",
                        role.key()
                    );
                }
            }
        }
    }

    #[test]
    fn important_states_survive_without_colour() {
        let marks = Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED;
        for name in shipped_names() {
            let theme = Theme::load(name, false).expect("loads");
            for role in [
                Role::Overdue,
                Role::DueSoon,
                Role::Selected,
                Role::TabActive,
                Role::Error,
                Role::Flag,
            ] {
                assert!(
                    theme.style(role).add_modifier.intersects(marks),
                    "{name}.{} needs bold, reversed or underlined",
                    role.key()
                );
            }
            let sel = theme.style(Role::Selected);
            assert!(sel.add_modifier.contains(Modifier::REVERSED) || sel.bg.is_some());
            // Overdue and due-soon must differ from each other even in monochrome.
            assert_ne!(
                theme.style(Role::Overdue).add_modifier,
                theme.style(Role::DueSoon).add_modifier,
                "{name}"
            );
        }
    }

    #[test]
    fn user_file_overriding_one_role_merges_over_default() {
        let theme = load_user(
            "name = \"mine\"\n[styles]\noverdue = { fg = \"#ff8800\", italic = true }\n",
            false,
        )
        .expect("loads");
        let default = Theme::load("default", false).expect("default");
        assert_eq!(theme.name(), "mine");
        assert_eq!(
            theme.style(Role::Overdue),
            Style::new()
                .fg(Color::Rgb(0xff, 0x88, 0x00))
                .add_modifier(Modifier::ITALIC)
        );
        for role in Role::ALL.into_iter().filter(|r| *r != Role::Overdue) {
            assert_eq!(theme.style(role), default.style(role), "{}", role.key());
        }
    }

    #[test]
    fn user_file_can_extend_another_shipped_theme() {
        let theme = load_user(
            "extends = \"light\"\n[styles]\nflag = { fg = \"indexed:208\", bold = true }\n",
            false,
        )
        .expect("loads");
        let light = Theme::load("light", false).expect("light");
        assert_eq!(theme.style(Role::Title), light.style(Role::Title));
        assert_eq!(theme.style(Role::Flag).fg, Some(Color::Indexed(208)));

        let err = load_user("extends = \"dark\"\n", false).expect_err("bad extends");
        assert!(err.to_string().contains("\"dark\""), "{err}");
    }

    #[test]
    fn colour_forms() {
        assert_eq!(colour_from_str("LightRed"), Some(Color::LightRed));
        assert_eq!(colour_from_str("dark_gray"), Some(Color::DarkGray));
        assert_eq!(colour_from_str("#0a0B0c"), Some(Color::Rgb(10, 11, 12)));
        assert_eq!(colour_from_str("indexed:0"), Some(Color::Indexed(0)));
        assert_eq!(colour_from_str("indexed:256"), None);
        assert_eq!(colour_from_str("#12345"), None);
        assert_eq!(colour_from_str("purple"), None);
    }

    #[test]
    fn bad_colour_names_role_key_and_value() {
        let err = load_user(
            "[styles]\n\ntitle = { bold = true }\noverdue = { fg = \"purple\" }\n",
            false,
        )
        .expect_err("bad colour");
        assert!(
            matches!(err, ThemeError::BadColour { line: 4, .. }),
            "{err:?}"
        );
        let msg = err.to_string();
        for needle in ["styles.overdue.fg", "\"purple\"", "line 4", "#rrggbb"] {
            assert!(msg.contains(needle), "{needle} missing in: {msg}");
        }

        let err = load_user("[styles]\nbase = { bg = 300 }\n", false).expect_err("index");
        assert!(err.to_string().contains("styles.base.bg = 300"), "{err}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = load_user("[styles]\noverdu = { fg = \"red\" }\n", false).expect_err("role");
        assert!(
            matches!(err, ThemeError::UnknownRole { line: 2, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("\"overdu\""), "{err}");
        assert!(err.to_string().contains("due_soon"), "{err}");

        let err =
            load_user("[styles]\nflag = { colour = \"red\" }\n", false).expect_err("attribute");
        let msg = err.to_string();
        assert!(
            msg.contains("styles.flag") && msg.contains("\"colour\""),
            "{msg}"
        );

        let err = load_user("[colours]\nflag = 1\n", false).expect_err("top level");
        assert!(err.to_string().contains("colours"), "{err}");

        let err = load_user("[styles]\nkey = { bold = \"yes\" }\n", false).expect_err("bool");
        assert!(
            err.to_string().contains("styles.key.bold = \"yes\""),
            "{err}"
        );

        let err = load_user("[styles]\nkey = \"red\"\n", false).expect_err("not a table");
        assert!(err.to_string().contains("inline table"), "{err}");
    }

    #[test]
    fn no_color_keeps_modifiers_but_removes_colours() {
        for name in shipped_names() {
            let coloured = Theme::load(name, false).expect("loads");
            let plain = Theme::load(name, true).expect("loads");
            for role in Role::ALL {
                let (c, p) = (coloured.style(role), plain.style(role));
                assert_eq!((p.fg, p.bg), (None, None), "{name}.{}", role.key());
                assert_eq!(p.add_modifier, c.add_modifier, "{name}.{}", role.key());
                assert_eq!(p.sub_modifier, c.sub_modifier, "{name}.{}", role.key());
            }
        }
        let theme = load_user("[styles]\nselected = { bg = \"blue\" }\n", true).expect("loads");
        assert_eq!(
            theme.style(Role::Selected),
            Style::new().add_modifier(Modifier::REVERSED)
        );
    }

    #[test]
    fn unknown_name_and_missing_file_error_helpfully() {
        let err = Theme::load("solarized", false).expect_err("unknown");
        assert!(matches!(err, ThemeError::UnknownTheme { .. }));
        let msg = err.to_string();
        assert!(msg.contains("\"solarized\""), "{msg}");
        for name in shipped_names() {
            assert!(msg.contains(name), "{msg}");
        }

        let err = Theme::load("/nonexistent/theme.toml", false).expect_err("missing");
        assert!(matches!(err, ThemeError::Read { .. }), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/theme.toml"), "{err}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err =
            load_user("name = \"x\"\n[styles]\ntitle = { fg = }\n", false).expect_err("syntax");
        assert!(matches!(err, ThemeError::Syntax { line: 3, .. }), "{err:?}");
    }

    #[test]
    fn default_impl_is_the_shipped_default() {
        assert_eq!(
            Theme::default(),
            Theme::load("default", false).expect("loads")
        );
    }
}
