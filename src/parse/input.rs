//! Inputs: files, folders (recursively), `.zip` archives (read in place, never unpacked to
//! disk) and `-` for standard input. Each input yields documents, read by
//! [`crate::parse`]. Large JSON documents are streamed, never held in memory.
//!
//! Safety: zip member names are only used as labels (nothing is written to disk, so `../`
//! and absolute names cannot escape; they are reported); members are read with a size cap
//! and a compression-ratio check against zip bombs; folder walks follow symbolic links
//! once (loops are detected) and skip hidden files.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::parse::split::{TextPart, TextSplitter};
use crate::parse::text::{TextContext, TextOffset, parse_text};
use crate::parse::{
    DocumentContext, DocumentKind, DocumentOutcome, Location, Origin, ParseError, ParseErrorKind,
    QuestionParser, Warning, json,
};

/// Page-text files larger than this are read in parts of [`TEXT_PART`] bytes.
pub const SPLIT_ABOVE: u64 = 8 << 20;
/// Size of the parts a large page-text file is read in.
pub const TEXT_PART: usize = 128 << 10;
/// Largest document read into memory (text, HTML, XML): 512 MiB.
pub const MAX_IN_MEMORY: u64 = 512 << 20;
/// Largest zip member accepted (after decompression): 16 GiB.
pub const MAX_MEMBER: u64 = 16 << 30;
/// Highest compression ratio accepted for a zip member: deflate tops out near 1030, real
/// question files compress ten to twenty times.
pub const MAX_RATIO: u64 = 1000;

/// Extensions read when walking folders.
const FOLDER_EXTENSIONS: &[&str] = &["txt", "text", "htm", "html", "xhtml", "json", "xml", "zip"];

/// Extensions of the files that accompany data without being any (documentation, the
/// checksums and signatures published beside archives): left out of folder walks without
/// a notice.
const COMPANION_EXTENSIONS: &[&str] = &[
    "md", "markdown", "rst", "md5", "sha1", "sha256", "sha512", "sig", "asc",
];

/// Names (before any extension) of documentation files, left out without a notice.
const COMPANION_NAMES: &[&str] = &["readme", "license", "licence", "copying", "notice"];

/// Whether a file found in a folder is documentation or a checksum rather than data.
fn is_companion(path: &Path) -> bool {
    let extension = path.extension().and_then(|e| e.to_str());
    if extension.is_some_and(|e| {
        COMPANION_EXTENSIONS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(e))
    }) {
        return true;
    }
    let known =
        extension.is_some_and(|e| FOLDER_EXTENSIONS.iter().any(|k| k.eq_ignore_ascii_case(e)));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    !known && COMPANION_NAMES.iter().any(|n| n.eq_ignore_ascii_case(stem))
}

/// One input as named by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSpec {
    /// A file or folder.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl InputSpec {
    /// `-` is standard input, anything else a path.
    #[must_use]
    pub fn parse(s: &str) -> Self {
        if s == "-" {
            Self::Stdin
        } else {
            Self::Path(PathBuf::from(s))
        }
    }
}

/// A document found in the inputs, not read yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentRef {
    /// A plain file.
    File {
        /// The file, as found (for opening it and for messages).
        path: PathBuf,
        /// Its path relative to the input the user named, as provenance records it.
        relative: String,
    },
    /// A member of a zip archive (by index and name).
    ZipMember {
        /// The archive, opened once for all its members.
        archive: Arc<Archive>,
        /// Index in the archive.
        index: usize,
        /// Name as stored.
        name: String,
        /// Size once decompressed, as declared by the archive.
        size: u64,
    },
    /// A member read from an archive whose directory is unreadable (a download cut short):
    /// its members are read one after another from the start, as far as they go.
    Salvaged {
        /// The archive, as found.
        archive: PathBuf,
        /// Its path relative to the input the user named.
        relative: String,
        /// The member's name.
        name: String,
        /// Its bytes.
        bytes: Arc<[u8]>,
    },
    /// Where such an archive breaks: reading it gives the error.
    Broken {
        /// The archive, as found.
        archive: PathBuf,
        /// Its path relative to the input the user named.
        relative: String,
        /// The last member read whole, if any.
        after: Option<String>,
        /// What broke.
        message: String,
    },
    /// Standard input.
    Stdin,
}

impl DocumentRef {
    /// The context (file and member names, the path provenance records) used in messages
    /// and provenance; the document's SHA-256 is added when it is read.
    #[must_use]
    pub fn context(&self) -> DocumentContext {
        match self {
            Self::File { path, relative } => DocumentContext {
                file: path.display().to_string(),
                member: None,
                origin: Origin {
                    path: relative.clone(),
                    sha256: None,
                },
            },
            Self::ZipMember { archive, name, .. } => DocumentContext {
                file: archive.path.display().to_string(),
                member: Some(name.clone()),
                origin: Origin {
                    path: archive.relative.clone(),
                    sha256: None,
                },
            },
            Self::Salvaged {
                archive,
                relative,
                name,
                ..
            } => DocumentContext {
                file: archive.display().to_string(),
                member: Some(name.clone()),
                origin: Origin {
                    path: relative.clone(),
                    sha256: None,
                },
            },
            Self::Broken {
                archive, relative, ..
            } => DocumentContext {
                file: archive.display().to_string(),
                member: None,
                origin: Origin {
                    path: relative.clone(),
                    sha256: None,
                },
            },
            Self::Stdin => DocumentContext {
                file: "-".into(),
                member: None,
                origin: Origin {
                    path: "-".into(),
                    sha256: None,
                },
            },
        }
    }

