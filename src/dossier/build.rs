//! Building the [`Dossier`] of a plan: the common part (the map walked
//! phase by phase for neighbours, counts and the draft) and the part that
//! reads the planner's result, schedule and staffing.

use std::collections::{BTreeMap, BTreeSet};

use super::draft::{PhaseInput, phase_section};
use super::map::{PhaseMap, and_list, phrase};
use super::model::{
    Category, ConversionEntry, CountRow, Dossier, Draft, MemberEntry, MergeEntry, StaffRow,
    StatusRow, Wording, YearRow, kinds_of,
};
use crate::assess::{Assessment, Status};
use crate::lang::{Lang, fmt_dec};
use crate::model::{Dataset, Level, Phase, UnitCode};
use crate::pipeline::{PlanResult, PlannedGroup};
use crate::rules::RuleSet;
use crate::staffing::StaffingReport;

/// A unit's verdict in a phase, before the map supplies its name, parent
/// and figures.
#[derive(Clone, Debug)]
pub(crate) struct StatusInput {
    pub phase: Phase,
    pub level: Level,
    pub code: UnitCode,
    pub standard: String,
    pub standard_area_km2: f64,
    pub standard_population: f64,
    pub rule: Option<String>,
    pub category: Category,
    pub tag: String,
    pub assumptions: String,
}

/// What every source of a plan gives the dossier.
pub(crate) struct Assembly<'a> {
    pub ds: &'a Dataset,
    pub lang: Lang,
    pub wording: Wording,
    pub scope_name: String,
    /// Provinces covered, in code order.
    pub provinces: Vec<UnitCode>,
    /// Phases, in order.
    pub phases: Vec<Phase>,
    /// Merges without `parent_name` and `neighbours` (filled here), in
    /// phase, level (districts first), parent and id order.
    pub merges: Vec<MergeEntry>,
    pub conversions: Vec<ConversionEntry>,
    pub status: Vec<StatusInput>,
    pub years: Vec<YearRow>,
    pub staffing: Vec<StaffRow>,
}

/// Walks the map phase by phase: the status rows read the map at the start
/// of their phase, the merges' parents and neighbours and the counts the map
/// the phase leaves; the draft gets one section per phase.
///
/// # Complexity
/// O(P · (n + g + a)) for P phases, n units, g merges and a adjacent pairs,
/// plus O(parents · n) for the counts.
pub(crate) fn assemble(a: Assembly<'_>) -> Dossier {
    let mut map = PhaseMap::new(a.ds);
    let mut merges = a.merges;
    let mut conversions = a.conversions;
    let mut status = Vec::with_capacity(a.status.len());
    let mut counts = Vec::new();
    let mut draft = Draft::default();
    for &phase in &a.phases {
        let before = map.clone();
        for s in a.status.iter().filter(|s| s.phase == phase) {
            let live = map.get(&s.code);
            let parent = live.and_then(|l| l.parent.clone());
            status.push(StatusRow {
                phase,
                level: s.level,
                code: s.code.clone(),
                name: map.name(&s.code),
                parent_name: parent.map(|p| map.name(&p)).unwrap_or_default(),
                kind: live.map_or(crate::model::UnitKind::Xa, |l| l.kind),
                area_km2: live.and_then(|l| l.area_km2),
                population: live.and_then(|l| l.population),
                standard: s.standard.clone(),
                standard_area_km2: s.standard_area_km2,
                standard_population: s.standard_population,
                rule: s.rule.clone(),
                category: s.category,
                tag: s.tag.clone(),
                assumptions: s.assumptions.clone(),
            });
        }
        for level in [Level::District, Level::Commune] {
            for m in merges
                .iter()
                .filter(|m| m.phase == phase && m.level == level)
            {
                map.merge(m);
            }
        }
        for c in conversions.iter().filter(|c| c.phase == phase) {
            map.convert(&c.code, c.kind_after, &c.name_after);
        }
        for m in merges.iter_mut().filter(|m| m.phase == phase) {
            m.parent_name = map.name(&m.parent_code);
            m.neighbours = map.neighbour_phrases(&m.new_code);
        }
        for c in conversions.iter_mut().filter(|c| c.phase == phase) {
            c.parent_name = map.name(&c.parent_code);
        }
        counts.extend(count_rows(&a.provinces, phase, &before, &map));
        draft.sections.push(phase_section(&PhaseInput {
            phase,
            wording: a.wording,
            provinces: &a.provinces,
            merges: &merges,
            conversions: &conversions,
            after: &map,
        }));
    }
    Dossier {
        lang: a.lang,
        wording: a.wording,
        scope_name: a.scope_name,
        status,
        merges,
        conversions,
        counts,
        years: a.years,
        staffing: a.staffing,
        draft,
    }
}

