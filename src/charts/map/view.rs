//! A view of the map in a panel: the province's projection, optionally
//! zoomed on a rectangle of the main map (the inset of a dense urban core),
//! with polygons and lines clipped to the panel.

use super::geometry::Projection;
use crate::geo::LonLat;

/// A rectangle in pixels: `(x0, y0, x1, y1)`.
pub type Rect = (f64, f64, f64, f64);

/// Where positions land in a panel of `size` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    proj: Projection,
    zoom: f64,
    origin: (f64, f64),
    /// The panel's size in pixels.
    pub size: (f64, f64),
}

impl View {
    /// The whole province in a panel of `size`.
    pub fn main(proj: Projection, size: (f64, f64)) -> View {
        View {
            proj,
            zoom: 1.0,
            origin: (0.0, 0.0),
            size,
        }
    }

    /// The rectangle `r` of the main view, enlarged as much as fits a panel
    /// of `size` and centred in it.
    pub fn inset(main: &View, r: Rect, size: (f64, f64)) -> View {
        let (w, h) = ((r.2 - r.0).max(1.0), (r.3 - r.1).max(1.0));
        let zoom = (size.0 / w).min(size.1 / h);
        let origin = (
            r.0 - (size.0 / zoom - w) / 2.0,
            r.1 - (size.1 / zoom - h) / 2.0,
        );
        View {
            proj: main.proj,
            zoom: zoom * main.zoom,
            origin: (
                main.origin.0 + origin.0 / main.zoom,
                main.origin.1 + origin.1 / main.zoom,
            ),
            size,
        }
    }

    /// How much larger than the main view this one draws.
    pub fn zoom(&self) -> f64 {
        self.zoom
    }

    /// The pixel position of a position.
    pub fn apply(&self, p: LonLat) -> (f64, f64) {
        let q = self.proj.apply(p);
        (
            (q.0 - self.origin.0) * self.zoom,
            (q.1 - self.origin.1) * self.zoom,
        )
    }

    /// Pixels per kilometre.
    pub fn px_per_km(&self) -> f64 {
        self.proj.px_per_km() * self.zoom
    }

    /// A ring projected and clipped to the panel (Sutherland–Hodgman); empty
    /// when it lies outside. Closed when not empty.
    ///
    /// # Complexity
    /// O(n) for n positions.
    pub fn ring(&self, ring: &[LonLat]) -> Vec<(f64, f64)> {
        let pts: Vec<(f64, f64)> = ring.iter().map(|p| self.apply(*p)).collect();
        let mut out = clip_ring(&pts, (0.0, 0.0, self.size.0, self.size.1));
        if let (Some(first), Some(last)) = (out.first().copied(), out.last().copied())
            && first != last
        {
            out.push(first);
        }
        if out.len() < 4 { Vec::new() } else { out }
    }
}

/// Clips a polygon ring to an axis-aligned rectangle (Sutherland–Hodgman).
///
/// # Complexity
/// O(n).
pub fn clip_ring(ring: &[(f64, f64)], r: Rect) -> Vec<(f64, f64)> {
    // Each edge: (inside test, intersection with the boundary line).
    type Inside = fn((f64, f64), Rect) -> bool;
    let edges: [(Inside, usize); 4] = [
        (|p, r| p.0 >= r.0, 0),
        (|p, r| p.0 <= r.2, 2),
        (|p, r| p.1 >= r.1, 1),
        (|p, r| p.1 <= r.3, 3),
    ];
    let bound = |k: usize| match k {
        0 => r.0,
        1 => r.1,
        2 => r.2,
        _ => r.3,
    };
    let mut out: Vec<(f64, f64)> = ring.to_vec();
    if out.first() == out.last() {
        out.pop();
    }
    for (inside, k) in edges {
        if out.is_empty() {
            break;
        }
        let input = std::mem::take(&mut out);
        let at = |a: (f64, f64), b: (f64, f64)| {
            let v = bound(k);
            if k % 2 == 0 {
                let t = (v - a.0) / (b.0 - a.0);
                (v, a.1 + t * (b.1 - a.1))
            } else {
                let t = (v - a.1) / (b.1 - a.1);
                (a.0 + t * (b.0 - a.0), v)
            }
        };
        for i in 0..input.len() {
            let cur = input[i];
            let prev = input[(i + input.len() - 1) % input.len()];
            match (inside(cur, r), inside(prev, r)) {
                (true, true) => out.push(cur),
                (true, false) => {
                    out.push(at(prev, cur));
                    out.push(cur);
                }
                (false, true) => out.push(at(prev, cur)),
                (false, false) => {}
            }
        }
    }
    out
}

