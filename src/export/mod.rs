//! Writing RDF: every format, deterministic, streaming; query results; VoID/DCAT.
//!
//! [`GraphWriter`] takes the question graphs one by one (in input order), writes each
//! question's triples sorted by subject, and writes each shared description once. The
//! same input therefore gives byte-identical output. Turtle, N-Triples, N-Quads, TriG and
//! RDF/XML go through Oxigraph's serialisers; JSON-LD is written here, compacted with the
//! context of `ontology/context.jsonld`.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::io::{self, Write};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, QuadRef, Term, Triple};

use crate::rdf::vocab::{self, PREFIXES, dcat, dcterms, prov, rdf, rdfs, void, xsd};
use crate::rdf::{IriMinter, QuestionGraph};

/// The JSON-LD context shipped in `ontology/context.jsonld`.
pub const JSONLD_CONTEXT: &str = include_str!("../../ontology/context.jsonld");

/// RDF output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// Turtle, with prefixes, grouped by subject.
    Turtle,
    /// N-Triples.
    NTriples,
    /// N-Quads (question graphs and the reference graph).
    NQuads,
    /// TriG (question graphs and the reference graph).
    TriG,
    /// RDF/XML.
    RdfXml,
    /// JSON-LD, compacted with the qe2rdf context.
    JsonLd,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 6] = [
        Self::Turtle,
        Self::NTriples,
        Self::NQuads,
        Self::TriG,
        Self::RdfXml,
        Self::JsonLd,
    ];

    /// Whether the format keeps named graphs.
    #[must_use]
    pub const fn is_dataset(self) -> bool {
        matches!(self, Self::NQuads | Self::TriG)
    }

    /// Usual file extension.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Turtle => "ttl",
            Self::NTriples => "nt",
            Self::NQuads => "nq",
            Self::TriG => "trig",
            Self::RdfXml => "rdf",
            Self::JsonLd => "jsonld",
        }
    }

    /// Media type.
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::Turtle => "text/turtle",
            Self::NTriples => "application/n-triples",
            Self::NQuads => "application/n-quads",
            Self::TriG => "application/trig",
            Self::RdfXml => "application/rdf+xml",
            Self::JsonLd => "application/ld+json",
        }
    }

    /// Guesses a format from a file name's extension.
    #[must_use]
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|f| {
            f.extension() == ext
                || (ext == "owl" && *f == Self::RdfXml)
                || (ext == "json" && *f == Self::JsonLd)
        })
    }

    /// The matching Oxigraph format.
    #[must_use]
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

/// An Oxigraph serialiser with our prefixes (for the formats that use them).
pub fn serializer(format: ExportFormat) -> RdfSerializer {
    let mut s = RdfSerializer::from_format(format.rdf_format());
    if matches!(
        format,
        ExportFormat::Turtle | ExportFormat::TriG | ExportFormat::RdfXml
    ) {
        // `qev:` is left out: its local names contain `/`, which Turtle would escape.
        for (prefix, iri) in PREFIXES.iter().filter(|(p, _)| *p != "qev") {
            // The prefixes are constants that the tests check.
            s = match s.clone().with_prefix(*prefix, *iri) {
                Ok(with) => with,
                Err(_) => s,
            };
        }
    }
    s
}

/// Counts gathered while writing, for the VoID description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetStats {
    /// Questions written.
    pub questions: u64,
    /// Triples written.
    pub triples: u64,
    /// Typed resources written.
    pub entities: u64,
    /// Classes used, with the number of their instances.
    pub classes: BTreeMap<String, u64>,
    /// Properties used, with the number of their triples.
    pub properties: BTreeMap<String, u64>,
}

/// The terms of the vocabulary ([`vocab::NAMESPACES`]), numbered.
struct Numbering {
    iris: Vec<&'static str>,
    numbers: FxHashMap<&'static str, usize>,
}

fn numbering() -> &'static Numbering {
    static NUMBERING: OnceLock<Numbering> = OnceLock::new();
    NUMBERING.get_or_init(|| {
        let mut iris: Vec<&'static str> = vocab::NAMESPACES
            .iter()
            .flat_map(|terms| terms.iter().map(|t| t.as_str()))
            .collect();
        iris.sort_unstable();
        iris.dedup();
        let numbers = iris.iter().enumerate().map(|(i, iri)| (*iri, i)).collect();
        Numbering { iris, numbers }
    })
}

/// Counts gathered while writing ([`DatasetStats`] once finished): the classes and
/// properties of the vocabulary are counted by number, so that counting a question's
/// triples allocates no key and adding two counts compares no IRI.
#[derive(Debug, Clone, Default)]
struct Counts {
    questions: u64,
    triples: u64,
    entities: u64,
    /// By number in [`numbering`].
    classes: Vec<u64>,
    properties: Vec<u64>,
    /// IRIs outside the vocabulary.
    other_classes: BTreeMap<String, u64>,
    other_properties: BTreeMap<String, u64>,
}

