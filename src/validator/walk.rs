//! The map after a phase, walked: commune kinds under their district and
//! unique names (docs/legal-basis.md §2.11, §2.7).

use std::collections::BTreeMap;

use super::replay::province_unit;
use super::{CheckOptions, CheckRule};
use crate::lang::Lang;
use crate::legal::name_key;
use crate::model::{Level, Phase, UnitCode};
use crate::pipeline::workmap::{Slot, WorkMap};
use crate::rules::RuleSet;

/// What makes two map findings the same finding (to tell those already on
/// the map as loaded).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct IssueKey {
    pub(super) rule: CheckRule,
    pub(super) parent: UnitCode,
    pub(super) units: Vec<UnitCode>,
    pub(super) detail: String,
}

pub(super) struct Issue {
    pub(super) key: IssueKey,
    pub(super) message: String,
}

/// Walks the map after `phase`: commune kinds under their district
/// (Hiến pháp 2013 Điều 110) and unique names (communes within a district
/// or, in the two-level model of the 2025 round, within a province;
/// districts within a province). Returns the issues and the number of
/// districts and communes in scope.
pub(super) fn walk(
    map: &WorkMap,
    rules: &RuleSet,
    phase: Phase,
    opts: &CheckOptions,
) -> (Vec<Issue>, (usize, usize)) {
    let lang = opts.lang;
    let in_scope = |s: Slot| {
        opts.province
            .as_ref()
            .is_none_or(|p| province_unit(map, s).is_some_and(|u| &u.code == p))
    };
    let districts: Vec<Slot> = map
        .live_at(Level::District)
        .into_iter()
        .filter(|&s| in_scope(s))
        .collect();
    let communes: Vec<Slot> = map
        .live_at(Level::Commune)
        .into_iter()
        .filter(|&s| in_scope(s))
        .collect();
    let mut issues = Vec::new();
    for &c in &communes {
        let u = map.unit(c);
        let Some(d) = u.parent_code.as_ref().and_then(|p| map.slot_of(p)) else {
            continue;
        };
        let p = map.unit(d);
        if p.level == Level::District && !rules.may_hold(p.kind, u.kind) {
            let source = rules.structure_of(p.kind).map_or("", |s| s.source.as_str());
            issues.push(Issue {
                key: IssueKey {
                    rule: CheckRule::Structure,
                    parent: p.code.clone(),
                    units: vec![u.code.clone()],
                    detail: format!("{}>{}", p.kind.as_str(), u.kind.as_str()),
                },
                message: match lang {
                    Lang::Vi => format!(
                        "{} thuộc {}: {} không được có {} ({})",
                        u.name,
                        p.name,
                        p.kind.label_vi().to_lowercase(),
                        u.kind.label_vi().to_lowercase(),
                        source
                    ),
                    Lang::En => format!(
                        "{} lies in {}: a {} may not hold a {} ({})",
                        u.name,
                        p.name,
                        p.kind.as_str(),
                        u.kind.as_str(),
                        source
                    ),
                },
            });
        }
    }
    let scope_of = |s: Slot| -> Option<UnitCode> {
        let u = map.unit(s);
        if u.level == Level::Commune && phase == Phase::Round2025 {
            province_unit(map, s).map(|p| p.code.clone())
        } else {
            u.parent_code.clone()
        }
    };
    for slots in [&districts, &communes] {
        let mut by: BTreeMap<(UnitCode, String), Vec<Slot>> = BTreeMap::new();
        for &s in slots {
            if let Some(p) = scope_of(s) {
                by.entry((p, name_key(&map.unit(s).name)))
                    .or_default()
                    .push(s);
            }
        }
        for ((parent, key), same) in by.into_iter().filter(|(_, v)| v.len() > 1) {
            let parent_name = map
                .slot_of(&parent)
                .map_or_else(|| parent.to_string(), |s| map.unit(s).name.clone());
            let mut units: Vec<UnitCode> = same.iter().map(|&s| map.unit(s).code.clone()).collect();
            units.sort();
            let name = map.unit(same[0]).name.clone();
            issues.push(Issue {
                key: IssueKey {
                    rule: CheckRule::UniqueName,
                    parent: parent.clone(),
                    units,
                    detail: key,
                },
                message: match lang {
                    Lang::Vi => format!(
                        "{} đơn vị cùng tên “{name}” trong {parent_name}",
                        same.len()
                    ),
                    Lang::En => format!("{} units named “{name}” in {parent_name}", same.len()),
                },
            });
        }
    }
    (issues, (districts.len(), communes.len()))
}
