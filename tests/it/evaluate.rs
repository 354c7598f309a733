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

/// `reorg plan` of the golden province into `dir`.
fn plan_golden(dir: &Path) {
    plan_golden_with(dir, &[]);
}

fn plan_golden_with(dir: &Path, extra: &[&str]) {
    let data = golden();
    let mut args = vec![
        "plan",
        data.to_str().unwrap(),
        "--province",
        "06",
        "--out",
        dir.to_str().unwrap(),
        "--quiet",
        "--no-charts",
        "--no-geojson",
    ];
    args.extend(extra);
    let o = reorg(args);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
}

#[test]
fn an_unedited_plan_evaluates_to_the_plans_outputs_byte_for_byte() {
    let t = tempfile::tempdir().unwrap();
    let plan_dir = t.path().join("plan");
    plan_golden(&plan_dir);
    let names: Vec<String> = std::fs::read_dir(&plan_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.len() >= 12, "{names:?}");
    // The plan.csv file, then the plan folder.
    for (i, proposal) in [plan_dir.join("plan.csv"), plan_dir.clone()]
        .iter()
        .enumerate()
    {
        let out = t.path().join(format!("ev{i}"));
        let o = evaluate(&golden(), proposal, &out, &[]);
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        for f in &names {
            let want = std::fs::read(plan_dir.join(f)).unwrap();
            let got = std::fs::read(out.join(f)).unwrap();
            match f.as_str() {
                // The plan's text, then the evaluation's section.
                "summary.md" => {
                    assert!(got.starts_with(&want), "summary.md differs");
                    let rest = String::from_utf8(got[want.len()..].to_vec()).unwrap();
                    assert!(
                        rest.starts_with("\n## Đánh giá phương án của tỉnh"),
                        "{rest}"
                    );
                }
                "report.html" => {
                    let at = want.windows(7).rposition(|w| w == b"</main>").unwrap();
                    assert!(got.starts_with(&want[..at]), "report.html differs");
                    assert!(got.ends_with(&want[at..]), "report.html differs");
                    let section =
                        String::from_utf8(got[at..got.len() - (want.len() - at)].to_vec()).unwrap();
                    assert!(
                        section.starts_with("<section id=\"danh-gia\">"),
                        "{section}"
                    );
                }
                // The folder's own bookkeeping lists the evaluation's files too.
                f if f.starts_with('.') => {}
                _ => assert_eq!(want, got, "{f} differs"),
            }
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
        // The mandatory units the plan leaves unresolved are the findings'
        // `not_arranged`, one for one.
        let mut unresolved: Vec<String> = rows(&plan_dir.join("unresolved.csv"))
            .iter()
            .map(|u| u["code"].clone())
            .collect();
        let mut not_arranged: Vec<String> = findings
            .iter()
            .filter(|f| f["rule"] == "not_arranged")
            .map(|f| f["code"].clone())
            .collect();
        unresolved.sort();
        not_arranged.sort();
        assert!(!not_arranged.is_empty());
        assert_eq!(not_arranged, unresolved);
    }
}

#[test]
fn an_edited_plan_gives_the_findings_of_the_edit() {
    let t = tempfile::tempdir().unwrap();
    let plan_dir = t.path().join("plan");
    // The standards-first objective, whose plan holds the group edited below.
    let dat_chuan = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/dat-chuan.toml");
    let scenario = ["--scenario", dat_chuan.to_str().unwrap()];
    plan_golden_with(&plan_dir, &scenario);
    let text = std::fs::read_to_string(plan_dir.join("plan.csv")).unwrap();
    // Drop the group of Xã Tân Lập and Xã Đại Sảo (both M1), add Xã Hiệp
    // Lực + Xã Thuần Mang (neither must be arranged; Hiệp Lực was arranged
    // in 2019–2021), as a planner editing plan.csv in Excel would.
    let dropped = text
        .lines()
        .find(|l| l.contains(",02032;02050;02068,"))
        .expect("the plan merges 02032, 02050 and 02068");
    let mut edited: Vec<String> = text
        .lines()
        .filter(|l| *l != dropped)
        .map(str::to_string)
        .collect();
    let columns = edited[0].split(',').count();
    edited.push(format!(
        "2023-2025,commune,MOI,062,01960;01963{}",
        ",".repeat(columns - 5)
    ));
    let added_line = edited.len().to_string();
    let p = write(t.path(), "edited.csv", &(edited.join("\n") + "\n"));
    let out = t.path().join("out");
    let o = evaluate(&golden(), &p, &out, &scenario);
    assert_eq!(code(&o), Some(0), "{}", stderr(&o));
    let found = rows(&out.join("findings.csv"));
    let unedited = {
        let o = evaluate(
            &golden(),
            &plan_dir.join("plan.csv"),
            &t.path().join("u"),
            &scenario,
        );
        assert_eq!(code(&o), Some(0), "{}", stderr(&o));
        rows(&t.path().join("u/findings.csv"))
    };
    let key = |f: &BTreeMap<String, String>| {
        format!(
            "{} {} {} {}",
            f["rule"], f["code"], f["severity"], f["group"]
        )
    };
    let before: std::collections::BTreeSet<String> = unedited.iter().map(key).collect();
    let after: std::collections::BTreeSet<String> = found.iter().map(key).collect();
    // Nothing the edit does not touch changes.
    assert!(before.is_subset(&after), "{before:?} {after:?}");
    let new: Vec<&BTreeMap<String, String>> =
        found.iter().filter(|f| !before.contains(&key(f))).collect();
    let summary: Vec<String> = new
        .iter()
        .map(|f| {
            format!(
                "{}|{}|{}|{}",
                f["line"], f["rule"], f["code"], f["severity"]
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            format!("{added_line}|exemption|01960|warning"),
            // The dropped group's targets, in its phase and again in the
            // next (still below the standard on the map phase 1 leaves),
            // with Xã Phương Viên, which the group had pulled in.
            "|not_arranged|02032|warning".to_string(),
            "|not_arranged|02068|warning".to_string(),
            "|not_arranged|02032|warning".to_string(),
            "|not_arranged|02050|warning".to_string(),
            "|not_arranged|02068|warning".to_string(),
            format!("{added_line}|not_required|01960;01963|warning"),
        ],
        "{new:?}"
    );
    assert!(new[1]["message"].contains("2023-2025") && new[3]["message"].contains("2026-2030"));
    assert!(new[0]["message"].contains("E5"));
    // The outputs are the edited plan's: the new group in, the dropped one
    // out, its targets unresolved because the proposal leaves them.
    let phase1 = groups(&out.join("plan.csv"), "2023-2025");
    assert!(phase1.contains(&"01960;01963".to_string()), "{phase1:?}");
    assert!(!phase1.iter().any(|g| g.contains("02032")), "{phase1:?}");
    assert_eq!(
        phase1.len(),
        groups(&plan_dir.join("plan.csv"), "2023-2025").len()
    );
    let unresolved = rows(&out.join("unresolved.csv"));
    let tan_lap: Vec<&str> = unresolved
        .iter()
        .filter(|u| u["code"] == "02032")
        .map(|u| u["reason"].as_str())
        .collect();
    assert_eq!(tan_lap.len(), 2);
    assert!(
        tan_lap
            .iter()
            .all(|r| r.starts_with("not_proposed: phương án của tỉnh không sắp xếp"))
    );
    // A target the planner cannot arrange either keeps the planner's reason.
    assert!(
        unresolved
            .iter()
            .any(|u| u["code"] == "02014" && u["reason"].starts_with("no_eligible_neighbour"))
    );
    // The report lists the findings with the line.
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains(&format!("<td>{added_line}</td><td>MOI</td>")),
        "the finding's row"
    );
    assert!(report.contains("nhóm MOI không có đơn vị nào thuộc diện phải sắp xếp"));
    let origin = rows(&out.join("origin.csv"));
    assert!(
        origin
            .iter()
            .any(|r| r["proposal_group"] == "MOI" && r["line"] == added_line)
    );
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

/// The golden dataset with every name decomposed (NFD), as some exports
/// write it.
fn with_nfd_names(dir: &Path) -> PathBuf {
    let data = dir.join("nfd");
    std::fs::create_dir_all(&data).unwrap();
    let units = std::fs::read_to_string(golden().join("units.csv")).unwrap();
    let nfd: String = units.nfd().collect();
    assert_ne!(nfd, units);
    std::fs::write(data.join("units.csv"), nfd).unwrap();
    std::fs::copy(golden().join("adjacency.csv"), data.join("adjacency.csv")).unwrap();
    data
}

#[test]
fn every_spelling_of_a_name_finds_the_unit_in_either_normal_form() {
    let t = tempfile::tempdir().unwrap();
    let nfd_data = with_nfd_names(t.path());
    let spellings = [
        "Xã Dương Quang".to_string(),
        "xã Dương Quang".to_string(),
        "XÃ DƯƠNG QUANG".to_string(),
        "  xã   dương quang ".to_string(),
        "Dương Quang".to_string(),
        "dương quang".to_string(),
        "Xã Dương Quang".nfd().collect(),
        "xã dương quang".nfd().collect(),
        "Dương Quang".nfd().collect(),
        "Xã Dương Quang (Thành phố Bắc Kạn)".to_string(),
        "Dương Quang (bắc kạn)".nfd().collect(),
    ];
    for (i, name) in spellings.iter().enumerate() {
        // Full-width composed and decomposed inputs, on a dataset stored in
        // NFC (the golden one) and in NFD.
        for (j, data) in [golden(), nfd_data.clone()].iter().enumerate() {
            let p = write(
                t.path(),
                &format!("s{i}.csv"),
                &format!("group,member\nA,Phường Huyền Tụng\nA,{name}\n"),
            );
            let out = t.path().join(format!("o{i}-{j}"));
            let o = evaluate(data, &p, &out, &[]);
            assert_eq!(code(&o), Some(0), "{name:?} on {j}: {}", stderr(&o));
            assert_eq!(
                groups(&out.join("plan.csv"), "2023-2025"),
                vec!["01846;01849"],
                "{name:?} on {j}"
            );
        }
    }
    // A name that differs by a tone mark is not the same name: it is
    // unknown, with the near name offered.
    let p = write(
        t.path(),
        "tone.csv",
        "group,member\nA,Phường Huyền Tụng\nA,Xã Dưởng Quang\n",
    );
    let o = evaluate(&golden(), &p, &t.path().join("tone"), &[]);
    assert_eq!(code(&o), Some(1));
    let err = stderr(&o);
    assert!(err.contains("tone.csv:3:2: error[unknown-member]"), "{err}");
    assert!(err.contains("Xã Dương Quang (01849"), "{err}");
}

#[test]
fn a_duplicated_name_is_ambiguous_in_every_spelling_with_its_candidates() {
    let t = tempfile::tempdir().unwrap();
    let data = with_duplicate_name(t.path());
    let nfd: String = "xã dương quang".nfd().collect();
    for (i, name) in ["Xã Dương Quang", "xã dương quang", "Dương Quang", &nfd]
        .iter()
        .enumerate()
    {
        let f = format!("amb{i}.csv");
        // Line 3 holds the ambiguous member; line 2 a unit of a third
        // district, which cannot settle it.
        let p = write(t.path(), &f, &format!("group,member\nA,01858\nA,{name}\n"));
        let o = evaluate(&data, &p, &t.path().join("out"), &[]);
        assert_eq!(code(&o), Some(1), "{name:?}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{f}:3:2: error[ambiguous-name]")),
            "{err}"
        );
        assert!(err.contains("(01849, Thành Phố Bắc Kạn)"), "{err}");
        assert!(err.contains("(01975, Huyện Bạch Thông)"), "{err}");
    }
    assert!(!t.path().join("out").exists());
}

