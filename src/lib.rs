//! qe2rdf turns French National Assembly parliamentary questions (written questions QE,
//! oral questions QOSD, questions to the government QG) into linked data.
//!
//! # The pipeline
//!
//! The folders of `src/` are its stages; each depends only on the ones above it
//! (`scripts/module-deps.py` checks that no two modules depend on each other).
//!
//! ```text
//!  page text / saved HTML / open-data JSON and XML / legacy XML
//!        │  parse: input (files, folders, zip, stdin) → one reader per form
//!        ▼
//!  model::Question            plain data, the same whatever the source
//!        │  link (official ids, places) → mentions (cited bodies)
//!        ▼
//!  rdf::Mapper → QuestionGraph   triples of the question's graph + shared descriptions
//!        │                        (pipeline: these steps in parallel, in input order)
//!        ├─▶ export   GraphWriter: Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD, VoID
//!        └─▶ store    QuestionStore: Oxigraph (RocksDB), one named graph per question;
//!                 │   what sits on it: queries (bundled SPARQL), results (their formats),
//!                 │   search (tantivy index, qe:search) and cocitation, shacl
//!                 ▼
//!             serve   endpoint (SPARQL over HTTP, query page), federation (SERVICE
//!                     policy), push (Graph Store Protocol)
//! ```
//!
//! Beside them: `text` (folding, whitespace, dates: used by every stage), `error` (the
//! crate's error), `corpus` (a generator of realistic questions, for tests and benchmarks).
//!
//! [`pipeline::Pipeline`] runs the middle part in parallel and delivers results in input
//! order, so the output is deterministic.
//!
//! # Example
//!
//! ```
//! use qe2rdf::export::{ExportFormat, GraphWriter};
//! use qe2rdf::parse::{DocumentContext, QuestionParser};
//! use qe2rdf::rdf::{IriMinter, Mapper};
//!
//! let page = "16ème législature\n\
//!     Question N° : 42\tDe Mme Ada Martin (Groupe d'exemple - Paris)\tQuestion écrite\n\
//!     Ministère interrogé > Culture\tMinistère attributaire > Culture\n\
//!     Rubrique >arts et spectacles\n\
//!     Question publiée au JO le : 05/07/2022 page : 3120\n\n\
//!     Texte de la question\n\nMme Ada Martin interroge Mme la ministre de la culture.\n";
//! let outcome = QuestionParser::new().parse_bytes(page.as_bytes(), &DocumentContext::default());
//! let question = outcome.records.into_iter().next().unwrap()?;
//! let graph = Mapper::default().map(&question);
//!
//! let mut writer = GraphWriter::new(ExportFormat::Turtle, Vec::new(), &IriMinter::default())?;
//! writer.write(&graph)?;
//! let (turtle, _stats) = writer.finish()?;
//! let turtle = String::from_utf8(turtle)?;
//! assert!(turtle.contains("\"QANR5L16QE42\""));
//! assert!(turtle.contains("dcterms:issued \"2022-07-05\"^^xsd:date"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod corpus;
pub mod error;
pub mod export;
pub mod link;
pub mod mentions;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod rdf;
pub mod serve;
pub mod store;
#[cfg(feature = "rocksdb")]
pub mod sync;
pub mod text;

pub use error::{Error, Result};
pub use model::{Question, QuestionId, QuestionKind};
