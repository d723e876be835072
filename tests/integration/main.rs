//! The integration tests: one binary, one module per concern.

mod cli;
mod common;
mod equivalence;
mod errors;
mod golden;
mod hostile;
mod mentions;
mod ontology;
mod opendata;
mod push;
mod queries;
mod reliability;
mod roundtrip;
mod site;
mod sync;
mod variants;
