//! Bodies cited in question and answer texts.
//!
//! Four sources of evidence, in this order:
//! 1. the gazetteer (`data/gazetteer.tsv`): hundreds of French, European and international
//!    bodies with their names, acronyms and variants; matching ignores accents, case and
//!    apostrophe styles, respects word boundaries and prefers the longest match; acronyms
//!    and one-word names must keep their capitals (`ARS`, `Safran`);
//! 2. acronym definitions in the text, `Long name (ACR)` and `ACR (long name)`, whose
//!    initials agree and whose long name is a proper name;
//! 3. cue phrases (`l'entreprise X`, `le média X`, `l'association X`…) followed by a proper
//!    name, possibly emphasised (`*Disclose*`) or quoted (`« … »`), which also give the
//!    category;
//! 4. later occurrences, in the same text, of a name or acronym found by 2 or 3.
//!
//! A body found only by 2 or 3 gets an entity of its own, keyed by its name, so the same
//! body cited in several questions is one entity. People (`M. X`), ministries and
//! parliamentary groups are not cited bodies.

mod gazetteer;
mod tokens;

use rustc_hash::FxHashMap as HashMap;

pub use gazetteer::Gazetteer;
use tokens::{Token, tokenize};

use crate::model::{Entity, EntityCategory, Mention, Question};
use crate::text::{fold, slug};

/// Finds cited bodies in texts.
#[derive(Debug, Clone)]
pub struct MentionFinder {
    gazetteer: &'static Gazetteer,
}

impl Default for MentionFinder {
    fn default() -> Self {
        Self::new()
    }
}

/// Cue phrases (folded tokens) and the category of the body they introduce.
const CUES: &[(&[&str], EntityCategory)] = &[
    (&["l", "entreprise"], EntityCategory::Company),
    (&["la", "societe"], EntityCategory::Company),
    (&["le", "groupe"], EntityCategory::Company),
    (&["l", "operateur"], EntityCategory::Company),
    (&["le", "constructeur"], EntityCategory::Company),
    (&["le", "laboratoire"], EntityCategory::Company),
    (&["la", "start", "up"], EntityCategory::Company),
    (&["la", "startup"], EntityCategory::Company),
    (&["le", "cabinet"], EntityCategory::Company),
    (&["la", "banque"], EntityCategory::Company),
    (&["l", "assureur"], EntityCategory::Company),
    (&["l", "editeur"], EntityCategory::Company),
    (&["l", "equipementier"], EntityCategory::Company),
    (&["le", "fabricant"], EntityCategory::Company),
    (&["la", "plateforme"], EntityCategory::Company),
    (&["le", "media"], EntityCategory::Media),
    (&["le", "journal"], EntityCategory::Media),
    (&["le", "quotidien"], EntityCategory::Media),
    (&["l", "hebdomadaire"], EntityCategory::Media),
    (&["le", "magazine"], EntityCategory::Media),
    (&["la", "chaine"], EntityCategory::Media),
    (&["l", "association"], EntityCategory::Association),
    (&["l", "ong"], EntityCategory::Association),
    (&["le", "collectif"], EntityCategory::Association),
    (&["le", "syndicat"], EntityCategory::Union),
    (&["la", "federation"], EntityCategory::Union),
    (&["la", "confederation"], EntityCategory::Union),
    (&["la", "fondation"], EntityCategory::Foundation),
];

/// The distinct first words of the [`CUES`] (`l`, `la`, `le`): a word that is none of
/// them starts no cue.
fn cue_firsts() -> &'static [&'static str] {
    static FIRSTS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    FIRSTS.get_or_init(|| {
        let mut firsts: Vec<&str> = CUES.iter().map(|(cue, _)| cue[0]).collect();
        firsts.sort_unstable();
        firsts.dedup();
        firsts
    })
}

/// Longest text scanned for cited bodies, in bytes.
pub const MAX_TEXT: usize = 4 << 20;

/// Words that may stand between a cue and the name (`l'entreprise israélienne X`).
const MAX_GAP: usize = 3;
/// Longest name taken after a cue, in words.
const MAX_NAME: usize = 6;

/// Connectors allowed inside a proper name (`Caisse des Dépôts`, `Saint-Gobain`).
const CONNECTORS: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "l", "d", "et", "&", "en", "pour", "sur", "a", "aux",
    "au",
];

