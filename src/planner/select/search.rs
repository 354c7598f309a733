//! Depth-first branch and bound with a transposition table, for one
//! component of targets.
//!
//! A target is *decided* once it is in a chosen group or marked unresolved;
//! both mark it used. The best completion of a partial plan depends only on
//! its *state*: the used targets (which fixes the undecided ones) and the
//! used units that some undecided target's groups could hold. The search
//! branches on the lowest undecided target, trying its options cheapest
//! share first. The table stores, per state, either the exact optimal
//! completion (with its choice, to rebuild the plan) or a lower bound proven
//! by pruning (depth-first branch and bound with memoisation; Zhang,
//! "State-space search: algorithms, complexity, extensions and
//! applications", Springer 1999). Units are renumbered per component so that
//! sets of units are small fixed-size bit sets.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::super::candidates::Enumeration;
use super::super::cost::ObjectiveKey;
use super::bits::{Bits, WordHasher};

/// One branching option of a target: a group (by index) or unresolved
/// ([`UNRESOLVED`]), with its share of the group's key per target it holds.
#[derive(Clone, Copy, Debug)]
pub(super) struct Opt {
    pub share: ObjectiveKey,
    pub group: usize,
}

/// The `group` of the "unresolved" option.
pub(super) const UNRESOLVED: usize = usize::MAX;

/// One component to search.
pub(super) struct Component<'a> {
    /// All candidate groups of the parent.
    pub groups: &'a Enumeration,
    /// Scaled key per group index.
    pub keys: &'a [ObjectiveKey],
    /// Scaled key of one unresolved target.
    pub unresolved: ObjectiveKey,
    /// The component's targets (unit indices), in decision order.
    pub targets: Vec<usize>,
    /// Options per target, best share first, "unresolved" included.
    pub options: Vec<Vec<Opt>>,
}

/// What the search of a component found.
pub(super) struct SearchOutcome {
    /// The best plan found: its scaled key and groups (`None` if the node
    /// limit stopped the search before any plan was complete).
    pub best: Option<(ObjectiveKey, Vec<usize>)>,
    /// The bound at the root.
    pub root_bound: ObjectiveKey,
    /// Nodes visited.
    pub nodes: u64,
    /// Work done (see [`SearchLimits`]).
    pub work: u64,
    /// A limit stopped the search.
    pub aborted: bool,
}

/// The limits of one component's search.
#[derive(Clone, Copy, Debug)]
pub(super) struct SearchLimits {
    /// Search nodes.
    pub max_nodes: u64,
    /// Work units: every option looked at (when branching, and when a
    /// choice advances the other targets' first available option), every
    /// target looked at by the bound's bookkeeping. Deterministic, about
    /// 10⁸ a second.
    pub work: u64,
}

/// Bytes the search's table may hold: beyond, the search stops as at a
/// limit (memory stays bounded whatever the budget).
const MEMO_BYTES: usize = 256 << 20;

/// The largest component (in units) the exact search takes; larger ones
/// get a greedy plan (each target in turn takes its cheapest available
/// option), reported as a node-limit stop.
pub(super) const MAX_COMPONENT_UNITS: usize = 4096;

/// Searches one component.
///
/// # Complexity
/// Exponential in the worst case; each node costs O(t · s · W) for t
/// targets, s options scanned per target and W = ⌈units / 64⌉ words.
pub(super) fn search(c: &Component<'_>, limits: SearchLimits) -> SearchOutcome {
    let mut units: Vec<usize> = c.targets.clone();
    for list in &c.options {
        for o in list.iter().filter(|o| o.group != UNRESOLVED) {
            units.extend_from_slice(c.groups.group(o.group));
        }
    }
    units.sort_unstable();
    units.dedup();
    let n = units.last().map_or(0, |&u| u + 1);
    let mut out = match units.len() {
        0..=128 => Search::<2>::new(c, &units, limits).run(),
        129..=512 => Search::<8>::new(c, &units, limits).run(),
        513..=MAX_COMPONENT_UNITS => Search::<64>::new(c, &units, limits).run(),
        _ => return greedy(c, n),
    };
    if out.aborted {
        // The incumbent, or the greedy plan if it is better (or the only
        // one: the limit may stop the first descent).
        let g = greedy(c, n);
        out.work += g.work;
        if let Some((key, sel)) = g.best
            && out.best.as_ref().is_none_or(|(b, _)| key < *b)
        {
            out.best = Some((key, sel));
        }
    }
    out
}

