//! The day's agenda this build ships: compiled by `build.rs` from `labs/agenda.toml`
//! (checked against the labs) and decoded once.
use std::sync::OnceLock;

use crate::course::agenda::Agenda;

/// The compiled agenda's bytes.
static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/agenda.bin"));

/// The agenda, decoded once; why it cannot be read otherwise (the page says so).
pub fn agenda() -> Result<&'static Agenda, &'static str> {
    static AGENDA: OnceLock<Result<Agenda, String>> = OnceLock::new();
    AGENDA
        .get_or_init(|| Agenda::decode(COMPILED))
        .as_ref()
        .map_err(String::as_str)
}
