//! One parent's planning instance: its units, their adjacency and the locks.

use thiserror::Error;

/// Whether a unit may join a merge group, and if not, why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Eligibility {
    /// The unit may join a group.
    Eligible,
    /// Exempt (NQ 35/2023 Điều 3 khoản 2, 3, exemptions E1–E6) and the
    /// scenario does not allow exempt partners.
    Exempt,
    /// Locked by the scenario (`never_merge`), or excluded by the caller for
    /// another reason (e.g. unknown area or population).
    Locked,
}

/// A unit as the planner sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlannerUnit {
    /// Natural area in km² (finite, ≥ 0).
    pub area_km2: f64,
    /// Population.
    pub population: u64,
    /// Whether the unit must be rearranged in this phase (mandatory and not
    /// exempt, or encouraged when the scenario asks).
    pub is_target: bool,
    /// Whether it may join a group.
    pub eligibility: Eligibility,
}

/// An invalid [`ParentProblem`] input.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ProblemError {
    /// A unit index is not below the number of units.
    #[error("unit index {index} is out of range (the parent has {len} units)")]
    IndexOutOfRange {
        /// The index given.
        index: usize,
        /// The number of units.
        len: usize,
    },
    /// An edge joins a unit to itself.
    #[error("unit {unit} cannot be adjacent to itself")]
    SelfLoop {
        /// The unit.
        unit: usize,
    },
    /// The same pair was given twice.
    #[error("the adjacency {a}–{b} is given twice")]
    DuplicateEdge {
        /// Smaller index.
        a: usize,
        /// Larger index.
        b: usize,
    },
    /// A shared border is negative or not finite.
    #[error("shared border {km} km between {a} and {b}: expected a finite number ≥ 0")]
    InvalidBorder {
        /// Smaller index.
        a: usize,
        /// Larger index.
        b: usize,
        /// The value given.
        km: f64,
    },
    /// An area is negative or not finite.
    #[error("area {value} km² of unit {unit}: expected a finite number ≥ 0")]
    InvalidArea {
        /// The unit.
        unit: usize,
        /// The value given.
        value: f64,
    },
}

/// The planning instance for one parent (a province for districts, a
/// district for communes), with local unit indices `0..len()`.
///
/// # Invariants
/// Adjacency is symmetric, free of self-loops and duplicates, and each
/// neighbour list is sorted by index. Areas and borders are finite and ≥ 0.
/// Forbidden pairs are stored as `(min, max)`, sorted. Must-merge sets are
/// sorted, pairwise disjoint (overlapping sets are united) and of size ≥ 2.
#[derive(Clone, Debug, PartialEq)]
pub struct ParentProblem {
    units: Vec<PlannerUnit>,
    neighbours: Vec<Vec<(usize, i64)>>,
    forbidden: Vec<(usize, usize)>,
    together: Vec<Vec<usize>>,
    together_of: Vec<Option<usize>>,
    /// Each unit's whole shared border in metres: with the units of the
    /// parent (from [`ParentProblem::add_edge`]) and outside it (from
    /// [`ParentProblem::add_outer_border`]).
    perimeter: Vec<i64>,
    /// Whether each unit is of an urban kind (for [`super::Term::MixedKinds`]).
    urban: Vec<bool>,
}

/// Rounds a border length in km to whole metres.
fn metres(km: f64) -> i64 {
    // Finite and ≥ 0 by validation; borders are far below i64::MAX metres.
    (km * 1000.0).round() as i64
}

impl ParentProblem {
    /// A problem with `units` and no adjacency yet.
    ///
    /// # Errors
    /// [`ProblemError::InvalidArea`] if an area is negative or not finite.
    pub fn new(units: Vec<PlannerUnit>) -> Result<ParentProblem, ProblemError> {
        if let Some((unit, u)) = units
            .iter()
            .enumerate()
            .find(|(_, u)| !(u.area_km2.is_finite() && u.area_km2 >= 0.0))
        {
            return Err(ProblemError::InvalidArea {
                unit,
                value: u.area_km2,
            });
        }
        let n = units.len();
        Ok(ParentProblem {
            units,
            neighbours: vec![Vec::new(); n],
            forbidden: Vec::new(),
            together: Vec::new(),
            together_of: vec![None; n],
            perimeter: vec![0; n],
            urban: vec![false; n],
        })
    }

