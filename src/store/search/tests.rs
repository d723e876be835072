//! The search index on questions written for these tests.

use chrono::NaiveDate;

use super::*;
use crate::model::{QuestionId, QuestionKind};

fn doc(number: u32, date: &str, text: &str) -> SearchDocument {
    SearchDocument {
        uid: format!("QANR5L16QE{number}"),
        id: QuestionId {
            legislature: 16,
            kind: QuestionKind::Written,
            number,
        },
        date: crate::text::parse_iso_date(date).ok(),
        status: Status::Open,
        author: Some("Ada Martin".into()),
        question_text: text.into(),
        answer_text: String::new(),
        title: String::new(),
        ministries: vec!["Intérieur".into()],
        groups: vec!["Groupe d'exemple".into()],
        rubrics: vec!["sécurité".into()],
        bodies: Vec::new(),
        body_labels: Vec::new(),
        heading: None,
        answered: None,
        links: Vec::new(),
    }
}

fn index_of(docs: &[SearchDocument]) -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let mut writer = index.writer().expect("writer");
    for d in docs {
        writer.replace(d).expect("indexed");
    }
    writer.commit().expect("committed");
    index.reload().expect("reloaded");
    index
}

fn uids(index: &SearchIndex, query: &str) -> Vec<String> {
    index
        .search(query, 10, 0)
        .expect("searched")
        .hits
        .into_iter()
        .map(|h| h.uid)
        .collect()
}

#[test]
fn equal_scores_put_the_newest_question_first() {
    let index = index_of(&[
        doc(1, "2020-01-01", "Les péages autoroutiers augmentent."),
        doc(2, "2023-06-01", "Les péages autoroutiers augmentent."),
        doc(3, "2021-03-01", "Les péages autoroutiers augmentent."),
    ]);
    assert_eq!(
        uids(&index, "péages"),
        ["QANR5L16QE2", "QANR5L16QE3", "QANR5L16QE1"]
    );
    let page = index.search("péages", 1, 1).expect("page");
    assert_eq!(page.total, 3);
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.hits[0].uid, "QANR5L16QE3");
}

#[test]
fn replacing_a_question_replaces_its_entry() {
    let index = SearchIndex::in_memory().expect("index");
    let mut writer = index.writer().expect("writer");
    writer
        .replace(&doc(1, "2020-01-01", "texte ancien sur les péages"))
        .expect("indexed");
    writer.commit().expect("committed");
    writer
        .replace(&doc(1, "2020-01-01", "texte nouveau sur les radars"))
        .expect("indexed");
    writer.commit().expect("committed");
    index.reload().expect("reloaded");
    assert_eq!(index.len(), 1);
    assert!(uids(&index, "péages").is_empty());
    assert_eq!(uids(&index, "radars"), ["QANR5L16QE1"]);
}

#[test]
fn excerpts_highlight_the_words_found_in_the_text() {
    let index = index_of(&[doc(
        1,
        "2023-01-01",
        "Une longue introduction. La fermeture des écoles rurales inquiète les maires.",
    )]);
    let hit = &index.search("école rurale", 1, 0).expect("searched").hits[0];
    assert!(
        hit.snippet.contains("**écoles** **rurales**"),
        "{}",
        hit.snippet
    );
    assert!(
        hit.snippet_html.contains("<b>écoles</b>"),
        "{}",
        hit.snippet_html
    );
    assert_eq!(hit.date, NaiveDate::from_ymd_opt(2023, 1, 1));
}

#[test]
fn hostile_queries_give_a_result_or_a_clear_error_never_a_panic() {
    let index = index_of(&[doc(
        1,
        "2023-01-01",
        "Texte (avec) des [crochets] et * étoiles ?",
    )]);
    let long = "mot ".repeat(10_000);
    let many = (0..100)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let hostile = [
        "\"unbalanced",
        "-",
        "--",
        "\"\"",
        "OR",
        "OR OR",
        "(.*)+[",
        "\\d{3}",
        "a:b",
        "colour:red",
        "*",
        "?",
        "\u{0}",
        "é\u{301}cole",
        "after:2023-13-45",
        "legislature:abc",
        "type:QX",
        long.as_str(),
        many.as_str(),
        "-texte",
        "texte -texte",
        "\"texte\" OR",
        "ministry:",
        "de la le",
    ];
    for q in hostile {
        match index.search(q, 10, 0) {
            Ok(hits) => assert!(hits.hits.len() <= 1, "{q}"),
            Err(SearchError::Query(QueryError(message))) => {
                assert!(message.len() > 10, "{q}: {message}");
            }
            Err(other) => panic!("{q}: {other}"),
        }
    }
    // A query of nothing but negations or stop words finds what is left: everything
    // not excluded.
    assert_eq!(uids(&index, "-radars"), ["QANR5L16QE1"]);
    assert!(uids(&index, "-texte").is_empty());
}

