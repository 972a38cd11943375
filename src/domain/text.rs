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

/// Replaces control characters (terminal escape codes among them) so stored text cannot
/// change the terminal it is printed on. Newlines and tabs stay.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '�'
            } else {
                c
            }
        })
        .collect()
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
        assert_eq!(printable("a\nb\tc"), "a\nb\tc");
    }
}
