//! The AMO files of the open data (`acteur` `PA….json` and `organe` `PO….json`, or their
//! XML twins), read from a folder or a zip archive to extend the reference tables
//! (`--actors`).

use std::path::Path;

use serde_json::Value;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::tables::{DeputyRow, OrganKind, OrganRow, PostRow, Tables};
use crate::parse::input::{self, InputSpec};
use crate::parse::{DocumentKind, Warning, opendata_xml};

/// What was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActorCounts {
    /// Acteur documents read.
    pub actors: usize,
    /// Deputy rows added (one per legislature of an assembly mandate).
    pub deputy_rows: usize,
    /// Government posts added (ministerial mandates).
    pub posts: usize,
    /// Organ documents read (groups and ministries kept).
    pub organs: usize,
    /// Files that were neither.
    pub skipped: usize,
    /// The newest date the documents give (a mandate's start or publication, an organ's
    /// start): how current they are.
    pub newest: Option<NaiveDate>,
}

/// Largest AMO file read (an acteur file is a few kilobytes; a whole dump, a few hundred
/// megabytes).
const MAX_FILE: u64 = 1 << 30;

/// Reads every acteur and organe document of a folder or zip archive, in the open data's
/// JSON or XML: one document per file (`PA….json`, `PO….xml`) or whole dumps
/// (`{"export": {"acteurs": {"acteur": [ … ]}, "organes": …}}`).
pub fn load_actors(
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<(Tables, ActorCounts), String> {
    let (docs, errors) = input::discover(&[InputSpec::Path(path.to_owned())], warnings);
    if let Some(e) = errors.first() {
        return Err(e.to_string());
    }
    // Documents are read and taken apart in parallel (decompressing and parsing is the
    // work), then added to the tables in their order, so the tables do not depend on it.
    let found: Vec<Result<Found, String>> = docs
        .par_iter()
        .map(|doc| {
            let ctx = doc.context();
            let name = match &ctx.member {
                Some(member) => format!("{} ({member})", ctx.file),
                None => ctx.file.clone(),
            };
            let bytes = doc
                .read_to_vec(MAX_FILE)
                .map_err(|e| format!("{name}: {e}"))?;
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let mut found = Found::default();
            match crate::parse::detect(bytes) {
                DocumentKind::Json => {
                    if let Ok(value) = serde_json::from_slice::<Value>(bytes) {
                        found.take(&value);
                    }
                }
                DocumentKind::OpenDataXml => {
                    opendata_xml::read_amo(bytes, &ctx, &mut |value| found.take(&value))
                        .map_err(|e| e.to_string())?;
                }
                _ => {}
            }
            Ok(found)
        })
        .collect();
    let mut tables = Tables::default();
    let mut counts = ActorCounts::default();
    // The first day of each government: the AMO leaves the end of some open.
    let mut governments: Vec<(String, NaiveDate)> = Tables::builtin().government_starts();
    for found in found {
        let found = found?;
        if !found.recognised {
            counts.skipped += 1;
        }
        counts.actors += found.actors;
        counts.newest = counts.newest.max(found.newest);
        for row in found.deputies {
            counts.deputy_rows += 1;
            tables.add_deputy(row);
        }
        for post in found.posts {
            counts.posts += 1;
            tables.add_post(post);
        }
        for organ in found.organs {
            counts.organs += 1;
            tables.add_organ(organ);
        }
        governments.extend(found.governments);
    }
    tables.end_ministries_with_their_government(&governments);
    Ok((tables, counts))
}

/// What one document gives.
#[derive(Default)]
struct Found {
    /// Whether it held AMO documents at all.
    recognised: bool,
    /// Acteur documents read.
    actors: usize,
    deputies: Vec<DeputyRow>,
    posts: Vec<PostRow>,
    /// Groups and ministries.
    organs: Vec<OrganRow>,
    /// The first day of each government.
    governments: Vec<(String, NaiveDate)>,
    newest: Option<NaiveDate>,
}

impl Found {
    /// Takes what an AMO document gives: an acteur (deputy rows, government posts), an
    /// organe (group, ministry, government), or a whole dump of them.
    fn take(&mut self, value: &Value) {
        if let Some(export) = value.get("export") {
            for (list, item) in [("acteurs", "acteur"), ("organes", "organe")] {
                for v in as_list(export.get(list).and_then(|l| l.get(item))) {
                    let mut map = serde_json::Map::new();
                    map.insert(item.to_owned(), v.clone());
                    self.take(&Value::Object(map));
                }
            }
        } else if let Some(acteur) = value.get("acteur") {
            self.recognised = true;
            self.actors += 1;
            self.deputies.extend(deputy_rows(acteur));
            self.posts.extend(posts(acteur));
            for mandat in as_list(acteur.get("mandats").and_then(|m| m.get("mandat"))) {
                for key in ["dateDebut", "datePublication"] {
                    self.note_date(mandat.get(key));
                }
            }
        } else if let Some(organe) = value.get("organe") {
            self.recognised = true;
            let start = organe.get("viMoDe").and_then(|d| d.get("dateDebut"));
            self.note_date(start);
            if text(organe.get("codeType")).as_deref() == Some("GOUVERNEMENT") {
                let start = text(start).and_then(|s| crate::text::parse_iso_date(&s).ok());
                if let (Some(po), Some(start)) = (text(organe.get("uid")), start) {
                    self.governments.push((po, start));
                }
            }
            self.organs.extend(organ_row(organe));
        }
    }

    /// Keeps the newest date seen.
    fn note_date(&mut self, value: Option<&Value>) {
        if let Some(date) = text(value).and_then(|s| crate::text::parse_iso_date(&s).ok()) {
            self.newest = self.newest.max(Some(date));
        }
    }
}

/// The ministerial posts of an actor (mandates in a `MINISTERE` organ, missions aside).
fn posts(acteur: &Value) -> Vec<PostRow> {
    let Some(pa) = text(acteur.get("uid")) else {
        return Vec::new();
    };
    let ident = acteur.get("etatCivil").and_then(|e| e.get("ident"));
    let field = |k: &str| text(ident.and_then(|i| i.get(k))).unwrap_or_default();
    let mut posts = Vec::new();
    for mandat in as_list(acteur.get("mandats").and_then(|m| m.get("mandat"))) {
        if text(mandat.get("typeOrgane")).as_deref() != Some("MINISTERE") {
            continue;
        }
        let quality = text(
            mandat
                .get("infosQualite")
                .and_then(|q| q.get("codeQualite")),
        )
        .unwrap_or_default();
        if quality == "en mission" {
            continue;
        }
        let date = |k: &str| text(mandat.get(k)).and_then(|s| crate::text::parse_iso_date(&s).ok());
        let (Some(po), Some(start)) = (
            text(mandat.get("organes").and_then(|o| o.get("organeRef"))),
            date("dateDebut"),
        ) else {
            continue;
        };
        posts.push(PostRow {
            pa: pa.clone(),
            po,
            start,
            end: date("dateFin"),
            quality,
            civility: field("civ"),
            given: field("prenom"),
            family: field("nom"),
        });
    }
    posts
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(crate::text::normalize_ws(s)).filter(|s| !s.is_empty()),
        Value::Object(o) => text(o.get("#text")),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => Vec::new(),
    }
}

