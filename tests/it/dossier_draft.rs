//! The draft resolution (issue #15): the docx's XML parsed back, every merge
//! sentence's figures and neighbours checked against plan.csv, the dataset
//! and its adjacency (walked here, independently of the library's map); and
//! a golden text for a small hand-made province with two merges and one
//! conversion of kind.
//!
//! After a deliberate change of the wording:
//! `UPDATE_GOLDEN=1 cargo test --release --test it -- dossier_draft`, then
//! read the diff of `tests/data/dossier/expected/` before committing it.

use crate::dossier_workbook::{csv_rows, plan_vinh_phuc};
use crate::support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use reorg::dossier::{ConversionEntry, PlanInputs, from_plan};
use reorg::io::load_dir;
use reorg::lang::Lang;
use reorg::model::{Phase, UnitCode, UnitKind};
use reorg::outputs::{OutputOptions, build};
use reorg::pipeline::{RunOptions, run};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

/// The paragraphs of a docx, each the concatenation of its `w:t` texts.
pub fn docx_paragraphs(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect::<String>()
        })
        .collect()
}

/// Vietnamese number format, written here independently of the library.
fn vi_int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn vi_area(x: f64) -> String {
    let s = format!("{x:.2}");
    let (i, d) = s.split_once('.').unwrap();
    format!("{},{d}", vi_int(i.parse().unwrap()))
}

const KINDS: [&str; 8] = [
    "thành phố ",
    "thị trấn ",
    "thị xã ",
    "phường ",
    "huyện ",
    "quận ",
    "tỉnh ",
    "xã ",
];

/// `Xã Tà Chải` → `Tà Chải`.
pub fn short(name: &str) -> String {
    let lower = name.to_lowercase();
    for k in KINDS {
        if lower.starts_with(k) {
            return name.chars().skip(k.chars().count()).collect();
        }
    }
    name.to_string()
}

fn kind_word(kind: &str) -> &'static str {
    match kind {
        "xa" => "xã",
        "phuong" => "phường",
        "thi_tran" => "thị trấn",
        "huyen" => "huyện",
        "quan" => "quận",
        "thi_xa" => "thị xã",
        "tinh" => "tỉnh",
        _ => "thành phố",
    }
}

#[derive(Clone, Debug)]
struct U {
    name: String,
    kind: String,
    level: String,
    parent: String,
    area: String,
    population: String,
}

/// The map walked with plan.csv: live units and the owner of each original.
struct Walk {
    live: BTreeMap<String, U>,
    owner: HashMap<String, String>,
    adjacency: Vec<(String, String)>,
}

impl Walk {
    fn new(dir: &Path) -> Walk {
        let mut live = BTreeMap::new();
        let mut owner = HashMap::new();
        for u in csv_rows(&dir.join("units.csv")) {
            owner.insert(u["code"].clone(), u["code"].clone());
            live.insert(
                u["code"].clone(),
                U {
                    name: u["name"].clone(),
                    kind: u["kind"].clone(),
                    level: u["level"].clone(),
                    parent: u["parent_code"].clone(),
                    area: u["area_km2"].clone(),
                    population: u["population"].clone(),
                },
            );
        }
        let adjacency = csv_rows(&dir.join("adjacency.csv"))
            .into_iter()
            .map(|r| (r["code_a"].clone(), r["code_b"].clone()))
            .collect();
        Walk {
            live,
            owner,
            adjacency,
        }
    }

    fn apply(&mut self, g: &BTreeMap<String, String>) {
        let members: BTreeSet<String> = g["members"].split(';').map(String::from).collect();
        let level = g["level"].clone();
        for m in &members {
            self.live.remove(m);
        }
        for o in self.owner.values_mut() {
            if members.contains(o) {
                *o = g["new_code"].clone();
            }
        }
        let parent = if level == "commune" {
            g["parent_code"].clone()
        } else {
            g["province_code"].clone()
        };
        self.live.insert(
            g["new_code"].clone(),
            U {
                name: g["proposed_name"].clone(),
                kind: g["kind"].clone(),
                level: level.clone(),
                parent,
                area: g["area_km2"].clone(),
                population: g["population"].clone(),
            },
        );
        if level == "district" {
            for u in self.live.values_mut() {
                if members.contains(&u.parent) {
                    u.parent = g["new_code"].clone();
                }
            }
        }
    }

