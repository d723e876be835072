//! Linking to official ids: deputies (`PA…`, NosDéputés, Wikidata), groups and ministries
//! (`PO…`), departments (codes).
//!
//! The tables of `data/` are compiled into the binary, so linking works offline. The AMO
//! acteur/organe files of the open data can extend them (`--actors`). Nothing is guessed:
//! a name that matches several people, or a label that matches several organs of the period,
//! is left as the source gave it, with a warning.

pub mod actors;
pub mod places;
pub mod tables;

use std::sync::Arc;

use chrono::NaiveDate;

pub use places::{department_by_name, department_name, region_name};
pub use tables::{DeputyRow, OrganKind, OrganRow, Tables};

use crate::model::{
    Author, Constituency, Ministry, Question, ReferenceSnapshot, normalize_department_code,
};
use crate::parse::{Location, Warning};

/// Resolves the author's place: a department name gets its code and canonical name, a
/// region is recorded as such.
pub fn link_places(question: &mut Question) {
    let Some(place) = question
        .author
        .as_mut()
        .and_then(|a| a.constituency.as_mut())
    else {
        return;
    };
    if let Some(code) = place.department_code.as_deref() {
        let code = normalize_department_code(code);
        if place.label.is_empty() {
            if let Some(name) = department_name(&code) {
                name.clone_into(&mut place.label);
            }
        }
        place.department_code = Some(code);
        return;
    }
    if let Some(code) = department_by_name(&place.label) {
        place.department_code = Some(code.to_owned());
        if let Some(name) = department_name(code) {
            name.clone_into(&mut place.label);
        }
    } else if let Some(region) = region_name(&place.label) {
        region.clone_into(&mut place.label);
        place.region = Some(region.to_owned());
    }
}

/// Counts of what linking resolved, for coverage reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkOutcome {
    /// The author got an AN id.
    pub author: bool,
    /// The group got a PO id.
    pub group: bool,
    /// Ministries that got a PO id, out of those present.
    pub ministries: (usize, usize),
}

/// Links questions to official ids (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Linker {
    extra: Option<Arc<Tables>>,
    /// What the extra tables are (`--actors`).
    extra_snapshot: Option<ReferenceSnapshot>,
}

impl Linker {
    /// A linker with the tables compiled into the binary.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A linker that also knows the actors and organs of AMO files (see [`actors`]), whose
    /// snapshot `snapshot` says.
    #[must_use]
    pub fn with_actors(tables: Tables, snapshot: Option<ReferenceSnapshot>) -> Self {
        Self {
            extra: Some(Arc::new(tables)),
            extra_snapshot: snapshot,
        }
    }

    /// The reference data this linker links with: the tables compiled into qe2rdf, and the
    /// AMO files given, if any.
    #[must_use]
    pub fn reference(&self) -> Vec<ReferenceSnapshot> {
        let mut all: Vec<ReferenceSnapshot> = self.extra_snapshot.iter().cloned().collect();
        if let Some(date) = Tables::builtin_snapshot().amo {
            all.push(ReferenceSnapshot {
                source: "amo".into(),
                date,
                origin: ReferenceSnapshot::COMPILED.into(),
            });
        }
        all
    }

    fn tables(&self) -> impl Iterator<Item = &Tables> {
        self.extra
            .as_deref()
            .into_iter()
            .chain(std::iter::once(Tables::builtin()))
    }

    /// Links one question; what cannot be resolved with certainty is reported in `warnings`
    /// and left as the source gave it.
    pub fn link(&self, question: &mut Question, warnings: &mut Vec<Warning>) -> LinkOutcome {
        let before = warnings.len();
        let outcome = self.link_question(question, warnings);
        // The questioned and assigned ministry often share a label: one message says it.
        let mut seen = rustc_hash::FxHashSet::default();
        let mut index = 0;
        warnings.retain(|w| {
            index += 1;
            index <= before || seen.insert(w.message.clone())
        });
        outcome
    }

