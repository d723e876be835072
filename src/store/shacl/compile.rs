//! From shapes to SPARQL: every way a focus node can violate a shape becomes a graph
//! pattern that matches when it does.
//!
//! A pattern is written over a focus variable bound outside it, so the same shape compiles
//! both to the checks run on the targets (`SELECT ?focus … WHERE { targets pattern }`) and,
//! with fresh variables, to the test "this node conforms to that shape" that `sh:node`,
//! `sh:not`, `sh:and`, `sh:or`, `sh:xone` and `sh:qualifiedValueShape` need:
//! `NOT EXISTS { pattern₁ } && NOT EXISTS { pattern₂ } …`.

use oxigraph::model::{NamedOrBlankNode, Term};

use super::{
    Graph, NON_CONSTRAINTS, RDF_TYPE, SH, SUPPORTED, Severity, ShapesError, as_subject, compact,
    compact_path, compile_path, d_iri, integer, label, malformed, sh, shape_name, term_sparql,
};

const RDFS_SUBCLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
const RDFS_CLASS: &str = "http://www.w3.org/2000/01/rdf-schema#Class";
const OWL_CLASS: &str = "http://www.w3.org/2002/07/owl#Class";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
/// How deep shapes may refer to shapes (`sh:node` in `sh:node`…): deeper is taken for a
/// recursive shape, which SHACL leaves undefined.
const MAX_DEPTH: usize = 8;
/// At most this many distinct values are matched by a join of the path with itself; more,
/// by a `COUNT`.
const JOINED: u64 = 4;

/// One way a focus node can violate a shape.
#[derive(Debug, Clone)]
pub(super) struct Violation {
    /// The shape (a property shape for the constraints of its path).
    pub shape: String,
    /// The path, for people (empty on a node shape).
    pub path: String,
    /// The constraint component (`sh:MinCountConstraintComponent`).
    pub component: &'static str,
    /// The message.
    pub message: String,
    /// The severity.
    pub severity: Severity,
    /// The variable bound to the offending value, when there is one.
    pub value: Option<String>,
    /// The shape, when it is an IRI (for `sh:sourceShape`).
    pub source: Option<oxigraph::model::NamedNode>,
    /// The path, when it is a single predicate (for `sh:resultPath`).
    pub path_iri: Option<oxigraph::model::NamedNode>,
    /// The variable bound to the result's focus node when it is not the shape's focus (the
    /// values of a property shape are the focus nodes of the property shapes inside it).
    pub focus: Option<String>,
    /// The pattern, over the focus variable, that matches when the node violates.
    pub body: String,
}

/// Compiles the shapes of a graph, naming variables afresh as it goes.
pub(super) struct Compiler<'g> {
    graph: &'g Graph,
    next: usize,
}

impl<'g> Compiler<'g> {
    pub(super) fn new(graph: &'g Graph) -> Self {
        Self { graph, next: 0 }
    }

    fn fresh(&mut self, stem: &str) -> String {
        self.next += 1;
        format!("?{stem}{}", self.next)
    }

    /// The SPARQL pattern binding `?focus` to the targets of a shape (empty: none).
    pub(super) fn targets(&self, shape: &NamedOrBlankNode) -> Vec<String> {
        let g = self.graph;
        let class_of = |c: &str| format!("?focus <{RDF_TYPE}>/<{RDFS_SUBCLASS_OF}>* {c} .");
        let mut out = Vec::new();
        for c in g.objects(shape, &sh("targetClass")) {
            out.push(class_of(&term_sparql(c)));
        }
        // A shape that is also a class targets its instances.
        let types = g.objects(shape, RDF_TYPE);
        let typed = |iris: &[&str]| {
            types
                .iter()
                .any(|t| matches!(t, Term::NamedNode(n) if iris.contains(&n.as_str())))
        };
        let shape_type = [sh("NodeShape"), sh("PropertyShape")];
        if typed(&[RDFS_CLASS, OWL_CLASS])
            && typed(&[shape_type[0].as_str(), shape_type[1].as_str()])
        {
            if let NamedOrBlankNode::NamedNode(n) = shape {
                out.push(class_of(&format!("<{}>", n.as_str())));
            }
        }
        for n in g.objects(shape, &sh("targetNode")) {
            out.push(format!("VALUES ?focus {{ {} }}", term_sparql(n)));
        }
        for p in g.objects(shape, &sh("targetSubjectsOf")) {
            out.push(format!("?focus {} [] .", term_sparql(p)));
        }
        for p in g.objects(shape, &sh("targetObjectsOf")) {
            out.push(format!("[] {} ?focus .", term_sparql(p)));
        }
        out
    }

