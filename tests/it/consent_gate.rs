//! Consent as a gate (issue #16, docs/conditions.md): a proposed merge goes
//! forward only when, in every member, more than half of all the voters on
//! the roll agree; a failing group is planned again without the member
//! whose voters did not agree, and the run records what changed.
//!
//! The map: one district of four xã. T (6 km², 3,000 people) must be
//! arranged (NQ 35/2023 M3: area below 20% of 30 km²). A and B (25 km²,
//! 6,000 people each) are both partners that make T meet the standard; A
//! shares 5 km of border with T, B only 2 km, so the planner picks A first.

use std::path::Path;

use reorg::io::{LoadError, load_dir};
use reorg::model::{Phase, UnitCode};
use reorg::pipeline::{PlanResult, RunOptions, run};
use reorg::planner::UnresolvedReason;
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

const UNITS: &str = "code,name,level,kind,parent_code,area_km2,population,mountainous
01,Tỉnh Thử,province,tinh,,5000,1500000,false
001,Huyện Một,district,huyen,01,900,100000,false
00011,Xã Tân,commune,xa,001,6,3000,false
00012,Xã An,commune,xa,001,25,6000,false
00013,Xã Bình,commune,xa,001,25,6000,false
00014,Xã Cường,commune,xa,001,844,85000,false
";

const ADJACENCY: &str = "code_a,code_b,shared_border_km
00011,00012,5
00011,00013,2
00012,00014,3
00013,00014,3
";

const T: &str = "00011";
const A: &str = "00012";
const B: &str = "00013";

fn write(dir: &Path, units: &str, consultation: Option<&str>) {
    std::fs::write(dir.join("units.csv"), units).unwrap();
    std::fs::write(dir.join("adjacency.csv"), ADJACENCY).unwrap();
    if let Some(c) = consultation {
        std::fs::write(dir.join("consultation.csv"), c).unwrap();
    }
}

fn plan_with(units: &str, consultation: Option<&str>, scenario: &Scenario) -> PlanResult {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), units, consultation);
    let ds = load_dir(dir.path()).unwrap().dataset;
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    run(
        &ds,
        &RunOptions {
            rules: &rules,
            scenario,
            province: None,
            progress: None,
        },
    )
    .unwrap()
}

/// UNITS with extra columns `extra` (comma-separated); `cells` gives a
/// unit's values (`code`, `v1,v2`), the others are empty.
fn with_columns(extra: &str, cells: &[(&str, &str)]) -> String {
    let n = extra.split(',').count();
    let mut out = String::new();
    for (i, line) in UNITS.lines().enumerate() {
        let code = line.split(',').next().unwrap();
        let add = if i == 0 {
            extra.to_string()
        } else {
            cells
                .iter()
                .find(|(c, _)| *c == code)
                .map_or_else(|| ",".repeat(n - 1), |(_, v)| (*v).to_string())
        };
        out.push_str(&format!("{line},{add}\n"));
    }
    out
}

fn plan(consultation: Option<&str>) -> PlanResult {
    plan_with(UNITS, consultation, &Scenario::default())
}

/// The run restricted to phase 1 (2023–2025): in phase 2 A and B are below
/// the standard themselves (M4) and planned again.
fn phase1(mut p: PlanResult) -> PlanResult {
    let keep = |ph: Phase| ph == Phase::Phase2023To2025;
    p.groups.retain(|g| keep(g.phase));
    p.unresolved.retain(|u| keep(u.phase));
    p.consent.retain(|e| keep(e.phase));
    p
}

/// The member codes of the commune group holding `code`, if any.
fn group_of(p: &PlanResult, code: &str) -> Option<Vec<String>> {
    p.groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.unit.code.as_str() == code))
        .map(|g| g.members.iter().map(|m| m.unit.code.0.clone()).collect())
}

#[test]
fn without_consultation_the_longer_border_wins() {
    let p = phase1(plan(None));
    assert_eq!(group_of(&p, T), Some(vec![T.into(), A.into()]));
    assert!(p.consent.is_empty());
}

