//! The Assembly's open-data JSON, read as a stream.
//!
//! A file holds one `{"question": {…}}`, or a whole dump `{"questions": {"question": [ … ]}}`
//! (also a bare array of either). The dump is never held in memory: the array is walked
//! element by element and each question is handed to the caller before the next one is
//! read, so memory is bounded by one question. Every field of the schema is read; objects
//! that may be arrays (`minAttrib`, `texteQuestion`, `texteReponse`, `renouvellement`,
//! `analyse`) are accepted in both shapes; `null` is accepted anywhere; unknown keys give a
//! warning naming their JSON path. A large dump's questions can also be cut out of the
//! stream and read later, on other threads ([`read_json_deferred_from`]).

use std::fmt;
use std::io::Read;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::dump::{DumpStream, Elements, strip_position};
use super::error::{Location, ParseError, ParseErrorKind, Warning};
use super::{DocumentContext, Origin};
use crate::model::{
    Answer, Attribution, Author, Closure, ClosureKind, Erratum, ErratumTarget, Group, JoRef,
    Ministry, Question, QuestionId, QuestionKind, Source, SourceFormat,
};
use crate::text::fold;

/// What the reader hands to the caller, in document order.
#[derive(Debug)]
pub enum JsonEvent {
    /// A question read without error.
    Question(Box<Question>),
    /// A question that could not be read (the others go on), or a syntax error that ends
    /// the document.
    Error(ParseError),
    /// Something noticed and handled.
    Warning(Warning),
    /// A question of a dump checked for syntax but not read yet (see
    /// [`read_json_deferred_from`]): [`DeferredQuestion::read`] gives its events.
    Deferred(DeferredQuestion),
}

/// A question of a dump, cut out of the stream, to be read later, possibly on another
/// thread.
#[derive(Debug)]
pub struct DeferredQuestion {
    raw: Deferred,
    /// The document and the path of the list, shared by its questions.
    list: Arc<List>,
    index: usize,
    record: usize,
}

/// What a deferred question holds.
#[derive(Debug)]
enum Deferred {
    /// The JSON text of a question of a JSON dump.
    Json(Box<str>),
    /// A question of an XML dump, already turned into the JSON it stands for.
    Value(Box<Value>),
}

/// The list a dump's questions come from.
#[derive(Debug)]
pub(crate) struct List {
    /// The document.
    pub(crate) ctx: DocumentContext,
    /// The path of the list in the document.
    pub(crate) path: String,
    /// The form of the document.
    pub(crate) format: SourceFormat,
}

impl DeferredQuestion {
    /// A question of an XML dump, turned into its JSON form: the `index`-th of `list`,
    /// the `record`-th of the document.
    pub(crate) fn from_value(value: Value, list: Arc<List>, index: usize, record: usize) -> Self {
        Self {
            raw: Deferred::Value(Box::new(value)),
            list,
            index,
            record,
        }
    }
}

impl DeferredQuestion {
    /// Reads the question: its warnings, then the question or why it could not be read —
    /// the events [`read_json_from`] would have given in its place.
    #[must_use]
    pub fn read(self) -> Vec<JsonEvent> {
        let List { ctx, path, format } = &*self.list;
        let mut events = Vec::new();
        let mut sink = |event| events.push(event);
        let mut state = Walker {
            record: self.record - 1,
            found: true,
            format: *format,
            ..Walker::new(ctx, &mut sink, None)
        };
        let path = format!("{path}[{}]", self.index);
        match self.raw {
            Deferred::Value(value) => state.unwrap_and_emit(*value, &path),
            // Its syntax was checked when it was cut out; building the tree can still fail
            // on nesting deeper than the parser's limit, which then ends this question only.
            Deferred::Json(raw) => match serde_json::from_str::<Value>(&raw) {
                Ok(value) => state.unwrap_and_emit(value, &path),
                Err(e) => (state.sink)(JsonEvent::Error(syntax_error(
                    ctx,
                    &e.to_string(),
                    None,
                    Some(self.record),
                ))),
            },
        }
        events
    }
}

/// Reads one question of the open data's XML, once turned into the JSON it stands for:
/// the events [`read_json_from`] would give for the same question in JSON, paths written
/// as XML paths (`/question/auteur/groupe`; `path` is the question's, its list's indexes
/// counted from 0 as in JSON). `record` is its rank in the document.
pub(crate) fn read_xml_question(
    value: Value,
    ctx: &DocumentContext,
    path: &str,
    record: usize,
    sink: &mut dyn FnMut(JsonEvent),
) {
    let mut state = Walker {
        record: record - 1,
        found: true,
        format: SourceFormat::OpenDataXml,
        ..Walker::new(ctx, sink, None)
    };
    state.question(value, path);
}

/// A path of the reader written as an XML path: `/a/b[0].c` → `/a/b[1]/c`.
fn xml_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open].replace('.', "/"));
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let inside = &rest[open + 1..open + close];
        match inside.parse::<usize>() {
            Ok(n) => out.push_str(&format!("[{}]", n + 1)),
            Err(_) => out.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&rest.replace('.', "/"));
    out
}

/// Reads a JSON document from any reader, calling `sink` for each event.
pub fn read_json_from<R: Read>(reader: R, ctx: &DocumentContext, sink: &mut dyn FnMut(JsonEvent)) {
    read_json_stream(reader, ctx, None, sink);
}

/// Like [`read_json_from`], but the questions of a dump's array are only checked for
/// syntax and cut out ([`JsonEvent::Deferred`]): the caller reads them, on other threads if
/// it likes. Syntax errors end the document here too, though a broken question may show
/// another of its faults first (a missing `:` before invalid UTF-8 in a string).
pub fn read_json_deferred_from<R: Read>(
    reader: R,
    ctx: &DocumentContext,
    sink: &mut dyn FnMut(JsonEvent),
) {
    read_json_stream(reader, ctx, Some(super::dump::MAX_QUESTION), sink);
}

