//! The XML form of the Assembly's open data, read as a stream.
//!
//! The Assembly publishes every dataset in JSON and in XML. The two are the same documents:
//! element names are the JSON keys, attributes are the JSON's `@…` keys, `xsi:nil="true"`
//! is the JSON's `null` (or `{"@xsi:nil": "true"}`), an element repeated is a JSON array,
//! text beside attributes is the JSON's `#text`. So each `<question>` (or AMO `<acteur>`,
//! `<organe>`) element is turned into the JSON value it stands for ([`element_value`]) and
//! read by the same code as the JSON ([`super::json`]): the same facts, whichever form the
//! user downloaded.
//!
//! A document holds one question (root `<question>`, namespace
//! `http://schemas.assemblee-nationale.fr/referentiel`) or many under wrappers
//! (`<questions>`, the older dumps' `<questionsEcrites>`, `<questionsOralesSansDebat>`,
//! `<questionsGouvernement>`, an `<export>` around them). A dump is never held whole:
//! each question is handed out as soon as its end tag is read, so memory is bounded by one
//! question. A document cut short keeps the questions read before the cut and reports
//! where it broke.
//!
//! HTML inside `<texte>` may come escaped (`&lt;p&gt;`, or CDATA) or as elements: either way
//! the value is the HTML text, as in the JSON.

use std::io::BufRead;
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value};

use super::DocumentContext;
use super::error::{Location, ParseError, ParseErrorKind, Position, Warning};
use super::json::{self, DeferredQuestion, JsonEvent, List};
use crate::model::SourceFormat;

/// The namespace of the Assembly's open-data documents.
pub const NAMESPACE: &str = "http://schemas.assemblee-nationale.fr/referentiel";

/// Elements that hold questions without being one.
const QUESTION_WRAPPERS: &[&str] = &[
    "export",
    "questions",
    "questionsEcrites",
    "questionsOralesSansDebat",
    "questionsGouvernement",
    "questionsOrales",
];

/// Elements that hold AMO documents without being one.
const AMO_WRAPPERS: &[&str] = &["export", "acteurs", "organes", "mandats"];

/// Elements whose content is HTML: their value is always the text they hold, markup
/// included.
const HTML_ELEMENTS: &[&str] = &["texte"];

/// Whether a document whose first bytes are `head` is the open data's XML (not the legacy
/// per-question XML, whose root is `<QUESTION>`): its root element is one of the open
/// data's, or it names the open data's namespace.
#[must_use]
pub fn is_open_data_xml(head: &[u8]) -> bool {
    if let Some(root) = root_name(head) {
        let local = root.rsplit(':').next().unwrap_or(&root);
        if local == "question"
            || local == "acteur"
            || local == "organe"
            || QUESTION_WRAPPERS.contains(&local)
            || AMO_WRAPPERS.contains(&local)
        {
            return true;
        }
    }
    memchr::memmem::find(head, NAMESPACE.as_bytes()).is_some()
}

/// The name of the first element of an XML document, when its first bytes show it.
fn root_name(head: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(head);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return Some(e.name().as_ref().to_owned());
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => buf.clear(),
        }
    }
}

/// What a document turned out to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    /// Nothing yet.
    Nothing,
    /// Questions.
    Questions,
    /// AMO documents (`acteur`, `organe`), which are not questions.
    Amo(&'static str),
}

