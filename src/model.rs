//! The question model: plain data shared by every reader and by the RDF mapping.
//!
//! Nothing here knows about text layouts, JSON, XML or RDF. Every reader (page text, saved
//! HTML, open-data JSON, legacy XML) produces [`Question`] values, and the mapping in
//! [`crate::rdf`] turns them into triples. Dates are calendar dates ([`NaiveDate`]); offsets
//! in [`Mention`] count Unicode scalar values (characters), from 0.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The three kinds of parliamentary questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum QuestionKind {
    /// Question écrite (written question), code `QE`.
    #[serde(rename = "QE")]
    Written,
    /// Question orale sans débat (oral question without debate), code `QOSD`.
    #[serde(rename = "QOSD")]
    Oral,
    /// Question au gouvernement (question to the government), code `QG`.
    #[serde(rename = "QG")]
    Government,
}

impl QuestionKind {
    /// All kinds, in code order.
    pub const ALL: [QuestionKind; 3] = [Self::Written, Self::Oral, Self::Government];

    /// The Assembly's code: `QE`, `QOSD` or `QG`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::Written => "QE",
            Self::Oral => "QOSD",
            Self::Government => "QG",
        }
    }

    /// The French label, as the pages write it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Written => "Question écrite",
            Self::Oral => "Question orale sans débat",
            Self::Government => "Question au gouvernement",
        }
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for QuestionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "QE" => Ok(Self::Written),
            "QOSD" | "QO" => Ok(Self::Oral),
            "QG" => Ok(Self::Government),
            _ => Err(format!(
                "unknown question type {s:?} (expected QE, QOSD or QG)"
            )),
        }
    }
}

/// The identity of a question: legislature, kind and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QuestionId {
    /// Legislature of the Fifth Republic (1–17…).
    pub legislature: u16,
    /// Kind of question.
    pub kind: QuestionKind,
    /// Number within the legislature and kind.
    pub number: u32,
}

impl QuestionId {
    /// The Assembly's uid, e.g. `QANR5L16QE13417`.
    #[must_use]
    pub fn uid(&self) -> String {
        format!(
            "QANR5L{}{}{}",
            self.legislature,
            self.kind.code(),
            self.number
        )
    }

    /// Parses an Assembly uid such as `QANR5L16QE13417`.
    #[must_use]
    pub fn from_uid(uid: &str) -> Option<Self> {
        let rest = uid.trim().strip_prefix("QANR5L")?;
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let legislature = rest[..digits].parse().ok()?;
        let rest = &rest[digits..];
        let (kind, number) = [
            ("QOSD", QuestionKind::Oral),
            ("QE", QuestionKind::Written),
            ("QG", QuestionKind::Government),
        ]
        .iter()
        .find_map(|(code, kind)| rest.strip_prefix(code).map(|n| (*kind, n)))?;
        let number = number.parse().ok()?;
        Some(Self {
            legislature,
            kind,
            number,
        })
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{}{}",
            self.legislature,
            self.number,
            self.kind.code()
        )
    }
}

/// A publication in the Journal officiel: a date and, when known, a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoRef {
    /// Date of the issue.
    pub date: NaiveDate,
    /// First page, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl JoRef {
    /// A reference with a date and no page.
    #[must_use]
    pub const fn on(date: NaiveDate) -> Self {
        Self { date, page: None }
    }
}

