//! The crate-level error.

use crate::parse::ParseError;
use crate::parse::input::InputError;
use crate::rdf::IriError;
use crate::store::StoreError;

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A question could not be read.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// An input could not be opened.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An IRI (the base) is invalid.
    #[error(transparent)]
    Iri(#[from] IriError),
}

/// Result with the crate-level error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
