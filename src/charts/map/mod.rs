//! The province map: units coloured by merge group, unchanged units grey,
//! exempt units hatched, district boundaries drawn thick, and the proposed
//! names of the new units at their groups' centroids.

mod geometry;

use std::collections::{BTreeMap, BTreeSet};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use geometry::{Projection, bbox, centroid, chain, greedy_colours, hatch, ring_area, segments};

use super::legend::{self, LegendItem, Mark};
use super::palette::{BACKGROUND, INK, MAP_FILLS, anchored, bold, frame, no_data, text};
use super::{ChartError, ChartStrings, ensure_fonts};
use crate::geo::ring::{Pt, degrees};
use crate::geo::{Feature, LonLat, ProvinceGeometry};
use crate::lang::{Lang, fmt_int};
use crate::model::UnitCode;

const CHART: &str = "map";
const UNCHANGED: RGBColor = RGBColor(226, 226, 226);
const EXEMPT_INK: RGBColor = RGBColor(90, 60, 150);
const GROUP_LINE: RGBColor = RGBColor(70, 70, 70);
const DISTRICT_LINE: RGBColor = RGBColor(20, 20, 20);
const MAP_W: u32 = 1000;

/// One merge group on the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapGroup {
    /// The proposed name of the new unit, written at the group's centroid.
    pub name: String,
    /// Member codes: commune codes, or district codes (then every commune of
    /// the district belongs to the group).
    pub members: Vec<UnitCode>,
}

/// Input of the map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapData {
    /// Context under the title.
    pub subtitle: String,
    /// The merge groups; their colours are chosen so that touching groups differ.
    pub groups: Vec<MapGroup>,
    /// Exempt units (commune or district codes), hatched.
    pub exempt: Vec<UnitCode>,
}

