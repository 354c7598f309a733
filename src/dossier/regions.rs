//! The dossier of a 2025 regionalization (`reorg regionalize --report`):
//! the regions of two or more units become merges of the 2025 round, named
//! as the CSV and the map name them, judged against the standard the rule
//! set gives each new unit; the draft follows the 2025 wording.

use std::collections::BTreeSet;

use super::build::{Assembly, StatusInput, assemble};
use super::model::{Category, Dossier, MemberEntry, MergeEntry, Wording};
use crate::assess::assess_unit;
use crate::lang::{Lang, fmt_dec, fmt_int};
use crate::model::{Dataset, Level, Phase, UnitCode};
use crate::regionalize::{DatasetProblem, Plan, RuleStandard, ordered_regions};

/// What [`from_regions`] reads.
pub struct RegionInputs<'a> {
    /// The dataset.
    pub ds: &'a Dataset,
    /// The regionalization problem built from it.
    pub dp: &'a DatasetProblem,
    /// The solved plan.
    pub plan: &'a Plan,
    /// The rule set's standards (NQ 76/2025), or `None` for fixed thresholds.
    pub rules: Option<&'a RuleStandard>,
    /// Language of the workbook.
    pub lang: Lang,
    /// The area covered (`Tỉnh Vĩnh Phúc`, or the whole country).
    pub scope_name: String,
}

/// The dossier of a regionalization: the units of the scope with the
/// standard each would take alone, one merge per region of two or more
/// units, the counts before and after, and the draft in the 2025 wording.
///
/// # Complexity
/// O(n log n + a) for n units and a adjacent pairs, plus the counts.
pub fn from_regions(inp: &RegionInputs<'_>) -> Dossier {
    let ds = inp.ds;
    let lang = inp.lang;
    let phase = Phase::Round2025;
    let mut merged: BTreeSet<UnitCode> = BTreeSet::new();
    let mut provinces: BTreeSet<UnitCode> = BTreeSet::new();
    let mut merges = Vec::new();
    for row in ordered_regions(ds, inp.dp, inp.plan, inp.rules) {
        for c in &row.members {
            if let Some(p) = ds.id_of(c).and_then(|id| ds.province_of(id)) {
                provinces.insert(ds.unit(p).code.clone());
            }
        }
        if row.members.len() < 2 {
            continue;
        }
        let r = row.region;
        let units: Vec<_> = row
            .members
            .iter()
            .filter_map(|c| ds.get(c.as_str()))
            .collect();
        // The name unique within the province (ordered_regions).
        let (new_code, new_name, new_kind) = (row.code.clone(), row.name.clone(), row.kind);
        let Some(named) = units.iter().find(|u| u.code == new_code) else {
            continue;
        };
        let standard = inp.rules.map(|rs| rs.region_standard(&r.members, r.area));
        let (std_area, std_pop, std_id) = standard
            .as_ref()
            .map_or((0.0, 0.0, String::new()), |s| (s.area, s.pop, s.id.clone()));
        merged.extend(row.members.iter().cloned());
        let verdict = if r.meets {
            lang.pick("đạt tiêu chuẩn", "meets the standard")
        } else {
            lang.pick("chưa đạt tiêu chuẩn", "below the standard")
        };
        let reason = match lang {
            Lang::Vi => format!(
                "{} đơn vị liền kề; đơn vị mới {verdict} {std_id} (dân số {}, diện tích {} km²)",
                units.len(),
                fmt_int(std_pop as i64, lang),
                fmt_dec(std_area, 2, lang)
            ),
            Lang::En => format!(
                "{} adjacent units; the new unit {verdict} {std_id} (population {}, area {} km²)",
                units.len(),
                fmt_int(std_pop as i64, lang),
                fmt_dec(std_area, 2, lang)
            ),
        };
        let province_code = ds
            .id_of(&new_code)
            .and_then(|id| ds.province_of(id))
            .map(|p| ds.unit(p).code.clone())
            .unwrap_or_else(|| UnitCode(String::new()));
        merges.push(MergeEntry {
            phase,
            level: named.level,
            group_id: format!("R{}", row.region_id),
            year: Some(2025),
            parent_code: named
                .parent_code
                .clone()
                .unwrap_or_else(|| UnitCode(String::new())),
            parent_name: String::new(),
            province_code,
            members: units
                .iter()
                .map(|u| MemberEntry {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    kind: u.kind,
                    area_km2: u.area_km2,
                    population: u.population,
                    rule: None,
                    target: true,
                })
                .collect(),
            new_code: new_code.clone(),
            new_name,
            new_kind,
            area_km2: Some(r.area),
            population: Some(r.pop.round() as u64),
            standard_area_km2: std_area,
            standard_population: std_pop,
            meets_standard: r.meets,
            standard_tag: None,
            reason,
            renamed: row
                .name_change
                .as_ref()
                .map(|c| c.text(lang, lang.pick("tỉnh", "the province"))),
            neighbours: Vec::new(),
        });
    }
    merges.sort_by(|a, b| {
        (a.level != Level::District, &a.province_code, &a.new_code).cmp(&(
            b.level != Level::District,
            &b.province_code,
            &b.new_code,
        ))
    });
    let mut status = Vec::new();
    for &id in &inp.dp.units {
        let u = ds.unit(id);
        let parent_kind = ds.parent(id).map(|p| ds.unit(p).kind);
        let (standard, sa, sp, tag, notes) = match inp.rules {
            Some(rs) => {
                let a = assess_unit(rs.rules(), u, parent_kind, phase);
                let label = rs
                    .rules()
                    .standards
                    .iter()
                    .find(|s| s.id == a.standard.id)
                    .map_or_else(
                        || a.standard.id.clone(),
                        |s| lang.pick(&s.label_vi, &s.label_en).to_string(),
                    );
                (
                    label,
                    a.standard.area_km2,
                    a.standard.population,
                    a.tag.as_str().to_string(),
                    a.notes
                        .iter()
                        .map(|n| n.text(lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            }
            None => (String::new(), 0.0, 0.0, String::new(), String::new()),
        };
        let exemption = inp.rules.and_then(|rs| {
            rs.exempt()
                .find(|(k, _)| inp.dp.units.get(*k as usize) == Some(&id))
                .map(|(_, e)| e.to_string())
        });
        status.push(StatusInput {
            phase,
            level: u.level,
            code: u.code.clone(),
            standard,
            standard_area_km2: sa,
            standard_population: sp,
            rule: exemption,
            category: if merged.contains(&u.code) {
                Category::Merged
            } else {
                Category::Unchanged
            },
            tag,
            assumptions: notes,
        });
    }
    status.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
    assemble(Assembly {
        ds,
        lang,
        wording: Wording::Nq76,
        scope_name: inp.scope_name.clone(),
        provinces: provinces.into_iter().collect(),
        phases: vec![phase],
        merges,
        conversions: Vec::new(),
        status,
        years: Vec::new(),
        staffing: Vec::new(),
    })
}
