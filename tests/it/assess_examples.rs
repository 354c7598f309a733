//! The worked examples of docs/legal-basis.md §4 (NQ 1211/27 standards, NQ 35 criteria)
//! and the R-SF1 Nghệ An cases of docs/legal-basis.md §1.3, on units built in code.

use approx::assert_relative_eq;
use reorg::assess::{Status, assess_unit};
use reorg::model::{Attributes, Phase, Unit, UnitKind};
use reorg::rules::RuleSet;

const P1: Phase = Phase::Phase2023To2025;
const P2: Phase = Phase::Phase2026To2030;

fn nq35() -> RuleSet {
    RuleSet::builtin("nq35-2023").unwrap()
}

/// A unit outside the Red River Delta, not mountainous, no border, no flags.
fn unit(kind: UnitKind, area: f64, population: u64) -> Unit {
    Unit {
        code: "99999".into(),
        name: "Test".into(),
        level: kind.level(),
        kind,
        parent_code: Some("999".into()),
        area_km2: Some(area),
        population: Some(population),
        region: Some("Northeast".into()),
        attrs: Attributes {
            mountainous: Some(false),
            mountainous_basis: Some("official_list".into()),
            land_border: Some(false),
            island: Some(false),
            ..Attributes::default()
        },
    }
}

fn mountain(mut u: Unit) -> Unit {
    u.attrs.mountainous = Some(true);
    u
}

#[test]
fn ta_chai_mountain_commune_is_mandatory_in_2023_2025() {
    // 5.02 km², 3,342 people; std 50 km² / 5,000: a = 0.10, p = 0.67.
    let rules = nq35();
    let u = mountain(unit(UnitKind::Xa, 5.02, 3342));
    let a = assess_unit(&rules, &u, Some(UnitKind::Huyen), P1);
    assert_eq!(a.standard.id, "xa_mien_nui");
    assert_relative_eq!(a.area_ratio.unwrap(), 0.1004, epsilon = 1e-4);
    assert_relative_eq!(a.population_ratio.unwrap(), 0.6684, epsilon = 1e-4);
    assert_eq!(a.status, Status::Mandatory);
    // M1 also holds with the unreduced standard and comes first.
    assert_eq!(a.rule.as_deref(), Some("M1"));

    // With an ethnic-minority reduction (51% → factor 0.40 → 2,000) M1 no
    // longer holds but M3 (a < 20%, p < 300%) still does.
    let mut u = u;
    u.attrs.ethnic_minority_share = Some(0.51);
    let a = assess_unit(&rules, &u, Some(UnitKind::Huyen), P1);
    assert_relative_eq!(a.standard.population, 2000.0);
    assert_eq!(a.status, Status::Mandatory);
    assert_eq!(a.rule.as_deref(), Some("M3"));
}

#[test]
fn bac_ha_township_before_the_merge_is_mandatory_by_m3() {
    // 1.47 km², 8,861 people; std 14 km² / 8,000: a = 0.105, p = 1.11.
    let u = unit(UnitKind::ThiTran, 1.47, 8861);
    let a = assess_unit(&nq35(), &u, Some(UnitKind::Huyen), P1);
    assert_eq!(a.standard.id, "thi_tran");
    assert_relative_eq!(a.area_ratio.unwrap(), 0.105, epsilon = 1e-9);
    assert_relative_eq!(a.population_ratio.unwrap(), 1.107_625, epsilon = 1e-6);
    assert_eq!(
        (a.status, a.rule.as_deref()),
        (Status::Mandatory, Some("M3"))
    );
}

#[test]
fn trung_trac_ward_of_a_provincial_city_is_mandatory_by_m3() {
    // 0.90 km², 12,264; std 5.5 km² / 7,000: a = 0.164, p = 1.75.
    let u = unit(UnitKind::Phuong, 0.90, 12264);
    let a = assess_unit(&nq35(), &u, Some(UnitKind::ThanhPho), P1);
    assert_eq!(a.standard.id, "phuong_thuoc_thanh_pho");
    assert_relative_eq!(a.area_ratio.unwrap(), 0.1636, epsilon = 1e-4);
    assert_relative_eq!(a.population_ratio.unwrap(), 1.752, epsilon = 1e-3);
    assert_eq!(
        (a.status, a.rule.as_deref()),
        (Status::Mandatory, Some("M3"))
    );
}

