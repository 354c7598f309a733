//! A small maximum-flow solver (Dinic's algorithm) used as the exact
//! feasibility test of independent single merges under the caps.
//!
//! Reference: E. A. Dinic, "Algorithm for solution of a problem of maximum
//! flow in a network with power estimation", Soviet Math. Doklady 11 (1970).

use std::collections::VecDeque;

/// A flow network with integer capacities.
#[derive(Debug, Default)]
pub(super) struct FlowNet {
    adj: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<u64>,
}

impl FlowNet {
    /// A network with `n` nodes and no edge.
    pub(super) fn new(n: usize) -> FlowNet {
        FlowNet {
            adj: vec![Vec::new(); n],
            to: Vec::new(),
            cap: Vec::new(),
        }
    }

    /// Adds the edge `u → v` with capacity `c` (and its residual twin).
    pub(super) fn add_edge(&mut self, u: usize, v: usize, c: u64) {
        self.adj[u].push(self.to.len());
        self.to.push(v);
        self.cap.push(c);
        self.adj[v].push(self.to.len());
        self.to.push(u);
        self.cap.push(0);
    }

    /// The value of a maximum flow from `s` to `t`.
    ///
    /// # Complexity
    /// O(V² E) in general; O(E √V) on unit networks. The networks built by the
    /// scheduler have a few hundred edges.
    pub(super) fn max_flow(&mut self, s: usize, t: usize) -> u64 {
        let n = self.adj.len();
        let mut total = 0;
        loop {
            let mut level = vec![usize::MAX; n];
            level[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &e in &self.adj[u] {
                    let v = self.to[e];
                    if self.cap[e] > 0 && level[v] == usize::MAX {
                        level[v] = level[u] + 1;
                        queue.push_back(v);
                    }
                }
            }
            if level[t] == usize::MAX {
                return total;
            }
            let mut next = vec![0usize; n];
            loop {
                let pushed = self.augment(s, t, u64::MAX, &level, &mut next);
                if pushed == 0 {
                    break;
                }
                total += pushed;
            }
        }
    }

    /// One blocking-flow path search from `u` (depth ≤ number of layers).
    fn augment(
        &mut self,
        u: usize,
        t: usize,
        limit: u64,
        level: &[usize],
        next: &mut [usize],
    ) -> u64 {
        if u == t {
            return limit;
        }
        while next[u] < self.adj[u].len() {
            let e = self.adj[u][next[u]];
            let v = self.to[e];
            if self.cap[e] > 0 && level[v] == level[u] + 1 {
                let pushed = self.augment(v, t, limit.min(self.cap[e]), level, next);
                if pushed > 0 {
                    self.cap[e] -= pushed;
                    self.cap[e ^ 1] += pushed;
                    return pushed;
                }
            }
            next[u] += 1;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_network() {
        // s=0, t=5; CLRS figure 26.1, max flow 23.
        let mut f = FlowNet::new(6);
        for (u, v, c) in [
            (0, 1, 16),
            (0, 2, 13),
            (1, 3, 12),
            (2, 1, 4),
            (2, 4, 14),
            (3, 2, 9),
            (3, 5, 20),
            (4, 3, 7),
            (4, 5, 4),
        ] {
            f.add_edge(u, v, c);
        }
        assert_eq!(f.max_flow(0, 5), 23);
    }

    #[test]
    fn disconnected_is_zero() {
        let mut f = FlowNet::new(3);
        f.add_edge(0, 1, 5);
        assert_eq!(f.max_flow(0, 2), 0);
    }
}
