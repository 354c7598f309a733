//! Defaults and readings the engine applied to a unit, stated so that a
//! report can show on what a result depends.

use std::fmt;

use super::schema::Target;
use crate::lang::Lang;

/// One assumption made while applying a rule set to a unit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Assumption {
    /// `mountainous` empty: treated as not mountainous.
    MountainousUnknown,
    /// `mountainous` comes from a documented proxy, not an official list.
    MountainousProxy {
        /// The `mountainous_basis` value (`proxy_density`, `communes_area_majority`, ...).
        basis: String,
    },
    /// `land_border` empty: treated as no land border.
    LandBorderUnknown,
    /// `ethnic_minority_share` empty: no ethnic-minority reduction.
    EthnicShareUnknown,
    /// A land border alone gives the flat population reduction, without the
    /// further ethnic steps (docs/legal-basis.md §1.3 open question, \[U\]).
    BorderOnly {
        /// The reduction id (`R-SF1`).
        reduction: String,
    },
    /// A non-mountainous border unit with a high ethnic share received the
    /// further ethnic steps (\[U\] reading).
    EthnicStepsForBorder {
        /// The reduction id (`R-SF1`).
        reduction: String,
    },
    /// In the Red River Delta (from `red_river_delta` or `region`): reduced area standard.
    RedRiverDelta {
        /// The reduction id (`R-SF3`).
        reduction: String,
    },
    /// Neither `red_river_delta` nor `region` given: not treated as Red River Delta.
    RegionUnknown,
    /// `coastal_poor` empty: the coastal-poor-commune reduction is not applied.
    CoastalPoorUnknown,
    /// The parent's kind did not select a standard (phường without a known
    /// parent): the named standard was used.
    ParentKindUnknown {
        /// Id of the standard used.
        standard: String,
    },
    /// The province's kind or terrain (mountainous/highland, land border)
    /// was unknown, so a standard conditioned on it was skipped (NQ 76/2025
    /// N3): the named standard was used.
    ProvinceUnknown {
        /// Id of the standard used.
        standard: String,
    },
    /// The province's row left "mountainous/highland or land border"
    /// unknown; it was derived from the province's districts (NQ 76/2025 N3)
    /// and selected the named standard.
    ProvinceFromDistricts {
        /// Id of the standard used.
        standard: String,
        /// The derived value.
        mountainous_or_border: bool,
    },
    /// Several reductions applied to one standard; only the most favourable
    /// was used (one reduction per standard, R-SF4).
    OneReductionPerStandard {
        /// The standard reduced.
        target: Target,
        /// The reduction used.
        chosen: String,
        /// The reductions not used.
        others: Vec<String>,
    },
    /// A figure used is tagged \[U\] (unverified) in docs/legal-basis.md.
    Unverified {
        /// What the figure is, e.g. `thi_xa.area_km2` or `M6`.
        what: String,
    },
    /// Exemption flag columns were empty and treated as false.
    ExemptionFlagsUnknown {
        /// The flag columns that were empty.
        flags: Vec<String>,
    },
}

