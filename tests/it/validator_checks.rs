//! The plan validator (`reorg::validator`): any proposal — groups of unit
//! codes per phase and level, with kinds, names and changes — judged on the
//! map it leaves after each phase, one finding per problem.

use reorg::io::load_dir;
use reorg::lang::Lang;
use reorg::model::{Attributes, Dataset, Level, Phase, Unit, UnitCode, UnitKind};
use reorg::pipeline::{RunOptions, run};
use reorg::planner::StandardMode;
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;
use reorg::validator::{
    CheckOptions, CheckReport, CheckRule, Proposal, ProposalPhase, ProposedChange, ProposedGroup,
    Severity, check_plan, check_result,
};

use crate::support;

fn unit(code: &str, name: &str, kind: UnitKind, parent: Option<&str>, area: f64, pop: u64) -> Unit {
    Unit {
        code: UnitCode::from(code),
        name: name.to_string(),
        level: kind.level(),
        kind,
        parent_code: parent.map(UnitCode::from),
        area_km2: Some(area),
        population: Some(pop),
        region: None,
        attrs: Attributes::default(),
    }
}

/// Quận A (phường 1, 2, 7), Huyện B (xã Tân Lập, thị trấn B), Thị xã C
/// (phường 1, xã Tân Lập), in a row; phường 7 touches phường 2 only.
fn dataset() -> Dataset {
    let pairs = [
        ("00001", "00002"),
        ("00002", "00007"),
        ("00002", "00003"),
        ("00003", "00004"),
        ("00004", "00005"),
        ("00005", "00006"),
        ("001", "002"),
        ("002", "003"),
    ];
    Dataset::new(
        vec![
            unit("01", "Tỉnh Thử", UnitKind::Tinh, None, 0.0, 0),
            unit("001", "Quận A", UnitKind::Quan, Some("01"), 6.0, 60_000),
            unit("002", "Huyện B", UnitKind::Huyen, Some("01"), 60.0, 20_000),
            unit("003", "Thị xã C", UnitKind::ThiXa, Some("01"), 40.0, 20_000),
            unit(
                "00001",
                "Phường 1",
                UnitKind::Phuong,
                Some("001"),
                2.0,
                20_000,
            ),
            unit(
                "00002",
                "Phường 2",
                UnitKind::Phuong,
                Some("001"),
                2.0,
                20_000,
            ),
            unit(
                "00007",
                "Phường 7",
                UnitKind::Phuong,
                Some("001"),
                2.0,
                20_000,
            ),
            unit(
                "00003",
                "Xã Tân Lập",
                UnitKind::Xa,
                Some("002"),
                30.0,
                10_000,
            ),
            unit(
                "00004",
                "Thị trấn B",
                UnitKind::ThiTran,
                Some("002"),
                30.0,
                10_000,
            ),
            unit(
                "00005",
                "Phường 1",
                UnitKind::Phuong,
                Some("003"),
                20.0,
                10_000,
            ),
            unit(
                "00006",
                "Xã Tân Lập",
                UnitKind::Xa,
                Some("003"),
                20.0,
                10_000,
            ),
        ],
        pairs
            .iter()
            .map(|(a, b)| (UnitCode::from(*a), UnitCode::from(*b), 1.0))
            .collect(),
    )
}

fn group(id: &str, level: Level, members: &[&str]) -> ProposedGroup {
    ProposedGroup {
        id: id.into(),
        level,
        members: members.iter().map(|c| UnitCode::from(*c)).collect(),
        kind: None,
        name: None,
        code: None,
    }
}

fn change(code: &str, kind: Option<UnitKind>, name: Option<&str>) -> ProposedChange {
    ProposedChange {
        code: UnitCode::from(code),
        kind_after: kind,
        name_after: name.map(str::to_string),
    }
}

fn one_phase(groups: Vec<ProposedGroup>, changes: Vec<ProposedChange>) -> Proposal {
    Proposal {
        phases: vec![ProposalPhase {
            phase: Phase::Phase2023To2025,
            groups,
            changes,
        }],
    }
}

fn options() -> CheckOptions {
    CheckOptions {
        lang: Lang::En,
        ..CheckOptions::from_scenario(&Scenario::default())
    }
}

fn check(ds: &Dataset, p: &Proposal, opts: &CheckOptions) -> CheckReport {
    check_plan(ds, &RuleSet::builtin("nq35-2023").unwrap(), p, opts)
}

