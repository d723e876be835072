//! Cutting the questions out of a large JSON dump, fast, on the thread that reads it.
//!
//! serde_json reads the document around the dump's array (its keys, warnings and errors
//! are its own), but the array's elements are taken here: each is found by its brackets
//! and strings alone, a buffer at a time, then checked by serde_json as a slice, which is
//! many times faster than checking it byte by byte from a reader. Both read one stream, in
//! turn, through a shared buffer that counts lines and columns as serde_json does, so an
//! error is reported where reading the stream with serde_json alone would report it, with
//! the same message: an element is cut no sooner than its first syntax error (up to there
//! it is a valid beginning of JSON, whose brackets close where serde_json's value ends),
//! and the commas and white space between elements follow serde_json's rules for arrays.

use std::cell::RefCell;
use std::io::{self, BufRead, BufReader, Read};
use std::rc::Rc;

use serde::de::IgnoredAny;

use super::error::ParseErrorKind;

/// serde_json's messages for the faults between the elements of an array.
const EOF_IN_LIST: &str = "EOF while parsing a list";
const EOF_IN_VALUE: &str = "EOF while parsing a value";
const TRAILING_COMMA: &str = "trailing comma";
const COMMA_OR_END: &str = "expected `,` or `]`";
const NOT_UTF8: &str = "invalid unicode code point";
const CONTROL_CHARACTER: &str = "control character (\\u0000-\\u001F) found while parsing a string";

/// The most a question of a dump may take: far more than any real one (a few hundred
/// kilobytes at most), and a bound on what an unclosed string or bracket makes the cutter
/// hold.
pub const MAX_QUESTION: usize = 512 << 20;

/// An error found while cutting, and where, as serde_json counts (line from 1; bytes of
/// the line read, the faulty one included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutError {
    /// What is wrong: a syntax error (serde_json's message) or a question too large.
    pub kind: ParseErrorKind,
    /// Line, from 1.
    pub line: usize,
    /// Column, in bytes.
    pub column: usize,
}

impl CutError {
    fn syntax(message: impl Into<String>, line: usize, column: usize) -> Self {
        Self {
            kind: ParseErrorKind::Syntax {
                message: message.into(),
            },
            line,
            column,
        }
    }

    /// Whether serde_json's message starts so.
    fn says(&self, start: &str) -> bool {
        matches!(&self.kind, ParseErrorKind::Syntax { message } if message.starts_with(start))
    }
}

/// The stream, with the line and column of what has been consumed of it.
struct Tracked<R> {
    inner: BufReader<R>,
    line: usize,
    column: usize,
    /// Line and column of what serde_json has read, as it counts them (it does not see
    /// what the cutter takes).
    served: (usize, usize),
    /// Where serde_json and the stream were when the cutter last took bytes.
    anchor: Option<((usize, usize), (usize, usize))>,
}

impl<R: Read> Tracked<R> {
    /// Consumes the first `n` bytes of what the buffer holds, taken by the cutter.
    fn advance(&mut self, n: usize) {
        self.consume(n);
        self.anchor = Some((self.served, (self.line, self.column)));
    }

    /// Consumes the first `n` bytes of what the buffer holds, read by serde_json.
    fn serve(&mut self, n: usize) {
        self.served = after(self.served.0, self.served.1, &self.inner.buffer()[..n]);
        self.consume(n);
    }

    fn consume(&mut self, n: usize) {
        (self.line, self.column) = after(self.line, self.column, &self.inner.buffer()[..n]);
        self.inner.consume(n);
    }

    /// What the buffer holds, refilled when empty; empty at the end of the stream.
    fn fill(&mut self) -> Result<&[u8], CutError> {
        loop {
            match self.inner.fill_buf() {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(CutError::syntax(e.to_string(), self.line, self.column)),
            }
        }
        Ok(self.inner.buffer())
    }

    /// Skips white space; the next byte, not consumed, or `None` at the end.
    fn skip_whitespace(&mut self) -> Result<Option<u8>, CutError> {
        loop {
            let held = self.fill()?;
            if held.is_empty() {
                return Ok(None);
            }
            match held
                .iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
            {
                Some(i) => {
                    let next = held[i];
                    self.advance(i);
                    return Ok(Some(next));
                }
                None => {
                    let n = held.len();
                    self.advance(n);
                }
            }
        }
    }

    /// An error at the next byte (serde_json's position for a byte it peeked: that byte
    /// counted), or at the end of the stream.
    fn error_at_next(&self, message: &str, at_end: bool) -> CutError {
        CutError::syntax(message, self.line, self.column + usize::from(!at_end))
    }
}

/// Line and column after `bytes`, from `line` and `column`.
fn after(line: usize, column: usize, bytes: &[u8]) -> (usize, usize) {
    match memchr::memrchr(b'\n', bytes) {
        Some(last) => (
            line + memchr::memchr_iter(b'\n', bytes).count(),
            bytes.len() - last - 1,
        ),
        None => (line, column + bytes.len()),
    }
}