impl Assumption {
    /// Whether this default can only lower a standard when the true value is
    /// known (so it cannot change the status of a unit that meets its standard).
    pub fn only_lowers_standards(&self) -> bool {
        matches!(
            self,
            Assumption::LandBorderUnknown
                | Assumption::EthnicShareUnknown
                | Assumption::RegionUnknown
                | Assumption::CoastalPoorUnknown
        )
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let target = |t: &Target| match (lang, t) {
            (Lang::Vi, Target::Area) => "diện tích",
            (Lang::Vi, Target::Population) => "dân số",
            (Lang::En, Target::Area) => "area",
            (Lang::En, Target::Population) => "population",
        };
        match (self, lang) {
            (Assumption::MountainousUnknown, Lang::Vi) => {
                "mountainous trống: coi là không thuộc miền núi, vùng cao".into()
            }
            (Assumption::MountainousUnknown, Lang::En) => {
                "mountainous empty: treated as not mountainous".into()
            }
            (Assumption::MountainousProxy { basis }, Lang::Vi) => {
                format!("miền núi theo chỉ tiêu thay thế ({basis}), không theo danh mục chính thức")
            }
            (Assumption::MountainousProxy { basis }, Lang::En) => {
                format!("mountainous from a proxy ({basis}), not an official list")
            }
            (Assumption::LandBorderUnknown, Lang::Vi) => {
                "land_border trống: coi là không có đường biên giới quốc gia".into()
            }
            (Assumption::LandBorderUnknown, Lang::En) => {
                "land_border empty: treated as no national land border".into()
            }
            (Assumption::EthnicShareUnknown, Lang::Vi) => {
                "ethnic_minority_share trống: không giảm theo tỷ lệ dân tộc thiểu số".into()
            }
            (Assumption::EthnicShareUnknown, Lang::En) => {
                "ethnic_minority_share empty: no ethnic-minority reduction".into()
            }
            (Assumption::BorderOnly { reduction }, Lang::Vi) => format!(
                "có biên giới đất liền: giảm tiêu chuẩn dân số theo {reduction}, không giảm thêm theo bậc [U]"
            ),
            (Assumption::BorderOnly { reduction }, Lang::En) => format!(
                "land border: population standard reduced by {reduction}, no further steps [U]"
            ),
            (Assumption::EthnicStepsForBorder { reduction }, Lang::Vi) => format!(
                "đơn vị biên giới không thuộc miền núi: áp dụng bậc giảm theo tỷ lệ dân tộc thiểu số ({reduction}) [U]"
            ),
            (Assumption::EthnicStepsForBorder { reduction }, Lang::En) => {
                format!("non-mountainous border unit: ethnic-share steps applied ({reduction}) [U]")
            }
            (Assumption::RedRiverDelta { reduction }, Lang::Vi) => format!(
                "thuộc vùng Đồng bằng sông Hồng: giảm tiêu chuẩn diện tích theo {reduction}"
            ),
            (Assumption::RedRiverDelta { reduction }, Lang::En) => {
                format!("in the Red River Delta: area standard reduced by {reduction}")
            }
            (Assumption::RegionUnknown, Lang::Vi) => {
                "region trống: coi là không thuộc Đồng bằng sông Hồng".into()
            }
            (Assumption::RegionUnknown, Lang::En) => {
                "region empty: treated as outside the Red River Delta".into()
            }
            (Assumption::CoastalPoorUnknown, Lang::Vi) => {
                "coastal_poor trống: không áp dụng mức giảm xã bãi ngang, ven biển".into()
            }
            (Assumption::CoastalPoorUnknown, Lang::En) => {
                "coastal_poor empty: coastal-poor-commune reduction not applied".into()
            }
            (Assumption::ParentKindUnknown { standard }, Lang::Vi) => {
                format!("không xác định được loại đơn vị cấp trên: dùng tiêu chuẩn {standard}")
            }
            (Assumption::ParentKindUnknown { standard }, Lang::En) => {
                format!("parent kind unknown: standard {standard} used")
            }
            (Assumption::ProvinceUnknown { standard }, Lang::Vi) => format!(
                "không xác định được loại tỉnh hoặc tỉnh miền núi, biên giới: dùng tiêu chuẩn {standard}"
            ),
            (Assumption::ProvinceUnknown { standard }, Lang::En) => {
                format!("province kind or terrain/border unknown: standard {standard} used")
            }
            (
                Assumption::ProvinceFromDistricts {
                    standard,
                    mountainous_or_border,
                },
                Lang::Vi,
            ) => format!(
                "tỉnh {} miền núi, vùng cao hoặc biên giới (suy từ các huyện): dùng tiêu chuẩn {standard}",
                if *mountainous_or_border {
                    "là"
                } else {
                    "không là"
                }
            ),
            (
                Assumption::ProvinceFromDistricts {
                    standard,
                    mountainous_or_border,
                },
                Lang::En,
            ) => format!(
                "province {} mountainous/highland or a border province (derived from its districts): standard {standard} used",
                if *mountainous_or_border {
                    "is"
                } else {
                    "is not"
                }
            ),
            (
                Assumption::OneReductionPerStandard {
                    target: t,
                    chosen,
                    others,
                },
                Lang::Vi,
            ) => format!(
                "mỗi tiêu chuẩn chỉ áp dụng một mức giảm: {} theo {chosen} (không cộng {})",
                target(t),
                others.join(", ")
            ),
            (
                Assumption::OneReductionPerStandard {
                    target: t,
                    chosen,
                    others,
                },
                Lang::En,
            ) => format!(
                "one reduction per standard: {} by {chosen} (not stacked with {})",
                target(t),
                others.join(", ")
            ),
            (Assumption::Unverified { what }, Lang::Vi) => {
                format!("{what} chưa được kiểm chứng [U]")
            }
            (Assumption::Unverified { what }, Lang::En) => format!("{what} is unverified [U]"),
            (Assumption::ExemptionFlagsUnknown { flags }, Lang::Vi) => {
                format!("cột miễn trừ trống, coi là không: {}", flags.join(", "))
            }
            (Assumption::ExemptionFlagsUnknown { flags }, Lang::En) => {
                format!(
                    "exemption columns empty, treated as false: {}",
                    flags.join(", ")
                )
            }
        }
    }
}

impl fmt::Display for Assumption {
    /// The Vietnamese text (the default report language).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::Vi))
    }
}
