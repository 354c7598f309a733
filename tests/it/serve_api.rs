//! `reorg serve`'s JSON API, called in-process (the axum router with
//! `tower::ServiceExt::oneshot`, no socket): every endpoint, malformed
//! JSON, unknown codes, oversized uploads, foreign origins, and the round
//! trip of an export through `reorg evaluate`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use reorg::serve::{Workbench, router};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support;

/// Vĩnh Phúc (26) opened once for every test; its output folder is a
/// temporary folder kept for the test binary's life.
pub fn workbench() -> Arc<Workbench> {
    static WB: OnceLock<(Arc<Workbench>, tempfile::TempDir)> = OnceLock::new();
    WB.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let wb = Workbench::open(
            &support::national(),
            Some("Vĩnh Phúc"),
            None,
            &out.path().join("ban-lam-viec"),
        )
        .unwrap();
        (Arc::new(wb), out)
    })
    .0
    .clone()
}

/// A workbench of its own with a fresh output folder (for tests that write).
fn own_workbench(out: &Path) -> Arc<Workbench> {
    Arc::new(Workbench::open(&support::national(), Some("26"), None, out).unwrap())
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn call_on(
    wb: Arc<Workbench>,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:8080");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = router(wb)
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let content_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Answer {
        status,
        content_type,
        body,
    }
}

async fn get(uri: &str) -> Answer {
    call_on(workbench(), "GET", uri, &[], Vec::new()).await
}

async fn post_json(uri: &str, body: &Value) -> Answer {
    call_on(
        workbench(),
        "POST",
        uri,
        &[("content-type", "application/json")],
        serde_json::to_vec(body).unwrap(),
    )
    .await
}

/// The rows of the national units.csv, by code.
fn units_table() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(support::national().join("units.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let row: BTreeMap<String, String> = headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (row["code"].clone(), row)
        })
        .collect()
}

/// Communes of province 26 (by their district's parent) from the table.
fn communes_26(t: &BTreeMap<String, BTreeMap<String, String>>) -> BTreeSet<String> {
    t.values()
        .filter(|r| r["level"] == "commune")
        .filter(|r| {
            t.get(&r["parent_code"])
                .is_some_and(|d| d["parent_code"] == "26")
        })
        .map(|r| r["code"].clone())
        .collect()
}

/// Commune pairs sharing a border, from adjacency.csv.
pub fn adjacent_pairs() -> BTreeSet<(String, String)> {
    let mut rdr = csv::Reader::from_path(support::national().join("adjacency.csv")).unwrap();
    rdr.records()
        .map(|r| r.unwrap())
        .filter(|r| &r[2] == "commune")
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect()
}

/// Two adjacent communes of one district of Vĩnh Phúc, both mandatory in
/// the first phase (by the API's own statuses), and a third commune of the
/// same district adjacent to neither.
pub fn pair_and_stranger(units: &Value) -> (String, String, String) {
    let list = units.as_array().unwrap();
    let mandatory: BTreeMap<&str, &str> = list
        .iter()
        .filter(|u| u["level"] == "commune" && u["phases"][0]["status"] == "mandatory")
        .map(|u| (u["code"].as_str().unwrap(), u["parent"].as_str().unwrap()))
        .collect();
    let pairs = adjacent_pairs();
    let adjacent = |a: &str, b: &str| {
        pairs.contains(&(a.to_string(), b.to_string()))
            || pairs.contains(&(b.to_string(), a.to_string()))
    };
    for (a, b) in &pairs {
        let (Some(pa), Some(pb)) = (mandatory.get(a.as_str()), mandatory.get(b.as_str())) else {
            continue;
        };
        if pa != pb {
            continue;
        }
        let stranger = list.iter().find(|u| {
            let c = u["code"].as_str().unwrap();
            u["level"] == "commune"
                && u["parent"].as_str() == Some(*pa)
                && c != a
                && c != b
                && !adjacent(c, a)
                && !adjacent(c, b)
        });
        if let Some(s) = stranger {
            return (
                a.clone(),
                b.clone(),
                s["code"].as_str().unwrap().to_string(),
            );
        }
    }
    panic!("no adjacent mandatory pair in Vĩnh Phúc");
}

