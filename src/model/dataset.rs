//! A validated dataset: units, the parent tree and the unit graph.

use std::collections::HashMap;

use petgraph::Undirected;
use petgraph::csr::Csr;

use super::unit::{Level, Unit, UnitCode};

/// Dense index of a unit inside a [`Dataset`] (position in [`Dataset::units`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

/// The unit graph of a dataset: node `i` is the unit [`UnitId`]`(i)` (its
/// weight; the unit's attributes are [`Dataset::unit`]), an edge joins two
/// adjacent units of one level and weighs the length of their shared border
/// in km (0 if unknown).
///
/// A petgraph compressed-sparse-row graph: built once by the loader
/// ([`Dataset::new`]), read by every stage, each node's neighbours stored
/// contiguously in id order (so iteration is deterministic and cheap). The
/// pipeline's evolving map, the planner's per-parent instances and the
/// regionalization's bitset searches are built from it.
pub type UnitGraph = Csr<UnitId, f64, Undirected, u32>;

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
    graph: UnitGraph,
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
        let graph = unit_graph(n, &edges);
        Dataset {
            units,
            index,
            parent,
            children,
            graph,
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

    /// The unit graph.
    pub fn graph(&self) -> &UnitGraph {
        &self.graph
    }

    /// Adjacent units of `id` with the shared border length in km, sorted by id.
    pub fn neighbours(&self, id: UnitId) -> impl Iterator<Item = (UnitId, f64)> + '_ {
        self.graph
            .neighbors_slice(id.0)
            .iter()
            .zip(self.graph.edges_slice(id.0))
            .map(|(&v, &km)| (UnitId(v), km))
    }

    /// All adjacency edges, each once with `a < b`, sorted by `(a, b)`.
    ///
    /// # Complexity
    /// O(n + m) to iterate.
    pub fn edges(&self) -> impl Iterator<Item = Edge> + '_ {
        (0..self.units.len() as u32).flat_map(move |a| {
            self.neighbours(UnitId(a))
                .filter(move |(b, _)| b.0 > a)
                .map(move |(b, km)| Edge {
                    a: UnitId(a),
                    b,
                    shared_border_km: km,
                })
        })
    }

    /// Number of adjacency edges.
    pub fn edge_count(&self) -> usize {
        self.edges().count()
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

/// The unit graph of `n` units with the sorted, deduplicated `edges`.
///
/// # Complexity
/// O(n + m log m) for m edges.
fn unit_graph(n: usize, edges: &[Edge]) -> UnitGraph {
    let mut arcs: Vec<(u32, u32, f64)> = Vec::with_capacity(2 * edges.len());
    for e in edges {
        arcs.push((e.a.0, e.b.0, e.shared_border_km));
        arcs.push((e.b.0, e.a.0, e.shared_border_km));
    }
    arcs.sort_by_key(|&(a, b, _)| (a, b));
    let mut g = UnitGraph::from_sorted_edges(&arcs)
        .expect("arcs are sorted by (source, target) and unique");
    // Units after the last one with a neighbour have no arc.
    while g.node_count() < n {
        g.add_node(UnitId::default());
    }
    for i in 0..n as u32 {
        g[i] = UnitId(i);
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attributes, UnitKind};

    fn unit(code: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
        Unit {
            code: UnitCode::from(code),
            name: code.to_string(),
            level: kind.level(),
            kind,
            parent_code: parent.map(UnitCode::from),
            area_km2: Some(1.0),
            population: Some(1),
            region: None,
            attrs: Attributes::default(),
        }
    }

    #[test]
    fn the_unit_graph_has_every_unit_and_each_pair_once() {
        // The province sorts last ("1" > "00…") and has no neighbour.
        let units = vec![
            unit("1", UnitKind::Tinh, None),
            unit("001", UnitKind::Huyen, Some("1")),
            unit("00003", UnitKind::Xa, Some("001")),
            unit("00001", UnitKind::Xa, Some("001")),
            unit("00002", UnitKind::Xa, Some("001")),
        ];
        let pairs = vec![
            ("00003".into(), "00001".into(), 2.0),
            ("00001".into(), "00002".into(), 1.5),
            ("00002".into(), "00001".into(), 9.0), // repeated: the first is kept
            ("00001".into(), "nope".into(), 1.0),  // unknown: dropped
        ];
        let ds = Dataset::new(units, pairs);
        let g = ds.graph();
        assert_eq!(g.node_count(), ds.len());
        for (i, _) in ds.units().iter().enumerate() {
            assert_eq!(g[i as u32], UnitId(i as u32), "node i is unit i");
        }
        let id = |c: &str| ds.id_of(&UnitCode::from(c)).unwrap();
        assert_eq!(
            ds.neighbours(id("00001")).collect::<Vec<_>>(),
            vec![(id("00002"), 1.5), (id("00003"), 2.0)]
        );
        assert_eq!(ds.neighbours(id("1")).count(), 0);
        assert_eq!(ds.edge_count(), 2);
        let edges: Vec<(UnitId, UnitId)> = ds.edges().map(|e| (e.a, e.b)).collect();
        assert_eq!(
            edges,
            vec![(id("00001"), id("00002")), (id("00001"), id("00003"))]
        );
        // The graph works with petgraph's algorithms.
        let components = petgraph::algo::connected_components(g);
        assert_eq!(
            components, 3,
            "the three communes, the district, the province"
        );
    }
}
