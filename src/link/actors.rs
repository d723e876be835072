//! The AMO files of the open data (`acteur` `PA….json` and `organe` `PO….json`), read from a
//! folder or a zip archive to extend the reference tables (`--actors`).

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::tables::{DeputyRow, OrganKind, OrganRow, Tables};
use crate::parse::Warning;
use crate::parse::input::{self, DocumentRef, InputSpec};

/// What was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActorCounts {
    /// Acteur files read.
    pub actors: usize,
    /// Deputy rows added (one per legislature of an assembly mandate).
    pub deputy_rows: usize,
    /// Organ files read (groups and ministries kept).
    pub organs: usize,
    /// Files that were neither.
    pub skipped: usize,
}

/// Largest AMO file read (they are a few kilobytes each).
const MAX_FILE: u64 = 16 << 20;

/// Reads every acteur and organe file of a folder or zip archive.
pub fn load_actors(
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<(Tables, ActorCounts), String> {
    let (docs, errors) = input::discover(&[InputSpec::Path(path.to_owned())], warnings);
    if let Some(e) = errors.first() {
        return Err(e.to_string());
    }
    let mut tables = Tables::default();
    let mut counts = ActorCounts::default();
    for doc in docs {
        let bytes = match read_small(&doc) {
            Ok(b) => b,
            Err(e) => return Err(format!("{}: {e}", doc.context().file)),
        };
        let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
            counts.skipped += 1;
            continue;
        };
        if let Some(acteur) = value.get("acteur") {
            counts.actors += 1;
            for row in deputy_rows(acteur) {
                counts.deputy_rows += 1;
                tables.add_deputy(row);
            }
        } else if let Some(organe) = value.get("organe") {
            if let Some(row) = organ_row(organe) {
                counts.organs += 1;
                tables.add_organ(row);
            }
        } else {
            counts.skipped += 1;
        }
    }
    Ok((tables, counts))
}

fn read_small(doc: &DocumentRef) -> std::io::Result<Vec<u8>> {
    match doc {
        DocumentRef::File(p) => {
            let mut bytes = Vec::new();
            std::fs::File::open(p)?
                .take(MAX_FILE)
                .read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        DocumentRef::ZipMember { archive, index, .. } => {
            let file = std::fs::File::open(archive)?;
            let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
                .map_err(std::io::Error::other)?;
            let member = zip.by_index(*index).map_err(std::io::Error::other)?;
            let mut bytes = Vec::new();
            member.take(MAX_FILE).read_to_end(&mut bytes)?;
            Ok(bytes)
        }
        DocumentRef::Stdin => Ok(Vec::new()),
    }
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
                organs: 1,
                skipped: 1
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
}
