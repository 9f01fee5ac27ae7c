//! The deployment sandbox page (being written).
use yew::prelude::*;

/// The deployment sandbox.
#[component]
pub fn DeploySandbox() -> Html {
    html! { <section class="page"><h1>{ super::super::text::NAV_DEPLOY_SANDBOX }</h1></section> }
}
