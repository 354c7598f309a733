//! Geometry and GeoJSON: reading a dataset's unit polygons, exact integer
//! ring primitives, the dissolve of merged units, and writing GeoJSON
//! FeatureCollections byte for byte. A leaf module: it knows units only by
//! their codes, so the map chart, the planned map (`plan.geojson`,
//! [`crate::outputs::geojson`]) and the regions of `reorg regionalize`
//! ([`crate::regionalize::regions_geojson`]) all build on it.
//!
//! - [`geojson`]: [`ProvinceGeometry`], a province's polygons read from GeoJSON;
//! - [`ring`]: exact integer primitives (1e-5 degree positions), [`KM_PER_DEGREE`];
//! - [`dissolve`](mod@dissolve): union of coverage polygons by cancelling shared edges;
//! - [`collect`]: a FeatureCollection under construction, units dissolved from
//!   their original communes' polygons;
//! - [`write`](mod@write): GeoJSON text with fixed bytes;
//! - [`load`]: [`load_geometry`], a dataset's `geometry/*.geojson` files;
//! - [`adjacency`](mod@adjacency): which units share a border and how long
//!   it is (`reorg adjacency`), by matching shared edges.
//!
//! Why not a crate: `geo`'s `BooleanOps` union is general (arbitrary
//! overlaps) but works in floating point, pulls a large dependency tree
//! (slow to build on 2 cores) and returns vertex orders that depend on the
//! sweep. The shipped polygons are a coverage with shared vertices, for which
//! exact edge cancellation in integers is simpler, linearithmic and
//! byte-deterministic.

pub mod adjacency;
pub mod collect;
pub mod dissolve;
pub mod geojson;
pub mod load;
pub mod ring;
pub mod write;

pub use adjacency::{MIN_SHARED_KM, Pair, PairLevel, adjacency};
pub use collect::{Collection, FeatureIndex, MissingGeometry, PlanGeoJson, UnitShape, join};
pub use dissolve::{Dissolved, IntPolygon, dissolve};
pub use geojson::{Feature, GeoJsonError, LonLat, ProvinceGeometry, Rings};
pub use load::load_geometry;
pub use ring::KM_PER_DEGREE;
pub use write::Prop;
