//! Exact selection of disjoint candidate groups.
//!
//! 1. Dominated groups are dropped: a group is dominated when removing some
//!    of its non-target units leaves an allowed group with no greater key.
//! 2. Targets are split into independent components (two targets are linked
//!    when a group holds both, or when groups of theirs share a unit); each
//!    component is searched separately ([`search`]).
//! 3. The search is a depth-first branch and bound with a table of solved
//!    states: it branches on the lowest-index undecided target — one of its
//!    groups disjoint from the units already used, or "unresolved" — so every
//!    plan is reached exactly once.
//!
//! The bound: a group holding r undecided targets charges each of them
//! key/r (keys scaled by lcm(1..=K) so the shares are exact integers); an
//! undecided target costs at least its cheapest share among the options
//! still available. Lexicographic order on integer vectors is compatible with
//! addition, so the sum of per-target minima is an admissible lower bound.

mod bits;
mod search;

use petgraph::unionfind::UnionFind;

use super::candidates::Enumeration;
use super::cost::ObjectiveKey;
use search::{Component, Opt, SearchLimits, UNRESOLVED};

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
    /// Work done (dominance checks and search), all components together.
    pub work: u64,
    /// Number of independent components searched.
    pub components: usize,
    /// Some component stopped at a limit (nodes, work budget, memory).
    pub node_limit_hit: bool,
}

/// Which allowed groups are not dominated. A group is dominated when
/// removing some of its non-target units leaves an allowed group (same
/// targets, fewer units) with no greater key: any plan using it may use the
/// smaller group instead, at no greater cost, so an optimum never needs it.
///
/// # Complexity
/// O(C · 2^K · K log C) for C groups.
fn undominated(
    groups: &Enumeration,
    keys: &[ObjectiveKey],
    allowed: &[bool],
    pos_of: &[usize],
    work: &mut u64,
    budget: u64,
) -> Vec<bool> {
    let mut sub = Vec::new();
    // One check is a binary search over the C groups comparing lists.
    let check = u64::from(usize::BITS - groups.len().leading_zeros()) + 1;
    (0..groups.len())
        .map(|g| {
            if !allowed[g] {
                return false;
            }
            // Out of budget: keep the group (dropping a dominated group only
            // saves search time; keeping one never changes the optimum).
            if *work > budget {
                return true;
            }
            let members = groups.group(g);
            // Bit i: members[i] is not a target (may be dropped).
            let others = members
                .iter()
                .enumerate()
                .filter(|&(_, &u)| pos_of[u] == usize::MAX)
                .fold(0u32, |m, (i, _)| m | 1 << i);
            if members.len() < 3 || others == 0 {
                return true;
            }
            // Every non-empty subset `drop` of `others`.
            let mut drop = others;
            while drop != 0 {
                sub.clear();
                sub.extend(
                    members
                        .iter()
                        .enumerate()
                        .filter(|&(i, _)| drop >> i & 1 == 0)
                        .map(|(_, &u)| u),
                );
                *work += members.len() as u64 * check;
                if sub.len() >= 2
                    && groups
                        .position(&sub)
                        .is_some_and(|h| allowed[h] && keys[h] <= keys[g])
                {
                    return false;
                }
                drop = (drop - 1) & others;
            }
            true
        })
        .collect()
}

/// The factor keys are scaled by in the search: lcm(1..=K).
pub(crate) fn scale(max_group_size: usize) -> i64 {
    lcm_upto(max_group_size)
}

/// Least common multiple of 1..=k (the scale that makes shares exact).
fn lcm_upto(k: usize) -> i64 {
    fn gcd(a: i64, b: i64) -> i64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    (1..=k.max(1) as i64).fold(1, |l, i| l / gcd(l, i) * i)
}

/// The candidate groups of one parent, as the selection sees them.
pub(crate) struct Candidates<'a> {
    /// Every enumerated group.
    pub groups: &'a Enumeration,
    /// The key of each group.
    pub keys: &'a [ObjectiveKey],
    /// Which groups may be chosen (each allowed group holds a target).
    pub allowed: &'a [bool],
    /// The key of a target left without a group.
    pub unresolved: ObjectiveKey,
}

