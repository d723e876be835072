//! Words of a text with their character offsets, original and folded forms.

use std::borrow::Cow;

/// A word: a run of letters and digits, borrowed from the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Start offset in characters.
    pub start: usize,
    /// End offset in characters (exclusive).
    pub end: usize,
    /// As written.
    pub original: &'a str,
    /// Folded (lowercase, no accents): the word itself when it is already so.
    pub folded: Cow<'a, str>,
}

impl Token<'_> {
    /// The character just before the word.
    pub fn before_char(&self, chars: &[char]) -> Option<char> {
        self.start
            .checked_sub(1)
            .and_then(|i| chars.get(i).copied())
    }

    /// The character just after the word.
    pub fn after_char(&self, chars: &[char]) -> Option<char> {
        chars.get(self.end).copied()
    }

    /// Whether the word starts with a capital letter or a digit.
    pub fn is_capitalized(&self) -> bool {
        self.original
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }
}

/// Splits a text into words.
#[must_use]
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    // The word being read: its start in bytes and in characters.
    let mut word: Option<(usize, usize)> = None;
    let mut count = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII is tested on its byte; anything else is decoded.
        let (alphanumeric, len) = match bytes[at] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text[at..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        };
        if alphanumeric {
            if word.is_none() {
                word = Some((at, count));
            }
        } else if let Some((from, start)) = word.take() {
            tokens.push(token(&text[from..at], start, count));
        }
        at += len;
        count += 1;
    }
    if let Some((from, start)) = word {
        tokens.push(token(&text[from..], start, count));
    }
    tokens
}

fn token(original: &str, start: usize, end: usize) -> Token<'_> {
    Token {
        start,
        end,
        original,
        folded: crate::text::fold_cow(original),
    }
}

/// Whether a word looks like an acronym: two or more capitals, no more than two
/// lower-case letters (`CNIL`, `DGFiP`, `INCa`), at most 12 characters.
#[must_use]
pub fn is_acronym(word: &str) -> bool {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    upper >= 2 && lower <= 2 && word.chars().count() <= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_character_offsets() {
        let t = tokenize("l'Île-de-France (IDF)");
        let words: Vec<(&str, usize, usize, &str)> = t
            .iter()
            .map(|t| (t.original, t.start, t.end, t.folded.as_ref()))
            .collect();
        assert_eq!(
            words,
            [
                ("l", 0, 1, "l"),
                ("Île", 2, 5, "ile"),
                ("de", 6, 8, "de"),
                ("France", 9, 15, "france"),
                ("IDF", 17, 20, "idf")
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn words_are_the_runs_of_letters_and_digits(text in "\\PC{0,40}|[a-zA-Zé0-9 '’-]{0,40}") {
            let chars: Vec<char> = text.chars().collect();
            let mut expected = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                if chars[i].is_alphanumeric() {
                    let start = i;
                    while i < chars.len() && chars[i].is_alphanumeric() {
                        i += 1;
                    }
                    let word: String = chars[start..i].iter().collect();
                    expected.push((start, i, crate::text::fold(&word), word));
                } else {
                    i += 1;
                }
            }
            let got: Vec<(usize, usize, String, String)> = tokenize(&text)
                .into_iter()
                .map(|t| (t.start, t.end, t.folded.into_owned(), t.original.to_owned()))
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn acronyms() {
        assert!(is_acronym("CNIL"));
        assert!(is_acronym("DGFiP"));
        assert!(!is_acronym("Cnil"));
        assert!(!is_acronym("A"));
        assert!(!is_acronym("MARSEILLAISEEE"));
    }
}
