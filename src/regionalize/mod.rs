//! Regionalization: merge adjacent units into connected regions that each
//! reach a population AND an area threshold, with as many regions as possible
//! (the max-p-regions problem of Duque, Anselin & Rey 2012, with two
//! thresholds).
//!
//! This answers "what if every unit had to reach N people and A km²?", e.g.
//! the 2025 round (NQ 76/2025/UBTVQH15, docs/legal-basis.md §6), which merged 10,035
//! communes into 3,321 in groups of any size. Units that already meet both
//! thresholds may stay alone.
//!
//! # Standards
//! Either fixed thresholds ([`Thresholds`], [`solve`]) or the standard a rule
//! set gives the unit each region becomes ([`Standard::Rules`],
//! [`solve_with`]): with `nq76-2025`, N1–N3 by the merged unit's kind,
//! terrain, border and province, N4 (3+ units into a phường need not meet
//! them) and N5 (island communes stay alone), docs/legal-basis.md §6. Such feasibility
//! is not monotone (a phường joining a xã region switches it to N3), which
//! the search, the repair of greedy plans and the bound take into account.
//!
//! # Objective
//! Lexicographic: (1) maximise the number of regions p; (2) maximise the
//! number of untouched units (regions of exactly one unit), i.e. disturb as
//! few units as possible (docs/architecture.md, "Principles": "touch as few units and people as possible"). This
//! is the secondary objective of the peer benchmark's exact model, so both
//! numbers compare directly. Both are packed into one additive integer,
//! `VALUE_SCALE · p + untouched`. (3) Then compactness: the shared border
//! inside regions, improved by a local search that keeps (1) and (2)
//! (module `compact`; not proven optimal).
//!
//! # Method
//! The graph is split into connected components (inside one parent in nested
//! mode). A component that misses a threshold in total becomes one region
//! flagged [`ComponentStatus::Infeasible`]. Otherwise a unit that cannot stand alone
//! and has a single neighbour is contracted into it (forced), and a
//! randomized greedy construction (fixed seeds, [`Options::restarts`]) gives
//! a first plan. Components of at most [`Options::exact_max`] nodes are then
//! solved exactly by branch and bound over partitions into connected
//! feasible parts (module `exact`), starting from that value, within
//! [`Options::exact_budget`] steps. Larger components, and those whose proof
//! runs out of budget, are improved by a large-neighbourhood search whose
//! moves re-partition a few adjacent regions exactly (module `heuristic`).
//! An upper bound (module `bound`: capped population and area shares,
//! sharpened by the least weight of a feasible connected set around each
//! unit) measures the gap where no proof is reached.
//!
//! # Determinism
//! Same input and options, same plan, whatever the number of threads: seeds
//! are fixed per component and nothing depends on hash order. Only
//! [`Options::time_limit`] can make the result depend on the machine's
//! speed; [`Plan::time_limit_hit`] says when it did.

mod bound;
mod compact;
mod count;
mod dataset;
mod error;
mod exact;
mod geojson;
mod graph;
mod heuristic;
mod output;
mod peer;
mod problem;
mod rng;
mod solve;
mod standard;

pub use count::{CountTarget, EXHAUSTIVE_MAX, count_range, fit_counts};
pub use dataset::{DatasetProblem, problem_from_dataset};
pub use error::RegionalizeError;
pub use geojson::regions_geojson;
pub use output::{OrderedRegion, ordered_regions, plan_csv, region_name};
pub use peer::{PeerInstance, PeerUnit};
pub use problem::{MAX_UNITS, Problem, Thresholds};
pub use solve::{Evaluation, evaluate, evaluate_with, solve, solve_with, solve_with_progress};
pub use standard::{RegionStandard, RuleStandard, Standard};

use std::time::Duration;

/// Weight of one region in the packed objective `VALUE_SCALE · p + untouched`
/// (larger than any number of untouched units).
pub const VALUE_SCALE: i64 = 1 << 20;

/// The largest `--time-limit` (and scenario `time_limit`), in seconds: a
/// week (defined with the scenario, which checks it).
pub use crate::scenario::MAX_TIME_LIMIT_S;

