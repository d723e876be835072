//! The label table of the question pages and the parsers of their values (authors,
//! dates with pages, closures).

use crate::model::{Author, Constituency, Group};
use crate::text::{fold, normalize_ws};

/// The fields a labelled value can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `Question N°` — the number, followed in the classic layout by author and type.
    Number,
    /// `Ministère interrogé`.
    MinistryQuestioned,
    /// `Ministère attributaire` / `Ministère répondant`.
    MinistryAssigned,
    /// `Rubrique`.
    Rubric,
    /// `Tête d'analyse`.
    AnalysisHeading,
    /// `Analyse`.
    Analysis,
    /// `Question publiée au JO le`.
    Published,
    /// `Réponse publiée au JO le`.
    AnswerPublished,
    /// `page` after a date.
    Page,
    /// `Date de changement d'attribution`.
    AttributionChanged,
    /// `Date de signalement`.
    Signalled,
    /// `Date de renouvellement`.
    Renewed,
    /// `Question retirée le` (with the reason in parentheses).
    Withdrawn,
    /// `Question caduque le`.
    Lapsed,
    /// `Erratum de la question publié au JO le`.
    QuestionErratum,
    /// `Erratum de la réponse publié au JO le`.
    AnswerErratum,
    /// `Auteur` (current design).
    Author,
    /// `Type de question` (current design).
    Kind,
    /// `Date de clôture` (current design), followed by the date and the reason.
    ClosureDate,
    /// `Date de la séance` (current design, oral questions).
    SittingDate,
    /// `Dates` / `Date` (current design): a heading before the dated lines.
    DatesHeading,
}

/// A label of the classic layout: its folded form, the field, and its French name for
/// messages.
#[derive(Debug, Clone, Copy)]
pub struct Label {
    /// Folded text (see [`crate::text::fold`]).
    pub folded: &'static str,
    /// Field it fills.
    pub field: Field,
    /// Name used in messages.
    pub name: &'static str,
}

/// Labels of the classic and 11th-legislature layouts, longest first so that a label that
/// contains another (`Tête d'analyse` / `Analyse`) wins.
pub const CLASSIC_LABELS: &[Label] = &[
    Label {
        folded: "erratum de la question publie au jo le",
        field: Field::QuestionErratum,
        name: "Erratum de la question publié au JO le",
    },
    Label {
        folded: "erratum de la reponse publie au jo le",
        field: Field::AnswerErratum,
        name: "Erratum de la réponse publié au JO le",
    },
    Label {
        folded: "date de changement d'attribution",
        field: Field::AttributionChanged,
        name: "Date de changement d'attribution",
    },
    Label {
        folded: "question publiee au jo le",
        field: Field::Published,
        name: "Question publiée au JO le",
    },
    Label {
        folded: "reponse publiee au jo le",
        field: Field::AnswerPublished,
        name: "Réponse publiée au JO le",
    },
    Label {
        folded: "date de renouvellement",
        field: Field::Renewed,
        name: "Date de renouvellement",
    },
    Label {
        folded: "ministere attributaire",
        field: Field::MinistryAssigned,
        name: "Ministère attributaire",
    },
    Label {
        folded: "ministere interroge",
        field: Field::MinistryQuestioned,
        name: "Ministère interrogé",
    },
    Label {
        folded: "ministere repondant",
        field: Field::MinistryAssigned,
        name: "Ministère répondant",
    },
    Label {
        folded: "date de signalement",
        field: Field::Signalled,
        name: "Date de signalement",
    },
    Label {
        folded: "question retiree le",
        field: Field::Withdrawn,
        name: "Question retirée le",
    },
    Label {
        folded: "question caduque le",
        field: Field::Lapsed,
        name: "Question caduque le",
    },
    Label {
        folded: "tete d'analyse",
        field: Field::AnalysisHeading,
        name: "Tête d'analyse",
    },
    Label {
        folded: "question n°",
        field: Field::Number,
        name: "Question N°",
    },
    Label {
        folded: "question nº",
        field: Field::Number,
        name: "Question N°",
    },
    Label {
        folded: "rubrique",
        field: Field::Rubric,
        name: "Rubrique",
    },
    Label {
        folded: "analyse",
        field: Field::Analysis,
        name: "Analyse",
    },
    Label {
        folded: "page",
        field: Field::Page,
        name: "page",
    },
];

