//! A small document model shared by the Markdown and HTML renderers, so
//! both show exactly the same content. Texts are plain (unescaped); each
//! renderer escapes them.

use super::data::{ChartRef, ReportData};
use super::strings::Strings;
use crate::lang::{Lang, fmt_dec, fmt_int, fmt_pct};
use crate::model::Phase;

/// A rendered document: title, a key/value header block and sections.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Doc {
    pub title: String,
    pub meta: Vec<(String, String)>,
    pub sections: Vec<Section>,
    pub footer: String,
}

/// A numbered section.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Section {
    /// Anchor id (ASCII).
    pub id: &'static str,
    /// Whether printing starts it on a new page.
    pub new_page: bool,
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A block inside a section.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Block {
    /// A sub-heading.
    Sub(String),
    /// A paragraph.
    Para(String),
    /// A table.
    Table(DocTable),
    /// A chart, inlined in HTML and linked in Markdown.
    Chart(ChartRef),
    /// A small note under a table.
    Small(String),
}

/// How a column is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    /// Free text, wraps.
    Text,
    /// Long free text that should get most of the width (member lists, reasons).
    Wide,
    /// Short key (year, code, level, name): never wraps.
    Key,
    /// A number: right-aligned, never wraps.
    Num,
    /// A link: the cell's first line is the text, its second the relative
    /// address (a cell of one line is plain text).
    Link,
}

/// A table; every cell is a list of lines.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DocTable {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Vec<String>>>,
    /// The layout of each column.
    pub cols: Vec<Col>,
    /// A total row, shown bold.
    pub foot: Option<Vec<String>>,
}

impl DocTable {
    pub(crate) fn new(head: &[&str], cols: &[Col]) -> Self {
        DocTable {
            head: head.iter().map(|s| (*s).to_string()).collect(),
            rows: Vec::new(),
            cols: cols.to_vec(),
            foot: None,
        }
    }

    /// The layout of column `i` (text if unspecified).
    pub(crate) fn col(&self, i: usize) -> Col {
        self.cols.get(i).copied().unwrap_or(Col::Text)
    }

    fn push(&mut self, cells: Vec<String>) {
        self.rows.push(cells.into_iter().map(|c| vec![c]).collect());
    }
}

fn opt_dec(x: Option<f64>, d: usize, lang: Lang) -> String {
    x.map_or_else(|| "–".to_string(), |v| fmt_dec(v, d, lang))
}

fn opt_int(x: Option<u64>, lang: Lang) -> String {
    x.map_or_else(
        || "–".to_string(),
        |v| fmt_int(i64::try_from(v).unwrap_or(i64::MAX), lang),
    )
}

fn opt_pct(x: Option<f64>, lang: Lang) -> String {
    x.map_or_else(|| "–".to_string(), |v| fmt_pct(v, 1, lang))
}

fn n(v: u32, lang: Lang) -> String {
    fmt_int(i64::from(v), lang)
}

fn n64(v: u64, lang: Lang) -> String {
    fmt_int(i64::try_from(v).unwrap_or(i64::MAX), lang)
}

/// Builds the report document.
///
/// # Complexity
/// O(size of the data).
pub(crate) fn build(data: &ReportData, lang: Lang) -> Doc {
    let s = Strings::for_lang(lang);
    let mut meta = Vec::new();
    for (k, v) in [
        (s.meta_area, &data.province),
        (s.meta_scenario, &data.scenario),
        (s.meta_dataset, &data.dataset),
        (s.meta_rules, &data.rule_set),
    ] {
        if !v.is_empty() {
            meta.push((k.to_string(), v.clone()));
        }
    }
    let mut sections = vec![legal(data, s), counts(data, s, lang)];
    if data.national || !data.targets.is_empty() {
        sections.push(targets(data, s, lang));
    }
    if data.provinces.is_empty() {
        sections.push(merges(data, s, lang));
        sections.push(unresolved(data, s, lang));
    } else {
        // The national report summarises by province; the province
        // reports list every merge and unresolved unit.
        sections.push(provinces(data, s, lang));
    }
    // A report made before the legal-map section (an older report.json) has none.
    if !data.legal_map.mode.is_empty() {
        sections.push(legal_map(data, s, lang));
    }
    if !data.consultation.heading.is_empty() {
        sections.push(consultation(data));
    }
    sections.push(staffing(data, s, lang));
    if !data.draft.is_empty() {
        sections.push(draft(data, s));
    }
    sections.push(Section {
        id: "charts",
        new_page: true,
        heading: s.sec_charts.to_string(),
        blocks: if data.charts.is_empty() {
            vec![Block::Para(s.none.to_string())]
        } else {
            data.charts.iter().cloned().map(Block::Chart).collect()
        },
    });
    if !data.notes.is_empty() {
        sections.push(Section {
            id: "notes",
            new_page: false,
            heading: s.sec_notes.to_string(),
            blocks: data.notes.iter().cloned().map(Block::Para).collect(),
        });
    }
    Doc {
        title: data.title.clone(),
        meta,
        sections,
        footer: s.generated_by.to_string(),
    }
}

