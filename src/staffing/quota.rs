//! The quota of one commune under Decree 33/2023/NĐ-CP Điều 6.

use super::error::StaffingError;
use super::norms::{
    AREA_STEP_MULTIPLE, BASE_CADRES_PHUONG, BASE_CADRES_XA, BASE_PART_TIME, POP_STEP_OTHER,
    POP_STEP_PHUONG_THUOC_QUAN, class_index,
};
use crate::model::{UnitClass, UnitCode, UnitKind};

/// Tolerance for "full step" comparisons on floats (a ratio of 0.9999999999
/// caused by rounding counts as 1).
const EPS: f64 = 1e-9;

/// One unit as the staffing norms see it. The caller computes the standards
/// with the rules (including the Điều 3a reductions or not: docs/legal-basis.md §3.1
/// notes that Decree 33 does not say which, \[U\]).
#[derive(Clone, Debug, PartialEq)]
pub struct StaffingUnit {
    /// Code of the unit (for a new unit, the code it will carry, e.g. the
    /// receiving unit's).
    pub code: UnitCode,
    /// Kind: xa, phuong, thi_tran for communes; a district kind for districts.
    pub kind: UnitKind,
    /// Kind of the parent: `quan` makes a phường "phường thuộc quận".
    pub parent_kind: Option<UnitKind>,
    /// Class I/II/III, if known.
    pub class: Option<UnitClass>,
    /// Population in persons, if known.
    pub population: Option<u64>,
    /// Natural area in km², if known.
    pub area_km2: Option<f64>,
    /// The population standard of the unit (persons).
    pub std_population: f64,
    /// The area standard of the unit (km²).
    pub std_area_km2: f64,
}

/// The quota of one commune and how it is made up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quota {
    /// Class used.
    pub class: UnitClass,
    /// Base number of cadres and civil servants (khoản 1).
    pub base_cadres: u32,
    /// Base number of part-time workers.
    pub base_part_time: u32,
    /// Additions for population (khoản 2 điểm a/b).
    pub population_extra: u32,
    /// Additions for area (khoản 2 điểm c).
    pub area_extra: u32,
}

impl Quota {
    /// Cadres and civil servants: base + additions.
    pub fn cadres(&self) -> u32 {
        self.base_cadres + self.population_extra + self.area_extra
    }

    /// Part-time workers: base + the same additions \[S\].
    pub fn part_time(&self) -> u32 {
        self.base_part_time + self.population_extra + self.area_extra
    }
}

/// Computes the Decree 33 quota of a commune in class `class`.
///
/// - base: phường 23/21/19, xã and thị trấn 22/20/18 cadres and civil
///   servants (Điều 6 khoản 1) \[V\]; part-time workers 14/12/10 \[S\];
/// - population: +1 per full `1/3` (phường thuộc quận) or `1/2` (every other
///   commune) of the population standard above the standard (khoản 2 điểm
///   a, b) \[V\]; e.g. phường thuộc quận 15,000 → step 5,000; xã 8,000 → 4,000;
///   xã miền núi 5,000 → 2,500;
/// - area: +1 per full 100% of the area standard above the standard (điểm c) \[V\];
/// - part-time workers get the same additions \[S\].
///
/// # Errors
/// [`StaffingError::NotACommune`] for a district kind;
/// [`StaffingError::Unknown`] if population or area is unknown;
/// [`StaffingError::InvalidValue`] for a non-positive standard or a negative area.
///
/// # Complexity
/// O(1).
pub fn commune_quota(unit: &StaffingUnit, class: UnitClass) -> Result<Quota, StaffingError> {
    let base_cadres = match unit.kind {
        UnitKind::Phuong => BASE_CADRES_PHUONG[class_index(class)].value,
        UnitKind::Xa | UnitKind::ThiTran => BASE_CADRES_XA[class_index(class)].value,
        other => {
            return Err(StaffingError::NotACommune {
                code: unit.code.clone(),
                kind: other,
            });
        }
    };
    let population = unit.population.ok_or_else(|| StaffingError::Unknown {
        code: unit.code.clone(),
        field: "population",
    })?;
    let area = unit.area_km2.ok_or_else(|| StaffingError::Unknown {
        code: unit.code.clone(),
        field: "area_km2",
    })?;
    let bad = |field, value: f64, expected| StaffingError::InvalidValue {
        code: unit.code.clone(),
        field,
        value,
        expected,
    };
    if !(unit.std_population.is_finite() && unit.std_population > 0.0) {
        return Err(bad(
            "std_population",
            unit.std_population,
            "a positive number",
        ));
    }
    if !(unit.std_area_km2.is_finite() && unit.std_area_km2 > 0.0) {
        return Err(bad("std_area_km2", unit.std_area_km2, "a positive number"));
    }
    if !(area.is_finite() && area >= 0.0) {
        return Err(bad("area_km2", area, "a finite area ≥ 0"));
    }
    let thuoc_quan = unit.kind == UnitKind::Phuong && unit.parent_kind == Some(UnitKind::Quan);
    let denominator = if thuoc_quan {
        POP_STEP_PHUONG_THUOC_QUAN.value
    } else {
        POP_STEP_OTHER.value
    };
    let population_extra = full_steps(
        population as f64 - unit.std_population,
        unit.std_population / f64::from(denominator),
    );
    let area_extra = full_steps(
        area - unit.std_area_km2,
        unit.std_area_km2 * f64::from(AREA_STEP_MULTIPLE.value),
    );
    Ok(Quota {
        class,
        base_cadres,
        base_part_time: BASE_PART_TIME[class_index(class)].value,
        population_extra,
        area_extra,
    })
}

/// Number of full `step`s in `excess` (0 if the excess is not positive).
fn full_steps(excess: f64, step: f64) -> u32 {
    if excess <= 0.0 {
        return 0;
    }
    // Bounded by u32::MAX by the cast's saturation; real values are small.
    (excess / step + EPS).floor() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_steps_counts_whole_steps_only() {
        assert_eq!(full_steps(-1.0, 4_000.0), 0);
        assert_eq!(full_steps(3_999.0, 4_000.0), 0);
        assert_eq!(full_steps(4_000.0, 4_000.0), 1);
        // 11 / 5.5 is 2 even though 5.5 is not exact in binary.
        assert_eq!(full_steps(16.5 - 5.5, 5.5), 2);
    }
}
