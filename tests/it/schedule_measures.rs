//! Stability measures of a plan (issue #4 §2), computed by hand on four groups.

use approx::assert_relative_eq;
use reorg::model::{Level, Phase, UnitCode};
use reorg::schedule::measures::{
    MeasureError, MeasureInput, MeasureMember, measure, write_stability_csv,
};

fn m(code: &str, pop: Option<u64>, target: bool) -> MeasureMember {
    MeasureMember {
        code: UnitCode::from(code),
        population: pop,
        is_target: target,
        keeps_name: false,
        consent_share: None,
        district: None,
    }
}

fn g(
    id: &str,
    phase: Phase,
    year: u16,
    members: Vec<MeasureMember>,
    ratios: (f64, f64),
    meets: bool,
) -> MeasureInput {
    MeasureInput {
        group_id: id.into(),
        phase,
        year,
        level: Level::Commune,
        members,
        area_ratio: Some(ratios.0),
        population_ratio: Some(ratios.1),
        meets_standard: meets,
    }
}

fn plan() -> Vec<MeasureInput> {
    let p1 = Phase::Phase2023To2025;
    // G1: A keeps its name; B (3,000 people) changes unit; B's voters 45% in favour.
    let mut a = m("A", Some(5_000), true);
    a.keeps_name = true;
    let mut b = m("B", Some(3_000), true);
    b.consent_share = Some(0.45);
    // G2: no name marked: D, the most populous, receives; C (4,000) and E
    // (unknown) change; C's voters exactly 50%: not a majority.
    let mut c = m("C", Some(4_000), true);
    c.consent_share = Some(0.5);
    // G3: G receives; F (2,000) changes; 51% is a majority.
    let mut f = m("F", Some(2_000), true);
    f.consent_share = Some(0.51);
    vec![
        g("G1", p1, 2024, vec![a, b], (0.8, 1.2), false),
        g(
            "G2",
            p1,
            2024,
            vec![c, m("D", Some(6_000), false), m("E", None, true)],
            (2.5, 1.1),
            true,
        ),
        g(
            "G3",
            p1,
            2025,
            vec![f, m("G", Some(2_500), true)],
            (1.0, 1.0),
            true,
        ),
        // G4: tie on population: the smaller code H receives; I (1,000) changes.
        g(
            "G4",
            Phase::Phase2026To2030,
            2027,
            vec![m("H", Some(1_000), true), m("I", Some(1_000), true)],
            (1.5, 0.9),
            false,
        ),
    ]
}

#[test]
fn totals_per_phase_and_per_year() {
    let r = measure(&plan()).unwrap();
    let t = &r.total;
    assert_eq!(t.groups, 4);
    assert_eq!(t.units_touched, 9);
    assert_eq!(t.units_disappearing, 5);
    assert_eq!(t.people_changing_unit, 3_000 + 4_000 + 2_000 + 1_000);
    assert_eq!(t.members_population_unknown, 1);
    assert_eq!(t.non_target_units, 1);
    assert_eq!(t.groups_three_or_more, 1);
    let (id, x) = t.largest_new_unit.clone().unwrap();
    assert_eq!(id, "G2");
    assert_relative_eq!(x, 2.5);
    assert_eq!(t.below_standard, 2);
    let flagged: Vec<&str> = t.low_consent.iter().map(|f| f.group_id.as_str()).collect();
    assert_eq!(flagged, vec!["G1", "G2"]);
    assert_eq!(t.low_consent[1].members, vec![(UnitCode::from("C"), 0.5)]);

    let y2024 = &r.per_year[&(Phase::Phase2023To2025, 2024)];
    assert_eq!((y2024.groups, y2024.people_changing_unit), (2, 7_000));
    let p2 = &r.per_phase[&Phase::Phase2026To2030];
    assert_eq!(
        (p2.groups, p2.people_changing_unit, p2.below_standard),
        (1, 1_000, 1)
    );
    // Phases add up to the total.
    let sum: u64 = r.per_phase.values().map(|m| m.people_changing_unit).sum();
    assert_eq!(sum, t.people_changing_unit);
}

#[test]
fn stability_csv_rows() {
    let r = measure(&plan()).unwrap();
    let mut out = Vec::new();
    write_stability_csv(&r, &mut out, reorg::io::csv_out::CsvStyle { bom: false }).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Header, 3 (phase, year) rows, 2 phase rows, 1 total.
    assert_eq!(lines.len(), 7);
    assert_eq!(
        lines[1],
        "year,2023-2025,2024,2,5,3,7000,1,1,1,G2,2.500,1,G1 G2"
    );
    assert_eq!(lines[6], "total,,,4,9,5,10000,1,1,1,G2,2.500,2,G1 G2");
}

#[test]
fn invalid_input_is_rejected() {
    let mut p = plan();
    p[0].members[1].consent_share = Some(1.5);
    assert!(matches!(
        measure(&p),
        Err(MeasureError::InvalidValue {
            field: "consent_share",
            ..
        })
    ));
    let mut p = plan();
    p[1].group_id = "G1".into();
    assert!(matches!(
        measure(&p),
        Err(MeasureError::DuplicateGroup { .. })
    ));
}

/// Issue #16 item 5: district D2 (10,000 people: communes X 4,000 and Y
/// 6,000) is absorbed by D1; a commune merge inside D2 moves X into Y. X's
/// people are counted once (with D2) in the year both take effect, and
/// again only in a year where the district merge is not.
#[test]
fn people_in_an_absorbed_district_count_once() {
    let p1 = Phase::Phase2023To2025;
    let mut d1 = m("D1", Some(20_000), true);
    d1.keeps_name = true;
    let d2 = m("D2", Some(10_000), true);
    let mut x = m("X", Some(4_000), true);
    x.district = Some(UnitCode::from("D2"));
    let mut y = m("Y", Some(6_000), true);
    y.district = Some(UnitCode::from("D2"));
    y.keeps_name = true;
    // A commune merge in D1 (not absorbed): its people count.
    let mut z = m("Z", Some(1_500), true);
    z.district = Some(UnitCode::from("D1"));
    let mut w = m("W", Some(3_000), true);
    w.district = Some(UnitCode::from("D1"));
    w.keeps_name = true;
    let mut district = g("1D", p1, 2024, vec![d1, d2], (1.0, 1.0), true);
    district.level = Level::District;
    let communes = g("1C", p1, 2024, vec![x, y], (1.0, 1.0), true);
    let other = g("1C2", p1, 2024, vec![z, w], (1.0, 1.0), true);
    let same_year = vec![district.clone(), communes.clone(), other.clone()];
    let r = measure(&same_year).unwrap();
    // Distinct people: all of D2 (X and Y included) and Z.
    assert_eq!(r.total.people_changing_unit, 10_000 + 1_500);
    assert_eq!(r.total.people_counted_with_district, 4_000);
    let y2024 = &r.per_year[&(p1, 2024)];
    assert_eq!(y2024.people_changing_unit, 11_500);

    // The commune merge a year later: X's people change unit again in 2025.
    let mut later = communes;
    later.year = 2025;
    let r = measure(&[district, later, other]).unwrap();
    assert_eq!(r.per_year[&(p1, 2024)].people_changing_unit, 11_500);
    assert_eq!(r.per_year[&(p1, 2025)].people_changing_unit, 4_000);
    assert_eq!(r.per_phase[&p1].people_changing_unit, 11_500);
}
