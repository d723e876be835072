//! The gazetteer of bodies (`data/gazetteer.tsv`) and its matcher.

use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::tokens::{Token, is_acronym, tokenize};
use crate::link::tables::{Tables, group_key, key};
use crate::model::{Entity, EntityCategory};

const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");

/// How a name must be written in a text to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Exactly as in the gazetteer (acronyms: `ARS`, `CNIL`).
    Exact,
    /// With a capital first letter (one-word names, short names: `Safran`, `Cour des comptes`).
    Capitalized,
    /// In any case (long names).
    Any,
}

#[derive(Debug, Clone)]
struct Pattern {
    folded: Vec<String>,
    original: Vec<String>,
    rule: CaseRule,
    /// The word whose capital [`CaseRule::Capitalized`] checks: the first significant one.
    head: usize,
    entity: usize,
}

/// The gazetteer: entities and the patterns of their names.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    patterns: FxHashMap<String, Vec<Pattern>>,
    by_name: FxHashMap<String, usize>,
    groups: HashSet<String>,
}

/// Significant words of a name (not connectors).
fn significant(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .filter(|t| !super::CONNECTORS.contains(&t.folded.as_ref()))
        .count()
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    #[must_use]
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_tsv(GAZETTEER_TSV, Tables::builtin()))
    }

    /// Reads a gazetteer table; `tables` gives the parliamentary groups (never cited bodies).
    #[must_use]
    pub fn from_tsv(tsv: &str, tables: &Tables) -> Self {
        let mut g = Gazetteer::default();
        let mut acronym_owners: HashMap<String, HashSet<usize>> = HashMap::new();
        for line in tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 4 {
                continue;
            }
            let Some(category) = EntityCategory::from_slug(c[3].trim()) else {
                continue;
            };
            let variants: Vec<String> = c[2]
                .split('|')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
                .collect();
            let entity = Entity {
                key: c[0].trim().to_owned(),
                name: c[1].trim().to_owned(),
                alt_names: variants.clone(),
                category,
                wikidata: c
                    .get(4)
                    .map(|w| w.trim().to_owned())
                    .filter(|w| !w.is_empty()),
            };
            let index = g.entities.len();
            for name in std::iter::once(entity.name.clone()).chain(variants) {
                let tokens = tokenize(&name);
                if tokens.is_empty() {
                    continue;
                }
                let acronym = tokens.len() == 1 && is_acronym(tokens[0].original)
                    || name
                        .chars()
                        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-' || c == '&');
                let head = tokens
                    .iter()
                    .position(|t| !super::CONNECTORS.contains(&t.folded.as_ref()))
                    .unwrap_or(0);
                let rule = if acronym {
                    acronym_owners
                        .entry(name.clone())
                        .or_default()
                        .insert(index);
                    CaseRule::Exact
                } else if significant(&tokens) <= 2 && tokens[head].is_capitalized() {
                    CaseRule::Capitalized
                } else {
                    CaseRule::Any
                };
                g.by_name.entry(key(&name)).or_insert(index);
                let pattern = Pattern {
                    folded: tokens.iter().map(|t| t.folded.to_string()).collect(),
                    original: tokens.iter().map(|t| t.original.to_owned()).collect(),
                    rule,
                    head,
                    entity: index,
                };
                g.patterns
                    .entry(pattern.folded[0].clone())
                    .or_default()
                    .push(pattern);
            }
            g.entities.push(entity);
        }
        // An acronym shared by several bodies is matched only when the text defines it.
        for (acronym, owners) in acronym_owners {
            if owners.len() > 1 {
                for list in g.patterns.values_mut() {
                    list.retain(|p| {
                        !(p.rule == CaseRule::Exact && p.original.join(" ") == acronym)
                    });
                }
            }
        }
        for o in tables
            .organs
            .iter()
            .filter(|o| o.kind == crate::link::OrganKind::Group)
        {
            g.groups.insert(group_key(&o.label));
            g.groups.insert(key(&o.label));
            g.groups.insert(key(&o.short_label));
        }
        g
    }

    /// Number of entities.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether the gazetteer is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// Every entity.
    #[must_use]
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this name or variant, if any.
    #[must_use]
    pub fn entity_named(&self, name: &str) -> Option<&Entity> {
        self.by_name.get(&key(name)).map(|&i| &self.entities[i])
    }

    /// Whether a folded name is a parliamentary group.
    #[must_use]
    pub fn is_parliamentary_group(&self, folded: &str) -> bool {
        self.groups.contains(folded)
    }

    /// The longest name starting at token `i`: its length in tokens and its entity.
    #[must_use]
    pub(super) fn longest_match(
        &self,
        chars: &[char],
        toks: &[Token],
        i: usize,
    ) -> Option<(usize, &Entity)> {
        let candidates = self.patterns.get(toks[i].folded.as_ref())?;
        let mut best: Option<(usize, usize)> = None;
        for p in candidates {
            let n = p.folded.len();
            if i + n > toks.len() || best.is_some_and(|(len, _)| len >= n) {
                continue;
            }
            let words = &toks[i..i + n];
            if !words.iter().zip(&p.folded).all(|(t, f)| t.folded == *f) {
                continue;
            }
            let case_ok = match p.rule {
                CaseRule::Exact => words.iter().zip(&p.original).all(|(t, o)| t.original == *o),
                CaseRule::Capitalized => words[p.head].is_capitalized(),
                CaseRule::Any => true,
            };
            // A name does not run across a sentence or a line.
            let joined = words.windows(2).all(|w| {
                super::gap(chars, w[0].end, w[1].start).chars().all(|c| {
                    !matches!(
                        c,
                        '.' | ';' | ':' | '!' | '?' | '\n' | '*' | '«' | '»' | '"'
                    )
                })
            });
            if case_ok && joined {
                best = Some((n, p.entity));
            }
        }
        best.map(|(n, e)| (n, &self.entities[e]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_gazetteer_has_hundreds_of_unique_bodies() {
        let g = Gazetteer::builtin();
        assert!(g.len() >= 400, "{}", g.len());
        let mut keys: Vec<&str> = g.entities().iter().map(|e| e.key.as_str()).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate keys");
        for e in g.entities() {
            assert!(
                e.wikidata
                    .as_deref()
                    .is_none_or(|q| crate::rdf::iri::is_an_id(q, "Q")),
                "{}",
                e.key
            );
            assert_eq!(
                crate::text::slug(&e.key),
                e.key,
                "key {} is not a slug",
                e.key
            );
        }
    }

    #[test]
    fn names_are_found_by_any_variant() {
        let g = Gazetteer::builtin();
        assert_eq!(
            g.entity_named("caisse des depots").map(|e| e.key.as_str()),
            Some("cdc")
        );
        assert_eq!(g.entity_named("CNIL").map(|e| e.key.as_str()), Some("cnil"));
        assert!(g.is_parliamentary_group("les republicains"));
    }
}
