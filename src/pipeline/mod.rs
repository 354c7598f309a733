//! The national pipeline: district level then commune level, phase 1 then
//! phase 2, on the map each step produces.

pub mod changes;
pub mod merge;
pub mod output;
pub mod run;
pub mod workmap;

pub use changes::{StandardVerdict, StructureCause, UnitChange};
pub use run::{
    Member, PipelineError, PlanResult, PlannedGroup, RunOptions, RunStats, UnresolvedTarget, run,
};
