//! The priority order of merge groups ("thứ tự thực hiện").

use std::cmp::Ordering;

use super::types::ScheduleItem;
pub use crate::scenario::PriorityKey;

/// Compares two groups by the default scheduling priority
/// ([`PriorityKey::DEFAULT`]); `Less` means `a` goes first. See
/// [`compare_priority_by`].
///
/// # Complexity
/// O(length of the ids).
pub fn compare_priority(a: &ScheduleItem, b: &ScheduleItem) -> Ordering {
    compare_priority_by(PriorityKey::DEFAULT, a, b)
}

/// Compares two groups by the lexicographic priority key `keys`; `Less`
/// means `a` goes first.
///
/// The order follows "xem xét kỹ các điều kiện để xác định thứ tự thực hiện"
/// (the province's resolution, section 3): each key in turn
/// ([`PriorityKey`]), then `group_id` in byte order, so that the order is
/// total and deterministic. The default key (`[schedule] priority` of a
/// scenario) is mandatory, readiness, consent, severity: a place that is
/// ready and whose voters agree goes before a more severe place that is not.
///
/// Floats are compared with [`f64::total_cmp`]; the scheduler rejects NaN
/// before sorting.
///
/// # Complexity
/// O(|keys| + length of the ids).
pub fn compare_priority_by(keys: &[PriorityKey], a: &ScheduleItem, b: &ScheduleItem) -> Ordering {
    keys.iter()
        .map(|k| match k {
            PriorityKey::Mandatory => b.mandatory.cmp(&a.mandatory),
            PriorityKey::Severity => b.severity.total_cmp(&a.severity),
            PriorityKey::Readiness => desc_known_first(a.readiness, b.readiness),
            PriorityKey::Consent => desc_known_first(a.consent_share, b.consent_share),
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
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

/// Indices of `items` in the priority order of `keys`.
///
/// # Complexity
/// O(n log n) comparisons.
pub(super) fn order(items: &[ScheduleItem], subset: &[usize], keys: &[PriorityKey]) -> Vec<usize> {
    let mut idx = subset.to_vec();
    idx.sort_by(|&x, &y| compare_priority_by(keys, &items[x], &items[y]));
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

    const OLD: &[PriorityKey] = &[
        PriorityKey::Mandatory,
        PriorityKey::Severity,
        PriorityKey::Readiness,
        PriorityKey::Consent,
    ];

    fn compare_old(a: &ScheduleItem, b: &ScheduleItem) -> Ordering {
        compare_priority_by(OLD, a, b)
    }

    #[test]
    fn default_puts_readiness_and_consent_before_severity() {
        // The case of issue #16: a severe group at 40% consent and no
        // readiness against a ready group (91%) at 90% consent.
        let mut severe = item("a", true, 0.9);
        severe.consent_share = Some(0.4);
        let mut ready = item("b", true, 0.1);
        ready.readiness = Some(0.91);
        ready.consent_share = Some(0.9);
        assert_eq!(compare_priority(&ready, &severe), Ordering::Less);
        assert_eq!(compare_old(&severe, &ready), Ordering::Less);
        // Same readiness: consent decides before severity.
        severe.readiness = Some(0.91);
        assert_eq!(compare_priority(&ready, &severe), Ordering::Less);
        // Same readiness and consent: the more severe first.
        severe.consent_share = Some(0.9);
        assert_eq!(compare_priority(&severe, &ready), Ordering::Less);
        // Mandatory still comes first.
        ready.mandatory = false;
        severe.readiness = None;
        assert_eq!(compare_priority(&severe, &ready), Ordering::Less);
        // An empty key orders by id only.
        assert_eq!(compare_priority_by(&[], &ready, &severe), Ordering::Greater);
    }

    #[test]
    fn mandatory_then_severity_then_readiness_then_consent_then_id() {
        let compare_priority = compare_old;
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
