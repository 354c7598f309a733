//! Text rendering of a rule set for `reorg rules`.

use std::fmt::Write as _;

use super::RuleSet;
use super::schema::Sourced;
use crate::lang::Lang;
use crate::lang::catalogue::source_note;
use crate::model::UnitKind;

/// A kind as the reader of `lang` knows it: its Vietnamese label
/// (`Thị trấn`), or its key in English (`thi_tran`, as in units.csv).
fn kind_name(k: UnitKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => k.label_vi(),
        Lang::En => k.as_str(),
    }
}

/// A source with its tag, the notes in `lang`.
fn cited(tag: impl std::fmt::Display, source: &str, lang: Lang) -> String {
    format!("{tag} {}", source_note(source, lang))
}

/// Pads `s` with spaces to `width` characters (not bytes: Vietnamese text).
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(n)));
    out
}

/// Formats a number with thousands separators (`.` in Vietnamese, `,` in English)
/// and up to two decimals.
pub fn format_number(v: f64, lang: Lang) -> String {
    let (sep, dec) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{v:.2}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && digits[i - 1] != '-' {
            out.push(sep);
        }
        out.push(*c);
    }
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push(dec);
        out.push_str(frac);
    }
    out
}

fn value(s: &Sourced, lang: Lang) -> String {
    format!("{} {}", format_number(s.value, lang), s.tag)
}

/// A table as aligned text: header row, rule, rows.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<String>| -> String {
        let last = cells.len().saturating_sub(1);
        let mut l = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                l.push_str(c);
            } else {
                l.push_str(&pad(c, *w));
                l.push_str("  ");
            }
        }
        l.trim_end().to_string()
    };
    out.push_str(&line(header.iter().map(|h| h.to_string()).collect()));
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    out.push_str(&"-".repeat(total.min(120)));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.clone()));
        out.push('\n');
    }
    out
}