/// One row per legislature in which the actor held an assembly mandate.
fn deputy_rows(acteur: &Value) -> Vec<DeputyRow> {
    let Some(pa) = text(acteur.get("uid")) else {
        return Vec::new();
    };
    let ident = acteur.get("etatCivil").and_then(|e| e.get("ident"));
    let field = |k: &str| text(ident.and_then(|i| i.get(k))).unwrap_or_default();
    let (civility, given, family) = (field("civ"), field("prenom"), field("nom"));
    let mut rows = Vec::new();
    for mandat in as_list(acteur.get("mandats").and_then(|m| m.get("mandat"))) {
        if text(mandat.get("typeOrgane")).as_deref() != Some("ASSEMBLEE") {
            continue;
        }
        let Some(legislature) = text(mandat.get("legislature")).and_then(|l| l.parse().ok()) else {
            continue;
        };
        let lieu = mandat.get("election").and_then(|e| e.get("lieu"));
        rows.push(DeputyRow {
            pa: pa.clone(),
            legislature,
            civility: civility.clone(),
            given: given.clone(),
            family: family.clone(),
            department: text(lieu.and_then(|l| l.get("numDepartement")))
                .map(|d| crate::model::normalize_department_code(&d)),
            constituency: text(lieu.and_then(|l| l.get("numCirco"))).and_then(|c| c.parse().ok()),
            slug: None,
            wikidata: None,
            wikipedia: None,
        });
    }
    rows
}

