//! The interactive map of `report.html` in a real headless browser
//! (Debian's `chromium`, installed by `.ci/run`): the page loads from
//! `file://` without a script error, the map has one feature per commune of
//! the province, and hovering a commune shows its name, kind and district.
//! Without a browser on the machine the test fails, unless
//! `REORG_NO_BROWSER=1` says so explicitly (then it only checks the page).

use crate::support;

use std::path::Path;
use std::process::Command;

/// A browser binary, if one is installed.
fn browser() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The harness appended to the report: records script errors and console
/// errors, hovers the commune `code` (a real pointer event on its path) and
/// writes what it saw into `<pre id="probe">` for `--dump-dom`.
fn harness(code: &str) -> String {
    format!(
        r#"<script>
window.__errors = window.__errors || [];
window.addEventListener('load', function () {{
  var out = {{ errors: window.__errors }};
  var map = document.getElementById('reorg-map');
  out.features = map ? map.getAttribute('data-features') : null;
  var p = document.querySelector('path.rm-unit[data-code="{code}"]');
  if (p) {{
    var r = p.getBoundingClientRect();
    p.dispatchEvent(new PointerEvent('pointermove', {{ bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }}));
    out.tip = window.reorgMap ? window.reorgMap.tooltip() : null;
    out.fill = p.getAttribute('fill');
  }}
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
</script>"#
    )
}

/// Installed first in `<head>`: catches errors of every later script.
const CATCH: &str = r"<script>window.__errors = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
(function () { var ce = console.error; console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, ' ')); return ce.apply(console, arguments); }; })();
</script>";

/// Loads `page` in the browser and returns the probe's JSON.
fn probe(browser: &str, page: &Path) -> serde_json::Value {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--virtual-time-budget=10000",
            "--window-size=1200,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"probe\">").unwrap_or_else(|| {
        panic!(
            "no probe in the page; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// The name, kind and district of a commune, from the dataset's own table.
fn commune(code: &str) -> (String, String) {
    let mut rdr = csv::Reader::from_path(support::national().join("units.csv")).unwrap();
    let mut names = std::collections::BTreeMap::new();
    let mut parent = String::new();
    let mut name = String::new();
    for r in rdr.records() {
        let r = r.unwrap();
        names.insert(r[0].to_string(), r[1].to_string());
        if &r[0] == code {
            name = r[1].to_string();
            parent = r[4].to_string();
        }
    }
    (name, names[&parent].clone())
}

#[test]
fn interactive_map_loads_counts_and_hovers_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let o = support::reorg([
        "plan",
        "data/vn/2023",
        "--province",
        "26",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        support::code(&o),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // Offline: no fetch of anything.
    for remote in [
        "src=\"http",
        "href=\"http",
        "src=\"//",
        "fetch(",
        "XMLHttpRequest",
        "import(",
    ] {
        assert!(!html.contains(remote), "report.html refers to {remote}");
    }
    assert!(html.contains("id=\"reorg-map\""));
    let communes = support::national().join("geometry/26.geojson");
    let features = std::fs::read_to_string(communes)
        .unwrap()
        .matches("\"Feature\"")
        .count();
    assert_eq!(features, 136);

    let Some(browser) = browser() else {
        assert_eq!(
            std::env::var("REORG_NO_BROWSER").as_deref(),
            Ok("1"),
            "no chromium: install it (apt-get install chromium) or set REORG_NO_BROWSER=1"
        );
        return;
    };
    let code = "08881"; // Xã Hướng Đạo, Huyện Tam Dương
    let (name, district) = commune(code);
    let page = dir.path().join("probe.html");
    let with_probe = html
        .replacen("<head>", &format!("<head>\n{CATCH}"), 1)
        .replacen("</body>", &format!("{}</body>", harness(code)), 1);
    std::fs::write(&page, &with_probe).unwrap();
    let p = probe(browser, &page);
    assert_eq!(p["errors"], serde_json::json!([]), "script errors: {p}");
    assert_eq!(p["features"], serde_json::json!("136"), "{p}");
    let tip = p["tip"].as_str().unwrap_or_default();
    assert!(
        tip.starts_with(&name),
        "hover shows {tip:?}, expected {name}"
    );
    assert!(tip.contains(&district) && tip.contains("Xã ·"), "{tip}");
    assert!(
        p["fill"].as_str().is_some_and(|f| f.starts_with('#')),
        "{p}"
    );

    // A broken script is caught: the same page with the map's script cut.
    let broken = with_probe.replacen("window.ReorgMap = {", "window.ReorgMap = {{", 1);
    assert_ne!(broken, with_probe);
    std::fs::write(&page, broken).unwrap();
    let p = probe(browser, &page);
    assert_ne!(p["errors"], serde_json::json!([]), "{p}");
    assert_ne!(p["features"], serde_json::json!("136"), "{p}");
}
