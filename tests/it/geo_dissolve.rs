//! The coverage dissolve (`reorg::geo::dissolve`) on small synthetic
//! coverages: shared edges vanish, holes and separate parts come out right,
//! and the result does not depend on input order or orientation.

use std::collections::BTreeSet;

use proptest::prelude::*;
use reorg::geo::Rings;
use reorg::geo::ring::{Location, Pt, locate, signed_area2};
use reorg::geo::{Dissolved, dissolve};

/// The cell (x, y) of a grid of 0.01° cells anchored at (100° E, 20° N), as
/// a GeoJSON ring (counter-clockwise or clockwise).
fn square(x: i32, y: i32, ccw: bool) -> Rings {
    let c = |i: i32, j: i32| (100.0 + f64::from(i) * 0.01, 20.0 + f64::from(j) * 0.01);
    let mut r = vec![c(x, y), c(x + 1, y), c(x + 1, y + 1), c(x, y + 1), c(x, y)];
    if !ccw {
        r.reverse();
    }
    vec![r]
}

/// Grid position (in cells) of a quantised point.
fn cell(p: Pt) -> (i64, i64) {
    ((p.0 - 10_000_000) / 1000, (p.1 - 2_000_000) / 1000)
}

fn cells(r: &[Pt]) -> Vec<(i64, i64)> {
    r.iter().map(|p| cell(*p)).collect()
}

/// Area in cells.
fn area_cells(d: &Dissolved) -> f64 {
    d.polygons.iter().map(|p| p.area2() as f64).sum::<f64>() / 2.0 / 1e6
}

#[test]
fn two_adjacent_squares_become_one_ring_keeping_collinear_vertices() {
    let d = dissolve(&[square(0, 0, true), square(1, 0, true)]);
    assert_eq!(d.polygons.len(), 1);
    let p = &d.polygons[0];
    assert!(p.holes.is_empty());
    // The shared edge is gone; its end points stay as collinear vertices.
    assert_eq!(
        cells(&p.exterior),
        vec![(0, 0), (1, 0), (2, 0), (2, 1), (1, 1), (0, 1)]
    );
    assert!(signed_area2(&p.exterior) > 0, "exterior counter-clockwise");
    assert_eq!(d.input_edges, 8);
    assert_eq!(d.boundary_edges, 6);
    assert!((area_cells(&d) - 2.0).abs() < 1e-9);
}

#[test]
fn eight_squares_around_a_hole_give_an_exterior_and_a_hole() {
    let mut polys = Vec::new();
    for x in 0..3 {
        for y in 0..3 {
            if (x, y) != (1, 1) {
                polys.push(square(x, y, (x + y) % 2 == 0));
            }
        }
    }
    let d = dissolve(&polys);
    assert_eq!(d.polygons.len(), 1);
    let p = &d.polygons[0];
    assert_eq!(p.exterior.len(), 12);
    assert_eq!(p.holes.len(), 1);
    assert_eq!(cells(&p.holes[0]), vec![(1, 1), (1, 2), (2, 2), (2, 1)]);
    assert!(signed_area2(&p.holes[0]) < 0, "hole clockwise");
    assert!((area_cells(&d) - 8.0).abs() < 1e-9);
    assert_eq!(d.orphan_holes, 0);
}

#[test]
fn disjoint_parts_give_a_multipolygon_of_two_largest_first() {
    let d = dissolve(&[square(5, 5, true), square(0, 0, true), square(0, 1, false)]);
    assert_eq!(d.polygons.len(), 2);
    assert_eq!(d.polygons[0].exterior.len(), 6);
    assert_eq!(cells(&d.polygons[1].exterior)[0], (5, 5));
}

#[test]
fn squares_touching_at_a_corner_stay_two_simple_parts() {
    let d = dissolve(&[square(0, 0, true), square(1, 1, true)]);
    assert_eq!(d.polygons.len(), 2);
    for p in &d.polygons {
        assert_eq!(p.exterior.len(), 4);
    }
}

