//! The labs this build ships: compiled by `build.rs` from `labs/` (checked, Markdown turned
//! into safe node trees, solutions and attempts left out) and decoded once at start-up.
use std::sync::OnceLock;

use crate::course::Catalogue;

/// The compiled catalogue's bytes.
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/labs.bin"));

/// Every lab, in agenda order, decoded once.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::decode(COMPILED))
}

/// The compiled bytes' size, for the size report's numbers and tests.
pub fn compiled_size() -> usize {
    COMPILED.len()
}
