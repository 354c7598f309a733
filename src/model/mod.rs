//! The domain model: units, codes, kinds, levels, phases and a validated dataset.

mod dataset;
mod phase;
mod unit;

pub use dataset::{Dataset, Edge, UnitGraph, UnitId};
pub use phase::Phase;
pub use unit::{
    ArrangedIn, Attributes, Consultation, Level, Unit, UnitClass, UnitCode, UnitKind, short_name_of,
};
