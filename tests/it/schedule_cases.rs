//! Worked cases of the scheduler (issue #4): priority order, district merges
//! before (or with) the commune merges inside them, infeasible caps with the
//! minimal cap, oversized bundles, input errors and `schedule.csv`.

use reorg::lang::Lang;
use reorg::model::{Level, Phase, UnitCode};
use reorg::scenario::{PriorityKey, ScheduleConfig, SyncRule};
use reorg::schedule::{ScheduleError, ScheduleItem, YearReason, schedule, write_schedule_csv};

const P1: Phase = Phase::Phase2023To2025;
const P2: Phase = Phase::Phase2026To2030;

fn item(id: &str, district: &str, mandatory: bool, severity: f64) -> ScheduleItem {
    ScheduleItem {
        group_id: id.into(),
        phase: P1,
        level: Level::Commune,
        district: UnitCode::from(district),
        province: UnitCode::from("10"),
        mandatory,
        severity,
        readiness: None,
        consent_share: None,
        depends_on: vec![],
    }
}

fn caps(province: Option<u32>, district: Option<u32>) -> ScheduleConfig {
    ScheduleConfig {
        cap_per_year_province: province,
        cap_per_year_district: district,
        ..ScheduleConfig::default()
    }
}

#[test]
fn priority_order_fills_years_one_by_one() {
    // Cap 1 per province per year over 2026–2030: the years follow the
    // default priority (issue #16): mandatory before encouraged, then
    // readiness, consent, severity, id.
    let mut items = vec![
        item("e-encouraged", "081", false, 0.99),
        item("b-severe", "081", true, 0.80),
        item("c-ready", "082", true, 0.50),
        item("d-unready", "082", true, 0.50),
        item("a-mild", "083", true, 0.10),
    ];
    items[2].readiness = Some(0.9);
    items[3].readiness = Some(0.1);
    for it in &mut items {
        it.phase = P2;
    }
    let s = schedule(&items, &caps(Some(1), None)).unwrap();
    let got: Vec<(&str, u16, u32)> = s
        .rows
        .iter()
        .map(|r| (r.group_id.as_str(), r.year, r.priority))
        .collect();
    assert_eq!(
        got,
        vec![
            ("c-ready", 2026, 1),
            ("d-unready", 2027, 2),
            ("b-severe", 2028, 3),
            ("a-mild", 2029, 4),
            ("e-encouraged", 2030, 5),
        ]
    );
    assert_eq!(s.rows[0].reason.placement, YearReason::FirstYear);
    assert_eq!(
        s.rows[2].reason.placement,
        YearReason::CapsFull {
            from: 2026,
            to: 2027,
            province: true,
            district: false
        }
    );
    // The severity-first key of issue #4, configured: severity decides first.
    let config = ScheduleConfig {
        priority: vec![
            PriorityKey::Mandatory,
            PriorityKey::Severity,
            PriorityKey::Readiness,
            PriorityKey::Consent,
        ],
        ..caps(Some(1), None)
    };
    let s = schedule(&items, &config).unwrap();
    let got: Vec<&str> = s.rows.iter().map(|r| r.group_id.as_str()).collect();
    assert_eq!(
        got,
        ["b-severe", "c-ready", "d-unready", "a-mild", "e-encouraged"]
    );
}

#[test]
fn a_scenario_sets_the_priority_key_and_refuses_a_repeated_one() {
    let path = std::path::Path::new("s.toml");
    let sc = reorg::scenario::Scenario::from_toml_str(
        "[schedule]\npriority = [\"consent\", \"severity\"]\nmode = \"level\"\nsync = \"not_before\"\nmin_gap_years = 1\n",
        path,
    )
    .unwrap();
    assert_eq!(
        sc.schedule.priority,
        [PriorityKey::Consent, PriorityKey::Severity]
    );
    assert_eq!(sc.schedule.min_gap_years, 1);
    let err = reorg::scenario::Scenario::from_toml_str(
        "[schedule]\npriority = [\"consent\", \"consent\"]\n",
        path,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("schedule.priority"), "{err}");
    let err = reorg::scenario::Scenario::from_toml_str("[schedule]\nmin_gap_years = 1\n", path)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not_before"), "{err}");
}

#[test]
fn a_minimum_gap_puts_the_communes_a_year_after_their_district() {
    let mut d = item("1D", "081", true, 0.5);
    d.level = reorg::model::Level::District;
    let mut c = item("1C", "081", true, 0.9);
    c.depends_on = vec!["1D".into()];
    let config = ScheduleConfig {
        sync: reorg::scenario::SyncRule::NotBefore,
        min_gap_years: 1,
        ..ScheduleConfig::default()
    };
    let s = schedule(&[c.clone(), d.clone()], &config).unwrap();
    assert_eq!((s.year_of("1D"), s.year_of("1C")), (Some(2024), Some(2025)));
    // Two years of gap do not fit a two-year window.
    let config = ScheduleConfig {
        min_gap_years: 2,
        ..config
    };
    assert!(schedule(&[c, d], &config).is_err());
}

