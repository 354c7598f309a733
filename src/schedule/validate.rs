//! Checks of the scheduler's input: values, ids, dependencies, windows.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};

use super::error::ScheduleError;
use super::types::ScheduleItem;
use crate::model::{Phase, UnitCode};
use crate::scenario::{ScheduleConfig, YearWindow};

/// The checked dependency structure.
#[derive(Debug)]
pub(super) struct Checked {
    /// For each item, the indices of the items it depends on (sorted, unique).
    pub deps: Vec<Vec<usize>>,
    /// The window of each phase that has items.
    pub windows: BTreeMap<Phase, YearWindow>,
}

/// Validates `items` against the invariants of [`ScheduleItem`] and the
/// windows of `config`.
///
/// # Errors
/// The first problem found, in this order: values, duplicate ids, unknown or
/// misplaced dependencies, cycles, districts in two provinces, windows.
///
/// # Complexity
/// O((n + m) log n) for n items and m dependencies.
pub(super) fn check(
    items: &[ScheduleItem],
    config: &ScheduleConfig,
) -> Result<Checked, ScheduleError> {
    for it in items {
        check_values(it)?;
    }
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        if index.insert(it.group_id.as_str(), i).is_some() {
            return Err(ScheduleError::DuplicateGroup {
                group_id: it.group_id.clone(),
            });
        }
    }
    let mut deps = Vec::with_capacity(items.len());
    for it in items {
        let mut ds = BTreeSet::new();
        for d in &it.depends_on {
            let Some(&j) = index.get(d.as_str()) else {
                return Err(ScheduleError::UnknownDependency {
                    group_id: it.group_id.clone(),
                    depends_on: d.clone(),
                });
            };
            let dep = &items[j];
            if dep.phase > it.phase {
                return Err(ScheduleError::DependencyInLaterPhase {
                    group_id: it.group_id.clone(),
                    phase: it.phase,
                    depends_on: d.clone(),
                    dependency_phase: dep.phase,
                });
            }
            if dep.province != it.province {
                return Err(ScheduleError::DependencyAcrossProvinces {
                    group_id: it.group_id.clone(),
                    depends_on: d.clone(),
                });
            }
            ds.insert(j);
        }
        deps.push(ds.into_iter().collect::<Vec<_>>());
    }
    check_acyclic(items, &deps)?;
    let mut province_of: BTreeMap<&UnitCode, &UnitCode> = BTreeMap::new();
    for it in items {
        if let Some(p) = province_of.insert(&it.district, &it.province)
            && p != &it.province
        {
            let (first, second) = if p < &it.province {
                (p.clone(), it.province.clone())
            } else {
                (it.province.clone(), p.clone())
            };
            return Err(ScheduleError::DistrictInTwoProvinces {
                district: it.district.clone(),
                first,
                second,
            });
        }
    }
    let mut windows = BTreeMap::new();
    for phase in items.iter().map(|i| i.phase).collect::<BTreeSet<_>>() {
        let w = config.window(phase);
        if w.is_empty() {
            return Err(ScheduleError::InvalidWindow {
                phase,
                first: w.first,
                last: w.last,
            });
        }
        if let Some((&earlier, prev)) = windows.last_key_value() {
            let prev: &YearWindow = prev;
            if prev.last >= w.first {
                return Err(ScheduleError::OverlappingWindows {
                    earlier,
                    earlier_last: prev.last,
                    later: phase,
                    later_first: w.first,
                });
            }
        }
        windows.insert(phase, w);
    }
    Ok(Checked { deps, windows })
}

fn check_values(it: &ScheduleItem) -> Result<(), ScheduleError> {
    let bad = |field, value, expected| ScheduleError::InvalidValue {
        group_id: it.group_id.clone(),
        field,
        value,
        expected,
    };
    if !it.severity.is_finite() {
        return Err(bad("severity", it.severity, "a finite number"));
    }
    for (field, v) in [
        ("readiness", it.readiness),
        ("consent_share", it.consent_share),
    ] {
        if let Some(x) = v
            && !(0.0..=1.0).contains(&x)
        {
            return Err(bad(field, x, "a share between 0 and 1"));
        }
    }
    Ok(())
}

/// Checks that the dependencies have no cycle: a topological order exists
/// (petgraph's `toposort`); otherwise the groups on a cycle are those of the
/// strongly connected components of more than one item, or with a
/// dependency on themselves (petgraph's `tarjan_scc`).
///
/// # Complexity
/// O(n + m) for n items and m dependencies.
fn check_acyclic(items: &[ScheduleItem], deps: &[Vec<usize>]) -> Result<(), ScheduleError> {
    let n = items.len();
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, deps.iter().map(Vec::len).sum());
    for _ in 0..n {
        g.add_node(());
    }
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            g.add_edge(NodeIndex::new(d), NodeIndex::new(i), ());
        }
    }
    if toposort(&g, None).is_ok() {
        return Ok(());
    }
    let mut group_ids: Vec<String> = tarjan_scc(&g)
        .into_iter()
        .filter(|scc| scc.len() > 1 || g.contains_edge(scc[0], scc[0]))
        .flatten()
        .map(|i| items[i.index()].group_id.clone())
        .collect();
    group_ids.sort();
    Err(ScheduleError::DependencyCycle { group_ids })
}

/// Same-phase dependents of each item (the reverse of `deps` restricted to a phase).
pub(super) fn same_phase_dependents(
    items: &[ScheduleItem],
    deps: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); items.len()];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            if items[d].phase == items[i].phase {
                out[d].push(i);
            }
        }
    }
    out
}
