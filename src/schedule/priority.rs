//! The priority order of merge groups ("thứ tự thực hiện").

use std::cmp::Ordering;

use super::types::ScheduleItem;

/// Compares two groups by scheduling priority; `Less` means `a` goes first.
///
/// The order, as asked by the province's resolution ("xem xét kỹ các điều kiện
/// để xác định thứ tự thực hiện"):
/// 1. mandatory groups (NQ 35/2023 Điều 1 khoản 2/3) before encouraged ones;
/// 2. the most severe shortfall first (`severity`, larger first);
/// 3. higher `readiness` first; a group with no readiness comes after every
///    group with one;
/// 4. higher `consent_share` first; unknown after known;
/// 5. `group_id` in byte order, so that the order is total and deterministic.
///
/// Floats are compared with [`f64::total_cmp`]; the scheduler rejects NaN
/// before sorting.
///
/// # Complexity
/// O(length of the ids).
pub fn compare_priority(a: &ScheduleItem, b: &ScheduleItem) -> Ordering {
    b.mandatory
        .cmp(&a.mandatory)
        .then_with(|| b.severity.total_cmp(&a.severity))
        .then_with(|| desc_known_first(a.readiness, b.readiness))
        .then_with(|| desc_known_first(a.consent_share, b.consent_share))
        .then_with(|| a.group_id.cmp(&b.group_id))
}

/// Larger first; `None` last.
fn desc_known_first(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.total_cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Indices of `items` in priority order.
///
/// # Complexity
/// O(n log n) comparisons.
pub(super) fn order(items: &[ScheduleItem], subset: &[usize]) -> Vec<usize> {
    let mut idx = subset.to_vec();
    idx.sort_by(|&x, &y| compare_priority(&items[x], &items[y]));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Phase, UnitCode};

    fn item(id: &str, mandatory: bool, severity: f64) -> ScheduleItem {
        ScheduleItem {
            group_id: id.into(),
            phase: Phase::Phase2023To2025,
            level: Level::Commune,
            district: UnitCode::from("001"),
            province: UnitCode::from("01"),
            mandatory,
            severity,
            readiness: None,
            consent_share: None,
            depends_on: vec![],
        }
    }

    #[test]
    fn mandatory_then_severity_then_readiness_then_consent_then_id() {
        let mut a = item("a", false, 0.9);
        let b = item("b", true, 0.1);
        assert_eq!(compare_priority(&b, &a), Ordering::Less, "mandatory first");
        a.mandatory = true;
        assert_eq!(
            compare_priority(&a, &b),
            Ordering::Less,
            "more severe first"
        );
        let mut c = item("c", true, 0.5);
        let mut d = item("d", true, 0.5);
        c.readiness = Some(0.2);
        assert_eq!(
            compare_priority(&c, &d),
            Ordering::Less,
            "known readiness first"
        );
        d.readiness = Some(0.8);
        assert_eq!(
            compare_priority(&d, &c),
            Ordering::Less,
            "higher readiness first"
        );
        c.readiness = Some(0.8);
        c.consent_share = Some(0.6);
        d.consent_share = Some(0.9);
        assert_eq!(
            compare_priority(&d, &c),
            Ordering::Less,
            "higher consent first"
        );
        d.consent_share = Some(0.6);
        assert_eq!(compare_priority(&c, &d), Ordering::Less, "then by id");
    }
}