/// Reads a JSON document; with `cut`, the questions of its arrays are cut out (none larger
/// than that many bytes) rather than read.
fn read_json_stream<R: Read>(
    reader: R,
    ctx: &DocumentContext,
    cut: Option<usize>,
    sink: &mut dyn FnMut(JsonEvent),
) {
    if let Some(limit) = cut {
        // serde_json reads the document around the arrays; the cutter takes their
        // elements and counts where the stream is, for both.
        let (stream, cutter) = DumpStream::new(reader);
        let mut cutter = cutter.with_limit(limit);
        let mut state = Walker::new(ctx, sink, Some(&mut cutter));
        let result = walk(&mut state, serde_json::Deserializer::from_reader(stream));
        let failure = result.err().map(|e| {
            let (line, column) = state
                .elements
                .as_deref()
                .map_or((e.line(), e.column()), |cut| {
                    cut.in_stream(e.line(), e.column())
                });
            (e.to_string(), line, column)
        });
        conclude(state, failure);
    } else {
        let mut state = Walker::new(ctx, sink, None);
        let reader = std::io::BufReader::with_capacity(1 << 16, reader);
        let result = walk(&mut state, serde_json::Deserializer::from_reader(reader));
        let failure = result.err().map(|e| (e.to_string(), e.line(), e.column()));
        conclude(state, failure);
    }
}

/// Walks a whole document: its top level, then nothing but white space.
fn walk<'de, R: serde_json::de::Read<'de>>(
    state: &mut Walker<'_, '_>,
    mut de: serde_json::Deserializer<R>,
) -> serde_json::Result<()> {
    TopSeed {
        state,
        path: "$".into(),
    }
    .deserialize(&mut de)?;
    de.end()
}

/// Ends the reading of a document: its syntax error (serde_json's message, line and
/// column), or what it was when no question was found.
fn conclude(state: Walker<'_, '_>, failure: Option<(String, usize, usize)>) {
    let ctx = state.ctx;
    if let Some((message, line, column)) = failure {
        if state.ended {
            // The cutter reported the error that ended the document.
            return;
        }
        let position = super::Position {
            line,
            column: column.max(1),
            byte: 0,
        };
        let record = (state.record > 0).then_some(state.record + 1);
        (state.sink)(JsonEvent::Error(syntax_error(
            ctx,
            &message,
            Some(position),
            record,
        )));
        return;
    }
    if !state.found {
        let location = Location {
            file: ctx.file.clone(),
            member: ctx.member.clone(),
            ..Location::default()
        };
        match state.kind_seen {
            Some(kind @ ("acteur" | "organe")) => (state.sink)(JsonEvent::Warning(Warning {
                location,
                message: format!(
                    "open-data \"{kind}\" document, not a question: skipped (give its folder to --actors to resolve names)"
                ),
            })),
            _ => (state.sink)(JsonEvent::Error(ParseError::new(
                ParseErrorKind::NotAQuestion {
                    expected: "\"question\" or \"questions\" key",
                },
                location,
            ))),
        }
    }
}

/// Reads a JSON document held in memory.
pub fn read_json(bytes: &[u8], ctx: &DocumentContext, sink: &mut dyn FnMut(JsonEvent)) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    read_json_from(bytes, ctx, sink);
}

/// A syntax error of the document (serde_json's message), at `position` and in question
/// `record` when known.
fn syntax_error(
    ctx: &DocumentContext,
    message: &str,
    position: Option<super::Position>,
    record: Option<usize>,
) -> ParseError {
    let message = strip_position(message);
    document_error(ctx, ParseErrorKind::Syntax { message }, position, record)
}

/// An error that ends the document, at `position` and in question `record` when known.
fn document_error(
    ctx: &DocumentContext,
    kind: ParseErrorKind,
    position: Option<super::Position>,
    record: Option<usize>,
) -> ParseError {
    let location = Location {
        file: ctx.file.clone(),
        member: ctx.member.clone(),
        position,
        record,
        ..Location::default()
    };
    ParseError::new(kind, location)
}

struct Walker<'c, 's> {
    ctx: &'c DocumentContext,
    sink: &'s mut dyn FnMut(JsonEvent),
    record: usize,
    found: bool,
    kind_seen: Option<&'static str>,
    /// Where the questions of an array are cut out from, rather than read.
    elements: Option<&'s mut dyn Elements>,
    /// Whether an error that ends the document was given already.
    ended: bool,
    /// The form of the document: JSON, or XML turned into the JSON it stands for.
    format: SourceFormat,
}

impl<'c, 's> Walker<'c, 's> {
    fn new(
        ctx: &'c DocumentContext,
        sink: &'s mut dyn FnMut(JsonEvent),
        elements: Option<&'s mut dyn Elements>,
    ) -> Self {
        Self {
            ctx,
            sink,
            record: 0,
            found: false,
            kind_seen: None,
            elements,
            ended: false,
            format: SourceFormat::OpenDataJson,
        }
    }

    /// Cuts the questions of an array out of `elements` and hands them out, deferred; a
    /// syntax error (or a question too large) is given and ends the document: `Err`.
    fn cut_out(&mut self, elements: &mut dyn Elements, path: String) -> Result<(), ()> {
        // Built once per array, not once per question on the reading thread.
        let list = Arc::new(List {
            ctx: self.ctx.clone(),
            path,
            format: self.format,
        });
        elements.begin();
        let mut index = 0;
        loop {
            match elements.next_element() {
                Ok(Some(raw)) => {
                    self.record += 1;
                    self.found = true;
                    (self.sink)(JsonEvent::Deferred(DeferredQuestion {
                        raw: Deferred::Json(raw),
                        list: Arc::clone(&list),
                        index,
                        record: self.record,
                    }));
                    index += 1;
                }
                Ok(None) => return Ok(()),
                Err(e) => {
                    let position = super::Position {
                        line: e.line,
                        column: e.column.max(1),
                        byte: 0,
                    };
                    let record = (self.record > 0).then_some(self.record + 1);
                    let error = document_error(self.ctx, e.kind, Some(position), record);
                    (self.sink)(JsonEvent::Error(error));
                    self.ended = true;
                    return Err(());
                }
            }
        }
    }

    fn question(&mut self, value: Value, path: &str) {
        self.record += 1;
        self.found = true;
        let mut warnings = Vec::new();
        let location = Location {
            file: self.ctx.file.clone(),
            member: self.ctx.member.clone(),
            record: Some(self.record),
            ..Location::default()
        };
        let result = QuestionMapper {
            location: location.clone(),
            warnings: &mut warnings,
            format: self.format,
            origin: &self.ctx.origin,
        }
        .map(&value, path);
        let xml = self.format == SourceFormat::OpenDataXml;
        for mut w in warnings {
            if xml {
                w.location.path = w.location.path.as_deref().map(xml_path);
            }
            (self.sink)(JsonEvent::Warning(w));
        }
        match result {
            Ok(q) => (self.sink)(JsonEvent::Question(Box::new(q))),
            Err(mut e) => {
                if xml {
                    e.location.path = e.location.path.as_deref().map(xml_path);
                }
                (self.sink)(JsonEvent::Error(e));
            }
        }
    }

