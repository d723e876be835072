//! The bundled SPARQL queries (`queries/*.rq`), embedded in the binary.
//!
//! Each file starts with a header of `#` comments: `name:`, `description:` (one line),
//! `param:` lines (`name (type, required|optional) what it is`), `example:` and `note:`.
//! Parameters are bound to the query's variable of the same name; an optional parameter
//! left out leaves its variable unbound, which the queries test with `BOUND`. The lines
//! between `# if NAME` and `# end if` are left out when NAME is not bound: a query keeps
//! there the joins that only serve a parameter's filter, which cost a hash join over
//! every question when the filter keeps everything. (Run elsewhere, where these lines are
//! comments, such a query gives the same rows, a little more slowly.)

use oxigraph::model::{Literal, NamedNode, Term};

use crate::rdf::vocab::xsd;

/// The type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// A string literal.
    String,
    /// An `xsd:integer`.
    Integer,
    /// An `xsd:date` (`YYYY-MM-DD`).
    Date,
    /// An `xsd:dateTime` in UTC, given as a date (its start) or a date and time with or
    /// without an offset (`2026-12-04`, `2026-12-04T11:50:00+01:00`).
    DateTime,
    /// An IRI.
    Iri,
}

/// A parameter of a bundled query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Name (the query variable).
    pub name: String,
    /// Type.
    pub kind: ParamType,
    /// Whether the query needs it.
    pub required: bool,
    /// What it is.
    pub description: String,
}

/// A bundled query.
#[derive(Debug, Clone, Copy)]
pub struct BundledQuery {
    /// Name, as given to `qe2rdf query`.
    pub name: &'static str,
    /// The SPARQL text (with its header).
    pub sparql: &'static str,
}

const fn bundled(name: &'static str, sparql: &'static str) -> BundledQuery {
    BundledQuery { name, sparql }
}

/// Every bundled query, by name.
pub const ALL: &[BundledQuery] = &[
    bundled(
        "answer-delay-per-ministry",
        include_str!("../../queries/answer-delay-per-ministry.rq"),
    ),
    bundled(
        "answer-rate-per-ministry",
        include_str!("../../queries/answer-rate-per-ministry.rq"),
    ),
    bundled(
        "attribution-changes",
        include_str!("../../queries/attribution-changes.rq"),
    ),
    bundled(
        "bodies-cited-together",
        include_str!("../../queries/bodies-cited-together.rq"),
    ),
    bundled(
        "changes-since",
        include_str!("../../queries/changes-since.rq"),
    ),
    bundled(
        "deputy-questions",
        include_str!("../../queries/deputy-questions.rq"),
    ),
    bundled(
        "full-text-search",
        include_str!("../../queries/full-text-search.rq"),
    ),
    bundled(
        "most-active-deputies",
        include_str!("../../queries/most-active-deputies.rq"),
    ),
    bundled(
        "most-cited-bodies",
        include_str!("../../queries/most-cited-bodies.rq"),
    ),
    bundled(
        "question-graph",
        include_str!("../../queries/question-graph.rq"),
    ),
    bundled(
        "questions-by-department",
        include_str!("../../queries/questions-by-department.rq"),
    ),
    bundled(
        "questions-citing-body",
        include_str!("../../queries/questions-citing-body.rq"),
    ),
    bundled(
        "questions-per-group",
        include_str!("../../queries/questions-per-group.rq"),
    ),
    bundled(
        "questions-per-legislature-and-type",
        include_str!("../../queries/questions-per-legislature-and-type.rq"),
    ),
    bundled(
        "questions-per-ministry",
        include_str!("../../queries/questions-per-ministry.rq"),
    ),
    bundled(
        "questions-per-month",
        include_str!("../../queries/questions-per-month.rq"),
    ),
    bundled(
        "questions-per-rubric",
        include_str!("../../queries/questions-per-rubric.rq"),
    ),
    bundled(
        "rubric-ministry-matrix",
        include_str!("../../queries/rubric-ministry-matrix.rq"),
    ),
    bundled(
        "unanswered-older-than",
        include_str!("../../queries/unanswered-older-than.rq"),
    ),
    bundled(
        "withdrawn-end-of-mandate-per-group",
        include_str!("../../queries/withdrawn-end-of-mandate-per-group.rq"),
    ),
];

