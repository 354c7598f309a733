//! Property tests: the loader never panics, whatever the bytes, and a
//! dataset written out in any accepted dialect loads to the same units.
//! Bounded case counts keep the suite fast; the long-running fuzzers are in
//! `fuzz/` (see CONTRIBUTING.md).

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use reorg::io::{load_files, load_from_bytes};
use reorg::model::{Level, UnitCode};

/// The byte-input targets, as in `fuzz/fuzz_targets/`. To fuzz another
/// parser `fn(&[u8])`, add a line here (and a cargo-fuzz target; see
/// CONTRIBUTING.md).
const TARGETS: &[(&str, Target)] = &[("load", fuzz_load)];

/// A fuzz target: bytes in, panics are the failures.
type Target = fn(&[u8]);

/// The `load` target, as `reorg_fuzz::check_load` in `fuzz/src/lib.rs`:
/// `UNITS ++ "\n##\n" ++ ADJACENCY`; the loader returns, a rejection carries
/// an error, and every diagnostic points inside its file.
fn fuzz_load(data: &[u8]) {
    let (units, adjacency) = split(data);
    let diags = match load_from_bytes(units, adjacency) {
        Ok(l) => l.warnings,
        Err(e) => {
            assert!(e.diagnostics().iter().any(|d| d.is_error()));
            e.diagnostics().to_vec()
        }
    };
    for d in diags {
        let bytes = if d.file.as_os_str() == "units.csv" {
            units
        } else {
            adjacency
        };
        let max_line = 1 + bytes.iter().filter(|b| matches!(b, b'\n' | b'\r')).count() as u64;
        assert!(d.line <= max_line, "{d} is past line {max_line}");
        assert!(!d.message.is_empty());
    }
}

/// Same as `reorg_fuzz::split` in `fuzz/src/lib.rs`.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    const SEP: &[u8] = b"\n##\n";
    match data.windows(SEP.len()).position(|w| w == SEP) {
        Some(i) => (&data[..i], &data[i + SEP.len()..]),
        None => (data, data),
    }
}

/// Every seed and every case a fuzzer found (`fuzz/seeds/<target>/`,
/// `fuzz/regressions/<target>/`) runs through its target on each test run.
#[test]
fn fuzz_seeds_and_regressions_still_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for (name, target) in TARGETS {
        for dir in ["seeds", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(name)) else {
                continue;
            };
            for e in entries {
                let path = e.unwrap().path();
                target(&std::fs::read(&path).unwrap());
                n += 1;
            }
        }
    }
    assert!(n >= 25, "only {n} seed files found");
}

/// A long, coverage-blind fuzz run for machines without cargo-fuzz:
/// `REORG_FUZZ_CASES=2000000 cargo test --release --test it -- io_fuzz --ignored`.
#[test]
#[ignore = "long-running; run on demand"]
fn long_fuzz_run() {
    let cases: u32 = std::env::var("REORG_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    for (name, target) in TARGETS {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..2048),
            (csvish(), csvish()).prop_map(|(u, a)| [u, b"\n##\n".to_vec(), a].concat()),
        ];
        let result = runner.run(&strategy, |data| {
            target(&data);
            Ok(())
        });
        assert!(result.is_ok(), "{name}: {result:?}");
    }
}