/// A district merge H with two commune merges inside the new district; the
/// commune merge X1 is the most urgent group of the province.
fn district_case() -> Vec<ScheduleItem> {
    let mut h = item("H", "900", true, 0.05);
    h.level = Level::District;
    let mut x1 = item("X1", "900", true, 0.95);
    x1.depends_on = vec!["H".into()];
    let mut x2 = item("X2", "900", true, 0.30);
    x2.depends_on = vec!["H".into()];
    let other = item("Y", "901", true, 0.60);
    vec![x1, x2, other, h]
}

#[test]
fn same_year_bundle_goes_at_its_most_urgent_member() {
    let s = schedule(&district_case(), &caps(Some(3), None)).unwrap();
    for id in ["H", "X1", "X2"] {
        assert_eq!(s.year_of(id), Some(2024), "{id}");
    }
    // The bundle takes the three places of 2024; Y waits.
    assert_eq!(s.year_of("Y"), Some(2025));
    let h = s.rows.iter().find(|r| r.group_id == "H").unwrap();
    assert_eq!(
        h.reason.same_year_as,
        vec!["X1".to_string(), "X2".to_string()]
    );
}

#[test]
fn not_before_puts_the_district_merge_no_later_than_its_communes() {
    let config = ScheduleConfig {
        sync: SyncRule::NotBefore,
        ..caps(Some(2), None)
    };
    let s = schedule(&district_case(), &config).unwrap();
    let (h, x1, x2) = (
        s.year_of("H").unwrap(),
        s.year_of("X1").unwrap(),
        s.year_of("X2").unwrap(),
    );
    assert!(h <= x1 && h <= x2);
    // H inherits X1's urgency: H and X1 in 2024, then Y and X2 in 2025.
    assert_eq!(
        (h, x1, x2, s.year_of("Y").unwrap()),
        (2024, 2024, 2025, 2025)
    );
}

#[test]
fn a_commune_merge_waits_for_its_district_merge() {
    // NotBefore, district cap 1: H (district merge) is pushed to 2025 by the
    // more severe B of the same district; X inside it may not precede it.
    let mut h = item("H", "900", true, 0.1);
    h.level = Level::District;
    let mut x = item("X", "901", true, 0.05);
    x.depends_on = vec!["H".into()];
    let b = item("B", "900", true, 0.9);
    let config = ScheduleConfig {
        sync: SyncRule::NotBefore,
        ..caps(None, Some(1))
    };
    let s = schedule(&[h, x, b], &config).unwrap();
    assert_eq!(s.year_of("B"), Some(2024));
    assert_eq!(s.year_of("H"), Some(2025));
    let x = s.rows.iter().find(|r| r.group_id == "X").unwrap();
    assert_eq!(x.year, 2025);
    assert_eq!(
        x.reason.placement,
        YearReason::AfterDependency {
            group_id: "H".into(),
            year: 2025
        }
    );
}

#[test]
fn phase_windows_must_be_disjoint_and_ordered() {
    let a = item("a", "001", true, 0.5);
    let mut b = item("b", "001", true, 0.5);
    b.phase = P2;
    let mut config = ScheduleConfig::default();
    config.phase2_years.0 = 2025;
    assert!(matches!(
        schedule(&[a, b], &config),
        Err(ScheduleError::OverlappingWindows { .. })
    ));
}

#[test]
fn infeasible_caps_report_the_minimal_cap() {
    // Five merges in one province, two years, 2 per year: 4 places for 5
    // merges. The smallest cap is ⌈5 / 2⌉ = 3.
    let items: Vec<_> = (0..5)
        .map(|i| item(&format!("g{i}"), &format!("0{i}"), true, 0.5))
        .collect();
    let Err(ScheduleError::Infeasible(r)) = schedule(&items, &caps(Some(2), None)) else {
        panic!("expected infeasible");
    };
    assert_eq!(r.phases.len(), 1);
    assert_eq!(r.phases[0].provinces, vec![UnitCode::from("10")]);
    assert_eq!(r.phases[0].min_cap_per_year_province, Some(3));
    assert_eq!(r.phases[0].min_cap_per_year_district, None);
    assert!(schedule(&items, &caps(Some(3), None)).is_ok());
    let text = ScheduleError::Infeasible(r).to_string();
    assert!(
        text.contains("smallest cap per province that fits: 3"),
        "{text}"
    );
}