impl Counts {
    fn count(&mut self, triples: &[Triple]) {
        let numbering = numbering();
        let tally =
            |known: &mut Vec<u64>, other: &mut BTreeMap<String, u64>, iri: &str| match numbering
                .numbers
                .get(iri)
            {
                Some(&i) => {
                    if known.len() <= i {
                        known.resize(i + 1, 0);
                    }
                    known[i] += 1;
                }
                None => bump(other, iri, 1),
            };
        let mut typed: FxHashSet<&oxigraph::model::NamedOrBlankNode> = FxHashSet::default();
        for t in triples {
            self.triples += 1;
            tally(
                &mut self.properties,
                &mut self.other_properties,
                t.predicate.as_str(),
            );
            if t.predicate.as_ref() == rdf::TYPE {
                if let Term::NamedNode(class) = &t.object {
                    tally(&mut self.classes, &mut self.other_classes, class.as_str());
                }
                typed.insert(&t.subject);
            }
        }
        self.entities += typed.len() as u64;
    }

    fn merge(&mut self, other: &Self) {
        self.questions += other.questions;
        self.triples += other.triples;
        self.entities += other.entities;
        for (mine, theirs) in [
            (&mut self.classes, &other.classes),
            (&mut self.properties, &other.properties),
        ] {
            if mine.len() < theirs.len() {
                mine.resize(theirs.len(), 0);
            }
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        for (k, v) in &other.other_classes {
            bump(&mut self.other_classes, k, *v);
        }
        for (k, v) in &other.other_properties {
            bump(&mut self.other_properties, k, *v);
        }
    }

    fn to_stats(&self) -> DatasetStats {
        let iris = &numbering().iris;
        let named = |known: &[u64], other: &BTreeMap<String, u64>| {
            let mut all = other.clone();
            for (i, &n) in known.iter().enumerate() {
                if n > 0 {
                    bump(&mut all, iris[i], n);
                }
            }
            all
        };
        DatasetStats {
            questions: self.questions,
            triples: self.triples,
            entities: self.entities,
            classes: named(&self.classes, &self.other_classes),
            properties: named(&self.properties, &self.other_properties),
        }
    }
}

#[cfg(test)]
mod count_tests {
    use super::*;
    use oxigraph::model::NamedOrBlankNode;
    use proptest::prelude::*;

    /// The counts written the plain way: a map from IRI to count, a set of typed subjects.
    fn plain(questions: &[Vec<Triple>]) -> DatasetStats {
        let mut stats = DatasetStats::default();
        let mut typed: HashSet<(usize, NamedOrBlankNode)> = std::collections::HashSet::new();
        for (q, triples) in questions.iter().enumerate() {
            stats.questions += 1;
            for t in triples {
                stats.triples += 1;
                *stats
                    .properties
                    .entry(t.predicate.as_str().to_owned())
                    .or_default() += 1;
                if t.predicate.as_ref() == rdf::TYPE {
                    if let Term::NamedNode(c) = &t.object {
                        *stats.classes.entry(c.as_str().to_owned()).or_default() += 1;
                    }
                    typed.insert((q, t.subject.clone()));
                }
            }
        }
        stats.entities = typed.len() as u64;
        stats
    }

    use std::collections::HashSet;

