//! `qe2rdf sync` and `qe2rdf changes`: keeping a store current with the Assembly's archives,
//! and what changed.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use qe2rdf::parse::{ParseError, Warning};
use qe2rdf::store::queries;
use qe2rdf::store::results::{ResultsFormat, write_query_output};
use qe2rdf::store::{QueryOptions, QuestionStore};
use qe2rdf::sync::sources::{self, Source};
use qe2rdf::sync::state::SyncState;
use qe2rdf::sync::{Observer, SyncOptions, SyncTime};

use super::report::{ReportArgs, Reporter};
use super::{BaseArgs, Outcome, StoreArgs};

/// Arguments of `sync`.
#[derive(Debug, clap::Args)]
#[command(after_help = sources::help_text())]
pub struct SyncArgs {
    /// Sources to sync now (URLs or paths of the Assembly's files); recorded for the next
    /// syncs. Without any, every recorded source is synced.
    #[arg(value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Record a source (URL or path) for the next syncs, without syncing.
    #[arg(long, value_name = "SOURCE")]
    pub add: Vec<String>,
    /// Record the Assembly's archives of the current legislature (listed below).
    #[arg(long)]
    pub add_official: bool,
    /// Forget a recorded source (its questions stay in the store).
    #[arg(long, value_name = "SOURCE")]
    pub remove: Vec<String>,
    /// List the recorded sources and when each was last synced.
    #[arg(long)]
    pub list: bool,
    /// Give up a download that takes longer than this, in seconds.
    #[arg(long, default_value_t = 600)]
    pub timeout: u64,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Do not look for cited bodies in the texts.
    #[arg(long)]
    pub no_mentions: bool,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Arguments of `changes`.
#[derive(Debug, clap::Args)]
pub struct ChangesArgs {
    /// Since when: a date (2026-12-04, from its start, UTC) or a date and time, with or
    /// without an offset (2026-12-04T11:50:00+01:00).
    #[arg(long, value_name = "WHEN")]
    pub since: String,
    /// Output format (default: table on a terminal, else CSV).
    #[arg(short, long, value_enum)]
    pub format: Option<ChangesFormat>,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
}

/// Output formats of `changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChangesFormat {
    /// Aligned table.
    Table,
    /// CSV.
    Csv,
    /// SPARQL results JSON.
    Json,
}

/// Shows a sync's progress on standard error.
struct Progress<'r> {
    reporter: &'r mut Reporter,
    bar: Option<ProgressBar>,
    shown: bool,
}

impl Progress<'_> {
    fn bar(&mut self, total: Option<u64>, template: &str) -> Option<&ProgressBar> {
        if !self.shown {
            return None;
        }
        if self.bar.is_none() {
            let bar = total.map_or_else(ProgressBar::new_spinner, ProgressBar::new);
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            self.bar = Some(bar);
        }
        self.bar.as_ref()
    }

    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Progress<'_> {
    fn downloading(&mut self, source: &str, bytes: u64, total: Option<u64>) {
        let name = Source::parse(source).file_name();
        let template = format!(
            "{{elapsed_precise}} [{{bar:40}}] {{bytes}}/{{total_bytes}} {name} ({{bytes_per_sec}})"
        );
        if let Some(bar) = self.bar(total, &template) {
            bar.set_position(bytes);
        }
    }

    fn reading(&mut self, source: &str, documents: u64) {
        self.finish();
        let name = Source::parse(source).file_name();
        let template = format!(
            "{{elapsed_precise}} [{{bar:40}}] {{pos}}/{{len}} documents of {name} read (eta {{eta}})"
        );
        let _ = self.bar(Some(documents), &template);
    }

    fn read_one(&mut self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn note(&mut self, message: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.reporter.note(message)),
            None => self.reporter.note(message),
        }
    }

    fn error(&mut self, error: &ParseError) {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.reporter.error(error)),
            None => self.reporter.error(error),
        }
    }

    fn warning(&mut self, warning: &Warning) {
        match &self.bar {
            Some(bar) => bar.suspend(|| self.reporter.warning(warning)),
            None => self.reporter.warning(warning),
        }
    }
}

