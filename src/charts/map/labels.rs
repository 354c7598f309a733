//! Where the name of each group goes on the map: inside its polygon, at
//! the pole of inaccessibility (the point farthest from the boundary, found
//! with the `polylabel` crate), written out when it fits without covering
//! another label; otherwise a number in a small circle, keyed to a list
//! under the map (dense urban cores: Hà Nội, TP. Hồ Chí Minh).

use geo_types::{Coord, LineString, Polygon};

/// A polygon in plot pixels: exterior ring first, then holes; rings closed.
pub type PxPolygon = Vec<Vec<(f64, f64)>>;

/// A label's box: centre and half sizes, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Half width.
    pub hw: f64,
    /// Half height.
    pub hh: f64,
}

impl LabelBox {
    /// Area in px² shared with `o` (boxes 2 px apart count as touching).
    pub fn overlap(&self, o: &LabelBox) -> f64 {
        let dx = (self.hw + o.hw + 2.0) - (self.x - o.x).abs();
        let dy = (self.hh + o.hh + 2.0) - (self.y - o.y).abs();
        if dx > 0.0 && dy > 0.0 { dx * dy } else { 0.0 }
    }

    /// Whether the box lies inside `(0, 0)–(w, h)`.
    pub fn inside(&self, w: f64, h: f64) -> bool {
        self.x - self.hw >= 0.0
            && self.y - self.hh >= 0.0
            && self.x + self.hw <= w
            && self.y + self.hh <= h
    }
}

/// The pole of inaccessibility of a polygon (in pixels) and its distance to
/// the boundary, to `precision` pixels. `None` for a degenerate polygon.
///
/// # Complexity
/// O(V · c) for V vertices and c cells the search examines (polylabel's
/// quadtree; a few hundred at 0.5 px).
pub fn pole(poly: &PxPolygon, precision: f64) -> Option<((f64, f64), f64)> {
    let ring =
        |r: &Vec<(f64, f64)>| LineString::new(r.iter().map(|&(x, y)| Coord { x, y }).collect());
    let (ext, holes) = poly.split_first()?;
    if ext.len() < 4 {
        return None;
    }
    let p = Polygon::new(ring(ext), holes.iter().map(ring).collect());
    let pt = polylabel::polylabel(&p, &precision).ok()?;
    let at = (pt.x(), pt.y());
    Some((at, boundary_distance(poly, at)))
}

/// Distance from `p` to the nearest edge of the polygon's rings.
///
/// # Complexity
/// O(V).
pub fn boundary_distance(poly: &PxPolygon, p: (f64, f64)) -> f64 {
    let mut best = f64::INFINITY;
    for ring in poly {
        for w in ring.windows(2) {
            best = best.min(segment_distance(p, w[0], w[1]));
        }
    }
    best
}

fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - qx).powi(2) + (p.1 - qy).powi(2)).sqrt()
}

/// Whether `p` lies inside the polygon (even-odd rule over all its rings).
///
/// # Complexity
/// O(V).
pub fn contains(poly: &PxPolygon, p: (f64, f64)) -> bool {
    let mut inside = false;
    for ring in poly {
        for w in ring.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            if (y0 > p.1) != (y1 > p.1) {
                let x = x0 + (p.1 - y0) / (y1 - y0) * (x1 - x0);
                if p.0 < x {
                    inside = !inside;
                }
            }
        }
    }
    inside
}

/// Offsets tried around the pole, in units of (half the label width, the
/// label height): the pole itself first, then just above and below, then
/// to the sides.
const STEPS: [(f64, f64); 9] = [
    (0.0, 0.0),
    (0.0, -1.0),
    (0.0, 1.0),
    (-0.5, 0.0),
    (0.5, 0.0),
    (-0.5, -1.0),
    (0.5, -1.0),
    (-0.5, 1.0),
    (0.5, 1.0),
];

/// Where a written label of half size `half` can go for a group whose pole
/// is `at` in `poly`: the first position of [`STEPS`] whose centre is
/// inside the polygon, whose box stays inside the plot `(w, h)` and covers
/// none of the boxes `placed`. `None` if there is none: the group gets a
/// number instead.
///
/// # Complexity
/// O(k · (p + V)) for k positions, p placed labels and V vertices.
pub fn place_written(
    at: (f64, f64),
    half: (f64, f64),
    poly: &PxPolygon,
    placed: &[LabelBox],
    plot: (f64, f64),
) -> Option<LabelBox> {
    let (hw, hh) = half;
    STEPS.iter().find_map(|(sx, sy)| {
        let b = LabelBox {
            x: at.0 + sx * hw,
            y: at.1 + sy * (2.0 * hh + 2.0),
            hw,
            hh,
        };
        let ok = b.inside(plot.0, plot.1)
            && ((*sx, *sy) == (0.0, 0.0) || contains(poly, (b.x, b.y)))
            && placed.iter().all(|p| b.overlap(p) == 0.0);
        ok.then_some(b)
    })
}