/// Names a cue may be followed by that are not bodies.
const NOT_BODIES: &[&str] = &[
    "france",
    "etat",
    "gouvernement",
    "europe",
    "paris",
    "assemblee nationale",
    "senat",
    "parlement",
    "president",
    "republique",
    "premier ministre",
    "ministre",
    "ministere",
    "conseil",
    "commission",
    "etat francais",
];

/// Head words of long names that are not bodies (`Ministère des Armées (MINARM)`, `Plan
/// national santé environnement (PNSE)`).
const NOT_BODY_HEADS: &[&str] = &[
    "ministere",
    "ministre",
    "ministres",
    "gouvernement",
    "secretariat",
    "secretaire",
    "premier",
    "president",
    "presidente",
    "loi",
    "lois",
    "plan",
    "programme",
    "projet",
    "code",
    "fonds",
    "contrat",
    "prime",
    "allocation",
    "aide",
    "aides",
    "credit",
    "taxe",
    "impot",
    "revenu",
    "indice",
    "zone",
    "zones",
    "quartier",
    "quartiers",
    "schema",
    "document",
    "pacte",
    "strategie",
    "dispositif",
    "jeux",
    "directive",
    "reglement",
    "accord",
    "traite",
    "convention",
    "protocole",
    "rapport",
    "budget",
    "projet",
    "prestation",
    "contribution",
    "certificat",
    "diplome",
    "brevet",
    "label",
    "permis",
    "compte",
    "numero",
    "systeme",
    "service",
    "services",
    "plateforme",
    "fichier",
    "indemnite",
    "revenus",
    "pension",
    "produit",
    "produits",
    "pole",
    "reseau",
    "maison",
    "maisons",
    "etablissement",
    "etablissements",
    "centre",
    "centres",
    "unite",
    "unites",
    "mission",
    "missions",
    "dotation",
    "dotations",
    "contrats",
    "assemblee",
];

impl MentionFinder {
    /// A finder with the gazetteer compiled into the binary.
    #[must_use]
    pub fn new() -> Self {
        Self {
            gazetteer: Gazetteer::builtin(),
        }
    }