    /// The whole document, up to `limit` bytes (more is an error).
    pub fn read_to_vec(&self, limit: u64) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let read = match self {
            Self::File { path, .. } => File::open(path)?
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)?,
            Self::ZipMember { archive, index, .. } => {
                let mut zip = archive.zip.clone();
                let member = zip.by_index(*index).map_err(io::Error::other)?;
                member
                    .take(limit.saturating_add(1))
                    .read_to_end(&mut bytes)?
            }
            Self::Salvaged { bytes: held, .. } => {
                bytes.extend_from_slice(&held[..held.len().min(limit.saturating_add(1) as usize)]);
                bytes.len()
            }
            Self::Broken { message, .. } => {
                return Err(io::Error::new(io::ErrorKind::InvalidData, message.clone()));
            }
            Self::Stdin => io::stdin()
                .lock()
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)?,
        };
        if read as u64 > limit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("larger than {limit} bytes"),
            ));
        }
        Ok(bytes)
    }
}

/// A zip archive, opened once: its central directory is read when the archive is listed
/// and shared by the readers of its members, each reading the file at its own position.
/// (Opening the archive again for every member read the whole directory each time:
/// quadratic in the number of members.)
pub struct Archive {
    /// The archive, as found.
    path: PathBuf,
    /// Its path relative to the input the user named.
    relative: String,
    zip: zip::ZipArchive<SharedFile>,
}

impl Archive {
    /// Opens an archive and reads its central directory.
    pub fn open(path: &Path, relative: String) -> Result<Self, String> {
        let file = File::open(path).map_err(|e| e.to_string())?;
        let zip = zip::ZipArchive::new(SharedFile::new(file).map_err(|e| e.to_string())?)
            .map_err(|e| format!("not a readable zip archive: {e}"))?;
        Ok(Self {
            path: path.to_owned(),
            relative,
            zip,
        })
    }

    /// The archive's path, as found.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("path", &self.path)
            .field("members", &self.zip.len())
            .finish()
    }
}

impl PartialEq for Archive {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.relative == other.relative
    }
}

impl Eq for Archive {}

/// A file shared by several readers, each with its own position: reads are positioned
/// (`pread`), so clones never disturb each other.
#[derive(Clone)]
struct SharedFile {
    file: Arc<File>,
    len: u64,
    position: u64,
}

impl SharedFile {
    fn new(file: File) -> io::Result<Self> {
        let len = file.metadata()?.len();
        Ok(Self {
            file: Arc::new(file),
            len,
            position: 0,
        })
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.position)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.position)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl io::Seek for SharedFile {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        let target = match to {
            io::SeekFrom::Start(n) => Some(n),
            io::SeekFrom::End(d) => self.len.checked_add_signed(d),
            io::SeekFrom::Current(d) => self.position.checked_add_signed(d),
        };
        self.position = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.position)
    }
}

/// A problem with an input itself (missing file, unreadable archive): an I/O error.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct InputError {
    /// The input.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Expands the inputs into documents, in a deterministic order (folders sorted by name).
/// Problems with an input are returned beside the documents found; notices (skipped
/// files, symlink loops, suspicious zip names) go to `warnings`.
pub fn discover(
    inputs: &[InputSpec],
    warnings: &mut Vec<Warning>,
) -> (Vec<DocumentRef>, Vec<InputError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let mut visited = HashSet::new();
    for input in inputs {
        match input {
            InputSpec::Stdin => docs.push(DocumentRef::Stdin),
            InputSpec::Path(p) => {
                let mut walk = Walk {
                    root: p,
                    docs: &mut docs,
                    errors: &mut errors,
                    warnings,
                    visited: &mut visited,
                };
                if !p.exists() {
                    walk.errors.push(InputError {
                        path: p.display().to_string(),
                        message: "no such file or directory".into(),
                    });
                } else if p.is_dir() {
                    walk.folder(p, 0);
                } else {
                    // The input is the file itself: provenance records its name.
                    let name = p.file_name().map_or_else(
                        || p.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    walk.file(p, name);
                }
            }
        }
    }
    (docs, errors)
}

/// Whether a file is a zip archive: by its extension, or by its first bytes (a download
/// saved under another name).
/// The documents of one file (an archive's members, or the file itself), its provenance
/// recording `name` as its path: a download kept in a temporary file is recorded under the
/// name of what was downloaded.
pub fn discover_as(
    path: &Path,
    name: &str,
    warnings: &mut Vec<Warning>,
) -> (Vec<DocumentRef>, Vec<InputError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let mut visited = HashSet::new();
    let mut walk = Walk {
        root: path,
        docs: &mut docs,
        errors: &mut errors,
        warnings,
        visited: &mut visited,
    };
    walk.file(path, name.to_owned());
    (docs, errors)
}

fn is_zip(path: &Path) -> bool {
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    named || {
        let mut magic = [0u8; 4];
        File::open(path)
            .and_then(|mut f| f.read_exact(&mut magic))
            .is_ok_and(|()| matches!(&magic, b"PK\x03\x04" | b"PK\x05\x06"))
    }
}

/// The walk of one input named by the user.
struct Walk<'a> {
    /// The input as named.
    root: &'a Path,
    docs: &'a mut Vec<DocumentRef>,
    errors: &'a mut Vec<InputError>,
    warnings: &'a mut Vec<Warning>,
    visited: &'a mut HashSet<PathBuf>,
}

