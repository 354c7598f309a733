//! Depth-first branch and bound with a transposition table, for one
//! component of targets.
//!
//! A target is *decided* once it is in a chosen group or marked unresolved;
//! both mark it used. The best completion of a partial plan depends only on
//! its *state*: the used targets (which fixes the undecided ones) and the
//! used units that some undecided target's groups could hold. The search
//! branches on the lowest undecided target, trying its options cheapest
//! share first. The table stores,
//! per state, either the exact optimal completion (with its choice, to
//! rebuild the plan) or a lower bound proven by pruning (depth-first branch
//! and bound with memoisation; Zhang, "State-space search: algorithms,
//! complexity, extensions and applications", Springer 1999).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::super::candidates::Enumeration;
use super::super::cost::ObjectiveKey;

/// One branching option of a target: a group (by index) or unresolved
/// ([`UNRESOLVED`]), with its share of the group's key per target it holds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Opt {
    pub share: ObjectiveKey,
    pub group: usize,
}

/// The `group` of the "unresolved" option.
pub(super) const UNRESOLVED: usize = usize::MAX;

/// What a search from a state found.
#[derive(Clone, Copy, Debug)]
enum Res {
    /// The optimal completion cost.
    Exact(ObjectiveKey),
    /// Every completion costs at least this, which is ≥ the budget given.
    Lower(ObjectiveKey),
}

#[derive(Clone, Copy, Debug)]
enum Entry {
    Exact {
        value: ObjectiveKey,
        target: usize,
        choice: usize,
    },
    Lower(ObjectiveKey),
}

/// FNV-1a: a fast, deterministic hasher for the small state keys.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Memo = HashMap<Vec<u32>, Entry, BuildHasherDefault<Fnv>>;

/// The search over one component.
pub(super) struct Search<'a> {
    groups: &'a Enumeration,
    /// Scaled key per group index.
    keys: &'a [ObjectiveKey],
    /// Scaled key of one unresolved target.
    unresolved: ObjectiveKey,
    /// The component's targets, ascending.
    targets: Vec<usize>,
    /// Options per target position, best share first, "unresolved" included.
    options: Vec<Vec<Opt>>,
    /// Per unit of the parent: positions of the targets whose groups hold it.
    holders: &'a [Vec<usize>],
    /// Units in use (all false between searches).
    used: &'a mut [bool],
    max_nodes: u64,
    /// Search nodes visited.
    pub nodes: u64,
    /// The node limit stopped the search.
    pub aborted: bool,
    /// Units marked used, in marking order.
    stack: Vec<usize>,
    memo: Memo,
    cur: ObjectiveKey,
    sel: Vec<usize>,
    /// The best complete plan met at a leaf (kept for the node-limit case).
    incumbent: Option<(ObjectiveKey, Vec<usize>)>,
}

/// `a < b`, where `None` is +∞.
fn below(a: ObjectiveKey, b: Option<ObjectiveKey>) -> bool {
    b.is_none_or(|b| a < b)
}

