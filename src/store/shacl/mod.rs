//! SHACL validation, by compiling the shapes to SPARQL.
//!
//! [`Shapes::parse`] reads a shapes graph (Turtle) and compiles every node and property
//! shape into SPARQL queries that select the violations; [`Shapes::validate`] runs them on a
//! [`QuestionStore`]. The SHACL Core components below are supported; a shape that uses any
//! other component is refused when the shapes are read (never silently ignored):
//!
//! targets `sh:targetClass`, `sh:targetNode`, `sh:targetSubjectsOf`, `sh:targetObjectsOf`;
//! paths: predicates, `sh:inversePath`, sequences, `sh:alternativePath`, `sh:zeroOrMorePath`,
//! `sh:oneOrMorePath`, `sh:zeroOrOnePath`; constraints `sh:minCount`, `sh:maxCount`,
//! `sh:datatype`, `sh:class`, `sh:nodeKind`, `sh:in`, `sh:hasValue`, `sh:pattern`
//! (`sh:flags`), `sh:languageIn`, `sh:uniqueLang`, `sh:minLength`, `sh:maxLength`,
//! `sh:minInclusive`, `sh:maxInclusive`, `sh:minExclusive`, `sh:maxExclusive`, `sh:lessThan`,
//! `sh:equals`, `sh:disjoint`; `sh:message`, `sh:severity`, `sh:deactivated`, `sh:name`,
//! `sh:description`.

use std::collections::{HashMap, HashSet};
use std::fmt;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};

use crate::store::{QueryOptions, QueryOutput, QuestionStore, StoreError};

/// The shapes shipped in `ontology/shapes.ttl`.
pub const SHAPES_TTL: &str = include_str!("../../ontology/shapes.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";

/// Errors in a shapes graph.
#[derive(Debug, thiserror::Error)]
pub enum ShapesError {
    /// The Turtle does not parse.
    #[error("shapes: {0}")]
    Syntax(String),
    /// A shape uses something this validator does not implement.
    #[error("shapes: {shape} uses {what}, which this validator does not support")]
    Unsupported {
        /// The shape.
        shape: String,
        /// The unsupported component or construct.
        what: String,
    },
    /// A shape is malformed (a path that is not a path, a count that is not a number…).
    #[error("shapes: {shape}: {message}")]
    Malformed {
        /// The shape.
        shape: String,
        /// What is wrong.
        message: String,
    },
}

/// Severity of a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// `sh:Info`.
    Info,
    /// `sh:Warning`.
    Warning,
    /// `sh:Violation` (the default).
    Violation,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Violation => "violation",
        })
    }
}

/// One validation result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationResult {
    /// The focus node.
    pub focus: String,
    /// The shape that failed.
    pub shape: String,
    /// The path, in SPARQL syntax (empty for node constraints).
    pub path: String,
    /// The constraint component (`sh:MinCountConstraintComponent`).
    pub component: String,
    /// The offending value, when there is one.
    pub value: Option<String>,
    /// The message.
    pub message: String,
    /// Severity.
    pub severity: Severity,
}

impl fmt::Display for ValidationResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} (focus {}",
            self.severity, self.message, self.focus
        )?;
        if !self.path.is_empty() {
            write!(f, ", path {}", self.path)?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value {v}")?;
        }
        write!(f, ", shape {}, {})", self.shape, self.component)
    }
}

/// A compiled constraint: the SPARQL that selects `?focus` (and maybe `?value`) for each
/// violation.
#[derive(Debug, Clone)]
struct Check {
    shape: String,
    path: String,
    component: &'static str,
    message: String,
    severity: Severity,
    sparql: String,
}

/// A compiled shapes graph.
#[derive(Debug, Clone)]
pub struct Shapes {
    checks: Vec<Check>,
    shape_count: usize,
}

/// The validation report.
#[derive(Debug, Clone, Default)]
pub struct ValidationReport {
    /// Every result, sorted.
    pub results: Vec<ValidationResult>,
    /// Number of checks run.
    pub checks: usize,
}

impl ValidationReport {
    /// Whether there is no violation (warnings and infos allowed).
    #[must_use]
    pub fn conforms(&self) -> bool {
        !self
            .results
            .iter()
            .any(|r| r.severity == Severity::Violation)
    }
}

