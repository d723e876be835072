//! A deterministic generator of realistic questions, for benchmarks and load tests.
//!
//! The same seed gives the same corpus. Questions are drawn from the reference tables (real
//! deputies of the 14th to 16th legislatures with their departments, the groups and
//! ministries of the period), with the proportions of the real archive: about 85 % written
//! questions, 10 % oral, 5 % to the government; two thirds answered, one in eight withdrawn
//! at the end of a mandate, one in ten reattributed; texts of a few hundred words that cite
//! bodies of the gazetteer. Each question can be written as classic page text or as an
//! open-data JSON object.

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

use crate::link::tables::{DeputyRow, OrganKind, OrganRow, Tables};
use crate::mentions::Gazetteer;

/// SplitMix64: small, fast, good enough for test data, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % (n.max(1) as u64)).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// An element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const RUBRICS: &[&str] = &[
    "agriculture",
    "santé",
    "enseignement",
    "retraites : généralités",
    "impôts et taxes",
    "logement",
    "transports",
    "énergie et carburants",
    "collectivités territoriales",
    "sécurité des biens et des personnes",
    "justice",
    "environnement",
    "emploi",
    "professions de santé",
    "personnes handicapées",
    "outre-mer",
    "défense",
    "culture",
    "sports",
    "numérique",
    "eau et assainissement",
    "bioéthique",
    "étrangers",
    "famille",
    "commerce et artisanat",
    "établissements de santé",
    "pharmacie et médicaments",
    "police",
];

const WORDS: &[&str] = &[
    "attire",
    "l'attention",
    "sur",
    "la",
    "situation",
    "des",
    "communes",
    "rurales",
    "qui",
    "font",
    "face",
    "à",
    "une",
    "hausse",
    "des",
    "coûts",
    "de",
    "fonctionnement",
    "et",
    "demande",
    "quelles",
    "mesures",
    "le",
    "Gouvernement",
    "entend",
    "prendre",
    "pour",
    "garantir",
    "l'accès",
    "aux",
    "services",
    "publics",
    "dans",
    "les",
    "territoires",
    "en",
    "particulier",
    "pour",
    "les",
    "familles",
    "modestes",
    "plusieurs",
    "élus",
    "locaux",
    "ont",
    "signalé",
    "des",
    "difficultés",
    "croissantes",
    "depuis",
    "la",
    "réforme",
    "récente",
    "du",
    "dispositif",
    "ainsi",
    "que",
    "l'insuffisance",
    "des",
    "moyens",
    "alloués",
    "aux",
    "établissements",
    "concernés",
    "il",
    "souhaite",
    "connaître",
    "le",
    "calendrier",
    "retenu",
    "et",
    "les",
    "crédits",
    "prévus",
    "au",
    "projet",
    "de",
    "loi",
    "de",
    "finances",
];

/// The facts of a generated question, in the form both renderers use.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Legislature.
    pub legislature: u16,
    /// `QE`, `QOSD` or `QG`.
    pub kind: &'static str,
    /// Number.
    pub number: u32,
    /// The deputy.
    pub deputy: DeputyRow,
    /// Group label and id.
    pub group: (String, String),
    /// Department name.
    pub department: String,
    /// Ministry questioned (short label, long label, id).
    pub ministry_questioned: (String, String, String),
    /// Ministry assigned, and the date of the change when it differs.
    pub ministry_assigned: (String, String, String),
    /// Date of the change of attribution.
    pub attribution_changed: Option<NaiveDate>,
    /// Rubric.
    pub rubric: String,
    /// Analysis heading.
    pub heading: String,
    /// Publication date and page.
    pub published: (NaiveDate, u32),
    /// Answer date, page and text.
    pub answer: Option<(NaiveDate, u32, String)>,
    /// Withdrawal date.
    pub withdrawn: Option<NaiveDate>,
    /// Question text.
    pub text: String,
}

/// The generator.
pub struct CorpusGenerator {
    rng: Rng,
    deputies: Vec<(u16, DeputyRow)>,
    ministries: Vec<OrganRow>,
    groups: Vec<OrganRow>,
    bodies: Vec<String>,
    numbers: [u32; 3],
}

fn legislature_period(leg: u16) -> (NaiveDate, u64) {
    let start = match leg {
        14 => (2012, 7, 3),
        15 => (2017, 7, 4),
        _ => (2022, 7, 5),
    };
    let days = if leg == 16 { 700 } else { 1750 };
    (
        NaiveDate::from_ymd_opt(start.0, start.1, start.2).unwrap_or_default(),
        days,
    )
}