/// Reads an open-data XML document of questions; with `defer`, the questions are only
/// turned into their JSON form and handed out to be read by whoever takes them
/// ([`JsonEvent::Deferred`]), else they are read here.
pub fn read_questions<R: BufRead>(
    reader: R,
    ctx: &DocumentContext,
    defer: bool,
    sink: &mut dyn FnMut(JsonEvent),
) {
    let list: std::cell::OnceCell<Arc<List>> = std::cell::OnceCell::new();
    let mut record = 0usize;
    let mut found = Found::Nothing;
    let mut on_element = |name: &str, path: &str, index: usize, value: Value| {
        match name {
            "question" => {
                found = Found::Questions;
                record += 1;
                if defer {
                    let list = list.get_or_init(|| {
                        Arc::new(List {
                            ctx: ctx.clone(),
                            path: format!("{path}/question"),
                            format: SourceFormat::OpenDataXml,
                        })
                    });
                    sink(JsonEvent::Deferred(DeferredQuestion::from_value(
                        value,
                        Arc::clone(list),
                        index,
                        record,
                    )));
                } else {
                    let path = if path.is_empty() {
                        "/question".to_owned()
                    } else {
                        format!("{path}/question[{index}]")
                    };
                    json::read_xml_question(value, ctx, &path, record, sink);
                }
            }
            "acteur" => found = Found::Amo("acteur"),
            _ => found = Found::Amo("organe"),
        }
        Ok(())
    };
    let outcome = walk(
        reader,
        ctx,
        &Wanted {
            elements: &["question", "acteur", "organe"],
            wrappers: QUESTION_WRAPPERS,
            // AMO documents are recognised, not read.
            skip: &["acteur", "organe"],
        },
        &mut on_element,
    );
    let location = Location {
        file: ctx.file.clone(),
        member: ctx.member.clone(),
        ..Location::default()
    };
    match outcome {
        Walked::Done { warnings } => {
            for w in warnings {
                sink(JsonEvent::Warning(w));
            }
            match found {
                Found::Questions => {}
                Found::Amo(kind) => sink(JsonEvent::Warning(Warning {
                    location,
                    message: format!(
                        "open-data \"{kind}\" document, not a question: skipped (give its folder to --actors to resolve names)"
                    ),
                })),
                Found::Nothing => sink(JsonEvent::Error(ParseError::new(
                    ParseErrorKind::NotAQuestion {
                        expected: "<question> element of the open data",
                    },
                    location,
                ))),
            }
        }
        Walked::Failed { warnings, error } => {
            for w in warnings {
                sink(JsonEvent::Warning(w));
            }
            let mut error = *error;
            if record > 0 && error.location.record.is_none() {
                error.location.record = Some(record + 1);
            }
            sink(JsonEvent::Error(error));
        }
    }
}

/// Reads the AMO documents (`<acteur>`, `<organe>`) of an open-data XML document, each as
/// the JSON object it stands for, keyed by its element name (`{"acteur": {…}}`).
pub fn read_amo<R: BufRead>(
    reader: R,
    ctx: &DocumentContext,
    on_document: &mut dyn FnMut(Value),
) -> Result<(), ParseError> {
    let mut on_element = |name: &str, _: &str, _: usize, value: Value| {
        let mut map = Map::new();
        map.insert(name.to_owned(), value);
        on_document(Value::Object(map));
        Ok(())
    };
    let wanted = Wanted {
        elements: &["acteur", "organe"],
        wrappers: AMO_WRAPPERS,
        skip: &[],
    };
    match walk(reader, ctx, &wanted, &mut on_element) {
        Walked::Done { .. } => Ok(()),
        Walked::Failed { error, .. } => Err(*error),
    }
}

/// What a walk looks for.
struct Wanted<'a> {
    /// The elements handed out (turned into values, unless skipped).
    elements: &'a [&'a str],
    /// The elements that may hold them.
    wrappers: &'a [&'a str],
    /// Wanted elements that are recognised but not turned into values (`Value::Null` is
    /// handed out).
    skip: &'a [&'a str],
}

/// What a walk hands each wanted element to: its name, the path of the list it is in, its
/// index there, its value.
type OnElement<'a> = dyn FnMut(&str, &str, usize, Value) -> Result<(), ParseError> + 'a;

/// How a walk ended.
enum Walked {
    /// At the end of the document.
    Done { warnings: Vec<Warning> },
    /// At an error that ends the document.
    Failed {
        warnings: Vec<Warning>,
        error: Box<ParseError>,
    },
}

/// An element being read, turned into a value as its content comes.
#[derive(Default)]
struct Frame {
    /// Its name, without a namespace prefix.
    name: String,
    /// `xsi:nil="true"`.
    nil: bool,
    /// Its attributes (`@name`) and child elements, in document order.
    map: Map<String, Value>,
    /// Its text.
    text: String,
    /// For an HTML element: its content written back as markup, for when it holds
    /// elements rather than escaped text.
    markup: Option<String>,
    /// For an HTML element: whether it holds elements, and how deep inside them the
    /// reader is.
    html_elements: bool,
    html_depth: usize,
}

