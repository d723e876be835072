//! The same question as page text and as open-data JSON.
