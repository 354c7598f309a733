//! Errors of the staffing computation.

use thiserror::Error;

use crate::model::{UnitCode, UnitKind};

/// Why the staffing figures could not be computed.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum StaffingError {
    /// Decree 33 quotas apply to communes only; a district kind was given.
    #[error(
        "unit `{code}` is a {kind}, not a commune: Decree 33/2023 quotas apply to xã, phường and thị trấn"
    )]
    NotACommune {
        /// The unit.
        code: UnitCode,
        /// Its kind.
        kind: UnitKind,
    },
    /// A district-level group has a member or new unit that is not a district.
    #[error("group `{group_id}` is a district merge but unit `{code}` is a {kind}")]
    NotADistrict {
        /// The group.
        group_id: String,
        /// The unit.
        code: UnitCode,
        /// Its kind.
        kind: UnitKind,
    },
    /// A value needed by the quota is unknown (never treated as zero).
    #[error("unit `{code}`: {field} is unknown; the Decree 33 additions need it")]
    Unknown {
        /// The unit.
        code: UnitCode,
        /// The missing field.
        field: &'static str,
    },
    /// A value is out of range.
    #[error("unit `{code}`: {field} = {value} is invalid; expected {expected}")]
    InvalidValue {
        /// The unit.
        code: UnitCode,
        /// The field.
        field: &'static str,
        /// The value.
        value: f64,
        /// What was expected.
        expected: &'static str,
    },
    /// A group has fewer than two members.
    #[error("group `{group_id}` has {members} member(s); a merge has at least 2")]
    TooFewMembers {
        /// The group.
        group_id: String,
        /// Number of members.
        members: usize,
    },
    /// Two groups have the same id.
    #[error("group `{group_id}` appears twice in the staffing input")]
    DuplicateGroup {
        /// The id.
        group_id: String,
    },
    /// The attrition profile is not a list of 1 to `max` shares summing to 1.
    #[error("attrition profile {profile:?} is invalid: {expected}")]
    InvalidProfile {
        /// The profile given.
        profile: Vec<f64>,
        /// What was expected.
        expected: String,
    },
    /// The years of the totals table are empty.
    #[error("the years of the totals table are empty: {first}–{last}")]
    InvalidYears {
        /// First year.
        first: u16,
        /// Last year.
        last: u16,
    },
}