impl<'a> Search<'a> {
    /// A search ready to run.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        groups: &'a Enumeration,
        keys: &'a [ObjectiveKey],
        unresolved: ObjectiveKey,
        targets: Vec<usize>,
        options: Vec<Vec<Opt>>,
        holders: &'a [Vec<usize>],
        used: &'a mut [bool],
        max_nodes: u64,
    ) -> Search<'a> {
        Search {
            groups,
            keys,
            unresolved,
            targets,
            options,
            holders,
            used,
            max_nodes,
            nodes: 0,
            aborted: false,
            stack: Vec::new(),
            memo: Memo::default(),
            cur: ObjectiveKey::default(),
            sel: Vec::new(),
            incumbent: None,
        }
    }

    fn available(&self, o: &Opt) -> bool {
        o.group == UNRESOLVED || self.groups.group(o.group).iter().all(|&u| !self.used[u])
    }

    /// Lower bound on the cost of completing the plan: each undecided
    /// target's cheapest share among its available options.
    pub fn bound(&self) -> ObjectiveKey {
        self.scan().0
    }

    /// The bound, and the undecided target to branch on (the lowest
    /// position), if any.
    fn scan(&self) -> (ObjectiveKey, Option<usize>) {
        let mut lb = ObjectiveKey::default();
        let mut pick = None;
        for (j, &t) in self.targets.iter().enumerate() {
            if self.used[t] {
                continue;
            }
            pick.get_or_insert(j);
            if let Some(o) = self.options[j].iter().find(|o| self.available(o)) {
                lb += o.share;
            }
        }
        (lb, pick)
    }

    /// The state: used targets, and used units an undecided target's groups hold.
    fn state(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self
            .stack
            .iter()
            .filter(|&&u| {
                self.targets.binary_search(&u).is_ok()
                    || self.holders[u].iter().any(|&j| !self.used[self.targets[j]])
            })
            .map(|&u| u as u32)
            .collect();
        v.sort_unstable();
        v
    }

    fn apply(&mut self, pos: usize, group: usize) -> ObjectiveKey {
        let key = if group == UNRESOLVED {
            let t = self.targets[pos];
            self.used[t] = true;
            self.stack.push(t);
            self.unresolved
        } else {
            let groups = self.groups;
            for &u in groups.group(group) {
                self.used[u] = true;
                self.stack.push(u);
            }
            self.sel.push(group);
            self.keys[group]
        };
        self.cur += key;
        key
    }

    fn undo(&mut self, group: usize, key: ObjectiveKey) {
        let k = if group == UNRESOLVED {
            1
        } else {
            self.sel.pop();
            self.groups.group(group).len()
        };
        for _ in 0..k {
            if let Some(u) = self.stack.pop() {
                self.used[u] = false;
            }
        }
        self.cur = self.cur - key;
    }

    fn raise_lower(&mut self, key: Vec<u32>, lb: ObjectiveKey) {
        match self.memo.get_mut(&key) {
            Some(Entry::Exact { .. }) => {}
            Some(Entry::Lower(old)) => *old = (*old).max(lb),
            None => {
                self.memo.insert(key, Entry::Lower(lb));
            }
        }
    }

    /// The optimal completion of the current partial plan, or a lower bound
    /// ≥ `budget` (`None` = +∞) if it proves no completion beats the budget.
    fn solve(&mut self, budget: Option<ObjectiveKey>) -> Res {
        let (h, pick) = self.scan();
        let Some(pos) = pick else {
            if self.incumbent.as_ref().is_none_or(|(b, _)| self.cur < *b) {
                self.incumbent = Some((self.cur, self.sel.clone()));
            }
            return Res::Exact(ObjectiveKey::default());
        };
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            self.aborted = true;
            return Res::Lower(ObjectiveKey::default());
        }
        let key = self.state();
        match self.memo.get(&key) {
            Some(Entry::Exact { value, .. }) => return Res::Exact(*value),
            Some(Entry::Lower(lb)) if !below(*lb, budget) => return Res::Lower(*lb),
            _ => {}
        }
        if !below(h, budget) {
            self.raise_lower(key, h);
            return Res::Lower(h);
        }
        let mut best: Option<(ObjectiveKey, usize)> = None;
        let mut lower: Option<ObjectiveKey> = None;
        for i in 0..self.options[pos].len() {
            let o = self.options[pos][i];
            if !self.available(&o) {
                continue;
            }
            let limit = match (best, budget) {
                (Some((v, _)), Some(b)) => Some(v.min(b)),
                (Some((v, _)), None) => Some(v),
                (None, b) => b,
            };
            let k = self.apply(pos, o.group);
            let r = self.solve(limit.map(|l| l - k));
            self.undo(o.group, k);
            if self.aborted {
                return Res::Lower(ObjectiveKey::default());
            }
            match r {
                Res::Exact(v) => {
                    if best.is_none_or(|(b, _)| k + v < b) {
                        best = Some((k + v, o.group));
                    }
                }
                Res::Lower(l) => lower = Some(lower.map_or(k + l, |x| x.min(k + l))),
            }
        }
        match best {
            Some((value, choice)) if lower.is_none_or(|l| value <= l) => {
                self.memo.insert(
                    key,
                    Entry::Exact {
                        value,
                        target: pos,
                        choice,
                    },
                );
                Res::Exact(value)
            }
            _ => {
                // Every option was cut at or above the budget (see `Res`).
                let l = match (best, lower) {
                    (Some((v, _)), Some(l)) => v.min(l),
                    (None, Some(l)) => l,
                    (Some((v, _)), None) => v,
                    (None, None) => ObjectiveKey::default(),
                };
                self.raise_lower(key, l);
                Res::Lower(l)
            }
        }
    }

    /// Runs the search. Returns the plan's cost and groups: the optimum, or
    /// when the node limit stopped it, the best plan met (`None` if none).
    pub fn run(&mut self) -> Option<(ObjectiveKey, Vec<usize>)> {
        match self.solve(None) {
            Res::Exact(v) if !self.aborted => Some((v, self.rebuild())),
            _ => self.incumbent.take(),
        }
    }

    /// Follows the table's exact choices from the empty plan.
    fn rebuild(&mut self) -> Vec<usize> {
        let mut applied = Vec::new();
        while let Some(Entry::Exact { target, choice, .. }) = self.memo.get(&self.state()).copied()
        {
            if self.used[self.targets[target]] {
                break;
            }
            let k = self.apply(target, choice);
            applied.push((choice, k));
        }
        let sel = self.sel.clone();
        for (c, k) in applied.into_iter().rev() {
            self.undo(c, k);
        }
        sel
    }
}
