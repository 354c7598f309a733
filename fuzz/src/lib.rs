//! Helpers shared by the fuzz targets (see CONTRIBUTING.md, "Fuzzing").
//! `tests/it/io_fuzz.rs` keeps a copy of [`split`] and [`check_load`] so that
//! seeds and regressions replay in the normal test suite.

/// The separator between the two files of a two-file input.
pub const SEPARATOR: &[u8] = b"\n##\n";

/// Splits a fuzz input into two files at the first [`SEPARATOR`]; without
/// one, both files get the whole input.
pub fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        Some(i) => (&data[..i], &data[i + SEPARATOR.len()..]),
        None => (data, data),
    }
}

/// The `load` oracle: the loader returns (no panic), a rejection carries an
/// error, and every diagnostic points inside its file.
pub fn check_load(data: &[u8]) {
    let (units, adjacency) = split(data);
    let diags = match reorg::io::load_from_bytes(units, adjacency) {
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

/// The text a TOML parser target sees: the bytes as UTF-8, or, when they are
/// not UTF-8, their lossy decoding (so arbitrary bytes still reach the
/// parser), without a leading byte-order mark (as `Scenario::load` strips it).
pub fn toml_text(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()
}

/// Lines of `text` as the parsers count them (1 + number of `\n`).
fn line_count(text: &str) -> usize {
    1 + text.matches('\n').count()
}

/// The `scenario` oracle: `Scenario::from_toml_str` returns (no panic); a
/// syntax or schema error points at a line and column inside the text; every
/// error has a message.
pub fn check_scenario(data: &[u8]) {
    use reorg::scenario::{Scenario, ScenarioError};
    let text = toml_text(data);
    match Scenario::from_toml_str(&text, std::path::Path::new("fuzz.toml")) {
        Ok(sc) => {
            assert!(!sc.name.is_empty());
            assert!((2..=12).contains(&sc.max_group_size));
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            if let ScenarioError::Parse { line, column, .. } = e {
                assert!(line >= 1 && line <= line_count(&text), "line {line}");
                assert!(column >= 1, "column {column}");
            }
        }
    }
}

/// The `rules` oracle: `RuleSet::from_toml_str` returns (no panic); an error
/// points inside the text (line 0 = not located) and has a message; a set
/// that parses and serialises parses back to an equal set.
pub fn check_rules(data: &[u8]) {
    use reorg::rules::{RuleSet, RulesError};
    let text = toml_text(data);
    let origin = std::path::Path::new("fuzz.toml");
    match RuleSet::from_toml_str(&text, origin) {
        Ok(set) => {
            if let Ok(back) = set.to_toml_string() {
                let again = RuleSet::from_toml_str(&back, origin)
                    .unwrap_or_else(|e| panic!("the serialised set does not parse: {e}\n{back}"));
                assert!(
                    again == set,
                    "the serialised set parses to another set\n{back}"
                );
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            match e {
                RulesError::Parse { line, .. } | RulesError::Invalid { line, .. } => {
                    assert!(line <= line_count(&text), "line {line}");
                }
                _ => {}
            }
        }
    }
}
