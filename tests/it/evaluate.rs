//! `reorg evaluate`: a province's own proposal read (CSV, Excel, the
//! plan.csv of `reorg plan`), its members matched by code or name, every
//! finding with the proposal's line, the plan's outputs built from it, and
//! `--complete` keeping the proposed groups exactly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::support::{code, reorg, root, stderr};

fn golden() -> PathBuf {
    root().join("tests/data/golden")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Runs `reorg evaluate` on `data` with `proposal`, writing to `out`.
fn evaluate(data: &Path, proposal: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<String> = vec![
        "evaluate".into(),
        data.display().to_string(),
        "--proposal".into(),
        proposal.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--quiet".into(),
        "--no-charts".into(),
        "--no-geojson".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    reorg(args)
}

/// The rows of a CSV file as maps from column to value.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// `members` of every plan.csv row of `phase`.
fn groups(plan: &Path, phase: &str) -> Vec<String> {
    rows(plan)
        .into_iter()
        .filter(|r| r["phase"] == phase)
        .map(|r| r["members"].clone())
        .collect()
}

#[test]
fn a_plan_round_trips_through_evaluate_with_no_error_and_the_same_figures() {
    let t = tempfile::tempdir().unwrap();
    let plan_dir = t.path().join("plan");
    let o = reorg([
        "plan",
        golden().to_str().unwrap(),
        "--out",
        plan_dir.to_str().unwrap(),
        "--quiet",
        "--no-charts",
        "--no-geojson",
    ]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    // The plan.csv file, then the plan folder.
    for (i, proposal) in [plan_dir.join("plan.csv"), plan_dir.clone()]
        .iter()
        .enumerate()
    {
        let out = t.path().join(format!("ev{i}"));
        let o = evaluate(&golden(), proposal, &out, &[]);
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        for f in [
            "plan.csv",
            "conversions.csv",
            "units.csv",
            "schedule.csv",
            "staffing.csv",
            "staffing_years.csv",
            "stability.csv",
        ] {
            assert_eq!(
                std::fs::read(plan_dir.join(f)).unwrap(),
                std::fs::read(out.join(f)).unwrap(),
                "{f} differs"
            );
        }
        let findings = rows(&out.join("findings.csv"));
        assert!(
            findings.iter().all(|f| f["severity"] != "error"),
            "{findings:?}"
        );
        // Every group kept from the proposal, none added.
        let origin = rows(&out.join("origin.csv"));
        assert_eq!(origin.len(), rows(&plan_dir.join("plan.csv")).len());
        assert!(origin.iter().all(|r| r["origin"] == "proposal"));
        // The mandatory units the plan leaves unresolved are reported.
        let unresolved = rows(&plan_dir.join("unresolved.csv"));
        let not_arranged = findings
            .iter()
            .filter(|f| f["rule"] == "not_arranged")
            .count();
        assert_eq!(
            not_arranged,
            unresolved
                .iter()
                .filter(|u| findings.iter().any(|f| f["code"] == u["code"]))
                .count()
        );
        assert!(not_arranged > 0);
        let report = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(report.contains("Đánh giá phương án của tỉnh"));
    }
}

/// One group per finding kind, on the golden province (Bắc Kạn).
const KINDS: &str = "group,member,phase,new_name,kind_after
A,01834,,,
A,Phường Sông Cầu,,,
B,01843,,,
B,01849,,,
C,01852,,,
C,02017,,,
D,01993,,,
D,01969,,,
E,01975,,,phuong
E,01990,,,
F,02008,,Xã Cao Sơn,
F,02011,,,
G,060,,,
G,01858,,,
X,01846,1,,
X,01855,1,,
H,01846,2,,
H,01855,2,,
";

#[test]
fn each_finding_kind_is_reported_with_its_line() {
    let t = tempfile::tempdir().unwrap();
    let p = write(t.path(), "kinds.csv", KINDS);
    let out = t.path().join("out");
    let o = evaluate(&golden(), &p, &out, &[]);
    assert_eq!(code(&o), Some(3), "errors among the findings: exit 3");
    let findings = rows(&out.join("findings.csv"));
    let has = |group: &str, line: &str, rule: &str, severity: &str| {
        findings.iter().any(|f| {
            f["group"] == group
                && f["line"] == line
                && f["rule"] == rule
                && f["severity"] == severity
        })
    };
    // Two phường not required to merge (neither is mandatory).
    assert!(has("A", "2", "not_required", "warning"), "{findings:?}");
    // 01843 and 01849 share no border.
    assert!(has("B", "4", "contiguity", "error"));
    // Thành phố Bắc Kạn and Huyện Bạch Thông.
    assert!(has("C", "6", "same_parent", "error"));
    // Xã Tân Tú was arranged in 2019–2021 (E5).
    assert!(has("D", "8", "exemption", "warning"));
    // A phường under a huyện (Hiến pháp 2013 Điều 110).
    assert!(has("E", "10", "structure", "error"));
    // Xã Cao Sơn already exists in Huyện Bạch Thông.
    assert!(has("F", "12", "unique_name", "error"));
    // A district with a commune.
    assert!(has("G", "14", "wrong_level", "error"));
    // 01855 was merged into 01846 in the first phase.
    assert!(has("H", "18", "unknown_unit", "error"));
    // The new unit's standard, with its tag.
    assert!(findings.iter().any(|f| f["rule"] == "standard"
        && f["severity"] == "warning"
        && (f["message"].ends_with("[V]") || f["message"].ends_with("[S]"))));
    // Mandatory units the proposal leaves out, e.g. Xã Giáo Hiệu (M1).
    assert!(findings.iter().any(|f| f["rule"] == "not_arranged"
        && f["code"] == "01870"
        && f["severity"] == "warning"
        && f["line"].is_empty()));
    // Messages in Vietnamese by default, English on request.
    assert!(
        findings
            .iter()
            .any(|f| f["message"].contains("không liền kề"))
    );
    let out_en = t.path().join("en");
    let o = evaluate(&golden(), &p, &out_en, &["--lang", "en"]);
    assert_eq!(code(&o), Some(3));
    let en = rows(&out_en.join("findings.csv"));
    assert!(
        en.iter()
            .any(|f| f["rule"] == "not_arranged" && f["message"].contains("must be arranged"))
    );
    assert_eq!(en.len(), findings.len());
    // The groups that cannot be formed (C, G, H) are not in the outputs.
    let origin = rows(&out.join("origin.csv"));
    let kept: Vec<&str> = origin
        .iter()
        .map(|r| r["proposal_group"].as_str())
        .collect();
    assert_eq!(kept.len(), 6, "{kept:?}");
    for g in ["C", "G", "H"] {
        assert!(!kept.contains(&g));
    }
}

#[test]
fn names_match_after_nfc_and_case_folding() {
    let t = tempfile::tempdir().unwrap();
    let nfd: String = "xã dương quang".nfd().collect();
    assert_ne!(nfd, "xã dương quang");
    let p = write(
        t.path(),
        "names.csv",
        &format!("group,member\nA,{nfd}\nA,PHƯỜNG HUYỀN TỤNG\nB,Nông Thượng\nB,Xuất Hóa\n"),
    );
    let out = t.path().join("out");
    let o = evaluate(&golden(), &p, &out, &["--province", "bac-kan"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        groups(&out.join("plan.csv"), "2023-2025"),
        vec!["01846;01849", "01852;01855"]
    );
    // The province by its Vietnamese name, too.
    let o = evaluate(
        &golden(),
        &p,
        &t.path().join("o2"),
        &["--province", "Tỉnh Bắc Kạn"],
    );
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let o = evaluate(
        &golden(),
        &p,
        &t.path().join("o3"),
        &["--province", "Hà Nội"],
    );
    assert_eq!(code(&o), Some(1));
    assert!(stderr(&o).contains("06 Tỉnh Bắc Kạn"), "{}", stderr(&o));
}

/// The golden dataset with Xã Vi Hương (01975, Huyện Bạch Thông) renamed
/// Xã Dương Quang, the name of 01849 in Thành phố Bắc Kạn.
fn with_duplicate_name(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let units = std::fs::read_to_string(golden().join("units.csv")).unwrap();
    std::fs::write(
        data.join("units.csv"),
        units.replace("01975,Xã Vi Hương,", "01975,Xã Dương Quang,"),
    )
    .unwrap();
    std::fs::copy(golden().join("adjacency.csv"), data.join("adjacency.csv")).unwrap();
    data
}

#[test]
fn a_name_shared_across_districts_is_ambiguous_unless_the_group_or_a_district_settles_it() {
    let t = tempfile::tempdir().unwrap();
    let data = with_duplicate_name(t.path());
    // Alone with a unit of a third district: ambiguous, with the candidates.
    let p = write(
        t.path(),
        "amb.csv",
        "group,member\nA,01858\nA,xã Dương Quang\n",
    );
    let out = t.path().join("out");
    let o = evaluate(&data, &p, &out, &[]);
    assert_eq!(code(&o), Some(1));
    let err = stderr(&o);
    assert!(err.contains("amb.csv:3:2: error[ambiguous-name]"), "{err}");
    assert!(
        err.contains("Xã Dương Quang (01849, Thành Phố Bắc Kạn)"),
        "{err}"
    );
    assert!(
        err.contains("Xã Dương Quang (01975, Huyện Bạch Thông)"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written on invalid input");
    // The group's other member settles it (within its district), as does
    // the district given with the name.
    let p = write(
        t.path(),
        "ok.csv",
        "group,member\nA,01846\nA,Xã Dương Quang\nB,Xã Dương Quang (Huyện Bạch Thông)\nB,01984\n",
    );
    let o = evaluate(&data, &p, &t.path().join("ok"), &[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        groups(&t.path().join("ok/plan.csv"), "2023-2025"),
        vec!["01846;01849", "01975;01984"]
    );
}

#[test]
fn an_unknown_member_is_an_error_naming_the_nearest_names() {
    let t = tempfile::tempdir().unwrap();
    let p = write(t.path(), "p.csv", "group,member\nA,01846\nA,Duong Quang\n");
    let o = evaluate(&golden(), &p, &t.path().join("out"), &[]);
    assert_eq!(code(&o), Some(1));
    let err = stderr(&o);
    assert!(err.contains("p.csv:3:2: error[unknown-member]"), "{err}");
    assert!(err.contains("did you mean: Xã Dương Quang (01849"), "{err}");
}

#[test]
fn complete_keeps_the_proposed_groups_exactly_and_plans_the_rest() {
    let t = tempfile::tempdir().unwrap();
    // Two units the planner would not merge alone (neither is mandatory),
    // beside Xã Dương Quang (mandatory), which the planner would add.
    let p = write(t.path(), "p.csv", "group,member\nA,01846\nA,01855\n");
    let out = t.path().join("out");
    let o = evaluate(&golden(), &p, &out, &["--complete"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let phase1 = groups(&out.join("plan.csv"), "2023-2025");
    assert!(phase1.contains(&"01846;01855".to_string()), "{phase1:?}");
    for code in ["01846", "01855"] {
        assert_eq!(
            phase1
                .iter()
                .filter(|g| g.split(';').any(|m| m == code))
                .count(),
            1,
            "{code} in one group only: {phase1:?}"
        );
    }
    // Xã Dương Quang is arranged by the planner, with another partner.
    assert!(phase1.iter().any(|g| g.contains("01849")), "{phase1:?}");
    let origin = rows(&out.join("origin.csv"));
    let mine: Vec<_> = origin
        .iter()
        .filter(|r| r["origin"] == "proposal")
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["proposal_group"], "A");
    assert_eq!(mine[0]["line"], "2");
    assert!(origin.iter().filter(|r| r["origin"] == "reorg").count() > 10);
    assert!(
        origin
            .iter()
            .filter(|r| r["origin"] == "reorg")
            .all(|r| r["origin_label"] == "do reorg đề xuất")
    );
    // Without --complete, only the proposal's group.
    let o = evaluate(&golden(), &p, &t.path().join("only"), &[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert_eq!(
        groups(&t.path().join("only/plan.csv"), "2023-2025"),
        vec!["01846;01855"]
    );
}

#[test]
fn bad_proposals_get_positioned_errors() {
    let t = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str, &str)] = &[
        (
            "two_groups.csv",
            "group,member\nA,01846\nA,01849\nB,01849\nB,01852\n",
            "two_groups.csv:4:2: error[member-in-two-groups]",
        ),
        (
            "one_member.csv",
            "group,member\nA,01846\nB,01849\nB,01852\n",
            "one_member.csv:2:0: error[one-member-group]",
        ),
        (
            "phase.csv",
            "group,member,phase\nA,01846,2031\nA,01849,\n",
            "phase.csv:2:3: error[unknown-phase]",
        ),
        (
            "kind.csv",
            "group,member,kind_after\nA,01846,ward\nA,01849,\n",
            "kind.csv:2:3: error[unknown-kind]",
        ),
        (
            "seat.csv",
            "group,member,seat\nA,01846,01852\nA,01849,\n",
            "seat.csv:2:3: error[seat-not-member]",
        ),
        (
            "empty_member.csv",
            "group,member\nA,01846\nA,\n",
            "empty_member.csv:3:2: error[missing-cell]",
        ),
        (
            "header.csv",
            "a,b\n1,2\n",
            "header.csv:1:0: error[no-header]",
        ),
        (
            "unknown.csv",
            "group,member\nA,01846\nA,99999\n",
            "unknown.csv:3:2: error[unknown-member]",
        ),
    ];
    for (name, text, want) in cases {
        let p = write(t.path(), name, text);
        let o = evaluate(&golden(), &p, &t.path().join("out"), &[]);
        assert_eq!(code(&o), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(want), "{name}: {}", stderr(&o));
    }
    assert!(!t.path().join("out").exists());
}

#[test]
fn excel_artefacts_are_read() {
    let t = tempfile::tempdir().unwrap();
    // A BOM, `;` as delimiter, a title row, an empty row, a code that lost
    // its leading zero, a member repeated.
    let p = write(
        t.path(),
        "excel.csv",
        "\u{feff}Phương án sắp xếp;\n;\ngroup;member\nA;1846\n;\nA;01849\nA;01849\n",
    );
    let o = evaluate(&golden(), &p, &t.path().join("out"), &[]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("excel.csv:4:2: warning[code-padded]"), "{err}");
    assert!(
        err.contains("excel.csv:7:2: warning[member-repeated]"),
        "{err}"
    );
    assert_eq!(
        groups(&t.path().join("out/plan.csv"), "2023-2025"),
        vec!["01846;01849"]
    );
    // The same in a workbook, codes as numbers, on a named sheet.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let first = wb.add_worksheet();
    first.set_name("Ghi chú").unwrap();
    first.write_string(0, 0, "xem trang sau").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Phương án").unwrap();
    ws.write_string(0, 0, "Phương án sắp xếp đơn vị hành chính")
        .unwrap();
    ws.write_string(1, 0, "Group").unwrap();
    ws.write_string(1, 1, "Member").unwrap();
    ws.write_string(1, 2, "new_name").unwrap();
    ws.write_string(2, 0, "A").unwrap();
    ws.write_number(2, 1, 1846.0).unwrap();
    ws.write_string(2, 2, "Phường Dương Quang").unwrap();
    ws.write_string(3, 0, "A").unwrap();
    ws.write_string(3, 1, "Xã Dương Quang").unwrap();
    let x = t.path().join("p.xlsx");
    wb.save(&x).unwrap();
    let out = t.path().join("xlsx");
    let o = evaluate(&golden(), &x, &out, &["--sheet", "Phương án"]);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("p.xlsx:3:2: warning[code-padded]"),
        "{}",
        stderr(&o)
    );
    let plan = rows(&out.join("plan.csv"));
    assert_eq!(plan.len(), 1);
    assert_eq!(plan[0]["members"], "01846;01849");
    assert_eq!(plan[0]["proposed_name"], "Phường Dương Quang");
    // The first sheet has no header; an unknown sheet is named.
    let o = evaluate(&golden(), &x, &t.path().join("x1"), &[]);
    assert_eq!(code(&o), Some(1));
    assert!(stderr(&o).contains("error[no-header]"), "{}", stderr(&o));
    let o = evaluate(&golden(), &x, &t.path().join("x2"), &["--sheet", "Sheet9"]);
    assert_eq!(code(&o), Some(1));
    assert!(
        stderr(&o).contains("no sheet 'Sheet9' (sheets: Ghi chú, Phương án)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_help_states_the_exit_codes() {
    let o = reorg(["evaluate", "--help"]);
    assert_eq!(code(&o), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("0 evaluated, no error among the findings"),
        "{help}"
    );
    assert!(help.contains("1 invalid input"), "{help}");
    assert!(help.contains("3 evaluated and written"), "{help}");
}