/// Runs `sync`.
pub fn run(args: &SyncArgs) -> anyhow::Result<Outcome> {
    let path = &args.store.store;
    let editing = !args.add.is_empty() || args.add_official || !args.remove.is_empty();
    if editing || args.list {
        let mut state = SyncState::read(path)?;
        let mut added: Vec<String> = args.add.clone();
        if args.add_official {
            added.extend(sources::OFFICIAL.iter().map(|(_, url)| (*url).to_owned()));
        }
        for source in &added {
            if state.add(source) {
                eprintln!("added {source}");
            } else {
                eprintln!("{source} was recorded already");
            }
        }
        for source in &args.remove {
            if state.remove(source) {
                eprintln!("removed {source} (its questions stay in the store)");
            } else {
                anyhow::bail!("{source} is not a recorded source (qe2rdf sync --list lists them)");
            }
        }
        if editing {
            std::fs::create_dir_all(path)?;
            state.write(path)?;
            eprintln!(
                "run `qe2rdf sync --store {}` to fetch the recorded sources",
                path.display()
            );
        }
        if args.list {
            if state.sources.is_empty() {
                println!(
                    "no source recorded: add one with `qe2rdf sync --add URL`, or `qe2rdf sync --add-official`"
                );
            }
            for s in &state.sources {
                let questions: usize = s.members.values().map(|m| m.questions.len()).sum();
                println!(
                    "{}\t{}",
                    s.source,
                    s.synced.as_ref().map_or_else(
                        || "never synced".to_owned(),
                        |t| format!("synced {t}, {questions} questions")
                    )
                );
            }
        }
        return Ok(Outcome::Success);
    }
    let minter = args.base.minter()?;
    let store = QuestionStore::open(path, minter)
        .with_context(|| format!("cannot open the store {}", path.display()))?;
    let mut state = SyncState::read(path)?;
    for source in &args.sources {
        state.add(source);
    }
    if state.sources.is_empty() {
        anyhow::bail!(
            "no source to sync: give one (qe2rdf sync URL), or record some with `qe2rdf sync --add URL` or `qe2rdf sync --add-official`"
        );
    }
    state.write(path)?;
    store.prepare_search()?;
    let mut reporter = Reporter::new(args.report);
    let shown = !args.report.quiet && std::io::stderr().is_terminal();
    let options = SyncOptions {
        timeout: Duration::from_secs(args.timeout),
        threads: args.threads,
        mentions: !args.no_mentions,
    };
    let time = SyncTime::now();
    let only: Option<Vec<String>> = (!args.sources.is_empty()).then(|| args.sources.clone());
    let report = {
        let mut progress = Progress {
            reporter: &mut reporter,
            bar: None,
            shown,
        };
        let report = qe2rdf::sync::sync(
            &store,
            path,
            &options,
            &time,
            only.as_deref(),
            &mut progress,
        );
        progress.finish();
        report?
    };
    for failure in &report.failed {
        eprintln!("error: {failure}");
    }
    reporter.summary(&report.to_string());
    if !report.failed.is_empty() {
        anyhow::bail!(
            "{} source{} could not be fetched or read; the store keeps what it had of {}",
            report.failed.len(),
            if report.failed.len() == 1 { "" } else { "s" },
            if report.failed.len() == 1 {
                "it"
            } else {
                "them"
            }
        );
    }
    Ok(if report.rejected > 0 {
        Outcome::InputRejected
    } else {
        Outcome::Success
    })
}

/// Runs `changes`.
pub fn changes(args: &ChangesArgs) -> anyhow::Result<Outcome> {
    let minter = args.base.minter()?;
    let store = QuestionStore::open_read_only(&args.store.store, minter)?;
    let query = queries::find("changes-since")?;
    let bindings = query.bind(&[format!("since={}", args.since)])?;
    let output = store.query(
        query.sparql,
        &QueryOptions {
            bindings,
            ..QueryOptions::default()
        },
    )?;
    let format = match args.format.unwrap_or(if std::io::stdout().is_terminal() {
        ChangesFormat::Table
    } else {
        ChangesFormat::Csv
    }) {
        ChangesFormat::Table => ResultsFormat::Table,
        ChangesFormat::Csv => ResultsFormat::Csv,
        ChangesFormat::Json => ResultsFormat::Json,
    };
    let mut out = write_query_output(&output, format, std::io::stdout().lock())?;
    out.flush()?;
    Ok(Outcome::Success)
}
