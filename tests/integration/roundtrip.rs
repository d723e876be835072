//! Every format round-trips.