impl CorpusGenerator {
    /// A generator seeded with `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let tables = Tables::builtin();
        let deputies: Vec<(u16, DeputyRow)> = tables
            .deputies
            .iter()
            .filter(|d| (14..=16).contains(&d.legislature) && d.department.is_some())
            .map(|d| (d.legislature, d.clone()))
            .collect();
        let ministries: Vec<OrganRow> = tables
            .organs
            .iter()
            .filter(|o| o.kind == OrganKind::Ministry && o.start.is_some())
            .cloned()
            .collect();
        let groups: Vec<OrganRow> = tables
            .organs
            .iter()
            .filter(|o| o.kind == OrganKind::Group)
            .cloned()
            .collect();
        let bodies = Gazetteer::builtin()
            .entities()
            .iter()
            .map(|e| e.name.clone())
            .collect();
        Self {
            rng: Rng::new(seed),
            deputies,
            ministries,
            groups,
            bodies,
            numbers: [0; 3],
        }
    }

    fn ministry_on(&mut self, date: NaiveDate) -> (String, String, String) {
        let active: Vec<&OrganRow> = self
            .ministries
            .iter()
            .filter(|m| m.active_on(date))
            .collect();
        if active.is_empty() {
            return (
                "Économie et finances".into(),
                "Ministère de l'économie et des finances".into(),
                String::new(),
            );
        }
        let m = active[self.rng.below(active.len())];
        (m.short_label.clone(), m.label.clone(), m.po.clone())
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            let word: &&str = self.rng.pick(WORDS);
            s.push_str(word);
        }
        s
    }

    fn text(&mut self, who: &str, paragraphs: usize) -> String {
        let mut text = format!("{who} ");
        for p in 0..paragraphs {
            if p > 0 {
                text.push('\n');
            }
            let n = 40 + self.rng.below(60);
            text.push_str(&self.sentence(n));
            if self.rng.chance(50) {
                let body = self.rng.pick(&self.bodies).clone();
                let _ = write!(text, ", selon la {body}, ");
                let n = 10 + self.rng.below(20);
                text.push_str(&self.sentence(n));
            }
            text.push('.');
        }
        text
    }

    /// The next question.
    pub fn next_question(&mut self) -> Generated {
        let legislature = [14u16, 15, 15, 16, 16, 16][self.rng.below(6)];
        let (kind, k) = match self.rng.below(100) {
            0..=84 => ("QE", 0),
            85..=94 => ("QOSD", 1),
            _ => ("QG", 2),
        };
        self.numbers[k] += 1;
        let number = self.numbers[k];
        let candidates: Vec<usize> = self
            .deputies
            .iter()
            .enumerate()
            .filter(|(_, (l, _))| *l == legislature)
            .map(|(i, _)| i)
            .collect();
        let deputy = self.deputies[*self.rng.pick(&candidates)].1.clone();
        let (start, span) = legislature_period(legislature);
        let published = start + Days::new(self.rng.next_u64() % span);
        let groups: Vec<&OrganRow> = self
            .groups
            .iter()
            .filter(|g| g.legislature == Some(legislature) && g.active_on(published))
            .collect();
        let group = if groups.is_empty() {
            ("Non inscrit".to_owned(), String::new())
        } else {
            let g = groups[self.rng.below(groups.len())];
            (g.label.clone(), g.po.clone())
        };
        let department = deputy
            .department
            .as_deref()
            .and_then(crate::link::department_name)
            .unwrap_or("Paris")
            .to_owned();
        let ministry_questioned = self.ministry_on(published);
        let attribution_changed = (kind == "QE" && self.rng.chance(10))
            .then(|| published + Days::new(10 + self.rng.next_u64() % 60));
        let ministry_assigned = match attribution_changed {
            Some(d) => self.ministry_on(d),
            None => ministry_questioned.clone(),
        };
        let who = format!(
            "{} {}",
            if deputy.civility == "Mme" {
                "Mme"
            } else {
                "M."
            },
            deputy.display_name()
        );
        let text = if kind == "QG" {
            String::new()
        } else {
            let paragraphs = 1 + self.rng.below(3);
            self.text(&who, paragraphs)
        };
        let answered = kind == "QG" || self.rng.chance(67);
        let answer = answered.then(|| {
            let delay = if kind == "QG" {
                0
            } else {
                20 + self.rng.next_u64() % 300
            };
            let paragraphs = 1 + self.rng.below(4);
            let body = self.text("Le Gouvernement", paragraphs);
            (
                published + Days::new(delay),
                u32::try_from(1 + self.rng.below(12000)).unwrap_or(1),
                body,
            )
        });
        let withdrawn = (!answered && self.rng.chance(40)).then(|| start + Days::new(span + 20));
        Generated {
            legislature,
            kind,
            number,
            group,
            department,
            ministry_questioned,
            ministry_assigned,
            attribution_changed,
            rubric: (*self.rng.pick(RUBRICS)).to_owned(),
            heading: self.sentence(2),
            published: (
                published,
                u32::try_from(1 + self.rng.below(12000)).unwrap_or(1),
            ),
            answer,
            withdrawn,
            text,
            deputy,
        }
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "QE" => "Question écrite",
        "QOSD" => "Question orale sans débat",
        _ => "Question au gouvernement",
    }
}