/// Elements nested deeper than this end the document (a question nests about six deep).
const MAX_DEPTH: usize = 256;

/// Walks the document, handing out each wanted element: its name, the path of the list
/// it is in (`/questions`; empty when it is the root), its index in that list (from 0),
/// its value.
fn walk<R: BufRead>(
    reader: R,
    ctx: &DocumentContext,
    wanted: &Wanted<'_>,
    on_element: &mut OnElement<'_>,
) -> Walked {
    let mut reader = Reader::from_reader(LineCounter::new(reader));
    let mut warnings = Vec::new();
    let mut buf = Vec::new();
    // The wrappers above the current element, as `/name` parts.
    let mut wrappers: Vec<String> = Vec::new();
    // The wanted element being read, and the elements open inside it.
    let mut frames: Vec<Frame> = Vec::new();
    // Depth inside an element that is passed over.
    let mut skip = 0usize;
    let mut counts: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let mut root_seen = false;
    let location_at = |reader: &Reader<LineCounter<R>>, byte: u64| {
        let (line, column) = reader.get_ref().line_column(byte);
        Location {
            file: ctx.file.clone(),
            member: ctx.member.clone(),
            position: Some(Position {
                line,
                column,
                byte: 0,
            }),
            ..Location::default()
        }
    };
    let fail = |reader: &Reader<LineCounter<R>>, warnings: Vec<Warning>, message: String| {
        let location = location_at(reader, reader.error_position());
        Walked::Failed {
            warnings,
            error: Box::new(ParseError::new(
                ParseErrorKind::Syntax { message },
                location,
            )),
        }
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(e) => return fail(&reader, warnings, format!("malformed XML: {e}")),
        };
        if skip > 0 {
            match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                Event::Eof => {
                    return fail(
                        &reader,
                        warnings,
                        "the document ends inside an element (cut short?)".into(),
                    );
                }
                _ => {}
            }
            buf.clear();
            continue;
        }
        if matches!(event, Event::Start(_) | Event::Empty(_))
            && frames.len() + wrappers.len() > MAX_DEPTH
        {
            return fail(
                &reader,
                warnings,
                format!("elements nested deeper than {MAX_DEPTH}"),
            );
        }
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) if !frames.is_empty() => {
                let Some(top) = frames.last_mut() else {
                    continue;
                };
                if let Some(markup) = top.markup.as_mut() {
                    push_start_tag(markup, &e, empty);
                    top.html_elements = true;
                    if !empty {
                        top.html_depth += 1;
                    }
                } else {
                    let frame = match open_frame(&e) {
                        Ok(frame) => frame,
                        Err(message) => return fail(&reader, warnings, message),
                    };
                    if empty {
                        let (name, value) = close_frame(frame);
                        add_child(top, name, value);
                    } else {
                        frames.push(frame);
                    }
                }
            }
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_owned();
                let first = !root_seen;
                root_seen = true;
                if wanted.elements.contains(&name.as_str()) {
                    if wanted.skip.contains(&name.as_str()) || empty {
                        let value = if wanted.skip.contains(&name.as_str()) {
                            Value::Null
                        } else {
                            match open_frame(&e) {
                                Ok(frame) => close_frame(frame).1,
                                Err(message) => return fail(&reader, warnings, message),
                            }
                        };
                        let path = wrappers.concat();
                        let index = next_index(&mut counts, &path, &name);
                        if let Err(error) = on_element(&name, &path, index, value) {
                            return Walked::Failed {
                                warnings,
                                error: Box::new(error),
                            };
                        }
                        if !empty {
                            skip = 1;
                        }
                    } else {
                        match open_frame(&e) {
                            Ok(frame) => frames.push(frame),
                            Err(message) => return fail(&reader, warnings, message),
                        }
                    }
                } else if wanted.wrappers.contains(&name.as_str()) {
                    if !empty {
                        wrappers.push(format!("/{name}"));
                    }
                } else {
                    if !first {
                        let mut location = location_at(&reader, reader.buffer_position());
                        location.path = Some(format!("{}/{name}", wrappers.concat()));
                        warnings.push(Warning {
                            location,
                            message: format!("unknown element <{name}> ignored"),
                        });
                    }
                    if !empty {
                        skip = 1;
                    }
                }
            }
            Event::End(e) => {
                if let Some(top) = frames.last_mut().filter(|f| f.html_depth > 0) {
                    if let Some(markup) = top.markup.as_mut() {
                        markup.push_str("</");
                        markup.push_str(e.name().as_ref());
                        markup.push('>');
                    }
                    top.html_depth -= 1;
                } else if let Some(frame) = frames.pop() {
                    let (name, value) = close_frame(frame);
                    if let Some(parent) = frames.last_mut() {
                        add_child(parent, name, value);
                    } else {
                        let path = wrappers.concat();
                        let index = next_index(&mut counts, &path, &name);
                        if let Err(error) = on_element(&name, &path, index, value) {
                            return Walked::Failed {
                                warnings,
                                error: Box::new(error),
                            };
                        }
                    }
                } else {
                    wrappers.pop();
                }
            }
            Event::Text(t) => {
                if let Some(top) = frames.last_mut() {
                    push_text(top, &t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = frames.last_mut() {
                    push_text(top, &t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = frames.last_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => push_text(top, c.encode_utf8(&mut [0; 4])),
                        Ok(None) => match predefined_entity(&r) {
                            Some(text) => push_text(top, text),
                            // An entity XML does not define (`&nbsp;` in HTML): kept as
                            // written, which is what the HTML it belongs to means.
                            None => {
                                let written = format!("&{};", &*r);
                                top.text.push_str(&written);
                                if let Some(markup) = top.markup.as_mut() {
                                    markup.push_str(&written);
                                }
                            }
                        },
                        Err(e) => return fail(&reader, warnings, format!("malformed XML: {e}")),
                    }
                }
            }
            Event::Eof => {
                let open = frames
                    .first()
                    .map(|f| f.name.clone())
                    .or_else(|| wrappers.last().map(|w| w[1..].to_owned()));
                if let Some(open) = open {
                    return fail(
                        &reader,
                        warnings,
                        format!("the document ends inside <{open}> (cut short?)"),
                    );
                }
                return Walked::Done { warnings };
            }
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
        }
        buf.clear();
    }
}

