//! A legend laid out in rows below (or beside) a chart, so that it never
//! hides data.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartError;
use super::palette::{INK, anchored, text};

/// How a legend entry is marked.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// Several filled boxes side by side: the fills of one class of map
    /// groups (neighbouring groups take different shades).
    Swatches(Vec<RGBColor>),
    /// A dashed line (boundaries removed by a merge).
    Dashed(RGBColor, u32),
    /// A small circle with a number (labels keyed to a list).
    Badge,
    /// An empty box outlined (the frame of an inset's area).
    Frame(RGBColor),
    /// A filled dot (scatter points).
    Dot(RGBColor),
    /// A filled box (bars, map fills).
    Box(RGBColor),
    /// A box with a translucent fill (shaded zones).
    Shade(RGBColor, f64),
    /// A box with diagonal hatching (exempt units on the map).
    Hatch(RGBColor),
    /// A thick line (boundaries).
    Line(RGBColor, u32),
}

/// One legend entry.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// The text.
    pub label: String,
    /// The mark drawn before it.
    pub mark: Mark,
}

impl LegendItem {
    /// A new entry.
    pub fn new(label: impl Into<String>, mark: Mark) -> Self {
        LegendItem {
            label: label.into(),
            mark,
        }
    }
}

const FONT: f64 = 16.0;
const ROW: i32 = 26;
const MARK_W: i32 = 18;
const GAP: i32 = 26;

/// Width of an item's mark in pixels.
fn mark_width(mark: &Mark) -> i32 {
    match mark {
        Mark::Swatches(cs) => {
            let n = i32::try_from(cs.len()).unwrap_or(1).max(1);
            n * MARK_W + (n - 1) * 2
        }
        Mark::Dashed(..) => 2 * MARK_W,
        _ => MARK_W,
    }
}

/// Positions (x, row) of each item when laid out left to right in rows of
/// at most `width` pixels, using the font's real text widths.
fn layout(items: &[LegendItem], width: i32) -> Vec<(i32, i32)> {
    let style = text(FONT, INK);
    let mut out = Vec::with_capacity(items.len());
    let (mut x, mut row) = (0, 0);
    for item in items {
        let w = style
            .font
            .box_size(&item.label)
            .map(|(w, _)| i32::try_from(w).unwrap_or(200))
            .unwrap_or(200)
            + mark_width(&item.mark)
            + 8;
        if x > 0 && x + w > width {
            x = 0;
            row += 1;
        }
        out.push((x, row));
        x += w + GAP;
    }
    out
}

/// Height in pixels the legend needs at this width (the area only says
/// which chart asks; text is measured with the embedded font).
pub fn height<DB: DrawingBackend>(
    _area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    width: i32,
) -> u32 {
    rows_height(items, width)
}

/// Height in pixels the legend needs at this width.
pub fn rows_height(items: &[LegendItem], width: i32) -> u32 {
    let rows = layout(items, width).last().map(|(_, r)| r + 1).unwrap_or(0);
    u32::try_from(rows * ROW + 8).unwrap_or(0)
}

/// Draws the legend in `area`, rows left-aligned from its top-left corner.
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    chart: &'static str,
) -> Result<(), ChartError> {
    let (w, _) = area.dim_in_pixel();
    let width = i32::try_from(w).unwrap_or(i32::MAX);
    let positions = layout(items, width);
    let err = |e| ChartError::draw(chart, e);
    for (item, (x, row)) in items.iter().zip(positions) {
        let y = row * ROW + ROW / 2;
        let (x0, y0, x1, y1) = (x, y - 7, x + MARK_W, y + 7);
        let text_x = x + mark_width(&item.mark) + 8;
        match &item.mark {
            Mark::Swatches(cs) => {
                for (k, c) in cs.iter().enumerate() {
                    let dx = i32::try_from(k).unwrap_or(0) * (MARK_W + 2);
                    area.draw(&Rectangle::new([(x0 + dx, y0), (x1 + dx, y1)], c.filled()))
                        .map_err(err)?;
                }
            }
            Mark::Dashed(c, width) => {
                let mut dx = 0;
                while dx < 2 * MARK_W {
                    let end = (dx + 6).min(2 * MARK_W);
                    area.draw(&PathElement::new(
                        vec![(x0 + dx, y), (x0 + end, y)],
                        c.stroke_width(*width),
                    ))
                    .map_err(err)?;
                    dx += 10;
                }
            }
            Mark::Frame(c) => area
                .draw(&Rectangle::new([(x0, y0), (x1, y1)], c.stroke_width(1)))
                .map_err(err)?,
            Mark::Badge => {
                let c = (x + MARK_W / 2, y);
                area.draw(&Circle::new(c, 8, WHITE.filled())).map_err(err)?;
                area.draw(&Circle::new(c, 8, INK.stroke_width(1)))
                    .map_err(err)?;
                area.draw(&Text::new(
                    "1",
                    c,
                    anchored(text(11.0, INK), HPos::Center, VPos::Center),
                ))
                .map_err(err)?;
            }
            Mark::Dot(c) => area
                .draw(&Circle::new((x + MARK_W / 2, y), 6, c.filled()))
                .map_err(err)?,
            Mark::Box(c) => area
                .draw(&Rectangle::new([(x0, y0), (x1, y1)], c.filled()))
                .map_err(err)?,
            Mark::Shade(c, alpha) => {
                area.draw(&Rectangle::new(
                    [(x0, y0), (x1, y1)],
                    c.mix(*alpha).filled(),
                ))
                .map_err(err)?;
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.stroke_width(1)))
                    .map_err(err)?;
            }
            Mark::Hatch(c) => {
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], WHITE.filled()))
                    .map_err(err)?;
                for k in (-14..MARK_W).step_by(5) {
                    let (a, b) = clip_diagonal(k, MARK_W, 14);
                    area.draw(&PathElement::new(
                        vec![(x0 + a.0, y0 + a.1), (x0 + b.0, y0 + b.1)],
                        c.stroke_width(1),
                    ))
                    .map_err(err)?;
                }
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], c.stroke_width(2)))
                    .map_err(err)?;
            }
            Mark::Line(c, width) => area
                .draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    c.stroke_width(*width),
                ))
                .map_err(err)?,
        }
        area.draw(&Text::new(
            item.label.clone(),
            (text_x, y),
            anchored(text(FONT, INK), HPos::Left, VPos::Center),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The segment of the line `x - y = k` (going up to the right in screen
/// coordinates: `x + y = k + h`) inside the box `[0, w] × [0, h]`.
fn clip_diagonal(k: i32, w: i32, h: i32) -> ((i32, i32), (i32, i32)) {
    // Line: y = h - (x - k), for x in [k, k + h]; clip x to [0, w].
    let xa = k.max(0);
    let xb = (k + h).min(w);
    ((xa, h - (xa - k)), (xb, h - (xb - k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagonal_stays_inside_the_box() {
        for k in -14..18 {
            let ((xa, ya), (xb, yb)) = clip_diagonal(k, 18, 14);
            for (x, y) in [(xa, ya), (xb, yb)] {
                assert!((0..=18).contains(&x), "k={k} x={x}");
                assert!((0..=14).contains(&y), "k={k} y={y}");
            }
        }
    }
}
