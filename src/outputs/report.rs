//! Filling the report's [`ReportData`] from a plan.

use std::collections::BTreeMap;

use super::OutputOptions;
use crate::assess::Status;
use crate::lang::{Lang, fmt_int};
use crate::legal::DistrictKindMode;
use crate::model::{Dataset, Level, Phase, UnitCode};
use crate::pipeline::output::reason_text;
use crate::pipeline::{ParentGap, PlanResult, PlannedGroup};
use crate::planner::{Objective, Term, UnresolvedReason};
use crate::report::{
    ChangeRow, ConsultationSection, LegalBasis, LegalMap, LevelCounts, MergeMember, MergeRow,
    ParentMerges, ReportData, StaffingLine, UnresolvedUnit,
};
use crate::rules::RuleSet;
use crate::rules::Tag;
use crate::scenario::Scenario;
use crate::staffing::StaffingReport;
use crate::validator::{CheckReport, Severity};

fn phases(result: &PlanResult) -> Vec<Phase> {
    let mut p: Vec<Phase> = result.counts.keys().map(|(ph, _, _)| *ph).collect();
    p.dedup();
    p
}

fn counts(result: &PlanResult) -> Vec<LevelCounts> {
    let mut out = Vec::new();
    for phase in phases(result) {
        for level in [Level::District, Level::Commune] {
            let (mut before, mut after) = (0u32, 0u32);
            for ((ph, lv, _), (b, a)) in &result.counts {
                if *ph == phase && *lv == level {
                    before += *b as u32;
                    after += *a as u32;
                }
            }
            let status_count = |s: Status| {
                result
                    .assessments
                    .iter()
                    .filter(|a| a.phase == phase && a.level == level && a.status == s)
                    .count() as u32
            };
            let groups: Vec<&PlannedGroup> = result
                .groups
                .iter()
                .filter(|g| g.phase == phase && g.level == level)
                .collect();
            out.push(LevelCounts {
                level,
                phase,
                before,
                mandatory: status_count(Status::Mandatory),
                exempt: status_count(Status::Exempt),
                groups: groups.len() as u32,
                merged_units: groups.iter().map(|g| g.members.len() as u32).sum(),
                after,
                unresolved: result
                    .unresolved
                    .iter()
                    .filter(|u| u.phase == phase && u.unit.level == level)
                    .count() as u32,
                people_touched: groups
                    .iter()
                    .flat_map(|g| &g.members)
                    .filter_map(|m| m.unit.population)
                    .sum(),
            });
        }
    }
    out
}

fn merges(result: &PlanResult, years: &BTreeMap<String, u16>, lang: Lang) -> Vec<ParentMerges> {
    let mut by_parent: BTreeMap<(Level, UnitCode), Vec<&PlannedGroup>> = BTreeMap::new();
    for g in &result.groups {
        by_parent
            .entry((g.level, g.parent_code.clone()))
            .or_default()
            .push(g);
    }
    by_parent
        .into_iter()
        .map(|((level, parent_code), groups)| ParentMerges {
            parent_name: result
                .names
                .get(&parent_code)
                .cloned()
                .unwrap_or_else(|| parent_code.to_string()),
            parent_code,
            level,
            merges: groups
                .into_iter()
                .map(|g| MergeRow {
                    phase: g.phase,
                    year: years.get(&g.group_id).copied().unwrap_or(0),
                    proposed_name: g.proposed_name.clone(),
                    members: g
                        .members
                        .iter()
                        .map(|m| MergeMember {
                            code: m.unit.code.clone(),
                            name: m.unit.name.clone(),
                            area_km2: m.unit.area_km2,
                            population: m.unit.population,
                            mandatory: m.assessment.status == Status::Mandatory,
                        })
                        .collect(),
                    area_km2: g.new_unit.area_km2,
                    population: g.new_unit.population,
                    area_pct: g.area_ratio.map(|r| 100.0 * r),
                    population_pct: g.population_ratio.map(|r| 100.0 * r),
                    meets_standard: g.meets_standard,
                    standard_tag: g.standard_tag.as_str().to_string(),
                    name_note: g.name_change.as_ref().map(|c| {
                        c.text(
                            lang,
                            result
                                .names
                                .get(&g.parent_code)
                                .map_or(g.parent_code.as_str(), String::as_str),
                        )
                    }),
                })
                .collect(),
        })
        .collect()
}