    /// The gazetteer.
    #[must_use]
    pub fn gazetteer(&self) -> &'static Gazetteer {
        self.gazetteer
    }

    /// Fills `question.mentions` and the answer's mentions.
    pub fn annotate(&self, question: &mut Question) {
        question.mentions = question
            .text
            .as_deref()
            .map(|t| self.find(t))
            .unwrap_or_default();
        if let Some(answer) = question.answer.as_mut() {
            answer.mentions = answer
                .text
                .as_deref()
                .map(|t| self.find(t))
                .unwrap_or_default();
        }
    }

    /// The bodies cited in `text`, in text order, with character offsets.
    #[must_use]
    pub fn find(&self, text: &str) -> Vec<Mention> {
        // Real texts are at most a few hundred kilobytes; anything far larger is not a
        // question or an answer, and is not scanned.
        if text.len() > MAX_TEXT {
            return Vec::new();
        }
        let toks = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        let text = chars.as_slice();
        let mut found: Vec<Found> = Vec::new();
        // Acronyms defined in this text, and names found by cues: valid for the whole text.
        let mut local: HashMap<String, Entity> = HashMap::default();

        self.gazetteer_pass(text, &toks, &mut found);
        self.acronym_pass(text, &toks, &mut found, &mut local);
        self.cue_pass(text, &toks, &mut found, &mut local);
        repeat_pass(&toks, &mut found, &local);

        // Keep the longest of overlapping spans, then text order.
        found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut kept: Vec<Found> = Vec::new();
        for f in found {
            if kept.last().is_some_and(|k| f.start < k.end) {
                continue;
            }
            kept.push(f);
        }
        kept.into_iter()
            .map(|f| Mention {
                surface: char_slice(text, f.start, f.end),
                start: f.start,
                end: f.end,
                entity: f.entity,
            })
            .collect()
    }

    fn gazetteer_pass(&self, text: &[char], toks: &[Token], found: &mut Vec<Found>) {
        let mut i = 0;
        while i < toks.len() {
            let Some((len, entity)) = self.gazetteer.longest_match(text, toks, i) else {
                i += 1;
                continue;
            };
            let span = (toks[i].start, toks[i + len - 1].end);
            let is_person = preceded_by_civility(toks, i);
            if !is_person {
                found.push(Found {
                    start: span.0,
                    end: span.1,
                    entity: entity.clone(),
                });
            }
            i += len;
        }
    }

    fn acronym_pass(
        &self,
        text: &[char],
        toks: &[Token],
        found: &mut Vec<Found>,
        local: &mut HashMap<String, Entity>,
    ) {
        for (k, t) in toks.iter().enumerate() {
            if !tokens::is_acronym(t.original) {
                continue;
            }
            let in_parens = t.before_char(text) == Some('(') && t.after_char(text) == Some(')');
            if in_parens {
                // `Long name (ACR)`: the long name ends just before the parenthesis.
                if let Some((from, entity_span)) = self.long_name_before(text, toks, k) {
                    let entity = self.entity_for_long_name(text, toks, from, k, t.original, found);
                    if let Some(entity) = entity {
                        found.push(Found {
                            start: entity_span.0,
                            end: entity_span.1,
                            entity: entity.clone(),
                        });
                        found.push(Found {
                            start: t.start,
                            end: t.end,
                            entity: entity.clone(),
                        });
                        local.insert(t.original.to_owned(), entity);
                    }
                }
            } else if t.after_char(text) == Some(' ') && text_after(text, t.end).starts_with(" (") {
                // `ACR (long name)`.
                if let Some(close) = toks[k + 1..]
                    .iter()
                    .position(|x| x.after_char(text) == Some(')'))
                    .map(|p| k + 1 + p)
                {
                    let inside = &toks[k + 1..=close];
                    if close - k <= 14
                        && initials_match(t.original, inside)
                        && starts_proper(inside)
                    {
                        let name = char_slice(text, inside[0].start, inside[inside.len() - 1].end);
                        let entity =
                            self.gazetteer
                                .entity_named(&name)
                                .cloned()
                                .unwrap_or_else(|| {
                                    new_entity(&name, Some(t.original), category_from_head(inside))
                                });
                        found.push(Found {
                            start: t.start,
                            end: t.end,
                            entity: entity.clone(),
                        });
                        found.push(Found {
                            start: inside[0].start,
                            end: inside[inside.len() - 1].end,
                            entity: entity.clone(),
                        });
                        local.insert(t.original.to_owned(), entity);
                    }
                }
            }
        }
    }

    /// The start token of a long name whose initials give the acronym at `k`, and its span.
    fn long_name_before(
        &self,
        text: &[char],
        toks: &[Token],
        k: usize,
    ) -> Option<(usize, (usize, usize))> {
        let acronym = &toks[k].original;
        let end = k.checked_sub(1)?;
        // The name must run up to the parenthesis.
        if !text_between(text, toks[end].end, toks[k].start)
            .trim_end()
            .ends_with('(')
            || text_between(text, toks[end].end, toks[k].start).contains(['.', ';', ':', '\n'])
        {
            return None;
        }
        let lowest = end.saturating_sub(14);
        for from in (lowest..=end).rev() {
            if toks[from..=end].windows(2).any(|w| {
                text_between(text, w[0].end, w[1].start).contains(['.', ';', ':', '\n', '(', ')'])
            }) {
                break;
            }
            let words = &toks[from..=end];
            if initials_match(acronym, words) && starts_proper(words) {
                return Some((from, (toks[from].start, toks[end].end)));
            }
        }
        None
    }

    fn entity_for_long_name(
        &self,
        text: &[char],
        toks: &[Token],
        from: usize,
        k: usize,
        acronym: &str,
        found: &[Found],
    ) -> Option<Entity> {
        let words = &toks[from..k];
        // A gazetteer body ending just before the parenthesis.
        if let Some(f) = found
            .iter()
            .find(|f| f.end == words[words.len() - 1].end && f.start <= words[0].start)
        {
            return Some(f.entity.clone());
        }
        let head = words
            .iter()
            .find(|w| w.original.chars().next().is_some_and(char::is_uppercase))?;
        if NOT_BODY_HEADS.contains(&head.folded.as_ref()) {
            return None;
        }
        let name = char_slice(text, words[0].start, words[words.len() - 1].end);
        Some(
            self.gazetteer
                .entity_named(&name)
                .cloned()
                .unwrap_or_else(|| new_entity(&name, Some(acronym), category_from_head(words))),
        )
    }

    fn cue_pass(
        &self,
        text: &[char],
        toks: &[Token],
        found: &mut Vec<Found>,
        local: &mut HashMap<String, Entity>,
    ) {
        for i in 0..toks.len() {
            if !cue_firsts().contains(&toks[i].folded.as_ref()) {
                continue;
            }
            for (cue, category) in CUES {
                if i + cue.len() > toks.len()
                    || !cue.iter().zip(&toks[i..]).all(|(c, t)| *c == t.folded)
                {
                    continue;
                }
                let after = i + cue.len();
                if self.group_follows(toks, after) {
                    continue;
                }
                let Some((start, end)) = name_after_cue(text, toks, after) else {
                    continue;
                };
                let span = (toks[start].start, toks[end].end);
                let (span, name) = match emphasis_span(text, toks, start) {
                    Some((s, e, name)) => ((s, e), name),
                    None => (span, char_slice(text, span.0, span.1)),
                };
                let folded = crate::link::tables::key(&name);
                if folded.is_empty()
                    || NOT_BODIES.contains(&folded.as_str())
                    || self.gazetteer.is_parliamentary_group(&folded)
                {
                    continue;
                }
                let entity = self
                    .gazetteer
                    .entity_named(&name)
                    .cloned()
                    .unwrap_or_else(|| new_entity(&name, None, *category));
                found.push(Found {
                    start: span.0,
                    end: span.1,
                    entity: entity.clone(),
                });
                local.insert(name, entity);
            }
        }
    }
}

