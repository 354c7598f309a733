//! Filling the charts' inputs from a plan.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::phasemap::geometry_at;
use super::{OutputOptions, OwnedChart};
use crate::assess::Status;
use crate::charts::fill;
use crate::charts::{
    ChartError, ChartStatus, ChartStrings, DistrictCounts, MapData, MapDistrictMerge, MapGroup,
    MergesPerYear, QuadrantData, QuadrantPoint, StaffSurplus, SurplusYear, UnitsPerDistrict,
    YearMerges,
};
use crate::geo::ProvinceGeometry;
use crate::lang::Lang;
use crate::model::{Level, Phase, UnitCode};
use crate::pipeline::PlanResult;
use crate::rules::RuleSet;
use crate::staffing::StaffingReport;

fn chart_status(s: Status) -> Option<ChartStatus> {
    match s {
        Status::Mandatory => Some(ChartStatus::Mandatory),
        Status::Exempt => Some(ChartStatus::Exempt),
        Status::BelowStandard => Some(ChartStatus::BelowStandard),
        Status::MeetsStandard => Some(ChartStatus::MeetsStandard),
        Status::Unknown => None,
    }
}

fn level_word(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::District => lang.pick("cấp huyện", "district level"),
        _ => lang.pick("cấp xã", "commune level"),
    }
}

/// Where each district's territory ends up: district code → the code of
/// the district holding it after every district merge of the plan (itself
/// when it is never merged), following the merges phase by phase.
///
/// # Complexity
/// O(g · k) for g district merges of k members (chains are at most one per phase).
fn final_districts(result: &PlanResult) -> BTreeMap<UnitCode, UnitCode> {
    let mut to: BTreeMap<UnitCode, UnitCode> = BTreeMap::new();
    // Groups are in phase order, so a later merge re-points earlier ones.
    for g in result.groups.iter().filter(|g| g.level == Level::District) {
        for m in &g.members {
            to.insert(m.unit.code.clone(), g.new_unit.code.clone());
        }
        for v in to.values_mut() {
            if g.members.iter().any(|m| &m.unit.code == v) {
                *v = g.new_unit.code.clone();
            }
        }
    }
    to
}

/// A phase as written in the reports: `2023–2025`.
fn phase_label(phase: Phase) -> String {
    let (a, b) = phase.years();
    format!("{a}–{b}")
}

/// One chart of the report: `(file stem, caption, data)`.
type Drawn<'g> = (String, String, OwnedChart<'g>);

/// What every chart is filled from.
struct Sources<'a, 'g> {
    result: &'a PlanResult,
    rules: &'a RuleSet,
    /// District → the district holding its territory after the plan.
    finals: BTreeMap<UnitCode, UnitCode>,
    years: &'a BTreeMap<String, u16>,
    staff: &'a StaffingReport,
    opts: &'a OutputOptions<'g>,
    /// The phases assessed, in order.
    phases: Vec<Phase>,
}

impl Sources<'_, '_> {
    fn lang(&self) -> Lang {
        self.opts.lang
    }

    /// The name of a province or district (the code when unknown).
    fn name(&self, c: &UnitCode) -> String {
        self.result
            .names
            .get(c)
            .cloned()
            .unwrap_or_else(|| c.to_string())
    }

    /// Whether the report covers one province (rows are its districts)
    /// rather than the country (rows are provinces).
    fn single(&self) -> bool {
        self.opts.single_province
    }

    /// The row a parent of commune-level units counts in: the province
    /// (national view) or the district holding its territory after the plan.
    fn row_of(&self, parent: &UnitCode) -> UnitCode {
        if self.single() {
            self.finals.get(parent).unwrap_or(parent).clone()
        } else {
            self.result
                .parent_province
                .get(parent)
                .unwrap_or(parent)
                .clone()
        }
    }

    /// The name of a row: the province, or the district after the plan
    /// (a merged district's proposed name).
    fn row_name(&self, code: &UnitCode) -> String {
        self.result
            .groups
            .iter()
            .rev()
            .find(|g| g.level == Level::District && &g.new_unit.code == code)
            .map_or_else(|| self.name(code), |g| g.proposed_name.clone())
    }

    /// The districts merged into the row `code`, other than itself, by name.
    fn row_note(&self, code: &UnitCode) -> Option<String> {
        if !self.single() {
            return None;
        }
        let others: Vec<String> = self
            .finals
            .iter()
            .filter(|(from, to)| *to == code && *from != code)
            .map(|(from, _)| self.name(from))
            .collect();
        (!others.is_empty()).then(|| {
            fill(
                ChartStrings::for_lang(self.lang()).joined_by,
                &others.join(", "),
            )
        })
    }
}