/// Which exempt units the scenario let serve as merge partners.
fn exempt_partners_note(rules: &RuleSet, sc: &Scenario, lang: Lang) -> String {
    if sc.exempt_partners.is_empty() {
        return lang
            .pick(
                "Đơn vị thuộc trường hợp không bắt buộc sắp xếp (NQ 35/2023 Điều 3) không được đưa vào nhóm nhập làm đơn vị nhập cùng.",
                "Exempt units (NQ 35/2023, Article 3) were not used as merge partners.",
            )
            .to_string();
    }
    let list: Vec<String> = sc
        .exempt_partners
        .iter()
        .map(|id| match rules.exemption(id) {
            Some(e) => format!("{id} ({})", lang.pick(&e.label_vi, &e.label_en)),
            None => id.clone(),
        })
        .collect();
    match lang {
        Lang::Vi => format!(
            "Phương án cho phép đơn vị thuộc các trường hợp không bắt buộc sắp xếp sau làm đơn vị nhập cùng (NQ 35/2023 Điều 3): {}; đơn vị thuộc trường hợp khác không được đưa vào nhóm nhập.",
            list.join("; ")
        ),
        Lang::En => format!(
            "The scenario lets units under these exemptions serve as merge partners (NQ 35/2023, Article 3): {}; units under any other exemption were kept out.",
            list.join("; ")
        ),
    }
}

/// The report data of a plan.
pub(super) fn report_data(
    ds: &Dataset,
    result: &PlanResult,
    rules: &RuleSet,
    sc: &Scenario,
    years: &BTreeMap<String, u16>,
    staff: &StaffingReport,
    opts: &OutputOptions<'_>,
) -> ReportData {
    let lang = opts.lang;
    let name_of: BTreeMap<&str, &str> = result
        .groups
        .iter()
        .map(|g| (g.group_id.as_str(), g.proposed_name.as_str()))
        .collect();
    let staffing = staff
        .rows
        .iter()
        .filter_map(|r| {
            let (c, p) = (r.cadres.as_ref()?, r.part_time.as_ref()?);
            Some(StaffingLine {
                unit: name_of
                    .get(r.group_id.as_str())
                    .map_or_else(|| r.group_id.clone(), |n| (*n).to_string()),
                year: r.year_effective,
                cadres_before: c.before,
                cadres_quota: c.after,
                parttime_before: p.before,
                parttime_quota: p.after,
            })
        })
        .collect();
    let unresolved = result
        .unresolved
        .iter()
        .map(|u| UnresolvedUnit {
            code: u.unit.code.clone(),
            name: u.unit.name.clone(),
            parent_name: result
                .names
                .get(&u.parent_code)
                .cloned()
                .unwrap_or_else(|| u.parent_code.to_string()),
            level: u.unit.level,
            phase: u.phase,
            reason: reason_text(&u.reason, lang),
            best_option: (!u.best_option.is_empty()).then(|| {
                u.best_option
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(" + ")
            }),
        })
        .collect();
    let mut notes = vec![
        lang.pick(
            "Dân số theo Tổng điều tra dân số ngày 01/4/2019; diện tích tự nhiên phần lớn theo số liệu năm 2009 (theo ghi chú nguồn của bộ số liệu). Kết quả cần đối chiếu với số liệu chính thức tại thời điểm lập đề án.",
            "Population from the census of 1 April 2019; natural areas mostly of 2009 (per the dataset's source notes). Check the results against the official figures of the proposal's date.",
        )
        .to_string(),
        lang.pick(
            "Đơn vị miền núi, vùng cao: theo danh sách chính thức khi có; đơn vị chưa có trong danh sách chính thức được ước lượng theo mật độ dân số — tiêu chuẩn áp dụng cho đơn vị đó là ước lượng, cần đối chiếu trước khi kết luận.",
            "Mountainous units: the official list where available; units not on it are estimated from population density — the standard applied to them is an estimate to confirm before concluding.",
        )
        .to_string(),
        lang.pick(
            "Đơn vị mới có thể chưa đạt tiêu chuẩn (kiểm tra mềm, NQ 35/2023 Điều 4); định biên theo Nghị định 33/2023/NĐ-CP, loại đơn vị mặc định III khi thiếu số liệu.",
            "New units may fall short of the standard (a soft check, NQ 35/2023 Article 4); staffing per Decree 33/2023/NĐ-CP, class III assumed when unknown.",
        )
        .to_string(),
    ];
    let tagged = |t: Tag| result.groups.iter().filter(|g| g.standard_tag == t).count();
    let (s_count, u_count) = (tagged(Tag::S), tagged(Tag::U));
    if s_count + u_count > 0 {
        let mut parts = Vec::new();
        if u_count > 0 {
            parts.push(match lang {
                Lang::Vi => format!("{u_count} đơn vị mới dựa trên số liệu chưa được kiểm chứng [U] (như tiêu chuẩn thị xã: chưa tìm được văn bản NQ 1211/2016 Điều 6)"),
                Lang::En => format!("{u_count} new unit(s) rests on an unverified figure [U] (such as the thị xã standard: the text of NQ 1211/2016 Article 6 was not found)"),
            });
        }
        if s_count > 0 {
            parts.push(match lang {
                Lang::Vi => format!("{s_count} đơn vị mới dựa trên nguồn thứ cấp [S] (như tiêu chuẩn quận, thị trấn)"),
                Lang::En => format!("{s_count} new unit(s) on a secondary source [S] (such as the quận and thị trấn standards)"),
            });
        }
        notes.push(match lang {
            Lang::Vi => format!(
                "Kết quả đạt/chưa đạt tiêu chuẩn của {}; các kết quả này được đánh dấu trong bảng.",
                parts.join(", của ")
            ),
            Lang::En => format!(
                "The verdict of {}; the tables mark them.",
                parts.join(", and of ")
            ),
        });
    }
    notes.push(exempt_partners_note(rules, sc, lang));
    if !result.stats.not_optimal.is_empty() {
        notes.push(match lang {
            crate::lang::Lang::Vi => format!(
                "{} đơn vị cấp trên chạm giới hạn tìm kiếm: phương án là tốt nhất tìm được, chưa chứng minh tối ưu.",
                result.stats.not_optimal.len()
            ),
            crate::lang::Lang::En => format!(
                "{} parents hit the search limit: their plan is the best found, not proven optimal.",
                result.stats.not_optimal.len()
            ),
        });
        const SHOWN: usize = 20;
        for g in result.stats.gaps.iter().take(SHOWN) {
            let name = result
                .names
                .get(&g.parent)
                .map_or_else(|| g.parent.to_string(), Clone::clone);
            notes.push(format!(
                "{name} ({}): {}",
                g.phase.as_str(),
                gap_text(g, &sc.objective, lang)
            ));
        }
        if result.stats.gaps.len() > SHOWN {
            notes.push(match lang {
                Lang::Vi => format!(
                    "… và {} đơn vị cấp trên khác.",
                    result.stats.gaps.len() - SHOWN
                ),
                Lang::En => {
                    format!("… and {} more parents.", result.stats.gaps.len() - SHOWN)
                }
            });
        }
    }
    ReportData {
        title: lang
            .pick(
                "Phương án sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023–2030",
                "Arrangement of district- and commune-level administrative units, 2023–2030",
            )
            .to_string(),
        province: opts.area_label.clone(),
        scenario: sc.display_title(lang),
        dataset: opts.dataset_label.clone(),
        rule_set: lang.pick(&rules.title_vi, &rules.title_en).to_string(),
        legal_basis: LegalBasis::nq35_defaults(lang),
        counts: counts(result),
        merges: merges(result, years, lang),
        unresolved,
        staffing,
        charts: Vec::new(),
        notes,
        draft: Vec::new(),
        legal_map: LegalMap::default(),
        web_map: None,
        targets: if opts.single_province {
            targets(ds, result, rules, lang)
        } else {
            Vec::new()
        },
        national: !opts.single_province,
        consultation: Default::default(),
        provinces: if opts.single_province {
            Vec::new()
        } else {
            province_lines(ds, result, opts.province_reports)
        },
    }
}

