//! Cuts a large page-text file into parts that hold whole records, so that it is read
//! line by line with bounded memory and its parts are parsed in parallel.
//!
//! A part ends where a record starts, found as [`super::text::parse_text`] finds it (a
//! `Question N°` line or a current-design title, then [`lines::record_start`]), so parsing
//! the parts one after another gives exactly what parsing the whole file gives: the same
//! questions, the same errors at the same lines, the same record numbers. Lines are decoded
//! one by one as the whole-file decoder does (UTF-8, else Windows-1252; `\r\n` and `\r`
//! to `\n`; NUL dropped).

use super::lines;
use super::text::{TextContext, TextOffset};

/// A part of a text file: whole records and where they start in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    /// Decoded text of the part.
    pub text: String,
    /// Its context: file, member, and the offset of the part.
    pub context: TextContext,
}

/// Accumulates lines and hands out parts of about `part_size` bytes.
#[derive(Debug)]
pub struct TextSplitter {
    context: TextContext,
    part_size: usize,
    text: String,
    /// Start of each line in `text`.
    line_starts: Vec<usize>,
    /// Lines of `text` that start a record (marker lines).
    markers: Vec<usize>,
    first_line: bool,
    /// Whether a line was not UTF-8 (decoded as Windows-1252).
    pub saw_windows_1252: bool,
}

fn is_marker(line: &str) -> bool {
    lines::scan_classic_marker(line).is_some() || lines::scan_current_title(line).is_some()
}

impl TextSplitter {
    /// A splitter for the file described by `context` (its offset is overwritten).
    #[must_use]
    pub fn new(context: TextContext, part_size: usize) -> Self {
        Self {
            context,
            part_size: part_size.max(1),
            text: String::new(),
            line_starts: Vec::new(),
            markers: Vec::new(),
            first_line: true,
            saw_windows_1252: false,
        }
    }

    /// Bytes held now.
    #[must_use]
    pub fn held(&self) -> usize {
        self.text.len()
    }

    /// Adds one raw line (with its `\n`, if any); returns a part when one is complete.
    pub fn push_line(&mut self, raw: &[u8]) -> Option<TextPart> {
        let mut raw = raw;
        if self.first_line {
            self.first_line = false;
            raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
        }
        let decoded = match std::str::from_utf8(raw) {
            Ok(s) => crate::decode::normalize_newlines(s),
            Err(_) => {
                self.saw_windows_1252 = true;
                let text = encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0;
                std::borrow::Cow::Owned(crate::decode::normalize_newlines(&text).into_owned())
            }
        };
        // A lone `\r` made several lines of one raw line.
        for piece in decoded.split_inclusive('\n') {
            let start = self.text.len();
            self.text.push_str(piece);
            self.line_starts.push(start);
            if is_marker(piece.trim_end_matches('\n')) {
                self.markers.push(self.line_starts.len() - 1);
            }
        }
        if self.text.len() >= self.part_size {
            self.cut()
        } else {
            None
        }
    }

    fn line(&self, i: usize) -> &str {
        let end = self.line_starts.get(i + 1).map_or(self.text.len(), |e| *e);
        self.text[self.line_starts[i]..end].trim_end_matches('\n')
    }

    /// Cuts before the start of the last record, when a record precedes it.
    fn cut(&mut self) -> Option<TextPart> {
        if self.markers.len() < 2 {
            return None;
        }
        let k = self.markers.len() - 1;
        let marker = self.markers[k];
        let start = lines::record_start(marker, self.markers[k - 1] + 1, |i| self.line(i));
        let byte = self.line_starts[start];
        let rest = self.text.split_off(byte);
        let text = std::mem::replace(&mut self.text, rest);
        let mut context = self.context.clone();
        context.id_hint = None;
        let part = TextPart { text, context };
        self.context.offset = TextOffset {
            lines: self.context.offset.lines + start,
            bytes: self.context.offset.bytes + byte,
            records: self.context.offset.records + k,
        };
        self.line_starts = self.line_starts[start..].iter().map(|s| s - byte).collect();
        self.markers = vec![marker - start];
        Some(part)
    }