    proptest! {
        #[test]
        fn counts_by_number_are_the_plain_counts(
            questions in proptest::collection::vec(
                proptest::collection::vec((0u8..4, 0u8..8, 0u8..6), 0..30),
                1..6,
            )
        ) {
            // Vocabulary terms and IRIs outside it, as predicates and as classes.
            let iri = |k: u8| match k {
                0 => rdf::TYPE.into_owned(),
                1 => vocab::qe::QUESTION.into_owned(),
                2 => vocab::skos::CONCEPT.into_owned(),
                3 => dcterms::TITLE.into_owned(),
                k => NamedNode::new_unchecked(format!("https://example.org/other/{k}")),
            };
            let graphs: Vec<Vec<Triple>> = questions
                .iter()
                .map(|q| {
                    q.iter()
                        .map(|&(s, p, o)| {
                            Triple::new(
                                NamedNode::new_unchecked(format!("https://example.org/s{s}")),
                                iri(p),
                                iri(o),
                            )
                        })
                        .collect()
                })
                .collect();
            let mut total = Counts::default();
            for g in &graphs {
                let mut one = Counts::default();
                one.questions += 1;
                one.count(g);
                total.merge(&one);
            }
            prop_assert_eq!(total.to_stats(), plain(&graphs));
        }
    }
}

/// Adds `n` to a count, allocating the key only the first time.
fn bump(map: &mut BTreeMap<String, u64>, key: &str, n: u64) {
    match map.get_mut(key) {
        Some(v) => *v += n,
        None => {
            map.insert(key.to_owned(), n);
        }
    }
}

/// Whether a format is written from fragments made on worker threads (see [`Rendered`]).
#[must_use]
pub const fn is_renderable(format: ExportFormat) -> bool {
    matches!(
        format,
        ExportFormat::NTriples | ExportFormat::NQuads | ExportFormat::Turtle | ExportFormat::TriG
    )
}

/// A question's own triples, sorted and written in an output format ahead of time (on a
/// worker thread), with their counts. [`GraphWriter::write_rendered`] adds the shared
/// descriptions not written yet.
#[derive(Debug, Clone)]
pub struct Rendered {
    format: ExportFormat,
    bytes: Vec<u8>,
    counts: Counts,
}

impl Rendered {
    /// Writes `graph`'s own triples in `format`; `None` for the formats written whole
    /// ([`is_renderable`] is false: RDF/XML, JSON-LD).
    pub fn new(format: ExportFormat, graph: &QuestionGraph) -> io::Result<Option<Self>> {
        if !is_renderable(format) {
            return Ok(None);
        }
        // The mapper (and the store) give the triples sorted for output, without
        // duplicates; a graph built otherwise is sorted here.
        let sorted;
        let triples = if graph
            .triples
            .is_sorted_by(|a, b| crate::rdf::order::cmp_triple(a, b).is_lt())
        {
            &graph.triples
        } else {
            let mut t = graph.triples.clone();
            crate::rdf::order::sort_triples(&mut t);
            sorted = t;
            &sorted
        };
        let mut counts = Counts::default();
        counts.count(triples);
        let bytes = fragment(format, triples, &graph.graph)?;
        Ok(Some(Self {
            format,
            bytes,
            counts,
        }))
    }
}

/// Triples written in `format` as a fragment of a document: the prefixes (declared once
/// at the top of the document) are left out. Dataset formats put them in `graph`.
fn fragment<'a>(
    format: ExportFormat,
    triples: &[Triple],
    graph: impl Into<GraphNameRef<'a>>,
) -> io::Result<Vec<u8>> {
    let graph = graph.into();
    if matches!(format, ExportFormat::NTriples | ExportFormat::NQuads) {
        let mut out = Vec::with_capacity(triples.len() * 120);
        for t in triples {
            line::write(&mut out, t, format.is_dataset().then_some(graph));
        }
        return Ok(out);
    }
    let mut s = serializer(format).for_writer(Vec::with_capacity(triples.len() * 120));
    for t in triples {
        if format.is_dataset() {
            s.serialize_quad(QuadRef::new(&t.subject, &t.predicate, &t.object, graph))?;
        } else {
            s.serialize_triple(t)?;
        }
    }
    Ok(strip_header(s.finish()?))
}

/// N-Triples and N-Quads lines, written straight into a buffer: the bytes Oxigraph's
/// serialisers write (same escapes, same spacing), without going through `fmt` one
/// character at a time.
mod line {
    use oxigraph::model::{BlankNodeRef, GraphNameRef, LiteralRef, NamedNodeRef, Term, Triple};
    use oxigraph::model::{NamedOrBlankNode, vocab::xsd};

    /// Appends `t` (in `graph` for N-Quads, `None` for N-Triples) as one line.
    pub(super) fn write(out: &mut Vec<u8>, t: &Triple, graph: Option<GraphNameRef<'_>>) {
        match &t.subject {
            NamedOrBlankNode::NamedNode(n) => iri(out, n.as_ref()),
            NamedOrBlankNode::BlankNode(b) => blank(out, b.as_ref()),
        }
        out.push(b' ');
        iri(out, t.predicate.as_ref());
        out.push(b' ');
        match &t.object {
            Term::NamedNode(n) => iri(out, n.as_ref()),
            Term::BlankNode(b) => blank(out, b.as_ref()),
            Term::Literal(l) => literal(out, l.as_ref()),
        }
        match graph {
            Some(GraphNameRef::NamedNode(n)) => {
                out.push(b' ');
                iri(out, n);
            }
            Some(GraphNameRef::BlankNode(b)) => {
                out.push(b' ');
                blank(out, b);
            }
            Some(GraphNameRef::DefaultGraph) | None => {}
        }
        out.extend_from_slice(b" .\n");
    }

    fn iri(out: &mut Vec<u8>, n: NamedNodeRef<'_>) {
        out.push(b'<');
        out.extend_from_slice(n.as_str().as_bytes());
        out.push(b'>');
    }

