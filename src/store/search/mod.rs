//! Full-text search of the questions: a tantivy index beside the store.
//!
//! The index covers the question and answer texts, analysis heading, analyses and rubric,
//! the author, group and ministry names and the names of the bodies cited, with a French
//! analyzer (lower case, accents folded, elided articles and stop words removed, Snowball
//! stemming: [`analyzer`]) and an exact field for phrases. It answers the query syntax of
//! [`query`] ranked by BM25, recency breaking ties, with an excerpt where the words are
//! highlighted.
//!
//! It lives in the store's folder (`qe2rdf-search/`) and follows the store in the same
//! all-or-nothing way: before a batch of questions is written to the store, their
//! identifiers go to a journal in the index's folder; once the store has committed them,
//! the index commits them and empties the journal. A load killed in between leaves the
//! journal: the index then says it is stale, and the next load (or `qe2rdf index
//! --rebuild`) indexes those questions again from the store.

pub mod analyzer;
pub mod document;
pub mod in_step;
pub mod judged;
pub mod listing;
pub mod query;
pub mod service;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use document::{Role, SearchDocument, Status, parse_link};
pub use query::{Filter, Item, ParsedQuery, QueryError};

/// The index's folder, in the store's folder.
pub const FOLDER: &str = "qe2rdf-search";
/// The journal of questions written to the store but maybe not yet to the index.
const JOURNAL: &str = "pending";
/// Memory the writer may use before it writes a segment.
const WRITER_MEMORY: usize = 64 << 20;
/// Characters of an excerpt.
const EXCERPT_CHARS: usize = 220;

/// Errors of the index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The query could not be read.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The engine failed (a damaged index: `qe2rdf index --rebuild` makes it anew).
    #[error("search index: {0}")]
    Engine(#[from] tantivy::TantivyError),
    /// Its files could not be read or written.
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
struct Fields {
    uid: Field,
    legislature: Field,
    kind: Field,
    status: Field,
    date: Field,
    author_name: Field,
    text: Field,
    title: Field,
    exact: Field,
    bodies: Field,
    body: Field,
    author: Field,
    ministry: Field,
    group: Field,
    rubric: Field,
    heading: Field,
    answered: Field,
    links: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let french = |stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::FRENCH)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let folded = |record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::FOLDED)
                .set_index_option(record),
        )
    };
    let number = NumericOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored();
    let fields = Fields {
        uid: b.add_text_field("uid", STRING | STORED | tantivy::schema::FAST),
        legislature: b.add_u64_field("legislature", number.clone()),
        kind: b.add_text_field("kind", STRING | STORED | tantivy::schema::FAST),
        status: b.add_text_field("status", STRING | STORED | tantivy::schema::FAST),
        date: b.add_u64_field("date", number.clone()),
        author_name: b.add_text_field("author_name", STORED),
        text: b.add_text_field("text", french(false)),
        title: b.add_text_field("title", french(false)),
        exact: b.add_text_field(
            "exact",
            folded(IndexRecordOption::WithFreqsAndPositions).set_stored(),
        ),
        bodies: b.add_text_field("bodies", french(false)),
        body: b.add_text_field("body", STRING | tantivy::schema::FAST),
        author: b.add_text_field("author", folded(IndexRecordOption::WithFreqs)),
        ministry: b.add_text_field("ministry", folded(IndexRecordOption::WithFreqs)),
        group: b.add_text_field("group", folded(IndexRecordOption::WithFreqs)),
        rubric: b.add_text_field("rubric", folded(IndexRecordOption::WithFreqs)),
        heading: b.add_text_field("heading", STORED),
        answered: b.add_u64_field("answered", number),
        links: b.add_text_field("links", STRING | tantivy::schema::FAST),
    };
    (b.build(), fields)
}

/// A date as the index keeps it: `20231205`.
fn day_number(date: NaiveDate) -> u64 {
    u64::try_from(date.year()).unwrap_or(0) * 10_000
        + u64::from(date.month()) * 100
        + u64::from(date.day())
}

fn date_of_number(n: u64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::try_from(n / 10_000).ok()?,
        u32::try_from(n / 100 % 100).ok()?,
        u32::try_from(n % 100).ok()?,
    )
}

