//! The query syntax for people, read into a [`ParsedQuery`].
//!
//! - words: every word must match (`fermeture écoles rurales`);
//! - `"an exact phrase"`, matched word for word (case and accents aside);
//! - `a OR b`: either (binds the words or phrases on each side of `OR`);
//! - `-word`, `-"phrase"`: must not match;
//! - filters: `legislature:16`, `type:QE` (`QE`, `QOSD`, `QG`), `status:answered`
//!   (`answered`, `open`, `withdrawn`, `closed`, or in French), `ministry:…`, `group:…`,
//!   `rubric:…`, `author:…` (every word of the value must match; quote a value of several
//!   words: `ministry:"transition écologique"`), `after:2023-01-01`, `before:2024-06-30`
//!   (days included; `31/12/2023` also reads).
//!
//! Nothing here panics or loops on any input: a query too long or with an unknown filter
//! is refused with a message that says what to write instead.

use chrono::NaiveDate;

use super::document::Status;
use crate::model::QuestionKind;

/// Longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 4096;
/// Most words, phrases and filters in one query.
pub const MAX_TERMS: usize = 64;

/// The filters the syntax knows, for messages.
pub const FILTERS: &str =
    "legislature:, type:, status:, ministry:, group:, rubric:, author:, after:, before:";

/// A query that cannot be read: what is wrong and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("search query: {0}")]
pub struct QueryError(pub String);

/// A word or a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A word, matched after analysis (stemming, accents…).
    Word(String),
    /// Words matched in this order, exactly (case and accents aside).
    Phrase(String),
}

/// A filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `legislature:16`.
    Legislature(u16),
    /// `type:QE`.
    Kind(QuestionKind),
    /// `status:answered`.
    Status(Status),
    /// `ministry:…`.
    Ministry(String),
    /// `group:…`.
    Group(String),
    /// `rubric:…`.
    Rubric(String),
    /// `author:…`.
    Author(String),
    /// `after:2023-01-01` (that day included).
    After(NaiveDate),
    /// `before:2024-06-30` (that day included).
    Before(NaiveDate),
}

/// A query read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// Each group must match: one of its items (one item unless `OR` joined them).
    pub must: Vec<Vec<Item>>,
    /// None of these may match.
    pub must_not: Vec<Item>,
    /// Every filter must hold.
    pub filters: Vec<Filter>,
}

impl ParsedQuery {
    /// Whether the query asks for nothing at all (no word, no phrase, no filter).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.must.is_empty() && self.must_not.is_empty() && self.filters.is_empty()
    }

    /// The words of the positive items, phrases included (for excerpts).
    #[must_use]
    pub fn positive_text(&self) -> String {
        self.must
            .iter()
            .flatten()
            .map(|item| match item {
                Item::Word(w) | Item::Phrase(w) => w.as_str(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A piece of the query as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Item { item: Item, negated: bool },
    Filter(Filter),
    Or,
}

/// Reads a query (see the module documentation).
pub fn parse(query: &str) -> Result<ParsedQuery, QueryError> {
    let length = query.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(QueryError(format!(
            "{length} characters, at most {MAX_QUERY_CHARS}: shorten it"
        )));
    }
    let pieces = pieces(query)?;
    let counted = pieces.iter().filter(|p| !matches!(p, Piece::Or)).count();
    if counted > MAX_TERMS {
        return Err(QueryError(format!(
            "{counted} words, phrases and filters, at most {MAX_TERMS}: keep the words that matter"
        )));
    }
    let mut parsed = ParsedQuery::default();
    let mut joining = false;
    for piece in pieces {
        match piece {
            Piece::Or => joining = !parsed.must.is_empty(),
            Piece::Filter(f) => {
                parsed.filters.push(f);
                joining = false;
            }
            Piece::Item {
                item,
                negated: true,
            } => {
                parsed.must_not.push(item);
                joining = false;
            }
            Piece::Item {
                item,
                negated: false,
            } => {
                match parsed.must.last_mut() {
                    Some(group) if joining => group.push(item),
                    _ => parsed.must.push(vec![item]),
                }
                joining = false;
            }
        }
    }
    Ok(parsed)
}

/// Cuts the query into words, phrases, filters and `OR`s.
fn pieces(query: &str) -> Result<Vec<Piece>, QueryError> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else {
            break;
        };
        let negated = first == '-';
        if negated {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let phrase = until_quote(&mut chars);
            if !phrase.trim().is_empty() {
                out.push(Piece::Item {
                    item: Item::Phrase(phrase),
                    negated,
                });
            }
            continue;
        }
        let mut word = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
            if c == ':' && !word.is_empty() && word.chars().all(char::is_alphabetic) {
                let value = if chars.peek() == Some(&'"') {
                    chars.next();
                    until_quote(&mut chars)
                } else {
                    let mut value = String::new();
                    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                        value.push(c);
                    }
                    value
                };
                out.push(Piece::Filter(filter(&word, &value)?));
                word.clear();
                break;
            }
            word.push(c);
        }
        if word.is_empty() {
            continue;
        }
        if word == "OR" && !negated {
            out.push(Piece::Or);
        } else if word.chars().any(char::is_alphanumeric) {
            out.push(Piece::Item {
                item: Item::Word(word),
                negated,
            });
        }
    }
    Ok(out)
}

