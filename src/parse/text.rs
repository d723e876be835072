//! Page text (classic, 11th-legislature and current designs) to questions.
//!
//! The text is first cut into records, one per question: a record starts at a classic
//! `Question N°` line (with the legislature heading just above it, if any) or at a
//! current-design title line (`Question écrite n°200 :`). Each record is then read by the
//! parser of its layout. An error in one record does not stop the others.

use chrono::NaiveDate;

use super::Origin;
use super::error::{Location, ParseError, ParseErrorKind, Position, Warning};
use super::fields::{self, AffiliationOrder, CLASSIC_LABELS, CURRENT_LABELS, Field, NameOrder};
use super::lines::{self, Section};
use crate::model::{
    Answer, Author, Closure, ClosureKind, Erratum, ErratumTarget, ExtraField, JoRef, Ministry,
    Question, QuestionId, QuestionKind, Source, SourceFormat,
};
use crate::text::{self, DateError, fold, normalize_paragraphs, normalize_ws};

/// What the caller knows besides the text: the file, the format to record, and hints taken
/// from the file name or the HTML around the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextContext {
    /// File as given by the user.
    pub file: String,
    /// Member of a zip archive.
    pub member: Option<String>,
    /// Format to record in the source; `None` lets the layout decide (classic or current).
    pub format: Option<SourceFormat>,
    /// Identity read from the file name (`16-13417QE.txt`, `QANR5L16QE13417.htm`), used when
    /// the text lacks it.
    pub id_hint: Option<QuestionId>,
    /// The author's AN id, found in the links of a saved HTML page.
    pub author_id_hint: Option<String>,
    /// Where the text starts in its file, when it is a part of it (a large file is read
    /// in parts): positions and record numbers are counted from there.
    pub offset: TextOffset,
    /// What the provenance records of the document.
    pub origin: Origin,
}

/// Where a part of a file starts: lines, bytes (of decoded text) and records before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOffset {
    /// Lines before the part.
    pub lines: usize,
    /// Bytes of decoded text before the part.
    pub bytes: usize,
    /// Records (questions) before the part.
    pub records: usize,
}

/// The result of reading one text: questions or errors, in file order, and warnings.
#[derive(Debug, Default)]
pub struct TextOutcome {
    /// One entry per record.
    pub records: Vec<Result<Question, ParseError>>,
    /// Everything noticed along the way.
    pub warnings: Vec<Warning>,
}

/// A decoded text with its line index.
pub(crate) struct Doc<'a> {
    pub(crate) text: &'a str,
    line_starts: Vec<usize>,
    offset: TextOffset,
}

impl<'a> Doc<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self::with_offset(text, TextOffset::default())
    }

    fn with_offset(text: &'a str, offset: TextOffset) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            text,
            line_starts,
            offset,
        }
    }

    fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Line `i` (0-based) without its `\n`.
    fn line(&self, i: usize) -> &'a str {
        let start = self.line_starts[i];
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |e| e - 1);
        &self.text[start..end]
    }

    fn line_start(&self, i: usize) -> usize {
        self.line_starts[i]
    }

    /// Position of a byte offset.
    pub(crate) fn position(&self, byte: usize) -> Position {
        let byte = byte.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= byte) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..byte)
            .map_or(1, |s| s.chars().count() + 1);
        Position {
            line: self.offset.lines + line + 1,
            column,
            byte: self.offset.bytes + byte,
        }
    }
}

/// The layout of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Classic,
    Current,
}

/// Reads every question of a page text.
#[must_use]
pub fn parse_text(text: &str, ctx: &TextContext) -> TextOutcome {
    let doc = Doc::with_offset(text, ctx.offset);
    let mut outcome = TextOutcome::default();
    let mut markers: Vec<(usize, Layout)> = Vec::new();
    for i in 0..doc.line_count() {
        let line = doc.line(i);
        if lines::scan_classic_marker(line).is_some() {
            markers.push((i, Layout::Classic));
        } else if lines::scan_current_title(line).is_some() {
            markers.push((i, Layout::Current));
        }
    }
    if markers.is_empty() && ctx.id_hint.is_some() {
        // A fragment of a page (no number line) is still readable when the file name says
        // which question it is: current design from `Question de :`, classic from a text
        // section.
        if let Some(i) = (0..doc.line_count()).find(|&i| is_question_de(doc.line(i))) {
            markers.push((i, Layout::Current));
        } else if let Some(i) =
            (0..doc.line_count()).find(|&i| lines::scan_section(doc.line(i)).is_some())
        {
            markers.push((i, Layout::Classic));
        }
    }
    if markers.is_empty() {
        let location = Location {
            file: ctx.file.clone(),
            member: ctx.member.clone(),
            ..Location::default()
        };
        outcome.records.push(Err(ParseError::new(
            ParseErrorKind::NotAQuestion {
                expected: "\"Question N°\" line or current-design title (\"Question écrite n°…\")",
            },
            location,
        )));
        return outcome;
    }
    // Record starts move up over the legislature heading, `FICHE QUESTION` and blank lines.
    let mut starts: Vec<usize> = Vec::with_capacity(markers.len());
    for (k, &(m, _)) in markers.iter().enumerate() {
        let floor = if k == 0 { 0 } else { markers[k - 1].0 + 1 };
        starts.push(lines::record_start(m, floor, |i| doc.line(i)));
    }
    for (k, &(marker, layout)) in markers.iter().enumerate() {
        let start = starts[k];
        let end = starts.get(k + 1).copied().unwrap_or(doc.line_count());
        let record = ctx.offset.records + k + 1;
        let mut reader = RecordReader::new(&doc, ctx, record, start, marker, end);
        let result = match layout {
            Layout::Classic => reader.read_classic(),
            Layout::Current => reader.read_current(),
        };
        outcome.warnings.append(&mut reader.warnings);
        outcome.records.push(result);
    }
    outcome
}

