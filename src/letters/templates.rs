//! The letter templates: built-in defaults (embedded), the board's overrides (a file of the
//! same name under the config folder's `templates/`), and rendering them with minijinja in
//! strict mode, so a misspelt field is an error naming the file and line, never an empty hole.

use super::{Format, LetterError, LetterKind};
use crate::i18n::Lang;
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};
use std::path::{Path, PathBuf};

/// The built-in templates: (language folder, letter, text).
const BUILT_IN: &[(&str, LetterKind, &str)] = &[
    (
        "nl",
        LetterKind::Acknowledgement,
        include_str!("../../templates/letters/nl/acknowledgement.txt.j2"),
    ),
    (
        "nl",
        LetterKind::Identification,
        include_str!("../../templates/letters/nl/identification.txt.j2"),
    ),
    (
        "nl",
        LetterKind::Extension,
        include_str!("../../templates/letters/nl/extension.txt.j2"),
    ),
    (
        "nl",
        LetterKind::Decision,
        include_str!("../../templates/letters/nl/decision.txt.j2"),
    ),
    (
        "nl",
        LetterKind::Recipients,
        include_str!("../../templates/letters/nl/recipients.txt.j2"),
    ),
    (
        "nl",
        LetterKind::Subjects,
        include_str!("../../templates/letters/nl/subjects.txt.j2"),
    ),
    (
        "nl",
        LetterKind::Ap,
        include_str!("../../templates/letters/nl/ap.txt.j2"),
    ),
    (
        "en",
        LetterKind::Acknowledgement,
        include_str!("../../templates/letters/en/acknowledgement.txt.j2"),
    ),
    (
        "en",
        LetterKind::Identification,
        include_str!("../../templates/letters/en/identification.txt.j2"),
    ),
    (
        "en",
        LetterKind::Extension,
        include_str!("../../templates/letters/en/extension.txt.j2"),
    ),
    (
        "en",
        LetterKind::Decision,
        include_str!("../../templates/letters/en/decision.txt.j2"),
    ),
    (
        "en",
        LetterKind::Recipients,
        include_str!("../../templates/letters/en/recipients.txt.j2"),
    ),
    (
        "en",
        LetterKind::Subjects,
        include_str!("../../templates/letters/en/subjects.txt.j2"),
    ),
    (
        "en",
        LetterKind::Ap,
        include_str!("../../templates/letters/en/ap.txt.j2"),
    ),
];

fn lang_dir(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    }
}

/// A template's path under `templates/`: `nl/decision.txt.j2`.
pub fn relative_path(kind: LetterKind, lang: Lang) -> String {
    format!("{}/{}", lang_dir(lang), kind.file_name())
}

/// The built-in text of a letter's template.
pub fn built_in(kind: LetterKind, lang: Lang) -> &'static str {
    BUILT_IN
        .iter()
        .find(|(l, k, _)| *l == lang_dir(lang) && *k == kind)
        .map(|(_, _, text)| *text)
        .unwrap_or_default()
}

/// Every built-in template: its path under `templates/` and its text.
pub fn default_templates() -> Vec<(String, &'static str)> {
    BUILT_IN
        .iter()
        .map(|(l, k, text)| (format!("{l}/{}", k.file_name()), *text))
        .collect()
}

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateOrigin {
    BuiltIn,
    File(PathBuf),
}

/// A template ready to render.
#[derive(Debug, Clone)]
pub struct Source {
    pub kind: LetterKind,
    /// `nl/decision.txt.j2`.
    pub name: String,
    pub origin: TemplateOrigin,
    pub text: String,
}

impl Source {
    /// How errors name the template: the board's file, or the built-in one.
    pub fn display(&self) -> String {
        match &self.origin {
            TemplateOrigin::BuiltIn => format!("built-in template {}", self.name),
            TemplateOrigin::File(p) => p.display().to_string(),
        }
    }
}

