//! Assessment semantics: exemptions, criterion order, unknown data, strict
//! thresholds, non-stacking reductions (R-SF4), standard selection defaults.

use approx::assert_relative_eq;
use reorg::assess::{Status, assess_unit};
use reorg::model::{ArrangedIn, Attributes, Phase, Unit, UnitKind};
use reorg::rules::{Assumption, RuleSet, Target};

const P1: Phase = Phase::Phase2023To2025;
const P2: Phase = Phase::Phase2026To2030;

fn nq35() -> RuleSet {
    RuleSet::builtin("nq35-2023").unwrap()
}

fn unit(kind: UnitKind, area: Option<f64>, population: Option<u64>) -> Unit {
    Unit {
        code: "99999".into(),
        name: "Test".into(),
        level: kind.level(),
        kind,
        parent_code: Some("999".into()),
        area_km2: area,
        population,
        region: Some("Southeast".into()),
        attrs: Attributes {
            mountainous: Some(false),
            mountainous_basis: Some("official_list".into()),
            land_border: Some(false),
            island: Some(false),
            coastal_poor: Some(false),
            ..Attributes::default()
        },
    }
}

/// A non-mountain xã that meets M1 and M3 in 2023–2025 and M4/M6 in 2026–2030.
fn small_xa() -> Unit {
    unit(UnitKind::Xa, Some(3.0), Some(2000))
}

fn status(u: &Unit, phase: Phase) -> (Status, Option<String>) {
    let a = assess_unit(&nq35(), u, Some(UnitKind::Huyen), phase);
    (a.status, a.rule)
}

#[test]
fn criterion_order_names_m1_before_m3_and_m4_before_m6() {
    let u = small_xa();
    let a = assess_unit(&nq35(), &u, Some(UnitKind::Huyen), P1);
    assert_eq!(
        (a.status, a.rule.as_deref()),
        (Status::Mandatory, Some("M1"))
    );
    assert_eq!(a.criterion.as_deref(), Some("M1"));
    assert_eq!(status(&u, P2), (Status::Mandatory, Some("M4".into())));
    // District: M1 before M2.
    let d = unit(UnitKind::Huyen, Some(40.0), Some(20_000));
    let a = assess_unit(&nq35(), &d, None, P1);
    assert_eq!(a.rule.as_deref(), Some("M1"));
    // District above 70% of population but a tiny area: M2.
    let d = unit(UnitKind::Huyen, Some(40.0), Some(100_000));
    assert_eq!(
        assess_unit(&nq35(), &d, None, P1).rule.as_deref(),
        Some("M2")
    );
}

#[test]
fn each_exemption_applies_to_its_flag() {
    type Set = fn(&mut Attributes);
    let cases: [(&str, Set); 5] = [
        ("E1", |a| a.isolated = Some(true)),
        ("E1", |a| a.island = Some(true)),
        ("E2", |a| a.boundary_unchanged_since_1945 = Some(true)),
        ("E3", |a| a.defense_or_cultural = Some(true)),
        ("E4", |a| a.planned_urban = Some(true)),
    ];
    for (id, set) in cases {
        let mut u = small_xa();
        set(&mut u.attrs);
        for phase in [P1, P2] {
            let a = assess_unit(&nq35(), &u, Some(UnitKind::Huyen), phase);
            assert_eq!(a.status, Status::Exempt, "{id} {phase}");
            assert_eq!(a.rule.as_deref(), Some(id));
            assert!(a.criterion.is_some());
        }
    }
}

#[test]
fn planned_urban_exempts_rural_units_only() {
    let mut u = unit(UnitKind::Phuong, Some(0.5), Some(1000));
    u.attrs.planned_urban = Some(true);
    let a = assess_unit(&nq35(), &u, Some(UnitKind::Quan), P1);
    assert_eq!(a.status, Status::Mandatory);
}

#[test]
fn earlier_rounds_give_e5_then_e6() {
    let mut u = small_xa();
    u.attrs.arranged_in = Some(ArrangedIn::Round2019To2021);
    assert_eq!(status(&u, P1), (Status::Exempt, Some("E5".into())));
    assert_eq!(status(&u, P2), (Status::Exempt, Some("E6".into())));
    u.attrs.arranged_in = Some(ArrangedIn::Round2023To2025);
    assert_eq!(status(&u, P1), (Status::Mandatory, Some("M1".into())));
    assert_eq!(status(&u, P2), (Status::Exempt, Some("E6".into())));
}

