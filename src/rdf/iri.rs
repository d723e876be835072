//! The only place that mints IRIs. Every IRI is built from content only (deterministic),
//! from slugs and ids that cannot break it, and validated with iri-string before use.

use chrono::NaiveDate;
use iri_string::types::IriStr;
use oxigraph::model::NamedNode;

use super::vocab::VOCAB;
use crate::model::{ClosureKind, EntityCategory, ErratumTarget, QuestionId, SourceFormat};
use crate::text::slug;

/// The default base of instance IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/qe2rdf/id/";

/// Errors of the minter.
#[derive(Debug, thiserror::Error)]
pub enum IriError {
    /// The base is not an absolute IRI ending with `/` or `#`.
    #[error("invalid base IRI {base:?}: {reason}")]
    InvalidBase {
        /// The base as given.
        base: String,
        /// Why it was refused.
        reason: String,
    },
    /// A minted IRI failed validation (a bug: every component is sanitised).
    #[error("minted an invalid IRI {iri:?}")]
    Invalid {
        /// The IRI.
        iri: String,
    },
}

/// Mints the IRIs of instances under a base, and of the controlled vocabularies.
#[derive(Debug, Clone)]
pub struct IriMinter {
    base: String,
}

impl Default for IriMinter {
    fn default() -> Self {
        Self {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

/// Whether `s` is an Assembly id with the given prefix (`PA720614`, `PO800520`).
#[must_use]
pub fn is_an_id(s: &str, prefix: &str) -> bool {
    s.len() > prefix.len()
        && s.starts_with(prefix)
        && s[prefix.len()..].bytes().all(|b| b.is_ascii_digit())
}

/// A department code as IRIs use it: digits, `2A`/`2B`, or `099` (abroad).
fn is_department_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 3
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'A' || b == b'B')
}

impl IriMinter {
    /// A minter for `base`, which must be an absolute IRI ending with `/` or `#`.
    pub fn new(base: &str) -> Result<Self, IriError> {
        let invalid = |reason: &str| IriError::InvalidBase {
            base: base.to_owned(),
            reason: reason.to_owned(),
        };
        IriStr::new(base).map_err(|e| invalid(&e.to_string()))?;
        if !base.ends_with('/') && !base.ends_with('#') {
            return Err(invalid("it must end with '/' or '#'"));
        }
        NamedNode::new(base).map_err(|e| invalid(&e.to_string()))?;
        Ok(Self {
            base: base.to_owned(),
        })
    }

    /// The base.
    #[must_use]
    pub fn base(&self) -> &str {
        &self.base
    }

    fn mint(&self, iri: String) -> NamedNode {
        debug_assert!(IriStr::new(&iri).is_ok(), "invalid minted IRI {iri}");
        if !self.plainly_valid(&iri) && IriStr::new(&iri).is_err() {
            // Unreachable with sanitised components; keep the data rather than panic.
            return NamedNode::new_unchecked(format!("{}invalid/{}", self.base, slug(&iri)));
        }
        NamedNode::new_unchecked(iri)
    }

    /// Whether `iri` is valid by its shape alone, without parsing it: the base, or an
    /// `https://` authority of lower-case letters, digits, dots and hyphens then `/`,
    /// followed by unreserved characters and slashes only (what slugs, codes and numbers
    /// give). Anything else is parsed.
    fn plainly_valid(&self, iri: &str) -> bool {
        let rest = if let Some(rest) = iri.strip_prefix(self.base.as_str()) {
            rest
        } else {
            let Some((host, path)) = iri
                .strip_prefix("https://")
                .and_then(|after| after.split_once('/'))
            else {
                return false;
            };
            let host_byte =
                |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-';
            if host.is_empty() || !host.bytes().all(host_byte) {
                return false;
            }
            path
        };
        rest.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/'))
    }

    fn local(&self, path: &str) -> NamedNode {
        self.mint(format!("{}{path}", self.base))
    }

    /// `{base}question/{leg}/{kind}/{num}`.
    #[must_use]
    pub fn question(&self, id: &QuestionId) -> NamedNode {
        self.local(&format!(
            "question/{}/{}/{}",
            id.legislature,
            id.kind.code(),
            id.number
        ))
    }

    /// `{question}/{suffix}` for nodes that belong to one question (answer, mentions…);
    /// `suffix` is made of slugs and numbers.
    #[must_use]
    pub fn question_part(&self, id: &QuestionId, suffix: &str) -> NamedNode {
        let parts: Vec<String> = suffix
            .split('/')
            .map(|p| {
                if p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') && !p.is_empty() {
                    p.to_owned()
                } else {
                    slug(p)
                }
            })
            .collect();
        self.local(&format!(
            "question/{}/{}/{}/{}",
            id.legislature,
            id.kind.code(),
            id.number,
            parts.join("/")
        ))
    }

