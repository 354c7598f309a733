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
//!    unused outgoing edges take the sharpest left turn (the largest
//!    counter-clockwise angle from the edge just walked, reversed). With the
//!    interior on the left, this keeps a walk around one connected piece of
//!    interior: parts that touch at a point come out as separate parts
//!    (OGC-valid), not as one ring pinched at that point;
//! 4. split every walk where it revisits a vertex (two parts touching at a
//!    point, or a hole touching its exterior), so that every ring is simple
//!    at its vertices;
//! 5. rings of positive area are exteriors, of negative area holes; an
//!    exterior that the rest already covers (inside more exteriors than
//!    holes: an overlap sliver, see below) is dropped; each hole goes to the
//!    smallest exterior containing it.
//!
//! # Choices
//! - **Collinear vertices are kept.** Two adjacent unit squares dissolve to
//!   one ring of 6 vertices, not 4. Removing them would make a new unit's
//!   border differ in its vertices from its unchanged neighbour's, so the
//!   exported map would no longer be a coverage (a T-junction wherever a
//!   triple point lies on a straight run).
//! - **Data noise.** Where two neighbours' shared border does not match
//!   vertex for vertex, the unmatched edges stay. Where the two versions
//!   leave a gap between them, the gap becomes a thin hole (or a notch if it
//!   reaches the outer boundary): it is not covered by any member, so it is
//!   not in the union. Where they overlap, the sliver becomes a small
//!   exterior inside the union, which step 5 drops ([`Dissolved::covered_parts`]).
//!   Rings stay closed and the area is right up to the slivers. If the two
//!   versions cross between vertices, a ring may cross itself there; GIS
//!   tools draw it, validity checkers may flag it.
//! - A hole contained in no exterior (an inconsistent input) is dropped and
//!   counted in [`Dissolved::orphan_holes`].
//!
//! # Complexity
//! O(E log E) for E input edges (sorting, cancellation, chaining, splitting),
//! plus O((X + H) · X · V) for the point-in-polygon tests placing X exteriors
//! and H holes among exteriors of V vertices whose bounding box contains
//! them (X and H are small: the parts and holes of one unit).

use std::cmp::Ordering;
use std::collections::HashMap;

