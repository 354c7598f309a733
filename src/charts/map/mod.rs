//! The map of a province: units coloured by merge group (one class of
//! colours per year or phase), unchanged units grey, exempt units hatched,
//! district boundaries drawn thick (dashed where a district merge removes
//! them), and the name of each new unit inside its polygon — or, where the
//! name does not fit (dense urban cores), a number keyed to a list under
//! the map. The legend shows exactly the fills, hatches and lines drawn.

mod geometry;
mod labels;
mod layout;
mod view;

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use geometry::{chain, hatch, ring_area};
use labels::LabelBox;
use layout::{INSET_TITLE, Label, Layout, Panel};
use view::{View, clip_line};

use super::legend;
use super::palette::{BACKGROUND, INK, MUTED, anchored, bold, frame, no_data, text};
use super::{ChartError, ChartStrings, ensure_fonts};
use crate::geo::ring::{Pt, degrees};
use crate::geo::{Feature, ProvinceGeometry};
use crate::lang::{Lang, fmt_int};
use crate::model::UnitCode;

const CHART: &str = "map";
/// Fill of units no merge touches.
pub const UNCHANGED: RGBColor = RGBColor(226, 226, 226);
/// Ink of the hatching of exempt units.
pub const EXEMPT_INK: RGBColor = RGBColor(60, 60, 60);
const GROUP_LINE: RGBColor = RGBColor(70, 70, 70);
const DISTRICT_LINE: RGBColor = RGBColor(20, 20, 20);
const MAP_W: u32 = 1000;
/// Plot margin inside the body, each side.
const PLOT_MARGIN: u32 = 10;
/// Radius of a numbered label.
const BADGE_R: f64 = 8.0;
/// Height of a row of the key under the map.
const KEY_ROW: u32 = 20;

/// Fills of the groups when the map has one class of groups: light
/// qualitative colours (ColorBrewer Set3 without its purples and grey, so
/// that no group looks like the hatching of exempt units).
pub const GROUP_FILLS: [RGBColor; 8] = [
    RGBColor(141, 211, 199),
    RGBColor(255, 255, 179),
    RGBColor(251, 128, 114),
    RGBColor(128, 177, 211),
    RGBColor(253, 180, 98),
    RGBColor(179, 222, 105),
    RGBColor(252, 205, 229),
    RGBColor(204, 235, 197),
];

/// Fills when the map has several classes (e.g. one per year): four shades
/// of one hue per class (ColorBrewer Oranges, Blues, Greens, Reds, YlOrBr,
/// BuGn), so that the year reads from the hue and neighbouring groups
/// differ in shade.
pub const CLASS_FILLS: [[RGBColor; 4]; 6] = [
    [
        RGBColor(253, 208, 162),
        RGBColor(253, 174, 107),
        RGBColor(253, 141, 60),
        RGBColor(230, 110, 40),
    ],
    [
        RGBColor(198, 219, 239),
        RGBColor(158, 202, 225),
        RGBColor(107, 174, 214),
        RGBColor(66, 146, 198),
    ],
    [
        RGBColor(199, 233, 192),
        RGBColor(161, 217, 155),
        RGBColor(116, 196, 118),
        RGBColor(65, 171, 93),
    ],
    [
        RGBColor(252, 187, 161),
        RGBColor(252, 146, 114),
        RGBColor(251, 106, 74),
        RGBColor(239, 59, 44),
    ],
    [
        RGBColor(255, 247, 188),
        RGBColor(254, 227, 145),
        RGBColor(254, 196, 79),
        RGBColor(236, 170, 40),
    ],
    [
        RGBColor(204, 236, 230),
        RGBColor(153, 216, 201),
        RGBColor(102, 194, 164),
        RGBColor(44, 162, 95),
    ],
];

/// One merge group on the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapGroup {
    /// The name of the new unit with its kind (`Xã Ngọc Mỹ`), written
    /// inside the group.
    pub name: String,
    /// Member codes: feature codes, or district codes (then every commune of
    /// the district belongs to the group).
    pub members: Vec<UnitCode>,
    /// Index into [`MapData::classes`] (e.g. the year the merge takes effect).
    #[serde(default)]
    pub class: usize,
    /// Where the group lies (its district), added in the key of numbered
    /// labels when two groups share a name (`Phường 07`).
    #[serde(default)]
    pub district: String,
}

