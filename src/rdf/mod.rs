//! Model to triples. Pure: no I/O, no store.
//!
//! [`Mapper::map`] turns one [`Question`] into the triples of its own named graph (the
//! question, its answer, mentions, procedural steps, participations, provenance) and the
//! shared descriptions that belong to the reference graph (deputies, groups, ministries,
//! places, rubrics, cited bodies, concepts). The terms are those of `ontology/qe.ttl` and of
//! the standards it aligns with; see `DESIGN.md` §3 for the contract.

pub mod iri;
pub mod order;
pub mod vocab;

use chrono::NaiveDate;
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Triple};

pub use iri::{DEFAULT_BASE, IriError, IriMinter};
use vocab::{dcat, dcterms, eli, eli_dl, foaf, org, owl, prov, qe, rdf, rdfs, schema, skos, xsd};

use crate::model::{Author, ClosureKind, Entity, Mention, Ministry, Question, QuestionKind};

/// The triples of one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionGraph {
    /// Name of the question's graph.
    pub graph: NamedNode,
    /// Triples about the question itself (its own graph), sorted and without duplicates.
    pub triples: Vec<Triple>,
    /// Shared descriptions (the reference graph), sorted and without duplicates.
    pub reference: Vec<Triple>,
}

impl QuestionGraph {
    /// All triples, question and reference, sorted and without duplicates.
    #[must_use]
    pub fn all_triples(&self) -> Vec<Triple> {
        let mut all: Vec<Triple> = self
            .triples
            .iter()
            .chain(&self.reference)
            .cloned()
            .collect();
        order::sort_triples(&mut all);
        all
    }
}