/// Counts by kind before and after one phase: districts per province, then
/// communes per district of the map the phase leaves (a merged district
/// counts, before, the communes of the districts it is made of).
fn count_rows(
    provinces: &[UnitCode],
    phase: Phase,
    before: &PhaseMap<'_>,
    after: &PhaseMap<'_>,
) -> Vec<CountRow> {
    let mut out = Vec::new();
    let dk = kinds_of(Level::District);
    let ck = kinds_of(Level::Commune);
    for p in provinces {
        out.push(CountRow {
            phase,
            level: Level::District,
            parent_name: after.name(p),
            before: before.count_in_province(p, Level::District, dk),
            after: after.count_in_province(p, Level::District, dk),
        });
    }
    for p in provinces {
        let olds = before.districts_of(p);
        for d in after.districts_of(p) {
            let mut b = vec![0u32; ck.len()];
            for o in olds.iter().filter(|o| after.owner(o) == Some(&d)) {
                for (x, y) in b
                    .iter_mut()
                    .zip(before.count_children(o, Level::Commune, ck))
                {
                    *x += y;
                }
            }
            out.push(CountRow {
                phase,
                level: Level::Commune,
                parent_name: after.name(&d),
                before: b,
                after: after.count_children(&d, Level::Commune, ck),
            });
        }
    }
    out
}

/// What [`from_plan`] reads.
pub struct PlanInputs<'a> {
    /// The dataset planned.
    pub ds: &'a Dataset,
    /// The planner's result.
    pub result: &'a PlanResult,
    /// The rule set (labels of the standards).
    pub rules: &'a RuleSet,
    /// Units the scenario asks to arrange though not mandatory.
    pub encouraged: &'a [UnitCode],
    /// Effective year of each merge, by group id.
    pub years: &'a BTreeMap<String, u16>,
    /// Decree 33 staffing of the merges.
    pub staffing: &'a StaffingReport,
    /// Conversions of kind proposed with the plan.
    pub conversions: &'a [ConversionEntry],
    /// Language of the workbook.
    pub lang: Lang,
    /// The area covered, as the report names it.
    pub scope_name: String,
}

/// The standard applied to a unit, in words, with the reductions used.
fn standard_words(a: &Assessment, rules: &RuleSet, lang: Lang) -> String {
    let label = rules
        .standards
        .iter()
        .find(|s| s.id == a.standard.id)
        .map_or_else(
            || a.standard.id.clone(),
            |s| match lang {
                Lang::Vi => s.label_vi.clone(),
                Lang::En => s.label_en.clone(),
            },
        );
    let mut red = Vec::new();
    if let Some(r) = &a.standard.area_reduction {
        red.push(format!("{r} ({})", lang.pick("diện tích", "area")));
    }
    if let Some(r) = &a.standard.population_reduction {
        red.push(format!("{r} ({})", lang.pick("dân số", "population")));
    }
    if red.is_empty() {
        label
    } else {
        format!(
            "{label}; {} {}",
            lang.pick("giảm", "reduced:"),
            red.join(", ")
        )
    }
}

