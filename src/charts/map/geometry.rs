//! Planar helpers for the map: projection, areas and centroids, shared
//! boundaries, hatching and greedy colouring.

use std::collections::{BTreeMap, BTreeSet};

use crate::geo::ring::{Pt, quantise};
use crate::geo::{KM_PER_DEGREE, LonLat, ProvinceGeometry};

/// Equirectangular projection fitted into a pixel box: x = (lon − lon₀)·cos φ₀,
/// y = φ, scaled uniformly and flipped so that north is up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    lon0: f64,
    lat_max: f64,
    cos0: f64,
    /// Pixels per projected degree.
    pub scale: f64,
    off_x: f64,
    off_y: f64,
}

/// Bounding box (lon_min, lat_min, lon_max, lat_max) of all positions.
pub fn bbox(g: &ProvinceGeometry) -> Option<(f64, f64, f64, f64)> {
    let mut b: Option<(f64, f64, f64, f64)> = None;
    for f in &g.features {
        for poly in &f.polygons {
            for &(lon, lat) in poly.iter().flatten() {
                b = Some(match b {
                    None => (lon, lat, lon, lat),
                    Some((a, c, d, e)) => (a.min(lon), c.min(lat), d.max(lon), e.max(lat)),
                });
            }
        }
    }
    b
}

impl Projection {
    /// Width/height ratio of the projected bounding box.
    pub fn aspect(b: (f64, f64, f64, f64)) -> f64 {
        let cos0 = ((b.1 + b.3) / 2.0).to_radians().cos();
        let w = (b.2 - b.0) * cos0;
        let h = b.3 - b.1;
        if h > 0.0 && w > 0.0 { w / h } else { 1.0 }
    }

    /// Fits the bounding box `b` into a `w` × `h` pixel box, centred.
    pub fn fit(b: (f64, f64, f64, f64), w: f64, h: f64) -> Self {
        let cos0 = ((b.1 + b.3) / 2.0).to_radians().cos();
        let pw = ((b.2 - b.0) * cos0).max(1e-9);
        let ph = (b.3 - b.1).max(1e-9);
        let scale = (w / pw).min(h / ph);
        Projection {
            lon0: b.0,
            lat_max: b.3,
            cos0,
            scale,
            off_x: (w - pw * scale) / 2.0,
            off_y: (h - ph * scale) / 2.0,
        }
    }

    /// Pixel position (fractional) of a position.
    pub fn apply(&self, (lon, lat): LonLat) -> (f64, f64) {
        (
            self.off_x + ((lon - self.lon0) * self.cos0) * self.scale,
            self.off_y + (self.lat_max - lat) * self.scale,
        )
    }

    /// Pixels per kilometre.
    pub fn px_per_km(&self) -> f64 {
        self.scale / KM_PER_DEGREE
    }
}

