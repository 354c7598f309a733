//! Report behaviour beyond the golden files: escaping, language, print CSS,
//! self-containment, atomic writing with real charts, round trip for
//! `reorg compare`.

use crate::charts_common;
use crate::report_common;

use std::collections::BTreeMap;

use reorg::charts::Chart;
use reorg::lang::Lang;
use reorg::report::{
    ChartRef, ReportError, compare_markdown, load_report_data, render_html, render_markdown,
    write_report,
};
use report_common::sample;

#[test]
fn html_is_self_contained_escaped_and_printable() {
    let html = render_html(&sample(Lang::Vi), Lang::Vi, &BTreeMap::new());
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("break-before: page"));
    assert!(html.contains("thead { display: table-header-group; }"));
    // No external resource of any kind.
    for needle in ["<link", "<script", "src=\"http", "href=\"http", "url("] {
        assert!(!html.contains(needle), "found {needle}");
    }
    // User text is escaped.
    assert!(html.contains("&lt;không bắt buộc&gt; &amp; đã sắp xếp"));
    assert!(!html.contains("<không bắt buộc>"));
    // Diacritics intact, legal basis present.
    assert!(html.contains("Nghị quyết 35/2023/UBTVQH15"));
    assert!(html.contains("Nghị định 33/2023/NĐ-CP"));
    // A missing chart is a notice, not a broken image.
    assert!(html.contains("Không tìm thấy tệp biểu đồ: charts/tiny.svg"));
}

#[test]
fn english_report_uses_english_strings() {
    let md = render_markdown(&sample(Lang::En), Lang::En);
    assert!(md.contains("## 1. Legal basis"));
    assert!(md.contains("Units before"));
    assert!(md.contains("28,416"));
    let md_vi = render_markdown(&sample(Lang::Vi), Lang::Vi);
    assert!(md_vi.contains("## 1. Căn cứ pháp lý"));
    assert!(md_vi.contains("28.416"));
    let html = render_html(&sample(Lang::En), Lang::En, &BTreeMap::new());
    assert!(html.contains("<html lang=\"en\">"));
}

#[test]
fn markdown_tables_survive_hostile_names() {
    let mut d = sample(Lang::Vi);
    d.merges[0].merges[0].proposed_name = "Xã A | B\n# C".into();
    let md = render_markdown(&d, Lang::Vi);
    let row = md.lines().find(|l| l.contains("Xã A")).unwrap();
    assert!(row.contains("Xã A \\| B \\# C"), "{row}");
    // The table row keeps its column count (8 columns → 9 unescaped pipes).
    let pipes = row.replace("\\|", "").matches('|').count();
    assert_eq!(pipes, 9, "{row}");
}

#[test]
fn write_report_inlines_real_charts_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let charts = dir.path().join("charts");
    let q = charts_common::quadrant();
    let g = charts_common::geometry();
    let m = charts_common::map_data();
    let d = charts_common::district_counts();
    let y = charts_common::merges_per_year();
    let s = charts_common::surplus();
    let list: Vec<(Chart<'_>, &str)> = vec![
        (Chart::Quadrant(&q), "Diện tích và dân số so với tiêu chuẩn"),
        (Chart::DistrictCounts(&d), "Số đơn vị theo huyện"),
        (Chart::MergesPerYear(&y), "Số đơn vị sắp xếp theo năm"),
        (Chart::Surplus(&s), "Số người dôi dư"),
        (Chart::Map(&g, &m), "Bản đồ phương án"),
    ];
    let mut data = sample(Lang::Vi);
    data.charts.clear();
    for (chart, title) in &list {
        chart.write(&charts, chart.name(), Lang::Vi).unwrap();
        data.charts.push(ChartRef {
            title: (*title).to_string(),
            svg: format!("charts/{}.svg", chart.name()),
            png: format!("charts/{}.png", chart.name()),
        });
    }
    let files = write_report(dir.path(), &data, Lang::Vi).unwrap();
    let html = std::fs::read_to_string(&files.html).unwrap();
    assert_eq!(html.matches("<svg viewBox=").count(), list.len());
    assert!(html.contains("Diện tích (% tiêu chuẩn)"));
    assert!(!html.contains("Không tìm thấy tệp biểu đồ"));
    let md = std::fs::read_to_string(&files.summary).unwrap();
    assert!(md.contains("![Bản đồ phương án](charts/map.svg)"));
    assert_eq!(load_report_data(dir.path()).unwrap(), data);
    if let Ok(out) = std::env::var("REORG_SAMPLES_DIR") {
        let out = std::path::Path::new(&out).join("report");
        for (chart, _) in &list {
            chart
                .write(&out.join("charts"), chart.name(), Lang::Vi)
                .unwrap();
        }
        write_report(&out, &data, Lang::Vi).unwrap();
    }
}

#[test]
fn bad_report_json_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.json"), "{\n  \"title\": 3\n}").unwrap();
    match load_report_data(dir.path()).unwrap_err() {
        ReportError::Json { path, line, .. } => {
            assert!(path.ends_with("report.json"));
            assert_eq!(line, 2);
        }
        e => panic!("unexpected {e}"),
    }
    let mut d = sample(Lang::Vi);
    d.charts[0].svg = "../../etc/passwd".into();
    assert!(matches!(
        write_report(dir.path(), &d, Lang::Vi),
        Err(ReportError::ChartPath { .. })
    ));
}

#[test]
fn compare_of_identical_reports_says_so() {
    let a = sample(Lang::En);
    let md = compare_markdown(&a, &a, "A", "B", Lang::En);
    assert!(md.contains("The two scenarios are identical."));
    assert!(!md.contains("Merges only in"));
}

#[test]
fn compare_command_reads_two_report_folders() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("base"), root.path().join("alt"));
    let data_a = sample(Lang::Vi);
    let mut data_b = sample(Lang::Vi);
    data_b.merges[1].merges.clear();
    write_report(&a, &data_a, Lang::Vi).unwrap();
    write_report(&b, &data_b, Lang::Vi).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(["compare", a.to_str().unwrap(), b.to_str().unwrap()])
        .args(["--lang", "vi"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("## 3. Phương án nhập chỉ có trong base"),
        "{md}"
    );
    assert!(md.contains("Xã Tam Phúc + Xã Vĩnh Ninh + Xã Phú Đa"));
    let html_dir = root.path().join("cmp");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args([
            "compare",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--lang",
            "en",
            "--out",
        ])
        .arg(&html_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(html_dir.join("compare.html")).unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Merges only in base"));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(["compare", "/nonexistent/x", b.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("/nonexistent/x"));
}
