//! CSV encodings of a plan: `plan.csv`, `unresolved.csv`, `units.csv`.
//!
//! Encoders return bytes so that callers can write a report folder
//! atomically; rows come out in a fixed order (phase, level, group id / code),
//! numbers with a fixed number of decimals, so the same plan gives the same
//! bytes. Every table goes through [`crate::io::csv_out`] (byte-order mark,
//! formula-like cells neutralised).

use crate::io::csv_out::{CsvStyle, encode};
use crate::planner::UnresolvedReason;
use crate::rules::Lang;

use super::run::{PlanResult, PlannedGroup, UnresolvedTarget};

/// Header of `plan.csv`: the contract columns first, then extras.
pub const PLAN_HEADER: [&str; 23] = [
    "phase",
    "level",
    "group_id",
    "parent_code",
    "members",
    "proposed_name",
    "area_km2",
    "population",
    "area_ratio",
    "population_ratio",
    "meets_standard",
    "province_code",
    "new_code",
    "kind",
    "member_names",
    "targets",
    "pulled_in",
    "name_alternatives",
    "standard_area_km2",
    "standard_population",
    "inner_border_km",
    "depends_on",
    "year",
];

fn opt_f(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| format!("{x:.decimals$}")).unwrap_or_default()
}

fn join<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(";")
}

/// One `plan.csv` row for a group taking effect in `year` (if scheduled).
pub fn plan_row(g: &PlannedGroup, year: Option<u16>) -> Vec<String> {
    vec![
        g.phase.as_str().to_string(),
        g.level.as_str().to_string(),
        g.group_id.clone(),
        g.parent_code.to_string(),
        join(g.members.iter().map(|m| m.unit.code.as_str())),
        g.proposed_name.clone(),
        opt_f(g.new_unit.area_km2, 2),
        g.new_unit
            .population
            .map(|p| p.to_string())
            .unwrap_or_default(),
        opt_f(g.area_ratio, 4),
        opt_f(g.population_ratio, 4),
        g.meets_standard.to_string(),
        g.province_code.to_string(),
        g.new_unit.code.to_string(),
        g.new_unit.kind.as_str().to_string(),
        join(g.members.iter().map(|m| m.unit.name.as_str())),
        join(
            g.members
                .iter()
                .filter(|m| m.is_target)
                .map(|m| m.unit.code.as_str()),
        ),
        join(
            g.members
                .iter()
                .filter(|m| !m.is_target)
                .map(|m| m.unit.code.as_str()),
        ),
        join(&g.alternatives),
        format!("{:.2}", g.standard_area_km2),
        format!("{:.0}", g.standard_population),
        format!("{:.3}", g.inner_border_km),
        g.depends_on.clone().unwrap_or_default(),
        year.map(|y| y.to_string()).unwrap_or_default(),
    ]
}

/// `plan.csv`: one row per merge group, with the effective year from
/// `years` (by group id; empty when a group is not scheduled).
pub fn encode_plan_with_years(
    result: &PlanResult,
    years: &std::collections::BTreeMap<String, u16>,
    style: CsvStyle,
) -> Vec<u8> {
    encode(
        style,
        &PLAN_HEADER,
        result
            .groups
            .iter()
            .map(|g| plan_row(g, years.get(&g.group_id).copied())),
    )
}

/// A short, stable id of an unresolved reason (`no_neighbour`, ...).
pub fn reason_id(r: &UnresolvedReason) -> &'static str {
    match r {
        UnresolvedReason::TargetIneligible { .. } => "target_ineligible",
        UnresolvedReason::NoNeighbour => "no_neighbour",
        UnresolvedReason::NoEligibleNeighbour { .. } => "no_eligible_neighbour",
        UnresolvedReason::LocksExcludeAll => "locks_exclude_all",
        UnresolvedReason::CandidateCapReached => "candidate_cap_reached",
        UnresolvedReason::StandardUnreachableWithinK => "standard_unreachable_within_k",
        UnresolvedReason::ConflictWithOtherTargets { .. } => "conflict_with_other_targets",
        UnresolvedReason::ObjectiveTradeOff => "objective_trade_off",
    }
}

