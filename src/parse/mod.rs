//! Readers: every form in which people hold questions, read into [`crate::model::Question`].
//!
//! - [`text`]: text copied from question pages (classic, 11th-legislature and current
//!   designs), several questions per file allowed;
//! - [`html`]: saved HTML pages, turned into their visible text and read as page text;
//! - [`json`]: the Assembly's open-data JSON (one question, or a whole dump read as a stream);
//! - [`opendata_xml`]: the open data's XML, the JSON's twin (read through the JSON reader);
//! - [`xml`]: the legacy per-question XML.
//!
//! Around them: [`input`] finds the documents of the inputs named by the user (files,
//! folders, zip archives, standard input) and streams each to the right reader; [`decode`]
//! turns bytes into text (UTF-8, UTF-16, Windows-1252).
//!
//! [`QuestionParser`] detects the format of a document and calls the right reader; it
//! yields one `Result` per question, so callers choose to stop at the first error or to
//! collect them all.

pub mod decode;
mod dump;
pub mod error;
pub mod fields;
pub mod html;
pub mod input;
pub mod json;
pub mod lines;
pub mod opendata_xml;
pub mod split;
pub mod text;
pub mod xml;

pub use error::{Location, ParseError, ParseErrorKind, Position, Warning};

use crate::model::{Question, QuestionId, QuestionKind, SourceFormat};
use decode::Encoding;

/// The kinds of documents the readers know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// Page text (classic or current design).
    Text,
    /// A saved HTML page.
    Html,
    /// Open-data JSON.
    Json,
    /// Legacy XML.
    Xml,
    /// The open data's XML (the JSON's twin).
    OpenDataXml,
}

/// Guesses the kind of a document from its first bytes.
#[must_use]
pub fn detect(bytes: &[u8]) -> DocumentKind {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    match head.first() {
        Some(b'{' | b'[') => DocumentKind::Json,
        Some(b'<') if opendata_xml::is_open_data_xml(head) => DocumentKind::OpenDataXml,
        Some(b'<') => {
            let lower: Vec<u8> = head.iter().take(2048).map(u8::to_ascii_lowercase).collect();
            let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
            let html_tags: [&[u8]; 10] = [
                b"<html",
                b"<!doctype html",
                b"<body",
                b"<head>",
                b"<head ",
                b"<meta ",
                b"<p>",
                b"<p ",
                b"<div",
                b"<table",
            ];
            if html_tags.iter().any(|t| has(t)) {
                DocumentKind::Html
            } else {
                DocumentKind::Xml
            }
        }
        _ => DocumentKind::Text,
    }
}

/// Reads the identity of a question from a file name, as the Assembly names its pages and
/// files: `16-13417QE.htm`, `q14_14-47351QE.xml`, `QANR5L16QE13417.json`.
#[must_use]
pub fn id_hint_from_name(name: &str) -> Option<QuestionId> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if let Some(i) = base.find("QANR5L") {
        let uid: String = base[i..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if let Some(id) = QuestionId::from_uid(&uid) {
            return Some(id);
        }
    }
    // `{leg}-{num}{QE|QOSD|QG}`
    let bytes = base.as_bytes();
    for (i, _) in base.match_indices('-') {
        let leg: String = base[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if leg.is_empty() || leg.len() > 2 {
            continue;
        }
        let before_leg = i - leg.len();
        if before_leg > 0
            && bytes[before_leg - 1].is_ascii_alphanumeric()
            && bytes[before_leg - 1] != b'q'
        {
            continue;
        }
        let rest = &base[i + 1..];
        let num: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = rest[num.len()..].to_ascii_uppercase();
        let kind = if after.starts_with("QOSD") {
            QuestionKind::Oral
        } else if after.starts_with("QE") {
            QuestionKind::Written
        } else if after.starts_with("QG") {
            QuestionKind::Government
        } else {
            continue;
        };
        if let (Ok(legislature), Ok(number)) = (leg.parse(), num.parse()) {
            return Some(QuestionId {
                legislature,
                kind,
                number,
            });
        }
    }
    None
}

/// Where a document comes from.
#[derive(Debug, Clone, Default)]
pub struct DocumentContext {
    /// File as given by the user (`-` for standard input), for messages.
    pub file: String,
    /// Member of a zip archive.
    pub member: Option<String>,
    /// What the provenance of its questions records of it.
    pub origin: Origin,
}

/// What the provenance of a document's questions records of it: never a path of the
/// machine that read it, so that converting the same inputs anywhere gives the same
/// triples.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The path relative to the input the user named (`sub/q.txt` under a folder; the
    /// file's own name when the input is the file; `-` for standard input). Empty: the
    /// last part of the file's path is recorded.
    pub path: String,
    /// SHA-256 of the document's bytes (a zip member's own bytes), lower-case hex, when
    /// known.
    pub sha256: Option<String>,
}

impl Origin {
    /// The path to record for a document read from `file`.
    #[must_use]
    pub fn recorded_path(&self, file: &str) -> String {
        if !self.path.is_empty() {
            return self.path.clone();
        }
        file.rsplit(['/', '\\']).next().unwrap_or(file).to_owned()
    }
}

impl DocumentContext {
    /// The name to read hints from: the zip member when there is one, else the file.
    fn name(&self) -> &str {
        self.member.as_deref().unwrap_or(&self.file)
    }
}

