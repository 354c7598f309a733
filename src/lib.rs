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
//!   rearranged, and why;
//! - [`planner`] chooses, per parent, the exact optimal set of merge groups;
//! - [`legal`] keeps the map legal after a merge: which commune kinds a
//!   district kind may hold (Hiến pháp 2013 Điều 110) and unique names;
//! - [`pipeline`] runs the planner on the whole map: district level then
//!   commune level, phase 1 then phase 2, applying each step's merges;
//! - [`scenario`] holds the province's choices (TOML);
//! - [`backtest`] scores a plan against the merges actually decided;
//! - [`schedule`] gives every merge an effective year under caps per year,
//!   and measures the plan's disruption;
//! - [`staffing`] computes Decree 33/2023 quotas, the surplus and its roadmap;
//! - [`geo`] exports the planned map as GeoJSON, merged polygons dissolved;
//! - [`regionalize`] answers "what if every new unit had to meet a standard?"
//!   (max-p regions under fixed thresholds or a rule set such as the 2025
//!   round's, exact where it can prove it, with a bound elsewhere);
//! - [`validator`] judges any plan (the planner's, a province's proposal,
//!   an edit) on the map it leaves after each phase: contiguity, parents,
//!   exemptions, standards with their tags, structure and unique names;
//! - [`charts`], [`report`] and [`outputs`] draw and write what a committee
//!   meeting looks at;
//! - [`orchestrator`] is the one place that runs the stages in order, from
//!   the dataset folder to the report folder; the command line calls it.

pub mod assess;
pub mod backtest;
pub mod charts;
pub mod dossier;
pub mod evaluate;
pub mod geo;
pub mod io;
pub mod lang;
pub mod legal;
pub mod model;
pub mod orchestrator;
pub mod outputs;
pub mod pipeline;
pub mod planner;
pub mod regionalize;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod schedule;
pub mod serve;
pub mod staffing;
pub mod validator;