#[test]
fn a_member_at_exactly_half_blocks_its_group_and_the_replan_finds_the_next_partner() {
    let p = phase1(plan(Some(
        "code,voters,agree,disagree,date\n00012,1000,500,480,2024-03-17\n00011,2000,1900,,\n",
    )));
    assert_eq!(group_of(&p, T), Some(vec![T.into(), B.into()]));
    assert_eq!(group_of(&p, A), None, "A is deferred");
    assert_eq!(p.consent.len(), 1);
    let e = &p.consent[0];
    assert_eq!(e.failing, vec![UnitCode(A.into())]);
    assert_eq!(e.kept_as, None);
    let proposed: Vec<&str> = e.proposed.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(proposed, vec![T, A]);
    let new_group = p
        .groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.unit.code.as_str() == T))
        .unwrap();
    assert_eq!(
        e.outcome,
        vec![(UnitCode(T.into()), Some(new_group.group_id.clone()))]
    );
}

#[test]
fn a_member_at_fifty_point_one_percent_does_not_block() {
    let p = phase1(plan(Some("code,voters,agree\n00012,1000,501\n")));
    assert_eq!(group_of(&p, T), Some(vec![T.into(), A.into()]));
    assert!(p.consent.is_empty());
}

#[test]
fn a_consent_share_at_half_blocks_too() {
    // Consent given as a share in units.csv keeps working: 0.5 is not more
    // than half.
    let units = with_columns("consent_share", &[(A, "0.5"), (B, "0.5")]);
    let p = phase1(plan_with(&units, None, &Scenario::default()));
    assert_eq!(group_of(&p, T), None, "both partners are at 50%");
    let t = p
        .unresolved
        .iter()
        .find(|u| u.unit.code.as_str() == T)
        .unwrap();
    assert_ne!(t.reason, UnresolvedReason::ConsentNotReached);
    assert_eq!(p.consent.len(), 2, "A then B were turned down");
}

#[test]
fn a_target_whose_voters_refuse_is_deferred_with_the_reason() {
    let p = phase1(plan(Some("code,voters,agree\n00011,1000,400\n")));
    assert_eq!(group_of(&p, T), None);
    let t = p
        .unresolved
        .iter()
        .find(|u| u.unit.code.as_str() == T)
        .unwrap();
    assert_eq!(t.reason, UnresolvedReason::ConsentNotReached);
    let e = &p.consent[0];
    assert_eq!(e.failing, vec![UnitCode(T.into())]);
    assert_eq!(e.outcome, vec![(UnitCode(A.into()), None)]);
}

#[test]
fn a_group_the_province_fixed_is_kept_and_flagged() {
    let mut sc = Scenario::default();
    sc.locks.merge_together = vec![vec![UnitCode(T.into()), UnitCode(A.into())]];
    let p = phase1(plan_with(
        UNITS,
        Some("code,voters,agree\n00012,1000,500\n"),
        &sc,
    ));
    let g = p
        .groups
        .iter()
        .find(|g| g.members.iter().any(|m| m.unit.code.as_str() == T))
        .unwrap();
    assert_eq!(group_of(&p, T), Some(vec![T.into(), A.into()]));
    assert_eq!(p.consent.len(), 1);
    assert_eq!(p.consent[0].kept_as.as_deref(), Some(g.group_id.as_str()));
}

#[test]
fn units_csv_columns_work_and_the_file_wins_with_a_warning() {
    let units = with_columns("voters,agree", &[(A, "1000,500"), (B, "1000,500")]);
    // From units.csv alone: A and B at 50% both block.
    let p = phase1(plan_with(&units, None, &Scenario::default()));
    assert_eq!(group_of(&p, T), None);
    // consultation.csv says A agreed (60%): it wins, with a warning.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        &units,
        Some("code,voters,agree\n00012,1000,600\n"),
    );
    let loaded = load_dir(dir.path()).unwrap();
    let w = loaded
        .warnings
        .iter()
        .find(|d| d.file.ends_with("consultation.csv"))
        .expect("a warning on the disagreement");
    assert_eq!((w.line, w.column), (2, 3));
    let a = loaded.dataset.get(A).unwrap();
    assert_eq!(a.attrs.consultation.as_ref().unwrap().agree, 600);
}

