//! Hash routes, so deep links work from any static file server.
use yew_router::prelude::*;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/labs/:id")]
    Lab { id: String },
    /// `step` is 1-based; kept as text so a bad link gets a message, not a 404.
    #[at("/labs/:id/:step")]
    LabStep { id: String, step: String },
    /// The day's programme, with a timer per block.
    #[at("/agenda")]
    Agenda,
    #[at("/sandbox/dora")]
    SandboxDora,
    /// The whole set-up is in the query string, so a replay can be shared.
    #[at("/sandbox/deploy")]
    SandboxDeploy,
    #[at("/progress")]
    Progress,
    #[not_found]
    #[at("/404")]
    NotFound,
}