    /// `{question}/reponse`.
    #[must_use]
    pub fn answer(&self, id: &QuestionId) -> NamedNode {
        self.question_part(id, "reponse")
    }

    /// The named graph of a question: `{base}graph/question/{leg}/{kind}/{num}`.
    #[must_use]
    pub fn question_graph(&self, id: &QuestionId) -> NamedNode {
        self.local(&format!(
            "graph/question/{}/{}/{}",
            id.legislature,
            id.kind.code(),
            id.number
        ))
    }

    /// The graph of the change log that `qe2rdf sync` keeps: `{base}changes`.
    #[must_use]
    pub fn changes_graph(&self) -> NamedNode {
        self.local("changes")
    }

    /// One change of the log: `{base}changes/{sync time}/{uid}` (the time written
    /// `20261204T115000Z`).
    #[must_use]
    pub fn change(&self, stamp: &str, id: &QuestionId) -> NamedNode {
        self.local(&format!("changes/{stamp}/{}", id.uid()))
    }

    /// The graph of shared descriptions: `{base}graph/reference`.
    #[must_use]
    pub fn reference_graph(&self) -> NamedNode {
        self.local("graph/reference")
    }

    /// `{base}legislature/{leg}`.
    #[must_use]
    pub fn legislature(&self, legislature: u16) -> NamedNode {
        self.local(&format!("legislature/{legislature}"))
    }

    /// `{base}acteur/PA…` when the AN id is known, else `{base}depute/{slug}`.
    #[must_use]
    pub fn deputy(&self, an_id: Option<&str>, name: &str) -> NamedNode {
        match an_id.filter(|id| is_an_id(id, "PA")) {
            Some(id) => self.local(&format!("acteur/{id}")),
            None => self.local(&format!("depute/{}", slug(name))),
        }
    }

    /// `{base}organe/PO…` when known, else `{base}groupe/{leg}/{slug}`.
    #[must_use]
    pub fn group(&self, po_id: Option<&str>, legislature: u16, label: &str) -> NamedNode {
        match po_id.filter(|id| is_an_id(id, "PO")) {
            Some(id) => self.local(&format!("organe/{id}")),
            None => self.local(&format!("groupe/{legislature}/{}", slug(label))),
        }
    }

    /// `{base}organe/PO…` when known, else `{base}ministere/{slug}`.
    #[must_use]
    pub fn ministry(&self, po_id: Option<&str>, label: &str) -> NamedNode {
        match po_id.filter(|id| is_an_id(id, "PO")) {
            Some(id) => self.local(&format!("organe/{id}")),
            None => self.local(&format!("ministere/{}", slug(label))),
        }
    }

    /// `{base}departement/{code}` when resolvable, else `{base}circonscription/{slug}`.
    #[must_use]
    pub fn constituency(&self, department_code: Option<&str>, label: &str) -> NamedNode {
        match department_code.filter(|c| is_department_code(c)) {
            Some(code) => self.local(&format!("departement/{code}")),
            None => self.local(&format!("circonscription/{}", slug(label))),
        }
    }

    /// `{base}rubrique/{slug}`.
    #[must_use]
    pub fn rubric(&self, label: &str) -> NamedNode {
        self.local(&format!("rubrique/{}", slug(label)))
    }

    /// The scheme of rubrics: `{base}rubrique`.
    #[must_use]
    pub fn rubric_scheme(&self) -> NamedNode {
        self.local("rubrique")
    }

    /// `{base}entite/{key}` (the key is a slug).
    #[must_use]
    pub fn entity(&self, key: &str) -> NamedNode {
        self.local(&format!("entite/{}", slug(key)))
    }

    /// A dataset description: `{base}dataset/{slug}`.
    #[must_use]
    pub fn dataset(&self, name: &str) -> NamedNode {
        self.local(&format!("dataset/{}", slug(name)))
    }

    /// A snapshot of reference data: `{base}reference/amo/2026-01-29` for the tables compiled
    /// in, `{base}reference/amo/2026-03-02/{file}` for files given by the user.
    #[must_use]
    pub fn reference(&self, snapshot: &crate::model::ReferenceSnapshot) -> NamedNode {
        let mut path = format!("reference/{}/{}", slug(&snapshot.source), snapshot.date);
        if snapshot.origin != crate::model::ReferenceSnapshot::COMPILED {
            path.push('/');
            path.push_str(&slug(&snapshot.origin));
        }
        self.local(&path)
    }

    /// The tool as a PROV software agent, by version.
    #[must_use]
    pub fn tool(&self) -> NamedNode {
        self.mint(format!(
            "https://w3id.org/qe2rdf/tool/{}",
            env!("CARGO_PKG_VERSION")
        ))
    }

