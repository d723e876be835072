//! Departments (with their codes, `data/departements.tsv`) and regions.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use crate::model::normalize_department_code;
use crate::text::fold;

const DEPARTMENTS_TSV: &str = include_str!("../../data/departements.tsv");

struct Departments {
    /// code → canonical name
    names: HashMap<&'static str, &'static str>,
    /// folded name or variant → code
    codes: HashMap<String, &'static str>,
}

fn departments() -> &'static Departments {
    static TABLE: OnceLock<Departments> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut names = HashMap::default();
        let mut codes = HashMap::default();
        for line in DEPARTMENTS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut cols = line.split('\t');
            let (Some(code), Some(name)) = (cols.next(), cols.next()) else {
                continue;
            };
            names.insert(code, name);
            codes.insert(key(name), code);
            for variant in cols
                .next()
                .unwrap_or("")
                .split('|')
                .filter(|v| !v.is_empty())
            {
                codes.insert(key(variant), code);
            }
        }
        Departments { names, codes }
    })
}

/// Matching key of a place name: folded, hyphens and apostrophes as spaces.
fn key(name: &str) -> String {
    let folded = fold(name);
    let spaced: String = folded
        .chars()
        .map(|c| {
            if c == '-' || c == '\'' || c == '/' {
                ' '
            } else {
                c
            }
        })
        .collect();
    crate::text::normalize_ws(&spaced)
}

/// The code of a department from its name (accent, case and hyphen tolerant):
/// `Essonne` → `91`, `Corse-du-Sud` → `2A`, `Français établis hors de France` → `099`.
#[must_use]
pub fn department_by_name(name: &str) -> Option<&'static str> {
    let k = key(name);
    let table = departments();
    table.codes.get(&k).copied().or_else(|| {
        // `La Réunion`, `Territoire-de-Belfort`…
        let stripped = k
            .strip_prefix("la ")
            .or_else(|| k.strip_prefix("le "))
            .unwrap_or(&k);
        table.codes.get(stripped).copied()
    })
}

/// The canonical name of a department code.
#[must_use]
pub fn department_name(code: &str) -> Option<&'static str> {
    departments()
        .names
        .get(normalize_department_code(code).as_str())
        .copied()
}

/// Regions, current (2016) and former, as the current-design pages name them.
const REGIONS: &[&str] = &[
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
    "Alsace",
    "Aquitaine",
    "Auvergne",
    "Basse-Normandie",
    "Bourgogne",
    "Centre",
    "Champagne-Ardenne",
    "Franche-Comté",
    "Haute-Normandie",
    "Languedoc-Roussillon",
    "Limousin",
    "Lorraine",
    "Midi-Pyrénées",
    "Nord-Pas-de-Calais",
    "Picardie",
    "Poitou-Charentes",
    "Rhône-Alpes",
    "Alsace - Champagne-Ardenne - Lorraine",
    "Aquitaine - Limousin - Poitou-Charentes",
    "Auvergne - Rhône-Alpes",
    "Languedoc-Roussillon - Midi-Pyrénées",
    "Nord - Pas-de-Calais - Picardie",
    "Outre-Mer",
    "Collectivités d'outre-mer",
];

/// The canonical name of a region, when `name` is one (and not also a department, as
/// `Guadeloupe` or `Corse` are; those count as departments).
#[must_use]
pub fn region_name(name: &str) -> Option<&'static str> {
    let k = key(name);
    REGIONS
        .iter()
        .copied()
        .find(|r| key(r) == k)
        .filter(|_| department_by_name(name).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_by_name_tolerate_accents_case_and_hyphens() {
        assert_eq!(department_by_name("Essonne"), Some("91"));
        assert_eq!(department_by_name("ARDECHE"), Some("07"));
        assert_eq!(department_by_name("Corse du Sud"), Some("2A"));
        assert_eq!(
            department_by_name("Français établis hors de France"),
            Some("099")
        );
        assert_eq!(department_by_name("Territoire-de-Belfort"), Some("90"));
        assert_eq!(department_by_name("La Réunion"), Some("974"));
        assert_eq!(department_by_name("Côtes-d'Armor"), Some("22"));
        assert_eq!(department_by_name("Seine-Saint-Denis"), Some("93"));
        assert_eq!(department_by_name("Atlantide"), None);
    }

    #[test]
    fn codes_are_normalised() {
        assert_eq!(normalize_department_code("1"), "01");
        assert_eq!(normalize_department_code("2a"), "2A");
        assert_eq!(normalize_department_code("999"), "099");
        assert_eq!(department_name("91"), Some("Essonne"));
        assert_eq!(
            department_name("999"),
            Some("Français établis hors de France")
        );
    }

    #[test]
    fn regions_are_not_departments() {
        assert_eq!(region_name("Ile-de-France"), Some("Île-de-France"));
        assert_eq!(
            region_name("Nouvelle-Aquitaine"),
            Some("Nouvelle-Aquitaine")
        );
        assert_eq!(region_name("Guadeloupe"), None);
        assert_eq!(region_name("Essonne"), None);
    }
}