/// The index of the next element `name` in the list at `path`.
fn next_index(counts: &mut rustc_hash::FxHashMap<String, usize>, path: &str, name: &str) -> usize {
    let count = counts.entry(format!("{path}/{name}")).or_default();
    *count += 1;
    *count - 1
}

/// The five entities XML predefines.
fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    })
}

/// Text of an element (and of its markup, for an HTML element).
fn push_text(frame: &mut Frame, text: &str) {
    frame.text.push_str(text);
    if let Some(markup) = frame.markup.as_mut() {
        escape_into(markup, text);
    }
}

/// Writes text into markup, escaping what markup would read otherwise.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}

/// Writes a start tag back as markup (`<p class="x">`, or `<br/>` when empty).
fn push_start_tag(out: &mut String, e: &BytesStart<'_>, empty: bool) {
    out.push('<');
    out.push_str(e.name().as_ref());
    for attr in e.attributes().flatten() {
        out.push(' ');
        out.push_str(attr.key.as_ref());
        out.push_str("=\"");
        let value = &attr.value;
        out.push_str(&value.replace('"', "&quot;"));
        out.push('"');
    }
    out.push_str(if empty { "/>" } else { ">" });
}

/// An element opened: its name and attributes.
fn open_frame(e: &BytesStart<'_>) -> Result<Frame, String> {
    let name = e.local_name().as_ref().to_owned();
    let mut frame = Frame {
        markup: HTML_ELEMENTS.contains(&name.as_str()).then(String::new),
        name,
        ..Frame::default()
    };
    for attr in e.attributes() {
        let attr = attr.map_err(|e| format!("malformed XML attribute: {e}"))?;
        let key = attr.key.as_ref().to_owned();
        let value = match attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => attr.value.clone().into_owned(),
        };
        if attr.key.local_name().as_ref() == "nil" && (value == "true" || value == "1") {
            frame.nil = true;
        }
        frame.map.insert(format!("@{key}"), Value::String(value));
    }
    Ok(frame)
}

