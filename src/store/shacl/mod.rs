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

mod compile;

/// The shapes shipped in `ontology/shapes.ttl`.
pub const SHAPES_TTL: &str = include_str!("../../../ontology/shapes.ttl");

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
    #[error(
        "shapes: {shape} uses {what}, which this validator does not support (README.md, \"Validating with SHACL\", lists what it does)"
    )]
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
    /// The focus node, as a term.
    pub focus_node: Option<Term>,
    /// The offending value, as a term.
    pub value_node: Option<Term>,
    /// The shape, when it is an IRI.
    pub source_shape: Option<NamedNode>,
    /// The path, when it is a single predicate.
    pub result_path: Option<NamedNode>,
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
    source: Option<NamedNode>,
    path_iri: Option<NamedNode>,
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
    /// The report as a SHACL validation report graph: one `sh:ValidationReport` whose
    /// `sh:conforms` is true when there is no result at all (as SHACL defines it), and one
    /// `sh:ValidationResult` per result (`sh:resultPath` when the path is a single
    /// predicate, `sh:sourceShape` when the shape is an IRI).
    #[must_use]
    pub fn to_triples(&self) -> Vec<Triple> {
        use oxigraph::model::{BlankNode, Literal};
        let iri = |local: &str| NamedNode::new_unchecked(sh(local));
        let mut out = Vec::new();
        let report = BlankNode::default();
        out.push(Triple::new(
            report.clone(),
            NamedNode::new_unchecked(RDF_TYPE),
            iri("ValidationReport"),
        ));
        out.push(Triple::new(
            report.clone(),
            iri("conforms"),
            Literal::from(self.results.is_empty()),
        ));
        for r in &self.results {
            let node = BlankNode::default();
            out.push(Triple::new(report.clone(), iri("result"), node.clone()));
            out.push(Triple::new(
                node.clone(),
                NamedNode::new_unchecked(RDF_TYPE),
                iri("ValidationResult"),
            ));
            if let Some(f) = &r.focus_node {
                out.push(Triple::new(node.clone(), iri("focusNode"), f.clone()));
            }
            if let Some(v) = &r.value_node {
                out.push(Triple::new(node.clone(), iri("value"), v.clone()));
            }
            if let Some(p) = &r.result_path {
                out.push(Triple::new(node.clone(), iri("resultPath"), p.clone()));
            }
            if let Some(s) = &r.source_shape {
                out.push(Triple::new(node.clone(), iri("sourceShape"), s.clone()));
            }
            out.push(Triple::new(
                node.clone(),
                iri("sourceConstraintComponent"),
                iri(r.component.trim_start_matches("sh:")),
            ));
            out.push(Triple::new(
                node.clone(),
                iri("resultSeverity"),
                iri(match r.severity {
                    Severity::Info => "Info",
                    Severity::Warning => "Warning",
                    Severity::Violation => "Violation",
                }),
            ));
            out.push(Triple::new(
                node,
                iri("resultMessage"),
                Literal::new_simple_literal(&r.message),
            ));
        }
        out
    }

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
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "ignoredProperties",
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
    "lessThanOrEquals",
    "equals",
    "disjoint",
    "node",
    "not",
    "and",
    "or",
    "xone",
    "qualifiedValueShape",
    "closed",
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
        Self::parse_with_base(turtle, None)
    }

    /// Reads and compiles a shapes graph in Turtle, its relative IRIs resolved against
    /// `base` (the address of the file, for shapes that name themselves `<>` or `<#S>`).
    pub fn parse_with_base(turtle: &str, base: Option<&str>) -> Result<Self, ShapesError> {
        let mut by_subject: HashMap<NamedOrBlankNode, Vec<(NamedNode, Term)>> = HashMap::new();
        let mut parser = RdfParser::from_format(RdfFormat::Turtle);
        if let Some(base) = base {
            parser = parser
                .with_base_iri(base)
                .map_err(|e| ShapesError::Syntax(format!("base IRI {base}: {e}")))?;
        }
        for q in parser.for_slice(turtle.as_bytes()) {
            let q = q.map_err(|e| ShapesError::Syntax(e.to_string()))?;
            let t = Triple::from(q);
            by_subject
                .entry(t.subject)
                .or_default()
                .push((t.predicate, t.object));
        }
        let graph = Graph { by_subject };
        let mut compiler = compile::Compiler::new(&graph);
        // The shapes validated are those with targets; the others are reached through
        // them (sh:property, sh:node, sh:or…).
        let mut shapes: Vec<(NamedOrBlankNode, Vec<String>)> = graph
            .by_subject
            .keys()
            .map(|s| (s.clone(), compiler.targets(s)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        shapes.sort_by_key(|(s, _)| shape_name(s));
        let mut checks = Vec::new();
        let mut shape_count = 0;
        for (shape, targets) in &shapes {
            shape_count += 1 + graph.objects(shape, &sh("property")).len();
            let target = if targets.len() > 1 {
                targets
                    .iter()
                    .map(|t| format!("{{ {t} }}"))
                    .collect::<Vec<_>>()
                    .join(" UNION ")
            } else {
                targets.join(" ")
            };
            for v in compiler.violations(shape, "?focus", &[], 0)? {
                let value = v
                    .value
                    .as_ref()
                    .map_or(String::new(), |x| format!("({x} AS ?value)"));
                let node = v
                    .focus
                    .as_ref()
                    .map_or("?focus".to_owned(), |x| format!("({x} AS ?node)"));
                checks.push(Check {
                    shape: v.shape,
                    source: v.source,
                    path_iri: v.path_iri,
                    path: v.path,
                    component: v.component,
                    message: v.message,
                    severity: v.severity,
                    sparql: format!(
                        "SELECT DISTINCT {node} {value} WHERE {{ {target} {} }}",
                        v.body
                    ),
                });
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
            let focus_i = variables
                .iter()
                .position(|v| v == "node")
                .or_else(|| variables.iter().position(|v| v == "focus"));
            let value_i = variables.iter().position(|v| v == "value");
            for row in rows {
                let term = |i: Option<usize>| i.and_then(|i| row[i].clone());
                let (focus_node, value_node) = (term(focus_i), term(value_i));
                let result = ValidationResult {
                    focus: focus_node.as_ref().map(display).unwrap_or_default(),
                    shape: check.shape.clone(),
                    path: check.path.clone(),
                    component: check.component.to_owned(),
                    value: value_node.as_ref().map(display),
                    message: check.message.clone(),
                    severity: check.severity,
                    focus_node,
                    value_node,
                    source_shape: check.source.clone(),
                    result_path: check.path_iri.clone(),
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
    fn shapes_tested_on_values_not_xone_closed_and_qualified_counts() {
        let shapes = Shapes::parse(&format!(
            "{PREFIXES}
             ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
             ex:Team a sh:NodeShape ; sh:targetClass ex:Team ;
               sh:closed true ; sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;
               sh:property [ sh:path ex:member ; sh:node ex:Named ;
                             sh:qualifiedValueShape [ sh:property [ sh:path ex:role ; sh:hasValue ex:Lead ] ] ;
                             sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] ;
               sh:property [ sh:path ex:code ; sh:xone ( [ sh:datatype xsd:integer ] [ sh:pattern \"^T\" ] ) ] ;
               sh:property [ sh:path ex:rival ; sh:not ex:Named ] ."
        ))
        .expect("shapes");
        let ex = |l: &str| format!("<http://example.org/{l}>");
        let team = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Team>";
        let store = store_with(&format!(
            "{a} {team} .\n{a} {member} {ann} .\n{ann} {name} \"Ann\" .\n{ann} {role} {lead} .\n\
             {a} {code} \"7\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n{a} {rival} {b} .\n\
             {b} {team} .\n{b} {member} {bob} .\n{b} {member} {cy} .\n{bob} {role} {lead} .\n\
             {cy} {name} \"Cy\" .\n{cy} {role} {lead} .\n{b} {code} \"X1\" .\n{b} {rival} {ann} .\n{b} {colour} \"red\" .\n",
            a = ex("a"),
            b = ex("b"),
            ann = ex("ann"),
            bob = ex("bob"),
            cy = ex("cy"),
            lead = ex("Lead"),
            member = ex("member"),
            name = ex("name"),
            role = ex("role"),
            code = ex("code"),
            rival = ex("rival"),
            colour = ex("colour"),
        ));
        let report = shapes.validate(&store).expect("validate");
        let mut found: Vec<(String, String, Option<String>)> = report
            .results
            .iter()
            .map(|r| (r.focus.clone(), r.component.clone(), r.value.clone()))
            .collect();
        found.sort();
        // ex:a conforms; ex:b has a member without a name (sh:node), two leads
        // (qualified max 1), a code that is neither an integer nor starts with T
        // (sh:xone), a rival that has a name (sh:not), and a property its closed shape does
        // not allow.
        assert_eq!(
            found,
            [
                (
                    ex("b"),
                    "sh:ClosedConstraintComponent".into(),
                    Some("\"red\"".into())
                ),
                (
                    ex("b"),
                    "sh:NodeConstraintComponent".into(),
                    Some(ex("bob"))
                ),
                (ex("b"), "sh:NotConstraintComponent".into(), Some(ex("ann"))),
                (
                    ex("b"),
                    "sh:QualifiedMaxCountConstraintComponent".into(),
                    None
                ),
                (
                    ex("b"),
                    "sh:XoneConstraintComponent".into(),
                    Some("\"X1\"".into())
                ),
            ],
            "{report:#?}"
        );
    }

    #[test]
    fn unsupported_components_are_refused_not_ignored() {
        let err = Shapes::parse(&format!("{PREFIXES} ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:sparql [ sh:select \"SELECT ?this WHERE {{}}\" ] ] .")).expect_err("refused");
        assert!(err.to_string().contains("sh:sparql"), "{err}");
    }
}
