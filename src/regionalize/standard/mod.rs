//! What a region must reach: fixed thresholds, or the standard a rule set
//! gives the unit the region would become.
//!
//! With a rule set (e.g. `nq76-2025`, docs/legal-basis.md §6) the standard depends on
//! the merged unit: its kind (N7: urban kinds win, so a region holding a
//! phường is a phường and takes N3), whether it is mountainous (N1 or N2, by
//! the majority of its area), its land border and the other Điều 3a factors
//! (reductions), and its province (N3: centrally-run city, mountain/border
//! province, other). The merged unit is profiled exactly as the planner does
//! ([`crate::pipeline::merge::merged_profile`]) and judged by
//! [`RuleSet::standard_at`], placed where its first unit (smallest code) sits.
//!
//! To keep a feasibility test O(1) inside the solvers, a region carries a
//! [`Mix`]: sums and counts from which every attribute of the merged profile
//! follows. The standard of every combination of kind, placement and
//! attribute flags present in the problem is computed once ([`RuleStandard::new`]);
//! only an ethnic-minority share (a population-weighted mean, a continuous
//! value) sends a region to the direct, slower computation.
//!
//! Unlike fixed thresholds, a rule standard is not monotone: adding a phường
//! to a xã region changes its standard from N2 to N3, adding a lowland xã may
//! turn a mountain majority (N1) into N2. The solvers therefore never assume
//! that a superset of a feasible region is feasible; their upper bounds use,
//! per unit, the least demanding standard any region holding it can take.

mod mix;
mod rules;

pub(crate) use mix::Mix;
pub(crate) use rules::ComponentRelax;
pub use rules::{RegionStandard, RuleStandard};

use super::RegionalizeError;
use super::problem::Thresholds;

/// What a region must reach: see the module docs.
#[derive(Clone, Debug)]
pub enum Standard {
    /// Population ≥ `pop` AND area ≥ `area` for every region.
    Fixed(Thresholds),
    /// The standard of a rule set for the unit each region becomes.
    Rules(Box<RuleStandard>),
}

impl From<Thresholds> for Standard {
    fn from(th: Thresholds) -> Standard {
        Standard::Fixed(th)
    }
}

impl Standard {
    /// The mix of problem unit `u` (empty for fixed thresholds).
    pub(crate) fn unit_mix(&self, u: usize) -> Mix {
        match self {
            Standard::Fixed(_) => Mix {
                units: 1,
                first: u as u32,
                ..Mix::default()
            },
            Standard::Rules(r) => r.mix[u],
        }
    }

    /// Whether a region with totals `pop`, `area` and `mix` meets the standard.
    pub(crate) fn meets(&self, pop: f64, area: f64, mix: &Mix) -> bool {
        match self {
            Standard::Fixed(th) => th.met_by(pop, area),
            Standard::Rules(r) => r.meets(pop, area, mix),
        }
    }

    /// Whether the parts given as (population, area, mix) together meet the
    /// standard: the totals of a region, however its members are stored.
    pub(crate) fn meets_all(&self, parts: impl IntoIterator<Item = (f64, f64, Mix)>) -> bool {
        let (mut p, mut a, mut mix) = (0.0, 0.0, Mix::default());
        for (pp, aa, m) in parts {
            p += pp;
            a += aa;
            mix = mix.add(&m);
        }
        self.meets(p, a, &mix)
    }

    /// Whether feasibility is monotone (a superset of a feasible connected
    /// set is feasible): true for fixed thresholds only.
    pub(crate) fn monotone(&self) -> bool {
        matches!(self, Standard::Fixed(_))
    }

    /// Checks fixed thresholds are finite and non-negative.
    ///
    /// # Errors
    /// [`RegionalizeError::InvalidThreshold`].
    pub fn validate(&self) -> Result<(), RegionalizeError> {
        match self {
            Standard::Fixed(th) => th.validate(),
            Standard::Rules(_) => Ok(()),
        }
    }
}

/// Thresholds per node for the bound and the heuristics' guidance.
#[derive(Clone, Debug)]
pub(crate) enum Relax {
    /// The fixed thresholds.
    Fixed(Thresholds),
    /// A rule standard's component relaxation.
    Rules(ComponentRelax),
}

impl Standard {
    /// The relaxation of the component whose problem units are `units`.
    pub(crate) fn relax(&self, units: &[u32]) -> Relax {
        match self {
            Standard::Fixed(th) => Relax::Fixed(*th),
            Standard::Rules(r) => Relax::Rules(r.component_relax(units)),
        }
    }

    /// Thresholds to aim at for a region with `mix` and `area`.
    pub(crate) fn target(&self, mix: &Mix, area: f64) -> Thresholds {
        match self {
            Standard::Fixed(th) => *th,
            Standard::Rules(r) => r.target(mix, area),
        }
    }
}

impl Relax {
    /// The standards a region holding a node with `mix` can take (the
    /// Pareto-minimal ones; the fixed thresholds alone without a rule set).
    pub(crate) fn of(&self, mix: &Mix) -> &[Thresholds] {
        match self {
            Relax::Fixed(th) => std::slice::from_ref(th),
            Relax::Rules(c) => &c.by_kind[usize::from(mix.kind).min(c.by_kind.len() - 1)],
        }
    }

    /// The fewest units of a group exemption (N4) a region holding a node
    /// with `mix` may fall under, if any.
    pub(crate) fn count_floor(&self, mix: &Mix) -> Option<u32> {
        match self {
            Relax::Fixed(_) => None,
            Relax::Rules(c) => c.floor[usize::from(mix.kind).min(c.floor.len() - 1)],
        }
    }
}