/// Signed area (shoelace; positive for counter-clockwise in y-up
/// coordinates) and the area-weighted centroid numerators of a ring.
///
/// # Complexity
/// O(n).
pub fn ring_moments(ring: &[(f64, f64)]) -> (f64, f64, f64) {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.windows(2) {
        let (x0, y0) = w[0];
        let (x1, y1) = w[1];
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    (a / 2.0, cx / 6.0, cy / 6.0)
}

/// Area of a ring (absolute).
pub fn ring_area(ring: &[(f64, f64)]) -> f64 {
    ring_moments(ring).0.abs()
}

/// Every boundary segment of the geometry (positions quantised to 1e-5
/// degree, so that the shared edges of neighbouring units compare equal) with the features on each side:
/// `(a, b)` with `a < b` → indices of the features having that edge.
///
/// # Complexity
/// O(V log V) for V vertices.
pub fn segments(g: &ProvinceGeometry) -> BTreeMap<(Pt, Pt), Vec<usize>> {
    let mut out: BTreeMap<(Pt, Pt), Vec<usize>> = BTreeMap::new();
    for (i, f) in g.features.iter().enumerate() {
        for ring in f.polygons.iter().flatten() {
            for w in ring.windows(2) {
                let (a, b) = (quantise(w[0]), quantise(w[1]));
                if a == b {
                    continue;
                }
                let seg = if a < b { (a, b) } else { (b, a) };
                let owners = out.entry(seg).or_default();
                if !owners.contains(&i) {
                    owners.push(i);
                }
            }
        }
    }
    out
}

/// Joins segments into maximal polylines (each segment used once), in a
/// deterministic order.
///
/// # Complexity
/// O(S log S) for S segments.
pub fn chain(segs: &[(Pt, Pt)]) -> Vec<Vec<Pt>> {
    let mut adj: BTreeMap<Pt, Vec<Pt>> = BTreeMap::new();
    for &(a, b) in segs {
        adj.entry(a).or_default().push(b);
        adj.entry(b).or_default().push(a);
    }
    let mut used: BTreeSet<(Pt, Pt)> = BTreeSet::new();
    let norm = |a: Pt, b: Pt| if a < b { (a, b) } else { (b, a) };
    let mut lines = Vec::new();
    for &(a, b) in segs {
        if used.contains(&norm(a, b)) {
            continue;
        }
        used.insert(norm(a, b));
        let mut line = vec![a, b];
        // Extend forward from b, then backward from a.
        for forward in [true, false] {
            loop {
                let end = if forward {
                    line[line.len() - 1]
                } else {
                    line[0]
                };
                let next = adj
                    .get(&end)
                    .and_then(|ns| ns.iter().find(|n| !used.contains(&norm(end, **n))).copied());
                let Some(n) = next else { break };
                used.insert(norm(end, n));
                if forward {
                    line.push(n);
                } else {
                    line.insert(0, n);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Segments of diagonal hatch lines (x − y = c, spaced `step` pixels)
/// inside the polygon made of `rings` (even-odd rule).
///
/// # Complexity
/// O(L · E) for L lines and E edges.
pub fn hatch(rings: &[Vec<(f64, f64)>], step: f64) -> Vec<((f64, f64), (f64, f64))> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &(x, y) in rings.iter().flatten() {
        lo = lo.min(x - y);
        hi = hi.max(x - y);
    }
    let mut out = Vec::new();
    if !(lo.is_finite() && hi.is_finite()) || step <= 0.0 {
        return out;
    }
    let mut c = (lo / step).ceil() * step;
    while c <= hi {
        // Intersections, parametrised by x along the line y = x − c.
        let mut xs: Vec<f64> = Vec::new();
        for ring in rings {
            for w in ring.windows(2) {
                let (p, q) = (w[0], w[1]);
                let fp = p.0 - p.1 - c;
                let fq = q.0 - q.1 - c;
                if (fp < 0.0) != (fq < 0.0) {
                    let t = fp / (fp - fq);
                    xs.push(p.0 + t * (q.0 - p.0));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            out.push(((pair[0], pair[0] - c), (pair[1], pair[1] - c)));
        }
        c += step;
    }
    out
}

/// Greedy colouring: node `i` (in index order) takes the smallest colour in
/// `0..k` unused by its already-coloured neighbours, or `i % k` if all are
/// used.
///
/// # Complexity
/// O(n + m) for n nodes and m edges.
pub fn greedy_colours(n: usize, edges: &BTreeSet<(usize, usize)>, k: usize) -> Vec<usize> {
    let mut nbrs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a < n && b < n && a != b {
            nbrs[a].push(b);
            nbrs[b].push(a);
        }
    }
    let mut colour: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let taken: BTreeSet<usize> = nbrs[i].iter().filter_map(|j| colour[*j]).collect();
        colour[i] = Some((0..k).find(|c| !taken.contains(c)).unwrap_or(i % k.max(1)));
    }
    colour.into_iter().map(|c| c.unwrap_or(0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn square(x0: f64, y0: f64, s: f64) -> Vec<(f64, f64)> {
        vec![
            (x0, y0),
            (x0 + s, y0),
            (x0 + s, y0 + s),
            (x0, y0 + s),
            (x0, y0),
        ]
    }

    #[test]
    fn ring_area_of_a_square() {
        assert_relative_eq!(ring_area(&square(0.0, 0.0, 3.0)), 9.0);
    }

    #[test]
    fn hatch_stays_inside_and_skips_holes() {
        let outer = square(0.0, 0.0, 10.0);
        let hole = square(3.0, 3.0, 4.0);
        let segs = hatch(&[outer, hole], 2.0);
        assert!(!segs.is_empty());
        for ((x0, y0), (x1, y1)) in &segs {
            for (x, y) in [(*x0, *y0), (*x1, *y1)] {
                assert!((-1e-9..=10.0 + 1e-9).contains(&x) && (-1e-9..=10.0 + 1e-9).contains(&y));
            }
            // Midpoint is never strictly inside the hole.
            let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            assert!(!(mx > 3.0 && mx < 7.0 && my > 3.0 && my < 7.0), "{mx},{my}");
        }
    }

    #[test]
    fn chain_joins_a_path_and_a_loop() {
        let k = |x: i64| (x, 0);
        let segs = vec![(k(2), k(3)), (k(0), k(1)), (k(1), k(2))];
        let lines = chain(&segs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0], vec![k(0), k(1), k(2), k(3)]);
    }

    #[test]
    fn greedy_colours_differ_on_edges() {
        let edges: BTreeSet<_> = [(0, 1), (1, 2), (0, 2), (2, 3)].into_iter().collect();
        let c = greedy_colours(4, &edges, 5);
        for (a, b) in &edges {
            assert_ne!(c[*a], c[*b]);
        }
        assert_eq!(c[0], 0);
    }

    #[test]
    fn projection_keeps_aspect_and_flips_north_up() {
        let b = (105.0, 21.0, 106.0, 22.0);
        let p = Projection::fit(b, 1000.0, 1000.0);
        let (x0, y0) = p.apply((105.0, 22.0));
        let (x1, y1) = p.apply((106.0, 21.0));
        assert!(y0 < y1, "north is up");
        let cos = 21.5f64.to_radians().cos();
        assert_relative_eq!((x1 - x0) / (y1 - y0), cos, epsilon = 1e-9);
    }
}
