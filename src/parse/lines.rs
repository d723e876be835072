//! Line classifiers: one small pure function per kind of line a question page shows.
//!
//! Each takes one line (without its `\n`) and answers `Some(…)` when the line is of its
//! kind. Matching ignores case, accents and surrounding spaces where the pages vary.

use crate::model::QuestionKind;
use crate::text::{fold, head, normalize_ws};

/// `16ème législature`, `11ème législature`, `16e Législature`, `XVIe législature` is not
/// used by the pages. The whole line must be the legislature heading.
#[must_use]
pub fn scan_legislature(line: &str) -> Option<u16> {
    if line.len() > 80 {
        return None;
    }
    let folded = fold(&normalize_ws(line));
    let rest = folded.strip_suffix("legislature")?.trim_end();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let suffix = rest[digits.len()..].trim();
    if digits.is_empty() || !matches!(suffix, "eme" | "e" | "e." | "eme." | "ieme" | "er" | "ere") {
        return None;
    }
    digits.parse().ok().filter(|n| (1..=99).contains(n))
}

/// The classic record marker: a line starting with `Question N°` (capital N, as the classic
/// and 11th-legislature pages write it). Returns the byte offset just after the label.
#[must_use]
pub fn scan_classic_marker(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    for label in [
        "Question N°",
        "Question N º",
        "Question Nº",
        "Question N o",
        "QUESTION N°",
    ] {
        if let Some(rest) = trimmed.strip_prefix(label) {
            // What follows is a colon, a number or the end of the line.
            let after_spaces = rest.trim_start_matches([' ', '\u{a0}', '\t']);
            let next = after_spaces
                .trim_start_matches([' ', '\u{a0}', '\t', ':'])
                .chars()
                .next();
            if after_spaces.starts_with(':') || next.is_none_or(|c| c.is_ascii_digit()) {
                return Some(lead + label.len());
            }
        }
    }
    None
}

/// A current-design title line: `Question écrite n°200 :`, `Question orale n°350 :`,
/// `Question au Gouvernement n°200 :`, possibly followed by the title itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentTitle {
    /// Kind named by the title.
    pub kind: QuestionKind,
    /// Number as written (digits).
    pub number: String,
    /// Byte offset of the number in the line.
    pub number_at: usize,
    /// Whatever follows the `:` on the same line (the title, when not on the next line).
    pub rest: String,
}

/// Recognises a current-design title line (see [`CurrentTitle`]).
#[must_use]
pub fn scan_current_title(line: &str) -> Option<CurrentTitle> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let folded = fold(head(trimmed, 60));
    let kinds = [
        ("question ecrite ", QuestionKind::Written),
        ("question orale sans debat ", QuestionKind::Oral),
        ("question orale ", QuestionKind::Oral),
        ("question au gouvernement ", QuestionKind::Government),
    ];
    let (prefix, kind) = kinds.iter().find(|(p, _)| folded.starts_with(p))?;
    // Folding keeps one character per character for these labels, so char counts match.
    let after_kind_chars = prefix.chars().count();
    let after_kind: usize = trimmed
        .char_indices()
        .nth(after_kind_chars)
        .map_or(trimmed.len(), |(i, _)| i);
    let rest = &trimmed[after_kind..];
    let rest_folded = fold(head(rest, 12));
    let stripped = ["n°", "no ", "nº", "n° "]
        .iter()
        .find_map(|p| rest_folded.strip_prefix(p).map(|_| p.chars().count()))?;
    let num_start_in_rest: usize = rest
        .char_indices()
        .nth(stripped)
        .map_or(rest.len(), |(i, _)| i);
    let after = &rest[num_start_in_rest..];
    let spaces = after.len() - after.trim_start().len();
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() {
        return None;
    }
    let number_at = lead + after_kind + num_start_in_rest + spaces;
    let tail = after.trim_start()[digits.len()..].trim_start();
    // The number must be followed by `:` (the title), or end the line.
    let rest = if let Some(t) = tail.strip_prefix(':') {
        normalize_ws(t)
    } else if tail.is_empty() {
        String::new()
    } else {
        return None;
    };
    Some(CurrentTitle {
        kind: *kind,
        number: digits,
        number_at,
        rest,
    })
}

/// Sections that hold free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `Texte de la question` / `Texte de la QUESTION :`.
    Question,
    /// `Texte de la réponse` / `Texte de la REPONSE :` / `DEBAT :`.
    Answer,
}

/// A section heading of the classic pages; returns the section and the byte offset where
/// text on the same line would start.
#[must_use]
pub fn scan_section(line: &str) -> Option<(Section, usize)> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let folded = fold(head(trimmed, 60));
    let candidates = [
        ("texte de la question", Section::Question),
        ("texte de la reponse", Section::Answer),
        ("debat", Section::Answer),
    ];
    for (label, section) in candidates {
        let Some(after) = folded.strip_prefix(label) else {
            continue;
        };
        let after_trim = after.trim_start();
        let sep = after_trim.strip_prefix(':').map(str::trim_start);
        // `DEBAT` must carry its colon, to avoid matching prose starting with "Débat".
        if label == "debat" && sep.is_none() {
            continue;
        }
        if sep.is_none() && !after_trim.is_empty() {
            continue;
        }
        let consumed_chars = label.chars().count()
            + (after.chars().count() - sep.unwrap_or(after_trim).chars().count());
        let offset = trimmed
            .char_indices()
            .nth(consumed_chars)
            .map_or(trimmed.len(), |(i, _)| i);
        return Some((section, lead + offset));
    }
    None
}

