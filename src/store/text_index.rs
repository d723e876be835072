//! The store's word index of question and answer texts, for phrase searches.
//!
//! Reading every `schema:text` of a large store takes longer than a search should (a
//! store of 100 000 questions holds some 200 MB of text). The index lists, for every word of
//! the texts (folded: lowercase, accents removed, see [`crate::text::fold`]), the questions
//! whose texts (the question's and its answers') contain it, by identifier (`uid`). A phrase
//! search asks it which questions *may* contain the phrase and reads their texts only;
//! [`FoldedPhrase::excerpt`](crate::text::FoldedPhrase::excerpt) then decides on each text itself, so the
//! index narrows a search and never changes its result. Questions are known by their
//! identifier because the store holds a short literal inline and reads it at no cost,
//! where reading an IRI (a text's subject or graph) is a lookup as slow as the reading of
//! texts it would spare.
//!
//! A phrase matches inside words too (`commune` is found in `intercommunale`), so its
//! words are matched against the index's vocabulary by their place in the phrase: a middle
//! word is a whole word of the text, the first one ends a word, the last one starts a word,
//! a phrase of one word may be anywhere in a word. Each word's questions are intersected.
//!
//! The index also lists, for every body cited in a question or its answers
//! (`schema:mentions`), the questions that cite it: [`TextIndex::co_citations`] counts from
//! these the questions citing each pair of bodies, which the `qe:coCitations` service of the
//! store gives to queries. A cited body is indexed as a pseudo-word, a NUL character
//! followed by its IRI: no folded word holds one, and they sort before every word.
//!
//! The index lives in one file in the store's folder. `qe2rdf load` reads it, removes the
//! file, updates the index with the questions it writes and writes the file again at the
//! end, so that an interrupted load leaves no index that misses texts: searches then read
//! every text, as they do on a store without index, until a load builds it again.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::text::alphanumeric_words;

/// The file name of the index in the store's folder.
pub const FILE_NAME: &str = "qe2rdf-text-index";
/// The first bytes of the file, with its format version.
const MAGIC: &[u8; 16] = b"qe2rdf-words-v2\n";
/// What starts the pseudo-word of a cited body.
const BODY_MARK: char = '\0';

/// Why an index file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TextIndexError {
    /// The file could not be read or written.
    #[error("text index {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not an index of this version, or is cut short.
    #[error("text index {path}: {reason} at byte {offset}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: &'static str,
        /// Where in the file.
        offset: usize,
    },
}

/// Builds an index from texts (and cited bodies) given one by one, each with the key (a
/// question's identifier) it is indexed under; or updates an index: the keys given again
/// ([`TextIndexBuilder::replace`]) lose the words of their former texts and their former
/// bodies.
#[derive(Debug, Default)]
pub struct TextIndexBuilder {
    keys: Vec<String>,
    seen: FxHashMap<String, u32>,
    /// Per word number, the texts that contain the word.
    postings: Vec<Vec<u32>>,
    folded: String,
    text_words: Vec<u32>,
    vocabulary: FxHashMap<String, u32>,
    /// The postings of the index this one updates, per word number.
    former: Vec<Vec<u32>>,
    /// Per key of the updated index, whether it was given again: its former postings are
    /// then dropped.
    replaced: Vec<bool>,
}

impl TextIndexBuilder {
    /// An empty index.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An update of `index`: its keys and words are kept, but those given again to
    /// [`TextIndexBuilder::replace`] are indexed under their new texts only.
    #[must_use]
    pub fn updating(index: TextIndex) -> Self {
        let mut builder = Self::new();
        builder.replaced = vec![false; index.keys.len()];
        for (i, key) in index.keys.iter().enumerate() {
            builder
                .seen
                .insert(key.clone(), u32::try_from(i).unwrap_or(u32::MAX));
        }
        builder.keys = index.keys;
        for (n, (word, list)) in index.words.into_iter().enumerate() {
            builder
                .vocabulary
                .insert(word, u32::try_from(n).unwrap_or(u32::MAX));
            builder.former.push(list);
            builder.postings.push(Vec::new());
        }
        builder
    }