fn is_question_de(line: &str) -> bool {
    let folded = fold(text::head(line.trim(), 20));
    folded.starts_with("question de :") || folded == "question de"
}

/// What a record parser gathers before building the question.
#[derive(Default)]
struct Draft {
    legislature: Option<u16>,
    kind: Option<QuestionKind>,
    number: Option<u32>,
    title: Option<String>,
    author: Option<Author>,
    ministry_questioned: Option<String>,
    ministry_assigned: Option<String>,
    rubric: Option<String>,
    analysis_heading: Option<String>,
    analyses: Vec<String>,
    published: Option<JoRef>,
    answer_published: Option<JoRef>,
    attribution_changes: Vec<NaiveDate>,
    signalled: Vec<NaiveDate>,
    renewed: Vec<NaiveDate>,
    closure: Option<Closure>,
    errata: Vec<Erratum>,
    question_text: String,
    answer_text: String,
    extra: Vec<ExtraField>,
}

struct RecordReader<'d, 'a> {
    doc: &'d Doc<'a>,
    ctx: &'d TextContext,
    record: usize,
    start: usize,
    marker: usize,
    end: usize,
    draft: Draft,
    warnings: Vec<Warning>,
    /// A dated line of the key data whose date is on the next line.
    pending_date: Option<Field>,
}

impl<'d, 'a> RecordReader<'d, 'a> {
    fn new(
        doc: &'d Doc<'a>,
        ctx: &'d TextContext,
        record: usize,
        start: usize,
        marker: usize,
        end: usize,
    ) -> Self {
        Self {
            doc,
            ctx,
            record,
            start,
            marker,
            end,
            draft: Draft::default(),
            warnings: Vec::new(),
            pending_date: None,
        }
    }

    fn location(&self, byte: usize) -> Location {
        Location {
            file: self.ctx.file.clone(),
            member: self.ctx.member.clone(),
            position: Some(self.doc.position(byte)),
            path: None,
            record: Some(self.record),
            question: self.draft.number.map(|n| n.to_string()),
        }
    }

    fn error(&self, byte: usize, kind: ParseErrorKind) -> ParseError {
        ParseError::new(kind, self.location(byte))
    }

    fn warn(&mut self, byte: usize, message: String) {
        let location = self.location(byte);
        self.warnings.push(Warning { location, message });
    }

    /// Byte offset of `part` (a subslice of the document text).
    fn offset_of(&self, part: &str) -> usize {
        let base = self.doc.text.as_ptr() as usize;
        (part.as_ptr() as usize)
            .saturating_sub(base)
            .min(self.doc.text.len())
    }

    fn legislature_from_lines(&mut self, from: usize, to: usize) {
        if self.draft.legislature.is_none() {
            self.draft.legislature =
                (from..to).find_map(|i| lines::scan_legislature(self.doc.line(i)));
        }
    }

    // ----- classic layout -------------------------------------------------------------

    fn read_classic(&mut self) -> Result<Question, ParseError> {
        let doc = self.doc;
        self.legislature_from_lines(self.start, self.end);
        // The 11th-legislature layout: its heading, upper-case section labels, a `DEBAT :`
        // section, or the type written as a code on its own line.
        let fiche = (self.start..self.end).any(|i| {
            let line = doc.line(i);
            let t = line.trim();
            lines::is_fiche_heading(line)
                || line.contains("Texte de la QUESTION")
                || line.contains("Texte de la REPONSE")
                || t.starts_with("DEBAT :")
                || matches!(t, "QE" | "QOSD" | "QG")
        });
        // Header: from the `Question N°` label to the first section heading (a fragment
        // that starts at a section has no header).
        let starts_at_section = lines::scan_section(doc.line(self.marker)).is_some();
        let section_line = if starts_at_section {
            Some(self.marker)
        } else {
            (self.marker + 1..self.end).find(|&i| lines::scan_section(doc.line(i)).is_some())
        };
        let chrome_line = (self.marker + 1..self.end).find(|&i| lines::is_page_chrome(doc.line(i)));
        let header_end_line = match (section_line, chrome_line) {
            (Some(s), Some(c)) => s.min(c),
            (Some(s), None) => s,
            (None, Some(c)) => c,
            (None, None) => self.end,
        };
        let marker_line = doc.line(self.marker);
        let header_start =
            doc.line_start(self.marker) + (marker_line.len() - marker_line.trim_start().len());
        let header_end = if header_end_line < doc.line_count() {
            doc.line_start(header_end_line)
        } else {
            doc.text.len()
        };
        let header = if starts_at_section {
            ""
        } else {
            &doc.text[header_start..header_end.max(header_start)]
        };
        self.read_classic_header(header, fiche)?;
        if let Some(first) = section_line.filter(|&s| chrome_line.is_none_or(|c| s < c)) {
            self.read_classic_sections(first);
        }
        self.finish(
            if fiche {
                NameOrder::FamilyFirst
            } else {
                NameOrder::GivenFirst
            },
            Layout::Classic,
        )
    }

