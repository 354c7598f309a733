//! Fuzz target: the dataset loader on arbitrary bytes.
//!
//! The input is `UNITS ++ "\n##\n" ++ ADJACENCY`; without the separator the
//! same bytes are used for both files. The loader must return `Ok` or `Err`,
//! never panic, and every diagnostic must point inside its file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reorg_fuzz::check_load(data));