    /// Every way the node in `focus` can violate `shape` (its own constraints and those
    /// of its property shapes). `siblings`: the qualified value shapes of the property
    /// shapes beside this one (for `sh:qualifiedValueShapesDisjoint`).
    pub(super) fn violations(
        &mut self,
        shape: &NamedOrBlankNode,
        focus: &str,
        siblings: &[Term],
        depth: usize,
    ) -> Result<Vec<Violation>, ShapesError> {
        let g = self.graph;
        let name = shape_name(shape);
        if depth > MAX_DEPTH {
            return Err(ShapesError::Unsupported {
                shape: name,
                what: "recursive shapes".into(),
            });
        }
        if g.object(shape, &sh("deactivated"))
            .is_some_and(|t| matches!(t, Term::Literal(l) if l.value() == "true"))
        {
            return Ok(Vec::new());
        }
        let path = match g.object(shape, &sh("path")) {
            Some(p) => Some(compile_path(g, p, &name, 0)?),
            None => None,
        };
        // Property shapes are often blank nodes: name them by their parent and path.
        let mut out = self.constraints(shape, &name, focus, path.as_deref(), siblings, depth)?;
        let properties: Vec<Term> = g
            .objects(shape, &sh("property"))
            .into_iter()
            .cloned()
            .collect();
        let qualified: Vec<Term> = properties
            .iter()
            .filter_map(as_subject)
            .filter_map(|p| g.object(&p, &sh("qualifiedValueShape")).cloned())
            .collect();
        // The property shapes of a property shape apply to its values.
        let (inner_focus, reach) = match &path {
            Some(path) => {
                let n = self.fresh("n");
                let reach = format!("{focus} {path} {n} .");
                (n, Some(reach))
            }
            None => (focus.to_owned(), None),
        };
        for property in &properties {
            let p =
                as_subject(property).ok_or_else(|| malformed(&name, "sh:property is a literal"))?;
            if g.object(&p, &sh("path")).is_none() {
                return Err(malformed(&name, "property shape without sh:path"));
            }
            let mut inner = self.violations(&p, &inner_focus, &qualified, depth + 1)?;
            if let Some(reach) = &reach {
                for v in &mut inner {
                    v.body = format!("{reach} {}", v.body);
                    v.focus.get_or_insert_with(|| inner_focus.clone());
                }
            }
            if let NamedOrBlankNode::BlankNode(_) = p {
                for v in &mut inner {
                    if v.shape.starts_with("_:") {
                        v.shape = format!("{name}[{}]", v.path);
                    }
                }
            }
            out.extend(inner);
        }
        Ok(out)
    }

    /// A SPARQL expression, true when the node in `node` conforms to `shape`.
    fn conforms(&mut self, shape: &Term, node: &str, depth: usize) -> Result<String, ShapesError> {
        let Some(s) = as_subject(shape) else {
            return Err(malformed("(shape)", "a shape is an IRI or a blank node"));
        };
        let violations = self.violations(&s, node, &[], depth + 1)?;
        if violations.is_empty() {
            return Ok("true".to_owned());
        }
        Ok(format!(
            "({})",
            violations
                .iter()
                .map(|v| format!("NOT EXISTS {{ {} }}", v.body))
                .collect::<Vec<_>>()
                .join(" && ")
        ))
    }

