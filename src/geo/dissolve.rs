//! Dissolving the polygons of a coverage into their union by cancelling
//! shared edges.
//!
//! The shipped commune polygons were simplified as a coverage: two
//! neighbours share an identical sequence of vertices along their common
//! border (see `data/vn/README.md`). Their union is therefore found exactly,
//! without any geometric intersection, by edge cancellation:
//!
//! 1. quantise every ring to 1e-5 degree (the files' precision) and orient
//!    it: exterior rings counter-clockwise, holes clockwise, so the interior
//!    is always on the left of every directed edge;
//! 2. cancel each directed edge a→b against a reverse edge b→a (a border
//!    shared by two members, or a spike): what remains is the boundary of the
//!    union, still with the interior on its left;
//! 3. chain the remaining edges into closed walks; at a vertex with several
//!    unused outgoing edges take the most clockwise turn (the smallest
//!    counter-clockwise angle from the edge just walked, reversed);
//! 4. split every walk where it revisits a vertex (two parts touching at a
//!    point, or a hole touching its exterior), so that every ring is simple
//!    at its vertices;
//! 5. rings of positive area are exteriors, of negative area holes; each
//!    hole goes to the smallest exterior containing it.
//!
//! # Choices
//! - **Collinear vertices are kept.** Two adjacent unit squares dissolve to
//!   one ring of 6 vertices, not 4. Removing them would make a new unit's
//!   border differ in its vertices from its unchanged neighbour's, so the
//!   exported map would no longer be a coverage (a T-junction wherever a
//!   triple point lies on a straight run).
//! - **Data noise.** Where two neighbours' shared border does not match
//!   vertex for vertex, the unmatched edges stay: the gap or overlap between
//!   the two versions becomes part of the boundary (a sliver hole or a notch
//!   along the old border). The rings stay closed and the area is right up
//!   to the sliver. If the two versions cross, the ring touches or crosses
//!   itself there; GIS tools draw it, validity checkers may flag it.
//! - A hole contained in no exterior (an inconsistent input) is dropped and
//!   counted in [`Dissolved::orphan_holes`].
//!
//! # Complexity
//! O(E log E) for E input edges (sorting, cancellation, chaining, splitting),
//! plus O(H · V) for the point-in-polygon tests placing H holes among
//! exteriors of V vertices whose bounding box contains them.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::ring::{
    Location, Pt, Ring, canonical_start, cross, locate, quantise_ring, ring_bbox, signed_area2,
};
use crate::charts::map::Rings;

/// A polygon in 1e-5 degree: its exterior (counter-clockwise) and holes
/// (clockwise), each ring unclosed and starting at its smallest vertex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntPolygon {
    /// Exterior ring.
    pub exterior: Ring,
    /// Holes, ordered by their first vertex.
    pub holes: Vec<Ring>,
}

impl IntPolygon {
    /// Twice the area (exterior minus holes), in (1e-5 degree)².
    pub fn area2(&self) -> i128 {
        signed_area2(&self.exterior) + self.holes.iter().map(|h| signed_area2(h)).sum::<i128>()
    }
}

/// The union of a set of polygons.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dissolved {
    /// The parts, largest first (ties by first vertex): a MultiPolygon.
    pub polygons: Vec<IntPolygon>,
    /// Directed edges read from the input (after dropping repeated points).
    pub input_edges: usize,
    /// Directed edges left on the boundary after cancellation.
    pub boundary_edges: usize,
    /// Holes dropped because no exterior contains them.
    pub orphan_holes: usize,
}