#[test]
fn filters_narrow_and_each_needs_all_its_words() {
    let mut other = doc(2, "2024-09-01", "Les péages autoroutiers.");
    other.id.legislature = 17;
    other.uid = "QANR5L17QE2".into();
    other.status = Status::Answered;
    other.ministries = vec!["Transports".into()];
    let index = index_of(&[doc(1, "2023-01-01", "Les péages autoroutiers."), other]);
    assert_eq!(uids(&index, "péages legislature:17"), ["QANR5L17QE2"]);
    assert_eq!(uids(&index, "péages status:open"), ["QANR5L16QE1"]);
    assert_eq!(uids(&index, "ministry:transports"), ["QANR5L17QE2"]);
    assert!(uids(&index, "ministry:\"transports maritimes\"").is_empty());
    assert_eq!(uids(&index, "péages after:2024-01-01"), ["QANR5L17QE2"]);
    assert_eq!(uids(&index, "péages before:31/12/2023"), ["QANR5L16QE1"]);
    assert_eq!(
        uids(&index, "author:martin legislature:16"),
        ["QANR5L16QE1"]
    );
}

#[test]
fn a_journal_left_by_a_stopped_load_makes_the_index_stale_until_repaired() {
    let dir = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::create(dir.path()).expect("index");
    assert_eq!(
        SearchIndex::state(dir.path()),
        IndexState::Ready { questions: 0 }
    );
    let mut writer = index.writer().expect("writer");
    writer
        .begin(&["QANR5L16QE1".into(), "QANR5L16QE2".into()])
        .expect("journal");
    // Stopped here: the store may hold these two, the index does not.
    drop(writer);
    assert_eq!(
        SearchIndex::state(dir.path()),
        IndexState::Stale {
            questions: 0,
            pending: 2
        }
    );
    let mut writer = index.writer().expect("writer");
    writer
        .replace(&doc(1, "2023-01-01", "texte"))
        .expect("indexed");
    writer.commit().expect("committed");
    assert_eq!(
        SearchIndex::state(dir.path()),
        IndexState::Ready { questions: 1 }
    );
}

#[test]
fn a_listing_gives_the_newest_first_and_the_profile_of_all() {
    let deputy = "https://w3id.org/qe2rdf/id/acteur/PA1";
    let other = "https://w3id.org/qe2rdf/id/acteur/PA2";
    let ministry = "https://w3id.org/qe2rdf/id/organe/PO9";
    let mut docs = Vec::new();
    // Four questions of PA1 (answered after 10, 20, 31 and 41 days but the last), one of PA2.
    for (n, date, answered, author) in [
        (1, "2024-01-10", Some("2024-01-20"), deputy),
        (2, "2024-03-01", Some("2024-03-21"), deputy),
        (3, "2024-02-01", Some("2024-03-03"), deputy),
        (4, "2024-03-05", None, deputy),
        (5, "2024-03-02", Some("2024-03-12"), other),
    ] {
        let mut d = doc(n, date, "texte");
        d.answered = answered.and_then(|a| crate::text::parse_iso_date(a).ok());
        if d.answered.is_some() {
            d.status = Status::Answered;
        }
        d.heading = Some(format!("tête {n}"));
        d.links = vec![Role::Author.link(author), Role::Questioned.link(ministry)];
        docs.push(d);
    }
    let index = index_of(&docs);
    let listing = index
        .listing(
            &[Role::Author.link(deputy)],
            &listing::ListFilter::default(),
            2,
            0,
        )
        .expect("listing");
    assert_eq!(listing.total, 4);
    let uids: Vec<&str> = listing.rows.iter().map(|r| r.uid.as_str()).collect();
    assert_eq!(uids, ["QANR5L16QE4", "QANR5L16QE2"]);
    assert_eq!(listing.rows[1].heading.as_deref(), Some("tête 2"));
    // The page alone: the same rows and size, no profile.
    let page = index
        .listing_page(&[Role::Author.link(deputy)], 2, 0)
        .expect("page");
    assert_eq!((page.total, &page.rows), (4, &listing.rows));
    assert_eq!(page.profile, listing::Profile::default());
    let profile = &listing.profile;
    assert_eq!(profile.total, 4);
    assert_eq!(profile.answered(), 3);
    assert_eq!(profile.delays, [10, 20, 31]);
    assert_eq!(profile.median_delay(), Some(20.0));
    assert_eq!(profile.by_month.get("2024-03"), Some(&2));
    assert_eq!(
        profile.by_link.get(&Role::Questioned.link(ministry)),
        Some(&4)
    );
    // A filter narrows the rows, not the profile.
    let open = index
        .listing(
            &[Role::Author.link(deputy)],
            &listing::ListFilter {
                status: Some(Status::Open),
                ..listing::ListFilter::default()
            },
            10,
            0,
        )
        .expect("listing");
    assert_eq!(open.total, 1);
    assert_eq!(open.rows[0].uid, "QANR5L16QE4");
    assert_eq!(open.profile.total, 4);
    // Two links: either one; an even count of delays gives the mean of the middle two.
    let both = index
        .listing(
            &[Role::Author.link(deputy), Role::Author.link(other)],
            &listing::ListFilter::default(),
            10,
            3,
        )
        .expect("listing");
    assert_eq!(both.total, 5);
    assert_eq!(both.rows.len(), 2);
    assert_eq!(both.profile.delays, [10, 10, 20, 31]);
    assert_eq!(both.profile.median_delay(), Some(15.0));
    assert!(
        index
            .listing(&[], &listing::ListFilter::default(), 10, 0)
            .expect("none")
            .rows
            .is_empty()
    );
}

