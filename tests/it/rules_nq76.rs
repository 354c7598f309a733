//! The built-in `nq76-2025` set (NQ 76/2025/UBTVQH15, docs/legal-basis.md §6): the 2025
//! worked examples of docs/legal-basis.md §4, the province-dependent phường standards
//! (N3), the mountain xã standard (N1), and assessment without criteria.

use std::path::Path;

use approx::assert_relative_eq;
use reorg::assess::{Status, assess_dataset, assess_unit};
use reorg::io::load_dir;
use reorg::model::{Attributes, Level, Phase, Unit, UnitCode, UnitKind};
use reorg::rules::{Assumption, Placement, RuleSet, Tag, render_rules};

const R2025: Phase = Phase::Round2025;

fn nq76() -> RuleSet {
    RuleSet::builtin("nq76-2025").unwrap()
}

/// A unit outside the Red River Delta, not mountainous, no border, no flags.
fn unit(kind: UnitKind, area: f64, population: u64, region: &str) -> Unit {
    Unit {
        code: "99999".into(),
        name: "Test".into(),
        level: kind.level(),
        kind,
        parent_code: Some("99".into()),
        area_km2: Some(area),
        population: Some(population),
        region: Some(region.into()),
        attrs: Attributes {
            mountainous: Some(false),
            mountainous_basis: Some("official_list".into()),
            land_border: Some(false),
            ethnic_minority_share: Some(0.0),
            coastal_poor: Some(false),
            island: Some(false),
            ..Attributes::default()
        },
    }
}

/// A placement in a province of `kind`, mountainous/border or not; in the
/// two-level model the commune's parent is the province itself.
fn in_province(kind: UnitKind, mountainous_or_border: bool) -> Placement {
    Placement {
        parent_kind: Some(kind),
        province_kind: Some(kind),
        province_mountainous_or_border: Some(mountainous_or_border),
        province_from_districts: false,
    }
}

fn assess_at(rules: &RuleSet, u: &Unit, at: &Placement) -> (f64, f64, String) {
    let s = rules.standard_at(u, at);
    let a = u.area_km2.unwrap() / s.area_km2;
    let p = u.population.unwrap() as f64 / s.population;
    (a, p, s.id)
}

#[test]
fn di_an_ward_of_a_centrally_run_city_against_45000() {
    // Phường Dĩ An (HCMC 2025): 227,817 people = 506.26% of 45,000 (S74).
    let u = unit(UnitKind::Phuong, 60.0, 227_817, "Southeast");
    let (_, p, id) = assess_at(&nq76(), &u, &in_province(UnitKind::ThanhPhoTw, false));
    assert_eq!(id, "phuong_tp_tw");
    assert_relative_eq!(p * 100.0, 506.26, epsilon = 0.005);
}

#[test]
fn phu_giao_commune_area_against_30_km2() {
    // Xã Phú Giáo (HCMC 2025): 192.83 km² = 642.8% of 30 km² (S74).
    let u = unit(UnitKind::Xa, 192.83, 40_000, "Southeast");
    let (a, _, id) = assess_at(&nq76(), &u, &in_province(UnitKind::ThanhPhoTw, false));
    assert_eq!(id, "xa");
    assert_relative_eq!(a * 100.0, 642.77, epsilon = 0.005);
}