    fn link_question(&self, question: &mut Question, warnings: &mut Vec<Warning>) -> LinkOutcome {
        link_places(question);
        let mut outcome = LinkOutcome::default();
        let legislature = question.id.legislature;
        let date = question.published.map(|p| p.date);
        let location = Location {
            file: question.source.path.clone(),
            member: question.source.member.clone(),
            question: Some(question.id.uid()),
            ..Location::default()
        };
        if let Some(author) = question.author.as_mut() {
            match self.resolve_deputy(author, legislature) {
                Ok(true) => outcome.author = true,
                Ok(false) => {}
                Err(message) => warnings.push(Warning {
                    location: location.clone(),
                    message,
                }),
            }
            if let Some(group) = author.group.as_mut() {
                match self.resolve_group(group, legislature, date) {
                    Ok(true) => outcome.group = true,
                    Ok(false) => {}
                    Err(message) => warnings.push(Warning {
                        location: location.clone(),
                        message,
                    }),
                }
            }
            link_places(question);
        }
        let assigned_date = question.attribution_changes.last().copied().or(date);
        let mut count = |m: &mut Ministry, on: Option<NaiveDate>, warnings: &mut Vec<Warning>| {
            outcome.ministries.1 += 1;
            match self.resolve_ministry(m, on) {
                Ok(true) => outcome.ministries.0 += 1,
                Ok(false) => {}
                Err(message) => warnings.push(Warning {
                    location: location.clone(),
                    message,
                }),
            }
        };
        if let Some(m) = question.ministry_questioned.as_mut() {
            count(m, date, warnings);
        }
        if let Some(m) = question.ministry_assigned.as_mut() {
            count(m, assigned_date, warnings);
        }
        for a in &mut question.attributions {
            let on = a.date.or(date);
            let mut ignored = Vec::new();
            let _ = self
                .resolve_ministry(&mut a.ministry, on)
                .map_err(|e| ignored.push(e));
        }
        outcome
    }

