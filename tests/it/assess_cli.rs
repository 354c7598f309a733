//! The `reorg assess` and `reorg rules` commands, run as a process.

use std::path::Path;
use std::process::Command;

fn reorg() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_reorg"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn assess_one_province_to_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.csv");
    let o = reorg()
        .args(["assess", "data/vn/2023", "--province", "10", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    // The byte-order mark by default (Excel reads the diacritics right).
    assert!(text.starts_with(
        "\u{feff}code,level,phase,status,rule,area_ratio,population_ratio,assumptions,"
    ));
    assert!(text.lines().count() > 2);
}

#[test]
fn assess_prints_counts_in_english() {
    let o = reorg()
        .args(["assess", "data/vn/2023", "--province", "10", "--lang", "en"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("Mandatory") && text.contains("2026-2030"),
        "{text}"
    );
}

#[test]
fn an_unknown_province_is_an_error() {
    let o = reorg()
        .args(["assess", "data/vn/2023", "--province", "999"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("999"));
}

#[test]
fn a_broken_rule_file_is_reported_with_its_position() {
    let file = Path::new("tests/data/rules/syntax_error.toml");
    let o = reorg()
        .args(["rules", "--rules"])
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("tests/data/rules/syntax_error.toml:5:"),
        "{err}"
    );
}

#[test]
fn rules_prints_the_standards_with_tags() {
    let o = reorg().args(["rules", "--lang", "vi"]).output().unwrap();
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("Phường thuộc quận"), "{text}");
    assert!(text.contains("[U]") && text.contains("M6"));
    let o = reorg()
        .args(["rules", "--set", "nq653-2019", "--lang", "en"])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("M653") && text.contains("(none)"), "{text}");
}