/// A national report's line per province: units removed per phase and
/// level, unresolved targets, communes before and after each phase, and the
/// link to the province's report when `--each-province` writes it. Empty
/// when the data holds one province (its report lists every unit).
///
/// # Complexity
/// O(units + groups × members + unresolved), province lookups by index.
fn province_lines(
    ds: &Dataset,
    result: &PlanResult,
    linked: bool,
) -> Vec<crate::report::ProvinceLine> {
    use crate::report::{ProvinceLine, ProvincePhase};
    let provinces: Vec<_> = ds.ids_at(Level::Province).collect();
    if provinces.len() < 2 {
        return Vec::new();
    }
    let province_of = |code: &UnitCode| {
        ds.id_of(code)
            .and_then(|id| ds.province_of(id))
            .map(|p| ds.unit(p).code.clone())
    };
    let mut phases: Vec<Phase> = result.counts.keys().map(|k| k.0).collect();
    phases.extend(result.groups.iter().map(|g| g.phase));
    phases.sort_unstable();
    phases.dedup();
    // (province, phase) → [districts removed, commune groups, communes removed, unresolved]
    let mut figures: BTreeMap<(UnitCode, Phase), [u32; 4]> = BTreeMap::new();
    for g in &result.groups {
        let Some(p) = g.members.first().and_then(|m| province_of(&m.unit.code)) else {
            continue;
        };
        let f = figures.entry((p, g.phase)).or_default();
        let removed = g.members.len().saturating_sub(1) as u32;
        match g.level {
            Level::District => f[0] += removed,
            Level::Commune => {
                f[1] += 1;
                f[2] += removed;
            }
            Level::Province => {}
        }
    }
    for u in &result.unresolved {
        if let Some(p) = province_of(&u.unit.code) {
            figures.entry((p, u.phase)).or_default()[3] += 1;
        }
    }
    let mut communes: BTreeMap<UnitCode, u32> = BTreeMap::new();
    for id in ds.ids_at(Level::Commune) {
        if let Some(p) = ds.province_of(id) {
            *communes.entry(ds.unit(p).code.clone()).or_default() += 1;
        }
    }
    provinces
        .into_iter()
        .map(|id| {
            let unit = ds.unit(id);
            let before = communes.get(&unit.code).copied().unwrap_or(0);
            let mut after = before;
            let phases = phases
                .iter()
                .map(|&phase| {
                    let f = figures
                        .get(&(unit.code.clone(), phase))
                        .copied()
                        .unwrap_or_default();
                    after = after.saturating_sub(f[2]);
                    ProvincePhase {
                        phase,
                        districts_removed: f[0],
                        commune_groups: f[1],
                        communes_removed: f[2],
                        unresolved: f[3],
                        communes_after: after,
                    }
                })
                .collect();
            ProvinceLine {
                code: unit.code.clone(),
                name: unit.name.clone(),
                communes_before: before,
                phases,
                report: linked.then(|| format!("{}/report.html", unit.code)),
            }
        })
        .collect()
}