    /// A concept of the controlled vocabularies: `{vocab}{scheme}/{slug}`.
    #[must_use]
    pub fn concept(&self, scheme: &str, value: &str) -> NamedNode {
        self.mint(format!("{VOCAB}{scheme}/{}", slug(value)))
    }

    /// A concept scheme of the controlled vocabularies: `{vocab}{scheme}`.
    #[must_use]
    pub fn scheme(&self, scheme: &str) -> NamedNode {
        self.mint(format!("{VOCAB}{scheme}"))
    }

    /// The question-type concept.
    #[must_use]
    pub fn question_type(&self, id: &QuestionId) -> NamedNode {
        self.mint(format!("{VOCAB}type-question/{}", id.kind.code()))
    }

    /// The closure-kind concept (`{vocab}cloture/retiree`).
    #[must_use]
    pub fn closure_kind(&self, kind: ClosureKind) -> NamedNode {
        self.concept("cloture", kind.slug())
    }

    /// The closure-reason concept (`{vocab}motif-cloture/fin-de-mandat`).
    #[must_use]
    pub fn closure_reason(&self, reason: &str) -> NamedNode {
        self.concept("motif-cloture", reason)
    }

    /// The entity-category concept.
    #[must_use]
    pub fn entity_category(&self, category: EntityCategory) -> NamedNode {
        self.concept("categorie-entite", category.slug())
    }

    /// The procedural-step concept (`{vocab}etape/publication`).
    #[must_use]
    pub fn step_kind(&self, step: &str) -> NamedNode {
        self.concept("etape", step)
    }

    /// The participation-role concept (`{vocab}role/auteur`).
    #[must_use]
    pub fn role(&self, role: &str) -> NamedNode {
        self.concept("role", role)
    }

    /// The erratum-target concept.
    #[must_use]
    pub fn erratum_target(&self, target: ErratumTarget) -> NamedNode {
        self.concept(
            "cible-erratum",
            match target {
                ErratumTarget::Question => "question",
                ErratumTarget::Answer => "reponse",
            },
        )
    }

    /// The source-format concept.
    #[must_use]
    pub fn source_format(&self, format: SourceFormat) -> NamedNode {
        self.concept("format-source", format.slug())
    }

    /// A procedural step of a question: `{question}/etape/{kind}/{yyyy-mm-dd}`.
    #[must_use]
    pub fn step(&self, id: &QuestionId, kind: &str, date: NaiveDate) -> NamedNode {
        self.question_part(
            id,
            &format!("etape/{}/{}", slug(kind), date.format("%Y-%m-%d")),
        )
    }

    /// A Wikidata item (`Q` followed by digits), or `None` when the id is not one.
    #[must_use]
    pub fn wikidata(&self, qid: &str) -> Option<NamedNode> {
        is_an_id(qid, "Q").then(|| self.mint(format!("{}{qid}", super::vocab::WIKIDATA)))
    }

    /// The classic page of a question on questions.assemblee-nationale.fr.
    #[must_use]
    pub fn classic_page(&self, id: &QuestionId) -> NamedNode {
        self.mint(format!(
            "https://questions.assemblee-nationale.fr/q{0}/{0}-{1}{2}.htm",
            id.legislature,
            id.number,
            id.kind.code()
        ))
    }

    /// The current-design page of a question on assemblee-nationale.fr.
    #[must_use]
    pub fn current_page(&self, id: &QuestionId) -> NamedNode {
        self.mint(format!(
            "https://www.assemblee-nationale.fr/dyn/{}/questions/{}",
            id.legislature,
            id.uid()
        ))
    }

