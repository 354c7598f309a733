//! Fuzz target: the scenario parser (`Scenario::from_toml_str`) on arbitrary
//! bytes (lossily decoded when not UTF-8). It must return `Ok` or `Err`,
//! never panic, and errors must point inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reorg_fuzz::check_scenario(data));