/// Errors about bundled queries and their parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// No bundled query has that name.
    #[error("no bundled query named {name:?}{}", suggestion.as_ref().map(|s| format!("; did you mean {s:?}?")).unwrap_or_default())]
    Unknown {
        /// The name given.
        name: String,
        /// The nearest name.
        suggestion: Option<String>,
    },
    /// `--param` is not `name=value`.
    #[error("parameter {0:?} is not of the form name=value")]
    Malformed(String),
    /// The query has no such parameter.
    #[error("query {query} has no parameter {name:?} (it takes: {known})")]
    UnknownParam {
        /// The query.
        query: String,
        /// The parameter given.
        name: String,
        /// The parameters it takes.
        known: String,
    },
    /// A required parameter is missing.
    #[error("query {query} needs --param {name}=… ({description})")]
    MissingParam {
        /// The query.
        query: String,
        /// The parameter.
        name: String,
        /// What it is.
        description: String,
    },
    /// A value does not fit the parameter's type.
    #[error("parameter {name}: {value:?} is not a valid {expected}")]
    BadValue {
        /// The parameter.
        name: String,
        /// The value given.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

impl BundledQuery {
    fn header(&self, key: &str) -> impl Iterator<Item = &'static str> + '_ {
        let prefix = format!("# {key}:");
        self.sparql
            .lines()
            .take_while(|l| l.starts_with('#'))
            .filter_map(move |l| l.strip_prefix(prefix.as_str()).map(str::trim))
    }

    /// The one-line description.
    #[must_use]
    pub fn description(&self) -> &'static str {
        self.header("description").next().unwrap_or("")
    }

    /// Usage examples.
    #[must_use]
    pub fn examples(&self) -> Vec<&'static str> {
        self.header("example").collect()
    }

    /// Parameters.
    #[must_use]
    pub fn params(&self) -> Vec<Param> {
        self.header("param")
            .filter_map(|line| {
                let (name, rest) = line.split_once(' ')?;
                let rest = rest.trim_start().strip_prefix('(')?;
                let (spec, description) = rest.split_once(')')?;
                let mut parts = spec.split(',').map(str::trim);
                let kind = match parts.next()? {
                    "integer" => ParamType::Integer,
                    "date" => ParamType::Date,
                    "datetime" => ParamType::DateTime,
                    "iri" => ParamType::Iri,
                    _ => ParamType::String,
                };
                let required = parts.next() == Some("required");
                Some(Param {
                    name: name.to_owned(),
                    kind,
                    required,
                    description: description.trim().to_owned(),
                })
            })
            .collect()
    }

    /// Turns `name=value` pairs into typed bindings, checking names, types and required
    /// parameters.
    pub fn bind(&self, pairs: &[String]) -> Result<Vec<(String, Term)>, QueryError> {
        let params = self.params();
        let mut bindings = Vec::new();
        for pair in pairs {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| QueryError::Malformed(pair.clone()))?;
            let name = name.trim();
            let param =
                params
                    .iter()
                    .find(|p| p.name == name)
                    .ok_or_else(|| QueryError::UnknownParam {
                        query: self.name.to_owned(),
                        name: name.to_owned(),
                        known: if params.is_empty() {
                            "none".to_owned()
                        } else {
                            params
                                .iter()
                                .map(|p| p.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                    })?;
            bindings.push((name.to_owned(), typed(param, value)?));
        }
        for p in params.iter().filter(|p| p.required) {
            if !bindings.iter().any(|(n, _)| *n == p.name) {
                return Err(QueryError::MissingParam {
                    query: self.name.to_owned(),
                    name: p.name.clone(),
                    description: p.description.clone(),
                });
            }
        }
        Ok(bindings)
    }
}