/// Labels of the current design's key-data block, each ending with `:`.
pub const CURRENT_LABELS: &[Label] = &[
    Label {
        folded: "ministere interroge",
        field: Field::MinistryQuestioned,
        name: "Ministère interrogé",
    },
    Label {
        folded: "ministere repondant",
        field: Field::MinistryAssigned,
        name: "Ministère répondant",
    },
    Label {
        folded: "ministere attributaire",
        field: Field::MinistryAssigned,
        name: "Ministère attributaire",
    },
    Label {
        folded: "type de question",
        field: Field::Kind,
        name: "Type de question",
    },
    Label {
        folded: "date de cloture",
        field: Field::ClosureDate,
        name: "Date de clôture",
    },
    Label {
        folded: "date de la seance",
        field: Field::SittingDate,
        name: "Date de la séance",
    },
    Label {
        folded: "tete d'analyse",
        field: Field::AnalysisHeading,
        name: "Tête d'analyse",
    },
    Label {
        folded: "rubrique",
        field: Field::Rubric,
        name: "Rubrique",
    },
    Label {
        folded: "analyse",
        field: Field::Analysis,
        name: "Analyse",
    },
    Label {
        folded: "auteur",
        field: Field::Author,
        name: "Auteur",
    },
    Label {
        folded: "dates",
        field: Field::DatesHeading,
        name: "Dates",
    },
    Label {
        folded: "date",
        field: Field::DatesHeading,
        name: "Date",
    },
];

/// Matches a label of `table` at the start of `s`; the label must be followed by optional
/// spaces and a separator (`:` or `>`), or by the end of the line. Returns the label and the
/// byte length consumed (label, spaces and separator).
#[must_use]
pub fn match_label(s: &str, table: &'static [Label]) -> Option<(&'static Label, usize)> {
    // Most words start no label: look at the first letter before folding more (without
    // allocating for a plain ASCII letter, the usual case).
    let c = s.chars().next()?;
    let (mut ascii, mut other) = ([0; 4], String::new());
    let first: &str = if c.is_ascii() {
        crate::text::fold_ascii(c).encode_utf8(&mut ascii)
    } else {
        crate::text::fold_char_into(c, &mut other);
        &other
    };
    let may_start = |l: &Label| match first.as_bytes() {
        [] => true,
        [b] => l.folded.as_bytes().first() == Some(b),
        _ => l.folded.starts_with(first),
    };
    // In bytes: at least as many as characters.
    let longest = table
        .iter()
        .filter(|l| may_start(l))
        .map(|l| l.folded.len())
        .max()?;
    // Fold a prefix long enough for the longest such label, keeping a char map back to `s`.
    let mut folded = String::with_capacity(64);
    let mut ends = Vec::with_capacity(64); // ends[i] = byte offset in `s` after the i-th folded char's source
    for (i, c) in s.char_indices() {
        let before = folded.len();
        crate::text::fold_char_into(c, &mut folded);
        for _ in folded[before..].chars() {
            ends.push(i + c.len_utf8());
        }
        if ends.len() > longest {
            break;
        }
    }
    for label in table {
        if !may_start(label) || !folded.starts_with(label.folded) {
            continue;
        }
        let n = label.folded.chars().count();
        let label_end = ends[n - 1];
        let rest = &s[label_end..];
        let after_spaces = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        let sep_len = if after_spaces.starts_with(':') || after_spaces.starts_with('>') {
            rest.len() - after_spaces.len() + 1
        } else if after_spaces.is_empty()
            || after_spaces.starts_with(['\n', '\t'])
            || (label.field == Field::Number
                && after_spaces.starts_with(|c: char| c.is_ascii_digit()))
        {
            rest.len() - after_spaces.len()
        } else {
            continue;
        };
        return Some((label, label_end + sep_len));
    }
    None
}

/// Whether a fragment looks like `Some label : value` or `Some label > value`: a label the
/// reader does not know. Returns the label and the value.
#[must_use]
pub fn split_unknown_label(fragment: &str) -> Option<(String, String)> {
    let fragment = fragment.trim();
    let sep = fragment.find([':', '>'])?;
    let (label, value) = (fragment[..sep].trim(), fragment[sep + 1..].trim());
    let words = label.split_whitespace().count();
    let starts_upper = label.chars().next().is_some_and(char::is_uppercase);
    let plain = label.chars().all(|c| {
        c.is_alphabetic() || c == ' ' || c == '\'' || c == '\u{2019}' || c == '-' || c == '°'
    });
    (starts_upper && plain && (1..=7).contains(&words) && label.len() <= 60)
        .then(|| (label.to_owned(), value.to_owned()))
}

