//! The legacy per-question XML (`questions.assemblee-nationale.fr/q14/14-47351QE.xml`),
//! read with a real XML parser (quick-xml).
//!
//! The file is small, so it is first read into a small element tree (depth and size are
//! bounded), then mapped. Entities: the five predefined ones and character references are
//! resolved; any other entity (declared in a DTD or not) is never expanded — it is kept as
//! written, with a warning — so entity-expansion attacks cannot grow the output.

use chrono::NaiveDate;
use quick_xml::Reader;
use quick_xml::events::Event;

use super::error::{Location, ParseError, ParseErrorKind, Warning};
use super::{DocumentContext, DocumentOutcome, Origin};
use crate::model::{
    Answer, Attribution, Author, Closure, ClosureKind, Constituency, Erratum, ErratumTarget, Group,
    JoRef, Ministry, Question, QuestionId, QuestionKind, Source, SourceFormat,
};

/// Deepest element nesting accepted.
const MAX_DEPTH: usize = 64;

/// An element of the small tree.
#[derive(Debug, Default, Clone)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    /// Trimmed text of a child; `None` when absent or empty.
    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name)
            .map(|c| crate::text::normalize_ws(&c.text))
            .filter(|t| !t.is_empty())
    }
}

/// Reads one legacy XML document.
#[must_use]
pub fn read_xml(bytes: &[u8], ctx: &DocumentContext) -> DocumentOutcome {
    let (text, _) = crate::parse::decode::decode(bytes);
    let mut outcome = DocumentOutcome::default();
    let base = Location {
        file: ctx.file.clone(),
        member: ctx.member.clone(),
        ..Location::default()
    };
    let root = match build_tree(&text, &base, &mut outcome.warnings) {
        Ok(root) => root,
        Err(e) => {
            outcome.records.push(Err(e));
            return outcome;
        }
    };
    let questions: Vec<&Element> = if root.name == "QUESTION" {
        vec![&root]
    } else {
        root.children_named("QUESTION").collect()
    };
    if questions.is_empty() {
        outcome.records.push(Err(ParseError::new(
            ParseErrorKind::NotAQuestion {
                expected: "<QUESTION> element",
            },
            Location {
                path: Some(format!("/{}", root.name)),
                ..base
            },
        )));
        return outcome;
    }
    for (i, q) in questions.into_iter().enumerate() {
        let location = Location {
            record: Some(i + 1),
            ..base.clone()
        };
        let mut mapper = Mapper {
            location,
            warnings: &mut outcome.warnings,
            origin: &ctx.origin,
        };
        outcome.records.push(mapper.map(q));
    }
    outcome
}

fn build_tree(
    text: &str,
    base: &Location,
    warnings: &mut Vec<Warning>,
) -> Result<Element, ParseError> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element {
        name: String::new(),
        ..Element::default()
    }];
    let syntax = |reader: &Reader<&[u8]>, message: String| {
        let position = reader.buffer_position();
        let byte = usize::try_from(position)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let doc = super::text::Doc::new(text);
        ParseError::new(
            ParseErrorKind::Syntax { message },
            Location {
                position: Some(doc.position(byte)),
                ..base.clone()
            },
        )
    };
    let path_of = |stack: &[Element]| {
        stack
            .iter()
            .skip(1)
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join("/")
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| syntax(&reader, e.to_string()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if stack.len() > MAX_DEPTH => {
                let _ = e;
                return Err(syntax(
                    &reader,
                    format!("elements nested deeper than {MAX_DEPTH}"),
                ));
            }
            Event::Start(e) => {
                stack.push(element_of(&e).map_err(|m| syntax(&reader, m))?);
            }
            Event::Empty(e) => {
                let el = element_of(&e).map_err(|m| syntax(&reader, m))?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(el);
                }
            }
            Event::End(_) => {
                if stack.len() <= 1 {
                    return Err(syntax(&reader, "unexpected closing tag".into()));
                }
                let done = stack.pop().unwrap_or_default();
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(done);
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => match &*r {
                        "lt" => Some("<".into()),
                        "gt" => Some(">".into()),
                        "amp" => Some("&".into()),
                        "apos" => Some("'".into()),
                        "quot" => Some("\"".into()),
                        _ => None,
                    },
                    Err(e) => return Err(syntax(&reader, e.to_string())),
                };
                let piece = resolved.unwrap_or_else(|| {
                    let name: &str = &r;
                    warnings.push(Warning {
                        location: Location {
                            path: Some(format!("/{}", path_of(&stack))),
                            ..base.clone()
                        },
                        message: format!(
                            "entity &{name}; is not expanded (only the predefined XML entities are)"
                        ),
                    });
                    format!("&{name};")
                });
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&piece);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        let open = path_of(&stack);
        return Err(syntax(&reader, format!("document ends inside <{open}>")));
    }
    let mut top = stack.pop().unwrap_or_default();
    match top.children.len() {
        1 => Ok(top.children.pop().unwrap_or_default()),
        0 => Err(ParseError::new(
            ParseErrorKind::Syntax {
                message: "no root element".into(),
            },
            base.clone(),
        )),
        _ => Err(ParseError::new(
            ParseErrorKind::Syntax {
                message: "several root elements".into(),
            },
            base.clone(),
        )),
    }
}

