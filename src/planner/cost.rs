//! Cost terms of a merge group and the objective that orders plans.
//!
//! A plan's cost is the sum of its groups' [`Cost`]s plus one
//! [`Cost::unresolved`] per target left without a group. The [`Objective`]
//! turns a cost into an [`ObjectiveKey`]: an integer vector compared
//! lexicographically. The key is *additive* (the key of a sum is the sum of
//! the keys), which is what lets the exact search in `select` bound partial
//! plans. All terms are integers (the shared border is rounded to whole
//! metres), so ties never depend on floating-point summation order.

use std::ops::{Add, AddAssign, Sub};

use serde::{Deserialize, Serialize};

/// The cost terms of a group or of a whole plan (docs/architecture.md, "The
/// planner"). Every field is a count or a sum; smaller is better except
/// [`Cost::shared_border_m`], which is maximised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Cost {
    /// Term 1: targets left without a group.
    pub unresolved: i64,
    /// Term 2: new units that do not meet the standard.
    pub below_standard: i64,
    /// Term 3a: non-target units pulled into groups.
    pub pulled_in: i64,
    /// Term 3b: people living in the non-target units pulled in.
    pub pulled_in_people: i64,
    /// Term 4: units disappearing (group size − 1, summed over groups).
    pub disappearing: i64,
    /// Term 5: shared border inside groups, in whole metres (more is better).
    pub shared_border_m: i64,
    /// Term 6: new units flagged oversize by the caller.
    pub oversize: i64,
    /// Practice term: the shared-border share seen from each member, summed
    /// over the members, in thousandths (a member whose whole border lies
    /// inside the group counts 1,000; more is better).
    pub border_share: i64,
    /// Practice term: new units mixing urban (phường, thị trấn) and rural
    /// (xã) members.
    pub mixed_kinds: i64,
    /// Practice term: ln(new unit's area ÷ its area standard), in thousandths
    /// (a smaller partner gives a smaller value).
    pub area_log: i64,
    /// Practice term: ln(new unit's population ÷ its population standard),
    /// in thousandths.
    pub population_log: i64,
    /// Practice term: groups of exactly two units whose new unit is below the
    /// standard (the 2019 round allowed a below-standard new unit only for
    /// merges of three or more units, docs/legal-basis.md §2.5).
    pub pair_below_standard: i64,
    /// Practice term: how far the new unit's population falls short of its
    /// standard, in thousandths (1,000 × max(0, 1 − population ÷ standard)):
    /// a graded form of [`Cost::below_standard`] that lets a third member
    /// pay for itself where a pair stays far below the standard.
    pub population_shortfall: i64,
    /// Practice term: the same for the area (1,000 × max(0, 1 − area ÷ standard)).
    pub area_shortfall: i64,
}

impl Cost {
    /// The cost of leaving one target without a group.
    pub const UNRESOLVED: Cost = Cost {
        unresolved: 1,
        below_standard: 0,
        pulled_in: 0,
        pulled_in_people: 0,
        disappearing: 0,
        shared_border_m: 0,
        oversize: 0,
        border_share: 0,
        mixed_kinds: 0,
        area_log: 0,
        population_log: 0,
        pair_below_standard: 0,
        population_shortfall: 0,
        area_shortfall: 0,
    };

    /// The value of `term`, oriented so that smaller is better
    /// ([`Term::Compactness`] is the negated shared border).
    pub fn term(&self, term: Term) -> i64 {
        match term {
            Term::Unresolved => self.unresolved,
            Term::BelowStandard => self.below_standard,
            Term::PulledIn => self.pulled_in,
            Term::PulledInPeople => self.pulled_in_people,
            Term::Disappearing => self.disappearing,
            Term::Compactness => -self.shared_border_m,
            Term::Oversize => self.oversize,
            Term::BorderShare => -self.border_share,
            Term::MixedKinds => self.mixed_kinds,
            Term::AreaLog => self.area_log,
            Term::PopulationLog => self.population_log,
            Term::PairBelowStandard => self.pair_below_standard,
            Term::PopulationShortfall => self.population_shortfall,
            Term::AreaShortfall => self.area_shortfall,
        }
    }
}

