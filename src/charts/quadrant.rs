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
use crate::rules::{CriterionDef, RuleSet};

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
    /// A chart of `points` with the thresholds and the mandatory zone of the
    /// criteria of `rules` that apply to units of `level` in `phase` (NQ
    /// 35/2023 Điều 1: M1 and M3 for communes in 2023–2025, M1 and M2 for
    /// districts; M4 with M6 or M5 in 2026–2030), read from the rule set so
    /// that a chart never shows a line that does not apply to its units.
    pub fn new(
        subtitle: impl Into<String>,
        points: Vec<QuadrantPoint>,
        rules: &RuleSet,
        phase: Phase,
        level: Level,
    ) -> Self {
        let criteria: Vec<&CriterionDef> = rules
            .criteria
            .iter()
            .filter(|c| c.phase == phase && c.levels.contains(&level))
            .collect();
        QuadrantData {
            subtitle: subtitle.into(),
            points,
            area_guides: guides(criteria.iter().map(|c| (100.0 * c.area_below, &c.id))),
            population_guides: guides(criteria.iter().map(|c| (100.0 * c.population_below, &c.id))),
            mandatory_regions: criteria
                .iter()
                .map(|c| (100.0 * c.area_below, 100.0 * c.population_below))
                .collect(),
        }
    }
}