/// A district merge of the phase: the boundaries between its members are
/// drawn dashed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapDistrictMerge {
    /// The district formed, with its kind.
    pub name: String,
    /// Its members (district codes, as in the features' `district_code`),
    /// with their names.
    pub members: Vec<(UnitCode, String)>,
}

/// Input of the map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapData {
    /// The phase shown (`2023–2025`), added to the title; empty for none.
    #[serde(default)]
    pub phase: String,
    /// Context under the title.
    pub subtitle: String,
    /// The merge groups; within a class, touching groups take different fills.
    pub groups: Vec<MapGroup>,
    /// Legend label of each class of groups (`Nhập năm 2024`); empty: one
    /// class labelled as a merge group.
    #[serde(default)]
    pub classes: Vec<String>,
    /// Exempt units (feature or district codes), hatched.
    pub exempt: Vec<UnitCode>,
    /// District merges of the phase.
    #[serde(default)]
    pub district_merges: Vec<MapDistrictMerge>,
}

/// Looks a feature up by its own code, then by its district's code.
fn lookup<'m, T>(map: &'m BTreeMap<&str, T>, f: &Feature) -> Option<&'m T> {
    map.get(f.code.as_str())
        .or_else(|| map.get(f.district_code.as_str()))
}

fn px(p: (f64, f64)) -> (i32, i32) {
    // Pixel coordinates are bounded by the image size.
    (p.0.round() as i32, p.1.round() as i32)
}

