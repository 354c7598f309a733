//! Surplus of merges, its roadmap to zero by the deadline (NQ 35/2023 Điều 11
//! khoản 3) and the yearly totals; figures computed by hand in the comments.

use proptest::prelude::*;
use reorg::lang::Lang;
use reorg::model::{Level, Phase, UnitClass, UnitCode, UnitKind};
use reorg::scenario::StaffingConfig;
use reorg::staffing::{
    ClassBasis, Headcount, StaffingError, StaffingGroup, StaffingUnit, remaining_after, staffing,
    write_staffing_csv, write_staffing_years_csv,
};

fn xa(code: &str, class: Option<UnitClass>, pop: u64, area: f64) -> StaffingUnit {
    StaffingUnit {
        code: UnitCode::from(code),
        kind: UnitKind::Xa,
        parent_kind: Some(UnitKind::Huyen),
        class,
        population: Some(pop),
        area_km2: Some(area),
        std_population: 8_000.0,
        std_area_km2: 30.0,
    }
}

fn group(
    id: &str,
    province: &str,
    year: u16,
    members: Vec<StaffingUnit>,
    new_unit: StaffingUnit,
) -> StaffingGroup {
    StaffingGroup {
        group_id: id.into(),
        province: UnitCode::from(province),
        phase: Phase::Phase2023To2025,
        level: Level::Commune,
        year_effective: year,
        members,
        new_unit,
    }
}

fn plan() -> Vec<StaffingGroup> {
    let iii = Some(UnitClass::III);
    // M1: two class-III xã below every addition: before 18 + 18 = 36 cadres,
    // 10 + 10 = 20 part-time; the new xã (7,500 people, 22 km²) is class III
    // (its most populous member's): 18 and 10. Surplus 18 and 10.
    let m1 = group(
        "M1",
        "10",
        2024,
        vec![xa("A", iii, 4_000, 10.0), xa("B", iii, 3_500, 12.0)],
        xa("A", None, 7_500, 22.0),
    );
    // M2: A class II (9,000; 1,000 above: no step) and B class III (6,000;
    // 35 km²: 5 above, no step): before 20 + 18 = 38 and 12 + 10 = 22. New
    // xã: 15,000 people = 7,000 above → 1 step of 4,000; 55 km² = 25 above →
    // no step; class II from A: 20 + 1 = 21 and 12 + 1 = 13. Surplus 17 and 9.
    let m2 = group(
        "M2",
        "10",
        2025,
        vec![
            xa("C", Some(UnitClass::II), 9_000, 20.0),
            xa("D", iii, 6_000, 35.0),
        ],
        xa("C", None, 15_000, 55.0),
    );
    // M3: two phường thuộc quận without class: both default to III (19 and
    // 10 each): before 38 and 20. New phường: 17,000 people = 2,000 above
    // (step 5,000: none), 3 km²; no class anywhere → default III: 19 and 10.
    // Surplus 19 and 10.
    let ph = |code: &str, pop, area| StaffingUnit {
        code: UnitCode::from(code),
        kind: UnitKind::Phuong,
        parent_kind: Some(UnitKind::Quan),
        class: None,
        population: Some(pop),
        area_km2: Some(area),
        std_population: 15_000.0,
        std_area_km2: 5.5,
    };
    let m3 = group(
        "M3",
        "20",
        2026,
        vec![ph("P", 9_000, 1.0), ph("Q", 8_000, 2.0)],
        ph("P", 17_000, 3.0),
    );
    // H: two districts (classes II and III) into a new district of class II
    // (the more populous H1's): 1 chair and 2 + 2 − 2 = 2 vice-chairs to rearrange.
    let huyen = |code: &str, class, pop| StaffingUnit {
        code: UnitCode::from(code),
        kind: UnitKind::Huyen,
        parent_kind: Some(UnitKind::Tinh),
        class,
        population: Some(pop),
        area_km2: Some(300.0),
        std_population: 120_000.0,
        std_area_km2: 450.0,
    };
    let mut h = group(
        "H",
        "10",
        2024,
        vec![
            huyen("H1", Some(UnitClass::II), 90_000),
            huyen("H2", iii, 60_000),
        ],
        huyen("H1", None, 150_000),
    );
    h.level = Level::District;
    vec![m3, m2, h, m1]
}