/// Clips a polyline to a rectangle (Liang–Barsky per segment); returns the
/// visible pieces.
///
/// # Complexity
/// O(n).
pub fn clip_line(pts: &[(f64, f64)], r: Rect) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for w in pts.windows(2) {
        match clip_segment(w[0], w[1], r) {
            Some((a, b)) => {
                if cur.last() != Some(&a) {
                    if cur.len() > 1 {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur = vec![a];
                }
                cur.push(b);
                if b != w[1] {
                    out.push(std::mem::take(&mut cur));
                }
            }
            None => {
                if cur.len() > 1 {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    if cur.len() > 1 {
        out.push(cur);
    }
    out
}

fn clip_segment(a: (f64, f64), b: (f64, f64), r: Rect) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - r.0),
        (dx, r.2 - a.0),
        (-dy, a.1 - r.1),
        (dy, r.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((
        if t0 > 0.0 { at(t0) } else { a },
        if t1 < 1.0 { at(t1) } else { b },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_half_outside_is_cut_at_the_edge() {
        let sq = [
            (-5.0, 0.0),
            (5.0, 0.0),
            (5.0, 10.0),
            (-5.0, 10.0),
            (-5.0, 0.0),
        ];
        let c = clip_ring(&sq, (0.0, 0.0, 100.0, 100.0));
        assert!(c.iter().all(|p| p.0 >= 0.0));
        let xs: Vec<f64> = c.iter().map(|p| p.0).collect();
        assert!(xs.contains(&0.0) && xs.contains(&5.0));
        assert!(
            clip_ring(
                &[(200.0, 0.0), (300.0, 0.0), (300.0, 5.0)],
                (0.0, 0.0, 100.0, 100.0)
            )
            .is_empty()
        );
    }

    #[test]
    fn a_line_crossing_the_panel_keeps_the_inside_piece() {
        let pieces = clip_line(
            &[(-10.0, 5.0), (50.0, 5.0), (150.0, 5.0)],
            (0.0, 0.0, 100.0, 100.0),
        );
        assert_eq!(pieces, vec![vec![(0.0, 5.0), (50.0, 5.0), (100.0, 5.0)]]);
        let out_and_back = clip_line(
            &[(10.0, 10.0), (200.0, 10.0), (200.0, 20.0), (10.0, 20.0)],
            (0.0, 0.0, 100.0, 100.0),
        );
        assert_eq!(out_and_back.len(), 2);
    }

    #[test]
    fn an_inset_enlarges_its_rectangle_to_the_panel() {
        let proj = Projection::fit((105.0, 21.0, 106.0, 22.0), 1000.0, 1000.0);
        let main = View::main(proj, (1000.0, 1000.0));
        let inset = View::inset(&main, (100.0, 100.0, 200.0, 150.0), (800.0, 400.0));
        assert!((inset.zoom() - 8.0).abs() < 1e-9);
        // The rectangle's corners land inside the panel.
        let p = (105.1, 21.9);
        let q = main.apply(p);
        assert!(q.0 > 0.0);
        assert!(inset.px_per_km() > main.px_per_km());
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn on_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> bool {
        let cross = (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt().max(1e-9);
        cross.abs() / len < 1e-6
            && p.0 >= a.0.min(b.0) - 1e-6
            && p.0 <= a.0.max(b.0) + 1e-6
            && p.1 >= a.1.min(b.1) - 1e-6
            && p.1 <= a.1.max(b.1) + 1e-6
    }

    proptest! {
        #[test]
        fn clipped_pieces_lie_inside_and_on_the_line(
            pts in prop::collection::vec((-50.0f64..150.0, -50.0f64..150.0), 2..12)
        ) {
            let r = (0.0, 0.0, 100.0, 100.0);
            for piece in clip_line(&pts, r) {
                for w in piece.windows(2) {
                    let mid = ((w[0].0 + w[1].0) / 2.0, (w[0].1 + w[1].1) / 2.0);
                    prop_assert!(mid.0 >= -1e-6 && mid.0 <= 100.0 + 1e-6);
                    prop_assert!(mid.1 >= -1e-6 && mid.1 <= 100.0 + 1e-6);
                    prop_assert!(
                        pts.windows(2).any(|s| on_segment(w[0], s[0], s[1]) && on_segment(w[1], s[0], s[1])),
                        "{:?} not on the input", w
                    );
                }
            }
        }
    }
}