use super::geojson::Rings;
use super::ring::{
    Location, Pt, Ring, canonical_start, cross, locate, quantise_ring, ring_bbox, signed_area2,
};

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
    /// Exterior rings dropped because the rest of the union already covers
    /// them (overlap slivers between members that overlap along a border).
    pub covered_parts: usize,
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
    let (polygons, orphan_holes, covered_parts) = assemble(exteriors, holes);
    Dissolved {
        polygons,
        input_edges,
        boundary_edges,
        orphan_holes,
        covered_parts,
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

/// Preference between two outgoing directions `d1`, `d2` at a vertex, given
/// `back`, the direction pointing back along the edge just walked:
/// `Less` when `d1` is the sharper left turn, i.e. has the larger
/// counter-clockwise angle from `back` in (0, 2π). Going straight back
/// (angle 0) is the last resort.
fn left_turn_order(back: Pt, d1: Pt, d2: Pt) -> Ordering {
    let o = (0, 0);
    // Rank: (π, 2π) first, then π (straight on), then (0, π), then 0.
    let rank = |d: Pt| {
        let c = cross(o, back, d);
        let dot = i128::from(back.0) * i128::from(d.0) + i128::from(back.1) * i128::from(d.1);
        match (c.cmp(&0), dot < 0) {
            (Ordering::Less, _) => 0,
            (Ordering::Equal, true) => 1,
            (Ordering::Greater, _) => 2,
            (Ordering::Equal, false) => 3,
        }
    };
    let (r1, r2) = (rank(d1), rank(d2));
    r1.cmp(&r2).then_with(|| {
        if r1 == 0 || r1 == 2 {
            // d1 first if it lies counter-clockwise of d2.
            0.cmp(&cross(o, d2, d1))
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
                    let ord =
                        left_turn_order(back, (dj.0 - v.0, dj.1 - v.1), (db.0 - v.0, db.1 - v.1));
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

/// A ring with its bounding box, twice its absolute area, and its vertices
/// in doubled coordinates (so that edge midpoints are exact).
struct Placed {
    ring: Ring,
    doubled: Ring,
    bbox: (i64, i64, i64, i64),
    area2: i128,
}

impl Placed {
    fn new(ring: Ring) -> Placed {
        Placed {
            bbox: ring_bbox(&ring),
            area2: signed_area2(&ring).abs(),
            doubled: ring.iter().map(|p| (2 * p.0, 2 * p.1)).collect(),
            ring,
        }
    }

    /// Whether `other` lies inside this ring (the rings do not cross): the
    /// first vertex of `other`, else the first midpoint of its edges, that is
    /// not on this ring decides (parts may touch this ring at all their
    /// vertices); a ring lying wholly on this one (a duplicate) counts as
    /// inside.
    fn contains(&self, other: &Placed) -> bool {
        let (a, b) = (self.bbox, other.bbox);
        if b.0 < a.0 || b.1 < a.1 || b.2 > a.2 || b.3 > a.3 || other.area2 > self.area2 {
            return false;
        }
        let r = &other.ring;
        let n = r.len();
        let midpoints = (0..n).map(|i| (r[i].0 + r[(i + 1) % n].0, r[i].1 + r[(i + 1) % n].1));
        other
            .doubled
            .iter()
            .copied()
            .chain(midpoints)
            .map(|q| locate(q, &self.doubled))
            .find(|l| *l != Location::Boundary)
            .is_none_or(|l| l == Location::Inside)
    }
}

/// Drops exteriors already covered by the others (overlap slivers: the
/// winding number of the rest of the union around them is positive), puts
/// each hole into the smallest remaining exterior containing it, and sorts
/// parts by area (largest first), then first vertex.
///
/// # Complexity
/// O((X + H) · X · V) for X exteriors, H holes and V vertices per ring,
/// with bounding boxes cutting most tests.
fn assemble(exteriors: Vec<Ring>, holes: Vec<Ring>) -> (Vec<IntPolygon>, usize, usize) {
    let mut ext: Vec<Placed> = exteriors.into_iter().map(Placed::new).collect();
    // Largest first, so that a covering exterior precedes what it covers.
    ext.sort_by(|a, b| b.area2.cmp(&a.area2).then_with(|| a.ring.cmp(&b.ring)));
    let holes: Vec<Placed> = holes.into_iter().map(Placed::new).collect();
    let mut kept: Vec<Placed> = Vec::with_capacity(ext.len());
    let mut covered = 0;
    for e in ext {
        let outside_in = kept.iter().filter(|k| k.contains(&e)).count();
        let holes_in = holes.iter().filter(|h| h.contains(&e)).count();
        if outside_in > holes_in {
            covered += 1;
        } else {
            kept.push(e);
        }
    }
    let mut polys: Vec<IntPolygon> = kept
        .iter()
        .map(|k| IntPolygon {
            exterior: k.ring.clone(),
            holes: Vec::new(),
        })
        .collect();
    let mut orphans = 0;
    for hole in holes {
        // `kept` is sorted by decreasing area: the last container is the smallest.
        match kept.iter().rposition(|k| k.contains(&hole)) {
            Some(i) => polys[i].holes.push(hole.ring),
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
    (polys, orphans, covered)
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
    fn turn_order_prefers_the_sharpest_left() {
        // Arrived heading east at the origin: back points west.
        let back = (-1, 0);
        let (north, east, south) = ((0, 1), (1, 0), (0, -1));
        assert_eq!(left_turn_order(back, north, east), Ordering::Less);
        assert_eq!(left_turn_order(back, east, south), Ordering::Less);
        assert_eq!(left_turn_order(back, south, back), Ordering::Less);
        // Of two left turns, the sharper (pointing back west-north-west).
        assert_eq!(left_turn_order(back, (-5, 1), (-1, 1)), Ordering::Less);
        assert_eq!(left_turn_order(back, (1, -1), (1, -5)), Ordering::Less);
    }

    #[test]
    fn split_separates_loops_at_a_repeated_vertex() {
        let walk = vec![
            (0, 0),
            (1, 0),
            (1, 1),
            (2, 1),
            (2, 2),
            (1, 2),
            (1, 1),
            (0, 1),
        ];
        let loops = split_at_repeats(&walk);
        assert_eq!(loops.len(), 2);
        assert_eq!(loops[0], vec![(1, 1), (2, 1), (2, 2), (1, 2)]);
        assert_eq!(loops[1], vec![(0, 0), (1, 0), (1, 1), (0, 1)]);
    }
}
