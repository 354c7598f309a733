//! Filling the charts' inputs from a plan.

use std::collections::BTreeMap;

use super::{OutputOptions, OwnedChart};
use crate::assess::Status;
use crate::charts::{
    ChartError, ChartStatus, DistrictCounts, MapData, MapGroup, MergesPerYear, QuadrantData,
    QuadrantPoint, StaffSurplus, SurplusYear, UnitsPerDistrict, YearMerges,
};
use crate::lang::Lang;
use crate::model::{Level, Phase, UnitCode};
use crate::pipeline::PlanResult;
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

/// The province a parent (district or province) belongs to, by the group or
/// count keys: districts keep one of their original codes, so the dataset's
/// parent of that code is the province.
fn province_of_parent(result: &PlanResult, parent: &UnitCode) -> UnitCode {
    result
        .groups
        .iter()
        .find(|g| &g.parent_code == parent)
        .map(|g| g.province_code.clone())
        .or_else(|| {
            result
                .final_map
                .slot_of(parent)
                .and_then(|s| result.final_map.unit(s).parent_code.clone())
        })
        .unwrap_or_else(|| parent.clone())
}

/// One chart of the report: `(file stem, caption, data)`.
type Drawn<'g> = (String, String, OwnedChart<'g>);

/// What every chart is filled from.
struct Sources<'a, 'g> {
    result: &'a PlanResult,
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

    /// Whether the report covers one province (with its map).
    fn single(&self) -> bool {
        self.opts.geometry.is_some()
    }
}

/// Every chart of the report, in order: the quadrants (per phase and
/// level), units per district, merges per year, the staff surplus, the map.
pub(super) fn chart_data<'g>(
    result: &PlanResult,
    years: &BTreeMap<String, u16>,
    staff: &StaffingReport,
    opts: &OutputOptions<'g>,
) -> Result<Vec<Drawn<'g>>, ChartError> {
    let mut phases: Vec<Phase> = result.assessments.iter().map(|a| a.phase).collect();
    phases.sort();
    phases.dedup();
    let src = Sources {
        result,
        years,
        staff,
        opts,
        phases,
    };
    let mut out = quadrants(&src);
    out.extend(units_per_district(&src));
    out.extend(merges_per_year(&src));
    out.extend(surplus(&src));
    out.extend(map(&src));
    Ok(out)
}

/// 1. Quadrant charts, per phase and level.
fn quadrants<'g>(src: &Sources<'_, 'g>) -> Vec<Drawn<'g>> {
    let lang = src.lang();
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
                phase
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
                lang.pick(
                    "Diện tích và dân số so với tiêu chuẩn",
                    "Area and population against the standard"
                ),
                level_word(level, lang),
                phase
            );
            out.push((
                stem,
                title,
                OwnedChart::Quadrant(QuadrantData::new(subtitle, points, phase, level)),
            ));
        }
    }
    out
}

/// 2. Units per district (one province) or per province (the country).
fn units_per_district<'g>(src: &Sources<'_, 'g>) -> Option<Drawn<'g>> {
    let mut rows: BTreeMap<UnitCode, (u32, u32, Option<u32>)> = BTreeMap::new();
    let first = src.phases.first().copied();
    for ((phase, level, parent), (before, after)) in &src.result.counts {
        if *level != Level::Commune {
            continue;
        }
        let key = if src.single() {
            parent.clone()
        } else {
            province_of_parent(src.result, parent)
        };
        let e = rows.entry(key).or_insert((0, 0, None));
        if Some(*phase) == first {
            e.0 += *before as u32;
            e.1 += *after as u32;
        } else {
            *e.2.get_or_insert(0) += *after as u32;
        }
    }
    if rows.is_empty() {
        return None;
    }
    let district_rows: Vec<DistrictCounts> = rows
        .iter()
        .map(|(code, (b, a1, a2))| DistrictCounts {
            name: src.name(code),
            before: *b,
            after_p1: *a1,
            after_p2: *a2,
        })
        .collect();
    Some((
        "units-per-district".into(),
        src.lang()
            .pick(
                "Số đơn vị cấp xã trước và sau sắp xếp",
                "Commune-level units before and after",
            )
            .into(),
        OwnedChart::Districts(UnitsPerDistrict {
            subtitle: src.opts.area_label.clone(),
            rows: district_rows,
        }),
    ))
}

/// 3. Merges per year, stacked by district (province) or province (country).
fn merges_per_year<'g>(src: &Sources<'_, 'g>) -> Option<Drawn<'g>> {
    let mut per_year: BTreeMap<u16, BTreeMap<String, u32>> = BTreeMap::new();
    for g in &src.result.groups {
        let Some(&y) = src.years.get(&g.group_id) else {
            continue;
        };
        let key = if src.single() {
            match g.level {
                Level::District => src.name(&g.new_unit.code),
                _ => src.name(&g.parent_code),
            }
        } else {
            src.name(&g.province_code)
        };
        *per_year.entry(y).or_default().entry(key).or_insert(0) += 1;
    }
    if per_year.is_empty() {
        return None;
    }
    Some((
        "merges-per-year".into(),
        src.lang()
            .pick("Số cuộc sắp xếp theo năm", "Merges per year")
            .into(),
        OwnedChart::Years(MergesPerYear {
            subtitle: src.opts.area_label.clone(),
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

/// 4. Staff surplus by year (all provinces covered).
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
        src.lang()
            .pick(
                "Số cán bộ, công chức, người hoạt động không chuyên trách dôi dư theo năm",
                "Surplus staff by year",
            )
            .into(),
        OwnedChart::Surplus(StaffSurplus {
            subtitle: src.opts.area_label.clone(),
            years,
        }),
    ))
}

/// 5. The map of the province after the plan.
fn map<'g>(src: &Sources<'_, 'g>) -> Option<Drawn<'g>> {
    let geometry = src.opts.geometry?;
    let map = &src.result.final_map;
    let groups: Vec<MapGroup> = map
        .live_at(Level::Commune)
        .into_iter()
        .filter(|s| map.origin(*s).len() > 1)
        .map(|s| MapGroup {
            name: map.unit(s).short_name().to_string(),
            members: map.origin(s).to_vec(),
        })
        .collect();
    let first = src.phases.first().copied();
    let exempt: Vec<UnitCode> = src
        .result
        .assessments
        .iter()
        .filter(|a| {
            Some(a.phase) == first && a.level == Level::Commune && a.status == Status::Exempt
        })
        .map(|a| a.code.clone())
        .collect();
    Some((
        "map".into(),
        src.lang()
            .pick("Bản đồ sau sắp xếp", "Map after the arrangement")
            .into(),
        OwnedChart::Map(
            Box::new(MapData {
                subtitle: src.opts.area_label.clone(),
                groups,
                exempt,
            }),
            geometry,
        ),
    ))
}
