//! Exact selection of disjoint candidate groups by branch and bound.
//!
//! Targets are split into independent components (two targets are linked
//! when some allowed group holds both, or when groups of theirs share a
//! unit); each component is searched separately. The search branches on the
//! lowest-index undecided target: one of its groups disjoint from the units
//! already used, or "unresolved". Every plan is reached exactly once.
//!
//! The bound: a group holding r undecided targets charges each of them
//! key/r (keys scaled by lcm(1..=K) so the shares are exact integers); an
//! undecided target costs at least its cheapest share among the options still
//! available. Lexicographic order on integer vectors is compatible with
//! addition, so the sum of per-target minima is an admissible lower bound.

use super::candidates::Enumeration;
use super::cost::ObjectiveKey;

/// The outcome of the selection for one parent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Selection {
    /// Indices of the chosen groups, ascending.
    pub chosen: Vec<usize>,
    /// Sum of the keys of the best plan found (groups + unresolved targets).
    pub best: ObjectiveKey,
    /// A lower bound on the optimum (equal to `best` when proven optimal).
    pub lower_bound: ObjectiveKey,
    /// Search nodes visited, all components together.
    pub nodes: u64,
    /// Number of independent components searched.
    pub components: usize,
    /// Some component stopped at the node limit.
    pub node_limit_hit: bool,
}

/// One branching option of a target: a group (by index) or unresolved.
#[derive(Clone, Copy, Debug)]
struct Opt {
    share: ObjectiveKey,
    key: ObjectiveKey,
    group: Option<usize>,
}

struct Search<'a> {
    groups: &'a Enumeration,
    targets: Vec<usize>,
    options: Vec<Vec<Opt>>,
    used: &'a mut [bool],
    cur: ObjectiveKey,
    sel: Vec<usize>,
    best: Option<(ObjectiveKey, Vec<usize>)>,
    nodes: u64,
    max_nodes: u64,
    aborted: bool,
}

impl Search<'_> {
    fn available(&self, o: &Opt) -> bool {
        o.group
            .is_none_or(|g| self.groups.group(g).iter().all(|&u| !self.used[u]))
    }

    /// Lower bound on the cost of completing the plan from target `pos` on.
    fn bound(&self, pos: usize) -> ObjectiveKey {
        let mut lb = ObjectiveKey::default();
        for (j, &t) in self.targets.iter().enumerate().skip(pos) {
            if self.used[t] {
                continue;
            }
            if let Some(o) = self.options[j].iter().find(|o| self.available(o)) {
                lb += o.share;
            }
        }
        lb
    }

    fn dfs(&mut self, mut pos: usize) {
        if self.aborted {
            return;
        }
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            self.aborted = true;
            return;
        }
        while pos < self.targets.len() && self.used[self.targets[pos]] {
            pos += 1;
        }
        if pos == self.targets.len() {
            if self.best.as_ref().is_none_or(|(b, _)| self.cur < *b) {
                self.best = Some((self.cur, self.sel.clone()));
            }
            return;
        }
        if let Some((b, _)) = &self.best
            && self.cur + self.bound(pos) >= *b
        {
            return;
        }
        let t = self.targets[pos];
        for i in 0..self.options[pos].len() {
            let o = self.options[pos][i];
            if !self.available(&o) {
                continue;
            }
            let members: &[usize] = match o.group {
                Some(g) => self.groups.group(g),
                None => std::slice::from_ref(&t),
            };
            for &u in members {
                self.used[u] = true;
            }
            let saved = self.cur;
            self.cur += o.key;
            if let Some(g) = o.group {
                self.sel.push(g);
            }
            self.dfs(pos + 1);
            if o.group.is_some() {
                self.sel.pop();
            }
            self.cur = saved;
            for &u in members {
                self.used[u] = false;
            }
            if self.aborted {
                return;
            }
        }
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    parent[ra.max(rb)] = ra.min(rb);
}

/// Least common multiple of 1..=k (the scale that makes shares exact).
fn lcm_upto(k: usize) -> i128 {
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    (1..=k.max(1) as i128).fold(1, |l, i| l / gcd(l, i) * i)
}