/// A human explanation of an unresolved reason.
pub fn reason_text(r: &UnresolvedReason, lang: Lang) -> String {
    match r {
        UnresolvedReason::TargetIneligible { eligibility } => lang
            .pick(
                match eligibility {
                    crate::planner::EligibilityTag::Exempt => {
                        "đơn vị thuộc trường hợp không bắt buộc sắp xếp"
                    }
                    crate::planner::EligibilityTag::Locked => {
                        "đơn vị bị khóa trong phương án hoặc thiếu số liệu"
                    }
                },
                match eligibility {
                    crate::planner::EligibilityTag::Exempt => "the unit is exempt",
                    crate::planner::EligibilityTag::Locked => {
                        "the unit is locked by the scenario or lacks data"
                    }
                },
            )
            .to_string(),
        UnresolvedReason::NoNeighbour => lang
            .pick(
                "không có đơn vị liền kề cùng cấp trong cùng đơn vị cấp trên",
                "no adjacent unit of the same level inside the parent",
            )
            .to_string(),
        UnresolvedReason::NoEligibleNeighbour { exempt, locked } => match lang {
            Lang::Vi => format!(
                "mọi đơn vị liền kề đều không thể sắp xếp ({exempt} được miễn, {locked} bị khóa)"
            ),
            Lang::En => {
                format!("every adjacent unit is unavailable ({exempt} exempt, {locked} locked)")
            }
        },
        UnresolvedReason::LocksExcludeAll => lang
            .pick(
                "mọi phương án nhập đều vi phạm ràng buộc của phương án",
                "every possible group breaks a scenario lock",
            )
            .to_string(),
        UnresolvedReason::CandidateCapReached => lang
            .pick(
                "vượt giới hạn số phương án ứng viên",
                "the candidate cap was reached",
            )
            .to_string(),
        UnresolvedReason::StandardUnreachableWithinK => lang
            .pick(
                "không nhóm nào trong giới hạn số đơn vị đạt tiêu chuẩn",
                "no group within the size limit meets the standard",
            )
            .to_string(),
        UnresolvedReason::ConflictWithOtherTargets { blocking } => match lang {
            Lang::Vi => format!(
                "các đơn vị liền kề đã được nhập với {} đơn vị khác thuộc diện sắp xếp",
                blocking.len()
            ),
            Lang::En => format!(
                "its neighbours are taken by groups of {} other targets",
                blocking.len()
            ),
        },
        UnresolvedReason::ObjectiveTradeOff => lang
            .pick(
                "hàm mục tiêu của phương án ưu tiên không nhập",
                "the scenario's objective prefers leaving it",
            )
            .to_string(),
    }
}

/// Header of `unresolved.csv`.
pub const UNRESOLVED_HEADER: [&str; 10] = [
    "phase",
    "code",
    "reason",
    "level",
    "name",
    "parent_code",
    "rule",
    "area_ratio",
    "population_ratio",
    "best_option",
];

fn unresolved_row(u: &UnresolvedTarget, lang: Lang) -> Vec<String> {
    vec![
        u.phase.as_str().to_string(),
        u.unit.code.to_string(),
        format!("{}: {}", reason_id(&u.reason), reason_text(&u.reason, lang)),
        u.unit.level.as_str().to_string(),
        u.unit.name.clone(),
        u.parent_code.to_string(),
        u.assessment.rule.clone().unwrap_or_default(),
        opt_f(u.assessment.area_ratio, 4),
        opt_f(u.assessment.population_ratio, 4),
        join(u.best_option.iter().map(|c| c.as_str())),
    ]
}

/// `unresolved.csv`: one row per target left without a merge.
pub fn encode_unresolved(result: &PlanResult, lang: Lang, style: CsvStyle) -> Vec<u8> {
    encode(
        style,
        &UNRESOLVED_HEADER,
        result.unresolved.iter().map(|u| unresolved_row(u, lang)),
    )
}

/// Header of the plan's `units.csv` (assessment of every unit on the map of
/// each phase).
pub const UNITS_HEADER: [&str; 10] = [
    "code",
    "level",
    "phase",
    "status",
    "rule",
    "area_ratio",
    "population_ratio",
    "standard",
    "tag",
    "assumptions",
];

/// `units.csv`: every assessment made during the run.
pub fn encode_units(result: &PlanResult, lang: Lang, style: CsvStyle) -> Vec<u8> {
    let mut rows: Vec<&crate::assess::Assessment> = result.assessments.iter().collect();
    rows.sort_by(|a, b| (a.phase, a.level, &a.code).cmp(&(b.phase, b.level, &b.code)));
    encode(
        style,
        &UNITS_HEADER,
        rows.into_iter().map(|a| {
            vec![
                a.code.to_string(),
                a.level.as_str().to_string(),
                a.phase.as_str().to_string(),
                a.status.as_str().to_string(),
                a.rule.clone().unwrap_or_default(),
                opt_f(a.area_ratio, 4),
                opt_f(a.population_ratio, 4),
                a.standard.id.clone(),
                a.tag.as_str().to_string(),
                a.notes
                    .iter()
                    .map(|n| n.text(lang))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        }),
    )
}
