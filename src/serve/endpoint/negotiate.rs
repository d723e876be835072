//! Content negotiation: the `Accept` header (with quality values and wildcards) or a
//! `format` parameter picks one of the representations a route offers.

use crate::export::ExportFormat;

/// A representation of query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Representation {
    /// SPARQL results JSON.
    ResultsJson,
    /// SPARQL results XML.
    ResultsXml,
    /// SPARQL results CSV.
    Csv,
    /// SPARQL results TSV.
    Tsv,
    /// An RDF graph format (CONSTRUCT, DESCRIBE, a question's graph).
    Graph(ExportFormat),
    /// A page for people.
    Html,
}

impl Representation {
    /// The `Content-Type` of the response.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::ResultsJson => "application/sparql-results+json",
            Self::ResultsXml => "application/sparql-results+xml",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Tsv => "text/tab-separated-values; charset=utf-8",
            Self::Graph(f) => f.media_type(),
            Self::Html => "text/html; charset=utf-8",
        }
    }

    /// The file extension, for downloads.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::ResultsJson => "srj",
            Self::ResultsXml => "srx",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Graph(f) => f.extension(),
            Self::Html => "html",
        }
    }
}

/// What tables (SELECT, ASK) can be written as, the default first.
pub const TABLES: &[(&str, Representation)] = &[
    (
        "application/sparql-results+json",
        Representation::ResultsJson,
    ),
    ("application/json", Representation::ResultsJson),
    ("application/sparql-results+xml", Representation::ResultsXml),
    ("application/xml", Representation::ResultsXml),
    ("text/csv", Representation::Csv),
    ("text/tab-separated-values", Representation::Tsv),
];

/// What graphs (CONSTRUCT, DESCRIBE, a question) can be written as, the default first.
pub const GRAPHS: &[(&str, Representation)] = &[
    ("text/turtle", Representation::Graph(ExportFormat::Turtle)),
    (
        "application/n-triples",
        Representation::Graph(ExportFormat::NTriples),
    ),
    ("text/plain", Representation::Graph(ExportFormat::NTriples)),
    (
        "application/ld+json",
        Representation::Graph(ExportFormat::JsonLd),
    ),
    (
        "application/json",
        Representation::Graph(ExportFormat::JsonLd),
    ),
    (
        "application/rdf+xml",
        Representation::Graph(ExportFormat::RdfXml),
    ),
    (
        "application/xml",
        Representation::Graph(ExportFormat::RdfXml),
    ),
];

/// The representation named by a `format` parameter, among `offered`.
#[must_use]
pub fn by_name(name: &str, offered: &[(&str, Representation)]) -> Option<Representation> {
    let wanted = match name.trim().to_ascii_lowercase().as_str() {
        "json" | "srj" => Representation::ResultsJson,
        "xml" | "srx" => Representation::ResultsXml,
        "csv" => Representation::Csv,
        "tsv" => Representation::Tsv,
        "ttl" | "turtle" => Representation::Graph(ExportFormat::Turtle),
        "nt" | "ntriples" | "n-triples" => Representation::Graph(ExportFormat::NTriples),
        "jsonld" | "json-ld" => Representation::Graph(ExportFormat::JsonLd),
        "rdf" | "rdfxml" | "rdf-xml" | "owl" => Representation::Graph(ExportFormat::RdfXml),
        other => {
            // A media type is accepted too.
            return offered.iter().find(|(m, _)| *m == other).map(|(_, r)| *r);
        }
    };
    // `json` and `xml` mean the graph formats for a graph.
    let wanted = match (wanted, offered.first()) {
        (Representation::ResultsJson, Some((_, Representation::Graph(_)))) => {
            Representation::Graph(ExportFormat::JsonLd)
        }
        (Representation::ResultsXml, Some((_, Representation::Graph(_)))) => {
            Representation::Graph(ExportFormat::RdfXml)
        }
        (w, _) => w,
    };
    offered.iter().any(|(_, r)| *r == wanted).then_some(wanted)
}

/// Picks the best of `offered` for an `Accept` header (none or empty: the first offered).
/// `None` when the client accepts none of them (406).
#[must_use]
pub fn choose(accept: Option<&str>, offered: &[(&str, Representation)]) -> Option<Representation> {
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return offered.first().map(|(_, r)| *r);
    };
    let ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let range = parts.next()?.trim().to_ascii_lowercase();
            if range.is_empty() {
                return None;
            }
            let mut q = 1.0_f32;
            for p in parts {
                if let Some(v) = p.trim().strip_prefix("q=") {
                    q = v.trim().parse().unwrap_or(0.0);
                }
            }
            Some((range, q.clamp(0.0, 1.0)))
        })
        .collect();
    // The quality of a media type: that of the most specific range matching it.
    let quality = |media: &str| -> f32 {
        let (kind, _) = media.split_once('/').unwrap_or((media, ""));
        let mut best: Option<(u8, f32)> = None;
        for (range, q) in &ranges {
            let specificity = if range == media {
                3
            } else if range.strip_suffix("/*") == Some(kind) {
                2
            } else if range == "*/*" || range == "*" {
                1
            } else {
                continue;
            };
            if best.is_none_or(|(s, _)| specificity > s) {
                best = Some((specificity, *q));
            }
        }
        best.map_or(0.0, |(_, q)| q)
    };
    let mut chosen: Option<(f32, Representation)> = None;
    for (media, representation) in offered {
        let q = quality(media);
        if q > 0.0 && chosen.is_none_or(|(best, _)| q > best) {
            chosen = Some((q, *representation));
        }
    }
    chosen.map(|(_, r)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_headers_pick_the_best_offer() {
        assert_eq!(choose(None, TABLES), Some(Representation::ResultsJson));
        assert_eq!(choose(Some("text/csv"), TABLES), Some(Representation::Csv));
        assert_eq!(
            choose(
                Some("text/csv;q=0.5, application/sparql-results+xml"),
                TABLES
            ),
            Some(Representation::ResultsXml)
        );
        assert_eq!(
            choose(Some("text/*;q=0.9, */*;q=0.1"), TABLES),
            Some(Representation::Csv)
        );
        assert_eq!(
            choose(Some("*/*"), GRAPHS),
            Some(Representation::Graph(ExportFormat::Turtle))
        );
        assert_eq!(choose(Some("image/png"), TABLES), None);
        assert_eq!(choose(Some("text/csv;q=0"), TABLES), None);
        // A browser's default header gets something it can show.
        assert_eq!(
            choose(
                Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
                GRAPHS
            ),
            Some(Representation::Graph(ExportFormat::RdfXml))
        );
    }

    #[test]
    fn format_names_and_media_types() {
        assert_eq!(by_name("CSV", TABLES), Some(Representation::Csv));
        assert_eq!(
            by_name("json", GRAPHS),
            Some(Representation::Graph(ExportFormat::JsonLd))
        );
        assert_eq!(by_name("ttl", TABLES), None);
        assert_eq!(
            by_name("text/turtle", GRAPHS),
            Some(Representation::Graph(ExportFormat::Turtle))
        );
        assert_eq!(by_name("nope", GRAPHS), None);
    }
}