    fn province(&self, code: &str) -> String {
        let mut c = code.to_string();
        while let Some(u) = self.live.get(&c) {
            if u.level == "province" {
                return c;
            }
            c = u.parent.clone();
        }
        c
    }

    /// The short names the draft must list as neighbours of `code`.
    fn expected_neighbours(&self, code: &str) -> Vec<String> {
        let me = &self.live[code];
        let mut nbs = BTreeSet::new();
        for (a, b) in &self.adjacency {
            let (oa, ob) = (&self.owner[a], &self.owner[b]);
            if oa == code && ob != code {
                nbs.insert(ob.clone());
            } else if ob == code && oa != code {
                nbs.insert(oa.clone());
            }
        }
        let mut out = BTreeSet::new();
        for nb in nbs {
            let u = &self.live[&nb];
            if u.level != me.level {
                continue;
            }
            let p = self.province(&nb);
            let shown = if p != self.province(code) {
                p
            } else if u.parent == me.parent {
                nb
            } else {
                u.parent.clone()
            };
            out.insert(short(&self.live[&shown].name));
        }
        out.into_iter().collect()
    }
}

/// The names listed after "giáp" in a sentence.
fn listed_neighbours(sentence: &str) -> Vec<String> {
    let Some(i) = sentence.rfind(" giáp ") else {
        return Vec::new();
    };
    let list = sentence[i + " giáp ".len()..].trim_end_matches('.');
    let mut out: Vec<String> = list
        .split(", ")
        .flat_map(|p| p.split(" và "))
        .map(|t| {
            let t = t.strip_prefix("các ").unwrap_or(t);
            short(t)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_merge_sentence_matches_the_plan_and_the_adjacency() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("vp");
    plan_vinh_phuc(&out);
    let plan = csv_rows(&out.join("plan.csv"));
    let data = support::national();
    let paras = docx_paragraphs(&std::fs::read(out.join("du-thao-nghi-quyet.docx")).unwrap());
    // One section per phase, in order.
    let starts: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i] == "NGHỊ QUYẾT")
        .collect();
    let phases = ["2023-2025", "2026-2030"];
    assert_eq!(starts.len(), phases.len());
    let mut walk = Walk::new(&data);
    let mut checked = 0;
    for (s, phase) in phases.iter().enumerate() {
        let end = starts.get(s + 1).copied().unwrap_or(paras.len());
        let section = &paras[starts[s]..end];
        let groups: Vec<_> = plan.iter().filter(|g| g["phase"] == *phase).collect();
        // The members' figures on the map the phase starts from.
        let figures: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                g["members"]
                    .split(';')
                    .filter(|c| *c != g["new_code"])
                    .map(|c| {
                        let u = &walk.live[c];
                        format!(
                            "toàn bộ diện tích tự nhiên là {} km², quy mô dân số là {} người của {} {}",
                            vi_area(u.area.parse().unwrap()),
                            vi_int(u.population.parse().unwrap()),
                            kind_word(&u.kind),
                            short(&u.name)
                        )
                    })
                    .collect()
            })
            .collect();
        for level in ["district", "commune"] {
            for g in groups.iter().filter(|g| g["level"] == level) {
                walk.apply(g);
            }
        }
        let merges: Vec<&String> = section
            .iter()
            .filter(|p| {
                p.split_once(") Nhập ")
                    .is_some_and(|(l, _)| l.chars().count() <= 2)
            })
            .collect();
        assert_eq!(
            merges.len(),
            groups.len(),
            "one sentence per merge in {phase}"
        );
        for (g, figures) in groups.iter().zip(&figures) {
            let Some(sentence) = merges
                .iter()
                .find(|p| figures.iter().all(|f| p.contains(f.as_str())))
            else {
                panic!("{}: no sentence with {figures:?}", g["group_id"]);
            };
            let new = format!("{} {}", kind_word(&g["kind"]), short(&g["proposed_name"]));
            assert!(
                sentence.contains(&format!(
                    "{new} có diện tích tự nhiên là {} km² và quy mô dân số là {} người.",
                    vi_area(g["area_km2"].parse().unwrap()),
                    vi_int(g["population"].parse().unwrap())
                )),
                "{}: {sentence}",
                g["group_id"]
            );
            assert_eq!(
                listed_neighbours(sentence),
                walk.expected_neighbours(&g["new_code"]),
                "{}: {sentence}",
                g["group_id"]
            );
            checked += 1;
        }
    }
    assert_eq!(checked, plan.len());
}

