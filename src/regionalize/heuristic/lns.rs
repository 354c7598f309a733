//! Large-neighbourhood search (see the module docs of [`super`]): each move
//! re-partitions a region and its neighbours exactly and keeps a better (or,
//! from the second pass, an equally good) partition.

use std::collections::HashSet;
use std::time::Instant;

use super::{FREE, region_value};
use crate::regionalize::bound::LambdaWeights;
use crate::regionalize::exact::{self, ExactOutcome, Limits};
use crate::regionalize::graph::Graph;
use crate::regionalize::rng::Rng;
use crate::regionalize::standard::Standard;

/// Settings of the improvement phase.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LnsSettings {
    /// Start size of a neighbourhood, in nodes (≤ 64).
    pub neighbourhood: usize,
    /// Largest size a neighbourhood grows to (≤ 64).
    pub max_neighbourhood: usize,
    /// Step budget of one exact re-partition.
    pub budget: u64,
    /// Maximum number of passes.
    pub max_passes: usize,
    /// Wall-clock deadline.
    pub deadline: Option<Instant>,
}

/// Improves `regions` (a valid plan of `g`) by exact re-partitions of
/// neighbourhoods. Returns the improved plan and whether the deadline was hit.
pub(crate) fn improve(
    g: &Graph,
    standard: &Standard,
    eff: &[LambdaWeights],
    regions: Vec<Vec<u32>>,
    set: &LnsSettings,
    rng: &mut Rng,
) -> (Vec<Vec<u32>>, bool) {
    let mut lns = Lns::new(g, standard, eff, set, regions);
    let start = set.neighbourhood.clamp(2, exact::MAX_EXACT_NODES);
    let max_k = set.max_neighbourhood.clamp(start, exact::MAX_EXACT_NODES);
    let mut k = start;
    for pass in 0..set.max_passes {
        let mut order: Vec<u32> = (0..lns.regions.len() as u32)
            .filter(|&r| !lns.regions[r as usize].is_empty())
            .collect();
        if pass > 0 {
            rng.shuffle(&mut order);
        }
        let mut improved = false;
        for &r in &order {
            if lns.regions[r as usize].is_empty() {
                continue;
            }
            if set.deadline.is_some_and(|d| Instant::now() >= d) {
                return (compact(lns.regions), true);
            }
            improved |= lns.try_move(r, k, pass > 0, rng);
        }
        if !improved {
            if k >= max_k {
                break;
            }
            k = (k + 4).min(max_k);
        }
    }
    (compact(lns.regions), false)
}

/// The plan being improved and the bookkeeping of the search.
struct Lns<'a> {
    g: &'a Graph,
    standard: &'a Standard,
    eff: &'a [LambdaWeights],
    set: &'a LnsSettings,
    /// Regions as node lists (emptied regions stay, as holes).
    regions: Vec<Vec<u32>>,
    /// Region of each node.
    owner: Vec<u32>,
    /// When each region last changed (a value of `clock`).
    version: Vec<u64>,
    clock: u64,
    /// Region marks of the current neighbourhood (`epoch`).
    mark: Vec<u32>,
    epoch: u32,
    /// Fingerprints of neighbourhoods searched without result: one stays so
    /// until one of its regions changes.
    failed: HashSet<u64>,
    /// Scratch for [`exact::search_within`].
    pos: Vec<u32>,
}

impl<'a> Lns<'a> {
    fn new(
        g: &'a Graph,
        standard: &'a Standard,
        eff: &'a [LambdaWeights],
        set: &'a LnsSettings,
        regions: Vec<Vec<u32>>,
    ) -> Self {
        let mut owner = vec![FREE; g.len()];
        for (r, nodes) in regions.iter().enumerate() {
            for &u in nodes {
                owner[u as usize] = r as u32;
            }
        }
        Lns {
            g,
            standard,
            eff,
            set,
            owner,
            version: vec![0; regions.len()],
            clock: 0,
            mark: vec![u32::MAX; regions.len()],
            epoch: 0,
            failed: HashSet::new(),
            pos: vec![u32::MAX; g.len()],
            regions,
        }
    }

