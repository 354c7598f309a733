//! The catalogue of malformed and odd inputs in `tests/data/io/`: each
//! fixture folder (units.csv + adjacency.csv) with its expected outcome,
//! either accepted with exactly the listed warning kinds, or rejected with
//! exactly the listed errors (kind, file, line, column). Also runs the
//! `reorg check` binary on a few of them for exit codes and output.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use reorg::io::{Diagnostic, DiagnosticKind as K, Loaded, load_dir};
use reorg::model::UnitCode;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/io")
        .join(name)
}

enum Expect {
    /// Loaded; the warning kinds, in the order reported.
    Ok(&'static [K]),
    /// Rejected; every error as (kind, file name, line, column).
    Err(&'static [(K, &'static str, u64, usize)]),
}

const U: &str = "units.csv";
const A: &str = "adjacency.csv";

/// Every fixture folder and what loading it must give.
const CATALOGUE: &[(&str, Expect)] = &[
    ("valid", Expect::Ok(&[])),
    // accepted with a warning
    ("adjacency_header_only", Expect::Ok(&[K::Empty])),
    ("blank_lines", Expect::Ok(&[K::BlankLine])),
    ("bom", Expect::Ok(&[K::Bom])),
    ("crlf", Expect::Ok(&[K::LineEndings, K::LineEndings])),
    ("empty_area_is_unknown", Expect::Ok(&[])),
    ("extra_empty_fields", Expect::Ok(&[K::ExtraEmptyFields])),
    ("hectares_median", Expect::Ok(&[K::SuspiciousUnit])),
    ("old_mac_line_endings", Expect::Ok(&[K::LineEndings])),
    ("hectares_one_commune", Expect::Ok(&[K::SuspiciousUnit])),
    ("quoted_decimal_comma", Expect::Ok(&[K::DecimalComma])),
    ("quoted_numbers", Expect::Ok(&[])),
    ("semicolon", Expect::Ok(&[K::Delimiter, K::DecimalComma])),
    ("semicolon_point_decimals", Expect::Ok(&[K::Delimiter])),
    ("spaces", Expect::Ok(&[K::Whitespace])),
    ("title_row", Expect::Ok(&[K::TitleRow])),
    // issue #18: no silent misreads
    ("region_vietnamese", Expect::Ok(&[])),
    ("region_unknown", Expect::Ok(&[K::UnknownRegion])),
    ("nfd_names", Expect::Ok(&[K::NotNfc])),
    ("code_not_digits", Expect::Ok(&[K::BadCode])),
    ("formula_name", Expect::Ok(&[K::FormulaLike])),
    (
        "utf16_bom_tabs",
        Expect::Ok(&[K::LineEndings, K::Delimiter, K::Encoding]),
    ),
    // rejected
    (
        "count_thousands_point",
        Expect::Err(&[(K::AmbiguousNumber, U, 5, 7)]),
    ),
    (
        "population_overflow",
        Expect::Err(&[(K::Implausible, U, 6, 7)]),
    ),
    (
        "area_implausible",
        Expect::Err(&[(K::Implausible, U, 7, 6)]),
    ),
    (
        "phuong_under_huyen",
        Expect::Err(&[(K::ParentKind, U, 8, 5)]),
    ),
    ("code_is_a_path", Expect::Err(&[(K::BadCode, U, 9, 1)])),
    (
        "commune_parent_not_district",
        Expect::Err(&[(K::WrongParentLevel, U, 8, 5)]),
    ),
    (
        "cross_level_pair",
        Expect::Err(&[(K::CrossLevelPair, A, 5, 2)]),
    ),
    (
        "decimal_comma_in_comma_file",
        Expect::Err(&[(K::Malformed, U, 5, 6)]),
    ),
    (
        "duplicate_code",
        Expect::Err(&[(K::DuplicateCode, U, 9, 1)]),
    ),
    (
        "duplicate_column",
        Expect::Err(&[(K::DuplicateColumn, U, 1, 9)]),
    ),
    ("empty_file", Expect::Err(&[(K::Empty, U, 1, 0)])),
    // rust-csv does not count the empty lines it skips; the loader does
    (
        "error_after_blank_lines",
        Expect::Err(&[(K::NegativeOrInvalid, U, 11, 6)]),
    ),
    ("header_only", Expect::Err(&[(K::Empty, U, 1, 0)])),
    (
        "kind_level_mismatch",
        Expect::Err(&[(K::KindLevelMismatch, U, 4, 4)]),
    ),
    (
        "missing_column",
        Expect::Err(&[(K::MissingColumn, U, 1, 0)]),
    ),
    (
        "negative_area",
        Expect::Err(&[(K::NegativeOrInvalid, U, 7, 6)]),
    ),
    (
        "non_numeric_population",
        Expect::Err(&[(K::NotANumber, U, 7, 7)]),
    ),
    ("non_utf8", Expect::Err(&[(K::NotUtf8, U, 4, 2)])),
    (
        "pair_unknown_code",
        Expect::Err(&[(K::UnknownCode, A, 3, 2)]),
    ),
    (
        "population_with_decimals",
        Expect::Err(&[(K::InvalidValue, U, 5, 7)]),
    ),
    ("ragged_row", Expect::Err(&[(K::Malformed, U, 4, 7)])),
    (
        "repeated_pair",
        Expect::Err(&[(K::RepeatedPair, A, 5, 1), (K::RepeatedPair, A, 6, 1)]),
    ),
    ("self_pair", Expect::Err(&[(K::SelfPair, A, 3, 2)])),
    (
        "share_as_percent",
        Expect::Err(&[(K::InvalidValue, U, 6, 8)]),
    ),
    (
        "thousands_separator_quoted",
        Expect::Err(&[(K::AmbiguousNumber, U, 5, 7)]),
    ),
    (
        "thousands_separator_semicolon",
        Expect::Err(&[(K::AmbiguousNumber, U, 5, 7)]),
    ),
    (
        "title_row_without_header",
        Expect::Err(&[(K::MissingColumn, U, 1, 0)]),
    ),
    (
        "unknown_parent",
        Expect::Err(&[(K::UnknownParent, U, 8, 5)]),
    ),
    ("utf16_without_bom", Expect::Err(&[(K::NotUtf8, U, 1, 0)])),
];

