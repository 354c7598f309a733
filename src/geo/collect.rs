//! Shared by the GeoJSON exports ([`crate::outputs::geojson::plan_geojson`],
//! [`crate::regionalize::regions_geojson`]): finding the polygons of original
//! communes, dissolving a unit's members with missing-geometry bookkeeping,
//! and assembling the FeatureCollection text.

use std::collections::BTreeMap;

use super::dissolve::{IntPolygon, dissolve};
use super::geojson::{Feature, ProvinceGeometry};
use super::write::{Prop, write_feature};
use crate::model::UnitCode;

/// A unit exported without (all of) its polygon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingGeometry {
    /// The unit after the plan.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Original 2023 commune codes of the unit that have no polygon in the
    /// geometry given (empty for a district without communes).
    pub missing_members: Vec<UnitCode>,
    /// Whether the feature still has a geometry made of its other members
    /// (`false`: its geometry is `null`).
    pub partial: bool,
}

/// The export and what it could not draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanGeoJson {
    /// The GeoJSON FeatureCollection (UTF-8, one feature per line, `\n`
    /// line ends, ending with a newline).
    pub text: String,
    /// Number of features written.
    pub features: usize,
    /// Units whose polygon is missing or incomplete, in code order. They are
    /// still features (with a `null` geometry when nothing is known).
    pub missing: Vec<MissingGeometry>,
    /// Holes dropped by the dissolve because no exterior contains them
    /// (inconsistent input rings; 0 on the shipped data).
    pub orphan_holes: usize,
}

/// The polygons of a dataset's communes by code (a code present in two
/// files is taken from the first).
pub struct FeatureIndex<'g>(BTreeMap<&'g str, &'g Feature>);

impl<'g> FeatureIndex<'g> {
    /// Indexes every feature of `geometry`.
    ///
    /// # Complexity
    /// O(F log F) for F features.
    pub fn new(geometry: &'g [ProvinceGeometry]) -> FeatureIndex<'g> {
        let mut index = BTreeMap::new();
        for g in geometry {
            for f in &g.features {
                index.entry(f.code.as_str()).or_insert(f);
            }
        }
        FeatureIndex(index)
    }

    /// Whether `code` has a polygon.
    pub fn contains(&self, code: &str) -> bool {
        self.0.contains_key(code)
    }
}

/// A FeatureCollection being written, with what could not be drawn.
pub struct Collection {
    out: PlanGeoJson,
}

/// The dissolved polygon of one unit and its members without a polygon.
pub struct UnitShape {
    /// Union of the members' polygons (empty when none has one).
    pub polygons: Vec<IntPolygon>,
    /// Members without a polygon, in the order given.
    pub missing_members: Vec<UnitCode>,
}

impl Default for Collection {
    fn default() -> Self {
        Collection::new()
    }
}

impl Collection {
    /// An empty collection.
    pub fn new() -> Collection {
        Collection {
            out: PlanGeoJson {
                text: String::from("{\"type\":\"FeatureCollection\",\"features\":[\n"),
                features: 0,
                missing: Vec::new(),
                orphan_holes: 0,
            },
        }
    }

    /// Dissolves the polygons of the original communes `parts` of the unit
    /// `code` `name`, and records it in [`PlanGeoJson::missing`] when some
    /// part has no polygon.
    ///
    /// # Complexity
    /// O(E log E) for E edges of the parts' polygons, plus O(k log F).
    pub fn dissolve(
        &mut self,
        index: &FeatureIndex<'_>,
        code: &UnitCode,
        name: &str,
        parts: &[UnitCode],
    ) -> UnitShape {
        let (found, lacking): (Vec<&UnitCode>, Vec<&UnitCode>) =
            parts.iter().partition(|c| index.contains(c.as_str()));
        let d = dissolve(
            found
                .iter()
                .filter_map(|c| index.0.get(c.as_str()))
                .flat_map(|f| f.polygons.iter()),
        );
        self.out.orphan_holes += d.orphan_holes;
        let missing_members: Vec<UnitCode> = lacking.into_iter().cloned().collect();
        if d.polygons.is_empty() || !missing_members.is_empty() {
            self.out.missing.push(MissingGeometry {
                code: code.clone(),
                name: name.to_string(),
                missing_members: missing_members.clone(),
                partial: !d.polygons.is_empty(),
            });
        }
        UnitShape {
            polygons: d.polygons,
            missing_members,
        }
    }

    /// Appends one feature.
    pub fn push(&mut self, props: &[(&str, Prop)], polygons: &[IntPolygon]) {
        if self.out.features > 0 {
            self.out.text.push_str(",\n");
        }
        write_feature(&mut self.out.text, props, polygons);
        self.out.features += 1;
    }

    /// Closes the collection.
    pub fn finish(mut self) -> PlanGeoJson {
        self.out.text.push_str("\n]}\n");
        self.out
    }
}

/// Codes joined by `;`.
pub fn join(codes: &[UnitCode]) -> String {
    codes
        .iter()
        .map(UnitCode::as_str)
        .collect::<Vec<_>>()
        .join(";")
}
