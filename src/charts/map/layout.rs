//! Everything decided before the map is drawn: colours, boundary lines,
//! where each label goes (and whether a dense core gets an inset), the
//! legend and the key, and so the image's size. [`Layout::new`] is used by
//! both `map_size` and `draw_map`, so the two always agree.

use std::collections::{BTreeMap, BTreeSet};

use plotters::prelude::*;

use super::geometry::{Projection, bbox, greedy_colours, ring_area, segments};
use super::labels::{LabelBox, PxPolygon, place_number, place_written, pole};
use super::view::{Rect, View};
use super::{
    BADGE_R, CLASS_FILLS, DISTRICT_LINE, EXEMPT_INK, GROUP_FILLS, GROUP_LINE, KEY_ROW, MAP_W,
    MapData, PLOT_MARGIN, UNCHANGED, label_style, lookup, text_size,
};
use crate::charts::legend::{self, LegendItem, Mark};
use crate::charts::palette::{INK, text};
use crate::charts::{ChartStrings, fill};
use crate::geo::ring::{Pt, degrees};
use crate::geo::{IntPolygon, ProvinceGeometry, dissolve};
use crate::lang::Lang;

/// Numbered labels needed before a dense core gets an inset.
const INSET_MIN: usize = 4;
/// The least enlargement worth an inset.
const INSET_ZOOM: f64 = 2.5;
/// Height of the inset's title band.
pub(super) const INSET_TITLE: u32 = 26;

/// A group's label as placed.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Label {
    /// The name written in a box.
    Written { group: usize, at: LabelBox },
    /// A number in a circle at `at`, joined by a leader to the pole when moved.
    Numbered {
        number: usize,
        at: LabelBox,
        pole: (f64, f64),
    },
}

/// How the boundary segments are drawn.
#[derive(Default)]
pub(super) struct Lines {
    /// Between two groups, or a group and another unit.
    pub group: Vec<(Pt, Pt)>,
    /// District (and province) boundaries that remain.
    pub district: Vec<(Pt, Pt)>,
    /// District boundaries a district merge of the phase removes.
    pub removed: Vec<(Pt, Pt)>,
}

/// One panel: the whole province, or the inset of its dense core.
pub(super) struct Panel {
    pub view: View,
    pub labels: Vec<Label>,
    /// On the main panel: the rectangle the inset enlarges.
    pub frame: Option<Rect>,
}

/// The decided map.
pub(super) struct Layout {
    pub size: (u32, u32),
    pub main: Option<Panel>,
    pub inset: Option<Panel>,
    pub fgroup: Vec<Option<usize>>,
    pub exempt: Vec<bool>,
    pub colours: Vec<RGBColor>,
    pub lines: Lines,
    pub legend: Vec<LegendItem>,
    pub legend_h: u32,
    /// Numbered groups in number order: (number, name).
    pub key: Vec<(usize, String)>,
    pub key_cols: u32,
    pub key_col_w: u32,
    /// Lines under the key: the district merges.
    pub notes: Vec<String>,
    /// Height of the main plot, pixels.
    pub plot_h: u32,
    /// Height of the inset band (title and panel), pixels; 0 without one.
    pub inset_h: u32,
}

/// The fill palette of a class: [`GROUP_FILLS`] when there is one class,
/// otherwise the class's shades of [`CLASS_FILLS`].
pub(super) fn palette(classes: usize, class: usize) -> &'static [RGBColor] {
    if classes <= 1 {
        &GROUP_FILLS
    } else {
        &CLASS_FILLS[class % CLASS_FILLS.len()]
    }
}

/// A group's outline in a view: its parts (largest first) in pixels.
fn parts_px(parts: &[IntPolygon], view: &View) -> Vec<PxPolygon> {
    let mut out: Vec<PxPolygon> = parts
        .iter()
        .map(|p| {
            std::iter::once(&p.exterior)
                .chain(p.holes.iter())
                .map(|r| {
                    let mut ring: Vec<(f64, f64)> =
                        r.iter().map(|q| view.apply(degrees(*q))).collect();
                    if let Some(first) = ring.first().copied() {
                        ring.push(first);
                    }
                    ring
                })
                .collect()
        })
        .collect();
    out.sort_by(|a, b| ring_area(&b[0]).total_cmp(&ring_area(&a[0])));
    out
}

