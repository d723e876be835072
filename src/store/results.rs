//! Query results written out: SPARQL results formats, an aligned table for people, and
//! graph results as Turtle or N-Triples.

use std::io::{self, Write};

use oxigraph::model::Term;

use crate::export::{ExportFormat, compact_iri, sort_for_output, write_triples};
use crate::store::QueryOutput;

/// Output formats of query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    /// Aligned table for people.
    Table,
    /// CSV (SPARQL 1.1 CSV results).
    Csv,
    /// TSV (SPARQL 1.1 TSV results).
    Tsv,
    /// SPARQL 1.1 results JSON.
    Json,
    /// SPARQL 1.1 results XML.
    Xml,
    /// Turtle, for CONSTRUCT and DESCRIBE.
    Turtle,
    /// N-Triples, for CONSTRUCT and DESCRIBE.
    NTriples,
}

/// Writes a query result in `format`. Graph results in a tabular format are written as
/// Turtle (table, CSV) or N-Triples (TSV); tabular results in a graph format are refused.
pub fn write_query_output<W: Write>(
    output: &QueryOutput,
    format: ResultsFormat,
    mut writer: W,
) -> io::Result<W> {
    use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
    match output {
        QueryOutput::Graph(triples) => {
            let rdf = match format {
                ResultsFormat::NTriples | ResultsFormat::Tsv => ExportFormat::NTriples,
                ResultsFormat::Json => ExportFormat::JsonLd,
                ResultsFormat::Xml => ExportFormat::RdfXml,
                _ => ExportFormat::Turtle,
            };
            let mut sorted = triples.clone();
            sort_for_output(&mut sorted);
            sorted.dedup();
            write_triples(rdf, &sorted, writer)
        }
        QueryOutput::Boolean(b) => match format {
            ResultsFormat::Table | ResultsFormat::Turtle | ResultsFormat::NTriples => {
                writeln!(writer, "{b}")?;
                Ok(writer)
            }
            ResultsFormat::Csv => QueryResultsSerializer::from_format(QueryResultsFormat::Csv)
                .serialize_boolean_to_writer(writer, *b),
            ResultsFormat::Tsv => QueryResultsSerializer::from_format(QueryResultsFormat::Tsv)
                .serialize_boolean_to_writer(writer, *b),
            ResultsFormat::Json => QueryResultsSerializer::from_format(QueryResultsFormat::Json)
                .serialize_boolean_to_writer(writer, *b),
            ResultsFormat::Xml => QueryResultsSerializer::from_format(QueryResultsFormat::Xml)
                .serialize_boolean_to_writer(writer, *b),
        },
        QueryOutput::Solutions { variables, rows } => {
            let results_format = match format {
                ResultsFormat::Table => {
                    write_table(variables, rows, &mut writer)?;
                    return Ok(writer);
                }
                ResultsFormat::Turtle | ResultsFormat::NTriples => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "a SELECT result is a table: use -f table, csv, tsv, json or xml",
                    ));
                }
                ResultsFormat::Csv => QueryResultsFormat::Csv,
                ResultsFormat::Tsv => QueryResultsFormat::Tsv,
                ResultsFormat::Json => QueryResultsFormat::Json,
                ResultsFormat::Xml => QueryResultsFormat::Xml,
            };
            let vars: Vec<oxigraph::sparql::Variable> = variables
                .iter()
                .map(|v| oxigraph::sparql::Variable::new_unchecked(v.clone()))
                .collect();
            let mut s = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(writer, vars.clone())?;
            for row in rows {
                s.serialize(
                    vars.iter()
                        .zip(row)
                        .filter_map(|(v, t)| t.as_ref().map(|t| (v, t))),
                )?;
            }
            s.finish()
        }
    }
}

/// A term as people read it in a table: literals without quotes or datatype, IRIs
/// compacted with the usual prefixes.
#[must_use]
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => compact_iri(n.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn write_table<W: Write>(
    variables: &[String],
    rows: &[Vec<Option<Term>>],
    w: &mut W,
) -> io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|t| {
                    t.as_ref()
                        .map(display_term)
                        .unwrap_or_default()
                        .replace(['\n', '\t'], " ")
                })
                .collect()
        })
        .collect();
    let max_width = 80;
    let mut widths: Vec<usize> = variables.iter().map(|v| v.chars().count()).collect();
    for row in &cells {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count().min(max_width));
        }
    }
    let line = |w: &mut W, values: &[String]| -> io::Result<()> {
        let mut out = String::new();
        for (i, v) in values.iter().enumerate() {
            let shown: String = if v.chars().count() > max_width {
                v.chars()
                    .take(max_width - 1)
                    .chain(std::iter::once('…'))
                    .collect()
            } else {
                v.clone()
            };
            let pad = widths[i].saturating_sub(shown.chars().count());
            if i > 0 {
                out.push_str(" | ");
            }
            let numeric = !shown.is_empty()
                && shown
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
            if numeric {
                out.push_str(&" ".repeat(pad));
                out.push_str(&shown);
            } else {
                out.push_str(&shown);
                if i + 1 < values.len() {
                    out.push_str(&" ".repeat(pad));
                }
            }
        }
        writeln!(w, "{}", out.trim_end())
    };
    line(w, variables)?;
    let rule: Vec<String> = widths.iter().map(|n| "-".repeat(*n)).collect();
    writeln!(w, "{}", rule.join("-+-"))?;
    for row in &cells {
        line(w, row)?;
    }
    writeln!(
        w,
        "({} row{})",
        cells.len(),
        if cells.len() == 1 { "" } else { "s" }
    )
}
