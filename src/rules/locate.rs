//! Finding the line and column of a field of a rule-set file, for the
//! messages of semantic errors.

use toml::de::{DeTable, DeValue};

use super::error::line_col;

/// One step of a path into a TOML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    /// A table key.
    Key(&'static str),
    /// An array index (0-based).
    Index(usize),
}

/// The path as text: `standard[3].population.value`.
pub(crate) fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

/// Line and column (1-based) of the value at `path` in `text`, or of the
/// deepest part of the path that exists.
///
/// # Complexity
/// O(size of the text).
pub(crate) fn locate(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    let root = DeTable::parse(text).ok()?;
    let root_span = root.span();
    let mut value = DeValue::Table(root.into_inner());
    let mut span = root_span;
    for seg in path {
        let next = match seg {
            Seg::Key(k) => value.get(*k),
            Seg::Index(i) => value.get(*i),
        };
        match next {
            Some(v) => {
                span = v.span();
                let inner = v.get_ref().clone();
                value = inner;
            }
            None => break,
        }
    }
    Some(line_col(text, span.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_value_inside_an_array_of_tables() {
        let text = "name = \"x\"\n[[standard]]\nid = \"a\"\n[[standard]]\nid = \"b\"\narea = 5\n";
        let at = locate(
            text,
            &[Seg::Key("standard"), Seg::Index(1), Seg::Key("area")],
        );
        assert_eq!(at, Some((6, 8)));
        assert_eq!(
            display_path(&[Seg::Key("standard"), Seg::Index(1), Seg::Key("area")]),
            "standard[2].area"
        );
    }
}
