//! Every rendering of a question page, read into the model: a golden model dump per
//! fixture, and the facts each variant is about.

use qe2rdf::model::{ClosureKind, Question, QuestionKind, SourceFormat};

use crate::common::{check_golden, data, run_rel};

fn read(name: &str) -> Vec<Question> {
    let path = format!("tests/data/variants/{name}");
    let run = run_rel(&[&path]);
    assert!(run.errors.is_empty(), "{name}: {:?}", run.errors);
    run.processed.into_iter().map(|p| p.question).collect()
}

fn one(name: &str) -> Question {
    let mut qs = read(name);
    assert_eq!(qs.len(), 1, "{name}");
    qs.remove(0)
}

fn date(s: &str) -> chrono::NaiveDate {
    qe2rdf::text::parse_iso_date(s).expect("date")
}

#[test]
fn every_variant_matches_its_golden_model_dump() {
    let mut names: Vec<String> = std::fs::read_dir(data("variants"))
        .expect("variants")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let questions = read(&name);
        let mut dump = serde_json::to_string_pretty(&questions).expect("json");
        dump.push('\n');
        check_golden(&data(&format!("golden/variants/{name}.json")), &dump);
    }
}

#[test]
fn classic_fields_one_per_line_with_values_on_the_next_line() {
    let q = one("classic-one-per-line.txt");
    assert_eq!(
        (q.id.legislature, q.id.kind, q.id.number),
        (14, QuestionKind::Written, 3310)
    );
    let a = q.author.expect("author");
    assert_eq!(a.name, "Philippe Le Ray");
    assert_eq!(a.constituency.expect("place").label, "Morbihan");
    assert_eq!(
        q.published.map(|p| (p.date, p.page)),
        Some((date("2012-08-28"), Some(4866)))
    );
    assert_eq!(
        q.answer.and_then(|a| a.published).map(|p| p.page),
        Some(Some(1499))
    );
}

#[test]
fn eleventh_legislature_fiche_with_family_name_first() {
    let q = one("fiche-11.txt");
    assert_eq!(
        (q.id.legislature, q.id.kind, q.id.number),
        (11, QuestionKind::Oral, 455)
    );
    let a = q.author.expect("author");
    assert_eq!(
        (a.name.as_str(), a.family_name.as_deref()),
        ("Jean Pontier", Some("Pontier"))
    );
    assert_eq!(
        q.ministry_questioned.expect("mi").label,
        "emploi et solidarité"
    );
    assert_eq!(q.ministry_assigned.expect("ma").label, "santé");
    assert_eq!(q.attribution_changes, [date("1998-06-29")]);
    assert!(
        q.answer
            .and_then(|a| a.text)
            .is_some_and(|t| t.lines().count() == 4),
        "debate paragraphs kept"
    );
}

#[test]
fn current_design_written_question() {
    let q = one("current-qe.txt");
    assert_eq!((q.id.legislature, q.id.number), (16, 210));
    assert_eq!(
        q.title.as_deref(),
        Some("Agriculture biologique et cantines")
    );
    assert_eq!(
        q.published.map(|p| (p.date, p.page)),
        Some((date("2022-08-02"), Some(3620)))
    );
    assert_eq!(
        q.answer
            .as_ref()
            .and_then(|a| a.published)
            .map(|p| (p.date, p.page)),
        Some((date("2022-10-04"), Some(4455)))
    );
    assert_eq!(
        q.ministry_assigned.expect("ma").label,
        "Agriculture et souveraineté alimentaire"
    );
    let a = q.author.expect("author");
    assert_eq!(a.id.as_deref(), Some("PA722252"), "linked by name");
    assert_eq!(
        a.constituency.and_then(|c| c.department_code).as_deref(),
        Some("91"),
        "department from the deputy table"
    );
}

#[test]
fn current_design_government_question_keeps_the_transcript_as_answer() {
    let q = one("current-qg.txt");
    assert_eq!(q.id.kind, QuestionKind::Government);
    assert_eq!(q.text, None);
    assert_eq!(q.published.map(|p| p.date), Some(date("2022-10-26")));
    let answer = q.answer.expect("answer");
    assert!(
        answer
            .text
            .expect("transcript")
            .starts_with("FORCES DE L'ORDRE\nMme la présidente.")
    );
}

#[test]
fn current_design_closure_and_abroad_constituency() {
    let q = one("current-closed.txt");
    let c = q.closure.expect("closure");
    assert_eq!(
        (c.kind, c.date, c.reason.as_deref()),
        (
            ClosureKind::Withdrawn,
            Some(date("2022-06-21")),
            Some("fin de mandat")
        )
    );
    let place = q.author.and_then(|a| a.constituency).expect("place");
    assert_eq!(
        (place.department_code.as_deref(), place.number),
        (Some("099"), Some(7))
    );
    assert_eq!(
        q.ministry_assigned.expect("ma").label,
        "Action et comptes publics"
    );
}