/// Lines of the page around the question (menus, buttons, footers) that end a text section
/// when a whole page was copied or saved.
#[must_use]
pub fn is_page_chrome(line: &str) -> bool {
    if line.len() > 80 {
        return false;
    }
    let folded = fold(line.trim());
    matches!(
        folded.as_str(),
        "imprimer"
            | "format pdf"
            | "partager"
            | "retour"
            | "retour haut de page"
            | "haut de page"
            | "donnees cles"
            | "lcp"
            | "open data"
            | "une semaine a l'assemblee"
            | "mentions legales"
    ) || folded.starts_with("©tous droits reserves")
        || folded.starts_with("© tous droits reserves")
}

/// A question type written alone: label (`Question écrite`) or code (`QE`).
#[must_use]
pub fn scan_kind(value: &str) -> Option<QuestionKind> {
    if value.len() > 80 {
        return None;
    }
    let folded = fold(&normalize_ws(value));
    match folded.as_str() {
        "qe" | "question ecrite" => Some(QuestionKind::Written),
        "qosd" | "question orale sans debat" | "question orale" => Some(QuestionKind::Oral),
        "qg" | "question au gouvernement" => Some(QuestionKind::Government),
        _ => None,
    }
}

/// `FICHE QUESTION`, the heading of the 11th-legislature pages.
#[must_use]
pub fn is_fiche_heading(line: &str) -> bool {
    line.len() < 40 && fold(line.trim()) == "fiche question"
}

/// Where the record whose marker (`Question N°` line or current-design title) is line
/// `marker` starts: moved up over the legislature heading, `FICHE QUESTION` and blank lines
/// above it (a blank line never starts a record), not above line `floor`. The text reader
/// and the splitter of large files both cut records here, so that they agree.
pub fn record_start<'a>(marker: usize, floor: usize, line: impl Fn(usize) -> &'a str) -> usize {
    let mut start = marker;
    let mut j = marker;
    while j > floor {
        let prev = line(j - 1);
        let blank = prev.trim().is_empty();
        if !(blank || is_fiche_heading(prev) || scan_legislature(prev).is_some()) {
            break;
        }
        j -= 1;
        if !blank {
            start = j;
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_case::test_case;

    #[test_case("16ème législature", Some(16))]
    #[test_case("  11ème Législature ", Some(11))]
    #[test_case("16e législature", Some(16))]
    #[test_case("16ème\u{a0}Législature", Some(16))]
    #[test_case("Questions 16e législature", None)]
    #[test_case("législature", None)]
    #[test_case("la 16ème législature a", None)]
    fn legislature_lines(line: &str, expected: Option<u16>) {
        assert_eq!(scan_legislature(line), expected);
    }

    #[test_case("Question N° : 13417\tDe M.", Some(12))]
    #[test_case(" Question N° 3200", Some(13))]
    #[test_case("Question N°\u{a0}: ", Some(12))]
    #[test_case("Question N°", Some(12))]
    #[test_case("Question n°200", None)]
    #[test_case("Question N° de la page", None)]
    fn classic_markers(line: &str, expected: Option<usize>) {
        assert_eq!(scan_classic_marker(line), expected);
    }

    #[test]
    fn current_titles() {
        let t = scan_current_title("Question écrite n°200 :").expect("title");
        assert_eq!(
            (t.kind, t.number.as_str(), t.rest.as_str()),
            (QuestionKind::Written, "200", "")
        );
        assert_eq!(
            &"Question écrite n°200 :"[t.number_at..t.number_at + 3],
            "200"
        );
        let t =
            scan_current_title("Question orale n°350 : Revalorisation du Ségur").expect("title");
        assert_eq!(
            (t.kind, t.rest.as_str()),
            (QuestionKind::Oral, "Revalorisation du Ségur")
        );
        let t = scan_current_title("Question au Gouvernement n° 200 :").expect("title");
        assert_eq!(t.kind, QuestionKind::Government);
        assert!(scan_current_title("Question n°200").is_none());
        assert!(scan_current_title("Question écrite N°3200 de M. Philippe Le Ray").is_none());
    }

    #[test_case("Texte de la question", Some(Section::Question))]
    #[test_case("Texte de la QUESTION : ", Some(Section::Question))]
    #[test_case("Texte de la réponse", Some(Section::Answer))]
    #[test_case("Texte de la REPONSE :", Some(Section::Answer))]
    #[test_case("DEBAT : ", Some(Section::Answer))]
    #[test_case("Débat sur la loi", None)]
    #[test_case("Texte de la question posée", None)]
    fn sections(line: &str, expected: Option<Section>) {
        assert_eq!(scan_section(line).map(|(s, _)| s), expected);
    }

    #[test]
    fn section_text_on_the_same_line_is_located() {
        let line = "Texte de la QUESTION : Mme X attire";
        let (_, at) = scan_section(line).expect("section");
        assert_eq!(&line[at..], "Mme X attire");
    }

    #[test]
    fn kinds_as_labels_and_codes() {
        assert_eq!(scan_kind(" Question écrite "), Some(QuestionKind::Written));
        assert_eq!(scan_kind("QOSD"), Some(QuestionKind::Oral));
        assert_eq!(
            scan_kind("Question au Gouvernement"),
            Some(QuestionKind::Government)
        );
        assert_eq!(scan_kind("Question"), None);
    }

    #[test]
    fn chrome_lines() {
        assert!(is_page_chrome(" Imprimer"));
        assert!(is_page_chrome("Données clés"));
        assert!(!is_page_chrome("Imprimer le rapport"));
    }
}