    fn unwrap_and_emit(&mut self, value: Value, path: &str) {
        // `{"question": {…}}` inside an array, or the question object itself.
        match value {
            Value::Object(mut map) if map.len() == 1 && map.contains_key("question") => {
                let inner = map.remove("question").unwrap_or(Value::Null);
                self.question(inner, &format!("{path}.question"));
            }
            other => self.question(other, path),
        }
    }
}

/// The top level: an object with `question`/`questions` (or an older dump's
/// `questionsEcrites`…, perhaps inside `export`), or an array.
struct TopSeed<'w, 'c, 's> {
    state: &'w mut Walker<'c, 's>,
    /// Its path: `$`, or `$.export`.
    path: String,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a JSON object with a \"question\" or \"questions\" key, or an array of questions",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "question" => map.next_value_seed(ListSeed {
                    state: self.state,
                    path: format!("{}.question", self.path),
                })?,
                "questions"
                | "questionsEcrites"
                | "questionsOralesSansDebat"
                | "questionsGouvernement"
                | "questionsOrales" => map.next_value_seed(QuestionsSeed {
                    state: self.state,
                    path: format!("{}.{key}", self.path),
                })?,
                // The older dumps: `{"export": {"questionsEcrites": {"question": [ … ]}}}`.
                "export" => map.next_value_seed(TopSeed {
                    state: self.state,
                    path: format!("{}.export", self.path),
                })?,
                key if key.starts_with('@') => {
                    map.next_value::<IgnoredAny>()?;
                }
                "acteur" | "organe" => {
                    self.state.kind_seen = Some(if key == "acteur" { "acteur" } else { "organe" });
                    map.next_value::<IgnoredAny>()?;
                }
                other => {
                    let message = format!("unknown top-level key {other:?} ignored");
                    let location = Location {
                        file: self.state.ctx.file.clone(),
                        member: self.state.ctx.member.clone(),
                        path: Some(format!("{}.{other}", self.path)),
                        ..Location::default()
                    };
                    (self.state.sink)(JsonEvent::Warning(Warning { location, message }));
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        ListSeed {
            state: self.state,
            path: self.path,
        }
        .visit_seq(seq)
    }
}

/// `"questions": {"question": [ … ]}` (or `"questions": [ … ]`; `questionsEcrites`… in
/// the older dumps).
struct QuestionsSeed<'w, 'c, 's> {
    state: &'w mut Walker<'c, 's>,
    /// Its path: `$.questions`, `$.export.questionsEcrites`…
    path: String,
}

impl<'de> DeserializeSeed<'de> for QuestionsSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for QuestionsSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object with a \"question\" key, or an array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "question" {
                map.next_value_seed(ListSeed {
                    state: self.state,
                    path: format!("{}.question", self.path),
                })?;
            } else if key.starts_with('@') {
                map.next_value::<IgnoredAny>()?;
            } else {
                let location = Location {
                    file: self.state.ctx.file.clone(),
                    member: self.state.ctx.member.clone(),
                    path: Some(format!("{}.{key}", self.path)),
                    ..Location::default()
                };
                (self.state.sink)(JsonEvent::Warning(Warning {
                    location,
                    message: format!("unknown key {key:?} ignored"),
                }));
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        ListSeed {
            state: self.state,
            path: self.path,
        }
        .visit_seq(seq)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// One question object, or an array of them, walked element by element.
struct ListSeed<'w, 'c, 's> {
    state: &'w mut Walker<'c, 's>,
    path: String,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a question object or an array of questions")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(elements) = self.state.elements.take() {
            let cut = self.state.cut_out(&mut *elements, self.path);
            self.state.elements = Some(elements);
            return cut.map_err(|()| de::Error::custom("the document ends here"));
        }
        let mut i = 0usize;
        while let Some(value) = seq.next_element::<Value>()? {
            let path = format!("{}[{i}]", self.path);
            self.state.unwrap_and_emit(value, &path);
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        self.state.unwrap_and_emit(value, &self.path);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Maps one question object to the model.
struct QuestionMapper<'w> {
    location: Location,
    warnings: &'w mut Vec<Warning>,
    /// The form the question was read from.
    format: SourceFormat,
    /// What its provenance records of the document.
    origin: &'w Origin,
}

type MapResult<T> = Result<T, ParseError>;

const QUESTION_KEYS: &[&str] = &[
    "uid",
    "identifiant",
    "type",
    "indexationAN",
    "auteur",
    "minInt",
    "minAttribs",
    "textesQuestion",
    "textesReponse",
    "cloture",
    "signalement",
    "renouvellements",
];

