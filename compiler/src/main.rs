//! The `bundlec` command line.

fn main() {}
