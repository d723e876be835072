//! The words of the pages, in French (the default) and English.

/// A language of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// French, the default.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// The language a `lang` parameter asks for (French unless `en`).
    #[must_use]
    pub fn from_param(value: Option<&str>) -> Self {
        match value.map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("en") => Self::En,
            _ => Self::Fr,
        }
    }

    /// Its code (`fr`, `en`).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// The other one (for the switch).
    #[must_use]
    pub const fn other(self) -> Self {
        match self {
            Self::Fr => Self::En,
            Self::En => Self::Fr,
        }
    }
}

/// The words, by key: French, English.
const WORDS: &[(&str, &str, &str)] = &[
    (
        "site",
        "Questions parlementaires de l'Assemblée nationale",
        "Parliamentary questions of the French National Assembly",
    ),
    ("home", "Accueil", "Home"),
    ("search", "Recherche", "Search"),
    ("search_button", "Chercher", "Search"),
    (
        "search_label",
        "Chercher dans les questions",
        "Search the questions",
    ),
    (
        "search_hint",
        "Des mots (tous doivent figurer), une \"expression exacte\", a OR b, -mot ; les filtres ci-dessous restreignent.",
        "Words (all must match), an \"exact phrase\", a OR b, -word; the filters below narrow.",
    ),
    ("sparql", "Requêtes SPARQL", "SPARQL queries"),
    ("changes", "Changements récents", "Recent changes"),
    (
        "dataset",
        "Description du jeu de données",
        "Dataset description",
    ),
    ("switch", "English", "Français"),
    ("question", "Question", "Question"),
    ("questions", "Questions", "Questions"),
    ("question_n", "question", "question"),
    ("questions_n", "questions", "questions"),
    ("number", "Numéro", "Number"),
    ("type", "Type", "Type"),
    ("legislature", "Législature", "Legislature"),
    ("legislatures", "Législatures", "Legislatures"),
    ("author", "Auteur", "Author"),
    ("group", "Groupe", "Group"),
    ("constituency", "Circonscription", "Constituency"),
    (
        "ministry_questioned",
        "Ministère interrogé",
        "Ministry questioned",
    ),
    (
        "ministry_assigned",
        "Ministère attributaire",
        "Ministry assigned",
    ),
    (
        "ministry_answering",
        "Ministère qui a répondu",
        "Ministry that answered",
    ),
    (
        "attributed",
        "Attribuée successivement à",
        "Attributed in turn to",
    ),
    ("rubric", "Rubrique", "Rubric"),
    ("analysis_heading", "Tête d'analyse", "Analysis heading"),
    ("analysis", "Analyse", "Analysis"),
    ("procedure", "Procédure", "Procedure"),
    ("closure", "Clôture", "Closure"),
    ("closure_reason", "Motif", "Reason"),
    (
        "question_text",
        "Texte de la question",
        "Text of the question",
    ),
    ("answer_text", "Texte de la réponse", "Text of the answer"),
    ("answer", "Réponse", "Answer"),
    ("no_text", "Pas de texte.", "No text."),
    (
        "published_jo",
        "publiée au Journal officiel le",
        "published in the Journal officiel on",
    ),
    ("page", "page", "page"),
    ("cited_bodies", "Organismes cités", "Bodies cited"),
    (
        "assembly_page",
        "La page de l'Assemblée nationale",
        "The National Assembly's page",
    ),
    ("original_page", "La page d'origine", "The original page"),
    ("rdf", "Données (RDF)", "Data (RDF)"),
    (
        "rdf_hint",
        "Cette page existe aussi pour les machines :",
        "This page also exists for machines:",
    ),
    ("identity", "Identité", "Identity"),
    ("identifiers", "Identifiants", "Identifiers"),
    ("assembly_id", "Assemblée nationale", "National Assembly"),
    ("mandates", "Mandats", "Mandates"),
    ("department", "Département", "Department"),
    ("filter", "Filtrer", "Filter"),
    ("all", "toutes", "all"),
    ("status", "État", "Status"),
    ("status_answered", "répondue", "answered"),
    ("status_open", "en attente de réponse", "awaiting an answer"),
    ("status_withdrawn", "retirée", "withdrawn"),
    (
        "status_closed",
        "close sans réponse",
        "closed without an answer",
    ),
    ("kind_QE", "Question écrite", "Written question"),
    (
        "kind_QOSD",
        "Question orale sans débat",
        "Oral question without debate",
    ),
    (
        "kind_QG",
        "Question au gouvernement",
        "Question to the government",
    ),
    (
        "per_ministry",
        "Questions par ministère interrogé",
        "Questions by ministry questioned",
    ),
    ("per_month", "Questions par mois", "Questions by month"),
    (
        "per_legislature",
        "Questions par législature",
        "Questions by legislature",
    ),
    ("per_group", "Questions par groupe", "Questions by group"),
    (
        "per_rubric",
        "Rubriques les plus fréquentes",
        "Most frequent rubrics",
    ),
    (
        "top_authors",
        "Auteurs les plus fréquents",
        "Most frequent authors",
    ),
    (
        "cited_with",
        "Organismes cités avec lui",
        "Bodies cited with it",
    ),
    ("citing", "Questions qui le citent", "Questions citing it"),
    ("received", "Questions attribuées", "Questions assigned"),
    (
        "questioned_count",
        "Questions où il est interrogé",
        "Questions where it is questioned",
    ),
    ("answer_rate", "Taux de réponse", "Answer rate"),
    (
        "median_delay",
        "Délai médian de réponse",
        "Median answer delay",
    ),
    ("days", "jours", "days"),
    ("no_questions", "Aucune question.", "No questions."),
    ("previous", "Précédentes", "Previous"),
    ("next", "Suivantes", "Next"),
    ("page_of", "page {0} sur {1}", "page {0} of {1}"),
    ("results", "{0} résultats", "{0} results"),
    ("date", "Date", "Date"),
    ("properties", "Propriétés", "Properties"),
    (
        "linked_from",
        "Liens vers cette ressource",
        "Links to this resource",
    ),
    ("not_found", "Page introuvable", "Page not found"),
    (
        "not_found_text",
        "Rien n'est publié à cette adresse. Cherchez la question, le député ou le ministère :",
        "Nothing is published at this address. Search for the question, deputy or ministry:",
    ),
    (
        "index_missing",
        "L'index de recherche de ce magasin manque : lancez « qe2rdf index --rebuild » pour lister et compter les questions.",
        "This store has no search index: run `qe2rdf index --rebuild` to list and count the questions.",
    ),
    ("ontology", "Ontologie qe2rdf", "qe2rdf ontology"),
    ("classes", "Classes", "Classes"),
    ("props", "Propriétés", "Properties"),
    ("concept", "Concept", "Concept"),
    ("in_scheme", "Dans le schéma", "In the scheme"),
    ("deputies", "Députés", "Deputies"),
    ("bodies", "Organismes", "Bodies"),
    ("latest", "Dernières questions", "Latest questions"),
    (
        "welcome",
        "Les questions écrites, orales sans débat et au gouvernement de l'Assemblée nationale, reliées aux députés, groupes, ministères, rubriques et organismes cités.",
        "The written questions, oral questions without debate and questions to the government of the French National Assembly, linked to deputies, groups, ministries, rubrics and the bodies they cite.",
    ),
    ("of_total", "sur", "of"),
    ("wikipedia", "Wikipédia", "Wikipedia"),
    ("wikidata", "Wikidata", "Wikidata"),
    ("nosdeputes", "NosDéputés.fr", "NosDéputés.fr"),
    ("skip", "Aller au contenu", "Skip to content"),
    ("category", "Catégorie", "Category"),
    ("acronym", "Sigle", "Acronym"),
    (
        "members",
        "Députés auteurs de questions",
        "Deputies who asked questions",
    ),
];

