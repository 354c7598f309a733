//! Fuzz target: the dataset loader on arbitrary bytes.
//!
//! The input is `UNITS ++ "\n##\n" ++ ADJACENCY`; without the separator the
//! same bytes are used for both files. The loader must return `Ok` or `Err`,
//! never panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (units, adjacency) = reorg_fuzz::split(data);
    if let Err(e) = reorg::io::load_from_bytes(units, adjacency) {
        assert!(e.diagnostics().iter().any(|d| d.is_error()));
    }
});