/// What evaluating a fixture of `tests/data/proposals/` must print: every
/// positioned problem as (`line:column: severity[code]`, a piece of its
/// message), exactly these, in this order; and the exit code.
struct Fixture {
    file: &'static str,
    exit: i32,
    issues: &'static [(&'static str, &'static str)],
}

/// The catalogue of malformed and odd proposals.
const PROPOSALS: &[Fixture] = &[
    Fixture {
        file: "unknown_code.csv",
        exit: 1,
        issues: &[("3:2: error[unknown-member]", "'99999'")],
    },
    Fixture {
        file: "unknown_name.csv",
        exit: 1,
        issues: &[(
            "3:2: error[unknown-member]",
            "did you mean: Xã Dương Quang (01849",
        )],
    },
    Fixture {
        file: "ambiguous_name.csv",
        exit: 1,
        issues: &[(
            "3:2: error[ambiguous-name]",
            "Xã Dương Quang (01849, Thành Phố Bắc Kạn)",
        )],
    },
    Fixture {
        file: "duplicate_member.csv",
        exit: 0,
        issues: &[("4:2: warning[member-repeated]", "01846")],
    },
    Fixture {
        file: "member_in_two_groups.csv",
        exit: 1,
        issues: &[("4:2: error[member-in-two-groups]", "01849")],
    },
    Fixture {
        file: "one_member_group.csv",
        exit: 1,
        issues: &[("2:0: error[one-member-group]", "'A'")],
    },
    Fixture {
        file: "empty_lines.csv",
        exit: 0,
        issues: &[(
            "3:0: warning[blank-line]",
            "2 empty row(s) skipped (line(s) 3, 5)",
        )],
    },
    Fixture {
        file: "bom.csv",
        exit: 0,
        issues: &[],
    },
    Fixture {
        file: "crlf.csv",
        exit: 0,
        issues: &[],
    },
    Fixture {
        file: "semicolon.csv",
        exit: 0,
        issues: &[("1:0: warning[delimiter]", "separated by ';'")],
    },
    Fixture {
        file: "utf16.csv",
        exit: 0,
        issues: &[
            ("1:1: warning[encoding]", "UTF-16 LE"),
            ("1:0: warning[delimiter]", "separated by tabs"),
        ],
    },
    Fixture {
        file: "legacy_encoding.csv",
        exit: 1,
        issues: &[("3:2: error[not-utf8]", "byte 0xE3 is not valid UTF-8")],
    },
    Fixture {
        file: "title_rows.csv",
        exit: 0,
        issues: &[(
            "3:0: warning[title-row]",
            "2 row(s) above the header skipped",
        )],
    },
    Fixture {
        file: "merged_header.csv",
        exit: 0,
        issues: &[("2:0: warning[merged-header]", "merged header cells")],
    },
    Fixture {
        file: "numbers_as_text.csv",
        exit: 0,
        issues: &[
            ("2:2: warning[text-marker]", "'=\"01846\"' read as '01846'"),
            ("3:2: warning[text-marker]", "''01849' read as '01849'"),
        ],
    },
    Fixture {
        file: "lost_leading_zeros.csv",
        exit: 0,
        issues: &[
            ("2:2: warning[code-padded]", "code '1846' read as '01846'"),
            ("3:2: warning[code-padded]", "code '1849' read as '01849'"),
        ],
    },
    Fixture {
        file: "missing_column.csv",
        exit: 1,
        issues: &[("1:0: error[missing-column]", "no column 'member'")],
    },
    Fixture {
        file: "missing_cell.csv",
        exit: 1,
        issues: &[
            ("3:2: error[missing-cell]", "column 'member' is empty"),
            (
                "2:0: error[one-member-group]",
                "group 'A' has 1 distinct member",
            ),
        ],
    },
    Fixture {
        file: "duplicate_column.csv",
        exit: 1,
        issues: &[(
            "1:3: error[duplicate-column]",
            "column 'member' is given twice",
        )],
    },
    Fixture {
        file: "no_header.csv",
        exit: 1,
        issues: &[("1:0: error[no-header]", "expected columns 'group,member'")],
    },
    Fixture {
        file: "empty.csv",
        exit: 1,
        issues: &[("1:0: error[no-header]", "expected columns 'group,member'")],
    },
    Fixture {
        file: "bad_phase.csv",
        exit: 1,
        issues: &[(
            "2:3: error[unknown-phase]",
            "phase '2027-2031' is not a phase of rule set",
        )],
    },
    Fixture {
        file: "two_phases.csv",
        exit: 1,
        issues: &[("3:3: error[two-phases]", "group 'A' is given phase")],
    },
    Fixture {
        file: "bad_year.csv",
        exit: 1,
        issues: &[(
            "2:4: error[bad-year]",
            "year '2027' is not a year of 2023-2025; expected a year from 2023 to 2025",
        )],
    },
    Fixture {
        file: "year_not_used.csv",
        exit: 0,
        issues: &[(
            "2:3: warning[year-not-used]",
            "checked against the phase but not used",
        )],
    },
    Fixture {
        file: "unknown_kind.csv",
        exit: 1,
        issues: &[("2:3: error[unknown-kind]", "kind 'ward' is not a unit kind")],
    },
    Fixture {
        file: "seat_not_member.csv",
        exit: 1,
        issues: &[("2:3: error[seat-not-member]", "01852")],
    },
    Fixture {
        file: "quoted_qualifier.csv",
        exit: 0,
        issues: &[],
    },
];