fn element_of(e: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let name = e.local_name().as_ref().to_owned();
    let mut attributes = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = attr.key.local_name().as_ref().to_owned();
        // An attribute with an entity we do not expand keeps its text as written.
        let value = match attr.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => attr.value.clone().into_owned(),
        };
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        ..Element::default()
    })
}

struct Mapper<'w> {
    location: Location,
    warnings: &'w mut Vec<Warning>,
    /// What the provenance records of the document.
    origin: &'w Origin,
}

const KNOWN: &[&str] = &[
    "LEGISLATURE",
    "DEPOT",
    "AUTEUR",
    "GROUPE",
    "CIRCONSCRIPTION",
    "INDEXATION_AN",
    "MINI",
    "MINA",
    "ERRATUM_QUESTION",
    "SIGNALEMENT",
    "RENOUVELLEMENT",
    "CLOTURE",
    "REPONSE",
    "ERRATUM_REPONSE",
];

impl Mapper<'_> {
    fn err(&self, path: &str, kind: ParseErrorKind) -> ParseError {
        ParseError::new(
            kind,
            Location {
                path: Some(path.to_owned()),
                ..self.location.clone()
            },
        )
    }

    fn date(&self, el: &Element, child: &str, path: &str) -> Result<Option<NaiveDate>, ParseError> {
        let Some(value) = el.text_of(child) else {
            return Ok(None);
        };
        crate::text::parse_numeric_date(&value)
            .map(|(d, _)| d)
            .or_else(|_| crate::text::parse_iso_date(&value))
            .map(Some)
            .map_err(|_| {
                self.err(
                    &format!("{path}/{child}"),
                    ParseErrorKind::InvalidDate {
                        field: child.to_owned(),
                        value,
                    },
                )
            })
    }

    fn number<T: std::str::FromStr>(
        &self,
        value: Option<String>,
        path: &str,
        field: &str,
    ) -> Result<Option<T>, ParseError> {
        match value {
            None => Ok(None),
            Some(v) => v.trim().parse().map(Some).map_err(|_| {
                self.err(
                    path,
                    ParseErrorKind::InvalidNumber {
                        field: field.to_owned(),
                        value: v,
                    },
                )
            }),
        }
    }

    fn jo(
        &self,
        el: &Element,
        date_tag: &str,
        page_tag: &str,
        path: &str,
    ) -> Result<Option<JoRef>, ParseError> {
        let Some(date) = self.date(el, date_tag, path)? else {
            return Ok(None);
        };
        let page = self.number(
            el.text_of(page_tag),
            &format!("{path}/{page_tag}"),
            page_tag,
        )?;
        Ok(Some(JoRef { date, page }))
    }

    fn map(&mut self, q: &Element) -> Result<Question, ParseError> {
        for child in &q.children {
            if !KNOWN.contains(&child.name.as_str()) {
                self.warnings.push(Warning {
                    location: Location {
                        path: Some(format!("/QUESTION/{}", child.name)),
                        ..self.location.clone()
                    },
                    message: format!("unknown element <{}> ignored", child.name),
                });
            }
        }
        let kind = match q.attr("TYPE") {
            Some(t) => t.parse::<QuestionKind>().map_err(|reason| {
                self.err(
                    "/QUESTION/@TYPE",
                    ParseErrorKind::InvalidValue {
                        field: "TYPE".into(),
                        value: t.to_owned(),
                        reason,
                    },
                )
            })?,
            None => {
                return Err(self.err("/QUESTION", ParseErrorKind::MissingField { field: "TYPE" }));
            }
        };
        let legislature: u16 = self
            .number(
                q.text_of("LEGISLATURE"),
                "/QUESTION/LEGISLATURE",
                "LEGISLATURE",
            )?
            .ok_or_else(|| {
                self.err(
                    "/QUESTION",
                    ParseErrorKind::MissingField {
                        field: "LEGISLATURE",
                    },
                )
            })?;
        let depot = q
            .children_named("DEPOT")
            .find(|d| d.attr("NUMERO").is_some());
        let number: u32 = self
            .number(
                depot.and_then(|d| d.attr("NUMERO")).map(str::to_owned),
                "/QUESTION/DEPOT/@NUMERO",
                "DEPOT NUMERO",
            )?
            .ok_or_else(|| {
                self.err(
                    "/QUESTION",
                    ParseErrorKind::MissingField {
                        field: "DEPOT NUMERO",
                    },
                )
            })?;
        let id = QuestionId {
            legislature,
            kind,
            number,
        };
        self.location.question = Some(id.uid());
        let source = Source {
            format: SourceFormat::LegacyXml,
            path: self.origin.recorded_path(&self.location.file),
            member: self.location.member.clone(),
            line: 1,
            sha256: self.origin.sha256.clone(),
        };
        let mut question = Question::new(id, source);
        if let Some(depot) = depot {
            question.published = self.jo(depot, "DATE_JO", "PAGE_JO", "/QUESTION/DEPOT")?;
        }
        question.text = q
            .children_named("DEPOT")
            .find_map(|d| d.child("TEXTE_DEPOT"))
            .map(|t| super::html::fragment_to_text(&t.text))
            .filter(|t| !t.is_empty());
        self.author(q, &mut question)?;
        if let Some(ix) = q.child("INDEXATION_AN") {
            question.rubric = ix
                .attr("RUBRIQUE")
                .map(crate::text::normalize_ws)
                .or_else(|| ix.text_of("RUBRIQUE"));
            question.analysis_heading = ix.text_of("TETE_ANALYSE");
            if let Some(analyse) = ix.child("ANALYSE") {
                question.analyses = analyse
                    .children_named("ANA")
                    .map(|a| crate::text::normalize_ws(&a.text))
                    .filter(|a| !a.is_empty())
                    .collect();
                if question.analyses.is_empty() {
                    question.analyses.extend(
                        Some(crate::text::normalize_ws(&analyse.text)).filter(|a| !a.is_empty()),
                    );
                }
            }
        }
        if let Some(mini) = q.child("MINI") {
            question.ministry_questioned = ministry(mini, "ID_MINI");
        }
        if let Some(mina) = q.child("MINA") {
            for (i, ordre) in mina.children_named("ORDRE").enumerate() {
                let path = format!("/QUESTION/MINA/ORDRE[{}]", i + 1);
                if let Some(m) = ministry(ordre, "ID_MINA") {
                    let date = self.date(ordre, "DATE_JO", &path)?;
                    question
                        .attributions
                        .push(Attribution { ministry: m, date });
                }
            }
            question.attributions.sort_by_key(|a| a.date);
            question.attribution_changes = question
                .attributions
                .iter()
                .skip(1)
                .filter_map(|a| a.date)
                .collect();
        }
        for (tag, target) in [
            ("ERRATUM_QUESTION", ErratumTarget::Question),
            ("ERRATUM_REPONSE", ErratumTarget::Answer),
        ] {
            for e in q.children_named(tag) {
                if let Some(published) =
                    self.jo(e, "DATE_JO", "PAGE_JO", &format!("/QUESTION/{tag}"))?
                {
                    let text = e
                        .text_of("TEXTE_ERRATUM")
                        .map(|t| super::html::fragment_to_text(&t));
                    question.errata.push(Erratum {
                        target,
                        published,
                        text,
                    });
                }
            }
        }
        for s in q.children_named("SIGNALEMENT") {
            let date = self
                .date(s, "DATE_JO", "/QUESTION/SIGNALEMENT")?
                .or(self.date(s, "DATE_DEPOT_SIGNAL", "/QUESTION/SIGNALEMENT")?);
            question.signalled.extend(date);
        }
        if let Some(r) = q.child("RENOUVELLEMENT") {
            for (i, ordre) in r.children_named("ORDRE").enumerate() {
                let path = format!("/QUESTION/RENOUVELLEMENT/ORDRE[{}]", i + 1);
                let date = self
                    .date(ordre, "DATE_RENOUVELLEMENT", &path)?
                    .or(self.date(ordre, "DATE_JO", &path)?);
                question.renewed.extend(date);
            }
        }
        if let Some(r) = q.child("REPONSE") {
            let text = r
                .child("TEXTE_REPONSE")
                .map(|t| super::html::fragment_to_text(&t.text))
                .filter(|t| !t.is_empty());
            let published =
                self.jo(r, "DATE_JO_REPONSE", "PAGE_JO_REPONSE", "/QUESTION/REPONSE")?;
            if text.is_some() || published.is_some() {
                question.answer = Some(Answer {
                    published,
                    text,
                    mentions: Vec::new(),
                });
            }
        }
        if let Some(c) = q.child("CLOTURE") {
            let code = c.text_of("ABREGE");
            let label = c.text_of("LIBELLE");
            let published = self.jo(c, "DATE_JO", "PAGE_JO", "/QUESTION/CLOTURE")?;
            if code.is_some() || label.is_some() || published.is_some() {
                let kind = ClosureKind::classify(
                    code.as_deref().unwrap_or(""),
                    label.as_deref().unwrap_or(""),
                );
                if kind == ClosureKind::AnswerPublished {
                    if let (Some(answer), Some(p)) = (question.answer.as_mut(), published) {
                        answer.published.get_or_insert(p);
                    }
                }
                let reason = label
                    .as_deref()
                    .and_then(|l| super::json::closure_reason(l, kind));
                question.closure = Some(Closure {
                    kind,
                    date: published.map(|p| p.date),
                    reason,
                    code,
                    label,
                    published,
                });
            }
        }
        question.complete();
        Ok(question)
    }

    fn author(&mut self, q: &Element, question: &mut Question) -> Result<(), ParseError> {
        let Some(a) = q.child("AUTEUR") else {
            return Ok(());
        };
        let given = a.text_of("PRENOM");
        let family = a.text_of("NOM");
        let name = match (&given, &family) {
            (Some(g), Some(f)) => format!("{g} {f}"),
            (None, Some(n)) | (Some(n), None) => n.clone(),
            (None, None) => String::new(),
        };
        let mut author = Author {
            civility: a.text_of("CIVILITE"),
            name,
            given_name: given,
            family_name: family,
            id: a.text_of("ID_ACTEUR").map(|n| prefixed("PA", &n)),
            mandate_id: a.attr("ID_MANDAT").map(|n| prefixed("PM", n)),
            ..Author::default()
        };
        if let Some(g) = q.child("GROUPE") {
            let label = g
                .text_of("LIBELLE")
                .or_else(|| g.attr("SIGLE").map(str::to_owned));
            if let Some(label) = label {
                author.group = Some(Group {
                    label,
                    short_label: g.attr("SIGLE").map(str::to_owned),
                    id: g.text_of("ID_GROUPE").map(|n| prefixed("PO", &n)),
                });
            }
        }
        if let Some(c) = q.child("CIRCONSCRIPTION") {
            if let Some(label) = c.text_of("DEPARTEMENT") {
                let number = self.number(
                    c.attr("NUMERO_CIRCONSCRIPTION").map(str::to_owned),
                    "/QUESTION/CIRCONSCRIPTION/@NUMERO_CIRCONSCRIPTION",
                    "NUMERO_CIRCONSCRIPTION",
                )?;
                author.constituency = Some(Constituency {
                    label,
                    department_code: c
                        .text_of("CODE_DEPARTEMENT")
                        .map(|c| crate::model::normalize_department_code(&c)),
                    number,
                    region: c.text_of("REGION"),
                });
            }
        }
        if !author.name.is_empty() || author.id.is_some() {
            question.author = Some(author);
        }
        Ok(())
    }
}