#[test]
fn quotas_surplus_and_classes() {
    let r = staffing(&plan(), &StaffingConfig::default()).unwrap();
    let ids: Vec<&str> = r.rows.iter().map(|x| x.group_id.as_str()).collect();
    assert_eq!(
        ids,
        vec!["H", "M1", "M2", "M3"],
        "sorted by year, province, id"
    );
    let get = |id: &str| r.rows.iter().find(|x| x.group_id == id).unwrap();
    let m1 = get("M1");
    assert_eq!(
        m1.cadres,
        Some(Headcount {
            before: 36,
            after: 18
        })
    );
    assert_eq!(
        m1.part_time,
        Some(Headcount {
            before: 20,
            after: 10
        })
    );
    assert_eq!(m1.deadline_year, 2029);
    assert_eq!(m1.chairs_to_rearrange, 1);
    // Commune vice-chairs (class III: 1 each) 1 + 1 − 1 = 1 [U].
    assert_eq!(m1.vice_chairs_to_rearrange, 1);
    let m2 = get("M2");
    assert_eq!(m2.cadres.unwrap().surplus(), 17);
    assert_eq!(m2.part_time.unwrap().surplus(), 9);
    assert_eq!(m2.class_after, UnitClass::II);
    assert_eq!(
        m2.class_basis,
        ClassBasis::LargestMember(UnitCode::from("C"))
    );
    let m3 = get("M3");
    assert_eq!(m3.cadres.unwrap().surplus(), 19);
    assert_eq!(m3.class_basis, ClassBasis::Default);
    assert_eq!(
        m3.defaulted_classes,
        vec![UnitCode::from("P"), UnitCode::from("Q")]
    );
    let h = get("H");
    assert_eq!((h.cadres, h.part_time), (None, None));
    assert_eq!((h.chairs_to_rearrange, h.vice_chairs_to_rearrange), (1, 2));
}

#[test]
fn roadmap_reaches_zero_by_the_deadline() {
    let r = staffing(&plan(), &StaffingConfig::default()).unwrap();
    let m1 = r.rows.iter().find(|x| x.group_id == "M1").unwrap();
    // 18 cadres at 20% a year: 18, 14, 10, 7, 3, 0 (see roadmap.rs);
    // 10 part-time: 10, 8, 6, 4, 2, 0.
    let c: Vec<(u16, u32, u32)> = m1
        .roadmap
        .iter()
        .map(|y| (y.year, y.cadres, y.part_time))
        .collect();
    assert_eq!(
        c,
        vec![
            (2024, 18, 10),
            (2025, 14, 8),
            (2026, 10, 6),
            (2027, 7, 4),
            (2028, 3, 2),
            (2029, 0, 0)
        ]
    );
    // A 4-year profile ends a year earlier.
    let config = StaffingConfig {
        attrition: vec![0.4, 0.3, 0.2, 0.1],
        ..StaffingConfig::default()
    };
    let r = staffing(&plan(), &config).unwrap();
    for row in &r.rows {
        let at = |y: u16| row.roadmap.iter().find(|x| x.year == y).unwrap();
        assert_eq!(
            (
                at(row.year_effective + 4).cadres,
                at(row.year_effective + 4).part_time
            ),
            (0, 0)
        );
    }
}

