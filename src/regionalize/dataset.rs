//! Building a [`Problem`] from a loaded [`Dataset`]: one level, optionally
//! one province, regions nested in districts, provinces or the whole country.

use std::collections::BTreeMap;

use super::{Problem, RegionalizeError};
use crate::model::{Dataset, Level, UnitId};
use crate::scenario::Within;

/// A [`Problem`] and the dataset units behind it.
#[derive(Clone, Debug)]
pub struct DatasetProblem {
    /// The problem; unit `i` is `units[i]`, parent `k` is `scopes[k]`.
    pub problem: Problem,
    /// Dataset unit of each problem unit, in code order.
    pub units: Vec<UnitId>,
    /// Scope unit (district or province) of each parent id; empty for
    /// [`Within::Country`].
    pub scopes: Vec<UnitId>,
    /// Whether regions must stay inside their scope.
    pub nested: bool,
    /// Units whose population is unknown (counted as 0, so a region that
    /// meets the thresholds still does with the true value).
    pub unknown_population: Vec<UnitId>,
    /// Units whose area is unknown (counted as 0, same reason).
    pub unknown_area: Vec<UnitId>,
}

/// Selects the units of `level` (of one province if `province` is given) and
/// builds the problem with the adjacency of the dataset.
///
/// # Errors
/// [`RegionalizeError::UnknownProvince`]; [`RegionalizeError::WithinNotAbove`]
/// for districts within a district or provinces within anything but the country.
///
/// # Complexity
/// O(n log n + m).
pub fn problem_from_dataset(
    ds: &Dataset,
    level: Level,
    within: Within,
    province: Option<&str>,
) -> Result<DatasetProblem, RegionalizeError> {
    let too_low = !matches!(
        (level, within),
        (Level::Commune, _) | (_, Within::Country) | (Level::District, Within::Province)
    );
    if too_low {
        return Err(RegionalizeError::WithinNotAbove {
            level: level.as_str(),
            within: within.as_str(),
        });
    }
    let prov = match province {
        Some(code) => Some(
            ds.id_of(&code.into())
                .filter(|id| ds.unit(*id).level == Level::Province)
                .ok_or_else(|| RegionalizeError::UnknownProvince {
                    code: code.to_string(),
                })?,
        ),
        None => None,
    };
    let units: Vec<UnitId> = ds
        .ids_at(level)
        .filter(|id| prov.is_none_or(|p| ds.province_of(*id) == Some(p)))
        .collect();
    let mut index = vec![u32::MAX; ds.len()];
    for (k, id) in units.iter().enumerate() {
        index[id.index()] = k as u32;
    }
    let scope_of = |id: UnitId| match within {
        Within::District => ds.parent(id),
        Within::Province => ds.province_of(id),
        Within::Country => None,
    };
    let mut scope_ids: BTreeMap<UnitId, u32> = BTreeMap::new();
    for id in &units {
        if let Some(s) = scope_of(*id) {
            scope_ids.entry(s).or_insert(0);
        }
    }
    for (k, v) in scope_ids.values_mut().enumerate() {
        *v = k as u32;
    }
    let edges: Vec<(u32, u32)> = ds
        .edges()
        .filter_map(|e| {
            let (a, b) = (index[e.a.index()], index[e.b.index()]);
            (a != u32::MAX && b != u32::MAX).then_some((a, b))
        })
        .collect();
    let mut unknown_population = Vec::new();
    let mut unknown_area = Vec::new();
    let mut pop = Vec::with_capacity(units.len());
    let mut area = Vec::with_capacity(units.len());
    for id in &units {
        let u = ds.unit(*id);
        pop.push(u.population.map_or_else(
            || {
                unknown_population.push(*id);
                0.0
            },
            |p| p as f64,
        ));
        area.push(u.area_km2.unwrap_or_else(|| {
            unknown_area.push(*id);
            0.0
        }));
    }
    let lengths: Vec<(u32, u32, f64)> = ds
        .edges()
        .filter_map(|e| {
            let (a, b) = (index[e.a.index()], index[e.b.index()]);
            (a != u32::MAX && b != u32::MAX).then_some((a, b, e.shared_border_km))
        })
        .collect();
    let mut problem = Problem::new(pop, area, &edges)?.with_shared_borders(&lengths)?;
    let nested = within != Within::Country;
    if nested {
        // A unit without a scope (cannot happen in a validated dataset) gets its own.
        let mut next = scope_ids.len() as u32;
        let parents = units
            .iter()
            .map(|id| match scope_of(*id).and_then(|s| scope_ids.get(&s)) {
                Some(&k) => k,
                None => {
                    next += 1;
                    next - 1
                }
            })
            .collect();
        problem = problem.with_parents(parents)?;
    }
    Ok(DatasetProblem {
        problem,
        units,
        scopes: scope_ids.keys().copied().collect(),
        nested,
        unknown_population,
        unknown_area,
    })
}
