//! Rule-set files: the built-in TOML sets parse, carry docs/legal-basis.md's tags and
//! round-trip; user files load by path; syntax and semantic errors name the
//! file, line and column.

use std::path::{Path, PathBuf};

use reorg::model::{Phase, UnitKind};
use reorg::rules::{RuleSet, RulesError, Tag};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/rules")
        .join(name)
}

fn builtin_text(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rulesets/{name}.toml")),
    )
    .unwrap()
}

#[test]
fn builtin_sets_round_trip_through_toml() {
    for name in RuleSet::builtin_names() {
        let set = RuleSet::builtin(name).unwrap();
        let text = set.to_toml_string().unwrap();
        let back = RuleSet::from_toml_str(&text, Path::new("roundtrip.toml")).unwrap();
        assert_eq!(back, set, "{name}");
    }
}

#[test]
fn nq35_carries_the_tags_of_rules_md() {
    let set = RuleSet::builtin("nq35-2023").unwrap();
    assert_eq!(
        set.phases(),
        &[Phase::Phase2023To2025, Phase::Phase2026To2030]
    );
    let tag = |id: &str| set.standard_def(id).unwrap().area_km2.tag;
    assert_eq!(tag("thi_xa"), Tag::U);
    assert_eq!(tag("quan"), Tag::S);
    assert_eq!(tag("thi_tran"), Tag::S);
    assert_eq!(tag("xa_mien_nui"), Tag::V);
    assert_eq!(tag("phuong_thuoc_quan"), Tag::V);
    let tp_tw = set.standard_def("thanh_pho_tw").unwrap();
    assert_eq!(tp_tw.population.tag, Tag::U);
    assert_eq!(set.criterion("M6").unwrap().tag, Tag::S);
    for id in ["M1", "M2", "M3", "M4", "M5"] {
        assert_eq!(set.criterion(id).unwrap().tag, Tag::V, "{id}");
    }
    let ids: Vec<&str> = set.exemptions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["E1", "E2", "E3", "E4", "E5", "E6"]);
    let ids: Vec<&str> = set.reductions.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R-SF1", "R-SF2", "R-SF3"]);
    assert!(set.reduction_policy.as_ref().unwrap().one_per_standard);
    // Every standard cites an article.
    for s in &set.standards {
        assert!(s.area_km2.source.contains("Điều"), "{}", s.id);
        assert!(s.population.source.contains("Điều"), "{}", s.id);
    }
    // Điều 3a reductions only for rural kinds.
    for r in &set.reductions {
        assert!(r.kinds.iter().all(|k| !k.is_urban()), "{}", r.id);
    }
}

#[test]
fn nq653_has_no_reductions_and_no_e5_e6() {
    let set = RuleSet::builtin("nq653-2019").unwrap();
    assert_eq!(set.phases(), &[Phase::Round2019To2021]);
    assert!(set.reductions.is_empty());
    assert!(set.exemptions.iter().all(|e| e.arranged_in.is_empty()));
    let c = set.criterion("M653").unwrap();
    assert_eq!((c.area_below, c.population_below), (0.5, 0.5));
    // Same standards as nq35-2023 for districts and communes.
    let nq35 = RuleSet::builtin("nq35-2023").unwrap();
    for s in nq35
        .standards
        .iter()
        .filter(|s| s.kind != UnitKind::ThanhPhoTw)
    {
        let old = set.standard_def(&s.id).unwrap();
        assert_eq!(old.area_km2.value, s.area_km2.value, "{}", s.id);
        assert_eq!(old.population.value, s.population.value, "{}", s.id);
    }
}

#[test]
fn load_takes_a_builtin_name_or_a_path() {
    let set = RuleSet::load("nq653-2019").unwrap();
    assert_eq!(set.name, "nq653-2019");
    let path = fixture("custom.toml");
    let set = RuleSet::load(path.to_str().unwrap()).unwrap();
    assert_eq!(set.name, "custom-60");
    assert_eq!(set.criteria.len(), 1);
    let err = RuleSet::load(fixture("missing.toml").to_str().unwrap()).unwrap_err();
    assert!(matches!(err, RulesError::UnknownSet { .. }), "{err}");
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let path = fixture("syntax_error.toml");
    let err = RuleSet::load(path.to_str().unwrap()).unwrap_err();
    let RulesError::Parse { line, column, .. } = &err else {
        panic!("expected a parse error, got {err:?}");
    };
    assert_eq!(*line, 5);
    assert!(*column > 1);
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{}:5:", path.display())),
        "{text}"
    );
}

