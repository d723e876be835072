//! Words of a text with their character offsets, original and folded forms.

/// A word: a run of letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Start offset in characters.
    pub start: usize,
    /// End offset in characters (exclusive).
    pub end: usize,
    /// As written.
    pub original: String,
    /// Folded (lowercase, no accents).
    pub folded: String,
}

impl Token {
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
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut count = 0;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = count;
            }
            current.push(c);
        } else if !current.is_empty() {
            let folded = crate::text::fold(&current);
            tokens.push(Token {
                start,
                end: count,
                original: std::mem::take(&mut current),
                folded,
            });
        }
        count += 1;
    }
    if !current.is_empty() {
        let folded = crate::text::fold(&current);
        tokens.push(Token {
            start,
            end: count,
            original: current,
            folded,
        });
    }
    tokens
}

/// Whether a word looks like an acronym: two or more capitals, no more than two
/// lower-case letters (`CNIL`, `DGFiP`, `INCa`), at most 12 characters.
#[must_use]
pub fn is_acronym(word: &str) -> bool {
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
            .map(|t| (t.original.as_str(), t.start, t.end, t.folded.as_str()))
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