/// The stream shared by serde_json, which reads the document through [`DumpStream`] one
/// byte at a time, and the [`Cutter`], which takes the elements of its array.
pub struct DumpStream<R>(Rc<RefCell<Tracked<R>>>);

impl<R: Read> DumpStream<R> {
    /// A stream over `reader`, with the cutter that shares it.
    pub fn new(reader: R) -> (Self, Cutter<R>) {
        let tracked = Rc::new(RefCell::new(Tracked {
            inner: BufReader::with_capacity(1 << 16, reader),
            line: 1,
            column: 0,
            served: (1, 0),
            anchor: None,
        }));
        (
            Self(Rc::clone(&tracked)),
            Cutter {
                stream: tracked,
                first: true,
                pending: None,
                limit: MAX_QUESTION,
            },
        )
    }
}

impl<R: Read> Read for DumpStream<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut tracked = self.0.borrow_mut();
        let held = tracked.inner.fill_buf()?;
        let n = held.len().min(buf.len());
        buf[..n].copy_from_slice(&held[..n]);
        tracked.serve(n);
        Ok(n)
    }
}

/// Takes the elements of an array out of a [`DumpStream`].
pub struct Cutter<R> {
    stream: Rc<RefCell<Tracked<R>>>,
    first: bool,
    /// The error that follows the bare value given last (`12x`: `12`, then `x`).
    pending: Option<CutError>,
    /// The most a question may take, in bytes.
    limit: usize,
}

impl<R> Cutter<R> {
    /// The same cutter, refusing questions larger than `limit` bytes.
    #[must_use]
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }
}

/// How an element is cut.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// An object, an array or a string: up to where its brackets or quotes close.
    Enclosed,
    /// A number, literal or stray byte: up to the next white space or punctuation.
    Bare,
}

/// The elements of the arrays of a dump, whatever it is read from.
pub trait Elements {
    /// Where in the stream serde_json's `line` and `column` are: it counts only what it
    /// read itself.
    fn in_stream(&self, line: usize, column: usize) -> (usize, usize);

    /// Starts an array whose `[` has just been read.
    fn begin(&mut self);

    /// The next element of the array, checked for syntax, as text; `None` when the `]`
    /// that ends the array is next (it is left for serde_json to read).
    ///
    /// # Errors
    ///
    /// The first syntax or read error, which ends the document.
    fn next_element(&mut self) -> Result<Option<Box<str>>, CutError>;
}

impl<R: Read> Elements for Cutter<R> {
    fn in_stream(&self, line: usize, column: usize) -> (usize, usize) {
        let tracked = self.stream.borrow();
        match tracked.anchor {
            None => (line, column),
            Some(((served_line, served_column), (stream_line, stream_column))) => {
                if line == served_line {
                    (
                        stream_line,
                        stream_column + column.saturating_sub(served_column),
                    )
                } else {
                    (line + stream_line - served_line, column)
                }
            }
        }
    }

    fn begin(&mut self) {
        self.first = true;
    }

    fn next_element(&mut self) -> Result<Option<Box<str>>, CutError> {
        if let Some(error) = self.pending.take() {
            return Err(error);
        }
        let mut tracked = self.stream.borrow_mut();
        let tracked = &mut *tracked;
        let next = tracked.skip_whitespace()?;
        match next {
            None => return Err(tracked.error_at_next(EOF_IN_LIST, true)),
            Some(b']') => return Ok(None),
            Some(_) if self.first => self.first = false,
            Some(b',') => {
                tracked.advance(1);
                match tracked.skip_whitespace()? {
                    Some(b']') => return Err(tracked.error_at_next(TRAILING_COMMA, false)),
                    None => return Err(tracked.error_at_next(EOF_IN_VALUE, true)),
                    Some(_) => {}
                }
            }
            Some(_) => return Err(tracked.error_at_next(COMMA_OR_END, false)),
        }
        let (line, column) = (tracked.line, tracked.column);
        let (raw, shape) = cut(tracked, self.limit)?;
        let at = |e: &serde_json::Error, raw: &[u8]| {
            let message = strip_position(&e.to_string());
            let (l, c) = if message == CONTROL_CHARACTER {
                // Reading a slice, serde_json points before a control character in a
                // string it skips; reading a stream, after.
                past_byte(raw, e.line(), e.column())
            } else {
                (e.line(), e.column())
            };
            // The slice's position, from where it starts in the stream.
            CutError::syntax(message, line + l - 1, if l == 1 { column + c } else { c })
        };
        if let Err(e) = serde_json::from_slice::<IgnoredAny>(&raw) {
            // serde_json, reading the stream, reads the byte after a bare value before it
            // gives up on it (`-` then a space: an invalid number at the space), and
            // stops a value where the slice has more (`12x`: then `,` or `]` was expected).
            let after = match shape {
                Shape::Bare => tracked.fill()?.first().copied(),
                Shape::Enclosed => None,
            };
            let error = match after {
                Some(after) => {
                    let mut longer = raw.clone();
                    longer.push(after);
                    let longer_error = serde_json::from_slice::<IgnoredAny>(&longer).err();
                    at(longer_error.as_ref().unwrap_or(&e), &longer)
                }
                None => at(&e, &raw),
            };
            if shape == Shape::Bare && error.says("trailing characters") {
                // A value, then bytes that are no `,` or `]`: serde_json reading the
                // stream takes the value as an element and fails at the next byte. A bare
                // value holds no line end: the column is the place in the slice.
                let value = e.column().saturating_sub(1).min(raw.len());
                self.pending = Some(CutError::syntax(COMMA_OR_END, error.line, error.column));
                let text = String::from_utf8_lossy(&raw[..value]).into_owned();
                return Ok(Some(text.into_boxed_str()));
            }
            return Err(error);
        }
        String::from_utf8(raw)
            .map(String::into_boxed_str)
            .map(Some)
            .map_err(|_| CutError::syntax(NOT_UTF8, tracked.line, tracked.column))
    }
}

