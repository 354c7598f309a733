//! The errors that reach the user, in the terminal's language: the
//! library's typed errors are rendered from the catalogue
//! ([`reorg::lang::Msg`]), keeping file, line and column; an error the
//! table does not know keeps its English text.

use std::fmt::Display;

use reorg::io::{Diagnostic, LoadError, Severity};
use reorg::lang::{Lang, Msg};
use reorg::pipeline::PipelineError;
use reorg::report::ReportError;
use reorg::rules::RulesError;
use reorg::scenario::ScenarioError;

/// The error `err` and its causes as one line in `lang` (English: anyhow's
/// `{:#}`, every cause after a colon).
pub fn describe(err: &anyhow::Error, lang: Lang) -> String {
    if lang == Lang::En {
        return format!("{err:#}");
    }
    let mut parts: Vec<String> = Vec::new();
    for e in err.chain() {
        if let Some(text) = known(e, lang) {
            // A known error's text holds its own cause.
            parts.push(text);
            break;
        }
        parts.push(e.to_string());
    }
    parts.join(": ")
}

/// The words of an I/O error in `lang`.
pub fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Msg::ErrNotFound.text(lang).to_string(),
        K::PermissionDenied => Msg::ErrPermission.text(lang).to_string(),
        K::IsADirectory => Msg::ErrIsADirectory.text(lang).to_string(),
        K::InvalidData => Msg::ErrInvalidUtf8.text(lang).to_string(),
        kind => Msg::ErrOtherIo.fill(lang, &[("kind", &format!("{kind:?}"))]),
    }
}

/// One diagnostic of the loader in `lang`: `file:line:column: lỗi:
/// message` (the position kept as written). English keeps the loader's own
/// text (`error[kind]: …`); Vietnamese says what is wrong and what is
/// expected from the catalogue, per kind, with the column named in words
/// and the value found quoted — no column key or kind slug in the prose.
pub fn diagnostic_line(d: &Diagnostic, lang: Lang) -> String {
    if lang == Lang::En {
        return d.to_string();
    }
    let sev = match d.severity {
        Severity::Warning => Msg::WarningPrefix,
        Severity::Error => Msg::ErrorPrefix,
    };
    let position = format!("{}:{}:{}", d.file.display(), d.line, d.column);
    Msg::DiagLine.fill(
        lang,
        &[
            ("position", &position),
            ("severity", &sev.text(lang)),
            ("message", &diagnostic_message(d, lang)),
        ],
    )
}

/// An unknown `--province` in `lang`, with the near provinces.
pub fn province_text(u: &reorg::orchestrator::UnknownProvince, lang: Lang) -> String {
    if u.near.is_empty() {
        Msg::ErrProvinceNone.fill(lang, &[("token", &u.token)])
    } else {
        Msg::ErrProvinceNear.fill(lang, &[("token", &u.token), ("near", &u.near_list())])
    }
}

/// The Vietnamese words of a CSV column of the data contract
/// (docs/data-format.md); `None` for a column the contract does not name.
fn column_label(name: &str) -> Option<&'static str> {
    Some(match name {
        "code" => "mã",
        "name" => "tên",
        "level" => "cấp",
        "kind" => "loại",
        "parent_code" => "mã đơn vị cấp trên",
        "area_km2" => "diện tích (km²)",
        "population" => "dân số",
        "region" => "vùng",
        "mountainous" => "miền núi, vùng cao",
        "mountainous_basis" => "căn cứ miền núi, vùng cao",
        "island" => "hải đảo",
        "land_border" => "biên giới đất liền",
        "isolated" => "biệt lập",
        "class" => "phân loại",
        "ethnic_minority_share" => "tỷ lệ dân tộc thiểu số",
        "growth_rate" => "tốc độ tăng",
        "lat" => "vĩ độ",
        "lon" => "kinh độ",
        "code_a" => "mã đơn vị thứ nhất",
        "code_b" => "mã đơn vị thứ hai",
        "shared_border_km" => "chiều dài ranh giới chung (km)",
        "consent_share" => "tỷ lệ cử tri đồng ý",
        "consultation_date" => "ngày lấy ý kiến",
        "planned_urban" => "quy hoạch đô thị",
        "readiness" => "mức sẵn sàng",
        "defense_or_cultural" => "quốc phòng, văn hóa",
        "boundary_unchanged_since_1945" => "ranh giới giữ nguyên từ năm 1945",
        "coastal_poor" => "xã bãi ngang ven biển",
        "arranged_in" => "đã sắp xếp năm",
        _ => return None,
    })
}

/// The quoted strings `'…'` of `text`, in order.
fn quoted(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(a) = rest.find('\'') {
        let after = &rest[a + 1..];
        let Some(b) = after.find('\'') else { break };
        out.push(&after[..b]);
        rest = &after[b + 1..];
    }
    out
}