/// The parsed shapes graph, indexed by subject.
struct Graph {
    by_subject: HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>>,
}

impl Graph {
    fn objects(&self, s: &NamedOrBlankNode, p: &str) -> Vec<&Term> {
        self.by_subject
            .get(s)
            .map(|v| {
                v.iter()
                    .filter(|(pp, _)| pp.as_str() == p)
                    .map(|(_, o)| o)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn object(&self, s: &NamedOrBlankNode, p: &str) -> Option<&Term> {
        self.objects(s, p).into_iter().next()
    }

    fn list(&self, head: &Term, shape: &str) -> Result<Vec<Term>, ShapesError> {
        let mut out = Vec::new();
        let mut node = head.clone();
        for _ in 0..10_000 {
            match &node {
                Term::NamedNode(n) if n.as_str() == RDF_NIL => return Ok(out),
                Term::NamedNode(_) | Term::BlankNode(_) => {
                    let s = as_subject(&node)
                        .ok_or_else(|| malformed(shape, "list node is a literal"))?;
                    let first = self
                        .object(&s, RDF_FIRST)
                        .ok_or_else(|| malformed(shape, "list without rdf:first"))?;
                    out.push(first.clone());
                    node = self
                        .object(&s, RDF_REST)
                        .ok_or_else(|| malformed(shape, "list without rdf:rest"))?
                        .clone();
                }
                _ => return Err(malformed(shape, "a list is expected")),
            }
        }
        Err(malformed(shape, "list too long or cyclic"))
    }
}

fn as_subject(t: &Term) -> Option<NamedOrBlankNode> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

fn malformed(shape: &str, message: &str) -> ShapesError {
    ShapesError::Malformed {
        shape: shape.to_owned(),
        message: message.to_owned(),
    }
}

fn sh(local: &str) -> String {
    format!("{SH}{local}")
}

/// Predicates of a shape that are not constraints (targets, metadata, structure).
const NON_CONSTRAINTS: &[&str] = &[
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "property",
    "path",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "flags",
];

/// The components this validator implements.
const SUPPORTED: &[&str] = &[
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "nodeKind",
    "in",
    "hasValue",
    "pattern",
    "languageIn",
    "uniqueLang",
    "minLength",
    "maxLength",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "lessThan",
    "equals",
    "disjoint",
];

fn term_sparql(t: &Term) -> String {
    t.to_string()
}

fn shape_name(s: &NamedOrBlankNode) -> String {
    match s {
        NamedOrBlankNode::NamedNode(n) => compact(n.as_str()),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn compact(iri: &str) -> String {
    if let Some(local) = iri.strip_prefix(SH) {
        return format!("sh:{local}");
    }
    let c = crate::export::compact_iri(iri);
    if c == iri && iri.contains(':') && !iri.starts_with('"') {
        format!("<{iri}>")
    } else {
        c
    }
}

impl Shapes {
    /// The shapes of `ontology/shapes.ttl`.
    pub fn builtin() -> Result<Self, ShapesError> {
        Self::parse(SHAPES_TTL)
    }

    /// Number of shapes (node and property).
    #[must_use]
    pub fn shape_count(&self) -> usize {
        self.shape_count
    }

    /// Number of compiled checks.
    #[must_use]
    pub fn check_count(&self) -> usize {
        self.checks.len()
    }

    /// Reads and compiles a shapes graph in Turtle.
    pub fn parse(turtle: &str) -> Result<Self, ShapesError> {
        let mut by_subject: HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>> = HashMap::new();
        for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            let q = q.map_err(|e| ShapesError::Syntax(e.to_string()))?;
            let t = Triple::from(q);
            by_subject
                .entry(t.subject)
                .or_default()
                .push((t.predicate, t.object));
        }
        let graph = Graph { by_subject };
        let mut node_shapes: Vec<NamedOrBlankNode> = graph
            .by_subject
            .iter()
            .filter(|(_, po)| {
                po.iter().any(|(p, o)| {
                    p.as_str() == RDF_TYPE
                        && matches!(o, Term::NamedNode(n) if n.as_str() == sh("NodeShape"))
                })
            })
            .map(|(s, _)| s.clone())
            .collect();
        node_shapes.sort_by_key(shape_name);
        let mut checks = Vec::new();
        let mut shape_count = 0;
        for shape in &node_shapes {
            shape_count += 1;
            let name = shape_name(shape);
            if graph
                .object(shape, &sh("deactivated"))
                .is_some_and(|t| matches!(t, Term::Literal(l) if l.value() == "true"))
            {
                continue;
            }
            let targets = targets(&graph, shape, &name)?;
            if targets.is_empty() {
                return Err(malformed(&name, "a node shape without target"));
            }
            // Constraints on the focus node itself.
            compile_constraints(&graph, shape, &name, &targets, None, &mut checks)?;
            for property in graph.objects(shape, &sh("property")) {
                shape_count += 1;
                let p = as_subject(property)
                    .ok_or_else(|| malformed(&name, "sh:property is a literal"))?;
                let path_term = graph
                    .object(&p, &sh("path"))
                    .ok_or_else(|| malformed(&name, "property shape without sh:path"))?;
                let path = compile_path(&graph, path_term, &name, 0)?;
                // Property shapes are blank nodes: name them by their node shape and path.
                let pname = match &p {
                    NamedOrBlankNode::NamedNode(_) => shape_name(&p),
                    NamedOrBlankNode::BlankNode(_) => format!("{name}[{}]", compact_path(&path)),
                };
                compile_constraints(&graph, &p, &pname, &targets, Some(&path), &mut checks)?;
            }
        }
        Ok(Self {
            checks,
            shape_count,
        })
    }

    /// Runs every check on the store (over the union of its graphs).
    pub fn validate(&self, store: &QuestionStore) -> Result<ValidationReport, StoreError> {
        let mut results = Vec::new();
        let mut seen = HashSet::new();
        for check in &self.checks {
            let QueryOutput::Solutions { variables, rows } =
                store.query(&check.sparql, &QueryOptions::default())?
            else {
                continue;
            };
            let focus_i = variables.iter().position(|v| v == "focus");
            let value_i = variables.iter().position(|v| v == "value");
            for row in rows {
                let show = |i: Option<usize>| i.and_then(|i| row[i].as_ref()).map(display);
                let result = ValidationResult {
                    focus: show(focus_i).unwrap_or_default(),
                    shape: check.shape.clone(),
                    path: check.path.clone(),
                    component: check.component.to_owned(),
                    value: show(value_i),
                    message: check.message.clone(),
                    severity: check.severity,
                };
                if seen.insert((
                    result.focus.clone(),
                    result.shape.clone(),
                    result.component.clone(),
                    result.value.clone(),
                )) {
                    results.push(result);
                }
            }
        }
        results.sort_by(|a, b| {
            (&a.focus, &a.shape, &a.component, &a.value).cmp(&(
                &b.focus,
                &b.shape,
                &b.component,
                &b.value,
            ))
        });
        Ok(ValidationReport {
            results,
            checks: self.checks.len(),
        })
    }
}

fn display(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => format!("<{}>", n.as_str()),
        other => other.to_string(),
    }
}

/// The SPARQL pattern binding `?focus` to the targets of a node shape.
fn targets(
    graph: &Graph,
    shape: &NamedOrBlankNode,
    name: &str,
) -> Result<Vec<String>, ShapesError> {
    let mut out = Vec::new();
    for c in graph.objects(shape, &sh("targetClass")) {
        out.push(format!("?focus <{RDF_TYPE}> {} .", term_sparql(c)));
    }
    for n in graph.objects(shape, &sh("targetNode")) {
        out.push(format!("VALUES ?focus {{ {} }}", term_sparql(n)));
    }
    for p in graph.objects(shape, &sh("targetSubjectsOf")) {
        out.push(format!("?focus {} ?targetObject .", term_sparql(p)));
    }
    for p in graph.objects(shape, &sh("targetObjectsOf")) {
        out.push(format!("?targetSubject {} ?focus .", term_sparql(p)));
    }
    let _ = name;
    Ok(out)
}

fn compile_path(graph: &Graph, t: &Term, shape: &str, depth: usize) -> Result<String, ShapesError> {
    if depth > 16 {
        return Err(malformed(shape, "path nested too deep"));
    }
    match t {
        Term::NamedNode(n) => Ok(format!("<{}>", n.as_str())),
        Term::BlankNode(_) => {
            let s = as_subject(t).ok_or_else(|| malformed(shape, "bad path"))?;
            if graph.object(&s, RDF_FIRST).is_some() {
                let parts: Vec<String> = graph
                    .list(t, shape)?
                    .iter()
                    .map(|p| compile_path(graph, p, shape, depth + 1))
                    .collect::<Result<_, _>>()?;
                return Ok(format!("({})", parts.join("/")));
            }
            let unary = [
                ("inversePath", "^", ""),
                ("zeroOrMorePath", "", "*"),
                ("oneOrMorePath", "", "+"),
                ("zeroOrOnePath", "", "?"),
            ];
            for (local, pre, post) in unary {
                if let Some(inner) = graph.object(&s, &sh(local)) {
                    return Ok(format!(
                        "{pre}({}){post}",
                        compile_path(graph, inner, shape, depth + 1)?
                    ));
                }
            }
            if let Some(list) = graph.object(&s, &sh("alternativePath")) {
                let parts: Vec<String> = graph
                    .list(list, shape)?
                    .iter()
                    .map(|p| compile_path(graph, p, shape, depth + 1))
                    .collect::<Result<_, _>>()?;
                return Ok(format!("({})", parts.join("|")));
            }
            Err(ShapesError::Unsupported {
                shape: shape.to_owned(),
                what: "this kind of path".into(),
            })
        }
        _ => Err(malformed(shape, "a path is an IRI or a blank node")),
    }
}

fn integer(t: &Term, shape: &str, what: &str) -> Result<u64, ShapesError> {
    match t {
        Term::Literal(l) => l
            .value()
            .parse()
            .map_err(|_| malformed(shape, &format!("{what} is not a non-negative integer"))),
        _ => Err(malformed(shape, &format!("{what} is not a literal"))),
    }
}

#[allow(clippy::too_many_lines)]
fn compile_constraints(
    graph: &Graph,
    shape: &NamedOrBlankNode,
    name: &str,
    targets: &[String],
    path: Option<&str>,
    checks: &mut Vec<Check>,
) -> Result<(), ShapesError> {
    let po = graph.by_subject.get(shape).cloned().unwrap_or_default();
    // Refuse anything that is neither a constraint we implement nor structure.
    for (p, _) in &po {
        if p.as_str() == RDF_TYPE {
            continue;
        }
        let Some(local) = p.as_str().strip_prefix(SH) else {
            continue;
        };
        if !SUPPORTED.contains(&local) && !NON_CONSTRAINTS.contains(&local) {
            return Err(ShapesError::Unsupported {
                shape: name.to_owned(),
                what: format!("sh:{local}"),
            });
        }
    }
    let severity = match graph.object(shape, &sh("severity")) {
        Some(Term::NamedNode(n)) if n.as_str() == sh("Warning") => Severity::Warning,
        Some(Term::NamedNode(n)) if n.as_str() == sh("Info") => Severity::Info,
        _ => Severity::Violation,
    };
    let custom = graph.object(shape, &sh("message")).and_then(|t| match t {
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    });
    let shown_path = path.map(compact_path).unwrap_or_default();
    let subject = shown_path.clone();
    // `?value` is bound to each value node: the path's values, or the focus itself.
    let value_of = |extra: &str| -> String {
        let target = targets.join(" UNION ");
        let target = if targets.len() > 1 {
            format!(
                "{{ {} }}",
                targets
                    .iter()
                    .map(|t| format!("{{ {t} }}"))
                    .collect::<Vec<_>>()
                    .join(" UNION ")
            )
        } else {
            target
        };
        match path {
            Some(p) => format!(
                "SELECT DISTINCT ?focus ?value WHERE {{ {target} ?focus {p} ?value . {extra} }}"
            ),
            None => format!(
                "SELECT DISTINCT ?focus ?value WHERE {{ {target} BIND(?focus AS ?value) {extra} }}"
            ),
        }
    };
    let target_only = || -> String {
        if targets.len() > 1 {
            format!(
                "{{ {} }}",
                targets
                    .iter()
                    .map(|t| format!("{{ {t} }}"))
                    .collect::<Vec<_>>()
                    .join(" UNION ")
            )
        } else {
            targets.join(" ")
        }
    };
    let mut add = |component: &'static str, default: String, sparql: String| {
        checks.push(Check {
            shape: name.to_owned(),
            path: shown_path.clone(),
            component,
            message: custom.clone().unwrap_or(default),
            severity,
            sparql,
        });
    };
    for (p, o) in &po {
        let Some(local) = p.as_str().strip_prefix(SH) else {
            continue;
        };
        match local {
            "minCount" => {
                let n = integer(o, name, "sh:minCount")?;
                let Some(path) = path else {
                    return Err(malformed(name, "sh:minCount on a node shape"));
                };
                if n == 0 {
                    continue;
                }
                let sparql = if n == 1 {
                    format!(
                        "SELECT DISTINCT ?focus WHERE {{ {} FILTER NOT EXISTS {{ ?focus {path} ?any }} }}",
                        target_only()
                    )
                } else {
                    format!(
                        "SELECT ?focus WHERE {{ {} OPTIONAL {{ ?focus {path} ?v }} }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})",
                        target_only()
                    )
                };
                add(
                    "sh:MinCountConstraintComponent",
                    format!(
                        "expected at least {n} value{} of {subject}",
                        if n == 1 { "" } else { "s" }
                    ),
                    sparql,
                );
            }
            "maxCount" => {
                let n = integer(o, name, "sh:maxCount")?;
                let Some(path) = path else {
                    return Err(malformed(name, "sh:maxCount on a node shape"));
                };
                let sparql = format!(
                    "SELECT ?focus WHERE {{ {} ?focus {path} ?v }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {n})",
                    target_only()
                );
                add(
                    "sh:MaxCountConstraintComponent",
                    format!(
                        "expected at most {n} value{} of {subject}",
                        if n == 1 { "" } else { "s" }
                    ),
                    sparql,
                );
            }
            "datatype" => {
                let d = term_sparql(o);
                add(
                    "sh:DatatypeConstraintComponent",
                    format!(
                        "{} values must be literals of datatype {}",
                        label(&subject),
                        compact(&d)
                    ),
                    value_of(&format!(
                        "FILTER(!isLiteral(?value) || DATATYPE(?value) != {d})"
                    )),
                );
            }
            "class" => {
                let c = term_sparql(o);
                add(
                    "sh:ClassConstraintComponent",
                    format!(
                        "{} values must be instances of {}",
                        label(&subject),
                        compact(&d_iri(o))
                    ),
                    value_of(&format!("FILTER NOT EXISTS {{ ?value <{RDF_TYPE}> {c} }}")),
                );
            }
            "nodeKind" => {
                let Term::NamedNode(kind) = o else {
                    return Err(malformed(name, "sh:nodeKind is not an IRI"));
                };
                let test = match kind.as_str().strip_prefix(SH) {
                    Some("IRI") => "isIRI(?value)",
                    Some("Literal") => "isLiteral(?value)",
                    Some("BlankNode") => "isBlank(?value)",
                    Some("BlankNodeOrIRI") => "(isBlank(?value) || isIRI(?value))",
                    Some("IRIOrLiteral") => "(isIRI(?value) || isLiteral(?value))",
                    Some("BlankNodeOrLiteral") => "(isBlank(?value) || isLiteral(?value))",
                    _ => return Err(malformed(name, "unknown sh:nodeKind")),
                };
                add(
                    "sh:NodeKindConstraintComponent",
                    format!(
                        "{} values must be of kind {}",
                        label(&subject),
                        compact(kind.as_str())
                    ),
                    value_of(&format!("FILTER(!{test})")),
                );
            }
            "in" => {
                let values: Vec<String> = graph.list(o, name)?.iter().map(term_sparql).collect();
                add(
                    "sh:InConstraintComponent",
                    format!(
                        "{} values must be one of {}",
                        label(&subject),
                        values
                            .iter()
                            .map(|v| compact(v.trim_matches(['<', '>'])))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    value_of(&format!("FILTER(?value NOT IN ({}))", values.join(", "))),
                );
            }
            "hasValue" => {
                let v = term_sparql(o);
                let sparql = match path {
                    Some(path) => format!(
                        "SELECT DISTINCT ?focus WHERE {{ {} FILTER NOT EXISTS {{ ?focus {path} {v} }} }}",
                        target_only()
                    ),
                    None => format!(
                        "SELECT DISTINCT ?focus WHERE {{ {} FILTER(?focus != {v}) }}",
                        target_only()
                    ),
                };
                add(
                    "sh:HasValueConstraintComponent",
                    format!("{} must have the value {v}", label(&subject)),
                    sparql,
                );
            }
            "pattern" => {
                let Term::Literal(re) = o else {
                    return Err(malformed(name, "sh:pattern is not a literal"));
                };
                let flags = graph.object(shape, &sh("flags")).map(|f| match f {
                    Term::Literal(l) => l.value().to_owned(),
                    _ => String::new(),
                });
                let pattern = oxigraph::model::Literal::new_simple_literal(re.value()).to_string();
                let call = match flags {
                    Some(f) => format!(
                        "REGEX(STR(?value), {pattern}, {})",
                        oxigraph::model::Literal::new_simple_literal(f)
                    ),
                    None => format!("REGEX(STR(?value), {pattern})"),
                };
                add(
                    "sh:PatternConstraintComponent",
                    format!("{} values must match {}", label(&subject), re.value()),
                    value_of(&format!("FILTER(isBlank(?value) || !{call})")),
                );
            }
            "languageIn" => {
                let langs: Vec<String> = graph
                    .list(o, name)?
                    .iter()
                    .map(|t| match t {
                        Term::Literal(l) => format!(
                            "LANGMATCHES(LANG(?value), \"{}\")",
                            l.value().replace('"', "")
                        ),
                        _ => "false".to_owned(),
                    })
                    .collect();
                add(
                    "sh:LanguageInConstraintComponent",
                    format!("{} values must be in the languages given", label(&subject)),
                    value_of(&format!(
                        "FILTER(!({}))",
                        if langs.is_empty() {
                            "false".to_owned()
                        } else {
                            langs.join(" || ")
                        }
                    )),
                );
            }
            "uniqueLang" => {
                let unique = matches!(o, Term::Literal(l) if l.value() == "true");
                let Some(path) = path else {
                    return Err(malformed(name, "sh:uniqueLang on a node shape"));
                };
                if unique {
                    let sparql = format!(
                        "SELECT DISTINCT ?focus (LANG(?a) AS ?value) WHERE {{ {} ?focus {path} ?a . ?focus {path} ?b . FILTER(?a != ?b && LANG(?a) != \"\" && LANG(?a) = LANG(?b)) }}",
                        target_only()
                    );
                    add(
                        "sh:UniqueLangConstraintComponent",
                        format!(
                            "{} has several values in the same language",
                            label(&subject)
                        ),
                        sparql,
                    );
                }
            }
            "minLength" | "maxLength" => {
                let n = integer(o, name, local)?;
                let (op, component, word) = if local == "minLength" {
                    ("<", "sh:MinLengthConstraintComponent", "at least")
                } else {
                    (">", "sh:MaxLengthConstraintComponent", "at most")
                };
                add(
                    component,
                    format!("{} values must have {word} {n} characters", label(&subject)),
                    value_of(&format!(
                        "FILTER(isBlank(?value) || STRLEN(STR(?value)) {op} {n})"
                    )),
                );
            }
            "minInclusive" | "maxInclusive" | "minExclusive" | "maxExclusive" => {
                let bound = term_sparql(o);
                let (test, component) = match local {
                    "minInclusive" => (
                        format!("?value >= {bound}"),
                        "sh:MinInclusiveConstraintComponent",
                    ),
                    "maxInclusive" => (
                        format!("?value <= {bound}"),
                        "sh:MaxInclusiveConstraintComponent",
                    ),
                    "minExclusive" => (
                        format!("?value > {bound}"),
                        "sh:MinExclusiveConstraintComponent",
                    ),
                    _ => (
                        format!("?value < {bound}"),
                        "sh:MaxExclusiveConstraintComponent",
                    ),
                };
                add(
                    component,
                    format!(
                        "{} values must be {}",
                        label(&subject),
                        test.replace("?value ", "")
                    ),
                    value_of(&format!("FILTER(!COALESCE({test}, false))")),
                );
            }
            "lessThan" | "equals" | "disjoint" => {
                let other = term_sparql(o);
                let Some(path) = path else {
                    return Err(malformed(name, &format!("sh:{local} on a node shape")));
                };
                let (sparql, component, message) = match local {
                    "lessThan" => (
                        format!(
                            "SELECT DISTINCT ?focus ?value WHERE {{ {} ?focus {path} ?value . ?focus {other} ?w . FILTER(!COALESCE(?value < ?w, false)) }}",
                            target_only()
                        ),
                        "sh:LessThanConstraintComponent",
                        format!(
                            "{} values must be less than those of {}",
                            label(&subject),
                            compact(other.trim_matches(['<', '>']))
                        ),
                    ),
                    "equals" => (
                        format!(
                            "SELECT DISTINCT ?focus ?value WHERE {{ {t} {{ ?focus {path} ?value FILTER NOT EXISTS {{ ?focus {other} ?value }} }} UNION {{ ?focus {other} ?value FILTER NOT EXISTS {{ ?focus {path} ?value }} }} }}",
                            t = target_only()
                        ),
                        "sh:EqualsConstraintComponent",
                        format!(
                            "{} values must equal those of {}",
                            label(&subject),
                            compact(other.trim_matches(['<', '>']))
                        ),
                    ),
                    _ => (
                        format!(
                            "SELECT DISTINCT ?focus ?value WHERE {{ {} ?focus {path} ?value . ?focus {other} ?value }}",
                            target_only()
                        ),
                        "sh:DisjointConstraintComponent",
                        format!(
                            "{} values must differ from those of {}",
                            label(&subject),
                            compact(other.trim_matches(['<', '>']))
                        ),
                    ),
                };
                add(component, message, sparql);
            }
            _ => {}
        }
    }
    Ok(())
}

fn d_iri(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

fn label(path: &str) -> String {
    if path.is_empty() {
        "the focus node".to_owned()
    } else {
        path.to_owned()
    }
}

/// A path for people: IRIs compacted with the usual prefixes.
fn compact_path(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        out.push_str(&compact(&rest[start + 1..start + end]));
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::IriMinter;

    const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

    fn store_with(nt: &str) -> QuestionStore {
        let store = QuestionStore::in_memory(IriMinter::default()).expect("store");
        let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::NTriples)
            .for_slice(nt.as_bytes())
            .map(|q| Triple::from(q.expect("nt")))
            .collect();
        let graph = crate::rdf::QuestionGraph {
            graph: NamedNode::new_unchecked("http://example.org/g"),
            triples,
            reference: Vec::new(),
        };
        store.load_batch(&[graph]).expect("load");
        store
    }

    #[test]
    fn the_builtin_shapes_compile() {
        let shapes = Shapes::builtin().expect("shapes");
        assert!(shapes.shape_count() > 20);
        assert!(shapes.check_count() > 50);
    }

    #[test]
    fn violations_name_the_focus_node_and_the_message() {
        let shapes = Shapes::parse(&format!(
            "{PREFIXES} ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:id ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ; sh:pattern \"^Q[0-9]+$\" ] ; sh:property [ sh:path ex:start ; sh:lessThan ex:end ] ."
        ))
        .expect("shapes");
        let store = store_with(
            "<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .\n\
             <http://example.org/a> <http://example.org/id> \"Q1\" .\n\
             <http://example.org/a> <http://example.org/id> \"X2\" .\n\
             <http://example.org/a> <http://example.org/start> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n\
             <http://example.org/a> <http://example.org/end> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n\
             <http://example.org/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .\n\
             <http://example.org/c> <http://example.org/id> \"Q3\" .\n",
        );
        let report = shapes.validate(&store).expect("validate");
        assert!(!report.conforms());
        let found: Vec<(String, String)> = report
            .results
            .iter()
            .map(|r| (r.focus.clone(), r.component.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "<http://example.org/a>".to_owned(),
                    "sh:MaxCountConstraintComponent".to_owned()
                ),
                (
                    "<http://example.org/a>".to_owned(),
                    "sh:PatternConstraintComponent".to_owned()
                ),
                (
                    "<http://example.org/a>".to_owned(),
                    "sh:LessThanConstraintComponent".to_owned()
                ),
                (
                    "<http://example.org/b>".to_owned(),
                    "sh:MinCountConstraintComponent".to_owned()
                ),
            ]
        );
        assert!(
            report.results[3]
                .to_string()
                .contains("expected at least 1 value of <http://example.org/id>"),
            "{}",
            report.results[3]
        );
    }

    #[test]
    fn unsupported_components_are_refused_not_ignored() {
        let err = Shapes::parse(&format!("{PREFIXES} ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] .")).expect_err("refused");
        assert!(err.to_string().contains("sh:qualifiedMinCount"), "{err}");
    }
}