    /// Indexes `key` under `texts`, in place of whatever the updated index held for it
    /// (its former texts' words and its cited bodies: give these again with
    /// [`TextIndexBuilder::add_body`]). A key given twice to the same builder keeps the
    /// words of both (the index may only let through too much, never too little).
    pub fn replace<'t>(&mut self, key: &str, texts: impl IntoIterator<Item = &'t str>) {
        if let Some(&id) = self.seen.get(key) {
            if let Some(replaced) = self.replaced.get_mut(id as usize) {
                *replaced = true;
            }
        }
        for text in texts {
            self.add(key, text);
        }
    }

    /// Indexes a question's graph: its texts (the question's and its answers') under its
    /// identifier, in place of what the updated index held for it. A graph without an
    /// identifier is left out (the search finds questions by their identifier).
    pub fn replace_question(&mut self, graph: &crate::rdf::QuestionGraph) {
        use crate::rdf::vocab::{dcterms, schema};
        let uid = graph.triples.iter().find_map(|t| match &t.object {
            oxigraph::model::Term::Literal(l) if t.predicate == dcterms::IDENTIFIER => {
                Some(l.value())
            }
            _ => None,
        });
        let Some(uid) = uid else {
            return;
        };
        let texts = graph.triples.iter().filter_map(|t| match &t.object {
            oxigraph::model::Term::Literal(l) if t.predicate == schema::TEXT => Some(l.value()),
            _ => None,
        });
        self.replace(uid, texts);
        for t in &graph.triples {
            if let oxigraph::model::Term::NamedNode(body) = &t.object {
                if t.predicate == schema::MENTIONS {
                    self.add_body(uid, body.as_str());
                }
            }
        }
    }

    /// Records that the question indexed under `key` cites `body` (an IRI).
    pub fn add_body(&mut self, key: &str, body: &str) {
        let id = self.key_id(key);
        self.folded.clear();
        self.folded.push(BODY_MARK);
        self.folded.push_str(body);
        let word = word_id(&mut self.vocabulary, &mut self.postings, &self.folded);
        self.post(word, id);
    }

    /// The number of `key`, given one if new.
    fn key_id(&mut self, key: &str) -> u32 {
        match self.seen.get(key) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
                self.seen.insert(key.to_owned(), id);
                self.keys.push(key.to_owned());
                id
            }
        }
    }

    /// Lists key `id` under word `word`.
    fn post(&mut self, word: u32, id: u32) {
        if let Some(list) = self.postings.get_mut(word as usize) {
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
    }

    /// Adds a text under `key`. A key with several texts is indexed under the words of all
    /// of them.
    pub fn add(&mut self, key: &str, text: &str) {
        let id = self.key_id(key);
        self.folded.clear();
        crate::text::fold_into(text, &mut self.folded);
        // Each word once per text: numbered on first sight, then sorted and deduplicated.
        self.text_words.clear();
        for w in alphanumeric_words(&self.folded) {
            let word = word_id(&mut self.vocabulary, &mut self.postings, w);
            self.text_words.push(word);
        }
        self.text_words.sort_unstable();
        self.text_words.dedup();
        let words = std::mem::take(&mut self.text_words);
        for &word in &words {
            self.post(word, id);
        }
        self.text_words = words;
    }

    /// The finished index.
    #[must_use]
    pub fn finish(self) -> TextIndex {
        let mut names: Vec<(u32, String)> =
            self.vocabulary.into_iter().map(|(w, n)| (n, w)).collect();
        names.sort_unstable_by(|a, b| a.1.cmp(&b.1));
        let mut postings = self.postings;
        let mut former = self.former;
        let replaced = self.replaced;
        let mut words = Vec::with_capacity(names.len());
        for (n, word) in names {
            let mut list = postings
                .get_mut(n as usize)
                .map(std::mem::take)
                .unwrap_or_default();
            if let Some(old) = former.get_mut(n as usize) {
                list.extend(
                    old.drain(..)
                        .filter(|&id| !replaced.get(id as usize).copied().unwrap_or(false)),
                );
            }
            if list.is_empty() {
                // A word only the replaced texts had.
                continue;
            }
            list.sort_unstable();
            list.dedup();
            words.push((word, list));
        }
        TextIndex {
            keys: self.keys,
            words,
        }
    }
}