    fn blank(out: &mut Vec<u8>, b: BlankNodeRef<'_>) {
        out.extend_from_slice(b"_:");
        out.extend_from_slice(b.as_str().as_bytes());
    }

    fn literal(out: &mut Vec<u8>, l: LiteralRef<'_>) {
        quoted(out, l.value());
        if let Some(language) = l.language() {
            out.push(b'@');
            out.extend_from_slice(language.as_bytes());
        } else if l.datatype() != xsd::STRING {
            out.extend_from_slice(b"^^");
            iri(out, l.datatype());
        }
    }

    /// `value` between double quotes, escaped as N-Triples requires (and as Oxigraph
    /// does: the short escapes, `\uXXXX` for other controls, DEL, U+FFFE and U+FFFF).
    fn quoted(out: &mut Vec<u8>, value: &str) {
        out.push(b'"');
        let bytes = value.as_bytes();
        let mut run = 0;
        let mut i = 0;
        let may_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\' || b == 0x7F || b == 0xEF;
        loop {
            // The bytes with nothing to escape are passed at once, by blocks of 16.
            i += crate::text::leading_run(&bytes[i..], may_escape);
            let Some(&b) = bytes.get(i) else {
                break;
            };
            let escape: Option<&[u8]> = match b {
                b'"' => Some(b"\\\""),
                b'\\' => Some(b"\\\\"),
                b'\n' => Some(b"\\n"),
                b'\r' => Some(b"\\r"),
                b'\t' => Some(b"\\t"),
                0x08 => Some(b"\\b"),
                0x0C => Some(b"\\f"),
                0..=0x1F | 0x7F => None,
                0xEF if bytes.get(i + 1) == Some(&0xBF)
                    && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
                {
                    None
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.extend_from_slice(&bytes[run..i]);
            if let Some(e) = escape {
                out.extend_from_slice(e);
                i += 1;
            } else if b == 0xEF {
                let c = if bytes[i + 2] == 0xBE { "FFFE" } else { "FFFF" };
                out.extend_from_slice(b"\\u");
                out.extend_from_slice(c.as_bytes());
                i += 3;
            } else {
                out.extend_from_slice(format!("\\u{:04X}", b).as_bytes());
                i += 1;
            }
            run = i;
        }
        out.extend_from_slice(&bytes[run..]);
        out.push(b'"');
    }

    #[cfg(test)]
    mod tests {
        use oxigraph::io::{RdfFormat, RdfSerializer};
        use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, Quad, Term, Triple};
        use proptest::prelude::*;

        fn oxigraph_lines(format: RdfFormat, quads: &[Quad]) -> Vec<u8> {
            let mut s = RdfSerializer::from_format(format).for_writer(Vec::new());
            for q in quads {
                if format == RdfFormat::NQuads {
                    s.serialize_quad(q).unwrap();
                } else {
                    s.serialize_triple(q.as_ref()).unwrap();
                }
            }
            s.finish().unwrap()
        }

        fn ours(quads: &[Quad], dataset: bool) -> Vec<u8> {
            let mut out = Vec::new();
            for q in quads {
                let t = Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone());
                super::write(&mut out, &t, dataset.then_some(q.graph_name.as_ref()));
            }
            out
        }

        fn quads(value: &str) -> Vec<Quad> {
            let s = NamedNode::new_unchecked("https://example.org/q/1");
            let p = NamedNode::new_unchecked("https://example.org/p");
            let g = GraphName::NamedNode(NamedNode::new_unchecked("https://example.org/g"));
            let b = BlankNode::new_unchecked("b0");
            let objects: Vec<Term> = vec![
                Literal::new_simple_literal(value).into(),
                Literal::new_language_tagged_literal_unchecked(value, "fr").into(),
                Literal::new_typed_literal(value, oxigraph::model::vocab::xsd::DATE).into(),
                Literal::new_typed_literal(value, oxigraph::model::vocab::xsd::STRING).into(),
                s.clone().into(),
                b.clone().into(),
            ];
            let mut out: Vec<Quad> = objects
                .into_iter()
                .map(|o| Quad::new(s.clone(), p.clone(), o, g.clone()))
                .collect();
            out.push(Quad::new(
                b,
                p,
                Literal::new_simple_literal(value),
                GraphName::DefaultGraph,
            ));
            out
        }

        #[test]
        fn every_escape_is_written_as_oxigraph_writes_it() {
            let mut every: String = ('\0'..='\u{7F}').collect();
            every.push_str("é\u{FFFD}\u{FFFE}\u{FFFF}\u{EFFF}ï¿¾\u{10FFFF}\u{2028}");
            for value in [every.as_str(), "", "\"", "\\", "a\u{FFFE}"] {
                let q = quads(value);
                assert_eq!(ours(&q, false), oxigraph_lines(RdfFormat::NTriples, &q));
                assert_eq!(ours(&q, true), oxigraph_lines(RdfFormat::NQuads, &q));
            }
            // Each escape at every place of a block, after and before plain runs.
            for k in 0..40 {
                for escaped in ["\"", "\\", "\n", "\u{1}", "\u{7F}", "\u{FFFF}", "é"] {
                    let value = format!("{}{escaped}{}", "a".repeat(k), "b".repeat(k % 19));
                    let q = quads(&value);
                    assert_eq!(ours(&q, true), oxigraph_lines(RdfFormat::NQuads, &q));
                }
            }
        }

        proptest! {
            #[test]
            fn any_text_is_written_as_oxigraph_writes_it(value in "\\PC*|[\\x00-\\x7F\\u{FFFE}\\u{FFFF}]*") {
                let q = quads(&value);
                prop_assert_eq!(ours(&q, false), oxigraph_lines(RdfFormat::NTriples, &q));
                prop_assert_eq!(ours(&q, true), oxigraph_lines(RdfFormat::NQuads, &q));
            }
        }
    }
}

