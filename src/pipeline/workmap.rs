//! The map as it evolves through the plan: merges applied one group at a time.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Dataset, Level, Unit, UnitCode};

/// Index of a unit in a [`WorkMap`]. Stable across merges: a merged unit
/// reuses the slot of the member whose code it keeps; the other members' slots
/// are marked dead (never reused), so indices never shift.
pub type Slot = usize;

/// Units, parents and adjacency of the current map.
///
/// # Invariants
/// Adjacency only joins live units of the same level; `origin[s]` lists the
/// codes of the original units that form slot `s` (sorted); `kids[s]` holds
/// the slots whose `parent_code` is the code of slot `s` (live or dead).
#[derive(Clone, Debug)]
pub struct WorkMap {
    units: Vec<Unit>,
    alive: Vec<bool>,
    index: HashMap<UnitCode, Slot>,
    adj: Vec<BTreeMap<Slot, f64>>,
    origin: Vec<Vec<UnitCode>>,
    kids: Vec<Vec<Slot>>,
}

impl WorkMap {
    /// The map of a dataset as loaded.
    ///
    /// # Complexity
    /// O(n + m).
    pub fn new(ds: &Dataset) -> WorkMap {
        let units: Vec<Unit> = ds.units().to_vec();
        let index: HashMap<UnitCode, Slot> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.clone(), i))
            .collect();
        let mut adj = vec![BTreeMap::new(); units.len()];
        for e in ds.edges() {
            adj[e.a.index()].insert(e.b.index(), e.shared_border_km);
            adj[e.b.index()].insert(e.a.index(), e.shared_border_km);
        }
        let origin = units.iter().map(|u| vec![u.code.clone()]).collect();
        let mut kids = vec![Vec::new(); units.len()];
        for (s, u) in units.iter().enumerate() {
            if let Some(p) = u.parent_code.as_ref().and_then(|c| index.get(c)) {
                kids[*p].push(s);
            }
        }
        WorkMap {
            alive: vec![true; units.len()],
            units,
            index,
            adj,
            origin,
            kids,
        }
    }

    /// The unit in `slot` (live or dead).
    pub fn unit(&self, slot: Slot) -> &Unit {
        &self.units[slot]
    }

    /// Mutable access to the unit in `slot` (e.g. to project its population).
    pub fn unit_mut(&mut self, slot: Slot) -> &mut Unit {
        &mut self.units[slot]
    }

    /// Whether `slot` is a live unit.
    pub fn is_alive(&self, slot: Slot) -> bool {
        self.alive[slot]
    }

    /// The slot of a live unit by code.
    pub fn slot_of(&self, code: &UnitCode) -> Option<Slot> {
        self.index.get(code).copied().filter(|s| self.alive[*s])
    }

    /// Live neighbours of `slot` with the shared border in km, by slot.
    pub fn neighbours(&self, slot: Slot) -> impl Iterator<Item = (Slot, f64)> + '_ {
        self.adj[slot].iter().map(|(s, km)| (*s, *km))
    }

    /// The code of the province above `slot` (itself if it is one).
    ///
    /// # Complexity
    /// O(depth) = O(1): at most three levels.
    pub fn province_code(&self, mut slot: Slot) -> Option<UnitCode> {
        loop {
            let u = self.unit(slot);
            if u.level == Level::Province {
                return Some(u.code.clone());
            }
            slot = self.slot_of(u.parent_code.as_ref()?)?;
        }
    }

    /// Original codes making up `slot`.
    pub fn origin(&self, slot: Slot) -> &[UnitCode] {
        &self.origin[slot]
    }

    /// Live units of `level`, in code order.
    pub fn live_at(&self, level: Level) -> Vec<Slot> {
        let mut v: Vec<Slot> = (0..self.units.len())
            .filter(|s| self.alive[*s] && self.units[*s].level == level)
            .collect();
        v.sort_by(|a, b| self.units[*a].code.cmp(&self.units[*b].code));
        v
    }

    /// Live children of `parent` (by the children's `parent_code`), in code order.
    ///
    /// # Complexity
    /// O(c log c) for c children.
    pub fn children(&self, parent: Slot) -> Vec<Slot> {
        let mut v: Vec<Slot> = self.kids[parent]
            .iter()
            .copied()
            .filter(|s| self.alive[*s])
            .collect();
        v.sort_by(|a, b| self.units[*a].code.cmp(&self.units[*b].code));
        v
    }

    /// Live units of `level` grouped by parent code, both in code order.
    ///
    /// # Complexity
    /// O(n log n).
    pub fn children_by_parent(&self, level: Level) -> BTreeMap<UnitCode, Vec<Slot>> {
        let mut out: BTreeMap<UnitCode, Vec<Slot>> = BTreeMap::new();
        for s in self.live_at(level) {
            if let Some(p) = &self.units[s].parent_code {
                out.entry(p.clone()).or_default().push(s);
            }
        }
        out
    }

    /// Replaces `members` by `merged`, which takes the slot of the member
    /// whose code it carries (`merged.code` must be one of the members').
    /// Adjacency is united (borders summed, inner borders dropped) and the
    /// children of the vanished members are re-parented to the new unit.
    /// Returns the slot of the new unit.
    ///
    /// # Complexity
    /// O(k·d·log d) for k members of degree d, plus O(c) for the c children
    /// of the vanished members: proportional to the units moved, whatever
    /// the size of the map.
    pub fn apply_merge(&mut self, members: &[Slot], merged: Unit) -> Slot {
        let keep = members
            .iter()
            .copied()
            .find(|s| self.units[*s].code == merged.code)
            .unwrap_or(members[0]);
        let vanished: Vec<Slot> = members.iter().copied().filter(|s| *s != keep).collect();
        let mut border: BTreeMap<Slot, f64> = BTreeMap::new();
        let mut origin: Vec<UnitCode> = Vec::new();
        for &m in members {
            for (n, km) in std::mem::take(&mut self.adj[m]) {
                if !members.contains(&n) {
                    *border.entry(n).or_insert(0.0) += km;
                }
            }
            origin.extend(std::mem::take(&mut self.origin[m]));
        }
        for (&n, &km) in &border {
            for &m in members {
                self.adj[n].remove(&m);
            }
            self.adj[n].insert(keep, km);
        }
        self.adj[keep] = border;
        origin.sort();
        self.origin[keep] = origin;
        for &v in &vanished {
            self.alive[v] = false;
        }
        self.units[keep] = merged;
        self.index.insert(self.units[keep].code.clone(), keep);
        let new_code = self.units[keep].code.clone();
        for &v in &vanished {
            let moved = std::mem::take(&mut self.kids[v]);
            for &c in &moved {
                self.units[c].parent_code = Some(new_code.clone());
            }
            self.kids[keep].extend(moved);
        }
        keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attributes, UnitKind};

    fn u(code: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
        Unit {
            code: UnitCode::from(code),
            name: format!("X {code}"),
            level: kind.level(),
            kind,
            parent_code: parent.map(UnitCode::from),
            area_km2: Some(1.0),
            population: Some(10),
            region: None,
            attrs: Attributes::default(),
        }
    }

    #[test]
    fn merge_unites_adjacency_and_reparents() {
        let units = vec![
            u("01", UnitKind::Tinh, None),
            u("001", UnitKind::Huyen, Some("01")),
            u("002", UnitKind::Huyen, Some("01")),
            u("003", UnitKind::Huyen, Some("01")),
            u("00001", UnitKind::Xa, Some("001")),
            u("00002", UnitKind::Xa, Some("002")),
        ];
        let pairs = vec![
            (UnitCode::from("001"), UnitCode::from("002"), 1.0),
            (UnitCode::from("002"), UnitCode::from("003"), 2.0),
            (UnitCode::from("001"), UnitCode::from("003"), 0.5),
        ];
        let ds = Dataset::new(units, pairs);
        let mut map = WorkMap::new(&ds);
        let (a, b) = (
            map.slot_of(&"001".into()).unwrap(),
            map.slot_of(&"002".into()).unwrap(),
        );
        let mut merged = map.unit(b).clone();
        merged.population = Some(20);
        let keep = map.apply_merge(&[a, b], merged);
        assert_eq!(keep, b);
        assert!(!map.is_alive(a));
        let c = map.slot_of(&"003".into()).unwrap();
        assert_eq!(map.neighbours(keep).collect::<Vec<_>>(), vec![(c, 2.5)]);
        assert_eq!(map.neighbours(c).collect::<Vec<_>>(), vec![(keep, 2.5)]);
        assert_eq!(
            map.origin(keep),
            &[UnitCode::from("001"), UnitCode::from("002")]
        );
        let communes = map.children(keep);
        assert_eq!(communes.len(), 2);
        assert_eq!(map.live_at(Level::District).len(), 2);
    }
}
