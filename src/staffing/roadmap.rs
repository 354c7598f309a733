//! The roadmap that brings a merge's surplus to zero within the deadline
//! (NQ 35/2023 Điều 11 khoản 3), and the yearly totals.
//!
//! # Model
//! Years are whole calendar years. A merge taking effect in year `Y0` carries
//! its surplus `S` at the end of `Y0`. The attrition profile `f₁ … f_k`
//! (k ≤ 5, each ≥ 0, summing to 1) gives the share of `S` removed in years
//! `Y0 + 1 … Y0 + k`. The surplus left at the end of year `Y0 + t` is
//! `S − ⌈S · (f₁ + … + f_t)⌉` (rounded so that people leave early rather than
//! late), and 0 from `t = k` on. So it is 0 at the end of the deadline year
//! `Y0 + 5` whatever the profile. The legal deadline falls on the fifth
//! anniversary of the resolution's effective date, inside that year; a profile
//! of 4 years leaves a margin of a full year.
//!
//! The default profile is equal shares over 5 years (20% a year), an
//! assumption of this tool, not a rule.

use super::error::StaffingError;
use super::norms::DEADLINE_YEARS;

/// Tolerance for the sum of the profile and for rounding.
const EPS: f64 = 1e-9;

/// The default profile: 20% of the surplus removed in each of the 5 years
/// after the merge (assumption, tag \[U\]).
pub const DEFAULT_PROFILE: [f64; 5] = [0.2; 5];

/// Checks that `profile` has 1 to 5 finite shares ≥ 0 summing to 1 (± 1e-6).
///
/// # Errors
/// [`StaffingError::InvalidProfile`].
pub fn check_profile(profile: &[f64]) -> Result<(), StaffingError> {
    let max = usize::from(DEADLINE_YEARS.value);
    let err = |expected: String| StaffingError::InvalidProfile {
        profile: profile.to_vec(),
        expected,
    };
    if profile.is_empty() || profile.len() > max {
        return Err(err(format!(
            "1 to {max} yearly shares (NQ 35/2023 Điều 11 khoản 3: {max} years)"
        )));
    }
    if profile.iter().any(|f| !f.is_finite() || *f < 0.0) {
        return Err(err("shares that are finite and ≥ 0".into()));
    }
    let sum: f64 = profile.iter().sum();
    if (sum - 1.0).abs() > 1e-6 {
        return Err(err(format!("shares summing to 1 (they sum to {sum})")));
    }
    Ok(())
}

/// Surplus left at the end of year `Y0 + t` (see the module documentation).
///
/// # Complexity
/// O(t).
pub fn remaining_after(surplus: u32, profile: &[f64], t: usize) -> u32 {
    if t == 0 {
        return surplus;
    }
    if t >= profile.len() {
        return 0;
    }
    let share: f64 = profile[..t].iter().sum();
    let gone = (f64::from(surplus) * share - EPS).ceil().max(0.0);
    // `gone` ≤ surplus · (1 + 1e-6) < surplus + 1, so the cast and subtraction fit.
    surplus.saturating_sub(gone as u32)
}

/// Surplus of cadres and part-time workers left at the end of one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoadmapYear {
    /// The year.
    pub year: u16,
    /// Cadres and civil servants still above the quota.
    pub cadres: u32,
    /// Part-time workers still above the quota.
    pub part_time: u32,
}

/// The roadmap of one merge: one entry per year from `y0` to `y0 + 5`.
///
/// # Complexity
/// O(k²) for a profile of k years (k ≤ 5).
pub fn roadmap(y0: u16, cadres: u32, part_time: u32, profile: &[f64]) -> Vec<RoadmapYear> {
    (0..=DEADLINE_YEARS.value)
        .map(|t| RoadmapYear {
            year: y0 + t,
            cadres: remaining_after(cadres, profile, usize::from(t)),
            part_time: remaining_after(part_time, profile, usize::from(t)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_by_hand() {
        // 18 people, 20% a year: removed ⌈3.6⌉ = 4, ⌈7.2⌉ = 8, ⌈10.8⌉ = 11,
        // ⌈14.4⌉ = 15, then all 18.
        let left: Vec<u32> = (0..=5)
            .map(|t| remaining_after(18, &DEFAULT_PROFILE, t))
            .collect();
        assert_eq!(left, vec![18, 14, 10, 7, 3, 0]);
    }

    #[test]
    fn profiles_are_checked() {
        assert!(check_profile(&DEFAULT_PROFILE).is_ok());
        assert!(check_profile(&[0.5, 0.5]).is_ok());
        assert!(check_profile(&[]).is_err());
        assert!(check_profile(&[0.5, 0.4]).is_err());
        assert!(check_profile(&[0.1; 10]).is_err());
        assert!(check_profile(&[1.5, -0.5]).is_err());
    }
}
