//! Determinism (issue #6 item 4): the same input gives the same bytes, in
//! every file of the report folder, charts (SVG and PNG) included.
//!
//! Two separate processes are compared, so anything that depends on the
//! per-process `HashMap` seed, on the clock or on the process id would show.

use crate::support;

use std::path::Path;

use support::{assert_same_tree, national, reorg, stderr};

/// Runs `reorg plan DIR EXTRA.. --out OUT --quiet` and checks it succeeded.
fn plan_into(dir: &Path, out: &Path, extra: &[&str]) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["plan".as_ref(), dir.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend(["--out".as_ref(), out.as_os_str(), "--quiet".as_ref()]);
    let o = reorg(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The national plan with every chart, twice.
#[test]
fn national_report_is_byte_identical_across_runs() {
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    plan_into(&national(), &a, &[]);
    plan_into(&national(), &b, &[]);
    let files = support::read_tree(&a);
    for must in [
        "plan.csv",
        "report.html",
        "report.json",
        "charts/merges-per-year.svg",
        "charts/merges-per-year.png",
        "plan.xlsx",
        "du-thao-nghi-quyet.docx",
    ] {
        assert!(files.contains_key(Path::new(must)), "{must} missing");
    }
    assert_same_tree(&a, &b);
}

/// One province, with its map (geometry), in English, twice.
#[test]
fn province_report_with_map_is_byte_identical_across_runs() {
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    let extra = ["--province", "26", "--lang", "en"];
    plan_into(&national(), &a, &extra);
    plan_into(&national(), &b, &extra);
    let files = support::read_tree(&a);
    assert!(files.contains_key(Path::new("charts/map-2023-2025.svg")));
    // The dossier: zip containers with fixed timestamps and dates inside.
    assert!(files.contains_key(Path::new("plan.xlsx")));
    assert!(files.contains_key(Path::new("du-thao-nghi-quyet.docx")));
    assert!(files.contains_key(Path::new("charts/map-2023-2025.png")));
    assert_same_tree(&a, &b);
}

/// The output does not depend on where the report is written: the same
/// plan into differently named folders gives the same files.
#[test]
fn output_does_not_depend_on_the_folder_name() {
    let t = tempfile::tempdir().unwrap();
    let fixture = support::root().join("tests/data/golden");
    let (a, b) = (t.path().join("one"), t.path().join("other-name"));
    plan_into(&fixture, &a, &["--no-charts"]);
    plan_into(&fixture, &b, &["--no-charts"]);
    assert_same_tree(&a, &b);
}
