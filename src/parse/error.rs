//! Parse errors and warnings, with the position they refer to.

use std::fmt;

/// A position in an input file.
///
/// `line` counts from 1, `column` counts characters from 1 (as editors show them), `byte`
/// counts bytes from 0 in the decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Byte offset in the decoded text, from 0.
    pub byte: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Where an error or warning was found: file (and zip member), position or structured path,
/// and the question it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// File as given by the user (`-` for standard input).
    pub file: String,
    /// Member of a zip archive.
    pub member: Option<String>,
    /// Position in a text file.
    pub position: Option<Position>,
    /// JSON path (`$.questions.question[3].cloture.dateCloture`) or XML element path.
    pub path: Option<String>,
    /// The n-th question of the file, from 1.
    pub record: Option<usize>,
    /// The question's number or uid, once known.
    pub question: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.file.is_empty() {
            "<input>"
        } else {
            &self.file
        })?;
        if let Some(member) = &self.member {
            write!(f, " [{member}]")?;
        }
        if let Some(position) = &self.position {
            write!(f, ": {position}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": at {path}")?;
        }
        match (&self.question, self.record) {
            (Some(q), _) => write!(f, " (question {q})")?,
            (None, Some(r)) => write!(f, " (question #{r} of the file)")?,
            (None, None) => {}
        }
        Ok(())
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The input holds no question at all.
    NotAQuestion {
        /// What the reader looked for.
        expected: &'static str,
    },
    /// A field every question must have is missing.
    MissingField {
        /// The field, by its French label.
        field: &'static str,
    },
    /// A date that does not exist or cannot be read.
    InvalidDate {
        /// The field, by its French label.
        field: String,
        /// The value as written.
        value: String,
    },
    /// A number that cannot be read.
    InvalidNumber {
        /// The field, by its French label.
        field: String,
        /// The value as written.
        value: String,
    },
    /// Any other value that cannot be read.
    InvalidValue {
        /// The field, by its French label or JSON key.
        field: String,
        /// The value as written.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// The JSON or XML around a question is malformed.
    Syntax {
        /// The underlying parser's message.
        message: String,
    },
    /// The input is larger than the reader accepts.
    TooLarge {
        /// What was too large.
        what: String,
        /// The limit.
        limit: u64,
    },
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAQuestion { expected } => {
                write!(f, "not a parliamentary question: found no {expected}")
            }
            Self::MissingField { field } => write!(f, "missing required field \"{field}\""),
            Self::InvalidDate { field, value } => {
                write!(f, "invalid date {value:?} in \"{field}\"")
            }
            Self::InvalidNumber { field, value } => {
                write!(f, "invalid number {value:?} in \"{field}\"")
            }
            Self::InvalidValue {
                field,
                value,
                reason,
            } => write!(f, "invalid value {value:?} in \"{field}\": {reason}"),
            Self::Syntax { message } => write!(f, "syntax error: {message}"),
            Self::TooLarge { what, limit } => {
                write!(f, "{what} is larger than the limit of {limit} bytes")
            }
        }
    }
}

/// An error that stops one question (the reader goes on with the next one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Where (boxed: errors travel in `Result`s and stay small).
    pub location: Box<Location>,
}

impl ParseError {
    /// A new error.
    #[must_use]
    pub fn new(kind: ParseErrorKind, location: Location) -> Self {
        Self {
            kind,
            location: Box::new(location),
        }
    }
}

/// Something the reader noticed and handled without losing data (an unknown label kept as
/// an extra field, an unknown JSON key, a guessed encoding…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub location: Location,
    /// What.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.location, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_message_names_file_position_question_field_and_value() {
        let error = ParseError::new(
            ParseErrorKind::InvalidDate {
                field: "Question publiée au JO le".into(),
                value: "32/13/2023".into(),
            },
            Location {
                file: "q.txt".into(),
                position: Some(Position {
                    line: 42,
                    column: 31,
                    byte: 900,
                }),
                question: Some("13417".into()),
                ..Location::default()
            },
        );
        assert_eq!(
            error.to_string(),
            "q.txt: line 42, column 31 (question 13417): invalid date \"32/13/2023\" in \"Question publiée au JO le\""
        );
    }

    #[test]
    fn location_shows_zip_member_and_json_path() {
        let location = Location {
            file: "dump.zip".into(),
            member: Some("json/q1.json".into()),
            path: Some("$.question.cloture.dateCloture".into()),
            record: Some(3),
            ..Location::default()
        };
        assert_eq!(
            location.to_string(),
            "dump.zip [json/q1.json]: at $.question.cloture.dateCloture (question #3 of the file)"
        );
    }
}