/// Writes a question as classic page text (the layout of the seed).
pub fn write_text(q: &Generated, out: &mut String) {
    let d = |date: NaiveDate| date.format("%d/%m/%Y").to_string();
    let civility = if q.deputy.civility == "Mme" {
        "Mme"
    } else {
        "M."
    };
    let _ = write!(
        out,
        "{}ème législature\n\nQuestion N° : {}\tDe {civility} {} ({} - {})\t{}\n",
        q.legislature,
        q.number,
        q.deputy.display_name(),
        q.group.0,
        q.department,
        kind_label(q.kind)
    );
    let _ = writeln!(
        out,
        "Ministère interrogé > {}\t\tMinistère attributaire > {}",
        q.ministry_questioned.0, q.ministry_assigned.0
    );
    let _ = writeln!(
        out,
        "Rubrique >{}\tTête d'analyse >{}\tAnalyse > {}.",
        q.rubric, q.heading, q.heading
    );
    let _ = write!(
        out,
        "Question publiée au JO le : {} page : {}",
        d(q.published.0),
        q.published.1
    );
    if let Some((date, page, _)) = &q.answer {
        let _ = write!(
            out,
            "\tRéponse publiée au JO le : {} page : {page}",
            d(*date)
        );
    }
    if let Some(date) = q.attribution_changed {
        let _ = write!(out, " Date de changement d'attribution : {}", d(date));
    }
    if let Some(date) = q.withdrawn {
        let _ = write!(out, " Question retirée le : {} (fin de mandat)", d(date));
    }
    out.push_str("\n\nTexte de la question\n\n");
    out.push_str(&q.text);
    out.push('\n');
    if let Some((_, _, text)) = &q.answer {
        out.push_str("\nTexte de la réponse\n\n");
        out.push_str(text);
        out.push('\n');
    }
    out.push('\n');
}

/// Whether [`classic_page`] writes the question back faithfully: a classic page has no
/// escaping, so a ministry or rubric label that itself holds `>` or `:` (as in
/// `Analyse > …`) would read as a further labelled field, a parenthesis in the author's
/// name, group or place would end the affiliation early, and a text with a line that
/// opens a page (`Question …`, `… législature`) as a further question.
#[must_use]
pub fn fits_classic_page(q: &crate::model::Question) -> bool {
    let plain = |s: &str| !s.contains(['>', ':']);
    let body = |s: &str| {
        s.lines().all(|line| {
            let line = crate::text::fold(line.trim());
            !line.starts_with("question") && !line.ends_with("legislature")
        })
    };
    let answer_text = q.answer.as_ref().and_then(|a| a.text.as_deref());
    q.ministry_questioned
        .as_ref()
        .is_none_or(|m| plain(&m.label))
        && q.ministry_assigned.as_ref().is_none_or(|m| plain(&m.label))
        && q.rubric.as_deref().is_none_or(plain)
        && q.analysis_heading.as_deref().is_none_or(plain)
        && q.analyses.iter().all(|a| plain(a))
        && q.author.as_ref().is_none_or(|a| {
            let bare = |s: &str| plain(s) && !s.contains(['(', ')']);
            bare(&a.name)
                && a.group.as_ref().is_none_or(|g| bare(&g.label))
                && a.constituency.as_ref().is_none_or(|c| bare(&c.label))
        })
        && q.text.as_deref().is_none_or(body)
        && answer_text.is_none_or(body)
}

