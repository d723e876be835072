//! The pages: what each shows of the store, rendered with the templates of `templates/`
//! (minijinja, HTML escaped everywhere), in French or English.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::Environment;
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use serde_json::{Map, Value, json};

use super::describe::{self, Kind};
use super::facts::{Facts, last_part};
use super::i18n::{self, Lang, word};
use super::{Endpoint, ONTOLOGY, PER_PAGE, param};
use crate::model::QuestionId;
use crate::rdf::vocab::{dcterms, eli_dl, foaf, owl, qe, rdf, rdfs, schema, skos};
use crate::serve::endpoint::{Failure, Representation};
use crate::store::search::listing::{ListFilter, Listing, Profile};
use crate::store::search::{Role, Status, parse_link};
use crate::store::{QuestionStore, StoreError};

/// The style sheet.
pub const STYLE: &str = include_str!("templates/site.css");

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("question.html", include_str!("templates/question.html")),
    ("resource.html", include_str!("templates/resource.html")),
    ("home.html", include_str!("templates/home.html")),
    ("search.html", include_str!("templates/search.html")),
    ("notfound.html", include_str!("templates/notfound.html")),
    ("ontology.html", include_str!("templates/ontology.html")),
];

const SKOS_DEFINITION: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#definition");
const RDFS_COMMENT: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#comment");
const RDFS_DOMAIN: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#domain");
const RDFS_RANGE: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2000/01/rdf-schema#range");
const OWL_CLASS: NamedNodeRef<'static> =
    NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#Class");
const ACTIVITY_DATE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
    "http://data.europa.eu/eli/eli-draft-legislation-ontology#activity_date",
);
const ACTIVITY_TYPE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
    "http://data.europa.eu/eli/eli-draft-legislation-ontology#had_activity_type",
);

/// The templates, one environment per language (each with its words and formats).
pub fn environments() -> [Environment<'static>; 2] {
    [environment(Lang::Fr), environment(Lang::En)]
}

fn environment(lang: Lang) -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        // A template that does not compile is missing at rendering time, which says so;
        // the tests render every template.
        let _ = env.add_template(name, source);
    }
    // Escapes what HTML needs (`& < > " '`) and nothing else, so that addresses read as
    // they are; `none` and undefined values write nothing.
    env.set_formatter(|out, _state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        let text = value.to_string();
        let written = if value.is_safe() {
            out.write_str(&text)
        } else {
            out.write_str(&escape(&text))
        };
        written.map_err(|_| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the page")
        })
    });
    env.add_function("t", move |key: &str| word(lang, key).to_owned());
    env.add_filter("date", move |v: String| i18n::long_date(lang, &v));
    env.add_filter("month", move |v: String| i18n::month(lang, &v));
    env.add_filter("num", move |v: minijinja::Value| {
        match u64::try_from(v.clone()) {
            Ok(n) => i18n::number(lang, n),
            Err(_) => v.to_string(),
        }
    });
    env
}

fn render(endpoint: &Endpoint, lang: Lang, name: &str, context: Value) -> Result<String, Failure> {
    let env = &endpoint.site.envs[usize::from(lang == Lang::En)];
    env.get_template(name)
        .and_then(|t| t.render(minijinja::value::Serde(&context)))
        .map_err(|e| super::super::internal(format!("page {name}: {e:#}")))
}

/// HTML (and XML) escaping.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON for a `<script>` element: nothing in it can close the element.
fn script_json(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `?lang=en` (or nothing) for links.
fn lang_query(lang: Lang) -> &'static str {
    if lang == Lang::En { "?lang=en" } else { "" }
}

/// The address of the same page in the other language.
fn switch_href(path: &str, params: &[(String, String)], lang: Lang) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        if k != "lang" {
            query.append_pair(k, v);
        }
    }
    if lang.other() == Lang::En {
        query.append_pair("lang", "en");
    }
    let query = query.finish();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// What every page has.
fn common(lang: Lang, title: &str, path: &str, params: &[(String, String)]) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("lang".into(), json!(lang.code()));
    c.insert("other_lang".into(), json!(lang.other().code()));
    c.insert("langq".into(), json!(lang_query(lang)));
    c.insert("title".into(), json!(title));
    c.insert("switch_href".into(), json!(switch_href(path, params, lang)));
    c
}

/// A link for the templates: label and address.
fn link(endpoint: &Endpoint, facts: &Facts, iri: &str, lang: Lang) -> Value {
    json!({ "label": facts.label(iri, lang.code()), "href": endpoint.page_href(iri, lang) })
}

fn rdf_links(endpoint: &Endpoint, iri: &str, lang: Lang) -> Value {
    let formats = [
        ("Turtle", crate::export::ExportFormat::Turtle),
        ("JSON-LD", crate::export::ExportFormat::JsonLd),
        ("N-Triples", crate::export::ExportFormat::NTriples),
        ("RDF/XML", crate::export::ExportFormat::RdfXml),
    ];
    Value::Array(
        formats
            .iter()
            .map(|(label, f)| {
                json!({
                    "label": label,
                    "type": f.media_type(),
                    "href": endpoint.document_href(iri, Representation::Graph(*f), lang),
                })
            })
            .collect(),
    )
}

fn alternates(endpoint: &Endpoint, iri: &str, lang: Lang) -> Value {
    let mut out = match rdf_links(endpoint, iri, lang) {
        Value::Array(a) => a,
        _ => Vec::new(),
    };
    out.push(json!({
        "type": "text/html",
        "href": endpoint.document_href(iri, Representation::Html, lang.other()),
    }));
    Value::Array(out)
}

/// The page of a resource; `None` when nothing is known of it.
pub fn page(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    iri: &NamedNode,
    params: &[(String, String)],
    lang: Lang,
) -> Result<Option<String>, Failure> {
    let (facts, triples) = describe::facts_of(endpoint, store, iri)?;
    if triples.is_empty() {
        return Ok(None);
    }
    let kind = Kind::of(iri.as_str(), &facts, endpoint.minter.base());
    Ok(Some(match kind {
        Kind::Question => question(endpoint, iri, &facts, params, lang)?,
        Kind::Other => generic(endpoint, store, iri, &facts, params, lang)?,
        _ => resource(endpoint, store, iri, kind, &facts, params, lang)?,
    }))
}

