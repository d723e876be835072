//! Text helpers shared by the readers, the linkers and the IRI minter: accent folding,
//! slugs, whitespace normalisation and French dates.

use std::borrow::Cow;

use chrono::NaiveDate;
use memchr::memmem;

/// The folding of an ASCII character (see [`fold_char_into`]): lower case, the backquote
/// as an apostrophe, the tab as a space.
#[must_use]
pub fn fold_ascii(c: char) -> char {
    match c {
        '`' => '\'',
        '\t' => ' ',
        c => c.to_ascii_lowercase(),
    }
}

/// Folds one character for matching: lowercase, accents removed, typographic apostrophes
/// and quotes made plain, every kind of space made a plain space. Ligatures become two
/// letters, so the result is pushed onto `out`.
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(fold_ascii(c));
        return;
    }
    let mapped = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ā' | 'Ā' => {
            'a'
        }
        'ç' | 'Ç' | 'ć' | 'Ć' | 'č' | 'Č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ē' | 'Ē' | 'ė' | 'ę' | 'ě' => {
            'e'
        }
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ī' | 'Ī' => 'i',
        'ñ' | 'Ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ō' | 'Ō' => {
            'o'
        }
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ū' | 'Ū' | 'ů' => 'u',
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => 'y',
        'ž' | 'Ž' | 'ź' | 'ż' => 'z',
        'š' | 'Š' | 'ś' => 's',
        'ł' | 'Ł' => 'l',
        'ř' => 'r',
        'ğ' => 'g',
        'œ' | 'Œ' => {
            out.push_str("oe");
            return;
        }
        'æ' | 'Æ' => {
            out.push_str("ae");
            return;
        }
        'ß' => {
            out.push_str("ss");
            return;
        }
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' | '\u{2032}' => '\'',
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' | '\u{200A}' | '\u{2002}'
        | '\u{2003}' | '\t' => ' ',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => '-',
        c => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push(mapped);
}

/// Folds a string for matching, borrowing it when folding would not change it (lower-case
/// ASCII letters and digits only: the most frequent words of a French text).
#[must_use]
pub fn fold_cow(s: &str) -> Cow<'_, str> {
    if s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(fold(s))
    }
}

/// Whether some byte of `block` is one `special` picks. Written without an early exit, so
/// that the compiler tests a block of 16 or 32 bytes at once: the callers skip the blocks
/// that hold none and look at the others byte by byte.
#[must_use]
pub fn block_holds(block: &[u8], special: impl Fn(u8) -> bool) -> bool {
    block.iter().fold(false, |seen, &b| seen | special(b))
}