/// Civilities the pages write before a name.
const CIVILITIES: &[&str] = &[
    "Mme", "Mlle", "M.", "MM.", "Mmes", "Mme.", "Monsieur", "Madame",
];

/// Splits a leading civility off a name: `Mme Marie-Pierre Rixain` → (`Mme`, rest).
#[must_use]
pub fn split_civility(s: &str) -> (Option<String>, &str) {
    let s = s.trim_start();
    for civ in CIVILITIES {
        if let Some(rest) = s.strip_prefix(civ) {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                let normalized = match *civ {
                    "Mme." | "Madame" => "Mme",
                    "Monsieur" => "M.",
                    other => other,
                };
                return (Some(normalized.to_owned()), rest.trim_start());
            }
        }
    }
    (None, s)
}

/// Finds the content of the first balanced pair of parentheses in `s`: returns the byte
/// range of the inside and the offset just after the closing parenthesis. An unclosed
/// parenthesis takes the rest of the string.
#[must_use]
pub fn balanced_parens(s: &str) -> Option<(std::ops::Range<usize>, usize)> {
    let open = s.find('(')?;
    let mut depth = 0usize;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((open + 1..open + i, open + i + 1));
                }
            }
            _ => {}
        }
    }
    Some((open + 1..s.len(), s.len()))
}

/// The order of the two parts inside the author's parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AffiliationOrder {
    /// Classic pages: `(Group - Department)`; the group may contain ` - `.
    GroupThenPlace,
    /// Current design: `(Region or department - Group)`.
    PlaceThenGroup,
}

/// The order of given and family names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOrder {
    /// `Jérôme Guedj`.
    GivenFirst,
    /// `Pontier Jean` (11th-legislature pages).
    FamilyFirst,
}

/// A parsed author line, with whatever followed the closing parenthesis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorLine {
    /// The author.
    pub author: Author,
    /// Text after the closing parenthesis (e.g. `, posée en séance, et publiée le …` or the
    /// question type).
    pub tail: String,
}

/// Parses `De M. Jérôme Guedj (Socialistes et apparentés - Essonne)` and its variants:
/// `de`/`De` optional, civility optional, spaces anywhere, a space before `)`, nested
/// parentheses in the group label.
#[must_use]
pub fn parse_author(s: &str, order: AffiliationOrder, names: NameOrder) -> Option<AuthorLine> {
    let s = normalize_ws(s);
    let mut rest = s.as_str();
    for de in ["De ", "de ", "DE "] {
        if let Some(r) = rest.strip_prefix(de) {
            rest = r;
            break;
        }
    }
    let (civility, rest) = split_civility(rest);
    let (name, affiliation, tail) = match balanced_parens(rest) {
        Some((inside, after)) => (
            rest[..inside.start - 1].trim(),
            Some(rest[inside].trim()),
            rest[after..].trim(),
        ),
        None => (rest.trim(), None, ""),
    };
    if name.is_empty() || !name.chars().any(char::is_alphabetic) {
        return None;
    }
    let mut author = Author {
        civility,
        ..Author::default()
    };
    set_name(&mut author, name, names);
    if let Some(affiliation) = affiliation {
        let (group, place) = split_affiliation(affiliation, order);
        author.group = group.map(|label| Group {
            label,
            ..Group::default()
        });
        author.constituency = place.map(|p| parse_constituency(&p));
    }
    Some(AuthorLine {
        author,
        tail: tail.to_owned(),
    })
}

/// Sets the display, given and family names from a name written in `order`.
pub fn set_name(author: &mut Author, name: &str, order: NameOrder) {
    let name = normalize_ws(name);
    match order {
        NameOrder::GivenFirst => author.name = name,
        NameOrder::FamilyFirst => {
            // `Pontier Jean`, `Le Pen Marine`, `Marchand Jean-Michel`: the given name is the
            // last word; everything before it is the family name.
            match name.rsplit_once(' ') {
                Some((family, given)) => {
                    author.name = format!("{given} {family}");
                    author.given_name = Some(given.to_owned());
                    author.family_name = Some(family.to_owned());
                }
                None => author.name = name,
            }
        }
    }
}