/// The status of a question from its facts.
fn status_of(facts: &Facts, q: &str) -> Status {
    let closure = facts.iris(q, qe::CLOSURE_TYPE);
    let closure = closure.first().map_or("", String::as_str);
    Status::of(!facts.iris(q, qe::ANSWER_PROP).is_empty(), closure)
}

/// The title of a question: `Question écrite n° 13417`.
fn question_title(id: &QuestionId, lang: Lang) -> String {
    let kind = word(lang, &format!("kind_{}", id.kind.code())).to_owned();
    match lang {
        Lang::Fr => format!("{kind} n° {}", id.number),
        Lang::En => format!("{kind} no. {}", id.number),
    }
}

fn legislature_label(n: u16, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{n}e législature"),
        Lang::En => format!("{n}th legislature"),
    }
}

/// A text cut into paragraphs, the cited bodies linked: `[[{text, href?, title?}]]`.
fn segments(endpoint: &Endpoint, facts: &Facts, owner: &str, text: &str, lang: Lang) -> Value {
    let mut mentions: Vec<(usize, usize, String)> = facts
        .iris(owner, qe::MENTION_PROP)
        .iter()
        .filter_map(|m| {
            let number = |p| facts.literal(m, p).and_then(|v| v.parse::<usize>().ok());
            let entity = facts.iris(m, qe::MENTIONED_ENTITY).into_iter().next()?;
            Some((number(qe::CHAR_START)?, number(qe::CHAR_END)?, entity))
        })
        .collect();
    mentions.sort();
    let chars: Vec<char> = text.chars().collect();
    let mut paragraphs: Vec<Vec<Value>> = vec![Vec::new()];
    let plain = |paragraphs: &mut Vec<Vec<Value>>, from: usize, to: usize| {
        let piece: String = chars[from..to].iter().collect();
        for (i, part) in piece.split('\n').enumerate() {
            if i > 0 {
                paragraphs.push(Vec::new());
            }
            if !part.is_empty() {
                if let Some(p) = paragraphs.last_mut() {
                    p.push(json!({ "text": part }));
                }
            }
        }
    };
    let mut at = 0;
    for (start, end, entity) in mentions {
        if start < at || end > chars.len() || start >= end {
            continue;
        }
        plain(&mut paragraphs, at, start);
        let surface: String = chars[start..end].iter().collect();
        if surface.contains('\n') {
            plain(&mut paragraphs, start, end);
        } else if let Some(p) = paragraphs.last_mut() {
            p.push(json!({
                "text": surface,
                "href": endpoint.page_href(&entity, lang),
                "title": facts.label(&entity, lang.code()),
            }));
        }
        at = end;
    }
    plain(&mut paragraphs, at, chars.len());
    paragraphs.retain(|p| !p.is_empty());
    json!(paragraphs)
}

