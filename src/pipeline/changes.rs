//! Changes to units that are not merged: the kind conversions a district
//! merge needs in convert mode, and the renames that keep names unique
//! (docs/legal-basis.md §2.11). One [`UnitChange`] is one row of `conversions.csv`.

use crate::lang::Lang;
use crate::legal::{NameChange, UrbanCheck};
use crate::model::{Level, Phase, Unit, UnitCode, UnitKind};
use crate::rules::{Placement, RuleSet, Tag};

/// A unit judged against the standard of its (new) kind.
#[derive(Clone, Debug, PartialEq)]
pub struct StandardVerdict {
    /// Both ratios ≥ 1.
    pub meets: bool,
    /// Area ÷ area standard.
    pub area_ratio: Option<f64>,
    /// Population ÷ population standard.
    pub population_ratio: Option<f64>,
    /// Id of the standard (e.g. `phuong_thuoc_quan`).
    pub standard_id: String,
    /// Its Vietnamese label.
    pub label_vi: String,
    /// Its English label.
    pub label_en: String,
    /// Legal source of its population figure (the article).
    pub source: String,
    /// Weakest tag of its figures.
    pub tag: Tag,
}

impl StandardVerdict {
    /// `unit` placed at `at`, judged against the standard the rule set gives it.
    ///
    /// # Complexity
    /// O(s + r) for s standards and r reductions.
    pub fn of(rules: &RuleSet, unit: &Unit, at: &Placement) -> StandardVerdict {
        let std = rules.standard_at(unit, at);
        let area_ratio = unit.area_km2.map(|a| a / std.area_km2);
        let population_ratio = unit.population.map(|p| p as f64 / std.population);
        let def = rules.standard_def(&std.id);
        StandardVerdict {
            meets: area_ratio.is_some_and(|a| a >= 1.0)
                && population_ratio.is_some_and(|p| p >= 1.0),
            area_ratio,
            population_ratio,
            label_vi: def.map_or_else(|| std.id.clone(), |d| d.label_vi.clone()),
            label_en: def.map_or_else(|| std.id.clone(), |d| d.label_en.clone()),
            source: std.population_source.clone(),
            tag: std.area_tag.weakest(std.population_tag),
            standard_id: std.id,
        }
    }
}

/// Why a commune changed kind: its district became a kind that may not hold it.
#[derive(Clone, Debug, PartialEq)]
pub struct StructureCause {
    /// The district merge.
    pub group_id: String,
    /// The new district's name.
    pub district_name: String,
    /// Its kind.
    pub district_kind: UnitKind,
    /// A thị trấn that becomes a xã because it misses the phường standard.
    pub missed_ward_standard: bool,
    /// Source of the structure rule (Hiến pháp 2013 Điều 110).
    pub source: String,
}

/// A change of kind and/or name of a unit that is not merged in the phase.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitChange {
    /// Phase.
    pub phase: Phase,
    /// Level of the unit.
    pub level: Level,
    /// Its code.
    pub code: UnitCode,
    /// Its province.
    pub province_code: UnitCode,
    /// Its parent after the change.
    pub parent_code: UnitCode,
    /// Name before.
    pub name: String,
    /// Kind before.
    pub kind_before: UnitKind,
    /// Kind after.
    pub kind_after: UnitKind,
    /// Name after.
    pub name_after: String,
    /// The unit against the standard of its new kind (conversions only).
    pub verdict: Option<StandardVerdict>,
    /// Why its kind changed (conversions only).
    pub structure: Option<StructureCause>,
    /// Why its name differs from its name with the new prefix, if it does.
    pub name_change: Option<NameChange>,
}

impl UnitChange {
    /// Whether the kind changed (a conversion, not only a rename).
    pub fn is_conversion(&self) -> bool {
        self.kind_before != self.kind_after
    }