/// An element closed: its name and the JSON value it stands for.
fn close_frame(frame: Frame) -> (String, Value) {
    let Frame {
        name,
        nil,
        mut map,
        text,
        markup,
        html_elements,
        ..
    } = frame;
    if nil {
        return (name, Value::Null);
    }
    let has_children = map.keys().any(|k| !k.starts_with('@'));
    if let Some(markup) = markup {
        // HTML: escaped text (or CDATA) is the HTML itself; elements are written back.
        let html = if html_elements { markup } else { text };
        return (name, text_value(map, html));
    }
    if has_children {
        if !text.trim().is_empty() {
            map.insert("#text".into(), Value::String(text));
        }
        return (name, Value::Object(map));
    }
    (name, text_value(map, text))
}

/// A text element's value: the text, or `{"@attr": …, "#text": …}` when it has
/// attributes (namespace declarations aside).
fn text_value(mut map: Map<String, Value>, text: String) -> Value {
    map.retain(|k, _| k != "@xmlns" && !k.starts_with("@xmlns:"));
    if map.is_empty() {
        return Value::String(text);
    }
    map.insert("#text".into(), Value::String(text));
    Value::Object(map)
}

/// Adds a child's value to its parent: a second child of the same name makes an array.
fn add_child(parent: &mut Frame, name: String, value: Value) {
    match parent.map.get_mut(&name) {
        Some(Value::Array(items)) if !name.starts_with('@') => items.push(value),
        Some(existing) => {
            let first = std::mem::take(existing);
            *existing = Value::Array(vec![first, value]);
        }
        None => {
            parent.map.insert(name, value);
        }
    }
}

/// A reader that counts the lines of what it has given, to place errors.
struct LineCounter<R> {
    inner: R,
    /// Bytes given.
    consumed: u64,
    /// Line breaks in them.
    lines: usize,
    /// Where the last line given starts.
    line_start: u64,
}

impl<R: BufRead> LineCounter<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            consumed: 0,
            lines: 0,
            line_start: 0,
        }
    }

    /// Line and column (from 1) of a byte already given; a byte on an earlier line than
    /// the last is placed at the start of the last line.
    fn line_column(&self, byte: u64) -> (usize, usize) {
        let column = byte.saturating_sub(self.line_start) + 1;
        (
            self.lines + 1,
            usize::try_from(column).unwrap_or(usize::MAX),
        )
    }
}