impl Add for Cost {
    type Output = Cost;
    fn add(self, o: Cost) -> Cost {
        Cost {
            unresolved: self.unresolved + o.unresolved,
            below_standard: self.below_standard + o.below_standard,
            pulled_in: self.pulled_in + o.pulled_in,
            pulled_in_people: self.pulled_in_people + o.pulled_in_people,
            disappearing: self.disappearing + o.disappearing,
            shared_border_m: self.shared_border_m + o.shared_border_m,
            oversize: self.oversize + o.oversize,
            border_share: self.border_share + o.border_share,
            mixed_kinds: self.mixed_kinds + o.mixed_kinds,
            area_log: self.area_log + o.area_log,
            population_log: self.population_log + o.population_log,
            pair_below_standard: self.pair_below_standard + o.pair_below_standard,
            population_shortfall: self.population_shortfall + o.population_shortfall,
            area_shortfall: self.area_shortfall + o.area_shortfall,
        }
    }
}

impl AddAssign for Cost {
    fn add_assign(&mut self, o: Cost) {
        *self = *self + o;
    }
}

/// One term of the objective, in the documented order (docs/architecture.md) by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    /// (1) Targets left without a group.
    Unresolved,
    /// (2) New units below the standard.
    BelowStandard,
    /// (3) Non-target units pulled in.
    PulledIn,
    /// (3) People in the non-target units pulled in.
    PulledInPeople,
    /// (4) Units disappearing.
    Disappearing,
    /// (5) Compactness: shared border inside groups (maximised).
    Compactness,
    /// (6) Oversize new units.
    Oversize,
    /// Practice: shared-border share seen from each member (maximised).
    BorderShare,
    /// Practice: urban and rural members in one new unit.
    MixedKinds,
    /// Practice: ln of the new unit's area ratio (smaller partners preferred
    /// when weighted positively).
    AreaLog,
    /// Practice: ln of the new unit's population ratio.
    PopulationLog,
    /// Practice: a merge of two units whose new unit is below the standard.
    PairBelowStandard,
    /// Practice: the new unit's population shortfall against its standard.
    PopulationShortfall,
    /// Practice: the new unit's area shortfall against its standard.
    AreaShortfall,
}

impl Term {
    /// The documented standards-first order (docs/architecture.md): the
    /// planner's and the default scenario's lexicographic objective.
    pub const STANDARDS_FIRST: [Term; 7] = [
        Term::Unresolved,
        Term::BelowStandard,
        Term::PulledIn,
        Term::PulledInPeople,
        Term::Disappearing,
        Term::Compactness,
        Term::Oversize,
    ];

    /// Every term: the seven of the standards-first order, then the seven
    /// practice terms calibrated on the 2019–2021 round (`reorg calibrate`).
    pub const ALL: [Term; 14] = [
        Term::Unresolved,
        Term::BelowStandard,
        Term::PulledIn,
        Term::PulledInPeople,
        Term::Disappearing,
        Term::Compactness,
        Term::Oversize,
        Term::BorderShare,
        Term::MixedKinds,
        Term::AreaLog,
        Term::PopulationLog,
        Term::PairBelowStandard,
        Term::PopulationShortfall,
        Term::AreaShortfall,
    ];

    /// The term's name in scenario files (`snake_case`).
    pub fn key(self) -> &'static str {
        match self {
            Term::Unresolved => "unresolved",
            Term::BelowStandard => "below_standard",
            Term::PulledIn => "pulled_in",
            Term::PulledInPeople => "pulled_in_people",
            Term::Disappearing => "disappearing",
            Term::Compactness => "compactness",
            Term::Oversize => "oversize",
            Term::BorderShare => "border_share",
            Term::MixedKinds => "mixed_kinds",
            Term::AreaLog => "area_log",
            Term::PopulationLog => "population_log",
            Term::PairBelowStandard => "pair_below_standard",
            Term::PopulationShortfall => "population_shortfall",
            Term::AreaShortfall => "area_shortfall",
        }
    }
}