/// Fragments that make the loader's corners likely: headers, separators,
/// quotes, BOMs, odd numbers, codes that exist.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"code,name,level,kind,parent_code,area_km2,population\n".to_vec()),
        Just(b"code;name;level;kind;parent_code;area_km2;population\r\n".to_vec()),
        Just(b"code_a,code_b,level,shared_border_km\n".to_vec()),
        Just(b"01,T,province,tinh,,12.5,100\n".to_vec()),
        Just(b"001,H,district,huyen,01,1,2\n".to_vec()),
        Just(b"00001,X,commune,xa,001,0,3\n".to_vec()),
        Just(b"00001,00001,commune,1\n".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\"".to_vec()),
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"1,234".to_vec()),
        Just(b"'1.5'".to_vec()),
        Just(b"-0e9999".to_vec()),
        Just("Xã Đông".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

fn csvish() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary bytes through real files: an `Ok` or an `Err`, never a panic;
    /// every error has a message.
    #[test]
    fn arbitrary_files_never_panic(
        units in proptest::collection::vec(any::<u8>(), 0..512),
        adj in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let t = tempfile::tempdir().unwrap();
        let (u, a) = (t.path().join("units.csv"), t.path().join("adjacency.csv"));
        std::fs::write(&u, &units).unwrap();
        std::fs::write(&a, &adj).unwrap();
        if let Err(e) = load_files(&u, &a) {
            prop_assert!(e.diagnostics().iter().any(|d| d.is_error() && !d.message.is_empty()));
        }
    }

    /// CSV-like inputs built from tricky fragments reach deeper code.
    #[test]
    fn csv_like_inputs_never_panic(units in csvish(), adj in csvish()) {
        let _ = load_from_bytes(&units, &adj);
    }

    /// A valid dataset written in any accepted dialect (`;` with decimal
    /// commas, CRLF, BOM, padded cells) loads to the same units and pairs.
    #[test]
    fn every_accepted_dialect_loads_the_same_dataset(
        communes in proptest::collection::vec((0u32..50_000, 0u64..200_000, any::<bool>()), 2..12),
        semicolon in any::<bool>(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        pad in any::<bool>(),
    ) {
        let (units, adj) = dataset_text(&communes, semicolon, crlf, bom, pad);
        let plain = dataset_text(&communes, false, false, false, false);
        let a = load_from_bytes(&units, &adj).unwrap();
        let b = load_from_bytes(&plain.0, &plain.1).unwrap();
        prop_assert!(b.warnings.is_empty(), "{:?}", b.warnings);
        prop_assert_eq!(a.dataset.units(), b.dataset.units());
        prop_assert_eq!(
            a.dataset.edges().collect::<Vec<_>>(),
            b.dataset.edges().collect::<Vec<_>>()
        );
        let ds = &a.dataset;
        for (i, (area, pop, known)) in communes.iter().enumerate() {
            let u = ds.get(&format!("{:05}", i + 1)).unwrap();
            prop_assert_eq!(u.level, Level::Commune);
            prop_assert_eq!(u.population, Some(*pop));
            let want = known.then(|| f64::from(*area) / 100.0);
            prop_assert_eq!(u.area_km2, want);
        }
        prop_assert!(ds.id_of(&UnitCode::from("001")).is_some());
    }
}

/// Writes a province, a district and `communes` (area in hundredths of km²,
/// population, whether the area is known) chained by adjacency, in a dialect.
fn dataset_text(
    communes: &[(u32, u64, bool)],
    semicolon: bool,
    crlf: bool,
    bom: bool,
    pad: bool,
) -> (Vec<u8>, Vec<u8>) {
    let d = if semicolon { ";" } else { "," };
    let nl = if crlf { "\r\n" } else { "\n" };
    let p = if pad { " " } else { "" };
    let num = |hundredths: u32| {
        let s = format!("{}.{:02}", hundredths / 100, hundredths % 100);
        if semicolon { s.replace('.', ",") } else { s }
    };
    let mut u = String::new();
    if bom {
        u.push('\u{feff}');
    }
    let row = |cells: &[&str]| {
        let c: Vec<String> = cells.iter().map(|c| format!("{p}{c}{p}")).collect();
        c.join(d)
    };
    u += &row(&[
        "code",
        "name",
        "level",
        "kind",
        "parent_code",
        "area_km2",
        "population",
    ]);
    u += nl;
    u += &row(&["01", "Tỉnh A", "province", "tinh", "", "", ""]);
    u += nl;
    u += &row(&["001", "Huyện B", "district", "huyen", "01", "", ""]);
    u += nl;
    for (i, (area, pop, known)) in communes.iter().enumerate() {
        let area = if *known { num(*area) } else { String::new() };
        let code = format!("{:05}", i + 1);
        u += &row(&[
            &code,
            "Xã Đông",
            "commune",
            "xa",
            "001",
            &area,
            &pop.to_string(),
        ]);
        u += nl;
    }
    let mut a = row(&["code_a", "code_b", "level", "shared_border_km"]) + nl;
    for i in 1..communes.len() {
        let (x, y) = (format!("{i:05}"), format!("{:05}", i + 1));
        a += &row(&[&x, &y, "commune", &num(150)]);
        a += nl;
    }
    (u.into_bytes(), a.into_bytes())
}
