//! `reorg serve` end to end in a real headless browser (Debian's
//! `chromium`, driven over the DevTools protocol by `headless_chrome`,
//! which downloads nothing): load Vĩnh Phúc, click two adjacent communes
//! into a group with real mouse events, see the verdict change, undo and
//! redo, export, and `reorg evaluate` the export to the same findings.
//!
//! Without chromium on the machine the test is skipped with a message,
//! unless `REORG_REQUIRE_BROWSER=1` (set by `.ci/run`, which installs
//! chromium) makes that a failure.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use headless_chrome::browser::tab::point::Point;
use headless_chrome::{Browser, LaunchOptions, Tab};
use reorg::serve::{Workbench, serve};
use serde_json::Value;

use super::serve_api::{evaluate_cli, findings_csv, findings_json, pair_and_stranger};
use crate::support;

/// The browser binary, if one is installed.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(PathBuf::from)
}

/// Evaluates `js` in the page and returns its JSON value (`js` must
/// evaluate to a JSON string).
fn js(tab: &Tab, js: &str) -> Value {
    let r = tab.evaluate(js, false).unwrap();
    let s = r.value.unwrap_or(Value::Null);
    match s.as_str() {
        Some(text) => serde_json::from_str(text).unwrap_or(Value::String(text.to_string())),
        None => s,
    }
}

/// Waits until the page has answered every evaluation.
fn settle(tab: &Tab) {
    let start = Instant::now();
    loop {
        let busy = js(
            tab,
            "JSON.stringify(window.reorgWorkbench && window.reorgWorkbench.busy())",
        );
        if busy == Value::Bool(false) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the page stays busy"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn rule_count(v: &Value, rule: &str) -> usize {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .count()
}

#[test]
fn a_planner_groups_two_communes_in_the_browser_and_the_export_evaluates_the_same() {
    let Some(browser_path) = chromium() else {
        assert_ne!(
            std::env::var("REORG_REQUIRE_BROWSER").as_deref(),
            Ok("1"),
            "chromium is required here (REORG_REQUIRE_BROWSER=1) but not installed"
        );
        eprintln!(
            "serve_browser: SKIPPED — no chromium on this machine (apt-get install chromium; .ci/run installs it)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ban-lam-viec");
    let wb =
        Arc::new(Workbench::open(&support::national(), Some("vinh-phuc"), None, &out).unwrap());
    let units = serde_json::to_value(wb.units()).unwrap();
    let (a, b, _) = pair_and_stranger(&units);

    // The server on a free port, stopped when the test ends.
    let (addr_tx, addr_rx) = std::sync::mpsc::channel::<SocketAddr>();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server_wb = wb.clone();
    let server = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(serve(
            server_wb,
            "127.0.0.1:0".parse().unwrap(),
            move |addr| addr_tx.send(addr).unwrap(),
            async {
                let _ = stop_rx.await;
            },
        ))
        .unwrap();
    });
    let addr = addr_rx.recv_timeout(Duration::from_secs(60)).unwrap();

    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::new(LaunchOptions {
        headless: true,
        sandbox: false,
        window_size: Some((1366, 768)),
        path: Some(browser_path),
        user_data_dir: Some(profile.path().to_path_buf()),
        idle_browser_timeout: Duration::from_secs(120),
        ..LaunchOptions::default()
    })
    .unwrap();
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(60));
    tab.navigate_to(&format!("http://{addr}/?start=empty"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("body[data-ready]").unwrap();
    settle(&tab);

    // Vietnamese by default; the whole province drawn.
    assert_eq!(js(&tab, "document.documentElement.lang"), "vi");
    let features = js(
        &tab,
        "document.getElementById('map').getAttribute('data-features')",
    );
    assert_eq!(features, serde_json::json!(wb.info().communes));
    // With the outline of every district above the communes.
    let districts = wb.units().iter().filter(|u| u.level == "district").count();
    assert_eq!(
        js(
            &tab,
            "String(document.querySelectorAll('#map path.d').length)"
        ),
        serde_json::json!(districts)
    );
    assert_eq!(
        js(&tab, "document.getElementById('start-empty').textContent"),
        "Phương án trống"
    );

    let before = js(&tab, "JSON.stringify(reorgWorkbench.verdict())");
    let before_text = js(&tab, "document.getElementById('verdict').textContent");
    let not_arranged = rule_count(&before, "not_arranged");
    assert!(not_arranged >= 2, "{before}");

    // Click the two communes where they are drawn (real mouse events).
    for code in [&a, &b] {
        let p = js(
            &tab,
            &format!("JSON.stringify(reorgWorkbench.pointIn('{code}'))"),
        );
        let (x, y) = (p["x"].as_f64().unwrap(), p["y"].as_f64().unwrap());
        assert!(
            x < 1366.0 && y < 768.0,
            "{code} is on screen at 1366×768: {p}"
        );
        tab.click_point(Point { x, y }).unwrap();
        settle(&tab);
    }
    let groups = js(&tab, "JSON.stringify(reorgWorkbench.groups())");
    let mut members: Vec<&str> = groups[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    members.sort();
    let mut expected = vec![a.as_str(), b.as_str()];
    expected.sort();
    assert_eq!(members, expected, "{groups}");
    let after = js(&tab, "JSON.stringify(reorgWorkbench.verdict())");
    let after_text = js(&tab, "document.getElementById('verdict').textContent");
    assert_ne!(after_text, before_text, "the verdict shown changes");
    let left_out = |v: &Value, code: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "not_arranged" && f["code"] == code)
            .count()
    };
    let gone = left_out(&before, &a) + left_out(&before, &b);
    assert!(gone >= 2, "{before}");
    assert_eq!(
        rule_count(&after, "not_arranged"),
        not_arranged - gone,
        "{after}"
    );
    assert_eq!(after["new_units"].as_array().unwrap().len(), 1);
    let shown_meets = js(
        &tab,
        "document.querySelector('#groups li [data-meets]').getAttribute('data-meets')",
    );
    assert_eq!(shown_meets, after["new_units"][0]["meets_standard"]);

    // Undo and redo from the keyboard.
    tab.press_key_with_modifiers(
        "z",
        Some(&[headless_chrome::browser::tab::ModifierKey::Ctrl]),
    )
    .unwrap();
    settle(&tab);
    let undone = js(&tab, "JSON.stringify(reorgWorkbench.groups())");
    assert_eq!(
        undone[0]["members"].as_array().unwrap().len(),
        1,
        "{undone}"
    );
    tab.press_key_with_modifiers(
        "y",
        Some(&[headless_chrome::browser::tab::ModifierKey::Ctrl]),
    )
    .unwrap();
    settle(&tab);
    let redone = js(&tab, "JSON.stringify(reorgWorkbench.verdict())");
    assert_eq!(findings_json(&redone), findings_json(&after));

    // Export: the button saves phuong-an.csv in the output folder.
    tab.wait_for_element("#export-csv")
        .unwrap()
        .click()
        .unwrap();
    tab.wait_for_element("body[data-exported]").unwrap();
    let saved = out.join("phuong-an.csv");
    assert!(saved.is_file());
    let o = evaluate_cli(&saved, &dir.path().join("danh-gia"));
    assert!(
        matches!(support::code(&o), Some(0 | 3)),
        "{}",
        support::stderr(&o)
    );
    assert_eq!(
        findings_csv(&dir.path().join("danh-gia/findings.csv")),
        findings_json(&after),
        "reorg evaluate on the export finds what the page showed"
    );

    drop(tab);
    drop(browser);
    let _ = stop_tx.send(());
    server.join().unwrap();
}