/// A group to label in a view: its pole, the pole's distance to the
/// boundary, its area and its largest part, in that view's pixels.
struct LabelTarget {
    group: usize,
    pole: (f64, f64),
    depth: f64,
    area: f64,
    part: PxPolygon,
}

fn targets(
    unions: &[Vec<IntPolygon>],
    view: &View,
    only: &dyn Fn(usize) -> bool,
) -> Vec<LabelTarget> {
    let mut out = Vec::new();
    for (gi, parts) in unions.iter().enumerate() {
        if !only(gi) {
            continue;
        }
        let Some(part) = parts_px(parts, view).into_iter().next() else {
            continue;
        };
        if let Some((p, d)) = pole(&part, 0.5) {
            out.push(LabelTarget {
                group: gi,
                pole: p,
                depth: d,
                area: ring_area(&part[0]),
                part,
            });
        }
    }
    out
}

/// Places the labels of `targets` in a panel of `plot` pixels: by
/// decreasing size, the name written at the pole when it fits
/// ([`place_written`]); the others numbered from `first`, top to bottom
/// and left to right. `placed` holds boxes to keep clear (the inset frame).
/// Returns the labels and the numbered groups in number order.
///
/// # Complexity
/// O(T · k · (T + V)) for T targets of V vertices and k positions tried.
fn place(
    mut targets: Vec<LabelTarget>,
    data: &MapData,
    plot: (f64, f64),
    mut placed: Vec<LabelBox>,
    first: usize,
) -> (Vec<Label>, Vec<(usize, usize)>) {
    let style = label_style();
    targets.sort_by(|a, b| b.area.total_cmp(&a.area).then(a.group.cmp(&b.group)));
    let mut labels = Vec::new();
    let mut numbered: Vec<(usize, (f64, f64))> = Vec::new();
    for t in &targets {
        let (tw, th) = text_size(&style, &data.groups[t.group].name);
        let half = (tw / 2.0 + 4.0, th / 2.0 + 3.0);
        // Too thin to hold its own name: a number.
        let spot = (t.depth >= 4.0)
            .then(|| place_written(t.pole, half, &t.part, &placed, plot))
            .flatten();
        match spot {
            Some(b) => {
                placed.push(b);
                labels.push(Label::Written {
                    group: t.group,
                    at: b,
                });
            }
            None => numbered.push((t.group, t.pole)),
        }
    }
    numbered.sort_by(|a, b| {
        let band = |p: (f64, f64)| (p.1 / 40.0).floor() as i64;
        band(a.1)
            .cmp(&band(b.1))
            .then(a.1.0.total_cmp(&b.1.0))
            .then(a.0.cmp(&b.0))
    });
    let mut order = Vec::new();
    for (k, (gi, at)) in numbered.into_iter().enumerate() {
        let b = place_number(at, BADGE_R, &placed, plot);
        placed.push(b);
        labels.push(Label::Numbered {
            number: first + k,
            at: b,
            pole: at,
        });
        order.push((first + k, gi));
    }
    (labels, order)
}

/// The rectangle around the numbered groups' poles (with a margin), if
/// there are enough of them for an inset.
fn crowded_rect(targets: &[LabelTarget], numbered: &[(usize, usize)]) -> Option<Rect> {
    if numbered.len() < INSET_MIN {
        return None;
    }
    let groups: BTreeSet<usize> = numbered.iter().map(|(_, g)| *g).collect();
    let mut r: Option<Rect> = None;
    for t in targets.iter().filter(|t| groups.contains(&t.group)) {
        let (x, y) = t.pole;
        r = Some(match r {
            None => (x, y, x, y),
            Some(r) => (r.0.min(x), r.1.min(y), r.2.max(x), r.3.max(y)),
        });
    }
    let (x0, y0, x1, y1) = r?;
    let pad_x = ((x1 - x0) * 0.2).max(20.0);
    let pad_y = ((y1 - y0) * 0.2).max(20.0);
    Some((x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y))
}