/// The number of `word` in `vocabulary`, given one (with an empty list of postings) if new.
fn word_id(
    vocabulary: &mut FxHashMap<String, u32>,
    postings: &mut Vec<Vec<u32>>,
    word: &str,
) -> u32 {
    if let Some(&n) = vocabulary.get(word) {
        return n;
    }
    let n = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
    vocabulary.insert(word.to_owned(), n);
    postings.push(Vec::new());
    n
}

/// A word index of texts: under which keys (question identifiers) each folded word occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextIndex {
    /// The keys; a key is known by its place here.
    keys: Vec<String>,
    /// The words, sorted, each with the sorted places of the keys whose texts contain it.
    words: Vec<(String, Vec<u32>)>,
}

impl TextIndex {
    /// Number of keys.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no text is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Per key (in the order of [`TextIndex::keys`]), whether its texts may contain
    /// `phrase` (case and accents ignored): every key with a text that contains it is. `None` when the phrase has no word to
    /// look up (punctuation only, or empty): then every text may contain it.
    #[must_use]
    pub fn candidates(&self, phrase: &str) -> Option<Vec<bool>> {
        let folded = crate::text::fold(phrase);
        let tokens: Vec<&str> = alphanumeric_words(&folded).collect();
        if tokens.is_empty() {
            return None;
        }
        // Whether the phrase continues before its first word and after its last one: a
        // word with a separator beside it in the phrase has one in the text too.
        let open_start = folded.starts_with(|c: char| c.is_alphanumeric());
        let open_end = folded.ends_with(|c: char| c.is_alphanumeric());
        let last = tokens.len() - 1;
        let words = self.text_words();
        let mut result: Option<Vec<bool>> = None;
        for (i, token) in tokens.iter().enumerate() {
            let free_start = i == 0 && open_start;
            let free_end = i == last && open_end;
            let mut found = vec![false; self.keys.len()];
            let mut mark = |list: &[u32]| {
                for &id in list {
                    if let Some(slot) = found.get_mut(id as usize) {
                        *slot = true;
                    }
                }
            };
            match (free_start, free_end) {
                (false, false) => {
                    if let Ok(at) = words.binary_search_by(|(w, _)| w.as_str().cmp(token)) {
                        mark(&words[at].1);
                    }
                }
                (false, true) => {
                    // Words starting with the token: a run of the sorted vocabulary.
                    let from = words.partition_point(|(w, _)| w.as_str() < *token);
                    for (w, list) in &words[from..] {
                        if !w.starts_with(token) {
                            break;
                        }
                        mark(list);
                    }
                }
                (true, false) => {
                    for (w, list) in words {
                        if w.ends_with(token) {
                            mark(list);
                        }
                    }
                }
                (true, true) => {
                    for (w, list) in words {
                        if w.contains(token) {
                            mark(list);
                        }
                    }
                }
            }
            result = Some(match result {
                None => found,
                Some(mut acc) => {
                    for (a, f) in acc.iter_mut().zip(found) {
                        *a &= f;
                    }
                    acc
                }
            });
        }
        result
    }

    /// The keys, in their order.
    #[must_use]
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// The words of the texts, without the cited bodies (which sort first).
    fn text_words(&self) -> &[(String, Vec<u32>)] {
        let bodies = self
            .words
            .partition_point(|(w, _)| w.starts_with(BODY_MARK));
        &self.words[bodies..]
    }