/// The units that must be arranged or are exempt, per phase and level,
/// with the criterion (M1–M6), the exemption, and the standard their
/// percentages are taken against (its reductions by label; mountainous
/// status official or estimated).
///
/// # Complexity
/// O(a log a) for a assessments.
fn targets(
    ds: &Dataset,
    result: &PlanResult,
    rules: &RuleSet,
    lang: Lang,
) -> Vec<crate::report::TargetUnit> {
    // A unit formed by a merge of an earlier phase goes by its new name.
    let name_of = |code: &UnitCode, phase: Phase| -> (String, String) {
        let merged = result
            .groups
            .iter()
            .rev()
            .find(|g| g.phase < phase && &g.new_unit.code == code);
        let unit = ds.get(code.as_str());
        let parent = merged
            .map(|g| g.parent_code.clone())
            .or_else(|| unit.and_then(|u| u.parent_code.clone()));
        (
            merged.map_or_else(
                || unit.map_or_else(|| code.to_string(), |u| u.name.clone()),
                |g| g.proposed_name.clone(),
            ),
            parent
                .and_then(|p| result.names.get(&p).cloned())
                .unwrap_or_default(),
        )
    };
    let label = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let criterion = |id: &str| {
        rules.criteria.iter().find(|c| c.id == id).map_or_else(
            || id.to_string(),
            |c| format!("{id}: {}", label(&c.label_vi, &c.label_en)),
        )
    };
    let exemption = |id: &str| {
        rules.exemptions.iter().find(|e| e.id == id).map_or_else(
            || id.to_string(),
            |e| format!("{id}: {}", label(&e.label_vi, &e.label_en)),
        )
    };
    let reduction = |id: &str| {
        rules
            .reductions
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_string(), |r| label(&r.label_vi, &r.label_en))
    };
    let mut out: Vec<crate::report::TargetUnit> = result
        .assessments
        .iter()
        .filter(|a| matches!(a.status, Status::Mandatory | Status::Exempt))
        .filter_map(|a| {
            let crit = a
                .criterion
                .as_deref()
                .or(a.rule.as_deref().filter(|_| a.status == Status::Mandatory))?;
            let st = &a.standard;
            let mut standard = format!(
                "{} km² · {} {}",
                crate::lang::fmt_dec(st.area_km2, 2, lang),
                crate::lang::fmt_int(st.population.round() as i64, lang),
                lang.pick("người", "people")
            );
            let mut reds: Vec<String> = Vec::new();
            for r in [&st.area_reduction, &st.population_reduction]
                .into_iter()
                .flatten()
            {
                let r = reduction(r);
                if !reds.contains(&r) {
                    reds.push(r);
                }
            }
            if !reds.is_empty() {
                standard.push_str(&format!(
                    " ({}: {})",
                    lang.pick("giảm", "reduced"),
                    reds.join("; ")
                ));
            }
            let (name, parent_name) = name_of(&a.code, a.phase);
            Some(crate::report::TargetUnit {
                code: a.code.clone(),
                name,
                parent_name,
                level: a.level,
                phase: a.phase,
                criterion: criterion(crit),
                exemption: if a.status == Status::Exempt {
                    a.rule.as_deref().map(exemption).unwrap_or_default()
                } else {
                    String::new()
                },
                area_pct: a.area_ratio.map(|r| 100.0 * r),
                population_pct: a.population_ratio.map(|r| 100.0 * r),
                standard,
                terrain: match a.mountainous_basis.as_deref() {
                    Some("official_list") => crate::report::Strings::for_lang(lang)
                        .terrain_official
                        .to_string(),
                    Some(_) => crate::report::Strings::for_lang(lang)
                        .terrain_estimated
                        .to_string(),
                    None => String::new(),
                },
            })
        })
        .collect();
    out.sort_by(|a, b| (a.phase, a.level, &a.code).cmp(&(b.phase, b.level, &b.code)));
    out
}

