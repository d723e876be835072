//! The questions linked to a resource (a deputy, a ministry, a rubric…), newest first, and
//! their profile (counts by status, month, legislature and linked resource; answer delays),
//! from the `links` field of the index and its fast columns: what the resource pages show,
//! in milliseconds whatever the number of questions.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use super::{SearchError, SearchIndex, Status, date_of_number};
use crate::model::QuestionKind;

/// What narrows a listing (each `None`: anything).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Of this legislature.
    pub legislature: Option<u16>,
    /// Of this type.
    pub kind: Option<QuestionKind>,
    /// Where it stands.
    pub status: Option<Status>,
    /// With this link too (`"{role} {iri}"`, see [`super::Role::link`]).
    pub link: Option<String>,
}

impl ListFilter {
    /// Whether it narrows nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One question of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// `QANR5L16QE13417`.
    pub uid: String,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// The author's name.
    pub author: Option<String>,
    /// Its analysis heading (or first analysis, or rubric).
    pub heading: Option<String>,
    /// Where it stands.
    pub status: Status,
}

/// The profile of a set of questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Questions.
    pub total: usize,
    /// Questions by status (answered, withdrawn, closed, open).
    pub by_status: BTreeMap<&'static str, usize>,
    /// Questions by type code (`QE`, `QOSD`, `QG`).
    pub by_kind: BTreeMap<String, usize>,
    /// Questions by legislature.
    pub by_legislature: BTreeMap<u16, usize>,
    /// Questions by month of publication (`2024-03`).
    pub by_month: BTreeMap<String, usize>,
    /// Questions by link (`"{role} {iri}"`): their authors, ministries, rubrics…
    pub by_link: FxHashMap<String, usize>,
    /// Days from publication to answer, of each answered question with both dates, sorted.
    pub delays: Vec<i64>,
}

impl Profile {
    /// The usual median of the answer delays (for an even count, the mean of the two
    /// middle values), in days.
    #[must_use]
    pub fn median_delay(&self) -> Option<f64> {
        let n = self.delays.len();
        if n == 0 {
            return None;
        }
        #[allow(clippy::cast_precision_loss)]
        let (low, high) = (self.delays[(n - 1) / 2] as f64, self.delays[n / 2] as f64);
        Some(f64::midpoint(low, high))
    }

    /// Answered questions.
    #[must_use]
    pub fn answered(&self) -> usize {
        self.by_status
            .get(Status::Answered.name())
            .copied()
            .unwrap_or(0)
    }
}

/// A page of questions and the profile of all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// Questions matching the filter.
    pub total: usize,
    /// The page asked, newest first.
    pub rows: Vec<Listed>,
    /// The profile of every question of the resource (the filter aside).
    pub profile: Profile,
}

/// The strings of a column, each ordinal read once.
struct Strings<'c> {
    column: &'c StrColumn,
    known: FxHashMap<u64, String>,
}

impl<'c> Strings<'c> {
    fn new(column: &'c StrColumn) -> Self {
        Self {
            column,
            known: FxHashMap::default(),
        }
    }

    fn of(&mut self, doc: tantivy::DocId) -> Result<Vec<&str>, SearchError> {
        let ords: Vec<u64> = self.column.term_ords(doc).collect();
        for ord in &ords {
            if !self.known.contains_key(ord) {
                let mut text = String::new();
                self.column.ord_to_str(*ord, &mut text)?;
                self.known.insert(*ord, text);
            }
        }
        Ok(ords
            .iter()
            .filter_map(|o| self.known.get(o).map(String::as_str))
            .collect())
    }
}

