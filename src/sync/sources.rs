//! Where `qe2rdf sync` takes the Assembly's data from: a source is an `http(s)` URL or a
//! local path of one of its distribution files. The Assembly's current archives are listed
//! here, in one place, for `qe2rdf sync --help` and the README.

use std::fmt;
use std::path::PathBuf;

/// The Assembly's open-data site, where its archives live.
pub const OPEN_DATA_SITE: &str = "https://data.assemblee-nationale.fr";

/// The legislature whose archives [`OFFICIAL`] lists.
pub const CURRENT_LEGISLATURE: u16 = 17;

/// The Assembly's archives of the current legislature: what they hold, and their address.
/// Each is republished often (daily), with a new checksum even when nothing changed.
pub const OFFICIAL: &[(&str, &str)] = &[
    (
        "written questions (QE)",
        "https://data.assemblee-nationale.fr/static/openData/repository/17/questions/questions_ecrites/Questions_ecrites.json.zip",
    ),
    (
        "oral questions without debate (QOSD)",
        "https://data.assemblee-nationale.fr/static/openData/repository/17/questions/questions_orales_sans_debat/Questions_orales_sans_debat.json.zip",
    ),
    (
        "questions to the government (QG)",
        "https://data.assemblee-nationale.fr/static/openData/repository/17/questions/questions_gouvernement/Questions_gouvernement.json.zip",
    ),
    (
        "deputies, mandates and organs (AMO), to link with",
        "https://data.assemblee-nationale.fr/static/openData/repository/17/amo/deputes_actifs_mandats_actifs_organes/AMO10_deputes_actifs_mandats_actifs_organes.json.zip",
    ),
];

/// Where a source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Downloaded over HTTP(S).
    Url(String),
    /// A file of this machine.
    Path(PathBuf),
}

impl Source {
    /// A source as written by the user: an `http(s)://` address, or a path.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            Self::Url(text.to_owned())
        } else {
            Self::Path(PathBuf::from(text))
        }
    }

    /// The name of the file it is (for provenance): the last part of its path.
    #[must_use]
    pub fn file_name(&self) -> String {
        let text = match self {
            Self::Url(url) => url.split(['?', '#']).next().unwrap_or(url).to_owned(),
            Self::Path(path) => path.display().to_string(),
        };
        text.trim_end_matches('/')
            .rsplit(['/', '\\'])
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("source")
            .to_owned()
    }

    /// Whether it is the AMO reference data (deputies, organs) rather than questions.
    #[must_use]
    pub fn is_reference_data(&self) -> bool {
        let name = self.file_name().to_ascii_lowercase();
        name.starts_with("amo") || name.contains("acteur") || name.contains("organe")
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Url(url) => f.write_str(url),
            Self::Path(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The text `qe2rdf sync --help` ends with: the official archives, and how to add them.
#[must_use]
pub fn help_text() -> String {
    let mut text = format!(
        "The Assembly's archives of the {CURRENT_LEGISLATURE}th legislature ({OPEN_DATA_SITE}):\n"
    );
    for (what, url) in OFFICIAL {
        text.push_str(&format!("  {what}:\n    {url}\n"));
    }
    text.push_str(
        "\nRecord them once with `qe2rdf sync --add URL` (or `qe2rdf sync --add-official`), then run \
         `qe2rdf sync` every day.",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_urls_or_paths_and_name_their_file() {
        let url = Source::parse(OFFICIAL[0].1);
        assert!(matches!(url, Source::Url(_)));
        assert_eq!(url.file_name(), "Questions_ecrites.json.zip");
        assert!(!url.is_reference_data());
        assert!(Source::parse(OFFICIAL[3].1).is_reference_data());
        let path = Source::parse("archives/Questions_gouvernement.xml.zip");
        assert_eq!(
            path,
            Source::Path("archives/Questions_gouvernement.xml.zip".into())
        );
        assert_eq!(path.file_name(), "Questions_gouvernement.xml.zip");
        assert_eq!(
            Source::parse("HTTPS://example.org/a.zip?x=1").file_name(),
            "a.zip"
        );
        assert!(help_text().contains("Questions_orales_sans_debat.json.zip"));
    }
}