    fn read_classic_header(&mut self, header: &str, fiche: bool) -> Result<(), ParseError> {
        // Find every label that starts a word.
        let mut hits: Vec<(usize, usize, &'static fields::Label)> = Vec::new(); // (start, value_start, label)
        let mut prev: Option<char> = None;
        for (i, c) in header.char_indices() {
            let at_word_start = prev.is_none_or(|p| text::is_space(p) || p == ')' || p == '|');
            prev = Some(c);
            if !at_word_start || text::is_space(c) {
                continue;
            }
            if hits
                .last()
                .is_some_and(|&(_, value_start, _)| i < value_start)
            {
                continue;
            }
            if let Some((label, used)) = fields::match_label(&header[i..], CLASSIC_LABELS) {
                hits.push((i, i + used, label));
            }
        }
        if hits.first().is_none_or(|h| h.2.field != Field::Number) && self.ctx.id_hint.is_none() {
            let at = self.offset_of(header);
            return Err(self.error(
                at,
                ParseErrorKind::MissingField {
                    field: "Question N°",
                },
            ));
        }
        let mut last_dated: Option<Field> = None;
        for (k, &(_, value_start, label)) in hits.iter().enumerate() {
            let value_end = hits.get(k + 1).map_or(header.len(), |h| h.0);
            let raw = &header[value_start..value_end.max(value_start)];
            let at = self.offset_of(raw) + (raw.len() - raw.trim_start().len());
            match label.field {
                Field::Number => self.classic_number(raw, at, fiche)?,
                Field::Page => self.classic_page(raw, at, last_dated)?,
                field => {
                    let value = self.split_extra_fragments(raw, at);
                    self.classic_field(field, label.name, &value, at)?;
                    if matches!(
                        field,
                        Field::Published
                            | Field::AnswerPublished
                            | Field::QuestionErratum
                            | Field::AnswerErratum
                    ) {
                        last_dated = Some(field);
                    } else {
                        last_dated = None;
                    }
                }
            }
        }
        Ok(())
    }

    /// A value may run over several lines or tab-separated cells; fragments that look like
    /// an unknown `Label : value` are kept as extra fields (with a warning), the rest is the
    /// value.
    fn split_extra_fragments(&mut self, raw: &str, at: usize) -> String {
        let mut value_parts = Vec::new();
        for (n, fragment) in raw.split(['\n', '\t']).enumerate() {
            let trimmed = fragment.trim();
            if trimmed.is_empty() || lines::is_page_chrome(trimmed) {
                continue;
            }
            if n > 0 && !value_parts.is_empty() {
                if let Some((label, value)) = fields::split_unknown_label(trimmed) {
                    let byte = self.offset_of(fragment);
                    self.warn(
                        byte,
                        format!("unknown label {label:?} kept as an extra field"),
                    );
                    self.draft.extra.push(ExtraField { label, value });
                    continue;
                }
            }
            value_parts.push(trimmed);
        }
        let _ = at;
        normalize_ws(&value_parts.join(" "))
    }

    fn classic_number(&mut self, raw: &str, at: usize, fiche: bool) -> Result<(), ParseError> {
        let value = raw.trim_start_matches(|c: char| text::is_space(c) || c == ':');
        let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
        let Ok(number) = digits.parse::<u32>() else {
            let shown: String = value
                .split_whitespace()
                .next()
                .unwrap_or("")
                .chars()
                .take(40)
                .collect();
            return Err(self.error(
                at,
                ParseErrorKind::InvalidNumber {
                    field: "Question N°".into(),
                    value: shown,
                },
            ));
        };
        self.draft.number = Some(number);
        let rest = &value[digits.len()..];
        let rest_norm = normalize_ws(rest);
        if rest_norm.is_empty() {
            return Ok(());
        }
        // The type may stand alone (no author), or follow the author.
        if let Some(kind) = lines::scan_kind(&rest_norm) {
            self.draft.kind = Some(kind);
            return Ok(());
        }
        let names = if fiche {
            NameOrder::FamilyFirst
        } else {
            NameOrder::GivenFirst
        };
        // Without `(group - place)`, the type follows the name directly.
        let rest_norm = match kind_at_end(&rest_norm) {
            Some((kind, before)) if !before.contains('(') && !before.trim().is_empty() => {
                self.draft.kind = Some(kind);
                before.trim().to_owned()
            }
            _ => rest_norm,
        };
        match fields::parse_author(&rest_norm, AffiliationOrder::GroupThenPlace, names) {
            Some(line) => {
                self.draft.author = Some(line.author);
                let tail = line.tail.trim();
                if !tail.is_empty() {
                    match kind_at_end(tail) {
                        Some((kind, before)) => {
                            self.draft.kind = Some(kind);
                            if !before.trim().is_empty() {
                                let byte = self.offset_of(rest);
                                self.warn(byte, format!("unrecognised text {:?} after the author kept as an extra field", before.trim()));
                                self.draft.extra.push(ExtraField {
                                    label: "Auteur (suite)".into(),
                                    value: before.trim().to_owned(),
                                });
                            }
                        }
                        None => {
                            let byte = self.offset_of(rest);
                            self.warn(byte, format!("unrecognised text {tail:?} after the author kept as an extra field"));
                            self.draft.extra.push(ExtraField {
                                label: "Auteur (suite)".into(),
                                value: tail.to_owned(),
                            });
                        }
                    }
                }
            }
            None => {
                let byte = self.offset_of(rest);
                self.warn(
                    byte,
                    format!("could not read the author in {rest_norm:?}; kept as an extra field"),
                );
                self.draft.extra.push(ExtraField {
                    label: "Auteur".into(),
                    value: rest_norm,
                });
            }
        }
        Ok(())
    }

    fn classic_page(
        &mut self,
        raw: &str,
        at: usize,
        last_dated: Option<Field>,
    ) -> Result<(), ParseError> {
        let value = normalize_ws(raw);
        let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            if value.is_empty() {
                return Ok(());
            }
            return Err(self.error(
                at,
                ParseErrorKind::InvalidNumber {
                    field: "page".into(),
                    value,
                },
            ));
        }
        let page: u32 = digits.parse().map_err(|_| {
            self.error(
                at,
                ParseErrorKind::InvalidNumber {
                    field: "page".into(),
                    value: value.clone(),
                },
            )
        })?;
        let d = &mut self.draft;
        let target = match last_dated {
            Some(Field::Published) => d.published.as_mut(),
            Some(Field::AnswerPublished) => d.answer_published.as_mut(),
            Some(Field::QuestionErratum | Field::AnswerErratum) => {
                d.errata.last_mut().map(|e| &mut e.published)
            }
            _ => None,
        };
        match target {
            Some(jo) => jo.page = Some(page),
            None => self.warn(at, format!("page {page} follows no date; ignored")),
        }
        Ok(())
    }