fn count_rule(v: &Value, rule: &str) -> usize {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .count()
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_offline() {
    let page = get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("<html lang=\"vi\">") && html.contains("src=\"/app.js\""));
    let js = get("/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type.starts_with("text/javascript"));
    let css = get("/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    for text in [html, js.text(), css.text()] {
        for remote in ["http://", "https://", "src=\"//", "@import"] {
            let hits: Vec<&str> = text
                .lines()
                .filter(|l| l.contains(remote) && !l.contains("www.w3.org/2000/svg"))
                .collect();
            assert!(hits.is_empty(), "a remote reference {remote}: {hits:?}");
        }
    }
    let missing = get("/etc/passwd").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.json()["error"].is_string());
}

#[tokio::test]
async fn info_map_and_units_are_the_province_of_the_dataset() {
    let table = units_table();
    let communes = communes_26(&table);
    let info = get("/api/info").await.json();
    assert_eq!(info["code"], "26");
    assert_eq!(info["name"], table["26"]["name"].as_str());
    assert_eq!(info["communes"], communes.len());
    assert_eq!(info["lang"], "vi");

    let map = get("/api/map").await;
    assert_eq!(map.status, StatusCode::OK);
    let geo = map.json();
    let codes: BTreeSet<String> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, communes, "one polygon per commune of the province");

    // District outlines: one polygon per district of the province, each
    // dissolved from its communes (so fewer rings than its communes have).
    let outlines = get("/api/districts").await;
    assert_eq!(outlines.status, StatusCode::OK);
    assert_eq!(outlines.content_type, "application/geo+json");
    let outlines = outlines.json();
    let districts_26: BTreeSet<String> = table
        .values()
        .filter(|r| r["level"] == "district" && r["parent_code"] == "26")
        .map(|r| r["code"].clone())
        .collect();
    let mut drawn = BTreeSet::new();
    for f in outlines["features"].as_array().unwrap() {
        let code = f["properties"]["code"].as_str().unwrap().to_string();
        let polygons = match f["geometry"]["type"].as_str().unwrap() {
            "Polygon" => 1,
            "MultiPolygon" => f["geometry"]["coordinates"].as_array().unwrap().len(),
            other => panic!("{other}"),
        };
        let its_communes = communes
            .iter()
            .filter(|c| table[c.as_str()]["parent_code"] == code)
            .count();
        assert!(
            polygons >= 1 && polygons < its_communes,
            "{code}: {polygons} of {its_communes}"
        );
        drawn.insert(code);
    }
    assert_eq!(drawn, districts_26);

    let units = get("/api/units").await.json();
    let list = units.as_array().unwrap();
    let districts = table
        .values()
        .filter(|r| r["level"] == "district" && r["parent_code"] == "26")
        .count();
    assert_eq!(list.len(), districts + communes.len());
    for u in list {
        let row = &table[u["code"].as_str().unwrap()];
        assert_eq!(u["name"], row["name"].as_str());
        assert_eq!(u["population"].to_string(), row["population"]);
        let status = u["phases"][0]["status"].as_str().unwrap();
        assert!(
            [
                "mandatory",
                "below_standard",
                "meets_standard",
                "exempt",
                "unknown"
            ]
            .contains(&status),
            "{u}"
        );
    }
}

