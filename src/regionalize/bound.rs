//! Upper bounds on the number of regions.
//!
//! Every region R has pop(R) ≥ P, so `Σ_{i∈R} pop_i/P ≥ 1`. Capping each
//! unit's share at 1 keeps this true (a region holding a unit of share ≥ 1
//! still sums to ≥ 1), hence, with the same argument for area,
//!
//! ```text
//! p ≤ min( ⌊Σ_i min(1, pop_i/P)⌋, ⌊Σ_i min(1, area_i/A)⌋, number of units ).
//! ```
//!
//! This is the classic counting bound ⌊min(ΣP/P, ΣA/A)⌋ tightened by the
//! bin-covering argument (a unit far above a threshold cannot lend its
//! surplus to another region). Mixing the two (λ·pop/P + (1−λ)·area/A) gives
//! nothing more: each capped term is concave in λ, so the minimum over λ is
//! at λ ∈ {0, 1}. The bound is monotone (removing units never raises it),
//! which the exact search relies on.

use super::problem::Thresholds;

/// The λ grid: area only, population only.
pub(crate) const LAMBDAS: [f64; 2] = [0.0, 1.0];

/// Capped weights of one node, one per λ.
pub(crate) type Weights = [f64; LAMBDAS.len()];

/// The capped weights `min(1, w_λ)` of a node with `pop` and `area`.
pub(crate) fn weights(pop: f64, area: f64, th: &Thresholds) -> Weights {
    let (rp, ra) = (th.pop_ratio(pop), th.area_ratio(area));
    let mut w = [0.0; LAMBDAS.len()];
    for (k, &l) in LAMBDAS.iter().enumerate() {
        let mut x = 0.0;
        if l > 0.0 {
            x += l * rp;
        }
        if l < 1.0 {
            x += (1.0 - l) * ra;
        }
        w[k] = if x.is_nan() { 1.0 } else { x.min(1.0) };
    }
    w
}

/// The bound from summed capped weights and a node count.
pub(crate) fn p_bound(sums: &Weights, count: usize) -> usize {
    let mut b = count;
    for &s in sums {
        // The slack only loosens the bound, never below the true optimum.
        let f = (s + 1e-6).floor();
        if f < b as f64 {
            b = f.max(0.0) as usize;
        }
    }
    b
}

/// The bound for a whole set of nodes.
///
/// # Complexity
/// O(n).
pub(crate) fn p_bound_of(pop: &[f64], area: &[f64], th: &Thresholds) -> usize {
    let mut sums = [0.0; LAMBDAS.len()];
    for (p, a) in pop.iter().zip(area) {
        let w = weights(*p, *a, th);
        for k in 0..sums.len() {
            sums[k] += w[k];
        }
    }
    p_bound(&sums, pop.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th() -> Thresholds {
        Thresholds {
            pop: 10.0,
            area: 10.0,
        }
    }

    #[test]
    fn counting_bound_and_cap() {
        // Totals 30/30 would allow 3, but one unit holds 25 of each: 1 + ⌊5/10⌋.
        assert_eq!(
            p_bound_of(&[25.0, 2.5, 2.5], &[25.0, 2.5, 2.5], &th()),
            1
        );
        // Population scarce: ⌊19/10⌋ = 1 whatever the area.
        assert_eq!(p_bound_of(&[9.5, 9.5], &[100.0, 100.0], &th()), 1);
        // Never more than the number of units.
        assert_eq!(p_bound_of(&[100.0, 100.0], &[100.0, 100.0], &th()), 2);
    }

    #[test]
    fn each_dimension_is_capped_separately() {
        // Population-rich/area-poor and the opposite: uncapped totals allow 2
        // (20/10 each), capped shares allow 1 + 0.2 = 1.
        assert_eq!(p_bound_of(&[18.0, 2.0], &[2.0, 18.0], &th()), 1);
    }

    #[test]
    fn zero_thresholds_allow_every_unit_alone() {
        let t = Thresholds {
            pop: 0.0,
            area: 0.0,
        };
        assert_eq!(p_bound_of(&[0.0, 1.0], &[0.0, 1.0], &t), 2);
    }
}