/// The parliamentary group of the author at the time of the question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Full label, e.g. `Socialistes et apparentés`.
    pub label: String,
    /// Short label of the open data, e.g. `SOC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_label: Option<String>,
    /// The Assembly's organ id, e.g. `PO800496`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// The constituency (department, region or abroad) the author was elected in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constituency {
    /// Label as given, e.g. `Essonne` or `Français établis hors de France`.
    pub label: String,
    /// Department code when resolvable: `91`, `2A`, `971`, `099` (abroad).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_code: Option<String>,
    /// Number of the constituency within the department, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u16>,
    /// Region, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The deputy who asked the question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// Civility as written: `M.` or `Mme`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civility: Option<String>,
    /// Display name, given name first: `Jérôme Guedj`.
    pub name: String,
    /// Given name, when the source separates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name, when the source separates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// The Assembly's actor id, e.g. `PA720614`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The Assembly's mandate id, e.g. `PM797055`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandate_id: Option<String>,
    /// NosDéputés slug, when the reference tables know it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nosdeputes_slug: Option<String>,
    /// Wikidata item, e.g. `Q30385935`, when the reference tables know it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// Title of the deputy's French Wikipedia article (`Jérôme_Guedj`), when the
    /// reference tables know it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikipedia: Option<String>,
    /// Parliamentary group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    /// Constituency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constituency: Option<Constituency>,
}

/// A ministry (questioned or assigned).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ministry {
    /// Short label, as the pages write it: `Intérieur et outre-mer`.
    pub label: String,
    /// Long label of the open data: `Ministère de l'intérieur et des outre-mer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_label: Option<String>,
    /// The Assembly's organ id, e.g. `PO800384`, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Ministry {
    /// A ministry known only by its label.
    #[must_use]
    pub fn labelled(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            ..Self::default()
        }
    }
}

/// One step of the history of attributions: the ministry in charge from a date on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The ministry the question was attributed to.
    pub ministry: Ministry,
    /// Date of the attribution (publication in the JO), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// The published answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Publication in the Journal officiel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<JoRef>,
    /// Plain text, paragraphs separated by `\n`; a debate transcript for oral questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Bodies cited in the answer text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Mention>,
}

/// How a question was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClosureKind {
    /// The answer was published (`REP_PUB`).
    AnswerPublished,
    /// The question was withdrawn (end of mandate, by its author…).
    Withdrawn,
    /// The question lapsed (end of the legislature).
    Lapsed,
    /// A closure the tool does not know; the code is kept in [`Closure::code`].
    Other,
}

impl ClosureKind {
    /// Slug of the concept in the closure-kind scheme.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Self::AnswerPublished => "reponse-publiee",
            Self::Withdrawn => "retiree",
            Self::Lapsed => "caduque",
            Self::Other => "autre",
        }
    }

    /// Classifies an open-data closure code and label (`REP_PUB`, `Réponse publiée`…).
    #[must_use]
    pub fn classify(code: &str, label: &str) -> Self {
        let code = code.trim().to_ascii_uppercase();
        let label = crate::text::fold(label);
        if code.starts_with("REP") || label.contains("reponse publiee") {
            Self::AnswerPublished
        } else if code.starts_with("RET")
            || label.contains("retir")
            || label.contains("retrait")
            || label.contains("fin de mandat")
        {
            Self::Withdrawn
        } else if code.starts_with("CAD") || label.contains("caduc") {
            Self::Lapsed
        } else {
            Self::Other
        }
    }
}

/// The end of the procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    /// Kind of closure.
    pub kind: ClosureKind,
    /// Date of closure, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Reason as written, lowercase: `fin de mandat`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The open-data code, e.g. `REP_PUB`, when the source gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The open-data label, e.g. `Réponse publiée`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Journal officiel reference of the closure, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<JoRef>,
}

/// What an erratum corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErratumTarget {
    /// The question text.
    Question,
    /// The answer text.
    Answer,
}

