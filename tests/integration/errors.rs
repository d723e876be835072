//! Bad input: every error names the file, the position, the field and the value; the other
//! questions of the file go through.

use crate::common::{check_golden, data, run_rel};

#[test]
fn every_invalid_fixture_gives_its_golden_errors() {
    let mut names: Vec<String> = std::fs::read_dir(data("invalid"))
        .expect("invalid")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".stderr"))
        .collect();
    names.sort();
    for name in names {
        let run = run_rel(&[&format!("tests/data/invalid/{name}")]);
        assert!(!run.errors.is_empty(), "{name} gave no error");
        let mut text: String = run.errors.iter().map(|e| format!("error: {e}\n")).collect();
        text.push_str(&format!("questions read: {}\n", run.processed.len()));
        check_golden(&data(&format!("invalid/{name}.stderr")), &text);
    }
}

#[test]
fn an_impossible_date_names_line_column_field_and_value() {
    let run = run_rel(&["tests/data/invalid/bad-date.txt"]);
    let message = run.errors[0].to_string();
    assert!(
        message.starts_with("tests/data/invalid/bad-date.txt: line 6, column 29 (question 9001): "),
        "{message}"
    );
    assert!(
        message.ends_with("invalid date \"32/13/2023\" in \"Question publiée au JO le\""),
        "{message}"
    );
}

#[test]
fn parsing_goes_on_after_a_bad_question() {
    let run = run_rel(&["tests/data/invalid/bad-then-good.txt"]);
    assert_eq!(run.errors.len(), 1);
    assert_eq!(run.processed.len(), 1);
    assert_eq!(run.processed[0].question.id.number, 9004);
}

#[test]
fn a_truncated_dump_keeps_the_questions_before_the_break() {
    let run = run_rel(&["tests/data/invalid/truncated.json"]);
    assert_eq!(run.processed.len(), 1);
    assert!(
        run.errors[0].to_string().contains(
            "line 2, column 1 (question #2 of the file): syntax error: EOF while parsing"
        ),
        "{}",
        run.errors[0]
    );
}