impl Layout {
    pub(super) fn new(g: &ProvinceGeometry, data: &MapData, lang: Lang) -> Layout {
        let s = ChartStrings::for_lang(lang);
        let feats = &g.features;
        let top: u32 = if data.subtitle.is_empty() { 52 } else { 80 };
        let pw = MAP_W - 2 * (10 + PLOT_MARGIN);
        let aspect = bbox(g).map(Projection::aspect).unwrap_or(1.0);
        let ph = (f64::from(pw) / aspect).clamp(500.0, 1300.0).round() as u32;
        let plot = (f64::from(pw), f64::from(ph));
        let main_view = bbox(g).map(|b| View::main(Projection::fit(b, plot.0, plot.1), plot));

        // Which group and exemption each feature has.
        let exempt_codes: BTreeMap<&str, ()> =
            data.exempt.iter().map(|c| (c.as_str(), ())).collect();
        let fgroup = feature_groups(g, data);
        let exempt: Vec<bool> = feats
            .iter()
            .map(|f| lookup(&exempt_codes, f).is_some())
            .collect();

        let (lines, touching) = classify(g, data, &fgroup);
        let colours = colour_groups(data, &touching);

        // Labels: on the main map; a dense core gets an inset.
        let unions: Vec<Vec<IntPolygon>> = (0..data.groups.len())
            .map(|gi| {
                dissolve(
                    feats
                        .iter()
                        .zip(&fgroup)
                        .filter(|(_, fg)| **fg == Some(gi))
                        .flat_map(|(f, _)| f.polygons.iter()),
                )
                .polygons
            })
            .collect();
        let mut main = None;
        let mut inset = None;
        let mut order: Vec<(usize, usize)> = Vec::new();
        let mut inset_h = 0;
        if let Some(view) = main_view {
            let all = targets(&unions, &view, &|_| true);
            let (labels, numbered) = place(
                targets(&unions, &view, &|_| true),
                data,
                plot,
                Vec::new(),
                1,
            );
            let rect = crowded_rect(&all, &numbered);
            let iw = plot.0;
            let inset_plan = rect.and_then(|r| {
                let ih = (iw * (r.3 - r.1) / (r.2 - r.0)).clamp(320.0, 620.0);
                let v = View::inset(&view, r, (iw, ih));
                (v.zoom() >= INSET_ZOOM).then_some((r, v, ih))
            });
            match inset_plan {
                None => {
                    main = Some(Panel {
                        view,
                        labels,
                        frame: None,
                    });
                    order = numbered;
                }
                Some((r, iv, ih)) => {
                    let inside =
                        |p: (f64, f64)| p.0 >= r.0 && p.0 <= r.2 && p.1 >= r.1 && p.1 <= r.3;
                    let in_core: BTreeSet<usize> = all
                        .iter()
                        .filter(|t| inside(t.pole))
                        .map(|t| t.group)
                        .collect();
                    let frame_box = LabelBox {
                        x: (r.0 + r.2) / 2.0,
                        y: (r.1 + r.3) / 2.0,
                        hw: (r.2 - r.0) / 2.0,
                        hh: (r.3 - r.1) / 2.0,
                    };
                    let (ml, mo) = place(
                        targets(&unions, &view, &|gi| !in_core.contains(&gi)),
                        data,
                        plot,
                        vec![frame_box],
                        1,
                    );
                    let (il, io) = place(
                        targets(&unions, &iv, &|gi| in_core.contains(&gi)),
                        data,
                        iv.size,
                        Vec::new(),
                        mo.len() + 1,
                    );
                    order = mo.into_iter().chain(io).collect();
                    main = Some(Panel {
                        view,
                        labels: ml,
                        frame: Some(r),
                    });
                    inset = Some(Panel {
                        view: iv,
                        labels: il,
                        frame: None,
                    });
                    inset_h = INSET_TITLE + ih.round() as u32 + 2 * PLOT_MARGIN;
                }
            }
        }
        let mut names: BTreeMap<&str, usize> = BTreeMap::new();
        for grp in &data.groups {
            *names.entry(grp.name.as_str()).or_default() += 1;
        }
        let key: Vec<(usize, String)> = order
            .iter()
            .map(|(n, gi)| {
                let grp = &data.groups[*gi];
                let name = if names.get(grp.name.as_str()).copied().unwrap_or(0) > 1
                    && !grp.district.is_empty()
                {
                    format!("{} ({})", grp.name, grp.district)
                } else {
                    grp.name.clone()
                };
                (*n, name)
            })
            .collect();

        let legend = legend_items(
            data,
            s,
            &DrawnPanel {
                fgroup: &fgroup,
                exempt: &exempt,
                colours: &colours,
                lines: &lines,
                numbered: !key.is_empty(),
                inset: inset.is_some(),
            },
        );
        let inner_w = MAP_W - 20;
        let legend_h = legend::rows_height(&legend, i32::try_from(inner_w).unwrap_or(0) - 20);

        // The key of numbered labels, in columns, then the district merges.
        let style = text(13.0, INK);
        let key_col_w = key
            .iter()
            .map(|(n, name)| text_size(&style, &format!("{n}  {name}")).0 as u32 + 34)
            .max()
            .unwrap_or(0)
            .max(1);
        let key_cols = (inner_w / key_col_w).clamp(1, 4);
        let key_rows = u32::try_from(key.len()).unwrap_or(0).div_ceil(key_cols);
        let notes: Vec<String> = data
            .district_merges
            .iter()
            .map(|m| {
                let names: Vec<&str> = m.members.iter().map(|(_, n)| n.as_str()).collect();
                fill(s.map_district_merge, &names.join(", ")).replace("{name}", &m.name)
            })
            .collect();
        let key_h = if key.is_empty() {
            0
        } else {
            KEY_ROW + key_rows * KEY_ROW + 6
        } + u32::try_from(notes.len()).unwrap_or(0) * KEY_ROW;
        let h = top + ph + 2 * PLOT_MARGIN + inset_h + legend_h + 8 + key_h + 16;
        Layout {
            size: (MAP_W, h),
            main,
            inset,
            fgroup,
            exempt,
            colours,
            lines,
            legend,
            legend_h,
            key,
            key_cols,
            key_col_w,
            notes,
            plot_h: ph,
            inset_h,
        }
    }
}