#[test]
fn an_exemption_does_not_touch_units_that_meet_no_criterion() {
    let mut u = unit(UnitKind::Xa, Some(40.0), Some(9000));
    u.attrs.island = Some(true);
    assert_eq!(status(&u, P1), (Status::MeetsStandard, None));
}

#[test]
fn missing_area_or_population_is_unknown_never_zero() {
    for u in [
        unit(UnitKind::Xa, None, Some(100)),
        unit(UnitKind::Xa, Some(1.0), None),
        unit(UnitKind::Huyen, None, None),
    ] {
        for phase in [P1, P2] {
            let a = assess_unit(&nq35(), &u, Some(UnitKind::Huyen), phase);
            assert_eq!(a.status, Status::Unknown);
            assert_eq!(a.rule, None);
        }
    }
    let a = assess_unit(&nq35(), &unit(UnitKind::Xa, None, Some(4000)), None, P1);
    assert_eq!(a.area_ratio, None);
    assert_relative_eq!(a.population_ratio.unwrap(), 0.5);
}

#[test]
fn thresholds_are_strict_and_meeting_is_inclusive() {
    // Exactly 70% of 30 km² and 8,000: "dưới 70%" does not hold.
    let u = unit(UnitKind::Xa, Some(21.0), Some(5600));
    assert_eq!(status(&u, P1), (Status::BelowStandard, None));
    // Exactly the standard meets it.
    let u = unit(UnitKind::Xa, Some(30.0), Some(8000));
    assert_eq!(status(&u, P1), (Status::MeetsStandard, None));
    assert_eq!(status(&u, P2), (Status::MeetsStandard, None));
    // Exactly 70% of the reduced Red River Delta standard (14.7 of 21 km²).
    let mut u = unit(UnitKind::Xa, Some(14.7), Some(5000));
    u.region = Some("Red River Delta".into());
    assert_eq!(status(&u, P1), (Status::BelowStandard, None));
}

#[test]
fn one_reduction_per_standard_takes_the_most_favourable() {
    // A mountain xã on the border, coastal poor, in the Red River Delta:
    // R-SF1 gives 50% of 5,000 = 2,500, R-SF2 50% of 8,000 = 4,000.
    // Only R-SF1 applies (stacking would give 1,250 or less).
    let mut u = unit(UnitKind::Xa, Some(10.0), Some(3000));
    u.attrs.mountainous = Some(true);
    u.attrs.land_border = Some(true);
    u.attrs.coastal_poor = Some(true);
    u.region = Some("Red River Delta".into());
    let s = nq35().standard(&u, Some(UnitKind::Huyen));
    assert_relative_eq!(s.population, 2500.0);
    assert_eq!(s.population_reduction.as_deref(), Some("R-SF1"));
    assert_relative_eq!(s.area_km2, 35.0);
    assert_eq!(s.area_reduction.as_deref(), Some("R-SF3"));
    assert!(s.notes.contains(&Assumption::OneReductionPerStandard {
        target: Target::Population,
        chosen: "R-SF1".into(),
        others: vec!["R-SF2".into()],
    }));
    // Non-mountain coastal poor xã on the border: R-SF1 (4,000) and R-SF2
    // (4,000) tie: the first in file order is named, the value is not halved again.
    u.attrs.mountainous = Some(false);
    let s = nq35().standard(&u, Some(UnitKind::Huyen));
    assert_relative_eq!(s.population, 4000.0);
    assert_eq!(s.population_reduction.as_deref(), Some("R-SF1"));
}

#[test]
fn border_alone_halves_the_population_standard_without_steps() {
    let mut u = unit(UnitKind::Huyen, Some(300.0), Some(50_000));
    u.attrs.land_border = Some(true);
    let s = nq35().standard(&u, None);
    assert_relative_eq!(s.population, 60_000.0);
    assert!(
        s.notes
            .iter()
            .any(|n| matches!(n, Assumption::BorderOnly { .. }))
    );
    assert!(s.notes.contains(&Assumption::EthnicShareUnknown));
}

#[test]
fn reductions_apply_to_rural_units_only() {
    let mut u = unit(UnitKind::ThiTran, Some(5.0), Some(3000));
    u.attrs.land_border = Some(true);
    u.region = Some("Red River Delta".into());
    let s = nq35().standard(&u, Some(UnitKind::Huyen));
    assert_relative_eq!(s.population, 8000.0);
    assert_relative_eq!(s.area_km2, 14.0);
    assert_eq!(s.area_reduction, None);
    assert_eq!(s.population_reduction, None);
}