impl Walk<'_> {
    /// A file, or the members of an archive; `relative` is its path from the input.
    fn file(&mut self, path: &Path, relative: String) {
        if is_zip(path) {
            match list_zip(path, relative, self.warnings) {
                Ok(members) => self.docs.extend(members),
                Err(message) => self.errors.push(InputError {
                    path: path.display().to_string(),
                    message,
                }),
            }
        } else {
            self.docs.push(DocumentRef::File {
                path: path.to_owned(),
                relative,
            });
        }
    }

    /// The path of a file under the input folder, with `/` between its parts.
    fn relative(&self, path: &Path) -> String {
        let inside = path.strip_prefix(self.root).unwrap_or(path);
        inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn folder(&mut self, dir: &Path, depth: usize) {
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                self.errors.push(InputError {
                    path: dir.display().to_string(),
                    message: e.to_string(),
                });
                return;
            }
        };
        if depth > 64 || !self.visited.insert(canonical) {
            self.warnings.push(Warning {
                location: Location {
                    file: dir.display().to_string(),
                    ..Location::default()
                },
                message: "folder already visited (symbolic link loop) or nested too deep: skipped"
                    .into(),
            });
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.errors.push(InputError {
                    path: dir.display().to_string(),
                    message: e.to_string(),
                });
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                self.folder(&path, depth + 1);
            } else if path.is_file() {
                let known = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| FOLDER_EXTENSIONS.iter().any(|k| k.eq_ignore_ascii_case(e)));
                if known {
                    let relative = self.relative(&path);
                    self.file(&path, relative);
                } else if !is_companion(&path) {
                    self.warnings.push(Warning {
                        location: Location {
                            file: path.display().to_string(),
                            ..Location::default()
                        },
                        message: format!(
                            "skipped: not a question file ({} expected in folders)",
                            FOLDER_EXTENSIONS.join(", ")
                        ),
                    });
                }
            }
        }
    }
}

