//! Inputs that used to hang, explode or be misread (issue #18): every input
//! is a regular file under a size cap, `--time-limit` is range-checked, the
//! actual-changes file follows the loader's conventions.

use crate::support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{root, stderr};

/// Runs `reorg ARGS` in `cwd`; fails the test if it takes more than 60 s
/// (the process is killed), instead of hanging the suite.
fn run_bounded(cwd: &Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("reorg {args:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn golden() -> std::path::PathBuf {
    root().join("tests/data/golden")
}

/// A FIFO named units.csv blocked for ever; `rules = "/dev/zero"` grew to
/// 23 GB. Both are refused at once, naming the file.
#[test]
fn pipes_and_devices_are_not_read() {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::copy(golden().join("adjacency.csv"), data.join("adjacency.csv")).unwrap();
    let status = Command::new("mkfifo")
        .arg(data.join("units.csv"))
        .status()
        .unwrap();
    assert!(status.success());
    let o = run_bounded(t.path(), &["check".as_ref(), data.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));

    let sc = t.path().join("zero.toml");
    std::fs::write(&sc, "name = \"z\"\nrules = \"/dev/zero\"\n").unwrap();
    let out = t.path().join("out");
    let o = run_bounded(
        t.path(),
        &[
            "plan".as_ref(),
            golden().as_os_str(),
            "--scenario".as_ref(),
            sc.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
}

/// `--time-limit 1e19` panicked (Duration overflow, exit 101).
#[test]
fn an_absurd_time_limit_is_a_usage_error_not_a_panic() {
    for v in ["1e19", "0", "NaN", "inf", "1e6"] {
        let o = run_bounded(
            &root(),
            &[
                "regionalize".as_ref(),
                golden().as_os_str(),
                "--pop".as_ref(),
                "1000".as_ref(),
                "--area".as_ref(),
                "1".as_ref(),
                "--time-limit".as_ref(),
                v.as_ref(),
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{v}: {}", stderr(&o));
        assert!(stderr(&o).contains("--time-limit"), "{v}: {}", stderr(&o));
    }
}

/// The dataset path as typed was embedded in the reports (not the same
/// bytes from another working directory; local paths leaked). Reports name
/// the dataset by its folder name.
#[test]
fn reports_do_not_depend_on_the_path_typed() {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("vn-golden");
    std::fs::create_dir(&data).unwrap();
    for f in ["units.csv", "adjacency.csv"] {
        std::fs::copy(golden().join(f), data.join(f)).unwrap();
    }
    let sub = t.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let (a, b) = (t.path().join("a"), t.path().join("b"));
    for (cwd, dir, out) in [
        (t.path(), data.as_os_str(), &a),
        (sub.as_path(), "../vn-golden".as_ref(), &b),
    ] {
        let o = run_bounded(
            cwd,
            &[
                "plan".as_ref(),
                dir,
                "--out".as_ref(),
                out.as_os_str(),
                "--no-charts".as_ref(),
                "--quiet".as_ref(),
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    support::assert_same_tree(&a, &b);
    let summary = std::fs::read_to_string(a.join("summary.md")).unwrap();
    assert!(summary.contains("vn-golden"), "{summary}");
    assert!(!summary.contains(&*t.path().to_string_lossy()), "{summary}");
}

/// A relative `rules =` in a scenario resolved against the working
/// directory; it is the scenario's neighbour.
#[test]
fn a_relative_rule_set_is_found_next_to_the_scenario() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("scen");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        root().join("rulesets/nq35-2023.toml"),
        dir.join("my-rules.toml"),
    )
    .unwrap();
    let sc = dir.join("s.toml");
    std::fs::write(&sc, "name = \"s\"\nrules = \"my-rules.toml\"\n").unwrap();
    let out = t.path().join("out");
    let o = run_bounded(
        &root(),
        &[
            "plan".as_ref(),
            golden().as_os_str(),
            "--scenario".as_ref(),
            sc.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--no-charts".as_ref(),
            "--quiet".as_ref(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Scenario arrays of two elements accepted extra elements; absurd year
/// windows (to 65535) made scheduling take minutes.
#[test]
fn year_windows_are_two_years_within_bounds() {
    use reorg::scenario::Scenario;
    let p = Path::new("s.toml");
    for (body, want) in [
        (
            "[schedule]\nphase1_years = [2024, 2025, 2099]\n",
            "two years",
        ),
        ("[schedule]\nphase2_years = [2026, 65535]\n", "2000–2100"),
        ("[schedule]\nphase1_years = [1900, 2025]\n", "2000–2100"),
        ("[growth]\nphase2_year = 9999\n", "2000–2100"),
    ] {
        let e = Scenario::from_toml_str(body, p).unwrap_err().to_string();
        assert!(e.contains(want), "{body}: {e}");
    }
    assert!(Scenario::from_toml_str("[schedule]\nphase1_years = [2024, 2025]\n", p).is_ok());
}
