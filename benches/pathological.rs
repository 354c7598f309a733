//! Pathological maps for the planner's work budget (issue #18): a district
//! shaped as a star, a district whose adjacency is the complete graph, the
//! national map with every unit tiny (every unit a target) and the national
//! map with `max_group_size = 12`. Before the budget counted the rescans of
//! the exact search these took 72 s (star of 100) to over 10 minutes (star of
//! 300), 67 s (complete graph of 80), 362 s (national, tiny) and 412 s and
//! 1.3 GB (K = 12).
//!
//! For each map the bench writes a dataset folder, plans it in-process (the
//! planner's own counters: parents, work, parents not proven optimal) and
//! then runs the whole command, `reorg plan DIR --no-charts --no-geojson`,
//! under `/usr/bin/time` (CPU time and peak memory; wall time is noisy on a
//! shared machine). Figures go in BENCHMARKS.md.
//!
//! ```text
//! cargo bench --bench pathological            # every map
//! cargo bench --bench pathological -- star    # the maps whose name contains "star"
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use reorg::io::load_dir;
use reorg::pipeline::{RunOptions, run};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

/// A map to plan: its name, the dataset folder and an optional scenario.
struct Case {
    name: String,
    dir: PathBuf,
    scenario: Option<PathBuf>,
}

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023")
}

const UNITS_HEADER: &str = "code,name,level,kind,parent_code,area_km2,population\n";
const ADJ_HEADER: &str = "code_a,code_b,level,shared_border_km\n";

/// One province and one huyện of `n` communes; `target(i)` gives commune
/// `i`'s area and population; `pairs` the adjacency.
fn district(
    dir: &Path,
    n: usize,
    unit: impl Fn(usize) -> (f64, u64),
    pairs: impl Iterator<Item = (usize, usize, f64)>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut units = String::from(UNITS_HEADER);
    units.push_str("90,Tỉnh K,province,tinh,,900,300000\n");
    units.push_str("901,Huyện K,district,huyen,90,900,300000\n");
    for i in 0..n {
        let (area, pop) = unit(i);
        let _ = writeln!(units, "9{i:04},Xã K{i},commune,xa,901,{area},{pop}");
    }
    std::fs::write(dir.join("units.csv"), units)?;
    let mut adj = String::from(ADJ_HEADER);
    for (a, b, km) in pairs {
        let _ = writeln!(adj, "9{a:04},9{b:04},commune,{km:.3}");
    }
    std::fs::write(dir.join("adjacency.csv"), adj)
}

/// A star of `n` communes: commune 0 touches every other; every commune a
/// target (3 km², 1,000 people).
fn star(root: &Path, n: usize) -> std::io::Result<Case> {
    let dir = root.join(format!("star-{n}"));
    district(
        &dir,
        n,
        |_| (3.0, 1_000),
        (1..n).map(|i| (0, i, 1.0 + i as f64 / 1000.0)),
    )?;
    Ok(Case {
        name: format!("star of {n} communes"),
        dir,
        scenario: None,
    })
}

/// The complete graph of `n` communes, two in three of them targets.
fn complete(root: &Path, n: usize) -> std::io::Result<Case> {
    let dir = root.join(format!("complete-{n}"));
    district(
        &dir,
        n,
        |i| {
            if i % 3 == 2 {
                (40.0, 9_000)
            } else {
                (3.0 + (i % 7) as f64, 2_000 + 100 * (i % 11) as u64)
            }
        },
        (0..n).flat_map(move |i| {
            (i + 1..n).map(move |j| (i, j, 1.0 + ((i * 7 + j * 13) % 10) as f64 / 10.0))
        }),
    )?;
    Ok(Case {
        name: format!("complete graph of {n} communes"),
        dir,
        scenario: None,
    })
}

/// The shipped 2023 map with every district and commune at 1 km² and 1,000
/// people: every unit is a target.
fn national_tiny(root: &Path) -> Result<Case, Box<dyn std::error::Error>> {
    let dir = root.join("national-tiny");
    std::fs::create_dir_all(&dir)?;
    let mut r = csv::Reader::from_path(shipped().join("units.csv"))?;
    let headers = r.headers()?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(level), Some(area), Some(pop)) = (col("level"), col("area_km2"), col("population"))
    else {
        return Err("units.csv lacks level, area_km2 or population".into());
    };
    let mut w = csv::Writer::from_path(dir.join("units.csv"))?;
    w.write_record(&headers)?;
    for rec in r.records() {
        let rec = rec?;
        let tiny = rec.get(level) != Some("province");
        let row: Vec<&str> = rec
            .iter()
            .enumerate()
            .map(|(i, v)| match (tiny, i) {
                (true, i) if i == area => "1",
                (true, i) if i == pop => "1000",
                _ => v,
            })
            .collect();
        w.write_record(&row)?;
    }
    w.flush()?;
    std::fs::copy(shipped().join("adjacency.csv"), dir.join("adjacency.csv"))?;
    Ok(Case {
        name: "national 2023, every unit tiny".into(),
        dir,
        scenario: None,
    })
}

