//! Getting a source: a conditional download (`If-None-Match`, `If-Modified-Since`) into a
//! temporary file, or a local file when it changed; then a check that what was got is whole
//! (a complete archive whose members read back with their checksums, a document that parses
//! to its end) before anything is written to the store.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::SyncError;
use super::sources::Source;
use super::state::SourceState;
use crate::parse::DocumentKind;
use crate::parse::input::sha256_of;
use oxhttp::model::header::{
    CONTENT_LENGTH, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, USER_AGENT,
};
use oxhttp::model::{Method, Request, StatusCode};

/// Largest file downloaded (the archives are a few hundred megabytes at most).
const MAX_DOWNLOAD: u64 = 8 << 30;
/// Redirections followed (the site may move its files).
const REDIRECTIONS: usize = 5;

/// What getting a source gave.
#[derive(Debug)]
pub enum Fetched {
    /// It did not change since the last sync: nothing was downloaded or read.
    NotModified,
    /// Its file, whole.
    File(Got),
}

/// A source's file, got and checked.
#[derive(Debug)]
pub struct Got {
    /// Where it is.
    pub path: PathBuf,
    /// Whether it is a download, to remove once read.
    pub temporary: bool,
    /// Validators for the next conditional request.
    pub etag: Option<String>,
    /// The same.
    pub last_modified: Option<String>,
    /// Size and modification time of a local file.
    pub file_stamp: Option<(u64, u64)>,
    /// SHA-256 of the whole file.
    pub sha256: String,
    /// SHA-256 of each member of an archive (`""` alone for a file that is not one).
    pub members: BTreeMap<String, String>,
}

impl Drop for Got {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// How far a download is: bytes so far, and the total when the server said it.
pub type Progress<'a> = dyn FnMut(u64, Option<u64>) + 'a;

/// Gets a source into `work` (a folder of the store): `NotModified` when the last sync's
/// validators (or a local file's size and time) say it did not change.
pub fn fetch(
    source: &Source,
    previous: Option<&SourceState>,
    work: &Path,
    timeout: Duration,
    progress: &mut Progress<'_>,
) -> Result<Fetched, SyncError> {
    match source {
        Source::Url(url) => download(url, previous, work, timeout, progress),
        Source::Path(path) => local(path, previous),
    }
}

fn local(path: &Path, previous: Option<&SourceState>) -> Result<Fetched, SyncError> {
    let metadata = std::fs::metadata(path).map_err(|e| SyncError::Source {
        source_name: path.display().to_string(),
        message: e.to_string(),
    })?;
    let modified = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    let stamp = (metadata.len(), modified);
    if previous.and_then(|p| p.file_stamp) == Some(stamp) {
        return Ok(Fetched::NotModified);
    }
    let (sha256, members) = verify(path, &path.display().to_string())?;
    Ok(Fetched::File(Got {
        path: path.to_owned(),
        temporary: false,
        etag: None,
        last_modified: None,
        file_stamp: Some(stamp),
        sha256,
        members,
    }))
}

fn download(
    url: &str,
    previous: Option<&SourceState>,
    work: &Path,
    timeout: Duration,
    progress: &mut Progress<'_>,
) -> Result<Fetched, SyncError> {
    let failed = |message: String| SyncError::Source {
        source_name: url.to_owned(),
        message,
    };
    let client = oxhttp::Client::new()
        .with_global_timeout(timeout)
        .with_redirection_limit(REDIRECTIONS);
    let mut request = Request::builder()
        .method(Method::GET)
        .uri(url)
        .header(USER_AGENT, concat!("qe2rdf/", env!("CARGO_PKG_VERSION")));
    if let Some(previous) = previous {
        if let Some(etag) = &previous.etag {
            request = request.header(IF_NONE_MATCH, etag.as_str());
        }
        if let Some(date) = &previous.last_modified {
            request = request.header(IF_MODIFIED_SINCE, date.as_str());
        }
    }
    let request = request
        .body(())
        .map_err(|e| failed(format!("not a request: {e}")))?;
    let response = client
        .request(request)
        .map_err(|e| failed(describe_http_error(&e, timeout)))?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &oxhttp::model::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    if !status.is_success() {
        let mut text = String::new();
        let _ = response.into_body().take(300).read_to_string(&mut text);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        return Err(failed(format!(
            "the server answered {status}{}",
            if text.is_empty() {
                String::new()
            } else {
                format!(": {text}")
            }
        )));
    }
    let etag = header(ETAG);
    let last_modified = header(LAST_MODIFIED);
    let length: Option<u64> = header(CONTENT_LENGTH).and_then(|l| l.parse().ok());
    std::fs::create_dir_all(work).map_err(|e| failed(format!("{}: {e}", work.display())))?;
    let path = work.join(format!("download-{}.part", std::process::id()));
    let got = Got {
        path: path.clone(),
        temporary: true,
        etag,
        last_modified,
        file_stamp: None,
        sha256: String::new(),
        members: BTreeMap::new(),
    };
    let mut file = File::create(&path).map_err(|e| failed(format!("{}: {e}", path.display())))?;
    let mut body = response.into_body();
    let mut buffer = vec![0; 1 << 16];
    let mut received = 0u64;
    loop {
        let n = match body.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(failed(format!(
                    "the download broke after {received} bytes: {}",
                    describe_io_error(&e, timeout)
                )));
            }
        };
        file.write_all(&buffer[..n])
            .map_err(|e| failed(format!("{}: {e}", path.display())))?;
        received += n as u64;
        if received > MAX_DOWNLOAD {
            return Err(failed(format!("larger than {MAX_DOWNLOAD} bytes")));
        }
        progress(received, length);
    }
    file.sync_all()
        .map_err(|e| failed(format!("{}: {e}", path.display())))?;
    drop(file);
    if let Some(expected) = length.filter(|l| *l != received) {
        return Err(failed(format!(
            "the download is cut short: {received} bytes of the {expected} announced"
        )));
    }
    let (sha256, members) = verify(&path, url)?;
    let mut got = got;
    got.sha256 = sha256;
    got.members = members;
    Ok(Fetched::File(got))
}