    /// A French Wikipedia article from its title (`Jérôme_Guedj`); `None` for a title no
    /// IRI can hold.
    #[must_use]
    pub fn wikipedia_page(&self, title: &str) -> Option<NamedNode> {
        let mut iri = String::from("https://fr.wikipedia.org/wiki/");
        for c in title.chars() {
            match c {
                ' ' => iri.push('_'),
                '%' | '?' | '#' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                    iri.push_str(&format!("%{:02X}", u32::from(c)));
                }
                c if c.is_control() => return None,
                c => iri.push(c),
            }
        }
        NamedNode::new(iri).ok()
    }

    /// A deputy's page on NosDéputés.
    #[must_use]
    pub fn nosdeputes_page(&self, slug_value: &str) -> NamedNode {
        self.mint(format!("https://www.nosdeputes.fr/{}", slug(slug_value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::QuestionKind;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn what_is_taken_as_valid_by_its_shape_is_valid(
            base in "https://[a-z0-9.-]{0,12}/[a-z/#]{0,6}|http://x\\.org/id#|urn:x:",
            iri in "(https://[a-z0-9.:@%-]{0,12}/|https://w3id.org/id/)[A-Za-z0-9._~/%#?:é -]{0,24}",
        ) {
            let base = if base.ends_with(['/', '#']) { base } else { format!("{base}/") };
            if let Ok(m) = IriMinter::new(&base) {
                for iri in [iri.clone(), format!("{base}{iri}"), format!("{base}a/{iri}")] {
                    if m.plainly_valid(&iri) {
                        prop_assert!(IriStr::new(&iri).is_ok(), "{}", iri);
                    }
                }
            }
        }
    }

    #[test]
    fn minted_iris_of_slugs_and_numbers_need_no_parsing() {
        let m = IriMinter::new("https://w3id.org/qe2rdf/id/").expect("base");
        for iri in [
            m.question(&id()),
            m.question_part(&id(), "mention/cnil"),
            m.concept("rubrique", "Droits fondamentaux"),
            m.classic_page(&id()),
            m.nosdeputes_page("marielle-de-sarnez"),
        ] {
            assert!(m.plainly_valid(iri.as_str()), "{iri}");
        }
        for iri in [
            "https://w3id.org/qe2rdf/id/a b",
            "https://Example.org/x",
            "https:///x",
            "http://example.org/x",
            "https://example.org/x?y",
            "https://example.org/%zz",
        ] {
            assert!(!m.plainly_valid(iri), "{iri}");
        }
    }

    fn id() -> QuestionId {
        QuestionId {
            legislature: 16,
            kind: QuestionKind::Written,
            number: 13417,
        }
    }

    #[test]
    fn question_iris_follow_the_design() {
        let m = IriMinter::default();
        assert_eq!(
            m.question(&id()).as_str(),
            "https://w3id.org/qe2rdf/id/question/16/QE/13417"
        );
        assert_eq!(
            m.answer(&id()).as_str(),
            "https://w3id.org/qe2rdf/id/question/16/QE/13417/reponse"
        );
        assert_eq!(
            m.question_graph(&id()).as_str(),
            "https://w3id.org/qe2rdf/id/graph/question/16/QE/13417"
        );
        assert_eq!(
            m.legislature(16).as_str(),
            "https://w3id.org/qe2rdf/id/legislature/16"
        );
    }

    #[test]
    fn labels_are_slugged_and_ids_checked() {
        let m = IriMinter::default();
        assert_eq!(
            m.deputy(Some("PA720614"), "x").as_str(),
            "https://w3id.org/qe2rdf/id/acteur/PA720614"
        );
        assert_eq!(
            m.deputy(Some("PA72 0614"), "Jérôme Guedj").as_str(),
            "https://w3id.org/qe2rdf/id/depute/jerome-guedj"
        );
        assert_eq!(
            m.ministry(None, "Intérieur et outre-mer").as_str(),
            "https://w3id.org/qe2rdf/id/ministere/interieur-et-outre-mer"
        );
        assert_eq!(
            m.group(None, 16, "Les \"<Républicains>\" {x}").as_str(),
            "https://w3id.org/qe2rdf/id/groupe/16/les-republicains-x"
        );
        assert_eq!(
            m.constituency(Some("2A"), "Corse-du-Sud").as_str(),
            "https://w3id.org/qe2rdf/id/departement/2A"
        );
        assert_eq!(
            m.constituency(Some("../x"), "Région").as_str(),
            "https://w3id.org/qe2rdf/id/circonscription/region"
        );
        assert_eq!(
            m.closure_kind(ClosureKind::Withdrawn).as_str(),
            "https://w3id.org/qe2rdf/vocab/cloture/retiree"
        );
        assert_eq!(
            m.closure_reason("fin de mandat").as_str(),
            "https://w3id.org/qe2rdf/vocab/motif-cloture/fin-de-mandat"
        );
        assert_eq!(
            m.wikidata("Q90").map(|n| n.into_string()),
            Some("http://www.wikidata.org/entity/Q90".to_owned())
        );
        assert_eq!(m.wikidata("Q9 0"), None);
    }

    #[test]
    fn sources_point_at_the_assembly_pages() {
        let m = IriMinter::default();
        assert_eq!(
            m.classic_page(&id()).as_str(),
            "https://questions.assemblee-nationale.fr/q16/16-13417QE.htm"
        );
        assert_eq!(
            m.current_page(&id()).as_str(),
            "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE13417"
        );
    }

    #[test]
    fn bases_are_validated() {
        assert!(IriMinter::new("https://example.org/data/").is_ok());
        assert!(IriMinter::new("https://example.org/data#").is_ok());
        assert!(IriMinter::new("https://example.org/data").is_err());
        assert!(IriMinter::new("not an iri/").is_err());
        assert!(IriMinter::new("relative/").is_err());
        let m = IriMinter::new("https://example.org/data/").expect("valid");
        assert_eq!(
            m.rubric("État").as_str(),
            "https://example.org/data/rubrique/etat"
        );
    }
}