#[test]
fn hole_touching_the_exterior_at_a_point_is_a_hole() {
    // 3×3 block without its centre and its top-right cell: the hole and the
    // notch meet at (2, 2).
    let mut polys = Vec::new();
    for x in 0..3 {
        for y in 0..3 {
            if (x, y) != (1, 1) && (x, y) != (2, 2) {
                polys.push(square(x, y, true));
            }
        }
    }
    let d = dissolve(&polys);
    assert_eq!(d.polygons.len(), 1);
    let p = &d.polygons[0];
    assert_eq!(p.holes.len(), 1);
    assert_eq!(p.holes[0].len(), 4);
    let mut seen = p.exterior.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        p.exterior.len(),
        "exterior visits each vertex once"
    );
    assert!((area_cells(&d) - 7.0).abs() < 1e-9);
}

#[test]
fn an_enclave_fills_its_hole() {
    let c = |i: f64, j: f64| (100.0 + i * 0.01, 20.0 + j * 0.01);
    let frame: Rings = vec![
        vec![
            c(0.0, 0.0),
            c(3.0, 0.0),
            c(3.0, 3.0),
            c(0.0, 3.0),
            c(0.0, 0.0),
        ],
        vec![
            c(1.0, 1.0),
            c(1.0, 2.0),
            c(2.0, 2.0),
            c(2.0, 1.0),
            c(1.0, 1.0),
        ],
    ];
    let d = dissolve(&[frame, square(1, 1, false)]);
    assert_eq!(d.polygons.len(), 1);
    assert!(d.polygons[0].holes.is_empty());
    assert_eq!(d.polygons[0].exterior.len(), 4);
}

#[test]
fn result_does_not_depend_on_order_or_orientation() {
    let a = vec![square(0, 0, true), square(1, 0, true), square(1, 1, true)];
    let b = vec![square(1, 1, false), square(0, 0, false), square(1, 0, true)];
    assert_eq!(dissolve(&a), dissolve(&b));
}

/// The right cell of a pair, whose copy of the shared border x = 1 has an
/// extra vertex pushed 0.00002° into it: a thin gap between the two copies.
fn bulged_right(y: f64) -> Rings {
    let c = |i: f64, j: f64| (100.0 + i * 0.01, 20.0 + j * 0.01);
    vec![vec![
        c(1.0, y),
        c(2.0, y),
        c(2.0, y + 1.0),
        c(1.0, y + 1.0),
        c(1.002, y + 0.5),
        c(1.0, y),
    ]]
}

#[test]
fn mismatched_shared_border_inside_leaves_a_sliver_hole() {
    // A 2×3 block whose middle row has the mismatched border: the gap is
    // surrounded by members and becomes a thin hole.
    let polys = vec![
        square(0, 0, true),
        square(1, 0, true),
        square(0, 1, true),
        bulged_right(1.0),
        square(0, 2, true),
        square(1, 2, true),
    ];
    let d = dissolve(&polys);
    assert_eq!(d.polygons.len(), 1);
    assert_eq!(d.polygons[0].holes.len(), 1, "the gap is a sliver hole");
    assert_eq!(d.polygons[0].exterior.len(), 10);
    // Six cells minus the sliver triangle (base 1 cell, height 0.002 cell).
    assert!((area_cells(&d) - (6.0 - 0.001)).abs() < 1e-9);
}

#[test]
fn mismatched_shared_border_across_splits_at_the_gap() {
    // The gap runs from boundary to boundary: the two cells only touch at
    // its two ends, so the union is two parts (OGC: the interior is not
    // connected), not one ring with a hole touching it.
    let d = dissolve(&[square(0, 0, true), bulged_right(0.0)]);
    assert_eq!(d.polygons.len(), 2);
    assert!(d.polygons.iter().all(|p| p.holes.is_empty()));
    assert!((area_cells(&d) - (2.0 - 0.001)).abs() < 1e-9);
}

#[test]
fn overlapping_shared_border_drops_the_overlap_sliver() {
    // The left square's copy of the border bulges into the right square.
    let c = |i: f64, j: f64| (100.0 + i * 0.01, 20.0 + j * 0.01);
    let left: Rings = vec![vec![
        c(0.0, 0.0),
        c(1.0, 0.0),
        c(1.002, 0.5),
        c(1.0, 1.0),
        c(0.0, 1.0),
        c(0.0, 0.0),
    ]];
    let d = dissolve(&[left, square(1, 0, true)]);
    assert_eq!(d.polygons.len(), 1);
    assert!(d.polygons[0].holes.is_empty());
    assert_eq!(d.covered_parts, 1);
    assert!((area_cells(&d) - 2.0).abs() < 1e-9);
}