/// Pixel rings without repeated points.
fn to_px(ring: &[(f64, f64)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(ring.len());
    for p in ring {
        let q = px(*p);
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

fn label_style() -> TextStyle<'static> {
    bold(13.0, INK)
}

fn text_size(style: &TextStyle<'_>, s: &str) -> (f64, f64) {
    style
        .font
        .box_size(s)
        .map_or((8.0 * s.chars().count() as f64, 14.0), |(w, h)| {
            (f64::from(w), f64::from(h))
        })
}

/// The fill of each group as [`draw_map`] paints it: one palette per class
/// (a light qualitative one when there is one class, shades of a hue per
/// class otherwise), touching groups of a class in different fills. The
/// interactive map of `report.html` uses the same colours.
///
/// # Complexity
/// O(V log V) for V vertices.
pub fn group_fills(g: &ProvinceGeometry, data: &MapData) -> Vec<RGBColor> {
    let fgroup = layout::feature_groups(g, data);
    let (_, touching) = layout::classify(g, data, &fgroup);
    layout::colour_groups(data, &touching)
}

/// Pixel size of the map: 1000 px wide, the plot's height from the
/// province's shape, plus the legend and the key of numbered labels.
pub(crate) fn map_size(g: &ProvinceGeometry, data: &MapData, lang: Lang) -> (u32, u32) {
    Layout::new(g, data, lang).size
}

/// Draws the map of a province's units, coloured by merge group.
///
/// Equirectangular projection with cos(latitude) scaling at the centre of
/// the bounding box. Polygons are filled largest first, so enclaves (holes
/// filled by another unit) end up on top; holes are cleared to the
/// background before. Boundaries between groups and between districts are
/// found from the edges shared by neighbouring polygons.
///
/// # Complexity
/// O(V log V) for V vertices, plus O(L · E) for the hatching of exempt
/// units and the label search (see `place_labels`).
///
/// # Errors
/// [`ChartError::Draw`] on backend failure.
pub fn draw_map<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    geometry: &ProvinceGeometry,
    data: &MapData,
    lang: Lang,
) -> Result<(), ChartError> {
    ensure_fonts()?;
    let s = ChartStrings::for_lang(lang);
    let err = |e| ChartError::draw(CHART, e);
    let lay = Layout::new(geometry, data, lang);
    let title = if data.phase.is_empty() {
        s.map_title.to_string()
    } else {
        format!("{} {}", s.map_title_phase, data.phase)
    };
    let body = frame(&area, CHART, &title, &data.subtitle)?;
    let (_, h) = body.dim_in_pixel();
    let (plot, rest) = body.split_vertically((lay.plot_h + 2 * PLOT_MARGIN).min(h));
    let plot = plot.margin(PLOT_MARGIN, PLOT_MARGIN, PLOT_MARGIN, PLOT_MARGIN);
    let (inset_band, rest) = rest.split_vertically(lay.inset_h);
    let (legend_area, key_area) = rest.split_vertically(lay.legend_h + 8);
    legend::draw(&legend_area.margin(8, 0, 10, 10), &lay.legend, CHART)?;
    draw_key(&key_area.margin(0, 0, 10, 10), &lay, s)?;
    let Some(main) = &lay.main else {
        no_data(&plot, CHART, s.no_data)?;
        return area.present().map_err(err);
    };
    draw_panel(&plot, geometry, &lay, main, data)?;
    draw_scale_bar(&plot, &main.view, lang)?;
    if let Some(r) = main.frame {
        plot.draw(&Rectangle::new(
            [px((r.0, r.1)), px((r.2, r.3))],
            INK.stroke_width(1),
        ))
        .map_err(err)?;
    }
    if let Some(inset) = &lay.inset {
        let band = inset_band.margin(PLOT_MARGIN, 0, PLOT_MARGIN, PLOT_MARGIN);
        band.draw(&Text::new(
            s.map_inset_title.to_string(),
            (0, 4),
            anchored(bold(15.0, INK), HPos::Left, VPos::Top),
        ))
        .map_err(err)?;
        let (_, bh) = band.dim_in_pixel();
        let (_, panel) = band.split_vertically(INSET_TITLE.min(bh));
        draw_panel(&panel, geometry, &lay, inset, data)?;
        let (w, ph) = panel.dim_in_pixel();
        panel
            .draw(&Rectangle::new(
                [
                    (0, 0),
                    (
                        i32::try_from(w).unwrap_or(0) - 1,
                        i32::try_from(ph).unwrap_or(0) - 1,
                    ),
                ],
                INK.stroke_width(1),
            ))
            .map_err(err)?;
        draw_scale_bar(&panel, &inset.view, lang)?;
    }
    area.present().map_err(err)
}

/// Draws one panel: fills (largest polygon first, so that enclaves end up
/// on top; holes cleared to the background), hatching of exempt units,
/// unit outlines, group and district boundaries, then the labels. Every
/// ring and line is clipped to the panel.
fn draw_panel<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    geometry: &ProvinceGeometry,
    lay: &Layout,
    panel: &Panel,
    data: &MapData,
) -> Result<(), ChartError> {
    let err = |e| ChartError::draw(CHART, e);
    let view = &panel.view;
    let feats = &geometry.features;
    let mut polys: Vec<(f64, usize, usize)> = Vec::new();
    for (fi, f) in feats.iter().enumerate() {
        for (pi, rings) in f.polygons.iter().enumerate() {
            let ext = view.ring(&rings[0]);
            if !ext.is_empty() {
                polys.push((ring_area(&ext), fi, pi));
            }
        }
    }
    polys.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, fi, pi) in &polys {
        let f = &feats[*fi];
        let fill_c = lay.fgroup[*fi].map_or(UNCHANGED, |g| lay.colours[g]);
        let rings: Vec<Vec<(f64, f64)>> = f.polygons[*pi].iter().map(|r| view.ring(r)).collect();
        for (k, ring) in rings.iter().enumerate() {
            if ring.is_empty() {
                continue;
            }
            let c = if k == 0 { fill_c } else { BACKGROUND };
            plot.draw(&Polygon::new(to_px(ring), c.filled()))
                .map_err(err)?;
        }
        if lay.exempt[*fi] {
            let rings: Vec<Vec<(f64, f64)>> = rings.into_iter().filter(|r| !r.is_empty()).collect();
            for (a, b2) in hatch(&rings, 7.0) {
                plot.draw(&PathElement::new(
                    vec![px(a), px(b2)],
                    EXEMPT_INK.stroke_width(1),
                ))
                .map_err(err)?;
            }
        }
    }
    // Unit outlines (thin, white), then group and district boundaries.
    let clip = (0.0, 0.0, view.size.0, view.size.1);
    for f in feats {
        for ring in f.polygons.iter().flatten() {
            let pts: Vec<(f64, f64)> = ring.iter().map(|p| view.apply(*p)).collect();
            for piece in clip_line(&pts, clip) {
                plot.draw(&PathElement::new(to_px(&piece), WHITE.stroke_width(1)))
                    .map_err(err)?;
            }
        }
    }
    let to_view = |k: Pt| view.apply(degrees(k));
    for (lines, colour, width, dashed) in [
        (&lay.lines.group, GROUP_LINE, 1, false),
        (&lay.lines.removed, DISTRICT_LINE, 2, true),
        (&lay.lines.district, DISTRICT_LINE, 2, false),
    ] {
        for line in chain(lines) {
            let pts: Vec<(f64, f64)> = line.into_iter().map(to_view).collect();
            for piece in clip_line(&pts, clip) {
                let pts = to_px(&piece);
                if dashed {
                    for dash in dashes(&pts, 7.0, 5.0) {
                        thick_path(plot, &dash, colour, width)?;
                    }
                } else {
                    thick_path(plot, &pts, colour, width)?;
                }
            }
        }
    }
    draw_labels(plot, &panel.labels, data)
}