#[test]
fn a_writer_opened_on_many_small_segments_keeps_each_question_once() {
    // What a load does after a stopped one: a new writer on an index of many small
    // segments re-indexes what was pending, then replaces questions batch after batch.
    // Merges running in the background while those commits delete could lose a deletion,
    // and a question showed twice until it was replaced again.
    let docs: Vec<SearchDocument> = (1..=600)
        .map(|n| {
            doc(
                n,
                "2024-01-01",
                "Une question sur la fermeture des écoles rurales.",
            )
        })
        .collect();
    let folder = tempfile::tempdir().expect("tempdir");
    let many_segments = |index: &SearchIndex| {
        let mut w = index.writer().expect("writer");
        for chunk in docs.chunks(25) {
            for d in chunk {
                w.replace(d).expect("indexed");
            }
            w.commit().expect("committed");
        }
    };
    many_segments(&SearchIndex::create(folder.path()).expect("index"));
    for attempt in 0..12 {
        let index = SearchIndex::open(folder.path())
            .expect("opened")
            .expect("an index");
        let mut writer = index.writer().expect("writer");
        let from = (attempt * 25) % 600;
        for batch in [
            &docs[from..from + 25],
            &docs[..10],
            &docs[10..20],
            &docs[20..30],
        ] {
            for d in batch {
                writer.replace(d).expect("replaced");
            }
            writer.commit().expect("committed");
            writer.merge().expect("merged");
            index.reload().expect("reloaded");
            let mut uids = index.uids().expect("uids");
            uids.sort();
            uids.dedup();
            assert_eq!(uids.len(), 600, "attempt {attempt}");
            assert_eq!(index.len(), 600, "attempt {attempt}: a question twice");
        }
        drop(writer);
        many_segments(&index);
    }
}

#[test]
fn a_question_indexed_twice_leaves_the_index_stale_until_it_is_indexed_again() {
    let folder = tempfile::tempdir().expect("tempdir");
    let index = SearchIndex::create(folder.path()).expect("index");
    let mut writer = index.writer().expect("writer");
    let docs: Vec<SearchDocument> = (1..=3)
        .map(|n| doc(n, "2024-01-01", "Les écoles rurales ferment."))
        .collect();
    for d in &docs {
        writer.replace(d).expect("indexed");
    }
    writer.commit().expect("committed");
    assert_eq!(
        SearchIndex::state(folder.path()),
        IndexState::Ready { questions: 3 }
    );
    // As if the engine had lost the deletion of a replaced entry.
    writer.add(&docs[1]).expect("added");
    writer.commit().expect("committed");
    index.reload().expect("reloaded");
    assert_eq!(index.left_behind(), ["QANR5L16QE2"]);
    assert_eq!(
        SearchIndex::state(folder.path()),
        IndexState::Stale {
            questions: 4,
            pending: 1
        }
    );
    writer.replace(&docs[1]).expect("indexed again");
    writer.commit().expect("committed");
    assert_eq!(
        SearchIndex::state(folder.path()),
        IndexState::Ready { questions: 3 }
    );
}