/// Weights for the weighted form of the [`Objective`]. Each weight
/// multiplies the term as oriented by [`Cost::term`] (so a positive
/// `compactness` weight rewards shared border).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Weight of [`Term::Unresolved`].
    pub unresolved: i64,
    /// Weight of [`Term::BelowStandard`].
    pub below_standard: i64,
    /// Weight of [`Term::PulledIn`].
    pub pulled_in: i64,
    /// Weight of [`Term::PulledInPeople`].
    pub pulled_in_people: i64,
    /// Weight of [`Term::Disappearing`].
    pub disappearing: i64,
    /// Weight of [`Term::Compactness`] (per metre of shared border).
    pub compactness: i64,
    /// Weight of [`Term::Oversize`].
    pub oversize: i64,
    /// Weight of [`Term::BorderShare`] (per thousandth of border share).
    pub border_share: i64,
    /// Weight of [`Term::MixedKinds`].
    pub mixed_kinds: i64,
    /// Weight of [`Term::AreaLog`] (per thousandth of ln ratio).
    pub area_log: i64,
    /// Weight of [`Term::PopulationLog`] (per thousandth of ln ratio).
    pub population_log: i64,
    /// Weight of [`Term::PairBelowStandard`].
    pub pair_below_standard: i64,
    /// Weight of [`Term::PopulationShortfall`] (per thousandth).
    pub population_shortfall: i64,
    /// Weight of [`Term::AreaShortfall`] (per thousandth).
    pub area_shortfall: i64,
}

impl Weights {
    /// The weight of `term`.
    pub fn of(&self, term: Term) -> i64 {
        match term {
            Term::Unresolved => self.unresolved,
            Term::BelowStandard => self.below_standard,
            Term::PulledIn => self.pulled_in,
            Term::PulledInPeople => self.pulled_in_people,
            Term::Disappearing => self.disappearing,
            Term::Compactness => self.compactness,
            Term::Oversize => self.oversize,
            Term::BorderShare => self.border_share,
            Term::MixedKinds => self.mixed_kinds,
            Term::AreaLog => self.area_log,
            Term::PopulationLog => self.population_log,
            Term::PairBelowStandard => self.pair_below_standard,
            Term::PopulationShortfall => self.population_shortfall,
            Term::AreaShortfall => self.area_shortfall,
        }
    }

    /// Sets the weight of `term`.
    pub fn set(&mut self, term: Term, w: i64) {
        let slot = match term {
            Term::Unresolved => &mut self.unresolved,
            Term::BelowStandard => &mut self.below_standard,
            Term::PulledIn => &mut self.pulled_in,
            Term::PulledInPeople => &mut self.pulled_in_people,
            Term::Disappearing => &mut self.disappearing,
            Term::Compactness => &mut self.compactness,
            Term::Oversize => &mut self.oversize,
            Term::BorderShare => &mut self.border_share,
            Term::MixedKinds => &mut self.mixed_kinds,
            Term::AreaLog => &mut self.area_log,
            Term::PopulationLog => &mut self.population_log,
            Term::PairBelowStandard => &mut self.pair_below_standard,
            Term::PopulationShortfall => &mut self.population_shortfall,
            Term::AreaShortfall => &mut self.area_shortfall,
        };
        *slot = w;
    }
}

/// How plans are compared.
///
/// The key of a cost is `[weighted sum, term(order[0]), term(order[1]), …]`,
/// compared lexicographically; the weighted sum is 0 when `weights` is
/// `None`. The planner core's default is purely lexicographic in the
/// documented standards-first order (docs/architecture.md; the preset
/// `scenarios/dat-chuan.toml`); the default scenario (`mac-dinh`) adds the
/// weights calibrated on the 2019–2021 round (docs/calibration.md). Terms left out of `order` only count through the weights; `order`
/// holds at most [`KEY_LEN`] − 1 terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Objective {
    /// Terms, most important first; each at most once.
    pub order: Vec<Term>,
    /// Optional weights, compared before `order`.
    pub weights: Option<Weights>,
}

impl Default for Objective {
    fn default() -> Self {
        Objective {
            order: Term::STANDARDS_FIRST.to_vec(),
            weights: None,
        }
    }
}