#[test]
fn the_catalogue_of_malformed_proposals_gives_each_its_message() {
    let dir = root().join("tests/data/proposals");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut listed: Vec<String> = PROPOSALS.iter().map(|f| f.file.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "every fixture is in the catalogue");
    assert!(PROPOSALS.iter().filter(|f| !f.issues.is_empty()).count() >= 15);
    let t = tempfile::tempdir().unwrap();
    let dup = with_duplicate_name(t.path());
    for (i, f) in PROPOSALS.iter().enumerate() {
        let data = if f.file == "ambiguous_name.csv" {
            dup.clone()
        } else {
            golden()
        };
        let out = t.path().join(format!("out{i}"));
        let o = evaluate(&data, &dir.join(f.file), &out, &[]);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{}: {err}", f.file);
        assert_eq!(code(&o), Some(f.exit), "{}: {err}", f.file);
        // The positioned lines, with the path left out.
        let prefix = format!("{}:", dir.join(f.file).display());
        let printed: Vec<&str> = err
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter(|l| l.contains("error[") || l.contains("warning["))
            .collect();
        assert_eq!(printed.len(), f.issues.len(), "{}: {err}", f.file);
        for (line, (want, message)) in printed.iter().zip(f.issues) {
            assert!(line.starts_with(want), "{}: {line} ≠ {want}", f.file);
            assert!(line.contains(message), "{}: {line} lacks {message}", f.file);
        }
        // Nothing is written on invalid input; otherwise the report is.
        assert_eq!(out.join("plan.csv").exists(), f.exit == 0, "{}", f.file);
        if f.exit == 0 {
            let plan = rows(&out.join("plan.csv"));
            assert!(!plan.is_empty(), "{}", f.file);
            assert!(
                plan.iter()
                    .any(|r| r["members"].split(';').any(|m| m == "01846")),
                "{}: {plan:?}",
                f.file
            );
        }
    }
    // The merged header's second row names the new unit.
    let o = evaluate(
        &golden(),
        &dir.join("merged_header.csv"),
        &t.path().join("mh"),
        &[],
    );
    assert_eq!(code(&o), Some(0));
    assert_eq!(
        rows(&t.path().join("mh/plan.csv"))[0]["proposed_name"],
        "Phường Dương Quang"
    );
}

