//! The workbook (issue #15): `reorg plan data/vn/2023 --province 26` writes
//! `plan.xlsx`; read back with an independent reader (calamine), every
//! sheet's rows and sums agree with the CSV tables of the same run.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

/// Runs the plan of Vĩnh Phúc into `out`.
pub fn plan_vinh_phuc(out: &Path) {
    let o = support::reorg([
        "plan".as_ref(),
        support::national().as_os_str(),
        "--province".as_ref(),
        "26".as_ref(),
        "--no-charts".as_ref(),
        "--no-geojson".as_ref(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
}

/// The rows of a CSV file as maps from column name to value.
pub fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Range<Data> {
    let r = wb.worksheet_range(name).unwrap();
    assert_eq!(r.start(), Some((0, 0)), "{name}: the title is in A1");
    r
}

fn text(r: &Range<Data>, row: usize, col: usize) -> String {
    match r.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    }
}

fn num(r: &Range<Data>, row: usize, col: usize) -> Option<f64> {
    match r.get((row, col)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

fn f(s: &str) -> f64 {
    s.parse().unwrap()
}

#[test]
fn every_sheet_agrees_with_the_csv_tables() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("vp");
    plan_vinh_phuc(&out);
    let plan = csv_rows(&out.join("plan.csv"));
    let units = csv_rows(&out.join("units.csv"));
    let staffing = csv_rows(&out.join("staffing.csv"));
    assert!(plan.len() > 20, "Vĩnh Phúc has merges");
    let mut wb: Xlsx<_> = open_workbook(out.join("plan.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Hiện trạng",
            "Phương án",
            "Sau sắp xếp",
            "Lộ trình",
            "Cán bộ"
        ]
    );

    // Hiện trạng: one row per row of units.csv, same order, same verdicts.
    let st = sheet(&mut wb, "Hiện trạng");
    assert_eq!(text(&st, 1, 0), "STT");
    assert_eq!(st.height() - 2, units.len());
    for (i, u) in units.iter().enumerate() {
        let r = i + 2;
        assert_eq!(text(&st, r, 3), u["code"], "row {r}");
        assert_eq!(
            text(&st, r, 4),
            u["name"],
            "row {r}: units.csv names the unit"
        );
        assert_eq!(text(&st, r, 1).replace('–', "-"), u["phase"], "row {r}");
        assert_eq!(text(&st, r, 14), u["rule"], "row {r}");
        assert_eq!(
            text(&st, r, 15) == "bắt buộc",
            u["status"] == "mandatory",
            "row {r}"
        );
        for (col, key) in [(12, "area_ratio"), (13, "population_ratio")] {
            match (num(&st, r, col), u[key].as_str()) {
                (Some(v), s) if !s.is_empty() => assert!((v - f(s)).abs() < 6e-5, "row {r} {key}"),
                (None, "") => {}
                (v, s) => panic!("row {r} {key}: {v:?} vs '{s}'"),
            }
        }
    }

    // Phương án: one block per merge, members then the new unit.
    let pa = sheet(&mut wb, "Phương án");
    let mut r = 2;
    for (i, g) in plan.iter().enumerate() {
        assert_eq!(
            num(&pa, r, 0),
            Some((i + 1) as f64),
            "merge {i} starts at row {r}"
        );
        assert_eq!(text(&pa, r, 9), g["proposed_name"]);
        assert_eq!(text(&pa, r, 2), g["year"]);
        let area = num(&pa, r, 11).unwrap();
        assert!(
            (area - f(&g["area_km2"])).abs() < 0.006,
            "{}",
            g["group_id"]
        );
        assert_eq!(num(&pa, r, 12), Some(f(&g["population"])));
        assert_eq!(
            text(&pa, r, 17) == "Đạt",
            g["meets_standard"] == "true",
            "{}",
            g["group_id"]
        );
        // The standard's tag, as plan.csv gives it, in the last column.
        assert_eq!(
            text(&pa, 1, 20),
            "Mức kiểm chứng của tiêu chuẩn ([V]/[S]/[U])"
        );
        assert!(matches!(g["standard_tag"].as_str(), "V" | "S" | "U"));
        assert_eq!(
            text(&pa, r, 20),
            format!("[{}]", g["standard_tag"]),
            "{}",
            g["group_id"]
        );
        let names: Vec<&str> = g["member_names"].split(';').collect();
        let (mut a, mut p) = (0.0, 0.0);
        for (k, name) in names.iter().enumerate() {
            assert_eq!(text(&pa, r + k, 4), *name);
            if k > 0 {
                assert_eq!(text(&pa, r + k, 9), "", "merged cells hold one value");
            }
            a += num(&pa, r + k, 6).unwrap();
            p += num(&pa, r + k, 7).unwrap();
        }
        assert!((a - area).abs() < 1e-6);
        assert_eq!(p, f(&g["population"]));
        r += names.len();
    }
    assert_eq!(text(&pa, r, 4), "Tổng cộng");
    let total: f64 = plan.iter().map(|g| f(&g["population"])).sum();
    assert_eq!(num(&pa, r, 7), Some(total));
    assert_eq!(num(&pa, r, 12), Some(total));

    // Sau sắp xếp: units reduced per phase and level = members − 1 summed.
    let ss = sheet(&mut wb, "Sau sắp xếp");
    let reduced = |phase: &str, level: &str| -> f64 {
        plan.iter()
            .filter(|g| g["phase"] == phase && g["level"] == level)
            .map(|g| (g["members"].split(';').count() - 1) as f64)
            .sum()
    };
    let mut seen = 0;
    let mut table_level = "commune";
    for row in 2..ss.height() {
        if text(&ss, row, 0).starts_with("Số đơn vị hành chính cấp huyện") {
            table_level = "district";
        }
        if text(&ss, row, 1) == "Cộng" {
            let phase = text(&ss, row, 0).replace('–', "-");
            let last = ss.width() - 1;
            let col = (0..=last)
                .rev()
                .find(|c| num(&ss, row, *c).is_some())
                .unwrap();
            assert_eq!(
                num(&ss, row, col),
                Some(reduced(&phase, table_level)),
                "{table_level} {phase}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, 4, "two phases, two tables");

    // Lộ trình: merges per year.
    let lt = sheet(&mut wb, "Lộ trình");
    for row in 2..lt.height() {
        let year = text(&lt, row, 0);
        if year == "Tổng" || year.is_empty() {
            continue;
        }
        for (col, level) in [(1, "district"), (2, "commune")] {
            let n = plan
                .iter()
                .filter(|g| g["year"] == year && g["level"] == level)
                .count();
            assert_eq!(num(&lt, row, col), Some(n as f64), "{year} {level}");
        }
    }

    // Cán bộ: one row per staffed merge, surpluses summing as staffing.csv.
    let cb = sheet(&mut wb, "Cán bộ");
    let staffed: Vec<_> = staffing
        .iter()
        .filter(|s| !s["surplus_cadres"].is_empty())
        .collect();
    assert_eq!(text(&cb, staffed.len() + 2, 1), "Tổng cộng");
    for (col, key) in [(6, "surplus_cadres"), (9, "surplus_parttime")] {
        let want: f64 = staffed.iter().map(|s| f(&s[key])).sum();
        assert_eq!(num(&cb, staffed.len() + 2, col), Some(want), "{key}");
    }
}

/// A name that looks like a formula stays text: written as a string cell,
/// never as a formula Excel would run.
#[test]
fn a_name_starting_with_equals_is_text() {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let fixture = support::root().join("tests/data/dossier");
    let units = std::fs::read_to_string(fixture.join("units.csv"))
        .unwrap()
        .replace("Xã An Hòa", "\"=HYPERLINK(\"\"http://x\"\")\"");
    std::fs::write(data.join("units.csv"), units).unwrap();
    std::fs::copy(fixture.join("adjacency.csv"), data.join("adjacency.csv")).unwrap();
    let out = t.path().join("out");
    let o = support::reorg([
        "plan".as_ref(),
        data.as_os_str(),
        "--no-charts".as_ref(),
        "--no-geojson".as_ref(),
        "--quiet".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(out.join("plan.xlsx")).unwrap();
    let pa = sheet(&mut wb, "Phương án");
    let found = (2..pa.height()).any(|r| text(&pa, r, 4) == "=HYPERLINK(\"http://x\")");
    assert!(found, "the name is a text cell of the merge");
    let formulas = wb.worksheet_formula("Phương án").unwrap();
    assert!(
        formulas
            .used_cells()
            .all(|(_, _, f)| !f.contains("HYPERLINK")),
        "no formula holds the name"
    );
}
