//! The input of a regionalization: units with population and area on an
//! undirected adjacency graph, optional parents, and the two thresholds.

use super::error::RegionalizeError;

/// Largest number of units a problem may hold (the objective packs the number
/// of regions and of untouched units into one integer, see [`super::VALUE_SCALE`]).
pub const MAX_UNITS: usize = (1 << 20) - 1;

/// Units on a graph: the input of [`super::solve`].
///
/// # Invariants
/// Values are finite and non-negative; adjacency lists are sorted, without
/// duplicates or self-loops, and symmetric; `parent`, when present, has one
/// entry per unit.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub(crate) pop: Vec<f64>,
    pub(crate) area: Vec<f64>,
    pub(crate) adj: Vec<Vec<u32>>,
    /// Shared border length of each edge, parallel to `adj` (1 per edge
    /// until [`Problem::with_shared_borders`] gives lengths).
    pub(crate) border: Vec<Vec<f64>>,
    pub(crate) parent: Option<Vec<u32>>,
}

impl Problem {
    /// Builds a problem from per-unit population and area and undirected
    /// edges between unit indices. Duplicate edges and self-loops are dropped.
    ///
    /// # Errors
    /// [`RegionalizeError::LengthMismatch`], [`RegionalizeError::InvalidValue`],
    /// [`RegionalizeError::EdgeOutOfRange`], [`RegionalizeError::TooManyUnits`].
    ///
    /// # Complexity
    /// O(n + m log m) for n units and m edges.
    pub fn new(
        pop: Vec<f64>,
        area: Vec<f64>,
        edges: &[(u32, u32)],
    ) -> Result<Problem, RegionalizeError> {
        let n = pop.len();
        if n > MAX_UNITS {
            return Err(RegionalizeError::TooManyUnits { n, max: MAX_UNITS });
        }
        if area.len() != n {
            return Err(RegionalizeError::LengthMismatch {
                what: "area",
                got: area.len(),
                expected: n,
            });
        }
        for (field, values) in [("population", &pop), ("area", &area)] {
            if let Some((unit, &value)) = values
                .iter()
                .enumerate()
                .find(|(_, v)| !v.is_finite() || **v < 0.0)
            {
                return Err(RegionalizeError::InvalidValue { unit, field, value });
            }
        }
        let mut adj = vec![Vec::new(); n];
        for &(a, b) in edges {
            if a as usize >= n || b as usize >= n {
                return Err(RegionalizeError::EdgeOutOfRange { a, b, n });
            }
            if a != b {
                adj[a as usize].push(b);
                adj[b as usize].push(a);
            }
        }
        for list in &mut adj {
            list.sort_unstable();
            list.dedup();
        }
        let border = adj.iter().map(|l| vec![1.0; l.len()]).collect();
        Ok(Problem {
            pop,
            area,
            adj,
            border,
            parent: None,
        })
    }

    /// Gives the edges their shared border lengths (km), the compactness
    /// measure (maximised inside regions after the number of regions and of
    /// untouched units). Pairs that are not edges are ignored.
    ///
    /// # Errors
    /// [`RegionalizeError::InvalidValue`] for a negative or non-finite length.
    ///
    /// # Complexity
    /// O(m log d) for m pairs and degree d.
    pub fn with_shared_borders(
        mut self,
        lengths: &[(u32, u32, f64)],
    ) -> Result<Problem, RegionalizeError> {
        for &(a, b, km) in lengths {
            if !km.is_finite() || km < 0.0 {
                return Err(RegionalizeError::InvalidValue {
                    unit: a as usize,
                    field: "shared border",
                    value: km,
                });
            }
            for (x, y) in [(a, b), (b, a)] {
                let Some(list) = self.adj.get(x as usize) else {
                    continue;
                };
                if let Ok(k) = list.binary_search(&y) {
                    self.border[x as usize][k] = km;
                }
            }
        }
        Ok(self)
    }

    /// Shared border length of the edge `a`–`b` (0 if there is none).
    pub fn shared_border(&self, a: usize, b: u32) -> f64 {
        self.adj[a]
            .binary_search(&b)
            .map_or(0.0, |k| self.border[a][k])
    }

    /// Attaches a parent id per unit (district, province, ...). In nested mode
    /// a region never crosses parents.
    ///
    /// # Errors
    /// [`RegionalizeError::LengthMismatch`] if `parent` is not one per unit.
    pub fn with_parents(mut self, parent: Vec<u32>) -> Result<Problem, RegionalizeError> {
        if parent.len() != self.pop.len() {
            return Err(RegionalizeError::LengthMismatch {
                what: "parent",
                got: parent.len(),
                expected: self.pop.len(),
            });
        }
        self.parent = Some(parent);
        Ok(self)
    }