/// Threshold lines from `(pct, criterion id)` pairs: one line per distinct
/// percentage, labelled with the ids that share it, in increasing order.
fn guides<'a>(items: impl Iterator<Item = (f64, &'a String)>) -> Vec<Guide> {
    let mut out: Vec<Guide> = Vec::new();
    let mut items: Vec<(f64, &String)> = items.collect();
    items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    for (pct, id) in items {
        match out.last_mut() {
            Some(g) if (g.pct - pct).abs() < 1e-9 => {
                g.label.push_str(", ");
                g.label.push_str(id);
            }
            _ => out.push(Guide {
                pct,
                label: id.clone(),
            }),
        }
    }
    out
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

/// Above this many points the chart shows how many units fall in each small
/// cell of the plane instead of one dot per unit (10,600 communes of the
/// country would hide each other).
pub const DENSE_POINTS: usize = 2500;

/// Cell size of the dense view, in pixels.
const CELL_PX: f64 = 12.0;

/// Count classes of the dense view: `(lowest, highest)`; `None` = and above.
const CELL_CLASSES: [(u32, Option<u32>); 5] = [
    (1, Some(1)),
    (2, Some(4)),
    (5, Some(9)),
    (10, Some(24)),
    (25, None),
];

/// Their fills: a sequential blue scale (ColorBrewer Blues), none of them a
/// status colour.
const CELL_FILLS: [RGBColor; 5] = [
    RGBColor(198, 219, 239),
    RGBColor(140, 190, 220),
    RGBColor(80, 150, 200),
    RGBColor(33, 113, 181),
    RGBColor(8, 58, 120),
];

/// The fill of a cell holding `n` units.
fn cell_fill(n: u32) -> RGBColor {
    let k = CELL_CLASSES
        .iter()
        .rposition(|(lo, _)| n >= *lo)
        .unwrap_or(0);
    CELL_FILLS[k]
}

/// Cell corner in data coordinates (log scales) and the count of points in it.
type Cell = ((f64, f64), (f64, f64), u32);

/// Counts the points in a grid of cells about [`CELL_PX`] wide on the log
/// axes `x` and `y`, for a plot of `px` pixels; returns the non-empty cells
/// in (column, row) order.
///
/// # Complexity
/// O(n + c log c) for n points and c non-empty cells.
fn bin_cells(points: &[&QuadrantPoint], x: (f64, f64), y: (f64, f64), px: (u32, u32)) -> Vec<Cell> {
    let nx = (f64::from(px.0) / CELL_PX).floor().max(1.0);
    let ny = (f64::from(px.1) / CELL_PX).floor().max(1.0);
    let (lx0, lx1) = (x.0.log10(), x.1.log10());
    let (ly0, ly1) = (y.0.log10(), y.1.log10());
    let (dx, dy) = ((lx1 - lx0) / nx, (ly1 - ly0) / ny);
    let mut counts: std::collections::BTreeMap<(i64, i64), u32> = std::collections::BTreeMap::new();
    for p in points {
        // Clamped into the grid, so the casts cannot overflow.
        let i = ((p.area_pct.clamp(x.0, x.1).log10() - lx0) / dx)
            .floor()
            .clamp(0.0, nx - 1.0) as i64;
        let j = ((p.population_pct.clamp(y.0, y.1).log10() - ly0) / dy)
            .floor()
            .clamp(0.0, ny - 1.0) as i64;
        *counts.entry((i, j)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((i, j), n)| {
            let at = |l0: f64, d: f64, k: i64| 10f64.powf(l0 + d * k as f64);
            (
                (at(lx0, dx, i), at(ly0, dy, j)),
                (at(lx0, dx, i + 1), at(ly0, dy, j + 1)),
                n,
            )
        })
        .collect()
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

    let dense = shown.len() > DENSE_POINTS;
    let mut items = Vec::new();
    if !data.mandatory_regions.is_empty() {
        items.push(LegendItem::new(
            s.mandatory_region,
            Mark::Shade(ChartStatus::Mandatory.color(), 0.12),
        ));
    }
    let count_of = |status: ChartStatus| shown.iter().filter(|p| p.status == status).count();
    if dense {
        for (k, (lo, hi)) in CELL_CLASSES.iter().enumerate() {
            let range = match hi {
                Some(hi) if hi == lo => fmt_int(i64::from(*lo), lang),
                Some(hi) => format!(
                    "{}–{}",
                    fmt_int(i64::from(*lo), lang),
                    fmt_int(i64::from(*hi), lang)
                ),
                None => format!("{}+", fmt_int(i64::from(*lo), lang)),
            };
            items.push(LegendItem::new(
                fill(s.cell_units, &range),
                Mark::Box(CELL_FILLS[k]),
            ));
        }
    } else {
        for status in ChartStatus::DRAW_ORDER.iter().rev() {
            let n = count_of(*status);
            if n > 0 {
                items.push(LegendItem::new(
                    format!("{} ({})", status.label(s), fmt_int(n as i64, lang)),
                    Mark::Dot(status.color()),
                ));
            }
        }
    }
    // Footnotes: units without data; in the dense view, the counts by status
    // (the cells do not show them).
    let mut foot_lines: Vec<String> = Vec::new();
    if dense {
        let parts: Vec<String> = ChartStatus::DRAW_ORDER
            .iter()
            .rev()
            .filter(|st| count_of(**st) > 0)
            .map(|st| format!("{}: {}", st.label(s), fmt_int(count_of(*st) as i64, lang)))
            .collect();
        foot_lines.push(parts.join(" · "));
    }
    if hidden > 0 {
        foot_lines.push(fill(s.units_without_data, &fmt_int(hidden as i64, lang)));
    }
    let (w, h) = body.dim_in_pixel();
    let legend_h = legend::height(&body, &items, i32::try_from(w).unwrap_or(0) - 100);
    let foot_h = 22 * u32::try_from(foot_lines.len()).unwrap_or(0);
    let (plot, rest) = body.split_vertically(h.saturating_sub(legend_h + foot_h));
    let (legend_area, foot) = rest.split_vertically(legend_h);
    legend::draw(&legend_area.margin(0, 0, 90, 10), &items, CHART)?;
    for (i, line) in foot_lines.iter().enumerate() {
        foot.draw(&Text::new(
            line.clone(),
            (i32::try_from(w).unwrap_or(0) - 10, 4 + 22 * i as i32),
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
    let zone_colour = ChartStatus::Mandatory.color();
    if !zone.is_empty() {
        chart
            .draw_series(std::iter::once(Polygon::new(
                zone.clone(),
                zone_colour.mix(0.12).filled(),
            )))
            .map_err(err)?;
    }
    // The cells cover the shade, so that their colours stay those of the
    // legend; the zone's outline goes on top.
    if dense {
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let cells = bin_cells(&shown, (x_lo, x_hi), (y_lo, y_hi), (pw, ph));
        chart
            .draw_series(cells.into_iter().map(|((x0, y0), (x1, y1), n)| {
                Rectangle::new([(x0, y0), (x1, y1)], cell_fill(n).filled())
            }))
            .map_err(err)?;
    }
    if !zone.is_empty() {
        let mut outline = zone;
        outline.push(outline[0]);
        chart
            .draw_series(std::iter::once(PathElement::new(
                outline,
                zone_colour.mix(0.5).stroke_width(if dense { 2 } else { 1 }),
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
    let statuses: &[ChartStatus] = if dense { &[] } else { &ChartStatus::DRAW_ORDER };
    for &status in statuses {
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
    fn guides_are_the_criteria_of_the_phase_and_level() {
        let rules = RuleSet::builtin("nq35-2023").unwrap();
        let q = QuadrantData::new(
            "",
            Vec::new(),
            &rules,
            Phase::Phase2023To2025,
            Level::Commune,
        );
        let labels = |g: &[Guide]| {
            g.iter()
                .map(|g| format!("{} {}", g.pct, g.label))
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(&q.area_guides), ["20 M3", "70 M1"]);
        assert_eq!(labels(&q.population_guides), ["70 M1", "300 M3"]);
        assert_eq!(q.mandatory_regions, vec![(70.0, 70.0), (20.0, 300.0)]);
        let d = QuadrantData::new(
            "",
            Vec::new(),
            &rules,
            Phase::Phase2026To2030,
            Level::District,
        );
        assert_eq!(labels(&d.area_guides), ["30 M5", "100 M4"]);
        assert_eq!(labels(&d.population_guides), ["100 M4", "200 M5"]);
        let r = RuleSet::builtin("nq653-2019").unwrap();
        let o = QuadrantData::new("", Vec::new(), &r, Phase::Round2019To2021, Level::Commune);
        assert_eq!(o.mandatory_regions.len(), 1);
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
