//! The scenario and rule-set TOML parsers never panic (issue #6 item 2).
//!
//! The oracles are those of the cargo-fuzz targets `scenario` and `rules`
//! (`fuzz/src/lib.rs`, included here so both run the same checks): the
//! parser returns, errors point inside the text, and a parsed rule set
//! serialises back to an equal set. This file replays every seed and every
//! input a fuzzer found (`fuzz/seeds/<target>/`, `fuzz/regressions/<target>/`)
//! and runs bounded property tests; the long runs are in CONTRIBUTING.md,
//! "Fuzzing".

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod reorg_fuzz;

use std::path::Path;

use proptest::prelude::*;
use reorg_fuzz::{check_rules, check_scenario};

/// A fuzz oracle: bytes in, panics are the failures.
type Target = fn(&[u8]);

/// The TOML targets: name, oracle.
const TARGETS: &[(&str, Target)] = &[("scenario", check_scenario), ("rules", check_rules)];

fn files_of(target: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for p in paths {
            out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn seeds_and_regressions_still_pass() {
    for (name, check) in TARGETS {
        let files = files_of(name);
        assert!(files.len() >= 8, "{name}: only {} seed files", files.len());
        for (path, bytes) in files {
            let r = std::panic::catch_unwind(|| check(&bytes));
            assert!(r.is_ok(), "{path} fails the {name} oracle");
        }
    }
}

/// The shipped scenarios and rule sets are valid and are among the seeds.
#[test]
fn shipped_files_parse_and_are_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (dir, target) in [("scenarios", "scenario"), ("rulesets", "rules")] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap();
            let ok = match target {
                "scenario" => reorg::scenario::Scenario::from_toml_str(&text, &p).is_ok(),
                _ => reorg::rules::RuleSet::from_toml_str(&text, &p).is_ok(),
            };
            assert!(ok, "{} does not parse", p.display());
            let seed = root
                .join("fuzz/seeds")
                .join(target)
                .join(p.file_name().unwrap());
            assert_eq!(
                std::fs::read(&seed).ok().as_deref(),
                Some(text.as_bytes()),
                "{} is not copied to {}",
                p.display(),
                seed.display()
            );
        }
    }
}

/// Fragments that steer random text towards the parsers' corners.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_string()),
        Just(" = ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("[[standard]]\n".to_string()),
        Just("[[criterion]]\n".to_string()),
        Just("[schedule]\n".to_string()),
        Just("[staffing]\n".to_string()),
        Just("[locks]\n".to_string()),
        Just("{ value = 1.0, source = \"s\", tag = \"V\" }".to_string()),
        Just("name = \"x\"\n".to_string()),
        Just("max_group_size = ".to_string()),
        Just("attrition = [".to_string()),
        Just("phases = [\"2023-2025\"]\n".to_string()),
        Just("\"".to_string()),
        Just("'''".to_string()),
        Just("nan".to_string()),
        Just("-inf".to_string()),
        Just("1e308".to_string()),
        Just("9999999999999999999999".to_string()),
        Just("Xã Đông".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        "[a-z_]{1,12}".prop_map(String::from),
        any::<String>(),
    ]
}

/// A seed with a few random edits: bytes replaced, inserted or cut.
fn mutated_seed(target: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let seeds: Vec<Vec<u8>> = files_of(target).into_iter().map(|(_, b)| b).collect();
    (
        proptest::sample::select(seeds),
        proptest::collection::vec((any::<usize>(), any::<u8>(), 0..3u8), 1..8),
    )
        .prop_map(|(mut bytes, edits)| {
            for (at, byte, op) in edits {
                let i = if bytes.is_empty() {
                    0
                } else {
                    at % bytes.len()
                };
                match op {
                    0 if !bytes.is_empty() => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ => {
                        let end = (i + byte as usize % 16).min(bytes.len());
                        bytes.drain(i..end);
                    }
                }
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Arbitrary strings never make either parser panic.
    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        check_scenario(s.as_bytes());
        check_rules(s.as_bytes());
    }

    /// Arbitrary bytes (lossily decoded) never make either parser panic.
    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_scenario(&b);
        check_rules(&b);
    }

    /// TOML-ish text built from fragments never makes either parser panic.
    #[test]
    fn tomlish_text_never_panics(parts in proptest::collection::vec(fragment(), 0..40)) {
        let text = parts.concat();
        check_scenario(text.as_bytes());
        check_rules(text.as_bytes());
    }

    /// Valid files with random edits never make their parser panic.
    #[test]
    fn edited_scenarios_never_panic(b in mutated_seed("scenario")) {
        check_scenario(&b);
    }

    /// Valid rule sets with random edits never make their parser panic.
    #[test]
    fn edited_rule_sets_never_panic(b in mutated_seed("rules")) {
        check_rules(&b);
    }
}
