//! Hash routes, so deep links work from any static file server.
//!
//! Our own small router (no yew-router): a route is the path in the page's hash
//! (`#/labs/<id>/<step>`), optionally followed by a query (`#/sandbox/deploy?seed=1…`).
//! Links are plain `<a href="#/…">`: the browser adds the history entry and fires
//! `hashchange`, which [`use_hash`] listens for.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    /// `#/`
    Home,
    /// `#/labs/<id>`
    Lab { id: String },
    /// `#/labs/<id>/<step>`. `step` is 1-based; kept as text so a bad link gets a
    /// message, not a 404.
    LabStep { id: String, step: String },
    /// `#/agenda`: the day's programme, with a timer per block.
    Agenda,
    /// `#/sandbox/dora`
    SandboxDora,
    /// `#/sandbox/deploy`: the whole set-up is in the query string, so a replay can be
    /// shared.
    SandboxDeploy,
    /// `#/sandbox/cloudformation`: validate any template, see its resource graph.
    SandboxCfn,
    /// `#/sandbox/containers?tab=…`: any container file in a container lab's workspace.
    SandboxContainers,
    /// `#/demo/<id>`: a lab's live workspace alone, for an instructor's demo; what the
    /// workspace's buttons write is in the query (`?script=push%20c2`), so the audience
    /// window follows it and a reload keeps it.
    Demo { id: String },
    /// `#/progress`
    Progress,
    /// `#/exam…`: exam practice; `view` is the rest of the hash, query included (`/mock?q=3`),
    /// which the parsers worker reads (`course::exam::view`).
    Exam { view: String },
    /// Anything else (its link is `#/404`).
    NotFound,
}

impl Route {
    /// The route of a hash (`#/labs/x/2?…`; the `#` is optional). The query is ignored,
    /// one trailing slash too; path segments are percent-decoded.
    pub fn parse(hash: &str) -> Route {
        let (path, query) = split(hash);
        let path = path.strip_suffix('/').unwrap_or(path);
        if let Some(rest) = path.strip_prefix("/exam") {
            if rest.is_empty() || rest.starts_with('/') {
                let mut view = rest.to_string();
                if let Some(q) = query.filter(|q| !q.is_empty()) {
                    view.push('?');
                    view.push_str(q);
                }
                return Route::Exam { view };
            }
        }
        if path.is_empty() {
            return Route::Home;
        }
        let Some(path) = path.strip_prefix('/') else {
            return Route::NotFound;
        };
        let mut segments: Vec<String> = Vec::new();
        for raw in path.split('/') {
            match raw {
                "." => {}
                ".." => {
                    segments.pop();
                }
                _ => match decode(raw) {
                    Some(s) => segments.push(s),
                    None => return Route::NotFound,
                },
            }
        }
        let parts: Vec<&str> = segments.iter().map(String::as_str).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["labs", id] if !id.is_empty() => Route::Lab { id: id.to_string() },
            ["labs", id, step] if !id.is_empty() && !step.is_empty() => Route::LabStep {
                id: id.to_string(),
                step: step.to_string(),
            },
            ["agenda"] => Route::Agenda,
            ["sandbox", "dora"] => Route::SandboxDora,
            ["sandbox", "deploy"] => Route::SandboxDeploy,
            ["sandbox", "cloudformation"] => Route::SandboxCfn,
            ["sandbox", "containers"] => Route::SandboxContainers,
            ["progress"] => Route::Progress,
            ["demo", id] if !id.is_empty() => Route::Demo { id: id.to_string() },
            _ => Route::NotFound,
        }
    }

    /// The link to this route: `#/…`, ids and steps percent-encoded where needed.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Lab { id } => format!("#/labs/{}", encode(id)),
            Route::LabStep { id, step } => format!("#/labs/{}/{}", encode(id), encode(step)),
            Route::Agenda => "#/agenda".into(),
            Route::SandboxDora => "#/sandbox/dora".into(),
            Route::SandboxDeploy => "#/sandbox/deploy".into(),
            Route::SandboxCfn => "#/sandbox/cloudformation".into(),
            Route::SandboxContainers => "#/sandbox/containers".into(),
            Route::Progress => "#/progress".into(),
            Route::Exam { view } => format!("#/exam{view}"),
            Route::Demo { id } => format!("#/demo/{}", encode(id)),
            Route::NotFound => "#/404".into(),
        }
    }
}

/// A hash's path and query (without the `?`), both without the `#`s; a second `#`
/// ends them.
pub fn split(hash: &str) -> (&str, Option<&str>) {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let hash = hash.split('#').next().unwrap_or_default();
    match hash.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (hash, None),
    }
}

/// A query string's `name=value` pairs, percent-decoded (`+` is a plus, not a space), in
/// order; a pair that is not UTF-8 is left out.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

/// `name=value` pairs as a query string (without the `?`), percent-encoded.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Keeps unreserved characters (RFC 3986), writes every other byte as `%XX`.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` (a `%` not followed by two hex digits stays as it is); `None` if the
/// bytes are not UTF-8.
fn decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|&c| (c as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The page's hash (`#/…`), empty if none.
pub fn hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The query string of the current hash, without the `?` (empty if none).
pub fn query() -> String {
    split(&hash()).1.unwrap_or_default().to_string()
}

/// Shows `route` with `query` in the address bar in place of the current entry: no new
/// history entry, no `hashchange` (the caller already shows what the URL now says).
pub fn replace_query(route: &Route, query: &str) {
    let mut url = route.href();
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// A hash that is not a route (none, or `#foo`) becomes `#/`, in place.
fn ensure_route_hash() {
    if !hash().starts_with("#/") {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some("#/"));
        }
    }
}