impl Objective {
    /// The key of `cost`; additive: `key(a + b) == key(a) + key(b)`.
    pub fn key(&self, cost: &Cost) -> ObjectiveKey {
        let mut k = [0i64; KEY_LEN];
        if let Some(w) = &self.weights {
            k[0] = Term::ALL.iter().fold(0i64, |acc, &t| {
                acc.saturating_add(w.of(t).saturating_mul(cost.term(t)))
            });
        }
        for (slot, &t) in k[1..].iter_mut().zip(&self.order) {
            *slot = cost.term(t);
        }
        ObjectiveKey(k)
    }

    /// The weighted sum alone (slot 0 of the key): what the weights say of `cost`.
    pub fn weighted(&self, cost: &Cost) -> i64 {
        self.key(cost).0[0]
    }

    /// The first term listed twice in `order`, if any.
    pub fn duplicate_term(&self) -> Option<Term> {
        let mut seen = Vec::new();
        for &t in &self.order {
            if seen.contains(&t) {
                return Some(t);
            }
            seen.push(t);
        }
        None
    }
}

/// Length of an [`ObjectiveKey`]: the weighted sum and up to seven terms.
pub const KEY_LEN: usize = 8;

/// An objective value: compared lexicographically, smaller is better.
/// Slot 0 is the weighted sum, slots 1.. the terms in [`Objective::order`].
///
/// Sums and differences use plain `i64` arithmetic: `plan_parent` first
/// checks that no plan's key can come near the `i64` range (see
/// `PlannerError::ObjectiveOverflow`); building a key from a [`Cost`]
/// saturates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ObjectiveKey(pub [i64; KEY_LEN]);

impl ObjectiveKey {
    /// Every slot multiplied by `f`.
    pub(crate) fn scaled(self, f: i64) -> ObjectiveKey {
        ObjectiveKey(self.0.map(|x| x * f))
    }

    /// The largest absolute slot value.
    pub(crate) fn max_abs(&self) -> i64 {
        self.0.iter().map(|x| x.saturating_abs()).max().unwrap_or(0)
    }

    /// Every slot divided by `d` (exact when `d` divides every slot).
    pub(crate) fn div_floor(self, d: i64) -> ObjectiveKey {
        ObjectiveKey(self.0.map(|x| x.div_euclid(d)))
    }
}

impl Add for ObjectiveKey {
    type Output = ObjectiveKey;
    fn add(self, o: ObjectiveKey) -> ObjectiveKey {
        let mut k = self.0;
        for (a, b) in k.iter_mut().zip(o.0) {
            *a += b;
        }
        ObjectiveKey(k)
    }
}

impl AddAssign for ObjectiveKey {
    fn add_assign(&mut self, o: ObjectiveKey) {
        *self = *self + o;
    }
}

impl Sub for ObjectiveKey {
    type Output = ObjectiveKey;
    fn sub(self, o: ObjectiveKey) -> ObjectiveKey {
        let mut k = self.0;
        for (a, b) in k.iter_mut().zip(o.0) {
            *a -= b;
        }
        ObjectiveKey(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(unresolved: i64, below: i64, border: i64) -> Cost {
        Cost {
            unresolved,
            below_standard: below,
            shared_border_m: border,
            ..Cost::default()
        }
    }

    #[test]
    fn lexicographic_key_puts_unresolved_first_and_rewards_border() {
        let o = Objective::default();
        assert!(o.key(&c(0, 5, 0)) < o.key(&c(1, 0, 0)));
        assert!(o.key(&c(0, 0, 900)) < o.key(&c(0, 0, 100)));
    }

    #[test]
    fn key_is_additive_with_weights() {
        let o = Objective {
            order: vec![Term::Oversize, Term::Compactness],
            weights: Some(Weights {
                unresolved: 100,
                compactness: 1,
                ..Weights::default()
            }),
        };
        let (a, b) = (c(1, 2, 300), c(0, 1, 50));
        assert_eq!(o.key(&(a + b)), o.key(&a) + o.key(&b));
        assert_eq!(o.key(&a).0[0], 100 - 300);
        assert_eq!(o.key(&a).0[2], -300);
    }

    #[test]
    fn duplicate_terms_are_found() {
        let o = Objective {
            order: vec![Term::Oversize, Term::PulledIn, Term::Oversize],
            weights: None,
        };
        assert_eq!(o.duplicate_term(), Some(Term::Oversize));
        assert_eq!(Objective::default().duplicate_term(), None);
    }
}