    fn classic_field(
        &mut self,
        field: Field,
        name: &'static str,
        value: &str,
        at: usize,
    ) -> Result<(), ParseError> {
        let value = value.trim();
        let d = &mut self.draft;
        match field {
            Field::MinistryQuestioned => d.ministry_questioned = non_empty(value),
            Field::MinistryAssigned => d.ministry_assigned = non_empty(value),
            Field::Rubric => d.rubric = non_empty(value),
            Field::AnalysisHeading => d.analysis_heading = non_empty(value),
            Field::Analysis => {
                if let Some(v) = non_empty(value) {
                    d.analyses.push(v);
                }
            }
            Field::Published
            | Field::AnswerPublished
            | Field::QuestionErratum
            | Field::AnswerErratum => {
                if value.is_empty() {
                    return Ok(());
                }
                let (date, _) = self.numeric_date(value, name, at)?;
                let jo = JoRef::on(date);
                let d = &mut self.draft;
                match field {
                    Field::Published => d.published = Some(jo),
                    Field::AnswerPublished => d.answer_published = Some(jo),
                    Field::QuestionErratum => d.errata.push(Erratum {
                        target: ErratumTarget::Question,
                        published: jo,
                        text: None,
                    }),
                    _ => d.errata.push(Erratum {
                        target: ErratumTarget::Answer,
                        published: jo,
                        text: None,
                    }),
                }
            }
            Field::AttributionChanged | Field::Signalled | Field::Renewed => {
                for date in self.all_numeric_dates(value, name, at)? {
                    let d = &mut self.draft;
                    match field {
                        Field::AttributionChanged => d.attribution_changes.push(date),
                        Field::Signalled => d.signalled.push(date),
                        _ => d.renewed.push(date),
                    }
                }
            }
            Field::Withdrawn | Field::Lapsed => {
                if value.is_empty() {
                    return Ok(());
                }
                let (date, used) = self.numeric_date(value, name, at)?;
                let reason = fields::balanced_parens(&value[used..])
                    .map(|(inside, _)| normalize_ws(&value[used..][inside]).to_lowercase());
                let kind = if field == Field::Withdrawn {
                    ClosureKind::Withdrawn
                } else {
                    ClosureKind::Lapsed
                };
                self.draft.closure = Some(Closure {
                    kind,
                    date: Some(date),
                    reason: reason.filter(|r| !r.is_empty()),
                    code: None,
                    label: None,
                    published: None,
                });
            }
            Field::Number | Field::Page => {}
            Field::Author
            | Field::Kind
            | Field::ClosureDate
            | Field::SittingDate
            | Field::DatesHeading => {}
        }
        Ok(())
    }