/// The golden draft of the hand-made province `tests/data/dossier/`
/// (Tỉnh Sơn Thủy: two merges planned, one conversion of kind given),
/// and the docx holding exactly that text.
#[test]
fn golden_draft_of_a_small_province() {
    let dir = support::root().join("tests/data/dossier");
    let ds = load_dir(&dir).unwrap().dataset;
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let sc = Scenario::default();
    let result = run(
        &ds,
        &RunOptions {
            rules: &rules,
            scenario: &sc,
            province: Some(UnitCode::from("90")),
            progress: None,
        },
    )
    .unwrap();
    assert_eq!(result.groups.len(), 2, "the fixture has two merges");
    let outputs = build(
        &ds,
        &result,
        &rules,
        &sc,
        &OutputOptions {
            lang: Lang::Vi,
            area_label: "Tỉnh Sơn Thủy".into(),
            dataset_label: "dossier".into(),
            charts: false,
            ..OutputOptions::default()
        },
    )
    .unwrap();
    let conversion = ConversionEntry {
        phase: Phase::Phase2023To2025,
        code: UnitCode::from("90203"),
        name: "Xã Hà Phong".into(),
        parent_code: UnitCode::from("902"),
        parent_name: String::new(),
        kind_before: UnitKind::Xa,
        kind_after: UnitKind::Phuong,
        name_after: "Phường Hà Phong".into(),
        area_km2: Some(31.0),
        population: Some(8800),
        meets_standard: true,
        reason: "Thị xã chỉ gồm phường và xã; xã đủ điều kiện thành phường".into(),
    };
    let years = outputs.schedule.years();
    let d = from_plan(&PlanInputs {
        ds: &ds,
        result: &result,
        rules: &rules,
        encouraged: &[],
        years: &years,
        staffing: &outputs.staffing,
        conversions: std::slice::from_ref(&conversion),
        lang: Lang::Vi,
        scope_name: "Tỉnh Sơn Thủy".into(),
    });
    let text = d.draft.to_text();
    let golden = dir.join("expected/du-thao-nghi-quyet.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &text).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap();
    assert_eq!(text, want, "the draft differs from {}", golden.display());

    // The docx holds the same paragraphs (after its letterhead lines).
    let docx = reorg::dossier::docx(&d).unwrap();
    let letterhead = [
        "DỰ THẢO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ];
    let paras: Vec<String> = docx_paragraphs(&docx)
        .into_iter()
        .filter(|p| !letterhead.contains(&p.as_str()))
        .collect();
    let lines: Vec<&str> = want.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(paras, lines);
    // And the same bytes every time.
    assert_eq!(docx, reorg::dossier::docx(&d).unwrap());
    assert_eq!(
        reorg::dossier::xlsx(&d).unwrap(),
        reorg::dossier::xlsx(&d).unwrap()
    );
}
