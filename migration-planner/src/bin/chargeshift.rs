//! The `chargeshift` command-line tool.

fn main() {}
