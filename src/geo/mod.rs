//! GeoJSON export of the planned map (`plan.geojson`, issue #5 item 5):
//! one feature per unit after the plan, the polygons of merged units
//! dissolved from their members', with the `plan.csv` figures as properties,
//! for QGIS.
//!
//! - [`ring`]: exact integer primitives (1e-5 degree positions);
//! - [`dissolve`](mod@dissolve): union of coverage polygons by cancelling shared edges;
//! - [`export`]: [`plan_geojson`], the FeatureCollection of the planned map;
//! - [`load`]: [`load_geometry`], a dataset's `geometry/*.geojson` files;
//! - [`regions`]: [`regions_geojson`], the regions of `reorg regionalize`.
//!
//! Polygons are read by [`crate::charts::map::ProvinceGeometry`].
//!
//! Why not a crate: `geo`'s `BooleanOps` union is general (arbitrary
//! overlaps) but works in floating point, pulls a large dependency tree
//! (slow to build on 2 cores) and returns vertex orders that depend on the
//! sweep. The shipped polygons are a coverage with shared vertices, for which
//! exact edge cancellation in integers is simpler, linearithmic and
//! byte-deterministic.

mod collect;
pub mod dissolve;
pub mod export;
pub mod load;
pub mod regions;
pub mod ring;
mod write;

pub use dissolve::{Dissolved, IntPolygon, dissolve};
pub use export::{ExportLevel, MissingGeometry, PlanGeoJson, plan_geojson};
pub use load::load_geometry;
pub use regions::regions_geojson;