/// Every chart of the report, in order: the quadrants (per phase and
/// level), units per district, merges per year, the staff surplus, the map.
pub(super) fn chart_data<'g>(
    result: &PlanResult,
    rules: &RuleSet,
    years: &BTreeMap<String, u16>,
    staff: &StaffingReport,
    opts: &OutputOptions<'g>,
) -> Result<Vec<Drawn<'g>>, ChartError> {
    let mut phases: Vec<Phase> = result.assessments.iter().map(|a| a.phase).collect();
    phases.sort();
    phases.dedup();
    let src = Sources {
        result,
        rules,
        finals: final_districts(result),
        years,
        staff,
        opts,
        phases,
    };
    let mut out = quadrants(&src);
    out.extend(units_per_district(&src));
    out.extend(merges_per_year(&src));
    out.extend(surplus(&src));
    out.extend(maps(&src));
    Ok(out)
}

/// Chart 1: Quadrant charts, per phase and level, with the criteria of that
/// phase and level only.
fn quadrants<'g>(src: &Sources<'_, 'g>) -> Vec<Drawn<'g>> {
    let lang = src.lang();
    let s = ChartStrings::for_lang(lang);
    let mut out = Vec::new();
    for &phase in &src.phases {
        for level in [Level::Commune, Level::District] {
            let points: Vec<QuadrantPoint> = src
                .result
                .assessments
                .iter()
                .filter(|a| a.phase == phase && a.level == level)
                .filter_map(|a| {
                    Some(QuadrantPoint {
                        code: a.code.clone(),
                        name: String::new(),
                        area_pct: 100.0 * a.area_ratio?,
                        population_pct: 100.0 * a.population_ratio?,
                        status: chart_status(a.status)?,
                    })
                })
                .collect();
            if points.is_empty() {
                continue;
            }
            let subtitle = format!(
                "{} · {} · {} {}",
                src.opts.area_label,
                level_word(level, lang),
                lang.pick("giai đoạn", "phase"),
                phase_label(phase)
            );
            let stem = format!(
                "quadrant-{}-{}",
                if level == Level::District {
                    "huyen"
                } else {
                    "xa"
                },
                phase
            );
            let title = format!(
                "{} ({}, {})",
                s.quadrant_title,
                level_word(level, lang),
                phase_label(phase)
            );
            out.push((
                stem,
                title,
                OwnedChart::Quadrant(QuadrantData::new(subtitle, points, src.rules, phase, level)),
            ));
        }
    }
    out
}

/// Chart 2: Commune-level units per district (one province) or per province
/// (the country) before the arrangement and after each phase. A district
/// merged with others is one row (its territory), named as after the plan.
fn units_per_district<'g>(src: &Sources<'_, 'g>) -> Option<Drawn<'g>> {
    let s = ChartStrings::for_lang(src.lang());
    let mut rows: BTreeMap<UnitCode, (u32, u32, Option<u32>)> = BTreeMap::new();
    let first = src.phases.first().copied();
    for ((phase, level, parent), (before, after)) in &src.result.counts {
        if *level != Level::Commune {
            continue;
        }
        let e = rows.entry(src.row_of(parent)).or_insert((0, 0, None));
        let (before, after) = (count(*before), count(*after));
        if Some(*phase) == first {
            e.0 += before;
            e.1 += after;
        } else {
            *e.2.get_or_insert(0) += after;
        }
    }
    if rows.is_empty() {
        return None;
    }
    let district_rows: Vec<DistrictCounts> = rows
        .iter()
        .map(|(code, (b, a1, a2))| DistrictCounts {
            name: src.row_name(code),
            before: *b,
            after_p1: *a1,
            after_p2: *a2,
            note: src.row_note(code),
        })
        .collect();
    let by = if src.single() {
        s.per_district
    } else {
        s.per_province
    };
    Some((
        "units-per-district".into(),
        s.districts_title.into(),
        OwnedChart::Districts(UnitsPerDistrict {
            subtitle: format!("{} · {by}", src.opts.area_label),
            rows: district_rows,
        }),
    ))
}

