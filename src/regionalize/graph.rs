//! Connected components of the (possibly nested) unit graph and the compact
//! node graph the solvers work on.

use petgraph::unionfind::UnionFind;

use super::problem::Problem;
use super::standard::{Mix, Standard};

/// One connected component of the usable graph (edges inside one parent in
/// nested mode).
#[derive(Clone, Debug)]
pub(crate) struct ComponentUnits {
    /// Unit indices, sorted.
    pub units: Vec<u32>,
}

/// Splits the problem into connected components (petgraph's union-find
/// over the usable edges), in the order of their smallest unit.
///
/// # Complexity
/// O((n + m) · α(n)).
pub(crate) fn components(problem: &Problem, nested: bool) -> Vec<ComponentUnits> {
    let n = problem.len();
    let mut sets: UnionFind<u32> = UnionFind::new(n);
    for u in 0..n {
        for &v in &problem.adj[u] {
            if (v as usize) > u && problem.edge_allowed(u, v as usize, nested) {
                sets.union(u as u32, v);
            }
        }
    }
    // Components in the order of their smallest unit, units ascending.
    let mut slot = vec![usize::MAX; n];
    let mut out: Vec<ComponentUnits> = Vec::new();
    for u in 0..n as u32 {
        let root = sets.find_mut(u) as usize;
        if slot[root] == usize::MAX {
            slot[root] = out.len();
            out.push(ComponentUnits { units: Vec::new() });
        }
        out[slot[root]].units.push(u);
    }
    out
}

/// A connected graph of nodes; a node stands for one or more units.
///
/// # Invariants
/// Adjacency is symmetric, sorted, without self-loops; `size[i] >= 1`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Graph {
    /// Population per node.
    pub pop: Vec<f64>,
    /// Area per node.
    pub area: Vec<f64>,
    /// Number of units per node.
    pub size: Vec<u32>,
    /// Rule attributes per node (sum of its units' mixes).
    pub mix: Vec<Mix>,
    /// Neighbours per node.
    pub adj: Vec<Vec<u32>>,
}