/// An erratum published in the Journal officiel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erratum {
    /// What it corrects.
    pub target: ErratumTarget,
    /// Where it was published.
    pub published: JoRef,
    /// Its text, when the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Category of a cited body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityCategory {
    /// Independent administrative or public authority (CNIL, Arcom…).
    IndependentAuthority,
    /// Court, council or jurisdiction (Cour des comptes, Conseil d'État…).
    Court,
    /// State agency or public establishment (Agence Bio, ARS…).
    Agency,
    /// Public or state-owned company (SNCF, EDF…).
    PublicCompany,
    /// Social-security body (CNAF, URSSAF…).
    SocialSecurity,
    /// European Union institution or body.
    European,
    /// International organisation.
    International,
    /// Company.
    Company,
    /// Newspaper, media outlet.
    Media,
    /// Association or NGO.
    Association,
    /// Trade union or employers' organisation.
    Union,
    /// Foundation.
    Foundation,
    /// Any other body.
    Other,
}

impl EntityCategory {
    /// Every category, in vocabulary order.
    pub const ALL: [EntityCategory; 13] = [
        Self::IndependentAuthority,
        Self::Court,
        Self::Agency,
        Self::PublicCompany,
        Self::SocialSecurity,
        Self::European,
        Self::International,
        Self::Company,
        Self::Media,
        Self::Association,
        Self::Union,
        Self::Foundation,
        Self::Other,
    ];

    /// Slug of the concept in the entity-category scheme.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Self::IndependentAuthority => "autorite-independante",
            Self::Court => "juridiction-conseil",
            Self::Agency => "agence-etablissement-public",
            Self::PublicCompany => "entreprise-publique",
            Self::SocialSecurity => "securite-sociale",
            Self::European => "union-europeenne",
            Self::International => "organisation-internationale",
            Self::Company => "entreprise",
            Self::Media => "media",
            Self::Association => "association",
            Self::Union => "syndicat",
            Self::Foundation => "fondation",
            Self::Other => "autre",
        }
    }

    /// Parses a slug written by [`EntityCategory::slug`].
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// French label of the concept.
    #[must_use]
    pub const fn label_fr(self) -> &'static str {
        match self {
            Self::IndependentAuthority => "autorité administrative ou publique indépendante",
            Self::Court => "juridiction ou conseil",
            Self::Agency => "agence ou établissement public",
            Self::PublicCompany => "entreprise publique",
            Self::SocialSecurity => "organisme de sécurité sociale",
            Self::European => "institution ou organe de l'Union européenne",
            Self::International => "organisation internationale",
            Self::Company => "entreprise",
            Self::Media => "média",
            Self::Association => "association ou ONG",
            Self::Union => "syndicat ou organisation professionnelle",
            Self::Foundation => "fondation",
            Self::Other => "autre organisme",
        }
    }

    /// English label of the concept.
    #[must_use]
    pub const fn label_en(self) -> &'static str {
        match self {
            Self::IndependentAuthority => "independent authority",
            Self::Court => "court or council",
            Self::Agency => "agency or public establishment",
            Self::PublicCompany => "public company",
            Self::SocialSecurity => "social-security body",
            Self::European => "European Union body",
            Self::International => "international organisation",
            Self::Company => "company",
            Self::Media => "media outlet",
            Self::Association => "association or NGO",
            Self::Union => "trade union or professional organisation",
            Self::Foundation => "foundation",
            Self::Other => "other body",
        }
    }
}

/// A body cited in a text (an entity).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entity {
    /// Stable key, used in the IRI `{base}entite/{key}`.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Acronyms and other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alt_names: Vec<String>,
    /// Category.
    pub category: EntityCategory,
    /// Wikidata item, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
}

/// One occurrence of a cited body in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The body.
    pub entity: Entity,
    /// The text as it appears.
    pub surface: String,
    /// Start offset in characters, from 0.
    pub start: usize,
    /// End offset in characters (exclusive).
    pub end: usize,
}

/// The format a question was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceFormat {
    /// Text copied from a classic question page (1997–2024 design).
    ClassicText,
    /// Text copied from a current-design question page.
    CurrentText,
    /// A saved HTML page (either design).
    Html,
    /// Official open-data JSON.
    OpenDataJson,
    /// The XML form of the official open data (the same documents as the JSON).
    OpenDataXml,
    /// Legacy per-question XML.
    LegacyXml,
}