/// A count of units as drawn (counts are far below `u32::MAX`).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Chart 3: Commune-level units removed per year (members − 1 of each commune
/// merge taking effect that year), stacked by district (one province) or
/// province (the country).
fn merges_per_year<'g>(src: &Sources<'_, 'g>) -> Option<Drawn<'g>> {
    let s = ChartStrings::for_lang(src.lang());
    let mut per_year: BTreeMap<u16, BTreeMap<String, u32>> = BTreeMap::new();
    for g in src
        .result
        .groups
        .iter()
        .filter(|g| g.level == Level::Commune)
    {
        let Some(&y) = src.years.get(&g.group_id) else {
            continue;
        };
        let key = if src.single() {
            src.row_name(&src.row_of(&g.parent_code))
        } else {
            src.name(&g.province_code)
        };
        *per_year.entry(y).or_default().entry(key).or_insert(0) +=
            count(g.members.len().saturating_sub(1));
    }
    if per_year.is_empty() {
        return None;
    }
    let by = if src.single() {
        s.per_district
    } else {
        s.per_province
    };
    Some((
        "merges-per-year".into(),
        s.merges_title.into(),
        OwnedChart::Years(MergesPerYear {
            subtitle: format!("{} · {by}", src.opts.area_label),
            by_province: !src.single(),
            years: per_year
                .into_iter()
                .map(|(year, by)| YearMerges {
                    year,
                    by_district: by.into_iter().collect(),
                })
                .collect(),
        }),
    ))
}

/// Chart 4: Staff surplus by year (all provinces covered).
fn surplus<'g>(src: &Sources<'_, 'g>) -> Option<Drawn<'g>> {
    let years: Vec<SurplusYear> = src
        .staff
        .totals
        .iter()
        .filter(|t| t.province.is_none())
        .map(|t| SurplusYear {
            year: t.year,
            cadres: t.remaining_cadres,
            parttime: t.remaining_part_time,
        })
        .collect();
    if !years.iter().any(|s| s.cadres > 0 || s.parttime > 0) {
        return None;
    }
    Some((
        "staff-surplus".into(),
        ChartStrings::for_lang(src.lang()).surplus_title.into(),
        OwnedChart::Surplus(StaffSurplus {
            subtitle: src.opts.area_label.clone(),
            years,
        }),
    ))
}

/// Chart 5: One map per phase: the province as the phase starts (earlier merges
/// dissolved), the phase's commune merges coloured by the year they take
/// effect, its exempt units hatched, its district merges drawn.
fn maps<'g>(src: &Sources<'_, 'g>) -> Vec<Drawn<'g>> {
    let s = ChartStrings::for_lang(src.lang());
    phase_maps(src)
        .into_iter()
        .map(|(phase, data, g)| {
            let label = phase_label(phase);
            (
                format!("map-{phase}"),
                format!("{} {label}", s.map_title_phase),
                OwnedChart::Map(Box::new(data), g),
            )
        })
        .collect()
}

/// The map of each phase: its data and the geometry as the phase starts.
fn phase_maps<'g>(src: &Sources<'_, 'g>) -> Vec<(Phase, MapData, Cow<'g, ProvinceGeometry>)> {
    let Some(geometry) = src.opts.geometry else {
        return Vec::new();
    };
    let lang = src.lang();
    let s = ChartStrings::for_lang(lang);
    let mut out = Vec::new();
    for &phase in &src.phases {
        let in_phase = |level: Level| {
            src.result
                .groups
                .iter()
                .filter(move |g| g.phase == phase && g.level == level)
        };
        let years = phase_years(src, phase);
        let groups: Vec<MapGroup> = in_phase(Level::Commune)
            .map(|g| MapGroup {
                name: g.proposed_name.clone(),
                members: g.member_codes(),
                class: src
                    .years
                    .get(&g.group_id)
                    .and_then(|y| years.iter().position(|x| x == y))
                    .unwrap_or(0),
                district: src.name(&g.parent_code),
            })
            .collect();
        let exempt: Vec<UnitCode> = src
            .result
            .assessments
            .iter()
            .filter(|a| a.phase == phase && a.level == Level::Commune && a.status == Status::Exempt)
            .map(|a| a.code.clone())
            .collect();
        let district_merges: Vec<MapDistrictMerge> = in_phase(Level::District)
            .map(|g| MapDistrictMerge {
                name: g.proposed_name.clone(),
                members: g
                    .members
                    .iter()
                    .map(|m| (m.unit.code.clone(), m.unit.name.clone()))
                    .collect(),
            })
            .collect();
        let first = src.phases.first() == Some(&phase);
        let g = if first {
            Cow::Borrowed(geometry)
        } else {
            Cow::Owned(geometry_at(geometry, src.result, phase))
        };
        out.push((
            phase,
            MapData {
                phase: phase_label(phase),
                subtitle: src.opts.area_label.clone(),
                groups,
                classes: years
                    .iter()
                    .map(|y| fill(s.map_year_class, &y.to_string()))
                    .collect(),
                exempt,
                district_merges,
            },
            g,
        ));
    }
    out
}

