//! The domain model: units, codes, kinds, levels and a validated dataset.

mod dataset;
mod unit;

pub use dataset::{Dataset, Edge, UnitId};
pub use unit::{ArrangedIn, Attributes, Level, Unit, UnitClass, UnitCode, UnitKind};
