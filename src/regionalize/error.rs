//! Errors of the regionalization module.

use thiserror::Error;

/// Why a regionalization problem, instance or plan was rejected.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum RegionalizeError {
    /// Two per-unit vectors have different lengths.
    #[error("{what} has {got} entries, expected {expected} (one per unit)")]
    LengthMismatch {
        /// Which vector.
        what: &'static str,
        /// Its length.
        got: usize,
        /// The number of units.
        expected: usize,
    },
    /// A population or area value is negative, NaN or infinite.
    #[error("unit {unit}: {field} = {value} is not a finite non-negative number")]
    InvalidValue {
        /// The unit index.
        unit: usize,
        /// `population` or `area`.
        field: &'static str,
        /// The value found.
        value: f64,
    },
    /// A threshold is negative, NaN or infinite.
    #[error("threshold {field} = {value} is not a finite non-negative number")]
    InvalidThreshold {
        /// `population` or `area`.
        field: &'static str,
        /// The value found.
        value: f64,
    },
    /// An edge names a unit index out of range.
    #[error("edge ({a}, {b}) names a unit outside 0..{n}")]
    EdgeOutOfRange {
        /// First end.
        a: u32,
        /// Second end.
        b: u32,
        /// The number of units.
        n: usize,
    },
    /// More units than the solver's value encoding allows.
    #[error("{n} units: at most {max} are supported")]
    TooManyUnits {
        /// The number of units.
        n: usize,
        /// The maximum.
        max: usize,
    },
    /// Nested mode was asked for but the problem has no parents.
    #[error("nested regionalization needs a parent id per unit")]
    NestedWithoutParents,
    /// A peer instance file is not valid JSON of the expected schema.
    #[error("instance JSON, line {line}, column {column}: {message}")]
    InstanceJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        message: String,
    },
    /// A peer instance's unit ids are not 0..n-1 in order.
    #[error(
        "instance unit at position {position} has id {id}, expected {position} (ids must be 0..n-1 in order)"
    )]
    InstanceUnitId {
        /// Position in the `units` array.
        position: usize,
        /// The id found.
        id: u64,
    },
    /// A peer instance's `n` disagrees with its `units` array.
    #[error("instance says n = {n} but lists {units} units")]
    InstanceCount {
        /// The `n` field.
        n: usize,
        /// The length of `units`.
        units: usize,
    },
    /// A label vector given for evaluation does not match the problem.
    #[error("{got} labels for {expected} units")]
    LabelCount {
        /// Number of labels.
        got: usize,
        /// Number of units.
        expected: usize,
    },
    /// No province has this code.
    #[error("no province with code {code:?}")]
    UnknownProvince {
        /// The code asked for.
        code: String,
    },
    /// The grouping level is not above the unit level (e.g. districts inside a district).
    #[error("{level} units cannot be grouped within a {within}: choose a level above {level}")]
    WithinNotAbove {
        /// The unit level.
        level: &'static str,
        /// The grouping asked for.
        within: &'static str,
    },
    /// A rule set's standards were asked for regions that may cross
    /// provinces (the province selects the standard, NQ 76/2025 N3).
    #[error(
        "rule set {rules}: regions must stay inside a province or a district (--within province|district)"
    )]
    RulesNeedScope {
        /// The rule set's name.
        rules: String,
    },
    /// A target count lies outside the feasible range of its group
    /// (target-count mode): at least the number of connected parts of the
    /// group, at most its number of units.
    #[error(
        "group {group}: {count} regions cannot be formed: the feasible counts are {smallest} to {largest}"
    )]
    CountOutOfRange {
        /// Index of the group in the targets.
        group: usize,
        /// The count asked for.
        count: usize,
        /// The smallest feasible count.
        smallest: usize,
        /// The largest feasible count.
        largest: usize,
    },
    /// Target groups overlap, name a unit outside the problem, or a region
    /// of the starting plan crosses a group's edge.
    #[error("group {group}: groups must be disjoint and hold whole regions of the plan")]
    CountGroups {
        /// Index of the group in the targets.
        group: usize,
    },
}
