//! Errors of loading and validating a rule set.

use std::path::PathBuf;

use thiserror::Error;

/// An error while loading a rule set (built-in or user file).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum RulesError {
    /// `--rules NAME` named no built-in set and no existing file.
    #[error("unknown rule set `{name}`: not a built-in set ({known}) and no such file")]
    UnknownSet {
        /// The name or path given.
        name: String,
        /// The built-in names, comma-separated.
        known: String,
    },
    /// The rule-set file could not be read.
    #[error("{}: cannot read the rule set: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the rule-set schema
    /// (unknown field, unknown kind, wrong type...).
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        /// The file (or `builtin:<name>`).
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column (in characters) of the error.
        column: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// The file parses but a value is out of range or inconsistent.
    #[error("{}:{line}:{column}: {field} = {value}: expected {expected}", path.display())]
    Invalid {
        /// The file (or `builtin:<name>`).
        path: PathBuf,
        /// 1-based line of the offending value (0 if it could not be located).
        line: usize,
        /// 1-based column of the offending value (0 if it could not be located).
        column: usize,
        /// Dotted path of the field, e.g. `standard[3].population.value`.
        field: String,
        /// The value found.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// The rule set could not be written back to TOML.
    #[error("cannot serialise the rule set `{name}`: {message}")]
    Serialize {
        /// The rule-set name.
        name: String,
        /// The serialiser's message.
        message: String,
    },
}

/// 1-based line and column (in characters) of byte offset `offset` in `text`.
///
/// # Complexity
/// O(offset).
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        // `x` is after "bé = " (5 characters, 6 bytes).
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 6));
    }
}
