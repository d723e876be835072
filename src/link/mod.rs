//! Linking to official ids: places (departments, regions) now; deputies, groups and
//! ministries from the reference tables in `data/`.
//!
//! The tables are compiled into the binary, so linking works offline on any machine.

pub mod places;

pub use places::{department_by_name, department_name, normalize_department_code, region_name};

use crate::model::Question;

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

/// Links questions to official ids (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Linker {}

impl Linker {
    /// A linker with the tables compiled into the binary.
    #[must_use]
    pub fn new() -> Self {
        Self {}
    }

    /// Links one question; what could not be resolved with certainty is reported in
    /// `warnings` and left as the source gave it.
    pub fn link(&self, question: &mut Question, warnings: &mut Vec<crate::parse::Warning>) {
        let _ = warnings;
        link_places(question);
    }
}