    /// One move around region `r` with neighbourhoods of up to `k` nodes;
    /// `plateau` accepts an equally good partition (found first in a shuffled
    /// node order). Returns whether the plan strictly improved.
    fn try_move(&mut self, r: u32, k: usize, plateau: bool, rng: &mut Rng) -> bool {
        self.epoch += 1;
        if self.mark.len() < self.regions.len() {
            self.mark.resize(self.regions.len(), u32::MAX);
        }
        let chosen = self.neighbourhood(r, k, plateau, rng);
        let key = fingerprint(&chosen, &self.version);
        if self.failed.contains(&key) {
            return false;
        }
        let mut nodes: Vec<u32> = chosen
            .iter()
            .flat_map(|&c| self.regions[c as usize].iter().copied())
            .collect();
        nodes.sort_unstable();
        if nodes.len() > exact::MAX_EXACT_NODES {
            return false;
        }
        let current: i64 = chosen
            .iter()
            .map(|&c| region_value(self.g, &self.regions[c as usize]))
            .sum();
        if plateau {
            rng.shuffle(&mut nodes);
        }
        let limits = Limits {
            budget: self.set.budget,
            deadline: self.set.deadline,
            minimal: true,
        };
        let lower = if plateau { current - 1 } else { current };
        let ExactOutcome::Better {
            regions: new,
            value,
        } = exact::search_within(
            self.g,
            &nodes,
            &mut self.pos,
            self.standard,
            self.eff,
            lower,
            limits,
        )
        .0
        else {
            self.failed.insert(key);
            return false;
        };
        let mut parts: Vec<Vec<u32>> = new
            .iter()
            .map(|part| {
                let mut m: Vec<u32> = part.iter().map(|&i| nodes[i as usize]).collect();
                m.sort_unstable();
                m
            })
            .collect();
        if value <= current {
            let mut old: Vec<Vec<u32>> = chosen
                .iter()
                .map(|&c| self.regions[c as usize].clone())
                .collect();
            old.sort();
            parts.sort();
            if old == parts {
                self.failed.insert(key);
                return false;
            }
        }
        self.replace(&chosen, parts);
        value > current
    }

    /// Region `r` and adjacent regions, breadth first, up to `k` nodes in
    /// all; adjacent regions in random order when `shuffle`, else by id.
    fn neighbourhood(&mut self, r: u32, k: usize, shuffle: bool, rng: &mut Rng) -> Vec<u32> {
        let (regions, owner, mark, epoch) =
            (&self.regions, &self.owner, &mut self.mark, self.epoch);
        let mut chosen = vec![r];
        mark[r as usize] = epoch;
        let mut size = regions[r as usize].len();
        let mut head = 0;
        while head < chosen.len() {
            let c = chosen[head];
            head += 1;
            let mut adjacent: Vec<u32> = Vec::new();
            for &u in &regions[c as usize] {
                for &v in &self.g.adj[u as usize] {
                    let o = owner[v as usize];
                    if mark[o as usize] != epoch && !adjacent.contains(&o) {
                        adjacent.push(o);
                    }
                }
            }
            if shuffle {
                rng.shuffle(&mut adjacent);
            } else {
                adjacent.sort_unstable();
            }
            for o in adjacent {
                let len = regions[o as usize].len();
                if size + len <= k {
                    mark[o as usize] = epoch;
                    chosen.push(o);
                    size += len;
                }
            }
        }
        chosen
    }

    /// Replaces the regions `chosen` by `parts`, reusing their slots (new
    /// slots at the end when there are more parts) and bumping versions.
    fn replace(&mut self, chosen: &[u32], parts: Vec<Vec<u32>>) {
        let mut slots = chosen.to_vec();
        for &c in chosen {
            self.regions[c as usize].clear();
            self.clock += 1;
            self.version[c as usize] = self.clock;
        }
        for mapped in parts {
            let id = match slots.pop() {
                Some(s) => s,
                None => {
                    self.regions.push(Vec::new());
                    self.version.push(0);
                    (self.regions.len() - 1) as u32
                }
            };
            self.clock += 1;
            self.version[id as usize] = self.clock;
            for &u in &mapped {
                self.owner[u as usize] = id;
            }
            self.regions[id as usize] = mapped;
        }
    }
}

/// Order-independent fingerprint of a set of (region, version) pairs.
fn fingerprint(chosen: &[u32], version: &[u64]) -> u64 {
    let mut ids: Vec<(u32, u64)> = chosen.iter().map(|&c| (c, version[c as usize])).collect();
    ids.sort_unstable();
    ids.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &(c, v)| {
        (h ^ (u64::from(c) << 32 ^ v))
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(17)
    })
}

fn compact(regions: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
    regions.into_iter().filter(|r| !r.is_empty()).collect()
}