    /// The last part (everything held), if anything is held. A file cut in no part keeps
    /// the hints of its name, as a whole file does.
    #[must_use]
    pub fn finish(self) -> Option<TextPart> {
        if self.text.is_empty() && self.context.offset != TextOffset::default() {
            return None;
        }
        let mut context = self.context;
        if context.offset != TextOffset::default() {
            context.id_hint = None;
        }
        Some(TextPart {
            text: self.text,
            context,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::text::parse_text;

    fn whole(text: &str) -> String {
        let outcome = parse_text(
            text,
            &TextContext {
                file: "f.txt".into(),
                ..TextContext::default()
            },
        );
        format!("{:?}\n{:?}", outcome.records, outcome.warnings)
    }

    fn in_parts(bytes: &[u8], part_size: usize) -> (String, usize) {
        let mut splitter = TextSplitter::new(
            TextContext {
                file: "f.txt".into(),
                ..TextContext::default()
            },
            part_size,
        );
        let mut parts = Vec::new();
        for line in bytes.split_inclusive(|b| *b == b'\n') {
            parts.extend(splitter.push_line(line));
        }
        parts.extend(splitter.finish());
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        for p in &parts {
            let outcome = parse_text(&p.text, &p.context);
            records.extend(outcome.records);
            warnings.extend(outcome.warnings);
        }
        (format!("{records:?}\n{warnings:?}"), parts.len())
    }

    #[test]
    fn parts_read_exactly_as_the_whole_file() {
        let mut generator = crate::corpus::CorpusGenerator::new(3);
        let mut text = String::from("Notes before the first question.\n\n");
        for i in 0..60 {
            crate::corpus::write_text(&generator.next_question(), &mut text);
            if i % 7 == 0 {
                // A broken record in the middle: its error must keep its line.
                text.push_str("FICHE QUESTION\n16ème législature\n\nQuestion N° : 12\tDe M. X (Y - Z)\tQuestion écrite\nQuestion publiée au JO le : 31/02/2023\n\n");
            }
            if i % 11 == 0 {
                text.push_str("\r\nQuestion écrite n°4 :\r\nTitre\r\n\r\n");
            }
        }
        let expected = whole(&crate::decode::decode(text.as_bytes()).0);
        for part_size in [1, 500, 4096, 1 << 20] {
            let (got, parts) = in_parts(text.as_bytes(), part_size);
            assert_eq!(got, expected, "parts of {part_size} bytes ({parts} parts)");
            if part_size <= 4096 {
                assert!(parts > 10, "{part_size}: {parts} parts");
            }
        }
    }

    #[test]
    fn lines_in_windows_1252_are_decoded_as_the_whole_file_is() {
        let mut bytes = b"16\xe8me l\xe9gislature\n\nQuestion N\xb0 : 1\tDe M. Jean (G - Paris)\tQuestion \xe9crite\nRubrique >sant\xe9\n".to_vec();
        bytes.extend_from_slice(
            "Question N° : 2\tDe M. Jean (G - Paris)\tQuestion écrite\nRubrique >santé\n"
                .as_bytes(),
        );
        let expected = whole(&crate::decode::decode(&bytes).0);
        let (got, _) = in_parts(&bytes, 10);
        assert_eq!(got, expected);
    }

    #[test]
    fn a_file_with_no_record_is_one_part_with_its_hints() {
        let hint = crate::model::QuestionId {
            legislature: 16,
            kind: crate::model::QuestionKind::Written,
            number: 5,
        };
        let mut splitter = TextSplitter::new(
            TextContext {
                id_hint: Some(hint),
                ..TextContext::default()
            },
            8,
        );
        for line in ["Texte de la question\n", "Une question.\n"] {
            assert_eq!(splitter.push_line(line.as_bytes()), None);
        }
        let part = splitter.finish().expect("one part");
        assert_eq!(part.context.id_hint, Some(hint));
    }
}
