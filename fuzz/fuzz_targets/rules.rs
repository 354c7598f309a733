//! Fuzz target: the rule-set parser (`RuleSet::from_toml_str`) on arbitrary
//! bytes (lossily decoded when not UTF-8). It must return `Ok` or `Err`,
//! never panic; errors point inside the text; a parsed set that serialises
//! parses back to an equal set.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reorg_fuzz::check_rules(data));