fn typed(param: &Param, value: &str) -> Result<Term, QueryError> {
    let bad = |expected| QueryError::BadValue {
        name: param.name.clone(),
        value: value.to_owned(),
        expected,
    };
    Ok(match param.kind {
        ParamType::String => Literal::new_simple_literal(value).into(),
        ParamType::Integer => {
            let n: i64 = value.trim().parse().map_err(|_| bad("integer"))?;
            Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
        }
        ParamType::Date => {
            let d = crate::text::parse_iso_date(value).map_err(|_| bad("date (YYYY-MM-DD)"))?;
            crate::rdf::date(d).into()
        }
        ParamType::DateTime => {
            let t = crate::text::parse_date_time(value).map_err(|_| {
                bad("date or date and time (2026-12-04, 2026-12-04T11:50:00+01:00)")
            })?;
            Literal::new_typed_literal(t, xsd::DATE_TIME).into()
        }
        ParamType::Iri => NamedNode::new(value.trim()).map_err(|_| bad("IRI"))?.into(),
    })
}

/// Binds parameters by inserting `VALUES ?name { term }` at the start of the query's
/// `WHERE` group, where the variables are in scope for every pattern and filter of the
/// group (Oxigraph's own substitution only binds projected variables), and by writing
/// them into `SERVICE` patterns, which see only what is written; leaves out the
/// `# if NAME` blocks of the names not bound (see [`keep_bound_blocks`]).
pub fn inject_values(sparql: &str, bindings: &[(String, Term)]) -> Result<String, InjectError> {
    let kept = keep_bound_blocks(sparql, |name| bindings.iter().any(|(n, _)| n == name))?;
    if bindings.is_empty() {
        return Ok(kept);
    }
    let kept = substitute_in_services(&kept, bindings);
    let sparql = kept.as_str();
    for (name, _) in bindings {
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(InjectError::BadName(name.clone()));
        }
    }
    let starts = where_group_starts(sparql);
    if starts.is_empty() {
        return Err(InjectError::NoWhereGroup);
    }
    let values: String = bindings
        .iter()
        .map(|(name, term)| format!(" VALUES ?{name} {{ {term} }}"))
        .collect();
    let mut out = String::with_capacity(sparql.len() + values.len() * starts.len());
    let mut from = 0;
    for at in starts {
        out.push_str(&sparql[from..at]);
        out.push_str(&values);
        from = at;
    }
    out.push_str(&sparql[from..]);
    Ok(out)
}

/// The query with the lines of each `# if NAME` … `# end if` block blanked out when
/// `bound(NAME)` is false (blanked, not removed, so that the lines keep their numbers in
/// syntax errors). The marker lines are comments, so the text stays valid SPARQL.
///
/// # Errors
///
/// A block opened in another, an `# end if` without its `# if`, or a block not closed.
pub fn keep_bound_blocks(
    sparql: &str,
    bound: impl Fn(&str) -> bool,
) -> Result<String, InjectError> {
    let mut out = String::with_capacity(sparql.len());
    // The block the line is in: its parameter, and whether it is kept.
    let mut block: Option<(&str, bool)> = None;
    for (number, line) in sparql.split_inclusive('\n').enumerate() {
        let marker = line.trim().strip_prefix('#').map(str::trim);
        let opens = marker
            .and_then(|m| m.strip_prefix("if "))
            .map(str::trim)
            .filter(|name| !name.is_empty() && !name.contains(char::is_whitespace));
        let closes = marker == Some("end if");
        let keep = match (opens, closes, block) {
            (Some(name), _, None) => {
                block = Some((name, bound(name)));
                true
            }
            (Some(_), _, Some((open, _))) => {
                return Err(InjectError::Block(format!(
                    "line {}: a block opened inside the block of {open:?}",
                    number + 1
                )));
            }
            (None, true, Some(_)) => {
                block = None;
                true
            }
            (None, true, None) => {
                return Err(InjectError::Block(format!(
                    "line {}: `# end if` without its `# if`",
                    number + 1
                )));
            }
            (None, false, Some((_, kept))) => kept,
            (None, false, None) => true,
        };
        if keep {
            out.push_str(line);
        } else if line.ends_with('\n') {
            out.push('\n');
        }
    }
    if let Some((open, _)) = block {
        return Err(InjectError::Block(format!(
            "the block of {open:?} is not closed by `# end if`"
        )));
    }
    Ok(out)
}