fn rules_of(r: &CheckReport, s: Severity) -> Vec<(CheckRule, Vec<String>)> {
    r.with(s)
        .map(|f| (f.rule, f.units.iter().map(|c| c.to_string()).collect()))
        .collect()
}

#[test]
fn a_quan_taking_a_huyen_needs_its_communes_converted() {
    let ds = dataset();
    let merge = || vec![group("1D-01-1", Level::District, &["001", "002"])];
    let r = check(&ds, &one_phase(merge(), vec![]), &options());
    assert_eq!(
        rules_of(&r, Severity::Error),
        vec![
            (CheckRule::Structure, vec!["00003".to_string()]),
            (CheckRule::Structure, vec!["00004".to_string()]),
        ]
    );
    let msg = &r
        .findings
        .iter()
        .find(|f| f.rule == CheckRule::Structure)
        .unwrap()
        .message;
    assert!(msg.contains("Hiến pháp 2013 Điều 110"), "{msg}");
    assert_eq!(r.maps[0].districts, 2);
    // With the conversions the map is legal.
    let converted = one_phase(
        merge(),
        vec![
            change("00003", Some(UnitKind::Phuong), None),
            change("00004", Some(UnitKind::Phuong), Some("Phường Bến")),
        ],
    );
    let r = check(&ds, &converted, &options());
    assert_eq!(r.errors(), 0, "{:?}", r.findings);
}

#[test]
fn a_district_merge_that_repeats_names_is_an_error_until_renamed() {
    let ds = dataset();
    let merge = || {
        let mut g = group("1D-01-1", Level::District, &["002", "003"]);
        g.kind = Some(UnitKind::ThiXa);
        vec![g]
    };
    let r = check(
        &ds,
        &one_phase(merge(), vec![change("00004", Some(UnitKind::Xa), None)]),
        &options(),
    );
    assert_eq!(
        rules_of(&r, Severity::Error),
        vec![(
            CheckRule::UniqueName,
            vec!["00003".to_string(), "00006".to_string()]
        )]
    );
    let r = check(
        &ds,
        &one_phase(
            merge(),
            vec![
                change("00004", Some(UnitKind::Xa), None),
                change("00006", None, Some("Xã Tân Lập Đông")),
            ],
        ),
        &options(),
    );
    assert_eq!(r.errors(), 0, "{:?}", r.findings);
}

#[test]
fn groups_must_be_contiguous_inside_one_parent_of_known_units() {
    let ds = dataset();
    let mut bad_code = group("g5", Level::Commune, &["00005", "00006"]);
    bad_code.code = Some(UnitCode::from("00001"));
    let mut bad_kind = group("g6", Level::Commune, &["00003", "00004"]);
    bad_kind.kind = Some(UnitKind::Quan);
    // Each case on its own; the last two groups of one phase share a unit.
    for (groups, expected) in [
        (
            vec![group("g1", Level::Commune, &["00001", "00007"])],
            CheckRule::Contiguity,
        ),
        (
            vec![group("g2", Level::Commune, &["00002", "00003"])],
            CheckRule::SameParent,
        ),
        (
            vec![group("g3", Level::Commune, &["00099", "00002"])],
            CheckRule::UnknownUnit,
        ),
        (
            vec![group("g4", Level::Commune, &["00007"])],
            CheckRule::UnknownUnit,
        ),
        (vec![bad_code], CheckRule::NewCode),
        (vec![bad_kind], CheckRule::WrongLevel),
        (
            vec![
                group("g7", Level::Commune, &["00005", "00006"]),
                group("g8", Level::Commune, &["00006", "00004"]),
            ],
            CheckRule::UnknownUnit,
        ),
        (
            vec![
                group("g9", Level::Commune, &["00001", "00002"]),
                group("g10", Level::Commune, &["00001", "00007"]),
            ],
            CheckRule::MemberTwice,
        ),
        (
            vec![group("g11", Level::District, &["00001", "00002"])],
            CheckRule::WrongLevel,
        ),
    ] {
        let r = check(&ds, &one_phase(groups.clone(), vec![]), &options());
        let errors: Vec<CheckRule> = r.with(Severity::Error).map(|f| f.rule).collect();
        assert!(errors.contains(&expected), "{groups:?}: {errors:?}");
    }
}