    /// The constraints of one shape on the node in `focus`, through `path` (none: on the
    /// node itself).
    #[allow(clippy::too_many_lines)]
    fn constraints(
        &mut self,
        shape: &NamedOrBlankNode,
        name: &str,
        focus: &str,
        path: Option<&str>,
        siblings: &[Term],
        depth: usize,
    ) -> Result<Vec<Violation>, ShapesError> {
        let g = self.graph;
        let po = g.by_subject.get(shape).cloned().unwrap_or_default();
        // Refuse anything that is neither a constraint we implement nor structure.
        for (p, _) in &po {
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
        let severity = match g.object(shape, &sh("severity")) {
            Some(Term::NamedNode(n)) if n.as_str() == sh("Warning") => Severity::Warning,
            Some(Term::NamedNode(n)) if n.as_str() == sh("Info") => Severity::Info,
            _ => Severity::Violation,
        };
        let custom = g.object(shape, &sh("message")).and_then(|t| match t {
            Term::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        });
        let shown = path.map(compact_path).unwrap_or_default();
        let subject = label(&shown);
        let source = match shape {
            NamedOrBlankNode::NamedNode(n) => Some(n.clone()),
            NamedOrBlankNode::BlankNode(_) => None,
        };
        let path_iri = match g.object(shape, &sh("path")) {
            Some(Term::NamedNode(n)) => Some(n.clone()),
            _ => None,
        };
        let mut out = Vec::new();
        let mut add =
            |component: &'static str, default: String, value: Option<String>, body: String| {
                out.push(Violation {
                    shape: name.to_owned(),
                    path: shown.clone(),
                    component,
                    message: custom.clone().unwrap_or(default),
                    severity,
                    value,
                    source: source.clone(),
                    path_iri: path_iri.clone(),
                    focus: None,
                    body,
                });
            };
        for (p, o) in &po {
            let Some(local) = p.as_str().strip_prefix(SH) else {
                continue;
            };
            // The value nodes: the path's values, or the focus itself.
            let v = self.fresh("v");
            let values = match path {
                Some(path) => format!("{focus} {path} {v} ."),
                None => format!("BIND({focus} AS {v})"),
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
                    let body = format!(
                        "FILTER NOT EXISTS {{ {} }}",
                        self.distinct_values(focus, path, n)
                    );
                    add(
                        "sh:MinCountConstraintComponent",
                        format!(
                            "expected at least {n} value{} of {subject}",
                            if n == 1 { "" } else { "s" }
                        ),
                        None,
                        body,
                    );
                }
                "maxCount" => {
                    let n = integer(o, name, "sh:maxCount")?;
                    let Some(path) = path else {
                        return Err(malformed(name, "sh:maxCount on a node shape"));
                    };
                    let body = self.distinct_values(focus, path, n + 1);
                    add(
                        "sh:MaxCountConstraintComponent",
                        format!(
                            "expected at most {n} value{} of {subject}",
                            if n == 1 { "" } else { "s" }
                        ),
                        None,
                        body,
                    );
                }
                "datatype" => {
                    let d = term_sparql(o);
                    let well_formed = cast_of(&d_iri(o)).map_or(String::new(), |cast| {
                        format!(" || !COALESCE(isLiteral({cast}(STR({v}))), false)")
                    });
                    add(
                        "sh:DatatypeConstraintComponent",
                        format!(
                            "{subject} values must be literals of datatype {}",
                            compact(&d_iri(o))
                        ),
                        Some(v.clone()),
                        format!(
                            "{values} FILTER(!isLiteral({v}) || DATATYPE({v}) != {d}{well_formed})"
                        ),
                    );
                }
                "class" => {
                    let c = term_sparql(o);
                    add(
                        "sh:ClassConstraintComponent",
                        format!(
                            "{subject} values must be instances of {}",
                            compact(&d_iri(o))
                        ),
                        Some(v.clone()),
                        format!(
                            "{values} FILTER NOT EXISTS {{ {v} <{RDF_TYPE}>/<{RDFS_SUBCLASS_OF}>* {c} }}"
                        ),
                    );
                }
                "nodeKind" => {
                    let Term::NamedNode(kind) = o else {
                        return Err(malformed(name, "sh:nodeKind is not an IRI"));
                    };
                    let test = match kind.as_str().strip_prefix(SH) {
                        Some("IRI") => format!("isIRI({v})"),
                        Some("Literal") => format!("isLiteral({v})"),
                        Some("BlankNode") => format!("isBlank({v})"),
                        Some("BlankNodeOrIRI") => format!("(isBlank({v}) || isIRI({v}))"),
                        Some("IRIOrLiteral") => format!("(isIRI({v}) || isLiteral({v}))"),
                        Some("BlankNodeOrLiteral") => format!("(isBlank({v}) || isLiteral({v}))"),
                        _ => return Err(malformed(name, "unknown sh:nodeKind")),
                    };
                    add(
                        "sh:NodeKindConstraintComponent",
                        format!(
                            "{subject} values must be of kind {}",
                            compact(kind.as_str())
                        ),
                        Some(v.clone()),
                        format!("{values} FILTER(!{test})"),
                    );
                }
                "in" => {
                    let members: Vec<String> = g.list(o, name)?.iter().map(term_sparql).collect();
                    let test = if members.is_empty() {
                        "false".to_owned()
                    } else {
                        members
                            .iter()
                            .map(|m| format!("sameTerm({v}, {m})"))
                            .collect::<Vec<_>>()
                            .join(" || ")
                    };
                    add(
                        "sh:InConstraintComponent",
                        format!(
                            "{subject} values must be one of {}",
                            members
                                .iter()
                                .map(|m| compact(m.trim_matches(['<', '>'])))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        Some(v.clone()),
                        format!("{values} FILTER(!({test}))"),
                    );
                }
                "hasValue" => {
                    let value = term_sparql(o);
                    let body = match path {
                        Some(path) => format!("FILTER NOT EXISTS {{ {focus} {path} {value} }}"),
                        None => format!("FILTER(!sameTerm({focus}, {value}))"),
                    };
                    add(
                        "sh:HasValueConstraintComponent",
                        format!("{subject} must have the value {value}"),
                        None,
                        body,
                    );
                }
                "pattern" => {
                    let Term::Literal(re) = o else {
                        return Err(malformed(name, "sh:pattern is not a literal"));
                    };
                    let flags = g.object(shape, &sh("flags")).map(|f| match f {
                        Term::Literal(l) => l.value().to_owned(),
                        _ => String::new(),
                    });
                    let pattern =
                        oxigraph::model::Literal::new_simple_literal(re.value()).to_string();
                    let call = match flags {
                        Some(f) => format!(
                            "REGEX(STR({v}), {pattern}, {})",
                            oxigraph::model::Literal::new_simple_literal(f)
                        ),
                        None => format!("REGEX(STR({v}), {pattern})"),
                    };
                    add(
                        "sh:PatternConstraintComponent",
                        format!("{subject} values must match {}", re.value()),
                        Some(v.clone()),
                        format!("{values} FILTER(isBlank({v}) || !COALESCE({call}, false))"),
                    );
                }
                "languageIn" => {
                    let langs: Vec<String> = g
                        .list(o, name)?
                        .iter()
                        .map(|t| match t {
                            Term::Literal(l) => format!(
                                "LANGMATCHES(LANG({v}), \"{}\")",
                                l.value().replace(['"', '\\'], "")
                            ),
                            _ => "false".to_owned(),
                        })
                        .collect();
                    let test = if langs.is_empty() {
                        "false".to_owned()
                    } else {
                        langs.join(" || ")
                    };
                    add(
                        "sh:LanguageInConstraintComponent",
                        format!("{subject} values must be in the languages given"),
                        Some(v.clone()),
                        format!(
                            "{values} FILTER(!isLiteral({v}) || LANG({v}) = \"\" || !({test}))"
                        ),
                    );
                }
                "uniqueLang" => {
                    let unique = matches!(o, Term::Literal(l) if l.value() == "true");
                    let Some(path) = path else {
                        return Err(malformed(name, "sh:uniqueLang on a node shape"));
                    };
                    if unique {
                        let (a, b) = (self.fresh("a"), self.fresh("b"));
                        add(
                            "sh:UniqueLangConstraintComponent",
                            format!("{subject} has several values in the same language"),
                            None,
                            format!(
                                "{focus} {path} {a} . {focus} {path} {b} . FILTER(!sameTerm({a}, {b}) && LANG({a}) != \"\" && LANG({a}) = LANG({b}))"
                            ),
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
                        format!("{subject} values must have {word} {n} characters"),
                        Some(v.clone()),
                        format!("{values} FILTER(isBlank({v}) || STRLEN(STR({v})) {op} {n})"),
                    );
                }
                "minInclusive" | "maxInclusive" | "minExclusive" | "maxExclusive" => {
                    let bound = term_sparql(o);
                    let (op, component) = match local {
                        "minInclusive" => (">=", "sh:MinInclusiveConstraintComponent"),
                        "maxInclusive" => ("<=", "sh:MaxInclusiveConstraintComponent"),
                        "minExclusive" => (">", "sh:MinExclusiveConstraintComponent"),
                        _ => ("<", "sh:MaxExclusiveConstraintComponent"),
                    };
                    add(
                        component,
                        format!("{subject} values must be {op} {bound}"),
                        Some(v.clone()),
                        format!("{values} FILTER(!COALESCE({v} {op} {bound}, false))"),
                    );
                }
                "lessThan" | "lessThanOrEquals" => {
                    let other = term_sparql(o);
                    let w = self.fresh("w");
                    let (op, component, word) = if local == "lessThan" {
                        ("<", "sh:LessThanConstraintComponent", "less than")
                    } else {
                        ("<=", "sh:LessThanOrEqualsConstraintComponent", "at most")
                    };
                    add(
                        component,
                        format!(
                            "{subject} values must be {word} those of {}",
                            compact(other.trim_matches(['<', '>']))
                        ),
                        Some(v.clone()),
                        format!(
                            "{values} {focus} {other} {w} . FILTER(!COALESCE({v} {op} {w}, false))"
                        ),
                    );
                }
                "equals" => {
                    let other = term_sparql(o);
                    let message = format!(
                        "{subject} values must equal those of {}",
                        compact(other.trim_matches(['<', '>']))
                    );
                    // Written without a union around the focus: a group is evaluated on
                    // its own, where a focus bound outside it is not yet bound.
                    let (missing, extra) = match path {
                        Some(path) => (
                            format!(
                                "{focus} {path} {v} . FILTER NOT EXISTS {{ {focus} {other} {v} }}"
                            ),
                            format!(
                                "{focus} {other} {v} . FILTER NOT EXISTS {{ {focus} {path} {v} }}"
                            ),
                        ),
                        None => (
                            format!(
                                "BIND({focus} AS {v}) FILTER NOT EXISTS {{ {focus} {other} {focus} }}"
                            ),
                            format!("{focus} {other} {v} . FILTER(!sameTerm({focus}, {v}))"),
                        ),
                    };
                    add(
                        "sh:EqualsConstraintComponent",
                        message.clone(),
                        Some(v.clone()),
                        missing,
                    );
                    add(
                        "sh:EqualsConstraintComponent",
                        message,
                        Some(v.clone()),
                        extra,
                    );
                }
                "disjoint" => {
                    let other = term_sparql(o);
                    add(
                        "sh:DisjointConstraintComponent",
                        format!(
                            "{subject} values must differ from those of {}",
                            compact(other.trim_matches(['<', '>']))
                        ),
                        Some(v.clone()),
                        format!("{values} {focus} {other} {v} ."),
                    );
                }
                "node" => {
                    let test = self.conforms(o, &v, depth)?;
                    add(
                        "sh:NodeConstraintComponent",
                        format!(
                            "{subject} values must conform to the shape {}",
                            compact(&d_iri(o))
                        ),
                        Some(v.clone()),
                        format!("{values} FILTER(!{test})"),
                    );
                }
                "not" => {
                    let test = self.conforms(o, &v, depth)?;
                    add(
                        "sh:NotConstraintComponent",
                        format!(
                            "{subject} values must not conform to the shape {}",
                            compact(&d_iri(o))
                        ),
                        Some(v.clone()),
                        format!("{values} FILTER({test})"),
                    );
                }
                "and" | "or" | "xone" => {
                    let members = g.list(o, name)?;
                    let tests: Vec<String> = members
                        .iter()
                        .map(|m| self.conforms(m, &v, depth))
                        .collect::<Result<_, _>>()?;
                    let (test, component, word) = match local {
                        "and" => (
                            format!("!({})", tests.join(" && ")),
                            "sh:AndConstraintComponent",
                            "all",
                        ),
                        "or" => (
                            if tests.is_empty() {
                                "true".to_owned()
                            } else {
                                format!("!({})", tests.join(" || "))
                            },
                            "sh:OrConstraintComponent",
                            "at least one",
                        ),
                        _ => (
                            format!(
                                "({}) != 1",
                                if tests.is_empty() {
                                    "0".to_owned()
                                } else {
                                    tests
                                        .iter()
                                        .map(|t| format!("IF({t}, 1, 0)"))
                                        .collect::<Vec<_>>()
                                        .join(" + ")
                                }
                            ),
                            "sh:XoneConstraintComponent",
                            "exactly one",
                        ),
                    };
                    let test = if tests.is_empty() && local == "and" {
                        "false".to_owned()
                    } else {
                        test
                    };
                    add(
                        component,
                        format!("{subject} values must conform to {word} of the shapes given"),
                        Some(v.clone()),
                        format!("{values} FILTER({test})"),
                    );
                }
                "qualifiedValueShape" => {
                    let Some(path) = path else {
                        return Err(malformed(name, "sh:qualifiedValueShape on a node shape"));
                    };
                    let disjoint = g
                        .object(shape, &sh("qualifiedValueShapesDisjoint"))
                        .is_some_and(|t| matches!(t, Term::Literal(l) if l.value() == "true"));
                    let min = g
                        .object(shape, &sh("qualifiedMinCount"))
                        .map(|t| integer(t, name, "sh:qualifiedMinCount"))
                        .transpose()?;
                    let max = g
                        .object(shape, &sh("qualifiedMaxCount"))
                        .map(|t| integer(t, name, "sh:qualifiedMaxCount"))
                        .transpose()?;
                    // A value counts when it conforms to the shape (and, when the shapes
                    // are disjoint, to none of the siblings).
                    let mut qualifies = |x: &str, c: &mut Self| -> Result<String, ShapesError> {
                        let mut test = c.conforms(o, x, depth)?;
                        if disjoint {
                            for s in siblings.iter().filter(|s| *s != o) {
                                test = format!("{test} && !{}", c.conforms(s, x, depth)?);
                            }
                        }
                        Ok(test)
                    };
                    if let Some(n) = min.filter(|n| *n > 0) {
                        let body = format!(
                            "FILTER NOT EXISTS {{ {} }}",
                            self.distinct_qualified(focus, path, n, &mut qualifies)?
                        );
                        add(
                            "sh:QualifiedMinCountConstraintComponent",
                            format!("expected at least {n} values of {subject} of the shape given"),
                            None,
                            body,
                        );
                    }
                    if let Some(n) = max {
                        let body = self.distinct_qualified(focus, path, n + 1, &mut qualifies)?;
                        add(
                            "sh:QualifiedMaxCountConstraintComponent",
                            format!("expected at most {n} values of {subject} of the shape given"),
                            None,
                            body,
                        );
                    }
                }
                "closed" => {
                    if !matches!(o, Term::Literal(l) if l.value() == "true") {
                        continue;
                    }
                    let mut allowed: Vec<String> = g
                        .objects(shape, &sh("property"))
                        .into_iter()
                        .filter_map(as_subject)
                        .filter_map(|p| match g.object(&p, &sh("path")) {
                            Some(Term::NamedNode(n)) => Some(format!("<{}>", n.as_str())),
                            _ => None,
                        })
                        .collect();
                    if let Some(list) = g.object(shape, &sh("ignoredProperties")) {
                        allowed.extend(g.list(list, name)?.iter().map(term_sparql));
                    }
                    let p = self.fresh("p");
                    let test = if allowed.is_empty() {
                        "true".to_owned()
                    } else {
                        allowed
                            .iter()
                            .map(|a| format!("!sameTerm({p}, {a})"))
                            .collect::<Vec<_>>()
                            .join(" && ")
                    };
                    let node = match path {
                        Some(path) => format!("{focus} {path} {v} . {v} {p} {}", self.fresh("o")),
                        None => format!("{focus} {p} {v}"),
                    };
                    add(
                        "sh:ClosedConstraintComponent",
                        format!("{subject} has a property its closed shape does not allow"),
                        Some(v.clone()),
                        format!("{node} . FILTER({test})"),
                    );
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// A pattern that matches when the node in `focus` has at least `n` distinct values
    /// through `path`.
    fn distinct_values(&mut self, focus: &str, path: &str, n: u64) -> String {
        if n <= JOINED {
            let vars: Vec<String> = (0..n).map(|_| self.fresh("x")).collect();
            let mut body: Vec<String> = vars
                .iter()
                .map(|x| format!("{focus} {path} {x} ."))
                .collect();
            for (i, a) in vars.iter().enumerate() {
                for b in &vars[i + 1..] {
                    body.push(format!("FILTER(!sameTerm({a}, {b}))"));
                }
            }
            body.join(" ")
        } else {
            let (x, c) = (self.fresh("x"), self.fresh("c"));
            format!(
                "{{ SELECT {focus} (COUNT(DISTINCT {x}) AS {c}) WHERE {{ {focus} {path} {x} . }} GROUP BY {focus} }} FILTER({c} >= {n})"
            )
        }
    }

    /// As [`Self::distinct_values`], counting the values that pass `qualifies`.
    fn distinct_qualified(
        &mut self,
        focus: &str,
        path: &str,
        n: u64,
        qualifies: &mut dyn FnMut(&str, &mut Self) -> Result<String, ShapesError>,
    ) -> Result<String, ShapesError> {
        // The tests are compiled first (they name their own variables), then joined.
        let count = if n <= JOINED { n } else { 1 };
        let vars: Vec<String> = (0..count).map(|_| self.fresh("x")).collect();
        let tests: Vec<String> = vars
            .iter()
            .map(|x| qualifies(x, self))
            .collect::<Result<_, _>>()?;
        if n <= JOINED {
            let mut body: Vec<String> = vars
                .iter()
                .map(|x| format!("{focus} {path} {x} ."))
                .collect();
            body.extend(tests.iter().map(|t| format!("FILTER({t})")));
            for (i, a) in vars.iter().enumerate() {
                for b in &vars[i + 1..] {
                    body.push(format!("FILTER(!sameTerm({a}, {b}))"));
                }
            }
            Ok(body.join(" "))
        } else {
            let c = self.fresh("c");
            Ok(format!(
                "{{ SELECT {focus} (COUNT(DISTINCT {x}) AS {c}) WHERE {{ {focus} {path} {x} . FILTER({t}) }} GROUP BY {focus} }} FILTER({c} >= {n})",
                x = vars[0],
                t = tests[0]
            ))
        }
    }
}

/// The cast that checks a literal's lexical form for an XSD datatype SPARQL can cast to.
fn cast_of(datatype: &str) -> Option<String> {
    let local = datatype.strip_prefix(XSD)?;
    matches!(
        local,
        "integer" | "decimal" | "double" | "float" | "boolean" | "dateTime" | "date" | "time"
    )
    .then(|| format!("<{datatype}>"))
}