/// The national report's summary: one row per province with its figures
/// per phase and the link to its report (when written).
fn provinces(data: &ReportData, s: &Strings, lang: Lang) -> Section {
    let phases: Vec<Phase> = data
        .provinces
        .first()
        .map(|p| p.phases.iter().map(|f| f.phase).collect())
        .unwrap_or_default();
    let mut head: Vec<String> = vec![
        s.col_province.to_string(),
        s.col_communes_before.to_string(),
    ];
    let mut cols = vec![Col::Key, Col::Num];
    for ph in &phases {
        for label in [
            s.col_districts_removed,
            s.col_commune_groups,
            s.col_communes_removed,
            s.col_unresolved_n,
            s.col_communes_after,
        ] {
            head.push(format!("{label} {}", ph.as_str()));
            cols.push(Col::Num);
        }
    }
    let linked = data.provinces.iter().any(|p| p.report.is_some());
    if linked {
        head.push(s.col_province_report.to_string());
        cols.push(Col::Link);
    }
    let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
    let mut t = DocTable::new(&head_refs, &cols);
    let mut totals = vec![0u64; head.len()];
    for p in &data.provinces {
        let mut row = vec![vec![p.name.clone()], vec![n(p.communes_before, lang)]];
        totals[1] += u64::from(p.communes_before);
        for f in &p.phases {
            for v in [
                f.districts_removed,
                f.commune_groups,
                f.communes_removed,
                f.unresolved,
                f.communes_after,
            ] {
                totals[row.len()] += u64::from(v);
                row.push(vec![n(v, lang)]);
            }
        }
        if linked {
            row.push(match &p.report {
                Some(href) => vec![s.open_report.to_string(), href.clone()],
                None => vec![String::new()],
            });
        }
        t.rows.push(row);
    }
    let mut foot: Vec<String> = totals.iter().map(|v| n64(*v, lang)).collect();
    foot[0] = s.total.to_string();
    if linked && let Some(last) = foot.last_mut() {
        last.clear();
    }
    t.foot = Some(foot);
    let mut blocks = vec![Block::Para(
        if linked {
            s.provinces_intro_linked
        } else {
            s.provinces_intro
        }
        .to_string(),
    )];
    blocks.push(Block::Table(t));
    Section {
        id: "provinces",
        new_page: true,
        heading: s.sec_provinces.to_string(),
        blocks,
    }
}

/// The draft resolution: per phase its title, then the articles (as
/// sub-headings) and paragraphs, exactly as in `du-thao-nghi-quyet.docx`.
///
/// A national report names the resolutions and points to the Word file
/// instead: their full text runs to hundreds of pages that the province
/// reports print for each province.
fn draft(data: &ReportData, s: &Strings) -> Section {
    let mut blocks = Vec::new();
    if data.national {
        blocks.push(Block::Para(
            s.draft_national
                .replace("{n}", &data.draft.len().to_string()),
        ));
        for d in &data.draft {
            blocks.push(Block::Sub(format!("NGHỊ QUYẾT {}", d.title)));
        }
        return Section {
            id: "draft",
            new_page: false,
            heading: s.sec_draft.to_string(),
            blocks,
        };
    }
    for d in &data.draft {
        blocks.push(Block::Sub(format!("NGHỊ QUYẾT {}", d.title)));
        for p in &d.paragraphs {
            blocks.push(if p.heading {
                Block::Sub(p.text.clone())
            } else {
                Block::Para(p.text.clone())
            });
        }
    }
    Section {
        id: "draft",
        new_page: true,
        heading: s.sec_draft.to_string(),
        blocks,
    }
}