/// Each target in turn takes its cheapest available option.
///
/// # Complexity
/// O(s · K) for s options in all.
fn greedy(c: &Component<'_>, n: usize) -> SearchOutcome {
    let mut used = vec![false; n];
    let mut key = ObjectiveKey::default();
    let mut root_bound = ObjectiveKey::default();
    let mut sel = Vec::new();
    let mut work = 0u64;
    for (list, &t) in c.options.iter().zip(&c.targets) {
        work += list.len() as u64;
        root_bound += list.first().map(|o| o.share).unwrap_or_default();
        if used[t] {
            continue;
        }
        let members = |o: &Opt| {
            if o.group == UNRESOLVED {
                std::slice::from_ref(&t)
            } else {
                c.groups.group(o.group)
            }
        };
        if let Some(o) = list.iter().find(|o| members(o).iter().all(|&u| !used[u])) {
            members(o).iter().for_each(|&u| used[u] = true);
            if o.group == UNRESOLVED {
                key += c.unresolved;
            } else {
                key += c.keys[o.group];
                sel.push(o.group);
            }
        }
    }
    SearchOutcome {
        best: Some((key, sel)),
        root_bound,
        nodes: 0,
        work,
        aborted: true,
    }
}

/// What a search from a state found.
#[derive(Clone, Copy, Debug)]
enum Res {
    /// The optimal completion cost.
    Exact(ObjectiveKey),
    /// Every completion costs at least this, which is ≥ the budget given.
    Lower(ObjectiveKey),
}

#[derive(Clone, Copy, Debug)]
enum MemoEntry {
    Exact {
        value: ObjectiveKey,
        target: usize,
        option: usize,
    },
    Lower(ObjectiveKey),
}

/// An option with its units as a local bit set.
#[derive(Clone, Copy, Debug)]
struct LocalOpt<const W: usize> {
    share: ObjectiveKey,
    key: ObjectiveKey,
    mask: Bits<W>,
    group: usize,
}

struct Search<const W: usize> {
    /// Options per target position.
    options: Vec<Vec<LocalOpt<W>>>,
    /// Per target position and option: the target positions it holds.
    holds: Vec<Vec<Vec<usize>>>,
    /// Per target position: its own bit.
    target_bit: Vec<Bits<W>>,
    /// Per target position: the units of all its groups.
    reach: Vec<Bits<W>>,
    /// All targets of the component.
    all_targets: Bits<W>,
    used: Bits<W>,
    /// Per target position: index of its first available option (kept
    /// up to date for undecided targets).
    first: Vec<usize>,
    /// Σ of the first available shares of the undecided targets.
    lb: ObjectiveKey,
    /// Changes to `first` as (target, previous index), undone in reverse.
    log: Vec<(usize, usize)>,
    memo: HashMap<Bits<W>, MemoEntry, BuildHasherDefault<WordHasher>>,
    cur: ObjectiveKey,
    sel: Vec<usize>,
    /// The best complete plan met at a leaf (kept for the node-limit case).
    incumbent: Option<(ObjectiveKey, Vec<usize>)>,
    nodes: u64,
    limits: SearchLimits,
    /// Work done so far (see [`SearchLimits::work`]): the node limit alone does
    /// not bound the time, since one node scans its target's whole option
    /// list and one choice may advance every other target's (tens of
    /// thousands of options each on a dense graph).
    work: u64,
    /// Table entries allowed ([`MEMO_BYTES`]).
    max_memo: usize,
    aborted: bool,
}

/// `a < b`, where `None` is +∞.
fn below(a: ObjectiveKey, b: Option<ObjectiveKey>) -> bool {
    b.is_none_or(|b| a < b)
}