/// The README's example: the merges decided in 2019–2021 evaluated on the
/// 2019 map under their own rule set, findings counted by rule.
#[test]
fn the_2019_2021_merges_evaluate_to_the_readmes_counts() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("out");
    let o = evaluate(
        &root().join("data/vn/2019"),
        &root().join("data/vn/backtest/merges_2019_2021.csv"),
        &out,
        &["--rules", "nq653-2019"],
    );
    assert_eq!(
        code(&o),
        Some(3),
        "errors among the findings: {}",
        stderr(&o)
    );
    let mut counted: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in rows(&out.join("findings.csv")) {
        *counted
            .entry((f["rule"].clone(), format!("{}s", f["severity"])))
            .or_default() += 1;
    }
    // "467 groups read; findings by rule: `standard` 381 warnings (...), ..."
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme.find("467 groups read; findings by rule:").unwrap();
    let end = at + readme[at..].find("(exit code 3)").unwrap();
    let text = readme[at..end].replace('\n', " ");
    let parts: Vec<&str> = text.split('`').collect();
    let mut documented: BTreeMap<(String, String), usize> = BTreeMap::new();
    for pair in parts[1..].chunks(2) {
        let mut words = pair[1].split_whitespace();
        let n: usize = words.next().unwrap().parse().unwrap();
        let severity = words.next().unwrap().trim_end_matches(',').to_string();
        documented.insert((pair[0].to_string(), severity), n);
    }
    assert_eq!(documented.len(), 8, "{documented:?}");
    assert_eq!(counted, documented);
    assert_eq!(rows(&out.join("origin.csv")).len(), 465);
}