    /// Number of cited bodies.
    #[must_use]
    pub fn cited_bodies(&self) -> usize {
        self.bodies().count()
    }

    /// The cited bodies (IRIs), sorted, each with the places of the keys citing it.
    fn bodies(&self) -> impl Iterator<Item = (&str, &[u32])> {
        self.words
            .iter()
            .map_while(|(w, list)| Some((w.strip_prefix(BODY_MARK)?, list.as_slice())))
    }

    /// For every pair of bodies cited by a same question (in its texts or its answers'),
    /// the number of questions citing both; see [`co_citations`].
    #[must_use]
    pub fn co_citations(&self) -> Vec<CoCitation> {
        let mut cited: Vec<Vec<u32>> = vec![Vec::new(); self.keys.len()];
        let mut bodies = Vec::new();
        for (n, (body, list)) in self.bodies().enumerate() {
            bodies.push(body);
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            for &key in list {
                if let Some(c) = cited.get_mut(key as usize) {
                    c.push(n);
                }
            }
        }
        co_citations(
            cited
                .iter()
                .map(|c| c.iter().filter_map(|&n| bodies.get(n as usize).copied())),
        )
    }

    /// Writes the index to `path`, through a temporary file renamed at the end, so that a
    /// reader sees the old file or the new one.
    pub fn write(&self, path: &Path) -> Result<(), TextIndexError> {
        let io = |source| TextIndexError::Io {
            path: path.to_owned(),
            source,
        };
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put_varint(&mut out, self.keys.len() as u64);
        for s in &self.keys {
            put_bytes(&mut out, s.as_bytes());
        }
        put_varint(&mut out, self.words.len() as u64);
        let mut deltas = Vec::new();
        for (word, list) in &self.words {
            put_bytes(&mut out, word.as_bytes());
            deltas.clear();
            let mut previous = 0u32;
            for &id in list {
                put_varint(&mut deltas, u64::from(id - previous));
                previous = id;
            }
            put_varint(&mut out, list.len() as u64);
            put_bytes(&mut out, &deltas);
        }
        let temporary = path.with_extension("tmp");
        let mut file = std::fs::File::create(&temporary).map_err(io)?;
        file.write_all(&out).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&temporary, path).map_err(io)
    }

    /// Reads an index written by [`TextIndex::write`].
    pub fn read(path: &Path) -> Result<Self, TextIndexError> {
        let bytes = std::fs::read(path).map_err(|source| TextIndexError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::decode(&bytes).map_err(|(reason, offset)| TextIndexError::Malformed {
            path: path.to_owned(),
            reason,
            offset,
        })
    }

    fn decode(bytes: &[u8]) -> Result<Self, (&'static str, usize)> {
        let mut r = Reader { bytes, at: 0 };
        if !bytes.starts_with(MAGIC) {
            return Err(("not a qe2rdf text index of this version", 0));
        }
        r.at = MAGIC.len();
        let count = r.count()?;
        let mut keys = Vec::with_capacity(count.min(bytes.len()));
        for _ in 0..count {
            keys.push(r.string()?);
        }
        let count = r.count()?;
        let mut words: Vec<(String, Vec<u32>)> = Vec::with_capacity(count.min(bytes.len()));
        for _ in 0..count {
            let word = r.string()?;
            if words.last().is_some_and(|(w, _)| *w >= word) {
                return Err(("words out of order", r.at));
            }
            let n = r.count()?;
            let at = r.at;
            let deltas = r.bytes()?;
            let mut d = Reader {
                bytes: deltas,
                at: 0,
            };
            let mut list = Vec::with_capacity(n.min(deltas.len()));
            let mut id = 0u64;
            for _ in 0..n {
                id += d.varint().map_err(|(reason, off)| (reason, at + off))?;
                if id >= keys.len() as u64 {
                    return Err(("text number out of range", at + d.at));
                }
                list.push(id as u32);
            }
            if d.at != deltas.len() {
                return Err(("postings longer than their count", at + d.at));
            }
            words.push((word, list));
        }
        if r.at != bytes.len() {
            return Err(("trailing bytes", r.at));
        }
        Ok(Self { keys, words })
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn varint(&mut self) -> Result<u64, (&'static str, usize)> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.bytes.get(self.at) else {
                return Err(("cut short", self.at));
            };
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(("number too long", self.at))
    }

    fn count(&mut self) -> Result<usize, (&'static str, usize)> {
        let at = self.at;
        usize::try_from(self.varint()?).map_err(|_| ("count too large", at))
    }

    fn bytes(&mut self) -> Result<&'b [u8], (&'static str, usize)> {
        let n = self.count()?;
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(("cut short", self.at))?;
        let b = &self.bytes[self.at..end];
        self.at = end;
        Ok(b)
    }

    fn string(&mut self) -> Result<String, (&'static str, usize)> {
        let at = self.at;
        let b = self.bytes()?;
        String::from_utf8(b.to_vec()).map_err(|_| ("invalid UTF-8", at))
    }
}