    /// The reason of the row in `lang`; `parent` is the parent's name.
    pub fn reason(&self, lang: Lang, parent: &str) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.structure {
            let kind_name = |k: UnitKind| match lang {
                Lang::Vi => k.label_vi().to_lowercase(),
                Lang::En => kind_en(k).to_string(),
            };
            let text = match lang {
                Lang::Vi => format!(
                    "{} không được có {} ({}): chuyển thành {}{}",
                    s.district_name,
                    kind_name(self.kind_before),
                    article(&s.source),
                    kind_name(self.kind_after),
                    if s.missed_ward_standard {
                        " vì chưa đạt tiêu chuẩn phường"
                    } else {
                        ""
                    }
                ),
                Lang::En => format!(
                    "{} ({}) may not hold a {} ({}): becomes a {}{}",
                    s.district_name,
                    kind_name(s.district_kind),
                    kind_name(self.kind_before),
                    article(&s.source),
                    kind_name(self.kind_after),
                    if s.missed_ward_standard {
                        " as it misses the phường standard"
                    } else {
                        ""
                    }
                ),
            };
            parts.push(text);
            if let Some(v) = &self.verdict {
                parts.push(match lang {
                    Lang::Vi => format!(
                        "đánh giá theo tiêu chuẩn {} ({}) {}",
                        v.label_vi.to_lowercase(),
                        article(&v.source),
                        v.tag
                    ),
                    Lang::En => format!(
                        "judged against the standard of a {} ({}) {}",
                        v.label_en.to_lowercase(),
                        article(&v.source),
                        v.tag
                    ),
                });
            }
        }
        if let Some(n) = &self.name_change {
            parts.push(n.text(lang, parent));
        }
        parts.join("; ")
    }
}

/// The article of a source for prose: the text before its first bracket
/// (`NQ 1211/2016 Điều 5 (VBHN 19/VBHN-VPQH) [S2, S5]` → `NQ 1211/2016 Điều 5`).
pub fn article(source: &str) -> &str {
    let end = [source.find(" ("), source.find(" [")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(source.len());
    source[..end].trim()
}

/// An English name of a kind for prose.
pub fn kind_en(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Tinh => "province",
        UnitKind::ThanhPhoTw => "centrally-run city",
        UnitKind::Huyen => "rural district (huyện)",
        UnitKind::Quan => "urban district (quận)",
        UnitKind::ThiXa => "town (thị xã)",
        UnitKind::ThanhPho => "city (thành phố)",
        UnitKind::Xa => "rural commune (xã)",
        UnitKind::Phuong => "ward (phường)",
        UnitKind::ThiTran => "township (thị trấn)",
    }
}

/// What a district merge's urban kind rests on, for the `kind_note` column:
/// the urban condition the data can judge (a thành phố's phường share) and
/// those it cannot (urban class; the thị xã conditions, text not found; the
/// number of phường of a quận, \[U\]). Empty for a huyện.
pub fn kind_note(kind: UnitKind, urban: Option<&UrbanCheck>, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(u) = urban {
        parts.push(match lang {
            Lang::Vi => format!(
                "tỷ lệ phường {:.0}% {} {:.0}% ({}) {}{}",
                100.0 * u.share,
                if u.share + 1e-9 >= u.min { "≥" } else { "<" },
                100.0 * u.min,
                article(&u.source),
                u.tag,
                if u.share + 1e-9 < u.min && u.met {
                    format!(", không thấp hơn trước khi nhập ({:.0}%)", 100.0 * u.before)
                } else if !u.met {
                    ": chưa đạt điều kiện".to_string()
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "ward share {:.0}% {} {:.0}% ({}) {}{}",
                100.0 * u.share,
                if u.share + 1e-9 >= u.min { "≥" } else { "<" },
                100.0 * u.min,
                article(&u.source),
                u.tag,
                if u.share + 1e-9 < u.min && u.met {
                    format!(
                        ", not below its share before the merge ({:.0}%)",
                        100.0 * u.before
                    )
                } else if !u.met {
                    ": condition not met".to_string()
                } else {
                    String::new()
                }
            ),
        });
    }
    let unjudged = match kind {
        UnitKind::ThanhPho | UnitKind::ThanhPhoTw => Some(lang.pick(
            "loại đô thị không có trong dữ liệu, chưa đánh giá",
            "urban class not in the data, not judged",
        )),
        UnitKind::ThiXa => Some(lang.pick(
            "điều kiện đô thị của thị xã chưa được kiểm chứng [U], chưa đánh giá",
            "the thị xã urban conditions are unverified [U], not judged",
        )),
        UnitKind::Quan => Some(lang.pick(
            "số phường tối thiểu của quận chưa được kiểm chứng [U], chưa đánh giá",
            "the least number of phường of a quận is unverified [U], not judged",
        )),
        _ => None,
    };
    parts.extend(unjudged.map(str::to_string));
    parts.join("; ")
}