    fn check(&self, index: usize) -> Result<(), ProblemError> {
        if index < self.units.len() {
            Ok(())
        } else {
            Err(ProblemError::IndexOutOfRange {
                index,
                len: self.units.len(),
            })
        }
    }

    /// Declares `a` and `b` adjacent with a shared border of `shared_border_km`
    /// (0 if unknown).
    ///
    /// # Errors
    /// Out-of-range index, self-loop, duplicate pair or invalid border.
    pub fn add_edge(
        &mut self,
        a: usize,
        b: usize,
        shared_border_km: f64,
    ) -> Result<(), ProblemError> {
        self.check(a)?;
        self.check(b)?;
        if a == b {
            return Err(ProblemError::SelfLoop { unit: a });
        }
        let (a, b) = (a.min(b), a.max(b));
        if !(shared_border_km.is_finite() && shared_border_km >= 0.0) {
            return Err(ProblemError::InvalidBorder {
                a,
                b,
                km: shared_border_km,
            });
        }
        let m = metres(shared_border_km);
        let pos = match self.neighbours[a].binary_search_by_key(&b, |e| e.0) {
            Ok(_) => return Err(ProblemError::DuplicateEdge { a, b }),
            Err(pos) => pos,
        };
        self.neighbours[a].insert(pos, (b, m));
        let pos = self.neighbours[b].partition_point(|e| e.0 < a);
        self.neighbours[b].insert(pos, (a, m));
        self.perimeter[a] += m;
        self.perimeter[b] += m;
        Ok(())
    }

    /// Adds `km` of border that unit `i` shares with units outside the
    /// parent (they count in its border share, [`super::Term::BorderShare`],
    /// but are no partners).
    ///
    /// # Errors
    /// Out-of-range index or invalid length.
    pub fn add_outer_border(&mut self, i: usize, km: f64) -> Result<(), ProblemError> {
        self.check(i)?;
        if !(km.is_finite() && km >= 0.0) {
            return Err(ProblemError::InvalidBorder { a: i, b: i, km });
        }
        self.perimeter[i] += metres(km);
        Ok(())
    }

    /// Marks unit `i` as urban (phường, thị trấn) or not; see
    /// [`super::Term::MixedKinds`]. Units are rural until marked.
    ///
    /// # Errors
    /// Out-of-range index.
    pub fn set_urban(&mut self, i: usize, urban: bool) -> Result<(), ProblemError> {
        self.check(i)?;
        self.urban[i] = urban;
        Ok(())
    }

    /// Whether unit `i` is marked urban.
    pub fn is_urban(&self, i: usize) -> bool {
        self.urban[i]
    }

    /// Unit `i`'s whole shared border in metres (inside and outside the parent).
    pub fn perimeter_m(&self, i: usize) -> i64 {
        self.perimeter[i]
    }

    /// Forbids `a` and `b` from ending in the same group (scenario lock
    /// `forbidden_pairs`). Repeating a pair is harmless.
    ///
    /// # Errors
    /// Out-of-range index.
    pub fn forbid_pair(&mut self, a: usize, b: usize) -> Result<(), ProblemError> {
        self.check(a)?;
        self.check(b)?;
        let p = (a.min(b), a.max(b));
        if let Err(pos) = self.forbidden.binary_search(&p) {
            self.forbidden.insert(pos, p);
        }
        Ok(())
    }