    fn numeric_date(
        &self,
        value: &str,
        field: &str,
        at: usize,
    ) -> Result<(NaiveDate, usize), ParseError> {
        text::parse_numeric_date(value.trim()).map_err(|_| {
            let shown: String = value
                .split_whitespace()
                .next()
                .unwrap_or(value)
                .chars()
                .take(40)
                .collect();
            self.error(
                at,
                ParseErrorKind::InvalidDate {
                    field: field.to_owned(),
                    value: shown,
                },
            )
        })
    }

    fn all_numeric_dates(
        &self,
        value: &str,
        field: &str,
        at: usize,
    ) -> Result<Vec<NaiveDate>, ParseError> {
        let mut dates = Vec::new();
        for word in value.split(|c: char| text::is_space(c) || c == ',' || c == ';') {
            if word.is_empty() {
                continue;
            }
            dates.push(self.numeric_date(word, field, at)?.0);
        }
        Ok(dates)
    }

    fn read_classic_sections(&mut self, first: usize) {
        let doc = self.doc;
        let mut section: Option<Section> = None;
        for i in first..self.end {
            let line = doc.line(i);
            if lines::is_page_chrome(line) {
                break;
            }
            if let Some((s, at)) = lines::scan_section(line) {
                section = Some(s);
                let rest = &line[at..];
                self.push_text(section, rest);
                continue;
            }
            self.push_text(section, line);
        }
    }

    fn push_text(&mut self, section: Option<Section>, line: &str) {
        let line = line.trim_matches(|c: char| text::is_space(c) || c == '|');
        if line.is_empty() {
            return;
        }
        let buffer = match section {
            Some(Section::Question) => &mut self.draft.question_text,
            Some(Section::Answer) => &mut self.draft.answer_text,
            None => return,
        };
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(line);
    }

    // ----- current design ---------------------------------------------------------------