#[test]
fn trung_nhi_ward_is_not_mandatory() {
    // 1.80 km², 8,892: a = 0.327, p = 1.27: neither M1 nor M3 (nor M4/M6 later).
    let u = unit(UnitKind::Phuong, 1.80, 8892);
    for phase in [P1, P2] {
        let a = assess_unit(&nq35(), &u, Some(UnitKind::ThanhPho), phase);
        assert_relative_eq!(a.area_ratio.unwrap(), 0.3273, epsilon = 1e-4);
        assert_eq!(a.status, Status::BelowStandard, "{phase}");
        assert_eq!(a.rule, None);
    }
}

#[test]
fn viet_xuan_red_river_delta_commune_takes_the_70_percent_area_standard() {
    // 2.80 km², 5,054; std 21 km² (70% of 30) / 8,000: a = 0.133, p = 0.63.
    let mut u = unit(UnitKind::Xa, 2.80, 5054);
    u.region = Some("Red River Delta".into());
    let a = assess_unit(&nq35(), &u, Some(UnitKind::Huyen), P1);
    assert_relative_eq!(a.standard.area_km2, 21.0);
    assert_eq!(a.standard.area_reduction.as_deref(), Some("R-SF3"));
    assert_relative_eq!(a.area_ratio.unwrap(), 0.1333, epsilon = 1e-4);
    assert_relative_eq!(a.population_ratio.unwrap(), 0.63175, epsilon = 1e-6);
    // Both M1 and M3 hold: M1 is named.
    assert_eq!(
        (a.status, a.rule.as_deref()),
        (Status::Mandatory, Some("M1"))
    );
}

#[test]
fn hong_lac_depends_on_the_mountain_classification() {
    // 9.76 km², 6,038.
    let rules = nq35();
    let m = mountain(unit(UnitKind::Xa, 9.76, 6038));
    let a = assess_unit(&rules, &m, Some(UnitKind::Huyen), P1);
    assert_relative_eq!(a.area_ratio.unwrap(), 0.1952, epsilon = 1e-4);
    assert_relative_eq!(a.population_ratio.unwrap(), 1.2076, epsilon = 1e-4);
    assert_eq!(
        (a.status, a.rule.as_deref()),
        (Status::Mandatory, Some("M3"))
    );

    let o = unit(UnitKind::Xa, 9.76, 6038);
    let a = assess_unit(&rules, &o, Some(UnitKind::Huyen), P1);
    assert_relative_eq!(a.area_ratio.unwrap(), 0.3253, epsilon = 1e-4);
    assert_relative_eq!(a.population_ratio.unwrap(), 0.75475, epsilon = 1e-6);
    assert_eq!(a.status, Status::BelowStandard);
}

/// R-SF1 (docs/legal-basis.md §1.3): mountain xã, base 5,000 people / 50 km².
#[test]
fn nghe_an_ethnic_minority_reductions() {
    let rules = nq35();
    let cases = [
        // (name, share, population, area, factor)
        ("Châu Bình", 0.5137, 11_038, 100.0, 0.40),
        ("Bình Chuẩn", 0.9625, 4_638, 182.19, 0.20),
        ("Lượng Minh", 0.9893, 4_000, 100.0, 0.20),
    ];
    for (name, share, pop, area, factor) in cases {
        let mut u = mountain(unit(UnitKind::Xa, area, pop));
        u.attrs.ethnic_minority_share = Some(share);
        let s = rules.standard(&u, Some(UnitKind::Huyen));
        assert_relative_eq!(s.population, factor * 5000.0, epsilon = 1e-9);
        assert_eq!(s.population_reduction.as_deref(), Some("R-SF1"), "{name}");
        assert_relative_eq!(s.area_km2, 50.0);
    }
    // Châu Bình: 11,038 people = 551.9% of 2,000.
    let mut u = mountain(unit(UnitKind::Xa, 100.0, 11_038));
    u.attrs.ethnic_minority_share = Some(0.5137);
    let a = assess_unit(&rules, &u, Some(UnitKind::Huyen), P1);
    assert_relative_eq!(a.population_ratio.unwrap(), 5.519, epsilon = 1e-9);
    // Bình Chuẩn: 4,638 = 463.8% of 1,000; 182.19 km² = 364.38% of 50.
    let mut u = mountain(unit(UnitKind::Xa, 182.19, 4_638));
    u.attrs.ethnic_minority_share = Some(0.9625);
    let a = assess_unit(&rules, &u, Some(UnitKind::Huyen), P1);
    assert_relative_eq!(a.population_ratio.unwrap(), 4.638, epsilon = 1e-9);
    assert_relative_eq!(a.area_ratio.unwrap(), 3.6438, epsilon = 1e-9);
    assert_eq!(a.status, Status::MeetsStandard);
}