#[test]
fn ward_standard_follows_the_parent_kind() {
    let rules = nq35();
    let u = unit(UnitKind::Phuong, Some(1.0), Some(10_000));
    let cases = [
        (Some(UnitKind::Quan), "phuong_thuoc_quan", 15_000.0),
        (Some(UnitKind::ThanhPho), "phuong_thuoc_thanh_pho", 7_000.0),
        (Some(UnitKind::ThiXa), "phuong_thuoc_thi_xa", 5_000.0),
    ];
    for (parent, id, pop) in cases {
        let s = rules.standard(&u, parent);
        assert_eq!(s.id, id);
        assert_relative_eq!(s.population, pop);
        assert!(s.notes.is_empty(), "{:?}", s.notes);
    }
    let s = rules.standard(&u, None);
    assert!(
        s.notes
            .iter()
            .any(|n| matches!(n, Assumption::ParentKindUnknown { .. }))
    );
}

#[test]
fn empty_mountainous_is_treated_as_not_mountainous_and_said() {
    let mut u = unit(UnitKind::Xa, Some(20.0), Some(6000));
    u.attrs.mountainous = None;
    let a = assess_unit(&nq35(), &u, Some(UnitKind::Huyen), P1);
    assert_eq!(a.standard.id, "xa");
    assert!(a.notes.contains(&Assumption::MountainousUnknown));
    assert!(!a.assumptions.is_empty());
}

#[test]
fn a_proxy_mountain_classification_is_surfaced() {
    let mut u = unit(UnitKind::Xa, Some(20.0), Some(6000));
    u.attrs.mountainous = Some(true);
    u.attrs.mountainous_basis = Some("proxy_density".into());
    let a = assess_unit(&nq35(), &u, Some(UnitKind::Huyen), P1);
    assert_eq!(a.mountainous_basis.as_deref(), Some("proxy_density"));
    assert!(a.notes.contains(&Assumption::MountainousProxy {
        basis: "proxy_density".into()
    }));
}

#[test]
fn unverified_standards_are_flagged() {
    let u = unit(UnitKind::ThiXa, Some(100.0), Some(50_000));
    let a = assess_unit(&nq35(), &u, None, P1);
    assert_eq!(a.standard.area_tag, reorg::rules::Tag::U);
    assert_eq!(a.tag, reorg::rules::Tag::U);
    assert!(
        a.notes
            .iter()
            .any(|n| matches!(n, Assumption::Unverified { what } if what == "thi_xa.area_km2"))
    );
}

#[test]
fn nq653_uses_50_percent_and_no_reductions() {
    let rules = RuleSet::builtin("nq653-2019").unwrap();
    assert_eq!(rules.phases(), &[Phase::Round2019To2021]);
    let mut u = unit(UnitKind::Xa, Some(14.0), Some(3900));
    u.region = Some("Red River Delta".into());
    u.attrs.land_border = Some(true);
    let a = assess_unit(&rules, &u, Some(UnitKind::Huyen), Phase::Round2019To2021);
    // No Điều 3a in 2019: 30 km² / 8,000, so a = 0.467, p = 0.4875.
    assert_relative_eq!(a.standard.area_km2, 30.0);
    assert_relative_eq!(a.standard.population, 8000.0);
    assert_eq!(
        (a.status, a.rule.as_deref()),
        (Status::Mandatory, Some("M653"))
    );
    // No E5/E6 in 2019.
    u.attrs.arranged_in = Some(ArrangedIn::Round2019To2021);
    let a = assess_unit(&rules, &u, Some(UnitKind::Huyen), Phase::Round2019To2021);
    assert_eq!(a.status, Status::Mandatory);
    // Exactly 50% is not below 50%.
    let u = unit(UnitKind::Xa, Some(15.0), Some(4000));
    let a = assess_unit(&rules, &u, Some(UnitKind::Huyen), Phase::Round2019To2021);
    assert_eq!(a.status, Status::BelowStandard);
}

#[test]
fn status_tokens() {
    let tokens: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    assert_eq!(
        tokens,
        [
            "mandatory",
            "exempt",
            "below_standard",
            "meets_standard",
            "unknown"
        ]
    );
}