#[test]
fn tam_son_red_river_delta_commune() {
    // Xã Tam Sơn (Vĩnh Phúc 2025): 33.10 km², 25,668 people (S69).
    let rules = nq76();
    let u = unit(UnitKind::Xa, 33.10, 25_668, "Red River Delta");
    let s = rules.standard_at(&u, &in_province(UnitKind::Tinh, false));
    // N2 in the Red River Delta: 21 km² (70% of 30, R-SF3); 158% ✓.
    assert_relative_eq!(s.area_km2, 21.0);
    assert_eq!(s.area_reduction.as_deref(), Some("R-SF3"));
    assert_relative_eq!(33.10 / s.area_km2 * 100.0, 157.62, epsilon = 0.005);
    // The law (N2): population ≥ 200% of 8,000 = 16,000, so 160.425% here.
    assert_relative_eq!(s.population, 16_000.0);
    assert_relative_eq!(25_668.0 / s.population * 100.0, 160.425, epsilon = 1e-6);
    // S69 prints 321%: the ratio to the NQ 1211 base standard of 8,000 (the
    // nq35-2023 xã standard), to be read against N2's 200% requirement. Both
    // readings agree that Tam Sơn meets N2 (321% ≥ 200% ⇔ 160% ≥ 100%).
    let base = RuleSet::builtin("nq35-2023").unwrap().standard(&u, None);
    assert_relative_eq!(base.population, 8_000.0);
    assert_relative_eq!(25_668.0 / base.population * 100.0, 320.85, epsilon = 0.005);
    let a = assess_unit(&rules, &u, Some(UnitKind::Tinh), R2025);
    assert_eq!(a.status, Status::MeetsStandard);
}

#[test]
fn tuy_hoa_ward_of_an_ordinary_province() {
    // Phường Tuy Hòa (Phú Yên 2025): 33.77 km², 126,118 people (S70):
    // 614.0% of 5.5 km², 600.56% of 21,000.
    let u = unit(UnitKind::Phuong, 33.77, 126_118, "South Central Coast");
    let (a, p, id) = assess_at(&nq76(), &u, &in_province(UnitKind::Tinh, false));
    assert_eq!(id, "phuong");
    assert_relative_eq!(a * 100.0, 614.0, epsilon = 0.005);
    assert_relative_eq!(p * 100.0, 600.56, epsilon = 0.005);
}

#[test]
fn ward_standard_follows_the_province() {
    let rules = nq76();
    let u = unit(UnitKind::Phuong, 6.0, 20_000, "Northeast");
    let pop = |at: Placement| rules.standard_at(&u, &at).population;
    assert_relative_eq!(pop(in_province(UnitKind::ThanhPhoTw, false)), 45_000.0);
    assert_relative_eq!(pop(in_province(UnitKind::Tinh, true)), 15_000.0);
    assert_relative_eq!(pop(in_province(UnitKind::Tinh, false)), 21_000.0);
    // A centrally-run city with a border (Huế) takes 45,000 (file order).
    assert_relative_eq!(pop(in_province(UnitKind::ThanhPhoTw, true)), 45_000.0);
    // Province unknown: the unconditioned 21,000, stated.
    let s = rules.standard(&u, None);
    assert_eq!(s.id, "phuong");
    assert!(s.notes.contains(&Assumption::ProvinceUnknown {
        standard: "phuong".into()
    }));
    // Known city kind, unknown terrain: the city standard, nothing to state.
    let s = rules.standard_at(
        &u,
        &Placement {
            province_kind: Some(UnitKind::ThanhPhoTw),
            ..Placement::default()
        },
    );
    assert_eq!(s.id, "phuong_tp_tw");
    assert!(s.notes.is_empty(), "{:?}", s.notes);
    // Province known but terrain unknown: 21,000, stated.
    let s = rules.standard_at(
        &u,
        &Placement {
            province_kind: Some(UnitKind::Tinh),
            ..Placement::default()
        },
    );
    assert_eq!(s.id, "phuong");
    assert!(!s.notes.is_empty());
}

#[test]
fn nq35_ward_selection_is_unchanged_by_province_facts() {
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let u = unit(UnitKind::Phuong, 6.0, 20_000, "Northeast");
    let at = Placement {
        parent_kind: Some(UnitKind::Quan),
        ..in_province(UnitKind::ThanhPhoTw, true)
    };
    let s = rules.standard_at(&u, &at);
    assert_eq!(s.id, "phuong_thuoc_quan");
    assert_eq!(s, rules.standard(&u, Some(UnitKind::Quan)));
}