#[tokio::test]
async fn the_planners_proposal_is_the_plan_of_reorg_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let o = support::reorg([
        "plan",
        "data/vn/2023",
        "--province",
        "26",
        "-q",
        "--no-charts",
        "--no-geojson",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(support::code(&o), Some(0), "{}", support::stderr(&o));
    let mut rdr = csv::Reader::from_path(out.join("plan.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (gc, mc) = (col("group_id"), col("members"));
    let expected: BTreeMap<String, Vec<String>> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            let mut m: Vec<String> = r[mc].split(';').map(str::to_string).collect();
            m.sort();
            (r[gc].to_string(), m)
        })
        .collect();
    let got = get("/api/proposal").await.json();
    let got: BTreeMap<String, Vec<String>> = got["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let mut m: Vec<String> = g["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            m.sort();
            (g["id"].as_str().unwrap().to_string(), m)
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
}

#[tokio::test]
async fn an_edit_is_judged_with_its_new_units_figures() {
    let units = get("/api/units").await.json();
    let (a, b, stranger) = pair_and_stranger(&units);
    let table = units_table();

    let empty = post_json("/api/evaluate", &json!({ "groups": [] })).await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text());
    let empty = empty.json();
    assert_eq!(empty["errors"], 0);
    let mandatory = units
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["phases"][0]["status"] == "mandatory")
        .count();
    assert!(count_rule(&empty, "not_arranged") >= mandatory);

    let edit = json!({ "groups": [ { "id": "N1", "members": [a, b] } ] });
    let v = post_json("/api/evaluate", &edit).await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.text());
    let v = v.json();
    // The two mandatory communes are no longer left out (in any phase);
    // every other unit left out still is.
    let left_out = |v: &Value, code: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "not_arranged" && f["code"] == code)
            .count()
    };
    let (na, nb) = (left_out(&empty, &a), left_out(&empty, &b));
    assert!(na >= 1 && nb >= 1);
    assert_eq!((left_out(&v, &a), left_out(&v, &b)), (0, 0));
    assert_eq!(
        count_rule(&v, "not_arranged"),
        count_rule(&empty, "not_arranged") - na - nb
    );
    let nu = v["new_units"].as_array().unwrap();
    assert_eq!(nu.len(), 1);
    assert_eq!(nu[0]["group"], "N1");
    assert_eq!(nu[0]["origin"], "proposal");
    let pop: u64 = [&a, &b]
        .iter()
        .map(|c| table[*c]["population"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(nu[0]["population"], pop);
    let area: f64 = [&a, &b]
        .iter()
        .map(|c| table[*c]["area_km2"].parse::<f64>().unwrap())
        .sum();
    assert!((nu[0]["area_km2"].as_f64().unwrap() - area).abs() < 1e-6);
    let ratio = nu[0]["population_ratio"].as_f64().unwrap();
    assert!((ratio - pop as f64 / nu[0]["standard_population"].as_f64().unwrap()).abs() < 1e-9);
    assert!(["V", "S", "U"].contains(&nu[0]["standard_tag"].as_str().unwrap()));

    // A commune that touches neither: the group is not connected.
    let bad = json!({ "groups": [ { "id": "N1", "members": [a, stranger] } ] });
    let v = post_json("/api/evaluate", &bad).await.json();
    assert!(v["errors"].as_u64().unwrap() >= 1, "{v}");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "contiguity" && f["severity"] == "error" && f["group"] == "N1"),
        "{v}"
    );

    // English on request.
    let en = json!({ "groups": [], "lang": "en" });
    let v = post_json("/api/evaluate", &en).await.json();
    let msg = v["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("must be arranged"), "{msg}");
}

#[tokio::test]
async fn malformed_requests_get_a_4xx_with_a_message() {
    let wb = workbench();
    for (body, ct, status) in [
        (
            "{\"groups\": [",
            "application/json",
            StatusCode::BAD_REQUEST,
        ),
        ("not json", "application/json", StatusCode::BAD_REQUEST),
        (
            "{\"groups\": \"N1\"}",
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "{\"groups\": [], \"extra\": 1}",
            "application/json",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "{\"groups\": []}",
            "text/plain",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ] {
        for uri in ["/api/evaluate", "/api/export?format=csv", "/api/report"] {
            let a = call_on(
                wb.clone(),
                "POST",
                uri,
                &[("content-type", ct)],
                body.as_bytes().to_vec(),
            )
            .await;
            assert_eq!(a.status, status, "{uri} {body}: {}", a.text());
            let msg = a.json()["error"].as_str().unwrap().to_string();
            assert!(!msg.is_empty());
        }
    }
    // A GET where a POST is expected, another method.
    let a = call_on(wb.clone(), "GET", "/api/evaluate", &[], Vec::new()).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    let a = call_on(wb.clone(), "DELETE", "/api/units", &[], Vec::new()).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    // Unknown export format.
    let a = post_json("/api/export?format=pdf", &json!({ "groups": [] })).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json()["error"].as_str().unwrap().contains("csv or xlsx"));
}