/// Consumes one element, from its first byte (not white space), and returns its bytes; an
/// element larger than `limit` bytes is an error, where the cutter has read to.
fn cut<R: Read>(tracked: &mut Tracked<R>, limit: usize) -> Result<(Vec<u8>, Shape), CutError> {
    let mut raw = Vec::new();
    let first = tracked.fill()?.first().copied();
    let shape = match first {
        Some(b'{' | b'[' | b'"') => Shape::Enclosed,
        _ => Shape::Bare,
    };
    let mut scan = Enclosed::default();
    loop {
        let held = tracked.fill()?;
        if held.is_empty() {
            return Ok((raw, shape));
        }
        let (taken, done) = match shape {
            Shape::Enclosed => scan.scan(held),
            Shape::Bare => scan_bare(held, raw.is_empty()),
        };
        raw.extend_from_slice(&held[..taken]);
        tracked.advance(taken);
        if raw.len() > limit {
            return Err(CutError {
                kind: ParseErrorKind::TooLarge {
                    what: "question".to_owned(),
                    limit: limit as u64,
                },
                line: tracked.line,
                column: tracked.column,
            });
        }
        if done {
            return Ok((raw, shape));
        }
    }
}

/// Where a scan of an object, array or string is, from buffer to buffer.
#[derive(Default)]
struct Enclosed {
    /// Brackets open.
    depth: usize,
    in_string: bool,
    /// Bytes of an escape still to skip in a string: its letter (1), or the four of a
    /// `\u` escape, which serde_json reads as a block whatever they are.
    escape: Escape,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Escape {
    #[default]
    None,
    Letter,
    Hex(usize),
}

impl Enclosed {
    /// How many bytes of `held` the value takes, and whether it ends there (its outer
    /// bracket or quote closed).
    fn scan(&mut self, held: &[u8]) -> (usize, bool) {
        let mut i = 0;
        while i < held.len() {
            if self.in_string {
                match self.escape {
                    Escape::Letter => {
                        self.escape = if held[i] == b'u' {
                            Escape::Hex(4)
                        } else {
                            Escape::None
                        };
                        i += 1;
                        continue;
                    }
                    Escape::Hex(n) => {
                        let skip = n.min(held.len() - i);
                        i += skip;
                        self.escape = if skip == n {
                            Escape::None
                        } else {
                            Escape::Hex(n - skip)
                        };
                        continue;
                    }
                    Escape::None => {}
                }
                match memchr::memchr2(b'"', b'\\', &held[i..]) {
                    None => return (held.len(), false),
                    Some(k) => {
                        i += k + 1;
                        if held[i - 1] == b'\\' {
                            self.escape = Escape::Letter;
                        } else {
                            self.in_string = false;
                            if self.depth == 0 {
                                return (i, true);
                            }
                        }
                    }
                }
            } else {
                let b = held[i];
                i += 1;
                match b {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return (i, true);
                        }
                    }
                    _ => {}
                }
            }
        }
        (i, false)
    }
}

/// Scans a bare value up to white space or punctuation; a value that starts with
/// punctuation (`start`) is that one byte.
fn scan_bare(held: &[u8], start: bool) -> (usize, bool) {
    let ends = |b: &u8| {
        matches!(
            b,
            b' ' | b'\n' | b'\t' | b'\r' | b',' | b':' | b'[' | b']' | b'{' | b'}' | b'"'
        )
    };
    if start && held.first().is_some_and(ends) {
        return (1, true);
    }
    match held.iter().position(ends) {
        Some(i) => (i, true),
        None => (held.len(), false),
    }
}

/// The position after the byte at `line` and `column` (as serde_json counts, the byte
/// not counted) of `raw`.
fn past_byte(raw: &[u8], line: usize, column: usize) -> (usize, usize) {
    let start = if line <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', raw)
            .nth(line - 2)
            .map_or(raw.len(), |i| i + 1)
    };
    match raw.get(start + column) {
        Some(b'\n') => (line + 1, 0),
        _ => (line, column + 1),
    }
}

/// serde_json's message without its ` at line L column C`.
pub(super) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