/// Where a numbered circle of radius `r` goes for a pole at `at`: there if
/// it covers no box `placed`, else the nearest of eight positions at two
/// radii that covers none (a leader line joins it to `at`), else at `at`.
/// Returns its box.
///
/// # Complexity
/// O(k · p).
pub fn place_number(at: (f64, f64), r: f64, placed: &[LabelBox], plot: (f64, f64)) -> LabelBox {
    let boxed = |x: f64, y: f64| LabelBox { x, y, hw: r, hh: r };
    let d = 2.0 * r + 4.0;
    let ring = [
        (0.0, 0.0),
        (0.0, -d),
        (d, 0.0),
        (0.0, d),
        (-d, 0.0),
        (d, -d),
        (d, d),
        (-d, d),
        (-d, -d),
    ];
    ring.iter()
        .map(|(dx, dy)| boxed(at.0 + dx, at.1 + dy))
        .find(|b| b.inside(plot.0, plot.1) && placed.iter().all(|p| b.overlap(p) == 0.0))
        .unwrap_or_else(|| boxed(at.0, at.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn ring(pts: &[(f64, f64)]) -> Vec<(f64, f64)> {
        let mut r = pts.to_vec();
        r.push(pts[0]);
        r
    }

    #[test]
    fn the_pole_of_an_l_shape_is_inside_it_unlike_its_centroid() {
        // An L: the centroid (about (1.5, 1.5)) lies outside, in the notch.
        let l = vec![ring(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 1.0),
            (1.0, 1.0),
            (1.0, 4.0),
            (0.0, 4.0),
        ])];
        assert!(!contains(&l, (1.5, 1.5)));
        let (p, d) = pole(&l, 0.01).unwrap();
        assert!(contains(&l, p), "{p:?}");
        // The largest circle sits in the corner, touching both outer edges and
        // the inner vertex: radius 2 − √2.
        assert_relative_eq!(d, 2.0 - 2f64.sqrt(), epsilon = 0.02);
    }

    #[test]
    fn a_square_pole_is_its_centre() {
        let sq = vec![ring(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)])];
        let (p, d) = pole(&sq, 0.01).unwrap();
        assert_relative_eq!(p.0, 5.0, epsilon = 0.05);
        assert_relative_eq!(p.1, 5.0, epsilon = 0.05);
        assert_relative_eq!(d, 5.0, epsilon = 0.05);
    }

    #[test]
    fn a_written_label_avoids_placed_ones_or_gives_up() {
        let sq = vec![ring(&[
            (0.0, 0.0),
            (100.0, 0.0),
            (100.0, 100.0),
            (0.0, 100.0),
        ])];
        let first = place_written((50.0, 50.0), (20.0, 6.0), &sq, &[], (200.0, 200.0)).unwrap();
        assert_eq!((first.x, first.y), (50.0, 50.0));
        let second =
            place_written((50.0, 50.0), (20.0, 6.0), &sq, &[first], (200.0, 200.0)).unwrap();
        assert_eq!(second.overlap(&first), 0.0);
        assert!(contains(&sq, (second.x, second.y)));
        // Walled in: no position.
        let wall: Vec<LabelBox> = (0..10)
            .flat_map(|i| {
                (0..10).map(move |j| LabelBox {
                    x: 5.0 + 10.0 * f64::from(i),
                    y: 5.0 + 10.0 * f64::from(j),
                    hw: 5.0,
                    hh: 5.0,
                })
            })
            .collect();
        assert!(place_written((50.0, 50.0), (20.0, 6.0), &sq, &wall, (200.0, 200.0)).is_none());
    }

    #[test]
    fn a_number_moves_off_a_label_when_it_can() {
        let label = LabelBox {
            x: 50.0,
            y: 50.0,
            hw: 8.0,
            hh: 8.0,
        };
        let b = place_number((50.0, 50.0), 8.0, &[label], (200.0, 200.0));
        assert_eq!(b.overlap(&label), 0.0);
    }
}
