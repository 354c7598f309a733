//! Problems found in input files, with their position.

use std::fmt;
use std::path::PathBuf;

/// How serious a problem is (an input diagnostic, or a finding of the plan
/// validator).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Accepted, but the user should know (e.g. a decimal comma was read).
    Warning,
    /// The input is rejected.
    Error,
}

/// What kind of problem a [`Diagnostic`] reports. Tests match on this, not on text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The file could not be opened or read.
    Io,
    /// The file is not valid UTF-8.
    NotUtf8,
    /// The file started with a UTF-8 byte-order mark (accepted).
    Bom,
    /// The CSV structure is broken (e.g. a row with the wrong number of fields).
    Malformed,
    /// A required column is missing from the header.
    MissingColumn,
    /// A column name appears twice in the header.
    DuplicateColumn,
    /// A required value is empty.
    EmptyValue,
    /// A value is not a number where one is expected.
    NotANumber,
    /// A number is negative, NaN or infinite.
    NegativeOrInvalid,
    /// A decimal comma was read as a decimal point (accepted).
    DecimalComma,
    /// A value is outside its allowed set or range (level, kind, boolean, share).
    InvalidValue,
    /// The same code appears on two rows.
    DuplicateCode,
    /// The parent code names no unit.
    UnknownParent,
    /// The parent exists but is of the wrong level (e.g. a commune whose parent is not a district).
    WrongParentLevel,
    /// The `kind` does not belong to the row's `level`.
    KindLevelMismatch,
    /// An adjacency pair names a code not in `units.csv`.
    UnknownCode,
    /// An adjacency pair joins a unit to itself.
    SelfPair,
    /// An adjacency pair joins units of different levels, or its `level` column disagrees.
    CrossLevelPair,
    /// An adjacency pair appears twice (in either order).
    RepeatedPair,
    /// A value looks like it is in the wrong unit (e.g. hectares instead of km²).
    SuspiciousUnit,
    /// Surrounding whitespace was trimmed (accepted).
    Whitespace,
    /// The file is empty or has only a header.
    Empty,
    /// The file was decoded from another encoding (UTF-16 with a byte-order mark, accepted).
    Encoding,
    /// The file uses CRLF (Windows) or CR line endings (accepted).
    LineEndings,
    /// Blank lines were skipped (accepted).
    BlankLine,
    /// The file is separated by `;` or tabs instead of commas (accepted).
    Delimiter,
    /// Title lines above the header (as Excel exports them) were skipped (accepted).
    TitleRow,
    /// A number uses thousands separators or could be read two ways (`1.234`).
    AmbiguousNumber,
    /// Rows end with extra empty fields beyond the header (accepted).
    ExtraEmptyFields,
    /// A code that is not a plain code: an error when it could name a path
    /// or is too long (`../x`, `a/b`, 10 MB), a warning when it is not all
    /// digits (GSO codes are).
    BadCode,
    /// A text cell a spreadsheet would run as a formula (starts with `=`,
    /// `+`, `-`, `@`; accepted with a warning, neutralised in every CSV output).
    FormulaLike,
    /// A `region` that is none of the known regions (accepted with a warning
    /// naming the consequence).
    UnknownRegion,
    /// A population or area beyond any real unit (sums would overflow).
    Implausible,
    /// A commune of a kind its district's kind may not hold (Hiến pháp 2013
    /// Điều 110, docs/legal-basis.md §2.11).
    ParentKind,
    /// A text was not in Unicode NFC (decomposed diacritics; normalised, accepted).
    NotNfc,
}