/// The current hash; the component renders again whenever it changes (`hashchange`:
/// links, back and forward, a pasted URL). The first call in the page makes an empty
/// hash `#/`.
#[hook]
pub fn use_hash() -> String {
    use_state(ensure_route_hash);
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        let listener = Closure::<dyn FnMut()>::new(move || redraw.force_update());
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
    hash()
}

/// The current route; renders again when it changes.
#[hook]
pub fn use_route() -> Route {
    Route::parse(&use_hash())
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A link to a route: a plain `<a href="#/…">`.
#[component]
pub fn Link(props: &LinkProps) -> Html {
    html! {
        <a class={props.classes.clone()} href={props.to.href()}>{ props.children.clone() }</a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab_step(id: &str, step: &str) -> Route {
        Route::LabStep {
            id: id.into(),
            step: step.into(),
        }
    }

    #[test]
    fn query_pairs_round_trip_any_text() {
        let script = "push c2\napprove Approval & more=1 +50% đã";
        let q = query_string([("script", script), ("a b", "")]);
        assert!(!q.contains(' ') && !q.contains('\n'), "{q}");
        assert_eq!(
            query_pairs(&q),
            vec![
                ("script".to_string(), script.to_string()),
                ("a b".to_string(), String::new())
            ]
        );
        assert_eq!(
            query_pairs("x&y=1&&z=%41"),
            vec![
                ("x".to_string(), String::new()),
                ("y".to_string(), "1".to_string()),
                ("z".to_string(), "A".to_string())
            ]
        );
        // Not UTF-8: that pair is left out.
        assert_eq!(query_pairs("bad=%FF&ok=1").len(), 1);
    }

    #[test]
    fn every_route_round_trips() {
        let routes = [
            Route::Home,
            Route::Lab {
                id: "deploy-rolling".into(),
            },
            lab_step("deploy-rolling", "3"),
            Route::Agenda,
            Route::SandboxDora,
            Route::SandboxDeploy,
            Route::SandboxCfn,
            Route::Progress,
            Route::Demo {
                id: "cicd-walkthrough".into(),
            },
            Route::NotFound,
            // Not a slug: encoded on the way out, decoded on the way in.
            lab_step("a b/c?d#e%f", "x y"),
            Route::Lab {
                id: "bài-lab".into(),
            },
        ];
        for route in routes {
            let href = route.href();
            assert!(href.starts_with("#/"), "{href}");
            assert_eq!(Route::parse(&href), route, "{href}");
        }
    }

    #[test]
    fn the_urls_are_the_ones_links_and_bookmarks_already_use() {
        assert_eq!(Route::Home.href(), "#/");
        assert_eq!(
            lab_step("deploy-canary", "2").href(),
            "#/labs/deploy-canary/2"
        );
        assert_eq!(
            Route::Lab {
                id: "dora-compare-teams".into()
            }
            .href(),
            "#/labs/dora-compare-teams"
        );
        assert_eq!(Route::Agenda.href(), "#/agenda");
        assert_eq!(Route::SandboxDora.href(), "#/sandbox/dora");
        assert_eq!(Route::SandboxDeploy.href(), "#/sandbox/deploy");
        assert_eq!(Route::SandboxContainers.href(), "#/sandbox/containers");
        assert_eq!(
            Route::parse("#/sandbox/containers?tab=ecs"),
            Route::SandboxContainers
        );
        assert_eq!(Route::Progress.href(), "#/progress");
        assert_eq!(lab_step("a b", "1").href(), "#/labs/a%20b/1");
    }

    #[test]
    fn anything_else_is_not_found() {
        for hash in [
            "#/404",
            "#/no-such-page",
            "#/labs",
            "#/labs/",
            "#/labs//2",
            "#/labs/x/2/extra",
            "#/sandbox",
            "#/sandbox/other",
            "#/Agenda",
            "#agenda",
            "#/labs/%FF",
        ] {
            assert_eq!(Route::parse(hash), Route::NotFound, "{hash}");
        }
    }

    #[test]
    fn a_bad_id_or_step_is_still_a_lab_route() {
        // The lab page words the message.
        assert_eq!(
            Route::parse("#/labs/no-such-lab"),
            Route::Lab {
                id: "no-such-lab".into()
            }
        );
        assert_eq!(Route::parse("#/labs/x/99"), lab_step("x", "99"));
        assert_eq!(Route::parse("#/labs/x/two"), lab_step("x", "two"));
    }

    #[test]
    fn one_trailing_slash_and_the_leading_hash_are_optional() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("/"), Route::Home);
        assert_eq!(Route::parse("#/progress/"), Route::Progress);
        assert_eq!(Route::parse("/labs/x/2/"), lab_step("x", "2"));
        assert_eq!(Route::parse("#/labs/x/"), Route::Lab { id: "x".into() });
        assert_eq!(Route::parse("#/labs/../agenda"), Route::Agenda);
    }

    #[test]
    fn the_query_is_kept_apart() {
        let hash = "#/sandbox/deploy?seed=1&s=canary&fault=bad:400:20:1";
        assert_eq!(Route::parse(hash), Route::SandboxDeploy);
        assert_eq!(
            split(hash),
            (
                "/sandbox/deploy",
                Some("seed=1&s=canary&fault=bad:400:20:1")
            )
        );
        assert_eq!(
            Route::parse("#/sandbox/deploy/?seed=1"),
            Route::SandboxDeploy
        );
        assert_eq!(Route::parse("#/labs/x/2?a=b#c"), lab_step("x", "2"));
        assert_eq!(split("#/labs/x?a=b#c"), ("/labs/x", Some("a=b")));
        assert_eq!(split("#/labs/x#c"), ("/labs/x", None));
        assert_eq!(split("#/sandbox/deploy?"), ("/sandbox/deploy", Some("")));
        assert_eq!(split(""), ("", None));
    }
}
