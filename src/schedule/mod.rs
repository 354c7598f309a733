//! Year-by-year schedule of the merges of a plan (docs/architecture.md, "Principles").
//!
//! The province's resolution asks for an arrangement that is "tổng thể, đồng
//! bộ" (district and commune levels planned together), "thận trọng, không nóng
//! vội" (spread over the phase's years with caps per year) and whose order
//! follows "các điều kiện để xác định thứ tự thực hiện" (a documented
//! priority). This module turns the merge groups of a plan into an effective
//! year per group:
//!
//! - every group gets a year inside its phase's window ([`ScheduleConfig::window`](crate::scenario::ScheduleConfig::window));
//! - no year holds more merges of one province (or one district) than the caps;
//! - a district merge takes effect no later than the commune merges inside it
//!   (in the same year by default, [`SyncRule::SameYear`](crate::scenario::SyncRule::SameYear));
//! - groups are placed in the priority order of [`compare_priority`], and the
//!   result is the *lexicographically earliest* feasible schedule in that order
//!   (see [`schedule`]);
//! - when the caps cannot fit a phase, the error says so and gives the smallest
//!   caps that would fit ([`InfeasibilityReport`]).
//!
//! Stability measures of a plan (units touched, people whose unit changes,
//! consent flags, …) are in [`measures`].
//!
//! The inputs are plain structs ([`ScheduleItem`]) that the caller fills from
//! the plan, so this module does not depend on the planner.

mod adapt;
mod error;
mod infeasible;
pub mod measures;
mod priority;
mod reason;
mod search;
mod solve;
mod types;
mod validate;
mod write;

pub use adapt::{measure_input, measure_inputs, schedule_item};
pub use error::{InfeasibilityReport, OversizedBundle, PhaseInfeasibility, ScheduleError};
pub use priority::{PriorityKey, compare_priority, compare_priority_by};
pub use reason::{Reason, YearReason};
pub use solve::schedule;
pub use types::{Schedule, ScheduleItem, ScheduleRow};
pub use write::write_schedule_csv;
