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
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if word.is_none() {
                word = Some((at, count));
            }
        } else if let Some((from, start)) = word.take() {
            tokens.push(token(&text[from..at], start, count));
        }
        count += 1;
    }
    if let Some((from, start)) = word {
        tokens.push(token(&text[from..], start, count));
    }
    tokens
}

fn token(original: &str, start: usize, end: usize) -> Token<'_> {
    // A word of lower-case ASCII letters and digits folds to itself.
    let folded = if original
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Cow::Borrowed(original)
    } else {
        Cow::Owned(crate::text::fold(original))
    };
    Token {
        start,
        end,
        original,
        folded,
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
    let first_upper = word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    first_upper && upper >= 2 && lower <= 2 && word.chars().count() <= 12
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

    #[test]
    fn acronyms() {
        assert!(is_acronym("CNIL"));
        assert!(is_acronym("DGFiP"));
        assert!(!is_acronym("Cnil"));
        assert!(!is_acronym("A"));
        assert!(!is_acronym("MARSEILLAISEEE"));
    }
}
