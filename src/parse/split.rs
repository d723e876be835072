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

/// Room left in a part's buffer beyond its size, for the lines that complete it.
const PART_SLACK: usize = 64 << 10;

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
    // Both kinds of marker start, after white space, with `Q` or `q` (a current-design
    // title once folded): a line whose first other byte is any other ASCII byte is none,
    // which settles most lines without folding them.
    let first = line
        .bytes()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'));
    match first {
        None => false,
        Some(b) if b.is_ascii() && !matches!(b, b'Q' | b'q') => false,
        Some(_) => is_marker_unfiltered(line),
    }
}

fn is_marker_unfiltered(line: &str) -> bool {
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
        if let Ok(line) = std::str::from_utf8(raw) {
            return self.push_lines(line);
        }
        let raw = if self.first_line {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        self.first_line = false;
        self.saw_windows_1252 = true;
        let text = encoding_rs::WINDOWS_1252.decode_without_bom_handling(raw).0;
        self.push_decoded(&crate::parse::decode::normalize_newlines(&text))
    }

    /// Adds whole lines of UTF-8 at once (each ending with its `\n`, but for the last line
    /// of the file): the same as [`push_line`](Self::push_line) on each of them, since a
    /// `\r\n` never straddles two lines, but the text is checked and copied in one go.
    /// Returns a part when one is complete.
    pub fn push_lines(&mut self, lines: &str) -> Option<TextPart> {
        let mut lines = lines;
        if self.first_line {
            self.first_line = false;
            lines = lines.strip_prefix('\u{feff}').unwrap_or(lines);
        }
        self.push_decoded(&crate::parse::decode::normalize_newlines(lines))
    }

    /// Adds decoded lines, recording where each starts and which start a record.
    fn push_decoded(&mut self, decoded: &str) -> Option<TextPart> {
        let mut start = self.text.len();
        self.text.push_str(decoded);
        let bytes = self.text.as_bytes();
        // A lone `\r` made several lines of one raw line.
        while start < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
            self.line_starts.push(start);
            if is_marker(self.text[start..end].trim_end_matches('\n')) {
                self.markers.push(self.line_starts.len() - 1);
            }
            start = end;
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
        // The rest starts the next part, in a buffer sized for a whole part: growing it
        // line by line would copy it again and again.
        let mut rest =
            String::with_capacity(self.part_size.max(self.text.len() - byte) + PART_SLACK);
        rest.push_str(&self.text[byte..]);
        self.text.truncate(byte);
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

    /// The parts of `bytes` cut `part_size` bytes at a time, given to the splitter `lines`
    /// lines at a time: as one block of text when they are UTF-8 (`push_lines`, as files
    /// are read), else one by one (`push_line`); 0 gives every line to `push_line`.
    fn in_parts_by(bytes: &[u8], part_size: usize, lines: usize) -> (String, usize) {
        let mut splitter = TextSplitter::new(
            TextContext {
                file: "f.txt".into(),
                ..TextContext::default()
            },
            part_size,
        );
        let mut parts = Vec::new();
        let all: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
        for block in all.chunks(lines.max(1)) {
            let joined = block.concat();
            match std::str::from_utf8(&joined) {
                Ok(text) if lines > 0 => parts.extend(splitter.push_lines(text)),
                _ => {
                    for line in block {
                        parts.extend(splitter.push_line(line));
                    }
                }
            }
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

    fn in_parts(bytes: &[u8], part_size: usize) -> (String, usize) {
        in_parts_by(bytes, part_size, 0)
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
        let expected = whole(&crate::parse::decode::decode(text.as_bytes()).0);
        for part_size in [1, 500, 4096, 1 << 20] {
            let (got, parts) = in_parts(text.as_bytes(), part_size);
            assert_eq!(got, expected, "parts of {part_size} bytes ({parts} parts)");
            if part_size <= 4096 {
                assert!(parts > 10, "{part_size}: {parts} parts");
            }
            for lines in [1, 3, 17, 400, 100_000] {
                let (got, parts) = in_parts_by(text.as_bytes(), part_size, lines);
                assert_eq!(got, expected, "{part_size} bytes, {lines} lines at a time");
                if part_size <= 500 && lines <= 17 {
                    assert!(parts > 10, "{part_size}, {lines}: {parts} parts");
                }
            }
        }
    }

    #[test]
    fn blocks_of_lines_read_as_their_lines() {
        // A byte-order mark, carriage returns alone and before line feeds, NUL characters,
        // blank and white-space lines, markers led by white space, no final line feed.
        let text = "\u{feff}16ème législature\r\n\r\nQuestion N° : 1\tDe M. Jean Dupont (G - Paris)\tQuestion écrite\rRubrique >santé\r\n\0\n \u{a0}\n\u{b}Question écrite n°2 :\nTitre\r\n\tQUESTION N° 3\nQuestion orale n°4 : x\n\u{a0}Question au Gouvernement n°5 :";
        let expected = whole(&crate::parse::decode::decode(text.as_bytes()).0);
        for lines in [0, 1, 2, 5, 100] {
            for part_size in [1, 40, 1 << 20] {
                assert_eq!(
                    in_parts_by(text.as_bytes(), part_size, lines).0,
                    expected,
                    "{lines} lines at a time, parts of {part_size} bytes"
                );
            }
        }
    }

    #[test]
    fn the_first_byte_filter_of_markers_keeps_every_marker() {
        // Every character (up to U+3100, and the rest of white space), led by white space
        // or not, before the rest of each kind of marker.
        let leads = [
            "", " ", "\t", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{2003}", "\u{3000}",
        ];
        let rests = [
            "uestion N° : 12\tDe M. X",
            "UESTION N° 12",
            "uestion écrite n°12 :",
            "uestion orale sans débat n°3 : Titre",
            "uestion au Gouvernement n°200 :",
        ];
        let firsts = (0..0x3100u32)
            .chain([
                0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0xff31, 0xff51, 0x1d42a,
            ])
            .filter_map(char::from_u32);
        let mut markers = 0;
        for first in firsts {
            for lead in leads {
                for rest in rests {
                    let line = format!("{lead}{first}{rest}");
                    let marker = is_marker_unfiltered(&line);
                    assert_eq!(is_marker(&line), marker, "{line:?}");
                    markers += usize::from(marker);
                }
            }
        }
        assert!(markers >= 9 * 5, "{markers} markers");
        assert!(!is_marker("") && !is_marker(" \t "));
    }

    #[test]
    fn lines_in_windows_1252_are_decoded_as_the_whole_file_is() {
        let mut bytes = b"16\xe8me l\xe9gislature\n\nQuestion N\xb0 : 1\tDe M. Jean (G - Paris)\tQuestion \xe9crite\nRubrique >sant\xe9\n".to_vec();
        bytes.extend_from_slice(
            "Question N° : 2\tDe M. Jean (G - Paris)\tQuestion écrite\nRubrique >santé\n"
                .as_bytes(),
        );
        let expected = whole(&crate::parse::decode::decode(&bytes).0);
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
