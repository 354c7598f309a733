//! Why a group has its priority and its year, in Vietnamese or English.

use crate::lang::Lang;

/// Why a group takes effect in its year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YearReason {
    /// The first year of the phase's window.
    FirstYear,
    /// The year of a group it depends on (not earlier than that group).
    AfterDependency {
        /// The dependency that sets the year.
        group_id: String,
        /// Its year.
        year: u16,
    },
    /// Every earlier allowed year is full under the caps.
    CapsFull {
        /// First year that was full.
        from: u16,
        /// Last year that was full.
        to: u16,
        /// The province cap was reached in one of those years.
        province: bool,
        /// The district cap was reached in one of those years.
        district: bool,
    },
}

/// The reason column of `schedule.csv`, kept structured so that tests and
/// reports can use its parts; [`Reason::text`] renders it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// Mandatory (`true`) or encouraged.
    pub mandatory: bool,
    /// The shortfall used for the priority.
    pub severity: f64,
    /// Readiness, if known.
    pub readiness: Option<f64>,
    /// Share of voters in favour, if known.
    pub consent_share: Option<f64>,
    /// Why this year.
    pub placement: YearReason,
    /// The other groups of its same-year bundle ("đồng bộ"), in priority order.
    pub same_year_as: Vec<String>,
}

impl Reason {
    /// A short text, e.g. `Bắt buộc; thiếu hụt 45,0%; năm đầu của giai đoạn`
    /// or `mandatory; shortfall 45.0%; first year of the phase`.
    pub fn text(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let mut parts = vec![
            match (self.mandatory, vi) {
                (true, true) => "Bắt buộc".to_string(),
                (false, true) => "Khuyến khích".to_string(),
                (true, false) => "mandatory".to_string(),
                (false, false) => "encouraged".to_string(),
            },
            if vi {
                format!("thiếu hụt {}", percent(self.severity, 1, lang))
            } else {
                format!("shortfall {}", percent(self.severity, 1, lang))
            },
        ];
        if let Some(r) = self.readiness {
            parts.push(if vi {
                format!("sẵn sàng {}", percent(r, 0, lang))
            } else {
                format!("readiness {}", percent(r, 0, lang))
            });
        }
        if let Some(c) = self.consent_share {
            parts.push(if vi {
                format!("cử tri đồng ý {}", percent(c, 0, lang))
            } else {
                format!("voters in favour {}", percent(c, 0, lang))
            });
        }
        parts.push(self.placement_text(lang));
        if !self.same_year_as.is_empty() {
            let ids = self.same_year_as.join(", ");
            parts.push(if vi {
                format!("đồng bộ cùng năm với {ids}")
            } else {
                format!("same year as {ids}")
            });
        }
        parts.join("; ")
    }

    fn placement_text(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        match &self.placement {
            YearReason::FirstYear if vi => "năm đầu của giai đoạn".into(),
            YearReason::FirstYear => "first year of the phase".into(),
            YearReason::AfterDependency { group_id, year } if vi => {
                format!("không sớm hơn {group_id} ({year})")
            }
            YearReason::AfterDependency { group_id, year } => {
                format!("not before {group_id} ({year})")
            }
            YearReason::CapsFull {
                from,
                to,
                province,
                district,
            } => {
                let years = if from == to {
                    from.to_string()
                } else {
                    format!("{from}–{to}")
                };
                let which = match (province, district, vi) {
                    (true, true, true) => "hạn mức của tỉnh và của huyện",
                    (true, false, true) => "hạn mức của tỉnh",
                    (false, true, true) => "hạn mức của huyện",
                    (false, false, true) => "hạn mức",
                    (true, true, false) => "the province and district caps",
                    (true, false, false) => "the province cap",
                    (false, true, false) => "the district cap",
                    (false, false, false) => "the caps",
                };
                if vi {
                    format!("năm {years} đã đủ {which}")
                } else {
                    format!("{years} full under {which}")
                }
            }
        }
    }
}

/// `0.45` → `45,0%` (vi) or `45.0%` (en).
pub(crate) fn percent(x: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{:.*}%", decimals, x * 100.0);
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages() {
        let r = Reason {
            mandatory: true,
            severity: 0.45,
            readiness: Some(0.8),
            consent_share: None,
            placement: YearReason::CapsFull {
                from: 2024,
                to: 2024,
                province: true,
                district: false,
            },
            same_year_as: vec!["H1".into()],
        };
        assert_eq!(
            r.text(Lang::Vi),
            "Bắt buộc; thiếu hụt 45,0%; sẵn sàng 80%; năm 2024 đã đủ hạn mức của tỉnh; đồng bộ cùng năm với H1"
        );
        assert_eq!(
            r.text(Lang::En),
            "mandatory; shortfall 45.0%; readiness 80%; 2024 full under the province cap; same year as H1"
        );
    }
}