#[test]
fn group_with_a_dash_and_space_before_parenthesis() {
    let q = one("classic-group-dash.txt");
    let a = q.author.expect("author");
    assert_eq!(a.group.expect("group").id.as_deref(), Some("PO800490"));
    assert_eq!(a.constituency.expect("place").label, "Paris");
}

#[test]
fn overseas_department() {
    let q = one("classic-overseas.txt");
    assert_eq!(
        q.author
            .and_then(|a| a.constituency)
            .and_then(|c| c.department_code)
            .as_deref(),
        Some("987")
    );
}

#[test]
fn every_date_field() {
    let q = one("classic-all-dates.txt");
    assert_eq!(
        q.attribution_changes,
        [date("2014-04-03"), date("2014-08-27")]
    );
    assert_eq!(q.signalled, [date("2014-03-10")]);
    assert_eq!(q.renewed, [date("2014-04-15"), date("2014-07-15")]);
    assert_eq!(q.errata.len(), 2);
    assert_eq!(q.errata[1].published.page, Some(4102));
}

#[test]
fn government_question_with_empty_question_text() {
    let q = one("classic-qg-empty.txt");
    assert_eq!(q.text, None);
    assert_eq!(q.published.map(|p| p.page), Some(None), "no page");
    assert!(
        q.answer
            .and_then(|a| a.text)
            .is_some_and(|t| t.starts_with("HONORAIRES MÉDICAUX"))
    );
}

#[test]
fn several_questions_in_one_file() {
    let qs = read("batch.txt");
    let ids: Vec<(u16, u32)> = qs.iter().map(|q| (q.id.legislature, q.id.number)).collect();
    assert_eq!(ids, [(16, 7001), (16, 7002), (15, 7003)]);
    assert_eq!(qs[1].source.line, 12);
}

#[test]
fn encodings_bom_crlf_nbsp_and_windows_1252() {
    let q = one("bom-crlf-nbsp.txt");
    assert_eq!(
        q.text.as_deref(),
        Some("M. Jérôme Guedj interroge M. le ministre sur les déserts médicaux.")
    );
    let q = one("windows-1252.txt");
    assert!(q.text.expect("text").contains("l’œuvre des compagnies"));
}

#[test]
fn unknown_labels_are_kept() {
    let q = one("unknown-label.txt");
    assert_eq!(q.extra.len(), 1);
    assert_eq!(
        (q.extra[0].label.as_str(), q.extra[0].value.as_str()),
        ("Commission saisie", "affaires sociales")
    );
    assert_eq!(q.rubric.as_deref(), Some("santé"));
}

#[test]
fn saved_html_pages_of_both_designs_and_the_editor_wrapped_source() {
    let classic = one("classic-page.html");
    assert_eq!(classic.source.format, SourceFormat::Html);
    assert_eq!(
        classic.author.as_ref().and_then(|a| a.id.as_deref()),
        Some("PA607603"),
        "from the link"
    );
    assert_eq!(
        classic.answer.as_ref().and_then(|a| a.text.as_deref()),
        Some(
            "La gouvernance de la Caisse des dépôts relève de sa commission de surveillance.\nLe Gouvernement y est attentif."
        )
    );
    let wrapped = one("editor-wrapped.html");
    assert_eq!(
        (wrapped.id, wrapped.text.clone()),
        (classic.id, classic.text.clone())
    );
    let current = one("current-page.html");
    assert_eq!(
        (current.id.kind, current.id.number),
        (QuestionKind::Oral, 360)
    );
    assert_eq!(current.published.map(|p| p.date), Some(date("2023-05-23")));
    assert_eq!(
        current
            .answer
            .as_ref()
            .and_then(|a| a.published)
            .map(|p| p.date),
        Some(date("2023-05-31"))
    );
    let fiche = one("fiche-11.html");
    assert_eq!(
        (fiche.id.legislature, fiche.id.kind, fiche.id.number),
        (11, QuestionKind::Written, 460)
    );
    assert_eq!(
        fiche.author.map(|a| a.name),
        Some("Muguette Jacquaint".to_owned())
    );
}

#[test]
fn classic_author_without_affiliation_then_type() {
    let q = one("classic-author-without-affiliation.txt");
    assert_eq!(
        (q.id.legislature, q.id.kind, q.id.number),
        (15, QuestionKind::Written, 1844)
    );
    let a = q.author.expect("author");
    assert_eq!(a.name, "Frédéric Petit");
    assert_eq!(a.group, None);
    assert!(q.extra.is_empty(), "{:?}", q.extra);
}
