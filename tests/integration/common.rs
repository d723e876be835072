//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use qe2rdf::export::{ExportFormat, GraphWriter};
use qe2rdf::link::Linker;
use qe2rdf::mentions::MentionFinder;
use qe2rdf::parse::input::{self, InputSpec};
use qe2rdf::parse::{ParseError, Warning};
use qe2rdf::pipeline::{Pipeline, PipelineEvent, Processed};
use qe2rdf::rdf::{IriMinter, Mapper};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `tests/data`.
pub fn data(rel: &str) -> PathBuf {
    root().join("tests/data").join(rel)
}

/// Everything the pipeline produced for some inputs.
#[derive(Default)]
pub struct Run {
    pub processed: Vec<Processed>,
    pub errors: Vec<ParseError>,
    pub warnings: Vec<Warning>,
}

/// Runs the whole pipeline (read, link, annotate, map) on files, as `convert` does.
pub fn run(paths: &[&Path]) -> Run {
    run_with_threads(paths, 2)
}

/// [`run`] with a given number of worker threads.
pub fn run_with_threads(paths: &[&Path], threads: usize) -> Run {
    let specs: Vec<InputSpec> = paths
        .iter()
        .map(|p| InputSpec::Path(p.to_path_buf()))
        .collect();
    let mut out = Run::default();
    let (docs, errors) = input::discover(&specs, &mut out.warnings);
    assert!(errors.is_empty(), "{errors:?}");
    let pipeline = Pipeline::new(
        Mapper::default(),
        Linker::new(),
        Some(MentionFinder::new()),
        threads,
    )
    .expect("pipeline");
    pipeline
        .run(&docs, &mut |e| {
            match e {
                PipelineEvent::Processed(p) => out.processed.push(*p),
                PipelineEvent::Error(e) => out.errors.push(e),
                PipelineEvent::Warning(w) => out.warnings.push(w),
            }
            Ok(())
        })
        .expect("run");
    out
}

/// Like [`run`], with paths relative to the root (the current directory of `cargo test`).
pub fn run_rel(paths: &[&str]) -> Run {
    let owned: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let refs: Vec<&Path> = owned.iter().map(PathBuf::as_path).collect();
    run(&refs)
}

/// Serialises processed questions in a format.
pub fn serialize(processed: &[Processed], format: ExportFormat) -> String {
    let mut w = GraphWriter::new(format, Vec::new(), &IriMinter::default()).expect("writer");
    for p in processed {
        w.write(&p.graph).expect("write");
    }
    let (bytes, _) = w.finish().expect("finish");
    String::from_utf8(bytes).expect("utf-8")
}

/// N-Triples lines, sorted: the canonical form goldens are compared in.
pub fn sorted_ntriples(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

/// Whether goldens should be rewritten (`UPDATE_GOLDEN=1 cargo test`).
pub fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// Compares `actual` with the golden file, line by line, and shows a diff; rewrites the
/// golden instead when `UPDATE_GOLDEN=1`.
pub fn check_golden(path: &Path, actual: &str) {
    if updating() {
        std::fs::write(path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "missing golden {} ({e}); run UPDATE_GOLDEN=1 cargo test",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut diff = String::new();
    for line in &e {
        if !a.contains(line) {
            diff.push_str(&format!("- {line}\n"));
        }
    }
    for line in &a {
        if !e.contains(line) {
            diff.push_str(&format!("+ {line}\n"));
        }
    }
    panic!(
        "{} differs from the output (UPDATE_GOLDEN=1 cargo test rewrites it):\n{diff}",
        path.display()
    );
}