/// The rule set as text: standards with sources and tags, reductions, the
/// reduction policy, criteria and exemptions, in `lang`.
///
/// # Complexity
/// O(size of the rule set).
pub fn render_rules(set: &RuleSet, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({})",
        lang.pick(&set.title_vi, &set.title_en),
        set.name
    );
    let phases: Vec<&str> = set.phases.iter().map(|p| p.as_str()).collect();
    let _ = writeln!(out, "{}: {}", t("Giai đoạn", "Phases"), phases.join(", "));
    let _ = writeln!(
        out,
        "{}",
        t(
            "Nhãn: [V] đã kiểm chứng, [S] nguồn thứ cấp, [U] chưa kiểm chứng",
            "Tags: [V] verified, [S] secondary source, [U] unverified"
        )
    );
    let notes = match lang {
        Lang::Vi if !set.notes_vi.is_empty() => &set.notes_vi,
        _ => &set.notes,
    };
    for n in notes {
        let _ = writeln!(out, "  * {n}");
    }

    let _ = writeln!(
        out,
        "\n{}",
        t(
            "TIÊU CHUẨN (diện tích tự nhiên, quy mô dân số)",
            "STANDARDS (natural area, population)"
        )
    );
    let rows: Vec<Vec<String>> = set
        .standards
        .iter()
        .map(|s| {
            let src = if s.area_km2.source == s.population.source {
                source_note(&s.area_km2.source, lang)
            } else {
                format!(
                    "{} | {}",
                    source_note(&s.area_km2.source, lang),
                    source_note(&s.population.source, lang)
                )
            };
            let mut row = vec![
                s.id.clone(),
                lang.pick(&s.label_vi, &s.label_en).to_string(),
                value(&s.area_km2, lang),
                value(&s.population, lang),
                src,
            ];
            // The standard's key is for rule files; a reader has its label.
            if lang == Lang::Vi {
                row.remove(0);
            }
            row
        })
        .collect();
    let mut header = vec![
        "id",
        t("Đơn vị", "Unit"),
        t("Diện tích (km²) ≥", "Area (km²) ≥"),
        t("Dân số (người) ≥", "Population ≥"),
        t("Nguồn", "Source"),
    ];
    if lang == Lang::Vi {
        header.remove(0);
    }
    out.push_str(&table(&header, &rows));

    let _ = writeln!(
        out,
        "\n{}",
        t("MỨC GIẢM THEO YẾU TỐ ĐẶC THÙ", "SPECIAL-FACTOR REDUCTIONS")
    );
    if set.reductions.is_empty() {
        let _ = writeln!(out, "{}", t("(không có)", "(none)"));
    } else {
        let rows: Vec<Vec<String>> = set
            .reductions
            .iter()
            .map(|r| {
                let kinds: Vec<&str> = r.kinds.iter().map(|k| kind_name(*k, lang)).collect();
                let mut effect = format!(
                    "{} × {}",
                    t(
                        if r.target.as_str() == "area" {
                            "diện tích"
                        } else {
                            "dân số"
                        },
                        r.target.as_str()
                    ),
                    format_number(r.factor, lang)
                );
                if let (Some(ss), Some(sf), Some(mf)) = (r.step_share, r.step_factor, r.min_factor)
                {
                    let _ = write!(
                        effect,
                        " −{} / +{} {}, {} {}",
                        format_number(sf, lang),
                        format_number(ss, lang),
                        t("DTTS", "ethnic share"),
                        t("tối thiểu", "floor"),
                        format_number(mf, lang)
                    );
                }
                if let Some(b) = &r.base_standard {
                    // The standard by its label in Vietnamese, its key in English.
                    let base = match lang {
                        Lang::Vi => set
                            .standards
                            .iter()
                            .find(|s| &s.id == b)
                            .map_or(b.as_str(), |s| s.label_vi.as_str()),
                        Lang::En => b.as_str(),
                    };
                    let _ = write!(effect, " ({} {base})", t("của tiêu chuẩn", "of"));
                }
                vec![
                    r.id.clone(),
                    lang.pick(&r.label_vi, &r.label_en).to_string(),
                    kinds.join(t(", ", ",")),
                    effect,
                    cited(r.tag, &r.source, lang),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                t("Mã", "id"),
                t("Yếu tố", "Factor"),
                t("Loại", "Kinds"),
                t("Mức", "Effect"),
                t("Nguồn", "Source"),
            ],
            &rows,
        ));
        if let Some(p) = &set.reduction_policy {
            let _ = writeln!(
                out,
                "{} {}: {} — {} {}",
                p.id,
                p.tag,
                lang.pick(&p.label_vi, &p.label_en),
                source_note(&p.source, lang),
                if p.one_per_standard {
                    t(
                        "(áp dụng mức giảm có lợi nhất, không cộng dồn)",
                        "(the most favourable single reduction, no stacking)",
                    )
                } else {
                    t("(cộng dồn)", "(stacked)")
                }
            );
        }
    }

    let _ = writeln!(
        out,
        "\n{}",
        t(
            "TIÊU CHÍ THUỘC DIỆN SẮP XẾP (a = diện tích / tiêu chuẩn, p = dân số / tiêu chuẩn)",
            "CRITERIA (a = area / standard, p = population / standard)"
        )
    );
    let rows: Vec<Vec<String>> = set
        .criteria
        .iter()
        .map(|c| {
            let levels: Vec<&str> = c
                .levels
                .iter()
                .map(|l| match (lang, l.as_str()) {
                    (Lang::Vi, "district") => "cấp huyện",
                    (Lang::Vi, "commune") => "cấp xã",
                    (_, s) => s,
                })
                .collect();
            vec![
                c.id.clone(),
                c.phase.as_str().to_string(),
                levels.join(", "),
                format!(
                    "a < {}% {} p < {}%",
                    format_number(c.area_below * 100.0, lang),
                    t("và", "and"),
                    format_number(c.population_below * 100.0, lang)
                ),
                cited(c.tag, &c.source, lang),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            t("Mã", "id"),
            t("Giai đoạn", "Phase"),
            t("Cấp", "Level"),
            t("Điều kiện", "Condition"),
            t("Nguồn", "Source"),
        ],
        &rows,
    ));
    if set.criteria.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            t(
                "(không có: bộ quy tắc chỉ quy định tiêu chuẩn; đơn vị được đánh giá đạt / chưa đạt tiêu chuẩn)",
                "(none: the set defines standards only; units are assessed as meeting / below the standard)"
            )
        );
    }

    let _ = writeln!(
        out,
        "\n{}",
        t("TRƯỜNG HỢP KHÔNG BẮT BUỘC SẮP XẾP", "EXEMPTIONS")
    );
    let rows: Vec<Vec<String>> = set
        .exemptions
        .iter()
        .map(|e| {
            let mut when: Vec<String> = e.flags.iter().map(|f| f.as_str().to_string()).collect();
            when.extend(
                e.arranged_in
                    .iter()
                    .map(|a| format!("arranged_in = {}", a.as_str())),
            );
            let phases = if e.phases.is_empty() {
                t("mọi giai đoạn", "all phases").to_string()
            } else {
                e.phases
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            vec![
                e.id.clone(),
                lang.pick(&e.label_vi, &e.label_en).to_string(),
                when.join(t(" hoặc ", " | ")),
                phases,
                cited(e.tag, &e.source, lang),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            t("Mã", "id"),
            t("Nội dung", "What"),
            t("Cột trong units.csv", "Columns"),
            t("Giai đoạn", "Phases"),
            t("Nguồn", "Source"),
        ],
        &rows,
    ));
    out.push_str(&render_merged_units(set, lang));
    out
}

