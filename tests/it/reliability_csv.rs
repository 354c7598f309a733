//! CSV outputs are safe to open in a spreadsheet (issue #18): names or codes
//! beginning with `= + - @` reached `plan.csv` (`member_names`, `new_code`),
//! `unresolved.csv`, `units.csv` and `assess --out` raw, and Excel ran them.
//! Every CSV writer now goes through `reorg::io::csv_out`.

use crate::support;

use std::path::{Path, PathBuf};

use support::{read_tree, reorg, root, stderr};

/// The golden fixture (Bắc Kạn) with every commune's name starting with `=`
/// and its code with `@` (in both files).
fn hostile(dir: &Path) -> PathBuf {
    let src = root().join("tests/data/golden");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let units = std::fs::read_to_string(src.join("units.csv")).unwrap();
    let mut communes = Vec::new();
    let mut out = String::new();
    for (i, line) in units.lines().enumerate() {
        let mut f: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 && f[2] == "commune" {
            communes.push(f[0].clone());
            f[0] = format!("@{}", f[0]);
            f[1] = format!("=HYPERLINK(\"http://x\";\"{}\")", f[1]);
            if communes.len() % 2 == 0 {
                f[1] = format!("-{}", &f[1][1..]);
            }
        }
        out.push_str(&f.join(","));
        out.push('\n');
    }
    std::fs::write(data.join("units.csv"), out).unwrap();
    let adj = std::fs::read_to_string(src.join("adjacency.csv")).unwrap();
    let mut out = String::new();
    for (i, line) in adj.lines().enumerate() {
        let mut f: Vec<String> = line.split(',').map(str::to_string).collect();
        if i > 0 && f[2] == "commune" {
            f[0] = format!("@{}", f[0]);
            f[1] = format!("@{}", f[1]);
        }
        out.push_str(&f.join(","));
        out.push('\n');
    }
    std::fs::write(data.join("adjacency.csv"), out).unwrap();
    data
}

/// Every cell of every CSV file: none a spreadsheet would run; returns how
/// many were neutralised.
fn assert_safe(name: &str, bytes: &[u8]) -> usize {
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "{name}: byte-order mark"
    );
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut neutralised = 0;
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            if cell.starts_with("'=") || cell.starts_with("'-") || cell.starts_with("'@") {
                neutralised += 1;
            }
            let first = cell.chars().next();
            if matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
                assert!(cell.parse::<f64>().is_ok(), "{name}: a formula: {cell:?}");
            }
        }
    }
    neutralised
}

#[test]
fn no_csv_output_carries_a_formula() {
    let t = tempfile::tempdir().unwrap();
    let data = hostile(t.path());
    let out = t.path().join("report");
    let o = reorg([
        "plan".as_ref(),
        data.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--no-charts".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tree = read_tree(&out);
    let mut total = 0;
    for (name, bytes) in &tree {
        if name.extension().is_some_and(|e| e == "csv") {
            total += assert_safe(&name.display().to_string(), bytes);
        }
    }
    let plan = String::from_utf8(tree[Path::new("plan.csv")].clone()).unwrap();
    // member_names and new_code of the first commune merge.
    let row = plan
        .lines()
        .find(|l| l.contains(",commune,"))
        .expect("a commune merge");
    assert!(row.contains(",'@0"), "{row}");
    assert!(
        row.contains("\"'=HYPERLINK(") || row.contains("\"'-HYPERLINK("),
        "{row}"
    );
    assert!(total > 100, "{total}");

    let assess = t.path().join("assess.csv");
    let o = reorg([
        "assess".as_ref(),
        data.as_os_str(),
        "--out".as_ref(),
        assess.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(assert_safe("assess", &std::fs::read(&assess).unwrap()) > 100);

    let regions = t.path().join("regions.csv");
    let o = reorg([
        "regionalize".as_ref(),
        data.as_os_str(),
        "--pop".as_ref(),
        "16000".as_ref(),
        "--area".as_ref(),
        "30".as_ref(),
        "--out".as_ref(),
        regions.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(assert_safe("regionalize", &std::fs::read(&regions).unwrap()) > 10);
}
