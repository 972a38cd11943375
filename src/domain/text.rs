//! Text helpers: searching the way officers type, and showing stored text safely.

/// Lower-cases and drops diacritics, so "zoe" finds "Zoë" and "omer" finds "Ömer".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'ý' | 'ÿ' => 'y',
            'ş' | 'š' | 'ś' => 's',
            'ğ' => 'g',
            'ž' | 'ź' | 'ż' => 'z',
            'ł' => 'l',
            other => other,
        })
        .collect()
}

/// Whether `haystack` contains `needle`, ignoring case and diacritics.
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(&fold(needle))
}

/// Characters that change how text reads without being seen: bidi embeddings, overrides,
/// isolates and marks, zero-width spaces and joiners, the word joiner and the byte-order mark.
/// Shown as `⟨U+202E⟩` and refused in names, ids and titles.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{2060}'
            | '\u{FEFF}'
    )
}

/// The first invisible or direction-changing character in `s`, if any (see [`is_invisible`]).
pub fn first_invisible(s: &str) -> Option<char> {
    s.chars().find(|&c| is_invisible(c))
}

/// What a text field may hold besides ordinary printable characters. Every place where text
/// enters the store names its field's shape and checks it with [`check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A name, id or title: one line, and no invisible or direction-changing character either
    /// (it would read differently from what is stored).
    Name,
    /// One line (a contact, a reference, a short reason): no control character at all, tab and
    /// line breaks included.
    Line,
    /// Several lines (a summary, a description, a reasoning): line feeds allowed.
    Lines,
    /// A note: line feeds and tabs allowed.
    Note,
}

/// Whether a field of `shape` may hold `c`. Control characters (C0, DEL, C1: terminal escape
/// codes among them) are refused everywhere except the line feed of multi-line fields and the
/// tab of notes; a carriage return is refused everywhere (a line ends with a line feed).
pub fn allowed(c: char, shape: Shape) -> bool {
    match c {
        '\n' => matches!(shape, Shape::Lines | Shape::Note),
        '\t' => shape == Shape::Note,
        c if c.is_control() => false,
        c => shape != Shape::Name || !is_invisible(c),
    }
}

/// The first character of `value` a field of `shape` may not hold, if any.
pub fn first_refused(value: &str, shape: Shape) -> Option<char> {
    value.chars().find(|&c| !allowed(c, shape))
}

/// A field holding a character it may not hold: which field, which character. The English
/// text is for the command line; `i18n::refused_char` gives the officer's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{field}: contains {}; {}", what(*.ch), remedy(*.ch))]
pub struct Refused {
    pub field: &'static str,
    pub ch: char,
}

/// Refuses `value` for the field `field` of `shape` when it holds a character the shape does
/// not allow (see [`allowed`]).
pub fn check(field: &'static str, value: &str, shape: Shape) -> Result<(), Refused> {
    match first_refused(value, shape) {
        Some(ch) => Err(Refused { field, ch }),
        None => Ok(()),
    }
}

/// What kind of character `ch` is, in English, with its code point: "a control character
/// (U+001B)".
pub fn what(ch: char) -> String {
    let code = code_point(ch);
    match ch {
        '\n' | '\r' => format!("a line break ({code})"),
        '\t' => format!("a tab ({code})"),
        c if c.is_control() => format!("a control character ({code})"),
        _ => format!("an invisible or direction-changing character ({code})"),
    }
}

/// How to mend a field refused for `ch`, in English.
pub fn remedy(ch: char) -> &'static str {
    match ch {
        '\n' | '\r' => "write it on one line",
        '\t' => "use spaces instead",
        c if c.is_control() => "remove it",
        _ => "type it again",
    }
}

/// Text taken from an e-mail message made fit for a field of `shape`: what the shape does not
/// allow is replaced, never stored. Tabs and line breaks where they are not allowed become a
/// space (a carriage return before a line feed is dropped); any other control character becomes
/// `�` (U+FFFD), so the officer sees that something was there. Invisible and direction-changing
/// characters are left for the form to show (`⟨U+202E⟩`) and the check to refuse.
pub fn scrub(text: &str, shape: Shape) -> String {
    if text.chars().all(|c| allowed(c, shape) || is_invisible(c)) {
        return text.to_string();
    }
    let text = text.replace("\r\n", "\n");
    text.chars()
        .map(|c| match c {
            c if allowed(c, shape) || is_invisible(c) => c,
            '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' => ' ',
            _ => '\u{FFFD}',
        })
        .collect()
}

