//! The national pipeline: district level then commune level, phase 1 then
//! phase 2, on the map each step produces.

pub mod changes;
mod legalize;
pub mod merge;
pub mod output;
pub mod run;
pub mod workmap;

pub use changes::{StandardVerdict, StructureCause, UnitChange};
pub use run::{
    ConsentEvent, FLOOR_DIVISOR, Member, ParentGap, PipelineError, PlanResult, PlannedGroup,
    RUN_BUDGET_PARENTS, RunOptions, RunStats, UnresolvedTarget, run,
};