impl MentionFinder {
    /// Whether the words from `at` spell a parliamentary group (`le groupe Socialistes et
    /// apparentés`).
    fn group_follows(&self, toks: &[Token], at: usize) -> bool {
        let mut name = String::new();
        for t in toks.iter().skip(at).take(12) {
            if !name.is_empty() {
                name.push(' ');
            }
            name.push_str(&t.folded);
            if self.gazetteer.is_parliamentary_group(&name) {
                return true;
            }
        }
        false
    }
}

/// A mention being built.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    entity: Entity,
}

fn new_entity(name: &str, acronym: Option<&str>, category: EntityCategory) -> Entity {
    Entity {
        key: slug(name),
        name: name.to_owned(),
        alt_names: acronym.map(|a| vec![a.to_owned()]).unwrap_or_default(),
        category,
        wikidata: None,
    }
}

/// Occurrences, elsewhere in the text, of names and acronyms found by definitions and cues.
fn repeat_pass(toks: &[Token], found: &mut Vec<Found>, local: &HashMap<String, Entity>) {
    let mut names: Vec<(&String, &Entity)> = local.iter().collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    for (name, entity) in names {
        let words: Vec<&str> = crate::text::alphanumeric_words(name).collect();
        if words.is_empty() {
            continue;
        }
        for i in 0..toks.len() {
            if i + words.len() > toks.len() {
                break;
            }
            if words.iter().zip(&toks[i..]).all(|(w, t)| *w == t.original)
                && !preceded_by_civility(toks, i)
            {
                let (start, end) = (toks[i].start, toks[i + words.len() - 1].end);
                if !found.iter().any(|f| f.start <= start && end <= f.end) {
                    found.push(Found {
                        start,
                        end,
                        entity: entity.clone(),
                    });
                }
            }
        }
    }
}

/// Whether the acronym's capitals are, in order, the initials of the words (function words
/// may be skipped, lower-case letters of the acronym are ignored: `DGFiP`).
fn initials_match(acronym: &str, words: &[Token]) -> bool {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.len() < 2 || words.is_empty() {
        return false;
    }
    // The first word must give the first letter.
    let initial = |t: &Token| t.folded.chars().next();
    if initial(&words[0]) != Some(letters[0]) {
        return false;
    }
    let mut li = 0;
    let mut significant_unmatched = 0;
    for w in words {
        let function_word = CONNECTORS.contains(&w.folded.as_ref());
        if li < letters.len() && initial(w) == Some(letters[li]) {
            li += 1;
            // A word may give two letters (`GRTgaz`, `Cnous`) when the next letter follows.
            while li < letters.len()
                && w.folded.chars().nth(1) == Some(letters[li])
                && !function_word
                && w.folded.len() <= 3
            {
                li += 1;
            }
        } else if !function_word {
            significant_unmatched += 1;
        }
    }
    li == letters.len() && significant_unmatched <= 1
}

