//! Canvas charts: the hook every chart is drawn with (plotters on a `<canvas>`, drawn again
//! when its data or the colour theme changes) and the charts' shared palette.
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use yew::prelude::*;

use super::state::{use_theme, Theme};

/// The whole canvas, as the hook hands it to a chart's drawing function.
pub type Area = DrawingArea<CanvasBackend, Shift>;

/// A canvas drawn by `draw` from `data`: after the first render, and again whenever `data`
/// or the theme changes (never on other renders). The canvas is cleared to the theme's
/// background first; `draw` returns `None` when plotters fails, and the canvas is then left
/// as it is. Put the returned ref on the `<canvas>`.
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
            let root = canvas
                .cast::<web_sys::HtmlCanvasElement>()
                .and_then(CanvasBackend::with_canvas_object)
                .map(IntoDrawingArea::into_drawing_area);
            if let Some(root) = root {
                if root.fill(&palette(*theme).background).is_ok()
                    && draw(&root, data, *theme).is_some()
                {
                    let _ = root.present();
                }
            }
        });
    }
    canvas
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
