//! `reorg` plans the rearrangement ("sắp xếp") of Vietnam's district- and
//! commune-level administrative units for 2023–2030 under Resolution
//! 35/2023/UBTVQH15.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! io (load, validate) ─► model ─► rules ─► assess ─► planner ─► schedule ─► staffing ─► report
//! ```
//!
//! - [`io`] reads `units.csv` and `adjacency.csv` and reports every problem
//!   with file, line and column;
//! - [`model`] holds the validated [`model::Dataset`];
//! - [`rules`] holds the legal standards, criteria and exemptions as data,
//!   each value citing its article;
//! - [`assess`] says, per unit and phase, whether the law requires it to be
//!   rearranged, and why.

pub mod assess;
pub mod backtest;
pub mod io;
pub mod model;
pub mod pipeline;
pub mod regionalize;
pub mod rules;
pub mod scenario;
