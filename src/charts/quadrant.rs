//! The quadrant chart: area and population as a share of the legal
//! standard, one point per unit, with the thresholds of NQ 35/2023 drawn.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use super::legend::{self, LegendItem, Mark};
use super::palette::{INK, LIGHT, MUTED, anchored, frame, no_data, text};
use super::{ChartError, ChartStrings, ensure_fonts, fill};
use crate::lang::{Lang, fmt_int, fmt_pct};
use crate::model::{Level, Phase, UnitCode};

const CHART: &str = "quadrant";

/// A unit's status as shown by colour on the charts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartStatus {
    /// Must be arranged in the phase (NQ 35/2023 Điều 1 khoản 2 or 3).
    Mandatory,
    /// Meets a criterion but is exempt (NQ 35/2023 Điều 3).
    Exempt,
    /// Below a standard, but not required to be arranged.
    BelowStandard,
    /// Meets both the area and the population standard.
    MeetsStandard,
}

impl ChartStatus {
    /// Drawing order: the most important on top.
    const DRAW_ORDER: [ChartStatus; 4] = [
        ChartStatus::MeetsStandard,
        ChartStatus::BelowStandard,
        ChartStatus::Exempt,
        ChartStatus::Mandatory,
    ];

    /// The colour of the status on every chart.
    pub fn color(self) -> RGBColor {
        match self {
            ChartStatus::Mandatory => RGBColor(214, 39, 40),
            ChartStatus::Exempt => RGBColor(117, 80, 180),
            ChartStatus::BelowStandard => RGBColor(245, 150, 30),
            ChartStatus::MeetsStandard => RGBColor(44, 150, 70),
        }
    }

    /// The legend label.
    pub fn label(self, s: &ChartStrings) -> &'static str {
        match self {
            ChartStatus::Mandatory => s.status_mandatory,
            ChartStatus::Exempt => s.status_exempt,
            ChartStatus::BelowStandard => s.status_below,
            ChartStatus::MeetsStandard => s.status_meets,
        }
    }
}

/// One unit on the quadrant chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuadrantPoint {
    /// The unit's code.
    pub code: UnitCode,
    /// The unit's name.
    pub name: String,
    /// Natural area as a percentage of the unit's area standard (70.0 = 70 %).
    /// Non-finite or non-positive values are not drawn and are counted in a footnote.
    pub area_pct: f64,
    /// Population as a percentage of the unit's population standard.
    pub population_pct: f64,
    /// The colour class.
    pub status: ChartStatus,
}

/// A threshold line on one axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    /// Where the line is, in % of the standard.
    pub pct: f64,
    /// What it is (rule ids, e.g. `M1`); the percentage is added when drawn.
    pub label: String,
}

/// Input of the quadrant chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuadrantData {
    /// Context under the title (province, level, phase).
    pub subtitle: String,
    /// One point per unit.
    pub points: Vec<QuadrantPoint>,
    /// Vertical lines (area thresholds).
    pub area_guides: Vec<Guide>,
    /// Horizontal lines (population thresholds).
    pub population_guides: Vec<Guide>,
    /// Shaded zones `area < a and population < p`, given as `(a, p)` in %:
    /// where a unit must be arranged.
    pub mandatory_regions: Vec<(f64, f64)>,
}

impl QuadrantData {
    /// A chart of `points` with the NQ 35/2023 thresholds and the mandatory
    /// zone of `phase` for units of `level`.
    pub fn new(
        subtitle: impl Into<String>,
        points: Vec<QuadrantPoint>,
        phase: Phase,
        level: Level,
    ) -> Self {
        QuadrantData {
            subtitle: subtitle.into(),
            points,
            area_guides: nq35_area_guides(),
            population_guides: nq35_population_guides(),
            mandatory_regions: nq35_mandatory_regions(phase, level),
        }
    }
}

/// Area thresholds of NQ 35/2023/UBTVQH15 Điều 1 khoản 2 (2023–2025: M1 70 %,
/// M2/M3 20 %) and khoản 3 (2026–2030: M4 100 %, M5/M6 30 %), in % of the
/// standard. docs/legal-basis.md §2.2: M1–M5 \[V\]; M6 (commune, 2026–2030) \[S\].
const AREA_THRESHOLDS: [(f64, &str); 4] = [
    (20.0, "M2, M3"),
    (30.0, "M5, M6"),
    (70.0, "M1"),
    (100.0, "M4"),
];