impl<const W: usize> Search<W> {
    /// Renumbers the component's `units` (sorted) as `0..units.len()`.
    fn new(c: &Component<'_>, units: &[usize], limits: SearchLimits) -> Self {
        let local = |u: usize| units.binary_search(&u).ok();
        let mask_of = |members: &[usize]| {
            let mut m = Bits::EMPTY;
            members
                .iter()
                .filter_map(|&u| local(u))
                .for_each(|i| m.insert(i));
            m
        };
        let target_bit: Vec<Bits<W>> = c.targets.iter().map(|&t| mask_of(&[t])).collect();
        // Local unit → position of the target it is, if any.
        let mut position = vec![None; units.len()];
        for (j, &t) in c.targets.iter().enumerate() {
            if let Some(i) = local(t) {
                position[i] = Some(j);
            }
        }
        let options: Vec<Vec<LocalOpt<W>>> = c
            .options
            .iter()
            .zip(&target_bit)
            .map(|(list, &tb)| {
                list.iter()
                    .map(|o| {
                        if o.group == UNRESOLVED {
                            LocalOpt {
                                share: o.share,
                                key: c.unresolved,
                                mask: tb,
                                group: UNRESOLVED,
                            }
                        } else {
                            LocalOpt {
                                share: o.share,
                                key: c.keys[o.group],
                                mask: mask_of(c.groups.group(o.group)),
                                group: o.group,
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        let holds: Vec<Vec<Vec<usize>>> = c
            .options
            .iter()
            .enumerate()
            .map(|(j, list)| {
                list.iter()
                    .map(|o| {
                        if o.group == UNRESOLVED {
                            vec![j]
                        } else {
                            c.groups
                                .group(o.group)
                                .iter()
                                .filter_map(|&u| local(u))
                                .filter_map(|i| position[i])
                                .collect()
                        }
                    })
                    .collect()
            })
            .collect();
        let reach = options
            .iter()
            .map(|list| list.iter().fold(Bits::EMPTY, |m, o| m.or(&o.mask)))
            .collect();
        let all_targets = target_bit.iter().fold(Bits::EMPTY, |m, b| m.or(b));
        // Nothing is used yet: every option is available.
        let lb = options
            .iter()
            .filter_map(|list| list.first().map(|o| o.share))
            .fold(ObjectiveKey::default(), |a, b| a + b);
        Search {
            holds,
            first: vec![0; options.len()],
            lb,
            log: Vec::new(),
            options,
            target_bit,
            reach,
            all_targets,
            used: Bits::EMPTY,
            memo: HashMap::default(),
            cur: ObjectiveKey::default(),
            sel: Vec::new(),
            incumbent: None,
            nodes: 0,
            limits,
            work: 0,
            max_memo: MEMO_BYTES / (std::mem::size_of::<(Bits<W>, MemoEntry)>() + 8),
            aborted: false,
        }
    }

    /// The bound, the target to branch on (the lowest undecided position),
    /// and the state key.
    ///
    /// Each undecided target costs at least its cheapest share among the
    /// options still available (disjoint from the used units); `apply` and
    /// `undo` keep those first available options and their sum up to date.
    fn scan(&mut self) -> (ObjectiveKey, Option<usize>, Bits<W>) {
        self.work += self.target_bit.len() as u64;
        let mut pick = None;
        let mut relevant = self.all_targets;
        for (j, tb) in self.target_bit.iter().enumerate() {
            if self.used.is_disjoint(tb) {
                pick.get_or_insert(j);
                relevant = relevant.or(&self.reach[j]);
            }
        }
        (self.lb, pick, self.used.and(&relevant))
    }

    /// Marks `o` chosen; returns the log position and bound to restore.
    fn apply(&mut self, o: &LocalOpt<W>) -> (usize, ObjectiveKey) {
        let saved = (self.log.len(), self.lb);
        let before = self.used;
        self.used = self.used.or(&o.mask);
        self.cur += o.key;
        if o.group != UNRESOLVED {
            self.sel.push(o.group);
        }
        self.work += self.options.len() as u64;
        for j in 0..self.options.len() {
            if self.reach[j].is_disjoint(&o.mask) || !before.is_disjoint(&self.target_bit[j]) {
                continue;
            }
            let old = self.first[j];
            let list = &self.options[j];
            // A target with no available option is decided (its
            // "unresolved" option, always last to go, holds only itself).
            let Some(was) = list.get(old) else { continue };
            if was.mask.is_disjoint(&o.mask) {
                continue;
            }
            if !o.mask.is_disjoint(&self.target_bit[j]) {
                // Decided by `o` (now in use): it leaves the bound.
                self.lb = self.lb - was.share;
                continue;
            }
            let next = (old + 1..list.len())
                .find(|&i| list[i].mask.is_disjoint(&self.used))
                .unwrap_or(list.len());
            self.work += (next - old) as u64;
            self.lb = self.lb - was.share;
            if let Some(now) = list.get(next) {
                self.lb += now.share;
            }
            self.first[j] = next;
            self.log.push((j, old));
        }
        saved
    }

    fn undo(&mut self, o: &LocalOpt<W>, saved: (usize, ObjectiveKey)) {
        self.used = self.used.minus(&o.mask);
        self.cur = self.cur - o.key;
        if o.group != UNRESOLVED {
            self.sel.pop();
        }
        while self.log.len() > saved.0 {
            if let Some((j, old)) = self.log.pop() {
                self.first[j] = old;
            }
        }
        self.lb = saved.1;
    }

    fn raise_lower(&mut self, key: Bits<W>, lb: ObjectiveKey) {
        match self.memo.get_mut(&key) {
            Some(MemoEntry::Exact { .. }) => {}
            Some(MemoEntry::Lower(old)) => *old = (*old).max(lb),
            None => {
                self.memo.insert(key, MemoEntry::Lower(lb));
            }
        }
    }

    /// The optimal completion of the current partial plan, or a lower bound
    /// ≥ `budget` (`None` = +∞) if it proves no completion beats the budget.
    fn solve(&mut self, budget: Option<ObjectiveKey>) -> Res {
        let (h, pick, key) = self.scan();
        let Some(pos) = pick else {
            if self.incumbent.as_ref().is_none_or(|(b, _)| self.cur < *b) {
                self.incumbent = Some((self.cur, self.sel.clone()));
            }
            return Res::Exact(ObjectiveKey::default());
        };
        self.nodes += 1;
        self.work += self.options[pos].len() as u64;
        if self.nodes > self.limits.max_nodes
            || self.work > self.limits.work
            || self.memo.len() >= self.max_memo
        {
            self.aborted = true;
            return Res::Lower(ObjectiveKey::default());
        }
        match self.memo.get(&key) {
            Some(MemoEntry::Exact { value, .. }) => return Res::Exact(*value),
            Some(MemoEntry::Lower(lb)) if !below(*lb, budget) => return Res::Lower(*lb),
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
            if !o.mask.is_disjoint(&self.used) {
                continue;
            }
            let limit = match (best, budget) {
                (Some((v, _)), Some(b)) => Some(v.min(b)),
                (Some((v, _)), None) => Some(v),
                (None, b) => b,
            };
            // Cheap look-ahead: choosing `o` removes its targets' shares
            // from the bound and can only raise the others'.
            let mut ahead = self.lb + o.key;
            for &t in &self.holds[pos][i] {
                ahead = ahead - self.options[t][self.first[t]].share;
            }
            if !below(ahead, limit) {
                lower = Some(lower.map_or(ahead, |x| x.min(ahead)));
                continue;
            }
            let saved = self.apply(&o);
            let r = self.solve(limit.map(|l| l - o.key));
            self.undo(&o, saved);
            if self.aborted {
                return Res::Lower(ObjectiveKey::default());
            }
            match r {
                Res::Exact(v) => {
                    if best.is_none_or(|(b, _)| o.key + v < b) {
                        best = Some((o.key + v, i));
                    }
                }
                Res::Lower(l) => lower = Some(lower.map_or(o.key + l, |x| x.min(o.key + l))),
            }
        }
        match best {
            Some((value, option)) if lower.is_none_or(|l| value <= l) => {
                self.memo.insert(
                    key,
                    MemoEntry::Exact {
                        value,
                        target: pos,
                        option,
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

    /// Runs the search.
    fn run(mut self) -> SearchOutcome {
        let root_bound = self.scan().0;
        let res = self.solve(None);
        let best = match res {
            Res::Exact(v) if !self.aborted => Some((v, self.rebuild())),
            _ => self.incumbent.take(),
        };
        SearchOutcome {
            best,
            root_bound,
            nodes: self.nodes,
            work: self.work,
            aborted: self.aborted,
        }
    }

    /// Follows the table's exact choices from the empty plan.
    fn rebuild(&mut self) -> Vec<usize> {
        loop {
            let (_, pick, key) = self.scan();
            if pick.is_none() {
                break;
            }
            let Some(MemoEntry::Exact { target, option, .. }) = self.memo.get(&key).copied() else {
                break;
            };
            let o = self.options[target][option];
            self.apply(&o);
        }
        std::mem::take(&mut self.sel)
    }
}