/// Settings of [`solve`]. `Options::default()` is the documented default.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Regions stay inside one parent (requires [`Problem::with_parents`]).
    pub nested: bool,
    /// Seed of the randomized restarts.
    pub seed: u64,
    /// Greedy constructions per component (the best is improved).
    pub restarts: usize,
    /// Start size, in nodes, of a large-neighbourhood move (≤ 64).
    pub neighbourhood: usize,
    /// Largest size, in nodes, a large-neighbourhood move grows to (≤ 64):
    /// larger finds more regions in big components, at a steep cost in time.
    pub max_neighbourhood: usize,
    /// Step budget of one large-neighbourhood move.
    pub move_budget: u64,
    /// Maximum improvement passes per component.
    pub max_passes: usize,
    /// Components of at most this many nodes (after forced contractions;
    /// ≤ 64) get an exact proof attempt.
    pub exact_max: usize,
    /// Step budget of one exact proof.
    pub exact_budget: u64,
    /// Wall-clock limit of the whole run; components reached after it get a
    /// greedy plan only.
    pub time_limit: Option<Duration>,
    /// Worker threads (components are solved in parallel; the plan does not
    /// depend on this number).
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            nested: false,
            seed: 1,
            restarts: 8,
            neighbourhood: 16,
            max_neighbourhood: 32,
            move_budget: 20_000,
            max_passes: 40,
            exact_max: 64,
            exact_budget: 1_000_000,
            time_limit: None,
            threads: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        }
    }
}

/// How well a component's plan is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ComponentStatus {
    /// Proven optimal (regions, then untouched units).
    Optimal,
    /// The number of regions is proven optimal (it equals the upper bound);
    /// the number of untouched units is not proven.
    RegionsOptimal,
    /// Heuristic: see [`ComponentReport::upper_bound`] for the gap.
    Heuristic,
    /// The component misses a threshold in total: it is one region that does
    /// not meet the thresholds.
    Infeasible,
}

impl ComponentStatus {
    /// A short English token (`optimal`, `regions_optimal`, `heuristic`, `infeasible`).
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentStatus::Optimal => "optimal",
            ComponentStatus::RegionsOptimal => "regions_optimal",
            ComponentStatus::Heuristic => "heuristic",
            ComponentStatus::Infeasible => "infeasible",
        }
    }
}

/// One region of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// Unit indices, sorted.
    pub members: Vec<u32>,
    /// Total population.
    pub pop: f64,
    /// Total area.
    pub area: f64,
    /// Whether both thresholds are met (false only in infeasible components).
    pub meets: bool,
    /// Index of its component in [`Plan::components`].
    pub component: usize,
}

/// What was found for one connected component.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentReport {
    /// Smallest unit index of the component (identifies it).
    pub first_unit: u32,
    /// Number of units.
    pub units: usize,
    /// Number of regions in the plan.
    pub regions: usize,
    /// Upper bound on the number of regions (equal to `regions` when proven).
    pub upper_bound: usize,
    /// How well the plan is known.
    pub status: ComponentStatus,
}

/// A regionalization plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Regions, sorted by their smallest member.
    pub regions: Vec<Region>,
    /// Region index of every unit.
    pub labels: Vec<u32>,
    /// One report per connected component, sorted by smallest unit.
    pub components: Vec<ComponentReport>,
    /// Whether [`Options::time_limit`] cut the search short.
    pub time_limit_hit: bool,
    /// Compactness: total shared border inside regions (km with
    /// [`Problem::with_shared_borders`], otherwise the number of internal
    /// adjacencies).
    pub inside_border: f64,
}

impl Plan {
    /// Number of regions p.
    pub fn p(&self) -> usize {
        self.regions.len()
    }

    /// Upper bound on p (sum over components).
    pub fn upper_bound(&self) -> usize {
        self.components.iter().map(|c| c.upper_bound).sum()
    }

    /// Number of untouched units (regions of one unit).
    pub fn untouched(&self) -> usize {
        self.regions.iter().filter(|r| r.members.len() == 1).count()
    }

    /// Whether every component's number of regions is proven optimal.
    pub fn p_proven(&self) -> bool {
        self.components.iter().all(|c| c.regions == c.upper_bound)
    }

    /// Components that miss a threshold in total.
    pub fn infeasible(&self) -> impl Iterator<Item = &ComponentReport> {
        self.components
            .iter()
            .filter(|c| c.status == ComponentStatus::Infeasible)
    }
}