/// The column of `d` in words: its label, else its number.
fn column_words(name: &str, d: &Diagnostic, lang: Lang) -> String {
    match column_label(name) {
        Some(label) => Msg::DiagColumn.fill(lang, &[("column", &label)]),
        None => Msg::DiagColumnNumber.fill(lang, &[("n", &d.column)]),
    }
}

/// The body of a diagnostic in `lang` (Vietnamese): the column and value
/// the loader's message names, then the catalogue's sentence for its kind.
///
/// # Complexity
/// O(length of the message).
fn diagnostic_message(d: &Diagnostic, lang: Lang) -> String {
    use reorg::io::DiagnosticKind as K;
    let message = d.message.as_str();
    // The cap's count of diagnostics not shown.
    if let Some(n) = message.strip_suffix(&format!(
        " more of this kind not shown (first {} above)",
        reorg::io::MAX_DIAGNOSTICS_PER_KIND
    )) {
        return Msg::DiagMoreNotShown.fill(
            lang,
            &[("n", &n), ("shown", &reorg::io::MAX_DIAGNOSTICS_PER_KIND)],
        );
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = message;
    if d.kind == K::MissingColumn {
        let names: Vec<String> = quoted(message.split(':').next().unwrap_or(""))
            .into_iter()
            .map(|n| match column_label(n) {
                Some(l) => format!("“{l}”"),
                None => format!("“{n}”"),
            })
            .collect();
        return Msg::DiagMissingColumn.fill(lang, &[("columns", &names.join(", "))]);
    }
    if let Some(after) = message.strip_prefix("column '")
        && let Some(end) = after.find("': ")
    {
        parts.push(column_words(&after[..end], d, lang));
        rest = &after[end + 3..];
    }
    // The value found, when the message starts by quoting it.
    if rest.starts_with('\'')
        && let Some(value) = quoted(rest).first()
        && !value.is_empty()
    {
        parts.push(Msg::DiagValue.fill(lang, &[("value", value)]));
    }
    let mut text = kind_sentence(d.kind).fill(lang, &[("columns", &"")]);
    // An earlier line the message points to ("already appears on line 7").
    if let Some(i) = message.find("on line ") {
        let digits: String = message[i + 8..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            text.push_str(&format!(
                " ({})",
                Msg::DiagSeeLine.fill(lang, &[("line", &digits)])
            ));
        }
    }
    parts.push(text);
    parts.join(", ")
}

/// A kind of problem in words, for a count of problems not shown: the
/// first clause of the catalogue's sentence for `kind` (what is wrong,
/// without what is expected).
pub fn kind_words(kind: reorg::io::DiagnosticKind, lang: Lang) -> String {
    let text = kind_sentence(kind).fill(lang, &[("columns", &"")]);
    match text.split_once(';') {
        Some((what, _)) => what.trim().to_string(),
        None => text,
    }
}

/// The catalogue's sentence for a kind of problem.
fn kind_sentence(kind: reorg::io::DiagnosticKind) -> Msg {
    use reorg::io::DiagnosticKind as K;
    match kind {
        K::Io => Msg::DiagIo,
        K::NotUtf8 => Msg::DiagNotUtf8,
        K::Bom => Msg::DiagBom,
        K::Malformed => Msg::DiagMalformed,
        K::MissingColumn => Msg::DiagMissingColumn,
        K::DuplicateColumn => Msg::DiagDuplicateColumn,
        K::EmptyValue => Msg::DiagEmptyValue,
        K::NotANumber => Msg::DiagNotANumber,
        K::NegativeOrInvalid => Msg::DiagNegativeOrInvalid,
        K::DecimalComma => Msg::DiagDecimalComma,
        K::InvalidValue => Msg::DiagInvalidValue,
        K::DuplicateCode => Msg::DiagDuplicateCode,
        K::UnknownParent => Msg::DiagUnknownParent,
        K::WrongParentLevel => Msg::DiagWrongParentLevel,
        K::KindLevelMismatch => Msg::DiagKindLevelMismatch,
        K::UnknownCode => Msg::DiagUnknownCode,
        K::SelfPair => Msg::DiagSelfPair,
        K::CrossLevelPair => Msg::DiagCrossLevelPair,
        K::RepeatedPair => Msg::DiagRepeatedPair,
        K::SuspiciousUnit => Msg::DiagSuspiciousUnit,
        K::Whitespace => Msg::DiagWhitespace,
        K::Empty => Msg::DiagEmpty,
        K::Encoding => Msg::DiagEncoding,
        K::LineEndings => Msg::DiagLineEndings,
        K::BlankLine => Msg::DiagBlankLine,
        K::Delimiter => Msg::DiagDelimiter,
        K::TitleRow => Msg::DiagTitleRow,
        K::AmbiguousNumber => Msg::DiagAmbiguousNumber,
        K::ExtraEmptyFields => Msg::DiagExtraEmptyFields,
        K::BadCode => Msg::DiagBadCode,
        K::FormulaLike => Msg::DiagFormulaLike,
        K::UnknownRegion => Msg::DiagUnknownRegion,
        K::Implausible => Msg::DiagImplausible,
        K::ParentKind => Msg::DiagParentKind,
        K::NotNfc => Msg::DiagNotNfc,
        _ => Msg::DiagInvalidValue,
    }
}

fn fill(m: Msg, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
    m.fill(lang, args)
}

/// The text of `e` in `lang` when it is one of the library's errors the
/// catalogue covers.
fn known(e: &(dyn std::error::Error + 'static), lang: Lang) -> Option<String> {
    if let Some(e) = e.downcast_ref::<RulesError>() {
        return match e {
            RulesError::UnknownSet { name, known } => Some(fill(
                Msg::ErrUnknownRuleSet,
                lang,
                &[("name", name), ("known", known)],
            )),
            RulesError::Io { path, source } => Some(fill(
                Msg::ErrReadRuleSet,
                lang,
                &[
                    ("path", &path.display()),
                    ("reason", &io_reason(source, lang)),
                ],
            )),
            RulesError::Parse {
                path,
                line,
                column,
                message,
            } => Some(fill(
                Msg::ErrRuleSetSyntax,
                lang,
                &[
                    ("path", &path.display()),
                    ("line", line),
                    ("column", column),
                    ("message", message),
                ],
            )),
            RulesError::Invalid {
                path,
                line,
                column,
                field,
                value,
                expected,
            } => Some(fill(
                Msg::ErrRuleSetInvalidValue,
                lang,
                &[
                    ("path", &path.display()),
                    ("line", line),
                    ("column", column),
                    ("field", field),
                    ("value", value),
                    ("expected", expected),
                ],
            )),
            _ => None,
        };
    }
    if let Some(e) = e.downcast_ref::<ScenarioError>() {
        return match e {
            ScenarioError::Io { path, source } => Some(fill(
                Msg::ErrReadScenario,
                lang,
                &[
                    ("path", &path.display()),
                    ("reason", &io_reason(source, lang)),
                ],
            )),
            ScenarioError::Parse {
                path,
                line,
                column,
                message,
            } => Some(fill(
                Msg::ErrScenarioSyntax,
                lang,
                &[
                    ("path", &path.display()),
                    ("line", line),
                    ("column", column),
                    ("message", message),
                ],
            )),
            ScenarioError::Invalid {
                path,
                field,
                message,
            } => Some(fill(
                Msg::ErrScenarioValue,
                lang,
                &[
                    ("path", &path.display()),
                    ("field", field),
                    ("message", message),
                ],
            )),
        };
    }
    if let Some(e) = e.downcast_ref::<ReportError>() {
        return match e {
            ReportError::Io { path, error } => Some(fill(
                Msg::ErrReadReport,
                lang,
                &[
                    ("path", &path.display()),
                    ("reason", &io_reason(error, lang)),
                ],
            )),
            ReportError::Json {
                path,
                line,
                column,
                message,
            } => Some(fill(
                Msg::ErrReportData,
                lang,
                &[
                    ("path", &path.display()),
                    ("line", line),
                    ("column", column),
                    ("message", message),
                ],
            )),
            _ => None,
        };
    }
    if let Some(reorg::orchestrator::OrchestratorError::NoCriteria(name)) =
        e.downcast_ref::<reorg::orchestrator::OrchestratorError>()
    {
        return Some(fill(Msg::ErrNoCriteria, lang, &[("name", name)]));
    }
    let unknown = e
        .downcast_ref::<reorg::orchestrator::UnknownProvince>()
        .or_else(
            || match e.downcast_ref::<reorg::orchestrator::OrchestratorError>() {
                Some(reorg::orchestrator::OrchestratorError::UnknownProvince(u)) => Some(u),
                _ => None,
            },
        )
        .or_else(|| match e.downcast_ref::<reorg::serve::WorkbenchError>() {
            Some(reorg::serve::WorkbenchError::Province(u)) => Some(u),
            _ => None,
        });
    if let Some(u) = unknown {
        return Some(province_text(u, lang));
    }
    if let Some(e) = e.downcast_ref::<PipelineError>() {
        return match e {
            PipelineError::UnknownProvince(code) => {
                Some(fill(Msg::ErrUnknownProvince, lang, &[("code", code)]))
            }
            PipelineError::UnknownLockedUnit(code) => {
                Some(fill(Msg::ErrUnknownLockedUnit, lang, &[("code", code)]))
            }
            _ => None,
        };
    }
    if let Some(LoadError::Invalid(diags)) = e.downcast_ref::<LoadError>() {
        // The most informative error first, as the diagnostics are printed.
        let first = reorg::io::screenful(diags, 1)
            .shown
            .first()
            .filter(|d| d.is_error())
            .map(|d| diagnostic_line(d, lang))
            .unwrap_or_default();
        let (errors, _) = reorg::io::diagnostic_totals(diags);
        return Some(fill(
            Msg::ErrInvalidInput,
            lang,
            &[("n", &errors), ("first", &first)],
        ));
    }
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        return Some(io_reason(io, lang));
    }
    None
}
