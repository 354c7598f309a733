//! Exit codes (issue #6 item 6), for every subcommand: 0 success, 1 invalid
//! input or infeasible request, 2 usage error (3: `evaluate` with error findings), never Rust's panic code 101 —
//! also when the reader of standard output has gone away (a closed pipe is
//! not an error: exit 0).

use crate::support;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::{national, reorg, root, stderr};

fn fixture() -> PathBuf {
    root().join("tests/data/golden")
}

/// The peer benchmark's 100-unit instance.
fn peer_instance() -> PathBuf {
    root().join("tests/data/regionalize/inst_100_seed1.json")
}

fn os(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    args.iter().map(|a| a.as_ref().to_os_string()).collect()
}

/// Asserts the exit code, and that nothing panicked.
fn expect(o: &Output, code: i32, what: &str) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{what}: panicked: {err}");
    assert_eq!(o.status.code(), Some(code), "{what}: {err}");
}

/// A dataset folder whose units.csv has an error (a negative area).
fn bad_dataset(dir: &Path) -> PathBuf {
    let d = dir.join("bad");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("units.csv"),
        "code,name,level,kind,parent_code,area_km2,population\n\
         01,Tỉnh A,province,tinh,,-5,100\n",
    )
    .unwrap();
    std::fs::write(
        d.join("adjacency.csv"),
        "code_a,code_b,level,shared_border_km\n",
    )
    .unwrap();
    d
}

/// Two report folders for `compare` (the fixture, two scenarios).
fn two_reports(dir: &Path) -> (PathBuf, PathBuf) {
    let (a, b) = (dir.join("a"), dir.join("b"));
    for (out, k) in [(&a, "4"), (&b, "3")] {
        let sc = dir.join(format!("k{k}.toml"));
        std::fs::write(&sc, format!("name = \"k{k}\"\nmax_group_size = {k}\n")).unwrap();
        let o = reorg(os(&[
            &"plan",
            &fixture(),
            &"--scenario",
            &sc,
            &"--out",
            out,
            &"--no-charts",
            &"-q",
        ]));
        expect(&o, 0, "plan for compare");
    }
    (a, b)
}

