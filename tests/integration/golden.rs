//! Golden Turtle for each bundled example, compared as sorted N-Triples.

use oxigraph::io::{RdfFormat, RdfParser};
use qe2rdf::export::ExportFormat;

use crate::common::{check_golden, data, run_rel, serialize, sorted_ntriples, updating};

fn turtle_to_sorted_ntriples(turtle: &str) -> Vec<String> {
    let mut lines: Vec<String> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .map(|q| {
            q.map(|q| format!("{} .", oxigraph::model::Triple::from(q)))
                .expect("valid Turtle")
        })
        .collect();
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn every_example_matches_its_golden_turtle() {
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .expect("examples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 3);
    for path in examples {
        let rel = path.to_string_lossy().into_owned();
        let run = run_rel(&[&rel]);
        assert!(run.errors.is_empty(), "{rel}: {:?}", run.errors);
        let turtle = serialize(&run.processed, ExportFormat::Turtle);
        let golden = data(&format!(
            "golden/{}.ttl",
            path.file_stem().and_then(|s| s.to_str()).expect("name")
        ));
        if updating() {
            check_golden(&golden, &turtle);
            continue;
        }
        let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
            panic!("{} ({e}); run UPDATE_GOLDEN=1 cargo test", golden.display())
        });
        let actual = sorted_ntriples(&serialize(&run.processed, ExportFormat::NTriples));
        let expected = turtle_to_sorted_ntriples(&expected);
        if actual != expected {
            let missing: Vec<&String> = expected.iter().filter(|l| !actual.contains(l)).collect();
            let extra: Vec<&String> = actual.iter().filter(|l| !expected.contains(l)).collect();
            panic!(
                "{rel} differs from {}:\nmissing:\n{missing:#?}\nunexpected:\n{extra:#?}",
                golden.display()
            );
        }
        // The Turtle output is also what the golden holds, byte for byte (determinism).
        assert_eq!(
            turtle,
            std::fs::read_to_string(&golden).expect("golden"),
            "{rel}: Turtle output is not byte-identical to the golden"
        );
    }
}
