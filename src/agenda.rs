//! The day's agenda this build ships: compiled by `build.rs` from `labs/agenda.toml`
//! (checked against the labs), carried in the labs file (`Catalogue::agenda`, so it is not
//! part of the app's first load) and decoded once.
use std::cell::RefCell;

use crate::course::agenda::Agenda;

thread_local! {
    static AGENDA: RefCell<Option<&'static Agenda>> = const { RefCell::new(None) };
}

/// The agenda, decoded once from the labs file; why it cannot be read otherwise (the page
/// says so). Every language's labs file carries the same agenda.
pub fn agenda() -> Result<&'static Agenda, String> {
    if let Some(a) = AGENDA.with(|a| *a.borrow()) {
        return Ok(a);
    }
    let decoded = Agenda::decode(&crate::labs::catalogue().agenda)?;
    let kept: &'static Agenda = Box::leak(Box::new(decoded));
    AGENDA.with(|a| *a.borrow_mut() = Some(kept));
    Ok(kept)
}