/// Splits a polyline into dashes `on` pixels long with `off` pixels gaps.
fn dashes(pts: &[(i32, i32)], on: f64, off: f64) -> Vec<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let mut pos = 0.0; // position inside the current on+off period
    for w in pts.windows(2) {
        let (a, b) = (
            (f64::from(w[0].0), f64::from(w[0].1)),
            (f64::from(w[1].0), f64::from(w[1].1)),
        );
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0;
        while t < len {
            let at = |u: f64| (a.0 + (b.0 - a.0) * u / len, a.1 + (b.1 - a.1) * u / len);
            if pos < on {
                let step = (on - pos).min(len - t);
                if cur.is_empty() {
                    cur.push(at(t));
                }
                t += step;
                pos += step;
                cur.push(at(t));
                if pos >= on {
                    out.push(std::mem::take(&mut cur));
                }
            } else {
                let step = (on + off - pos).min(len - t);
                t += step;
                pos += step;
                if pos >= on + off {
                    pos = 0.0;
                }
            }
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out.into_iter()
        .map(|d| d.into_iter().map(px).collect())
        .collect()
}

/// Draws a polyline `width` pixels wide (1 or 2) as 1-pixel lines offset by
/// one pixel. plotters' bitmap backend turns a wide polyline into one
/// polygon that, on long meandering boundaries, fills stray slivers across
/// the map; 1-pixel lines are drawn segment by segment and are safe.
fn thick_path<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    pts: &[(i32, i32)],
    colour: RGBColor,
    width: u32,
) -> Result<(), ChartError> {
    if pts.len() < 2 {
        return Ok(());
    }
    let offsets: &[(i32, i32)] = if width > 1 {
        &[(0, 0), (1, 0), (0, 1)]
    } else {
        &[(0, 0)]
    };
    for (dx, dy) in offsets {
        let shifted: Vec<(i32, i32)> = pts.iter().map(|(x, y)| (x + dx, y + dy)).collect();
        plot.draw(&PathElement::new(shifted, colour.stroke_width(1)))
            .map_err(|e| ChartError::draw(CHART, e))?;
    }
    Ok(())
}

/// Draws the written names (on translucent white boxes) and the numbered
/// circles (with a leader line when moved off their pole).
fn draw_labels<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    labels: &[Label],
    data: &MapData,
) -> Result<(), ChartError> {
    let err = |e| ChartError::draw(CHART, e);
    let corner = |b: &LabelBox| [px((b.x - b.hw, b.y - b.hh)), px((b.x + b.hw, b.y + b.hh))];
    for label in labels {
        match label {
            Label::Written { group, at } => {
                plot.draw(&Rectangle::new(corner(at), WHITE.mix(0.75).filled()))
                    .map_err(err)?;
                plot.draw(&Text::new(
                    data.groups[*group].name.clone(),
                    px((at.x, at.y)),
                    anchored(label_style(), HPos::Center, VPos::Center),
                ))
                .map_err(err)?;
            }
            Label::Numbered { number, at, pole } => {
                if (at.x, at.y) != *pole {
                    plot.draw(&PathElement::new(
                        vec![px(*pole), px((at.x, at.y))],
                        INK.stroke_width(1),
                    ))
                    .map_err(err)?;
                }
                let c = px((at.x, at.y));
                let r = BADGE_R as i32;
                plot.draw(&Circle::new(c, r, WHITE.filled())).map_err(err)?;
                plot.draw(&Circle::new(c, r, INK.stroke_width(1)))
                    .map_err(err)?;
                plot.draw(&Text::new(
                    number.to_string(),
                    c,
                    anchored(bold(10.0, INK), HPos::Center, VPos::Center),
                ))
                .map_err(err)?;
            }
        }
    }
    Ok(())
}