/// At most the first `n` characters of `s`.
#[must_use]
pub fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Folds a string for matching (see [`fold_char_into`]).
#[must_use]
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Folds `s` onto the end of `out` (see [`fold_char_into`]).
pub fn fold_into(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        // A run of plain ASCII is copied and lowercased at once: most of a French text.
        let plain = leading_run(rest.as_bytes(), folds_specially);
        if plain > 0 {
            let start = out.len();
            out.push_str(&rest[..plain]);
            out[start..].make_ascii_lowercase();
            rest = &rest[plain..];
        }
        if let Some(c) = rest.chars().next() {
            fold_char_into(c, out);
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// The length of the run at the start of `s` of bytes that are not `special`. Blocks of 16
/// bytes holding none are passed at once.
#[must_use]
pub fn leading_run(s: &[u8], special: impl Fn(u8) -> bool + Copy) -> usize {
    let mut at = 0;
    for block in s.chunks_exact(16) {
        if block_holds(block, special) {
            break;
        }
        at += 16;
    }
    at + s[at..]
        .iter()
        .position(|&b| special(b))
        .unwrap_or(s.len() - at)
}

/// Whether an ASCII byte folds to something else than its lower case, or a byte is not ASCII.
fn folds_specially(b: u8) -> bool {
    !b.is_ascii() || b == b'`' || b == b'\t'
}

/// Bytes of text folded before each search of [`find_folded`].
const FOLD_PIECE: usize = 512;

/// The largest character boundary of `s` at or before `at` (`s.len()` if it is shorter).
fn char_floor(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// Where `needle`, already folded, first occurs in `text` once folded: the index, in
/// characters of `text`, of the character whose folding starts the match. `folded` is a
/// buffer reused between calls.
#[must_use]
pub fn find_folded(text: &str, needle: &str, folded: &mut String) -> Option<usize> {
    find_with(text, &memmem::Finder::new(needle), folded).map(|(at, _)| at)
}

/// [`find_folded`] with a searcher of the folded needle, made once for many texts; the
/// match's start both in characters and in bytes of `text`.
fn find_with(
    text: &str,
    finder: &memmem::Finder<'_>,
    folded: &mut String,
) -> Option<(usize, usize)> {
    folded.clear();
    // The text is folded a piece at a time and searched as it grows, so that a phrase found
    // early (a frequent word) leaves the rest of the text unfolded. Characters fold one by
    // one, so the pieces together fold as the whole text does.
    let mut rest = text;
    let mut from = 0;
    let at = loop {
        let piece = char_floor(rest, FOLD_PIECE);
        fold_into(&rest[..piece], folded);
        rest = &rest[piece..];
        if let Some(i) = finder.find(&folded.as_bytes()[from..]) {
            break from + i;
        }
        if rest.is_empty() {
            return None;
        }
        // A match not yet found may start in the last `needle.len() - 1` bytes.
        from = folded
            .len()
            .saturating_sub(finder.needle().len().saturating_sub(1));
    };
    // Back to the text: the character whose folding covers that offset. An ASCII character
    // folds to one byte, so runs of them are passed at once.
    let (mut end, mut count, mut byte) = (0, 0, 0);
    let mut one = String::new();
    loop {
        let run = leading_run(&text.as_bytes()[byte..], |b| !b.is_ascii());
        if end + run > at {
            let into = at - end;
            return Some((count + into, byte + into));
        }
        (end, count, byte) = (end + run, count + run, byte + run);
        let Some(c) = text[byte..].chars().next() else {
            return Some((count, byte));
        };
        one.clear();
        fold_char_into(c, &mut one);
        if end + one.len() > at {
            return Some((count, byte));
        }
        (end, count, byte) = (end + one.len(), count + 1, byte + c.len_utf8());
    }
}

/// A phrase to find in texts with case and accents ignored, folded once for all the texts
/// it is looked for in.
#[derive(Debug, Clone)]
pub struct FoldedPhrase {
    phrase: String,
    /// The phrase folded, with a searcher made for it.
    needle: memmem::Finder<'static>,
    /// The phrase's length in characters: an excerpt keeps as many of the text's.
    chars: usize,
}

impl FoldedPhrase {
    /// Folds `phrase`.
    #[must_use]
    pub fn new(phrase: &str) -> Self {
        Self {
            phrase: phrase.to_owned(),
            needle: memmem::Finder::new(&fold(phrase)).into_owned(),
            chars: phrase.chars().count(),
        }
    }

    /// The phrase as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.phrase
    }

    /// An excerpt of `text` around the first occurrence of the phrase: up to `before`
    /// characters before it (opened with `…` when the text starts earlier), the phrase's
    /// length in characters and `after` more, closed with `…` unless the text ends there.
    /// `None` when the phrase does not occur. `folded` is a buffer reused between calls.
    #[must_use]
    pub fn excerpt(
        &self,
        text: &str,
        before: usize,
        after: usize,
        folded: &mut String,
    ) -> Option<String> {
        let (at, byte) = find_with(text, &self.needle, folded)?;
        // Up to `before` characters back from the match.
        let kept_before = at.min(before);
        let start = text[..byte]
            .char_indices()
            .rev()
            .take(kept_before)
            .last()
            .map_or(byte, |(i, _)| i);
        let rest = &text[start..];
        let kept = head(rest, kept_before + self.chars + after);
        let mut out = String::with_capacity(kept.len() + 6);
        if start > 0 {
            out.push('…');
        }
        out.push_str(kept);
        if kept.len() < rest.len() {
            out.push('…');
        }
        Some(out)
    }
}

/// The words of a text: its runs of letters and digits.
pub fn alphanumeric_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A slug: folded, ASCII letters and digits kept, runs of anything else become one `-`.
/// Never empty: a label with no letter or digit gives `sans-nom`.
#[must_use]
pub fn slug(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        "sans-nom".to_owned()
    } else {
        out
    }
}

/// Whether a character is a space for the purposes of normalisation (Unicode whitespace,
/// including non-breaking and narrow spaces, and zero-width characters).
#[must_use]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Collapses every run of spaces (including non-breaking ones) into one plain space and
/// trims both ends.
#[must_use]
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_ws_normalized(s, &mut out, false);
    out
}