#[test]
fn bad_consultation_rows_are_positioned_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        UNITS,
        Some(
            "code,voters,agree,disagree,date\n\
             00012,1000,600,500,2024-01-01\n\
             99999,10,6,,\n\
             00013,0,0,,\n\
             00011,100,,,\n\
             00014,100,60,,17/03/2024\n\
             00012,1000,600,,\n",
        ),
    );
    let Err(LoadError::Invalid(d)) = load_dir(dir.path()) else {
        panic!("the file has errors");
    };
    let at: Vec<(u64, usize)> = d
        .iter()
        .filter(|x| x.is_error())
        .map(|x| (x.line, x.column))
        .collect();
    assert_eq!(at, vec![(2, 4), (3, 1), (4, 2), (5, 3), (6, 5), (7, 1)]);
    for x in d.iter().filter(|x| x.is_error()) {
        assert!(x.file.ends_with("consultation.csv"), "{x}");
    }
}

/// The national data with synthetic consultation figures (5% of the units
/// at or below half): the plan re-plans the groups they were in, and the
/// report (summary.md and report.html, Vietnamese and English) lists each
/// with the figures, what changed and why.
#[test]
fn national_report_shows_replanned_groups_with_reasons() {
    use crate::support::{self, consultation::synthetic_consultation};

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["units.csv", "adjacency.csv"] {
        std::fs::copy(support::national().join(f), data.join(f)).unwrap();
    }
    let ds = load_dir(&data).unwrap().dataset;
    let csv = synthetic_consultation(&ds, 16, 0.05);
    assert_eq!(csv, synthetic_consultation(&ds, 16, 0.05), "deterministic");
    std::fs::write(data.join("consultation.csv"), &csv).unwrap();

    let loaded = load_dir(&data).unwrap().dataset;
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let sc = Scenario::default();
    let p = run(
        &loaded,
        &RunOptions {
            rules: &rules,
            scenario: &sc,
            province: None,
            progress: None,
        },
    )
    .unwrap();
    let replanned: Vec<_> = p.consent.iter().filter(|e| e.kept_as.is_none()).collect();
    assert!(replanned.len() > 20, "{} re-planned", replanned.len());
    let rule = rules.consultation.as_ref().unwrap();
    for e in &replanned {
        for f in &e.failing {
            let u = loaded.get(f.as_str()).unwrap();
            let c = u.attrs.consultation.as_ref().unwrap();
            assert!(2 * c.agree <= c.voters, "{f} blocks only at or below half");
            assert!(!c.passes(rule.majority_share.value));
        }
        // No group of the final plan holds a unit whose voters refused.
        for g in p.groups.iter().filter(|g| g.phase == e.phase) {
            assert!(g.members.iter().all(|m| !e.failing.contains(&m.unit.code)));
        }
    }
    assert!(
        replanned
            .iter()
            .any(|e| e.outcome.iter().any(|(_, g)| g.is_some())),
        "some partner found another group"
    );

    for (lang, heading, changed, why) in [
        (
            "vi",
            "Lấy ý kiến cử tri",
            "nhập thành",
            "không quá 50% tổng số cử tri",
        ),
        (
            "en",
            "Voter consultation",
            "merged into",
            "no more than 50% of all voters",
        ),
    ] {
        let out = dir.path().join(format!("out-{lang}"));
        let o = support::reorg([
            "plan".as_ref(),
            data.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--lang".as_ref(),
            lang.as_ref(),
            "--no-charts".as_ref(),
            "--no-geojson".as_ref(),
            "-q".as_ref(),
        ] as [&std::ffi::OsStr; 9]);
        assert_eq!(support::code(&o), Some(0), "{}", support::stderr(&o));
        let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        let section = &md[md.find(heading).expect("the section")..];
        let section = &section[..section[1..].find("\n## ").map_or(section.len(), |i| i + 1)];
        // One table row per group turned down, each with the figures, what
        // changed and why.
        let rows: Vec<&str> = section
            .lines()
            .filter(|l| l.starts_with('|') && l.contains(why))
            .collect();
        assert_eq!(rows.len(), p.consent.len(), "{lang}");
        assert!(rows.iter().any(|r| r.contains(changed)), "{lang}");
        let first = replanned[0];
        let failing = first
            .proposed
            .iter()
            .find(|u| u.code == first.failing[0])
            .unwrap();
        assert!(section.contains(&failing.name), "{lang}: {}", failing.name);
        assert!(html.contains(heading) && html.contains(changed), "{lang}");
    }
}