/// Everything read from one document.
#[derive(Debug, Default)]
pub struct DocumentOutcome {
    /// One entry per question (or per question that failed), in document order.
    pub records: Vec<Result<Question, ParseError>>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

/// Reads documents of any known kind into questions.
///
/// ```
/// use qe2rdf::parse::{DocumentContext, QuestionParser};
///
/// let page = "16ème législature\nQuestion N° : 1\tDe Mme Ada Martin (Groupe - Paris)\tQuestion écrite\n\
///             Ministère interrogé > Culture\tMinistère attributaire > Culture\n\
///             Rubrique >arts\nQuestion publiée au JO le : 05/07/2022\n\nTexte de la question\n\nMme Ada Martin interroge.\n";
/// let outcome = QuestionParser::new().parse_bytes(page.as_bytes(), &DocumentContext::default());
/// let question = outcome.records.into_iter().next().unwrap()?;
/// assert_eq!(question.uid(), "QANR5L16QE1");
/// assert_eq!(question.rubric.as_deref(), Some("arts"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct QuestionParser {
    kind: Option<DocumentKind>,
}

impl QuestionParser {
    /// A parser that detects the kind of each document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forces the kind of document instead of detecting it.
    pub fn with_kind(mut self, kind: DocumentKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Reads a whole document held in memory.
    pub fn parse_bytes(&self, bytes: &[u8], ctx: &DocumentContext) -> DocumentOutcome {
        let kind = self.kind.unwrap_or_else(|| detect(bytes));
        match kind {
            DocumentKind::Json => {
                let mut outcome = DocumentOutcome::default();
                json::read_json(bytes, ctx, &mut |event| collect_json(event, &mut outcome));
                outcome
            }
            DocumentKind::Xml => xml::read_xml(bytes, ctx),
            DocumentKind::OpenDataXml => {
                let mut outcome = DocumentOutcome::default();
                let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                opendata_xml::read_questions(bytes, ctx, false, &mut |event| {
                    collect_json(event, &mut outcome);
                });
                outcome
            }
            DocumentKind::Text | DocumentKind::Html => {
                let (decoded, encoding) = decode::decode(bytes);
                let mut warnings = Vec::new();
                if encoding == Encoding::Windows1252 {
                    warnings.push(Warning {
                        location: Location {
                            file: ctx.file.clone(),
                            member: ctx.member.clone(),
                            ..Location::default()
                        },
                        message: "not UTF-8: decoded as Windows-1252".to_owned(),
                    });
                }
                let is_html = kind == DocumentKind::Html || html::looks_like_html(&decoded);
                let mut text_ctx = text::TextContext {
                    file: ctx.file.clone(),
                    member: ctx.member.clone(),
                    format: None,
                    id_hint: id_hint_from_name(ctx.name()),
                    author_id_hint: None,
                    offset: text::TextOffset::default(),
                    origin: ctx.origin.clone(),
                };
                let outcome = if is_html {
                    let mut page = html::html_to_text(&decoded);
                    page.text = html::repair_link_damage(&page.text);
                    text_ctx.format = Some(SourceFormat::Html);
                    text_ctx.author_id_hint = page.author_id;
                    if text_ctx.id_hint.is_none() {
                        text_ctx.id_hint = page.question_id;
                    }
                    text::parse_text(&page.text, &text_ctx)
                } else {
                    text::parse_text(&decoded, &text_ctx)
                };
                warnings.extend(outcome.warnings);
                DocumentOutcome {
                    records: outcome.records,
                    warnings,
                }
            }
        }
    }
}

/// Adds a JSON reader's event to a document's outcome.
fn collect_json(event: json::JsonEvent, outcome: &mut DocumentOutcome) {
    match event {
        json::JsonEvent::Question(q) => outcome.records.push(Ok(*q)),
        json::JsonEvent::Error(e) => outcome.records.push(Err(e)),
        json::JsonEvent::Warning(w) => outcome.warnings.push(w),
        json::JsonEvent::Deferred(question) => {
            for e in question.read() {
                collect_json(e, outcome);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_first_bytes() {
        assert_eq!(detect(b"  {\"question\":{}}"), DocumentKind::Json);
        assert_eq!(detect(b"\xEF\xBB\xBF["), DocumentKind::Json);
        assert_eq!(
            detect(b"<?xml version=\"1.0\"?><QUESTION TYPE=\"QE\">"),
            DocumentKind::Xml
        );
        assert_eq!(detect(b"<!DOCTYPE html><html>"), DocumentKind::Html);
        assert_eq!(detect(b"<?xml version=\"1.0\"?>\n<QUESTION TYPE=\"QE\"><DEPOT><PAGE_JO>18</PAGE_JO></DEPOT>"), DocumentKind::Xml);
        assert_eq!(detect(b"<html><body align=\"center\">"), DocumentKind::Html);
        assert_eq!(
            detect(b"16\xC3\xA8me l\xC3\xA9gislature"),
            DocumentKind::Text
        );
        assert_eq!(detect(b""), DocumentKind::Text);
    }

    #[test]
    fn file_names_give_hints() {
        let id = |l, k, n| {
            Some(QuestionId {
                legislature: l,
                kind: k,
                number: n,
            })
        };
        assert_eq!(id_hint_from_name("question-16-QE-13417.txt"), None);
        assert_eq!(
            id_hint_from_name("pages/16-13417QE.htm"),
            id(16, QuestionKind::Written, 13417)
        );
        assert_eq!(
            id_hint_from_name("anpy_q14_14-47351QE.xml"),
            id(14, QuestionKind::Written, 47351)
        );
        assert_eq!(
            id_hint_from_name("pages_q15_15-44415QE.excerpt.txt"),
            id(15, QuestionKind::Written, 44415)
        );
        assert_eq!(
            id_hint_from_name("qagviewer_QANR5L16QG207.json"),
            id(16, QuestionKind::Government, 207)
        );
        assert_eq!(
            id_hint_from_name("x/QANR5L14QOSD86.html"),
            id(14, QuestionKind::Oral, 86)
        );
        assert_eq!(id_hint_from_name("notes-2024.txt"), None);
    }
}