fn legal(data: &ReportData, s: &Strings) -> Section {
    let mut t = DocTable::new(
        &[s.col_document, s.col_date, s.col_content],
        &[Col::Key, Col::Key, Col::Wide],
    );
    for l in &data.legal_basis {
        t.push(vec![l.document.clone(), l.date.clone(), l.content.clone()]);
    }
    Section {
        id: "legal",
        new_page: true,
        heading: s.sec_legal.to_string(),
        blocks: vec![table_or_none(t, s)],
    }
}

fn table_or_none(t: DocTable, s: &Strings) -> Block {
    if t.rows.is_empty() {
        Block::Para(s.none.to_string())
    } else {
        Block::Table(t)
    }
}

fn counts(data: &ReportData, s: &Strings, lang: Lang) -> Section {
    let mut t = DocTable::new(
        &[
            s.col_level,
            s.col_phase,
            s.col_before,
            s.col_mandatory,
            s.col_exempt,
            s.col_groups,
            s.col_merged,
            s.col_after,
            s.col_unresolved,
            s.col_people,
        ],
        &[
            Col::Key,
            Col::Key,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
        ],
    );
    for c in &data.counts {
        t.push(vec![
            s.level(c.level).to_string(),
            s.phase(c.phase),
            n(c.before, lang),
            n(c.mandatory, lang),
            n(c.exempt, lang),
            n(c.groups, lang),
            n(c.merged_units, lang),
            n(c.after, lang),
            n(c.unresolved, lang),
            n64(c.people_touched, lang),
        ]);
    }
    Section {
        id: "counts",
        new_page: true,
        heading: s.sec_counts.to_string(),
        blocks: vec![table_or_none(t, s)],
    }
}

fn merges(data: &ReportData, s: &Strings, lang: Lang) -> Section {
    let mut blocks = Vec::new();
    let mut marked = false;
    for p in &data.merges {
        if p.merges.is_empty() {
            continue;
        }
        blocks.push(Block::Sub(format!(
            "{} — {}",
            p.parent_name,
            s.merges_in_parent
                .replace("{n}", &fmt_int(p.merges.len() as i64, lang))
                .replace("{level}", &s.level(p.level).to_lowercase())
        )));
        let mut t = DocTable::new(
            &[
                s.col_year,
                s.col_members,
                s.col_name,
                s.col_area,
                s.col_population,
                s.col_area_pct,
                s.col_population_pct,
                s.col_meets,
            ],
            &[
                Col::Key,
                Col::Wide,
                Col::Key,
                Col::Num,
                Col::Num,
                Col::Num,
                Col::Num,
                Col::Key,
            ],
        );
        for m in &p.merges {
            let members = m
                .members
                .iter()
                .map(|u| {
                    format!(
                        "{}{} ({} km²; {} {})",
                        u.name,
                        if u.mandatory { "*" } else { "" },
                        opt_dec(u.area_km2, 2, lang),
                        opt_int(u.population, lang),
                        s.people
                    )
                })
                .collect();
            let mut name = vec![m.proposed_name.clone()];
            name.extend(m.name_note.iter().map(|n| format!("({n})")));
            let mut verdict = if m.meets_standard { s.yes } else { s.no }.to_string();
            if matches!(m.standard_tag.as_str(), "S" | "U") {
                marked = true;
                verdict = format!("{verdict} [{}]", m.standard_tag);
            }
            t.rows.push(vec![
                vec![m.year.to_string()],
                members,
                name,
                vec![opt_dec(m.area_km2, 2, lang)],
                vec![opt_int(m.population, lang)],
                vec![opt_pct(m.area_pct, lang)],
                vec![opt_pct(m.population_pct, lang)],
                vec![verdict],
            ]);
        }
        blocks.push(Block::Table(t));
    }
    if blocks.is_empty() {
        blocks.push(Block::Para(s.none.to_string()));
    } else {
        blocks.push(Block::Small(s.mandatory_mark_note.to_string()));
        if marked {
            blocks.push(Block::Small(s.tag_mark_note.to_string()));
        }
    }
    Section {
        id: "merges",
        new_page: true,
        heading: s.sec_merges.to_string(),
        blocks,
    }
}