impl<R: BufRead> std::io::Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(held) = self.inner.fill_buf() {
            let given = &held[..amount.min(held.len())];
            let mut breaks = memchr::memchr_iter(b'\n', given);
            if let Some(last) = breaks.next_back() {
                self.lines += 1 + breaks.count();
                self.line_start = self.consumed + last as u64 + 1;
            }
        }
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::corpus::{CorpusGenerator, json_value, write_open_data_xml};
    use crate::model::Question;
    use crate::parse::{DocumentOutcome, QuestionParser};

    fn ctx() -> DocumentContext {
        DocumentContext {
            file: "dump.xml".into(),
            ..DocumentContext::default()
        }
    }

    fn parse(bytes: &[u8]) -> DocumentOutcome {
        QuestionParser::new().parse_bytes(bytes, &ctx())
    }

    /// The questions read, their source format set aside.
    fn questions(outcome: DocumentOutcome) -> Vec<Question> {
        outcome
            .records
            .into_iter()
            .map(|r| {
                let mut q = r.expect("question");
                q.source.format = SourceFormat::OpenDataJson;
                q
            })
            .collect()
    }

    /// The values of the `<question>` elements of a document.
    fn values(xml: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let wanted = Wanted {
            elements: &["question"],
            wrappers: QUESTION_WRAPPERS,
            skip: &[],
        };
        let walked = walk(xml.as_bytes(), &ctx(), &wanted, &mut |_, _, _, v| {
            out.push(v);
            Ok(())
        });
        assert!(matches!(walked, Walked::Done { .. }));
        out
    }

    #[test]
    fn every_generated_question_reads_the_same_from_json_and_from_xml() {
        let mut generator = CorpusGenerator::new(21);
        let generated: Vec<Value> = (0..300)
            .map(|_| json_value(&generator.next_question()))
            .collect();
        for value in &generated {
            let json = json!({ "question": value }).to_string();
            let mut xml = String::new();
            write_open_data_xml("question", value, &mut xml);
            assert_eq!(
                detect(xml.as_bytes()),
                crate::parse::DocumentKind::OpenDataXml
            );
            let from_xml = parse(xml.as_bytes());
            assert!(from_xml.warnings.is_empty(), "{:?}", from_xml.warnings);
            assert_eq!(
                questions(from_xml),
                questions(parse(json.as_bytes())),
                "{xml}"
            );
        }
        // Whole dumps, current and older roots, read as one document.
        let json = json!({ "questions": { "question": generated } }).to_string();
        let expected = questions(parse(json.as_bytes()));
        assert_eq!(expected.len(), 300);
        for root in ["questions", "questionsEcrites"] {
            let mut xml = String::new();
            write_open_data_xml(root, &json!({ "question": generated }), &mut xml);
            assert_eq!(questions(parse(xml.as_bytes())), expected, "<{root}>");
            let older = json!({ "export": { root: { "question": generated } } }).to_string();
            assert_eq!(questions(parse(older.as_bytes())), expected, "JSON {root}");
            let mut xml = String::new();
            write_open_data_xml(
                "export",
                &json!({ root: { "question": generated } }),
                &mut xml,
            );
            assert_eq!(
                questions(parse(xml.as_bytes())),
                expected,
                "<export><{root}>"
            );
        }
    }

    fn detect(bytes: &[u8]) -> crate::parse::DocumentKind {
        crate::parse::detect(bytes)
    }

    #[test]
    fn deferred_questions_read_as_the_questions_read_at_once() {
        let mut generator = CorpusGenerator::new(8);
        let mut generated: Vec<Value> = (0..20)
            .map(|_| json_value(&generator.next_question()))
            .collect();
        // One of them broken, to compare an error and its path too.
        generated[7]["identifiant"]["numero"] = json!("sept");
        let mut xml = String::new();
        write_open_data_xml("questions", &json!({ "question": generated }), &mut xml);
        let describe = |defer: bool| {
            let mut out = Vec::new();
            read_questions(xml.as_bytes(), &ctx(), defer, &mut |event| match event {
                JsonEvent::Deferred(q) => {
                    out.extend(q.read().into_iter().map(|e| format!("{e:?}")))
                }
                other => out.push(format!("{other:?}")),
            });
            out
        };
        let at_once = describe(false);
        assert_eq!(at_once.len(), 20);
        assert!(
            at_once[7].contains("/questions/question[8]/identifiant/numero"),
            "{}",
            at_once[7]
        );
        assert_eq!(describe(true), at_once);
    }

    #[test]
    fn nil_repeats_attributes_and_text_follow_the_json_conventions() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<question xmlns="http://schemas.assemblee-nationale.fr/referentiel" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="QuestionEcrite_Type">
  <uid>QANR5L17QE12</uid>
  <teteAnalyse xsi:nil="true"/>
  <vide></vide>
  <minAttribs>
    <minAttrib><denomination><abrege>Travail</abrege></denomination></minAttrib>
    <minAttrib><denomination><abrege>Santé</abrege></denomination></minAttrib>
  </minAttribs>
  <code type="x">A &amp; B &#233;</code>