impl SourceFormat {
    /// Slug used in provenance IRIs and in JSON output.
    #[must_use]
    pub const fn slug(self) -> &'static str {
        match self {
            Self::ClassicText => "classic-text",
            Self::CurrentText => "current-text",
            Self::Html => "html",
            Self::OpenDataJson => "open-data-json",
            Self::OpenDataXml => "open-data-xml",
            Self::LegacyXml => "legacy-xml",
        }
    }

    /// Media type of the source.
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::ClassicText | Self::CurrentText => "text/plain",
            Self::Html => "text/html",
            Self::OpenDataJson => "application/json",
            Self::OpenDataXml | Self::LegacyXml => "application/xml",
        }
    }
}

/// Reference data that linking used: the tables compiled into qe2rdf, or AMO files given
/// with `--actors`. The data records which, and of when, for each question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceSnapshot {
    /// What it is: `amo`, the Assembly's actors, mandates and organs.
    pub source: String,
    /// Its date: the snapshot's; for AMO files given by the user, the newest date they
    /// hold.
    pub date: NaiveDate,
    /// `compiled` for the tables in qe2rdf, else the name of the file or folder given.
    pub origin: String,
}

impl ReferenceSnapshot {
    /// The snapshot of the tables compiled into qe2rdf.
    pub const COMPILED: &'static str = "compiled";
}

/// Where a question was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// Format of the input.
    pub format: SourceFormat,
    /// Path of the file relative to the input named on the command line (the file's own
    /// name when the input is the file; `-` for standard input): never a path of the
    /// machine that read it.
    pub path: String,
    /// Member of a zip archive, when the file is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// Line where the question starts, from 1.
    pub line: usize,
    /// SHA-256 of the document read (the zip member's own bytes), lower-case hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// A label the reader did not know, kept with its value so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraField {
    /// The label as written.
    pub label: String,
    /// The value as written.
    pub value: String,
}

/// A parliamentary question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Legislature, kind and number.
    pub id: QuestionId,
    /// Title, when the page gives one (current design, questions au gouvernement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The deputy who asked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Author>,
    /// The ministry the question was addressed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ministry_questioned: Option<Ministry>,
    /// The ministry in charge of answering (last attribution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ministry_assigned: Option<Ministry>,
    /// History of attributions, oldest first, when the source gives it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributions: Vec<Attribution>,
    /// Dates of changes of attribution.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribution_changes: Vec<NaiveDate>,
    /// Rubric (`droits fondamentaux`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric: Option<String>,
    /// Analysis heading (`tête d'analyse`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis_heading: Option<String>,
    /// Analyses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub analyses: Vec<String>,
    /// Publication of the question in the Journal officiel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<JoRef>,
    /// Dates the question was signalled (`signalement`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signalled: Vec<NaiveDate>,
    /// Dates the question was renewed (`renouvellement`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renewed: Vec<NaiveDate>,
    /// The answer, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// End of the procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<Closure>,
    /// Errata.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errata: Vec<Erratum>,
    /// Plain text of the question, paragraphs separated by `\n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Bodies cited in the question text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Mention>,
    /// Labels the reader did not know.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<ExtraField>,
    /// Where it came from.
    pub source: Source,
}

impl Question {
    /// A question with only its identity and source; readers fill in the rest.
    #[must_use]
    pub fn new(id: QuestionId, source: Source) -> Self {
        Self {
            id,
            title: None,
            author: None,
            ministry_questioned: None,
            ministry_assigned: None,
            attributions: Vec::new(),
            attribution_changes: Vec::new(),
            rubric: None,
            analysis_heading: None,
            analyses: Vec::new(),
            published: None,
            signalled: Vec::new(),
            renewed: Vec::new(),
            answer: None,
            closure: None,
            errata: Vec::new(),
            text: None,
            mentions: Vec::new(),
            extra: Vec::new(),
            source,
        }
    }