/// Population thresholds of the same clauses: M1 70 %, M4 100 %, M2/M5
/// (districts) 200 %, M3/M6 (communes) 300 %. docs/legal-basis.md §2.2: \[V\] except M6 \[S\].
const POPULATION_THRESHOLDS: [(f64, &str); 4] = [
    (70.0, "M1"),
    (100.0, "M4"),
    (200.0, "M2, M5"),
    (300.0, "M3, M6"),
];

/// The area threshold lines of NQ 35/2023 Điều 1 (both phases).
pub fn nq35_area_guides() -> Vec<Guide> {
    AREA_THRESHOLDS
        .iter()
        .map(|(pct, label)| Guide {
            pct: *pct,
            label: (*label).to_string(),
        })
        .collect()
}

/// The population threshold lines of NQ 35/2023 Điều 1 (both phases).
pub fn nq35_population_guides() -> Vec<Guide> {
    POPULATION_THRESHOLDS
        .iter()
        .map(|(pct, label)| Guide {
            pct: *pct,
            label: (*label).to_string(),
        })
        .collect()
}

/// The zones `(area %, population %)` below which a unit of `level` must be
/// arranged in `phase`: NQ 35/2023 Điều 1 khoản 2 (M1–M3) and khoản 3
/// (M4–M6); for the 2019–2021 round NQ 653/2019 (both below 50 %, \[V\]).
/// Empty for provinces (not arranged under these rules).
pub fn nq35_mandatory_regions(phase: Phase, level: Level) -> Vec<(f64, f64)> {
    let small_area_pop = match level {
        Level::District => 200.0,
        Level::Commune => 300.0,
        Level::Province => return Vec::new(),
    };
    match phase {
        Phase::Round2019To2021 => vec![(50.0, 50.0)],
        Phase::Phase2023To2025 => vec![(70.0, 70.0), (20.0, small_area_pop)],
        Phase::Phase2026To2030 => vec![(100.0, 100.0), (30.0, small_area_pop)],
        // NQ 76/2025 defines no mandatory criteria (only standards N1–N3).
        Phase::Round2025 => Vec::new(),
    }
}

/// Tick values 1–2–5 per decade inside `lo..hi`.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let mut out = Vec::new();
    let mut decade = 0.01;
    while decade <= hi {
        for m in [1.0, 2.0, 5.0] {
            let v = m * decade;
            if v >= lo && v <= hi {
                out.push(v);
            }
        }
        decade *= 10.0;
    }
    out
}

/// The union of the rectangles `[lo, a) × [lo, p)` (all anchored at the
/// lower-left corner), clipped to `hi`, as a closed polygon (staircase).
/// Empty if there is no rectangle.
fn staircase(regions: &[(f64, f64)], lo: (f64, f64), hi: (f64, f64)) -> Vec<(f64, f64)> {
    let mut r: Vec<(f64, f64)> = regions
        .iter()
        .map(|(a, p)| (a.min(hi.0), p.min(hi.1)))
        .filter(|(a, p)| *a > lo.0 && *p > lo.1)
        .collect();
    if r.is_empty() {
        return Vec::new();
    }
    // Widest first; keep only rectangles taller than every wider one.
    r.sort_by(|x, y| y.0.total_cmp(&x.0).then(y.1.total_cmp(&x.1)));
    let mut steps: Vec<(f64, f64)> = Vec::new();
    for (a, p) in r {
        if steps.last().is_none_or(|(_, q)| p > *q) {
            steps.push((a, p));
        }
    }
    let mut poly = vec![lo, (steps[0].0, lo.1)];
    for (i, (a, p)) in steps.iter().enumerate() {
        poly.push((*a, *p));
        if let Some((a2, _)) = steps.get(i + 1) {
            poly.push((*a2, *p));
        }
    }
    if let Some((_, p)) = steps.last() {
        poly.push((lo.0, *p));
    }
    poly
}

fn drawable(p: &QuadrantPoint) -> bool {
    p.area_pct.is_finite()
        && p.area_pct > 0.0
        && p.population_pct.is_finite()
        && p.population_pct > 0.0
}