/// The key of the numbered labels, in columns, and the district merges.
fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lay: &Layout,
    s: &ChartStrings,
) -> Result<(), ChartError> {
    let err = |e| ChartError::draw(CHART, e);
    let row = i32::try_from(KEY_ROW).unwrap_or(20);
    let mut y = 0;
    if !lay.key.is_empty() {
        area.draw(&Text::new(
            s.map_key_title.to_string(),
            (0, y),
            anchored(bold(14.0, INK), HPos::Left, VPos::Top),
        ))
        .map_err(err)?;
        y += row;
        let rows = lay.key.len().div_ceil(lay.key_cols as usize);
        for (i, (n, name)) in lay.key.iter().enumerate() {
            // Column-major: read down the first column, then the next.
            let (col, r) = (i / rows.max(1), i % rows.max(1));
            let x = i32::try_from(col as u32 * lay.key_col_w).unwrap_or(0);
            let yy = y + i32::try_from(r).unwrap_or(0) * row;
            area.draw(&Text::new(
                n.to_string(),
                (x + 18, yy),
                anchored(bold(13.0, INK), HPos::Right, VPos::Top),
            ))
            .map_err(err)?;
            area.draw(&Text::new(
                name.clone(),
                (x + 26, yy),
                anchored(text(13.0, INK), HPos::Left, VPos::Top),
            ))
            .map_err(err)?;
        }
        y += i32::try_from(rows).unwrap_or(0) * row + 6;
    }
    for note in &lay.notes {
        area.draw(&Text::new(
            note.clone(),
            (0, y),
            anchored(text(13.0, MUTED), HPos::Left, VPos::Top),
        ))
        .map_err(err)?;
        y += row;
    }
    Ok(())
}

/// A scale bar of a round length (1, 2, 5, 10, 20 or 50 km) near 1/6 of the
/// map width, bottom left.
fn draw_scale_bar<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    proj: &View,
    lang: Lang,
) -> Result<(), ChartError> {
    let err = |e| ChartError::draw(CHART, e);
    let (w, h) = plot.dim_in_pixel();
    let target = f64::from(w) / 6.0 / proj.px_per_km();
    let km = [1u32, 2, 5, 10, 20, 50, 100]
        .into_iter()
        .rev()
        .find(|k| f64::from(*k) <= target)
        .unwrap_or(1);
    let len = (f64::from(km) * proj.px_per_km()).round() as i32;
    let (x0, y0) = (10, i32::try_from(h).unwrap_or(0) - 14);
    plot.draw(&PathElement::new(
        vec![(x0, y0), (x0 + len, y0)],
        INK.stroke_width(3),
    ))
    .map_err(err)?;
    plot.draw(&Text::new(
        format!("{} km", fmt_int(i64::from(km), lang)),
        (x0 + len + 8, y0 - 2),
        anchored(text(15.0, INK), HPos::Left, VPos::Center),
    ))
    .map_err(err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::layout::palette;
    use super::*;

    #[test]
    fn dashes_alternate_on_and_off() {
        let d = dashes(&[(0, 0), (30, 0)], 7.0, 5.0);
        // 0–7, 12–19, 24–30.
        assert_eq!(d.len(), 3);
        assert_eq!(d[0], vec![(0, 0), (7, 0)]);
        assert_eq!(d[1], vec![(12, 0), (19, 0)]);
        assert_eq!(d[2].first(), Some(&(24, 0)));
    }

    #[test]
    fn one_class_uses_the_qualitative_fills_several_use_hues() {
        assert_eq!(palette(1, 0), &GROUP_FILLS[..]);
        assert_eq!(palette(2, 1), &CLASS_FILLS[1][..]);
        // No class shares a fill with another, nor with the unchanged grey.
        let mut all: Vec<RGBColor> = GROUP_FILLS.to_vec();
        all.extend(CLASS_FILLS.iter().flatten());
        all.push(UNCHANGED);
        for i in 0..all.len() {
            for j in i + 1..all.len() {
                assert_ne!(all[i], all[j], "{i} {j}");
            }
        }
    }
}