/// Why these partners: the targets with their criterion, the partners
/// pulled in, the shared border inside the group and the verdict.
fn reason(g: &PlannedGroup, lang: Lang) -> String {
    let targets: Vec<String> = g
        .members
        .iter()
        .filter(|m| m.is_target)
        .map(|m| {
            let p = phrase(m.unit.kind, &m.unit.name);
            match &m.assessment.rule {
                Some(r) if m.assessment.status == Status::Mandatory => format!("{p} ({r})"),
                _ => p,
            }
        })
        .collect();
    let partners: Vec<String> = g
        .members
        .iter()
        .filter(|m| !m.is_target)
        .map(|m| phrase(m.unit.kind, &m.unit.name))
        .collect();
    let km = fmt_dec(g.inner_border_km, 2, lang);
    let verdict = if g.meets_standard {
        lang.pick(
            "đơn vị mới đạt tiêu chuẩn",
            "the new unit meets the standard",
        )
    } else {
        lang.pick(
            "đơn vị mới chưa đạt tiêu chuẩn",
            "the new unit is below the standard",
        )
    };
    match (lang, partners.is_empty()) {
        (Lang::Vi, true) => format!(
            "{} cùng thuộc diện sắp xếp, liền kề nhau (ranh giới chung {km} km); {verdict}",
            and_list(&targets)
        ),
        (Lang::Vi, false) => format!(
            "{} thuộc diện sắp xếp; nhập với {} liền kề (ranh giới chung trong nhóm {km} km); {verdict}",
            and_list(&targets),
            and_list(&partners)
        ),
        (Lang::En, true) => format!(
            "{} must all be arranged and are adjacent (shared border {km} km); {verdict}",
            targets.join(", ")
        ),
        (Lang::En, false) => format!(
            "{} must be arranged; merged with adjacent {} (shared border inside the group {km} km); {verdict}",
            targets.join(", "),
            partners.join(", ")
        ),
    }
}

fn merge_entry(g: &PlannedGroup, year: Option<u16>, lang: Lang) -> MergeEntry {
    MergeEntry {
        phase: g.phase,
        level: g.level,
        group_id: g.group_id.clone(),
        year,
        parent_code: g.parent_code.clone(),
        parent_name: String::new(),
        province_code: g.province_code.clone(),
        members: g
            .members
            .iter()
            .map(|m| MemberEntry {
                code: m.unit.code.clone(),
                name: m.unit.name.clone(),
                kind: m.unit.kind,
                area_km2: m.unit.area_km2,
                population: m.unit.population,
                rule: (m.assessment.status == Status::Mandatory)
                    .then(|| m.assessment.rule.clone())
                    .flatten(),
                target: m.is_target,
            })
            .collect(),
        new_code: g.new_unit.code.clone(),
        new_name: g.proposed_name.clone(),
        new_kind: g.new_unit.kind,
        area_km2: g.new_unit.area_km2,
        population: g.new_unit.population,
        standard_area_km2: g.standard_area_km2,
        standard_population: g.standard_population,
        meets_standard: g.meets_standard,
        standard_tag: Some(g.standard_tag),
        reason: reason(g, lang),
        renamed: g.name_change.as_ref().map(|c| {
            c.text(
                lang,
                lang.pick("đơn vị hành chính cấp trên", "the parent unit"),
            )
        }),
        neighbours: Vec::new(),
    }
}

/// The phases of a plan, in order.
fn phases_of(result: &PlanResult) -> Vec<Phase> {
    let set: BTreeSet<Phase> = result
        .counts
        .keys()
        .map(|(p, _, _)| *p)
        .chain(result.groups.iter().map(|g| g.phase))
        .collect();
    set.into_iter().collect()
}

fn year_rows(
    result: &PlanResult,
    years: &BTreeMap<String, u16>,
    staff: &StaffingReport,
) -> Vec<YearRow> {
    let mut rows: BTreeMap<u16, YearRow> = BTreeMap::new();
    let empty = |year| YearRow {
        year,
        district_merges: 0,
        commune_merges: 0,
        districts_reduced: 0,
        communes_reduced: 0,
        people_affected: 0,
        surplus_cadres: 0,
        surplus_part_time: 0,
    };
    for g in &result.groups {
        let Some(&y) = years.get(&g.group_id) else {
            continue;
        };
        let r = rows.entry(y).or_insert_with(|| empty(y));
        let gone = (g.members.len() - 1) as u32;
        match g.level {
            Level::District => {
                r.district_merges += 1;
                r.districts_reduced += gone;
            }
            _ => {
                r.commune_merges += 1;
                r.communes_reduced += gone;
            }
        }
        r.people_affected += g
            .members
            .iter()
            .filter(|m| m.unit.code != g.new_unit.code)
            .filter_map(|m| m.unit.population)
            .sum::<u64>();
    }
    for t in staff.totals.iter().filter(|t| t.province.is_none()) {
        let r = rows.entry(t.year).or_insert_with(|| empty(t.year));
        r.surplus_cadres = t.remaining_cadres;
        r.surplus_part_time = t.remaining_part_time;
    }
    rows.into_values().collect()
}