/// Whether a long name is a proper name: its first significant word has a capital.
fn starts_proper(words: &[Token]) -> bool {
    words
        .iter()
        .find(|w| !CONNECTORS.contains(&w.folded.as_ref()))
        .is_some_and(|w| w.original.chars().next().is_some_and(char::is_uppercase))
        && !NOT_BODY_HEADS.contains(&words[0].folded.as_ref())
}

/// The category a long name's head word implies.
fn category_from_head(words: &[Token]) -> EntityCategory {
    let head = words
        .iter()
        .find(|w| !CONNECTORS.contains(&w.folded.as_ref()))
        .map(|w| w.folded.as_ref())
        .unwrap_or("");
    match head {
        "autorite" | "commission" | "comite" | "haute" | "haut" | "observatoire" | "mediateur"
        | "defenseur" | "controleur" => EntityCategory::IndependentAuthority,
        "conseil" | "cour" | "tribunal" | "chambre" | "parquet" => EntityCategory::Court,
        "agence" | "office" | "institut" | "direction" | "inspection" | "ecole" | "universite"
        | "bureau" | "commissariat" | "delegation" => EntityCategory::Agency,
        "caisse" | "caisses" | "mutualite" | "union"
            if words.iter().any(|w| {
                w.folded.starts_with("allocation")
                    || w.folded.starts_with("assurance")
                    || w.folded.starts_with("retraite")
                    || w.folded.starts_with("cotisation")
            }) =>
        {
            EntityCategory::SocialSecurity
        }
        "caisse" | "caisses" | "mutualite" => EntityCategory::SocialSecurity,
        "societe" | "groupe" | "compagnie" | "entreprise" | "laboratoires" | "laboratoire"
        | "banque" => EntityCategory::Company,
        "federation" | "confederation" | "syndicat" | "union" | "ordre" | "chambre syndicale" => {
            EntityCategory::Union
        }
        "association" | "ligue" | "collectif" | "mouvement" | "coordination" => {
            EntityCategory::Association
        }
        "fondation" => EntityCategory::Foundation,
        "organisation" | "programme alimentaire" => EntityCategory::International,
        _ => EntityCategory::Other,
    }
}

/// Whether the tokens before `i` are a civility, possibly with a given name: `M. Renault`,
/// `Mme Claire Michelin`.
fn preceded_by_civility(toks: &[Token], i: usize) -> bool {
    let civility = |t: &Token| {
        matches!(
            t.original,
            "M" | "Mme" | "MM" | "Mmes" | "Mlle" | "Monsieur" | "Madame"
        )
    };
    (i >= 1 && civility(&toks[i - 1]))
        || (i >= 2
            && civility(&toks[i - 2])
            && toks[i - 1]
                .original
                .chars()
                .next()
                .is_some_and(char::is_uppercase))
}

/// The proper name after a cue: up to [`MAX_GAP`] lower-case words, then capitalised words
/// joined by connectors; returns its first and last token.
fn name_after_cue(text: &[char], toks: &[Token], after: usize) -> Option<(usize, usize)> {
    let mut j = after;
    let mut gap = 0;
    while j < toks.len() {
        if text_between(text, toks[j - 1].end, toks[j].start)
            .contains([',', '.', ';', ':', '(', ')', '\n', '!', '?'])
        {
            return None;
        }
        let t = &toks[j];
        let emphasised = t.before_char(text) == Some('*')
            || text_between(text, toks[j - 1].end, t.start).contains('«');
        let starts_name = t.original.chars().next().is_some_and(char::is_uppercase);
        if starts_name || emphasised {
            break;
        }
        gap += 1;
        if gap > MAX_GAP {
            return None;
        }
        j += 1;
    }
    if j >= toks.len() {
        return None;
    }
    let start = j;
    let mut end = j;
    let mut k = j + 1;
    while k < toks.len() && k - start < MAX_NAME {
        let between = text_between(text, toks[k - 1].end, toks[k].start);
        if !between
            .chars()
            .all(|c| c == ' ' || c == '-' || c == '\'' || c == '\u{2019}' || c == '&')
        {
            break;
        }
        if toks[k].is_capitalized() {
            end = k;
            k += 1;
        } else if CONNECTORS.contains(&toks[k].folded.as_ref())
            && k + 1 < toks.len()
            && toks[k + 1].is_capitalized()
        {
            k += 1;
        } else {
            break;
        }
    }
    Some((start, end))
}