/// The members of an archive, from its central directory alone.
fn list_zip(
    path: &Path,
    relative: String,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<DocumentRef>, String> {
    let archive = match Archive::open(path, relative.clone()) {
        Ok(archive) => Arc::new(archive),
        Err(message) => return salvage(path, relative, message),
    };
    let mut docs = Vec::new();
    for index in 0..archive.zip.len() {
        let member = archive
            .zip
            .by_index_data(index)
            .map_err(|e| format!("member {index}: {e}"))?;
        if member.is_dir() {
            continue;
        }
        let name = member
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{index}"));
        if escapes_archive(&name) || member.is_symlink() {
            warnings.push(Warning {
                location: Location { file: path.display().to_string(), member: Some(name.clone()), ..Location::default() },
                message: "member name escapes the archive (absolute, `..` or a symbolic link): read as a document only, never written or followed".into(),
            });
            if member.is_symlink() {
                continue;
            }
        }
        let base = name.rsplit('/').next().unwrap_or(&name);
        if base.starts_with('.') || name.starts_with("__MACOSX/") {
            continue;
        }
        let size = member.size();
        docs.push(DocumentRef::ZipMember {
            archive: Arc::clone(&archive),
            index,
            name,
            size,
        });
    }
    Ok(docs)
}

/// The members of an archive whose directory cannot be read (a download cut short), read
/// from its start as far as they go, then where it breaks. The archive's own error when not
/// even its first member can be read.
fn salvage(path: &Path, relative: String, unreadable: String) -> Result<Vec<DocumentRef>, String> {
    let mut reader = BufReader::new(File::open(path).map_err(|e| e.to_string())?);
    let mut docs = Vec::new();
    let mut held = 0u64;
    let mut after: Option<String> = None;
    let broken = loop {
        let member = match zip::read::read_zipfile_from_stream(&mut reader) {
            Ok(Some(member)) => member,
            Ok(None) => break None,
            Err(e) => break Some(e.to_string()),
        };
        let name = member.name().map(|n| n.into_owned()).unwrap_or_default();
        if member.is_dir() || escapes_archive(&name) {
            continue;
        }
        let mut bytes = Vec::new();
        if let Err(e) = member.take(MAX_IN_MEMORY + 1).read_to_end(&mut bytes) {
            break Some(format!("{name}: {e}"));
        }
        held += bytes.len() as u64;
        if held > MAX_IN_MEMORY {
            break Some(format!(
                "more than {MAX_IN_MEMORY} bytes of members to hold"
            ));
        }
        after = Some(name.clone());
        docs.push(DocumentRef::Salvaged {
            archive: path.to_owned(),
            relative: relative.clone(),
            name,
            bytes: bytes.into(),
        });
    };
    if docs.is_empty() {
        return Err(unreadable);
    }
    docs.push(DocumentRef::Broken {
        archive: path.to_owned(),
        relative,
        message: format!(
            "{unreadable}; read {} member{} from its start{}",
            docs.len(),
            if docs.len() == 1 { "" } else { "s" },
            broken.map(|e| format!(", then: {e}")).unwrap_or_default()
        ),
        after,
    });
    Ok(docs)
}

/// Whether an archive member name would land outside the folder it is extracted to:
/// absolute (`/x`, `\\x`, `C:x`), with a `..` component, or with a NUL byte.
fn escapes_archive(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
        || name.contains('\0')
        || name.split(['/', '\\']).any(|part| part == "..")
}

/// What reading a document produced, delivered to the caller in order.
pub enum DocumentEvent {
    /// A question.
    Question(Box<crate::model::Question>),
    /// A part of a large page-text file, whole records not parsed yet: the caller parses
    /// it with [`parse_part`] (possibly on another thread) and takes its events in place.
    Part(TextPart),
    /// A question (or the document) that could not be read.
    Error(ParseError),
    /// A notice.
    Warning(Warning),
    /// A question of a large JSON dump, cut out but not read yet: the caller reads it with
    /// [`json::DeferredQuestion::read`] (possibly on another thread).
    JsonQuestion(json::DeferredQuestion),
}

/// A JSON reader's event as a document event.
#[must_use]
pub fn json_event(event: json::JsonEvent) -> DocumentEvent {
    match event {
        json::JsonEvent::Question(q) => DocumentEvent::Question(q),
        json::JsonEvent::Error(e) => DocumentEvent::Error(e),
        json::JsonEvent::Warning(w) => DocumentEvent::Warning(w),
        json::JsonEvent::Deferred(q) => DocumentEvent::JsonQuestion(q),
    }
}

fn too_large(ctx: &DocumentContext, what: &str, limit: u64) -> ParseError {
    ParseError::new(
        ParseErrorKind::TooLarge {
            what: what.to_owned(),
            limit,
        },
        Location {
            file: ctx.file.clone(),
            member: ctx.member.clone(),
            ..Location::default()
        },
    )
}

fn io_error(ctx: &DocumentContext, e: &io::Error) -> ParseError {
    ParseError::new(
        ParseErrorKind::Syntax {
            message: format!("read error: {e}"),
        },
        Location {
            file: ctx.file.clone(),
            member: ctx.member.clone(),
            ..Location::default()
        },
    )
}

/// Reads one document, streaming JSON, and hands every event to `sink`. A document up to
/// [`SPLIT_ABOVE`] bytes is read whole first; a larger one is read twice, once to take its
/// SHA-256 for the provenance, once to parse it as a stream (from standard input, where
/// it cannot be read again, it goes without).
pub fn read_document(
    doc: &DocumentRef,
    parser: &QuestionParser,
    sink: &mut dyn FnMut(DocumentEvent),
) {
    let mut ctx = doc.context();
    match doc {
        DocumentRef::File { path, .. } => {
            let opened = File::open(path).and_then(|f| {
                let size = f.metadata()?.len();
                Ok((f, size))
            });
            let (file, size) = match opened {
                Ok(opened) => opened,
                Err(e) => return sink(DocumentEvent::Error(io_error(&ctx, &e))),
            };
            if size <= SPLIT_ABOVE {
                let mut bytes = Vec::new();
                if let Err(e) = file.take(SPLIT_ABOVE + 1).read_to_end(&mut bytes) {
                    return sink(DocumentEvent::Error(io_error(&ctx, &e)));
                }
                ctx.origin.sha256 = Some(sha256_hex(&bytes));
                let size = Some(bytes.len() as u64);
                return read_stream(&bytes[..], &ctx, size, parser, sink);
            }
            let hashed = sha256_of(file).and_then(|digest| Ok((digest, File::open(path)?)));
            match hashed {
                Ok((digest, file)) => {
                    ctx.origin.sha256 = Some(digest);
                    let reader = BufReader::with_capacity(1 << 16, file);
                    read_stream(reader, &ctx, Some(size), parser, sink);
                }
                Err(e) => sink(DocumentEvent::Error(io_error(&ctx, &e))),
            }
        }
        DocumentRef::Stdin => {
            let mut stdin = io::stdin().lock();
            let mut head = Vec::new();
            if let Err(e) = (&mut stdin).take(SPLIT_ABOVE + 1).read_to_end(&mut head) {
                return sink(DocumentEvent::Error(io_error(&ctx, &e)));
            }
            if head.len() as u64 <= SPLIT_ABOVE {
                ctx.origin.sha256 = Some(sha256_hex(&head));
                let size = Some(head.len() as u64);
                return read_stream(&head[..], &ctx, size, parser, sink);
            }
            let reader = BufReader::with_capacity(1 << 16, io::Cursor::new(head).chain(stdin));
            read_stream(reader, &ctx, None, parser, sink);
        }
        DocumentRef::Salvaged { bytes, .. } => {
            ctx.origin.sha256 = Some(sha256_hex(bytes));
            read_stream(&bytes[..], &ctx, Some(bytes.len() as u64), parser, sink);
        }
        DocumentRef::Broken { after, message, .. } => {
            let error = ParseError::new(
                ParseErrorKind::Syntax {
                    message: format!(
                        "zip archive cut short{}: {message}",
                        after
                            .as_ref()
                            .map(|a| format!(" after member {a}"))
                            .unwrap_or_default()
                    ),
                },
                Location {
                    file: ctx.file.clone(),
                    ..Location::default()
                },
            );
            sink(DocumentEvent::Error(error));
        }
        DocumentRef::ZipMember { archive, index, .. } => {
            let mut zip = archive.zip.clone();
            let declared = match check_member(&mut zip, *index, &ctx) {
                Ok(declared) => declared,
                Err(e) => return sink(DocumentEvent::Error(e)),
            };
            // Never read more than the declared size (plus one byte to detect lies).
            let limit = declared.saturating_add(1);
            if declared <= SPLIT_ABOVE {
                let mut bytes = Vec::new();
                let read = open_member(&mut zip, *index, limit)
                    .and_then(|mut m| m.read_to_end(&mut bytes));
                if let Err(e) = read {
                    return sink(DocumentEvent::Error(io_error(&ctx, &e)));
                }
                ctx.origin.sha256 = Some(sha256_hex(&bytes));
                return read_stream(&bytes[..], &ctx, Some(declared), parser, sink);
            }
            match open_member(&mut zip, *index, limit).and_then(sha256_of) {
                Ok(digest) => ctx.origin.sha256 = Some(digest),
                Err(e) => return sink(DocumentEvent::Error(io_error(&ctx, &e))),
            }
            match open_member(&mut zip, *index, limit) {
                Ok(m) => read_stream(
                    BufReader::with_capacity(1 << 16, m),
                    &ctx,
                    Some(declared),
                    parser,
                    sink,
                ),
                Err(e) => sink(DocumentEvent::Error(io_error(&ctx, &e))),
            }
        }
    }
}

/// A member of an archive, read up to `limit` bytes.
fn open_member(
    zip: &mut zip::ZipArchive<SharedFile>,
    index: usize,
    limit: u64,
) -> io::Result<io::Take<zip::read::ZipFile<'_, SharedFile>>> {
    zip.by_index(index)
        .map(|m| m.take(limit))
        .map_err(io::Error::other)
}