fn organ_row(organe: &Value) -> Option<OrganRow> {
    let kind = match text(organe.get("codeType"))?.as_str() {
        "GP" => OrganKind::Group,
        "MINISTERE" => OrganKind::Ministry,
        _ => return None,
    };
    let dates = organe.get("viMoDe");
    let date = |k: &str| {
        text(dates.and_then(|d| d.get(k))).and_then(|s| crate::text::parse_iso_date(&s).ok())
    };
    Some(OrganRow {
        po: text(organe.get("uid"))?,
        kind,
        legislature: text(organe.get("legislature")).and_then(|l| l.parse().ok()),
        start: date("dateDebut"),
        end: date("dateFin"),
        label: text(organe.get("libelle")).unwrap_or_default(),
        short_label: text(organe.get("libelleAbrege")).unwrap_or_default(),
        abbreviation: text(organe.get("libelleAbrev")).unwrap_or_default(),
        government: text(organe.get("organeParent")).filter(|_| kind == OrganKind::Ministry),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acteur_and_organe_files_extend_the_tables() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("PA1.json"),
            r##"{"acteur": {"uid": {"#text": "PA1"}, "etatCivil": {"ident": {"civ": "Mme", "prenom": "Ada", "nom": "Exemple"}},
               "mandats": {"mandat": [{"typeOrgane": "ASSEMBLEE", "legislature": "17", "election": {"lieu": {"numDepartement": "2A", "numCirco": "1"}}},
                                      {"typeOrgane": "GP", "legislature": "17"}]}}}"##,
        )
        .expect("write");
        std::fs::write(dir.path().join("PO2.json"), r#"{"organe": {"uid": "PO2", "codeType": "GP", "libelle": "Groupe exemple", "libelleAbrege": "GE", "libelleAbrev": "GE", "legislature": "17", "viMoDe": {"dateDebut": "2024-07-18", "dateFin": null}}}"#).expect("write");
        std::fs::write(dir.path().join("other.json"), r#"{"question": {}}"#).expect("write");
        let mut warnings = Vec::new();
        let (tables, counts) = load_actors(dir.path(), &mut warnings).expect("loaded");
        assert_eq!(
            counts,
            ActorCounts {
                actors: 1,
                deputy_rows: 1,
                posts: 0,
                organs: 1,
                skipped: 1,
                newest: crate::text::parse_iso_date("2024-07-18").ok(),
            }
        );
        assert_eq!(
            tables.deputies_named("Ada Exemple")[0]
                .department
                .as_deref(),
            Some("2A")
        );
        assert_eq!(
            tables.organ("PO2").map(|o| o.label.as_str()),
            Some("Groupe exemple")
        );
    }

    #[test]
    fn the_xml_twin_of_amo_files_extends_the_tables_the_same_way() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("PA1567.xml"),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<acteur xmlns="http://schemas.assemblee-nationale.fr/referentiel" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <uid xsi:type="IdActeur_type">PA1567</uid>
  <etatCivil><ident><civ>M.</civ><prenom>Jérôme</prenom><nom>Guedj</nom></ident></etatCivil>
  <mandats>
    <mandat xsi:type="MandatParlementaire_type"><typeOrgane>ASSEMBLEE</typeOrgane><legislature>18</legislature>
      <dateDebut>2026-07-01</dateDebut>
      <election><lieu><numDepartement>91</numDepartement><numCirco>6</numCirco></lieu></election></mandat>
    <mandat><typeOrgane>MINISTERE</typeOrgane><legislature xsi:nil="true"/><dateDebut>2026-08-01</dateDebut>
      <dateFin xsi:nil="true"/><infosQualite><codeQualite>Ministre</codeQualite></infosQualite>
      <organes><organeRef>PO999</organeRef></organes></mandat>
  </mandats>
</acteur>"#,
        )
        .expect("write");
        let (tables, counts) = load_actors(dir.path(), &mut Vec::new()).expect("loaded");
        assert_eq!((counts.actors, counts.deputy_rows, counts.posts), (1, 1, 1));
        assert_eq!(
            counts.newest,
            crate::text::parse_iso_date("2026-08-01").ok()
        );
        assert_eq!(tables.deputy_rows("PA1567")[0].legislature, 18);
        // The AMO rows know nothing of Wikidata: the compiled tables' link stays.
        let linker = crate::link::Linker::with_actors(tables, None);
        let mut q = crate::model::Question::new(
            crate::model::QuestionId {
                legislature: 18,
                kind: crate::model::QuestionKind::Written,
                number: 1,
            },
            crate::model::Source {
                format: crate::model::SourceFormat::OpenDataJson,
                path: "q.json".into(),
                member: None,
                line: 1,
                sha256: None,
            },
        );
        q.author = Some(crate::model::Author {
            id: Some("PA1567".into()),
            ..crate::model::Author::default()
        });
        linker.link(&mut q, &mut Vec::new());
        let author = q.author.expect("author");
        assert_eq!(author.name, "Jérôme Guedj");
        assert_eq!(author.wikidata.as_deref(), Some("Q3190925"));
        assert_eq!(author.wikipedia.as_deref(), Some("Jérôme_Guedj"));
    }
}
