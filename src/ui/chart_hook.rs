//! Canvas charts: the hook every chart is drawn with (plotters on a `<canvas>`, drawn again
//! when its data or the colour theme changes) and the charts' shared palette.
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::state::{use_theme, Theme};

/// The whole canvas, as the hook hands it to a chart's drawing function.
pub type Area = DrawingArea<CanvasBackend, Shift>;

/// A canvas drawn by `draw` from `data`: after the first render, and again whenever `data`
/// or the theme changes (never on other renders). The canvas is cleared to the theme's
/// background first; `draw` returns `None` when plotters fails, and the canvas is then left
/// as it is. Put the returned ref on the `<canvas>`. The canvas keeps the size its
/// `width`/`height` attributes give it (charts that place overlays by those sizes need this);
/// see [`use_fitted_canvas_chart`] for one drawn at the size it is shown.
#[hook]
pub fn use_canvas_chart<D, F>(data: D, draw: F) -> NodeRef
where
    D: PartialEq + 'static,
    F: FnOnce(&Area, &D, Theme) -> Option<()> + 'static,
{
    let canvas = use_node_ref();
    let theme = use_theme();
    {
        let canvas = canvas.clone();
        use_effect_with((data, theme), move |(data, theme)| {
            paint(&canvas, data, *theme, draw);
        });
    }
    canvas
}

/// The smallest height, in CSS pixels, a fitted chart is drawn at (on a phone a chart keeps
/// a readable height rather than its shape).
pub const MIN_HEIGHT: u32 = 200;

/// Like [`use_canvas_chart`], but the canvas is drawn at the size it is shown (its CSS
/// width; its height from the `width`/`height` attributes' shape, at least [`MIN_HEIGHT`]),
/// one canvas pixel per CSS pixel, and drawn again when the window is resized: its labels
/// keep the size `draw` gives them, whatever the screen, instead of shrinking with it.
#[hook]
pub fn use_fitted_canvas_chart<D, F>(data: D, draw: F) -> NodeRef
where
    D: PartialEq + 'static,
    F: FnOnce(&Area, &D, Theme) -> Option<()> + 'static,
{
    use_fitted_canvas_chart_sized(data, draw).0
}

/// [`use_fitted_canvas_chart`], with the size in pixels the canvas was last drawn at
/// (`None` before it is first drawn), for overlays placed over its plot area: the
/// component renders again when that size changes.
#[hook]
pub fn use_fitted_canvas_chart_sized<D, F>(data: D, draw: F) -> (NodeRef, Option<(u32, u32)>)
where
    D: PartialEq + 'static,
    F: FnOnce(&Area, &D, Theme) -> Option<()> + 'static,
{
    let canvas = use_node_ref();
    let theme = use_theme();
    let window_width = use_window_width();
    let size = use_state_eq(|| None::<(u32, u32)>);
    // The shape the attributes gave, read once before the canvas is first resized.
    let shape = use_mut_ref(|| None::<(u32, u32)>);
    {
        let canvas = canvas.clone();
        let size = size.clone();
        use_effect_with((data, theme, window_width), move |(data, theme, _)| {
            if let Some(el) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                let (w0, h0) = *shape.borrow_mut().get_or_insert((el.width(), el.height()));
                fit(&el, w0, h0);
                size.set(Some((el.width(), el.height())));
            }
            paint(&canvas, data, *theme, draw);
        });
    }
    (canvas, *size)
}

/// Sizes a canvas shown `client_width` CSS pixels wide to that width, keeping the shape
/// `w0`×`h0` but no lower than [`MIN_HEIGHT`] (nor taller than that shape asks, if lower).
fn fit(el: &web_sys::HtmlCanvasElement, w0: u32, h0: u32) {
    let shown = u32::try_from(el.client_width()).unwrap_or(0);
    if shown == 0 || w0 == 0 {
        return; // hidden (a closed <details>): keep the size it has
    }
    let height = fitted_height(shown, w0, h0);
    if el.width() != shown {
        el.set_width(shown);
    }
    if el.height() != height {
        el.set_height(height);
    }
}

/// The height of a chart `width` pixels wide whose attributes say `w0`×`h0`.
pub fn fitted_height(width: u32, w0: u32, h0: u32) -> u32 {
    let shaped = (u64::from(width) * u64::from(h0) / u64::from(w0.max(1))) as u32;
    shaped.max(MIN_HEIGHT.min(h0))
}

fn paint<D, F>(canvas: &NodeRef, data: &D, theme: Theme, draw: F)
where
    F: FnOnce(&Area, &D, Theme) -> Option<()>,
{
    let root = canvas
        .cast::<web_sys::HtmlCanvasElement>()
        .and_then(CanvasBackend::with_canvas_object)
        .map(IntoDrawingArea::into_drawing_area);
    if let Some(root) = root {
        if root.fill(&palette(theme).background).is_ok() && draw(&root, data, theme).is_some() {
            let _ = root.present();
        }
    }
}

/// The window's inner width in CSS pixels, updated when the window is resized.
#[hook]
fn use_window_width() -> i32 {
    let width = use_state_eq(window_width);
    {
        let width = width.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn()>::new(move || width.set(window_width()));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("resize", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "resize",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }
    *width
}

fn window_width() -> i32 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .map_or(0, |v| v as i32)
}

/// The colours of the app's charts, readable in both themes.
pub struct Palette {
    pub background: RGBColor,
    pub text: RGBColor,
    pub grid: RGBColor,
    pub ok: RGBColor,
    pub failed: RGBColor,
    pub incident: RGBColor,
}

/// The palette of a theme.
pub fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Dark => Palette {
            background: RGBColor(0x1b, 0x1f, 0x24),
            text: RGBColor(0xe6, 0xe6, 0xe6),
            grid: RGBColor(0x3a, 0x40, 0x48),
            ok: RGBColor(0x4c, 0xc3, 0x8a),
            failed: RGBColor(0xff, 0x6b, 0x6b),
            incident: RGBColor(0xf5, 0xb0, 0x41),
        },
        Theme::Light => Palette {
            background: RGBColor(0xff, 0xff, 0xff),
            text: RGBColor(0x1f, 0x23, 0x28),
            grid: RGBColor(0xe3, 0xe6, 0xea),
            ok: RGBColor(0x1a, 0x7f, 0x4f),
            failed: RGBColor(0xc6, 0x28, 0x28),
            incident: RGBColor(0xb3, 0x6b, 0x00),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{fitted_height, MIN_HEIGHT};

    #[test]
    fn a_fitted_chart_keeps_its_shape_but_not_below_a_readable_height() {
        assert_eq!(fitted_height(720, 720, 240), 240);
        assert_eq!(fitted_height(1080, 720, 240), 360);
        assert_eq!(fitted_height(295, 720, 240), MIN_HEIGHT);
        // A chart drawn lower than the minimum is never made taller than it asks.
        assert_eq!(fitted_height(300, 600, 120), 120);
    }
}
