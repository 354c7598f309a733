//! The national report summarises by province (issue 17, item 4): one row
//! per province with its figures per phase, the totals equal to the plan's
//! merges, no list of every unit, and links to the province reports only
//! when `--each-province` wrote them.

use std::path::Path;

use crate::support;

/// Plans the whole country into `out` (no charts, no GeoJSON) with `extra`
/// flags; panics on failure.
fn plan_national(out: &Path, extra: &[&str]) {
    let mut args: Vec<std::ffi::OsString> = vec![
        "plan".into(),
        support::national().into(),
        "--out".into(),
        out.into(),
        "--no-charts".into(),
        "--no-geojson".into(),
        "--quiet".into(),
    ];
    args.extend(extra.iter().map(|a| (*a).into()));
    let o = support::reorg(&args);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
}

/// The rows of the Markdown table under the heading `heading`.
fn table_rows<'a>(md: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    let start = md.find(heading).expect("the section is there");
    md[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect()
}

fn number(cell: &str) -> u64 {
    cell.trim_matches('*').replace('.', "").parse().unwrap()
}

#[test]
fn the_national_report_has_one_row_per_province_and_no_unit_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("vn");
    plan_national(&out, &[]);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let rows = table_rows(&md, "Tổng hợp theo tỉnh");
    // 63 provinces and the total row.
    assert_eq!(rows.len(), 64, "{md}");
    assert!(rows.iter().any(|r| r[0] == "Tỉnh Vĩnh Phúc"));
    // The per-parent merge tables are in the province reports, not here.
    assert!(!md.contains("Phương án sắp xếp theo đơn vị hành chính cấp trên"));
    // No links without province reports.
    assert!(
        !md.contains("report.html"),
        "links without province reports"
    );

    // The totals are the plan's: communes removed per phase = members − 1
    // summed over the commune merges of report.json.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let mut removed = std::collections::BTreeMap::<String, u64>::new();
    for parent in json["merges"].as_array().unwrap() {
        if parent["level"] != "commune" {
            continue;
        }
        for m in parent["merges"].as_array().unwrap() {
            let n = m["members"].as_array().unwrap().len() as u64 - 1;
            *removed
                .entry(m["phase"].as_str().unwrap().to_string())
                .or_default() += n;
        }
    }
    let header: Vec<&str> = {
        let start = md.find("Tổng hợp theo tỉnh").unwrap();
        let line = md[start..].lines().find(|l| l.starts_with('|')).unwrap();
        line.trim_matches('|').split(" | ").map(str::trim).collect()
    };
    let total = rows.last().unwrap();
    assert_eq!(total[0].trim_matches('*'), "Tổng cộng");
    for (phase, n) in &removed {
        let col = header
            .iter()
            .position(|h| *h == format!("Xã giảm {phase}"))
            .unwrap_or_else(|| panic!("column for {phase} in {header:?}"));
        assert_eq!(number(total[col]), *n, "communes removed in {phase}");
        let sum: u64 = rows[..rows.len() - 1].iter().map(|r| number(r[col])).sum();
        assert_eq!(sum, *n);
    }
    assert_eq!(removed.len(), 2);
    // Before − removed = after, per province and phase 2.
    let before = header.iter().position(|h| *h == "Số xã trước").unwrap();
    let after = header
        .iter()
        .position(|h| *h == "Số xã sau 2026-2030")
        .unwrap();
    let total_removed: u64 = removed.values().sum();
    assert_eq!(
        number(total[before]) - total_removed,
        number(total[after]),
        "{total:?}"
    );
    assert_eq!(number(total[before]), 10_598);

    // Staffing summed by year, not one row per merge: one row per year of
    // staffing.csv's commune merges, each counting that year's merges.
    let staffing = table_rows(
        &md,
        "Cán bộ, công chức và người hoạt động không chuyên trách",
    );
    let mut per_year = std::collections::BTreeMap::<String, u64>::new();
    let mut csv = csv::Reader::from_path(out.join("staffing.csv")).unwrap();
    let head = csv.headers().unwrap().clone();
    let col = |name: &str| {
        head.iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (year, level) = (col("year_effective"), col("level"));
    for r in csv.records() {
        let r = r.unwrap();
        if &r[level] == "commune" {
            *per_year.entry(r[year].to_string()).or_default() += 1;
        }
    }
    assert_eq!(staffing.len(), per_year.len() + 1, "{staffing:?}");
    for (row, (y, n)) in staffing.iter().zip(&per_year) {
        assert_eq!((row[0], number(row[1])), (y.as_str(), *n));
    }
    let merges: u64 = per_year.values().sum();
    assert_eq!(number(staffing.last().unwrap()[1]), merges);

    // The draft resolution: named, its full text in the Word file only.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("du-thao-nghi-quyet.docx"), "no pointer");
    assert!(out.join("du-thao-nghi-quyet.docx").is_file());
    assert_eq!(html.matches("<h3>NGHỊ QUYẾT").count(), 2);
    assert!(
        !html.contains("Điều 1."),
        "the draft's articles are printed"
    );
}

/// A province's report keeps what the national one summarises: the draft's
/// full text and one staffing row per merge.
#[test]
fn a_province_report_keeps_the_draft_and_the_staffing_per_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("26");
    plan_national(&out, &["--province", "26"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("du-thao-nghi-quyet.docx"));
    assert!(html.contains("Điều 1."), "no draft text");
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let staffing = table_rows(
        &md,
        "Cán bộ, công chức và người hoạt động không chuyên trách",
    );
    // One row per commune merge (the table's rows; district merges carry
    // no commune quota) and the total.
    let mut csv = csv::Reader::from_path(out.join("staffing.csv")).unwrap();
    let head = csv.headers().unwrap().clone();
    let level = head
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}') == "level")
        .unwrap();
    let merges = csv
        .records()
        .filter(|r| &r.as_ref().unwrap()[level] == "commune")
        .count();
    assert!(merges > 0);
    assert_eq!(
        staffing.len(),
        merges + 1,
        "one row per merge and the total"
    );
    // Codes, years and phases never wrap in print.
    assert!(
        html.contains("<td class=\"key nw\">2023–2025</td>")
            || html.contains("<td class=\"key nw\">2024</td>")
    );
}

#[test]
fn the_national_report_links_the_province_reports_it_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("vn");
    plan_national(&out, &["--each-province"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<a href=\"26/report.html\">Xem</a>"),
        "no link"
    );
    assert!(out.join("26/report.html").is_file());
    let links = html.matches("/report.html\">").count();
    assert_eq!(links, 63);
}