fn targets(data: &ReportData, s: &Strings, lang: Lang) -> Section {
    let mut blocks = vec![Block::Small(s.targets_intro.to_string())];
    if data.national {
        blocks.push(Block::Para(s.targets_national.to_string()));
    } else {
        let mut t = DocTable::new(
            &[
                s.col_code,
                s.col_unit,
                s.col_parent,
                s.col_level,
                s.col_phase,
                s.col_criterion,
                s.col_exemption,
                s.col_area_pct,
                s.col_population_pct,
                s.col_standard,
                s.col_terrain,
            ],
            &[
                Col::Key,
                Col::Key,
                Col::Key,
                Col::Key,
                Col::Key,
                Col::Key,
                Col::Text,
                Col::Num,
                Col::Num,
                Col::Wide,
                Col::Text,
            ],
        );
        let pct = |p: Option<f64>| {
            p.map_or_else(|| "–".to_string(), |p| crate::lang::fmt_pct(p, 0, lang))
        };
        // The criterion's code in the table, its text once in a legend
        // under it (the same sentence on every row made the table long).
        let mut legend = std::collections::BTreeSet::new();
        for u in &data.targets {
            let criterion = match u.criterion.split_once(": ") {
                Some((code, _)) if code.len() <= 3 => {
                    legend.insert(u.criterion.clone());
                    code.to_string()
                }
                _ => u.criterion.clone(),
            };
            t.push(vec![
                u.code.to_string(),
                u.name.clone(),
                u.parent_name.clone(),
                s.level(u.level).to_string(),
                s.phase(u.phase),
                criterion,
                if u.exemption.is_empty() {
                    "–".into()
                } else {
                    u.exemption.clone()
                },
                pct(u.area_pct),
                pct(u.population_pct),
                u.standard.clone(),
                if u.terrain.is_empty() {
                    "–".into()
                } else {
                    u.terrain.clone()
                },
            ]);
        }
        blocks.push(table_or_none(t, s));
        if !legend.is_empty() {
            blocks.push(Block::Small(
                legend.into_iter().collect::<Vec<_>>().join("; ") + ".",
            ));
        }
    }
    Section {
        id: "targets",
        new_page: true,
        heading: s.sec_targets.to_string(),
        blocks,
    }
}

fn unresolved(data: &ReportData, s: &Strings, _lang: Lang) -> Section {
    let mut t = DocTable::new(
        &[
            s.col_code,
            s.col_unit,
            s.col_parent,
            s.col_level,
            s.col_phase,
            s.col_reason,
            s.col_best,
        ],
        &[
            Col::Key,
            Col::Key,
            Col::Key,
            Col::Key,
            Col::Key,
            Col::Wide,
            Col::Text,
        ],
    );
    for u in &data.unresolved {
        t.push(vec![
            u.code.to_string(),
            u.name.clone(),
            u.parent_name.clone(),
            s.level(u.level).to_string(),
            s.phase(u.phase),
            u.reason.clone(),
            u.best_option.clone().unwrap_or_else(|| "–".to_string()),
        ]);
    }
    Section {
        id: "unresolved",
        new_page: true,
        heading: s.sec_unresolved.to_string(),
        blocks: vec![table_or_none(t, s)],
    }
}

fn consultation(data: &ReportData) -> Section {
    let c = &data.consultation;
    let mut blocks: Vec<Block> = c.paragraphs.iter().cloned().map(Block::Para).collect();
    if !c.rows.is_empty() {
        let head: Vec<&str> = c.head.iter().map(String::as_str).collect();
        let mut cols = vec![Col::Key, Col::Key];
        cols.extend(std::iter::repeat_n(Col::Wide, head.len().saturating_sub(2)));
        let mut t = DocTable::new(&head, &cols);
        for r in &c.rows {
            t.push(r.clone());
        }
        blocks.push(Block::Table(t));
    }
    Section {
        id: "consultation",
        new_page: true,
        heading: c.heading.clone(),
        blocks,
    }
}

