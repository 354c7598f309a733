//! The 2025 round's dossier (issue #15 item 3): `reorg regionalize …
//! --report DIR` writes the regions, the workbook, the report with its map
//! and the draft in the 2025 wording; each sentence names the members of a
//! region of `regions.csv`, the count closes the article, and a second run
//! gives the same bytes.

use crate::dossier_draft::{docx_paragraphs, short};
use crate::dossier_workbook::csv_rows;
use crate::support;

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

fn regionalize_into(out: &Path) {
    let o = support::reorg([
        "regionalize".as_ref(),
        support::national().as_os_str(),
        "--rules".as_ref(),
        "nq76-2025".as_ref(),
        "--within".as_ref(),
        "province".as_ref(),
        "--province".as_ref(),
        "26".as_ref(),
        "--report".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
}

#[test]
fn the_2025_dossier_names_every_region_in_the_2025_wording() {
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    regionalize_into(&a);
    for f in [
        "regions.csv",
        "plan.xlsx",
        "du-thao-nghi-quyet.docx",
        "report.html",
        "summary.md",
        "charts/map.svg",
        "charts/map.png",
    ] {
        assert!(a.join(f).is_file(), "{f} missing");
    }
    let names: HashMap<String, String> = csv_rows(&support::national().join("units.csv"))
        .into_iter()
        .map(|u| (u["code"].clone(), u["name"].clone()))
        .collect();
    let regions = csv_rows(&a.join("regions.csv"));
    let merged: Vec<_> = regions
        .iter()
        .filter(|r| r["members"].contains(';'))
        .collect();
    let paras = docx_paragraphs(&std::fs::read(a.join("du-thao-nghi-quyet.docx")).unwrap());
    let sentences: Vec<&String> = paras
        .iter()
        .filter(|p| p.contains(". Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của "))
        .collect();
    assert_eq!(sentences.len(), merged.len());
    for r in &merged {
        let members: Vec<String> = r["members"].split(';').map(|c| short(&names[c])).collect();
        assert!(
            sentences
                .iter()
                .any(|s| members.iter().all(|m| s.contains(m.as_str()))),
            "region {} ({members:?}) has no sentence",
            r["region_id"]
        );
    }
    let total = paras
        .iter()
        .find(|p| p.contains("Sau khi sắp xếp, tỉnh Vĩnh Phúc có "))
        .unwrap();
    assert!(
        total.contains(&format!("có {} đơn vị hành chính cấp xã", regions.len())),
        "{total}"
    );
    let mut wb: Xlsx<_> = open_workbook(a.join("plan.xlsx")).unwrap();
    let pa = wb.worksheet_range("Phương án").unwrap();
    let blocks = (2..pa.height())
        .filter(|r| matches!(pa.get((*r, 0)), Some(Data::Float(_))))
        .count();
    assert_eq!(blocks, merged.len());
    regionalize_into(&b);
    support::assert_same_tree(&a, &b);
}