#[tokio::test]
async fn unknown_codes_and_bad_groups_are_refused_with_their_issues() {
    let units = get("/api/units").await.json();
    let (a, b, _) = pair_and_stranger(&units);
    for (edit, code) in [
        (
            json!({ "groups": [ { "id": "N1", "members": [a, "99999"] } ] }),
            "unknown-member",
        ),
        // A commune of another province (Hà Nội's first ward).
        (
            json!({ "groups": [ { "id": "N1", "members": [a, "00001"] } ] }),
            "unknown-member",
        ),
        (
            json!({ "groups": [ { "id": "N1", "members": [a, b] }, { "id": "N2", "members": [b, a] } ] }),
            "member-in-two-groups",
        ),
        (
            json!({ "groups": [ { "id": "N1", "members": [a] } ] }),
            "one-member-group",
        ),
        (
            json!({ "groups": [ { "id": "N1", "members": [a, b], "phase": "2040-2050" } ] }),
            "unknown-phase",
        ),
    ] {
        let r = post_json("/api/evaluate", &edit).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{edit}");
        let v = r.json();
        let issues = v["issues"].as_array().unwrap();
        assert!(
            issues
                .iter()
                .any(|i| i["code"] == code && i["severity"] == "error"),
            "{edit}: {v}"
        );
        assert_eq!(v["findings"], json!([]));
        // Export and report refuse the same edit.
        let e = post_json("/api/export?format=csv", &edit).await;
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY, "{edit}");
    }
}