#[test]
fn mountain_commune_needs_100_km2_and_5000_people() {
    let rules = nq76();
    let mut u = unit(UnitKind::Xa, 120.0, 6_000, "Northwest");
    u.attrs.mountainous = Some(true);
    let s = rules.standard_at(&u, &in_province(UnitKind::Tinh, true));
    assert_eq!(s.id, "xa_mien_nui");
    assert_relative_eq!(s.area_km2, 100.0);
    assert_relative_eq!(s.population, 5_000.0);
    assert_eq!(s.area_tag, Tag::S);
    // Điều 3a ethnic reduction still applies (S11): 51% → factor 0.40 → 2,000.
    u.attrs.ethnic_minority_share = Some(0.5137);
    let s = rules.standard(&u, None);
    assert_relative_eq!(s.population, 2_000.0);
    assert_eq!(s.population_reduction.as_deref(), Some("R-SF1"));
}

#[test]
fn township_takes_the_commune_standard() {
    // N7: xã/thị trấn merge into a xã.
    let rules = nq76();
    let u = unit(UnitKind::ThiTran, 20.0, 10_000, "Northeast");
    let s = rules.standard(&u, None);
    assert_relative_eq!(s.area_km2, 30.0);
    assert_relative_eq!(s.population, 16_000.0);
}

#[test]
fn without_criteria_units_meet_or_fall_below_the_standard() {
    let rules = nq76();
    assert!(rules.criteria.is_empty());
    assert_eq!(rules.phases(), &[R2025]);
    let small = unit(UnitKind::Xa, 2.0, 1_000, "Northeast");
    let a = assess_unit(&rules, &small, Some(UnitKind::Tinh), R2025);
    assert_eq!((a.status, a.rule.as_deref()), (Status::BelowStandard, None));
    let big = unit(UnitKind::Xa, 40.0, 20_000, "Northeast");
    let a = assess_unit(&rules, &big, Some(UnitKind::Tinh), R2025);
    assert_eq!(a.status, Status::MeetsStandard);
    let mut unknown = big.clone();
    unknown.population = None;
    let a = assess_unit(&rules, &unknown, Some(UnitKind::Tinh), R2025);
    assert_eq!(a.status, Status::Unknown);
    // Island communes (N5) are not mandatory either: there is nothing to exempt from.
    let mut island = small.clone();
    island.attrs.island = Some(true);
    let a = assess_unit(&rules, &island, Some(UnitKind::Tinh), R2025);
    assert_eq!(a.status, Status::BelowStandard);
    assert_eq!(
        reorg::assess::exemption_for(&rules, &island, R2025).map(|e| e.id.as_str()),
        Some("N5")
    );
}

#[test]
fn national_dataset_assesses_hcmc_wards_against_45000() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    let ds = load_dir(&dir).unwrap().dataset;
    let rules = nq76();
    let rows = assess_dataset(&rules, &ds, Some(&UnitCode::from("79")));
    assert!(!rows.is_empty());
    let wards: Vec<_> = rows
        .iter()
        .filter(|a| a.level == Level::Commune && a.kind == UnitKind::Phuong)
        .collect();
    assert!(wards.len() > 200, "{}", wards.len());
    assert!(wards.iter().all(|a| a.standard.id == "phuong_tp_tw"));
    assert!(rows.iter().all(|a| matches!(
        a.status,
        Status::MeetsStandard | Status::BelowStandard | Status::Unknown
    )));
}

#[test]
fn nq76_is_built_in_carries_its_tags_and_round_trips() {
    assert!(RuleSet::builtin_names().contains(&"nq76-2025"));
    let set = nq76();
    for id in [
        "xa_mien_nui",
        "xa",
        "phuong_tp_tw",
        "phuong_mien_nui_bien_gioi",
        "phuong",
    ] {
        let s = set.standard_def(id).unwrap();
        assert_eq!((s.area_km2.tag, s.population.tag), (Tag::S, Tag::S), "{id}");
        assert!(s.population.source.contains("NQ 76/2025"), "{id}");
    }
    let tag = |id: &str| set.reductions.iter().find(|r| r.id == id).unwrap().tag;
    assert_eq!(
        (tag("R-SF1"), tag("R-SF2"), tag("R-SF3")),
        (Tag::S, Tag::U, Tag::S)
    );
    let text = set.to_toml_string().unwrap();
    assert!(!text.contains("[[criterion]]"));
    let back = RuleSet::from_toml_str(&text, Path::new("roundtrip.toml")).unwrap();
    assert_eq!(back, set);
    let shown = render_rules(&set, reorg::lang::Lang::En);
    assert!(shown.contains("45,000") && shown.contains("none: the set defines standards only"));
}