/// The prefix declarations of a document in `format` (empty for N-Triples and N-Quads).
fn header(format: ExportFormat) -> Vec<u8> {
    if !matches!(format, ExportFormat::Turtle | ExportFormat::TriG) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (prefix, iri) in PREFIXES.iter().filter(|(p, _)| *p != "qev") {
        out.extend_from_slice(format!("@prefix {prefix}: <{iri}> .\n").as_bytes());
    }
    out
}

#[allow(
    clippy::large_enum_variant,
    reason = "one sink per writer; boxing would only add an indirection per write"
)]
enum Sink<W: Write> {
    /// Fragments written one after the other (N-Triples, N-Quads, Turtle, TriG).
    Fragments {
        writer: W,
        started: bool,
    },
    Oxigraph(oxigraph::io::WriterQuadSerializer<W>),
    JsonLd(JsonLdWriter<W>),
}

/// Writes question graphs in any format (see the module documentation).
pub struct GraphWriter<W: Write> {
    sink: Sink<W>,
    format: ExportFormat,
    reference_graph: NamedNode,
    seen_reference: WrittenReference,
    counts: Counts,
}

/// The shared descriptions a [`GraphWriter`] has written, readable from other threads: a
/// worker preparing a later question drops those of its reference triples that are
/// written already ([`WrittenReference::drop_written`]), so that they are neither sent to
/// nor freed by the writing thread. The output does not change: whatever is in the set was
/// written before any question not yet given to the writer.
#[derive(Clone, Default)]
pub struct WrittenReference(Arc<RwLock<FxHashSet<Triple>>>);

impl WrittenReference {
    /// Removes from `triples` those already written.
    pub fn drop_written(&self, triples: &mut Vec<Triple>) {
        let written = self.0.read().unwrap_or_else(PoisonError::into_inner);
        triples.retain(|t| !written.contains(t));
    }

    /// Keeps in `triples` those not written yet, and records them as written (for a
    /// writer of its own, such as `load`'s: whatever it keeps, it must write before the
    /// triples of any later question).
    pub fn keep_unwritten(&self, triples: &mut Vec<Triple>) {
        if triples.is_empty() {
            return;
        }
        let mut written = self.0.write().unwrap_or_else(PoisonError::into_inner);
        triples.retain(|t| first_sight(&mut written, t));
    }

    /// Records `triples` as written; returns those that were not yet, sorted for output.
    fn record(&self, triples: &[Triple]) -> Vec<Triple> {
        let mut new: Vec<Triple> = Vec::new();
        if triples.is_empty() {
            return new;
        }
        let mut written = self.0.write().unwrap_or_else(PoisonError::into_inner);
        new.extend(
            triples
                .iter()
                .filter(|t| first_sight(&mut written, t))
                .cloned(),
        );
        drop(written);
        sort_for_output(&mut new);
        new
    }
}

/// Whether `t` is new to `written`, which then holds it (cloned only when new).
fn first_sight(written: &mut FxHashSet<Triple>, t: &Triple) -> bool {
    if written.contains(t) {
        return false;
    }
    written.insert(t.clone());
    true
}

