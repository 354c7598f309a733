//! The terminal summary of `reorg regionalize`: counts, bound and gap,
//! component statuses, and regions per standard under a rule set. Written
//! to a locked standard output: a closed pipe is an error that `main` turns
//! into exit 0, never a panic.

use std::io::{self, Write};
use std::path::Path;

use reorg::lang::Lang;
use reorg::model::{Dataset, Level};
use reorg::regionalize::{ComponentStatus, Plan, RuleStandard, Standard};
use reorg::scenario::Within;

use super::{DatasetRun, RegionalizeArgs};

/// The summary of a dataset run: what was asked, the counts, the
/// compactness, the regions per standard, the infeasible components.
pub(super) fn print_dataset_summary(
    w: &mut impl Write,
    args: &RegionalizeArgs,
    dir: &Path,
    ds: &Dataset,
    run: &DatasetRun,
    plan: &Plan,
) -> io::Result<()> {
    let lang = args.lang;
    let level_name = match args.level {
        Level::District => lang.pick("cấp huyện", "district level"),
        _ => lang.pick("cấp xã", "commune level"),
    };
    let scope_name = match run.within {
        Within::District => lang.pick("trong từng huyện", "within each district"),
        Within::Province => lang.pick("trong từng tỉnh", "within each province"),
        Within::Country => lang.pick("toàn quốc", "across the country"),
    };
    let rule_std = match &run.standard {
        Standard::Rules(rs) => {
            let set = rs.rules();
            writeln!(
                w,
                "{} — {level_name}, {scope_name}; {}: {} ({})",
                dir.display(),
                lang.pick("tiêu chuẩn theo bộ quy tắc", "standards of the rule set"),
                set.name,
                lang.pick(&set.title_vi, &set.title_en),
            )?;
            Some(rs.as_ref())
        }
        Standard::Fixed(th) => {
            writeln!(
                w,
                "{} — {level_name}, {scope_name}; {} ≥ {}, {} ≥ {} km²",
                dir.display(),
                lang.pick("dân số", "population"),
                th.pop,
                lang.pick("diện tích", "area"),
                th.area,
            )?;
            None
        }
    };
    print_summary(w, lang, run.dp.problem.len(), plan, rule_std.is_some())?;
    writeln!(
        w,
        "  {}: {:.1} km",
        lang.pick(
            "độ gọn: tổng chiều dài ranh giới chung bên trong các vùng",
            "compactness: shared border inside regions"
        ),
        plan.inside_border
    )?;
    if let Some(rs) = rule_std {
        print_standards(w, lang, plan, rs)?;
    }
    print_infeasible(w, lang, ds, run, plan)
}

/// The infeasible components (the first 20, then a count).
fn print_infeasible(
    w: &mut impl Write,
    lang: Lang,
    ds: &Dataset,
    run: &DatasetRun,
    plan: &Plan,
) -> io::Result<()> {
    const SHOWN: usize = 20;
    for c in plan.infeasible().take(SHOWN) {
        let codes: Vec<&str> = plan
            .regions
            .iter()
            .filter(|r| plan.components[r.component].first_unit == c.first_unit)
            .flat_map(|r| r.members.iter())
            .map(|&u| ds.unit(run.dp.units[u as usize]).code.as_str())
            .collect();
        writeln!(
            w,
            "  {}: {}",
            lang.pick(
                "không thể đạt ngưỡng (giữ thành một vùng)",
                "cannot reach the thresholds (kept as one region)"
            ),
            codes.join(" ")
        )?;
    }
    let hidden = plan.infeasible().count().saturating_sub(SHOWN);
    if hidden > 0 {
        writeln!(
            w,
            "  … {hidden} {}",
            lang.pick(
                "vùng không khả thi khác (xem tệp CSV, cột meets)",
                "more infeasible regions (see the CSV, column meets)"
            )
        )?;
    }
    Ok(())
}

/// Regions per standard (and exempt units) under a rule set.
fn print_standards(
    w: &mut impl Write,
    lang: Lang,
    plan: &Plan,
    rs: &RuleStandard,
) -> io::Result<()> {
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
    writeln!(
        w,
        "  {}:",
        lang.pick(
            "vùng theo tiêu chuẩn áp dụng",
            "regions by the standard they take"
        )
    )?;
    for (id, row) in &by_id {
        let what = if row.pop.1 == 0.0 && row.area.1 == 0.0 {
            lang.pick("miễn tiêu chuẩn", "exempt from the standards")
                .to_string()
        } else {
            format!(
                "{} ≥ {}, {} ≥ {} km²",
                lang.pick("dân số", "population"),
                range(row.pop),
                lang.pick("diện tích", "area"),
                range(row.area),
            )
        };
        writeln!(
            w,
            "    {id}: {} {} {} {} {} ({what})",
            row.regions,
            lang.pick("vùng", "regions"),
            lang.pick("từ", "from"),
            row.units,
            lang.pick("đơn vị", "units"),
        )?;
    }
    let exempt = rs.exempt().count();
    if exempt > 0 {
        writeln!(
            w,
            "  {}: {exempt}",
            lang.pick(
                "đơn vị được miễn tiêu chuẩn, giữ nguyên",
                "units exempt from the standards, kept alone"
            )
        )?;
    }
    Ok(())
}

/// Counts, bound and gap, and component statuses.
pub(super) fn print_summary(
    w: &mut impl Write,
    lang: Lang,
    units: usize,
    plan: &Plan,
    rules: bool,
) -> io::Result<()> {
    let count = |s: ComponentStatus| plan.components.iter().filter(|c| c.status == s).count();
    let meeting = plan.regions.iter().filter(|r| r.meets).count();
    writeln!(
        w,
        "  {}: {units}",
        lang.pick("đơn vị trước", "units before")
    )?;
    writeln!(
        w,
        "  {}: {} ({} {}, {} {})",
        lang.pick("đơn vị sau (vùng)", "units after (regions)"),
        plan.p(),
        meeting,
        if rules {
            lang.pick(
                "đạt tiêu chuẩn hoặc được miễn",
                "meet their standard or are exempt",
            )
        } else {
            lang.pick("đạt cả hai ngưỡng", "meet both thresholds")
        },
        plan.untouched(),
        lang.pick("giữ nguyên", "untouched")
    )?;
    let ub = plan.upper_bound();
    writeln!(
        w,
        "  {}: {ub} ({} {}, {:.2}%)",
        lang.pick("cận trên số vùng", "upper bound on regions"),
        lang.pick("chênh lệch", "gap"),
        ub - plan.p(),
        if ub > 0 {
            100.0 * (ub - plan.p()) as f64 / ub as f64
        } else {
            0.0
        }
    )?;
    writeln!(
        w,
        "  {}: {} {}, {} {}, {} {}, {} {}",
        lang.pick("thành phần liên thông", "connected components"),
        count(ComponentStatus::Optimal),
        lang.pick("tối ưu", "optimal"),
        count(ComponentStatus::RegionsOptimal),
        lang.pick("tối ưu số vùng", "optimal in regions"),
        count(ComponentStatus::Heuristic),
        lang.pick("heuristic", "heuristic"),
        count(ComponentStatus::Infeasible),
        lang.pick("không khả thi", "infeasible"),
    )?;
    if plan.time_limit_hit {
        writeln!(
            w,
            "  {}",
            lang.pick("đã dừng do hết thời gian", "stopped by the time limit")
        )?;
    }
    Ok(())
}