    /// Finds the deputy: by AN id when the source has one, else by name in the legislature
    /// (department and civility separate homonyms). Returns whether an id was found; an
    /// error message when several people match.
    fn resolve_deputy(&self, author: &mut Author, legislature: u16) -> Result<bool, String> {
        if let Some(pa) = author.id.clone() {
            let rows: Vec<&DeputyRow> = self.tables().flat_map(|t| t.deputy_rows(&pa)).collect();
            if let Some(row) = rows
                .iter()
                .find(|r| r.legislature == legislature)
                .or(rows.first())
            {
                apply_deputy(
                    author,
                    row,
                    rows.iter().any(|r| r.legislature == legislature),
                );
                self.fill_external_ids(author);
            }
            return Ok(true);
        }
        if author.name.trim().is_empty() {
            return Ok(false);
        }
        let mut names = vec![author.name.clone()];
        if let (Some(g), Some(f)) = (&author.given_name, &author.family_name) {
            names.push(format!("{g} {f}"));
        }
        let rows: Vec<&DeputyRow> = self
            .tables()
            .flat_map(|t| names.iter().flat_map(|n| t.deputies_named(n)))
            .collect();
        let department = author
            .constituency
            .as_ref()
            .and_then(|c| c.department_code.clone());
        let pick = |rows: &[&DeputyRow]| -> Vec<String> {
            let mut ids: Vec<String> = rows.iter().map(|r| r.pa.clone()).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let in_legislature: Vec<&DeputyRow> = rows
            .iter()
            .copied()
            .filter(|r| r.legislature == legislature)
            .collect();
        let mut candidates = if in_legislature.is_empty() {
            rows.clone()
        } else {
            in_legislature.clone()
        };
        if pick(&candidates).len() > 1 {
            if let Some(d) = &department {
                let same_place: Vec<&DeputyRow> = candidates
                    .iter()
                    .copied()
                    .filter(|r| r.department.as_deref() == Some(d.as_str()))
                    .collect();
                if !same_place.is_empty() {
                    candidates = same_place;
                }
            }
        }
        if pick(&candidates).len() > 1 {
            if let Some(c) = &author.civility {
                let same_civility: Vec<&DeputyRow> = candidates
                    .iter()
                    .copied()
                    .filter(|r| r.civility == *c)
                    .collect();
                if !same_civility.is_empty() {
                    candidates = same_civility;
                }
            }
        }
        match pick(&candidates).as_slice() {
            [] => Ok(false),
            [pa] => {
                let row = candidates
                    .iter()
                    .find(|r| r.pa == *pa && r.legislature == legislature)
                    .or_else(|| candidates.iter().find(|r| r.pa == *pa));
                if let Some(row) = row {
                    let same_legislature = row.legislature == legislature;
                    author.id = Some(row.pa.clone());
                    apply_deputy(author, row, same_legislature);
                    self.fill_external_ids(author);
                }
                Ok(true)
            }
            several => Err(format!(
                "author {:?} matches several deputies ({}): not linked",
                author.name,
                several.join(", ")
            )),
        }
    }

    /// Takes what the author's row lacks (NosDéputés, Wikidata, Wikipedia) from the other
    /// rows of the same deputy: AMO files given with `--actors` know the deputies of their
    /// date, the compiled tables their links.
    fn fill_external_ids(&self, author: &mut Author) {
        let Some(pa) = author.id.clone() else {
            return;
        };
        for row in self.tables().flat_map(|t| t.deputy_rows(&pa)) {
            if author.nosdeputes_slug.is_none() {
                author.nosdeputes_slug.clone_from(&row.slug);
            }
            if author.wikidata.is_none() {
                author.wikidata.clone_from(&row.wikidata);
            }
            if author.wikipedia.is_none() {
                author.wikipedia.clone_from(&row.wikipedia);
            }
        }
    }

    fn resolve_group(
        &self,
        group: &mut crate::model::Group,
        legislature: u16,
        date: Option<NaiveDate>,
    ) -> Result<bool, String> {
        if let Some(po) = group.id.clone() {
            if let Some(row) = self.tables().find_map(|t| t.organ(&po)) {
                row.label.clone_into(&mut group.label);
                group.short_label = Some(row.abbreviation.clone());
            }
            return Ok(true);
        }
        let wanted = [tables::group_key(&group.label), tables::key(&group.label)];
        let mut groups: Vec<&OrganRow> = self
            .tables()
            .flat_map(|t| {
                wanted
                    .iter()
                    .filter(|w| !w.is_empty())
                    .flat_map(|w| t.groups_keyed(legislature, w))
            })
            .collect();
        groups.sort_by(|a, b| a.po.cmp(&b.po));
        groups.dedup_by(|a, b| a.po == b.po);
        let matched_before_dates = groups.len();
        if groups.len() > 1 {
            if let Some(d) = date {
                groups.retain(|o| o.active_on(d));
            }
        }
        match groups.as_slice() {
            [] if matched_before_dates > 0 => Err(format!(
                "group {:?} names groups of the {legislature}e législature that did not exist on {}: not linked",
                group.label,
                date.map_or_else(|| "that date".to_owned(), |d| d.to_string())
            )),
            [] => {
                let known = self
                    .tables()
                    .any(|t| t.groups_of(legislature).next().is_some());
                if known {
                    Err(format!(
                        "group {:?} is not a group of the {legislature}e législature in the reference tables: not linked",
                        group.label
                    ))
                } else {
                    Ok(false)
                }
            }
            [row] => {
                group.id = Some(row.po.clone());
                row.label.clone_into(&mut group.label);
                group.short_label = Some(row.abbreviation.clone());
                Ok(true)
            }
            several => Err(format!(
                "group {:?} matches several groups ({}): not linked",
                group.label,
                several
                    .iter()
                    .map(|o| o.po.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    fn resolve_ministry(
        &self,
        ministry: &mut Ministry,
        date: Option<NaiveDate>,
    ) -> Result<bool, String> {
        if let Some(po) = ministry.id.clone() {
            if let Some(row) = self.tables().find_map(|t| t.organ(&po)) {
                row.short_label.clone_into(&mut ministry.label);
                ministry.long_label = Some(row.label.clone());
            }
            return Ok(true);
        }
        // The label the pages write is the organ's short label; the open data's long label
        // its full one. The short label is tried first: a full label is often shared by a
        // ministry and the posts attached to it (`Ministère de l'intérieur`).
        let by_short = self.ministries(|t| t.ministries_short_labelled(&ministry.label));
        let mut chosen = in_period(by_short, date);
        if chosen.is_empty() {
            let mut by_full = self.ministries(|t| t.ministries_labelled(&ministry.label));
            if let Some(long) = &ministry.long_label {
                by_full.extend(self.ministries(|t| t.ministries_labelled(long)));
                by_full.sort_by(|a, b| a.po.cmp(&b.po));
                by_full.dedup_by(|a, b| a.po == b.po);
            }
            chosen = in_period(by_full, date);
        }
        if chosen.is_empty() && ministry.label.contains('(') {
            // A qualifier written otherwise than in the data (`(Mme Wargon)`): the ministry
            // and its posts, told apart below from what the qualifier says.
            let by_base = self.ministries(|t| t.ministries_base_labelled(&ministry.label));
            chosen = in_period(by_base, date);
        }
        if let (Some(d), true) = (date, chosen.len() > 1) {
            chosen = self.by_what_the_label_says(&ministry.label, chosen, d);
        }
        match chosen.as_slice() {
            [row] => {
                ministry.id = Some(row.po.clone());
                row.short_label.clone_into(&mut ministry.label);
                ministry.long_label = Some(row.label.clone());
                Ok(true)
            }
            [] => Ok(false),
            several => Err(format!(
                "ministry {:?} matches several ministries of the period ({}): not linked",
                ministry.label,
                several
                    .iter()
                    .map(|o| o.po.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The ministries of every table that `find` gives, once each.
    fn ministries<'t>(
        &'t self,
        find: impl Fn(&'t Tables) -> Vec<&'t OrganRow>,
    ) -> Vec<&'t OrganRow> {
        let mut found: Vec<&OrganRow> = self.tables().flat_map(find).collect();
        found.sort_by(|a, b| a.po.cmp(&b.po));
        found.dedup_by(|a, b| a.po == b.po);
        found
    }

    /// Narrows ministries that share a label on `date` from what the label says and who
    /// held each post that day (the government posts of the AMO data): a minister named
    /// in the qualifier (`(Mme Wargon, SE auprès du ministre d'État)`), the civility it
    /// gives (`(Mme la ministre …)`), the rank it names (`SE`, `ministre délégué`); a
    /// label without a qualifier names the ministry itself rather than a post attached to
    /// it. Each clue is used only when it keeps some of the ministries and not all.
    fn by_what_the_label_says<'t>(
        &'t self,
        label: &str,
        candidates: Vec<&'t OrganRow>,
        date: NaiveDate,
    ) -> Vec<&'t OrganRow> {
        let holders = |o: &OrganRow| -> Vec<&tables::PostRow> {
            self.tables().flat_map(|t| t.holders(&o.po, date)).collect()
        };
        let narrow = |candidates: Vec<&'t OrganRow>, keep: &dyn Fn(&OrganRow) -> bool| {
            let kept: Vec<&'t OrganRow> = candidates.iter().copied().filter(|o| keep(o)).collect();
            if kept.is_empty() || kept.len() == candidates.len() {
                candidates
            } else {
                kept
            }
        };
        // The qualifier's words, folded: `(Mme Wargon, SE …)` → `mme wargon se …`.
        let qualifier = label
            .rfind('(')
            .map(|open| {
                let words: String = tables::key(&label[open + 1..])
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                crate::text::normalize_ws(&words)
            })
            .filter(|q| !q.is_empty());
        let words = |text: &str| format!(" {text} ");
        let mut chosen = candidates;
        match &qualifier {
            Some(q) => {
                // `M. X` or `Mme X` names the holder (`Mme la ministre` does not): the
                // post is the one X held that day, and none when X held none of them.
                let tokens: Vec<&str> = q.split(' ').collect();
                let named = tokens.windows(2).find_map(|pair| {
                    (matches!(pair[0], "m" | "mme")
                        && !matches!(pair[1], "le" | "la" | "l" | "les"))
                    .then_some(pair[1])
                });
                if let Some(name) = named {
                    let held: Vec<&'t OrganRow> = chosen
                        .iter()
                        .copied()
                        .filter(|o| {
                            holders(o)
                                .iter()
                                .any(|p| tables::key(&p.family).split(' ').any(|w| w == name))
                        })
                        .collect();
                    return if held.is_empty() { chosen } else { held };
                }
                let q = words(q);
                for (clue, civility) in [(" mme ", "Mme"), (" m ", "M.")] {
                    if q.contains(clue) {
                        chosen = narrow(chosen, &|o| {
                            holders(o).iter().any(|p| p.civility == civility)
                        });
                    }
                }
                let rank = if q.contains(" se ") || q.contains(" secretaire d etat ") {
                    Some(Rank::Secretary)
                } else if q.contains(" delegue ") || q.contains(" deleguee ") {
                    Some(Rank::Delegate)
                } else {
                    None
                };
                if let Some(rank) = rank {
                    chosen = narrow(chosen, &|o| rank_of(o, &holders(o)) == rank);
                }
            }
            None => chosen = narrow(chosen, &|o| rank_of(o, &holders(o)) == Rank::Minister),
        }
        // On the day one ministry hands over to the next, the label names the new one.
        narrow(chosen, &|o| o.end != Some(date))
    }
}

/// The rank of a government post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rank {
    /// A ministry itself (minister, minister of state, prime minister, keeper of the seals).
    Minister,
    /// A minister attached to another (`Ministre délégué`).
    Delegate,
    /// A secretary of state.
    Secretary,
}

/// The rank of a ministry: from its holders' quality that day, else from its label.
fn rank_of(organ: &OrganRow, holders: &[&tables::PostRow]) -> Rank {
    let by_quality = holders.iter().find_map(|p| match p.quality.as_str() {
        "Secrétaire d'État" => Some(Rank::Secretary),
        "Ministre délégué" => Some(Rank::Delegate),
        "" => None,
        _ => Some(Rank::Minister),
    });
    by_quality.unwrap_or_else(|| {
        let label = tables::key(&organ.label);
        if label.starts_with("secretariat d etat") || label.starts_with("secretaire d etat") {
            Rank::Secretary
        } else if label.contains("delegue") {
            Rank::Delegate
        } else {
            Rank::Minister
        }
    })
}

/// The ministries existing on `date`; without a date, the one ministry there is (none when
/// there are several).
fn in_period(candidates: Vec<&OrganRow>, date: Option<NaiveDate>) -> Vec<&OrganRow> {
    match date {
        Some(d) => candidates.into_iter().filter(|o| o.active_on(d)).collect(),
        None if candidates.len() == 1 => candidates,
        None => Vec::new(),
    }
}

/// Copies what the table knows of a deputy into the author: canonical name, civility, slug,
/// Wikidata, and the department when the source gave only a region (or nothing).
fn apply_deputy(author: &mut Author, row: &DeputyRow, same_legislature: bool) {
    author.name = row.display_name();
    author.given_name = Some(row.given.clone());
    author.family_name = Some(row.family.clone());
    if !row.civility.is_empty() {
        author.civility = Some(row.civility.clone());
    }
    author.nosdeputes_slug.clone_from(&row.slug);
    author.wikidata.clone_from(&row.wikidata);
    author.wikipedia.clone_from(&row.wikipedia);
    if !same_legislature {
        return;
    }
    let Some(code) = row.department.as_deref() else {
        return;
    };
    let needs_place = author
        .constituency
        .as_ref()
        .is_none_or(|c| c.department_code.is_none());
    if needs_place {
        let region = author.constituency.as_ref().and_then(|c| c.region.clone());
        author.constituency = Some(Constituency {
            label: department_name(code).unwrap_or(code).to_owned(),
            department_code: Some(normalize_department_code(code)),
            number: row.constituency,
            region,
        });
    } else if let Some(c) = author.constituency.as_mut() {
        if c.number.is_none() && c.department_code.as_deref() == Some(code) {
            c.number = row.constituency;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Group, JoRef, QuestionId, QuestionKind, Source, SourceFormat};

    fn question(leg: u16, author: Author, date: &str) -> Question {
        let id = QuestionId {
            legislature: leg,
            kind: QuestionKind::Written,
            number: 1,
        };
        let mut q = Question::new(
            id,
            Source {
                format: SourceFormat::ClassicText,
                path: "t".into(),
                member: None,
                line: 1,
                sha256: None,
            },
        );
        q.author = Some(author);
        q.published = crate::text::parse_iso_date(date).ok().map(JoRef::on);
        q
    }

    #[test]
    fn deputies_resolve_by_name_and_by_id_to_the_same_person() {
        let linker = Linker::new();
        let by_name = Author {
            civility: Some("M.".into()),
            name: "Jérôme Guedj".into(),
            group: Some(Group {
                label: "Socialistes et apparentés".into(),
                ..Group::default()
            }),
            constituency: Some(Constituency {
                label: "Essonne".into(),
                ..Constituency::default()
            }),
            ..Author::default()
        };
        let mut q = question(16, by_name, "2023-12-05");
        let mut w = Vec::new();
        let outcome = linker.link(&mut q, &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert!(outcome.author && outcome.group);
        let a = q.author.expect("author");
        assert_eq!(a.id.as_deref(), Some("PA1567"));
        assert_eq!(a.wikidata.as_deref(), Some("Q3190925"));
        assert_eq!(a.nosdeputes_slug.as_deref(), Some("jerome-guedj"));
        // The group was re-formed on 2023-10-19, without the NUPES in its label.
        assert_eq!(a.group.expect("group").id.as_deref(), Some("PO830170"));
        let by_id = Author {
            id: Some("PA1567".into()),
            ..Author::default()
        };
        let mut q = question(16, by_id, "2023-12-05");
        linker.link(&mut q, &mut w);
        let a = q.author.expect("author");
        assert_eq!(a.name, "Jérôme Guedj");
        assert_eq!(
            a.constituency.and_then(|c| c.department_code).as_deref(),
            Some("91")
        );
    }

    #[test]
    fn family_name_first_and_case_do_not_matter() {
        let linker = Linker::new();
        let mut a = Author {
            name: "RIXAIN Marie Pierre".into(),
            ..Author::default()
        };
        let mut w = Vec::new();
        let mut q = question(16, std::mem::take(&mut a), "2022-07-26");
        linker.link(&mut q, &mut w);
        assert_eq!(q.author.and_then(|a| a.id).as_deref(), Some("PA722252"));
    }

    #[test]
    fn names_with_a_particle_link_as_pages_write_them_and_keep_that_form() {
        let linker = Linker::new();
        for (leg, written, pa, canonical) in [
            (
                15,
                "Laure de La Raudière",
                "PA331567",
                "Laure de La Raudière",
            ),
            (15, "Marielle de Sarnez", "PA717151", "Marielle de Sarnez"),
            (
                15,
                "Jennifer De Temmerman",
                "PA720538",
                "Jennifer De Temmerman",
            ),
            (
                15,
                "Charles de la Verpillière",
                "PA1012",
                "Charles de la Verpillière",
            ),
            (
                14,
                "La Verpillière (de) Charles",
                "PA1012",
                "Charles de la Verpillière",
            ),
            (15, "Charles de Courson", "PA942", "Charles de Courson"),
        ] {
            let mut w = Vec::new();
            let mut q = question(
                leg,
                Author {
                    name: written.into(),
                    ..Author::default()
                },
                "2019-02-21",
            );
            linker.link(&mut q, &mut w);
            let author = q.author.expect("author");
            assert_eq!(author.id.as_deref(), Some(pa), "{written}");
            assert_eq!(author.name, canonical, "{written}");
            assert!(!author.family_name.unwrap_or_default().contains('('));
        }
    }

    #[test]
    fn ministries_sharing_a_label_are_told_apart_by_what_the_label_says() {
        let linker = Linker::new();
        let on = |label: &str, date: &str| {
            let mut m = Ministry::labelled(label);
            let linked = linker.resolve_ministry(&mut m, crate::text::parse_iso_date(date).ok());
            (linked, m.id)
        };
        for (label, date, po) in [
            // The ministry, and the minister attached to it, named by her civility.
            ("Intérieur", "2018-01-10", "PO729937"),
            (
                "Intérieur (Mme la ministre auprès du ministre d'État)",
                "2018-01-10",
                "PO730004",
            ),
            // Two secretaries of state and the ministry, the first named.
            (
                "Transition écologique et solidaire (Mme Wargon, SE auprès du ministre d'État)",
                "2019-01-10",
                "PO759809",
            ),
            (
                "Transition écologique et solidaire (Mme Wargon)",
                "2019-01-10",
                "PO759809",
            ),
            (
                "Transition écologique et solidaire (Mme Poirson)",
                "2019-01-10",
                "PO730037",
            ),
            (
                "Transition écologique et solidaire",
                "2019-01-10",
                "PO758787",
            ),
            // The day one minister hands over to the next.
            ("Affaires étrangères", "2016-02-12", "PO711552"),
        ] {
            assert_eq!(
                on(label, date),
                (Ok(true), Some(po.to_owned())),
                "{label} on {date}"
            );
        }
        // A qualifier that names nobody of the period leaves the label ambiguous: said once.
        let mut q = question(15, Author::default(), "2019-01-10");
        let unknown = Ministry::labelled("Transition écologique et solidaire (M. Personne)");
        q.ministry_questioned = Some(unknown.clone());
        q.ministry_assigned = Some(unknown);
        let mut w = Vec::new();
        linker.link(&mut q, &mut w);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains("matches several ministries"), "{w:?}");
    }

    #[test]
    fn ministries_resolve_for_the_period() {
        let linker = Linker::new();
        let mut m = Ministry::labelled("Défense");
        assert_eq!(
            linker.resolve_ministry(&mut m, crate::text::parse_iso_date("2014-01-07").ok()),
            Ok(true)
        );
        assert_eq!(m.id.as_deref(), Some("PO653280"));
        let mut m = Ministry::labelled("Défense");
        assert_eq!(
            linker.resolve_ministry(&mut m, crate::text::parse_iso_date("2014-04-10").ok()),
            Ok(true)
        );
        assert_eq!(m.id.as_deref(), Some("PO700737"));
        let mut m = Ministry::labelled("Ministère imaginaire");
        assert_eq!(linker.resolve_ministry(&mut m, None), Ok(false));
    }

    #[test]
    fn unknown_people_stay_unlinked() {
        let linker = Linker::new();
        let mut q = question(
            16,
            Author {
                name: "Personne Inconnue".into(),
                ..Author::default()
            },
            "2023-01-01",
        );
        let mut w = Vec::new();
        assert!(!linker.link(&mut q, &mut w).author);
        assert_eq!(q.author.and_then(|a| a.id), None);
    }
}