/// Normalises a text made of paragraphs: each line is whitespace-normalised, blank lines are
/// dropped, and paragraphs are joined with `\n`. Control characters other than the line
/// break are removed.
#[must_use]
pub fn normalize_paragraphs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split('\n') {
        let before = out.len();
        if before > 0 {
            out.push('\n');
        }
        let start = out.len();
        push_ws_normalized(line, &mut out, true);
        if out.len() == start {
            out.truncate(before);
        }
    }
    out
}

/// Appends `s` to `out` with its runs of spaces collapsed into one plain space and both ends
/// trimmed; with `drop_controls`, control characters other than the tab are left out (they
/// neither separate nor join words).
fn push_ws_normalized(s: &str, out: &mut String, drop_controls: bool) {
    let mut pending = false;
    let mut started = false;
    let mut rest = s;
    while !rest.is_empty() {
        // Printable ASCII is neither a space nor a control: copied a run at a time.
        let run = rest
            .bytes()
            .position(|b| !(b'!'..=b'~').contains(&b))
            .unwrap_or(rest.len());
        let (word, c) = if run > 0 {
            let word = &rest[..run];
            rest = &rest[run..];
            (word, None)
        } else {
            let Some(c) = rest.chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            if drop_controls && c.is_control() && c != '\t' {
                continue;
            }
            if is_space(c) {
                pending = true;
                continue;
            }
            ("", Some(c))
        };
        if pending && started {
            out.push(' ');
        }
        pending = false;
        started = true;
        out.push_str(word);
        if let Some(c) = c {
            out.push(c);
        }
    }
}

/// French month names, folded, with their numbers.
const MONTHS: [(&str, u32); 14] = [
    ("janvier", 1),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("decembre", 12),
    ("fev", 2),
    ("dec", 12),
];

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// No date shape was found.
    NotADate,
    /// The shape is a date but the day does not exist (`32/13/2023`).
    Impossible,
}

/// Parses `dd/mm/yyyy` (also `dd-mm-yyyy`, `dd.mm.yyyy`) at the start of `s`; returns the
/// date and the number of bytes read.
pub fn parse_numeric_date(s: &str) -> Result<(NaiveDate, usize), DateError> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut parts = [0u32; 3];
    for (k, part) in parts.iter_mut().enumerate() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 4 {
            *part = *part * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        let len = i - start;
        let ok = if k < 2 {
            (1..=2).contains(&len)
        } else {
            len == 4
        };
        if !ok {
            return Err(DateError::NotADate);
        }
        if k < 2 {
            if i < b.len() && matches!(b[i], b'/' | b'-' | b'.') {
                i += 1;
            } else {
                return Err(DateError::NotADate);
            }
        }
    }
    let [day, month, year] = parts;
    let year = i32::try_from(year).map_err(|_| DateError::Impossible)?;
    NaiveDate::from_ymd_opt(year, month, day)
        .map(|d| (d, i))
        .ok_or(DateError::Impossible)
}

/// Parses an ISO date `yyyy-mm-dd` (a time part after it is ignored).
pub fn parse_iso_date(s: &str) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let head = s.get(..10).ok_or(DateError::NotADate)?;
    let b = head.as_bytes();
    let shape = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    if !shape {
        return Err(DateError::NotADate);
    }
    let year = head[..4].parse().map_err(|_| DateError::NotADate)?;
    let month = head[5..7].parse().map_err(|_| DateError::NotADate)?;
    let day = head[8..10].parse().map_err(|_| DateError::NotADate)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::Impossible)
}

