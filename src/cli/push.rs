//! `qe2rdf push`: the store's graphs → an external triple store (Graph Store Protocol).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use qe2rdf::serve::push::{PushOptions, count_graphs_at, graph_store_for, push};
use qe2rdf::store::QuestionStore;

use super::report::plural;
use super::{BaseArgs, Outcome, StoreArgs};

/// Arguments of `push`.
#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// The target's SPARQL endpoint: its Graph Store endpoint is derived from it for
    /// Virtuoso, Fuseki, GraphDB/RDF4J and Oxigraph, and the push is checked against it.
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// The target's Graph Store Protocol endpoint, when it cannot be derived from --to.
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// User name for HTTP Basic authentication (password from --password-env).
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Environment variable holding the password.
    #[arg(long, default_value = "QE2RDF_PASSWORD", value_name = "VAR")]
    pub password_env: String,
    /// Graphs per batch (progress is saved at the end of each).
    #[arg(long, default_value_t = 200)]
    pub batch: usize,
    /// Requests at once.
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,
    /// Retries of a failed request (with a growing delay).
    #[arg(long, default_value_t = 5)]
    pub retries: u32,
    /// Time limit of one request, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// The progress record (default: qe2rdf-push.progress beside the store).
    #[arg(long, value_name = "FILE")]
    pub progress: Option<PathBuf>,
    /// Send everything, ignoring the progress of an interrupted push.
    #[arg(long)]
    pub restart: bool,
    /// Do not count the graphs at the target afterwards.
    #[arg(long)]
    pub no_verify: bool,
    #[command(flatten)]
    pub store: StoreArgs,
    #[command(flatten)]
    pub base: BaseArgs,
}

pub fn run(args: &PushArgs) -> anyhow::Result<Outcome> {
    let graph_store = match &args.graph_store {
        Some(g) => g.clone(),
        None => graph_store_for(&args.to).with_context(|| {
            format!(
                "cannot derive the Graph Store endpoint from {}; give it with --graph-store URL",
                args.to
            )
        })?,
    };
    let password = match &args.user {
        Some(user) => Some(std::env::var(&args.password_env).with_context(|| {
            format!(
                "--user {user} needs the password in the environment variable {}",
                args.password_env
            )
        })?),
        None => None,
    };
    let store = QuestionStore::open_read_only(&args.store.store, args.base.minter()?)
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    let progress = args.progress.clone().unwrap_or_else(|| {
        let mut name = args.store.store.clone().into_os_string();
        name.push(".push-progress");
        PathBuf::from(name)
    });
    let mut options = PushOptions::new(graph_store.clone(), progress);
    options.user.clone_from(&args.user);
    options.password = password.clone();
    options.batch = args.batch.max(1);
    options.concurrency = args.concurrency.max(1);
    options.retries = args.retries;
    options.timeout = Duration::from_secs(args.timeout.max(1));
    options.restart = args.restart;
    eprintln!("pushing {} to {graph_store}", args.store.store.display());
    let quiet = std::env::var_os("CI").is_some();
    let report = push(&store, &options, &|done, total| {
        if !quiet && (done % 500 == 0 || done == total) {
            eprintln!("  {done}/{total} graphs");
        }
    })
    .with_context(|| {
        format!(
            "push stopped; what was sent is recorded in {} and the next push resumes from there",
            options.progress.display()
        )
    })?;
    eprintln!(
        "sent {} graph{} ({} triples, {:.1} MB) in {:.1} s; {} resumed from an interrupted push; {} retr{}",
        report.sent,
        plural(report.sent),
        report.triples,
        report.bytes as f64 / 1e6,
        report.elapsed.as_secs_f64(),
        report.resumed,
        report.retries,
        if report.retries == 1 { "y" } else { "ies" }
    );
    if !args.no_verify {
        let prefix = format!("{}graph/", store.minter().base());
        let user = args.user.as_deref().zip(password.as_deref());
        let at_target = count_graphs_at(&args.to, &prefix, user, options.timeout)?;
        eprintln!(
            "{} has {at_target} qe2rdf graph{} (the store has {})",
            args.to,
            plural(usize::try_from(at_target).unwrap_or(usize::MAX)),
            report.graphs
        );
        anyhow::ensure!(
            at_target >= report.graphs as u64,
            "the target holds {at_target} graphs, fewer than the {} sent",
            report.graphs
        );
    }
    Ok(Outcome::Success)
}