    fn read_current(&mut self) -> Result<Question, ParseError> {
        let doc = self.doc;
        self.legislature_from_lines(self.start, self.end);
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Mode {
            Head,
            QuestionText,
            AnswerText,
            KeyData,
        }
        let mut mode = Mode::Head;
        let mut i = self.marker;
        if let Some(title) = lines::scan_current_title(doc.line(i)) {
            let number_at = doc.line_start(i) + title.number_at;
            self.draft.kind = Some(title.kind);
            self.draft.number = title.number.parse().ok();
            if self.draft.number.is_none() {
                return Err(self.error(
                    number_at,
                    ParseErrorKind::InvalidNumber {
                        field: "Question n°".into(),
                        value: title.number,
                    },
                ));
            }
            if title.rest.is_empty() {
                // The title is on the next non-empty line, unless that line is something else.
                if let Some(j) = self.next_non_empty(i + 1) {
                    let next = doc.line(j);
                    if lines::scan_legislature(next).is_none()
                        && !is_publication_line(next)
                        && !is_question_de(next)
                    {
                        self.draft.title = non_empty(&normalize_ws(next));
                        i = j;
                    }
                }
            } else {
                self.draft.title = Some(title.rest);
            }
            i += 1;
        }
        let mut pending: Option<(Field, &'static str)> = None;
        while i < self.end {
            let line = doc.line(i);
            let trimmed = normalize_ws(line);
            let at = doc.line_start(i) + (line.len() - line.trim_start().len());
            i += 1;
            if trimmed.is_empty() {
                continue;
            }
            let folded = fold(&trimmed);
            if folded == "donnees cles" {
                mode = Mode::KeyData;
                pending = None;
                continue;
            }
            if lines::is_page_chrome(&trimmed) {
                if mode == Mode::Head {
                    continue;
                }
                break;
            }
            if let Some(leg) = lines::scan_legislature(&trimmed) {
                self.draft.legislature.get_or_insert(leg);
                continue;
            }
            if folded.starts_with("publication de la question au journal officiel")
                || folded.starts_with("publication de la reponse au journal officiel")
            {
                let mut joined = trimmed.clone();
                if text::find_long_date(&joined).is_none() {
                    if let Some(j) = self.next_non_empty(i) {
                        joined.push(' ');
                        joined.push_str(&normalize_ws(doc.line(j)));
                        i = j + 1;
                    }
                }
                let jo =
                    self.long_date_with_page(&joined, "Publication au Journal Officiel", at)?;
                if folded.starts_with("publication de la question") {
                    self.draft.published = jo.or(self.draft.published);
                } else {
                    self.draft.answer_published = jo.or(self.draft.answer_published);
                }
                continue;
            }
            if is_question_de(&trimmed) {
                let rest = trimmed.split_once(':').map(|x| x.1.trim()).unwrap_or("");
                let (value, value_at) = if rest.is_empty() {
                    match self.next_non_empty(i) {
                        Some(j) => {
                            i = j + 1;
                            (normalize_ws(doc.line(j)), doc.line_start(j))
                        }
                        None => (String::new(), at),
                    }
                } else {
                    (rest.to_owned(), at)
                };
                self.current_author(&value, value_at, &mut i)?;
                mode = Mode::QuestionText;
                continue;
            }
            if (folded.starts_with("reponse publiee le") || folded.starts_with("reponse en seance"))
                && mode != Mode::KeyData
                && trimmed.len() < 160
            {
                if let Some(jo) = self.long_date_with_page(&trimmed, "Réponse publiée le", at)? {
                    self.draft.answer_published.get_or_insert(jo);
                }
                mode = Mode::AnswerText;
                continue;
            }
            // Key-data labels (`Auteur :`…) also end a text section when `Données clés` was
            // not copied.
            if let Some((label, used)) = fields::match_label(&trimmed, CURRENT_LABELS) {
                let has_colon = trimmed[..used].trim_end().ends_with(':');
                let strong = !matches!(label.field, Field::DatesHeading | Field::Analysis);
                if has_colon && (mode == Mode::KeyData || strong) {
                    mode = Mode::KeyData;
                    let value = trimmed[used..].trim();
                    if label.field == Field::ClosureDate {
                        pending = Some((Field::ClosureDate, label.name));
                        if !value.is_empty() {
                            self.extend_closure(value, at)?;
                        }
                    } else if value.is_empty() {
                        pending = Some((label.field, label.name));
                    } else {
                        pending = None;
                        self.current_field(label.field, label.name, value, at)?;
                    }
                    continue;
                }
            }
            match mode {
                Mode::Head => {}
                Mode::QuestionText => push_line(&mut self.draft.question_text, &trimmed),
                Mode::AnswerText => push_line(&mut self.draft.answer_text, &trimmed),
                Mode::KeyData => {
                    if let Some((field, name)) = pending {
                        if field == Field::ClosureDate {
                            // Date then reason, on the following lines.
                            self.extend_closure(&trimmed, at)?;
                            continue;
                        }
                        if field != Field::DatesHeading {
                            pending = None;
                            self.current_field(field, name, &trimmed, at)?;
                            continue;
                        }
                    }
                    self.current_dated_line(&trimmed, at)?;
                }
            }
        }
        if self.draft.kind == Some(QuestionKind::Government)
            && self.draft.answer_text.is_empty()
            && !self.draft.question_text.is_empty()
        {
            // A question au gouvernement is asked and answered in the sitting: the page shows
            // the transcript, which the open data files as the answer.
            self.draft.answer_text = std::mem::take(&mut self.draft.question_text);
            if self.draft.answer_published.is_none() {
                self.draft.answer_published = self.draft.published.map(|p| JoRef::on(p.date));
            }
        }
        self.finish(NameOrder::GivenFirst, Layout::Current)
    }

    fn next_non_empty(&self, from: usize) -> Option<usize> {
        (from..self.end).find(|&j| !self.doc.line(j).trim().is_empty())
    }

    fn current_author(&mut self, value: &str, at: usize, i: &mut usize) -> Result<(), ParseError> {
        let Some(line) = fields::parse_author(
            value,
            AffiliationOrder::PlaceThenGroup,
            NameOrder::GivenFirst,
        ) else {
            self.warn(at, format!("could not read the author in {value:?}"));
            return Ok(());
        };
        let mut author = line.author;
        if author.group.is_none() && author.constituency.is_none() {
            // `M. Fabrice Brun` then `Ardèche (3e circonscription) - Les Républicains`.
            if let Some(j) = self.next_non_empty(*i) {
                let next = normalize_ws(self.doc.line(j));
                if let Some((place, group)) = next.split_once(" - ") {
                    if place.contains("circonscription") || place.len() < 60 {
                        author.constituency = Some(fields::parse_constituency(place));
                        author.group = non_empty(group).map(|label| crate::model::Group {
                            label,
                            ..Default::default()
                        });
                        *i = j + 1;
                    }
                }
            }
        }
        self.draft.author = Some(author);
        // `…), posée en séance, et publiée le 26 octobre 2022`
        if !line.tail.is_empty() {
            if let Some(jo) = self.long_date_with_page(&line.tail, "Question de", at)? {
                self.draft.published.get_or_insert(jo);
            }
        }
        Ok(())
    }

    fn current_field(
        &mut self,
        field: Field,
        name: &'static str,
        value: &str,
        at: usize,
    ) -> Result<(), ParseError> {
        let value = normalize_ws(value);
        match field {
            Field::Author if self.draft.author.is_none() => {
                let mut ignored = self.end;
                self.current_author(&value, at, &mut ignored)?;
            }
            Field::Author => {}
            Field::Kind => match lines::scan_kind(&value) {
                Some(kind) => {
                    self.draft.kind.get_or_insert(kind);
                }
                None => self.warn(at, format!("unknown question type {value:?} in \"{name}\"")),
            },
            Field::MinistryQuestioned => self.draft.ministry_questioned = non_empty(&value),
            Field::MinistryAssigned => self.draft.ministry_assigned = non_empty(&value),
            Field::Rubric => self.draft.rubric = non_empty(&value),
            Field::AnalysisHeading => self.draft.analysis_heading = non_empty(&value),
            Field::Analysis => {
                if let Some(v) = non_empty(&value) {
                    self.draft.analyses.push(v);
                }
            }
            Field::SittingDate => match self.long_date_with_page(&value, name, at)? {
                Some(jo) => {
                    self.draft.published.get_or_insert(jo);
                }
                None => self.pending_date = Some(Field::SittingDate),
            },
            Field::DatesHeading => self.current_dated_line(&value, at)?,
            _ => {}
        }
        Ok(())
    }

    /// `Question publiée le 26 juillet 2022`, `Réponse publiée le …`, `Question signalée le …`,
    /// `Question renouvelée le …`; anything else is kept as an extra field.
    fn current_dated_line(&mut self, line: &str, at: usize) -> Result<(), ParseError> {
        let folded = fold(line);
        // The date of a previous `Question publiée le` whose date was on its own line.
        if let Some(field) = self.pending_date.take() {
            if let Some(jo) = self.long_date_with_page(line, "date", at)? {
                if folded.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    self.apply_date(field, jo);
                    return Ok(());
                }
            }
        }
        let kinds: [(&str, Field); 6] = [
            ("question publiee le", Field::Published),
            ("reponse publiee le", Field::AnswerPublished),
            ("question signalee le", Field::Signalled),
            ("question renouvelee le", Field::Renewed),
            ("changement d'attribution le", Field::AttributionChanged),
            ("la question a ete posee", Field::SittingDate),
        ];
        for (prefix, field) in kinds {
            if !folded.starts_with(prefix) {
                continue;
            }
            match self.long_date_with_page(line, prefix, at)? {
                Some(jo) => self.apply_date(field, jo),
                None => self.pending_date = Some(field),
            }
            return Ok(());
        }
        if let Some((label, value)) = fields::split_unknown_label(line) {
            self.warn(
                at,
                format!("unknown label {label:?} kept as an extra field"),
            );
            self.draft.extra.push(ExtraField { label, value });
        } else {
            self.warn(
                at,
                format!("unrecognised line {line:?} in the key data kept as an extra field"),
            );
            self.draft.extra.push(ExtraField {
                label: "Données clés".into(),
                value: line.to_owned(),
            });
        }
        Ok(())
    }