/// Checks a zip member against the size and compression-ratio limits: its declared size.
fn check_member(
    zip: &mut zip::ZipArchive<SharedFile>,
    index: usize,
    ctx: &DocumentContext,
) -> Result<u64, ParseError> {
    let location = || Location {
        file: ctx.file.clone(),
        member: ctx.member.clone(),
        ..Location::default()
    };
    let member = zip.by_index_data(index).map_err(|e| {
        ParseError::new(
            ParseErrorKind::Syntax {
                message: e.to_string(),
            },
            location(),
        )
    })?;
    let declared = member.size();
    let compressed = member.compressed_size().max(1);
    if declared > MAX_MEMBER {
        return Err(too_large(ctx, "zip member", MAX_MEMBER));
    }
    if declared / compressed > MAX_RATIO && declared > (1 << 20) {
        return Err(ParseError::new(
            ParseErrorKind::InvalidValue {
                field: "zip member".into(),
                value: format!("{declared} bytes from {compressed}"),
                reason: format!("compression ratio above {MAX_RATIO}: refused as a zip bomb"),
            },
            location(),
        ));
    }
    Ok(declared)
}

/// SHA-256 of bytes, in lower-case hexadecimal.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of everything a reader gives, in lower-case hexadecimal.
pub fn sha256_of<R: Read>(mut reader: R) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(hex(&hasher.finalize())),
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

