//! End-to-end tests of the `bundlec` binary live in `tests/`; this crate has no library code.