/// The shipped 2023 map with `max_group_size = 12`.
fn national_k12(root: &Path) -> std::io::Result<Case> {
    let scenario = root.join("k12.toml");
    std::fs::write(&scenario, "name = \"k12\"\nmax_group_size = 12\n")?;
    Ok(Case {
        name: "national 2023, max_group_size = 12".into(),
        dir: shipped(),
        scenario: Some(scenario),
    })
}

/// Plans the case in-process and prints the planner's counters.
fn counters(case: &Case) -> Result<String, Box<dyn std::error::Error>> {
    let ds = load_dir(&case.dir)?.dataset;
    let rules = RuleSet::builtin("nq35-2023")?;
    let sc = match &case.scenario {
        Some(p) => Scenario::load(p)?,
        None => Scenario::default(),
    };
    let t = Instant::now();
    let r = run(
        &ds,
        &RunOptions {
            rules: &rules,
            scenario: &sc,
            province: None,
            progress: None,
        },
    )?;
    let s = &r.stats;
    Ok(format!(
        "in-process {:.2} s wall; {} parents, work {:.2e} (budget {:.0e} a parent), {} not proven optimal ({} stopped by the work budget, {} with a lower bound), {} merges",
        t.elapsed().as_secs_f64(),
        s.parents,
        s.work as f64,
        reorg::planner::DEFAULT_WORK_BUDGET as f64,
        s.not_optimal.len(),
        s.gaps.iter().filter(|g| g.budget_hit).count(),
        s.gaps.iter().filter(|g| g.gap.is_some()).count(),
        r.groups.len(),
    ))
}

/// Runs `reorg plan` on the case under `/usr/bin/time`: wall, user and
/// system seconds and peak memory.
fn command(case: &Case, out: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut c = Command::new("/usr/bin/time");
    c.args(["-f", "TIME %e %U %S %M"])
        .arg(env!("CARGO_BIN_EXE_reorg"))
        .arg("plan")
        .arg(&case.dir)
        .arg("--out")
        .arg(out)
        .args(["--no-charts", "--no-geojson"]);
    if let Some(s) = &case.scenario {
        c.arg("--scenario").arg(s);
    }
    let o = c.output()?;
    let stderr = String::from_utf8_lossy(&o.stderr);
    if !o.status.success() {
        return Err(format!("reorg plan failed: {stderr}").into());
    }
    let line = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("TIME "))
        .ok_or("no /usr/bin/time line")?;
    let f: Vec<&str> = line.split_whitespace().collect();
    let gap_lines = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.contains("work budget") || l.contains("ngân sách"))
        .count();
    Ok(format!(
        "reorg plan: {} s wall, {} s user, {} s sys, {:.0} MB peak; {} terminal lines state a gap",
        f.first().unwrap_or(&"?"),
        f.get(1).unwrap_or(&"?"),
        f.get(2).unwrap_or(&"?"),
        f.get(3).and_then(|k| k.parse::<f64>().ok()).unwrap_or(0.0) / 1024.0,
        gap_lines,
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let tmp = tempfile::tempdir()?;
    let root = tmp.path();
    type Make = fn(&Path) -> Result<Case, Box<dyn std::error::Error>>;
    let makers: [(&str, Make); 7] = [
        ("star-100", |r| Ok(star(r, 100)?)),
        ("star-300", |r| Ok(star(r, 300)?)),
        ("complete-80", |r| Ok(complete(r, 80)?)),
        ("complete-300", |r| Ok(complete(r, 300)?)),
        ("national-tiny", national_tiny),
        ("national-k12", |r| Ok(national_k12(r)?)),
        ("national", |_| {
            Ok(Case {
                name: "national 2023 (reference)".into(),
                dir: shipped(),
                scenario: None,
            })
        }),
    ];
    for (key, make) in makers {
        if !filter.is_empty() && !filter.iter().any(|f| key.contains(f.as_str())) {
            continue;
        }
        let case = make(root)?;
        println!("{} ({key})", case.name);
        println!("  {}", counters(&case)?);
        println!("  {}", command(&case, &root.join(format!("out-{key}")))?);
    }
    Ok(())
}
