//! Bar charts: units per district before and after each phase, merges per
//! year stacked by district, staff surplus per year.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use super::legend::{self, LegendItem, Mark};
use super::palette::{INK, LIGHT, MUTED, anchored, categorical, frame, mix, no_data, text};
use super::{ChartError, ChartStrings, ensure_fonts, fill};
use crate::lang::{Lang, fmt_int};

/// Units of one district (or province, for district-level counts) before
/// and after each phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictCounts {
    /// The parent unit's name.
    pub name: String,
    /// Units before the arrangement.
    pub before: u32,
    /// Units after phase 1 (2023–2025).
    pub after_p1: u32,
    /// Units after phase 2 (2026–2030), if it was planned.
    pub after_p2: Option<u32>,
    /// A second, smaller line under the name (e.g. the districts merged
    /// into this one).
    #[serde(default)]
    pub note: Option<String>,
}

/// Input of the units-per-district chart: commune-level units per
/// district (a province's report) or per province (the national report).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitsPerDistrict {
    /// Context under the title.
    pub subtitle: String,
    /// One row per parent unit, drawn top to bottom in this order. Up to
    /// [`DOT_ROWS`] rows are drawn as grouped bars, more as one line of
    /// dots per row (before → after), so that 63 provinces fit a page.
    pub rows: Vec<DistrictCounts>,
}

/// Above this many rows the units-per-district chart draws dots on a line
/// per row instead of grouped bars.
pub const DOT_ROWS: usize = 20;

/// Units merged away in one year, per district.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearMerges {
    /// The calendar year the merges take effect.
    pub year: u16,
    /// (district name, units removed) pairs.
    pub by_district: Vec<(String, u32)>,
}

/// Input of the merges-per-year chart: commune-level units removed by the
/// merges taking effect each year (members − 1 per merge), stacked by
/// district or province.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergesPerYear {
    /// Context under the title.
    pub subtitle: String,
    /// Whether the stacks are provinces (national view) rather than districts.
    #[serde(default)]
    pub by_province: bool,
    /// One entry per year (sorted when drawn; missing years in between are drawn empty).
    pub years: Vec<YearMerges>,
}

/// The most series a stacked chart colours one by one; the rest are drawn
/// together as "other" (so no two series share a colour).
pub const TOP_SERIES: usize = 9;

/// The series of a stacked chart as drawn: the [`TOP_SERIES`] largest
/// totals (ties by name), then `None` for all the others together if there
/// are more. Returns `(series, members of "other")`.
///
/// # Complexity
/// O(s log s) for s series.
pub fn top_series(totals: &BTreeMap<String, u32>) -> (Vec<String>, Vec<String>) {
    let mut all: Vec<(&String, u32)> = totals
        .iter()
        .filter(|(_, v)| **v > 0)
        .map(|(k, v)| (k, *v))
        .collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // Exactly one more series than fits: draw it rather than an "other" of one.
    let keep = if all.len() <= TOP_SERIES + 1 {
        all.len()
    } else {
        TOP_SERIES
    };
    let top = all[..keep].iter().map(|(k, _)| (*k).clone()).collect();
    let rest = all[keep..].iter().map(|(k, _)| (*k).clone()).collect();
    (top, rest)
}

/// Staff surplus in one year (Nghị định 33/2023/NĐ-CP quotas).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurplusYear {
    /// The calendar year.
    pub year: u16,
    /// Commune-level cadres and civil servants above the quota.
    pub cadres: u32,
    /// Part-time workers above the quota.
    pub parttime: u32,
}

/// Input of the staff-surplus chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffSurplus {
    /// Context under the title.
    pub subtitle: String,
    /// One entry per year.
    pub years: Vec<SurplusYear>,
}

const ROW_H: u32 = 18;
/// The colour of the "other" series of a stacked chart.
const OTHER: RGBColor = RGBColor(199, 199, 199);
/// Width of a count column of the dot style, in pixels.
const COUNT_COL: i32 = 48;
/// Row height of the dot style.
const DOT_ROW_H: u32 = 22;

