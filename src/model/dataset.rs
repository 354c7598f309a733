//! A validated dataset: units, the parent tree and the adjacency graph.

use std::collections::HashMap;

use super::unit::{Level, Unit, UnitCode};

/// Dense index of a unit inside a [`Dataset`] (position in [`Dataset::units`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

impl UnitId {
    /// The index as `usize`.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One undirected adjacency between two units of the same level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Edge {
    /// The unit with the smaller code.
    pub a: UnitId,
    /// The unit with the larger code.
    pub b: UnitId,
    /// Length of the shared border in km (0 if unknown).
    pub shared_border_km: f64,
}

/// A loaded and validated dataset.
///
/// # Invariants
/// - `units` is sorted by code (as text) and codes are unique;
/// - every parent code resolves to a unit of the level above;
/// - every edge joins two distinct units of the same level, `a < b` by code,
///   and each unordered pair appears once.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    units: Vec<Unit>,
    index: HashMap<UnitCode, UnitId>,
    parent: Vec<Option<UnitId>>,
    children: Vec<Vec<UnitId>>,
    edges: Vec<Edge>,
    neighbours: Vec<Vec<(UnitId, f64)>>,
}

impl Dataset {
    /// Builds a dataset from units and adjacency pairs given by code.
    ///
    /// This is the constructor for already-validated input (the loader in
    /// [`crate::io`] checks everything and reports positions first). Units are
    /// sorted by code; unknown parents and pairs naming unknown codes are
    /// dropped, duplicate pairs collapsed. Use it directly in tests and for
    /// synthetic data.
    ///
    /// # Complexity
    /// O(n log n + m) for n units and m pairs.
    pub fn new(mut units: Vec<Unit>, pairs: Vec<(UnitCode, UnitCode, f64)>) -> Dataset {
        units.sort_by(|x, y| x.code.cmp(&y.code));
        units.dedup_by(|x, y| x.code == y.code);
        let index: HashMap<UnitCode, UnitId> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.clone(), UnitId(i as u32)))
            .collect();
        let n = units.len();
        let mut parent = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = u.parent_code.as_ref().and_then(|c| index.get(c)) {
                parent[i] = Some(*p);
                children[p.index()].push(UnitId(i as u32));
            }
        }
        let mut edges: Vec<Edge> = pairs
            .into_iter()
            .filter_map(|(a, b, km)| {
                let (ia, ib) = (*index.get(&a)?, *index.get(&b)?);
                if ia == ib {
                    return None;
                }
                let (a, b) = if ia < ib { (ia, ib) } else { (ib, ia) };
                Some(Edge {
                    a,
                    b,
                    shared_border_km: km,
                })
            })
            .collect();
        edges.sort_by_key(|e| (e.a, e.b));
        edges.dedup_by_key(|e| (e.a, e.b));
        let mut neighbours = vec![Vec::new(); n];
        for e in &edges {
            neighbours[e.a.index()].push((e.b, e.shared_border_km));
            neighbours[e.b.index()].push((e.a, e.shared_border_km));
        }
        for list in &mut neighbours {
            list.sort_by_key(|(id, _)| *id);
        }
        Dataset {
            units,
            index,
            parent,
            children,
            edges,
            neighbours,
        }
    }

    /// All units, sorted by code.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The unit at `id`.
    ///
    /// # Panics
    /// If `id` does not come from this dataset.
    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.index()]
    }

    /// Looks a unit up by code.
    pub fn id_of(&self, code: &UnitCode) -> Option<UnitId> {
        self.index.get(code).copied()
    }

    /// Looks a unit up by code and returns it.
    pub fn get(&self, code: &str) -> Option<&Unit> {
        self.index
            .get(&UnitCode(code.to_string()))
            .map(|id| self.unit(*id))
    }

    /// The parent of `id`, if any.
    pub fn parent(&self, id: UnitId) -> Option<UnitId> {
        self.parent[id.index()]
    }

    /// The children of `id`, sorted by code.
    pub fn children(&self, id: UnitId) -> &[UnitId] {
        &self.children[id.index()]
    }

    /// Adjacent units of `id` with the shared border length in km, sorted by id.
    pub fn neighbours(&self, id: UnitId) -> &[(UnitId, f64)] {
        &self.neighbours[id.index()]
    }

    /// All adjacency edges, sorted by `(a, b)`.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Ids of all units of `level`, in code order.
    pub fn ids_at(&self, level: Level) -> impl Iterator<Item = UnitId> + '_ {
        self.units
            .iter()
            .enumerate()
            .filter(move |(_, u)| u.level == level)
            .map(|(i, _)| UnitId(i as u32))
    }

    /// The province a unit belongs to (itself for a province).
    pub fn province_of(&self, id: UnitId) -> Option<UnitId> {
        let mut cur = id;
        loop {
            if self.unit(cur).level == Level::Province {
                return Some(cur);
            }
            cur = self.parent(cur)?;
        }
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the dataset holds no unit.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}