/// The words of `key` in `lang` (the key itself when unknown).
#[must_use]
pub fn word(lang: Lang, key: &str) -> &str {
    WORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, fr, en)| match lang {
            Lang::Fr => fr,
            Lang::En => en,
        })
}

/// Months, for dates written out.
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written out (`5 mars 2024`, `5 March 2024`); the text as it was when it is not
/// an ISO date.
#[must_use]
pub fn long_date(lang: Lang, iso: &str) -> String {
    use chrono::Datelike;
    let Ok(d) = crate::text::parse_iso_date(iso) else {
        return iso.to_owned();
    };
    let month = usize::try_from(d.month0()).unwrap_or(0);
    match lang {
        Lang::Fr => {
            let day = if d.day() == 1 {
                "1er".to_owned()
            } else {
                d.day().to_string()
            };
            format!("{day} {} {}", MONTHS_FR[month], d.year())
        }
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[month], d.year()),
    }
}

/// A month (`2024-03`) written out (`mars 2024`).
#[must_use]
pub fn month(lang: Lang, ym: &str) -> String {
    let Some((y, m)) = ym.split_once('-') else {
        return ym.to_owned();
    };
    let Some(m) = m.parse::<usize>().ok().filter(|m| (1..=12).contains(m)) else {
        return ym.to_owned();
    };
    let name = match lang {
        Lang::Fr => MONTHS_FR[m - 1],
        Lang::En => MONTHS_EN[m - 1],
    };
    format!("{name} {y}")
}

/// A whole number with its thousands apart (`12 345`, `12,345`).
#[must_use]
pub fn number(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Fr => '\u{202f}',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_dates_and_numbers_in_both_languages() {
        assert_eq!(word(Lang::Fr, "answer"), "Réponse");
        assert_eq!(word(Lang::En, "answer"), "Answer");
        assert_eq!(word(Lang::En, "no such key"), "no such key");
        assert_eq!(long_date(Lang::Fr, "2024-03-01"), "1er mars 2024");
        assert_eq!(long_date(Lang::En, "2024-03-05"), "5 March 2024");
        assert_eq!(long_date(Lang::Fr, "bientôt"), "bientôt");
        assert_eq!(month(Lang::Fr, "2024-08"), "août 2024");
        assert_eq!(number(Lang::Fr, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(number(Lang::En, 999), "999");
        assert_eq!(number(Lang::En, 1000), "1,000");
        assert_eq!(Lang::from_param(Some("EN")), Lang::En);
        assert_eq!(Lang::from_param(Some("de")), Lang::Fr);
    }

    #[test]
    fn every_word_has_both_languages() {
        for (key, fr, en) in WORDS {
            assert!(!fr.is_empty() && !en.is_empty(), "{key}");
        }
        let mut keys: Vec<&str> = WORDS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key given twice");
    }
}