    /// The Assembly's uid, e.g. `QANR5L16QE13417`.
    #[must_use]
    pub fn uid(&self) -> String {
        self.id.uid()
    }

    /// Fills in what every reader derives the same way, so that the same question read from
    /// page text, JSON or XML ends up with the same facts: the closure of an answered
    /// question, and the assigned ministry from the attribution history.
    pub fn complete(&mut self) {
        if self.ministry_assigned.is_none() {
            if let Some(last) = self.attributions.last() {
                self.ministry_assigned = Some(last.ministry.clone());
            }
        }
        if self.closure.is_none() {
            if let Some(published) = self.answer.as_ref().and_then(|a| a.published) {
                self.closure = Some(Closure {
                    kind: ClosureKind::AnswerPublished,
                    date: Some(published.date),
                    reason: None,
                    code: None,
                    label: None,
                    published: None,
                });
            }
        }
        self.attribution_changes.sort_unstable();
        self.attribution_changes.dedup();
        self.signalled.sort_unstable();
        self.signalled.dedup();
        self.renewed.sort_unstable();
        self.renewed.dedup();
    }
}

/// Normalises a department code as written by the sources: `1` → `01`, `2a` → `2A`,
/// `999`/`99` (NosDéputés' abroad) → `099`.
#[must_use]
pub fn normalize_department_code(code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    match code.as_str() {
        "999" | "99" | "ZZ" => "099".to_owned(),
        c if c.len() == 1 && c.bytes().all(|b| b.is_ascii_digit()) => format!("0{c}"),
        c => c.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_round_trips_for_every_kind() {
        for kind in QuestionKind::ALL {
            let id = QuestionId {
                legislature: 16,
                kind,
                number: 13417,
            };
            assert_eq!(QuestionId::from_uid(&id.uid()), Some(id));
        }
        assert_eq!(
            QuestionId {
                legislature: 16,
                kind: QuestionKind::Written,
                number: 13417
            }
            .uid(),
            "QANR5L16QE13417"
        );
    }

    #[test]
    fn from_uid_rejects_malformed_uids() {
        for bad in [
            "",
            "QANR5L",
            "QANR5L16",
            "QANR5L16QX1",
            "QANR5L16QE",
            "QANR5LxxQE1",
            "QANR5L16QE1a",
        ] {
            assert_eq!(QuestionId::from_uid(bad), None, "{bad}");
        }
    }

    #[test]
    fn closure_codes_are_classified() {
        assert_eq!(
            ClosureKind::classify("REP_PUB", "Réponse publiée"),
            ClosureKind::AnswerPublished
        );
        assert_eq!(
            ClosureKind::classify("RET", "Retirée"),
            ClosureKind::Withdrawn
        );
        assert_eq!(
            ClosureKind::classify("", "Fin de mandat"),
            ClosureKind::Withdrawn
        );
        assert_eq!(ClosureKind::classify("CAD", "Caduque"), ClosureKind::Lapsed);
        assert_eq!(ClosureKind::classify("XYZ", "?"), ClosureKind::Other);
    }

    #[test]
    fn complete_derives_closure_from_answer() {
        let id = QuestionId {
            legislature: 14,
            kind: QuestionKind::Written,
            number: 1,
        };
        let source = Source {
            format: SourceFormat::ClassicText,
            path: "-".into(),
            member: None,
            line: 1,
            sha256: None,
        };
        let mut q = Question::new(id, source);
        let date = NaiveDate::from_ymd_opt(2013, 2, 5).expect("valid date");
        q.answer = Some(Answer {
            published: Some(JoRef {
                date,
                page: Some(1324),
            }),
            ..Answer::default()
        });
        q.complete();
        let closure = q.closure.expect("closure derived");
        assert_eq!(closure.kind, ClosureKind::AnswerPublished);
        assert_eq!(closure.date, Some(date));
    }
}
