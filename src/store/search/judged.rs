//! Relevance measured, not assumed: a set of queries, each with the questions a reader
//! judges relevant, and how the index answers them (precision at 5, recall at 20).

use super::{SearchError, SearchIndex};

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// The query.
    pub query: String,
    /// The questions relevant to it (uids).
    pub relevant: Vec<String>,
    /// What it tries (plural, phrase, filter…).
    pub tries: String,
}

/// How the index answered one judged query.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The judged query.
    pub judged: Judged,
    /// Relevant questions among the first 5, over the relevant ones there can be in 5.
    pub precision_at_5: f64,
    /// Relevant questions among the first 20, over all the relevant ones.
    pub recall_at_20: f64,
    /// The first 20 answers.
    pub answers: Vec<String>,
}

/// Reads judged queries: one per line, `query TAB uids (space-separated) TAB what it
/// tries`; `#` starts a comment line.
#[must_use]
pub fn read(tsv: &str) -> Vec<Judged> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut columns = l.split('\t');
            let query = columns.next()?.to_owned();
            let relevant = columns
                .next()?
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            let tries = columns.next().unwrap_or_default().to_owned();
            Some(Judged {
                query,
                relevant,
                tries,
            })
        })
        .collect()
}

/// Runs every judged query on the index.
pub fn measure(index: &SearchIndex, judged: &[Judged]) -> Result<Vec<Measured>, SearchError> {
    judged
        .iter()
        .map(|j| {
            let answers: Vec<String> = index
                .search(&j.query, 20, 0)?
                .hits
                .into_iter()
                .map(|h| h.uid)
                .collect();
            let found = |n: usize| {
                answers
                    .iter()
                    .take(n)
                    .filter(|a| j.relevant.contains(a))
                    .count()
            };
            let relevant = j.relevant.len().max(1);
            #[allow(clippy::cast_precision_loss)]
            Ok(Measured {
                judged: j.clone(),
                precision_at_5: found(5) as f64 / relevant.min(5) as f64,
                recall_at_20: found(20) as f64 / relevant as f64,
                answers,
            })
        })
        .collect()
}

/// The mean of a measure over the judged queries.
#[must_use]
pub fn mean(measured: &[Measured], measure: impl Fn(&Measured) -> f64) -> f64 {
    if measured.is_empty() {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let n = measured.len() as f64;
    measured.iter().map(measure).sum::<f64>() / n
}