/// The rules about merged units (NQ 76/2025 N4 and N7): group exemptions
/// and the kind a merged unit takes; empty when the set has neither.
fn render_merged_units(set: &RuleSet, lang: Lang) -> String {
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let mut out = String::new();
    let mut section = |heading: &str, header: &[&str], rows: Vec<Vec<String>>| {
        if !rows.is_empty() {
            let _ = writeln!(out, "\n{heading}");
            out.push_str(&table(header, &rows));
        }
    };
    section(
        t(
            "ĐƠN VỊ HÌNH THÀNH SAU SẮP XẾP KHÔNG PHẢI XEM XÉT TIÊU CHUẨN",
            "MERGED UNITS EXEMPT FROM THE STANDARDS",
        ),
        &[
            t("Mã", "id"),
            t("Nội dung", "What"),
            t("Số đơn vị → loại", "Units → kind"),
            t("Nguồn", "Source"),
        ],
        set.group_exemptions
            .iter()
            .map(|g| {
                let kinds: Vec<&str> = g.into_kinds.iter().map(|k| kind_name(*k, lang)).collect();
                vec![
                    g.id.clone(),
                    lang.pick(&g.label_vi, &g.label_en).to_string(),
                    format!("≥ {} → {}", g.min_units, kinds.join(t(" hoặc ", " | "))),
                    cited(g.tag, &g.source, lang),
                ]
            })
            .collect(),
    );
    section(
        t(
            "LOẠI ĐƠN VỊ HÌNH THÀNH SAU SẮP XẾP",
            "KIND OF THE MERGED UNIT",
        ),
        &[t("Loại", "Kind"), t("Nguồn", "Source")],
        set.kinds_after_merge
            .iter()
            .map(|k| {
                vec![
                    format!("{} → {}", kind_name(k.from, lang), kind_name(k.to, lang)),
                    cited(k.tag, &k.source, lang),
                ]
            })
            .collect(),
    );
    section(
        t(
            "CƠ CẤU: LOẠI ĐƠN VỊ CẤP XÃ MỖI LOẠI ĐƠN VỊ CẤP HUYỆN ĐƯỢC CÓ",
            "STRUCTURE: COMMUNE KINDS EACH DISTRICT KIND MAY HOLD",
        ),
        &[
            t("Cấp huyện", "District kind"),
            t("Gồm", "Holds"),
            t("Nguồn", "Source"),
        ],
        set.structure
            .iter()
            .map(|s| {
                let kids: Vec<&str> = s.children.iter().map(|k| kind_name(*k, lang)).collect();
                vec![
                    kind_name(s.parent, lang).to_string(),
                    kids.join(", "),
                    cited(s.tag, &s.source, lang),
                ]
            })
            .collect(),
    );
    section(
        t(
            "ĐIỀU KIỆN ĐÔ THỊ KHI ĐƠN VỊ ĐÔ THỊ MỞ RỘNG",
            "URBAN CONDITIONS OF A GROWING URBAN UNIT",
        ),
        &[
            t("Loại", "Kind"),
            t("Nội dung", "What"),
            t("Tối thiểu", "Minimum"),
            t("Nguồn", "Source"),
        ],
        set.urban_conditions
            .iter()
            .map(|c| {
                vec![
                    kind_name(c.kind, lang).to_string(),
                    lang.pick(&c.label_vi, &c.label_en).to_string(),
                    format!("{:.0}%", 100.0 * c.ward_share_min.value),
                    cited(c.ward_share_min.tag, &c.ward_share_min.source, lang),
                ]
            })
            .collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_unit_rules_are_listed_only_where_the_set_has_them() {
        let nq76 = RuleSet::builtin("nq76-2025").expect("built-in");
        let text = render_rules(&nq76, Lang::En);
        assert!(
            text.contains("MERGED UNITS EXEMPT FROM THE STANDARDS"),
            "{text}"
        );
        assert!(text.contains("≥ 3 → phuong"));
        assert!(text.contains("thi_tran → xa"));
        let vi = render_rules(&nq76, Lang::Vi);
        assert!(vi.contains("LOẠI ĐƠN VỊ HÌNH THÀNH SAU SẮP XẾP"));
        assert!(vi.contains("Thị trấn → Xã"), "{vi}");
        let nq35 = RuleSet::builtin("nq35-2023").expect("built-in");
        let text = render_rules(&nq35, Lang::En);
        assert!(!text.contains("MERGED UNITS") && !text.contains("KIND OF THE MERGED UNIT"));
    }

    #[test]
    fn vietnamese_rules_hold_no_english_word_and_no_kind_key() {
        for name in ["nq35-2023", "nq653-2019", "nq76-2025"] {
            let set = RuleSet::builtin(name).expect("built-in");
            let vi = render_rules(&set, Lang::Vi);
            // The column naming units.csv's columns is the data contract.
            let prose: String = vi
                .lines()
                .map(|l| {
                    l.split("  ")
                        .filter(|cell| !cell.contains('_') && !cell.contains("units.csv"))
                        .collect::<Vec<_>>()
                        .join("  ")
                })
                .collect::<Vec<_>>()
                .join("\n");
            let words = crate::lang::catalogue::english_words_in(&prose);
            assert!(words.is_empty(), "{name}: {words:?}\n{vi}");
            for key in [
                "tinh,huyen",
                "huyen,xa",
                "original text",
                "(của xa)",
                "tinh_mien_nui",
            ] {
                assert!(!vi.contains(key), "{name}: {key}\n{vi}");
            }
        }
    }

    #[test]
    fn numbers_use_the_language_separators() {
        assert_eq!(format_number(120000.0, Lang::Vi), "120.000");
        assert_eq!(format_number(120000.0, Lang::En), "120,000");
        assert_eq!(format_number(5.5, Lang::Vi), "5,5");
        assert_eq!(format_number(850.0, Lang::En), "850");
    }
}