impl Graph {
    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.pop.len()
    }

    /// The graph of one component, one node per unit, and the unit of each node.
    pub fn of_component(
        problem: &Problem,
        comp: &ComponentUnits,
        nested: bool,
        standard: &Standard,
    ) -> Graph {
        let mut local = std::collections::HashMap::with_capacity(comp.units.len());
        for (k, &u) in comp.units.iter().enumerate() {
            local.insert(u, k as u32);
        }
        let adj = comp
            .units
            .iter()
            .map(|&u| {
                let mut l: Vec<u32> = problem.adj[u as usize]
                    .iter()
                    .filter(|&&v| problem.edge_allowed(u as usize, v as usize, nested))
                    .filter_map(|v| local.get(v).copied())
                    .collect();
                l.sort_unstable();
                l
            })
            .collect();
        Graph {
            pop: comp
                .units
                .iter()
                .map(|&u| problem.pop[u as usize])
                .collect(),
            area: comp
                .units
                .iter()
                .map(|&u| problem.area[u as usize])
                .collect(),
            size: vec![1; comp.units.len()],
            mix: comp
                .units
                .iter()
                .map(|&u| standard.unit_mix(u as usize))
                .collect(),
            adj,
        }
    }

    /// A graph of single units with fixed-threshold mixes (tests).
    #[cfg(test)]
    pub fn plain(pop: Vec<f64>, area: Vec<f64>, adj: Vec<Vec<u32>>) -> Graph {
        let n = pop.len();
        Graph {
            pop,
            area,
            size: vec![1; n],
            mix: (0..n)
                .map(|i| Mix {
                    units: 1,
                    first: i as u32,
                    ..Mix::default()
                })
                .collect(),
            adj,
        }
    }

    /// Whether node `i` meets the standard alone.
    pub fn alone_ok(&self, i: usize, standard: &Standard) -> bool {
        standard.meets(self.pop[i], self.area[i], &self.mix[i])
    }

    /// Contracts forced pairs: a node that cannot stand alone and has a single
    /// neighbour must share that neighbour's region, so the two become one
    /// node; repeated until no such node is left. Exactness is kept: every
    /// feasible plan of the input maps to one of the output and back.
    ///
    /// Returns the contracted graph and, per new node, the old nodes it holds
    /// (sorted).
    ///
    /// # Complexity
    /// O((n + m) log n).
    pub fn contract_forced(&self, standard: &Standard) -> (Graph, Vec<Vec<u32>>) {
        let n = self.len();
        let mut pop = self.pop.clone();
        let mut area = self.area.clone();
        let mut size = self.size.clone();
        let mut mix = self.mix.clone();
        let mut adj: Vec<std::collections::BTreeSet<u32>> = self
            .adj
            .iter()
            .map(|l| l.iter().copied().collect())
            .collect();
        let mut into: Vec<u32> = (0..n as u32).collect();
        let mut alive = vec![true; n];
        let mut work: std::collections::BTreeSet<u32> = (0..n as u32).collect();
        while let Some(a) = work.pop_first() {
            let a = a as usize;
            if !alive[a] || adj[a].len() != 1 || standard.meets(pop[a], area[a], &mix[a]) {
                continue;
            }
            let Some(&b) = adj[a].first() else { continue };
            let b = b as usize;
            alive[a] = false;
            into[a] = b as u32;
            pop[b] += pop[a];
            area[b] += area[a];
            size[b] += size[a];
            mix[b] = mix[b].add(&mix[a]);
            adj[b].remove(&(a as u32));
            adj[a].clear();
            work.insert(b as u32);
        }
        // Resolve chains: a node merged into a node that was later merged.
        let root: Vec<u32> = (0..n)
            .map(|i| {
                let mut r = i;
                while !alive[r] {
                    r = into[r] as usize;
                }
                r as u32
            })
            .collect();
        let mut new_index = vec![u32::MAX; n];
        let mut k = 0u32;
        for i in 0..n {
            if alive[i] {
                new_index[i] = k;
                k += 1;
            }
        }
        let mut groups = vec![Vec::new(); k as usize];
        for i in 0..n {
            groups[new_index[root[i] as usize] as usize].push(i as u32);
        }
        let keep: Vec<usize> = (0..n).filter(|&i| alive[i]).collect();
        let g = Graph {
            pop: keep.iter().map(|&i| pop[i]).collect(),
            area: keep.iter().map(|&i| area[i]).collect(),
            size: keep.iter().map(|&i| size[i]).collect(),
            mix: keep.iter().map(|&i| mix[i]).collect(),
            adj: keep
                .iter()
                .map(|&i| adj[i].iter().map(|&j| new_index[j as usize]).collect())
                .collect(),
        };
        (g, groups)
    }

    /// The subgraph induced by `nodes` (distinct, any order); node `k` of
    /// the result is `nodes[k]`. `pos` is scratch space of `self.len()`
    /// entries, all `u32::MAX`, and is left so.
    ///
    /// # Complexity
    /// O(Σ degree of `nodes`).
    #[cfg(test)]
    pub fn induced(&self, nodes: &[u32], pos: &mut [u32]) -> Graph {
        for (k, &v) in nodes.iter().enumerate() {
            pos[v as usize] = k as u32;
        }
        let sub = Graph {
            pop: nodes.iter().map(|&i| self.pop[i as usize]).collect(),
            area: nodes.iter().map(|&i| self.area[i as usize]).collect(),
            size: nodes.iter().map(|&i| self.size[i as usize]).collect(),
            mix: nodes.iter().map(|&i| self.mix[i as usize]).collect(),
            adj: nodes
                .iter()
                .map(|&i| {
                    let mut l: Vec<u32> = self.adj[i as usize]
                        .iter()
                        .map(|&v| pos[v as usize])
                        .filter(|&p| p != u32::MAX)
                        .collect();
                    l.sort_unstable();
                    l
                })
                .collect(),
        };
        for &v in nodes {
            pos[v as usize] = u32::MAX;
        }
        sub
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regionalize::Thresholds;

    fn th() -> Standard {
        Standard::Fixed(Thresholds {
            pop: 10.0,
            area: 10.0,
        })
    }

    #[test]
    fn nested_components_respect_parents() {
        let p = Problem::new(vec![1.0; 4], vec![1.0; 4], &[(0, 1), (1, 2), (2, 3)])
            .unwrap()
            .with_parents(vec![0, 0, 1, 1])
            .unwrap();
        let nested: Vec<Vec<u32>> = components(&p, true).into_iter().map(|c| c.units).collect();
        assert_eq!(nested, vec![vec![0, 1], vec![2, 3]]);
        assert_eq!(components(&p, false).len(), 1);
    }

    #[test]
    fn contraction_follows_chains_of_forced_leaves() {
        // Path 0-1-2-3 with 3 big: 0 must join 1, then {0,1} must join 2.
        let p = Problem::new(
            vec![1.0, 1.0, 1.0, 50.0],
            vec![1.0, 1.0, 1.0, 50.0],
            &[(0, 1), (1, 2), (2, 3)],
        )
        .unwrap();
        let comps = components(&p, false);
        let g = Graph::of_component(&p, &comps[0], false, &th());
        let (c, groups) = g.contract_forced(&th());
        // {0,1,2} still cannot stand alone and is a leaf: it joins 3.
        assert_eq!(c.len(), 1);
        assert_eq!(groups, vec![vec![0, 1, 2, 3]]);
        assert_eq!(c.size, vec![4]);
    }

    #[test]
    fn contraction_keeps_leaves_that_stand_alone() {
        let p = Problem::new(
            vec![20.0, 1.0, 1.0],
            vec![20.0, 1.0, 1.0],
            &[(0, 1), (1, 2), (0, 2)],
        )
        .unwrap();
        let comps = components(&p, false);
        let g = Graph::of_component(&p, &comps[0], false, &th());
        let (c, _) = g.contract_forced(&th());
        assert_eq!(c.len(), 3);
        let mut pos = vec![u32::MAX; c.len()];
        let sub = c.induced(&[2, 0], &mut pos);
        assert_eq!(sub.adj, vec![vec![1], vec![0]]);
        assert_eq!(sub.pop, vec![1.0, 20.0]);
        assert!(pos.iter().all(|&p| p == u32::MAX));
    }
}