/// `plan --province` takes a code, a name (any case, with or without the
/// kind) or a slug: the same plan each time; an unknown one is an error.
#[test]
fn a_province_is_found_by_code_name_or_slug() {
    let t = tempfile::tempdir().unwrap();
    let by_code = t.path().join("code");
    plan_golden(&by_code);
    let want = std::fs::read(by_code.join("plan.csv")).unwrap();
    for (i, token) in ["Bắc Kạn", "tỉnh bắc kạn", "bac-kan"].iter().enumerate() {
        let dir = t.path().join(format!("p{i}"));
        let data = golden();
        let o = reorg([
            "plan",
            data.to_str().unwrap(),
            "--province",
            token,
            "--out",
            dir.to_str().unwrap(),
            "--quiet",
            "--no-charts",
            "--no-geojson",
        ]);
        assert_eq!(code(&o), Some(0), "{token}: {}", stderr(&o));
        assert_eq!(
            std::fs::read(dir.join("plan.csv")).unwrap(),
            want,
            "{token}"
        );
    }
    let data = golden();
    let o = reorg([
        "plan",
        data.to_str().unwrap(),
        "--province",
        "Narnia",
        "--out",
        t.path().join("x").to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code(&o), Some(1));
    assert!(stderr(&o).contains("Narnia"), "{}", stderr(&o));
}
