//! The pattern given to one of the store's own `SERVICE`s (`qe:search`, `qe:coCitations`):
//! triples of one subject, each with a property IRI; the properties that give results take a
//! variable of their own.

use oxigraph::model::{NamedNode, Variable};
use oxigraph::sparql::QueryEvaluationError;
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern};

use super::service_error;

/// The pattern read: its subject's variable (when the subject is one) and each triple's
/// property and object, in order.
pub(crate) struct ServicePattern<'p> {
    /// The subject, when it is a variable.
    pub subject: Option<&'p Variable>,
    /// Each triple's property and object.
    pub triples: Vec<(&'p NamedNode, &'p TermPattern)>,
}

/// Reads `pattern`: a basic graph pattern whose triples share one subject (a variable or a
/// blank node) and name their property. Errors start with `usage()`.
pub(crate) fn read<'p>(
    pattern: &'p GraphPattern,
    usage: &dyn Fn() -> String,
) -> Result<ServicePattern<'p>, QueryEvaluationError> {
    let GraphPattern::Bgp { patterns } = pattern else {
        return Err(service_error(format!("{}; got {pattern}", usage())));
    };
    let mut subject: Option<&TermPattern> = None;
    let mut read = ServicePattern {
        subject: None,
        triples: Vec::with_capacity(patterns.len()),
    };
    for triple in patterns {
        match (&triple.subject, subject) {
            (TermPattern::Variable(_) | TermPattern::BlankNode(_), None) => {
                subject = Some(&triple.subject);
                if let TermPattern::Variable(v) = &triple.subject {
                    read.subject = Some(v);
                }
            }
            (s, Some(first)) if s == first => {}
            (s, _) => {
                return Err(service_error(format!(
                    "{}; the subject {s} is not the pattern's one",
                    usage()
                )));
            }
        }
        let NamedNodePattern::NamedNode(p) = &triple.predicate else {
            return Err(service_error(format!(
                "{}; got the property {}",
                usage(),
                triple.predicate
            )));
        };
        read.triples.push((p, &triple.object));
    }
    Ok(read)
}

/// Adds the variable `object` for `field` to `fields`: it must be a variable, and one not
/// used before.
pub(crate) fn add_output<F>(
    fields: &mut Vec<(Variable, F)>,
    field: F,
    object: &TermPattern,
    usage: &dyn Fn() -> String,
) -> Result<(), QueryEvaluationError> {
    let TermPattern::Variable(v) = object else {
        return Err(service_error(format!("{}; got {object} as value", usage())));
    };
    if fields.iter().any(|(seen, _)| seen == v) {
        return Err(service_error(format!("{}; {v} is used twice", usage())));
    }
    fields.push((v.clone(), field));
    Ok(())
}
