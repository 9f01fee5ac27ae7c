//! The labs this build ships.
use crate::course::Catalogue;

/// Every lab, in agenda order, loaded once.
pub fn catalogue() -> &'static Catalogue {
    crate::course::catalogue()
}
