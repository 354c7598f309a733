//! The peer benchmark's instance format (`maxp_bench.py --export`):
//!
//! ```json
//! {"n": N, "seed": S, "P_min": 5000.0, "A_min": 15.0,
//!  "units": [{"id": 0, "x": .., "y": .., "pop": .., "area": .., "district": d}, ...],
//!  "edges": [[i, j], ...]}
//! ```
//!
//! Unit ids must be `0..n-1` in order; `x`, `y` and unknown fields are ignored.

use serde::Deserialize;

use super::{Problem, RegionalizeError, Thresholds};

/// One unit of a peer instance.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct PeerUnit {
    /// Position in the instance (0-based).
    pub id: u64,
    /// Population.
    pub pop: f64,
    /// Area.
    pub area: f64,
    /// Parent (district) id.
    pub district: u32,
    /// Optional code (our own national instances carry the GSO code).
    #[serde(default)]
    pub code: Option<String>,
}

/// A peer benchmark instance.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct PeerInstance {
    /// Number of units.
    pub n: usize,
    /// Generator seed (informative).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Population threshold.
    #[serde(rename = "P_min")]
    pub p_min: f64,
    /// Area threshold.
    #[serde(rename = "A_min")]
    pub a_min: f64,
    /// Units, in id order.
    pub units: Vec<PeerUnit>,
    /// Undirected edges.
    pub edges: Vec<[u32; 2]>,
}

impl PeerInstance {
    /// Parses and checks an instance.
    ///
    /// # Errors
    /// [`RegionalizeError::InstanceJson`] with line and column,
    /// [`RegionalizeError::InstanceCount`], [`RegionalizeError::InstanceUnitId`].
    pub fn from_json(text: &str) -> Result<PeerInstance, RegionalizeError> {
        let inst: PeerInstance =
            serde_json::from_str(text).map_err(|e| RegionalizeError::InstanceJson {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        if inst.n != inst.units.len() {
            return Err(RegionalizeError::InstanceCount {
                n: inst.n,
                units: inst.units.len(),
            });
        }
        if let Some((position, u)) = inst
            .units
            .iter()
            .enumerate()
            .find(|(k, u)| u.id != *k as u64)
        {
            return Err(RegionalizeError::InstanceUnitId { position, id: u.id });
        }
        Ok(inst)
    }

    /// The thresholds `P_min`, `A_min`.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            pop: self.p_min,
            area: self.a_min,
        }
    }

    /// The problem, with `district` as parent.
    ///
    /// # Errors
    /// As [`Problem::new`].
    pub fn to_problem(&self) -> Result<Problem, RegionalizeError> {
        let edges: Vec<(u32, u32)> = self.edges.iter().map(|e| (e[0], e[1])).collect();
        Problem::new(
            self.units.iter().map(|u| u.pop).collect(),
            self.units.iter().map(|u| u.area).collect(),
            &edges,
        )?
        .with_parents(self.units.iter().map(|u| u.district).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_export_schema() {
        let text = r#"{"n":2,"seed":1,"P_min":5.0,"A_min":1.0,
            "units":[{"id":0,"x":0.1,"y":0.2,"pop":3.0,"area":1.0,"district":0},
                     {"id":1,"x":1.1,"y":0.2,"pop":3.0,"area":1.0,"district":0}],
            "edges":[[0,1]]}"#;
        let inst = PeerInstance::from_json(text).unwrap();
        let p = inst.to_problem().unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p.neighbours(0), &[1]);
        assert_eq!(p.parent(1), Some(0));
        assert_eq!(inst.thresholds().pop, 5.0);
    }

    #[test]
    fn errors_name_the_position() {
        let err = PeerInstance::from_json("{\"n\": 1,\n \"units\": [}").unwrap_err();
        assert!(matches!(
            err,
            RegionalizeError::InstanceJson { line: 2, .. }
        ));
        let text = r#"{"n":1,"P_min":1,"A_min":1,"units":[{"id":5,"pop":1,"area":1,"district":0}],"edges":[]}"#;
        assert_eq!(
            PeerInstance::from_json(text).unwrap_err(),
            RegionalizeError::InstanceUnitId { position: 0, id: 5 }
        );
    }
}