/// Text quoted from input made safe for a message on stderr: control characters (except the
/// line feeds that end the message's own lines) and invisible or direction-changing characters
/// are written as `\u{1b}`, so an error can neither drive the terminal nor read backwards.
pub fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| (c.is_control() && c != '\n') || is_invisible(c);
    if !s.chars().any(needs) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if needs(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A character's code point as written in messages: `U+202E`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// How an invisible character is shown: `⟨U+202E⟩`.
pub fn invisible_marker(c: char) -> String {
    format!("⟨{}⟩", code_point(c))
}

/// Replaces control characters (terminal escape codes among them, C1 included) with `�` and
/// shows invisible and direction-changing characters as `⟨U+202E⟩`, so stored text cannot
/// change the terminal it is printed on or read differently from what it holds. Newlines and
/// tabs stay.
pub fn printable(s: &str) -> String {
    shown(s).into_owned()
}

/// [`printable`] without copying text that needs no change (the common case, on every draw).
pub fn shown(s: &str) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_invisible(c);
    if !s.chars().any(needs) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&invisible_marker(c));
        } else if needs(c) {
            out.push('�');
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// JSON text (as serde_json writes it) with C1 control characters and invisible characters
/// escaped as `\u009b`, `\u202e`: serde_json escapes only C0. These characters can only stand
/// inside JSON strings, so escaping them keeps the document valid and its values the same.
pub fn json_escape_invisible(json: String) -> String {
    let needs = |c: char| ('\u{80}'..='\u{9F}').contains(&c) || is_invisible(c);
    if !json.chars().any(needs) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_finds_names_without_accents() {
        assert!(contains_folded("Zoë Smit", "zoe"));
        assert!(contains_folded("Ömer Yılmaz", "yilmaz"));
        assert!(contains_folded("Ömer Yılmaz", "YILMAZ"));
        assert!(contains_folded("Ömer", "öm"));
        assert!(!contains_folded("Zoë", "zoa"));
    }

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(printable("\u{1b}[31mRED\u{1b}[0m"), "�[31mRED�[0m");
        assert_eq!(printable("a\u{9b}31m"), "a�31m");
        assert_eq!(printable("a\nb\tc"), "a\nb\tc");
    }

    #[test]
    fn invisible_characters_are_shown_by_their_code() {
        assert_eq!(printable("Jan\u{202E}slaw"), "Jan⟨U+202E⟩slaw");
        assert_eq!(printable("a\u{200B}b\u{FEFF}"), "a⟨U+200B⟩b⟨U+FEFF⟩");
        assert_eq!(printable("\u{2066}x\u{2069}"), "⟨U+2066⟩x⟨U+2069⟩");
        assert!(matches!(shown("Zoë"), std::borrow::Cow::Borrowed("Zoë")));
        assert_eq!(first_invisible("ok\u{2060}"), Some('\u{2060}'));
        assert_eq!(first_invisible("Ömer"), None);
    }

    #[test]
    fn each_shape_refuses_the_control_characters_it_has_no_use_for() {
        use Shape::*;
        // (character, Name, Line, Lines, Note)
        let cases = [
            ('a', true, true, true, true),
            ('\n', false, false, true, true),
            ('\t', false, false, false, true),
            ('\r', false, false, false, false),
            ('\0', false, false, false, false),
            ('\u{7}', false, false, false, false),
            ('\u{1b}', false, false, false, false),
            ('\u{7f}', false, false, false, false),
            ('\u{85}', false, false, false, false),
            ('\u{9b}', false, false, false, false),
            // Invisible characters are refused in names, ids and titles only.
            ('\u{202e}', false, true, true, true),
            ('\u{200b}', false, true, true, true),
            ('Ö', true, true, true, true),
        ];
        for (c, name, line, lines, note) in cases {
            let got = [Name, Line, Lines, Note].map(|shape| allowed(c, shape));
            assert_eq!(got, [name, line, lines, note], "{c:?}");
        }
        assert_eq!(
            check("summary", "a\nb\u{1b}[2J", Lines),
            Err(Refused {
                field: "summary",
                ch: '\u{1b}'
            })
        );
        assert_eq!(
            check("contact", "a\nb", Line).unwrap_err().to_string(),
            "contact: contains a line break (U+000A); write it on one line"
        );
        assert_eq!(
            check("requester", "Jan\u{0}", Name)
                .unwrap_err()
                .to_string(),
            "requester: contains a control character (U+0000); remove it"
        );
        assert_eq!(check("note", "a\n\tb", Note), Ok(()));
    }

    #[test]
    fn text_from_mail_has_its_control_characters_replaced() {
        assert_eq!(scrub("Jan\u{1b}[31m", Shape::Name), "Jan\u{FFFD}[31m");
        assert_eq!(scrub("a\tb\r\nc", Shape::Line), "a b c");
        assert_eq!(scrub("a\tb\r\nc\u{9b}", Shape::Lines), "a b\nc\u{FFFD}");
        assert_eq!(scrub("a\tb", Shape::Note), "a\tb");
        // Left for the form to show and the check to refuse.
        assert_eq!(scrub("Jan\u{202e}", Shape::Name), "Jan\u{202e}");
        for shape in [Shape::Name, Shape::Line, Shape::Lines, Shape::Note] {
            let s = scrub("x\u{0}\u{7}\u{1b}\r\n\t\u{85}\u{9f}y", shape);
            assert_eq!(first_refused(&s, shape), None, "{shape:?}: {s:?}");
        }
    }

    #[test]
    fn messages_escape_what_could_drive_the_terminal() {
        assert_eq!(
            escaped("no request with id V-1\u{1b}[2J"),
            "no request with id V-1\\u{1b}[2J"
        );
        assert_eq!(escaped("a\u{202e}b\u{9b}\r"), "a\\u{202e}b\\u{9b}\\u{d}");
        assert!(matches!(
            escaped("line 1\nline 2"),
            std::borrow::Cow::Borrowed("line 1\nline 2")
        ));
    }

    #[test]
    fn json_escapes_c1_and_invisible_characters_and_stays_the_same_value() {
        let value = serde_json::json!({ "name": "a\u{9b}b\u{202e}c\u{1b}", "n": 1 });
        let text = json_escape_invisible(serde_json::to_string(&value).unwrap());
        assert!(text.contains("\\u009b"), "{text}");
        assert!(text.contains("\\u202e"), "{text}");
        assert!(
            !text.contains('\u{9b}') && !text.contains('\u{202e}'),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
