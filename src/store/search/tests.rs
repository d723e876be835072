//! The search index against generated questions and against what the query syntax says.