    /// Removes every edge of the units `units` (problem indices): each then
    /// stays a region of its own (e.g. units exempt from the standards).
    ///
    /// # Complexity
    /// O(n + m).
    pub fn isolate(&mut self, units: &[u32]) {
        if units.is_empty() {
            return;
        }
        let mut cut = vec![false; self.len()];
        for &u in units {
            if let Some(c) = cut.get_mut(u as usize) {
                *c = true;
            }
        }
        for (i, (list, lengths)) in self.adj.iter_mut().zip(&mut self.border).enumerate() {
            if cut[i] {
                list.clear();
                lengths.clear();
            } else {
                let mut k = 0;
                lengths.retain(|_| {
                    let keep = !cut[list[k] as usize];
                    k += 1;
                    keep
                });
                list.retain(|&v| !cut[v as usize]);
            }
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.pop.len()
    }

    /// Whether there is no unit.
    pub fn is_empty(&self) -> bool {
        self.pop.is_empty()
    }

    /// Population of unit `i`.
    pub fn pop(&self, i: usize) -> f64 {
        self.pop[i]
    }

    /// Area of unit `i`.
    pub fn area(&self, i: usize) -> f64 {
        self.area[i]
    }

    /// Neighbours of unit `i`, sorted.
    pub fn neighbours(&self, i: usize) -> &[u32] {
        &self.adj[i]
    }

    /// Parent id of unit `i`, if parents were given.
    pub fn parent(&self, i: usize) -> Option<u32> {
        self.parent.as_ref().map(|p| p[i])
    }

    /// Whether the edge `a`–`b` is usable: always in global mode, only inside
    /// one parent in nested mode.
    pub(crate) fn edge_allowed(&self, a: usize, b: usize, nested: bool) -> bool {
        !nested || self.parent.as_ref().is_none_or(|p| p[a] == p[b])
    }
}

/// The two minimums every region must reach: population ≥ `pop` AND
/// area ≥ `area` (e.g. NQ 76/2025 standard N2 for a xã: 16,000 people and
/// 30 km², docs/legal-basis.md §6, tag \[S\]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// Minimum population of a region.
    pub pop: f64,
    /// Minimum area of a region (km²).
    pub area: f64,
}

impl Thresholds {
    /// Checks both values are finite and non-negative.
    ///
    /// # Errors
    /// [`RegionalizeError::InvalidThreshold`].
    pub fn validate(&self) -> Result<(), RegionalizeError> {
        for (field, value) in [("population", self.pop), ("area", self.area)] {
            if !value.is_finite() || value < 0.0 {
                return Err(RegionalizeError::InvalidThreshold { field, value });
            }
        }
        Ok(())
    }

    /// Whether totals `pop` and `area` reach both thresholds (with a relative
    /// tolerance of 1e-9 against float summation order).
    pub fn met_by(&self, pop: f64, area: f64) -> bool {
        pop >= self.pop - tol(self.pop) && area >= self.area - tol(self.area)
    }

    /// `x / self.pop`, infinite when the threshold is 0.
    pub(crate) fn pop_ratio(&self, x: f64) -> f64 {
        if self.pop > 0.0 {
            x / self.pop
        } else {
            f64::INFINITY
        }
    }

    /// `x / self.area`, infinite when the threshold is 0.
    pub(crate) fn area_ratio(&self, x: f64) -> f64 {
        if self.area > 0.0 {
            x / self.area
        } else {
            f64::INFINITY
        }
    }
}

fn tol(x: f64) -> f64 {
    1e-9 * x.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_input() {
        assert!(matches!(
            Problem::new(vec![1.0], vec![1.0, 2.0], &[]),
            Err(RegionalizeError::LengthMismatch { what: "area", .. })
        ));
        assert!(matches!(
            Problem::new(vec![1.0, f64::NAN], vec![1.0, 2.0], &[]),
            Err(RegionalizeError::InvalidValue { unit: 1, .. })
        ));
        assert!(matches!(
            Problem::new(vec![1.0], vec![1.0], &[(0, 3)]),
            Err(RegionalizeError::EdgeOutOfRange { b: 3, .. })
        ));
        let t = Thresholds {
            pop: -1.0,
            area: 1.0,
        };
        assert!(t.validate().is_err());
    }

    #[test]
    fn adjacency_is_symmetric_sorted_and_deduplicated() {
        let p = Problem::new(
            vec![1.0; 3],
            vec![1.0; 3],
            &[(2, 0), (0, 2), (1, 1), (0, 1)],
        )
        .unwrap();
        assert_eq!(p.neighbours(0), &[1, 2]);
        assert_eq!(p.neighbours(2), &[0]);
        assert!(p.neighbours(1).contains(&0) && !p.neighbours(1).contains(&1));
    }

    #[test]
    fn thresholds_are_inclusive() {
        let t = Thresholds {
            pop: 100.0,
            area: 10.0,
        };
        assert!(t.met_by(100.0, 10.0));
        assert!(!t.met_by(99.9, 10.0));
        assert!(!t.met_by(100.0, 9.99));
    }
}