fn staff_rows(result: &PlanResult, staff: &StaffingReport) -> Vec<StaffRow> {
    let groups: BTreeMap<&str, &PlannedGroup> = result
        .groups
        .iter()
        .map(|g| (g.group_id.as_str(), g))
        .collect();
    staff
        .rows
        .iter()
        .filter_map(|r| {
            let (c, p) = (r.cadres.as_ref()?, r.part_time.as_ref()?);
            let g = groups.get(r.group_id.as_str())?;
            Some(StaffRow {
                group_id: r.group_id.clone(),
                unit: g.proposed_name.clone(),
                parent_name: result
                    .names
                    .get(&g.parent_code)
                    .cloned()
                    .unwrap_or_else(|| g.parent_code.to_string()),
                year: r.year_effective,
                cadres_before: c.before,
                cadres_quota: c.after,
                part_time_before: p.before,
                part_time_quota: p.after,
                deadline_year: r.deadline_year,
            })
        })
        .collect()
}

/// The dossier of a plan made by the planner (or any source of the same
/// plan model): every assessment, merge, conversion, count, year and
/// staffing row, and the draft resolution in the 2023–2025 wording.
///
/// # Complexity
/// O(P · (n + g + a) + parents · n) for P phases, n units, g merges, a adjacent pairs.
pub fn from_plan(inp: &PlanInputs<'_>) -> Dossier {
    let result = inp.result;
    let lang = inp.lang;
    let mut pulled: BTreeSet<(Phase, &UnitCode)> = BTreeSet::new();
    let mut targets: BTreeSet<(Phase, &UnitCode)> = BTreeSet::new();
    for g in &result.groups {
        for m in &g.members {
            if m.is_target {
                targets.insert((g.phase, &m.unit.code));
            } else {
                pulled.insert((g.phase, &m.unit.code));
            }
        }
    }
    let encouraged: BTreeSet<&UnitCode> = inp.encouraged.iter().collect();
    let mut assessments: Vec<&Assessment> = result.assessments.iter().collect();
    assessments.sort_by(|a, b| (a.phase, a.level, &a.code).cmp(&(b.phase, b.level, &b.code)));
    let status = assessments
        .into_iter()
        .map(|a| {
            let category = if a.status == Status::Mandatory {
                Category::Mandatory
            } else if encouraged.contains(&a.code) || targets.contains(&(a.phase, &a.code)) {
                Category::Encouraged
            } else if pulled.contains(&(a.phase, &a.code)) {
                Category::Adjacent
            } else {
                Category::None
            };
            StatusInput {
                phase: a.phase,
                level: a.level,
                code: a.code.clone(),
                standard: standard_words(a, inp.rules, lang),
                standard_area_km2: a.standard.area_km2,
                standard_population: a.standard.population,
                rule: a.rule.clone(),
                category,
                tag: a.tag.as_str().to_string(),
                assumptions: a
                    .notes
                    .iter()
                    .map(|n| n.text(lang))
                    .collect::<Vec<_>>()
                    .join("; "),
            }
        })
        .collect();
    let mut provinces: Vec<UnitCode> = result.assessment_province.clone();
    provinces.extend(result.groups.iter().map(|g| g.province_code.clone()));
    provinces.sort();
    provinces.dedup();
    assemble(Assembly {
        ds: inp.ds,
        lang,
        wording: Wording::Nq35,
        scope_name: inp.scope_name.clone(),
        provinces,
        phases: phases_of(result),
        merges: result
            .groups
            .iter()
            .map(|g| merge_entry(g, inp.years.get(&g.group_id).copied(), lang))
            .collect(),
        conversions: inp.conversions.to_vec(),
        status,
        years: year_rows(result, inp.years, inp.staffing),
        staffing: staff_rows(result, inp.staffing),
    })
}