fn question(
    endpoint: &Endpoint,
    iri: &NamedNode,
    facts: &Facts,
    params: &[(String, String)],
    lang: Lang,
) -> Result<String, Failure> {
    let q = iri.as_str();
    let id = describe::question_id(q, endpoint.minter.base())
        .ok_or_else(|| super::super::internal(format!("{q} is not a question's IRI")))?;
    let l = |iri: &str| link(endpoint, facts, iri, lang);
    let links = |p| -> Vec<Value> { facts.iris(q, p).iter().map(|i| l(i)).collect() };
    let title = question_title(&id, lang);
    let path = format!("/page/{}", endpoint.local_path(q).unwrap_or_default());
    let mut c = common(
        lang,
        &format!("{title} ({})", legislature_label(id.legislature, lang)),
        &path,
        params,
    );
    let legislature = facts
        .iris(q, qe::LEGISLATURE_PROP)
        .first()
        .map_or_else(|| json!({ "label": legislature_label(id.legislature, lang) }), |i| {
            json!({ "label": legislature_label(id.legislature, lang), "href": endpoint.page_href(i, lang) })
        });
    let author = facts.iris(q, dcterms::CREATOR).first().map(|a| {
        let name = facts.label(a, lang.code());
        let civility = facts.literal(a, schema::HONORIFIC_PREFIX);
        json!({
            "label": civility.map_or_else(|| name.clone(), |c| format!("{c} {name}")),
            "href": endpoint.page_href(a, lang),
        })
    });
    let place = facts
        .iris(q, qe::AUTHOR_CONSTITUENCY)
        .into_iter()
        .chain(facts.iris(q, qe::AUTHOR_REGION))
        .next()
        .map(|p| l(&p));
    // The ministry that answered: the participant of the answer step.
    let mut answering = Vec::new();
    let mut timeline: Vec<(String, String)> = Vec::new();
    for step in facts.iris(q, qe::HAS_STEP) {
        let date = facts.literal(&step, ACTIVITY_DATE).unwrap_or_default();
        let label = facts
            .iris(&step, ACTIVITY_TYPE)
            .first()
            .map(|t| facts.label(t, lang.code()))
            .unwrap_or_default();
        timeline.push((date, label));
        for participation in facts.iris(&step, eli_dl::HAD_PARTICIPATION) {
            let repondant = facts
                .iris(&participation, eli_dl::PARTICIPATION_ROLE)
                .iter()
                .any(|r| r.ends_with("/role/repondant"));
            if repondant {
                answering.extend(
                    facts
                        .iris(&participation, eli_dl::HAD_PARTICIPANT_ORGANIZATION)
                        .iter()
                        .map(|o| l(o)),
                );
            }
        }
    }
    timeline.sort();
    let status = status_of(facts, q);
    let closure = facts
        .iris(q, qe::CLOSURE_TYPE)
        .first()
        .map(|c| facts.label(c, lang.code()));
    let closure_reason = facts
        .iris(q, qe::CLOSURE_REASON)
        .first()
        .map(|c| facts.label(c, lang.code()));
    let text = facts.literal(q, schema::TEXT).unwrap_or_default();
    let mut bodies: Vec<String> = facts.iris(q, schema::MENTIONS);
    let mut answers = Vec::new();
    let mut answer_json = Vec::new();
    for a in facts.iris(q, qe::ANSWER_PROP) {
        bodies.extend(facts.iris(&a, schema::MENTIONS));
        let answer_text = facts.literal(&a, schema::TEXT).unwrap_or_default();
        let date = facts.literal(&a, dcterms::ISSUED);
        answer_json.push(json!({
            "@type": "Answer",
            "@id": a,
            "text": answer_text,
            "dateCreated": date,
        }));
        answers.push(json!({
            "date": date,
            "page": facts.literal(&a, qe::JO_PAGE),
            "text": segments(endpoint, facts, &a, &answer_text, lang),
        }));
    }
    bodies.sort();
    bodies.dedup();
    let mut sources = Vec::new();
    for (p, label) in [
        (rdfs::SEE_ALSO, word(lang, "assembly_page")),
        (dcterms::SOURCE, word(lang, "original_page")),
    ] {
        for s in facts.iris(q, p) {
            sources.push(json!({ "href": s, "label": format!("{label} ({})", host_of(&s)) }));
        }
    }
    let heading = facts.literal(q, qe::ANALYSIS_HEADING);
    let published = facts.literal(q, dcterms::ISSUED);
    let kind_key = format!("kind_{}", id.kind.code());
    let kind_label = word(lang, &kind_key);
    let author_name = facts
        .iris(q, dcterms::CREATOR)
        .first()
        .map(|a| (a.clone(), facts.label(a, "fr")));
    let jsonld = json!({
        "@context": "https://schema.org",
        "@type": "Question",
        "@id": q,
        "identifier": id.uid(),
        "name": format!("{title} ({})", legislature_label(id.legislature, lang)),
        "headline": heading,
        "text": text,
        "dateCreated": published,
        "inLanguage": "fr",
        "author": author_name.map(|(i, n)| json!({"@type": "Person", "@id": i, "name": n})),
        "about": facts.iris(q, dcterms::SUBJECT).iter().map(|r| facts.label(r, "fr")).collect::<Vec<_>>(),
        "mentions": bodies.iter().map(|b| json!({"@type": "Organization", "@id": b, "name": facts.label(b, "fr")})).collect::<Vec<_>>(),
        "answerCount": answer_json.len(),
        "acceptedAnswer": answer_json.first(),
        "sameAs": facts.iris(q, rdfs::SEE_ALSO),
    });
    for (k, v) in [
        (
            "description",
            json!(heading.clone().unwrap_or_else(|| title.clone())),
        ),
        ("jsonld", json!(script_json(&jsonld))),
        ("alternates", alternates(endpoint, q, lang)),
        ("iri", json!(q)),
        ("uid", json!(id.uid())),
        ("number", json!(id.number)),
        ("kind_label", json!(kind_label)),
        ("legislature", legislature),
        ("author", json!(author)),
        (
            "group",
            json!(facts.iris(q, qe::AUTHOR_GROUP).first().map(|g| l(g))),
        ),
        ("place", json!(place)),
        (
            "constituency_number",
            json!(facts.literal(q, qe::CONSTITUENCY_NUMBER)),
        ),
        ("questioned", json!(links(qe::MINISTRY_QUESTIONED))),
        ("assigned", json!(links(qe::MINISTRY_ASSIGNED))),
        ("answering", json!(answering)),
        ("attributed", json!(links(qe::ATTRIBUTED_TO))),
        ("rubrics", json!(links(dcterms::SUBJECT))),
        ("heading", json!(heading)),
        ("analysis_heading", json!(heading)),
        ("analyses", json!(facts.literals(q, qe::ANALYSIS))),
        ("status", json!(status.name())),
        ("closure", json!(closure)),
        ("closure_reason", json!(closure_reason)),
        (
            "timeline",
            json!(
                timeline
                    .iter()
                    .map(|(d, label)| json!({"date": d, "label": label}))
                    .collect::<Vec<_>>()
            ),
        ),
        ("published", json!(published)),
        ("jo_page", json!(facts.literal(q, qe::JO_PAGE))),
        ("text", segments(endpoint, facts, q, &text, lang)),
        ("answers", json!(answers)),
        (
            "bodies",
            json!(bodies.iter().map(|b| l(b)).collect::<Vec<_>>()),
        ),
        ("sources", json!(sources)),
        ("rdf_links", rdf_links(endpoint, q, lang)),
    ] {
        c.insert(k.into(), v);
    }
    render(endpoint, lang, "question.html", Value::Object(c))
}

fn host_of(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or(url)
}

/// The filters a list page reads from its parameters.
fn list_filter(params: &[(String, String)], endpoint: &Endpoint) -> ListFilter {
    ListFilter {
        legislature: param(params, "legislature").and_then(|l| l.parse().ok()),
        kind: param(params, "type").and_then(|k| k.parse().ok()),
        status: param(params, "status").and_then(Status::parse),
        link: param(params, "ministry")
            .filter(|m| m.starts_with(endpoint.minter.base()))
            .map(|m| Role::Questioned.link(m)),
    }
}

/// The IRIs of a role in a profile, most frequent first.
fn top(profile: &Profile, role: Role, n: usize, except: &str) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = profile
        .by_link
        .iter()
        .filter_map(|(link, count)| {
            let (r, iri) = parse_link(link)?;
            (r == role && iri != except).then(|| (iri.to_owned(), *count))
        })
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.truncate(n);
    found
}

fn bars(items: &[(Value, usize)]) -> Value {
    let most = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    Value::Array(
        items
            .iter()
            .map(|(label, n)| {
                let mut bar = label.as_object().cloned().unwrap_or_default();
                bar.insert("count".into(), json!(n));
                #[allow(clippy::cast_precision_loss)]
                bar.insert(
                    "pct".into(),
                    json!(((*n as f64) * 100.0 / most as f64).round()),
                );
                Value::Object(bar)
            })
            .collect(),
    )
}

/// The charts of [`role_chart`] for each role and the word of its title.
fn role_charts(
    endpoint: &Endpoint,
    facts: &Facts,
    profile: &Profile,
    roles: &[(Role, &str)],
    except: &str,
    lang: Lang,
) -> Vec<Value> {
    roles
        .iter()
        .filter_map(|(role, title)| {
            role_chart(
                endpoint,
                facts,
                profile,
                *role,
                word(lang, title),
                except,
                lang,
            )
        })
        .collect()
}