fn prefixed(prefix: &str, n: &str) -> String {
    let n = n.trim();
    if n.starts_with(prefix) {
        n.to_owned()
    } else {
        format!("{prefix}{n}")
    }
}

fn ministry(el: &Element, id_tag: &str) -> Option<Ministry> {
    let label = el.text_of("ABREGE").or_else(|| el.text_of("DEVELOPPE"))?;
    Some(Ministry {
        label,
        long_label: el.text_of("DEVELOPPE"),
        id: el.text_of(id_tag).map(|n| prefixed("PO", &n)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(xml: &str) -> DocumentOutcome {
        read_xml(
            xml.as_bytes(),
            &DocumentContext {
                file: "q.xml".into(),
                member: None,

                ..Default::default()
            },
        )
    }

    const Q: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<QUESTION TYPE="QE"><LEGISLATURE>14</LEGISLATURE>
<DEPOT NUMERO="12"><DATE_JO>07/01/2014</DATE_JO><PAGE_JO>18</PAGE_JO></DEPOT>
<AUTEUR ID_MANDAT="1"><ID_ACTEUR>923</ID_ACTEUR><CIVILITE>M.</CIVILITE><NOM>Durand</NOM><PRENOM>Paul</PRENOM></AUTEUR>
<GROUPE SIGLE="X"><LIBELLE>Groupe &amp; Co</LIBELLE><ID_GROUPE>5</ID_GROUPE></GROUPE>
<CIRCONSCRIPTION NUMERO_CIRCONSCRIPTION="2"><CODE_DEPARTEMENT>52</CODE_DEPARTEMENT><DEPARTEMENT>Haute-Marne</DEPARTEMENT></CIRCONSCRIPTION>
<INDEXATION_AN RUBRIQUE="défense"><TETE_ANALYSE>équipements</TETE_ANALYSE><ANALYSE><ANA>a</ANA><ANA>b</ANA></ANALYSE></INDEXATION_AN>
<MINI><ABREGE>Défense</ABREGE><ID_MINI>7</ID_MINI></MINI>
<MINA><ORDRE NUMERO="1"><ABREGE>Défense</ABREGE><ID_MINA>7</ID_MINA><DATE_JO>07/01/2014</DATE_JO></ORDRE>
<ORDRE NUMERO="2"><ABREGE>Armées</ABREGE><ID_MINA>8</ID_MINA><DATE_JO>03/04/2014</DATE_JO></ORDRE></MINA>
<DEPOT><TEXTE_DEPOT><![CDATA[Le <b>texte</b>.]]></TEXTE_DEPOT></DEPOT>
<CLOTURE><DATE_JO>13/05/2014</DATE_JO><PAGE_JO>3858</PAGE_JO><ABREGE>REP_PUB</ABREGE><LIBELLE>Réponse publiée</LIBELLE></CLOTURE>
<REPONSE><TEXTE_REPONSE><![CDATA[Réponse.]]></TEXTE_REPONSE></REPONSE>
</QUESTION>"#;

    #[test]
    fn legacy_question_maps_every_field() {
        let out = read(Q);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let q = out.records.into_iter().next().expect("one").expect("ok");
        assert_eq!(q.uid(), "QANR5L14QE12");
        let a = q.author.expect("author");
        assert_eq!(
            (a.name.as_str(), a.id.as_deref()),
            ("Paul Durand", Some("PA923"))
        );
        assert_eq!(a.group.expect("group").label, "Groupe & Co");
        assert_eq!(
            a.constituency.expect("place").department_code.as_deref(),
            Some("52")
        );
        assert_eq!(q.analyses, ["a", "b"]);
        assert_eq!(
            q.ministry_assigned.expect("assigned").id.as_deref(),
            Some("PO8")
        );
        assert_eq!(q.attribution_changes.len(), 1);
        assert_eq!(q.text.as_deref(), Some("Le texte."));
        let answer = q.answer.expect("answer");
        assert_eq!(answer.published.and_then(|p| p.page), Some(3858));
        assert_eq!(
            q.closure.expect("closure").kind,
            ClosureKind::AnswerPublished
        );
    }

    #[test]
    fn entities_are_never_expanded() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<QUESTION TYPE="QE"><LEGISLATURE>14</LEGISLATURE><DEPOT NUMERO="1"/><INDEXATION_AN RUBRIQUE="x"><TETE_ANALYSE>&lol2;</TETE_ANALYSE></INDEXATION_AN></QUESTION>"#;
        let out = read(bomb);
        let q = out.records.into_iter().next().expect("one").expect("ok");
        assert_eq!(q.analysis_heading.as_deref(), Some("&lol2;"));
        assert_eq!(out.warnings.len(), 1);
    }

    #[test]
    fn malformed_xml_is_a_positioned_error() {
        let out = read("<QUESTION TYPE=\"QE\"><LEGISLATURE>14</LEGISLATURE>\n<DEPOT>");
        let e = out
            .records
            .into_iter()
            .next()
            .expect("one")
            .expect_err("error");
        assert!(matches!(e.kind, ParseErrorKind::Syntax { .. }), "{e}");
        assert!(e.location.position.is_some());
    }

    #[test]
    fn bad_values_name_the_element() {
        let out = read(
            "<QUESTION TYPE=\"QE\"><LEGISLATURE>14</LEGISLATURE><DEPOT NUMERO=\"1\"><DATE_JO>31/02/2014</DATE_JO></DEPOT></QUESTION>",
        );
        let e = out
            .records
            .into_iter()
            .next()
            .expect("one")
            .expect_err("error");
        assert!(e.to_string().contains("/QUESTION/DEPOT/DATE_JO"), "{e}");
        assert!(e.to_string().contains("31/02/2014"), "{e}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
        let out = read(&deep);
        assert!(out.records[0].is_err());
    }
}