#[test]
fn below_standard_is_a_warning_with_its_tag_and_an_error_in_hard_mode() {
    let ds = dataset();
    // Phường 1 + Phường 2 of Quận A: 4 km² < 5.5 km² (NQ 1211 Điều 8, [V]).
    let p = one_phase(
        vec![group("g", Level::Commune, &["00001", "00002"])],
        vec![],
    );
    let soft = check(&ds, &p, &options());
    let f = soft
        .findings
        .iter()
        .find(|f| f.rule == CheckRule::Standard)
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("[V]") && f.message.contains("73%"),
        "{}",
        f.message
    );
    assert_eq!(soft.verdicts.len(), 1);
    assert!(!soft.verdicts[0].meets_standard);
    assert_eq!(soft.verdicts[0].standard_id, "phuong_thuoc_quan");
    let hard = check(
        &ds,
        &p,
        &CheckOptions {
            standard: StandardMode::Hard,
            ..options()
        },
    );
    // The new unit takes the naming member's code (equal populations: the smaller code).
    assert_eq!(
        rules_of(&hard, Severity::Error),
        vec![(CheckRule::Standard, vec!["00001".to_string()])]
    );
}

#[test]
fn exempt_members_are_flagged_unless_their_exemption_is_allowed() {
    let mut ds_units: Vec<Unit> = dataset().units().to_vec();
    for u in &mut ds_units {
        if u.code.as_str() == "00002" {
            u.attrs.island = Some(true);
        }
    }
    let ds = Dataset::new(
        ds_units,
        vec![(UnitCode::from("00001"), UnitCode::from("00002"), 1.0)],
    );
    let p = one_phase(
        vec![group("g", Level::Commune, &["00001", "00002"])],
        vec![],
    );
    let r = check(&ds, &p, &options());
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == CheckRule::Exemption)
        .unwrap();
    assert_eq!(
        (f.severity, f.units.clone()),
        (Severity::Warning, vec![UnitCode::from("00002")])
    );
    assert!(f.message.contains("E1"), "{}", f.message);
    let allowed = CheckOptions {
        exempt_partners: vec!["E1".into()],
        ..options()
    };
    assert_eq!(
        check(&ds, &p, &allowed).count(CheckRule::Exemption, Phase::Phase2023To2025),
        0
    );
}

#[test]
fn what_was_already_on_the_input_map_is_a_warning() {
    let mut units: Vec<Unit> = dataset().units().to_vec();
    units.push(unit(
        "00008",
        "Phường 7",
        UnitKind::Phuong,
        Some("001"),
        2.0,
        20_000,
    ));
    let ds = Dataset::new(units, vec![]);
    let r = check(&ds, &one_phase(vec![], vec![]), &options());
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == CheckRule::UniqueName)
        .unwrap();
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("already so on the map as loaded"),
        "{}",
        f.message
    );
    assert_eq!(r.errors(), 0);
}

/// The self-check is the validator on the planner's own plan: its verdicts
/// are the plan's, a proposal survives a JSON round trip (the format an
/// external plan can be given in), and the national plan has no error.
#[test]
fn the_planners_plan_passes_and_verdicts_agree() {
    let ds = load_dir(&support::national()).unwrap().dataset;
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let sc = Scenario::default();
    let result = run(
        &ds,
        &RunOptions {
            rules: &rules,
            scenario: &sc,
            province: None,
            progress: None,
        },
    )
    .unwrap();
    let check = check_result(&ds, &rules, &sc, &result);
    assert_eq!(check.errors(), 0);
    assert_eq!(check.verdicts.len(), result.groups.len());
    for (g, v) in result.groups.iter().zip(&check.verdicts) {
        assert_eq!(g.group_id, v.group);
        assert_eq!(
            (
                g.meets_standard,
                g.standard_tag,
                &g.standard_id,
                g.new_unit.kind
            ),
            (v.meets_standard, v.tag, &v.standard_id, v.kind),
            "{}",
            g.group_id
        );
    }
    let proposal = Proposal::from(&result);
    let json = serde_json::to_string(&proposal).unwrap();
    let back: Proposal = serde_json::from_str(&json).unwrap();
    assert_eq!(back, proposal);
    let again = check_plan(&ds, &rules, &back, &CheckOptions::from_scenario(&sc));
    assert_eq!(again, check);
    // The final map has as many communes as the plan says.
    let last = again.maps.last().unwrap();
    let after: usize = result
        .counts
        .iter()
        .filter(|((ph, lv, _), _)| *ph == Phase::Phase2026To2030 && *lv == Level::Commune)
        .map(|(_, (_, a))| *a)
        .sum();
    assert_eq!(last.communes, after);
}