/// The legal-map section's data: the mode in prose, the kind conflicts,
/// the conversions and renames, and the self-check.
pub(super) fn legal_map(
    result: &PlanResult,
    sc: &Scenario,
    check: &CheckReport,
    lang: Lang,
) -> LegalMap {
    let parent = |c: &UnitCode| {
        result
            .names
            .get(c)
            .cloned()
            .unwrap_or_else(|| c.to_string())
    };
    let mode = match (sc.district_kind, lang) {
        (DistrictKindMode::KeepLegal, Lang::Vi) => {
            "Khi nhập đơn vị hành chính cấp huyện, đơn vị mới giữ loại của đơn vị thành viên có thứ tự ưu tiên cao nhất (thành phố, quận, thị xã, huyện) và chỉ được đề xuất khi loại đó được có mọi đơn vị cấp xã sẽ trực thuộc (Hiến pháp 2013 Điều 110: huyện gồm xã, thị trấn; thị xã, thành phố gồm phường, xã; quận gồm phường) và thành phố mở rộng vẫn giữ tỷ lệ phường tối thiểu (NQ 1211/2016 Điều 5); không đề xuất chuyển đổi loại đơn vị cấp xã."
        }
        (DistrictKindMode::Convert, Lang::Vi) => {
            "Khi nhập đơn vị hành chính cấp huyện, đơn vị mới giữ loại của đơn vị thành viên có thứ tự ưu tiên cao nhất (thành phố, quận, thị xã, huyện); các đơn vị cấp xã mà loại đó không được có (Hiến pháp 2013 Điều 110) được đề xuất chuyển đổi: xã thành phường và thị trấn thành phường trong quận; thị trấn thành phường (nếu đạt tiêu chuẩn phường) hoặc thành xã trong thị xã, thành phố; mỗi đơn vị chuyển đổi được đánh giá theo tiêu chuẩn của loại mới."
        }
        (DistrictKindMode::KeepLegal, Lang::En) => {
            "A district merge keeps the kind of its member that ranks first (thành phố, quận, thị xã, huyện) and is proposed only if that kind may hold every commune it will contain (Constitution 2013, Article 110: a huyện holds xã and thị trấn; a thị xã or thành phố holds phường and xã; a quận holds phường) and a growing city keeps its least share of phường (NQ 1211/2016, Article 5); no commune is converted."
        }
        (DistrictKindMode::Convert, Lang::En) => {
            "A district merge keeps the kind of its member that ranks first (thành phố, quận, thị xã, huyện); communes that kind may not hold (Constitution 2013, Article 110) are converted: xã and thị trấn into phường under a quận; a thị trấn into a phường (if it meets the phường standard) or a xã under a thị xã or thành phố; each converted unit is judged against the standard of its new kind."
        }
    };
    let changes = result
        .changes
        .iter()
        .map(|c| {
            let p = parent(&c.parent_code);
            ChangeRow {
                phase: c.phase,
                name: c.name.clone(),
                kind_change: if c.is_conversion() {
                    format!("{} → {}", c.kind_before.label_vi(), c.kind_after.label_vi())
                } else {
                    String::new()
                },
                name_after: c.name_after.clone(),
                verdict: c
                    .verdict
                    .as_ref()
                    .map(|v| {
                        format!(
                            "{} [{}]",
                            if v.meets {
                                lang.pick("Đạt", "Meets")
                            } else {
                                lang.pick("Chưa đạt", "Below")
                            },
                            v.tag.as_str()
                        )
                    })
                    .unwrap_or_default(),
                reason: c.reason(lang, &p),
                parent_name: p,
            }
        })
        .collect();
    LegalMap {
        mode: mode.to_string(),
        kind_conflicts: result
            .unresolved
            .iter()
            .filter(|u| matches!(u.reason, UnresolvedReason::KindConflict))
            .count() as u32,
        conversions: result.changes.iter().filter(|c| c.is_conversion()).count() as u32,
        renamed: (result
            .changes
            .iter()
            .filter(|c| c.name_change.is_some())
            .count()
            + result
                .groups
                .iter()
                .filter(|g| g.name_change.is_some())
                .count()) as u32,
        changes,
        errors: check
            .with(Severity::Error)
            .map(|f| format!("{}: {}", f.phase.as_str(), f.message))
            .collect(),
        warnings: check.with(Severity::Warning).count() as u32,
    }
}

