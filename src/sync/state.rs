//! What `qe2rdf sync` keeps between runs, in the store's folder (`qe2rdf-sync/`): the
//! sources recorded, and for each what the last sync saw of it (validators for conditional
//! requests, the digest of each member of its archive and the questions each held).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The folder of the sync's state, in the store's folder.
pub const FOLDER: &str = "qe2rdf-sync";
/// The state file in it.
const FILE: &str = "state.json";

/// What the last sync saw of one member of an archive (or of the whole document).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The questions it held.
    #[serde(default)]
    pub questions: Vec<String>,
}

/// What the last sync saw of a source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceState {
    /// The source as recorded (URL or path).
    pub source: String,
    /// `ETag` of the last download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Last-Modified` of the last download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Size and modification time (seconds) of a local file when last read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_stamp: Option<(u64, u64)>,
    /// SHA-256 of the whole file last read.
    #[serde(default)]
    pub sha256: String,
    /// Each member of the archive (or `""` for a document that is not one).
    #[serde(default)]
    pub members: BTreeMap<String, Seen>,
    /// When it was last synced (ISO 8601, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced: Option<String>,
}

/// Every source of a store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// The sources, in the order they were added.
    pub sources: Vec<SourceState>,
}

impl SyncState {
    /// The folder of a store's sync state.
    #[must_use]
    pub fn folder(store: &Path) -> PathBuf {
        store.join(FOLDER)
    }

    /// Reads a store's state (empty when it has none).
    pub fn read(store: &Path) -> std::io::Result<Self> {
        let path = Self::folder(store).join(FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "{}: {e} (remove the file to start the sync over)",
                        path.display()
                    ),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(e),
        }
    }

    /// Writes it (whole or not at all: a new file renamed over the old).
    pub fn write(&self, store: &Path) -> std::io::Result<()> {
        let folder = Self::folder(store);
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(FILE);
        let partial = folder.join(format!("{FILE}.partial"));
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        {
            use std::io::Write;
            let mut file = std::fs::File::create(&partial)?;
            file.write_all(&bytes)?;
            file.sync_all()?;
        }
        std::fs::rename(&partial, &path)
    }

    /// The state of a source, added when it is not there yet.
    pub fn source_mut(&mut self, source: &str) -> &mut SourceState {
        if let Some(i) = self.sources.iter().position(|s| s.source == source) {
            return &mut self.sources[i];
        }
        self.sources.push(SourceState {
            source: source.to_owned(),
            ..SourceState::default()
        });
        let last = self.sources.len() - 1;
        &mut self.sources[last]
    }

    /// Records a source (once). Whether it was new.
    pub fn add(&mut self, source: &str) -> bool {
        if self.sources.iter().any(|s| s.source == source) {
            return false;
        }
        self.source_mut(source);
        true
    }

    /// Forgets a source. Whether it was there.
    pub fn remove(&mut self, source: &str) -> bool {
        let before = self.sources.len();
        self.sources.retain(|s| s.source != source);
        self.sources.len() < before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_is_written_whole_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(
            SyncState::read(dir.path()).expect("read"),
            SyncState::default()
        );
        let mut state = SyncState::default();
        assert!(state.add("https://example.org/a.zip"));
        assert!(!state.add("https://example.org/a.zip"));
        state
            .source_mut("https://example.org/a.zip")
            .members
            .insert(
                "json/QANR5L17QE1.json".into(),
                Seen {
                    sha256: "ab".into(),
                    questions: vec!["QANR5L17QE1".into()],
                },
            );
        state.write(dir.path()).expect("write");
        assert_eq!(SyncState::read(dir.path()).expect("read"), state);
        assert!(state.remove("https://example.org/a.zip"));
        assert!(state.sources.is_empty());
        std::fs::write(SyncState::folder(dir.path()).join(FILE), "{").expect("write");
        let error = SyncState::read(dir.path()).expect_err("damaged");
        assert!(error.to_string().contains("remove the file"), "{error}");
    }
}