/// Dissolves polygons (GeoJSON rings in degrees: exterior first, then
/// holes) into their union. Rings with fewer than 3 distinct positions or
/// zero area are ignored.
///
/// # Arguments
/// `polygons`: the parts of all members, in any order (the result does not
/// depend on it).
///
/// # Returns
/// The union as exact polygons in 1e-5 degree; empty if there is no area.
///
/// # Complexity
/// O(E log E + H · V), see the module documentation.
pub fn dissolve<'a>(polygons: impl IntoIterator<Item = &'a Rings>) -> Dissolved {
    let mut edges: Vec<(Pt, Pt)> = Vec::new();
    for poly in polygons {
        for (k, ring) in poly.iter().enumerate() {
            let mut r = quantise_ring(ring);
            if r.len() < 3 {
                continue;
            }
            let a = signed_area2(&r);
            if a == 0 {
                continue;
            }
            // Exterior counter-clockwise, holes clockwise.
            if (k == 0) != (a > 0) {
                r.reverse();
            }
            let n = r.len();
            edges.extend((0..n).map(|i| (r[i], r[(i + 1) % n])));
        }
    }
    let input_edges = edges.len();
    let boundary = cancel(edges);
    let boundary_edges = boundary.len();
    let mut exteriors: Vec<Ring> = Vec::new();
    let mut holes: Vec<Ring> = Vec::new();
    for walk in chain(boundary) {
        for mut ring in split_at_repeats(&walk) {
            let a = signed_area2(&ring);
            if a == 0 {
                continue;
            }
            canonical_start(&mut ring);
            if a > 0 {
                exteriors.push(ring);
            } else {
                holes.push(ring);
            }
        }
    }
    let (polygons, orphan_holes) = assemble(exteriors, holes);
    Dissolved {
        polygons,
        input_edges,
        boundary_edges,
        orphan_holes,
    }
}

/// Cancels opposite directed edges: for each undirected segment, the net
/// number of traversals a→b minus b→a remains, in its direction.
///
/// # Complexity
/// O(E log E).
fn cancel(edges: Vec<(Pt, Pt)>) -> Vec<(Pt, Pt)> {
    let mut keyed: Vec<((Pt, Pt), i64)> = edges
        .into_iter()
        .map(|(a, b)| if a < b { ((a, b), 1) } else { ((b, a), -1) })
        .collect();
    keyed.sort_unstable();
    let mut out = Vec::new();
    let mut i = 0;
    while i < keyed.len() {
        let key = keyed[i].0;
        let mut net = 0i64;
        while i < keyed.len() && keyed[i].0 == key {
            net += keyed[i].1;
            i += 1;
        }
        let e = if net > 0 { key } else { (key.1, key.0) };
        for _ in 0..net.unsigned_abs() {
            out.push(e);
        }
    }
    out.sort_unstable();
    out
}

/// Orders outgoing directions by counter-clockwise angle from `back`
/// (the direction pointing back along the edge just walked), in (0, 2π]:
/// the smallest is the most clockwise turn; going straight back is last.
fn turn_order(back: Pt, d1: Pt, d2: Pt) -> Ordering {
    let o = (0, 0);
    let class = |d: Pt| {
        let c = cross(o, back, d);
        let dot = i128::from(back.0) * i128::from(d.0) + i128::from(back.1) * i128::from(d.1);
        match (c.cmp(&0), dot < 0) {
            (Ordering::Greater, _) => 0,
            (Ordering::Equal, true) => 1,
            (Ordering::Less, _) => 2,
            (Ordering::Equal, false) => 3,
        }
    };
    let (c1, c2) = (class(d1), class(d2));
    c1.cmp(&c2).then_with(|| {
        if c1 == 0 || c1 == 2 {
            // d1 first if d2 lies counter-clockwise of d1.
            0.cmp(&cross(o, d1, d2))
        } else {
            Ordering::Equal
        }
    })
}

/// Chains directed edges (sorted, each vertex with as many in- as
/// out-edges) into closed walks, deterministically.
///
/// # Complexity
/// O(E log E): each edge is walked once; choosing among the out-edges of a
/// vertex is linear in its degree (small).
fn chain(edges: Vec<(Pt, Pt)>) -> Vec<Vec<Pt>> {
    let mut used = vec![false; edges.len()];
    // Out-edges of a vertex are a contiguous range of the sorted list.
    let range = |v: Pt| {
        let lo = edges.partition_point(|e| e.0 < v);
        let hi = edges.partition_point(|e| e.0 <= v);
        lo..hi
    };
    let mut walks = Vec::new();
    for start in 0..edges.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let (s, mut v) = edges[start];
        let mut prev = s;
        let mut walk = vec![s];
        loop {
            let mut best: Option<usize> = None;
            for j in range(v) {
                if used[j] {
                    continue;
                }
                let back = (prev.0 - v.0, prev.1 - v.1);
                let better = best.is_none_or(|b| {
                    let (db, dj) = (edges[b].1, edges[j].1);
                    let ord = turn_order(back, (dj.0 - v.0, dj.1 - v.1), (db.0 - v.0, db.1 - v.1));
                    // Ties (overlapping collinear edges, data noise): nearer end first.
                    ord == Ordering::Less || (ord == Ordering::Equal && dj < db)
                });
                if better {
                    best = Some(j);
                }
            }
            let Some(j) = best else { break };
            used[j] = true;
            walk.push(v);
            prev = v;
            v = edges[j].1;
        }
        // Balanced degrees: the walk can only stop where it started.
        walks.push(walk);
    }
    walks
}