</question>"#;
        assert_eq!(
            values(xml),
            vec![json!({
                "@xmlns": "http://schemas.assemblee-nationale.fr/referentiel",
                "@xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                "@xsi:type": "QuestionEcrite_Type",
                "uid": "QANR5L17QE12",
                "teteAnalyse": null,
                "vide": "",
                "minAttribs": { "minAttrib": [
                    { "denomination": { "abrege": "Travail" } },
                    { "denomination": { "abrege": "Santé" } }
                ] },
                "code": { "@type": "x", "#text": "A & B é" }
            })]
        );
    }

    #[test]
    fn html_in_texte_escaped_in_cdata_or_as_elements_gives_the_same_html() {
        let forms = [
            "<texte>&lt;p&gt;Les &lt;b&gt;écoles&lt;/b&gt; &amp;amp; collèges&lt;/p&gt;</texte>",
            "<texte><![CDATA[<p>Les <b>écoles</b> &amp; collèges</p>]]></texte>",
            "<texte><p>Les <b>écoles</b> &amp; collèges</p></texte>",
        ];
        for form in forms {
            let xml = format!("<question>{form}</question>");
            assert_eq!(
                values(&xml),
                vec![json!({ "texte": "<p>Les <b>écoles</b> &amp; collèges</p>" })],
                "{form}"
            );
        }
    }

    #[test]
    fn a_dump_cut_short_keeps_the_questions_before_the_cut_and_says_where() {
        let mut generator = CorpusGenerator::new(5);
        let generated: Vec<Value> = (0..3)
            .map(|_| json_value(&generator.next_question()))
            .collect();
        let mut xml = String::new();
        write_open_data_xml("questions", &json!({ "question": generated }), &mut xml);
        let third = xml.rfind("<question>").expect("a question");
        // Cut inside a tag, and between elements.
        for (cut, says) in [(third + 3, "tag not closed"), (third + 10, "cut short")] {
            let outcome = parse(&xml.as_bytes()[..cut]);
            assert_eq!(outcome.records.iter().filter(|r| r.is_ok()).count(), 2);
            let last = outcome.records.last().expect("a record");
            let error = last.as_ref().expect_err("cut");
            let message = error.to_string();
            assert!(message.contains("dump.xml"), "{message}");
            assert!(message.contains(says), "{message}");
            assert_eq!(error.location.record, Some(3), "{message}");
            assert!(error.location.position.is_some(), "{message}");
        }
    }

    #[test]
    fn malformed_xml_is_placed_by_line_and_column() {
        let xml = "<questions>\n<question>\n<uid>QANR5L17QE1</uid>\n</questoin>\n</questions>";
        let outcome = parse(xml.as_bytes());
        let error = outcome.records[0].as_ref().expect_err("malformed");
        let position = error.location.position.expect("position");
        assert_eq!(position.line, 4, "{error}");
    }

    #[test]
    fn amo_documents_and_unknown_elements_are_reported() {
        let outcome = parse(b"<acteur xmlns=\"http://schemas.assemblee-nationale.fr/referentiel\"><uid>PA1</uid></acteur>");
        assert!(outcome.records.is_empty());
        assert!(outcome.warnings[0].message.contains("\"acteur\" document"));
        let mut generator = CorpusGenerator::new(6);
        let mut xml = String::new();
        write_open_data_xml(
            "question",
            &json_value(&generator.next_question()),
            &mut xml,
        );
        let body = xml.split_once("?>\n").expect("declaration").1;
        let dump = format!("<questions><notes>x</notes>{body}</questions>");
        let outcome = parse(dump.as_bytes());
        assert_eq!(outcome.records.iter().filter(|r| r.is_ok()).count(), 1);
        assert_eq!(outcome.warnings.len(), 1, "{:?}", outcome.warnings);
        assert!(outcome.warnings[0].message.contains("<notes>"));
        let outcome = parse(b"<questions></questions>");
        assert!(
            outcome.records[0]
                .as_ref()
                .is_err_and(|e| e.to_string().contains("<question>"))
        );
    }

    #[test]
    fn errors_in_a_question_name_its_xml_path_and_dates_may_be_french() {
        let xml = "<questions><question><uid>QANR5L17QE3</uid><identifiant><numero>3</numero><legislature>17</legislature></identifiant><type>QE</type>\
<textesQuestion><texteQuestion><infoJO><dateJO>05/11/2024</dateJO></infoJO><texte>a</texte></texteQuestion></textesQuestion></question>\
<question><uid>QANR5L17QE4</uid><identifiant><numero>4</numero><legislature>17</legislature></identifiant><type>QE</type>\
<textesQuestion><texteQuestion><infoJO><dateJO>31/13/2024</dateJO></infoJO></texteQuestion></textesQuestion></question></questions>";
        let outcome = parse(xml.as_bytes());
        let first = outcome.records[0].as_ref().expect("French date read");
        assert_eq!(
            first.published.map(|p| p.date.to_string()).as_deref(),
            Some("2024-11-05")
        );
        let error = outcome.records[1].as_ref().expect_err("bad date");
        assert_eq!(
            error.location.path.as_deref(),
            Some("/questions/question[2]/textesQuestion/texteQuestion/infoJO/dateJO"),
            "{error}"
        );
    }
}