#[test]
fn degenerate_rings_are_ignored() {
    let c = |i: f64, j: f64| (100.0 + i * 0.01, 20.0 + j * 0.01);
    let flat: Rings = vec![vec![c(0.0, 0.0), c(1.0, 0.0), c(2.0, 0.0), c(0.0, 0.0)]];
    let d = dissolve(&[flat]);
    assert!(d.polygons.is_empty());
    assert_eq!(d.input_edges, 0);
}

/// Number of 4-connected components of `set` within the box [lo, hi)².
fn components(set: &BTreeSet<(i32, i32)>, lo: i32, hi: i32) -> Vec<BTreeSet<(i32, i32)>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for &c in set {
        if !seen.insert(c) {
            continue;
        }
        let mut comp = BTreeSet::from([c]);
        let mut stack = vec![c];
        while let Some((x, y)) = stack.pop() {
            for n in [(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)] {
                if n.0 >= lo
                    && n.0 < hi
                    && n.1 >= lo
                    && n.1 < hi
                    && set.contains(&n)
                    && seen.insert(n)
                {
                    comp.insert(n);
                    stack.push(n);
                }
            }
        }
        out.push(comp);
    }
    out
}

proptest! {
    /// On any set of grid cells: parts = 4-connected components of the
    /// cells, holes = bounded 4-connected components of each part's
    /// complement (cells outside the one-cell margin are outside),
    /// area = number of cells; rings are simple at their vertices and
    /// correctly oriented; holes lie in their exterior; order and
    /// orientation of the input do not matter.
    #[test]
    fn grid_coverages_dissolve_topologically_right(
        bits in proptest::collection::vec(any::<bool>(), 36),
        flips in proptest::collection::vec(any::<bool>(), 36),
    ) {
        let n = 6;
        let cellset: BTreeSet<(i32, i32)> = (0..n * n)
            .filter(|i| bits[*i as usize])
            .map(|i| (i % n, i / n))
            .collect();
        let polys: Vec<Rings> = cellset
            .iter()
            .map(|&(x, y)| square(x, y, flips[(y * n + x) as usize]))
            .collect();
        let d = dissolve(&polys);
        let parts = components(&cellset, 0, n);
        // Holes of each part alone: a region enclosed only by several parts
        // touching at corners is no part's hole.
        let holes: usize = parts
            .iter()
            .map(|part| {
                let empty: BTreeSet<(i32, i32)> = (-1..=n)
                    .flat_map(|x| (-1..=n).map(move |y| (x, y)))
                    .filter(|c| !part.contains(c))
                    .collect();
                components(&empty, -1, n + 1)
                    .into_iter()
                    .filter(|c| !c.contains(&(-1, -1)))
                    .count()
            })
            .sum();
        prop_assert_eq!(d.polygons.len(), parts.len());
        prop_assert_eq!(d.polygons.iter().map(|p| p.holes.len()).sum::<usize>(), holes);
        prop_assert!((area_cells(&d) - cellset.len() as f64).abs() < 1e-9);
        prop_assert_eq!(d.orphan_holes, 0);
        prop_assert_eq!(d.covered_parts, 0);
        for p in &d.polygons {
            prop_assert!(signed_area2(&p.exterior) > 0);
            for r in std::iter::once(&p.exterior).chain(&p.holes) {
                let distinct: BTreeSet<&Pt> = r.iter().collect();
                prop_assert_eq!(distinct.len(), r.len());
            }
            for h in &p.holes {
                prop_assert!(signed_area2(h) < 0);
                prop_assert!(h.iter().all(|q| locate(*q, &p.exterior) != Location::Outside));
            }
        }
        let reversed: Vec<Rings> = polys.iter().rev().cloned().collect();
        prop_assert_eq!(dissolve(&reversed), d);
    }
}