/// What a parent's gap means, in words: the first criterion of the
/// objective where the plan may be worse than the optimum, with the plan's
/// value and the bound (e.g. "new units below the standard: 16 in this
/// plan, at least 15 in the best plan").
///
/// # Complexity
/// O(1).
pub fn gap_text(g: &ParentGap, objective: &Objective, lang: Lang) -> String {
    let why = match (g.cut_short, g.budget_hit, lang) {
        (true, _, Lang::Vi) => "hết ngân sách tính toán của cả lượt chạy",
        (true, _, Lang::En) => "the run's work budget was spent",
        (false, true, Lang::Vi) => "hết ngân sách tính toán",
        (false, true, Lang::En) => "the work budget was reached",
        (false, false, Lang::Vi) => "chạm giới hạn tìm kiếm",
        (false, false, Lang::En) => "a search limit was reached",
    };
    let Some(gap) = g.gap else {
        return match lang {
            Lang::Vi => format!("{why}; chưa liệt kê hết các phương án nhập nên không có cận dưới"),
            Lang::En => {
                format!("{why}; not every candidate group was listed, so no bound is known")
            }
        };
    };
    let slot = (0..gap.best.0.len()).find(|&i| gap.best.0[i] != gap.lower_bound.0[i]);
    let Some(slot) = slot else {
        return match lang {
            Lang::Vi => format!("{why}; phương án đạt cận dưới"),
            Lang::En => format!("{why}; the plan meets the lower bound"),
        };
    };
    let (best, bound) = (gap.best.0[slot], gap.lower_bound.0[slot]);
    let term = if slot == 0 {
        None
    } else {
        objective.order.get(slot - 1).copied()
    };
    let label = match (term, lang) {
        (None, Lang::Vi) => "giá trị hàm mục tiêu có trọng số",
        (None, Lang::En) => "the weighted objective",
        (Some(Term::Unresolved), Lang::Vi) => "đơn vị thuộc diện chưa sắp xếp được",
        (Some(Term::Unresolved), Lang::En) => "targets left unresolved",
        (Some(Term::BelowStandard), Lang::Vi) => "đơn vị mới chưa đạt tiêu chuẩn",
        (Some(Term::BelowStandard), Lang::En) => "new units below the standard",
        (Some(Term::PulledIn), Lang::Vi) => "đơn vị không thuộc diện được nhập thêm",
        (Some(Term::PulledIn), Lang::En) => "units pulled in",
        (Some(Term::PulledInPeople), Lang::Vi) => "dân số các đơn vị được nhập thêm",
        (Some(Term::PulledInPeople), Lang::En) => "people in units pulled in",
        (Some(Term::Disappearing), Lang::Vi) => "đơn vị giảm",
        (Some(Term::Disappearing), Lang::En) => "units disappearing",
        (Some(Term::Compactness), Lang::Vi) => "chiều dài ranh giới chung trong các nhóm (m)",
        (Some(Term::Compactness), Lang::En) => "shared border inside the groups (m)",
        (Some(Term::Oversize), Lang::Vi) => "đơn vị mới quá lớn",
        (Some(Term::Oversize), Lang::En) => "oversized new units",
        (Some(Term::BorderShare), Lang::Vi) => {
            "tỷ lệ ranh giới chung nhìn từ mỗi đơn vị (phần nghìn)"
        }
        (Some(Term::BorderShare), Lang::En) => "border share seen from each member (thousandths)",
        (Some(Term::MixedKinds), Lang::Vi) => "đơn vị mới gồm cả phường, thị trấn và xã",
        (Some(Term::MixedKinds), Lang::En) => "new units mixing urban and rural members",
        (Some(Term::AreaLog), Lang::Vi) => "lôgarit tỷ lệ diện tích so với tiêu chuẩn (phần nghìn)",
        (Some(Term::AreaLog), Lang::En) => "ln of the area ratio to the standard (thousandths)",
        (Some(Term::PopulationLog), Lang::Vi) => {
            "lôgarit tỷ lệ dân số so với tiêu chuẩn (phần nghìn)"
        }
        (Some(Term::PopulationLog), Lang::En) => {
            "ln of the population ratio to the standard (thousandths)"
        }
        (Some(Term::PairBelowStandard), Lang::Vi) => {
            "nhập hai đơn vị mà đơn vị mới chưa đạt tiêu chuẩn"
        }
        (Some(Term::PairBelowStandard), Lang::En) => "two-unit merges below the standard",
        (Some(Term::PopulationShortfall), Lang::Vi) => {
            "phần dân số còn thiếu so với tiêu chuẩn (phần nghìn)"
        }
        (Some(Term::PopulationShortfall), Lang::En) => {
            "population short of the standard (thousandths)"
        }
        (Some(Term::AreaShortfall), Lang::Vi) => {
            "phần diện tích còn thiếu so với tiêu chuẩn (phần nghìn)"
        }
        (Some(Term::AreaShortfall), Lang::En) => "area short of the standard (thousandths)",
    };
    // Compactness and border share are maximised: their keys are negated.
    let (best, bound, cmp) = if matches!(term, Some(Term::Compactness | Term::BorderShare)) {
        (-best, -bound, lang.pick("nhiều nhất", "at most"))
    } else {
        (best, bound, lang.pick("ít nhất", "at least"))
    };
    match lang {
        Lang::Vi => format!(
            "{why}; {label}: {} trong phương án, phương án tối ưu {cmp} {}",
            fmt_int(best, lang),
            fmt_int(bound, lang)
        ),
        Lang::En => format!(
            "{why}; {label}: {} in this plan, {cmp} {} in the best plan",
            fmt_int(best, lang),
            fmt_int(bound, lang)
        ),
    }
}