impl<W: Write> GraphWriter<W> {
    /// A writer of `format` into `writer`.
    pub fn new(format: ExportFormat, writer: W, minter: &IriMinter) -> io::Result<Self> {
        let sink = match format {
            ExportFormat::JsonLd => Sink::JsonLd(JsonLdWriter::start(writer)?),
            f if is_renderable(f) => Sink::Fragments {
                writer,
                started: false,
            },
            _ => Sink::Oxigraph(serializer(format).for_writer(writer)),
        };
        Ok(Self {
            sink,
            format,
            reference_graph: minter.reference_graph(),
            seen_reference: WrittenReference::default(),
            counts: Counts::default(),
        })
    }

    /// The set of the shared descriptions written so far, for workers preparing later
    /// questions (see [`WrittenReference`]).
    #[must_use]
    pub fn written_reference(&self) -> WrittenReference {
        self.seen_reference.clone()
    }

    /// The shared descriptions of `graph` not written yet, sorted.
    fn new_reference(&mut self, graph: &QuestionGraph) -> Vec<Triple> {
        self.seen_reference.record(&graph.reference)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        let Sink::Fragments { writer, started } = &mut self.sink else {
            unreachable_sink()
        };
        if !*started {
            *started = true;
            writer.write_all(&header(self.format))?;
        }
        writer.write_all(bytes)
    }

    /// Writes one question: its own triples, then the shared descriptions not yet written.
    pub fn write(&mut self, graph: &QuestionGraph) -> io::Result<()> {
        if let Some(rendered) = Rendered::new(self.format, graph)? {
            return self.write_rendered(graph, &rendered);
        }
        self.counts.questions += 1;
        let new_reference = self.new_reference(graph);
        let mut all: Vec<Triple> = graph.triples.iter().cloned().chain(new_reference).collect();
        sort_for_output(&mut all);
        all.dedup();
        self.counts.count(&all);
        match &mut self.sink {
            Sink::Oxigraph(s) => {
                for t in &all {
                    s.serialize_triple(t)?;
                }
            }
            Sink::JsonLd(j) => j.write_triples(&all)?,
            Sink::Fragments { .. } => unreachable_sink(),
        }
        Ok(())
    }

    /// Writes one question whose own triples a worker has written already (`rendered`
    /// must come from `graph`, in this writer's format).
    pub fn write_rendered(&mut self, graph: &QuestionGraph, rendered: &Rendered) -> io::Result<()> {
        if rendered.format != self.format {
            return self.write(graph);
        }
        self.counts.questions += 1;
        self.counts.merge(&rendered.counts);
        self.put(&rendered.bytes)?;
        let new_reference = self.new_reference(graph);
        if !new_reference.is_empty() {
            self.counts.count(&new_reference);
            let bytes = fragment(self.format, &new_reference, &self.reference_graph)?;
            self.put(&bytes)?;
        }
        Ok(())
    }

    /// Writes loose triples (a VoID description, an ontology) in the same output.
    pub fn write_triples(&mut self, triples: &[Triple]) -> io::Result<()> {
        let mut all = triples.to_vec();
        sort_for_output(&mut all);
        all.dedup();
        match &mut self.sink {
            Sink::Fragments { .. } => {
                let bytes = fragment(self.format, &all, GraphNameRef::DefaultGraph)?;
                self.put(&bytes)?;
            }
            Sink::Oxigraph(s) => {
                for t in &all {
                    s.serialize_triple(t)?;
                }
            }
            Sink::JsonLd(j) => j.write_triples(&all)?,
        }
        Ok(())
    }

    /// Counts so far.
    #[must_use]
    pub fn stats(&self) -> DatasetStats {
        self.counts.to_stats()
    }

    /// Ends the document; returns the writer and the counts.
    pub fn finish(self) -> io::Result<(W, DatasetStats)> {
        let writer = match self.sink {
            Sink::Fragments { writer, .. } => writer,
            Sink::Oxigraph(s) => s.finish()?,
            Sink::JsonLd(j) => j.finish()?,
        };
        let stats = self.counts.to_stats();
        Ok((writer, stats))
    }
}

/// Removes leading prefix declarations.
fn strip_header(bytes: Vec<u8>) -> Vec<u8> {
    let mut body = 0;
    while bytes[body..].starts_with(b"@prefix ") {
        body += bytes[body..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len() - body, |i| i + 1);
    }
    if body == 0 {
        bytes
    } else {
        bytes[body..].to_vec()
    }
}

#[cold]
fn unreachable_sink() -> ! {
    // Each format has one kind of sink, chosen in `GraphWriter::new`; reaching another
    // one is a programming error.
    unreachable!("the sink does not match the format")
}

/// Sorts triples for readable, deterministic output: by subject, `rdf:type` first, then by
/// predicate and object.
pub fn sort_for_output(triples: &mut [Triple]) {
    triples.sort_by(crate::rdf::order::cmp_triple);
}

