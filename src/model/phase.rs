//! Arrangement phases.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A phase (giai đoạn) of an arrangement round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Phase {
    /// The 2019–2021 round (NQ 653/2019/UBTVQH14), used for backtesting.
    #[serde(rename = "2019-2021")]
    Round2019To2021,
    /// Phase 1 of NQ 35/2023: 2023–2025 (Điều 1 khoản 2; criteria M1–M3).
    #[serde(rename = "2023-2025")]
    Phase2023To2025,
    /// Phase 2 of NQ 35/2023: 2026–2030 (Điều 1 khoản 3; criteria M4–M6).
    #[serde(rename = "2026-2030")]
    Phase2026To2030,
    /// The 2025 round (NQ 76/2025/UBTVQH15): commune-level arrangement into
    /// the two-level model; standards N1–N3 for the new units, no criteria.
    #[serde(rename = "2025")]
    Round2025,
}

impl Phase {
    /// The token used in files (`2023-2025`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Round2019To2021 => "2019-2021",
            Phase::Phase2023To2025 => "2023-2025",
            Phase::Phase2026To2030 => "2026-2030",
            Phase::Round2025 => "2025",
        }
    }

    /// Parses the token.
    pub fn parse(s: &str) -> Option<Phase> {
        match s {
            "2019-2021" => Some(Phase::Round2019To2021),
            "2023-2025" => Some(Phase::Phase2023To2025),
            "2026-2030" => Some(Phase::Phase2026To2030),
            "2025" => Some(Phase::Round2025),
            _ => None,
        }
    }

    /// First and last calendar year of the phase.
    pub fn years(self) -> (u16, u16) {
        match self {
            Phase::Round2019To2021 => (2019, 2021),
            Phase::Phase2023To2025 => (2023, 2025),
            Phase::Phase2026To2030 => (2026, 2030),
            Phase::Round2025 => (2025, 2025),
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