fn describe_http_error(e: &std::io::Error, timeout: Duration) -> String {
    describe_io_error(e, timeout)
}

fn describe_io_error(e: &std::io::Error, timeout: Duration) -> String {
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            format!("no answer within {} s (timeout)", timeout.as_secs())
        }
        _ => e.to_string(),
    }
}

/// Checks that a file is whole, and takes its digests: a zip archive whose directory reads
/// and whose members read back with their checksums, or a JSON or XML document that parses
/// to its end. Returns the file's SHA-256 and each member's.
pub fn verify(path: &Path, name: &str) -> Result<(String, BTreeMap<String, String>), SyncError> {
    let broken = |message: String| SyncError::Source {
        source_name: name.to_owned(),
        message: format!("{message}: nothing of it was written to the store"),
    };
    let sha256 = File::open(path)
        .and_then(sha256_of)
        .map_err(|e| broken(e.to_string()))?;
    let mut head = [0u8; 4];
    let is_zip = File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| matches!(&head, b"PK\x03\x04" | b"PK\x05\x06"));
    let mut members = BTreeMap::new();
    if is_zip {
        let file = File::open(path).map_err(|e| broken(e.to_string()))?;
        let mut zip = zip::ZipArchive::new(BufReader::new(file))
            .map_err(|e| broken(format!("not a complete zip archive ({e})")))?;
        for i in 0..zip.len() {
            let mut member = zip
                .by_index(i)
                .map_err(|e| broken(format!("member {i}: {e}")))?;
            if member.is_dir() {
                continue;
            }
            let member_name = member
                .name()
                .map(|n| n.into_owned())
                .unwrap_or_else(|_| format!("#{i}"));
            // Reading a member to its end checks its CRC-32.
            let digest = sha256_of(&mut member)
                .map_err(|e| broken(format!("member {member_name} does not read back ({e})")))?;
            members.insert(member_name, digest);
        }
    } else {
        let bytes = std::fs::read(path).map_err(|e| broken(e.to_string()))?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match crate::parse::detect(bytes) {
            DocumentKind::Json => {
                serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
                    .map_err(|e| broken(format!("not a whole JSON document ({e})")))?;
            }
            DocumentKind::OpenDataXml | DocumentKind::Xml => {
                let mut reader = quick_xml::Reader::from_reader(bytes);
                let mut depth = 0usize;
                let mut buf = Vec::new();
                loop {
                    match reader.read_event_into(&mut buf) {
                        Ok(quick_xml::events::Event::Start(_)) => depth += 1,
                        Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
                        Ok(quick_xml::events::Event::Eof) if depth == 0 => break,
                        Ok(quick_xml::events::Event::Eof) => {
                            return Err(broken(
                                "not a whole XML document (it ends inside an element)".into(),
                            ));
                        }
                        Ok(_) => {}
                        Err(e) => return Err(broken(format!("not a whole XML document ({e})"))),
                    }
                    buf.clear();
                }
            }
            _ => {}
        }
        members.insert(String::new(), sha256.clone());
    }
    Ok((sha256, members))
}