/// Splits a closed walk at every revisited vertex into loops that visit
/// each vertex once.
///
/// # Complexity
/// O(n) expected (hash map of the open loop's vertices).
fn split_at_repeats(walk: &[Pt]) -> Vec<Ring> {
    let mut loops = Vec::new();
    let mut stack: Vec<Pt> = Vec::with_capacity(walk.len());
    let mut at: HashMap<Pt, usize> = HashMap::with_capacity(walk.len());
    for &p in walk.iter().chain(walk.first()) {
        if let Some(&i) = at.get(&p) {
            let lp: Vec<Pt> = stack.drain(i + 1..).collect();
            for q in &lp {
                at.remove(q);
            }
            let mut ring = vec![p];
            ring.extend(lp);
            loops.push(ring);
        } else {
            at.insert(p, stack.len());
            stack.push(p);
        }
    }
    loops
}

/// Puts each hole into the smallest exterior containing it; sorts parts by
/// area (largest first), then first vertex.
fn assemble(exteriors: Vec<Ring>, holes: Vec<Ring>) -> (Vec<IntPolygon>, usize) {
    let boxes: Vec<(i64, i64, i64, i64)> = exteriors.iter().map(|r| ring_bbox(r)).collect();
    let areas: Vec<i128> = exteriors.iter().map(|r| signed_area2(r)).collect();
    let mut polys: Vec<IntPolygon> = exteriors
        .into_iter()
        .map(|exterior| IntPolygon {
            exterior,
            holes: Vec::new(),
        })
        .collect();
    let mut orphans = 0;
    for hole in holes {
        let hb = ring_bbox(&hole);
        let mut best: Option<usize> = None;
        for (i, p) in polys.iter().enumerate() {
            let b = boxes[i];
            if hb.0 < b.0 || hb.1 < b.1 || hb.2 > b.2 || hb.3 > b.3 {
                continue;
            }
            if best.is_some_and(|k| areas[k] <= areas[i]) {
                continue;
            }
            // The first hole vertex not on the exterior decides; a hole
            // lying wholly on it (degenerate) counts as inside.
            let inside = hole
                .iter()
                .map(|q| locate(*q, &p.exterior))
                .find(|l| *l != Location::Boundary)
                .is_none_or(|l| l == Location::Inside);
            if inside {
                best = Some(i);
            }
        }
        match best {
            Some(i) => polys[i].holes.push(hole),
            None => orphans += 1,
        }
    }
    for p in &mut polys {
        p.holes.sort();
    }
    polys.sort_by(|a, b| {
        b.area2()
            .cmp(&a.area2())
            .then_with(|| a.exterior.cmp(&b.exterior))
    });
    (polys, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_keeps_net_direction() {
        let (a, b, c) = ((0, 0), (1, 0), (1, 1));
        let out = cancel(vec![(a, b), (b, a), (b, c), (b, c), (c, b), (c, a)]);
        assert_eq!(out, vec![(b, c), (c, a)]);
    }

    #[test]
    fn turn_order_prefers_the_most_clockwise() {
        // Arrived heading east at the origin: back points west.
        let back = (-1, 0);
        let (north, east, south) = ((0, 1), (1, 0), (0, -1));
        assert_eq!(turn_order(back, south, east), Ordering::Less);
        assert_eq!(turn_order(back, east, north), Ordering::Less);
        assert_eq!(turn_order(back, north, back), Ordering::Less);
        assert_eq!(turn_order(back, (1, -5), (1, -1)), Ordering::Less);
    }

    #[test]
    fn split_separates_loops_at_a_repeated_vertex() {
        let walk = vec![(0, 0), (1, 0), (1, 1), (2, 1), (2, 2), (1, 2), (1, 1), (0, 1)];
        let loops = split_at_repeats(&walk);
        assert_eq!(loops.len(), 2);
        assert_eq!(loops[0], vec![(1, 1), (2, 1), (2, 2), (1, 2)]);
        assert_eq!(loops[1], vec![(0, 0), (1, 0), (1, 1), (0, 1)]);
    }
}