fn file_name(d: &Diagnostic) -> String {
    d.file.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_fixture_gives_its_expected_outcome() {
    let mut failures = Vec::new();
    for (name, expect) in CATALOGUE {
        let got = load_dir(&fixture(name));
        match (expect, got) {
            (Expect::Ok(kinds), Ok(loaded)) => {
                let got: Vec<K> = loaded.warnings.iter().map(|w| w.kind).collect();
                if got != *kinds {
                    failures.push(format!("{name}: warnings {got:?}, expected {kinds:?}"));
                }
            }
            (Expect::Err(errors), Err(e)) => {
                let got: Vec<(K, String, u64, usize)> = e
                    .diagnostics()
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| (d.kind, file_name(d), d.line, d.column))
                    .collect();
                let want: Vec<(K, String, u64, usize)> = errors
                    .iter()
                    .map(|(k, f, l, c)| (*k, f.to_string(), *l, *c))
                    .collect();
                if got != want {
                    failures.push(format!("{name}: errors {got:?}, expected {want:?}"));
                }
            }
            (Expect::Ok(_), Err(e)) => failures.push(format!("{name}: rejected: {e}")),
            (Expect::Err(_), Ok(_)) => failures.push(format!("{name}: accepted")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_catalogue_covers_every_fixture_folder() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CATALOGUE.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 25);
}

/// Every error names its column by name (when it concerns one column) and
/// prints as `path:line:col: error[kind]: message`.
#[test]
fn errors_name_the_column_and_print_their_position() {
    for (name, expect) in CATALOGUE {
        if !matches!(expect, Expect::Err(_)) {
            continue;
        }
        let e = load_dir(&fixture(name)).unwrap_err();
        for d in e.diagnostics().iter().filter(|d| d.is_error()) {
            let text = d.to_string();
            let prefix = format!(
                "{}:{}:{}: error[{}]: ",
                d.file.display(),
                d.line,
                d.column,
                d.kind.id()
            );
            assert!(text.starts_with(&prefix), "{name}: {text}");
            if d.column > 0 {
                assert!(d.message.starts_with("column '"), "{name}: {text}");
            }
            assert!(d.message.contains("expected"), "{name}: {text}");
        }
    }
}

fn load(name: &str) -> Loaded {
    load_dir(&fixture(name)).unwrap()
}

fn area(l: &Loaded, code: &str) -> Option<f64> {
    let ds = &l.dataset;
    ds.unit(ds.id_of(&UnitCode::from(code)).unwrap()).area_km2
}

#[test]
fn accepted_oddities_read_the_right_values() {
    let valid = load("valid");
    for name in [
        "bom",
        "crlf",
        "spaces",
        "blank_lines",
        "semicolon",
        "semicolon_point_decimals",
        "quoted_decimal_comma",
        "quoted_numbers",
        "title_row",
        "utf16_bom_tabs",
        "extra_empty_fields",
        "old_mac_line_endings",
    ] {
        let l = load(name);
        assert_eq!(l.dataset.units(), valid.dataset.units(), "{name}");
        assert_eq!(
            l.dataset.edges().collect::<Vec<_>>(),
            valid.dataset.edges().collect::<Vec<_>>(),
            "{name}"
        );
    }
}

#[test]
fn an_empty_area_is_unknown_not_zero() {
    let l = load("empty_area_is_unknown");
    assert_eq!(area(&l, "00004"), None);
    assert_eq!(area(&l, "00001"), Some(0.92));
}

#[test]
fn warnings_are_reported_once_per_file_at_the_first_place() {
    let l = load("spaces");
    assert_eq!(l.warnings.len(), 1);
    assert_eq!((l.warnings[0].line, l.warnings[0].column), (3, 6));
    assert!(l.warnings[0].message.contains("3 value(s)"));
    let l = load("semicolon");
    let dc = &l.warnings[1];
    assert_eq!((dc.line, dc.column), (5, 6));
    assert!(dc.message.contains("2 value(s)"), "{dc}");
}

#[test]
fn messages_say_what_was_expected() {
    let e = load_dir(&fixture("share_as_percent")).unwrap_err();
    assert!(e.diagnostics()[0].message.contains("expected 0–1"));
    let e = load_dir(&fixture("non_utf8")).unwrap_err();
    let m = &e.diagnostics()[0].message;
    assert!(m.contains("column 'name'") && m.contains("UTF-8"), "{m}");
    let e = load_dir(&fixture("title_row_without_header")).unwrap_err();
    let m = &e.diagnostics()[0].message;
    assert!(m.contains("the header must be the first line"), "{m}");
    let e = load_dir(&fixture("decimal_comma_in_comma_file")).unwrap_err();
    let m = &e.diagnostics()[0].message;
    assert!(m.contains("'0,92'") && m.contains("0.92"), "{m}");
}

#[test]
fn the_shipped_dataset_loads_without_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    let l = load_dir(&dir).unwrap();
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    assert_eq!(l.dataset.units().len(), 63 + 705 + 10_598);
}

// ---- the binary

fn reorg_check(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_reorg"))
        .arg("check")
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn check_exits_1_and_prints_positions_on_bad_input() {
    for (name, pos) in [
        ("negative_area", "units.csv:7:6: error[negative-or-invalid]"),
        ("self_pair", "adjacency.csv:3:2: error[self-pair]"),
        ("non_utf8", "units.csv:4:2: error[not-utf8]"),
        ("empty_file", "units.csv:1:0: error[empty]"),
    ] {
        let out = reorg_check(&fixture(name));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains(pos), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[test]
fn check_exits_0_on_warnings_and_on_the_shipped_dataset() {
    let out = reorg_check(&fixture("semicolon"));
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning[delimiter]"));
    let out = reorg_check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023"));
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("10598 units"));
}

#[test]
fn check_exits_2_on_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_reorg"))
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let help = Command::new(env!("CARGO_BIN_EXE_reorg"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit codes: 0 success"));
}

/// `reorg check DIR | head -0`: the reader is gone before anything is
/// written; the write fails with a broken pipe, which is a success (exit 0),
/// not a panic (101).
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    let mut child = Command::new(env!("CARGO_BIN_EXE_reorg"))
        .arg("check")
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // close the read end
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Issue #18: the official Vietnamese region name silently disabled the Red
/// River Delta reduction; every spelling now reads as the region. NFD names
/// are normalised (they gave "Phường Phường …").
#[test]
fn regions_and_names_are_read_as_meant() {
    let loaded = load_dir(&fixture("region_vietnamese")).unwrap();
    for u in loaded.dataset.units() {
        assert_eq!(u.region.as_deref(), Some("Red River Delta"), "{}", u.code);
        assert_eq!(u.in_red_river_delta(), Some(true));
    }
    let loaded = load_dir(&fixture("nfd_names")).unwrap();
    let u = loaded.dataset.get("00001").unwrap();
    assert_eq!(u.name, "Phường Phúc Xá");
    assert_eq!(u.short_name(), "Phúc Xá");
}

/// Issue #18: a header of many duplicate columns gave one diagnostic each
/// (a million columns: 166 MB of standard error); each kind is capped with
/// a count of the rest, and echoed values are cut.
#[test]
fn diagnostics_are_capped_per_kind() {
    let mut header = String::from("code,name,level,kind,parent_code,area_km2,population");
    for _ in 0..5_000 {
        header.push_str(",x");
    }
    let units = format!("{header}\n01,{},province,tinh,,1,1\n", "N".repeat(100_000));
    let e = reorg::io::load_from_bytes(units.as_bytes(), b"code_a,code_b,level,shared_border_km\n")
        .unwrap_err();
    let d = e.diagnostics();
    let dup = d.iter().filter(|x| x.kind == K::DuplicateColumn).count();
    assert_eq!(dup, reorg::io::MAX_DIAGNOSTICS_PER_KIND + 1, "{}", d.len());
    assert!(d.iter().any(|x| x.message.contains("more of this kind")));
    assert!(d.len() < 300, "{}", d.len());
    assert!(d.iter().all(|x| x.message.chars().count() < 400));
}