/// The chart of a role's most frequent IRIs.
fn role_chart(
    endpoint: &Endpoint,
    facts: &Facts,
    profile: &Profile,
    role: Role,
    title: &str,
    except: &str,
    lang: Lang,
) -> Option<Value> {
    let items: Vec<(Value, usize)> = top(profile, role, 12, except)
        .into_iter()
        .map(|(iri, n)| (link(endpoint, facts, &iri, lang), n))
        .collect();
    (!items.is_empty()).then(|| json!({ "title": title, "bars": bars(&items) }))
}

/// Questions by month (by year when there are more than three years of months).
fn month_chart(profile: &Profile, lang: Lang) -> Option<Value> {
    if profile.by_month.is_empty() {
        return None;
    }
    let items: Vec<(Value, usize)> = if profile.by_month.len() > 36 {
        let mut by_year: BTreeMap<&str, usize> = BTreeMap::new();
        for (m, n) in &profile.by_month {
            *by_year.entry(m.get(..4).unwrap_or(m)).or_default() += n;
        }
        by_year
            .into_iter()
            .map(|(y, n)| (json!({ "label": y }), n))
            .collect()
    } else {
        profile
            .by_month
            .iter()
            .map(|(m, n)| (json!({ "label": i18n::month(lang, m) }), *n))
            .collect()
    };
    let title = if profile.by_month.len() > 36 {
        match lang {
            Lang::Fr => "Questions par année",
            Lang::En => "Questions by year",
        }
    } else {
        word(lang, "per_month")
    };
    Some(json!({ "title": title, "bars": bars(&items) }))
}

fn legislature_chart(endpoint: &Endpoint, profile: &Profile, lang: Lang) -> Option<Value> {
    (profile.by_legislature.len() > 1).then(|| {
        let items: Vec<(Value, usize)> = profile
            .by_legislature
            .iter()
            .map(|(l, n)| {
                (
                    json!({
                        "label": legislature_label(*l, lang),
                        "href": endpoint.page_href(endpoint.minter.legislature(*l).as_str(), lang),
                    }),
                    *n,
                )
            })
            .collect();
        json!({ "title": word(lang, "per_legislature"), "bars": bars(&items) })
    })
}

/// A listing's rows for the templates.
fn rows(endpoint: &Endpoint, listing: &Listing, lang: Lang) -> Value {
    Value::Array(
        listing
            .rows
            .iter()
            .filter_map(|r| {
                let id = QuestionId::from_uid(&r.uid)?;
                let iri = endpoint.minter.question(&id);
                Some(json!({
                    "label": format!("{} ({})", question_title(&id, lang), legislature_label(id.legislature, lang)),
                    "href": endpoint.page_href(iri.as_str(), lang),
                    "date": r.date.map(|d| d.to_string()),
                    "author": r.author,
                    "heading": r.heading,
                    "status": r.status.name(),
                }))
            })
            .collect(),
    )
}