/// Writes any question of the model as classic page text: what a person copying the
/// Assembly's page for it would get (the fields the page shows, in its layout).
#[must_use]
pub fn classic_page(q: &crate::model::Question) -> String {
    use crate::model::{ClosureKind, QuestionKind};
    let d = |date: NaiveDate| date.format("%d/%m/%Y").to_string();
    let jo = |label: &str, r: &crate::model::JoRef| match r.page {
        Some(page) => format!("{label} : {} page : {page}", d(r.date)),
        None => format!("{label} : {}", d(r.date)),
    };
    let mut out = format!(
        "{}ème législature\n\nQuestion N° : {}",
        q.id.legislature, q.id.number
    );
    if let Some(a) = &q.author {
        let civility = a.civility.as_deref().unwrap_or("M.");
        let _ = write!(out, "\tDe {civility} {}", a.name);
        let group = a.group.as_ref().map(|g| g.label.as_str());
        let place = a.constituency.as_ref().map(|c| c.label.as_str());
        match (group, place) {
            (Some(g), Some(p)) => {
                let _ = write!(out, " ({g} - {p})");
            }
            (Some(g), None) => {
                let _ = write!(out, " ({g})");
            }
            (None, Some(p)) => {
                let _ = write!(out, " ( - {p})");
            }
            (None, None) => {}
        }
    }
    let kind = match q.id.kind {
        QuestionKind::Written => "QE",
        QuestionKind::Oral => "QOSD",
        QuestionKind::Government => "QG",
    };
    let _ = writeln!(out, "\t{}", kind_label(kind));
    let mut line = Vec::new();
    if let Some(m) = &q.ministry_questioned {
        line.push(format!("Ministère interrogé > {}", m.label));
    }
    if let Some(m) = &q.ministry_assigned {
        line.push(format!("Ministère attributaire > {}", m.label));
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{}", line.join("\t\t"));
    }
    let mut line = Vec::new();
    if let Some(r) = &q.rubric {
        line.push(format!("Rubrique >{r}"));
    }
    if let Some(h) = &q.analysis_heading {
        line.push(format!("Tête d'analyse >{h}"));
    }
    if !q.analyses.is_empty() {
        line.push(format!("Analyse > {}", q.analyses.join(". ")));
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{}", line.join("\t"));
    }
    let mut line = Vec::new();
    if let Some(p) = &q.published {
        line.push(jo("Question publiée au JO le", p));
    }
    if let Some(p) = q.answer.as_ref().and_then(|a| a.published.as_ref()) {
        line.push(jo("Réponse publiée au JO le", p));
    }
    for date in &q.attribution_changes {
        line.push(format!("Date de changement d'attribution : {}", d(*date)));
    }
    if let Some(c) = &q.closure {
        if c.kind != ClosureKind::AnswerPublished {
            if let Some(date) = c.date {
                let reason = c
                    .reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                line.push(format!("Question retirée le : {}{reason}", d(date)));
            }
        }
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{}", line.join("\t"));
    }
    if let Some(text) = &q.text {
        out.push_str("\nTexte de la question\n\n");
        out.push_str(&text.replace('\n', "\n\n"));
        out.push('\n');
    }
    if let Some(text) = q.answer.as_ref().and_then(|a| a.text.as_ref()) {
        out.push_str("\nTexte de la réponse\n\n");
        out.push_str(&text.replace('\n', "\n\n"));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Writes a question as an open-data JSON object (`{"uid": …}`).
#[must_use]
pub fn json_value(q: &Generated) -> serde_json::Value {
    use serde_json::json;
    let jo = |date: NaiveDate, page: Option<u32>, kind: &str| json!({"typeJO": kind, "dateJO": date.to_string(), "pageJO": page.map(|p| p.to_string()), "numJO": null});
    let typ = if q.kind == "QG" {
        "JO_DEBAT"
    } else {
        "JO_QUESTION"
    };
    let html = |t: &str| {
        t.split('\n')
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    };
    let mut attribs = vec![
        json!({"infoJO": jo(q.published.0, Some(q.published.1), typ), "denomination": {"abrege": q.ministry_questioned.0, "developpe": q.ministry_questioned.1}}),
    ];
    if let Some(d) = q.attribution_changed {
        attribs.push(json!({"infoJO": jo(d, None, typ), "denomination": {"abrege": q.ministry_assigned.0, "developpe": q.ministry_assigned.1}}));
    }
    let cloture = match (&q.answer, q.withdrawn) {
        (Some((d, p, _)), _) => {
            json!({"codeCloture": "REP_PUB", "libelleCloture": "Réponse publiée", "dateCloture": d.to_string(), "infoJO": jo(*d, Some(*p), typ)})
        }
        (None, Some(d)) => {
            json!({"codeCloture": "RET", "libelleCloture": "Retirée (fin de mandat)", "dateCloture": d.to_string(), "infoJO": null})
        }
        (None, None) => serde_json::Value::Null,
    };
    json!({
        "uid": format!("QANR5L{}{}{}", q.legislature, q.kind, q.number),
        "identifiant": {"numero": q.number.to_string(), "regime": "5eme Republique", "legislature": q.legislature.to_string()},
        "type": q.kind,
        "indexationAN": {"rubrique": q.rubric, "teteAnalyse": q.heading, "analyses": {"analyse": format!("{}.", q.heading)}},
        "auteur": {"identite": {"acteurRef": q.deputy.pa, "mandatRef": null}, "groupe": {"organeRef": if q.group.1.is_empty() { serde_json::Value::Null } else { json!(q.group.1) }, "abrege": null, "developpe": q.group.0}},
        "minInt": {"abrege": q.ministry_questioned.0, "developpe": q.ministry_questioned.1},
        "minAttribs": {"minAttrib": attribs},
        "textesQuestion": if q.text.is_empty() { serde_json::Value::Null } else { json!({"texteQuestion": {"infoJO": jo(q.published.0, Some(q.published.1), typ), "texte": html(&q.text), "erratum": null}}) },
        "textesReponse": match &q.answer {
            Some((d, p, t)) => json!({"texteReponse": {"infoJO": jo(*d, Some(*p), typ), "texte": html(t), "erratum": null}}),
            None => serde_json::Value::Null,
        },
        "cloture": cloture,
        "signalement": null,
        "renouvellements": null,
    })
}

/// Writes an open-data JSON value in the XML form the Assembly publishes beside it: the
/// element `name` in the open data's namespace, keys as elements, `@…` keys as
/// attributes, `#text` as text, arrays as repeated elements, `null` as `xsi:nil="true"`.
pub fn write_open_data_xml(name: &str, value: &serde_json::Value, out: &mut String) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_xml_element(name, value, true, out);
    out.push('\n');
}

fn write_xml_element(name: &str, value: &serde_json::Value, root: bool, out: &mut String) {
    use serde_json::Value;
    if let Value::Array(items) = value {
        for item in items {
            write_xml_element(name, item, root, out);
        }
        return;
    }
    out.push('<');
    out.push_str(name);
    if root {
        out.push_str(" xmlns=\"http://schemas.assemblee-nationale.fr/referentiel\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
    }
    match value {
        Value::Null => out.push_str(" xsi:nil=\"true\"/>"),
        Value::Object(map) => {
            for (key, v) in map {
                if let (Some(attribute), Some(text)) = (key.strip_prefix('@'), v.as_str()) {
                    if !(root && attribute.starts_with("xmlns")) {
                        out.push_str(&format!(" {attribute}=\"{}\"", xml_escape(text)));
                    }
                }
            }
            out.push('>');
            for (key, v) in map {
                if key == "#text" {
                    out.push_str(&xml_escape(v.as_str().unwrap_or_default()));
                } else if !key.starts_with('@') {
                    write_xml_element(key, v, false, out);
                }
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(text) => out.push_str(&format!(">{}</{name}>", xml_escape(text))),
        other => out.push_str(&format!(">{other}</{name}>")),
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let render = |seed| {
            let mut g = CorpusGenerator::new(seed);
            let mut out = String::new();
            for _ in 0..50 {
                write_text(&g.next_question(), &mut out);
            }
            out
        };
        assert_eq!(render(7), render(7));
        assert_ne!(render(7), render(8));
    }

    #[test]
    fn generated_text_and_json_read_back_as_questions() {
        let mut g = CorpusGenerator::new(1);
        let mut text = String::new();
        let mut json = Vec::new();
        for _ in 0..200 {
            let q = g.next_question();
            write_text(&q, &mut text);
            json.push(json_value(&q));
        }
        let parser = crate::parse::QuestionParser::new();
        let ctx = crate::parse::DocumentContext::default();
        let out = parser.parse_bytes(text.as_bytes(), &ctx);
        assert_eq!(
            out.records.iter().filter(|r| r.is_ok()).count(),
            200,
            "{:?}",
            out.records.iter().find(|r| r.is_err())
        );
        let dump = serde_json::json!({"questions": {"question": json}}).to_string();
        let out = parser.parse_bytes(dump.as_bytes(), &ctx);
        assert_eq!(out.records.iter().filter(|r| r.is_ok()).count(), 200);
    }
}