/// Finds the first French long date (`26 juillet 2022`, `1er janvier 2023`) in `s`;
/// returns it with the byte range it covers.
pub fn find_long_date(s: &str) -> Option<(Result<NaiveDate, DateError>, std::ops::Range<usize>)> {
    let words: Vec<(usize, &str)> = word_spans(s);
    for w in 0..words.len().saturating_sub(2) {
        let (start, day_word) = words[w];
        let day_digits = day_word.trim_end_matches("er").trim_end_matches("ER");
        if day_digits.is_empty()
            || day_digits.len() > 2
            || !day_digits.bytes().all(|b| b.is_ascii_digit())
        {
            continue;
        }
        let month_folded = fold(words[w + 1].1);
        let Some(month) = MONTHS
            .iter()
            .find(|(m, _)| month_folded == *m)
            .map(|(_, n)| *n)
        else {
            continue;
        };
        let (year_start, year_word) = words[w + 2];
        let year_digits: String = year_word.chars().take_while(char::is_ascii_digit).collect();
        if year_digits.len() != 4 {
            continue;
        }
        let end = year_start + year_digits.len();
        let day: u32 = day_digits.parse().unwrap_or(0);
        let year: i32 = year_digits.parse().unwrap_or(0);
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::Impossible);
        return Some((date, start..end));
    }
    None
}