/// A name written between asterisks or French quotes starting at token `start`: returns its
/// character span and text.
fn emphasis_span(text: &[char], toks: &[Token], start: usize) -> Option<(usize, usize, String)> {
    let t = &toks[start];
    let opener = t.before_char(text)?;
    let closer = match opener {
        '*' => '*',
        ' ' | '\u{a0}' if text_before(text, t.start).trim_end().ends_with('«') => '»',
        _ => return None,
    };
    let len = text[t.start..].iter().take(81).position(|c| *c == closer)?;
    if len == 0 || len > 80 {
        return None;
    }
    let name = char_slice(text, t.start, t.start + len).trim().to_owned();
    Some((t.start, t.start + name.chars().count(), name))
}

fn char_slice(text: &[char], start: usize, end: usize) -> String {
    let end = end.min(text.len());
    text.get(start.min(end)..end)
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

/// The characters between two offsets.
pub(crate) fn gap(text: &[char], start: usize, end: usize) -> String {
    char_slice(text, start, end.max(start))
}

fn text_between(text: &[char], start: usize, end: usize) -> String {
    gap(text, start, end)
}

fn text_after(text: &[char], start: usize) -> String {
    char_slice(text, start, start + 4)
}

fn text_before(text: &[char], end: usize) -> String {
    char_slice(text, end.saturating_sub(3), end)
}

/// Keys of the entities found in `text` (for evaluation).
#[must_use]
pub fn entity_keys(mentions: &[Mention]) -> Vec<String> {
    let mut keys: Vec<String> = mentions.iter().map(|m| m.entity.key.clone()).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The folded form of a name, as the gazetteer compares names.
#[must_use]
pub fn name_key(name: &str) -> String {
    crate::link::tables::key(&fold(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        entity_keys(&MentionFinder::new().find(text))
    }

    #[test]
    fn the_seed_cites_exactly_cnil_disclose_and_briefcam() {
        let text = "M. Jérôme Guedj interroge M. le ministre de l'intérieur et des outre-mer sur la généralisation des dispositifs de vidéosurveillance algorithmique (VSA). Un article publié par le média d'investigation *Disclose* révèle que des polices municipales utilisent un logiciel de l'entreprise israélienne *Briefcam*. La Commission nationale de l'informatique et des libertés (CNIL) a indiqué, dans son avis, que la VSA est intrusive.";
        assert_eq!(keys(text), ["briefcam", "cnil", "disclose"]);
    }

    #[test]
    fn offsets_are_characters_of_the_text() {
        let text = "L'ANSSI et la Cour des comptes.";
        let mentions = MentionFinder::new().find(text);
        let spans: Vec<(&str, usize, usize)> = mentions
            .iter()
            .map(|m| (m.surface.as_str(), m.start, m.end))
            .collect();
        assert_eq!(spans, [("ANSSI", 2, 7), ("Cour des comptes", 14, 30)]);
        let chars: Vec<char> = text.chars().collect();
        for m in &mentions {
            assert_eq!(char_slice(&chars, m.start, m.end), m.surface);
        }
    }

    #[test]
    fn traps_are_avoided() {
        assert!(keys("la Commission a rendu son avis.").is_empty());
        assert!(
            keys("M. le ministre de l'intérieur et le ministère des armées (MINARM).").is_empty()
        );
        assert!(keys("La surface agricole utile (SAU) progresse.").is_empty());
        assert!(keys("M. Michelin interroge le Gouvernement.").is_empty());
        assert!(keys("Le groupe Les Républicains demande.").is_empty());
        assert!(keys("Les CNILS locales et la MARSEILLAISE.").is_empty());
    }

    #[test]
    fn acronym_definitions_create_bodies_and_later_uses_link_to_them() {
        let text =
            "L'Observatoire régional de la biodiversité (ORB) publie ses chiffres. L'ORB alerte.";
        let mentions = MentionFinder::new().find(text);
        assert_eq!(
            entity_keys(&mentions),
            ["observatoire-regional-de-la-biodiversite"]
        );
        assert_eq!(mentions.len(), 3);
        assert_eq!(
            mentions[0].entity.category,
            EntityCategory::IndependentAuthority
        );
    }
}
