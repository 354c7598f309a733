//! Staffing after the merges ("tinh giản biên chế"): Decree 33/2023/NĐ-CP
//! quotas of commune-level cadres, civil servants and part-time workers before
//! and after each merge, the surplus ("dôi dư"), and the roadmap that removes
//! it within 5 years of the merge (NQ 35/2023/UBTVQH15 Điều 11 khoản 3).
//!
//! Every legal number lives in [`norms`] with its article and tag (docs/legal-basis.md
//! §3). The inputs are plain structs ([`StaffingGroup`], [`StaffingUnit`])
//! that the caller fills from the plan and the schedule; the caller computes
//! each unit's standards with the rules.
//!
//! Assumptions (tag \[U\], exposed in [`StaffingConfig`](crate::scenario::StaffingConfig)):
//! - an existing unit with no class is class III ([`norms::DEFAULT_CLASS`]);
//! - a new unit with no class takes the class of its most populous member
//!   ([`NewUnitClass::LargestMember`](crate::scenario::NewUnitClass::LargestMember), docs/legal-basis.md §3.1);
//! - the surplus is estimated from quotas (the members' quotas stand for the
//!   staff in post, which the sources do not give);
//! - the default roadmap removes 20% of the surplus each year for 5 years.
//!
//! District merges: the sources give no per-district headcount formula
//! (docs/legal-basis.md §3.2). Their rows report only the leadership posts to rearrange
//! (chairs; vice-chairs under Decree 08/2016 as amended, believed), tag \[U\].

mod adapt;
mod error;
mod group;
pub mod norms;
mod quota;
mod roadmap;
mod totals;
mod write;

pub use adapt::staffing_group;
pub use error::StaffingError;
pub use group::{ClassBasis, Headcount, StaffingGroup, StaffingReport, StaffingRow, staffing};
pub use quota::{Quota, StaffingUnit, commune_quota};
pub use roadmap::{DEFAULT_PROFILE, RoadmapYear, check_profile, remaining_after, roadmap};
pub use totals::YearTotal;
pub use write::{write_staffing_csv, write_staffing_years_csv};