/// The years the commune merges of `phase` take effect, in order.
fn phase_years(src: &Sources<'_, '_>, phase: Phase) -> Vec<u16> {
    let mut years: Vec<u16> = src
        .result
        .groups
        .iter()
        .filter(|g| g.phase == phase && g.level == Level::Commune)
        .filter_map(|g| src.years.get(&g.group_id).copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// Coordinates of the interactive map: 1/10,000 degree (about 11 m).
const WEB_SCALE: f64 = 10_000.0;

/// Rings as the interactive map's script decodes them: each ring
/// `[x0, y0, dx1, dy1, …]` in 1/[`WEB_SCALE`] degree, unclosed, repeated
/// points dropped.
fn web_rings(polys: &[crate::geo::Rings]) -> Vec<Vec<Vec<i64>>> {
    polys
        .iter()
        .map(|rings| {
            rings
                .iter()
                .filter_map(|ring| {
                    let mut out = Vec::new();
                    let (mut px, mut py) = (i64::MIN, i64::MIN);
                    let (mut lx, mut ly) = (0, 0);
                    let n = ring.len().saturating_sub(1).max(1);
                    for &(lon, lat) in ring.iter().take(n) {
                        // Degrees (|x| ≤ 180) times 10^4 fit an i64 exactly.
                        #[allow(clippy::cast_possible_truncation)]
                        let (x, y) = (
                            (lon * WEB_SCALE).round() as i64,
                            (lat * WEB_SCALE).round() as i64,
                        );
                        if (x, y) == (px, py) {
                            continue;
                        }
                        out.push(x - lx);
                        out.push(y - ly);
                        (lx, ly, px, py) = (x, y, x, y);
                    }
                    (out.len() >= 6).then_some(out)
                })
                .collect::<Vec<_>>()
        })
        .filter(|p: &Vec<Vec<i64>>| !p.is_empty())
        .collect()
}

/// The data of the interactive map of `report.html` (one province): every
/// commune of the dataset's map with its name, kind, district, area,
/// population and, per phase, the unit it is part of, its % of the
/// standards, status and merge group; the commune merges of every phase
/// with their year, fill (as on the static map) and outline. JSON, read by
/// `assets/webmap/reorg-map.js`. `None` without a geometry.
///
/// # Complexity
/// O(E log E) in the polygon edges (the group outlines), O(n log n + m · k)
/// otherwise.
pub(super) fn web_map(
    ds: &crate::model::Dataset,
    result: &PlanResult,
    rules: &RuleSet,
    years: &BTreeMap<String, u16>,
    staff: &StaffingReport,
    opts: &OutputOptions<'_>,
) -> Option<String> {
    use serde_json::{Value, json};
    let geometry = opts.geometry?;
    let mut phases: Vec<Phase> = result.assessments.iter().map(|a| a.phase).collect();
    phases.sort();
    phases.dedup();
    let src = Sources {
        result,
        rules,
        finals: final_districts(result),
        years,
        staff,
        opts,
        phases,
    };
    let lang = src.lang();
    let s = ChartStrings::for_lang(lang);
    let by_code: BTreeMap<&str, &crate::geo::Feature> = geometry
        .features
        .iter()
        .map(|f| (f.code.as_str(), f))
        .collect();

    // Groups of every phase, with the static map's fills.
    let mut groups: Vec<Value> = Vec::new();
    let mut outlines: Vec<Value> = Vec::new();
    // (phase index, commune-level unit of that phase) → group index.
    let mut group_of: BTreeMap<(usize, UnitCode), usize> = BTreeMap::new();
    let mut phase_list = Vec::new();
    for (pi, (phase, data, g)) in phase_maps(&src).into_iter().enumerate() {
        let fills = crate::charts::group_fills(&g, &data);
        let units = super::phasemap::units_at(geometry, result, phase);
        let origins: BTreeMap<&UnitCode, &Vec<UnitCode>> =
            units.iter().map(|u| (&u.code, &u.origins)).collect();
        for (grp, fill_colour) in result
            .groups
            .iter()
            .filter(|x| x.phase == phase && x.level == Level::Commune)
            .zip(fills)
        {
            let idx = groups.len();
            let mut members: Vec<&UnitCode> = Vec::new();
            for m in &grp.members {
                group_of.insert((pi, m.unit.code.clone()), idx);
                match origins.get(&m.unit.code) {
                    Some(o) => members.extend(o.iter()),
                    None => members.push(&m.unit.code),
                }
            }
            let outline = crate::geo::dissolve(
                members
                    .iter()
                    .filter_map(|c| by_code.get(c.as_str()))
                    .flat_map(|f| f.polygons.iter()),
            );
            let rings: Vec<crate::geo::Rings> = outline
                .polygons
                .iter()
                .map(super::phasemap::rings_of)
                .collect();
            outlines.push(json!(web_rings(&rings)));
            let plotters::style::RGBColor(r, gr, b) = fill_colour;
            groups.push(json!({
                "n": grp.proposed_name,
                "ph": pi,
                "y": years.get(&grp.group_id).copied().unwrap_or(0),
                "f": format!("#{r:02x}{gr:02x}{b:02x}"),
                "m": members.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            }));
        }
        phase_list.push((phase, units));
    }

    // Assessments of each phase's commune-level units.
    let assess: BTreeMap<(Phase, &UnitCode), &crate::assess::Assessment> = result
        .assessments
        .iter()
        .filter(|a| a.level == Level::Commune)
        .map(|a| ((a.phase, &a.code), a))
        .collect();
    let pct = |r: Option<f64>| {
        r.map_or_else(
            || "–".to_string(),
            |r| crate::lang::fmt_pct(100.0 * r, 0, lang),
        )
    };
    let mut units = serde_json::Map::new();
    let mut features = Vec::new();
    for f in &geometry.features {
        let code = UnitCode::from(f.code.as_str());
        let unit = ds.get(f.code.as_str());
        let mut per_phase = Vec::new();
        for (pi, (phase, live)) in phase_list.iter().enumerate() {
            let holder = live
                .iter()
                .find(|u| u.origins.contains(&code))
                .map_or(&code, |u| &u.code);
            let a = assess.get(&(*phase, holder));
            let status = a
                .and_then(|a| chart_status(a.status))
                .map_or("–", |st| st.label(s));
            per_phase.push(json!({
                "u": if holder == &code { Value::Null } else {
                    Value::String(live.iter().find(|u| &u.code == holder).map_or_else(String::new, |u| u.name.clone()))
                },
                "ap": pct(a.and_then(|a| a.area_ratio)),
                "pp": pct(a.and_then(|a| a.population_ratio)),
                "s": status,
                "x": a.is_some_and(|a| a.status == Status::Exempt),
                "g": group_of.get(&(pi, holder.clone())).map_or(-1, |&g| i64::try_from(g).unwrap_or(-1)),
            }));
        }
        units.insert(
            f.code.clone(),
            json!({
                "n": f.name,
                "k": unit.map_or("", |u| u.kind.label_vi()),
                "d": src.name(&UnitCode::from(f.district_code.as_str())),
                "a": unit.and_then(|u| u.area_km2).map_or_else(|| "–".into(), |a| crate::lang::fmt_dec(a, 2, lang)),
                "p": unit.and_then(|u| u.population).map_or_else(|| "–".into(), |p| crate::lang::fmt_int(i64::try_from(p).unwrap_or(i64::MAX), lang)),
                "ph": per_phase,
            }),
        );
        features.push(json!({ "c": f.code, "g": web_rings(&f.polygons) }));
    }
    let phases_json: Vec<Value> = phase_list
        .iter()
        .enumerate()
        .map(|(pi, (p, _))| {
            let mut ys: Vec<u64> = groups
                .iter()
                .filter(|g| g["ph"] == json!(pi))
                .filter_map(|g| g["y"].as_u64())
                .collect();
            ys.sort_unstable();
            ys.dedup();
            json!({ "label": phase_label(*p), "years": ys })
        })
        .collect();
    let data = json!({
        "compact": { "scale": WEB_SCALE, "features": features, "outlines": outlines },
        "units": units,
        "groups": groups,
        "phases": phases_json,
        "strings": crate::report::Strings::for_lang(lang).map_ui,
    });
    serde_json::to_string(&data).ok()
}