/// Splits on spaces, keeping the byte offset of each word.
fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_space(c) || c == ',' {
            if let Some(st) = start.take() {
                out.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// Parses a time as people write it: a date (`2026-12-04`, from its start, UTC), or a date
/// and time with or without an offset (`2026-12-04T11:50:00+01:00`; without, UTC). Returns
/// it as the lexical form of an `xsd:dateTime` in UTC (`2026-12-04T10:50:00Z`).
///
/// # Errors
///
/// A text that is none of these, with what to write instead.
pub fn parse_date_time(text: &str) -> Result<String, String> {
    let text = text.trim();
    let utc = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(utc(t.with_timezone(&chrono::Utc)));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return Ok(utc(t.and_utc()));
        }
    }
    if let Ok(d) = parse_iso_date(text) {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(utc(t.and_utc()));
        }
    }
    Err(format!(
        "{text:?} is not a date or a time: write 2026-12-04, 2026-12-04T11:50:00 or 2026-12-04T11:50:00+01:00"
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_in_every_iso_form() {
        for (given, expected) in [
            ("2026-12-04", "2026-12-04T00:00:00Z"),
            ("2026-12-04T11:50:00", "2026-12-04T11:50:00Z"),
            ("2026-12-04T11:50:00+00:00", "2026-12-04T11:50:00Z"),
            ("2026-12-04T12:50:00+01:00", "2026-12-04T11:50:00Z"),
            ("2026-12-04T11:50:00Z", "2026-12-04T11:50:00Z"),
            ("2026-12-04T11:50", "2026-12-04T11:50:00Z"),
        ] {
            assert_eq!(
                super::parse_date_time(given).as_deref(),
                Ok(expected),
                "{given}"
            );
        }
        assert!(
            super::parse_date_time("yesterday")
                .unwrap_err()
                .contains("2026-12-04T11:50:00+01:00")
        );
    }

    use super::*;
    use proptest::prelude::*;

    /// Whitespace normalisation written the plain way, one character at a time.
    fn plain_ws(s: &str) -> String {
        let mut out = String::new();
        let mut pending = false;
        for c in s.chars() {
            if is_space(c) {
                pending = true;
            } else {
                if pending && !out.is_empty() {
                    out.push(' ');
                }
                pending = false;
                out.push(c);
            }
        }
        out
    }

    fn plain_paragraphs(s: &str) -> String {
        let lines: Vec<String> = s
            .split('\n')
            .map(|line| {
                plain_ws(
                    &line
                        .chars()
                        .filter(|c| !c.is_control() || *c == '\t')
                        .collect::<String>(),
                )
            })
            .filter(|line| !line.is_empty())
            .collect();
        lines.join("\n")
    }

    proptest! {
        #[test]
        fn whitespace_is_normalised_as_one_character_at_a_time(
            s in "[ a-zé\t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{202F}\u{200B}\u{FEFF}\u{1F}\u{7F}.,'-]{0,40}|\\PC{0,40}"
        ) {
            prop_assert_eq!(normalize_ws(&s), plain_ws(&s));
            prop_assert_eq!(normalize_paragraphs(&s), plain_paragraphs(&s));
        }
    }

    /// Where `needle` first occurs in `text`, found by folding the whole text first.
    fn find_in_whole_fold(text: &str, needle: &str) -> Option<usize> {
        let at = fold(text).find(needle)?;
        let mut end = 0;
        Some(
            text.chars()
                .take_while(|&c| {
                    end += fold(c.encode_utf8(&mut [0; 4])).len();
                    end <= at
                })
                .count(),
        )
    }

    proptest! {
        #[test]
        fn a_phrase_is_found_where_folding_the_whole_text_finds_it(
            text in "[a-zA-Zéœ ßÉ’\u{1F600}]{0,1600}",
            start in 0usize..1600,
            len in 0usize..12,
        ) {
            // A needle taken from the text (so it often crosses a piece's end), then one
            // that is found nowhere.
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let end = (start + len).min(chars.len());
            let needle = fold(&chars[start..end].iter().collect::<String>());
            let mut buffer = String::new();
            prop_assert_eq!(
                find_folded(&text, &needle, &mut buffer),
                find_in_whole_fold(&text, &needle)
            );
            prop_assert_eq!(find_folded(&text, "zzq", &mut buffer), find_in_whole_fold(&text, "zzq"));
            // The excerpt: the text's characters around the match, marked where cut.
            let phrase: String = chars[start..end].iter().collect();
            for (before, after) in [(0, 0), (3, 5), (60, 60), (2000, 0)] {
                let expected = find_in_whole_fold(&text, &needle).map(|at| {
                    let from = at.saturating_sub(before);
                    let to = (at + phrase.chars().count() + after).min(chars.len());
                    let mut e = if from > 0 { "…".to_owned() } else { String::new() };
                    e.extend(&chars[from..to]);
                    if to < chars.len() {
                        e.push('…');
                    }
                    e
                });
                prop_assert_eq!(
                    FoldedPhrase::new(&phrase).excerpt(&text, before, after, &mut buffer),
                    expected
                );
            }
        }
    }

    #[test]
    fn a_phrase_across_the_end_of_a_folded_piece_is_found() {
        let mut buffer = String::new();
        for lead in FOLD_PIECE - 12..FOLD_PIECE + 4 {
            for filler in ["a", "é", "œ", "\u{1F600}"] {
                let mut text = filler.repeat(lead / filler.len());
                text.push_str(" Vidéosurveillance ");
                let expected = text.chars().count() - " Vidéosurveillance ".chars().count() + 1;
                assert_eq!(
                    find_folded(&text, "videosurveillance", &mut buffer),
                    Some(expected),
                    "{lead} {filler:?}"
                );
            }
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn folded_excerpts_find_the_phrase_whatever_its_case_and_accents() {
        let text = "Mme Dupont interroge le ministre sur la Vidéosurveillance des communes.";
        let mut buffer = String::new();
        assert_eq!(
            find_folded(text, "videosurveillance", &mut buffer),
            Some(40)
        );
        assert_eq!(find_folded(text, &fold("VIDÉO"), &mut buffer), Some(40));
        assert_eq!(find_folded(text, &fold("caméra"), &mut buffer), None);
        assert_eq!(find_folded(text, "", &mut buffer), Some(0));
        // A ligature folds to two letters: positions stay those of the text.
        assert_eq!(
            find_folded("Le cœur du sujet", "sujet", &mut buffer),
            Some(11)
        );
        assert_eq!(
            find_folded("Le cœur du sujet", "coeur", &mut buffer),
            Some(3)
        );
        let mut excerpt = |phrase: &str, before, after| {
            FoldedPhrase::new(phrase).excerpt(text, before, after, &mut buffer)
        };
        assert_eq!(
            excerpt("vidéosurveillance", 10, 5).as_deref(),
            Some("…re sur la Vidéosurveillance des …")
        );
        assert_eq!(excerpt("mme", 10, 100).as_deref(), Some(text));
        assert_eq!(excerpt("communes.", 3, 0).as_deref(), Some("…es communes."));
        assert_eq!(excerpt("caméra", 10, 10), None);
    }

    #[test]
    fn fold_removes_accents_case_and_typographic_apostrophes() {
        assert_eq!(fold("Ministère de l’Intérieur"), "ministere de l'interieur");
        assert_eq!(fold("ŒUVRE Île"), "oeuvre ile");
        assert_eq!(fold("a\u{a0}b"), "a b");
    }

    proptest! {
        #[test]
        fn folding_runs_of_plain_ascii_folds_each_character(
            s in "[a-zA-Z0-9 .`\t\u{7F}éŒ’]{0,80}"
        ) {
            let mut by_char = String::new();
            for c in s.chars() {
                fold_char_into(c, &mut by_char);
            }
            prop_assert_eq!(fold(&s), by_char);
        }
    }

    #[test]
    fn folding_a_string_folds_each_of_its_characters() {
        for s in [
            "",
            "`Tab\there`",
            "ÉTÉ 2024 : la CNIL\u{2019}s `avis`\tfin",
            "Œuf, ß et æ\u{202f}; ABC`\t`xyz",
            "\u{1F600}Zèbre",
        ] {
            let mut by_char = String::new();
            for c in s.chars() {
                fold_char_into(c, &mut by_char);
            }
            assert_eq!(fold(s), by_char, "{s:?}");
        }
    }

    #[test]
    fn slug_is_ascii_and_dash_separated() {
        assert_eq!(slug("Intérieur et outre-mer"), "interieur-et-outre-mer");
        assert_eq!(slug("  \"<Sécurité>\" {x} "), "securite-x");
        assert_eq!(slug("!!!"), "sans-nom");
        assert_eq!(
            slug("Socialistes et apparentés (membre de l’intergroupe NUPES)"),
            "socialistes-et-apparentes-membre-de-l-intergroupe-nupes"
        );
    }

    #[test]
    fn whitespace_and_paragraphs_are_normalised() {
        assert_eq!(normalize_ws("  a \u{a0}\t b  "), "a b");
        assert_eq!(normalize_paragraphs(" one  \n\n  two\u{7}\n"), "one\ntwo");
    }

    #[test]
    fn numeric_dates_parse_and_reject_impossible_days() {
        assert_eq!(
            parse_numeric_date("05/12/2023 page"),
            Ok((d(2023, 12, 5), 10))
        );
        assert_eq!(parse_numeric_date("5/1/1998"), Ok((d(1998, 1, 5), 8)));
        assert_eq!(parse_numeric_date("32/13/2023"), Err(DateError::Impossible));
        assert_eq!(parse_numeric_date("29/02/2023"), Err(DateError::Impossible));
        assert_eq!(parse_numeric_date("2023/12/05"), Err(DateError::NotADate));
        assert_eq!(parse_numeric_date("abc"), Err(DateError::NotADate));
    }

    #[test]
    fn iso_dates_parse() {
        assert_eq!(parse_iso_date("2022-07-13"), Ok(d(2022, 7, 13)));
        assert_eq!(
            parse_iso_date("2022-07-13T00:00:00+02:00"),
            Ok(d(2022, 7, 13))
        );
        assert_eq!(parse_iso_date("2022-02-30"), Err(DateError::Impossible));
        assert_eq!(parse_iso_date("13/07/2022"), Err(DateError::NotADate));
    }

    #[test]
    fn long_french_dates_are_found() {
        let (date, range) = find_long_date("du 26 juillet 2022, page 3501").expect("found");
        assert_eq!(date, Ok(d(2022, 7, 26)));
        assert_eq!(range, 3..18);
        assert_eq!(
            find_long_date("le 1er janvier 2023").map(|x| x.0),
            Some(Ok(d(2023, 1, 1)))
        );
        assert_eq!(
            find_long_date("le 4 AOÛT 2015").map(|x| x.0),
            Some(Ok(d(2015, 8, 4)))
        );
        assert_eq!(
            find_long_date("le 31 février 2015").map(|x| x.0),
            Some(Err(DateError::Impossible))
        );
        assert_eq!(find_long_date("pas de date ici"), None);
    }
}