/// Two bodies cited by the same questions, and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoCitation {
    /// One body (IRI), before `second` in IRI order.
    pub first: String,
    /// The other body.
    pub second: String,
    /// The number of questions citing both.
    pub questions: u32,
    /// 1 + the number of pairs cited together by more questions (ties share a rank).
    pub rank: u32,
}

/// The pairs of bodies cited together, from the bodies each question cites (repeats
/// ignored): most questions first, then in IRI order, each ranked.
pub fn co_citations<'b, Q, B>(questions: Q) -> Vec<CoCitation>
where
    Q: IntoIterator<Item = B>,
    B: IntoIterator<Item = &'b str>,
{
    let mut numbers: FxHashMap<&'b str, u32> = FxHashMap::default();
    let mut names: Vec<&'b str> = Vec::new();
    let mut counts: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut cited: Vec<u32> = Vec::new();
    for bodies in questions {
        cited.clear();
        for body in bodies {
            let n = *numbers.entry(body).or_insert_with(|| {
                names.push(body);
                u32::try_from(names.len() - 1).unwrap_or(u32::MAX)
            });
            cited.push(n);
        }
        cited.sort_unstable_by_key(|&n| names[n as usize]);
        cited.dedup();
        for (i, &a) in cited.iter().enumerate() {
            for &b in &cited[i + 1..] {
                *counts.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<CoCitation> = counts
        .into_iter()
        .map(|((a, b), questions)| CoCitation {
            first: names[a as usize].to_owned(),
            second: names[b as usize].to_owned(),
            questions,
            rank: 0,
        })
        .collect();
    pairs.sort_unstable_by(|x, y| {
        y.questions
            .cmp(&x.questions)
            .then_with(|| x.first.cmp(&y.first))
            .then_with(|| x.second.cmp(&y.second))
    });
    let mut rank = 1;
    for i in 0..pairs.len() {
        if i > 0 && pairs[i].questions < pairs[i - 1].questions {
            rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        pairs[i].rank = rank;
    }
    pairs
}

/// Per key, whether its texts may contain a phrase; `None`: every key may.
type Candidates = Option<Vec<bool>>;

/// Phrases whose candidates one [`PhraseCache`] keeps; beyond, it starts again.
const PHRASES_KEPT: usize = 64;

/// The candidates of the phrases one query asks about, each worked out once. One per
/// query: concurrent queries with different phrases do not evict each other's.
#[derive(Debug, Default)]
pub struct PhraseCache(Mutex<FxHashMap<String, Arc<Candidates>>>);

/// The index of a store's folder, read when a query first asks it.
#[derive(Debug)]
pub struct LazyTextIndex {
    path: Option<PathBuf>,
    index: OnceLock<Option<(TextIndex, FxHashMap<String, u32>)>>,
    co_citations: OnceLock<Option<Arc<[CoCitation]>>>,
}

impl LazyTextIndex {
    /// The index in `folder` (none for a store in memory).
    #[must_use]
    pub fn new(folder: Option<&Path>) -> Self {
        Self {
            path: folder.map(|f| f.join(FILE_NAME)),
            index: OnceLock::new(),
            co_citations: OnceLock::new(),
        }
    }

    /// The index and the place of each key, read at the first call; `None` without an
    /// index (none written, or unreadable).
    fn loaded(&self) -> Option<&(TextIndex, FxHashMap<String, u32>)> {
        self.index
            .get_or_init(|| {
                let index = TextIndex::read(self.path.as_deref()?).ok()?;
                let places = index
                    .keys
                    .iter()
                    .enumerate()
                    .map(|(i, key)| (key.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
                    .collect();
                Some((index, places))
            })
            .as_ref()
    }

    /// The pairs of bodies cited together ([`TextIndex::co_citations`]), worked out at the
    /// first call; `None` without an index.
    #[must_use]
    pub fn co_citations(&self) -> Option<Arc<[CoCitation]>> {
        self.co_citations
            .get_or_init(|| Some(self.loaded()?.0.co_citations().into()))
            .clone()
    }

    /// Whether the texts indexed under `key` may contain `phrase`: false only when the
    /// index says they do not. Without an index (none written, or unreadable), always true.
    /// `cache` keeps the phrase's candidates for the next call of the same query.
    #[must_use]
    pub fn may_contain(&self, cache: &PhraseCache, key: &str, phrase: &str) -> bool {
        let Some((index, places)) = self.loaded() else {
            return true;
        };
        let candidates = {
            let Ok(mut phrases) = cache.0.lock() else {
                return true;
            };
            if let Some(c) = phrases.get(phrase) {
                Arc::clone(c)
            } else {
                if phrases.len() >= PHRASES_KEPT {
                    phrases.clear();
                }
                let c = Arc::new(index.candidates(phrase));
                phrases.insert(phrase.to_owned(), Arc::clone(&c));
                c
            }
        };
        match (&*candidates, places.get(key)) {
            (None, _) => true,
            // A key the index does not know was written after it: it may contain anything.
            (Some(_), None) => true,
            (Some(c), Some(&i)) => c.get(i as usize).copied().unwrap_or(true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[(&str, &str)] = &[
        (
            "q1",
            "La CNIL a été saisie du déploiement de la vidéosurveillance.",
        ),
        ("q2", "Les communes rurales et l'intercommunalité."),
        ("a2", "Réponse : la reconnaissance faciale est interdite."),
        ("q3", "ŒUVRES d’art ; l’État et les collectivités."),
        ("q4", "Rien à signaler, 2024."),
    ];

    fn index() -> TextIndex {
        let mut b = TextIndexBuilder::new();
        for (s, t) in TEXTS {
            b.add(s, t);
        }
        b.finish()
    }

    fn found(index: &TextIndex, phrase: &str) -> Vec<&'static str> {
        let c = index.candidates(phrase);
        TEXTS
            .iter()
            .enumerate()
            .filter(|(i, _)| c.as_ref().is_none_or(|c| c[*i]))
            .map(|(_, (s, _))| *s)
            .collect()
    }

    #[test]
    fn phrases_find_their_texts_inside_words_too() {
        let index = index();
        assert_eq!(found(&index, "vidéosurveillance"), ["q1"]);
        assert_eq!(found(&index, "VIDEOSURV"), ["q1"]);
        assert_eq!(found(&index, "commun"), ["q2"]);
        assert_eq!(found(&index, "Reconnaissance Faciale"), ["a2"]);
        assert_eq!(found(&index, "connaissance fac"), ["a2"]);
        assert_eq!(found(&index, "oeuvres d'art"), ["q3"]);
        assert_eq!(found(&index, "l'etat"), ["q3"]);
        assert!(found(&index, "zzz").is_empty());
        // A middle word must be a whole word of the text.
        assert!(found(&index, "la reconnais faciale").is_empty());
        // Words with a separator before them start a word of the text.
        assert!(found(&index, " ommunes").is_empty());
        assert_eq!(found(&index, " communes"), ["q2"]);
        // Nothing to look up: every text.
        assert_eq!(found(&index, " , ").len(), TEXTS.len());
        assert_eq!(found(&index, "").len(), TEXTS.len());
    }

    #[test]
    fn every_text_containing_a_phrase_is_a_candidate() {
        let index = index();
        let mut folded = String::new();
        // Every piece of every text, cut at every place: the index never leaves out a text
        // in which the search finds the phrase.
        for (_, text) in TEXTS {
            let chars: Vec<char> = text.chars().collect();
            for start in 0..chars.len() {
                for len in 1..=12.min(chars.len() - start) {
                    let phrase: String = chars[start..start + len].iter().collect();
                    let needle = crate::text::fold(&phrase);
                    let c = index.candidates(&phrase);
                    for (i, (_, t)) in TEXTS.iter().enumerate() {
                        if crate::text::find_folded(t, &needle, &mut folded).is_some() {
                            assert!(
                                c.as_ref().is_none_or(|c| c[i]),
                                "{phrase:?} is in {t:?} but the index leaves it out"
                            );
                        }
                    }
                }
            }
        }
    }

    /// The keys whose texts may contain `phrase`, by name.
    fn keys_for(index: &TextIndex, phrase: &str) -> Vec<String> {
        let c = index.candidates(phrase);
        let mut keys: Vec<String> = index
            .keys()
            .iter()
            .enumerate()
            .filter(|(i, _)| c.as_ref().is_none_or(|c| c[*i]))
            .map(|(_, k)| k.clone())
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn an_updated_index_answers_as_one_built_afresh() {
        // q2 gets another text, q5 is new, the others stay.
        let mut updated = TextIndexBuilder::updating(index());
        updated.replace("q2", ["Les départements ruraux."]);
        updated.replace("q5", ["Une commune nouvelle.", "Réponse : la CNIL."]);
        let updated = updated.finish();
        let mut fresh = TextIndexBuilder::new();
        for (key, text) in TEXTS {
            if *key != "q2" {
                fresh.add(key, text);
            }
        }
        fresh.add("q2", "Les départements ruraux.");
        fresh.replace("q5", ["Une commune nouvelle.", "Réponse : la CNIL."]);
        let fresh = fresh.finish();
        for phrase in [
            "commun",
            "communes rurales",
            "ruraux",
            "cnil",
            "la",
            "reconnaissance",
            "zzz",
        ] {
            assert_eq!(
                keys_for(&updated, phrase),
                keys_for(&fresh, phrase),
                "{phrase:?}"
            );
        }
        assert_eq!(keys_for(&updated, "intercommunalite"), Vec::<String>::new());
        assert_eq!(keys_for(&updated, "commun"), ["q5"]);
        // Written and read back, the update is a plain index.
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join(FILE_NAME);
        updated.write(&path).expect("written");
        assert_eq!(TextIndex::read(&path).expect("read"), updated);
    }

    #[test]
    fn an_index_reads_back_as_written_and_bad_files_are_refused() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join(FILE_NAME);
        let mut builder = TextIndexBuilder::updating(index());
        for (key, body) in [
            ("q1", "https://example.org/b/1"),
            ("q1", "https://example.org/b/2"),
            ("q2", "https://example.org/b/2"),
        ] {
            builder.add_body(key, body);
        }
        let index = builder.finish();
        assert_eq!(index.co_citations().len(), 1);
        index.write(&path).expect("written");
        assert_eq!(TextIndex::read(&path).expect("read"), index);
        let bytes = std::fs::read(&path).expect("bytes");
        // Cut anywhere, or with a byte changed, the file is refused or reads as an index
        // whose numbers stay in range: never a panic.
        for cut in 0..bytes.len() {
            assert!(TextIndex::decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 0x5a;
            if let Ok(i) = TextIndex::decode(&changed) {
                let _ = i.candidates("art");
                let _ = i.co_citations();
            }
        }
        std::fs::write(&path, b"not an index").expect("written");
        let e = TextIndex::read(&path).expect_err("refused");
        assert!(e.to_string().contains("not a qe2rdf text index"), "{e}");
    }

    #[test]
    fn without_an_index_every_text_may_contain_anything() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let cache = PhraseCache::default();
        let lazy = LazyTextIndex::new(Some(dir.path()));
        assert!(lazy.may_contain(&cache, "q1", "zzz"));
        index().write(&dir.path().join(FILE_NAME)).expect("written");
        let lazy = LazyTextIndex::new(Some(dir.path()));
        assert!(!lazy.may_contain(&cache, "q1", "zzz"));
        assert!(lazy.may_contain(&cache, "q1", "cnil"));
        assert!(!lazy.may_contain(&cache, "q2", "cnil"));
        // A text written after the index was built is not ruled out.
        assert!(lazy.may_contain(&cache, "q9", "cnil"));
        assert!(LazyTextIndex::new(None).may_contain(&cache, "q1", "zzz"));
        // Phrases asked in turn, more than the cache keeps, each keep their answers.
        for round in 0..3 {
            for n in 0..PHRASES_KEPT + 3 {
                let phrase = format!("cnil {n}");
                assert!(!lazy.may_contain(&cache, "q1", &phrase), "{round} {phrase}");
                assert!(lazy.may_contain(&cache, "q4", "2024"), "{round}");
                assert!(!lazy.may_contain(&cache, "q1", "2024"), "{round}");
            }
        }
    }

    #[test]
    fn cited_bodies_are_counted_in_pairs_and_kept_out_of_phrase_searches() {
        const CNIL: &str = "https://example.org/body/cnil";
        const ADEME: &str = "https://example.org/body/ademe";
        const SNCF: &str = "https://example.org/body/sncf";
        let mut builder = TextIndexBuilder::updating(index());
        for (key, bodies) in [
            ("q1", &[CNIL, ADEME][..]),
            ("q2", &[ADEME, CNIL, CNIL][..]),
            ("q3", &[SNCF, ADEME][..]),
            ("q4", &[CNIL][..]),
        ] {
            for body in bodies {
                builder.add_body(key, body);
            }
        }
        let index = builder.finish();
        let pair = |first: &str, second: &str, questions, rank| CoCitation {
            first: first.to_owned(),
            second: second.to_owned(),
            questions,
            rank,
        };
        assert_eq!(
            index.co_citations(),
            [pair(ADEME, CNIL, 2, 1), pair(ADEME, SNCF, 1, 2)]
        );
        // The bodies' IRIs are not words of the texts.
        for phrase in ["example", "https", "body/cnil", "ademe"] {
            assert_eq!(index.candidates(phrase), Some(vec![false; 5]), "{phrase}");
        }
        assert_eq!(found(&index, "cnil"), ["q1"]);
        // Replaced, a question cites the bodies given again only.
        let mut builder = TextIndexBuilder::updating(index);
        builder.replace("q2", ["Texte nouveau."]);
        builder.add_body("q2", SNCF);
        builder.add_body("q2", CNIL);
        let index = builder.finish();
        assert_eq!(
            index.co_citations(),
            [
                pair(ADEME, CNIL, 1, 1),
                pair(ADEME, SNCF, 1, 1),
                pair(CNIL, SNCF, 1, 1)
            ]
        );
        // And the file keeps them.
        let dir = tempfile::tempdir().expect("temporary folder");
        index.write(&dir.path().join(FILE_NAME)).expect("written");
        let lazy = LazyTextIndex::new(Some(dir.path()));
        assert_eq!(
            lazy.co_citations().as_deref(),
            Some(&index.co_citations()[..])
        );
        assert!(LazyTextIndex::new(None).co_citations().is_none());
    }
}