/// The template for `kind` in `lang`: the board's file in `dir` when there is one, else the
/// built-in default.
pub fn load(kind: LetterKind, lang: Lang, dir: Option<&Path>) -> Result<Source, LetterError> {
    let name = relative_path(kind, lang);
    if let Some(path) = dir.map(|d| d.join(&name)) {
        // A named pipe or a device is refused, never waited on; a huge file is not read.
        match crate::input::read_text_capped(&path, crate::input::TEXT_FILE_LIMIT) {
            Ok(text) => {
                return Ok(Source {
                    kind,
                    name,
                    origin: TemplateOrigin::File(path),
                    text,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(LetterError::ReadTemplate { path, error }),
        }
    }
    Ok(Source {
        kind,
        name,
        origin: TemplateOrigin::BuiltIn,
        text: built_in(kind, lang).to_string(),
    })
}

/// One line of `avgdesk letter templates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateInfo {
    pub kind: LetterKind,
    pub lang: Lang,
    /// `nl/decision.txt.j2`.
    pub name: String,
    pub origin: TemplateOrigin,
}

/// Every template and where it comes from.
pub fn list_templates(dir: Option<&Path>) -> Vec<TemplateInfo> {
    let mut out = Vec::new();
    for lang in [Lang::Nl, Lang::En] {
        for kind in LetterKind::ALL {
            let name = relative_path(kind, lang);
            let origin = match dir.map(|d| d.join(&name)) {
                Some(path) if path.is_file() => TemplateOrigin::File(path),
                _ => TemplateOrigin::BuiltIn,
            };
            out.push(TemplateInfo {
                kind,
                lang,
                name,
                origin,
            });
        }
    }
    out
}

/// What `letter template-dir` did: the files written and those already there (left alone).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WrittenDefaults {
    pub written: Vec<PathBuf>,
    pub skipped: Vec<PathBuf>,
}

/// Writes every built-in template into `dir` (`dir/nl/...`, `dir/en/...`) for the board to
/// edit. An existing file, or a link, is never overwritten: it is reported as skipped.
pub fn write_defaults(dir: &Path) -> Result<WrittenDefaults, LetterError> {
    let mut done = WrittenDefaults::default();
    for (name, text) in default_templates() {
        let path = dir.join(&name);
        let folder = path.parent().unwrap_or(dir);
        create_private_dir(folder).map_err(|error| LetterError::Write {
            path: folder.to_path_buf(),
            error,
        })?;
        // create_new refuses an existing file and a link (even a dangling one) alike.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(mut file) => {
                use std::io::Write;
                file.write_all(text.as_bytes())
                    .and_then(|()| file.sync_all())
                    .map_err(|error| LetterError::Write {
                        path: path.clone(),
                        error,
                    })?;
                done.written.push(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => done.skipped.push(path),
            Err(error) => return Err(LetterError::Write { path, error }),
        }
    }
    Ok(done)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Escapes what Markdown would read as formatting in a value from the record.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The most engine steps one letter may take. The longest built-in letter takes a few thousand;
/// a loop without end runs out of this within a second or two.
const TEMPLATE_FUEL: u64 = 5_000_000;

/// Renders `source` with `ctx`. Every name the template uses is checked against the context
/// first (in every branch, not only the one this record takes), then the template is rendered
/// in strict mode. Errors name the template and the line.
pub fn render(source: &Source, ctx: Value, format: Format) -> Result<String, LetterError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A board's template that loops without end is stopped, not left to hang the app.
    env.set_fuel(Some(TEMPLATE_FUEL));
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .map_err(|e| template_error(source, &e))?;
    env.set_syntax(syntax);
    let markdown = format == Format::Markdown;
    // `{% filter heading %}…{% endfilter %}` marks a subject or section title.
    // The body was rendered (and its values escaped) already: the result is safe.
    env.add_filter("heading", move |s: String| -> Value {
        if markdown {
            Value::from_safe_string(format!("## {s}"))
        } else {
            Value::from_safe_string(s)
        }
    });
    if markdown {
        env.set_formatter(|out, state, value| {
            // Text the template writes itself is kept; values from the record are escaped.
            if let Some(s) = value.as_str() {
                if !value.is_safe() {
                    return out.write_str(&markdown_escape(s)).map_err(|_| {
                        minijinja::Error::new(ErrorKind::WriteFailure, "cannot write")
                    });
                }
            }
            minijinja::escape_formatter(out, state, value)
        });
    }
    let err = |e: minijinja::Error| template_error(source, &e);
    env.add_template(&source.name, &source.text).map_err(err)?;
    let tmpl = env.get_template(&source.name).map_err(err)?;
    for name in sorted(tmpl.undeclared_variables(true)) {
        // Functions such as `range` and `namespace` are globals of the engine, not the record's.
        let first = name.split('.').next().unwrap_or_default();
        let global = env.globals().any(|(g, _)| g == first);
        if !global && !resolves(&ctx, &name) {
            return Err(LetterError::Template {
                template: source.display(),
                line: line_of_name(&source.text, &name),
                message: format!("undefined value `{name}`"),
            });
        }
    }
    let text = tmpl.render(ctx).map_err(err)?;
    Ok(if markdown { hard_breaks(&text) } else { text })
}

fn sorted(names: std::collections::HashSet<String>) -> Vec<String> {
    let mut v: Vec<String> = names.into_iter().collect();
    v.sort();
    v
}

/// Whether a dotted name (`request.due`) exists in the context.
fn resolves(ctx: &Value, name: &str) -> bool {
    let mut value = ctx.clone();
    for part in name.split('.') {
        match value.get_attr(part) {
            Ok(v) if !v.is_undefined() => value = v,
            _ => return false,
        }
    }
    true
}

/// The first line on which `name` appears in the template (1 when not found as written).
fn line_of_name(text: &str, name: &str) -> usize {
    text.lines()
        .position(|l| {
            l.match_indices(name).any(|(i, _)| {
                let after = l[i + name.len()..].chars().next();
                let before = l[..i].chars().next_back();
                let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !ident(after) && !ident(before) && before != Some('.')
            })
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// A minijinja error as the officer reads it: the file, the line and what is wrong.
fn template_error(source: &Source, e: &minijinja::Error) -> LetterError {
    let line = e.line().unwrap_or(1);
    let message = match e.kind() {
        ErrorKind::OutOfFuel => {
            "the template ran too long and was stopped (a loop without end?)".to_string()
        }
        ErrorKind::UndefinedError => {
            let expr = e
                .range()
                .and_then(|r| source.text.get(r))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            match expr {
                Some(expr) => format!("undefined value `{expr}`"),
                None => "undefined value".to_string(),
            }
        }
        _ => e
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| e.kind().to_string()),
    };
    LetterError::Template {
        template: source.display(),
        line,
        message,
    }
}

/// Markdown joins adjacent lines into one paragraph; a letter's address and signature lines
/// must stay apart, so every line followed by another gets a hard break.
fn hard_breaks(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = String::with_capacity(text.len() + lines.len() * 2);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        let next_is_text = lines.get(i + 1).is_some_and(|n| !n.trim().is_empty());
        if !line.trim().is_empty() && next_is_text && !line.starts_with("## ") {
            out.push_str("  ");
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            kind: LetterKind::Decision,
            name: "nl/decision.txt.j2".into(),
            origin: TemplateOrigin::File(PathBuf::from("templates/nl/decision.txt.j2")),
            text: text.into(),
        }
    }

    fn ctx() -> Value {
        Value::from(minijinja::value::Serde(
            serde_json::json!({"request": {"id": "V-1", "reason": "a*b"}}),
        ))
    }

    #[test]
    fn a_template_that_loops_without_end_is_stopped_and_named() {
        let text = "Beste,\n{% for a in range(100000) %}{% for b in range(100000) %}{{ request.id }}{% endfor %}{% endfor %}\n";
        let e = render(&source(text), ctx(), Format::Text)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("templates/nl/decision.txt.j2 line 2: the template ran too long"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_field_in_an_untaken_branch_names_file_and_line() {
        let text = "Beste,\n{% if false %}\n\n{{ request.foo }}\n{% endif %}\n{{ request.id }}\n";
        let e = render(&source(text), ctx(), Format::Text)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "templates/nl/decision.txt.j2 line 4: undefined value `request.foo`"
        );
    }

    #[test]
    fn the_engines_functions_are_not_taken_for_missing_fields() {
        let text = "{% for i in range(2) %}{{ request.id }} {% endfor +%}\n";
        assert_eq!(
            render(&source(text), ctx(), Format::Text).unwrap(),
            "V-1 V-1 \n"
        );
    }

    #[test]
    fn a_syntax_error_names_file_and_line() {
        let text = "a\nb\n{% if request.id %}\nc\n";
        let e = render(&source(text), ctx(), Format::Text)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("templates/nl/decision.txt.j2 line "), "{e}");
        assert!(e.contains("endif") || e.contains("end of input"), "{e}");
    }

    #[test]
    fn markdown_escapes_values_and_keeps_lines_apart() {
        let text = "{% filter heading %}Betreft {{ request.id }}{% endfilter +%}\n\nA *x*\n{{ request.reason }}\n";
        let md = render(&source(text), ctx(), Format::Markdown).unwrap();
        assert_eq!(md, "## Betreft V-1\n\nA *x*  \na\\*b\n");
        let plain = render(&source(text), ctx(), Format::Text).unwrap();
        assert_eq!(plain, "Betreft V-1\n\nA *x*\na*b\n");
    }

    #[test]
    fn every_built_in_template_exists_and_has_no_placeholder() {
        assert_eq!(default_templates().len(), 14);
        for (name, text) in default_templates() {
            assert!(!text.trim().is_empty(), "{name} is empty");
            for bad in ["[naam]", "TODO", "Lorem", "XXX", "[name]", "..."] {
                assert!(!text.contains(bad), "{name} contains {bad:?}");
            }
        }
    }

    #[test]
    fn a_file_in_the_template_dir_wins_and_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("nl/decision.txt.j2");
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, "Eigen besluit\n").unwrap();
        let s = load(LetterKind::Decision, Lang::Nl, Some(dir.path())).unwrap();
        assert_eq!(s.text, "Eigen besluit\n");
        assert_eq!(s.origin, TemplateOrigin::File(own.clone()));
        let en = load(LetterKind::Decision, Lang::En, Some(dir.path())).unwrap();
        assert_eq!(en.origin, TemplateOrigin::BuiltIn);
        let list = list_templates(Some(dir.path()));
        assert_eq!(list.len(), 14);
        let files: Vec<_> = list
            .iter()
            .filter(|t| t.origin != TemplateOrigin::BuiltIn)
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(files, ["nl/decision.txt.j2"]);
    }

    #[test]
    fn write_defaults_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let own = dir.path().join("en/ap.txt.j2");
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, "mine\n").unwrap();
        let done = write_defaults(dir.path()).unwrap();
        assert_eq!(done.written.len(), 13);
        assert_eq!(done.skipped, vec![own.clone()]);
        assert_eq!(std::fs::read_to_string(&own).unwrap(), "mine\n");
        let again = write_defaults(dir.path()).unwrap();
        assert!(again.written.is_empty());
        assert_eq!(again.skipped.len(), 14);
    }
}
