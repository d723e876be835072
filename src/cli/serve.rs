//! `qe2rdf serve`: SPARQL over HTTP and the query page.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use qe2rdf::serve::endpoint::{Endpoint, EndpointConfig, ServeOptions};

use super::{BaseArgs, Outcome, StoreArgs};

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on (loopback by default; another address exposes the store to
    /// whoever can reach it).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    pub bind: SocketAddr,
    /// Cancel a query after this many seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Refuse results with more rows than this.
    #[arg(long, default_value_t = 100_000)]
    pub max_results: usize,
    /// Let SERVICE clauses call this host (repeatable; `*` for any host). None by default.
    #[arg(long = "allow-service", value_name = "HOST")]
    pub allow_service: Vec<String>,
    /// The Access-Control-Allow-Origin header sent to browsers.
    #[arg(long, default_value = "*", value_name = "ORIGIN")]
    pub cors_origin: String,
    /// Most connections served at once.
    #[arg(long, default_value_t = 128)]
    pub max_connections: usize,
    /// Do not log one line per request on standard error.
    #[arg(long)]
    pub quiet: bool,
    #[command(flatten)]
    pub base: BaseArgs,
}

pub fn run(args: &ServeArgs) -> anyhow::Result<Outcome> {
    let config = EndpointConfig {
        timeout: Duration::from_secs(args.timeout.max(1)),
        max_results: args.max_results,
        service_hosts: args.allow_service.clone(),
        cors_origin: args.cors_origin.clone(),
        log: !args.quiet,
        ..EndpointConfig::default()
    };
    let endpoint = Endpoint::open(&args.store.store, args.base.minter()?, config)
        .with_context(|| format!("cannot open the store {}", args.store.store.display()))?;
    if !args.bind.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, not a loopback address: anyone who can reach it can query the store",
            args.bind
        );
    }
    eprintln!(
        "serving {} at http://{}/ (SPARQL endpoint: /query; Ctrl-C stops)",
        args.store.store.display(),
        args.bind
    );
    qe2rdf::serve::endpoint::serve(
        endpoint,
        &ServeOptions {
            bind: vec![args.bind],
            max_connections: args.max_connections.max(1),
            connection_timeout: Duration::from_secs(args.timeout.max(1) + 30),
        },
    )
    .with_context(|| format!("cannot serve on {}", args.bind))?;
    Ok(Outcome::Success)
}
