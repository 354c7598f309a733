//! Colours and text styles shared by the charts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::font::FAMILY;

/// Page background.
pub const BACKGROUND: RGBColor = WHITE;
/// Main text colour.
pub const INK: RGBColor = RGBColor(33, 37, 41);
/// Secondary text and guide colour.
pub const MUTED: RGBColor = RGBColor(108, 117, 125);
/// Light grid and fills.
pub const LIGHT: RGBColor = RGBColor(222, 226, 230);

/// A categorical palette (Tableau 10), distinguishable in print and by
/// most colour-blind readers.
pub const CATEGORICAL: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(89, 161, 79),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
];

/// The `i`-th categorical colour; after the first ten, lighter and darker
/// variants follow so that up to 30 series stay distinct.
pub fn categorical(i: usize) -> RGBColor {
    let base = CATEGORICAL[i % CATEGORICAL.len()];
    match (i / CATEGORICAL.len()) % 3 {
        0 => base,
        1 => mix(base, WHITE, 0.45),
        _ => mix(base, BLACK, 0.35),
    }
}

/// Linear mix of two colours (`t` = share of `b`).
pub fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let f = |x: u8, y: u8| -> u8 {
        let v = f64::from(x) * (1.0 - t) + f64::from(y) * t;
        // Clamped to 0..=255 before the cast, so it cannot truncate.
        v.round().clamp(0.0, 255.0) as u8
    };
    RGBColor(f(a.0, b.0), f(a.1, b.1), f(a.2, b.2))
}

/// A text style in the embedded font.
pub fn text(size: f64, color: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: (FAMILY, size).into_font(),
        color: color.to_backend_color(),
        pos: Pos::default(),
    }
}

/// A bold text style in the embedded font.
pub fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: (FAMILY, size, FontStyle::Bold).into_font(),
        color: color.to_backend_color(),
        pos: Pos::default(),
    }
}

/// Anchors a style at a position.
pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// Fills the background and draws a title and an optional subtitle at the
/// top; returns the area below them.
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &'static str,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    area.fill(&BACKGROUND)
        .map_err(|e| ChartError::draw(chart, e))?;
    let (w, _) = area.dim_in_pixel();
    let cx = i32::try_from(w / 2).unwrap_or(0);
    area.draw(&Text::new(
        title.to_string(),
        (cx, 14),
        anchored(bold(26.0, INK), HPos::Center, VPos::Top),
    ))
    .map_err(|e| ChartError::draw(chart, e))?;
    let mut top = 52;
    if !subtitle.is_empty() {
        area.draw(&Text::new(
            subtitle.to_string(),
            (cx, 48),
            anchored(text(18.0, MUTED), HPos::Center, VPos::Top),
        ))
        .map_err(|e| ChartError::draw(chart, e))?;
        top = 80;
    }
    Ok(area.clone().margin(top, 10, 10, 10))
}

/// Draws a centred "no data" message on an area.
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &'static str,
    message: &str,
) -> Result<(), ChartError> {
    let (w, h) = area.dim_in_pixel();
    let c = (
        i32::try_from(w / 2).unwrap_or(0),
        i32::try_from(h / 2).unwrap_or(0),
    );
    area.draw(&Text::new(
        message.to_string(),
        c,
        anchored(text(22.0, MUTED), HPos::Center, VPos::Center),
    ))
    .map_err(|e| ChartError::draw(chart, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categorical_colours_are_distinct_for_thirty_series() {
        let colours: Vec<_> = (0..30).map(categorical).collect();
        for i in 0..colours.len() {
            for j in i + 1..colours.len() {
                assert_ne!(colours[i], colours[j], "{i} and {j}");
            }
        }
    }

    #[test]
    fn mix_goes_from_a_to_b() {
        assert_eq!(mix(BLACK, WHITE, 0.0), BLACK);
        assert_eq!(mix(BLACK, WHITE, 1.0), WHITE);
        assert_eq!(mix(BLACK, WHITE, 0.5), RGBColor(128, 128, 128));
    }
}