#[test]
fn yearly_totals_add_up() {
    let r = staffing(&plan(), &StaffingConfig::default()).unwrap();
    let find = |p: Option<&str>, y: u16| {
        r.totals
            .iter()
            .find(|t| t.province.as_ref().map(UnitCode::as_str) == p && t.year == y)
            .unwrap()
    };
    // Province 10: M1 (2024: 18 new) and M2 (2025: 17 new); 2025: 14 + 17 = 31
    // left, 4 removed (M1's first 20%).
    assert_eq!(find(Some("10"), 2024).remaining_cadres, 18);
    let y = find(Some("10"), 2025);
    assert_eq!(
        (y.new_cadres, y.reduced_cadres, y.remaining_cadres),
        (17, 4, 31)
    );
    // All provinces = sum of provinces; stock-flow identity; zero after 2031.
    for year in 2024..=2035 {
        let all = find(None, year);
        let sum: u32 = ["10", "20"]
            .iter()
            .map(|p| find(Some(p), year).remaining_cadres)
            .sum();
        assert_eq!(all.remaining_cadres, sum, "{year}");
        let rows: u32 = r
            .rows
            .iter()
            .filter_map(|row| row.roadmap.iter().find(|x| x.year == year))
            .map(|x| x.cadres)
            .sum();
        assert_eq!(
            all.remaining_cadres, rows,
            "{year}: totals equal the sum of the roadmaps"
        );
        if year > 2024 {
            let prev = find(None, year - 1);
            assert_eq!(
                all.remaining_cadres,
                prev.remaining_cadres + all.new_cadres - all.reduced_cadres
            );
            assert_eq!(
                all.remaining_part_time,
                prev.remaining_part_time + all.new_part_time - all.reduced_part_time
            );
        }
    }
    assert_eq!(find(None, 2031).remaining_cadres, 0);
    assert_eq!(r.totals.len(), 3 * 12, "two provinces and all, 2024–2035");
}

#[test]
fn csv_outputs() {
    let r = staffing(&plan(), &StaffingConfig::default()).unwrap();
    let mut out = Vec::new();
    write_staffing_csv(
        &r,
        Lang::En,
        &mut out,
        reorg::io::csv_out::CsvStyle { bom: false },
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(
        "group_id,province,phase,level,year_effective,members,class_after,quota_before_cadres"
    ));
    assert!(
        lines[1].starts_with(
            "H,10,2023-2025,district,2024,H1 H2,II,,,,,,,1,2,2029,No per-district staffing formula"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("M1,10,2023-2025,commune,2024,A B,III,36,18,18,20,10,10,1,1,2029,"),
        "{}",
        lines[2]
    );
    let mut vi = Vec::new();
    write_staffing_csv(
        &r,
        Lang::Vi,
        &mut vi,
        reorg::io::csv_out::CsvStyle { bom: false },
    )
    .unwrap();
    assert!(String::from_utf8(vi).unwrap().contains("NĐ 33/2023 Điều 6"));
    let mut years = Vec::new();
    write_staffing_years_csv(&r, &mut years, reorg::io::csv_out::CsvStyle { bom: false }).unwrap();
    let years = String::from_utf8(years).unwrap();
    assert!(
        years.contains("\nprovince,10,2025,17,4,31,9,2,17\n"),
        "{years}"
    );
    assert!(years.contains("\nall,,2024,18,0,18,10,0,10\n"), "{years}");
}

#[test]
fn invalid_groups_are_errors() {
    let mut p = plan();
    p[0].members.truncate(1);
    assert!(matches!(
        staffing(&p, &StaffingConfig::default()),
        Err(StaffingError::TooFewMembers { .. })
    ));
    let mut p = plan();
    p[2].members[0].kind = UnitKind::Xa;
    assert!(matches!(
        staffing(&p, &StaffingConfig::default()),
        Err(StaffingError::NotADistrict { .. })
    ));
    let bad = StaffingConfig {
        attrition: vec![0.5, 0.2],
        ..StaffingConfig::default()
    };
    assert!(matches!(
        staffing(&plan(), &bad),
        Err(StaffingError::InvalidProfile { .. })
    ));
}

proptest! {
    #[test]
    fn any_profile_clears_any_surplus_by_the_deadline(
        surplus in 0u32..2_000,
        weights in proptest::collection::vec(0u32..10, 1..=5),
    ) {
        let total: u32 = weights.iter().sum();
        prop_assume!(total > 0);
        let profile: Vec<f64> = weights.iter().map(|&w| f64::from(w) / f64::from(total)).collect();
        let mut prev = surplus;
        for t in 0..=5 {
            let left = remaining_after(surplus, &profile, t);
            prop_assert!(left <= prev, "never grows");
            prev = left;
        }
        prop_assert_eq!(remaining_after(surplus, &profile, 5), 0);
        prop_assert_eq!(remaining_after(surplus, &profile, profile.len()), 0);
    }
}