/// Pixel size of the units-per-district chart: its height grows with the
/// number of rows so that names and bars never overlap.
pub(crate) fn district_counts_size(d: &UnitsPerDistrict) -> (u32, u32) {
    let rows = u32::try_from(d.rows.len()).unwrap_or(u32::MAX / 64).max(1);
    if d.rows.len() > DOT_ROWS {
        return (1000, 250 + rows * DOT_ROW_H);
    }
    let series = if d.rows.iter().any(|r| r.after_p2.is_some()) {
        3
    } else {
        2
    };
    (1000, 230 + rows * (series * ROW_H + 14))
}

fn rows_f(n: usize) -> f64 {
    // Category counts are small; exact in f64.
    n as f64
}

/// The values of a row in series order (before, after phase 1, after phase 2).
fn row_values(row: &DistrictCounts) -> [Option<u32>; 3] {
    [Some(row.before), Some(row.after_p1), row.after_p2]
}

/// Draws commune-level units per parent unit: up to [`DOT_ROWS`] rows as
/// horizontal grouped bars (before, after phase 1, after phase 2) with the
/// counts at the bar ends; more rows as one line per row with a dot per
/// series and the counts written at the right ("106 → 78 → 70").
///
/// # Complexity
/// O(n) in the number of rows.
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn draw_district_counts<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    data: &UnitsPerDistrict,
    lang: Lang,
) -> Result<(), ChartError> {
    const CHART: &str = "units_per_district";
    ensure_fonts()?;
    let s = ChartStrings::for_lang(lang);
    let err = |e| ChartError::draw(CHART, e);
    let body = frame(&area, CHART, s.districts_title, &data.subtitle)?;
    let with_p2 = data.rows.iter().any(|r| r.after_p2.is_some());
    let dots = data.rows.len() > DOT_ROWS;
    let mark = |c| if dots { Mark::Dot(c) } else { Mark::Box(c) };
    let mut items = vec![
        LegendItem::new(s.before, mark(categorical(0))),
        LegendItem::new(s.after_p1, mark(categorical(1))),
    ];
    if with_p2 {
        items.push(LegendItem::new(s.after_p2, mark(categorical(2))));
    }
    let [plot, legend_area] = split_legend(&body, &items)?;
    if data.rows.is_empty() {
        no_data(&plot, CHART, s.no_data)?;
        return area.present().map_err(err);
    }
    let name_w = data
        .rows
        .iter()
        .flat_map(|r| {
            let name = area.estimate_text_size(&r.name, &text(15.0, INK)).ok();
            let note = r
                .note
                .as_ref()
                .and_then(|n| area.estimate_text_size(n, &text(12.0, MUTED)).ok());
            name.into_iter().chain(note)
        })
        .map(|(w, _)| w)
        .max()
        .unwrap_or(100)
        + 20;
    let max = data
        .rows
        .iter()
        .map(|r| r.before.max(r.after_p1).max(r.after_p2.unwrap_or(0)))
        .max()
        .unwrap_or(1)
        .max(1);
    let series = if with_p2 { 3 } else { 2 };
    // The dot style writes the counts in a column at the right.
    let counts_w = if dots {
        COUNT_COL as u32 * series + 10
    } else {
        0
    };
    let x_max = (f64::from(max) * if dots { 1.04 } else { 1.12 }).ceil() as i32 + 1;
    let n = data.rows.len();
    let mut chart = ChartBuilder::on(&plot)
        .margin(10)
        .margin_right(30 + counts_w)
        .x_label_area_size(48)
        .y_label_area_size(name_w)
        .build_cartesian_2d(0..x_max, 0.0..rows_f(n))
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_desc(s.units_axis)
        .x_label_formatter(&|v| fmt_int(i64::from(*v), lang))
        .axis_desc_style(text(17.0, INK))
        .label_style(text(14.0, INK))
        .light_line_style(WHITE)
        .bold_line_style(LIGHT)
        .draw()
        .map_err(err)?;
    let band = 0.8 / f64::from(series);
    for (i, row) in data.rows.iter().enumerate() {
        let top = rows_f(n - i);
        let centre = top - 0.5;
        let (name_dy, note_dy) = match (&row.note, dots) {
            (Some(_), false) => (-8, 10),
            _ => (0, 0),
        };
        chart
            .draw_series(std::iter::once(
                EmptyElement::at((0, centre))
                    + Text::new(
                        row.name.clone(),
                        (-10, name_dy),
                        anchored(
                            text(if dots { 14.0 } else { 15.0 }, INK),
                            HPos::Right,
                            VPos::Center,
                        ),
                    ),
            ))
            .map_err(err)?;
        if let (Some(note), false) = (&row.note, dots) {
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((0, centre))
                        + Text::new(
                            note.clone(),
                            (-10, note_dy),
                            anchored(text(12.0, MUTED), HPos::Right, VPos::Center),
                        ),
                ))
                .map_err(err)?;
        }
        if dots {
            draw_dot_row(&mut chart, row, centre, series).map_err(err)?;
            // Counts, one right-aligned column per series in its colour.
            for (k, v) in row_values(row).iter().enumerate().take(series as usize) {
                let Some(v) = v else { continue };
                let colour = mix(categorical(k), INK, 0.45);
                chart
                    .draw_series(std::iter::once(
                        EmptyElement::at((x_max, centre))
                            + Text::new(
                                fmt_int(i64::from(*v), lang),
                                (COUNT_COL * (k as i32 + 1), 0),
                                anchored(text(13.0, colour), HPos::Right, VPos::Center),
                            ),
                    ))
                    .map_err(err)?;
            }
            continue;
        }
        for (k, v) in row_values(row).iter().enumerate().take(series as usize) {
            let Some(v) = v else { continue };
            let y1 = top - 0.1 - band * k as f64;
            let y0 = y1 - band;
            let v = i32::try_from(*v).unwrap_or(i32::MAX);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0, y0), (v, y1)],
                    categorical(k).filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((v, (y0 + y1) / 2.0))
                        + Text::new(
                            fmt_int(i64::from(v), lang),
                            (5, 0),
                            anchored(text(13.0, INK), HPos::Left, VPos::Center),
                        ),
                ))
                .map_err(err)?;
        }
    }
    legend::draw(&legend_area, &items, CHART)?;
    area.present().map_err(err)
}

type RowChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordi32, plotters::coord::types::RangedCoordf64>,
>;

/// One row of the dot style: a grey line from the smallest to the largest
/// count, a dot per series. The counts themselves are written by the
/// caller, in a column at the right of the plot.
fn draw_dot_row<DB: DrawingBackend>(
    chart: &mut RowChart<'_, DB>,
    row: &DistrictCounts,
    y: f64,
    series: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let vals: Vec<(usize, i32)> = row_values(row)
        .iter()
        .take(series as usize)
        .enumerate()
        .filter_map(|(k, v)| v.map(|v| (k, i32::try_from(v).unwrap_or(i32::MAX))))
        .collect();
    let lo = vals.iter().map(|(_, v)| *v).min().unwrap_or(0);
    let hi = vals.iter().map(|(_, v)| *v).max().unwrap_or(0);
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(lo, y), (hi, y)],
        LIGHT.stroke_width(3),
    )))?;
    // Later series on top: the result is what the eye should find first.
    chart.draw_series(
        vals.iter()
            .map(|(k, v)| Circle::new((*v, y), 5, categorical(*k).filled())),
    )?;
    Ok(())
}

/// Splits a chart body into the plot and a legend band below it.
fn split_legend<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
) -> Result<[DrawingArea<DB, Shift>; 2], ChartError> {
    let (w, h) = body.dim_in_pixel();
    let lh = legend::height(body, items, i32::try_from(w).unwrap_or(0) - 100);
    let (plot, legend_area) = body.split_vertically(h.saturating_sub(lh));
    Ok([plot, legend_area.margin(0, 0, 90, 10)])
}