#[test]
fn a_bundle_larger_than_the_district_cap_is_reported() {
    // H + X1 + X2 must share a year and all count against district 900: a
    // district cap of 2 can never hold them. The minimal district cap is 3.
    let Err(ScheduleError::Infeasible(r)) = schedule(&district_case(), &caps(None, Some(2))) else {
        panic!("expected infeasible");
    };
    let p = &r.phases[0];
    assert_eq!(p.min_cap_per_year_district, Some(3));
    assert_eq!(p.oversized_bundles.len(), 1);
    assert_eq!(p.oversized_bundles[0].group_ids, vec!["X1", "X2", "H"]);
    assert_eq!(p.oversized_bundles[0].per_district, 3);
    // With NotBefore the same cap fits: H and X1 in 2024, X2 in 2025.
    let config = ScheduleConfig {
        sync: SyncRule::NotBefore,
        ..caps(None, Some(2))
    };
    assert!(schedule(&district_case(), &config).is_ok());
}

#[test]
fn both_caps_binding_gives_a_joint_pair() {
    // Three merges of one district, one year: province cap 1 and district cap 1.
    // Raising either cap alone does not help; (3, 3) does.
    let items: Vec<_> = (0..3)
        .map(|i| item(&format!("g{i}"), "001", true, 0.5))
        .collect();
    let mut config = caps(Some(1), Some(1));
    config.phase1_years.1 = 2024;
    let Err(ScheduleError::Infeasible(r)) = schedule(&items, &config) else {
        panic!("expected infeasible");
    };
    assert_eq!(r.phases[0].min_cap_per_year_province, None);
    assert_eq!(r.phases[0].min_cap_per_year_district, None);
    assert_eq!(r.phases[0].joint_min_caps, Some((3, 3)));
}

#[test]
fn invalid_inputs_are_typed_errors() {
    let mut a = item("a", "001", true, 0.5);
    let mut b = item("b", "001", true, 0.5);
    a.depends_on = vec!["b".into()];
    b.depends_on = vec!["a".into()];
    assert_eq!(
        schedule(&[a.clone(), b], &ScheduleConfig::default()),
        Err(ScheduleError::DependencyCycle {
            group_ids: vec!["a".into(), "b".into()]
        })
    );
    a.depends_on = vec!["zzz".into()];
    assert!(matches!(
        schedule(&[a.clone()], &ScheduleConfig::default()),
        Err(ScheduleError::UnknownDependency { .. })
    ));
    let dup = item("a", "001", true, 0.5);
    assert!(matches!(
        schedule(&[dup.clone(), dup.clone()], &ScheduleConfig::default()),
        Err(ScheduleError::DuplicateGroup { .. })
    ));
    let mut nan = dup.clone();
    nan.severity = f64::NAN;
    assert!(matches!(
        schedule(&[nan], &ScheduleConfig::default()),
        Err(ScheduleError::InvalidValue {
            field: "severity",
            ..
        })
    ));
    let mut late = item("late", "001", true, 0.5);
    late.phase = P2;
    let mut early = item("early", "001", true, 0.5);
    early.depends_on = vec!["late".into()];
    assert!(matches!(
        schedule(&[late, early], &ScheduleConfig::default()),
        Err(ScheduleError::DependencyInLaterPhase { .. })
    ));
}

#[test]
fn schedule_csv_in_both_languages() {
    let items = vec![item("g1", "001", true, 0.45), item("g2", "001", false, 0.2)];
    let s = schedule(&items, &caps(None, Some(1))).unwrap();
    let mut vi = Vec::new();
    write_schedule_csv(
        &s,
        Lang::Vi,
        &mut vi,
        reorg::io::csv_out::CsvStyle { bom: false },
    )
    .unwrap();
    // The Vietnamese reasons hold decimal commas, so they are quoted.
    let expected = "group_id,phase,year,priority,reason\n\
        g1,2023-2025,2024,1,\"Bắt buộc; thiếu hụt 45,0%; năm đầu của giai đoạn\"\n\
        g2,2023-2025,2025,2,\"Khuyến khích; thiếu hụt 20,0%; năm 2024 đã đủ hạn mức của huyện\"\n";
    assert_eq!(String::from_utf8(vi).unwrap(), expected);
    let mut en = Vec::new();
    write_schedule_csv(
        &s,
        Lang::En,
        &mut en,
        reorg::io::csv_out::CsvStyle { bom: false },
    )
    .unwrap();
    let en = String::from_utf8(en).unwrap();
    assert!(
        en.contains(
            "g2,2023-2025,2025,2,encouraged; shortfall 20.0%; 2024 full under the district cap\n"
        ),
        "{en}"
    );
}