/// The cases of every subcommand: (what, arguments, expected code).
fn cases(t: &Path) -> Vec<(&'static str, Vec<OsString>, i32)> {
    let bad = bad_dataset(t);
    let (a, b) = two_reports(t);
    let actual = root().join("data/vn/backtest/merges_2019_2021.csv");
    let y2019 = root().join("data/vn/2019");
    let missing = t.join("does-not-exist");
    let bad_toml = t.join("bad.toml");
    std::fs::write(&bad_toml, "max_group_size = \"four\"\n").unwrap();
    let out = t.join("out");
    vec![
        // usage errors
        ("no subcommand", os(&[]), 2),
        ("unknown subcommand", os(&[&"frobnicate"]), 2),
        ("check without DIR", os(&[&"check"]), 2),
        (
            "check unknown flag",
            os(&[&"check", &fixture(), &"--bogus"]),
            2,
        ),
        ("plan without DIR", os(&[&"plan"]), 2),
        (
            "plan bad --lang",
            os(&[&"plan", &fixture(), &"--lang", &"fr"]),
            2,
        ),
        (
            "plan --province with --each-province",
            os(&[
                &"plan",
                &fixture(),
                &"--province",
                &"06",
                &"--each-province",
            ]),
            2,
        ),
        ("backtest without --actual", os(&[&"backtest", &y2019]), 2),
        ("calibrate without --actual", os(&[&"calibrate", &y2019]), 2),
        (
            "rules --set and --rules",
            os(&[&"rules", &"--set", &"a", &"--rules", &"b"]),
            2,
        ),
        (
            "assess bad --lang",
            os(&[&"assess", &fixture(), &"--lang", &"de"]),
            2,
        ),
        ("compare with one folder", os(&[&"compare", &a]), 2),
        // invalid input or infeasible request
        ("check missing folder", os(&[&"check", &missing]), 1),
        ("check bad data", os(&[&"check", &bad]), 1),
        (
            "plan bad data",
            os(&[&"plan", &bad, &"--out", &out, &"-q"]),
            1,
        ),
        (
            "plan bad scenario",
            os(&[
                &"plan",
                &fixture(),
                &"--scenario",
                &bad_toml,
                &"--out",
                &out,
            ]),
            1,
        ),
        (
            "plan unknown province",
            os(&[
                &"plan",
                &fixture(),
                &"--province",
                &"99",
                &"--out",
                &out,
                &"-q",
            ]),
            1,
        ),
        (
            "plan unknown rule set",
            os(&[&"plan", &fixture(), &"--rules", &"nq-none", &"--out", &out]),
            1,
        ),
        (
            "backtest missing actual file",
            os(&[&"backtest", &fixture(), &"--actual", &missing]),
            1,
        ),
        (
            "calibrate missing actual file",
            os(&[&"calibrate", &fixture(), &"--actual", &missing]),
            1,
        ),
        (
            "rules unknown set",
            os(&[&"rules", &"--set", &"nq-none"]),
            1,
        ),
        ("rules bad file", os(&[&"rules", &"--rules", &bad_toml]), 1),
        ("assess bad data", os(&[&"assess", &bad]), 1),
        (
            "assess unknown province",
            os(&[&"assess", &fixture(), &"--province", &"99"]),
            1,
        ),
        ("compare missing folder", os(&[&"compare", &a, &missing]), 1),
        (
            "compare a dataset folder",
            os(&[&"compare", &a, &fixture()]),
            1,
        ),
        // success
        ("--help", os(&[&"--help"]), 0),
        ("--version", os(&[&"--version"]), 0),
        ("check", os(&[&"check", &fixture()]), 0),
        (
            "plan",
            os(&[&"plan", &fixture(), &"--out", &out, &"--no-charts", &"-q"]),
            0,
        ),
        ("rules", os(&[&"rules"]), 0),
        (
            "rules --toml",
            os(&[&"rules", &"--toml", &"--set", &"nq653-2019"]),
            0,
        ),
        ("assess", os(&[&"assess", &fixture()]), 0),
        ("compare", os(&[&"compare", &a, &b]), 0),
        (
            "backtest",
            os(&[&"backtest", &y2019, &"--actual", &actual]),
            0,
        ),
        (
            "evaluate without --proposal",
            os(&[&"evaluate", &fixture()]),
            2,
        ),
        (
            "evaluate, proposal missing",
            os(&[&"evaluate", &fixture(), &"--proposal", &missing]),
            1,
        ),
        (
            "evaluate, invalid dataset",
            os(&[&"evaluate", &bad, &"--proposal", &actual]),
            1,
        ),
        (
            "evaluate, findings with errors",
            os(&[
                &"evaluate",
                &y2019,
                &"--proposal",
                &actual,
                &"--rules",
                &"nq653-2019",
                &"--no-charts",
                &"--no-geojson",
                &"--out",
                &t.join("evaluated"),
            ]),
            3,
        ),
        (
            "regionalize without thresholds",
            os(&[&"regionalize", &fixture()]),
            2,
        ),
        (
            "regionalize bad --within",
            os(&[
                &"regionalize",
                &fixture(),
                &"--rules",
                &"nq76-2025",
                &"--within",
                &"region",
            ]),
            2,
        ),
        (
            "regionalize bad --level",
            os(&[
                &"regionalize",
                &fixture(),
                &"--pop",
                &"1",
                &"--area",
                &"1",
                &"--level",
                &"province",
            ]),
            2,
        ),
        (
            "regionalize bad --mode",
            os(&[
                &"regionalize",
                &"--instance",
                &peer_instance(),
                &"--mode",
                &"flat",
            ]),
            2,
        ),
        (
            "regionalize bad --lang",
            os(&[
                &"regionalize",
                &fixture(),
                &"--rules",
                &"nq76-2025",
                &"--lang",
                &"fr",
            ]),
            2,
        ),
        (
            "regionalize missing instance",
            os(&[&"regionalize", &"--instance", &missing]),
            1,
        ),
        (
            "regionalize --instance",
            os(&[
                &"regionalize",
                &"--instance",
                &peer_instance(),
                &"--mode",
                &"global",
            ]),
            0,
        ),
        (
            "regionalize bad data",
            os(&[&"regionalize", &bad, &"--pop", &"16000", &"--area", &"30"]),
            1,
        ),
        (
            "regionalize",
            os(&[
                &"regionalize",
                &fixture(),
                &"--pop",
                &"16000",
                &"--area",
                &"30",
                &"--out",
                &t.join("regions.csv"),
            ]),
            0,
        ),
        ("provinces", os(&[&"provinces", &fixture()]), 0),
        ("provinces bad data", os(&[&"provinces", &bad]), 1),
        (
            "adjacency",
            os(&[
                &"adjacency",
                &root().join("data/vn/2023/geometry/26.geojson"),
                &"--out",
                &t.join("adjacency.csv"),
            ]),
            0,
        ),
        (
            "adjacency missing file",
            os(&[&"adjacency", &t.join("nothing.geojson")]),
            1,
        ),
        ("adjacency without a file", os(&[&"adjacency"]), 2),
        // `reorg serve` runs until stopped: only its refusals to start.
        ("serve bad data", os(&[&"serve", &bad]), 1),
        (
            "serve unknown province",
            os(&[&"serve", &fixture(), &"--province", &"99"]),
            1,
        ),
        (
            "serve bad port",
            os(&[&"serve", &fixture(), &"--port", &"not-a-port"]),
            2,
        ),
    ]
}