/// Splits the inside of the author's parentheses into (group, place).
fn split_affiliation(inside: &str, order: AffiliationOrder) -> (Option<String>, Option<String>) {
    let inside = inside.trim();
    let cut = match order {
        AffiliationOrder::GroupThenPlace => find_dash(inside, true),
        AffiliationOrder::PlaceThenGroup => find_dash(inside, false),
    };
    let non_empty = |s: &str| {
        let s = s.trim().trim_end_matches(['-', ' ']).trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    match (cut, order) {
        (Some((a, b)), AffiliationOrder::GroupThenPlace) => {
            (non_empty(&inside[..a]), non_empty(&inside[b..]))
        }
        (Some((a, b)), AffiliationOrder::PlaceThenGroup) => {
            (non_empty(&inside[b..]), non_empty(&inside[..a]))
        }
        (None, AffiliationOrder::GroupThenPlace) => (non_empty(inside), None),
        (None, AffiliationOrder::PlaceThenGroup) => (None, non_empty(inside)),
    }
}

/// Finds a ` - ` separator (also with a non-breaking space or an en dash); the last one when
/// `last`, else the first. Returns the byte range of the separator.
fn find_dash(s: &str, last: bool) -> Option<(usize, usize)> {
    let mut found = None;
    for (i, c) in s.char_indices() {
        if !matches!(c, '-' | '–' | '—') {
            continue;
        }
        let before = s[..i].chars().next_back();
        let after = s[i + c.len_utf8()..].chars().next();
        // A spaced dash, or a dash that ends the string after a space (`Populaire - `).
        let spaced_before = before.is_some_and(char::is_whitespace);
        let spaced_after = after.is_none_or(char::is_whitespace);
        if spaced_before && spaced_after {
            let start = i - before.map_or(0, char::len_utf8);
            let end = i + c.len_utf8() + after.map_or(0, char::len_utf8);
            found = Some((start, end));
            if !last {
                break;
            }
        }
    }
    found
}

/// Reads a place: `Essonne`, `Ardèche (3e circonscription)`, `Français établis hors de
/// France (1re circonscription)`.
#[must_use]
pub fn parse_constituency(place: &str) -> Constituency {
    let place = normalize_ws(place);
    if let Some((inside, _)) = balanced_parens(&place) {
        let label = place[..inside.start - 1].trim().to_owned();
        let folded = fold(&place[inside.clone()]);
        let number: String = folded.chars().take_while(char::is_ascii_digit).collect();
        if folded.contains("circonscription") {
            return Constituency {
                label,
                number: number.parse().ok(),
                ..Constituency::default()
            };
        }
    }
    Constituency {
        label: place,
        ..Constituency::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_need_a_separator_or_a_line_end() {
        let (label, used) =
            match_label("Rubrique >droits fondamentaux", CLASSIC_LABELS).expect("label");
        assert_eq!((label.field, used), (Field::Rubric, 10));
        let (label, used) =
            match_label("Ministère interrogé : \tX", CLASSIC_LABELS).expect("label");
        assert_eq!((label.field, used), (Field::MinistryQuestioned, 23));
        let (label, _) = match_label("Tête d'analyse >Sécurité", CLASSIC_LABELS).expect("label");
        assert_eq!(label.field, Field::AnalysisHeading);
        let (label, _) =
            match_label("Tête d’analyse : x", CLASSIC_LABELS).expect("typographic apostrophe");
        assert_eq!(label.field, Field::AnalysisHeading);
        assert!(match_label("analyse des risques", CLASSIC_LABELS).is_none());
        let (label, used) = match_label("Question N° 3200", CLASSIC_LABELS).expect("number");
        assert_eq!((label.field, used), (Field::Number, 13));
        let (label, used) = match_label("page :\n4774", CLASSIC_LABELS).expect("page");
        assert_eq!((label.field, used), (Field::Page, 6));
        let (label, _) = match_label("Rubrique\n", CLASSIC_LABELS).expect("value on next line");
        assert_eq!(label.field, Field::Rubric);
    }

    #[test]
    fn unknown_labels_are_recognised() {
        assert_eq!(
            split_unknown_label("Commission saisie : finances"),
            Some(("Commission saisie".into(), "finances".into()))
        );
        assert_eq!(split_unknown_label("le 12 : rien"), None);
        assert_eq!(split_unknown_label("pas de séparateur"), None);
    }

    #[test]
    fn classic_author_with_dash_inside_group() {
        let line = parse_author(
            "De Mme Danielle Simonnet (La France insoumise - Nouvelle Union Populaire écologique et sociale - Paris )",
            AffiliationOrder::GroupThenPlace,
            NameOrder::GivenFirst,
        )
        .expect("author");
        let a = line.author;
        assert_eq!(a.civility.as_deref(), Some("Mme"));
        assert_eq!(a.name, "Danielle Simonnet");
        assert_eq!(
            a.group.expect("group").label,
            "La France insoumise - Nouvelle Union Populaire écologique et sociale"
        );
        assert_eq!(a.constituency.expect("place").label, "Paris");
    }

    #[test]
    fn classic_author_with_nested_parentheses_and_tail() {
        let line = parse_author(
            "De M. Jérôme Guedj (Socialistes et apparentés (membre de l'intergroupe NUPES) - Essonne)\tQuestion écrite",
            AffiliationOrder::GroupThenPlace,
            NameOrder::GivenFirst,
        )
        .expect("author");
        assert_eq!(
            line.author.group.expect("group").label,
            "Socialistes et apparentés (membre de l'intergroupe NUPES)"
        );
        assert_eq!(line.tail, "Question écrite");
    }

    #[test]
    fn family_first_names_are_reordered() {
        let line = parse_author(
            "de M. Pontier Jean ( Radical, Citoyen et Vert - Ardèche )",
            AffiliationOrder::GroupThenPlace,
            NameOrder::FamilyFirst,
        )
        .expect("author");
        let a = line.author;
        assert_eq!(a.name, "Jean Pontier");
        assert_eq!(a.family_name.as_deref(), Some("Pontier"));
        assert_eq!(a.given_name.as_deref(), Some("Jean"));
        assert_eq!(a.group.expect("group").label, "Radical, Citoyen et Vert");
        assert_eq!(a.constituency.expect("place").label, "Ardèche");
    }

    #[test]
    fn current_design_affiliation_is_place_then_group() {
        let line = parse_author(
            "M. Sacha Houlié (Nouvelle-Aquitaine - Renaissance), posée en séance, et publiée le 26 octobre 2022",
            AffiliationOrder::PlaceThenGroup,
            NameOrder::GivenFirst,
        )
        .expect("author");
        assert_eq!(line.author.group.expect("group").label, "Renaissance");
        assert_eq!(
            line.author.constituency.expect("place").label,
            "Nouvelle-Aquitaine"
        );
        assert_eq!(
            line.tail,
            ", posée en séance, et publiée le 26 octobre 2022"
        );
        let line = parse_author(
            "Mme Danielle Simonnet (Paris - La France insoumise - Nouvelle Union Populaire écologique et sociale)",
            AffiliationOrder::PlaceThenGroup,
            NameOrder::GivenFirst,
        )
        .expect("author");
        assert_eq!(
            line.author.group.expect("group").label,
            "La France insoumise - Nouvelle Union Populaire écologique et sociale"
        );
    }

    #[test]
    fn trailing_dash_before_line_break_is_a_separator() {
        let line = parse_author(
            "M. Philippe Le Ray (Union pour un Mouvement Populaire - \nMorbihan )",
            AffiliationOrder::GroupThenPlace,
            NameOrder::GivenFirst,
        )
        .expect("author");
        assert_eq!(line.author.constituency.expect("place").label, "Morbihan");
    }

    #[test]
    fn constituency_with_number() {
        let c = parse_constituency("Français établis hors de France (1re circonscription)");
        assert_eq!(c.label, "Français établis hors de France");
        assert_eq!(c.number, Some(1));
        assert_eq!(
            parse_constituency("Ardèche (3e circonscription)").number,
            Some(3)
        );
    }

    #[test]
    fn names_without_parentheses_and_garbage() {
        assert_eq!(
            parse_author(
                "M. Frédéric Lefebvre",
                AffiliationOrder::PlaceThenGroup,
                NameOrder::GivenFirst
            )
            .map(|l| l.author.name),
            Some("Frédéric Lefebvre".into())
        );
        assert!(
            parse_author(
                "(  )",
                AffiliationOrder::GroupThenPlace,
                NameOrder::GivenFirst
            )
            .is_none()
        );
        assert!(
            parse_author("", AffiliationOrder::GroupThenPlace, NameOrder::GivenFirst).is_none()
        );
    }
}