/// Links to the previous and next pages of a list.
fn pager(path: &str, params: &[(String, String)], page: usize, total: usize) -> Value {
    let count = total.div_ceil(PER_PAGE).max(1);
    let href = |n: usize| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in params {
            if k != "page" && !v.is_empty() {
                query.append_pair(k, v);
            }
        }
        if n > 1 {
            query.append_pair("page", &n.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    };
    json!({
        "page": page,
        "count": count,
        "previous": (page > 1).then(|| href(page - 1)),
        "next": (page < count).then(|| href(page + 1)),
    })
}

fn option(value: String, label: String, selected: Option<&str>) -> Value {
    let is = selected == Some(value.as_str());
    json!({ "value": value, "label": label, "selected": is })
}

/// The filters of a list (legislature, type, status; ministry for a deputy).
fn filters(
    facts: &Facts,
    profile: &Profile,
    params: &[(String, String)],
    with_ministry: bool,
    lang: Lang,
) -> Value {
    let selected = |name| param(params, name);
    let mut out = Vec::new();
    if profile.by_legislature.len() > 1 || selected("legislature").is_some() {
        out.push(json!({
            "name": "legislature",
            "label": word(lang, "legislature"),
            "options": profile.by_legislature.keys().map(|l| option(l.to_string(), legislature_label(*l, lang), selected("legislature"))).collect::<Vec<_>>(),
        }));
    }
    out.push(json!({
        "name": "type",
        "label": word(lang, "type"),
        "options": profile.by_kind.keys().map(|k| option(k.clone(), word(lang, &format!("kind_{k}")).to_owned(), selected("type"))).collect::<Vec<_>>(),
    }));
    out.push(json!({
        "name": "status",
        "label": word(lang, "status"),
        "options": ([Status::Answered, Status::Open, Status::Withdrawn, Status::Closed]).iter()
            .map(|s| option(s.name().to_owned(), word(lang, &format!("status_{}", s.name())).to_owned(), selected("status")))
            .collect::<Vec<_>>(),
    }));
    if with_ministry {
        out.push(json!({
            "name": "ministry",
            "label": word(lang, "ministry_questioned"),
            "options": top(profile, Role::Questioned, 60, "").iter()
                .map(|(iri, _)| option(iri.clone(), facts.label(iri, lang.code()), selected("ministry")))
                .collect::<Vec<_>>(),
        }));
    }
    Value::Array(out)
}

fn fact(name: &str, values: Vec<Value>) -> Option<Value> {
    (!values.is_empty()).then(|| json!({ "name": name, "values": values }))
}

fn external(label: impl Into<String>, href: &str) -> Value {
    json!({ "label": label.into(), "href": href })
}

fn percent(part: usize, whole: usize, lang: Lang) -> String {
    if whole == 0 {
        return "–".into();
    }
    #[allow(clippy::cast_precision_loss)]
    let p = part as f64 * 100.0 / whole as f64;
    let text = format!("{p:.1} %");
    match lang {
        Lang::Fr => text.replace('.', ",").replace(" %", "\u{a0}%"),
        Lang::En => text.replace(" %", "%"),
    }
}

/// A deputy, ministry, group, rubric, cited body, place or legislature.
#[allow(clippy::too_many_lines)]
fn resource(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    iri: &NamedNode,
    kind: Kind,
    facts: &Facts,
    params: &[(String, String)],
    lang: Lang,
) -> Result<String, Failure> {
    let r = iri.as_str();
    let code = lang.code();
    let path = format!("/page/{}", endpoint.local_path(r).unwrap_or_default());
    let page = super::page_number(params)?;
    let filter = list_filter(params, endpoint);
    let links = kind.links(r);
    let listing = match store.listing(&links, &filter, PER_PAGE, (page - 1) * PER_PAGE) {
        Ok(l) => Some(l),
        Err(StoreError::NoSearchIndex) => None,
        Err(e) => return Err(e.into()),
    };
    // The labels of what the profile links to, for its charts and filters.
    let mut facts_plus = Facts::new(std::iter::empty());
    if let Some(l) = &listing {
        let mut wanted: Vec<String> = Vec::new();
        for role in Role::ALL {
            wanted.extend(top(&l.profile, role, 60, r).into_iter().map(|(i, _)| i));
        }
        facts_plus.extend(describe::labels(endpoint, store, &wanted)?);
    }
    facts_plus.extend(facts.all().cloned());
    let all = &facts_plus;
    let label = facts.label(r, code);
    let mut c = common(lang, &label, &path, params);
    let mut figures = Vec::new();
    let mut charts = Vec::new();
    let mut related = Vec::new();
    let mut mandates = Vec::new();
    let mut facts_out: Vec<Option<Value>> = Vec::new();
    let (kicker, subtitle, jsonld): (String, Option<String>, Value);
    let profile = listing
        .as_ref()
        .map(|l| l.profile.clone())
        .unwrap_or_default();
    let total = profile.total;
    let alt = facts.literals(r, skos::ALT_LABEL);
    let same_as = facts.iris(r, owl::SAME_AS);
    let wikidata: Vec<Value> = same_as
        .iter()
        .filter(|s| s.starts_with(crate::rdf::vocab::WIKIDATA))
        .map(|s| external(last_part(s), s))
        .collect();
    let identifier = facts.literal(r, dcterms::IDENTIFIER);
    match kind {
        Kind::Deputy => {
            let civility = facts.literal(r, schema::HONORIFIC_PREFIX);
            kicker = match (lang, civility.as_deref()) {
                (Lang::Fr, Some("Mme")) => "Députée".into(),
                (Lang::Fr, _) => "Député".into(),
                (Lang::En, _) => "Deputy".into(),
            };
            subtitle = None;
            let mut ids = Vec::new();
            if let Some(pa) = &identifier {
                ids.push(external(
                    format!("{} {pa}", word(lang, "assembly_id")),
                    &format!("https://www.assemblee-nationale.fr/dyn/deputes/{pa}"),
                ));
            }
            for w in &wikidata {
                let mut w = w.clone();
                w["label"] = json!(format!(
                    "Wikidata {}",
                    w["label"].as_str().unwrap_or_default()
                ));
                ids.push(w);
            }
            for p in facts.iris(r, foaf::PAGE) {
                ids.push(external(word(lang, "nosdeputes"), &p));
            }
            for p in facts.iris(r, foaf::IS_PRIMARY_TOPIC_OF) {
                ids.push(external(word(lang, "wikipedia"), &p));
            }
            facts_out.push(fact(word(lang, "identifiers"), ids));
            // Mandates: the deputies table (legislature, department, constituency), with
            // the groups the deputy asked questions in.
            let groups = top(&profile, Role::Group, 20, r);
            if let Some(pa) = &identifier {
                for row in crate::link::tables::Tables::builtin().deputy_rows(pa) {
                    let place = row.department.as_deref().map_or_else(
                        || json!({ "label": "–" }),
                        |d| {
                            let place_iri = endpoint.minter.constituency(Some(d), "");
                            let name = crate::link::places::department_name(d).unwrap_or(d);
                            let n = row
                                .constituency
                                .map(|n| format!(" ({n})"))
                                .unwrap_or_default();
                            // Linked when the store knows the place (its questions do).
                            let known =
                                describe::exists(store, endpoint, &place_iri).unwrap_or(false);
                            json!({
                                "label": format!("{name}{n}"),
                                "href": known.then(|| endpoint.page_href(place_iri.as_str(), lang)),
                            })
                        },
                    );
                    let in_legislature: Vec<Value> = groups
                        .iter()
                        .filter(|(g, _)| {
                            crate::link::tables::Tables::builtin()
                                .organ(last_part(g))
                                .is_none_or(|o| o.legislature == Some(row.legislature))
                        })
                        .map(|(g, _)| link(endpoint, all, g, lang))
                        .collect();
                    let legislature_iri = endpoint.minter.legislature(row.legislature);
                    let known =
                        describe::exists(store, endpoint, &legislature_iri).unwrap_or(false);
                    mandates.push(json!({
                        "legislature": {
                            "label": legislature_label(row.legislature, lang),
                            "href": known.then(|| endpoint.page_href(legislature_iri.as_str(), lang)),
                        },
                        "place": place,
                        "groups": in_legislature,
                    }));
                }
            }
            figures.push(json!({ "value": i18n::number(lang, total as u64), "label": word(lang, "questions_n") }));
            figures.push(json!({ "value": percent(profile.answered(), total, lang), "label": word(lang, "answer_rate") }));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[(Role::Questioned, "per_ministry")],
                r,
                lang,
            ));
            charts.extend(month_chart(&profile, lang));
            charts.extend(legislature_chart(endpoint, &profile, lang));
            let mut same: Vec<String> = same_as.clone();
            same.extend(facts.iris(r, foaf::IS_PRIMARY_TOPIC_OF));
            same.extend(facts.iris(r, foaf::PAGE));
            jsonld = json!({
                "@context": "https://schema.org",
                "@type": "Person",
                "@id": r,
                "name": label,
                "honorificPrefix": civility,
                "givenName": facts.literal(r, foaf::GIVEN_NAME),
                "familyName": facts.literal(r, foaf::FAMILY_NAME),
                "identifier": identifier,
                "jobTitle": "Député·e à l'Assemblée nationale",
                "sameAs": same,
            });
        }
        Kind::Ministry => {
            kicker = match lang {
                Lang::Fr => "Ministère".into(),
                Lang::En => "Ministry".into(),
            };
            subtitle = alt.first().cloned();
            facts_out.push(fact(
                word(lang, "identifiers"),
                identifier
                    .iter()
                    .map(|po| json!({ "label": format!("{} {po}", word(lang, "assembly_id")) }))
                    .collect(),
            ));
            let questioned = store
                .listing(&[Role::Questioned.link(r)], &ListFilter::default(), 0, 0)
                .map(|l| l.total)
                .unwrap_or(0);
            figures.push(json!({ "value": i18n::number(lang, total as u64), "label": word(lang, "received") }));
            figures.push(json!({ "value": i18n::number(lang, questioned as u64), "label": word(lang, "questioned_count") }));
            figures.push(json!({ "value": percent(profile.answered(), total, lang), "label": word(lang, "answer_rate") }));
            if let Some(m) = profile.median_delay() {
                let value = if m.fract() == 0.0 {
                    format!("{m:.0}")
                } else {
                    format!("{m:.1}")
                };
                let value = if lang == Lang::Fr {
                    value.replace('.', ",")
                } else {
                    value
                };
                figures.push(json!({ "value": format!("{value} {}", word(lang, "days")), "label": word(lang, "median_delay") }));
            }
            charts.extend(month_chart(&profile, lang));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[(Role::Rubric, "per_rubric"), (Role::Group, "per_group")],
                r,
                lang,
            ));
            jsonld = json!({
                "@context": "https://schema.org",
                "@type": "GovernmentOrganization",
                "@id": r,
                "name": label,
                "alternateName": alt,
                "identifier": identifier,
            });
        }
        Kind::Group => {
            kicker = match lang {
                Lang::Fr => "Groupe parlementaire".into(),
                Lang::En => "Parliamentary group".into(),
            };
            subtitle = alt.first().cloned();
            facts_out.push(fact(
                word(lang, "identifiers"),
                identifier
                    .iter()
                    .map(|po| json!({ "label": format!("{} {po}", word(lang, "assembly_id")) }))
                    .collect(),
            ));
            figures.push(json!({ "value": i18n::number(lang, total as u64), "label": word(lang, "questions_n") }));
            figures.push(json!({ "value": percent(profile.answered(), total, lang), "label": word(lang, "answer_rate") }));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[(Role::Author, "top_authors")],
                r,
                lang,
            ));
            charts.extend(month_chart(&profile, lang));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[(Role::Questioned, "per_ministry")],
                r,
                lang,
            ));
            jsonld = json!({
                "@context": "https://schema.org",
                "@type": "Organization",
                "@id": r,
                "name": label,
                "alternateName": alt,
                "identifier": identifier,
            });
        }
        Kind::Rubric => {
            kicker = word(lang, "rubric").to_owned();
            subtitle = None;
            figures.push(json!({ "value": i18n::number(lang, total as u64), "label": word(lang, "questions_n") }));
            charts.extend(legislature_chart(endpoint, &profile, lang));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[
                    (Role::Questioned, "per_ministry"),
                    (Role::Group, "per_group"),
                ],
                r,
                lang,
            ));
            jsonld = json!({
                "@context": "https://schema.org",
                "@type": "DefinedTerm",
                "@id": r,
                "name": label,
                "inDefinedTermSet": format!("{}rubrique", endpoint.minter.base()),
            });
        }
        Kind::Body => {
            kicker = match lang {
                Lang::Fr => "Organisme cité".into(),
                Lang::En => "Cited body".into(),
            };
            subtitle = None;
            facts_out.push(fact(
                word(lang, "acronym"),
                alt.iter().map(|a| json!({ "label": a })).collect(),
            ));
            facts_out.push(fact(
                word(lang, "category"),
                facts
                    .iris(r, qe::ENTITY_CATEGORY)
                    .iter()
                    .map(|c| link(endpoint, facts, c, lang))
                    .collect(),
            ));
            facts_out.push(fact(word(lang, "identifiers"), wikidata.clone()));
            figures.push(
                json!({ "value": i18n::number(lang, total as u64), "label": word(lang, "citing") }),
            );
            let with: Vec<Value> = top(&profile, Role::Body, 20, r)
                .into_iter()
                .map(|(b, n)| {
                    let mut v = link(endpoint, all, &b, lang);
                    v["count"] = json!(n);
                    v
                })
                .collect();
            if !with.is_empty() {
                related.push(json!({ "title": word(lang, "cited_with"), "items": with }));
            }
            charts.extend(legislature_chart(endpoint, &profile, lang));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[(Role::Questioned, "per_ministry")],
                r,
                lang,
            ));
            jsonld = json!({
                "@context": "https://schema.org",
                "@type": "Organization",
                "@id": r,
                "name": label,
                "alternateName": alt,
                "sameAs": same_as,
            });
        }
        Kind::Place => {
            kicker = word(lang, "department").to_owned();
            subtitle = facts.literal(r, qe::DEPARTMENT_CODE);
            figures.push(json!({ "value": i18n::number(lang, total as u64), "label": word(lang, "questions_n") }));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[(Role::Author, "top_authors")],
                r,
                lang,
            ));
            charts.extend(legislature_chart(endpoint, &profile, lang));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[(Role::Group, "per_group")],
                r,
                lang,
            ));
            jsonld = json!({
                "@context": "https://schema.org",
                "@type": "AdministrativeArea",
                "@id": r,
                "name": label,
                "sameAs": same_as,
            });
        }
        Kind::Legislature | Kind::Question | Kind::Other => {
            kicker = word(lang, "legislature").to_owned();
            subtitle = None;
            figures.push(json!({ "value": i18n::number(lang, total as u64), "label": word(lang, "questions_n") }));
            for (k, n) in &profile.by_kind {
                figures.push(json!({ "value": i18n::number(lang, *n as u64), "label": word(lang, &format!("kind_{k}")) }));
            }
            figures.push(json!({ "value": percent(profile.answered(), total, lang), "label": word(lang, "answer_rate") }));
            charts.extend(month_chart(&profile, lang));
            charts.extend(role_charts(
                endpoint,
                all,
                &profile,
                &[
                    (Role::Assigned, "ministry_assigned"),
                    (Role::Rubric, "per_rubric"),
                    (Role::Group, "per_group"),
                ],
                r,
                lang,
            ));
            jsonld = json!({
                "@context": "https://schema.org",
                "@type": "Thing",
                "@id": r,
                "name": label,
            });
        }
    }
    let notice = listing.is_none().then(|| word(lang, "index_missing"));
    let (rows_v, total_filtered) = listing
        .as_ref()
        .map_or((json!([]), 0), |l| (rows(endpoint, l, lang), l.total));
    let list_title = match kind {
        Kind::Ministry => word(lang, "received"),
        Kind::Body => word(lang, "citing"),
        _ => word(lang, "questions"),
    };
    for (k, v) in [
        ("description", json!(format!("{kicker} · {label}"))),
        ("jsonld", json!(script_json(&jsonld))),
        ("alternates", alternates(endpoint, r, lang)),
        ("iri", json!(r)),
        ("kicker", json!(kicker)),
        ("subtitle", json!(subtitle)),
        (
            "facts",
            json!(facts_out.into_iter().flatten().collect::<Vec<_>>()),
        ),
        ("mandates", json!(mandates)),
        ("figures", json!(figures)),
        ("charts", json!(charts)),
        ("related", json!(related)),
        ("notice", json!(notice)),
        ("has_list", json!(listing.is_some())),
        ("list_title", json!(list_title)),
        (
            "filters",
            filters(all, &profile, params, kind == Kind::Deputy, lang),
        ),
        ("rows", rows_v),
        ("total", json!(total_filtered)),
        ("pager", pager(&path, params, page, total_filtered)),
        ("rdf_links", rdf_links(endpoint, r, lang)),
    ] {
        c.insert(k.into(), v);
    }
    render(endpoint, lang, "resource.html", Value::Object(c))
}