#[tokio::test]
async fn requests_from_another_origin_are_refused() {
    let wb = workbench();
    for origin in [
        "http://evil.example",
        "https://127.0.0.1:8080",
        "http://127.0.0.1:9999",
        "null",
    ] {
        let a = call_on(
            wb.clone(),
            "GET",
            "/api/units",
            &[("origin", origin)],
            Vec::new(),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{origin}");
        let a = call_on(
            wb.clone(),
            "POST",
            "/api/evaluate",
            &[("origin", origin), ("content-type", "application/json")],
            b"{\"groups\":[]}".to_vec(),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{origin}");
        assert!(a.json()["error"].as_str().unwrap().contains("origin"));
    }
    let a = call_on(
        wb,
        "GET",
        "/api/info",
        &[("origin", "http://127.0.0.1:8080")],
        Vec::new(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn uploads_are_read_like_evaluate_and_size_limited() {
    let wb = workbench();
    let units = get("/api/units").await.json();
    let (a, b, _) = pair_and_stranger(&units);
    let table = units_table();
    // Members by name, with a BOM and `;` as Excel writes them.
    let csv = format!(
        "\u{feff}group;member\nA;{}\nA;{}\n",
        table[&a]["name"], table[&b]["name"]
    );
    let r = call_on(wb.clone(), "POST", "/api/upload", &[], csv.into_bytes()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    let mut members: Vec<String> = v["plan"]["groups"][0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    members.sort();
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(members, expected);

    // An unknown name: positioned issue (line 3, column 2).
    let bad = format!("group,member\nA,{a}\nA,Xã Không Có\n");
    let r = call_on(
        wb.clone(),
        "POST",
        "/api/upload?format=csv",
        &[],
        bad.into_bytes(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v = r.json();
    let issue = &v["issues"][0];
    assert_eq!(issue["code"], "unknown-member");
    assert_eq!(issue["line"], 3);
    assert!(issue["message"].as_str().unwrap().contains("Xã Không Có"));

    // Too large: 413 before anything is read.
    let big = vec![b'a'; reorg::serve::api::BODY_LIMIT + 1];
    let r = call_on(wb.clone(), "POST", "/api/upload?format=csv", &[], big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!r.json()["error"].as_str().unwrap().is_empty());
    // Empty, not a workbook, unknown format.
    let r = call_on(wb.clone(), "POST", "/api/upload", &[], Vec::new()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = call_on(
        wb.clone(),
        "POST",
        "/api/upload?format=xlsx",
        &[],
        b"PK not a zip".to_vec(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.json()["error"].as_str().unwrap().contains("xlsx"));
    let r = call_on(wb, "POST", "/api/upload?format=ods", &[], b"x".to_vec()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// The findings of `reorg evaluate` (findings.csv) without the line column
/// (a row's line in the file is not the group's place in the page).
pub fn findings_csv(path: &Path) -> BTreeSet<(String, String, String, String, String)> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    rdr.records()
        .map(|r| r.unwrap())
        .map(|r| {
            (
                r[1].to_string(),
                r[2].to_string(),
                r[3].to_string(),
                r[4].to_string(),
                r[5].to_string(),
            )
        })
        .collect()
}

/// The same tuples from an API verdict.
pub fn findings_json(v: &Value) -> BTreeSet<(String, String, String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["group"].as_str().unwrap_or("").to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Runs `reorg evaluate` on `proposal` for Vĩnh Phúc into `out`.
pub fn evaluate_cli(proposal: &Path, out: &Path) -> std::process::Output {
    support::reorg([
        "evaluate",
        "data/vn/2023",
        "--province",
        "26",
        "--proposal",
        proposal.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-charts",
        "--no-geojson",
        "-q",
    ])
}

#[tokio::test]
async fn exports_reload_in_evaluate_to_the_same_findings_and_are_saved_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ban-lam-viec");
    let wb = own_workbench(&out);
    let units = call_on(wb.clone(), "GET", "/api/units", &[], Vec::new())
        .await
        .json();
    let (a, b, stranger) = pair_and_stranger(&units);
    // One legal group and one illegal (not connected) one.
    let edit = json!({ "groups": [
        { "id": "N1", "members": [a, b], "new_name": "Xã Thử Nghiệm" },
        { "id": "N2", "members": [stranger, "08707"] }
    ] });
    let body = serde_json::to_vec(&edit).unwrap();
    let ct = [("content-type", "application/json")];
    let shown = call_on(wb.clone(), "POST", "/api/evaluate", &ct, body.clone())
        .await
        .json();
    for (format, name) in [("csv", "phuong-an.csv"), ("xlsx", "phuong-an.xlsx")] {
        let r = call_on(
            wb.clone(),
            "POST",
            &format!("/api/export?format={format}"),
            &ct,
            body.clone(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let saved = out.join(name);
        assert_eq!(std::fs::read(&saved).unwrap(), r.body, "saved = downloaded");
        let o = evaluate_cli(&saved, &dir.path().join(format!("danh-gia-{format}")));
        assert!(
            matches!(support::code(&o), Some(0 | 3)),
            "{}",
            support::stderr(&o)
        );
        let from_cli = findings_csv(&dir.path().join(format!("danh-gia-{format}/findings.csv")));
        assert_eq!(from_cli, findings_json(&shown), "{format}");
    }
    // Nothing but the two exports (no temporary file left) in the folder.
    let names: BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["phuong-an.csv".to_string(), "phuong-an.xlsx".to_string()])
    );
}

#[tokio::test]
async fn concurrent_exports_leave_one_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let wb = own_workbench(&out);
    let units = call_on(wb.clone(), "GET", "/api/units", &[], Vec::new())
        .await
        .json();
    let (a, b, s) = pair_and_stranger(&units);
    let e1 =
        serde_json::to_vec(&json!({ "groups": [ { "id": "A", "members": [a, b] } ] })).unwrap();
    let e2 =
        serde_json::to_vec(&json!({ "groups": [ { "id": "B", "members": [a, s] } ] })).unwrap();
    const CT: &[(&str, &str)] = &[("content-type", "application/json")];
    let mut tasks = Vec::new();
    for i in 0..8 {
        let body = if i % 2 == 0 { e1.clone() } else { e2.clone() };
        tasks.push(call_on(
            wb.clone(),
            "POST",
            "/api/export?format=csv",
            CT,
            body,
        ));
    }
    let answers = futures_join(tasks).await;
    let bodies: BTreeSet<Vec<u8>> = answers.into_iter().map(|a| a.body).collect();
    assert_eq!(bodies.len(), 2);
    let saved = std::fs::read(out.join("phuong-an.csv")).unwrap();
    assert!(
        bodies.contains(&saved),
        "the saved file is one whole export"
    );
}

async fn futures_join(
    tasks: Vec<impl std::future::Future<Output = Answer> + Send + 'static>,
) -> Vec<Answer> {
    let handles: Vec<_> = tasks.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn the_report_folder_is_written_inside_the_output_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let wb = own_workbench(&out);
    let units = call_on(wb.clone(), "GET", "/api/units", &[], Vec::new())
        .await
        .json();
    let (a, b, _) = pair_and_stranger(&units);
    let edit =
        serde_json::to_vec(&json!({ "groups": [ { "id": "N1", "members": [a, b] } ] })).unwrap();
    let r = call_on(
        wb.clone(),
        "POST",
        "/api/report",
        &[("content-type", "application/json")],
        edit,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    assert_eq!(v["folder"], "bao-cao");
    let files: BTreeSet<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    for f in [
        "plan.csv",
        "report.html",
        "plan.xlsx",
        "du-thao-nghi-quyet.docx",
        "findings.csv",
        "plan.geojson",
    ] {
        assert!(files.contains(f), "{f} in {files:?}");
        assert!(out.join("bao-cao").join(f).is_file(), "{f} written");
    }
    assert!(files.iter().any(|f| f.starts_with("charts/")), "{files:?}");
    let plan = std::fs::read_to_string(out.join("bao-cao/plan.csv")).unwrap();
    assert!(plan.contains(&a) && plan.contains(&b));
    // Only the output folder exists in the temporary folder.
    let top: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(top, vec![out.clone()]);
}

/// Runs `reorg evaluate` on `proposal` for `province` into `out`.
fn evaluate_cli_in(province: &str, proposal: &Path, out: &Path) -> std::process::Output {
    support::reorg([
        "evaluate",
        "data/vn/2023",
        "--province",
        province,
        "--proposal",
        proposal.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-charts",
        "--no-geojson",
        "-q",
    ])
}

/// The findings the workbench shows for `edit` and those `reorg evaluate`
/// writes for its export (the CSV the page downloads), for `province`.
async fn both_verdicts(
    wb: Arc<Workbench>,
    province: &str,
    edit: &Value,
    out: &Path,
) -> (
    BTreeSet<(String, String, String, String, String)>,
    BTreeSet<(String, String, String, String, String)>,
    Value,
) {
    let ct = [("content-type", "application/json")];
    let body = serde_json::to_vec(edit).unwrap();
    let shown = call_on(wb.clone(), "POST", "/api/evaluate", &ct, body.clone()).await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text());
    let exported = call_on(wb, "POST", "/api/export?format=csv", &ct, body).await;
    assert_eq!(exported.status, StatusCode::OK, "{}", exported.text());
    let file = out.with_extension("csv");
    std::fs::write(&file, &exported.body).unwrap();
    let o = evaluate_cli_in(province, &file, out);
    assert!(
        matches!(support::code(&o), Some(0 | 3)),
        "{}",
        support::stderr(&o)
    );
    let shown = shown.json();
    (
        findings_json(&shown),
        findings_csv(&out.join("findings.csv")),
        shown,
    )
}

/// The workbench judges an edit on the province alone and with its own
/// session state; `reorg evaluate` on the whole dataset must find exactly
/// the same, legal edits and illegal ones alike: the planner's proposal,
/// the proposal with a group dissolved and a needless pair added, a
/// commune pair across two districts plus a group that is not connected,
/// and a merge of two districts.
#[tokio::test]
async fn edits_legal_and_illegal_are_judged_as_evaluate_judges_them() {
    let dir = tempfile::tempdir().unwrap();
    let wb = own_workbench(&dir.path().join("ban-lam-viec"));
    let units = call_on(wb.clone(), "GET", "/api/units", &[], Vec::new())
        .await
        .json();
    let planner = call_on(wb.clone(), "GET", "/api/proposal", &[], Vec::new())
        .await
        .json();
    let list = units.as_array().unwrap();
    let parent_of: BTreeMap<&str, &str> = list
        .iter()
        .filter_map(|u| Some((u["code"].as_str()?, u["parent"].as_str()?)))
        .collect();
    let status_of: BTreeMap<&str, &str> = list
        .iter()
        .filter_map(|u| Some((u["code"].as_str()?, u["phases"][0]["status"].as_str()?)))
        .collect();
    let pairs = adjacent_pairs();
    let across = pairs
        .iter()
        .find(|(a, b)| {
            matches!((parent_of.get(a.as_str()), parent_of.get(b.as_str())),
                (Some(x), Some(y)) if x != y)
        })
        .unwrap()
        .clone();
    let needless = pairs
        .iter()
        .find(|(a, b)| {
            parent_of.get(a.as_str()) == parent_of.get(b.as_str())
                && status_of.get(a.as_str()) == Some(&"meets_standard")
                && status_of.get(b.as_str()) == Some(&"meets_standard")
        })
        .unwrap()
        .clone();
    let districts: Vec<&str> = list
        .iter()
        .filter(|u| u["level"] == "district")
        .map(|u| u["code"].as_str().unwrap())
        .collect();
    let mut rdr = csv::Reader::from_path(support::national().join("adjacency.csv")).unwrap();
    let district_pair = rdr
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[2] == "district" && districts.contains(&&r[0]) && districts.contains(&&r[1]))
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .unwrap();
    let (a, b, stranger) = pair_and_stranger(&units);
    let mut trimmed = planner.clone();
    let groups = trimmed["groups"].as_array_mut().unwrap();
    groups.remove(0);
    groups.push(json!({ "id": "THUA", "members": [needless.0, needless.1] }));
    let edits = [
        planner.clone(),
        trimmed,
        json!({ "groups": [
            { "id": "LIEN-HUYEN", "members": [across.0, across.1] },
            { "id": "ROI", "members": [stranger, a] },
            { "id": "DOI", "members": [b, "08707"], "new_name": "Xã Thử Nghiệm" }
        ] }),
        json!({ "groups": [
            { "id": "HUYEN", "members": [district_pair.0, district_pair.1] }
        ] }),
    ];
    let mut rules = BTreeSet::new();
    let mut illegal = 0;
    for (i, edit) in edits.iter().enumerate() {
        let out = dir.path().join(format!("danh-gia-{i}"));
        let (shown, from_cli, v) = both_verdicts(wb.clone(), "26", edit, &out).await;
        assert_eq!(shown, from_cli, "edit {i}");
        assert!(!shown.is_empty(), "edit {i} has findings");
        rules.extend(shown.iter().map(|f| f.3.clone()));
        illegal += usize::from(v["errors"].as_u64().unwrap() > 0);
    }
    // The edits reach the checks they are meant to: illegal groups and the
    // warnings of a plan that leaves targets out or merges needlessly.
    assert!(illegal >= 2, "{rules:?}");
    for rule in ["not_arranged", "not_required"] {
        assert!(rules.contains(rule), "{rule} in {rules:?}");
    }
}

/// The same for the largest province (Hà Nội, 01), whose edit is the
/// benchmark's: the planner's proposal with its first group dissolved and
/// its second one's last member taken out.
#[tokio::test]
async fn the_benchmarks_edit_of_ha_noi_is_judged_as_evaluate_judges_it() {
    let dir = tempfile::tempdir().unwrap();
    let wb = Arc::new(
        Workbench::open(
            &support::national(),
            Some("01"),
            None,
            &dir.path().join("ban-lam-viec"),
        )
        .unwrap(),
    );
    let mut edit = serde_json::to_value(wb.planner()).unwrap();
    let groups = edit["groups"].as_array_mut().unwrap();
    groups.remove(0);
    let members = groups[0]["members"].as_array_mut().unwrap();
    if members.len() > 2 {
        members.pop();
    }
    let (shown, from_cli, _) = both_verdicts(wb, "01", &edit, &dir.path().join("danh-gia")).await;
    assert!(!shown.is_empty());
    assert_eq!(shown, from_cli);
}

/// The change-log layout (rows `old_code → new_code`, as in
/// `data/vn/backtest/merges_2019_2021.csv`) is read on upload as `reorg
/// evaluate` reads it from a file: groups by `new_code`, the kept code as
/// the seat, the new name; the page's verdict on it is the CLI's on the
/// same file; a bad row is refused with its line and column.
#[tokio::test]
async fn a_change_log_upload_is_read_as_evaluate_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let wb = own_workbench(&dir.path().join("ban-lam-viec"));
    let units = call_on(wb.clone(), "GET", "/api/units", &[], Vec::new())
        .await
        .json();
    let (a, b, stranger) = pair_and_stranger(&units);
    let district = |c: &str| -> String {
        units
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == c)
            .unwrap()["parent"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let header = "old_code,old_name,old_level,old_parent_code,new_code,new_name,new_parent_code,change,other_changes,area_share,old_area_km2_official,old_population_official,new_area_km2_official,new_population_official";
    let (da, ds) = (district(&a), district(&stranger));
    let log = format!(
        "{header}\n\
         {a},,commune,{da},{b},Xã Hợp Nhất,{da},merged_into,,,,,,\n\
         {b},,commune,{da},{b},Xã Hợp Nhất,{da},absorbed,,,,,,\n\
         {stranger},,commune,{ds},08707,,{ds},merged_into,,,,,,\n\
         08707,,commune,{ds},08707,,{ds},absorbed,,,,,,\n"
    );
    let r = call_on(
        wb.clone(),
        "POST",
        "/api/upload",
        &[],
        log.clone().into_bytes(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let v = r.json();
    let groups = v["plan"]["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{v}");
    let g = groups.iter().find(|g| g["id"] == b.as_str()).unwrap();
    let mut members: Vec<&str> = g["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    members.sort();
    let mut expected = vec![a.as_str(), b.as_str()];
    expected.sort();
    assert_eq!(members, expected);
    assert_eq!(g["seat"], b.as_str());
    assert_eq!(g["new_name"], "Xã Hợp Nhất");

    // The page's verdict on the uploaded plan is the CLI's on the file.
    let file = dir.path().join("nhat-ky.csv");
    std::fs::write(&file, &log).unwrap();
    let out = dir.path().join("danh-gia");
    let o = evaluate_cli_in("26", &file, &out);
    assert!(
        matches!(support::code(&o), Some(0 | 3)),
        "{}",
        support::stderr(&o)
    );
    let shown = call_on(
        wb.clone(),
        "POST",
        "/api/evaluate",
        &[("content-type", "application/json")],
        serde_json::to_vec(&v["plan"]).unwrap(),
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.text());
    let shown = shown.json();
    assert!(
        shown["errors"].as_u64().unwrap() > 0,
        "the stranger's group is illegal"
    );
    assert_eq!(
        findings_json(&shown),
        findings_csv(&out.join("findings.csv"))
    );

    // A change the log does not know: 400 naming line 3 and the value.
    let bad = log.replace(
        &format!("{b},,commune,{da},{b},Xã Hợp Nhất,{da},absorbed"),
        &format!("{b},,commune,{da},{b},Xã Hợp Nhất,{da},swallowed"),
    );
    let r = call_on(wb, "POST", "/api/upload", &[], bad.into_bytes()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
    let msg = r.json()["error"].as_str().unwrap().to_string();
    assert!(msg.contains("swallowed") && msg.contains(":3:"), "{msg}");
}