    fn apply_date(&mut self, field: Field, jo: JoRef) {
        let d = &mut self.draft;
        match field {
            Field::Published | Field::SittingDate => {
                d.published.get_or_insert(jo);
            }
            Field::AnswerPublished => {
                d.answer_published.get_or_insert(jo);
            }
            Field::Signalled => d.signalled.push(jo.date),
            Field::Renewed => d.renewed.push(jo.date),
            _ => d.attribution_changes.push(jo.date),
        }
    }

    /// Lines after `Date de clôture :`: a date, then the reason (`Fin de mandat`).
    fn extend_closure(&mut self, line: &str, at: usize) -> Result<(), ParseError> {
        let closure = self.draft.closure.get_or_insert(Closure {
            kind: ClosureKind::Other,
            date: None,
            reason: None,
            code: None,
            label: None,
            published: None,
        });
        if closure.date.is_none() {
            if let Some((date, range)) = text::find_long_date(line) {
                let date = date.map_err(|_| {
                    ParseError::new(
                        ParseErrorKind::InvalidDate {
                            field: "Date de clôture".into(),
                            value: line[range.clone()].to_owned(),
                        },
                        Location {
                            file: self.ctx.file.clone(),
                            member: self.ctx.member.clone(),
                            position: Some(self.doc.position(at)),
                            path: None,
                            record: Some(self.record),
                            question: self.draft.number.map(|n| n.to_string()),
                        },
                    )
                })?;
                closure.date = Some(date);
                let rest = line[range.end..].trim();
                if !rest.is_empty() {
                    set_closure_reason(closure, rest);
                }
                return Ok(());
            }
            if let Ok((date, used)) = text::parse_numeric_date(line) {
                closure.date = Some(date);
                let rest = line[used..].trim();
                if !rest.is_empty() {
                    set_closure_reason(closure, rest);
                }
                return Ok(());
            }
        }
        set_closure_reason(closure, line);
        Ok(())
    }