/// Chooses disjoint groups minimising the summed key, plus the unresolved
/// key per target of `targets` left without a group.
///
/// # Arguments
/// - `n`: number of units of the parent;
/// - `targets`: the targets that may be grouped, ascending;
/// - `cands`: the candidates, their keys, which may be chosen, the
///   unresolved key;
/// - `max_group_size`: K, the largest group size;
/// - `max_nodes`: the search node limit per component;
/// - `work_budget`: the work allowed, all components together (see
///   `search::SearchLimits`); the components share what is left in turn.
///
/// # Complexity
/// Exponential in the worst case (the problem generalises weighted set
/// packing); each search node costs O(t · W) plus the options it advances
/// past, for t targets in the component and W = ⌈units / 64⌉. Components are
/// independent, so a parent costs the sum, not the product, of its
/// components. Setup is O(C · 2^K · K log C) for C candidates (dominance).
pub(crate) fn select(
    n: usize,
    targets: &[usize],
    cands: &Candidates<'_>,
    max_group_size: usize,
    max_nodes: u64,
    work_budget: u64,
) -> Selection {
    let mut pos_of = vec![usize::MAX; n];
    for (i, &t) in targets.iter().enumerate() {
        pos_of[t] = i;
    }
    let mut work = 0u64;
    let usable = undominated(
        cands.groups,
        cands.keys,
        cands.allowed,
        &pos_of,
        &mut work,
        work_budget,
    );
    let comp_targets = target_components(cands.groups, &usable, &pos_of, targets.len());
    let scale = lcm_upto(max_group_size);
    let scaled: Vec<ObjectiveKey> = cands.keys.iter().map(|k| k.scaled(scale)).collect();
    let unresolved = cands.unresolved.scaled(scale);
    let mut options = target_options(cands.groups, &usable, &pos_of, &scaled, unresolved);
    let mut out = Selection {
        chosen: Vec::new(),
        best: ObjectiveKey::default(),
        lower_bound: ObjectiveKey::default(),
        nodes: 0,
        work,
        components: 0,
        node_limit_hit: false,
    };
    for comp in comp_targets.into_iter().filter(|c| !c.is_empty()) {
        out.components += 1;
        let n_targets = comp.len() as i64;
        let c = Component {
            groups: cands.groups,
            keys: &scaled,
            unresolved,
            targets: comp.iter().map(|&i| targets[i]).collect(),
            options: comp
                .iter()
                .map(|&i| std::mem::take(&mut options[i]))
                .collect(),
        };
        let found = search::search(
            &c,
            SearchLimits {
                max_nodes,
                work: work_budget.saturating_sub(out.work),
            },
        );
        out.nodes += found.nodes;
        out.work += found.work;
        // The limit stopped the first descent: all unresolved is feasible.
        let (best, sel) = found
            .best
            .unwrap_or_else(|| (unresolved.scaled(n_targets), Vec::new()));
        if found.aborted {
            out.node_limit_hit = true;
            out.lower_bound += found.root_bound;
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

/// The independent components of the targets: two targets are linked when
/// an allowed group holds both, or when groups of theirs share a unit.
/// Returns the target positions of each component, ascending (some lists
/// empty).
///
/// # Complexity
/// O(C · K · α(t)) with petgraph's union-find.
fn target_components(
    groups: &Enumeration,
    allowed: &[bool],
    pos_of: &[usize],
    n_targets: usize,
) -> Vec<Vec<usize>> {
    let mut sets: UnionFind<usize> = UnionFind::new(n_targets);
    let mut first_at = vec![usize::MAX; pos_of.len()];
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
                sets.union(root, pos_of[u]);
            }
            if first_at[u] == usize::MAX {
                first_at[u] = root;
            } else {
                sets.union(root, first_at[u]);
            }
        }
    }
    let mut comp_targets: Vec<Vec<usize>> = vec![Vec::new(); n_targets];
    for i in 0..n_targets {
        comp_targets[sets.find_mut(i)].push(i);
    }
    comp_targets
}

/// Each target's options: the allowed groups holding it, with its share of
/// the group's scaled key, then "unresolved", sorted by share, key, group.
fn target_options(
    groups: &Enumeration,
    allowed: &[bool],
    pos_of: &[usize],
    scaled: &[ObjectiveKey],
    unresolved: ObjectiveKey,
) -> Vec<Vec<Opt>> {
    let n_targets = pos_of.iter().filter(|&&p| p != usize::MAX).count();
    let mut options: Vec<Vec<Opt>> = vec![Vec::new(); n_targets];
    for g in (0..groups.len()).filter(|&g| allowed[g]) {
        let members = groups.group(g);
        let holds = members.iter().filter(|&&u| pos_of[u] != usize::MAX);
        let share = scaled[g].div_floor(holds.clone().count() as i64);
        for &u in holds {
            options[pos_of[u]].push(Opt { share, group: g });
        }
    }
    let key_of = |o: &Opt| {
        if o.group == UNRESOLVED {
            &unresolved
        } else {
            &scaled[o.group]
        }
    };
    for list in &mut options {
        list.push(Opt {
            share: unresolved,
            group: UNRESOLVED,
        });
        list.sort_unstable_by(|a, b| {
            a.share
                .cmp(&b.share)
                .then_with(|| key_of(a).cmp(key_of(b)))
                .then(a.group.cmp(&b.group))
        });
    }
    options
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