/// Removes the characters no RDF syntax can carry everywhere: control characters other
/// than tab, line feed and carriage return (XML 1.0, hence RDF/XML, has no way to write
/// them), and the non-characters U+FFFE and U+FFFF.
#[must_use]
pub fn clean_text(value: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    // The same test on the UTF-8 bytes, without decoding: C0 controls and DEL, C1
    // controls (`C2 80`–`C2 9F`), U+FFFE and U+FFFF (`EF BF BE`, `EF BF BF`).
    // Blocks of 32 bytes with none of the bytes that start those are skipped at once (a
    // test the compiler vectorises); the others are looked at byte by byte.
    let bytes = value.as_bytes();
    let starts_bad = |b: u8| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xEF;
    let is_bad_at = |i: usize| match bytes[i] {
        0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        _ => false,
    };
    let has_bad = bytes.chunks(32).enumerate().any(|(k, block)| {
        crate::text::block_holds(block, starts_bad) && (k * 32..k * 32 + block.len()).any(is_bad_at)
    });
    if has_bad {
        std::borrow::Cow::Owned(value.chars().filter(|c| !bad(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// French language-tagged literal (cleaned with [`clean_text`]).
#[must_use]
pub fn fr(value: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(clean_text(value), "fr")
}

/// English language-tagged literal (cleaned with [`clean_text`]).
#[must_use]
pub fn en(value: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(clean_text(value), "en")
}

/// Plain string literal (cleaned with [`clean_text`]).
#[must_use]
pub fn string(value: &str) -> Literal {
    Literal::new_simple_literal(clean_text(value))
}

/// `xsd:date` literal.
#[must_use]
pub fn date(value: NaiveDate) -> Literal {
    Literal::new_typed_literal(value.format("%Y-%m-%d").to_string(), xsd::DATE)
}

/// `xsd:integer` literal.
#[must_use]
pub fn integer(value: impl Into<i64>) -> Literal {
    Literal::new_typed_literal(value.into().to_string(), xsd::INTEGER)
}

/// A collector of triples into the question graph and the reference graph.
#[derive(Default)]
struct Emitter {
    question: order::BySubject,
    reference: order::BySubject,
}

impl Emitter {
    fn q(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<oxigraph::model::Term>) {
        self.question.push(s, p, o.into());
    }

    fn r(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<oxigraph::model::Term>) {
        self.reference.push(s, p, o.into());
    }
}

/// Maps questions to triples.
#[derive(Debug, Clone, Default)]
pub struct Mapper {
    minter: IriMinter,
    /// The reference data linking used, recorded in each question's provenance.
    reference: Vec<crate::model::ReferenceSnapshot>,
}

impl Mapper {
    /// A mapper minting instance IRIs with `minter`.
    #[must_use]
    pub fn new(minter: IriMinter) -> Self {
        Self {
            minter,
            reference: Vec::new(),
        }
    }

    /// Records in each question's provenance that linking used `reference`.
    #[must_use]
    pub fn with_reference(mut self, reference: Vec<crate::model::ReferenceSnapshot>) -> Self {
        self.reference = reference;
        self
    }

    /// The IRI minter.
    #[must_use]
    pub fn minter(&self) -> &IriMinter {
        &self.minter
    }

    /// Maps one question (see the module documentation).
    #[must_use]
    pub fn map(&self, question: &Question) -> QuestionGraph {
        let m = &self.minter;
        let mut e = Emitter::default();
        let id = &question.id;
        let q = m.question(id);

        // Type and identity.
        e.q(&q, rdf::TYPE, qe::QUESTION);
        e.q(
            &q,
            rdf::TYPE,
            match id.kind {
                QuestionKind::Written => qe::WRITTEN_QUESTION,
                QuestionKind::Oral => qe::ORAL_QUESTION,
                QuestionKind::Government => qe::GOVERNMENT_QUESTION,
            },
        );
        e.q(&q, rdf::TYPE, eli::WORK);
        e.q(&q, rdf::TYPE, schema::QUESTION);
        e.q(&q, dcterms::IDENTIFIER, string(&id.uid()));
        e.q(&q, qe::NUMBER, integer(id.number));
        let type_concept = m.question_type(id);
        e.q(&q, qe::QUESTION_TYPE, type_concept.clone());
        e.r(&type_concept, rdf::TYPE, skos::CONCEPT);
        e.r(&type_concept, skos::PREF_LABEL, fr(id.kind.label()));
        e.r(&type_concept, skos::NOTATION, string(id.kind.code()));
        e.r(&type_concept, skos::IN_SCHEME, m.scheme("type-question"));
        let legislature = m.legislature(id.legislature);
        e.q(&q, qe::LEGISLATURE_PROP, legislature.clone());
        e.r(&legislature, rdf::TYPE, qe::LEGISLATURE);
        e.r(&legislature, qe::NUMBER, integer(id.legislature));
        e.r(
            &legislature,
            rdfs::LABEL,
            fr(&format!("{}e législature", id.legislature)),
        );
        e.q(&q, dcterms::SOURCE, m.classic_page(id));
        e.q(&q, rdfs::SEE_ALSO, m.current_page(id));
        if let Some(title) = &question.title {
            e.q(&q, dcterms::TITLE, fr(title));
        }

        // Author, group, constituency.
        let mut author_node = None;
        if let Some(author) = &question.author {
            let deputy = self.author(&mut e, &q, question, author);
            author_node = Some(deputy);
        }

        // Ministries.
        let questioned = question
            .ministry_questioned
            .as_ref()
            .map(|mi| self.ministry(&mut e, mi));
        if let Some(node) = &questioned {
            e.q(&q, qe::MINISTRY_QUESTIONED, node.clone());
        }
        let assigned = question
            .ministry_assigned
            .as_ref()
            .map(|mi| self.ministry(&mut e, mi));
        if let Some(node) = &assigned {
            e.q(&q, qe::MINISTRY_ASSIGNED, node.clone());
        }
        for attribution in &question.attributions {
            let node = self.ministry(&mut e, &attribution.ministry);
            e.q(&q, qe::ATTRIBUTED_TO, node);
        }

        // Indexation.
        if let Some(rubric) = &question.rubric {
            let node = m.rubric(rubric);
            e.q(&q, dcterms::SUBJECT, node.clone());
            e.r(&node, rdf::TYPE, skos::CONCEPT);
            e.r(&node, skos::PREF_LABEL, fr(&rubric.to_lowercase()));
            let scheme = m.rubric_scheme();
            e.r(&node, skos::IN_SCHEME, scheme.clone());
            e.r(&scheme, rdf::TYPE, skos::CONCEPT_SCHEME);
            e.r(
                &scheme,
                skos::PREF_LABEL,
                fr("Rubriques des questions de l'Assemblée nationale"),
            );
        }
        if let Some(heading) = &question.analysis_heading {
            e.q(&q, qe::ANALYSIS_HEADING, fr(heading));
        }
        for analysis in &question.analyses {
            e.q(&q, qe::ANALYSIS, fr(analysis));
        }

        // Dates of the procedure.
        if let Some(published) = question.published {
            e.q(&q, dcterms::ISSUED, date(published.date));
            if let Some(page) = published.page {
                e.q(&q, qe::JO_PAGE, integer(page));
            }
        }
        for d in &question.attribution_changes {
            e.q(&q, qe::ATTRIBUTION_CHANGED, date(*d));
        }
        for d in &question.signalled {
            e.q(&q, qe::SIGNALLED, date(*d));
        }
        for d in &question.renewed {
            e.q(&q, qe::RENEWED, date(*d));
        }

        // Closure.
        if let Some(closure) = &question.closure {
            let kind = m.closure_kind(closure.kind);
            e.q(&q, qe::CLOSURE_TYPE, kind.clone());
            self.concept(&mut e, &kind, "cloture", closure_kind_label(closure.kind));
            if let Some(d) = closure.date {
                e.q(&q, qe::CLOSURE_DATE, date(d));
            }
            if let Some(reason) = &closure.reason {
                let node = m.closure_reason(reason);
                e.q(&q, qe::CLOSURE_REASON, node.clone());
                self.concept(&mut e, &node, "motif-cloture", reason);
            }
            if let Some(code) = &closure.code {
                e.q(&q, qe::CLOSURE_CODE, string(code));
            }
        }

        // Texts and mentions.
        if let Some(text) = &question.text {
            e.q(&q, schema::TEXT, fr(text));
        }
        self.mentions(&mut e, id, &q, &question.mentions, "mention");
        if let Some(answer) = &question.answer {
            let a = m.answer(id);
            e.q(&q, qe::ANSWER_PROP, a.clone());
            e.q(&a, rdf::TYPE, qe::ANSWER);
            e.q(&a, rdf::TYPE, schema::ANSWER);
            e.q(&a, schema::PARENT_ITEM, q.clone());
            if let Some(published) = answer.published {
                e.q(&a, dcterms::ISSUED, date(published.date));
                if let Some(page) = published.page {
                    e.q(&a, qe::JO_PAGE, integer(page));
                }
            }
            if let Some(text) = &answer.text {
                e.q(&a, schema::TEXT, fr(text));
            }
            if let (Some(asked), Some(answered)) = (question.published, answer.published) {
                let days = (answered.date - asked.date).num_days();
                if days >= 0 {
                    e.q(&q, qe::ANSWER_DELAY_DAYS, integer(days));
                }
            }
            self.mentions(&mut e, id, &a, &answer.mentions, "reponse/mention");
        }
        for (n, erratum) in question.errata.iter().enumerate() {
            let node = m.question_part(id, &format!("erratum/{}", n + 1));
            e.q(&q, qe::ERRATUM_PROP, node.clone());
            e.q(&node, rdf::TYPE, qe::ERRATUM);
            let target = m.erratum_target(erratum.target);
            e.q(&node, qe::ERRATUM_TARGET, target.clone());
            self.concept(
                &mut e,
                &target,
                "cible-erratum",
                match erratum.target {
                    crate::model::ErratumTarget::Question => "texte de la question",
                    crate::model::ErratumTarget::Answer => "texte de la réponse",
                },
            );
            e.q(&node, dcterms::ISSUED, date(erratum.published.date));
            if let Some(page) = erratum.published.page {
                e.q(&node, qe::JO_PAGE, integer(page));
            }
            if let Some(text) = &erratum.text {
                e.q(&node, schema::TEXT, fr(text));
            }
        }
        for (n, extra) in question.extra.iter().enumerate() {
            let node = m.question_part(id, &format!("champ/{}", n + 1));
            e.q(&q, qe::UNMAPPED_FIELD_PROP, node.clone());
            e.q(&node, rdf::TYPE, qe::UNMAPPED_FIELD);
            e.q(&node, rdfs::LABEL, fr(&extra.label));
            e.q(&node, rdf::VALUE, fr(&extra.value));
        }

        self.steps(
            &mut e,
            question,
            &q,
            author_node.as_ref(),
            questioned.as_ref(),
            assigned.as_ref(),
        );
        self.provenance(&mut e, question, &q);

        QuestionGraph {
            graph: m.question_graph(id),
            triples: e.question.into_sorted(),
            reference: e.reference.into_sorted(),
        }
    }

    fn concept(&self, e: &mut Emitter, node: &NamedNode, scheme: &str, label: &str) {
        e.r(node, rdf::TYPE, skos::CONCEPT);
        e.r(node, skos::PREF_LABEL, fr(label));
        e.r(node, skos::IN_SCHEME, self.minter.scheme(scheme));
    }

    fn author(
        &self,
        e: &mut Emitter,
        q: &NamedNode,
        question: &Question,
        author: &Author,
    ) -> NamedNode {
        let m = &self.minter;
        let deputy = m.deputy(author.id.as_deref(), &author.name);
        e.q(q, dcterms::CREATOR, deputy.clone());
        e.r(&deputy, rdf::TYPE, foaf::PERSON);
        e.r(&deputy, rdf::TYPE, qe::DEPUTY);
        if !author.name.is_empty() {
            e.r(&deputy, foaf::NAME, string(&author.name));
        }
        if let Some(civility) = &author.civility {
            e.r(&deputy, schema::HONORIFIC_PREFIX, string(civility));
        }
        if let Some(given) = &author.given_name {
            e.r(&deputy, foaf::GIVEN_NAME, string(given));
        }
        if let Some(family) = &author.family_name {
            e.r(&deputy, foaf::FAMILY_NAME, string(family));
        }
        if let Some(pa) = author.id.as_deref().filter(|id| iri::is_an_id(id, "PA")) {
            e.r(&deputy, dcterms::IDENTIFIER, string(pa));
        }
        if let Some(slug) = &author.nosdeputes_slug {
            e.r(&deputy, qe::NOSDEPUTES_SLUG, string(slug));
            e.r(&deputy, foaf::PAGE, m.nosdeputes_page(slug));
        }
        if let Some(wd) = author.wikidata.as_deref().and_then(|q| m.wikidata(q)) {
            e.r(&deputy, owl::SAME_AS, wd);
        }
        if let Some(page) = author
            .wikipedia
            .as_deref()
            .and_then(|t| m.wikipedia_page(t))
        {
            e.r(&deputy, foaf::IS_PRIMARY_TOPIC_OF, page);
        }
        if let Some(group) = &author.group {
            let node = m.group(group.id.as_deref(), question.id.legislature, &group.label);
            e.q(q, qe::AUTHOR_GROUP, node.clone());
            e.r(&node, rdf::TYPE, org::ORGANIZATION);
            e.r(&node, rdf::TYPE, qe::PARLIAMENTARY_GROUP);
            e.r(&node, skos::PREF_LABEL, fr(&group.label));
            if let Some(short) = group.short_label.as_deref().filter(|s| *s != group.label) {
                e.r(&node, skos::ALT_LABEL, fr(short));
            }
            if let Some(po) = group.id.as_deref().filter(|id| iri::is_an_id(id, "PO")) {
                e.r(&node, dcterms::IDENTIFIER, string(po));
            }
        }
        if let Some(place) = &author.constituency {
            let is_region = place.department_code.is_none()
                && place.region.as_deref() == Some(place.label.as_str());
            if is_region {
                e.q(q, qe::AUTHOR_REGION, fr(&place.label));
            } else {
                let node = m.constituency(place.department_code.as_deref(), &place.label);
                e.q(q, qe::AUTHOR_CONSTITUENCY, node.clone());
                e.r(&node, rdf::TYPE, qe::CONSTITUENCY);
                e.r(&node, skos::PREF_LABEL, fr(&place.label));
                if let Some(code) = &place.department_code {
                    e.r(&node, rdf::TYPE, qe::DEPARTMENT);
                    e.r(&node, qe::DEPARTMENT_CODE, string(code));
                }
                if let Some(n) = place.number {
                    e.q(q, qe::CONSTITUENCY_NUMBER, integer(n));
                }
            }
        }
        deputy
    }

    fn ministry(&self, e: &mut Emitter, ministry: &Ministry) -> NamedNode {
        let node = self
            .minter
            .ministry(ministry.id.as_deref(), &ministry.label);
        e.r(&node, rdf::TYPE, org::ORGANIZATION);
        e.r(&node, rdf::TYPE, qe::MINISTRY);
        e.r(&node, skos::PREF_LABEL, fr(&ministry.label));
        if let Some(long) = ministry
            .long_label
            .as_deref()
            .filter(|l| *l != ministry.label)
        {
            e.r(&node, skos::ALT_LABEL, fr(long));
        }
        if let Some(po) = ministry.id.as_deref().filter(|id| iri::is_an_id(id, "PO")) {
            e.r(&node, dcterms::IDENTIFIER, string(po));
        }
        node
    }

    fn mentions(
        &self,
        e: &mut Emitter,
        id: &crate::model::QuestionId,
        text_node: &NamedNode,
        mentions: &[Mention],
        part: &str,
    ) {
        for (n, mention) in mentions.iter().enumerate() {
            let entity = self.entity(e, &mention.entity);
            e.q(text_node, schema::MENTIONS, entity.clone());
            let node = self.minter.question_part(id, &format!("{part}/{}", n + 1));
            e.q(text_node, qe::MENTION_PROP, node.clone());
            e.q(&node, rdf::TYPE, qe::MENTION);
            e.q(&node, qe::SURFACE_FORM, string(&mention.surface));
            e.q(
                &node,
                qe::CHAR_START,
                integer(i64::try_from(mention.start).unwrap_or(i64::MAX)),
            );
            e.q(
                &node,
                qe::CHAR_END,
                integer(i64::try_from(mention.end).unwrap_or(i64::MAX)),
            );
            e.q(&node, qe::MENTIONED_ENTITY, entity);
        }
    }

    fn entity(&self, e: &mut Emitter, entity: &Entity) -> NamedNode {
        let m = &self.minter;
        let node = m.entity(&entity.key);
        e.r(&node, rdf::TYPE, qe::CITED_BODY);
        e.r(&node, rdf::TYPE, org::ORGANIZATION);
        e.r(&node, skos::PREF_LABEL, fr(&entity.name));
        for alt in &entity.alt_names {
            if *alt != entity.name {
                e.r(&node, skos::ALT_LABEL, fr(alt));
            }
        }
        let category = m.entity_category(entity.category);
        e.r(&node, qe::ENTITY_CATEGORY, category.clone());
        self.concept(e, &category, "categorie-entite", entity.category.label_fr());
        if let Some(wd) = entity.wikidata.as_deref().and_then(|q| m.wikidata(q)) {
            e.r(&node, owl::SAME_AS, wd);
        }
        node
    }

    /// ELI-DL: one activity per dated step, with the participations of the author and of the
    /// ministries.
    fn steps(
        &self,
        e: &mut Emitter,
        question: &Question,
        q: &NamedNode,
        author: Option<&NamedNode>,
        questioned: Option<&NamedNode>,
        assigned: Option<&NamedNode>,
    ) {
        let m = &self.minter;
        let id = &question.id;
        let mut steps: Vec<(&str, &str, NaiveDate)> = Vec::new();
        if let Some(p) = question.published {
            steps.push(("publication", "publication de la question", p.date));
        }
        for d in &question.attribution_changes {
            steps.push(("changement-attribution", "changement d'attribution", *d));
        }
        for d in &question.signalled {
            steps.push(("signalement", "signalement", *d));
        }
        for d in &question.renewed {
            steps.push(("renouvellement", "renouvellement", *d));
        }
        if let Some(d) = question
            .answer
            .as_ref()
            .and_then(|a| a.published)
            .map(|p| p.date)
        {
            steps.push(("reponse", "publication de la réponse", d));
        }
        if let Some(closure) = question
            .closure
            .as_ref()
            .filter(|c| c.kind != ClosureKind::AnswerPublished)
        {
            if let Some(d) = closure.date {
                let (slug, label) = match closure.kind {
                    ClosureKind::Withdrawn => ("retrait", "retrait de la question"),
                    ClosureKind::Lapsed => ("caducite", "caducité de la question"),
                    _ => ("cloture", "clôture de la question"),
                };
                steps.push((slug, label, d));
            }
        }
        for erratum in &question.errata {
            match erratum.target {
                crate::model::ErratumTarget::Question => steps.push((
                    "erratum-question",
                    "erratum de la question",
                    erratum.published.date,
                )),
                crate::model::ErratumTarget::Answer => steps.push((
                    "erratum-reponse",
                    "erratum de la réponse",
                    erratum.published.date,
                )),
            }
        }
        for (slug, label, d) in steps {
            let node = m.step(id, slug, d);
            e.q(q, qe::HAS_STEP, node.clone());
            e.q(&node, rdf::TYPE, eli_dl::ACTIVITY);
            e.q(&node, eli_dl::ACTIVITY_DATE, date(d));
            let kind = m.step_kind(slug);
            e.q(&node, eli_dl::HAD_ACTIVITY_TYPE, kind.clone());
            self.concept(e, &kind, "etape", label);
            if slug == "publication" {
                if let Some(author) = author {
                    self.participation(
                        e,
                        id,
                        &node,
                        "auteur",
                        "auteur de la question",
                        author,
                        true,
                    );
                }
                if let Some(ministry) = questioned {
                    self.participation(
                        e,
                        id,
                        &node,
                        "destinataire",
                        "ministère interrogé",
                        ministry,
                        false,
                    );
                }
            } else if slug == "reponse" {
                if let Some(ministry) = assigned {
                    self.participation(
                        e,
                        id,
                        &node,
                        "repondant",
                        "ministère répondant",
                        ministry,
                        false,
                    );
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn participation(
        &self,
        e: &mut Emitter,
        id: &crate::model::QuestionId,
        activity: &NamedNode,
        role: &str,
        label: &str,
        participant: &NamedNode,
        person: bool,
    ) {
        let m = &self.minter;
        let node = m.question_part(id, &format!("participation/{role}"));
        e.q(activity, eli_dl::HAD_PARTICIPATION, node.clone());
        e.q(&node, rdf::TYPE, eli_dl::PARTICIPATION);
        let role_node = m.role(role);
        e.q(&node, eli_dl::PARTICIPATION_ROLE, role_node.clone());
        self.concept(e, &role_node, "role", label);
        e.q(
            &node,
            if person {
                eli_dl::HAD_PARTICIPANT_PERSON
            } else {
                eli_dl::HAD_PARTICIPANT_ORGANIZATION
            },
            participant.clone(),
        );
    }

    /// PROV: which file, in which format, read by which version of the tool.
    fn provenance(&self, e: &mut Emitter, question: &Question, q: &NamedNode) {
        let m = &self.minter;
        let id = &question.id;
        let source = m.question_part(id, "source");
        let activity = m.question_part(id, "conversion");
        let tool = m.tool();
        e.q(q, qe::SOURCE_DOCUMENT_PROP, source.clone());
        e.q(q, prov::WAS_DERIVED_FROM, source.clone());
        e.q(q, prov::WAS_GENERATED_BY, activity.clone());
        e.q(&source, rdf::TYPE, prov::ENTITY);
        e.q(&source, rdf::TYPE, qe::SOURCE_DOCUMENT);
        let format = m.source_format(question.source.format);
        e.q(&source, qe::SOURCE_FORMAT, format.clone());
        self.concept(
            e,
            &format,
            "format-source",
            source_format_label(question.source.format),
        );
        e.q(
            &source,
            dcterms::FORMAT,
            string(question.source.format.media_type()),
        );
        e.q(&source, qe::SOURCE_PATH, string(&question.source.path));
        if let Some(member) = &question.source.member {
            e.q(&source, qe::SOURCE_MEMBER, string(member));
        }
        if let Some(digest) = &question.source.sha256 {
            e.q(&source, qe::SOURCE_SHA256, string(digest));
        }
        e.q(
            &source,
            qe::SOURCE_LINE,
            integer(i64::try_from(question.source.line).unwrap_or(i64::MAX)),
        );
        e.q(&activity, rdf::TYPE, prov::ACTIVITY);
        e.q(&activity, prov::USED, source);
        e.q(&activity, prov::WAS_ASSOCIATED_WITH, tool.clone());
        e.r(&tool, rdf::TYPE, prov::SOFTWARE_AGENT);
        e.r(
            &tool,
            rdfs::LABEL,
            string(concat!("qe2rdf ", env!("CARGO_PKG_VERSION"))),
        );
        e.r(&tool, qe::TOOL_VERSION, string(env!("CARGO_PKG_VERSION")));
        for snapshot in &self.reference {
            let node = m.reference(snapshot);
            e.q(&activity, qe::REFERENCE_DATA, node.clone());
            for (p, o) in reference_description(snapshot) {
                e.r(&node, p, o);
            }
        }
    }
}

/// What the data says of a snapshot of reference data: a PROV entity and DCAT dataset with
/// its date and what it is.
#[must_use]
pub fn reference_description(
    snapshot: &crate::model::ReferenceSnapshot,
) -> Vec<(NamedNodeRef<'static>, oxigraph::model::Term)> {
    let compiled = snapshot.origin == crate::model::ReferenceSnapshot::COMPILED;
    let title = if snapshot.source == "amo" {
        "Données de référence de l'Assemblée nationale (acteurs, mandats, organes)"
    } else {
        "Données de référence"
    };
    let label = if compiled {
        format!(
            "{} du {}, compilées dans qe2rdf",
            snapshot.source.to_uppercase(),
            snapshot.date
        )
    } else {
        format!(
            "{} du {} ({})",
            snapshot.source.to_uppercase(),
            snapshot.date,
            snapshot.origin
        )
    };
    vec![
        (rdf::TYPE, prov::ENTITY.into_owned().into()),
        (rdf::TYPE, dcat::DATASET.into_owned().into()),
        (dcterms::TITLE, fr(title).into()),
        (rdfs::LABEL, fr(&label).into()),
        (dcterms::ISSUED, date(snapshot.date).into()),
        (
            dcterms::SOURCE,
            NamedNode::new_unchecked("https://data.assemblee-nationale.fr/").into(),
        ),
    ]
}

/// French label of a closure kind.
#[must_use]
pub fn closure_kind_label(kind: ClosureKind) -> &'static str {
    match kind {
        ClosureKind::AnswerPublished => "réponse publiée",
        ClosureKind::Withdrawn => "retirée",
        ClosureKind::Lapsed => "caduque",
        ClosureKind::Other => "autre clôture",
    }
}

fn source_format_label(format: crate::model::SourceFormat) -> &'static str {
    use crate::model::SourceFormat;
    match format {
        SourceFormat::ClassicText => "texte d'une page question (présentation classique)",
        SourceFormat::CurrentText => "texte d'une page question (présentation actuelle)",
        SourceFormat::Html => "page HTML enregistrée",
        SourceFormat::OpenDataJson => "JSON des données ouvertes de l'Assemblée",
        SourceFormat::OpenDataXml => "XML des données ouvertes de l'Assemblée",
        SourceFormat::LegacyXml => "XML historique par question",
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn clean_text_keeps_tabs_and_line_breaks_and_drops_other_controls() {
        for c in ('\0'..='\u{FF}').chain(['\u{FFFD}', '\u{FFFE}', '\u{FFFF}', '\u{10FFFF}']) {
            let value = format!("a{c}b");
            let dropped = (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}');
            let expected = if dropped {
                "ab".to_owned()
            } else {
                value.clone()
            };
            assert_eq!(super::clean_text(&value), expected, "{:?}", c);
        }
    }

    proptest! {
        #[test]
        fn clean_text_removes_exactly_the_characters_rdf_text_cannot_hold(
            value in "[a-zé\\t\\n\\r\\x00-\\x1F\\x7F\\u{80}-\\u{A0}\\u{FFFD}-\\u{FFFF}\\u{EFBF}«»]{0,30}|\\PC{0,30}"
        ) {
            let kept: String = value
                .chars()
                .filter(|&c| {
                    !((c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                        || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
                })
                .collect();
            let cleaned = super::clean_text(&value);
            prop_assert_eq!(
                matches!(cleaned, std::borrow::Cow::Borrowed(_)),
                kept == value
            );
            prop_assert_eq!(cleaned.as_ref(), kept.as_str());
        }
    }
}
