//! What the subcommands print on standard error: errors, warnings, progress, summary.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use qe2rdf::parse::input::InputError;
use qe2rdf::parse::{ParseError, Warning};

/// Warnings printed before only their count is kept (unless `--verbose`).
const MAX_WARNINGS: usize = 20;
/// Errors printed before only their count is kept.
const MAX_ERRORS: usize = 1000;

/// Shared reporting flags.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct ReportArgs {
    /// Print nothing but errors (no progress, no warnings, no summary).
    #[arg(short, long)]
    pub quiet: bool,
    /// Print every warning (by default the first 20, then their count).
    #[arg(short, long)]
    pub verbose: bool,
}

/// Counts and prints diagnostics.
pub struct Reporter {
    args: ReportArgs,
    started: Instant,
    pub errors: usize,
    pub warnings: usize,
    pub input_errors: usize,
    progress: Option<ProgressBar>,
}

impl Reporter {
    pub fn new(args: ReportArgs) -> Self {
        Self {
            args,
            started: Instant::now(),
            errors: 0,
            warnings: 0,
            input_errors: 0,
            progress: None,
        }
    }

    /// Shows a progress bar over `total` documents when standard error is a terminal and
    /// the input is large enough to be worth it.
    pub fn start_progress(&mut self, total: u64, unit: &str) {
        if self.args.quiet || !std::io::stderr().is_terminal() || total < 50 {
            return;
        }
        let bar = ProgressBar::new(total);
        let template = format!(
            "{{elapsed_precise}} [{{bar:40}}] {{pos}}/{{len}} {unit} ({{per_sec}}, eta {{eta}}) {{msg}}"
        );
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        self.progress = Some(bar);
    }

    pub fn tick(&self, n: u64) {
        if let Some(bar) = &self.progress {
            bar.inc(n);
        }
    }

    fn print(&self, line: &str) {
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    pub fn error(&mut self, e: &ParseError) {
        self.errors += 1;
        if self.errors <= MAX_ERRORS {
            self.print(&format!("error: {e}"));
        }
    }

    pub fn input_error(&mut self, e: &InputError) {
        self.input_errors += 1;
        self.print(&format!("error: {e}"));
    }

    pub fn warning(&mut self, w: &Warning) {
        self.warnings += 1;
        if !self.args.quiet && (self.args.verbose || self.warnings <= MAX_WARNINGS) {
            self.print(&format!("{w}"));
        }
    }

    /// An informational line (not counted), hidden by `--quiet`.
    pub fn note(&self, line: &str) {
        if !self.args.quiet {
            self.print(line);
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Prints the closing summary line.
    pub fn summary(&mut self, what: &str) {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        if self.errors > MAX_ERRORS {
            eprintln!("… {} more errors not shown", self.errors - MAX_ERRORS);
        }
        if self.args.quiet {
            return;
        }
        if !self.args.verbose && self.warnings > MAX_WARNINGS {
            eprintln!(
                "… {} more warnings not shown (--verbose shows them)",
                self.warnings - MAX_WARNINGS
            );
        }
        eprintln!(
            "{what}, {} error{}, {} warning{} in {:.2} s",
            self.errors + self.input_errors,
            plural(self.errors + self.input_errors),
            self.warnings,
            plural(self.warnings),
            self.elapsed().as_secs_f64()
        );
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