#[test]
fn every_subcommand_exits_0_1_or_2_as_documented() {
    let t = tempfile::tempdir().unwrap();
    let mut subcommands = std::collections::BTreeSet::new();
    for (what, args, code) in cases(t.path()) {
        if let Some(s) = args.first() {
            subcommands.insert(s.to_string_lossy().into_owned());
        }
        expect(&reorg(&args), code, what);
    }
    // Every subcommand of `reorg --help` has cases.
    let help = String::from_utf8(reorg(["--help"]).stdout).unwrap();
    let listed: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions are indented further than the names.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| *s != "help")
        .collect();
    assert!(listed.len() >= 6, "{help}");
    for s in listed {
        assert!(subcommands.contains(s), "no exit-code case for `reorg {s}`");
    }
}

/// Runs `reorg ARGS` with standard output connected to a pipe whose reader
/// is already closed: every write fails with a broken pipe.
fn with_closed_stdout(args: &[OsString]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(args)
        .current_dir(root())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// `reorg ... | head -1`: the reader going away is not an error (exit 0),
/// never a panic (exit 101), for every subcommand that prints.
#[test]
fn closed_standard_output_is_not_an_error() {
    let t = tempfile::tempdir().unwrap();
    let (a, b) = two_reports(t.path());
    let out = t.path().join("out");
    let runs = [
        os(&[&"--help"]),
        os(&[&"check", &national()]),
        os(&[&"rules"]),
        os(&[&"rules", &"--toml"]),
        os(&[&"assess", &fixture()]),
        os(&[&"compare", &a, &b]),
        os(&[&"plan", &fixture(), &"--out", &out, &"--no-charts", &"-q"]),
        os(&[
            &"backtest",
            &root().join("data/vn/2019"),
            &"--actual",
            &root().join("data/vn/backtest/merges_2019_2021.csv"),
        ]),
        os(&[
            &"regionalize",
            &national(),
            &"--rules",
            &"nq76-2025",
            &"--within",
            &"province",
        ]),
        os(&[&"regionalize", &"--instance", &peer_instance()]),
    ];
    for args in runs {
        let what = format!("{args:?} with a closed stdout");
        expect(&with_closed_stdout(&args), 0, &what);
    }
    // The report folder was written before the summary was printed.
    assert!(out.join("plan.csv").exists());
}

/// `reorg regionalize … | head -1` exits 0: the shell pipeline itself, with
/// `pipefail` so that the status is reorg's. Whether `head` has gone before
/// reorg's second line is a race, so this alone could pass on a binary that
/// panics on a broken pipe; `closed_standard_output_is_not_an_error` closes
/// the pipe before the run and fails deterministically there (the build
/// before the fix exited 101, "failed printing to stdout: Broken pipe").
#[test]
fn regionalize_piped_to_head_exits_0() {
    let script =
        r#"set -o pipefail; "$0" regionalize "$1" --rules nq76-2025 --within province | head -1"#;
    let o = Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_reorg"))
        .arg(national())
        .current_dir(root())
        .output()
        .unwrap();
    expect(&o, 0, "reorg regionalize … | head -1");
    let first = String::from_utf8(o.stdout).unwrap();
    assert_eq!(first.lines().count(), 1, "{first}");
    assert!(first.contains("nq76-2025"), "{first}");
}