/// The voter-consultation section: the rule (with its source and tag), how
/// many members of the planned groups were consulted, and one row per
/// proposed group the voters turned down with what changed and why
/// (docs/conditions.md, "Consent as a gate").
///
/// # Complexity
/// O(groups + events × group size).
pub(super) fn consultation(
    result: &PlanResult,
    rules: &RuleSet,
    lang: Lang,
) -> ConsultationSection {
    use crate::legal::{Consent, consent_of};
    let rule = rules.consultation.as_ref();
    let pct = |x: f64| crate::lang::fmt_pct(x * 100.0, 1, lang);
    let int = |x: u64| fmt_int(i64::try_from(x).unwrap_or(i64::MAX), lang);
    let mut paragraphs = Vec::new();
    paragraphs.push(match rule {
        Some(r) => format!(
            "{}: {} ({} [{}]).",
            lang.pick("Điều kiện", "Condition"),
            lang.pick(&r.label_vi, &r.label_en),
            r.majority_share.source,
            r.majority_share.tag.as_str()
        ),
        None => lang
            .pick(
                "Bộ quy tắc không đặt điều kiện về kết quả lấy ý kiến cử tri; số liệu chỉ được trình bày.",
                "The rule set sets no condition on the voter consultation; the figures are only shown.",
            )
            .to_string(),
    });
    let (mut reached, mut not_consulted, mut refused) = (0u64, 0u64, 0u64);
    let mut groups_not_consulted = 0u64;
    for g in &result.groups {
        let mut any_missing = false;
        for m in &g.members {
            match consent_of(&m.unit, rule) {
                Consent::Reached(_) => reached += 1,
                Consent::NotReached(_) => refused += 1,
                Consent::NotConsulted => {
                    not_consulted += 1;
                    any_missing = true;
                }
            }
        }
        groups_not_consulted += u64::from(any_missing);
    }
    let members = reached + refused + not_consulted;
    paragraphs.push(if reached + refused == 0 {
        match lang {
            Lang::Vi => format!(
                "Chưa lấy ý kiến cử tri: dữ liệu chưa có kết quả lấy ý kiến của đơn vị nào trong {} đơn vị thuộc các nhóm nhập; mọi nhóm được ghi là chưa lấy ý kiến.",
                int(members)
            ),
            Lang::En => format!(
                "Not yet consulted: the data holds no consultation result for any of the {} units in the merge groups; every group is shown as not yet consulted.",
                int(members)
            ),
        }
    } else {
        match lang {
            Lang::Vi => format!(
                "Trong {} đơn vị thuộc các nhóm nhập: {} đơn vị cử tri đồng thuận, {} đơn vị chưa lấy ý kiến ({} nhóm có đơn vị chưa lấy ý kiến), {} đơn vị chưa đạt đồng thuận nhưng được giữ theo quyết định của tỉnh.",
                int(members),
                int(reached),
                int(not_consulted),
                int(groups_not_consulted),
                int(refused)
            ),
            Lang::En => format!(
                "Of the {} units in the merge groups: {} with their voters' consent, {} not yet consulted ({} groups with a unit not yet consulted), {} without consent but kept as the province's decision.",
                int(members),
                int(reached),
                int(not_consulted),
                int(groups_not_consulted),
                int(refused)
            ),
        }
    });
    let replanned = result
        .consent
        .iter()
        .filter(|e| e.kept_as.is_none())
        .count() as u64;
    paragraphs.push(match lang {
        Lang::Vi => format!(
            "Nhóm nhập do công cụ đề xuất mà cử tri của một đơn vị không đồng thuận được lập lại phương án không có đơn vị đó (đơn vị đó tạm hoãn): {} nhóm.",
            int(replanned)
        ),
        Lang::En => format!(
            "Groups reorg proposed that a unit's voters did not accept were planned again without that unit (the unit is deferred): {}.",
            int(replanned)
        ),
    });
    let by_id: BTreeMap<&str, &PlannedGroup> = result
        .groups
        .iter()
        .map(|g| (g.group_id.as_str(), g))
        .collect();
    let name_of = |code: &UnitCode, e: &crate::pipeline::ConsentEvent| {
        e.proposed
            .iter()
            .find(|u| &u.code == code)
            .map_or_else(|| code.to_string(), |u| u.name.clone())
    };
    let figures = |u: &crate::model::Unit| match &u.attrs.consultation {
        Some(c) => match lang {
            Lang::Vi => format!(
                "{}: {}/{} cử tri đồng ý ({})",
                u.name,
                int(c.agree),
                int(c.voters),
                pct(c.share())
            ),
            Lang::En => format!(
                "{}: {} of {} voters agreed ({})",
                u.name,
                int(c.agree),
                int(c.voters),
                pct(c.share())
            ),
        },
        None => format!(
            "{}: {} {}",
            u.name,
            pct(u.attrs.consent_share.unwrap_or(0.0)),
            lang.pick("đồng ý", "agreed")
        ),
    };
    let mut rows = Vec::new();
    for e in &result.consent {
        let proposed = e
            .proposed
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let failing = e
            .proposed
            .iter()
            .filter(|u| e.failing.contains(&u.code))
            .map(figures)
            .collect::<Vec<_>>()
            .join("; ");
        let changed = match &e.kept_as {
            Some(id) => lang
                .pick(
                    "Giữ nguyên theo quyết định của tỉnh; lỗi \"chưa đạt sự đồng thuận\" trong phần tự kiểm tra",
                    "Kept as the province's decision; error \"consent not reached\" in the self-check",
                )
                .to_string()
                + &by_id
                    .get(id.as_str())
                    .map_or_else(String::new, |g| format!(" ({})", g.proposed_name)),
            None => {
                let mut parts: Vec<String> = e
                    .failing
                    .iter()
                    .map(|c| {
                        format!(
                            "{}: {}",
                            name_of(c, e),
                            lang.pick("tạm hoãn, lấy ý kiến lại", "deferred, to be consulted again")
                        )
                    })
                    .collect();
                // The other members, by the group they joined after the re-plan.
                let mut by_group: BTreeMap<Option<&str>, Vec<String>> = BTreeMap::new();
                for (code, group) in &e.outcome {
                    by_group
                        .entry(group.as_deref())
                        .or_default()
                        .push(name_of(code, e));
                }
                for (group, names) in by_group {
                    let what = match group.and_then(|id| by_id.get(id)) {
                        Some(g) => {
                            let all: Vec<&str> =
                                g.members.iter().map(|m| m.unit.name.as_str()).collect();
                            match lang {
                                Lang::Vi => format!(
                                    "nhập thành {} (gồm {})",
                                    g.proposed_name,
                                    all.join(", ")
                                ),
                                Lang::En => format!(
                                    "merged into {} (of {})",
                                    g.proposed_name,
                                    all.join(", ")
                                ),
                            }
                        }
                        None => lang
                            .pick(
                                "chưa có phương án khác (nếu thuộc diện sắp xếp, xem mục đơn vị chưa có phương án)",
                                "no other merge (if it must be arranged, see the unresolved units)",
                            )
                            .to_string(),
                    };
                    parts.push(format!("{}: {what}", names.join(", ")));
                }
                parts.join("; ")
            }
        };
        let why = match (lang, rule) {
            (Lang::Vi, Some(r)) => format!(
                "không quá {} tổng số cử tri trong danh sách đồng ý",
                crate::lang::fmt_pct(r.majority_share.value * 100.0, 0, lang),
            ),
            (Lang::En, Some(r)) => format!(
                "no more than {} of all voters on the roll agreed",
                crate::lang::fmt_pct(r.majority_share.value * 100.0, 0, lang),
            ),
            (_, None) => String::new(),
        };
        rows.push(vec![
            crate::report::Strings::for_lang(lang).phase(e.phase),
            result
                .names
                .get(&e.parent_code)
                .cloned()
                .unwrap_or_else(|| e.parent_code.to_string()),
            proposed,
            failing,
            changed,
            why,
        ]);
    }
    let head = match lang {
        Lang::Vi => [
            "Giai đoạn",
            "Đơn vị cấp trên",
            "Phương án đề xuất ban đầu",
            "Đơn vị cử tri chưa đồng thuận",
            "Điều chỉnh",
            "Lý do",
        ],
        Lang::En => [
            "Phase",
            "Parent",
            "Group first proposed",
            "Units whose voters did not agree",
            "What changed",
            "Why",
        ],
    };
    ConsultationSection {
        heading: lang
            .pick("Lấy ý kiến cử tri", "Voter consultation")
            .to_string(),
        paragraphs,
        head: head.iter().map(|s| (*s).to_string()).collect(),
        rows,
    }
}
