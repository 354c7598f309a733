//! Golden tests: the Markdown and HTML of a small fixed report, in both
//! languages, compared to reviewed files in tests/data/report/.
//! `UPDATE_GOLDEN=1 cargo test --test it -- report_golden` rewrites them.

use crate::report_common;

use std::collections::BTreeMap;

use reorg::lang::Lang;
use reorg::report::{compare_html, compare_markdown, render_html, render_markdown};
use report_common::{TINY_SVG, golden, sample};

fn svgs() -> BTreeMap<String, String> {
    [("charts/tiny.svg".to_string(), TINY_SVG.to_string())]
        .into_iter()
        .collect()
}

#[test]
fn summary_markdown_matches_golden() {
    golden(
        "summary_vi.md",
        &render_markdown(&sample(Lang::Vi), Lang::Vi),
    );
    golden(
        "summary_en.md",
        &render_markdown(&sample(Lang::En), Lang::En),
    );
}

#[test]
fn report_html_matches_golden() {
    golden(
        "report_vi.html",
        &render_html(&sample(Lang::Vi), Lang::Vi, &svgs()),
    );
    golden(
        "report_en.html",
        &render_html(&sample(Lang::En), Lang::En, &svgs()),
    );
}

#[test]
fn compare_matches_golden() {
    let a = sample(Lang::Vi);
    let mut b = sample(Lang::Vi);
    // B drops the Vĩnh Tường merge, moves Hợp Lý to 2025 and adds one.
    b.merges[1].merges.clear();
    b.merges[0].merges[0].year = 2025;
    let mut extra = a.merges[1].merges[0].clone();
    extra.members.truncate(2);
    extra.proposed_name = "Xã Vĩnh Ninh".into();
    b.merges[1].merges.push(extra);
    b.counts[0].merged_units = 4;
    b.counts[0].people_touched = 22_128;
    b.staffing[1].cadres_before = 50;
    golden(
        "compare_vi.md",
        &compare_markdown(&a, &b, "A (mặc định)", "B", Lang::Vi),
    );
    golden("compare_en.html", &compare_html(&a, &b, "A", "B", Lang::En));
}
