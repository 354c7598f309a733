//! Decree 33/2023/NĐ-CP Điều 6 quotas, each example computed by hand in its
//! comment (docs/legal-basis.md §3.1).

use reorg::model::{UnitClass, UnitCode, UnitKind};
use reorg::staffing::{StaffingError, StaffingUnit, commune_quota};

fn unit(
    kind: UnitKind,
    parent: Option<UnitKind>,
    pop: u64,
    area: f64,
    std_pop: f64,
    std_area: f64,
) -> StaffingUnit {
    StaffingUnit {
        code: UnitCode::from("00001"),
        kind,
        parent_kind: parent,
        class: None,
        population: Some(pop),
        area_km2: Some(area),
        std_population: std_pop,
        std_area_km2: std_area,
    }
}

/// (cadres, part-time) of `u` in `class`.
fn q(u: &StaffingUnit, class: UnitClass) -> (u32, u32) {
    let q = commune_quota(u, class).unwrap();
    (q.cadres(), q.part_time())
}

#[test]
fn base_quota_of_each_class() {
    // At the standard exactly: no addition. Phường 23/21/19, xã and thị trấn
    // 22/20/18; part-time workers 14/12/10.
    let xa = unit(
        UnitKind::Xa,
        Some(UnitKind::Huyen),
        8_000,
        30.0,
        8_000.0,
        30.0,
    );
    let tt = unit(
        UnitKind::ThiTran,
        Some(UnitKind::Huyen),
        8_000,
        14.0,
        8_000.0,
        14.0,
    );
    let ph = unit(
        UnitKind::Phuong,
        Some(UnitKind::ThanhPho),
        7_000,
        5.5,
        7_000.0,
        5.5,
    );
    assert_eq!(q(&ph, UnitClass::I), (23, 14));
    assert_eq!(q(&ph, UnitClass::II), (21, 12));
    assert_eq!(q(&ph, UnitClass::III), (19, 10));
    assert_eq!(q(&xa, UnitClass::I), (22, 14));
    assert_eq!(q(&xa, UnitClass::II), (20, 12));
    assert_eq!(q(&xa, UnitClass::III), (18, 10));
    assert_eq!(q(&tt, UnitClass::I), (22, 14));
    assert_eq!(q(&tt, UnitClass::III), (18, 10));
}

#[test]
fn phuong_thuoc_quan_steps_of_5000() {
    // Standard 15,000, step 15,000 / 3 = 5,000.
    // 19,999: 4,999 above → 0 steps → 21 (class II).
    // 20,000: 5,000 above → 1 step → 22.
    // 26,000: 11,000 above → 2 steps → 23; part-time 12 + 2 = 14.
    let at = |pop| {
        unit(
            UnitKind::Phuong,
            Some(UnitKind::Quan),
            pop,
            5.5,
            15_000.0,
            5.5,
        )
    };
    assert_eq!(q(&at(19_999), UnitClass::II).0, 21);
    assert_eq!(q(&at(20_000), UnitClass::II).0, 22);
    assert_eq!(q(&at(26_000), UnitClass::II), (23, 14));
    // The same phường thuộc thành phố (standard 7,000, step 1/2 = 3,500):
    // 14,000 is 7,000 above → 2 steps → 19 + 2 = 21 (class III).
    let tp = unit(
        UnitKind::Phuong,
        Some(UnitKind::ThanhPho),
        14_000,
        5.5,
        7_000.0,
        5.5,
    );
    assert_eq!(q(&tp, UnitClass::III), (21, 12));
}

#[test]
fn xa_steps_of_4000() {
    // Standard 8,000, step 4,000. 19,999: 11,999 above → 2 → 18 + 2 = 20.
    // 20,000: 12,000 above → 3 → 21.
    let at = |pop| {
        unit(
            UnitKind::Xa,
            Some(UnitKind::Huyen),
            pop,
            30.0,
            8_000.0,
            30.0,
        )
    };
    assert_eq!(q(&at(19_999), UnitClass::III), (20, 12));
    assert_eq!(q(&at(20_000), UnitClass::III), (21, 13));
    // Thị trấn, standard 8,000: 12,000 is 4,000 above → 1 → 22 + 1 = 23 (class I).
    let tt = unit(
        UnitKind::ThiTran,
        Some(UnitKind::Huyen),
        12_000,
        14.0,
        8_000.0,
        14.0,
    );
    assert_eq!(q(&tt, UnitClass::I), (23, 15));
}

#[test]
fn mountain_xa_steps_of_2500_and_area() {
    // Mountain xã: standards 5,000 people and 50 km². Population 10,000 is
    // 5,000 above → 2 steps of 2,500. Area 160 km² is 110 above → 2 full
    // steps of 50 (100%). Class II: 20 + 2 + 2 = 24; part-time 12 + 4 = 16.
    let u = unit(
        UnitKind::Xa,
        Some(UnitKind::Huyen),
        10_000,
        160.0,
        5_000.0,
        50.0,
    );
    let quota = commune_quota(&u, UnitClass::II).unwrap();
    assert_eq!((quota.population_extra, quota.area_extra), (2, 2));
    assert_eq!((quota.cadres(), quota.part_time()), (24, 16));
}

#[test]
fn area_increments_need_a_full_standard() {
    // Phường thuộc quận, area standard 5.5 km²: 10.9 km² is 5.4 above → 0;
    // 11.0 km² is 5.5 above → 1; 16.5 km² is 11 above → 2.
    let at = |area| {
        unit(
            UnitKind::Phuong,
            Some(UnitKind::Quan),
            15_000,
            area,
            15_000.0,
            5.5,
        )
    };
    assert_eq!(q(&at(10.9), UnitClass::I).0, 23);
    assert_eq!(q(&at(11.0), UnitClass::I).0, 24);
    assert_eq!(q(&at(16.5), UnitClass::I).0, 25);
}

#[test]
fn unknown_or_wrong_input_is_an_error() {
    let mut u = unit(UnitKind::Xa, None, 8_000, 30.0, 8_000.0, 30.0);
    u.population = None;
    assert_eq!(
        commune_quota(&u, UnitClass::I),
        Err(StaffingError::Unknown {
            code: UnitCode::from("00001"),
            field: "population"
        })
    );
    let d = unit(UnitKind::Huyen, None, 8_000, 30.0, 8_000.0, 30.0);
    assert!(matches!(
        commune_quota(&d, UnitClass::I),
        Err(StaffingError::NotACommune { .. })
    ));
    let z = unit(UnitKind::Xa, None, 8_000, 30.0, 0.0, 30.0);
    assert!(matches!(
        commune_quota(&z, UnitClass::I),
        Err(StaffingError::InvalidValue {
            field: "std_population",
            ..
        })
    ));
}