/// The group of each feature (by its code, else its district's), first
/// listed wins.
pub(super) fn feature_groups(g: &ProvinceGeometry, data: &MapData) -> Vec<Option<usize>> {
    let mut group_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (gi, grp) in data.groups.iter().enumerate() {
        for m in &grp.members {
            group_of.entry(m.as_str()).or_insert(gi);
        }
    }
    g.features
        .iter()
        .map(|f| lookup(&group_of, f).copied())
        .collect()
}

/// Sorts the shared boundary segments into group, district and removed
/// district lines, and finds the pairs of groups of one class that touch.
///
/// # Complexity
/// O(V log V) for V vertices.
pub(super) fn classify(
    g: &ProvinceGeometry,
    data: &MapData,
    fgroup: &[Option<usize>],
) -> (Lines, BTreeSet<(usize, usize)>) {
    let feats = &g.features;
    let merged_district: BTreeMap<&str, usize> = data
        .district_merges
        .iter()
        .enumerate()
        .flat_map(|(i, m)| m.members.iter().map(move |(c, _)| (c.as_str(), i)))
        .collect();
    let mut touching: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut lines = Lines::default();
    for (seg, owners) in &segments(g) {
        let groups: BTreeSet<Option<usize>> = owners.iter().map(|i| fgroup[*i]).collect();
        let districts: BTreeSet<&str> = owners
            .iter()
            .map(|i| feats[*i].district_code.as_str())
            .collect();
        let gs: Vec<usize> = groups.iter().flatten().copied().collect();
        for (k, a) in gs.iter().enumerate() {
            for b in &gs[k + 1..] {
                if data.groups[*a].class == data.groups[*b].class {
                    touching.insert((*a, *b));
                }
            }
        }
        let merges: BTreeSet<Option<usize>> = districts
            .iter()
            .map(|d| merged_district.get(d).copied())
            .collect();
        if owners.len() == 1 {
            // The province's edge.
            lines.district.push(*seg);
        } else if districts.len() > 1 {
            if merges.len() == 1 && merges.iter().all(Option::is_some) {
                lines.removed.push(*seg);
            } else {
                lines.district.push(*seg);
            }
        } else if groups.len() > 1 {
            lines.group.push(*seg);
        }
    }
    (lines, touching)
}