#[test]
fn province_conditions_are_rejected_on_district_standards() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/nq76-2025.toml"),
    )
    .unwrap();
    let bad = text.replacen(
        "id = \"huyen\"\nkind = \"huyen\"",
        "id = \"huyen\"\nkind = \"huyen\"\nprovince_kinds = [\"thanh_pho_tw\"]",
        1,
    );
    assert_ne!(bad, text);
    let err = RuleSet::from_toml_str(&bad, Path::new("bad.toml")).unwrap_err();
    assert!(err.to_string().contains("province"), "{err}");
}

/// The shipped province rows leave terrain unknown and say no land border;
/// the N3 ward standard then takes "mountainous/highland or border" from
/// below: a district with a land border (Hà Giang) or officially mountainous
/// communes over half the area (Bắc Kạn); never the density proxy (Phú Yên,
/// whose Tuy Hòa took 21,000 in 2025, stays unknown: 21,000, stated).
#[test]
fn ward_standard_on_the_shipped_data_takes_the_province_from_below() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    let ds = reorg::io::load_dir(&dir).unwrap().dataset;
    let rules = nq76();
    let first_ward = |province: &str| {
        let p = ds.id_of(&reorg::model::UnitCode::from(province)).unwrap();
        ds.ids_at(reorg::model::Level::Commune)
            .find(|id| ds.province_of(*id) == Some(p) && ds.unit(*id).kind == UnitKind::Phuong)
            .unwrap()
    };
    for (province, derived, standard) in [
        ("02", Some(true), "phuong_mien_nui_bien_gioi"),
        ("06", Some(true), "phuong_mien_nui_bien_gioi"),
        ("54", None, "phuong"),
        ("26", None, "phuong"),
    ] {
        let id = first_ward(province);
        let at = Placement::in_dataset(&ds, id);
        assert_eq!(at.province_mountainous_or_border, derived, "{province}");
        assert_eq!(at.province_from_districts, derived.is_some(), "{province}");
        let s = rules.standard_at(ds.unit(id), &at);
        assert_eq!(s.id, standard, "{province}");
        let stated = if derived.is_some() {
            Assumption::ProvinceFromDistricts {
                standard: standard.into(),
                mountainous_or_border: true,
            }
        } else {
            Assumption::ProvinceUnknown {
                standard: standard.into(),
            }
        };
        assert!(s.notes.contains(&stated), "{province}: {:?}", s.notes);
    }
    // A centrally-run city keeps 45,000 whatever its terrain.
    let s = rules.standard_at(
        ds.unit(first_ward("01")),
        &Placement::in_dataset(&ds, first_ward("01")),
    );
    assert_eq!(s.id, "phuong_tp_tw");
}

/// `reorg plan --rules nq76-2025`: a rule set with standards but no
/// criteria is a clear error pointing to `regionalize` (in the terminal's
/// language), not an empty 2023–2030 report; nothing is written.
#[test]
fn planning_by_phase_with_nq76_is_an_error_pointing_to_regionalize() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    for (lang, words) in [
        ("en", "no criterion of units that must be arranged"),
        ("vi", "không có tiêu chí đơn vị thuộc diện sắp xếp"),
    ] {
        let o = crate::support::reorg([
            "plan",
            root.join("tests/data/golden").to_str().unwrap(),
            "--rules",
            "nq76-2025",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--lang",
            lang,
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(words) && err.contains("regionalize"), "{err}");
        assert!(!out.exists());
    }
}