fn legal_map(data: &ReportData, s: &Strings, lang: Lang) -> Section {
    let l = &data.legal_map;
    let mut blocks = Vec::new();
    if !l.mode.is_empty() {
        blocks.push(Block::Para(l.mode.clone()));
    }
    blocks.push(Block::Para(
        s.legal_counts
            .replace("{c}", &n(l.kind_conflicts, lang))
            .replace("{k}", &n(l.conversions, lang))
            .replace("{r}", &n(l.renamed, lang)),
    ));
    let mut t = DocTable::new(
        &[
            s.col_phase,
            s.col_unit,
            s.col_parent,
            s.col_kind_change,
            s.col_name_after,
            s.col_verdict,
            s.col_reason,
        ],
        &[
            Col::Key,
            Col::Key,
            Col::Key,
            Col::Key,
            Col::Key,
            Col::Key,
            Col::Wide,
        ],
    );
    for c in &l.changes {
        t.push(vec![
            s.phase(c.phase),
            c.name.clone(),
            c.parent_name.clone(),
            if c.kind_change.is_empty() {
                "–".to_string()
            } else {
                c.kind_change.clone()
            },
            c.name_after.clone(),
            if c.verdict.is_empty() {
                "–".to_string()
            } else {
                c.verdict.clone()
            },
            c.reason.clone(),
        ]);
    }
    if !t.rows.is_empty() {
        blocks.push(Block::Table(t));
    }
    if l.errors.is_empty() {
        blocks.push(Block::Para(s.self_check_ok.to_string()));
    } else {
        blocks.push(Block::Para(
            s.self_check_errors
                .replace("{n}", &fmt_int(l.errors.len() as i64, lang)),
        ));
        for e in &l.errors {
            blocks.push(Block::Para(format!("– {e}")));
        }
    }
    if l.warnings > 0 {
        blocks.push(Block::Small(
            s.self_check_warnings.replace("{n}", &n(l.warnings, lang)),
        ));
    }
    Section {
        id: "legal-map",
        new_page: true,
        heading: s.sec_legal_map.to_string(),
        blocks,
    }
}

/// An empty staffing table: two leading columns (`lead`, the second of
/// kind `second`), then the six figures of `StaffingLine::figures`.
fn staffing_table(lead: [&str; 2], second: Col, s: &Strings) -> DocTable {
    DocTable::new(
        &[
            lead[0],
            lead[1],
            s.col_cadres_before,
            s.col_cadres_quota,
            s.col_cadres_surplus,
            s.col_parttime_before,
            s.col_parttime_quota,
            s.col_parttime_surplus,
        ],
        &[
            Col::Key,
            second,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
            Col::Num,
        ],
    )
}

/// The staffing table: one row per merge, or for a national report one
/// row per year (the rows of the merges summed; the province reports and
/// the workbook keep the rows per merge).
fn staffing(data: &ReportData, s: &Strings, lang: Lang) -> Section {
    if data.national {
        return staffing_by_year(data, s, lang);
    }
    let mut t = staffing_table([s.col_unit, s.col_year], Col::Key, s);
    for r in &data.staffing {
        let mut row = vec![r.unit.clone(), r.year.to_string()];
        row.extend(r.figures().iter().map(|v| n(*v, lang)));
        t.push(row);
    }
    if !t.rows.is_empty() {
        let tot = data.staffing_totals();
        let mut foot = vec![s.total.to_string(), String::new()];
        foot.extend(tot.iter().map(|v| n64(*v, lang)));
        t.foot = Some(foot);
    }
    Section {
        id: "staffing",
        new_page: true,
        heading: s.sec_staffing.to_string(),
        blocks: vec![table_or_none(t, s)],
    }
}

/// The national staffing table: per year, the number of merges and the
/// sums of their staff, quotas and surpluses; the foot is the same total
/// as the table per merge.
///
/// # Complexity
/// O(merges × log years).
fn staffing_by_year(data: &ReportData, s: &Strings, lang: Lang) -> Section {
    let mut t = staffing_table([s.col_year, s.col_groups], Col::Num, s);
    let mut years: std::collections::BTreeMap<u16, (u64, [u64; 6])> = Default::default();
    for r in &data.staffing {
        let (count, sums) = years.entry(r.year).or_default();
        *count += 1;
        for (acc, v) in sums.iter_mut().zip(r.figures()) {
            *acc += u64::from(v);
        }
    }
    for (year, (count, sums)) in &years {
        let mut row = vec![year.to_string(), n64(*count, lang)];
        row.extend(sums.iter().map(|v| n64(*v, lang)));
        t.push(row);
    }
    let mut blocks = Vec::new();
    if !t.rows.is_empty() {
        let tot = data.staffing_totals();
        let mut foot = vec![s.total.to_string(), n64(data.staffing.len() as u64, lang)];
        foot.extend(tot.iter().map(|v| n64(*v, lang)));
        t.foot = Some(foot);
        blocks.push(Block::Para(
            s.staffing_national
                .replace("{n}", &fmt_int(data.staffing.len() as i64, lang)),
        ));
    }
    blocks.push(table_or_none(t, s));
    Section {
        id: "staffing",
        new_page: true,
        heading: s.sec_staffing.to_string(),
        blocks,
    }
}