    /// Fixes `set` as one group of the plan, exactly (scenario lock
    /// `merge_together`, or a group the province fixed: `reorg evaluate
    /// --complete`): [`super::plan_parent`] forms it as given — whatever its
    /// size, targets, eligibility or shape — adds no unit to it and plans the
    /// other units around it (a unit of a fixed set joins no other group).
    /// Sets sharing a unit are united; sets of fewer than 2 distinct units
    /// are ignored.
    ///
    /// # Errors
    /// Out-of-range index.
    pub fn merge_together(&mut self, set: &[usize]) -> Result<(), ProblemError> {
        for &u in set {
            self.check(u)?;
        }
        let mut merged: Vec<usize> = set.to_vec();
        let mut absorbed: Vec<usize> = set.iter().filter_map(|&u| self.together_of[u]).collect();
        absorbed.sort_unstable();
        absorbed.dedup();
        for &s in absorbed.iter().rev() {
            merged.extend(self.together.remove(s));
        }
        merged.sort_unstable();
        merged.dedup();
        if merged.len() >= 2 {
            self.together.push(merged);
        }
        self.together_of.iter_mut().for_each(|x| *x = None);
        for (i, s) in self.together.iter().enumerate() {
            for &u in s {
                self.together_of[u] = Some(i);
            }
        }
        Ok(())
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the parent has no unit.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The unit at `i`.
    ///
    /// # Panics
    /// If `i >= len()`.
    pub fn unit(&self, i: usize) -> &PlannerUnit {
        &self.units[i]
    }

    /// Changes whether unit `i` may join a group (the pipeline locks a unit
    /// whose voters did not agree to the merge proposed, then plans again).
    ///
    /// # Errors
    /// [`ProblemError::IndexOutOfRange`] if `i >= len()`.
    pub fn set_eligibility(&mut self, i: usize, e: Eligibility) -> Result<(), ProblemError> {
        self.check(i)?;
        self.units[i].eligibility = e;
        Ok(())
    }

    /// All units.
    pub fn units(&self) -> &[PlannerUnit] {
        &self.units
    }

    /// Neighbours of `i` with the shared border in whole metres, sorted by index.
    pub fn neighbours(&self, i: usize) -> &[(usize, i64)] {
        &self.neighbours[i]
    }

    /// Whether `i` is a target that may join a group.
    pub fn is_active_target(&self, i: usize) -> bool {
        let u = &self.units[i];
        u.is_target && u.eligibility == Eligibility::Eligible
    }

    /// Whether the scenario set any lock (forbidden pair or must-merge set).
    pub fn has_locks(&self) -> bool {
        !self.forbidden.is_empty() || !self.together.is_empty()
    }

    /// Whether `a` and `b` may not share a group.
    pub fn is_forbidden(&self, a: usize, b: usize) -> bool {
        self.forbidden.binary_search(&(a.min(b), a.max(b))).is_ok()
    }

    /// The must-merge-together set holding `i`, if any.
    pub fn together_set(&self, i: usize) -> Option<&[usize]> {
        self.together_of[i].map(|s| self.together[s].as_slice())
    }

    /// Whether the sorted member list `members` honours every fixed set
    /// exactly: it is a fixed set, or meets none.
    pub fn honours_together(&self, members: &[usize]) -> bool {
        match members.first().and_then(|&u| self.together_set(u)) {
            Some(s) => s == members,
            None => members.iter().all(|&u| self.together_of[u].is_none()),
        }
    }

    /// The fixed sets ([`ParentProblem::merge_together`]), each sorted, in
    /// the order of their smallest unit.
    pub fn together_sets(&self) -> Vec<&[usize]> {
        let mut sets: Vec<&[usize]> = self.together.iter().map(Vec::as_slice).collect();
        sets.sort_unstable();
        sets
    }

    /// Whether `i` belongs to a fixed set.
    pub fn is_fixed(&self, i: usize) -> bool {
        self.together_of[i].is_some()
    }

    /// The shared-border share seen from each member, summed, in
    /// thousandths: Σ over members of 1,000 × (border with the other
    /// members ÷ the member's whole border), each share rounded; a member
    /// without any border counts 0.
    ///
    /// # Complexity
    /// O(|members|² · log Δ).
    pub fn border_share(&self, members: &[usize]) -> i64 {
        members
            .iter()
            .map(|&a| {
                let inner: i64 = members
                    .iter()
                    .filter_map(|&b| {
                        self.neighbours[a]
                            .binary_search_by_key(&b, |e| e.0)
                            .ok()
                            .map(|k| self.neighbours[a][k].1)
                    })
                    .sum();
                let per = self.perimeter[a];
                if per > 0 {
                    (inner * 1000 + per / 2) / per
                } else {
                    0
                }
            })
            .sum()
    }

    /// Shared border inside the group `members`, in whole metres.
    ///
    /// # Complexity
    /// O(|members|² · log Δ) for maximum degree Δ.
    pub fn inner_border_m(&self, members: &[usize]) -> i64 {
        let mut total = 0;
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                if let Ok(k) = self.neighbours[a].binary_search_by_key(&b, |e| e.0) {
                    total += self.neighbours[a][k].1;
                }
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit() -> PlannerUnit {
        PlannerUnit {
            area_km2: 1.0,
            population: 10,
            is_target: false,
            eligibility: Eligibility::Eligible,
        }
    }

    #[test]
    fn edges_are_symmetric_sorted_and_validated() {
        let mut p = ParentProblem::new(vec![unit(); 4]).unwrap();
        p.add_edge(2, 0, 1.2344).unwrap();
        p.add_edge(0, 1, 0.5).unwrap();
        assert_eq!(p.neighbours(0), &[(1, 500), (2, 1234)]);
        assert_eq!(p.neighbours(2), &[(0, 1234)]);
        assert_eq!(
            p.add_edge(0, 2, 1.0),
            Err(ProblemError::DuplicateEdge { a: 0, b: 2 })
        );
        assert_eq!(
            p.add_edge(3, 3, 1.0),
            Err(ProblemError::SelfLoop { unit: 3 })
        );
        assert_eq!(
            p.add_edge(3, 9, 1.0),
            Err(ProblemError::IndexOutOfRange { index: 9, len: 4 })
        );
        assert!(matches!(
            p.add_edge(1, 3, f64::NAN),
            Err(ProblemError::InvalidBorder { a: 1, b: 3, .. })
        ));
        assert_eq!(p.inner_border_m(&[0, 1, 2]), 1734);
        assert_eq!(p.inner_border_m(&[1, 2]), 0);
    }

    #[test]
    fn negative_area_is_rejected() {
        let mut u = unit();
        u.area_km2 = -1.0;
        assert!(matches!(
            ParentProblem::new(vec![unit(), u]),
            Err(ProblemError::InvalidArea { unit: 1, .. })
        ));
    }

    #[test]
    fn overlapping_together_sets_are_united() {
        let mut p = ParentProblem::new(vec![unit(); 7]).unwrap();
        p.merge_together(&[0, 1]).unwrap();
        p.merge_together(&[4, 5]).unwrap();
        p.merge_together(&[1, 2]).unwrap();
        p.merge_together(&[3]).unwrap();
        assert_eq!(p.together_set(0), Some(&[0, 1, 2][..]));
        assert_eq!(p.together_set(5), Some(&[4, 5][..]));
        assert_eq!(p.together_set(3), None);
        assert!(p.honours_together(&[0, 1, 2]));
        assert!(p.honours_together(&[3, 6]));
        assert!(!p.honours_together(&[0, 1, 2, 3]));
        assert!(!p.honours_together(&[1, 2, 3]));
        assert_eq!(p.together_sets(), vec![&[0, 1, 2][..], &[4, 5][..]]);
        p.forbid_pair(3, 1).unwrap();
        assert!(p.is_forbidden(1, 3));
        assert!(!p.is_forbidden(1, 2));
    }
}
