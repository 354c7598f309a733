//! `reorg compare A B`: what differs between two scenarios' reports.

use std::collections::BTreeMap;

use super::data::{MergeRow, ReportData};
use super::doc::{Block, Col, Doc, DocTable, Section};
use super::strings::Strings;
use super::{html, markdown};
use crate::lang::{Lang, fmt_delta, fmt_int};
use crate::model::{Level, Phase};

/// A merge group's identity: its level and sorted member codes.
type GroupKey = (Level, Vec<String>);

struct ComparedGroup<'a> {
    parent: &'a str,
    row: &'a MergeRow,
}

fn groups(d: &ReportData) -> BTreeMap<GroupKey, ComparedGroup<'_>> {
    let mut out = BTreeMap::new();
    for p in &d.merges {
        for m in &p.merges {
            let mut codes: Vec<String> = m.members.iter().map(|u| u.code.to_string()).collect();
            codes.sort();
            out.insert(
                (p.level, codes),
                ComparedGroup {
                    parent: &p.parent_name,
                    row: m,
                },
            );
        }
    }
    out
}

fn totals(d: &ReportData) -> [i64; 6] {
    let units: u64 = d.counts.iter().map(|c| u64::from(c.merged_units)).sum();
    let people: u64 = d.counts.iter().map(|c| c.people_touched).sum();
    let st = d.staffing_totals();
    let i = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    [
        i(d.group_count() as u64),
        i(units),
        i(people),
        i(d.unresolved.len() as u64),
        i(st[2]),
        i(st[5]),
    ]
}

fn members_text(r: &MergeRow) -> String {
    r.members
        .iter()
        .map(|m| m.name.as_str())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Builds the comparison document.
///
/// # Complexity
/// O(g log g) for g merge groups.
fn build(a: &ReportData, b: &ReportData, a_name: &str, b_name: &str, lang: Lang) -> Doc {
    let s = Strings::for_lang(lang);
    let mut sections = Vec::new();
    let num = |v: i64| fmt_int(v, lang);

    // Headline indicators.
    let (ta, tb) = (totals(a), totals(b));
    let labels = [
        s.cmp_groups,
        s.cmp_units_touched,
        s.cmp_people_touched,
        s.cmp_unresolved,
        s.cmp_cadres_surplus,
        s.cmp_parttime_surplus,
    ];
    let mut t = new_table(
        &[s.cmp_metric, a_name, b_name, s.cmp_diff],
        &[Col::Text, Col::Num, Col::Num, Col::Num],
    );
    for (k, label) in labels.iter().enumerate() {
        t.rows.push(vec![
            vec![(*label).to_string()],
            vec![num(ta[k])],
            vec![num(tb[k])],
            vec![fmt_delta(tb[k] - ta[k], lang)],
        ]);
    }
    sections.push(Section {
        id: "indicators",
        new_page: false,
        heading: s.cmp_key_figures.to_string(),
        blocks: vec![Block::Table(t)],
    });

    // Counts after each phase.
    let mut keys: BTreeMap<(Level, Phase), (Option<u32>, Option<u32>)> = BTreeMap::new();
    for c in &a.counts {
        keys.entry((c.level, c.phase)).or_default().0 = Some(c.after);
    }
    for c in &b.counts {
        keys.entry((c.level, c.phase)).or_default().1 = Some(c.after);
    }
    let mut t = new_table(
        &[s.col_level, s.col_phase, a_name, b_name, s.cmp_diff],
        &[Col::Key, Col::Key, Col::Num, Col::Num, Col::Num],
    );
    for ((level, phase), (x, y)) in &keys {
        let show = |v: Option<u32>| v.map_or_else(|| "–".to_string(), |v| num(i64::from(v)));
        let diff = match (x, y) {
            (Some(x), Some(y)) => fmt_delta(i64::from(*y) - i64::from(*x), lang),
            _ => "–".to_string(),
        };
        t.rows.push(vec![
            vec![s.level(*level).to_string()],
            vec![s.phase(*phase)],
            vec![show(*x)],
            vec![show(*y)],
            vec![diff],
        ]);
    }
    if !t.rows.is_empty() {
        sections.push(Section {
            id: "counts",
            new_page: false,
            heading: s.cmp_counts.to_string(),
            blocks: vec![Block::Table(t)],
        });
    }

    // Groups only in one scenario, and changed ones.
    let (ga, gb) = (groups(a), groups(b));
    for (id, name, mine, other) in [("only-a", a_name, &ga, &gb), ("only-b", b_name, &gb, &ga)] {
        let mut t = new_table(
            &[s.col_parent, s.col_year, s.col_members, s.col_name],
            &[Col::Key, Col::Key, Col::Wide, Col::Key],
        );
        for (k, g) in mine.iter().filter(|(k, _)| !other.contains_key(*k)) {
            t.rows.push(vec![
                vec![g.parent.to_string()],
                vec![g.row.year.to_string()],
                vec![format!("{} ({})", members_text(g.row), s.level(k.0))],
                vec![g.row.proposed_name.clone()],
            ]);
        }
        if !t.rows.is_empty() {
            sections.push(Section {
                id,
                new_page: false,
                heading: s.cmp_only_in.replace("{n}", name),
                blocks: vec![Block::Table(t)],
            });
        }
    }
    let mut t = new_table(
        &[
            s.col_members,
            &format!("{a_name}: {}", s.col_year),
            &format!("{b_name}: {}", s.col_year),
            &format!("{a_name}: {}", s.col_name),
            &format!("{b_name}: {}", s.col_name),
        ],
        &[Col::Wide, Col::Key, Col::Key, Col::Key, Col::Key],
    );
    for (k, x) in &ga {
        if let Some(y) = gb.get(k)
            && (x.row.year != y.row.year || x.row.proposed_name != y.row.proposed_name)
        {
            t.rows.push(vec![
                vec![members_text(x.row)],
                vec![x.row.year.to_string()],
                vec![y.row.year.to_string()],
                vec![x.row.proposed_name.clone()],
                vec![y.row.proposed_name.clone()],
            ]);
        }
    }
    if !t.rows.is_empty() {
        sections.push(Section {
            id: "changed",
            new_page: false,
            heading: s.cmp_changed.to_string(),
            blocks: vec![Block::Table(t)],
        });
    }
    let same = ta == tb && sections.len() <= 2 && a.counts == b.counts;
    if same {
        sections.push(Section {
            id: "same",
            new_page: false,
            heading: s.cmp_same.to_string(),
            blocks: Vec::new(),
        });
    }
    Doc {
        title: s.cmp_title.to_string(),
        meta: vec![
            ("A".to_string(), a_name.to_string()),
            ("B".to_string(), b_name.to_string()),
        ],
        sections,
        footer: s.generated_by.to_string(),
    }
}

fn new_table(head: &[&str], cols: &[Col]) -> DocTable {
    DocTable::new(head, cols)
}

/// Renders the differences between scenario A and B as Markdown.
///
/// # Complexity
/// O(g log g) for g merge groups.
pub fn compare_markdown(
    a: &ReportData,
    b: &ReportData,
    a_name: &str,
    b_name: &str,
    lang: Lang,
) -> String {
    markdown::render(&build(a, b, a_name, b_name, lang))
}

/// Renders the differences between scenario A and B as a self-contained HTML page.
///
/// # Complexity
/// O(g log g) for g merge groups.
pub fn compare_html(
    a: &ReportData,
    b: &ReportData,
    a_name: &str,
    b_name: &str,
    lang: Lang,
) -> String {
    html::render(
        &build(a, b, a_name, b_name, lang),
        lang,
        &BTreeMap::new(),
        None,
    )
}