impl QuestionMapper<'_> {
    fn err(&self, path: &str, kind: ParseErrorKind) -> ParseError {
        ParseError::new(
            kind,
            Location {
                path: Some(path.to_owned()),
                ..self.location.clone()
            },
        )
    }

    fn warn(&mut self, path: &str, message: String) {
        self.warnings.push(Warning {
            location: Location {
                path: Some(path.to_owned()),
                ..self.location.clone()
            },
            message,
        });
    }

    fn invalid(&self, path: &str, value: &Value, reason: &str) -> ParseError {
        let shown: String = value.to_string().chars().take(60).collect();
        let field = path.rsplit('.').next().unwrap_or(path).to_owned();
        self.err(
            path,
            ParseErrorKind::InvalidValue {
                field,
                value: shown,
                reason: reason.to_owned(),
            },
        )
    }

    /// Checks that `value` is an object (or null), warns about unknown keys.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        known: &[&str],
    ) -> MapResult<Option<&'v Map<String, Value>>> {
        match value {
            Value::Null => Ok(None),
            Value::Object(map) => {
                for key in map.keys() {
                    if !key.starts_with('@') && !known.contains(&key.as_str()) {
                        self.warn(
                            &format!("{path}.{key}"),
                            format!("unknown key {key:?} ignored"),
                        );
                    }
                }
                Ok(Some(map))
            }
            other => Err(self.invalid(path, other, "expected an object")),
        }
    }

    /// A string field (numbers are accepted as their text); `null` and `""` are `None`.
    fn string(&self, map: &Map<String, Value>, key: &str, path: &str) -> MapResult<Option<String>> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                let s = crate::text::normalize_ws(s);
                Ok((!s.is_empty()).then_some(s))
            }
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Object(o)) if o.get("@xsi:nil").is_some() => Ok(None),
            // A text with attributes (`{"@xsi:type": …, "#text": "…"}`).
            Some(Value::Object(o)) if o.get("#text").is_some_and(Value::is_string) => {
                self.string(o, "#text", &format!("{path}.{key}"))
            }
            Some(other) => Err(self.invalid(&format!("{path}.{key}"), other, "expected a string")),
        }
    }

    fn date(
        &self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> MapResult<Option<NaiveDate>> {
        let Some(s) = self.string(map, key, path)? else {
            return Ok(None);
        };
        crate::text::parse_iso_date(&s)
            .or_else(|_| crate::text::parse_numeric_date(&s).map(|(d, _)| d))
            .map(Some)
            .map_err(|_| {
                self.err(
                    &format!("{path}.{key}"),
                    ParseErrorKind::InvalidDate {
                        field: key.to_owned(),
                        value: s,
                    },
                )
            })
    }

    fn number<T: std::str::FromStr>(
        &self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> MapResult<Option<T>> {
        let Some(s) = self.string(map, key, path)? else {
            return Ok(None);
        };
        s.trim().parse().map(Some).map_err(|_| {
            self.err(
                &format!("{path}.{key}"),
                ParseErrorKind::InvalidNumber {
                    field: key.to_owned(),
                    value: s,
                },
            )
        })
    }

    /// An object or an array of objects (`minAttrib`, `texteQuestion`…), as a list.
    fn list<'v>(
        &self,
        value: Option<&'v Value>,
        path: &str,
    ) -> MapResult<Vec<(String, &'v Value)>> {
        match value {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{path}[{i}]"), v))
                .collect()),
            Some(v @ Value::Object(_)) => Ok(vec![(path.to_owned(), v)]),
            Some(other) => Err(self.invalid(path, other, "expected an object or an array")),
        }
    }

    fn info_jo(&mut self, map: &Map<String, Value>, path: &str) -> MapResult<Option<JoRef>> {
        let Some(value) = map.get("infoJO") else {
            return Ok(None);
        };
        let path = format!("{path}.infoJO");
        let Some(info) = self.object(
            value,
            &path,
            &[
                "typeJO",
                "dateJO",
                "pageJO",
                "numJO",
                "urlLegifrance",
                "referenceNOR",
                "referenceNor",
            ],
        )?
        else {
            return Ok(None);
        };
        let Some(date) = self.date(info, "dateJO", &path)? else {
            return Ok(None);
        };
        let page = self.number::<u32>(info, "pageJO", &path)?;
        Ok(Some(JoRef { date, page }))
    }

    fn map(mut self, value: &Value, path: &str) -> MapResult<Question> {
        let Some(q) = self.object(value, path, QUESTION_KEYS)? else {
            return Err(self.err(
                path,
                ParseErrorKind::NotAQuestion {
                    expected: "question object",
                },
            ));
        };
        let uid = self.string(q, "uid", path)?;
        if let Some(uid) = &uid {
            self.location.question = Some(uid.clone());
        }
        let ident_path = format!("{path}.identifiant");
        let ident = match q.get("identifiant") {
            Some(v) => self.object(v, &ident_path, &["numero", "regime", "legislature"])?,
            None => None,
        };
        let from_uid = uid.as_deref().and_then(QuestionId::from_uid);
        let number = match ident {
            Some(m) => self.number::<u32>(m, "numero", &ident_path)?,
            None => None,
        }
        .or(from_uid.map(|i| i.number));
        let legislature = match ident {
            Some(m) => self.number::<u16>(m, "legislature", &ident_path)?,
            None => None,
        }
        .or(from_uid.map(|i| i.legislature));
        let kind = match self.string(q, "type", path)? {
            Some(t) => Some(t.parse::<QuestionKind>().map_err(|reason| {
                self.err(
                    &format!("{path}.type"),
                    ParseErrorKind::InvalidValue {
                        field: "type".into(),
                        value: t.clone(),
                        reason,
                    },
                )
            })?),
            None => from_uid.map(|i| i.kind),
        };
        let (Some(number), Some(legislature), Some(kind)) = (number, legislature, kind) else {
            let field = if number.is_none() {
                "identifiant.numero"
            } else if legislature.is_none() {
                "identifiant.legislature"
            } else {
                "type"
            };
            return Err(self.err(path, ParseErrorKind::MissingField { field }));
        };
        let id = QuestionId {
            legislature,
            kind,
            number,
        };
        if let Some(u) = from_uid.filter(|u| *u != id) {
            self.warn(
                &format!("{path}.uid"),
                format!(
                    "uid {} disagrees with identifiant and type ({}); the latter win",
                    u.uid(),
                    id.uid()
                ),
            );
        }
        self.location.question = Some(id.uid());
        let source = Source {
            format: self.format,
            path: self.origin.recorded_path(&self.location.file),
            member: self.location.member.clone(),
            line: 1,
            sha256: self.origin.sha256.clone(),
        };
        let mut question = Question::new(id, source);
        self.indexation(q, path, &mut question)?;
        self.author(q, path, &mut question)?;
        self.ministries(q, path, &mut question)?;
        self.texts(q, path, &mut question)?;
        self.closure(q, path, &mut question)?;
        self.procedure(q, path, &mut question)?;
        if kind == QuestionKind::Government && question.published.is_none() {
            // A question au gouvernement is published with its answer, in the record of the
            // sitting: the pages show that date as the question's publication.
            question.published = question
                .answer
                .as_ref()
                .and_then(|a| a.published)
                .map(|p| JoRef::on(p.date));
        }
        question.complete();
        Ok(question)
    }

    fn indexation(
        &mut self,
        q: &Map<String, Value>,
        path: &str,
        question: &mut Question,
    ) -> MapResult<()> {
        let Some(value) = q.get("indexationAN") else {
            return Ok(());
        };
        let path = format!("{path}.indexationAN");
        let Some(ix) = self.object(value, &path, &["rubrique", "teteAnalyse", "analyses"])? else {
            return Ok(());
        };
        question.rubric = self.string(ix, "rubrique", &path)?;
        question.analysis_heading = self.string(ix, "teteAnalyse", &path)?;
        if let Some(analyses) = ix.get("analyses") {
            let apath = format!("{path}.analyses");
            if let Some(a) = self.object(analyses, &apath, &["analyse"])? {
                match a.get("analyse") {
                    None | Some(Value::Null) => {}
                    Some(Value::String(s)) => question.analyses.push(crate::text::normalize_ws(s)),
                    Some(Value::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            match item {
                                Value::String(s) => {
                                    question.analyses.push(crate::text::normalize_ws(s))
                                }
                                Value::Null => {}
                                other => {
                                    return Err(self.invalid(
                                        &format!("{apath}.analyse[{i}]"),
                                        other,
                                        "expected a string",
                                    ));
                                }
                            }
                        }
                    }
                    Some(other) => {
                        return Err(self.invalid(
                            &format!("{apath}.analyse"),
                            other,
                            "expected a string or an array of strings",
                        ));
                    }
                }
                question.analyses.retain(|a| !a.is_empty());
            }
        }
        Ok(())
    }

    fn author(
        &mut self,
        q: &Map<String, Value>,
        path: &str,
        question: &mut Question,
    ) -> MapResult<()> {
        let Some(value) = q.get("auteur") else {
            return Ok(());
        };
        let path = format!("{path}.auteur");
        let Some(a) = self.object(value, &path, &["identite", "groupe"])? else {
            return Ok(());
        };
        let mut author = Author::default();
        if let Some(identite) = a.get("identite") {
            let ipath = format!("{path}.identite");
            if let Some(i) = self.object(identite, &ipath, &["acteurRef", "mandatRef"])? {
                author.id = self.string(i, "acteurRef", &ipath)?;
                author.mandate_id = self.string(i, "mandatRef", &ipath)?;
            }
        }
        if let Some(groupe) = a.get("groupe") {
            let gpath = format!("{path}.groupe");
            if let Some(g) = self.object(groupe, &gpath, &["organeRef", "abrege", "developpe"])? {
                let id = self.string(g, "organeRef", &gpath)?;
                let short_label = self.string(g, "abrege", &gpath)?;
                let label = self.string(g, "developpe", &gpath)?;
                if let Some(label) = label.clone().or_else(|| short_label.clone()) {
                    author.group = Some(Group {
                        label,
                        short_label,
                        id,
                    });
                }
            }
        }
        if author.id.is_some() || author.group.is_some() {
            question.author = Some(author);
        }
        Ok(())
    }

    fn ministry(
        &mut self,
        value: &Value,
        path: &str,
        wrapper: Option<&str>,
    ) -> MapResult<Option<(Ministry, Option<NaiveDate>)>> {
        let known: &[&str] = &["abrege", "developpe", "organeRef", "infoJO", "denomination"];
        let Some(m) = self.object(value, path, known)? else {
            return Ok(None);
        };
        let date = self.info_jo(m, path)?.map(|j| j.date);
        let (names, npath) = match wrapper.and_then(|w| m.get(w)) {
            Some(inner) => {
                let npath = format!("{path}.{}", wrapper.unwrap_or_default());
                (
                    self.object(inner, &npath, &["abrege", "developpe", "organeRef"])?,
                    npath,
                )
            }
            None => (Some(m), path.to_owned()),
        };
        let Some(names) = names else { return Ok(None) };
        let label = self.string(names, "abrege", &npath)?;
        let long_label = self.string(names, "developpe", &npath)?;
        let id = self
            .string(names, "organeRef", &npath)?
            .or(self.string(m, "organeRef", path)?);
        let Some(label) = label.or_else(|| long_label.clone()) else {
            return Ok(None);
        };
        Ok(Some((
            Ministry {
                label,
                long_label,
                id,
            },
            date,
        )))
    }

    fn ministries(
        &mut self,
        q: &Map<String, Value>,
        path: &str,
        question: &mut Question,
    ) -> MapResult<()> {
        if let Some(value) = q.get("minInt") {
            question.ministry_questioned = self
                .ministry(value, &format!("{path}.minInt"), None)?
                .map(|(m, _)| m);
        }
        if let Some(value) = q.get("minAttribs") {
            let mpath = format!("{path}.minAttribs");
            if let Some(m) = self.object(value, &mpath, &["minAttrib"])? {
                for (ipath, item) in self.list(m.get("minAttrib"), &format!("{mpath}.minAttrib"))? {
                    if let Some((ministry, date)) =
                        self.ministry(item, &ipath, Some("denomination"))?
                    {
                        question.attributions.push(Attribution { ministry, date });
                    }
                }
            }
        }
        question.attributions.sort_by_key(|a| a.date);
        question.attribution_changes = question
            .attributions
            .iter()
            .skip(1)
            .filter_map(|a| a.date)
            .collect();
        Ok(())
    }

    fn texts(
        &mut self,
        q: &Map<String, Value>,
        path: &str,
        question: &mut Question,
    ) -> MapResult<()> {
        for (key, inner, target) in [
            ("textesQuestion", "texteQuestion", ErratumTarget::Question),
            ("textesReponse", "texteReponse", ErratumTarget::Answer),
        ] {
            let Some(value) = q.get(key) else { continue };
            let tpath = format!("{path}.{key}");
            let Some(t) = self.object(value, &tpath, &[inner])? else {
                continue;
            };
            for (n, (ipath, item)) in self
                .list(t.get(inner), &format!("{tpath}.{inner}"))?
                .into_iter()
                .enumerate()
            {
                let Some(entry) = self.object(item, &ipath, &["infoJO", "texte", "erratum"])?
                else {
                    continue;
                };
                let jo = self.info_jo(entry, &ipath)?;
                let text = self
                    .raw_string(entry, "texte", &ipath)?
                    .map(|h| super::html::fragment_to_text(&h))
                    .filter(|t| !t.is_empty());
                let erratum = self
                    .raw_string(entry, "erratum", &ipath)?
                    .map(|h| super::html::fragment_to_text(&h))
                    .filter(|t| !t.is_empty());
                if let (Some(text), Some(jo)) = (erratum, jo) {
                    question.errata.push(Erratum {
                        target,
                        published: jo,
                        text: Some(text),
                    });
                }
                if n > 0 {
                    continue;
                }
                match target {
                    ErratumTarget::Question => {
                        question.published = jo;
                        question.text = text;
                    }
                    ErratumTarget::Answer => {
                        question.answer = Some(Answer {
                            published: jo,
                            text,
                            mentions: Vec::new(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// A string kept as is (HTML texts, whose spaces matter until they are rendered).
    fn raw_string(
        &self,
        map: &Map<String, Value>,
        key: &str,
        path: &str,
    ) -> MapResult<Option<String>> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.invalid(&format!("{path}.{key}"), other, "expected a string")),
        }
    }

    fn closure(
        &mut self,
        q: &Map<String, Value>,
        path: &str,
        question: &mut Question,
    ) -> MapResult<()> {
        let Some(value) = q.get("cloture") else {
            return Ok(());
        };
        let cpath = format!("{path}.cloture");
        let Some(c) = self.object(
            value,
            &cpath,
            &["codeCloture", "libelleCloture", "dateCloture", "infoJO"],
        )?
        else {
            return Ok(());
        };
        let code = self.string(c, "codeCloture", &cpath)?;
        let label = self.string(c, "libelleCloture", &cpath)?;
        let date = self.date(c, "dateCloture", &cpath)?;
        let published = self.info_jo(c, &cpath)?;
        let kind = ClosureKind::classify(
            code.as_deref().unwrap_or(""),
            label.as_deref().unwrap_or(""),
        );
        if kind == ClosureKind::Other {
            self.warn(
                &format!("{cpath}.codeCloture"),
                format!(
                    "unknown closure code {:?} kept as is",
                    code.as_deref().unwrap_or("")
                ),
            );
        }
        let reason = label.as_deref().and_then(|l| closure_reason(l, kind));
        if kind == ClosureKind::AnswerPublished {
            // The answer's page is sometimes only on the closure.
            if let (Some(answer), Some(p)) = (question.answer.as_mut(), published) {
                if let Some(ap) = answer.published.as_mut() {
                    if ap.page.is_none() && ap.date == p.date {
                        ap.page = p.page;
                    }
                } else {
                    answer.published = Some(p);
                }
            }
        }
        if code.is_some() || label.is_some() || date.is_some() {
            question.closure = Some(Closure {
                kind,
                date: date.or(published.map(|p| p.date)),
                reason,
                code,
                label,
                published,
            });
        }
        Ok(())
    }

    fn procedure(
        &mut self,
        q: &Map<String, Value>,
        path: &str,
        question: &mut Question,
    ) -> MapResult<()> {
        if let Some(value) = q.get("signalement") {
            let spath = format!("{path}.signalement");
            for (ipath, item) in self.list(Some(value), &spath)? {
                let Some(s) = self.object(item, &ipath, &["dateDepotSignal", "infoJO"])? else {
                    continue;
                };
                let date = self.info_jo(s, &ipath)?.map(|j| j.date).or(self.date(
                    s,
                    "dateDepotSignal",
                    &ipath,
                )?);
                question.signalled.extend(date);
            }
        }
        if let Some(value) = q.get("renouvellements") {
            let rpath = format!("{path}.renouvellements");
            if let Some(r) = self.object(value, &rpath, &["renouvellement"])? {
                for (ipath, item) in
                    self.list(r.get("renouvellement"), &format!("{rpath}.renouvellement"))?
                {
                    let Some(s) = self.object(item, &ipath, &["dateRenouvellement", "infoJO"])?
                    else {
                        continue;
                    };
                    let date = self.info_jo(s, &ipath)?.map(|j| j.date).or(self.date(
                        s,
                        "dateRenouvellement",
                        &ipath,
                    )?);
                    question.renewed.extend(date);
                }
            }
        }
        Ok(())
    }
}

/// The reason of a withdrawal or lapse in an open-data closure label: what is in
/// parentheses, or a known reason named in the label.
#[must_use]
pub fn closure_reason(label: &str, kind: ClosureKind) -> Option<String> {
    if kind == ClosureKind::AnswerPublished {
        return None;
    }
    if let Some((inside, _)) = super::fields::balanced_parens(label) {
        let r = crate::text::normalize_ws(&label[inside]).to_lowercase();
        if !r.is_empty() {
            return Some(r);
        }
    }
    let folded = fold(label);
    for (needle, reason) in [
        ("fin de mandat", "fin de mandat"),
        ("fin de legislature", "fin de législature"),
        ("deces", "décès"),
        ("nomination au gouvernement", "nomination au gouvernement"),
        ("auteur", "retrait à l'initiative de l'auteur"),
    ] {
        if folded.contains(needle) {
            return Some(reason.to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> (Vec<Question>, Vec<ParseError>, Vec<Warning>) {
        let (mut qs, mut es, mut ws) = (Vec::new(), Vec::new(), Vec::new());
        let ctx = DocumentContext {
            file: "t.json".into(),
            member: None,

            ..Default::default()
        };
        read_json(json.as_bytes(), &ctx, &mut |e| match e {
            JsonEvent::Question(q) => qs.push(*q),
            JsonEvent::Error(e) => es.push(e),
            JsonEvent::Warning(w) => ws.push(w),
            JsonEvent::Deferred(_) => panic!("read_json does not defer"),
        });
        (qs, es, ws)
    }

    /// The events of a document as text, questions read in place or deferred then read.
    fn events(json: &str, defer: bool) -> Vec<String> {
        let ctx = DocumentContext {
            file: "t.json".into(),
            member: None,

            ..Default::default()
        };
        let mut out = Vec::new();
        let mut sink = |e| match e {
            JsonEvent::Deferred(q) => out.extend(q.read().iter().map(|e| format!("{e:?}"))),
            e => out.push(format!("{e:?}")),
        };
        if defer {
            read_json_deferred_from(json.as_bytes(), &ctx, &mut sink);
        } else {
            read_json_from(json.as_bytes(), &ctx, &mut sink);
        }
        out
    }

    #[test]
    fn deferred_questions_read_as_questions_read_in_place() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let dump = format!(
            r#"{{"questions": {{"question": [{ONE}, {{"question": {{"uid": "QANR5L16QE8", "type": "QE", "nouveau": 2, "indexationAN": {{"rubrique": [5]}}}}}}, {ONE}, {deep}, {ONE}]}}}}"#
        );
        let direct = events(&dump, false);
        let deferred = events(&dump, true);
        // Three questions, a question with an unknown key and a bad field, and a value
        // nested too deeply, whose error ends the document when read in place but only
        // that question when deferred.
        assert_eq!(
            direct.iter().filter(|e| e.starts_with("Question")).count(),
            2
        );
        assert_eq!(
            deferred
                .iter()
                .filter(|e| e.starts_with("Question"))
                .count(),
            3
        );
        assert_eq!(deferred[..direct.len() - 1], direct[..direct.len() - 1]);
        assert!(
            direct.last().is_some_and(|e| e.contains("recursion limit")),
            "{direct:?}"
        );
        let limit = deferred.iter().find(|e| e.contains("recursion limit"));
        assert!(
            limit.is_some_and(|e| e.contains("record: Some(4)")),
            "{deferred:?}"
        );
        // A syntax error is found while cutting, at the same place.
        let broken = format!(r#"{{"questions": {{"question": [{ONE}, {{"uid": ]}}}}"#);
        assert_eq!(events(&broken, true), events(&broken, false));
    }

    /// A reader that gives at most `step` bytes at a time, so that what is buffered ends
    /// anywhere: inside strings, escapes, numbers, between elements.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// The events of a document cut out of a reader giving `step` bytes at a time.
    fn deferred_events_by(json: &[u8], step: usize) -> Vec<String> {
        let ctx = DocumentContext {
            file: "t.json".into(),
            member: None,

            ..Default::default()
        };
        let mut out = Vec::new();
        read_json_deferred_from(Trickle { bytes: json, step }, &ctx, &mut |e| match e {
            JsonEvent::Deferred(q) => out.extend(q.read().iter().map(|e| format!("{e:?}"))),
            e => out.push(format!("{e:?}")),
        });
        out
    }

    /// A small dump over several lines: two questions, escapes, numbers, literals.
    fn small_dump() -> String {
        format!(
            "{{\"questions\": {{\"question\": [\n  {ONE},\n  {{\"question\": {{\"uid\": \"QANR5L16QE8\", \"type\": \"QE\",\n   \"indexationAN\": {{\"rubrique\": \"a\\\"b\\\\c\\u00e9\", \"analyses\": null, \"x\": [1, -2.5e3, true, false]}}}}}}\n]}}, \"y\": 1}}\n"
        )
    }

    #[test]
    fn questions_are_cut_from_any_buffer_as_they_are_read_in_place() {
        let dump = small_dump();
        let direct = events(&dump, false);
        assert_eq!(
            direct.iter().filter(|e| e.starts_with("Question")).count(),
            2,
            "{direct:?}"
        );
        for step in [1, 2, 3, 7, 64, 1 << 16] {
            assert_eq!(deferred_events_by(dump.as_bytes(), step), direct, "{step}");
        }
    }

    #[test]
    fn a_question_larger_than_the_limit_ends_the_document() {
        let ctx = DocumentContext {
            file: "t.json".into(),
            member: None,

            ..Default::default()
        };
        let big = format!("{{\"uid\": \"{}\"}}", "x".repeat(5000));
        // The second question is too large; an unclosed string, too, is cut no further.
        for (dump, questions) in [
            (format!("[{ONE}, {big}, {ONE}]"), 1),
            (format!("[{ONE}, {ONE}, \"{}", "y".repeat(9000)), 2),
        ] {
            let mut events = Vec::new();
            read_json_stream(
                // Whatever the reads: the limit holds within one buffer too.
                Trickle {
                    bytes: dump.as_bytes(),
                    step: if questions == 1 { 1 << 16 } else { 700 },
                },
                &ctx,
                Some(4096),
                &mut |e| match e {
                    JsonEvent::Deferred(q) => events.extend(q.read()),
                    e => events.push(e),
                },
            );
            let read = events
                .iter()
                .filter(|e| matches!(e, JsonEvent::Question(_)))
                .count();
            assert_eq!(read, questions, "{events:?}");
            let Some(JsonEvent::Error(last)) = events.last() else {
                panic!("{events:?}")
            };
            assert!(
                matches!(last.kind, ParseErrorKind::TooLarge { limit: 4096, .. }),
                "{last:?}"
            );
            assert_eq!(last.location.record, Some(questions + 1));
            assert!(
                last.to_string()
                    .contains("question is larger than the limit of 4096 bytes")
            );
        }
        // Within the limit, the same dump reads whole.
        let mut read = 0;
        read_json_stream(
            format!("[{ONE}, {big}, {ONE}]").as_bytes(),
            &ctx,
            Some(1 << 20),
            &mut |e| {
                if let JsonEvent::Deferred(q) = e {
                    read += q.read().len();
                }
            },
        );
        assert_eq!(read, 3);
    }

    #[test]
    fn a_bare_value_followed_by_more_is_an_element_then_an_error() {
        // `17` is a value (not a question), then `QE…` is no `,` or `]`: both events, the
        // error in the second record, as when read in place.
        for dump in [
            "{\"questions\": {\"question\": [\n17QE99101\",\n {}]}}",
            "[true1, 2]",
            "[1, -2x]",
            "[nullnull]",
        ] {
            let direct = events(dump, false);
            for step in [1, 3, 64] {
                assert_eq!(deferred_events_by(dump.as_bytes(), step), direct, "{dump}");
            }
            assert!(direct.len() >= 2, "{direct:?}");
        }
    }

    #[test]
    fn a_broken_dump_stops_at_the_same_error_whether_cut_or_read_in_place() {
        // Each ASCII byte of a small dump replaced by each of these, or removed, or the
        // dump cut short there: the events are the same either way, their positions too.
        let dump = small_dump();
        let bytes = dump.as_bytes();
        let replacements: &[&[u8]] = &[
            b"", b"\"", b",", b"]", b"[", b"}", b"{", b":", b"x", b" ", b"\n", b"\\", b"1", b"-",
            b"\t", b"\x01",
        ];
        let mut cases = 0;
        let mut errors = 0;
        for i in (0..bytes.len()).filter(|&i| bytes[i].is_ascii()) {
            let mut variants: Vec<Vec<u8>> = replacements
                .iter()
                .map(|r| [&bytes[..i], r, &bytes[i + 1..]].concat())
                .collect();
            variants.push(bytes[..i].to_vec());
            for variant in variants {
                let text = std::str::from_utf8(&variant).expect("ASCII edits keep UTF-8");
                let direct = events(text, false);
                let step = 1 + i % 5;
                let cut = deferred_events_by(&variant, step);
                cases += 1;
                errors += usize::from(direct.iter().any(|e| e.contains("Syntax")));
                if cut == direct {
                    continue;
                }
                // Read in place, a question is built as it is read; cut out, it is only
                // checked, and serde_json words some faults differently then (a comma
                // before the `}` of an object, a number or object cut short by the end of
                // the file): the error is then the one serde_json gives checking the whole
                // document, at the same place.
                let checked = serde_json::from_reader::<_, IgnoredAny>(variant.as_slice())
                    .expect_err("a syntax error");
                let expected = format!(
                    "Error({:?})",
                    syntax_error(
                        &DocumentContext {
                            file: "t.json".into(),
                            member: None,

                            ..Default::default()
                        },
                        &checked.to_string(),
                        Some(crate::parse::Position {
                            line: checked.line(),
                            column: checked.column().max(1),
                            byte: 0,
                        }),
                        None,
                    )
                );
                // The record, counted the same way, is left out.
                let without_record = |e: &str| match e.find("record: Some(") {
                    Some(at) => {
                        let end = e[at..].find(')').map_or(e.len(), |k| at + k + 1);
                        format!("{}record: None{}", &e[..at], &e[end..])
                    }
                    None => e.to_owned(),
                };
                assert!(
                    cut[..cut.len() - 1] == direct[..direct.len() - 1]
                        && without_record(&cut[cut.len() - 1]) == expected
                        && without_record(&direct[direct.len() - 1]) != expected,
                    "byte {i}, step {step}: {text}\n{cut:?}\n{direct:?}\n{expected}"
                );
            }
        }
        assert!(
            cases > 10_000 && errors > cases / 2,
            "{cases} cases, {errors} errors"
        );
    }

    const ONE: &str = r#"{"question": {"uid": "QANR5L16QE7", "identifiant": {"numero": "7", "regime": "5eme Republique", "legislature": "16"},
        "type": "QE", "indexationAN": {"rubrique": "eau", "teteAnalyse": "qualité", "analyses": {"analyse": ["a", "b"]}},
        "auteur": {"identite": {"acteurRef": "PA1", "mandatRef": "PM2"}, "groupe": {"organeRef": "PO3", "abrege": "X", "developpe": "Groupe X"}},
        "minInt": {"abrege": "Santé", "developpe": "Ministère de la santé"},
        "minAttribs": {"minAttrib": [
            {"infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2022-08-02", "pageJO": "10"}, "denomination": {"abrege": "Santé", "developpe": "M"}},
            {"infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2022-09-06"}, "denomination": {"abrege": "Travail", "developpe": "T"}, "organeRef": "PO9"}]},
        "textesQuestion": {"texteQuestion": {"infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2022-08-02", "pageJO": "3700"}, "texte": "Texte <b>ici</b>.", "erratum": null}},
        "textesReponse": null,
        "cloture": null, "signalement": {"dateDepotSignal": "2023-01-01", "infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2023-01-10"}},
        "renouvellements": {"renouvellement": {"infoJO": {"typeJO": "JO_QUESTION", "dateJO": "2023-02-10"}}}}}"#;

    #[test]
    fn one_question_with_every_field() {
        let (qs, es, ws) = read(ONE);
        assert!(es.is_empty(), "{es:?}");
        assert!(ws.is_empty(), "{ws:?}");
        let q = &qs[0];
        assert_eq!(q.uid(), "QANR5L16QE7");
        assert_eq!(q.analyses, ["a", "b"]);
        assert_eq!(q.author.as_ref().and_then(|a| a.id.as_deref()), Some("PA1"));
        assert_eq!(
            q.ministry_assigned.as_ref().map(|m| m.label.as_str()),
            Some("Travail")
        );
        assert_eq!(
            q.ministry_assigned.as_ref().and_then(|m| m.id.as_deref()),
            Some("PO9")
        );
        assert_eq!(
            q.attribution_changes,
            [NaiveDate::from_ymd_opt(2022, 9, 6).expect("date")]
        );
        assert_eq!(q.published.and_then(|p| p.page), Some(3700));
        assert_eq!(q.text.as_deref(), Some("Texte ici."));
        assert_eq!(q.signalled.len(), 1);
        assert_eq!(q.renewed.len(), 1);
    }

    #[test]
    fn a_dump_is_walked_and_bad_questions_do_not_stop_it() {
        let dump = format!(
            r#"{{"questions": {{"question": [{ONE}, {{"question": {{"uid": "QANR5L16QE8", "type": "QE", "indexationAN": {{"rubrique": [5]}}}}}}, {ONE}]}}}}"#
        );
        let (qs, es, _) = read(&dump);
        assert_eq!(qs.len(), 2);
        assert_eq!(es.len(), 1);
        let message = es[0].to_string();
        assert!(
            message.contains("$.questions.question[1].question.indexationAN.rubrique"),
            "{message}"
        );
        assert!(message.contains("QANR5L16QE8"), "{message}");
    }

    #[test]
    fn unknown_keys_warn_and_nulls_pass() {
        let (qs, es, ws) = read(
            r#"{"question": {"uid": "QANR5L16QG1", "type": "QG", "identifiant": null, "nouveau": 1, "cloture": {"codeCloture": "REP_PUB", "libelleCloture": "Réponse publiée", "dateCloture": "2022-07-13", "infoJO": null}}}"#,
        );
        assert!(es.is_empty(), "{es:?}");
        assert_eq!(qs.len(), 1);
        assert_eq!(ws.len(), 1);
        assert!(ws[0].to_string().contains("$.question.nouveau"));
    }

    #[test]
    fn syntax_errors_and_non_questions() {
        let (_, es, _) = read(r#"{"question": {"uid": "#);
        assert!(
            matches!(es[0].kind, ParseErrorKind::Syntax { .. }),
            "{es:?}"
        );
        let (_, es, _) = read(r#"{"foo": 1}"#);
        assert!(matches!(es[0].kind, ParseErrorKind::NotAQuestion { .. }));
        let (qs, es, ws) = read(r#"{"acteur": {"uid": "PA1"}}"#);
        assert!(qs.is_empty() && es.is_empty() && ws.len() == 1);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "{{\"question\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (_, es, _) = read(&deep);
        assert_eq!(es.len(), 1);
    }

    #[test]
    fn closure_reasons() {
        assert_eq!(
            closure_reason("Retirée (fin de mandat)", ClosureKind::Withdrawn).as_deref(),
            Some("fin de mandat")
        );
        assert_eq!(
            closure_reason("Caduque - fin de législature", ClosureKind::Lapsed).as_deref(),
            Some("fin de législature")
        );
        assert_eq!(
            closure_reason("Réponse publiée", ClosureKind::AnswerPublished),
            None
        );
    }
}