/// The text up to the next `"` (or the end: an unclosed quote closes there).
fn until_quote(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut text = String::new();
    for c in chars.by_ref() {
        if c == '"' {
            break;
        }
        text.push(c);
    }
    text
}

/// A filter from its name and value.
fn filter(name: &str, value: &str) -> Result<Filter, QueryError> {
    let value = value.trim();
    let empty = || QueryError(format!("{name}: needs a value, as in {}", example(name)));
    if value.is_empty() {
        return Err(empty());
    }
    let date = |v: &str| {
        crate::text::parse_iso_date(v)
            .or_else(|_| crate::text::parse_numeric_date(v).map(|(d, _)| d))
            .map_err(|_| {
                QueryError(format!(
                    "{name}:{v} is not a date; write {name}:2023-01-31 (or {name}:31/01/2023)"
                ))
            })
    };
    Ok(match crate::text::fold(name).as_str() {
        "legislature" | "leg" => Filter::Legislature(value.parse().map_err(|_| {
            QueryError(format!(
                "legislature:{value} is not a legislature number; write legislature:16"
            ))
        })?),
        "type" => Filter::Kind(value.parse().map_err(|_| {
            QueryError(format!("type:{value} is not a type of question; write type:QE, type:QOSD or type:QG"))
        })?),
        "status" | "statut" => Filter::Status(Status::parse(value).ok_or_else(|| {
            QueryError(format!(
                "status:{value} is not a status; write status:answered, status:open, status:withdrawn or status:closed"
            ))
        })?),
        "ministry" | "ministere" => Filter::Ministry(value.to_owned()),
        "group" | "groupe" => Filter::Group(value.to_owned()),
        "rubric" | "rubrique" => Filter::Rubric(value.to_owned()),
        "author" | "auteur" => Filter::Author(value.to_owned()),
        "after" | "apres" | "depuis" => Filter::After(date(value)?),
        "before" | "avant" => Filter::Before(date(value)?),
        _ => {
            return Err(QueryError(format!(
                "unknown filter {name}: (filters: {FILTERS}); to search the word, write it without the colon"
            )));
        }
    })
}

fn example(name: &str) -> &'static str {
    match name {
        "legislature" => "legislature:16",
        "type" => "type:QE",
        "status" => "status:answered",
        "after" | "before" => "after:2023-01-01",
        _ => "ministry:intérieur",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: &str) -> Item {
        Item::Word(w.to_owned())
    }

    #[test]
    fn words_phrases_or_negations_and_filters() {
        let q = parse(r#"vidéosurveillance "reconnaissance faciale" CNIL OR Défenseur -drone legislature:16 type:QE status:répondue ministry:"intérieur et outre-mer" after:2023-01-01 before:31/12/2023"#)
            .expect("query");
        assert_eq!(
            q.must,
            vec![
                vec![word("vidéosurveillance")],
                vec![Item::Phrase("reconnaissance faciale".into())],
                vec![word("CNIL"), word("Défenseur")],
            ]
        );
        assert_eq!(q.must_not, vec![word("drone")]);
        assert_eq!(
            q.filters,
            vec![
                Filter::Legislature(16),
                Filter::Kind(QuestionKind::Written),
                Filter::Status(Status::Answered),
                Filter::Ministry("intérieur et outre-mer".into()),
                Filter::After(NaiveDate::from_ymd_opt(2023, 1, 1).expect("date")),
                Filter::Before(NaiveDate::from_ymd_opt(2023, 12, 31).expect("date")),
            ]
        );
    }

    #[test]
    fn hostile_queries_give_a_result_or_a_clear_error() {
        for q in [
            "\"unbalanced",
            "-",
            "- -",
            "\"\"",
            "OR",
            "OR OR a",
            "a OR",
            "(.*)+[",
            "\\d{3}",
            "a:b:c?",
            "\u{0}\u{7f}",
            "\"a OR b\" OR -c",
        ] {
            match parse(q) {
                Ok(_) => {}
                Err(QueryError(m)) => assert!(!m.is_empty(), "{q}"),
            }
        }
        assert_eq!(
            parse("\"unbalanced quote").expect("read").must,
            vec![vec![Item::Phrase("unbalanced quote".into())]]
        );
        assert!(parse("-").expect("read").is_empty());
        let long = "mot ".repeat(10_000);
        assert!(parse(&long).unwrap_err().0.contains("at most"));
        let many = (0..100)
            .map(|i| format!("m{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(parse(&many).unwrap_err().0.contains("at most 64"));
        let unknown = parse("colour:red").unwrap_err().0;
        assert!(
            unknown.contains("unknown filter colour:") && unknown.contains("legislature:"),
            "{unknown}"
        );
        assert!(
            parse("after:yesterday")
                .unwrap_err()
                .0
                .contains("not a date")
        );
        assert!(parse("status:").unwrap_err().0.contains("needs a value"));
        // A colon after something that is not a name is part of the word.
        assert_eq!(
            parse("10:30").expect("read").must,
            vec![vec![word("10:30")]]
        );
    }
}
