//! `qe2rdf convert`: inputs → RDF file (or standard output).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use qe2rdf::export::{Distribution, ExportFormat, GraphWriter, void_description};
use qe2rdf::mentions::MentionFinder;
use qe2rdf::parse::input::{self, InputSpec};
use qe2rdf::pipeline::{Pipeline, PipelineEvent};
use qe2rdf::rdf::Mapper;

use super::report::{ReportArgs, Reporter, plural};
use super::{BaseArgs, Outcome, RdfFormatArg};

/// Arguments of `convert`.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Files, folders (read recursively), .zip archives, or - for standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format (default: from the -o extension, else Turtle).
    #[arg(short, long, value_enum)]
    pub format: Option<RdfFormatArg>,
    /// Output file (default: standard output). Written to a temporary file and renamed on
    /// success, so an existing file is never left half-written.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the VoID/DCAT description of the output to this Turtle file.
    #[arg(long, value_name = "FILE")]
    pub void: Option<PathBuf>,
    /// Worker threads (default: one per core; 1: everything on one thread).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Do not look for cited bodies in the texts.
    #[arg(long)]
    pub no_mentions: bool,
    #[command(flatten)]
    pub base: BaseArgs,
    #[command(flatten)]
    pub link: super::LinkArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// A file written next to its final name and renamed into place when complete, so an
/// existing file is never replaced by a partial one.
pub struct AtomicFile {
    path: PathBuf,
    temporary: PathBuf,
    writer: Option<BufWriter<File>>,
    /// Bytes written since the disk was last asked to catch up.
    unsynced: u64,
    /// A thread that syncs what is written while the rest is being made, so that the
    /// sync before the rename has only the end of the file left to write.
    syncer: Option<Syncer>,
}

/// Bytes written between two requests to the syncing thread.
const SYNC_EVERY: u64 = 32 << 20;