    /// Reads the first French long date of `s` and a following `page N`.
    fn long_date_with_page(
        &self,
        s: &str,
        field: &str,
        at: usize,
    ) -> Result<Option<JoRef>, ParseError> {
        let Some((date, range)) = text::find_long_date(s) else {
            return Ok(None);
        };
        let date = date.map_err(|e| {
            let _ = matches!(e, DateError::Impossible);
            self.error(
                at,
                ParseErrorKind::InvalidDate {
                    field: field.to_owned(),
                    value: s[range.clone()].to_owned(),
                },
            )
        })?;
        let after = fold(&s[range.end..]);
        let page = after
            .trim_start_matches([',', ' '])
            .strip_prefix("page")
            .map(|p| p.trim_start_matches([' ', ':']))
            .and_then(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .ok()
            });
        Ok(Some(JoRef { date, page }))
    }

    // ----- common -------------------------------------------------------------------------

    fn finish(&mut self, names: NameOrder, layout: Layout) -> Result<Question, ParseError> {
        let marker_at = self.doc.line_start(self.marker);
        let hint = self.ctx.id_hint;
        let d = &mut self.draft;
        let number = d.number.or(hint.map(|h| h.number));
        let kind = d.kind.or(hint.map(|h| h.kind));
        let legislature = d.legislature.or(hint.map(|h| h.legislature));
        let (Some(number), Some(kind), Some(legislature)) = (number, kind, legislature) else {
            let field = if number.is_none() {
                "Question N°"
            } else if legislature.is_none() {
                "législature"
            } else {
                "type de question"
            };
            return Err(self.error(marker_at, ParseErrorKind::MissingField { field }));
        };
        let mut used_hint = Vec::new();
        if d.number.is_none() {
            used_hint.push("number");
        }
        if d.kind.is_none() {
            used_hint.push("type");
        }
        if d.legislature.is_none() {
            used_hint.push("legislature");
        }
        let id = QuestionId {
            legislature,
            kind,
            number,
        };
        if let Some(h) = hint.filter(|h| *h != id && used_hint.is_empty()) {
            let message =
                format!("the file name says question {h}, the text says {id}; the text wins");
            self.warn(marker_at, message);
        }
        if !used_hint.is_empty() {
            let message = format!("{} taken from the file name", used_hint.join(", "));
            self.warn(marker_at, message);
        }
        let d = std::mem::take(&mut self.draft);
        let format = self.ctx.format.unwrap_or(match layout {
            Layout::Classic => SourceFormat::ClassicText,
            Layout::Current => SourceFormat::CurrentText,
        });
        let source = Source {
            format,
            path: self.ctx.origin.recorded_path(&self.ctx.file),
            member: self.ctx.member.clone(),
            line: self.doc.position(self.doc.line_start(self.start)).line,
            sha256: self.ctx.origin.sha256.clone(),
        };
        let mut q = Question::new(id, source);
        q.title = d.title;
        q.author = d.author;
        if let Some(author) = q.author.as_mut() {
            if author.id.is_none() {
                author.id.clone_from(&self.ctx.author_id_hint);
            }
            let _ = names;
        }
        q.ministry_questioned = d.ministry_questioned.map(Ministry::labelled);
        q.ministry_assigned = d.ministry_assigned.map(Ministry::labelled);
        q.rubric = d.rubric;
        q.analysis_heading = d.analysis_heading;
        q.analyses = d.analyses;
        q.published = d.published;
        q.attribution_changes = d.attribution_changes;
        q.signalled = d.signalled;
        q.renewed = d.renewed;
        q.closure = d.closure;
        q.errata = d.errata;
        q.extra = d.extra;
        let question_text = normalize_paragraphs(&d.question_text);
        q.text = non_empty(&question_text);
        let answer_text = normalize_paragraphs(&d.answer_text);
        if d.answer_published.is_some() || !answer_text.is_empty() {
            q.answer = Some(Answer {
                published: d.answer_published,
                text: non_empty(&answer_text),
                mentions: Vec::new(),
            });
        }
        if q.author.is_none() {
            self.warn(marker_at, format!("question {id} has no author"));
        }
        q.complete();
        Ok(q)
    }
}

fn push_line(buffer: &mut String, line: &str) {
    if !buffer.is_empty() {
        buffer.push('\n');
    }
    buffer.push_str(line);
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn is_publication_line(line: &str) -> bool {
    fold(line.trim()).starts_with("publication de la")
}

/// Finds a question type at the end of `s`; returns it and what comes before.
fn kind_at_end(s: &str) -> Option<(QuestionKind, &str)> {
    let s = s.trim_end();
    for label in [
        "Question orale sans débat",
        "Question au gouvernement",
        "Question au Gouvernement",
        "Question écrite",
        "Question orale",
        "QOSD",
        "QE",
        "QG",
    ] {
        if let Some(before) = s.strip_suffix(label) {
            let boundary =
                before.is_empty() || before.ends_with(char::is_whitespace) || before.ends_with(')');
            if boundary {
                return lines::scan_kind(label).map(|k| (k, before));
            }
        }
    }
    None
}

fn set_closure_reason(closure: &mut Closure, reason: &str) {
    let reason = normalize_ws(reason).to_lowercase();
    if reason.is_empty() {
        return;
    }
    closure.kind = match closure.kind {
        ClosureKind::Other => {
            let folded = fold(&reason);
            if folded.contains("reponse") {
                ClosureKind::AnswerPublished
            } else if folded.contains("caduc") {
                ClosureKind::Lapsed
            } else {
                ClosureKind::Withdrawn
            }
        }
        k => k,
    };
    if closure.kind != ClosureKind::AnswerPublished {
        closure.reason = Some(reason);
    }
}
