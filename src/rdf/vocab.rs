//! The terms the mapping uses, one module per namespace, as Oxigraph `NamedNodeRef`
//! constants. `qe` mirrors `ontology/qe.ttl`; a test checks that every term listed here is
//! declared there, and that every constant is a valid IRI.

use oxigraph::model::NamedNodeRef;

/// Declares a namespace module: its IRI, its terms as constants, and the list of all of
/// them (for the self-checks).
macro_rules! namespace {
    ($(#[$meta:meta])* $module:ident, $prefix:literal, $iri:literal, { $($(#[$tmeta:meta])* $name:ident = $local:literal),* $(,)? }) => {
        $(#[$meta])*
        pub mod $module {
            use oxigraph::model::NamedNodeRef;

            /// The namespace IRI.
            pub const NS: &str = $iri;
            /// The usual prefix.
            pub const PREFIX: &str = $prefix;
            $(
                $(#[$tmeta])*
                pub const $name: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(concat!($iri, $local));
            )*
            /// Every term of the namespace that the mapping uses.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        }
    };
}

namespace!(
    /// The qe2rdf ontology (`ontology/qe.ttl`).
    qe, "qe", "https://w3id.org/qe2rdf/ontology#", {
        /// Class of parliamentary questions.
        QUESTION = "Question",
        /// Class of written questions (QE).
        WRITTEN_QUESTION = "WrittenQuestion",
        /// Class of oral questions without debate (QOSD).
        ORAL_QUESTION = "OralQuestion",
        /// Class of questions to the government (QG).
        GOVERNMENT_QUESTION = "GovernmentQuestion",
        /// Class of answers.
        ANSWER = "Answer",
        /// Class of errata.
        ERRATUM = "Erratum",
        /// Class of legislatures.
        LEGISLATURE = "Legislature",
        /// Class of deputies.
        DEPUTY = "Deputy",
        /// Class of parliamentary groups.
        PARLIAMENTARY_GROUP = "ParliamentaryGroup",
        /// Class of ministries.
        MINISTRY = "Ministry",
        /// Class of constituencies (departments, abroad, unresolved places).
        CONSTITUENCY = "Constituency",
        /// Class of departments.
        DEPARTMENT = "Department",
        /// Class of cited bodies.
        CITED_BODY = "CitedBody",
        /// Class of mentions (occurrences of a cited body in a text).
        MENTION = "Mention",
        /// Class of fields the reader did not know.
        UNMAPPED_FIELD = "UnmappedField",
        /// Class of source documents.
        SOURCE_DOCUMENT = "SourceDocument",
        /// Number (of a question, of a legislature).
        NUMBER = "number",
        /// Legislature of a question.
        LEGISLATURE_PROP = "legislature",
        /// Type of question (concept).
        QUESTION_TYPE = "questionType",
        /// Author's group at the time of the question.
        AUTHOR_GROUP = "authorGroup",
        /// Author's constituency at the time of the question.
        AUTHOR_CONSTITUENCY = "authorConstituency",
        /// Author's region, when the page gives only that.
        AUTHOR_REGION = "authorRegion",
        /// Ministry questioned.
        MINISTRY_QUESTIONED = "ministryQuestioned",
        /// Ministry assigned (in charge of answering).
        MINISTRY_ASSIGNED = "ministryAssigned",
        /// A ministry the question was attributed to at some point.
        ATTRIBUTED_TO = "attributedTo",
        /// Analysis heading.
        ANALYSIS_HEADING = "analysisHeading",
        /// Analysis.
        ANALYSIS = "analysis",
        /// First page in the Journal officiel.
        JO_PAGE = "joPage",
        /// Days from the publication of the question to the publication of its answer.
        ANSWER_DELAY_DAYS = "answerDelayDays",
        /// Date of a change of attribution.
        ATTRIBUTION_CHANGED = "attributionChanged",
        /// Date of a signalement.
        SIGNALLED = "signalled",
        /// Date of a renewal.
        RENEWED = "renewed",
        /// Kind of closure (concept).
        CLOSURE_TYPE = "closureType",
        /// Date of closure.
        CLOSURE_DATE = "closureDate",
        /// Reason of closure (concept).
        CLOSURE_REASON = "closureReason",
        /// Open-data code of the closure (`REP_PUB`).
        CLOSURE_CODE = "closureCode",
        /// The answer.
        ANSWER_PROP = "answer",
        /// An erratum.
        ERRATUM_PROP = "erratum",
        /// What an erratum corrects (concept).
        ERRATUM_TARGET = "erratumTarget",
        /// A mention in the text.
        MENTION_PROP = "mention",
        /// Text of a mention as it appears.
        SURFACE_FORM = "surfaceForm",
        /// Start of a mention, in characters from 0.
        CHAR_START = "charStart",
        /// End of a mention (exclusive), in characters.
        CHAR_END = "charEnd",
        /// The body a mention refers to.
        MENTIONED_ENTITY = "mentionedEntity",
        /// Category of a cited body (concept).
        ENTITY_CATEGORY = "entityCategory",
        /// Department code.
        DEPARTMENT_CODE = "departmentCode",
        /// Constituency number within the department.
        CONSTITUENCY_NUMBER = "constituencyNumber",
        /// A procedural step of the question.
        HAS_STEP = "hasStep",
        /// A field the reader did not know.
        UNMAPPED_FIELD_PROP = "unmappedField",
        /// Where the question was read from.
        SOURCE_DOCUMENT_PROP = "sourceDocument",
        /// Format of a source document (concept).
        SOURCE_FORMAT = "sourceFormat",
        /// Path of a source document, relative to the input named by the user.
        SOURCE_PATH = "sourcePath",
        /// SHA-256 of a source document.
        SOURCE_SHA256 = "sourceSha256",
        /// The reference data a conversion linked with.
        REFERENCE_DATA = "referenceData",
        /// Digest of a question's content as read (sync compares it).
        CONTENT_DIGEST = "contentDigest",
        /// What a change of a question changed (concept).
        CHANGE_KIND = "changeKind",
        /// Member of a zip archive.
        SOURCE_MEMBER = "sourceMember",
        /// Line where the question starts in the source document.
        SOURCE_LINE = "sourceLine",
        /// Version of the tool that produced the data.
        TOOL_VERSION = "toolVersion",
        /// NosDéputés slug of a deputy.
        NOSDEPUTES_SLUG = "nosdeputesSlug",
    }
);

namespace!(
    /// RDF.
    rdf, "rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", {
        /// `rdf:type`.
        TYPE = "type",
        /// `rdf:value`.
        VALUE = "value",
    }
);

namespace!(
    /// RDF Schema.
    rdfs, "rdfs", "http://www.w3.org/2000/01/rdf-schema#", {
        /// `rdfs:label`.
        LABEL = "label",
        /// `rdfs:seeAlso`.
        SEE_ALSO = "seeAlso",
    }
);

namespace!(
    /// OWL.
    owl, "owl", "http://www.w3.org/2002/07/owl#", {
        /// `owl:sameAs`.
        SAME_AS = "sameAs",
    }
);

namespace!(
    /// XML Schema datatypes.
    xsd, "xsd", "http://www.w3.org/2001/XMLSchema#", {
        /// `xsd:date`.
        DATE = "date",
        /// `xsd:integer`.
        INTEGER = "integer",
        /// `xsd:string`.
        STRING = "string",
        /// `xsd:decimal`.
        DECIMAL = "decimal",
        /// `xsd:dateTime`.
        DATE_TIME = "dateTime",
    }
);

namespace!(
    /// Dublin Core terms.
    dcterms, "dcterms", "http://purl.org/dc/terms/", {
        /// `dcterms:identifier`.
        IDENTIFIER = "identifier",
        /// `dcterms:creator`.
        CREATOR = "creator",
        /// `dcterms:subject`.
        SUBJECT = "subject",
        /// `dcterms:issued`.
        ISSUED = "issued",
        /// `dcterms:title`.
        TITLE = "title",
        /// `dcterms:source`.
        SOURCE = "source",
        /// `dcterms:format`.
        FORMAT = "format",
        /// `dcterms:license`.
        LICENSE = "license",
        /// `dcterms:description`.
        DESCRIPTION = "description",
        /// `dcterms:publisher`.
        PUBLISHER = "publisher",
        /// `dcterms:modified`.
        MODIFIED = "modified",
    }
);

namespace!(
    /// FOAF.
    foaf, "foaf", "http://xmlns.com/foaf/0.1/", {
        /// `foaf:Person`.
        PERSON = "Person",
        /// `foaf:name`.
        NAME = "name",
        /// `foaf:givenName`.
        GIVEN_NAME = "givenName",
        /// `foaf:familyName`.
        FAMILY_NAME = "familyName",
        /// `foaf:page`.
        PAGE = "page",
        /// `foaf:isPrimaryTopicOf`: a page mainly about the resource (its Wikipedia
        /// article).
        IS_PRIMARY_TOPIC_OF = "isPrimaryTopicOf",
    }
);

namespace!(
    /// schema.org.
    schema, "schema", "http://schema.org/", {
        /// `schema:Question`.
        QUESTION = "Question",
        /// `schema:Answer`.
        ANSWER = "Answer",
        /// `schema:text`.
        TEXT = "text",
        /// `schema:mentions`.
        MENTIONS = "mentions",
        /// `schema:honorificPrefix`.
        HONORIFIC_PREFIX = "honorificPrefix",
        /// `schema:parentItem`.
        PARENT_ITEM = "parentItem",
        /// `schema:name`.
        NAME = "name",
    }
);

namespace!(
    /// SKOS.
    skos, "skos", "http://www.w3.org/2004/02/skos/core#", {
        /// `skos:Concept`.
        CONCEPT = "Concept",
        /// `skos:ConceptScheme`.
        CONCEPT_SCHEME = "ConceptScheme",
        /// `skos:prefLabel`.
        PREF_LABEL = "prefLabel",
        /// `skos:altLabel`.
        ALT_LABEL = "altLabel",
        /// `skos:inScheme`.
        IN_SCHEME = "inScheme",
        /// `skos:notation`.
        NOTATION = "notation",
    }
);

namespace!(
    /// W3C Organization ontology.
    org, "org", "http://www.w3.org/ns/org#", {
        /// `org:Organization`.
        ORGANIZATION = "Organization",
    }
);

namespace!(
    /// PROV-O.
    prov, "prov", "http://www.w3.org/ns/prov#", {
        /// `prov:Entity`.
        ENTITY = "Entity",
        /// `prov:Activity`.
        ACTIVITY = "Activity",
        /// `prov:SoftwareAgent`.
        SOFTWARE_AGENT = "SoftwareAgent",
        /// `prov:wasGeneratedBy`.
        WAS_GENERATED_BY = "wasGeneratedBy",
        /// `prov:wasDerivedFrom`.
        WAS_DERIVED_FROM = "wasDerivedFrom",
        /// `prov:used`.
        USED = "used",
        /// `prov:wasAssociatedWith`.
        WAS_ASSOCIATED_WITH = "wasAssociatedWith",
        /// `prov:generatedAtTime`.
        GENERATED_AT_TIME = "generatedAtTime",
    }
);

namespace!(
    /// ActivityStreams 2.0 (the change log).
    activity, "as", "https://www.w3.org/ns/activitystreams#", {
        /// `as:Create`: a question appeared.
        CREATE = "Create",
        /// `as:Update`: a question changed.
        UPDATE = "Update",
        /// `as:object`: what the activity is about.
        OBJECT = "object",
        /// `as:published`: when.
        PUBLISHED = "published",
        /// `as:summary`: what happened, for people.
        SUMMARY = "summary",
    }
);

namespace!(
    /// ELI.
    eli, "eli", "http://data.europa.eu/eli/ontology#", {
        /// `eli:Work`.
        WORK = "Work",
    }
);

namespace!(
    /// ELI draft legislation (ELI-DL).
    eli_dl, "eli-dl", "http://data.europa.eu/eli/eli-draft-legislation-ontology#", {
        /// `eli-dl:Activity`.
        ACTIVITY = "Activity",
        /// `eli-dl:Participation`.
        PARTICIPATION = "Participation",
        /// `eli-dl:activity_date`.
        ACTIVITY_DATE = "activity_date",
        /// `eli-dl:had_activity_type`.
        HAD_ACTIVITY_TYPE = "had_activity_type",
        /// `eli-dl:had_participation`.
        HAD_PARTICIPATION = "had_participation",
        /// `eli-dl:participation_role`.
        PARTICIPATION_ROLE = "participation_role",
        /// `eli-dl:had_participant_person`.
        HAD_PARTICIPANT_PERSON = "had_participant_person",
        /// `eli-dl:had_participant_organization`.
        HAD_PARTICIPANT_ORGANIZATION = "had_participant_organization",
    }
);

namespace!(
    /// VoID.
    void, "void", "http://rdfs.org/ns/void#", {
        /// `void:Dataset`.
        DATASET = "Dataset",
        /// `void:triples`.
        TRIPLES = "triples",
        /// `void:entities`.
        ENTITIES = "entities",
        /// `void:classes`.
        CLASSES = "classes",
        /// `void:properties`.
        PROPERTIES = "properties",
        /// `void:distinctSubjects`.
        DISTINCT_SUBJECTS = "distinctSubjects",
        /// `void:classPartition`.
        CLASS_PARTITION = "classPartition",
        /// `void:propertyPartition`.
        PROPERTY_PARTITION = "propertyPartition",
        /// `void:class`.
        CLASS = "class",
        /// `void:property`.
        PROPERTY = "property",
        /// `void:vocabulary`.
        VOCABULARY = "vocabulary",
        /// `void:dataDump`.
        DATA_DUMP = "dataDump",
        /// `void:uriSpace`.
        URI_SPACE = "uriSpace",
    }
);

namespace!(
    /// DCAT.
    dcat, "dcat", "http://www.w3.org/ns/dcat#", {
        /// `dcat:Dataset`.
        DATASET = "Dataset",
        /// `dcat:Distribution`.
        DISTRIBUTION = "Distribution",
        /// `dcat:distribution`.
        DISTRIBUTION_PROP = "distribution",
        /// `dcat:mediaType`.
        MEDIA_TYPE = "mediaType",
        /// `dcat:downloadURL`.
        DOWNLOAD_URL = "downloadURL",
    }
);

/// Wikidata entities.
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";

/// The controlled vocabularies (`ontology/vocab.ttl`).
pub const VOCAB: &str = "https://w3id.org/qe2rdf/vocab/";

/// The prefixes written in Turtle, TriG and RDF/XML output, and in the JSON-LD context.
pub const PREFIXES: &[(&str, &str)] = &[
    (qe::PREFIX, qe::NS),
    ("qev", VOCAB),
    (dcterms::PREFIX, dcterms::NS),
    (foaf::PREFIX, foaf::NS),
    (schema::PREFIX, schema::NS),
    (skos::PREFIX, skos::NS),
    (org::PREFIX, org::NS),
    (prov::PREFIX, prov::NS),
    (eli::PREFIX, eli::NS),
    (eli_dl::PREFIX, eli_dl::NS),
    (owl::PREFIX, owl::NS),
    (rdf::PREFIX, rdf::NS),
    (rdfs::PREFIX, rdfs::NS),
    (xsd::PREFIX, xsd::NS),
    (void::PREFIX, void::NS),
    (dcat::PREFIX, dcat::NS),
    (activity::PREFIX, activity::NS),
    ("wd", WIKIDATA),
];

/// The terms of every namespace above.
pub const NAMESPACES: &[&[NamedNodeRef<'static>]] = &[
    qe::ALL,
    rdf::ALL,
    rdfs::ALL,
    owl::ALL,
    xsd::ALL,
    dcterms::ALL,
    foaf::ALL,
    schema::ALL,
    skos::ALL,
    org::ALL,
    prov::ALL,
    eli::ALL,
    eli_dl::ALL,
    void::ALL,
    dcat::ALL,
    activity::ALL,
];

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    #[test]
    fn every_constant_is_a_valid_iri() {
        for all in NAMESPACES {
            for term in *all {
                assert!(NamedNode::new(term.as_str()).is_ok(), "{term}");
                assert!(
                    iri_string::types::IriStr::new(term.as_str()).is_ok(),
                    "{term}"
                );
            }
        }
    }

    #[test]
    fn prefixes_do_not_overlap() {
        // Overlapping prefixes would make the choice of prefix depend on iteration order.
        for (a, ia) in PREFIXES {
            for (b, ib) in PREFIXES {
                if a != b {
                    assert!(!ia.starts_with(ib), "{a} and {b} overlap");
                }
            }
        }
    }
}