/// Any other resource: its properties, their values labelled and linked.
fn generic(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    iri: &NamedNode,
    facts: &Facts,
    params: &[(String, String)],
    lang: Lang,
) -> Result<String, Failure> {
    let r = iri.as_str();
    let code = lang.code();
    let path = format!("/page/{}", endpoint.local_path(r).unwrap_or_default());
    let label = facts.label(r, code);
    let mut c = common(lang, &label, &path, params);
    let types: Vec<String> = facts.iris(r, rdf::TYPE);
    let kicker = types
        .iter()
        .map(|t| facts.label(t, code))
        .collect::<Vec<_>>()
        .join(", ");
    let mut by_predicate: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut predicates: Vec<String> = Vec::new();
    for t in facts.of(r) {
        if t.predicate == rdf::TYPE {
            continue;
        }
        let p = t.predicate.as_str().to_owned();
        if !predicates.contains(&p) {
            predicates.push(p.clone());
        }
        let value = match &t.object {
            Term::NamedNode(n) => link(endpoint, facts, n.as_str(), lang),
            Term::Literal(l) => json!({ "label": l.value(), "lang": l.language() }),
            other => json!({ "label": other.to_string() }),
        };
        by_predicate.entry(p).or_default().push(value);
    }
    let mut needed: Vec<String> = predicates.clone();
    needed.extend(types.iter().cloned());
    let labels = describe::labels(endpoint, store, &needed)?;
    let mut with_labels = Facts::new(labels);
    with_labels.extend(facts.of(r).iter().cloned());
    let properties: Vec<Value> = predicates
        .iter()
        .map(|p| {
            json!({
                "property": { "label": with_labels.label(p, code), "href": endpoint.page_href(p, lang) },
                "values": by_predicate.get(p).cloned().unwrap_or_default(),
            })
        })
        .collect();
    // A part of a question (its answer, a step, a mention…) leads back to it.
    let mut related = Vec::new();
    if let Some(rest) = r.strip_prefix(&format!("{}question/", endpoint.minter.base())) {
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() > 3 {
            let question = format!(
                "{}question/{}",
                endpoint.minter.base(),
                parts[..3].join("/")
            );
            if let Some(id) = describe::question_id(&question, endpoint.minter.base()) {
                related.push(json!({
                    "title": word(lang, "question"),
                    "items": [{ "label": question_title(&id, lang), "href": endpoint.page_href(&question, lang) }],
                }));
            }
        }
    }
    let kicker = if kicker.is_empty() {
        word(lang, "properties").to_owned()
    } else {
        kicker
    };
    let subtitle = facts
        .literal_in(r, SKOS_DEFINITION, code)
        .or_else(|| facts.literal_in(r, RDFS_COMMENT, code));
    let jsonld = json!({
        "@context": "https://schema.org",
        "@type": if facts.is_a(r, skos::CONCEPT) { "DefinedTerm" } else { "Thing" },
        "@id": r,
        "name": label,
        "description": subtitle,
    });
    for (k, v) in [
        ("description", json!(format!("{kicker} · {label}"))),
        ("jsonld", json!(script_json(&jsonld))),
        ("alternates", alternates(endpoint, r, lang)),
        ("iri", json!(r)),
        ("kicker", json!(kicker)),
        ("subtitle", json!(subtitle)),
        ("properties", json!(properties)),
        ("related", json!(related)),
        ("has_list", json!(false)),
        ("rdf_links", rdf_links(endpoint, r, lang)),
    ] {
        c.insert(k.into(), v);
    }
    render(endpoint, lang, "resource.html", Value::Object(c))
}