fn hex(digest: &[u8]) -> String {
    use std::fmt::Write as _;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Parses a part of a large text file into events (warnings first, then the records).
#[must_use]
pub fn parse_part(part: &TextPart) -> Vec<DocumentEvent> {
    let outcome = parse_text(&part.text, &part.context);
    outcome
        .warnings
        .into_iter()
        .map(DocumentEvent::Warning)
        .chain(outcome.records.into_iter().map(|r| match r {
            Ok(q) => DocumentEvent::Question(Box::new(q)),
            Err(e) => DocumentEvent::Error(e),
        }))
        .collect()
}

/// Reads a large page-text file and hands it out in parts. What the reader holds is taken
/// whole lines at a time: as one block when it is UTF-8, the usual case, else line by line
/// (each line decoded on its own, as UTF-8 or Windows-1252).
fn split_stream<R: BufRead>(
    mut reader: R,
    ctx: &DocumentContext,
    sink: &mut dyn FnMut(DocumentEvent),
) {
    let name = ctx.member.as_deref().unwrap_or(&ctx.file);
    let mut splitter = TextSplitter::new(
        TextContext {
            file: ctx.file.clone(),
            member: ctx.member.clone(),
            format: None,
            id_hint: crate::parse::id_hint_from_name(name),
            author_id_hint: None,
            offset: TextOffset::default(),
            origin: ctx.origin.clone(),
        },
        TEXT_PART,
    );
    let mut warned = false;
    // The start of a line longer than what the reader holds.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let held = match reader.fill_buf() {
            Ok([]) => break,
            Ok(held) => held,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                sink(DocumentEvent::Error(io_error(ctx, &e)));
                return;
            }
        };
        let taken = held.len();
        match memchr::memrchr(b'\n', held) {
            Some(last) if carry.is_empty() => {
                feed_lines(&held[..=last], &mut splitter, ctx, &mut warned, sink);
                reader.consume(last + 1);
            }
            Some(last) => {
                carry.extend_from_slice(&held[..=last]);
                feed_lines(&carry, &mut splitter, ctx, &mut warned, sink);
                carry.clear();
                reader.consume(last + 1);
            }
            None => {
                carry.extend_from_slice(held);
                reader.consume(taken);
            }
        }
        if (splitter.held() + carry.len()) as u64 > MAX_IN_MEMORY {
            sink(DocumentEvent::Error(too_large(
                ctx,
                "record (no question start in the text)",
                MAX_IN_MEMORY,
            )));
            return;
        }
    }
    if !carry.is_empty() {
        feed_lines(&carry, &mut splitter, ctx, &mut warned, sink);
    }
    if let Some(part) = splitter.finish() {
        sink(DocumentEvent::Part(part));
    }
}

/// Gives whole lines to the splitter, and hands out the parts it completes; the first line
/// that is not UTF-8 gives a warning (once per file: `warned`).
fn feed_lines(
    block: &[u8],
    splitter: &mut TextSplitter,
    ctx: &DocumentContext,
    warned: &mut bool,
    sink: &mut dyn FnMut(DocumentEvent),
) {
    if let Ok(lines) = std::str::from_utf8(block) {
        if let Some(part) = splitter.push_lines(lines) {
            sink(DocumentEvent::Part(part));
        }
        return;
    }
    for line in block.split_inclusive(|b| *b == b'\n') {
        if let Some(part) = splitter.push_line(line) {
            sink(DocumentEvent::Part(part));
        }
        if splitter.saw_windows_1252 && !*warned {
            *warned = true;
            sink(DocumentEvent::Warning(Warning {
                location: Location {
                    file: ctx.file.clone(),
                    member: ctx.member.clone(),
                    ..Location::default()
                },
                message: "not UTF-8: decoded as Windows-1252".to_owned(),
            }));
        }
    }
}

