//! Shared by the GeoJSON exports ([`super::plan_geojson`],
//! [`super::regions_geojson`]): finding the polygons of original communes,
//! dissolving a unit's members with missing-geometry bookkeeping, and
//! assembling the FeatureCollection text.

use std::collections::BTreeMap;

use super::dissolve::{IntPolygon, dissolve};
use super::export::{MissingGeometry, PlanGeoJson};
use super::write::{Prop, write_feature};
use crate::charts::map::{Feature, ProvinceGeometry};
use crate::model::UnitCode;

/// The polygons of a dataset's communes by code (a code present in two
/// files is taken from the first).
pub(super) struct FeatureIndex<'g>(BTreeMap<&'g str, &'g Feature>);

impl<'g> FeatureIndex<'g> {
    /// Indexes every feature of `geometry`.
    ///
    /// # Complexity
    /// O(F log F) for F features.
    pub(super) fn new(geometry: &'g [ProvinceGeometry]) -> FeatureIndex<'g> {
        let mut index = BTreeMap::new();
        for g in geometry {
            for f in &g.features {
                index.entry(f.code.as_str()).or_insert(f);
            }
        }
        FeatureIndex(index)
    }

    /// Whether `code` has a polygon.
    pub(super) fn contains(&self, code: &str) -> bool {
        self.0.contains_key(code)
    }
}

/// A FeatureCollection being written, with what could not be drawn.
pub(super) struct Collection {
    out: PlanGeoJson,
}

/// The dissolved polygon of one unit and its members without a polygon.
pub(super) struct UnitShape {
    /// Union of the members' polygons (empty when none has one).
    pub polygons: Vec<IntPolygon>,
    /// Members without a polygon, in the order given.
    pub missing_members: Vec<UnitCode>,
}

impl Collection {
    /// An empty collection.
    pub(super) fn new() -> Collection {
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
    pub(super) fn dissolve(
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
    pub(super) fn push(&mut self, props: &[(&str, Prop)], polygons: &[IntPolygon]) {
        if self.out.features > 0 {
            self.out.text.push_str(",\n");
        }
        write_feature(&mut self.out.text, props, polygons);
        self.out.features += 1;
    }

    /// Closes the collection.
    pub(super) fn finish(mut self) -> PlanGeoJson {
        self.out.text.push_str("\n]}\n");
        self.out
    }
}

/// Codes joined by `;`.
pub(super) fn join(codes: &[UnitCode]) -> String {
    codes
        .iter()
        .map(UnitCode::as_str)
        .collect::<Vec<_>>()
        .join(";")
}