/// The ontology's page: its classes and properties, each at its anchor.
pub fn ontology_page(endpoint: &Endpoint, lang: Lang) -> Result<String, Failure> {
    let code = lang.code();
    let facts = Facts::new(endpoint.site.bundled.iter().cloned());
    let mut classes = Vec::new();
    let mut properties = Vec::new();
    let prefix = format!("{ONTOLOGY}#");
    let mut subjects: Vec<String> = endpoint
        .site
        .bundled
        .iter()
        .filter_map(|t| match &t.subject {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(&prefix) => {
                Some(n.as_str().to_owned())
            }
            _ => None,
        })
        .collect();
    subjects.sort();
    subjects.dedup();
    for s in subjects {
        let name = s.strip_prefix(&prefix).unwrap_or_default().to_owned();
        let compact = |i: &String| crate::export::compact_iri(i);
        let domain: Vec<String> = facts.iris(&s, RDFS_DOMAIN).iter().map(compact).collect();
        let range: Vec<String> = facts.iris(&s, RDFS_RANGE).iter().map(compact).collect();
        let extra = match (domain.is_empty(), range.is_empty()) {
            (true, true) => String::new(),
            _ => format!("{} → {}", domain.join(", "), range.join(", ")),
        };
        let term = json!({
            "name": name,
            "label": facts.literal_in(&s, rdfs::LABEL, code).unwrap_or_default(),
            "comment": facts.literal_in(&s, RDFS_COMMENT, code).unwrap_or_default(),
            "extra": extra,
        });
        if facts.is_a(&s, OWL_CLASS) {
            classes.push(term);
        } else {
            properties.push(term);
        }
    }
    let title = facts
        .literal_in(ONTOLOGY, dcterms::TITLE, code)
        .unwrap_or_else(|| word(lang, "ontology").to_owned());
    let mut c = common(lang, &title, "/ontology", &[]);
    for (k, v) in [
        ("iri", json!(ONTOLOGY)),
        (
            "subtitle",
            json!(facts.literal_in(ONTOLOGY, dcterms::DESCRIPTION, code)),
        ),
        ("rdf_links", rdf_links(endpoint, ONTOLOGY, lang)),
        ("alternates", alternates(endpoint, ONTOLOGY, lang)),
        (
            "sections",
            json!([
                { "title": word(lang, "classes"), "terms": classes },
                { "title": word(lang, "props"), "terms": properties },
            ]),
        ),
    ] {
        c.insert(k.into(), v);
    }
    render(endpoint, lang, "ontology.html", Value::Object(c))
}