/// Fills of the groups: within each class, greedy colouring over the
/// touching pairs with the class's palette.
pub(super) fn colour_groups(data: &MapData, touching: &BTreeSet<(usize, usize)>) -> Vec<RGBColor> {
    let classes = data.classes.len().max(1);
    let mut colours = vec![UNCHANGED; data.groups.len()];
    for class in 0..classes {
        let idx: Vec<usize> = (0..data.groups.len())
            .filter(|i| data.groups[*i].class.min(classes - 1) == class)
            .collect();
        let local: BTreeMap<usize, usize> = idx.iter().enumerate().map(|(k, i)| (*i, k)).collect();
        let edges: BTreeSet<(usize, usize)> = touching
            .iter()
            .filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?)))
            .collect();
        let pal = palette(classes, class);
        for (k, c) in greedy_colours(idx.len(), &edges, pal.len())
            .into_iter()
            .enumerate()
        {
            colours[idx[k]] = pal[c];
        }
    }
    colours
}

/// What the legend explains.
struct DrawnPanel<'a> {
    fgroup: &'a [Option<usize>],
    exempt: &'a [bool],
    colours: &'a [RGBColor],
    lines: &'a Lines,
    numbered: bool,
    inset: bool,
}

/// The legend: one entry per thing drawn, nothing else.
fn legend_items(data: &MapData, s: &ChartStrings, d: &DrawnPanel<'_>) -> Vec<LegendItem> {
    let DrawnPanel {
        fgroup,
        exempt,
        colours,
        lines,
        numbered,
        inset,
    } = *d;
    let classes = data.classes.len().max(1);
    let mut legend = Vec::new();
    for class in 0..classes {
        let pal = palette(classes, class);
        let used: BTreeSet<usize> = (0..data.groups.len())
            .filter(|i| data.groups[*i].class.min(classes - 1) == class)
            .filter(|i| fgroup.contains(&Some(*i)))
            .filter_map(|i| pal.iter().position(|c| *c == colours[i]))
            .collect();
        if used.is_empty() {
            continue;
        }
        let label = data.classes.get(class).map_or(s.map_group, String::as_str);
        legend.push(LegendItem::new(
            label,
            Mark::Swatches(used.iter().map(|k| pal[*k]).collect()),
        ));
    }
    if fgroup.iter().any(Option::is_none) {
        legend.push(LegendItem::new(s.map_unchanged, Mark::Box(UNCHANGED)));
    }
    if exempt.iter().any(|e| *e) {
        legend.push(LegendItem::new(s.map_exempt, Mark::Hatch(EXEMPT_INK)));
    }
    if !lines.group.is_empty() {
        legend.push(LegendItem::new(
            s.map_group_boundary,
            Mark::Line(GROUP_LINE, 1),
        ));
    }
    if !lines.district.is_empty() {
        legend.push(LegendItem::new(
            s.map_district_boundary,
            Mark::Line(DISTRICT_LINE, 3),
        ));
    }
    if !lines.removed.is_empty() {
        legend.push(LegendItem::new(
            s.map_removed_boundary,
            Mark::Dashed(DISTRICT_LINE, 2),
        ));
    }
    if inset {
        legend.push(LegendItem::new(s.map_inset_frame, Mark::Frame(INK)));
    }
    if numbered {
        legend.push(LegendItem::new(s.map_numbered, Mark::Badge));
    }
    legend
}
