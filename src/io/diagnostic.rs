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
    /// How many further diagnostics of the same file and kind this one
    /// stands for: the loader keeps [`MAX_PER_KIND`] of each and counts the
    /// rest in one more, which carries their number here); 0 for an ordinary diagnostic.
    pub also: usize,
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
                also: n - MAX_PER_KIND,
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

/// What fits on one screen of a list of diagnostics ([`screenful`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Screenful<'a> {
    /// The diagnostics to print, most informative first.
    pub shown: Vec<&'a Diagnostic>,
    /// How many problems are not shown (including those the loader's cap
    /// already counted, [`Diagnostic::also`]).
    pub hidden: usize,
    /// The kinds of the hidden problems with their counts, most frequent
    /// first (then by kind).
    pub hidden_kinds: Vec<(DiagnosticKind, usize)>,
}

/// The order of [`screenful`]: errors first, then by [`rank`], by position
/// within the (file, kind) group, by position in the list.
type ScreenKey = (std::cmp::Reverse<Severity>, u8, usize, usize);

/// How informative a kind is on its own: a problem of the whole file
/// (unreadable, empty, a column missing) explains the rows' problems that
/// follow from it, so it comes first.
fn rank(kind: DiagnosticKind) -> u8 {
    use DiagnosticKind as K;
    match kind {
        K::Io | K::NotUtf8 | K::Empty | K::MissingColumn | K::DuplicateColumn => 0,
        K::Malformed => 1,
        _ => 2,
    }
}

/// The diagnostics to show when at most `limit` fit (a screenful), most
/// informative first: errors before warnings, problems of a whole file
/// before those of a row, then one of each (file, kind) before a second of
/// any, in file and line order within a kind, so that every kind of problem
/// is seen before the screen fills with one kind. The rest are counted by
/// kind. A dataset whose files disagree (the units of one year with the
/// adjacency of another) thus prints a screenful and a count, not tens of
/// thousands of lines.
///
/// # Complexity
/// O(n log n) for n diagnostics.
pub fn screenful(diags: &[Diagnostic], limit: usize) -> Screenful<'_> {
    use std::collections::BTreeMap;
    // The loader's summaries of capped kinds are counts, not problems to show.
    let mut order: Vec<(usize, &Diagnostic)> =
        diags.iter().filter(|d| d.also == 0).enumerate().collect();
    // Position of each diagnostic within its (file, kind) group.
    let mut seen: BTreeMap<(&std::path::Path, DiagnosticKind), usize> = BTreeMap::new();
    let mut keyed: Vec<(ScreenKey, &Diagnostic)> = order
        .drain(..)
        .map(|(i, d)| {
            let k = seen.entry((d.file.as_path(), d.kind)).or_insert(0);
            *k += 1;
            ((std::cmp::Reverse(d.severity), rank(d.kind), *k, i), d)
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    let shown: Vec<&Diagnostic> = keyed.iter().take(limit).map(|(_, d)| *d).collect();
    let mut kinds: BTreeMap<DiagnosticKind, usize> = BTreeMap::new();
    for (_, d) in keyed.iter().skip(limit) {
        *kinds.entry(d.kind).or_insert(0) += 1;
    }
    for d in diags.iter().filter(|d| d.also > 0) {
        *kinds.entry(d.kind).or_insert(0) += d.also;
    }
    let mut hidden_kinds: Vec<(DiagnosticKind, usize)> = kinds.into_iter().collect();
    hidden_kinds.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), *k));
    Screenful {
        shown,
        hidden: hidden_kinds.iter().map(|(_, n)| n).sum(),
        hidden_kinds,
    }
}

/// How many problems `diags` stands for: `(errors, warnings)`, counting
/// those the loader's cap left out ([`Diagnostic::also`]).
pub fn totals(diags: &[Diagnostic]) -> (usize, usize) {
    diags.iter().fold((0, 0), |(e, w), d| {
        let n = if d.also > 0 { d.also } else { 1 };
        if d.is_error() { (e + n, w) } else { (e, w + n) }
    })
}

#[cfg(test)]
mod screen_tests {
    use super::*;

    fn d(file: &str, line: u64, severity: Severity, kind: DiagnosticKind) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line,
            column: 1,
            severity,
            kind,
            message: String::new(),
            also: 0,
        }
    }

    #[test]
    fn a_screenful_shows_every_kind_first_and_counts_the_rest() {
        use DiagnosticKind as K;
        use Severity::{Error, Warning};
        let mut diags = vec![d("units.csv", 2, Warning, K::Whitespace)];
        for line in 2..300 {
            diags.push(d("adjacency.csv", line, Error, K::UnknownCode));
        }
        diags.push(d("adjacency.csv", 400, Error, K::SelfPair));
        diags.push(d("adjacency.csv", 0, Error, K::MissingColumn));
        let capped = cap(diags);
        // The loader kept 100 unknown codes and counted 198 more.
        assert_eq!(totals(&capped), (300, 1));
        let s = screenful(&capped, 5);
        let got: Vec<(DiagnosticKind, u64)> = s.shown.iter().map(|d| (d.kind, d.line)).collect();
        assert_eq!(
            got,
            vec![
                (K::MissingColumn, 0),
                (K::UnknownCode, 2),
                (K::SelfPair, 400),
                (K::UnknownCode, 3),
                (K::UnknownCode, 4),
            ]
        );
        assert_eq!(s.hidden, 301 - 5);
        assert_eq!(
            s.hidden_kinds,
            vec![(K::UnknownCode, 295), (K::Whitespace, 1)]
        );
        // Everything fits: nothing hidden, errors first.
        let few = vec![d("a", 1, Warning, K::Bom), d("a", 2, Error, K::UnknownCode)];
        let s = screenful(&few, 20);
        assert_eq!(s.shown.len(), 2);
        assert_eq!(s.shown[0].kind, K::UnknownCode);
        assert_eq!(s.hidden, 0);
    }
}