/// JSON-LD writer: a document with the qe2rdf context and a `@graph` of node objects, one
/// per subject and chunk, keys as compact IRIs, values as value or node objects.
struct JsonLdWriter<W: Write> {
    writer: W,
    first: bool,
}

impl<W: Write> JsonLdWriter<W> {
    fn start(mut writer: W) -> io::Result<Self> {
        let context: serde_json::Value =
            serde_json::from_str(JSONLD_CONTEXT).map_err(io::Error::other)?;
        let context = context.get("@context").cloned().unwrap_or(context);
        writer.write_all(b"{\n  \"@context\": ")?;
        serde_json::to_writer(&mut writer, &context).map_err(io::Error::other)?;
        writer.write_all(b",\n  \"@graph\": [")?;
        Ok(Self {
            writer,
            first: true,
        })
    }

    fn write_triples(&mut self, sorted: &[Triple]) -> io::Result<()> {
        let mut i = 0;
        while i < sorted.len() {
            let subject = &sorted[i].subject;
            let mut j = i;
            while j < sorted.len() && sorted[j].subject == *subject {
                j += 1;
            }
            let node = node_object(&sorted[i..j]);
            self.writer
                .write_all(if self.first { b"\n    " } else { b",\n    " })?;
            self.first = false;
            serde_json::to_writer(&mut self.writer, &node).map_err(io::Error::other)?;
            i = j;
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<W> {
        self.writer.write_all(b"\n  ]\n}\n")?;
        Ok(self.writer)
    }
}

/// Compacts an IRI with the prefixes of the context (`qe:number`).
#[must_use]
pub fn compact_iri(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            // A compact IRI must not look like an absolute IRI or a blank node once expanded.
            if !local.is_empty() && !local.starts_with("//") && !local.contains(['#', '?']) {
                return format!("{prefix}:{local}");
            }
        }
    }
    iri.to_owned()
}

fn node_object(triples: &[Triple]) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let mut node = Map::new();
    node.insert(
        "@id".into(),
        Value::String(
            triples[0]
                .subject
                .to_string()
                .trim_matches(['<', '>'])
                .to_owned(),
        ),
    );
    let mut types = Vec::new();
    let mut props: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for t in triples {
        if t.predicate.as_ref() == rdf::TYPE {
            if let Term::NamedNode(n) = &t.object {
                types.push(Value::String(compact_iri(n.as_str())));
                continue;
            }
        }
        let value = match &t.object {
            Term::NamedNode(n) => json!({ "@id": n.as_str() }),
            Term::BlankNode(b) => json!({ "@id": format!("_:{}", b.as_str()) }),
            Term::Literal(l) => literal_value(l),
            #[allow(unreachable_patterns)]
            _ => json!({ "@value": t.object.to_string() }),
        };
        props
            .entry(compact_iri(t.predicate.as_str()))
            .or_default()
            .push(value);
    }
    if !types.is_empty() {
        node.insert(
            "@type".into(),
            if types.len() == 1 {
                types.remove(0)
            } else {
                Value::Array(types)
            },
        );
    }
    for (key, mut values) in props {
        node.insert(
            key,
            if values.len() == 1 {
                values.remove(0)
            } else {
                Value::Array(values)
            },
        );
    }
    Value::Object(node)
}

fn literal_value(l: &Literal) -> serde_json::Value {
    use serde_json::json;
    if let Some(lang) = l.language() {
        return json!({ "@value": l.value(), "@language": lang });
    }
    let datatype = l.datatype();
    if datatype == xsd::STRING {
        return json!(l.value());
    }
    if datatype == xsd::INTEGER {
        if let Ok(n) = l.value().parse::<i64>() {
            return json!(n);
        }
    }
    json!({ "@value": l.value(), "@type": compact_iri(datatype.as_str()) })
}

/// Writes triples, in the order given, as one graph in `format` (a quad format writes
/// them in the default graph).
pub fn write_triples<W: Write>(
    format: ExportFormat,
    triples: &[Triple],
    writer: W,
) -> io::Result<W> {
    if format == ExportFormat::JsonLd {
        let mut j = JsonLdWriter::start(writer)?;
        j.write_triples(triples)?;
        return j.finish();
    }
    let mut s = serializer(format).for_writer(writer);
    for t in triples {
        s.serialize_triple(t)?;
    }
    s.finish()
}

/// A distribution of the dataset (a file written), for the DCAT description.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// File name or URL.
    pub download: String,
    /// Format.
    pub format: ExportFormat,
}

/// Licence Ouverte / Open Licence 2.0 (Etalab), the licence of the Assembly's open data.
pub const LICENCE_OUVERTE_2: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence";