/// How the index stands beside its store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexState {
    /// There is none.
    Missing,
    /// A load stopped between the store and the index: these questions may differ.
    Stale {
        /// Questions indexed.
        questions: u64,
        /// Questions that may differ from the store.
        pending: usize,
    },
    /// In step with the store.
    Ready {
        /// Questions indexed.
        questions: u64,
    },
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// `QANR5L16QE13417`.
    pub uid: String,
    /// BM25 score.
    pub score: f32,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// The author's name.
    pub author: Option<String>,
    /// The excerpt, highlighted words between `**`.
    pub snippet: String,
    /// The same excerpt in HTML, highlighted words in `<b>` (text escaped).
    pub snippet_html: String,
}

impl Hit {
    /// The result as JSON (as `qe2rdf search -f json` and `/search` give it), with the
    /// question's IRI as given.
    #[must_use]
    pub fn to_json(&self, question: impl Into<serde_json::Value>) -> serde_json::Value {
        serde_json::json!({
            "question": question.into(),
            "uid": self.uid,
            "score": self.score,
            "date": self.date.map(|d| d.to_string()),
            "author": self.author,
            "snippet": self.snippet,
            "snippet_html": self.snippet_html,
        })
    }
}

/// A page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Hits {
    /// Questions matching, in all.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
}

/// The index (see the module documentation).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Its folder (none in memory).
    folder: Option<PathBuf>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("folder", &self.folder)
            .finish()
    }
}

