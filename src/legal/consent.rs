//! Consent as a gate (docs/conditions.md, "Consent as a gate"): the voters of
//! every unit concerned are consulted (Hiến pháp 2013 Điều 110 khoản 2;
//! Decree 54/2018/NĐ-CP), and a merge goes forward as proposed only when, in
//! every member, more than the rule set's share (0.5, tag S) of **all** the
//! voters on the roll agree.

use crate::model::Unit;
use crate::rules::ConsultationRule;

/// What the consultation of one unit says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Consent {
    /// More than the required share agreed; the share of the roll that agreed.
    Reached(f64),
    /// No more than the required share agreed; the share that agreed.
    NotReached(f64),
    /// No figures: "chưa lấy ý kiến" / "not yet consulted". Not a block:
    /// the consultation is still to come.
    NotConsulted,
}

impl Consent {
    /// Whether the consultation blocks the merge.
    pub fn blocks(self) -> bool {
        matches!(self, Consent::NotReached(_))
    }

    /// The share that agreed, if consulted.
    pub fn share(self) -> Option<f64> {
        match self {
            Consent::Reached(s) | Consent::NotReached(s) => Some(s),
            Consent::NotConsulted => None,
        }
    }
}

/// The consent of `unit` under `rule`: the counts when given
/// (`agree > voters × share`), else the `consent_share` column
/// (`share > required`), else not consulted. Without a rule (a rule set
/// with no `[consultation]`) nothing blocks: a share is `Reached`.
///
/// # Complexity
/// O(1).
pub fn consent_of(unit: &Unit, rule: Option<&ConsultationRule>) -> Consent {
    let required = rule.map(|r| r.majority_share.value);
    if let Some(c) = &unit.attrs.consultation {
        let ok = required.is_none_or(|s| c.passes(s));
        return if ok {
            Consent::Reached(c.share())
        } else {
            Consent::NotReached(c.share())
        };
    }
    match unit.attrs.consent_share {
        Some(s) if required.is_none_or(|r| s > r) => Consent::Reached(s),
        Some(s) => Consent::NotReached(s),
        None => Consent::NotConsulted,
    }
}