/// The VoID and DCAT description of a dataset written with these counts.
#[must_use]
pub fn void_description(
    stats: &DatasetStats,
    minter: &IriMinter,
    distributions: &[Distribution],
    reference: &[crate::model::ReferenceSnapshot],
) -> Vec<Triple> {
    let d = minter.dataset("qe2rdf");
    let mut t = Vec::new();
    let lit = |s: &str| Literal::new_simple_literal(s);
    let int = |n: u64| Literal::new_typed_literal(n.to_string(), xsd::INTEGER);
    let mut add = |s: &NamedNode, p: oxigraph::model::NamedNodeRef<'_>, o: Term| {
        t.push(Triple::new(s.clone(), p, o))
    };
    add(&d, rdf::TYPE, void::DATASET.into_owned().into());
    add(&d, rdf::TYPE, dcat::DATASET.into_owned().into());
    add(
        &d,
        dcterms::TITLE,
        crate::rdf::fr("Questions parlementaires de l'Assemblée nationale (qe2rdf)").into(),
    );
    add(
        &d,
        dcterms::TITLE,
        crate::rdf::en("Parliamentary questions of the French National Assembly (qe2rdf)").into(),
    );
    add(&d, dcterms::DESCRIPTION, crate::rdf::fr("Questions écrites, orales sans débat et au gouvernement, leurs auteurs, ministères, rubriques, dates de procédure, réponses et organismes cités, en RDF.").into());
    add(
        &d,
        dcterms::LICENSE,
        NamedNode::new_unchecked(LICENCE_OUVERTE_2).into(),
    );
    add(
        &d,
        dcterms::SOURCE,
        NamedNode::new_unchecked("https://data.assemblee-nationale.fr/").into(),
    );
    add(
        &d,
        dcterms::SOURCE,
        NamedNode::new_unchecked("https://questions.assemblee-nationale.fr/").into(),
    );
    add(&d, dcterms::PUBLISHER, lit("qe2rdf").into());
    // The reference data the questions were linked with, and of when.
    for snapshot in reference {
        let node = minter.reference(snapshot);
        add(&d, prov::WAS_DERIVED_FROM, node.clone().into());
        for (p, o) in crate::rdf::reference_description(snapshot) {
            add(&node, p, o);
        }
    }
    add(&d, void::URI_SPACE, lit(minter.base()).into());
    add(
        &d,
        void::VOCABULARY,
        NamedNode::new_unchecked(vocab::qe::NS).into(),
    );
    add(&d, void::TRIPLES, int(stats.triples).into());
    add(&d, void::ENTITIES, int(stats.entities).into());
    add(&d, void::CLASSES, int(stats.classes.len() as u64).into());
    add(
        &d,
        void::PROPERTIES,
        int(stats.properties.len() as u64).into(),
    );
    add(
        &d,
        rdfs::LABEL,
        lit(&format!("{} questions", stats.questions)).into(),
    );
    for (class, n) in &stats.classes {
        let part = minter.dataset(&format!(
            "qe2rdf-class-{}",
            crate::text::slug(&compact_iri(class))
        ));
        add(&d, void::CLASS_PARTITION, part.clone().into());
        add(
            &part,
            void::CLASS,
            NamedNode::new_unchecked(class.clone()).into(),
        );
        add(&part, void::ENTITIES, int(*n).into());
    }
    for (property, n) in &stats.properties {
        let part = minter.dataset(&format!(
            "qe2rdf-property-{}",
            crate::text::slug(&compact_iri(property))
        ));
        add(&d, void::PROPERTY_PARTITION, part.clone().into());
        add(
            &part,
            void::PROPERTY,
            NamedNode::new_unchecked(property.clone()).into(),
        );
        add(&part, void::TRIPLES, int(*n).into());
    }
    for dist in distributions {
        let node = minter.dataset(&format!(
            "qe2rdf-{}-{}",
            dist.format.extension(),
            crate::text::slug(&dist.download)
        ));
        add(&d, dcat::DISTRIBUTION_PROP, node.clone().into());
        add(&node, rdf::TYPE, dcat::DISTRIBUTION.into_owned().into());
        add(
            &node,
            dcat::MEDIA_TYPE,
            lit(dist.format.media_type()).into(),
        );
        add(&node, dcterms::FORMAT, lit(dist.format.media_type()).into());
        add(
            &node,
            dcterms::LICENSE,
            NamedNode::new_unchecked(LICENCE_OUVERTE_2).into(),
        );
        add(&node, dcterms::TITLE, lit(&dist.download).into());
        if let Ok(url) = NamedNode::new(&dist.download) {
            if url.as_str().contains("://") {
                add(&node, dcat::DOWNLOAD_URL, url.clone().into());
                add(&d, void::DATA_DUMP, url.into());
            }
        }
    }
    t
}