impl SearchIndex {
    fn with_index(
        index: Index,
        fields: Fields,
        folder: Option<PathBuf>,
    ) -> Result<Self, SearchError> {
        analyzer::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            fields,
            folder,
        })
    }

    /// An index in memory (tests, in-memory stores).
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        Self::with_index(Index::create_in_ram(schema), fields, None)
    }

    /// The index of the store in `store_folder`, when it has one.
    pub fn open(store_folder: &Path) -> Result<Option<Self>, SearchError> {
        let folder = store_folder.join(FOLDER);
        if !folder.join("meta.json").exists() {
            return Ok(None);
        }
        let (schema, fields) = schema();
        let index = Index::open_in_dir(&folder)?;
        // An index of an older layout is as good as none: the next load (or `qe2rdf index
        // --rebuild`) makes it anew.
        if index.schema() != schema {
            return Ok(None);
        }
        Ok(Some(Self::with_index(index, fields, Some(folder))?))
    }

    /// A new, empty index for the store in `store_folder` (an old one is removed).
    pub fn create(store_folder: &Path) -> Result<Self, SearchError> {
        let folder = store_folder.join(FOLDER);
        if folder.exists() {
            fs::remove_dir_all(&folder)?;
        }
        fs::create_dir_all(&folder)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(&folder, schema)?;
        Self::with_index(index, fields, Some(folder))
    }

    /// How the index of the store in `store_folder` stands.
    #[must_use]
    pub fn state(store_folder: &Path) -> IndexState {
        match Self::open(store_folder) {
            Ok(Some(index)) => {
                let questions = index.len();
                match index.left_behind().len() {
                    0 => IndexState::Ready { questions },
                    pending => IndexState::Stale { questions, pending },
                }
            }
            _ => IndexState::Missing,
        }
    }

    /// Questions indexed.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether no question is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The questions the journal lists (written to the store, maybe not to the index).
    #[must_use]
    pub fn pending(&self) -> Vec<String> {
        let Some(folder) = &self.folder else {
            return Vec::new();
        };
        fs::read_to_string(folder.join(JOURNAL))
            .map(|s| {
                s.lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What is to be indexed again before the index is in step: the questions of the
    /// journal and any question indexed twice (a deletion lost by the engine would leave
    /// one; indexing it again keeps one entry).
    #[must_use]
    pub fn left_behind(&self) -> Vec<String> {
        let mut out = self.pending();
        let mut uids = self.uids().unwrap_or_default();
        uids.sort_unstable();
        for pair in uids.windows(2) {
            if pair[0] == pair[1] && out.last() != Some(&pair[0]) && !out.contains(&pair[0]) {
                out.push(pair[0].clone());
            }
        }
        out
    }

    /// A writer (one at a time: the store's lock keeps it so).
    ///
    /// The writer never merges segments in the background: tantivy's background merges
    /// can race with the deletions of a commit (a replaced question then shows twice until
    /// it is replaced again), so merges are run by [`SearchWriter::merge`], between commits.
    pub fn writer(&self) -> Result<SearchWriter, SearchError> {
        let writer = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(SearchWriter {
            writer,
            fields: self.fields,
            journal: self.folder.as_ref().map(|f| f.join(JOURNAL)),
        })
    }

    /// Sees what the last commits wrote.
    pub fn reload(&self) -> Result<(), SearchError> {
        self.reader.reload()?;
        Ok(())
    }

    /// Runs a query of the syntax of [`query`]: `limit` results from `offset`, best first.
    pub fn search(&self, text: &str, limit: usize, offset: usize) -> Result<Hits, SearchError> {
        let parsed = query::parse(text)?;
        self.search_parsed(&parsed, limit, offset)
    }

    /// Runs a query already read.
    pub fn search_parsed(
        &self,
        parsed: &ParsedQuery,
        limit: usize,
        offset: usize,
    ) -> Result<Hits, SearchError> {
        let searcher = self.reader.searcher();
        let query = self.compile(parsed)?;
        let date_field = "date";
        let collector = TopDocs::with_limit(limit.max(1))
            .and_offset(offset)
            .tweak_score(move |segment: &tantivy::SegmentReader| {
                let dates = segment.fast_fields().u64(date_field).ok();
                move |doc: tantivy::DocId, score: tantivy::Score| {
                    (
                        score,
                        dates.as_ref().and_then(|d| d.first(doc)).unwrap_or(0),
                    )
                }
            });
        let (top, total) = searcher.search(&query, &(collector, Count))?;
        let top: Vec<((f32, u64), DocAddress)> = if limit == 0 { Vec::new() } else { top };
        let mut snippets = self.snippet_generator(parsed)?;
        let mut hits = Vec::with_capacity(top.len());
        for ((score, _), address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |f: Field| doc.get_first(f).and_then(|v| v.as_str()).map(str::to_owned);
            let full = text(self.fields.exact).unwrap_or_default();
            let (snippet, snippet_html) = excerpt_of(snippets.as_mut(), &full);
            hits.push(Hit {
                uid: text(self.fields.uid).unwrap_or_default(),
                score,
                date: doc
                    .get_first(self.fields.date)
                    .and_then(|v| v.as_u64())
                    .and_then(date_of_number),
                author: text(self.fields.author_name),
                snippet,
                snippet_html,
            });
        }
        Ok(Hits { total, hits })
    }

    /// The identifiers of every question matching, best first, at most `limit`, each with
    /// its score (for the SPARQL service, which joins them with other patterns).
    pub fn matching(
        &self,
        parsed: &ParsedQuery,
        limit: usize,
    ) -> Result<Vec<(String, f32)>, SearchError> {
        let searcher = self.reader.searcher();
        let query = self.compile(parsed)?;
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let segment = searcher.segment_reader(address.segment_ord);
            if let Some(column) = segment.fast_fields().str("uid")? {
                let mut uid = String::new();
                if let Some(ord) = column.term_ords(address.doc_id).next() {
                    column.ord_to_str(ord, &mut uid)?;
                }
                out.push((uid, score));
            }
        }
        Ok(out)
    }

    /// The identifier of every question indexed, once per entry (a question indexed twice
    /// comes twice), in no particular order.
    pub fn uids(&self) -> Result<Vec<String>, SearchError> {
        Ok(self
            .strings_of_each("uid")?
            .into_iter()
            .map(|mut v| {
                if v.is_empty() {
                    String::new()
                } else {
                    v.swap_remove(0)
                }
            })
            .collect())
    }

    /// The bodies each indexed question cites (IRIs), for the co-citation counts.
    pub fn cited_bodies(&self) -> Result<Vec<Vec<String>>, SearchError> {
        let mut out = self.strings_of_each("body")?;
        out.retain(|bodies| !bodies.is_empty());
        Ok(out)
    }

    /// The values of a string fast field, for each question indexed.
    fn strings_of_each(&self, field: &str) -> Result<Vec<Vec<String>>, SearchError> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let Some(column) = segment.fast_fields().str(field)? else {
                continue;
            };
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    continue;
                }
                let mut values = Vec::new();
                for ord in column.term_ords(doc) {
                    let mut text = String::new();
                    column.ord_to_str(ord, &mut text)?;
                    values.push(text);
                }
                out.push(values);
            }
        }
        Ok(out)
    }

    /// The terms of a text through a field's analyzer.
    fn analyze(&self, field: Field, text: &str) -> Result<Vec<String>, SearchError> {
        let mut analyzer: TextAnalyzer = self.index.tokenizer_for_field(field)?;
        Ok(analyzer::terms(&mut analyzer, text))
    }

    /// Every term of `text` in `field`, all required; `None` when it has no term there.
    fn all_terms(&self, field: Field, text: &str) -> Result<Option<Box<dyn Query>>, SearchError> {
        let terms = self.analyze(field, text)?;
        if terms.is_empty() {
            return Ok(None);
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Must, q)
            })
            .collect();
        Ok(Some(if clauses.len() == 1 {
            clauses
                .into_iter()
                .next()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(AllQuery))
        } else {
            Box::new(BooleanQuery::new(clauses))
        }))
    }

    /// A word or phrase, in any field that holds words.
    fn item(&self, item: &Item) -> Result<Option<Box<dyn Query>>, SearchError> {
        match item {
            Item::Phrase(phrase) => {
                let terms: Vec<Term> = self
                    .analyze(self.fields.exact, phrase)?
                    .iter()
                    .map(|t| Term::from_field_text(self.fields.exact, t))
                    .collect();
                Ok(match terms.len() {
                    0 => None,
                    1 => Some(Box::new(TermQuery::new(
                        terms[0].clone(),
                        IndexRecordOption::WithFreqs,
                    ))),
                    _ => Some(Box::new(PhraseQuery::new(terms))),
                })
            }
            Item::Word(word) => {
                let f = self.fields;
                // A stop word or an elided article asks for nothing.
                if self.analyze(f.text, word)?.is_empty() {
                    return Ok(None);
                }
                let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (field, boost) in [
                    (f.text, 1.0),
                    (f.title, 2.0),
                    (f.bodies, 1.5),
                    (f.author, 1.5),
                    (f.ministry, 1.0),
                    (f.group, 1.0),
                    (f.rubric, 1.5),
                ] {
                    if let Some(q) = self.all_terms(field, word)? {
                        alternatives.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
                    }
                }
                Ok((!alternatives.is_empty())
                    .then(|| Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>))
            }
        }
    }

    /// The query of the engine for a query read.
    fn compile(&self, parsed: &ParsedQuery) -> Result<Box<dyn Query>, SearchError> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut positive = false;
        for group in &parsed.must {
            let mut alternatives = Vec::new();
            for item in group {
                if let Some(q) = self.item(item)? {
                    alternatives.push((Occur::Should, q));
                }
            }
            if !alternatives.is_empty() {
                positive = true;
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        for item in &parsed.must_not {
            if let Some(q) = self.item(item)? {
                clauses.push((Occur::MustNot, q));
            }
        }
        for filter in &parsed.filters {
            let q: Option<Box<dyn Query>> = match filter {
                Filter::Legislature(l) => Some(Box::new(TermQuery::new(
                    Term::from_field_u64(f.legislature, u64::from(*l)),
                    IndexRecordOption::Basic,
                ))),
                Filter::Kind(k) => Some(Box::new(TermQuery::new(
                    Term::from_field_text(f.kind, k.code()),
                    IndexRecordOption::Basic,
                ))),
                Filter::Status(s) => Some(Box::new(TermQuery::new(
                    Term::from_field_text(f.status, s.name()),
                    IndexRecordOption::Basic,
                ))),
                Filter::Ministry(v) => self.all_terms(f.ministry, v)?,
                Filter::Group(v) => self.all_terms(f.group, v)?,
                Filter::Rubric(v) => self.all_terms(f.rubric, v)?,
                Filter::Author(v) => self.all_terms(f.author, v)?,
                Filter::After(d) => Some(Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_u64(f.date, day_number(*d))),
                    Bound::Unbounded,
                ))),
                Filter::Before(d) => Some(Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_u64(f.date, day_number(*d))),
                ))),
            };
            // A filter value without any word matches nothing rather than everything.
            let q = q.unwrap_or_else(|| Box::new(tantivy::query::EmptyQuery));
            clauses.push((Occur::Must, q));
        }
        if !positive {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// What highlights the query's words in excerpts: every positive word and phrase,
    /// through the French analyzer, so that `écoles` highlights `école`.
    fn snippet_generator(
        &self,
        parsed: &ParsedQuery,
    ) -> Result<Option<SnippetGenerator>, SearchError> {
        let words = parsed.positive_text();
        let mut french = analyzer::french();
        let terms = analyzer::terms(&mut french, &words);
        if terms.is_empty() {
            return Ok(None);
        }
        let weights: BTreeMap<String, f32> = terms.into_iter().map(|t| (t, 1.0)).collect();
        let mut generator =
            SnippetGenerator::new(weights, french, self.fields.exact, EXCERPT_CHARS);
        generator.set_max_num_chars(EXCERPT_CHARS);
        Ok(Some(generator))
    }
}

