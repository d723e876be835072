//! Publishing the store: the HTTP endpoint ([`endpoint`]: SPARQL protocol, bundled
//! queries, the query page), the policy for `SERVICE` calls that the endpoint and the
//! command line hand to the store ([`federation`]), and sending the graphs to another
//! triple store ([`push`]).

#[cfg(feature = "rocksdb")]
pub mod endpoint;
pub mod federation;
pub mod push;