/// Pixel size of the map: 1000 px wide, height from the province's shape.
pub(crate) fn map_size(g: &ProvinceGeometry) -> (u32, u32) {
    let aspect = bbox(g).map(Projection::aspect).unwrap_or(1.0);
    let plot_h = (f64::from(MAP_W - 40) / aspect).clamp(500.0, 1300.0);
    // Title, legend and margins.
    (MAP_W, plot_h.round() as u32 + 190)
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

/// Projects a ring to integer pixels, dropping repeated points.
fn ring_px(proj: &Projection, ring: &[LonLat]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(ring.len());
    for p in ring {
        let q = px(proj.apply(*p));
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
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
/// O(V log V) for V vertices, plus O(L · E) for the hatching of exempt units.
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
    let body = frame(&area, CHART, s.map_title, &data.subtitle)?;
    let items = vec![
        LegendItem::new(s.map_group, Mark::Box(MAP_FILLS[0])),
        LegendItem::new(s.map_unchanged, Mark::Box(UNCHANGED)),
        LegendItem::new(s.map_exempt, Mark::Hatch(EXEMPT_INK)),
        LegendItem::new(s.map_district_boundary, Mark::Line(DISTRICT_LINE, 3)),
    ];
    let (w, h) = body.dim_in_pixel();
    let lh = legend::height(&body, &items, i32::try_from(w).unwrap_or(0) - 20);
    let (plot, legend_area) = body.split_vertically(h.saturating_sub(lh + 10));
    legend::draw(&legend_area.margin(6, 0, 10, 10), &items, CHART)?;
    let plot = plot.margin(4, 4, 10, 10);
    let Some(b) = bbox(geometry) else {
        no_data(&plot, CHART, s.no_data)?;
        return area.present().map_err(err);
    };
    let (pw, ph) = plot.dim_in_pixel();
    let proj = Projection::fit(b, f64::from(pw), f64::from(ph));

    // Which group and exemption each feature has.
    let mut group_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (gi, g) in data.groups.iter().enumerate() {
        for m in &g.members {
            group_of.entry(m.as_str()).or_insert(gi);
        }
    }
    let exempt: BTreeMap<&str, ()> = data.exempt.iter().map(|c| (c.as_str(), ())).collect();
    let feats = &geometry.features;
    let fgroup: Vec<Option<usize>> = feats
        .iter()
        .map(|f| lookup(&group_of, f).copied())
        .collect();

    // Shared edges → touching groups, group and district boundaries.
    let segs = segments(geometry);
    let mut touching: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut group_lines: Vec<(Pt, Pt)> = Vec::new();
    let mut district_lines: Vec<(Pt, Pt)> = Vec::new();
    for (seg, owners) in &segs {
        let groups: BTreeSet<Option<usize>> = owners.iter().map(|i| fgroup[*i]).collect();
        let districts: BTreeSet<&str> = owners
            .iter()
            .map(|i| feats[*i].district_code.as_str())
            .collect();
        let gs: Vec<usize> = groups.iter().flatten().copied().collect();
        for (k, a) in gs.iter().enumerate() {
            for b2 in &gs[k + 1..] {
                touching.insert((*a, *b2));
            }
        }
        if owners.len() == 1 || districts.len() > 1 {
            district_lines.push(*seg);
        } else if groups.len() > 1 || (owners.len() == 1 && groups.iter().any(Option::is_some)) {
            group_lines.push(*seg);
        }
    }
    let colours = greedy_colours(data.groups.len(), &touching, MAP_FILLS.len());

    // Fills, largest polygon first.
    let mut polys: Vec<(f64, usize, usize)> = Vec::new();
    for (fi, f) in feats.iter().enumerate() {
        for (pi, rings) in f.polygons.iter().enumerate() {
            let ext: Vec<(f64, f64)> = rings[0].iter().map(|p| proj.apply(*p)).collect();
            polys.push((ring_area(&ext), fi, pi));
        }
    }
    polys.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, fi, pi) in &polys {
        let f = &feats[*fi];
        let fill_c = fgroup[*fi].map_or(UNCHANGED, |g| MAP_FILLS[colours[g]]);
        for (k, ring) in f.polygons[*pi].iter().enumerate() {
            let c = if k == 0 { fill_c } else { BACKGROUND };
            plot.draw(&Polygon::new(ring_px(&proj, ring), c.filled()))
                .map_err(err)?;
        }
        if lookup(&exempt, f).is_some() {
            let rings: Vec<Vec<(f64, f64)>> = f.polygons[*pi]
                .iter()
                .map(|r| r.iter().map(|p| proj.apply(*p)).collect())
                .collect();
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
    for f in feats {
        for ring in f.polygons.iter().flatten() {
            plot.draw(&PathElement::new(
                ring_px(&proj, ring),
                WHITE.stroke_width(1),
            ))
            .map_err(err)?;
        }
    }
    let to_px = |k: Pt| px(proj.apply(degrees(k)));
    for (lines, colour, width) in [
        (&group_lines, GROUP_LINE, 1),
        (&district_lines, DISTRICT_LINE, 2),
    ] {
        for line in chain(lines) {
            let mut pts: Vec<(i32, i32)> = line.into_iter().map(to_px).collect();
            pts.dedup();
            thick_path(&plot, &pts, colour, width)?;
        }
    }
    // Exempt units: a coloured outline on top of the boundaries.
    for f in feats.iter().filter(|f| lookup(&exempt, f).is_some()) {
        for ring in f.polygons.iter().flatten() {
            thick_path(&plot, &ring_px(&proj, ring), EXEMPT_INK, 2)?;
        }
    }
    draw_labels(&plot, &proj, geometry, data, &fgroup)?;
    draw_scale_bar(&plot, &proj, lang)?;
    area.present().map_err(err)
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

/// Writes each group's proposed name at the centroid of its members, on a
/// translucent white box.
fn draw_labels<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    proj: &Projection,
    geometry: &ProvinceGeometry,
    data: &MapData,
    fgroup: &[Option<usize>],
) -> Result<(), ChartError> {
    let err = |e| ChartError::draw(CHART, e);
    let style = bold(13.0, INK);
    let (w, h) = plot.dim_in_pixel();
    let bounds = (
        0,
        0,
        i32::try_from(w).unwrap_or(i32::MAX),
        i32::try_from(h).unwrap_or(i32::MAX),
    );
    let mut placed: Vec<LabelBox> = Vec::new();
    for (gi, g) in data.groups.iter().enumerate() {
        let polys: Vec<Vec<Vec<(f64, f64)>>> = geometry
            .features
            .iter()
            .zip(fgroup)
            .filter(|(_, fg)| **fg == Some(gi))
            .flat_map(|(f, _)| f.polygons.iter())
            .map(|rings| {
                rings
                    .iter()
                    .map(|r| r.iter().map(|p| proj.apply(*p)).collect())
                    .collect()
            })
            .collect();
        let Some(c) = centroid(&polys) else { continue };
        let (tw, th) = plot.estimate_text_size(&g.name, &style).map_err(err)?;
        let half = (
            i32::try_from(tw / 2).unwrap_or(0) + 4,
            i32::try_from(th / 2).unwrap_or(0) + 3,
        );
        let b = place_label(px(c), half, &placed, bounds);
        placed.push(b);
        plot.draw(&Rectangle::new(
            [(b.x - b.hw, b.y - b.hh), (b.x + b.hw, b.y + b.hh)],
            WHITE.mix(0.75).filled(),
        ))
        .map_err(err)?;
        plot.draw(&Text::new(
            g.name.clone(),
            (b.x, b.y),
            anchored(style.clone(), HPos::Center, VPos::Center),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// A label's box: centre and half sizes, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LabelBox {
    x: i32,
    y: i32,
    hw: i32,
    hh: i32,
}

impl LabelBox {
    /// Area in px² shared with `o` (boxes 2 px apart count as touching).
    fn overlap(&self, o: &LabelBox) -> i64 {
        let dx = (self.hw + o.hw + 2) - (self.x - o.x).abs();
        let dy = (self.hh + o.hh + 2) - (self.y - o.y).abs();
        if dx > 0 && dy > 0 {
            i64::from(dx) * i64::from(dy)
        } else {
            0
        }
    }
}

/// Where a label of half size `half` goes: at its group's centroid `at` if
/// it clears the labels already `placed`, otherwise at the nearest of a few
/// positions around it (one label height up or down, half a label left or
/// right, then twice that) that clears them and stays inside `bounds`;
/// failing all, the position of least overlap. Deterministic, O(k · p) for
/// k candidate positions and p placed labels.
fn place_label(
    at: (i32, i32),
    half: (i32, i32),
    placed: &[LabelBox],
    bounds: (i32, i32, i32, i32),
) -> LabelBox {
    const STEPS: [(i32, i32); 13] = [
        (0, 0),
        (0, -1),
        (0, 1),
        (-1, 0),
        (1, 0),
        (-1, -1),
        (1, -1),
        (-1, 1),
        (1, 1),
        (0, -2),
        (0, 2),
        (-2, 0),
        (2, 0),
    ];
    let (hw, hh) = half;
    let step = (hw + 2, 2 * hh + 2);
    let mut best: Option<(i64, LabelBox)> = None;
    for (sx, sy) in STEPS {
        let b = LabelBox {
            x: at.0 + sx * step.0,
            y: at.1 + sy * step.1,
            hw,
            hh,
        };
        let inside = b.x - hw >= bounds.0
            && b.y - hh >= bounds.1
            && b.x + hw <= bounds.2
            && b.y + hh <= bounds.3;
        if !inside && (sx, sy) != (0, 0) {
            continue;
        }
        let cost: i64 = placed.iter().map(|p| b.overlap(p)).sum();
        if cost == 0 {
            return b;
        }
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, b));
        }
    }
    best.map_or(
        LabelBox {
            x: at.0,
            y: at.1,
            hw,
            hh,
        },
        |(_, b)| b,
    )
}

/// A scale bar of a round length (1, 2, 5, 10, 20 or 50 km) near 1/6 of the
/// map width, bottom left.
fn draw_scale_bar<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    proj: &Projection,
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
    plot.draw(&Rectangle::new(
        [(x0, y0 - 4), (x0 + len, y0)],
        INK.filled(),
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
mod label_tests {
    use super::*;

    #[test]
    fn a_free_label_stays_at_its_centroid() {
        let b = place_label((100, 100), (30, 8), &[], (0, 0, 500, 500));
        assert_eq!((b.x, b.y), (100, 100));
    }

    #[test]
    fn a_label_moves_off_one_already_placed_and_stays_inside() {
        let first = place_label((100, 100), (30, 8), &[], (0, 0, 500, 500));
        let second = place_label((105, 102), (30, 8), &[first], (0, 0, 500, 500));
        assert_eq!(second.overlap(&first), 0);
        assert!(second.y != 102 || second.x != 105);
        // Near the top edge it goes down, not out of the picture.
        let top = place_label((100, 8), (30, 8), &[], (0, 0, 500, 500));
        let below = place_label((100, 9), (30, 8), &[top], (0, 0, 500, 500));
        assert_eq!(below.overlap(&top), 0);
        assert!(below.y - below.hh >= 0);
    }

    #[test]
    fn with_no_free_spot_the_least_overlap_wins() {
        // A wall of labels around the centroid: the result is still a position.
        let mut placed = Vec::new();
        for dx in -3..=3 {
            for dy in -3..=3 {
                placed.push(LabelBox {
                    x: 100 + dx * 34,
                    y: 100 + dy * 18,
                    hw: 30,
                    hh: 8,
                });
            }
        }
        let b = place_label((100, 100), (30, 8), &placed, (0, 0, 500, 500));
        let cost = |b: &LabelBox| placed.iter().map(|p| b.overlap(p)).sum::<i64>();
        let at_centre = LabelBox {
            x: 100,
            y: 100,
            hw: 30,
            hh: 8,
        };
        assert!(cost(&b) <= cost(&at_centre));
    }
}