/// The home page: search, legislatures, latest questions.
pub fn home(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    lang: Lang,
) -> Result<String, Failure> {
    let links: Vec<String> = (1..=30)
        .map(|l| Role::Legislature.link(endpoint.minter.legislature(l).as_str()))
        .collect();
    let mut c = common(lang, word(lang, "site"), "/", &[]);
    match store.listing(&links, &ListFilter::default(), 20, 0) {
        Ok(listing) => {
            let legislatures: Vec<Value> = listing
                .profile
                .by_legislature
                .iter()
                .rev()
                .map(|(l, n)| {
                    json!({
                        "label": legislature_label(*l, lang),
                        "href": endpoint.page_href(endpoint.minter.legislature(*l).as_str(), lang),
                        "count": n,
                    })
                })
                .collect();
            c.insert("legislatures".into(), json!(legislatures));
            c.insert("rows".into(), rows(endpoint, &listing, lang));
            c.insert("total".into(), json!(listing.total));
        }
        Err(StoreError::NoSearchIndex) => {
            c.insert("notice".into(), json!(word(lang, "index_missing")));
        }
        Err(e) => return Err(e.into()),
    }
    let jsonld = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": word(lang, "site"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": "/search?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    });
    c.insert("jsonld".into(), json!(script_json(&jsonld)));
    c.insert("description".into(), json!(word(lang, "welcome")));
    render(endpoint, lang, "home.html", Value::Object(c))
}

/// The search page: the form, and the results when something was asked.
pub fn search(
    endpoint: &Endpoint,
    store: &Arc<QuestionStore>,
    params: &[(String, String)],
    lang: Lang,
) -> Result<String, Failure> {
    let q = param(params, "q").unwrap_or_default().trim().to_owned();
    let page = super::page_number(params)?;
    let mut query = q.clone();
    for (name, filter) in [
        ("legislature", "legislature"),
        ("type", "type"),
        ("status", "status"),
        ("after", "after"),
        ("before", "before"),
    ] {
        if let Some(v) = param(params, name) {
            let v = v.trim();
            if !v.is_empty() && !v.contains(['"', ' ', ':']) {
                query.push_str(&format!(" {filter}:{v}"));
            }
        }
    }
    let query = query.trim().to_owned();
    let mut c = common(
        lang,
        &if q.is_empty() {
            word(lang, "search").to_owned()
        } else {
            format!("{} : {q}", word(lang, "search"))
        },
        "/search",
        params,
    );
    let selected = |name| param(params, name);
    let filters = json!([
        {
            "name": "legislature",
            "label": word(lang, "legislature"),
            "options": (11..=17u16).rev().map(|l| option(l.to_string(), legislature_label(l, lang), selected("legislature"))).collect::<Vec<_>>(),
        },
        {
            "name": "type",
            "label": word(lang, "type"),
            "options": (["QE", "QOSD", "QG"]).iter().map(|k| option((*k).to_owned(), word(lang, &format!("kind_{k}")).to_owned(), selected("type"))).collect::<Vec<_>>(),
        },
        {
            "name": "status",
            "label": word(lang, "status"),
            "options": ([Status::Answered, Status::Open, Status::Withdrawn, Status::Closed]).iter()
                .map(|s| option(s.name().to_owned(), word(lang, &format!("status_{}", s.name())).to_owned(), selected("status")))
                .collect::<Vec<_>>(),
        },
    ]);
    c.insert("q".into(), json!(q));
    c.insert("filters".into(), filters);
    if !query.is_empty() {
        c.insert("searched".into(), json!(true));
        match store.search(&query, PER_PAGE, (page - 1) * PER_PAGE) {
            Ok(hits) => {
                let list: Vec<Value> = hits
                    .hits
                    .iter()
                    .filter_map(|h| {
                        let id = QuestionId::from_uid(&h.uid)?;
                        Some(json!({
                            "label": format!("{} ({})", question_title(&id, lang), legislature_label(id.legislature, lang)),
                            "href": endpoint.page_href(endpoint.minter.question(&id).as_str(), lang),
                            "date": h.date.map(|d| d.to_string()),
                            "author": h.author,
                            "snippet": h.snippet_html,
                        }))
                    })
                    .collect();
                c.insert("hits".into(), json!(list));
                c.insert("total".into(), json!(hits.total));
                c.insert("pager".into(), pager("/search", params, page, hits.total));
            }
            Err(StoreError::NoSearchIndex) => {
                c.insert("error".into(), json!(word(lang, "index_missing")));
                c.insert("searched".into(), json!(false));
            }
            Err(StoreError::Search(e)) => {
                c.insert("error".into(), json!(e.to_string()));
                c.insert("searched".into(), json!(false));
            }
            Err(e) => return Err(e.into()),
        }
    }
    render(endpoint, lang, "search.html", Value::Object(c))
}

/// The page of an address where nothing is published.
pub fn not_found(endpoint: &Endpoint, lang: Lang, path: &str) -> Result<String, Failure> {
    let mut c = common(lang, word(lang, "not_found"), &format!("/{path}"), &[]);
    let guess = last_part(path).replace(['-', '_'], " ");
    c.insert("path".into(), json!(path));
    c.insert("guess".into(), json!(guess));
    render(endpoint, lang, "notfound.html", Value::Object(c))
}
