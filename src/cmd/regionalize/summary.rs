//! The terminal summary of `reorg regionalize`: counts, bound and gap,
//! component statuses, and regions per standard under a rule set.

use reorg::regionalize::{ComponentStatus, Plan, RuleStandard};

/// `vi` or `en` by the `--lang` value.
pub(super) fn pick<'a>(lang: &str, vi: &'a str, en: &'a str) -> &'a str {
    if lang == "en" { en } else { vi }
}

/// Regions per standard (and exempt units) under a rule set.
pub(super) fn print_standards(lang: &str, plan: &Plan, rs: &RuleStandard) {
    struct Row {
        regions: usize,
        units: usize,
        pop: (f64, f64),
        area: (f64, f64),
    }
    let mut by_id: std::collections::BTreeMap<String, Row> = std::collections::BTreeMap::new();
    for r in &plan.regions {
        let st = rs.region_standard(&r.members, r.area);
        let e = by_id.entry(st.id).or_insert(Row {
            regions: 0,
            units: 0,
            pop: (st.pop, st.pop),
            area: (st.area, st.area),
        });
        e.regions += 1;
        e.units += r.members.len();
        e.pop = (e.pop.0.min(st.pop), e.pop.1.max(st.pop));
        e.area = (e.area.0.min(st.area), e.area.1.max(st.area));
    }
    let range = |(lo, hi): (f64, f64)| {
        if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo}–{hi}")
        }
    };
    println!(
        "  {}:",
        pick(
            lang,
            "vùng theo tiêu chuẩn áp dụng",
            "regions by the standard they take"
        )
    );
    for (id, row) in &by_id {
        let what = if row.pop.1 == 0.0 && row.area.1 == 0.0 {
            pick(lang, "miễn tiêu chuẩn", "exempt from the standards").to_string()
        } else {
            format!(
                "{} ≥ {}, {} ≥ {} km²",
                pick(lang, "dân số", "population"),
                range(row.pop),
                pick(lang, "diện tích", "area"),
                range(row.area),
            )
        };
        println!(
            "    {id}: {} {} {} {} {} ({what})",
            row.regions,
            pick(lang, "vùng", "regions"),
            pick(lang, "từ", "from"),
            row.units,
            pick(lang, "đơn vị", "units"),
        );
    }
    let exempt = rs.exempt().count();
    if exempt > 0 {
        println!(
            "  {}: {exempt}",
            pick(
                lang,
                "đơn vị được miễn tiêu chuẩn, giữ nguyên",
                "units exempt from the standards, kept alone"
            )
        );
    }
}

pub(super) fn print_summary(lang: &str, units: usize, plan: &Plan, rules: bool) {
    let count = |s: ComponentStatus| plan.components.iter().filter(|c| c.status == s).count();
    let meeting = plan.regions.iter().filter(|r| r.meets).count();
    println!("  {}: {units}", pick(lang, "đơn vị trước", "units before"));
    println!(
        "  {}: {} ({} {}, {} {})",
        pick(lang, "đơn vị sau (vùng)", "units after (regions)"),
        plan.p(),
        meeting,
        if rules {
            pick(
                lang,
                "đạt tiêu chuẩn hoặc được miễn",
                "meet their standard or are exempt",
            )
        } else {
            pick(lang, "đạt cả hai ngưỡng", "meet both thresholds")
        },
        plan.untouched(),
        pick(lang, "giữ nguyên", "untouched")
    );
    let ub = plan.upper_bound();
    println!(
        "  {}: {ub} ({} {}, {:.2}%)",
        pick(lang, "cận trên số vùng", "upper bound on regions"),
        pick(lang, "chênh lệch", "gap"),
        ub - plan.p(),
        if ub > 0 {
            100.0 * (ub - plan.p()) as f64 / ub as f64
        } else {
            0.0
        }
    );
    println!(
        "  {}: {} {}, {} {}, {} {}, {} {}",
        pick(lang, "thành phần liên thông", "connected components"),
        count(ComponentStatus::Optimal),
        pick(lang, "tối ưu", "optimal"),
        count(ComponentStatus::RegionsOptimal),
        pick(lang, "tối ưu số vùng", "optimal in regions"),
        count(ComponentStatus::Heuristic),
        pick(lang, "heuristic", "heuristic"),
        count(ComponentStatus::Infeasible),
        pick(lang, "không khả thi", "infeasible"),
    );
    if plan.time_limit_hit {
        println!(
            "  {}",
            pick(
                lang,
                "đã dừng do hết thời gian",
                "stopped by the time limit"
            )
        );
    }
}