/// Replaces the first occurrence of `from` in the nq35 file and parses it.
fn mutated(from: &str, to: &str) -> (String, RulesError) {
    let text = builtin_text("nq35-2023");
    assert!(text.contains(from), "fixture text lacks {from}");
    let bad = text.replacen(from, to, 1);
    let err = RuleSet::from_toml_str(&bad, Path::new("user.toml")).unwrap_err();
    (bad, err)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn an_unknown_kind_is_a_positioned_error_listing_the_kinds() {
    let (text, err) = mutated("kind = \"huyen\"", "kind = \"huyện\"");
    let msg = err.to_string();
    let line = line_of(&text, "kind = \"huyện\"");
    assert!(msg.starts_with(&format!("user.toml:{line}:")), "{msg}");
    assert!(msg.contains("huyện") && msg.contains("thi_tran"), "{msg}");
}

#[test]
fn an_unknown_level_or_tag_is_a_positioned_error() {
    let (text, err) = mutated("levels = [\"commune\"]", "levels = [\"ward\"]");
    let line = line_of(&text, "levels = [\"ward\"]");
    assert!(
        err.to_string().starts_with(&format!("user.toml:{line}:")),
        "{err}"
    );
    let (_, err) = mutated("tag = \"S\"", "tag = \"maybe\"");
    assert!(
        matches!(err, RulesError::Parse { line, .. } if line > 0),
        "{err}"
    );
}

#[test]
fn a_negative_number_is_a_positioned_error() {
    let (text, err) = mutated("value = 850.0", "value = -850.0");
    let RulesError::Invalid {
        line,
        column,
        ref field,
        ref value,
        ..
    } = err
    else {
        panic!("expected a validation error, got {err:?}");
    };
    assert_eq!(line, line_of(&text, "-850.0"));
    assert!(column > 1);
    assert!(field.ends_with("area_km2.value"), "{field}");
    assert_eq!(value, "-850");
    assert!(err.to_string().contains("expected a positive"), "{err}");
}

#[test]
fn inconsistencies_are_reported() {
    let cases = [
        // duplicate id
        (
            "id = \"huyen\"\n",
            "id = \"huyen_mien_nui\"\n",
            "not used before",
        ),
        // dangling reference
        (
            "base_standard = \"xa\"",
            "base_standard = \"xa_x\"",
            "id of a standard",
        ),
        // criterion phase outside the set
        (
            "phase = \"2026-2030\"",
            "phase = \"2019-2021\"",
            "set's `phases`",
        ),
        // factor out of range
        ("factor = 0.7", "factor = 1.7", "at most 1"),
        // a kind without a standard
        ("kind = \"thi_tran\"", "kind = \"xa\"", "every unit kind"),
    ];
    for (from, to, expected) in cases {
        let (_, err) = mutated(from, to);
        assert!(matches!(err, RulesError::Invalid { .. }), "{from}: {err:?}");
        assert!(err.to_string().contains(expected), "{from}: {err}");
    }
}

#[test]
fn unknown_fields_are_rejected() {
    let (text, err) = mutated("factor = 0.7", "factr = 0.7");
    let line = line_of(&text, "factr");
    assert!(
        err.to_string().starts_with(&format!("user.toml:{line}:")),
        "{err}"
    );
    assert!(err.to_string().contains("factr"), "{err}");
}

/// The N4 group exemption of nq76-2025 (NQ 76/2025 Điều 5, docs/legal-basis.md §6, tag
/// S) is data: ≥ 3 units into a phường; a bad size or an empty kind list is a
/// positioned error.
#[test]
fn nq76_group_exemption_is_data_and_validated() {
    let set = RuleSet::builtin("nq76-2025").unwrap();
    let n4 = &set.group_exemptions[0];
    assert_eq!(n4.id, "N4");
    assert_eq!(n4.min_units, 3);
    assert_eq!(n4.into_kinds, vec![reorg::model::UnitKind::Phuong]);
    assert_eq!(n4.tag, reorg::rules::Tag::S);
    let text = builtin_text("nq76-2025");
    for (from, to, expected) in [
        ("min_units = 3", "min_units = 1", "at least 2"),
        (
            "into_kinds = [\"phuong\"]",
            "into_kinds = []",
            "non-empty list",
        ),
    ] {
        assert!(text.contains(from));
        let bad = text.replacen(from, to, 1);
        let err = RuleSet::from_toml_str(&bad, Path::new("user.toml")).unwrap_err();
        let RulesError::Invalid { line, .. } = err else {
            panic!("expected a validation error, got {err:?}");
        };
        assert_eq!(line, line_of(&bad, to), "{from}");
        assert!(err.to_string().contains(expected), "{from}: {err}");
    }
}

/// N7 of NQ 76/2025 (docs/legal-basis.md §6, tag S) is data: a merged thị trấn becomes
/// a xã; a unit left alone keeps its kind; nq35 maps nothing. A kind mapped
/// twice or to another level is a positioned error.
#[test]
fn nq76_kind_after_merge_is_data_and_validated() {
    use reorg::model::UnitKind;
    let set = RuleSet::builtin("nq76-2025").unwrap();
    assert_eq!(set.kind_after_merge(UnitKind::ThiTran, 2), UnitKind::Xa);
    assert_eq!(
        set.kind_after_merge(UnitKind::ThiTran, 1),
        UnitKind::ThiTran
    );
    assert_eq!(set.kind_after_merge(UnitKind::Phuong, 3), UnitKind::Phuong);
    let nq35 = RuleSet::builtin("nq35-2023").unwrap();
    assert_eq!(
        nq35.kind_after_merge(UnitKind::ThiTran, 2),
        UnitKind::ThiTran
    );
    let text = builtin_text("nq76-2025");
    let entry = "[[kind_after_merge]]\nfrom = \"thi_tran\"\nto = \"xa\"\n";
    assert!(text.contains(entry));
    for (bad, to, expected) in [
        (
            text.replacen(
                entry,
                "[[kind_after_merge]]\nfrom = \"thi_tran\"\nto = \"huyen\"\n",
                1,
            ),
            "to = \"huyen\"",
            "same level",
        ),
        (
            format!("{text}\n{entry}source = \"x\"\ntag = \"U\"\n"),
            "",
            "not mapped before",
        ),
    ] {
        let err = RuleSet::from_toml_str(&bad, Path::new("user.toml")).unwrap_err();
        let RulesError::Invalid { line, .. } = err else {
            panic!("expected a validation error, got {err:?}");
        };
        if !to.is_empty() {
            assert_eq!(line, line_of(&bad, to));
        }
        assert!(err.to_string().contains(expected), "{err}");
    }
}
