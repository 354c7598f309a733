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

/// One diagnostic of the loader in `lang`: `file:line:column: lỗi[kind]:
/// message` (the position kept as written).
pub fn diagnostic_line(d: &Diagnostic, lang: Lang) -> String {
    if lang == Lang::En {
        return d.to_string();
    }
    let sev = match d.severity {
        Severity::Warning => Msg::WarningPrefix,
        Severity::Error => Msg::ErrorPrefix,
    };
    format!(
        "{}:{}:{}: {}[{}]: {}",
        d.file.display(),
        d.line,
        d.column,
        sev.text(lang),
        d.kind.id(),
        d.message
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