/// Axis range on a log scale: covers the data and the interesting
/// thresholds, with a little room on each side.
fn log_range(values: impl Iterator<Item = f64>, min_hi: f64, max_lo: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let lo = (lo / 1.3).min(max_lo).max(0.1);
    let hi = (hi * 1.3).max(min_hi);
    (lo, hi)
}

/// Draws the quadrant chart: x = area % of standard, y = population % of
/// standard, both on log scales (the values span three orders of
/// magnitude); threshold lines with labels; mandatory zone shaded; points
/// coloured by [`ChartStatus`]; legend below.
///
/// # Complexity
/// O(n) in the number of points.
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn draw_quadrant<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    data: &QuadrantData,
    lang: Lang,
) -> Result<(), ChartError> {
    ensure_fonts()?;
    let s = ChartStrings::for_lang(lang);
    let err = |e| ChartError::draw(CHART, e);
    let body = frame(&area, CHART, s.quadrant_title, &data.subtitle)?;
    let shown: Vec<&QuadrantPoint> = data.points.iter().filter(|p| drawable(p)).collect();
    let hidden = data.points.len() - shown.len();

    let mut items = Vec::new();
    if !data.mandatory_regions.is_empty() {
        items.push(LegendItem::new(
            s.mandatory_region,
            Mark::Shade(ChartStatus::Mandatory.color(), 0.12),
        ));
    }
    for status in ChartStatus::DRAW_ORDER.iter().rev() {
        let n = shown.iter().filter(|p| p.status == *status).count();
        if n > 0 {
            items.push(LegendItem::new(
                format!("{} ({})", status.label(s), fmt_int(n as i64, lang)),
                Mark::Dot(status.color()),
            ));
        }
    }
    let (w, h) = body.dim_in_pixel();
    let legend_h = legend::height(&body, &items, i32::try_from(w).unwrap_or(0) - 100);
    let foot_h = if hidden > 0 { 24 } else { 0 };
    let (plot, rest) = body.split_vertically(h.saturating_sub(legend_h + foot_h));
    let (legend_area, foot) = rest.split_vertically(legend_h);
    legend::draw(&legend_area.margin(0, 0, 90, 10), &items, CHART)?;
    if hidden > 0 {
        foot.draw(&Text::new(
            fill(s.units_without_data, &fmt_int(hidden as i64, lang)),
            (i32::try_from(w).unwrap_or(0) - 10, 4),
            anchored(text(14.0, MUTED), HPos::Right, VPos::Top),
        ))
        .map_err(err)?;
    }
    if shown.is_empty() {
        no_data(&plot, CHART, s.no_data)?;
        return area.present().map_err(err);
    }

    let (x_lo, x_hi) = log_range(shown.iter().map(|p| p.area_pct), 160.0, 10.0);
    let (y_lo, y_hi) = log_range(shown.iter().map(|p| p.population_pct), 450.0, 20.0);
    let mut chart = ChartBuilder::on(&plot)
        .margin(10)
        .margin_right(30)
        .x_label_area_size(56)
        .y_label_area_size(84)
        .build_cartesian_2d(
            (x_lo..x_hi).log_scale().with_key_points(ticks(x_lo, x_hi)),
            (y_lo..y_hi).log_scale().with_key_points(ticks(y_lo, y_hi)),
        )
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(s.area_axis)
        .y_desc(s.population_axis)
        .x_label_formatter(&|v| fmt_pct(*v, if *v < 1.0 { 1 } else { 0 }, lang))
        .y_label_formatter(&|v| fmt_pct(*v, if *v < 1.0 { 1 } else { 0 }, lang))
        .axis_desc_style(text(18.0, INK))
        .label_style(text(14.0, INK))
        .light_line_style(WHITE)
        .bold_line_style(LIGHT)
        .draw()
        .map_err(err)?;

    // Mandatory zones, as one staircase polygon (their union).
    let zone = staircase(&data.mandatory_regions, (x_lo, y_lo), (x_hi, y_hi));
    if !zone.is_empty() {
        let c = ChartStatus::Mandatory.color();
        chart
            .draw_series(std::iter::once(Polygon::new(
                zone.clone(),
                c.mix(0.12).filled(),
            )))
            .map_err(err)?;
        let mut outline = zone;
        outline.push(outline[0]);
        chart
            .draw_series(std::iter::once(PathElement::new(
                outline,
                c.mix(0.5).stroke_width(1),
            )))
            .map_err(err)?;
    }

    // Threshold lines with labels.
    let guide = MUTED.stroke_width(1);
    for g in data
        .area_guides
        .iter()
        .filter(|g| g.pct > x_lo && g.pct < x_hi)
    {
        chart
            .draw_series(DashedLineSeries::new(
                [(g.pct, y_lo), (g.pct, y_hi)],
                6,
                4,
                guide,
            ))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((g.pct, y_hi))
                    + Text::new(
                        format!("{} {}", fmt_pct(g.pct, 0, lang), g.label),
                        (-16, 6),
                        anchored(text(13.0, MUTED), HPos::Right, VPos::Top)
                            .transform(FontTransform::Rotate270),
                    ),
            ))
            .map_err(err)?;
    }
    for g in data
        .population_guides
        .iter()
        .filter(|g| g.pct > y_lo && g.pct < y_hi)
    {
        chart
            .draw_series(DashedLineSeries::new(
                [(x_lo, g.pct), (x_hi, g.pct)],
                6,
                4,
                guide,
            ))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((x_hi, g.pct))
                    + Text::new(
                        format!("{} {}", fmt_pct(g.pct, 0, lang), g.label),
                        (-6, -3),
                        anchored(text(13.0, MUTED), HPos::Right, VPos::Bottom),
                    ),
            ))
            .map_err(err)?;
    }

    // Points, most important last (on top). Sorted by code inside a status
    // so that the output does not depend on the input order.
    for status in ChartStatus::DRAW_ORDER {
        let mut pts: Vec<&&QuadrantPoint> = shown.iter().filter(|p| p.status == status).collect();
        pts.sort_by(|a, b| a.code.cmp(&b.code));
        let c = status.color();
        chart
            .draw_series(pts.iter().map(|p| {
                Circle::new(
                    (
                        p.area_pct.clamp(x_lo, x_hi),
                        p.population_pct.clamp(y_lo, y_hi),
                    ),
                    4,
                    ShapeStyle::from(c.mix(0.85)).filled(),
                )
            }))
            .map_err(err)?;
    }
    area.present().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phase_one_zones_follow_nq35_article_1_clause_2() {
        assert_eq!(
            nq35_mandatory_regions(Phase::Phase2023To2025, Level::Commune),
            vec![(70.0, 70.0), (20.0, 300.0)]
        );
        assert_eq!(
            nq35_mandatory_regions(Phase::Phase2026To2030, Level::District),
            vec![(100.0, 100.0), (30.0, 200.0)]
        );
        assert!(nq35_mandatory_regions(Phase::Phase2023To2025, Level::Province).is_empty());
    }

    #[test]
    fn staircase_is_the_union_of_the_zones() {
        let p = staircase(&[(70.0, 70.0), (20.0, 300.0)], (1.0, 1.0), (1000.0, 1000.0));
        assert_eq!(
            p,
            vec![
                (1.0, 1.0),
                (70.0, 1.0),
                (70.0, 70.0),
                (20.0, 70.0),
                (20.0, 300.0),
                (1.0, 300.0)
            ]
        );
        // A zone inside another adds nothing.
        let p = staircase(&[(70.0, 70.0), (20.0, 50.0)], (1.0, 1.0), (1000.0, 1000.0));
        assert_eq!(p, vec![(1.0, 1.0), (70.0, 1.0), (70.0, 70.0), (1.0, 70.0)]);
        assert!(staircase(&[], (1.0, 1.0), (2.0, 2.0)).is_empty());
    }

    #[test]
    fn ticks_are_one_two_five() {
        assert_eq!(
            ticks(8.0, 600.0),
            vec![10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
        );
    }

    #[test]
    fn log_range_covers_data_and_thresholds() {
        let (lo, hi) = log_range([5.0, 900.0].into_iter(), 160.0, 10.0);
        assert!((0.1..5.0).contains(&lo));
        assert!(hi > 900.0);
        let (lo, hi) = log_range([50.0, 60.0].into_iter(), 160.0, 10.0);
        assert!(lo <= 10.0);
        assert!(hi >= 160.0);
    }
}