/// Draws units merged away per year as vertical bars stacked by district,
/// with the year's total on top.
///
/// # Complexity
/// O(y · d) for y years and d districts.
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn draw_merges_per_year<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    data: &MergesPerYear,
    lang: Lang,
) -> Result<(), ChartError> {
    const CHART: &str = "merges_per_year";
    ensure_fonts()?;
    let s = ChartStrings::for_lang(lang);
    let err = |e| ChartError::draw(CHART, e);
    let body = frame(&area, CHART, s.merges_title, &data.subtitle)?;
    // Series: the largest totals first, then by name (deterministic); past
    // TOP_SERIES, the rest together as "other" in grey.
    let mut totals: BTreeMap<String, u32> = BTreeMap::new();
    for y in &data.years {
        for (d, v) in &y.by_district {
            *totals.entry(d.clone()).or_default() += v;
        }
    }
    let (top, rest) = top_series(&totals);
    let series_of = |name: &str| top.iter().position(|t| t == name).unwrap_or(top.len());
    let mut items: Vec<LegendItem> = top
        .iter()
        .enumerate()
        .map(|(i, d)| LegendItem::new(d.clone(), Mark::Box(categorical(i))))
        .collect();
    if !rest.is_empty() {
        let label = if data.by_province {
            s.other_provinces
        } else {
            s.other_districts
        };
        items.push(LegendItem::new(
            fill(label, &fmt_int(rest.len() as i64, lang)),
            Mark::Box(OTHER),
        ));
    }
    let colour = |i: usize| if i < top.len() { categorical(i) } else { OTHER };
    let [plot, legend_area] = split_legend(&body, &items)?;
    let Some((first, last)) = year_span(data.years.iter().map(|y| y.year)) else {
        no_data(&plot, CHART, s.no_data)?;
        return area.present().map_err(err);
    };
    // Per year, per drawn series (index into `top`, `top.len()` = other).
    let mut per_year: BTreeMap<u16, BTreeMap<usize, u32>> = BTreeMap::new();
    for y in &data.years {
        let e = per_year.entry(y.year).or_default();
        for (d, v) in &y.by_district {
            *e.entry(series_of(d)).or_default() += v;
        }
    }
    let max = per_year
        .values()
        .map(|m| m.values().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut chart = year_chart(&plot, first, last, max, s.merges_axis, s.year_axis, lang)?;
    for year in first..=last {
        let x = f64::from(year);
        year_label(&mut chart, x, year).map_err(err)?;
        let Some(m) = per_year.get(&year) else {
            continue;
        };
        let mut base = 0i32;
        for (&i, &v) in m {
            let v = i32::try_from(v).unwrap_or(i32::MAX);
            if v == 0 {
                continue;
            }
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.35, base), (x + 0.35, base + v)],
                    colour(i).filled(),
                )))
                .map_err(err)?;
            base += v;
        }
        value_label(&mut chart, x, base, lang).map_err(err)?;
    }
    legend::draw(&legend_area, &items, CHART)?;
    area.present().map_err(err)
}

/// Draws the staff surplus per year as grouped vertical bars (cadres and
/// civil servants; part-time workers) with the values on top.
///
/// # Complexity
/// O(y) in the number of years.
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn draw_surplus<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    data: &StaffSurplus,
    lang: Lang,
) -> Result<(), ChartError> {
    const CHART: &str = "staff_surplus";
    ensure_fonts()?;
    let s = ChartStrings::for_lang(lang);
    let err = |e| ChartError::draw(CHART, e);
    let body = frame(&area, CHART, s.surplus_title, &data.subtitle)?;
    let items = vec![
        LegendItem::new(s.cadres, Mark::Box(categorical(0))),
        LegendItem::new(s.parttime, Mark::Box(categorical(1))),
    ];
    let [plot, legend_area] = split_legend(&body, &items)?;
    let Some((first, last)) = year_span(data.years.iter().map(|y| y.year)) else {
        no_data(&plot, CHART, s.no_data)?;
        return area.present().map_err(err);
    };
    let mut per_year: BTreeMap<u16, (u32, u32)> = BTreeMap::new();
    for y in &data.years {
        let e = per_year.entry(y.year).or_default();
        e.0 += y.cadres;
        e.1 += y.parttime;
    }
    let max = per_year
        .values()
        .map(|(a, b)| *a.max(b))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut chart = year_chart(&plot, first, last, max, s.surplus_axis, s.year_axis, lang)?;
    for year in first..=last {
        let x = f64::from(year);
        year_label(&mut chart, x, year).map_err(err)?;
        let Some((a, b)) = per_year.get(&year) else {
            continue;
        };
        for (k, v) in [*a, *b].into_iter().enumerate() {
            let v = i32::try_from(v).unwrap_or(i32::MAX);
            let x0 = x - 0.38 + 0.38 * k as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x0, 0), (x0 + 0.36, v)],
                    categorical(k).filled(),
                )))
                .map_err(err)?;
            value_label(&mut chart, x0 + 0.18, v, lang).map_err(err)?;
        }
    }
    legend::draw(&legend_area, &items, CHART)?;
    area.present().map_err(err)
}