/// Why parameters could not be bound into a query text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InjectError {
    /// A parameter name that is not a SPARQL variable name.
    #[error("{0:?} is not a valid parameter name (letters, digits and _ only)")]
    BadName(String),
    /// The query has no `WHERE { … }` group to bind into.
    #[error("the query has no WHERE group to bind parameters into")]
    NoWhereGroup,
    /// Its `# if NAME` … `# end if` blocks do not pair up.
    #[error("conditional blocks of the query: {0}")]
    Block(String),
}

/// Byte offsets just after the `{` that open the `WHERE` groups — the query's and its
/// subqueries', which do not see the outer bindings — (or, without the keyword, the first
/// group of a SELECT or ASK), skipping comments, strings and IRIs.
fn where_group_starts(sparql: &str) -> Vec<usize> {
    let b = sparql.as_bytes();
    let mut i = 0;
    let mut seen_where = false;
    let mut form: Option<&str> = None;
    let mut starts = Vec::new();
    while i < b.len() {
        if let Some(after) = skip_opaque(sparql, i) {
            i = after;
            continue;
        }
        match b[i] {
            b'{' if seen_where || (starts.is_empty() && matches!(form, Some("SELECT" | "ASK"))) => {
                starts.push(i + 1);
                seen_where = false;
            }
            c if c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = sparql[start..i].to_ascii_uppercase();
                let prev = start.checked_sub(1).map(|p| b[p]);
                if !matches!(prev, Some(b'?' | b'$' | b':')) {
                    match word.as_str() {
                        "WHERE" => seen_where = true,
                        "SELECT" | "ASK" | "CONSTRUCT" | "DESCRIBE" if form.is_none() => {
                            form = Some(if word == "SELECT" {
                                "SELECT"
                            } else if word == "ASK" {
                                "ASK"
                            } else {
                                "OTHER"
                            })
                        }
                        _ => {}
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    starts
}

/// Where the comment, string or IRI starting at byte `i` ends, when one starts there:
/// what a scan of the query's structure passes over.
fn skip_opaque(sparql: &str, mut i: usize) -> Option<usize> {
    let b = sparql.as_bytes();
    match b[i] {
        b'#' => {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            Some(i)
        }
        b'"' | b'\'' => {
            let quote = b[i];
            let long = b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote);
            i += if long { 3 } else { 1 };
            while i < b.len() {
                if b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == quote
                    && (!long || (b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote)))
                {
                    return Some(i + if long { 3 } else { 1 });
                }
                i += 1;
            }
            Some(b.len())
        }
        b'<' => {
            // An IRI has no space before its `>`; a comparison has one after `<`.
            let end = sparql[i + 1..]
                .find(|c: char| c == '>' || c.is_whitespace())
                .map(|e| i + 1 + e);
            end.filter(|e| b[*e] == b'>').map(|e| e + 1)
        }
        _ => None,
    }
}

/// Writes the bound parameters into the patterns of the query's `SERVICE` clauses: a
/// service sees its pattern as written, not the bindings around it (`qe:search` reads its
/// query there).
fn substitute_in_services(sparql: &str, bindings: &[(String, Term)]) -> String {
    let b = sparql.as_bytes();
    let mut out = String::with_capacity(sparql.len());
    let mut i = 0;
    let mut copied = 0;
    // Depth of braces inside a SERVICE clause (0: outside), and whether its `{` is next.
    let mut depth = 0usize;
    let mut awaiting = false;
    while i < b.len() {
        if let Some(after) = skip_opaque(sparql, i) {
            i = after;
            continue;
        }
        match b[i] {
            b'{' if awaiting || depth > 0 => {
                awaiting = false;
                depth += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b'?' | b'$' if depth > 0 => {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                    end += 1;
                }
                if let Some((_, term)) = bindings.iter().find(|(n, _)| n == &sparql[start..end]) {
                    out.push_str(&sparql[copied..i]);
                    out.push_str(&term.to_string());
                    copied = end;
                }
                i = end;
                continue;
            }
            c if c.is_ascii_alphabetic() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let prev = start.checked_sub(1).map(|p| b[p]);
                if depth == 0
                    && !matches!(prev, Some(b'?' | b'$' | b':'))
                    && sparql[start..i].eq_ignore_ascii_case("SERVICE")
                {
                    awaiting = true;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&sparql[copied..]);
    out
}

/// Finds a bundled query by name, or says which name is nearest.
pub fn find(name: &str) -> Result<&'static BundledQuery, QueryError> {
    if let Some(q) = ALL.iter().find(|q| q.name == name) {
        return Ok(q);
    }
    let suggestion = ALL
        .iter()
        .map(|q| (edit_distance(name, q.name), q.name))
        .min()
        .filter(|(d, _)| *d <= name.len().max(4) / 2 + 2)
        .map(|(_, n)| n.to_owned());
    Err(QueryError::Unknown {
        name: name.to_owned(),
        suggestion,
    })
}

/// Levenshtein distance, for suggestions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_is_bundled_and_documented() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("queries folder")
            .filter_map(Result::ok)
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".rq"))
                    .map(str::to_owned)
            })
            .collect();
        files.sort();
        let mut bundled: Vec<String> = ALL.iter().map(|q| q.name.to_owned()).collect();
        bundled.sort();
        assert_eq!(files, bundled);
        for q in ALL {
            assert_eq!(
                q.header("name").next(),
                Some(q.name),
                "header name of {}",
                q.name
            );
            assert!(!q.description().is_empty(), "{} has no description", q.name);
            assert!(!q.examples().is_empty(), "{} has no example", q.name);
        }
        assert!(ALL.len() >= 15);
    }

    #[test]
    fn parameters_are_typed_and_checked() {
        let q = find("questions-per-ministry").expect("bundled");
        assert_eq!(q.bind(&["legislature=16".into()]).expect("ok").len(), 1);
        assert!(matches!(
            q.bind(&["legislature=seize".into()]),
            Err(QueryError::BadValue { .. })
        ));
        assert!(matches!(
            q.bind(&["legislatur=16".into()]),
            Err(QueryError::UnknownParam { .. })
        ));
        assert!(matches!(
            q.bind(&["legislature".into()]),
            Err(QueryError::Malformed(_))
        ));
        let q = find("questions-citing-body").expect("bundled");
        assert!(matches!(q.bind(&[]), Err(QueryError::MissingParam { .. })));
    }

    #[test]
    fn values_go_into_the_where_group() {
        let term: Term = Literal::new_simple_literal("CNIL").into();
        let q = "# comment with WHERE { x }\nPREFIX s: <http://x#y> CONSTRUCT { ?s ?p \"{\" } WHERE { ?s ?p ?o }";
        let out = inject_values(q, &[("body".into(), term.clone())]).expect("bound");
        assert!(
            out.ends_with("WHERE { VALUES ?body { \"CNIL\" } ?s ?p ?o }"),
            "{out}"
        );
        let out = inject_values(
            "SELECT * { ?s ?p ?o FILTER(?o < 3) }",
            &[("x".into(), term.clone())],
        )
        .expect("bound");
        assert!(out.starts_with("SELECT * { VALUES ?x"), "{out}");
        // A subquery does not see the outer bindings: it gets its own VALUES.
        let out = inject_values(
            "SELECT ?n WHERE { { SELECT (COUNT(?q) AS ?n) WHERE { ?q ?p ?x } } ?x ?p2 ?o }",
            &[("x".into(), term.clone())],
        )
        .expect("bound");
        assert_eq!(
            out,
            "SELECT ?n WHERE { VALUES ?x { \"CNIL\" } { SELECT (COUNT(?q) AS ?n) WHERE { VALUES ?x { \"CNIL\" } ?q ?p ?x } } ?x ?p2 ?o }"
        );
        assert_eq!(
            inject_values("DESCRIBE <http://x>", &[("x".into(), term.clone())]),
            Err(InjectError::NoWhereGroup)
        );
        assert_eq!(
            inject_values("SELECT * WHERE {}", &[("x y".into(), term)]),
            Err(InjectError::BadName("x y".into()))
        );
    }

    #[test]
    fn blocks_of_unbound_parameters_are_blanked() {
        let q = "SELECT * WHERE {\n  ?q ?p ?o .\n  # if legislature\n  ?q <l> ?l .\n  # end if\n  #if  type \n  ?q <t> ?t .\n  #   end if\n}\n";
        let none = keep_bound_blocks(q, |_| false).expect("paired");
        assert_eq!(
            none,
            "SELECT * WHERE {\n  ?q ?p ?o .\n  # if legislature\n\n  # end if\n  #if  type \n\n  #   end if\n}\n"
        );
        let one = keep_bound_blocks(q, |name| name == "type").expect("paired");
        assert!(!one.contains("<l>") && one.contains("?q <t> ?t"), "{one}");
        assert_eq!(keep_bound_blocks(q, |_| true).expect("paired"), q);
        // Bound through inject_values: the block stays and gets its VALUES.
        let term: Term = crate::rdf::integer(16).into();
        let out = inject_values(q, &[("legislature".into(), term)]).expect("bound");
        assert!(out.contains("?q <l> ?l") && !out.contains("<t>"), "{out}");
        assert!(inject_values(q, &[]).expect("bound").lines().count() == q.lines().count());
        for broken in [
            "# if a\n# if b\n# end if\n# end if\n",
            "x\n# end if\n",
            "# if a\nx\n",
        ] {
            assert!(
                matches!(
                    keep_bound_blocks(broken, |_| true),
                    Err(InjectError::Block(_))
                ),
                "{broken:?}"
            );
        }
        // Not markers: a comment that merely starts with "if", an `if` without a name.
        let plain = "# ifs and buts\n# if\nSELECT * {}\n";
        assert_eq!(
            keep_bound_blocks(plain, |_| false).expect("no block"),
            plain
        );
    }

    #[test]
    fn every_bundled_query_accepts_its_parameters() {
        for q in ALL {
            let bindings: Vec<(String, Term)> = q
                .params()
                .iter()
                .map(|p| {
                    let term: Term = match p.kind {
                        ParamType::Integer => crate::rdf::integer(16).into(),
                        ParamType::Date => crate::rdf::date(
                            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"),
                        )
                        .into(),
                        ParamType::DateTime => {
                            Literal::new_typed_literal("2024-01-01T00:00:00Z", xsd::DATE_TIME)
                                .into()
                        }
                        ParamType::Iri => NamedNode::new_unchecked("https://example.org/x").into(),
                        ParamType::String => Literal::new_simple_literal("x").into(),
                    };
                    (p.name.clone(), term)
                })
                .collect();
            let bound = inject_values(q.sparql, &bindings).expect("bindable");
            let parsed = crate::store::with_extensions(
                oxigraph::sparql::SparqlEvaluator::new(),
                std::sync::Arc::new(crate::store::search::in_step::SearchHandle::new(None)),
                oxigraph::store::Store::new().expect("store in memory"),
                crate::rdf::IriMinter::default(),
            )
            .parse_query(&bound);
            assert!(parsed.is_ok(), "{}: {:?}", q.name, parsed.err());
        }
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        match find("questions-per-ministy") {
            Err(QueryError::Unknown { suggestion, .. }) => {
                assert_eq!(suggestion.as_deref(), Some("questions-per-ministry"))
            }
            other => panic!("unexpected {other:?}"),
        }
        match find("zzzzzzzzzzzzzzzzzzzzzzzzzzzz") {
            Err(QueryError::Unknown { suggestion, .. }) => assert_eq!(suggestion, None),
            other => panic!("unexpected {other:?}"),
        }
    }
}