impl DiagnosticKind {
    /// A short, stable identifier (`duplicate-code`, ...), printed in messages.
    pub fn id(self) -> &'static str {
        match self {
            DiagnosticKind::Io => "io",
            DiagnosticKind::NotUtf8 => "not-utf8",
            DiagnosticKind::Bom => "bom",
            DiagnosticKind::Malformed => "malformed",
            DiagnosticKind::MissingColumn => "missing-column",
            DiagnosticKind::DuplicateColumn => "duplicate-column",
            DiagnosticKind::EmptyValue => "empty-value",
            DiagnosticKind::NotANumber => "not-a-number",
            DiagnosticKind::NegativeOrInvalid => "negative-or-invalid",
            DiagnosticKind::DecimalComma => "decimal-comma",
            DiagnosticKind::InvalidValue => "invalid-value",
            DiagnosticKind::DuplicateCode => "duplicate-code",
            DiagnosticKind::UnknownParent => "unknown-parent",
            DiagnosticKind::WrongParentLevel => "wrong-parent-level",
            DiagnosticKind::KindLevelMismatch => "kind-level-mismatch",
            DiagnosticKind::UnknownCode => "unknown-code",
            DiagnosticKind::SelfPair => "self-pair",
            DiagnosticKind::CrossLevelPair => "cross-level-pair",
            DiagnosticKind::RepeatedPair => "repeated-pair",
            DiagnosticKind::SuspiciousUnit => "suspicious-unit",
            DiagnosticKind::Whitespace => "whitespace",
            DiagnosticKind::Empty => "empty",
            DiagnosticKind::Encoding => "encoding",
            DiagnosticKind::LineEndings => "line-endings",
            DiagnosticKind::BlankLine => "blank-line",
            DiagnosticKind::Delimiter => "delimiter",
            DiagnosticKind::TitleRow => "title-row",
            DiagnosticKind::AmbiguousNumber => "ambiguous-number",
            DiagnosticKind::ExtraEmptyFields => "extra-empty-fields",
            DiagnosticKind::BadCode => "bad-code",
            DiagnosticKind::FormulaLike => "formula-like",
            DiagnosticKind::UnknownRegion => "unknown-region",
            DiagnosticKind::Implausible => "implausible",
            DiagnosticKind::ParentKind => "parent-kind",
            DiagnosticKind::NotNfc => "not-nfc",
        }
    }
}

/// One problem in one input file, at a position.
///
/// Displayed as `path:line:column: error[kind]: message`, where `line` is the
/// 1-based physical line (the header is line 1) and `column` the 1-based field
/// number; 0 means "the whole line" or "the whole file". When a diagnostic
/// concerns one column, the loader's message starts with `column 'NAME': `,
/// quotes the value found and says what was expected, e.g.
/// `units.csv:7:6: error[negative-or-invalid]: column 'area_km2': '-0.73' is
/// negative; expected a number >= 0, or an empty cell for unknown`.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// The file.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u64,
    /// 1-based field number; 0 when the problem concerns the whole row or file.
    pub column: usize,
    /// Warning or error.
    pub severity: Severity,
    /// What went wrong.
    pub kind: DiagnosticKind,
    /// A human explanation: the value found and what was expected.
    pub message: String,
}

impl Diagnostic {
    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file.display(),
            self.line,
            self.column,
            sev,
            self.kind.id(),
            self.message
        )
    }
}

/// At most this many diagnostics of one kind per file are kept; the rest
/// are counted in one more diagnostic (a header of a million columns gave a
/// million diagnostics, 166 MB of standard error).
pub const MAX_PER_KIND: usize = 100;

/// A message longer than this many characters is cut (values are echoed in
/// messages; a 10 MB cell must not be).
pub const MAX_MESSAGE_CHARS: usize = 300;

/// Keeps the first [`MAX_PER_KIND`] diagnostics of each (file, kind), in
/// order, adds one per (file, kind) counting the rest, and cuts long
/// messages.
///
/// # Complexity
/// O(n log k) for n diagnostics of k kinds.
pub(crate) fn cap(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::BTreeMap;
    let mut seen: BTreeMap<(std::path::PathBuf, DiagnosticKind), (usize, Severity)> =
        BTreeMap::new();
    let mut out = Vec::with_capacity(diags.len().min(4 * MAX_PER_KIND));
    for mut d in diags {
        let e = seen
            .entry((d.file.clone(), d.kind))
            .or_insert((0, d.severity));
        e.0 += 1;
        if e.0 > MAX_PER_KIND {
            continue;
        }
        if d.message.chars().count() > MAX_MESSAGE_CHARS {
            let cut: String = d.message.chars().take(MAX_MESSAGE_CHARS).collect();
            d.message = format!("{cut}… (message cut)");
        }
        out.push(d);
    }
    for ((file, kind), (n, severity)) in seen {
        if n > MAX_PER_KIND {
            out.push(Diagnostic {
                file,
                line: 0,
                column: 0,
                severity,
                kind,
                message: format!(
                    "{} more of this kind not shown (first {MAX_PER_KIND} above)",
                    n - MAX_PER_KIND
                ),
            });
        }
    }
    out
}