fn read_stream<R: BufRead>(
    mut reader: R,
    ctx: &DocumentContext,
    size: Option<u64>,
    parser: &QuestionParser,
    sink: &mut dyn FnMut(DocumentEvent),
) {
    let head = match reader.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => {
            sink(DocumentEvent::Error(io_error(ctx, &e)));
            return;
        }
    };
    let large = size.is_none_or(|s| s > SPLIT_ABOVE);
    if crate::parse::detect(&head) == DocumentKind::OpenDataXml {
        if head.starts_with(b"\xEF\xBB\xBF") {
            reader.consume(3);
        }
        let mut emit = |event| sink(json_event(event));
        crate::parse::opendata_xml::read_questions(reader, ctx, large, &mut emit);
        return;
    }
    if crate::parse::detect(&head) == DocumentKind::Json {
        let mut emit = |event| sink(json_event(event));
        // The questions of a large dump are read by whoever takes them.
        if large {
            json::read_json_deferred_from(reader, ctx, &mut emit);
        } else {
            json::read_json_from(reader, ctx, &mut emit);
        }
        return;
    }
    let plain_text = crate::parse::detect(&head) == DocumentKind::Text
        && !head.starts_with(b"\xFF\xFE")
        && !head.starts_with(b"\xFE\xFF")
        && !crate::parse::html::looks_like_html(&String::from_utf8_lossy(&head));
    if large && plain_text {
        split_stream(reader, ctx, sink);
        return;
    }
    let mut bytes = Vec::new();
    match reader.take(MAX_IN_MEMORY + 1).read_to_end(&mut bytes) {
        Ok(n) if n as u64 > MAX_IN_MEMORY => {
            sink(DocumentEvent::Error(too_large(
                ctx,
                "document",
                MAX_IN_MEMORY,
            )));
            return;
        }
        Ok(_) => {}
        Err(e) => {
            sink(DocumentEvent::Error(io_error(ctx, &e)));
            return;
        }
    }
    let DocumentOutcome { records, warnings } = parser.parse_bytes(&bytes, ctx);
    for w in warnings {
        sink(DocumentEvent::Warning(w));
    }
    for r in records {
        match r {
            Ok(q) => sink(DocumentEvent::Question(Box::new(q))),
            Err(e) => sink(DocumentEvent::Error(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records and warnings of a page-text file cut by [`split_stream`] read through a
    /// buffer of `capacity` bytes, each part parsed on its own.
    fn split_through(bytes: &[u8], capacity: usize) -> String {
        let ctx = DocumentContext {
            file: "big.txt".into(),
            member: None,

            ..Default::default()
        };
        let mut events = Vec::new();
        split_stream(BufReader::with_capacity(capacity, bytes), &ctx, &mut |e| {
            events.push(e)
        });
        let mut out = String::new();
        for event in events {
            match event {
                DocumentEvent::Part(part) => describe_part(&part, &mut out),
                other => describe(other, &mut out),
            }
        }
        out
    }

    /// One line for a question, an error or a warning read from a part of text.
    fn describe(event: DocumentEvent, out: &mut String) {
        match event {
            DocumentEvent::Question(q) => out.push_str(&format!("{q:?}\n")),
            DocumentEvent::Error(e) => out.push_str(&format!("error {e}\n")),
            DocumentEvent::Warning(w) => out.push_str(&format!("warning {w}\n")),
            DocumentEvent::Part(_) | DocumentEvent::JsonQuestion(_) => {
                out.push_str("unexpected\n");
            }
        }
    }

    /// The lines of [`describe`] for what a part of text reads as.
    fn describe_part(part: &TextPart, out: &mut String) {
        for e in parse_part(part) {
            describe(e, out);
        }
    }

    #[test]
    fn a_large_text_file_reads_the_same_through_any_buffer() {
        let mut generator = crate::corpus::CorpusGenerator::new(11);
        let mut text = String::from("\u{feff}Notes before the first question.\r\n");
        for i in 0..120 {
            crate::corpus::write_text(&generator.next_question(), &mut text);
            if i % 9 == 0 {
                // A line longer than most buffers, and line ends of every kind.
                text.push_str(&"Une très longue ligne de texte. ".repeat(300));
                text.push_str("\r\nfin\rde ligne\0\n");
            }
        }
        text.push_str("Dernière ligne sans fin");
        let bytes = text.into_bytes();
        let whole = {
            let decoded = crate::parse::decode::decode(&bytes).0;
            let outcome = parse_text(
                &decoded,
                &TextContext {
                    file: "big.txt".into(),
                    ..TextContext::default()
                },
            );
            let mut out = String::new();
            for w in outcome.warnings {
                out.push_str(&format!("warning {w}\n"));
            }
            for r in outcome.records {
                match r {
                    Ok(q) => out.push_str(&format!("{q:?}\n")),
                    Err(e) => out.push_str(&format!("error {e}\n")),
                }
            }
            out
        };
        assert!(whole.matches("QuestionId").count() >= 120);
        for capacity in [1, 7, 100, 4096, 1 << 16, 1 << 24] {
            assert_eq!(
                split_through(&bytes, capacity),
                whole,
                "buffer of {capacity} bytes"
            );
        }
    }

    #[test]
    fn lines_not_in_utf8_are_decoded_one_by_one_with_one_warning() {
        let mut bytes = Vec::new();
        let mut generator = crate::corpus::CorpusGenerator::new(12);
        for i in 0..40 {
            let mut text = String::new();
            crate::corpus::write_text(&generator.next_question(), &mut text);
            bytes.extend_from_slice(text.as_bytes());
            if i % 10 == 3 {
                bytes.extend_from_slice(b"Minist\xE8re de la sant\xE9 \x80\n");
            }
        }
        // Line by line, as the splitter reads lines that are not UTF-8.
        let mut splitter = TextSplitter::new(
            TextContext {
                file: "big.txt".into(),
                ..TextContext::default()
            },
            TEXT_PART,
        );
        let mut parts: Vec<TextPart> = bytes
            .split_inclusive(|b| *b == b'\n')
            .filter_map(|line| splitter.push_line(line))
            .collect();
        parts.extend(splitter.finish());
        let mut expected = String::new();
        for part in &parts {
            describe_part(part, &mut expected);
        }
        assert!(expected.contains("Ministère de la santé €"));
        for capacity in [5, 300, 1 << 16] {
            let got = split_through(&bytes, capacity);
            assert_eq!(
                got.matches("decoded as Windows-1252").count(),
                1,
                "{capacity}"
            );
            let without: String = got
                .lines()
                .filter(|l| !l.contains("decoded as Windows-1252"))
                .map(|l| format!("{l}\n"))
                .collect();
            assert_eq!(without, expected, "buffer of {capacity} bytes");
        }
    }

    /// Bytes this thread has read from files so far (Linux's count of what `read` and
    /// `pread` gave it), whatever the code that read them.
    #[cfg(target_os = "linux")]
    fn bytes_read_by_this_thread() -> u64 {
        let io = std::fs::read_to_string("/proc/thread-self/io").expect("/proc/thread-self/io");
        io.lines()
            .find_map(|l| l.strip_prefix("rchar: "))
            .and_then(|n| n.trim().parse().ok())
            .expect("rchar")
    }

    /// A zip of `n` one-question JSON documents, as the Assembly publishes its archives.
    fn archive_of(n: usize, dir: &Path) -> PathBuf {
        use std::io::Write;
        let path = dir.join(format!("questions-{n}.zip"));
        let mut zip = zip::ZipWriter::new(File::create(&path).expect("zip"));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut generator = crate::corpus::CorpusGenerator::new(3);
        for _ in 0..n {
            let value = crate::corpus::json_value(&generator.next_question());
            let uid = value["uid"].as_str().unwrap_or_default().to_owned();
            zip.start_file(format!("json/{uid}.json"), options)
                .expect("member");
            let doc = serde_json::json!({ "question": value }).to_string();
            zip.write_all(doc.as_bytes()).expect("write");
        }
        zip.finish().expect("finish");
        path
    }

    /// Reading every member of an archive reads the archive about once: the work grows with
    /// the number of members, not with its square (opening the archive for each member
    /// read its whole directory each time). Counted in bytes read, not in seconds.
    #[cfg(target_os = "linux")]
    #[test]
    fn reading_an_archive_member_by_member_reads_it_about_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut per_member = Vec::new();
        for n in [250, 1000] {
            let path = archive_of(n, dir.path());
            let size = std::fs::metadata(&path).expect("size").len();
            let before = bytes_read_by_this_thread();
            let mut warnings = Vec::new();
            let (docs, errors) = discover(&[InputSpec::Path(path)], &mut warnings);
            assert!(errors.is_empty() && docs.len() == n);
            let mut questions = 0;
            for doc in &docs {
                read_document(doc, &QuestionParser::new(), &mut |e| {
                    questions += usize::from(matches!(e, DocumentEvent::Question(_)));
                });
            }
            assert_eq!(questions, n);
            let read = bytes_read_by_this_thread() - before;
            assert!(
                read < 2 * size,
                "{n} members: {read} bytes read from {size}"
            );
            per_member.push(read as f64 / n as f64);
        }
        assert!(
            per_member[1] < 1.3 * per_member[0],
            "bytes read per member grow with the archive: {per_member:?}"
        );
    }

    #[test]
    fn a_cut_archive_gives_its_members_up_to_the_cut_then_says_where() {
        let dir = tempfile::tempdir().expect("tempdir");
        let zip = archive_of(20, dir.path());
        let bytes = std::fs::read(&zip).expect("read");
        let cut = dir.path().join("cut.zip");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
        let (docs, errors) = discover(&[InputSpec::Path(cut)], &mut Vec::new());
        assert!(errors.is_empty(), "{errors:?}");
        let mut questions = 0;
        let mut failures = Vec::new();
        for doc in &docs {
            read_document(doc, &QuestionParser::new(), &mut |e| match e {
                DocumentEvent::Question(_) => questions += 1,
                DocumentEvent::Error(e) => failures.push(e.to_string()),
                _ => {}
            });
        }
        assert!((5..20).contains(&questions), "{questions}");
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(failures[0].contains("cut.zip"), "{failures:?}");
        assert!(
            failures[0].contains("cut short after member json/"),
            "{failures:?}"
        );
    }

    #[test]
    fn a_zip_saved_under_another_name_is_read_as_a_zip() {
        let dir = tempfile::tempdir().expect("tempdir");
        let zip = archive_of(3, dir.path());
        let renamed = dir.path().join("download.tmp");
        std::fs::rename(&zip, &renamed).expect("rename");
        let (docs, errors) = discover(&[InputSpec::Path(renamed)], &mut Vec::new());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 3);
        assert!(
            docs.iter()
                .all(|d| matches!(d, DocumentRef::ZipMember { .. }))
        );
    }

    #[test]
    fn member_names_that_leave_the_folder_are_recognised() {
        for bad in [
            "/etc/passwd",
            "../x.txt",
            "a/../../x",
            "\\srv\\x",
            "C:x",
            "a\\..\\b",
            "a\0b",
        ] {
            assert!(escapes_archive(bad), "{bad:?}");
        }
        for good in ["x.txt", "a/b/x.json", "a..b/x", "..hidden"] {
            assert!(!escapes_archive(good), "{good:?}");
        }
    }

    #[test]
    fn missing_inputs_are_errors_and_folders_are_sorted() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("b.txt"), "x").expect("write");
        std::fs::write(dir.path().join("a.json"), "{}").expect("write");
        std::fs::write(dir.path().join(".hidden.txt"), "x").expect("write");
        std::fs::write(dir.path().join("notes.csv"), "x").expect("write");
        for companion in ["README.md", "LICENSE", "a.json.zip.md5", "a.json.sha256"] {
            std::fs::write(dir.path().join(companion), "x").expect("write");
        }
        let mut warnings = Vec::new();
        let (docs, errors) = discover(
            &[
                InputSpec::Path(dir.path().to_owned()),
                InputSpec::parse("/nonexistent/q.txt"),
            ],
            &mut warnings,
        );
        assert_eq!(
            docs,
            vec![
                DocumentRef::File {
                    path: dir.path().join("a.json"),
                    relative: "a.json".into()
                },
                DocumentRef::File {
                    path: dir.path().join("b.txt"),
                    relative: "b.txt".into()
                }
            ]
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(warnings.len(), 1, "the csv is skipped with a notice");
        assert!(
            warnings[0].location.file.ends_with("notes.csv"),
            "{warnings:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_detected() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("mkdir");
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).expect("symlink");
        let mut warnings = Vec::new();
        let (docs, errors) = discover(&[InputSpec::Path(dir.path().to_owned())], &mut warnings);
        assert!(docs.is_empty() && errors.is_empty());
        assert_eq!(warnings.len(), 1);
    }
}