/// The syncing thread and how to ask it for a sync (it does one at a time; a request made
/// while one is under way waits for the next).
struct Syncer {
    requests: std::sync::mpsc::SyncSender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Syncer {
    fn start(file: &File) -> Option<Self> {
        let file = file.try_clone().ok()?;
        let (requests, received) = std::sync::mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("qe2rdf sync".into())
            .spawn(move || {
                // A failure here is found again by the sync before the rename.
                while received.recv().is_ok() {
                    let _ = file.sync_data();
                }
            })
            .ok()?;
        Some(Self { requests, thread })
    }

    fn stop(self) {
        drop(self.requests);
        let _ = self.thread.join();
    }
}

impl AtomicFile {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let temporary = path.with_file_name(format!(".{name}.qe2rdf-partial"));
        let file = File::create(&temporary)
            .with_context(|| format!("cannot create {}", temporary.display()))?;
        let syncer = Syncer::start(&file);
        Ok(Self {
            path: path.to_owned(),
            temporary,
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            unsynced: 0,
            syncer,
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let writer = self.writer.take().context("file already committed")?;
        if let Some(syncer) = self.syncer.take() {
            syncer.stop();
        }
        let file = writer
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("while writing {}", self.temporary.display()))?;
        file.sync_all()
            .with_context(|| format!("while writing {}", self.temporary.display()))?;
        std::fs::rename(&self.temporary, &self.path).with_context(|| {
            format!(
                "cannot rename {} to {}",
                self.temporary.display(),
                self.path.display()
            )
        })?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self
            .writer
            .as_mut()
            .ok_or_else(|| io::Error::other("file already committed"))?
            .write(buf)?;
        self.unsynced += written as u64;
        if self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            if let Some(syncer) = &self.syncer {
                // Never waits: with a sync under way and one asked for, this one is moot.
                let _ = syncer.requests.try_send(());
            }
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(syncer) = self.syncer.take() {
            syncer.stop();
        }
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Standard output or an atomic file.
pub enum Output {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File(AtomicFile),
}

impl Output {
    pub fn open(path: Option<&Path>) -> anyhow::Result<Self> {
        Ok(match path {
            Some(p) => Self::File(AtomicFile::create(p)?),
            None => Self::Stdout(BufWriter::with_capacity(1 << 20, io::stdout().lock())),
        })
    }

    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            Self::Stdout(mut w) => Ok(w.flush()?),
            Self::File(f) => f.commit(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::Stdout(w) => w.write(buf),
            Self::File(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Stdout(w) => w.flush(),
            Self::File(f) => f.flush(),
        }
    }
}

pub fn run(args: &ConvertArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    let format: ExportFormat = args
        .format
        .map(Into::into)
        .or_else(|| args.output.as_deref().and_then(ExportFormat::from_path))
        .unwrap_or(ExportFormat::Turtle);
    let mut reporter = Reporter::new(args.report);
    let specs: Vec<InputSpec> = args.inputs.iter().map(|s| InputSpec::parse(s)).collect();
    let mut notices = Vec::new();
    let (docs, input_errors) = input::discover(&specs, &mut notices);
    for w in &notices {
        reporter.warning(w);
    }
    for e in &input_errors {
        reporter.input_error(e);
    }
    if docs.is_empty() && !input_errors.is_empty() {
        anyhow::bail!("no input could be read");
    }
    let finder = (!args.no_mentions).then(MentionFinder::new);
    let out = Output::open(args.output.as_deref())?;
    let mut writer = GraphWriter::new(format, out, &minter)?;
    let linker = args.link.linker(&mut reporter)?;
    let reference = linker.reference();
    let pipeline = Pipeline::new(Mapper::new(minter.clone()), linker, finder, args.threads)?
        .render_as(format)
        .skip_written_reference(writer.written_reference());
    reporter.start_progress(docs.len() as u64, "documents");

    let mut questions = 0usize;
    let mut last_file = String::new();
    pipeline.run(&docs, &mut |event| {
        match event {
            PipelineEvent::Processed(p) => {
                questions += 1;
                if p.question.source.path != last_file {
                    reporter.tick(1);
                    last_file.clone_from(&p.question.source.path);
                }
                match &p.rendered {
                    Some(rendered) => writer.write_rendered(&p.graph, rendered)?,
                    None => writer.write(&p.graph)?,
                }
            }
            PipelineEvent::Error(e) => reporter.error(&e),
            PipelineEvent::Warning(w) => reporter.warning(&w),
        }
        Ok(())
    })?;
    let (out, stats) = writer.finish()?;
    out.finish()?;
    if let Some(void_path) = &args.void {
        let download = args
            .output
            .as_ref()
            .map_or_else(|| "-".to_owned(), |p| p.display().to_string());
        let triples = void_description(
            &stats,
            &minter,
            &[Distribution { download, format }],
            &reference,
        );
        let mut w = GraphWriter::new(
            ExportFormat::Turtle,
            AtomicFile::create(void_path)?,
            &minter,
        )?;
        w.write_triples(&triples)?;
        let (file, _) = w.finish()?;
        file.commit()?;
    }
    reporter.summary(&format!(
        "converted {questions} question{} ({} triples)",
        plural(questions),
        stats.triples
    ));
    Ok(if reporter.input_errors > 0 {
        anyhow::bail!(
            "{} input{} could not be read",
            reporter.input_errors,
            plural(reporter.input_errors)
        )
    } else if reporter.errors > 0 {
        Outcome::InputRejected
    } else {
        Outcome::Success
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_synced_as_it_is_written_is_whole_once_committed_and_gone_if_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.nt");
        let chunk: Vec<u8> = (0..1 << 20).map(|i| (i % 251) as u8).collect();
        let chunks = SYNC_EVERY / (1 << 20) * 2 + 3;
        let mut file = AtomicFile::create(&path).unwrap();
        for _ in 0..chunks {
            file.write_all(&chunk).unwrap();
        }
        assert!(!path.exists(), "renamed into place only when committed");
        file.commit().unwrap();
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written.len() as u64, chunks * (1 << 20));
        assert!(written.chunks(1 << 20).all(|c| c == chunk.as_slice()));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        let other = dir.path().join("other.nt");
        let mut file = AtomicFile::create(&other).unwrap();
        for _ in 0..chunks {
            file.write_all(&chunk).unwrap();
        }
        drop(file);
        assert!(!other.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
