//! The map as each phase starts: the communes of the dataset with the
//! merges of the earlier phases applied (their polygons dissolved), each
//! in its district as it is then. The per-phase maps of the report and the
//! interactive map are drawn from it.

use std::collections::BTreeMap;

use crate::geo::ring::degrees;
use crate::geo::{Feature, IntPolygon, ProvinceGeometry, Rings, dissolve};
use crate::model::{Level, Phase, UnitCode};
use crate::pipeline::PlanResult;

/// A unit of the map at the start of a phase: its code and the original
/// communes it is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PhaseUnit {
    /// The unit's code (a merged unit keeps its named member's).
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Its district at the start of the phase.
    pub district: UnitCode,
    /// The original communes forming it, in code order.
    pub origins: Vec<UnitCode>,
}

/// The commune-level units live at the start of `phase`, from the
/// communes of `g` (the dataset's map): every merge of an earlier phase
/// applied, and every district code followed through the earlier district
/// merges. In code order.
///
/// # Complexity
/// O(n log n + m · k) for n communes and m merges of k members.
pub(crate) fn units_at(g: &ProvinceGeometry, result: &PlanResult, phase: Phase) -> Vec<PhaseUnit> {
    let mut live: BTreeMap<UnitCode, PhaseUnit> = g
        .features
        .iter()
        .map(|f| {
            let code = UnitCode::from(f.code.as_str());
            (
                code.clone(),
                PhaseUnit {
                    code: code.clone(),
                    name: f.name.clone(),
                    district: UnitCode::from(f.district_code.as_str()),
                    origins: vec![code],
                },
            )
        })
        .collect();
    let mut district_to: BTreeMap<UnitCode, UnitCode> = BTreeMap::new();
    for grp in result.groups.iter().filter(|g| g.phase < phase) {
        match grp.level {
            Level::District => {
                for m in &grp.members {
                    district_to.insert(m.unit.code.clone(), grp.new_unit.code.clone());
                }
                for v in district_to.values_mut() {
                    if grp.members.iter().any(|m| &m.unit.code == v) {
                        *v = grp.new_unit.code.clone();
                    }
                }
            }
            Level::Commune => {
                let mut origins = Vec::new();
                let mut found = false;
                for m in &grp.members {
                    if let Some(u) = live.remove(&m.unit.code) {
                        origins.extend(u.origins);
                        found = true;
                    }
                }
                if !found {
                    continue;
                }
                origins.sort();
                live.insert(
                    grp.new_unit.code.clone(),
                    PhaseUnit {
                        code: grp.new_unit.code.clone(),
                        name: grp.proposed_name.clone(),
                        district: grp.parent_code.clone(),
                        origins,
                    },
                );
            }
            Level::Province => {}
        }
    }
    let mut out: Vec<PhaseUnit> = live.into_values().collect();
    for u in &mut out {
        if let Some(d) = district_to.get(&u.district) {
            u.district = d.clone();
        }
    }
    out
}

/// GeoJSON rings (degrees, closed) of an integer polygon.
pub(crate) fn rings_of(p: &IntPolygon) -> Rings {
    std::iter::once(&p.exterior)
        .chain(p.holes.iter())
        .map(|r| {
            let mut ring: Vec<(f64, f64)> = r.iter().map(|q| degrees(*q)).collect();
            if let Some(first) = ring.first().copied() {
                ring.push(first);
            }
            ring
        })
        .collect()
}

/// The geometry of the map at the start of `phase`: one feature per unit
/// of [`units_at`], its polygons the union of its original communes'.
///
/// # Complexity
/// O(E log E) in the polygon edges of the merged units, O(n log n) otherwise.
pub(crate) fn geometry_at(
    g: &ProvinceGeometry,
    result: &PlanResult,
    phase: Phase,
) -> ProvinceGeometry {
    let by_code: BTreeMap<&str, &Feature> =
        g.features.iter().map(|f| (f.code.as_str(), f)).collect();
    let features = units_at(g, result, phase)
        .into_iter()
        .map(|u| {
            let polygons = if let [only] = u.origins.as_slice() {
                by_code
                    .get(only.as_str())
                    .map(|f| f.polygons.clone())
                    .unwrap_or_default()
            } else {
                dissolve(
                    u.origins
                        .iter()
                        .filter_map(|c| by_code.get(c.as_str()))
                        .flat_map(|f| f.polygons.iter()),
                )
                .polygons
                .iter()
                .map(rings_of)
                .collect()
            };
            Feature {
                code: u.code.to_string(),
                name: u.name,
                district_code: u.district.to_string(),
                polygons,
            }
        })
        .collect();
    ProvinceGeometry {
        source: g.source.clone(),
        features,
    }
}