/// The excerpt of a question's texts: around the query's words when they are in them, else
/// their start (a question found by its ministry, its group…). As text (highlights between
/// `**`) and as HTML.
fn excerpt_of(generator: Option<&mut SnippetGenerator>, full: &str) -> (String, String) {
    if let Some(generator) = generator {
        let s = generator.snippet(full);
        if !s.fragment().is_empty() {
            return (marked(&s), s.to_html());
        }
    }
    let start: String = full.chars().take(EXCERPT_CHARS).collect();
    (start.clone(), html_escape(&start))
}

/// An excerpt as text, its highlighted words between `**`.
fn marked(snippet: &tantivy::snippet::Snippet) -> String {
    let fragment = snippet.fragment();
    let mut out = String::with_capacity(fragment.len() + 16);
    let mut at = 0;
    for range in snippet.highlighted() {
        if range.start < at || range.end > fragment.len() {
            continue;
        }
        out.push_str(&fragment[at..range.start]);
        out.push_str("**");
        out.push_str(&fragment[range.clone()]);
        out.push_str("**");
        at = range.end;
    }
    out.push_str(&fragment[at..]);
    out
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Writes to the index, in step with the store (see the module documentation).
pub struct SearchWriter {
    writer: IndexWriter,
    fields: Fields,
    /// The journal (none in memory).
    journal: Option<PathBuf>,
}

impl SearchWriter {
    /// Notes that these questions are about to be written to the store.
    pub fn begin(&mut self, uids: &[String]) -> Result<(), SearchError> {
        let Some(path) = &self.journal else {
            return Ok(());
        };
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        let mut text = String::new();
        for uid in uids {
            text.push_str(uid);
            text.push('\n');
        }
        file.write_all(text.as_bytes())?;
        file.sync_data()?;
        Ok(())
    }

    /// Replaces a question's entry (or adds it).
    pub fn replace(&mut self, doc: &SearchDocument) -> Result<(), SearchError> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.uid, &doc.uid));
        self.add(doc)
    }

    /// Adds a question's entry (beside any it had).
    fn add(&mut self, doc: &SearchDocument) -> Result<(), SearchError> {
        let f = self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.uid, &doc.uid);
        d.add_u64(f.legislature, u64::from(doc.id.legislature));
        d.add_text(f.kind, doc.id.kind.code());
        d.add_text(f.status, doc.status.name());
        d.add_u64(f.date, doc.date.map_or(0, day_number));
        d.add_u64(f.answered, doc.answered.map_or(0, day_number));
        if let Some(heading) = &doc.heading {
            d.add_text(f.heading, heading);
        }
        for link in &doc.links {
            d.add_text(f.links, link);
        }
        if let Some(author) = &doc.author {
            d.add_text(f.author_name, author);
            d.add_text(f.author, author);
        }
        d.add_text(f.text, &doc.question_text);
        d.add_text(f.text, &doc.answer_text);
        d.add_text(f.title, &doc.title);
        d.add_text(f.exact, doc.full_text());
        for body in &doc.bodies {
            d.add_text(f.body, body);
        }
        for label in &doc.body_labels {
            d.add_text(f.bodies, label);
        }
        for (field, values) in [
            (f.ministry, &doc.ministries),
            (f.group, &doc.groups),
            (f.rubric, &doc.rubrics),
        ] {
            for v in values {
                d.add_text(field, v);
            }
        }
        self.writer.add_document(d)?;
        Ok(())
    }

    /// Removes a question's entry.
    pub fn remove(&mut self, uid: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.fields.uid, uid));
    }

    /// Removes every entry.
    pub fn clear(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Merges the segments that tantivy's usual policy would merge, waiting for each
    /// merge: no commit runs meanwhile, so no deletion is lost. Returns the number of
    /// merges.
    pub fn merge(&mut self) -> Result<usize, SearchError> {
        use tantivy::indexer::MergePolicy;
        let metas = self.writer.index().searchable_segment_metas()?;
        let candidates =
            tantivy::indexer::LogMergePolicy::default().compute_merge_candidates(&metas);
        for candidate in &candidates {
            self.writer.merge(&candidate.0).wait()?;
        }
        Ok(candidates.len())
    }

    /// Commits what was written and empties the journal: the index is in step again.
    pub fn commit(&mut self) -> Result<(), SearchError> {
        self.writer.commit()?;
        if let Some(path) = &self.journal {
            if path.exists() {
                fs::remove_file(path)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
