//! Quality of the cited-body finder, measured on an annotated set of our own.

use qe2rdf::mentions::{MentionFinder, entity_keys};

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    expected: Vec<String>,
}

#[test]
fn precision_and_recall_on_the_annotated_set() {
    let finder = MentionFinder::new();
    let cases: Vec<Case> = std::fs::read_to_string("tests/data/mentions/annotated.jsonl")
        .expect("annotated set")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("case"))
        .collect();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    assert!(
        cases.iter().filter(|c| c.expected.is_empty()).count() >= 8,
        "traps"
    );
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut report = String::new();
    for case in &cases {
        let found = entity_keys(&finder.find(&case.text));
        for k in &found {
            if case.expected.contains(k) {
                tp += 1;
            } else {
                fp += 1;
                report.push_str(&format!("false positive {k:?} in {:?}\n", case.text));
            }
        }
        for k in &case.expected {
            if !found.contains(k) {
                fn_ += 1;
                report.push_str(&format!("missed {k:?} in {:?}\n", case.text));
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "cited bodies: {} cases, precision {precision:.3}, recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_})\n{report}",
        cases.len()
    );
    assert!(precision >= 0.9, "precision {precision:.3} < 0.9\n{report}");
    assert!(recall >= 0.85, "recall {recall:.3} < 0.85\n{report}");
}

#[test]
fn mention_offsets_point_into_the_question_text() {
    let run = crate::common::run_rel(&["examples/question-16-QOSD-99003.txt"]);
    let q = &run.processed[0].question;
    let text: Vec<char> = q.text.as_deref().expect("text").chars().collect();
    assert!(!q.mentions.is_empty());
    for m in &q.mentions {
        let surface: String = text[m.start..m.end].iter().collect();
        assert_eq!(surface, m.surface);
    }
}