fn year_span(years: impl Iterator<Item = u16>) -> Option<(u16, u16)> {
    let mut span: Option<(u16, u16)> = None;
    for y in years {
        span = Some(match span {
            None => (y, y),
            Some((a, b)) => (a.min(y), b.max(y)),
        });
    }
    span
}

type YearChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordi32>,
>;

/// The axes of a per-year bar chart, with its mesh drawn (no vertical grid,
/// integer y labels in the language's format, `y_desc` and `x_desc` titles).
fn year_chart<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    first: u16,
    last: u16,
    max: u32,
    y_desc: &str,
    x_desc: &str,
    lang: Lang,
) -> Result<YearChart<'a, DB>, ChartError> {
    let y_max = (f64::from(max) * 1.15).ceil() as i32 + 1;
    // At least four year slots wide, so that one or two years do not give
    // giant bars.
    let pad = 0.6 + (4.0 - f64::from(last - first + 1)).max(0.0) / 2.0;
    let mut chart = ChartBuilder::on(plot)
        .margin(10)
        .margin_right(30)
        .x_label_area_size(56)
        .y_label_area_size(80)
        .build_cartesian_2d(f64::from(first) - pad..f64::from(last) + pad, 0..y_max)
        .map_err(|e| ChartError::draw("year chart", e))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc(y_desc)
        .x_desc(x_desc)
        .y_label_formatter(&|v| fmt_int(i64::from(*v), lang))
        .axis_desc_style(text(17.0, INK))
        .label_style(text(14.0, INK))
        .light_line_style(WHITE)
        .bold_line_style(LIGHT)
        .draw()
        .map_err(|e| ChartError::draw("year chart", e))?;
    Ok(chart)
}

fn year_label<DB: DrawingBackend>(
    chart: &mut YearChart<'_, DB>,
    x: f64,
    year: u16,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, 0))
            + Text::new(
                year.to_string(),
                (0, 8),
                anchored(text(15.0, INK), HPos::Center, VPos::Top),
            ),
    ))?;
    Ok(())
}

fn value_label<DB: DrawingBackend>(
    chart: &mut YearChart<'_, DB>,
    x: f64,
    v: i32,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart.draw_series(std::iter::once(
        EmptyElement::at((x, v))
            + Text::new(
                fmt_int(i64::from(v), lang),
                (0, -4),
                anchored(text(14.0, INK), HPos::Center, VPos::Bottom),
            ),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_span_is_min_max() {
        assert_eq!(
            year_span([2025u16, 2023, 2024].into_iter()),
            Some((2023, 2025))
        );
        assert_eq!(year_span(std::iter::empty()), None);
    }

    #[test]
    fn district_chart_grows_with_rows() {
        let row = DistrictCounts {
            name: "Huyện A".into(),
            before: 10,
            after_p1: 8,
            after_p2: None,
            note: None,
        };
        let small = UnitsPerDistrict {
            subtitle: String::new(),
            rows: vec![row.clone()],
        };
        let big = UnitsPerDistrict {
            subtitle: String::new(),
            rows: vec![row; 20],
        };
        assert!(district_counts_size(&big).1 > district_counts_size(&small).1);
    }
}