/// Chooses disjoint groups minimising the summed key, plus `unresolved` per
/// target of `targets` left without a group.
///
/// # Arguments
/// - `n`: number of units of the parent;
/// - `targets`: the targets that may be grouped, ascending;
/// - `groups`, `keys`, `allowed`: the candidates, their keys, and which of
///   them may be chosen (each allowed group holds a target of `targets`);
/// - `max_group_size`: K, the largest group size;
/// - `max_nodes`: the search node limit per component.
///
/// # Complexity
/// Exponential in the worst case (the problem generalises weighted set
/// packing); each node costs O(t · s · K) for t targets in the component and
/// s options scanned per target. Components are independent, so a parent
/// costs the sum, not the product, of its components.
#[allow(clippy::too_many_arguments)]
pub(crate) fn select(
    n: usize,
    targets: &[usize],
    groups: &Enumeration,
    keys: &[ObjectiveKey],
    allowed: &[bool],
    unresolved: ObjectiveKey,
    max_group_size: usize,
    max_nodes: u64,
) -> Selection {
    // Components of targets (union-find on target positions).
    let mut pos_of = vec![usize::MAX; n];
    for (i, &t) in targets.iter().enumerate() {
        pos_of[t] = i;
    }
    let mut parent: Vec<usize> = (0..targets.len()).collect();
    let mut first_at = vec![usize::MAX; n];
    for g in (0..groups.len()).filter(|&g| allowed[g]) {
        let members = groups.group(g);
        let Some(root) = members
            .iter()
            .map(|&u| pos_of[u])
            .find(|&i| i != usize::MAX)
        else {
            continue;
        };
        for &u in members {
            if pos_of[u] != usize::MAX {
                union(&mut parent, root, pos_of[u]);
            }
            if first_at[u] == usize::MAX {
                first_at[u] = root;
            } else {
                union(&mut parent, root, first_at[u]);
            }
        }
    }
    let scale = lcm_upto(max_group_size);
    let mut comp_targets: Vec<Vec<usize>> = vec![Vec::new(); targets.len()];
    for i in 0..targets.len() {
        let r = find(&mut parent, i);
        comp_targets[r].push(i);
    }
    let mut options: Vec<Vec<Opt>> = vec![Vec::new(); targets.len()];
    for g in (0..groups.len()).filter(|&g| allowed[g]) {
        let members = groups.group(g);
        let holds: Vec<usize> = members
            .iter()
            .filter(|&&u| pos_of[u] != usize::MAX)
            .map(|&u| pos_of[u])
            .collect();
        let share = keys[g].scaled(scale).div_floor(holds.len() as i128);
        for i in holds {
            options[i].push(Opt {
                share,
                key: keys[g].scaled(scale),
                group: Some(g),
            });
        }
    }
    for list in &mut options {
        list.push(Opt {
            share: unresolved.scaled(scale),
            key: unresolved.scaled(scale),
            group: None,
        });
        list.sort_by(|a, b| {
            (a.share, a.key, a.group.unwrap_or(usize::MAX)).cmp(&(
                b.share,
                b.key,
                b.group.unwrap_or(usize::MAX),
            ))
        });
    }

    let mut used = vec![false; n];
    let mut out = Selection {
        chosen: Vec::new(),
        best: ObjectiveKey::default(),
        lower_bound: ObjectiveKey::default(),
        nodes: 0,
        components: 0,
        node_limit_hit: false,
    };
    for comp in comp_targets.into_iter().filter(|c| !c.is_empty()) {
        out.components += 1;
        let mut s = Search {
            groups,
            targets: comp.iter().map(|&i| targets[i]).collect(),
            options: comp
                .iter()
                .map(|&i| std::mem::take(&mut options[i]))
                .collect(),
            used: &mut used,
            cur: ObjectiveKey::default(),
            sel: Vec::new(),
            best: None,
            nodes: 0,
            max_nodes,
            aborted: false,
        };
        let root_bound = s.bound(0);
        s.dfs(0);
        out.nodes += s.nodes;
        let (best, sel) = s.best.take().unwrap_or_else(|| {
            // The limit stopped the first descent: all unresolved is feasible.
            (
                unresolved.scaled(scale * s.targets.len() as i128),
                Vec::new(),
            )
        });
        if s.aborted {
            out.node_limit_hit = true;
            out.lower_bound += root_bound;
        } else {
            out.lower_bound += best;
        }
        out.best += best;
        out.chosen.extend(sel);
    }
    out.best = out.best.div_floor(scale);
    out.lower_bound = out.lower_bound.div_floor(scale);
    out.chosen.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcm_of_small_ranges() {
        assert_eq!(lcm_upto(1), 1);
        assert_eq!(lcm_upto(4), 12);
        assert_eq!(lcm_upto(6), 60);
    }
}