impl SearchIndex {
    /// The questions with any of `links`, narrowed by `filter`: `limit` of them from
    /// `offset`, newest first, with the profile of all the questions with any of `links`.
    pub fn listing(
        &self,
        links: &[String],
        filter: &ListFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Listing, SearchError> {
        self.list(links, filter, limit, offset, true)
    }

    /// As [`Self::listing`], without the profile (left empty): a page of the list and its
    /// size, for what needs no more (an RDF description and its paging).
    pub fn listing_page(
        &self,
        links: &[String],
        limit: usize,
        offset: usize,
    ) -> Result<Listing, SearchError> {
        self.list(links, &ListFilter::default(), limit, offset, false)
    }

    fn list(
        &self,
        links: &[String],
        filter: &ListFilter,
        limit: usize,
        offset: usize,
        with_profile: bool,
    ) -> Result<Listing, SearchError> {
        let searcher = self.reader.searcher();
        let f = self.fields;
        let any: Vec<(Occur, Box<dyn Query>)> = links
            .iter()
            .map(|l| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(f.links, l),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        if any.is_empty() {
            return Ok(Listing::default());
        }
        let linked: Box<dyn Query> = Box::new(BooleanQuery::new(any));
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, linked.box_clone())];
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(l) = filter.legislature {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.legislature, u64::from(l)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if let Some(k) = filter.kind {
            clauses.push((Occur::Must, term(f.kind, k.code())));
        }
        if let Some(s) = filter.status {
            clauses.push((Occur::Must, term(f.status, s.name())));
        }
        if let Some(link) = &filter.link {
            clauses.push((Occur::Must, term(f.links, link)));
        }
        let narrowed = BooleanQuery::new(clauses);
        let collector = TopDocs::with_limit(limit.max(1))
            .and_offset(offset)
            .order_by_u64_field("date", Order::Desc);
        let (top, total) = searcher.search(&narrowed, &(collector, Count))?;
        let mut rows = Vec::with_capacity(top.len());
        if limit > 0 {
            for (_, address) in top {
                rows.push(self.listed(&searcher.doc(address)?));
            }
        }
        let profile = if with_profile {
            let all = searcher.search(&linked, &DocSetCollector)?;
            self.profile(&searcher, all)?
        } else {
            Profile::default()
        };
        Ok(Listing {
            total,
            rows,
            profile,
        })
    }

    fn listed(&self, doc: &TantivyDocument) -> Listed {
        let f = self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        Listed {
            uid: text(f.uid).unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_u64())
                .and_then(date_of_number),
            author: text(f.author_name),
            heading: text(f.heading),
            status: text(f.status)
                .and_then(|s| Status::parse(&s))
                .unwrap_or(Status::Open),
        }
    }

    /// The profile of the questions `docs`.
    fn profile(
        &self,
        searcher: &tantivy::Searcher,
        docs: std::collections::HashSet<DocAddress>,
    ) -> Result<Profile, SearchError> {
        let mut by_segment: FxHashMap<u32, Vec<tantivy::DocId>> = FxHashMap::default();
        for address in docs {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push(address.doc_id);
        }
        let mut profile = Profile::default();
        let mut by_link: FxHashMap<String, usize> = FxHashMap::default();
        for (segment_ord, docs) in by_segment {
            let segment = searcher.segment_reader(segment_ord);
            let fast = segment.fast_fields();
            let dates = fast.u64("date")?;
            let answered = fast.u64("answered")?;
            let legislatures = fast.u64("legislature")?;
            let (Some(status_column), Some(kind_column), Some(link_column)) =
                (fast.str("status")?, fast.str("kind")?, fast.str("links")?)
            else {
                continue;
            };
            let mut statuses = Strings::new(&status_column);
            let mut kinds = Strings::new(&kind_column);
            let mut links: FxHashMap<u64, usize> = FxHashMap::default();
            for doc in docs {
                profile.total += 1;
                let status = statuses
                    .of(doc)?
                    .first()
                    .and_then(|s| Status::parse(s))
                    .unwrap_or(Status::Open);
                *profile.by_status.entry(status.name()).or_default() += 1;
                if let Some(kind) = kinds.of(doc)?.first() {
                    *profile.by_kind.entry((*kind).to_owned()).or_default() += 1;
                }
                if let Some(l) = legislatures.first(doc) {
                    let l = u16::try_from(l).unwrap_or(0);
                    *profile.by_legislature.entry(l).or_default() += 1;
                }
                let published = dates.first(doc).and_then(date_of_number);
                if let Some(d) = published {
                    *profile
                        .by_month
                        .entry(d.format("%Y-%m").to_string())
                        .or_default() += 1;
                }
                if let (Some(p), Some(a)) = (
                    published,
                    answered
                        .first(doc)
                        .filter(|n| *n > 0)
                        .and_then(date_of_number),
                ) {
                    profile.delays.push((a - p).num_days());
                }
                for ord in link_column.term_ords(doc) {
                    *links.entry(ord).or_default() += 1;
                }
            }
            for (ord, n) in links {
                let mut text = String::new();
                link_column.ord_to_str(ord, &mut text)?;
                *by_link.entry(text).or_default() += n;
            }
        }
        profile.delays.sort_unstable();
        profile.by_link = by_link;
        Ok(profile)
    }
}
