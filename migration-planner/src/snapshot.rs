//! The preparation snapshot.
